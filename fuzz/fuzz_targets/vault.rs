//! The kw1 and kw2 credential envelopes: `vault::Keyring::decrypt` /
//! `check` and `Key::decrypt_legacy`, with fixed keys (`[7; 32]` current,
//! `[9; 32]` previous), for the row with id [`ROW`].
//!
//! Input: one mode byte, then the rest.
//! - Mode even: the rest is a stored value. `decrypt` and `check` must agree,
//!   and succeed exactly when an independent oracle (HKDF + HMAC-SHA256
//!   written here from the format in src/vault.rs's header, not the
//!   library's code) says the value is `kw1:KID:b64url(iv‖ct‖tag)` or
//!   `kw2:…` with a KID of the keyring and a tag that key made (for kw2,
//!   over [`ROW`]'s id); the plaintext is then exactly
//!   `ct.len()` bytes. `decrypt_legacy` succeeds exactly when the trimmed
//!   input is standard base64 of 16+ bytes, giving 16 bytes fewer.
//! - Mode odd: the rest is a plaintext, sealed with the current key; it must
//!   decrypt back, pass `check`, carry the current KID, and any one changed
//!   character (position and byte from the input's first bytes) must make
//!   both `decrypt` and `check` fail.
use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use hmac::{Hmac, KeyInit, Mac};
use keywarden::vault::{EncryptionKey, Keyring};
use sha2::Sha256;
use std::sync::OnceLock;

type HmacSha256 = Hmac<Sha256>;

/// The credential id every value here is stored under.
const ROW: &str = "3kT9xQ2mB7aZ";

struct Oracle {
    kid: String,
    mac_key: [u8; 32],
}

impl Oracle {
    fn new(bytes: &[u8; 32]) -> Oracle {
        let mut id = <HmacSha256 as KeyInit>::new_from_slice(bytes).unwrap();
        id.update(b"keywarden key id");
        let kid = id.finalize().into_bytes()[..4]
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        let mut mac_key = [0u8; 32];
        hkdf::Hkdf::<Sha256>::new(None, bytes)
            .expand(b"keywarden/v1/mac", &mut mac_key)
            .unwrap();
        Oracle { kid, mac_key }
    }

    /// The ciphertext length if `stored` is a value this key sealed.
    fn sealed(&self, stored: &str) -> Option<usize> {
        let format = stored.get(..4)?;
        if format != "kw1:" && format != "kw2:" {
            return None;
        }
        let rest = &stored[4..];
        let b64 = rest.strip_prefix(&*self.kid)?.strip_prefix(':')?;
        let blob = URL_SAFE_NO_PAD.decode(b64).ok()?;
        if blob.len() < 16 + 32 {
            return None;
        }
        let (iv_ct, tag) = blob.split_at(blob.len() - 32);
        let mut m = <HmacSha256 as KeyInit>::new_from_slice(&self.mac_key).unwrap();
        m.update(format.as_bytes());
        m.update(self.kid.as_bytes());
        m.update(b":");
        if format == "kw2:" {
            m.update(format!("{}:{ROW},", ROW.len()).as_bytes());
        }
        m.update(iv_ct);
        m.verify_slice(tag).ok()?;
        Some(iv_ct.len() - 16)
    }
}

struct Fixture {
    ring: Keyring,
    current: EncryptionKey,
    oracles: [Oracle; 2],
}

fn fixture() -> &'static Fixture {
    static F: OnceLock<Fixture> = OnceLock::new();
    F.get_or_init(|| {
        let (a, b) = ([7u8; 32], [9u8; 32]);
        let oracles = [Oracle::new(&a), Oracle::new(&b)];
        let (ka, kb) = (EncryptionKey::from_bytes(&a), EncryptionKey::from_bytes(&b));
        assert_eq!(ka.kid(), oracles[0].kid);
        assert_eq!(kb.kid(), oracles[1].kid);
        Fixture {
            ring: Keyring::new(ka.clone(), vec![kb]),
            current: ka,
            oracles,
        }
    })
}

fn stored_value(f: &Fixture, s: &str) {
    let decrypted = f.ring.decrypt(ROW, s);
    let checked = f.ring.check(ROW, s);
    assert_eq!(decrypted.is_ok(), checked.is_ok(), "{s:?}");
    if let (Err(a), Err(b)) = (&decrypted, &checked) {
        assert_eq!(a, b, "{s:?}");
    }
    let expected = f.oracles.iter().find_map(|o| o.sealed(s));
    match (&decrypted, expected) {
        (Ok(pt), Some(len)) => assert_eq!(pt.len(), len, "{s:?}"),
        (Ok(_), None) => panic!("decrypted a value no key sealed: {s:?}"),
        (Err(e), Some(_)) => panic!("rejected a sealed value ({e}): {s:?}"),
        (Err(_), None) => {}
    }

    let raw = STANDARD.decode(s.trim()).ok().filter(|r| r.len() >= 16);
    match (f.current.decrypt_legacy(s), raw) {
        (Ok(pt), Some(raw)) => assert_eq!(pt.len(), raw.len() - 16),
        (Err(_), None) => {}
        (got, raw) => panic!(
            "decrypt_legacy {s:?}: {:?} vs base64 {:?}",
            got.map(|v| v.len()),
            raw.map(|r| r.len())
        ),
    }
}

fn round_trip(f: &Fixture, data: &[u8]) {
    let (edit, plaintext) = data.split_at(data.len().min(3));
    let sealed = f.ring.encrypt(ROW, plaintext);
    assert!(sealed.starts_with(&format!("kw2:{}:", f.current.kid())));
    assert_eq!(f.oracles[0].sealed(&sealed), Some(plaintext.len()));
    assert_eq!(&**f.ring.decrypt(ROW, &sealed).expect("own value"), plaintext);
    f.ring.check(ROW, &sealed).expect("own value");
    // Bound to its row: any other row refuses it.
    assert!(f.ring.check("3kT9xQ2mB7aY", &sealed).is_err());
    if let [hi, lo, byte] = *edit {
        let mut tampered = sealed.clone().into_bytes();
        let at = usize::from(u16::from_be_bytes([hi, lo])) % tampered.len();
        if tampered[at] != byte {
            tampered[at] = byte;
            if let Ok(t) = String::from_utf8(tampered) {
                assert!(f.ring.decrypt(ROW, &t).is_err(), "{sealed:?} -> {t:?}");
                assert!(f.ring.check(ROW, &t).is_err(), "{sealed:?} -> {t:?}");
            }
        }
    }
}

fn check(data: &[u8]) {
    let f = fixture();
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    if mode % 2 == 0 {
        if let Ok(s) = std::str::from_utf8(rest) {
            stored_value(f, s);
        }
    } else {
        round_trip(f, rest);
    }
}

fn main() {
    afl::fuzz!(|data: &[u8]| check(data));
}
