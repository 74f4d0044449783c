//! The incident report (contract §8): what a responder needs afterwards —
//! timeline, key details, the trail, the replacement's id — and never a
//! secret. Markdown for people, JSON with `--format json`.

use std::fmt::Write as _;

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::cli::keys::KeyView;
use crate::output::escape;
use keywarden::ops::incident::TrailEvent;
use keywarden::timefmt;

/// One step of the playbook as it happened.
#[derive(Debug, Clone, Serialize)]
pub struct Step {
    #[serde(serialize_with = "crate::output::ser_time")]
    pub time: DateTime<Utc>,
    pub step: &'static str,
    pub result: String,
}

/// The key that now holds the leaked key's grants.
#[derive(Debug, Serialize)]
pub struct Replacement {
    pub id: String,
    pub handle: String,
    pub name: String,
    /// Only in the JSON printed to the responder, never in a report file.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub token: Option<String>,
}

/// Counts of the trail's events.
#[derive(Debug, Serialize)]
pub struct Summary {
    pub events: usize,
    pub writes: usize,
    pub failed: usize,
}

impl Summary {
    /// `3 events, 1 write, 2 failed attempts`: the one wording of the
    /// trail's counts, on the terminal, in the timeline and in the report.
    pub fn describe(&self) -> String {
        use crate::output::count;
        format!(
            "{}, {}, {}",
            count(self.events as u64, "event"),
            count(self.writes as u64, "write"),
            count(self.failed as u64, "failed attempt")
        )
    }
}

/// The report.
#[derive(Debug, Serialize)]
pub struct Report<'a> {
    pub incident: String,
    pub responder: String,
    #[serde(serialize_with = "crate::output::ser_time")]
    pub started_at: DateTime<Utc>,
    #[serde(serialize_with = "crate::output::ser_time")]
    pub finished_at: DateTime<Utc>,
    pub key: Option<KeyView<'a>>,
    pub window: String,
    pub events: Vec<TrailEvent>,
    pub summary: Option<Summary>,
    pub replacement: Option<Replacement>,
    pub timeline: Vec<Step>,
    pub not_done: Vec<String>,
}

/// Text for a Markdown table cell: escaped, no `|` or line break.
pub(crate) fn md(s: &str) -> String {
    escape(s).replace('|', "\\|").replace('\n', " ")
}

/// An audit trail as a Markdown table, writes and failures marked; the
/// incident report and the leak-batch report both print it.
pub(crate) fn trail_table(m: &mut String, events: &[TrailEvent]) {
    let _ = writeln!(
        m,
        "| id | time | actor | kind | action | tool | status | mark |\n|---|---|---|---|---|---|---|---|"
    );
    for e in events {
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
}

/// The report as Markdown.
pub fn markdown(r: &Report<'_>) -> String {
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
        let _ = writeln!(m, "In the window: {}.\n", s.describe());
        trail_table(&mut m, &r.events);
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
