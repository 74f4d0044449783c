//! `keywarden serve` memory over a long run: 120,000 keys, each presented
//! again and again over 8 keep-alive connections, so the token cache fills
//! to its bound (100,000 entries) and then keeps evicting; the server's RSS is
//! sampled every 10 s from /proc. Target: flat (the last sample within 10%
//! of the sample after the cache filled). SQLite; bcrypt cost 4, because
//! 100,000 first checks at cost 12 are 7 CPU-hours and the cost does not
//! change what is kept in memory.
//!
//! `cargo bench --bench serve_soak [-- --minutes N] [--keys N]`

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use common::*;
use keywarden::ops::keys::{self, NewKey};
use keywarden::ops::settings;
use keywarden::{Actor, Store};

fn rss_kib(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .unwrap()
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap()
}

/// One keep-alive HTTP/1.1 check; the status code.
fn check(conn: &mut BufReader<TcpStream>, token: &str) -> u16 {
    let req = format!(
        "GET /v1/verify HTTP/1.1\r\nHost: kw\r\nAuthorization: Bearer {token}\r\n\
         X-Keywarden-Resource: org:acme/collection:docs\r\n\r\n"
    );
    conn.get_mut().write_all(req.as_bytes()).unwrap();
    let mut line = String::new();
    conn.read_line(&mut line).unwrap();
    let status = line.split_whitespace().nth(1).unwrap().parse().unwrap();
    let mut len = 0usize;
    loop {
        line.clear();
        conn.read_line(&mut line).unwrap();
        if line == "\r\n" {
            break;
        }
        if let Some(v) = line.to_ascii_lowercase().strip_prefix("content-length:") {
            len = v.trim().parse().unwrap();
        }
    }
    let mut body = vec![0; len];
    conn.read_exact(&mut body).unwrap();
    status
}

fn main() {
    let minutes: u64 = arg_value("--minutes").map_or(10, |m| m.parse().unwrap());
    let n: usize = arg_value("--keys").map_or(120_000, |k| k.parse().unwrap());
    let (url, _guard) = fresh_store(Backend::Sqlite);
    let mut store = Store::create(&url).unwrap();
    let admin = Actor::new("bench", "cli");
    settings::init(&mut store, &admin, None, Some(4)).unwrap();
    let template = keys::create(
        &mut store,
        &admin,
        NewKey::client("template", ["org:acme"], ["read:docs"]).unwrap(),
    )
    .unwrap();
    // The body is base62, so the prefix is all before the last `_`.
    let prefix = template
        .token
        .expose()
        .rsplit_once('_')
        .unwrap()
        .0
        .to_owned();
    drop(store);
    // n keys, each with its own token and cost-4 hash, in one transaction.
    let t0 = Instant::now();
    let made: Vec<(String, String, String)> = std::thread::scope(|s| {
        let hs: Vec<_> = (0..2)
            .map(|part| {
                let prefix = prefix.clone();
                s.spawn(move || {
                    (0..n / 2 + part * (n % 2))
                        .map(|_| {
                            let id = keywarden::token::new_key_id();
                            let token = keywarden::token::generate(&prefix, &id);
                            let hash = keywarden::token::hash(&token, 4).unwrap();
                            (id, token.expose().to_owned(), hash)
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        hs.into_iter().flat_map(|h| h.join().unwrap()).collect()
    });
    {
        let mut c = rusqlite::Connection::open(url.strip_prefix("sqlite://").unwrap()).unwrap();
        let tx = c.transaction().unwrap();
        {
            let mut st = tx
                .prepare(
                    "INSERT INTO keys (id, prefix, name, kind, token_hash, scopes, abilities, created_at, created_by) \
                     SELECT ?1, prefix, 'soak-' || ?1, kind, ?2, scopes, abilities, created_at, created_by \
                     FROM keys WHERE id = ?3",
                )
                .unwrap();
            for (id, _, hash) in &made {
                st.execute(rusqlite::params![id, hash, template.key.id])
                    .unwrap();
            }
        }
        tx.commit().unwrap();
    }
    println!("{n} keys made in {:.0} s", t0.elapsed().as_secs_f64());
    let tokens: Arc<Vec<String>> = Arc::new(made.into_iter().map(|(_, t, _)| t).collect());

    let (child, port) = start_serve(&url, &[]);
    let pid = child.0.id();

    let stop = Arc::new(AtomicBool::new(false));
    let (done, bad) = (Arc::new(AtomicU64::new(0)), Arc::new(AtomicU64::new(0)));
    let workers: Vec<_> = (0..8)
        .map(|w| {
            let (tokens, stop, done, bad) =
                (tokens.clone(), stop.clone(), done.clone(), bad.clone());
            std::thread::spawn(move || {
                let mut conn = BufReader::new(TcpStream::connect(("127.0.0.1", port)).unwrap());
                let mut i = w;
                while !stop.load(Ordering::Relaxed) {
                    let status = check(&mut conn, &tokens[i % tokens.len()]);
                    if status != 200 {
                        bad.fetch_add(1, Ordering::Relaxed);
                    }
                    done.fetch_add(1, Ordering::Relaxed);
                    i += 8;
                }
            })
        })
        .collect();
    let start = Instant::now();
    let mut samples = Vec::new();
    while start.elapsed() < Duration::from_secs(minutes * 60) {
        std::thread::sleep(Duration::from_secs(10));
        let s = (
            start.elapsed().as_secs(),
            rss_kib(pid),
            done.load(Ordering::Relaxed),
        );
        println!("{:>4} s: RSS {} MiB, {} checks", s.0, s.1 / 1024, s.2);
        samples.push(s);
    }
    stop.store(true, Ordering::SeqCst);
    for w in workers {
        w.join().unwrap();
    }
    drop(child);
    // The cache is full once every token was presented once.
    let filled = samples
        .iter()
        .find(|(_, _, c)| *c >= n as u64)
        .copied()
        .unwrap_or(samples[samples.len() / 2]);
    let last = *samples.last().unwrap();
    let peak = samples.iter().map(|s| s.1).max().unwrap();
    let growth = last.1 as f64 / filled.1 as f64 - 1.0;
    let report = format!(
        "## serve memory over {minutes} minutes (issue 14)\n\n{}; SQLite; {n} keys (bcrypt cost 4), each presented in turn over 8 keep-alive \
         connections, so the token cache (bound 100,000 entries) fills{}; RSS of the server from /proc every 10 s.\n\n\
         | cache filled at | RSS then | RSS at the end ({minutes} min) | peak | growth after filling (target: flat, ≤ 10%) | checks | non-200 |\n\
         |---|---|---|---|---|---|---|\n\
         | {} s | {} MiB | {} MiB | {} MiB | **{:+.1}%** | {} | {} |\n",
        machine(),
        if n > 100_000 {
            " and then keeps evicting"
        } else {
            ""
        },
        filled.0,
        filled.1 / 1024,
        last.1 / 1024,
        peak / 1024,
        growth * 100.0,
        last.2,
        bad.load(Ordering::Relaxed)
    );
    write_section("serve-soak", &report);
}
