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
//! JSON of `keys verify --format json`.

use std::sync::Arc;

use axum::extract::State;
use axum::http::{HeaderMap, HeaderName, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use base64::Engine;

use super::App;
use keywarden::error::Error;
use keywarden::verifier::Outcome;
use keywarden::{Verdict, VerifyRequest, VerifyStatus};

/// The first MCP revision whose clients send routing headers that the
/// official servers hold to the body.
const MCP_ROUTING_REVISION: &str = "2026-07-28";

pub async fn verify(State(app): State<Arc<App>>, headers: HeaderMap) -> Response {
    let req = match request(&headers) {
        Ok(r) => r,
        Err(refusal) => return answer(&app, refusal, None),
    };
    let Some(token) = bearer(&headers) else {
        let v = Verdict {
            status: VerifyStatus::Malformed,
            key_id: None,
            reason: "no bearer token: send `Authorization: Bearer <token>`".into(),
            name: None,
        };
        return answer(&app, v, None);
    };
    let app2 = Arc::clone(&app);
    let checked =
        tokio::task::spawn_blocking(move || app2.verifier.check(token.expose(), &req, &app2.actor))
            .await;
    match checked {
        Ok(Ok(outcome)) => {
            app.metrics.observe(&outcome);
            let Outcome { verdict, key, .. } = outcome;
            answer(&app, verdict, key.as_deref())
        }
        Ok(Err(Error::Overloaded(why))) => unavailable(&app, &why),
        Ok(Err(e)) => unavailable(&app, &format!("the store failed: {e}")),
        Err(_) => unavailable(&app, "the check was cancelled"),
    }
}

/// What the request asks for, from the proxy's headers; a refusal when
/// they are malformed or MCP routing headers cannot be trusted.
fn request(h: &HeaderMap) -> Result<VerifyRequest, Verdict> {
    let refuse = |reason: String| Verdict {
        status: VerifyStatus::Forbidden,
        key_id: None,
        reason,
        name: None,
    };
    let text = |name: &str| -> Result<Option<String>, Verdict> {
        match h.get(name) {
            None => Ok(None),
            Some(v) => v
                .to_str()
                .map(|s| Some(s.trim().to_owned()))
                .map_err(|_| refuse(format!("{name} is not text"))),
        }
    };
    let resource = match text("x-keywarden-resource")? {
        Some(r) => Some(
            r.parse()
                .map_err(|e: Error| refuse(format!("X-Keywarden-Resource: {e}")))?,
        ),
        None => None,
    };
    let ability = text("x-keywarden-ability")?;
    if let Some(a) = &ability {
        keywarden::authz::validate_ability(a)
            .map_err(|e| refuse(format!("X-Keywarden-Ability: {e}")))?;
    }
    let mut tool = text("x-keywarden-tool")?;
    let method = text("mcp-method")?.map(|m| decode_mcp(&m));
    let name = text("mcp-name")?.map(|n| decode_mcp(&n));
    if method.is_some() || name.is_some() {
        let version = text("mcp-protocol-version")?.unwrap_or_default();
        // Dates in ISO form compare as text.
        if version.as_str() < MCP_ROUTING_REVISION {
            return Err(refuse(format!(
                "Mcp-Method/Mcp-Name are trusted only on MCP {MCP_ROUTING_REVISION} requests \
                 (MCP-Protocol-Version: {MCP_ROUTING_REVISION}); an older-era request needs the gateway"
            )));
        }
        let method = match method {
            Some(Ok(m)) => Some(m),
            Some(Err(())) => return Err(refuse("Mcp-Method cannot be decoded".into())),
            None => None,
        };
        if method.as_deref() == Some("tools/call") {
            let called = match name {
                Some(Ok(n)) => n,
                _ => return Err(refuse("a tools/call without a readable Mcp-Name".into())),
            };
            if tool.as_ref().is_some_and(|t| *t != called) {
                return Err(refuse("X-Keywarden-Tool and Mcp-Name disagree".into()));
            }
            tool = Some(called);
        }
    }
    if let Some(t) = &tool {
        keywarden::authz::validate_tool(t).map_err(|e| refuse(format!("tool: {e}")))?;
    }
    let request_id =
        text("x-request-id")?.map(|id| id.chars().filter(|c| !c.is_control()).take(200).collect());
    Ok(VerifyRequest {
        resource,
        ability,
        tool,
        request_id,
    })
}

/// An MCP routing header's value: as sent, or the `=?base64?…?=` form
/// (SEP-2243) decoded. Undecodable is an error, never a pass.
fn decode_mcp(v: &str) -> Result<String, ()> {
    match v
        .strip_prefix("=?base64?")
        .and_then(|r| r.strip_suffix("?="))
    {
        Some(b64) => base64::engine::general_purpose::STANDARD
            .decode(b64)
            .ok()
            .and_then(|b| String::from_utf8(b).ok())
            .ok_or(()),
        None => Ok(v.to_owned()),
    }
}

/// The token of `Authorization: Bearer …` (the scheme in any case).
fn bearer(h: &HeaderMap) -> Option<keywarden::Secret> {
    let v = h.get("authorization")?.to_str().ok()?.trim();
    let (scheme, token) = v.split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then(|| keywarden::Secret::from(token.trim()))
}

fn answer(app: &App, v: Verdict, key: Option<&keywarden::model::Key>) -> Response {
    app.metrics.status(v.status);
    let code = StatusCode::from_u16(v.status.http_status() as u16)
        .unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let mut h = HeaderMap::new();
    put(&mut h, "x-keywarden-status", v.status.as_str());
    match v.status {
        VerifyStatus::Valid => {
            if let Some(k) = key {
                put(&mut h, "x-keywarden-key-id", &k.id);
                put(
                    &mut h,
                    "x-keywarden-key-name",
                    &header_text(v.name.as_deref().unwrap_or(&k.name)),
                );
                let scopes: Vec<String> = k.scopes.iter().map(ToString::to_string).collect();
                put(&mut h, "x-keywarden-scopes", &scopes.join(" "));
                put(&mut h, "x-keywarden-abilities", &k.abilities.join(" "));
            }
        }
        VerifyStatus::Forbidden => put(
            &mut h,
            "www-authenticate",
            &format!(
                "Bearer error=\"insufficient_scope\", error_description=\"{}\"",
                quoted(&v.reason)
            ),
        ),
        VerifyStatus::RateLimited => {
            let now = chrono::Utc::now().timestamp();
            put(
                &mut h,
                "retry-after",
                &(60 - now.rem_euclid(60)).max(1).to_string(),
            );
        }
        VerifyStatus::Malformed if v.reason.starts_with("no bearer token") => {
            put(&mut h, "www-authenticate", "Bearer realm=\"keywarden\"")
        }
        _ => put(
            &mut h,
            "www-authenticate",
            &format!(
                "Bearer error=\"invalid_token\", error_description=\"{}\"",
                quoted(&v.reason)
            ),
        ),
    }
    (code, h, axum::Json(v)).into_response()
}

fn unavailable(app: &App, why: &str) -> Response {
    app.metrics.unavailable();
    let mut h = HeaderMap::new();
    put(&mut h, "retry-after", "1");
    (
        StatusCode::SERVICE_UNAVAILABLE,
        h,
        axum::Json(serde_json::json!({"status": "UNAVAILABLE", "reason": why})),
    )
        .into_response()
}

fn put(h: &mut HeaderMap, name: &'static str, value: &str) {
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
