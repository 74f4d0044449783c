//! `keywarden serve` (contract §10): the real binary on a free loopback
//! port, alone and behind real nginx (`auth_request`) and Caddy
//! (`forward_auth`), on both stores. Every server a test starts is stopped
//! by the test (or its `Drop`).

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::store_test;
use crate::support::Env;

/// A running `keywarden serve`.
pub struct Server {
    child: Child,
    pub port: u16,
}

impl Server {
    pub fn start(env: &Env, extra: &[&str]) -> Server {
        Server::start_with(env, extra, &[])
    }

    /// [`Server::start`] with extra environment variables.
    pub fn start_with(env: &Env, extra: &[&str], vars: &[(&str, &str)]) -> Server {
        let mut args = vec!["serve", "--listen", "127.0.0.1:0"];
        args.extend_from_slice(extra);
        let mut cmd = env.cmd(&args);
        for (k, v) in vars {
            cmd.env(k, v);
        }
        let mut child = cmd
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn keywarden serve");
        let mut err = BufReader::new(child.stderr.take().unwrap());
        let mut line = String::new();
        err.read_line(&mut line).unwrap();
        let port = line
            .trim()
            .rsplit(':')
            .next()
            .and_then(|p| p.parse().ok())
            .unwrap_or_else(|| panic!("serve did not announce its port: {line:?}"));
        // Keep draining stderr so the server never blocks on a full pipe.
        std::thread::spawn(move || {
            let mut rest = String::new();
            let _ = err.read_to_string(&mut rest);
        });
        Server { child, port }
    }

    /// SIGTERM, then the exit code.
    pub fn stop(mut self) -> i32 {
        // SAFETY: kill(2) on our own child's pid.
        unsafe {
            libc::kill(self.child.id() as i32, libc::SIGTERM);
        }
        let code = wait_for(&mut self.child, Duration::from_secs(20));
        code.unwrap_or(-1)
    }

    pub fn kill9(mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn wait_for(child: &mut Child, limit: Duration) -> Option<i32> {
    let until = Instant::now() + limit;
    while Instant::now() < until {
        if let Ok(Some(s)) = child.try_wait() {
            return s.code();
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    None
}

/// An HTTP answer.
#[derive(Debug)]
pub struct Answer {
    pub status: u16,
    pub headers: HashMap<String, String>,
    pub body: String,
}

impl Answer {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .get(&name.to_ascii_lowercase())
            .map(String::as_str)
    }
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("{e}: {}", self.body))
    }
}

/// A plain HTTP/1.1 GET on loopback.
pub fn get(port: u16, path: &str, headers: &[(&str, &str)]) -> Answer {
    send(port, "GET", path, headers)
}

/// A plain HTTP/1.1 request with no body on loopback.
pub fn send(port: u16, method: &str, path: &str, headers: &[(&str, &str)]) -> Answer {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    let mut req =
        format!("{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n");
    for (k, v) in headers {
        req.push_str(&format!("{k}: {v}\r\n"));
    }
    req.push_str("\r\n");
    s.write_all(req.as_bytes()).unwrap();
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).unwrap();
    answer_of(&raw)
}

/// An HTTP/1.1 response as read off the wire: status, headers (names in
/// lower case) and body (de-chunked).
pub fn answer_of(raw: &[u8]) -> Answer {
    let text = String::from_utf8_lossy(raw).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let mut lines = head.lines();
    let status = lines
        .next()
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect();
    let body = if head
        .to_ascii_lowercase()
        .contains("transfer-encoding: chunked")
    {
        dechunk(body)
    } else {
        body.to_owned()
    };
    Answer {
        status,
        headers,
        body,
    }
}

fn dechunk(mut s: &str) -> String {
    let mut out = String::new();
    while let Some((size, rest)) = s.split_once("\r\n") {
        let n = usize::from_str_radix(size.trim(), 16).unwrap_or(0);
        if n == 0 || rest.len() < n {
            break;
        }
        out.push_str(&rest[..n]);
        s = rest[n..].trim_start_matches("\r\n");
    }
    out
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn wait_listening(port: u16, what: &str, child: &mut Child) {
    let until = Instant::now() + Duration::from_secs(15);
    while Instant::now() < until {
        if TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return;
        }
        if let Ok(Some(s)) = child.try_wait() {
            panic!("{what} exited at start: {s}");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    panic!("{what} did not listen on {port}");
}

fn bearer(t: &str) -> String {
    format!("Bearer {t}")
}

/// Every status of `keys verify`, the way a proxy sees it.
fn statuses_through(port: u16, path: &str, env: &Env, direct: bool) {
    // Behind a proxy the proxy names the resource; directly, the test does.
    let resource: &[(&str, &str)] = if direct {
        &[("X-Keywarden-Resource", "org:acme/collection:docs")]
    } else {
        &[]
    };
    let get = |port: u16, path: &str, h: &[(&str, &str)]| {
        let mut all = h.to_vec();
        all.extend_from_slice(resource);
        get(port, path, &all)
    };
    let (ok, _) = env.mint(
        "docs bot",
        "org:acme",
        &["read:docs"],
        &["--rate-limit", "3"],
    );
    let (other, _) = env.mint("hr bot", "org:acme/collection:hr", &["read:docs"], &[]);
    let forged = [
        ("X-Keywarden-Key-Id", "forged-id"),
        ("X-Keywarden-Key-Name", "forged-name"),
        ("X-Keywarden-Scopes", "forged-scope"),
    ];
    let auth = bearer(&ok);
    let mut h: Vec<(&str, &str)> = vec![("Authorization", &auth)];
    h.extend_from_slice(&forged);
    if !direct {
        // What the proxy asks keywarden is the proxy's to say, and the
        // upstream never sees a client's copy either.
        h.extend_from_slice(&[
            ("X-Keywarden-Resource", "forged-resource"),
            ("X-Keywarden-Tool", "forged-tool"),
        ]);
    }
    let a = get(port, path, &h);
    assert_eq!(a.status, 200, "{a:?}");
    if direct {
        assert_eq!(a.header("x-keywarden-status"), Some("VALID"));
        assert_eq!(a.header("x-keywarden-key-name"), Some("docs bot"));
        assert_eq!(a.header("x-keywarden-scopes"), Some("org:acme"));
        assert_eq!(a.json()["status"], "VALID");
    } else {
        // What the upstream received: the identity, never the token or a spoof.
        assert!(
            a.body.contains(&format!("key={}", &ok[3..15])),
            "{}",
            a.body
        );
        assert!(
            a.body.contains("spoof= ") && a.body.ends_with("auth=")
                || a.body.trim_end().ends_with("auth="),
            "{}",
            a.body
        );
        assert!(
            !a.body.contains("forged") && !a.body.contains(&ok[15..40]),
            "{}",
            a.body
        );
    }
    // 401: unknown key, bad checksum, no token.
    let mut wrong = ok.clone();
    wrong.replace_range(20..21, if &ok[20..21] == "a" { "b" } else { "a" });
    for t in [wrong.as_str(), "kw_nope"] {
        let auth = bearer(t);
        let a = get(port, path, &[("Authorization", &auth)]);
        assert_eq!(a.status, 401, "{a:?}");
        assert!(
            a.header("www-authenticate")
                .is_some_and(|w| w.contains("invalid_token")),
            "{a:?}"
        );
    }
    let a = get(port, path, &[]);
    assert_eq!(a.status, 401);
    assert!(
        a.header("www-authenticate")
            .is_some_and(|w| w.starts_with("Bearer")),
        "{a:?}"
    );
    // 403: a key whose scope does not cover the resource.
    let auth = bearer(&other);
    let a = get(port, path, &[("Authorization", &auth)]);
    assert_eq!(a.status, 403, "{a:?}");
    if direct {
        assert!(
            a.header("www-authenticate")
                .is_some_and(|w| w.contains("insufficient_scope")),
            "{a:?}"
        );
    }
    // 429 after the limit, with Retry-After.
    let auth = bearer(&ok);
    let mut last = None;
    for _ in 0..4 {
        last = Some(get(port, path, &[("Authorization", &auth)]));
    }
    let a = last.unwrap();
    assert_eq!(a.status, 429, "{a:?}");
    let retry: u64 = a.header("retry-after").unwrap().parse().unwrap();
    assert!((1..=60).contains(&retry));
}

store_test!(
    /// Direct: every status, identity headers, request ids in the audit
    /// log, MCP routing headers, and a clean SIGTERM.
    fn serve_answers_like_keys_verify(env) {
        env.ok(&["tools", "set", "search", "--requires", "read:docs"]);
        env.ok(&["tools", "set", "delete_record", "--requires", "write:docs"]);
        let server = Server::start(env, &[]);
        let port = server.port;
        statuses_through(port, "/v1/verify", env, true);
        // `Prefer: return=minimal` (RFC 7240): the same status and headers, no body.
        let (t, _) = env.mint("minimal", "org:acme", &["read:docs"], &[]);
        for (token, status) in [(t.as_str(), 200), ("kw_nope", 401)] {
            let auth = bearer(token);
            let a = get(port, "/v1/verify", &[("Authorization", &auth), ("Prefer", "return=minimal"), ("X-Keywarden-Resource", "org:acme/collection:docs")]);
            assert_eq!((a.status, a.body.as_str()), (status, ""), "{a:?}");
            assert_eq!(a.header("preference-applied"), Some("return=minimal"));
            assert_eq!(a.header("content-length"), Some("0"));
            assert!(a.header("x-keywarden-status").is_some() && a.header("content-type").is_none(), "{a:?}");
        }
        // The same decision as the CLI, request id in the event.
        let (t, id) = env.mint("mcp", "org:acme", &["read:docs"], &[]);
        let auth = bearer(&t);
        let a = get(port, "/v1/verify", &[("Authorization", &auth), ("X-Request-Id", "req-42"), ("X-Keywarden-Resource", "org:acme/collection:docs")]);
        assert_eq!(a.status, 200);
        let ev = env.json(&["audit", "query", "--key", &id, "--limit", "1"]);
        assert_eq!(ev[0]["details"]["request_id"], "req-42", "{ev}");
        assert_eq!(ev[0]["subject"], "org:acme/collection:docs");
        let last_used = env.json(&["keys", "show", &id])["last_used_at"].clone();
        assert!(last_used.is_string());
        // MCP 2026-07-28 routing headers name the tool; anything older is refused.
        let call = |name: &str, version: Option<&str>| {
            let mut h = vec![("Authorization", auth.as_str()), ("Mcp-Method", "tools/call"), ("Mcp-Name", name)];
            if let Some(v) = version {
                h.push(("MCP-Protocol-Version", v));
            }
            get(port, "/v1/verify", &h)
        };
        assert_eq!(call("search", Some("2026-07-28")).status, 200);
        assert_eq!(call("=?base64?c2VhcmNo?=", Some("2026-07-28")).status, 200);
        let a = call("delete_record", Some("2026-07-28"));
        assert_eq!((a.status, a.json()["status"].as_str()), (403, Some("FORBIDDEN")));
        let a = call("search", Some("2025-11-25"));
        assert_eq!(a.status, 403, "routing headers on an older revision: {a:?}");
        let a = call("search", None);
        assert_eq!(a.status, 403);
        // Envoy appends the original path.
        let r = get(port, "/v1/verify/api/docs", &[("Authorization", &auth), ("X-Keywarden-Resource", "org:acme/collection:docs")]);
        assert_eq!(r.status, 200, "{r:?}");
        // Headers that cannot be trusted: refused once the token is known,
        // with its key and an audit event; no token is still 401.
        for (h, v) in [
            ("X-Keywarden-Resource", "!!"),
            ("Mcp-Name", "=?base64?!!?="),
        ] {
            let r = get(port, "/v1/verify", &[("Authorization", &auth), (h, v), ("MCP-Protocol-Version", "2026-07-28"), ("Mcp-Method", "tools/call"), ("X-Request-Id", "bad-headers")]);
            assert_eq!((r.status, r.json()["key_id"].as_str()), (403, Some(id.as_str())), "{r:?}");
        }
        let ev = env.json(&["audit", "query", "--key", &id, "--limit", "1"]);
        assert_eq!((ev[0]["details"]["request_id"].as_str(), ev[0]["status"].as_i64()), (Some("bad-headers"), Some(403)));
        let r = get(port, "/v1/verify", &[("Mcp-Method", "tools/call"), ("Mcp-Name", "search"), ("MCP-Protocol-Version", "2026-07-28")]);
        assert_eq!(r.status, 401, "no token is 401 whatever the other headers: {r:?}");
        // A repeated header is never guessed at (first or last copy).
        let r = get(port, "/v1/verify", &[("Authorization", &auth), ("MCP-Protocol-Version", "2026-07-28"), ("Mcp-Method", "tools/call"), ("Mcp-Name", "search"), ("Mcp-Name", "delete_record")]);
        assert_eq!(r.status, 403, "{r:?}");
        let r = get(port, "/v1/verify", &[("Authorization", &auth), ("X-Keywarden-Resource", "org:acme"), ("X-Keywarden-Resource", "org:evil")]);
        assert_eq!(r.status, 403, "{r:?}");
        let r = get(port, "/v1/verify", &[("Authorization", &auth), ("Authorization", "Bearer junk")]);
        assert_eq!(r.status, 401, "{r:?}");
        // A method spelled otherwise, a name without a method, a version that is not a revision.
        for h in [
            vec![("Mcp-Method", "Tools/Call"), ("Mcp-Name", "delete_record"), ("MCP-Protocol-Version", "2026-07-28")],
            vec![("Mcp-Name", "delete_record"), ("MCP-Protocol-Version", "2026-07-28")],
            vec![("Mcp-Method", "tools/call"), ("Mcp-Name", "search"), ("MCP-Protocol-Version", "9999")],
        ] {
            let mut all = vec![("Authorization", auth.as_str())];
            all.extend(h);
            assert_eq!(get(port, "/v1/verify", &all).status, 403, "{all:?}");
        }
        // The same reading of a pasted value as `keys verify`: one `Bearer `.
        let double = format!("Bearer Bearer {t}");
        let r = get(port, "/v1/verify", &[("Authorization", &double)]);
        assert_eq!((r.status, r.json()["status"].as_str()), (401, Some("MALFORMED")));
        // Health, readiness, metrics.
        assert_eq!(get(port, "/healthz", &[]).status, 200);
        assert_eq!(get(port, "/readyz", &[]).status, 200);
        let m = get(port, "/metrics", &[]);
        assert!(m.body.contains("keywarden_requests_total{status=\"VALID\"}") && m.body.contains("keywarden_commit_seconds"), "{}", m.body);
        assert!(!m.body.contains(&t[15..40]));
        assert_eq!(server.stop(), 0, "SIGTERM drains and exits 0");
        env.run(&["audit", "verify"]).expect(0);
    }
);

store_test!(
    /// Two servers on one store: a revocation, a rotation and a tool
    /// mapping change made by the CLI are honoured at once (the first two)
    /// and within --max-staleness (the third).
    fn changes_reach_running_servers(env) {
        env.ok(&["tools", "set", "search", "--requires", "read:docs"]);
        let a = Server::start(env, &["--max-staleness", "200ms"]);
        let b = Server::start(env, &["--max-staleness", "200ms"]);
        for trial in 0..10 {
            let (t, id) = env.mint(&format!("k{trial}"), "org:acme", &["read:docs"], &[]);
            let auth = bearer(&t);
            for s in [&a, &b] {
                assert_eq!(get(s.port, "/v1/verify", &[("Authorization", &auth)]).status, 200);
            }
            if trial % 2 == 0 {
                env.ok(&["keys", "revoke", &id]);
            } else {
                env.ok(&["keys", "rotate", &id]);
            }
            for s in [&a, &b] {
                let r = get(s.port, "/v1/verify", &[("Authorization", &auth)]);
                assert_eq!((r.status, r.json()["status"].as_str()), (401, Some("REVOKED")), "trial {trial}: {r:?}");
            }
        }
        let (t, _) = env.mint("tools", "org:acme", &["read:docs"], &[]);
        let auth = bearer(&t);
        let h = [("Authorization", auth.as_str()), ("X-Keywarden-Tool", "search")];
        assert_eq!(get(a.port, "/v1/verify", &h).status, 200);
        env.ok(&["tools", "rm", "search"]);
        std::thread::sleep(Duration::from_millis(250));
        for s in [&a, &b] {
            assert_eq!(get(s.port, "/v1/verify", &h).status, 403, "an unmapped tool fails closed within the bound");
        }
        assert_eq!(a.stop(), 0);
        assert_eq!(b.stop(), 0);
    }
);

store_test!(
    /// kill -9 under load: every request answered 200 has its audit event
    /// (by request id), and the chain verifies. `KEYWARDEN_KILL_TRIALS`
    /// sets the count.
    fn kill9_loses_no_answered_request(env) {
        let (t, _) = env.mint("load", "org:acme", &["read:docs"], &[]);
        for trial in 0..crate::library::trials("KEYWARDEN_KILL_TRIALS", 5) {
            let server = Server::start(env, &[]);
            let port = server.port;
            let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
            let answered: Vec<String> = std::thread::scope(|s| {
                let workers: Vec<_> = (0..4)
                    .map(|w| {
                        let (stop, t) = (stop.clone(), t.clone());
                        s.spawn(move || {
                            let mut ok = Vec::new();
                            let mut i = 0;
                            while !stop.load(std::sync::atomic::Ordering::SeqCst) {
                                i += 1;
                                let id = format!("t{trial}-w{w}-{i}");
                                let auth = bearer(&t);
                                let r = std::panic::catch_unwind(|| get(port, "/v1/verify", &[("Authorization", &auth), ("X-Request-Id", &id)]));
                                match r {
                                    Ok(a) if a.status == 200 => ok.push(id),
                                    Ok(_) => {}
                                    Err(_) => break,
                                }
                            }
                            ok
                        })
                    })
                    .collect();
                std::thread::sleep(Duration::from_millis(600));
                server.kill9();
                stop.store(true, std::sync::atomic::Ordering::SeqCst);
                workers.into_iter().flat_map(|w| w.join().unwrap()).collect()
            });
            assert!(!answered.is_empty(), "no request was answered before the kill");
            let events = env.json(&["audit", "query", "--action", "key.verify", "--limit", "0"]);
            let recorded: std::collections::HashSet<String> = events
                .as_array()
                .unwrap()
                .iter()
                .filter_map(|e| e["details"]["request_id"].as_str().map(str::to_owned))
                .collect();
            let lost: Vec<&String> = answered.iter().filter(|id| !recorded.contains(*id)).collect();
            assert!(lost.is_empty(), "trial {trial}: answered but not recorded: {lost:?}");
            env.run(&["audit", "verify"]).expect(0);
        }
    }
);

fn write(path: &Path, text: &str) {
    std::fs::write(path, text).unwrap();
}

/// nginx with `auth_request` to `serve`, and the 429 mapping of the README.
struct Nginx {
    child: Child,
    port: u16,
}

impl Nginx {
    fn start(env: &Env, keywarden: u16) -> Nginx {
        Nginx::start_site(env, keywarden, "org:acme/collection:docs")
    }

    /// With the proxy naming `resource` (empty: a routes file decides).
    fn start_site(env: &Env, keywarden: u16, resource: &str) -> Nginx {
        let dir = env.path().join("nginx");
        std::fs::create_dir_all(dir.join("tmp")).unwrap();
        let (port, upstream) = (free_port(), free_port());
        let d = dir.display();
        let conf = format!(
            r#"worker_processes 1;
master_process off;
daemon off;
error_log {d}/error.log warn;
pid {d}/nginx.pid;
events {{ worker_connections 256; }}
http {{
  access_log off;
  client_body_temp_path {d}/tmp/body;
  proxy_temp_path {d}/tmp/proxy;
  fastcgi_temp_path {d}/tmp/fcgi;
  uwsgi_temp_path {d}/tmp/uwsgi;
  scgi_temp_path {d}/tmp/scgi;
  upstream keywarden {{ server 127.0.0.1:{keywarden}; keepalive 16; }}
  server {{
    listen 127.0.0.1:{upstream};
    return 200 "res=$http_x_keywarden_resource tool=$http_x_keywarden_tool key=$http_x_keywarden_key_id name=$http_x_keywarden_key_name scopes=$http_x_keywarden_scopes auth=$http_authorization";
  }}
{site}
}}
"#,
            site = crate::serve::nginx_site_naming(port, upstream, resource)
        );
        write(&dir.join("nginx.conf"), &conf);
        let nginx = if Path::new("/usr/sbin/nginx").exists() {
            "/usr/sbin/nginx"
        } else {
            "nginx"
        };
        let mut child = Command::new(nginx)
            .arg("-p")
            .arg(&dir)
            .arg("-c")
            .arg(dir.join("nginx.conf"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("nginx is installed by .ci/setup");
        wait_listening(port, "nginx", &mut child);
        Nginx { child, port }
    }
}

impl Drop for Nginx {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The README's nginx site, with this test's ports: every `X-Keywarden-*`
/// request header set by the proxy (so a client cannot choose them), the
/// identity passed up, `Authorization` and client copies stripped, 429
/// mapped from the auth subrequest.
pub fn nginx_site(port: u16, upstream: u16) -> String {
    nginx_site_naming(port, upstream, "org:acme/collection:docs")
}

/// The README's site with the proxy naming `resource`.
pub fn nginx_site_naming(port: u16, upstream: u16, resource: &str) -> String {
    format!(
        r#"  server {{
    listen 127.0.0.1:{port};
    location = /_keywarden {{
      internal;
      proxy_pass http://keywarden/v1/verify;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_pass_request_body off;
      proxy_set_header Content-Length "";
      proxy_set_header Prefer "return=minimal";
      proxy_set_header X-Keywarden-Resource "{resource}";
      proxy_set_header X-Keywarden-Ability "";
      proxy_set_header X-Keywarden-Tool "";
      proxy_set_header X-Original-Method $request_method;
      proxy_set_header X-Original-URI $request_uri;
      proxy_set_header X-Forwarded-Method "";
      proxy_set_header X-Forwarded-Uri "";
      proxy_set_header X-Request-Id $request_id;
      proxy_intercept_errors on;
      error_page 429 503 = @keywarden_limited;
    }}
    location @keywarden_limited {{ internal; return 403; }}
    location / {{
      auth_request /_keywarden;
      auth_request_set $kw_status $upstream_http_x_keywarden_status;
      auth_request_set $kw_retry $upstream_http_retry_after;
      auth_request_set $kw_id $upstream_http_x_keywarden_key_id;
      auth_request_set $kw_name $upstream_http_x_keywarden_key_name;
      auth_request_set $kw_scopes $upstream_http_x_keywarden_scopes;
      auth_request_set $kw_abilities $upstream_http_x_keywarden_abilities;
      error_page 403 = @keywarden_403;
      proxy_set_header Authorization "";
      proxy_set_header X-Keywarden-Resource "";
      proxy_set_header X-Keywarden-Ability "";
      proxy_set_header X-Keywarden-Tool "";
      proxy_set_header X-Keywarden-Status "";
      proxy_set_header X-Keywarden-Key-Id $kw_id;
      proxy_set_header X-Keywarden-Key-Name $kw_name;
      proxy_set_header X-Keywarden-Scopes $kw_scopes;
      proxy_set_header X-Keywarden-Abilities $kw_abilities;
      proxy_pass http://127.0.0.1:{upstream};
    }}
    location @keywarden_403 {{
      if ($kw_status = "RATE_LIMITED") {{ add_header Retry-After $kw_retry always; return 429; }}
      if ($kw_status = "UNAVAILABLE") {{ add_header Retry-After $kw_retry always; return 503; }}
      return 403;
    }}
  }}"#
    )
}

/// Caddy with `forward_auth` to `serve`.
struct Caddy {
    child: Child,
    port: u16,
}

impl Caddy {
    fn start(env: &Env, keywarden: u16) -> Caddy {
        Caddy::start_naming(env, keywarden, "org:acme/collection:docs")
    }

    /// With the proxy naming `resource` (empty: a routes file decides).
    fn start_naming(env: &Env, keywarden: u16, resource: &str) -> Caddy {
        let dir = env.path().join("caddy");
        std::fs::create_dir_all(&dir).unwrap();
        let (port, upstream) = (free_port(), free_port());
        let up = if resource.is_empty() {
            String::new()
        } else {
            format!("\t\t\theader_up X-Keywarden-Resource \"{resource}\"\n")
        };
        let conf = format!(
            "{{\n\tadmin off\n\tauto_https off\n}}\n\
             http://127.0.0.1:{upstream} {{\n\trespond \"res={{header.X-Keywarden-Resource}} tool={{header.X-Keywarden-Tool}} key={{header.X-Keywarden-Key-Id}} name={{header.X-Keywarden-Key-Name}} scopes={{header.X-Keywarden-Scopes}} auth={{header.Authorization}}\"\n}}\n\
             http://127.0.0.1:{port} {{\n\troute {{\n\t\trequest_header -X-Keywarden-*\n\t\trequest_header -X-Original-*\n\t\tforward_auth 127.0.0.1:{keywarden} {{\n\t\t\turi /v1/verify\n\t\t\theader_up Prefer \"return=minimal\"\n{up}\t\t\tcopy_headers X-Keywarden-Key-Id X-Keywarden-Key-Name X-Keywarden-Scopes X-Keywarden-Abilities\n\t\t}}\n\t\trequest_header -Authorization\n\t\treverse_proxy 127.0.0.1:{upstream}\n\t}}\n}}\n"
        );
        write(&dir.join("Caddyfile"), &conf);
        let mut child = Command::new("caddy")
            .args(["run", "--adapter", "caddyfile", "--config"])
            .arg(dir.join("Caddyfile"))
            .env("HOME", &dir)
            .env("XDG_DATA_HOME", dir.join("data"))
            .env("XDG_CONFIG_HOME", dir.join("config"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("caddy is installed by .ci/setup");
        wait_listening(port, "caddy", &mut child);
        Caddy { child, port }
    }
}

impl Drop for Caddy {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

store_test!(
    /// Every status through real nginx (`auth_request`).
    fn behind_nginx(env) {
        let server = Server::start(env, &[]);
        let nginx = Nginx::start(env, server.port);
        statuses_through(nginx.port, "/", env, false);
        keeps_its_connections(env, nginx.port, server.port);
        overloaded_through(env, nginx.port);
        drop(nginx);
        assert_eq!(server.stop(), 0);
    }
);

store_test!(
    /// Every status through real Caddy (`forward_auth`).
    fn behind_caddy(env) {
        let server = Server::start(env, &[]);
        let caddy = Caddy::start(env, server.port);
        statuses_through(caddy.port, "/", env, false);
        keeps_its_connections(env, caddy.port, server.port);
        overloaded_through(env, caddy.port);
        drop(caddy);
        assert_eq!(server.stop(), 0);
    }
);

/// The proxy at `proxy` reuses its connections to keywarden at `serve`:
/// 30 sequential checks (allowed and refused) through it open at most a
/// few. A proxy that never reads an auth answer's body (nginx, and Caddy
/// on a 2xx) must ask for none (`Prefer: return=minimal`), or it opens a
/// connection per check.
fn keeps_its_connections(env: &Env, proxy: u16, serve: u16) {
    let (valid, _) = env.mint("keep-alive", "org:acme", &["read:docs"], &[]);
    let connections = || -> u64 {
        let m = get(serve, "/metrics", &[]);
        m.body
            .lines()
            .find_map(|l| l.strip_prefix("keywarden_connections_total "))
            .unwrap_or_else(|| panic!("no connections counter: {}", m.body))
            .trim()
            .parse()
            .unwrap()
    };
    let before = connections();
    for i in 0..30 {
        let (token, status) = if i % 3 == 0 {
            ("kw_nope", 401)
        } else {
            (valid.as_str(), 200)
        };
        let auth = bearer(token);
        assert_eq!(get(proxy, "/", &[("Authorization", &auth)]).status, status);
    }
    // The two /metrics requests are connections of their own.
    let opened = connections() - before - 1;
    assert!(
        opened <= 3,
        "30 checks through the proxy opened {opened} connections to keywarden"
    );
}

/// A flood of wrong secrets for one key id through the proxy at `proxy`:
/// past the key id's places among the cold checks the answer is 503 with
/// `Retry-After` (nginx would make it a 500 without the README's mapping),
/// and the rest are 401.
fn overloaded_through(env: &Env, proxy: u16) {
    // bcrypt at cost 12 (a quarter second), so the flood overlaps.
    env.ok(&["init", "--bcrypt-cost", "12"]);
    let (_, id) = env.mint("flooded", "org:acme", &["read:docs"], &[]);
    env.ok(&["init", "--bcrypt-cost", "4"]);
    let answers: Vec<Answer> = std::thread::scope(|s| {
        let all: Vec<_> = (0..8)
            .map(|_| {
                let wrong = keywarden::token::generate("kw", &id).expose().to_owned();
                s.spawn(move || get(proxy, "/", &[("Authorization", &bearer(&wrong))]))
            })
            .collect();
        all.into_iter().map(|t| t.join().unwrap()).collect()
    });
    let busy: Vec<&Answer> = answers.iter().filter(|a| a.status == 503).collect();
    assert!(
        answers.iter().all(|a| a.status == 503 || a.status == 401),
        "{answers:?}"
    );
    assert!(busy.len() >= 4, "{answers:?}");
    assert!(
        busy.iter().all(|a| a.header("retry-after") == Some("1")),
        "{busy:?}"
    );
}

/// The README's nginx site is the one tested here, with its ports.
#[test]
fn the_readme_shows_the_tested_nginx_site() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    assert!(
        readme.contains(&nginx_site(8080, 3000)),
        "README.md's nginx site differs from tests/it/serve.rs::nginx_site"
    );
    assert!(
        readme.contains(&format!("```toml\n{ROUTES}```")),
        "README.md's routes file differs from tests/it/serve.rs::ROUTES"
    );
}

store_test!(
    /// Two servers, many connections, across a minute boundary: never more
    /// than the limit accepted per window, and at least 95% of it when the
    /// demand is far above it.
    fn the_rate_limit_holds_across_servers_and_minutes(env) {
        const LIMIT: u64 = 30;
        let (t, id) = env.mint("limited", "org:acme", &["read:docs"], &["--rate-limit", &LIMIT.to_string()]);
        let servers = [Server::start(env, &[]), Server::start(env, &[])];
        let ports: Vec<u16> = servers.iter().map(|s| s.port).collect();
        let auth = bearer(&t);
        // Warm both servers' memory of the token, then start 3 s before a minute ends.
        for p in &ports {
            get(*p, "/v1/verify", &[("Authorization", &auth)]);
        }
        let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap();
        let second = (now.as_secs() % 60) as f64 + f64::from(now.subsec_millis()) / 1000.0;
        std::thread::sleep(Duration::from_secs_f64((57.0 - second).rem_euclid(60.0)));
        let until = Instant::now() + Duration::from_secs(6);
        std::thread::scope(|s| {
            for w in 0..8 {
                let (auth, port) = (auth.clone(), ports[w % 2]);
                s.spawn(move || {
                    while Instant::now() < until {
                        get(port, "/v1/verify", &[("Authorization", &auth)]);
                    }
                });
            }
        });
        let mut accepted: HashMap<String, u64> = HashMap::new();
        let mut requests: HashMap<String, u64> = HashMap::new();
        for e in env.json(&["audit", "query", "--key", &id, "--action", "key.verify", "--limit", "0"]).as_array().unwrap() {
            let minute = e["ts"].as_str().unwrap()[..16].to_owned();
            *requests.entry(minute.clone()).or_default() += 1;
            if e["status"] == 200 {
                *accepted.entry(minute).or_default() += 1;
            }
        }
        assert!(requests.len() >= 2, "the load did not cross a minute boundary: {requests:?}");
        for (minute, n) in &requests {
            let ok = accepted.get(minute).copied().unwrap_or(0);
            assert!(ok <= LIMIT, "{minute}: {ok} accepted over the limit of {LIMIT}");
            if *n > 3 * LIMIT {
                assert!(ok * 100 >= LIMIT * 95, "{minute}: {n} requests but only {ok} accepted");
            }
        }
        for s in servers {
            assert_eq!(s.stop(), 0);
        }
    }
);

/// A client that holds a half-sent request open cannot keep a server up
/// after SIGTERM: it exits 0 within the drain limit.
#[test]
fn sigterm_is_not_held_up_by_a_slow_client() {
    let env = Env::new(crate::support::Backend::Sqlite);
    let server = Server::start(&env, &[]);
    let mut slow = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
    slow.write_all(b"GET /v1/verify HTTP/1.1\r\nHost: x\r\n")
        .unwrap();
    std::thread::sleep(Duration::from_millis(200));
    let started = Instant::now();
    assert_eq!(server.stop(), 0);
    assert!(
        started.elapsed() < Duration::from_secs(15),
        "{:?}",
        started.elapsed()
    );
    drop(slow);
}

/// The routes file of the tests and the README.
pub const ROUTES: &str = r#"[[route]]
methods = ["GET", "HEAD"]
path = "/orgs/{org}/docs/{doc}"
resource = "org:{org}/collection:docs/doc:{doc}"
ability = "read:docs"

[[route]]
path = "/orgs/{org}/docs/{doc}"
resource = "org:{org}/collection:docs/doc:{doc}"
ability = "write:docs"
"#;

/// What a routes file decides, through one front door: `at` sends a
/// method, a path and client headers, and gives the status.
/// A front door: method, path and client headers in, the answer out.
type Door<'a> = &'a dyn Fn(&str, &str, &[(&str, &str)]) -> Answer;

fn routes_decide(env: &Env, key: &str, at: Door<'_>) {
    let auth = bearer(key);
    let a = |m: &str, p: &str, extra: &[(&str, &str)]| {
        let mut h = vec![("Authorization", auth.as_str())];
        h.extend_from_slice(extra);
        at(m, p, &h)
    };
    let ok = a("GET", "/orgs/acme/docs/7?x=1", &[]);
    assert_eq!(ok.status, 200, "{ok:?}");
    let ev = env.json(&["audit", "query", "--action", "key.verify", "--limit", "1"]);
    assert_eq!(ev[0]["subject"], "org:acme/collection:docs/doc:7", "{ev}");
    for (m, p) in [
        ("GET", "/orgs/beta/docs/7"),     // another org
        ("DELETE", "/orgs/acme/docs/7"),  // needs write:docs
        ("GET", "/elsewhere"),            // no route
        ("GET", "/orgs/acme/docs/a%2Fb"), // an encoded separator
    ] {
        let r = a(m, p, &[]);
        assert!(r.status == 403 || r.status == 400, "{m} {p}: {r:?}");
        assert_ne!(r.status, 200);
    }
    // A client's copy of the original-request headers never picks the route.
    for h in ["X-Original-URI", "X-Forwarded-Uri"] {
        let r = a("GET", "/elsewhere", &[(h, "/orgs/acme/docs/7")]);
        assert_ne!(r.status, 200, "{h} from the client chose the route: {r:?}");
    }
    let r = a(
        "DELETE",
        "/orgs/acme/docs/7",
        &[("X-Original-Method", "GET"), ("X-Forwarded-Method", "GET")],
    );
    assert_ne!(
        r.status, 200,
        "a client's method header chose the route: {r:?}"
    );
}

store_test!(
    /// A routes file decides resource and ability from the original method
    /// and path: behind nginx (`X-Original-*`), Caddy (`X-Forwarded-*`),
    /// and Envoy's appended path; client copies never choose the route.
    fn a_routes_file_decides_behind_every_proxy(env) {
        let routes = env.path().join("routes.toml");
        write(&routes, ROUTES);
        let server = Server::start(env, &["--routes", routes.to_str().unwrap()]);
        let (t, _) = env.mint("reader", "org:acme", &["read:docs"], &[]);
        let nginx = Nginx::start_site(env, server.port, "");
        routes_decide(env, &t, &|m, p, h| send(nginx.port, m, p, h));
        drop(nginx);
        let caddy = Caddy::start_naming(env, server.port, "");
        routes_decide(env, &t, &|m, p, h| send(caddy.port, m, p, h));
        drop(caddy);
        // Envoy: the original path after /v1/verify, with the original method.
        let port = server.port;
        let envoy = |m: &str, p: &str, h: &[(&str, &str)]| {
            // What Envoy's allowed_headers lets through: no client copies.
            let h: Vec<_> = h.iter().copied().filter(|(k, _)| !k.starts_with("X-")).collect();
            send(port, m, &format!("/v1/verify{p}"), &h)
        };
        routes_decide(env, &t, &envoy);
        // Directly: sources that disagree, or none at all, are refused.
        let auth = bearer(&t);
        let r = get(port, "/v1/verify", &[("Authorization", &auth), ("X-Original-Method", "GET"), ("X-Original-URI", "/orgs/acme/docs/7"), ("X-Forwarded-Uri", "/orgs/beta/docs/7")]);
        assert_eq!(r.status, 403, "{r:?}");
        assert!(r.json()["reason"].as_str().unwrap().contains("disagree"), "{r:?}");
        let r = get(port, "/v1/verify", &[("Authorization", &auth)]);
        assert_eq!(r.status, 403);
        assert!(r.json()["reason"].as_str().unwrap().contains("X-Original-URI"), "{r:?}");
        // Envoy with the original path `/`: answered (no route), not 404.
        let r = get(port, "/v1/verify/", &[("Authorization", &auth)]);
        assert_eq!(r.status, 403, "{r:?}");
        assert!(r.json()["reason"].as_str().unwrap().contains("GET /"), "{r:?}");
        // A proxy's resource header and the route must agree.
        let r = get(port, "/v1/verify", &[("Authorization", &auth), ("X-Original-Method", "GET"), ("X-Original-URI", "/orgs/acme/docs/7"), ("X-Keywarden-Resource", "org:acme/collection:docs/doc:8")]);
        assert_eq!(r.status, 403, "{r:?}");
        assert_eq!(server.stop(), 0);
        env.run(&["audit", "verify"]).expect(0);
    }
);

store_test!(
    /// `--config FILE`: the flags' settings in TOML, a relative routes path
    /// read from the file's directory, and a flag overriding the file.
    fn a_config_file_sets_what_flags_set(env) {
        let dir = env.path().join("etc");
        std::fs::create_dir_all(&dir).unwrap();
        write(&dir.join("routes.toml"), ROUTES);
        let config = dir.join("serve.toml");
        write(&config, "max_staleness = \"250ms\"\nactor_kind = \"mcp\"\nroutes = \"routes.toml\"\n");
        let (t, id) = env.mint("reader", "org:acme", &["read:docs"], &[]);
        let auth = bearer(&t);
        let h = [("Authorization", auth.as_str()), ("X-Original-Method", "GET"), ("X-Original-URI", "/orgs/acme/docs/7")];
        let server = Server::start(env, &["--config", config.to_str().unwrap()]);
        assert_eq!(get(server.port, "/v1/verify", &h).status, 200);
        let ev = env.json(&["audit", "query", "--key", &id, "--limit", "1"]);
        assert_eq!((ev[0]["actor_kind"].as_str(), ev[0]["subject"].as_str()), (Some("mcp"), Some("org:acme/collection:docs/doc:7")), "{ev}");
        assert_eq!(server.stop(), 0);
        let server = Server::start(env, &["--config", config.to_str().unwrap(), "--actor-kind", "rest"]);
        assert_eq!(get(server.port, "/v1/verify", &h).status, 200);
        let ev = env.json(&["audit", "query", "--key", &id, "--limit", "1"]);
        assert_eq!(ev[0]["actor_kind"], "rest", "the flag overrides the file: {ev}");
        assert_eq!(server.stop(), 0);
    }
);

store_test!(
    /// A bad config or routes file stops `serve` before it listens, with
    /// exit 2 and a message naming the file, the key or the route.
    fn bad_config_and_routes_files_are_refused_at_start(env) {
        let bad = env.path().join("bad.toml");
        for (flag, text, says) in [
            ("--config", "listen = \"127.0.0.1:0\"\nmax_stalenes = \"1s\"\n", "max_stalenes"),
            ("--config", "actor_kind = \"Not A Kind\"\n", "actor_kind"),
            ("--config", "max_staleness = 5\n", "max_staleness"),
            ("--routes", "[[route]]\npath = \"/a/{x}\"\nresource = \"org:{y}\"\n", "route 1"),
            ("--routes", "[[route]]\npath = \"/a/{x}\"\n[[route]]\npath = \"/a/{y}\"\n", "route 2"),
            ("--routes", "not toml", "routes file"),
        ] {
            write(&bad, text);
            let before = env.snapshot();
            let r = env.run(&["serve", "--listen", "127.0.0.1:0", flag, bad.to_str().unwrap()]).expect(2);
            assert!(r.stderr.contains(says) && r.stderr.contains("bad.toml"), "{text:?}: {}", r.stderr);
            assert!(!r.stderr.contains("listening"), "{}", r.stderr);
            assert_eq!(env.snapshot(), before);
        }
        // A file that is missing or a directory is bad input too.
        for flag in ["--config", "--routes"] {
            for path in [env.path().join("missing.toml"), env.path().to_path_buf()] {
                let r = env.run(&["serve", "--listen", "127.0.0.1:0", flag, path.to_str().unwrap()]).expect(2);
                assert!(r.stderr.contains("cannot read"), "{flag} {path:?}: {}", r.stderr);
            }
        }
    }
);

/// A key under load in the trials below, and what was done to it.
struct Target {
    token: String,
    action: &'static str,
    /// When the change took effect: the CLI returned, or the key expired.
    effective: chrono::DateTime<chrono::Utc>,
}

store_test!(
    /// Two servers under load on one store while the CLI revokes, rotates,
    /// lets expire and updates keys: no request sent after the change took
    /// effect is accepted (revoke, rotate, expire), and a lowered rate
    /// limit holds at once (update). `KEYWARDEN_CHANGE_TRIALS` sets the count.
    fn changes_under_load_take_effect_at_once(env) {
        use std::sync::atomic::{AtomicBool, Ordering};
        use std::sync::{Arc, Mutex};
        let n = crate::library::trials("KEYWARDEN_CHANGE_TRIALS", 40);
        let a = Server::start(env, &["--max-staleness", "200ms"]);
        let b = Server::start(env, &["--max-staleness", "200ms"]);
        let ports = [a.port, b.port];
        let live: Arc<Mutex<Vec<(usize, String)>>> = Arc::default();
        let stop = Arc::new(AtomicBool::new(false));
        type Seen = Vec<(usize, chrono::DateTime<chrono::Utc>, u16)>;
        let (targets, seen): (Vec<Target>, Seen) = std::thread::scope(|s| {
            let load: Vec<_> = (0..4)
                .map(|w| {
                    let (live, stop) = (live.clone(), stop.clone());
                    s.spawn(move || {
                        let mut seen = Vec::new();
                        let mut i = w;
                        let mut rng = crate::support::rng::Rng::seeded(w as u64 + 1);
                        while !stop.load(Ordering::SeqCst) {
                            i += 1;
                            let pick = {
                                let l = live.lock().unwrap();
                                (!l.is_empty()).then(|| l[rng.below(l.len() as u64) as usize].clone())
                            };
                            let Some((t, token)) = pick else {
                                std::thread::sleep(Duration::from_millis(1));
                                continue;
                            };
                            let sent = chrono::Utc::now();
                            let auth = bearer(&token);
                            let r = get(ports[i % 2], "/v1/verify", &[("Authorization", &auth), ("X-Keywarden-Resource", "org:acme/collection:docs")]);
                            seen.push((t, sent, r.status));
                        }
                        seen
                    })
                })
                .collect();
            // Whatever happens below, the load stops (a panic would leave
            // the scope waiting for it forever).
            struct Stop(Arc<AtomicBool>);
            impl Drop for Stop {
                fn drop(&mut self) {
                    self.0.store(true, Ordering::SeqCst);
                }
            }
            let _stop = Stop(stop.clone());
            let mut targets = Vec::new();
            for trial in 0..n {
                let action = ["revoke", "rotate", "expire", "update"][trial % 4];
                // A whole second, so the instant shown is the instant stored.
                let expiry = chrono::DateTime::from_timestamp(chrono::Utc::now().timestamp() + 3, 0).unwrap();
                let expiry_arg = expiry.to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
                let extra: &[&str] = if action == "expire" { &["--expires-at", &expiry_arg] } else { &[] };
                let (token, id) = env.mint(&format!("t{trial}"), "org:acme", &["read:docs"], extra);
                live.lock().unwrap().push((trial, token.clone()));
                std::thread::sleep(Duration::from_millis(40));
                let effective = match action {
                    "expire" => {
                        let at = env.json(&["keys", "show", &id])["expires_at"].as_str().unwrap().to_owned();
                        assert_eq!(at, expiry_arg);
                        expiry
                    }
                    _ => {
                        match action {
                            "revoke" => env.ok(&["keys", "revoke", &id]),
                            "rotate" => env.ok(&["keys", "rotate", &id]),
                            _ => env.ok(&["keys", "update", &id, "--rate-limit", "1"]),
                        };
                        chrono::Utc::now()
                    }
                };
                std::thread::sleep(Duration::from_millis(40));
                targets.push(Target { token, action, effective });
            }
            // Every key stays under load until the last one has expired.
            let last = targets.iter().map(|t| t.effective).max().unwrap();
            while chrono::Utc::now() < last + chrono::TimeDelta::milliseconds(200) {
                std::thread::sleep(Duration::from_millis(20));
            }
            stop.store(true, Ordering::SeqCst);
            let seen = load.into_iter().flat_map(|h| h.join().unwrap()).collect();
            (targets, seen)
        });
        let mut late = Vec::new();
        let mut checked = 0;
        for (t, target) in targets.iter().enumerate() {
            let after: Vec<_> = seen.iter().filter(|(i, sent, _)| *i == t && *sent > target.effective).collect();
            checked += after.len();
            let accepted = after.iter().filter(|(_, _, status)| *status == 200).count();
            let allowed = if target.action == "update" {
                // One per minute window the observation touched.
                let end = seen.iter().filter(|(i, _, _)| *i == t).map(|(_, s, _)| *s).max().unwrap_or(target.effective);
                1 + (end.timestamp() / 60 - target.effective.timestamp() / 60) as usize
            } else {
                0
            };
            if accepted > allowed {
                late.push(format!("trial {t} ({}): {accepted} accepted after the change", target.action));
            }
            assert!(!target.token.is_empty());
        }
        assert!(late.is_empty(), "{late:#?}");
        assert!(checked > n * 5, "too little load after the changes: {checked} requests");
        eprintln!("{n} trials, {} requests, {checked} after a change: none accepted late", seen.len());
        assert_eq!(a.stop(), 0);
        assert_eq!(b.stop(), 0);
        env.run(&["audit", "verify"]).expect(0);
    }
);

/// Another program's SQLite connection (Python's sqlite3 here, as a server
/// in another language would read the store) opens and closes the store
/// while `serve` runs: `serve` keeps its locks, so that close cannot
/// checkpoint and delete the WAL under it, and a revocation made after it
/// is honoured at once and stays.
#[test]
fn another_programs_sqlite_connection_never_splits_the_store() {
    let env = Env::new(crate::support::Backend::Sqlite);
    let db = env.sqlite_path().unwrap();
    let (t, id) = env.mint("victim", "org:acme", &["read:docs"], &[]);
    let server = Server::start(&env, &[]);
    let auth = bearer(&t);
    let h = [("Authorization", auth.as_str())];
    assert_eq!(get(server.port, "/v1/verify", &h).status, 200);
    let out = Command::new("python3")
        .arg("-c")
        .arg("import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); print(c.execute('select count(*) from keys').fetchone()[0]); c.close()")
        .arg(&db)
        .output()
        .expect("python3 is installed by .ci/setup");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    env.ok(&["keys", "revoke", &id]);
    let r = get(server.port, "/v1/verify", &h);
    assert_eq!(
        (r.status, r.json()["status"].as_str()),
        (401, Some("REVOKED")),
        "{r:?}"
    );
    // A key minted now is seen by the running server.
    let (t2, _) = env.mint("after", "org:acme", &["read:docs"], &[]);
    let auth2 = bearer(&t2);
    assert_eq!(
        get(
            server.port,
            "/v1/verify",
            &[("Authorization", auth2.as_str())]
        )
        .status,
        200
    );
    assert_eq!(server.stop(), 0);
    assert_eq!(
        env.verify_status(&t, &[]),
        "REVOKED",
        "the revocation was lost"
    );
    let revokes = env.json(&["audit", "query", "--action", "key.revoke", "--limit", "0"]);
    assert_eq!(revokes.as_array().unwrap().len(), 1, "{revokes}");
    env.run(&["audit", "verify"]).expect(0);
    assert_eq!(
        env.sql("PRAGMA integrity_check")[0][0].as_deref(),
        Some("ok")
    );
}
