//! Several processes on one store at once.

use std::collections::HashMap;

use crate::store_test;

store_test!(
    fn the_rate_limit_holds_across_processes(env) {
        let (token, id) = env.mint("limited", "org:acme", &["read"], &["--rate-limit", "5"]);
        let results: Vec<String> = std::thread::scope(|s| {
            let handles: Vec<_> = (0..8)
                .map(|_| {
                    s.spawn(|| (0..3).map(|_| env.verify_status(&token, &[])).collect::<Vec<_>>())
                })
                .collect();
            handles.into_iter().flat_map(|h| h.join().unwrap()).collect()
        });
        assert_eq!(results.len(), 24);
        assert!(results.iter().all(|s| s == "VALID" || s == "RATE_LIMITED"), "{results:?}");
        // Count accepted requests per minute from the audit log.
        let mut per_minute: HashMap<String, usize> = HashMap::new();
        for row in env.audit_rows() {
            if row[4].as_deref() == Some("key.verify") && row[5].as_deref() == Some(id.as_str()) && row[8].as_deref() == Some("200") {
                *per_minute.entry(minute_of(row[1].as_deref().unwrap())).or_default() += 1;
            }
        }
        let valid = results.iter().filter(|s| *s == "VALID").count();
        assert_eq!(per_minute.values().sum::<usize>(), valid);
        assert!(per_minute.values().all(|&n| n <= 5), "limit exceeded: {per_minute:?}");
        assert!((5..=10).contains(&valid), "{valid} accepted");
        let limited = env.audit_rows().iter().filter(|r| r[8].as_deref() == Some("429")).count();
        assert_eq!(limited, 24 - valid);
    }
);

/// The minute of an audit timestamp, whichever way the store prints it
/// (microseconds in SQLite, a timestamptz in PostgreSQL).
fn minute_of(ts: &str) -> String {
    match ts.parse::<i64>() {
        Ok(us) => (us / 60_000_000).to_string(),
        Err(_) => ts[..16].to_owned(),
    }
}

store_test!(
    fn eight_processes_mint_verify_and_revoke(env) {
        let failures: Vec<String> = std::thread::scope(|s| {
            let handles: Vec<_> = (0..8)
                .map(|i| {
                    s.spawn(move || {
                        let mut errors = Vec::new();
                        let name = format!("worker-{i}");
                        let r = env.run(&["--json", "keys", "create", "--name", &name, "--scope", "org:acme", "--ability", "read", "--rate-limit", "2"]);
                        if r.code != 0 {
                            return vec![format!("create: {}", r.stderr)];
                        }
                        let v = r.json();
                        let token = v["token"].as_str().unwrap().to_owned();
                        let id = v["id"].as_str().unwrap().to_owned();
                        for _ in 0..3 {
                            let s = env.verify_status(&token, &[]);
                            if s != "VALID" && s != "RATE_LIMITED" {
                                errors.push(format!("verify before revoke: {s}"));
                            }
                        }
                        let r = env.run(&["keys", "revoke", &id]);
                        if r.code != 0 {
                            errors.push(format!("revoke: {}", r.stderr));
                        }
                        let s = env.verify_status(&token, &[]);
                        if s != "REVOKED" {
                            errors.push(format!("verify after revoke: {s}"));
                        }
                        errors
                    })
                })
                .collect();
            handles.into_iter().flat_map(|h| h.join().unwrap()).collect()
        });
        assert!(failures.is_empty(), "{failures:?}");
        let rows = env.audit_rows();
        let count = |a: &str| rows.iter().filter(|r| r[4].as_deref() == Some(a)).count();
        assert_eq!(count("key.create"), 8);
        assert_eq!(count("key.revoke"), 8);
        assert_eq!(count("key.verify"), 32);
        // Each key: at most 2 accepted per minute, never more.
        let mut valid: HashMap<(String, String), usize> = HashMap::new();
        for r in &rows {
            if r[4].as_deref() == Some("key.verify") && r[8].as_deref() == Some("200") {
                *valid.entry((r[5].clone().unwrap(), minute_of(r[1].as_deref().unwrap()))).or_default() += 1;
            }
        }
        assert!(valid.values().all(|&n| n <= 2), "{valid:?}");
        // The chain is one unbroken line: ids 1..n, each linking to the last.
        let mut prev = "0".repeat(64);
        for (i, r) in rows.iter().enumerate() {
            assert_eq!(r[0].as_deref(), Some((i + 1).to_string().as_str()));
            assert_eq!(r[10].as_deref(), Some(prev.as_str()), "fork at event {}", i + 1);
            prev = r[11].clone().unwrap();
        }
    }
);

/// Seconds into the current UTC minute.
fn second_of_minute() -> f64 {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap();
    (now.as_secs() % 60) as f64 + f64::from(now.subsec_millis()) / 1000.0
}

store_test!(
    /// Processes verifying one key across a minute boundary: no window
    /// ever accepts more than the limit (a late writer with an old window
    /// used to reset the counter), and a window whose demand exceeds the
    /// limit accepts exactly the limit.
    fn the_rate_limit_holds_across_a_minute_boundary(env) {
        const LIMIT: usize = 10;
        let (token, id) = env.mint("boundary", "org:acme", &["read"], &["--rate-limit", &LIMIT.to_string()]);
        // Start 3 s before a minute ends; run until 3 s after it.
        let wait = (57.0 - second_of_minute()).rem_euclid(60.0);
        std::thread::sleep(std::time::Duration::from_secs_f64(wait));
        let until = std::time::Instant::now() + std::time::Duration::from_secs(6);
        std::thread::scope(|s| {
            for _ in 0..4 {
                s.spawn(|| {
                    while std::time::Instant::now() < until {
                        env.verify_status(&token, &[]);
                    }
                });
            }
        });
        let mut accepted: HashMap<String, usize> = HashMap::new();
        let mut requests: HashMap<String, usize> = HashMap::new();
        for row in env.audit_rows() {
            if row[4].as_deref() == Some("key.verify") && row[5].as_deref() == Some(id.as_str()) {
                let minute = minute_of(row[1].as_deref().unwrap());
                *requests.entry(minute.clone()).or_default() += 1;
                if row[8].as_deref() == Some("200") {
                    *accepted.entry(minute).or_default() += 1;
                }
            }
        }
        assert!(requests.len() >= 2, "the load did not cross a minute boundary: {requests:?}");
        for (minute, n) in &requests {
            let ok = accepted.get(minute).copied().unwrap_or(0);
            assert!(ok <= LIMIT, "minute {minute}: {ok} accepted over the limit of {LIMIT} ({n} requests)");
            if *n > 2 * LIMIT {
                assert_eq!(ok, LIMIT, "minute {minute}: {n} requests but only {ok} accepted");
            }
        }
    }
);
