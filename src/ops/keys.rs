//! The key lifecycle: mint, resolve, list, update, revoke, rotate, stale.
//!
//! Each change is one write transaction that also appends its audit event,
//! so a change is never without its event nor an event without its change.
//! bcrypt runs before the transaction opens: a slow hash must never hold
//! the store's write lock.

use chrono::{DateTime, TimeDelta, Utc};
use globset::{Glob, GlobMatcher};
use serde_json::json;

use crate::audit::{Actor, NewEvent};
use crate::authz::{self, KeyKind, ScopePath};
use crate::error::{Error, Result};
use crate::model::{Key, KeyStatus};
use crate::secret::Secret;
use crate::store::sql::{audit_log, catalog, keys};
use crate::store::{Store, Tx};
use crate::{timefmt, token};

/// When a new key expires.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Expiry {
    #[default]
    Never,
    /// Relative to minting; a rotation gives the new key the same lifetime.
    In(timefmt::Span),
    At(DateTime<Utc>),
}

/// What to mint.
#[derive(Debug, Clone)]
pub struct NewKey {
    pub name: String,
    pub kind: KeyKind,
    pub scopes: Vec<ScopePath>,
    pub abilities: Vec<String>,
    pub tools: Option<Vec<String>>,
    pub expiry: Expiry,
    pub rate_limit_per_min: Option<i64>,
    pub note: Option<String>,
}

impl NewKey {
    /// A client key with scopes and abilities, parsed and checked.
    pub fn client<S: AsRef<str>, A: AsRef<str>>(
        name: &str,
        scopes: impl IntoIterator<Item = S>,
        abilities: impl IntoIterator<Item = A>,
    ) -> Result<NewKey> {
        Ok(NewKey {
            name: name.to_owned(),
            kind: KeyKind::Client,
            scopes: scopes
                .into_iter()
                .map(|s| s.as_ref().parse())
                .collect::<Result<_>>()?,
            abilities: abilities
                .into_iter()
                .map(|a| a.as_ref().to_owned())
                .collect(),
            tools: None,
            expiry: Expiry::Never,
            rate_limit_per_min: None,
            note: None,
        })
    }
}

/// A key and its token, which exists nowhere else.
#[derive(Debug)]
pub struct Minted {
    pub key: Key,
    pub token: Secret,
    /// Handles (`kw_…`) of the other active keys that already had this
    /// name when it was minted: the name alone no longer finds one key, so
    /// callers should warn. Empty for rotations and replacements, whose
    /// name is their predecessor's by design.
    pub same_name: Vec<String>,
}

pub fn validate_name(name: &str) -> Result<()> {
    if name.trim().is_empty() {
        return Err(Error::invalid(
            "a key name cannot be empty: name it after what it is for",
        ));
    }
    if name.chars().count() > 200 {
        return Err(Error::invalid("a key name is at most 200 characters"));
    }
    Ok(())
}

pub fn validate_rate_limit(n: i64) -> Result<()> {
    if n < 1 {
        return Err(Error::invalid(format!(
            "a rate limit must be at least 1 request per minute (got {n})"
        )));
    }
    Ok(())
}

fn validate(new: &NewKey) -> Result<()> {
    validate_name(&new.name)?;
    if new.kind == KeyKind::Client {
        if new.scopes.is_empty() {
            return Err(Error::invalid(
                "a client key needs at least one scope (e.g. org:acme)",
            ));
        }
        if new.abilities.is_empty() {
            return Err(Error::invalid(
                "a client key needs at least one ability (nothing is granted by default)",
            ));
        }
    }
    for a in &new.abilities {
        authz::validate_ability(a)?;
    }
    for t in new.tools.iter().flatten() {
        authz::validate_tool(t)?;
    }
    if let Some(n) = new.rate_limit_per_min {
        validate_rate_limit(n)?;
    }
    if let Some(note) = &new.note {
        validate_note(note)?;
    }
    Ok(())
}

pub fn validate_note(note: &str) -> Result<()> {
    if note.chars().count() > 2000 {
        return Err(Error::invalid("a note is at most 2000 characters"));
    }
    Ok(())
}

/// Refuses abilities outside a non-empty catalog (contract §3).
fn check_catalog(tx: &mut dyn Tx, abilities: &[String]) -> Result<()> {
    let catalog = catalog::abilities(tx)?;
    if catalog.is_empty() {
        return Ok(());
    }
    let unknown: Vec<&str> = abilities
        .iter()
        .filter(|a| !catalog.iter().any(|c| &c.name == *a))
        .map(String::as_str)
        .collect();
    if unknown.is_empty() {
        return Ok(());
    }
    Err(Error::invalid(format!(
        "{} not in the ability catalog; known: {} (add with `keywarden abilities add`)",
        unknown
            .iter()
            .map(|a| format!("{a:?}"))
            .collect::<Vec<_>>()
            .join(", "),
        catalog
            .iter()
            .map(|c| c.name.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    )))
}

fn key_details(k: &Key) -> serde_json::Map<String, serde_json::Value> {
    let v = json!({
        "name": k.name,
        "kind": k.kind.as_str(),
        "scopes": k.scopes.iter().map(ToString::to_string).collect::<Vec<_>>(),
        "abilities": k.abilities,
        "tools": k.tools,
        "expires_at": k.expires_at.as_ref().map(timefmt::rfc3339),
        "rate_limit_per_min": k.rate_limit_per_min,
    });
    match v {
        serde_json::Value::Object(m) => m,
        _ => unreachable!("json! of an object literal"),
    }
}

/// What every new key (created, rotated, replacing a leaked one) starts
/// from: a fresh id, its token under the store's prefix, and the token's
/// bcrypt hash at the store's cost, computed before any transaction opens.
struct Fresh {
    id: String,
    prefix: String,
    token: Secret,
    token_hash: String,
}

impl Fresh {
    fn mint(store: &Store) -> Result<Fresh> {
        let settings = store.settings();
        let id = token::new_key_id();
        let token = token::generate(&settings.prefix, &id);
        let token_hash = token::hash(&token, settings.bcrypt_cost)?;
        Ok(Fresh {
            id,
            prefix: settings.prefix.clone(),
            token,
            token_hash,
        })
    }
}

/// `now + d`, or an error naming `what` when that is past the calendar's end.
pub(crate) fn later(now: DateTime<Utc>, d: TimeDelta, what: &str) -> Result<DateTime<Utc>> {
    now.checked_add_signed(d)
        .ok_or_else(|| Error::invalid(format!("{what} is too far in the future")))
}

/// `now` plus a relative expiry, months on the calendar.
fn span_later(now: DateTime<Utc>, span: timefmt::Span, what: &str) -> Result<DateTime<Utc>> {
    span.after(now)
        .ok_or_else(|| Error::invalid(format!("{what} is too far in the future")))
}

/// Mints a key. The token in the result is the only copy there will be.
pub fn create(store: &mut Store, actor: &Actor, new: NewKey) -> Result<Minted> {
    validate(&new)?;
    let now = timefmt::now();
    let months = match new.expiry {
        Expiry::In(span) if span.months > 0 => Some(i64::from(span.months)),
        _ => None,
    };
    let (expires_at, expires_in_secs) = match new.expiry {
        Expiry::Never => (None, None),
        Expiry::In(span) => (
            Some(span_later(now, span, "the expiry")?),
            Some(span.fixed.num_seconds()),
        ),
        Expiry::At(t) => {
            if t <= now {
                return Err(Error::invalid("the expiry is in the past"));
            }
            (Some(t), None)
        }
    };
    let fresh = Fresh::mint(store)?;
    let key = Key {
        id: fresh.id.clone(),
        prefix: fresh.prefix.clone(),
        name: new.name,
        kind: new.kind,
        token_hash: fresh.token_hash.clone(),
        scopes: new.scopes,
        abilities: if new.kind == KeyKind::Service {
            Vec::new()
        } else {
            dedup(new.abilities)
        },
        tools: new.tools.map(dedup),
        note: new.note,
        rate_limit_per_min: new.rate_limit_per_min,
        created_at: now,
        created_by: actor.name.clone(),
        expires_at,
        expires_in_secs,
        expires_in_months: months,
        grace_until: None,
        last_used_at: None,
        revoked_at: None,
        revoked_reason: None,
        rotated_from: None,
    };
    let same_name = store.write(|tx| {
        let same: Vec<String> = keys::active_by_name(tx, &key.name, now)?
            .iter()
            .map(Key::handle)
            .collect();
        insert_new(tx, actor, &key, Default::default(), now)?;
        Ok(same)
    })?;
    Ok(Minted {
        key,
        token: fresh.token,
        same_name,
    })
}

/// Inserts a new key and its `key.create` event (with `extra` details),
/// refusing abilities outside a non-empty catalog.
fn insert_new(
    tx: &mut dyn Tx,
    actor: &Actor,
    key: &Key,
    extra: serde_json::Map<String, serde_json::Value>,
    now: DateTime<Utc>,
) -> Result<()> {
    check_catalog(tx, &key.abilities)?;
    keys::insert(tx, key)?;
    let mut details = key_details(key);
    details.extend(extra);
    let ev = NewEvent {
        details,
        ..NewEvent::new("key.create").key(&key.id).status(200)
    };
    audit_log::append(tx, actor, ev, now)?;
    Ok(())
}

fn dedup(mut v: Vec<String>) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    v.retain(|x| seen.insert(x.clone()));
    v
}

/// Finds a key by id (`kw_…` or bare) or by a name unique among active keys.
pub(crate) fn resolve(
    tx: &mut dyn Tx,
    reference: &str,
    prefix: &str,
    now: DateTime<Utc>,
) -> Result<Key> {
    if let Some(id) = token::key_id_of_reference(reference, prefix)
        && let Some(k) = keys::get(tx, id, false)?
    {
        return Ok(k);
    }
    if token::parse(reference).is_ok() {
        return Err(Error::invalid(
            "that looks like a whole token, not a key id: never paste tokens into argv; \
             pipe it to `keywarden keys verify` or use the key id (the part before the secret)",
        ));
    }
    let mut found = keys::active_by_name(tx, reference, now)?;
    match found.len() {
        0 => Err(Error::not_found(format!(
            "no key with id or active name {reference:?} (see `keywarden keys list --status all`)"
        ))),
        1 => Ok(found.remove(0)),
        n => Err(Error::Ambiguous(format!(
            "the name {reference:?} matches {n} active keys ({}); use a key id",
            found.iter().map(Key::handle).collect::<Vec<_>>().join(", ")
        ))),
    }
}

/// The id of the key `reference` names, for commands that read history
/// (`audit query --key`, `incident respond`): an id as given (`kw_…` or
/// bare), else a name — refused when more than one key has ever carried
/// it, since a replacement takes its predecessor's name and the history
/// of one is not the other's (contract §2).
pub fn history_id(store: &mut Store, reference: &str) -> Result<String> {
    let prefix = store.settings().prefix.clone();
    if let Some(id) = token::key_id_of_reference(reference, &prefix) {
        return Ok(id.to_owned());
    }
    if token::contains_token(reference) {
        return Err(Error::invalid(
            "that holds a whole token, not a key id: use the key id (the part before the secret)",
        ));
    }
    let all = store.read(|tx| keys::all_by_name(tx, reference))?;
    match all.as_slice() {
        [] => Err(Error::not_found(format!(
            "no key with id or name {reference:?} (see `keywarden keys list --status all`)"
        ))),
        [one] => Ok(one.id.clone()),
        many => Err(Error::Ambiguous(format!(
            "the name {reference:?} has belonged to {} keys ({}); their histories differ, so use a key id",
            many.len(),
            many.iter()
                .map(|k| format!("{} {}", k.handle(), k.status(timefmt::now())))
                .collect::<Vec<_>>()
                .join(", ")
        ))),
    }
}

/// Counts of keys by status.
pub fn counts(store: &mut Store) -> Result<crate::model::KeyCounts> {
    let now = timefmt::now();
    store.read(|tx| keys::counts(tx, now))
}

pub fn show(store: &mut Store, reference: &str) -> Result<Key> {
    let prefix = store.settings().prefix.clone();
    let now = timefmt::now();
    store.read(|tx| resolve(tx, reference, &prefix, now))
}

/// `keys list` filters (contract §4).
#[derive(Debug, Clone, Default)]
pub struct ListFilter {
    /// `None` = all statuses.
    pub status: Option<KeyStatus>,
    /// Keys whose scopes lie under, or cover, this path.
    pub scope: Option<ScopePath>,
    pub unused_for: Option<TimeDelta>,
    pub expiring_within: Option<TimeDelta>,
    pub name: Option<String>,
}

fn name_matcher(glob: &str) -> Result<GlobMatcher> {
    Glob::new(glob)
        .map(|g| g.compile_matcher())
        .map_err(|e| Error::invalid(format!("invalid name pattern {glob:?}: {e}")))
}

pub fn list(store: &mut Store, f: &ListFilter) -> Result<Vec<Key>> {
    let name = f.name.as_deref().map(name_matcher).transpose()?;
    let now = timefmt::now();
    let all = store.read(|tx| keys::list(tx, f.status, now))?;
    Ok(all
        .into_iter()
        .filter(|k| {
            f.scope.as_ref().is_none_or(|s| {
                k.kind == KeyKind::Service || k.scopes.iter().any(|ks| ks.covers(s) || s.covers(ks))
            })
        })
        .filter(|k| f.unused_for.is_none_or(|d| k.last_activity() <= now - d))
        .filter(|k| {
            f.expiring_within.is_none_or(|d| {
                k.effective_expiry()
                    .is_some_and(|e| e > now && e <= now + d)
            })
        })
        .filter(|k| name.as_ref().is_none_or(|m| m.is_match(&k.name)))
        .collect())
}

/// Changes to a key's metadata; never its scope or abilities.
#[derive(Debug, Clone, Default)]
pub struct Update {
    pub name: Option<String>,
    pub note: Option<String>,
    /// `Some(None)` removes the limit.
    pub rate_limit_per_min: Option<Option<i64>>,
}

/// Applies `u`; returns the key and whether anything changed.
pub fn update(
    store: &mut Store,
    actor: &Actor,
    reference: &str,
    u: &Update,
) -> Result<(Key, bool)> {
    if let Some(n) = &u.name {
        validate_name(n)?;
    }
    if let Some(Some(n)) = u.rate_limit_per_min {
        validate_rate_limit(n)?;
    }
    if let Some(note) = &u.note {
        validate_note(note)?;
    }
    let prefix = store.settings().prefix.clone();
    let now = timefmt::now();
    store.write(|tx| {
        let mut k = resolve(tx, reference, &prefix, now)?;
        let mut changes = serde_json::Map::new();
        if let Some(n) = &u.name
            && *n != k.name
        {
            changes.insert("name".into(), json!({"from": k.name, "to": n}));
            k.name = n.clone();
        }
        if let Some(n) = &u.note
            && Some(n) != k.note.as_ref()
        {
            changes.insert("note".into(), json!({"from": k.note, "to": n}));
            k.note = Some(n.clone());
        }
        if let Some(r) = u.rate_limit_per_min
            && r != k.rate_limit_per_min
        {
            changes.insert(
                "rate_limit_per_min".into(),
                json!({"from": k.rate_limit_per_min, "to": r}),
            );
            k.rate_limit_per_min = r;
        }
        if changes.is_empty() {
            return Ok((k, false));
        }
        keys::update(tx, &k)?;
        let ev = NewEvent {
            details: changes,
            ..NewEvent::new("key.update").key(&k.id).status(200)
        };
        audit_log::append(tx, actor, ev, now)?;
        Ok((k, true))
    })
}

/// The result of revoking one key.
#[derive(Debug, Clone)]
pub struct Revoked {
    pub key: Key,
    /// False when the key was already revoked (nothing changed).
    pub changed: bool,
}

/// Revokes keys in one transaction: all of them, or none when any
/// reference is unknown. Already-revoked keys are left as they are.
pub fn revoke(
    store: &mut Store,
    actor: &Actor,
    references: &[String],
    reason: Option<&str>,
) -> Result<Vec<Revoked>> {
    let prefix = store.settings().prefix.clone();
    let now = timefmt::now();
    store.write(|tx| {
        let mut targets = references
            .iter()
            .map(|r| resolve(tx, r, &prefix, now))
            .collect::<Result<Vec<_>>>()?;
        let mut seen = std::collections::HashSet::new();
        targets.retain(|k| seen.insert(k.id.clone()));
        // A fixed lock order: concurrent multi-key revokes cannot deadlock.
        targets.sort_by(|a, b| a.id.cmp(&b.id));
        targets
            .into_iter()
            .map(|mut key| {
                let changed = revoke_in(tx, actor, &mut key, reason, now, Default::default())?;
                Ok(Revoked { key, changed })
            })
            .collect()
    })
}

/// Revokes one key inside `tx` and audits it, with `extra` details (e.g.
/// an incident id); false if it already was revoked.
pub(crate) fn revoke_in(
    tx: &mut dyn Tx,
    actor: &Actor,
    key: &mut Key,
    reason: Option<&str>,
    now: DateTime<Utc>,
    extra: serde_json::Map<String, serde_json::Value>,
) -> Result<bool> {
    if !keys::revoke(tx, &key.id, now, reason)? {
        return Ok(false);
    }
    key.revoked_at = Some(now);
    key.revoked_reason = reason.map(str::to_owned);
    let mut ev = NewEvent::new("key.revoke")
        .key(&key.id)
        .status(200)
        .detail("name", key.name.as_str())
        .detail("reason", reason);
    ev.details.extend(extra);
    audit_log::append(tx, actor, ev, now)?;
    Ok(true)
}

/// The result of a rotation.
#[derive(Debug)]
pub struct Rotated {
    pub new: Minted,
    pub old: Key,
}

/// Refuses to mint a second successor while one is live: a rotation or an
/// incident run twice must not leave two keys holding the same grants.
fn refuse_second_successor(tx: &mut dyn Tx, old: &Key, now: DateTime<Utc>) -> Result<()> {
    match keys::live_successors(tx, &old.id, now)?.first() {
        None => Ok(()),
        Some(s) => Err(Error::invalid(format!(
            "key {} already has an active successor, {} ({}); rotate or revoke that one instead",
            old.handle(),
            s.handle(),
            s.name
        ))),
    }
}

/// Mints a successor with the same scope, abilities, tools, rate limit and
/// expiry policy. Without `grace` the old key is revoked now; with it, the
/// old key keeps working until the grace ends and then verifies EXPIRED.
/// A key that already has a live successor is not rotated again.
pub fn rotate(
    store: &mut Store,
    actor: &Actor,
    reference: &str,
    grace: Option<TimeDelta>,
) -> Result<Rotated> {
    let fresh = Fresh::mint(store)?;
    store.write(|tx| {
        let now = timefmt::now();
        let found = resolve(tx, reference, &fresh.prefix, now)?;
        let mut old = keys::get(tx, &found.id, true)?.ok_or_else(|| Error::not_found("the key vanished"))?;
        match old.status(now) {
            KeyStatus::Active => {}
            s => {
                return Err(Error::invalid(format!(
                    "key {} is {s}; only an active key can be rotated — mint a new one with `keys create`",
                    old.handle()
                )));
            }
        }
        refuse_second_successor(tx, &old, now)?;
        let grace_until = grace.map(|g| later(now, g, "the grace period")).transpose()?;
        let new = successor(&old, &fresh, actor, now)?;
        check_catalog(tx, &new.abilities)?;
        keys::insert(tx, &new)?;
        match grace_until {
            None => {
                keys::revoke(tx, &old.id, now, Some("rotated"))?;
                old.revoked_at = Some(now);
                old.revoked_reason = Some("rotated".into());
            }
            Some(until) => {
                keys::end_grace_at(tx, &old.id, until)?;
                old.grace_until = Some(old.grace_until.map_or(until, |g| g.min(until)));
            }
        }
        let ev = NewEvent::new("key.rotate")
            .key(&old.id)
            .subject(new.handle())
            .status(200)
            .detail("new_key_id", new.id.as_str())
            .detail("grace", grace.map(timefmt::human_duration))
            .detail("old_valid_until", old.effective_expiry().filter(|_| grace.is_some()).as_ref().map(timefmt::rfc3339));
        audit_log::append(tx, actor, ev, now)?;
        Ok(Rotated {
            new: Minted {
                key: new,
                token: fresh.token.clone(),
                same_name: Vec::new(),
            },
            old,
        })
    })
}

/// A new key with `old`'s scope, abilities, tools, rate limit, note and
/// expiry policy: a relative expiry starts again, an absolute one is kept.
/// A rotation's grace period is not a policy and is never inherited.
fn successor(old: &Key, fresh: &Fresh, actor: &Actor, now: DateTime<Utc>) -> Result<Key> {
    let expires_at = match old.expires_in() {
        Some(span) => Some(span_later(now, span, "the successor's expiry")?),
        None => old.expires_at.filter(|e| *e > now),
    };
    Ok(Key {
        id: fresh.id.clone(),
        prefix: fresh.prefix.clone(),
        token_hash: fresh.token_hash.clone(),
        created_at: now,
        created_by: actor.name.clone(),
        expires_at,
        grace_until: None,
        last_used_at: None,
        revoked_at: None,
        revoked_reason: None,
        rotated_from: Some(old.id.clone()),
        ..old.clone()
    })
}

/// What [`replace`] did.
#[derive(Debug)]
pub enum Replacement {
    /// A new key, whose token is shown once.
    Minted(Minted),
    /// The key already had a live successor (a rotation, or an earlier run
    /// of the playbook): nothing was minted.
    Existing(Key),
}

/// Mints a replacement for a (leaked, revoked) key: same grants, linked by
/// `rotated_from`, audited as `key.create` with `extra` details — unless a
/// live successor already exists, which is returned instead.
pub fn replace(
    store: &mut Store,
    actor: &Actor,
    old: &Key,
    extra: serde_json::Map<String, serde_json::Value>,
) -> Result<Replacement> {
    let fresh = Fresh::mint(store)?;
    store.write(|tx| {
        let now = timefmt::now();
        if let Some(existing) = keys::live_successors(tx, &old.id, now)?.into_iter().next() {
            return Ok(Replacement::Existing(existing));
        }
        let key = successor(old, &fresh, actor, now)?;
        let mut extra = extra;
        extra.insert("replaces".into(), old.id.clone().into());
        insert_new(tx, actor, &key, extra, now)?;
        Ok(Replacement::Minted(Minted {
            key,
            token: fresh.token.clone(),
            same_name: Vec::new(),
        }))
    })
}

/// Active keys unused (or, if never used, created) at least `unused_for` ago.
pub fn stale(store: &mut Store, unused_for: TimeDelta) -> Result<Vec<Key>> {
    list(
        store,
        &ListFilter {
            status: Some(KeyStatus::Active),
            unused_for: Some(unused_for),
            ..Default::default()
        },
    )
}

/// Revokes the given stale keys in one transaction, re-checking each is
/// still stale (a key used since the listing is spared).
pub fn revoke_stale(
    store: &mut Store,
    actor: &Actor,
    ids: &[String],
    unused_for: TimeDelta,
) -> Result<Vec<Key>> {
    let now = timefmt::now();
    let reason = format!("stale: unused for {}", timefmt::human_duration(unused_for));
    store.write(|tx| {
        let mut sorted = ids.to_vec();
        sorted.sort();
        let mut out = Vec::new();
        for id in sorted {
            let Some(mut k) = keys::get(tx, &id, true)? else {
                continue;
            };
            if k.status(now) != KeyStatus::Active || k.last_activity() > now - unused_for {
                continue;
            }
            if revoke_in(tx, actor, &mut k, Some(&reason), now, Default::default())? {
                out.push(k);
            }
        }
        Ok(out)
    })
}
