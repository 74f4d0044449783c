//! `keywarden scan`: leaked tokens in files or git history.

use std::path::PathBuf;

use anyhow::bail;
use clap::Args;
use comfy_table::{Cell, Color};
use serde_json::json;

use super::{Ctx, Exit, term};
use crate::output::count;
use crate::output::{Style, TableRow};
use keywarden::error::Error;
use keywarden::ops::scan::{self as ops, Finding, Stats};
use keywarden::token;

#[derive(Debug, Args)]
pub struct ScanArgs {
    /// Files or directories to scan (default: .); with --git, the repository
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Scan every blob in the repository's history instead of the files
    ///
    /// A shallow clone (CI's default `--depth 1` checkout) holds only the
    /// newest history, so leaks older than its cut are not seen: scan warns on
    /// stderr (and in SARIF) and still exits on what it found, 0 when no token
    /// is live, so that the exit code keeps one meaning. Run `git fetch
    /// --unshallow` (or check out with `fetch-depth: 0`) before relying on a
    /// clean result.
    #[arg(long)]
    pub git: bool,
    /// Look each token up in the store: active, revoked, expired or unknown
    #[arg(long)]
    pub check: bool,
    /// Revoke the active ones (reason `leaked`; implies --check; asks to confirm)
    #[arg(long)]
    pub revoke: bool,
    /// Also scan files that .gitignore and .ignore exclude
    #[arg(long)]
    pub no_ignore: bool,
    /// Scan for this prefix without opening a store
    #[arg(long, value_name = "P")]
    pub prefix: Option<String>,
    /// Print SARIF 2.1.0 JSON, for code-scanning dashboards
    #[arg(long)]
    pub sarif: bool,
    /// Print a gitleaks rule (TOML) for this store's tokens and exit
    #[arg(long)]
    pub gitleaks_rule: bool,
}

impl TableRow for Finding {
    fn columns() -> &'static [&'static str] {
        &[
            "path", "line", "column", "commit", "key_id", "token", "status",
        ]
    }
    fn header() -> Vec<&'static str> {
        vec!["PATH", "LINE", "COMMIT", "KEY", "TOKEN", "STATUS"]
    }
    fn row(&self, style: &Style) -> Vec<Cell> {
        let color = match self.status.as_deref() {
            Some("active") => Some(Color::Red),
            Some(_) => Some(Color::Green),
            None => Some(Color::Yellow),
        };
        vec![
            style.text(&self.path),
            Cell::new(format!("{}:{}", self.line, self.column)),
            Cell::new(
                self.commit
                    .as_deref()
                    .map(|c| &c[..c.len().min(12)])
                    .unwrap_or(""),
            ),
            Cell::new(&self.key_id),
            Cell::new(&self.token),
            style.cell(self.status.as_deref().unwrap_or("unchecked"), color),
        ]
    }
}

fn shallow_warning(repo: &std::path::Path) -> String {
    format!(
        "{} is a shallow clone: history before its cut was not scanned, so older leaks may be \
         missed; run `git fetch --unshallow` there first",
        repo.display()
    )
}

/// SARIF's place for a warning about the run itself.
fn invocation(shallow_warning: Option<&str>) -> serde_json::Value {
    let notes: Vec<serde_json::Value> = shallow_warning
        .map(|w| json!({"level": "warning", "descriptor": {"id": "shallow-clone"}, "message": {"text": w}}))
        .into_iter()
        .collect();
    json!({"executionSuccessful": true, "toolExecutionNotifications": notes})
}

fn sarif(findings: &[Finding], shallow_warning: Option<&str>) -> serde_json::Value {
    let results: Vec<serde_json::Value> = findings
        .iter()
        .map(|f| {
            json!({
                "ruleId": "keywarden-token",
                "level": if f.status.as_deref().is_some_and(|s| s != "active") { "warning" } else { "error" },
                "message": {"text": format!(
                    "keywarden token {} (key {}){}",
                    f.token,
                    f.key_id,
                    f.status.as_deref().map(|s| format!(" is {s}")).unwrap_or_default()
                )},
                "locations": [{"physicalLocation": {
                    "artifactLocation": {"uri": f.path},
                    "region": {"startLine": f.line, "startColumn": f.column}
                }}],
                "partialFingerprints": {"keywardenKeyId": f.key_id},
                "properties": {"commit": f.commit, "status": f.status}
            })
        })
        .collect();
    json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "keywarden",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": [{
                    "id": "keywarden-token",
                    "shortDescription": {"text": "A keywarden API token with a valid checksum"},
                    "help": {"text": "Revoke it with `keywarden incident respond` and remove it from the file and its history."}
                }]
            }},
            "invocations": [invocation(shallow_warning)],
            "results": results
        }]
    })
}

pub fn run(ctx: &mut Ctx, a: ScanArgs) -> anyhow::Result<Exit> {
    if let Some(p) = &a.prefix {
        token::validate_prefix(p)?;
    }
    let check = a.check || a.revoke;
    let mut store = if check || a.prefix.is_none() {
        Some(ctx.open()?)
    } else {
        None
    };
    let prefix = match (&a.prefix, &store) {
        (Some(p), Some(s)) if *p != s.settings().prefix => {
            bail!(Error::invalid(format!(
                "--check and --revoke look tokens up in this store, whose prefix is {:?}, not {p:?}; drop --prefix",
                s.settings().prefix
            )));
        }
        (Some(p), _) => p.clone(),
        (None, Some(s)) => s.settings().prefix.clone(),
        (None, None) => unreachable!("a store is opened when no prefix is given"),
    };
    if a.gitleaks_rule {
        ctx.out
            .line(keywarden::scan::gitleaks_rule(&prefix).trim_end())?;
        return Ok(Exit::Success);
    }
    let paths = if a.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        a.paths.clone()
    };
    let bar = super::progress::spinner(ctx, "scanning");
    let progress = |n: u64| bar.set_message(format!("scanning: {n} files"));
    let (mut findings, stats): (Vec<Finding>, Stats) = if a.git {
        if paths.len() > 1 {
            bail!(Error::invalid("scan --git takes one repository path"));
        }
        ops::scan_git(&paths[0], &prefix, &progress)?
    } else {
        ops::scan_files(&paths, &prefix, a.no_ignore, &progress)?
    };
    bar.finish_and_clear();
    if let Some(store) = store.as_mut().filter(|_| check) {
        ops::check(store, &mut findings)?;
    }
    let shallow = stats.shallow.then(|| shallow_warning(&paths[0]));
    if let Some(w) = &shallow {
        ctx.warn(w);
    }
    if a.revoke {
        revoke(
            ctx,
            store.as_mut().expect("opened for --revoke"),
            &mut findings,
        )?;
    }
    if a.sarif {
        ctx.out.json(&sarif(&findings, shallow.as_deref()))?;
    } else {
        ctx.out.list(&findings)?;
    }
    // Counted after --revoke: the summary and the exit code describe the
    // state the command leaves behind.
    let active = findings.iter().filter(|f| is_active(f)).count();
    ctx.note(&summary(
        &stats,
        a.git,
        findings.len(),
        check.then_some(active),
    ));
    let live = if check {
        active > 0
    } else {
        !findings.is_empty()
    };
    Ok(if live { Exit::Finding } else { Exit::Success })
}

fn is_active(f: &Finding) -> bool {
    f.status.as_deref() == Some("active")
}

/// Asks, then revokes the keys of the active findings.
fn revoke(
    ctx: &mut Ctx,
    store: &mut keywarden::store::Store,
    findings: &mut [Finding],
) -> anyhow::Result<()> {
    let mut ids: Vec<&str> = findings
        .iter()
        .filter(|f| is_active(f))
        .map(|f| f.key_id.as_str())
        .collect();
    ids.sort();
    ids.dedup();
    if ids.is_empty() {
        return Ok(());
    }
    let q = format!(
        "Revoke {} found in the scan ({})?",
        count(ids.len() as u64, "active key"),
        ids.join(", ")
    );
    if term::confirm(&q, ctx.global.yes)? {
        let revoked = ops::revoke_active(store, &ctx.actor("cli"), findings)?;
        ctx.note(&format!(
            "Revoked {}, reason `leaked`.",
            count(revoked.len() as u64, "key")
        ));
    } else {
        ctx.note("Nothing revoked.");
    }
    Ok(())
}

/// The one summary line: what was read, what was found, and with --check
/// how many are still active.
fn summary(stats: &Stats, git: bool, found: usize, active: Option<usize>) -> String {
    let read = if git {
        count(stats.files, "blob")
    } else {
        count(stats.files, "file")
    };
    let found = match (found, active) {
        (0, _) => "no tokens found".to_owned(),
        (n, Some(active)) => format!("{} found, {active} active", count(n as u64, "token")),
        (n, None) => format!(
            "{} found; --check tells which are live",
            count(n as u64, "token")
        ),
    };
    format!(
        "Scanned {read} ({:.1} MB, {} binary): {found}.",
        stats.bytes as f64 / 1e6,
        stats.binary,
    )
}
