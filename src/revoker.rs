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
//! retried after a pause, never dropped.

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
}

impl Default for RevokerConfig {
    fn default() -> Self {
        RevokerConfig {
            workers: std::thread::available_parallelism().map_or(1, |n| n.get()),
            finished: None,
            retry_after: Duration::from_secs(1),
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
            queue: Mutex::new(Queue::default()),
            changed: Condvar::new(),
            config,
        });
        for b in open {
            if b.finished {
                shared.lock().jobs.push_back(Job::Report { batch: b.incident });
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
                q = shared
                    .changed
                    .wait(q)
                    .unwrap_or_else(PoisonError::into_inner);
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
