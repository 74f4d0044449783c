//! `keywarden abilities …` and `keywarden tools …`.

use clap::{Args, Subcommand};
use comfy_table::Cell;

use super::{Ctx, Exit};
use crate::output::{Style, TableRow};
use keywarden::ops::catalog::{self as ops, Ability, Tool};
use keywarden::timefmt;

#[derive(Debug, Subcommand)]
pub enum AbilitiesCmd {
    /// Add abilities to the catalog; once it is non-empty, keys can only get abilities from it
    Add(AddAbilityArgs),
    /// List the catalog
    List,
    /// Remove abilities from the catalog (keys that hold them keep them)
    Rm(RmArgs),
}

#[derive(Debug, Args)]
pub struct AddAbilityArgs {
    /// Abilities, e.g. read:tables ballast-search:read
    #[arg(required = true, value_name = "ABILITY")]
    pub names: Vec<String>,
    /// What holding these abilities allows, shown by `abilities list`
    #[arg(long)]
    pub description: Option<String>,
}

#[derive(Debug, Args)]
pub struct RmArgs {
    /// The names to remove
    #[arg(required = true, value_name = "NAME")]
    pub names: Vec<String>,
}

#[derive(Debug, Subcommand)]
pub enum ToolsCmd {
    /// Map a tool to the ability it requires
    Set(SetToolArgs),
    /// List tool mappings
    List,
    /// Remove tool mappings (verify then fails closed for them)
    Rm(RmArgs),
}

#[derive(Debug, Args)]
pub struct SetToolArgs {
    /// The MCP tool, e.g. search
    pub tool: String,
    /// The ability a key needs to call it
    #[arg(long, value_name = "ABILITY")]
    pub requires: String,
}

impl TableRow for Ability {
    fn columns() -> &'static [&'static str] {
        &["name", "description", "created_at", "created_by"]
    }
    fn header() -> Vec<&'static str> {
        vec!["ABILITY", "DESCRIPTION", "ADDED", "BY"]
    }
    fn row(&self, style: &Style) -> Vec<Cell> {
        vec![
            style.text(&self.name),
            style.text(self.description.as_deref().unwrap_or("")),
            Cell::new(timefmt::rfc3339(&self.created_at)),
            style.text(&self.created_by),
        ]
    }
}

impl TableRow for Tool {
    fn columns() -> &'static [&'static str] {
        &["name", "ability", "created_at", "created_by"]
    }
    fn header() -> Vec<&'static str> {
        vec!["TOOL", "REQUIRES", "SET", "BY"]
    }
    fn row(&self, style: &Style) -> Vec<Cell> {
        vec![
            style.text(&self.name),
            style.text(&self.ability),
            Cell::new(timefmt::rfc3339(&self.created_at)),
            style.text(&self.created_by),
        ]
    }
}

pub fn run_abilities(ctx: &mut Ctx, cmd: AbilitiesCmd) -> anyhow::Result<Exit> {
    let mut store = ctx.open()?;
    let actor = ctx.actor("cli");
    match cmd {
        AbilitiesCmd::Add(a) => {
            let added = ops::add_abilities(&mut store, &actor, &a.names, a.description.as_deref())?;
            ctx.note(&format!(
                "Added {} abilit{}.",
                added.len(),
                if added.len() == 1 { "y" } else { "ies" }
            ));
        }
        AbilitiesCmd::Rm(a) => {
            ops::remove_abilities(&mut store, &actor, &a.names)?;
            ctx.note(&format!("Removed {}.", a.names.join(", ")));
        }
        AbilitiesCmd::List => {}
    }
    let all = ops::abilities(&mut store)?;
    ctx.out.list(&all)?;
    Ok(Exit::Success)
}

pub fn run_tools(ctx: &mut Ctx, cmd: ToolsCmd) -> anyhow::Result<Exit> {
    let mut store = ctx.open()?;
    let actor = ctx.actor("cli");
    match cmd {
        ToolsCmd::Set(a) => {
            ops::set_tool(&mut store, &actor, &a.tool, &a.requires)?;
        }
        ToolsCmd::Rm(a) => {
            ops::remove_tools(&mut store, &actor, &a.names)?;
            ctx.note(&format!("Removed {}.", a.names.join(", ")));
        }
        ToolsCmd::List => {}
    }
    let all = ops::tools(&mut store)?;
    ctx.out.list(&all)?;
    Ok(Exit::Success)
}
