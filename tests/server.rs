//! The database server (issue 18, in progress): connecting as a clerk would, with the
//! password where it may be kept. Needs a PostgreSQL server given by the environment that
//! `pg_virtualenv` sets (PGHOST, PGPORT, PGUSER, PGPASSWORD); `.ci/run` runs the suite under
//! it. Without one: under CI the test fails, saying so; elsewhere it skips with a notice.

#[path = "shared_files/mod.rs"]
mod shared_files;

use bianzhi::store::server::ServerAddress;
use bianzhi::store::{Store, StoreError};
use std::path::Path;

/// The test server's address (without its password), from the environment.
fn server() -> Option<String> {
    let var = |k: &str| std::env::var(k).ok().filter(|v| !v.is_empty());
    match var("PGHOST") {
        Some(host) => Some(format!(
            "postgres://{}@{host}:{}/{}",
            var("PGUSER").unwrap_or_else(|| "postgres".into()),
            var("PGPORT").unwrap_or_else(|| "5432".into()),
            var("PGDATABASE").unwrap_or_else(|| "postgres".into()),
        )),
        None if shared_files::under_ci() => panic!(
            "没有测试用的 PostgreSQL 服务器（PGHOST 未设置）：CI 下不允许跳过；\
             请用 pg_virtualenv cargo test 运行"
        ),
        None => {
            eprintln!("跳过（skipped）：没有测试用的 PostgreSQL 服务器（PGHOST 未设置）");
            None
        }
    }
}

#[test]
fn a_clerk_connects_with_the_password_from_the_environment() {
    let Some(url) = server() else { return };
    let address = ServerAddress::parse(&url).unwrap();
    let mut client = address.connect(None).unwrap();
    let one: i32 = client.query_one("SELECT 1", &[]).unwrap().get(0);
    assert_eq!(one, 1);
}

/// Whether the connection is encrypted, as the server sees it.
fn encrypted(client: &mut postgres::Client) -> bool {
    client
        .query_one(
            "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()",
            &[],
        )
        .unwrap()
        .get(0)
}

#[test]
fn the_connection_is_encrypted_when_the_server_offers_it() {
    let Some(url) = server() else { return };
    // pg_virtualenv's cluster offers TLS (Debian's self-made certificate).
    let mut prefer = ServerAddress::parse(&url).unwrap().connect(None).unwrap();
    assert!(encrypted(&mut prefer), "encrypted by default when offered");
    let mut require = ServerAddress::parse(&format!("{url}?sslmode=require"))
        .unwrap()
        .connect(None)
        .unwrap();
    assert!(encrypted(&mut require));
    let mut plain = ServerAddress::parse(&format!("{url}?sslmode=disable"))
        .unwrap()
        .connect(None)
        .unwrap();
    assert!(
        !encrypted(&mut plain),
        "plain when asked (the test can tell them apart)"
    );
}

#[test]
fn a_wrong_password_is_refused_in_chinese() {
    let Some(url) = server() else { return };
    let address = ServerAddress::parse(&url).unwrap();
    let e = match address.connect(Some("not-the-password")) {
        Err(e) => e.to_string(),
        Ok(_) => panic!("connected with a wrong password"),
    };
    assert!(e.contains("拒绝了登录"), "{e}");
    assert!(!e.contains("not-the-password"), "{e}");
}

#[test]
fn an_unreachable_server_says_where_it_looked() {
    // A port nothing listens on (the address is checked, not the test server).
    let address = ServerAddress::parse("postgres://clerk@127.0.0.1:1/county").unwrap();
    let e = match address.connect(Some("x")) {
        Err(e) => e.to_string(),
        Ok(_) => panic!("connected to port 1"),
    };
    assert!(e.contains("连不上数据库服务器"), "{e}");
    assert!(e.contains("127.0.0.1:1"), "{e}");
}

#[test]
fn a_server_address_opens_no_file_and_a_password_in_it_is_refused() {
    for (typed, says) in [
        ("postgres://clerk:secret@localhost/county", "不能写密码"),
        (
            "postgresql://clerk@127.0.0.1:1/county",
            "连不上数据库服务器",
        ),
    ] {
        let err = match Store::open(Path::new(typed)) {
            Err(e) => e,
            Ok(_) => panic!("opened {typed}"),
        };
        let message = err.to_string();
        assert!(matches!(err, StoreError::Server(_)), "{message}");
        assert!(message.contains(says), "{message}");
        assert!(!message.contains("secret"), "no password shown: {message}");
    }
    // Relative to the tests' folder: nothing made where a file would have gone.
    assert!(!Path::new("postgres:").exists());
    assert!(!Path::new("postgresql:").exists());
}
