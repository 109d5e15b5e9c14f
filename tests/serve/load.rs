//! A load figure for docs/serve.md (ignored by default: it measures, it does not check):
//! `KAOPING_LOAD_BIN=target/release/kaoping cargo test --test serve load -- --ignored --nocapture`.

use std::time::{Duration, Instant};

use crate::harness::*;

/// The times of `per_thread` calls of `call` on each of `threads` connections, printed
/// as requests per second and percentiles under `what`.
fn report(what: &str, threads: usize, per_thread: usize, call: impl Fn() -> Duration + Sync) {
    let start = Instant::now();
    let mut times: Vec<Duration> = std::thread::scope(|scope| {
        let handles: Vec<_> =
            (0..threads).map(|_| scope.spawn(|| (0..per_thread).map(|_| call()).collect::<Vec<_>>())).collect();
        handles.into_iter().flat_map(|h| h.join().unwrap()).collect()
    });
    let total = start.elapsed();
    times.sort();
    let p = |q: f64| times[((times.len() as f64 * q) as usize).min(times.len() - 1)];
    println!(
        "load: {what}: {} requests on {threads} connections in {:.1} s: {:.0} requests/s, p50 {:.1} ms, p99 {:.1} ms",
        times.len(),
        total.as_secs_f64(),
        times.len() as f64 / total.as_secs_f64(),
        p(0.5).as_secs_f64() * 1e3,
        p(0.99).as_secs_f64() * 1e3
    );
}

fn measure(s: &Server, token: &str, path: &str, threads: usize, per_thread: usize) {
    report(&format!("GET {path}"), threads, per_thread, || {
        let t = Instant::now();
        let r = s.req("GET", path, &Who::Token(token.to_string())).send().unwrap();
        assert!(r.status().is_success(), "{path}: {}", r.status());
        let _ = r.bytes().unwrap();
        t.elapsed()
    });
}

#[test]
#[ignore = "a measurement for docs/serve.md"]
fn requests_per_second() {
    let office = Office::new();
    let s = &office.server;
    let files: Vec<(String, Vec<u8>)> = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/samples/2026-11"))
        .unwrap()
        .map(|e| {
            let p = e.unwrap().path();
            (p.file_name().unwrap().to_string_lossy().into_owned(), std::fs::read(&p).unwrap())
        })
        .collect();
    assert_eq!(s.upload(MONTH, &office.tokens["clerk"], &files).status(), 200);
    let manager = office.tokens["manager"].clone();
    assert!(
        s.req("POST", "/api/months/2026-11/run", &Who::Token(manager.clone())).send().unwrap().status().is_success()
    );
    measure(s, &manager, "/api/months/2026-11/files", 8, 500);
    measure(s, &manager, "/months/2026-11/pm/P03", 8, 500);
    measure(s, &manager, "/months/2026-11", 8, 500);
    measure(s, &manager, "/api/months/2026-11/checks", 8, 25);

    // While runs of November go on, one after another: page views, and uploads of the
    // sample month's four files (to October, so November's files stay as they are).
    let running = std::sync::atomic::AtomicBool::new(true);
    std::thread::scope(|scope| {
        let runs = scope.spawn(|| {
            let mut n = 0;
            while running.load(std::sync::atomic::Ordering::Relaxed) {
                let r = s.req("POST", "/api/months/2026-11/run", &Who::Token(manager.clone())).send().unwrap();
                assert!(r.status().is_success(), "run: {}", r.status());
                n += 1;
            }
            n
        });
        let page = || {
            let t = Instant::now();
            let r = s.req("GET", "/months/2026-11/pm/P03", &Who::Token(manager.clone())).send().unwrap();
            assert!(r.status().is_success());
            let _ = r.bytes().unwrap();
            t.elapsed()
        };
        report("GET /months/2026-11/pm/P03 while runs go on", 8, 200, page);
        let clerk = office.tokens["clerk"].clone();
        let upload = || {
            let t = Instant::now();
            assert_eq!(s.upload("2026-10", &clerk, &files).status(), 200);
            t.elapsed()
        };
        report("POST /api/months/2026-10/files (the sample month's 4 files) while runs go on", 4, 10, upload);
        running.store(false, std::sync::atomic::Ordering::Relaxed);
        println!("load: {} runs of November meanwhile", runs.join().unwrap());
    });
}
