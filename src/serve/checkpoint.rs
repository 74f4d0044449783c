//! Scheduled signed checkpoints (`serve --checkpoint-every DUR
//! --checkpoint-dir DIR --signing-key-file F`, contract §7a), so a running
//! deployment keeps its own witnesses of the audit chain.
//!
//! A task on the server's runtime wakes every period (first at start) and
//! runs the library's `ops::audit::checkpoint`, the code of
//! `audit checkpoint`, on a blocking thread with its own connection; the
//! note goes to `DIR/<UTC time>-<event id>.note`, written whole or not at
//! all (temp file and rename). A failed checkpoint is reported on stderr
//! and tried again at the next period; it never stops the request path.
//! Point DIR at storage the database's admins cannot rewrite (another
//! machine's mount, a bucket with retention): a note next to the database
//! proves nothing against them.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use keywarden::checkpoint::SigningKey;
use keywarden::error::Error;
use keywarden::store::{Location, Store};

/// What the checkpoint task needs, checked before the server starts.
pub struct Schedule {
    every: Duration,
    dir: PathBuf,
    key: Arc<SigningKey>,
    location: Location,
}

impl Schedule {
    /// The schedule the flags ask for: none without them; bad input
    /// (exit 2) when only some are given or one is wrong.
    pub fn from_args(
        a: &super::config::Settings,
        location: &Location,
    ) -> anyhow::Result<Option<Schedule>> {
        let (every, dir, key) = match (&a.checkpoint_every, &a.checkpoint_dir, &a.signing_key_file)
        {
            (None, None, _) => return Ok(None),
            (Some(e), Some(d), Some(k)) => (e, d, k),
            _ => {
                return Err(Error::invalid(
                    "scheduled checkpoints need all three of --checkpoint-every DUR, \
                     --checkpoint-dir DIR and --signing-key-file FILE (or KEYWARDEN_SIGNING_KEY_FILE)",
                )
                .into());
            }
        };
        let every = keywarden::timefmt::parse_duration(every)
            .context("--checkpoint-every")?
            .to_std()
            .ok()
            .filter(|d| *d >= Duration::from_secs(1))
            .ok_or_else(|| Error::invalid("--checkpoint-every must be at least 1s, e.g. 1h"))?;
        if !dir.is_dir() {
            return Err(Error::invalid(format!(
                "--checkpoint-dir {} is not a directory; create it (on storage the database's \
                 admins cannot rewrite)",
                dir.display()
            ))
            .into());
        }
        keywarden::files::probe_output(&dir.join("probe.note"), "--checkpoint-dir")?;
        let key = keywarden::checkpoint::load_signing_key(key)?;
        Ok(Some(Schedule {
            every,
            dir: dir.clone(),
            key: Arc::new(key),
            location: location.clone(),
        }))
    }

    /// Runs until the runtime stops: a checkpoint now, then every period.
    pub async fn run(self, quiet: bool) {
        let mut ticks = tokio::time::interval(self.every);
        ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        let this = Arc::new(self);
        loop {
            ticks.tick().await;
            let job = Arc::clone(&this);
            let done = tokio::task::spawn_blocking(move || job.once()).await;
            match done {
                Ok(Ok(path)) if !quiet => {
                    eprintln!("keywarden serve: checkpoint written to {}", path.display())
                }
                Ok(Ok(_)) => {}
                Ok(Err(e)) => eprintln!(
                    "keywarden serve: checkpoint failed, trying again in {}: {}",
                    humantime::format_duration(this.every),
                    crate::output::escape_lines(&format!("{e:#}"))
                ),
                Err(e) => eprintln!("keywarden serve: checkpoint task failed: {e}"),
            }
        }
    }

    fn once(&self) -> anyhow::Result<PathBuf> {
        let mut store = Store::open_location(self.location.clone())?;
        let signed = keywarden::ops::audit::checkpoint(&mut store, &self.key)?;
        let name = format!(
            "{}-{}.note",
            signed.checkpoint.time.format("%Y%m%dT%H%M%SZ"),
            signed.checkpoint.size
        );
        let path = self.dir.join(name);
        keywarden::files::write_private(&path, signed.note.as_bytes(), "--checkpoint-dir")?;
        Ok(path)
    }
}
