//! `keywarden keys …` (alias `clientkeys`).

use anyhow::{Context, bail};
use chrono::{DateTime, Utc};
use clap::{Args, Subcommand, ValueEnum};
use comfy_table::{Cell, Color};
use serde::Serialize;

use super::{Ctx, Exit, term};
use crate::output::{Format, Style, TableRow, ser_opt_time, ser_time};
use keywarden::authz::{KeyKind, ScopePath};
use keywarden::error::Error;
use keywarden::model::{Key, KeyStatus};
use keywarden::ops::keys::{self as ops, Expiry, ListFilter, NewKey, Update};
use keywarden::ops::verify::{Verdict, VerifyRequest};
use keywarden::secret::Secret;
use keywarden::{timefmt, token};

#[derive(Debug, Subcommand)]
pub enum KeysCmd {
    /// Mint a key and print its token, once
    Create(CreateArgs),
    /// List keys (default: active ones)
    List(ListArgs),
    /// Show one key
    #[command(visible_alias = "get")]
    Show(ShowArgs),
    /// Change a key's name, note or rate limit (never its scope or abilities)
    Update(UpdateArgs),
    /// Revoke keys now; idempotent, the row and its history stay
    #[command(visible_alias = "delete")]
    Revoke(RevokeArgs),
    /// Replace a key with a new one with the same grants
    Rotate(RotateArgs),
    /// Authenticate and authorize a token read from stdin
    Verify(VerifyArgs),
    /// Find keys nobody has used for a while (for cron)
    Stale(StaleArgs),
}

#[derive(Debug, Args)]
pub struct CreateArgs {
    /// What the key is for, e.g. "Claude Desktop – docs"
    #[arg(long)]
    pub name: String,
    /// Scope path(s) the key covers, e.g. org:acme/collection:docs
    #[arg(long = "scope", value_name = "S", num_args = 1.., value_delimiter = ',')]
    pub scopes: Vec<String>,
    /// Abilities granted, e.g. read:tables (nothing is granted by default)
    #[arg(long = "ability", value_name = "A", num_args = 1.., value_delimiter = ',')]
    pub abilities: Vec<String>,
    /// Fluxbase's name for abilities: refused, naming the --ability to pass
    /// (clap would otherwise suggest --scope, keywarden's resource paths)
    #[arg(long = "scopes", value_name = "A", num_args = 1.., value_delimiter = ',', hide = true)]
    pub fluxbase_scopes: Vec<String>,
    /// A service key: every resource and every ability (asks to confirm)
    #[arg(long, conflicts_with = "abilities")]
    pub service: bool,
    /// Restrict the key to these MCP tools
    #[arg(long = "tool", value_name = "T", num_args = 1.., value_delimiter = ',')]
    pub tools: Vec<String>,
    /// Expire after this long, e.g. 90d; 3mo and 1y are calendar months and years
    #[arg(long, value_name = "DUR")]
    pub expires_in: Option<String>,
    /// Expire at this time (RFC 3339 or a date)
    #[arg(long, value_name = "TIME", conflicts_with = "expires_in")]
    pub expires_at: Option<String>,
    /// Requests per minute allowed by `keys verify`
    #[arg(long, value_name = "N")]
    pub rate_limit: Option<i64>,
    /// Free text kept with the key
    #[arg(long)]
    pub note: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum StatusFilter {
    Active,
    Revoked,
    Expired,
    All,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Which keys, by status
    #[arg(long, value_enum, default_value = "active")]
    pub status: StatusFilter,
    /// Keys whose scope lies under or covers this path
    #[arg(long, value_name = "S")]
    pub scope: Option<String>,
    /// Keys not used (or, if never used, created) for at least this long
    #[arg(long, value_name = "DUR")]
    pub unused_for: Option<String>,
    /// Keys that expire within this long
    #[arg(long, value_name = "DUR")]
    pub expiring_within: Option<String>,
    /// Keys whose name matches this glob
    #[arg(long, value_name = "GLOB")]
    pub name: Option<String>,
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// Key id (kw_… or bare) or a name unique among active keys
    pub key: String,
}

#[derive(Debug, Args)]
pub struct UpdateArgs {
    /// Key id or unique active name
    pub key: String,
    /// The new name
    #[arg(long)]
    pub name: Option<String>,
    /// The new note (free text kept with the key; "" clears it)
    #[arg(long)]
    pub note: Option<String>,
    /// The new limit of requests per minute allowed by `keys verify`
    #[arg(long, value_name = "N", conflicts_with = "no_rate_limit")]
    pub rate_limit: Option<i64>,
    /// Remove the rate limit
    #[arg(long)]
    pub no_rate_limit: bool,
}

#[derive(Debug, Args)]
pub struct RevokeArgs {
    /// Key ids or unique active names
    #[arg(required = true)]
    pub keys: Vec<String>,
    /// Why, kept with the key and in the audit log
    #[arg(long)]
    pub reason: Option<String>,
}

#[derive(Debug, Args)]
pub struct RotateArgs {
    /// Key id or unique active name
    pub key: String,
    /// Keep the old key valid this long (e.g. 24h); without it, revoke it now
    #[arg(long, value_name = "DUR")]
    pub grace: Option<String>,
}

#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// The token; read from stdin when omitted or `-` (argv is visible to
    /// every user on the machine, stdin is not)
    #[arg(value_name = "TOKEN|-")]
    pub token: Option<String>,
    /// The resource the request touches, e.g. org:acme/collection:docs
    #[arg(long, value_name = "R")]
    pub resource: Option<String>,
    /// An ability the request needs
    #[arg(long, value_name = "A")]
    pub ability: Option<String>,
    /// The MCP tool the request calls
    #[arg(long, value_name = "T")]
    pub tool: Option<String>,
    /// Who is calling, for the audit log: cli, cron, mcp, rest, …
    #[arg(long, value_name = "K", default_value = "cli", value_parser = super::actor_kind)]
    pub actor_kind: String,
}

#[derive(Debug, Args)]
pub struct StaleArgs {
    /// Unused for at least this long, e.g. 90d
    #[arg(long, value_name = "DUR")]
    pub unused_for: String,
    /// Revoke the keys found (asks to confirm)
    #[arg(long)]
    pub revoke: bool,
    /// Exit 3 when any stale key is found
    #[arg(long)]
    pub fail_if_any: bool,
}

/// A key as printed: the contract's JSON fields, in order.
#[derive(Debug, Serialize)]
pub struct KeyView<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub prefix: &'a str,
    pub kind: &'static str,
    pub scopes: Vec<String>,
    pub abilities: &'a [String],
    pub tools: &'a [String],
    pub status: KeyStatus,
    #[serde(serialize_with = "ser_time")]
    pub created_at: DateTime<Utc>,
    pub created_by: &'a str,
    #[serde(serialize_with = "ser_opt_time")]
    pub expires_at: Option<DateTime<Utc>>,
    #[serde(serialize_with = "ser_opt_time")]
    pub last_used_at: Option<DateTime<Utc>>,
    #[serde(serialize_with = "ser_opt_time")]
    pub revoked_at: Option<DateTime<Utc>>,
    pub revoked_reason: Option<&'a str>,
    pub rate_limit_per_min: Option<i64>,
    pub rotated_from: Option<&'a str>,
    pub note: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub token: Option<&'a str>,
}

impl<'a> KeyView<'a> {
    pub fn new(k: &'a Key, now: DateTime<Utc>) -> Self {
        KeyView {
            id: &k.id,
            name: &k.name,
            prefix: &k.prefix,
            kind: k.kind.as_str(),
            scopes: k.scopes.iter().map(ToString::to_string).collect(),
            abilities: &k.abilities,
            tools: k.tools.as_deref().unwrap_or_default(),
            status: k.status(now),
            created_at: k.created_at,
            created_by: &k.created_by,
            expires_at: k.effective_expiry(),
            last_used_at: k.last_used_at,
            revoked_at: k.revoked_at,
            revoked_reason: k.revoked_reason.as_deref(),
            rate_limit_per_min: k.rate_limit_per_min,
            rotated_from: k.rotated_from.as_deref(),
            note: k.note.as_deref(),
            token: None,
        }
    }
}

pub fn status_color(s: KeyStatus) -> Color {
    match s {
        KeyStatus::Active => Color::Green,
        KeyStatus::Revoked => Color::Red,
        KeyStatus::Expired => Color::Yellow,
    }
}

fn opt_time(t: Option<DateTime<Utc>>, none: &str) -> String {
    t.as_ref().map_or_else(|| none.to_owned(), timefmt::rfc3339)
}

impl TableRow for KeyView<'_> {
    fn columns() -> &'static [&'static str] {
        &[
            "id",
            "name",
            "prefix",
            "kind",
            "scopes",
            "abilities",
            "tools",
            "status",
            "created_at",
            "created_by",
            "expires_at",
            "last_used_at",
            "revoked_at",
            "revoked_reason",
            "rate_limit_per_min",
            "rotated_from",
            "note",
        ]
    }
    fn header() -> Vec<&'static str> {
        vec![
            "ID",
            "NAME",
            "KIND",
            "STATUS",
            "SCOPES",
            "ABILITIES",
            "LAST USED",
            "EXPIRES",
        ]
    }
    fn row(&self, style: &Style) -> Vec<Cell> {
        let abilities = if self.kind == "service" {
            "(all)".to_owned()
        } else {
            self.abilities.join(" ")
        };
        let scopes = if self.kind == "service" {
            "(all)".to_owned()
        } else {
            self.scopes.join(" ")
        };
        vec![
            Cell::new(format!("{}_{}", self.prefix, self.id)),
            style.text(self.name),
            Cell::new(self.kind),
            style.cell(self.status.as_str(), Some(status_color(self.status))),
            Cell::new(scopes),
            style.text(&abilities),
            Cell::new(opt_time(self.last_used_at, "never")),
            Cell::new(opt_time(self.expires_at, "never")),
        ]
    }
}

pub fn run(ctx: &mut Ctx, cmd: KeysCmd) -> anyhow::Result<Exit> {
    match cmd {
        KeysCmd::Create(a) => create(ctx, a),
        KeysCmd::List(a) => list(ctx, a),
        KeysCmd::Show(a) => show(ctx, a),
        KeysCmd::Update(a) => update(ctx, a),
        KeysCmd::Revoke(a) => revoke(ctx, a),
        KeysCmd::Rotate(a) => rotate(ctx, a),
        KeysCmd::Verify(a) => verify(ctx, a),
        KeysCmd::Stale(a) => stale(ctx, a),
    }
}

fn parse_scopes(raw: &[String]) -> anyhow::Result<Vec<ScopePath>> {
    Ok(raw
        .iter()
        .map(|s| s.parse())
        .collect::<Result<Vec<_>, _>>()?)
}

/// Asks for abilities on a terminal: a multi-select over the catalog with
/// nothing pre-selected, or free text when the catalog is empty.
fn ask_abilities(store: &mut keywarden::store::Store) -> anyhow::Result<Vec<String>> {
    if !term::stdin_is_terminal() {
        bail!(Error::invalid(
            "a client key needs at least one --ability (nothing is granted by default), e.g. --ability read:tables"
        ));
    }
    let catalog: Vec<String> = keywarden::ops::catalog::abilities(store)?
        .into_iter()
        .map(|a| a.name)
        .collect();
    loop {
        let chosen: Vec<String> = if catalog.is_empty() {
            term::input("Abilities (comma-separated)", "--ability")?
                .split(',')
                .map(|s| s.trim().to_owned())
                .filter(|s| !s.is_empty())
                .collect()
        } else {
            term::multi_select("Abilities to grant", &catalog, "--ability")?
                .into_iter()
                .map(|i| catalog[i].clone())
                .collect()
        };
        if !chosen.is_empty() {
            return Ok(chosen);
        }
        // An Enter too soon is a slip, not a decision: ask again (Ctrl-C
        // leaves, minting nothing).
        term::note(
            false,
            "No ability chosen; a client key needs at least one: pick at least one \
             (space to select, enter to confirm), or Ctrl-C to cancel.",
        );
    }
}

fn refuse_fluxbase_scopes(scopes: &[String]) -> anyhow::Result<()> {
    if scopes.is_empty() {
        return Ok(());
    }
    bail!(Error::invalid(format!(
        "--scopes is Fluxbase's name for abilities: pass --ability {} instead. \
         (keywarden's --scope is something else: the resource the key covers, e.g. --scope org:acme)",
        scopes.join(",")
    )))
}

fn create(ctx: &mut Ctx, a: CreateArgs) -> anyhow::Result<Exit> {
    refuse_fluxbase_scopes(&a.fluxbase_scopes)?;
    let now = timefmt::now();
    let expiry = match (&a.expires_in, &a.expires_at) {
        (Some(d), _) => Expiry::In(timefmt::parse_span(d).context("--expires-in")?),
        (_, Some(t)) => Expiry::At(timefmt::parse_future_time(t, now)?),
        _ => Expiry::Never,
    };
    let scopes = parse_scopes(&a.scopes)?;
    let kind = if a.service {
        KeyKind::Service
    } else {
        KeyKind::Client
    };
    if kind == KeyKind::Client && scopes.is_empty() {
        bail!(Error::invalid(
            "a client key needs at least one --scope, e.g. --scope org:acme"
        ));
    }
    let new = NewKey {
        name: a.name,
        kind,
        scopes,
        abilities: a.abilities,
        tools: (!a.tools.is_empty()).then_some(a.tools),
        expiry,
        rate_limit_per_min: a.rate_limit,
        note: a.note,
    };
    // Validate everything we can before asking anything.
    ops::validate_name(&new.name).context("--name")?;
    if let Some(n) = new.rate_limit_per_min {
        ops::validate_rate_limit(n).context("--rate-limit")?;
    }
    let mut store = ctx.open()?;
    let mut new = new;
    if kind == KeyKind::Client && new.abilities.is_empty() {
        new.abilities = ask_abilities(&mut store)?;
    }
    if kind == KeyKind::Service
        && !term::confirm(
            "Mint a SERVICE key? It covers every resource and holds every ability",
            ctx.global.yes,
        )?
    {
        ctx.note("Nothing minted.");
        return Ok(Exit::Success);
    }
    let actor = ctx.actor("cli");
    let minted = ops::create(&mut store, &actor, new)?;
    if !minted.same_name.is_empty() {
        let others = match minted.same_name.len() {
            1 => "another active key is".to_owned(),
            n => format!("{n} other active keys are"),
        };
        ctx.warn(&format!(
            "{others} already named {:?} ({}); names that are not unique can only be \
             used with ids (this key is {})",
            minted.key.name,
            minted.same_name.join(", "),
            minted.key.handle()
        ));
    }
    print_minted(ctx, &minted, now, "Created")?;
    Ok(Exit::Success)
}

/// Prints a new key: the token alone on stdout for tables (so
/// `TOKEN=$(keywarden keys create …)` works), the object for JSON/CSV.
fn print_minted(
    ctx: &mut Ctx,
    m: &ops::Minted,
    now: DateTime<Utc>,
    verb: &str,
) -> anyhow::Result<()> {
    let mut view = KeyView::new(&m.key, now);
    view.token = Some(m.token.expose());
    match ctx.format() {
        Format::Table => {
            ctx.out.line(m.token.expose())?;
            ctx.out.flush()?;
            ctx.note(&format!(
                "{verb} key {} ({}). Copy the token above now: it is shown only once and cannot be recovered.",
                m.key.handle(),
                crate::output::escape(&m.key.name)
            ));
        }
        _ => ctx.out.item(&view)?,
    }
    Ok(())
}

fn list(ctx: &mut Ctx, a: ListArgs) -> anyhow::Result<Exit> {
    let filter = ListFilter {
        status: match a.status {
            StatusFilter::Active => Some(KeyStatus::Active),
            StatusFilter::Revoked => Some(KeyStatus::Revoked),
            StatusFilter::Expired => Some(KeyStatus::Expired),
            StatusFilter::All => None,
        },
        scope: a.scope.as_deref().map(str::parse).transpose()?,
        unused_for: a
            .unused_for
            .as_deref()
            .map(timefmt::parse_duration)
            .transpose()?,
        expiring_within: a
            .expiring_within
            .as_deref()
            .map(timefmt::parse_duration)
            .transpose()?,
        name: a.name,
    };
    let mut store = ctx.open()?;
    let keys = ops::list(&mut store, &filter)?;
    let now = timefmt::now();
    let views: Vec<KeyView> = keys.iter().map(|k| KeyView::new(k, now)).collect();
    ctx.out.list(&views)?;
    if views.is_empty() && ctx.format() == Format::Table {
        ctx.note("No keys match.");
    }
    Ok(Exit::Success)
}

fn show(ctx: &mut Ctx, a: ShowArgs) -> anyhow::Result<Exit> {
    let mut store = ctx.open()?;
    let k = ops::show(&mut store, &a.key)?;
    ctx.out.item(&KeyView::new(&k, timefmt::now()))?;
    Ok(Exit::Success)
}

fn update(ctx: &mut Ctx, a: UpdateArgs) -> anyhow::Result<Exit> {
    let u = Update {
        name: a.name,
        note: a.note,
        rate_limit_per_min: if a.no_rate_limit {
            Some(None)
        } else {
            a.rate_limit.map(Some)
        },
    };
    if u.name.is_none() && u.note.is_none() && u.rate_limit_per_min.is_none() {
        bail!(Error::invalid(
            "nothing to update: pass --name, --note, --rate-limit or --no-rate-limit"
        ));
    }
    let mut store = ctx.open()?;
    if let Some(n) = &u.name {
        ops::validate_name(n).context("--name")?;
    }
    if let Some(Some(n)) = u.rate_limit_per_min {
        ops::validate_rate_limit(n).context("--rate-limit")?;
    }
    let (k, changed) = ops::update(&mut store, &ctx.actor("cli"), &a.key, &u)?;
    if !changed {
        ctx.note(&format!(
            "Key {} already had those values; nothing changed.",
            k.handle()
        ));
    }
    ctx.out.item(&KeyView::new(&k, timefmt::now()))?;
    Ok(Exit::Success)
}

fn revoke(ctx: &mut Ctx, a: RevokeArgs) -> anyhow::Result<Exit> {
    let mut store = ctx.open()?;
    let done = ops::revoke(&mut store, &ctx.actor("cli"), &a.keys, a.reason.as_deref())?;
    let now = timefmt::now();
    for r in &done {
        if r.changed {
            ctx.note(&format!(
                "Revoked {} ({}).",
                r.key.handle(),
                crate::output::escape(&r.key.name)
            ));
        } else {
            ctx.note(&format!(
                "{} was already revoked; nothing changed.",
                r.key.handle()
            ));
        }
    }
    let views: Vec<KeyView> = done.iter().map(|r| KeyView::new(&r.key, now)).collect();
    ctx.out.list(&views)?;
    Ok(Exit::Success)
}

fn rotate(ctx: &mut Ctx, a: RotateArgs) -> anyhow::Result<Exit> {
    let grace = a
        .grace
        .as_deref()
        .map(timefmt::parse_duration)
        .transpose()?;
    let mut store = ctx.open()?;
    let r = ops::rotate(&mut store, &ctx.actor("cli"), &a.key, grace)?;
    let now = timefmt::now();
    match r.old.status(now) {
        KeyStatus::Revoked => ctx.note(&format!("Old key {} is revoked.", r.old.handle())),
        _ => ctx.note(&format!(
            "Old key {} stays valid until {}, then verifies EXPIRED.",
            r.old.handle(),
            opt_time(r.old.effective_expiry(), "never")
        )),
    }
    print_minted(ctx, &r.new, now, "Rotated to new")?;
    Ok(Exit::Success)
}

fn verify(ctx: &mut Ctx, a: VerifyArgs) -> anyhow::Result<Exit> {
    let req = VerifyRequest {
        resource: a.resource.as_deref().map(str::parse).transpose()?,
        ability: a.ability,
        tool: a.tool,
        ..VerifyRequest::default()
    };
    if let Some(ab) = &req.ability {
        keywarden::authz::validate_ability(ab)?;
    }
    if let Some(t) = &req.tool {
        keywarden::authz::validate_tool(t)?;
    }
    let token = match a.token.as_deref() {
        None | Some("-") => {
            let bytes = term::read_secret_bytes("Token")?;
            // Bytes that are not text cannot be a token: a finding, not an error.
            std::str::from_utf8(&bytes).map(Secret::from).ok()
        }
        Some(t) => {
            ctx.warn("a token in argv is visible to every user on this machine; pipe it on stdin instead");
            Some(t.into())
        }
    };
    let malformed = |reason: String| Verdict {
        status: keywarden::ops::verify::VerifyStatus::Malformed,
        key_id: None,
        reason,
        name: None,
    };
    // Reject a malformed token before opening anything.
    let verdict = match token.as_ref().map(|t| token::parse(t.expose())) {
        None => malformed("not UTF-8 text, so not a token".into()),
        Some(Err(m)) => malformed(m.to_string()),
        Some(Ok(_)) => {
            let mut store = ctx.open()?;
            let actor = ctx.actor(&a.actor_kind);
            let token = token.expect("parsed");
            keywarden::ops::verify::verify(&mut store, token.expose(), &req, &actor)?
        }
    };
    print_verdict(ctx, &verdict)?;
    Ok(if verdict.is_valid() {
        Exit::Success
    } else {
        Exit::Finding
    })
}

fn print_verdict(ctx: &mut Ctx, v: &Verdict) -> anyhow::Result<()> {
    match ctx.format() {
        Format::Table => {
            let status = if ctx.out.style.color {
                let s = console::style(v.status.as_str()).bold();
                if v.is_valid() { s.green() } else { s.red() }.to_string()
            } else {
                v.status.as_str().to_owned()
            };
            let key = v
                .key_id
                .as_deref()
                .map(|k| format!(" {k}"))
                .unwrap_or_default();
            let name = v
                .name
                .as_deref()
                .map(|n| format!(" ({})", crate::output::escape(n)))
                .unwrap_or_default();
            // The status carries our own color codes; the rest is escaped.
            ctx.out.raw_line(&format!(
                "{status}{}",
                crate::output::escape_lines(&format!("{key}{name}: {}", v.reason))
            ))?;
        }
        _ => ctx.out.item(v)?,
    }
    Ok(())
}

fn stale(ctx: &mut Ctx, a: StaleArgs) -> anyhow::Result<Exit> {
    let unused_for = timefmt::parse_duration(&a.unused_for)?;
    let mut store = ctx.open()?;
    let found = ops::stale(&mut store, unused_for)?;
    let now = timefmt::now();
    let mut shown = found;
    if a.revoke && !shown.is_empty() {
        let question = format!(
            "Revoke {} unused for {}?",
            crate::output::count(shown.len() as u64, "key"),
            timefmt::human_duration(unused_for)
        );
        if term::confirm(&question, ctx.global.yes)? {
            let ids: Vec<String> = shown.iter().map(|k| k.id.clone()).collect();
            let revoked = ops::revoke_stale(&mut store, &ctx.actor("cli"), &ids, unused_for)?;
            ctx.note(&format!(
                "Revoked {}.",
                crate::output::count(revoked.len() as u64, "stale key")
            ));
            for k in revoked {
                if let Some(slot) = shown.iter_mut().find(|s| s.id == k.id) {
                    *slot = k;
                }
            }
        } else {
            ctx.note("Nothing revoked.");
        }
    }
    let views: Vec<KeyView> = shown.iter().map(|k| KeyView::new(k, now)).collect();
    ctx.out.list(&views)?;
    if views.is_empty() && ctx.format() == Format::Table {
        ctx.note("No stale keys.");
    }
    Ok(if a.fail_if_any && !views.is_empty() {
        Exit::Finding
    } else {
        Exit::Success
    })
}
