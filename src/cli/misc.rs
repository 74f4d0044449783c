//! `keygen`, `completions`, `man`.

use std::path::PathBuf;

use anyhow::Context;
use base64::Engine;
use clap::Args;
use clap_complete::Shell;
use rand::Rng;
use rand::rand_core::UnwrapErr;
use rand::rngs::SysRng;

use super::{Ctx, Exit};

/// `keygen` takes nothing but the global options.
#[derive(Debug, Args)]
pub struct KeygenArgs {}

/// Prints `base64(32 random bytes)` from the OS CSPRNG: a new ENCRYPTION_KEY.
pub fn keygen(ctx: &mut Ctx) -> anyhow::Result<Exit> {
    let mut key = zeroize::Zeroizing::new([0u8; 32]);
    UnwrapErr(SysRng).fill_bytes(&mut *key);
    let b64 = zeroize::Zeroizing::new(base64::engine::general_purpose::STANDARD.encode(*key));
    ctx.out.line(&b64)?;
    Ok(Exit::Success)
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to print completions for
    #[arg(value_enum)]
    pub shell: Shell,
}

pub fn completions(ctx: &mut Ctx, a: CompletionsArgs) -> anyhow::Result<Exit> {
    let mut cmd = super::full_command();
    clap_complete::generate(a.shell, &mut cmd, "keywarden", ctx.out.writer());
    Ok(Exit::Success)
}

#[derive(Debug, Args)]
pub struct ManArgs {
    /// Write keywarden.1 and one page per subcommand into DIR (default: print keywarden.1)
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
}

pub fn man(ctx: &mut Ctx, a: ManArgs) -> anyhow::Result<Exit> {
    let cmd = super::full_command();
    match a.out {
        None => clap_mangen::Man::new(cmd).render(ctx.out.writer())?,
        Some(dir) => {
            std::fs::create_dir_all(&dir)
                .with_context(|| format!("cannot create {}", dir.display()))?;
            clap_mangen::generate_to(cmd, &dir)
                .with_context(|| format!("cannot write man pages to {}", dir.display()))?;
            ctx.note(&format!("Man pages written to {}.", dir.display()));
        }
    }
    Ok(Exit::Success)
}
