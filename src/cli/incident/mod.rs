//! `keywarden incident respond`: the leaked-token playbook in one command.
//!
//! Each step of contract §8 is one method of [`Run`], which keeps what has
//! been done so far: the report is built from it, and a step that fails
//! says exactly what was and was not done. Every input is checked before
//! the first step, so the playbook never stops half-way on bad input.

pub(crate) mod report;

use std::fmt::Write as _;
use std::path::PathBuf;

use anyhow::bail;
use chrono::{DateTime, TimeDelta, Utc};
use clap::{Args, Subcommand};

use self::report::{Replacement, Report, Step, Summary};
use super::keys::KeyView;
use super::{Ctx, Exit, term};
use crate::output::{Format, escape};
use keywarden::error::Error;
use keywarden::model::Key;
use keywarden::ops::incident::{self as ops, Target, TrailEvent};
use keywarden::ops::keys::Replacement as Replaced;
use keywarden::secret::Secret;
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

fn details(pairs: &[(&str, serde_json::Value)]) -> serde_json::Map<String, serde_json::Value> {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), v.clone()))
        .collect()
}

/// One run of the playbook: what it has done so far, for the report and
/// for an honest account if a step fails.
struct Run {
    store: keywarden::store::Store,
    actor: keywarden::audit::Actor,
    incident: String,
    started: DateTime<Utc>,
    key: Key,
    timeline: Vec<Step>,
    /// Steps not done yet, in order.
    pending: Vec<&'static str>,
    not_done: Vec<String>,
    /// What the responder reads on the terminal.
    human: String,
    events: Vec<TrailEvent>,
    summary: Option<Summary>,
    /// The replacement, and its token when this run minted it.
    replacement: Option<(Key, Option<Secret>)>,
}

fn respond(ctx: &mut Ctx, a: RespondArgs) -> anyhow::Result<Exit> {
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
    let store = ctx.open()?;
    let target = ops::target(&input, &store.settings().prefix.clone())?;
    drop(input);

    let mut run = Run::identify(ctx, store, &target)?;
    run.revoke(ctx)?;
    run.trail(ctx, &a.window, window)?;
    run.replace(ctx, a.no_replace)?;
    run.write_report(ctx, &a)?;
    run.finish()?;
    let mut report = run.build_report(&a.window);
    match ctx.format() {
        Format::Json => {
            if let (Some(r), Some((_, Some(t)))) = (report.replacement.as_mut(), &run.replacement) {
                r.token = Some(t.expose().to_owned());
            }
            ctx.out.json(&report)?;
        }
        _ => ctx.out.line(run.human.trim_end())?,
    }
    Ok(Exit::Success)
}

impl Run {
    /// Step 1: the key. Nothing is recorded for a token that is not this
    /// store's, or whose secret does not match its key.
    fn identify(
        ctx: &Ctx,
        mut store: keywarden::store::Store,
        target: &Target,
    ) -> anyhow::Result<Run> {
        let started = timefmt::now();
        let key = ops::identify(&mut store, target)?;
        let mut run = Run {
            store,
            actor: ctx.actor("cli"),
            incident: ops::new_incident_id(),
            started,
            key,
            timeline: Vec::new(),
            pending: vec!["revoke", "trail", "replacement", "report"],
            not_done: Vec::new(),
            human: String::new(),
            events: Vec::new(),
            summary: None,
            replacement: None,
        };
        let k = &run.key;
        run.done("identify", format!("{} ({})", k.handle(), k.name));
        let by = if matches!(target, Target::Token(_)) {
            "token"
        } else {
            "key id"
        };
        run.audit("incident.identify", 200, details(&[("by", by.into())]))?;
        let k = &run.key;
        let _ = writeln!(
            run.human,
            "Incident {}: key {} ({})",
            run.incident,
            k.handle(),
            escape(&k.name)
        );
        let _ = writeln!(
            run.human,
            "  kind {}, scopes {}, abilities {}, created {} by {}, last used {}",
            k.kind.as_str(),
            k.scopes
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(" "),
            k.abilities.join(" "),
            timefmt::rfc3339(&k.created_at),
            escape(&k.created_by),
            k.last_used_at
                .as_ref()
                .map_or("never".into(), timefmt::rfc3339)
        );
        Ok(run)
    }

    /// Step 2: revoke now, reason `leaked`.
    fn revoke(&mut self, ctx: &mut Ctx) -> anyhow::Result<()> {
        if !ask(
            ctx,
            &format!("Revoke {} now (reason: leaked)?", self.key.handle()),
        )? {
            self.skipped(
                "revoke",
                "revoke: declined — the leaked key is STILL ACTIVE".into(),
            );
            return Ok(());
        }
        match ops::revoke(&mut self.store, &self.actor, &mut self.key, &self.incident) {
            Ok(changed) => {
                let r = if changed {
                    "revoked (reason: leaked)".to_owned()
                } else {
                    format!(
                        "already revoked ({})",
                        self.key.revoked_reason.as_deref().unwrap_or("no reason")
                    )
                };
                let _ = writeln!(self.human, "1. Revoke: {} {r}", self.key.handle());
                self.done("revoke", r);
                Ok(())
            }
            Err(e) => self.fail(ctx, e.into()),
        }
    }

    /// Step 3: the key's trail over `window`, up to the incident's start,
    /// with writes and failed attempts marked.
    fn trail(&mut self, ctx: &mut Ctx, shown: &str, window: TimeDelta) -> anyhow::Result<()> {
        if !ask(ctx, &format!("Review the audit trail of the last {shown}?"))? {
            self.skipped("trail", "trail review: declined".into());
            return Ok(());
        }
        let ev = match ops::trail(
            &mut self.store,
            &self.key.id,
            self.started - window,
            self.started,
        ) {
            Ok(ev) => ev,
            Err(e) => return self.fail(ctx, e.into()),
        };
        let s = Summary {
            events: ev.len(),
            writes: ev.iter().filter(|e| e.write).count(),
            failed: ev.iter().filter(|e| e.failed).count(),
        };
        let _ = writeln!(self.human, "2. Trail of the last {shown}: {}", s.describe());
        for e in &ev {
            let mark = match (e.write, e.failed) {
                (true, _) => "WRITE ",
                (_, true) => "FAILED",
                _ => "      ",
            };
            let _ = writeln!(
                self.human,
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
            ("window", shown.into()),
            ("events", s.events.into()),
            ("writes", s.writes.into()),
            ("failed", s.failed.into()),
        ]);
        self.audit("incident.trail", 200, d)?;
        self.done("trail", s.describe());
        self.summary = Some(s);
        self.events = ev;
        Ok(())
    }

    /// Step 4: a replacement with the same grants, printed once — unless
    /// one already exists (a rotation, an earlier run).
    fn replace(&mut self, ctx: &mut Ctx, no_replace: bool) -> anyhow::Result<()> {
        if no_replace {
            self.skipped("replacement", "replacement: --no-replace".into());
            return Ok(());
        }
        if !ask(
            ctx,
            "Mint a replacement with the same scope, abilities, tools and rate limit?",
        )? {
            self.skipped("replacement", "replacement: declined".into());
            return Ok(());
        }
        let extra = details(&[("incident", self.incident.clone().into())]);
        match keywarden::ops::keys::replace(&mut self.store, &self.actor, &self.key, extra) {
            Ok(Replaced::Minted(m)) => {
                let h = &mut self.human;
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
                self.done("replacement", format!("minted {}", m.key.handle()));
                self.replacement = Some((m.key, Some(m.token)));
                Ok(())
            }
            Ok(Replaced::Existing(k)) => {
                let _ = writeln!(
                    self.human,
                    "3. Replacement: {} ({}) already replaces this key; nothing new was minted",
                    k.handle(),
                    escape(&k.name)
                );
                self.done(
                    "replacement",
                    format!("already replaced by {}; none minted", k.handle()),
                );
                self.replacement = Some((k, None));
                Ok(())
            }
            Err(e) => self.fail(ctx, e.into()),
        }
    }

    /// Step 5: the report, written to `--report` when given.
    fn write_report(&mut self, ctx: &mut Ctx, a: &RespondArgs) -> anyhow::Result<()> {
        if let Some(path) = &a.report {
            let body = {
                let report = self.build_report(&a.window);
                if ctx.format() == Format::Json {
                    serde_json::to_string_pretty(&report)? + "\n"
                } else {
                    report::markdown(&report)
                }
            };
            if let Err(e) = keywarden::files::write_private(path, body.as_bytes(), "--report") {
                return self.fail(ctx, e.into());
            }
            self.audit(
                "incident.report",
                200,
                details(&[("path", path.display().to_string().into())]),
            )?;
            self.done("report", format!("written to {}", path.display()));
            let _ = writeln!(self.human, "4. Report: {}", path.display());
        } else {
            self.skipped("report", "report: no --report FILE".into());
        }
        Ok(())
    }

    fn build_report(&self, window: &str) -> Report<'_> {
        let now = timefmt::now();
        Report {
            incident: self.incident.clone(),
            responder: self.actor.name.clone(),
            started_at: self.started,
            finished_at: now,
            key: Some(KeyView::new(&self.key, now)),
            window: window.to_owned(),
            events: self.events.clone(),
            summary: self.summary.as_ref().map(|s| Summary {
                events: s.events,
                writes: s.writes,
                failed: s.failed,
            }),
            replacement: self.replacement.as_ref().map(|(k, _)| Replacement {
                id: k.id.clone(),
                handle: k.handle(),
                name: k.name.clone(),
                token: None,
            }),
            timeline: self.timeline.clone(),
            not_done: self.not_done.clone(),
        }
    }

    /// The closing event, and what was left undone.
    fn finish(&mut self) -> anyhow::Result<()> {
        let d = details(&[
            (
                "steps",
                self.timeline
                    .iter()
                    .map(|s| s.step)
                    .collect::<Vec<_>>()
                    .into(),
            ),
            ("not_done", self.not_done.clone().into()),
            (
                "replacement",
                self.replacement.as_ref().map(|(k, _)| k.id.clone()).into(),
            ),
        ]);
        self.audit("incident.respond", 200, d)?;
        for n in &self.not_done {
            let _ = writeln!(self.human, "Not done: {n}");
        }
        Ok(())
    }

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
        status: i64,
        details: serde_json::Map<String, serde_json::Value>,
    ) -> anyhow::Result<()> {
        ops::audit_step(
            &mut self.store,
            &self.actor,
            &self.incident,
            action,
            &self.key.id,
            status,
            details,
        )?;
        Ok(())
    }

    /// A step failed: say exactly what was and was not done (showing the
    /// new token if one was minted: it exists nowhere else), audit it under
    /// the incident, and fail with the step's own error.
    fn fail(&mut self, ctx: &mut Ctx, e: anyhow::Error) -> anyhow::Result<()> {
        let done: Vec<String> = self
            .timeline
            .iter()
            .map(|s| format!("{}: {}", s.step, s.result))
            .collect();
        let mut d = serde_json::Map::new();
        d.insert("done".into(), done.clone().into());
        d.insert("not_done".into(), self.pending.clone().into());
        d.insert("error".into(), format!("{e:#}").into());
        let _ = self.audit("incident.respond", 500, d);
        let _ = ctx.out.line(self.human.trim_end());
        let _ = ctx.out.flush();
        Err(Error::PartlyDone(format!(
            "incident {} stopped part-way: {e:#}\n  done: {}\n  NOT done: {}",
            self.incident,
            if done.is_empty() {
                "nothing".into()
            } else {
                done.join("; ")
            },
            self.pending.join(", ")
        ))
        .into())
    }
}
