//! The database server (PostgreSQL) of an office with several clerks (see
//! `docs/server-backend.md`): the server's address as a clerk gives it, the password found
//! where it may be kept (never in the address, never in a settings file), and a connection,
//! encrypted when the server offers it. The store runs on it through `store::db`.

use super::{Result, StoreError};
use std::path::PathBuf;
use std::str::FromStr;

/// Whether `text` is a server's address (`postgres://…`, `postgresql://…`) rather than a
/// database file.
pub fn is_server_address(text: &str) -> bool {
    text.split_once("://").is_some_and(|(scheme, _)| {
        !scheme.is_empty()
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '+')
    })
}

/// An address as it may be shown: any password in it left out.
pub fn without_password(text: &str) -> String {
    match text.split_once("://") {
        Some((scheme, rest)) => match rest.split_once('@') {
            Some((user, host)) => {
                format!("{scheme}://{}@{host}", user.split(':').next().unwrap_or(""))
            }
            None => text.to_string(),
        },
        None => text.to_string(),
    }
}

/// A server's address, without a password in it.
#[derive(Debug, Clone)]
pub struct ServerAddress {
    config: postgres::Config,
}

impl ServerAddress {
    /// Reads an address (`postgres://clerk@192.168.1.10:5432/county`). One that holds a
    /// password is refused, saying where the password goes instead; the message never
    /// repeats it.
    pub fn parse(text: &str) -> Result<ServerAddress> {
        let config = postgres::Config::from_str(text.trim()).map_err(|e| {
            StoreError::Server(format!(
                "数据库服务器地址无法识别（应为 postgres://用户名@主机:端口/数据库名）：{e}"
            ))
        })?;
        let address = ServerAddress { config };
        if address.config.get_password().is_some() {
            return Err(StoreError::Server(format!(
                "数据库服务器地址中不能写密码（{}）：密码请放在环境变量 PGPASSWORD 或密码文件\
                 （{}）中，或在连接时输入",
                address.shown(),
                pgpass_path(&|k| std::env::var(k).ok())
                    .map(|p| p.display().to_string())
                    .unwrap_or_else(|| ".pgpass".into())
            )));
        }
        if address.host().is_empty() {
            return Err(StoreError::Server(format!(
                "数据库服务器地址“{text}”没有写主机名或 IP 地址"
            )));
        }
        Ok(address)
    }

    /// The address as it may be shown: user, host, port, database.
    pub fn shown(&self) -> String {
        format!(
            "postgres://{}@{}:{}/{}",
            self.user(),
            self.host(),
            self.port(),
            self.database()
        )
    }

    fn host(&self) -> String {
        match self.config.get_hosts().first() {
            Some(postgres::config::Host::Tcp(h)) => h.clone(),
            #[cfg(unix)]
            Some(postgres::config::Host::Unix(p)) => p.display().to_string(),
            None => String::new(),
        }
    }

    fn port(&self) -> u16 {
        self.config.get_ports().first().copied().unwrap_or(5432)
    }

    fn user(&self) -> String {
        self.config.get_user().unwrap_or_default().to_string()
    }

    /// The database: the user's name when the address gives none (as the server does).
    fn database(&self) -> String {
        self.config
            .get_dbname()
            .map(str::to_string)
            .unwrap_or_else(|| self.user())
    }

    /// The password for this address: `PGPASSWORD`, else the first matching line of the
    /// password file (`PGPASSFILE`, or `~/.pgpass`, or `%APPDATA%\postgresql\pgpass.conf` on
    /// Windows). `var` reads the environment (the tests give their own).
    pub fn password(&self, var: &dyn Fn(&str) -> Option<String>) -> Option<String> {
        if let Some(p) = var("PGPASSWORD").filter(|p| !p.is_empty()) {
            return Some(p);
        }
        let text = std::fs::read_to_string(pgpass_path(var)?).ok()?;
        let wanted = [
            self.host(),
            self.port().to_string(),
            self.database(),
            self.user(),
        ];
        text.lines()
            .filter(|l| !l.trim_start().starts_with('#'))
            .find_map(|line| {
                let fields = pgpass_fields(line);
                let matches = fields.len() == 5
                    && fields[..4]
                        .iter()
                        .zip(&wanted)
                        .all(|(f, w)| f == "*" || f == w);
                matches.then(|| fields[4].clone())
            })
    }

    /// Connects with the password from the environment or the password file, if any
    /// (else the server must not ask for one). `password` overrides both (typed by the
    /// clerk).
    pub fn connect(&self, password: Option<&str>) -> Result<postgres::Client> {
        let mut config = self.config.clone();
        let found = match password {
            Some(p) => Some(p.to_string()),
            None => self.password(&|k| std::env::var(k).ok()),
        };
        if let Some(p) = found {
            config.password(p);
        }
        config.connect(tls()?).map_err(|e| {
            let refused = e.code().is_some_and(|c| {
                *c == postgres::error::SqlState::INVALID_PASSWORD
                    || *c == postgres::error::SqlState::INVALID_AUTHORIZATION_SPECIFICATION
            });
            StoreError::Server(if refused {
                format!(
                    "数据库服务器拒绝了登录（{}）：用户名或密码不对",
                    self.shown()
                )
            } else {
                format!(
                    "连不上数据库服务器（{}）：{}",
                    self.shown(),
                    why_unreachable(&e)
                )
            })
        })
    }
}

/// Why a connection failed, in the clerk's words where the cause is a common one.
fn why_unreachable(e: &postgres::Error) -> String {
    let detail = std::error::Error::source(e).map_or_else(|| e.to_string(), |s| s.to_string());
    let lower = detail.to_ascii_lowercase();
    if lower.contains("refused") {
        "服务器拒绝连接：地址或端口不对，或数据库服务没有启动".into()
    } else if lower.contains("timed out") {
        "连接超时：请检查网络和服务器地址".into()
    } else if lower.contains("password") {
        "服务器要求密码：请在“数据库密码”中填写，或设置 PGPASSWORD、密码文件".into()
    } else if lower.contains("does not exist") {
        format!("服务器上没有这个数据库或用户（{detail}）")
    } else {
        detail
    }
}

/// TLS as PostgreSQL's own client does by default (`sslmode=prefer`): encrypted whenever
/// the server offers it, plain when it does not, and required with `?sslmode=require` in
/// the address. Like that client in these modes, the server's certificate is not checked
/// against an authority: an office server has a certificate it made itself. (A mode that
/// checks it, `verify-full`, is not offered yet.)
fn tls() -> Result<tokio_postgres_rustls::MakeRustlsConnect> {
    // ring, which builds with the C compiler SQLite already needs (aws-lc-rs, the one
    // rustls now prefers for its post-quantum key exchange, needs cmake, and NASM for the
    // Windows build).
    #[allow(deprecated)]
    let provider = std::sync::Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ClientConfig::builder_with_provider(provider.clone())
        .with_safe_default_protocol_versions()
        .map_err(|e| StoreError::Server(format!("无法准备加密连接（TLS）：{e}")))?
        .dangerous()
        .with_custom_certificate_verifier(std::sync::Arc::new(AnyCertificate(provider)))
        .with_no_client_auth();
    Ok(tokio_postgres_rustls::MakeRustlsConnect::new(config))
}

/// Accepts the server's certificate whoever signed it (see [`tls`]); the handshake's
/// signatures are still checked, so the connection is encrypted to the holder of its key.
#[derive(Debug)]
struct AnyCertificate(std::sync::Arc<rustls::crypto::CryptoProvider>);

impl rustls::client::danger::ServerCertVerifier for AnyCertificate {
    fn verify_server_cert(
        &self,
        _end_entity: &rustls::pki_types::CertificateDer<'_>,
        _intermediates: &[rustls::pki_types::CertificateDer<'_>],
        _server_name: &rustls::pki_types::ServerName<'_>,
        _ocsp_response: &[u8],
        _now: rustls::pki_types::UnixTime,
    ) -> std::result::Result<rustls::client::danger::ServerCertVerified, rustls::Error> {
        Ok(rustls::client::danger::ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &rustls::pki_types::CertificateDer<'_>,
        dss: &rustls::DigitallySignedStruct,
    ) -> std::result::Result<rustls::client::danger::HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(
            message,
            cert,
            dss,
            &self.0.signature_verification_algorithms,
        )
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &rustls::pki_types::CertificateDer<'_>,
        dss: &rustls::DigitallySignedStruct,
    ) -> std::result::Result<rustls::client::danger::HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(
            message,
            cert,
            dss,
            &self.0.signature_verification_algorithms,
        )
    }

    fn supported_verify_schemes(&self) -> Vec<rustls::SignatureScheme> {
        self.0.signature_verification_algorithms.supported_schemes()
    }
}

/// Where the password file is: `PGPASSFILE`, else the platform's default.
fn pgpass_path(var: &dyn Fn(&str) -> Option<String>) -> Option<PathBuf> {
    if let Some(p) = var("PGPASSFILE").filter(|p| !p.is_empty()) {
        return Some(PathBuf::from(p));
    }
    if cfg!(windows) {
        var("APPDATA").map(|d| PathBuf::from(d).join("postgresql").join("pgpass.conf"))
    } else {
        var("HOME").map(|d| PathBuf::from(d).join(".pgpass"))
    }
}

/// A password file's line as its fields: `host:port:database:user:password`, where `\:`
/// and `\\` stand for `:` and `\`.
fn pgpass_fields(line: &str) -> Vec<String> {
    let mut fields = vec![String::new()];
    let mut chars = line.trim_end_matches(['\r', '\n']).chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                if let (Some(next), Some(f)) = (chars.next(), fields.last_mut()) {
                    f.push(next);
                }
            }
            ':' => fields.push(String::new()),
            c => {
                if let Some(f) = fields.last_mut() {
                    f.push(c);
                }
            }
        }
    }
    fields
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn password_file_lines_split_on_unescaped_colons() {
        assert_eq!(
            pgpass_fields(r"db.county:5432:*:clerk:pa\:ss\\word"),
            ["db.county", "5432", "*", "clerk", r"pa:ss\word"]
        );
    }

    #[test]
    fn an_address_with_a_password_is_refused_without_showing_it() {
        let e = ServerAddress::parse("postgres://clerk:s3cret@10.0.0.5/county").unwrap_err();
        let m = e.to_string();
        assert!(m.contains("PGPASSWORD") && !m.contains("s3cret"), "{m}");
        assert!(m.contains("postgres://clerk@10.0.0.5:5432/county"), "{m}");
    }

    #[test]
    fn the_password_comes_from_the_environment_then_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("pgpass");
        std::fs::write(
            &file,
            "# the office server\nother:5432:*:*:wrong\n10.0.0.5:*:county:clerk:from-file\n",
        )
        .unwrap();
        let a = ServerAddress::parse("postgres://clerk@10.0.0.5/county").unwrap();
        let file_text = file.display().to_string();
        let env = |with_var: bool| {
            let file = file_text.clone();
            move |k: &str| match k {
                "PGPASSWORD" if with_var => Some("from-env".to_string()),
                "PGPASSFILE" => Some(file.clone()),
                _ => None,
            }
        };
        assert_eq!(a.password(&env(true)).as_deref(), Some("from-env"));
        assert_eq!(a.password(&env(false)).as_deref(), Some("from-file"));
        let b = ServerAddress::parse("postgres://clerk@10.0.0.6/county").unwrap();
        assert_eq!(b.password(&env(false)), None, "no line for that host");
    }
}
