//! Leak reports from code hosts (contract §12): GitHub's secret-scanning
//! partner alerts and GitLab's token revocation API.
//!
//! - `POST /v1/leaks/github`: the raw body must carry a valid
//!   `Github-Public-Key-Signature` (ECDSA P-256 SHA-256, base64 DER) by the
//!   key `Github-Public-Key-Identifier` names in `--github-keys`; answered
//!   200 with GitHub's feedback for the tokens decided by then.
//! - `GET /v1/revocable_token_types`, `POST /v1/revoke_tokens`: GitLab's
//!   API for self-managed instances, `Authorization` holding the shared
//!   secret of `--gitlab-secret-file` (compared in constant time);
//!   answered 200 `{"types": […]}` and 204.
//!
//! A handler checks the request and hands the batch to
//! [`ops::leaks::accept`], which stores it before the answer; the
//! [`Revoker`] pool decides the tokens afterwards. Refusals — a body over
//! [`MAX_BODY_BYTES`] (413), a missing or bad signature or secret, an
//! unknown key id (401), a body that is not the host's JSON (400) — write
//! nothing but their `leak.refused` audit event (at most
//! [`REFUSALS_AUDITED`] per 10 s; the next event counts those left out). A failing store answers
//! 503 with `Retry-After`, so the host sends the batch again.
//!
//! Never logged or echoed: a reported token (feedback names a token that
//! is not ours by `token_hash` only), the shared secret, the body.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::SystemTime;

use anyhow::Context;
use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};

use super::App;
use keywarden::codehost::{self, Feedback, Host, MAX_BODY_BYTES, PublicKeys, Reported};
use keywarden::error::Error;
use keywarden::ops::leaks;
use keywarden::revoker::Revoker;
use keywarden::secret::Secret;
use keywarden::store::{Location, Store};

/// The most a `--github-keys` file may hold.
const MAX_KEY_LIST_BYTES: u64 = 1 << 20;

/// At most this many refusals are audited per [`REFUSAL_WINDOW`]: an
/// unauthenticated flood must not turn into as many write transactions.
/// The next audited refusal counts those left out (`unaudited_before`).
const REFUSALS_AUDITED: u32 = 100;
const REFUSAL_WINDOW: std::time::Duration = std::time::Duration::from_secs(10);

#[derive(Default)]
struct RefusalBudget {
    window: Option<std::time::Instant>,
    used: u32,
    skipped: u64,
}

impl RefusalBudget {
    /// `Some(skipped so far)` when this refusal may be audited.
    fn take(&mut self) -> Option<u64> {
        let now = std::time::Instant::now();
        if self
            .window
            .is_none_or(|w| now.duration_since(w) >= REFUSAL_WINDOW)
        {
            self.window = Some(now);
            self.used = 0;
        }
        if self.used >= REFUSALS_AUDITED {
            self.skipped += 1;
            return None;
        }
        self.used += 1;
        Some(std::mem::take(&mut self.skipped))
    }
}

/// What the leak endpoints share.
pub struct Leaks {
    pub github: Option<KeyFile>,
    pub gitlab_secret: Option<Secret>,
    pub gitlab_types: Vec<String>,
    pub revoker: Revoker,
    location: Location,
    stores: Mutex<Vec<Store>>,
    refusals: Mutex<RefusalBudget>,
}

impl Leaks {
    pub fn new(
        github: Option<KeyFile>,
        gitlab_secret: Option<Secret>,
        prefix: &str,
        revoker: Revoker,
        location: Location,
    ) -> Leaks {
        Leaks {
            github,
            gitlab_secret,
            gitlab_types: codehost::gitlab_types(prefix),
            revoker,
            location,
            stores: Mutex::new(Vec::new()),
            refusals: Mutex::new(RefusalBudget::default()),
        }
    }

    /// Runs `f` on a store connection from the pool (opened on demand).
    fn with_store<T>(
        &self,
        f: impl FnOnce(&mut Store) -> keywarden::Result<T>,
    ) -> keywarden::Result<T> {
        let taken = self
            .stores
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .pop();
        let mut store = match taken {
            Some(s) => s,
            None => Store::open_location(self.location.clone())?,
        };
        let out = f(&mut store);
        // A connection that just failed may be broken: open a new one next time.
        if out.is_ok() {
            self.stores
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .push(store);
        }
        out
    }
}

/// `--github-keys`: GitHub's key list, re-read when the file changes
/// (size, modification time or inode). A change that does not parse keeps
/// the keys in force and says so on stderr: a half-written download must
/// not make every alert vanish.
pub struct KeyFile {
    path: PathBuf,
    state: Mutex<(Stamp, PublicKeys)>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
struct Stamp {
    len: u64,
    modified: Option<SystemTime>,
    inode: u64,
}

fn stamp(path: &Path) -> std::io::Result<Stamp> {
    use std::os::unix::fs::MetadataExt;
    let m = std::fs::metadata(path)?;
    Ok(Stamp {
        len: m.len(),
        modified: m.modified().ok(),
        inode: m.ino(),
    })
}

fn read_keys(path: &Path) -> keywarden::Result<PublicKeys> {
    let raw = keywarden::files::read_bounded(path, MAX_KEY_LIST_BYTES, "--github-keys")?;
    PublicKeys::parse(&raw)
}

impl KeyFile {
    /// Reads and checks the file: a missing, unreadable, oversize or
    /// malformed file is a usage error (exit 2) before the server starts.
    pub fn load(path: &Path) -> anyhow::Result<KeyFile> {
        let st = stamp(path).map_err(|e| {
            Error::invalid(format!(
                "--github-keys {}: {e}; save GitHub's key list there \
                 (curl -fsS https://api.github.com/meta/public_keys/secret_scanning)",
                path.display()
            ))
        })?;
        if !std::fs::metadata(path).is_ok_and(|m| m.is_file()) {
            anyhow::bail!(Error::invalid(format!(
                "--github-keys {} is not a regular file",
                path.display()
            )));
        }
        let keys = read_keys(path).map_err(|e| match e {
            Error::Invalid(m) => Error::invalid(format!("--github-keys {}: {m}", path.display())),
            other => other,
        })?;
        Ok(KeyFile {
            path: path.to_owned(),
            state: Mutex::new((st, keys)),
        })
    }

    /// The keys in force, re-read first if the file changed.
    fn current(&self) -> PublicKeys {
        let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        match stamp(&self.path) {
            Ok(st) if st != state.0 => match read_keys(&self.path) {
                Ok(keys) => *state = (st, keys),
                Err(e) => {
                    // Remember the stamp, so a bad file is reported once.
                    state.0 = st;
                    eprintln!(
                        "keywarden serve: --github-keys {} changed but cannot be used ({e}); \
                         the keys read before stay in force",
                        self.path.display()
                    );
                }
            },
            Ok(_) => {}
            Err(e) => eprintln!(
                "keywarden serve: --github-keys {}: {e}; the keys read before stay in force",
                self.path.display()
            ),
        }
        state.1.clone()
    }
}

/// Reads `--gitlab-secret-file`: at least 16 bytes after trimming, not
/// readable by every user.
pub fn load_gitlab_secret(path: &Path) -> anyhow::Result<Secret> {
    use std::os::unix::fs::PermissionsExt;
    let meta = std::fs::metadata(path)
        .with_context(|| format!("--gitlab-secret-file {}", path.display()))
        .map_err(|e| Error::invalid(format!("{e:#}")))?;
    if !meta.is_file() {
        anyhow::bail!(Error::invalid(format!(
            "--gitlab-secret-file {} is not a regular file",
            path.display()
        )));
    }
    if meta.permissions().mode() & 0o004 != 0 {
        anyhow::bail!(Error::invalid(format!(
            "--gitlab-secret-file {} is readable by every user; `chmod 600` it (or 640 for a service group)",
            path.display()
        )));
    }
    let raw = keywarden::files::read_bounded(
        path,
        keywarden::files::MAX_SECRET_BYTES,
        "--gitlab-secret-file",
    )?;
    let text = std::str::from_utf8(&raw).map_err(|_| {
        Error::invalid(format!(
            "--gitlab-secret-file {} is not text",
            path.display()
        ))
    })?;
    let secret = text.trim();
    if secret.len() < 16 || secret.contains(['\n', '\r']) {
        anyhow::bail!(Error::invalid(format!(
            "--gitlab-secret-file {} must hold one line of at least 16 characters, the token \
             GitLab sends (generate one with `openssl rand -hex 32`)",
            path.display()
        )));
    }
    Ok(Secret::from(secret))
}

/// Checks `--incident-dir`: an existing directory this process can write.
pub fn check_incident_dir(dir: &Path) -> anyhow::Result<()> {
    if !dir.is_dir() {
        anyhow::bail!(Error::invalid(format!(
            "--incident-dir {} is not a directory; create it (mkdir -m 700 {})",
            dir.display(),
            dir.display()
        )));
    }
    keywarden::files::probe_output(&dir.join("probe"), "--incident-dir")
        .map_err(|e| Error::invalid(format!("--incident-dir {}: {e}", dir.display())))?;
    Ok(())
}

/// Reads the body, refusing more than [`MAX_BODY_BYTES`].
async fn body_bytes(body: Body) -> Result<bytes::Bytes, (StatusCode, String)> {
    axum::body::to_bytes(body, MAX_BODY_BYTES)
        .await
        .map_err(|_| {
            (
                StatusCode::PAYLOAD_TOO_LARGE,
                format!("the body is larger than {} MiB", MAX_BODY_BYTES >> 20),
            )
        })
}

fn single<'a>(h: &'a HeaderMap, name: &str) -> Option<&'a str> {
    let mut all = h.get_all(name).iter();
    match (all.next(), all.next()) {
        (Some(v), None) => v.to_str().ok(),
        _ => None,
    }
}

/// A refusal: audited (`leak.refused`), then answered with `why` (which
/// never holds a token or the secret).
async fn refuse(app: &Arc<App>, host: Host, status: StatusCode, why: String) -> Response {
    let Some(l) = app.leaks.as_ref() else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let budget = l
        .refusals
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .take();
    if let Some(unaudited) = budget {
        let app2 = Arc::clone(app);
        let reason = why.clone();
        let audited = tokio::task::spawn_blocking(move || {
            let l = app2.leaks.as_ref().expect("checked above");
            l.with_store(|s| leaks::refuse(s, host, status.as_u16(), &reason, unaudited))
        })
        .await;
        match audited {
            Ok(Ok(())) => {}
            Ok(Err(e)) => return unavailable(&format!("the store failed: {e}")),
            Err(_) => return unavailable("cancelled"),
        }
    }
    let mut h = HeaderMap::new();
    if status == StatusCode::UNAUTHORIZED && host == Host::GitLab {
        h.insert(
            "www-authenticate",
            "Bearer realm=\"keywarden\"".parse().expect("ASCII"),
        );
    }
    (status, h, axum::Json(serde_json::json!({"error": why}))).into_response()
}

fn unavailable(why: &str) -> Response {
    let mut h = HeaderMap::new();
    h.insert("retry-after", "1".parse().expect("ASCII"));
    (
        StatusCode::SERVICE_UNAVAILABLE,
        h,
        axum::Json(serde_json::json!({"error": why})),
    )
        .into_response()
}

/// Stores the batch and queues its pending tokens; the labels decided by
/// now, in reported order.
async fn intake(
    app: &Arc<App>,
    host: Host,
    body: &[u8],
    reported: Vec<Reported>,
) -> Result<(leaks::Accepted, Vec<Reported>), Response> {
    let digest = codehost::digest(host, body);
    let app2 = Arc::clone(app);
    let done = tokio::task::spawn_blocking(move || {
        let l = app2.leaks.as_ref().expect("routes exist only with leaks");
        let a = l.with_store(|s| leaks::accept(s, host, &digest, &reported))?;
        l.revoker.submit(&a.incident, host, &a.pending);
        Ok::<_, Error>((a, reported))
    })
    .await;
    match done {
        Ok(Ok(x)) => Ok(x),
        Ok(Err(e)) => Err(unavailable(&format!("the store failed: {e}"))),
        Err(_) => Err(unavailable("cancelled")),
    }
}

/// `POST /v1/leaks/github`.
pub async fn github(State(app): State<Arc<App>>, headers: HeaderMap, body: Body) -> Response {
    let host = Host::GitHub;
    let Some(keys) = app.leaks.as_ref().and_then(|l| l.github.as_ref()) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let body = match body_bytes(body).await {
        Ok(b) => b,
        Err((status, why)) => return refuse(&app, host, status, why).await,
    };
    let (Some(key_id), Some(sig)) = (
        single(&headers, "github-public-key-identifier"),
        single(&headers, "github-public-key-signature"),
    ) else {
        return refuse(
            &app,
            host,
            StatusCode::UNAUTHORIZED,
            "no single Github-Public-Key-Identifier and Github-Public-Key-Signature header".into(),
        )
        .await;
    };
    if let Err(e) = keys.current().verify(key_id, sig, &body) {
        return refuse(&app, host, StatusCode::UNAUTHORIZED, e.to_string()).await;
    }
    let reported = match codehost::parse_github(&body) {
        Ok(r) => r,
        Err(e) => return refuse(&app, host, StatusCode::BAD_REQUEST, e.to_string()).await,
    };
    match intake(&app, host, &body, reported).await {
        Ok((accepted, reported)) => {
            let feedback: Vec<Feedback> = reported
                .iter()
                .zip(&accepted.labels)
                .filter_map(|(r, l)| l.map(|l| Feedback::new(r, l)))
                .collect();
            let mut h = HeaderMap::new();
            if let Ok(v) = accepted.incident.parse() {
                h.insert("x-keywarden-incident", v);
            }
            (StatusCode::OK, h, axum::Json(feedback)).into_response()
        }
        Err(r) => r,
    }
}

/// GitLab's shared secret, as `Authorization: <secret>` (what GitLab
/// sends) or `Authorization: Bearer <secret>`.
fn gitlab_authorized(l: &Leaks, headers: &HeaderMap) -> Result<(), String> {
    let Some(secret) = l.gitlab_secret.as_ref() else {
        return Err("the GitLab endpoints are off (no --gitlab-secret-file)".into());
    };
    let Some(v) = single(headers, "authorization") else {
        return Err("no single Authorization header".into());
    };
    let v = v.trim();
    let presented = match v.get(..7) {
        Some(s) if s.eq_ignore_ascii_case("bearer ") => v[7..].trim_start(),
        _ => v,
    };
    if codehost::secrets_match(presented.as_bytes(), secret.expose().as_bytes()) {
        Ok(())
    } else {
        Err("the Authorization header does not hold the shared secret".into())
    }
}

/// `GET /v1/revocable_token_types`.
pub async fn gitlab_types(State(app): State<Arc<App>>, headers: HeaderMap) -> Response {
    let Some(l) = app.leaks.as_ref().filter(|l| l.gitlab_secret.is_some()) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    if let Err(why) = gitlab_authorized(l, &headers) {
        return refuse(&app, Host::GitLab, StatusCode::UNAUTHORIZED, why).await;
    }
    axum::Json(serde_json::json!({"types": l.gitlab_types})).into_response()
}

/// `POST /v1/revoke_tokens`.
pub async fn gitlab_revoke(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let host = Host::GitLab;
    let Some(l) = app.leaks.as_ref().filter(|l| l.gitlab_secret.is_some()) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    if let Err(why) = gitlab_authorized(l, &headers) {
        return refuse(&app, host, StatusCode::UNAUTHORIZED, why).await;
    }
    let body = match body_bytes(body).await {
        Ok(b) => b,
        Err((status, why)) => return refuse(&app, host, status, why).await,
    };
    let reported = match codehost::parse_gitlab(&body) {
        Ok(r) => r,
        Err(e) => return refuse(&app, host, StatusCode::BAD_REQUEST, e.to_string()).await,
    };
    match intake(&app, host, &body, reported).await {
        Ok(_) => StatusCode::NO_CONTENT.into_response(),
        Err(r) => r,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refusals_past_the_budget_are_counted_not_audited() {
        let mut b = RefusalBudget::default();
        for _ in 0..REFUSALS_AUDITED {
            assert_eq!(b.take(), Some(0));
        }
        assert_eq!(b.take(), None);
        assert_eq!(b.take(), None);
        // A new window: the next audited refusal counts the two left out.
        b.window = Some(std::time::Instant::now() - REFUSAL_WINDOW);
        assert_eq!(b.take(), Some(2));
        assert_eq!(b.take(), Some(0));
    }
}
