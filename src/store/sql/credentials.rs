//! Rows of the `credentials` table: encrypted values, never plaintext.

use chrono::{DateTime, Utc};

use crate::error::Result;
use crate::model::Credential;
use crate::store::{Dialect, RowRef, Tx, Value};

const COLUMNS: &str = "id, name, kind, scope, ciphertext, created_at, created_by, updated_at";

fn from_row(r: &dyn RowRef) -> Result<Credential> {
    Ok(Credential {
        id: r.string(0)?,
        name: r.string(1)?,
        kind: r.str(2)?.parse().map_err(|e: crate::Error| {
            crate::Error::integrity(format!("stored credential kind: {e}"))
        })?,
        scope: r.opt_string(3)?,
        ciphertext: r.string(4)?,
        created_at: r.time(5)?,
        created_by: r.string(6)?,
        updated_at: r.time(7)?,
    })
}

pub fn insert(tx: &mut dyn Tx, c: &Credential) -> Result<()> {
    tx.execute(
        &format!("INSERT INTO credentials ({COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"),
        &[
            (&c.id).into(),
            (&c.name).into(),
            c.kind.as_str().into(),
            c.scope.clone().into(),
            (&c.ciphertext).into(),
            c.created_at.into(),
            (&c.created_by).into(),
            c.updated_at.into(),
        ],
    )?;
    Ok(())
}

pub fn get(tx: &mut dyn Tx, id: &str) -> Result<Option<Credential>> {
    let sql = format!("SELECT {COLUMNS} FROM credentials WHERE id = $1");
    Ok(tx
        .query_map(&sql, &[id.into()], from_row)?
        .into_iter()
        .next())
}

pub fn by_name(tx: &mut dyn Tx, name: &str) -> Result<Option<Credential>> {
    let sql = format!("SELECT {COLUMNS} FROM credentials WHERE name = $1");
    Ok(tx
        .query_map(&sql, &[name.into()], from_row)?
        .into_iter()
        .next())
}

pub fn list(tx: &mut dyn Tx) -> Result<Vec<Credential>> {
    tx.query_map(
        &format!("SELECT {COLUMNS} FROM credentials ORDER BY name"),
        &[],
        from_row,
    )
}

/// Replaces a value; false when the credential is gone.
pub fn set_value(tx: &mut dyn Tx, id: &str, ciphertext: &str, now: DateTime<Utc>) -> Result<bool> {
    let n = tx.execute(
        "UPDATE credentials SET ciphertext = $2, updated_at = $3 WHERE id = $1",
        &[id.into(), ciphertext.into(), now.into()],
    )?;
    Ok(n == 1)
}

pub fn delete(tx: &mut dyn Tx, id: &str) -> Result<bool> {
    Ok(tx.execute("DELETE FROM credentials WHERE id = $1", &[id.into()])? == 1)
}

/// The part of a row re-encryption needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sealed {
    pub id: String,
    pub name: String,
    pub ciphertext: String,
}

fn sealed(r: &dyn RowRef) -> Result<Sealed> {
    Ok(Sealed {
        id: r.string(0)?,
        name: r.string(1)?,
        ciphertext: r.string(2)?,
    })
}

/// Streams every row (id, name, ciphertext), in storage order and constant
/// memory.
pub fn each(
    tx: &mut dyn Tx,
    f: &mut dyn FnMut(&dyn RowRef) -> Result<std::ops::ControlFlow<()>>,
) -> Result<()> {
    tx.query_each("SELECT id, name, ciphertext FROM credentials", &[], f)
}

/// Up to `limit` rows with an id after `after`, in id order (keyset
/// pagination: each batch is one index range scan, however far in).
pub fn batch_after(tx: &mut dyn Tx, after: &str, limit: usize) -> Result<Vec<Sealed>> {
    tx.query_map(
        "SELECT id, name, ciphertext FROM credentials WHERE id > $1 ORDER BY id LIMIT $2",
        &[after.into(), Value::Int(limit as i64)],
        sealed,
    )
}

pub fn sealed_by_id(tx: &mut dyn Tx, id: &str) -> Result<Option<Sealed>> {
    Ok(tx
        .query_map(
            "SELECT id, name, ciphertext FROM credentials WHERE id = $1",
            &[id.into()],
            sealed,
        )?
        .into_iter()
        .next())
}

/// One compare-and-swap write: `id`'s value becomes `new` only if it
/// still is `old`.
#[derive(Debug, Clone)]
pub struct Swap {
    pub id: String,
    pub old: String,
    pub new: String,
}

/// Applies the swaps whose rows still hold the value that was read, and
/// returns their ids. PostgreSQL gets one statement per batch (`unnest`);
/// SQLite, in-process, one prepared statement per row.
pub fn compare_and_swap(tx: &mut dyn Tx, swaps: &[Swap]) -> Result<Vec<String>> {
    if swaps.is_empty() {
        return Ok(Vec::new());
    }
    match tx.dialect() {
        Dialect::Postgres => {
            // With a known array length the planner switches to a hash join
            // over the whole table for big batches (O(table) per batch);
            // each swap is one primary-key probe, so keep it on the index.
            tx.query_map(
                "SELECT set_config('enable_hashjoin', 'off', true), set_config('enable_mergejoin', 'off', true)",
                &[],
                |_| Ok(()),
            )?;
            let col = |f: fn(&Swap) -> &String| {
                Value::TextArray(swaps.iter().map(|s| f(s).clone()).collect())
            };
            tx.query_map(
                "UPDATE credentials AS c SET ciphertext = v.new \
                 FROM unnest($1::text[], $2::text[], $3::text[]) AS v(id, old, new) \
                 WHERE c.id = v.id AND c.ciphertext = v.old RETURNING c.id",
                &[col(|s| &s.id), col(|s| &s.old), col(|s| &s.new)],
                |r| r.string(0),
            )
        }
        Dialect::Sqlite => {
            let mut done = Vec::with_capacity(swaps.len());
            for s in swaps {
                let n = tx.execute(
                    "UPDATE credentials SET ciphertext = $3 WHERE id = $1 AND ciphertext = $2",
                    &[(&s.id).into(), (&s.old).into(), (&s.new).into()],
                )?;
                if n == 1 {
                    done.push(s.id.clone());
                }
            }
            Ok(done)
        }
    }
}

pub fn count(tx: &mut dyn Tx) -> Result<i64> {
    tx.query_i64("SELECT count(*) FROM credentials", &[])
}
