//! `serve --upstream URL`: the MCP gateway (contract §11), a streaming
//! reverse proxy in front of an MCP server (Streamable HTTP, both protocol
//! eras) or any HTTP API, so the server needs no code to enforce keys.
//!
//! Every request is authenticated as `/v1/verify` would (the same
//! [`check`], the same audit events); `Authorization` and any client copy
//! of `X-Keywarden-*` are removed before forwarding (the MCP specification
//! forbids passing a client's token through), and the identity headers are
//! set. On the MCP endpoint (`--mcp-path`, default `/mcp`):
//!
//! - a POST body is read whole (at most `--max-body`, refused with 413
//!   before it is buffered when its length says so) and strictly
//!   ([`keywarden::mcp::parse_body`]); routing headers that disagree with
//!   it are refused (400, JSON-RPC −32020) before anything is forwarded;
//! - each `tools/call` is its own check for its tool, audited as
//!   `tool.call` with actor kind `mcp`; a refused one is answered by the
//!   gateway (403 and a JSON-RPC error for its id, or 429), the rest of a
//!   batch goes on;
//! - `tools/list` results coming back, as JSON or as server-sent events,
//!   are filtered to the tools the key may call and marked private;
//! - everything else streams through as it arrives: SSE events are passed
//!   on one by one (progress notifications are not held back), and a
//!   client that goes away drops the upstream request (how 2026-07-28
//!   cancels). A stream outlives no revocation: every `--max-staleness`
//!   the key is read again and the stream ends once it is not active.
//!
//! Other paths are plain HTTP: one check per request (with `--routes`, for
//! what the method and path need), then streamed both ways.

use std::sync::Arc;
use std::time::Duration;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderName, HeaderValue, Method, StatusCode, header, request};
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use futures_util::StreamExt;
use http_body_util::BodyExt;
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use serde_json::Value;

use super::App;
use super::forward_auth::{
    bearer, check, http_status, identity_headers, put, refusal_headers_scope, request_id,
    unavailable,
};
use keywarden::audit::Actor;
use keywarden::error::Error;
use keywarden::mcp::{self, Routing};
use keywarden::model::Key;
use keywarden::verifier::{Outcome, ToolCatalog};
use keywarden::{Verdict, VerifyRequest, VerifyStatus};

/// The gateway's settings and its connection pool to the upstream.
pub struct Gateway {
    client: Client<HttpConnector, Body>,
    upstream: Upstream,
    mcp_path: String,
    max_body: usize,
    /// The actor of MCP-endpoint checks: this server, kind `mcp`.
    mcp_actor: Actor,
    /// How often a stream's key is read again.
    staleness: Duration,
    /// Bodies being read whole at once: each may be `max_body`, so their
    /// number bounds the memory requests can hold ([`BODY_BUDGET`]).
    bodies: Arc<tokio::sync::Semaphore>,
    /// Which key each MCP session belongs to.
    sessions: Sessions,
}

/// The key each session-era MCP session (`Mcp-Session-Id`) belongs to: the
/// one whose request the upstream answered with the id (its `initialize`),
/// or, for a session the gateway has not seen start (begun before a
/// restart, or forgotten), the first key to use it. Another key's request
/// in the session is answered 404, as an unknown session is, so a leaked
/// session id is no way into another key's session (the MCP
/// specification asks servers to bind sessions to their user; many do
/// not). In memory, at most [`MAX_SESSIONS`]; past that the oldest tenth
/// is forgotten.
#[derive(Default)]
struct Sessions(
    std::sync::Mutex<(
        std::collections::HashMap<String, String>,
        std::collections::VecDeque<String>,
    )>,
);

/// The most sessions whose key the gateway remembers.
const MAX_SESSIONS: usize = 100_000;

impl Sessions {
    /// Whether `key_id` may use session `id`; binds it when unbound.
    fn admit(&self, id: &str, key_id: &str) -> bool {
        let mut g = self
            .0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let (map, order) = &mut *g;
        if let Some(owner) = map.get(id) {
            return owner == key_id;
        }
        if map.len() >= MAX_SESSIONS {
            for old in order.drain(..MAX_SESSIONS / 10) {
                map.remove(&old);
            }
        }
        map.insert(id.to_owned(), key_id.to_owned());
        order.push_back(id.to_owned());
        true
    }
}

/// The most memory request bodies read whole may hold at once.
const BODY_BUDGET: usize = 256 << 20;

/// How long a client may take to send a body the gateway reads whole.
const BODY_TIMEOUT: Duration = Duration::from_secs(30);

/// Where requests go: `http://HOST:PORT` and an optional path prefix.
struct Upstream {
    authority: String,
    base_path: String,
}

/// The most of an upstream's JSON answer the gateway reads to filter a
/// `tools/list` result.
const MAX_UPSTREAM_JSON: usize = 64 << 20;

impl Gateway {
    /// Checks `--upstream`, `--mcp-path` and `--max-body` (exit 2 on a bad
    /// one) and makes the connection pool.
    pub fn new(
        upstream: &str,
        mcp_path: &str,
        max_body: usize,
        mcp_actor: Actor,
        staleness: Duration,
    ) -> keywarden::Result<Gateway> {
        let url = url::Url::parse(upstream).map_err(|e| {
            Error::invalid(format!(
                "--upstream {upstream:?} is not a URL ({e}): give http://HOST:PORT, e.g. http://127.0.0.1:3000"
            ))
        })?;
        if url.scheme() != "http" {
            return Err(Error::invalid(format!(
                "--upstream {upstream:?}: only http:// is supported (the upstream is meant to be on this host or a private network; terminate TLS in front of the gateway)"
            )));
        }
        let Some(host) = url.host_str() else {
            return Err(Error::invalid(format!(
                "--upstream {upstream:?} has no host"
            )));
        };
        if !url.username().is_empty() || url.password().is_some() {
            return Err(Error::invalid(
                "--upstream must not carry credentials: the gateway sends none upstream",
            ));
        }
        if url.query().is_some() || url.fragment().is_some() {
            return Err(Error::invalid(format!(
                "--upstream {upstream:?}: give no query or fragment, only http://HOST:PORT[/PATH]"
            )));
        }
        let port = url.port_or_known_default().unwrap_or(80);
        let authority = match url.host() {
            Some(url::Host::Ipv6(a)) => format!("[{a}]:{port}"),
            _ => format!("{host}:{port}"),
        };
        if !mcp_path.starts_with('/') || mcp_path.contains(['?', '#']) {
            return Err(Error::invalid(format!(
                "--mcp-path {mcp_path:?} must be a path starting with /, e.g. /mcp"
            )));
        }
        let n = normalize(mcp_path);
        if n.starts_with("/v1/") || ["/healthz", "/readyz", "/metrics"].contains(&n.as_str()) {
            return Err(Error::invalid(format!(
                "--mcp-path {mcp_path:?} is one of serve's own paths (/v1/…, /healthz, /readyz, /metrics); give the MCP server's, e.g. /mcp"
            )));
        }
        if max_body == 0 {
            return Err(Error::invalid("--max-body must be more than 0"));
        }
        let mut connector = HttpConnector::new();
        connector.set_nodelay(true);
        connector.set_connect_timeout(Some(Duration::from_secs(5)));
        let client = Client::builder(TokioExecutor::new())
            .pool_idle_timeout(Duration::from_secs(60))
            .build(connector);
        Ok(Gateway {
            client,
            upstream: Upstream {
                authority,
                base_path: url.path().trim_end_matches('/').to_owned(),
            },
            mcp_path: mcp_path.to_owned(),
            max_body,
            mcp_actor,
            staleness,
            bodies: Arc::new(tokio::sync::Semaphore::new((BODY_BUDGET / max_body).max(1))),
            sessions: Sessions::default(),
        })
    }

    /// Whether `path` is the MCP endpoint, compared as servers may compare
    /// it: percent-decoded, without case, dot segments, repeated or
    /// trailing slashes (Express matches `/MCP/` to a route `/mcp`). A path
    /// that any server could take for the endpoint has its body read.
    fn is_mcp_endpoint(&self, path: &str) -> bool {
        normalize(path) == normalize(&self.mcp_path)
    }

    fn shown(&self) -> String {
        format!(
            "http://{}{}",
            self.upstream.authority, self.upstream.base_path
        )
    }
}

/// Every path that is not one of `serve`'s own.
pub async fn proxy(State(app): State<Arc<App>>, req: Request) -> Response {
    let Some(gw) = app.gateway.as_ref() else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let (parts, body) = req.into_parts();
    let on_mcp = gw.is_mcp_endpoint(parts.uri.path());
    if on_mcp && ![Method::POST, Method::GET, Method::DELETE].contains(&parts.method) {
        // Only POST carries JSON-RPC, and only POST bodies are read: a
        // server that took a body by another method would run it unread.
        let mut h = HeaderMap::new();
        put(&mut h, "allow", "GET, POST, DELETE");
        return (StatusCode::METHOD_NOT_ALLOWED, h).into_response();
    }
    if on_mcp && parts.method != Method::POST && has_body(&parts.headers) {
        // Dropped, it would leave the upstream waiting for bytes that are
        // the next request's (smuggling); forwarded, it would run unread.
        return bad_request_plain("GET and DELETE on the MCP endpoint take no body");
    }
    if content_length(&parts.headers).is_some_and(|n| n > gw.max_body as u64) {
        return too_large(gw, on_mcp);
    }
    let token = match bearer(&parts.headers) {
        Ok(t) => t,
        Err(reason) => {
            let v = Verdict {
                status: VerifyStatus::Malformed,
                key_id: None,
                reason,
                name: None,
            };
            return refused(&app, &v, None, on_mcp.then_some(&Value::Null));
        }
    };
    if on_mcp && !session_admits(gw, &parts.headers, &app, token.expose()) {
        return (
            StatusCode::NOT_FOUND,
            axum::Json(mcp::error_response(
                Value::Null,
                mcp::INVALID_REQUEST,
                "no such session for this key: initialize a new one",
            )),
        )
            .into_response();
    }
    let base = VerifyRequest {
        request_id: request_id(&parts.headers),
        ..VerifyRequest::default()
    };
    let actor = if on_mcp { &gw.mcp_actor } else { &app.actor };
    // A token known not to authenticate is refused (and audited) before
    // its body is read.
    if app.verifier.surely_refused(token.expose()) {
        return match check(&app, token, base, actor).await {
            Ok(o) => refused(&app, &o.verdict, None, on_mcp.then_some(&Value::Null)),
            Err(why) => unavailable(&app, &why),
        };
    }
    let read_whole = if on_mcp {
        parts.method == Method::POST
    } else {
        has_body(&parts.headers) && is_json_like(&parts.headers)
    };
    let mut body = Body::new(http_body_util::Limited::new(body, gw.max_body));
    let _permit;
    if read_whole {
        _permit = match Arc::clone(&gw.bodies).try_acquire_owned() {
            Ok(p) => p,
            Err(_) => {
                return unavailable(&app, "too many request bodies are being read; try again");
            }
        };
        let bytes = match tokio::time::timeout(BODY_TIMEOUT, body.collect()).await {
            Ok(Ok(c)) => c.to_bytes(),
            Ok(Err(_)) => return too_large(gw, on_mcp),
            Err(_) => {
                let why = format!(
                    "the request body did not arrive within {}s",
                    BODY_TIMEOUT.as_secs()
                );
                return (
                    StatusCode::REQUEST_TIMEOUT,
                    axum::Json(serde_json::json!({"status": "REQUEST_TIMEOUT", "reason": why})),
                )
                    .into_response();
            }
        };
        if on_mcp {
            return mcp_post(&app, gw, parts, bytes, token, base).await;
        }
        if looks_like_jsonrpc(&bytes) {
            // An MCP server may answer at more paths than the one named
            // (`/mcp;x` on a servlet container): JSON-RPC is read at the
            // MCP endpoint only, so it is refused elsewhere.
            return bad_request_plain(&format!(
                "JSON-RPC is taken only at the MCP endpoint {} (--mcp-path)",
                gw.mcp_path
            ));
        }
        body = Body::from(bytes);
    }
    let req = if on_mcp {
        base
    } else {
        plain_request(&app, &parts, base)
    };
    let outcome = match check(&app, token, req, actor).await {
        Ok(o) => o,
        Err(why) => return unavailable(&app, &why),
    };
    if !outcome.verdict.is_valid() {
        return refused(&app, &outcome.verdict, None, on_mcp.then_some(&Value::Null));
    }
    if on_mcp {
        body = Body::empty();
    }
    forward(&app, gw, parts, body, &outcome, on_mcp, Vec::new()).await
}

/// Whether the request's session (if it names one) is its key's: the key
/// id the token claims is compared before anything else is done (the token
/// itself is authenticated next, as for every request).
fn session_admits(gw: &Gateway, h: &HeaderMap, app: &App, token: &str) -> bool {
    let mut all = h.get_all("mcp-session-id").iter();
    let sid = match (all.next(), all.next()) {
        (None, _) => return true,
        (Some(sid), None) => sid,
        // More than one: a server may read either copy.
        (Some(_), Some(_)) => return false,
    };
    let Ok(sid) = sid.to_str() else {
        return false;
    };
    match keywarden::token::parse_for(token, app.verifier.prefix()) {
        Ok(p) => gw.sessions.admit(sid, p.key_id),
        // Refused as malformed right after.
        Err(_) => true,
    }
}

/// Whether a request carries a body (a length above zero, or chunks).
fn has_body(h: &HeaderMap) -> bool {
    h.contains_key(header::TRANSFER_ENCODING) || content_length(h).is_some_and(|n| n > 0)
}

/// A body a server may read as JSON: `application/json`, `…+json`, or no
/// type at all.
fn is_json_like(h: &HeaderMap) -> bool {
    match h.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()) {
        None => true,
        Some(t) => {
            let t = t
                .split(';')
                .next()
                .unwrap_or("")
                .trim()
                .to_ascii_lowercase();
            t.is_empty() || t == "application/json" || t.ends_with("+json")
        }
    }
}

/// JSON with a `jsonrpc` member at its top, or in a batch's elements.
fn looks_like_jsonrpc(bytes: &[u8]) -> bool {
    match serde_json::from_slice::<Value>(bytes) {
        Ok(Value::Object(m)) => m.contains_key("jsonrpc"),
        Ok(Value::Array(a)) => a.iter().any(|m| m.get("jsonrpc").is_some()),
        _ => false,
    }
}

/// 400 with a JSON-RPC error of no id.
fn bad_request_plain(why: &str) -> Response {
    (
        StatusCode::BAD_REQUEST,
        axum::Json(mcp::error_response(Value::Null, mcp::INVALID_REQUEST, why)),
    )
        .into_response()
}

/// A path as the most lenient server would route it (see
/// [`Gateway::is_mcp_endpoint`]).
fn normalize(path: &str) -> String {
    let decoded = percent_encoding::percent_decode_str(path).decode_utf8_lossy();
    let mut out: Vec<String> = Vec::new();
    for seg in decoded.split(['/', '\\']) {
        // `;params` (servlet containers drop them), and trailing dots,
        // blanks and control characters (some servers and file systems
        // ignore them).
        let seg = seg.split(';').next().unwrap_or("");
        let seg = match seg {
            "." | ".." => seg,
            s => s.trim_end_matches(|c: char| c == '.' || c.is_whitespace() || c.is_control()),
        };
        match seg {
            "" | "." => {}
            ".." => {
                out.pop();
            }
            s => out.push(s.to_lowercase()),
        }
    }
    format!("/{}", out.join("/"))
}

/// What a plain (non-MCP) request needs: with `--routes`, what its method
/// and path need (a path no route matches is refused); else only a live
/// key. Client headers never choose it.
fn plain_request(app: &App, parts: &request::Parts, mut req: VerifyRequest) -> VerifyRequest {
    if let Some(routes) = &app.routes {
        let uri = parts
            .uri
            .path_and_query()
            .map_or("/", |p| p.as_str())
            .to_owned();
        match routes.resolve(parts.method.as_str(), &uri) {
            Ok(needs) => {
                req.resource = needs.resource;
                req.ability = needs.ability;
                req.tool = needs.tool;
            }
            Err(why) => req.deny = Some(why),
        }
    }
    req
}

/// A POST on the MCP endpoint: parse, check the routing headers, check
/// each `tools/call` (or the body as a whole), answer the refused ones and
/// forward the rest.
async fn mcp_post(
    app: &Arc<App>,
    gw: &Gateway,
    parts: request::Parts,
    bytes: Bytes,
    token: keywarden::Secret,
    mut base: VerifyRequest,
) -> Response {
    let parsed = mcp::parse_body(&bytes);
    let body = match &parsed {
        Ok(b) => Some(b),
        Err(r) => {
            base.deny = Some(r.message.clone());
            None
        }
    };
    let mut mismatch = None;
    if let Some(b) = body
        && let Err(r) = routing(&parts.headers).and_then(|r| {
            mcp::check_routing(
                &Routing {
                    method: r.0.as_deref(),
                    name: r.1.as_deref(),
                    protocol_version: r.2.as_deref(),
                },
                b,
            )
        })
    {
        base.deny = Some(r.message.clone());
        mismatch = Some(r);
    }
    // One check per tools/call, each audited as a tool call; a body with
    // none (or one refused as a whole) is one check.
    let calls: Vec<(usize, &str)> = match body {
        Some(b) if base.deny.is_none() => b
            .messages
            .iter()
            .enumerate()
            .filter_map(|(i, m)| m.tool().map(|t| (i, t)))
            .collect(),
        _ => Vec::new(),
    };
    let requests: Vec<VerifyRequest> = if calls.is_empty() {
        vec![base]
    } else {
        calls
            .iter()
            .map(|(_, tool)| VerifyRequest {
                tool: Some((*tool).to_owned()),
                action: Some("tool.call"),
                ..base.clone()
            })
            .collect()
    };
    let checks = requests.into_iter().map(|r| {
        let token = token.clone();
        async move { check(app, token, r, &gw.mcp_actor).await }
    });
    let outcomes = match futures_util::future::join_all(checks)
        .await
        .into_iter()
        .collect::<Result<Vec<Outcome>, String>>()
    {
        Ok(o) => o,
        Err(why) => return unavailable(app, &why),
    };
    let single_id = body
        .filter(|b| !b.batch)
        .and_then(|b| b.messages[0].id())
        .cloned()
        .unwrap_or(Value::Null);
    // A token that does not authenticate refuses the whole request.
    if let Some(o) = outcomes.iter().find(|o| {
        !matches!(
            o.verdict.status,
            VerifyStatus::Valid | VerifyStatus::Forbidden | VerifyStatus::RateLimited
        )
    }) {
        return refused(app, &o.verdict, None, Some(&single_id));
    }
    let body = match &parsed {
        Ok(b) => b,
        Err(r) => return bad_request(app, &outcomes[0].verdict, r),
    };
    if let Some(r) = mismatch {
        return bad_request(app, &outcomes[0].verdict, &r);
    }
    if calls.is_empty() && !outcomes[0].verdict.is_valid() {
        return refused(app, &outcomes[0].verdict, None, Some(&single_id));
    }
    // Per tools/call: the refused ones are answered here.
    let mut errors = Vec::new();
    let mut dropped = vec![false; body.messages.len()];
    for ((i, tool), o) in calls.iter().zip(&outcomes) {
        if o.verdict.is_valid() {
            continue;
        }
        let m = &body.messages[*i];
        if !body.batch {
            return refused(app, &o.verdict, Some(tool), m.id());
        }
        app.metrics.status(o.verdict.status);
        dropped[*i] = true;
        errors.push(jsonrpc_error(&o.verdict, m.id()));
    }
    let Some(valid) = outcomes.iter().find(|o| o.verdict.is_valid()) else {
        // A batch of refused tool calls only.
        return (StatusCode::FORBIDDEN, axum::Json(Value::Array(errors))).into_response();
    };
    let forwarded = if errors.is_empty() {
        bytes
    } else {
        let rest: Vec<&Value> = body
            .messages
            .iter()
            .zip(&dropped)
            .filter(|(_, d)| !**d)
            .map(|(m, _)| &m.value)
            .collect();
        Bytes::from(serde_json::to_vec(&rest).expect("JSON values serialize"))
    };
    let mut parts = parts;
    parts.headers.remove(header::CONTENT_LENGTH);
    forward(app, gw, parts, Body::from(forwarded), valid, true, errors).await
}

/// The routing headers, each sent at most once, as text; `Mcp-Name`
/// decoded.
type RoutingHeaders = (Option<String>, Option<String>, Option<String>);

fn routing(h: &HeaderMap) -> Result<RoutingHeaders, mcp::Refusal> {
    let one = |name: &str| -> Result<Option<String>, mcp::Refusal> {
        let mut all = h.get_all(name).iter();
        let (v, more) = (all.next(), all.next());
        let refuse = |why: String| mcp::Refusal {
            code: mcp::HEADER_MISMATCH,
            message: why,
            id: Value::Null,
        };
        if more.is_some() {
            return Err(refuse(format!("the {name} header is sent more than once")));
        }
        v.map(|v| {
            v.to_str()
                .map(|s| s.trim().to_owned())
                .map_err(|_| refuse(format!("the {name} header is not text")))
        })
        .transpose()
    };
    let name = one("mcp-name")?
        .map(|n| {
            mcp::decode_header(&n).ok_or_else(|| mcp::Refusal {
                code: mcp::HEADER_MISMATCH,
                message: "the Mcp-Name header cannot be decoded".into(),
                id: Value::Null,
            })
        })
        .transpose()?;
    Ok((one("mcp-method")?, name, one("mcp-protocol-version")?))
}

/// Forwards the request upstream and streams the answer back, filtering
/// `tools/list` results on the MCP endpoint; `errors` are JSON-RPC errors
/// the gateway answered for refused elements of a batch, sent first.
async fn forward(
    app: &Arc<App>,
    gw: &Gateway,
    mut parts: request::Parts,
    body: Body,
    outcome: &Outcome,
    on_mcp: bool,
    errors: Vec<Value>,
) -> Response {
    let path = parts.uri.path_and_query().map_or("/", |p| p.as_str());
    let uri = match format!(
        "http://{}{}{}",
        gw.upstream.authority, gw.upstream.base_path, path
    )
    .parse::<axum::http::Uri>()
    {
        Ok(u) => u,
        Err(_) => return bad_gateway(gw, "the request's path cannot be forwarded"),
    };
    let original_host = parts.headers.get(header::HOST).cloned();
    let peer = parts.extensions.get::<super::Peer>().and_then(|p| p.0);
    strip_hop_by_hop(&mut parts.headers);
    let mut headers = std::mem::take(&mut parts.headers);
    // Ours only, under any spelling a server may fold into ours
    // (`X_Keywarden_Key_Id` is `HTTP_X_KEYWARDEN_KEY_ID` to CGI and WSGI).
    let theirs: Vec<HeaderName> = headers
        .keys()
        .filter(|n| {
            n.as_str()
                .replace(['_', '.'], "-")
                .starts_with("x-keywarden-")
        })
        .cloned()
        .collect();
    for n in theirs {
        headers.remove(n);
    }
    headers.remove(header::AUTHORIZATION);
    headers.remove(header::HOST);
    // The framing is the body's as forwarded (hyper sets it), never the
    // client's: a length that disagrees with the bytes sent would make the
    // upstream read the next request as this one's body.
    headers.remove(header::CONTENT_LENGTH);
    if on_mcp {
        // The answer is read (tools/list is filtered): it must come as text.
        headers.remove(header::ACCEPT_ENCODING);
    }
    identity_headers(&mut headers, &outcome.verdict, outcome.key.as_deref());
    put(
        &mut headers,
        "x-keywarden-status",
        VerifyStatus::Valid.as_str(),
    );
    if let Some(h) = original_host {
        headers.insert(HeaderName::from_static("x-forwarded-host"), h);
    }
    put(&mut headers, "x-forwarded-proto", "http");
    // The client's address appended as proxies do; the headers the
    // gateway does not keep up are not passed on as if it vouched for them.
    headers.remove(header::FORWARDED);
    headers.remove("x-real-ip");
    if let Some(ip) = peer {
        let chain = match headers.get("x-forwarded-for").and_then(|v| v.to_str().ok()) {
            Some(before) => format!("{before}, {ip}"),
            None => ip.to_string(),
        };
        put(&mut headers, "x-forwarded-for", &chain);
    }
    if let Ok(h) = HeaderValue::from_str(&gw.upstream.authority) {
        headers.insert(header::HOST, h);
    }
    let mut up = axum::http::Request::new(body);
    *up.method_mut() = parts.method;
    *up.uri_mut() = uri;
    *up.headers_mut() = headers;
    app.metrics.status(VerifyStatus::Valid);
    // A request outlives no revocation, whether it waits for the
    // upstream's first byte or streams: the key is read again every
    // staleness bound until the answer is done.
    let key_id = outcome.key.as_ref().map(|k| k.id.clone());
    let mut watch = Box::pin(revoked(Arc::clone(app), key_id, gw.staleness));
    let answer = tokio::select! {
        a = gw.client.request(up) => a,
        () = &mut watch => return revoked_meanwhile(app, on_mcp),
    };
    let answer = match answer {
        Ok(a) => a,
        Err(e) => {
            let why =
                std::error::Error::source(&e).map_or_else(|| e.to_string(), ToString::to_string);
            return bad_gateway(gw, &format!("the upstream did not answer: {why}"));
        }
    };
    let (mut rparts, rbody) = answer.into_parts();
    strip_hop_by_hop(&mut rparts.headers);
    if on_mcp
        && let (Some(sid), Some(k)) = (
            rparts
                .headers
                .get("mcp-session-id")
                .and_then(|v| v.to_str().ok()),
            outcome.key.as_deref(),
        )
    {
        // The session the upstream just started is this key's.
        gw.sessions.admit(sid, &k.id);
    }
    if on_mcp
        && rparts
            .headers
            .get(header::CONTENT_ENCODING)
            .is_some_and(|e| !e.as_bytes().eq_ignore_ascii_case(b"identity"))
    {
        // Unreadable, so unfilterable: fail closed.
        return bad_gateway(
            gw,
            "the upstream compressed its answer though the gateway asked for none; it must be read to be filtered",
        );
    }
    let key = outcome.key.clone();
    let sse = is_content(&rparts.headers, "text/event-stream");
    if on_mcp {
        // What one key sees is not another's to reuse.
        rparts.headers.insert(
            header::CACHE_CONTROL,
            HeaderValue::from_static("private, no-store"),
        );
    }
    if on_mcp && !sse {
        // Read whatever its type says: a tools/list is filtered wherever
        // it is JSON.
        let collected = tokio::select! {
            c = http_body_util::Limited::new(rbody, MAX_UPSTREAM_JSON).collect() => c,
            () = &mut watch => return revoked_meanwhile(app, on_mcp),
        };
        let Ok(collected) = collected else {
            return bad_gateway(gw, "the upstream's answer was cut off or too large");
        };
        let bytes = collected.to_bytes();
        let catalog = match catalog(app).await {
            Ok(c) => c,
            Err(why) => return unavailable(app, &why),
        };
        if bytes.is_empty() && !errors.is_empty() {
            // The upstream took the rest of the batch (202, nothing to
            // say): the answers are the gateway's refusals.
            rparts.status = StatusCode::OK;
            rparts.headers.insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            );
        }
        let Some(out) = filter_json(&bytes, key.as_deref(), &catalog, errors) else {
            return bad_gateway(
                gw,
                "the upstream's answer may hold a tool list the gateway cannot read to filter",
            );
        };
        rparts.headers.remove(header::CONTENT_LENGTH);
        return Response::from_parts(rparts, Body::from(out));
    }
    if !sse {
        let stream = rbody.into_data_stream().take_until(watch);
        return Response::from_parts(rparts, Body::from_stream(stream));
    }
    let catalog = if on_mcp {
        match catalog(app).await {
            Ok(c) => Some(c),
            Err(why) => return unavailable(app, &why),
        }
    } else {
        None
    };
    rparts.headers.remove(header::CONTENT_LENGTH);
    let mut events = Events::new(catalog.zip(key.clone()));
    let first: Vec<u8> = errors.iter().flat_map(sse_event).collect();
    let head = futures_util::stream::iter(
        (!first.is_empty()).then(|| Ok::<Bytes, axum::Error>(Bytes::from(first))),
    );
    let data = rbody
        .into_data_stream()
        .map(move |chunk| {
            chunk
                .map_err(axum::Error::new)
                .and_then(|c| events.push(c).map_err(axum::Error::new))
        })
        .filter(|c| std::future::ready(!matches!(c, Ok(b) if b.is_empty())));
    let stream = head.chain(data).take_until(watch);
    Response::from_parts(rparts, Body::from_stream(stream))
}

/// The answer when the key was revoked (or expired) while its request was
/// upstream: the request is dropped, which cancels it there.
fn revoked_meanwhile(app: &App, on_mcp: bool) -> Response {
    let v = Verdict {
        status: VerifyStatus::Revoked,
        key_id: None,
        reason: "the key was revoked or expired while its request was upstream".into(),
        name: None,
    };
    refused(app, &v, None, on_mcp.then_some(&Value::Null))
}

/// Resolves once the key is no longer active (checked every `every`), so
/// that a stream it opened ends within the staleness bound.
async fn revoked(app: Arc<App>, key_id: Option<String>, every: Duration) {
    let Some(key_id) = key_id else {
        return std::future::pending().await;
    };
    loop {
        tokio::time::sleep(every).await;
        let (a, id) = (Arc::clone(&app), key_id.clone());
        match tokio::task::spawn_blocking(move || a.verifier.key_is_active(&id)).await {
            Ok(Ok(false)) => return,
            // A store that cannot answer does not end the stream; the next
            // request is checked in full anyway.
            _ => continue,
        }
    }
}

/// The tool catalog, without blocking the async worker unless it is stale.
async fn catalog(app: &Arc<App>) -> Result<ToolCatalog, String> {
    if let Some(c) = app.verifier.tool_catalog_fresh() {
        return Ok(c);
    }
    let a = Arc::clone(app);
    tokio::task::spawn_blocking(move || a.verifier.tool_catalog())
        .await
        .map_err(|_| "the catalog read was cancelled".to_owned())?
        .map_err(|e| format!("the store failed: {e}"))
}

/// A JSON answer on the MCP endpoint with its `tools/list` results
/// filtered, and `errors` added when the upstream answered a batch.
fn filter_json(
    bytes: &Bytes,
    key: Option<&Key>,
    catalog: &ToolCatalog,
    errors: Vec<Value>,
) -> Option<Bytes> {
    if bytes.is_empty() && !errors.is_empty() {
        // The upstream took the rest of the batch (202, nothing to say):
        // the answers are the gateway's refusals.
        return Some(Bytes::from(
            serde_json::to_vec(&errors).expect("JSON values serialize"),
        ));
    }
    if !may_list_tools(bytes) && !bytes.contains(&0) && errors.is_empty() {
        return Some(bytes.clone());
    }
    // What might hold a tool list must be read to be filtered: anything
    // the gateway cannot read as one JSON text (two texts, UTF-16, a
    // multipart body) is not passed on.
    let mut v = serde_json::from_slice::<Value>(bytes.strip_prefix(BOM).unwrap_or(bytes)).ok()?;
    let permitted = |t: &str| key.is_some_and(|k| catalog.permits(k, t));
    match &mut v {
        Value::Array(all) => {
            for m in all.iter_mut() {
                mcp::filter_tool_list(m, permitted);
            }
            all.extend(errors);
        }
        one => {
            mcp::filter_tool_list(one, permitted);
            if !errors.is_empty() {
                let mut all = vec![one.take()];
                all.extend(errors);
                *one = Value::Array(all);
            }
        }
    }
    Some(Bytes::from(
        serde_json::to_vec(&v).expect("JSON values serialize"),
    ))
}

/// UTF-8's byte-order mark, which SSE and JSON readers skip.
const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Server-sent events, split as they arrive (WHATWG HTML, "Server-sent
/// events": an event ends at a blank line; lines end in LF or CRLF): each
/// complete event is passed on at once, unchanged unless it carries a
/// `tools/list` result to filter.
struct Events {
    buf: Vec<u8>,
    filter: Option<(ToolCatalog, Arc<Key>)>,
    /// Bytes seen so far, for the byte-order mark a stream may start with.
    seen: usize,
}

impl Events {
    fn new(filter: Option<(ToolCatalog, Arc<Key>)>) -> Events {
        Events {
            buf: Vec::new(),
            filter,
            seen: 0,
        }
    }

    /// Takes a chunk; returns the complete events in it (and before it).
    /// `Err` when an event grows past [`MAX_UPSTREAM_JSON`] unfinished: it
    /// could not be filtered, so the stream ends there.
    fn push(&mut self, chunk: Bytes) -> Result<Bytes, &'static str> {
        let Some(filter) = &self.filter else {
            return Ok(chunk);
        };
        self.buf.extend_from_slice(&chunk);
        // A stream may start with a BOM, which SSE readers skip: skipped
        // here too, so the first event is read as they read it.
        if self.seen < BOM.len() {
            self.seen += chunk.len();
            if self.seen >= BOM.len() && self.buf.starts_with(BOM) {
                self.buf.drain(..BOM.len());
            }
        }
        if self.buf.len() > MAX_UPSTREAM_JSON {
            return Err("an upstream event is too large to filter");
        }
        let mut out = Vec::new();
        while let Some((end, next)) = event_end(&self.buf) {
            let event: Vec<u8> = self.buf.drain(..next).collect();
            let (catalog, key) = filter;
            match filtered(&event[..end], &|t| catalog.permits(key, t)) {
                Fate::Pass => out.extend_from_slice(&event),
                Fate::Replace(new) => out.extend_from_slice(&new),
                Fate::Drop => {}
            }
        }
        Ok(Bytes::from(out))
    }
}

/// Where the first event in `buf` ends: (end of its last line, start of the
/// next event).
fn event_end(buf: &[u8]) -> Option<(usize, usize)> {
    [&b"\r\n\r\n"[..], b"\n\n", b"\r\r"]
        .iter()
        .filter_map(|sep| memchr::memmem::find(buf, sep).map(|i| (i, i + sep.len())))
        .min()
}

/// What becomes of one server-sent event.
enum Fate {
    /// Passed on as it came.
    Pass,
    /// A `tools/list` result, filtered.
    Replace(Vec<u8>),
    /// Data that may hold a tool list but cannot be read: not passed on.
    Drop,
}

/// The fate of one event (without its blank line): its data lines joined
/// (WHATWG HTML, "Server-sent events") and read as JSON when they may hold
/// a tool list.
fn filtered(event: &[u8], permitted: &dyn Fn(&str) -> bool) -> Fate {
    if !may_list_tools(event) {
        return Fate::Pass;
    }
    let Ok(text) = std::str::from_utf8(event) else {
        return Fate::Drop;
    };
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let mut data = String::new();
    let mut other = Vec::new();
    for line in text.lines() {
        match line.strip_prefix("data:") {
            Some(d) => {
                if !data.is_empty() {
                    data.push('\n');
                }
                data.push_str(d.strip_prefix(' ').unwrap_or(d));
            }
            None => other.push(line),
        }
    }
    if data.is_empty() {
        return Fate::Pass;
    }
    let Ok(mut v) = serde_json::from_str::<Value>(&data) else {
        return Fate::Drop;
    };
    if !mcp::filter_tool_list(&mut v, permitted) {
        return Fate::Pass;
    }
    let mut out = String::new();
    for line in other {
        out.push_str(line);
        out.push('\n');
    }
    out.push_str("data: ");
    out.push_str(&v.to_string());
    out.push_str("\n\n");
    Fate::Replace(out.into_bytes())
}

/// Whether JSON text may hold a `tools` key: it says `"tools"`, or it has
/// an escape that could spell it. Everything else is passed on unparsed.
fn may_list_tools(text: &[u8]) -> bool {
    memchr::memmem::find(text, b"\"tools\"").is_some()
        || memchr::memmem::find(text, b"\\u").is_some()
}

/// One JSON-RPC message as a server-sent event.
fn sse_event(v: &Value) -> Vec<u8> {
    format!("event: message\ndata: {v}\n\n").into_bytes()
}

/// The JSON-RPC error for a refused verdict.
fn jsonrpc_error(v: &Verdict, id: Option<&Value>) -> Value {
    let code = match v.status {
        VerifyStatus::Forbidden => mcp::FORBIDDEN,
        VerifyStatus::RateLimited => mcp::RATE_LIMITED,
        _ => mcp::UNAUTHORIZED,
    };
    let mut e = mcp::error_response(id.cloned().unwrap_or(Value::Null), code, &v.reason);
    e["error"]["data"] = serde_json::json!({"status": v.status.as_str()});
    e
}

/// A refusal: the verdict's HTTP status and headers (`WWW-Authenticate`
/// with the ability a tool needs, `Retry-After`); the body is a JSON-RPC
/// error for `id` on the MCP endpoint, else the verdict's JSON.
fn refused(app: &App, v: &Verdict, tool: Option<&str>, id: Option<&Value>) -> Response {
    app.metrics.status(v.status);
    let mut h = HeaderMap::new();
    put(&mut h, "x-keywarden-status", v.status.as_str());
    let scope = tool.and_then(|t| needed_ability(app, t));
    refusal_headers_scope(&mut h, v, scope.as_deref());
    let body = match id {
        Some(id) => jsonrpc_error(v, Some(id)),
        None => serde_json::to_value(v).expect("a verdict serializes"),
    };
    (http_status(v), h, axum::Json(body)).into_response()
}

/// The ability a tool requires, for the `scope` of a 403.
fn needed_ability(app: &App, tool: &str) -> Option<String> {
    app.verifier
        .tool_catalog_fresh()
        .and_then(|c| c.ability_for(tool).map(str::to_owned))
}

/// 400 for a body or routing headers the gateway will not forward; the
/// check that refused it is audited (FORBIDDEN, with the reason).
fn bad_request(app: &App, v: &Verdict, r: &mcp::Refusal) -> Response {
    app.metrics.status(v.status);
    let mut h = HeaderMap::new();
    put(&mut h, "x-keywarden-status", v.status.as_str());
    (StatusCode::BAD_REQUEST, h, axum::Json(r.to_json())).into_response()
}

fn too_large(gw: &Gateway, on_mcp: bool) -> Response {
    let why = format!(
        "the request body is over the gateway's limit of {} bytes (--max-body)",
        gw.max_body
    );
    let body = if on_mcp {
        mcp::error_response(Value::Null, mcp::INVALID_REQUEST, &why)
    } else {
        serde_json::json!({"status": "PAYLOAD_TOO_LARGE", "reason": why})
    };
    (StatusCode::PAYLOAD_TOO_LARGE, axum::Json(body)).into_response()
}

fn bad_gateway(gw: &Gateway, why: &str) -> Response {
    (
        StatusCode::BAD_GATEWAY,
        axum::Json(serde_json::json!({
            "status": "BAD_GATEWAY",
            "reason": format!("{why} ({})", gw.shown()),
        })),
    )
        .into_response()
}

fn content_length(h: &HeaderMap) -> Option<u64> {
    h.get(header::CONTENT_LENGTH)?.to_str().ok()?.parse().ok()
}

fn is_content(h: &HeaderMap, mime: &str) -> bool {
    h.get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|v| v.trim().eq_ignore_ascii_case(mime))
}

/// Removes the hop-by-hop headers (RFC 9110 §7.6.1): `Connection` and the
/// headers it names, and the fixed list.
fn strip_hop_by_hop(h: &mut HeaderMap) {
    let named: Vec<HeaderName> = h
        .get_all(header::CONNECTION)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .filter_map(|n| HeaderName::from_bytes(n.trim().as_bytes()).ok())
        .collect();
    for n in named {
        h.remove(n);
    }
    for n in [
        "connection",
        "keep-alive",
        "proxy-connection",
        "proxy-authenticate",
        "proxy-authorization",
        "te",
        "trailer",
        "transfer-encoding",
        "upgrade",
    ] {
        h.remove(n);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_mcp_endpoint_is_matched_as_lenient_servers_match_it() {
        for p in [
            "/mcp",
            "/MCP",
            "/mcp/",
            "//mcp",
            "/x/../mcp",
            "/%6dcp",
            "/./Mcp//",
            "/mcp;x",
            "/mcp%00",
            "/mcp%20",
            "/mcp.",
            "/mcp%2e",
            "/mcp/;",
        ] {
            assert_eq!(normalize(p), "/mcp", "{p}");
        }
        assert_eq!(normalize("/mcpx"), "/mcpx");
        assert_eq!(normalize("/api/mcp"), "/api/mcp");
    }

    #[test]
    fn what_may_hold_a_tool_list_is_read_or_not_passed_on() {
        let only_search = |t: &str| t == "search";
        let list = r#"{"jsonrpc":"2.0","id":1,"result":{"tools":[{"name":"search"},{"name":"delete_record"}]}}"#;
        match filtered(
            format!("event: message\r\ndata: {list}").as_bytes(),
            &only_search,
        ) {
            Fate::Replace(e) => {
                let e = String::from_utf8(e).unwrap();
                assert!(e.contains("search") && !e.contains("delete_record"), "{e}");
            }
            _ => panic!("not filtered"),
        }
        // Data that may hold a list but is not one JSON text is dropped.
        assert!(matches!(
            filtered(format!("data: {list}{list}").as_bytes(), &only_search),
            Fate::Drop
        ));
        assert!(matches!(
            filtered(b"data: progress 1", &only_search),
            Fate::Pass
        ));
        assert!(matches!(filtered(b": ping", &only_search), Fate::Pass));
        // A JSON answer: a BOM is read through; two texts or UTF-16 are
        // refused (None), never passed on.
        let catalog = ToolCatalog::from(std::collections::HashMap::new());
        let bom = [BOM, list.as_bytes()].concat();
        let out = filter_json(&Bytes::from(bom), None, &catalog, Vec::new()).unwrap();
        assert!(!String::from_utf8_lossy(&out).contains("search"));
        let two = Bytes::from(format!("{list}{list}"));
        assert!(filter_json(&two, None, &catalog, Vec::new()).is_none());
        let utf16: Vec<u8> = list.encode_utf16().flat_map(u16::to_le_bytes).collect();
        assert!(filter_json(&Bytes::from(utf16), None, &catalog, Vec::new()).is_none());
    }

    #[test]
    fn events_end_at_a_blank_line_in_either_line_ending() {
        assert_eq!(event_end(b"data: 1\n\nrest"), Some((7, 9)));
        assert_eq!(event_end(b"data: 1\r\n\r\n"), Some((7, 11)));
        assert_eq!(event_end(b"data: 1\n"), None);
        assert_eq!(event_end(b"data: 1\r\rdata: 2"), Some((7, 9)));
    }
}
