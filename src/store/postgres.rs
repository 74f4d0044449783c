//! The PostgreSQL backend (the synchronous `postgres` crate).
//!
//! Statements are prepared once per connection and cached. Transactions run
//! at READ COMMITTED; the places that need more take row locks explicitly
//! (`FOR UPDATE` on the audit head and on the keys being verified), which is
//! what keeps concurrent writers on several machines correct without retry
//! loops. Migrations take a transaction-scoped advisory lock, so that eight
//! processes opening a fresh database at once apply them exactly once.

use std::collections::HashMap;
use std::error::Error as StdError;

use bytes::BytesMut;
use std::ops::ControlFlow;

use chrono::{DateTime, Utc};
use postgres::fallible_iterator::FallibleIterator;
use postgres::types::{IsNull, ToSql, Type, to_sql_checked};
use postgres::{Client, Statement};

use super::location::PgUrl;
use super::value::{Row, RowRef, Value};
use super::{Backend, Dialect, Migrated, Migration, Tx, TxMode, newer_schema_error, pgconn};
use crate::error::{Error, Result};

const MIGRATIONS: &[Migration] = super::migrations::POSTGRES;

/// `pg_advisory_xact_lock` key for migrations: "kwmigrat" in ASCII.
const MIGRATION_LOCK: i64 = 0x6b77_6d69_6772_6174;

pub struct PgBackend {
    client: Client,
    statements: HashMap<String, Statement>,
    shown: String,
}

impl PgBackend {
    pub fn connect(url: &PgUrl) -> Result<PgBackend> {
        let client = pgconn::connect(url)?;
        Ok(PgBackend {
            client,
            statements: HashMap::new(),
            shown: url.redacted(),
        })
    }

    fn version_in(client: &mut impl postgres::GenericClient, shown: &str) -> Result<i64> {
        let exists: bool = client
            .query_one("SELECT to_regclass('keywarden_schema') IS NOT NULL", &[])
            .map_err(|e| map_err(shown, e))?
            .get(0);
        if !exists {
            return Ok(0);
        }
        let row = client
            .query_one(
                "SELECT coalesce(max(version), 0) FROM keywarden_schema",
                &[],
            )
            .map_err(|e| map_err(shown, e))?;
        Ok(row.get::<_, i64>(0))
    }
}

fn map_err(shown: &str, e: postgres::Error) -> Error {
    if let Some(db) = e.as_db_error() {
        return match db.code().code() {
            "23505" | "23503" | "23514" => {
                Error::Conflict(format!("constraint violated: {}", db.message()))
            }
            "40001" | "40P01" => Error::Conflict(format!(
                "a concurrent change on {shown} conflicted with this one; nothing was written, try again"
            )),
            "25006" | "42501" => {
                Error::store(format!("{shown}: permission denied: {}", db.message()))
            }
            _ => Error::store(format!("PostgreSQL store {shown}: {}", db.message())),
        };
    }
    if e.is_closed() {
        return Error::store(format!("the connection to {shown} was lost"));
    }
    Error::store(format!("PostgreSQL store {shown}: {e}"))
}

impl ToSql for Value {
    fn to_sql(
        &self,
        ty: &Type,
        out: &mut BytesMut,
    ) -> std::result::Result<IsNull, Box<dyn StdError + Sync + Send>> {
        match self {
            Value::Null => Ok(IsNull::Yes),
            Value::Int(v) => match *ty {
                Type::INT4 => i32::try_from(*v)?.to_sql(ty, out),
                Type::INT2 => i16::try_from(*v)?.to_sql(ty, out),
                Type::BOOL => (*v != 0).to_sql(ty, out),
                _ => v.to_sql(ty, out),
            },
            Value::Text(s) => s.as_str().to_sql(ty, out),
            Value::Time(t) => match *ty {
                Type::INT8 => t.timestamp_micros().to_sql(ty, out),
                _ => t.to_sql(ty, out),
            },
            Value::TextArray(v) => v.to_sql(ty, out),
            // Each element in the array's element type; `Value::Null`
            // elements are NULLs.
            Value::Array(v) => v.to_sql(ty, out),
        }
    }

    fn accepts(_: &Type) -> bool {
        true
    }

    to_sql_checked!();
}

struct PgRow<'a>(&'a postgres::Row, &'a str);

impl PgRow<'_> {
    fn bad(&self, i: usize, e: impl std::fmt::Display) -> Error {
        Error::integrity(format!("{}: result column {i}: {e}", self.1))
    }
}

impl RowRef for PgRow<'_> {
    fn len(&self) -> usize {
        self.0.len()
    }
    fn opt_str(&self, i: usize) -> Result<Option<&str>> {
        self.0.try_get(i).map_err(|e| self.bad(i, e))
    }
    fn opt_i64(&self, i: usize) -> Result<Option<i64>> {
        let ty = self.0.columns()[i].type_();
        match *ty {
            Type::INT4 => self
                .0
                .try_get::<_, Option<i32>>(i)
                .map(|v| v.map(i64::from)),
            Type::INT2 => self
                .0
                .try_get::<_, Option<i16>>(i)
                .map(|v| v.map(i64::from)),
            Type::BOOL => self
                .0
                .try_get::<_, Option<bool>>(i)
                .map(|v| v.map(i64::from)),
            Type::TIMESTAMPTZ => self
                .0
                .try_get::<_, Option<DateTime<Utc>>>(i)
                .map(|v| v.map(|t| t.timestamp_micros())),
            _ => self.0.try_get::<_, Option<i64>>(i),
        }
        .map_err(|e| self.bad(i, e))
    }
    fn opt_time(&self, i: usize) -> Result<Option<DateTime<Utc>>> {
        match *self.0.columns()[i].type_() {
            Type::INT8 => self
                .opt_i64(i)?
                .map(crate::timefmt::from_micros)
                .transpose(),
            _ => self.0.try_get(i).map_err(|e| self.bad(i, e)),
        }
    }
    fn value(&self, i: usize) -> Result<Value> {
        let ty = self.0.columns()[i].type_().clone();
        Ok(match ty {
            Type::INT8 | Type::INT4 | Type::INT2 | Type::BOOL => self.opt_i64(i)?.into(),
            Type::TIMESTAMPTZ => self.opt_time(i)?.into(),
            Type::TEXT_ARRAY => self
                .0
                .try_get::<_, Option<Vec<String>>>(i)
                .map_err(|e| self.bad(i, e))?
                .map_or(Value::Null, Value::TextArray),
            _ => self.opt_string(i)?.into(),
        })
    }
}

struct PgTx<'c> {
    tx: postgres::Transaction<'c>,
    statements: &'c mut HashMap<String, Statement>,
    shown: &'c str,
    /// The audit head as [`HEAD_LOCK`] read it, until a statement names
    /// `audit_head` (see [`Tx::head_at_begin`]).
    head: Option<Row>,
}

/// What every write transaction runs first: the chain's head, locked.
const HEAD_LOCK: &str =
    "SELECT last_id, last_hash, last_ts FROM audit_head WHERE one = 1 FOR UPDATE";

impl PgTx<'_> {
    /// A statement that may move the audit head makes the head read at
    /// begin stale: only the text tells, so any mention of the table does.
    fn forget_head(&mut self, sql: &str) {
        if self.head.is_some() && sql.contains("audit_head") {
            self.head = None;
        }
    }

    fn statement(&mut self, sql: &str) -> Result<Statement> {
        if let Some(st) = self.statements.get(sql) {
            return Ok(st.clone());
        }
        let st = self.tx.prepare(sql).map_err(|e| map_err(self.shown, e))?;
        self.statements.insert(sql.to_owned(), st.clone());
        Ok(st)
    }
}

fn params(values: &[Value]) -> Vec<&(dyn ToSql + Sync)> {
    values.iter().map(|v| v as &(dyn ToSql + Sync)).collect()
}

impl Tx for PgTx<'_> {
    fn dialect(&self) -> Dialect {
        Dialect::Postgres
    }

    fn execute(&mut self, sql: &str, values: &[Value]) -> Result<u64> {
        self.forget_head(sql);
        let st = self.statement(sql)?;
        self.tx
            .execute(&st, &params(values))
            .map_err(|e| map_err(self.shown, e))
    }

    fn query_each(
        &mut self,
        sql: &str,
        values: &[Value],
        f: &mut dyn FnMut(&dyn RowRef) -> Result<ControlFlow<()>>,
    ) -> Result<()> {
        self.forget_head(sql);
        let st = self.statement(sql)?;
        let shown = self.shown;
        let mut rows = self
            .tx
            .query_raw(&st, values.iter())
            .map_err(|e| map_err(shown, e))?;
        while let Some(row) = rows.next().map_err(|e| map_err(shown, e))? {
            if f(&PgRow(&row, shown))?.is_break() {
                break;
            }
        }
        Ok(())
    }

    fn commit(self: Box<Self>) -> Result<()> {
        let shown = self.shown;
        self.tx.commit().map_err(|e| map_err(shown, e))
    }

    fn head_at_begin(&self) -> Option<Row> {
        self.head.clone()
    }
}

impl Backend for PgBackend {
    fn dialect(&self) -> Dialect {
        Dialect::Postgres
    }

    fn begin(&mut self, mode: TxMode) -> Result<Box<dyn Tx + '_>> {
        let shown = &self.shown;
        let tx = match mode {
            TxMode::Read => self.client.build_transaction().read_only(true).start(),
            TxMode::Write => self.client.transaction(),
        }
        .map_err(|e| map_err(shown, e))?;
        let mut tx = PgTx {
            tx,
            statements: &mut self.statements,
            shown,
            head: None,
        };
        if mode == TxMode::Write {
            // Every write appends to the audit chain, so every write takes
            // the chain's head first: one lock order for all transactions
            // (head, then rows), hence no deadlocks, and SQLite's
            // one-writer-at-a-time semantics on both stores. The same
            // statement (prepared once) reads the head for the append.
            let mut head = None;
            tx.query_each(HEAD_LOCK, &[], &mut |r| {
                head = Some(Row::from_ref(r)?);
                Ok(ControlFlow::Continue(()))
            })?;
            tx.head = head;
        }
        Ok(Box::new(tx))
    }

    fn schema_version(&mut self) -> Result<i64> {
        Self::version_in(&mut self.client, &self.shown)
    }

    fn latest_version(&self) -> i64 {
        MIGRATIONS.last().map_or(0, |m| m.version)
    }

    fn migrate(&mut self) -> Result<Migrated> {
        let latest = self.latest_version();
        let shown = self.shown.clone();
        let from = Self::version_in(&mut self.client, &shown)?;
        if from > latest {
            return Err(newer_schema_error(from, latest));
        }
        if from == latest {
            return Ok(Migrated { from, to: from });
        }
        let mut tx = self.client.transaction().map_err(|e| map_err(&shown, e))?;
        tx.execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATION_LOCK])
            .map_err(|e| map_err(&shown, e))?;
        let current = Self::version_in(&mut tx, &shown)?;
        if current > latest {
            return Err(newer_schema_error(current, latest));
        }
        tx.batch_execute(
            "CREATE TABLE IF NOT EXISTS keywarden_schema (
                 version    BIGINT PRIMARY KEY,
                 name       TEXT NOT NULL,
                 applied_at TIMESTAMPTZ NOT NULL DEFAULT now())",
        )
        .map_err(|e| map_err(&shown, e))?;
        for m in MIGRATIONS.iter().filter(|m| m.version > current) {
            tx.batch_execute(m.sql)
                .and_then(|_| {
                    tx.execute(
                        "INSERT INTO keywarden_schema (version, name) VALUES ($1, $2)",
                        &[&m.version, &m.name],
                    )
                })
                .map_err(|e| {
                    Error::store(format!(
                        "migration {} ({}) failed on {shown}: {}",
                        m.version,
                        m.name,
                        map_err(&shown, e)
                    ))
                })?;
        }
        tx.commit().map_err(|e| map_err(&shown, e))?;
        // Statements prepared against the old schema are stale now.
        self.statements.clear();
        Ok(Migrated { from, to: latest })
    }
}
