//! Connecting to PostgreSQL: libpq's `sslmode`s over rustls (no system
//! OpenSSL), and a connect bounded in time end to end.
//!
//! | sslmode     | TLS                | certificate checks                        |
//! |-------------|--------------------|-------------------------------------------|
//! | disable     | never              | —                                         |
//! | prefer      | if the server can  | none (falls back to plain text, as libpq) |
//! | require     | always             | none, or the CA's when `sslrootcert` is set |
//! | verify-ca   | always             | chain to `sslrootcert`                    |
//! | verify-full | always             | chain to `sslrootcert` and the host name  |
//!
//! `sslrootcert` comes from the URL, else `PGSSLROOTCERT`, else
//! `~/.postgresql/root.crt`; as in libpq, with that default file present,
//! `require` checks the chain as `verify-ca` does.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc;
use std::time::Duration;

use postgres::{Client, NoTls};
use rustls::client::WebPkiServerVerifier;
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::WebPkiSupportedAlgorithms;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{
    CertificateError, ClientConfig, DigitallySignedStruct, RootCertStore, SignatureScheme,
};
use tokio_postgres_rustls::MakeRustlsConnect;

use super::location::{PgUrl, SslMode};
use crate::error::{Error, Result};

/// Connects, giving up after the URL's `connect_timeout` (default 10 s) for
/// the whole exchange — TCP, TLS and start-up — so a silent or non-Postgres
/// peer never hangs a cron job.
pub fn connect(url: &PgUrl) -> Result<Client> {
    let mut client = connect_bounded(url)?;
    // Every time this session formats or truncates is UTC, whatever the
    // server's or the role's TimeZone: both stores must agree.
    client.batch_execute("SET TIME ZONE 'UTC'").map_err(|e| {
        Error::store(format!(
            "cannot set the session time zone on {}: {e}",
            url.redacted()
        ))
    })?;
    Ok(client)
}

fn connect_bounded(url: &PgUrl) -> Result<Client> {
    let (tx, rx) = mpsc::channel();
    let url2 = url.clone();
    std::thread::spawn(move || {
        let _ = tx.send(connect_blocking(&url2));
    });
    let limit = url.connect_timeout + Duration::from_millis(500);
    match rx.recv_timeout(limit) {
        Ok(result) => result,
        Err(_) => Err(Error::store(format!(
            "cannot connect to {}: no answer from a PostgreSQL server within {}s \
             (is that the right host and port?)",
            url.redacted(),
            url.connect_timeout.as_secs()
        ))),
    }
}

fn connect_blocking(url: &PgUrl) -> Result<Client> {
    let mut cfg = postgres::Config::new();
    cfg.host(&url.host)
        .port(url.port)
        .user(&url.user)
        .dbname(&url.dbname)
        .connect_timeout(url.connect_timeout)
        .application_name(url.application_name.as_deref().unwrap_or("keywarden"));
    if let Some(pw) = &url.password {
        cfg.password(pw.expose());
    }
    if let Some(o) = &url.options {
        cfg.options(o);
    }
    let shown = url.redacted();
    let fail = |e: postgres::Error| connect_error(&shown, &url.user, e);
    match url.sslmode {
        SslMode::Disable => cfg.connect(NoTls).map_err(fail),
        SslMode::Prefer => {
            cfg.ssl_mode(postgres::config::SslMode::Prefer);
            match cfg.connect(tls(url, Verify::Nothing)?) {
                Ok(c) => Ok(c),
                // libpq's prefer: a failed TLS handshake is retried in plain text.
                Err(e) if is_tls_failure(&e) => {
                    cfg.ssl_mode(postgres::config::SslMode::Disable);
                    cfg.connect(NoTls).map_err(fail)
                }
                Err(e) => Err(fail(e)),
            }
        }
        mode => {
            cfg.ssl_mode(postgres::config::SslMode::Require);
            let verify = match mode {
                SslMode::Require if root_cert_path(url).is_file() || url.sslrootcert.is_some() => {
                    Verify::Chain
                }
                SslMode::Require => Verify::Nothing,
                SslMode::VerifyCa => Verify::Chain,
                _ => Verify::ChainAndHost,
            };
            cfg.connect(tls(url, verify)?).map_err(fail)
        }
    }
}

fn is_tls_failure(e: &postgres::Error) -> bool {
    let s = format!("{e:?}").to_ascii_lowercase();
    e.as_db_error().is_none()
        && (s.contains("tls") || s.contains("certificate") || s.contains("handshake"))
}

fn connect_error(shown: &str, user: &str, e: postgres::Error) -> Error {
    if let Some(db) = e.as_db_error() {
        let code = db.code().code();
        let why = match code {
            "28P01" | "28000" => format!(
                "authentication failed for user {user:?} (check the password, PGPASSWORD or ~/.pgpass)"
            ),
            "3D000" => format!("the database does not exist ({})", db.message()),
            _ => db.message().to_owned(),
        };
        return Error::store(format!("cannot connect to {shown}: {why}"));
    }
    let mut msg = e.to_string();
    let mut src = std::error::Error::source(&e);
    while let Some(s) = src {
        msg = format!("{msg}: {s}");
        src = s.source();
    }
    if msg.contains("password missing") {
        return Error::store(format!(
            "cannot connect to {shown}: the server wants a password for user {user:?} and none \
             was given: set PGPASSWORD, or add a line host:port:database:user:password to \
             ~/.pgpass (mode 0600; PGPASSFILE names another file)"
        ));
    }
    Error::store(format!("cannot connect to {shown}: {msg}"))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Verify {
    Nothing,
    Chain,
    ChainAndHost,
}

fn tls(url: &PgUrl, verify: Verify) -> Result<MakeRustlsConnect> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let algs = provider.signature_verification_algorithms;
    let chain = match verify {
        Verify::Nothing => None,
        Verify::Chain | Verify::ChainAndHost => {
            let roots = load_roots(url)?;
            let v = WebPkiServerVerifier::builder_with_provider(Arc::new(roots), provider.clone())
                .build()
                .map_err(|e| Error::invalid(format!("cannot use sslrootcert: {e}")))?;
            Some(v)
        }
    };
    let verifier = Arc::new(PgVerifier {
        chain,
        check_host: verify == Verify::ChainAndHost,
        algs,
    });
    let config = ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| Error::store(format!("TLS set-up failed: {e}")))?
        .dangerous()
        .with_custom_certificate_verifier(verifier)
        .with_no_client_auth();
    Ok(MakeRustlsConnect::new(config))
}

/// The CA file: `sslrootcert` (URL or `PGSSLROOTCERT`), else libpq's
/// default `~/.postgresql/root.crt`.
fn root_cert_path(url: &PgUrl) -> PathBuf {
    url.sslrootcert.clone().unwrap_or_else(|| {
        std::env::var_os("HOME")
            .map(PathBuf::from)
            .unwrap_or_default()
            .join(".postgresql/root.crt")
    })
}

fn load_roots(url: &PgUrl) -> Result<RootCertStore> {
    let path = root_cert_path(url);
    let certs = CertificateDer::pem_file_iter(&path)
        .and_then(|it| it.collect::<std::result::Result<Vec<_>, _>>())
        .map_err(|e| {
            Error::invalid(format!(
                "cannot read sslrootcert {}: {e}; pass the CA certificate that signed the \
                 server's certificate as `sslrootcert=/path/ca.pem`",
                path.display()
            ))
        })?;
    let mut roots = RootCertStore::empty();
    let (added, _) = roots.add_parsable_certificates(certs);
    if added == 0 {
        return Err(Error::invalid(format!(
            "sslrootcert {} holds no usable certificate",
            path.display()
        )));
    }
    Ok(roots)
}

/// The three libpq levels of checking in one verifier. Handshake
/// signatures are always checked, so even without a chain the peer must
/// hold the key of the certificate it shows.
#[derive(Debug)]
struct PgVerifier {
    chain: Option<Arc<WebPkiServerVerifier>>,
    check_host: bool,
    algs: WebPkiSupportedAlgorithms,
}

impl ServerCertVerifier for PgVerifier {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp: &[u8],
        now: UnixTime,
    ) -> std::result::Result<ServerCertVerified, rustls::Error> {
        let Some(chain) = &self.chain else {
            return Ok(ServerCertVerified::assertion());
        };
        match chain.verify_server_cert(end_entity, intermediates, server_name, ocsp, now) {
            Err(rustls::Error::InvalidCertificate(
                CertificateError::NotValidForName | CertificateError::NotValidForNameContext { .. },
            )) if !self.check_host => Ok(ServerCertVerified::assertion()),
            other => other,
        }
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> std::result::Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(message, cert, dss, &self.algs)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> std::result::Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(message, cert, dss, &self.algs)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.algs.supported_schemes()
    }
}
