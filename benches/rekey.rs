//! `credentials rekey` of 1,000,000 credentials (values of 40–200 bytes) on
//! SQLite and PostgreSQL, from legacy `kw1` values under the old key to
//! row-bound `kw2` values under the new one (the upgrade a store written
//! before issue 16 goes through), as ratios measured in the same run against
//! - a bare SQL rewrite of the same column without crypto (target ≤ 1.5×),
//! - a straightforward Python script (cryptography + sqlite3/psycopg, one
//!   transaction) doing the same re-encryption (target ≥ 5× faster),
//!
//! and keywarden's peak memory at a tenth of the rows and at all of them
//! (it must not grow with the number of rows), and how long a writer (a
//! `credentials update`, as a server would run it) waits while a rekey
//! runs, against the same update on the idle store.
//!
//! `cargo bench --bench rekey [-- --sqlite|--postgres] [--rows N] [--no-python]`

mod common;

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use common::*;
use keywarden::Store;
use keywarden::vault::EncryptionKey;

const OLD: &str = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
const NEW: &str = "ICEiIyQlJicoKSorLC0uLzAxMjM0NTY3ODk6Ozw9Pj8=";
/// Runs of keywarden and of the bare rewrite, alternating; the table has
/// their medians.
const ROUNDS: usize = 3;

fn value(i: usize) -> String {
    let len = 40 + (i * 7919) % 161;
    (0..len)
        .map(|j| (b'!' + ((i * 31 + j * 17) % 90) as u8) as char)
        .collect()
}

/// Creates the schema and `n` legacy kw1 credentials under OLD, the fast way.
fn fill(b: Backend, url: &str, n: usize) {
    drop(Store::create(url).unwrap());
    let key = EncryptionKey::from_base64(OLD, "old").unwrap();
    let now = chrono::Utc::now();
    match b {
        Backend::Sqlite => {
            let mut c = rusqlite::Connection::open(url.trim_start_matches("sqlite://")).unwrap();
            let tx = c.transaction().unwrap();
            {
                let mut st = tx
                    .prepare("INSERT INTO credentials (id, name, kind, scope, ciphertext, created_at, created_by, updated_at) VALUES (?1, ?2, 'api_credential', NULL, ?3, ?4, 'bench', ?4)")
                    .unwrap();
                for i in 0..n {
                    st.execute(rusqlite::params![
                        keywarden::token::new_key_id(),
                        format!("cred-{i}"),
                        key.encrypt_kw1(value(i).as_bytes()),
                        now.timestamp_micros()
                    ])
                    .unwrap();
                }
            }
            tx.commit().unwrap();
            c.execute_batch("PRAGMA wal_checkpoint(TRUNCATE); ANALYZE;")
                .unwrap();
        }
        Backend::Postgres => {
            use std::io::Write;
            let mut c = postgres::Client::connect(url, postgres::NoTls).unwrap();
            let ts = now.format("%Y-%m-%d %H:%M:%S%.6f+00").to_string();
            let mut w = c.copy_in("COPY credentials (id, name, kind, scope, ciphertext, created_at, created_by, updated_at) FROM STDIN").unwrap();
            for i in 0..n {
                writeln!(
                    w,
                    "{}\tcred-{i}\tapi_credential\t\\N\t{}\t{ts}\tbench\t{ts}",
                    keywarden::token::new_key_id(),
                    key.encrypt_kw1(value(i).as_bytes())
                )
                .unwrap();
            }
            w.finish().unwrap();
            c.batch_execute("VACUUM ANALYZE credentials").unwrap();
        }
    }
}

/// A copy of a filled store, so every contender starts from the same rows.
fn copy_of(b: Backend, url: &str, dir: &Path, tag: &str) -> String {
    match b {
        Backend::Sqlite => {
            let dst = dir.join(format!("{tag}.db"));
            std::fs::copy(url.trim_start_matches("sqlite://"), &dst).unwrap();
            settle();
            format!("sqlite://{}", dst.display())
        }
        Backend::Postgres => {
            let s = pg::server();
            let src = pg::PgServer::db_name(url);
            let name = format!("{src}_{tag}");
            let mut admin =
                postgres::Client::connect(&s.url("postgres", ""), postgres::NoTls).unwrap();
            admin
                .batch_execute(&format!("DROP DATABASE IF EXISTS {name}"))
                .unwrap();
            admin
                .batch_execute(&format!("CREATE DATABASE {name} TEMPLATE {src}"))
                .unwrap();
            settle();
            s.url(&name, "")
        }
    }
}

/// Removes a copy made by [`copy_of`], so the next one starts from the
/// same disk and cache state.
fn discard(b: Backend, url: &str) {
    match b {
        Backend::Sqlite => {
            let path = url.trim_start_matches("sqlite://");
            for suffix in ["", "-wal", "-shm", "-wait"] {
                let _ = std::fs::remove_file(format!("{path}{suffix}"));
            }
        }
        Backend::Postgres => {
            let s = pg::server();
            let mut admin =
                postgres::Client::connect(&s.url("postgres", ""), postgres::NoTls).unwrap();
            admin
                .batch_execute(&format!(
                    "DROP DATABASE {} WITH (FORCE)",
                    pg::PgServer::db_name(url)
                ))
                .unwrap();
        }
    }
}

/// `credentials rekey` of the whole store from OLD to NEW.
fn rekey_command(url: &str) -> Command {
    let mut c = Command::new(bin());
    c.args(["--quiet", "credentials", "rekey"])
        .env("KEYWARDEN_STORE", url)
        .env("ENCRYPTION_KEY", OLD)
        .env("NEW_ENCRYPTION_KEY", NEW);
    c
}

fn keywarden_rekey(url: &str) -> (Duration, i64) {
    measure(&mut rekey_command(url))
}

/// One `credentials update` of `cred-{i}`, as a server that already
/// encrypts under the new key would run it.
fn update(url: &str, i: usize) -> Duration {
    use std::io::Write;
    use std::process::Stdio;
    let mut c = Command::new(bin());
    c.args(["--quiet", "credentials", "update", &format!("cred-{i}")])
        .env("KEYWARDEN_STORE", url)
        .env("ENCRYPTION_KEY", NEW)
        .env("ENCRYPTION_KEY_PREVIOUS", OLD)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::inherit());
    let (status, d) = time(|| {
        let mut child = c.spawn().unwrap();
        let mut stdin = child.stdin.take().unwrap();
        stdin.write_all(value(i).as_bytes()).unwrap();
        drop(stdin);
        child.wait().unwrap()
    });
    assert!(status.success(), "credentials update cred-{i} failed");
    d
}

/// Updates on the idle store, then back to back for as long as a rekey of
/// the whole store runs: (idle median, every update during the rekey).
fn writer_latency(url: &str, rows: usize) -> (Duration, Vec<Duration>) {
    let idle = median((0..31).map(|i| update(url, i * 7 % rows)).collect());
    let mut rekey = rekey_command(url)
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let mut during = Vec::new();
    let mut i = 0;
    loop {
        let d = update(url, i * 7919 % rows);
        if let Some(status) = rekey.try_wait().unwrap() {
            assert!(status.success(), "the rekey failed");
            break;
        }
        during.push(d);
        i += 1;
    }
    (idle, during)
}

/// The `p` quantile of durations sorted ascending.
fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn python_rekey(b: Backend, url: &str) -> Duration {
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/benches/rekey_baseline.py");
    let (kind, target) = match b {
        Backend::Sqlite => ("sqlite", url.trim_start_matches("sqlite://").to_owned()),
        Backend::Postgres => ("postgres", url.replace("?sslmode=disable", "")),
    };
    measure(Command::new("python3").args([script, kind, &target, OLD, NEW])).0
}

/// The same reads and compare-and-swap writes as the rekey, in the same
/// batches, with the crypto replaced by a string copy: the I/O floor of
/// any re-encryption that must take values out of the database.
fn bare_batched(b: Backend, url: &str) -> Duration {
    let batch = 2000i64; // keywarden's default --batch
    time(|| match b {
        Backend::Sqlite => {
            let mut c = rusqlite::Connection::open(url.trim_start_matches("sqlite://")).unwrap();
            // The same connection settings keywarden uses.
            c.pragma_update(None, "journal_mode", "WAL").unwrap();
            c.pragma_update(None, "synchronous", "FULL").unwrap();
            c.pragma_update(None, "cache_size", -16384).unwrap();
            let mut after = String::new();
            loop {
                let rows: Vec<(String, String)> = {
                    let mut st = c.prepare_cached("SELECT id, ciphertext FROM credentials WHERE id > ?1 ORDER BY id LIMIT ?2").unwrap();
                    st.query_map(rusqlite::params![after, batch], |r| Ok((r.get(0)?, r.get(1)?))).unwrap().map(Result::unwrap).collect()
                };
                let Some(last) = rows.last() else { break };
                after = last.0.clone();
                let tx = c.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate).unwrap();
                {
                    let mut st = tx.prepare_cached("UPDATE credentials SET ciphertext = ?3 WHERE id = ?1 AND ciphertext = ?2").unwrap();
                    for (id, ct) in &rows {
                        let new = format!("kw1:00000000{}", &ct[12..]);
                        assert_eq!(st.execute(rusqlite::params![id, ct, new]).unwrap(), 1);
                    }
                }
                tx.commit().unwrap();
            }
        }
        Backend::Postgres => {
            let mut c = postgres::Client::connect(url, postgres::NoTls).unwrap();
            let sel = c.prepare("SELECT id, ciphertext FROM credentials WHERE id > $1 ORDER BY id LIMIT $2").unwrap();
            let upd = c
                .prepare("UPDATE credentials AS c SET ciphertext = v.new FROM unnest($1::text[], $2::text[], $3::text[]) AS v(id, old, new) WHERE c.id = v.id AND c.ciphertext = v.old")
                .unwrap();
            let mut after = String::new();
            loop {
                let rows = c.query(&sel, &[&after, &batch]).unwrap();
                if rows.is_empty() {
                    break;
                }
                let ids: Vec<String> = rows.iter().map(|r| r.get(0)).collect();
                let olds: Vec<String> = rows.iter().map(|r| r.get(1)).collect();
                let news: Vec<String> = olds.iter().map(|ct| format!("kw1:00000000{}", &ct[12..])).collect();
                after = ids.last().unwrap().clone();
                let mut tx = c.transaction().unwrap();
                assert_eq!(tx.execute(&upd, &[&ids, &olds, &news]).unwrap(), ids.len() as u64);
                tx.commit().unwrap();
            }
        }
    })
    .1
}

/// The whole column rewritten by one UPDATE statement inside the database.
fn bare_single_statement(b: Backend, url: &str) -> Duration {
    let sql = "UPDATE credentials SET ciphertext = 'kw1:00000000' || substr(ciphertext, 13)";
    time(|| match b {
        Backend::Sqlite => {
            let c = rusqlite::Connection::open(url.trim_start_matches("sqlite://")).unwrap();
            c.pragma_update(None, "journal_mode", "WAL").unwrap();
            c.pragma_update(None, "synchronous", "FULL").unwrap();
            c.pragma_update(None, "cache_size", -16384).unwrap();
            c.execute(sql, []).unwrap();
        }
        Backend::Postgres => {
            postgres::Client::connect(url, postgres::NoTls)
                .unwrap()
                .execute(sql, &[])
                .unwrap();
        }
    })
    .1
}

fn check_sample(url: &str, n: usize) {
    let ring =
        keywarden::vault::Keyring::new(EncryptionKey::from_base64(NEW, "new").unwrap(), vec![]);
    for i in [0, n / 2, n - 1] {
        let name = format!("cred-{i}");
        let ct = query_text(
            url,
            "SELECT ciphertext FROM credentials WHERE name = $1",
            &[&name],
        );
        let id = query_text(url, "SELECT id FROM credentials WHERE name = $1", &[&name]);
        assert!(ct.starts_with("kw2:"), "row {i} is not kw2 after rekey");
        assert_eq!(
            &*ring.decrypt(&id, &ct).unwrap(),
            value(i).as_bytes(),
            "row {i} after rekey"
        );
    }
}

fn main() {
    let rows: usize = arg_value("--rows").map_or(1_000_000, |r| r.parse().unwrap());
    let python = !std::env::args().any(|a| a == "--no-python");
    let mut report = format!(
        "## credentials rekey (issues 4 and 16)\n\n{rows} credentials of 40–200 bytes, stored as legacy `kw1` values and rekeyed to row-bound `kw2` values under a new key (issue 16); {}; every contender starts from a copy of the same store; keywarden and the bare rewrite are the median of {ROUNDS} alternating runs. \
         SQLite: WAL, synchronous=FULL for keywarden and the bare rewrite. PostgreSQL 15 on loopback, the throwaway test server \
         (fsync off, shared_buffers 1 GB), the same for every contender.\n\n\
         | store | keywarden rekey (whole process) | bare SQL rewrite, same batches, no crypto | ratio (target ≤ 1.5) | one UPDATE statement, no crypto | ratio | Python script | keywarden faster by (target ≥ 5) | peak RSS at {}k / {}k rows |\n|---|---|---|---|---|---|---|---|---|\n",
        machine(),
        rows / 10 / 1000,
        rows / 1000
    );
    let mut writers = String::from(
        "\nA writer while a rekey runs: `credentials update` of one row (a new process each time, as a server's \
         admin would run it), timed on the idle store (median of 31), then back to back for as long as a rekey of \
         the whole store runs. SQLite's write lock is not fair; without the hand-off between batches a waiting \
         writer could wait out the whole write phase.\n\n\
         | store | update, idle store | updates during the rekey | median during | ratio to idle | p99 during | max during |\n|---|---|---|---|---|---|---|\n",
    );
    for b in backends() {
        let dir = tempfile::tempdir().unwrap();
        let (src, _guard) = fresh_store(b);
        let (_, small_guard) = fresh_store(b);
        eprintln!("{}: filling {rows} rows…", b.name());
        fill(b, &src, rows);

        // keywarden and the bare rewrite, alternately, each on a fresh copy:
        // the median of ROUNDS runs, so one slow minute on a shared machine
        // moves neither side alone.
        let (mut kws, mut bares, mut rss_full) = (Vec::new(), Vec::new(), 0);
        for round in 0..ROUNDS {
            let kw_url = copy_of(b, &src, dir.path(), &format!("kw{round}"));
            let (d, rss) = keywarden_rekey(&kw_url);
            check_sample(&kw_url, rows);
            discard(b, &kw_url);
            kws.push(d);
            rss_full = rss_full.max(rss);
            let bare_url = copy_of(b, &src, dir.path(), &format!("bare{round}"));
            bares.push(bare_batched(b, &bare_url));
            discard(b, &bare_url);
        }
        let (kw, bare) = (median(kws), median(bares));
        let single = bare_single_statement(b, &copy_of(b, &src, dir.path(), "single"));
        let py = if python {
            Some(python_rekey(b, &copy_of(b, &src, dir.path(), "py")))
        } else {
            None
        };

        let small_url = match b {
            Backend::Sqlite => format!("sqlite://{}", dir.path().join("small.db").display()),
            Backend::Postgres => pg::server().fresh_db(),
        };
        fill(b, &small_url, rows / 10);
        settle();
        let (_, rss_small) = keywarden_rekey(&small_url);
        drop(small_guard);

        let (idle, mut during) = writer_latency(&copy_of(b, &src, dir.path(), "writers"), rows);
        assert!(!during.is_empty(), "no update ran during the rekey");
        during.sort();
        let (p50, p99) = (percentile(&during, 0.5), percentile(&during, 0.99));
        let max = *during.last().unwrap();
        println!(
            "{}: writer during rekey: {} updates, median {:.1} ms, p99 {:.1} ms, max {:.1} ms; idle median {:.1} ms",
            b.name(),
            during.len(),
            ms(p50),
            ms(p99),
            ms(max),
            ms(idle)
        );
        writers.push_str(&format!(
            "| {} | {:.1} ms | {} | {:.1} ms | **{:.2}** | {:.1} ms | {:.1} ms |\n",
            b.name(),
            ms(idle),
            during.len(),
            ms(p50),
            p50.as_secs_f64() / idle.as_secs_f64(),
            ms(p99),
            ms(max)
        ));

        let r_bare = kw.as_secs_f64() / bare.as_secs_f64();
        let r_single = kw.as_secs_f64() / single.as_secs_f64();
        let py_cell = py.map_or("not run".into(), |p| format!("{:.2} s", p.as_secs_f64()));
        let speedup = py.map_or("—".into(), |p| {
            format!("**{:.1}×**", p.as_secs_f64() / kw.as_secs_f64())
        });
        println!(
            "{}: keywarden {:.2}s, bare batched {:.2}s ({r_bare:.2}x), single UPDATE {:.2}s ({r_single:.2}x), python {py_cell}, rss {rss_small} KiB / {rss_full} KiB",
            b.name(),
            kw.as_secs_f64(),
            bare.as_secs_f64(),
            single.as_secs_f64()
        );
        report.push_str(&format!(
            "| {} | {:.2} s | {:.2} s | **{r_bare:.2}** | {:.2} s | {r_single:.2} | {py_cell} | {speedup} | {} / {} MiB |\n",
            b.name(),
            kw.as_secs_f64(),
            bare.as_secs_f64(),
            single.as_secs_f64(),
            rss_small / 1024,
            rss_full / 1024
        ));
    }
    report.push_str(
        "\nThe keywarden run includes what the bare rewrite does not: a first pass checking every row's \
         integrity tag (so that a damaged row stops the run before anything is written), and for each row a \
         decryption, an encryption and a read-back under the new key. The single-statement rewrite never \
         takes the values out of the database, which no re-encryption can avoid; it is shown as a floor.\n",
    );
    report.push_str(&writers);
    write_section("rekey", &report);
}
