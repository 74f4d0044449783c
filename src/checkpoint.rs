//! Signed checkpoints of the audit chain (contract §7a) — no I/O.
//!
//! A checkpoint is a C2SP `tlog-checkpoint` (the form of Go's checksum
//! database and Sigstore), wrapped in a C2SP `signed-note` and signed with
//! an Ed25519 key that never enters the store:
//!
//! ```text
//! keywarden/3f9c…e1                 origin: "keywarden/" ‖ the store's random id
//! 1234                              tree size: the id of the chain's last event
//! q1f0…Yw=                          root: base64 (standard, padded) of the head hash's 32 bytes
//! time 2026-11-29T13:24:00Z         extension line: when it was signed (RFC 3339 UTC)
//!                                   (blank line)
//! — backup-witness 3q2+7w…==        "— " name " " base64(key id ‖ Ed25519 signature)
//! ```
//!
//! The signature covers the text up to and including the newline before
//! the blank line. The key id is the first 4 bytes of
//! SHA-256(name ‖ 0x0A ‖ 0x01 ‖ public key), as the signed-note spec
//! recommends for Ed25519. Keys are written in the text forms of Go's
//! `golang.org/x/mod/sumdb/note`, so its tools can read them:
//!
//! ```text
//! verifier key  name "+" hex(key id) "+" base64(0x01 ‖ public key)
//! signer key    "PRIVATE+KEY+" name "+" hex(key id) "+" base64(0x01 ‖ 32-byte seed)
//! ```
//!
//! Specs: <https://c2sp.org/signed-note>, <https://c2sp.org/tlog-checkpoint>.
//!
//! Ids in the chain have no gaps from 1, so "tree size" (the number of
//! events ever appended) and "last event id" are the same number; the
//! root is not a Merkle root but the hash chain's head, which commits to
//! every event before it just as well for a verifier holding the events.
//! This module never sees the store; nothing here prints a signing key.

use std::fmt;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use chrono::{DateTime, Utc};
use ed25519_dalek::Signer as _;
use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

use crate::error::{Error, Result};
use crate::secret::Secret;

/// The most a note or key file may hold.
pub const MAX_NOTE_BYTES: u64 = 64 << 10;
/// The signature type of Ed25519 in the signed-note spec.
const ALG_ED25519: u8 = 0x01;
const EM_DASH: &str = "\u{2014} ";

/// The origin line of a store's checkpoints: `keywarden/` and its id.
///
/// Errors: [`Error::Integrity`] when `store_id` is not the 32 lowercase
/// hex digits `init` made: an id edited in the store could otherwise carry
/// lines of its own into a signed note.
pub fn origin(store_id: &str) -> Result<String> {
    if !is_store_id(store_id) {
        return Err(Error::integrity(
            "the store id in the settings table is not the 32 hex digits `keywarden init` made: \
             it was changed, so nothing is signed or checked against it; run `keywarden audit \
             verify` with the checkpoints you kept",
        ));
    }
    Ok(format!("keywarden/{store_id}"))
}

/// A store id as `init` makes it: 32 lowercase hex digits.
fn is_store_id(id: &str) -> bool {
    id.len() == 32 && id.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

/// Checks a key name: non-empty, at most 100 characters, no white space,
/// no `+` and no control characters (signed-note's rule, tightened).
pub fn validate_key_name(name: &str) -> Result<()> {
    let ok = !name.is_empty()
        && name.chars().count() <= 100
        && !name
            .chars()
            .any(|c| c.is_whitespace() || c == '+' || c.is_control());
    if ok {
        Ok(())
    } else {
        Err(Error::invalid(
            "a signing key name must be 1–100 characters without spaces or `+`, e.g. audit-witness",
        ))
    }
}

/// The signed-note key id of an Ed25519 key:
/// SHA-256(name ‖ 0x0A ‖ 0x01 ‖ public key)[..4].
pub fn key_id(name: &str, public: &[u8; 32]) -> [u8; 4] {
    let mut h = Sha256::new();
    h.update(name.as_bytes());
    h.update([b'\n', ALG_ED25519]);
    h.update(public);
    let d = h.finalize();
    [d[0], d[1], d[2], d[3]]
}

fn hex4(id: &[u8; 4]) -> String {
    id.iter().map(|b| format!("{b:02x}")).collect()
}

/// An Ed25519 signing key with its signed-note name. `Debug` shows the
/// name and key id only; the seed is zeroed on drop.
pub struct SigningKey {
    name: String,
    key: ed25519_dalek::SigningKey,
}

impl fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SigningKey({}+{})", self.name, hex4(&self.id()))
    }
}

fn bad_key(what: &str, why: &str) -> Error {
    Error::invalid(format!(
        "{what} is not a keywarden signing key ({why}): make one with \
         `keywarden keygen --signing --out FILE` and pass that FILE"
    ))
}

impl SigningKey {
    /// A new key named `name`, from the OS CSPRNG.
    pub fn generate(name: &str) -> Result<SigningKey> {
        use rand::Rng;
        validate_key_name(name)?;
        let mut seed = Zeroizing::new([0u8; 32]);
        rand::rand_core::UnwrapErr(rand::rngs::SysRng).fill_bytes(&mut *seed);
        Ok(SigningKey {
            name: name.to_owned(),
            key: ed25519_dalek::SigningKey::from_bytes(&seed),
        })
    }

    /// Parses `PRIVATE+KEY+name+hexid+base64(0x01 ‖ seed)`; `what` names
    /// the source in errors (`signing key file /etc/kw/witness.key`). The
    /// error never holds any of the text.
    pub fn parse(text: &str, what: &str) -> Result<SigningKey> {
        let t = text.trim();
        if !t.starts_with("PRIVATE+KEY+") {
            if VerifyKey::parse(t, what).is_ok() {
                return Err(Error::invalid(format!(
                    "{what} holds a public (verifier) key; checkpoints are signed with the private \
                     key that `keywarden keygen --signing --out FILE` wrote to FILE"
                )));
            }
            return Err(bad_key(what, "it does not start with PRIVATE+KEY+"));
        }
        // base64 may hold `+` too: the key data is everything after the fourth.
        let parts: Vec<&str> = t.splitn(5, '+').collect();
        let [_, _, name, id, data] = parts[..] else {
            return Err(bad_key(what, "it does not have five +-separated parts"));
        };
        validate_key_name(name).map_err(|_| bad_key(what, "its name is not valid"))?;
        let raw = Zeroizing::new(
            STANDARD
                .decode(data)
                .map_err(|_| bad_key(what, "its key data is not base64"))?,
        );
        if raw.len() != 33 || raw[0] != ALG_ED25519 {
            return Err(bad_key(what, "its key data is not an Ed25519 seed"));
        }
        let mut seed = Zeroizing::new([0u8; 32]);
        seed.copy_from_slice(&raw[1..]);
        let key = SigningKey {
            name: name.to_owned(),
            key: ed25519_dalek::SigningKey::from_bytes(&seed),
        };
        if id != hex4(&key.id()) {
            return Err(bad_key(
                what,
                "its key id does not match its key: the file was changed",
            ));
        }
        Ok(key)
    }

    /// The key in its file form (see the module docs).
    pub fn encode(&self) -> Secret {
        let mut data = Zeroizing::new(Vec::with_capacity(33));
        data.push(ALG_ED25519);
        data.extend_from_slice(self.key.as_bytes());
        Secret::new(format!(
            "PRIVATE+KEY+{}+{}+{}",
            self.name,
            hex4(&self.id()),
            Zeroizing::new(STANDARD.encode(&*data)).as_str()
        ))
    }

    /// The key's name in signature lines.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The signed-note key id (see [`key_id`]).
    pub fn id(&self) -> [u8; 4] {
        key_id(&self.name, self.key.verifying_key().as_bytes())
    }

    /// The public half, to check notes with.
    pub fn verify_key(&self) -> VerifyKey {
        VerifyKey {
            name: self.name.clone(),
            key: self.key.verifying_key(),
        }
    }

    /// Signs `text` (which must end with a newline and hold no blank
    /// line) as a signed note: `text ‖ "\n" ‖ "— " name " " base64(id ‖ sig) "\n"`.
    pub fn sign_note(&self, text: &str) -> String {
        debug_assert!(text.ends_with('\n') && !text.contains("\n\n"));
        let sig = self.key.sign(text.as_bytes());
        let mut blob = Vec::with_capacity(68);
        blob.extend_from_slice(&self.id());
        blob.extend_from_slice(&sig.to_bytes());
        format!("{text}\n{EM_DASH}{} {}\n", self.name, STANDARD.encode(blob))
    }
}

/// An Ed25519 verifier key with its signed-note name, in the text form
/// `name+hexid+base64(0x01 ‖ public key)` (see the module docs).
#[derive(Clone, PartialEq, Eq)]
pub struct VerifyKey {
    name: String,
    key: ed25519_dalek::VerifyingKey,
}

impl fmt::Debug for VerifyKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "VerifyKey({self})")
    }
}

impl fmt::Display for VerifyKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut data = vec![ALG_ED25519];
        data.extend_from_slice(self.key.as_bytes());
        write!(
            f,
            "{}+{}+{}",
            self.name,
            hex4(&self.id()),
            STANDARD.encode(data)
        )
    }
}

fn bad_verify_key(what: &str, why: &str) -> Error {
    Error::invalid(format!(
        "{what} is not a checkpoint verifier key ({why}): pass the public key line that \
         `keywarden keygen --signing` printed (name+keyid+base64)"
    ))
}

impl VerifyKey {
    /// Parses `name+hexid+base64(0x01 ‖ public key)`; `what` names the
    /// source in errors.
    pub fn parse(text: &str, what: &str) -> Result<VerifyKey> {
        let t = text.trim();
        if t.starts_with("PRIVATE+KEY+") {
            return Err(Error::invalid(format!(
                "{what} holds the PRIVATE signing key; keep it secret, and give `--verify-key` the \
                 public key that `keywarden keygen --signing` printed"
            )));
        }
        let parts: Vec<&str> = t.splitn(3, '+').collect();
        let [name, id, data] = parts[..] else {
            return Err(bad_verify_key(
                what,
                "it does not have three +-separated parts",
            ));
        };
        validate_key_name(name).map_err(|_| bad_verify_key(what, "its name is not valid"))?;
        let raw = STANDARD
            .decode(data)
            .map_err(|_| bad_verify_key(what, "its key data is not base64"))?;
        if raw.len() != 33 || raw[0] != ALG_ED25519 {
            return Err(bad_verify_key(what, "its key data is not an Ed25519 key"));
        }
        let bytes: [u8; 32] = raw[1..].try_into().expect("33 - 1 bytes");
        let key = ed25519_dalek::VerifyingKey::from_bytes(&bytes)
            .map_err(|_| bad_verify_key(what, "its key is not a point on the curve"))?;
        let k = VerifyKey {
            name: name.to_owned(),
            key,
        };
        if id != hex4(&k.id()) {
            return Err(bad_verify_key(
                what,
                "its key id does not match its key: the line was changed",
            ));
        }
        Ok(k)
    }

    /// The signer's name, as in its signature lines.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The signed-note key id (see [`key_id`]).
    pub fn id(&self) -> [u8; 4] {
        key_id(&self.name, self.key.as_bytes())
    }
}

/// A checkpoint of the audit chain: what a note signs.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Checkpoint {
    /// `keywarden/` and the store's id.
    pub origin: String,
    /// The id of the last event (= the number of events ever appended).
    pub size: i64,
    /// The head hash: the chain hash of event `size` (64 zeros for none).
    #[serde(serialize_with = "ser_hex")]
    pub root: [u8; 32],
    /// When it was signed.
    #[serde(serialize_with = "crate::timefmt::ser_rfc3339")]
    pub time: DateTime<Utc>,
}

fn ser_hex<S: serde::Serializer>(r: &[u8; 32], s: S) -> std::result::Result<S::Ok, S::Error> {
    s.serialize_str(&crate::audit::hex_string(r))
}

impl Checkpoint {
    /// The head hash in the chain's own spelling (lowercase hex).
    pub fn root_hex(&self) -> String {
        crate::audit::hex_string(&self.root)
    }

    /// The checkpoint's text, the part a note signs.
    pub fn body(&self) -> String {
        format!(
            "{}\n{}\n{}\ntime {}\n",
            self.origin,
            self.size,
            STANDARD.encode(self.root),
            crate::timefmt::rfc3339(&self.time)
        )
    }

    /// Parses a checkpoint's text (the signed part of a note).
    pub fn parse_body(text: &str) -> std::result::Result<Checkpoint, String> {
        // Exactly the four lines `audit checkpoint` writes: anything else
        // was not written by it.
        let lines: Vec<&str> = text
            .strip_suffix('\n')
            .unwrap_or(text)
            .split('\n')
            .collect();
        let [origin, size, root, time] = lines[..] else {
            return Err(format!(
                "it has {} lines before its signatures, not the 4 of a keywarden checkpoint \
                 (origin, event id, root hash, time)",
                lines.len()
            ));
        };
        if !origin.strip_prefix("keywarden/").is_some_and(is_store_id) {
            return Err("its origin line is not `keywarden/` and a store id".into());
        }
        let size_ok = size == "0"
            || (!size.starts_with('0')
                && !size.is_empty()
                && size.len() <= 18
                && size.bytes().all(|b| b.is_ascii_digit()));
        if !size_ok {
            return Err("its second line is not a tree size (a decimal event id)".into());
        }
        let root: [u8; 32] = STANDARD
            .decode(root)
            .ok()
            .and_then(|r| r.try_into().ok())
            .ok_or("its third line is not a base64 SHA-256 hash")?;
        let time = time
            .strip_prefix("time ")
            .and_then(|t| DateTime::parse_from_rfc3339(t).ok())
            .map(|t| t.with_timezone(&Utc))
            .ok_or("its fourth line is not `time` and an RFC 3339 time")?;
        Ok(Checkpoint {
            origin: origin.to_owned(),
            size: size.parse().expect("checked digits"),
            root,
            time,
        })
    }

    /// The checkpoint as a signed note.
    pub fn sign(&self, key: &SigningKey) -> String {
        key.sign_note(&self.body())
    }
}

/// Why a note was not accepted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NoteError {
    /// Not a signed checkpoint at all (garbled, truncated, not text).
    Malformed(String),
    /// Well-formed, but no signature line is by this key (name and key id):
    /// the wrong `--verify-key`, or a note of another signer.
    NotSignedBy(String),
    /// A signature line by this key that does not verify: the note was
    /// changed after it was signed, or forged.
    BadSignature,
    /// Signed by this key, but of another origin than this store's: notes
    /// of another store, or this store's id was changed since.
    OtherStore { note: String, store: String },
}

impl fmt::Display for NoteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NoteError::Malformed(why) => write!(f, "is not a signed checkpoint: {why}"),
            NoteError::NotSignedBy(signers) => write!(f, "is not signed by this key ({signers})"),
            NoteError::BadSignature => f.write_str(
                "has a signature by this key that does not verify: the note was changed after it \
                 was signed, or forged",
            ),
            NoteError::OtherStore { note, store } => write!(
                f,
                "is signed for store {note:?}, but this store is {store:?}: either the store's id \
                 was changed since it was signed (tampering), or it is another store's note"
            ),
        }
    }
}

/// Checks a signed note's signature by `key` and parses its checkpoint
/// (signed-note: the first signature line with the key's name and id
/// decides; lines of other keys are ignored).
pub fn open(note: &str, key: &VerifyKey) -> std::result::Result<Checkpoint, NoteError> {
    let bad = |why: &str| NoteError::Malformed(why.to_owned());
    if note
        .chars()
        .any(|c| c.is_control() && c != '\n' || c == '\u{feff}')
    {
        return Err(bad("it holds control characters"));
    }
    let split = note
        .rfind("\n\n")
        .ok_or_else(|| bad("it has no blank line before its signatures"))?;
    let (text, sigs) = (&note[..split + 1], &note[split + 2..]);
    if !sigs.ends_with('\n') {
        return Err(bad("its last signature line does not end with a newline"));
    }
    let mut signers = Vec::new();
    let mut verdict = None;
    for line in sigs.strip_suffix('\n').unwrap_or(sigs).split('\n') {
        let rest = line
            .strip_prefix(EM_DASH)
            .ok_or_else(|| bad("a signature line does not start with \"— \""))?;
        let (name, b64) = rest
            .split_once(' ')
            .ok_or_else(|| bad("a signature line has no signature"))?;
        let blob = STANDARD
            .decode(b64)
            .map_err(|_| bad("a signature is not base64"))?;
        if blob.len() < 5 {
            return Err(bad("a signature is too short"));
        }
        let id: [u8; 4] = blob[..4].try_into().expect("4 bytes");
        signers.push(format!("{name}+{}", hex4(&id)));
        if verdict.is_some() || name != key.name || id != key.id() {
            continue;
        }
        let ok = <[u8; 64]>::try_from(&blob[4..])
            .ok()
            .map(|s| ed25519_dalek::Signature::from_bytes(&s))
            .is_some_and(|s| key.key.verify_strict(text.as_bytes(), &s).is_ok());
        verdict = Some(ok);
    }
    match verdict {
        Some(true) => Checkpoint::parse_body(text).map_err(NoteError::Malformed),
        Some(false) => Err(NoteError::BadSignature),
        None => Err(NoteError::NotSignedBy(format!(
            "signed by {}, not by {}+{}",
            signers.join(", "),
            key.name,
            hex4(&key.id())
        ))),
    }
}

/// Reads a small text file for one of the loaders below: a file that
/// cannot be read is bad input (exit 2), named with `what` and `fix`.
fn read_text(path: &std::path::Path, what: &str, fix: &str) -> Result<Zeroizing<String>> {
    let bytes = crate::files::read_bounded(path, MAX_NOTE_BYTES, what).map_err(|e| match e {
        Error::File { source, .. } => Error::invalid(format!(
            "cannot read {what} {}: {source}; {fix}",
            path.display()
        )),
        other => other,
    })?;
    let text = std::str::from_utf8(&bytes)
        .map_err(|_| Error::invalid(format!("{what} {} is not text; {fix}", path.display())))?;
    Ok(Zeroizing::new(text.to_owned()))
}

/// Reads a signing key file (`--signing-key-file`). Errors are
/// [`Error::Invalid`] and never hold the file's contents.
pub fn load_signing_key(path: &std::path::Path) -> Result<SigningKey> {
    let what = "signing key file";
    let text = read_text(
        path,
        what,
        "make a key with `keywarden keygen --signing --out FILE`",
    )?;
    SigningKey::parse(&text, &format!("{what} {}", path.display()))
}

/// Reads a verifier key file (`--verify-key`).
pub fn load_verify_key(path: &std::path::Path) -> Result<VerifyKey> {
    let what = "verify key file";
    let text = read_text(
        path,
        what,
        "pass the public key that `keywarden keygen --signing` printed",
    )?;
    VerifyKey::parse(&text, &format!("{what} {}", path.display()))
}

/// Reads a signed note (`--checkpoint`), unchecked.
pub fn read_note(path: &std::path::Path) -> Result<String> {
    let text = read_text(
        path,
        "checkpoint",
        "pass a file that `keywarden audit checkpoint` wrote",
    )?;
    Ok(text.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cp() -> Checkpoint {
        Checkpoint {
            origin: origin("0123456789abcdef0123456789abcdef").unwrap(),
            size: 42,
            root: [7; 32],
            time: DateTime::from_timestamp(1_764_400_000, 0).unwrap(),
        }
    }

    #[test]
    fn sign_and_open() {
        let k = SigningKey::generate("witness").unwrap();
        let note = cp().sign(&k);
        assert!(note.starts_with("keywarden/0123456789abcdef0123456789abcdef\n42\nBwcH"));
        assert!(note.contains("\ntime 2025-11-29T07:06:40Z\n\n— witness "));
        assert_eq!(open(&note, &k.verify_key()).unwrap(), cp());
        // Any change to the text breaks the signature.
        let forged = note.replacen("\n42\n", "\n41\n", 1);
        assert_eq!(open(&forged, &k.verify_key()), Err(NoteError::BadSignature));
        // Another key, even under the same name, is not this one.
        let other = SigningKey::generate("witness").unwrap();
        assert!(matches!(
            open(&note, &other.verify_key()),
            Err(NoteError::NotSignedBy(_))
        ));
        assert!(matches!(
            open("garbage", &k.verify_key()),
            Err(NoteError::Malformed(_))
        ));
    }

    #[test]
    fn keys_round_trip_and_never_show_the_seed() {
        let k = SigningKey::generate("audit-witness").unwrap();
        let text = k.encode();
        assert!(text.expose().starts_with("PRIVATE+KEY+audit-witness+"));
        let back = SigningKey::parse(text.expose(), "f").unwrap();
        assert_eq!(back.verify_key(), k.verify_key());
        let vk = k.verify_key().to_string();
        assert_eq!(VerifyKey::parse(&vk, "f").unwrap(), k.verify_key());
        assert!(!format!("{k:?}").contains(&text.expose()[30..]));
        // Each half where the other belongs is refused, naming which it is.
        let e = SigningKey::parse(&vk, "f").unwrap_err().to_string();
        assert!(e.contains("public"), "{e}");
        let e = VerifyKey::parse(text.expose(), "f")
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("PRIVATE") && !e.contains(&text.expose()[30..]),
            "{e}"
        );
        assert!(SigningKey::parse("PRIVATE+KEY+a+00000000+AAAA", "f").is_err());
        assert!(validate_key_name("a b").is_err() && validate_key_name("a+b").is_err());
    }

    #[test]
    fn key_id_known_answer() {
        // The signed-note spec's Ed25519 key id, recomputed by hand:
        // SHA-256("n" ‖ 0x0A ‖ 0x01 ‖ 32 zero bytes)[..4].
        let mut h = Sha256::new();
        h.update(b"n\n\x01");
        h.update([0u8; 32]);
        assert_eq!(key_id("n", &[0; 32]), h.finalize()[..4]);
    }
}
