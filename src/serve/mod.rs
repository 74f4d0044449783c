//! `keywarden serve`: the request path over HTTP (contract §10), a second
//! front end beside `cli/` on the same library.
//!
//! One file per endpoint family: `forward_auth` (`/v1/verify`, for nginx
//! `auth_request`, Caddy `forward_auth`, Traefik `ForwardAuth`, Envoy
//! `ext_authz`), `health` (`/healthz`, `/readyz`, `/metrics`), `leaks`
//! (reports from GitHub and GitLab), `checkpoint` (scheduled signed
//! checkpoints) and `gateway` (`--upstream`: every other path, proxied to
//! an MCP server or HTTP API with its tools enforced). A handler
//! turns HTTP into the [`Verifier`]'s arguments and its answer back into
//! HTTP; the decision is the library's, the one `keys verify` prints.
//!
//! Shutdown: SIGTERM or SIGINT stops accepting, lets every request in
//! flight finish (each returns only after its audit event committed), then
//! stops the commit writer and exits 0. A SIGKILL loses no answered request
//! for the same reason.

mod checkpoint;
mod config;
mod forward_auth;
mod gateway;
mod health;
mod leak_report;
mod leaks;

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context, bail};
use axum::Router;
use axum::routing::{any, get, post};
use clap::Args;
use prometheus_client::metrics::counter::Counter;

use super::cli::{Ctx, Exit, term};
use keywarden::error::Error;
use keywarden::routes::Routes;
use keywarden::store::Store;
use keywarden::verifier::{Verifier, VerifierConfig};

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// A TOML file of serve settings: each flag below by its name with `_`
    /// for `-` (e.g. max_staleness = "1s"); a flag or its environment
    /// variable overrides the file
    #[arg(long, value_name = "FILE", env = "KEYWARDEN_SERVE_CONFIG")]
    pub config: Option<PathBuf>,
    /// Where to listen: HOST:PORT, or unix:PATH for a Unix socket [default:
    /// 127.0.0.1:8470]
    #[arg(long, value_name = "ADDR", env = "KEYWARDEN_LISTEN")]
    pub listen: Option<String>,
    /// The longest a decision may rely on a cached tool catalog, e.g. 1s
    /// [default: 1s]
    #[arg(long, value_name = "DUR", env = "KEYWARDEN_MAX_STALENESS")]
    pub max_staleness: Option<String>,
    /// The actor kind recorded in the audit events of checks (rest, mcp, …)
    /// [default: rest]
    #[arg(long, value_name = "K", value_parser = crate::cli::actor_kind)]
    pub actor_kind: Option<String>,
    /// A TOML routes file: what each method and path of the original
    /// request needs (resource, ability, tool), for proxies that cannot set
    /// X-Keywarden-* headers; a path no route matches is refused
    #[arg(long, value_name = "FILE", env = "KEYWARDEN_ROUTES")]
    pub routes: Option<PathBuf>,

    // ---- The MCP gateway (contract §11, issue 15) ----
    /// Be a gateway in front of this MCP server or HTTP API
    /// (http://HOST:PORT[/PATH]): every path but serve's own is checked and
    /// forwarded, the client's Authorization never
    #[arg(long, value_name = "URL", env = "KEYWARDEN_UPSTREAM")]
    pub upstream: Option<String>,
    /// The MCP endpoint's path, whose JSON-RPC bodies the gateway reads
    /// (tools/call checked per tool, tools/list filtered) [default: /mcp]
    #[arg(long, value_name = "PATH", env = "KEYWARDEN_MCP_PATH")]
    pub mcp_path: Option<String>,
    /// The largest request body the gateway takes, in bytes (K, M suffixes
    /// allowed); larger is refused with 413 before it is read [default: 4M]
    #[arg(long, value_name = "BYTES", env = "KEYWARDEN_MAX_BODY")]
    pub max_body: Option<String>,

    // ---- Leak reports from code hosts (contract §12, issue 17) ----
    // Kept together at the end of the struct so that other flags merge
    // above them without conflict.
    /// GitHub's secret-scanning public keys (the JSON of api.github.com/meta/public_keys/secret_scanning): serves POST /v1/leaks/github; re-read when the file changes
    #[arg(long, value_name = "FILE", env = "KEYWARDEN_GITHUB_KEYS")]
    pub github_keys: Option<PathBuf>,
    /// A file holding the token GitLab sends in Authorization (one line, not world-readable): serves GitLab's token revocation API
    #[arg(long, value_name = "F", env = "KEYWARDEN_GITLAB_SECRET_FILE")]
    pub gitlab_secret_file: Option<PathBuf>,
    /// Write each leak batch's incident report here (Markdown, or JSON with --format json)
    #[arg(long, value_name = "DIR", env = "KEYWARDEN_INCIDENT_DIR")]
    pub incident_dir: Option<PathBuf>,

    // ---- Scheduled checkpoints (contract §7a, issue 16) ----
    /// Sign a checkpoint of the audit chain this often, e.g. 1h (needs --checkpoint-dir and --signing-key-file)
    #[arg(long, value_name = "DUR")]
    pub checkpoint_every: Option<String>,
    /// Where scheduled checkpoints go: storage the database's admins cannot rewrite
    #[arg(long, value_name = "DIR")]
    pub checkpoint_dir: Option<PathBuf>,
    /// The private key from `keygen --signing --out FILE`, for scheduled checkpoints
    #[arg(long, value_name = "FILE", env = "KEYWARDEN_SIGNING_KEY_FILE")]
    pub signing_key_file: Option<PathBuf>,
}

/// Where `serve` listens.
enum Listen {
    Tcp(std::net::SocketAddr),
    Unix(PathBuf),
}

fn parse_listen(s: &str) -> anyhow::Result<Listen> {
    if let Some(path) = s.strip_prefix("unix:") {
        if path.is_empty() {
            bail!(Error::invalid(
                "--listen unix: needs a path, e.g. unix:/run/keywarden.sock"
            ));
        }
        return Ok(Listen::Unix(PathBuf::from(path)));
    }
    use std::net::ToSocketAddrs;
    let addr = s
        .to_socket_addrs()
        .ok()
        .and_then(|mut a| a.next())
        .ok_or_else(|| Error::invalid(format!("--listen {s:?} is not HOST:PORT or unix:PATH")))?;
    Ok(Listen::Tcp(addr))
}

/// What every handler shares.
pub struct App {
    pub verifier: Verifier,
    pub actor: keywarden::audit::Actor,
    pub metrics: health::Metrics,
    /// The routes file, when one is given (`--routes`).
    pub routes: Option<Routes>,
    /// The leak-report endpoints, when `--github-keys` or
    /// `--gitlab-secret-file` is given.
    pub leaks: Option<leaks::Leaks>,
    /// The MCP gateway, when `--upstream` is given.
    pub gateway: Option<gateway::Gateway>,
}

pub fn run(ctx: &mut Ctx, a: ServeArgs) -> anyhow::Result<Exit> {
    let a = config::merge(a)?;
    let checkpoints = checkpoint::Schedule::from_args(&a, &ctx.location()?)?;
    let staleness = keywarden::timefmt::parse_duration(&a.max_staleness)
        .context("--max-staleness")?
        .to_std()
        .map_err(|_| Error::invalid("--max-staleness must be positive"))?;
    if staleness < Duration::from_millis(10) {
        bail!(Error::invalid("--max-staleness must be at least 10ms"));
    }
    let listen = parse_listen(&a.listen)?;
    let routes = a
        .routes
        .as_deref()
        .map(Routes::load)
        .transpose()
        .context("--routes")?;
    let leak_inputs = check_leak_inputs(&a)?;
    let gateway = match &a.upstream {
        Some(url) => Some(gateway::Gateway::new(
            url,
            &a.mcp_path,
            parse_size(&a.max_body).context("--max-body")?,
            ctx.actor("mcp"),
            staleness,
        )?),
        None => None,
    };
    let location = ctx.location()?;
    let verifier = Verifier::start(
        location.clone(),
        VerifierConfig {
            max_staleness: staleness,
            ..VerifierConfig::default()
        },
    )?;
    let leaks = match leak_inputs {
        Some(inputs) => Some(start_leaks(ctx, inputs, location)?),
        None => None,
    };
    let app = Arc::new(App {
        verifier,
        actor: ctx.actor(&a.actor_kind),
        metrics: health::Metrics::new(),
        routes,
        leaks,
        gateway,
    });
    // SIGTERM and Ctrl-C end the server below, not the process at once.
    let _coop = term::Cooperative::enter();
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    let shown = a.listen.clone();
    let quiet = ctx.global.quiet;
    if let Some(s) = checkpoints {
        rt.spawn(s.run(quiet));
    }
    rt.block_on(serve(Arc::clone(&app), listen, shown, quiet))?;
    app.verifier.shutdown();
    // Every request has finished; the pool stops after its current step
    // (what is left stays in the store for the next start).
    if let Some(l) = Arc::into_inner(app).and_then(|a| a.leaks) {
        l.revoker.shutdown();
    }
    ctx.note("keywarden serve: stopped; every answered check is committed.");
    Ok(Exit::Success)
}

/// The checked inputs of the leak endpoints.
struct LeakInputs {
    github: Option<leaks::KeyFile>,
    gitlab: Option<keywarden::Secret>,
    incident_dir: Option<PathBuf>,
}

/// Checks `--github-keys`, `--gitlab-secret-file` and `--incident-dir`
/// before anything starts (exit 2 on a bad one).
fn check_leak_inputs(a: &config::Settings) -> anyhow::Result<Option<LeakInputs>> {
    if a.github_keys.is_none() && a.gitlab_secret_file.is_none() {
        if a.incident_dir.is_some() {
            bail!(Error::invalid(
                "--incident-dir is for leak reports: give --github-keys FILE or --gitlab-secret-file F too"
            ));
        }
        return Ok(None);
    }
    let github = a
        .github_keys
        .as_deref()
        .map(leaks::KeyFile::load)
        .transpose()?;
    let gitlab = a
        .gitlab_secret_file
        .as_deref()
        .map(leaks::load_gitlab_secret)
        .transpose()?;
    if let Some(d) = &a.incident_dir {
        leaks::check_incident_dir(d)?;
    }
    Ok(Some(LeakInputs {
        github,
        gitlab,
        incident_dir: a.incident_dir.clone(),
    }))
}

fn start_leaks(
    ctx: &Ctx,
    inputs: LeakInputs,
    location: keywarden::store::Location,
) -> anyhow::Result<leaks::Leaks> {
    let prefix = Store::open_location(location.clone())?
        .settings()
        .prefix
        .clone();
    let as_json = ctx.format() == crate::output::Format::Json;
    let finished: Option<keywarden::revoker::Finished> = inputs.incident_dir.map(|dir| {
        let f: keywarden::revoker::Finished = Arc::new(
            move |store: &mut Store, s: &keywarden::ops::leaks::Summary| {
                leak_report::write(&dir, as_json, store, s)
            },
        );
        f
    });
    let mut config = keywarden::revoker::RevokerConfig {
        finished,
        ..Default::default()
    };
    // How many threads decide reported tokens (default: every core); 0
    // makes an intake-only instance.
    if let Ok(n) = std::env::var("KEYWARDEN_LEAK_WORKERS") {
        config.workers = n.trim().parse().map_err(|_| {
            Error::invalid(format!(
                "KEYWARDEN_LEAK_WORKERS={n:?} is not a number of threads (0 or more)"
            ))
        })?;
    }
    let revoker = keywarden::revoker::Revoker::start(location.clone(), config)?;
    Ok(leaks::Leaks::new(
        inputs.github,
        inputs.gitlab,
        &prefix,
        revoker,
        location,
    ))
}

/// A size in bytes: digits, optionally followed by K or M (binary).
fn parse_size(s: &str) -> anyhow::Result<usize> {
    let t = s.trim();
    let (digits, unit) = match t.char_indices().last() {
        Some((i, 'K' | 'k')) => (&t[..i], 1usize << 10),
        Some((i, 'M' | 'm')) => (&t[..i], 1 << 20),
        _ => (t, 1),
    };
    digits
        .parse::<usize>()
        .ok()
        .and_then(|n| n.checked_mul(unit))
        .ok_or_else(|| {
            Error::invalid(format!(
                "{s:?} is not a size: give bytes, e.g. 1048576, 512K or 4M"
            ))
            .into()
        })
}

fn router(app: Arc<App>) -> Router {
    let gateway = app.gateway.is_some();
    let r = Router::new()
        .route("/v1/leaks/github", post(leaks::github))
        .route("/v1/revocable_token_types", get(leaks::gitlab_types))
        .route("/v1/revoke_tokens", post(leaks::gitlab_revoke))
        // Every method: Envoy's ext_authz sends the original one, and
        // appends the original path to its path prefix.
        .route("/v1/verify", any(forward_auth::verify))
        .route("/v1/verify/", any(forward_auth::verify))
        .route("/v1/verify/{*original}", any(forward_auth::verify))
        .route("/healthz", get(health::healthz))
        .route("/readyz", get(health::readyz))
        .route("/metrics", get(health::metrics));
    // The gateway takes every other path (and method) to the upstream.
    let r = if gateway {
        r.fallback(gateway::proxy)
    } else {
        r
    };
    r.with_state(app)
}

/// After SIGTERM, how long open connections may take to finish; a client
/// that holds one open (a half-sent request) cannot keep the server up.
const DRAIN_LIMIT: Duration = Duration::from_secs(10);

async fn serve(app: Arc<App>, listen: Listen, shown: String, quiet: bool) -> anyhow::Result<()> {
    let accepted = app.metrics.connections.clone();
    let routes = router(app);
    let (signalled, mut on_signal) = tokio::sync::watch::channel(false);
    let signal = stopped();
    let graceful = async move {
        signal.await;
        let _ = signalled.send(true);
    };
    let deadline = async move {
        let _ = on_signal.changed().await;
        tokio::time::sleep(DRAIN_LIMIT).await;
    };
    tokio::select! {
        r = serve_on(routes, accepted, listen, shown, quiet, graceful) => r,
        () = deadline => {
            if !quiet {
                eprintln!("keywarden serve: connections still open {}s after the signal; closing them", DRAIN_LIMIT.as_secs());
            }
            Ok(())
        }
    }
}

async fn serve_on(
    routes: Router,
    accepted: Counter,
    listen: Listen,
    shown: String,
    quiet: bool,
    graceful: impl std::future::Future<Output = ()> + Send + 'static,
) -> anyhow::Result<()> {
    match listen {
        Listen::Tcp(addr) => {
            let l = tokio::net::TcpListener::bind(addr)
                .await
                .with_context(|| format!("cannot listen on {addr}"))?;
            announce(quiet, &format!("http://{}", l.local_addr()?));
            // Answers streamed in pieces (SSE through the gateway) must not
            // wait for the client's delayed ACK (Nagle).
            use axum::serve::ListenerExt;
            let l = l.tap_io(|tcp| {
                let _ = tcp.set_nodelay(true);
            });
            serve_connections(l, routes, accepted, graceful, |a| Some(a.ip())).await;
        }
        Listen::Unix(path) => {
            // A socket left by a killed server would make bind fail.
            if std::fs::symlink_metadata(&path).is_ok_and(|m| {
                use std::os::unix::fs::FileTypeExt;
                m.file_type().is_socket()
            }) {
                let _ = std::fs::remove_file(&path);
            }
            let l = tokio::net::UnixListener::bind(&path)
                .with_context(|| format!("cannot listen on {}", path.display()))?;
            announce(quiet, &shown);
            serve_connections(l, routes, accepted, graceful, |_| None).await;
            let _ = std::fs::remove_file(&path);
        }
    }
    Ok(())
}

/// How long a client may take to send a request's headers, and how long
/// an idle keep-alive connection stays open: a client that holds a
/// connection half-sent (slowloris) cannot keep it, or a file descriptor,
/// for longer.
const HEADER_READ_TIMEOUT: Duration = Duration::from_secs(30);

/// Accepts connections until `graceful` resolves, then waits for the open
/// ones to finish their requests (the caller bounds the wait). HTTP/1.1 by
/// hyper with a timer, so [`HEADER_READ_TIMEOUT`] holds (axum's `serve`
/// sets none).
async fn serve_connections<L>(
    mut listener: L,
    routes: Router,
    accepted: Counter,
    graceful: impl std::future::Future<Output = ()> + Send + 'static,
    ip: fn(&L::Addr) -> Option<std::net::IpAddr>,
) where
    L: axum::serve::Listener,
{
    let mut builder = hyper::server::conn::http1::Builder::new();
    builder
        .timer(hyper_util::rt::TokioTimer::new())
        .header_read_timeout(HEADER_READ_TIMEOUT);
    let watcher = hyper_util::server::graceful::GracefulShutdown::new();
    let mut graceful = std::pin::pin!(graceful);
    loop {
        let (io, addr) = tokio::select! {
            conn = listener.accept() => conn,
            () = &mut graceful => break,
        };
        accepted.inc();
        let peer = Peer(ip(&addr));
        let routes = routes.clone();
        // The client's address goes into each request's extensions (a
        // layer would rebuild the route table for every connection).
        let service = hyper::service::service_fn(move |mut req: hyper::Request<_>| {
            req.extensions_mut().insert(peer);
            tower::ServiceExt::oneshot(routes.clone(), req)
        });
        let conn = builder.serve_connection(hyper_util::rt::TokioIo::new(io), service);
        let conn = watcher.watch(conn);
        tokio::spawn(async move {
            let _ = conn.await;
        });
    }
    drop(listener);
    watcher.shutdown().await;
}

/// The client's address on a TCP listener (for the gateway's
/// `X-Forwarded-For`); `None` on a Unix socket.
#[derive(Clone, Copy, Debug)]
pub struct Peer(pub Option<std::net::IpAddr>);

/// The one line a supervisor (or a test) waits for.
fn announce(quiet: bool, at: &str) {
    if !quiet {
        eprintln!("keywarden serve: listening on {at}");
    }
}

/// SIGTERM or SIGINT, registered now (before the server says it
/// listens, so a signal sent right after that line is never missed) and
/// awaited by the future returned.
fn stopped() -> impl std::future::Future<Output = ()> {
    use tokio::signal::unix::{SignalKind, signal};
    let signals = (
        signal(SignalKind::terminate()),
        signal(SignalKind::interrupt()),
    );
    async move {
        let (Ok(mut term), Ok(mut int)) = signals else {
            std::future::pending::<()>().await;
            return;
        };
        tokio::select! {
            _ = term.recv() => {}
            _ = int.recv() => {}
        }
    }
}
