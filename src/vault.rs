//! The credential vault's crypto (contract §6) — no I/O.
//!
//! ```text
//! stored  = FORMAT ":" KID ":" base64url-nopad(iv ‖ ct ‖ tag)
//! KID     = first 8 hex chars of HMAC-SHA256(key, "keywarden key id")
//! iv      = 16 random bytes;  ct = AES-256-CFB128(key, iv, plaintext)
//! kw1 tag = HMAC-SHA256(mac_key, "kw1:" ‖ KID ‖ ":" ‖ iv ‖ ct)
//! kw2 tag = HMAC-SHA256(mac_key, "kw2:" ‖ KID ‖ ":" ‖ f(id) ‖ iv ‖ ct)
//! mac_key = HKDF-SHA256(ikm = key, salt = none, info = "keywarden/v1/mac")
//! f(id)   = decimal byte length of id ‖ ":" ‖ id ‖ ","     (a netstring)
//! ```
//!
//! Every value written is `kw2` (contract §6a): its tag also covers the
//! immutable id of the credential row it belongs to, so a ciphertext copied
//! or swapped into another row fails its check there (the associated data
//! of Vault transit, Tink and AWS KMS). `kw1` values, which any row would
//! accept, are still read, and `credentials rekey` rewrites them as `kw2`.
//!
//! Encrypt-then-MAC: the tag is checked, in constant time, before a single
//! byte is decrypted, so a tampered, truncated or wrongly-keyed value is an
//! integrity error and never yields plaintext. The legacy format of the
//! systems being replaced (`base64(iv ‖ AES-256-CFB128(key, iv, value))`,
//! no tag) is only ever read, to import it.
//!
//! Key material lives in [`Zeroizing`] buffers (and the AES key schedule is
//! zeroed on drop: the `zeroize` feature of `aes`), and is never printed:
//! `Debug` shows the KID only.

use std::fmt;

use aes::Aes256;
use aes::cipher::{InnerIvInit, KeyInit};
use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use hmac::{Hmac, Mac};
use rand::Rng;
use sha2::Sha256;
use zeroize::Zeroizing;

use crate::error::{Error, Result};

type HmacSha256 = Hmac<Sha256>;
type CfbEnc = cfb_mode::Encryptor<Aes256>;
type CfbDec = cfb_mode::Decryptor<Aes256>;

/// The envelope of a stored value: `kw1` (legacy, not bound to its row)
/// or `kw2` (bound to the credential id, contract §6a).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Kw1,
    Kw2,
}

impl Format {
    /// `kw1` or `kw2`, as the value starts.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Kw1 => "kw1",
            Format::Kw2 => "kw2",
        }
    }
}
const IV_LEN: usize = 16;
const TAG_LEN: usize = 32;
const KID_LEN: usize = 8;

/// One 32-byte key, with what is derived from it.
#[derive(Clone)]
pub struct EncryptionKey {
    kid: String,
    cipher: Aes256,
    mac_key: Zeroizing<[u8; 32]>,
}

impl fmt::Debug for EncryptionKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "EncryptionKey(kid={})", self.kid)
    }
}

impl EncryptionKey {
    pub fn from_bytes(bytes: &[u8; 32]) -> EncryptionKey {
        let mut id =
            <HmacSha256 as KeyInit>::new_from_slice(bytes).expect("HMAC takes any key length");
        id.update(b"keywarden key id");
        let kid: String = id.finalize().into_bytes()[..KID_LEN / 2]
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        let mut mac_key = Zeroizing::new([0u8; 32]);
        hkdf::Hkdf::<Sha256>::new(None, bytes)
            .expand(b"keywarden/v1/mac", &mut *mac_key)
            .expect("32 bytes is a valid HKDF-SHA256 output length");
        EncryptionKey {
            kid,
            cipher: Aes256::new(bytes.into()),
            mac_key,
        }
    }

    /// Parses `base64(32 bytes)`; `what` names the source in errors
    /// (`ENCRYPTION_KEY`, `--key-file /etc/kw.key`).
    pub fn from_base64(text: &str, what: &str) -> Result<EncryptionKey> {
        let t = text.trim();
        if t.len() == 64 && t.bytes().all(|b| b.is_ascii_hexdigit()) {
            // `openssl rand -hex 32`: the right 32 bytes in the wrong spelling.
            // Not taken silently: the contract fixes base64, and every
            // server sharing the key must read it the same way.
            return Err(Error::invalid(format!(
                "{what} is 64 hex digits (32 bytes in hex, as `openssl rand -hex 32` prints), \
                 but it must be base64 of 32 bytes: convert it with \
                 `echo HEX | xxd -r -p | base64`, or generate one with `keywarden keygen`"
            )));
        }
        let decoded = Zeroizing::new(STANDARD.decode(text.trim()).map_err(|_| {
            Error::invalid(format!(
                "{what} is not valid base64: it must be base64 of 32 random bytes; generate one with `keywarden keygen`"
            ))
        })?);
        let bytes: &[u8; 32] = decoded.as_slice().try_into().map_err(|_| {
            Error::invalid(format!(
                "{what} must be base64 of 32 bytes (got {}): generate one with `keywarden keygen`",
                decoded.len()
            ))
        })?;
        Ok(EncryptionKey::from_bytes(bytes))
    }

    pub fn kid(&self) -> &str {
        &self.kid
    }

    /// The MAC over a value's header (and, for kw2, its row's id) and
    /// `iv ‖ ct`.
    fn tag(&self, format: Format, kid: &str, id: &str, iv_ct: &[u8]) -> HmacSha256 {
        let mut m =
            <HmacSha256 as KeyInit>::new_from_slice(&*self.mac_key).expect("any key length");
        m.update(format.as_str().as_bytes());
        m.update(b":");
        m.update(kid.as_bytes());
        m.update(b":");
        if format == Format::Kw2 {
            let mut len = itoa::Buffer::new();
            m.update(len.format(id.len()).as_bytes());
            m.update(b":");
            m.update(id.as_bytes());
            m.update(b",");
        }
        m.update(iv_ct);
        m
    }

    /// Encrypts under this key with a fresh random IV, as a `kw2` value
    /// bound to the credential `id` (contract §6a). IVs come from the
    /// thread-local CSPRNG (ChaCha, seeded and reseeded from the OS): an IV
    /// must be unpredictable and unique, and a syscall per value would
    /// dominate a million-row rekey.
    pub fn encrypt(&self, id: &str, plaintext: &[u8]) -> String {
        let mut iv = [0u8; IV_LEN];
        rand::rng().fill_bytes(&mut iv);
        self.encrypt_with_iv(Format::Kw2, id, plaintext, &iv)
    }

    /// Encrypts as a legacy `kw1` value, bound to no row. keywarden never
    /// stores one any more; this makes them for tests and benchmarks of
    /// the `kw1` → `kw2` rekey.
    pub fn encrypt_kw1(&self, plaintext: &[u8]) -> String {
        let mut iv = [0u8; IV_LEN];
        rand::rng().fill_bytes(&mut iv);
        self.encrypt_with_iv(Format::Kw1, "", plaintext, &iv)
    }

    fn encrypt_with_iv(
        &self,
        format: Format,
        id: &str,
        plaintext: &[u8],
        iv: &[u8; IV_LEN],
    ) -> String {
        let mut buf = Vec::with_capacity(IV_LEN + plaintext.len() + TAG_LEN);
        buf.extend_from_slice(iv);
        buf.extend_from_slice(plaintext);
        CfbEnc::inner_iv_init(self.cipher.clone(), iv.into()).encrypt(&mut buf[IV_LEN..]);
        let tag = self
            .tag(format, &self.kid, id, &buf)
            .finalize()
            .into_bytes();
        buf.extend_from_slice(&tag);
        let mut out = String::with_capacity(4 + KID_LEN + 1 + (buf.len() * 4).div_ceil(3));
        out.push_str(format.as_str());
        out.push(':');
        out.push_str(&self.kid);
        out.push(':');
        URL_SAFE_NO_PAD.encode_string(&buf, &mut out);
        out
    }

    fn open(
        &self,
        format: Format,
        kid: &str,
        id: &str,
        blob: &[u8],
    ) -> std::result::Result<Zeroizing<Vec<u8>>, Damage> {
        let (iv_ct, tag) = blob.split_at(blob.len() - TAG_LEN);
        self.tag(format, kid, id, iv_ct)
            .verify_slice(tag)
            .map_err(|_| Damage::Tag)?;
        let (iv, ct) = iv_ct.split_at(IV_LEN);
        let mut pt = Zeroizing::new(ct.to_vec());
        let iv: &[u8; IV_LEN] = iv.try_into().expect("split at IV_LEN");
        CfbDec::inner_iv_init(self.cipher.clone(), iv.into()).decrypt(&mut pt);
        Ok(pt)
    }

    /// Decrypts a legacy value: `base64(iv ‖ AES-256-CFB128(key, iv, value))`.
    /// There is no tag, so a wrong key yields garbage, not an error; the
    /// caller can only check the result is plausible (e.g. UTF-8).
    pub fn decrypt_legacy(&self, b64: &str) -> std::result::Result<Zeroizing<Vec<u8>>, Damage> {
        let raw = STANDARD.decode(b64.trim()).map_err(|_| Damage::Encoding)?;
        if raw.len() < IV_LEN {
            return Err(Damage::Truncated);
        }
        let (iv, ct) = raw.split_at(IV_LEN);
        let mut pt = Zeroizing::new(ct.to_vec());
        let iv: &[u8; IV_LEN] = iv.try_into().expect("split at IV_LEN");
        CfbDec::inner_iv_init(self.cipher.clone(), iv.into()).decrypt(&mut pt);
        Ok(pt)
    }
}

/// Why a stored value failed its check. Never carries any of the value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Damage {
    /// Not `kw1:KID:…` or `kw2:KID:…`, or not base64url.
    Encoding,
    /// Too short to hold an IV and a tag.
    Truncated,
    /// No key in the keyring has this KID.
    UnknownKid(String),
    /// The tag does not match: changed, moved from another row (kw2), or
    /// a wrong key.
    Tag,
}

impl Damage {
    /// Whether the value may well be intact and only the keyring is wrong:
    /// the key it names is not in the keyring. Every other kind is damage.
    pub fn is_wrong_key(&self) -> bool {
        matches!(self, Damage::UnknownKid(_))
    }
}

impl fmt::Display for Damage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Damage::Encoding => f.write_str("not a kw1 or kw2 value (bad encoding)"),
            Damage::Truncated => f.write_str("truncated"),
            Damage::UnknownKid(k) => write!(
                f,
                "no key in the keyring has KID {k}: ENCRYPTION_KEY is not the key it was \
                 encrypted with, nor is any key in ENCRYPTION_KEY_PREVIOUS"
            ),
            Damage::Tag => f.write_str(
                "integrity tag mismatch (tampered, moved from another credential's row, or a wrong key)",
            ),
        }
    }
}

/// The envelope and KID of a stored value, if it has the `kw1:KID:` or
/// `kw2:KID:` shape.
pub fn header_of(stored: &str) -> Option<(Format, &str)> {
    let (format, rest) = if let Some(rest) = stored.strip_prefix("kw2:") {
        (Format::Kw2, rest)
    } else {
        (Format::Kw1, stored.strip_prefix("kw1:")?)
    };
    let (kid, _) = rest.split_at_checked(KID_LEN)?;
    (rest.as_bytes().get(KID_LEN) == Some(&b':') && kid.bytes().all(|b| b.is_ascii_hexdigit()))
        .then_some((format, kid))
}

/// The KID of a stored value, if it has the `kw1:KID:` or `kw2:KID:` shape.
pub fn kid_of(stored: &str) -> Option<&str> {
    header_of(stored).map(|(_, kid)| kid)
}

fn split(stored: &str) -> std::result::Result<(Format, &str, Vec<u8>), Damage> {
    let (format, kid) = header_of(stored).ok_or(Damage::Encoding)?;
    let blob = URL_SAFE_NO_PAD
        .decode(&stored[4 + KID_LEN + 1..])
        .map_err(|_| Damage::Encoding)?;
    if blob.len() < IV_LEN + TAG_LEN {
        return Err(Damage::Truncated);
    }
    Ok((format, kid, blob))
}

/// Encrypt with the current key, decrypt with any.
#[derive(Clone, Debug)]
pub struct Keyring {
    current: EncryptionKey,
    previous: Vec<EncryptionKey>,
}

impl Keyring {
    pub fn new(current: EncryptionKey, previous: Vec<EncryptionKey>) -> Keyring {
        Keyring { current, previous }
    }

    /// `ENCRYPTION_KEY` (or the contents of `key_file`) and the
    /// comma-separated `ENCRYPTION_KEY_PREVIOUS`.
    pub fn from_env(key_file: Option<&std::path::Path>) -> Result<Keyring> {
        let current = match key_file {
            Some(path) => load_key_file(path)?,
            None => {
                let v = Zeroizing::new(std::env::var("ENCRYPTION_KEY").map_err(|_| {
                    Error::invalid(
                        "ENCRYPTION_KEY is not set: export it (base64 of 32 bytes) or read it from a key file; \
                         `keywarden keygen` makes a new one",
                    )
                })?);
                EncryptionKey::from_base64(&v, "ENCRYPTION_KEY")?
            }
        };
        let previous = match std::env::var("ENCRYPTION_KEY_PREVIOUS") {
            Ok(v) => {
                let v = Zeroizing::new(v);
                v.split(',')
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .enumerate()
                    .map(|(i, k)| {
                        EncryptionKey::from_base64(
                            k,
                            &format!("ENCRYPTION_KEY_PREVIOUS (entry {})", i + 1),
                        )
                    })
                    .collect::<Result<Vec<_>>>()?
            }
            Err(_) => Vec::new(),
        };
        Ok(Keyring { current, previous })
    }

    pub fn current(&self) -> &EncryptionKey {
        &self.current
    }

    /// Adds a key that may decrypt but never encrypts (the rekey target,
    /// for rows a server already wrote under it).
    pub fn with_decrypt_key(mut self, k: EncryptionKey) -> Keyring {
        if k.kid != self.current.kid && !self.previous.iter().any(|p| p.kid == k.kid) {
            self.previous.push(k);
        }
        self
    }

    /// Encrypts under the current key as `kw2`, bound to credential `id`.
    pub fn encrypt(&self, id: &str, plaintext: &[u8]) -> String {
        self.current.encrypt(id, plaintext)
    }

    fn key(&self, kid: &str) -> Option<&EncryptionKey> {
        std::iter::once(&self.current)
            .chain(&self.previous)
            .find(|k| k.kid == kid)
    }

    /// Checks and decrypts the value stored in credential `id`'s row
    /// (`id` is ignored for a `kw1` value, which is bound to no row).
    pub fn decrypt(
        &self,
        id: &str,
        stored: &str,
    ) -> std::result::Result<Zeroizing<Vec<u8>>, Damage> {
        let (format, kid, blob) = split(stored)?;
        let key = self
            .key(kid)
            .ok_or_else(|| Damage::UnknownKid(kid.to_owned()))?;
        key.open(format, kid, id, &blob)
    }

    /// Checks the integrity of the value stored in credential `id`'s row
    /// without decrypting it.
    pub fn check(&self, id: &str, stored: &str) -> std::result::Result<(), Damage> {
        let (format, kid, blob) = split(stored)?;
        let key = self
            .key(kid)
            .ok_or_else(|| Damage::UnknownKid(kid.to_owned()))?;
        let (iv_ct, tag) = blob.split_at(blob.len() - TAG_LEN);
        key.tag(format, kid, id, iv_ct)
            .verify_slice(tag)
            .map_err(|_| Damage::Tag)
    }
}

/// Reads a key file: base64 of 32 bytes, surrounding whitespace ignored.
pub fn load_key_file(path: &std::path::Path) -> Result<EncryptionKey> {
    let what = format!("key file {}", path.display());
    let bytes = crate::files::read_bounded(path, crate::files::MAX_KEY_FILE_BYTES, "key file")?;
    let text = std::str::from_utf8(&bytes).map_err(|_| {
        Error::invalid(format!(
            "{what} is not text: it must hold base64 of 32 bytes"
        ))
    })?;
    EncryptionKey::from_base64(text, &what)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(b: u8) -> EncryptionKey {
        EncryptionKey::from_bytes(&[b; 32])
    }

    #[test]
    fn round_trip_and_format() {
        let ring = Keyring::new(key(1), vec![]);
        let v = ring.encrypt("id1", b"gho_refresh_token_value");
        assert!(v.starts_with(&format!("kw2:{}:", key(1).kid())));
        assert_eq!(kid_of(&v), Some(key(1).kid()));
        assert_eq!(header_of(&v), Some((Format::Kw2, key(1).kid())));
        assert!(!v.contains('=') && !v.contains('+') && !v.contains('/'));
        assert_eq!(
            &*ring.decrypt("id1", &v).unwrap(),
            b"gho_refresh_token_value"
        );
        assert_ne!(
            ring.encrypt("id1", b"same"),
            ring.encrypt("id1", b"same"),
            "fresh IV each time"
        );
        assert_eq!(&*ring.decrypt("x", &ring.encrypt("x", b"")).unwrap(), b"");
        // kw1 values are still read, in any row.
        let old = key(1).encrypt_kw1(b"legacy");
        assert!(old.starts_with("kw1:"));
        assert_eq!(&*ring.decrypt("any", &old).unwrap(), b"legacy");
    }

    #[test]
    fn known_answer() {
        // Computed independently with Python's `cryptography` from the
        // contract's text (tests/it/credentials.rs re-checks live values with
        // Python).
        let k = key(7);
        assert_eq!(k.kid(), "da237b62");
        let v = k.encrypt_with_iv(Format::Kw1, "", b"hello", &[9u8; 16]);
        assert_eq!(
            v,
            "kw1:da237b62:CQkJCQkJCQkJCQkJCQkJCW_clE6aMBb46-vOP33Qpm4fDs_6VRnrqr8sgt27g7Qwwinmt-U"
        );
        // kw2: the same iv and ct, the tag over "kw2:da237b62:12:3kT9xQ2mB7aZ," ‖ iv ‖ ct
        // (computed with Python's `cryptography` from contract §6a).
        let v2 = k.encrypt_with_iv(Format::Kw2, "3kT9xQ2mB7aZ", b"hello", &[9u8; 16]);
        assert_eq!(
            v2,
            "kw2:da237b62:CQkJCQkJCQkJCQkJCQkJCW_clE6a1vXNayxhTey5ToXlmCQp-5aunurKDDIwiZ-mbDbF5j8"
        );
    }

    #[test]
    fn kw2_values_are_bound_to_their_row() {
        let ring = Keyring::new(key(1), vec![]);
        let a = ring.encrypt("AAAAAAAAAAAA", b"read-only password");
        assert_eq!(ring.check("AAAAAAAAAAAA", &a), Ok(()));
        assert_eq!(ring.decrypt("BBBBBBBBBBBB", &a), Err(Damage::Tag));
        assert_eq!(ring.check("BBBBBBBBBBBB", &a), Err(Damage::Tag));
        // The netstring keeps ids from running into the iv.
        assert_eq!(ring.check("AAAAAAAAAAA", &a), Err(Damage::Tag));
        // Relabelled kw1 (dropping the binding) fails too.
        let relabelled = a.replacen("kw2:", "kw1:", 1);
        assert_eq!(ring.decrypt("AAAAAAAAAAAA", &relabelled), Err(Damage::Tag));
    }

    #[test]
    fn any_damage_is_an_error_never_plaintext() {
        let ring = Keyring::new(key(1), vec![key(2)]);
        let v = ring.encrypt("c1", b"secret value");
        let (prefix, body) = v.split_at(13);
        let raw = URL_SAFE_NO_PAD.decode(body).unwrap();
        for i in 0..raw.len() {
            for bit in 0..8 {
                let mut r = raw.clone();
                r[i] ^= 1 << bit;
                let tampered = format!("{prefix}{}", URL_SAFE_NO_PAD.encode(&r));
                assert_eq!(
                    ring.decrypt("c1", &tampered),
                    Err(Damage::Tag),
                    "byte {i} bit {bit}"
                );
            }
        }
        // Truncation, encoding, unknown and swapped KIDs, wrong keys.
        assert_eq!(ring.decrypt("c1", &v[..v.len() - 12]), Err(Damage::Tag));
        // A cut inside a base64 quantum may also leave non-canonical bits.
        assert!(matches!(
            ring.decrypt("c1", &v[..20]),
            Err(Damage::Truncated | Damage::Encoding)
        ));
        assert_eq!(ring.decrypt("c1", &v[..13 + 12]), Err(Damage::Truncated));
        assert_eq!(ring.decrypt("c1", "kw1:zz:abc"), Err(Damage::Encoding));
        assert_eq!(ring.decrypt("c1", "plain text"), Err(Damage::Encoding));
        let swapped = v.replacen(key(1).kid(), key(2).kid(), 1);
        assert_eq!(ring.decrypt("c1", &swapped), Err(Damage::Tag));
        let other = Keyring::new(key(3), vec![]);
        assert!(matches!(
            other.decrypt("c1", &v),
            Err(Damage::UnknownKid(_))
        ));
        assert!(
            Damage::UnknownKid("1a2b3c4d".into()).is_wrong_key() && !Damage::Tag.is_wrong_key()
        );
        assert_eq!(ring.check("c1", &v), Ok(()));
    }

    #[test]
    fn previous_keys_decrypt_but_never_encrypt() {
        let old = Keyring::new(key(1), vec![]);
        let v = old.encrypt("c1", b"x");
        let new = Keyring::new(key(2), vec![key(1)]);
        assert_eq!(&*new.decrypt("c1", &v).unwrap(), b"x");
        assert_eq!(kid_of(&new.encrypt("c1", b"x")), Some(key(2).kid()));
    }

    #[test]
    fn bad_keys_are_refused_clearly() {
        let hex = "00".repeat(31) + "ff";
        let e = EncryptionKey::from_base64(&format!("{hex}\n"), "ENCRYPTION_KEY")
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("64 hex digits")
                && e.contains("echo HEX | xxd -r -p | base64")
                && !e.contains("got 48")
                && !e.contains(&hex),
            "{e}"
        );
        let e = EncryptionKey::from_base64("AAAA", "ENCRYPTION_KEY")
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("32 bytes (got 3)") && e.contains("keygen"),
            "{e}"
        );
        let e = EncryptionKey::from_base64("not base64!", "ENCRYPTION_KEY")
            .unwrap_err()
            .to_string();
        assert!(e.contains("base64"), "{e}");
        assert!(!format!("{:?}", key(1)).contains("1, 1"));
    }

    #[test]
    fn legacy_cfb_matches_plain_aes_cfb() {
        let k = key(5);
        let mut raw = vec![3u8; 16];
        let mut ct = b"db-password-123".to_vec();
        CfbEnc::inner_iv_init(Aes256::new(&[5u8; 32].into()), (&[3u8; 16]).into()).encrypt(&mut ct);
        raw.extend(ct);
        assert_eq!(
            &*k.decrypt_legacy(&STANDARD.encode(raw)).unwrap(),
            b"db-password-123"
        );
        assert_eq!(k.decrypt_legacy("AAAA"), Err(Damage::Truncated));
    }
}
