//! `serve --config FILE`: the same settings as the flags, in a TOML file.
//!
//! ```toml
//! listen = "127.0.0.1:8470"        # or "unix:/run/keywarden.sock"
//! max_staleness = "1s"
//! actor_kind = "rest"
//! routes = "routes.toml"           # relative to this file's directory
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
}

/// Every setting of `serve`, resolved: flag or environment, else the
/// file, else the default.
#[derive(Debug)]
pub struct Settings {
    pub listen: String,
    pub max_staleness: String,
    pub actor_kind: String,
    pub routes: Option<PathBuf>,
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
        routes: a.routes.or_else(|| file.routes.map(|p| base.join(p))),
    })
}

fn read(path: &Path) -> keywarden::Result<FileSettings> {
    let bytes = keywarden::files::read_bounded(path, MAX_CONFIG_BYTES, "config file")?;
    let text = std::str::from_utf8(&bytes)
        .map_err(|_| Error::invalid("the config file is not UTF-8 text"))?;
    toml::from_str(text).map_err(|e| {
        Error::invalid(format!(
            "{}; its keys are listen, max_staleness, actor_kind and routes",
            e.to_string().trim().replace('\n', " ")
        ))
    })
}
