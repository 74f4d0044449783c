//! Credentials: the kw1 envelope, interoperability, tampering, legacy
//! import, and online re-encryption.

use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use serde_json::Value;

use crate::store_test;
use crate::support::Env;

pub const KEY_A: &str = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
pub const KEY_B: &str = "ICEiIyQlJicoKSorLC0uLzAxMjM0NTY3ODk6Ozw9Pj8=";

/// Runs a credentials command with ENCRYPTION_KEY (and optionally
/// PREVIOUS / NEW) set.
pub fn cred(
    env: &Env,
    args: &[&str],
    stdin: &str,
    key: &str,
    previous: Option<&str>,
    new: Option<&str>,
) -> crate::support::Run {
    let mut vars = vec![("ENCRYPTION_KEY", key)];
    if let Some(p) = previous {
        vars.push(("ENCRYPTION_KEY_PREVIOUS", p));
    }
    if let Some(n) = new {
        vars.push(("NEW_ENCRYPTION_KEY", n));
    }
    env.run_with(args, stdin, &vars)
}

pub fn python(args: &[&str], stdin: &str) -> String {
    use std::io::Write;
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/it/scripts/kw2.py");
    let mut child = std::process::Command::new("python3")
        .arg(script)
        .args(args)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("python3 is needed for the interoperability tests (.ci/setup installs it)");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "kw2.py failed (is Python's `cryptography` installed? .ci/setup installs it): {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

pub fn ciphertext(env: &Env, name: &str) -> String {
    env.sql(&format!(
        "SELECT ciphertext FROM credentials WHERE name = '{name}'"
    ))[0][0]
        .clone()
        .unwrap()
}

pub fn add(env: &Env, name: &str, value: &str, key: &str) -> Value {
    cred(
        env,
        &[
            "--json",
            "credentials",
            "add",
            "--name",
            name,
            "--kind",
            "oauth_refresh_token",
        ],
        value,
        key,
        None,
        None,
    )
    .expect(0)
    .json()
}

pub fn reveal(env: &Env, name: &str, key: &str, previous: Option<&str>) -> String {
    let r = cred(
        env,
        &["--json", "credentials", "show", name, "--reveal"],
        "",
        key,
        previous,
        None,
    )
    .expect(0);
    r.json()["value"].as_str().unwrap().to_owned()
}

store_test!(
    fn add_list_show_reveal_update_rm(env) {
        let v = add(env, "github", "gho_first", KEY_A);
        for f in ["id", "name", "kind", "scope", "kid", "created_at", "updated_at"] {
            assert!(v.get(f).is_some(), "missing {f}: {v}");
        }
        assert!(v.get("value").is_none());
        let id = v["id"].as_str().unwrap().to_owned();
        // From a file, with a scope.
        let f = env.path().join("pw.txt");
        std::fs::write(&f, "s3cret-db-pw\n").unwrap();
        cred(env, &["credentials", "add", "--name", "warehouse", "--kind", "db_password", "--scope", "org:acme", "--value-file", f.to_str().unwrap()], "", KEY_A, None, None).expect(0);

        let list = env.json(&["credentials", "list"]);
        assert_eq!(list.as_array().unwrap().len(), 2);
        assert!(!list.to_string().contains("gho_first") && !list.to_string().contains("s3cret"));
        let table = env.ok(&["credentials", "list"]);
        assert!(table.contains("github") && table.contains("warehouse") && !table.contains("gho_first"));
        let shown = env.json(&["credentials", "show", &id]);
        assert!(shown.get("value").is_none());

        assert_eq!(reveal(env, "github", KEY_A, None), "gho_first");
        assert_eq!(reveal(env, "warehouse", KEY_A, None), "s3cret-db-pw");
        let table = cred(env, &["credentials", "show", "github", "--reveal"], "", KEY_A, None, None).expect(0);
        assert_eq!(table.stdout.trim(), "gho_first");

        cred(env, &["credentials", "update", "github"], "gho_second", KEY_A, None, None).expect(0);
        assert_eq!(reveal(env, "github", KEY_A, None), "gho_second");

        env.run(&["credentials", "rm", "github"]).expect(2);
        env.ok(&["--yes", "credentials", "rm", "github"]);
        env.run(&["credentials", "show", "github"]).expect(1);

        let actions: Vec<String> = env.audit_rows().iter().map(|r| r[4].clone().unwrap()).collect();
        for a in ["credential.add", "credential.reveal", "credential.update", "credential.remove"] {
            assert!(actions.contains(&a.to_owned()), "{a} missing from {actions:?}");
        }
        assert_eq!(actions.iter().filter(|a| *a == "credential.reveal").count(), 4);
        let audit = format!("{:?}", env.audit_rows());
        for secret in ["gho_first", "gho_second", "s3cret-db-pw", KEY_A] {
            assert!(!audit.contains(secret), "audit holds {secret}");
            assert!(!env.dump().contains(secret), "store holds {secret} in clear");
        }
        let r = cred(env, &["credentials", "verify"], "", KEY_A, None, None).expect(0);
        assert!(r.stdout.contains("1 credential, 1 OK, 0 damaged"), "{}", r.stdout);
    }
);

store_test!(
    fn keys_are_checked_and_never_printed(env) {
        for (key, needle) in [("AAAA", "32 bytes (got 3)"), ("not base64!!", "base64"), ("", "32 bytes")] {
            let r = cred(env, &["credentials", "add", "--name", "x", "--kind", "db_password"], "v", key, None, None).expect(2);
            assert!(r.stderr.contains(needle) && r.stderr.contains("keygen"), "{}", r.stderr);
        }
        let r = env.run_stdin(&["credentials", "add", "--name", "x", "--kind", "db_password"], "v").expect(2);
        assert!(r.stderr.contains("ENCRYPTION_KEY is not set"), "{}", r.stderr);
        let r = cred(env, &["credentials", "add", "--name", "x", "--kind", "password"], "v", KEY_A, None, None).expect(2);
        assert!(r.stderr.contains("db_password") && r.stderr.contains("--kind"), "{}", r.stderr);
        let r = cred(env, &["credentials", "add", "--name", "x", "--kind", "db_password"], "", KEY_A, None, None).expect(2);
        assert!(r.stderr.contains("empty"), "{}", r.stderr);
        let r = cred(env, &["credentials", "add", "--name", "x", "--kind", "db_password", "--scope", "nope"], "v", KEY_A, None, None).expect(2);
        assert!(r.stderr.contains("invalid scope"));
        assert_eq!(env.json(&["credentials", "list"]).as_array().unwrap().len(), 0);
        // A key file, and a clear error for a bad one.
        let kf = env.path().join("k");
        std::fs::write(&kf, format!("{KEY_A}\n")).unwrap();
        env.run_stdin(&["credentials", "--key-file", kf.to_str().unwrap(), "add", "--name", "x", "--kind", "db_password"], "v").expect(0);
        std::fs::write(&kf, "c2hvcnQ=").unwrap();
        let r = env.run_stdin(&["credentials", "--key-file", kf.to_str().unwrap(), "add", "--name", "y", "--kind", "db_password"], "v").expect(2);
        assert!(r.stderr.contains("key file") && r.stderr.contains("got 5"), "{}", r.stderr);
    }
);

/// `id<TAB>ciphertext` of a credential, for kw2.py.
fn id_and_ciphertext(env: &Env, name: &str) -> String {
    let r = &env.sql(&format!(
        "SELECT id, ciphertext FROM credentials WHERE name = '{name}'"
    ))[0];
    format!("{}\t{}", r[0].as_deref().unwrap(), r[1].as_deref().unwrap())
}

store_test!(
    fn kw2_values_interoperate_with_an_independent_python_implementation(env) {
        let values = ["ya29.a0AfH6SMB", "postgres://app:p@ss@db/prod", "ünïcødé 🔑", "x"];
        for (i, v) in values.iter().enumerate() {
            add(env, &format!("c{i}"), v, KEY_A);
        }
        let stored: Vec<String> = (0..values.len()).map(|i| id_and_ciphertext(env, &format!("c{i}"))).collect();
        assert!(stored.iter().all(|s| s.contains("\tkw2:")), "{stored:?}");
        let out: Vec<String> = serde_json::from_str(&python(&["decrypt", KEY_A], &stored.join("\n"))).unwrap();
        assert_eq!(out, values);
        // And the other way: values Python wrote, kw2 bound to the row and
        // legacy kw1, keywarden reads.
        let id = add(env, "from-python", "placeholder", KEY_A)["id"].as_str().unwrap().to_owned();
        let py = python(&["encrypt", KEY_A, &id, "written by python"], "");
        env.exec(&format!("UPDATE credentials SET ciphertext = '{}' WHERE name = 'from-python'", py.trim()));
        assert_eq!(reveal(env, "from-python", KEY_A, None), "written by python");
        let py = python(&["encrypt-kw1", KEY_A, "old kw1 value"], "");
        env.exec(&format!("UPDATE credentials SET ciphertext = '{}' WHERE name = 'from-python'", py.trim()));
        assert_eq!(reveal(env, "from-python", KEY_A, None), "old kw1 value");
    }
);

store_test!(
    /// The insider's swap: a read-only password's ciphertext and the
    /// admin one's traded between rows. kw2 binds each to its row, so
    /// both fail, in keywarden and in the independent implementation, and
    /// `credentials verify` says where each came from.
    fn a_value_swapped_between_rows_fails_both_and_is_named(env) {
        let ro = add(env, "db-readonly", "ro-password", KEY_A)["id"].as_str().unwrap().to_owned();
        let admin = add(env, "db-admin", "admin-password", KEY_A)["id"].as_str().unwrap().to_owned();
        add(env, "untouched", "fine", KEY_A);
        let (a, b) = (ciphertext(env, "db-readonly"), ciphertext(env, "db-admin"));
        env.exec(&format!(
            "UPDATE credentials SET ciphertext = '{b}' WHERE id = '{ro}'; UPDATE credentials SET ciphertext = '{a}' WHERE id = '{admin}'"
        ));
        let r = cred(env, &["credentials", "show", "db-readonly", "--reveal"], "", KEY_A, None, None).expect(1);
        assert!(r.stderr.contains("integrity") && !r.stdout.contains("admin-password"), "{}", r.stderr);
        let r = cred(env, &["--json", "credentials", "verify"], "", KEY_A, None, None).expect(3);
        let v = r.json();
        let damaged = v["damaged"].as_array().unwrap();
        assert_eq!(damaged.len(), 2, "{v}");
        for (row, from) in [(&ro, &admin), (&admin, &ro)] {
            let f = damaged.iter().find(|f| f["id"] == row.as_str()).unwrap();
            assert_eq!(f["sealed_for"], from.as_str(), "{v}");
            assert!(f["reason"].as_str().unwrap().contains("moved or swapped"), "{v}");
        }
        let r = cred(env, &["credentials", "verify"], "", KEY_A, None, None).expect(3);
        assert!(r.stdout.contains("db-admin") && r.stdout.contains(&ro), "{}", r.stdout);
        let lines = [id_and_ciphertext(env, "db-readonly"), id_and_ciphertext(env, "db-admin"), id_and_ciphertext(env, "untouched")];
        let out: Vec<serde_json::Value> = serde_json::from_str(&python(&["decrypt", KEY_A], &lines.join("\n"))).unwrap();
        assert_eq!(out[0]["error"], "tag mismatch");
        assert_eq!(out[1]["error"], "tag mismatch");
        assert_eq!(out[2], "fine");
    }
);

store_test!(
    fn tampering_is_an_integrity_error_naming_the_credential(env) {
        add(env, "victim", "the-secret-value", KEY_A);
        add(env, "other", "another-secret", KEY_B);
        let good = ciphertext(env, "victim");
        let (prefix, body) = good.split_at(13);
        let raw = URL_SAFE_NO_PAD.decode(body).unwrap();
        let b_kid = &ciphertext(env, "other")[4..12];
        let mut cases: Vec<String> = Vec::new();
        // A bit flipped in the IV, the ciphertext and the tag.
        for pos in [0, 15, 16, raw.len() - 33, raw.len() - 32, raw.len() - 1] {
            let mut r = raw.clone();
            r[pos] ^= 0x01;
            cases.push(format!("{prefix}{}", URL_SAFE_NO_PAD.encode(&r)));
        }
        cases.push(good.replacen(&good[4..12], b_kid, 1)); // swapped KID
        cases.push(good[..good.len() - 6].to_owned()); // truncated
        cases.push(good[..20].to_owned()); // truncated to nothing
        cases.push("kw1:nothex!!:AAAA".to_owned()); // bad encoding
        for bad in &cases {
            env.exec(&format!("UPDATE credentials SET ciphertext = '{bad}' WHERE name = 'victim'"));
            let before = env.snapshot();
            let r = cred(env, &["credentials", "show", "victim", "--reveal"], "", KEY_A, Some(KEY_B), None).expect(1);
            assert!(r.stderr.contains("\"victim\"") && r.stderr.contains("integrity"), "{bad}: {}", r.stderr);
            assert!(!r.stdout.contains("secret") && !r.stderr.contains("secret-value"));
            assert_eq!(env.snapshot(), before, "a failed reveal changed the store");
            let v = cred(env, &["--json", "credentials", "verify"], "", KEY_A, Some(KEY_B), None).expect(3);
            assert_eq!(v.json()["damaged"][0]["name"], "victim");
        }
        // The wrong key: the value is intact, but the keyring cannot open it.
        env.exec(&format!("UPDATE credentials SET ciphertext = '{good}' WHERE name = 'victim'"));
        let r = cred(env, &["credentials", "show", "victim", "--reveal"], "", KEY_B, None, None).expect(1);
        assert!(r.stderr.contains("victim") && r.stderr.contains("ENCRYPTION_KEY_PREVIOUS"), "{}", r.stderr);
        assert_eq!(reveal(env, "victim", KEY_B, Some(KEY_A)), "the-secret-value");
    }
);

/// `base64(iv ‖ AES-256-CFB128(key, iv, value))` made by the openssl CLI.
pub fn openssl_legacy(key_b64: &str, value: &str) -> String {
    use std::io::Write;
    let key_hex: String = STANDARD
        .decode(key_b64)
        .unwrap()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let iv: [u8; 16] = rand_iv();
    let iv_hex: String = iv.iter().map(|b| format!("{b:02x}")).collect();
    let mut child = std::process::Command::new("openssl")
        .args([
            "enc",
            "-aes-256-cfb",
            "-K",
            &key_hex,
            "-iv",
            &iv_hex,
            "-nosalt",
        ])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("the openssl CLI is needed for the legacy import tests (.ci/setup installs it)");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(value.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    let mut raw = iv.to_vec();
    raw.extend(out.stdout);
    STANDARD.encode(raw)
}

/// The legacy format made in-process (no openssl), for bulk fixtures.
pub fn openssl_free_legacy(key_b64: &str, value: &str) -> String {
    use aes::cipher::{InnerIvInit, KeyInit};
    let k: [u8; 32] = STANDARD.decode(key_b64).unwrap().try_into().unwrap();
    let iv = rand_iv();
    let mut ct = value.as_bytes().to_vec();
    cfb_mode::Encryptor::<aes::Aes256>::inner_iv_init(aes::Aes256::new(&k.into()), (&iv).into())
        .encrypt(&mut ct);
    let mut raw = iv.to_vec();
    raw.extend(ct);
    STANDARD.encode(raw)
}

fn rand_iv() -> [u8; 16] {
    let mut iv = [0u8; 16];
    let t = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    for (i, b) in iv.iter_mut().enumerate() {
        *b = (t >> (i % 8 * 8)) as u8 ^ (i as u8).wrapping_mul(37);
    }
    iv
}

store_test!(
    fn legacy_cfb_rows_made_by_openssl_import_and_read_back(env) {
        let rows = [("gmail", "oauth_access_token", "ya29.legacy-token"), ("warehouse", "db_password", "hunter2-but-longer"), ("stripe", "api_credential", "sk_live_abc")];
        let mut ndjson = String::new();
        for (name, kind, value) in rows {
            ndjson.push_str(&serde_json::json!({"name": name, "kind": kind, "scope": "org:acme", "ciphertext": openssl_legacy(KEY_A, value)}).to_string());
            ndjson.push('\n');
        }
        // Values this short cannot prove the key by themselves: --yes says they are right.
        let r = cred(env, &["--json", "credentials", "import", "--format", "legacy-cfb"], &ndjson, KEY_A, None, None).expect(2);
        assert!(r.stderr.contains("too short"), "{}", r.stderr);
        let r = cred(env, &["--yes", "--json", "credentials", "import", "--format", "legacy-cfb"], &ndjson, KEY_A, None, None).expect(0);
        assert_eq!(r.json().as_array().unwrap().len(), 3);
        for (name, _, value) in rows {
            assert_eq!(reveal(env, name, KEY_A, None), value);
            assert!(ciphertext(env, name).starts_with("kw2:"));
        }
        // All or nothing: one bad line, or a name that exists, imports none.
        let before = env.snapshot();
        let bad = format!(
            "{}\n{}\n",
            serde_json::json!({"name": "new1", "kind": "db_password", "ciphertext": openssl_legacy(KEY_A, "ok")}),
            serde_json::json!({"name": "new2", "kind": "db_password", "ciphertext": "not base64 at all"})
        );
        let r = cred(env, &["credentials", "import", "--format", "legacy-cfb"], &bad, KEY_A, None, None).expect(2);
        assert!(r.stderr.contains("line 2") && r.stderr.contains("new2"), "{}", r.stderr);
        let dup = format!("{}\n", serde_json::json!({"name": "gmail", "kind": "db_password", "ciphertext": openssl_legacy(KEY_A, "x")}));
        cred(env, &["credentials", "import", "--format", "legacy-cfb"], &dup, KEY_A, None, None).expect(2);
        // Made with another key: decrypts to garbage, which is refused.
        let wrong = format!("{}\n", serde_json::json!({"name": "w", "kind": "db_password", "ciphertext": openssl_legacy(KEY_B, "a value long enough to be garbage")}));
        let r = cred(env, &["credentials", "import", "--format", "legacy-cfb"], &wrong, KEY_A, None, None).expect(2);
        assert!(r.stderr.contains("not encrypted with this ENCRYPTION_KEY"), "{}", r.stderr);
        assert_eq!(env.snapshot(), before);
    }
);

store_test!(
    fn rekey_moves_everything_to_the_new_key(env) {
        for i in 0..25 {
            add(env, &format!("c{i:02}"), &format!("value-{i}"), KEY_A);
        }
        let b_kid = {
            let r = cred(env, &["--json", "credentials", "add", "--name", "probe", "--kind", "db_password"], "p", KEY_B, None, None).expect(0);
            r.json()["kid"].as_str().unwrap().to_owned()
        };
        let before = env.snapshot();
        let dry = cred(env, &["--json", "credentials", "rekey", "--dry-run", "--batch", "7"], "", KEY_A, Some(KEY_B), Some(KEY_B)).expect(0);
        let d = dry.json();
        assert_eq!((d["reencrypted"].as_u64(), d["already_current"].as_u64(), d["dry_run"].as_bool()), (Some(25), Some(1), Some(true)));
        assert_eq!(env.snapshot(), before, "--dry-run wrote something");

        let r = cred(env, &["--json", "credentials", "rekey", "--batch", "7"], "", KEY_A, Some(KEY_B), Some(KEY_B)).expect(0).json();
        assert_eq!((r["total"].as_u64(), r["reencrypted"].as_u64(), r["already_current"].as_u64()), (Some(26), Some(25), Some(1)));
        assert_eq!(r["failed"].as_array().unwrap().len(), 0);
        assert_eq!(r["new_kid"], b_kid.as_str());
        for i in 0..25 {
            assert_eq!(reveal(env, &format!("c{i:02}"), KEY_B, None), format!("value-{i}"));
        }
        // Again: nothing to do, and no second event.
        let events = env.audit_rows().iter().filter(|r| r[4].as_deref() == Some("credential.rekey")).count();
        assert_eq!(events, 1);
        let again = cred(env, &["--json", "credentials", "rekey"], "", KEY_B, Some(KEY_A), None).expect(0).json();
        assert_eq!(again["reencrypted"], 0);
        assert_eq!(again["already_current"], 26);
        let table = cred(env, &["credentials", "rekey"], "", KEY_B, None, None).expect(0);
        assert!(table.stdout.contains("0 re-encrypted, 26 already under"), "{}", table.stdout);
    }
);

store_test!(
    fn rekey_refuses_cleanly_when_a_row_cannot_be_decrypted(env) {
        for i in 0..10 {
            add(env, &format!("c{i}"), &format!("v{i}"), KEY_A);
        }
        let ct = ciphertext(env, "c5");
        let flipped = format!("{}{}", &ct[..ct.len() - 1], if ct.ends_with('A') { "B" } else { "A" });
        env.exec(&format!("UPDATE credentials SET ciphertext = '{flipped}' WHERE name = 'c5'"));
        let before = env.snapshot();
        let r = cred(env, &["credentials", "rekey"], "", KEY_A, None, Some(KEY_B)).expect(1);
        assert!(r.stderr.contains("c5") && r.stderr.contains("no row was re-encrypted"), "{}", r.stderr);
        assert_eq!(env.snapshot(), before);
    }
);

store_test!(
    fn verify_under_the_wrong_key_says_wrong_key_not_damaged(env) {
        add(env, "github", "gho_first", KEY_A);
        add(env, "gitlab", "glpat_first", KEY_A);
        let kid_a = ciphertext(env, "github")[4..12].to_owned();
        let r = cred(env, &["credentials", "verify"], "", KEY_B, None, None).expect(3);
        assert!(
            r.stdout.starts_with("2 credentials, 0 OK, 2 under a key not in the keyring, 0 damaged"),
            "{}",
            r.stdout
        );
        assert!(
            r.stdout.contains(&format!(
                "no key in the keyring has KID {kid_a}: ENCRYPTION_KEY is not the key these were encrypted with"
            )),
            "{}",
            r.stdout
        );
        assert!(!r.stdout.contains("DAMAGED"), "{}", r.stdout);
        let v = cred(env, &["--json", "credentials", "verify"], "", KEY_B, None, None).expect(3).json();
        assert_eq!(v["damaged"].as_array().unwrap().len(), 0, "{v}");
        assert_eq!(v["wrong_key"].as_array().unwrap().len(), 2, "{v}");
        assert_eq!(v["wrong_key"][0]["name"], "github");
        assert_eq!(v["wrong_key"][0]["kid"], kid_a.as_str());
        assert!(v["wrong_key"][0]["reason"].as_str().unwrap().contains("ENCRYPTION_KEY is not the key"), "{v}");
        // With the right key as a previous one, all is well.
        cred(env, &["credentials", "verify"], "", KEY_B, Some(KEY_A), None).expect(0);
    }
);

store_test!(
    fn counts_read_as_english(env) {
        let line = serde_json::json!({"name": "one", "kind": "api_credential", "ciphertext": openssl_free_legacy(KEY_A, "a value long enough to prove the key is right")}).to_string();
        let r = cred(env, &["--yes", "credentials", "import", "--format", "legacy-cfb"], &line, KEY_A, None, None).expect(0);
        assert!(r.stderr.contains("Imported 1 credential under key"), "{}", r.stderr);
        let r = cred(env, &["credentials", "verify"], "", KEY_A, None, None).expect(0);
        assert!(r.stdout.starts_with("1 credential, 1 OK, 0 damaged"), "{}", r.stdout);
        for r in [r, env.run(&["audit", "verify"]).expect(0)] {
            assert!(!r.stdout.contains("(s)") && !r.stderr.contains("(s)"), "{}{}", r.stdout, r.stderr);
        }
    }
);

store_test!(
    fn a_hex_key_is_refused_with_its_conversion(env) {
        let hex = "0123456789abcdef".repeat(4);
        let r = cred(env, &["credentials", "add", "--name", "x", "--kind", "api_credential"], "v", &hex, None, None).expect(2);
        assert!(r.stderr.contains("echo HEX | xxd -r -p | base64") && !r.stderr.contains("got 48"), "{}", r.stderr);
        assert!(!r.stderr.contains(&hex), "the key leaked into the error: {}", r.stderr);
    }
);
