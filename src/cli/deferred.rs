//! Build a command group's arguments only when the command line enters it.
//!
//! clap's derive builds the whole command tree (52 commands, hundreds of
//! arguments) before it parses a single word, on every run. Wrapping a
//! group in [`Deferred`] hands its builder to [`clap::Command::defer`],
//! which runs it when clap enters that group. `audit query`, which cron
//! jobs and SIEMs run most, then builds only `audit` and its commands.
//!
//! Completions and man pages need every level at once, including the
//! subtree of the generated `help` command, which clap copies from the
//! groups before it would run their deferred builders: [`full_command`]
//! builds that tree eagerly.

use std::sync::atomic::{AtomicBool, Ordering};

use clap::{ArgMatches, Args, Command, CommandFactory, FromArgMatches, Subcommand};

use super::Cli;

static EAGER: AtomicBool = AtomicBool::new(false);

/// The whole command tree, every group built now: for completions, man
/// pages and the tests that walk every command.
pub fn full_command() -> Command {
    EAGER.store(true, Ordering::Relaxed);
    Cli::command()
}

/// `eager` builds the group as it is; `lazy` builds it for `--help` and
/// parsing, with the global options out of the way (see [`quiet_globals`]).
fn defer(cmd: Command, eager: fn(Command) -> Command, lazy: fn(Command) -> Command) -> Command {
    if EAGER.load(Ordering::Relaxed) {
        eager(cmd)
    } else {
        cmd.defer(lazy)
    }
}

/// Where the global options are listed.
pub const GLOBAL_HEADING: &str = "Global options";

const GLOBAL_POINTER: &str = "Global options (-o/--format, --json, --store, --actor, -y/--yes, \
-q/--quiet) work here too: see `keywarden --help`.";

/// Hides the global options a group got from the top, so that they are
/// listed once (`keywarden --help`) instead of under every command's help,
/// and says where they are. They are still taken everywhere: clap passes
/// the hidden copies down to the group's commands. Completions and man
/// pages use the eager tree, where every command lists them.
fn quiet_globals(mut cmd: Command) -> Command {
    let ids: Vec<clap::Id> = cmd
        .get_arguments()
        .filter(|a| a.get_help_heading() == Some(GLOBAL_HEADING))
        .map(|a| a.get_id().clone())
        .collect();
    for id in ids {
        cmd = cmd.mut_arg(id, |a| a.hide(true));
    }
    point_to_globals(cmd)
}

fn point_to_globals(cmd: Command) -> Command {
    let text = match cmd.get_after_help() {
        Some(t) => format!("{t}\n\n{GLOBAL_POINTER}"),
        None => GLOBAL_POINTER.to_owned(),
    };
    cmd.after_help(text).mut_subcommands(point_to_globals)
}

/// A command group (a subcommand enum or an `Args` struct) built on first use.
#[derive(Debug)]
pub struct Deferred<T>(pub T);

impl<T: FromArgMatches> FromArgMatches for Deferred<T> {
    fn from_arg_matches(m: &ArgMatches) -> Result<Self, clap::Error> {
        T::from_arg_matches(m).map(Deferred)
    }

    fn from_arg_matches_mut(m: &mut ArgMatches) -> Result<Self, clap::Error> {
        T::from_arg_matches_mut(m).map(Deferred)
    }

    fn update_from_arg_matches(&mut self, m: &ArgMatches) -> Result<(), clap::Error> {
        self.0.update_from_arg_matches(m)
    }

    fn update_from_arg_matches_mut(&mut self, m: &mut ArgMatches) -> Result<(), clap::Error> {
        self.0.update_from_arg_matches_mut(m)
    }
}

impl<T: Subcommand> Subcommand for Deferred<T> {
    fn augment_subcommands(cmd: Command) -> Command {
        defer(cmd, T::augment_subcommands, |c| {
            quiet_globals(T::augment_subcommands(c))
        })
    }

    fn augment_subcommands_for_update(cmd: Command) -> Command {
        defer(cmd, T::augment_subcommands_for_update, |c| {
            quiet_globals(T::augment_subcommands_for_update(c))
        })
    }

    fn has_subcommand(name: &str) -> bool {
        T::has_subcommand(name)
    }
}

impl<T: Args> Args for Deferred<T> {
    fn augment_args(cmd: Command) -> Command {
        defer(cmd, T::augment_args, |c| quiet_globals(T::augment_args(c)))
    }

    fn augment_args_for_update(cmd: Command) -> Command {
        defer(cmd, T::augment_args_for_update, |c| {
            quiet_globals(T::augment_args_for_update(c))
        })
    }

    fn group_id() -> Option<clap::Id> {
        T::group_id()
    }
}
