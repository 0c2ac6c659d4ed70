//! The window on a database server (issue 18): connecting from the first start, signing in
//! there, and what a clerk sees when the server cannot be reached. The test that needs a
//! server takes it from the environment `pg_virtualenv` sets (PGHOST …): under CI its
//! absence fails the test; elsewhere it skips with a notice.

use crate::common::*;
use bianzhi::ui::{App, Screen};
use egui_kittest::kittest::Queryable;

/// The test server's address, from the environment.
fn server() -> Option<String> {
    let var = |k: &str| std::env::var(k).ok().filter(|v| !v.is_empty());
    let under_ci = std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "0" && v != "false");
    match var("PGHOST") {
        Some(host) => Some(format!(
            "postgres://{}@{host}:{}/{}",
            var("PGUSER").unwrap_or_else(|| "postgres".into()),
            var("PGPORT").unwrap_or_else(|| "5432".into()),
            var("PGDATABASE").unwrap_or_else(|| "postgres".into()),
        )),
        None if under_ci => {
            panic!("没有测试用的 PostgreSQL 服务器（PGHOST 未设置）：CI 下不允许跳过")
        }
        None => {
            eprintln!("跳过（skipped）：没有测试用的 PostgreSQL 服务器（PGHOST 未设置）");
            None
        }
    }
}

#[test]
fn an_unreachable_server_is_said_on_the_form_in_chinese() {
    let mut h = harness(App::new(std::path::Path::new(
        "postgres://clerk@127.0.0.1:1/county",
    )));
    h.run();
    assert!(matches!(h.state().screen, Screen::Server(_)));
    assert!(
        labels(&h).iter().any(|l| l.contains("连不上数据库服务器")),
        "{:?}",
        labels(&h)
    );
    // What was typed is kept, to correct it.
    h.get_by_label("服务器地址");
    h.get_by_label("连接");
}

#[test]
fn the_first_start_connects_to_a_server_and_the_clerk_signs_in_there() {
    let Some(base) = server() else { return };
    let schema = format!("ui_{}", std::process::id());
    let mut admin = bianzhi::store::server::ServerAddress::parse(&base)
        .and_then(|a| a.connect(None))
        .unwrap();
    admin
        .batch_execute(&format!(
            "DROP SCHEMA IF EXISTS {schema} CASCADE; CREATE SCHEMA {schema}"
        ))
        .unwrap();
    let address = format!("{base}?options=-csearch_path%3D{schema}");
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(App::new(&dir.path().join("county.db")));
    h.run();
    h.get_by_label("连接数据库服务器（几台电脑共用）…").click();
    h.run();
    type_into_field(&mut h, "服务器地址", &address);
    h.get_by_label("连接").click();
    h.run();
    wait_for_check(&mut h);
    // A county with no operator yet: the first sign-in makes the administrator, as on a file.
    type_into_field(&mut h, "管理员姓名", ADMIN.0);
    type_into_field(&mut h, "密码", ADMIN.1);
    type_into_field(&mut h, "确认密码", ADMIN.1);
    h.get_by_label("创建管理员并登录").click();
    h.run();
    assert!(h.state().login.is_none(), "signed in");
    assert!(
        labels(&h)
            .iter()
            .any(|l| l.starts_with("数据库：服务器 postgres://")),
        "the status bar names the server"
    );
    assert_eq!(h.state().server.as_deref(), Some(address.as_str()));
    // Nothing was made on this PC.
    assert!(!dir.path().join("county.db").exists());
    // The administrator is the server's.
    let s = bianzhi::store::Store::open(std::path::Path::new(&address)).unwrap();
    assert_eq!(s.operators().unwrap()[0].name, ADMIN.0);
}
