//! The bounded pool that finishes accepted leak batches (contract §12).
//!
//! A batch is stored by [`ops::leaks::accept`](crate::ops::leaks::accept)
//! before the code host is answered; the [`Revoker`] then decides its
//! pending tokens on a fixed number of threads, each with its own store
//! connection, and finishes the batch (its closing event, then its
//! incident report through the caller's [`Finished`] hook).
//!
//! The invariant: the pool holds nothing that is not in the store. Its
//! queue names rows (batch id, index), never a token; a worker reads the
//! token from its row, and a row is claimed in the transaction that acts on
//! it. So a crash, a SIGKILL or a shutdown with work queued loses nothing:
//! [`Revoker::start`] queues every batch left open, and a row decided by
//! another process is skipped. A failed step (the store unreachable) is
//! retried after a pause, never dropped. An idle pool also takes over the
//! batches another instance accepted and left open (it stopped) once they
//! are older than `take_over_after`.

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Condvar, Mutex, PoisonError};
use std::thread::JoinHandle;
use std::time::Duration;

use crate::codehost::Host;
use crate::error::{Error, Result};
use crate::ops::leaks::{self, Summary};
use crate::store::{Location, Store};

/// Called with each batch this process finished, when a report is
/// wanted; writes the report and records it
/// ([`ops::leaks::mark_reported`](crate::ops::leaks::mark_reported)).
pub type Finished = Arc<dyn Fn(&mut Store, &Summary) -> Result<()> + Send + Sync>;

/// How a [`Revoker`] runs.
#[derive(Clone)]
pub struct RevokerConfig {
    /// Threads deciding tokens (each runs one bcrypt at a time); default:
    /// every core — a leaked token is the most urgent work there is.
    /// Zero accepts batches without deciding them: an intake-only
    /// instance, whose batches another instance (or its next start)
    /// finishes.
    pub workers: usize,
    /// The incident report hook; `None`: no report is written, and a
    /// finished batch counts as reported.
    pub finished: Option<Finished>,
    /// The pause before a failed step is tried again (default 1 s).
    pub retry_after: Duration,
    /// How often an idle pool looks for batches left open by another
    /// instance that stopped, and takes over those older than this
    /// (default 60 s).
    pub take_over_after: Duration,
}

impl Default for RevokerConfig {
    fn default() -> Self {
        RevokerConfig {
            workers: std::thread::available_parallelism().map_or(1, |n| n.get()),
            finished: None,
            retry_after: Duration::from_secs(1),
            take_over_after: Duration::from_secs(60),
        }
    }
}

impl std::fmt::Debug for RevokerConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RevokerConfig")
            .field("workers", &self.workers)
            .field("report", &self.finished.is_some())
            .finish()
    }
}

#[derive(Debug, Clone)]
enum Job {
    Decide { batch: String, host: Host, seq: i64 },
    Finish { batch: String, host: Host },
    Report { batch: String },
}

#[derive(Default)]
struct Queue {
    jobs: VecDeque<Job>,
    /// Per batch: its rows not yet decided by this process.
    remaining: HashMap<String, usize>,
    /// Jobs taken and not done.
    busy: usize,
    stopping: bool,
    /// When the pool last looked for batches left open elsewhere.
    last_scan: Option<std::time::Instant>,
    /// The last failure, for `/metrics` and logs (no token in it).
    last_error: Option<String>,
}

struct Shared {
    queue: Mutex<Queue>,
    changed: Condvar,
    config: RevokerConfig,
}

impl Shared {
    fn lock(&self) -> std::sync::MutexGuard<'_, Queue> {
        self.queue.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// The pool. Dropping it without [`Revoker::shutdown`] leaves its threads
/// to end with the process; nothing is lost either way.
pub struct Revoker {
    shared: Arc<Shared>,
    threads: Vec<JoinHandle<()>>,
}

/// Counts for metrics.
#[derive(Debug, Clone, Copy, Default)]
pub struct RevokerStats {
    /// Jobs queued or running.
    pub outstanding: usize,
}

impl Revoker {
    /// Opens one store connection per worker, then queues every batch
    /// left open by an earlier run (or another process).
    pub fn start(location: Location, config: RevokerConfig) -> Result<Revoker> {
        let workers = config.workers;
        let mut stores = (0..workers.max(1))
            .map(|_| Store::open_location(location.clone()))
            .collect::<Result<Vec<_>>>()?;
        let open = leaks::open_batches(&mut stores[0])?;
        let shared = Arc::new(Shared {
            queue: Mutex::new(Queue {
                last_scan: Some(std::time::Instant::now()),
                ..Queue::default()
            }),
            changed: Condvar::new(),
            config,
        });
        for b in open {
            if b.finished {
                shared
                    .lock()
                    .jobs
                    .push_back(Job::Report { batch: b.incident });
            } else {
                enqueue(&shared, &b.incident, b.host, &b.pending);
            }
        }
        stores.truncate(workers);
        let threads = stores
            .into_iter()
            .enumerate()
            .map(|(i, store)| {
                let s = Arc::clone(&shared);
                std::thread::Builder::new()
                    .name(format!("keywarden-revoker-{i}"))
                    .spawn(move || work(&s, store))
                    .map_err(Error::Io)
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(Revoker { shared, threads })
    }

    /// Queues the pending rows of an accepted batch (and its finish).
    pub fn submit(&self, batch: &str, host: Host, pending: &[i64]) {
        enqueue(&self.shared, batch, host, pending);
    }

    /// Whether nothing is queued or running.
    pub fn idle(&self) -> bool {
        let q = self.shared.lock();
        q.jobs.is_empty() && q.busy == 0
    }

    pub fn stats(&self) -> RevokerStats {
        let q = self.shared.lock();
        RevokerStats {
            outstanding: q.jobs.len() + q.busy,
        }
    }

    /// The last failure of a step, if any (retried; never holds a token).
    pub fn last_error(&self) -> Option<String> {
        self.shared.lock().last_error.clone()
    }

    /// Lets each worker finish the step it is on, then stops; queued
    /// work stays in the store for the next start.
    pub fn shutdown(mut self) {
        self.shared.lock().stopping = true;
        self.shared.changed.notify_all();
        for t in self.threads.drain(..) {
            let _ = t.join();
        }
    }
}

fn enqueue(shared: &Shared, batch: &str, host: Host, pending: &[i64]) {
    let mut q = shared.lock();
    if pending.is_empty() {
        q.jobs.push_back(Job::Finish {
            batch: batch.to_owned(),
            host,
        });
    } else {
        *q.remaining.entry(batch.to_owned()).or_default() += pending.len();
        q.jobs.extend(pending.iter().map(|&seq| Job::Decide {
            batch: batch.to_owned(),
            host,
            seq,
        }));
    }
    drop(q);
    shared.changed.notify_all();
}

fn work(shared: &Shared, mut store: Store) {
    loop {
        let job = {
            let mut q = shared.lock();
            loop {
                if q.stopping {
                    return;
                }
                if let Some(j) = q.jobs.pop_front() {
                    q.busy += 1;
                    break j;
                }
                let every = shared.config.take_over_after;
                if q.busy == 0 && q.last_scan.is_none_or(|t| t.elapsed() >= every) {
                    q.last_scan = Some(std::time::Instant::now());
                    drop(q);
                    take_over(shared, &mut store);
                    q = shared.lock();
                    continue;
                }
                q = shared
                    .changed
                    .wait_timeout(q, every)
                    .unwrap_or_else(PoisonError::into_inner)
                    .0;
            }
        };
        let result = run(shared, &mut store, &job);
        let mut q = shared.lock();
        q.busy -= 1;
        match result {
            Ok(()) => {
                if let Job::Decide { batch, host, .. } = &job {
                    let left = q.remaining.get_mut(batch).map(|n| {
                        *n -= 1;
                        *n
                    });
                    if left == Some(0) {
                        q.remaining.remove(batch);
                        q.jobs.push_back(Job::Finish {
                            batch: batch.clone(),
                            host: *host,
                        });
                    }
                }
                drop(q);
            }
            Err(e) => {
                q.last_error = Some(e.to_string());
                drop(q);
                // Back to the end of the queue after a pause: the rows are
                // in the store, so nothing is lost while the store is down.
                std::thread::sleep(shared.config.retry_after);
                shared.lock().jobs.push_back(job);
            }
        }
        shared.changed.notify_all();
    }
}

/// Queues the open batches older than `take_over_after` that this pool
/// is not working on: an instance that accepted them stopped. A batch
/// still being worked on elsewhere costs a repeated bcrypt at most; each
/// row is acted on once.
fn take_over(shared: &Shared, store: &mut Store) {
    let Ok(open) = leaks::open_batches(store) else {
        return;
    };
    let cutoff = chrono::Utc::now()
        - chrono::TimeDelta::from_std(shared.config.take_over_after).unwrap_or_default();
    for b in open.into_iter().filter(|b| b.received_at < cutoff) {
        if shared.lock().remaining.contains_key(&b.incident) {
            continue;
        }
        if b.finished {
            shared
                .lock()
                .jobs
                .push_back(Job::Report { batch: b.incident });
            shared.changed.notify_all();
        } else {
            enqueue(shared, &b.incident, b.host, &b.pending);
        }
    }
}

fn run(shared: &Shared, store: &mut Store, job: &Job) -> Result<()> {
    let report = shared.config.finished.as_ref();
    match job {
        Job::Decide { batch, host, seq } => {
            // A serialization conflict between processes is retried at once.
            let mut tries = 0;
            loop {
                match leaks::decide(store, *host, batch, *seq) {
                    Err(Error::Conflict(_)) if tries < 3 => tries += 1,
                    other => return other.map(drop),
                }
            }
        }
        Job::Finish { batch, host } => {
            if let Some(s) = leaks::finish(store, *host, batch, report.is_some())?
                && let Some(f) = report
            {
                f(store, &s)?;
            }
            Ok(())
        }
        Job::Report { batch } => {
            let s = leaks::summary(store, batch)?;
            match report {
                Some(f) => f(store, &s),
                // Reports were wanted by the run that finished it, not by
                // this one: record that none will be written.
                None => leaks::mark_reported(store, s.host, batch, None).map(drop),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::Actor;
    use crate::codehost::{self, Host};
    use crate::ops::keys::{self, NewKey};

    /// A batch another instance accepted and never submitted (it died) is
    /// taken over by an idle pool.
    #[test]
    fn an_idle_pool_takes_over_batches_left_open_elsewhere() {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite:{}", dir.path().join("k.db").display());
        let mut store = Store::create(&url).unwrap();
        let admin = Actor::new("admin", "cli");
        crate::ops::settings::init(&mut store, &admin, None, Some(4)).unwrap();
        let minted = keys::create(
            &mut store,
            &admin,
            NewKey::client("bot", ["org:acme"], ["read:docs"]).unwrap(),
        )
        .unwrap();
        let pool = Revoker::start(
            store.location().clone(),
            RevokerConfig {
                workers: 1,
                take_over_after: Duration::from_millis(10),
                ..RevokerConfig::default()
            },
        )
        .unwrap();
        let body = format!(r#"[{{"token":"{}","type":"t"}}]"#, minted.token.expose());
        let reported = codehost::parse_github(body.as_bytes()).unwrap();
        let digest = codehost::digest(Host::GitHub, body.as_bytes());
        let a = leaks::accept(&mut store, Host::GitHub, &digest, &reported).unwrap();
        assert_eq!(a.pending, vec![0]);
        let until = std::time::Instant::now() + Duration::from_secs(60);
        loop {
            let open = leaks::open_batches(&mut store).unwrap();
            if open.is_empty() {
                break;
            }
            assert!(
                std::time::Instant::now() < until,
                "not taken over: {open:?}"
            );
            std::thread::sleep(Duration::from_millis(10));
        }
        let k = keys::show(&mut store, &minted.key.id).unwrap();
        assert_eq!(k.revoked_reason.as_deref(), Some("leaked"));
        pool.shutdown();
    }
}
