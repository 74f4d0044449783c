//! The embedded SQLite backend: zero set-up, one file.
//!
//! The file is created 0600 in a 0700 directory before SQLite opens it, and
//! runs in WAL mode with `synchronous=FULL` (a revocation must survive a
//! power cut) and a busy handler, so that several processes — a server, an
//! admin, a cron job — share it safely. Write transactions are `BEGIN
//! IMMEDIATE`: they take the write lock up front instead of failing half-way
//! through on a lock upgrade.
//!
//! SQLite's write lock is not fair: a job that commits back to back (a
//! rekey) retakes it within microseconds, and its own busy handler backs
//! off to 100 ms sleeps, so a waiting `keys revoke` could wait for the
//! whole job. Two things make it fair. A waiting connection polls every
//! millisecond and, while it waits, holds a shared `flock` on the sidecar
//! file `<store>-wait`; and a long job calls [`Backend::hand_off`] between
//! transactions, which sees those locks and pauses (bounded) until the
//! waiters are in.

use std::fs::{DirBuilder, File, OpenOptions};
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use std::ops::ControlFlow;

use chrono::{DateTime, Utc};
use rusqlite::types::{ToSqlOutput, ValueRef};
use rusqlite::{Connection, OpenFlags, TransactionBehavior};

use super::value::{RowRef, Value};
use super::{Backend, Dialect, Migrated, Migration, Tx, TxMode, newer_schema_error};
use crate::error::{Error, Result};
use crate::timefmt;

const MIGRATIONS: &[Migration] = super::migrations::SQLITE;

const BUSY_TIMEOUT: Duration = Duration::from_secs(30);
/// How often a connection that finds the store locked tries again.
const POLL: Duration = Duration::from_millis(1);
/// The longest a hand-off pauses a job for waiting writers: under a
/// constant stream of them the job still moves a batch this often.
const HAND_OFF_MAX: Duration = Duration::from_millis(20);

pub struct SqliteBackend {
    conn: Connection,
    path: String,
    wait: Arc<Mutex<WaitRoom>>,
}

/// The sidecar file `<store>-wait`, opened when first needed: a shared
/// lock on it means "a writer is waiting for the store".
struct WaitRoom {
    path: PathBuf,
    file: Option<File>,
    /// Whether this connection holds its shared lock now.
    waiting: bool,
    since: Instant,
}

fn lock(room: &Mutex<WaitRoom>) -> std::sync::MutexGuard<'_, WaitRoom> {
    room.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Begins a transaction, waiting (through the busy handler) as long as
/// needed, and then stops being seen as a waiter.
fn transaction<'c>(
    conn: &'c mut Connection,
    wait: &Mutex<WaitRoom>,
    behavior: TransactionBehavior,
) -> rusqlite::Result<rusqlite::Transaction<'c>> {
    let began = conn.transaction_with_behavior(behavior);
    lock(wait).leave();
    began
}

impl WaitRoom {
    fn file(&mut self) -> Option<&File> {
        if self.file.is_none() {
            // Best effort: without the sidecar (a read-only directory) a
            // waiter still polls, it just cannot be seen.
            self.file = OpenOptions::new()
                .read(true)
                .write(true)
                .create(true)
                .truncate(false)
                .mode(0o600)
                .open(&self.path)
                .ok();
        }
        self.file.as_ref()
    }

    /// Called by SQLite each time the store is found locked; `false` gives
    /// up (SQLITE_BUSY) after [`BUSY_TIMEOUT`].
    fn busy(&mut self, count: i32) -> bool {
        if count == 0 {
            self.since = Instant::now();
            if !self.waiting {
                self.waiting = self.file().is_some_and(|f| f.try_lock_shared().is_ok());
            }
        }
        if self.since.elapsed() >= BUSY_TIMEOUT {
            return false;
        }
        std::thread::sleep(POLL);
        true
    }

    /// Stops being seen as waiting (the lock was granted, or given up).
    fn leave(&mut self) {
        if std::mem::take(&mut self.waiting)
            && let Some(f) = &self.file
        {
            let _ = f.unlock();
        }
    }

    /// Pauses while other connections wait, for at most [`HAND_OFF_MAX`].
    fn hand_off(&mut self) {
        // A statement after BEGIN (a COMMIT) may have waited and left our
        // own shared lock behind; the exclusive probe must not see it.
        self.leave();
        let Some(f) = self.file() else { return };
        let until = Instant::now() + HAND_OFF_MAX;
        loop {
            match f.try_lock() {
                Ok(()) => {
                    let _ = f.unlock();
                    return;
                }
                Err(std::fs::TryLockError::WouldBlock) if Instant::now() < until => {
                    std::thread::sleep(POLL / 2)
                }
                Err(_) => return,
            }
        }
    }
}

impl SqliteBackend {
    /// Opens the store file; with `create`, makes it first if missing.
    pub fn open(path: &Path, create: bool) -> Result<SqliteBackend> {
        let shown = path.display().to_string();
        if !path.exists() {
            if !create {
                return Err(Error::not_found(format!(
                    "no store at {shown}: create one with `keywarden init`, or name the store you \
                     meant"
                )));
            }
            create_private(path)?;
        }
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let mut conn = Connection::open_with_flags(path, flags)
            .map_err(|e| Error::store(format!("cannot open SQLite store {shown}: {e}")))?;
        check_is_store(&conn, path, create)?;
        let mut sidecar = path.as_os_str().to_owned();
        sidecar.push("-wait");
        let wait = Arc::new(Mutex::new(WaitRoom {
            path: sidecar.into(),
            file: None,
            waiting: false,
            since: Instant::now(),
        }));
        let room = Arc::clone(&wait);
        let setup = || -> rusqlite::Result<()> {
            conn.busy_handler(Some(move |count| lock(&room).busy(count)))?;
            // WAL is a property of the file: set once, when the store is
            // new. Asked of SQLite, never read from the file: opening and
            // closing the store file outside SQLite would drop every POSIX
            // lock this process holds on it (fcntl locks are per process),
            // and another program could then delete the WAL under the
            // open connections.
            let mode: String = conn.pragma_query_value(None, "journal_mode", |r| r.get(0))?;
            if !mode.eq_ignore_ascii_case("wal") {
                conn.pragma_update(None, "journal_mode", "WAL")?;
            }
            // Big scans (audit verify, rekey) re-read fewer pages with a
            // 16 MiB page cache; it is a ceiling, so memory stays flat
            // however large the store grows. One batch: every open pays it.
            conn.execute_batch(
                "PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; PRAGMA cache_size = -16384;",
            )
        };
        setup().map_err(|e| Error::store(format!("cannot open SQLite store {shown}: {e}")))?;
        Ok(SqliteBackend {
            conn,
            path: shown,
            wait,
        })
    }

    fn err(&self, e: rusqlite::Error) -> Error {
        map_err(&self.path, e)
    }
}

/// Refuses a file that is not a keywarden store before anything is
/// written to it: an empty file or another program's database is never
/// made into a store by a command other than `init`, and `init` never
/// adds its tables to another program's database.
fn check_is_store(conn: &Connection, path: &Path, create: bool) -> Result<()> {
    let shown = path.display();
    let read = || -> rusqlite::Result<(i64, i64)> {
        let version = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
        let tables = conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))?;
        Ok((version, tables))
    };
    let (version, tables) = read().map_err(|e| map_err(&shown.to_string(), e))?;
    if version > 0 {
        return Ok(());
    }
    if tables > 0 {
        return Err(Error::invalid(format!(
            "{shown} is another program's SQLite database, not a keywarden store; \
             name a new file for the store"
        )));
    }
    if !create {
        return Err(Error::not_found(format!(
            "{shown} is empty, not a keywarden store: create one with `keywarden init`, \
             or name the store you meant"
        )));
    }
    // An empty file made by someone else becomes the store: private first.
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600))
        .map_err(|e| Error::store(format!("cannot make {shown} private (0600): {e}")))
}

/// Creates the parent directory (0700) and the file (0600) if missing, so
/// that no moment exists where a store file is readable by others.
fn create_private(path: &Path) -> Result<()> {
    let shown = path.display();
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty())
        && !dir.exists()
    {
        DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(dir)
            .map_err(|e| Error::store(format!("cannot create directory {}: {e}", dir.display())))?;
    }
    match OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
    {
        Ok(_) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        Err(e) => Err(Error::store(format!(
            "cannot create SQLite store {shown}: {e}"
        ))),
    }
}

fn map_err(path: &str, e: rusqlite::Error) -> Error {
    use rusqlite::ErrorCode as C;
    match e.sqlite_error_code() {
        Some(C::DatabaseBusy | C::DatabaseLocked) => Error::store(format!(
            "the SQLite store {path} stayed locked by another process for {}s; try again",
            BUSY_TIMEOUT.as_secs()
        )),
        Some(C::ConstraintViolation) => Error::Conflict(format!("constraint violated: {e}")),
        Some(C::NotADatabase) => Error::store(format!("{path} is not a SQLite database")),
        Some(C::ReadOnly | C::CannotOpen | C::PermissionDenied) => Error::store(format!(
            "cannot write the SQLite store {path}: {e}. Every command that changes the store \
             (and `keys verify`, which records use) needs write access to the file and to the \
             directory holding it, where SQLite keeps its write-ahead log ({path}-wal, -shm); \
             run as the store's owner or grant that access"
        )),
        _ => Error::store(format!("SQLite store {path}: {e}")),
    }
}

impl rusqlite::ToSql for Value {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(match self {
            Value::Null => ToSqlOutput::Borrowed(ValueRef::Null),
            Value::Int(v) => ToSqlOutput::Borrowed(ValueRef::Integer(*v)),
            Value::Text(s) => ToSqlOutput::Borrowed(ValueRef::Text(s.as_bytes())),
            Value::Time(t) => ToSqlOutput::Borrowed(ValueRef::Integer(t.timestamp_micros())),
            Value::TextArray(_) | Value::Array(_) => {
                return Err(rusqlite::Error::ToSqlConversionFailure(
                    "arrays are not bound in SQLite".into(),
                ));
            }
        })
    }
}

/// Domain SQL uses `$1`; SQLite's numbered form is `?1`. No domain SQL has
/// a `$` anywhere else.
fn translate(sql: &str) -> String {
    sql.replace('$', "?")
}

struct SqliteRow<'r, 's>(&'r rusqlite::Row<'s>, &'r str);

impl SqliteRow<'_, '_> {
    fn get(&self, i: usize) -> Result<ValueRef<'_>> {
        self.0.get_ref(i).map_err(|e| map_err(self.1, e))
    }
}

impl RowRef for SqliteRow<'_, '_> {
    fn len(&self) -> usize {
        self.0.as_ref().column_count()
    }
    fn opt_str(&self, i: usize) -> Result<Option<&str>> {
        match self.get(i)? {
            ValueRef::Null => Ok(None),
            ValueRef::Text(b) => std::str::from_utf8(b)
                .map(Some)
                .map_err(|_| Error::integrity(format!("column {i} is not UTF-8"))),
            _ => Err(Error::integrity(format!("column {i}: expected text"))),
        }
    }
    fn opt_i64(&self, i: usize) -> Result<Option<i64>> {
        match self.get(i)? {
            ValueRef::Null => Ok(None),
            ValueRef::Integer(v) => Ok(Some(v)),
            _ => Err(Error::integrity(format!("column {i}: expected an integer"))),
        }
    }
    fn opt_time(&self, i: usize) -> Result<Option<DateTime<Utc>>> {
        self.opt_i64(i)?.map(timefmt::from_micros).transpose()
    }
    fn value(&self, i: usize) -> Result<Value> {
        Ok(match self.get(i)? {
            ValueRef::Null => Value::Null,
            ValueRef::Integer(v) => Value::Int(v),
            ValueRef::Real(v) => Value::Int(v as i64),
            ValueRef::Text(b) | ValueRef::Blob(b) => {
                Value::Text(String::from_utf8_lossy(b).into_owned())
            }
        })
    }
}

struct SqliteTx<'c> {
    tx: rusqlite::Transaction<'c>,
    path: &'c str,
}

impl Tx for SqliteTx<'_> {
    fn dialect(&self) -> Dialect {
        Dialect::Sqlite
    }

    fn execute(&mut self, sql: &str, params: &[Value]) -> Result<u64> {
        let run = || -> rusqlite::Result<usize> {
            let mut st = self.tx.prepare_cached(&translate(sql))?;
            st.execute(rusqlite::params_from_iter(params))
        };
        run().map(|n| n as u64).map_err(|e| map_err(self.path, e))
    }

    fn query_each(
        &mut self,
        sql: &str,
        params: &[Value],
        f: &mut dyn FnMut(&dyn RowRef) -> Result<ControlFlow<()>>,
    ) -> Result<()> {
        let path = self.path;
        let mut st = self
            .tx
            .prepare_cached(&translate(sql))
            .map_err(|e| map_err(path, e))?;
        let mut rows = st
            .query(rusqlite::params_from_iter(params))
            .map_err(|e| map_err(path, e))?;
        while let Some(row) = rows.next().map_err(|e| map_err(path, e))? {
            if f(&SqliteRow(row, path))?.is_break() {
                break;
            }
        }
        Ok(())
    }

    fn commit(self: Box<Self>) -> Result<()> {
        let path = self.path;
        self.tx.commit().map_err(|e| map_err(path, e))
    }
}

impl SqliteBackend {
    fn user_version(&self) -> Result<i64> {
        self.conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .map_err(|e| self.err(e))
    }
}

impl Backend for SqliteBackend {
    fn dialect(&self) -> Dialect {
        Dialect::Sqlite
    }

    fn begin(&mut self, mode: TxMode) -> Result<Box<dyn Tx + '_>> {
        let behavior = match mode {
            TxMode::Read => TransactionBehavior::Deferred,
            TxMode::Write => TransactionBehavior::Immediate,
        };
        let path = &self.path;
        let tx = transaction(&mut self.conn, &self.wait, behavior).map_err(|e| map_err(path, e))?;
        Ok(Box::new(SqliteTx { tx, path }))
    }

    fn hand_off(&mut self) {
        lock(&self.wait).hand_off()
    }

    fn schema_version(&mut self) -> Result<i64> {
        self.user_version()
    }

    fn latest_version(&self) -> i64 {
        MIGRATIONS.last().map_or(0, |m| m.version)
    }

    fn migrate(&mut self) -> Result<Migrated> {
        let latest = self.latest_version();
        let from = self.user_version()?;
        if from > latest {
            return Err(newer_schema_error(from, latest));
        }
        if from == latest {
            return Ok(Migrated { from, to: from });
        }
        let path = self.path.clone();
        let tx = transaction(&mut self.conn, &self.wait, TransactionBehavior::Immediate)
            .map_err(|e| map_err(&path, e))?;
        // Another process may have migrated while we waited for the lock.
        let current: i64 = tx
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .map_err(|e| map_err(&path, e))?;
        for m in MIGRATIONS.iter().filter(|m| m.version > current) {
            tx.execute_batch(m.sql)
                .and_then(|_| tx.pragma_update(None, "user_version", m.version))
                .map_err(|e| {
                    Error::store(format!(
                        "migration {} ({}) failed on {path}: {e}",
                        m.version, m.name
                    ))
                })?;
        }
        tx.commit().map_err(|e| map_err(&path, e))?;
        Ok(Migrated { from, to: latest })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_read_only_store_says_what_access_is_needed() {
        let e = rusqlite::Error::SqliteFailure(
            rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_READONLY),
            Some("attempt to write a readonly database".into()),
        );
        let msg = map_err("/srv/kw/store.db", e).to_string();
        assert!(
            msg.contains("attempt to write a readonly database"),
            "{msg}"
        );
        assert!(
            msg.contains("write access to the file and to the directory holding it")
                && msg.contains("/srv/kw/store.db-wal"),
            "{msg}"
        );
    }
}
