//! Where a store is: parsing `--store` URLs (contract §1) and printing them
//! with the password replaced by `***`.
//!
//! A PostgreSQL password may come from the URL, `PGPASSWORD` or the pgpass
//! file, and is held as a [`Secret`] from the moment it is parsed.

use std::fmt;
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::error::{Error, Result};
use crate::secret::Secret;

#[derive(Clone)]
pub enum Location {
    Sqlite(PathBuf),
    Postgres(PgUrl),
}

impl fmt::Debug for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.redacted())
    }
}

impl Location {
    pub fn parse(s: &str) -> Result<Location> {
        let s = s.trim();
        if let Some(rest) = s.strip_prefix("sqlite:") {
            let path = rest.strip_prefix("//").unwrap_or(rest);
            if path.is_empty() {
                return Err(Error::invalid(
                    "store URL `sqlite:` has no path: use e.g. `sqlite:///var/lib/keywarden/keys.db`",
                ));
            }
            return Ok(Location::Sqlite(expand_home(path)));
        }
        if s.starts_with("postgres://") || s.starts_with("postgresql://") {
            return PgUrl::parse(s).map(Location::Postgres);
        }
        let lower = s.to_ascii_lowercase();
        if [".db", ".sqlite", ".sqlite3"]
            .iter()
            .any(|ext| lower.ends_with(ext))
            && !s.contains("://")
        {
            return Ok(Location::Sqlite(expand_home(s)));
        }
        Err(Error::invalid(format!(
            "unrecognized store {:?}: use `sqlite:PATH`, a path ending in .db or .sqlite, \
             or `postgres://user@host/db`",
            redact_url(s)
        )))
    }

    /// `sqlite://$XDG_DATA_HOME/keywarden/keywarden.db`.
    pub fn default_sqlite() -> Location {
        let base = std::env::var_os("XDG_DATA_HOME")
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
            .unwrap_or_else(|| home_dir().join(".local/share"));
        Location::Sqlite(base.join("keywarden").join("keywarden.db"))
    }

    /// The location for printing: never a password.
    pub fn redacted(&self) -> String {
        match self {
            Location::Sqlite(p) => format!("sqlite://{}", p.display()),
            Location::Postgres(u) => u.redacted(),
        }
    }
}

fn home_dir() -> PathBuf {
    std::env::var_os("HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/"))
}

fn expand_home(p: &str) -> PathBuf {
    match p.strip_prefix("~/") {
        Some(rest) => home_dir().join(rest),
        None => PathBuf::from(p),
    }
}

/// Replaces every password in a store URL or connection string with
/// `***`: the userinfo of a URL (`user:pw@host`, even when the password
/// holds an unescaped `/`, `?` or `@`), a `password=` query parameter
/// (however its name is percent-encoded), and libpq's `password=…`
/// keyword form. Used for every URL keywarden prints, and for input it
/// could not parse.
pub fn redact_url(s: &str) -> String {
    let shown = match s.split_once("://") {
        Some((scheme, rest)) => {
            // The last `@` ends the userinfo, whatever the password holds
            // (`/`, `?`, `#`, `@`); a URL with none has no password there.
            let rest = match rest.rfind('@') {
                Some(at) => match rest[..at].split_once(':') {
                    Some((user, _)) => format!("{user}:***@{}", &rest[at + 1..]),
                    None => rest.to_owned(),
                },
                None => rest.to_owned(),
            };
            match rest.find('?') {
                Some(i) => format!("{scheme}://{}{}", &rest[..i], redact_query(&rest[i..])),
                None => format!("{scheme}://{rest}"),
            }
        }
        None => s.to_owned(),
    };
    redact_keywords(&shown)
}

/// `?a=1&password=x` → `?a=1&password=***`.
fn redact_query(query: &str) -> String {
    let Some(pairs) = query.strip_prefix('?') else {
        return query.to_owned();
    };
    let redacted: Vec<String> = pairs
        .split('&')
        .map(|pair| {
            let key = pair.split_once('=').map_or(pair, |(k, _)| k);
            let decoded = percent_encoding::percent_decode_str(key).decode_utf8_lossy();
            if decoded.trim().eq_ignore_ascii_case("password") {
                format!("{key}=***")
            } else {
                pair.to_owned()
            }
        })
        .collect();
    format!("?{}", redacted.join("&"))
}

/// Any `password=…` left in a text, however it is written: libpq's keyword
/// form (`host=h password='p w'`), a `;` or `+` before it, an encoded
/// `=` (`password%3D…`). The value ends at `&`, `;`, white space or a
/// quote (a quoted value at its closing quote).
pub fn redact_keywords(s: &str) -> String {
    let lower = s.to_ascii_lowercase();
    let mut out = String::with_capacity(s.len());
    let mut copied = 0;
    let mut from = 0;
    while let Some(found) = lower[from..].find("password") {
        let at = from + found + "password".len();
        from = at;
        let rest = &s[at..];
        let spaced = rest.trim_start_matches([' ', '+']);
        let value = if let Some(v) = spaced.strip_prefix('=') {
            v.trim_start()
        } else if spaced
            .get(..3)
            .is_some_and(|p| p.eq_ignore_ascii_case("%3d"))
        {
            &spaced[3..]
        } else {
            continue;
        };
        if value.starts_with("***") {
            continue;
        }
        let len = if let Some(quoted) = value.strip_prefix(['\'', '"']) {
            quoted.find(['\'', '"']).map_or(value.len(), |i| i + 2)
        } else {
            value
                .find(|c: char| matches!(c, '&' | ';' | '\'' | '"') || c.is_whitespace())
                .unwrap_or(value.len())
        };
        let start = s.len() - value.len();
        out.push_str(&s[copied..start]);
        out.push_str("***");
        copied = start + len;
        from = copied;
    }
    out.push_str(&s[copied..]);
    out
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SslMode {
    Disable,
    Prefer,
    Require,
    VerifyCa,
    VerifyFull,
}

impl SslMode {
    fn parse(s: &str) -> Result<SslMode> {
        Ok(match s {
            "disable" => SslMode::Disable,
            "prefer" | "allow" => SslMode::Prefer,
            "require" => SslMode::Require,
            "verify-ca" => SslMode::VerifyCa,
            "verify-full" => SslMode::VerifyFull,
            other => {
                return Err(Error::invalid(format!(
                    "unknown sslmode {other:?}: use disable, prefer, require, verify-ca or verify-full"
                )));
            }
        })
    }
}

/// A parsed libpq-style URL.
#[derive(Clone)]
pub struct PgUrl {
    pub host: String,
    pub port: u16,
    pub user: String,
    pub password: Option<Secret>,
    pub dbname: String,
    pub sslmode: SslMode,
    pub sslrootcert: Option<PathBuf>,
    pub connect_timeout: Duration,
    pub application_name: Option<String>,
    pub options: Option<String>,
    /// The URL as given, for redacted printing.
    original: String,
}

impl fmt::Debug for PgUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.redacted())
    }
}

const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

impl PgUrl {
    /// Parses a libpq URL. No error it returns holds the password, in
    /// whichever place the URL carried it.
    pub fn parse(s: &str) -> Result<PgUrl> {
        PgUrl::parse_unredacted(s).map_err(|e| match e {
            Error::Invalid(m) => Error::Invalid(redact_keywords(&m)),
            other => other,
        })
    }

    fn parse_unredacted(s: &str) -> Result<PgUrl> {
        let shown = redact_url(s);
        let bad = |why: String| Error::invalid(format!("invalid PostgreSQL URL {shown}: {why}"));
        // libpq allows an empty host (`postgres://u@/db?host=…`); the url
        // crate does not, so parse it with a stand-in that `host=` replaces.
        let url = match url::Url::parse(s) {
            Err(url::ParseError::EmptyHost) => {
                let (scheme, rest) = s.split_once("://").unwrap_or((s, ""));
                let at = rest.rfind('@').map_or(0, |i| i + 1);
                url::Url::parse(&format!(
                    "{scheme}://{}localhost{}",
                    &rest[..at],
                    &rest[at..]
                ))
                .map_err(|e| bad(e.to_string()))?
            }
            other => other.map_err(|e| bad(e.to_string()))?,
        };
        let decode = |v: &str| -> Result<String> {
            percent_encoding::percent_decode_str(v)
                .decode_utf8()
                .map(|c| c.into_owned())
                .map_err(|_| bad("not valid UTF-8 after percent-decoding".into()))
        };

        let env = |k: &str| std::env::var(k).ok().filter(|v| !v.is_empty());
        let mut host = url
            .host_str()
            .map(|h| h.trim_matches(['[', ']']).to_owned());
        let mut port = url.port();
        let mut user = (!url.username().is_empty())
            .then(|| decode(url.username()))
            .transpose()?;
        let mut password = url.password().map(decode).transpose()?.map(Secret::new);
        let mut dbname = url
            .path()
            .strip_prefix('/')
            .filter(|p| !p.is_empty())
            .map(decode)
            .transpose()?;
        let mut sslmode = SslMode::Prefer;
        let mut sslrootcert = None;
        let mut connect_timeout = DEFAULT_CONNECT_TIMEOUT;
        let mut application_name = None;
        let mut options = None;

        for (k, v) in url.query_pairs() {
            let v = v.into_owned();
            match &*k {
                "sslmode" => sslmode = SslMode::parse(&v)?,
                "sslrootcert" => sslrootcert = Some(PathBuf::from(v)),
                "connect_timeout" => {
                    let secs: u64 = v.parse().map_err(|_| {
                        bad(format!("connect_timeout {v:?} is not a number of seconds"))
                    })?;
                    connect_timeout = Duration::from_secs(secs.max(1));
                }
                "application_name" => application_name = Some(v),
                "options" => options = Some(v),
                "host" => host = Some(v),
                "port" => {
                    port = Some(
                        v.parse()
                            .map_err(|_| bad(format!("port {v:?} is not a number")))?,
                    )
                }
                "user" => user = Some(v),
                "password" => password = Some(Secret::new(v)),
                "dbname" => dbname = Some(v),
                other => return Err(bad(format!("unsupported parameter {other:?}"))),
            }
        }

        let host = host
            .filter(|h| !h.is_empty())
            .or_else(|| env("PGHOST"))
            .unwrap_or_else(|| "localhost".into());
        let port = match port {
            Some(p) => p,
            None => match env("PGPORT") {
                Some(p) => p
                    .parse()
                    .map_err(|_| bad(format!("PGPORT {p:?} is not a number")))?,
                None => 5432,
            },
        };
        let user = user
            .or_else(|| env("PGUSER"))
            .unwrap_or_else(crate::os_user);
        let dbname = dbname
            .or_else(|| env("PGDATABASE"))
            .unwrap_or_else(|| user.clone());
        if let Some(mode) = env("PGSSLMODE")
            && !url.query_pairs().any(|(k, _)| k == "sslmode")
        {
            sslmode = SslMode::parse(&mode)?;
        }
        if sslrootcert.is_none() {
            sslrootcert = env("PGSSLROOTCERT").map(PathBuf::from);
        }
        let password = password
            .or_else(|| env("PGPASSWORD").map(Secret::new))
            .or_else(|| pgpass_lookup(&host, port, &dbname, &user));

        Ok(PgUrl {
            host,
            port,
            user,
            password,
            dbname,
            sslmode,
            sslrootcert,
            connect_timeout,
            application_name,
            options,
            original: s.to_owned(),
        })
    }

    pub fn redacted(&self) -> String {
        redact_url(&self.original)
    }
}

/// Looks the password up in `PGPASSFILE` or `~/.pgpass`
/// (`host:port:database:user:password`, `*` wildcards, `\` escapes). Like
/// libpq, a file readable by group or others is ignored.
fn pgpass_lookup(host: &str, port: u16, db: &str, user: &str) -> Option<Secret> {
    let path = std::env::var_os("PGPASSFILE")
        .map(PathBuf::from)
        .unwrap_or_else(|| home_dir().join(".pgpass"));
    if !private_file(&path) {
        return None;
    }
    let bytes =
        crate::files::read_bounded(&path, crate::files::MAX_SECRET_BYTES, "pgpass file").ok()?;
    let text = String::from_utf8(bytes.to_vec())
        .ok()
        .map(zeroize::Zeroizing::new)?;
    let port = port.to_string();
    text.lines()
        .filter(|l| !l.starts_with('#'))
        .find_map(|line| {
            let f = split_pgpass(line);
            let [h, p, d, u, pw] = f.as_slice() else {
                return None;
            };
            let m = |pat: &str, v: &str| pat == "*" || pat == v;
            (m(h, host) && m(p, &port) && m(d, db) && m(u, user)).then(|| Secret::new(pw.clone()))
        })
}

fn private_file(path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata(path).is_ok_and(|m| m.is_file() && m.mode() & 0o077 == 0)
}

fn split_pgpass(line: &str) -> Vec<String> {
    let mut fields = vec![String::new()];
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                if let Some(n) = chars.next() {
                    fields.last_mut().expect("non-empty").push(n);
                }
            }
            ':' if fields.len() < 5 => fields.push(String::new()),
            c => fields.last_mut().expect("non-empty").push(c),
        }
    }
    fields
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sqlite_forms() {
        for (input, path) in [
            ("sqlite:/tmp/k.db", "/tmp/k.db"),
            ("sqlite:///tmp/k.db", "/tmp/k.db"),
            ("sqlite://rel/k.db", "rel/k.db"),
            ("/tmp/keys.sqlite", "/tmp/keys.sqlite"),
            ("k.db", "k.db"),
        ] {
            match Location::parse(input).unwrap() {
                Location::Sqlite(p) => assert_eq!(p, PathBuf::from(path)),
                other => panic!("{input}: {other:?}"),
            }
        }
        assert!(Location::parse("mysql://x/y").is_err());
        assert!(Location::parse("keys.txt").is_err());
        assert!(Location::parse("sqlite:").is_err());
    }

    #[test]
    fn postgres_url_is_redacted_everywhere() {
        let loc = Location::parse(
            "postgres://kw:s3cr%40t@db.example:6543/keys?sslmode=verify-full&sslrootcert=/ca.pem",
        )
        .unwrap();
        let Location::Postgres(u) = &loc else {
            panic!()
        };
        assert_eq!(u.password.as_ref().unwrap().expose(), "s3cr@t");
        assert_eq!(
            (u.host.as_str(), u.port, u.dbname.as_str(), u.user.as_str()),
            ("db.example", 6543, "keys", "kw")
        );
        assert_eq!(u.sslmode, SslMode::VerifyFull);
        let shown = loc.redacted();
        assert!(!shown.contains("s3cr"), "{shown}");
        assert!(shown.contains("kw:***@db.example"), "{shown}");
        assert!(!format!("{loc:?}").contains("s3cr"));
        let err = Location::parse("postgres://kw:hunter2@h/db?sslmode=bogus")
            .unwrap_err()
            .to_string();
        assert!(!err.contains("hunter2"), "{err}");
        let err = Location::parse("postgres://kw:hunter2@h/db?frobnicate=1")
            .unwrap_err()
            .to_string();
        assert!(
            !err.contains("hunter2") && err.contains("frobnicate"),
            "{err}"
        );
    }

    #[test]
    fn every_password_form_is_redacted() {
        for url in [
            "postgres://h/db?user=u&password=hunter2",
            "postgresql://h/db?password=hunter2&sslmode=require",
            "postgres://h/db?pass%77ord=hunter2",
            "postgres://u:hunter2@h/db",
            "postgres://u:hun/ter?2@h/db",
            "postgres://u:hunter2@h/db?password=hunter2",
            "host=h password=hunter2 dbname=d",
            "host=h password = 'hun ter2' dbname=d",
            "postgres://h/db?password=hunter2&frobnicate=1",
            "postgres://kw:hunter2?x@127.0.0.1:5432/postgres?sslmode=disable",
            "postgres://h/db?sslmode=disable;password=hunter2",
            "postgres://h/db?sslmode=disable&password%3Dhunter2",
            "postgres://h/db?sslmode=disable&+password=hunter2",
            "postgres://h/db?sslmode=disable&password+=hunter2",
        ] {
            let shown = redact_url(url);
            assert!(
                !shown.contains("hunter2") && !shown.contains("ter2"),
                "{url} → {shown}"
            );
            if let Ok(loc) = Location::parse(url) {
                assert!(!loc.redacted().contains("ter2"), "{url}");
                assert!(!format!("{loc:?}").contains("ter2"), "{url}");
            }
            if let Err(e) = Location::parse(url) {
                assert!(!e.to_string().contains("ter2"), "{url}: {e}");
            }
        }
        // Found by the location fuzz target: a multi-byte character right
        // after `password` (a byte slice inside it panicked).
        for odd in [
            "h&password\u{65a}&&x",
            "password\u{65a}",
            "pass\u{65a}word=x",
            "password%3\u{65a}",
        ] {
            let _ = redact_url(odd);
            let _ = redact_keywords(odd);
        }
        assert_eq!(
            redact_url("postgres://h/db?user=u&password=x&sslmode=require"),
            "postgres://h/db?user=u&password=***&sslmode=require"
        );
    }

    #[test]
    fn pgpass_lines() {
        assert_eq!(
            split_pgpass(r"h:5432:*:u:p\:w:x"),
            vec!["h", "5432", "*", "u", "p:w:x"]
        );
    }
}
