//! The audit log tables: appending to the chain, querying, pruning.
//!
//! [`append`] locks the single `audit_head` row (`FOR UPDATE` in PostgreSQL,
//! where every write transaction takes and reads it as it begins;
//! SQLite's write transaction already holds the database lock), so two
//! writers can never both extend the same head: the chain cannot fork,
//! whatever the number of processes or machines. In PostgreSQL an append
//! is then one statement (the events from arrays, and the head moved by
//! the same statement), so a group commit costs the same round trips
//! however many events it holds. Event ids are assigned
//! from the head, gap-free, and `ts` never decreases with the id even when
//! writers' clocks disagree, so "newest first" is both orders at once.

use std::ops::ControlFlow;

use chrono::{DateTime, Utc};

use crate::audit::{self, Actor, Event, NewEvent};
use crate::error::{Error, Result};
use crate::model::{AuditFilter, GroupBy};
use crate::store::{Dialect, RowRef, TimeUnit, Tx, Value};

pub const EVENT_COLUMNS: &str =
    "id, ts, actor, actor_kind, action, key_id, subject, tool, status, details, prev_hash, hash";

pub fn event_from_row(r: &dyn RowRef) -> Result<Event> {
    Ok(Event {
        id: r.i64(0)?,
        ts: r.time(1)?,
        actor: r.string(2)?,
        actor_kind: r.string(3)?,
        action: r.string(4)?,
        key_id: r.opt_string(5)?,
        subject: r.opt_string(6)?,
        tool: r.opt_string(7)?,
        status: r.opt_i64(8)?,
        details: r.string(9)?,
        prev_hash: r.string(10)?,
        hash: r.string(11)?,
    })
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Head {
    pub last_id: i64,
    pub last_hash: String,
    pub last_ts: DateTime<Utc>,
}

/// The chain's head; `None` when its row is gone, which only tampering
/// does (`audit verify` reports it as damage). A PostgreSQL write
/// transaction read and locked it when it began: that read is used while
/// it is current, saving a round trip.
pub fn head(tx: &mut dyn Tx, lock: bool) -> Result<Option<Head>> {
    let row = match tx.head_at_begin() {
        Some(row) => Some(row),
        None => {
            let lock = if lock { tx.dialect().for_update() } else { "" };
            tx.query_opt(
                &format!("SELECT last_id, last_hash, last_ts FROM audit_head WHERE one = 1{lock}"),
                &[],
            )?
        }
    };
    row.map(|row| {
        Ok(Head {
            last_id: row.i64(0)?,
            last_hash: row.string(1)?,
            last_ts: row.time(2)?,
        })
    })
    .transpose()
}

/// Appends one event at the end of the chain, inside the caller's
/// transaction, and returns it as stored.
pub fn append(tx: &mut dyn Tx, actor: &Actor, ev: NewEvent, now: DateTime<Utc>) -> Result<Event> {
    Ok(append_all(tx, actor, vec![ev], now)?
        .pop()
        .expect("one event in, one out"))
}

/// Appends events in order, moving the head once: a bulk change (an
/// import of thousands of credentials) must not rewrite the head row per
/// event, which PostgreSQL would turn into a long chain of row versions.
pub fn append_all(
    tx: &mut dyn Tx,
    actor: &Actor,
    events: Vec<NewEvent>,
    now: DateTime<Utc>,
) -> Result<Vec<Event>> {
    append_each(tx, events.into_iter().map(|e| (actor, e)).collect(), now)
}

/// [`append_all`] with an actor per event: a batch of requests from
/// different callers (the group commit of `serve`).
pub fn append_each(
    tx: &mut dyn Tx,
    events: Vec<(&Actor, NewEvent)>,
    now: DateTime<Utc>,
) -> Result<Vec<Event>> {
    let h = head(tx, true)?.ok_or_else(|| {
        Error::integrity(
            "the audit chain's head row is missing, so nothing can be recorded: the log was \
             tampered with; run `keywarden audit verify`",
        )
    })?;
    let (mut id, mut prev, ts) = (h.last_id, h.last_hash, now.max(h.last_ts));
    let mut hasher = audit::ChainHasher::default();
    let mut out = Vec::with_capacity(events.len());
    for (actor, ev) in events {
        id += 1;
        let mut e = Event {
            id,
            ts,
            actor: actor.name.clone(),
            actor_kind: actor.kind.clone(),
            action: ev.action,
            key_id: ev.key_id,
            subject: ev.subject,
            tool: ev.tool,
            status: ev.status,
            details: serde_json::Value::Object(ev.details).to_string(),
            prev_hash: prev,
            hash: String::new(),
        };
        e.hash = audit::hex_string(&hasher.hash(&e.prev_hash, &e.fields()));
        prev = e.hash.clone();
        out.push(e);
    }
    let Some(last) = out.last() else {
        return Ok(out);
    };
    let moved = [last.id.into(), (&last.hash).into(), last.ts.into()];
    match tx.dialect() {
        // One statement, one round trip: the events from arrays, and the
        // head moved by the same statement.
        Dialect::Postgres => {
            let mut cols: [Vec<Value>; 12] = Default::default();
            for e in &out {
                for (col, v) in cols.iter_mut().zip(row_values(e)) {
                    col.push(v);
                }
            }
            let mut params = moved.to_vec();
            params.extend(cols.into_iter().map(Value::Array));
            tx.execute(
                &format!(
                    "WITH moved AS (UPDATE audit_head SET last_id = $1, last_hash = $2, \
                     last_ts = $3 WHERE one = 1) \
                     INSERT INTO audit_events ({EVENT_COLUMNS}) SELECT * FROM unnest(\
                     $4::bigint[], $5::timestamptz[], $6::text[], $7::text[], $8::text[], \
                     $9::text[], $10::text[], $11::text[], $12::bigint[], $13::text[], \
                     $14::text[], $15::text[])"
                ),
                &params,
            )?;
        }
        Dialect::Sqlite => {
            insert_rows(tx, &out)?;
            tx.execute(
                "UPDATE audit_head SET last_id = $1, last_hash = $2, last_ts = $3 WHERE one = 1",
                &moved,
            )?;
        }
    }
    Ok(out)
}

/// An event's values in the order of [`EVENT_COLUMNS`].
fn row_values(e: &Event) -> [Value; 12] {
    [
        e.id.into(),
        e.ts.into(),
        (&e.actor).into(),
        (&e.actor_kind).into(),
        (&e.action).into(),
        e.key_id.clone().into(),
        e.subject.clone().into(),
        e.tool.clone().into(),
        e.status.into(),
        (&e.details).into(),
        (&e.prev_hash).into(),
        (&e.hash).into(),
    ]
}

/// Rows per multi-row INSERT in SQLite, largest first: a batch of events
/// is written in as few statements as these sizes allow, and only these
/// few statements are ever prepared (each backend caches them by text).
const INSERT_CHUNKS: [usize; 3] = [32, 8, 1];

/// Inserts `events` as they are (ids and hashes already set), in SQLite,
/// where a statement costs no round trip.
fn insert_rows(tx: &mut dyn Tx, events: &[Event]) -> Result<()> {
    let mut rest = events;
    while !rest.is_empty() {
        let n = INSERT_CHUNKS
            .into_iter()
            .find(|&n| n <= rest.len())
            .unwrap_or(1);
        let (chunk, tail) = rest.split_at(n);
        let rows: Vec<String> = (0..n)
            .map(|r| {
                let cols: Vec<String> = (1..=12).map(|c| format!("${}", r * 12 + c)).collect();
                format!("({})", cols.join(", "))
            })
            .collect();
        let sql = format!(
            "INSERT INTO audit_events ({EVENT_COLUMNS}) VALUES {}",
            rows.join(", ")
        );
        let mut values = Vec::with_capacity(n * 12);
        for e in chunk {
            values.extend(row_values(e));
        }
        tx.execute(&sql, &values)?;
        rest = tail;
    }
    Ok(())
}

/// The WHERE clause of a filter and its parameters.
fn filter_sql(f: &AuditFilter, d: Dialect) -> Result<(String, Vec<Value>)> {
    let mut conds = Vec::new();
    let mut params: Vec<Value> = Vec::new();
    let mut push = |cond: &dyn Fn(&str) -> String, v: Value| {
        params.push(v);
        conds.push(cond(&format!("${}", params.len())));
    };
    if let Some(k) = &f.key_id {
        push(&|p| format!("key_id = {p}"), k.into());
    }
    if let Some(a) = &f.actor {
        push(&|p| format!("actor = {p}"), a.into());
    }
    if let Some(a) = &f.actor_kind {
        push(&|p| format!("actor_kind = {p}"), a.into());
    }
    if let Some(g) = &f.action {
        let pattern = d.glob_pattern(g)?;
        push(&|p| d.glob_match("action", p), pattern.into());
    }
    if let Some(s) = f.status {
        push(&|p| format!("status = {p}"), s.into());
    }
    if let Some(t) = f.since {
        push(&|p| format!("ts >= {p}"), t.into());
    }
    if let Some(t) = f.until {
        push(&|p| format!("ts < {p}"), t.into());
    }
    let clause = if conds.is_empty() {
        "TRUE".to_owned()
    } else {
        conds.join(" AND ")
    };
    Ok((clause, params))
}

/// Events matching `f`, newest first, at most `limit`.
pub fn query(tx: &mut dyn Tx, f: &AuditFilter, limit: Option<u64>) -> Result<Vec<Event>> {
    let (clause, mut params) = filter_sql(f, tx.dialect())?;
    let limit = match limit {
        Some(n) => {
            params.push(Value::Int(i64::try_from(n).unwrap_or(i64::MAX)));
            format!(" LIMIT ${}", params.len())
        }
        None => String::new(),
    };
    let sql = format!(
        "SELECT {EVENT_COLUMNS} FROM audit_events WHERE {clause} ORDER BY ts DESC, id DESC{limit}"
    );
    tx.query_map(&sql, &params, event_from_row)
}

/// Streams events matching `f`, oldest first, in constant memory.
pub fn each(
    tx: &mut dyn Tx,
    f: &AuditFilter,
    out: &mut dyn FnMut(&dyn RowRef) -> Result<ControlFlow<()>>,
) -> Result<()> {
    let (clause, params) = filter_sql(f, tx.dialect())?;
    let sql = format!("SELECT {EVENT_COLUMNS} FROM audit_events WHERE {clause} ORDER BY id");
    tx.query_each(&sql, &params, out)
}

/// Event counts per group; time groups come oldest first, the others
/// largest first.
pub fn summary(tx: &mut dyn Tx, by: GroupBy, f: &AuditFilter) -> Result<Vec<(Value, i64)>> {
    let d = tx.dialect();
    let (clause, params) = filter_sql(f, d)?;
    let (expr, order) = match by {
        GroupBy::Hour => (d.time_bucket("ts", TimeUnit::Hour), "1"),
        GroupBy::Day => (d.time_bucket("ts", TimeUnit::Day), "1"),
        GroupBy::Key => ("key_id".to_owned(), "2 DESC, 1"),
        GroupBy::Action => ("action".to_owned(), "2 DESC, 1"),
        GroupBy::Actor => ("actor".to_owned(), "2 DESC, 1"),
        GroupBy::Status => ("status".to_owned(), "2 DESC, 1"),
    };
    let sql = format!(
        "SELECT {expr} AS g, count(*) FROM audit_events WHERE {clause} GROUP BY 1 ORDER BY {order}"
    );
    let time = matches!(by, GroupBy::Hour | GroupBy::Day);
    tx.query_map(&sql, &params, |r| {
        let g = if time {
            r.opt_time(0)?.into()
        } else {
            r.value(0)?
        };
        Ok((g, r.i64(1)?))
    })
}

/// A prune checkpoint row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checkpoint {
    pub through_id: i64,
    pub through_hash: String,
    pub pruned: i64,
}

/// Every checkpoint row, newest first. A prune keeps only its own, so
/// more than one is damage.
pub fn checkpoints(tx: &mut dyn Tx) -> Result<Vec<Checkpoint>> {
    tx.query_map(
        "SELECT through_id, through_hash, pruned FROM audit_checkpoints ORDER BY through_id DESC",
        &[],
        |r| {
            Ok(Checkpoint {
                through_id: r.i64(0)?,
                through_hash: r.string(1)?,
                pruned: r.i64(2)?,
            })
        },
    )
}

/// The stored hash of event `id`, if it is there.
pub fn event_hash(tx: &mut dyn Tx, id: i64) -> Result<Option<String>> {
    tx.query_opt("SELECT hash FROM audit_events WHERE id = $1", &[id.into()])?
        .map(|r| r.string(0))
        .transpose()
}

/// The time of event `id`, if it is there.
pub fn event_ts(tx: &mut dyn Tx, id: i64) -> Result<Option<DateTime<Utc>>> {
    tx.query_opt("SELECT ts FROM audit_events WHERE id = $1", &[id.into()])?
        .map(|r| r.time(0))
        .transpose()
}

/// What a prune removed, and the checkpoint it left.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pruned {
    pub deleted: i64,
    pub through_id: i64,
    pub through_hash: String,
}

/// Deletes every event older than `before`, leaving a checkpoint with the
/// hash of the last deleted one. `None` when no event is that old.
pub fn prune(tx: &mut dyn Tx, before: DateTime<Utc>, now: DateTime<Utc>) -> Result<Option<Pruned>> {
    let through = tx.query_one(
        "SELECT max(id) FROM audit_events WHERE ts < $1",
        &[before.into()],
    )?;
    let Some(through_id) = through.opt_i64(0)? else {
        return Ok(None);
    };
    let through_hash = tx
        .query_one(
            "SELECT hash FROM audit_events WHERE id = $1",
            &[through_id.into()],
        )?
        .string(0)?;
    let deleted = tx.execute(
        "DELETE FROM audit_events WHERE id <= $1",
        &[through_id.into()],
    )?;
    // The new checkpoint supersedes the old: the events that vouched for
    // it are gone, so it could no longer be told from a forgery.
    tx.execute("DELETE FROM audit_checkpoints", &[])?;
    tx.execute(
        "INSERT INTO audit_checkpoints (through_id, through_hash, created_at, pruned) VALUES ($1, $2, $3, $4)",
        &[through_id.into(), (&through_hash).into(), now.into(), (deleted as i64).into()],
    )?;
    Ok(Some(Pruned {
        deleted: deleted as i64,
        through_id,
        through_hash,
    }))
}

/// The `details` of every `audit.prune` event after `after_id`, oldest
/// first: what vouches for a checkpoint.
pub fn prune_events_after(tx: &mut dyn Tx, after_id: i64) -> Result<Vec<(i64, String)>> {
    tx.query_map(
        "SELECT id, details FROM audit_events WHERE action = 'audit.prune' AND id > $1 ORDER BY id",
        &[after_id.into()],
        |r| Ok((r.i64(0)?, r.string(1)?)),
    )
}

/// Streams the events with ids in `lo..=hi`, in id order, until `out`
/// breaks: what a parallel chain check reads.
pub fn each_in_range(
    tx: &mut dyn Tx,
    lo: i64,
    hi: i64,
    out: &mut dyn FnMut(&dyn RowRef) -> Result<ControlFlow<()>>,
) -> Result<()> {
    let sql =
        format!("SELECT {EVENT_COLUMNS} FROM audit_events WHERE id >= $1 AND id <= $2 ORDER BY id");
    tx.query_each(&sql, &[lo.into(), hi.into()], out)
}

/// Events before `before`: what a prune would delete.
pub fn count_before(tx: &mut dyn Tx, before: DateTime<Utc>) -> Result<i64> {
    tx.query_i64(
        "SELECT count(*) FROM audit_events WHERE ts < $1",
        &[before.into()],
    )
}

/// The lowest and highest event ids present.
pub fn id_bounds(tx: &mut dyn Tx) -> Result<(Option<i64>, Option<i64>)> {
    let b = tx.query_one("SELECT min(id), max(id) FROM audit_events", &[])?;
    Ok((b.opt_i64(0)?, b.opt_i64(1)?))
}

pub fn count(tx: &mut dyn Tx) -> Result<i64> {
    tx.query_i64("SELECT count(*) FROM audit_events", &[])
}
