//! `keys verify` as a whole process against a store of 10,000 keys, as a
//! ratio to one bcrypt verify at the same cost (target ≤ 1.10 at cost 12),
//! and the time to reject a MALFORMED token (target ≤ 2 ms, no bcrypt).
//!
//! `cargo bench --bench verify [-- --sqlite|--postgres] [--runs N] [--cost C]`

mod common;

use std::io::Write;
use std::process::{Command, Stdio};

use common::*;
use keywarden::ops::keys::{self, NewKey};
use keywarden::ops::settings;
use keywarden::{Actor, Store};

const KEYS: usize = 10_000;

fn run_verify(url: &str, token: &str) -> std::time::Duration {
    let (status, d) = time(|| {
        let mut c = Command::new(bin())
            .args(["--quiet", "keys", "verify"])
            .env("KEYWARDEN_STORE", url)
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        c.stdin.take().unwrap().write_all(token.as_bytes()).unwrap();
        c.wait().unwrap()
    });
    assert!(status.code() == Some(0) || status.code() == Some(3));
    d
}

fn main() {
    let runs: usize = arg_value("--runs").map_or(21, |r| r.parse().unwrap());
    let cost: u32 = arg_value("--cost").map_or(12, |c| c.parse().unwrap());
    let mut report = format!(
        "## keys verify (issue 2/3)\n\n{KEYS} keys in the store; bcrypt cost {cost}; median of {runs} runs; {}.\n\
         Baseline: one in-process `bcrypt::verify` of the same token at the same cost, measured in the same run.\n\n\
         | store | whole `keys verify` process | bcrypt verify alone | ratio (target ≤ 1.10) | MALFORMED, whole process (target ≤ 2 ms) |\n|---|---|---|---|---|\n",
        machine()
    );
    let spawn_true = median(
        (0..201)
            .map(|_| time(|| Command::new("true").status().unwrap()).1)
            .collect(),
    );
    for b in backends() {
        let (url, _guard) = fresh_store(b);
        let mut store = Store::create(&url).unwrap();
        let actor = Actor::new("bench", "cli");
        settings::init(&mut store, &actor, None, Some(4)).unwrap();
        // 9,999 filler keys in one transaction, sharing one cost-4 hash.
        let filler = keys::create(
            &mut store,
            &actor,
            NewKey::client("filler", ["org:bench"], ["read"]).unwrap(),
        )
        .unwrap();
        // Random 12-character ids: upper-case hex in SQLite, lower-case in
        // PostgreSQL, both within base62.
        let (series, id) = match b {
            Backend::Sqlite => (
                "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $2)",
                "substr(hex(randomblob(6)), 1, 12)",
            ),
            Backend::Postgres => (
                "WITH n(i) AS (SELECT generate_series(1, $2::int))",
                "substr(md5(random()::text || i::text), 1, 12)",
            ),
        };
        exec_sql(
            &url,
            &format!(
                "{series} INSERT INTO keys (id, prefix, name, kind, token_hash, scopes, abilities, created_at, created_by) \
                 SELECT {id}, prefix, 'filler-' || i, kind, token_hash, scopes, abilities, created_at, created_by \
                 FROM keys, n WHERE keys.id = $1"
            ),
            &[&filler.key.id, &(KEYS - 2).to_string()],
        );
        settings::init(&mut store, &actor, None, Some(cost)).unwrap();
        let target = keys::create(
            &mut store,
            &actor,
            NewKey::client("target", ["org:bench"], ["read"]).unwrap(),
        )
        .unwrap();
        let token = target.token.expose().to_owned();
        let hash = query_text(
            &url,
            "SELECT token_hash FROM keys WHERE id = $1",
            &[&target.key.id],
        );
        drop(store);

        let bcrypt_alone = median(
            (0..runs)
                .map(|_| time(|| assert!(bcrypt::verify(&token, &hash).unwrap())).1)
                .collect(),
        );
        let _warm = run_verify(&url, &token);
        let process = median((0..runs).map(|_| run_verify(&url, &token)).collect());
        let malformed = median(
            (0..201)
                .map(|_| run_verify(&url, "kw_not-a-token"))
                .collect(),
        );
        let ratio = process.as_secs_f64() / bcrypt_alone.as_secs_f64();
        println!(
            "{}: process {} / bcrypt {} = {ratio:.3}; malformed {}",
            b.name(),
            ms(process),
            ms(bcrypt_alone),
            ms(malformed)
        );
        report.push_str(&format!(
            "| {} | {} | {} | **{ratio:.3}** | {} |\n",
            b.name(),
            ms(process),
            ms(bcrypt_alone),
            ms(malformed)
        ));
    }
    report.push_str(&format!(
        "\nFor scale: spawning `true` takes {} on this machine; MALFORMED is answered before the store is opened.\n",
        ms(spawn_true)
    ));
    write_section("verify", &report);
}
