//! Token parsing: `token::parse`, `parse_for`, `redact`, `key_id_of_reference`.
//!
//! Input: `PREFIX\nTEXT` (no newline: the whole input is TEXT, prefix `kw`).
//! Checks, besides "never panics":
//! - a parsed token is exactly `prefix "_" body` of the trimmed input, with a
//!   valid prefix, a 50-char base62 body, the key id its first 12 chars and a
//!   checksum that recomputes; parsing it again gives the same result;
//! - `parse_for` succeeds exactly when `parse` does with that prefix;
//! - `redact` of a valid token is `prefix_` + 4 key-id chars + `…`, and never
//!   holds any of the secret; `redact` of anything is never longer than the
//!   input plus the ellipsis;
//! - `key_id_of_reference` only returns 12 base62 chars that are the whole
//!   reference or what follows `prefix_`;
//! - a token minted by `generate` for a valid prefix parses back.
use keywarden::token::{self, BODY_LEN, KEY_ID_LEN, SECRET_LEN};

fn check(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let (prefix, s) = match text.split_once('\n') {
        Some((p, s)) => (p, s),
        None => ("kw", text),
    };

    let parsed = token::parse(s);
    if let Ok(p) = parsed {
        let full = p.full();
        assert_eq!(full, s.trim());
        assert!(token::validate_prefix(p.prefix).is_ok(), "{p:?}");
        let body = &full[p.prefix.len() + 1..];
        assert_eq!(&full[..p.prefix.len() + 1], format!("{}_", p.prefix));
        assert_eq!(body.len(), BODY_LEN);
        assert!(body.bytes().all(|b| token::ALPHABET.contains(&b)));
        assert_eq!(p.key_id, &body[..KEY_ID_LEN]);
        assert_eq!(
            token::checksum(&body.as_bytes()[..KEY_ID_LEN + SECRET_LEN]),
            body.as_bytes()[KEY_ID_LEN + SECRET_LEN..]
        );
        assert_eq!(token::parse(full), Ok(p));

        let shown = token::redact(full);
        assert_eq!(shown, format!("{}_{}…", p.prefix, &p.key_id[..4]));
        let secret = &body[KEY_ID_LEN..KEY_ID_LEN + SECRET_LEN];
        assert!(!shown.contains(secret));
    }

    match token::parse_for(s, prefix) {
        Ok(p) => assert_eq!(parsed, Ok(p)),
        Err(token::Malformed::WrongPrefix) => {
            assert!(parsed.is_ok_and(|p| p.prefix != prefix))
        }
        Err(e) => assert_eq!(parsed.map(|_| ()), Err(e)),
    }

    let shown = token::redact(s);
    assert!(shown.len() <= s.len() + '…'.len_utf8(), "{shown:?}");

    for reference in [s, prefix] {
        if let Some(id) = token::key_id_of_reference(reference, prefix) {
            assert_eq!(id.len(), KEY_ID_LEN);
            assert!(id.bytes().all(|b| b.is_ascii_alphanumeric()));
            assert!(reference == id || reference == format!("{prefix}_{id}"));
        }
    }

    if token::validate_prefix(prefix).is_ok() {
        let key_id = match token::key_id_of_reference(s, prefix) {
            Some(id) => id.to_owned(),
            None => "0123456789ab".to_owned(),
        };
        let minted = token::generate(prefix, &key_id);
        let p = token::parse_for(minted.expose(), prefix).expect("a minted token parses");
        assert_eq!(p.key_id, key_id);
        assert_eq!(
            token::key_id_of_reference(&format!("{prefix}_{key_id}"), prefix),
            Some(&*key_id)
        );
    }
}

fn main() {
    afl::fuzz!(|data: &[u8]| check(data));
}
