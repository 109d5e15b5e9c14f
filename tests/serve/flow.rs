//! The month's way through the server equals the CLI's on the same files; a clerk
//! never sees a score or a bonus.

use std::io::Cursor;
use std::path::Path;

use calamine::{Reader, Xlsx};
use serde_json::Value;

use crate::harness::*;

fn cli(dir: &std::path::Path, args: &[&str]) -> (Option<i32>, String) {
    let out = kaoping().args(args).current_dir(dir).output().unwrap();
    (out.status.code(), String::from_utf8(out.stdout).unwrap())
}

/// Every sheet's cells as text.
fn cells(bytes: Vec<u8>) -> Vec<(String, Vec<Vec<String>>)> {
    let mut book = Xlsx::new(Cursor::new(bytes)).unwrap();
    let names = book.sheet_names();
    names
        .into_iter()
        .map(|n| {
            let range = book.worksheet_range(&n).unwrap();
            let rows = range.rows().map(|r| r.iter().map(|c| c.to_string()).collect()).collect();
            (n, rows)
        })
        .collect()
}

#[test]
fn upload_checks_run_and_download_equal_the_cli() {
    let office = Office::new();
    let s = &office.server;
    let (dir, files) = valid_files();
    let manager = office.tokens["manager"].clone();

    let r = s.upload(MONTH, &office.tokens["clerk"], &files);
    assert_eq!(r.status(), 200);
    let answer: Value = r.json().unwrap();
    let names: Vec<&str> = answer["files"].as_array().unwrap().iter().map(|f| f["name"].as_str().unwrap()).collect();
    assert_eq!(names, files.iter().map(|(n, _)| n.as_str()).collect::<Vec<_>>());
    for (f, (_, bytes)) in answer["files"].as_array().unwrap().iter().zip(&files) {
        use sha2::Digest;
        assert_eq!(f["sha256"], hex::encode(sha2::Sha256::digest(bytes)));
    }

    let checks: Value =
        s.req("GET", "/api/months/2026-11/checks", &Who::Token(manager.clone())).send().unwrap().json().unwrap();
    let (_, cli_checks) = cli(dir.path(), &["check", MONTH, "--format", "json"]);
    assert_eq!(checks, serde_json::from_str::<Value>(&cli_checks).unwrap());

    let r = s.req("POST", "/api/months/2026-11/run", &Who::Token(manager.clone())).send().unwrap();
    assert_eq!(r.status(), 200);
    let summary: Value = r.json().unwrap();
    let (code, cli_summary) = cli(dir.path(), &["run", MONTH, "--json", "--out", "cli.xlsx"]);
    assert_eq!(code, Some(0));
    let mut cli_summary: Value = serde_json::from_str(&cli_summary).unwrap();
    // The one difference: where each history store is (§7), DIR/kaoping.db for the server.
    let store = summary["history"]["file"].as_str().unwrap();
    assert_eq!(Path::new(store), s.data.join("kaoping.db"));
    cli_summary["history"]["file"] = summary["history"]["file"].clone();
    assert_eq!(summary, cli_summary);
    // The web run is in the §7 history, beside the server's own tables.
    let (code, listed) = cli(dir.path(), &["history", "--history", store]);
    assert_eq!(code, Some(0));
    assert!(listed.contains("2026-11"), "{listed}");
    assert_eq!(summary["managers"].as_array().unwrap().len(), 2);

    let r = s.req("GET", "/api/months/2026-11/report.xlsx", &Who::Token(manager.clone())).send().unwrap();
    assert_eq!(r.status(), 200);
    let served = cells(r.bytes().unwrap().to_vec());
    let ours = cells(std::fs::read(dir.path().join("cli.xlsx")).unwrap());
    assert_eq!(served.len(), ours.len());
    for ((name, a), (_, b)) in served.iter().zip(&ours) {
        assert_eq!(a, b, "sheet {name}");
    }

    let files_now: Value =
        s.req("GET", "/api/months/2026-11/files", &Who::Token(manager)).send().unwrap().json().unwrap();
    assert_eq!(files_now["files"].as_array().unwrap().len(), files.len());
    assert!(files_now["files"].as_array().unwrap().iter().all(|f| f["user"] == "clerk1"));
}

#[test]
fn a_clerk_never_sees_a_score_or_a_bonus() {
    let office = Office::new();
    let s = &office.server;
    let summary = office.uploaded_and_run();
    let managers = summary["managers"].as_array().unwrap();
    // What would give a score away: each PM's total and bonus, as JSON and the pages write them.
    let mut secrets: Vec<String> = Vec::new();
    for m in managers {
        secrets.push(m["total"].to_string());
        secrets.push(m["bonus"].to_string());
        secrets.push(format!("{:.2}", m["total"].as_f64().unwrap()));
    }
    secrets.retain(|s| s.contains('.'));
    assert!(!secrets.is_empty(), "{summary}");
    let manager_page = s.req("GET", "/months/2026-11", &office.who("manager")).send().unwrap().text().unwrap();
    assert!(secrets.iter().any(|t| manager_page.contains(t.as_str())), "the manager sees them");

    let clerk = office.who("clerk");
    let session = Who::Session(s.login("clerk1", "password-clerk"));
    let pm_ids: Vec<&str> = managers.iter().map(|m| m["pm_id"].as_str().unwrap()).collect();
    let mut paths = vec![
        "/".to_string(),
        "/months/2026-11".into(),
        "/api/months/2026-11/files".into(),
        "/api/months/2026-11/checks".into(),
        "/api/months/2026-11/report.xlsx".into(),
        "/months/2026-11/report.xlsx".into(),
    ];
    paths.extend(pm_ids.iter().map(|id| format!("/months/2026-11/pm/{id}")));
    for who in [&clerk, &session] {
        for path in &paths {
            let body = s.req("GET", path, who).send().unwrap().text().unwrap();
            for secret in &secrets {
                assert!(!body.contains(secret.as_str()), "{path} shows {secret} to a clerk");
            }
            for word in ["\"bonus\"", "\"total\"", "奖金", "总分", "排名"] {
                assert!(!body.contains(word), "{path} shows {word} to a clerk");
            }
        }
    }
}

#[test]
fn a_pm_sees_only_their_own_scorecard() {
    let office = Office::new();
    let s = &office.server;
    let summary = office.uploaded_and_run();
    let p02 = summary["managers"].as_array().unwrap().iter().find(|m| m["pm_id"] == "P02").unwrap();
    let p01 = summary["managers"].as_array().unwrap().iter().find(|m| m["pm_id"] == "P01").unwrap();
    let pm = Who::Session(s.login("pm1", "password-pm"));
    let own = s.req("GET", "/months/2026-11/pm/P02", &pm).send().unwrap();
    assert_eq!(own.status(), 200);
    let own = own.text().unwrap();
    assert!(own.contains(&p02["total"].to_string()) && own.contains("/assets/style.css"), "{own}");
    assert!(!own.contains(p01["name"].as_str().unwrap()), "no one else's name");
    assert_eq!(s.req("GET", "/months/2026-11/pm/P01", &pm).send().unwrap().status(), 403);
    let home = s.req("GET", "/", &pm).send().unwrap().text().unwrap();
    assert!(home.contains("/months/2026-11/pm/P02") && !home.contains("P01"), "{home}");
    let css = s.req("GET", "/assets/style.css", &Who::Nobody).send().unwrap().text().unwrap();
    assert!(css.contains("@media print") && css.contains("size: A4"));
}

#[test]
fn the_month_page_offers_a_marked_copy_of_a_file_with_findings() {
    let office = Office::new();
    let s = &office.server;
    let dir = tempfile::tempdir().unwrap();
    let mut books = crate::support::valid_month();
    let agents = books.sheet("运营部.xlsx", "座席");
    let dialed = agents.col("外呼量");
    agents.set(3, dialed, crate::support::s("一千"));
    books.write(dir.path());
    let files: Vec<(String, Vec<u8>)> =
        books.files.keys().map(|n| (n.clone(), std::fs::read(dir.path().join(n)).unwrap())).collect();
    let clerk = office.who("clerk");
    // First the month as it should be; then 运营部.xlsx again, with a bad cell: the page
    // reads the month again, as the files in force changed.
    let (_valid_dir, valid) = valid_files();
    assert_eq!(s.upload(MONTH, &office.tokens["clerk"], &valid).status(), 200);
    let page = s.req("GET", "/months/2026-11", &clerk).send().unwrap().text().unwrap();
    assert!(!page.contains("bad-value"), "{page}");
    assert_eq!(s.upload(MONTH, &office.tokens["clerk"], &files).status(), 200);
    let page = s.req("GET", "/months/2026-11", &clerk).send().unwrap().text().unwrap();
    let link = "/months/2026-11/marked/%E8%BF%90%E8%90%A5%E9%83%A8.xlsx";
    assert!(page.contains(link) && page.contains("bad-value"), "{page}");
    // Which table came from which file, and who uploaded it.
    let tables = page.split("class=\"tables\"").nth(1).unwrap();
    assert!(tables.contains("座席月度数据") && tables.contains("运营部.xlsx") && tables.contains("clerk1"), "{page}");
    let r = s.req("GET", link, &clerk).send().unwrap();
    assert_eq!(r.status(), 200);
    let book = Xlsx::new(Cursor::new(r.bytes().unwrap().to_vec())).unwrap();
    assert!(book.sheet_names().iter().any(|n| n == "座席"), "{:?}", book.sheet_names());
    let none = s.req("GET", "/months/2026-11/marked/%E5%B8%82%E5%9C%BA%E9%83%A8.xlsx", &clerk).send().unwrap();
    assert_eq!(none.status(), 404, "市场部.xlsx has no findings");
}

#[test]
fn the_admins_rules_are_every_months_rules() {
    let office = Office::new();
    let s = &office.server;
    let (dir, files) = valid_files();
    assert_eq!(s.upload(MONTH, &office.tokens["clerk"], &files).status(), 200);
    office.run_month();
    let admin = s.login("admin1", "password-admin");
    let who = Who::Session(admin.clone());
    let bad =
        s.req("POST", "/rules", &who).form(&[("csrf", admin.csrf.as_str()), ("rules", "[item1]\nper_point = -3\n")]);
    let bad = bad.send().unwrap();
    assert_eq!(bad.status(), 422);
    assert!(bad.text().unwrap().contains("per_point = -3"), "the text is kept to fix");
    let good = "[item1]\nper_point = 0.5\n";
    let saved = s.req("POST", "/rules", &who).form(&[("csrf", admin.csrf.as_str()), ("rules", good)]).send().unwrap();
    assert_eq!(saved.status(), 303);
    let summary = office.run_month();
    assert_eq!(summary["rules"]["changed"][0]["key"], "item1.per_point", "{}", summary["rules"]);
    // The CLI with the same rules file above the month gives the same managers.
    std::fs::write(dir.path().join("rules.toml"), good).unwrap();
    let (_, cli_summary) = cli(dir.path(), &["run", MONTH, "--json", "--out", "cli.xlsx"]);
    let cli_summary: Value = serde_json::from_str(&cli_summary).unwrap();
    assert_eq!(summary["managers"], cli_summary["managers"]);
    // The month's page says what changed since the run before, and lists both runs.
    let page = s.req("GET", "/months/2026-11", &office.who("manager")).send().unwrap().text().unwrap();
    assert!(page.contains("较上次运行") && page.contains("本月的每次运行") && page.contains("(2)"), "{page}");
}
