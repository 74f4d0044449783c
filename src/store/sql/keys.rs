//! Rows of the `keys` table.
//!
//! The columns are listed once, in [`fields`]: the INSERT takes its names,
//! placeholders and values from there, the SELECT its names, and
//! [`from_row`] reads each column by name. Adding a field to [`Key`] is
//! one line in [`fields`], one in [`from_row`] and a migration.

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

/// Records a use of a live key and counts `count` requests (0 or more)
/// against the rate limit of the minute `window`; `count_in_window` is
/// the count after them. Call it with `now` and `window`
/// read after the transaction took its locks.
///
/// The WHERE clause re-checks revocation, expiry and grace under the row
/// lock, so a key revoked while its bcrypt check was running is never
/// accepted. The counter never moves backwards: a writer whose window is
/// older than the stored one (a clock behind another machine's) counts
/// against the stored window instead of resetting it, and `last_used_at`
/// only moves forward. `None`: no longer live.
pub fn touch(
    tx: &mut dyn Tx,
    id: &str,
    now: DateTime<Utc>,
    window: i64,
    count: i64,
) -> Result<Option<Touch>> {
    const LIVE: &str = "WHERE id = $1 AND revoked_at IS NULL \
                        AND (expires_at IS NULL OR expires_at > $2) \
                        AND (grace_until IS NULL OR grace_until > $2) \
                        RETURNING rl_count, rate_limit_per_min, name";
    const LAST_USED: &str = "last_used_at = CASE WHEN last_used_at IS NULL OR last_used_at < $2 \
                             THEN $2 ELSE last_used_at END";
    let (sql, params) = if count > 0 {
        (
            format!(
                "UPDATE keys SET {LAST_USED}, \
                 rl_count = CASE WHEN rl_window >= $3 THEN rl_count + $4 ELSE $4 END, \
                 rl_window = CASE WHEN rl_window >= $3 THEN rl_window ELSE $3 END {LIVE}"
            ),
            vec![id.into(), now.into(), Value::Int(window), Value::Int(count)],
        )
    } else {
        (
            format!("UPDATE keys SET {LAST_USED} {LIVE}"),
            vec![id.into(), now.into()],
        )
    };
    let rows = tx.query_map(&sql, &params, |r| {
        Ok(Touch {
            count_in_window: r.i64(0)?,
            rate_limit_per_min: r.opt_i64(1)?,
            name: r.string(2)?,
        })
    })?;
    Ok(rows.into_iter().next())
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
