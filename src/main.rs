//! The `keywarden` binary: parse the command line, run it, print the one
//! error and map it to the exit codes of contract §5.

use std::io::ErrorKind;

mod cli;
mod output;
mod serve;

use cli::term;

// The unwinder, linked statically where build.rs found it: see build.rs.
#[cfg(static_libgcc)]
#[link(name = "gcc_eh", kind = "static")]
unsafe extern "C" {}

fn main() {
    // Every file this process creates (the SQLite store, its WAL, reports)
    // is private to the user from the first byte.
    // SAFETY: umask has no preconditions and cannot fail.
    unsafe {
        libc::umask(0o077);
    }
    term::install_interrupt_handler();
    let cli = cli::parse();
    let code = match cli::run(cli) {
        Ok(exit) => exit.code(),
        Err(e) => report(&e),
    };
    std::process::exit(code);
}

fn report(e: &anyhow::Error) -> i32 {
    // A reader that went away (`| head`) is not an error.
    if e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == ErrorKind::BrokenPipe)
    }) {
        return 0;
    }
    if term::interrupted() {
        eprintln!("interrupted; nothing was left half-written");
        return 130;
    }
    let code = e
        .chain()
        .find_map(|c| c.downcast_ref::<keywarden::Error>())
        .map_or(1, keywarden::Error::exit_code);
    let prefix = if term::fancy_stderr() {
        console::style("error:").red().bold().to_string()
    } else {
        "error:".to_owned()
    };
    eprintln!("{prefix} {}", output::escape(&format!("{e:#}")));
    code
}
