//! `GET|POST /v1/verify`: forward auth for reverse proxies (contract §10).
//!
//! In: the token from `Authorization: Bearer …` (RFC 6750); what the
//! request wants from `X-Keywarden-Resource`, `-Ability`, `-Tool`, set by
//! the proxy; for MCP clients of the 2026-07-28 revision, the tool of a
//! `tools/call` from `Mcp-Name` (SEP-2243), trusted only with
//! `MCP-Protocol-Version: 2026-07-28` or later — routing headers on an
//! older-era request carry no promise that the body agrees, so they are
//! refused. `X-Request-Id` goes into the audit event.
//!
//! Out: 200 with the `X-Keywarden-*` identity headers for the upstream;
//! 401 with `WWW-Authenticate: Bearer error="invalid_token"`; 403 with
//! `error="insufficient_scope"`; 429 with `Retry-After`; 503 when the
//! bcrypt pool is full; every answer carries `X-Keywarden-Status` and the
//! JSON of `keys verify --format json`, unless the request says
//! `Prefer: return=minimal` (RFC 7240): then the status and headers alone,
//! which is what a proxy that never reads an auth answer's body needs to
//! keep its connection to keywarden open (see [`prefers_minimal`]).

use std::sync::Arc;

use axum::extract::State;
use axum::http::{HeaderMap, HeaderName, HeaderValue, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};

use super::App;
use keywarden::error::Error;
use keywarden::routes::Routes;
use keywarden::verifier::{Done, Outcome};
use keywarden::{Verdict, VerifyRequest, VerifyStatus};

/// The first MCP revision whose clients send routing headers that the
/// official servers hold to the body.
const MCP_ROUTING_REVISION: &str = "2026-07-28";

pub async fn verify(
    State(app): State<Arc<App>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    let answer = decide(&app, &method, &uri, &headers).await;
    if prefers_minimal(&headers) {
        minimal(answer)
    } else {
        answer
    }
}

async fn decide(app: &Arc<App>, method: &Method, uri: &Uri, headers: &HeaderMap) -> Response {
    let token = match bearer(headers) {
        Ok(t) => t,
        Err(reason) => {
            let v = Verdict {
                status: VerifyStatus::Malformed,
                key_id: None,
                reason,
                name: None,
            };
            return answer(app, v, None);
        }
    };
    // Headers that cannot be trusted do not stop the check: the token is
    // authenticated and the refusal audited like any decision.
    let original = Original {
        method: method.as_str(),
        // Envoy's ext_authz: the original path after `path_prefix`.
        path: uri
            .path_and_query()
            .map(|p| p.as_str())
            .and_then(|p| p.strip_prefix("/v1/verify"))
            .filter(|p| p.starts_with('/')),
    };
    let req = request(headers, app.routes.as_ref().map(|r| (r, original)));
    match check(app, token, req, &app.actor).await {
        Ok(Outcome { verdict, key, .. }) => answer(app, verdict, key.as_deref()),
        Err(why) => unavailable(app, &why),
    }
}

/// Whether the request's `return` preference (RFC 7240 §4.2) is
/// `minimal`: the first `return` across the `Prefer` headers, in order,
/// decides (§2: a repeated preference takes its first instance); names and
/// values are compared without case, a quoted value is unquoted, commas and
/// semicolons inside quotes do not split, parameters after `;` are ignored.
///
/// Why it matters: nginx's `auth_request` never reads an auth answer's
/// body, and Caddy's `forward_auth` reads none on a 2xx, so neither can
/// reuse a keep-alive connection whose answer had one; every check would
/// open a new connection to keywarden. The README's configs send it.
fn prefers_minimal(h: &HeaderMap) -> bool {
    h.get_all("prefer")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| split_unquoted(v, ','))
        .filter_map(|pref| {
            let first = split_unquoted(pref, ';').next().unwrap_or_default();
            let (name, value) = first.split_once('=').unwrap_or((first, ""));
            name.trim()
                .eq_ignore_ascii_case("return")
                .then(|| value.trim())
        })
        .next()
        .is_some_and(|v| {
            let v = v
                .strip_prefix('"')
                .and_then(|v| v.strip_suffix('"'))
                .unwrap_or(v);
            v.eq_ignore_ascii_case("minimal")
        })
}

/// `s` split at `sep` outside double quotes (a backslash escapes the next
/// character inside them, RFC 9110 §5.6.4).
fn split_unquoted(s: &str, sep: char) -> impl Iterator<Item = &str> {
    let (mut quoted, mut escaped, mut from) = (false, false, 0);
    let mut cuts = Vec::new();
    for (i, c) in s.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' if quoted => escaped = true,
            '"' => quoted = !quoted,
            c if c == sep && !quoted => {
                cuts.push(&s[from..i]);
                from = i + c.len_utf8();
            }
            _ => {}
        }
    }
    cuts.push(&s[from..]);
    cuts.into_iter()
}

/// An answer without its body, saying so (`Preference-Applied`, RFC 7240
/// §3): status and headers are kept.
fn minimal(answer: Response) -> Response {
    let (mut parts, _) = answer.into_parts();
    parts.headers.remove(axum::http::header::CONTENT_TYPE);
    parts.headers.remove(axum::http::header::CONTENT_LENGTH);
    put(&mut parts.headers, "preference-applied", "return=minimal");
    Response::from_parts(parts, axum::body::Body::empty())
}

/// Runs one check as `keys verify` would and counts it in the metrics. A
/// remembered token is checked here and its commit awaited; anything that
/// may block (bcrypt, a store read, a full queue) goes to the blocking
/// pool. `Err` is why no decision could be made (answer 503).
pub(super) async fn check(
    app: &Arc<App>,
    token: keywarden::Secret,
    req: VerifyRequest,
    actor: &keywarden::audit::Actor,
) -> Result<Outcome, String> {
    let (tx, rx) = tokio::sync::oneshot::channel();
    let done: Done = Box::new(move |r| {
        let _ = tx.send(r);
    });
    let checked = match app
        .verifier
        .check_remembered(token.expose(), &req, actor, done)
    {
        Ok(()) => rx.await.map_err(|_| ()),
        Err(_) => {
            let app2 = Arc::clone(app);
            let actor = actor.clone();
            tokio::task::spawn_blocking(move || app2.verifier.check(token.expose(), &req, &actor))
                .await
                .map_err(|_| ())
        }
    };
    match checked {
        Ok(Ok(outcome)) => {
            app.metrics.observe(&outcome);
            Ok(outcome)
        }
        Ok(Err(Error::Overloaded(why))) => Err(why),
        Ok(Err(e)) => Err(format!("the store failed: {e}")),
        Err(()) => Err("the check was cancelled".into()),
    }
}

/// Headers that decide what is checked; each must come once.
const SINGLE: [&str; 12] = [
    "authorization",
    "x-keywarden-resource",
    "x-keywarden-ability",
    "x-keywarden-tool",
    "mcp-method",
    "mcp-name",
    "mcp-protocol-version",
    "x-request-id",
    "x-original-uri",
    "x-original-method",
    "x-forwarded-uri",
    "x-forwarded-method",
];

/// The proxy's `X-Request-Id` for the audit event: text without control
/// characters, at most 200 characters.
pub(super) fn request_id(h: &HeaderMap) -> Option<String> {
    h.get("x-request-id").map(|v| {
        String::from_utf8_lossy(v.as_bytes())
            .chars()
            .filter(|c| !c.is_control())
            .take(200)
            .collect()
    })
}

/// The forward-auth request itself: its method, and the original path
/// when the proxy appended it to `/v1/verify` (Envoy).
#[derive(Clone, Copy)]
struct Original<'a> {
    method: &'a str,
    path: Option<&'a str>,
}

/// What the request asks for, from the proxy's headers and, with a routes
/// file, from the original method and URI. A header that is repeated,
/// unreadable or untrustworthy sets `deny` instead of being guessed at: the
/// request is refused once its token is known.
fn request(h: &HeaderMap, routes: Option<(&Routes, Original<'_>)>) -> VerifyRequest {
    let mut req = VerifyRequest {
        request_id: request_id(h),
        ..VerifyRequest::default()
    };
    if let Err(why) = read_request(h, routes, &mut req) {
        req.deny = Some(why);
    }
    req
}

fn read_request(
    h: &HeaderMap,
    routes: Option<(&Routes, Original<'_>)>,
    req: &mut VerifyRequest,
) -> Result<(), String> {
    for name in SINGLE {
        if h.get_all(name).iter().count() > 1 {
            return Err(format!("{name} is sent more than once"));
        }
    }
    let text = |name: &str| header_value(h, name);
    if let Some(r) = text("x-keywarden-resource")? {
        req.resource = Some(
            r.parse()
                .map_err(|e: Error| format!("X-Keywarden-Resource: {e}"))?,
        );
    }
    if let Some(a) = text("x-keywarden-ability")? {
        keywarden::authz::validate_ability(&a).map_err(|e| format!("X-Keywarden-Ability: {e}"))?;
        req.ability = Some(a);
    }
    let mut tool = text("x-keywarden-tool")?;
    let method = text("mcp-method")?.map(|m| decode_mcp(&m)).transpose()?;
    let name = text("mcp-name")?.map(|n| decode_mcp(&n)).transpose()?;
    if method.is_some() || name.is_some() {
        let version = text("mcp-protocol-version")?.unwrap_or_default();
        if !is_revision(&version) || version.as_str() < MCP_ROUTING_REVISION {
            return Err(format!(
                "Mcp-Method/Mcp-Name are trusted only on MCP {MCP_ROUTING_REVISION} requests \
                 (MCP-Protocol-Version: {MCP_ROUTING_REVISION}); an older-era request needs the gateway"
            ));
        }
        let Some(method) = method else {
            return Err("Mcp-Name without Mcp-Method".into());
        };
        if method.eq_ignore_ascii_case("tools/call") {
            if method != "tools/call" {
                return Err(format!(
                    "Mcp-Method {method:?} is not tools/call as MCP spells it"
                ));
            }
            let Some(called) = name else {
                return Err("a tools/call without Mcp-Name".into());
            };
            if tool.as_ref().is_some_and(|t| *t != called) {
                return Err("X-Keywarden-Tool and Mcp-Name disagree".into());
            }
            tool = Some(called);
        }
    }
    if let Some(t) = &tool {
        keywarden::authz::validate_tool(t).map_err(|e| format!("tool: {e}"))?;
    }
    req.tool = tool;
    if let Some((routes, original)) = routes {
        let (method, uri) = original_request(h, original)?;
        let needs = routes.resolve(&method, &uri)?;
        agree(&mut req.resource, needs.resource, "X-Keywarden-Resource")?;
        agree(&mut req.ability, needs.ability, "X-Keywarden-Ability")?;
        agree(&mut req.tool, needs.tool, "X-Keywarden-Tool (or Mcp-Name)")?;
    }
    Ok(())
}

/// The original request's method and URI, for the routes file: from
/// `X-Original-Method`/`X-Original-URI` (nginx, set in its config),
/// `X-Forwarded-Method`/`X-Forwarded-Uri` (Caddy, Traefik), or the path
/// Envoy appends with the check's own method. Every source present must
/// agree: a client's copy of a header the proxy does not set would
/// otherwise choose the route.
fn original_request(h: &HeaderMap, own: Original<'_>) -> Result<(String, String), String> {
    let text = |name: &str| header_value(h, name);
    let mut methods = vec![text("x-original-method")?, text("x-forwarded-method")?];
    let mut uris = vec![text("x-original-uri")?, text("x-forwarded-uri")?];
    if let Some(p) = own.path {
        methods.push(Some(own.method.to_owned()));
        uris.push(Some(p.to_owned()));
    }
    let one = |all: Vec<Option<String>>, what: &str| -> Result<String, String> {
        let mut given = all.into_iter().flatten();
        let first = given.next().ok_or_else(|| {
            format!(
                "the routes file needs the original {what}: the proxy must send \
                 X-Original-Method and X-Original-URI (or X-Forwarded-Method and X-Forwarded-Uri)"
            )
        })?;
        if given.any(|o| o != first) {
            return Err(format!(
                "the proxy's headers disagree on the original {what}"
            ));
        }
        Ok(first)
    };
    Ok((one(methods, "method")?, one(uris, "URI")?))
}

/// One requirement from two sources: either alone, or both the same.
fn agree<T: PartialEq>(have: &mut Option<T>, route: Option<T>, header: &str) -> Result<(), String> {
    match (have.as_ref(), route) {
        (Some(h), Some(r)) if *h != r => Err(format!("{header} and the routes file disagree")),
        (None, Some(r)) => {
            *have = Some(r);
            Ok(())
        }
        _ => Ok(()),
    }
}

/// A header the proxy sets, trimmed; one with an empty value counts as
/// absent (nginx sends none). `Err` when it is not text.
fn header_value(h: &HeaderMap, name: &str) -> Result<Option<String>, String> {
    match h.get(name) {
        None => Ok(None),
        Some(v) => v
            .to_str()
            .map(|s| Some(s.trim().to_owned()).filter(|s| !s.is_empty()))
            .map_err(|_| format!("{name} is not text")),
    }
}

/// An MCP revision: a date, `YYYY-MM-DD`.
fn is_revision(v: &str) -> bool {
    let b = v.as_bytes();
    b.len() == 10
        && b.iter().enumerate().all(|(i, c)| {
            if i == 4 || i == 7 {
                *c == b'-'
            } else {
                c.is_ascii_digit()
            }
        })
}

/// An MCP routing header's value: as sent, or the `=?base64?…?=` form
/// (SEP-2243) decoded. Undecodable is an error, never a pass.
fn decode_mcp(v: &str) -> Result<String, String> {
    keywarden::mcp::decode_header(v)
        .ok_or_else(|| format!("an MCP routing header cannot be decoded: {v:?}"))
}

/// The `Authorization` value, as `keys verify` reads a pasted one: one
/// leading `Bearer ` (any case) is the scheme; nothing else is stripped.
pub(super) fn bearer(h: &HeaderMap) -> Result<keywarden::Secret, String> {
    let mut all = h.get_all("authorization").iter();
    let (Some(v), None) = (all.next(), all.next()) else {
        return Err(match h.get_all("authorization").iter().count() {
            0 => "no bearer token: send `Authorization: Bearer <token>`".into(),
            _ => "Authorization is sent more than once".into(),
        });
    };
    let v = v
        .to_str()
        .map_err(|_| "the Authorization header is not text".to_owned())?
        .trim();
    match v.get(..7) {
        Some(scheme) if scheme.eq_ignore_ascii_case("bearer ") => Ok(keywarden::Secret::from(v)),
        _ => Err("the Authorization header is not `Bearer <token>` (RFC 6750)".into()),
    }
}

fn answer(app: &App, v: Verdict, key: Option<&keywarden::model::Key>) -> Response {
    app.metrics.status(v.status);
    let mut h = HeaderMap::new();
    put(&mut h, "x-keywarden-status", v.status.as_str());
    if v.is_valid() {
        identity_headers(&mut h, &v, key);
    } else {
        refusal_headers(&mut h, &v);
    }
    (http_status(&v), h, axum::Json(v)).into_response()
}

/// The HTTP status of a verdict (contract §10).
pub(super) fn http_status(v: &Verdict) -> StatusCode {
    StatusCode::from_u16(v.status.http_status() as u16).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
}

/// The identity headers of a VALID verdict, for the upstream:
/// `X-Keywarden-Key-Id`, `-Key-Name` (percent-encoded where not visible
/// ASCII), `-Scopes` and `-Abilities` (space-separated).
pub(super) fn identity_headers(
    h: &mut HeaderMap,
    v: &Verdict,
    key: Option<&keywarden::model::Key>,
) {
    if let Some(k) = key {
        put(h, "x-keywarden-key-id", &k.id);
        put(
            h,
            "x-keywarden-key-name",
            &header_text(v.name.as_deref().unwrap_or(&k.name)),
        );
        let scopes: Vec<String> = k.scopes.iter().map(ToString::to_string).collect();
        put(h, "x-keywarden-scopes", &scopes.join(" "));
        put(h, "x-keywarden-abilities", &k.abilities.join(" "));
    }
}

/// The headers of a refusal: `WWW-Authenticate` (RFC 6750) for 401 and
/// 403, with `scope` naming what was missing when the caller knows it;
/// `Retry-After` for 429 (seconds to the next minute window).
pub(super) fn refusal_headers(h: &mut HeaderMap, v: &Verdict) {
    refusal_headers_scope(h, v, None);
}

/// [`refusal_headers`] with the RFC 6750 `scope` a 403 lacks.
pub(super) fn refusal_headers_scope(h: &mut HeaderMap, v: &Verdict, scope: Option<&str>) {
    match v.status {
        VerifyStatus::Valid => {}
        VerifyStatus::Forbidden => {
            let scope = scope
                .map(|s| format!(", scope=\"{}\"", quoted(s)))
                .unwrap_or_default();
            put(
                h,
                "www-authenticate",
                &format!(
                    "Bearer error=\"insufficient_scope\", error_description=\"{}\"{scope}",
                    quoted(&v.reason)
                ),
            )
        }
        VerifyStatus::RateLimited => {
            let now = chrono::Utc::now().timestamp();
            put(
                h,
                "retry-after",
                &(60 - now.rem_euclid(60)).max(1).to_string(),
            );
        }
        VerifyStatus::Malformed if v.reason.starts_with("no bearer token") => {
            put(h, "www-authenticate", "Bearer realm=\"keywarden\"")
        }
        _ => put(
            h,
            "www-authenticate",
            &format!(
                "Bearer error=\"invalid_token\", error_description=\"{}\"",
                quoted(&v.reason)
            ),
        ),
    }
}

pub(super) fn unavailable(app: &App, why: &str) -> Response {
    app.metrics.unavailable();
    let mut h = HeaderMap::new();
    put(&mut h, "retry-after", "1");
    put(&mut h, "x-keywarden-status", "UNAVAILABLE");
    (
        StatusCode::SERVICE_UNAVAILABLE,
        h,
        axum::Json(serde_json::json!({"status": "UNAVAILABLE", "reason": why})),
    )
        .into_response()
}

pub(super) fn put(h: &mut HeaderMap, name: &'static str, value: &str) {
    if let Ok(v) = HeaderValue::from_str(value) {
        h.insert(HeaderName::from_static(name), v);
    }
}

/// Text for a header: visible ASCII kept, everything else percent-encoded
/// (a key name may hold any character).
fn header_text(s: &str) -> String {
    const SET: &percent_encoding::AsciiSet = &percent_encoding::CONTROLS.add(b'%').add(b'"');
    percent_encoding::utf8_percent_encode(s, SET).to_string()
}

/// A reason inside a quoted-string of `WWW-Authenticate`.
fn quoted(s: &str) -> String {
    header_text(s).replace('\\', "\\\\")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn prefer(values: &[&str]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for v in values {
            h.append("prefer", HeaderValue::from_str(v).unwrap());
        }
        h
    }

    #[test]
    fn return_minimal_is_read_as_rfc_7240_writes_it() {
        for yes in [
            &["return=minimal"][..],
            &["Return = \"Minimal\""],
            &["respond-async, return=minimal; foo=bar"],
            &["wait=10", "return=minimal"],
            &["foo=\"a,b\", return=minimal"],
            &["return=minimal, return=representation"],
        ] {
            assert!(prefers_minimal(&prefer(yes)), "{yes:?}");
        }
        for no in [
            &[][..],
            &["return=representation"],
            &["return"],
            &["minimal"],
            &["returns=minimal"],
            &["foo; return=minimal"],
            // The first `return` decides; quotes do not split.
            &["return=representation, return=minimal"],
            &["return=representation", "return=minimal"],
            &["foo=\"x, return=minimal\""],
            &["foo=\"a\\\"b, return=minimal\""],
        ] {
            assert!(!prefers_minimal(&prefer(no)), "{no:?}");
        }
    }
}
