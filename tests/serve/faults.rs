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
