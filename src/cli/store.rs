//! `keywarden init` and `keywarden store status|migrate`.

use clap::{Args, Subcommand};

use super::{Ctx, Exit};
use keywarden::ops::settings;
use keywarden::store::Store;

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

pub fn init(ctx: &mut Ctx, a: InitArgs) -> anyhow::Result<Exit> {
    if let Some(p) = &a.prefix {
        keywarden::token::validate_prefix(p)?;
    }
    if let Some(c) = a.bcrypt_cost {
        keywarden::store::validate_bcrypt_cost(c)?;
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
    ctx.out.item(&settings::status(store)?)?;
    Ok(Exit::Success)
}
