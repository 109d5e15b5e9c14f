//! The history store (SPEC §7): every `run` recorded in a SQLite database, so a month
//! remembers its runs and the next month can show last month's rank and total. Only
//! this module touches rusqlite.
//!
//! Points are stored as whole hundredths and money as whole cents (both exact in
//! [`Points`]); times as seconds since 1970, from SOURCE_DATE_EPOCH when it is set. The
//! schema carries its version in `PRAGMA user_version` and is migrated forward, in a
//! transaction, never dropped. A run is written in one transaction: a crash leaves the
//! store as it was.
//!
//! Choices where the SPEC is silent:
//! - A month's *result* is its latest non-draft run; "last month" is the latest earlier
//!   month that has a result (a month skipped is skipped, not shown as empty).
//! - A store kaoping cannot use (locked past the timeout, read-only, not a database, a
//!   newer schema) is named with the reason and left as it is; the run goes on without
//!   history and says so ([`HistoryError`]).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags, OptionalExtension, params};

use crate::model::Month;
use crate::outcome::{Outcome, Points};
use crate::t;
use crate::text::Text;

/// The schema version this kaoping writes; older stores are migrated to it.
pub const SCHEMA_VERSION: i64 = 3;

/// The oldest schema the read-only commands read as it is: 3 only added indexes to 2.
const READABLE_FROM: i64 = 2;

/// How long a run waits for another run that holds the store (the tests shorten it
/// with `KAOPING_HISTORY_WAIT_MS`, as they fake faults with `KAOPING_FAULT`).
fn busy_timeout() -> Duration {
    let ms = std::env::var("KAOPING_HISTORY_WAIT_MS").ok().and_then(|v| v.parse().ok()).unwrap_or(10_000);
    Duration::from_millis(ms)
}

/// The migrations, oldest first: `MIGRATIONS[k]` takes a store from version k to k + 1.
const MIGRATIONS: &[&str] = &[
    "
    CREATE TABLE runs (
        id INTEGER PRIMARY KEY,
        month TEXT NOT NULL,
        at INTEGER NOT NULL,
        draft INTEGER NOT NULL,
        version TEXT NOT NULL,
        rules_file TEXT,
        rules TEXT NOT NULL,
        summary TEXT NOT NULL
    );
    CREATE INDEX runs_month ON runs (month, at);
    CREATE TABLE inputs (
        run INTEGER NOT NULL REFERENCES runs (id),
        path TEXT NOT NULL,
        sha256 TEXT NOT NULL
    );
    CREATE TABLE managers (
        run INTEGER NOT NULL REFERENCES runs (id),
        pm_id TEXT NOT NULL,
        name TEXT NOT NULL,
        rank INTEGER NOT NULL,
        tier INTEGER NOT NULL,
        vetoed INTEGER NOT NULL,
        items TEXT NOT NULL,
        total INTEGER NOT NULL,
        bonus_cents INTEGER NOT NULL,
        metrics TEXT NOT NULL,
        PRIMARY KEY (run, pm_id)
    );
    CREATE TABLE deductions (
        run INTEGER NOT NULL REFERENCES runs (id),
        pm_id TEXT NOT NULL,
        item INTEGER NOT NULL,
        part TEXT,
        points INTEGER NOT NULL,
        reason_zh TEXT NOT NULL,
        reason_en TEXT NOT NULL,
        source TEXT NOT NULL,
        manual INTEGER NOT NULL
    );
",
    "
    ALTER TABLE runs ADD COLUMN run_key TEXT;
    CREATE UNIQUE INDEX runs_key ON runs (run_key);
",
    // A run's inputs and deductions are read by their run: without these, reading the
    // month's last run scanned every deduction ever recorded (a year of reruns at
    // 1,000 PMs is a few hundred MB), and each run grew slower than the one before.
    "
    CREATE INDEX inputs_run ON inputs (run);
    CREATE INDEX deductions_run ON deductions (run);
",
];

/// Why the store cannot be used; the run goes on without it.
#[derive(Debug)]
pub struct HistoryError {
    pub path: PathBuf,
    pub why: Text,
}

impl HistoryError {
    fn new(path: &Path, why: Text) -> HistoryError {
        HistoryError { path: path.to_path_buf(), why }
    }

    fn sqlite(path: &Path, e: &rusqlite::Error) -> HistoryError {
        use rusqlite::ErrorCode::*;
        let code = e.sqlite_error_code();
        let why = match code {
            Some(DatabaseBusy | DatabaseLocked) => {
                Text::of("另一个 kaoping 正在写入，等待超时", "another kaoping held it past the timeout")
            }
            Some(ReadOnly | CannotOpen | PermissionDenied) => {
                Text::of("无法写入（只读或无权限）", "cannot be written (read-only or no permission)")
            }
            Some(NotADatabase | DatabaseCorrupt) => {
                Text::of("不是有效的 SQLite 数据库（已损坏？）", "not a valid SQLite database (damaged?)")
            }
            _ => {
                let e = e.to_string();
                t!("数据库出错：{e}", "database error: {e}")
            }
        };
        HistoryError::new(path, why)
    }

    /// `历史记录 kaoping.db 未更新：…；报表照常生成` — the warning a run ends with.
    pub fn warning(&self) -> Text {
        let (path, why) = (self.path.display().to_string(), &self.why);
        let (wz, we) = (&why.zh, &why.en);
        t!(
            "历史记录 {path} 未使用：{wz}；文件保持原样，报表照常生成",
            "history {path} not used: {we}; the file is left as it is and the report is written as usual"
        )
    }
}

/// A PM's result in one run.
#[derive(Debug, Clone, PartialEq)]
pub struct PmRecord {
    pub pm_id: String,
    pub name: String,
    pub rank: u32,
    pub tier: u8,
    pub vetoed: bool,
    /// Items 1–10.
    pub items: Vec<Points>,
    pub total: Points,
    pub bonus: Points,
    /// Empty in a month's result read for the months after it ([`Store::results_before`]).
    pub deductions: Vec<DeductionRecord>,
}

/// One deduction as recorded.
#[derive(Debug, Clone, PartialEq)]
pub struct DeductionRecord {
    pub item: u8,
    pub part: Option<String>,
    pub points: Points,
    pub reason: Text,
}

/// One recorded run.
#[derive(Debug, Clone, PartialEq)]
pub struct RunRecord {
    pub id: i64,
    pub month: Month,
    /// Seconds since 1970.
    pub at: i64,
    pub draft: bool,
    /// Each input: (path, SHA-256).
    pub inputs: Vec<(String, String)>,
    /// In rank order.
    pub managers: Vec<PmRecord>,
    /// Each PM id's place in `managers`: the report looks every PM of this month up in
    /// last month's result and the trend's months (at 4,000 PMs a search each was
    /// 5 % of a run).
    by_pm: std::collections::HashMap<String, usize>,
}

impl RunRecord {
    fn new(
        id: i64,
        month: Month,
        at: i64,
        draft: bool,
        inputs: Vec<(String, String)>,
        managers: Vec<PmRecord>,
    ) -> RunRecord {
        let by_pm = managers.iter().enumerate().map(|(i, m)| (m.pm_id.clone(), i)).collect();
        RunRecord { id, month, at, draft, inputs, managers, by_pm }
    }

    /// The PM `pm_id` of this run, if it was ranked in it.
    pub fn pm(&self, pm_id: &str) -> Option<&PmRecord> {
        self.by_pm.get(pm_id).map(|&i| &self.managers[i])
    }
}

/// One line of the list of runs.
#[derive(Debug, Clone, PartialEq)]
pub struct RunRow {
    pub id: i64,
    pub month: String,
    /// Seconds since 1970.
    pub at: i64,
    pub draft: bool,
    /// How many PMs it ranked.
    pub managers: i64,
}

/// A run as it is written to the store and embedded in its report (a hidden sheet), so
/// that a report can be read back into a store (`kaoping history import`).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct RunData {
    pub month: String,
    pub at: i64,
    pub draft: bool,
    pub version: String,
    pub rules_file: Option<String>,
    pub rules: String,
    pub inputs: Vec<(String, String)>,
    pub managers: Vec<PmData>,
}

/// One PM of a [`RunData`]: points in hundredths, money in cents.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct PmData {
    pub pm_id: String,
    pub name: String,
    pub rank: u32,
    pub tier: u8,
    pub vetoed: bool,
    pub items: Vec<i64>,
    pub total: i64,
    pub bonus_cents: i64,
    pub metrics: serde_json::Value,
    pub deductions: Vec<DeductionData>,
}

/// One deduction of a [`PmData`].
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct DeductionData {
    pub item: u8,
    pub part: Option<String>,
    pub points: i64,
    pub zh: String,
    pub en: String,
    pub source: String,
    pub manual: bool,
}

impl RunData {
    /// The run of `facts` and `outcome`.
    pub fn of(facts: &RunFacts, outcome: &Outcome) -> RunData {
        let mut inputs = facts.inputs.clone();
        inputs.sort();
        RunData {
            month: facts.month.to_string(),
            at: facts.at,
            draft: facts.draft,
            version: crate::VERSION.to_string(),
            rules_file: facts.rules_file.map(|p| p.display().to_string()),
            rules: facts.rules.to_toml(),
            inputs,
            managers: outcome
                .managers
                .iter()
                .map(|r| {
                    let s = &r.score;
                    PmData {
                        pm_id: s.pm_id.clone(),
                        name: s.name.clone(),
                        rank: r.rank,
                        tier: r.tier,
                        vetoed: s.veto.is_some(),
                        items: s.items.iter().map(|i| i.score.0).collect(),
                        total: s.total.0,
                        bonus_cents: r.bonus.0,
                        metrics: serde_json::to_value(&s.metrics).unwrap_or_default(),
                        deductions: s
                            .deductions()
                            .map(|d| DeductionData {
                                item: d.item,
                                part: d.part.map(str::to_string),
                                points: d.points.0,
                                zh: d.reason.zh.to_string(),
                                en: d.reason.en.to_string(),
                                source: d.source.clone(),
                                manual: d.manual,
                            })
                            .collect(),
                    }
                })
                .collect(),
        }
    }
}

/// The SHA-256 of a run's JSON, lower-case hex.
fn key_of(json: &str) -> String {
    use sha2::Digest;
    hex::encode(sha2::Sha256::digest(json.as_bytes()))
}

/// What a run records besides its outcome.
pub struct RunFacts<'a> {
    pub month: Month,
    pub at: i64,
    pub draft: bool,
    pub rules: &'a crate::rules::Rules,
    pub rules_file: Option<&'a Path>,
    pub inputs: Vec<(String, String)>,
}

/// An open store.
pub struct Store {
    conn: Connection,
    path: PathBuf,
}

impl Store {
    /// Opens (creating when missing) and migrates the store at `path`.
    ///
    /// # Errors
    /// The store is locked past the timeout, read-only, not a database, or of a newer
    /// schema; it is left as it is.
    pub fn open(path: &Path) -> Result<Store, HistoryError> {
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE;
        let conn = Connection::open_with_flags(path, flags).map_err(|e| HistoryError::sqlite(path, &e))?;
        conn.busy_timeout(busy_timeout()).map_err(|e| HistoryError::sqlite(path, &e))?;
        let mut store = Store { conn, path: path.to_path_buf() };
        store.migrate()?;
        Ok(store)
    }

    /// Opens an existing store to read it, changing nothing.
    ///
    /// # Errors
    /// As [`Store::open`], and a store that does not exist.
    pub fn open_read(path: &Path) -> Result<Store, HistoryError> {
        if !path.exists() {
            return Err(HistoryError::new(path, Text::of("文件不存在", "no such file")));
        }
        let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY)
            .map_err(|e| HistoryError::sqlite(path, &e))?;
        conn.busy_timeout(busy_timeout()).map_err(|e| HistoryError::sqlite(path, &e))?;
        let store = Store { conn, path: path.to_path_buf() };
        let version = store.version()?;
        if !(READABLE_FROM..=SCHEMA_VERSION).contains(&version) {
            return Err(HistoryError::new(path, newer_or_older(version)));
        }
        Ok(store)
    }

    fn version(&self) -> Result<i64, HistoryError> {
        self.conn.query_row("PRAGMA user_version", [], |r| r.get(0)).map_err(|e| HistoryError::sqlite(&self.path, &e))
    }

    /// Brings the schema to [`SCHEMA_VERSION`], each step in the same transaction as its
    /// version; a newer store is refused untouched.
    fn migrate(&mut self) -> Result<(), HistoryError> {
        let path = self.path.clone();
        let sql = |e: rusqlite::Error| HistoryError::sqlite(&path, &e);
        // Reading the version first tells a file that is not a database.
        let version = self.version()?;
        if version > SCHEMA_VERSION {
            return Err(HistoryError::new(&path, newer_or_older(version)));
        }
        if version == SCHEMA_VERSION {
            return Ok(());
        }
        self.conn.pragma_update(None, "journal_mode", "WAL").map_err(sql)?;
        let tx = self.conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate).map_err(sql)?;
        // Another run may have migrated it while this one waited.
        let now: i64 = tx.query_row("PRAGMA user_version", [], |r| r.get(0)).map_err(sql)?;
        for (k, step) in MIGRATIONS.iter().enumerate().skip(now as usize) {
            tx.execute_batch(step).map_err(sql)?;
            tx.pragma_update(None, "user_version", k as i64 + 1).map_err(sql)?;
        }
        tx.commit().map_err(sql)
    }

    /// Records a run in one transaction; gives its id. `json` is `data` as the report
    /// embeds it (`serde_json::to_string`), made once for both: its SHA-256 is the run's
    /// key, so importing the report into this store later finds the run already there.
    /// `summary` is the §6.3 summary, kept whole (for `history` and for reading a run back).
    ///
    /// # Errors
    /// The store cannot be written; nothing of the run is left in it.
    pub fn record(&mut self, data: &RunData, json: &str, summary: &serde_json::Value) -> Result<i64, HistoryError> {
        Ok(self.insert(data, &summary.to_string(), &key_of(json))?.unwrap_or_default())
    }

    /// Records a run read back from a report (`kaoping history import`): `json` as the
    /// report carries it; `None` when the store already holds it (the same run,
    /// recorded or imported before: the key is the SHA-256 of that JSON, the text the
    /// run wrote — parsing and writing the numbers again could move a last digit).
    ///
    /// # Errors
    /// The JSON is not a run; the store cannot be written (nothing of the run is left).
    pub fn import(&mut self, json: &str) -> Result<Option<(i64, RunData)>, HistoryError> {
        let data: RunData = serde_json::from_str(json).map_err(|e| {
            let e = e.to_string();
            HistoryError::new(
                &self.path,
                t!("报表中的运行记录无法读取：{e}", "the run in the report cannot be read: {e}"),
            )
        })?;
        Ok(self.insert(&data, "null", &key_of(json))?.map(|id| (id, data)))
    }

    /// One run's rows, in one transaction; nothing when its key is already there.
    fn insert(&mut self, data: &RunData, summary: &str, key: &str) -> Result<Option<i64>, HistoryError> {
        let path = self.path.clone();
        let sql = |e: rusqlite::Error| HistoryError::sqlite(&path, &e);
        let tx = self.conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate).map_err(sql)?;
        let known: Option<i64> =
            tx.query_row("SELECT id FROM runs WHERE run_key = ?1", [key], |r| r.get(0)).optional().map_err(sql)?;
        if known.is_some() {
            return Ok(None);
        }
        tx.execute(
            "INSERT INTO runs (month, at, draft, version, rules_file, rules, summary, run_key)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![data.month, data.at, data.draft, data.version, data.rules_file, data.rules, summary, key],
        )
        .map_err(sql)?;
        let run = tx.last_insert_rowid();
        // Each statement prepared once for the run's rows (25,000 deductions at 1,000 PMs).
        let mut input = tx.prepare("INSERT INTO inputs (run, path, sha256) VALUES (?1, ?2, ?3)").map_err(sql)?;
        for (path, sha) in &data.inputs {
            input.execute(params![run, path, sha]).map_err(sql)?;
        }
        let mut manager = tx
            .prepare(
                "INSERT INTO managers (run, pm_id, name, rank, tier, vetoed, items, total, bonus_cents, metrics)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            )
            .map_err(sql)?;
        let mut deduction = tx
            .prepare(
                "INSERT INTO deductions (run, pm_id, item, part, points, reason_zh, reason_en, source, manual)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            )
            .map_err(sql)?;
        for (i, m) in data.managers.iter().enumerate() {
            manager
                .execute(params![
                    run,
                    m.pm_id,
                    m.name,
                    m.rank,
                    m.tier,
                    m.vetoed,
                    serde_json::to_string(&m.items).unwrap_or_default(),
                    m.total,
                    m.bonus_cents,
                    m.metrics.to_string()
                ])
                .map_err(sql)?;
            for d in &m.deductions {
                deduction
                    .execute(params![run, m.pm_id, d.item, d.part, d.points, d.zh, d.en, d.source, d.manual])
                    .map_err(sql)?;
            }
            // The fault hook of the tests: die half-way through a run's rows.
            if i == 0 && std::env::var("KAOPING_FAULT").is_ok_and(|v| v == "history-mid-run") {
                std::process::abort();
            }
        }
        drop((input, manager, deduction));
        tx.commit().map_err(sql)?;
        Ok(Some(run))
    }

    /// Every run, oldest first.
    ///
    /// # Errors
    /// The store cannot be read.
    pub fn runs(&self) -> Result<Vec<RunRow>, HistoryError> {
        let sql = |e: rusqlite::Error| HistoryError::sqlite(&self.path, &e);
        let mut q = self
            .conn
            .prepare(
                "SELECT r.id, r.month, r.at, r.draft, (SELECT COUNT(*) FROM managers m WHERE m.run = r.id)
                 FROM runs r ORDER BY r.month, r.at, r.id",
            )
            .map_err(sql)?;
        let rows = q
            .query_map([], |r| {
                Ok(RunRow { id: r.get(0)?, month: r.get(1)?, at: r.get(2)?, draft: r.get(3)?, managers: r.get(4)? })
            })
            .map_err(sql)?;
        rows.collect::<Result<_, _>>().map_err(sql)
    }

    /// One run, whole.
    ///
    /// # Errors
    /// The store cannot be read.
    pub fn run(&self, id: i64) -> Result<Option<RunRecord>, HistoryError> {
        self.read_run(id, true)
    }

    /// One run, its PMs without their deductions (what a month's result is read for:
    /// last month's rank, total and items, the trend).
    fn result(&self, id: i64) -> Result<Option<RunRecord>, HistoryError> {
        self.read_run(id, false)
    }

    fn read_run(&self, id: i64, deductions: bool) -> Result<Option<RunRecord>, HistoryError> {
        let sql = |e: rusqlite::Error| HistoryError::sqlite(&self.path, &e);
        let head: Option<(String, i64, bool)> = self
            .conn
            .query_row("SELECT month, at, draft FROM runs WHERE id = ?1", [id], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            })
            .optional()
            .map_err(sql)?;
        let Some((month, at, draft)) = head else { return Ok(None) };
        let Some(month) = crate::config::parse_month(&month) else { return Ok(None) };
        let mut q = self.conn.prepare("SELECT path, sha256 FROM inputs WHERE run = ?1 ORDER BY path").map_err(sql)?;
        let inputs =
            q.query_map([id], |r| Ok((r.get(0)?, r.get(1)?))).map_err(sql)?.collect::<Result<_, _>>().map_err(sql)?;
        let mut q = self
            .conn
            .prepare(
                "SELECT pm_id, name, rank, tier, vetoed, items, total, bonus_cents FROM managers WHERE run = ?1
                 ORDER BY rank, pm_id",
            )
            .map_err(sql)?;
        let managers: Vec<PmRecord> = q
            .query_map([id], |r| {
                let items: String = r.get(5)?;
                let items: Vec<i64> = serde_json::from_str(&items).unwrap_or_default();
                Ok(PmRecord {
                    pm_id: r.get(0)?,
                    name: r.get(1)?,
                    rank: r.get(2)?,
                    tier: r.get(3)?,
                    vetoed: r.get(4)?,
                    items: items.into_iter().map(Points).collect(),
                    total: Points(r.get(6)?),
                    bonus: Points(r.get(7)?),
                    deductions: Vec::new(),
                })
            })
            .map_err(sql)?
            .collect::<Result<_, _>>()
            .map_err(sql)?;
        let mut run = RunRecord::new(id, month, at, draft, inputs, managers);
        if !deductions {
            return Ok(Some(run));
        }
        let mut q = self
            .conn
            .prepare(
                "SELECT pm_id, item, part, points, reason_zh, reason_en FROM deductions WHERE run = ?1 ORDER BY rowid",
            )
            .map_err(sql)?;
        let rows = q
            .query_map([id], |r| {
                let reason = Text::new(r.get::<_, String>(4)?, r.get::<_, String>(5)?);
                Ok((r.get::<_, String>(0)?, r.get::<_, u8>(1)?, r.get::<_, Option<String>>(2)?, r.get(3)?, reason))
            })
            .map_err(sql)?;
        for row in rows {
            let (pm, item, part, points, reason) = row.map_err(sql)?;
            if let Some(&i) = run.by_pm.get(&pm) {
                run.managers[i].deductions.push(DeductionRecord { item, part, points: Points(points), reason });
            }
        }
        Ok(Some(run))
    }

    /// The latest run of `month` (a draft or not), if any.
    ///
    /// # Errors
    /// The store cannot be read.
    pub fn last_run_of(&self, month: Month) -> Result<Option<RunRecord>, HistoryError> {
        let id = self.latest("SELECT id FROM runs WHERE month = ?1 ORDER BY at DESC, id DESC LIMIT 1", month)?;
        id.map_or(Ok(None), |id| self.run(id))
    }

    fn latest(&self, query: &str, month: Month) -> Result<Option<i64>, HistoryError> {
        self.conn
            .query_row(query, [month.to_string()], |r| r.get(0))
            .optional()
            .map_err(|e| HistoryError::sqlite(&self.path, &e))
    }

    /// The results of the `n` latest months before `month` that have one, oldest first,
    /// without their deductions.
    ///
    /// # Errors
    /// The store cannot be read.
    pub fn results_before(&self, month: Month, n: usize) -> Result<Vec<RunRecord>, HistoryError> {
        let before: Vec<(String, i64)> =
            self.results()?.into_iter().filter(|(m, _)| m.as_str() < month.to_string().as_str()).collect();
        let mut out = Vec::new();
        for (_, id) in before.iter().skip(before.len().saturating_sub(n)) {
            out.extend(self.result(*id)?);
        }
        Ok(out)
    }

    /// Each month's result (latest non-draft run), oldest first: (month, run id).
    ///
    /// # Errors
    /// The store cannot be read.
    pub fn results(&self) -> Result<Vec<(String, i64)>, HistoryError> {
        let sql = |e: rusqlite::Error| HistoryError::sqlite(&self.path, &e);
        let mut q = self
            .conn
            .prepare(
                "SELECT month, (SELECT id FROM runs r2 WHERE r2.month = r.month AND r2.draft = 0
                                 ORDER BY at DESC, id DESC LIMIT 1)
                 FROM runs r WHERE draft = 0 GROUP BY month ORDER BY month",
            )
            .map_err(sql)?;
        let rows = q.query_map([], |r| Ok((r.get(0)?, r.get(1)?))).map_err(sql)?;
        rows.collect::<Result<_, _>>().map_err(sql)
    }
}

fn newer_or_older(version: i64) -> Text {
    if version > SCHEMA_VERSION {
        t!(
            "由更新版本的 kaoping 建立（格式版本 {version}，本程序为 {SCHEMA_VERSION}），请升级 kaoping",
            "written by a newer kaoping (schema {version}, this one reads {SCHEMA_VERSION}); upgrade kaoping"
        )
    } else {
        t!(
            "格式版本 {version} 较旧，运行一次 kaoping run 即可升级",
            "schema {version} is older; one kaoping run upgrades it"
        )
    }
}

/// A run as it would be recorded, from an outcome not yet in the store (id 0), for
/// comparing this run with the month's last one before it is written.
pub fn record_of(month: Month, at: i64, draft: bool, inputs: Vec<(String, String)>, outcome: &Outcome) -> RunRecord {
    let managers = outcome
        .managers
        .iter()
        .map(|r| {
            let s = &r.score;
            PmRecord {
                pm_id: s.pm_id.clone(),
                name: s.name.clone(),
                rank: r.rank,
                tier: r.tier,
                vetoed: s.veto.is_some(),
                items: s.items.iter().map(|i| i.score).collect(),
                total: s.total,
                bonus: r.bonus,
                deductions: s
                    .deductions()
                    .map(|d| DeductionRecord {
                        item: d.item,
                        part: d.part.map(str::to_string),
                        points: d.points,
                        reason: d.reason.clone(),
                    })
                    .collect(),
            }
        })
        .collect();
    let mut inputs = inputs;
    inputs.sort();
    RunRecord::new(0, month, at, draft, inputs, managers)
}

/// A deduction that appeared, disappeared or changed its points, matched by item and
/// part (one per item and part; a second of the same key is matched in order).
#[derive(Debug, Clone, PartialEq)]
pub struct DeductionChange<'a> {
    pub before: Option<&'a DeductionRecord>,
    pub after: Option<&'a DeductionRecord>,
}

/// The deductions of a PM that appeared, disappeared or changed between two runs.
pub fn deduction_changes<'a>(before: Option<&'a PmRecord>, after: Option<&'a PmRecord>) -> Vec<DeductionChange<'a>> {
    let key = |d: &DeductionRecord| (d.item, d.part.clone());
    let b: Vec<&DeductionRecord> = before.map(|p| p.deductions.iter().collect()).unwrap_or_default();
    let a: Vec<&DeductionRecord> = after.map(|p| p.deductions.iter().collect()).unwrap_or_default();
    let mut used = vec![false; a.len()];
    let mut out = Vec::new();
    for d in &b {
        match a.iter().enumerate().position(|(i, x)| !used[i] && key(x) == key(d)) {
            Some(i) => {
                used[i] = true;
                if a[i].points != d.points {
                    out.push(DeductionChange { before: Some(d), after: Some(a[i]) });
                }
            }
            None => out.push(DeductionChange { before: Some(d), after: None }),
        }
    }
    for (i, d) in a.iter().enumerate() {
        if !used[i] {
            out.push(DeductionChange { before: None, after: Some(d) });
        }
    }
    out.sort_by_key(|c| c.before.or(c.after).map(|d| (d.item, d.part.clone())));
    out
}

/// What moved between two runs of a month, per PM (SPEC §6.2 Changes, §6.3 `changes`).
#[derive(Debug, Clone, PartialEq)]
pub struct Moved<'a> {
    pub pm_id: &'a str,
    pub before: Option<&'a PmRecord>,
    pub after: Option<&'a PmRecord>,
}

/// The PMs whose items, total, rank, tier, bonus or deductions differ between `before`
/// and `after` (a PM in only one of them moved too), in pm_id order.
pub fn moved<'a>(before: &'a RunRecord, after: &'a RunRecord) -> Vec<Moved<'a>> {
    let mut all: BTreeMap<&str, (Option<&PmRecord>, Option<&PmRecord>)> = BTreeMap::new();
    for m in &before.managers {
        all.entry(&m.pm_id).or_default().0 = Some(m);
    }
    for m in &after.managers {
        all.entry(&m.pm_id).or_default().1 = Some(m);
    }
    all.into_iter()
        .filter(|(_, (b, a))| b != a)
        .map(|(pm_id, (before, after))| Moved { pm_id, before, after })
        .collect()
}

/// The inputs added, removed and changed (same path, other SHA-256) between two runs.
pub fn inputs_changed<'a>(before: &'a RunRecord, after: &'a RunRecord) -> (Vec<&'a str>, Vec<&'a str>, Vec<&'a str>) {
    let b: BTreeMap<&str, &str> = before.inputs.iter().map(|(p, s)| (p.as_str(), s.as_str())).collect();
    let a: BTreeMap<&str, &str> = after.inputs.iter().map(|(p, s)| (p.as_str(), s.as_str())).collect();
    let added = a.keys().filter(|p| !b.contains_key(*p)).copied().collect();
    let removed = b.keys().filter(|p| !a.contains_key(*p)).copied().collect();
    let changed = a.iter().filter(|(p, s)| b.get(*p).is_some_and(|t| t != *s)).map(|(p, _)| *p).collect();
    (added, removed, changed)
}

#[cfg(test)]
mod tests;
