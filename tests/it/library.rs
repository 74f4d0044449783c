//! The library surface a Rust server embeds, against both stores.

use keywarden::ops::keys::{self, NewKey};
use keywarden::{Actor, Store, VerifyRequest, VerifyStatus, verify};

use crate::store_test;

store_test!(
    fn verify_in_one_call_matches_the_cli(env) {
        let mut store = Store::open(&env.store).unwrap();
        let admin = Actor::new("alice", "cli");
        let minted = keys::create(&mut store, &admin, NewKey::client("lib", ["org:acme"], ["read:docs"]).unwrap()).unwrap();
        let server = Actor::new("docs-mcp", "mcp");
        let req = VerifyRequest::resource("org:acme/collection:docs").unwrap().ability("read:docs");
        let v = verify(&mut store, minted.token.expose(), &req, &server).unwrap();
        assert_eq!(v.status, VerifyStatus::Valid);
        // The CLI gives the same decision for the same request.
        let (_, cli) = env.verify(minted.token.expose(), &["--resource", "org:acme/collection:docs", "--ability", "read:docs"]);
        assert_eq!(cli["status"], "VALID");
        assert_eq!(serde_json::to_value(&v).unwrap()["key_id"], cli["key_id"]);
        let denied = verify(&mut store, minted.token.expose(), &req.clone().ability("write:docs"), &server).unwrap();
        assert_eq!(denied.status, VerifyStatus::Forbidden);
        // A revocation through the CLI is seen at once by the open store.
        env.ok(&["keys", "revoke", &minted.key.id]);
        assert_eq!(verify(&mut store, minted.token.expose(), &req, &server).unwrap().status, VerifyStatus::Revoked);
        // The Debug form of a store never shows a password.
        if env.backend == crate::support::Backend::Postgres {
            assert!(!format!("{store:?}").contains(&crate::support::pg::server().password));
        }
    }
);

/// How many times a trial test runs: `default` in the suite, or the
/// environment variable `var` for a long run (BENCHMARKS.md records the
/// last long run and its command).
pub fn trials(var: &str, default: usize) -> usize {
    std::env::var(var)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

store_test!(
    /// Revocation against a check in flight (cold: bcrypt running; or
    /// remembered), in one process: whichever commits first, the check
    /// after the revocation returned is REVOKED, so a lookup in flight can
    /// never bring a revoked key back.
    fn a_check_in_flight_never_outlives_a_revocation(env) {
        use keywarden::verifier::{Verifier, VerifierConfig};
        let n = trials("KEYWARDEN_RACES", 1000);
        let mut store = Store::open(&env.store).unwrap();
        let location = keywarden::store::Location::parse(&env.store).unwrap();
        let verifier = Verifier::start(location, VerifierConfig::default()).unwrap();
        let admin = Actor::new("alice", "cli");
        let server = Actor::new("race", "rest");
        let req = VerifyRequest::resource("org:acme/collection:docs").unwrap();
        let (mut valid_first, mut revoked_first) = (0, 0);
        for i in 0..n {
            let minted = keys::create(&mut store, &admin, NewKey::client(&format!("race {i}"), ["org:acme"], ["read:docs"]).unwrap()).unwrap();
            let token = minted.token.expose().to_owned();
            if i % 2 == 1 {
                assert_eq!(verifier.check(&token, &req, &server).unwrap().verdict.status, VerifyStatus::Valid);
            }
            let raced = std::thread::scope(|s| {
                let check = s.spawn(|| verifier.check(&token, &req, &server).unwrap().verdict.status);
                // Spread the revocation over the check's life (bcrypt at
                // cost 4 is about 1 ms; a commit about as long).
                std::thread::sleep(std::time::Duration::from_micros((i as u64 * 7919) % 2500));
                keys::revoke(&mut store, &admin, std::slice::from_ref(&minted.key.id), None).unwrap();
                check.join().unwrap()
            });
            match raced {
                VerifyStatus::Valid => valid_first += 1,
                VerifyStatus::Revoked => revoked_first += 1,
                other => panic!("race {i}: {other:?}"),
            }
            for _ in 0..2 {
                let after = verifier.check(&token, &req, &server).unwrap().verdict.status;
                assert_eq!(after, VerifyStatus::Revoked, "race {i}: a revoked key was honoured after its revocation returned");
            }
        }
        verifier.shutdown();
        eprintln!("{n} races: the check committed first {valid_first} times, the revocation {revoked_first} times");
        env.run(&["audit", "verify"]).expect(0);
    }
);

store_test!(
    /// Many checks of one key committed together count as they would one
    /// by one: with a limit of 5 per minute, exactly 5 of 40 concurrent
    /// checks are VALID, whatever batches the writer made of them.
    fn a_batch_counts_each_check_against_the_rate_limit(env) {
        use keywarden::verifier::{Verifier, VerifierConfig};
        let (token, id) = env.mint("burst", "org:acme", &["read:docs"], &["--rate-limit", "5"]);
        let location = keywarden::store::Location::parse(&env.store).unwrap();
        let verifier = Verifier::start(location, VerifierConfig::default()).unwrap();
        let server = Actor::new("burst", "rest");
        let req = VerifyRequest::default();
        assert_eq!(verifier.check(&token, &req, &server).unwrap().verdict.status, VerifyStatus::Valid);
        // Start at the beginning of a minute, so one window holds them all.
        let now = chrono::Utc::now();
        let second = chrono::Timelike::second(&now);
        if second > 50 {
            std::thread::sleep(std::time::Duration::from_secs(u64::from(61 - second)));
            assert_eq!(verifier.check(&token, &req, &server).unwrap().verdict.status, VerifyStatus::Valid);
        }
        let statuses: Vec<VerifyStatus> = std::thread::scope(|s| {
            let hs: Vec<_> = (0..40).map(|_| s.spawn(|| verifier.check(&token, &req, &server).unwrap().verdict.status)).collect();
            hs.into_iter().map(|h| h.join().unwrap()).collect()
        });
        let valid = statuses.iter().filter(|s| **s == VerifyStatus::Valid).count();
        let limited = statuses.iter().filter(|s| **s == VerifyStatus::RateLimited).count();
        assert_eq!((valid, limited), (4, 36), "{statuses:?}");
        verifier.shutdown();
        // Each check has its own event, in order, and the chain holds.
        let events = env.json(&["audit", "query", "--key", &id, "--action", "key.verify", "--limit", "0"]);
        let n = events.as_array().unwrap().len();
        assert!(n >= 41, "{n} events");
        env.run(&["audit", "verify"]).expect(0);
    }
);

store_test!(
    /// One batch of decisions over several keys (checked again and again,
    /// one over its rate limit, one FORBIDDEN request, one key revoked and
    /// one expired after their checks were decided, one revoked before, an
    /// unknown key id) settles as the same decisions settled one by one:
    /// the same verdicts, rate-limit counts, last use and audit events.
    fn a_batch_settles_as_its_checks_would_one_by_one(env) {
        use keywarden::ops::keys::Expiry;
        use keywarden::ops::verify::{Pending, decide, settle};
        let mut store = Store::open(&env.store).unwrap();
        let admin = Actor::new("alice", "cli");
        let server = Actor::new("batch", "rest");
        let ok = VerifyRequest::resource("org:acme/collection:docs").unwrap().ability("read:docs");
        let denied = ok.clone().ability("write:docs");
        let expires = keywarden::timefmt::now() + chrono::TimeDelta::milliseconds(1500);
        // The checks, in order, by key (the same list for both runs).
        let plan: [(&str, &VerifyRequest); 14] = [
            ("free", &ok),
            ("limited", &ok),
            ("free", &ok),
            ("limited", &denied),
            ("revoked-late", &ok),
            ("limited", &ok),
            ("unknown", &ok),
            ("expiring", &ok),
            ("limited", &ok),
            ("revoked-early", &ok),
            ("free", &denied),
            ("revoked-late", &denied),
            ("limited", &ok),
            ("free", &ok),
        ];
        let mut decided: Vec<Vec<Pending>> = Vec::new();
        for run in ["batch", "single"] {
            let mut ids = std::collections::HashMap::new();
            for label in ["free", "limited", "revoked-late", "revoked-early", "expiring"] {
                let mut new = NewKey::client(&format!("{run} {label}"), ["org:acme"], ["read:docs"]).unwrap();
                if label == "limited" {
                    new.rate_limit_per_min = Some(2);
                }
                if label == "expiring" {
                    new.expiry = Expiry::At(expires);
                }
                ids.insert(label, keys::create(&mut store, &admin, new).unwrap().key.id);
            }
            keys::revoke(&mut store, &admin, std::slice::from_ref(&ids["revoked-early"]), Some("early")).unwrap();
            let now = keywarden::timefmt::now();
            decided.push(
                plan.iter()
                    .map(|(label, req)| match ids.get(label) {
                        Some(id) => {
                            let k = keys::show(&mut store, id).unwrap();
                            decide(id, Some(&k), true, None, req, now)
                        }
                        None => decide("zzzzzzzzzzzz", None, false, None, req, now),
                    })
                    .collect(),
            );
            keys::revoke(&mut store, &admin, std::slice::from_ref(&ids["revoked-late"]), Some("late")).unwrap();
        }
        // Past the expiry, and early in a minute, so that each run's
        // requests all count in one rate-limit window.
        std::thread::sleep(std::time::Duration::from_millis(1600));
        let second = chrono::Timelike::second(&chrono::Utc::now());
        if second > 50 {
            std::thread::sleep(std::time::Duration::from_secs(u64::from(61 - second)));
        }
        let single = decided.pop().unwrap();
        let batch = decided.pop().unwrap();
        let together = settle(&mut store, batch.into_iter().map(|p| (&server, p)).collect()).unwrap();
        let alone: Vec<_> = single
            .into_iter()
            .map(|p| settle(&mut store, vec![(&server, p)]).unwrap().pop().unwrap())
            .collect();
        use VerifyStatus::*;
        let statuses: Vec<VerifyStatus> = together.iter().map(|v| v.status).collect();
        assert_eq!(
            statuses,
            [Valid, Valid, Valid, Forbidden, Revoked, Valid, NotFound, Expired, RateLimited, Revoked, Forbidden, Revoked, RateLimited, Valid]
        );
        let unnamed = |v: &keywarden::Verdict, run: &str| {
            (v.status, v.reason.clone(), v.name.as_deref().map(|n| n.strip_prefix(run).unwrap().to_owned()))
        };
        for (i, (b, s)) in together.iter().zip(&alone).enumerate() {
            assert_eq!(unnamed(b, "batch "), unnamed(s, "single "), "check {i}: {plan:?}", plan = plan[i].0);
        }
        assert_eq!(together[4].reason, "revoked (late)");
        assert_eq!(together[7].reason, "expired");
        assert_eq!(together[9].reason, "revoked (early)");
        assert_eq!(together[8].reason, "over the limit of 2 requests per minute");
        // The same counts and last use, key by key.
        let rows = env.sql("SELECT name, rl_count, CASE WHEN last_used_at IS NULL THEN 0 ELSE 1 END FROM keys ORDER BY name");
        let of = |run: &str| -> Vec<Vec<Option<String>>> {
            rows.iter()
                .filter_map(|r| {
                    let name = r[0].as_deref()?.strip_prefix(run)?;
                    Some(vec![Some(name.to_owned()), r[1].clone(), r[2].clone()])
                })
                .collect()
        };
        assert_eq!(of("batch "), of("single "));
        let counts: Vec<(String, String, String)> = of("batch ")
            .into_iter()
            .map(|r| (r[0].clone().unwrap(), r[1].clone().unwrap(), r[2].clone().unwrap()))
            .collect();
        let expect = [("expiring", "0", "0"), ("free", "3", "1"), ("limited", "4", "1"), ("revoked-early", "0", "0"), ("revoked-late", "0", "0")];
        assert_eq!(
            counts,
            expect.map(|(a, b, c)| (a.to_owned(), b.to_owned(), c.to_owned()))
        );
        // The same audit events, in order: the batch's first, then the
        // single ones.
        let events = env.sql("SELECT status, details FROM audit_events WHERE actor = 'batch' ORDER BY id");
        assert_eq!(events.len(), 2 * plan.len());
        let (b, s) = events.split_at(plan.len());
        assert_eq!(b, s);
        env.run(&["audit", "verify"]).expect(0);
    }
);

store_test!(
    /// A burst of checks of one token not yet remembered costs one bcrypt,
    /// whether the token is right or wrong: the others wait for the first
    /// (a proxy's 32 connections arriving with one cold token would
    /// otherwise queue 32 bcrypts, one after another, on the bounded pool).
    fn a_burst_of_one_cold_token_costs_one_bcrypt(env) {
        use keywarden::verifier::{Verifier, VerifierConfig};
        // Cost 10 (tens of ms), so the whole burst arrives during the first.
        env.ok(&["init", "--bcrypt-cost", "10"]);
        let mut store = Store::open(&env.store).unwrap();
        let minted = keys::create(&mut store, &Actor::new("alice", "cli"), NewKey::client("burst", ["org:acme"], ["read:docs"]).unwrap()).unwrap();
        let right = minted.token.expose().to_owned();
        // The same key id and a valid checksum, another secret.
        let wrong = keywarden::token::generate("kw", &minted.key.id).expose().to_owned();
        let location = keywarden::store::Location::parse(&env.store).unwrap();
        let verifier = Verifier::start(location, VerifierConfig::default()).unwrap();
        let server = Actor::new("burst", "rest");
        let req = VerifyRequest::resource("org:acme/collection:docs").unwrap();
        for (token, want, bcrypts) in [(&right, VerifyStatus::Valid, 1), (&wrong, VerifyStatus::NotFound, 2)] {
            let barrier = std::sync::Barrier::new(16);
            let got: Vec<VerifyStatus> = std::thread::scope(|s| {
                let all: Vec<_> = (0..16)
                    .map(|_| s.spawn(|| {
                        barrier.wait();
                        verifier.check(token, &req, &server).unwrap().verdict.status
                    }))
                    .collect();
                all.into_iter().map(|t| t.join().unwrap()).collect()
            });
            assert!(got.iter().all(|s| *s == want), "{got:?}");
            assert_eq!(verifier.stats().bcrypt_runs, bcrypts, "16 concurrent checks of one token, {want:?}");
        }
        verifier.shutdown();
        let events = env.json(&["audit", "query", "--action", "key.verify", "--key", &minted.key.id, "--limit", "100"]);
        assert_eq!(events.as_array().unwrap().len(), 32, "every check is audited");
    }
);

store_test!(
    /// A flood of wrong secrets for one key id takes only that key id's
    /// few places among the cold checks: another key's token, not yet
    /// remembered, is still checked (not refused as overloaded), and the
    /// flood's extra checks are refused at once without a bcrypt.
    fn one_key_ids_flood_does_not_fill_the_bcrypt_pool(env) {
        use keywarden::verifier::{Verifier, VerifierConfig};
        env.ok(&["init", "--bcrypt-cost", "10"]);
        let mut store = Store::open(&env.store).unwrap();
        let admin = Actor::new("alice", "cli");
        let flooded = keys::create(&mut store, &admin, NewKey::client("flooded", ["org:acme"], ["read:docs"]).unwrap()).unwrap();
        let victim = keys::create(&mut store, &admin, NewKey::client("victim", ["org:acme"], ["read:docs"]).unwrap()).unwrap();
        let location = keywarden::store::Location::parse(&env.store).unwrap();
        // One worker and 4 waiting places: 8 unlimited flood checks would fill them.
        let config = VerifierConfig { bcrypt_workers: 1, cold_queue: 4, cold_per_key: 2, ..VerifierConfig::default() };
        let verifier = Verifier::start(location, config).unwrap();
        let server = Actor::new("flood", "rest");
        let req = VerifyRequest::resource("org:acme/collection:docs").unwrap();
        let wrong: Vec<String> = (0..8).map(|_| keywarden::token::generate("kw", &flooded.key.id).expose().to_owned()).collect();
        let barrier = std::sync::Barrier::new(9);
        let (flood, victim_status) = std::thread::scope(|s| {
            let all: Vec<_> = wrong
                .iter()
                .map(|t| s.spawn(|| {
                    barrier.wait();
                    verifier.check(t, &req, &server).map(|o| o.verdict.status)
                }))
                .collect();
            barrier.wait();
            // The flood is in: its places are taken, the rest refused.
            std::thread::sleep(std::time::Duration::from_millis(20));
            let v = verifier.check(victim.token.expose(), &req, &server).unwrap().verdict.status;
            (all.into_iter().map(|t| t.join().unwrap()).collect::<Vec<_>>(), v)
        });
        assert_eq!(victim_status, VerifyStatus::Valid);
        let refused = flood.iter().filter(|r| matches!(r, Err(keywarden::Error::Overloaded(_)))).count();
        let checked = flood.iter().filter(|r| matches!(r, Ok(VerifyStatus::NotFound))).count();
        assert_eq!((checked, refused), (2, 6), "{flood:?}");
        assert_eq!(verifier.stats().bcrypt_runs, 3, "two of the flood's and the victim's");
        verifier.shutdown();
    }
);
