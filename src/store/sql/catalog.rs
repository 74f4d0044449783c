//! The ability catalog and the tool → ability map (contract §3).

use crate::error::Result;
use crate::model::{Ability, Tool};
use crate::store::Tx;

pub fn abilities(tx: &mut dyn Tx) -> Result<Vec<Ability>> {
    tx.query_map(
        "SELECT name, description, created_at, created_by FROM abilities ORDER BY name",
        &[],
        |r| {
            Ok(Ability {
                name: r.string(0)?,
                description: r.opt_string(1)?,
                created_at: r.time(2)?,
                created_by: r.string(3)?,
            })
        },
    )
}

/// Adds an ability; false when it already exists (nothing changes).
pub fn add_ability(tx: &mut dyn Tx, a: &Ability) -> Result<bool> {
    let n = tx.execute(
        "INSERT INTO abilities (name, description, created_at, created_by) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (name) DO NOTHING",
        &[
            (&a.name).into(),
            a.description.clone().into(),
            a.created_at.into(),
            (&a.created_by).into(),
        ],
    )?;
    Ok(n == 1)
}

pub fn remove_ability(tx: &mut dyn Tx, name: &str) -> Result<bool> {
    Ok(tx.execute("DELETE FROM abilities WHERE name = $1", &[name.into()])? == 1)
}

pub fn tools(tx: &mut dyn Tx) -> Result<Vec<Tool>> {
    tx.query_map(
        "SELECT name, ability, created_at, created_by FROM tools ORDER BY name",
        &[],
        |r| {
            Ok(Tool {
                name: r.string(0)?,
                ability: r.string(1)?,
                created_at: r.time(2)?,
                created_by: r.string(3)?,
            })
        },
    )
}

/// The ability a tool requires; `None` when the tool is not mapped.
pub fn tool_ability(tx: &mut dyn Tx, tool: &str) -> Result<Option<String>> {
    Ok(tx
        .query_map(
            "SELECT ability FROM tools WHERE name = $1",
            &[tool.into()],
            |r| r.string(0),
        )?
        .into_iter()
        .next())
}

/// Maps a tool to an ability; returns the previous ability, if any.
pub fn set_tool(tx: &mut dyn Tx, t: &Tool) -> Result<Option<String>> {
    let previous = tool_ability(tx, &t.name)?;
    tx.execute(
        "INSERT INTO tools (name, ability, created_at, created_by) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (name) DO UPDATE SET ability = excluded.ability",
        &[
            (&t.name).into(),
            (&t.ability).into(),
            t.created_at.into(),
            (&t.created_by).into(),
        ],
    )?;
    Ok(previous)
}

pub fn remove_tool(tx: &mut dyn Tx, name: &str) -> Result<bool> {
    Ok(tx.execute("DELETE FROM tools WHERE name = $1", &[name.into()])? == 1)
}

pub fn count_abilities(tx: &mut dyn Tx) -> Result<i64> {
    tx.query_i64("SELECT count(*) FROM abilities", &[])
}

pub fn count_tools(tx: &mut dyn Tx) -> Result<i64> {
    tx.query_i64("SELECT count(*) FROM tools", &[])
}
