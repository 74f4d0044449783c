//! A throwaway PostgreSQL server for the test run.
//!
//! Started once per test binary: `initdb` in a temp dir (as the `postgres`
//! or `nobody` user when the tests run as root, since initdb refuses root),
//! a free port on 127.0.0.1, TLS on with a CA made here, scram passwords.
//! Each test gets its own fresh database. The server is stopped and its
//! directory removed when the test binary exits.
//!
//! `KEYWARDEN_TEST_PG_URL` (a superuser URL) uses an existing server
//! instead. If neither works the PostgreSQL tests fail loudly: they never
//! skip.

use std::net::TcpListener;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

pub struct PgServer {
    pub host: String,
    pub port: u16,
    pub user: String,
    pub password: String,
    /// The CA that signed the server's certificate (for `localhost` only).
    pub ca_cert: Option<PathBuf>,
    /// The directory holding the cluster, removed at exit.
    dir: Option<PathBuf>,
    bin: Option<PathBuf>,
    run_as: Option<(u32, u32)>,
}

static SERVER: OnceLock<PgServer> = OnceLock::new();
static EXTRA_CONF: OnceLock<String> = OnceLock::new();

/// Extra postgresql.conf lines for the throwaway server; call before the
/// first `server()` (the benchmarks size the server for their data).
#[allow(dead_code)]
pub fn configure(extra: &str) {
    let _ = EXTRA_CONF.set(extra.to_owned());
}
static DB_COUNTER: AtomicUsize = AtomicUsize::new(0);

pub fn server() -> &'static PgServer {
    SERVER.get_or_init(|| {
        let s = match std::env::var("KEYWARDEN_TEST_PG_URL") {
            Ok(url) if !url.is_empty() => PgServer::external(&url),
            _ => PgServer::start(),
        };
        eprintln!(
            "PostgreSQL test server at {}:{} (user {})",
            s.host, s.port, s.user
        );
        s
    })
}

impl PgServer {
    fn external(url: &str) -> PgServer {
        let u = url::Url::parse(url).expect("KEYWARDEN_TEST_PG_URL is not a URL");
        PgServer {
            host: u.host_str().unwrap_or("localhost").to_owned(),
            port: u.port().unwrap_or(5432),
            user: u.username().to_owned(),
            password: u.password().unwrap_or("").to_owned(),
            ca_cert: None,
            dir: None,
            bin: None,
            run_as: None,
        }
    }

    fn start() -> PgServer {
        let bin = find_bin_dir().unwrap_or_else(|| {
            panic!(
                "PostgreSQL server binaries (initdb, pg_ctl) were not found on PATH or under \
                 /usr/lib/postgresql/*/bin. Install them (`apt-get install -y postgresql`) or set \
                 KEYWARDEN_TEST_PG_URL. The PostgreSQL tests never skip."
            )
        });
        let dir =
            std::env::temp_dir().join(format!("keywarden-pg-{}-{}", std::process::id(), nanos()));
        std::fs::create_dir_all(&dir).unwrap();
        let run_as = if unsafe { libc::geteuid() } == 0 {
            Some(unprivileged_user())
        } else {
            None
        };
        let password = format!("pw{}", nanos());
        std::fs::write(dir.join("pwfile"), &password).unwrap();
        let (ca, cert, key) = make_certs();
        std::fs::write(dir.join("ca.crt"), ca).unwrap();
        std::fs::write(dir.join("server.crt"), cert).unwrap();
        std::fs::write(dir.join("server.key"), key).unwrap();
        std::fs::set_permissions(
            dir.join("server.key"),
            std::fs::Permissions::from_mode(0o600),
        )
        .unwrap();
        if let Some((uid, gid)) = run_as {
            for entry in walk(&dir) {
                std::os::unix::fs::chown(&entry, Some(uid), Some(gid)).unwrap();
            }
        }
        let data = dir.join("data");
        run(
            Command::new(bin.join("initdb"))
                .arg("-D")
                .arg(&data)
                .args([
                    "-U",
                    "kwtest",
                    "--auth=scram-sha-256",
                    "-E",
                    "UTF8",
                    "--no-sync",
                    "--locale=C",
                ])
                .arg(format!("--pwfile={}", dir.join("pwfile").display())),
            run_as,
            "initdb",
        );
        let port = free_port();
        let conf = format!(
            "\nlisten_addresses = '127.0.0.1'\nport = {port}\nunix_socket_directories = '{d}'\n\
             ssl = on\nssl_cert_file = '{d}/server.crt'\nssl_key_file = '{d}/server.key'\n\
             fsync = off\nsynchronous_commit = off\nfull_page_writes = off\n\
             max_connections = 300\nshared_buffers = 128MB\n{}\n",
            EXTRA_CONF.get().map_or("", String::as_str),
            d = dir.display()
        );
        let mut pgconf = std::fs::OpenOptions::new()
            .append(true)
            .open(data.join("postgresql.conf"))
            .unwrap();
        std::io::Write::write_all(&mut pgconf, conf.as_bytes()).unwrap();
        run(
            Command::new(bin.join("pg_ctl"))
                .arg("-D")
                .arg(&data)
                .arg("-l")
                .arg(dir.join("server.log"))
                .args(["-w", "-t", "60", "start"]),
            run_as,
            "pg_ctl start",
        );
        unsafe {
            libc::atexit(stop_at_exit);
        }
        PgServer {
            host: "127.0.0.1".into(),
            port,
            user: "kwtest".into(),
            password,
            ca_cert: Some(dir.join("ca.crt")),
            dir: Some(dir),
            bin: Some(bin),
            run_as,
        }
    }

    /// A URL for `db` with the given query string (`sslmode=disable` when empty).
    pub fn url(&self, db: &str, query: &str) -> String {
        let q = if query.is_empty() {
            "sslmode=disable"
        } else {
            query
        };
        format!(
            "postgres://{}:{}@{}:{}/{}?{}",
            self.user, self.password, self.host, self.port, db, q
        )
    }

    /// The database name in one of our URLs.
    #[allow(dead_code)]
    pub fn db_name(url: &str) -> &str {
        url.rsplit('/')
            .next()
            .unwrap_or("")
            .split('?')
            .next()
            .unwrap_or("")
    }

    /// Creates a new, empty database and returns its URL.
    pub fn fresh_db(&self) -> String {
        let name = format!(
            "kw_{}_{}",
            std::process::id(),
            DB_COUNTER.fetch_add(1, Ordering::SeqCst)
        );
        let mut admin =
            postgres::Client::connect(&self.url("postgres", "sslmode=disable"), postgres::NoTls)
                .unwrap_or_else(|e| panic!("cannot connect to the PostgreSQL test server: {e}"));
        admin
            .batch_execute(&format!("CREATE DATABASE {name}"))
            .unwrap();
        self.url(&name, "")
    }
}

extern "C" fn stop_at_exit() {
    if let Some(s) = SERVER.get()
        && let (Some(dir), Some(bin)) = (&s.dir, &s.bin)
    {
        let _ = run_quiet(
            Command::new(bin.join("pg_ctl"))
                .arg("-D")
                .arg(dir.join("data"))
                .args(["-m", "immediate", "stop"]),
            s.run_as,
        );
        let _ = std::fs::remove_dir_all(dir);
    }
}

fn nanos() -> u128 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos()
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn find_bin_dir() -> Option<PathBuf> {
    let mut candidates: Vec<PathBuf> = Vec::new();
    if let Ok(out) = Command::new("pg_config").arg("--bindir").output()
        && out.status.success()
    {
        candidates.push(PathBuf::from(String::from_utf8_lossy(&out.stdout).trim()));
    }
    if let Ok(entries) = std::fs::read_dir("/usr/lib/postgresql") {
        let mut versions: Vec<PathBuf> = entries.flatten().map(|e| e.path().join("bin")).collect();
        versions.sort();
        candidates.extend(versions.into_iter().rev());
    }
    for p in std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default()) {
        candidates.push(p);
    }
    candidates.into_iter().find(|d| {
        d.join("initdb").is_file() && d.join("pg_ctl").is_file() && d.join("postgres").is_file()
    })
}

fn unprivileged_user() -> (u32, u32) {
    for name in ["postgres", "nobody"] {
        let c = std::ffi::CString::new(name).unwrap();
        let pw = unsafe { libc::getpwnam(c.as_ptr()) };
        if !pw.is_null() {
            let (uid, gid) = unsafe { ((*pw).pw_uid, (*pw).pw_gid) };
            return (uid, gid);
        }
    }
    panic!("running as root, and neither a `postgres` nor a `nobody` user exists to run initdb as");
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = vec![dir.to_path_buf()];
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        out.push(e.path());
    }
    out
}

fn with_user(cmd: &mut Command, run_as: Option<(u32, u32)>) -> &mut Command {
    use std::os::unix::process::CommandExt;
    if let Some((uid, gid)) = run_as {
        cmd.uid(uid).gid(gid).env("HOME", "/tmp");
    }
    cmd
}

fn run(cmd: &mut Command, run_as: Option<(u32, u32)>, what: &str) {
    let out = with_user(cmd, run_as)
        .output()
        .unwrap_or_else(|e| panic!("{what}: {e}"));
    assert!(
        out.status.success(),
        "{what} failed: {}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

fn run_quiet(cmd: &mut Command, run_as: Option<(u32, u32)>) -> std::io::Result<()> {
    with_user(cmd, run_as).output().map(|_| ())
}

/// A CA and a server certificate for `localhost` only (not 127.0.0.1), so
/// that verify-full against the IP fails on the host name.
fn make_certs() -> (String, String, String) {
    use rcgen::{BasicConstraints, CertificateParams, DnType, IsCa, Issuer, KeyPair};
    let ca_key = KeyPair::generate().unwrap();
    let mut ca_params = CertificateParams::new(Vec::<String>::new()).unwrap();
    ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    ca_params
        .distinguished_name
        .push(DnType::CommonName, "keywarden test CA");
    let ca_cert = ca_params.self_signed(&ca_key).unwrap();
    let issuer = Issuer::new(ca_params, &ca_key);
    let leaf_key = KeyPair::generate().unwrap();
    let mut leaf_params = CertificateParams::new(vec!["localhost".to_owned()]).unwrap();
    leaf_params
        .distinguished_name
        .push(DnType::CommonName, "localhost");
    let leaf = leaf_params.signed_by(&leaf_key, &issuer).unwrap();
    (ca_cert.pem(), leaf.pem(), leaf_key.serialize_pem())
}
