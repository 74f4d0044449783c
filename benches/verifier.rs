//! The library's `Verifier` in process, as a Rust server embeds it.
//!
//! 1. A remembered token's check without its I/O wait: the whole
//!    `Verifier::check` minus the time it waited for its group commit
//!    (`Outcome::commit`), i.e. parse, HMAC, cache lookup, decision and
//!    hand-off. Target: median ≤ 10 µs. The whole check, commit included,
//!    is reported beside it, and one bare HMAC-SHA-256 of the token as the
//!    baseline of the same run.
//! 2. Remembered VALID checks from 4 threads while 1,000 wrong-secret
//!    tokens per second (fresh secrets for the real key id, so each needs a
//!    bcrypt) arrive from another thread. Target: p99 ≤ 20 ms.
//!
//! `cargo bench --bench verifier [-- --sqlite|--postgres] [--cost C] [--seconds N]`

mod common;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use common::*;
use hmac::{KeyInit, Mac};
use keywarden::ops::keys::{self, NewKey};
use keywarden::ops::settings;
use keywarden::store::Location;
use keywarden::verifier::{Verifier, VerifierConfig};
use keywarden::{Actor, Store, VerifyRequest, VerifyStatus};

fn pct(v: &mut [Duration], p: f64) -> Duration {
    v.sort();
    v[((v.len() as f64 * p) as usize).min(v.len() - 1)]
}

fn us(d: Duration) -> String {
    format!("{:.1} µs", d.as_secs_f64() * 1e6)
}

fn main() {
    let cost: u32 = arg_value("--cost").map_or(12, |c| c.parse().unwrap());
    let seconds: u64 = arg_value("--seconds").map_or(10, |s| s.parse().unwrap());
    let mut report = format!(
        "## The Verifier in process (issue 14)\n\n{}; bcrypt cost {cost}. Cached check: 20,000 checks of one remembered token \
         from one thread; \"no I/O wait\" is each check minus the time it waited for its group commit. \
         Baseline: one HMAC-SHA-256 of the token, measured in the same run. Flood: 4 threads check a remembered \
         token for {seconds} s while one thread sends 1,000 wrong-secret tokens/s for the same key id.\n\n\
         | store | HMAC alone (baseline) | cached check, no I/O wait: median (target ≤ 10 µs) | ratio to HMAC | whole cached check: median / p99 | VALID p99 under the flood (target ≤ 20 ms) | VALID checks / wrong tokens sent / answered 503 |\n\
         |---|---|---|---|---|---|---|\n",
        machine()
    );
    for b in backends() {
        let (url, _guard) = fresh_store(b);
        let mut store = Store::create(&url).unwrap();
        let admin = Actor::new("bench", "cli");
        settings::init(&mut store, &admin, None, Some(cost)).unwrap();
        let minted = keys::create(
            &mut store,
            &admin,
            NewKey::client("bench", ["org:acme"], ["read:docs"]).unwrap(),
        )
        .unwrap();
        drop(store);
        let token = minted.token.expose().to_owned();
        let verifier = Arc::new(
            Verifier::start(Location::parse(&url).unwrap(), VerifierConfig::default()).unwrap(),
        );
        let actor = Actor::new("bench", "rest");
        let req = VerifyRequest::resource("org:acme/collection:docs").unwrap();
        assert_eq!(
            verifier.check(&token, &req, &actor).unwrap().verdict.status,
            VerifyStatus::Valid
        );

        // 1. Cached checks from one thread.
        let mut own = Vec::with_capacity(20_000);
        let mut whole = Vec::with_capacity(20_000);
        for _ in 0..20_000 {
            let (o, d) = time(|| verifier.check(&token, &req, &actor).unwrap());
            assert!(o.cached && o.verdict.status == VerifyStatus::Valid);
            own.push(d.saturating_sub(o.commit));
            whole.push(d);
        }
        let mut macs: Vec<Duration> = (0..20_000)
            .map(|_| {
                time(|| {
                    let mut m = hmac::Hmac::<sha2::Sha256>::new_from_slice(&[7u8; 32]).unwrap();
                    m.update(token.as_bytes());
                    m.finalize()
                })
                .1
            })
            .collect();
        let (own_med, mac_med) = (median(own), pct(&mut macs, 0.5));
        let (whole_med, whole_p99) = (pct(&mut whole, 0.5), pct(&mut whole, 0.99));

        // 2. The flood.
        let stop = Arc::new(AtomicBool::new(false));
        let (sent, refused) = (Arc::new(AtomicU64::new(0)), Arc::new(AtomicU64::new(0)));
        let flood = {
            let (v, stop, sent, refused) = (
                verifier.clone(),
                stop.clone(),
                sent.clone(),
                refused.clone(),
            );
            let (key_id, prefix, req, actor) = (
                minted.key.id.clone(),
                v.prefix().to_owned(),
                req.clone(),
                actor.clone(),
            );
            std::thread::spawn(move || {
                let start = Instant::now();
                let mut n = 0u64;
                while !stop.load(Ordering::Relaxed) {
                    // 1,000 per second, each on its own thread so a slow
                    // answer never slows the rate.
                    let due = start + Duration::from_micros(n * 1000);
                    if let Some(wait) = due.checked_duration_since(Instant::now()) {
                        std::thread::sleep(wait);
                    }
                    n += 1;
                    let wrong = keywarden::token::generate(&prefix, &key_id)
                        .expose()
                        .to_owned();
                    let (v, req, actor, refused) =
                        (v.clone(), req.clone(), actor.clone(), refused.clone());
                    std::thread::spawn(move || match v.check(&wrong, &req, &actor) {
                        Ok(o) => assert_eq!(o.verdict.status, VerifyStatus::NotFound),
                        Err(_) => {
                            refused.fetch_add(1, Ordering::Relaxed);
                        }
                    });
                    sent.fetch_add(1, Ordering::Relaxed);
                }
            })
        };
        std::thread::sleep(Duration::from_millis(500));
        let until = Instant::now() + Duration::from_secs(seconds);
        let valid: Vec<Duration> = std::thread::scope(|s| {
            let hs: Vec<_> = (0..4)
                .map(|_| {
                    s.spawn(|| {
                        let mut lat = Vec::new();
                        while Instant::now() < until {
                            let (o, d) = time(|| verifier.check(&token, &req, &actor).unwrap());
                            assert_eq!(o.verdict.status, VerifyStatus::Valid);
                            lat.push(d);
                        }
                        lat
                    })
                })
                .collect();
            hs.into_iter().flat_map(|h| h.join().unwrap()).collect()
        });
        stop.store(true, Ordering::SeqCst);
        flood.join().unwrap();
        std::thread::sleep(Duration::from_secs(2));
        let mut valid = valid;
        let flood_p99 = pct(&mut valid, 0.99);
        println!(
            "{}: cached check {} (HMAC {}), whole {} / {}; flood p99 {} over {} checks",
            b.name(),
            us(own_med),
            us(mac_med),
            us(whole_med),
            us(whole_p99),
            ms(flood_p99),
            valid.len()
        );
        report.push_str(&format!(
            "| {} | {} | **{}** | {:.1} | {} / {} | **{}** | {} / {} / {} |\n",
            b.name(),
            us(mac_med),
            us(own_med),
            own_med.as_secs_f64() / mac_med.as_secs_f64(),
            us(whole_med),
            ms(whole_p99),
            ms(flood_p99),
            valid.len(),
            sent.load(Ordering::Relaxed),
            refused.load(Ordering::Relaxed)
        ));
        verifier.shutdown();
    }
    write_section("verifier", &report);
}
