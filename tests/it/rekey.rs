//! `credentials rekey` under SIGKILL and under concurrent writers.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use crate::credentials::{KEY_A, KEY_B, cred};
use crate::store_test;
use crate::support::Env;
use crate::support::rng::Rng;
use keywarden::vault::{EncryptionKey, Keyring};

fn key(b64: &str) -> EncryptionKey {
    EncryptionKey::from_base64(b64, "test key").unwrap()
}

/// `n` credentials of 40–200 bytes under KEY_A, imported in one process.
fn seed(env: &Env, n: usize, rng: &mut Rng) -> HashMap<String, String> {
    let mut expected = HashMap::new();
    let mut ndjson = String::new();
    for i in 0..n {
        let len = 40 + rng.below(161) as usize;
        let value: String = (0..len)
            .map(|j| (b'!' + ((i * 7 + j * 13 + rng.below(90) as usize) % 90) as u8) as char)
            .collect();
        let name = format!("cred-{i:05}");
        ndjson.push_str(&serde_json::json!({"name": name, "kind": "api_credential", "ciphertext": crate::credentials::openssl_free_legacy(KEY_A, &value)}).to_string());
        ndjson.push('\n');
        expected.insert(name, value);
    }
    cred(
        env,
        &["--quiet", "credentials", "import", "--format", "legacy-cfb"],
        &ndjson,
        KEY_A,
        None,
        None,
    )
    .expect(0);
    expected
}

/// Every row decrypts under `ring` (in its own row) to its expected
/// plaintext; returns how many are kw2 under `kid`.
#[track_caller]
fn check_all(env: &Env, ring: &Keyring, expected: &HashMap<String, String>, kid: &str) -> usize {
    let rows = env.sql("SELECT name, ciphertext, id FROM credentials");
    assert_eq!(rows.len(), expected.len(), "rows lost or added");
    let mut under = 0;
    for r in rows {
        let (name, ct, id) = (
            r[0].clone().unwrap(),
            r[1].clone().unwrap(),
            r[2].clone().unwrap(),
        );
        let plain = ring
            .decrypt(&id, &ct)
            .unwrap_or_else(|d| panic!("{name} does not decrypt under old-or-new: {d}"));
        assert_eq!(
            std::str::from_utf8(&plain).unwrap(),
            expected[&name],
            "{name}'s plaintext changed"
        );
        if ct.starts_with(&format!("kw2:{kid}:")) {
            under += 1;
        }
    }
    under
}

fn spawn_rekey(env: &Env, from: &str, to: &str, batch: &str) -> std::process::Child {
    env.cmd(&["--quiet", "credentials", "rekey", "--batch", batch])
        .env("ENCRYPTION_KEY", from)
        .env("NEW_ENCRYPTION_KEY", to)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap()
}

store_test!(
    fn rekey_killed_at_random_moments_loses_nothing(env) {
        let trials: usize = std::env::var("KEYWARDEN_REKEY_TRIALS").ok().and_then(|t| t.parse().ok()).unwrap_or(50);
        let mut rng = Rng::from_env("rekey test");
        let expected = seed(env, 2000, &mut rng);
        let both = Keyring::new(key(KEY_A), vec![key(KEY_B)]);
        // How long an uninterrupted run takes, to aim the kills inside it.
        let t = Instant::now();
        let (mut from, mut to) = (KEY_A, KEY_B);
        let mut c = spawn_rekey(env, from, to, "50");
        assert!(c.wait().unwrap().success());
        let full = t.elapsed();
        assert_eq!(check_all(env, &both, &expected, key(to).kid()), expected.len());
        let mut killed_midway = 0;
        for trial in 0..trials {
            std::mem::swap(&mut from, &mut to);
            let mut child = spawn_rekey(env, from, to, "50");
            let wait = Duration::from_micros(rng.below(full.as_micros() as u64 + 1));
            std::thread::sleep(wait);
            child.kill().unwrap(); // SIGKILL
            let status = child.wait().unwrap();
            // After the kill: every row under old or new, plaintexts intact.
            let moved = check_all(env, &both, &expected, key(to).kid());
            if !status.success() && moved > 0 && moved < expected.len() {
                killed_midway += 1;
            }
            // The rerun finishes the job.
            let r = cred(env, &["--json", "credentials", "rekey", "--batch", "50"], "", from, None, Some(to)).expect(0);
            let report = r.json();
            assert_eq!(report["reencrypted"].as_u64().unwrap() + report["already_current"].as_u64().unwrap(), expected.len() as u64, "trial {trial}");
            assert_eq!(check_all(env, &both, &expected, key(to).kid()), expected.len(), "trial {trial}: not all under the new key");
        }
        eprintln!("{killed_midway} of {trials} kills landed mid-run");
        assert!(killed_midway >= trials / 4, "too few kills landed mid-run ({killed_midway}/{trials}) to prove anything");
    }
);

/// Rewrites every row as a legacy kw1 value under `key_b64`, as a store
/// written before kw2 holds them.
fn make_kw1(env: &Env, key_b64: &str, expected: &HashMap<String, String>) {
    let k = key(key_b64);
    let mut sql = String::new();
    for (name, value) in expected {
        sql.push_str(&format!(
            "UPDATE credentials SET ciphertext = '{}' WHERE name = '{name}';",
            k.encrypt_kw1(value.as_bytes())
        ));
    }
    env.exec(&sql);
}

store_test!(
    /// kw1 → kw2 (contract §6a) is the same crash-safe rekey: killed at
    /// random moments, every row is still its old kw1 value under the old
    /// key or its new kw2 value under the new one, and a rerun finishes.
    /// A kw1 row already under the new key is rewritten too.
    fn kw1_rows_become_kw2_and_a_kill_loses_nothing(env) {
        let trials: usize = std::env::var("KEYWARDEN_REKEY_TRIALS").ok().and_then(|t| t.parse().ok()).map_or(8, |t: usize| t / 4 + 1);
        let mut rng = Rng::from_env("kw2 rekey test");
        let expected = seed(env, 1000, &mut rng);
        let both = Keyring::new(key(KEY_B), vec![key(KEY_A)]);
        // Same key, old envelope: rekey A → A rewrites kw1 as kw2.
        make_kw1(env, KEY_A, &expected);
        assert_eq!(check_all(env, &both, &expected, key(KEY_A).kid()), 0);
        let r = cred(env, &["--json", "credentials", "rekey"], "", KEY_A, None, Some(KEY_A)).expect(0);
        assert_eq!(r.json()["reencrypted"], expected.len());
        assert_eq!(check_all(env, &both, &expected, key(KEY_A).kid()), expected.len());
        let t = Instant::now();
        make_kw1(env, KEY_A, &expected);
        let full = {
            let mut c = spawn_rekey(env, KEY_A, KEY_B, "25");
            assert!(c.wait().unwrap().success());
            t.elapsed()
        };
        let mut killed_midway = 0;
        let mut trial = 0;
        // A kill may land before the first batch or after the last (the
        // machine's load moves the run's length): go on, up to four times
        // the trials, until two kills have landed mid-run.
        while trial < trials || (killed_midway < 2 && trial < trials * 4) {
            trial += 1;
            make_kw1(env, KEY_A, &expected);
            let mut child = spawn_rekey(env, KEY_A, KEY_B, "25");
            std::thread::sleep(Duration::from_micros(rng.below(full.as_micros() as u64 + 1)));
            child.kill().unwrap(); // SIGKILL
            let status = child.wait().unwrap();
            // Old (kw1 under A) or new (kw2 under B), row by row.
            let rows = env.sql("SELECT ciphertext FROM credentials");
            assert!(rows.iter().all(|r| {
                let ct = r[0].as_deref().unwrap();
                ct.starts_with(&format!("kw1:{}:", key(KEY_A).kid())) || ct.starts_with(&format!("kw2:{}:", key(KEY_B).kid()))
            }), "trial {trial}: a row is neither old nor new");
            let moved = check_all(env, &both, &expected, key(KEY_B).kid());
            if !status.success() && moved > 0 && moved < expected.len() {
                killed_midway += 1;
            }
            cred(env, &["--quiet", "credentials", "rekey", "--batch", "25"], "", KEY_A, None, Some(KEY_B)).expect(0);
            assert_eq!(check_all(env, &both, &expected, key(KEY_B).kid()), expected.len(), "trial {trial}");
        }
        eprintln!("{killed_midway} of {trial} kills landed mid-run");
        assert!(killed_midway >= 2, "too few kills landed mid-run ({killed_midway}/{trial})");
    }
);

store_test!(
    fn updates_during_rekey_are_never_lost(env) {
        let mut rng = Rng::from_env("rekey test");
        let mut expected = seed(env, 3000, &mut rng);
        let names: Vec<String> = expected.keys().cloned().collect();
        let t0 = Instant::now();
        let mut rekey = spawn_rekey(env, KEY_A, KEY_B, "4");
        let mut updates = 0;
        // A server configured with the new key as current and the old as previous.
        loop {
            let name = &names[rng.below(names.len() as u64) as usize];
            let value = format!("updated-{updates}-{}", rng.next_u64());
            cred(env, &["--quiet", "credentials", "update", name], &value, KEY_B, Some(KEY_A), None).expect(0);
            expected.insert(name.clone(), value);
            updates += 1;
            if let Some(status) = rekey.try_wait().unwrap() {
                let mut err = String::new();
                use std::io::Read;
                rekey.stderr.take().unwrap().read_to_string(&mut err).unwrap();
                assert!(status.success(), "rekey failed: {err}");
                break;
            }
        }
        eprintln!("{updates} updates during a rekey of {:?}", t0.elapsed());
        // The rekey commits 750 batches back to back; without the hand-off
        // between them the updater waited out the whole write phase and got
        // 3–16 updates in. With it, each waits about one batch (~150 here).
        assert!(updates >= 20, "the updater was starved: only {updates} updates got in during the rekey");
        let both = Keyring::new(key(KEY_B), vec![key(KEY_A)]);
        assert_eq!(check_all(env, &both, &expected, key(KEY_B).kid()), expected.len(), "not all under the new key");
        let events = env.audit_rows().iter().filter(|r| r[4].as_deref() == Some("credential.update")).count();
        assert_eq!(events, updates);
        if let Some(db) = env.sqlite_path() {
            // The waiters' sidecar: private like the store.
            use std::os::unix::fs::PermissionsExt;
            let mut wait = db.into_os_string();
            wait.push("-wait");
            let mode = std::fs::metadata(&wait).expect("the rekey's hand-off opens <store>-wait").permissions().mode();
            assert_eq!(mode & 0o777, 0o600, "<store>-wait mode {mode:o}");
        }
    }
);
