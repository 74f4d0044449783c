//! `scan`: working trees and git history, look-alikes, --check, --revoke.

use std::path::Path;
use std::process::Command;

use crate::store_test;
use crate::support::Env;

fn git(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .env("GIT_AUTHOR_NAME", "t")
        .env("GIT_AUTHOR_EMAIL", "t@example.com")
        .env("GIT_COMMITTER_NAME", "t")
        .env("GIT_COMMITTER_EMAIL", "t@example.com")
        .output()
        .expect("git is needed for the scan tests (.ci/setup installs it)");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap().trim().to_owned()
}

/// A token with a valid checksum that no store knows.
fn stranger() -> String {
    keywarden::token::generate("kw", &keywarden::token::new_key_id())
        .expose()
        .to_owned()
}

fn look_alike(t: &str) -> String {
    let mut b = t.as_bytes().to_vec();
    let i = b.len() - 1;
    b[i] = if b[i] == b'a' { b'b' } else { b'a' };
    String::from_utf8(b).unwrap()
}

struct Fixture {
    repo: tempfile::TempDir,
    live: (String, String),
    ignored: (String, String),
    deleted: (String, String),
    unknown: String,
    first_commit: String,
    deleted_in: String,
}

/// A repository with a live token in the tree, one in an ignored file,
/// one in a file deleted from history, an unknown one, and look-alikes.
fn fixture(env: &Env) -> Fixture {
    let live = env.mint("live", "org:acme", &["read"], &[]);
    let ignored = env.mint("ignored", "org:acme", &["read"], &[]);
    let deleted = env.mint("deleted", "org:acme", &["read"], &[]);
    let unknown = stranger();
    let repo = tempfile::tempdir().unwrap();
    let r = repo.path();
    git(r, &["init", "-q", "-b", "main"]);
    std::fs::write(r.join(".gitignore"), "secret.txt\n").unwrap();
    std::fs::write(
        r.join("config.env"),
        format!("# config\nAPI_URL=https://x\nKEYWARDEN_TOKEN={}\n", live.0),
    )
    .unwrap();
    std::fs::write(
        r.join("notes.md"),
        format!(
            "look-alikes: {} and {} and {} and kw_short\nunknown: {unknown}\n",
            look_alike(&live.0),
            &live.0[..52],
            live.0.replace("kw_", "KW_")
        ),
    )
    .unwrap();
    std::fs::write(r.join("old.env"), format!("TOKEN={}\n", deleted.0)).unwrap();
    std::fs::write(
        r.join("binary.bin"),
        [b"\0\0\0".as_slice(), live.0.as_bytes()].concat(),
    )
    .unwrap();
    git(r, &["add", "-A"]);
    git(r, &["commit", "-q", "-m", "first"]);
    let first_commit = git(r, &["rev-parse", "HEAD"]);
    std::fs::remove_file(r.join("old.env")).unwrap();
    git(r, &["commit", "-q", "-am", "remove old.env"]);
    let deleted_in = first_commit.clone();
    std::fs::write(r.join("secret.txt"), format!("{}\n", ignored.0)).unwrap();
    Fixture {
        repo,
        live,
        ignored,
        deleted,
        unknown,
        first_commit,
        deleted_in,
    }
}

store_test!(
    fn scan_finds_exactly_the_real_tokens(env) {
        let fx = fixture(env);
        let dir = fx.repo.path().to_str().unwrap();
        let r = env.run(&["--json", "scan", dir]).expect(3);
        let found = r.json();
        let list = found.as_array().unwrap();
        let mut ids: Vec<&str> = list.iter().map(|f| f["key_id"].as_str().unwrap()).collect();
        ids.sort();
        // The live token twice: in config.env and in the binary file.
        let mut want = vec![fx.live.1.as_str(), fx.live.1.as_str(), &fx.unknown[3..15]];
        want.sort();
        assert_eq!(ids, want, "{found}");
        let live = list
            .iter()
            .find(|f| f["key_id"] == fx.live.1.as_str() && f["path"].as_str().unwrap().ends_with("config.env"))
            .unwrap();
        assert!(live["path"].as_str().unwrap().ends_with("config.env"));
        assert_eq!((live["line"].as_u64(), live["column"].as_u64()), (Some(3), Some(17)));
        assert!(live["token"].as_str().unwrap().ends_with('…'));
        let all = r.stdout + &r.stderr;
        assert!(!all.contains(&fx.live.0[15..47]), "a secret was printed");

        // Ignored files only with --no-ignore.
        let r = env.run(&["--json", "scan", "--no-ignore", dir]).expect(3);
        assert!(r.stdout.contains(&fx.ignored.1), "{}", r.stdout);
        assert!(!env.run(&["--json", "scan", dir]).stdout.contains(&fx.ignored.1));

        // Nothing to find: exit 0.
        let empty = tempfile::tempdir().unwrap();
        std::fs::write(empty.path().join("a.txt"), look_alike(&fx.live.0)).unwrap();
        env.run(&["scan", empty.path().to_str().unwrap()]).expect(0);
    }
);

store_test!(
    fn scan_git_finds_history_with_commits(env) {
        let fx = fixture(env);
        let dir = fx.repo.path().to_str().unwrap();
        let found = env.run(&["--json", "scan", "--git", dir]).expect(3).json();
        let list = found.as_array().unwrap();
        let by = |id: &str| list.iter().filter(|f| f["key_id"] == id).collect::<Vec<_>>();
        let deleted = by(&fx.deleted.1);
        assert_eq!(deleted.len(), 1, "{found}");
        assert_eq!(deleted[0]["path"], "old.env");
        assert_eq!(deleted[0]["line"], 1);
        assert_eq!(deleted[0]["commit"], fx.deleted_in.as_str());
        let live = by(&fx.live.1);
        assert_eq!(live.len(), 2, "found in the text and in the binary blob: {found}");
        assert!(live.iter().any(|f| f["path"] == "binary.bin"), "{found}");
        assert_eq!(live[0]["commit"], fx.first_commit.as_str());
        assert!(by(&fx.ignored.1).is_empty(), "never committed");
        let table = env.run(&["scan", "--git", dir]).expect(3).stdout;
        assert!(table.contains("old.env") && table.contains(&fx.first_commit[..12]), "{table}");
        env.run(&["scan", "--git", env.path().to_str().unwrap()]).expect(2);
    }
);

store_test!(
    fn check_and_revoke_change_the_right_keys_only(env) {
        let fx = fixture(env);
        let dir = fx.repo.path().to_str().unwrap();
        env.ok(&["keys", "revoke", &fx.deleted.1]);
        let found = env.run(&["--json", "scan", "--git", "--check", dir]).expect(3).json();
        let status = |id: &str| found.as_array().unwrap().iter().find(|f| f["key_id"] == id).unwrap()["status"].clone();
        assert_eq!(status(&fx.live.1), "active");
        assert_eq!(status(&fx.deleted.1), "revoked");
        assert_eq!(status(&fx.unknown[3..15]), "unknown");

        // A look-alike of a real key (same id, valid checksum, wrong secret) is unknown.
        let fake = crate::verify::forge(&fx.live.0);
        let other = tempfile::tempdir().unwrap();
        std::fs::write(other.path().join("f.txt"), &fake).unwrap();
        let v = env.run(&["--json", "scan", "--check", other.path().to_str().unwrap()]).expect(0).json();
        assert_eq!(v[0]["status"], "unknown");

        let r = env.run(&["scan", "--revoke", dir]).expect(2);
        assert!(r.stderr.contains("--yes"), "{}", r.stderr);
        assert_eq!(env.json(&["keys", "show", &fx.live.1])["status"], "active");
        let before = env.audit_rows().len();
        // The summary and the exit code describe the state after --revoke:
        // the one active key is revoked now, so nothing live is left.
        let r = env.run(&["--yes", "--json", "scan", "--revoke", dir]).expect(0);
        assert!(r.stderr.contains("Revoked 1 key, reason `leaked`."), "{}", r.stderr);
        assert_eq!(
            r.stderr.lines().filter(|l| l.starts_with("Scanned")).collect::<Vec<_>>(),
            ["Scanned 4 files (0.0 MB, 1 binary): 3 tokens found, 0 active."],
            "{}",
            r.stderr
        );
        let after = r.json();
        assert_eq!(after.as_array().unwrap().iter().filter(|f| f["status"] == "active").count(), 0, "{after}");
        assert_eq!(env.json(&["keys", "show", &fx.live.1])["status"], "revoked");
        assert_eq!(env.json(&["keys", "show", &fx.live.1])["revoked_reason"], "leaked");
        assert_eq!(env.json(&["keys", "show", &fx.ignored.1])["status"], "active", "not in the scanned files");
        let added: Vec<String> = env.audit_rows()[before..].iter().map(|r| r[4].clone().unwrap()).collect();
        assert_eq!(added, ["key.revoke"]);
        // Nothing active any more: exit 0.
        env.run(&["scan", "--check", dir]).expect(0);
    }
);

store_test!(
    fn sarif_and_gitleaks_rule(env) {
        let fx = fixture(env);
        let dir = fx.repo.path().to_str().unwrap();
        let s = env.run(&["scan", "--sarif", "--check", dir]).expect(3).json();
        assert_eq!(s["version"], "2.1.0");
        let results = s["runs"][0]["results"].as_array().unwrap();
        assert_eq!(results.len(), 3, "config.env, binary.bin and the unknown token");
        assert!(results.iter().any(|r| r["locations"][0]["physicalLocation"]["region"]["startLine"] == 3));
        let rule = env.ok(&["scan", "--gitleaks-rule"]);
        assert!(rule.contains("regex = '''\\bkw_[0-9A-Za-z]{50}\\b'''") && rule.contains("keywords = [\"kw_\"]"), "{rule}");
        // --prefix scans without opening a store at all.
        let out = Command::new(crate::support::bin())
            .args(["--store", "/nonexistent/dir/x.db", "scan", "--prefix", "kw", dir])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(3), "{}", String::from_utf8_lossy(&out.stderr));
        assert!(!Path::new("/nonexistent/dir").exists());
        env.run(&["scan", "--prefix", "acme", "--check", dir]).expect(2);
        env.run(&["scan", "--prefix", "BAD", dir]).expect(2);
        env.run(&["scan", "/no/such/path"]).expect(1);
    }
);

store_test!(
    fn tokens_glued_to_words_are_found(env) {
        let (t, id) = env.mint("glued", "org:acme", &["read"], &[]);
        let dir = tempfile::tempdir().unwrap();
        // What `printf '{"log":"failed\\n%s"}\n' "$T"` writes: the token
        // follows the letter n of an escaped newline.
        std::fs::write(dir.path().join("a.json"), format!("{{\"log\":\"failed\\n{t}\"}}\n")).unwrap();
        std::fs::write(dir.path().join("b.txt"), format!("x\nid=x{t}next\n")).unwrap();
        std::fs::write(dir.path().join("c.txt"), look_alike(&t)).unwrap();
        let found = env
            .run(&["--json", "scan", "--check", dir.path().to_str().unwrap()])
            .expect(3)
            .json();
        let got: Vec<(String, u64, u64, String)> = found
            .as_array()
            .unwrap()
            .iter()
            .map(|f| {
                let path = f["path"].as_str().unwrap();
                (
                    path.rsplit('/').next().unwrap().to_owned(),
                    f["line"].as_u64().unwrap(),
                    f["column"].as_u64().unwrap(),
                    f["status"].as_str().unwrap().to_owned(),
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                ("a.json".to_owned(), 1, 17, "active".to_owned()),
                ("b.txt".to_owned(), 2, 5, "active".to_owned()),
            ],
            "{found}"
        );
        assert!(found.as_array().unwrap().iter().all(|f| f["key_id"] == id.as_str()));
    }
);

fn utf16(s: &str, le: bool, bom: bool) -> Vec<u8> {
    let mut out = Vec::new();
    if bom {
        out.extend(if le { [0xFF, 0xFE] } else { [0xFE, 0xFF] });
    }
    for u in s.encode_utf16() {
        out.extend(if le { u.to_le_bytes() } else { u.to_be_bytes() });
    }
    out
}

store_test!(
    fn utf16_files_are_decoded_in_files_and_history(env) {
        let (t, id) = env.mint("utf16", "org:acme", &["read"], &[]);
        let repo = tempfile::tempdir().unwrap();
        let r = repo.path();
        git(r, &["init", "-q", "-b", "main"]);
        let text = format!("# ünïcode\r\nTOKEN={t}\r\n");
        std::fs::write(r.join("le-bom.ps1"), utf16(&text, true, true)).unwrap();
        std::fs::write(r.join("be-bom.txt"), utf16(&text, false, true)).unwrap();
        std::fs::write(r.join("le-plain.txt"), utf16(&format!("TOKEN={t}\r\n"), true, false)).unwrap();
        std::fs::write(r.join("real.bin"), [b"\x7fELF\0\x01".as_slice(), t.as_bytes()].concat()).unwrap();
        git(r, &["add", "-A"]);
        git(r, &["commit", "-q", "-m", "utf-16"]);
        let commit = git(r, &["rev-parse", "HEAD"]);
        let dir = r.to_str().unwrap();
        for git_mode in [false, true] {
            let args: &[&str] = if git_mode { &["--json", "scan", "--git", dir] } else { &["--json", "scan", dir] };
            let found = env.run(args).expect(3).json();
            let mut got: Vec<(String, u64, u64)> = found
                .as_array()
                .unwrap()
                .iter()
                .map(|f| {
                    assert_eq!(f["key_id"], id.as_str());
                    if git_mode {
                        assert_eq!(f["commit"], commit.as_str());
                    }
                    let path = f["path"].as_str().unwrap().rsplit('/').next().unwrap().to_owned();
                    (path, f["line"].as_u64().unwrap(), f["column"].as_u64().unwrap())
                })
                .collect();
            got.sort();
            // real.bin is not text: searched byte for byte, it still holds the token.
            let want = [("be-bom.txt", 2, 7), ("le-bom.ps1", 2, 7), ("le-plain.txt", 1, 7), ("real.bin", 1, 7)];
            let want: Vec<(String, u64, u64)> = want.iter().map(|(p, l, c)| (p.to_string(), *l, *c)).collect();
            assert_eq!(got, want, "git={git_mode}: {found}");
        }
    }
);

store_test!(
    fn summary_is_one_line_in_english(env) {
        let (t, _) = env.mint("one", "org:acme", &["read"], &[]);
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.env"), format!("T={t}\n")).unwrap();
        let d = dir.path().to_str().unwrap();
        let r = env.run(&["scan", "--check", d]).expect(3);
        assert_eq!(r.stderr.trim_end(), "Scanned 1 file (0.0 MB, 0 binary): 1 token found, 1 active.");
        let r = env.run(&["scan", d]).expect(3);
        assert_eq!(r.stderr.trim_end(), "Scanned 1 file (0.0 MB, 0 binary): 1 token found; --check tells which are live.");
        std::fs::write(dir.path().join("a.env"), "T=none\n").unwrap();
        std::fs::write(dir.path().join("b.env"), "U=none\n").unwrap();
        let r = env.run(&["scan", d]).expect(0);
        assert_eq!(r.stderr.trim_end(), "Scanned 2 files (0.0 MB, 0 binary): no tokens found.");
    }
);

store_test!(
    fn git_reports_the_path_a_leak_was_committed_at(env) {
        let (t, id) = env.mint("moved", "org:acme", &["read"], &[]);
        let repo = tempfile::tempdir().unwrap();
        let r = repo.path();
        git(r, &["init", "-q", "-b", "main"]);
        std::fs::write(r.join("cfg.env"), format!("TOKEN={t}\n")).unwrap();
        git(r, &["add", "-A"]);
        git(r, &["commit", "-q", "-m", "add cfg.env"]);
        let added = git(r, &["rev-parse", "HEAD"]);
        git(r, &["mv", "cfg.env", "settings.env"]);
        git(r, &["commit", "-q", "-m", "rename"]);
        let found = env.run(&["--json", "scan", "--git", r.to_str().unwrap()]).expect(3).json();
        let list = found.as_array().unwrap();
        assert_eq!(list.len(), 1, "{found}");
        assert_eq!(list[0]["key_id"], id.as_str());
        assert_eq!(list[0]["path"], "cfg.env", "{found}");
        assert_eq!(list[0]["commit"], added.as_str());
    }
);

store_test!(
    fn git_warns_about_a_shallow_clone(env) {
        let (t, id) = env.mint("old", "org:acme", &["read"], &[]);
        let origin = tempfile::tempdir().unwrap();
        let o = origin.path();
        git(o, &["init", "-q", "-b", "main"]);
        std::fs::write(o.join("old.env"), format!("TOKEN={t}\n")).unwrap();
        git(o, &["add", "-A"]);
        git(o, &["commit", "-q", "-m", "leak"]);
        std::fs::remove_file(o.join("old.env")).unwrap();
        std::fs::write(o.join("README"), "clean now\n").unwrap();
        git(o, &["add", "-A"]);
        git(o, &["commit", "-q", "-m", "clean"]);
        let work = tempfile::tempdir().unwrap();
        let shallow = work.path().join("shallow");
        let url = format!("file://{}", o.display());
        git(work.path(), &["clone", "-q", "--depth", "1", &url, "shallow"]);
        let s = shallow.to_str().unwrap();

        // The leak is older than the cut: not found, and the scan says why.
        let r = env.run(&["scan", "--git", s]).expect(0);
        assert!(
            r.stderr.contains("shallow clone") && r.stderr.contains("git fetch --unshallow"),
            "{}",
            r.stderr
        );
        let sarif = env.run(&["scan", "--git", "--sarif", s]).expect(0).json();
        let notes = &sarif["runs"][0]["invocations"][0]["toolExecutionNotifications"];
        assert_eq!(notes[0]["level"], "warning", "{sarif}");
        assert!(notes[0]["message"]["text"].as_str().unwrap().contains("git fetch --unshallow"));

        // The full history finds it, without the warning.
        let r = env.run(&["--json", "scan", "--git", o.to_str().unwrap()]).expect(3);
        assert!(!r.stderr.contains("shallow"), "{}", r.stderr);
        assert_eq!(r.json()[0]["key_id"], id.as_str());
        let sarif = env.run(&["scan", "--git", "--sarif", o.to_str().unwrap()]).expect(3).json();
        assert_eq!(sarif["runs"][0]["invocations"][0]["toolExecutionNotifications"], serde_json::json!([]));
    }
);

store_test!(
    fn git_gets_no_secrets_from_the_environment(env) {
        let (t, _) = env.mint("env", "org:acme", &["read"], &[]);
        let repo = tempfile::tempdir().unwrap();
        let r = repo.path();
        git(r, &["init", "-q", "-b", "main"]);
        std::fs::write(r.join("a.env"), format!("TOKEN={t}\n")).unwrap();
        git(r, &["add", "-A"]);
        git(r, &["commit", "-q", "-m", "a"]);

        // A `git` earlier in PATH that writes down the environment it was
        // given, then runs the real git.
        let real = Command::new("sh").args(["-c", "command -v git"]).output().unwrap();
        let real = String::from_utf8(real.stdout).unwrap().trim().to_owned();
        let bin = tempfile::tempdir().unwrap();
        let dump = bin.path().join("env.txt");
        let fake = bin.path().join("git");
        std::fs::write(&fake, format!("#!/bin/sh\nenv >> '{}'\nexec '{real}' \"$@\"\n", dump.display())).unwrap();
        std::fs::set_permissions(&fake, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
        let path = format!("{}:{}", bin.path().display(), std::env::var("PATH").unwrap());
        let key = "A".repeat(43) + "=";
        env.run_with(
            &["scan", "--git", r.to_str().unwrap()],
            "",
            &[
                ("PATH", &path),
                ("ENCRYPTION_KEY", &key),
                ("ENCRYPTION_KEY_OLD", &key),
                ("NEW_ENCRYPTION_KEY", &key),
                ("PGPASSWORD", "hunter2"),
                ("DATABASE_URL", "postgres://u:hunter2@h/db"),
                ("LC_ALL", "C"),
            ],
        )
        .expect(3);
        let seen = std::fs::read_to_string(&dump).unwrap();
        let names: Vec<&str> = seen.lines().filter_map(|l| l.split_once('=').map(|(k, _)| k)).collect();
        for secret in ["ENCRYPTION_KEY", "ENCRYPTION_KEY_OLD", "NEW_ENCRYPTION_KEY", "PGPASSWORD", "DATABASE_URL", "KEYWARDEN_STORE", "KEYWARDEN_ACTOR"] {
            assert!(!names.contains(&secret), "git was given {secret}:\n{seen}");
        }
        assert!(!seen.contains("hunter2") && !seen.contains(&key), "{seen}");
        assert!(names.contains(&"PATH") && names.contains(&"HOME") && names.contains(&"LC_ALL"), "{seen}");
    }
);
