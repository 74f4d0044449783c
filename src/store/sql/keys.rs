//! Rows of the `keys` table.
//!
//! The columns are listed once, in [`fields`]: the INSERT takes its names,
//! placeholders and values from there, the SELECT its names, and
//! [`from_row`] reads each column by name. Adding a field to [`Key`] is
//! one line in [`fields`], one in [`from_row`] and a migration.

use std::collections::HashMap;

use chrono::{DateTime, Utc};

use super::{json_list, parse_json_list};
use crate::authz::ScopePath;
use crate::error::{Error, Result};
use crate::model::{Key, KeyCounts, KeyStatus};
use crate::store::{RowRef, Tx, Value};

/// Every column of a key row with its value, in one list.
fn fields(k: &Key) -> [(&'static str, Value); 20] {
    let scopes: Vec<String> = k.scopes.iter().map(ToString::to_string).collect();
    [
        ("id", (&k.id).into()),
        ("prefix", (&k.prefix).into()),
        ("name", (&k.name).into()),
        ("kind", k.kind.as_str().into()),
        ("token_hash", (&k.token_hash).into()),
        ("scopes", json_list(&scopes).into()),
        ("abilities", json_list(&k.abilities).into()),
        ("tools", k.tools.as_deref().map(json_list).into()),
        ("note", k.note.clone().into()),
        ("rate_limit_per_min", k.rate_limit_per_min.into()),
        ("created_at", k.created_at.into()),
        ("created_by", (&k.created_by).into()),
        ("expires_at", k.expires_at.into()),
        ("expires_in_secs", k.expires_in_secs.into()),
        ("expires_in_months", k.expires_in_months.into()),
        ("grace_until", k.grace_until.into()),
        ("last_used_at", k.last_used_at.into()),
        ("revoked_at", k.revoked_at.into()),
        ("revoked_reason", k.revoked_reason.clone().into()),
        ("rotated_from", k.rotated_from.clone().into()),
    ]
}

/// The column names of [`fields`], in its order (checked by a test).
const COLUMNS: [&str; 20] = [
    "id",
    "prefix",
    "name",
    "kind",
    "token_hash",
    "scopes",
    "abilities",
    "tools",
    "note",
    "rate_limit_per_min",
    "created_at",
    "created_by",
    "expires_at",
    "expires_in_secs",
    "expires_in_months",
    "grace_until",
    "last_used_at",
    "revoked_at",
    "revoked_reason",
    "rotated_from",
];

fn select_list() -> String {
    COLUMNS.join(", ")
}

/// The position of a column in a `SELECT {select_list()}` row.
fn col(name: &str) -> usize {
    COLUMNS
        .iter()
        .position(|c| *c == name)
        .unwrap_or_else(|| unreachable!("{name} is not a column of keys"))
}

fn from_row(r: &dyn RowRef) -> Result<Key> {
    let scopes = parse_json_list(r.str(col("scopes"))?, "scopes")?
        .iter()
        .map(|s| s.parse::<ScopePath>())
        .collect::<Result<_>>()
        .map_err(|e| Error::integrity(format!("stored scope: {e}")))?;
    Ok(Key {
        id: r.string(col("id"))?,
        prefix: r.string(col("prefix"))?,
        name: r.string(col("name"))?,
        kind: r.str(col("kind"))?.parse()?,
        token_hash: r.string(col("token_hash"))?,
        scopes,
        abilities: parse_json_list(r.str(col("abilities"))?, "abilities")?,
        tools: r
            .opt_str(col("tools"))?
            .map(|t| parse_json_list(t, "tools"))
            .transpose()?,
        note: r.opt_string(col("note"))?,
        rate_limit_per_min: r.opt_i64(col("rate_limit_per_min"))?,
        created_at: r.time(col("created_at"))?,
        created_by: r.string(col("created_by"))?,
        expires_at: r.opt_time(col("expires_at"))?,
        expires_in_secs: r.opt_i64(col("expires_in_secs"))?,
        expires_in_months: r.opt_i64(col("expires_in_months"))?,
        grace_until: r.opt_time(col("grace_until"))?,
        last_used_at: r.opt_time(col("last_used_at"))?,
        revoked_at: r.opt_time(col("revoked_at"))?,
        revoked_reason: r.opt_string(col("revoked_reason"))?,
        rotated_from: r.opt_string(col("rotated_from"))?,
    })
}

/// `$1, $2, …, $n`.
fn placeholders(n: usize) -> String {
    (1..=n)
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(", ")
}

pub fn insert(tx: &mut dyn Tx, k: &Key) -> Result<()> {
    let (names, values): (Vec<&str>, Vec<Value>) = fields(k).into_iter().unzip();
    tx.execute(
        &format!(
            "INSERT INTO keys ({}) VALUES ({})",
            names.join(", "),
            placeholders(values.len())
        ),
        &values,
    )?;
    Ok(())
}

/// One key by id; with `lock`, the row stays locked until commit.
pub fn get(tx: &mut dyn Tx, id: &str, lock: bool) -> Result<Option<Key>> {
    let lock = if lock { tx.dialect().for_update() } else { "" };
    let sql = format!("SELECT {} FROM keys WHERE id = $1{lock}", select_list());
    Ok(tx
        .query_map(&sql, &[id.into()], from_row)?
        .into_iter()
        .next())
}

/// Live at `$1`: not revoked, not past its expiry, not past a rotation's
/// grace period. The same condition as [`Key::status`].
const ACTIVE: &str = "revoked_at IS NULL AND (expires_at IS NULL OR expires_at > $1) \
                      AND (grace_until IS NULL OR grace_until > $1)";
const EXPIRED: &str = "revoked_at IS NULL AND (expires_at <= $1 OR grace_until <= $1)";

pub fn active_by_name(tx: &mut dyn Tx, name: &str, now: DateTime<Utc>) -> Result<Vec<Key>> {
    let sql = format!(
        "SELECT {} FROM keys WHERE name = $2 AND {ACTIVE} ORDER BY created_at, id",
        select_list()
    );
    tx.query_map(&sql, &[now.into(), name.into()], from_row)
}

/// Every key that has ever carried `name`, whatever its status, oldest first.
pub fn all_by_name(tx: &mut dyn Tx, name: &str) -> Result<Vec<Key>> {
    let sql = format!(
        "SELECT {} FROM keys WHERE name = $1 ORDER BY created_at, id",
        select_list()
    );
    tx.query_map(&sql, &[name.into()], from_row)
}

/// Live keys minted to succeed `id` (a rotation or an incident's replacement).
pub fn live_successors(tx: &mut dyn Tx, id: &str, now: DateTime<Utc>) -> Result<Vec<Key>> {
    let sql = format!(
        "SELECT {} FROM keys WHERE rotated_from = $2 AND {ACTIVE} ORDER BY created_at, id",
        select_list()
    );
    tx.query_map(&sql, &[now.into(), id.into()], from_row)
}

/// Keys in a status (or all), oldest first.
pub fn list(tx: &mut dyn Tx, status: Option<KeyStatus>, now: DateTime<Utc>) -> Result<Vec<Key>> {
    let (filter, params): (&str, Vec<Value>) = match status {
        None => ("TRUE", vec![]),
        Some(KeyStatus::Active) => (ACTIVE, vec![now.into()]),
        Some(KeyStatus::Revoked) => ("revoked_at IS NOT NULL", vec![]),
        Some(KeyStatus::Expired) => (EXPIRED, vec![now.into()]),
    };
    let sql = format!(
        "SELECT {} FROM keys WHERE {filter} ORDER BY created_at, id",
        select_list()
    );
    tx.query_map(&sql, &params, from_row)
}

/// Revokes a key that is not yet revoked; false when it already was.
pub fn revoke(tx: &mut dyn Tx, id: &str, now: DateTime<Utc>, reason: Option<&str>) -> Result<bool> {
    let n = tx.execute(
        "UPDATE keys SET revoked_at = $2, revoked_reason = $3 WHERE id = $1 AND revoked_at IS NULL",
        &[id.into(), now.into(), reason.into()],
    )?;
    Ok(n == 1)
}

/// Ends a rotation's grace period at `at` (or earlier, if one already
/// ends sooner). The key's own expiry policy is left as it is.
pub fn end_grace_at(tx: &mut dyn Tx, id: &str, at: DateTime<Utc>) -> Result<()> {
    tx.execute(
        "UPDATE keys SET grace_until = CASE WHEN grace_until IS NULL OR grace_until > $2 \
         THEN $2 ELSE grace_until END WHERE id = $1",
        &[id.into(), at.into()],
    )?;
    Ok(())
}

pub fn update(tx: &mut dyn Tx, k: &Key) -> Result<()> {
    tx.execute(
        "UPDATE keys SET name = $2, note = $3, rate_limit_per_min = $4 WHERE id = $1",
        &[
            (&k.id).into(),
            (&k.name).into(),
            k.note.clone().into(),
            k.rate_limit_per_min.into(),
        ],
    )?;
    Ok(())
}

/// What the verify write saw of a key it could still use.
#[derive(Debug, Clone)]
pub struct Touch {
    pub count_in_window: i64,
    pub rate_limit_per_min: Option<i64>,
    /// The key's name now.
    pub name: String,
}

/// Records a use of each live key of `batch` (distinct key ids, each
/// with a number of requests, 0 or more, to count against its rate limit
/// in the minute `window`), in one statement whatever the batch's size,
/// and returns what it saw of each key that is still live, by id;
/// `count_in_window` is the count after this batch's requests. A key
/// that is not there (revoked, expired, past its grace, or no such key)
/// is not live. Call it with `now` and `window` read after the
/// transaction took its locks.
///
/// The rows are locked in key id order (`ORDER BY id FOR UPDATE` in
/// PostgreSQL, below the update), so two batches over the same keys
/// can never deadlock, whatever order their requests came in. The WHERE
/// clause re-checks revocation, expiry and grace under the row lock, so a
/// key revoked while its bcrypt check was running is never accepted. The
/// counter never moves backwards: a writer whose window is older than the
/// stored one (a clock behind another machine's) counts against the
/// stored window instead of resetting it, and `last_used_at` only moves
/// forward. A key with nothing to count keeps its counter as it is.
pub fn touch_all(
    tx: &mut dyn Tx,
    batch: &[(&str, i64)],
    now: DateTime<Utc>,
    window: i64,
) -> Result<HashMap<String, Touch>> {
    if batch.is_empty() {
        return Ok(HashMap::new());
    }
    let d = tx.dialect();
    let mut rows: Vec<(&str, i64)> = batch.to_vec();
    rows.sort_unstable();
    let sql = format!(
        "UPDATE keys SET \
           last_used_at = CASE WHEN last_used_at IS NULL OR last_used_at < $1 \
             THEN $1 ELSE last_used_at END, \
           rl_count = CASE WHEN l.n = 0 THEN rl_count \
             WHEN rl_window >= $2 THEN rl_count + l.n ELSE l.n END, \
           rl_window = CASE WHEN l.n = 0 OR rl_window >= $2 THEN rl_window ELSE $2 END \
         FROM (SELECT k.id, v.n FROM keys AS k \
           JOIN (SELECT value ->> 0 AS id, CAST(value ->> 1 AS BIGINT) AS n FROM {}) AS v \
           ON k.id = v.id ORDER BY k.id{}) AS l \
         WHERE keys.id = l.id AND keys.revoked_at IS NULL \
           AND (keys.expires_at IS NULL OR keys.expires_at > $1) \
           AND (keys.grace_until IS NULL OR keys.grace_until > $1) \
         RETURNING keys.id, keys.rl_count, keys.rate_limit_per_min, keys.name",
        d.json_rows("$3"),
        d.for_update(),
    );
    let list = serde_json::to_string(&rows).expect("ids and counts serialize");
    let touched = tx.query_map(&sql, &[now.into(), Value::Int(window), list.into()], |r| {
        Ok((
            r.string(0)?,
            Touch {
                count_in_window: r.i64(1)?,
                rate_limit_per_min: r.opt_i64(2)?,
                name: r.string(3)?,
            },
        ))
    })?;
    Ok(touched.into_iter().collect())
}

/// The keys with these ids that exist, in one statement, unlocked.
pub fn get_all(tx: &mut dyn Tx, ids: &[&str]) -> Result<Vec<Key>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!(
        "SELECT {} FROM keys WHERE id IN (SELECT value ->> 0 FROM {})",
        select_list(),
        tx.dialect().json_rows("$1"),
    );
    let list: Vec<[&str; 1]> = ids.iter().map(|id| [*id]).collect();
    let list = serde_json::to_string(&list).expect("ids serialize");
    tx.query_map(&sql, &[list.into()], from_row)
}

/// Counts of keys by status, for `store status`.
pub fn counts(tx: &mut dyn Tx, now: DateTime<Utc>) -> Result<KeyCounts> {
    let row = tx.query_one(
        &format!(
            "SELECT \
               coalesce(sum(CASE WHEN {ACTIVE} THEN 1 ELSE 0 END), 0), \
               coalesce(sum(CASE WHEN revoked_at IS NOT NULL THEN 1 ELSE 0 END), 0), \
               coalesce(sum(CASE WHEN {EXPIRED} THEN 1 ELSE 0 END), 0) \
             FROM keys"
        ),
        &[now.into()],
    )?;
    Ok(KeyCounts {
        active: row.i64(0)?,
        revoked: row.i64(1)?,
        expired: row.i64(2)?,
    })
}

/// Prefixes of keys that are still live, for `init --prefix`.
pub fn live_prefixes(tx: &mut dyn Tx, now: DateTime<Utc>) -> Result<Vec<String>> {
    tx.query_map(
        &format!("SELECT DISTINCT prefix FROM keys WHERE {ACTIVE}"),
        &[now.into()],
        |r| r.string(0),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_column_list() {
        let k = Key {
            id: "3kT9xQ2mB7aZ".into(),
            prefix: "kw".into(),
            name: "n".into(),
            kind: crate::authz::KeyKind::Client,
            token_hash: String::new(),
            scopes: vec![],
            abilities: vec![],
            tools: None,
            note: None,
            rate_limit_per_min: None,
            created_at: Utc::now(),
            created_by: "a".into(),
            expires_at: None,
            expires_in_secs: None,
            expires_in_months: None,
            grace_until: None,
            last_used_at: None,
            revoked_at: None,
            revoked_reason: None,
            rotated_from: None,
        };
        let names: Vec<&str> = fields(&k).iter().map(|(n, _)| *n).collect();
        assert_eq!(names, COLUMNS);
        assert_eq!(placeholders(3), "$1, $2, $3");
    }
}
