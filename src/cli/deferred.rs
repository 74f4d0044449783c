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

fn defer(cmd: Command, build: fn(Command) -> Command) -> Command {
    if EAGER.load(Ordering::Relaxed) {
        build(cmd)
    } else {
        cmd.defer(build)
    }
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
        defer(cmd, T::augment_subcommands)
    }

    fn augment_subcommands_for_update(cmd: Command) -> Command {
        defer(cmd, T::augment_subcommands_for_update)
    }

    fn has_subcommand(name: &str) -> bool {
        T::has_subcommand(name)
    }
}

impl<T: Args> Args for Deferred<T> {
    fn augment_args(cmd: Command) -> Command {
        defer(cmd, T::augment_args)
    }

    fn augment_args_for_update(cmd: Command) -> Command {
        defer(cmd, T::augment_args_for_update)
    }

    fn group_id() -> Option<clap::Id> {
        T::group_id()
    }
}
