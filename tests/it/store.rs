//! `init`, `store status|migrate`, settings and schema versions.

use crate::store_test;
use crate::support::Backend;

store_test!(
    fn status_and_migrate_in_table_and_json(env) {
        let s = env.json(&["store", "status"]);
        assert_eq!(s["backend"], if env.backend == Backend::Sqlite { "sqlite" } else { "postgres" });
        assert_eq!(s["schema_version"], s["binary_schema_version"]);
        assert_eq!(s["prefix"], "kw");
        assert_eq!(s["bcrypt_cost"], 4);
        assert_eq!(s["keys_active"], 0);
        env.mint("a", "org:acme", &["read"], &[]);
        let s = env.json(&["store", "migrate"]);
        assert_eq!(s["keys_active"], 1);
        let table = env.ok(&["store", "status"]);
        assert!(table.contains("schema_version") && table.contains("keys_active"), "{table}");
    }
);

store_test!(
    fn prefix_and_cost_come_from_the_store(env) {
        let r = env.run(&["init", "--prefix", "acme", "--bcrypt-cost", "5"]).expect(0);
        assert!(r.stderr.contains("below 10"), "{}", r.stderr);
        let (token, _) = env.mint("bot", "org:acme", &["read"], &[]);
        assert!(token.starts_with("acme_") && token.len() == 55, "{token}");
        let hash = env.sql("SELECT token_hash FROM keys")[0][0].clone().unwrap();
        assert!(hash.starts_with("$2b$05$"), "{hash}");
        assert_eq!(env.verify_status(&token, &[]), "VALID");
        // A kw_ token is now the wrong prefix: MALFORMED.
        let kw = format!("kw_{}", &token[5..]);
        assert_eq!(env.verify_status(&kw, &[]), "MALFORMED");
        // The prefix cannot change under live keys.
        let r = env.run(&["init", "--prefix", "other"]).expect(2);
        assert!(r.stderr.contains("active keys use acme"), "{}", r.stderr);
        // Settings changes are audited; a no-op init is not.
        let n = env.audit_rows().len();
        env.ok(&["init", "--bcrypt-cost", "5"]);
        assert_eq!(env.audit_rows().len(), n);
    }
);

store_test!(
    fn a_newer_schema_is_refused_and_nothing_is_written(env) {
        match env.backend {
            Backend::Sqlite => env.exec("PRAGMA user_version = 99"),
            Backend::Postgres => env.exec("INSERT INTO keywarden_schema (version, name) VALUES (99, 'future')"),
        }
        let before = env.snapshot();
        let r = env.run(&["keys", "list"]).expect(1);
        assert!(r.stderr.contains("version 99") && r.stderr.contains("upgrade keywarden"), "{}", r.stderr);
        env.run(&["keys", "create", "--name", "x", "--scope", "org:a", "--ability", "r"]).expect(1);
        assert_eq!(env.snapshot(), before);
    }
);

#[test]
fn a_non_database_file_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("notes.db");
    std::fs::write(&f, "this is not sqlite, just a text file that is long enough to matter......................................").unwrap();
    let out = std::process::Command::new(crate::support::bin())
        .args(["--store", f.to_str().unwrap(), "keys", "list"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let e = String::from_utf8_lossy(&out.stderr);
    assert!(
        e.contains("not a SQLite database") || e.contains("not a database"),
        "{e}"
    );
}
