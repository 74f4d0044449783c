//! The README is tested: every ```` ```console ```` block in README.md is a
//! shell session that runs here, so an example can never drift from what
//! the program prints.
//!
//! # How a block is read
//!
//! - A line starting with `$ ` is a command; a command whose line ends in
//!   `\` continues on the next line. Every other line, up to the next
//!   command, is that command's expected output: stdout and stderr together,
//!   as a terminal shows them.
//! - The whole block runs as one `bash` script, so shell variables
//!   (`TOKEN=$(…)`, `export ENCRYPTION_KEY=…`) carry from one command to the
//!   next. Each block runs in a fresh temp dir (its working directory, HOME
//!   and XDG_DATA_HOME) with a fresh SQLite store in `KEYWARDEN_STORE`,
//!   `NO_COLOR=1`, `KEYWARDEN_ACTOR=alice`, no terminal (stdin is
//!   `/dev/null`), and the `keywarden` under test first on PATH. Unless a
//!   command of the block runs `keywarden … init`, the store is made first
//!   with `keywarden init --bcrypt-cost 4`.
//! - Every command must exit 0, except one whose line ends in a comment
//!   `# exit N` (it must exit N), and one followed by `$ echo $?` (whose
//!   output then shows the exit code).
//!
//! # How output is compared
//!
//! Line by line, after trailing white space is dropped, and trailing blank
//! lines are ignored. In an expected line:
//!
//! - `[..]` matches any text within the line (ids, tokens, times, hashes);
//! - a run of spaces, `─` or `═` matches a run of one or more of the same
//!   character, so a table whose columns are wider or narrower than the
//!   README's still matches;
//! - `...` alone on a line matches any number of lines, none included.
//!
//! Blocks fenced as ```` ```sh ````, ```` ```text ```` and the like are
//! reference snippets (cron lines, formats, set-up) and are not run; the
//! fresh-machine command of "Two commands on a fresh machine" is run by
//! `fresh_machine_command` below, with the debug binary in place of the
//! release build.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::support::bin;

const SEPARATOR: &str = "@@keywarden-readme-command-done@@";

fn readme() -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("README.md");
    std::fs::read_to_string(path).expect("read README.md")
}

/// One command of a session and what it should print.
struct Step {
    command: String,
    expected: Vec<String>,
}

/// One ```console block: where it starts in the README and its steps.
struct Block {
    line: usize,
    steps: Vec<Step>,
}

fn console_blocks(text: &str) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut current: Option<Block> = None;
    let mut in_other_fence = false;
    let mut continues = false;
    for (i, line) in text.lines().enumerate() {
        let fence = line.trim_start().starts_with("```");
        if let Some(block) = current.as_mut() {
            if fence {
                blocks.push(current.take().unwrap());
                continue;
            }
            if continues {
                let step = block.steps.last_mut().unwrap();
                step.command.push('\n');
                step.command.push_str(line);
                continues = line.ends_with('\\');
            } else if let Some(cmd) = line.strip_prefix("$ ") {
                block.steps.push(Step {
                    command: cmd.to_owned(),
                    expected: Vec::new(),
                });
                continues = line.ends_with('\\');
            } else {
                let step = block.steps.last_mut().unwrap_or_else(|| {
                    panic!("README.md:{}: output before any `$ ` command", i + 1)
                });
                step.expected.push(line.to_owned());
            }
        } else if fence {
            if in_other_fence {
                in_other_fence = false;
            } else if line.trim() == "```console" {
                current = Some(Block {
                    line: i + 1,
                    steps: Vec::new(),
                });
            } else {
                in_other_fence = true;
            }
        }
    }
    assert!(
        current.is_none(),
        "README.md: a ```console block is not closed"
    );
    blocks
}

fn bin_dir() -> PathBuf {
    Path::new(bin()).parent().unwrap().to_owned()
}

/// bash in `dir` with the block's environment; the caller adds the script.
fn bash(dir: &Path) -> Command {
    let path = std::env::join_paths(std::iter::once(bin_dir()).chain(std::env::split_paths(
        &std::env::var_os("PATH").unwrap_or_default(),
    )))
    .unwrap();
    let mut c = Command::new("bash");
    c.current_dir(dir)
        .env_clear()
        .env("PATH", path)
        .env("HOME", dir)
        .env("XDG_DATA_HOME", dir.join("data"))
        .env("TMPDIR", std::env::temp_dir())
        .env("LC_ALL", "C.UTF-8")
        .env("TZ", "UTC")
        .env("NO_COLOR", "1")
        .env("KEYWARDEN_ACTOR", "alice")
        .env("GIT_AUTHOR_NAME", "Alice")
        .env("GIT_AUTHOR_EMAIL", "alice@example.com")
        .env("GIT_COMMITTER_NAME", "Alice")
        .env("GIT_COMMITTER_EMAIL", "alice@example.com")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    c
}

fn runs_init(block: &Block) -> bool {
    block.steps.iter().any(|s| {
        s.command.contains("keywarden") && s.command.split_whitespace().any(|w| w == "init")
    })
}

/// Runs a block; returns each command's output lines and exit code.
fn run_block(block: &Block) -> Vec<(Vec<String>, i32)> {
    let dir = tempfile::tempdir().unwrap();
    let store = format!("sqlite:{}", dir.path().join("store.db").display());
    if !runs_init(block) {
        let out = bash(dir.path())
            .env("KEYWARDEN_STORE", &store)
            .args(["-c", "keywarden init --bcrypt-cost 4"])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "init: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    // The separator function keeps `$?`, so `echo $?` still sees the
    // command before it.
    let mut script = format!(
        "exec 2>&1\n__readme_done() {{ local rc=$?; printf '\\n%s %d\\n' '{SEPARATOR}' \"$rc\"; return \"$rc\"; }}\n"
    );
    for step in &block.steps {
        script.push_str(&step.command);
        script.push_str("\n__readme_done\n");
    }
    let script_path = dir.path().join(".readme-block.sh");
    std::fs::write(&script_path, script).unwrap();
    let out = bash(dir.path())
        .env("KEYWARDEN_STORE", &store)
        .arg(&script_path)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let mut results = Vec::new();
    let mut lines = Vec::new();
    for line in stdout.lines() {
        if let Some(rc) = line.strip_prefix(SEPARATOR) {
            results.push((std::mem::take(&mut lines), rc.trim().parse().unwrap()));
        } else {
            lines.push(line.to_owned());
        }
    }
    if !lines.is_empty() {
        results.push((lines, -1));
    }
    results
}

/// Collapses runs of the characters that pad tables, so widths never matter.
fn squeeze(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut last = None;
    for c in s.trim_end().chars() {
        if matches!(c, ' ' | '─' | '═') && last == Some(c) {
            continue;
        }
        out.push(c);
        last = Some(c);
    }
    out
}

/// `[..]` matches any text within the line.
fn line_matches(expected: &str, actual: &str) -> bool {
    let expected = squeeze(expected);
    let actual = squeeze(actual);
    let mut parts = expected.split("[..]");
    let first = parts.next().unwrap();
    let Some(mut rest) = actual.strip_prefix(first) else {
        return false;
    };
    let parts: Vec<&str> = parts.collect();
    let Some((last, middle)) = parts.split_last() else {
        return rest.is_empty();
    };
    for part in middle {
        match rest.find(part) {
            Some(i) => rest = &rest[i + part.len()..],
            None => return false,
        }
    }
    rest.len() >= last.len() && rest.ends_with(last)
}

/// `...` alone on a line matches any number of lines.
fn lines_match(expected: &[String], actual: &[String]) -> bool {
    match expected.split_first() {
        None => actual.is_empty(),
        Some((e, rest)) if e.trim() == "..." => {
            (0..=actual.len()).any(|skip| lines_match(rest, &actual[skip..]))
        }
        Some((e, rest)) => match actual.split_first() {
            Some((a, arest)) => line_matches(e, a) && lines_match(rest, arest),
            None => false,
        },
    }
}

fn trimmed(lines: &[String]) -> Vec<String> {
    let mut v: Vec<String> = lines.iter().map(|l| l.trim_end().to_owned()).collect();
    while v.last().is_some_and(String::is_empty) {
        v.pop();
    }
    while v.first().is_some_and(String::is_empty) {
        v.remove(0);
    }
    v
}

/// The N of a trailing `# exit N` comment.
fn declared_exit(command: &str) -> Option<i32> {
    let (_, code) = command.rsplit_once("# exit ")?;
    code.trim().parse().ok()
}

/// What went wrong in one block, or None.
fn check_block(block: &Block) -> Option<String> {
    let results = run_block(block);
    let mut report = String::new();
    for (i, step) in block.steps.iter().enumerate() {
        let Some((actual, rc)) = results.get(i) else {
            report.push_str(&format!(
                "  `$ {}` did not run (the script stopped early)\n",
                step.command
            ));
            break;
        };
        let next_is_echo = block
            .steps
            .get(i + 1)
            .is_some_and(|s| s.command.trim() == "echo $?");
        let expected = trimmed(&step.expected);
        let actual = trimmed(actual);
        let code_ok = match declared_exit(&step.command) {
            Some(code) => *rc == code,
            None => *rc == 0 || next_is_echo,
        };
        if !code_ok || !lines_match(&expected, &actual) {
            report.push_str(&format!(
                "  $ {}\n  exit {rc}{}\n  --- expected\n{}\n  --- actual\n{}\n",
                step.command,
                if code_ok {
                    ""
                } else {
                    " (not the `# exit N` declared, nor 0, nor followed by `$ echo $?`)"
                },
                expected.join("\n"),
                actual.join("\n"),
            ));
        }
    }
    (!report.is_empty()).then(|| format!("README.md:{} ```console block:\n{report}", block.line))
}

#[test]
fn readme_console_examples() {
    let blocks = console_blocks(&readme());
    assert!(
        blocks.len() >= 5,
        "found only {} console blocks",
        blocks.len()
    );
    let failures: Vec<String> = blocks.iter().filter_map(check_block).collect();
    assert!(
        failures.is_empty(),
        "{} of {} README examples differ from what keywarden prints:\n\n{}",
        failures.len(),
        blocks.len(),
        failures.join("\n")
    );
}

/// The README's first fresh-machine command, with the debug binary standing
/// in for the release build, on an empty directory: it must make its store
/// inside that directory and end with a VALID verify.
#[test]
fn fresh_machine_command() {
    let text = readme();
    let build = "cargo build --release --locked && K=./target/release/keywarden && ";
    let line = text
        .lines()
        .find(|l| l.starts_with(build))
        .expect("README: the fresh-machine command starting with `cargo build --release --locked`");
    let rest = &line[build.len()..];
    let dir = tempfile::tempdir().unwrap();
    let script = format!("set -e\nK='{}'\n{rest}\n", bin());
    let out = bash(dir.path()).args(["-c", &script]).output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success()
            && stdout
                .lines()
                .last()
                .is_some_and(|l| l.starts_with("VALID ")),
        "exit {:?}\nstdout:\n{stdout}\nstderr:\n{}",
        out.status.code(),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        dir.path().join("demo.db").exists(),
        "the store is not ./demo.db"
    );
    assert!(
        !dir.path().join("data").exists(),
        "the command touched the default store"
    );
}

/// The README documents the interface itself: it points nowhere outside
/// the repository, and every file it links to is there.
#[test]
fn readme_links_stay_inside_the_repository() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    for file in ["README.md", "docs/interface.md"] {
        let text = std::fs::read_to_string(root.join(file)).unwrap();
        let dir = root.join(file).parent().unwrap().to_owned();
        for (i, line) in text.lines().enumerate() {
            assert!(
                !line.contains("](../") && !line.contains("`../") && !line.contains("shared/docs"),
                "{file}:{}: points outside the repository: {line}",
                i + 1
            );
            for link in line.split("](").skip(1) {
                let target = link.split(')').next().unwrap();
                if target.contains("://") || target.starts_with('#') {
                    continue;
                }
                assert!(
                    dir.join(target).exists(),
                    "{file}:{}: links to {target}, which is not in the repository",
                    i + 1
                );
            }
        }
    }
}

#[test]
fn harness_wildcards() {
    assert!(line_matches("a [..] c", "a bbb c"));
    assert!(line_matches("key kw_[..] (x)", "key kw_abc (x)"));
    assert!(!line_matches("a [..] c", "a bbb d"));
    assert!(line_matches("│ ID ┆ X │", "│ ID      ┆ X   │"));
    assert!(line_matches("┌────┬──┐", "┌─┬──────┐"));
    assert!(!line_matches("abc", "abcd"));
    assert!(line_matches("[..]", ""));
    assert_eq!(
        declared_exit("echo x | keywarden keys verify   # exit 3"),
        Some(3)
    );
    assert_eq!(declared_exit("keywarden init   # create the store"), None);
    let v = |s: &[&str]| s.iter().map(|x| x.to_string()).collect::<Vec<_>>();
    assert!(lines_match(
        &v(&["a", "...", "d"]),
        &v(&["a", "b", "c", "d"])
    ));
    assert!(lines_match(&v(&["a", "...", "b"]), &v(&["a", "b"])));
    assert!(!lines_match(&v(&["a", "b"]), &v(&["a", "b", "c"])));
}
