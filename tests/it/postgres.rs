//! PostgreSQL only: TLS modes and connection failures.

use std::io::Write;
use std::net::TcpListener;
use std::time::{Duration, Instant};

use crate::support::{bin, pg};

fn run_with(url: &str, extra_env: &[(&str, &str)]) -> (i32, String, String, Duration) {
    let dir = tempfile::tempdir().unwrap();
    let start = Instant::now();
    let mut c = std::process::Command::new(bin());
    c.args(["--json", "store", "status"])
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", dir.path())
        .env("KEYWARDEN_STORE", url);
    for (k, v) in extra_env {
        c.env(k, v);
    }
    let out = c.output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        start.elapsed(),
    )
}

fn db_url(query: &str, host: &str) -> String {
    let s = pg::server();
    let name = s.fresh_db();
    let db = pg::PgServer::db_name(&name).to_owned();
    format!(
        "postgres://{}:{}@{host}:{}/{db}?{query}",
        s.user, s.password, s.port
    )
}

#[test]
fn tls_verify_full_checks_the_ca_and_the_host_name() {
    let s = pg::server();
    let ca = s.ca_cert.as_ref().expect("the throwaway server has a CA");
    let ca = ca.to_str().unwrap();

    let (code, out, err, _) = run_with(
        &db_url(
            &format!("sslmode=verify-full&sslrootcert={ca}"),
            "localhost",
        ),
        &[],
    );
    assert_eq!(code, 0, "verify-full with the right CA: {err}");
    assert!(out.contains("\"postgres\""));

    // A CA that did not sign the server's certificate.
    let other = tempfile::tempdir().unwrap();
    let wrong_ca = other.path().join("other-ca.pem");
    let k = rcgen::KeyPair::generate().unwrap();
    let mut p = rcgen::CertificateParams::new(Vec::<String>::new()).unwrap();
    p.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
    std::fs::write(&wrong_ca, p.self_signed(&k).unwrap().pem()).unwrap();
    let (code, _, err, _) = run_with(
        &db_url(
            &format!("sslmode=verify-full&sslrootcert={}", wrong_ca.display()),
            "localhost",
        ),
        &[],
    );
    assert_eq!(code, 1, "wrong CA must fail: {err}");
    assert!(
        err.contains("cannot connect") && err.contains("***"),
        "{err}"
    );
    assert!(!err.contains(&s.password));

    // The right CA, but the certificate is for `localhost`, not 127.0.0.1.
    let (code, _, err, _) = run_with(
        &db_url(
            &format!("sslmode=verify-full&sslrootcert={ca}"),
            "127.0.0.1",
        ),
        &[],
    );
    assert_eq!(code, 1, "wrong host name must fail: {err}");
    assert!(
        err.to_lowercase().contains("name") || err.contains("certificate"),
        "{err}"
    );

    // verify-ca does not check the name.
    let (code, _, err, _) = run_with(
        &db_url(&format!("sslmode=verify-ca&sslrootcert={ca}"), "127.0.0.1"),
        &[],
    );
    assert_eq!(code, 0, "verify-ca: {err}");

    // require encrypts without checking; prefer uses TLS when offered.
    for mode in ["require", "prefer", "disable"] {
        let (code, _, err, _) = run_with(&db_url(&format!("sslmode={mode}"), "127.0.0.1"), &[]);
        assert_eq!(code, 0, "{mode}: {err}");
    }

    // A missing root certificate file is bad input.
    let (code, _, err, _) = run_with(
        &db_url(
            "sslmode=verify-full&sslrootcert=/nonexistent/ca.pem",
            "localhost",
        ),
        &[],
    );
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("sslrootcert"), "{err}");
}

#[test]
fn the_tls_connection_really_is_encrypted() {
    pg::server();
    let url = db_url("sslmode=require", "127.0.0.1");
    let dir = tempfile::tempdir().unwrap();
    let out = std::process::Command::new(bin())
        .args(["--json", "keys", "list"])
        .env("HOME", dir.path())
        .env("KEYWARDEN_STORE", &url)
        .output()
        .unwrap();
    assert!(out.status.success());
    // The server's own view of the connection (pg_stat_ssl), as status shows it.
    let (code, out, err, _) = run_with(&url, &[]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let ssl = i64::from(v["tls"] == true);
    assert_eq!(ssl, 1, "sslmode=require must give an encrypted connection");
}

#[test]
fn connection_failures_are_clear_bounded_and_redacted() {
    let s = pg::server();
    let db = s.fresh_db();
    let name = pg::PgServer::db_name(&db).to_owned();

    // Wrong password.
    let url = format!(
        "postgres://{}:wrong-pw@127.0.0.1:{}/{name}?sslmode=disable",
        s.user, s.port
    );
    let (code, _, err, _) = run_with(&url, &[]);
    assert_eq!(code, 1);
    assert!(
        err.contains("authentication failed") && err.contains("***@127.0.0.1"),
        "{err}"
    );
    assert!(!err.contains("wrong-pw"), "{err}");

    // Wrong database.
    let url = format!(
        "postgres://{}:{}@127.0.0.1:{}/no_such_db?sslmode=disable",
        s.user, s.password, s.port
    );
    let (code, _, err, _) = run_with(&url, &[]);
    assert_eq!(code, 1);
    assert!(err.contains("does not exist"), "{err}");
    assert!(!err.contains(&s.password));

    // Nothing listening.
    let closed = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let url =
        format!("postgres://u:secretpw@127.0.0.1:{closed}/db?sslmode=disable&connect_timeout=2");
    let (code, _, err, took) = run_with(&url, &[]);
    assert_eq!(code, 1);
    assert!(
        err.contains("cannot connect") && err.contains("u:***@127.0.0.1"),
        "{err}"
    );
    assert!(!err.contains("secretpw"));
    assert!(took < Duration::from_secs(5), "{took:?}");

    // Something that is not PostgreSQL: one that answers HTTP, one silent.
    for answer in [Some(&b"HTTP/1.1 400 Bad Request\r\n\r\n"[..]), None] {
        let l = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = l.local_addr().unwrap().port();
        std::thread::spawn(move || {
            for mut c in l.incoming().flatten() {
                if let Some(a) = answer {
                    let _ = c.write_all(a);
                } else {
                    std::thread::sleep(Duration::from_secs(10));
                }
                std::mem::forget(c);
            }
        });
        let url =
            format!("postgres://u:secretpw@127.0.0.1:{port}/db?sslmode=disable&connect_timeout=2");
        let (code, _, err, took) = run_with(&url, &[]);
        assert_eq!(code, 1, "{err}");
        assert!(
            err.contains("cannot connect") && !err.contains("secretpw"),
            "{err}"
        );
        assert!(
            took < Duration::from_secs(6),
            "non-Postgres peer took {took:?}"
        );
    }
}

#[test]
fn passwords_come_from_pgpassword_or_pgpass() {
    let s = pg::server();
    let db = s.fresh_db();
    let name = pg::PgServer::db_name(&db).to_owned();
    let url = format!(
        "postgres://{}@127.0.0.1:{}/{name}?sslmode=disable",
        s.user, s.port
    );
    let (code, _, err, _) = run_with(&url, &[("PGPASSWORD", &s.password)]);
    assert_eq!(code, 0, "PGPASSWORD: {err}");

    let dir = tempfile::tempdir().unwrap();
    let pgpass = dir.path().join("pgpass");
    std::fs::write(
        &pgpass,
        format!("127.0.0.1:{}:*:{}:{}\n", s.port, s.user, s.password),
    )
    .unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&pgpass, std::fs::Permissions::from_mode(0o600)).unwrap();
    let (code, _, err, _) = run_with(&url, &[("PGPASSFILE", pgpass.to_str().unwrap())]);
    assert_eq!(code, 0, "pgpass: {err}");
}

#[test]
fn a_password_in_argv_is_warned_about() {
    let s = pg::server();
    let url = s.fresh_db();
    let dir = tempfile::tempdir().unwrap();
    let out = std::process::Command::new(bin())
        .args(["--store", &url, "store", "status"])
        .env("HOME", dir.path())
        .env_remove("KEYWARDEN_STORE")
        .output()
        .unwrap();
    assert!(out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("process list"), "{err}");
    assert!(!String::from_utf8_lossy(&out.stdout).contains(&s.password));
}

/// libpq's defaults: with `~/.postgresql/root.crt` present, `require`
/// checks the chain as `verify-ca` does; `PGSSLROOTCERT` names the CA.
#[test]
fn require_checks_the_chain_when_libpq_would() {
    let s = pg::server();
    let ca = std::fs::read(s.ca_cert.as_ref().expect("the test server has TLS")).unwrap();
    let wrong_ca = tempfile::tempdir().unwrap();
    let wrong = wrong_ca.path().join("wrong.crt");
    std::fs::write(&wrong, other_ca_pem()).unwrap();
    let url = db_url("sslmode=require", "127.0.0.1");

    // A root.crt of another CA: refused, as psql refuses.
    let home = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(home.path().join(".postgresql")).unwrap();
    std::fs::copy(&wrong, home.path().join(".postgresql/root.crt")).unwrap();
    let status = |env: &[(&str, &str)]| {
        let mut c = std::process::Command::new(bin());
        c.args(["--json", "store", "status"])
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", home.path())
            .env("KEYWARDEN_STORE", &url);
        for (k, v) in env {
            c.env(k, v);
        }
        let out = c.output().unwrap();
        (
            out.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let (code, err) = status(&[]);
    assert_eq!(code, 1, "require with a foreign root.crt must fail: {err}");
    assert!(err.contains("cannot connect"), "{err}");

    // The right CA in root.crt: connects.
    std::fs::write(home.path().join(".postgresql/root.crt"), &ca).unwrap();
    let (code, err) = status(&[]);
    assert_eq!(code, 0, "{err}");

    // PGSSLROOTCERT wins over root.crt, as in libpq.
    let (code, err) = status(&[("PGSSLROOTCERT", wrong.to_str().unwrap())]);
    assert_eq!(code, 1, "PGSSLROOTCERT must be honoured: {err}");
}

fn other_ca_pem() -> String {
    use rcgen::{BasicConstraints, CertificateParams, DnType, IsCa, KeyPair};
    let key = KeyPair::generate().unwrap();
    let mut p = CertificateParams::new(Vec::<String>::new()).unwrap();
    p.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    p.distinguished_name
        .push(DnType::CommonName, "some other CA");
    p.self_signed(&key).unwrap().pem()
}

/// A password in the query string is as secret as one in the userinfo:
/// never in `store status` (table or JSON), never in a connection error,
/// and warned about on the command line.
#[test]
fn a_password_in_the_query_string_is_redacted() {
    let s = pg::server();
    let db = s.fresh_db();
    let name = pg::PgServer::db_name(&db).to_owned();
    let url = format!(
        "postgres://127.0.0.1:{}/{name}?user={}&password={}&sslmode=disable",
        s.port, s.user, s.password
    );
    for format in ["table", "json"] {
        let dir = tempfile::tempdir().unwrap();
        let out = std::process::Command::new(bin())
            .args(["--store", &url, "--format", format, "store", "status"])
            .env("HOME", dir.path())
            .env_remove("KEYWARDEN_STORE")
            .output()
            .unwrap();
        let (stdout, stderr) = (
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr),
        );
        assert!(out.status.success(), "{stderr}");
        assert!(
            !stdout.contains(&s.password) && !stderr.contains(&s.password),
            "{stdout}{stderr}"
        );
        assert!(stdout.contains("password=***"), "{stdout}");
        assert!(stderr.contains("process list"), "no argv warning: {stderr}");
    }
    let bad = format!(
        "postgres://127.0.0.1:{}/{name}?user={}&password=not-{}&sslmode=disable",
        s.port, s.user, s.password
    );
    let (code, _, err, _) = run_with(&bad, &[]);
    assert_eq!(code, 1);
    assert!(
        err.contains("authentication failed") && !err.contains(&s.password),
        "{err}"
    );
}

/// A server that asks for a password the URL, PGPASSWORD and ~/.pgpass
/// do not hold: the error names where a password can come from.
#[test]
fn a_password_the_server_wants_names_pgpassword_and_pgpass() {
    use std::io::Read;
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let server = std::thread::spawn(move || {
        let (mut s, _) = listener.accept().unwrap();
        let mut len = [0u8; 4];
        s.read_exact(&mut len).unwrap();
        let mut startup = vec![0u8; u32::from_be_bytes(len) as usize - 4];
        s.read_exact(&mut startup).unwrap();
        // AuthenticationCleartextPassword.
        s.write_all(&[b'R', 0, 0, 0, 8, 0, 0, 0, 3]).unwrap();
        let _ = s.read(&mut [0u8; 64]);
    });
    let url = format!("postgres://alice@127.0.0.1:{port}/kw?sslmode=disable");
    let (code, _, stderr, _) = run_with(&url, &[]);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("PGPASSWORD")
            && stderr.contains("~/.pgpass")
            && stderr.contains("\"alice\""),
        "{stderr}"
    );
    server.join().unwrap();
}
