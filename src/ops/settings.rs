//! `init`: the store's token prefix and bcrypt cost.

use crate::audit::{Actor, NewEvent};
use crate::error::{Error, Result};
use crate::store::sql::{audit_log, catalog, credentials, keys, settings};
use crate::store::{Store, validate_bcrypt_cost};
use crate::{timefmt, token};

/// Sets the prefix and/or bcrypt cost; returns whether anything changed.
///
/// The prefix cannot change while live keys carry another one: their
/// tokens would all turn MALFORMED at once.
pub fn init(
    store: &mut Store,
    actor: &Actor,
    prefix: Option<&str>,
    bcrypt_cost: Option<u32>,
) -> Result<bool> {
    if let Some(p) = prefix {
        token::validate_prefix(p)?;
    }
    if let Some(c) = bcrypt_cost {
        validate_bcrypt_cost(c)?;
    }
    let current = store.settings().clone();
    let now = timefmt::now();
    let changed = store.write(|tx| {
        let mut details = serde_json::Map::new();
        if let Some(p) = prefix.filter(|p| *p != current.prefix) {
            let live: Vec<String> = keys::live_prefixes(tx, now)?.into_iter().filter(|lp| lp != p).collect();
            if !live.is_empty() {
                return Err(Error::invalid(format!(
                    "cannot change the token prefix to {p:?}: active keys use {}; revoke or let them \
                     expire first, or keep the prefix",
                    live.join(", ")
                )));
            }
            settings::set(tx, "prefix", p)?;
            details.insert("prefix".into(), serde_json::json!({"from": current.prefix, "to": p}));
        }
        if let Some(c) = bcrypt_cost.filter(|c| *c != current.bcrypt_cost) {
            settings::set(tx, "bcrypt_cost", &c.to_string())?;
            details.insert("bcrypt_cost".into(), serde_json::json!({"from": current.bcrypt_cost, "to": c}));
        }
        if details.is_empty() {
            return Ok(false);
        }
        let ev = NewEvent { details, ..NewEvent::new("store.settings").status(200) };
        audit_log::append(tx, actor, ev, now)?;
        Ok(true)
    })?;
    store.reload_settings()?;
    Ok(changed)
}

/// What `store status` reports (contract §1): where the store is, its
/// schema and settings, and how many rows of each kind it holds.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Status {
    /// `sqlite` or `postgres`.
    pub backend: &'static str,
    /// The store's URL with any password replaced by `***`.
    pub url: String,
    /// Whether the connection to a PostgreSQL store is TLS-encrypted
    /// (`null` for SQLite).
    pub tls: Option<bool>,
    pub schema_version: i64,
    pub binary_schema_version: i64,
    pub prefix: String,
    pub bcrypt_cost: u32,
    pub keys_active: i64,
    pub keys_revoked: i64,
    pub keys_expired: i64,
    pub abilities: i64,
    pub tools: i64,
    pub credentials: i64,
    pub audit_events: i64,
}

/// The store's status, read in one transaction.
pub fn status(store: &mut Store) -> Result<Status> {
    let now = timefmt::now();
    let schema_version = store.schema_version()?;
    let (tls, counts, abilities, tools, credentials, audit_events) = store.read(|tx| {
        Ok((
            settings::connection_encrypted(tx)?,
            keys::counts(tx, now)?,
            catalog::count_abilities(tx)?,
            catalog::count_tools(tx)?,
            credentials::count(tx)?,
            audit_log::count(tx)?,
        ))
    })?;
    let s = store.settings().clone();
    Ok(Status {
        backend: store.dialect().name(),
        url: store.location().redacted(),
        tls,
        schema_version,
        binary_schema_version: store.latest_version(),
        prefix: s.prefix,
        bcrypt_cost: s.bcrypt_cost,
        keys_active: counts.active,
        keys_revoked: counts.revoked,
        keys_expired: counts.expired,
        abilities,
        tools,
        credentials,
        audit_events,
    })
}
