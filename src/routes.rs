//! A routes file: what an HTTP request needs, from its method and path
//! (contract §10), for servers whose proxy cannot set `X-Keywarden-*`.
//!
//! The file is TOML, one `[[route]]` table per route:
//!
//! ```toml
//! [[route]]
//! methods = ["GET", "HEAD"]            # optional; every method when absent
//! path = "/orgs/{org}/docs/{doc}"      # matchit syntax: {name} is one segment
//! resource = "org:{org}/collection:docs/doc:{doc}"
//! ability = "read:docs"                # each of these three is optional
//!
//! [[route]]
//! methods = ["POST"]
//! path = "/orgs/{org}/tools/{tool}"
//! resource = "org:{org}"
//! tool = "{tool}"
//! ```
//!
//! Matching follows [`matchit`] (the router under axum): a static segment
//! beats `{name}`, which beats a trailing `{*rest}`, left to right. Two
//! routes that could both match one path for one method must be ordered
//! that way at every segment, or the file is refused at load, so the
//! answer never depends on the order of routes or on the matcher's
//! left-to-right preference. A route for named methods beats one for every
//! method at the same path. `{name}` in `resource`, `ability` and `tool` is
//! replaced by the segment the path captured there; a catch-all capture
//! may not be used (it spans segments).
//!
//! Paths are read strictly, because the upstream may read them otherwise:
//! the query is dropped; each segment is percent-decoded; a fragment, an
//! empty segment (`//`, a trailing `/`), a segment of dots or ending in a
//! dot or blank, and a decoded `/`, `\`, `;`, blank or control character
//! are refused, never normalized. A path no route matches is refused: the
//! file fails closed.

use std::collections::HashMap;
use std::path::Path;

use serde::Deserialize;

use crate::authz::{ScopePath, validate_ability, validate_tool};
use crate::error::{Error, Result};

/// The most a routes file may hold.
pub const MAX_ROUTES_FILE_BYTES: u64 = 1 << 20;

/// What a request needs, as [`crate::VerifyRequest`] takes it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Needs {
    pub resource: Option<ScopePath>,
    pub ability: Option<String>,
    pub tool: Option<String>,
}

/// One route, as written in the file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RouteSpec {
    /// `None`: every method (an empty list is refused at load).
    #[serde(default, deserialize_with = "some_methods")]
    methods: Vec<String>,
    path: String,
    resource: Option<String>,
    ability: Option<String>,
    tool: Option<String>,
}

/// `methods = []` would read as "no method"; it is refused rather than
/// taken as every method (leave `methods` out for that).
fn some_methods<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> std::result::Result<Vec<String>, D::Error> {
    let v = Vec::<String>::deserialize(d)?;
    if v.is_empty() {
        return Err(serde::de::Error::custom(
            "methods = [] matches nothing: list the methods, or leave `methods` out for every method",
        ));
    }
    Ok(v)
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    route: Vec<RouteSpec>,
}

/// A loaded routes file: one matcher per method named in it, and one for
/// every other method.
#[derive(Debug)]
pub struct Routes {
    specs: Vec<RouteSpec>,
    by_method: HashMap<String, matchit::Router<usize>>,
    any: matchit::Router<usize>,
}

impl Routes {
    /// Reads and checks the routes file at `path` (at most 1 MiB).
    ///
    /// Errors: [`Error::File`] when it cannot be read; [`Error::Invalid`]
    /// naming the file, the route and what is wrong with it.
    pub fn load(path: &Path) -> Result<Routes> {
        // A file that cannot be read is bad input, like one that cannot
        // be parsed: `serve` stops before it listens, with exit code 2.
        let bytes = crate::files::read_bounded(path, MAX_ROUTES_FILE_BYTES, "routes file")
            .map_err(|e| match e {
                Error::File { source, .. } => Error::invalid(format!(
                    "cannot read routes file {}: {source}",
                    path.display()
                )),
                other => other,
            })?;
        let text = std::str::from_utf8(&bytes).map_err(|_| {
            Error::invalid(format!("routes file {}: not UTF-8 text", path.display()))
        })?;
        Routes::parse(text)
            .map_err(|e| Error::invalid(format!("routes file {}: {e}", path.display())))
    }

    /// Parses and checks routes-file text: every method, path and template
    /// is checked here, so a request can only fail on its own input.
    pub fn parse(text: &str) -> Result<Routes> {
        let file: File = toml::from_str(text)
            .map_err(|e| Error::invalid(e.to_string().trim().replace('\n', " ")))?;
        if file.route.is_empty() {
            return Err(Error::invalid(
                "it has no [[route]]: add one per method and path, e.g. \
                 [[route]] path = \"/docs/{doc}\" resource = \"org:acme/doc:{doc}\"",
            ));
        }
        for (i, r) in file.route.iter().enumerate() {
            check_spec(r)
                .map_err(|e| Error::invalid(format!("route {} ({:?}): {e}", i + 1, r.path)))?;
        }
        let mut named: Vec<&str> = file
            .route
            .iter()
            .flat_map(|r| r.methods.iter().map(String::as_str))
            .collect();
        named.sort_unstable();
        named.dedup();
        let build = |method: Option<&str>| -> Result<matchit::Router<usize>> {
            let mut router = matchit::Router::new();
            let mut taken: HashMap<&str, (usize, bool)> = HashMap::new();
            let mut placed: Vec<usize> = Vec::new();
            // Routes for this method first; then those for every method,
            // except where this method already has the same path.
            let specific = file
                .route
                .iter()
                .enumerate()
                .filter(|(_, r)| method.is_some_and(|m| r.methods.iter().any(|x| x == m)));
            let general = file
                .route
                .iter()
                .enumerate()
                .filter(|(_, r)| r.methods.is_empty());
            for (i, r) in specific.chain(general) {
                let general = r.methods.is_empty();
                if general
                    && taken
                        .get(r.path.as_str())
                        .is_some_and(|(_, specific)| *specific)
                {
                    continue;
                }
                if let Some(&(j, _)) = taken.get(r.path.as_str()) {
                    return Err(Error::invalid(format!(
                        "routes {} and {} both match {} {:?}: keep one",
                        j + 1,
                        i + 1,
                        method.unwrap_or("every method"),
                        r.path
                    )));
                }
                router.insert(r.path.clone(), i).map_err(|e| {
                    Error::invalid(format!(
                        "route {} ({:?}) for {}: {e}",
                        i + 1,
                        r.path,
                        method.unwrap_or("every method")
                    ))
                })?;
                taken.insert(&r.path, (i, !general));
                placed.push(i);
            }
            // Two routes that both match some path must be ordered by
            // specificity, or the answer would depend on the matcher's
            // left-to-right preference rather than on what the file means.
            for (x, &i) in placed.iter().enumerate() {
                for &j in &placed[x + 1..] {
                    let (a, b) = (pattern(&file.route[i].path), pattern(&file.route[j].path));
                    if overlap(&a, &b) && !dominates(&a, &b) && !dominates(&b, &a) {
                        return Err(Error::invalid(format!(
                            "routes {} ({:?}) and {} ({:?}) both match some {} request and \
                             neither is more specific at every segment; make them disjoint",
                            i + 1,
                            file.route[i].path,
                            j + 1,
                            file.route[j].path,
                            method.unwrap_or("")
                        )));
                    }
                }
            }
            Ok(router)
        };
        let mut by_method = HashMap::new();
        for m in &named {
            by_method.insert((*m).to_owned(), build(Some(m))?);
        }
        let any = build(None)?;
        Ok(Routes {
            specs: file.route,
            by_method,
            any,
        })
    }

    /// What `method` on `uri` (a request target: path and maybe a query)
    /// needs. `Err` is the reason to refuse the request: no route, or a
    /// path that is not read (see the module docs), or a captured segment
    /// that does not make a valid scope, ability or tool.
    pub fn resolve(&self, method: &str, uri: &str) -> Result<Needs, String> {
        let path = strict_path(uri)?;
        let router = self.by_method.get(method).unwrap_or(&self.any);
        let m = router.at(&path).map_err(|_| {
            format!(
                "no route in the routes file matches {} {}",
                shown(method),
                shown(&path)
            )
        })?;
        let spec = &self.specs[*m.value];
        let fill = |t: &Option<String>| -> Option<String> {
            t.as_ref().map(|t| {
                let mut out = t.clone();
                for (k, v) in m.params.iter() {
                    out = out.replace(&format!("{{{k}}}"), v);
                }
                out
            })
        };
        let resource = fill(&spec.resource)
            .map(|r| r.parse::<ScopePath>())
            .transpose()
            .map_err(|e| format!("{} {}: {e}", shown(method), shown(&path)))?;
        let ability = fill(&spec.ability);
        if let Some(a) = &ability {
            validate_ability(a).map_err(|e| format!("{} {}: {e}", shown(method), shown(&path)))?;
        }
        let tool = fill(&spec.tool);
        if let Some(t) = &tool {
            validate_tool(t).map_err(|e| format!("{} {}: {e}", shown(method), shown(&path)))?;
        }
        Ok(Needs {
            resource,
            ability,
            tool,
        })
    }
}

/// Checks one route: its methods, its path, and that each template names
/// only single-segment captures and is valid with a sample value.
fn check_spec(r: &RouteSpec) -> Result<()> {
    for m in &r.methods {
        if m.is_empty() || !m.bytes().all(|c| c.is_ascii_uppercase()) {
            return Err(Error::invalid(format!(
                "method {m:?} is not an HTTP method in capitals, e.g. \"GET\""
            )));
        }
    }
    let mut seen = r.methods.clone();
    seen.sort_unstable();
    seen.dedup();
    if seen.len() != r.methods.len() {
        return Err(Error::invalid("a method is listed twice"));
    }
    if !r.path.starts_with('/') {
        return Err(Error::invalid("a path starts with `/`"));
    }
    let mut single = Vec::new();
    let segments = pattern(&r.path);
    let last = segments.len().saturating_sub(1);
    for (i, seg) in segments.iter().enumerate() {
        match seg {
            Seg::Param(name) | Seg::CatchAll(name) => {
                let ident = !name.is_empty()
                    && name.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'_');
                if !ident {
                    return Err(Error::invalid(format!(
                        "capture {{{name}}}: name it with letters, digits and `_`"
                    )));
                }
                if single.contains(name)
                    || segments[..i]
                        .iter()
                        .any(|s| matches!(s, Seg::CatchAll(n) if n == name))
                {
                    return Err(Error::invalid(format!("capture {{{name}}} is named twice")));
                }
                if matches!(seg, Seg::CatchAll(_)) && i != last {
                    return Err(Error::invalid("a {*rest} capture must be the last segment"));
                }
                if let Seg::Param(n) = seg {
                    single.push(n);
                }
            }
            Seg::Static(text) => {
                if (r.path != "/" && !segment_is_plain(text))
                    || text.contains(['%', '?', '#', '{', '}', '*'])
                {
                    return Err(Error::invalid(format!(
                        "segment {text:?} can never match: a path is plain segments (no empty, \
                         dot, `;`, `%`, `?` or blank ones) and {{name}} captures"
                    )));
                }
            }
        }
    }
    for (field, t) in [
        ("resource", &r.resource),
        ("ability", &r.ability),
        ("tool", &r.tool),
    ] {
        let Some(t) = t else { continue };
        let mut sample = t.clone();
        let mut rest = t.as_str();
        while let Some(open) = rest.find('{') {
            let after = &rest[open + 1..];
            let close = after
                .find('}')
                .ok_or_else(|| Error::invalid(format!("{field} {t:?} has a `{{` without `}}`")))?;
            let name = &after[..close];
            if !single.contains(&name) {
                return Err(Error::invalid(format!(
                    "{field} {t:?} uses {{{name}}}, which the path does not capture as one segment \
                     (`{{{name}}}` in the path; a `{{*rest}}` catch-all cannot be used)"
                )));
            }
            sample = sample.replace(&format!("{{{name}}}"), "x");
            rest = &after[close + 1..];
        }
        let checked = match field {
            "resource" => sample.parse::<ScopePath>().map(drop),
            "ability" => validate_ability(&sample),
            _ => validate_tool(&sample),
        };
        checked.map_err(|e| Error::invalid(format!("{field} {t:?}: {e}")))?;
    }
    // matchit checks the path's own syntax when it is inserted.
    Ok(())
}

/// One segment of a route's path.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Seg<'a> {
    Static(&'a str),
    Param(&'a str),
    CatchAll(&'a str),
}

/// The segments of a route's path (`/` alone has one empty static one).
fn pattern(path: &str) -> Vec<Seg<'_>> {
    path.split('/')
        .skip(1)
        .map(|seg| {
            if let Some(n) = seg.strip_prefix("{*").and_then(|s| s.strip_suffix('}')) {
                Seg::CatchAll(n)
            } else if let Some(n) = seg.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
                Seg::Param(n)
            } else {
                Seg::Static(seg)
            }
        })
        .collect()
}

/// Whether some request path matches both patterns.
fn overlap(a: &[Seg<'_>], b: &[Seg<'_>]) -> bool {
    match (a.first(), b.first()) {
        (None, None) => true,
        (Some(Seg::CatchAll(_)), Some(_)) | (Some(_), Some(Seg::CatchAll(_))) => true,
        (None, Some(_)) | (Some(_), None) => false,
        (Some(Seg::Static(x)), Some(Seg::Static(y))) if x != y => false,
        _ => overlap(&a[1..], &b[1..]),
    }
}

/// Whether `a` is at least as specific as `b` at every segment, so that
/// `a` rightly wins every path both match (the matcher prefers a literal
/// segment to a capture, and a capture to a catch-all, left to right).
fn dominates(a: &[Seg<'_>], b: &[Seg<'_>]) -> bool {
    match (a.first(), b.first()) {
        (None, None) => true,
        (Some(_), Some(Seg::CatchAll(_))) => true,
        (Some(Seg::CatchAll(_)), Some(_)) | (None, _) | (_, None) => false,
        (Some(Seg::Param(_)), Some(Seg::Static(_))) => false,
        _ => dominates(&a[1..], &b[1..]),
    }
}

/// The longest original URI read; a longer one is refused.
const MAX_URI_BYTES: usize = 8 << 10;

/// The path of a request target, read strictly (see the module docs).
fn strict_path(uri: &str) -> Result<String, String> {
    if uri.len() > MAX_URI_BYTES {
        return Err(format!(
            "the original URI is longer than {MAX_URI_BYTES} bytes"
        ));
    }
    if uri.contains('#') {
        return Err(format!("the original URI {:?} has a fragment", shown(uri)));
    }
    let path = uri.split('?').next().unwrap_or_default();
    if !path.starts_with('/') {
        return Err(format!(
            "the original path {:?} does not start with `/`",
            shown(path)
        ));
    }
    if path == "/" {
        return Ok(path.to_owned());
    }
    let mut out = String::with_capacity(path.len());
    for seg in path.split('/').skip(1) {
        let decoded = percent_encoding::percent_decode_str(seg)
            .decode_utf8()
            .map_err(|_| format!("the original path {:?} is not UTF-8", shown(path)))?;
        if !segment_is_plain(&decoded) {
            return Err(format!(
                "the original path {:?} has an empty, dot, `;`, blank or encoded-separator \
                 segment; it is refused rather than normalized, since the upstream may read it \
                 otherwise",
                shown(path)
            ));
        }
        out.push('/');
        out.push_str(&decoded);
    }
    Ok(out)
}

/// A decoded path segment that every server reads the same way: not
/// empty (`//`, a trailing `/`), not only dots (`..`, `..%20`, fullwidth
/// dots), not ending in a dot or blank (Windows servers strip them), and
/// with no `/`, `\`, `;` (path parameters: `..;/` in Tomcat and Spring),
/// blank or control character.
fn segment_is_plain(seg: &str) -> bool {
    let dotlike = |c: char| matches!(c, '.' | '\u{2024}' | '\u{FE52}' | '\u{FF0E}');
    !seg.is_empty()
        && !seg.chars().all(|c| dotlike(c) || c.is_whitespace())
        && !seg.ends_with(|c: char| dotlike(c) || c.is_whitespace())
        && !seg
            .chars()
            .any(|c| matches!(c, '/' | '\\' | ';') || c.is_whitespace() || c.is_control())
}

/// A path for a message: cut, control characters escaped.
fn shown(p: &str) -> String {
    p.chars()
        .take(200)
        .flat_map(char::escape_debug)
        .collect::<String>()
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = r#"
[[route]]
methods = ["GET", "HEAD"]
path = "/orgs/{org}/docs/{doc}"
resource = "org:{org}/collection:docs/doc:{doc}"
ability = "read:docs"

[[route]]
path = "/orgs/{org}/docs/{doc}"
resource = "org:{org}/collection:docs/doc:{doc}"
ability = "write:docs"

[[route]]
methods = ["GET"]
path = "/orgs/{org}/docs/index"
resource = "org:{org}/collection:docs"
ability = "list:docs"

[[route]]
methods = ["POST"]
path = "/orgs/{org}/tools/{tool}"
resource = "org:{org}"
tool = "{tool}"

[[route]]
path = "/static/{*rest}"
"#;

    type Strings = (Option<String>, Option<String>, Option<String>);

    fn needs(r: &Routes, m: &str, u: &str) -> Result<Strings, String> {
        r.resolve(m, u)
            .map(|n| (n.resource.map(|s| s.to_string()), n.ability, n.tool))
    }

    #[test]
    fn the_most_specific_route_decides() {
        let r = Routes::parse(FILE).unwrap();
        let s = |x: &str| Some(x.to_owned());
        assert_eq!(
            needs(&r, "GET", "/orgs/acme/docs/42?x=1").unwrap(),
            (s("org:acme/collection:docs/doc:42"), s("read:docs"), None)
        );
        assert_eq!(
            needs(&r, "DELETE", "/orgs/acme/docs/42").unwrap(),
            (s("org:acme/collection:docs/doc:42"), s("write:docs"), None)
        );
        assert_eq!(
            needs(&r, "GET", "/orgs/acme/docs/index").unwrap(),
            (s("org:acme/collection:docs"), s("list:docs"), None)
        );
        // The index route is GET only: PUT falls to the every-method route.
        assert_eq!(
            needs(&r, "PUT", "/orgs/acme/docs/index").unwrap().1,
            s("write:docs")
        );
        assert_eq!(
            needs(&r, "POST", "/orgs/acme/tools/search").unwrap(),
            (s("org:acme"), None, s("search"))
        );
        assert_eq!(
            needs(&r, "GET", "/static/a/b.css").unwrap(),
            (None, None, None)
        );
    }

    #[test]
    fn unmatched_and_unreadable_paths_are_refused() {
        let r = Routes::parse(FILE).unwrap();
        for (m, u) in [
            ("GET", "/orgs/acme"),
            ("GET", "/nothing"),
            ("GET", "/orgs/acme/docs/42/extra"),
            ("GET", "/orgs/acme/docs/%2e%2e"),
            ("GET", "/orgs/acme/docs/.."),
            ("GET", "/orgs/acme/docs/a%2Fb"),
            ("GET", "/orgs/acme/docs/a%5Cb"),
            ("GET", "/orgs//acme/docs/1"),
            ("GET", "/orgs/acme/docs/%00"),
            ("GET", "/orgs/acme/docs/%ff"),
            ("GET", "orgs/acme/docs/1"),
            // A capture that does not make a scope id.
            ("GET", "/orgs/a:b/docs/1"),
            ("GET", "/orgs/a%20b/docs/1"),
            ("POST", "/orgs/acme/tools/bad%20tool"),
        ] {
            assert!(r.resolve(m, u).is_err(), "{m} {u} must be refused");
        }
    }

    /// Found by a black-box review: routes that overlap with no order of
    /// specificity, and route paths that can never match as written.
    #[test]
    fn ambiguous_or_unmatchable_routes_are_refused_at_load() {
        let route =
            |m: &str, p: &str| format!("[[route]]\n{m}path = \"{p}\"\nresource = \"org:x\"\n");
        for (text, says) in [
            (
                route("", "/orgs/{org}/admin")
                    + &route("methods = [\"GET\"]\n", "/orgs/acme/{section}"),
                "neither is more specific",
            ),
            (
                route("", "/x/{a}/secret") + &route("", "/x/b/{y}"),
                "neither is more specific",
            ),
            (
                route("", "/p/{*rest}") + &route("", "/{a}/q"),
                "neither is more specific",
            ),
            (route("", "/dup/{v}/{v}"), "named twice"),
            (route("methods = []\n", "/a"), "methods = []"),
            (route("", "/a/../b"), "can never match"),
            (route("", "/a//b"), "can never match"),
            (route("", "/a/b?x=1"), "can never match"),
            (route("", "/a/%62"), "can never match"),
            (route("", "/a/{*rest}/b"), "last segment"),
        ] {
            let e = Routes::parse(&text).unwrap_err().to_string();
            assert!(e.contains(says), "{text:?}: {e}");
        }
        // More specific at every segment is fine, and wins.
        let r = Routes::parse(
            &(route("", "/orgs/{org}/{*rest}")
                + &route("", "/orgs/{org}/admin").replace("org:x", "org:admin")),
        )
        .unwrap();
        assert_eq!(
            r.resolve("GET", "/orgs/acme/admin")
                .unwrap()
                .resource
                .unwrap()
                .to_string(),
            "org:admin"
        );
    }

    /// Found by a black-box review: paths an upstream (Tomcat, Spring,
    /// IIS) may read as another path are refused.
    #[test]
    fn paths_an_upstream_may_reinterpret_are_refused() {
        let r = Routes::parse(
            "[[route]]\npath = \"/pub/{*rest}\"\n[[route]]\npath = \"/orgs/{org}/{*rest}\"\n",
        )
        .unwrap();
        for u in [
            "/pub/..;/adm/x",
            "/pub/%2e%2e;/adm/x",
            "/pub/..%3b/adm/x",
            "/pub/.;/x",
            "/pub/x#/../../adm/x",
            "/pub/..%20/adm",
            "/pub/.. /adm",
            "/pub/%ef%bc%8e%ef%bc%8e/adm",
            "/orgs/acme/admin/",
            "/orgs/acme/admin;",
            "/orgs/acme/admin.",
            "/pub/a%09b",
        ] {
            assert!(r.resolve("GET", u).is_err(), "{u} must be refused");
        }
        assert!(r.resolve("GET", "/pub/a/b.css?v=1").is_ok());
        let long = format!("/pub/{}", "a".repeat(10_000));
        let e = r.resolve("GET", &long).unwrap_err();
        assert!(e.len() < 300, "{e}");
    }

    #[test]
    fn bad_files_are_refused_at_load_naming_the_route() {
        for (text, says) in [
            ("", "no [[route]]"),
            ("[[route]]\npath = \"x\"", "route 1"),
            ("[[route]]\npath = \"/a\"\nmethods = [\"get\"]", "capitals"),
            (
                "[[route]]\npath = \"/a/{x}\"\nresource = \"org:{y}\"",
                "does not capture",
            ),
            (
                "[[route]]\npath = \"/a/{*x}\"\nresource = \"org:{x}\"",
                "catch-all",
            ),
            (
                "[[route]]\npath = \"/a/{x}\"\nresource = \"org\"",
                "resource",
            ),
            (
                "[[route]]\npath = \"/a/{x}\"\nability = \"bad ability\"",
                "ability",
            ),
            (
                "[[route]]\npath = \"/a/{x}\"\n[[route]]\npath = \"/a/{y}\"",
                "conflict",
            ),
            (
                "[[route]]\npath = \"/a\"\n[[route]]\npath = \"/a\"",
                "routes 1 and 2",
            ),
            (
                "[[route]]\npath = \"/a\"\nresorce = \"org:a\"",
                "unknown field",
            ),
        ] {
            let e = Routes::parse(text).unwrap_err().to_string();
            assert!(e.contains(says), "{text:?}: {e}");
        }
    }
}
