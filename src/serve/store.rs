//! The server's own tables in `DIR/kaoping.db` (users, sessions, API tokens, uploads,
//! web runs) and the uploaded files, stored by content under `DIR/files/<sha256>`.
//!
//! The table names (`users`, `sessions`, `tokens`, `uploads`, `serve_runs`) never meet
//! those of the §7 history store (`crate::history`), which lives in the same file. For
//! the same reason this schema's version is kept in its own row (`serve_schema`), not in
//! `PRAGMA user_version`, which belongs to the history store.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use rusqlite::{Connection, OptionalExtension, params};
use sha2::{Digest, Sha256};

/// Who may do what (SPEC §8).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// Uploads and sees the checks; never scores or bonuses.
    Clerk,
    /// Everything of every month; runs and downloads.
    Manager,
    /// Users and rules.
    Admin,
    /// Only their own scorecard and trend.
    Pm,
}

impl Role {
    pub const ALL: [Role; 4] = [Role::Clerk, Role::Manager, Role::Admin, Role::Pm];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Clerk => "clerk",
            Role::Manager => "manager",
            Role::Admin => "admin",
            Role::Pm => "pm",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == s)
    }

    /// Sees the months, their files and checks.
    pub fn sees_checks(self) -> bool {
        matches!(self, Role::Clerk | Role::Manager | Role::Admin)
    }

    /// Uploads a month's files.
    pub fn uploads(self) -> bool {
        matches!(self, Role::Clerk | Role::Manager)
    }

    /// Runs, sees every score, downloads the report.
    pub fn sees_scores(self) -> bool {
        self == Role::Manager
    }
}

/// A user as stored, less the password hash.
#[derive(Debug, Clone)]
pub struct User {
    pub id: i64,
    pub name: String,
    pub role: Role,
    pub dept: Option<String>,
    pub pm_id: Option<String>,
    /// Still the random password printed at the first start.
    pub first_password: bool,
}

/// One upload of a file.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Upload {
    pub name: String,
    pub sha256: String,
    pub size: u64,
    pub user: String,
    pub at: String,
}

/// One web run: who, when, the §6.3 summary.
#[derive(Debug, Clone)]
pub struct WebRun {
    pub user: String,
    pub at: String,
    pub summary: serde_json::Value,
}

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database: {0}")]
    Db(#[from] rusqlite::Error),
    #[error("file store: {0}")]
    Io(#[from] std::io::Error),
    #[error("{0}")]
    Refused(String),
}

pub struct Store {
    conn: Mutex<Connection>,
    data: PathBuf,
}

/// The migrations, in order; the schema's version is how many have run.
const MIGRATIONS: [&str; 1] = ["
CREATE TABLE users (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  role TEXT NOT NULL CHECK (role IN ('clerk','manager','admin','pm')),
  dept TEXT,
  pm_id TEXT,
  hash TEXT NOT NULL,
  first_password INTEGER NOT NULL DEFAULT 0,
  created TEXT NOT NULL
);
CREATE TABLE sessions (
  id_hash TEXT PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  csrf TEXT NOT NULL,
  expires INTEGER NOT NULL
);
CREATE TABLE tokens (
  hash TEXT PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  created TEXT NOT NULL
);
CREATE TABLE uploads (
  id INTEGER PRIMARY KEY,
  month TEXT NOT NULL,
  name TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  size INTEGER NOT NULL,
  user_name TEXT NOT NULL,
  at TEXT NOT NULL
);
CREATE INDEX uploads_month ON uploads(month, name, id);
CREATE TABLE serve_runs (
  id INTEGER PRIMARY KEY,
  month TEXT NOT NULL,
  user_name TEXT NOT NULL,
  at TEXT NOT NULL,
  summary TEXT NOT NULL
);
"];

/// How long a session lasts (seconds).
pub const SESSION_SECONDS: i64 = 12 * 3600;

pub fn now() -> String {
    chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

fn unix() -> i64 {
    chrono::Utc::now().timestamp()
}

/// A random secret of 32 bytes, hex.
pub fn random_hex() -> String {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).expect("the system's random source");
    hex::encode(bytes)
}

/// SHA-256 of a secret, hex: sessions and tokens are kept only so.
pub fn digest(secret: &str) -> String {
    hex::encode(Sha256::digest(secret.as_bytes()))
}

/// An argon2id hash in PHC form.
pub fn hash_password(password: &str) -> String {
    use argon2::password_hash::{PasswordHasher, SaltString};
    let mut salt = [0u8; 16];
    getrandom::fill(&mut salt).expect("the system's random source");
    let salt = SaltString::encode_b64(&salt).expect("salt");
    argon2::Argon2::default().hash_password(password.as_bytes(), &salt).expect("argon2").to_string()
}

pub fn verify_password(password: &str, hash: &str) -> bool {
    use argon2::password_hash::{PasswordHash, PasswordVerifier};
    PasswordHash::new(hash).is_ok_and(|h| argon2::Argon2::default().verify_password(password.as_bytes(), &h).is_ok())
}

fn user_row(row: &rusqlite::Row) -> rusqlite::Result<User> {
    let role: String = row.get(2)?;
    Ok(User {
        id: row.get(0)?,
        name: row.get(1)?,
        role: Role::parse(&role).unwrap_or(Role::Clerk),
        dept: row.get(3)?,
        pm_id: row.get(4)?,
        first_password: row.get::<_, i64>(5)? != 0,
    })
}

const USER_COLS: &str = "id, name, role, dept, pm_id, first_password";

impl Store {
    /// Opens (creating) `DIR/kaoping.db` and `DIR/files/`, and migrates the schema.
    ///
    /// # Errors
    /// The folder or database cannot be created or opened, or its schema is newer than this program's.
    pub fn open(data: &Path) -> Result<Store, StoreError> {
        std::fs::create_dir_all(data.join("files"))?;
        let conn = Connection::open(data.join("kaoping.db"))?;
        conn.busy_timeout(std::time::Duration::from_secs(10))?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        // An acknowledged upload survives a crash: every commit reaches the disk.
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        conn.execute_batch("CREATE TABLE IF NOT EXISTS serve_schema (version INTEGER NOT NULL)")?;
        let version: Option<i64> = conn.query_row("SELECT version FROM serve_schema", [], |r| r.get(0)).optional()?;
        let version = version.unwrap_or(0) as usize;
        if version > MIGRATIONS.len() {
            return Err(StoreError::Refused(format!(
                "{}: schema version {version} is newer than this program's ({})",
                data.join("kaoping.db").display(),
                MIGRATIONS.len()
            )));
        }
        for (i, sql) in MIGRATIONS.iter().enumerate().skip(version) {
            let tx = conn.unchecked_transaction()?;
            tx.execute_batch(sql)?;
            tx.execute("DELETE FROM serve_schema", [])?;
            tx.execute("INSERT INTO serve_schema (version) VALUES (?1)", [i as i64 + 1])?;
            tx.commit()?;
        }
        Ok(Store { conn: Mutex::new(conn), data: data.to_path_buf() })
    }

    pub fn data(&self) -> &Path {
        &self.data
    }

    fn db(&self) -> std::sync::MutexGuard<'_, Connection> {
        self.conn.lock().unwrap_or_else(|e| e.into_inner())
    }

    // --- users ---

    pub fn user_count(&self) -> Result<i64, StoreError> {
        Ok(self.db().query_row("SELECT count(*) FROM users", [], |r| r.get(0))?)
    }

    /// # Errors
    /// The name is taken, or the database fails.
    pub fn add_user(
        &self,
        name: &str,
        role: Role,
        dept: Option<&str>,
        pm_id: Option<&str>,
        password: &str,
        first_password: bool,
    ) -> Result<(), StoreError> {
        let hash = hash_password(password);
        let db = self.db();
        let exists: bool =
            db.query_row("SELECT count(*) FROM users WHERE name = ?1", [name], |r| r.get::<_, i64>(0))? > 0;
        if exists {
            return Err(StoreError::Refused(format!("「{name}」已存在 / user \"{name}\" exists")));
        }
        db.execute(
            "INSERT INTO users (name, role, dept, pm_id, hash, first_password, created) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![name, role.as_str(), dept, pm_id, hash, first_password as i64, now()],
        )?;
        Ok(())
    }

    pub fn users(&self) -> Result<Vec<User>, StoreError> {
        let db = self.db();
        let mut stmt = db.prepare(&format!("SELECT {USER_COLS} FROM users ORDER BY name"))?;
        let users = stmt.query_map([], user_row)?.collect::<Result<_, _>>()?;
        Ok(users)
    }

    pub fn user(&self, name: &str) -> Result<Option<User>, StoreError> {
        let db = self.db();
        Ok(db.query_row(&format!("SELECT {USER_COLS} FROM users WHERE name = ?1"), [name], user_row).optional()?)
    }

    /// The user and their password hash.
    pub fn user_with_hash(&self, name: &str) -> Result<Option<(User, String)>, StoreError> {
        let db = self.db();
        let sql = format!("SELECT {USER_COLS}, hash FROM users WHERE name = ?1");
        Ok(db.query_row(&sql, [name], |r| Ok((user_row(r)?, r.get(6)?))).optional()?)
    }

    /// Removes a user, their sessions and tokens; false when there was none.
    pub fn remove_user(&self, name: &str) -> Result<bool, StoreError> {
        Ok(self.db().execute("DELETE FROM users WHERE name = ?1", [name])? > 0)
    }

    /// Sets a new password; the user's sessions end.
    pub fn set_password(&self, name: &str, password: &str) -> Result<bool, StoreError> {
        let hash = hash_password(password);
        let db = self.db();
        let n = db.execute("UPDATE users SET hash = ?1, first_password = 0 WHERE name = ?2", params![hash, name])?;
        db.execute("DELETE FROM sessions WHERE user_id IN (SELECT id FROM users WHERE name = ?1)", [name])?;
        Ok(n > 0)
    }

    /// A new API token for the user, returned once; only its digest is kept.
    pub fn new_token(&self, name: &str) -> Result<Option<String>, StoreError> {
        let Some(user) = self.user(name)? else { return Ok(None) };
        let token = format!("kp_{}", random_hex());
        self.db().execute(
            "INSERT INTO tokens (hash, user_id, created) VALUES (?1, ?2, ?3)",
            params![digest(&token), user.id, now()],
        )?;
        Ok(Some(token))
    }

    pub fn token_user(&self, token: &str) -> Result<Option<User>, StoreError> {
        let db = self.db();
        let sql = format!("SELECT {USER_COLS} FROM users WHERE id = (SELECT user_id FROM tokens WHERE hash = ?1)");
        Ok(db.query_row(&sql, [digest(token)], user_row).optional()?)
    }

    // --- sessions ---

    /// A new session: (the cookie's secret, the CSRF token).
    pub fn new_session(&self, user: &User) -> Result<(String, String), StoreError> {
        let (id, csrf) = (random_hex(), random_hex());
        let db = self.db();
        db.execute("DELETE FROM sessions WHERE expires < ?1", [unix()])?;
        db.execute(
            "INSERT INTO sessions (id_hash, user_id, csrf, expires) VALUES (?1, ?2, ?3, ?4)",
            params![digest(&id), user.id, csrf, unix() + SESSION_SECONDS],
        )?;
        Ok((id, csrf))
    }

    /// The session's user and CSRF token, while it lasts.
    pub fn session(&self, id: &str) -> Result<Option<(User, String)>, StoreError> {
        let db = self.db();
        let sql = "SELECT u.id, u.name, u.role, u.dept, u.pm_id, u.first_password, s.csrf FROM sessions s \
             JOIN users u ON u.id = s.user_id WHERE s.id_hash = ?1 AND s.expires >= ?2";
        Ok(db.query_row(sql, params![digest(id), unix()], |r| Ok((user_row(r)?, r.get(6)?))).optional()?)
    }

    pub fn end_session(&self, id: &str) -> Result<(), StoreError> {
        self.db().execute("DELETE FROM sessions WHERE id_hash = ?1", [digest(id)])?;
        Ok(())
    }

    // --- files and uploads ---

    /// Where a stored file lives.
    pub fn file_path(&self, sha256: &str) -> PathBuf {
        self.data.join("files").join(sha256)
    }

    /// Stores `bytes` by content and records the upload. The file is on the disk
    /// (written to a temporary file, synced, linked into place, the folder synced) before the
    /// upload's row is committed, and the row is committed before this returns: an
    /// acknowledged upload survives a crash. A stored file is never overwritten.
    pub fn put_upload(&self, month: &str, name: &str, bytes: &[u8], user: &str) -> Result<Upload, StoreError> {
        let sha256 = hex::encode(Sha256::digest(bytes));
        let path = self.file_path(&sha256);
        if !path.exists() {
            let dir = self.data.join("files");
            let tmp = dir.join(format!(".{sha256}.{}.tmp", random_hex()));
            let written = (|| {
                let mut f = std::fs::File::create(&tmp)?;
                f.write_all(bytes)?;
                f.sync_all()?;
                drop(f);
                // A link never replaces a file already there (the same bytes, stored by
                // another upload meanwhile); where links are not supported, a rename.
                match std::fs::hard_link(&tmp, &path) {
                    Ok(()) => std::fs::remove_file(&tmp)?,
                    Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => std::fs::remove_file(&tmp)?,
                    Err(_) => std::fs::rename(&tmp, &path)?,
                }
                std::fs::File::open(&dir)?.sync_all()
            })();
            if let Err(e) = written {
                let _ = std::fs::remove_file(&tmp);
                return Err(e.into());
            }
        }
        let upload =
            Upload { name: name.to_string(), sha256, size: bytes.len() as u64, user: user.to_string(), at: now() };
        self.db().execute(
            "INSERT INTO uploads (month, name, sha256, size, user_name, at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![month, upload.name, upload.sha256, upload.size as i64, upload.user, upload.at],
        )?;
        Ok(upload)
    }

    /// Every upload of a month, oldest first.
    pub fn uploads(&self, month: &str) -> Result<Vec<Upload>, StoreError> {
        let db = self.db();
        let mut stmt =
            db.prepare("SELECT name, sha256, size, user_name, at FROM uploads WHERE month = ?1 ORDER BY id")?;
        let rows = stmt
            .query_map([month], |r| {
                Ok(Upload {
                    name: r.get(0)?,
                    sha256: r.get(1)?,
                    size: r.get::<_, i64>(2)? as u64,
                    user: r.get(3)?,
                    at: r.get(4)?,
                })
            })?
            .collect::<Result<_, _>>()?;
        Ok(rows)
    }

    /// The files in force: the latest upload of each original name, by name.
    pub fn in_force(&self, month: &str) -> Result<Vec<Upload>, StoreError> {
        let mut latest = std::collections::BTreeMap::new();
        for u in self.uploads(month)? {
            latest.insert(u.name.clone(), u);
        }
        Ok(latest.into_values().collect())
    }

    /// The months with uploads or runs, newest first.
    pub fn months(&self) -> Result<Vec<String>, StoreError> {
        let db = self.db();
        let mut stmt =
            db.prepare("SELECT month FROM uploads UNION SELECT month FROM serve_runs ORDER BY month DESC")?;
        let rows = stmt.query_map([], |r| r.get(0))?.collect::<Result<_, _>>()?;
        Ok(rows)
    }

    // --- runs ---

    pub fn add_run(&self, month: &str, user: &str, summary: &serde_json::Value) -> Result<(), StoreError> {
        self.db().execute(
            "INSERT INTO serve_runs (month, user_name, at, summary) VALUES (?1, ?2, ?3, ?4)",
            params![month, user, now(), summary.to_string()],
        )?;
        Ok(())
    }

    /// The month's latest web run.
    pub fn latest_run(&self, month: &str) -> Result<Option<WebRun>, StoreError> {
        let db = self.db();
        let row = db
            .query_row(
                "SELECT user_name, at, summary FROM serve_runs WHERE month = ?1 ORDER BY id DESC LIMIT 1",
                [month],
                |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?)),
            )
            .optional()?;
        Ok(row.map(|(user, at, s)| WebRun { user, at, summary: serde_json::from_str(&s).unwrap_or_default() }))
    }

    /// Every web run of a month, newest first.
    pub fn runs(&self, month: &str) -> Result<Vec<WebRun>, StoreError> {
        let db = self.db();
        let mut stmt = db.prepare("SELECT user_name, at, summary FROM serve_runs WHERE month = ?1 ORDER BY id DESC")?;
        let rows = stmt
            .query_map([month], |r| {
                let s: String = r.get(2)?;
                Ok(WebRun { user: r.get(0)?, at: r.get(1)?, summary: serde_json::from_str(&s).unwrap_or_default() })
            })?
            .collect::<Result<_, _>>()?;
        Ok(rows)
    }

    /// Each month's latest run, oldest month first (a PM's trend).
    pub fn latest_runs(&self) -> Result<Vec<(String, WebRun)>, StoreError> {
        let db = self.db();
        let mut stmt = db.prepare(
            "SELECT month, user_name, at, summary FROM serve_runs WHERE id IN \
             (SELECT max(id) FROM serve_runs GROUP BY month) ORDER BY month",
        )?;
        let rows = stmt
            .query_map([], |r| {
                let s: String = r.get(3)?;
                Ok((
                    r.get(0)?,
                    WebRun { user: r.get(1)?, at: r.get(2)?, summary: serde_json::from_str(&s).unwrap_or_default() },
                ))
            })?
            .collect::<Result<_, _>>()?;
        Ok(rows)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_schema_is_made_once_and_a_newer_one_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        store.add_user("ann", Role::Clerk, None, None, "pw", false).unwrap();
        drop(store);
        let store = Store::open(dir.path()).unwrap();
        assert_eq!(store.user_count().unwrap(), 1);
        store.db().execute("UPDATE serve_schema SET version = 99", []).unwrap();
        drop(store);
        assert!(matches!(Store::open(dir.path()), Err(StoreError::Refused(_))));
    }

    #[test]
    fn passwords_tokens_and_sessions_are_kept_only_as_hashes() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        store.add_user("bo", Role::Manager, None, None, "secret pw", false).unwrap();
        let (user, hash) = store.user_with_hash("bo").unwrap().unwrap();
        assert!(verify_password("secret pw", &hash) && !verify_password("wrong", &hash));
        let token = store.new_token("bo").unwrap().unwrap();
        assert_eq!(store.token_user(&token).unwrap().unwrap().name, "bo");
        let (sid, _) = store.new_session(&user).unwrap();
        assert_eq!(store.session(&sid).unwrap().unwrap().0.name, "bo");
        let db = std::fs::read(dir.path().join("kaoping.db")).unwrap();
        let wal = std::fs::read(dir.path().join("kaoping.db-wal")).unwrap_or_default();
        for secret in [token.as_bytes(), sid.as_bytes(), b"secret pw"] {
            assert!(!db.windows(secret.len()).any(|w| w == secret));
            assert!(!wal.windows(secret.len()).any(|w| w == secret));
        }
    }

    #[test]
    fn the_latest_upload_of_a_name_is_in_force_and_files_are_never_overwritten() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        let a = store.put_upload("2026-11", "a.xlsx", b"one", "ann").unwrap();
        store.put_upload("2026-11", "a.xlsx", b"two", "ann").unwrap();
        store.put_upload("2026-11", "b.xlsx", b"one", "ann").unwrap();
        let force = store.in_force("2026-11").unwrap();
        assert_eq!(force.iter().map(|u| u.name.as_str()).collect::<Vec<_>>(), ["a.xlsx", "b.xlsx"]);
        assert_eq!(force[0].sha256, hex::encode(Sha256::digest(b"two")));
        assert_eq!(std::fs::read(store.file_path(&a.sha256)).unwrap(), b"one");
        assert_eq!(store.uploads("2026-11").unwrap().len(), 3);
    }
}
