//! The terminal: when to prompt, color and draw bars; reading secrets;
//! Ctrl-C.
//!
//! Prompts need a terminal on stdin, and every prompt has a flag that
//! answers it (`--yes`, `--ability`, …): without a terminal a command that
//! would ask fails naming the flag instead of hanging a cron job. Colors
//! and progress bars need a terminal on their stream and no `NO_COLOR`.
//! Secrets are read from stdin or a hidden prompt, never from argv.

use std::io::{self, IsTerminal, Read};
use std::sync::atomic::{AtomicBool, Ordering};

use anyhow::{Context, anyhow, bail};
use console::Term;
use dialoguer::{Confirm, MultiSelect, Password};

use keywarden::error::Error;
use keywarden::secret::Secret;

fn no_color() -> bool {
    std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty())
}

/// Colors on stdout.
pub fn color_stdout() -> bool {
    io::stdout().is_terminal() && !no_color() && std::env::var("TERM").map_or(true, |t| t != "dumb")
}

/// Colors and progress bars on stderr.
pub fn fancy_stderr() -> bool {
    io::stderr().is_terminal() && !no_color() && std::env::var("TERM").map_or(true, |t| t != "dumb")
}

pub fn stdin_is_terminal() -> bool {
    io::stdin().is_terminal()
}

/// Asks a yes/no question, defaulting to the safe answer `no`. `--yes`
/// answers it; without a terminal and without `--yes` it is an error that
/// names the flag.
pub fn confirm(question: &str, yes: bool) -> anyhow::Result<bool> {
    if yes {
        return Ok(true);
    }
    confirm_default(question, false)
}

/// Asks a yes/no question on the terminal with the given default.
pub fn confirm_default(question: &str, default: bool) -> anyhow::Result<bool> {
    if !stdin_is_terminal() {
        return Err(Error::invalid(format!(
            "{question} — stdin is not a terminal, so nobody can answer; pass --yes to proceed"
        ))
        .into());
    }
    Confirm::new()
        .with_prompt(question)
        .default(default)
        .interact_on(&Term::stderr())
        .map_err(prompt_error)
}

/// Picks several items, none selected to begin with.
pub fn multi_select(prompt: &str, items: &[String], flag: &str) -> anyhow::Result<Vec<usize>> {
    if !stdin_is_terminal() {
        return Err(
            Error::invalid(format!("{prompt}: stdin is not a terminal; pass {flag}")).into(),
        );
    }
    MultiSelect::new()
        .with_prompt(format!("{prompt} (space to select, enter to confirm)"))
        .items(items)
        .interact_on(&Term::stderr())
        .map_err(prompt_error)
}

/// One line of input, e.g. comma-separated abilities.
pub fn input(prompt: &str, flag: &str) -> anyhow::Result<String> {
    if !stdin_is_terminal() {
        return Err(
            Error::invalid(format!("{prompt}: stdin is not a terminal; pass {flag}")).into(),
        );
    }
    dialoguer::Input::<String>::new()
        .with_prompt(prompt)
        .interact_text_on(&Term::stderr())
        .map_err(prompt_error)
}

fn prompt_error(e: dialoguer::Error) -> anyhow::Error {
    if interrupted() {
        return Error::Interrupted.into();
    }
    anyhow!(e).context("the prompt failed")
}

/// Most secrets fit in this; anything bigger on stdin is a mistake.
const MAX_SECRET: u64 = 1 << 20;

/// Reads a secret as bytes: the whole of stdin when it is piped (at most
/// 1 MiB), or a hidden prompt on a terminal. Trailing newlines are dropped.
pub fn read_secret_bytes(prompt: &str) -> anyhow::Result<zeroize::Zeroizing<Vec<u8>>> {
    if stdin_is_terminal() {
        let s = Password::new()
            .with_prompt(prompt)
            .allow_empty_password(false)
            .interact_on(&Term::stderr())
            .map_err(prompt_error)?;
        return Ok(zeroize::Zeroizing::new(
            Secret::new(s).expose().as_bytes().to_vec(),
        ));
    }
    let mut buf = zeroize::Zeroizing::new(Vec::new());
    io::stdin()
        .take(MAX_SECRET + 1)
        .read_to_end(&mut buf)
        .context("cannot read stdin")?;
    if buf.len() as u64 > MAX_SECRET {
        bail!(Error::invalid(
            "stdin holds more than 1 MiB; that is not a secret"
        ));
    }
    while matches!(buf.last(), Some(b'\n' | b'\r')) {
        buf.pop();
    }
    Ok(buf)
}

/// [`read_secret_bytes`] as text; input that is not UTF-8 is bad input.
pub fn read_secret(prompt: &str) -> anyhow::Result<Secret> {
    let bytes = read_secret_bytes(prompt)?;
    match std::str::from_utf8(&bytes) {
        Ok(s) => Ok(Secret::from(s)),
        Err(_) => bail!(Error::invalid("stdin is not UTF-8 text")),
    }
}

static INTERRUPTED: AtomicBool = AtomicBool::new(false);
static COOPERATIVE: AtomicBool = AtomicBool::new(false);

/// Installs the Ctrl-C (SIGINT) and SIGTERM handler. Outside a cooperative
/// section the process exits 130 at once: an open transaction is rolled
/// back by the database (SQLite's journal, PostgreSQL's dropped
/// connection), so the store stays consistent. Long loops enter a
/// cooperative section and stop between batches instead.
pub fn install_interrupt_handler() {
    let show_cursor = io::stderr().is_terminal();
    let handler = move || {
        INTERRUPTED.store(true, Ordering::SeqCst);
        if !COOPERATIVE.load(Ordering::SeqCst) {
            // Only async-signal-safe calls here: write(2) and _exit(2).
            if show_cursor {
                let seq = b"\x1b[?25h\n";
                // SAFETY: writing a static buffer to fd 2 is async-signal-safe.
                unsafe {
                    libc::write(2, seq.as_ptr().cast(), seq.len());
                }
            }
            signal_hook::low_level::exit(130);
        }
    };
    for sig in [signal_hook::consts::SIGINT, signal_hook::consts::SIGTERM] {
        // SAFETY: the handler only touches atomics and calls
        // async-signal-safe functions.
        let _ = unsafe { signal_hook::low_level::register(sig, handler) };
    }
}

pub fn interrupted() -> bool {
    INTERRUPTED.load(Ordering::SeqCst)
}

/// While alive, Ctrl-C sets a flag instead of exiting.
pub struct Cooperative;

impl Cooperative {
    pub fn enter() -> Cooperative {
        COOPERATIVE.store(true, Ordering::SeqCst);
        Cooperative
    }
}

impl Drop for Cooperative {
    fn drop(&mut self) {
        COOPERATIVE.store(false, Ordering::SeqCst);
    }
}

/// A warning on stderr, unless `--quiet`.
pub fn warn(quiet: bool, msg: &str) {
    if !quiet {
        let prefix = if fancy_stderr() {
            console::style("warning:").yellow().bold().to_string()
        } else {
            "warning:".to_owned()
        };
        eprintln!("{prefix} {}", crate::output::escape_lines(msg));
    }
}

/// A note on stderr, unless `--quiet`.
pub fn note(quiet: bool, msg: &str) {
    if !quiet {
        eprintln!("{}", crate::output::escape_lines(msg));
    }
}
