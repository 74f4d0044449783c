//! What keywarden does, as a library: each operation opens its own
//! transactions on a [`Store`](crate::store::Store), writes its audit events
//! inside them, and returns plain data. No terminal, prompt or output format
//! is known here; `cli` does that.

pub mod audit;
pub mod catalog;
pub mod credentials;
pub mod incident;
pub mod keys;
pub mod leaks;
pub mod scan;
pub mod settings;
pub mod verify;
