//! A server in a temp data folder, its users and their sessions.

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use reqwest::blocking::{Client, RequestBuilder};

pub const MONTH: &str = "2026-11";

pub fn kaoping() -> Command {
    // The load figure runs the release binary.
    let bin = std::env::var_os("KAOPING_LOAD_BIN").unwrap_or_else(|| env!("CARGO_BIN_EXE_kaoping").into());
    let mut cmd = Command::new(bin);
    cmd.env_remove("LC_ALL").env("LANG", "C.UTF-8").env("SOURCE_DATE_EPOCH", "1795000000");
    cmd
}

/// A running `kaoping serve`; killed when dropped.
pub struct Server {
    pub child: Child,
    pub base: String,
    pub data: PathBuf,
    /// The first admin's password, when this start printed one.
    pub admin_password: Option<String>,
    pub log: std::sync::Mutex<mpsc::Receiver<String>>,
    pub client: Client,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `kaoping serve --data DATA --listen LISTEN`: the child and its stderr, line by line.
pub fn spawn(data: &Path, listen: &str) -> (Child, mpsc::Receiver<String>) {
    spawn_listen(kaoping(), data, listen)
}

/// `spawn` on 127.0.0.1:0 with a prepared command (its environment).
pub fn spawn_with(cmd: Command, data: &Path) -> (Child, mpsc::Receiver<String>) {
    spawn_listen(cmd, data, "127.0.0.1:0")
}

fn spawn_listen(mut cmd: Command, data: &Path, listen: &str) -> (Child, mpsc::Receiver<String>) {
    let mut child = cmd
        .args(["serve", "--data"])
        .arg(data)
        .args(["--listen", listen])
        .stderr(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    (child, rx)
}

impl Server {
    pub fn start(data: &Path) -> Server {
        let (child, log) = spawn(data, "127.0.0.1:0");
        Server::attach(child, log, data)
    }

    /// Waits for a spawned server to listen.
    pub fn attach(child: Child, log: mpsc::Receiver<String>, data: &Path) -> Server {
        let mut admin_password = None;
        let base = loop {
            let line = log.recv_timeout(Duration::from_secs(60)).expect("the server starts");
            if let Some(pw) = line.split("(shown only now): ").nth(1) {
                admin_password = Some(pw.trim().to_string());
            }
            if let Some(addr) = line.split("listening on ").nth(1) {
                break addr.trim().to_string();
            }
        };
        let client = Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .timeout(Duration::from_secs(300))
            .build()
            .unwrap();
        Server { child, base, data: data.to_path_buf(), admin_password, log: log.into(), client }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// `kaoping user add NAME --role ROLE [--pm ID]`, the password on stdin.
    pub fn add_user(&self, name: &str, role: &str, pm: Option<&str>, password: &str) {
        let mut cmd = kaoping();
        cmd.args(["user", "add", name, "--role", role, "--data"]).arg(&self.data);
        if let Some(pm) = pm {
            cmd.args(["--pm", pm]);
        }
        let mut child = cmd.stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
        child.stdin.take().unwrap().write_all(format!("{password}\n").as_bytes()).unwrap();
        let out = child.wait_with_output().unwrap();
        assert!(out.status.success(), "user add {name}: {}", String::from_utf8_lossy(&out.stderr));
    }

    pub fn token(&self, name: &str) -> String {
        let out = kaoping().args(["user", "token", name, "--data"]).arg(&self.data).output().unwrap();
        assert!(out.status.success());
        String::from_utf8(out.stdout).unwrap().trim().to_string()
    }

    /// Signs in through the login form; the session cookie and the CSRF token of its pages.
    pub fn login(&self, name: &str, password: &str) -> Session {
        let r = self.client.post(self.url("/login")).form(&[("name", name), ("password", password)]).send().unwrap();
        assert_eq!(r.status(), 303, "login {name}");
        let set = r.headers().get("set-cookie").unwrap().to_str().unwrap().to_string();
        assert!(set.contains("HttpOnly") && set.contains("SameSite=Strict"), "{set}");
        let cookie = set.split(';').next().unwrap().to_string();
        let home = self.client.get(self.url("/")).header("cookie", &cookie).send().unwrap().text().unwrap();
        let csrf = home.split("name=\"csrf\" value=\"").nth(1).unwrap().split('"').next().unwrap().to_string();
        Session { cookie, csrf }
    }

    /// A request as `who`.
    pub fn req(&self, method: &str, path: &str, who: &Who) -> RequestBuilder {
        let r = self.client.request(method.parse().unwrap(), self.url(path));
        match who {
            Who::Nobody => r,
            Who::Token(t) => r.bearer_auth(t),
            Who::Session(s) => r.header("cookie", &s.cookie),
        }
    }

    /// Uploads files (name, bytes) to a month with a token.
    pub fn upload(&self, month: &str, token: &str, files: &[(String, Vec<u8>)]) -> reqwest::blocking::Response {
        let (kind, body) = multipart(files);
        self.req("POST", &format!("/api/months/{month}/files"), &Who::Token(token.to_string()))
            .header("content-type", kind)
            .body(body)
            .send()
            .unwrap()
    }
}

/// A multipart body with its length known (not streamed), so a server that answers
/// before reading it (401, 403) cannot cut the request short: (content type, bytes).
pub fn multipart(files: &[(String, Vec<u8>)]) -> (String, Vec<u8>) {
    let boundary = "kaoping-test-boundary-7d1f";
    let mut body = Vec::new();
    for (name, bytes) in files {
        let head = format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\n\
             Content-Type: application/octet-stream\r\n\r\n"
        );
        body.extend_from_slice(head.as_bytes());
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

#[derive(Debug, Clone)]
pub struct Session {
    pub cookie: String,
    pub csrf: String,
}

#[derive(Debug, Clone)]
pub enum Who {
    Nobody,
    Token(String),
    Session(Session),
}

/// The files of `valid_month()`, as (name, bytes).
pub fn valid_files() -> (tempfile::TempDir, Vec<(String, Vec<u8>)>) {
    let dir = tempfile::tempdir().unwrap();
    let month = dir.path().join(MONTH);
    std::fs::create_dir(&month).unwrap();
    crate::support::valid_month().write(&month);
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(&month)
        .unwrap()
        .map(|e| {
            let p = e.unwrap().path();
            (p.file_name().unwrap().to_string_lossy().into_owned(), std::fs::read(&p).unwrap())
        })
        .collect();
    files.sort();
    (dir, files)
}

/// A server with one user of every role (password `password-<role>`), their tokens,
/// and the month's files uploaded.
pub struct Office {
    pub server: Server,
    pub tokens: std::collections::BTreeMap<&'static str, String>,
    pub _data: tempfile::TempDir,
}

pub const ROLES: [&str; 4] = ["clerk", "manager", "admin", "pm"];

impl Office {
    pub fn new() -> Office {
        let data = tempfile::tempdir().unwrap();
        let server = Server::start(data.path());
        let mut tokens = std::collections::BTreeMap::new();
        for role in ROLES {
            let name = format!("{role}1");
            let pm = (role == "pm").then_some("P02");
            server.add_user(&name, role, pm, &format!("password-{role}"));
            tokens.insert(role, server.token(&name));
        }
        Office { server, tokens, _data: data }
    }

    pub fn who(&self, role: &str) -> Who {
        Who::Token(self.tokens[role].clone())
    }

    /// The clerk uploads the month's files and the manager runs it: the run's summary.
    pub fn uploaded_and_run(&self) -> serde_json::Value {
        let (_dir, files) = valid_files();
        assert_eq!(self.server.upload(MONTH, &self.tokens["clerk"], &files).status(), 200);
        self.run_month()
    }

    /// The manager runs the month: the run's summary.
    pub fn run_month(&self) -> serde_json::Value {
        let r = self.server.req("POST", "/api/months/2026-11/run", &self.who("manager")).send().unwrap();
        assert_eq!(r.status(), 200);
        r.json().unwrap()
    }
}
