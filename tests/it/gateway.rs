//! The MCP gateway (`serve --upstream`, contract §11) against MCP servers
//! and clients no one here wrote: the official Python SDK in both
//! generations (`mcp` 1.x, the session era; `mcp` 2.x, revision
//! 2026-07-28), each as a server driven by the same SDK's client, and the
//! TypeScript reference server `@modelcontextprotocol/server-everything`
//! driven by the TypeScript SDK's client. `.ci/setup` installs them into
//! `tests/mcp/` (see its README); a test that cannot find them fails and
//! says how to install them.
//!
//! Each fixture server logs every HTTP request it receives (headers and
//! body) before handling it, so "never reaches the upstream" is read off
//! what the upstream saw.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::serve::{Answer, Server, answer_of};
use crate::store_test;
use crate::support::Env;

/// A tool name of the MCP specification's greatest length (128), served
/// by both Python fixtures.
fn long_tool() -> String {
    format!("long_{}", "x".repeat(123))
}

fn mcp_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/mcp")
}

/// The Python of one SDK generation's venv.
fn python(generation: u8) -> PathBuf {
    let p = mcp_dir().join(format!(".venv{generation}/bin/python"));
    assert!(
        p.exists(),
        "{} is missing: run .ci/setup to install the MCP SDKs the gateway tests use",
        p.display()
    );
    p
}

/// A running MCP server from `tests/mcp/`, logging what it receives.
struct Upstream {
    child: Child,
    port: u16,
    log: PathBuf,
}

impl Upstream {
    /// The Python SDK fixture of `generation` (1 or 2).
    fn python(env: &Env, generation: u8, extra: &[&str]) -> Upstream {
        let log = env.path().join(format!("upstream{generation}.log"));
        let mut cmd = Command::new(python(generation));
        cmd.arg(mcp_dir().join(format!("server{generation}.py")))
            .args(["--port", "0", "--log"])
            .arg(&log)
            .args(extra);
        Upstream::start(cmd, log)
    }

    fn start(mut cmd: Command, log: PathBuf) -> Upstream {
        let mut child = cmd
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start the MCP fixture server");
        let mut out = BufReader::new(child.stdout.take().unwrap());
        let mut line = String::new();
        out.read_line(&mut line).unwrap();
        let ready: Value = serde_json::from_str(&line).unwrap_or_else(|e| {
            panic!("the fixture server did not say it is ready ({e}): {line:?}")
        });
        let port = ready["port"].as_u64().expect("a port") as u16;
        std::thread::spawn(move || {
            let mut rest = String::new();
            let _ = out.read_to_string(&mut rest);
        });
        Upstream { child, port, log }
    }

    fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// Every request the server received, in order.
    fn requests(&self) -> Vec<Value> {
        std::fs::read_to_string(&self.log)
            .unwrap_or_default()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect()
    }

    /// Whether any request body the server received contains `text`.
    fn saw(&self, text: &str) -> bool {
        self.requests()
            .iter()
            .any(|r| r["body"].as_str().unwrap_or("").contains(text))
    }
}

impl Drop for Upstream {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Runs one SDK generation's client: `steps` in one connection, one JSON
/// line out per step (see tests/mcp/README.md).
fn client(
    generation: u8,
    url: &str,
    token: &str,
    headers: Option<Value>,
    steps: Value,
) -> Vec<Value> {
    let mut cmd = Command::new(python(generation));
    cmd.arg(mcp_dir().join(format!("client{generation}.py")))
        .args(["--url", url, "--steps", &steps.to_string()])
        .env("KW_TOKEN", token);
    run_client(cmd, headers)
}

fn run_client(mut cmd: Command, headers: Option<Value>) -> Vec<Value> {
    if let Some(h) = headers {
        cmd.env("KW_HEADERS", h.to_string());
    }
    let out = cmd.output().expect("run the MCP client");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "the MCP client failed: {}\n{stdout}",
        String::from_utf8_lossy(&out.stderr)
    );
    stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect()
}

/// The catalog and keys of every gateway test: `search`, `slow` and the
/// 128-character tool need read:docs; `delete_record` needs write:docs.
/// Returns (reader token, reader key id, writer token).
fn keys(env: &Env) -> (String, String, String) {
    for (tool, ability) in [
        ("search", "read:docs"),
        ("slow", "read:docs"),
        (long_tool().as_str(), "read:docs"),
        ("delete_record", "write:docs"),
    ] {
        env.run(&["tools", "set", tool, "--requires", ability])
            .expect(0);
    }
    let mint = |name: &str, abilities: &[&str]| {
        let mut args = vec!["keys", "create", "--name", name, "--scope", "org:acme"];
        for a in abilities {
            args.extend(["--ability", a]);
        }
        args.extend(["--format", "json"]);
        let v = env.run(&args).expect(0).json();
        (
            v["token"].as_str().unwrap().to_owned(),
            v["id"].as_str().unwrap().to_owned(),
        )
    };
    let (reader, reader_id) = mint("reader", &["read:docs"]);
    let (writer, _) = mint("writer", &["read:docs", "write:docs"]);
    (reader, reader_id, writer)
}

fn gateway(env: &Env, up: &Upstream) -> Server {
    Server::start(env, &["--upstream", &up.url(), "--max-staleness", "200ms"])
}

/// The `tool.call` events, oldest first: (tool, status, actor kind).
fn tool_calls(env: &Env) -> Vec<(String, i64, String)> {
    let v = env
        .run(&[
            "audit",
            "query",
            "--action",
            "tool.call",
            "--format",
            "json",
        ])
        .expect(0)
        .json();
    let mut out: Vec<(String, i64, String)> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["tool"].as_str().unwrap_or("").to_owned(),
                e["status"].as_i64().unwrap(),
                e["actor_kind"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    out.reverse();
    out
}

/// What the upstream must never see: the client's token, and a client's
/// own identity header. Every request it saw carries the key's identity.
fn assert_upstream_saw_only_identity(up: &Upstream, key_id: &str) {
    let all = up.requests();
    assert!(!all.is_empty());
    for r in &all {
        let h = &r["headers"];
        assert!(h.get("authorization").is_none(), "{r}");
        assert_eq!(h["x-keywarden-key-id"], json!(key_id), "{r}");
        let raw = r["header_list"].to_string();
        assert!(
            !raw.contains("spoofed"),
            "a client's header reached the upstream: {r}"
        );
    }
}

fn spoof() -> Option<Value> {
    Some(json!({"X-Keywarden-Key-Id": "spoofed", "X-Keywarden-Abilities": "spoofed"}))
}

store_test!(
    fn python_sdk_1x_sessions_work_through_the_gateway(env) {
        let (reader, reader_id, _) = keys(env);
        let up = Upstream::python(env, 1, &[]);
        let gw = gateway(env, &up);
        let url = format!("http://127.0.0.1:{}/mcp", gw.port);
        let out = client(
            1,
            &url,
            &reader,
            spoof(),
            json!([
                ["session"],
                ["list"],
                ["call", "search", {"query": "q"}],
                ["call", long_tool(), {}],
                ["progress", 3, 0.3],
            ]),
        );
        assert!(out[0]["session_id"].is_string(), "{out:?}");
        // Only what the key may call: mapped, and its ability held.
        assert_eq!(out[1]["tools"], json!(["search", "slow", long_tool()]), "{out:?}");
        assert_eq!(out[2]["content"], json!(["results for q"]), "{out:?}");
        assert_eq!(out[3]["content"], json!(["long"]), "{out:?}");
        assert_progress_streams(&out[4]);
        // A forbidden tool: the mcp 1.x client ends its session on any
        // HTTP error, so it is its own connection.
        let refused = client(1, &url, &reader, None, json!([["call", "delete_record", {"id": "7"}]]));
        assert_eq!(refused[0]["http_error"]["status"], json!(403), "{refused:?}");
        assert!(!up.saw("delete_record\",\"arguments"), "the refused call reached the upstream");
        assert_upstream_saw_only_identity(&up, &reader_id);
        let calls = tool_calls(env);
        let long = long_tool();
        let want = [
            ("search", 200),
            (long.as_str(), 200),
            ("slow", 200),
            ("delete_record", 403),
        ];
        assert_eq!(calls.len(), want.len(), "{calls:?}");
        for ((tool, status, kind), (t, s)) in calls.iter().zip(want) {
            assert_eq!((tool.as_str(), *status, kind.as_str()), (t, s, "mcp"));
        }
        assert_eq!(gw.stop(), 0);
    }
);

store_test!(
    fn python_sdk_2x_works_through_the_gateway(env) {
        let (reader, reader_id, writer) = keys(env);
        let up = Upstream::python(env, 2, &["--page-size", "2", "--tools-cache", "public:60000"]);
        let gw = gateway(env, &up);
        let url = format!("http://127.0.0.1:{}/mcp", gw.port);
        let out = client(
            2,
            &url,
            &reader,
            spoof(),
            json!([
                ["session"],
                ["list"],
                ["call", "search", {"query": "q"}],
                ["call", "delete_record", {"id": "7"}],
                ["progress", 3, 0.3],
                ["call", "search", {"query": "after"}],
            ]),
        );
        assert_eq!(out[0]["protocol_version"], json!("2026-07-28"), "{out:?}");
        // Every page filtered: the pages are the server's, the tools ours.
        assert_eq!(out[1]["tools"], json!(["search", "slow", long_tool()]), "{out:?}");
        assert!(out[1]["pages"].as_u64().unwrap() > 1, "{out:?}");
        assert_eq!(out[2]["content"], json!(["results for q"]));
        assert_eq!(out[3]["error"]["code"], json!(-32003), "{out:?}");
        assert_progress_streams(&out[4]);
        assert_eq!(out[5]["content"], json!(["results for after"]), "{out:?}");
        assert!(!up.saw("\"delete_record\",\"arguments"));
        assert_upstream_saw_only_identity(&up, &reader_id);
        // A key with the ability calls it.
        let w = client(2, &url, &writer, None, json!([["call", "delete_record", {"id": "7"}], ["list"]]));
        assert_eq!(w[0]["content"], json!(["deleted 7"]), "{w:?}");
        assert!(w[1]["tools"].as_array().unwrap().contains(&json!("delete_record")));
        // The server marks its list public; filtered for one key, it is not.
        let bearer = format!("Bearer {reader}");
        let a = post(
            gw.port,
            "/mcp",
            &[
                ("Authorization", &bearer),
                ("MCP-Protocol-Version", "2026-07-28"),
                ("Mcp-Method", "tools/list"),
            ],
            &json!({"jsonrpc": "2.0", "id": 1, "method": "tools/list", "params": {"_meta": {
                "io.modelcontextprotocol/protocolVersion": "2026-07-28",
                "io.modelcontextprotocol/clientCapabilities": {}}}})
            .to_string(),
        );
        let list = &messages(&a)[0]["result"];
        assert_eq!(list["cacheScope"], json!("private"), "{a:?}");
        assert_eq!(a.header("cache-control"), Some("private, no-store"), "{a:?}");
        assert_eq!(gw.stop(), 0);
    }
);

/// Progress notifications arrive while the call runs, not with its result.
fn assert_progress_streams(step: &Value) {
    let p = step["progress"]
        .as_array()
        .unwrap_or_else(|| panic!("{step}"));
    assert_eq!(p.len(), 3, "{step}");
    let first = p[0][1].as_f64().unwrap();
    let done = step["result_at"].as_f64().unwrap();
    assert!(
        done - first > 0.4,
        "the first progress came {first}s in and the result {done}s: held back until the end ({step})"
    );
}

/// A raw HTTP/1.1 POST on loopback.
fn post(port: u16, path: &str, headers: &[(&str, &str)], body: &str) -> Answer {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    let mut req = format!(
        "POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\
         Content-Type: application/json\r\nAccept: application/json, text/event-stream\r\n\
         Content-Length: {}\r\n",
        body.len()
    );
    for (k, v) in headers {
        req.push_str(&format!("{k}: {v}\r\n"));
    }
    req.push_str("\r\n");
    req.push_str(body);
    s.write_all(req.as_bytes()).unwrap();
    let mut raw = Vec::new();
    let _ = s.read_to_end(&mut raw);
    answer_of(&raw)
}

/// The JSON-RPC messages of an answer, JSON or server-sent events.
fn messages(a: &Answer) -> Vec<Value> {
    if a.header("content-type")
        .is_some_and(|c| c.starts_with("text/event-stream"))
    {
        a.body
            .lines()
            .filter_map(|l| l.strip_prefix("data:"))
            .map(|d| serde_json::from_str(d.trim()).unwrap())
            .collect()
    } else {
        match a.json() {
            Value::Array(all) => all,
            one => vec![one],
        }
    }
}

/// Opens a session-era session by hand; returns its id.
fn initialize(port: u16, bearer: &str) -> String {
    initialize_at(port, "/mcp", bearer)
}

fn initialize_at(port: u16, path: &str, bearer: &str) -> String {
    let a = post(
        port,
        path,
        &[("Authorization", bearer)],
        &json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
            "protocolVersion": "2025-11-25", "capabilities": {},
            "clientInfo": {"name": "raw", "version": "1"}}})
        .to_string(),
    );
    assert_eq!(a.status, 200, "{a:?}");
    let sid = a.header("mcp-session-id").expect("a session id").to_owned();
    let n = post(
        port,
        path,
        &[
            ("Authorization", bearer),
            ("Mcp-Session-Id", &sid),
            ("MCP-Protocol-Version", "2025-11-25"),
        ],
        r#"{"jsonrpc":"2.0","method":"notifications/initialized"}"#,
    );
    assert_eq!(n.status, 202, "{n:?}");
    sid
}

store_test!(
    fn a_lying_routing_header_never_reaches_the_upstream(env) {
        let (reader, _, _) = keys(env);
        let bearer = format!("Bearer {reader}");
        // The session era: the official server ignores the header there.
        let up = Upstream::python(env, 1, &[]);
        let gw = gateway(env, &up);
        let sid = initialize(gw.port, &bearer);
        let call = |id: u32, tool: &str| {
            json!({"jsonrpc": "2.0", "id": id, "method": "tools/call",
                "params": {"name": tool, "arguments": {"id": "9", "query": "9"}}})
            .to_string()
        };
        let session = [
            ("Authorization", bearer.as_str()),
            ("Mcp-Session-Id", sid.as_str()),
            ("MCP-Protocol-Version", "2025-11-25"),
        ];
        let with = |extra: &[(&'static str, &'static str)]| {
            let mut h = session.to_vec();
            h.extend_from_slice(extra);
            h
        };
        for (i, lie) in [
            vec![("Mcp-Method", "tools/call"), ("Mcp-Name", "search")],
            // The same lie, base64-wrapped as SEP-2243 allows.
            vec![("Mcp-Method", "tools/call"), ("Mcp-Name", "=?base64?c2VhcmNo?=")],
            vec![("Mcp-Method", "tools/list")],
        ]
        .into_iter()
        .enumerate()
        {
            let a = post(gw.port, "/mcp", &with(&lie), &call(10 + i as u32, "delete_record"));
            assert_eq!(a.status, 400, "{lie:?}: {a:?}");
            let m = messages(&a);
            assert_eq!(m[0]["error"]["code"], json!(-32020), "{a:?}");
            assert_eq!(m[0]["id"], json!(10 + i as u32), "{a:?}");
        }
        // Parser differentials: a repeated key is refused, not guessed at.
        let dup = r#"{"jsonrpc":"2.0","id":20,"method":"tools/call","params":{"name":"search","name":"delete_record","arguments":{}}}"#;
        let a = post(gw.port, "/mcp", &session, dup);
        assert_eq!(a.status, 400, "{a:?}");
        assert!(!up.saw("delete_record"), "a refused body reached the upstream");
        // The truth goes through, and is decided by the body.
        let ok = post(gw.port, "/mcp", &with(&[("Mcp-Method", "tools/call"), ("Mcp-Name", "search")]), &call(30, "search"));
        assert_eq!(ok.status, 200, "{ok:?}");
        assert_eq!(messages(&ok)[0]["result"]["content"][0]["text"], json!("results for 9"));
        drop(gw);
        drop(up);

        // Revision 2026-07-28: the header's version must match _meta's too.
        let up = Upstream::python(env, 2, &[]);
        let gw = gateway(env, &up);
        let modern = |tool: &str, version: &str| {
            json!({"jsonrpc": "2.0", "id": 40, "method": "tools/call", "params": {
                "name": tool, "arguments": {"id": "9", "query": "9"},
                "_meta": {"io.modelcontextprotocol/protocolVersion": version,
                          "io.modelcontextprotocol/clientCapabilities": {}}}})
            .to_string()
        };
        let h = [
            ("Authorization", bearer.as_str()),
            ("MCP-Protocol-Version", "2026-07-28"),
            ("Mcp-Method", "tools/call"),
            ("Mcp-Name", "search"),
        ];
        let a = post(gw.port, "/mcp", &h, &modern("delete_record", "2026-07-28"));
        assert_eq!((a.status, messages(&a)[0]["error"]["code"].clone()), (400, json!(-32020)), "{a:?}");
        let a = post(gw.port, "/mcp", &h, &modern("search", "2025-11-25"));
        assert_eq!(a.status, 400, "{a:?}");
        assert!(!up.saw("delete_record") && !up.saw("2025-11-25"), "{:?}", up.requests());
        let ok = post(gw.port, "/mcp", &h, &modern("search", "2026-07-28"));
        assert_eq!(ok.status, 200, "{ok:?}");
        // Every refusal is audited, as the key's refused check.
        let refused = env
            .run(&["audit", "query", "--action", "key.verify", "--status", "403", "--format", "json"])
            .expect(0)
            .json();
        assert!(refused.as_array().unwrap().len() >= 5, "{refused}");
    }
);

store_test!(
    fn a_revoked_key_is_refused_mid_session_and_its_stream_ends(env) {
        let (reader, reader_id, _) = keys(env);
        let bearer = format!("Bearer {reader}");
        let up = Upstream::python(env, 1, &[]);
        let gw = gateway(env, &up);
        let sid = initialize(gw.port, &bearer);
        let session = [
            ("Authorization", bearer.as_str()),
            ("Mcp-Session-Id", sid.as_str()),
            ("MCP-Protocol-Version", "2025-11-25"),
        ];
        let list = r#"{"jsonrpc":"2.0","id":2,"method":"tools/list"}"#;
        assert_eq!(post(gw.port, "/mcp", &session, list).status, 200);
        // The server's stream (GET), open while the key is revoked.
        let mut stream = TcpStream::connect(("127.0.0.1", gw.port)).unwrap();
        let mut get =
            String::from("GET /mcp HTTP/1.1\r\nHost: x\r\nConnection: close\r\nAccept: text/event-stream\r\n");
        for (k, v) in session {
            get.push_str(&format!("{k}: {v}\r\n"));
        }
        get.push_str("\r\n");
        stream.write_all(get.as_bytes()).unwrap();
        stream.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        let mut head = [0u8; 12];
        stream.read_exact(&mut head).unwrap();
        assert_eq!(&head, b"HTTP/1.1 200", "the stream did not open");
        env.run(&["keys", "revoke", &reader_id, "--reason", "test", "--yes"])
            .expect(0);
        let revoked = Instant::now();
        // The stream ends within the bound (200 ms, plus a store read).
        let mut rest = Vec::new();
        let _ = stream.read_to_end(&mut rest);
        let took = revoked.elapsed();
        assert!(took < Duration::from_secs(3), "the stream outlived its key by {took:?}");
        let a = post(gw.port, "/mcp", &session, list);
        assert_eq!(a.status, 401, "{a:?}");
        assert_eq!(messages(&a)[0]["error"]["code"], json!(-32001), "{a:?}");
        assert!(a.header("www-authenticate").unwrap().contains("invalid_token"));
    }
);

store_test!(
    fn the_gateway_answers_for_what_it_cannot_forward(env) {
        let (reader, _, _) = keys(env);
        let bearer = format!("Bearer {reader}");
        let up = Upstream::python(env, 2, &[]);
        let gw = Server::start(
            env,
            &["--upstream", &up.url(), "--max-body", "1K"],
        );
        // Too large: refused before it is read, never forwarded.
        let big = format!(r#"{{"jsonrpc":"2.0","id":1,"method":"tools/list","params":{{"x":"{}"}}}}"#, "y".repeat(2000));
        let a = post(gw.port, "/mcp", &[("Authorization", &bearer)], &big);
        assert_eq!(a.status, 413, "{a:?}");
        assert!(a.body.contains("--max-body"), "{a:?}");
        // No token, a bad token: 401 with the RFC 6750 challenge.
        let a = post(gw.port, "/mcp", &[], r#"{"jsonrpc":"2.0","id":1,"method":"tools/list"}"#);
        assert_eq!(a.status, 401, "{a:?}");
        assert!(a.header("www-authenticate").unwrap().starts_with("Bearer"));
        assert!(up.requests().is_empty(), "{:?}", up.requests());
        // The upstream goes away: 502 saying so, and the gateway goes on.
        drop(up);
        let a = post(gw.port, "/mcp", &[("Authorization", &bearer)], r#"{"jsonrpc":"2.0","id":1,"method":"ping"}"#);
        assert_eq!(a.status, 502, "{a:?}");
        assert!(a.body.contains("did not answer"), "{a:?}");
        assert_eq!(crate::serve::get(gw.port, "/healthz", &[]).status, 200);
        assert_eq!(gw.stop(), 0);
    }
);

store_test!(
    fn a_batch_is_decided_element_by_element(env) {
        let (reader, _, _) = keys(env);
        let bearer = format!("Bearer {reader}");
        let up = Upstream::python(env, 1, &["--stateless", "--json-response"]);
        let gw = gateway(env, &up);
        let batch = json!([
            {"jsonrpc": "2.0", "id": 1, "method": "tools/call", "params": {"name": "delete_record", "arguments": {"id": "1"}}},
            {"jsonrpc": "2.0", "id": 2, "method": "tools/call", "params": {"name": "search", "arguments": {"query": "b"}}},
        ]);
        let a = post(gw.port, "/mcp", &[("Authorization", &bearer), ("MCP-Protocol-Version", "2025-03-26")], &batch.to_string());
        let m = messages(&a);
        let refused = m.iter().find(|e| e["id"] == json!(1)).unwrap_or_else(|| panic!("{a:?}"));
        assert_eq!(refused["error"]["code"], json!(-32003), "{a:?}");
        // Only the permitted element went on.
        assert!(!up.saw("delete_record"), "{:?}", up.requests());
        assert!(up.saw("\"search\""), "{:?}", up.requests());
        let calls = tool_calls(env);
        assert_eq!(calls.len(), 2, "{calls:?}");
        assert!(calls.contains(&("delete_record".into(), 403, "mcp".into())));
        assert!(calls.contains(&("search".into(), 200, "mcp".into())));
    }
);

store_test!(
    fn bad_gateway_settings_are_refused_before_anything_starts(env) {
        for (args, names) in [
            (vec!["--upstream", "https://127.0.0.1:1"], "http://"),
            (vec!["--upstream", "not a url"], "--upstream"),
            (vec!["--upstream", "http://u:p@127.0.0.1:1"], "credentials"),
            (vec!["--upstream", "http://127.0.0.1:1", "--mcp-path", "mcp"], "--mcp-path"),
            (vec!["--upstream", "http://127.0.0.1:1", "--max-body", "0"], "--max-body"),
            (vec!["--upstream", "http://127.0.0.1:1", "--max-body", "12Q"], "--max-body"),
        ] {
            let mut all = vec!["serve", "--listen", "127.0.0.1:0"];
            all.extend(args.iter().copied());
            let r = env.run(&all).expect(2);
            assert!(r.stderr.contains(names), "{args:?}: {}", r.stderr);
        }
        // The same settings from a config file.
        let config = env.path().join("serve.toml");
        std::fs::write(&config, "upstream = \"ftp://x\"\n").unwrap();
        let r = env
            .run(&["serve", "--listen", "127.0.0.1:0", "--config", config.to_str().unwrap()])
            .expect(2);
        assert!(r.stderr.contains("http://"), "{}", r.stderr);
    }
);

store_test!(
    fn every_tool_name_mcp_allows_can_be_mapped(env) {
        let long = long_tool();
        assert_eq!(long.len(), 128);
        for name in [long.as_str(), "admin.tools.list", "user-profile/update", "_private", "DATA_EXPORT_v2"] {
            env.run(&["tools", "set", name, "--requires", "read:docs"]).expect(0);
        }
        let listed = env.run(&["tools", "list", "--format", "json"]).expect(0).json();
        assert_eq!(listed.as_array().unwrap().len(), 5, "{listed}");
        let too_long = format!("{long}x");
        for bad in [too_long.as_str(), "has space", "comma,name", "résumé", ""] {
            let r = env.run(&["tools", "set", bad, "--requires", "read:docs"]).expect(2);
            assert!(r.stderr.contains("1–128"), "{bad:?}: {}", r.stderr);
        }
        // A key's allow-list takes the same names.
        env.run(&[
            "keys", "create", "--name", "k", "--scope", "org:acme", "--ability", "read:docs",
            "--tool", &long,
        ])
        .expect(0);
    }
);

store_test!(
    fn typescript_sdk_and_server_everything_work_through_the_gateway(env) {
        let (token, key_id, _) = keys(env);
        for (tool, ability) in [
            ("echo", "read:docs"),
            ("trigger-long-running-operation", "read:docs"),
            ("get-sum", "write:docs"),
        ] {
            env.run(&["tools", "set", tool, "--requires", ability]).expect(0);
        }
        let node = mcp_dir().join("node");
        assert!(
            node.join("node_modules").exists(),
            "{}/node_modules is missing: run .ci/setup",
            node.display()
        );
        let log = env.path().join("everything.log");
        let mut cmd = Command::new("node");
        cmd.arg(node.join("everything.mjs"))
            .args(["--port", "0", "--log"])
            .arg(&log);
        let up = Upstream::start(cmd, log);
        let gw = gateway(env, &up);
        let mut client = Command::new("node");
        client
            .arg(node.join("client.mjs"))
            .args(["--url", &format!("http://127.0.0.1:{}/mcp", gw.port), "--terminate"])
            .arg("--steps")
            .arg(
                json!([
                    ["session"],
                    ["list"],
                    ["call", "echo", {"message": "hi"}],
                    ["call", "get-sum", {"a": 1, "b": 2}],
                    ["call", "get-env", {}],
                    ["progress", 3, 0.3],
                    ["call", "echo", {"message": "after"}],
                ])
                .to_string(),
            )
            .env("KW_TOKEN", &token);
        let out = run_client(client, spoof());
        assert!(out[0]["session_id"].is_string(), "{out:?}");
        assert_eq!(out[1]["tools"], json!(["echo", "trigger-long-running-operation"]), "{out:?}");
        assert_eq!(out[2]["content"], json!(["Echo: hi"]), "{out:?}");
        // The TypeScript client reports a 403 as an HTTP error and goes on.
        for refused in [&out[3], &out[4]] {
            assert_eq!(refused["http_error"]["status"], json!(403), "{out:?}");
            assert!(refused["http_error"]["message"].as_str().unwrap().contains("-32003"), "{out:?}");
        }
        assert_progress_streams(&out[5]);
        assert_eq!(out[6]["content"], json!(["Echo: after"]), "{out:?}");
        // Express routes /MCP/ to /mcp: the gateway reads that body too.
        let bearer = format!("Bearer {token}");
        let sid = initialize_at(gw.port, "/MCP/", &bearer);
        let sneaky = post(
            gw.port,
            "/Mcp/",
            &[
                ("Authorization", &bearer),
                ("Mcp-Session-Id", &sid),
                ("MCP-Protocol-Version", "2025-11-25"),
            ],
            r#"{"jsonrpc":"2.0","id":9,"method":"tools/call","params":{"name":"get-sum","arguments":{"a":1,"b":2}}}"#,
        );
        assert_eq!(sneaky.status, 403, "{sneaky:?}");
        let put_it = crate::serve::send(gw.port, "PUT", "/mcp", &[("Authorization", &bearer)]);
        assert_eq!(put_it.status, 405, "{put_it:?}");
        assert!(!up.saw("get-sum") && !up.saw("get-env"), "{:?}", up.requests());
        assert_upstream_saw_only_identity(&up, &key_id);
        // GET stream and DELETE went through too.
        let methods: Vec<String> = up
            .requests()
            .iter()
            .map(|r| r["method"].as_str().unwrap().to_owned())
            .collect();
        assert!(methods.iter().any(|m| m == "DELETE"), "{methods:?}");
        let calls = tool_calls(env);
        let statuses: Vec<(&str, i64)> = calls.iter().map(|(t, s, _)| (t.as_str(), *s)).collect();
        assert_eq!(
            statuses,
            [
                ("echo", 200),
                ("get-sum", 403),
                ("get-env", 403),
                ("trigger-long-running-operation", 200),
                ("echo", 200),
                ("get-sum", 403),
            ]
        );
        assert_eq!(gw.stop(), 0);
    }
);

store_test!(
    fn a_2026_listen_stream_flows_through_and_ends_at_revocation(env) {
        let (reader, reader_id, _) = keys(env);
        let up = Upstream::python(env, 2, &[]);
        let gw = gateway(env, &up);
        let body = json!({"jsonrpc": "2.0", "id": "l1", "method": "subscriptions/listen", "params": {
            "notifications": {"toolsListChanged": true},
            "_meta": {"io.modelcontextprotocol/protocolVersion": "2026-07-28",
                      "io.modelcontextprotocol/clientCapabilities": {}}}})
        .to_string();
        let mut s = TcpStream::connect(("127.0.0.1", gw.port)).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        let req = format!(
            "POST /mcp HTTP/1.1\r\nHost: x\r\nConnection: close\r\nAuthorization: Bearer {reader}\r\n\
             Content-Type: application/json\r\nAccept: application/json, text/event-stream\r\n\
             MCP-Protocol-Version: 2026-07-28\r\nMcp-Method: subscriptions/listen\r\n\
             Content-Length: {}\r\n\r\n{body}",
            body.len()
        );
        s.write_all(req.as_bytes()).unwrap();
        // The acknowledgement comes through while the stream stays open.
        let mut seen = Vec::new();
        let mut buf = [0u8; 4096];
        while !String::from_utf8_lossy(&seen).contains("notifications/subscriptions/acknowledged") {
            let n = s.read(&mut buf).unwrap();
            assert!(n > 0, "the stream ended: {}", String::from_utf8_lossy(&seen));
            seen.extend_from_slice(&buf[..n]);
        }
        assert!(String::from_utf8_lossy(&seen).starts_with("HTTP/1.1 200"));
        // Open for three staleness bounds while the key is live…
        s.set_read_timeout(Some(Duration::from_millis(600))).unwrap();
        let idle = s.read(&mut buf);
        assert!(
            idle.as_ref().is_err_and(|e| matches!(
                e.kind(),
                std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
            )),
            "the stream did not stay open: {idle:?}"
        );
        s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        // …and closed once it is revoked.
        env.run(&["keys", "revoke", &reader_id]).expect(0);
        let revoked = Instant::now();
        let mut rest = Vec::new();
        let _ = s.read_to_end(&mut rest);
        assert!(
            revoked.elapsed() < Duration::from_secs(3),
            "the listen stream outlived its key by {:?}",
            revoked.elapsed()
        );
    }
);

/// Sends raw bytes on a fresh connection; the answer, read to the end.
fn raw(port: u16, request: &str) -> Answer {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    s.write_all(request.as_bytes()).unwrap();
    let mut out = Vec::new();
    let _ = s.read_to_end(&mut out);
    answer_of(&out)
}

store_test!(
    fn smuggled_and_misplaced_requests_never_reach_the_upstream(env) {
        let (reader, _, writer) = keys(env);
        let bearer = format!("Bearer {reader}");
        let up = Upstream::python(env, 1, &[]);
        let gw = gateway(env, &up);
        let sid = initialize(gw.port, &bearer);
        // A session is its key's: another key that learns its id gets 404.
        let theirs = post(
            gw.port,
            "/mcp",
            &[("Authorization", &format!("Bearer {writer}")), ("Mcp-Session-Id", &sid)],
            r#"{"jsonrpc":"2.0","id":4,"method":"tools/call","params":{"name":"delete_record","arguments":{"id":"T"}}}"#,
        );
        assert_eq!(theirs.status, 404, "{theirs:?}");
        // Nor with its own session id sent first: a server may read either.
        let writer_sid = initialize(gw.port, &format!("Bearer {writer}"));
        let both = raw(
            gw.port,
            &format!(
                "POST /mcp HTTP/1.1\r\nHost: x\r\nConnection: close\r\nAuthorization: Bearer {writer}\r\n\
                 Content-Type: application/json\r\nAccept: application/json, text/event-stream\r\n\
                 Mcp-Session-Id: {writer_sid}\r\nMcp-Session-Id: {sid}\r\nContent-Length: 2\r\n\r\n{{}}"
            ),
        );
        assert_eq!(both.status, 404, "{both:?}");
        let call = r#"{"jsonrpc":"2.0","id":5,"method":"tools/call","params":{"name":"delete_record","arguments":{"id":"S"}}}"#;
        // A body on GET or DELETE: dropped, it would desynchronize the
        // upstream connection (the next request read as its body).
        for method in ["GET", "DELETE"] {
            let a = raw(
                gw.port,
                &format!(
                    "{method} /mcp HTTP/1.1\r\nHost: x\r\nConnection: close\r\nAuthorization: {bearer}\r\n\
                     Mcp-Session-Id: {sid}\r\nContent-Length: {}\r\n\r\n{call}",
                    call.len()
                ),
            );
            assert_eq!(a.status, 400, "{method}: {a:?}");
        }
        // Paths a lenient server takes for the endpoint are the endpoint.
        for path in ["/mcp;jsessionid=x", "/mcp%00", "/mcp.", "/MCP/"] {
            let a = post(
                gw.port,
                path,
                &[("Authorization", &bearer), ("Mcp-Session-Id", &sid), ("MCP-Protocol-Version", "2025-11-25")],
                call,
            );
            assert_eq!(a.status, 403, "{path}: {a:?}");
        }
        // JSON-RPC anywhere else is refused, not forwarded unread.
        let a = post(gw.port, "/api/rpc", &[("Authorization", &bearer)], call);
        assert_eq!(a.status, 400, "{a:?}");
        // A request without an id is not a way around the check.
        let unanswered = r#"{"jsonrpc":"2.0","method":"tools/call","params":{"name":"delete_record","arguments":{"id":"N"}}}"#;
        let a = post(gw.port, "/mcp", &[("Authorization", &bearer), ("Mcp-Session-Id", &sid)], unanswered);
        assert_eq!(a.status, 400, "{a:?}");
        // Headers a server may fold into ours are not passed on.
        let a = post(
            gw.port,
            "/mcp",
            &[
                ("Authorization", &bearer),
                ("Mcp-Session-Id", &sid),
                ("MCP-Protocol-Version", "2025-11-25"),
                ("X_Keywarden_Key_Id", "spoofed"),
                ("X-Keywarden_Key-Name", "spoofed"),
                ("X-Keywarden.Key.Id", "spoofed"),
                ("Forwarded", "for=spoofed"),
                ("X-Real-IP", "spoofed"),
                ("X-Forwarded-For", "10.9.8.7"),
            ],
            r#"{"jsonrpc":"2.0","id":6,"method":"tools/call","params":{"name":"search","arguments":{"query":"u"}}}"#,
        );
        assert_eq!(a.status, 200, "{a:?}");
        assert!(!up.saw("delete_record"), "{:?}", up.requests());
        assert!(!up.requests().iter().any(|r| r["header_list"].to_string().contains("spoofed")));
        let last = up.requests().pop().unwrap();
        assert_eq!(last["headers"]["x-forwarded-for"], json!("10.9.8.7, 127.0.0.1"), "{last}");
        // A batch is bounded: each tools/call in it is an audit event.
        let many: Vec<Value> = (0..101)
            .map(|i| json!({"jsonrpc": "2.0", "id": i, "method": "tools/call", "params": {"name": "search", "arguments": {"query": "b"}}}))
            .collect();
        let a = post(gw.port, "/mcp", &[("Authorization", &bearer), ("Mcp-Session-Id", &sid)], &Value::Array(many).to_string());
        assert_eq!(a.status, 400, "{a:?}");
        // A token in what the client sends never lands in the audit log.
        let a = post(
            gw.port,
            "/mcp",
            &[("Authorization", &bearer), ("Mcp-Session-Id", &sid), ("X-Request-Id", &format!("req-{reader}"))],
            &json!({"jsonrpc": "2.0", "id": 7, "method": "tools/call", "params": {"name": reader, "arguments": {}}}).to_string(),
        );
        assert_eq!(a.status, 403, "{a:?}");
        let log = env.run(&["audit", "query", "--format", "json"]).expect(0).stdout;
        assert!(!log.contains(&reader[10..]), "a token reached the audit log");
        // Served counts show the allowed requests too.
        let metrics = crate::serve::get(gw.port, "/metrics", &[]).body;
        assert!(metrics.contains("status=\"VALID\""), "{metrics}");
    }
);

store_test!(
    fn a_request_is_refused_before_its_body_or_its_answer_when_it_must_be(env) {
        let (reader, reader_id, _) = keys(env);
        let up = Upstream::python(env, 2, &[]);
        let gw = gateway(env, &up);
        // A token that cannot authenticate is refused without waiting for
        // the body it announces.
        let junk = format!("{}x", &reader[..reader.len() - 1]);
        let started = Instant::now();
        let mut s = TcpStream::connect(("127.0.0.1", gw.port)).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        s.write_all(
            format!(
                "POST /mcp HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {junk}\r\nContent-Length: 1000\r\n\r\n"
            )
            .as_bytes(),
        )
        .unwrap();
        let mut head = [0u8; 12];
        s.read_exact(&mut head).unwrap();
        assert_eq!(&head, b"HTTP/1.1 401");
        assert!(started.elapsed() < Duration::from_secs(5), "{:?}", started.elapsed());
        // A call the upstream is still working on when the key is revoked
        // is dropped (which cancels it) and refused within the bound.
        let bearer = format!("Bearer {reader}");
        let port = gw.port;
        let slow = std::thread::spawn(move || {
            let t = Instant::now();
            let a = post(
                port,
                "/mcp",
                &[("Authorization", &bearer), ("MCP-Protocol-Version", "2026-07-28"), ("Mcp-Method", "tools/call"), ("Mcp-Name", "slow")],
                &json!({"jsonrpc": "2.0", "id": 1, "method": "tools/call", "params": {
                    "name": "slow", "arguments": {"steps": 1, "delay": 8},
                    "_meta": {"io.modelcontextprotocol/protocolVersion": "2026-07-28",
                              "io.modelcontextprotocol/clientCapabilities": {}}}})
                .to_string(),
            );
            (a, t.elapsed())
        });
        std::thread::sleep(Duration::from_millis(800));
        env.run(&["keys", "revoke", &reader_id]).expect(0);
        let (a, took) = slow.join().unwrap();
        assert_eq!(a.status, 401, "{a:?}");
        assert!(took < Duration::from_secs(4), "answered after {took:?}");
        // SIGTERM is not held up by a long staleness bound.
        let long = Server::start(env, &["--upstream", &up.url(), "--max-staleness", "1h"]);
        let t = Instant::now();
        assert_eq!(long.stop(), 0);
        assert!(t.elapsed() < Duration::from_secs(5), "{:?}", t.elapsed());
    }
);
