//! The leaked-token playbook (contract §8), step by step.
//!
//! The steps are separate functions so that the CLI can ask before each and
//! report honestly what was and was not done; every step is audited with
//! the same incident id. Identification checks the token's hash: a string
//! that merely looks like someone's token (right key id, valid checksum,
//! wrong secret) never revokes anything.

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::audit::{Actor, Event, NewEvent};
use crate::error::{Error, Result};
use crate::model::Key;
use crate::secret::Secret;
use crate::store::Store;
use crate::store::sql::{audit_log, keys};
use crate::{timefmt, token};

/// What the responder has: the leaked token, or a key id.
#[derive(Debug)]
pub enum Target {
    Token(Secret),
    KeyId(String),
}

/// Reads the responder's input: a whole token (checked for shape and
/// checksum before any lookup) or a key id.
pub fn target(input: &str, prefix: &str) -> Result<Target> {
    let input = input.trim();
    if let Some(id) = token::key_id_of_reference(input, prefix) {
        return Ok(Target::KeyId(id.to_owned()));
    }
    match token::parse_for(input, prefix) {
        Ok(t) => Ok(Target::Token(Secret::from(t.full()))),
        Err(m) => Err(Error::invalid(format!(
            "not a token of this store ({m}) nor a key id; nothing was looked up or changed"
        ))),
    }
}

pub fn new_incident_id() -> String {
    format!("inc_{}", token::new_key_id())
}

/// Step 1: the key. For a token, its bcrypt hash must match.
pub fn identify(store: &mut Store, t: &Target) -> Result<Key> {
    let id = match t {
        Target::KeyId(id) => id.clone(),
        Target::Token(s) => token::parse(s.expose())
            .expect("checked by target()")
            .key_id
            .to_owned(),
    };
    let key = store.read(|tx| keys::get(tx, &id, false))?.ok_or_else(|| {
        Error::not_found(format!("no key {id} in this store; nothing was changed"))
    })?;
    if let Target::Token(s) = t
        && !token::verify_hash(s.expose(), &key.token_hash)?
    {
        return Err(Error::not_found(format!(
            "the token carries key id {id} but its secret does not match that key: a look-alike, \
             not a leak of this store's key; nothing was revoked"
        )));
    }
    Ok(key)
}

/// Step 2: revokes the key with reason `leaked`; false if it already was.
pub fn revoke(store: &mut Store, actor: &Actor, key: &mut Key, incident: &str) -> Result<bool> {
    let now = timefmt::now();
    store.write(|tx| {
        let mut extra = serde_json::Map::new();
        extra.insert("incident".into(), incident.into());
        crate::ops::keys::revoke_in(tx, actor, key, Some("leaked"), now, extra)
    })
}

/// An event of the trail, with the marks a responder looks for.
#[derive(Debug, Clone, Serialize)]
pub struct TrailEvent {
    #[serde(flatten)]
    pub event: Event,
    /// Changed something (not a plain read or a verification).
    pub write: bool,
    /// Refused: an HTTP-like status of 400 or more.
    pub failed: bool,
}

const READ_VERBS: [&str; 9] = [
    "read", "list", "get", "query", "search", "show", "view", "verify", "export",
];

/// Whether an event is a write done with the key: not a failure, not a
/// lifecycle event about the key, and neither its action's last word nor
/// its tool's first word is a read verb (`search`, `list_documents`,
/// `docs.read`).
pub fn is_write(e: &Event) -> bool {
    let failed = e.status.is_some_and(|s| s >= 400);
    let verb = e.action.rsplit('.').next().unwrap_or("");
    let tool_reads = e
        .tool
        .as_deref()
        .map(|t| t.split(['_', '-', '.', ':']).next().unwrap_or(t))
        .is_some_and(|w| READ_VERBS.contains(&w));
    // Lifecycle events about the key (key.create, key.revoke, incident.*)
    // are an admin's doing, not the key holder's.
    let lifecycle = e.action.starts_with("key.") || e.action.starts_with("incident.");
    !failed && !lifecycle && !READ_VERBS.contains(&verb) && !tool_reads
}

/// Step 3: the key's events from `since` until the incident began
/// (`until`), oldest first, marked.
pub fn trail(
    store: &mut Store,
    key_id: &str,
    since: DateTime<Utc>,
    until: DateTime<Utc>,
) -> Result<Vec<TrailEvent>> {
    let filter = crate::model::AuditFilter {
        key_id: Some(key_id.to_owned()),
        since: Some(since),
        until: Some(until),
        ..Default::default()
    };
    let mut events = store.read(|tx| audit_log::query(tx, &filter, None))?;
    events.reverse();
    Ok(events
        .into_iter()
        .map(|event| TrailEvent {
            write: is_write(&event),
            failed: event.status.is_some_and(|s| s >= 400),
            event,
        })
        .collect())
}

/// Records one step of the incident (`incident.identify`, `incident.trail`,
/// `incident.report`, `incident.respond`).
pub fn audit_step(
    store: &mut Store,
    actor: &Actor,
    incident: &str,
    action: &str,
    key_id: &str,
    status: i64,
    details: serde_json::Map<String, serde_json::Value>,
) -> Result<Event> {
    let now = timefmt::now();
    let mut ev = NewEvent::new(action)
        .key(key_id)
        .status(status)
        .detail("incident", incident);
    ev.details.extend(details);
    store.write(|tx| audit_log::append(tx, actor, ev, now))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ev(action: &str, tool: Option<&str>, status: i64) -> Event {
        Event {
            id: 1,
            ts: Utc::now(),
            actor: "a".into(),
            actor_kind: "mcp".into(),
            action: action.into(),
            key_id: None,
            subject: None,
            tool: tool.map(Into::into),
            status: Some(status),
            details: "{}".into(),
            prev_hash: String::new(),
            hash: String::new(),
        }
    }

    #[test]
    fn writes_and_failures() {
        assert!(!is_write(&ev("key.verify", None, 200)));
        assert!(!is_write(&ev("mcp.tool_call", Some("search"), 200)));
        assert!(!is_write(&ev("mcp.tool_call", Some("list_documents"), 200)));
        assert!(is_write(&ev("mcp.tool_call", Some("trigger_sync"), 200)));
        assert!(is_write(&ev("mcp.tool_call", Some("delete_record"), 200)));
        assert!(!is_write(&ev("mcp.tool_call", Some("delete_record"), 403)));
        assert!(is_write(&ev("records.update", None, 200)));
        assert!(!is_write(&ev("docs.read", None, 200)));
    }
}
