//! Finding tokens in bytes (contract §9) — no I/O.
//!
//! A hit is `prefix_` followed by exactly 50 base62 characters whose CRC-32
//! checksum is valid, standing alone (no word character directly before
//! or after). The literal `prefix_` is found with SIMD substring search,
//! and only those few candidates are checked, so scanning runs at memory
//! speed; the checksum is what keeps look-alikes out.

use memchr::memmem;

use crate::token;

/// One token found in a buffer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    /// Byte offset of the token's first character.
    pub offset: usize,
    /// 1-based line and column (in bytes).
    pub line: u64,
    pub column: u64,
    pub key_id: String,
    /// The token itself, to check against the store; never printed.
    pub token: String,
}

fn is_word(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// A reusable searcher for one prefix.
pub struct Scanner {
    needle: Vec<u8>,
    finder: memmem::Finder<'static>,
}

impl Scanner {
    pub fn new(prefix: &str) -> Scanner {
        let needle = format!("{prefix}_").into_bytes();
        Scanner {
            finder: memmem::Finder::new(&needle).into_owned(),
            needle,
        }
    }

    /// Every valid token in `hay`, in order.
    pub fn find(&self, hay: &[u8]) -> Vec<Hit> {
        let mut hits = Vec::new();
        let mut line = 1u64;
        let mut line_start = 0usize;
        let mut counted_to = 0usize;
        for at in self.finder.find_iter(hay) {
            let body = at + self.needle.len();
            let end = body + token::BODY_LEN;
            if end > hay.len()
                || (at > 0 && is_word(hay[at - 1]))
                || hay.get(end).is_some_and(|&b| is_word(b))
                || token::check_body(&hay[body..end]).is_err()
            {
                continue;
            }
            // Lines are counted only up to hits, which are rare.
            for nl in memchr::memchr_iter(b'\n', &hay[counted_to..at]) {
                line += 1;
                line_start = counted_to + nl + 1;
            }
            counted_to = at;
            let text = std::str::from_utf8(&hay[at..end]).expect("base62 and the prefix are ASCII");
            hits.push(Hit {
                offset: at,
                line,
                column: (at - line_start + 1) as u64,
                key_id: text[self.needle.len()..self.needle.len() + token::KEY_ID_LEN].to_owned(),
                token: text.to_owned(),
            });
        }
        hits
    }
}

/// Whether a buffer looks binary: a NUL byte in its first 8 KiB, as git
/// and ripgrep decide.
pub fn looks_binary(head: &[u8]) -> bool {
    memchr::memchr(0, &head[..head.len().min(8192)]).is_some()
}

/// The gitleaks rule (TOML) for tokens of `prefix`. The regex is RE2
/// syntax (no look-arounds); it cannot check the CRC-32, which is why
/// `keywarden scan` is the precise tool and this rule a tripwire.
pub fn gitleaks_rule(prefix: &str) -> String {
    format!(
        r#"# Tokens minted by keywarden with the prefix `{prefix}`: `{prefix}_` + 12-char key id
# + 32-char secret + 6-char CRC-32 checksum, all base62. A regex cannot check
# the checksum; `keywarden scan` does, and tells real tokens from look-alikes.
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
        assert_eq!(hits[0].token, a);
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
            &format!("x{t}"),
            &format!("_{t}"),
            &format!("{t}0"),
            &format!("{t}_"),
            &t[..52],
            &t.replace("kw_", "KW_"),
            &t.replace("kw_", "mcp_"),
        ] {
            assert!(Scanner::new("kw").find(s.as_bytes()).is_empty(), "{s}");
        }
        assert_eq!(
            Scanner::new("kw").find(format!("({t})").as_bytes()).len(),
            1
        );
        assert_eq!(
            Scanner::new("kw").find(format!("{t}-{t}").as_bytes()).len(),
            2
        );
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
}
