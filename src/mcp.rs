//! MCP's JSON-RPC messages as a gateway in front of an MCP server reads
//! them (contract §11): pure, no I/O.
//!
//! The gateway decides by the body, never by the headers. A POST body on
//! the MCP endpoint is parsed strictly ([`parse_body`]): JSON-RPC 2.0, one
//! message or a batch (revision 2025-03-26), and no object with a repeated
//! key — `{"name": "search", "name": "delete_record"}` is read as one tool
//! by one parser and as the other by the next, so it is refused, as are
//! invalid UTF-8 and lone surrogates. What the gateway forwards is then
//! exactly what it decided on.
//!
//! The routing headers of revision 2026-07-28 (SEP-2243: `Mcp-Method`,
//! `Mcp-Name`, `MCP-Protocol-Version`) must agree with the body whatever
//! revision the request claims ([`check_routing`]): the official Python
//! server holds them to the body only for 2026-07-28 requests, so a lying
//! `Mcp-Name` inside an older-era request would reach it and any proxy that
//! routes on it. A disagreement is refused as the official servers refuse
//! it: HTTP 400, JSON-RPC error [`HEADER_MISMATCH`].
//!
//! `tools/list` results are filtered by the caller's decision per tool
//! ([`filter_tool_list`]) and marked `cacheScope: "private"` (revision
//! 2026-07-28's cache field), since what one key sees is not what another
//! may.

use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};

/// JSON-RPC: the body is not JSON.
pub const PARSE_ERROR: i64 = -32700;
/// JSON-RPC: the body is JSON but not a JSON-RPC request.
pub const INVALID_REQUEST: i64 = -32600;
/// JSON-RPC: the method's params are not what it takes (a `tools/call`
/// without a tool name).
pub const INVALID_PARAMS: i64 = -32602;
/// MCP 2026-07-28 (SEP-2243): a routing header disagrees with the body;
/// the official SDKs' code, answered with HTTP 400.
pub const HEADER_MISMATCH: i64 = -32020;
/// keywarden: the key may not do this (a tool it may not call, a scope it
/// lacks); answered with HTTP 403 and `WWW-Authenticate: Bearer
/// error="insufficient_scope"`. In JSON-RPC's implementation-defined
/// server-error range (−32000 to −32099).
pub const FORBIDDEN: i64 = -32003;
/// keywarden: the key is over its rate limit (HTTP 429, `Retry-After`).
pub const RATE_LIMITED: i64 = -32029;
/// keywarden: the token did not authenticate (HTTP 401).
pub const UNAUTHORIZED: i64 = -32001;

/// The most messages a batch may hold: each `tools/call` in it is a check
/// and an audit event.
pub const MAX_BATCH: usize = 100;

/// The `params._meta` key where a 2026-07-28 request carries its revision.
pub const PROTOCOL_VERSION_META: &str = "io.modelcontextprotocol/protocolVersion";

/// Methods whose target the `Mcp-Name` header mirrors, and the `params`
/// field it mirrors (SEP-2243; the official SDKs' table).
const NAME_BEARING: [(&str, &str); 3] = [
    ("tools/call", "name"),
    ("prompts/get", "name"),
    ("resources/read", "uri"),
];

/// A POST body on the MCP endpoint: one JSON-RPC message, or a batch.
#[derive(Debug, Clone)]
pub struct Body {
    /// The body was a JSON array (a batch, revision 2025-03-26).
    pub batch: bool,
    pub messages: Vec<Message>,
}

/// One JSON-RPC message of a client.
#[derive(Debug, Clone)]
pub struct Message {
    /// The message as parsed.
    pub value: Value,
    pub kind: Kind,
}

/// What a client's message is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kind {
    /// A request (has an `id`): expects a response.
    Request { method: String },
    /// A notification (no `id`).
    Notification { method: String },
    /// A client's response to a server's request (sampling, elicitation,
    /// roots).
    Response,
}

impl Message {
    /// The request's or response's `id`.
    pub fn id(&self) -> Option<&Value> {
        self.value.get("id")
    }

    /// The method, for a request or notification.
    pub fn method(&self) -> Option<&str> {
        match &self.kind {
            Kind::Request { method } | Kind::Notification { method } => Some(method),
            Kind::Response => None,
        }
    }

    /// The tool a `tools/call` request calls (`params.name`).
    pub fn tool(&self) -> Option<&str> {
        match &self.kind {
            Kind::Request { method } if method == "tools/call" => {
                self.value.pointer("/params/name").and_then(Value::as_str)
            }
            _ => None,
        }
    }

    /// The revision a 2026-07-28 request names in `params._meta`.
    pub fn protocol_version(&self) -> Option<&Value> {
        self.value
            .get("params")
            .and_then(|p| p.get("_meta"))
            .and_then(|m| m.get(PROTOCOL_VERSION_META))
    }
}

/// Why a body is refused before anything is forwarded: a JSON-RPC error
/// for the request `id` (`null` when there is none to answer).
#[derive(Debug, Clone, PartialEq)]
pub struct Refusal {
    pub code: i64,
    pub message: String,
    pub id: Value,
}

impl Refusal {
    fn new(code: i64, message: impl Into<String>, id: Option<&Value>) -> Refusal {
        Refusal {
            code,
            message: message.into(),
            id: id.cloned().unwrap_or(Value::Null),
        }
    }

    /// The JSON-RPC error response.
    pub fn to_json(&self) -> Value {
        error_response(self.id.clone(), self.code, &self.message)
    }
}

/// A JSON-RPC 2.0 error response.
pub fn error_response(id: Value, code: i64, message: &str) -> Value {
    serde_json::json!({
        "jsonrpc": "2.0",
        "id": id,
        "error": {"code": code, "message": message},
    })
}

/// Parses a POST body strictly (see the module doc): JSON with no repeated
/// key in any object, then JSON-RPC 2.0 messages, at most [`MAX_BATCH`]. A
/// `tools/call` must name its tool as MCP shapes tool names
/// ([`crate::authz::validate_tool`]); a notification's method is a
/// `notifications/…` one.
///
/// Errors: [`PARSE_ERROR`] for text that is not strict JSON,
/// [`INVALID_REQUEST`] for JSON that is not JSON-RPC (an empty or too
/// large batch, a request without an id), [`INVALID_PARAMS`] for a
/// `tools/call` without a tool name.
pub fn parse_body(bytes: &[u8]) -> Result<Body, Refusal> {
    let value = parse_strict(bytes)
        .map_err(|e| Refusal::new(PARSE_ERROR, format!("the body is not JSON: {e}"), None))?;
    let (batch, values) = match value {
        Value::Array(a) if a.is_empty() => {
            return Err(Refusal::new(INVALID_REQUEST, "an empty batch", None));
        }
        Value::Array(a) if a.len() > MAX_BATCH => {
            return Err(Refusal::new(
                INVALID_REQUEST,
                format!("a batch of more than {MAX_BATCH} messages"),
                None,
            ));
        }
        Value::Array(a) => (true, a),
        v => (false, vec![v]),
    };
    let messages = values
        .into_iter()
        .map(message)
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Body { batch, messages })
}

fn message(value: Value) -> Result<Message, Refusal> {
    let id = value.get("id");
    let invalid = |why: &str| Refusal::new(INVALID_REQUEST, why, id);
    let Some(obj) = value.as_object() else {
        return Err(invalid("a JSON-RPC message is an object"));
    };
    if obj.get("jsonrpc").and_then(Value::as_str) != Some("2.0") {
        return Err(invalid("not JSON-RPC 2.0 (\"jsonrpc\": \"2.0\")"));
    }
    if let Some(id) = id
        && !(id.is_string() || id.is_i64() || id.is_u64())
    {
        return Err(invalid("an id is a string or an integer (MCP)"));
    }
    let kind = match (obj.get("method"), id) {
        (Some(Value::String(m)), Some(_)) => Kind::Request { method: m.clone() },
        (Some(Value::String(m)), None) => Kind::Notification { method: m.clone() },
        (Some(_), _) => return Err(invalid("a method is a string")),
        (None, Some(_)) if obj.contains_key("result") != obj.contains_key("error") => {
            Kind::Response
        }
        (None, _) => return Err(invalid("neither a request, a notification nor a response")),
    };
    match &kind {
        Kind::Request { method } if method == "tools/call" => {
            let named = value.pointer("/params/name").and_then(Value::as_str);
            if named.is_none_or(|n| crate::authz::validate_tool(n).is_err()) {
                // The name is not echoed: it may be anything, of any size.
                return Err(Refusal::new(
                    INVALID_PARAMS,
                    format!(
                        "a tools/call names its tool in params.name: a string of 1–{} characters from \
                         A-Z a-z 0-9 _ - . / : (MCP's tool names)",
                        crate::authz::MAX_TOOL_NAME
                    ),
                    id,
                ));
            }
        }
        // JSON-RPC notifications of MCP are all `notifications/…`; a
        // request sent without an id (a `tools/call` nobody answers) is
        // not passed on unchecked.
        Kind::Notification { method } if !method.starts_with("notifications/") => {
            return Err(invalid(
                "a notification's method starts with notifications/; a request needs an id",
            ));
        }
        _ => {}
    }
    Ok(Message { value, kind })
}

/// The routing headers of a request, decoded ([`decode_header`]); `None`
/// for a header not sent.
#[derive(Debug, Clone, Copy, Default)]
pub struct Routing<'a> {
    pub method: Option<&'a str>,
    pub name: Option<&'a str>,
    pub protocol_version: Option<&'a str>,
}

/// Checks that the routing headers agree with the body, whatever revision
/// the request claims: `Mcp-Method` is the message's method, `Mcp-Name` the
/// target of a name-bearing method (`tools/call` and `prompts/get`:
/// `params.name`; `resources/read`: `params.uri`) and sent for no other,
/// and `MCP-Protocol-Version` the revision in `params._meta` when the body
/// names one (a body naming one needs the header, as 2026-07-28 says). A
/// batch names no single request, so it takes no `Mcp-Method` or
/// `Mcp-Name`.
///
/// Errors: [`HEADER_MISMATCH`] naming the header.
pub fn check_routing(r: &Routing<'_>, body: &Body) -> Result<(), Refusal> {
    let mismatch = |what: &str, m: Option<&Message>| {
        Refusal::new(
            HEADER_MISMATCH,
            format!("the {what} header does not match the request body"),
            m.and_then(Message::id),
        )
    };
    if body.batch {
        if r.method.is_some() {
            return Err(mismatch("Mcp-Method", None));
        }
        if r.name.is_some() {
            return Err(mismatch("Mcp-Name", None));
        }
    }
    for m in &body.messages {
        if !body.batch {
            if r.method.is_some() && r.method != m.method() {
                return Err(mismatch("Mcp-Method", Some(m)));
            }
            let target = m.method().and_then(|method| {
                NAME_BEARING
                    .iter()
                    .find(|(n, _)| *n == method)
                    .map(|(_, field)| m.value.get("params").and_then(|p| p.get(*field)))
            });
            match (r.name, target) {
                (None, _) => {}
                (Some(name), Some(Some(Value::String(t)))) if name == t => {}
                (Some(_), _) => return Err(mismatch("Mcp-Name", Some(m))),
            }
        }
        if let Some(v) = m.protocol_version()
            && r.protocol_version
                .map(|h| Value::String(h.to_owned()))
                .as_ref()
                != Some(v)
        {
            return Err(mismatch("MCP-Protocol-Version", Some(m)));
        }
    }
    Ok(())
}

/// A routing header's value as sent, or its `=?base64?…?=` form (SEP-2243)
/// decoded; `None` when the sentinel holds no canonical base64 of UTF-8
/// (so a corrupt header never matches a body value). `Mcp-Method` is
/// compared as sent; `Mcp-Name` decoded.
pub fn decode_header(v: &str) -> Option<String> {
    use base64::Engine;
    let Some(b64) = v
        .strip_prefix("=?base64?")
        .and_then(|r| r.strip_suffix("?="))
    else {
        return Some(v.to_owned());
    };
    let engine = &base64::engine::general_purpose::STANDARD;
    let bytes = engine.decode(b64).ok()?;
    // Canonical only, as the official SDKs check (no stray trailing bits).
    if engine.encode(&bytes) != b64 {
        return None;
    }
    String::from_utf8(bytes).ok()
}

/// Filters one server message in place when it is a response whose
/// `result.tools` is a list (a `tools/list` result, whichever request it
/// answers): keeps the tools for which `permitted(name)` is true, drops
/// every entry without a string name (fail closed), and marks a result
/// that carries `cacheScope` as `"private"`. Returns whether it was such a
/// response; pagination (`nextCursor`) is left as it is, each page
/// filtered on its own.
pub fn filter_tool_list(message: &mut Value, mut permitted: impl FnMut(&str) -> bool) -> bool {
    let Some(result) = message
        .as_object_mut()
        .filter(|m| m.contains_key("id"))
        .and_then(|m| m.get_mut("result"))
        .and_then(Value::as_object_mut)
    else {
        return false;
    };
    let Some(Value::Array(tools)) = result.get_mut("tools") else {
        return false;
    };
    tools.retain(|t| {
        t.get("name")
            .and_then(Value::as_str)
            .is_some_and(&mut permitted)
    });
    if let Some(scope) = result.get_mut("cacheScope") {
        *scope = Value::String("private".into());
    }
    true
}

/// Parses JSON, refusing an object with a key twice at any depth.
pub fn parse_strict(bytes: &[u8]) -> Result<Value, serde_json::Error> {
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let v = <Strict as de::Deserialize>::deserialize(&mut de)?;
    de.end()?;
    Ok(v.0)
}

/// A JSON value built by a visitor that refuses repeated keys.
struct Strict(Value);

impl<'de> de::Deserialize<'de> for Strict {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(StrictVisitor).map(Strict)
    }
}

struct StrictVisitor;

impl<'de> Visitor<'de> for StrictVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(serde_json::Number::from_f64(v).map_or(Value::Null, Value::Number))
    }
    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }
    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut out = Vec::new();
        while let Some(Strict(v)) = seq.next_element()? {
            out.push(v);
        }
        Ok(Value::Array(out))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut out = Map::new();
        while let Some(k) = map.next_key::<String>()? {
            if out.contains_key(&k) {
                return Err(de::Error::custom(format!("the key {k:?} is repeated")));
            }
            let Strict(v) = map.next_value()?;
            out.insert(k, v);
        }
        Ok(Value::Object(out))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn body(v: Value) -> Body {
        parse_body(v.to_string().as_bytes()).unwrap()
    }

    #[test]
    fn a_repeated_key_at_any_depth_is_refused() {
        let r = parse_body(
            br#"{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"search","name":"delete_record"}}"#,
        )
        .unwrap_err();
        assert_eq!(r.code, PARSE_ERROR);
        assert!(r.message.contains("repeated"), "{}", r.message);
        assert!(parse_body(br#"{"jsonrpc":"2.0","id":1,"id":2,"method":"ping"}"#).is_err());
        assert!(parse_body(b"{\"jsonrpc\":\"2.0\",\"method\":\"x\"} trailing").is_err());
        assert!(parse_body(br#"{"jsonrpc":"2.0","id":1,"method":"\ud800"}"#).is_err());
    }

    #[test]
    fn messages_are_classified_and_tools_call_needs_a_name() {
        let b = body(json!([
            {"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"search"}},
            {"jsonrpc":"2.0","method":"notifications/initialized"},
            {"jsonrpc":"2.0","id":"s1","result":{}},
        ]));
        assert!(b.batch);
        assert_eq!(b.messages[0].tool(), Some("search"));
        assert_eq!(
            b.messages[1].kind,
            Kind::Notification {
                method: "notifications/initialized".into()
            }
        );
        assert_eq!(b.messages[2].kind, Kind::Response);
        let r =
            parse_body(br#"{"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":5}}"#)
                .unwrap_err();
        assert_eq!((r.code, r.id), (INVALID_PARAMS, json!(7)));
        let huge = format!(
            r#"{{"jsonrpc":"2.0","id":8,"method":"tools/call","params":{{"name":"{}"}}}}"#,
            "x".repeat(129)
        );
        let r = parse_body(huge.as_bytes()).unwrap_err();
        assert!(
            r.code == INVALID_PARAMS && !r.message.contains("xxx"),
            "{r:?}"
        );
        let unanswered =
            parse_body(br#"{"jsonrpc":"2.0","method":"tools/call","params":{"name":"x"}}"#)
                .unwrap_err();
        assert_eq!(unanswered.code, INVALID_REQUEST);
        let many: Vec<Value> = (0..=MAX_BATCH)
            .map(|i| json!({"jsonrpc":"2.0","id":i,"method":"ping"}))
            .collect();
        assert_eq!(
            parse_body(Value::Array(many).to_string().as_bytes())
                .unwrap_err()
                .code,
            INVALID_REQUEST
        );
        assert_eq!(parse_body(b"[]").unwrap_err().code, INVALID_REQUEST);
        assert_eq!(
            parse_body(br#"{"jsonrpc":"2.0","id":null,"method":"ping"}"#)
                .unwrap_err()
                .code,
            INVALID_REQUEST
        );
    }

    #[test]
    fn routing_headers_must_agree_with_the_body_in_every_era() {
        // An older-era request: no revision in _meta, a lying Mcp-Name.
        let old = body(json!({"jsonrpc":"2.0","id":3,"method":"tools/call",
            "params":{"name":"delete_record","arguments":{}}}));
        let lie = Routing {
            method: Some("tools/call"),
            name: Some("search"),
            protocol_version: Some("2025-11-25"),
        };
        let r = check_routing(&lie, &old).unwrap_err();
        assert_eq!((r.code, r.id), (HEADER_MISMATCH, json!(3)));
        let truth = Routing {
            name: Some("delete_record"),
            ..lie
        };
        check_routing(&truth, &old).unwrap();
        check_routing(&Routing::default(), &old).unwrap();
        // Mcp-Name on a method that names nothing.
        let list = body(json!({"jsonrpc":"2.0","id":4,"method":"tools/list"}));
        let named = Routing {
            method: Some("tools/list"),
            name: Some("x"),
            protocol_version: None,
        };
        assert!(check_routing(&named, &list).is_err());
        // The revision in _meta needs the header, equal.
        let modern = body(json!({"jsonrpc":"2.0","id":5,"method":"tools/list",
            "params":{"_meta":{PROTOCOL_VERSION_META:"2026-07-28"}}}));
        assert!(check_routing(&Routing::default(), &modern).is_err());
        let v = Routing {
            protocol_version: Some("2026-07-28"),
            ..Routing::default()
        };
        check_routing(&v, &modern).unwrap();
        // A batch names no single request.
        let batch = body(json!([{"jsonrpc":"2.0","id":1,"method":"tools/list"}]));
        assert!(
            check_routing(
                &Routing {
                    method: Some("tools/list"),
                    ..Routing::default()
                },
                &batch
            )
            .is_err()
        );
    }

    #[test]
    fn base64_header_values_decode_canonically() {
        assert_eq!(
            decode_header("=?base64?ZGVsZXRlX3JlY29yZA==?=").as_deref(),
            Some("delete_record")
        );
        assert_eq!(decode_header("search").as_deref(), Some("search"));
        assert_eq!(decode_header("=?base64?!!?="), None);
        // Non-canonical: trailing bits set.
        assert_eq!(decode_header("=?base64?ZGVsZXRlX3JlY29yZB==?="), None);
    }

    #[test]
    fn tool_lists_are_filtered_and_made_private() {
        let mut m = json!({"jsonrpc":"2.0","id":2,"result":{
            "tools":[{"name":"search"},{"name":"delete_record"},{"title":"no name"}],
            "cacheScope":"public","nextCursor":"c2"}});
        assert!(filter_tool_list(&mut m, |t| t == "search"));
        assert_eq!(
            m["result"],
            json!({"tools":[{"name":"search"}],"cacheScope":"private","nextCursor":"c2"})
        );
        let mut call = json!({"jsonrpc":"2.0","id":3,"result":{"content":[]}});
        assert!(!filter_tool_list(&mut call, |_| true));
        let mut note = json!({"jsonrpc":"2.0","method":"x","params":{"tools":[]}});
        assert!(!filter_tool_list(&mut note, |_| true));
    }
}
