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

/// Print a new random ENCRYPTION_KEY; with --signing, make a checkpoint signing key pair instead
#[derive(Debug, Args)]
pub struct KeygenArgs {
    /// Make an Ed25519 key pair for `audit checkpoint` instead: the private key to --out FILE (0600), the public key to stdout
    #[arg(long)]
    pub signing: bool,
    /// With --signing: the new file for the private key (never overwritten)
    #[arg(long, value_name = "FILE", requires = "signing")]
    pub out: Option<PathBuf>,
    /// With --signing: the key's name in signed notes [default: keywarden]
    #[arg(long, value_name = "NAME", requires = "signing")]
    pub name: Option<String>,
}

/// Prints `base64(32 random bytes)` from the OS CSPRNG: a new ENCRYPTION_KEY;
/// or, with `--signing`, makes a checkpoint signing key.
pub fn keygen(ctx: &mut Ctx, a: KeygenArgs) -> anyhow::Result<Exit> {
    if a.signing {
        return signing_keygen(ctx, a);
    }
    let mut key = zeroize::Zeroizing::new([0u8; 32]);
    UnwrapErr(SysRng).fill_bytes(&mut *key);
    let b64 = zeroize::Zeroizing::new(base64::engine::general_purpose::STANDARD.encode(*key));
    ctx.out.line(&b64)?;
    Ok(Exit::Success)
}

/// The private key goes to a new file only: never to stdout, where it
/// would land in terminals and logs, and never over an existing key, which
/// would orphan the notes it signed.
fn signing_keygen(ctx: &mut Ctx, a: KeygenArgs) -> anyhow::Result<Exit> {
    let Some(out) = a.out else {
        return Err(keywarden::Error::invalid(
            "keygen --signing writes the private key to a file: add --out FILE (created 0600; keep \
             it off the database host); the public key is printed",
        )
        .into());
    };
    let name = a.name.as_deref().unwrap_or("keywarden");
    keywarden::checkpoint::validate_key_name(name).context("--name")?;
    if std::fs::symlink_metadata(&out).is_ok() {
        return Err(keywarden::Error::invalid(format!(
            "--out {} already exists; a signing key is never overwritten (notes signed with it \
             could no longer be checked): remove it first or choose a new file",
            out.display()
        ))
        .into());
    }
    keywarden::files::check_output(&out, "--out")?;
    let key = keywarden::checkpoint::SigningKey::generate(name)?;
    let mut body = zeroize::Zeroizing::new(key.encode().expose().as_bytes().to_vec());
    body.push(b'\n');
    keywarden::files::write_private(&out, &body, "--out")?;
    ctx.out.line(&key.verify_key().to_string())?;
    ctx.note(&format!(
        "Signing key written to {} (0600). The line above is its public key: keep it for \
         `audit verify --verify-key`.",
        out.display()
    ));
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
