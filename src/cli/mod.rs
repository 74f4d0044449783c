//! The command line: clap definitions and the code that runs each command.
//!
//! One file per command group; each leaf is an `Args` struct and a `run`.
//! This is the only layer that knows about terminals, prompts, colors and
//! output formats; the library below it returns plain data.

mod argv;
pub mod audit;
pub mod catalog;
pub mod credentials;
mod deferred;
pub mod incident;
pub mod keys;
pub mod misc;
pub mod progress;
pub mod scan;
pub mod store;
pub mod term;

use clap::{Args, Parser, Subcommand};

use self::deferred::Deferred;
pub use self::deferred::full_command;
use crate::output::{Format, Out};
use keywarden::audit::Actor;
use keywarden::store::{Location, Store};

#[derive(Debug, Parser)]
#[command(
    name = "keywarden",
    version,
    about = "Mint, verify, revoke and rotate API keys; encrypt stored credentials; keep a tamper-evident audit log",
    long_about = "keywarden runs the API keys, stored credentials and audit log of API and MCP \
servers, against a local SQLite file (the default) or a PostgreSQL database.\n\n\
Tokens are shown once and stored only as bcrypt hashes. Every change is audited in the same \
transaction, in a hash chain that shows any tampering.",
    after_help = "Exit codes: 0 success, 1 error, 2 bad input, 3 negative finding, 130 interrupted."
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Clone, Args)]
pub struct GlobalArgs {
    /// The store: sqlite:PATH, a path ending in .db, or postgres://user@host/db
    /// [default: $XDG_DATA_HOME/keywarden/keywarden.db]
    #[arg(
        long,
        global = true,
        env = "KEYWARDEN_STORE",
        hide_env_values = true,
        value_name = "URL",
        help_heading = deferred::GLOBAL_HEADING
    )]
    pub store: Option<String>,
    /// Output format (`credentials import` also takes its input format, legacy-cfb)
    #[arg(
        short = 'o',
        long,
        global = true,
        env = "KEYWARDEN_FORMAT",
        hide_env_values = true,
        value_enum,
        value_name = "FORMAT",
        help_heading = deferred::GLOBAL_HEADING
    )]
    pub format: Option<Format>,
    /// Same as --format json
    #[arg(long, global = true, help_heading = deferred::GLOBAL_HEADING)]
    pub json: bool,
    /// Who is acting, as recorded in the audit log [default: the OS user]
    #[arg(
        long,
        global = true,
        env = "KEYWARDEN_ACTOR",
        hide_env_values = true,
        value_name = "NAME",
        help_heading = deferred::GLOBAL_HEADING
    )]
    pub actor: Option<String>,
    /// Answer yes to every confirmation
    #[arg(short = 'y', long, global = true, help_heading = deferred::GLOBAL_HEADING)]
    pub yes: bool,
    /// Print data only: no notes or warnings on stderr
    #[arg(short, long, global = true, help_heading = deferred::GLOBAL_HEADING)]
    pub quiet: bool,
    /// Whether --actor came from the command line (not KEYWARDEN_ACTOR):
    /// `audit query --actor A` filters by it.
    #[arg(skip)]
    pub actor_from_argv: bool,
    /// Whether a store URL on the command line holds a password.
    #[arg(skip)]
    pub password_in_argv: bool,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create or migrate the store and set its token prefix and bcrypt cost
    Init(Deferred<store::InitArgs>),
    /// Store status and migrations
    #[command(subcommand)]
    Store(Deferred<store::StoreCmd>),
    /// Mint, list, verify, revoke and rotate API keys
    #[command(subcommand, visible_alias = "clientkeys")]
    Keys(Deferred<keys::KeysCmd>),
    /// The ability catalog
    #[command(subcommand)]
    Abilities(Deferred<catalog::AbilitiesCmd>),
    /// Which ability each MCP tool requires
    #[command(subcommand)]
    Tools(Deferred<catalog::ToolsCmd>),
    /// Encrypted source credentials: OAuth tokens, DB passwords, API credentials
    Credentials(Deferred<credentials::CredentialsArgs>),
    /// The tamper-evident audit log
    #[command(subcommand)]
    Audit(Deferred<audit::AuditCmd>),
    /// The leaked-token playbook
    #[command(subcommand)]
    Incident(Deferred<incident::IncidentCmd>),
    /// Find leaked tokens in files or git history
    Scan(Deferred<scan::ScanArgs>),
    /// The request path: check keys over HTTP for reverse proxies (forward auth), or be the MCP gateway (--upstream)
    Serve(Deferred<crate::serve::ServeArgs>),
    /// Print a new random ENCRYPTION_KEY (base64 of 32 bytes), or make a checkpoint signing key
    Keygen(Deferred<misc::KeygenArgs>),
    /// Print shell completions
    Completions(Deferred<misc::CompletionsArgs>),
    /// Write man pages
    Man(Deferred<misc::ManArgs>),
}

/// How a command that ran to completion ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    Success,
    /// A negative finding: exit code 3.
    Finding,
}

impl Exit {
    pub fn code(self) -> i32 {
        match self {
            Exit::Success => 0,
            Exit::Finding => 3,
        }
    }
}

/// What every command gets: the global flags, resolved.
pub struct Ctx {
    pub global: GlobalArgs,
    pub out: Out,
}

impl Ctx {
    pub fn new(global: GlobalArgs) -> Ctx {
        let format = if global.json {
            Format::Json
        } else {
            global.format.unwrap_or(Format::Table)
        };
        Ctx {
            out: Out::stdout(format, term::color_stdout()),
            global,
        }
    }

    pub fn format(&self) -> Format {
        self.out.format
    }

    pub fn location(&self) -> anyhow::Result<Location> {
        let Some(url) = &self.global.store else {
            return Ok(Location::default_sqlite());
        };
        if self.global.password_in_argv {
            self.warn(
                "the store URL on the command line holds a password, which any user can read in the \
                 process list; use KEYWARDEN_STORE, PGPASSWORD or ~/.pgpass instead",
            );
        }
        Ok(Location::parse(url)?)
    }

    /// Opens the store, which must exist (only `init` creates one).
    pub fn open(&self) -> anyhow::Result<Store> {
        // Store errors already name the (redacted) location.
        Ok(Store::open_location(self.location()?)?)
    }

    /// Opens the store, creating it if missing: for `init` alone.
    pub fn create(&self) -> anyhow::Result<Store> {
        Ok(Store::create_location(self.location()?)?)
    }

    pub fn actor(&self, kind: &str) -> Actor {
        let name = self.global.actor.clone().unwrap_or_else(keywarden::os_user);
        Actor::new(name, kind)
    }

    pub fn note(&self, msg: &str) {
        term::note(self.global.quiet, msg);
    }

    pub fn warn(&self, msg: &str) {
        term::warn(self.global.quiet, msg);
    }
}

/// Parses the command line (exiting on a usage error, code 2), with every
/// token in it redacted except where a command takes one (see `argv`).
pub fn parse() -> Cli {
    use clap::{CommandFactory, FromArgMatches};
    let mut input = argv::sanitize(std::env::args_os());
    let matches = Cli::command()
        .try_get_matches_from(&input.args)
        .unwrap_or_else(|e| exit_usage(e));
    let mut cli = Cli::from_arg_matches(&matches).unwrap_or_else(|e| exit_usage(e));
    cli.global.actor_from_argv = was_given(&matches, "actor");
    cli.global.password_in_argv = input.password_in_argv;
    match &mut cli.command {
        Command::Keys(k) => {
            if let keys::KeysCmd::Verify(v) = &mut k.0 {
                input.take_token(&mut v.token);
            }
        }
        Command::Incident(i) => {
            let incident::IncidentCmd::Respond(r) = &mut i.0;
            input.take_token(&mut r.target);
        }
        _ => {}
    }
    if let Some(w) = input.warning() {
        term::warn(cli.global.quiet, &w);
    }
    cli
}

/// Prints a clap error with everything the user typed escaped (it may hold
/// terminal controls or bidi overrides), and exits with clap's code.
fn exit_usage(e: clap::Error) -> ! {
    if !e.use_stderr() {
        // --help and --version: our own text, to stdout.
        e.exit()
    }
    let text = e.render().to_string();
    let shown: Vec<String> = text.split('\n').map(shorten).collect();
    eprint!("{}", crate::output::escape_lines(&shown.join("\n")));
    std::process::exit(e.exit_code())
}

/// A line of a clap error with an over-long echoed value cut in the
/// middle: the start names the flag, the end says why.
fn shorten(line: &str) -> String {
    const HEAD: usize = 120;
    const TAIL: usize = 240;
    let chars: Vec<char> = line.chars().collect();
    if chars.len() <= HEAD + TAIL + 20 {
        return line.to_owned();
    }
    let head: String = chars[..HEAD].iter().collect();
    let tail: String = chars[chars.len() - TAIL..].iter().collect();
    format!(
        "{head}…({} characters cut)…{tail}",
        chars.len() - HEAD - TAIL
    )
}

fn was_given(m: &clap::ArgMatches, id: &str) -> bool {
    if m.value_source(id) == Some(clap::parser::ValueSource::CommandLine) {
        return true;
    }
    m.subcommand().is_some_and(|(_, sub)| was_given(sub, id))
}

/// clap's parser for every `--actor-kind`: the library's one check.
pub(crate) fn actor_kind(s: &str) -> Result<String, String> {
    keywarden::audit::validate_actor_kind(s)
        .map(|()| s.to_owned())
        .map_err(|e| e.to_string())
}

/// Runs a parsed command line.
pub fn run(cli: Cli) -> anyhow::Result<Exit> {
    if let Some(name) = &cli.global.actor {
        use anyhow::Context;
        keywarden::audit::validate_actor_name(name).context("--actor (KEYWARDEN_ACTOR)")?;
    }
    // `--format legacy-cfb` names the input of `credentials import` (the
    // contract gives that flag both meanings); nowhere else is it valid.
    let importing = matches!(&cli.command, Command::Credentials(c) if matches!(c.0.cmd, credentials::CredentialsCmd::Import(_)));
    if cli.global.format == Some(Format::LegacyCfb) && !importing {
        return Err(keywarden::Error::invalid(
            "--format legacy-cfb is only for `credentials import`; use table, json or csv",
        )
        .into());
    }
    let mut ctx = Ctx::new(cli.global);
    let exit = match cli.command {
        Command::Init(a) => store::init(&mut ctx, a.0),
        Command::Store(c) => store::run(&mut ctx, c.0),
        Command::Keys(c) => keys::run(&mut ctx, c.0),
        Command::Abilities(c) => catalog::run_abilities(&mut ctx, c.0),
        Command::Tools(c) => catalog::run_tools(&mut ctx, c.0),
        Command::Credentials(a) => credentials::run(&mut ctx, a.0),
        Command::Audit(c) => audit::run(&mut ctx, c.0),
        Command::Incident(c) => incident::run(&mut ctx, c.0),
        Command::Scan(a) => scan::run(&mut ctx, a.0),
        Command::Serve(a) => crate::serve::run(&mut ctx, a.0),
        Command::Keygen(a) => misc::keygen(&mut ctx, a.0),
        Command::Completions(a) => misc::completions(&mut ctx, a.0),
        Command::Man(a) => misc::man(&mut ctx, a.0),
    }?;
    ctx.out.flush()?;
    Ok(exit)
}

#[cfg(test)]
mod tests {
    use super::full_command;

    /// Every command, with its path, depth first.
    fn walk(cmd: &clap::Command, path: &str, out: &mut Vec<(String, clap::Command)>) {
        out.push((path.to_owned(), cmd.clone()));
        for sc in cmd.get_subcommands() {
            walk(sc, &format!("{path} {}", sc.get_name()), out);
        }
    }

    fn all_commands() -> Vec<(String, clap::Command)> {
        let mut cmd = full_command();
        cmd.build();
        let mut all = Vec::new();
        walk(&cmd, "keywarden", &mut all);
        all
    }

    #[test]
    fn every_argument_has_help() {
        let mut missing = Vec::new();
        for (path, cmd) in all_commands() {
            for a in cmd.get_arguments() {
                let has = a
                    .get_help()
                    .is_some_and(|h| !h.to_string().trim().is_empty())
                    || a.get_long_help()
                        .is_some_and(|h| !h.to_string().trim().is_empty());
                if !has {
                    missing.push(format!("{path} {}", a.get_id()));
                }
            }
        }
        assert!(missing.is_empty(), "arguments without help: {missing:#?}");
    }

    #[test]
    fn no_argument_from_the_environment_is_required() {
        for (path, cmd) in all_commands() {
            for a in cmd.get_arguments() {
                assert!(
                    a.get_env().is_none() || !a.is_required_set(),
                    "{path} {} is set from the environment but shown as required",
                    a.get_id()
                );
            }
        }
    }

    #[test]
    fn output_formats_offer_no_input_format() {
        let cmd = full_command();
        let format = cmd
            .get_arguments()
            .find(|a| a.get_id() == "format")
            .expect("--format");
        let shown: Vec<String> = format
            .get_possible_values()
            .iter()
            .filter(|v| !v.is_hide_set())
            .map(|v| v.get_name().to_owned())
            .collect();
        assert_eq!(shown, ["table", "json", "csv"]);
        assert_eq!(format.get_short(), Some('o'));
    }
}
