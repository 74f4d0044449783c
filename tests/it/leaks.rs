//! Leak reports from code hosts (contract §12): the real `keywarden serve`
//! on a free loopback port, fed batches signed by a P-256 key pair each
//! test makes (and, for an independent check, by Python's `cryptography`),
//! on both stores.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use base64::Engine;
use ring::rand::SystemRandom;
use ring::signature::{ECDSA_P256_SHA256_ASN1_SIGNING, EcdsaKeyPair, KeyPair};
use serde_json::{Value, json};

use crate::serve::{Answer, Server, answer_of};
use crate::store_test;
use crate::support::{Backend, Env};

/// A code host's signing key and the key-list file `serve` reads.
struct Signer {
    pair: EcdsaKeyPair,
    id: String,
    file: PathBuf,
}

const SPKI_P256: [u8; 26] = [
    0x30, 0x59, 0x30, 0x13, 0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01, 0x06, 0x08, 0x2a,
    0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07, 0x03, 0x42, 0x00,
];

fn b64(b: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(b)
}

impl Signer {
    fn new(dir: &Path) -> Signer {
        let rng = SystemRandom::new();
        let pkcs8 = EcdsaKeyPair::generate_pkcs8(&ECDSA_P256_SHA256_ASN1_SIGNING, &rng).unwrap();
        let pair = EcdsaKeyPair::from_pkcs8(&ECDSA_P256_SHA256_ASN1_SIGNING, pkcs8.as_ref(), &rng)
            .unwrap();
        let mut der = SPKI_P256.to_vec();
        der.extend_from_slice(pair.public_key().as_ref());
        let pem = format!(
            "-----BEGIN PUBLIC KEY-----\n{}\n-----END PUBLIC KEY-----\n",
            b64(&der)
        );
        let id = "90a421169f0a406205f1563a953312f0be898d3c7b6c06b681aa86a874555f4a".to_owned();
        let file = dir.join("github-keys.json");
        let list = json!({"public_keys": [
            {"key_identifier": "0ld0ne", "key": pem, "is_current": false},
            {"key_identifier": id, "key": pem, "is_current": true},
        ]});
        std::fs::write(&file, list.to_string()).unwrap();
        Signer { pair, id, file }
    }

    fn sign(&self, body: &[u8]) -> String {
        b64(self.pair.sign(&SystemRandom::new(), body).unwrap().as_ref())
    }
}

/// One HTTP/1.1 request on loopback.
fn request(port: u16, method: &str, path: &str, headers: &[(&str, &str)], body: &[u8]) -> Answer {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
    let mut req = format!(
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\nContent-Length: {}\r\n",
        body.len()
    );
    for (k, v) in headers {
        req.push_str(&format!("{k}: {v}\r\n"));
    }
    req.push_str("\r\n");
    s.write_all(req.as_bytes()).unwrap();
    // A server may answer (413) before the whole body is sent.
    let _ = s.write_all(body);
    let mut raw = Vec::new();
    let _ = s.read_to_end(&mut raw);
    answer_of(&raw)
}

fn post_github(port: u16, signer: &Signer, body: &[u8]) -> Answer {
    let sig = signer.sign(body);
    request(
        port,
        "POST",
        "/v1/leaks/github",
        &[
            ("Content-Type", "application/json"),
            ("Github-Public-Key-Identifier", &signer.id),
            ("Github-Public-Key-Signature", &sig),
        ],
        body,
    )
}

/// Waits until every accepted batch is finished and reported on. Not a
/// timed assertion: the limit only stops a hung test.
fn wait_settled(env: &Env) {
    let until = Instant::now() + Duration::from_secs(120);
    loop {
        let open = env.sql("SELECT count(*) FROM leak_batches WHERE reported_at IS NULL");
        if open[0][0].as_deref() == Some("0") {
            return;
        }
        assert!(Instant::now() < until, "leak batches still open: {open:?}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn key(env: &Env, id: &str) -> Value {
    env.json(&["keys", "show", id])
}

/// A token with `id`'s key id, a fresh secret and a valid checksum: a
/// look-alike of that key.
fn lookalike(id: &str) -> String {
    keywarden::token::generate("kw", id).expose().to_owned()
}

fn other_prefix() -> String {
    keywarden::token::generate("zz", &keywarden::token::new_key_id())
        .expose()
        .to_owned()
}

fn unknown_id() -> String {
    keywarden::token::generate("kw", &keywarden::token::new_key_id())
        .expose()
        .to_owned()
}

fn events(env: &Env, action: &str) -> Vec<Value> {
    env.json(&["audit", "query", "--action", action, "--limit", "1000"])
        .as_array()
        .unwrap()
        .clone()
}

/// Everything in the store but the audit log, as text.
fn state(env: &Env) -> String {
    let mut s = String::new();
    for t in ["keys", "leak_batches", "leak_reports", "settings"] {
        s.push_str(&format!(
            "{t}: {:?}\n",
            env.sql(&format!("SELECT * FROM {t} ORDER BY 1"))
        ));
    }
    s
}

struct World {
    live: Vec<(String, String)>,
    revoked: (String, String),
    untouched: (String, String),
    lookalike: String,
    others: Vec<String>,
}

fn world(env: &Env) -> World {
    let live = vec![
        env.mint("ci bot", "org:acme", &["read:docs"], &[]),
        env.mint("mcp desktop", "org:acme", &["read:docs"], &[]),
    ];
    let revoked = env.mint("old", "org:acme", &["read:docs"], &[]);
    env.run(&["keys", "revoke", &revoked.1, "--reason", "rotated"])
        .expect(0);
    let untouched = env.mint("victim of a look-alike", "org:acme", &["read:docs"], &[]);
    World {
        lookalike: lookalike(&untouched.1),
        others: vec![other_prefix(), unknown_id(), "not a token at all".into()],
        live,
        revoked,
        untouched,
    }
}

fn github_batch(w: &World) -> Vec<u8> {
    let mut items = Vec::new();
    let mut push = |t: &str, i: usize| {
        items.push(json!({
            "token": t,
            "type": "keywarden_kw_token",
            "url": format!("https://github.com/octo/leaky/blob/abc123/config{i}.yml"),
            "source": "content",
        }));
    };
    for (i, (t, _)) in w.live.iter().enumerate() {
        push(t, i);
    }
    push(&w.revoked.0, 10);
    push(&w.lookalike, 11);
    for (i, t) in w.others.iter().enumerate() {
        push(t, 20 + i);
    }
    serde_json::to_vec(&items).unwrap()
}

/// No token of the batch anywhere in the audit log.
fn audit_holds_no_token(env: &Env, tokens: &[&str]) {
    let rows = format!("{:?}", env.audit_rows());
    for t in tokens {
        assert!(!rows.contains(t), "a reported token is in the audit log");
    }
    env.run(&["audit", "verify"]).expect(0);
}

store_test! {
    fn github_alerts_revoke_live_tokens_and_label_the_rest(env) {
        let w = world(env);
        let signer = Signer::new(env.path());
        let reports = env.path().join("incidents");
        std::fs::create_dir(&reports).unwrap();
        let keys = signer.file.to_str().unwrap();
        let srv = Server::start(env, &["--github-keys", keys, "--incident-dir", reports.to_str().unwrap()]);
        let body = github_batch(&w);

        let a = post_github(srv.port, &signer, &body);
        assert_eq!(a.status, 200, "{a:?}");
        let incident = a.header("x-keywarden-incident").unwrap().to_owned();
        // Decided at once: the tokens that are not this store's, by hash only.
        let fb = a.json();
        let fb = fb.as_array().unwrap();
        assert_eq!(fb.len(), 3, "{fb:?}");
        for (f, t) in fb.iter().zip(&w.others) {
            assert_eq!(f["label"], "false_positive");
            assert_eq!(f["token_type"], "keywarden_kw_token");
            assert_eq!(f["token_hash"], keywarden::codehost::token_hash(t));
            assert!(f.get("token_raw").is_none());
        }
        for t in w.others.iter().chain([&w.lookalike]) {
            assert!(!a.body.contains(t.as_str()), "a token that is not ours was echoed");
        }
        wait_settled(env);

        for (token, id) in &w.live {
            let k = key(env, id);
            assert_eq!(k["status"], "revoked", "{k}");
            assert_eq!(k["revoked_reason"], "leaked");
            assert_eq!(env.verify_status(token, &[]), "REVOKED");
        }
        let k = key(env, &w.revoked.1);
        assert_eq!(k["revoked_reason"], "rotated", "an earlier revocation stays as it was");
        assert_eq!(env.verify_status(&w.untouched.0, &[]), "VALID", "a look-alike revoked a key");

        let revokes: Vec<Value> = events(env, "key.revoke")
            .into_iter()
            .filter(|e| e["actor"] == "github-secret-scanning")
            .collect();
        assert_eq!(revokes.len(), 2, "{revokes:?}");
        for e in &revokes {
            let d = &e["details"];
            assert_eq!(d["incident"], incident.as_str());
            assert_eq!(d["reason"], "leaked");
            assert_eq!(d["source"], "content");
            assert!(d["url"].as_str().unwrap().starts_with("https://github.com/octo/leaky/"));
        }
        let look = events(env, "leak.lookalike");
        assert_eq!(look.len(), 1);
        assert_eq!(look[0]["key_id"], w.untouched.1.as_str());
        assert_eq!(events(env, "leak.known")[0]["key_id"], w.revoked.1.as_str());
        assert_eq!(
            env.sql("SELECT count(*) FROM leak_reports WHERE token IS NOT NULL")[0][0].as_deref(),
            Some("0"),
            "a decided token was kept"
        );

        let m = crate::serve::get(srv.port, "/metrics", &[]);
        assert!(m.body.contains("keywarden_leak_jobs 0"), "{}", m.body);

        // The incident report (contract §8): private, no token in it.
        let path = reports.join(format!("{incident}.md"));
        let text = std::fs::read_to_string(&path).unwrap();
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
        for (_, id) in &w.live {
            assert!(text.contains(&format!("kw_{id}")), "{text}");
        }
        assert!(text.contains("look-alike"), "{text}");
        let mut all: Vec<&str> = w.live.iter().map(|(t, _)| t.as_str()).collect();
        all.extend([w.revoked.0.as_str(), w.untouched.0.as_str(), w.lookalike.as_str()]);
        all.extend(w.others.iter().map(String::as_str));
        for t in &all {
            assert!(!text.contains(t), "a token is in the incident report");
        }
        audit_holds_no_token(env, &all);

        // GitHub resends (a slow answer, a retry): same incident, nothing
        // revoked twice, and now the feedback covers our tokens too.
        let before = events(env, "key.revoke").len();
        let a = post_github(srv.port, &signer, &body);
        assert_eq!(a.status, 200, "{a:?}");
        assert_eq!(a.header("x-keywarden-incident"), Some(incident.as_str()));
        let fb = a.json();
        let fb = fb.as_array().unwrap();
        assert_eq!(fb.len(), 7, "{fb:?}");
        for (token, _) in w.live.iter().chain([&w.revoked]) {
            assert!(
                fb.iter().any(|f| f["token_raw"] == token.as_str() && f["label"] == "true_positive"),
                "{fb:?}"
            );
        }
        assert!(fb.iter().any(|f| f["token_hash"] == keywarden::codehost::token_hash(&w.lookalike)
            && f["label"] == "false_positive"));
        for t in w.others.iter().chain([&w.lookalike]) {
            assert!(!a.body.contains(t.as_str()));
        }
        wait_settled(env);
        assert_eq!(events(env, "key.revoke").len(), before, "a resent batch revoked again");
        assert_eq!(std::fs::read_dir(&reports).unwrap().count(), 1);
        assert_eq!(srv.stop(), 0);
    }
}

store_test! {
    fn bad_signatures_and_bodies_are_refused_and_change_nothing(env) {
        let w = world(env);
        let signer = Signer::new(env.path());
        let srv = Server::start(env, &["--github-keys", signer.file.to_str().unwrap()]);
        let body = github_batch(&w);
        let before = state(env);
        let events_before = env.audit_rows().len();

        let other = br#"[{"token":"x","type":"t","url":"","source":"content"}]"#;
        let wrong_sig = signer.sign(other);
        let sig = signer.sign(&body);
        // Every one of these is a 401.
        let id = ("Github-Public-Key-Identifier", signer.id.as_str());
        let cases: Vec<Vec<(&str, &str)>> = vec![
            vec![],
            vec![id],
            vec![id, ("Github-Public-Key-Signature", &wrong_sig)],
            vec![("Github-Public-Key-Identifier", "unknown"), ("Github-Public-Key-Signature", &sig)],
            vec![id, ("Github-Public-Key-Signature", "%%%")],
        ];
        for h in &cases {
            let a = request(srv.port, "POST", "/v1/leaks/github", h, &body);
            assert_eq!(a.status, 401, "{h:?}: {a:?}");
            assert!(!a.body.contains("kw_"), "{a:?}");
        }
        // Signed, but not GitHub's JSON.
        let junk = br#"{"token": "kw_x"}"#;
        let s = signer.sign(junk);
        let a = request(srv.port, "POST", "/v1/leaks/github",
            &[("Github-Public-Key-Identifier", &signer.id), ("Github-Public-Key-Signature", &s)], junk);
        assert_eq!(a.status, 400, "{a:?}");
        // Over the size limit, refused before it is parsed.
        let huge = vec![b' '; keywarden::codehost::MAX_BODY_BYTES + 1];
        let a = request(srv.port, "POST", "/v1/leaks/github",
            &[("Github-Public-Key-Identifier", &signer.id), ("Github-Public-Key-Signature", &sig)], &huge);
        assert_eq!(a.status, 413, "{}", a.status);

        assert_eq!(state(env), before, "a refused report changed the store");
        let rows = env.audit_rows();
        let new: Vec<&Vec<Option<String>>> = rows[events_before..].iter().collect();
        assert_eq!(new.len(), cases.len() + 2, "one audit event per refusal");
        for r in &new {
            assert_eq!(r[4].as_deref(), Some("leak.refused"), "{r:?}");
            assert_eq!(r[2].as_deref(), Some("github-secret-scanning"));
        }
        for (t, _) in &w.live {
            assert_eq!(env.verify_status(t, &[]), "VALID");
        }
        assert_eq!(srv.stop(), 0);
    }
}

store_test! {
    fn accepted_batches_survive_kill_9_and_are_finished_by_a_restart(env) {
        let w = world(env);
        let signer = Signer::new(env.path());
        let secret_file = env.path().join("gitlab-secret");
        write_secret(&secret_file, "s3cr3t-shared-with-gitlab-0123456789");
        let args = ["--github-keys", signer.file.to_str().unwrap(), "--gitlab-secret-file", secret_file.to_str().unwrap()];
        // An instance that accepts but decides nothing: the kill below
        // then always finds the batches accepted and undecided.
        let srv = Server::start_with(env, &args, &[("KEYWARDEN_LEAK_WORKERS", "0")]);
        let a = post_github(srv.port, &signer, &github_batch(&w));
        assert_eq!(a.status, 200, "{a:?}");
        let gl = json!([{"type": "gitleaks_rule_id_keywarden_kw_token", "token": w.live[1].0, "location": "https://gitlab.example/x"}]);
        let a = gitlab_post(srv.port, "s3cr3t-shared-with-gitlab-0123456789", &serde_json::to_vec(&gl).unwrap());
        assert_eq!(a.status, 204, "{a:?}");
        srv.kill9();
        assert_eq!(
            env.sql("SELECT count(*) FROM leak_reports WHERE label IS NULL")[0][0].as_deref(),
            Some("5"),
            "the accepted tokens were not stored before the answer"
        );
        for (t, _) in &w.live {
            assert_eq!(env.verify_status(t, &[]), "VALID");
        }

        let srv = Server::start(env, &args);
        wait_settled(env);
        for (t, id) in &w.live {
            assert_eq!(env.verify_status(t, &[]), "REVOKED");
            assert_eq!(key(env, id)["revoked_reason"], "leaked");
        }
        assert_eq!(env.verify_status(&w.untouched.0, &[]), "VALID");
        // Each key revoked once, though reported by both hosts.
        let revokes = events(env, "key.revoke");
        for (_, id) in &w.live {
            assert_eq!(revokes.iter().filter(|e| e["key_id"] == id.as_str()).count(), 1);
        }
        assert_eq!(
            env.sql("SELECT count(*) FROM leak_reports WHERE token IS NOT NULL")[0][0].as_deref(),
            Some("0")
        );
        assert_eq!(srv.stop(), 0);
    }
}

fn write_secret(path: &Path, secret: &str) {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
        .unwrap()
        .write_all(format!("{secret}\n").as_bytes())
        .unwrap();
}

fn gitlab_post(port: u16, secret: &str, body: &[u8]) -> Answer {
    request(
        port,
        "POST",
        "/v1/revoke_tokens",
        &[
            ("Authorization", secret),
            ("Content-Type", "application/json"),
        ],
        body,
    )
}

store_test! {
    fn gitlab_revocation_api_revokes_with_the_shared_secret_only(env) {
        let w = world(env);
        let secret = "0f9e8d7c6b5a49382716-gitlab-shared";
        let file = env.path().join("gitlab-secret");
        write_secret(&file, secret);
        let reports = env.path().join("incidents");
        std::fs::create_dir(&reports).unwrap();
        let srv = Server::start(
            env,
            &["--json", "--gitlab-secret-file", file.to_str().unwrap(), "--incident-dir", reports.to_str().unwrap()],
        );

        let a = request(srv.port, "GET", "/v1/revocable_token_types", &[("Authorization", secret)], b"");
        assert_eq!(a.status, 200, "{a:?}");
        let types = a.json()["types"].as_array().unwrap().clone();
        assert!(types.iter().any(|t| t == "gitleaks_rule_id_keywarden_kw_token"), "{types:?}");
        let before = state(env);
        for auth in [vec![], vec![("Authorization", "wrong-secret-wrong-secret")], vec![("Authorization", "Bearer nope")]] {
            let a = request(srv.port, "GET", "/v1/revocable_token_types", &auth, b"");
            assert_eq!(a.status, 401, "{a:?}");
        }
        let mut items: Vec<Value> = w.live.iter().map(|(t, _)| json!({
            "type": "gitleaks_rule_id_keywarden_kw_token", "token": t,
            "location": "https://gitlab.example.com/acme/app/-/blob/main/.env"})).collect();
        items.push(json!({"type": "gitleaks_rule_id_keywarden_kw_token", "token": w.lookalike, "location": null}));
        for t in &w.others {
            items.push(json!({"type": "gitleaks_rule_id_x", "token": t, "location": "https://gitlab.example.com/x"}));
        }
        let body = serde_json::to_vec(&items).unwrap();
        let a = gitlab_post(srv.port, "not-the-secret-at-all", &body);
        assert_eq!(a.status, 401);
        assert_eq!(state(env), before, "a refused request changed the store");
        assert_eq!(events(env, "leak.refused").len(), 4);

        let a = request(srv.port, "POST", "/v1/revoke_tokens",
            &[("Authorization", &format!("Bearer {secret}"))], &body);
        assert_eq!(a.status, 204, "{a:?}");
        assert!(a.body.is_empty());
        wait_settled(env);
        for (t, id) in &w.live {
            assert_eq!(env.verify_status(t, &[]), "REVOKED");
            let k = key(env, id);
            assert_eq!(k["revoked_reason"], "leaked");
        }
        assert_eq!(env.verify_status(&w.untouched.0, &[]), "VALID");
        let revokes: Vec<Value> = events(env, "key.revoke").into_iter()
            .filter(|e| e["actor"] == "gitlab-token-revocation").collect();
        assert_eq!(revokes.len(), 2);
        let d = &revokes[0]["details"];
        assert_eq!(d["url"], "https://gitlab.example.com/acme/app/-/blob/main/.env");
        // The incident report, as JSON with --json.
        let files: Vec<PathBuf> = std::fs::read_dir(&reports).unwrap().map(|e| e.unwrap().path()).collect();
        assert_eq!(files.len(), 1, "{files:?}");
        assert_eq!(files[0].extension().unwrap(), "json");
        let r: Value = serde_json::from_str(&std::fs::read_to_string(&files[0]).unwrap()).unwrap();
        assert_eq!(r["incident"], d["incident"]);
        assert_eq!(r["responder"], "gitlab-token-revocation");
        assert_eq!(r["revoked"], 2);
        assert_eq!(r["lookalikes"], 1);
        assert_eq!(r["tokens_reported"], 6);
        assert_eq!(r["false_positives"], 4);
        assert_eq!(r["keys"].as_array().unwrap().len(), 2);
        assert!(r["keys"][0]["events"].as_array().unwrap().iter().any(|e| e["action"] == "key.create"));

        // Replayed: 204 again, nothing revoked twice.
        let before = events(env, "key.revoke").len();
        let a = gitlab_post(srv.port, secret, &body);
        assert_eq!(a.status, 204);
        wait_settled(env);
        assert_eq!(events(env, "key.revoke").len(), before);
        let mut all: Vec<&str> = w.live.iter().map(|(t, _)| t.as_str()).collect();
        all.extend([w.lookalike.as_str(), secret]);
        all.extend(w.others.iter().map(String::as_str));
        audit_holds_no_token(env, &all);
        assert_eq!(srv.stop(), 0);
    }
}

/// The signature scheme checked by an independent implementation: a batch
/// signed by Python's `cryptography` is accepted; its signature over a
/// different body is refused.
#[test]
fn a_batch_signed_by_python_cryptography_is_accepted() {
    let env = Env::new(Backend::Sqlite);
    let (token, id) = env.mint("ci", "org:acme", &["read:docs"], &[]);
    let dir = env.path();
    let body = serde_json::to_vec(&json!([
        {"token": token, "type": "keywarden_kw_token", "url": "https://github.com/o/r/blob/x/a", "source": "commit"}
    ]))
    .unwrap();
    std::fs::write(dir.join("body.json"), &body).unwrap();
    std::fs::write(dir.join("other.json"), b"[]").unwrap();
    let script = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/it/scripts/github_sign.py"
    );
    let out = std::process::Command::new("python3")
        .arg(script)
        .arg(dir)
        .output()
        .expect("python3");
    assert!(
        out.status.success(),
        "github_sign.py failed (is Python's `cryptography` installed? .ci/setup installs it): {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let keys = dir.join("keys.json");
    let srv = Server::start(&env, &["--github-keys", keys.to_str().unwrap()]);
    let kid = v["key_identifier"].as_str().unwrap();
    let post = |sig: &str| {
        request(
            srv.port,
            "POST",
            "/v1/leaks/github",
            &[
                ("Github-Public-Key-Identifier", kid),
                ("Github-Public-Key-Signature", sig),
            ],
            &body,
        )
    };
    let a = post(v["signature_of_other_body"].as_str().unwrap());
    assert_eq!(a.status, 401, "{a:?}");
    let a = post(v["signature"].as_str().unwrap());
    assert_eq!(a.status, 200, "{a:?}");
    wait_settled(&env);
    assert_eq!(key(&env, &id)["status"], "revoked");
    assert_eq!(srv.stop(), 0);
}

/// A key list replaced while the server runs (GitHub rotated its key) is
/// used from the next request on.
#[test]
fn a_changed_key_list_is_read_again() {
    let env = Env::new(Backend::Sqlite);
    let first = Signer::new(env.path());
    let srv = Server::start(&env, &["--github-keys", first.file.to_str().unwrap()]);
    assert_eq!(post_github(srv.port, &first, b"[]").status, 200);
    let sub = env.path().join("next");
    std::fs::create_dir(&sub).unwrap();
    let next = Signer::new(&sub);
    assert_eq!(post_github(srv.port, &next, b"[]").status, 401);
    // Replaced the way a cron job should: a new file renamed over the old.
    std::fs::rename(&next.file, &first.file).unwrap();
    assert_eq!(post_github(srv.port, &next, b"[]").status, 200);
    assert_eq!(post_github(srv.port, &first, b"[]").status, 401);
    assert_eq!(srv.stop(), 0);
}

/// The leak settings may come from `--config`, paths relative to it.
#[test]
fn leak_settings_come_from_the_config_file_too() {
    let env = Env::new(Backend::Sqlite);
    let conf = env.path().join("conf");
    std::fs::create_dir(&conf).unwrap();
    let signer = Signer::new(&conf);
    write_secret(&conf.join("gitlab-secret"), "0123456789abcdef0123");
    std::fs::create_dir(conf.join("incidents")).unwrap();
    std::fs::write(
        conf.join("serve.toml"),
        "github_keys = \"github-keys.json\"\ngitlab_secret_file = \"gitlab-secret\"\nincident_dir = \"incidents\"\n",
    )
    .unwrap();
    let srv = Server::start(
        &env,
        &["--config", conf.join("serve.toml").to_str().unwrap()],
    );
    assert_eq!(post_github(srv.port, &signer, b"[]").status, 200);
    let a = request(
        srv.port,
        "GET",
        "/v1/revocable_token_types",
        &[("Authorization", "0123456789abcdef0123")],
        b"",
    );
    assert_eq!(a.status, 200, "{a:?}");
    wait_settled(&env);
    assert_eq!(
        std::fs::read_dir(conf.join("incidents")).unwrap().count(),
        1
    );
    assert_eq!(srv.stop(), 0);
}

#[test]
fn bad_leak_inputs_are_usage_errors_before_the_server_starts() {
    let env = Env::new(Backend::Sqlite);
    let dir = env.path();
    std::fs::write(dir.join("bad.json"), br#"{"public_keys": []}"#).unwrap();
    std::fs::write(dir.join("short"), b"abc\n").unwrap();
    std::fs::write(dir.join("open"), b"0123456789abcdef0123\n").unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(dir.join("short"), std::fs::Permissions::from_mode(0o600)).unwrap();
    std::fs::set_permissions(dir.join("open"), std::fs::Permissions::from_mode(0o644)).unwrap();
    let good = dir.join("good");
    write_secret(&good, "0123456789abcdef0123");
    let p = |n: &str| dir.join(n).display().to_string();
    let cases: Vec<(Vec<String>, &str)> = vec![
        (
            vec!["--github-keys".into(), p("missing.json")],
            "--github-keys",
        ),
        (vec!["--github-keys".into(), p("bad.json")], "no keys"),
        (
            vec!["--gitlab-secret-file".into(), p("short")],
            "at least 16",
        ),
        (vec!["--gitlab-secret-file".into(), p("open")], "chmod 600"),
        (
            vec![
                "--gitlab-secret-file".into(),
                p("good"),
                "--incident-dir".into(),
                p("nowhere"),
            ],
            "--incident-dir",
        ),
        (
            vec!["--incident-dir".into(), dir.display().to_string()],
            "--github-keys",
        ),
    ];
    for (args, says) in cases {
        let mut a = vec!["serve", "--listen", "127.0.0.1:0"];
        a.extend(args.iter().map(String::as_str));
        let r = env.run(&a);
        assert_eq!(r.code, 2, "{args:?}: {}", r.stderr);
        assert!(r.stderr.contains(says), "{args:?}: {}", r.stderr);
        assert!(
            !r.stderr.contains("0123456789abcdef"),
            "the secret is in an error"
        );
    }
}
