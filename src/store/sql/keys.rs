//! Rows of the `keys` table.

use chrono::{DateTime, Utc};

use super::{json_list, parse_json_list};
use crate::authz::ScopePath;
use crate::error::{Error, Result};
use crate::model::{Key, KeyStatus};
use crate::store::{RowRef, Tx, Value};

const COLUMNS: &str = "id, prefix, name, kind, token_hash, scopes, abilities, tools, note, \
     rate_limit_per_min, created_at, created_by, expires_at, expires_in_secs, last_used_at, \
     revoked_at, revoked_reason, rotated_from";

fn from_row(r: &dyn RowRef) -> Result<Key> {
    let scopes = parse_json_list(r.str(5)?, "scopes")?
        .iter()
        .map(|s| s.parse::<ScopePath>())
        .collect::<Result<_>>()
        .map_err(|e| Error::integrity(format!("stored scope: {e}")))?;
    Ok(Key {
        id: r.string(0)?,
        prefix: r.string(1)?,
        name: r.string(2)?,
        kind: r.str(3)?.parse()?,
        token_hash: r.string(4)?,
        scopes,
        abilities: parse_json_list(r.str(6)?, "abilities")?,
        tools: r
            .opt_str(7)?
            .map(|t| parse_json_list(t, "tools"))
            .transpose()?,
        note: r.opt_string(8)?,
        rate_limit_per_min: r.opt_i64(9)?,
        created_at: r.time(10)?,
        created_by: r.string(11)?,
        expires_at: r.opt_time(12)?,
        expires_in_secs: r.opt_i64(13)?,
        last_used_at: r.opt_time(14)?,
        revoked_at: r.opt_time(15)?,
        revoked_reason: r.opt_string(16)?,
        rotated_from: r.opt_string(17)?,
    })
}

pub fn insert(tx: &mut dyn Tx, k: &Key) -> Result<()> {
    let scopes: Vec<String> = k.scopes.iter().map(ToString::to_string).collect();
    tx.execute(
        &format!(
            "INSERT INTO keys ({COLUMNS}) VALUES \
             ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)"
        ),
        &[
            (&k.id).into(),
            (&k.prefix).into(),
            (&k.name).into(),
            k.kind.as_str().into(),
            (&k.token_hash).into(),
            json_list(&scopes).into(),
            json_list(&k.abilities).into(),
            k.tools.as_deref().map(json_list).into(),
            k.note.clone().into(),
            k.rate_limit_per_min.into(),
            k.created_at.into(),
            (&k.created_by).into(),
            k.expires_at.into(),
            k.expires_in_secs.into(),
            k.last_used_at.into(),
            k.revoked_at.into(),
            k.revoked_reason.clone().into(),
            k.rotated_from.clone().into(),
        ],
    )?;
    Ok(())
}

/// One key by id; with `lock`, the row stays locked until commit.
pub fn get(tx: &mut dyn Tx, id: &str, lock: bool) -> Result<Option<Key>> {
    let lock = if lock { tx.dialect().for_update() } else { "" };
    let sql = format!("SELECT {COLUMNS} FROM keys WHERE id = $1{lock}");
    Ok(tx
        .query_map(&sql, &[id.into()], from_row)?
        .into_iter()
        .next())
}

const ACTIVE: &str = "revoked_at IS NULL AND (expires_at IS NULL OR expires_at > $1)";

pub fn active_by_name(tx: &mut dyn Tx, name: &str, now: DateTime<Utc>) -> Result<Vec<Key>> {
    let sql =
        format!("SELECT {COLUMNS} FROM keys WHERE name = $2 AND {ACTIVE} ORDER BY created_at, id");
    tx.query_map(&sql, &[now.into(), name.into()], from_row)
}

/// Keys in a status (or all), oldest first.
pub fn list(tx: &mut dyn Tx, status: Option<KeyStatus>, now: DateTime<Utc>) -> Result<Vec<Key>> {
    let (filter, params): (&str, Vec<Value>) = match status {
        None => ("TRUE", vec![]),
        Some(KeyStatus::Active) => (ACTIVE, vec![now.into()]),
        Some(KeyStatus::Revoked) => ("revoked_at IS NOT NULL", vec![]),
        Some(KeyStatus::Expired) => ("revoked_at IS NULL AND expires_at <= $1", vec![now.into()]),
    };
    let sql = format!("SELECT {COLUMNS} FROM keys WHERE {filter} ORDER BY created_at, id");
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

/// Brings the expiry forward to `at` (a rotation's grace period).
pub fn expire_at(tx: &mut dyn Tx, id: &str, at: DateTime<Utc>) -> Result<()> {
    tx.execute(
        "UPDATE keys SET expires_at = CASE WHEN expires_at IS NULL OR expires_at > $2 \
         THEN $2 ELSE expires_at END WHERE id = $1",
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
#[derive(Debug, Clone, Copy)]
pub struct Touch {
    pub count_in_window: i64,
    pub rate_limit_per_min: Option<i64>,
}

/// Records a use of a live key and, when `count` is set, counts it against
/// the rate limit of the current minute `window`. The WHERE clause re-checks
/// revocation and expiry under the row lock, so a key revoked while its
/// bcrypt check was running is never accepted. `None`: no longer live.
pub fn touch(
    tx: &mut dyn Tx,
    id: &str,
    now: DateTime<Utc>,
    window: i64,
    count: bool,
) -> Result<Option<Touch>> {
    const LIVE: &str = "WHERE id = $1 AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > $2) \
                        RETURNING rl_count, rate_limit_per_min";
    let (sql, params) = if count {
        (
            format!(
                "UPDATE keys SET last_used_at = $2, rl_count = CASE WHEN rl_window = $3 \
                 THEN rl_count + 1 ELSE 1 END, rl_window = $3 {LIVE}"
            ),
            vec![id.into(), now.into(), Value::Int(window)],
        )
    } else {
        (
            format!("UPDATE keys SET last_used_at = $2 {LIVE}"),
            vec![id.into(), now.into()],
        )
    };
    let rows = tx.query_map(&sql, &params, |r| {
        Ok(Touch {
            count_in_window: r.i64(0)?,
            rate_limit_per_min: r.opt_i64(1)?,
        })
    })?;
    Ok(rows.into_iter().next())
}

/// Counts of keys by status, for `store status`.
pub fn counts(tx: &mut dyn Tx, now: DateTime<Utc>) -> Result<[(KeyStatus, i64); 3]> {
    let row = tx.query_one(
        "SELECT \
           coalesce(sum(CASE WHEN revoked_at IS NULL AND (expires_at IS NULL OR expires_at > $1) THEN 1 ELSE 0 END), 0), \
           coalesce(sum(CASE WHEN revoked_at IS NOT NULL THEN 1 ELSE 0 END), 0), \
           coalesce(sum(CASE WHEN revoked_at IS NULL AND expires_at <= $1 THEN 1 ELSE 0 END), 0) \
         FROM keys",
        &[now.into()],
    )?;
    Ok([
        (KeyStatus::Active, row.i64(0)?),
        (KeyStatus::Revoked, row.i64(1)?),
        (KeyStatus::Expired, row.i64(2)?),
    ])
}

/// Prefixes of keys that are still live, for `init --prefix`.
pub fn live_prefixes(tx: &mut dyn Tx, now: DateTime<Utc>) -> Result<Vec<String>> {
    tx.query_map(
        &format!("SELECT DISTINCT prefix FROM keys WHERE {ACTIVE}"),
        &[now.into()],
        |r| r.string(0),
    )
}
