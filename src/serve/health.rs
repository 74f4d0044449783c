//! `/healthz` (the process is alive), `/readyz` (the store answers and its
//! schema is current) and `/metrics` (Prometheus text: checks by status,
//! cache hits, the bcrypt queue, commit latency, leak-report work queued). No token, key or
//! request detail ever becomes a label.

use std::sync::Arc;
use std::sync::atomic::AtomicU64;

use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::Histogram;
use prometheus_client::registry::Registry;

use super::App;
use keywarden::VerifyStatus;
use keywarden::verifier::Outcome;

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct StatusLabel {
    status: String,
}

/// The server's metrics, registered once.
pub struct Metrics {
    registry: Registry,
    requests: Family<StatusLabel, Counter>,
    cache_hits: Counter,
    cache_misses: Counter,
    bcrypt_queue: Gauge<i64, std::sync::atomic::AtomicI64>,
    bcrypt_runs: Counter<u64, AtomicU64>,
    commit: Histogram,
    commits: Counter<u64, AtomicU64>,
    leak_jobs: Gauge<i64, std::sync::atomic::AtomicI64>,
    /// Connections accepted: a proxy that keeps its connections to
    /// keywarden open (as it should) opens only a few.
    pub connections: Counter,
}

impl Metrics {
    pub fn new() -> Metrics {
        let mut registry = Registry::with_prefix("keywarden");
        let requests = Family::<StatusLabel, Counter>::default();
        registry.register(
            "requests",
            "Checks answered, by verify status",
            requests.clone(),
        );
        let cache_hits = Counter::default();
        registry.register(
            "cache_hits",
            "Checks of a remembered token (no bcrypt)",
            cache_hits.clone(),
        );
        let cache_misses = Counter::default();
        registry.register(
            "cache_misses",
            "Checks of a token not remembered (they read the key and ran or waited for its bcrypt)",
            cache_misses.clone(),
        );
        let bcrypt_queue = Gauge::default();
        registry.register(
            "bcrypt_queue",
            "Cold checks running or waiting for bcrypt",
            bcrypt_queue.clone(),
        );
        let bcrypt_runs = Counter::default();
        registry.register(
            "bcrypt_runs",
            "bcrypt verifications run (one per token not remembered, shared by concurrent checks of it)",
            bcrypt_runs.clone(),
        );
        let commit = Histogram::new([0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.5, 1.0]);
        registry.register(
            "commit_seconds",
            "Time a check waited for its group commit",
            commit.clone(),
        );
        let commits = Counter::default();
        registry.register("commits", "Group-commit transactions", commits.clone());
        let leak_jobs = Gauge::default();
        registry.register(
            "leak_jobs",
            "Reported tokens (and batch steps) accepted and not yet decided by this process",
            leak_jobs.clone(),
        );
        let connections = Counter::default();
        registry.register(
            "connections",
            "Connections accepted (a proxy that keeps them alive opens few)",
            connections.clone(),
        );
        Metrics {
            registry,
            connections,
            requests,
            cache_hits,
            cache_misses,
            bcrypt_queue,
            bcrypt_runs,
            commit,
            commits,
            leak_jobs,
        }
    }

    pub fn status(&self, s: VerifyStatus) {
        self.requests
            .get_or_create(&StatusLabel {
                status: s.as_str().to_owned(),
            })
            .inc();
    }

    pub fn unavailable(&self) {
        self.requests
            .get_or_create(&StatusLabel {
                status: "UNAVAILABLE".to_owned(),
            })
            .inc();
    }

    pub fn observe(&self, o: &Outcome) {
        if o.cached {
            self.cache_hits.inc();
        } else {
            self.cache_misses.inc();
        }
        self.commit.observe(o.commit.as_secs_f64());
    }
}

/// Moves a counter kept from the Verifier's [`Stats`](keywarden::verifier::Stats)
/// up to that count.
fn catch_up(c: &Counter<u64, AtomicU64>, total: u64) {
    c.inc_by(total.saturating_sub(c.get()));
}

pub async fn healthz() -> &'static str {
    "ok\n"
}

pub async fn readyz(State(app): State<Arc<App>>) -> Response {
    let app2 = Arc::clone(&app);
    match tokio::task::spawn_blocking(move || app2.verifier.ready()).await {
        Ok(Ok(())) => (StatusCode::OK, "ready\n").into_response(),
        Ok(Err(e)) => {
            (StatusCode::SERVICE_UNAVAILABLE, format!("not ready: {e}\n")).into_response()
        }
        Err(_) => (StatusCode::SERVICE_UNAVAILABLE, "not ready\n").into_response(),
    }
}

pub async fn metrics(State(app): State<Arc<App>>) -> Response {
    let stats = app.verifier.stats();
    let m = &app.metrics;
    m.bcrypt_queue.set(stats.cold_waiting as i64);
    catch_up(&m.bcrypt_runs, stats.bcrypt_runs);
    catch_up(&m.commits, stats.commits);
    if let Some(l) = &app.leaks {
        m.leak_jobs.set(l.revoker.stats().outstanding as i64);
    }
    let mut body = String::new();
    if prometheus_client::encoding::text::encode(&mut body, &m.registry).is_err() {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    }
    let mut h = HeaderMap::new();
    h.insert(
        "content-type",
        HeaderValue::from_static("application/openmetrics-text; version=1.0.0; charset=utf-8"),
    );
    (h, body).into_response()
}
