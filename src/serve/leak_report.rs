//! The incident report of a leak batch (contract §8, §12), written to
//! `--incident-dir` as `<incident>.md` (or `.json` with `--format json`),
//! mode 0600: timeline, the keys whose real secret was reported (details,
//! never a secret) with their audit trail, the look-alikes, and what was
//! not done. A report names keys by id and never holds a reported token.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::cli::incident::report::{md, trail_table};
use crate::cli::keys::KeyView;
use keywarden::codehost::Label;
use keywarden::ops::incident::TrailEvent;
use keywarden::ops::leaks::{self, Summary, TokenOutcome};
use keywarden::store::Store;
use keywarden::timefmt;

const NOT_DONE: &str = "replacement: none minted, since a new token must reach a person; \
     run `keywarden incident respond KEY_ID` for each revoked key to mint one with the same grants";

#[derive(Serialize)]
struct KeyPart<'a> {
    key: KeyView<'a>,
    events: &'a [TrailEvent],
}

#[derive(Serialize)]
struct Json<'a> {
    incident: &'a str,
    responder: &'static str,
    #[serde(serialize_with = "crate::output::ser_time")]
    received_at: chrono::DateTime<chrono::Utc>,
    finished_at: Option<String>,
    window: String,
    tokens_reported: i64,
    false_positives: i64,
    revoked: usize,
    already_revoked: usize,
    lookalikes: usize,
    checked: &'a [TokenOutcome],
    keys: Vec<KeyPart<'a>>,
    not_done: Vec<&'static str>,
}

fn json(s: &Summary) -> String {
    let now = timefmt::now();
    let j = Json {
        incident: &s.incident,
        responder: s.host.actor_name(),
        received_at: s.received_at,
        finished_at: s.finished_at.as_ref().map(timefmt::rfc3339),
        window: format!("{}h", s.window.num_hours()),
        tokens_reported: s.tokens,
        false_positives: s.false_positives(),
        revoked: s.count("revoked"),
        already_revoked: s.count("already_revoked"),
        lookalikes: s.count("lookalike"),
        checked: &s.checked,
        keys: s
            .keys
            .iter()
            .map(|k| KeyPart {
                key: KeyView::new(&k.key, now),
                events: &k.trail,
            })
            .collect(),
        not_done: vec![NOT_DONE],
    };
    serde_json::to_string_pretty(&j).expect("a report serializes") + "\n"
}

fn markdown(s: &Summary) -> String {
    let now = timefmt::now();
    let mut m = String::new();
    let _ = writeln!(
        m,
        "# Incident {}: leak report from {}\n",
        s.incident,
        s.host.actor_name()
    );
    let _ = writeln!(m, "- Responder: {} (automatic)", s.host.actor_name());
    let _ = writeln!(m, "- Received: {}", timefmt::rfc3339(&s.received_at));
    if let Some(f) = &s.finished_at {
        let _ = writeln!(m, "- Finished: {}", timefmt::rfc3339(f));
    }
    let _ = writeln!(
        m,
        "- Tokens reported: {}; revoked now: {}; already revoked: {}; look-alikes: {}; false positives in all: {}",
        s.tokens,
        s.count("revoked"),
        s.count("already_revoked"),
        s.count("lookalike"),
        s.false_positives()
    );
    let _ = writeln!(m, "- Review window: {}h\n", s.window.num_hours());
    let _ = writeln!(m, "## Timeline\n\n| time | step | result |\n|---|---|---|");
    let _ = writeln!(
        m,
        "| {} | accept | {} reported, {} of this store's shape to check |",
        timefmt::rfc3339(&s.received_at),
        s.tokens,
        s.checked.len()
    );
    for t in &s.checked {
        let what = match t.outcome.as_deref() {
            Some("revoked") => "revoked (reason: leaked)",
            Some("already_revoked") => "already revoked; nothing changed",
            Some("lookalike") => "look-alike (wrong secret); the key was not touched",
            _ => "not decided",
        };
        let _ = writeln!(
            m,
            "| {} | {} | {} {what}; {} at {} |",
            t.decided_at
                .as_ref()
                .map(timefmt::rfc3339)
                .unwrap_or_default(),
            if t.label == Some(Label::TruePositive) {
                "revoke"
            } else {
                "identify"
            },
            t.handle,
            md(&t.token_type),
            md(t.url.as_deref().unwrap_or("(no url)"))
        );
    }
    let _ = writeln!(m, "\n**Not done:**\n\n- {NOT_DONE}");
    for k in &s.keys {
        let _ = writeln!(
            m,
            "\n## Key {}\n\n| field | value |\n|---|---|",
            k.key.handle()
        );
        for (f, v) in crate::output::ordered_fields(&KeyView::new(&k.key, now)) {
            let _ = writeln!(m, "| {f} | {} |", md(&crate::output::plain(&v)));
        }
        let _ = writeln!(
            m,
            "\n### Audit trail of {} before the report\n",
            k.key.handle()
        );
        trail_table(&mut m, &k.trail);
    }
    m
}

/// Writes the report of a finished batch into `dir` and records it
/// (`incident.report`); called by the revoker's pool.
pub fn write(dir: &Path, as_json: bool, store: &mut Store, s: &Summary) -> keywarden::Result<()> {
    let (name, body) = if as_json {
        (format!("{}.json", s.incident), json(s))
    } else {
        (format!("{}.md", s.incident), markdown(s))
    };
    let path: PathBuf = dir.join(name);
    keywarden::files::write_private(&path, body.as_bytes(), "--incident-dir")?;
    leaks::mark_reported(
        store,
        s.host,
        &s.incident,
        Some(&path.display().to_string()),
    )?;
    Ok(())
}
