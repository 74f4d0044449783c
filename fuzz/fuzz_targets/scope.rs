//! Scope paths (`kind:id/kind:id`), abilities and tool names.
//!
//! Input: `A\nB` (or just `A`). Checks, besides "never panics":
//! - a parsed scope path prints back exactly as written, has at least one
//!   segment, each `kind` `[a-z][a-z0-9_-]*` and each `id` `[A-Za-z0-9._-]+`,
//!   and covers itself;
//! - `covers` is exactly "is a segment-wise prefix", i.e. the printed form
//!   of A is B's or a prefix of B's followed by `/`;
//! - `validate_ability` accepts exactly 1–64 chars of `[A-Za-z0-9._:-]`
//!   starting with a letter or digit; `validate_tool` exactly 1–128 chars
//!   of `[A-Za-z0-9._:/-]` (MCP's tool names).
use keywarden::authz::{self, ScopePath};

fn word_ok(w: &str) -> bool {
    let b = w.as_bytes();
    (1..=64).contains(&b.len())
        && b[0].is_ascii_alphanumeric()
        && b.iter()
            .all(|c| c.is_ascii_alphanumeric() || b".:_-".contains(c))
}

fn tool_ok(w: &str) -> bool {
    (1..=128).contains(&w.len())
        && w.bytes()
            .all(|c| c.is_ascii_alphanumeric() || b".:_/-".contains(&c))
}

fn parse(s: &str) -> Option<ScopePath> {
    let p = s.parse::<ScopePath>().ok()?;
    assert_eq!(p.to_string(), s);
    assert!(!p.segments().is_empty());
    for seg in p.segments() {
        let k = seg.kind.as_bytes();
        assert!(!k.is_empty() && k[0].is_ascii_lowercase(), "{seg:?}");
        assert!(
            k.iter()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || b"_-".contains(c))
        );
        assert!(!seg.id.is_empty());
        assert!(
            seg.id
                .bytes()
                .all(|c| c.is_ascii_alphanumeric() || b"._-".contains(&c))
        );
    }
    assert!(p.covers(&p));
    assert_eq!(s.parse::<ScopePath>().ok().as_ref(), Some(&p));
    Some(p)
}

fn check(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let (a, b) = text.split_once('\n').unwrap_or((text, text));
    let (pa, pb) = (parse(a), parse(b));
    if let (Some(pa), Some(pb)) = (&pa, &pb) {
        let (sa, sb) = (pa.to_string(), pb.to_string());
        let prefix = sb == sa || (sb.starts_with(&sa) && sb.as_bytes()[sa.len()] == b'/');
        assert_eq!(pa.covers(pb), prefix, "{sa:?} covers {sb:?}");
    }
    for w in [a, b] {
        assert_eq!(authz::validate_ability(w).is_ok(), word_ok(w), "{w:?}");
        assert_eq!(authz::validate_tool(w).is_ok(), tool_ok(w), "{w:?}");
    }
}

fn main() {
    afl::fuzz!(|data: &[u8]| check(data));
}
