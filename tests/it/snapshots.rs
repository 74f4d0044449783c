//! `insta` snapshots: `--help` of every command, and the table and JSON
//! output of the main commands (ids, times, hashes and tokens filtered).
//! Review changes with `cargo insta review`, or regenerate with
//! `INSTA_UPDATE=always cargo test --test it snapshots`.

use std::process::Command;

use crate::store_test;
use crate::support::{Backend, Env, bin};

/// Every command path, from the committed man pages (one per command,
/// `keywarden-keys-create.1`; `generated` keeps them fresh).
fn all_paths() -> Vec<Vec<String>> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("man");
    let mut all: Vec<Vec<String>> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter_map(|f| f.strip_suffix(".1").map(str::to_owned))
        .map(|f| f.split('-').skip(1).map(str::to_owned).collect())
        .collect();
    all.sort();
    all
}

#[test]
fn help_of_every_command() {
    let all = all_paths();
    assert!(all.len() > 40, "{} commands", all.len());
    for p in all {
        let out = Command::new(bin())
            .args(&p)
            .arg("--help")
            .env_clear()
            .env("COLUMNS", "100")
            .output()
            .unwrap();
        assert!(out.status.success(), "{p:?} --help failed");
        let name = if p.is_empty() {
            "keywarden".to_owned()
        } else {
            format!("keywarden_{}", p.join("_"))
        };
        insta::assert_snapshot!(name, String::from_utf8(out.stdout).unwrap());
    }
}

/// The binary builds a group's arguments only when the command line enters
/// it; `help GROUP CMD` must still reach every command the full tree has.
#[test]
fn help_subcommand_reaches_every_command() {
    let all = all_paths();
    let run = |args: &[String]| {
        let out = Command::new(bin())
            .args(args)
            .env_clear()
            .env("COLUMNS", "100")
            .output()
            .unwrap();
        assert!(out.status.success(), "{args:?} failed");
        out.stdout
    };
    for p in all.iter().filter(|p| p.len() >= 2) {
        let via_help: Vec<String> = std::iter::once("help".to_owned())
            .chain(p.iter().cloned())
            .collect();
        let via_flag: Vec<String> = p
            .iter()
            .cloned()
            .chain(std::iter::once("--help".to_owned()))
            .collect();
        assert_eq!(
            String::from_utf8(run(&via_help)).unwrap(),
            String::from_utf8(run(&via_flag)).unwrap(),
            "help {p:?}"
        );
    }
}

fn settings(env: &Env, ids: &[(&str, &str)]) -> insta::Settings {
    let mut s = insta::Settings::clone_current();
    s.add_filter(r"kw_[0-9A-Za-z]{50}", "[TOKEN]");
    s.add_filter(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z", "[TIME]");
    s.add_filter(r"[0-9a-f]{64}", "[HASH]");
    s.add_filter(&regex::escape(&env.path().display().to_string()), "[DIR]");
    if env.backend == Backend::Postgres {
        let db = crate::support::pg::PgServer::db_name(&env.store);
        s.add_filter(r"postgres://[^\s\x22]*", "[PG URL]");
        s.add_filter(&regex::escape(db), "[DB]");
    }
    for (id, name) in ids {
        s.add_filter(&regex::escape(id), *name);
    }
    s
}

store_test!(
    /// The same snapshots on both stores: what a user sees does not depend
    /// on the backend (but for `store status`, which names it).
    fn table_and_json_output(env) {
        table_and_json_output_on(env);
    }
);

fn table_and_json_output_on(env: &Env) {
    env.ok(&["abilities", "add", "docs:read", "search:read"]);
    env.ok(&["tools", "set", "search", "--requires", "search:read"]);
    let (token, id) = env.mint(
        "Claude Desktop",
        "org:acme/collection:docs",
        &["docs:read", "search:read"],
        &["--tool", "search", "--rate-limit", "60", "--note", "laptop"],
    );
    let (_, other) = env.mint(
        "CI bot",
        "org:acme",
        &["docs:read"],
        &["--expires-at", "2099-01-01"],
    );
    env.verify(
        &token,
        &["--resource", "org:acme/collection:docs", "--tool", "search"],
    );
    env.ok(&["keys", "revoke", &other, "--reason", "retired"]);
    env.run_with(
        &[
            "credentials",
            "add",
            "--name",
            "gmail",
            "--kind",
            "oauth_access_token",
            "--scope",
            "user:alice",
        ],
        "ya29.x",
        &[("ENCRYPTION_KEY", crate::credentials::KEY_A)],
    )
    .expect(0);
    let cred_id = env.json(&["credentials", "list"])[0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let kid = env.json(&["credentials", "list"])[0]["kid"]
        .as_str()
        .unwrap()
        .to_owned();
    let s = settings(
        env,
        &[
            (&id, "[KEY1]"),
            (&other, "[KEY2]"),
            (&cred_id, "[CRED]"),
            (&kid, "[KID]"),
        ],
    );
    s.bind(|| {
        for (name, args) in [
            ("keys_list_table", vec!["keys", "list", "--status", "all"]),
            (
                "keys_list_json",
                vec!["--json", "keys", "list", "--status", "all"],
            ),
            (
                "keys_list_csv",
                vec!["--format", "csv", "keys", "list", "--status", "all"],
            ),
            ("keys_show_table", vec!["keys", "show", &id]),
            ("keys_show_json", vec!["--json", "keys", "show", &id]),
            (
                if env.backend == Backend::Sqlite {
                    "store_status_json"
                } else {
                    "store_status_json_postgres"
                },
                vec!["--json", "store", "status"],
            ),
            ("abilities_list_table", vec!["abilities", "list"]),
            ("tools_list_json", vec!["--json", "tools", "list"]),
            ("credentials_list_table", vec!["credentials", "list"]),
            (
                "credentials_show_json",
                vec!["--json", "credentials", "show", "gmail"],
            ),
            (
                "audit_summary_table",
                vec!["audit", "summary", "--by", "action"],
            ),
            (
                "audit_query_json",
                vec!["--json", "audit", "query", "--key", &id],
            ),
            ("audit_verify_table", vec!["audit", "verify"]),
        ] {
            insta::assert_snapshot!(name, env.ok(&args));
        }
        let r = env
            .run_stdin(
                &["keys", "verify", "--resource", "org:acme/collection:hr"],
                &token,
            )
            .expect(3);
        insta::assert_snapshot!("keys_verify_table", r.stdout);
        let r = env
            .run_stdin(&["--json", "keys", "verify", "--tool", "search"], &token)
            .expect(0);
        insta::assert_snapshot!("keys_verify_json", r.stdout);
        let r = env
            .run_stdin(&["--json", "keys", "verify"], "kw_nope")
            .expect(3);
        insta::assert_snapshot!("keys_verify_malformed_json", r.stdout);
    });
}
