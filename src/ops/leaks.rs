//! Leak reports from code hosts (contract §12): accept a batch, decide
//! each token, finish the batch — each step one transaction with its audit
//! events.
//!
//! The order for each reported token is the playbook's (contract §8):
//! shape first (this store's prefix, a valid checksum: [`accept`], no
//! store work for anything else), then the key id (a key of this store),
//! then the bcrypt hash ([`decide`]): a look-alike — right prefix and key
//! id, valid checksum, wrong secret — never revokes anything. A match is
//! revoked with reason `leaked` under the batch's incident id, by an actor
//! naming the code host.
//!
//! Durability: [`accept`] stores the batch before the caller answers, so
//! the answer never waits for bcrypt and a restart finishes what was
//! accepted ([`open_batches`]). A batch is known by the digest of its raw
//! body: sent again, it is the same incident and nothing is revoked twice;
//! and [`decide`] claims its row in the transaction that revokes, so two
//! workers or two processes never both act on one token.
//!
//! What is stored of a reported token: nothing, unless it has this store's
//! prefix, a valid checksum and names a key that exists. Those need a hash
//! check that may have to survive a restart, so their raw text is stored
//! until the check is decided and set to NULL in the deciding transaction.
//! Such a token was published by its holder (that is the report); the row
//! lives for seconds; no token of another issuer ever reaches the store.
//! The audit log names keys by id, never a token.

use chrono::{DateTime, TimeDelta, Utc};
use serde::Serialize;

use crate::audit::{Actor, NewEvent};
use crate::codehost::{Host, Label, Reported};
use crate::error::{Error, Result};
use crate::model::Key;
use crate::ops::incident::{self, TrailEvent};
use crate::secret::Secret;
use crate::store::Store;
use crate::store::sql::leaks::{self as sql, BatchRow, NewReport};
use crate::store::sql::{audit_log, keys};
use crate::{timefmt, token};

/// The `actor_kind` of everything a code host's report does.
pub const ACTOR_KIND: &str = "system";

/// The actor recorded for a host's reports.
pub fn actor(host: Host) -> Actor {
    Actor::new(host.actor_name(), ACTOR_KIND)
}

/// A batch as accepted.
#[derive(Debug, Clone)]
pub struct Accepted {
    /// The incident id of the batch (`inc_…`), the same when resent.
    pub incident: String,
    /// The batch was accepted before (same host, same raw body).
    pub replay: bool,
    /// Per reported token, in order: its label when decided by now.
    /// Tokens that are not this store's are decided at once.
    pub labels: Vec<Option<Label>>,
    /// The rows still waiting for their hash check (seq = index).
    pub pending: Vec<i64>,
}

/// Whether a reported token could be one of this store's, by its shape
/// alone: the key id when it could.
fn candidate<'a>(r: &'a Reported, prefix: &str) -> Option<&'a str> {
    token::parse_for(r.token.expose(), prefix)
        .ok()
        .map(|p| p.key_id)
}

/// Stores a batch (or finds it, when resent) and audits its receipt
/// (`leak.report`), all in one transaction. Returns what is decided
/// already; the pending rows are for [`decide`].
pub fn accept(
    store: &mut Store,
    host: Host,
    digest: &str,
    reported: &[Reported],
) -> Result<Accepted> {
    let prefix = store.settings().prefix.clone();
    let actor = actor(host);
    // A resend racing its original can lose the insert; the second try
    // then finds the batch.
    for _ in 0..3 {
        let now = timefmt::now();
        let got = store.write(|tx| {
            if let Some(b) = sql::batch_by_digest(tx, digest)? {
                let rows = sql::reports(tx, &b.id)?;
                let mut labels = vec![Some(Label::FalsePositive); reported.len()];
                let mut pending = Vec::new();
                for r in &rows {
                    if let Some(slot) = usize::try_from(r.seq).ok().and_then(|i| labels.get_mut(i))
                    {
                        *slot = r.label.as_deref().and_then(Label::parse);
                        if r.label.is_none() {
                            pending.push(r.seq);
                        }
                    }
                }
                let ev = NewEvent::new("leak.report")
                    .status(200)
                    .detail("incident", b.id.as_str())
                    .detail("host", host.as_str())
                    .detail("replay", true)
                    .detail("tokens", reported.len() as i64);
                audit_log::append(tx, &actor, ev, now)?;
                return Ok(Some(Accepted {
                    incident: b.id,
                    replay: true,
                    labels,
                    pending,
                }));
            }
            let incident = incident::new_incident_id();
            let mut labels = Vec::with_capacity(reported.len());
            let mut rows = Vec::new();
            let mut unknown_ids = 0_i64;
            for (i, r) in reported.iter().enumerate() {
                let Some(key_id) = candidate(r, &prefix) else {
                    labels.push(Some(Label::FalsePositive));
                    continue;
                };
                if keys::get(tx, key_id, false)?.is_none() {
                    unknown_ids += 1;
                    labels.push(Some(Label::FalsePositive));
                    continue;
                }
                labels.push(None);
                rows.push((i as i64, key_id, r));
            }
            let batch = BatchRow {
                id: incident.clone(),
                host: host.as_str().to_owned(),
                received_at: now,
                tokens: reported.len() as i64,
                candidates: rows.len() as i64,
                finished_at: None,
                reported_at: None,
            };
            if !sql::insert_batch(tx, &batch, digest)? {
                return Ok(None);
            }
            for (seq, key_id, r) in &rows {
                sql::insert_report(
                    tx,
                    &incident,
                    &NewReport {
                        seq: *seq,
                        key_id,
                        token: r.token.expose(),
                        token_type: &r.kind,
                        url: r.url.as_deref(),
                        source: r.source.as_deref(),
                    },
                )?;
            }
            let ev = NewEvent::new("leak.report")
                .status(202)
                .detail("incident", incident.as_str())
                .detail("host", host.as_str())
                .detail("tokens", reported.len() as i64)
                .detail("to_check", rows.len() as i64)
                .detail("unknown_key_ids", unknown_ids)
                .detail(
                    "not_this_store",
                    reported.len() as i64 - rows.len() as i64 - unknown_ids,
                );
            audit_log::append(tx, &actor, ev, now)?;
            Ok(Some(Accepted {
                incident,
                replay: false,
                labels,
                pending: rows.iter().map(|(s, _, _)| *s).collect(),
            }))
        })?;
        if let Some(a) = got {
            return Ok(a);
        }
    }
    Err(Error::store(
        "a leak batch could be neither stored nor found; retry",
    ))
}

/// Audits a refused report (`leak.refused`): a bad or missing signature
/// or secret (401), an oversize (413) or malformed (400) body. Nothing
/// else is written. `unaudited` counts the refusals before this one that
/// a caller's rate limit left without an event of their own.
pub fn refuse(
    store: &mut Store,
    host: Host,
    status: u16,
    reason: &str,
    unaudited: u64,
) -> Result<()> {
    let now = timefmt::now();
    let mut ev = NewEvent::new("leak.refused")
        .status(i64::from(status))
        .detail("host", host.as_str())
        .detail("reason", reason);
    if unaudited > 0 {
        ev = ev.detail("unaudited_before", unaudited as i64);
    }
    store.write(|tx| audit_log::append(tx, &actor(host), ev, now))?;
    Ok(())
}

/// What deciding one token did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decided {
    /// The secret matched; the key was live and is now revoked.
    Revoked,
    /// The secret matched a key that was revoked already.
    AlreadyRevoked,
    /// Right key id and checksum, wrong secret: nothing was touched.
    Lookalike,
    /// The row was decided already (another worker, another process).
    AlreadyDecided,
}

impl Decided {
    fn outcome(self) -> &'static str {
        match self {
            Decided::Revoked => "revoked",
            Decided::AlreadyRevoked => "already_revoked",
            Decided::Lookalike => "lookalike",
            Decided::AlreadyDecided => "already_decided",
        }
    }
}

/// Decides one pending token of a batch: bcrypt before any transaction
/// (a slow hash never holds the write lock), then, under the key's row
/// lock, the decision, the revocation if live, the raw token dropped and
/// the audit event — one transaction.
pub fn decide(store: &mut Store, host: Host, batch_id: &str, seq: i64) -> Result<Decided> {
    let Some((row, raw)) = store.read(|tx| sql::pending_token(tx, batch_id, seq))? else {
        return Ok(Decided::AlreadyDecided);
    };
    let raw = Secret::from(raw);
    let hash = store
        .read(|tx| keys::get(tx, &row.key_id, false))?
        .map(|k| k.token_hash);
    let matches = match &hash {
        Some(h) => token::verify_hash(raw.expose(), h)?,
        None => false,
    };
    drop(raw);
    let actor = actor(host);
    let now = timefmt::now();
    store.write(|tx| {
        let mut key = keys::get(tx, &row.key_id, true)?;
        let decided = match &key {
            Some(k) if matches && k.revoked_at.is_none() => Decided::Revoked,
            Some(_) if matches => Decided::AlreadyRevoked,
            _ => Decided::Lookalike,
        };
        let label = if matches {
            Label::TruePositive
        } else {
            Label::FalsePositive
        };
        if !sql::decide(tx, batch_id, seq, label.as_str(), decided.outcome(), now)? {
            return Ok(Decided::AlreadyDecided);
        }
        let mut details = serde_json::Map::new();
        details.insert("incident".into(), batch_id.into());
        details.insert("host".into(), host.as_str().into());
        details.insert("token_type".into(), row.token_type.clone().into());
        details.insert("url".into(), row.url.clone().into());
        details.insert("source".into(), row.source.clone().into());
        match (decided, key.as_mut()) {
            (Decided::Revoked, Some(k)) => {
                crate::ops::keys::revoke_in(tx, &actor, k, Some("leaked"), now, details)?;
            }
            _ => {
                let (action, status) = match decided {
                    Decided::AlreadyRevoked => ("leak.known", 200),
                    _ => ("leak.lookalike", 401),
                };
                let mut ev = NewEvent::new(action).key(&row.key_id).status(status);
                ev.details = details;
                audit_log::append(tx, &actor, ev, now)?;
            }
        }
        Ok(decided)
    })
}

/// One reported token of this store's shape, as decided.
#[derive(Debug, Clone, Serialize)]
pub struct TokenOutcome {
    /// Index in the reported array.
    pub seq: i64,
    pub key_id: String,
    /// `prefix_keyid`; never the secret.
    pub handle: String,
    pub token_type: String,
    pub url: Option<String>,
    pub source: Option<String>,
    /// `true_positive` / `false_positive`; `None` while pending.
    pub label: Option<Label>,
    /// `revoked`, `already_revoked`, `lookalike`.
    pub outcome: Option<String>,
    #[serde(serialize_with = "ser_opt_time")]
    pub decided_at: Option<DateTime<Utc>>,
}

fn ser_opt_time<S: serde::Serializer>(
    t: &Option<DateTime<Utc>>,
    s: S,
) -> std::result::Result<S::Ok, S::Error> {
    match t {
        Some(t) => s.serialize_str(&timefmt::rfc3339(t)),
        None => s.serialize_none(),
    }
}

/// A key a batch named with its real secret, and its trail.
#[derive(Debug, Clone)]
pub struct LeakedKey {
    pub key: Key,
    /// The key's audit events in the review window before the batch
    /// arrived, oldest first, writes and failures marked.
    pub trail: Vec<TrailEvent>,
}

/// A finished batch: what its incident report says.
#[derive(Debug, Clone)]
pub struct Summary {
    pub incident: String,
    pub host: Host,
    pub received_at: DateTime<Utc>,
    pub finished_at: Option<DateTime<Utc>>,
    /// Tokens reported.
    pub tokens: i64,
    /// Tokens of this store's shape naming an existing key, decided.
    pub checked: Vec<TokenOutcome>,
    /// The keys whose real secret was reported.
    pub keys: Vec<LeakedKey>,
    /// The review window of the trails.
    pub window: TimeDelta,
}

impl Summary {
    /// Reported tokens that are not this store's.
    pub fn false_positives(&self) -> i64 {
        self.tokens
            - self
                .checked
                .iter()
                .filter(|t| t.label == Some(Label::TruePositive))
                .count() as i64
    }

    /// Checked tokens with this outcome (`revoked`, `already_revoked`,
    /// `lookalike`).
    pub fn count(&self, outcome: &str) -> usize {
        self.checked
            .iter()
            .filter(|t| t.outcome.as_deref() == Some(outcome))
            .count()
    }
}

/// How far back the incident report reviews each leaked key's trail (the
/// default `--window` of `incident respond`).
pub const REVIEW_WINDOW: TimeDelta = TimeDelta::hours(24);

/// Marks a batch finished when every token is decided, with its closing
/// `incident.respond` event; with `report_wanted` false it also counts as
/// reported. Returns the summary when this call finished it, `None` when
/// tokens are still pending or it was finished before.
pub fn finish(
    store: &mut Store,
    host: Host,
    batch_id: &str,
    report_wanted: bool,
) -> Result<Option<Summary>> {
    let now = timefmt::now();
    let done = store.write(|tx| {
        if !sql::finish(tx, batch_id, now)? {
            return Ok(false);
        }
        if !report_wanted {
            sql::mark_reported(tx, batch_id, now)?;
        }
        let rows = sql::reports(tx, batch_id)?;
        let count = |o: &str| rows.iter().filter(|r| r.outcome.as_deref() == Some(o)).count() as i64;
        let b = sql::batch(tx, batch_id)?.ok_or_else(|| Error::integrity("a leak batch vanished"))?;
        let ev = NewEvent::new("incident.respond")
            .status(200)
            .detail("incident", batch_id)
            .detail("host", host.as_str())
            .detail("tokens", b.tokens)
            .detail("revoked", count("revoked"))
            .detail("already_revoked", count("already_revoked"))
            .detail("lookalikes", count("lookalike"))
            .detail(
                "not_done",
                vec!["replacement: none minted; a replacement's token must reach a person (`keywarden incident respond KEY`)"],
            );
        audit_log::append(tx, &actor(host), ev, now)?;
        Ok(true)
    })?;
    if !done {
        return Ok(None);
    }
    summary(store, batch_id).map(Some)
}

/// What a batch looks like now, with the trails of its leaked keys.
pub fn summary(store: &mut Store, batch_id: &str) -> Result<Summary> {
    let prefix = store.settings().prefix.clone();
    let (b, rows) = store.read(|tx| {
        let b = sql::batch(tx, batch_id)?
            .ok_or_else(|| Error::not_found(format!("no leak batch {batch_id}")))?;
        Ok((b, sql::reports(tx, batch_id)?))
    })?;
    let host = Host::parse(&b.host).ok_or_else(|| {
        Error::integrity(format!("leak batch {batch_id}: unknown host {:?}", b.host))
    })?;
    let mut ids: Vec<&str> = rows
        .iter()
        .filter(|r| r.label.as_deref() == Some(Label::TruePositive.as_str()))
        .map(|r| r.key_id.as_str())
        .collect();
    ids.sort_unstable();
    ids.dedup();
    let mut leaked = Vec::new();
    for id in ids {
        let Some(key) = store.read(|tx| keys::get(tx, id, false))? else {
            continue;
        };
        let trail = incident::trail(store, id, b.received_at - REVIEW_WINDOW, b.received_at)?;
        leaked.push(LeakedKey { key, trail });
    }
    let checked = rows
        .into_iter()
        .map(|r| TokenOutcome {
            handle: format!("{prefix}_{}", r.key_id),
            seq: r.seq,
            key_id: r.key_id,
            token_type: r.token_type,
            url: r.url,
            source: r.source,
            label: r.label.as_deref().and_then(Label::parse),
            outcome: r.outcome,
            decided_at: r.decided_at,
        })
        .collect();
    Ok(Summary {
        incident: b.id,
        host,
        received_at: b.received_at,
        finished_at: b.finished_at,
        tokens: b.tokens,
        checked,
        keys: leaked,
        window: REVIEW_WINDOW,
    })
}

/// Records that a finished batch's incident report was written to
/// `path`, or (`None`) that none will be (`incident.report`); false when
/// it was recorded before.
pub fn mark_reported(
    store: &mut Store,
    host: Host,
    batch_id: &str,
    path: Option<&str>,
) -> Result<bool> {
    let now = timefmt::now();
    store.write(|tx| {
        if !sql::mark_reported(tx, batch_id, now)? {
            return Ok(false);
        }
        let ev = NewEvent::new("incident.report")
            .status(if path.is_some() { 200 } else { 204 })
            .detail("incident", batch_id)
            .detail("host", host.as_str())
            .detail("path", path);
        audit_log::append(tx, &actor(host), ev, now)?;
        Ok(true)
    })
}

/// A batch that a restart must finish.
#[derive(Debug, Clone)]
pub struct Open {
    pub incident: String,
    pub host: Host,
    /// Tokens still to decide; empty when only finishing (or its report)
    /// is left.
    pub pending: Vec<i64>,
    pub finished: bool,
    pub received_at: DateTime<Utc>,
}

/// Every batch accepted and not yet reported on, oldest first.
pub fn open_batches(store: &mut Store) -> Result<Vec<Open>> {
    store.read(|tx| {
        let mut out = Vec::new();
        for b in sql::open_batches(tx)? {
            let host = Host::parse(&b.host).ok_or_else(|| {
                Error::integrity(format!("leak batch {}: unknown host {:?}", b.id, b.host))
            })?;
            out.push(Open {
                pending: sql::pending_seqs(tx, &b.id)?,
                finished: b.finished_at.is_some(),
                received_at: b.received_at,
                incident: b.id,
                host,
            });
        }
        Ok(out)
    })
}
