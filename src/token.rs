//! The token format of contract §2: generate, parse, checksum, redact.
//!
//! ```text
//! token    = prefix "_" key_id secret checksum
//! key_id   = 12 chars of base62   (public, random, unique)
//! secret   = 32 chars of base62   (OS CSPRNG, ~190 bits)
//! checksum = 6 chars: CRC-32 (IEEE) of key_id+secret, base62, left-padded with "0"
//! ```
//!
//! Everything here is pure: no I/O, no store. Parsing rejects a wrong
//! length, alphabet or checksum before anyone looks anything up, so a typo or
//! a random string never costs a database round trip or a bcrypt run. The
//! checksum is what lets `scan` tell a real token from a look-alike.

use rand::RngExt;
use rand::rand_core::UnwrapErr;
use rand::rngs::SysRng;
use std::fmt;

use crate::error::{Error, Result};
use crate::secret::Secret;

/// The base62 alphabet, in value order 0..61.
pub const ALPHABET: &[u8; 62] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
pub const KEY_ID_LEN: usize = 12;
pub const SECRET_LEN: usize = 32;
pub const CHECKSUM_LEN: usize = 6;
/// Length of everything after `prefix_`.
pub const BODY_LEN: usize = KEY_ID_LEN + SECRET_LEN + CHECKSUM_LEN;
pub const DEFAULT_PREFIX: &str = "kw";
/// bcrypt reads at most 72 bytes; the longest token (16-letter prefix) is 67.
pub const BCRYPT_MAX_INPUT: usize = 72;

/// Why a string is not a token. The store is never consulted to decide this,
/// except for [`Malformed::WrongPrefix`], which needs the store's prefix.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Malformed {
    /// Nothing but white space.
    Empty,
    /// The token is wrapped in quotes.
    Quoted,
    /// A whole `Authorization:` header line rather than its value.
    Header,
    NoPrefix,
    WrongPrefix,
    Length,
    Alphabet,
    Checksum,
}

impl fmt::Display for Malformed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Malformed::Empty => "no token: the input is empty",
            Malformed::Quoted => "the token is wrapped in quotes: pass it without them",
            Malformed::Header => {
                "that is a whole `Authorization:` header: pass only the token (what follows `Bearer `)"
            }
            Malformed::NoPrefix => "no valid prefix before '_'",
            Malformed::WrongPrefix => "the prefix is not this store's token prefix",
            Malformed::Length => "wrong length",
            Malformed::Alphabet => "a character outside base62",
            Malformed::Checksum => "checksum mismatch (a typo or a truncated token)",
        })
    }
}

/// A syntactically valid token, borrowed from the string it was parsed from.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Parsed<'a> {
    pub prefix: &'a str,
    pub key_id: &'a str,
    full: &'a str,
}

impl<'a> Parsed<'a> {
    /// The whole token, the input of bcrypt.
    pub fn full(&self) -> &'a str {
        self.full
    }
}

impl fmt::Debug for Parsed<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Parsed({}_{}…)", self.prefix, self.key_id)
    }
}

/// Checks a prefix against `^[a-z][a-z0-9]{1,15}$`.
pub fn validate_prefix(p: &str) -> Result<()> {
    let b = p.as_bytes();
    let ok = (2..=16).contains(&b.len())
        && b[0].is_ascii_lowercase()
        && b[1..]
            .iter()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit());
    if ok {
        Ok(())
    } else {
        Err(Error::invalid(format!(
            "invalid token prefix {p:?}: it must be 2 to 16 characters, a lowercase letter \
             followed by lowercase letters or digits (e.g. `kw`, `mcp`, `acme1`)"
        )))
    }
}

fn is_base62(b: u8) -> bool {
    b.is_ascii_alphanumeric()
}

fn random_base62(n: usize) -> String {
    let mut rng = UnwrapErr(SysRng);
    (0..n)
        .map(|_| ALPHABET[rng.random_range(0..ALPHABET.len())] as char)
        .collect()
}

/// A new random key id (12 base62 chars).
pub fn new_key_id() -> String {
    random_base62(KEY_ID_LEN)
}

/// CRC-32 (IEEE) of `key_id ‖ secret`, in base62, left-padded to 6 chars.
pub fn checksum(id_and_secret: &[u8]) -> [u8; CHECKSUM_LEN] {
    let crc = crc32fast::hash(id_and_secret);
    let digits = base62::encode(crc);
    let mut out = [b'0'; CHECKSUM_LEN];
    // 62^6 > 2^32, so the encoding never has more than 6 digits.
    out[CHECKSUM_LEN - digits.len()..].copy_from_slice(digits.as_bytes());
    out
}

/// Mints a token for `key_id` under `prefix`. The result is the only copy
/// of the secret; the store keeps its bcrypt hash.
pub fn generate(prefix: &str, key_id: &str) -> Secret {
    debug_assert_eq!(key_id.len(), KEY_ID_LEN);
    let mut body = String::with_capacity(prefix.len() + 1 + BODY_LEN);
    body.push_str(prefix);
    body.push('_');
    body.push_str(key_id);
    body.push_str(&random_base62(SECRET_LEN));
    let sum = checksum(&body.as_bytes()[prefix.len() + 1..]);
    body.push_str(std::str::from_utf8(&sum).expect("base62 is ASCII"));
    Secret::new(body)
}

/// Checks the 50-byte body after `prefix_`: alphabet, then checksum.
pub fn check_body(body: &[u8]) -> std::result::Result<(), Malformed> {
    if body.len() != BODY_LEN {
        return Err(Malformed::Length);
    }
    if !body.iter().all(|&b| is_base62(b)) {
        return Err(Malformed::Alphabet);
    }
    let (payload, sum) = body.split_at(KEY_ID_LEN + SECRET_LEN);
    if checksum(payload) != sum {
        return Err(Malformed::Checksum);
    }
    Ok(())
}

/// A presented token as people paste it: surrounding white space (a
/// trailing newline from stdin) and a leading `Bearer ` (RFC 6750, any
/// case, as copied from an `Authorization` header) are dropped; nothing
/// else is.
pub fn presented(s: &str) -> &str {
    let s = s.trim();
    match s.get(..7) {
        Some(scheme) if scheme.eq_ignore_ascii_case("bearer ") => s[7..].trim_start(),
        _ => s,
    }
}

/// Why a presented string that is not a token was not one, for the shapes
/// people paste by mistake.
fn misshapen(s: &str) -> Option<Malformed> {
    if s.is_empty() {
        return Some(Malformed::Empty);
    }
    if s.starts_with(['"', '\'', '`']) || s.ends_with(['"', '\'', '`']) {
        return Some(Malformed::Quoted);
    }
    if s.get(..14)
        .is_some_and(|h| h.eq_ignore_ascii_case("authorization:"))
    {
        return Some(Malformed::Header);
    }
    None
}

/// Parses a presented token (see [`presented`]) without knowing the
/// store's prefix.
pub fn parse(s: &str) -> std::result::Result<Parsed<'_>, Malformed> {
    let s = presented(s);
    if let Some(m) = misshapen(s) {
        return Err(m);
    }
    let (prefix, body) = s.rsplit_once('_').ok_or(Malformed::NoPrefix)?;
    if validate_prefix(prefix).is_err() {
        return Err(Malformed::NoPrefix);
    }
    check_body(body.as_bytes())?;
    Ok(Parsed {
        prefix,
        key_id: &body[..KEY_ID_LEN],
        full: s,
    })
}

/// Parses a token and requires the store's prefix.
pub fn parse_for<'a>(s: &'a str, prefix: &str) -> std::result::Result<Parsed<'a>, Malformed> {
    let p = parse(s)?;
    if p.prefix != prefix {
        return Err(Malformed::WrongPrefix);
    }
    Ok(p)
}

/// Whether `s` holds a token of any prefix with a valid checksum anywhere
/// in it.
pub fn contains_token(s: &str) -> bool {
    matches!(
        crate::ops::audit::redact_tokens(s),
        std::borrow::Cow::Owned(_)
    )
}

/// A form of a token that is safe to print: the prefix and the first four
/// characters of the key id, e.g. `kw_3kT9…`. Never any of the secret.
pub fn redact(token: &str) -> String {
    match token.rsplit_once('_') {
        Some((prefix, body)) if body.len() >= 4 && body.is_char_boundary(4) => {
            format!("{prefix}_{}…", &body[..4])
        }
        _ => "…".to_owned(),
    }
}

/// Splits a key reference (`kw_3kT9xQ2mB7aZ` or `3kT9xQ2mB7aZ`) into the key
/// id when it has the shape of one; `None` means "treat it as a name".
pub fn key_id_of_reference<'a>(reference: &'a str, prefix: &str) -> Option<&'a str> {
    let id = reference
        .strip_prefix(prefix)
        .and_then(|r| r.strip_prefix('_'))
        .unwrap_or(reference);
    (id.len() == KEY_ID_LEN && id.bytes().all(is_base62)).then_some(id)
}

/// bcrypt hash of a whole token, through the non-truncating function.
pub fn hash(token: &Secret, cost: u32) -> Result<String> {
    bcrypt::non_truncating_hash(token.expose(), cost).map_err(bcrypt_error)
}

/// Constant-time check of a presented token against a stored bcrypt hash.
pub fn verify_hash(token: &str, hash: &str) -> Result<bool> {
    bcrypt::non_truncating_verify(token, hash).map_err(bcrypt_error)
}

fn bcrypt_error(e: bcrypt::BcryptError) -> Error {
    match e {
        bcrypt::BcryptError::Truncation(n) => Error::invalid(format!(
            "input is {n} bytes, over bcrypt's {BCRYPT_MAX_INPUT}-byte limit; refusing to truncate it"
        )),
        bcrypt::BcryptError::CostNotAllowed(c) => {
            Error::invalid(format!("bcrypt cost {c} is outside 4–31"))
        }
        other => Error::integrity(format!("bcrypt: {other}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn fresh(prefix: &str) -> Secret {
        generate(prefix, &new_key_id())
    }

    #[test]
    fn generated_token_has_the_contract_shape() {
        let t = fresh("kw");
        let s = t.expose();
        assert_eq!(s.len(), 53);
        let p = parse(s).unwrap();
        assert_eq!(p.prefix, "kw");
        assert_eq!(p.key_id.len(), 12);
        assert_eq!(parse_for(s, "kw").unwrap(), p);
        assert_eq!(parse_for(s, "mcp"), Err(Malformed::WrongPrefix));
        assert_eq!(fresh("abcdefghijklmnop").expose().len(), 67);
    }

    #[test]
    fn checksum_is_crc32_in_base62() {
        // CRC-32/IEEE of "123456789" is 0xCBF43926 = 3421780262,
        // which is 3jZRME in base62 (0-9A-Za-z).
        assert_eq!(crc32fast::hash(b"123456789"), 0xCBF4_3926);
        assert_eq!(&checksum(b"123456789"), b"3jZRME");
        // Small values are left-padded with '0'.
        assert_eq!(&checksum(b""), b"000000");
    }

    #[test]
    fn rejects_wrong_shapes() {
        let t = fresh("kw");
        let s = t.expose();
        assert_eq!(parse("kw_short"), Err(Malformed::Length));
        assert_eq!(parse(&s.replace('_', "-")), Err(Malformed::NoPrefix));
        assert_eq!(parse(&format!("K{s}")), Err(Malformed::NoPrefix));
        assert_eq!(parse(&format!("{s}0")), Err(Malformed::Length));
        let mut bad = s.to_owned();
        bad.replace_range(10..11, "-");
        assert_eq!(parse(&bad), Err(Malformed::Alphabet));
        assert_eq!(parse(""), Err(Malformed::Empty));
        assert_eq!(parse(" \n"), Err(Malformed::Empty));
        assert_eq!(parse("_"), Err(Malformed::NoPrefix));
        assert_eq!(parse(&format!("\"{s}\"")), Err(Malformed::Quoted));
        assert_eq!(parse(&format!("'{s}'")), Err(Malformed::Quoted));
        assert_eq!(
            parse(&format!("Authorization: Bearer {s}")),
            Err(Malformed::Header)
        );
        // A leading `Bearer ` (any case) is what an Authorization header holds.
        for bearer in ["Bearer ", "bearer ", "BEARER  ", " Bearer "] {
            let pasted = format!("{bearer}{s}\n");
            assert_eq!(parse(&pasted).unwrap().full(), s);
        }
        assert_eq!(parse(&format!("Bearer{s}")), Err(Malformed::NoPrefix));
    }

    #[test]
    fn overlong_input_is_an_error_not_a_truncation() {
        let long = "a".repeat(73);
        let err = hash(&Secret::from(long.as_str()), 4).unwrap_err();
        assert!(err.to_string().contains("72-byte"), "{err}");
        assert!(
            verify_hash(
                &long,
                "$2b$04$abcdefghijklmnopqrstuu5s2v8.iXieOjg/.AySBTTZIIVFJeBui"
            )
            .is_err()
        );
    }

    #[test]
    fn hash_and_verify_round_trip() {
        let t = fresh("kw");
        let h = hash(&t, 4).unwrap();
        assert!(verify_hash(t.expose(), &h).unwrap());
        assert!(!verify_hash(fresh("kw").expose(), &h).unwrap());
    }

    #[test]
    fn redaction_never_shows_the_secret() {
        let t = fresh("kw");
        let r = redact(t.expose());
        assert!(r.starts_with("kw_") && r.ends_with('…'));
        assert_eq!(r.chars().count(), 3 + 4 + 1);
    }

    #[test]
    fn key_references() {
        assert_eq!(
            key_id_of_reference("kw_3kT9xQ2mB7aZ", "kw"),
            Some("3kT9xQ2mB7aZ")
        );
        assert_eq!(
            key_id_of_reference("3kT9xQ2mB7aZ", "kw"),
            Some("3kT9xQ2mB7aZ")
        );
        assert_eq!(key_id_of_reference("billing bot", "kw"), None);
        assert_eq!(key_id_of_reference("mcp_3kT9xQ2mB7aZ", "kw"), None);
    }

    proptest! {
        #[test]
        fn every_generated_token_parses(prefix in "[a-z][a-z0-9]{1,15}") {
            let t = fresh(&prefix);
            let p = parse_for(t.expose(), &prefix).unwrap();
            prop_assert_eq!(p.prefix, prefix.as_str());
            prop_assert!(t.expose().len() <= 67);
        }

        #[test]
        fn any_single_character_change_is_malformed(pos in 3usize..53, c in proptest::sample::select(ALPHABET.to_vec())) {
            let t = fresh("kw");
            let s = t.expose();
            prop_assume!(s.as_bytes()[pos] != c);
            let mut b = s.as_bytes().to_vec();
            b[pos] = c;
            let changed = String::from_utf8(b).unwrap();
            // CRC-32 detects every single-symbol substitution.
            prop_assert_eq!(parse(&changed), Err(Malformed::Checksum));
        }

        #[test]
        fn arbitrary_strings_never_panic(s in "\\PC{0,80}") {
            let _ = parse(&s);
            let _ = redact(&s);
        }

        #[test]
        fn wrong_alphabet_or_length_is_malformed(body in "[A-Za-z0-9]{0,49}|[A-Za-z0-9]{51,60}") {
            let s = format!("kw_{body}");
            prop_assert_eq!(parse(&s), Err(Malformed::Length));
        }
    }
}
