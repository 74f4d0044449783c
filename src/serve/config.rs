//! `serve --config FILE`: the same settings as the flags, in a TOML file.
//!
//! ```toml
//! listen = "127.0.0.1:8470"        # or "unix:/run/keywarden.sock"
//! max_staleness = "1s"
//! actor_kind = "rest"
//! routes = "routes.toml"           # relative to this file's directory
//! github_keys = "github-keys.json" # leak reports (contract §12); paths
//! gitlab_secret_file = "gitlab-secret" #   relative to this file's directory
//! incident_dir = "incidents"
//! checkpoint_every = "1h"          # signed checkpoints (contract §7a)
//! checkpoint_dir = "/mnt/witness/checkpoints"
//! signing_key_file = "checkpoint.key"
//! upstream = "http://127.0.0.1:3000" # the MCP gateway (contract §11)
//! mcp_path = "/mcp"
//! max_body = "4M"
//! ```
//!
//! A flag, or its `KEYWARDEN_*` environment variable, overrides the file;
//! the file overrides the defaults. Unknown keys are refused, so a typo is
//! not a silently ignored setting. The file holds no secret and needs none:
//! the store comes from `--store`/`KEYWARDEN_STORE` as for every command,
//! and a secret is only ever named by a path to its own file.

use std::path::{Path, PathBuf};

use anyhow::Context;
use serde::Deserialize;

use super::ServeArgs;
use keywarden::error::Error;

/// The most a config file may hold.
const MAX_CONFIG_BYTES: u64 = 64 << 10;

/// The keys of the file: one per flag of `serve`, by the flag's name with
/// `_` for `-`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileSettings {
    listen: Option<String>,
    max_staleness: Option<String>,
    actor_kind: Option<String>,
    routes: Option<PathBuf>,
    github_keys: Option<PathBuf>,
    gitlab_secret_file: Option<PathBuf>,
    incident_dir: Option<PathBuf>,
    checkpoint_every: Option<String>,
    checkpoint_dir: Option<PathBuf>,
    signing_key_file: Option<PathBuf>,
    upstream: Option<String>,
    mcp_path: Option<String>,
    max_body: Option<String>,
}

/// The keys a config file may hold, for the message that names a wrong one.
const KEYS: &str = "listen, max_staleness, actor_kind, routes, github_keys, gitlab_secret_file, \
                    incident_dir, checkpoint_every, checkpoint_dir, signing_key_file, \
                    upstream, mcp_path and max_body";

/// Every setting of `serve`, resolved: flag or environment, else the
/// file, else the default.
#[derive(Debug)]
pub struct Settings {
    pub listen: String,
    pub max_staleness: String,
    pub actor_kind: String,
    pub routes: Option<PathBuf>,
    /// `--github-keys`: GitHub's secret-scanning key list.
    pub github_keys: Option<PathBuf>,
    /// `--gitlab-secret-file`: the file holding GitLab's shared secret.
    pub gitlab_secret_file: Option<PathBuf>,
    /// `--incident-dir`: where leak batches' incident reports go.
    pub incident_dir: Option<PathBuf>,
    /// `--checkpoint-every`: how often to sign a checkpoint.
    pub checkpoint_every: Option<String>,
    /// `--checkpoint-dir`: where scheduled checkpoints go.
    pub checkpoint_dir: Option<PathBuf>,
    /// `--signing-key-file`: the checkpoint signing key (a path, never the key).
    pub signing_key_file: Option<PathBuf>,
    /// `--upstream`: the server behind the gateway.
    pub upstream: Option<String>,
    /// `--mcp-path`: the MCP endpoint the gateway reads.
    pub mcp_path: String,
    /// `--max-body`: the largest request body the gateway takes.
    pub max_body: String,
}

/// Resolves the settings; a config file that cannot be read or holds an
/// unknown key or a bad value is an error naming the file (exit 2 for
/// bad content).
pub fn merge(a: ServeArgs) -> anyhow::Result<Settings> {
    let file = match &a.config {
        Some(path) => read(path).with_context(|| format!("--config {}", path.display()))?,
        None => FileSettings::default(),
    };
    let base = a
        .config
        .as_deref()
        .and_then(Path::parent)
        .map(Path::to_path_buf)
        .unwrap_or_default();
    let actor_kind = match a.actor_kind {
        Some(k) => k,
        None => match file.actor_kind {
            Some(k) => {
                keywarden::audit::validate_actor_kind(&k).with_context(|| {
                    format!(
                        "--config {}: actor_kind",
                        a.config.as_deref().unwrap_or(Path::new("")).display()
                    )
                })?;
                k
            }
            None => "rest".to_owned(),
        },
    };
    // A path in the file is read from the file's directory.
    let relative = |p: Option<PathBuf>| p.map(|p| base.join(p));
    Ok(Settings {
        listen: a
            .listen
            .or(file.listen)
            .unwrap_or_else(|| "127.0.0.1:8470".to_owned()),
        max_staleness: a
            .max_staleness
            .or(file.max_staleness)
            .unwrap_or_else(|| "1s".to_owned()),
        actor_kind,
        routes: a.routes.or_else(|| relative(file.routes)),
        github_keys: a.github_keys.or_else(|| relative(file.github_keys)),
        gitlab_secret_file: a
            .gitlab_secret_file
            .or_else(|| relative(file.gitlab_secret_file)),
        incident_dir: a.incident_dir.or_else(|| relative(file.incident_dir)),
        checkpoint_every: a.checkpoint_every.or(file.checkpoint_every),
        checkpoint_dir: a.checkpoint_dir.or_else(|| relative(file.checkpoint_dir)),
        signing_key_file: a
            .signing_key_file
            .or_else(|| relative(file.signing_key_file)),
        upstream: a.upstream.or(file.upstream),
        mcp_path: a
            .mcp_path
            .or(file.mcp_path)
            .unwrap_or_else(|| "/mcp".to_owned()),
        max_body: a
            .max_body
            .or(file.max_body)
            .unwrap_or_else(|| "4M".to_owned()),
    })
}

fn read(path: &Path) -> keywarden::Result<FileSettings> {
    let bytes = keywarden::files::read_bounded(path, MAX_CONFIG_BYTES, "config file").map_err(
        |e| match e {
            Error::File { source, .. } => Error::invalid(format!("cannot read it: {source}")),
            other => other,
        },
    )?;
    let text = std::str::from_utf8(&bytes)
        .map_err(|_| Error::invalid("the config file is not UTF-8 text"))?;
    toml::from_str(text).map_err(|e| {
        Error::invalid(format!(
            "{}; its keys are {KEYS}",
            e.to_string().trim().replace('\n', " ")
        ))
    })
}
