//! The one error type of the library.
//!
//! Every failure a caller can act on has its own variant, and each variant
//! maps to one exit code (see [`Error::exit_code`]). Driver errors (rusqlite,
//! postgres, I/O) are turned into messages at the store boundary and never
//! leak past it. No variant ever carries a token, a credential value, a key or
//! a password: messages are built from identifiers only.

use std::fmt;

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Bad input from the user: a malformed scope, duration, prefix, key
    /// file, URL… Exit code 2. The store is never touched after one.
    #[error("{0}")]
    Invalid(String),
    /// A name that matches several keys. Exit code 2.
    #[error("{0}")]
    Ambiguous(String),
    /// An unknown key, credential or event. Exit code 1.
    #[error("{0}")]
    NotFound(String),
    /// A write that lost against a concurrent one or a constraint. Exit 1.
    #[error("{0}")]
    Conflict(String),
    /// Data that fails an integrity check (ciphertext tag, audit chain,
    /// schema newer than this binary). Exit code 1.
    #[error("{0}")]
    Integrity(String),
    /// The store is unreachable or failed. Exit code 1.
    #[error("{0}")]
    Store(String),
    /// A program keywarden runs (git, for `scan --git`) could not be
    /// started or failed. Exit code 1.
    #[error("{program}: {message}")]
    External {
        program: &'static str,
        message: String,
    },
    /// A named file could not be read or written. Exit code 1. The I/O
    /// error is the source (printed after it by `{:#}`).
    #[error("cannot {action} {path}")]
    File {
        action: &'static str,
        path: String,
        #[source]
        source: std::io::Error,
    },
    /// Reading or writing a file or stream failed. Exit code 1. The I/O
    /// error stays the source, so a closed pipe is still recognizable.
    #[error("I/O error: {0}")]
    Io(#[from] std::io::Error),
    /// A command of several steps stopped after some of them had taken
    /// effect; the message says which were and were not done. Exit code 1
    /// (never 2: the store is no longer as it was).
    #[error("{0}")]
    PartlyDone(String),
    /// Too much work is waiting (a server's bcrypt pool and its queue are
    /// full, or it is shutting down); try again. Exit code 1; HTTP 503.
    #[error("{0}")]
    Overloaded(String),
    /// A command was interrupted (Ctrl-C) and rolled back. Exit code 130.
    #[error("interrupted")]
    Interrupted,
}

impl Error {
    pub fn invalid(msg: impl fmt::Display) -> Self {
        Error::Invalid(msg.to_string())
    }
    pub fn not_found(msg: impl fmt::Display) -> Self {
        Error::NotFound(msg.to_string())
    }
    pub fn store(msg: impl fmt::Display) -> Self {
        Error::Store(msg.to_string())
    }
    pub fn integrity(msg: impl fmt::Display) -> Self {
        Error::Integrity(msg.to_string())
    }

    /// The process exit code of contract §5 for this error.
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Invalid(_) | Error::Ambiguous(_) => 2,
            Error::Interrupted => 130,
            Error::NotFound(_)
            | Error::Conflict(_)
            | Error::Integrity(_)
            | Error::Store(_)
            | Error::File { .. }
            | Error::External { .. }
            | Error::PartlyDone(_)
            | Error::Overloaded(_)
            | Error::Io(_) => 1,
        }
    }
}
