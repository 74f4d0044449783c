//! The committed completions and man pages match the clap definitions.
//! Regenerate with `KEYWARDEN_UPDATE_GENERATED=1 cargo test --test it generated`.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::support::bin;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn updating() -> bool {
    std::env::var_os("KEYWARDEN_UPDATE_GENERATED").is_some()
}

fn check(path: &Path, fresh: &[u8]) {
    if updating() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, fresh).unwrap();
        return;
    }
    let committed = std::fs::read(path).unwrap_or_else(|_| {
        panic!(
            "{} is missing; regenerate (see module docs)",
            path.display()
        )
    });
    assert!(
        committed == fresh,
        "{} is stale: the clap definitions changed. Regenerate with \
         `KEYWARDEN_UPDATE_GENERATED=1 cargo test --test it generated` and commit it.",
        path.display()
    );
}

#[test]
fn completions_are_fresh() {
    for (shell, file) in [
        ("bash", "keywarden.bash"),
        ("zsh", "_keywarden"),
        ("fish", "keywarden.fish"),
        ("elvish", "keywarden.elv"),
        ("powershell", "_keywarden.ps1"),
    ] {
        let out = Command::new(bin())
            .args(["completions", shell])
            .output()
            .unwrap();
        assert!(out.status.success());
        assert!(!out.stdout.is_empty());
        check(&root().join("completions").join(file), &out.stdout);
    }
}

#[test]
fn man_pages_are_fresh() {
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(bin())
        .args(["man", "--out"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut fresh: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    fresh.sort();
    assert!(
        fresh.contains(&"keywarden.1".to_owned())
            && fresh.contains(&"keywarden-keys-create.1".to_owned()),
        "{fresh:?}"
    );
    let man_dir = root().join("man");
    if updating() {
        let _ = std::fs::remove_dir_all(&man_dir);
    }
    for f in &fresh {
        check(
            &man_dir.join(f),
            &std::fs::read(dir.path().join(f)).unwrap(),
        );
    }
    let mut committed: Vec<String> = std::fs::read_dir(&man_dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    committed.sort();
    assert_eq!(
        committed, fresh,
        "man/ holds pages for commands that no longer exist, or lacks new ones"
    );
    // `keywarden man` alone prints the main page.
    let out = Command::new(bin()).arg("man").output().unwrap();
    let page = String::from_utf8(out.stdout).unwrap();
    assert!(
        page.contains(".TH keywarden 1") && page.contains("keywarden\\-keys(1)"),
        "not the main page"
    );
}
