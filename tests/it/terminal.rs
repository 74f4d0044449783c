//! Terminal behaviour in a real pseudo-terminal: prompts, progress bars and
//! color appear there, and never when the same command is piped; Ctrl-C
//! exits 130 with the store untouched; a closed pipe exits 0.

use std::process::Command;

use rexpect::session::{PtySession, spawn_command};

use crate::credentials::{KEY_A, KEY_B};
use crate::support::{Env, bin};

/// Runs `keywarden args…` in a pty through `sh`, which prints the exit
/// code at the end as `EXIT=n`.
fn pty(env: &Env, args: &[&str], vars: &[(&str, &str)]) -> PtySession {
    let mut c = Command::new("sh");
    c.arg("-c")
        .arg("\"$0\" \"$@\"; echo \"EXIT=$?\"")
        .arg(bin())
        .args(args);
    c.env("HOME", env.path())
        .env("KEYWARDEN_STORE", &env.store)
        .env("KEYWARDEN_ACTOR", "tester")
        .env("TERM", "xterm-256color")
        .env_remove("NO_COLOR");
    for (k, v) in vars {
        c.env(k, v);
    }
    spawn_command(c, Some(20_000)).expect("a pty")
}

fn sqlite_env() -> Env {
    Env::new(crate::support::Backend::Sqlite)
}

#[test]
fn a_prompt_on_a_terminal_and_a_flag_when_piped() {
    let env = sqlite_env();
    let mut p = pty(&env, &["keys", "create", "--name", "svc", "--service"], &[]);
    p.exp_string("Mint a SERVICE key?").unwrap();
    p.send("y").unwrap();
    p.flush().unwrap();
    p.exp_string("kw_").unwrap();
    p.exp_string("EXIT=0").unwrap();
    assert_eq!(env.json(&["keys", "list"]).as_array().unwrap().len(), 1);
    // Piped: no prompt, an error naming the flag.
    let r = env
        .run(&["keys", "create", "--name", "svc2", "--service"])
        .expect(2);
    assert!(
        r.stderr.contains("--yes") && !r.stderr.contains("[y/N]"),
        "{}",
        r.stderr
    );
}

#[test]
fn a_multi_select_with_nothing_preselected() {
    let env = sqlite_env();
    env.ok(&["abilities", "add", "docs:read", "docs:write"]);
    let mut p = pty(
        &env,
        &[
            "--json", "keys", "create", "--name", "picked", "--scope", "org:acme",
        ],
        &[],
    );
    p.exp_string("Abilities to grant").unwrap();
    // Enter right away selects nothing: it asks again, nothing minted yet.
    p.send("\r").unwrap();
    p.flush().unwrap();
    p.exp_string("pick at least one").unwrap();
    p.exp_string("Abilities to grant").unwrap();
    assert_eq!(env.json(&["keys", "list"]).as_array().unwrap().len(), 0);
    // Space picks the first, enter confirms.
    p.send(" ").unwrap();
    p.send("\r").unwrap();
    p.flush().unwrap();
    p.exp_string("EXIT=0").unwrap();
    assert_eq!(
        env.json(&["keys", "list"])[0]["abilities"],
        serde_json::json!(["docs:read"])
    );
}

#[test]
fn color_on_a_terminal_only_and_never_with_no_color() {
    let env = sqlite_env();
    env.mint("bot", "org:acme", &["read"], &[]);
    let mut p = pty(&env, &["keys", "list"], &[]);
    let out = p.exp_string("EXIT=0").unwrap();
    assert!(out.contains("\u{1b}["), "no color on a terminal: {out:?}");
    let mut p = pty(&env, &["keys", "list"], &[("NO_COLOR", "1")]);
    let out = p.exp_string("EXIT=0").unwrap();
    assert!(!out.contains("\u{1b}["), "color despite NO_COLOR: {out:?}");
    let piped = env
        .cmd(&["keys", "list"])
        .env_remove("NO_COLOR")
        .output()
        .unwrap();
    assert!(
        !String::from_utf8_lossy(&piped.stdout).contains('\u{1b}'),
        "color in a pipe"
    );
}

#[test]
fn a_progress_bar_on_a_terminal_only() {
    let env = sqlite_env();
    let mut ndjson = String::new();
    for i in 0..3000 {
        ndjson.push_str(&serde_json::json!({"name": format!("c{i}"), "kind": "api_credential", "ciphertext": crate::credentials::openssl_free_legacy(KEY_A, &format!("value-{i}"))}).to_string());
        ndjson.push('\n');
    }
    env.run_with(
        &[
            "--quiet",
            "--yes",
            "credentials",
            "import",
            "--format",
            "legacy-cfb",
        ],
        &ndjson,
        &[("ENCRYPTION_KEY", KEY_A)],
    )
    .expect(0);
    let mut p = pty(
        &env,
        &["credentials", "rekey", "--batch", "20"],
        &[("ENCRYPTION_KEY", KEY_A), ("NEW_ENCRYPTION_KEY", KEY_B)],
    );
    let out = p.exp_string("EXIT=0").unwrap();
    assert!(
        out.contains("re-encrypting ["),
        "no progress bar on a terminal: {out:?}"
    );
    // Piped: only the final line.
    let r = env
        .run_with(
            &["credentials", "rekey", "--batch", "20"],
            "",
            &[("ENCRYPTION_KEY", KEY_B), ("NEW_ENCRYPTION_KEY", KEY_A)],
        )
        .expect(0);
    assert!(
        !r.stderr.contains("re-encrypting") && !r.stderr.contains('\u{1b}'),
        "{}",
        r.stderr
    );
    assert!(
        r.stdout.starts_with("rekey: 3000 re-encrypted"),
        "{}",
        r.stdout
    );
}

#[test]
fn ctrl_c_at_a_prompt_exits_130_and_changes_nothing() {
    let env = sqlite_env();
    let before = env.snapshot();
    let mut p = pty(&env, &["keys", "create", "--name", "svc", "--service"], &[]);
    p.exp_string("Mint a SERVICE key?").unwrap();
    p.send_control('c').unwrap();
    p.exp_string("EXIT=130").unwrap();
    assert_eq!(env.snapshot(), before);
}

#[test]
fn a_closed_pipe_exits_0() {
    let env = sqlite_env();
    let mut store = keywarden::Store::open(&env.store).unwrap();
    let actor = keywarden::Actor::new("t", "cli");
    let records = (0..2000)
        .map(|i| keywarden::ops::audit::Record {
            action: "load.test".into(),
            details: vec![("i".into(), i.to_string()), ("pad".into(), "x".repeat(100))],
            ..Default::default()
        })
        .collect();
    keywarden::ops::audit::record_all(&mut store, &actor, records).unwrap();
    for args in [
        ["audit", "export"].as_slice(),
        &["--json", "audit", "query", "--limit", "0"],
        &["audit", "query", "--limit", "0"],
    ] {
        let script = format!(
            "\"$0\" {} | head -c 10 > /dev/null; echo ${{PIPESTATUS[0]}}",
            args.join(" ")
        );
        let out = Command::new("bash")
            .arg("-c")
            .arg(&script)
            .arg(bin())
            .env("KEYWARDEN_STORE", &env.store)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(
            String::from_utf8_lossy(&out.stdout).trim(),
            "0",
            "{args:?}: {stderr}"
        );
        assert!(
            !stderr.contains("panicked") && !stderr.contains("error"),
            "{args:?}: {stderr}"
        );
    }
}
