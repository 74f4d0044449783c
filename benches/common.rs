//! Shared by the benchmarks: stores on both backends, timing, and writing
//! results into BENCHMARKS.md between markers.

#![allow(dead_code)]

use std::path::PathBuf;
use std::time::{Duration, Instant};

#[path = "../tests/it/support/pg.rs"]
pub mod pg;
#[path = "../tests/it/support/rng.rs"]
pub mod rng;

/// The binary users get: `cargo build --release --locked`, as install.sh
/// runs it, built on first use into `target/shipped`. Not the bench
/// build's own binary: cargo builds that with the dev-dependencies'
/// features unified in (regex's Unicode tables among them), a bigger
/// binary that starts measurably slower than the one that ships.
pub fn bin() -> &'static str {
    static BIN: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    BIN.get_or_init(|| {
        let target = std::env::current_exe()
            .expect("bench binary path")
            .ancestors()
            .nth(3)
            .expect("bench binary under target/release/deps")
            .join("shipped");
        eprintln!("building the shipped binary into {}…", target.display());
        let status = std::process::Command::new(env!("CARGO"))
            .args([
                "build",
                "--release",
                "--locked",
                "--bin",
                "keywarden",
                "--target-dir",
            ])
            .arg(&target)
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .status()
            .expect("run cargo");
        assert!(status.success(), "cargo build --release failed");
        settle();
        target
            .join("release/keywarden")
            .to_str()
            .expect("UTF-8 target path")
            .to_owned()
    })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn name(self) -> &'static str {
        match self {
            Backend::Sqlite => "SQLite",
            Backend::Postgres => "PostgreSQL",
        }
    }
}

/// Which backends to run: `--sqlite`, `--postgres`, or both.
pub fn backends() -> Vec<Backend> {
    let args: Vec<String> = std::env::args().collect();
    let s = args.iter().any(|a| a == "--sqlite");
    let p = args.iter().any(|a| a == "--postgres");
    match (s, p) {
        (true, false) => vec![Backend::Sqlite],
        (false, true) => vec![Backend::Postgres],
        _ => vec![Backend::Sqlite, Backend::Postgres],
    }
}

pub fn arg_value(name: &str) -> Option<String> {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1).cloned())
}

/// A fresh store URL; the temp dir lives as long as the returned guard.
pub fn fresh_store(b: Backend) -> (String, Option<tempfile::TempDir>) {
    match b {
        Backend::Sqlite => {
            let dir = tempfile::tempdir().unwrap();
            (
                format!("sqlite://{}", dir.path().join("bench.db").display()),
                Some(dir),
            )
        }
        Backend::Postgres => {
            // A server sized for a million rows, as a production one would be.
            pg::configure("shared_buffers = 1GB\nmax_wal_size = 4GB\ncheckpoint_timeout = 30min");
            (pg::server().fresh_db(), None)
        }
    }
}

pub fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

pub fn time<T>(f: impl FnOnce() -> T) -> (T, Duration) {
    let t = Instant::now();
    let out = f();
    (out, t.elapsed())
}

pub fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

pub fn machine() -> String {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|c| {
            c.lines()
                .find(|l| l.starts_with("model name"))
                .map(|l| l.split(':').nth(1).unwrap_or("").trim().to_owned())
        })
        .unwrap_or_else(|| "unknown CPU".into());
    let cores = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1);
    format!("{cores} cores, {cpu}")
}

/// Writes every dirty page back (a fill of millions of rows, a copy of a
/// store, a corpus) before timing starts, so that the kernel's writeback of
/// the set-up does not land on whichever contender happens to run first.
pub fn settle() {
    // SAFETY: sync(2) has no preconditions and cannot fail.
    unsafe { libc::sync() };
}

/// Replaces the text between `<!-- {tag}:start -->` and `<!-- {tag}:end -->`
/// in BENCHMARKS.md (appending the section when it is missing).
pub fn write_section(tag: &str, body: &str) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("BENCHMARKS.md");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|_| "# Benchmarks\n".into());
    let start = format!("<!-- {tag}:start -->");
    let end = format!("<!-- {tag}:end -->");
    let block = format!("{start}\n{}\n{end}", body.trim_end());
    let new = match (text.find(&start), text.find(&end)) {
        (Some(s), Some(e)) if e > s => format!("{}{}{}", &text[..s], block, &text[e + end.len()..]),
        _ => format!("{}\n{}\n", text.trim_end(), block),
    };
    std::fs::write(&path, new).unwrap();
    println!("updated BENCHMARKS.md section {tag}");
}

/// Runs a command to completion; returns its wall time and peak RSS in
/// KiB. The child is reaped with wait4(2), which reports its peak memory.
#[allow(clippy::zombie_processes)]
pub fn measure(cmd: &mut std::process::Command) -> (Duration, i64) {
    use std::process::Stdio;
    let ((status, rss), d) = time(|| {
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
        (status, ru.ru_maxrss)
    });
    assert_eq!(status, 0, "{cmd:?} failed");
    (d, rss)
}

fn pg_params<'a>(params: &'a [&str]) -> Vec<&'a (dyn postgres::types::ToSql + Sync)> {
    params
        .iter()
        .map(|s| s as &(dyn postgres::types::ToSql + Sync))
        .collect()
}

/// Runs statements straight on the store's database, outside keywarden:
/// for fixtures no keywarden command makes fast enough. `$1`-style
/// placeholders work on both stores.
pub fn exec_sql(url: &str, sql: &str, params: &[&str]) {
    if let Some(path) = url.strip_prefix("sqlite://") {
        let c = rusqlite::Connection::open(path).unwrap();
        c.execute(&sql.replace('$', "?"), rusqlite::params_from_iter(params))
            .unwrap();
    } else {
        let mut c = postgres::Client::connect(url, postgres::NoTls).unwrap();
        c.execute(sql, &pg_params(params)).unwrap();
    }
}

/// The first column of the first row of a query, as text.
pub fn query_text(url: &str, sql: &str, params: &[&str]) -> String {
    if let Some(path) = url.strip_prefix("sqlite://") {
        let c = rusqlite::Connection::open(path).unwrap();
        c.query_row(
            &sql.replace('$', "?"),
            rusqlite::params_from_iter(params),
            |r| r.get::<_, String>(0),
        )
        .unwrap()
    } else {
        let mut c = postgres::Client::connect(url, postgres::NoTls).unwrap();
        c.query_one(sql, &pg_params(params)).unwrap().get(0)
    }
}

/// Runs the shipped binary against the store at `url` and returns its
/// stdout; any exit but 0 fails the bench with its stderr.
pub fn kw(url: &str, args: &[&str]) -> String {
    use std::process::{Command, Stdio};
    let out = Command::new(bin())
        .env("KEYWARDEN_STORE", url)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// A child process that is killed and reaped when dropped, so a panic in
/// a bench never leaves a server behind.
pub struct Proc(pub std::process::Child);

impl Drop for Proc {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Starts `keywarden serve` on a free loopback port against `url`, with
/// `extra` arguments; returns it and its port once it is listening.
pub fn start_serve(url: &str, extra: &[&std::ffi::OsStr]) -> (Proc, u16) {
    use std::io::{BufRead, BufReader, Read};
    use std::process::{Command, Stdio};
    // Owned at once, so a panic below still stops the server.
    let mut child = Proc(
        Command::new(bin())
            .env("KEYWARDEN_STORE", url)
            .args(["serve", "--listen", "127.0.0.1:0"])
            .args(extra)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap(),
    );
    let mut err = BufReader::new(child.0.stderr.take().unwrap());
    let mut line = String::new();
    while !line.contains("listening on") {
        line.clear();
        assert!(err.read_line(&mut line).unwrap() > 0, "serve exited");
    }
    let port = line.trim().rsplit(':').next().unwrap().parse().unwrap();
    // Keep draining stderr so the server never blocks on a full pipe.
    std::thread::spawn(move || {
        let mut rest = String::new();
        let _ = err.read_to_string(&mut rest);
    });
    (child, port)
}
