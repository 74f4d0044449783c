//! Scopes, abilities and tools (contract §3), decided by one pure function.
//!
//! [`authorize`] takes what a key was granted at mint time and what a
//! request asks for, and returns a [`Decision`] with a reason. It knows
//! nothing of stores or clocks: the caller looks up the tool's required
//! ability and checks revocation and expiry. Every "don't know" is a denial:
//! an unmapped tool, a missing ability, a tool outside the key's allow-list.

use std::fmt;
use std::str::FromStr;

use crate::error::{Error, Result};

/// One `kind:id` segment of a scope path.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Segment {
    pub kind: String,
    pub id: String,
}

/// A resource or scope path such as `org:acme/collection:docs`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ScopePath(Vec<Segment>);

impl ScopePath {
    pub fn segments(&self) -> &[Segment] {
        &self.0
    }

    /// True when `self` is a segment-wise prefix of `resource`: an org key
    /// covers the org's collections, never a sibling org or a `user:` tree.
    pub fn covers(&self, resource: &ScopePath) -> bool {
        resource.0.len() >= self.0.len() && self.0.iter().zip(&resource.0).all(|(a, b)| a == b)
    }
}

fn valid_kind(k: &str) -> bool {
    let mut b = k.bytes();
    matches!(b.next(), Some(c) if c.is_ascii_lowercase())
        && b.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == b'_' || c == b'-')
}

fn valid_id(i: &str) -> bool {
    !i.is_empty()
        && i.bytes()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'.' | b'_' | b'-'))
}

impl FromStr for ScopePath {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self> {
        let bad = |why: &str| {
            Error::invalid(format!(
                "invalid scope {s:?}: {why}; a scope is `kind:id` segments joined by `/`, \
                 e.g. `org:acme` or `org:acme/collection:docs` (kind [a-z][a-z0-9_-]*, id [A-Za-z0-9._-]+)"
            ))
        };
        if s.is_empty() {
            return Err(bad("it is empty"));
        }
        let segments = s
            .split('/')
            .map(|seg| {
                let (kind, id) = seg
                    .split_once(':')
                    .ok_or_else(|| bad("a segment has no `:`"))?;
                if !valid_kind(kind) {
                    return Err(bad(&format!("bad kind {kind:?}")));
                }
                if !valid_id(id) {
                    return Err(bad(&format!("bad id {id:?}")));
                }
                Ok(Segment {
                    kind: kind.to_owned(),
                    id: id.to_owned(),
                })
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(ScopePath(segments))
    }
}

impl fmt::Display for ScopePath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, s) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str("/")?;
            }
            write!(f, "{}:{}", s.kind, s.id)?;
        }
        Ok(())
    }
}

/// Checks an ability (`read:tables`, `ballast-search:read`, `mcp:full`):
/// 1–64 chars of `[A-Za-z0-9._:-]`, starting alphanumeric.
pub fn validate_ability(a: &str) -> Result<()> {
    validate_word(a, "ability", "`read:tables`, `ballast-search:read`")
}

/// The longest tool name: the MCP specification's (2025-11-25, "Tool
/// names").
pub const MAX_TOOL_NAME: usize = 128;

/// Checks a tool name as the MCP specification (2025-11-25) shapes it:
/// 1–128 characters of `A-Z a-z 0-9 _ - .`, plus `/` (SEP-986's namespace
/// separator) and `:` (accepted by keywarden from the start), any of them
/// first.
pub fn validate_tool(t: &str) -> Result<()> {
    let b = t.as_bytes();
    let ok = (1..=MAX_TOOL_NAME).contains(&b.len())
        && b.iter()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'.' | b'_' | b':' | b'-' | b'/'));
    if ok {
        Ok(())
    } else {
        Err(Error::invalid(format!(
            "invalid tool name {t:?}: use 1–{MAX_TOOL_NAME} characters from A-Z a-z 0-9 _ - . / :, \
             as MCP tool names are, e.g. `search`, `list_documents`, `admin.tools.list`"
        )))
    }
}

fn validate_word(w: &str, what: &str, examples: &str) -> Result<()> {
    let b = w.as_bytes();
    let ok = (1..=64).contains(&b.len())
        && b[0].is_ascii_alphanumeric()
        && b.iter()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'.' | b'_' | b':' | b'-'));
    if ok {
        Ok(())
    } else {
        Err(Error::invalid(format!(
            "invalid {what} {w:?}: use 1–64 characters from A-Z a-z 0-9 . _ : - starting with a \
             letter or digit, e.g. {examples}"
        )))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyKind {
    Client,
    Service,
}

impl KeyKind {
    pub fn as_str(self) -> &'static str {
        match self {
            KeyKind::Client => "client",
            KeyKind::Service => "service",
        }
    }
}

impl FromStr for KeyKind {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        match s {
            "client" => Ok(KeyKind::Client),
            "service" => Ok(KeyKind::Service),
            other => Err(Error::integrity(format!(
                "unknown key kind {other:?} in the store"
            ))),
        }
    }
}

/// What a key was granted at mint time.
#[derive(Debug, Clone, Copy)]
pub struct Grant<'a> {
    pub kind: KeyKind,
    pub scopes: &'a [ScopePath],
    pub abilities: &'a [String],
    /// The key's tool allow-list; `None` means "any tool its abilities allow".
    pub tools: Option<&'a [String]>,
}

/// What a request asks for. Absent parts are not checked.
#[derive(Debug, Clone, Copy, Default)]
pub struct Request<'a> {
    pub resource: Option<&'a ScopePath>,
    pub ability: Option<&'a str>,
    /// The tool, and the ability the tool catalog says it requires (`None`
    /// when the tool is not mapped).
    pub tool: Option<(&'a str, Option<&'a str>)>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    Allow,
    Deny(String),
}

impl Decision {
    pub fn is_allowed(&self) -> bool {
        matches!(self, Decision::Allow)
    }
}

/// The authorization decision for an authenticated, live key.
pub fn authorize(grant: &Grant<'_>, req: &Request<'_>) -> Decision {
    let service = grant.kind == KeyKind::Service;
    let has = |ability: &str| service || grant.abilities.iter().any(|a| a == ability);

    if let Some(resource) = req.resource
        && !service
        && !grant.scopes.iter().any(|s| s.covers(resource))
    {
        return Decision::Deny(format!("scope does not cover {resource}"));
    }
    if let Some(ability) = req.ability
        && !has(ability)
    {
        return Decision::Deny(format!("key lacks ability {ability}"));
    }
    if let Some((tool, required)) = req.tool {
        let Some(required) = required else {
            return Decision::Deny(format!(
                "tool {tool} is not mapped to an ability (tools set)"
            ));
        };
        if let Some(allowed) = grant.tools
            && !allowed.iter().any(|t| t == tool)
        {
            return Decision::Deny(format!("tool {tool} is not in the key's tool allow-list"));
        }
        if !has(required) {
            return Decision::Deny(format!("tool {tool} requires ability {required}"));
        }
    }
    Decision::Allow
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> ScopePath {
        s.parse().unwrap()
    }

    fn client<'a>(scopes: &'a [ScopePath], abilities: &'a [String]) -> Grant<'a> {
        Grant {
            kind: KeyKind::Client,
            scopes,
            abilities,
            tools: None,
        }
    }

    #[test]
    fn scope_parsing() {
        assert_eq!(
            p("org:acme/collection:docs").to_string(),
            "org:acme/collection:docs"
        );
        assert_eq!(p("team:8c1e-44/project:42").segments().len(), 2);
        for bad in [
            "",
            "org",
            "org:",
            ":acme",
            "Org:acme",
            "org:ac me",
            "org:acme/",
            "org:a;b",
            "org:a'b",
        ] {
            assert!(
                bad.parse::<ScopePath>().is_err(),
                "{bad:?} should be rejected"
            );
        }
    }

    #[test]
    fn coverage_is_segment_wise() {
        let org = p("org:acme");
        assert!(org.covers(&p("org:acme")));
        assert!(org.covers(&p("org:acme/collection:docs")));
        assert!(!org.covers(&p("org:acmecorp")));
        assert!(!org.covers(&p("org:other/collection:docs")));
        let coll = p("org:acme/collection:docs");
        assert!(!coll.covers(&p("org:acme/collection:wiki")));
        assert!(!coll.covers(&p("org:acme")));
        assert!(!org.covers(&p("user:alice/source:gmail")));
        assert!(p("user:alice").covers(&p("user:alice/source:gmail")));
        assert!(!p("user:alice").covers(&p("user:bob/source:gmail")));
    }

    #[test]
    fn decisions() {
        let scopes = [p("org:acme")];
        let abilities = vec!["read:tables".to_owned()];
        let g = client(&scopes, &abilities);
        let r = p("org:acme/collection:docs");
        let sibling = p("org:beta");
        assert!(
            authorize(
                &g,
                &Request {
                    resource: Some(&r),
                    ..Default::default()
                }
            )
            .is_allowed()
        );
        assert!(
            !authorize(
                &g,
                &Request {
                    resource: Some(&sibling),
                    ..Default::default()
                }
            )
            .is_allowed()
        );
        assert!(
            !authorize(
                &g,
                &Request {
                    ability: Some("write:tables"),
                    ..Default::default()
                }
            )
            .is_allowed()
        );
        // Tools fail closed.
        let unmapped = Request {
            tool: Some(("drop_db", None)),
            ..Default::default()
        };
        assert!(!authorize(&g, &unmapped).is_allowed());
        let needs_write = Request {
            tool: Some(("insert", Some("write:tables"))),
            ..Default::default()
        };
        assert!(!authorize(&g, &needs_write).is_allowed());
        let ok = Request {
            tool: Some(("query", Some("read:tables"))),
            ..Default::default()
        };
        assert!(authorize(&g, &ok).is_allowed());
        let allow = vec!["search".to_owned()];
        let listed = Grant {
            tools: Some(&allow),
            ..g
        };
        assert!(!authorize(&listed, &ok).is_allowed());
        assert!(
            authorize(
                &listed,
                &Request {
                    tool: Some(("search", Some("read:tables"))),
                    ..Default::default()
                }
            )
            .is_allowed()
        );
    }

    #[test]
    fn service_keys_cover_everything_but_unmapped_tools() {
        let g = Grant {
            kind: KeyKind::Service,
            scopes: &[],
            abilities: &[],
            tools: None,
        };
        let r = p("user:alice/source:gmail");
        assert!(
            authorize(
                &g,
                &Request {
                    resource: Some(&r),
                    ability: Some("x:y"),
                    tool: Some(("t", Some("a:b")))
                }
            )
            .is_allowed()
        );
        assert!(
            !authorize(
                &g,
                &Request {
                    tool: Some(("t", None)),
                    ..Default::default()
                }
            )
            .is_allowed()
        );
    }
}
