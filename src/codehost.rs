//! What code hosts send when they find a leaked token, and how to tell a
//! real report from a forged one (contract §12). Pure: no store, no I/O.
//!
//! - **GitHub secret scanning** (partner program): a `POST` whose body is a
//!   JSON array of `{token, type, url, source}`, signed with ECDSA P-256
//!   over SHA-256 of the *raw* body; the signature (base64 of ASN.1 DER)
//!   comes in `Github-Public-Key-Signature` and the key's id in
//!   `Github-Public-Key-Identifier`. The keys are GitHub's published list
//!   (`GET https://api.github.com/meta/public_keys/secret_scanning`):
//!   `{"public_keys": [{"key_identifier", "key" (PEM SPKI), "is_current"}]}`.
//!   The answer may carry feedback: `[{token_raw | token_hash, token_type,
//!   label}]`, `label` `true_positive` or `false_positive`.
//! - **GitLab token revocation API** (self-managed): `POST
//!   /v1/revoke_tokens` with a JSON array of `{type, token, location}`,
//!   authenticated by a pre-shared token in `Authorization`.
//!
//! This module must never put a reported token into an error message, a
//! `Debug` print or anything it returns besides the token itself: a report
//! names tokens that may belong to anyone.

use base64::Engine;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::error::{Error, Result};
use crate::secret::Secret;

/// The most bytes a leak report body may hold (8 MiB: some 40,000
/// tokens). Larger is refused (413) before it is parsed.
pub const MAX_BODY_BYTES: usize = 8 << 20;
/// The longest `type` kept from a report, in characters; longer text is
/// cut, never refused (so are `url` and `source`).
pub const MAX_TYPE_CHARS: usize = 200;
/// The longest `url` (GitLab's `location`) kept, in characters.
pub const MAX_URL_CHARS: usize = 2000;
/// The longest `source` kept, in characters.
pub const MAX_SOURCE_CHARS: usize = 100;

/// Where a report came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Host {
    GitHub,
    GitLab,
}

impl Host {
    /// `github` / `gitlab`, as stored and audited.
    pub fn as_str(self) -> &'static str {
        match self {
            Host::GitHub => "github",
            Host::GitLab => "gitlab",
        }
    }

    /// The actor recorded for what a report does, naming the code host.
    pub fn actor_name(self) -> &'static str {
        match self {
            Host::GitHub => "github-secret-scanning",
            Host::GitLab => "gitlab-token-revocation",
        }
    }

    /// The host stored as `github` / `gitlab`; `None` for anything else.
    pub fn parse(s: &str) -> Option<Host> {
        match s {
            "github" => Some(Host::GitHub),
            "gitlab" => Some(Host::GitLab),
            _ => None,
        }
    }
}

/// One reported token. `Debug` never shows the token.
#[derive(Debug, Clone)]
pub struct Reported {
    pub token: Secret,
    /// The host's name for the token format (GitHub's `type`, GitLab's
    /// `type`), cut to [`MAX_TYPE_CHARS`].
    pub kind: String,
    /// Where it was found (GitHub's `url`, GitLab's `location`), with any
    /// copy of the token in it redacted; cut to [`MAX_URL_CHARS`].
    pub url: Option<String>,
    /// GitHub's `source` (`content`, `commit`, `gist_content`, `npm`, …).
    pub source: Option<String>,
}

#[derive(Deserialize)]
struct GitHubItem {
    token: String,
    #[serde(rename = "type", default)]
    kind: String,
    #[serde(default)]
    url: Option<String>,
    #[serde(default)]
    source: Option<String>,
}

#[derive(Deserialize)]
struct GitLabItem {
    token: String,
    #[serde(rename = "type", default)]
    kind: String,
    #[serde(default)]
    location: Option<String>,
}

fn cut(s: &str, max: usize) -> String {
    s.chars().filter(|c| !c.is_control()).take(max).collect()
}

fn reported(token: String, kind: &str, url: Option<&str>, source: Option<&str>) -> Reported {
    let redact = |s: &str| {
        if token.is_empty() {
            s.to_owned()
        } else {
            s.replace(token.as_str(), &crate::token::redact(&token))
        }
    };
    Reported {
        kind: cut(&redact(kind), MAX_TYPE_CHARS),
        url: url
            .filter(|u| !u.is_empty())
            .map(|u| cut(&redact(u), MAX_URL_CHARS)),
        source: source
            .filter(|s| !s.is_empty())
            .map(|s| cut(&redact(s), MAX_SOURCE_CHARS)),
        token: Secret::from(token),
    }
}

fn malformed(what: &str, e: serde_json::Error) -> Error {
    // serde's message can quote input; keep only where it failed.
    Error::invalid(format!(
        "the body is not {what} (line {}, column {})",
        e.line(),
        e.column()
    ))
}

/// Reads GitHub's alert: a JSON array of `{token, type, url, source}`.
/// Errors name the position, never a token.
pub fn parse_github(body: &[u8]) -> Result<Vec<Reported>> {
    let items: Vec<GitHubItem> = serde_json::from_slice(body).map_err(|e| {
        malformed(
            "a JSON array of {token, type, url, source} (GitHub secret scanning)",
            e,
        )
    })?;
    Ok(items
        .into_iter()
        .map(|i| reported(i.token, &i.kind, i.url.as_deref(), i.source.as_deref()))
        .collect())
}

/// Reads GitLab's request: a JSON array of `{type, token, location}`.
pub fn parse_gitlab(body: &[u8]) -> Result<Vec<Reported>> {
    let items: Vec<GitLabItem> = serde_json::from_slice(body).map_err(|e| {
        malformed(
            "a JSON array of {type, token, location} (GitLab token revocation API)",
            e,
        )
    })?;
    Ok(items
        .into_iter()
        .map(|i| reported(i.token, &i.kind, i.location.as_deref(), None))
        .collect())
}

/// The identity of a batch for recognising it when it is sent again:
/// SHA-256 of the host's name and the raw body, hex.
pub fn digest(host: Host, body: &[u8]) -> String {
    let mut h = Sha256::new();
    h.update(host.as_str().as_bytes());
    h.update([0]);
    h.update(body);
    crate::audit::hex_string(&h.finalize().into())
}

/// SHA-256 of a token, lowercase hex: GitHub's `token_hash`, used in
/// feedback for a token that is not ours, so that it is never echoed.
pub fn token_hash(token: &str) -> String {
    crate::audit::hex_string(&Sha256::digest(token.as_bytes()).into())
}

/// GitHub's label for a reported token.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Label {
    /// A token of this store (live, revoked or expired).
    TruePositive,
    /// Anything else: another prefix, a bad checksum, an unknown key id,
    /// a look-alike whose secret does not match its key.
    FalsePositive,
}

impl Label {
    /// `true_positive` / `false_positive`, as GitHub spells them.
    pub fn as_str(self) -> &'static str {
        match self {
            Label::TruePositive => "true_positive",
            Label::FalsePositive => "false_positive",
        }
    }

    /// The label as stored; `None` for anything else.
    pub fn parse(s: &str) -> Option<Label> {
        match s {
            "true_positive" => Some(Label::TruePositive),
            "false_positive" => Some(Label::FalsePositive),
            _ => None,
        }
    }
}

/// One entry of GitHub's feedback. A true positive is ours and is named
/// by `token_raw` (GitHub sent it to us); anything else is named only by
/// `token_hash`, so a token that is not ours is never echoed.
#[derive(Debug, Clone, Serialize)]
pub struct Feedback {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub token_raw: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub token_hash: Option<String>,
    pub token_type: String,
    pub label: Label,
}

impl Feedback {
    /// The feedback entry for `r` labelled `label`: `token_raw` for a true
    /// positive, `token_hash` otherwise.
    pub fn new(r: &Reported, label: Label) -> Feedback {
        let t = r.token.expose();
        let (token_raw, token_hash) = match label {
            Label::TruePositive => (Some(t.to_owned()), None),
            Label::FalsePositive => (None, Some(self::token_hash(t))),
        };
        Feedback {
            token_raw,
            token_hash,
            token_type: r.kind.clone(),
            label,
        }
    }
}

/// Why a GitHub signature is refused; the message is safe to show and to
/// audit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SignatureError {
    /// A header is absent, repeated or not text.
    MissingHeader(&'static str),
    /// No key with that identifier in the key list.
    UnknownKey,
    /// The signature is not base64, or does not verify over the body.
    BadSignature,
}

impl std::fmt::Display for SignatureError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SignatureError::MissingHeader(h) => write!(f, "no single {h} header"),
            SignatureError::UnknownKey => {
                f.write_str("the key identifier is not in the --github-keys list")
            }
            SignatureError::BadSignature => {
                f.write_str("the signature does not verify over the body")
            }
        }
    }
}

/// One of GitHub's public keys: an uncompressed P-256 point.
#[derive(Clone)]
struct PublicKey {
    id: String,
    point: Vec<u8>,
    current: bool,
}

/// GitHub's secret-scanning public keys, parsed from the JSON of
/// `meta/public_keys/secret_scanning`.
#[derive(Clone, Default)]
pub struct PublicKeys {
    keys: Vec<PublicKey>,
}

impl std::fmt::Debug for PublicKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list()
            .entries(self.keys.iter().map(|k| &k.id))
            .finish()
    }
}

#[derive(Deserialize)]
struct KeyList {
    public_keys: Vec<KeyItem>,
}

#[derive(Deserialize)]
struct KeyItem {
    key_identifier: String,
    key: String,
    #[serde(default)]
    is_current: bool,
}

/// The DER prefix of a P-256 SubjectPublicKeyInfo (id-ecPublicKey,
/// prime256v1), followed by the 65-byte uncompressed point.
const P256_SPKI_PREFIX: [u8; 26] = [
    0x30, 0x59, 0x30, 0x13, 0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01, 0x06, 0x08, 0x2a,
    0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07, 0x03, 0x42, 0x00,
];

/// The uncompressed point of a PEM `PUBLIC KEY` holding a P-256 key.
fn p256_point(pem: &str) -> std::result::Result<Vec<u8>, String> {
    let body = pem
        .trim()
        .strip_prefix("-----BEGIN PUBLIC KEY-----")
        .and_then(|r| r.strip_suffix("-----END PUBLIC KEY-----"))
        .ok_or("not a PEM `PUBLIC KEY`")?;
    let b64: String = body.chars().filter(|c| !c.is_whitespace()).collect();
    let der = base64::engine::general_purpose::STANDARD
        .decode(b64)
        .map_err(|_| "its PEM body is not base64")?;
    match der.strip_prefix(&P256_SPKI_PREFIX[..]) {
        Some(point) if point.len() == 65 && point[0] == 4 => Ok(point.to_vec()),
        _ => Err("not an ECDSA P-256 public key".into()),
    }
}

impl PublicKeys {
    /// Parses GitHub's key list. Every key must be a P-256 PEM public key
    /// and the list must not be empty: a file that would refuse every
    /// report is an error at start-up, not a silent loss of alerts.
    pub fn parse(json: &[u8]) -> Result<PublicKeys> {
        let list: KeyList = serde_json::from_slice(json).map_err(|e| {
            Error::invalid(format!(
                "not GitHub's secret-scanning key list, {{\"public_keys\": [{{\"key_identifier\", \"key\", \"is_current\"}}]}} \
                 (line {}, column {}); fetch it from https://api.github.com/meta/public_keys/secret_scanning",
                e.line(),
                e.column()
            ))
        })?;
        if list.public_keys.is_empty() {
            return Err(Error::invalid(
                "the key list holds no keys, so every report would be refused; \
                 fetch it from https://api.github.com/meta/public_keys/secret_scanning",
            ));
        }
        let keys = list
            .public_keys
            .into_iter()
            .map(|k| {
                let point = p256_point(&k.key).map_err(|why| {
                    Error::invalid(format!("key {:?}: {why}", cut(&k.key_identifier, 100)))
                })?;
                Ok(PublicKey {
                    id: k.key_identifier,
                    point,
                    current: k.is_current,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(PublicKeys { keys })
    }

    /// How many keys, and how many are marked current.
    pub fn counts(&self) -> (usize, usize) {
        (
            self.keys.len(),
            self.keys.iter().filter(|k| k.current).count(),
        )
    }

    /// Checks `signature_b64` (base64 of an ASN.1 DER ECDSA signature) by
    /// the key `key_id` over `body`, the raw bytes as received. A key not
    /// marked current still verifies: GitHub signs with it while a rotation
    /// is under way.
    pub fn verify(
        &self,
        key_id: &str,
        signature_b64: &str,
        body: &[u8],
    ) -> std::result::Result<(), SignatureError> {
        let key = self
            .keys
            .iter()
            .find(|k| k.id == key_id)
            .ok_or(SignatureError::UnknownKey)?;
        let sig = base64::engine::general_purpose::STANDARD
            .decode(signature_b64.trim())
            .map_err(|_| SignatureError::BadSignature)?;
        ring::signature::UnparsedPublicKey::new(
            &ring::signature::ECDSA_P256_SHA256_ASN1,
            &key.point,
        )
        .verify(body, &sig)
        .map_err(|_| SignatureError::BadSignature)
    }
}

/// Compares two secrets in time that does not depend on where they
/// differ (both are hashed first, so not on their lengths either).
pub fn secrets_match(presented: &[u8], expected: &[u8]) -> bool {
    let a = Sha256::digest(presented);
    let b = Sha256::digest(expected);
    // Fixed-length digests, every byte compared: no early exit.
    let diff = a
        .iter()
        .zip(b.iter())
        .fold(0_u8, |acc, (x, y)| acc | (x ^ y));
    std::hint::black_box(diff) == 0 && presented.len() == expected.len()
}

/// The token types `GET /v1/revocable_token_types` lists for a store's
/// prefix: GitLab names a finding by its analyzer's identifier type and
/// value joined by `_`, and keywarden's gitleaks rule id is
/// `keywarden-<prefix>-token` (`scan --gitleaks-rule`); both spellings are
/// listed, since GitLab may normalise `-` to `_`.
pub fn gitlab_types(prefix: &str) -> Vec<String> {
    vec![
        format!("gitleaks_rule_id_keywarden-{prefix}-token"),
        format!("gitleaks_rule_id_keywarden_{prefix}_token"),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use ring::rand::SystemRandom;
    use ring::signature::{ECDSA_P256_SHA256_ASN1_SIGNING, EcdsaKeyPair, KeyPair};

    fn pem(point: &[u8]) -> String {
        let mut der = P256_SPKI_PREFIX.to_vec();
        der.extend_from_slice(point);
        let b64 = base64::engine::general_purpose::STANDARD.encode(der);
        format!("-----BEGIN PUBLIC KEY-----\n{b64}\n-----END PUBLIC KEY-----\n")
    }

    fn pair() -> EcdsaKeyPair {
        let rng = SystemRandom::new();
        let pkcs8 = EcdsaKeyPair::generate_pkcs8(&ECDSA_P256_SHA256_ASN1_SIGNING, &rng).unwrap();
        EcdsaKeyPair::from_pkcs8(&ECDSA_P256_SHA256_ASN1_SIGNING, pkcs8.as_ref(), &rng).unwrap()
    }

    #[test]
    fn signatures_verify_over_the_raw_body_only() {
        let k = pair();
        let list = serde_json::json!({"public_keys": [
            {"key_identifier": "abc", "key": pem(k.public_key().as_ref()), "is_current": true}
        ]});
        let keys = PublicKeys::parse(list.to_string().as_bytes()).unwrap();
        assert_eq!(keys.counts(), (1, 1));
        let body = br#"[{"token":"x","type":"t","url":"","source":"content"}]"#;
        let sig = k.sign(&SystemRandom::new(), body).unwrap();
        let b64 = base64::engine::general_purpose::STANDARD.encode(sig.as_ref());
        assert_eq!(keys.verify("abc", &b64, body), Ok(()));
        assert_eq!(
            keys.verify("abc", &b64, b"[]"),
            Err(SignatureError::BadSignature)
        );
        assert_eq!(
            keys.verify("other", &b64, body),
            Err(SignatureError::UnknownKey)
        );
        assert_eq!(
            keys.verify("abc", "not base64!", body),
            Err(SignatureError::BadSignature)
        );
    }

    #[test]
    fn key_lists_that_would_refuse_everything_are_errors() {
        assert!(PublicKeys::parse(br#"{"public_keys": []}"#).is_err());
        assert!(PublicKeys::parse(b"[]").is_err());
        let bad = serde_json::json!({"public_keys": [
            {"key_identifier": "abc", "key": "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----", "is_current": true}
        ]});
        assert!(PublicKeys::parse(bad.to_string().as_bytes()).is_err());
    }

    #[test]
    fn a_token_is_never_in_a_parse_error_or_a_url() {
        let t = "kw_secretsecretsecret";
        let e = parse_github(format!(r#"[{{"token":"{t}","type":1}}]"#).as_bytes()).unwrap_err();
        assert!(!e.to_string().contains(t), "{e}");
        let r = parse_gitlab(
            format!(r#"[{{"type":"x","token":"{t}","location":"https://h/?q={t}"}}]"#).as_bytes(),
        )
        .unwrap();
        assert!(!r[0].url.as_deref().unwrap().contains(t));
        assert!(!format!("{:?}", r[0]).contains(t));
    }

    #[test]
    fn feedback_echoes_only_true_positives() {
        let r = reported("tok".into(), "kw_token", None, None);
        let f = serde_json::to_value(Feedback::new(&r, Label::FalsePositive)).unwrap();
        assert_eq!(f["token_hash"], token_hash("tok"));
        assert!(f.get("token_raw").is_none());
        let f = serde_json::to_value(Feedback::new(&r, Label::TruePositive)).unwrap();
        assert_eq!(f["token_raw"], "tok");
    }

    #[test]
    fn shared_secrets_compare_exactly() {
        assert!(secrets_match(b"abc", b"abc"));
        assert!(!secrets_match(b"abc", b"abd"));
        assert!(!secrets_match(b"ab", b"abc"));
    }
}
