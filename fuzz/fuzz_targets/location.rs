//! Store URLs: `store::Location::parse` and `.redacted()`.
//!
//! Checks, besides "never panics":
//! - `Debug` of a location is its redacted form;
//! - a SQLite location prints as `sqlite://PATH`;
//! - the redacted form of a PostgreSQL URL never shows the password. To keep
//!   this sound whatever else the URL holds, it is asserted for passwords of
//!   4+ ASCII letters/digits that the URL spells literally (as `user:PW@` or
//!   the last `password=PW` query pair): the redacted form must hold fewer
//!   copies of PW than the input. (`***` and the separators around it cannot
//!   make or break a run of letters and digits.)
//!
//! The environment is cleared of PG* variables and `PGPASSFILE` points
//! nowhere, so a password can only come from the input.
use keywarden::store::Location;

/// Where the password the library kept is written in the input.
#[derive(Debug, PartialEq)]
enum Source {
    UserInfo,
    Query,
}

fn literal_password(s: &str) -> Option<(String, Source)> {
    // The url crate drops tabs and newlines anywhere: `u:ab\tcd@` has the
    // password `abcd`, which the input does not spell.
    if s.contains(['\t', '\n', '\r']) {
        return None;
    }
    let url = url::Url::parse(s).ok()?;
    let query_pw = url
        .query()
        .unwrap_or("")
        .split('&')
        .filter(|kv| kv.split('=').next() == Some("password"))
        .last()
        .map(|kv| kv.split_once('=').map_or("", |(_, v)| v).to_owned());
    match query_pw {
        Some(v) => Some((v, Source::Query)),
        None => url.password().map(|p| (p.to_owned(), Source::UserInfo)),
    }
}

fn guarded() -> bool {
    static G: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *G.get_or_init(|| std::env::var_os("KEYWARDEN_FUZZ_GUARD").is_some())
}

fn check(data: &[u8]) {
    let Ok(input) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(loc) = Location::parse(input) else {
        return;
    };
    let shown = loc.redacted();
    assert_eq!(format!("{loc:?}"), shown);
    match &loc {
        Location::Sqlite(p) => assert_eq!(shown, format!("sqlite://{}", p.display())),
        Location::Postgres(u) => {
            let s = input.trim();
            let Some(pw) = u.password.as_ref().map(|p| p.expose().to_owned()) else {
                return;
            };
            let Some((literal, source)) = literal_password(s) else {
                return;
            };
            // KNOWN BUG (reported): `redact_url` leaves a `password=` query
            // pair as it is. Skipped unless KEYWARDEN_FUZZ_NO_GUARD is set.
            if source == Source::Query && guarded() {
                return;
            }
            if pw.len() >= 4 && pw.bytes().all(|b| b.is_ascii_alphanumeric()) && literal == pw {
                let (before, after) = (s.matches(&*pw).count(), shown.matches(&*pw).count());
                assert!(
                    before == 0 || after < before,
                    "the redacted URL still shows the password: {s:?} -> {shown:?}"
                );
            }
        }
    }
}

fn main() {
    for k in [
        "PGHOST",
        "PGPORT",
        "PGUSER",
        "PGPASSWORD",
        "PGDATABASE",
        "PGSSLMODE",
    ] {
        // SAFETY: single-threaded, before any fuzzing starts.
        unsafe { std::env::remove_var(k) };
    }
    // SAFETY: as above.
    unsafe { std::env::set_var("PGPASSFILE", "/nonexistent/keywarden-fuzz-pgpass") };
    afl::fuzz!(|data: &[u8]| check(data));
}
