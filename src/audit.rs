//! The audit event model and its hash chain (contract §7) — no I/O.
//!
//! Each event's `hash` is SHA-256 over a domain tag, the previous event's
//! hash and the event's fields in a canonical encoding, so changing,
//! inserting, deleting or reordering any event breaks the chain at that
//! point. The encoding is simple enough to re-check in any language:
//!
//! ```text
//! hash  = hex(SHA-256("keywarden-audit-v1" ‖ f(prev_hash) ‖ f(id) ‖ f(ts) ‖ f(actor)
//!             ‖ f(actor_kind) ‖ f(action) ‖ f(key_id) ‖ f(subject) ‖ f(tool)
//!             ‖ f(status) ‖ f(details)))
//! f(x)  = decimal byte length of x ‖ ":" ‖ x ‖ ","     (a netstring)
//! f(NULL) = "-,"
//! ```
//!
//! `id` and `status` are decimal, `ts` is RFC 3339 UTC with exactly six
//! fractional digits (`2026-11-26T18:34:06.123456Z`), `details` is the
//! stored JSON text byte for byte, and the first event's `prev_hash` is 64
//! zeros (or, after `audit prune`, the hash of the last pruned event, kept
//! in a checkpoint). This module must never hold a secret: details are built
//! by the code from identifiers, and `audit record` input is redacted first.

use chrono::{DateTime, Utc};
use sha2::{Digest, Sha256};

use crate::error::{Error, Result};
use crate::timefmt;

pub const GENESIS_HASH: &str = "0000000000000000000000000000000000000000000000000000000000000000";
const DOMAIN: &[u8] = b"keywarden-audit-v1";

/// Who acts: recorded in every event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub name: String,
    /// `cli`, `cron`, `mcp`, `rest`, `dashboard`, `system`, or another word.
    pub kind: String,
}

impl Actor {
    pub fn new(name: impl Into<String>, kind: impl Into<String>) -> Self {
        Actor {
            name: name.into(),
            kind: kind.into(),
        }
    }

    /// Checks both parts (see [`validate_actor_name`] and
    /// [`validate_actor_kind`]): every way an actor enters an event —
    /// a flag, the environment, a server embedding the library — goes
    /// through this one check.
    pub fn validate(&self) -> Result<()> {
        validate_actor_name(&self.name)?;
        validate_actor_kind(&self.kind)
    }
}

/// An actor's name: 1–200 characters, none of them a control character
/// (it is printed in tables and reports).
pub fn validate_actor_name(name: &str) -> Result<()> {
    let ok = !name.trim().is_empty()
        && name.chars().count() <= 200
        && !name.chars().any(char::is_control);
    if ok {
        Ok(())
    } else {
        Err(Error::invalid(
            "an actor name must be 1–200 printable characters, e.g. alice or deploy-bot",
        ))
    }
}

/// An actor kind: one lowercase word of at most 32 characters
/// (`cli`, `cron`, `mcp`, `rest`, `dashboard`, `system`, or another).
pub fn validate_actor_kind(k: &str) -> Result<()> {
    let ok = k.len() <= 32
        && k.as_bytes().first().is_some_and(u8::is_ascii_lowercase)
        && k.bytes()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == b'_' || c == b'-');
    if ok {
        Ok(())
    } else {
        Err(Error::invalid(format!(
            "invalid actor kind {:?}: one lowercase word of at most 32 characters, such as cli, cron, mcp, rest, dashboard, system",
            k.chars().take(40).collect::<String>()
        )))
    }
}

/// An event about to be appended; the store assigns id, ts and the hashes.
#[derive(Debug, Clone, Default)]
pub struct NewEvent {
    pub action: String,
    pub key_id: Option<String>,
    pub subject: Option<String>,
    pub tool: Option<String>,
    pub status: Option<i64>,
    pub details: serde_json::Map<String, serde_json::Value>,
}

impl NewEvent {
    pub fn new(action: &str) -> Self {
        NewEvent {
            action: action.to_owned(),
            ..Default::default()
        }
    }
    pub fn key(mut self, key_id: &str) -> Self {
        self.key_id = Some(key_id.to_owned());
        self
    }
    pub fn subject(mut self, s: impl Into<String>) -> Self {
        self.subject = Some(s.into());
        self
    }
    pub fn tool(mut self, t: Option<&str>) -> Self {
        self.tool = t.map(str::to_owned);
        self
    }
    pub fn status(mut self, s: i64) -> Self {
        self.status = Some(s);
        self
    }
    pub fn detail(mut self, k: &str, v: impl Into<serde_json::Value>) -> Self {
        self.details.insert(k.to_owned(), v.into());
        self
    }
}

/// A stored event.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Event {
    pub id: i64,
    #[serde(serialize_with = "ser_ts")]
    pub ts: DateTime<Utc>,
    pub actor: String,
    pub actor_kind: String,
    pub action: String,
    pub key_id: Option<String>,
    pub subject: Option<String>,
    pub tool: Option<String>,
    pub status: Option<i64>,
    #[serde(serialize_with = "ser_details")]
    pub details: String,
    pub prev_hash: String,
    pub hash: String,
}

fn ser_ts<S: serde::Serializer>(t: &DateTime<Utc>, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&timefmt::rfc3339_micros(t))
}

fn ser_details<S: serde::Serializer>(d: &str, s: S) -> Result<S::Ok, S::Error> {
    use serde::Serialize;
    match serde_json::from_str::<serde_json::Value>(d) {
        Ok(v) => v.serialize(s),
        Err(_) => s.serialize_str(d),
    }
}

/// The hashed fields of an event, borrowed (the chain check reads millions).
#[derive(Debug, Clone, Copy)]
pub struct Fields<'a> {
    pub id: i64,
    pub ts: &'a DateTime<Utc>,
    pub actor: &'a str,
    pub actor_kind: &'a str,
    pub action: &'a str,
    pub key_id: Option<&'a str>,
    pub subject: Option<&'a str>,
    pub tool: Option<&'a str>,
    pub status: Option<i64>,
    pub details: &'a str,
}

impl Event {
    pub fn fields(&self) -> Fields<'_> {
        Fields {
            id: self.id,
            ts: &self.ts,
            actor: &self.actor,
            actor_kind: &self.actor_kind,
            action: &self.action,
            key_id: self.key_id.as_deref(),
            subject: self.subject.as_deref(),
            tool: self.tool.as_deref(),
            status: self.status,
            details: &self.details,
        }
    }
}

fn net(h: &mut Sha256, x: Option<&[u8]>) {
    match x {
        None => h.update(b"-,"),
        Some(b) => {
            let mut len = itoa::Buffer::new();
            h.update(len.format(b.len()).as_bytes());
            h.update(b":");
            h.update(b);
            h.update(b",");
        }
    }
}

/// Computes chain hashes without allocating: a million events a second
/// go through here during `audit verify`. Consecutive events usually
/// share their second, so the formatted date-time is cached.
#[derive(Debug, Default)]
pub struct ChainHasher {
    cached_second: Option<i64>,
    ts: [u8; 27],
}

impl ChainHasher {
    fn format_ts(&mut self, t: &DateTime<Utc>) -> &[u8] {
        let secs = t.timestamp();
        if self.cached_second != Some(secs) {
            use std::io::Write as _;
            let mut w = &mut self.ts[..];
            write!(w, "{}", t.format("%Y-%m-%dT%H:%M:%S")).expect("a fixed-width date fits");
            self.cached_second = Some(secs);
        }
        let mut us = t.timestamp_subsec_micros();
        for i in (20..26).rev() {
            self.ts[i] = b'0' + (us % 10) as u8;
            us /= 10;
        }
        self.ts[19] = b'.';
        self.ts[26] = b'Z';
        &self.ts
    }

    /// The chain hash of an event given the previous event's hash.
    pub fn hash(&mut self, prev_hash: &str, f: &Fields<'_>) -> [u8; 32] {
        let mut h = Sha256::new();
        h.update(DOMAIN);
        net(&mut h, Some(prev_hash.as_bytes()));
        let mut id = itoa::Buffer::new();
        net(&mut h, Some(id.format(f.id).as_bytes()));
        net(&mut h, Some(self.format_ts(f.ts)));
        net(&mut h, Some(f.actor.as_bytes()));
        net(&mut h, Some(f.actor_kind.as_bytes()));
        net(&mut h, Some(f.action.as_bytes()));
        net(&mut h, f.key_id.map(str::as_bytes));
        net(&mut h, f.subject.map(str::as_bytes));
        net(&mut h, f.tool.map(str::as_bytes));
        let mut status = itoa::Buffer::new();
        net(&mut h, f.status.map(|s| status.format(s).as_bytes()));
        net(&mut h, Some(f.details.as_bytes()));
        h.finalize().into()
    }
}

/// The chain hash of an event, in lowercase hex.
pub fn chain_hash(prev_hash: &str, f: &Fields<'_>) -> String {
    hex_string(&ChainHasher::default().hash(prev_hash, f))
}

/// A digest in lowercase hex.
pub fn hex_string(d: &[u8; 32]) -> String {
    String::from_utf8(hex(d).to_vec()).expect("hex is ASCII")
}

fn hex(d: &[u8; 32]) -> [u8; 64] {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = [0u8; 64];
    for (i, b) in d.iter().enumerate() {
        out[2 * i] = DIGITS[(b >> 4) as usize];
        out[2 * i + 1] = DIGITS[(b & 15) as usize];
    }
    out
}

/// True when `stored` is the lowercase hex of `digest`.
pub fn hex_matches(stored: &str, digest: &[u8; 32]) -> bool {
    stored.as_bytes() == hex(digest)
}

/// What is wrong at the first bad event.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Fault {
    /// The first event id where the chain fails.
    pub id: i64,
    pub kind: FaultKind,
    pub detail: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FaultKind {
    Changed,
    Inserted,
    Deleted,
}

impl FaultKind {
    pub fn as_str(self) -> &'static str {
        match self {
            FaultKind::Changed => "changed",
            FaultKind::Inserted => "inserted",
            FaultKind::Deleted => "deleted",
        }
    }
}

/// Walks events in id order and reports the first break in the chain.
///
/// A check may start after a checkpoint (the hash of the event before is
/// known) or in the middle of the log (`resume`, for a parallel range):
/// then the first event's link is not checked here but recorded in
/// [`ChainCheck::first_prev`], for the caller to stitch ranges together.
#[derive(Debug, Clone)]
pub struct ChainCheck {
    expected_id: i64,
    expected_prev: Option<[u8; 64]>,
    first_prev: Option<String>,
    pub count: u64,
}

impl ChainCheck {
    /// Starts after a checkpoint (`through_id`, `through_hash`), or at the
    /// genesis with `(0, GENESIS_HASH)`.
    pub fn new(through_id: i64, through_hash: &str) -> Self {
        let mut prev = [0u8; 64];
        let n = through_hash.len().min(64);
        prev[..n].copy_from_slice(&through_hash.as_bytes()[..n]);
        ChainCheck {
            expected_id: through_id + 1,
            expected_prev: Some(prev),
            first_prev: None,
            count: 0,
        }
    }

    /// Starts at event `first_id` without knowing the hash before it.
    pub fn resume(first_id: i64) -> Self {
        ChainCheck {
            expected_id: first_id,
            expected_prev: None,
            first_prev: None,
            count: 0,
        }
    }

    /// The `prev_hash` of the first event seen, for a resumed check.
    pub fn first_prev(&self) -> Option<&str> {
        self.first_prev.as_deref()
    }

    /// The id of the last event seen (or before the first).
    pub fn last_id(&self) -> i64 {
        self.expected_id - 1
    }

    /// Checks one event, given whether its own hash recomputed correctly.
    pub fn link(
        &mut self,
        id: i64,
        prev_hash: &str,
        hash: &str,
        hash_ok: bool,
    ) -> Result<(), Fault> {
        let fault = |kind, detail: String| Err(Fault { id, kind, detail });
        if id < self.expected_id {
            return fault(
                FaultKind::Inserted,
                format!(
                    "event {id} appears after event {} (inserted or reordered)",
                    self.expected_id - 1
                ),
            );
        }
        if id > self.expected_id {
            let missing = if id - 1 == self.expected_id {
                format!("event {} is missing", self.expected_id)
            } else {
                format!("events {}–{} are missing", self.expected_id, id - 1)
            };
            return fault(FaultKind::Deleted, format!("{missing} before event {id}"));
        }
        if !hash_ok {
            return fault(
                FaultKind::Changed,
                format!("event {id}'s fields no longer match its hash (changed)"),
            );
        }
        match &self.expected_prev {
            Some(p) if prev_hash.as_bytes() != p => {
                return fault(
                    FaultKind::Inserted,
                    format!(
                        "event {id} does not link to the event before it (inserted, replaced or reordered)"
                    ),
                );
            }
            Some(_) => {}
            None => self.first_prev = Some(prev_hash.to_owned()),
        }
        let mut next = [0u8; 64];
        let n = hash.len().min(64);
        next[..n].copy_from_slice(&hash.as_bytes()[..n]);
        self.expected_prev = Some(next);
        self.expected_id += 1;
        self.count += 1;
        Ok(())
    }

    /// The hash of the last event seen, if any.
    pub fn last_hash(&self) -> Option<String> {
        self.expected_prev.map(|p| {
            String::from_utf8_lossy(&p)
                .trim_end_matches('\0')
                .to_owned()
        })
    }

    /// Compares the end of the walk with the store's recorded head.
    pub fn finish(&self, head_id: i64, head_hash: &str) -> Result<(), Fault> {
        let last = self.expected_id - 1;
        if last < head_id {
            return Err(Fault {
                id: last + 1,
                kind: FaultKind::Deleted,
                detail: format!(
                    "events {}–{head_id} at the end of the log are missing",
                    last + 1
                ),
            });
        }
        if last > head_id {
            return Err(Fault {
                id: head_id + 1,
                kind: FaultKind::Inserted,
                detail: format!("events after the recorded head {head_id} were inserted"),
            });
        }
        if self.last_hash().as_deref() != Some(head_hash) {
            return Err(Fault {
                id: last,
                kind: FaultKind::Changed,
                detail: format!("the last event {last} does not match the recorded head hash"),
            });
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ev(id: i64, prev: &str) -> Event {
        let mut e = Event {
            id,
            ts: DateTime::from_timestamp_micros(1_764_150_000_123_456 + id).unwrap(),
            actor: "alice".into(),
            actor_kind: "cli".into(),
            action: "key.create".into(),
            key_id: Some("3kT9xQ2mB7aZ".into()),
            subject: None,
            tool: None,
            status: Some(200),
            details: r#"{"name":"bot"}"#.into(),
            prev_hash: prev.into(),
            hash: String::new(),
        };
        e.hash = chain_hash(prev, &e.fields());
        e
    }

    fn chain(n: i64) -> Vec<Event> {
        let mut out: Vec<Event> = Vec::new();
        for id in 1..=n {
            let prev = out
                .last()
                .map_or(GENESIS_HASH.to_owned(), |e| e.hash.clone());
            out.push(ev(id, &prev));
        }
        out
    }

    fn check(events: &[Event]) -> Result<u64, Fault> {
        let mut c = ChainCheck::new(0, GENESIS_HASH);
        let mut h = ChainHasher::default();
        for e in events {
            let ok = hex_matches(&e.hash, &h.hash(&e.prev_hash, &e.fields()));
            c.link(e.id, &e.prev_hash, &e.hash, ok)?;
        }
        let head = events
            .last()
            .map_or((0, GENESIS_HASH.to_owned()), |e| (e.id, e.hash.clone()));
        c.finish(head.0, &head.1)?;
        Ok(c.count)
    }

    #[test]
    fn known_answer() {
        // Pinned, and computed independently in Python from the encoding in the
        // module docs, so that a change to the encoding is a deliberate act.
        let e = ev(1, GENESIS_HASH);
        assert_eq!(
            e.hash,
            "7845d5564cada5082902477953440d57e4408dde497459cc47b5ffec0a323079"
        );
    }

    #[test]
    fn intact_chain_verifies() {
        assert_eq!(check(&chain(5)), Ok(5));
    }

    #[test]
    fn any_change_is_detected_at_its_event() {
        let mut c = chain(5);
        c[2].actor = "mallory".into();
        let f = check(&c).unwrap_err();
        assert_eq!((f.id, f.kind), (3, FaultKind::Changed));

        let mut c = chain(5);
        c.remove(1);
        let f = check(&c).unwrap_err();
        assert_eq!((f.id, f.kind), (3, FaultKind::Deleted));

        let mut c = chain(5);
        c.swap(1, 2);
        assert_eq!(check(&c).unwrap_err().id, 3);

        // A rehashed forgery in the middle breaks the next link.
        let mut c = chain(5);
        c[2].status = Some(500);
        c[2].hash = chain_hash(&c[2].prev_hash, &c[2].fields());
        let f = check(&c).unwrap_err();
        assert_eq!((f.id, f.kind), (4, FaultKind::Inserted));
    }

    #[test]
    fn null_and_empty_differ() {
        let mut a = ev(1, GENESIS_HASH);
        a.subject = Some(String::new());
        assert_ne!(
            chain_hash(GENESIS_HASH, &a.fields()),
            ev(1, GENESIS_HASH).hash
        );
    }
}
