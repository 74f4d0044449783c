//! The library surface a Rust server embeds, against both stores.

use keywarden::ops::keys::{self, NewKey};
use keywarden::{Actor, Store, VerifyRequest, VerifyStatus, verify};

use crate::store_test;

store_test!(
    fn verify_in_one_call_matches_the_cli(env) {
        let mut store = Store::open(&env.store).unwrap();
        let admin = Actor::new("alice", "cli");
        let minted = keys::create(&mut store, &admin, NewKey::client("lib", ["org:acme"], ["read:docs"]).unwrap()).unwrap();
        let server = Actor::new("docs-mcp", "mcp");
        let req = VerifyRequest::resource("org:acme/collection:docs").unwrap().ability("read:docs");
        let v = verify(&mut store, minted.token.expose(), &req, &server).unwrap();
        assert_eq!(v.status, VerifyStatus::Valid);
        // The CLI gives the same decision for the same request.
        let (_, cli) = env.verify(minted.token.expose(), &["--resource", "org:acme/collection:docs", "--ability", "read:docs"]);
        assert_eq!(cli["status"], "VALID");
        assert_eq!(serde_json::to_value(&v).unwrap()["key_id"], cli["key_id"]);
        let denied = verify(&mut store, minted.token.expose(), &req.clone().ability("write:docs"), &server).unwrap();
        assert_eq!(denied.status, VerifyStatus::Forbidden);
        // A revocation through the CLI is seen at once by the open store.
        env.ok(&["keys", "revoke", &minted.key.id]);
        assert_eq!(verify(&mut store, minted.token.expose(), &req, &server).unwrap().status, VerifyStatus::Revoked);
        // The Debug form of a store never shows a password.
        if env.backend == crate::support::Backend::Postgres {
            assert!(!format!("{store:?}").contains(&crate::support::pg::server().password));
        }
    }
);
