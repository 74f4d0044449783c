//! Writes the seed corpus under `corpus/<target>/` (run from `fuzz/`:
//! `cargo run --release --bin seeds`). Tokens and envelopes are random,
//! so each run makes new files; the committed corpus is one such run.
use keywarden::token;
use keywarden::vault::{EncryptionKey, Keyring};
use std::fs;
use std::path::Path;

fn write(target: &str, name: &str, data: impl AsRef<[u8]>) {
    let dir = Path::new("corpus").join(target);
    fs::create_dir_all(&dir).unwrap();
    fs::write(dir.join(name), data).unwrap();
}

fn tok(prefix: &str) -> String {
    token::generate(prefix, &token::new_key_id())
        .expose()
        .to_owned()
}

/// A token whose checksum ends in an uppercase letter then lowercase
/// letters, so `"{prefix}_"` right after it reads as another prefix.
fn tok_with_lowercase_tail() -> String {
    loop {
        let t = tok("kw");
        let b = t.as_bytes();
        let n = b.len();
        if b[n - 3].is_ascii_uppercase()
            && b[n - 2].is_ascii_lowercase()
            && b[n - 1].is_ascii_lowercase()
        {
            return t;
        }
    }
}

fn main() {
    let kw = tok("kw");
    let mcp = tok("mcp");
    let acme = tok("acme1");

    // 1. token
    write("token", "valid", &kw);
    write("token", "valid_for_prefix", format!("mcp\n{mcp}"));
    write("token", "wrong_prefix", format!("kw\n{mcp}\n"));
    write("token", "reference", format!("kw\nkw_{}", &kw[3..15]));
    write("token", "bare_id", format!("acme1\n{}", &acme[6..18]));
    let mut typo = kw.clone().into_bytes();
    typo[20] = if typo[20] == b'a' { b'b' } else { b'a' };
    write("token", "typo", typo);
    write("token", "short", "kw_3kT9xQ2mB7aZ");
    write(
        "token",
        "unicode",
        "kw_ééééééééééééééééééééééééééééééééééééééééééééééééé",
    );

    // 2. scope
    for (i, s) in [
        "org:acme\norg:acme/collection:docs",
        "org:acme/collection:docs\norg:acme/collection:docs/doc:42",
        "org:acme\norg:acme2",
        "user:u-1.x_y/team:t\nuser:u-1.x_y",
        "read:docs\nmcp:full",
        "ballast-search:read\nlist_documents",
        "org:\n:x",
        "Org:acme/\norg:acme//collection:docs",
    ]
    .iter()
    .enumerate()
    {
        write("scope", &format!("s{i}"), s);
    }

    // 3. timefmt
    for (i, s) in [
        "90d",
        "1w",
        "24h",
        "30m",
        "1000000y",
        "2y 3mon",
        "1h 30m 10s 5ms",
        "292277026596y",
        "2026-11-26",
        "2027-01-31T00:00:00Z",
        "2026-11-26T13:00:00+01:00",
        "2026-11-26T12:00:00.1234567890Z",
        "0001-01-01",
        "9999-12-31T23:59:59-23:59",
        " 7d\n",
    ]
    .iter()
    .enumerate()
    {
        write("timefmt", &format!("t{i:02}"), s);
    }

    // 4. location
    for (i, s) in [
        "postgres://u:pw@h:5432/db?sslmode=require",
        "postgresql://kw:s3cr%40t@db.example:6543/keys?sslmode=verify-full&sslrootcert=/ca.pem",
        "postgres://kw@h/db?password=hunter22&application_name=kw",
        "postgres://[::1]:5433/db?connect_timeout=3&options=-c%20x%3Dy&user=a&host=h&port=1",
        "postgres:///db?host=/var/run/postgresql",
        "sqlite:///var/lib/keywarden/keys.db",
        "sqlite:~/k.db",
        "/tmp/keys.SQLITE3",
        "mysql://u:pw@h/db",
    ]
    .iter()
    .enumerate()
    {
        write("location", &format!("l{i}"), s);
    }

    // 5. vault: mode byte 0 = stored value, 1 = plaintext round trip.
    let k7 = EncryptionKey::from_bytes(&[7; 32]);
    let k9 = EncryptionKey::from_bytes(&[9; 32]);
    let ring = Keyring::new(k7.clone(), vec![]);
    write(
        "vault",
        "current",
        format!("\0{}", k7.encrypt("3kT9xQ2mB7aZ", b"s3cret-db-password")),
    );
    write(
        "vault",
        "previous",
        format!("\0{}", k9.encrypt("3kT9xQ2mB7aZ", b"oauth-refresh")),
    );
    write(
        "vault",
        "kw1",
        format!("\0{}", k7.encrypt_kw1(b"written before kw2")),
    );
    write(
        "vault",
        "other_row",
        format!("\0{}", k7.encrypt("3kT9xQ2mB7aY", b"moved here")),
    );
    write(
        "vault",
        "empty",
        format!("\0{}", ring.encrypt("3kT9xQ2mB7aZ", b"")),
    );
    write(
        "vault",
        "other_key",
        format!(
            "\0{}",
            EncryptionKey::from_bytes(&[1; 32]).encrypt("3kT9xQ2mB7aZ", b"x")
        ),
    );
    write("vault", "legacy", "\0AAAAAAAAAAAAAAAAAAAAAGhlbGxv");
    write("vault", "legacy_short", "\0AAAA");
    write("vault", "round_trip", "\x01\x00\x10Aplaintext value");

    // 6. legacy_import: ciphertexts any base64 of 16+ bytes; a few decrypt
    // to text under [7; 32] only by chance, so also seed shapes.
    let ct = "AAAAAAAAAAAAAAAAAAAAAGhlbGxvIHdvcmxk";
    write(
        "legacy_import",
        "one",
        format!(r#"{{"name":"billing-db","kind":"db_password","ciphertext":"{ct}"}}"#),
    );
    write(
        "legacy_import",
        "scoped",
        format!(
            "{{\"name\":\"gh\",\"kind\":\"oauth_access_token\",\"scope\":\"org:acme/collection:docs\",\"ciphertext\":\"{ct}\"}}\n\n{{\"name\":\"gh\",\"kind\":\"api_credential\",\"scope\":null,\"ciphertext\":\"{ct}\"}}\n"
        ),
    );
    write(
        "legacy_import",
        "bad",
        "{\"name\":\" \",\"kind\":\"connection_string\",\"ciphertext\":\"\",\"extra\":1}\n",
    );
    write(
        "legacy_import",
        "unicode",
        "{\"name\":\"\\u00e9\\ud83d\\ude00\",\"kind\":\"oauth_refresh_token\",\"scope\":\"org:x\",\"ciphertext\":\"QUJDREVGR0hJSktMTU5PUFFSUw==\"}",
    );

    // 7. audit_redact
    let tail = tok_with_lowercase_tail();
    write("audit_redact", "one", format!("{{\"token\":\"{kw}\"}}"));
    write("audit_redact", "two", format!("Bearer {mcp}, then {acme}."));
    write("audit_redact", "glued", format!("xkw_{}", &kw[3..]));
    write("audit_redact", "neighbours", format!("{tail} {mcp}"));
    write("audit_redact", "followed", format!("{kw}a {kw}_"));
    write("audit_redact", "action", "mcp.tool_call");
    write("audit_redact", "actor_kind", "cli");
    write(
        "audit_redact",
        "long_prefix",
        format!("abcdefghijklmnopq{}", &kw[2..]),
    );
}
