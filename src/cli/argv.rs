//! The command line as it enters the process: the one place where argv,
//! and the environment values clap reads in its stead, are checked before
//! anything parses, echoes or stores them.
//!
//! A token (any prefix, valid checksum) found in any argument is replaced
//! by its redacted form (`kw_3kT9…`) before clap sees it, so no error, no
//! table, no audit event and no row can ever carry it, whichever flag it
//! came in by. The two arguments whose job is to take a token
//! (`keys verify TOKEN`, `incident respond TOKEN`) get it back after
//! parsing; everywhere else the redacted form is what arrives, with a
//! warning. Non-UTF-8 arguments pass through as bytes: clap refuses them
//! where text is needed, and paths keep them.

use std::ffi::OsString;

use keywarden::ops::audit::redact_tokens;
use keywarden::secret::Secret;
use keywarden::store::location::redact_url;
use keywarden::token;

/// Environment variables clap reads as flag values.
const ENV_VALUES: [&str; 3] = ["KEYWARDEN_STORE", "KEYWARDEN_ACTOR", "KEYWARDEN_FORMAT"];

/// The command line with every token redacted.
pub struct Sanitized {
    /// What clap parses.
    pub args: Vec<OsString>,
    /// Where each token was found, and for a whole-argument token the
    /// redacted form that replaced it and the token itself.
    found: Vec<(String, Option<(String, Secret)>)>,
    /// A store URL on the command line holds a password.
    pub password_in_argv: bool,
}

/// Redacts tokens in `args` (argv, program name first) and in the
/// environment values clap reads.
pub fn sanitize(args: impl IntoIterator<Item = OsString>) -> Sanitized {
    let mut out = Sanitized {
        args: Vec::new(),
        found: Vec::new(),
        password_in_argv: false,
    };
    for (i, arg) in args.into_iter().enumerate() {
        let text = arg.to_string_lossy();
        let url = text.strip_prefix("--store=").unwrap_or(&text);
        if (url.contains("://") || url.contains("password")) && redact_url(url) != url {
            out.password_in_argv = true;
        }
        if i > 0
            && let Some(clean) = out.redact(&text, &format!("argument {i}"))
        {
            out.args.push(clean.into());
            continue;
        }
        out.args.push(arg);
    }
    for var in ENV_VALUES {
        if let Some(v) = std::env::var_os(var)
            && let Some(clean) = out.redact(&v.to_string_lossy(), var)
        {
            // SAFETY: called from `main` before any thread is started.
            unsafe { std::env::set_var(var, clean) };
        }
    }
    out
}

impl Sanitized {
    /// The argument with its tokens redacted; `None` when it has none.
    fn redact(&mut self, text: &str, place: &str) -> Option<String> {
        if let Ok(t) = token::parse(text) {
            let shown = token::redact(t.full());
            self.found.push((
                place.to_owned(),
                Some((shown.clone(), Secret::from(t.full()))),
            ));
            return Some(shown);
        }
        match redact_tokens(text) {
            std::borrow::Cow::Owned(clean) => {
                self.found.push((place.to_owned(), None));
                Some(clean)
            }
            std::borrow::Cow::Borrowed(_) => None,
        }
    }

    /// Gives a token back to an argument whose job is to take one; the
    /// value is left as it is when it is not a redacted whole token.
    pub fn take_token(&mut self, value: &mut Option<String>) {
        let Some(v) = value.as_deref() else { return };
        let whole = |f: &(String, Option<(String, Secret)>)| {
            f.1.as_ref().is_some_and(|(shown, _)| shown == v)
        };
        if let Some(i) = self.found.iter().position(whole)
            && let (_, Some((_, secret))) = self.found.remove(i)
        {
            *value = Some(secret.expose().to_owned());
        }
    }

    /// The warning for tokens that were redacted and not given back.
    pub fn warning(&self) -> Option<String> {
        if self.found.is_empty() {
            return None;
        }
        let places: Vec<&str> = self.found.iter().map(|(p, _)| p.as_str()).collect();
        Some(format!(
            "{} held a token; keywarden never stores or echoes tokens, so it was replaced by its \
             redacted form (kw_3kT9…). Pipe tokens on stdin to `keys verify` or `incident respond`",
            places.join(", ")
        ))
    }
}
