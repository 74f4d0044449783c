//! The audit log at scale: 10,000,000 events in SQLite and 1,000,000 in
//! PostgreSQL.
//!
//! - `audit query --key K --since 24h --limit 100` and
//!   `audit summary --by hour --since 7d`, each as a ratio to the sqlite3 /
//!   psql CLI running the equivalent SQL on the same database in the same
//!   run (target ≤ 1.2×);
//! - `audit verify` throughput (target ≥ 1,000,000 events/s on SQLite);
//! - `audit export` peak memory for a tenth of the events and all of them
//!   (it must not grow with the number of events);
//! - `audit checkpoint` process time (user + system CPU of the whole
//!   process) on the full store, against the same command on a store of
//!   1,000 events in the same run (target ≤ 20 ms, and a ratio near 1: it
//!   reads the head, never the chain). `--checkpoint-only` runs just this.
//!
//! `cargo bench --bench audit [-- --sqlite|--postgres] [--events N] [--pg-events N] [--runs N] [--checkpoint-only]`

mod common;

use std::process::{Command, Stdio};
use std::time::Duration;

use chrono::{TimeDelta, Utc};
use common::*;
use keywarden::Store;
use keywarden::audit::{ChainHasher, Fields, GENESIS_HASH};

const KEYS: usize = 1000;
const TARGET_KEY: &str = "TargetKey000";

fn key_of(i: usize) -> String {
    if i.is_multiple_of(100) {
        TARGET_KEY.to_owned()
    } else {
        format!("Key{:09}", i % KEYS)
    }
}

/// Appends `n` chained events spread evenly over the last 30 days.
fn fill(b: Backend, url: &str, n: usize) {
    drop(Store::create(url).unwrap());
    let now = Utc::now();
    let start = now - TimeDelta::days(30);
    let step = (30 * 86_400_000_000i64) / n as i64;
    let mut hasher = ChainHasher::default();
    let mut prev = GENESIS_HASH.to_owned();
    let actions = [
        "key.verify",
        "key.verify",
        "key.verify",
        "mcp.tool_call",
        "key.create",
        "key.revoke",
    ];
    let mut row = |i: usize| {
        let ts = start + TimeDelta::microseconds(step * i as i64);
        let key = key_of(i);
        let action = actions[i % actions.len()];
        let status = if i.is_multiple_of(17) { 401 } else { 200 };
        let details = format!(
            "{{\"result\":\"{}\"}}",
            if status == 200 { "VALID" } else { "NOT_FOUND" }
        );
        let f = Fields {
            id: i as i64 + 1,
            ts: &ts,
            actor: "bench",
            actor_kind: "mcp",
            action,
            key_id: Some(&key),
            subject: Some("org:acme/collection:docs"),
            tool: None,
            status: Some(status),
            details: &details,
        };
        let hash = hex(&hasher.hash(&prev, &f));
        let out = (ts, key, action, status, details, prev.clone(), hash.clone());
        prev = hash;
        out
    };
    let mut last = (0i64, String::new(), now);
    match b {
        Backend::Sqlite => {
            let mut c = rusqlite::Connection::open(url.trim_start_matches("sqlite://")).unwrap();
            c.pragma_update(None, "synchronous", "OFF").unwrap();
            let tx = c.transaction().unwrap();
            {
                let mut st = tx.prepare("INSERT INTO audit_events (id, ts, actor, actor_kind, action, key_id, subject, tool, status, details, prev_hash, hash) VALUES (?1, ?2, 'bench', 'mcp', ?3, ?4, 'org:acme/collection:docs', NULL, ?5, ?6, ?7, ?8)").unwrap();
                for i in 0..n {
                    let (ts, key, action, status, details, p, h) = row(i);
                    st.execute(rusqlite::params![
                        i as i64 + 1,
                        ts.timestamp_micros(),
                        action,
                        key,
                        status,
                        details,
                        p,
                        h
                    ])
                    .unwrap();
                    last = (i as i64 + 1, h, ts);
                }
                tx.execute(
                    "UPDATE audit_head SET last_id = ?1, last_hash = ?2, last_ts = ?3",
                    rusqlite::params![last.0, last.1, last.2.timestamp_micros()],
                )
                .unwrap();
            }
            tx.commit().unwrap();
            c.execute_batch("ANALYZE; PRAGMA wal_checkpoint(TRUNCATE);")
                .unwrap();
        }
        Backend::Postgres => {
            use std::io::Write;
            let mut c = postgres::Client::connect(url, postgres::NoTls).unwrap();
            {
                let mut w = c.copy_in("COPY audit_events (id, ts, actor, actor_kind, action, key_id, subject, tool, status, details, prev_hash, hash) FROM STDIN").unwrap();
                for i in 0..n {
                    let (ts, key, action, status, details, p, h) = row(i);
                    writeln!(w, "{}\t{}\tbench\tmcp\t{action}\t{key}\torg:acme/collection:docs\t\\N\t{status}\t{details}\t{p}\t{h}", i + 1, ts.format("%Y-%m-%d %H:%M:%S%.6f+00")).unwrap();
                    last = (i as i64 + 1, h, ts);
                }
                w.finish().unwrap();
            }
            c.execute(
                "UPDATE audit_head SET last_id = $1, last_hash = $2, last_ts = $3",
                &[&last.0, &last.1, &last.2],
            )
            .unwrap();
            c.batch_execute("VACUUM ANALYZE audit_events").unwrap();
        }
    }
}

fn hex(d: &[u8; 32]) -> String {
    d.iter().map(|b| format!("{b:02x}")).collect()
}

fn run(cmd: &mut Command) -> Duration {
    let (st, d) = time(|| {
        cmd.stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .status()
            .unwrap()
    });
    assert!(st.success(), "{cmd:?} failed");
    d
}

fn kw(url: &str, args: &[&str]) -> Command {
    let mut c = Command::new(bin());
    c.args(args).env("KEYWARDEN_STORE", url);
    c
}

/// The equivalent SQL through the database's own CLI.
fn native(b: Backend, url: &str, sql: &str) -> Command {
    match b {
        Backend::Sqlite => {
            let mut c = Command::new("sqlite3");
            c.args(["-csv", "-header", url.trim_start_matches("sqlite://"), sql]);
            c
        }
        Backend::Postgres => {
            let mut c = Command::new("psql");
            c.args([
                "--csv",
                "-X",
                "-q",
                "-d",
                &url.replace("?sslmode=disable", ""),
                "-c",
                sql,
            ]);
            c
        }
    }
}

/// Runs a command to completion; returns its process time (user + system
/// CPU, from wait4(2)) and its wall time.
#[allow(clippy::zombie_processes)]
fn cpu_time(cmd: &mut Command) -> (Duration, Duration) {
    let ((status, cpu), wall) = time(|| {
        let child = cmd
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap();
        let mut status = 0;
        // SAFETY: rusage is plain data, and we reap our own child.
        let mut ru: libc::rusage = unsafe { std::mem::zeroed() };
        let pid = unsafe { libc::wait4(child.id() as i32, &mut status, 0, &mut ru) };
        assert_eq!(pid, child.id() as i32);
        let tv = |t: libc::timeval| Duration::new(t.tv_sec as u64, t.tv_usec as u32 * 1000);
        (status, tv(ru.ru_utime) + tv(ru.ru_stime))
    });
    assert_eq!(status, 0, "{cmd:?} failed");
    (cpu, wall)
}

/// Medians of `runs` checkpoints of the store at `url`: (process time, wall time).
fn checkpoint_times(url: &str, key: &std::path::Path, runs: usize) -> (Duration, Duration) {
    let args = [
        "audit",
        "checkpoint",
        "--signing-key-file",
        key.to_str().unwrap(),
    ];
    cpu_time(&mut kw(url, &args));
    let (cpu, wall): (Vec<_>, Vec<_>) = (0..runs).map(|_| cpu_time(&mut kw(url, &args))).unzip();
    (median(cpu), median(wall))
}

/// `audit checkpoint` on `n` events against 1,000 events, same run.
fn checkpoint_bench(runs: usize) {
    let dir = tempfile::tempdir().unwrap();
    let key = dir.path().join("witness.key");
    let k = keywarden::checkpoint::SigningKey::generate("bench").unwrap();
    keywarden::files::write_private(&key, k.encode().expose().as_bytes(), "key").unwrap();
    let mut report = format!(
        "## `audit checkpoint` at scale (issue 16)\n\n{}; process time is user + system CPU of the whole `keywarden audit checkpoint` \
         process (wait4(2)), median of {runs} runs; the baseline is the same command on a store of 1,000 events in the same run. \
         Target: ≤ 20 ms of process time on 10 M events (it reads the head row and the head event, never the chain).\n\n\
         | store | events | process time | wall | 1,000 events: process time | ratio | ≤ 20 ms |\n|---|---|---|---|---|---|---|\n",
        machine()
    );
    for b in backends() {
        let n: usize = match b {
            Backend::Sqlite => arg_value("--events").map_or(10_000_000, |v| v.parse().unwrap()),
            Backend::Postgres => arg_value("--pg-events").map_or(1_000_000, |v| v.parse().unwrap()),
        };
        let (small, _g1) = fresh_store(b);
        fill(b, &small, 1000);
        let (url, _g2) = fresh_store(b);
        eprintln!("{}: filling {n} events…", b.name());
        fill(b, &url, n);
        settle();
        let (base_cpu, _) = checkpoint_times(&small, &key, runs);
        let (cpu, wall) = checkpoint_times(&url, &key, runs);
        let ratio = cpu.as_secs_f64() / base_cpu.as_secs_f64();
        let ok = if cpu <= Duration::from_millis(20) {
            "yes"
        } else {
            "**no**"
        };
        println!(
            "{}: checkpoint of {n} events: {} process time ({} wall); 1,000 events: {}; ratio {ratio:.2}",
            b.name(),
            ms(cpu),
            ms(wall),
            ms(base_cpu)
        );
        report.push_str(&format!(
            "| {} | {n} | **{}** | {} | {} | {ratio:.2} | {ok} |\n",
            b.name(),
            ms(cpu),
            ms(wall),
            ms(base_cpu)
        ));
    }
    write_section("audit-checkpoint", &report);
}

fn main() {
    if std::env::args().any(|a| a == "--checkpoint-only") {
        checkpoint_bench(arg_value("--runs").map_or(21, |r| r.parse().unwrap()));
        return;
    }
    // A query takes milliseconds: many runs make its median steady. A
    // summary reads a week of events: a few runs suffice.
    let runs: usize = arg_value("--runs").map_or(101, |r| r.parse().unwrap());
    let summary_runs = runs.min(7);
    let mut report = format!(
        "## audit log at scale (issue 5)\n\n{}; median of {runs} runs for a query and {summary_runs} for a summary, each a whole process; the baseline is the \
         database's own CLI (`sqlite3 -csv`, `psql --csv`) running the same SQL on the same database in the same run; \
         keywarden prints `--format csv`. PostgreSQL 15 on loopback (the throwaway test server: fsync off, shared_buffers 1 GB).\n\n\
         | store | events | `audit query --key K --since 24h --limit 100` | CLI | ratio (≤ 1.2) | `audit summary --by hour --since 7d` | CLI | ratio (≤ 1.2) | `audit verify` | events/s | `audit export` peak RSS, 10% / 100% |\n|---|---|---|---|---|---|---|---|---|---|---|\n",
        machine()
    );
    for b in backends() {
        let n: usize = match b {
            Backend::Sqlite => arg_value("--events").map_or(10_000_000, |v| v.parse().unwrap()),
            Backend::Postgres => arg_value("--pg-events").map_or(1_000_000, |v| v.parse().unwrap()),
        };
        let (url, guard) = fresh_store(b);
        if std::env::args().any(|a| a == "--keep") {
            eprintln!("keeping {url}");
            std::mem::forget(guard);
        }
        eprintln!("{}: filling {n} events…", b.name());
        fill(b, &url, n);
        settle();
        let now = Utc::now();
        let day = now - TimeDelta::hours(24);
        let week = now - TimeDelta::days(7);
        let (q_sql, s_sql) = match b {
            Backend::Sqlite => (
                format!(
                    "SELECT id, ts, actor, actor_kind, action, key_id, subject, tool, status, details, prev_hash, hash FROM audit_events WHERE key_id = '{TARGET_KEY}' AND ts >= {} ORDER BY ts DESC, id DESC LIMIT 100",
                    day.timestamp_micros()
                ),
                format!(
                    "SELECT (ts / 3600000000) * 3600000000 AS g, count(*) FROM audit_events WHERE ts >= {} GROUP BY 1 ORDER BY 1",
                    week.timestamp_micros()
                ),
            ),
            Backend::Postgres => (
                format!(
                    "SELECT id, ts, actor, actor_kind, action, key_id, subject, tool, status, details, prev_hash, hash FROM audit_events WHERE key_id = '{TARGET_KEY}' AND ts >= '{}' ORDER BY ts DESC, id DESC LIMIT 100",
                    day.to_rfc3339()
                ),
                format!(
                    "SELECT date_trunc('hour', ts) AS g, count(*) FROM audit_events WHERE ts >= '{}' GROUP BY 1 ORDER BY 1",
                    week.to_rfc3339()
                ),
            ),
        };
        let kq = [
            "--format", "csv", "audit", "query", "--key", TARGET_KEY, "--since", "24h", "--limit",
            "100",
        ];
        let ks = [
            "--format", "csv", "audit", "summary", "--by", "hour", "--since", "7d",
        ];
        // Warm the caches for both, then alternate so drift hits both.
        run(&mut kw(&url, &kq));
        run(&mut native(b, &url, &q_sql));
        let (mut a, mut c) = (Vec::new(), Vec::new());
        for _ in 0..runs {
            a.push(run(&mut kw(&url, &kq)));
            c.push(run(&mut native(b, &url, &q_sql)));
        }
        let (q_kw, q_cli) = (median(a), median(c));
        run(&mut kw(&url, &ks));
        run(&mut native(b, &url, &s_sql));
        let (mut a, mut c) = (Vec::new(), Vec::new());
        for _ in 0..summary_runs {
            a.push(run(&mut kw(&url, &ks)));
            c.push(run(&mut native(b, &url, &s_sql)));
        }
        let (s_kw, s_cli) = (median(a), median(c));
        let verify = median(
            (0..3)
                .map(|_| run(&mut kw(&url, &["--quiet", "audit", "verify"])))
                .collect(),
        );
        let rate = n as f64 / verify.as_secs_f64();
        let since_10pct = (now - TimeDelta::days(3)).to_rfc3339();
        let (_, rss_small) = measure(&mut kw(&url, &["audit", "export", "--since", &since_10pct]));
        let (_, rss_all) = measure(&mut kw(&url, &["audit", "export"]));
        let rq = q_kw.as_secs_f64() / q_cli.as_secs_f64();
        let rs = s_kw.as_secs_f64() / s_cli.as_secs_f64();
        println!(
            "{}: query {} vs {} ({rq:.2}), summary {} vs {} ({rs:.2}), verify {:.2}s = {:.0} events/s, export rss {rss_small} / {rss_all} KiB",
            b.name(),
            ms(q_kw),
            ms(q_cli),
            ms(s_kw),
            ms(s_cli),
            verify.as_secs_f64(),
            rate
        );
        report.push_str(&format!(
            "| {} | {n} | {} | {} | **{rq:.2}** | {} | {} | **{rs:.2}** | {:.2} s | **{:.2} M** | {} / {} MiB |\n",
            b.name(), ms(q_kw), ms(q_cli), ms(s_kw), ms(s_cli), verify.as_secs_f64(), rate / 1e6, rss_small / 1024, rss_all / 1024
        ));
    }
    write_section("audit", &report);
    checkpoint_bench(21);
}
