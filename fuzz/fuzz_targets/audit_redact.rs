//! Audit detail redaction: `ops::audit::redact_tokens`, plus
//! `validate_action` and `validate_actor_kind`.
//!
//! Checks, besides "never panics":
//! - the output never holds a live token. A token in text is what
//!   `keywarden scan` finds: `prefix_` + a 50-char body with a valid
//!   checksum, not preceded or followed by a word character
//!   (`[A-Za-z0-9_]`). For every `_` of the output, the maximal run of
//!   `[a-z0-9]` before it is taken as the prefix; when that is not preceded
//!   by a word character and the 51 bytes from the `_` form a token that
//!   `token::parse` accepts and is not followed by a word character, the
//!   redaction failed. (`scan::Scanner` with that prefix is asked too.)
//! - an input without any `_` comes back borrowed and unchanged;
//!   redacting twice changes nothing more.
//! - `validate_action` accepts exactly dotted `[a-z][a-z0-9_-]*` words, at
//!   most 64 bytes; `validate_actor_kind` exactly 1–32 bytes of
//!   `[a-z0-9_-]`.
use keywarden::ops::audit;
use keywarden::scan::Scanner;
use keywarden::token::{self, BODY_LEN};
use std::borrow::Cow;

fn is_word(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

fn live_token(out: &str) -> Option<&str> {
    let b = out.as_bytes();
    for (u, _) in out.match_indices('_') {
        let mut start = u;
        while start > 0 && (b[start - 1].is_ascii_lowercase() || b[start - 1].is_ascii_digit()) {
            start -= 1;
        }
        let end = u + 1 + BODY_LEN;
        if start == u
            || end > b.len()
            || (start > 0 && is_word(b[start - 1]))
            || b.get(end).is_some_and(|&c| is_word(c))
        {
            continue;
        }
        let Ok(window) = std::str::from_utf8(&b[start..end]) else {
            continue;
        };
        if token::parse(window).is_ok() {
            return Some(window);
        }
    }
    None
}

/// KNOWN BUG (reported): `redact_tokens` panics (slicing `s[copied..start]`
/// with `start < copied`) when a token it redacts is directly followed by
/// `_` and the lowercase tail of that token reads as the prefix of another
/// token. The panic needs "a redactable token directly followed by `_`",
/// which is what this tests, so the campaign can skip exactly those inputs
/// (unless KEYWARDEN_FUZZ_NO_GUARD is set).
fn known_panic(s: &str) -> bool {
    let b = s.as_bytes();
    s.match_indices('_').any(|(u, _)| {
        let mut start = u;
        while start > 0 && (b[start - 1].is_ascii_lowercase() || b[start - 1].is_ascii_digit()) {
            start -= 1;
        }
        let end = u + 1 + BODY_LEN;
        end < b.len()
            && b[end] == b'_'
            && token::validate_prefix(&s[start..u]).is_ok()
            && token::check_body(&b[u + 1..end]).is_ok()
    })
}

fn action_ok(a: &str) -> bool {
    !a.is_empty()
        && a.len() <= 64
        && a.split('.').all(|w| {
            let b = w.as_bytes();
            !b.is_empty()
                && b[0].is_ascii_lowercase()
                && b.iter()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || b"_-".contains(c))
        })
}

fn actor_kind_ok(k: &str) -> bool {
    (1..=32).contains(&k.len())
        && k.as_bytes()[0].is_ascii_lowercase()
        && k.bytes()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || b"_-".contains(&c))
}

fn guarded() -> bool {
    static G: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *G.get_or_init(|| std::env::var_os("KEYWARDEN_FUZZ_GUARD").is_some())
}

fn check(data: &[u8]) {
    let Ok(s) = std::str::from_utf8(data) else {
        return;
    };
    assert_eq!(audit::validate_action(s).is_ok(), action_ok(s), "{s:?}");
    assert_eq!(
        audit::validate_actor_kind(s).is_ok(),
        actor_kind_ok(s),
        "{s:?}"
    );

    if guarded() && known_panic(s) {
        return;
    }
    let out = audit::redact_tokens(s);
    // Without `_` and without a run of 50 base62 characters (a token's
    // body alone is redacted too) there is nothing to redact.
    let longest_run = s
        .split(|c: char| !c.is_ascii_alphanumeric())
        .map(str::len)
        .max()
        .unwrap_or(0);
    if !s.contains('_') && longest_run < BODY_LEN {
        assert!(matches!(&out, Cow::Borrowed(b) if *b == s));
    }
    if let Some(t) = live_token(&out) {
        panic!("redact_tokens left a live token {t:?} in {out:?}");
    }
    let prefixes: Vec<&str> = out
        .match_indices('_')
        .filter_map(|(u, _)| {
            let b = out.as_bytes();
            let start = b[..u]
                .iter()
                .rposition(|c| !(c.is_ascii_lowercase() || c.is_ascii_digit()))
                .map_or(0, |i| i + 1);
            token::validate_prefix(&out[start..u])
                .ok()
                .map(|_| &out[start..u])
        })
        .collect();
    for p in prefixes {
        let hits = Scanner::new(p).find(out.as_bytes());
        assert!(hits.is_empty(), "scan finds {:?} in {out:?}", hits.len());
    }
    assert_eq!(
        audit::redact_tokens(&out),
        out,
        "redacting twice changed {s:?}"
    );
}

fn main() {
    afl::fuzz!(|data: &[u8]| check(data));
}
