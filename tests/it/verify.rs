//! `keys verify`: scopes, abilities, tools, malformed input, last_used_at.

use crate::store_test;

store_test!(
    fn scope_coverage(env) {
        let (org, _) = env.mint("org", "org:acme", &["read"], &[]);
        let (coll, _) = env.mint("coll", "org:acme/collection:docs", &["read"], &[]);
        let (user, _) = env.mint("user", "user:alice", &["read"], &[]);
        let r = |t: &str, res: &str| env.verify_status(t, &["--resource", res]);

        assert_eq!(r(&org, "org:acme/collection:docs"), "VALID", "an org key covers its collections");
        assert_eq!(r(&org, "org:acme/collection:wiki/doc:1"), "VALID");
        assert_eq!(r(&org, "org:acmecorp"), "FORBIDDEN", "prefixes are segment-wise");
        assert_eq!(r(&coll, "org:acme/collection:docs/doc:9"), "VALID");
        assert_eq!(r(&coll, "org:acme/collection:wiki"), "FORBIDDEN", "a collection key does not cover a sibling");
        assert_eq!(r(&coll, "org:acme"), "FORBIDDEN");
        assert_eq!(r(&org, "user:alice/source:gmail"), "FORBIDDEN", "only a user key covers personal sources");
        assert_eq!(r(&coll, "user:alice/source:gmail"), "FORBIDDEN");
        assert_eq!(r(&user, "user:alice/source:gmail"), "VALID");
        assert_eq!(r(&user, "user:bob/source:gmail"), "FORBIDDEN");

        let (code, v) = env.verify(&coll, &["--resource", "org:acme/collection:wiki"]);
        assert_eq!(code, 3);
        assert!(v["reason"].as_str().unwrap().contains("scope"), "{v}");
    }
);

store_test!(
    fn abilities_and_tools_fail_closed(env) {
        let (t, _) = env.mint("bot", "org:acme", &["ballast-search:read"], &[]);
        let (listed, _) = env.mint("listed", "org:acme", &["ballast-search:read"], &["--tool", "search"]);
        assert_eq!(env.verify_status(&t, &["--ability", "ballast-search:read"]), "VALID");
        assert_eq!(env.verify_status(&t, &["--ability", "integration-type:execute"]), "FORBIDDEN");

        // Not mapped: denied, whatever the key holds.
        assert_eq!(env.verify_status(&t, &["--tool", "search"]), "FORBIDDEN");
        env.ok(&["tools", "set", "search", "--requires", "ballast-search:read"]);
        env.ok(&["tools", "set", "list_documents", "--requires", "ballast-search:read"]);
        env.ok(&["tools", "set", "trigger_sync", "--requires", "integration-type:execute"]);
        assert_eq!(env.verify_status(&t, &["--tool", "search"]), "VALID");
        assert_eq!(env.verify_status(&t, &["--tool", "trigger_sync"]), "FORBIDDEN", "lacks the tool's ability");
        assert_eq!(env.verify_status(&t, &["--tool", "drop_table"]), "FORBIDDEN", "unmapped");
        // An allow-list that omits the tool denies it even with the ability.
        assert_eq!(env.verify_status(&listed, &["--tool", "search"]), "VALID");
        assert_eq!(env.verify_status(&listed, &["--tool", "list_documents"]), "FORBIDDEN");
        // Removing a mapping makes the tool fail closed again.
        env.ok(&["tools", "rm", "search"]);
        assert_eq!(env.verify_status(&t, &["--tool", "search"]), "FORBIDDEN");
    }
);

store_test!(
    fn malformed_tokens_never_reach_the_store(env) {
        let (token, _) = env.mint("bot", "org:acme", &["read"], &[]);
        let events = env.audit_rows().len();
        let mut typo = token.clone().into_bytes();
        let i = 20;
        typo[i] = if typo[i] == b'a' { b'b' } else { b'a' };
        let typo = String::from_utf8(typo).unwrap();
        for bad in [typo.as_str(), "kw_short", "", "not a token", &token.replace("kw_", "mcp_"), &token[..52]] {
            let (code, v) = env.verify(bad, &[]);
            assert_eq!((code, v["status"].as_str().unwrap()), (3, "MALFORMED"), "{bad:?}: {v}");
        }
        assert_eq!(env.audit_rows().len(), events, "a malformed token writes nothing");
        assert!(env.json(&["keys", "list"])[0]["last_used_at"].is_null());
    }
);

store_test!(
    fn a_checksummed_token_with_a_wrong_secret_is_not_found(env) {
        let (token, id) = env.mint("bot", "org:acme", &["read"], &[]);
        // Same key id, different secret, valid checksum: a look-alike.
        let forged = forge(&token);
        assert_ne!(forged, token);
        let (code, v) = env.verify(&forged, &[]);
        assert_eq!((code, v["status"].as_str().unwrap()), (3, "NOT_FOUND"));
        assert_eq!(v["key_id"], id.as_str());
        let last = env.audit_rows().pop().unwrap();
        assert_eq!(last[4].as_deref(), Some("key.verify"));
        assert_eq!(last[8].as_deref(), Some("401"));
        // An unknown key id.
        let (_, v) = env.verify(&forge(&format!("kw_{}{}", "Z".repeat(12), &token[15..])), &[]);
        assert_eq!(v["status"], "NOT_FOUND");
    }
);

/// Replaces the secret and recomputes the checksum.
pub fn forge(token: &str) -> String {
    let (prefix, body) = token.rsplit_once('_').unwrap();
    let id = &body[..12];
    let secret: String = body[12..44].chars().rev().collect();
    let sum = keywarden::token::checksum(format!("{id}{secret}").as_bytes());
    format!(
        "{prefix}_{id}{secret}{}",
        std::str::from_utf8(&sum).unwrap()
    )
}

store_test!(
    fn verify_records_last_used_and_an_audit_event(env) {
        let (token, id) = env.mint("bot", "org:acme", &["read"], &[]);
        let r = env.run_stdin(&["keys", "verify", "--actor-kind", "mcp", "--resource", "org:acme/collection:x"], &token).expect(0);
        assert!(r.stdout.starts_with("VALID"), "{}", r.stdout);
        let k = env.json(&["keys", "show", &id]);
        assert!(k["last_used_at"].is_string());
        let last = env.audit_rows().pop().unwrap();
        assert_eq!(last[3].as_deref(), Some("mcp"));
        assert_eq!(last[4].as_deref(), Some("key.verify"));
        assert_eq!(last[5].as_deref(), Some(id.as_str()));
        assert_eq!(last[6].as_deref(), Some("org:acme/collection:x"));
        assert_eq!(last[8].as_deref(), Some("200"));
        // `-` means stdin too; a positional token works but warns.
        assert_eq!(env.run_stdin(&["keys", "verify", "-"], &token).expect(0).stdout.split(' ').next(), Some("VALID"));
        let argv = env.run(&["keys", "verify", &token]).expect(0);
        assert!(argv.stderr.contains("visible"), "{}", argv.stderr);
    }
);
