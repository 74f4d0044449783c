//! `scan`: find this store's tokens in files or in every blob of a git
//! repository's history, check them against the store, revoke live ones.
//!
//! Files are walked with the `ignore` crate (ripgrep's walker: .gitignore,
//! .ignore, git excludes, in parallel); history is read with the git CLI
//! (`rev-list --objects --all` and one `cat-file --batch` stream). Only
//! tokens with a valid checksum count, and the token text never leaves this
//! module except to be bcrypt-checked against the store.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

use serde::Serialize;

use crate::audit::Actor;
use crate::error::{Error, Result};
use crate::model::KeyStatus;
use crate::scan::{Scanner, text_of};
use crate::secret::Secret;
use crate::store::Store;
use crate::store::sql::keys;
use crate::{timefmt, token};

/// A token found somewhere.
#[derive(Debug, Clone, Serialize)]
pub struct Finding {
    pub path: String,
    pub line: u64,
    pub column: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub commit: Option<String>,
    pub key_id: String,
    /// `kw_3kT9…`: never the secret.
    pub token: String,
    /// With `--check`: active, revoked, expired or unknown.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    #[serde(skip)]
    pub secret: Secret,
    #[serde(skip)]
    blob: Option<String>,
}

fn finding(
    path: String,
    commit: Option<String>,
    blob: Option<String>,
    h: crate::scan::Hit,
) -> Finding {
    Finding {
        path,
        line: h.line,
        column: h.column,
        commit,
        key_id: h.key_id,
        token: token::redact(h.token.expose()),
        status: None,
        secret: h.token,
        blob,
    }
}

/// What a scan looked at.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Stats {
    pub files: u64,
    pub bytes: u64,
    /// Files that are not text, searched byte for byte.
    pub binary: u64,
    /// With `--git`: the repository is a shallow clone, so the history
    /// before its cut was not scanned.
    pub shallow: bool,
}

/// Scans files under `paths` (respecting ignore files unless `no_ignore`),
/// calling `progress` with the number of files read so far.
pub fn scan_files(
    paths: &[PathBuf],
    prefix: &str,
    no_ignore: bool,
    progress: &(dyn Fn(u64) + Sync),
) -> Result<(Vec<Finding>, Stats)> {
    let (first, rest) = paths
        .split_first()
        .ok_or_else(|| Error::invalid("no path to scan"))?;
    for p in paths {
        if !p.exists() {
            return Err(Error::File {
                action: "read",
                path: p.display().to_string(),
                source: std::io::Error::from(std::io::ErrorKind::NotFound),
            });
        }
    }
    let mut walk = ignore::WalkBuilder::new(first);
    for p in rest {
        walk.add(p);
    }
    walk.hidden(false)
        .ignore(!no_ignore)
        .git_ignore(!no_ignore)
        .git_global(!no_ignore)
        .git_exclude(!no_ignore)
        .parents(!no_ignore)
        .require_git(false)
        .filter_entry(|e| e.file_name() != ".git")
        .threads(std::thread::available_parallelism().map_or(2, |n| n.get()));
    let scanner = Scanner::new(prefix);
    let found = Mutex::new(Vec::new());
    let files = AtomicU64::new(0);
    let bytes = AtomicU64::new(0);
    let binary = AtomicU64::new(0);
    let errors = Mutex::new(Vec::<String>::new());
    walk.build_parallel().run(|| {
        let (scanner, found, files, bytes, binary, errors) =
            (&scanner, &found, &files, &bytes, &binary, &errors);
        let mut buf = Vec::new();
        Box::new(move |entry| {
            let entry = match entry {
                Ok(e) => e,
                Err(e) => {
                    errors.lock().expect("not poisoned").push(e.to_string());
                    return ignore::WalkState::Continue;
                }
            };
            if !entry.file_type().is_some_and(|t| t.is_file()) {
                return ignore::WalkState::Continue;
            }
            buf.clear();
            if let Err(e) =
                std::fs::File::open(entry.path()).and_then(|mut f| f.read_to_end(&mut buf))
            {
                errors
                    .lock()
                    .expect("not poisoned")
                    .push(format!("{}: {e}", entry.path().display()));
                return ignore::WalkState::Continue;
            }
            let n = files.fetch_add(1, Ordering::Relaxed) + 1;
            bytes.fetch_add(buf.len() as u64, Ordering::Relaxed);
            // A binary file is searched byte for byte: a token in a
            // compiled config or a database file is as leaked as in text.
            let text = text_of(&buf).unwrap_or_else(|| {
                binary.fetch_add(1, Ordering::Relaxed);
                std::borrow::Cow::Borrowed(&buf[..])
            });
            let hits = scanner.find(&text);
            if !hits.is_empty() {
                let path = entry.path().display().to_string();
                let mut f = found.lock().expect("not poisoned");
                f.extend(
                    hits.into_iter()
                        .map(|h| finding(path.clone(), None, None, h)),
                );
            }
            if n % 256 == 0 {
                progress(n);
            }
            ignore::WalkState::Continue
        })
    });
    let mut found = found.into_inner().expect("not poisoned");
    found.sort_by(|a, b| (&a.path, a.line, a.column).cmp(&(&b.path, b.line, b.column)));
    let stats = Stats {
        files: files.into_inner(),
        bytes: bytes.into_inner(),
        binary: binary.into_inner(),
        shallow: false,
    };
    progress(stats.files);
    Ok((found, stats))
}

/// Whether git may see an environment variable. keywarden runs with
/// ENCRYPTION_KEY, PGPASSWORD, DATABASE_URL, KEYWARDEN_STORE and the like
/// set; git, and any helper or hook it starts, needs none of them. It gets
/// what locates the program, the repository and its config (PATH, HOME,
/// XDG_CONFIG_HOME, GIT_*), the language and the temp dir: an allow-list,
/// so a secret under a name nobody thought of stays out too.
fn git_may_see(name: &str) -> bool {
    matches!(
        name,
        "PATH"
            | "HOME"
            | "USER"
            | "LOGNAME"
            | "LANG"
            | "LANGUAGE"
            | "TZ"
            | "TMPDIR"
            | "XDG_CONFIG_HOME"
    ) || name.starts_with("LC_")
        || name.starts_with("GIT_")
}

fn git(repo: &Path) -> Command {
    let mut c = Command::new("git");
    c.env_clear()
        .envs(std::env::vars_os().filter(|(k, _)| k.to_str().is_some_and(git_may_see)))
        .env("GIT_TERMINAL_PROMPT", "0")
        .arg("-C")
        .arg(repo);
    c
}

fn git_output(repo: &Path, args: &[&str]) -> Result<String> {
    let out = git(repo)
        .args(args)
        .stderr(Stdio::piped())
        .output()
        .map_err(|e| Error::External {
            program: "git",
            message: format!("cannot run it (is it installed?): {e}"),
        })?;
    if !out.status.success() {
        return Err(Error::External {
            program: "git",
            message: format!(
                "`git {}` failed in {}: {}",
                args.join(" "),
                repo.display(),
                String::from_utf8_lossy(&out.stderr).trim()
            ),
        });
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// Scans every blob reachable from any ref of the repository at `repo`.
pub fn scan_git(
    repo: &Path,
    prefix: &str,
    progress: &(dyn Fn(u64) + Sync),
) -> Result<(Vec<Finding>, Stats)> {
    if !repo.exists() {
        return Err(Error::File {
            action: "read",
            path: repo.display().to_string(),
            source: std::io::Error::from(std::io::ErrorKind::NotFound),
        });
    }
    git_output(repo, &["rev-parse", "--git-dir"]).map_err(|_| {
        Error::invalid(format!(
            "{} is not a git repository (scan --git needs one)",
            repo.display()
        ))
    })?;
    let shallow = git_output(repo, &["rev-parse", "--is-shallow-repository"])?.trim() == "true";
    // Every blob once, with the first path it was seen at.
    let listing = git_output(
        repo,
        &[
            "rev-list",
            "--objects",
            "--all",
            "--filter=object:type=blob",
        ],
    )?;
    let mut paths: HashMap<String, String> = HashMap::new();
    let mut order = Vec::new();
    for line in listing.lines() {
        let (sha, path) = line.split_once(' ').unwrap_or((line, ""));
        if sha.len() >= 40 && !paths.contains_key(sha) {
            paths.insert(sha.to_owned(), path.to_owned());
            order.push(sha.to_owned());
        }
    }
    let mut child = git(repo)
        .args(["cat-file", "--batch"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| Error::External {
            program: "git",
            message: format!("cannot run cat-file: {e}"),
        })?;
    let mut stdin = child.stdin.take().expect("piped");
    let feed = order.clone();
    let writer = std::thread::spawn(move || {
        for sha in feed {
            if writeln!(stdin, "{sha}").is_err() {
                break;
            }
        }
    });
    let mut out = BufReader::with_capacity(1 << 20, child.stdout.take().expect("piped"));
    let scanner = Scanner::new(prefix);
    let mut stats = Stats {
        shallow,
        ..Stats::default()
    };
    let mut found = Vec::new();
    let mut header = String::new();
    let mut buf = Vec::new();
    for sha in &order {
        header.clear();
        out.read_line(&mut header)?;
        let mut parts = header.split_whitespace();
        let (_, kind, size) = (parts.next(), parts.next(), parts.next());
        // `<sha> missing` has no body; every other object has `size` bytes
        // and a newline, which must be read to stay in step.
        let Some(size) = size.and_then(|s| s.parse::<usize>().ok()) else {
            continue;
        };
        buf.resize(size + 1, 0);
        out.read_exact(&mut buf)?;
        buf.truncate(size);
        if kind != Some("blob") {
            continue;
        }
        stats.files += 1;
        stats.bytes += size as u64;
        let text = text_of(&buf).unwrap_or_else(|| {
            stats.binary += 1;
            std::borrow::Cow::Borrowed(&buf[..])
        });
        for h in scanner.find(&text) {
            found.push(finding(paths[sha].clone(), None, Some(sha.clone()), h));
        }
        if stats.files.is_multiple_of(256) {
            progress(stats.files);
        }
    }
    let _ = writer.join();
    let _ = child.wait();
    // Name the commit that introduced each blob with a finding, and the
    // path it had there: a later `git mv` must not rename the leak.
    let mut origins: HashMap<String, Option<(String, Option<String>)>> = HashMap::new();
    for f in &mut found {
        let blob = f.blob.clone().expect("git findings have a blob");
        let origin = origins
            .entry(blob.clone())
            .or_insert_with(|| introduced_at(repo, &blob));
        if let Some((commit, path)) = origin {
            f.commit = Some(commit.clone());
            if let Some(path) = path {
                f.path = path.clone();
            }
        }
    }
    found.sort_by(|a, b| (&a.path, a.line, &a.commit).cmp(&(&b.path, b.line, &b.commit)));
    progress(stats.files);
    Ok((found, stats))
}

/// The oldest commit whose diff adds `blob`, and the path the blob has in
/// that commit's tree.
fn introduced_at(repo: &Path, blob: &str) -> Option<(String, Option<String>)> {
    let log = git_output(
        repo,
        &[
            "log",
            "--all",
            "--reverse",
            "--format=%H",
            &format!("--find-object={blob}"),
        ],
    )
    .ok()?;
    let commit = log.lines().next()?.to_owned();
    let path = path_in_commit(repo, &commit, blob);
    Some((commit, path))
}

/// The first path at which `commit`'s tree holds `blob`.
fn path_in_commit(repo: &Path, commit: &str, blob: &str) -> Option<String> {
    let tree = git_output(repo, &["ls-tree", "-r", "-z", "--full-tree", commit]).ok()?;
    // Each entry is `<mode> <type> <sha>\t<path>`.
    tree.split('\0').find_map(|entry| {
        let (meta, path) = entry.split_once('\t')?;
        (meta.split(' ').nth(2) == Some(blob)).then(|| path.to_owned())
    })
}

/// Looks each finding up: `active`, `revoked`, `expired`, or `unknown`
/// (no such key, or a look-alike whose secret does not match).
pub fn check(store: &mut Store, findings: &mut [Finding]) -> Result<()> {
    let now = timefmt::now();
    let mut seen: HashMap<String, String> = HashMap::new();
    for f in findings.iter_mut() {
        if let Some(s) = seen.get(f.secret.expose()) {
            f.status = Some(s.clone());
            continue;
        }
        let key = store.read(|tx| keys::get(tx, &f.key_id, false))?;
        let status = match key {
            Some(k) if token::verify_hash(f.secret.expose(), &k.token_hash)? => {
                k.status(now).as_str().to_owned()
            }
            _ => "unknown".to_owned(),
        };
        seen.insert(f.secret.expose().to_owned(), status.clone());
        f.status = Some(status);
    }
    Ok(())
}

/// Revokes the keys of active findings (reason `leaked`), in one
/// transaction; returns the ids revoked.
pub fn revoke_active(
    store: &mut Store,
    actor: &Actor,
    findings: &mut [Finding],
) -> Result<Vec<String>> {
    let mut ids: Vec<String> = findings
        .iter()
        .filter(|f| f.status.as_deref() == Some(KeyStatus::Active.as_str()))
        .map(|f| f.key_id.clone())
        .collect();
    ids.sort();
    ids.dedup();
    if ids.is_empty() {
        return Ok(ids);
    }
    let now = timefmt::now();
    let revoked = store.write(|tx| {
        let mut done = Vec::new();
        for id in &ids {
            let Some(mut k) = keys::get(tx, id, true)? else {
                continue;
            };
            let mut extra = serde_json::Map::new();
            extra.insert("found_by".into(), "scan".into());
            if crate::ops::keys::revoke_in(tx, actor, &mut k, Some("leaked"), now, extra)? {
                done.push(id.clone());
            }
        }
        Ok(done)
    })?;
    for f in findings.iter_mut() {
        if revoked.contains(&f.key_id) {
            f.status = Some(KeyStatus::Revoked.as_str().to_owned());
        }
    }
    Ok(revoked)
}
