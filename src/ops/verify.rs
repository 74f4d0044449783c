//! Verifying and authorizing a presented token: the check an MCP server
//! runs on every request, and `keys verify`.
//!
//! The order matters for safety and cost:
//! 1. the token's shape and checksum (no store, no bcrypt) → `MALFORMED`;
//! 2. the key row by id, and bcrypt of the whole token → `NOT_FOUND`;
//! 3. revocation and expiry → `REVOKED` / `EXPIRED`;
//! 4. scope, ability and tool → `FORBIDDEN`;
//! 5. one write transaction that re-checks the key is live under its row
//!    lock, records `last_used_at`, counts the request against the rate
//!    limit (`RATE_LIMITED`) and appends the audit event.
//!
//! Step 5 is why a key revoked while its bcrypt check was running is still
//! refused, and why the per-minute limit holds across processes: the
//! counter is incremented and read in one statement under the lock.
//!
//! The steps are separate functions so that `keys verify` and the
//! [`Verifier`](crate::verifier::Verifier) of `keywarden serve` run the same
//! decision: the CLI runs them one after the other for one token; the
//! Verifier remembers steps 2–3 (a key's grants never change after minting)
//! and runs step 5 for many requests in one transaction.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::audit::{Actor, NewEvent};
use crate::authz::{self, Decision, ScopePath};
use crate::error::Result;
use crate::model::{Key, KeyStatus};
use crate::store::Store;
use crate::store::sql::{audit_log, catalog, keys};
use crate::{timefmt, token};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum VerifyStatus {
    Valid,
    Malformed,
    NotFound,
    Revoked,
    Expired,
    Forbidden,
    RateLimited,
}

impl VerifyStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            VerifyStatus::Valid => "VALID",
            VerifyStatus::Malformed => "MALFORMED",
            VerifyStatus::NotFound => "NOT_FOUND",
            VerifyStatus::Revoked => "REVOKED",
            VerifyStatus::Expired => "EXPIRED",
            VerifyStatus::Forbidden => "FORBIDDEN",
            VerifyStatus::RateLimited => "RATE_LIMITED",
        }
    }

    /// The HTTP status a server would answer with, also the audit status.
    pub fn http_status(self) -> i64 {
        match self {
            VerifyStatus::Valid => 200,
            VerifyStatus::Forbidden => 403,
            VerifyStatus::RateLimited => 429,
            _ => 401,
        }
    }
}

/// What the request wants to do; absent parts are not checked.
#[derive(Debug, Clone, Default)]
pub struct VerifyRequest {
    pub resource: Option<ScopePath>,
    pub ability: Option<String>,
    pub tool: Option<String>,
    /// The proxy's request id (`X-Request-Id`), recorded in the event.
    pub request_id: Option<String>,
    /// A reason the caller already has to refuse the request (headers it
    /// cannot trust): the token is still authenticated, and a live key's
    /// request is FORBIDDEN for this reason and audited like any other.
    pub deny: Option<String>,
    /// The audit event's action; `key.verify` when `None`. The MCP gateway
    /// records each `tools/call` as `tool.call`.
    pub action: Option<&'static str>,
}

impl VerifyRequest {
    pub fn resource(path: &str) -> Result<Self> {
        Ok(VerifyRequest {
            resource: Some(path.parse()?),
            ..Default::default()
        })
    }
    pub fn ability(mut self, a: &str) -> Self {
        self.ability = Some(a.to_owned());
        self
    }
    pub fn tool(mut self, t: &str) -> Self {
        self.tool = Some(t.to_owned());
        self
    }
}

/// The decision, as `keys verify --format json` prints it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Verdict {
    pub status: VerifyStatus,
    pub key_id: Option<String>,
    pub reason: String,
    /// The key's name, when a key was identified.
    pub name: Option<String>,
}

impl Verdict {
    pub fn is_valid(&self) -> bool {
        self.status == VerifyStatus::Valid
    }
}

/// Authenticates `token` and authorizes `req`, recording the use and an
/// audit event (except for a malformed token, which never touches the
/// store): the one decision `keys verify` prints and a server embeds.
/// Errors are store failures and an invalid `actor` only; every answer
/// about the token itself is a [`Verdict`].
pub fn verify(
    store: &mut Store,
    token: &str,
    req: &VerifyRequest,
    actor: &Actor,
) -> Result<Verdict> {
    actor.validate()?;
    let parsed = match token::parse_for(token, &store.settings().prefix) {
        Ok(p) => p,
        Err(m) => return Ok(malformed(m)),
    };
    let key_id = parsed.key_id.to_owned();
    let (key, tool_ability) = store.read(|tx| {
        let key = keys::get(tx, &key_id, false)?;
        Ok((key, tool_ability(tx, req)?))
    })?;
    let authenticated = match &key {
        Some(k) => token::verify_hash(parsed.full(), &k.token_hash)?,
        None => false,
    };
    let pending = decide(
        &key_id,
        key.as_ref().filter(|_| authenticated),
        key.is_some(),
        tool_ability.as_deref(),
        req,
        timefmt::now(),
    );
    let mut settled = store.write(|tx| settle_all(tx, vec![(actor, pending)]))?;
    Ok(settled.pop().expect("one in, one out"))
}

/// Step 5 for decisions made with [`decide`], all of them in one write
/// transaction: what the group commit of `keywarden serve` runs, for a
/// server that batches its own checks. Each verdict, in order, is the one
/// its decision would have got settled alone, right after the ones before
/// it; errors are store failures and an invalid actor only.
pub fn settle(store: &mut Store, pending: Vec<(&Actor, Pending)>) -> Result<Vec<Verdict>> {
    for (actor, _) in &pending {
        actor.validate()?;
    }
    store.write(|tx| settle_all(tx, pending))
}

/// The verdict for a string that is not a token.
pub fn malformed(m: token::Malformed) -> Verdict {
    Verdict {
        status: VerifyStatus::Malformed,
        key_id: None,
        reason: m.to_string(),
        name: None,
    }
}

/// The ability the request's tool requires, from the tool catalog.
pub(crate) fn tool_ability(
    tx: &mut dyn crate::store::Tx,
    req: &VerifyRequest,
) -> Result<Option<String>> {
    Ok(req
        .tool
        .as_deref()
        .map(|t| catalog::tool_ability(tx, t))
        .transpose()?
        .flatten())
}

/// A decision before its transaction: what the key's state as read and
/// its grants say. [`settle_all`] makes it final under the key's lock.
#[derive(Debug, Clone)]
pub struct Pending {
    key_id: String,
    verdict: Verdict,
    /// The key looked active when read: the transaction must re-check it.
    live: bool,
    req: VerifyRequest,
}

impl Pending {
    /// The decision as it stands before its transaction.
    pub fn verdict(&self) -> &Verdict {
        &self.verdict
    }
}

/// Steps 3–4 for an identified request: `key` is the key when the token's
/// secret matched it (`None` when there is no such key, or `exists` but
/// the secret did not match); `tool_ability` is what the catalog says the
/// request's tool requires.
pub fn decide(
    key_id: &str,
    key: Option<&Key>,
    exists: bool,
    tool_ability: Option<&str>,
    req: &VerifyRequest,
    now: DateTime<Utc>,
) -> Pending {
    let mut verdict = Verdict {
        status: VerifyStatus::Valid,
        key_id: Some(key_id.to_owned()),
        reason: String::new(),
        name: key.map(|k| k.name.clone()),
    };
    let mut live = false;
    match key {
        None => {
            verdict.status = VerifyStatus::NotFound;
            verdict.reason = if exists {
                "the secret does not match this key id".into()
            } else {
                "no key has this id".into()
            };
        }
        Some(k) => match k.status(now) {
            KeyStatus::Revoked => {
                verdict.status = VerifyStatus::Revoked;
                verdict.reason = revoked_reason(k.revoked_reason.as_deref());
            }
            KeyStatus::Expired => {
                verdict.status = VerifyStatus::Expired;
                verdict.reason = format!(
                    "expired at {}",
                    k.effective_expiry()
                        .as_ref()
                        .map(timefmt::rfc3339)
                        .unwrap_or_default()
                );
            }
            KeyStatus::Active => {
                live = true;
                let r = authz::Request {
                    resource: req.resource.as_ref(),
                    ability: req.ability.as_deref(),
                    tool: req.tool.as_deref().map(|t| (t, tool_ability)),
                };
                if let Some(why) = &req.deny {
                    verdict.status = VerifyStatus::Forbidden;
                    verdict.reason = why.clone();
                } else if let Decision::Deny(why) = authz::authorize(&k.grant(), &r) {
                    verdict.status = VerifyStatus::Forbidden;
                    verdict.reason = why;
                } else {
                    verdict.reason = "authenticated and authorized".into();
                }
            }
        },
    }
    Pending {
        key_id: key_id.to_owned(),
        verdict,
        live,
        req: req.clone(),
    }
}

/// Step 5 for many requests in one transaction: every live key is touched
/// under its row lock, all of them in one statement (`last_used_at`, the
/// rate limit counted for all of the batch's requests with it, revocation
/// and expiry re-checked), and every request's audit event is appended,
/// in order, moving the chain's head once. The clock is read here, once
/// the transaction holds its locks: a time taken before bcrypt and the
/// lock could be a window older than one a faster writer already counted
/// in.
///
/// The batch's requests for one key get the counts they would have got one
/// by one, in order: the touch adds them all and returns the new count `C`;
/// the `j`-th of `m` counted requests saw `C - m + j + 1`.
pub(crate) fn settle_all(
    tx: &mut dyn crate::store::Tx,
    pending: Vec<(&Actor, Pending)>,
) -> Result<Vec<Verdict>> {
    let now = timefmt::now();
    let window = now.timestamp().div_euclid(60);
    let (actors, mut pending): (Vec<&Actor>, Vec<Pending>) = pending.into_iter().unzip();
    // Each live key once, in the order of its first request.
    let mut by_key: Vec<(String, Vec<usize>)> = Vec::new();
    let mut at: HashMap<&str, usize> = HashMap::new();
    for (i, p) in pending.iter().enumerate() {
        if !p.live {
            continue;
        }
        match at.get(p.key_id.as_str()) {
            Some(&k) => by_key[k].1.push(i),
            None => {
                at.insert(&p.key_id, by_key.len());
                by_key.push((p.key_id.clone(), vec![i]));
            }
        }
    }
    drop(at);
    // Its requests still VALID are the ones its touch counts.
    let counted: Vec<i64> = by_key
        .iter()
        .map(|(_, idx)| {
            idx.iter()
                .filter(|&&i| pending[i].verdict.status == VerifyStatus::Valid)
                .count() as i64
        })
        .collect();
    let batch: Vec<(&str, i64)> = by_key
        .iter()
        .zip(&counted)
        .map(|((id, _), &n)| (id.as_str(), n))
        .collect();
    let touched = keys::touch_all(tx, &batch, now, window)?;
    // Revoked or expired since it was read: re-read under the lock, all
    // such keys at once.
    let gone: Vec<&str> = by_key
        .iter()
        .map(|(id, _)| id.as_str())
        .filter(|id| !touched.contains_key(*id))
        .collect();
    let reread: HashMap<String, Key> = keys::get_all(tx, &gone)?
        .into_iter()
        .map(|k| (k.id.clone(), k))
        .collect();
    for ((key_id, idx), counted) in by_key.iter().zip(counted) {
        match touched.get(key_id) {
            Some(t) => count(t, &mut pending, idx, counted),
            None => refuse(reread.get(key_id), &mut pending, idx, now),
        }
    }
    let mut events = Vec::with_capacity(pending.len());
    let mut out = Vec::with_capacity(pending.len());
    for (actor, p) in actors.into_iter().zip(pending) {
        let Pending {
            key_id,
            verdict,
            req,
            ..
        } = p;
        // What a client sent (a tool name, a request id) may hold a token:
        // events never do.
        let redact = |s: &str| crate::ops::audit::redact_tokens(s).into_owned();
        let tool = req.tool.as_deref().map(redact);
        let ev = NewEvent::new(req.action.unwrap_or("key.verify"))
            .key(&key_id)
            .tool(tool.as_deref())
            .status(verdict.status.http_status())
            .detail("result", verdict.status.as_str())
            .detail("reason", redact(&verdict.reason).as_str())
            .detail("ability", req.ability.as_deref());
        let ev = match &req.resource {
            Some(r) => ev.subject(r.to_string()),
            None => ev,
        };
        let ev = match &req.request_id {
            Some(id) => ev.detail("request_id", redact(id).as_str()),
            None => ev,
        };
        events.push((actor, ev));
        out.push(verdict);
    }
    audit_log::append_each(tx, events, now)?;
    Ok(out)
}

/// A live key's requests of this batch (`pending[i]` for each `i` of
/// `idx`), `counted` of them still VALID and counted by its touch `t`:
/// each gets the count it would have got alone, in order.
fn count(t: &keys::Touch, pending: &mut [Pending], idx: &[usize], counted: i64) {
    let mut seen = t.count_in_window - counted;
    for &i in idx {
        let v = &mut pending[i].verdict;
        // The name as it is now (`keys update` may have changed it).
        v.name = Some(t.name.clone());
        if v.status != VerifyStatus::Valid {
            continue;
        }
        seen += 1;
        if let Some(limit) = t.rate_limit_per_min.filter(|l| seen > *l) {
            v.status = VerifyStatus::RateLimited;
            v.reason = format!("over the limit of {limit} requests per minute");
        }
    }
}

/// The requests of a key found no longer live (`k` as it is now, if it is
/// still there): REVOKED or EXPIRED, whatever they were going to be.
fn refuse(k: Option<&Key>, pending: &mut [Pending], idx: &[usize], now: DateTime<Utc>) {
    let (status, reason) = match k.map(|k| k.status(now)) {
        Some(KeyStatus::Expired) => (VerifyStatus::Expired, "expired".to_owned()),
        _ => (
            VerifyStatus::Revoked,
            revoked_reason(k.and_then(|k| k.revoked_reason.as_deref())),
        ),
    };
    for &i in idx {
        let v = &mut pending[i].verdict;
        v.status = status;
        v.reason = reason.clone();
    }
}

fn revoked_reason(r: Option<&str>) -> String {
    match r {
        Some(r) => format!("revoked ({r})"),
        None => "revoked".into(),
    }
}
