//! Faults found by attacking keywarden and replaying public bug reports
//! against comparable tools: one test per kind, each with the case that
//! found it and its right value.

use std::os::unix::ffi::OsStrExt;

use crate::credentials::{KEY_A, KEY_B, cred};
use crate::store_test;
use crate::support::{Backend, Env};

store_test!(
    /// A token in any argument or flag is never stored nor echoed: argv is
    /// redacted where it enters, before clap, the store or an error sees it.
    fn tokens_in_argv_are_never_stored_or_echoed(env) {
        let (t, id) = env.mint("demo", "org:acme", &["read:docs"], &[]);
        let secret = &t[15..];
        let r = env.run(&["audit", "record", "--action", "x.y", "--tool", &t]);
        assert!(!r.stderr.contains(secret) && !r.stdout.contains(secret), "{}", r.stderr);
        let r = env.run(&["credentials", "show", &t]);
        assert!(r.code != 0 && !r.stderr.contains(secret), "{}", r.stderr);
        let r = env.run(&["audit", "record", "--action", "x.y", "--subject", &t, "--detail", &format!("n={t}")]);
        assert_eq!(r.code, 0, "{}", r.stderr);
        assert!(r.stderr.contains("held a token"), "{}", r.stderr);
        let r = env.run(&["keys", "list", &format!("--status={t}")]);
        assert_eq!(r.code, 2);
        assert!(!r.stderr.contains(secret), "clap echoed the token: {}", r.stderr);
        let r = env.run(&["keys", "create", "--name", &format!("bot {t}"), "--scope", "org:acme", "--ability", "read:docs"]);
        assert_eq!(r.code, 0, "{}", r.stderr);
        assert!(!env.dump().contains(secret), "the token reached the store");
        // Where a command takes a token, it still works (with a warning).
        let r = env.run(&["--json", "keys", "verify", &t]);
        assert_eq!(r.code, 0, "{}", r.stderr);
        assert_eq!(r.json()["key_id"], id.as_str());
        assert!(!r.stderr.contains(secret));
    }
);

store_test!(
    /// Every duration flag refuses a huge value cleanly (it used to panic
    /// on date overflow), and nothing changes.
    fn huge_durations_are_refused_not_panics(env) {
        let (_, id) = env.mint("demo", "org:acme", &["read:docs"], &[]);
        let before = env.snapshot();
        for args in [
            vec!["keys", "create", "--name", "x", "--scope", "org:acme", "--ability", "read:docs", "--expires-in", "1000000y"],
            vec!["keys", "rotate", id.as_str(), "--grace", "1000000y"],
            vec!["keys", "list", "--unused-for", "1000000y"],
            vec!["keys", "list", "--expiring-within", "99999999999999999999d"],
            vec!["keys", "stale", "--unused-for", "1000000y"],
            vec!["audit", "query", "--since", "1000000y"],
            vec!["--yes", "audit", "prune", "--older-than", "1000000y"],
            vec!["--yes", "incident", "respond", id.as_str(), "--window", "1000000y"],
        ] {
            let r = env.run(&args).expect(2);
            assert!(r.stderr.contains("100 years"), "{args:?}: {}", r.stderr);
        }
        assert_eq!(env.snapshot(), before);
    }
);

/// A non-UTF-8 argument never panics: a path keeps its bytes, a text flag
/// is refused by clap with exit 2.
#[test]
fn non_utf8_arguments_never_panic() {
    let env = Env::new(Backend::Sqlite);
    let bad = std::ffi::OsStr::from_bytes(b"/tmp/\xff-keywarden-none");
    let out = env.cmd(&["scan"]).arg(bad).output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains("panicked"), "{err}");
    assert_eq!(
        out.status.code(),
        Some(1),
        "a missing path is an I/O error: {err}"
    );
    assert!(err.contains("-keywarden-none"), "{err}");
    let out = env.cmd(&["keys", "show"]).arg(bad).output().unwrap();
    assert!(!String::from_utf8_lossy(&out.stderr).contains("panicked"));
    assert_eq!(out.status.code(), Some(2));
}

/// Untrusted text in a clap error (bidi override, carriage return) is
/// escaped before it reaches the terminal.
#[test]
fn clap_errors_are_escaped() {
    let env = Env::new(Backend::Sqlite);
    let r = env
        .run(&["keys", "list", "--status=a\u{202e}b\rX\x1b[2J"])
        .expect(2);
    assert!(
        !r.stderr.contains('\u{202e}') && !r.stderr.contains('\r') && !r.stderr.contains('\x1b'),
        "{:?}",
        r.stderr
    );
    assert!(r.stderr.contains("\\u{202e}"), "{}", r.stderr);
}

store_test!(
    /// Output paths must be new or regular files, checked before the
    /// playbook's first step; input files are read with a bound.
    fn files_that_are_not_what_they_seem(env) {
        let (t, id) = env.mint("demo", "org:acme", &["read:docs"], &[]);
        let fifo = env.path().join("f.md");
        assert!(std::process::Command::new("mkfifo").arg(&fifo).status().unwrap().success());
        let before = env.snapshot();
        for report in [fifo.to_str().unwrap(), "/dev/full", env.path().to_str().unwrap()] {
            let r = env.run_stdin(&["--yes", "incident", "respond", "--report", report], &t).expect(2);
            assert!(r.stderr.contains("not a regular file"), "{}", r.stderr);
        }
        assert_eq!(env.snapshot(), before, "a refused report path must stop the playbook before its first step");
        use std::os::unix::fs::FileTypeExt;
        assert!(std::fs::symlink_metadata(&fifo).unwrap().file_type().is_fifo());
        assert!(std::fs::symlink_metadata("/dev/full").unwrap().file_type().is_char_device());
        // A regular report is written, and nothing else is left behind.
        let report = env.path().join("reports");
        std::fs::create_dir(&report).unwrap();
        env.run_stdin(&["--yes", "incident", "respond", "--report", report.join("r.md").to_str().unwrap()], &t).expect(0);
        assert_eq!(std::fs::read_dir(&report).unwrap().count(), 1);
        assert_eq!(env.json(&["keys", "show", &id])["status"], "revoked");

        // Input: bounded, and a missing file is an I/O error (exit 1).
        let started = std::time::Instant::now();
        let r = cred(env, &["credentials", "add", "--name", "z", "--kind", "db_password", "--value-file", "/dev/zero"], "", KEY_A, None, None).expect(2);
        assert!(r.stderr.contains("more than 1 MiB"), "{}", r.stderr);
        assert!(started.elapsed() < std::time::Duration::from_secs(10));
        let r = cred(env, &["credentials", "add", "--name", "z", "--kind", "db_password", "--value-file", "/nonexistent/v"], "", KEY_A, None, None).expect(1);
        assert!(r.stderr.contains("/nonexistent/v"), "{}", r.stderr);
        let r = env.run_with(&["credentials", "verify", "--key-file", "/dev/zero"], "", &[]).expect(2);
        assert!(r.stderr.contains("more than"), "{}", r.stderr);
    }
);

store_test!(
    /// A successor keeps the original expiry policy, never a rotation's
    /// grace deadline; a key with a live successor is not rotated again,
    /// and the playbook run twice mints one replacement.
    fn rotation_keeps_the_expiry_policy(env) {
        let (_, id) = env.mint("forever", "org:acme", &["read:docs"], &[]);
        let r = env.json(&["keys", "rotate", &id, "--grace", "1h"]);
        let successor = r["id"].as_str().unwrap().to_owned();
        assert!(r["expires_at"].is_null(), "{r}");
        let old = env.json(&["keys", "show", &id]);
        assert_eq!(old["status"], "active");
        assert!(!old["expires_at"].is_null(), "the old key shows when its grace ends");
        // Rotating the old key again is refused, naming its successor.
        let e = env.run(&["keys", "rotate", &id]).expect(2);
        assert!(e.stderr.contains(&successor), "{}", e.stderr);
        // The playbook on the old key during its grace: revoked, no new key.
        let before = env.json(&["keys", "list", "--status", "all"]).as_array().unwrap().len();
        env.run(&["--yes", "incident", "respond", &id]).expect(0);
        env.run(&["--yes", "incident", "respond", &id]).expect(0);
        assert_eq!(env.json(&["keys", "list", "--status", "all"]).as_array().unwrap().len(), before);
        // Once the successor is gone, a new one still gets no expiry.
        env.run(&["keys", "revoke", &successor]).expect(0);
        let (_, other) = env.mint("forever2", "org:acme", &["read:docs"], &[]);
        env.run(&["keys", "rotate", &other, "--grace", "1h"]).expect(0);
        let second = env.run_stdin(&["--json", "--yes", "incident", "respond", &other], "").expect(0).json();
        assert!(second["replacement"].is_object(), "{second}");
        // The replacement of a key in grace whose successor lives is that successor.
        let succ = second["replacement"]["id"].as_str().unwrap();
        assert!(env.json(&["keys", "show", succ])["expires_at"].is_null());
        // The playbook run twice on a plain key mints one replacement.
        let (_, plain) = env.mint("plain", "org:acme", &["read:docs"], &["--expires-in", "30d"]);
        let a = env.run(&["--json", "--yes", "incident", "respond", &plain]).expect(0).json();
        let b = env.run(&["--json", "--yes", "incident", "respond", &plain]).expect(0).json();
        assert_eq!(a["replacement"]["id"], b["replacement"]["id"]);
        assert!(a["replacement"]["token"].is_string() && b["replacement"]["token"].is_null());
        let rep = env.json(&["keys", "show", a["replacement"]["id"].as_str().unwrap()]);
        assert!(!rep["expires_at"].is_null());
    }
);

/// Hour and day buckets are UTC on PostgreSQL whatever the server's
/// TimeZone (Asia/Kolkata is +05:30, so a wrong bucket shows `:30`).
#[test]
fn postgres_buckets_ignore_the_server_time_zone() {
    let env = Env::new(Backend::Postgres);
    env.run(&["audit", "record", "--action", "x.y"]).expect(0);
    let db = crate::support::pg::PgServer::db_name(&env.store).to_owned();
    env.exec(&format!(
        "ALTER DATABASE {db} SET TimeZone = 'Asia/Kolkata'"
    ));
    let events = env.json(&["audit", "query"]);
    let ts = events[0]["ts"].as_str().unwrap().to_owned();
    let hour = env.json(&["audit", "summary", "--by", "hour"]);
    let day = env.json(&["audit", "summary", "--by", "day"]);
    let bucket = |v: &serde_json::Value, k: &str| {
        v.as_array().unwrap().last().unwrap()[k]
            .as_str()
            .unwrap()
            .to_owned()
    };
    assert_eq!(
        bucket(&hour, "hour"),
        format!("{}:00:00Z", &ts[..13]),
        "{hour}"
    );
    assert_eq!(
        bucket(&day, "day"),
        format!("{}T00:00:00Z", &ts[..10]),
        "{day}"
    );
}

store_test!(
    /// A checkpoint no prune event vouches for hides deleted history; a
    /// deleted head row is damage, not an error.
    fn forged_checkpoints_and_deleted_heads_are_damage(env) {
        for i in 0..20 {
            env.run(&["audit", "record", "--action", "x.y", "--detail", &format!("i={i}")]).expect(0);
        }
        // A real prune of the first events, through the CLI.
        env.exec("UPDATE audit_events SET ts = ts WHERE id <= 5");
        let old = match env.backend {
            Backend::Sqlite => "UPDATE audit_events SET ts = ts - 864000000000 WHERE id <= 5",
            Backend::Postgres => "UPDATE audit_events SET ts = ts - interval '10 days' WHERE id <= 5",
        };
        env.exec(old);
        // (Moving timestamps breaks those hashes, but they are pruned.)
        env.run(&["--yes", "audit", "prune", "--older-than", "5d"]).expect(0);
        env.run(&["audit", "verify"]).expect(0);
        // The forgery: delete more, and move the checkpoint to match.
        let hash15 = env.sql("SELECT hash FROM audit_events WHERE id = 15")[0][0].clone().unwrap();
        env.exec(&format!(
            "DELETE FROM audit_events WHERE id <= 15; UPDATE audit_checkpoints SET through_id = 15, through_hash = '{hash15}'"
        ));
        let r = env.run(&["--json", "audit", "verify"]).expect(3);
        assert!(r.json()["detail"].as_str().unwrap().contains("vouched"), "{}", r.stdout);
        // Everything and the head row deleted.
        env.exec("DELETE FROM audit_events; DELETE FROM audit_head");
        let r = env.run(&["--json", "audit", "verify"]).expect(3);
        assert_eq!(r.json()["status"], "DAMAGED");
        let r = env.run(&["audit", "record", "--action", "x.y"]).expect(1);
        assert!(r.stderr.contains("head row is missing"), "{}", r.stderr);
    }
);

/// The legacy format has no tag: `base64(iv ‖ AES-256-CFB128(key, iv, v))`.
fn legacy(key_b64: &str, value: &[u8], iv: [u8; 16]) -> String {
    let py = format!(
        "import base64,sys\nfrom cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes\n\
         k=base64.b64decode('{key_b64}'); iv=bytes({iv:?}); v=bytes({value:?})\n\
         e=Cipher(algorithms.AES(k), modes.CFB(iv)).encryptor()\n\
         print(base64.b64encode(iv+e.update(v)+e.finalize()).decode())"
    );
    let out = std::process::Command::new("python3")
        .args(["-c", &py])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap().trim().to_owned()
}

store_test!(
    /// An import under the wrong key never lands silently: short values
    /// cannot prove the key, so they need a confirmation.
    fn a_wrong_key_never_imports_silently(env) {
        let before = env.snapshot();
        for i in 0..20u8 {
            let line = format!(
                "{{\"name\":\"c{i}\",\"kind\":\"db_password\",\"ciphertext\":\"{}\"}}\n",
                legacy(KEY_B, b"pw12", [i; 16])
            );
            let r = cred(env, &["--format", "legacy-cfb", "credentials", "import"], &line, KEY_A, None, None);
            assert_eq!(r.code, 2, "a wrong key's garbage was imported: {}", r.stderr);
        }
        assert_eq!(env.snapshot(), before);
        // The right key, short value: asks (no terminal: names --yes).
        let line = format!("{{\"name\":\"short\",\"kind\":\"db_password\",\"ciphertext\":\"{}\"}}\n", legacy(KEY_A, b"pw12", [7; 16]));
        let r = cred(env, &["--format", "legacy-cfb", "credentials", "import"], &line, KEY_A, None, None).expect(2);
        assert!(r.stderr.contains("--yes"), "{}", r.stderr);
        cred(env, &["--yes", "--format", "legacy-cfb", "credentials", "import"], &line, KEY_A, None, None).expect(0);
        // A long value proves the key by itself.
        let line = format!(
            "{{\"name\":\"long\",\"kind\":\"connection_string\",\"ciphertext\":\"{}\"}}\n",
            legacy(KEY_A, b"postgres://app:s3cret@db.internal:5432/app", [8; 16])
        );
        cred(env, &["--format", "legacy-cfb", "credentials", "import"], &line, KEY_A, None, None).expect(0);
        let r = cred(env, &["--format", "legacy-cfb", "credentials", "import"], &line.replace("\"long\"", "\"long2\""), KEY_B, None, None).expect(2);
        assert!(r.stderr.contains("not text"), "{}", r.stderr);
    }
);

store_test!(
    /// `--actor-kind` is checked the same way on every command; bytes that
    /// are not UTF-8 on verify's stdin are MALFORMED, not an I/O error.
    fn actor_kinds_and_stdin_bytes(env) {
        let (t, _) = env.mint("demo", "org:acme", &["read:docs"], &[]);
        let before = env.snapshot();
        let long = "a".repeat(100 * 1024);
        for kind in ["", long.as_str(), "\x1b[2J", "mcp\nrest", "MCP"] {
            let r = env.run_stdin(&["keys", "verify", "--actor-kind", kind], &t).expect(2);
            assert!(r.stderr.contains("actor kind"), "{}", r.stderr);
            assert!(r.stderr.len() < 2000, "the message echoes 100 KB");
            env.run(&["audit", "record", "--action", "x.y", "--actor-kind", kind]).expect(2);
        }
        let r = env.cmd(&["--json", "keys", "verify"]).stdin(std::process::Stdio::piped()).stdout(std::process::Stdio::piped()).spawn().unwrap();
        {
            use std::io::Write;
            let mut child = r;
            child.stdin.take().unwrap().write_all(b"kw_\xff\xfe\n").unwrap();
            let out = child.wait_with_output().unwrap();
            assert_eq!(out.status.code(), Some(3));
            let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
            assert_eq!(v["status"], "MALFORMED");
        }
        let r = env.run(&["--actor", "bad\x1bname", "keys", "list"]).expect(2);
        assert!(r.stderr.contains("actor name"), "{}", r.stderr);
        assert_eq!(env.snapshot(), before);
    }
);

store_test!(
    /// Tokens as people paste them: a leading `Bearer ` works; other shapes
    /// get a reason that names the problem.
    fn tokens_as_pasted(env) {
        let (t, _) = env.mint("demo", "org:acme", &["read:docs"], &[]);
        assert_eq!(env.verify_status(&format!("Bearer {t}"), &[]), "VALID");
        assert_eq!(env.verify_status(&format!("bearer   {t}"), &[]), "VALID");
        for (input, reason) in [
            (format!("Authorization: Bearer {t}"), "header"),
            (format!("\"{t}\""), "quotes"),
            (String::new(), "empty"),
        ] {
            let (code, v) = env.verify(&input, &[]);
            assert_eq!(code, 3);
            assert!(v["reason"].as_str().unwrap().contains(reason), "{v}");
        }
        let r = env.run_stdin(&["--json", "--yes", "incident", "respond", "--no-replace"], &format!("Bearer {t}")).expect(0);
        assert_eq!(r.json()["key"]["status"], "revoked");
    }
);

/// Only `init` creates a store: a mistyped path fails (exit 1) naming it
/// and `keywarden init`, and creates nothing — not even its directory.
#[test]
fn no_store_by_accident() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("typo/tt.db");
    let url = format!("sqlite://{}", store.display());
    for args in [
        vec!["keys", "list"],
        vec!["keys", "stale", "--unused-for", "90d", "--fail-if-any"],
        vec!["audit", "verify"],
        vec!["store", "status"],
    ] {
        let out = std::process::Command::new(crate::support::bin())
            .args(["--store", &url])
            .args(&args)
            .env("HOME", dir.path())
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {err}");
        assert!(
            err.contains("tt.db") && err.contains("keywarden init"),
            "{err}"
        );
        assert!(
            !dir.path().join("typo").exists(),
            "{args:?} created a directory"
        );
    }
}

/// Found by a second round of attacks: each case, with its right value.
mod second_round {
    use super::*;

    store_test!(
        /// A report directory nobody can write is refused before the
        /// first step; a failure after minting still shows the token.
        fn an_unwritable_report_stops_nothing_half_way(env) {
            let (t, id) = env.mint("pp", "org:acme", &["read:docs"], &[]);
            let before = env.snapshot();
            let r = env.run_stdin(&["--yes", "incident", "respond", "--report", "/proc/nope.md"], &t).expect(1);
            assert!(r.stderr.contains("/proc/nope.md"), "{}", r.stderr);
            assert_eq!(env.snapshot(), before);
            assert_eq!(env.json(&["keys", "show", &id])["status"], "active");
        }
    );

    store_test!(
        /// One long value under the right key does not vouch for a short
        /// one under another key in the same file; --yes warns.
        fn each_imported_value_carries_its_own_proof(env) {
            let long = legacy(KEY_A, b"postgres://app:s3cret@db.internal:5432/app", [1; 16]);
            let short = legacy(KEY_B, b"pw42", [2; 16]);
            let input = format!(
                "{{\"name\":\"a\",\"kind\":\"connection_string\",\"ciphertext\":\"{long}\"}}\n\
                 {{\"name\":\"b\",\"kind\":\"db_password\",\"ciphertext\":\"{short}\"}}\n"
            );
            let before = env.snapshot();
            let r = cred(env, &["--format", "legacy-cfb", "credentials", "import"], &input, KEY_A, None, None);
            // Either refused as not text, or refused as unproven: never silent.
            assert_eq!(r.code, 2, "{}", r.stderr);
            assert_eq!(env.snapshot(), before);
            let ok = legacy(KEY_A, b"pw42", [3; 16]);
            let input = format!("{{\"name\":\"c\",\"kind\":\"db_password\",\"ciphertext\":\"{ok}\"}}\n");
            let r = cred(env, &["--yes", "--format", "legacy-cfb", "credentials", "import"], &input, KEY_A, None, None).expect(0);
            assert!(r.stderr.contains("too short to prove"), "{}", r.stderr);
        }
    );

    /// An empty file or another program's SQLite database is never made a
    /// store by a command other than `init`, and `init` leaves another
    /// program's database alone.
    #[test]
    fn only_keywarden_files_are_stores() {
        let dir = tempfile::tempdir().unwrap();
        let run = |store: &std::path::Path, args: &[&str]| {
            std::process::Command::new(crate::support::bin())
                .arg("--store")
                .arg(format!("sqlite:{}", store.display()))
                .args(args)
                .env("HOME", dir.path())
                .env_remove("KEYWARDEN_STORE")
                .output()
                .unwrap()
        };
        let empty = dir.path().join("empty.db");
        std::fs::write(&empty, b"").unwrap();
        let out = run(&empty, &["audit", "verify"]);
        assert_eq!(out.status.code(), Some(1));
        assert!(String::from_utf8_lossy(&out.stderr).contains("keywarden init"));
        assert_eq!(
            std::fs::metadata(&empty).unwrap().len(),
            0,
            "nothing written"
        );
        let other = dir.path().join("other.db");
        rusqlite::Connection::open(&other)
            .unwrap()
            .execute_batch("CREATE TABLE t (x)")
            .unwrap();
        for args in [&["keys", "list"][..], &["init"]] {
            let out = run(&other, args);
            assert_eq!(out.status.code(), Some(2), "{args:?}");
            assert!(String::from_utf8_lossy(&out.stderr).contains("another program"));
        }
        let tables: i64 = rusqlite::Connection::open(&other)
            .unwrap()
            .query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))
            .unwrap();
        assert_eq!(tables, 1);
        // `init` makes an empty file a store, private.
        assert!(
            run(&empty, &["init", "--bcrypt-cost", "4"])
                .status
                .success()
        );
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(
            std::fs::metadata(&empty).unwrap().permissions().mode() & 0o777,
            0o600
        );
    }

    store_test!(
        /// Values of the wrong type, a second checkpoint row and a head
        /// whose time is not its event's are damage (exit 3), not errors.
        fn tampered_types_and_metadata_are_damage(env) {
            for i in 0..6 {
                env.run(&["audit", "record", "--action", "x.y", "--detail", &format!("i={i}")]).expect(0);
            }
            let base = env.snapshot();
            let _ = base;
            let cases: Vec<String> = match env.backend {
                Backend::Sqlite => vec![
                    "UPDATE audit_events SET status = 'abc' WHERE id = 3".into(),
                    "UPDATE audit_events SET ts = 'abc' WHERE id = 4".into(),
                    "UPDATE audit_events SET ts = 9223372036854775807 WHERE id = 2".into(),
                    "UPDATE audit_head SET last_ts = last_ts + 100000000000".into(),
                ],
                Backend::Postgres => vec![
                    "UPDATE audit_events SET ts = 'infinity' WHERE id = 4".into(),
                    "UPDATE audit_head SET last_ts = last_ts + interval '1 day'".into(),
                ],
            };
            for sql in cases {
                let undo = env.sql("SELECT id, ts, status FROM audit_events ORDER BY id");
                let head = env.sql("SELECT last_ts FROM audit_head");
                env.exec(&sql);
                let r = env.run(&["--json", "audit", "verify"]);
                assert_eq!(r.code, 3, "{sql}: {}{}", r.stdout, r.stderr);
                // Put the row back for the next case.
                for row in &undo {
                    let (id, ts, status) = (row[0].clone().unwrap(), row[1].clone().unwrap(), row[2].clone());
                    let status = status.map_or("NULL".to_owned(), |s| s);
                    env.exec(&format!("UPDATE audit_events SET ts = '{ts}', status = {status} WHERE id = {id}"));
                }
                env.exec(&format!("UPDATE audit_head SET last_ts = '{}'", head[0][0].clone().unwrap()));
                if env.backend == Backend::Sqlite {
                    env.exec("UPDATE audit_events SET ts = CAST(ts AS INTEGER), status = CAST(status AS INTEGER)");
                    env.exec("UPDATE audit_head SET last_ts = CAST(last_ts AS INTEGER)");
                }
                env.run(&["audit", "verify"]).expect(0);
            }
            // A second checkpoint row beside a real one.
            let old = match env.backend {
                Backend::Sqlite => "UPDATE audit_events SET ts = ts - 864000000000 WHERE id <= 2",
                Backend::Postgres => "UPDATE audit_events SET ts = ts - interval '10 days' WHERE id <= 2",
            };
            env.exec(old);
            env.run(&["--yes", "audit", "prune", "--older-than", "5d"]).expect(0);
            env.run(&["audit", "verify"]).expect(0);
            env.exec("INSERT INTO audit_checkpoints (through_id, through_hash, created_at, pruned) SELECT 1, 'abc', created_at, 1 FROM audit_checkpoints");
            env.run(&["audit", "verify"]).expect(3);
            env.exec("DELETE FROM audit_checkpoints WHERE through_id = 1; UPDATE audit_checkpoints SET pruned = pruned + 5");
            env.run(&["audit", "verify"]).expect(3);
        }
    );

    store_test!(
        /// A token's body is as secret without its prefix; a note has the
        /// same limit on update as on create; an actor kind starts with a
        /// letter; missing inputs are I/O errors (exit 1).
        fn smaller_doors(env) {
            let (t, _) = env.mint("g", "org:acme", &["read:docs"], &[]);
            let body = &t[3..];
            env.run(&["keys", "update", "g", "--note", body]).expect(0);
            env.run(&["audit", "record", "--action", "x.y", "--detail", &format!("k=KW_{body}")]).expect(0);
            assert!(!env.dump().contains(&body[12..44]), "the secret reached the store");
            let long = "a".repeat(2001);
            env.run(&["keys", "update", "g", "--note", &long]).expect(2);
            for kind in ["-", "--x", "1abc"] {
                env.run(&["audit", "record", "--action", "x.y", &format!("--actor-kind={kind}")]).expect(2);
            }
            env.run(&["scan", "/nonexistent/keywarden"]).expect(1);
            env.run(&["scan", "--git", "/nonexistent/keywarden"]).expect(1);
            let r = cred(env, &["--format", "legacy-cfb", "credentials", "import", env.path().to_str().unwrap()], "", KEY_A, None, None);
            assert_eq!(r.code, 1, "{}", r.stderr);
        }
    );
}
