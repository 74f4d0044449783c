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
    /// The calendar months of a relative expiry (`3mo`, `1y`), added to
    /// `expires_in_secs` (schema v3).
    pub expires_in_months: Option<i64>,
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
    pub fn expires_in(&self) -> Option<crate::timefmt::Span> {
        if self.expires_in_secs.is_none() && self.expires_in_months.is_none() {
            return None;
        }
        Some(crate::timefmt::Span {
            months: u32::try_from(self.expires_in_months.unwrap_or(0)).ok()?,
            fixed: TimeDelta::try_seconds(self.expires_in_secs.unwrap_or(0))?,
        })
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

/// An ability in the store's catalog (contract §3).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Ability {
    pub name: String,
    pub description: Option<String>,
    #[serde(serialize_with = "crate::timefmt::ser_rfc3339")]
    pub created_at: DateTime<Utc>,
    pub created_by: String,
}

/// A tool and the ability a key needs to call it (contract §3).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Tool {
    pub name: String,
    pub ability: String,
    #[serde(serialize_with = "crate::timefmt::ser_rfc3339")]
    pub created_at: DateTime<Utc>,
    pub created_by: String,
}

/// What a stored credential is (contract §4). The list is this enum: the
/// CLI's help, validation and the schema's CHECK constraints follow it (a
/// test holds the migrations to it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CredentialKind {
    OauthAccessToken,
    OauthRefreshToken,
    DbPassword,
    ApiCredential,
    ConnectionString,
}

impl CredentialKind {
    pub const ALL: [CredentialKind; 5] = [
        CredentialKind::OauthAccessToken,
        CredentialKind::OauthRefreshToken,
        CredentialKind::DbPassword,
        CredentialKind::ApiCredential,
        CredentialKind::ConnectionString,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            CredentialKind::OauthAccessToken => "oauth_access_token",
            CredentialKind::OauthRefreshToken => "oauth_refresh_token",
            CredentialKind::DbPassword => "db_password",
            CredentialKind::ApiCredential => "api_credential",
            CredentialKind::ConnectionString => "connection_string",
        }
    }

    /// Every kind's name, in order: `oauth_access_token, …`.
    pub fn names() -> Vec<&'static str> {
        Self::ALL.iter().map(|k| k.as_str()).collect()
    }
}

impl fmt::Display for CredentialKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for CredentialKind {
    type Err = crate::Error;
    fn from_str(s: &str) -> crate::Result<Self> {
        Self::ALL
            .into_iter()
            .find(|k| k.as_str() == s)
            .ok_or_else(|| {
                crate::Error::invalid(format!(
                    "unknown credential kind {s:?}: use one of {}",
                    Self::names().join(", ")
                ))
            })
    }
}

/// A stored credential: its ciphertext, never its plaintext.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Credential {
    pub id: String,
    pub name: String,
    pub kind: CredentialKind,
    pub scope: Option<String>,
    /// `kw2:KID:…` (or a legacy `kw1:KID:…`) — safe to hold, useless without the key.
    pub ciphertext: String,
    pub created_at: DateTime<Utc>,
    pub created_by: String,
    pub updated_at: DateTime<Utc>,
}

/// Which audit events a query, summary or export reads (contract §4).
#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    pub key_id: Option<String>,
    pub actor: Option<String>,
    pub actor_kind: Option<String>,
    /// A glob with `*` and `?`, e.g. `key.*`.
    pub action: Option<String>,
    pub status: Option<i64>,
    pub since: Option<DateTime<Utc>>,
    pub until: Option<DateTime<Utc>>,
}

impl AuditFilter {
    /// Checks what cannot be checked by a type: the action glob uses
    /// only `*` and `?`, which both stores match the same way.
    pub fn validate(&self) -> crate::Result<()> {
        if let Some(g) = &self.action
            && g.contains(['[', ']'])
        {
            return Err(crate::Error::invalid(format!(
                "unsupported pattern {g:?}: only `*` and `?` wildcards are supported"
            )));
        }
        Ok(())
    }
}

/// What `audit summary` counts by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GroupBy {
    Hour,
    Day,
    Key,
    Action,
    Actor,
    Status,
}

impl GroupBy {
    pub const ALL: [GroupBy; 6] = [
        GroupBy::Hour,
        GroupBy::Day,
        GroupBy::Key,
        GroupBy::Action,
        GroupBy::Actor,
        GroupBy::Status,
    ];

    /// The name on the command line and the column name in JSON and CSV.
    pub fn as_str(self) -> &'static str {
        match self {
            GroupBy::Hour => "hour",
            GroupBy::Day => "day",
            GroupBy::Key => "key",
            GroupBy::Action => "action",
            GroupBy::Actor => "actor",
            GroupBy::Status => "status",
        }
    }
}

impl std::str::FromStr for GroupBy {
    type Err = crate::Error;
    fn from_str(s: &str) -> crate::Result<Self> {
        Self::ALL
            .into_iter()
            .find(|g| g.as_str() == s)
            .ok_or_else(|| crate::Error::invalid(format!("cannot group by {s:?}")))
    }
}
