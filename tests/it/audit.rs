//! The audit log: one event per change, the hash chain, queries, pruning.

use crate::credentials::{KEY_A, KEY_B, cred};
use crate::store_test;
use crate::support::{Backend, Env};

fn actions(env: &Env) -> Vec<String> {
    env.audit_rows()
        .iter()
        .map(|r| r[4].clone().unwrap())
        .collect()
}

/// Runs a command and checks it added exactly the expected actions.
#[track_caller]
fn adds(env: &Env, args: &[&str], stdin: &str, vars: &[(&str, &str)], expect: &[&str]) {
    let before = env.audit_rows().len();
    env.run_with(args, stdin, vars).expect(0);
    let rows = env.audit_rows();
    let added: Vec<String> = rows[before..]
        .iter()
        .map(|r| r[4].clone().unwrap())
        .collect();
    assert_eq!(added, expect, "{args:?}");
    for r in &rows[before..] {
        assert_eq!(r[2].as_deref(), Some("tester"), "actor of {args:?}");
    }
}

store_test!(
    fn every_change_writes_exactly_one_event_and_failures_none(env) {
        let k = [("ENCRYPTION_KEY", KEY_A)];
        adds(env, &["abilities", "add", "read"], "", &[], &["ability.add"]);
        adds(env, &["tools", "set", "search", "--requires", "read"], "", &[], &["tool.set"]);
        let before = env.audit_rows().len();
        let (token, id) = env.mint("bot", "org:acme", &["read"], &[]);
        assert_eq!(actions(env)[before..], ["key.create"]);
        let last = env.audit_rows().pop().unwrap();
        assert_eq!(last[5].as_deref(), Some(id.as_str()));
        assert_eq!(last[3].as_deref(), Some("cli"));
        adds(env, &["keys", "verify"], &token, &[], &["key.verify"]);
        adds(env, &["keys", "update", &id, "--note", "x"], "", &[], &["key.update"]);
        adds(env, &["keys", "rotate", &id, "--grace", "1h"], "", &[], &["key.rotate"]);
        let (_, other) = env.mint("other", "org:acme", &["read"], &[]);
        adds(env, &["keys", "revoke", &other], "", &[], &["key.revoke"]);
        adds(env, &["--yes", "keys", "stale", "--unused-for", "0s", "--revoke"], "", &[], &["key.revoke", "key.revoke"]);
        adds(env, &["credentials", "add", "--name", "c", "--kind", "db_password"], "pw-value-1", &k, &["credential.add"]);
        adds(env, &["credentials", "show", "c", "--reveal"], "", &k, &["credential.reveal"]);
        adds(env, &["credentials", "update", "c"], "pw-value-2", &k, &["credential.update"]);
        adds(env, &["credentials", "rekey"], "", &[("ENCRYPTION_KEY", KEY_A), ("NEW_ENCRYPTION_KEY", KEY_B)], &["credential.rekey"]);
        adds(env, &["--yes", "credentials", "rm", "c"], "", &[], &["credential.remove"]);
        adds(env, &["tools", "rm", "search"], "", &[], &["tool.remove"]);
        adds(env, &["abilities", "rm", "read"], "", &[], &["ability.remove"]);
        adds(env, &["init", "--bcrypt-cost", "5"], "", &[], &["store.settings"]);
        adds(env, &["audit", "record", "--action", "mcp.tool_call", "--tool", "search", "--status", "200"], "", &[], &["mcp.tool_call"]);

        // Failed commands leave nothing.
        let n = env.audit_rows().len();
        env.run(&["keys", "create", "--name", "x", "--scope", "bad scope", "--ability", "r"]).expect(2);
        env.run(&["keys", "revoke", "kw_ZZZZZZZZZZZZ"]).expect(1);
        env.run(&["tools", "set", "t", "--requires", "bad ability!"]).expect(2);
        env.run(&["audit", "record", "--action", "Bad Action"]).expect(2);
        cred(env, &["credentials", "update", "nope"], "v", KEY_A, None, None).expect(1);
        env.run(&["keys", "rotate", &other]).expect(2);
        assert_eq!(env.audit_rows().len(), n);

        // No event holds a token, a credential value or a key.
        let all = format!("{:?}", env.audit_rows());
        for secret in [&token[15..47], "pw-value-1", "pw-value-2", KEY_A, KEY_B] {
            assert!(!all.contains(secret), "an audit event holds {secret}");
        }
        env.run(&["audit", "verify"]).expect(0);
    }
);

store_test!(
    fn record_redacts_tokens_and_secrets(env) {
        let (token, id) = env.mint("bot", "org:acme", &["read"], &[]);
        let v = env.json(&[
            "audit", "record", "--action", "mcp.tool_call", "--key", &id, "--tool", "search", "--status", "403",
            "--actor-kind", "mcp", "--subject", &format!("called with {token}"),
            "--detail", &format!("header=Bearer {token}"), "--detail", "password=hunter2", "--detail", "rows=12",
        ]);
        assert_eq!(v["actor_kind"], "mcp");
        assert_eq!(v["key_id"], id.as_str());
        assert_eq!(v["details"]["rows"], "12");
        assert_eq!(v["details"]["password"], "***");
        let all = format!("{:?}", env.audit_rows());
        assert!(!all.contains(&token[15..47]) && !all.contains("hunter2"), "{all}");
        assert!(v["details"]["header"].as_str().unwrap().starts_with("Bearer kw_"));
        // A token glued to a word (after an escaped newline, before more
        // letters) is still the whole secret.
        let glued = format!("{{\"log\":\"failed\\n{token}next\"}}");
        let v = env.json(&["audit", "record", "--action", "app.log", "--subject", &glued, "--detail", &format!("line=9{token}")]);
        assert_eq!(v["subject"], format!("{{\"log\":\"failed\\n{}…next\"}}", &token[..7]));
        assert_eq!(v["details"]["line"], format!("9{}…", &token[..7]));
        let all = format!("{:?}", env.audit_rows());
        assert!(!all.contains(&token[15..47]), "{all}");
        env.run(&["audit", "record", "--action", "x", "--detail", "novalue"]).expect(2);
        env.run(&["audit", "record", "--action", "x", "--status", "99"]).expect(2);
    }
);

fn seed_events(env: &Env) -> (String, String) {
    let (t1, k1) = env.mint("alpha", "org:acme", &["read"], &[]);
    let (_, k2) = env.mint("beta", "org:acme", &["read"], &[]);
    env.verify(&t1, &[]);
    env.verify(&t1, &["--resource", "org:other"]);
    env.record_tool_call(&k2, "search", "200");
    (k1, k2)
}

store_test!(
    fn query_summary_and_export(env) {
        let (k1, k2) = seed_events(env);
        let all = env.json(&["audit", "query"]);
        let ids: Vec<i64> = all.as_array().unwrap().iter().map(|e| e["id"].as_i64().unwrap()).collect();
        assert!(ids.windows(2).all(|w| w[0] > w[1]), "newest first: {ids:?}");
        for f in ["id", "ts", "actor", "actor_kind", "action", "key_id", "subject", "tool", "status", "details", "prev_hash", "hash"] {
            assert!(all[0].get(f).is_some(), "event lacks {f}");
        }
        let by_key = env.json(&["audit", "query", "--key", &format!("kw_{k1}")]);
        assert_eq!(by_key.as_array().unwrap().len(), 3, "{by_key}");
        assert!(by_key.as_array().unwrap().iter().all(|e| e["key_id"] == k1.as_str()));
        assert_eq!(env.json(&["audit", "query", "--key", "alpha"]), by_key, "by name");
        let verifies = env.json(&["audit", "query", "--action", "key.*", "--status", "403"]);
        assert_eq!(verifies.as_array().unwrap().len(), 1);
        assert_eq!(verifies[0]["action"], "key.verify");
        assert_eq!(env.json(&["audit", "query", "--action", "key.?erify"]).as_array().unwrap().len(), 2);
        assert_eq!(env.json(&["audit", "query", "--actor-kind", "mcp"])[0]["key_id"], k2.as_str());
        assert_eq!(env.json(&["audit", "query", "--limit", "2"]).as_array().unwrap().len(), 2);
        assert_eq!(env.json(&["audit", "query", "--since", "1h", "--until", "2099-01-01"]).as_array().unwrap().len(), all.as_array().unwrap().len());
        assert_eq!(env.json(&["audit", "query", "--until", "2000-01-01"]).as_array().unwrap().len(), 0);
        // --actor on the command line filters; KEYWARDEN_ACTOR does not.
        assert_eq!(env.json(&["--actor", "nobody", "audit", "query"]).as_array().unwrap().len(), 0);
        assert_eq!(env.json(&["--actor", "tester", "audit", "query"]).as_array().unwrap().len(), all.as_array().unwrap().len());
        let table = env.ok(&["audit", "query"]);
        assert!(table.contains("key.create") && table.contains("mcp.tool_call"));
        let csv = env.ok(&["--format", "csv", "audit", "query"]);
        assert!(csv.starts_with("id,ts,actor,actor_kind,action"));

        let s = env.json(&["audit", "summary", "--by", "action"]);
        let create = s.as_array().unwrap().iter().find(|g| g["action"] == "key.create").unwrap();
        assert_eq!(create["count"], 2);
        let hours = env.json(&["audit", "summary", "--by", "hour", "--since", "7d"]);
        let total: i64 = hours.as_array().unwrap().iter().map(|g| g["count"].as_i64().unwrap()).sum();
        assert_eq!(total as usize, all.as_array().unwrap().len());
        assert!(hours[0]["hour"].as_str().unwrap().ends_with(":00:00Z"), "{hours}");
        for by in ["day", "key", "actor", "status"] {
            let g = env.json(&["audit", "summary", "--by", by]);
            assert!(!g.as_array().unwrap().is_empty(), "{by}");
        }
        assert!(env.ok(&["--format", "csv", "audit", "summary", "--by", "status"]).starts_with("status,count\n"));
        assert!(env.ok(&["audit", "summary", "--by", "key"]).contains(&k1));

        let export = env.ok(&["audit", "export"]);
        let lines: Vec<serde_json::Value> = export.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
        assert_eq!(lines.len(), all.as_array().unwrap().len());
        assert!(lines.windows(2).all(|w| w[0]["id"].as_i64() < w[1]["id"].as_i64()), "oldest first");
        let only = env.ok(&["audit", "export", "--key", &k2]);
        assert_eq!(only.lines().count(), 2);
        for bad in [vec!["audit", "query", "--since", "yesterday"], vec!["audit", "query", "--action", "key.[ab]"], vec!["audit", "summary", "--by", "minute"], vec!["audit", "query", "--actor-kind", "Not Valid"]] {
            env.run(&bad).expect(2);
        }
    }
);

// Every way of tampering with a stored event is caught at its id.
store_test!(
    fn tampering_is_detected_naming_the_first_bad_event(env) {
        seed_events(env);
        let n = env.audit_rows().len() as i64;
        assert!(n >= 6);
        let ok = env.json(&["audit", "verify"]);
        assert_eq!((ok["status"].as_str(), ok["events"].as_i64()), (Some("OK"), Some(n)));
        let target = 3;
        let snapshot = env.audit_rows();
        let restore = |env: &Env| {
            env.exec("DELETE FROM audit_events");
            for r in &snapshot {
                let v: Vec<String> = r.iter().map(|c| match c { None => "NULL".into(), Some(s) => format!("'{}'", s.replace('\'', "''")) }).collect();
                env.exec(&format!("INSERT INTO audit_events (id, ts, actor, actor_kind, action, key_id, subject, tool, status, details, prev_hash, hash) VALUES ({})", v.join(", ")));
            }
            env.run(&["audit", "verify"]).expect(0);
        };
        let ts_change = if env.backend == Backend::Sqlite { "ts = ts + 1" } else { "ts = ts + interval '1 microsecond'" };
        for (set, kind) in [
            ("actor = 'mallory'", "changed"),
            ("actor_kind = 'rest'", "changed"),
            ("action = 'key.read'", "changed"),
            ("key_id = 'AAAAAAAAAAAA'", "changed"),
            ("subject = 'x'", "changed"),
            ("tool = 'x'", "changed"),
            ("status = 500", "changed"),
            ("details = '{}'", "changed"),
            (ts_change, "changed"),
            ("hash = '0000000000000000000000000000000000000000000000000000000000000000'", "changed"),
            ("prev_hash = '1111111111111111111111111111111111111111111111111111111111111111'", "changed"),
        ] {
            env.exec(&format!("UPDATE audit_events SET {set} WHERE id = {target}"));
            let r = env.run(&["--json", "audit", "verify"]).expect(3);
            let v = r.json();
            assert_eq!(v["first_bad_id"], target, "{set}: {v}");
            assert_eq!(v["status"], "DAMAGED");
            assert_eq!(v["problem"], kind, "{set}: {v}");
            restore(env);
        }
        // Deleting one event.
        env.exec(&format!("DELETE FROM audit_events WHERE id = {target}"));
        let v = env.run(&["--json", "audit", "verify"]).expect(3).json();
        assert_eq!((v["first_bad_id"].as_i64(), v["problem"].as_str()), (Some(target + 1), Some("deleted")), "{v}");
        restore(env);
        // Deleting the last one.
        env.exec(&format!("DELETE FROM audit_events WHERE id = {n}"));
        let v = env.run(&["--json", "audit", "verify"]).expect(3).json();
        assert_eq!((v["first_bad_id"].as_i64(), v["problem"].as_str()), (Some(n), Some("deleted")), "{v}");
        restore(env);
        // Inserting one after the head, with a well-formed hash.
        let last = snapshot.last().unwrap();
        env.exec(&format!(
            "INSERT INTO audit_events (id, ts, actor, actor_kind, action, key_id, subject, tool, status, details, prev_hash, hash) \
             VALUES ({}, {}, 'mallory', 'cli', 'key.create', NULL, NULL, NULL, 200, '{{}}', '{}', '{}')",
            n + 1, if env.backend == Backend::Sqlite { "1".to_string() } else { "now()".to_string() }, last[11].as_deref().unwrap(), "ab".repeat(32)
        ));
        let v = env.run(&["--json", "audit", "verify"]).expect(3).json();
        assert_eq!((v["first_bad_id"].as_i64(), v["problem"].as_str()), (Some(n + 1), Some("inserted")), "{v}");
        restore(env);
        // Reordering: swap the contents of two events.
        env.exec("UPDATE audit_events SET id = -4 WHERE id = 4");
        env.exec("UPDATE audit_events SET id = 4 WHERE id = 5");
        env.exec("UPDATE audit_events SET id = 5 WHERE id = -4");
        let v = env.run(&["--json", "audit", "verify"]).expect(3).json();
        assert_eq!(v["first_bad_id"], 4, "{v}");
        restore(env);
        let table = env.ok(&["audit", "verify"]);
        assert!(table.starts_with(&format!("OK: {n} events")), "{table}");
    }
);

store_test!(
    fn pruning_keeps_the_rest_verifiable(env) {
        seed_events(env);
        std::thread::sleep(std::time::Duration::from_millis(1100));
        let (t, _) = env.mint("late", "org:acme", &["read"], &[]);
        env.verify(&t, &[]);
        let before = env.audit_rows().len();
        let r = env.run(&["audit", "prune", "--older-than", "1s"]).expect(2);
        assert!(r.stderr.contains("--yes"));
        assert_eq!(env.audit_rows().len(), before);
        let v = env.json(&["--yes", "audit", "prune", "--older-than", "1s"]);
        let pruned = v["pruned"].as_i64().unwrap();
        assert!(pruned >= 6, "{v}");
        let rows = env.audit_rows();
        assert_eq!(rows.len() as i64, before as i64 - pruned + 1);
        assert_eq!(rows.last().unwrap()[4].as_deref(), Some("audit.prune"));
        let ok = env.json(&["audit", "verify"]);
        assert_eq!(ok["status"], "OK", "{ok}");
        assert_eq!(ok["checkpoint_id"], v["through_id"]);
        // Nothing old enough: no change, no event.
        env.ok(&["--yes", "audit", "prune", "--older-than", "1h"]);
        assert_eq!(env.audit_rows().len(), rows.len());
        // Removing the first remaining event is still caught.
        let first = rows[0][0].clone().unwrap();
        env.exec(&format!("DELETE FROM audit_events WHERE id = {first}"));
        let v = env.run(&["--json", "audit", "verify"]).expect(3).json();
        assert_eq!(v["first_bad_id"].as_i64(), Some(first.parse::<i64>().unwrap() + 1), "{v}");
    }
);

store_test!(
    fn eight_processes_append_without_forking_the_chain(env) {
        std::thread::scope(|s| {
            for p in 0..8 {
                s.spawn(move || {
                    for i in 0..10 {
                        env.run(&["audit", "record", "--action", "load.test", "--detail", &format!("p={p}"), "--detail", &format!("i={i}")]).expect(0);
                    }
                });
            }
        });
        let v = env.json(&["audit", "verify"]);
        assert_eq!(v["status"], "OK", "{v}");
        assert_eq!(v["events"], 80 + 1, "one init event plus 80 records: {v}");
        let rows = env.audit_rows();
        assert_eq!(rows.iter().filter(|r| r[4].as_deref() == Some("load.test")).count(), 80);
    }
);
