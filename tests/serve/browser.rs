//! The pages in a real browser: headless Chromium driven over WebDriver (a few
//! calls of the W3C protocol, by hand). Signs in, drops the sample month's files on
//! the month, sees the checks, runs, opens a scorecard, downloads the report.
//! Skipped, saying so, where chromium or chromedriver is missing
//! (`apt-get install -y chromium chromium-driver`). With KAOPING_SCREENSHOTS=1 the
//! screenshots go to docs/serve/, else to a temp folder.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::harness::*;

const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

struct Driver {
    child: Child,
    base: String,
    session: String,
    http: reqwest::blocking::Client,
    _profile: tempfile::TempDir,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.http.delete(format!("{}/session/{}", self.base, self.session)).send();
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn found(p: &str) -> Option<PathBuf> {
    Some(PathBuf::from(p)).filter(|p| p.exists())
}

impl Driver {
    fn start() -> Option<Driver> {
        let (chromium, driver) = (found("/usr/bin/chromium")?, found("/usr/bin/chromedriver")?);
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let child = Command::new(driver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .ok()?;
        let base = format!("http://127.0.0.1:{port}");
        let http = reqwest::blocking::Client::builder().timeout(Duration::from_secs(120)).build().unwrap();
        let deadline = Instant::now() + Duration::from_secs(30);
        while http.get(format!("{base}/status")).send().is_err() {
            assert!(Instant::now() < deadline, "chromedriver does not answer");
            std::thread::sleep(Duration::from_millis(100));
        }
        let profile = tempfile::tempdir().unwrap();
        let args = [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--no-first-run",
            "--window-size=1100,1400",
            &format!("--user-data-dir={}", profile.path().display()),
        ];
        let caps = json!({"capabilities": {"alwaysMatch": {"browserName": "chrome",
            "goog:chromeOptions": {"binary": chromium, "args": args}}}});
        let r: Value = http.post(format!("{base}/session")).json(&caps).send().unwrap().json().unwrap();
        let session = r["value"]["sessionId"].as_str().unwrap_or_else(|| panic!("no session: {r}")).to_string();
        Some(Driver { child, base, session, http, _profile: profile })
    }

    fn call(&self, method: &str, path: &str, body: Value) -> Value {
        let url = format!("{}/session/{}{path}", self.base, self.session);
        let r = self.http.request(method.parse().unwrap(), url).json(&body).send().unwrap();
        let v: Value = r.json().unwrap();
        assert!(v["value"]["error"].is_null(), "{method} {path}: {v}");
        v["value"].clone()
    }

    fn go(&self, url: &str) {
        self.call("POST", "/url", json!({ "url": url }));
    }

    fn find(&self, css: &str) -> String {
        let v = self.call("POST", "/element", json!({"using": "css selector", "value": css}));
        v[ELEMENT].as_str().unwrap().to_string()
    }

    fn type_in(&self, css: &str, text: &str) {
        let e = self.find(css);
        self.call("POST", &format!("/element/{e}/value"), json!({ "text": text }));
    }

    fn click(&self, css: &str) {
        let e = self.find(css);
        self.call("POST", &format!("/element/{e}/click"), json!({}));
    }

    fn script(&self, script: &str) -> Value {
        self.call("POST", "/execute/sync", json!({"script": script, "args": []}))
    }

    /// Waits until `script` gives true.
    fn wait(&self, script: &str) {
        let deadline = Instant::now() + Duration::from_secs(60);
        while self.script(script) != json!(true) {
            assert!(Instant::now() < deadline, "waited for {script}");
            std::thread::sleep(Duration::from_millis(200));
        }
    }

    fn screenshot(&self, path: &Path) {
        let b64 = self.call("GET", "/screenshot", json!({}));
        std::fs::write(path, base64(b64.as_str().unwrap())).unwrap();
    }
}

/// Standard base64 to bytes (the screenshot's PNG).
fn base64(text: &str) -> Vec<u8> {
    let value = |c: u8| match c {
        b'A'..=b'Z' => c - b'A',
        b'a'..=b'z' => c - b'a' + 26,
        b'0'..=b'9' => c - b'0' + 52,
        b'+' => 62,
        _ => 63,
    };
    let clean: Vec<u8> = text.bytes().filter(|c| c.is_ascii_alphanumeric() || *c == b'+' || *c == b'/').collect();
    let mut out = Vec::with_capacity(clean.len() * 3 / 4);
    for chunk in clean.chunks(4) {
        let n = chunk.iter().enumerate().fold(0u32, |acc, (i, &c)| acc | (u32::from(value(c)) << (18 - 6 * i)));
        out.extend_from_slice(&n.to_be_bytes()[1..chunk.len()]);
    }
    out
}

#[test]
fn a_manager_drops_the_sample_month_runs_and_prints_a_scorecard() {
    let Some(driver) = Driver::start() else {
        eprintln!(
            "skipped: no /usr/bin/chromium or /usr/bin/chromedriver (apt-get install -y chromium chromium-driver)"
        );
        return;
    };
    let shots_tmp = tempfile::tempdir().unwrap();
    let shots = if std::env::var_os("KAOPING_SCREENSHOTS").is_some() {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/serve")
    } else {
        shots_tmp.path().to_path_buf()
    };
    let data = tempfile::tempdir().unwrap();
    let server = Server::start(data.path());
    server.add_user("经理", "manager", None, "password-manager");

    driver.go(&server.url("/"));
    driver.screenshot(&shots.join("login.png"));
    driver.type_in("input[name=name]", "经理");
    driver.type_in("input[name=password]", "password-manager");
    driver.click("form.login button");
    driver.wait("return document.querySelector('ul.months') !== null");

    driver.go(&server.url("/months/2026-11"));
    let samples = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/2026-11");
    let mut files: Vec<String> =
        std::fs::read_dir(&samples).unwrap().map(|e| e.unwrap().path().display().to_string()).collect();
    files.sort();
    driver.type_in("#pick", &files.join("\n"));
    driver.wait("return document.querySelector('pre.checks') !== null");
    let page = driver.script("return document.body.innerText").as_str().unwrap().to_string();
    assert!(page.contains("市场部.xlsx") && page.contains("span-of-control"), "{page}");
    driver.screenshot(&shots.join("month.png"));

    driver.click("button.run");
    driver.wait("return document.querySelector('table.ranking') !== null");
    // The ranking is below the files and checks: its heading and run line at the top.
    driver.script("document.querySelector('table.ranking').scrollIntoView(); window.scrollBy(0, -110); return true");
    driver.screenshot(&shots.join("ranking.png"));
    let rows = driver.script("return document.querySelectorAll('table.ranking tr').length");
    assert_eq!(rows, json!(15), "a header and 14 PMs");

    driver.click("table.ranking tr:nth-child(2) a");
    driver.wait("return document.querySelector('article.card') !== null");
    driver.screenshot(&shots.join("scorecard.png"));
    // Printed on A4, the scorecard is one page.
    let pdf = driver.call("POST", "/print", json!({"page": {"width": 21.0, "height": 29.7}, "background": true}));
    let pdf = base64(pdf.as_str().unwrap());
    let text = String::from_utf8_lossy(&pdf);
    let pages = text.match_indices("/Type /Page").filter(|(i, _)| !text[i + 11..].starts_with('s')).count();
    assert_eq!(pages, 1, "the scorecard prints on {pages} A4 pages");

    let fetched = driver.call(
        "POST",
        "/execute/async",
        json!({"script": "const done = arguments[arguments.length - 1];
            fetch('/months/2026-11/report.xlsx').then(r => r.arrayBuffer().then(b => done([r.status, b.byteLength])));",
            "args": []}),
    );
    assert_eq!(fetched[0], 200, "{fetched}");
    assert!(fetched[1].as_u64().unwrap() > 10_000, "{fetched}");
}
