//! The domain SQL, written once for both dialects.
//!
//! Each function runs inside a transaction it is given, so callers compose
//! a change and its audit event into one commit. Placeholders are `$1`…;
//! no literal here may contain a `$` (SQLite translation relies on it).

pub mod audit_log;
pub mod catalog;
pub mod credentials;
pub mod keys;
pub mod leaks;
pub mod settings;

use crate::error::{Error, Result};

pub(crate) fn json_list(v: &[String]) -> String {
    serde_json::to_string(v).expect("a list of strings serializes")
}

pub(crate) fn parse_json_list(s: &str, what: &str) -> Result<Vec<String>> {
    serde_json::from_str(s)
        .map_err(|e| Error::integrity(format!("stored {what} is not a JSON list: {e}")))
}
