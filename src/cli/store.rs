//! `keywarden init` and `keywarden store status|migrate`.

use clap::{Args, Subcommand};
use serde::Serialize;

use super::{Ctx, Exit};
use crate::ops::settings;
use crate::store::Store;
use crate::store::sql::{audit_log, keys};
use crate::timefmt;

#[derive(Debug, Args)]
pub struct InitArgs {
    /// Token prefix: 2–16 chars, a lowercase letter then lowercase letters or digits
    #[arg(long, value_name = "P")]
    pub prefix: Option<String>,
    /// bcrypt cost for new keys (4–31; below 10 is for tests only)
    #[arg(long, value_name = "N")]
    pub bcrypt_cost: Option<u32>,
}

#[derive(Debug, Subcommand)]
pub enum StoreCmd {
    /// Backend, URL, schema version, settings and row counts
    Status,
    /// Apply the embedded schema migrations this store lacks
    Migrate,
}

#[derive(Debug, Serialize)]
struct Status {
    backend: &'static str,
    url: String,
    schema_version: i64,
    binary_schema_version: i64,
    prefix: String,
    bcrypt_cost: u32,
    keys_active: i64,
    keys_revoked: i64,
    keys_expired: i64,
    abilities: i64,
    tools: i64,
    credentials: i64,
    audit_events: i64,
}

pub fn init(ctx: &mut Ctx, a: InitArgs) -> anyhow::Result<Exit> {
    if let Some(p) = &a.prefix {
        crate::token::validate_prefix(p)?;
    }
    if let Some(c) = a.bcrypt_cost {
        crate::store::validate_bcrypt_cost(c)?;
        if c < 10 {
            ctx.warn(&format!(
                "bcrypt cost {c} is below 10: fine for tests, too weak for real keys"
            ));
        }
    }
    let mut store = ctx.create()?;
    let changed = settings::init(
        &mut store,
        &ctx.actor("cli"),
        a.prefix.as_deref(),
        a.bcrypt_cost,
    )?;
    ctx.note(&format!(
        "Store {} is ready{}.",
        store.location().redacted(),
        if changed { " (settings updated)" } else { "" }
    ));
    print_status(ctx, &mut store)
}

pub fn run(ctx: &mut Ctx, cmd: StoreCmd) -> anyhow::Result<Exit> {
    let mut store = ctx.open()?;
    match cmd {
        StoreCmd::Status => {}
        StoreCmd::Migrate => {
            // Opening already migrated; report what the open did.
            let m = store.migrate()?;
            ctx.note(&format!("Schema is at version {}.", m.to));
        }
    }
    print_status(ctx, &mut store)
}

fn print_status(ctx: &mut Ctx, store: &mut Store) -> anyhow::Result<Exit> {
    let now = timefmt::now();
    let schema_version = store.schema_version()?;
    let (counts, abilities, tools, credentials, audit_events) = store.read(|tx| {
        Ok((
            keys::counts(tx, now)?,
            tx.query_i64("SELECT count(*) FROM abilities", &[])?,
            tx.query_i64("SELECT count(*) FROM tools", &[])?,
            tx.query_i64("SELECT count(*) FROM credentials", &[])?,
            audit_log::count(tx)?,
        ))
    })?;
    let s = store.settings().clone();
    let status = Status {
        backend: store.dialect().name(),
        url: store.location().redacted(),
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
    };
    ctx.out.item(&status)?;
    Ok(Exit::Success)
}
