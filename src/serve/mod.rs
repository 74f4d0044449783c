//! `keywarden serve`: the request path over HTTP (contract §10), a second
//! front end beside `cli/` on the same library.
//!
//! One file per endpoint family: `forward_auth` (`/v1/verify`, for nginx
//! `auth_request`, Caddy `forward_auth`, Traefik `ForwardAuth`, Envoy
//! `ext_authz`) and `health` (`/healthz`, `/readyz`, `/metrics`). A handler
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
mod health;

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context, bail};
use axum::Router;
use axum::routing::{any, get};
use clap::Args;

use super::cli::{Ctx, Exit, term};
use keywarden::error::Error;
use keywarden::routes::Routes;
use keywarden::verifier::{Verifier, VerifierConfig};

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// A TOML file of serve settings (listen, max_staleness, actor_kind,
    /// routes); a flag or its environment variable overrides the file
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
}

pub fn run(ctx: &mut Ctx, a: ServeArgs) -> anyhow::Result<Exit> {
    let checkpoints = checkpoint::Schedule::from_args(&a, &ctx.location()?)?;
    let a = config::merge(a)?;
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
    let location = ctx.location()?;
    let verifier = Verifier::start(
        location,
        VerifierConfig {
            max_staleness: staleness,
            ..VerifierConfig::default()
        },
    )?;
    let app = Arc::new(App {
        verifier,
        actor: ctx.actor(&a.actor_kind),
        metrics: health::Metrics::new(),
        routes,
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
    ctx.note("keywarden serve: stopped; every answered check is committed.");
    Ok(Exit::Success)
}

fn router(app: Arc<App>) -> Router {
    Router::new()
        // Every method: Envoy's ext_authz sends the original one, and
        // appends the original path to its path prefix.
        .route("/v1/verify", any(forward_auth::verify))
        .route("/v1/verify/{*original}", any(forward_auth::verify))
        .route("/healthz", get(health::healthz))
        .route("/readyz", get(health::readyz))
        .route("/metrics", get(health::metrics))
        .with_state(app)
}

/// After SIGTERM, how long open connections may take to finish; a client
/// that holds one open (a half-sent request) cannot keep the server up.
const DRAIN_LIMIT: Duration = Duration::from_secs(10);

async fn serve(app: Arc<App>, listen: Listen, shown: String, quiet: bool) -> anyhow::Result<()> {
    let routes = router(app);
    let (signalled, mut on_signal) = tokio::sync::watch::channel(false);
    let graceful = async move {
        stopped().await;
        let _ = signalled.send(true);
    };
    let deadline = async move {
        let _ = on_signal.changed().await;
        tokio::time::sleep(DRAIN_LIMIT).await;
    };
    tokio::select! {
        r = serve_on(routes, listen, shown, quiet, graceful) => r,
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
            axum::serve(l, routes)
                .with_graceful_shutdown(graceful)
                .await?;
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
            axum::serve(l, routes)
                .with_graceful_shutdown(graceful)
                .await?;
            let _ = std::fs::remove_file(&path);
        }
    }
    Ok(())
}

/// The one line a supervisor (or a test) waits for.
fn announce(quiet: bool, at: &str) {
    if !quiet {
        eprintln!("keywarden serve: listening on {at}");
    }
}

async fn stopped() {
    use tokio::signal::unix::{SignalKind, signal};
    let (Ok(mut term), Ok(mut int)) = (
        signal(SignalKind::terminate()),
        signal(SignalKind::interrupt()),
    ) else {
        std::future::pending::<()>().await;
        return;
    };
    tokio::select! {
        _ = term.recv() => {}
        _ = int.recv() => {}
    }
}
