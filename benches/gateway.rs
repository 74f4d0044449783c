//! The MCP gateway's cost (issue 15): a `tools/call` round trip through
//! `keywarden serve --upstream` against the same call straight to the same
//! server, by the same client, in the same run.
//!
//! Server and client are the official Python SDK's (`tests/mcp/`, installed
//! by `.ci/setup`): `mcp` 2.x (revision 2026-07-28) and `mcp` 1.x (a
//! session). Per run, direct and gateway alternate: sequential calls
//! (median latency), 8 concurrent callers (throughput) and the time from
//! sending a `slow` call to its first progress event (SSE). Every call
//! through the gateway is checked and audited (`tool.call`), SQLite at
//! `synchronous=FULL`.
//!
//! `cargo bench --bench gateway [-- --runs N --calls N]`; results go to
//! BENCHMARKS.md.

mod common;

use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use common::{Proc, arg_value, backends, fresh_store, kw, machine, start_serve, write_section};
use serde_json::{Value, json};

fn mcp_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/mcp")
}

fn python(generation: u8) -> PathBuf {
    let p = mcp_dir().join(format!(".venv{generation}/bin/python"));
    assert!(p.exists(), "{} is missing: run .ci/setup", p.display());
    p
}

/// Starts a Python SDK fixture server; returns it and its port.
fn upstream(generation: u8) -> (Proc, u16) {
    let mut child = Proc(
        Command::new(python(generation))
            .arg(mcp_dir().join(format!("server{generation}.py")))
            .args(["--port", "0"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    let mut out = BufReader::new(child.0.stdout.take().unwrap());
    let mut line = String::new();
    out.read_line(&mut line).unwrap();
    let ready: Value = serde_json::from_str(&line).unwrap();
    std::thread::spawn(move || {
        let mut rest = String::new();
        let _ = out.read_to_string(&mut rest);
    });
    (child, ready["port"].as_u64().unwrap() as u16)
}

/// One client run of `steps`; its output lines.
fn client(generation: u8, port: u16, token: &str, steps: Value) -> Vec<Value> {
    let out = Command::new(python(generation))
        .arg(mcp_dir().join(format!("client{generation}.py")))
        .args(["--url", &format!("http://127.0.0.1:{port}/mcp")])
        .args(["--steps", &steps.to_string(), "--timeout", "60"])
        .env("KW_TOKEN", token)
        .output()
        .unwrap();
    assert!(out.status.success());
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// The median of `n` sequential `GET /v1/verify` checks on one keep-alive
/// connection: what one check's commit costs on this store, the floor of
/// what the gateway adds to a call.
fn check_latency_ms(port: u16, token: &str, n: usize) -> f64 {
    use std::io::Write;
    let s = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_nodelay(true).unwrap();
    let mut r = BufReader::new(s.try_clone().unwrap());
    let mut w = s;
    let req =
        format!("GET /v1/verify HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {token}\r\n\r\n");
    let mut times = Vec::with_capacity(n);
    for _ in 0..n {
        let t = std::time::Instant::now();
        w.write_all(req.as_bytes()).unwrap();
        let mut len = 0usize;
        loop {
            let mut line = String::new();
            r.read_line(&mut line).unwrap();
            if let Some(v) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                len = v.trim().parse().unwrap();
            }
            if line == "\r\n" {
                break;
            }
        }
        let mut body = vec![0u8; len];
        r.read_exact(&mut body).unwrap();
        assert!(String::from_utf8_lossy(&body).contains("VALID"));
        times.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    mid(&times)
}

#[derive(Default)]
struct Samples {
    median_ms: Vec<f64>,
    per_s: Vec<f64>,
    first_event_ms: Vec<f64>,
}

fn mid(v: &[f64]) -> f64 {
    let mut v = v.to_vec();
    v.sort_by(|a, b| a.partial_cmp(b).unwrap());
    v[v.len() / 2]
}

/// Sequential calls, concurrent calls, first progress events: one client
/// run, all errors fatal.
fn measure(generation: u8, port: u16, token: &str, calls: u64, into: &mut Samples) {
    let out = client(
        generation,
        port,
        token,
        json!([
            ["bench", "search", {"query": "q"}, calls, 1],
            ["bench", "search", {"query": "q"}, calls * 2, 8],
            ["first_event", calls / 4],
        ]),
    );
    for o in &out {
        assert_eq!(o["errors"].as_u64().unwrap_or(0), 0, "{o}");
    }
    into.median_ms.push(out[0]["median_ms"].as_f64().unwrap());
    into.per_s.push(out[1]["per_s"].as_f64().unwrap());
    into.first_event_ms
        .push(out[2]["first_event_median_ms"].as_f64().unwrap());
}

fn main() {
    let runs: usize = arg_value("--runs").map_or(5, |s| s.parse().unwrap());
    let calls: u64 = arg_value("--calls").map_or(400, |s| s.parse().unwrap());
    let mut report = format!(
        "## the MCP gateway (issue 15)\n\n{}; the official Python SDK's server and client (`tests/mcp/`), a `tools/call` \
         of `search` straight to the server (direct) and through `keywarden serve --upstream` (gateway), same client, same run, \
         alternating, {runs} runs, medians of the runs. Latency: {calls} sequential calls; throughput: {} calls from 8 \
         concurrent callers; first event: {} `slow` calls, time from sending to the first progress notification (SSE). \
         Load average at the start: {}.\n\n\
         `one check` is the median of sequential `GET /v1/verify` checks on the same `serve`: the durable commit of one audit \
         event, which the gateway must finish before a call may reach the server.\n\n\
         | store | SDK | direct median | gateway median | ratio (target ≤ 1.2) | added | one check | direct calls/s | gateway calls/s | ratio (target ≥ 0.5) | first event direct | gateway | difference (target ≤ 2 ms) |\n\
         |---|---|---|---|---|---|---|---|---|---|---|---|---|\n",
        machine(),
        calls * 2,
        calls / 4,
        std::fs::read_to_string("/proc/loadavg")
            .map(|l| l.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
            .unwrap_or_default()
    );
    for b in backends() {
        let (url, _guard) = fresh_store(b);
        kw(&url, &["init"]);
        for tool in ["search", "slow"] {
            kw(&url, &["tools", "set", tool, "--requires", "read:docs"]);
        }
        let key: Value = serde_json::from_str(&kw(
            &url,
            &[
                "keys",
                "create",
                "--name",
                "bench",
                "--scope",
                "org:acme",
                "--ability",
                "read:docs",
                "--format",
                "json",
            ],
        ))
        .unwrap();
        let token = key["token"].as_str().unwrap();
        for generation in [2u8, 1] {
            let (_up, up_port) = upstream(generation);
            let upstream_url = format!("http://127.0.0.1:{up_port}");
            let (_gw, gw_port) = start_serve(&url, &["--upstream".as_ref(), upstream_url.as_ref()]);
            // Warm both paths (imports, the token's one bcrypt).
            client(
                generation,
                gw_port,
                token,
                json!([["call", "search", {"query": "w"}]]),
            );
            let (mut direct, mut gateway) = (Samples::default(), Samples::default());
            let mut check = Vec::new();
            for run in 0..runs {
                eprintln!("{} mcp {generation}.x: run {}/{runs}", b.name(), run + 1);
                measure(generation, up_port, token, calls, &mut direct);
                measure(generation, gw_port, token, calls, &mut gateway);
                check.push(check_latency_ms(gw_port, token, calls as usize));
            }
            let one = mid(&check);
            let (dm, gm) = (mid(&direct.median_ms), mid(&gateway.median_ms));
            let (dt, gt) = (mid(&direct.per_s), mid(&gateway.per_s));
            let (df, gf) = (mid(&direct.first_event_ms), mid(&gateway.first_event_ms));
            report.push_str(&format!(
                "| {} | mcp {generation}.x | {dm:.2} ms | {gm:.2} ms | **{:.2}** | {:+.2} ms | {one:.2} ms | {dt:.0} | {gt:.0} | **{:.2}** | {df:.2} ms | {gf:.2} ms | **{:+.2} ms** |\n",
                b.name(),
                gm / dm,
                gm - dm,
                gt / dt,
                gf - df,
            ));
        }
    }
    print!("{report}");
    write_section("gateway", &report);
}
