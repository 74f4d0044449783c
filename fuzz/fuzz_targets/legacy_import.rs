//! The legacy-import line parser of `ops::credentials::import_legacy`.
//!
//! `import_legacy` needs a `Store`, and its row type and name check are
//! private, so this harness repeats them over the public pieces: each
//! non-blank line of the input is parsed with serde_json into the same
//! shape (`{"name","kind","scope"?,"ciphertext"}`, unknown fields denied),
//! then run through the same checks in the same order: the name (1–200
//! chars, not blank), `validate_kind`, the `ScopePath` parse and print,
//! `Key::decrypt_legacy` with the fixed key `[7; 32]`, "non-empty UTF-8",
//! duplicate names, and the re-seal under the keyring.
//!
//! Checks, besides "never panics": `validate_kind` accepts exactly
//! `credentials::KINDS`; a printed scope parses back to itself; a legacy
//! plaintext re-sealed with the keyring decrypts back to the same bytes.
use keywarden::authz::ScopePath;
use keywarden::ops::credentials;
use keywarden::vault::{EncryptionKey, Keyring};
use std::collections::HashSet;
use std::sync::OnceLock;

/// Same shape as `ops::credentials::LegacyRow` (private).
#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct LegacyRow {
    name: String,
    kind: String,
    scope: Option<String>,
    ciphertext: String,
}

fn ring() -> &'static Keyring {
    static R: OnceLock<Keyring> = OnceLock::new();
    R.get_or_init(|| Keyring::new(EncryptionKey::from_bytes(&[7; 32]), Vec::new()))
}

/// One line as `import_legacy` takes it; `Err` is where it would stop.
fn line(ring: &Keyring, names: &mut HashSet<String>, line: &str) -> Result<(), String> {
    let row: LegacyRow = serde_json::from_str(line).map_err(|e| e.to_string())?;
    if row.name.trim().is_empty() || row.name.chars().count() > 200 {
        return Err("name".into());
    }
    let kind_ok = credentials::validate_kind(&row.kind).is_ok();
    assert_eq!(
        kind_ok,
        keywarden::model::CredentialKind::names().contains(&row.kind.as_str()),
        "{:?}",
        row.kind
    );
    if !kind_ok {
        return Err("kind".into());
    }
    let scope = row
        .scope
        .as_deref()
        .map(|s| s.parse::<ScopePath>().map(|p| p.to_string()))
        .transpose()
        .map_err(|e| e.to_string())?;
    if let Some(s) = &scope {
        assert_eq!(
            s.parse::<ScopePath>().map(|p| p.to_string()).ok().as_ref(),
            Some(s)
        );
    }
    let value = ring
        .current()
        .decrypt_legacy(&row.ciphertext)
        .map_err(|d| d.to_string())?;
    if value.is_empty() || std::str::from_utf8(&value).is_err() {
        return Err("not text".into());
    }
    if !names.insert(row.name.clone()) {
        return Err("duplicate".into());
    }
    let sealed = ring.encrypt("3kT9xQ2mB7aZ", &value);
    assert_eq!(
        &**ring.decrypt("3kT9xQ2mB7aZ", &sealed).expect("own value"),
        &**value
    );
    Ok(())
}

fn check(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let ring = ring();
    let mut names = HashSet::new();
    for l in text.lines() {
        if l.trim().is_empty() {
            continue;
        }
        if line(ring, &mut names, l).is_err() {
            break;
        }
    }
}

fn main() {
    afl::fuzz!(|data: &[u8]| check(data));
}
