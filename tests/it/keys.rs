//! The key lifecycle through the CLI, in table and JSON form.

use crate::store_test;

store_test!(
    fn create_list_show_in_table_and_json(env) {
        let (token, id) = env.mint("docs bot", "org:acme/collection:docs", &["read:docs", "search:read"], &["--note", "for Claude", "--rate-limit", "100"]);
        assert!(token.starts_with("kw_") && token.len() == 53, "{token}");
        assert!(token.contains(&id));

        let list = env.json(&["keys", "list"]);
        let k = &list.as_array().unwrap()[0];
        for field in [
            "id", "name", "prefix", "kind", "scopes", "abilities", "tools", "status", "created_at",
            "created_by", "expires_at", "last_used_at", "revoked_at", "revoked_reason",
            "rate_limit_per_min", "rotated_from",
        ] {
            assert!(k.get(field).is_some(), "list JSON lacks {field}: {k}");
        }
        assert!(k.get("token").is_none(), "list must never show a token");
        assert_eq!(k["id"], id.as_str());
        assert_eq!(k["prefix"], "kw");
        assert_eq!(k["kind"], "client");
        assert_eq!(k["status"], "active");
        assert_eq!(k["scopes"][0], "org:acme/collection:docs");
        assert_eq!(k["abilities"].as_array().unwrap().len(), 2);
        assert_eq!(k["rate_limit_per_min"], 100);
        assert_eq!(k["created_by"], "tester");
        assert!(k["last_used_at"].is_null());

        let table = env.ok(&["keys", "list"]);
        assert!(table.contains(&format!("kw_{id}")) && table.contains("docs bot") && table.contains("active"), "{table}");

        let show = env.json(&["keys", "show", &id]);
        assert_eq!(show["name"], "docs bot");
        assert_eq!(show["note"], "for Claude");
        let by_handle = env.json(&["keys", "show", &format!("kw_{id}")]);
        assert_eq!(by_handle["id"], id.as_str());
        let by_name = env.json(&["keys", "show", "docs bot"]);
        assert_eq!(by_name["id"], id.as_str());
        let table = env.ok(&["keys", "show", &id]);
        assert!(table.contains("for Claude") && table.contains("rate_limit_per_min"), "{table}");

        let csv = env.ok(&["--format", "csv", "keys", "list"]);
        let mut lines = csv.lines();
        assert!(lines.next().unwrap().starts_with("id,name,prefix,kind,scopes,abilities,tools,status"));
        assert!(lines.next().unwrap().starts_with(&format!("{id},docs bot,kw,client")));
    }
);

store_test!(
    fn create_table_prints_only_the_token_on_stdout(env) {
        let r = env.run(&["keys", "create", "--name", "cli", "--scope", "org:acme", "--ability", "read"]).expect(0);
        let token = r.stdout.trim();
        assert!(token.starts_with("kw_") && !token.contains(' '), "{}", r.stdout);
        assert_eq!(r.stdout.lines().count(), 1);
        assert!(r.stderr.contains("shown only once"), "{}", r.stderr);
        assert_eq!(env.verify_status(token, &[]), "VALID");
    }
);

store_test!(
    fn mint_verify_revoke_verify_in_the_same_second(env) {
        let (token, id) = env.mint("bot", "org:acme", &["read"], &[]);
        assert_eq!(env.verify_status(&token, &[]), "VALID");
        let r = env.run(&["keys", "revoke", &id, "--reason", "test"]).expect(0);
        assert!(r.stderr.contains("Revoked"), "{}", r.stderr);
        let (code, v) = env.verify(&token, &[]);
        assert_eq!(code, 3);
        assert_eq!(v["status"], "REVOKED");
        assert_eq!(v["key_id"], id.as_str());
        // Idempotent: a second revoke changes nothing and writes no event.
        let before = env.audit_rows().len();
        let again = env.run(&["--json", "keys", "revoke", &id]).expect(0);
        assert!(again.stderr.contains("already revoked"));
        assert_eq!(again.json()[0]["revoked_reason"], "test");
        assert_eq!(env.audit_rows().len(), before);
        // The row and its history stay.
        let shown = env.json(&["keys", "show", &id]);
        assert_eq!(shown["status"], "revoked");
        assert_eq!(env.json(&["keys", "list"]).as_array().unwrap().len(), 0);
        assert_eq!(env.json(&["keys", "list", "--status", "revoked"]).as_array().unwrap().len(), 1);
        assert_eq!(env.json(&["keys", "list", "--status", "all"]).as_array().unwrap().len(), 1);
    }
);

store_test!(
    fn delete_is_revoke_and_clientkeys_is_keys(env) {
        let (token, id) = env.mint("bot", "org:acme", &["read"], &[]);
        env.ok(&["clientkeys", "delete", &id]);
        assert_eq!(env.verify_status(&token, &[]), "REVOKED");
    }
);

store_test!(
    fn rotate_without_grace_revokes_the_old_key_now(env) {
        let (old_token, old_id) = env.mint("bot", "org:acme", &["read", "write"], &["--tool", "search", "--rate-limit", "7", "--expires-in", "30d"]);
        let new = env.json(&["keys", "rotate", &old_id]);
        let new_token = new["token"].as_str().unwrap();
        assert_ne!(new["id"], old_id.as_str());
        assert_eq!(new["rotated_from"], old_id.as_str());
        assert_eq!(new["name"], "bot");
        assert_eq!(new["scopes"], serde_json::json!(["org:acme"]));
        assert_eq!(new["abilities"], serde_json::json!(["read", "write"]));
        assert_eq!(new["tools"], serde_json::json!(["search"]));
        assert_eq!(new["rate_limit_per_min"], 7);
        assert!(new["expires_at"].is_string(), "same expiry policy: {new}");
        assert_eq!(env.verify_status(&old_token, &[]), "REVOKED");
        assert_eq!(env.verify_status(new_token, &[]), "VALID");
        assert_eq!(env.json(&["keys", "show", &old_id])["revoked_reason"], "rotated");
    }
);

store_test!(
    fn rotate_with_grace_keeps_the_old_key_until_it_ends(env) {
        let (old_token, old_id) = env.mint("bot", "org:acme", &["read"], &[]);
        let new = env.json(&["keys", "rotate", &old_id, "--grace", "2s"]);
        let new_token = new["token"].as_str().unwrap().to_owned();
        assert_eq!(env.verify_status(&old_token, &[]), "VALID");
        assert_eq!(env.verify_status(&new_token, &[]), "VALID");
        assert_eq!(env.json(&["keys", "show", &old_id])["status"], "active");
        std::thread::sleep(std::time::Duration::from_millis(2100));
        assert_eq!(env.verify_status(&old_token, &[]), "EXPIRED");
        assert_eq!(env.verify_status(&new_token, &[]), "VALID");
        assert_eq!(env.json(&["keys", "show", &old_id])["status"], "expired");
        // An expired key is not rotated again.
        env.run(&["keys", "rotate", &old_id]).expect(2);
    }
);

store_test!(
    fn expiry(env) {
        let (token, id) = env.mint("short", "org:acme", &["read"], &["--expires-in", "1s"]);
        assert_eq!(env.verify_status(&token, &[]), "VALID");
        let soon = env.json(&["keys", "list", "--expiring-within", "1h"]);
        assert_eq!(soon[0]["id"], id.as_str());
        std::thread::sleep(std::time::Duration::from_millis(1100));
        assert_eq!(env.verify_status(&token, &[]), "EXPIRED");
        assert_eq!(env.json(&["keys", "list", "--status", "expired"])[0]["id"], id.as_str());
        let (_, far) = env.mint("far", "org:acme", &["read"], &["--expires-at", "2099-01-01"]);
        assert_eq!(env.json(&["keys", "show", &far])["expires_at"], "2099-01-01T00:00:00Z");
    }
);

store_test!(
    fn update_changes_metadata_only(env) {
        let (token, id) = env.mint("bot", "org:acme", &["read"], &[]);
        let v = env.json(&["keys", "update", &id, "--name", "renamed", "--note", "n", "--rate-limit", "5"]);
        assert_eq!(v["name"], "renamed");
        assert_eq!(v["note"], "n");
        assert_eq!(v["rate_limit_per_min"], 5);
        let v = env.json(&["keys", "update", &id, "--no-rate-limit"]);
        assert!(v["rate_limit_per_min"].is_null());
        // No --scope or --ability flag exists on update.
        env.run(&["keys", "update", &id, "--scope", "org:x"]).expect(2);
        env.run(&["keys", "update", &id, "--ability", "admin"]).expect(2);
        env.run(&["keys", "update", &id]).expect(2);
        assert_eq!(env.verify_status(&token, &[]), "VALID");
        let events: Vec<String> = env.audit_rows().iter().map(|r| r[4].clone().unwrap()).collect();
        assert_eq!(events.iter().filter(|a| *a == "key.update").count(), 2);
    }
);

store_test!(
    fn stale_keys_for_cron(env) {
        let (_, unused) = env.mint("unused", "org:acme", &["read"], &[]);
        let (used_token, used) = env.mint("used", "org:acme", &["read"], &[]);
        std::thread::sleep(std::time::Duration::from_millis(1100));
        assert_eq!(env.verify_status(&used_token, &[]), "VALID");

        let found = env.json(&["keys", "stale", "--unused-for", "1s"]);
        let ids: Vec<&str> = found.as_array().unwrap().iter().map(|k| k["id"].as_str().unwrap()).collect();
        assert_eq!(ids, [unused.as_str()]);
        env.run(&["keys", "stale", "--unused-for", "1s", "--fail-if-any"]).expect(3);
        env.run(&["keys", "stale", "--unused-for", "1h", "--fail-if-any"]).expect(0);
        assert!(env.json(&["keys", "list", "--unused-for", "1s"]).as_array().unwrap().len() == 1);

        // Revoking asks; without a terminal it needs --yes.
        let r = env.run(&["keys", "stale", "--unused-for", "1s", "--revoke"]).expect(2);
        assert!(r.stderr.contains("--yes"), "{}", r.stderr);
        assert_eq!(env.json(&["keys", "show", &unused])["status"], "active");
        let revoked = env.json(&["--yes", "keys", "stale", "--unused-for", "1s", "--revoke"]);
        assert_eq!(revoked[0]["status"], "revoked");
        assert!(revoked[0]["revoked_reason"].as_str().unwrap().starts_with("stale"));
        assert_eq!(env.json(&["keys", "show", &used])["status"], "active");
    }
);

store_test!(
    fn service_keys_need_confirmation_and_cover_everything(env) {
        let r = env.run(&["keys", "create", "--name", "svc", "--service"]).expect(2);
        assert!(r.stderr.contains("--yes"), "{}", r.stderr);
        assert_eq!(env.json(&["keys", "list"]).as_array().unwrap().len(), 0);
        let v = env.json(&["--yes", "keys", "create", "--name", "svc", "--service"]);
        assert_eq!(v["kind"], "service");
        let t = v["token"].as_str().unwrap();
        assert_eq!(env.verify_status(t, &["--resource", "user:alice/source:gmail", "--ability", "anything:at-all"]), "VALID");
        let table = env.ok(&["keys", "list"]);
        assert!(table.contains("service") && table.contains("(all)"), "{table}");
    }
);

store_test!(
    fn abilities_are_required_and_never_preselected(env) {
        let r = env.run(&["keys", "create", "--name", "x", "--scope", "org:acme"]).expect(2);
        assert!(r.stderr.contains("--ability"), "{}", r.stderr);
        assert_eq!(env.json(&["keys", "list"]).as_array().unwrap().len(), 0);
    }
);

store_test!(
    fn keygen_prints_a_32_byte_key(env) {
        use base64::Engine;
        let a = env.ok(&["keygen"]);
        let b = env.ok(&["keygen"]);
        assert_ne!(a, b);
        let bytes = base64::engine::general_purpose::STANDARD.decode(a.trim()).unwrap();
        assert_eq!(bytes.len(), 32);
    }
);

store_test!(
    fn every_keys_command_in_table_form(env) {
        let (token, id) = env.mint("bot", "org:acme", &["read"], &[]);
        let handle = format!("kw_{id}");
        let t = env.ok(&["keys", "update", &id, "--note", "n"]);
        assert!(t.contains("note") && t.contains('┆'), "{t}");
        let r = env.run(&["keys", "rotate", &id, "--grace", "1h"]).expect(0);
        assert!(r.stdout.trim().starts_with("kw_") && r.stderr.contains("stays valid until"), "{}", r.stderr);
        let new_token = r.stdout.trim().to_owned();
        let t = env.ok(&["keys", "revoke", &handle]);
        assert!(t.contains(&handle) && t.contains("revoked"), "{t}");
        let t = env.ok(&["keys", "stale", "--unused-for", "0s"]);
        assert!(t.contains(&new_token[..15]) && t.contains("active"), "{t}");
        let r = env.run_stdin(&["keys", "verify"], &token).expect(3);
        assert!(r.stdout.starts_with("REVOKED"), "{}", r.stdout);
        let t = env.ok(&["keys", "list", "--status", "revoked"]);
        assert!(t.contains("ID") && t.contains(&handle), "{t}");
    }
);

store_test!(
    fn a_second_active_key_with_a_name_warns(env) {
        let (_, first) = env.mint("docs bot", "org:acme", &["read:docs"], &[]);
        let r = env
            .run(&["keys", "create", "--name", "docs bot", "--scope", "org:acme", "--ability", "read:docs"])
            .expect(0);
        assert!(
            r.stderr.contains(&format!(
                "another active key is already named \"docs bot\" (kw_{first}); names that are not unique can only be used with ids"
            )),
            "{}",
            r.stderr
        );
        // --quiet keeps stderr for errors; a fresh name and a revoked namesake say nothing.
        let r = env.run(&["keys", "create", "--name", "other", "--scope", "org:acme", "--ability", "read:docs"]).expect(0);
        assert!(!r.stderr.contains("already named"), "{}", r.stderr);
        env.ok(&["keys", "revoke", "other"]);
        let r = env.run(&["keys", "create", "--name", "other", "--scope", "org:acme", "--ability", "read:docs"]).expect(0);
        assert!(!r.stderr.contains("already named"), "{}", r.stderr);
        // Rotation keeps the name by design: no warning.
        let r = env.run(&["keys", "rotate", "other", "--grace", "1h"]).expect(0);
        assert!(!r.stderr.contains("already named"), "{}", r.stderr);
    }
);

/// `2026-03-05T09:18:00Z` plus `years` years, as text (a Feb 29 moves to Feb 28).
fn plus_years(t: &str, years: i32) -> String {
    let y: i32 = t[..4].parse().unwrap();
    let rest = &t[4..];
    let leap = |y: i32| (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    if rest.starts_with("-02-29") && !leap(y + years) {
        return format!("{}-02-28{}", y + years, &rest[6..]);
    }
    format!("{}{rest}", y + years)
}

store_test!(
    fn calendar_years_and_months_expire_on_the_calendar_and_survive_rotation(env) {
        let k = env.json(&["keys", "create", "--name", "yearly", "--scope", "org:acme", "--ability", "read:docs", "--expires-in", "1y"]);
        let created = k["created_at"].as_str().unwrap();
        assert_eq!(k["expires_at"].as_str().unwrap(), plus_years(created, 1), "{k}");
        let r = env.json(&["keys", "rotate", "yearly"]);
        let created = r["created_at"].as_str().unwrap();
        assert_eq!(r["expires_at"].as_str().unwrap(), plus_years(created, 1), "successor: {r}");
        let m = env.json(&["keys", "create", "--name", "quarterly", "--scope", "org:acme", "--ability", "read:docs", "--expires-in", "3mo"]);
        let (c, e) = (m["created_at"].as_str().unwrap(), m["expires_at"].as_str().unwrap());
        assert_eq!(&c[10..], &e[10..], "same time of day: {m}");
        let months = |t: &str| t[..4].parse::<i32>().unwrap() * 12 + t[5..7].parse::<i32>().unwrap();
        assert_eq!(months(e) - months(c), 3, "{m}");
        // Every duration error gives the same examples.
        for args in [
            &["keys", "create", "--name", "x", "--scope", "org:acme", "--ability", "a:b", "--expires-in", "soon"][..],
            &["keys", "list", "--unused-for", "soon"],
            &["audit", "query", "--since", "soon"],
        ] {
            let r = env.run(args).expect(2);
            assert!(r.stderr.contains("e.g. `90d`, `24h`, `30m`, `1w`, or calendar `3mo`, `1y`"), "{args:?}: {}", r.stderr);
        }
    }
);
