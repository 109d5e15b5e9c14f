//! The robustness test: a few hundred damaged variants of real workbooks (byte
//! flips, truncations, zip entries removed or swapped, XML cut mid-element). Each
//! must end with diagnostics and no panic, in bounded time.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::support::*;
use crate::zips;

/// Longest a single damaged file may take to check (debug build).
const PER_VARIANT: Duration = Duration::from_secs(20);

/// A tiny deterministic generator (splitmix64), so the variants are the same every run.
struct Mix(u64);

impl Mix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// The originals: the small valid month's workbooks, and the shipped sample month's.
fn originals(t: &Test) -> Vec<(String, Vec<u8>)> {
    valid_month().write(&t.month());
    let mut files: Vec<PathBuf> = std::fs::read_dir(t.month()).unwrap().map(|e| e.unwrap().path()).collect();
    let samples = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/2026-11");
    if let Ok(dir) = std::fs::read_dir(samples) {
        files.extend(dir.map(|e| e.unwrap().path()).filter(|p| p.extension().is_some_and(|e| e != "md")));
    }
    files.sort();
    files.iter().map(|p| (p.file_name().unwrap().to_string_lossy().into_owned(), std::fs::read(p).unwrap())).collect()
}

fn variants(name: &str, bytes: &[u8], mix: &mut Mix) -> Vec<(String, Vec<u8>)> {
    let ext = Path::new(name).extension().map(|e| e.to_string_lossy().into_owned()).unwrap_or_default();
    let mut out = Vec::new();
    for k in 0..12 {
        let at = mix.below(bytes.len());
        out.push((format!("truncated-{k}.{ext}"), bytes[..at].to_vec()));
    }
    for k in 0..12 {
        let mut b = bytes.to_vec();
        for _ in 0..=(k % 4) {
            let at = mix.below(b.len());
            b[at] ^= 1 << mix.below(8);
        }
        out.push((format!("flipped-{k}.{ext}"), b));
    }
    if bytes.starts_with(b"PK\x03\x04") {
        let parts = zips::parts(bytes);
        for (k, (entry, _)) in parts.iter().enumerate() {
            let mut p = parts.clone();
            p.retain(|(n, _)| n != entry);
            out.push((format!("removed-{k}.{ext}"), zips::build(&p)));
        }
        for k in 0..6 {
            let (i, j) = (mix.below(parts.len()), mix.below(parts.len()));
            let mut p = parts.clone();
            let (a, b) = (p[i].1.clone(), p[j].1.clone());
            p[i].1 = b;
            p[j].1 = a;
            out.push((format!("swapped-{k}.{ext}"), zips::build(&p)));
        }
        for (k, (entry, data)) in parts.iter().enumerate().filter(|(_, (n, _))| n.ends_with(".xml")) {
            let mut p = parts.clone();
            // Cut inside an element: just after a '<' in the middle of the part.
            let middle = data.len() / 2;
            let cut = data[middle..].iter().position(|&c| c == b'<').map_or(middle, |o| middle + o + 2).min(data.len());
            zips::replace(&mut p, entry, data[..cut].to_vec());
            out.push((format!("cut-{k}.{ext}"), zips::build(&p)));
        }
    }
    out
}

/// Runs `check` on one file, killing it after [`PER_VARIANT`]. Returns (exit code, stdout, stderr).
/// The pipes are drained while the child runs: a child with much to say would
/// otherwise block on a full pipe.
fn check_one(dir: &Path, file: &str) -> (Option<i32>, String, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_kaoping"))
        .args(["check", file, "--month", "2026-11", "--format", "json"])
        .current_dir(dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let drain = |mut pipe: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut text = Vec::new();
            let _ = pipe.read_to_end(&mut text);
            String::from_utf8_lossy(&text).into_owned()
        })
    };
    let stdout = drain(Box::new(child.stdout.take().unwrap()));
    let stderr = drain(Box::new(child.stderr.take().unwrap()));
    let start = Instant::now();
    let code = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status.code();
        }
        if start.elapsed() > PER_VARIANT {
            let _ = child.kill();
            let _ = child.wait();
            return (None, String::new(), format!("killed after {PER_VARIANT:?}"));
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    (code, stdout.join().unwrap(), stderr.join().unwrap())
}

#[test]
fn damaged_workbooks_never_panic() {
    let t = Test::new();
    let mut mix = Mix(20261101);
    let mut all = Vec::new();
    let only = std::env::var("KAOPING_VARIANTS_ONLY").unwrap_or_default();
    for (name, bytes) in originals(&t).into_iter().filter(|(n, _)| n.contains(only.as_str())) {
        for (variant, data) in variants(&name, &bytes, &mut mix) {
            all.push((format!("{}-{variant}", name.replace('.', "_")), data));
        }
    }
    // KAOPING_VARIANTS_DIR keeps the variants for a closer look.
    let work = std::env::var_os("KAOPING_VARIANTS_DIR").map_or_else(|| t.root().join("variants"), PathBuf::from);
    std::fs::create_dir_all(&work).unwrap();
    for (name, data) in &all {
        std::fs::write(work.join(name), data).unwrap();
    }
    let started = Instant::now();
    let failures = std::sync::Mutex::new(Vec::new());
    let next = std::sync::atomic::AtomicUsize::new(0);
    let named_count = std::sync::atomic::AtomicUsize::new(0);
    std::thread::scope(|scope| {
        for _ in 0..2 {
            scope.spawn(|| {
                loop {
                    let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    let Some((name, _)) = all.get(i) else { break };
                    let (code, stdout, stderr) = check_one(&work, name);
                    let json: Option<serde_json::Value> = serde_json::from_str(&stdout).ok();
                    let answered = json.as_ref().is_some_and(|j| j["checks"].is_array());
                    // A single file never holds every required table, so "some diagnostic" would
                    // always hold; what must hold is that a damaged file is named by one of them.
                    let named = json.as_ref().is_some_and(|j| {
                        j["checks"].as_array().unwrap().iter().any(|c| c["file"].as_str() == Some(name.as_str()))
                    });
                    if named {
                        named_count.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    }
                    // Every truncation breaks the file: it must be reported, not read as if whole.
                    let must_be_named = name.contains("-truncated-");
                    if !matches!(code, Some(0 | 1))
                        || stderr.contains("panicked")
                        || !answered
                        || (must_be_named && !named)
                    {
                        failures.lock().unwrap().push(format!("{name}: exit {code:?}, stderr {stderr}"));
                    }
                }
            });
        }
    });
    let failures = failures.into_inner().unwrap();
    println!(
        "robustness: {} damaged variants checked in {:.1?}, {} named by a diagnostic, {} failures",
        all.len(),
        started.elapsed(),
        named_count.into_inner(),
        failures.len()
    );
    assert!(all.len() >= 200, "only {} variants", all.len());
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
