//! Finding tokens in bytes (contract §9) — no I/O.
//!
//! A hit is `prefix_` followed by exactly 50 base62 characters whose CRC-32
//! checksum is valid. Nothing is required of the bytes around it: a token
//! glued to a word (`"failed\nkw_…"`, `id=xkw_…`, `kw_…next`) is still the
//! whole secret, readable by anyone who sees the text. The checksum is what
//! keeps look-alikes out: a random 50-character base62 run passes it with
//! probability 2^-32, so every position whose 50-character window checks
//! out is reported. The literal `prefix_` (or, for any prefix, `_`) is
//! found with SIMD search and only those few candidates are checked, so
//! scanning runs at memory speed.
//!
//! [`Finder`] is the one place that decides where a token is; `scan` and the
//! audit log's redaction both use it.

use std::borrow::Cow;
use std::ops::Range;

use encoding_rs::{Encoding, UTF_8, UTF_16BE, UTF_16LE};
use memchr::memmem;

use crate::secret::Secret;
use crate::token;

/// Where tokens are in a buffer: one prefix, or any valid prefix.
pub struct Finder {
    /// `prefix_` and its searcher; `None` finds every valid prefix.
    prefix: Option<(usize, memmem::Finder<'static>)>,
}

impl Finder {
    /// Tokens of one prefix, e.g. this store's.
    pub fn for_prefix(prefix: &str) -> Finder {
        let needle = format!("{prefix}_").into_bytes();
        Finder {
            prefix: Some((prefix.len(), memmem::Finder::new(&needle).into_owned())),
        }
    }

    /// Tokens of any prefix `[a-z][a-z0-9]{1,15}`; where several could be
    /// the prefix (`xkw_…`), the longest is taken.
    pub fn any() -> Finder {
        Finder { prefix: None }
    }

    /// The byte ranges of every token in `hay`, in order, never overlapping.
    pub fn find_iter<'h>(&'h self, hay: &'h [u8]) -> impl Iterator<Item = Range<usize>> + 'h {
        let underscores: Box<dyn Iterator<Item = usize> + 'h> = match &self.prefix {
            Some((len, f)) => Box::new(f.find_iter(hay).map(move |at| at + len)),
            None => Box::new(memchr::memchr_iter(b'_', hay)),
        };
        let mut floor = 0;
        underscores.filter_map(move |u| {
            let start = match &self.prefix {
                Some((len, _)) => u - len,
                None => prefix_start(hay, u, floor)?,
            };
            let end = body_end(hay, u)?;
            if start < floor {
                return None;
            }
            floor = end;
            Some(start..end)
        })
    }
}

/// The end of the token whose `_` is at `underscore`, when the 50 bytes
/// after it are base62 with a valid checksum, whatever follows them.
fn body_end(hay: &[u8], underscore: usize) -> Option<usize> {
    let end = underscore + 1 + token::BODY_LEN;
    token::check_body(hay.get(underscore + 1..end)?).ok()?;
    Some(end)
}

/// Where the longest valid prefix ending at `underscore` starts, not
/// before `floor` (the end of the previous token).
fn prefix_start(hay: &[u8], underscore: usize, floor: usize) -> Option<usize> {
    let lowest = underscore.saturating_sub(16).max(floor);
    let mut run = underscore;
    while run > lowest && (hay[run - 1].is_ascii_lowercase() || hay[run - 1].is_ascii_digit()) {
        run -= 1;
    }
    (run..underscore.saturating_sub(1)).find(|&s| hay[s].is_ascii_lowercase())
}

/// One token found in a buffer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    /// Byte offset of the token's first character.
    pub offset: usize,
    /// 1-based line and column (in bytes).
    pub line: u64,
    pub column: u64,
    pub key_id: String,
    /// The token itself, to check against the store; a [`Secret`], so
    /// `Debug` never prints it.
    pub token: Secret,
}

/// A reusable searcher for one prefix, with line and column numbers.
pub struct Scanner {
    finder: Finder,
}

impl Scanner {
    pub fn new(prefix: &str) -> Scanner {
        Scanner {
            finder: Finder::for_prefix(prefix),
        }
    }

    /// Every valid token in `hay`, in order.
    pub fn find(&self, hay: &[u8]) -> Vec<Hit> {
        let mut hits = Vec::new();
        let mut line = 1u64;
        let mut line_start = 0usize;
        let mut counted_to = 0usize;
        for r in self.finder.find_iter(hay) {
            // Lines are counted only up to hits, which are rare.
            for nl in memchr::memchr_iter(b'\n', &hay[counted_to..r.start]) {
                line += 1;
                line_start = counted_to + nl + 1;
            }
            counted_to = r.start;
            let text =
                std::str::from_utf8(&hay[r.clone()]).expect("base62 and the prefix are ASCII");
            let body = text.len() - token::BODY_LEN;
            hits.push(Hit {
                offset: r.start,
                line,
                column: (r.start - line_start + 1) as u64,
                key_id: text[body..body + token::KEY_ID_LEN].to_owned(),
                token: Secret::from(text),
            });
        }
        hits
    }
}

/// How much of a file decides whether it is binary or UTF-16.
const HEAD: usize = 8192;

/// Whether a buffer looks binary: a NUL byte in its first 8 KiB, as git
/// and ripgrep decide.
pub fn looks_binary(head: &[u8]) -> bool {
    memchr::memchr(0, &head[..head.len().min(HEAD)]).is_some()
}

/// The text to scan in a file's bytes, or `None` when it is binary.
///
/// UTF-16 is full of NUL bytes, so it would be skipped as binary; but it is
/// what PowerShell's `>` and some Windows editors write, and a token saved
/// that way is as live as any. A UTF-16 file with a BOM, or without one when
/// it is plainly text (every other byte of its head NUL), is decoded to
/// UTF-8 first, as ripgrep does, so lines and columns count in the decoded
/// text. A UTF-8 BOM is dropped so that it does not shift the columns.
pub fn text_of(buf: &[u8]) -> Option<Cow<'_, [u8]>> {
    let text = match Encoding::for_bom(buf).or_else(|| utf16_without_bom(buf)) {
        Some((enc, bom)) if enc == UTF_8 => Cow::Borrowed(&buf[bom..]),
        Some((enc, bom)) => {
            let (decoded, _) = enc.decode_without_bom_handling(&buf[bom..]);
            Cow::Owned(decoded.into_owned().into_bytes())
        }
        None => Cow::Borrowed(buf),
    };
    (!looks_binary(&text)).then_some(text)
}

/// UTF-16 without a BOM, told by its head: in ASCII-range text every other
/// byte is NUL and the bytes between them never are.
fn utf16_without_bom(buf: &[u8]) -> Option<(&'static Encoding, usize)> {
    let head = &buf[..buf.len().min(HEAD) & !1];
    let nul_at = |parity: usize| head.iter().skip(parity).step_by(2).all(|&b| b == 0);
    let text_at = |parity: usize| head.iter().skip(parity).step_by(2).all(|&b| b != 0);
    if head.is_empty() {
        None
    } else if nul_at(1) && text_at(0) {
        Some((UTF_16LE, 0))
    } else if nul_at(0) && text_at(1) {
        Some((UTF_16BE, 0))
    } else {
        None
    }
}

/// The gitleaks rule (TOML) for tokens of `prefix`. The regex is RE2
/// syntax (no look-arounds); it cannot check the CRC-32, so it keeps `\b`
/// at both ends to hold down false alarms, and misses a token glued to a
/// word. That is why `keywarden scan` is the precise tool and this rule a
/// tripwire.
pub fn gitleaks_rule(prefix: &str) -> String {
    format!(
        r#"# Tokens minted by keywarden with the prefix `{prefix}`: `{prefix}_` + 12-char key id
# + 32-char secret + 6-char CRC-32 checksum, all base62. A regex cannot check
# the checksum; `keywarden scan` does, and tells real tokens from look-alikes.
# `keywarden scan` also finds a token glued to a word (`x{prefix}_…`), which `\b` misses.
[[rules]]
id = "keywarden-{prefix}-token"
description = "keywarden API token ({prefix}_…)"
regex = '''\b{prefix}_[0-9A-Za-z]{{50}}\b'''
keywords = ["{prefix}_"]
entropy = 3.5
tags = ["keywarden", "api-key"]
"#
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tok(prefix: &str) -> String {
        token::generate(prefix, &token::new_key_id())
            .expose()
            .to_owned()
    }

    #[test]
    fn finds_real_tokens_with_positions() {
        let a = tok("kw");
        let b = tok("kw");
        let text = format!("first line\nAuthorization: Bearer {a}\n\"key\": \"{b}\", x\n");
        let hits = Scanner::new("kw").find(text.as_bytes());
        assert_eq!(hits.len(), 2);
        assert_eq!((hits[0].line, hits[0].column), (2, 23));
        assert_eq!(hits[0].token.expose(), a);
        assert_eq!(hits[0].key_id, &a[3..15]);
        assert_eq!((hits[1].line, hits[1].column), (3, 9));
    }

    #[test]
    fn skips_look_alikes() {
        let t = tok("kw");
        let mut bad_sum = t.clone().into_bytes();
        let last = bad_sum.len() - 1;
        bad_sum[last] = if bad_sum[last] == b'a' { b'b' } else { b'a' };
        let bad_sum = String::from_utf8(bad_sum).unwrap();
        for s in [
            bad_sum.as_str(),
            &format!("{} {}", &t[..52], &t[52..]),
            &format!("{}-{}", &t[..20], &t[21..]),
            &t[..52],
            &t.replace("kw_", "KW_"),
            &t.replace("kw_", "kw-"),
            &t.replace("kw_", "mcp_"),
        ] {
            assert!(Scanner::new("kw").find(s.as_bytes()).is_empty(), "{s}");
        }
    }

    #[test]
    fn finds_tokens_glued_to_words() {
        let t = tok("kw");
        let u = tok("kw");
        let cases = [
            (format!(r#"{{"log":"failed\n{t}"}}"#), 17),
            (format!("x{t}"), 2),
            (format!("_{t}"), 2),
            (format!("9{t}"), 2),
            (format!("{t}0"), 1),
            (format!("{t}_"), 1),
            (format!("{t}next"), 1),
            (format!("{t}\\nnext"), 1),
            (format!("({t})"), 2),
        ];
        for (s, column) in &cases {
            let hits = Scanner::new("kw").find(s.as_bytes());
            assert_eq!(hits.len(), 1, "{s}");
            assert_eq!((hits[0].line, hits[0].column), (1, *column), "{s}");
            assert_eq!(hits[0].token.expose(), t);
        }
        let two = Scanner::new("kw").find(format!("{t}{u}-{t}").as_bytes());
        let found: Vec<&str> = two.iter().map(|h| h.token.expose()).collect();
        assert_eq!(found, [&t, &u, &t]);
    }

    #[test]
    fn any_prefix_takes_the_longest_valid_one() {
        let t = tok("kw");
        let body = &t[3..];
        let text = |s: &str| -> Vec<String> {
            Finder::any()
                .find_iter(s.as_bytes())
                .map(|r| s[r].to_owned())
                .collect()
        };
        assert_eq!(text(&format!("failed\\n{t}")), [format!("n{t}")]);
        assert_eq!(text(&format!("9{t}")), [t.as_str()]);
        assert_eq!(text(&format!("X_{t}")), [t.as_str()]);
        let long = "abcdefghijklmnopqrst";
        assert_eq!(
            text(&format!("{long}_{body}")),
            [format!("efghijklmnopqrst_{body}")]
        );
        assert!(text(&format!("9_{body} _{body} A_{body}")).is_empty());
        // The next token's prefix never reaches into the previous token.
        let u = tok("acme");
        assert_eq!(text(&format!("{t}{u}")), [t.clone(), u.clone()]);
        assert_eq!(text(&format!("{t}_{}", &u[5..])), [t.as_str()]);
    }

    #[test]
    fn gitleaks_regex_matches_tokens_and_no_near_misses() {
        let rule = gitleaks_rule("kw");
        let pattern = rule
            .split("regex = '''")
            .nth(1)
            .unwrap()
            .split("'''")
            .next()
            .unwrap();
        let re = regex::Regex::new(&format!("^(?:{pattern})$")).unwrap();
        let within = regex::Regex::new(pattern).unwrap();
        for _ in 0..500 {
            let t = tok("kw");
            assert!(re.is_match(&t), "{t}");
            assert!(within.is_match(&format!("Bearer {t}\n")));
            assert!(within.is_match(&format!("\"{t}\"")));
        }
        let t = tok("kw");
        let near_misses = [
            format!("x{t}"),
            format!("_{t}"),
            format!("{t}0"),
            format!("{t}_"),
            t[..52].to_owned(),
            t.replace("kw_", "KW_"),
            t.replace("kw_", "kwx_"),
            t.replace("kw_", "kw-"),
            format!("{}-{}", &t[..20], &t[21..]),
            format!("{}é{}", &t[..20], &t[21..]),
            "kw_".to_owned(),
        ];
        for m in &near_misses {
            assert!(!within.is_match(m), "the rule matches a near-miss: {m}");
        }
        assert!(rule.contains("keywords = [\"kw_\"]"));
    }

    #[test]
    fn binary_detection() {
        assert!(looks_binary(b"abc\0def"));
        assert!(!looks_binary(b"plain text"));
    }

    fn utf16(s: &str, le: bool, bom: bool) -> Vec<u8> {
        let mut out = Vec::new();
        if bom {
            out.extend(if le { [0xFF, 0xFE] } else { [0xFE, 0xFF] });
        }
        for u in s.encode_utf16() {
            out.extend(if le { u.to_le_bytes() } else { u.to_be_bytes() });
        }
        out
    }

    #[test]
    fn utf16_is_decoded_and_binary_is_not() {
        let s = "first\r\nKEY=kw_x ünïcode\r\n";
        for (le, bom) in [(true, true), (false, true), (true, false), (false, false)] {
            let bytes = utf16(s, le, bom);
            let text = text_of(&bytes).unwrap();
            assert_eq!(std::str::from_utf8(&text).unwrap(), s, "le={le} bom={bom}");
        }
        assert_eq!(&*text_of(b"\xEF\xBB\xBFkw").unwrap(), b"kw");
        assert_eq!(&*text_of(b"plain").unwrap(), b"plain");
        assert!(text_of(b"abc\0def").is_none());
        assert!(text_of(b"\0\0\0\x01\x02").is_none());
        // Non-Latin UTF-16 without a BOM is not plainly text: left as binary.
        assert!(text_of(&utf16("key ключ", true, false)).is_none());
    }
}
