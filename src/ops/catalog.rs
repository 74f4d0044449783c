//! The ability catalog and tool map, audited.

use crate::audit::{Actor, NewEvent};
use crate::authz;
use crate::error::{Error, Result};
use crate::store::Store;
use crate::store::sql::{audit_log, catalog};
use crate::timefmt;

pub use crate::model::{Ability, Tool};

/// Adds abilities; returns the ones that were new.
pub fn add_abilities(
    store: &mut Store,
    actor: &Actor,
    names: &[String],
    description: Option<&str>,
) -> Result<Vec<String>> {
    for n in names {
        authz::validate_ability(n)?;
    }
    let now = timefmt::now();
    store.write(|tx| {
        let mut added = Vec::new();
        for n in names {
            let a = Ability {
                name: n.clone(),
                description: description.map(str::to_owned),
                created_at: now,
                created_by: actor.name.clone(),
            };
            if catalog::add_ability(tx, &a)? {
                audit_log::append(
                    tx,
                    actor,
                    NewEvent::new("ability.add").subject(n.as_str()).status(200),
                    now,
                )?;
                added.push(n.clone());
            }
        }
        Ok(added)
    })
}

/// Removes abilities from the catalog; keys that hold them keep them.
pub fn remove_abilities(store: &mut Store, actor: &Actor, names: &[String]) -> Result<()> {
    let now = timefmt::now();
    store.write(|tx| {
        for n in names {
            if !catalog::remove_ability(tx, n)? {
                return Err(Error::not_found(format!("no ability {n:?} in the catalog")));
            }
            audit_log::append(
                tx,
                actor,
                NewEvent::new("ability.remove")
                    .subject(n.as_str())
                    .status(200),
                now,
            )?;
        }
        Ok(())
    })
}

pub fn abilities(store: &mut Store) -> Result<Vec<Ability>> {
    store.read(catalog::abilities)
}

/// Maps `tool` to the ability it requires.
pub fn set_tool(store: &mut Store, actor: &Actor, tool: &str, ability: &str) -> Result<Tool> {
    authz::validate_tool(tool)?;
    authz::validate_ability(ability)?;
    let now = timefmt::now();
    store.write(|tx| {
        let known = catalog::abilities(tx)?;
        if !known.is_empty() && !known.iter().any(|a| a.name == ability) {
            return Err(Error::invalid(format!(
                "ability {ability:?} is not in the catalog (add it with `keywarden abilities add {ability}`)"
            )));
        }
        let t = Tool {
            name: tool.to_owned(),
            ability: ability.to_owned(),
            created_at: now,
            created_by: actor.name.clone(),
        };
        let previous = catalog::set_tool(tx, &t)?;
        if previous.as_deref() != Some(ability) {
            let ev = NewEvent::new("tool.set")
                .tool(Some(tool))
                .status(200)
                .detail("requires", ability)
                .detail("previous", previous);
            audit_log::append(tx, actor, ev, now)?;
        }
        Ok(t)
    })
}

pub fn remove_tools(store: &mut Store, actor: &Actor, tools: &[String]) -> Result<()> {
    let now = timefmt::now();
    store.write(|tx| {
        for t in tools {
            if !catalog::remove_tool(tx, t)? {
                return Err(Error::not_found(format!("no tool {t:?} is mapped")));
            }
            audit_log::append(
                tx,
                actor,
                NewEvent::new("tool.remove").tool(Some(t)).status(200),
                now,
            )?;
        }
        Ok(())
    })
}

pub fn tools(store: &mut Store) -> Result<Vec<Tool>> {
    store.read(catalog::tools)
}
