//! `incident respond`: the leaked-token playbook.

use crate::store_test;
use crate::support::Env;

/// A key with history: verifications (one refused), MCP tool calls (a
/// read, a write, a forbidden one).
fn key_with_history(env: &Env) -> (String, String) {
    env.ok(&["tools", "set", "search", "--requires", "docs:read"]);
    let (token, id) = env.mint(
        "Claude Desktop",
        "org:acme/collection:docs",
        &["docs:read", "docs:write"],
        &[
            "--rate-limit",
            "30",
            "--tool",
            "search",
            "--tool",
            "trigger_sync",
        ],
    );
    env.verify(
        &token,
        &["--resource", "org:acme/collection:docs", "--tool", "search"],
    );
    env.verify(&token, &["--resource", "org:acme/collection:hr"]);
    for (tool, status) in [
        ("search", "200"),
        ("trigger_sync", "200"),
        ("delete_record", "403"),
    ] {
        env.record_tool_call(&id, tool, status);
    }
    (token, id)
}

store_test!(
    fn the_whole_playbook_unattended(env) {
        let (token, id) = key_with_history(env);
        let report = env.path().join("incident.md");
        let r = env.run_stdin(&["--yes", "incident", "respond", "--report", report.to_str().unwrap()], &token).expect(0);
        let out = r.stdout.clone();
        assert!(out.contains("Revoke") && out.contains("revoked (reason: leaked)"), "{out}");
        assert!(out.contains("Authorization: Bearer kw_"), "{out}");
        let new_token = out.lines().find_map(|l| l.trim().strip_prefix("Update the client config (Claude Desktop, Cursor, …): Authorization: Bearer ")).unwrap().to_owned();
        assert_eq!(out.matches(&new_token).count(), 2, "the token is printed once (plus the config line)");

        // The old key is dead; the replacement has the same authorizations.
        assert_eq!(env.verify_status(&token, &[]), "REVOKED");
        let req = ["--resource", "org:acme/collection:docs/doc:1", "--ability", "docs:write", "--tool", "search"];
        assert_eq!(env.verify_status(&new_token, &req), "VALID");
        assert_eq!(env.verify_status(&new_token, &["--resource", "org:acme/collection:hr"]), "FORBIDDEN");
        assert_eq!(env.verify_status(&new_token, &["--tool", "list_documents"]), "FORBIDDEN");
        let old = env.json(&["keys", "show", &id]);
        assert_eq!(old["revoked_reason"], "leaked");
        let new_id = &new_token[3..15];
        let new = env.json(&["keys", "show", new_id]);
        for f in ["scopes", "abilities", "tools", "rate_limit_per_min", "name"] {
            assert_eq!(new[f], old[f], "{f}");
        }
        assert_eq!(new["rotated_from"], id.as_str());

        // The report: timeline, key, marked events, the replacement id; no secret.
        let md = std::fs::read_to_string(&report).unwrap();
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(std::fs::metadata(&report).unwrap().permissions().mode() & 0o777, 0o600);
        for want in ["## Timeline", "## Key", "## Audit trail", "**WRITE**", "**FAILED**", "trigger_sync", "delete_record", new_id, &id] {
            assert!(md.contains(want), "report lacks {want}:\n{md}");
        }
        for secret in [&token[15..47], &new_token[15..47]] {
            assert!(!md.contains(secret), "the report holds a secret");
        }
        // Every step under one incident id.
        let rows = env.audit_rows();
        let incident = rows.iter().rev().find(|r| r[4].as_deref() == Some("incident.respond")).unwrap()[9].clone().unwrap();
        let inc: serde_json::Value = serde_json::from_str(&incident).unwrap();
        let inc_id = inc["incident"].as_str().unwrap();
        let tagged: Vec<String> = rows.iter().filter(|r| r[9].as_deref().unwrap_or("").contains(inc_id)).map(|r| r[4].clone().unwrap()).collect();
        assert_eq!(tagged, ["incident.identify", "key.revoke", "incident.trail", "key.create", "incident.report", "incident.respond"]);
        assert!(!format!("{rows:?}").contains(&new_token[15..47]));
        env.run(&["audit", "verify"]).expect(0);
    }
);

store_test!(
    fn json_report_and_key_id_input(env) {
        let (_, id) = key_with_history(env);
        let report = env.path().join("incident.json");
        let r = env.run(&["--yes", "--json", "incident", "respond", &format!("kw_{id}"), "--no-replace", "--window", "1h", "--report", report.to_str().unwrap()]).expect(0);
        let v = r.json();
        assert_eq!(v["key"]["id"], id.as_str());
        assert_eq!(v["summary"]["writes"], 1);
        assert_eq!(v["summary"]["failed"], 2);
        assert!(v["replacement"].is_null());
        assert!(v["not_done"][0].as_str().unwrap().contains("--no-replace"));
        let file: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&report).unwrap()).unwrap();
        assert_eq!(file["incident"], v["incident"]);
        assert_eq!(file["events"].as_array().unwrap().len(), v["events"].as_array().unwrap().len());
        assert_eq!(env.json(&["keys", "show", &id])["status"], "revoked");
    }
);

store_test!(
    fn look_alikes_and_malformed_tokens_change_nothing(env) {
        let (token, id) = key_with_history(env);
        let before = env.snapshot();
        // Same key id, valid checksum, wrong secret.
        let fake = crate::verify::forge(&token);
        let r = env.run_stdin(&["--yes", "incident", "respond"], &fake).expect(1);
        assert!(r.stderr.contains("look-alike") && r.stderr.contains("nothing was revoked"), "{}", r.stderr);
        assert_eq!(env.snapshot(), before);
        // A bad checksum is refused before any lookup.
        let mut bad = token.clone().into_bytes();
        bad[20] = if bad[20] == b'a' { b'b' } else { b'a' };
        let r = env.run_stdin(&["--yes", "incident", "respond"], &String::from_utf8(bad).unwrap()).expect(2);
        assert!(r.stderr.contains("checksum"), "{}", r.stderr);
        assert_eq!(env.snapshot(), before);
        // Without a terminal, --yes is required, and nothing happens.
        let r = env.run_stdin(&["incident", "respond"], &token).expect(2);
        assert!(r.stderr.contains("--yes"), "{}", r.stderr);
        assert_eq!(env.snapshot(), before);
        assert_eq!(env.json(&["keys", "show", &id])["status"], "active");
    }
);

store_test!(
    fn a_failure_part_way_is_reported_honestly(env) {
        let (token, id) = key_with_history(env);
        // The catalog now refuses the key's abilities, so no replacement can be minted.
        env.ok(&["abilities", "add", "other:thing"]);
        let r = env.run_stdin(&["--yes", "incident", "respond", "--report", env.path().join("r.md").to_str().unwrap()], &token).expect(1);
        assert!(r.stderr.contains("stopped part-way"), "{}", r.stderr);
        assert!(r.stderr.contains("done: identify") && r.stderr.contains("revoke: revoked"), "{}", r.stderr);
        assert!(r.stderr.contains("NOT done: replacement, report"), "{}", r.stderr);
        assert_eq!(env.json(&["keys", "show", &id])["status"], "revoked", "the revocation stands");
        assert!(!env.path().join("r.md").exists());
        let last = env.audit_rows().pop().unwrap();
        assert_eq!((last[4].as_deref(), last[8].as_deref()), (Some("incident.respond"), Some("500")));
    }
);
