//! Under faults and load: an acknowledged upload survives kill -9; fifty uploads and
//! page views at once lose nothing and answer no 5xx; a bad upload gets diagnostics.

use serde_json::Value;

use crate::harness::*;

#[test]
fn an_acknowledged_upload_survives_kill_9() {
    let data = tempfile::tempdir().unwrap();
    let server = Server::start(data.path());
    server.add_user("clerk1", "clerk", None, "password-clerk");
    let token = server.token("clerk1");
    let (_dir, files) = valid_files();
    let r = server.upload(MONTH, &token, &files);
    assert_eq!(r.status(), 200);
    let answer: Value = r.json().unwrap();
    drop(server); // Child::kill is SIGKILL: no shutdown, no flush.
    let server = Server::start(data.path());
    let now: Value = server.req("GET", "/api/months/2026-11/files", &Who::Token(token)).send().unwrap().json().unwrap();
    let force = now["files"].as_array().unwrap();
    assert_eq!(force.len(), files.len());
    for (f, a) in force.iter().zip(answer["files"].as_array().unwrap()) {
        assert_eq!(f["sha256"], a["sha256"]);
        let stored = std::fs::read(data.path().join("files").join(a["sha256"].as_str().unwrap())).unwrap();
        assert!(files.iter().any(|(_, b)| *b == stored));
    }
}

#[test]
fn fifty_uploads_and_page_views_at_once_lose_nothing() {
    let office = Office::new();
    let s = &office.server;
    let clerk = office.tokens["clerk"].clone();
    let statuses: Vec<(u16, u16)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..50)
            .map(|i| {
                let clerk = clerk.clone();
                scope.spawn(move || {
                    let name = format!("file{i:02}.xlsx");
                    let up = s.upload("2026-10", &clerk, &[(name, format!("not a workbook {i}").into_bytes())]);
                    let page = if i % 2 == 0 { "/months/2026-10" } else { "/" };
                    let view = s.req("GET", page, &Who::Token(clerk.clone())).send().unwrap();
                    (up.status().as_u16(), view.status().as_u16())
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    assert!(statuses.iter().all(|&(u, v)| u == 200 && v == 200), "{statuses:?}");
    let files: Value =
        s.req("GET", "/api/months/2026-10/files", &Who::Token(clerk.clone())).send().unwrap().json().unwrap();
    assert_eq!(files["files"].as_array().unwrap().len(), 50);
    // Not workbooks: the checks name every one (§3), and no 500.
    let r = s.req("GET", "/api/months/2026-10/checks", &Who::Token(clerk)).send().unwrap();
    assert_eq!(r.status(), 200);
    let checks: Value = r.json().unwrap();
    let named: std::collections::BTreeSet<&str> = checks["checks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["severity"] != "info")
        .filter_map(|c| c["file"].as_str())
        .filter(|f| f.starts_with("2026-10/file"))
        .collect();
    assert_eq!(named.len(), 50, "{checks}");
}

#[test]
fn a_file_over_the_limit_is_refused_and_nothing_is_kept() {
    let data = tempfile::tempdir().unwrap();
    // The limit is 200 MB; the test hook lowers it to 1000 bytes to try it cheaply.
    let mut cmd = kaoping();
    cmd.env("KAOPING_MAX_UPLOAD", "1000");
    let (child, log) = spawn_with(cmd, data.path());
    let server = Server::attach(child, log, data.path());
    server.add_user("clerk1", "clerk", None, "password-clerk");
    let token = server.token("clerk1");
    let r = server.upload(MONTH, &token, &[("big.xlsx".into(), vec![b'x'; 1001])]);
    assert_eq!(r.status(), 413);
    assert!(r.text().unwrap().contains("200 MB"));
    assert_eq!(server.upload(MONTH, &token, &[("small.xlsx".into(), vec![b'x'; 1000])]).status(), 200);
    let files: Value =
        server.req("GET", "/api/months/2026-11/files", &Who::Token(token)).send().unwrap().json().unwrap();
    let names: Vec<&str> = files["uploads"].as_array().unwrap().iter().map(|u| u["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["small.xlsx"]);
}

#[test]
fn sigterm_stops_the_server_cleanly() {
    let data = tempfile::tempdir().unwrap();
    let mut server = Server::start(data.path());
    let pid = server.child.id().to_string();
    assert!(std::process::Command::new("kill").args(["-TERM", &pid]).status().unwrap().success());
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    let status = loop {
        if let Some(status) = server.child.try_wait().unwrap() {
            break status;
        }
        assert!(std::time::Instant::now() < deadline, "still running after SIGTERM");
        std::thread::sleep(std::time::Duration::from_millis(50));
    };
    assert_eq!(status.code(), Some(0));
    let log: Vec<String> = server.log.lock().unwrap().iter().collect();
    assert!(log.iter().any(|l| l.contains("stopped")), "{log:?}");
}
