//! The request path's check at request rate: one [`Verifier`] per server
//! process answers the question of `keys verify` for many requests at once.
//!
//! A check today is a bcrypt of the whole token plus a write transaction;
//! one core does four a second. The Verifier keeps the decision and cuts
//! the cost:
//!
//! - **bcrypt once per token.** A token that matched its key's hash is
//!   remembered in memory under HMAC-SHA256(per-process random key, token)
//!   — never the token, nothing on disk — together with the key's grants.
//!   A key's scopes, abilities, tool allow-list and kind never change after
//!   minting, so that part of a key can be remembered for good. A token
//!   whose secret did not match is remembered the same way, so repeating a
//!   wrong token costs no bcrypt either, and checks of one token that arrive
//!   while it is being checked wait for that bcrypt instead of running
//!   their own (a proxy's connections arriving at once with the same cold
//!   token cost one).
//! - **Cold checks on a bounded pool.** At most `bcrypt_workers` bcrypt runs
//!   at once, and at most `cold_queue` more wait; past that a check is
//!   refused at once ([`Error::Overloaded`]) instead of queueing behind a
//!   flood of wrong secrets, and remembered tokens never wait for one.
//! - **Group commit.** Every check still ends in a write transaction that
//!   re-checks revocation, expiry and a rotation's grace under the key's row
//!   lock, counts the rate limit there and appends the audit event
//!   ([`settle_all`](crate::ops::verify::settle_all), the same code
//!   `keys verify` runs). One writer thread takes the checks waiting and
//!   commits them in one transaction, moving the audit head once; a check
//!   returns only after its transaction committed.
//!
//! The invariant: a key revoked, expired or rotated out by any process is
//! refused by every check that commits after that change did — nothing
//! about a key's life is cached. The one thing cached that can change is
//! the tool catalog (`tools set|rm`), and a decision never uses a catalog
//! read more than `max_staleness` before it.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc::{Receiver, SyncSender, TrySendError, sync_channel};
use std::sync::{Arc, Condvar, Mutex, PoisonError};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use hmac::{Hmac, Mac};
use sha2::Sha256;
use zeroize::Zeroizing;

use crate::audit::Actor;
use crate::error::{Error, Result};
use crate::model::Key;
use crate::ops::verify::{self, Pending, Verdict, VerifyRequest};
use crate::store::sql::{catalog, keys};
use crate::store::{Location, Store};
use crate::{timefmt, token};

/// How a [`Verifier`] runs.
#[derive(Debug, Clone)]
pub struct VerifierConfig {
    /// The longest a decision may rely on a tool catalog read before it
    /// (default 1 s).
    pub max_staleness: Duration,
    /// bcrypt runs at once (default: half the cores, at least one).
    pub bcrypt_workers: usize,
    /// Cold checks that may wait for a bcrypt worker (default 64).
    pub cold_queue: usize,
    /// Cold checks of tokens for one key id that may run or wait at once
    /// (default 4). A key id has one right token, and checks of one token
    /// share a bcrypt, so only wrong secrets need more: a flood of them for
    /// one key id (an attacker's own, or a revoked one) takes this many
    /// places of the pool, never all of them.
    pub cold_per_key: usize,
    /// The most checks one transaction commits (default 512).
    pub max_batch: usize,
    /// Tokens remembered (default 100,000; about 200 bytes each).
    pub cache_entries: usize,
}

impl Default for VerifierConfig {
    fn default() -> Self {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        VerifierConfig {
            max_staleness: Duration::from_secs(1),
            bcrypt_workers: (cores / 2).max(1),
            cold_queue: 64,
            cold_per_key: 4,
            max_batch: 512,
            cache_entries: 100_000,
        }
    }
}

/// What one check did besides deciding, for metrics.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub verdict: Verdict,
    /// The key the token authenticated as, with its grants (for a server's
    /// identity headers); `None` when it did not authenticate.
    pub key: Option<Arc<Key>>,
    /// The token was remembered: no store read and no bcrypt.
    pub cached: bool,
    /// How long the check waited for its transaction to commit.
    pub commit: Duration,
}

/// Counters since the Verifier started.
#[derive(Debug, Clone, Copy, Default)]
pub struct Stats {
    pub cache_hits: u64,
    pub cache_misses: u64,
    /// Cold checks running or waiting for a bcrypt worker now.
    pub cold_waiting: u64,
    /// bcrypt runs: one per cold check that found its key, however many
    /// checks of the same token waited for it.
    pub bcrypt_runs: u64,
    pub commits: u64,
    pub committed_checks: u64,
}

/// A remembered token.
#[derive(Clone)]
enum Entry {
    /// The secret matched this key; its grants never change.
    Key(Arc<Key>),
    /// No key has the token's id, or the secret did not match it.
    Unknown { exists: bool },
}

/// What a check hands to [`Verifier::check_remembered`]'s caller once it
/// committed: called on the commit writer's thread, so it must only pass
/// the result on (send it to a channel), never block.
pub type Done = Box<dyn FnOnce(Result<Outcome>) + Send>;

impl Entry {
    /// The decision for a token remembered as `self` (step 1–4 of
    /// `keys verify`), and the key it authenticated as, if any.
    fn decide(
        &self,
        key_id: &str,
        tool_ability: Option<&str>,
        req: &VerifyRequest,
    ) -> (Option<Arc<Key>>, Pending) {
        let (key, exists) = match self {
            Entry::Key(k) => (Some(Arc::clone(k)), true),
            Entry::Unknown { exists } => (None, *exists),
        };
        let pending = verify::decide(
            key_id,
            key.as_deref(),
            exists,
            tool_ability,
            req,
            timefmt::now(),
        );
        (key, pending)
    }
}

/// Where a check's committed verdict goes.
enum Reply {
    /// A thread blocked in [`Verifier::check`].
    Blocking(SyncSender<Result<Verdict>>),
    /// A caller of [`Verifier::check_remembered`].
    Then {
        key: Option<Arc<Key>>,
        started: Instant,
        done: Done,
    },
}

impl Reply {
    fn send(self, r: Result<Verdict>) {
        match self {
            Reply::Blocking(s) => {
                let _ = s.send(r);
            }
            Reply::Then { key, started, done } => done(r.map(|verdict| Outcome {
                verdict,
                key,
                cached: true,
                commit: started.elapsed(),
            })),
        }
    }
}

struct Job {
    actor: Actor,
    pending: Pending,
    reply: Reply,
}

struct Tools {
    map: Arc<HashMap<String, String>>,
    read_at: Instant,
}

/// A read of the tool catalog (`tools set`: tool → required ability), for
/// deciding many tools at once, e.g. filtering a `tools/list` result.
#[derive(Debug, Clone)]
pub struct ToolCatalog(Arc<HashMap<String, String>>);

impl From<HashMap<String, String>> for ToolCatalog {
    /// A catalog of tool → required ability, as `tools set` maps them.
    fn from(map: HashMap<String, String>) -> Self {
        ToolCatalog(Arc::new(map))
    }
}

impl ToolCatalog {
    /// The ability `tool` is mapped to (`tools set`), if any.
    pub fn ability_for(&self, tool: &str) -> Option<&str> {
        self.0.get(tool).map(String::as_str)
    }

    /// Whether `key` may call `tool`: the tool part of step 4 of
    /// `keys verify` (mapped in the catalog, in the key's allow-list if it
    /// has one, the required ability held), with no store write. The key's
    /// liveness is the caller's to have checked.
    pub fn permits(&self, key: &Key, tool: &str) -> bool {
        let required = self.0.get(tool).map(String::as_str);
        crate::authz::authorize(
            &key.grant(),
            &crate::authz::Request {
                resource: None,
                ability: None,
                tool: Some((tool, required)),
            },
        )
        .is_allowed()
    }
}

struct Shared {
    location: Location,
    prefix: String,
    config: VerifierConfig,
    mac_key: Zeroizing<[u8; 32]>,
    cache: Mutex<HashMap<[u8; 32], Entry>>,
    /// Tokens being checked cold now, by MAC: a check of the same token
    /// waits for that one instead of running its own bcrypt.
    flights: Mutex<HashMap<[u8; 32], Arc<Flight>>>,
    tools: Mutex<Tools>,
    readers: Mutex<Vec<Store>>,
    cold: Mutex<usize>,
    /// Cold checks running or waiting, by key id.
    cold_by_key: Mutex<HashMap<String, usize>>,
    cold_freed: Condvar,
    cold_waiting: AtomicU64,
    stopping: AtomicBool,
    hits: AtomicU64,
    misses: AtomicU64,
    bcrypt_runs: AtomicU64,
    commits: AtomicU64,
    committed: AtomicU64,
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

/// The check of `keys verify`, at request rate. Cheap to share: clone the
/// `Arc` it sits in; every method takes `&self` and blocks the calling
/// thread (in an async server, call it from a blocking task).
pub struct Verifier {
    shared: Arc<Shared>,
    jobs: Mutex<Option<SyncSender<Job>>>,
    threads: Mutex<Vec<JoinHandle<()>>>,
}

impl Verifier {
    /// Opens the store at `location` (one connection for the writer, more
    /// for reads as needed) and starts the writer and the catalog refresh.
    pub fn start(location: Location, config: VerifierConfig) -> Result<Verifier> {
        let writer = Store::open_location(location.clone())?;
        let mut reader = Store::open_location(location.clone())?;
        let prefix = writer.settings().prefix.clone();
        let tools = read_tools(&mut reader)?;
        let mut mac_key = Zeroizing::new([0u8; 32]);
        rand::fill(&mut *mac_key);
        let shared = Arc::new(Shared {
            location,
            prefix,
            mac_key,
            cache: Mutex::new(HashMap::new()),
            flights: Mutex::new(HashMap::new()),
            tools: Mutex::new(Tools {
                map: Arc::new(tools),
                read_at: Instant::now(),
            }),
            readers: Mutex::new(vec![reader]),
            cold: Mutex::new(0),
            cold_by_key: Mutex::new(HashMap::new()),
            cold_freed: Condvar::new(),
            cold_waiting: AtomicU64::new(0),
            stopping: AtomicBool::new(false),
            hits: AtomicU64::new(0),
            misses: AtomicU64::new(0),
            bcrypt_runs: AtomicU64::new(0),
            commits: AtomicU64::new(0),
            committed: AtomicU64::new(0),
            config,
        });
        let (tx, rx) = sync_channel::<Job>(shared.config.max_batch * 4);
        let w = Arc::clone(&shared);
        let writer_thread = std::thread::Builder::new()
            .name("keywarden-commit".into())
            .spawn(move || commit_loop(&w, writer, &rx))
            .map_err(Error::from)?;
        let r = Arc::clone(&shared);
        let refresh_thread = std::thread::Builder::new()
            .name("keywarden-refresh".into())
            .spawn(move || refresh_loop(&r))
            .map_err(Error::from)?;
        Ok(Verifier {
            shared,
            jobs: Mutex::new(Some(tx)),
            threads: Mutex::new(vec![writer_thread, refresh_thread]),
        })
    }

    /// The store's token prefix.
    pub fn prefix(&self) -> &str {
        &self.shared.prefix
    }

    /// Authenticates and authorizes one request, as `keys verify` would,
    /// and returns once its use and audit event are committed.
    ///
    /// Errors: [`Error::Overloaded`] when the token is not remembered and
    /// every bcrypt worker and queue place is taken; store failures; an
    /// invalid `actor`. Every answer about the token is in the verdict.
    pub fn check(&self, token: &str, req: &VerifyRequest, actor: &Actor) -> Result<Outcome> {
        actor.validate()?;
        let s = &self.shared;
        let parsed = match token::parse_for(token, &s.prefix) {
            Ok(p) => p,
            Err(m) => {
                return Ok(Outcome {
                    verdict: verify::malformed(m),
                    key: None,
                    cached: true,
                    commit: Duration::ZERO,
                });
            }
        };
        let key_id = parsed.key_id.to_owned();
        let mac = s.mac(parsed.full());
        let remembered = lock(&s.cache).get(&mac).cloned();
        let cached = remembered.is_some();
        let entry = match remembered {
            Some(e) => {
                s.hits.fetch_add(1, Ordering::Relaxed);
                e
            }
            None => {
                s.misses.fetch_add(1, Ordering::Relaxed);
                s.cold_once(mac, &key_id, parsed.full())?
            }
        };
        let tool_ability = match &req.tool {
            Some(t) => s.tool_ability(t)?,
            None => None,
        };
        let (key, pending) = entry.decide(&key_id, tool_ability.as_deref(), req);
        let started = Instant::now();
        let verdict = self.commit(actor.clone(), pending)?;
        Ok(Outcome {
            verdict,
            key,
            cached,
            commit: started.elapsed(),
        })
    }

    /// The check of a remembered token without blocking, for an async
    /// server: when `token` is remembered (or malformed) and the commit
    /// queue has room, the check is queued and `done` is called with its
    /// outcome once committed, on the commit writer's thread. Otherwise
    /// `done` comes back as `Err`, and the caller runs [`Verifier::check`]
    /// on a thread that may block (bcrypt, a store read, a full queue).
    ///
    /// The decision, its commit and its audit event are those of `check`.
    pub fn check_remembered(
        &self,
        token: &str,
        req: &VerifyRequest,
        actor: &Actor,
        done: Done,
    ) -> std::result::Result<(), Done> {
        if actor.validate().is_err() {
            return Err(done);
        }
        let s = &self.shared;
        let parsed = match token::parse_for(token, &s.prefix) {
            Ok(p) => p,
            Err(m) => {
                done(Ok(Outcome {
                    verdict: verify::malformed(m),
                    key: None,
                    cached: true,
                    commit: Duration::ZERO,
                }));
                return Ok(());
            }
        };
        let Some(entry) = lock(&s.cache).get(&s.mac(parsed.full())).cloned() else {
            return Err(done);
        };
        let tool_ability = match &req.tool {
            Some(t) => match s.tool_ability_fresh(t) {
                Some(a) => a,
                None => return Err(done),
            },
            None => None,
        };
        s.hits.fetch_add(1, Ordering::Relaxed);
        let (key, pending) = entry.decide(parsed.key_id, tool_ability.as_deref(), req);
        let job = Job {
            actor: actor.clone(),
            pending,
            reply: Reply::Then {
                key,
                started: Instant::now(),
                done,
            },
        };
        let jobs = lock(&self.jobs).clone();
        let refused = match jobs {
            None => job,
            Some(jobs) => match jobs.try_send(job) {
                Ok(()) => return Ok(()),
                Err(TrySendError::Full(job) | TrySendError::Disconnected(job)) => job,
            },
        };
        s.hits.fetch_sub(1, Ordering::Relaxed);
        match refused.reply {
            Reply::Then { done, .. } => Err(done),
            Reply::Blocking(_) => unreachable!("built as Then above"),
        }
    }

    /// Whether `token` is known not to authenticate, with no store read
    /// and no bcrypt: it is malformed, or remembered as matching no key. A
    /// server uses it to refuse a request before reading its body; the
    /// refusal itself is still a [`Verifier::check`] (audited).
    pub fn surely_refused(&self, token: &str) -> bool {
        let s = &self.shared;
        match token::parse_for(token, &s.prefix) {
            Err(_) => true,
            Ok(p) => matches!(
                lock(&s.cache).get(&s.mac(p.full())),
                Some(Entry::Unknown { .. })
            ),
        }
    }

    fn commit(&self, actor: Actor, pending: Pending) -> Result<Verdict> {
        let (reply, answer) = sync_channel(1);
        let job = Job {
            actor,
            pending,
            reply: Reply::Blocking(reply),
        };
        let jobs = lock(&self.jobs).clone();
        let Some(jobs) = jobs else {
            return Err(Error::Overloaded("the verifier is shutting down".into()));
        };
        match jobs.try_send(job) {
            Ok(()) => {}
            Err(TrySendError::Full(job)) => jobs
                .send(job)
                .map_err(|_| Error::Overloaded("the verifier is shutting down".into()))?,
            Err(TrySendError::Disconnected(_)) => {
                return Err(Error::Overloaded("the verifier is shutting down".into()));
            }
        }
        answer
            .recv()
            .map_err(|_| Error::store("the commit writer stopped"))?
    }

    /// The tool catalog, read within `max_staleness` (read again here,
    /// blocking, if the refresh has fallen behind).
    ///
    /// Errors: store failures.
    pub fn tool_catalog(&self) -> Result<ToolCatalog> {
        if let Some(c) = self.tool_catalog_fresh() {
            return Ok(c);
        }
        self.shared.refresh_tools()?;
        Ok(ToolCatalog(Arc::clone(&lock(&self.shared.tools).map)))
    }

    /// The tool catalog when it was read within `max_staleness`, without
    /// blocking; `None` when it is older (then call [`Verifier::tool_catalog`]
    /// on a thread that may block).
    pub fn tool_catalog_fresh(&self) -> Option<ToolCatalog> {
        let t = lock(&self.shared.tools);
        (t.read_at.elapsed() < self.shared.config.max_staleness)
            .then(|| ToolCatalog(Arc::clone(&t.map)))
    }

    /// Whether the key `key_id` is active now (not revoked, expired or
    /// past a rotation's grace), read from the store: for ending a stream
    /// that outlives its key. Blocks on a store read.
    ///
    /// Errors: store failures.
    pub fn key_is_active(&self, key_id: &str) -> Result<bool> {
        let mut store = self.shared.reader()?;
        let key = store.read(|tx| keys::get(tx, key_id, false));
        self.shared.give_back(store);
        Ok(key?.is_some_and(|k| k.status(timefmt::now()) == crate::model::KeyStatus::Active))
    }

    /// Counters since start.
    pub fn stats(&self) -> Stats {
        let s = &self.shared;
        Stats {
            cache_hits: s.hits.load(Ordering::Relaxed),
            cache_misses: s.misses.load(Ordering::Relaxed),
            cold_waiting: s.cold_waiting.load(Ordering::Relaxed),
            bcrypt_runs: s.bcrypt_runs.load(Ordering::Relaxed),
            commits: s.commits.load(Ordering::Relaxed),
            committed_checks: s.committed.load(Ordering::Relaxed),
        }
    }

    /// Whether the store answers and its schema is the one this binary
    /// writes (`/readyz`).
    pub fn ready(&self) -> Result<()> {
        let mut store = self.shared.reader()?;
        let r = (|| {
            let v = store.schema_version()?;
            if v != store.latest_version() {
                return Err(Error::integrity(format!(
                    "the store's schema is version {v}, this binary's {}",
                    store.latest_version()
                )));
            }
            Ok(())
        })();
        self.shared.give_back(store);
        r
    }

    /// Stops taking checks, commits every one already taken, and stops the
    /// writer: after this returns, every check that was answered is
    /// committed.
    pub fn shutdown(&self) {
        self.shared.stopping.store(true, Ordering::SeqCst);
        drop(lock(&self.jobs).take());
        for t in lock(&self.threads).drain(..) {
            let _ = t.join();
        }
    }
}

impl Drop for Verifier {
    fn drop(&mut self) {
        self.shutdown();
    }
}

impl Shared {
    fn mac(&self, token: &str) -> [u8; 32] {
        let mut m = <Hmac<Sha256> as hmac::KeyInit>::new_from_slice(&*self.mac_key)
            .expect("HMAC takes any key length");
        m.update(token.as_bytes());
        m.finalize().into_bytes().into()
    }

    fn remember(&self, mac: [u8; 32], e: Entry) {
        let mut cache = lock(&self.cache);
        if cache.len() >= self.config.cache_entries {
            // Bounded memory: forget an arbitrary tenth (HashMap order).
            let drop_n = (self.config.cache_entries / 10).max(1);
            let victims: Vec<[u8; 32]> = cache.keys().take(drop_n).copied().collect();
            for v in victims {
                cache.remove(&v);
            }
        }
        cache.insert(mac, e);
    }

    /// The cold check of a token not remembered, run once however many
    /// checks of the same token arrive meanwhile: the first runs it and
    /// remembers the result, the others wait for it (a burst of one token,
    /// right or wrong, costs one bcrypt, not one per request).
    fn cold_once(&self, mac: [u8; 32], key_id: &str, token: &str) -> Result<Entry> {
        let flight = {
            let mut flights = lock(&self.flights);
            // Remembered since this check looked: a flight that ended
            // remembered its result before leaving `flights`.
            if let Some(e) = lock(&self.cache).get(&mac).cloned() {
                return Ok(e);
            }
            match flights.get(&mac) {
                Some(f) => Err(Arc::clone(f)),
                None => {
                    let f = Arc::new(Flight::default());
                    flights.insert(mac, Arc::clone(&f));
                    Ok(f)
                }
            }
        };
        let flight = match flight {
            Ok(mine) => mine,
            Err(theirs) => return theirs.wait(),
        };
        // Ends the flight even if the check panics, so no one waits forever.
        let landing = Landing {
            shared: self,
            mac,
            flight,
        };
        let result = self.cold_check(key_id, token);
        if let Ok(e) = &result {
            self.remember(mac, e.clone());
        }
        landing.finish(&result);
        result
    }

    /// Reads the key and runs bcrypt, on a bounded pool.
    fn cold_check(&self, key_id: &str, token: &str) -> Result<Entry> {
        let _permit = self.cold_permit(key_id)?;
        let mut store = self.reader()?;
        let key = store.read(|tx| keys::get(tx, key_id, false));
        self.give_back(store);
        let Some(key) = key? else {
            return Ok(Entry::Unknown { exists: false });
        };
        self.bcrypt_runs.fetch_add(1, Ordering::Relaxed);
        if token::verify_hash(token, &key.token_hash)? {
            Ok(Entry::Key(Arc::new(key)))
        } else {
            Ok(Entry::Unknown { exists: true })
        }
    }

    fn cold_permit<'a>(&'a self, key_id: &str) -> Result<ColdPermit<'a>> {
        {
            let mut by_key = lock(&self.cold_by_key);
            let n = by_key.entry(key_id.to_owned()).or_insert(0);
            if *n >= self.config.cold_per_key {
                return Err(Error::Overloaded(format!(
                    "{n} unremembered tokens for key {key_id} are being checked already; try again"
                )));
            }
            *n += 1;
        }
        let keyed = KeyedPlace(self, key_id.to_owned());
        let waiting = self.cold_waiting.fetch_add(1, Ordering::SeqCst) + 1;
        let limit = (self.config.bcrypt_workers + self.config.cold_queue) as u64;
        if waiting > limit {
            self.cold_waiting.fetch_sub(1, Ordering::SeqCst);
            return Err(Error::Overloaded(format!(
                "{} unremembered tokens are being checked already; try again",
                waiting - 1
            )));
        }
        let mut running = lock(&self.cold);
        while *running >= self.config.bcrypt_workers {
            running = self
                .cold_freed
                .wait(running)
                .unwrap_or_else(PoisonError::into_inner);
        }
        *running += 1;
        Ok(ColdPermit {
            shared: self,
            _keyed: keyed,
        })
    }

    fn reader(&self) -> Result<Store> {
        match lock(&self.readers).pop() {
            Some(s) => Ok(s),
            None => Store::open_location(self.location.clone()),
        }
    }

    fn give_back(&self, store: Store) {
        let mut r = lock(&self.readers);
        if r.len() < 8 {
            r.push(store);
        }
    }

    /// The ability `tool` requires, from a catalog read within
    /// `max_staleness` (read again here if the refresh has fallen behind).
    fn tool_ability(&self, tool: &str) -> Result<Option<String>> {
        {
            let t = lock(&self.tools);
            if t.read_at.elapsed() < self.config.max_staleness {
                return Ok(t.map.get(tool).cloned());
            }
        }
        self.refresh_tools()?;
        Ok(lock(&self.tools).map.get(tool).cloned())
    }

    /// The ability `tool` requires, when the catalog is fresh enough to
    /// answer without a store read; `None` when it is not.
    fn tool_ability_fresh(&self, tool: &str) -> Option<Option<String>> {
        let t = lock(&self.tools);
        (t.read_at.elapsed() < self.config.max_staleness).then(|| t.map.get(tool).cloned())
    }

    fn refresh_tools(&self) -> Result<()> {
        let started = Instant::now();
        let mut store = self.reader()?;
        let map = read_tools(&mut store);
        self.give_back(store);
        let map = map?;
        let mut t = lock(&self.tools);
        // The read started at `started`: it holds every change made before.
        if t.read_at < started {
            *t = Tools {
                map: Arc::new(map),
                read_at: started,
            };
        }
        Ok(())
    }
}

/// One cold check that checks of the same token wait for.
#[derive(Default)]
struct Flight {
    /// `None` while it runs.
    result: Mutex<Option<Result<Entry>>>,
    landed: Condvar,
}

impl Flight {
    /// Waits for the result: the entry, or a copy of the runner's error.
    fn wait(&self) -> Result<Entry> {
        let mut r = lock(&self.result);
        while r.is_none() {
            r = self.landed.wait(r).unwrap_or_else(PoisonError::into_inner);
        }
        copy_result(r.as_ref().expect("set above"))
    }
}

/// A cold check's result for one more check of its token (errors are not
/// `Clone`): overloaded stays overloaded; any other error is a store
/// failure with its message.
fn copy_result(r: &Result<Entry>) -> Result<Entry> {
    match r {
        Ok(e) => Ok(e.clone()),
        Err(Error::Overloaded(why)) => Err(Error::Overloaded(why.clone())),
        Err(e) => Err(Error::store(e)),
    }
}

/// The end of a flight: out of `flights`, its result set, its waiters
/// woken — on drop too, if the check panicked.
struct Landing<'a> {
    shared: &'a Shared,
    mac: [u8; 32],
    flight: Arc<Flight>,
}

impl Landing<'_> {
    fn finish(self, result: &Result<Entry>) {
        *lock(&self.flight.result) = Some(copy_result(result));
    }
}

impl Drop for Landing<'_> {
    fn drop(&mut self) {
        lock(&self.shared.flights).remove(&self.mac);
        let mut r = lock(&self.flight.result);
        if r.is_none() {
            *r = Some(Err(Error::store("the check of this token failed")));
        }
        drop(r);
        self.flight.landed.notify_all();
    }
}

/// A running cold check; freeing it wakes the next.
struct ColdPermit<'a> {
    shared: &'a Shared,
    /// Freed after the pool place (field order is drop order).
    _keyed: KeyedPlace<'a>,
}

/// A key id's place among the cold checks; freed on drop.
struct KeyedPlace<'a>(&'a Shared, String);

impl Drop for KeyedPlace<'_> {
    fn drop(&mut self) {
        let mut by_key = lock(&self.0.cold_by_key);
        if let Some(n) = by_key.get_mut(&self.1) {
            *n -= 1;
            if *n == 0 {
                by_key.remove(&self.1);
            }
        }
    }
}

impl Drop for ColdPermit<'_> {
    fn drop(&mut self) {
        *lock(&self.shared.cold) -= 1;
        self.shared.cold_waiting.fetch_sub(1, Ordering::SeqCst);
        self.shared.cold_freed.notify_one();
    }
}

fn read_tools(store: &mut Store) -> Result<HashMap<String, String>> {
    Ok(store
        .read(catalog::tools)?
        .into_iter()
        .map(|t| (t.name, t.ability))
        .collect())
}

/// The writer: takes every check waiting (up to `max_batch`) and commits
/// them in one transaction, then answers each. Ends when every sender is
/// gone and the queue is empty.
fn commit_loop(s: &Shared, mut store: Store, jobs: &Receiver<Job>) {
    while let Ok(first) = jobs.recv() {
        let mut batch = vec![first];
        while batch.len() < s.config.max_batch {
            match jobs.try_recv() {
                Ok(j) => batch.push(j),
                Err(_) => break,
            }
        }
        let (pending, replies): (Vec<(Actor, Pending)>, Vec<Reply>) = batch
            .into_iter()
            .map(|j| ((j.actor, j.pending), j.reply))
            .unzip();
        let result = store.write(|tx| {
            verify::settle_all(tx, pending.iter().map(|(a, p)| (a, p.clone())).collect())
        });
        s.commits.fetch_add(1, Ordering::Relaxed);
        match result {
            Ok(verdicts) => {
                s.committed
                    .fetch_add(verdicts.len() as u64, Ordering::Relaxed);
                for (reply, v) in replies.into_iter().zip(verdicts) {
                    reply.send(Ok(v));
                }
            }
            Err(e) => {
                let msg = e.to_string();
                for reply in replies {
                    reply.send(Err(Error::store(&msg)));
                }
                // A lost connection is opened again for the next batch.
                if let Ok(fresh) = Store::open_location(s.location.clone()) {
                    store = fresh;
                }
            }
        }
    }
}

/// Reads the tool catalog four times per `max_staleness`, so checks never
/// wait for it; a check reads it itself if this falls behind.
fn refresh_loop(s: &Shared) {
    let every = (s.config.max_staleness / 4).max(Duration::from_millis(5));
    let mut last = Instant::now();
    while !s.stopping.load(Ordering::SeqCst) {
        // Short naps, so that a long bound never holds up shutdown.
        std::thread::sleep(every.min(Duration::from_millis(50)));
        if last.elapsed() >= every {
            let _ = s.refresh_tools();
            last = Instant::now();
        }
    }
}
