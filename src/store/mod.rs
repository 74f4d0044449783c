//! The store: one synchronous interface over SQLite and PostgreSQL.
//!
//! A [`Backend`] knows how to connect, migrate and open transactions in one
//! dialect; a [`Tx`] runs SQL inside one. Everything above — keys, the audit
//! chain, credentials — is written once against `Tx` in the `sql` modules,
//! with `$1`-style placeholders and small [`Dialect`] fragments where the two
//! databases really differ, so both stores behave identically by
//! construction. A command composes several `sql` calls inside one
//! [`Store::write`], which is how every change and its audit event commit
//! together or not at all.
//!
//! Driver errors are turned into [`Error`](crate::Error) here and never leak
//! past this module. Nothing here ever logs or formats a bound value.

pub mod location;
mod migrations;
mod pgconn;
mod postgres;
pub(crate) mod sql;
mod sqlite;
pub(crate) mod value;

use std::ops::ControlFlow;

use crate::error::{Error, Result};
use crate::token;
pub use location::Location;
pub(crate) use value::{Row, RowRef, Value};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    Sqlite,
    Postgres,
}

impl Dialect {
    pub fn name(self) -> &'static str {
        match self {
            Dialect::Sqlite => "sqlite",
            Dialect::Postgres => "postgres",
        }
    }

    /// Row locking for read-modify-write; SQLite's write transactions
    /// already hold the database lock from their first statement.
    pub fn for_update(self) -> &'static str {
        match self {
            Dialect::Sqlite => "",
            Dialect::Postgres => " FOR UPDATE",
        }
    }

    /// A `FROM` item with one row per element of the JSON array bound as
    /// `param`, the element (JSON) in column `value`: `value ->> 0` reads
    /// an element's first member as SQL text (a number as a number in
    /// SQLite; cast it). One statement text however long the list, so
    /// a batch of any size is one prepared statement on both stores.
    pub fn json_rows(self, param: &str) -> String {
        match self {
            Dialect::Sqlite => format!("json_each({param})"),
            Dialect::Postgres => format!("json_array_elements(CAST({param} AS json)) AS e(value)"),
        }
    }

    /// A case-sensitive glob match (`*`, `?`) of `col` against parameter
    /// `param`, with the same meaning on both stores. Pair it with
    /// [`Dialect::glob_pattern`].
    pub fn glob_match(self, col: &str, param: &str) -> String {
        match self {
            Dialect::Sqlite => format!("{col} GLOB {param}"),
            Dialect::Postgres => format!("{col} LIKE {param} ESCAPE '\\'"),
        }
    }

    pub fn glob_pattern(self, glob: &str) -> Result<String> {
        if glob.contains(['[', ']']) {
            return Err(Error::invalid(format!(
                "unsupported pattern {glob:?}: only `*` and `?` wildcards are supported"
            )));
        }
        Ok(match self {
            Dialect::Sqlite => glob.to_owned(),
            Dialect::Postgres => {
                let mut out = String::with_capacity(glob.len() + 4);
                for c in glob.chars() {
                    match c {
                        '*' => out.push('%'),
                        '?' => out.push('_'),
                        '%' | '_' | '\\' => {
                            out.push('\\');
                            out.push(c);
                        }
                        c => out.push(c),
                    }
                }
                out
            }
        })
    }

    /// An expression truncating the time column `col` to the hour or day.
    pub fn time_bucket(self, col: &str, unit: TimeUnit) -> String {
        match (self, unit) {
            (Dialect::Sqlite, TimeUnit::Hour) => format!("({col} / 3600000000) * 3600000000"),
            (Dialect::Sqlite, TimeUnit::Day) => format!("({col} / 86400000000) * 86400000000"),
            // In UTC whatever the session's TimeZone: a bucket is the same
            // hour or day on both stores.
            (Dialect::Postgres, TimeUnit::Hour) => {
                format!("(date_trunc('hour', {col} AT TIME ZONE 'UTC') AT TIME ZONE 'UTC')")
            }
            (Dialect::Postgres, TimeUnit::Day) => {
                format!("(date_trunc('day', {col} AT TIME ZONE 'UTC') AT TIME ZONE 'UTC')")
            }
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeUnit {
    Hour,
    Day,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TxMode {
    /// A consistent read.
    Read,
    /// A write that takes its locks up front, so it never fails half-way
    /// on a lock upgrade.
    Write,
}

/// One transaction. Dropping it without [`Tx::commit`] rolls it back.
pub(crate) trait Tx {
    fn dialect(&self) -> Dialect;
    fn execute(&mut self, sql: &str, params: &[Value]) -> Result<u64>;
    /// Streams the result rows through `f` without buffering them, until
    /// the rows end or `f` answers [`ControlFlow::Break`].
    fn query_each(
        &mut self,
        sql: &str,
        params: &[Value],
        f: &mut dyn FnMut(&dyn RowRef) -> Result<ControlFlow<()>>,
    ) -> Result<()>;
    fn commit(self: Box<Self>) -> Result<()>;
    /// The audit chain's head row (`last_id, last_hash, last_ts`) as this
    /// write transaction read it in the statement that locked it when it
    /// began, while no statement run since names `audit_head`; `None`:
    /// read it. PostgreSQL saves a round trip per write this way.
    fn head_at_begin(&self) -> Option<Row> {
        None
    }
}

impl dyn Tx + '_ {
    pub fn query_map<T>(
        &mut self,
        sql: &str,
        params: &[Value],
        mut f: impl FnMut(&dyn RowRef) -> Result<T>,
    ) -> Result<Vec<T>> {
        let mut out = Vec::new();
        self.query_each(sql, params, &mut |r| {
            out.push(f(r)?);
            Ok(ControlFlow::Continue(()))
        })?;
        Ok(out)
    }

    pub fn query(&mut self, sql: &str, params: &[Value]) -> Result<Vec<Row>> {
        self.query_map(sql, params, Row::from_ref)
    }

    pub fn query_opt(&mut self, sql: &str, params: &[Value]) -> Result<Option<Row>> {
        Ok(self.query(sql, params)?.into_iter().next())
    }

    pub fn query_one(&mut self, sql: &str, params: &[Value]) -> Result<Row> {
        self.query_opt(sql, params)?
            .ok_or_else(|| Error::store("query returned no row"))
    }

    pub fn query_i64(&mut self, sql: &str, params: &[Value]) -> Result<i64> {
        self.query_one(sql, params)?.i64(0)
    }
}

/// A connection to one store, in one dialect.
pub(crate) trait Backend: Send {
    fn dialect(&self) -> Dialect;
    fn begin(&mut self, mode: TxMode) -> Result<Box<dyn Tx + '_>>;
    /// The schema version the store is at (0 for an empty store).
    fn schema_version(&mut self) -> Result<i64>;
    /// Applies the embedded migrations this store lacks, in one transaction.
    /// Refuses, writing nothing, a store whose schema is newer than the binary.
    fn migrate(&mut self) -> Result<Migrated>;
    /// The newest schema version this binary knows.
    fn latest_version(&self) -> i64;
    /// Lets writers waiting for the store in, briefly, before a long run
    /// of back-to-back write transactions takes the lock again.
    fn hand_off(&mut self) {}
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Migrated {
    pub from: i64,
    pub to: i64,
}

/// An embedded migration.
pub struct Migration {
    pub version: i64,
    pub name: &'static str,
    pub sql: &'static str,
}

pub(crate) fn newer_schema_error(found: i64, latest: i64) -> Error {
    Error::integrity(format!(
        "the store's schema is version {found}, newer than this keywarden understands \
         (up to {latest}); upgrade keywarden — nothing was written"
    ))
}

/// Store-wide settings (contract §1), read once when the store opens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    pub prefix: String,
    pub bcrypt_cost: u32,
    /// The random id made when the store was created (32 lowercase hex
    /// digits; schema v4): the origin of its signed checkpoints.
    pub store_id: String,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            prefix: token::DEFAULT_PREFIX.to_owned(),
            bcrypt_cost: 12,
            store_id: String::new(),
        }
    }
}

pub fn validate_bcrypt_cost(cost: u32) -> Result<()> {
    if (4..=31).contains(&cost) {
        Ok(())
    } else {
        Err(Error::invalid(format!(
            "bcrypt cost {cost} is outside 4–31; 12 is the default, 10 the lowest recommended"
        )))
    }
}

/// An open store: the backend, where it is, and its settings.
pub struct Store {
    backend: Box<dyn Backend>,
    location: Location,
    settings: Settings,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store")
            .field("location", &self.location.redacted())
            .field("settings", &self.settings)
            .finish()
    }
}

impl Store {
    /// Opens and migrates the store at `url`: `sqlite:PATH`, a path ending
    /// in `.db`/`.sqlite`, or a `postgres://` URL. A SQLite store must
    /// exist: a mistyped path is [`Error::NotFound`], never a new empty
    /// store (only [`Store::create`] makes one).
    pub fn open(url: &str) -> Result<Store> {
        Store::open_location(Location::parse(url)?)
    }

    /// Opens the store at `url`, creating a SQLite file (0600, in a 0700
    /// directory) if there is none: what `keywarden init` does.
    pub fn create(url: &str) -> Result<Store> {
        Store::create_location(Location::parse(url)?)
    }

    pub fn open_location(location: Location) -> Result<Store> {
        Store::connect(location, false)
    }

    pub fn create_location(location: Location) -> Result<Store> {
        Store::connect(location, true)
    }

    fn connect(location: Location, create: bool) -> Result<Store> {
        let mut backend: Box<dyn Backend> = match &location {
            Location::Sqlite(path) => Box::new(sqlite::SqliteBackend::open(path, create)?),
            Location::Postgres(cfg) => Box::new(postgres::PgBackend::connect(cfg)?),
        };
        backend.migrate()?;
        let mut store = Store {
            backend,
            location,
            settings: Settings::default(),
        };
        store.reload_settings()?;
        Ok(store)
    }

    pub fn location(&self) -> &Location {
        &self.location
    }

    pub fn dialect(&self) -> Dialect {
        self.backend.dialect()
    }

    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    pub fn schema_version(&mut self) -> Result<i64> {
        self.backend.schema_version()
    }

    pub fn latest_version(&self) -> i64 {
        self.backend.latest_version()
    }

    pub fn migrate(&mut self) -> Result<Migrated> {
        self.backend.migrate()
    }

    pub fn reload_settings(&mut self) -> Result<()> {
        self.settings = self.read(sql::settings::load)?;
        Ok(())
    }

    /// Runs `f` in a read transaction.
    pub(crate) fn read<T>(&mut self, f: impl FnOnce(&mut dyn Tx) -> Result<T>) -> Result<T> {
        let mut tx = self.backend.begin(TxMode::Read)?;
        let out = f(&mut *tx)?;
        tx.commit()?;
        Ok(out)
    }

    /// Between the write transactions of a long job (a rekey): lets any
    /// writer waiting for the store go first, for a bounded moment, so that
    /// a revocation or a `keys verify` is never starved behind the job.
    pub(crate) fn hand_off(&mut self) {
        self.backend.hand_off()
    }

    /// Runs `f` in a write transaction and commits when it returns `Ok`;
    /// on `Err` nothing it did is kept.
    pub(crate) fn write<T>(&mut self, f: impl FnOnce(&mut dyn Tx) -> Result<T>) -> Result<T> {
        let mut tx = self.backend.begin(TxMode::Write)?;
        let out = f(&mut *tx)?;
        tx.commit()?;
        Ok(out)
    }
}
