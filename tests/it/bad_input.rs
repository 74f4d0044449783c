//! Bad input: a clear message naming what was wrong, the right exit code,
//! no panic, and the store unchanged.

use crate::store_test;
use crate::support::Env;

#[track_caller]
fn refused(env: &Env, args: &[&str], code: i32, needle: &str) {
    let before = env.snapshot();
    let r = env.run(args).expect(code);
    assert!(
        r.stderr.to_lowercase().contains(&needle.to_lowercase()),
        "{args:?}: stderr should mention {needle:?}:\n{}",
        r.stderr
    );
    assert!(
        r.stderr.starts_with("error:") || r.stderr.contains("error:"),
        "{}",
        r.stderr
    );
    assert_eq!(env.snapshot(), before, "{args:?} changed the store");
}

store_test!(
    fn malformed_values_exit_2_and_change_nothing(env) {
        let (_, id) = env.mint("bot", "org:acme", &["read"], &[]);
        let create = |extra: &[&'static str]| {
            let mut a = vec!["keys", "create", "--name", "x"];
            a.extend_from_slice(extra);
            a
        };
        refused(env, &create(&["--scope", "org", "--ability", "read"]), 2, "invalid scope");
        refused(env, &create(&["--scope", "Org:acme", "--ability", "read"]), 2, "invalid scope");
        refused(env, &create(&["--scope", "org:acme/", "--ability", "read"]), 2, "invalid scope");
        refused(env, &create(&["--scope", "org:acme", "--ability", "read tables"]), 2, "invalid ability");
        refused(env, &create(&["--scope", "org:acme", "--ability", ""]), 2, "ability");
        refused(env, &create(&["--scope", "org:acme", "--ability", "read", "--expires-in", "ninety days"]), 2, "invalid duration");
        refused(env, &create(&["--scope", "org:acme", "--ability", "read", "--expires-at", "tomorrow"]), 2, "invalid time");
        refused(env, &create(&["--scope", "org:acme", "--ability", "read", "--expires-at", "2001-01-01"]), 2, "past");
        refused(env, &create(&["--scope", "org:acme", "--ability", "read", "--rate-limit", "0"]), 2, "rate-limit");
        refused(env, &create(&["--scope", "org:acme", "--ability", "read", "--rate-limit", "many"]), 2, "rate-limit");
        refused(env, &create(&["--scope", "org:acme", "--ability", "read", "--tool", "bad tool"]), 2, "invalid tool");
        refused(env, &["keys", "create", "--name", "", "--scope", "org:acme", "--ability", "r"], 2, "name");
        refused(env, &["keys", "list", "--unused-for", "3 fortnights"], 2, "invalid duration");
        refused(env, &["keys", "list", "--scope", "acme"], 2, "invalid scope");
        refused(env, &["keys", "stale", "--unused-for", "soon"], 2, "invalid duration");
        refused(env, &["keys", "rotate", &id, "--grace", "a while"], 2, "invalid duration");
        refused(env, &["keys", "list", "--status", "dormant"], 2, "dormant");
        refused(env, &["init", "--prefix", "KW"], 2, "invalid token prefix");
        refused(env, &["init", "--prefix", "k"], 2, "invalid token prefix");
        refused(env, &["init", "--prefix", "kw_x"], 2, "invalid token prefix");
        refused(env, &["init", "--bcrypt-cost", "3"], 2, "bcrypt cost");
        refused(env, &["init", "--bcrypt-cost", "32"], 2, "bcrypt cost");
        refused(env, &["keys", "verify", "--resource", "not a scope"], 2, "invalid scope");
        refused(env, &["keys", "frobnicate"], 2, "frobnicate");
    }
);

store_test!(
    fn unknown_and_ambiguous_keys(env) {
        env.mint("twin", "org:acme", &["read"], &[]);
        env.mint("twin", "org:acme", &["read"], &[]);
        refused(env, &["keys", "show", "kw_AAAAAAAAAAAA"], 1, "no key");
        refused(env, &["keys", "revoke", "nobody"], 1, "no key");
        refused(env, &["keys", "revoke", "twin"], 2, "matches 2 active keys");
        refused(env, &["keys", "rotate", "twin"], 2, "use a key id");
        refused(env, &["keys", "update", "twin", "--note", "x"], 2, "matches 2");
    }
);

store_test!(
    fn revoking_several_keys_is_all_or_nothing(env) {
        let (_, a) = env.mint("a", "org:acme", &["read"], &[]);
        refused(env, &["keys", "revoke", &a, "kw_BBBBBBBBBBBB"], 1, "no key");
        assert_eq!(env.json(&["keys", "show", &a])["status"], "active");
    }
);

#[test]
fn bad_store_urls_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    for (url, needle) in [
        ("mysql://root@localhost/keys", "unrecognized store"),
        ("keys.txt", "unrecognized store"),
        ("sqlite:", "no path"),
        ("postgres://u:hunter2@h/db?sslmode=sometimes", "sslmode"),
        ("postgres://u:hunter2@h/db?bogus=1", "unsupported parameter"),
        ("postgres://u:hunter2@h:notaport/db", "invalid"),
    ] {
        let out = std::process::Command::new(crate::support::bin())
            .args(["--store", url, "keys", "list"])
            .env("HOME", dir.path())
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{url}: {stderr}");
        assert!(stderr.contains(needle), "{url}: {stderr}");
        assert!(!stderr.contains("hunter2"), "password leaked: {stderr}");
    }
}

store_test!(
    fn hostile_names_are_stored_and_printed_safely(env) {
        let names = [
            "Robert'); DROP TABLE keys;--",
            "semi;colon \"quoted\" `tick`",
            "ünïcødé 🔑 名前",
            "esc\u{1b}[2J\u{1b}[31mred",
            "bidi \u{202e}gnp.exe",
            "new\nline",
        ];
        let mut ids = Vec::new();
        for n in names {
            let (_, id) = env.mint(n, "org:acme", &["read"], &["--note", n]);
            ids.push(id);
        }
        for (n, id) in names.iter().zip(&ids) {
            let v = env.json(&["keys", "show", id]);
            assert_eq!(v["name"], *n, "stored exactly");
            assert_eq!(v["note"], *n);
        }
        let table = env.ok(&["keys", "list"]);
        assert!(!table.contains('\u{1b}'), "raw ESC reached the terminal: {table:?}");
        assert!(!table.contains('\u{202e}'), "raw bidi override reached the terminal");
        assert!(table.contains("\\u{1b}[2J"), "{table}");
        assert!(table.contains("ünïcødé 🔑 名前"));
        let show = env.ok(&["keys", "show", &ids[3]]);
        assert!(!show.contains('\u{1b}'));
        let csv = env.ok(&["--format", "csv", "keys", "list"]);
        assert!(!csv.contains('\u{1b}'));
        // The keys table survived the SQL-looking name.
        assert_eq!(env.json(&["keys", "list"]).as_array().unwrap().len(), names.len());
        // A name with control characters can still be used as a reference.
        assert_eq!(env.json(&["keys", "show", names[2]])["id"], ids[2].as_str());
    }
);
