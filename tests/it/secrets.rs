//! Secrets: a token is printed once, and appears nowhere else.

use std::os::unix::fs::PermissionsExt;

use crate::store_test;
use crate::support::Backend;

store_test!(
    fn the_token_exists_only_in_the_create_and_rotate_output(env) {
        let (token, id) = env.mint("bot", "org:acme", &["read"], &[]);
        let secret = &token[15..47];
        assert_eq!(env.verify_status(&token, &["--resource", "org:acme"]), "VALID");
        let (_, _) = env.verify(&format!("{token}x"), &[]);
        env.run_stdin(&["keys", "verify"], &crate::verify::forge(&token));
        let rotated = env.json(&["keys", "rotate", &id, "--grace", "1h"]);
        let new_token = rotated["token"].as_str().unwrap().to_owned();

        // Not in the store (any table, the WAL), nor in the audit log.
        let dump = env.dump();
        for t in [&token, &new_token] {
            assert!(!dump.contains(t.as_str()), "a token is in the store");
            assert!(!dump.contains(&t[15..47]), "a secret is in the store");
        }
        for row in env.audit_rows() {
            let line = format!("{row:?}");
            assert!(!line.contains(secret) && !line.contains(&new_token[15..47]), "audit holds a secret: {line}");
        }
        // Not in any other output.
        for args in [
            vec!["keys", "list", "--status", "all"],
            vec!["--json", "keys", "list", "--status", "all"],
            vec!["keys", "show", &id],
            vec!["--json", "keys", "show", &id],
            vec!["store", "status"],
        ] {
            let r = env.run(&args).expect(0);
            assert!(!r.stdout.contains(secret) && !r.stderr.contains(secret), "{args:?} printed the secret");
        }
        // Not in errors, even when the token itself is the bad input.
        let r = env.run(&["keys", "show", &token]);
        assert_ne!(r.code, 0);
        assert!(!r.stderr.contains(secret), "{}", r.stderr);
        let r = env.run(&["keys", "revoke", &new_token]);
        assert!(!r.stderr.contains(&new_token[15..47]), "{}", r.stderr);
    }
);

store_test!(
    fn the_sqlite_file_is_private(env) {
        if env.backend != Backend::Sqlite {
            // The PostgreSQL half checks the password never reaches output.
            let r = env.run(&["store", "status"]).expect(0);
            let pw = &crate::support::pg::server().password;
            assert!(!r.stdout.contains(pw.as_str()) && !r.stderr.contains(pw.as_str()));
            assert!(r.stdout.contains("***"), "{}", r.stdout);
            return;
        }
        env.mint("bot", "org:acme", &["read"], &[]);
        let db = env.sqlite_path().unwrap();
        let mode = std::fs::metadata(&db).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "store file mode {mode:o}");
    }
);

#[test]
fn the_default_store_is_created_private_under_xdg_data_home() {
    let dir = tempfile::tempdir().unwrap();
    let out = std::process::Command::new(crate::support::bin())
        .args(["init", "--bcrypt-cost", "4"])
        .env_remove("KEYWARDEN_STORE")
        .env("XDG_DATA_HOME", dir.path().join("xdg"))
        .env("HOME", dir.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let db = dir.path().join("xdg/keywarden/keywarden.db");
    assert_eq!(
        std::fs::metadata(&db).unwrap().permissions().mode() & 0o777,
        0o600
    );
    assert_eq!(
        std::fs::metadata(db.parent().unwrap())
            .unwrap()
            .permissions()
            .mode()
            & 0o777,
        0o700
    );
    // Without XDG_DATA_HOME: ~/.local/share. Only `init` creates it.
    let run = |cmd: &[&str]| {
        std::process::Command::new(crate::support::bin())
            .args(cmd)
            .env_remove("KEYWARDEN_STORE")
            .env_remove("XDG_DATA_HOME")
            .env("HOME", dir.path())
            .output()
            .unwrap()
    };
    let out = run(&["store", "status"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("keywarden init"));
    assert!(!dir.path().join(".local/share/keywarden").exists());
    assert!(run(&["init"]).status.success());
    assert!(
        dir.path()
            .join(".local/share/keywarden/keywarden.db")
            .exists()
    );
}
