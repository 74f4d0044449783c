//! keywarden: the API keys, stored credentials and audit log of API and MCP
//! servers, on SQLite or PostgreSQL.
//!
//! The command-line tool is a thin layer over this library, and a Rust
//! server can embed the same checks: open a store from a URL, then verify
//! and authorize each presented token in one call, getting exactly the
//! decision `keywarden keys verify` prints.
//!
//! ```
//! use keywarden::{Actor, Store, VerifyRequest, VerifyStatus, verify};
//! use keywarden::ops::keys::{self, NewKey};
//!
//! # fn main() -> keywarden::Result<()> {
//! # let dir = tempfile::tempdir().unwrap();
//! # let url = format!("sqlite:{}", dir.path().join("keys.db").display());
//! let mut store = Store::create(&url)?; // `open` for a store that exists
//! # keywarden::ops::settings::init(&mut store, &Actor::new("test", "cli"), None, Some(4))?;
//!
//! // An admin mints a key for one collection…
//! let admin = Actor::new("alice", "cli");
//! let minted = keys::create(&mut store, &admin, NewKey::client("claude", ["org:acme/collection:docs"], ["read:docs"])?)?;
//!
//! // …and the MCP server checks every request against it.
//! let server = Actor::new("docs-mcp", "mcp");
//! let req = VerifyRequest::resource("org:acme/collection:docs/doc:42")?.ability("read:docs");
//! let verdict = verify(&mut store, minted.token.expose(), &req, &server)?;
//! assert_eq!(verdict.status, VerifyStatus::Valid);
//!
//! // A sibling collection is not covered.
//! let other = VerifyRequest::resource("org:acme/collection:hr")?;
//! assert_eq!(verify(&mut store, minted.token.expose(), &other, &server)?.status, VerifyStatus::Forbidden);
//! # Ok(())
//! # }
//! ```
//!
//! Module map: `token`, `authz` and `audit` are pure (no I/O); `store` is
//! the one interface to both databases; `ops` are the operations, each
//! writing its audit event in its own transaction; `cli` and `output` are
//! the terminal side.

pub mod audit;
pub mod authz;
pub mod checkpoint;
pub mod codehost;
pub mod error;
pub mod files;
pub mod mcp;
pub mod model;
pub mod ops;
pub mod revoker;
pub mod routes;
pub mod scan;
pub mod secret;
pub mod store;
pub mod timefmt;
pub mod token;
pub mod vault;
pub mod verifier;

pub use audit::Actor;
pub use error::{Error, Result};
pub use ops::verify::{Verdict, VerifyRequest, VerifyStatus, verify};
pub use secret::Secret;
pub use store::Store;

/// The OS user running the process, the default `--actor`.
pub fn os_user() -> String {
    whoami::username().unwrap_or_else(|_| "unknown".to_owned())
}
