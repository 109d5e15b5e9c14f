//! Who may do what (SPEC §8): 401 without a session or token, 403 for a role
//! without the right, CSRF on every state-changing request with a cookie, login
//! rate limiting, the first admin's password.

use crate::harness::*;

/// Every route, as (method, path, the roles that may use it).
const ROUTES: [(&str, &str, &[&str]); 17] = [
    ("GET", "/months/2026-11", &["clerk", "manager", "admin", "pm"]),
    ("POST", "/months/2026-11/run", &["manager"]),
    ("GET", "/months/2026-11/pm/P01", &["manager"]),
    ("GET", "/months/2026-11/pm/P02", &["manager", "pm"]),
    ("GET", "/months/2026-11/report.xlsx", &["manager"]),
    ("GET", "/months/2026-11/marked/x.xlsx", &["clerk", "manager", "admin"]),
    ("GET", "/users", &["admin"]),
    ("POST", "/users", &["admin"]),
    ("POST", "/users/nobody/remove", &["admin"]),
    ("GET", "/rules", &["admin"]),
    ("POST", "/rules", &["admin"]),
    ("POST", "/logout", &["clerk", "manager", "admin", "pm"]),
    ("GET", "/api/months/2026-11/files", &["clerk", "manager", "admin"]),
    ("POST", "/api/months/2026-11/files", &["clerk", "manager"]),
    ("GET", "/api/months/2026-11/checks", &["clerk", "manager", "admin"]),
    ("POST", "/api/months/2026-11/run", &["manager"]),
    ("GET", "/api/months/2026-11/report.xlsx", &["manager"]),
];

/// A request with a body the route accepts, so that only the rights decide.
fn request(s: &Server, method: &str, path: &str, who: &Who) -> reqwest::blocking::Response {
    let r = s.req(method, path, who);
    let r = if path.ends_with("/files") && method == "POST" {
        let (kind, body) = multipart(&[("x.xlsx".into(), b"not a workbook".to_vec())]);
        r.header("content-type", kind).body(body)
    } else if path == "/rules" && method == "POST" {
        r.form(&[("csrf", ""), ("rules", "")])
    } else if path == "/users" && method == "POST" {
        r.form(&[("csrf", ""), ("name", "newbie"), ("role", "clerk"), ("password", "password-new")])
    } else if method == "POST" && !path.starts_with("/api/") {
        r.form(&[("csrf", "")])
    } else {
        r
    };
    r.send().unwrap()
}

#[test]
fn without_a_session_or_token_nothing_but_the_login_page() {
    let office = Office::new();
    let s = &office.server;
    for (method, path, _) in ROUTES {
        for who in [Who::Nobody, Who::Token("kp_forged".into())] {
            let r = request(s, method, path, &who);
            assert_eq!(r.status(), 401, "{method} {path} as {who:?}");
            let body = r.text().unwrap();
            assert!(!body.contains("2026-11/"), "{method} {path}: {body}");
        }
    }
    let r = s.req("GET", "/", &Who::Nobody).send().unwrap();
    let body = r.text().unwrap();
    assert!(body.contains("name=\"name\"") && body.contains("type=\"password\""), "{body}");
    let cookie = Who::Session(Session { cookie: "kaoping_session=forged".into(), csrf: String::new() });
    assert_eq!(s.req("GET", "/api/months/2026-11/files", &cookie).send().unwrap().status(), 401);
}

#[test]
fn every_route_refuses_the_roles_without_the_right() {
    let office = Office::new();
    let s = &office.server;
    let mut wrong = Vec::new();
    for (method, path, allowed) in ROUTES {
        for role in ROLES {
            let status = request(s, method, path, &office.who(role)).status().as_u16();
            let ok = if allowed.contains(&role) { status != 403 && status != 401 } else { status == 403 };
            if !ok {
                wrong.push(format!("{method} {path} as {role}: {status}"));
            }
        }
    }
    assert!(wrong.is_empty(), "{wrong:#?}");
}

#[test]
fn a_cookie_without_the_csrf_token_changes_nothing() {
    let office = Office::new();
    let s = &office.server;
    let (_dir, files) = valid_files();
    assert_eq!(s.upload(MONTH, &office.tokens["manager"], &files).status(), 200);
    let session = s.login("manager1", "password-manager");
    let who = Who::Session(session.clone());
    let run = "/api/months/2026-11/run";
    assert_eq!(s.req("POST", run, &who).send().unwrap().status(), 403);
    assert_eq!(s.req("POST", run, &who).header("x-csrf-token", "0123").send().unwrap().status(), 403);
    let form = s.req("POST", "/months/2026-11/run", &who).form(&[("csrf", "wrong")]).send().unwrap();
    assert_eq!(form.status(), 403);
    let (kind, body) = multipart(&[("y.xlsx".into(), b"x".to_vec())]);
    let upload = s.req("POST", "/api/months/2026-11/files", &who).header("content-type", kind).body(body);
    assert_eq!(upload.send().unwrap().status(), 403);
    let runs_before = s.req("GET", "/months/2026-11", &who).send().unwrap().text().unwrap();
    assert!(!runs_before.contains("class=\"ranking\""), "no run happened");
    // With the token, the same requests go through; a Bearer token needs none.
    let ok = s.req("POST", run, &who).header("x-csrf-token", &session.csrf).send().unwrap();
    assert_eq!(ok.status(), 200);
    let form = s.req("POST", "/months/2026-11/run", &who).form(&[("csrf", session.csrf.as_str())]).send().unwrap();
    assert_eq!(form.status(), 303);
    assert_eq!(s.req("POST", run, &office.who("manager")).send().unwrap().status(), 200);
}

#[test]
fn five_failed_logins_and_the_sixth_waits() {
    let office = Office::new();
    let s = &office.server;
    let login = |name: &str, pw: &str| {
        s.client.post(s.url("/login")).form(&[("name", name), ("password", pw)]).send().unwrap().status().as_u16()
    };
    for _ in 0..5 {
        assert_eq!(login("clerk1", "wrong-password"), 401);
    }
    assert_eq!(login("clerk1", "password-clerk"), 429, "even the right password waits");
    assert_eq!(login("manager1", "password-manager"), 303, "another name is not held up");
    let log: Vec<String> = s.log.lock().unwrap().try_iter().collect();
    assert!(log.iter().any(|l| l.contains("login failed for \"clerk1\"")), "{log:#?}");
    assert!(!log.iter().any(|l| l.contains("wrong-password") || l.contains("password-clerk")), "{log:#?}");
}

#[test]
fn the_first_admin_password_keeps_the_server_on_loopback() {
    let data = tempfile::tempdir().unwrap();
    let first = Server::start(data.path());
    let password = first.admin_password.clone().expect("the first start prints the admin's password");
    drop(first);
    let again = Server::start(data.path());
    assert_eq!(again.admin_password, None, "printed once");
    again.login("admin", &password);
    drop(again);
    let out = kaoping().args(["serve", "--listen", "0.0.0.0:0", "--data"]).arg(data.path()).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("拒绝在 0.0.0.0:0 上监听") && err.contains("kaoping user passwd admin"), "{err}");
    let out =
        kaoping().args(["--lang", "en", "serve", "--listen", "0.0.0.0:0", "--data"]).arg(data.path()).output().unwrap();
    assert!(String::from_utf8_lossy(&out.stderr).contains("the admin still has its first password"));
    let mut passwd = kaoping()
        .args(["user", "passwd", "admin", "--data"])
        .arg(data.path())
        .stdin(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    passwd.stdin.take().unwrap().write_all(b"a new long password\n").unwrap();
    assert!(passwd.wait().unwrap().success());
    let (mut child, log) = spawn(data.path(), "0.0.0.0:0");
    let line = log.recv_timeout(std::time::Duration::from_secs(60)).unwrap();
    let _ = child.kill();
    let _ = child.wait();
    assert!(line.contains("listening on http://0.0.0.0:"), "{line}");
}

#[test]
fn english_is_asked_once_and_signing_out_ends_the_session() {
    let office = Office::new();
    let s = &office.server;
    let session = s.login("clerk1", "password-clerk");
    let who = Who::Session(session.clone());
    let r = s.req("GET", "/months/2026-11?lang=en", &who).send().unwrap();
    let cookie = r.headers().get("set-cookie").unwrap().to_str().unwrap().to_string();
    assert!(cookie.starts_with("lang=en"), "{cookie}");
    let page = r.text().unwrap();
    assert!(page.contains("Files in force") && !page.contains("在用的文件"), "{page}");
    let remembered = s.req("GET", "/", &who).header("cookie", format!("{}; lang=en", session.cookie)).send().unwrap();
    assert!(remembered.text().unwrap().contains("Months"));
    let out = s.req("POST", "/logout", &who).form(&[("csrf", session.csrf.as_str())]).send().unwrap();
    assert_eq!(out.status(), 303);
    assert!(out.headers().get("set-cookie").unwrap().to_str().unwrap().contains("Max-Age=0"));
    assert_eq!(s.req("GET", "/api/months/2026-11/files", &who).send().unwrap().status(), 401);
}
