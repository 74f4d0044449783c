//! `keywarden credentials …`: encrypted source credentials.

use std::io::{BufReader, IsTerminal};
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use chrono::{DateTime, Utc};
use clap::{Args, Subcommand};
use comfy_table::Cell;
use serde::Serialize;
use zeroize::Zeroizing;

use super::{Ctx, Exit, term};
use crate::output::{Format, Style, TableRow, count, ser_time};
use keywarden::error::Error;
use keywarden::files;
use keywarden::model::{Credential, CredentialKind};
use keywarden::ops::credentials::{self as ops, Progress, RekeyOptions};
use keywarden::vault::{self, EncryptionKey, Keyring};

#[derive(Debug, Args)]
pub struct CredentialsArgs {
    /// Read ENCRYPTION_KEY from this file instead of the environment
    #[arg(long, global = true, value_name = "FILE")]
    pub key_file: Option<PathBuf>,
    #[command(subcommand)]
    pub cmd: CredentialsCmd,
}

#[derive(Debug, Subcommand)]
pub enum CredentialsCmd {
    /// Store a credential; the value comes from --value-file, piped stdin, or a hidden prompt
    ///
    /// The value is read from --value-file, from stdin when it is piped, or from a hidden
    /// prompt on a terminal (never from the command line). Trailing newlines (\n, \r\n) of
    /// the value are dropped, so `echo "$TOKEN" |` and a file saved by an editor store the
    /// token itself.
    Add(AddArgs),
    /// List credentials (never their values)
    List,
    /// Show one credential; --reveal decrypts it (audited)
    Show(ShowArgs),
    /// Replace a credential's value (e.g. a refreshed OAuth token)
    ///
    /// The new value is read from --value-file, from stdin when it is piped, or from a hidden
    /// prompt on a terminal (never from the command line). Trailing newlines (\n, \r\n) of
    /// the value are dropped, so `echo "$TOKEN" |` and a file saved by an editor store the
    /// token itself.
    Update(UpdateArgs),
    /// Delete a credential (asks to confirm)
    Rm(RefArgs),
    /// Check that every credential decrypts and passes its integrity check
    Verify,
    /// Re-encrypt every credential under a new key, online and resumably
    Rekey(RekeyArgs),
    /// Import credentials exported by a system that used unauthenticated AES-256-CFB
    ///
    /// Needs `--format legacy-cfb`, the input format: NDJSON lines
    /// {"name", "kind", "scope"?, "ciphertext"} where ciphertext is
    /// base64(iv ‖ AES-256-CFB128(ENCRYPTION_KEY, iv, value)). Each value is stored in the
    /// current authenticated format; all or nothing. The output is a table (or --json).
    #[command(
        after_help = "Example: keywarden credentials import --format legacy-cfb export.ndjson"
    )]
    Import(ImportArgs),
}

#[derive(Debug, Args)]
pub struct AddArgs {
    /// A unique name, e.g. "github-oauth-acme"
    #[arg(long)]
    pub name: String,
    /// What the value is
    #[arg(long, value_name = "KIND", value_parser = credential_kind())]
    pub kind: CredentialKind,
    /// The scope path the credential belongs to, e.g. org:acme
    #[arg(long, value_name = "S")]
    pub scope: Option<String>,
    /// Read the value from this file (`-` for stdin); trailing newlines are dropped
    #[arg(long, value_name = "F")]
    pub value_file: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// Credential id or name
    pub id: String,
    /// Print the decrypted value (recorded in the audit log)
    #[arg(long)]
    pub reveal: bool,
}

#[derive(Debug, Args)]
pub struct UpdateArgs {
    /// Credential id or name
    pub id: String,
    /// Read the new value from this file (`-` for stdin); trailing newlines are dropped
    #[arg(long, value_name = "F")]
    pub value_file: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct RefArgs {
    /// Credential id or name
    pub id: String,
}

#[derive(Debug, Args)]
pub struct RekeyArgs {
    /// The new key (base64 of 32 bytes) from this file; default NEW_ENCRYPTION_KEY,
    /// else ENCRYPTION_KEY (moving rows off ENCRYPTION_KEY_PREVIOUS)
    #[arg(long, value_name = "F")]
    pub new_key_file: Option<PathBuf>,
    /// Check and re-encrypt everything in memory; write nothing
    #[arg(long)]
    pub dry_run: bool,
    /// Rows per transaction
    #[arg(long, value_name = "N", default_value_t = 2000, value_parser = clap::value_parser!(u32).range(1..=100_000))]
    pub batch: u32,
}

/// Takes `--format legacy-cfb` (the global flag): NDJSON lines
/// {"name","kind","scope"?,"ciphertext"} with ciphertext =
/// base64(iv ‖ AES-256-CFB128(ENCRYPTION_KEY, iv, value)).
#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The NDJSON file, or `-` for stdin
    #[arg(value_name = "FILE|-", default_value = "-")]
    pub file: String,
}

/// `--kind`: the library's [`CredentialKind`], by its names.
fn credential_kind() -> impl clap::builder::TypedValueParser<Value = CredentialKind> {
    clap::builder::TypedValueParser::map(
        clap::builder::PossibleValuesParser::new(CredentialKind::names()),
        |s| {
            s.parse::<CredentialKind>()
                .expect("one of CredentialKind's own names")
        },
    )
}

/// A credential as printed: never plaintext unless revealed.
#[derive(Debug, Serialize)]
pub struct CredentialView<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub kind: &'a str,
    pub scope: Option<&'a str>,
    pub kid: Option<&'a str>,
    #[serde(serialize_with = "ser_time")]
    pub created_at: DateTime<Utc>,
    pub created_by: &'a str,
    #[serde(serialize_with = "ser_time")]
    pub updated_at: DateTime<Utc>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<&'a str>,
}

impl<'a> CredentialView<'a> {
    fn new(c: &'a Credential) -> Self {
        CredentialView {
            id: &c.id,
            name: &c.name,
            kind: c.kind.as_str(),
            scope: c.scope.as_deref(),
            kid: vault::kid_of(&c.ciphertext),
            created_at: c.created_at,
            created_by: &c.created_by,
            updated_at: c.updated_at,
            value: None,
        }
    }
}

impl TableRow for CredentialView<'_> {
    fn columns() -> &'static [&'static str] {
        &[
            "id",
            "name",
            "kind",
            "scope",
            "kid",
            "created_at",
            "created_by",
            "updated_at",
        ]
    }
    fn header() -> Vec<&'static str> {
        vec!["ID", "NAME", "KIND", "SCOPE", "KID", "UPDATED"]
    }
    fn row(&self, style: &Style) -> Vec<Cell> {
        vec![
            Cell::new(self.id),
            style.text(self.name),
            Cell::new(self.kind),
            Cell::new(self.scope.unwrap_or("")),
            Cell::new(self.kid.unwrap_or("?")),
            Cell::new(keywarden::timefmt::rfc3339(&self.updated_at)),
        ]
    }
}

pub fn run(ctx: &mut Ctx, a: CredentialsArgs) -> anyhow::Result<Exit> {
    let key_file = a.key_file.as_deref();
    match a.cmd {
        CredentialsCmd::Add(x) => add(ctx, key_file, x),
        CredentialsCmd::List => list(ctx),
        CredentialsCmd::Show(x) => show(ctx, key_file, x),
        CredentialsCmd::Update(x) => update(ctx, key_file, x),
        CredentialsCmd::Rm(x) => rm(ctx, x),
        CredentialsCmd::Verify => verify(ctx, key_file),
        CredentialsCmd::Rekey(x) => rekey(ctx, key_file, x),
        CredentialsCmd::Import(x) => import(ctx, key_file, x),
    }
}

fn keyring(ctx: &Ctx, key_file: Option<&Path>) -> anyhow::Result<Keyring> {
    if let Some(p) = key_file {
        warn_if_readable(ctx, p);
    }
    Ok(Keyring::from_env(key_file)?)
}

fn warn_if_readable(ctx: &Ctx, p: &Path) {
    use std::os::unix::fs::MetadataExt;
    if std::fs::metadata(p).is_ok_and(|m| m.mode() & 0o077 != 0) {
        ctx.warn(&format!(
            "key file {} is readable by other users; `chmod 600` it",
            p.display()
        ));
    }
}

/// The value: from a file, from stdin when it is piped, or a hidden prompt.
fn read_value(file: Option<&Path>, confirm: bool) -> anyhow::Result<Zeroizing<Vec<u8>>> {
    let mut buf = match file {
        Some(p) if p.as_os_str() != "-" => {
            files::read_bounded(p, files::MAX_SECRET_BYTES, "--value-file")?
        }
        _ if std::io::stdin().is_terminal() && file.is_none() => {
            let s = if confirm {
                dialoguer::Password::new()
                    .with_prompt("Value")
                    .with_confirmation("Again", "the values differ")
                    .interact_on(&console::Term::stderr())
                    .context("the prompt failed")?
            } else {
                term::read_secret("Value")?.expose().to_owned()
            };
            Zeroizing::new(Zeroizing::new(s).as_bytes().to_vec())
        }
        _ => files::read_all_bounded(std::io::stdin(), files::MAX_SECRET_BYTES, "stdin")?,
    };
    while matches!(buf.last(), Some(b'\n' | b'\r')) {
        buf.pop();
    }
    Ok(buf)
}

fn add(ctx: &mut Ctx, key_file: Option<&Path>, a: AddArgs) -> anyhow::Result<Exit> {
    let ring = keyring(ctx, key_file)?;
    let value = read_value(a.value_file.as_deref(), true)?;
    let mut store = ctx.open()?;
    let c = ops::add(
        &mut store,
        &ctx.actor("cli"),
        &ring,
        &a.name,
        a.kind,
        a.scope.as_deref(),
        &value,
    )?;
    ctx.note(&format!(
        "Stored credential {} ({}) under key {}.",
        c.id,
        crate::output::escape(&c.name),
        ring.current().kid()
    ));
    ctx.out.item(&CredentialView::new(&c))?;
    Ok(Exit::Success)
}

fn list(ctx: &mut Ctx) -> anyhow::Result<Exit> {
    let mut store = ctx.open()?;
    let all = ops::list(&mut store)?;
    let views: Vec<CredentialView> = all.iter().map(CredentialView::new).collect();
    ctx.out.list(&views)?;
    Ok(Exit::Success)
}

fn show(ctx: &mut Ctx, key_file: Option<&Path>, a: ShowArgs) -> anyhow::Result<Exit> {
    let mut store = ctx.open()?;
    if !a.reveal {
        let c = ops::show(&mut store, &a.id)?;
        ctx.out.item(&CredentialView::new(&c))?;
        return Ok(Exit::Success);
    }
    let ring = keyring(ctx, key_file)?;
    let (c, value) = ops::reveal(&mut store, &ctx.actor("cli"), &ring, &a.id)?;
    let text =
        std::str::from_utf8(&value).map_err(|_| Error::integrity("the value is not UTF-8 text"))?;
    match ctx.format() {
        Format::Table => ctx.out.raw_line(text)?,
        _ => {
            let mut v = CredentialView::new(&c);
            v.value = Some(text);
            ctx.out.item(&v)?;
        }
    }
    Ok(Exit::Success)
}

fn update(ctx: &mut Ctx, key_file: Option<&Path>, a: UpdateArgs) -> anyhow::Result<Exit> {
    let ring = keyring(ctx, key_file)?;
    let value = read_value(a.value_file.as_deref(), true)?;
    let mut store = ctx.open()?;
    let c = ops::update(&mut store, &ctx.actor("cli"), &ring, &a.id, &value)?;
    ctx.out.item(&CredentialView::new(&c))?;
    Ok(Exit::Success)
}

fn rm(ctx: &mut Ctx, a: RefArgs) -> anyhow::Result<Exit> {
    let mut store = ctx.open()?;
    let c = ops::show(&mut store, &a.id)?;
    let q = format!(
        "Delete credential {} ({})? This cannot be undone",
        c.id,
        crate::output::escape(&c.name)
    );
    if !term::confirm(&q, ctx.global.yes)? {
        ctx.note("Nothing deleted.");
        return Ok(Exit::Success);
    }
    let c = ops::remove(&mut store, &ctx.actor("cli"), &c.id)?;
    ctx.note(&format!("Deleted credential {}.", c.id));
    ctx.out.item(&CredentialView::new(&c))?;
    Ok(Exit::Success)
}

fn verify(ctx: &mut Ctx, key_file: Option<&Path>) -> anyhow::Result<Exit> {
    let ring = keyring(ctx, key_file)?;
    let mut store = ctx.open()?;
    let r = ops::verify(&mut store, &ring)?;
    match ctx.format() {
        Format::Table => {
            let mut summary = format!("{}, {} OK", count(r.total, "credential"), r.ok);
            if !r.wrong_key.is_empty() {
                summary.push_str(&format!(
                    ", {} under a key not in the keyring",
                    r.wrong_key.len()
                ));
            }
            summary.push_str(&format!(", {} damaged", r.damaged.len()));
            ctx.out.line(&summary)?;
            for (kid, n) in &r.kids {
                ctx.out.line(&format!("  key {kid}: {n}"))?;
            }
            for (kid, n) in r.unknown_kids() {
                ctx.out.line(&format!(
                    "WRONG KEY for {}: no key in the keyring has KID {kid}: ENCRYPTION_KEY is not \
                     the key {} encrypted with (nor is any key in ENCRYPTION_KEY_PREVIOUS)",
                    count(n, "credential"),
                    if n == 1 { "it was" } else { "these were" }
                ))?;
            }
            for f in &r.wrong_key {
                ctx.out.line(&format!(
                    "WRONG KEY {} ({}): under KID {}",
                    f.id,
                    crate::output::escape(&f.name),
                    f.kid.as_deref().unwrap_or("?")
                ))?;
            }
            for f in &r.damaged {
                ctx.out.line(&format!(
                    "DAMAGED {} ({}): {}",
                    f.id,
                    crate::output::escape(&f.name),
                    f.reason
                ))?;
            }
        }
        _ => ctx.out.item(&r)?,
    }
    if !r.wrong_key.is_empty() && r.damaged.is_empty() {
        ctx.note(
            "The values under an unknown KID are most likely intact: set ENCRYPTION_KEY to the key \
             they were encrypted with (or add it to ENCRYPTION_KEY_PREVIOUS) and run verify again.",
        );
    }
    Ok(if r.all_ok() {
        Exit::Success
    } else {
        Exit::Finding
    })
}

fn new_key(ctx: &Ctx, a: &RekeyArgs, ring: &Keyring) -> anyhow::Result<EncryptionKey> {
    if let Some(p) = &a.new_key_file {
        warn_if_readable(ctx, p);
        return Ok(vault::load_key_file(p)?);
    }
    match std::env::var("NEW_ENCRYPTION_KEY") {
        Ok(v) => Ok(EncryptionKey::from_base64(
            &Zeroizing::new(v),
            "NEW_ENCRYPTION_KEY",
        )?),
        Err(_) => Ok(ring.current().clone()),
    }
}

fn rekey(ctx: &mut Ctx, key_file: Option<&Path>, a: RekeyArgs) -> anyhow::Result<Exit> {
    let ring = keyring(ctx, key_file)?;
    let new = new_key(ctx, &a, &ring)?;
    let mut store = ctx.open()?;
    let bar = super::progress::bar(ctx, "re-encrypting");
    let _coop = term::Cooperative::enter();
    let report = ops::rekey(
        &mut store,
        &ctx.actor("cli"),
        &ring,
        &new,
        RekeyOptions {
            batch: a.batch as usize,
            dry_run: a.dry_run,
        },
        &mut |p: Progress| {
            bar.set_length(p.total);
            bar.set_position(p.done);
        },
        &term::interrupted,
    )?;
    bar.finish_and_clear();
    if !report.failed.is_empty() {
        for f in &report.failed {
            term::note(false, &format!("  {} ({}): {}", f.id, f.name, f.reason));
        }
        bail!(Error::integrity(format!(
            "{} failed the check under the keyring; no row was re-encrypted. \
             Fix the keyring (ENCRYPTION_KEY_PREVIOUS) or the damaged rows, then run rekey again",
            count(report.failed.len() as u64, "credential")
        )));
    }
    match ctx.format() {
        Format::Table => ctx.out.line(&format!(
            "{}: {} re-encrypted, {} already under {}, 0 failed (of {}){}",
            if report.dry_run { "dry run" } else { "rekey" },
            report.reencrypted,
            report.already_current,
            report.new_kid,
            report.total,
            if report.interrupted {
                "; interrupted: run it again to finish"
            } else {
                ""
            }
        ))?,
        _ => ctx.out.item(&report)?,
    }
    if report.interrupted {
        ctx.out.flush()?;
        bail!(Error::Interrupted);
    }
    Ok(Exit::Success)
}

fn import(ctx: &mut Ctx, key_file: Option<&Path>, a: ImportArgs) -> anyhow::Result<Exit> {
    if ctx.global.format != Some(Format::LegacyCfb) {
        bail!(Error::invalid(
            "credentials import needs --format legacy-cfb (NDJSON of base64(iv ‖ AES-256-CFB128) values)"
        ));
    }
    let ring = keyring(ctx, key_file)?;
    let input: Box<dyn std::io::BufRead> = if a.file == "-" {
        Box::new(BufReader::new(std::io::stdin()))
    } else {
        Box::new(BufReader::new(std::fs::File::open(&a.file).map_err(
            |e| Error::File {
                action: "read",
                path: a.file.clone(),
                source: e,
            },
        )?))
    };
    let mut store = ctx.open()?;
    let yes = ctx.global.yes;
    let quiet = ctx.global.quiet;
    let imported = ops::import_legacy(&mut store, &ctx.actor("cli"), &ring, input, &mut |e| {
        let what = format!(
            "{} of {} {} too short to prove ENCRYPTION_KEY is the right key: a wrong \
             key would yield text like the shortest about once in {:.0} tries",
            e.weak_values.max(1),
            count(e.values as u64, "value"),
            if e.weak_values == 1 { "is" } else { "are" },
            2f64.powf(e.weakest_bits.min(e.bits)).max(1.0)
        );
        if yes {
            term::warn(
                quiet,
                &format!(
                    "{what}; importing them as --yes says. Check them with `credentials show --reveal`"
                ),
            );
        }
        term::confirm(&format!("{what}. Import anyway"), yes).map_err(|e| {
            e.downcast::<Error>()
                .unwrap_or_else(|e| Error::invalid(format!("{e:#}")))
        })
    })?;
    ctx.note(&format!(
        "Imported {} under key {}.",
        count(imported.len() as u64, "credential"),
        ring.current().kid()
    ));
    let views: Vec<CredentialView> = imported.iter().map(CredentialView::new).collect();
    ctx.out.list(&views)?;
    Ok(Exit::Success)
}
