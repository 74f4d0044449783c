//! Signed checkpoints (contract §7a): the tampering that someone with
//! write access to the store can do — and so recompute the chain — each
//! done with plain SQL as an admin would, is found once a signed
//! checkpoint past it exists, naming that checkpoint; a real prune is not.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};

use crate::store_test;
use crate::support::{Backend, Env, Run};

/// A signing key pair in the test's dir: (private key file, public key file).
fn keypair(env: &Env, name: &str) -> (PathBuf, PathBuf) {
    let key = env.path().join(format!("{name}.key"));
    let public = env.path().join(format!("{name}.pub"));
    let out = env.ok(&[
        "keygen",
        "--signing",
        "--name",
        name,
        "--out",
        key.to_str().unwrap(),
    ]);
    std::fs::write(&public, out).unwrap();
    (key, public)
}

fn record(env: &Env, n: usize) {
    for i in 0..n {
        env.run(&[
            "audit",
            "record",
            "--action",
            "x.y",
            "--detail",
            &format!("i={i}"),
        ])
        .expect(0);
    }
}

/// Signs a checkpoint of the head into `name.note`.
fn checkpoint(env: &Env, key: &Path, name: &str) -> PathBuf {
    let note = env.path().join(format!("{name}.note"));
    env.run(&[
        "audit",
        "checkpoint",
        "--signing-key-file",
        key.to_str().unwrap(),
        "--out",
        note.to_str().unwrap(),
    ])
    .expect(0);
    note
}

fn verify(env: &Env, notes: &[&Path], public: &Path) -> Run {
    let mut args = vec![
        "audit",
        "verify",
        "--verify-key",
        public.to_str().unwrap(),
        "--checkpoint",
    ];
    args.extend(notes.iter().map(|n| n.to_str().unwrap()));
    env.run(&args)
}

/// The tampered store fails `audit verify` with the checkpoint, naming it.
#[track_caller]
fn caught(env: &Env, note: &Path, public: &Path, why: &str) {
    let r = verify(env, &[note], public).expect(3);
    let name = note.to_str().unwrap();
    assert!(
        r.stdout.contains(&format!("checkpoint {name}"))
            && r.stdout.contains("MISMATCH")
            && r.stdout.contains(why),
        "{}",
        r.stdout
    );
    assert!(!r.stderr.contains("panicked"), "{}", r.stderr);
}

/// Every event as (id, canonical ts, fields…), read with plain SQL.
fn events(env: &Env) -> Vec<Vec<Option<String>>> {
    let ts = match env.backend {
        Backend::Sqlite => "ts",
        Backend::Postgres => "to_char(ts AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')",
    };
    env.sql(&format!("SELECT id, {ts}, actor, actor_kind, action, key_id, subject, tool, status, details, prev_hash, hash FROM audit_events ORDER BY id"))
}

fn parse_ts(env: &Env, s: &str) -> DateTime<Utc> {
    match env.backend {
        Backend::Sqlite => DateTime::from_timestamp_micros(s.parse().unwrap()).unwrap(),
        Backend::Postgres => DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc),
    }
}

/// What an admin with a script does after editing events: recompute every
/// hash from event `from` on, relink, and move the head to the new end.
fn rehash(env: &Env, from: i64) {
    let rows = events(env);
    let mut prev: Option<String> = None;
    let mut sql = String::new();
    let mut last = None;
    for r in rows {
        let id: i64 = r[0].as_deref().unwrap().parse().unwrap();
        if id < from {
            prev = r[11].clone();
            continue;
        }
        let ts = parse_ts(env, r[1].as_deref().unwrap());
        let p = prev.clone().unwrap_or_else(|| r[10].clone().unwrap());
        let status = r[8].as_deref().map(|s| s.parse().unwrap());
        let f = keywarden::audit::Fields {
            id,
            ts: &ts,
            actor: r[2].as_deref().unwrap(),
            actor_kind: r[3].as_deref().unwrap(),
            action: r[4].as_deref().unwrap(),
            key_id: r[5].as_deref(),
            subject: r[6].as_deref(),
            tool: r[7].as_deref(),
            status,
            details: r[9].as_deref().unwrap(),
        };
        let h = keywarden::audit::chain_hash(&p, &f);
        sql.push_str(&format!(
            "UPDATE audit_events SET prev_hash = '{p}', hash = '{h}' WHERE id = {id};"
        ));
        prev = Some(h.clone());
        last = Some((id, h));
    }
    let (id, h) = last.expect("events to rehash");
    sql.push_str(&format!(
        "UPDATE audit_head SET last_id = {id}, last_hash = '{h}', last_ts = (SELECT ts FROM audit_events WHERE id = {id});"
    ));
    env.exec(&sql);
}

fn hash_of(env: &Env, id: i64) -> String {
    env.sql(&format!("SELECT hash FROM audit_events WHERE id = {id}"))[0][0]
        .clone()
        .unwrap()
}

/// Events 1–6, a signed checkpoint of event 6, events 7–8 after it; the
/// chain and the checkpoint both pass before any tampering.
fn witnessed(env: &Env) -> (PathBuf, PathBuf) {
    let (key, public) = keypair(env, "witness");
    record(env, 5); // after init's own event
    let note = checkpoint(env, &key, "at-6");
    record(env, 2);
    let r = verify(env, &[&note], &public).expect(0);
    assert!(r.stdout.contains("(event 6): matches"), "{}", r.stdout);
    (note, public)
}

store_test!(
    fn a_rebuilt_chain_is_caught(env) {
        let (note, public) = witnessed(env);
        env.exec("UPDATE audit_events SET actor = 'mallory'");
        rehash(env, 1);
        // Consistent: the chain alone cannot tell.
        env.run(&["audit", "verify"]).expect(0);
        caught(env, &note, &public, "event 6 now has hash");
    }
);

store_test!(
    fn a_truncated_tail_with_the_head_moved_back_is_caught(env) {
        let (note, public) = witnessed(env);
        let h4 = hash_of(env, 4);
        env.exec(&format!(
            "DELETE FROM audit_events WHERE id > 4; UPDATE audit_head SET last_id = 4, last_hash = '{h4}', last_ts = (SELECT ts FROM audit_events WHERE id = 4)"
        ));
        env.run(&["audit", "verify"]).expect(0);
        caught(env, &note, &public, "cut from its end");
    }
);

store_test!(
    fn a_forged_append_over_a_cut_tail_is_caught(env) {
        let (note, public) = witnessed(env);
        // Events 5–8 replaced by forged ones 5–10, the head moved to match.
        let mut sql = "DELETE FROM audit_events WHERE id > 4;".to_owned();
        for id in 5..=10 {
            sql.push_str(&format!(
                "INSERT INTO audit_events (id, ts, actor, actor_kind, action, key_id, subject, tool, status, details, prev_hash, hash) \
                 SELECT {id}, ts, 'mallory', 'cli', 'x.forged', NULL, NULL, NULL, 200, '{{}}', '', '' FROM audit_events WHERE id = 4;"
            ));
        }
        env.exec(&sql);
        rehash(env, 5);
        env.run(&["audit", "verify"]).expect(0);
        caught(env, &note, &public, "event 6 now has hash");
    }
);

store_test!(
    fn a_status_changed_and_the_rest_rehashed_is_caught(env) {
        let (note, public) = witnessed(env);
        env.exec("UPDATE audit_events SET status = 500 WHERE id = 3");
        rehash(env, 3);
        env.run(&["audit", "verify"]).expect(0);
        caught(env, &note, &public, "event 6 now has hash");
    }
);

store_test!(
    /// The oldest events deleted and a prune checkpoint row forged to hide
    /// it, with an event rewritten into the audit.prune that vouches for it
    /// and the rest rehashed: the chain alone passes.
    fn a_forged_checkpoint_row_is_caught(env) {
        let (note, public) = witnessed(env);
        let h3 = hash_of(env, 3);
        env.exec(&format!(
            "DELETE FROM audit_events WHERE id <= 3; \
             INSERT INTO audit_checkpoints (through_id, through_hash, created_at, pruned) SELECT 3, '{h3}', ts, 3 FROM audit_events WHERE id = 4; \
             UPDATE audit_events SET action = 'audit.prune', details = '{{\"pruned\":3,\"through_id\":3,\"through_hash\":\"{h3}\"}}' WHERE id = 4"
        ));
        rehash(env, 4);
        env.run(&["audit", "verify"]).expect(0);
        caught(env, &note, &public, "event 6 now has hash");
    }
);

store_test!(
    fn deleted_oldest_events_are_caught(env) {
        let (note, public) = witnessed(env);
        let h2 = hash_of(env, 2);
        // Deleted, with a checkpoint row to make it look like a prune.
        env.exec(&format!(
            "DELETE FROM audit_events WHERE id <= 2; \
             INSERT INTO audit_checkpoints (through_id, through_hash, created_at, pruned) SELECT 2, '{h2}', ts, 2 FROM audit_events WHERE id = 3"
        ));
        caught(env, &note, &public, "damaged at event 3");
    }
);

store_test!(
    /// A real prune deletes signed events: a checkpoint of a pruned event
    /// is reported as pruned, one of the prune's own boundary and later
    /// ones still match, and nothing is damage.
    fn no_false_alarm_after_a_real_prune(env) {
        let (key, public) = keypair(env, "witness");
        record(env, 1); // after init's own event
        let at2 = checkpoint(env, &key, "at-2");
        record(env, 2);
        let at4 = checkpoint(env, &key, "at-4");
        record(env, 2);
        let at6 = checkpoint(env, &key, "at-6");
        // Age events 1–4 by ten days (their hashes break, but they go).
        env.exec(match env.backend {
            Backend::Sqlite => "UPDATE audit_events SET ts = ts - 864000000000 WHERE id <= 4",
            Backend::Postgres => "UPDATE audit_events SET ts = ts - interval '10 days' WHERE id <= 4",
        });
        env.run(&["--yes", "audit", "prune", "--older-than", "5d"]).expect(0);
        let after = checkpoint(env, &key, "after");
        let r = verify(env, &[&at2, &at4, &at6, &after], &public).expect(0);
        assert!(r.stdout.starts_with("OK:"), "{}", r.stdout);
        assert!(r.stdout.contains("(event 2): pruned"), "{}", r.stdout);
        assert!(r.stdout.contains("(event 4): matches"), "{}", r.stdout);
        assert!(r.stdout.contains("(event 6): matches"), "{}", r.stdout);
        assert!(r.stdout.contains("(event 7): matches"), "{}", r.stdout);
    }
);

/// Independent check: Python's `cryptography` verifies keywarden's notes
/// from the documented format alone (tests/it/scripts/checkpoint.py).
#[test]
fn python_verifies_the_signed_note() {
    let env = Env::new(Backend::Sqlite);
    let (key, public) = keypair(&env, "py-witness");
    record(&env, 3);
    let note = checkpoint(&env, &key, "n");
    let head = env.sql("SELECT last_id, last_hash FROM audit_head")[0].clone();
    let out = python_checkpoint(&[public.to_str().unwrap(), note.to_str().unwrap()]).expect(0);
    let v: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(v["tree_size"].as_str(), head[0].as_deref());
    assert_eq!(v["root_hex"].as_str(), head[1].as_deref());
    let store_id = env.sql("SELECT value FROM settings WHERE name = 'store_id'")[0][0]
        .clone()
        .unwrap();
    assert_eq!(v["origin"], format!("keywarden/{store_id}"));
    // A changed note fails there too.
    let text = std::fs::read_to_string(&note)
        .unwrap()
        .replacen("\n4\n", "\n3\n", 1);
    let forged = env.path().join("forged.note");
    std::fs::write(&forged, text).unwrap();
    python_checkpoint(&[public.to_str().unwrap(), forged.to_str().unwrap()]).expect(1);
}

fn python_checkpoint(args: &[&str]) -> Run {
    let script = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/it/scripts/checkpoint.py"
    );
    let out = std::process::Command::new("python3")
        .arg(script)
        .args(args)
        .output()
        .expect("python3 is needed for the interoperability tests (.ci/setup installs it)");
    let r = Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    };
    assert!(
        !r.stderr.contains("ModuleNotFoundError"),
        "Python's `cryptography` is missing (.ci/setup installs it): {}",
        r.stderr
    );
    r
}

/// Bad input: every way the key or note can be wrong is exit 2 with a
/// message naming the file and the fix, and the store is left as it was.
#[test]
fn bad_keys_and_notes_are_refused_clearly() {
    let env = Env::new(Backend::Sqlite);
    let (key, public) = keypair(&env, "witness");
    let (_, other_public) = keypair(&env, "other");
    record(&env, 2);
    let note = checkpoint(&env, &key, "good");
    let p = |f: &str| env.path().join(f);
    std::fs::write(p("garbled.key"), "PRIVATE+KEY+witness+0000+!!!\n").unwrap();
    std::fs::write(p("garbage.note"), "hello\n").unwrap();
    std::fs::write(p("binary.note"), [0xff, 0xfe, 0, 1]).unwrap();
    let before = env.snapshot();
    let s = |x: &PathBuf| x.to_str().unwrap().to_owned();
    let cases: Vec<(Vec<String>, &str)> = vec![
        (
            vec!["audit".into(), "checkpoint".into()],
            "--signing-key-file",
        ),
        (
            vec![
                "audit".into(),
                "checkpoint".into(),
                "--signing-key-file".into(),
                s(&p("missing.key")),
            ],
            "missing.key",
        ),
        (
            vec![
                "audit".into(),
                "checkpoint".into(),
                "--signing-key-file".into(),
                s(&p("garbled.key")),
            ],
            "keygen --signing",
        ),
        (
            vec![
                "audit".into(),
                "checkpoint".into(),
                "--signing-key-file".into(),
                s(&public),
            ],
            "public",
        ),
        (
            vec![
                "audit".into(),
                "verify".into(),
                "--verify-key".into(),
                s(&key),
                "--checkpoint".into(),
                s(&note),
            ],
            "PRIVATE",
        ),
        (
            vec![
                "audit".into(),
                "verify".into(),
                "--verify-key".into(),
                s(&other_public),
                "--checkpoint".into(),
                s(&note),
            ],
            "not signed by this key",
        ),
        (
            vec![
                "audit".into(),
                "verify".into(),
                "--verify-key".into(),
                s(&public),
                "--checkpoint".into(),
                s(&p("missing.note")),
            ],
            "missing.note",
        ),
        (
            vec![
                "audit".into(),
                "verify".into(),
                "--verify-key".into(),
                s(&public),
                "--checkpoint".into(),
                s(&p("garbage.note")),
            ],
            "garbage.note is not a signed checkpoint",
        ),
        (
            vec![
                "audit".into(),
                "verify".into(),
                "--verify-key".into(),
                s(&public),
                "--checkpoint".into(),
                s(&p("binary.note")),
            ],
            "not text",
        ),
        (
            vec![
                "audit".into(),
                "verify".into(),
                "--verify-key".into(),
                s(&p("missing.pub")),
                "--checkpoint".into(),
                s(&note),
            ],
            "missing.pub",
        ),
        (
            vec![
                "audit".into(),
                "verify".into(),
                "--checkpoint".into(),
                s(&note),
            ],
            "--verify-key",
        ),
        (vec!["keygen".into(), "--signing".into()], "--out"),
        (
            vec!["keygen".into(), "--signing".into(), "--out".into(), s(&key)],
            "already exists",
        ),
        (
            vec![
                "keygen".into(),
                "--signing".into(),
                "--name".into(),
                "a b".into(),
                "--out".into(),
                s(&p("new.key")),
            ],
            "name",
        ),
    ];
    for (args, says) in cases {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let r = env.run(&args);
        assert_eq!(r.code, 2, "{args:?}: {}{}", r.stdout, r.stderr);
        assert!(
            r.stderr.contains(says),
            "{args:?} should say {says:?}: {}",
            r.stderr
        );
        assert!(!r.stderr.contains("panicked"), "{}", r.stderr);
    }
    assert!(!p("new.key").exists());
    // No error ever shows the private key.
    let secret = std::fs::read_to_string(&key).unwrap();
    let seed = secret.trim().rsplit('+').next().unwrap();
    let r = env.run(&[
        "audit",
        "verify",
        "--verify-key",
        &s(&key),
        "--checkpoint",
        &s(&note),
    ]);
    assert!(!r.stderr.contains(seed) && !r.stdout.contains(seed));
    assert_eq!(
        env.snapshot(),
        before,
        "a refused command changed the store"
    );
    // A note of another origin is damage (exit 3), not bad input: the
    // store's id may have been changed to turn an alarm into a usage error.
    let other = Env::new(Backend::Sqlite);
    let r = other
        .run(&[
            "audit",
            "verify",
            "--verify-key",
            &s(&public),
            "--checkpoint",
            &s(&note),
        ])
        .expect(3);
    assert!(r.stdout.contains("store's id was changed"), "{}", r.stdout);
    // A store id edited to carry lines of its own is never signed, and a
    // changed one is damage against the notes kept (found by a review).
    let forged_id = format!("x\n4\n{}\ntime 2020-01-01T00:00:00Z", "A".repeat(44));
    env.exec(&format!(
        "UPDATE settings SET value = '{forged_id}' WHERE name = 'store_id'"
    ));
    let r = env
        .run(&["audit", "checkpoint", "--signing-key-file", &s(&key)])
        .expect(1);
    assert!(r.stderr.contains("store id"), "{}", r.stderr);
    env.exec(
        "UPDATE settings SET value = '0123456789abcdef0123456789abcdef' WHERE name = 'store_id'",
    );
    env.run(&[
        "audit",
        "verify",
        "--verify-key",
        &s(&public),
        "--checkpoint",
        &s(&note),
    ])
    .expect(3);
    // An edited note (signed event moved) is a finding, not bad input.
    let forged = p("forged.note");
    std::fs::write(
        &forged,
        std::fs::read_to_string(&note)
            .unwrap()
            .replacen("\n3\n", "\n2\n", 1),
    )
    .unwrap();
    let r = verify(&env, &[&forged], &public).expect(3);
    assert!(
        r.stdout.contains("forged.note") && r.stdout.contains("does not verify"),
        "{}",
        r.stdout
    );
    // The key file is private.
    use std::os::unix::fs::PermissionsExt;
    assert_eq!(
        std::fs::metadata(&key).unwrap().permissions().mode() & 0o777,
        0o600
    );
}

/// `serve --checkpoint-every` writes signed notes on its own, which
/// `audit verify` accepts.
#[test]
fn serve_writes_checkpoints_on_a_schedule() {
    let env = Env::new(Backend::Sqlite);
    let (key, public) = keypair(&env, "witness");
    record(&env, 2);
    let dir = env.path().join("witness");
    std::fs::create_dir(&dir).unwrap();
    let mut child = env
        .cmd(&[
            "serve",
            "--listen",
            "127.0.0.1:0",
            "--checkpoint-every",
            "1s",
            "--checkpoint-dir",
            dir.to_str().unwrap(),
        ])
        .env("KEYWARDEN_SIGNING_KEY_FILE", &key)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let mut notes = Vec::new();
    for _ in 0..600 {
        notes = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "note"))
            .collect();
        if !notes.is_empty() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(!notes.is_empty(), "serve wrote no checkpoint");
    let r = verify(
        &env,
        &notes.iter().map(PathBuf::as_path).collect::<Vec<_>>(),
        &public,
    )
    .expect(0);
    assert!(r.stdout.contains("(event 3): matches"), "{}", r.stdout);
    // Half the flags is bad input before anything starts.
    let r = env.run(&["serve", "--checkpoint-every", "1h"]).expect(2);
    assert!(r.stderr.contains("--checkpoint-dir"), "{}", r.stderr);
}
