//! The test harness: a fresh store per test, the real binary, both backends.

pub mod pg;
pub mod rng;

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde_json::Value;
use tempfile::TempDir;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// Runs one test body against SQLite and against PostgreSQL: one body,
/// two tests named `…::sqlite` and `…::postgres`.
#[macro_export]
macro_rules! store_test {
    ($(#[$m:meta])* fn $name:ident($env:ident) $body:block) => {
        mod $name {
            #[allow(unused_imports)]
            use super::*;
            fn body($env: &$crate::support::Env) $body
            $(#[$m])*
            #[test]
            fn sqlite() {
                body(&$crate::support::Env::new($crate::support::Backend::Sqlite));
            }
            $(#[$m])*
            #[test]
            fn postgres() {
                body(&$crate::support::Env::new($crate::support::Backend::Postgres));
            }
        }
    };
}

pub fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_keywarden")
}

/// One test's world: a temp dir (HOME, XDG dirs) and a fresh store.
pub struct Env {
    pub dir: TempDir,
    pub store: String,
    pub backend: Backend,
}

/// The result of running the binary.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    fn from(o: Output) -> Run {
        Run {
            code: o.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
        }
    }

    pub fn json(&self) -> Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| {
            panic!(
                "stdout is not JSON ({e}):\n{}\nstderr:\n{}",
                self.stdout, self.stderr
            )
        })
    }

    #[track_caller]
    pub fn expect(self, code: i32) -> Run {
        assert_eq!(
            self.code, code,
            "expected exit {code}, got {}\nstdout:\n{}\nstderr:\n{}",
            self.code, self.stdout, self.stderr
        );
        assert!(!self.stderr.contains("panicked"), "panic: {}", self.stderr);
        self
    }
}

impl Env {
    pub fn new(backend: Backend) -> Env {
        let dir = tempfile::tempdir().unwrap();
        let store = match backend {
            Backend::Sqlite => format!("sqlite://{}", dir.path().join("store.db").display()),
            Backend::Postgres => pg::server().fresh_db(),
        };
        let env = Env {
            dir,
            store,
            backend,
        };
        env.run(&["init", "--bcrypt-cost", "4"]).expect(0);
        env
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn sqlite_path(&self) -> Option<PathBuf> {
        (self.backend == Backend::Sqlite).then(|| self.dir.path().join("store.db"))
    }

    /// The binary with this env's store and a clean, private environment.
    pub fn cmd(&self, args: &[&str]) -> Command {
        let mut c = Command::new(bin());
        c.args(args)
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", self.path())
            .env("XDG_DATA_HOME", self.path().join("data"))
            .env("KEYWARDEN_STORE", &self.store)
            .env("KEYWARDEN_ACTOR", "tester")
            .env("NO_COLOR", "1");
        c
    }

    pub fn run(&self, args: &[&str]) -> Run {
        self.run_stdin(args, "")
    }

    pub fn run_stdin(&self, args: &[&str], stdin: &str) -> Run {
        self.run_with(args, stdin, &[])
    }

    /// Runs with extra environment variables (e.g. ENCRYPTION_KEY).
    pub fn run_with(&self, args: &[&str], stdin: &str, vars: &[(&str, &str)]) -> Run {
        let mut cmd = self.cmd(args);
        for (k, v) in vars {
            cmd.env(k, v);
        }
        let mut child = cmd
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn keywarden");
        {
            use std::io::Write;
            let mut i = child.stdin.take().unwrap();
            let _ = i.write_all(stdin.as_bytes());
        }
        Run::from(child.wait_with_output().unwrap())
    }

    /// Runs and expects success; returns stdout.
    #[track_caller]
    pub fn ok(&self, args: &[&str]) -> String {
        self.run(args).expect(0).stdout
    }

    #[track_caller]
    pub fn json(&self, args: &[&str]) -> Value {
        let mut a = vec!["--json"];
        a.extend_from_slice(args);
        self.run(&a).expect(0).json()
    }

    /// Mints a client key; returns (token, key id).
    #[track_caller]
    pub fn mint(
        &self,
        name: &str,
        scope: &str,
        abilities: &[&str],
        extra: &[&str],
    ) -> (String, String) {
        let mut args = vec!["--json", "keys", "create", "--name", name, "--scope", scope];
        for a in abilities {
            args.extend(["--ability", a]);
        }
        args.extend_from_slice(extra);
        let v = self.run(&args).expect(0).json();
        (
            v["token"].as_str().unwrap().to_owned(),
            v["id"].as_str().unwrap().to_owned(),
        )
    }

    /// `keys verify` with the token on stdin; returns (exit code, JSON).
    #[track_caller]
    pub fn verify(&self, token: &str, extra: &[&str]) -> (i32, Value) {
        let mut args = vec!["--json", "keys", "verify"];
        args.extend_from_slice(extra);
        let r = self.run_stdin(&args, &format!("{token}\n"));
        assert!(
            r.code == 0 || r.code == 3,
            "verify failed: {} {}",
            r.code,
            r.stderr
        );
        let v = r.json();
        (r.code, v)
    }

    #[track_caller]
    pub fn verify_status(&self, token: &str, extra: &[&str]) -> String {
        self.verify(token, extra).1["status"]
            .as_str()
            .unwrap()
            .to_owned()
    }

    /// `audit record` of an MCP tool call by key `key`, as a server would.
    #[track_caller]
    pub fn record_tool_call(&self, key: &str, tool: &str, status: &str) {
        self.run(&[
            "audit",
            "record",
            "--action",
            "mcp.tool_call",
            "--key",
            key,
            "--tool",
            tool,
            "--status",
            status,
            "--actor-kind",
            "mcp",
        ])
        .expect(0);
    }

    /// Every audit event, oldest first, read straight from the database.
    pub fn audit_rows(&self) -> Vec<Vec<Option<String>>> {
        self.sql("SELECT id, ts, actor, actor_kind, action, key_id, subject, tool, status, details, prev_hash, hash FROM audit_events ORDER BY id")
    }

    /// Runs SQL directly against the store, every column as text.
    pub fn sql(&self, query: &str) -> Vec<Vec<Option<String>>> {
        match self.backend {
            Backend::Sqlite => {
                let c = rusqlite::Connection::open(self.sqlite_path().unwrap()).unwrap();
                let mut st = c.prepare(query).unwrap();
                let n = st.column_count();
                st.query_map([], |r| {
                    (0..n)
                        .map(|i| {
                            Ok(match r.get_ref(i)? {
                                rusqlite::types::ValueRef::Null => None,
                                rusqlite::types::ValueRef::Integer(v) => Some(v.to_string()),
                                rusqlite::types::ValueRef::Real(v) => Some(v.to_string()),
                                rusqlite::types::ValueRef::Text(t)
                                | rusqlite::types::ValueRef::Blob(t) => {
                                    Some(String::from_utf8_lossy(t).into_owned())
                                }
                            })
                        })
                        .collect()
                })
                .unwrap()
                .map(Result::unwrap)
                .collect()
            }
            Backend::Postgres => {
                let mut c = postgres::Client::connect(&self.store, postgres::NoTls).unwrap();
                c.simple_query(query)
                    .unwrap()
                    .into_iter()
                    .filter_map(|m| match m {
                        postgres::SimpleQueryMessage::Row(r) => {
                            Some((0..r.len()).map(|i| r.get(i).map(str::to_owned)).collect())
                        }
                        _ => None,
                    })
                    .collect()
            }
        }
    }

    /// Executes a statement directly (for tamper tests).
    pub fn exec(&self, stmt: &str) {
        match self.backend {
            Backend::Sqlite => {
                rusqlite::Connection::open(self.sqlite_path().unwrap())
                    .unwrap()
                    .execute_batch(stmt)
                    .unwrap();
            }
            Backend::Postgres => {
                postgres::Client::connect(&self.store, postgres::NoTls)
                    .unwrap()
                    .batch_execute(stmt)
                    .unwrap();
            }
        }
    }

    /// Everything in the store, as text: to check a failed command changed nothing.
    pub fn snapshot(&self) -> String {
        let mut s = String::new();
        for t in [
            "settings",
            "keys",
            "abilities",
            "tools",
            "credentials",
            "audit_events",
            "audit_head",
        ] {
            s.push_str(&format!(
                "{t}: {:?}\n",
                self.sql(&format!("SELECT * FROM {t} ORDER BY 1"))
            ));
        }
        s
    }

    /// Every byte of the store that could hold a secret, as one string.
    pub fn dump(&self) -> String {
        match self.backend {
            Backend::Sqlite => {
                let mut all = Vec::new();
                for ext in ["", "-wal", "-shm"] {
                    let p =
                        PathBuf::from(format!("{}{ext}", self.sqlite_path().unwrap().display()));
                    if let Ok(b) = std::fs::read(p) {
                        all.extend(b);
                    }
                }
                String::from_utf8_lossy(&all).into_owned()
            }
            Backend::Postgres => self.snapshot(),
        }
    }
}
