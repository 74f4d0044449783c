//! `keywarden incident respond`: the leaked-token playbook in one command.

use std::fmt::Write as _;
use std::path::PathBuf;

use anyhow::bail;
use chrono::{DateTime, Utc};
use clap::{Args, Subcommand};
use serde::Serialize;

use super::keys::KeyView;
use super::{Ctx, Exit, term};
use crate::output::{Format, escape};
use keywarden::error::Error;
use keywarden::model::Key;
use keywarden::ops::incident::{self as ops, Target, TrailEvent};
use keywarden::timefmt;

#[derive(Debug, Subcommand)]
pub enum IncidentCmd {
    /// Revoke a leaked key, review its trail, mint a replacement, write a report
    Respond(RespondArgs),
}

#[derive(Debug, Args)]
pub struct RespondArgs {
    /// The leaked token (read from stdin when omitted or `-`), or a key id
    #[arg(value_name = "TOKEN|KEY|-")]
    pub target: Option<String>,
    /// How far back to review the key's audit trail
    #[arg(long, value_name = "DUR", default_value = "24h")]
    pub window: String,
    /// Do not mint a replacement key
    #[arg(long)]
    pub no_replace: bool,
    /// Write the incident report here (Markdown, or JSON with --format json)
    #[arg(long, value_name = "FILE")]
    pub report: Option<PathBuf>,
}

#[derive(Debug, Clone, Serialize)]
struct Step {
    #[serde(serialize_with = "crate::output::ser_time")]
    time: DateTime<Utc>,
    step: &'static str,
    result: String,
}

#[derive(Debug, Serialize)]
struct Replacement {
    id: String,
    handle: String,
    name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    token: Option<String>,
}

#[derive(Debug, Serialize)]
struct Summary {
    events: usize,
    writes: usize,
    failed: usize,
}

/// The report: everything a responder needs afterwards, never the secret.
#[derive(Debug, Serialize)]
struct Report<'a> {
    incident: String,
    responder: String,
    #[serde(serialize_with = "crate::output::ser_time")]
    started_at: DateTime<Utc>,
    #[serde(serialize_with = "crate::output::ser_time")]
    finished_at: DateTime<Utc>,
    key: Option<KeyView<'a>>,
    window: String,
    events: Vec<TrailEvent>,
    summary: Option<Summary>,
    replacement: Option<Replacement>,
    timeline: Vec<Step>,
    not_done: Vec<String>,
}

pub fn run(ctx: &mut Ctx, cmd: IncidentCmd) -> anyhow::Result<Exit> {
    match cmd {
        IncidentCmd::Respond(a) => respond(ctx, a),
    }
}

fn read_target(ctx: &Ctx, a: &RespondArgs) -> anyhow::Result<String> {
    match a.target.as_deref() {
        None | Some("-") => Ok(term::read_secret("Leaked token or key id")?
            .expose()
            .to_owned()),
        Some(t) => {
            if keywarden::token::parse(t).is_ok() {
                ctx.warn("a token in argv is visible to every user on this machine; pipe it on stdin instead");
            }
            Ok(t.to_owned())
        }
    }
}

fn ask(ctx: &Ctx, question: &str) -> anyhow::Result<bool> {
    if ctx.global.yes {
        return Ok(true);
    }
    term::confirm_default(question, true)
}

/// One run of the playbook: what it has done so far, for the report and
/// for an honest account if a step fails.
struct Run {
    store: keywarden::store::Store,
    actor: keywarden::audit::Actor,
    incident: String,
    timeline: Vec<Step>,
    /// Steps not done yet, in order.
    pending: Vec<&'static str>,
    not_done: Vec<String>,
    human: String,
}

impl Run {
    fn done(&mut self, step: &'static str, result: String) {
        self.timeline.push(Step {
            time: timefmt::now(),
            step,
            result,
        });
        self.pending.retain(|s| *s != step);
    }

    fn skipped(&mut self, step: &'static str, why: String) {
        self.not_done.push(why);
        self.pending.retain(|s| *s != step);
    }

    fn audit(
        &mut self,
        action: &str,
        key: &Key,
        status: i64,
        details: serde_json::Map<String, serde_json::Value>,
    ) -> anyhow::Result<()> {
        ops::audit_step(
            &mut self.store,
            &self.actor,
            &self.incident,
            action,
            &key.id,
            status,
            details,
        )?;
        Ok(())
    }

    /// A step failed: say exactly what was and was not done, audit it
    /// under the incident, and exit 1.
    fn fail(&mut self, ctx: &mut Ctx, key: &Key, e: anyhow::Error) -> anyhow::Result<Exit> {
        let done: Vec<String> = self
            .timeline
            .iter()
            .map(|s| format!("{}: {}", s.step, s.result))
            .collect();
        let mut d = serde_json::Map::new();
        d.insert("done".into(), done.clone().into());
        d.insert("not_done".into(), self.pending.clone().into());
        d.insert("error".into(), format!("{e:#}").into());
        let _ = self.audit("incident.respond", key, 500, d);
        // What was done is shown, a replacement's token included: it
        // exists nowhere else.
        let _ = ctx.out.line(self.human.trim_end());
        let _ = ctx.out.flush();
        bail!(Error::store(format!(
            "incident {} stopped part-way: {e:#}\n  done: {}\n  NOT done: {}",
            self.incident,
            if done.is_empty() {
                "nothing".into()
            } else {
                done.join("; ")
            },
            self.pending.join(", ")
        )))
    }
}

fn details(pairs: &[(&str, serde_json::Value)]) -> serde_json::Map<String, serde_json::Value> {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), v.clone()))
        .collect()
}

fn respond(ctx: &mut Ctx, a: RespondArgs) -> anyhow::Result<Exit> {
    // Every input is checked before the first step: a playbook never stops
    // half-done on bad input.
    let window = timefmt::parse_duration(&a.window)?;
    if let Some(path) = &a.report {
        keywarden::files::probe_output(path, "--report")?;
    }
    if !ctx.global.yes && !term::stdin_is_terminal() {
        bail!(Error::invalid(
            "incident respond asks before each step, and stdin is not a terminal: pass --yes to run the playbook unattended"
        ));
    }
    let input = read_target(ctx, &a)?;
    let mut store = ctx.open()?;
    let target = ops::target(&input, &store.settings().prefix.clone())?;
    drop(input);
    let started = timefmt::now();

    // 1. Identify: nothing is recorded for a token that is not this store's.
    let mut key: Key = ops::identify(&mut store, &target)?;
    let mut run = Run {
        store,
        actor: ctx.actor("cli"),
        incident: ops::new_incident_id(),
        timeline: Vec::new(),
        pending: vec!["revoke", "trail", "replacement", "report"],
        not_done: Vec::new(),
        human: String::new(),
    };
    run.done("identify", format!("{} ({})", key.handle(), key.name));
    let by = if matches!(target, Target::Token(_)) {
        "token"
    } else {
        "key id"
    };
    run.audit(
        "incident.identify",
        &key,
        200,
        details(&[("by", by.into())]),
    )?;
    let h = &mut run.human;
    let _ = writeln!(
        h,
        "Incident {}: key {} ({})",
        run.incident,
        key.handle(),
        escape(&key.name)
    );
    let _ = writeln!(
        h,
        "  kind {}, scopes {}, abilities {}, created {} by {}, last used {}",
        key.kind.as_str(),
        key.scopes
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(" "),
        key.abilities.join(" "),
        timefmt::rfc3339(&key.created_at),
        escape(&key.created_by),
        key.last_used_at
            .as_ref()
            .map_or("never".into(), timefmt::rfc3339)
    );

    // 2. Revoke.
    if ask(
        ctx,
        &format!("Revoke {} now (reason: leaked)?", key.handle()),
    )? {
        match ops::revoke(&mut run.store, &run.actor, &mut key, &run.incident) {
            Ok(changed) => {
                let r = if changed {
                    "revoked (reason: leaked)".to_owned()
                } else {
                    format!(
                        "already revoked ({})",
                        key.revoked_reason.as_deref().unwrap_or("no reason")
                    )
                };
                let _ = writeln!(run.human, "1. Revoke: {} {r}", key.handle());
                run.done("revoke", r);
            }
            Err(e) => return run.fail(ctx, &key, e.into()),
        }
    } else {
        run.skipped(
            "revoke",
            "revoke: declined — the leaked key is STILL ACTIVE".into(),
        );
    }

    // 3. The trail, up to the moment the incident began.
    let mut events = Vec::new();
    let mut summary = None;
    if ask(
        ctx,
        &format!("Review the audit trail of the last {}?", a.window),
    )? {
        let ev = match ops::trail(&mut run.store, &key.id, started - window, started) {
            Ok(ev) => ev,
            Err(e) => return run.fail(ctx, &key, e.into()),
        };
        let s = Summary {
            events: ev.len(),
            writes: ev.iter().filter(|e| e.write).count(),
            failed: ev.iter().filter(|e| e.failed).count(),
        };
        let _ = writeln!(
            run.human,
            "2. Trail of the last {}: {} events, {} writes, {} failed attempts",
            a.window, s.events, s.writes, s.failed
        );
        for e in &ev {
            let mark = match (e.write, e.failed) {
                (true, _) => "WRITE ",
                (_, true) => "FAILED",
                _ => "      ",
            };
            let _ = writeln!(
                run.human,
                "   {mark} {} #{} {} {} {}{}",
                timefmt::rfc3339(&e.event.ts),
                e.event.id,
                escape(&e.event.actor),
                escape(&e.event.action),
                e.event.status.map(|s| s.to_string()).unwrap_or_default(),
                e.event
                    .tool
                    .as_deref()
                    .map(|t| format!(" tool={}", escape(t)))
                    .unwrap_or_default()
            );
        }
        let d = details(&[
            ("window", a.window.clone().into()),
            ("events", s.events.into()),
            ("writes", s.writes.into()),
            ("failed", s.failed.into()),
        ]);
        run.audit("incident.trail", &key, 200, d)?;
        run.done(
            "trail",
            format!(
                "{} events, {} writes, {} failed",
                s.events, s.writes, s.failed
            ),
        );
        summary = Some(s);
        events = ev;
    } else {
        run.skipped("trail", "trail review: declined".into());
    }

    // 4. A replacement.
    let mut replacement = None;
    if a.no_replace {
        run.skipped("replacement", "replacement: --no-replace".into());
    } else if ask(
        ctx,
        "Mint a replacement with the same scope, abilities, tools and rate limit?",
    )? {
        let extra = details(&[("incident", run.incident.clone().into())]);
        match keywarden::ops::keys::replace(&mut run.store, &run.actor, &key, extra) {
            Ok(keywarden::ops::keys::Replacement::Minted(m)) => {
                let h = &mut run.human;
                let _ = writeln!(
                    h,
                    "3. Replacement: {} ({}) — shown once, copy it now:",
                    m.key.handle(),
                    escape(&m.key.name)
                );
                let _ = writeln!(h, "   {}", m.token.expose());
                let _ = writeln!(
                    h,
                    "   Update the client config (Claude Desktop, Cursor, …): Authorization: Bearer {}",
                    m.token.expose()
                );
                run.done("replacement", format!("minted {}", m.key.handle()));
                replacement = Some((m.key, Some(m.token)));
            }
            Ok(keywarden::ops::keys::Replacement::Existing(k)) => {
                let _ = writeln!(
                    run.human,
                    "3. Replacement: {} ({}) already replaces this key; nothing new was minted",
                    k.handle(),
                    escape(&k.name)
                );
                run.done(
                    "replacement",
                    format!("already replaced by {}; none minted", k.handle()),
                );
                replacement = Some((k, None));
            }
            Err(e) => return run.fail(ctx, &key, e.into()),
        }
    } else {
        run.skipped("replacement", "replacement: declined".into());
    }

    // 5. The report.
    let now = timefmt::now();
    let mut report = Report {
        incident: run.incident.clone(),
        responder: run.actor.name.clone(),
        started_at: started,
        finished_at: now,
        key: Some(KeyView::new(&key, now)),
        window: a.window.clone(),
        events,
        summary,
        replacement: replacement.as_ref().map(|(k, _)| Replacement {
            id: k.id.clone(),
            handle: k.handle(),
            name: k.name.clone(),
            token: None,
        }),
        timeline: run.timeline.clone(),
        not_done: run.not_done.clone(),
    };
    match &a.report {
        Some(path) => {
            let body = if ctx.format() == Format::Json {
                serde_json::to_string_pretty(&report)? + "\n"
            } else {
                markdown(&report)
            };
            if let Err(e) = keywarden::files::write_private(path, body.as_bytes(), "--report") {
                return run.fail(ctx, &key, e.into());
            }
            run.audit(
                "incident.report",
                &key,
                200,
                details(&[("path", path.display().to_string().into())]),
            )?;
            run.done("report", format!("written to {}", path.display()));
            report.timeline = run.timeline.clone();
            let _ = writeln!(run.human, "4. Report: {}", path.display());
        }
        None => run.skipped("report", "report: no --report FILE".into()),
    }
    let d = details(&[
        (
            "steps",
            run.timeline
                .iter()
                .map(|s| s.step)
                .collect::<Vec<_>>()
                .into(),
        ),
        ("not_done", report.not_done.clone().into()),
        (
            "replacement",
            report.replacement.as_ref().map(|r| r.id.clone()).into(),
        ),
    ]);
    run.audit("incident.respond", &key, 200, d)?;
    for n in &report.not_done {
        let _ = writeln!(run.human, "Not done: {n}");
    }
    match ctx.format() {
        Format::Json => {
            if let (Some(r), Some((_, Some(t)))) =
                (report.replacement.as_mut(), replacement.as_ref())
            {
                r.token = Some(t.expose().to_owned());
            }
            ctx.out.json(&report)?;
        }
        _ => ctx.out.line(run.human.trim_end())?,
    }
    Ok(Exit::Success)
}

fn md(s: &str) -> String {
    escape(s).replace('|', "\\|").replace('\n', " ")
}

fn markdown(r: &Report<'_>) -> String {
    let mut m = String::new();
    let key = r.key.as_ref();
    let _ = writeln!(
        m,
        "# Incident {}: leaked key {}\n",
        r.incident,
        key.map(|k| format!("{}_{}", k.prefix, k.id))
            .unwrap_or_default()
    );
    let _ = writeln!(m, "- Responder: {}", md(&r.responder));
    let _ = writeln!(m, "- Started: {}", timefmt::rfc3339(&r.started_at));
    let _ = writeln!(m, "- Finished: {}", timefmt::rfc3339(&r.finished_at));
    let _ = writeln!(m, "- Review window: {}\n", r.window);
    let _ = writeln!(m, "## Timeline\n\n| time | step | result |\n|---|---|---|");
    for s in &r.timeline {
        let _ = writeln!(
            m,
            "| {} | {} | {} |",
            timefmt::rfc3339(&s.time),
            s.step,
            md(&s.result)
        );
    }
    if !r.not_done.is_empty() {
        let _ = writeln!(m, "\n**Not done:**\n");
        for n in &r.not_done {
            let _ = writeln!(m, "- {}", md(n));
        }
    }
    if let Some(k) = key {
        let _ = writeln!(m, "\n## Key\n\n| field | value |\n|---|---|");
        for (f, v) in crate::output::ordered_fields(k) {
            let _ = writeln!(m, "| {f} | {} |", md(&crate::output::plain(&v)));
        }
    }
    let _ = writeln!(m, "\n## Audit trail\n");
    if let Some(s) = &r.summary {
        let _ = writeln!(
            m,
            "{} events in the window: {} writes, {} failed attempts.\n",
            s.events, s.writes, s.failed
        );
        let _ = writeln!(
            m,
            "| id | time | actor | kind | action | tool | status | mark |\n|---|---|---|---|---|---|---|---|"
        );
        for e in &r.events {
            let mark = match (e.write, e.failed) {
                (true, _) => "**WRITE**",
                (_, true) => "**FAILED**",
                _ => "",
            };
            let ev = &e.event;
            let _ = writeln!(
                m,
                "| {} | {} | {} | {} | {} | {} | {} | {mark} |",
                ev.id,
                timefmt::rfc3339(&ev.ts),
                md(&ev.actor),
                md(&ev.actor_kind),
                md(&ev.action),
                md(ev.tool.as_deref().unwrap_or("")),
                ev.status.map(|s| s.to_string()).unwrap_or_default()
            );
        }
    } else {
        let _ = writeln!(m, "Not reviewed.");
    }
    let _ = writeln!(m, "\n## Replacement\n");
    match &r.replacement {
        Some(rep) => {
            let _ = writeln!(
                m,
                "New key {} ({}). Its token was shown once to the responder and is not in this report; \
                 update the client configuration (`Authorization: Bearer <new token>`).",
                rep.handle,
                md(&rep.name)
            );
        }
        None => {
            let _ = writeln!(m, "None minted.");
        }
    }
    m
}
