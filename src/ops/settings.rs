//! `init`: the store's token prefix and bcrypt cost.

use crate::audit::{Actor, NewEvent};
use crate::error::{Error, Result};
use crate::store::sql::{audit_log, keys, settings};
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
