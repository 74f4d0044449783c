//! Habits admins bring from Fluxbase's CLI (`clientkeys …`): the ones
//! keywarden can meet are met, and the one that would mislead is refused
//! with the flag to use.

use crate::store_test;
use crate::support::{Backend, Env, bin};

store_test!(
    fn keys_get_is_keys_show(env) {
        let (_, id) = env.mint("AI Reader", "org:acme", &["read:tables"], &[]);
        let get = env.json(&["clientkeys", "get", &id]);
        assert_eq!(get, env.json(&["keys", "show", &id]));
        assert_eq!(get["name"], "AI Reader");
    }
);

store_test!(
    fn dash_o_is_the_format(env) {
        env.mint("AI Reader", "org:acme", &["read:tables"], &[]);
        let r = env.run(&["keys", "list", "-o", "json"]).expect(0);
        assert_eq!(r.json()[0]["name"], "AI Reader");
        let r = env.run(&["-o", "csv", "keys", "list"]).expect(0);
        assert!(r.stdout.starts_with("id,name,"), "{}", r.stdout);
    }
);

store_test!(
    fn fluxbase_scopes_are_refused_naming_ability(env) {
        let before = env.snapshot();
        let r = env
            .run(&["clientkeys", "create", "--name", "AI Reader", "--scopes", "read:tables,read:storage"])
            .expect(2);
        assert!(
            r.stderr.contains("--ability read:tables,read:storage")
                && r.stderr.contains("Fluxbase")
                && !r.stderr.contains("similar argument"),
            "{}",
            r.stderr
        );
        // Even with a scope given, nothing is minted under a misread grant.
        env.run(&["keys", "create", "--name", "AI Reader", "--scope", "org:acme", "--scopes", "read:tables"])
            .expect(2);
        assert_eq!(before, env.snapshot());
    }
);

#[test]
fn global_options_are_listed_once() {
    let help = |args: &[&str]| {
        let out = std::process::Command::new(bin())
            .args(args)
            .env_clear()
            .output()
            .unwrap();
        assert!(out.status.success());
        String::from_utf8(out.stdout).unwrap()
    };
    let top = help(&["--help"]);
    for flag in [
        "--store",
        "-o, --format",
        "--json",
        "--actor",
        "--yes",
        "--quiet",
    ] {
        assert!(top.contains(flag), "top-level help lacks {flag}:\n{top}");
    }
    assert!(!top.contains("legacy-cfb:"), "{top}");
    for cmd in [
        &["keys", "create", "--help"][..],
        &["keys", "--help"],
        &["keygen", "--help"],
        &["help", "audit", "query"],
    ] {
        let h = help(cmd);
        assert!(
            !h.contains("--store <URL>") && !h.contains("KEYWARDEN_FORMAT"),
            "{cmd:?} repeats the global options:\n{h}"
        );
        assert!(
            h.contains("Global options (-o/--format") && h.contains("`keywarden --help`"),
            "{cmd:?}:\n{h}"
        );
    }
    // Hidden from help, still taken.
    let env = Env::new(Backend::Sqlite);
    env.run(&["keys", "list", "--quiet", "--json"]).expect(0);
}
