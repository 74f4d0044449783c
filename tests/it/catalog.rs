//! `abilities` and `tools`.

use crate::store_test;

store_test!(
    fn the_ability_catalog_restricts_new_keys(env) {
        // Empty catalog: any well-formed ability.
        env.mint("free", "org:acme", &["whatever:read"], &[]);
        let list = env.json(&["abilities", "add", "read:tables", "write:tables", "--description", "tables"]);
        assert_eq!(list.as_array().unwrap().len(), 2);
        assert_eq!(list[0]["name"], "read:tables");
        assert_eq!(list[0]["description"], "tables");
        let table = env.ok(&["abilities", "list"]);
        assert!(table.contains("read:tables") && table.contains("write:tables"));
        let r = env.run(&["keys", "create", "--name", "x", "--scope", "org:acme", "--ability", "read:storage"]).expect(2);
        assert!(r.stderr.contains("not in the ability catalog") && r.stderr.contains("read:tables"), "{}", r.stderr);
        env.mint("ok", "org:acme", &["read:tables"], &[]);
        // Tools must require a catalog ability too.
        env.run(&["tools", "set", "query", "--requires", "read:storage"]).expect(2);
        env.ok(&["tools", "set", "query", "--requires", "read:tables"]);
        let tools = env.json(&["tools", "list"]);
        assert_eq!(tools[0]["name"], "query");
        assert_eq!(tools[0]["ability"], "read:tables");
        assert!(env.ok(&["tools", "list"]).contains("query"));
        // Adding twice changes nothing.
        let n = env.audit_rows().len();
        env.ok(&["abilities", "add", "read:tables"]);
        env.ok(&["tools", "set", "query", "--requires", "read:tables"]);
        assert_eq!(env.audit_rows().len(), n);
        env.ok(&["abilities", "rm", "write:tables"]);
        assert_eq!(env.json(&["abilities", "list"]).as_array().unwrap().len(), 1);
        env.run(&["abilities", "rm", "nope"]).expect(1);
        env.run(&["tools", "rm", "nope"]).expect(1);
        let actions: Vec<String> = env.audit_rows().iter().map(|r| r[4].clone().unwrap()).collect();
        for a in ["ability.add", "ability.remove", "tool.set"] {
            assert!(actions.iter().any(|x| x == a), "{a} not audited: {actions:?}");
        }
    }
);
