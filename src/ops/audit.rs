//! The audit log as users see it: record, query, summarize, export,
//! verify the chain, prune.

use std::borrow::Cow;
use std::ops::ControlFlow;
use std::sync::atomic::{AtomicU64, Ordering};

use chrono::TimeDelta;
use serde::Serialize;

use crate::audit::{
    Actor, ChainCheck, ChainHasher, Event, Fault, FaultKind, Fields, GENESIS_HASH, NewEvent,
    hex_matches,
};
use crate::checkpoint::{self, Checkpoint, SigningKey};
use crate::error::{Error, Result};
use crate::model::{AuditFilter, GroupBy};
use crate::store::sql::audit_log;
use crate::store::{RowRef, Store, Value};
use crate::{timefmt, token};

/// Checks an action name: dotted words, e.g. `mcp.tool_call`, `key.verify`.
pub fn validate_action(a: &str) -> Result<()> {
    let ok = !a.is_empty()
        && a.len() <= 64
        && a.split('.').all(|w| {
            let b = w.as_bytes();
            !b.is_empty()
                && b[0].is_ascii_lowercase()
                && b.iter().all(|c| {
                    c.is_ascii_lowercase() || c.is_ascii_digit() || *c == b'_' || *c == b'-'
                })
        });
    if ok {
        Ok(())
    } else {
        Err(Error::invalid(format!(
            "invalid action {a:?}: use dotted lowercase words, e.g. `mcp.tool_call` or `deploy.finished`"
        )))
    }
}

pub use crate::audit::validate_actor_kind;

/// Detail keys whose values are never stored, whatever they hold.
const SECRET_KEYS: [&str; 8] = [
    "token",
    "secret",
    "password",
    "passwd",
    "authorization",
    "api_key",
    "apikey",
    "credential",
];

/// Replaces anything that looks like a live token (a valid checksum under
/// any prefix) with its redacted form. Audit events must never hold one,
/// even when a script passes one in by mistake.
pub fn redact_tokens(s: &str) -> Cow<'_, str> {
    match redact_prefixed(s) {
        Cow::Borrowed(_) => redact_bodies(s),
        Cow::Owned(o) => Cow::Owned(redact_bodies(&o).into_owned()),
    }
}

/// A token's 50-character body (key id, secret, checksum) without its
/// prefix, or under a prefix spelled another way (`KW_`), is as secret as
/// the token: any run of base62 holding 50 characters with a valid
/// checksum is redacted to its first four (`3kT9…`).
fn redact_bodies(s: &str) -> Cow<'_, str> {
    let b = s.as_bytes();
    let mut out: Option<String> = None;
    let mut copied = 0;
    let mut i = 0;
    while i + token::BODY_LEN <= b.len() {
        if !b[i].is_ascii_alphanumeric() {
            i += 1;
            continue;
        }
        let run_end = i + b[i..]
            .iter()
            .take_while(|c| c.is_ascii_alphanumeric())
            .count();
        let mut at = i;
        while at + token::BODY_LEN <= run_end {
            if token::check_body(&b[at..at + token::BODY_LEN]).is_ok() {
                let o = out.get_or_insert_with(String::new);
                o.push_str(&s[copied..at]);
                o.push_str(&s[at..at + 4]);
                o.push('…');
                copied = at + token::BODY_LEN;
                at = copied;
            } else {
                at += 1;
            }
        }
        i = run_end;
    }
    match out {
        None => Cow::Borrowed(s),
        Some(mut o) => {
            o.push_str(&s[copied..]);
            Cow::Owned(o)
        }
    }
}

fn redact_prefixed(s: &str) -> Cow<'_, str> {
    let mut out: Option<String> = None;
    let mut copied = 0;
    for r in crate::scan::Finder::any().find_iter(s.as_bytes()) {
        let o = out.get_or_insert_with(String::new);
        o.push_str(&s[copied..r.start]);
        o.push_str(&token::redact(&s[r.clone()]));
        copied = r.end;
    }
    match out {
        None => Cow::Borrowed(s),
        Some(mut o) => {
            o.push_str(&s[copied..]);
            Cow::Owned(o)
        }
    }
}

/// What `audit record` appends.
#[derive(Debug, Clone, Default)]
pub struct Record {
    pub action: String,
    pub key_id: Option<String>,
    pub subject: Option<String>,
    pub tool: Option<String>,
    pub status: Option<i64>,
    pub details: Vec<(String, String)>,
}

/// Appends an event from a server or script, with tokens and secret-named
/// details redacted.
pub fn record(store: &mut Store, actor: &Actor, r: Record) -> Result<Event> {
    Ok(record_all(store, actor, vec![r])?
        .pop()
        .expect("one record in, one event out"))
}

/// Appends several events in one transaction, in order (a server's batch
/// of tool calls), each checked and redacted as [`record`] does: all of
/// them, or none when any is invalid.
pub fn record_all(store: &mut Store, actor: &Actor, records: Vec<Record>) -> Result<Vec<Event>> {
    actor.validate()?;
    let events = records
        .into_iter()
        .map(new_event)
        .collect::<Result<Vec<_>>>()?;
    let now = timefmt::now();
    store.write(|tx| audit_log::append_all(tx, actor, events, now))
}

/// A [`Record`] checked and redacted into the event that may be appended.
fn new_event(r: Record) -> Result<NewEvent> {
    validate_action(&r.action)?;
    if let Some(s) = r.status
        && !(100..=599).contains(&s)
    {
        return Err(Error::invalid(format!(
            "status {s} is not an HTTP-like status (100–599)"
        )));
    }
    let mut ev = NewEvent::new(&r.action);
    ev.key_id = r.key_id;
    ev.subject = r.subject.map(|s| redact_tokens(&s).into_owned());
    ev.tool = r.tool.map(|t| redact_tokens(&t).into_owned());
    ev.status = r.status;
    for (k, v) in r.details {
        if k.is_empty() || k.len() > 64 {
            return Err(Error::invalid(format!(
                "invalid detail key {k:?}: 1–64 characters"
            )));
        }
        let lower = k.to_ascii_lowercase();
        let v = if SECRET_KEYS.iter().any(|s| lower.contains(s)) {
            "***".to_owned()
        } else {
            redact_tokens(&v).into_owned()
        };
        ev.details.insert(redact_tokens(&k).into_owned(), v.into());
    }
    Ok(ev)
}

/// How many events are older than `before` (what a prune would delete).
pub fn count_before(store: &mut Store, before: chrono::DateTime<chrono::Utc>) -> Result<i64> {
    store.read(|tx| audit_log::count_before(tx, before))
}

pub fn query(store: &mut Store, f: &AuditFilter, limit: Option<u64>) -> Result<Vec<Event>> {
    store.read(|tx| audit_log::query(tx, f, limit))
}

/// One group of `audit summary`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    pub label: String,
    pub count: i64,
}

pub fn summary(store: &mut Store, by: GroupBy, f: &AuditFilter) -> Result<Vec<Group>> {
    let rows = store.read(|tx| audit_log::summary(tx, by, f))?;
    Ok(rows
        .into_iter()
        .map(|(g, count)| Group {
            label: match g {
                Value::Null => "-".to_owned(),
                Value::Text(s) => s,
                Value::Int(i) => i.to_string(),
                Value::Time(t) => timefmt::rfc3339(&t),
                Value::TextArray(a) => a.join(","),
                // No query returns one: bulk parameters only.
                Value::Array(_) => "-".to_owned(),
            },
            count,
        })
        .collect())
}

/// Streams matching events, oldest first, to `out`; returns how many.
pub fn export(
    store: &mut Store,
    f: &AuditFilter,
    out: &mut dyn FnMut(&Event) -> Result<()>,
) -> Result<u64> {
    let mut n = 0;
    store.read(|tx| {
        audit_log::each(tx, f, &mut |row| {
            out(&audit_log::event_from_row(row)?)?;
            n += 1;
            Ok(ControlFlow::Continue(()))
        })
    })?;
    Ok(n)
}

/// The result of `audit verify`.
#[derive(Debug, Clone, Serialize)]
pub struct ChainReport {
    /// Events checked.
    pub events: u64,
    pub head_id: i64,
    pub head_hash: String,
    /// Where the remaining chain starts after `audit prune`.
    pub checkpoint_id: Option<i64>,
    pub fault: Option<Fault>,
    /// What each signed checkpoint given to [`verify_checkpoints`] found,
    /// in the order given.
    pub signed: Vec<SignedCheck>,
}

impl ChainReport {
    /// Whether the chain is intact and every signed checkpoint still holds.
    pub fn ok(&self) -> bool {
        self.fault.is_none()
            && self
                .signed
                .iter()
                .all(|c| c.status != SignedStatus::Mismatch)
    }

    /// The signed checkpoint of lowest event id that no longer holds.
    pub fn first_mismatch(&self) -> Option<(usize, &SignedCheck)> {
        self.signed
            .iter()
            .enumerate()
            .filter(|(_, c)| c.status == SignedStatus::Mismatch)
            .min_by_key(|(_, c)| c.size)
    }
}

/// What checking one signed checkpoint against the store found.
#[derive(Debug, Clone, Serialize)]
pub struct SignedCheck {
    /// The checkpoint's tree size: the id of the event it signed.
    pub size: i64,
    pub status: SignedStatus,
    pub detail: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SignedStatus {
    /// The chain still holds the signed event with the signed hash, and
    /// every event up to it verifies.
    Matches,
    /// The signed event was deleted by `audit prune`, which the chain
    /// records in an `audit.prune` event: it cannot be checked any more.
    Pruned,
    /// The chain no longer holds what was signed: damage.
    Mismatch,
}

impl SignedStatus {
    /// How `audit verify` prints it.
    pub fn as_str(self) -> &'static str {
        match self {
            SignedStatus::Matches => "matches",
            SignedStatus::Pruned => "pruned",
            SignedStatus::Mismatch => "MISMATCH",
        }
    }
}

/// The origin line this store's checkpoints carry (`keywarden/` and the
/// random store id made at `init`).
///
/// Errors: [`Error::Integrity`] when the stored id is not one `init` made.
pub fn origin(store: &Store) -> Result<String> {
    checkpoint::origin(&store.settings().store_id)
}

/// Signs a checkpoint of the chain's head with `key` (contract §7a): a
/// C2SP signed note (see [`crate::checkpoint`]). Reads the head row and
/// the head event, never the chain, so it takes the same few
/// milliseconds on ten events or ten million.
///
/// Errors: [`Error::Integrity`] when the head row is gone or does not
/// match its event (nothing is signed; run `audit verify`).
pub fn checkpoint(store: &mut Store, key: &SigningKey) -> Result<Signed> {
    let origin = origin(store)?;
    let (head, event_hash) = store.read(|tx| {
        let head = audit_log::head(tx, false)?.ok_or_else(|| {
            Error::integrity(
                "the audit chain's head row is missing, so there is nothing to sign: the log was \
                 tampered with; run `keywarden audit verify`",
            )
        })?;
        let event_hash = match head.last_id {
            0 => Some(GENESIS_HASH.to_owned()),
            id => audit_log::event_hash(tx, id)?,
        };
        Ok((head, event_hash))
    })?;
    let root =
        parse_hex32(&head.last_hash).filter(|_| event_hash.as_deref() == Some(&head.last_hash));
    let Some(root) = root else {
        return Err(Error::integrity(format!(
            "the chain's head row does not match event {}, so it is not signed; run \
             `keywarden audit verify`",
            head.last_id
        )));
    };
    let now = timefmt::now();
    let cp = Checkpoint {
        origin,
        size: head.last_id,
        root,
        time: chrono::DateTime::from_timestamp(now.timestamp(), 0).unwrap_or(now),
    };
    Ok(Signed {
        note: cp.sign(key),
        checkpoint: cp,
    })
}

/// A checkpoint and its signed note, as [`checkpoint`] made them.
#[derive(Debug, Clone)]
pub struct Signed {
    pub checkpoint: Checkpoint,
    /// The signed note's text, to keep where the store's admins cannot write.
    pub note: String,
}

fn parse_hex32(h: &str) -> Option<[u8; 32]> {
    if h.len() != 64 {
        return None;
    }
    let mut out = [0u8; 32];
    for (i, b) in out.iter_mut().enumerate() {
        *b = u8::from_str_radix(h.get(2 * i..2 * i + 2)?, 16).ok()?;
    }
    Some(out)
}

/// [`verify`], and then each signed checkpoint (whose signature and
/// origin the caller has checked) against the chain: the chain must still
/// hold the signed event with the signed hash, with every event up to it
/// intact. A truncated tail, a rebuilt or rehashed chain, a forged
/// append over a cut tail, and a forged prune checkpoint row or deleted
/// oldest events below a checkpoint all leave a [`SignedStatus::Mismatch`].
///
/// A checkpoint whose event `audit prune` has since deleted is
/// [`SignedStatus::Pruned`]: the prune is itself a chained event, and the
/// events that would link the two are gone.
pub fn verify_checkpoints(
    store: &mut Store,
    signed: &[Checkpoint],
    progress: &(dyn Fn(u64, u64) + Sync),
    cancelled: &(dyn Fn() -> bool + Sync),
) -> Result<ChainReport> {
    let mut report = verify(store, progress, cancelled)?;
    let anchor = match store.read(audit_log::checkpoints) {
        Ok(cps) => cps.first().map(|c| (c.through_id, c.through_hash.clone())),
        // Unreadable checkpoint rows are already the chain's fault.
        Err(Error::Integrity(_)) => None,
        Err(e) => return Err(e),
    };
    let (anchor_id, anchor_hash) = anchor.unwrap_or((0, GENESIS_HASH.to_owned()));
    for cp in signed {
        let check = |status, detail: String| SignedCheck {
            size: cp.size,
            status,
            detail,
        };
        let n = cp.size;
        let signed_hash = cp.root_hex();
        let result = if n > report.head_id {
            check(
                SignedStatus::Mismatch,
                format!(
                    "the chain now ends at event {}, before the signed event {n}: events were cut \
                     from its end",
                    report.head_id
                ),
            )
        } else if let Some(f) = report.fault.as_ref().filter(|f| f.id <= n) {
            check(
                SignedStatus::Mismatch,
                format!(
                    "the chain up to the signed event {n} is damaged at event {}: {}",
                    f.id, f.detail
                ),
            )
        } else if n == 0 {
            check(SignedStatus::Matches, "an empty chain".into())
        } else if n < anchor_id {
            check(
                SignedStatus::Pruned,
                format!(
                    "event {n} was deleted by `audit prune` (through event {anchor_id}), which an \
                     audit.prune event in the chain records; it can no longer be checked"
                ),
            )
        } else {
            let now_hash = if n == anchor_id {
                Some(anchor_hash.clone())
            } else {
                store.read(|tx| audit_log::event_hash(tx, n))?
            };
            match now_hash {
                Some(h) if h == signed_hash => check(
                    SignedStatus::Matches,
                    format!("event {n} still has the signed hash"),
                ),
                Some(h) => check(
                    SignedStatus::Mismatch,
                    format!(
                        "event {n} now has hash {h}, not the signed {signed_hash}: the chain was \
                         rewritten at or before event {n} (rebuilt, or an event changed and the \
                         rest rehashed)"
                    ),
                ),
                None => check(
                    SignedStatus::Mismatch,
                    format!("the signed event {n} is missing"),
                ),
            }
        };
        report.signed.push(result);
    }
    Ok(report)
}

/// What one worker saw of its id range, from `first_id` on.
struct Range {
    first_id: i64,
    first_prev: Option<String>,
    last_id: i64,
    last_hash: Option<String>,
    count: u64,
    fault: Option<Fault>,
}

fn check_range(
    store: &mut Store,
    lo: i64,
    hi: i64,
    done: &AtomicU64,
    cancelled: &(dyn Fn() -> bool + Sync),
) -> Result<Range> {
    let mut chain = ChainCheck::resume(lo);
    let mut hasher = ChainHasher::default();
    let mut fault = None;
    let mut seen = 0u64;
    store.read(|tx| {
        audit_log::each_in_range(tx, lo, hi, &mut |r: &dyn RowRef| {
            // A value of the wrong type (text in `status`, a timestamp out
            // of range) is a changed event, not a failure to read the log.
            let unreadable = |id: i64, e: Error| match e {
                Error::Integrity(why) => Ok(Some(Fault {
                    id,
                    kind: FaultKind::Changed,
                    detail: format!("event {id} cannot be read ({why}): changed"),
                })),
                other => Err(other),
            };
            let id = match r.i64(0) {
                Ok(id) => id,
                Err(e) => {
                    fault = unreadable(chain.last_id() + 1, e)?;
                    return Ok(ControlFlow::Break(()));
                }
            };
            let ts = match r.time(1) {
                Ok(ts) => ts,
                Err(e) => {
                    fault = unreadable(id, e)?;
                    return Ok(ControlFlow::Break(()));
                }
            };
            let read = || -> Result<Fields<'_>> {
                Ok(Fields {
                    id,
                    ts: &ts,
                    actor: r.str(2)?,
                    actor_kind: r.str(3)?,
                    action: r.str(4)?,
                    key_id: r.opt_str(5)?,
                    subject: r.opt_str(6)?,
                    tool: r.opt_str(7)?,
                    status: r.opt_i64(8)?,
                    details: r.str(9)?,
                })
            };
            let f = match read().and_then(|f| Ok((f, r.str(10)?, r.str(11)?))) {
                Ok(x) => x,
                Err(e) => {
                    fault = unreadable(id, e)?;
                    return Ok(ControlFlow::Break(()));
                }
            };
            let (f, prev, hash) = f;
            let ok = hex_matches(hash, &hasher.hash(prev, &f));
            if let Err(e) = chain.link(f.id, prev, hash, ok) {
                fault = Some(e);
                return Ok(ControlFlow::Break(()));
            }
            seen += 1;
            if seen.is_multiple_of(65536) {
                done.fetch_add(65536, Ordering::Relaxed);
                if cancelled() {
                    return Err(Error::Interrupted);
                }
            }
            Ok(ControlFlow::Continue(()))
        })
    })?;
    done.fetch_add(seen % 65536, Ordering::Relaxed);
    Ok(Range {
        first_id: lo,
        first_prev: chain.first_prev().map(str::to_owned),
        last_id: chain.last_id(),
        last_hash: chain.last_hash(),
        count: chain.count,
        fault,
    })
}

/// Walks the whole chain and reports the first bad event. The id range is
/// split across cores, each part on its own connection: an event's hash
/// depends only on its own row and its stored `prev_hash`, and the parts
/// are stitched together at their edges.
pub fn verify(
    store: &mut Store,
    progress: &(dyn Fn(u64, u64) + Sync),
    cancelled: &(dyn Fn() -> bool + Sync),
) -> Result<ChainReport> {
    let fault = |id, kind, detail: String| Some(Fault { id, kind, detail });
    let state = store.read(|tx| {
        let head = audit_log::head(tx, false)?;
        let cps = audit_log::checkpoints(tx)?;
        let vouchers = match cps.first() {
            Some(c) => audit_log::prune_events_after(tx, c.through_id)?,
            None => Vec::new(),
        };
        let last_ts = match &head {
            Some(h) if h.last_id > 0 => audit_log::event_ts(tx, h.last_id)?,
            _ => None,
        };
        Ok((head, cps, audit_log::id_bounds(tx)?, vouchers, last_ts))
    });
    let mut report = ChainReport {
        events: 0,
        head_id: 0,
        head_hash: String::new(),
        checkpoint_id: None,
        fault: None,
        signed: Vec::new(),
    };
    let (head, checkpoints, bounds, vouchers, last_ts) = match state {
        Ok(s) => s,
        // The head or a checkpoint with values of the wrong type.
        Err(Error::Integrity(why)) => {
            report.fault = fault(
                0,
                FaultKind::Changed,
                format!("the chain's head or checkpoint cannot be read ({why}): changed"),
            );
            return Ok(report);
        }
        Err(e) => return Err(e),
    };
    let checkpoint = checkpoints
        .first()
        .map(|c| (c.through_id, c.through_hash.clone()));
    report.head_id = head.as_ref().map_or(0, |h| h.last_id);
    report.head_hash = head
        .as_ref()
        .map(|h| h.last_hash.clone())
        .unwrap_or_default();
    report.checkpoint_id = checkpoint.as_ref().map(|c| c.0);
    let Some(head) = head else {
        report.fault = fault(
            1,
            FaultKind::Deleted,
            "the chain's head row is missing: the log was deleted or truncated".into(),
        );
        return Ok(report);
    };
    if let Some(extra) = checkpoints.get(1) {
        report.fault = fault(
            extra.through_id + 1,
            FaultKind::Inserted,
            format!(
                "a second prune checkpoint, through event {}, sits below the newest: a prune keeps only its own",
                extra.through_id
            ),
        );
        return Ok(report);
    }
    if let Some(c) = checkpoints.first()
        && !vouched(&vouchers, c)
    {
        let id = c.through_id;
        report.fault = fault(
            id + 1,
            FaultKind::Deleted,
            format!(
                "the prune checkpoint through event {id} is vouched for by no audit.prune event: \
                 events up to {id} were deleted and the checkpoint forged"
            ),
        );
        return Ok(report);
    }
    if let Some(ts) = last_ts
        && ts != head.last_ts
    {
        report.fault = fault(
            head.last_id,
            FaultKind::Changed,
            format!(
                "the chain's head records a time for event {} that is not the event's",
                head.last_id
            ),
        );
        return Ok(report);
    }
    let (start_id, start_hash) = checkpoint.clone().unwrap_or((0, GENESIS_HASH.to_owned()));
    if let (Some(min), _) = bounds
        && min <= start_id
    {
        report.fault = fault(
            min,
            FaultKind::Inserted,
            format!("event {min} sits before the prune checkpoint at {start_id}"),
        );
        return Ok(report);
    }
    if let (_, Some(max)) = bounds
        && max > head.last_id
    {
        report.fault = fault(
            head.last_id + 1,
            FaultKind::Inserted,
            format!(
                "events after the recorded head {} were inserted",
                head.last_id
            ),
        );
        return Ok(report);
    }
    let total = (head.last_id - start_id).max(0) as u64;
    let parts = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, 8) as i64;
    let span = ((head.last_id - start_id) / parts).max(1);
    let mut bounds: Vec<(i64, i64)> = Vec::new();
    let mut lo = start_id + 1;
    while lo <= head.last_id {
        let hi = if bounds.len() as i64 == parts - 1 {
            head.last_id
        } else {
            (lo + span - 1).min(head.last_id)
        };
        bounds.push((lo, hi));
        lo = hi + 1;
    }
    let done = AtomicU64::new(0);
    let location = store.location().clone();
    let ranges: Vec<Result<Range>> = std::thread::scope(|s| {
        let workers: Vec<_> = bounds
            .iter()
            .map(|&(lo, hi)| {
                let (loc, done) = (location.clone(), &done);
                s.spawn(move || {
                    let mut conn = Store::open_location(loc)?;
                    check_range(&mut conn, lo, hi, done, cancelled)
                })
            })
            .collect();
        while workers.iter().any(|w| !w.is_finished()) {
            progress(done.load(Ordering::Relaxed), total);
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
        workers
            .into_iter()
            .map(|w| w.join().expect("a verify worker panicked"))
            .collect()
    });
    progress(total, total);

    // Stitch the ranges: each must start where the one before ended, and
    // link to its last hash. A range that ends early lost its tail.
    let mut prev_hash = start_hash;
    let mut next_id = start_id + 1;
    for r in ranges {
        let r = r?;
        report.events += r.count;
        if r.count > 0 && next_id < r.first_id {
            report.fault = fault(
                r.first_id,
                FaultKind::Deleted,
                format!(
                    "events {next_id}–{} are missing before event {}",
                    r.first_id - 1,
                    r.first_id
                ),
            );
            return Ok(report);
        }
        if r.count > 0 && r.first_prev.as_deref() != Some(prev_hash.as_str()) {
            report.fault = fault(
                r.first_id,
                FaultKind::Inserted,
                format!(
                    "event {} does not link to the event before it (inserted, replaced or reordered)",
                    r.first_id
                ),
            );
            return Ok(report);
        }
        if let Some(f) = r.fault {
            report.fault = Some(f);
            return Ok(report);
        }
        if r.count > 0 {
            prev_hash = r.last_hash.clone().unwrap_or_default();
            next_id = r.last_id + 1;
        }
    }
    let mut end = ChainCheck::new(next_id - 1, &prev_hash);
    end.count = report.events;
    if let Err(f) = end.finish(head.last_id, &head.last_hash) {
        report.fault = Some(f);
    }
    Ok(report)
}

/// Whether one of the `audit.prune` events (id, details) records the
/// checkpoint (`through_id`, `through_hash`) as its own. Events written
/// before the hash was recorded vouch by id alone.
fn vouched(prune_events: &[(i64, String)], c: &audit_log::Checkpoint) -> bool {
    prune_events.iter().any(|(_, details)| {
        let Ok(d) = serde_json::from_str::<serde_json::Value>(details) else {
            return false;
        };
        d["through_id"].as_i64() == Some(c.through_id)
            && d["pruned"].as_i64() == Some(c.pruned)
            && d.get("through_hash")
                .is_none_or(|h| h.as_str() == Some(c.through_hash.as_str()))
    })
}

#[derive(Debug, Clone, Serialize)]
pub struct PruneReport {
    pub pruned: i64,
    pub through_id: Option<i64>,
    pub remaining: i64,
}

/// Deletes events older than `older_than`, leaving a checkpoint so that
/// `audit verify` still passes on what remains, and audits the prune.
pub fn prune(store: &mut Store, actor: &Actor, older_than: TimeDelta) -> Result<PruneReport> {
    let now = timefmt::now();
    let before = crate::timefmt::earlier(now, older_than)?;
    store.write(|tx| {
        let Some(p) = audit_log::prune(tx, before, now)? else {
            return Ok(PruneReport {
                pruned: 0,
                through_id: None,
                remaining: audit_log::count(tx)?,
            });
        };
        // The event vouches for the checkpoint (contract §7a): a checkpoint
        // row that no chained prune event records is damage.
        let ev = NewEvent::new("audit.prune")
            .status(200)
            .detail("older_than", timefmt::human_duration(older_than))
            .detail("before", timefmt::rfc3339(&before))
            .detail("pruned", p.deleted)
            .detail("through_id", p.through_id)
            .detail("through_hash", p.through_hash.as_str());
        audit_log::append(tx, actor, ev, now)?;
        Ok(PruneReport {
            pruned: p.deleted,
            through_id: Some(p.through_id),
            remaining: audit_log::count(tx)?,
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_redacted_anywhere() {
        let t = token::generate("kw", &token::new_key_id());
        let s = format!("leaked: Bearer {} here", t.expose());
        let r = redact_tokens(&s);
        assert!(!r.contains(&t.expose()[15..]), "{r}");
        assert!(
            r.starts_with("leaked: Bearer kw_") && r.ends_with("… here"),
            "{r}"
        );
        let other = token::generate("acme", &token::new_key_id());
        assert!(!redact_tokens(other.expose()).contains(&other.expose()[20..]));
        // Look-alikes with a bad checksum are left as they are.
        let mut bad = t.expose().to_owned();
        bad.pop();
        bad.push(if t.expose().ends_with('a') { 'b' } else { 'a' });
        assert_eq!(redact_tokens(&bad), bad.as_str());
        assert_eq!(redact_tokens("plain_text"), "plain_text");
    }

    #[test]
    fn tokens_glued_to_words_are_redacted_too() {
        let t = token::generate("kw", &token::new_key_id());
        let t = t.expose();
        let secret = &t[15..];
        for s in [
            format!(r#"{{"log":"failed\n{t}"}}"#),
            format!("9{t}"),
            format!("{t}next"),
            format!("abcdefghijklmnopqrst{t}"),
        ] {
            let r = redact_tokens(&s);
            assert!(!r.contains(secret), "{s} -> {r}");
        }
        assert_eq!(
            redact_tokens(&format!(r#""failed\n{t}""#)),
            format!(r#""failed\n{}…""#, &t[..7])
        );
        assert_eq!(
            redact_tokens(&format!("9{t}next")),
            format!("9{}next", token::redact(t))
        );
    }

    #[test]
    fn adjacent_tokens_joined_by_underscores() {
        // Found by the audit_redact fuzz target: two tokens joined by `_`.
        let input = "kw_e68WBSv4cjWNdytoX4D9AG00aO9qRs8hWzjhpOSf7tyk23sCyd_ww3a8NyBZX9f9LJ2XDtIMTti3UGklkQmapgBL8PZLx7F2bXIqd";
        assert!(!redact_tokens(input).contains("v4cjWNdytoX4D9AG00aO9qRs8hWzjhp"));
        let a = token::generate("kw", &token::new_key_id());
        let b = token::generate("kw", &token::new_key_id());
        for s in [
            format!("{}_{}", a.expose(), &b.expose()[3..]),
            format!("{}_{}", a.expose(), b.expose()),
            format!("{}{}", a.expose(), b.expose()),
        ] {
            let r = redact_tokens(&s);
            assert!(
                !r.contains(&a.expose()[15..47]) && !r.contains(&b.expose()[15..47]),
                "{s} → {r}"
            );
        }
    }

    #[test]
    fn bodies_without_their_prefix_are_redacted() {
        let t = token::generate("kw", &token::new_key_id());
        let body = &t.expose()[3..];
        for s in [
            body.to_owned(),
            format!("note {body} end"),
            format!("KW_{body}"),
            format!("abc{body}xyz"),
            format!("kw\\u005f{body}"),
        ] {
            let r = redact_tokens(&s);
            assert!(!r.contains(&body[4..40]), "{s} → {r}");
        }
        assert_eq!(redact_tokens("a".repeat(80).as_str()), "a".repeat(80));
    }

    #[test]
    fn actions() {
        for ok in ["key.create", "mcp.tool_call", "deploy", "a.b-c.d_9"] {
            validate_action(ok).unwrap();
        }
        for bad in ["", "Key.create", "key..x", ".key", "key. x", "k;drop"] {
            assert!(validate_action(bad).is_err(), "{bad}");
        }
    }
}
