//! The records keywarden keeps: keys and their status.
//!
//! A `Key` holds the bcrypt hash of its token and never the token. Its
//! status is not stored but derived from `revoked_at`, `expires_at` and a
//! rotation's `grace_until` against a clock, so an expired key needs no job
//! to flip a flag.

use std::fmt;

use chrono::{DateTime, TimeDelta, Utc};

use crate::authz::{Grant, KeyKind, ScopePath};

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum KeyStatus {
    Active,
    Revoked,
    Expired,
}

impl KeyStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            KeyStatus::Active => "active",
            KeyStatus::Revoked => "revoked",
            KeyStatus::Expired => "expired",
        }
    }
}

impl fmt::Display for KeyStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Clone)]
pub struct Key {
    pub id: String,
    pub prefix: String,
    pub name: String,
    pub kind: KeyKind,
    pub(crate) token_hash: String,
    pub scopes: Vec<ScopePath>,
    pub abilities: Vec<String>,
    /// The tool allow-list; `None` when the key has none.
    pub tools: Option<Vec<String>>,
    pub note: Option<String>,
    pub rate_limit_per_min: Option<i64>,
    pub created_at: DateTime<Utc>,
    pub created_by: String,
    pub expires_at: Option<DateTime<Utc>>,
    /// Set when the key was minted with a relative expiry (`--expires-in`),
    /// so that a rotation gives the new key the same lifetime.
    pub expires_in_secs: Option<i64>,
    /// The end of a rotation's grace period: the key stops working then,
    /// whatever its own expiry policy (`expires_at`, `expires_in_secs`),
    /// which a later successor inherits.
    pub grace_until: Option<DateTime<Utc>>,
    pub last_used_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
    pub revoked_reason: Option<String>,
    pub rotated_from: Option<String>,
}

impl fmt::Debug for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Key")
            .field("id", &self.id)
            .field("name", &self.name)
            .field("kind", &self.kind)
            .finish_non_exhaustive()
    }
}

impl Key {
    pub fn status(&self, now: DateTime<Utc>) -> KeyStatus {
        if self.revoked_at.is_some() {
            KeyStatus::Revoked
        } else if self.effective_expiry().is_some_and(|e| e <= now) {
            KeyStatus::Expired
        } else {
            KeyStatus::Active
        }
    }

    /// `kw_3kT9xQ2mB7aZ`: the public handle people paste.
    pub fn handle(&self) -> String {
        format!("{}_{}", self.prefix, self.id)
    }

    pub fn grant(&self) -> Grant<'_> {
        Grant {
            kind: self.kind,
            scopes: &self.scopes,
            abilities: &self.abilities,
            tools: self.tools.as_deref(),
        }
    }

    /// When the key was last used, or created if never: what "stale" measures.
    pub fn last_activity(&self) -> DateTime<Utc> {
        self.last_used_at.unwrap_or(self.created_at)
    }

    /// The relative expiry policy, when the key was minted with one.
    pub fn expires_in(&self) -> Option<TimeDelta> {
        self.expires_in_secs.and_then(TimeDelta::try_seconds)
    }

    /// When the key stops working: its expiry or the end of a rotation's
    /// grace period, whichever comes first.
    pub fn effective_expiry(&self) -> Option<DateTime<Utc>> {
        match (self.expires_at, self.grace_until) {
            (Some(e), Some(g)) => Some(e.min(g)),
            (e, g) => e.or(g),
        }
    }
}

/// How many keys are in each status, for `store status`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct KeyCounts {
    pub active: i64,
    pub revoked: i64,
    pub expired: i64,
}
