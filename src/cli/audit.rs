//! `keywarden audit …`: query, summarize, export, record, verify, prune,
//! checkpoint.

use clap::{Args, Subcommand};
use comfy_table::{Cell, Color};
use serde::Serialize;

use super::{Ctx, Exit, term};
use crate::output::{Format, Style, TableRow};
use keywarden::audit::Event;
use keywarden::checkpoint::{self, Checkpoint, NoteError};
use keywarden::error::Error;
use keywarden::model::{AuditFilter, GroupBy};
use keywarden::ops::audit::{self as ops, Record};
use keywarden::timefmt;
use std::path::PathBuf;

#[derive(Debug, Subcommand)]
pub enum AuditCmd {
    /// Events, newest first (the global --actor filters by actor here)
    Query(QueryArgs),
    /// Event counts by hour, day, key, action, actor or status
    Summary(SummaryArgs),
    /// Check the hash chain (and signed checkpoints); exit 3 and name the first bad event or checkpoint
    Verify(VerifyArgs),
    /// Events as NDJSON, oldest first, streamed to stdout
    Export(FilterArgs),
    /// Append an event, e.g. an MCP tool call a server served
    Record(RecordArgs),
    /// Delete old events, leaving a checkpoint so the rest still verifies (asks to confirm)
    Prune(PruneArgs),
    /// Sign a checkpoint of the chain's head (a C2SP signed note) to keep off the database host
    Checkpoint(CheckpointArgs),
}

#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// Also check these signed checkpoints against the chain (needs --verify-key)
    #[arg(long = "checkpoint", value_name = "FILE", num_args = 1.., requires = "verify_key")]
    pub checkpoints: Vec<PathBuf>,
    /// The public key the checkpoints were signed with, as `keygen --signing` printed it
    #[arg(long, value_name = "FILE", requires = "checkpoints")]
    pub verify_key: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct CheckpointArgs {
    /// The private key from `keygen --signing --out FILE`
    #[arg(long, value_name = "FILE", env = "KEYWARDEN_SIGNING_KEY_FILE")]
    pub signing_key_file: Option<PathBuf>,
    /// Write the signed note to FILE instead of stdout
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

#[derive(Debug, Clone, Args)]
pub struct FilterArgs {
    /// Events of this key (id, kw_id, or unique active name)
    #[arg(long, value_name = "K")]
    pub key: Option<String>,
    /// cli, cron, mcp, rest, dashboard, system, …
    #[arg(long, value_name = "K", value_parser = super::actor_kind)]
    pub actor_kind: Option<String>,
    /// Action glob, e.g. `key.*`
    #[arg(long, value_name = "GLOB")]
    pub action: Option<String>,
    /// HTTP-like status, e.g. 401
    #[arg(long, value_name = "N")]
    pub status: Option<i64>,
    /// From this time: RFC 3339, a date, or a duration ago (24h)
    #[arg(long, value_name = "T")]
    pub since: Option<String>,
    /// Before this time
    #[arg(long, value_name = "T")]
    pub until: Option<String>,
}

#[derive(Debug, Args)]
pub struct QueryArgs {
    #[command(flatten)]
    pub filter: FilterArgs,
    /// At most this many events (0 = all)
    #[arg(long, value_name = "N", default_value_t = 100)]
    pub limit: u64,
}

/// `--by`: the library's [`GroupBy`], by its names.
fn group_by() -> impl clap::builder::TypedValueParser<Value = GroupBy> {
    let names: Vec<&'static str> = GroupBy::ALL.iter().map(|g| g.as_str()).collect();
    clap::builder::TypedValueParser::map(clap::builder::PossibleValuesParser::new(names), |s| {
        s.parse::<GroupBy>().expect("one of GroupBy's own names")
    })
}

#[derive(Debug, Args)]
pub struct SummaryArgs {
    /// What to count by
    #[arg(long, value_name = "BY", value_parser = group_by())]
    pub by: GroupBy,
    #[command(flatten)]
    pub filter: FilterArgs,
}

#[derive(Debug, Args)]
pub struct RecordArgs {
    /// Dotted action, e.g. mcp.tool_call
    #[arg(long)]
    pub action: String,
    /// The key the event is about
    #[arg(long, value_name = "K")]
    pub key: Option<String>,
    /// The MCP tool the event is about
    #[arg(long, value_name = "T")]
    pub tool: Option<String>,
    /// HTTP-like status
    #[arg(long, value_name = "N")]
    pub status: Option<i64>,
    /// What the event is about, e.g. a resource path
    #[arg(long)]
    pub subject: Option<String>,
    /// Extra details; tokens and secret-named keys are redacted
    #[arg(long = "detail", value_name = "K=V")]
    pub details: Vec<String>,
    /// Who is recording: cli, cron, mcp, rest, …
    #[arg(long, value_name = "K", default_value = "cli", value_parser = super::actor_kind)]
    pub actor_kind: String,
}

#[derive(Debug, Args)]
pub struct PruneArgs {
    /// Delete events older than this, e.g. 365d
    #[arg(long, value_name = "DUR")]
    pub older_than: String,
}

impl TableRow for Event {
    fn columns() -> &'static [&'static str] {
        &[
            "id",
            "ts",
            "actor",
            "actor_kind",
            "action",
            "key_id",
            "subject",
            "tool",
            "status",
            "details",
            "prev_hash",
            "hash",
        ]
    }
    fn header() -> Vec<&'static str> {
        vec![
            "ID", "TIME", "ACTOR", "KIND", "ACTION", "KEY", "STATUS", "SUBJECT", "TOOL", "DETAILS",
        ]
    }
    fn row(&self, style: &Style) -> Vec<Cell> {
        let color = match self.status {
            Some(s) if s >= 400 => Some(Color::Red),
            Some(_) => Some(Color::Green),
            None => None,
        };
        vec![
            Cell::new(self.id),
            Cell::new(timefmt::rfc3339(&self.ts)),
            style.text(&self.actor),
            style.text(&self.actor_kind),
            style.text(&self.action),
            Cell::new(self.key_id.as_deref().unwrap_or("")),
            style.cell(
                self.status.map(|s| s.to_string()).unwrap_or_default(),
                color,
            ),
            style.text(self.subject.as_deref().unwrap_or("")),
            style.text(self.tool.as_deref().unwrap_or("")),
            style.text(&self.details),
        ]
    }
}

pub fn run(ctx: &mut Ctx, cmd: AuditCmd) -> anyhow::Result<Exit> {
    match cmd {
        AuditCmd::Query(a) => query(ctx, a),
        AuditCmd::Summary(a) => summary(ctx, a),
        AuditCmd::Verify(a) => verify(ctx, a),
        AuditCmd::Export(a) => export(ctx, a),
        AuditCmd::Record(a) => record(ctx, a),
        AuditCmd::Prune(a) => prune(ctx, a),
        AuditCmd::Checkpoint(a) => checkpoint(ctx, a),
    }
}

/// A `--key` argument as a key id: `kw_…` or a bare id as given, else a
/// name that only one key has ever carried (a log read is about history).
fn key_id(store: &mut keywarden::store::Store, reference: &str) -> anyhow::Result<String> {
    Ok(keywarden::ops::keys::history_id(store, reference)?)
}

fn filter(
    ctx: &Ctx,
    store: &mut keywarden::store::Store,
    a: &FilterArgs,
) -> anyhow::Result<AuditFilter> {
    let now = timefmt::now();
    let f = AuditFilter {
        key_id: a.key.as_deref().map(|k| key_id(store, k)).transpose()?,
        // The global --actor names who acts when a command writes; a read
        // of the log takes it, from the command line only, as a filter.
        actor: ctx
            .global
            .actor
            .clone()
            .filter(|_| ctx.global.actor_from_argv),
        actor_kind: a.actor_kind.clone(),
        action: a.action.clone(),
        status: a.status,
        since: a
            .since
            .as_deref()
            .map(|t| timefmt::parse_time(t, now))
            .transpose()?,
        until: a
            .until
            .as_deref()
            .map(|t| timefmt::parse_time(t, now))
            .transpose()?,
    };
    f.validate()?;
    Ok(f)
}

fn validate_times(a: &FilterArgs) -> anyhow::Result<()> {
    let now = timefmt::now();
    for t in [&a.since, &a.until].into_iter().flatten() {
        timefmt::parse_time(t, now)?;
    }
    if let Some(k) = &a.actor_kind {
        ops::validate_actor_kind(k)?;
    }
    Ok(())
}

fn query(ctx: &mut Ctx, a: QueryArgs) -> anyhow::Result<Exit> {
    validate_times(&a.filter)?;
    let mut store = ctx.open()?;
    let f = filter(ctx, &mut store, &a.filter)?;
    let limit = (a.limit > 0).then_some(a.limit);
    let events = ops::query(&mut store, &f, limit)?;
    ctx.out.list(&events)?;
    if ctx.format() == Format::Table {
        if events.is_empty() {
            ctx.note("No events match.");
        } else if limit.is_some_and(|l| events.len() as u64 == l) {
            ctx.note(&format!(
                "Showing the newest {}; --limit 0 shows all.",
                events.len()
            ));
        }
    }
    Ok(Exit::Success)
}

fn summary(ctx: &mut Ctx, a: SummaryArgs) -> anyhow::Result<Exit> {
    validate_times(&a.filter)?;
    let mut store = ctx.open()?;
    let f = filter(ctx, &mut store, &a.filter)?;
    let groups = ops::summary(&mut store, a.by, &f)?;
    let name = a.by.as_str();
    match ctx.format() {
        Format::Json | Format::Csv => {
            let rows: Vec<serde_json::Value> = groups
                .iter()
                .map(|g| {
                    let mut m = serde_json::Map::new();
                    m.insert(name.to_owned(), g.label.clone().into());
                    m.insert("count".into(), g.count.into());
                    serde_json::Value::Object(m)
                })
                .collect();
            if ctx.format() == Format::Json {
                ctx.out.json(&rows)?;
            } else {
                let rows = groups
                    .iter()
                    .map(|g| vec![g.label.clone(), g.count.to_string()]);
                ctx.out.csv(&[name, "count"], rows)?;
            }
        }
        _ => {
            if !groups.is_empty() {
                let mut t = crate::output::new_table();
                t.set_header(vec![name.to_uppercase(), "EVENTS".to_owned()]);
                for g in &groups {
                    t.add_row(vec![ctx.out.style.text(&g.label), Cell::new(g.count)]);
                }
                ctx.out.table(&t)?;
            }
        }
    }
    Ok(Exit::Success)
}

fn export(ctx: &mut Ctx, a: FilterArgs) -> anyhow::Result<Exit> {
    validate_times(&a)?;
    let mut store = ctx.open()?;
    let f = filter(ctx, &mut store, &a)?;
    let _coop = term::Cooperative::enter();
    let w = ctx.out.writer();
    ops::export(&mut store, &f, &mut |e| {
        if term::interrupted() {
            return Err(Error::Interrupted);
        }
        crate::output::write_json(&mut *w, e, false)?;
        w.write_all(b"\n").map_err(Error::from)
    })?;
    Ok(Exit::Success)
}

fn record(ctx: &mut Ctx, a: RecordArgs) -> anyhow::Result<Exit> {
    ops::validate_action(&a.action)?;
    let details = a
        .details
        .iter()
        .map(|d| {
            d.split_once('=')
                .map(|(k, v)| (k.to_owned(), v.to_owned()))
                .ok_or_else(|| {
                    Error::invalid(format!(
                        "--detail {:?} is not KEY=VALUE",
                        ops::redact_tokens(d)
                    ))
                })
        })
        .collect::<Result<Vec<_>, _>>()?;
    if let Some(t) = &a.tool {
        keywarden::authz::validate_tool(t)?;
    }
    let mut store = ctx.open()?;
    let key_id = a
        .key
        .as_deref()
        .map(|k| key_id(&mut store, k))
        .transpose()?;
    let ev = ops::record(
        &mut store,
        &ctx.actor(&a.actor_kind),
        Record {
            action: a.action,
            key_id,
            subject: a.subject,
            tool: a.tool,
            status: a.status,
            details,
        },
    )?;
    match ctx.format() {
        Format::Table => ctx.note(&format!("Recorded event {}.", ev.id)),
        _ => ctx.out.item(&ev)?,
    }
    Ok(Exit::Success)
}

/// Reads and checks every signed checkpoint before the chain is walked:
/// a file that cannot be read, is not a note, or is signed by another
/// key is bad input, exit 2; a note of another origin is damage (exit 3).
fn open_notes(
    store: &keywarden::store::Store,
    a: &VerifyArgs,
) -> anyhow::Result<Vec<Result<Checkpoint, NoteError>>> {
    let Some(key_file) = &a.verify_key else {
        return Ok(Vec::new());
    };
    let key = checkpoint::load_verify_key(key_file)?;
    let origin = ops::origin(store)?;
    let mut out = Vec::new();
    for path in &a.checkpoints {
        let note = checkpoint::read_note(path)?;
        let opened = checkpoint::open(&note, &key);
        let cp = match opened {
            Err(e @ (NoteError::Malformed(_) | NoteError::NotSignedBy(_))) => {
                return Err(Error::invalid(format!(
                    "checkpoint {} {e}: pass notes that `keywarden audit checkpoint` signed with \
                     the key in --verify-key {}",
                    path.display(),
                    key_file.display()
                ))
                .into());
            }
            other => other,
        };
        // Another origin is damage, not a usage error: a changed store id
        // must not turn an alarm into "bad input".
        let cp = match cp {
            Ok(c) if c.origin != origin => Err(NoteError::OtherStore {
                note: c.origin,
                store: origin.clone(),
            }),
            other => other,
        };
        out.push(cp);
    }
    Ok(out)
}

fn verify(ctx: &mut Ctx, a: VerifyArgs) -> anyhow::Result<Exit> {
    let mut store = ctx.open()?;
    let notes = open_notes(&store, &a)?;
    let forged: Vec<(&PathBuf, &NoteError)> = a
        .checkpoints
        .iter()
        .zip(&notes)
        .filter_map(|(p, n)| n.as_ref().err().map(|e| (p, e)))
        .collect();
    if let Some((first, why)) = forged.first() {
        let detail = format!("checkpoint {} {why}", first.display());
        match ctx.format() {
            Format::Table => ctx.out.line(&format!("DAMAGED: {detail}"))?,
            _ => ctx.out.item(&serde_json::json!({
                "status": "DAMAGED",
                "bad_checkpoint": first.display().to_string(),
                "detail": detail,
            }))?,
        }
        return Ok(Exit::Finding);
    }
    let notes: Vec<Checkpoint> = notes.into_iter().filter_map(Result::ok).collect();
    let bar = super::progress::bar(ctx, "verifying");
    let _coop = term::Cooperative::enter();
    let report = ops::verify_checkpoints(
        &mut store,
        &notes,
        &|done, total| {
            bar.set_length(total);
            bar.set_position(done);
        },
        &term::interrupted,
    )?;
    bar.finish_and_clear();
    let file = |i: usize| a.checkpoints[i].display().to_string();
    let mismatch = report.first_mismatch();
    match ctx.format() {
        Format::Table => {
            match (&report.fault, mismatch) {
                (None, None) => ctx.out.line(&format!(
                    "OK: {}, chain intact; head {} {}",
                    crate::output::count(report.events, "event"),
                    report.head_id,
                    report.head_hash
                ))?,
                (Some(f), _) => ctx.out.line(&format!(
                    "DAMAGED at event {} ({}): {}",
                    f.id,
                    f.kind.as_str(),
                    f.detail
                ))?,
                (None, Some((i, c))) => ctx.out.line(&format!(
                    "DAMAGED: checkpoint {} (event {}) no longer matches: {}",
                    file(i),
                    c.size,
                    c.detail
                ))?,
            }
            for (i, c) in report.signed.iter().enumerate() {
                ctx.out.line(&format!(
                    "checkpoint {} (event {}): {}: {}",
                    file(i),
                    c.size,
                    c.status.as_str(),
                    c.detail
                ))?;
            }
        }
        _ => {
            #[derive(Serialize)]
            struct Note<'a> {
                file: String,
                event: i64,
                status: &'a str,
                detail: &'a str,
            }
            #[derive(Serialize)]
            struct Out<'a> {
                status: &'static str,
                events: u64,
                head_id: i64,
                head_hash: &'a str,
                checkpoint_id: Option<i64>,
                first_bad_id: Option<i64>,
                problem: Option<&'static str>,
                detail: Option<&'a str>,
                #[serde(skip_serializing_if = "Option::is_none")]
                bad_checkpoint: Option<String>,
                #[serde(skip_serializing_if = "Vec::is_empty")]
                checkpoints: Vec<Note<'a>>,
            }
            ctx.out.item(&Out {
                status: if report.ok() { "OK" } else { "DAMAGED" },
                events: report.events,
                head_id: report.head_id,
                head_hash: &report.head_hash,
                checkpoint_id: report.checkpoint_id,
                first_bad_id: report.fault.as_ref().map(|f| f.id),
                problem: report.fault.as_ref().map(|f| f.kind.as_str()),
                detail: report
                    .fault
                    .as_ref()
                    .map(|f| f.detail.as_str())
                    .or(mismatch.map(|(_, c)| c.detail.as_str())),
                bad_checkpoint: mismatch.map(|(i, _)| file(i)),
                checkpoints: report
                    .signed
                    .iter()
                    .enumerate()
                    .map(|(i, c)| Note {
                        file: file(i),
                        event: c.size,
                        status: match c.status {
                            ops::SignedStatus::Matches => "matches",
                            ops::SignedStatus::Pruned => "pruned",
                            ops::SignedStatus::Mismatch => "mismatch",
                        },
                        detail: &c.detail,
                    })
                    .collect(),
            })?
        }
    }
    Ok(if report.ok() {
        Exit::Success
    } else {
        Exit::Finding
    })
}

fn checkpoint(ctx: &mut Ctx, a: CheckpointArgs) -> anyhow::Result<Exit> {
    let Some(key_file) = &a.signing_key_file else {
        return Err(Error::invalid(
            "no signing key: pass --signing-key-file FILE or set KEYWARDEN_SIGNING_KEY_FILE; make \
             one with `keywarden keygen --signing --out FILE`",
        )
        .into());
    };
    let key = checkpoint::load_signing_key(key_file)?;
    warn_if_shared(ctx, key_file);
    if let Some(out) = &a.out {
        keywarden::files::probe_output(out, "--out")?;
    }
    let mut store = ctx.open()?;
    let signed = ops::checkpoint(&mut store, &key)?;
    if let Some(out) = &a.out {
        keywarden::files::write_private(out, signed.note.as_bytes(), "--out")?;
        ctx.note(&format!(
            "Checkpoint of event {} written to {}.",
            signed.checkpoint.size,
            out.display()
        ));
        if ctx.format() == Format::Table {
            return Ok(Exit::Success);
        }
    }
    match ctx.format() {
        Format::Table => ctx.out.writer().write_all(signed.note.as_bytes())?,
        _ => ctx.out.item(&serde_json::json!({
            "origin": signed.checkpoint.origin,
            "size": signed.checkpoint.size,
            "root": signed.checkpoint.root_hex(),
            "time": timefmt::rfc3339(&signed.checkpoint.time),
            "note": signed.note,
        }))?,
    }
    Ok(Exit::Success)
}

/// A private key others can read is a key others may have copied.
fn warn_if_shared(ctx: &Ctx, path: &std::path::Path) {
    use std::os::unix::fs::PermissionsExt;
    if let Ok(m) = std::fs::metadata(path)
        && m.permissions().mode() & 0o077 != 0
    {
        ctx.warn(&format!(
            "signing key file {} is readable by other users; `chmod 600` it, and consider the key \
             exposed",
            path.display()
        ));
    }
}

fn prune(ctx: &mut Ctx, a: PruneArgs) -> anyhow::Result<Exit> {
    let older_than = timefmt::parse_duration(&a.older_than)?;
    let mut store = ctx.open()?;
    let before = timefmt::now() - older_than;
    let n = ops::count_before(&mut store, before)?;
    if n == 0 {
        ctx.note(&format!(
            "No events before {}; nothing to prune.",
            timefmt::rfc3339(&before)
        ));
        return Ok(Exit::Success);
    }
    let question = format!(
        "Delete {} before {}? A checkpoint keeps the rest verifiable",
        crate::output::count_i64(n, "audit event"),
        timefmt::rfc3339(&before)
    );
    if !term::confirm(&question, ctx.global.yes)? {
        ctx.note("Nothing pruned.");
        return Ok(Exit::Success);
    }
    let r = ops::prune(&mut store, &ctx.actor("cli"), older_than)?;
    match ctx.format() {
        Format::Table => ctx.out.line(&format!(
            "pruned {}{}; {} remain",
            crate::output::count_i64(r.pruned as i64, "event"),
            r.through_id
                .map(|t| format!(" (through event {t})"))
                .unwrap_or_default(),
            r.remaining
        ))?,
        _ => ctx.out.item(&r)?,
    }
    Ok(Exit::Success)
}
