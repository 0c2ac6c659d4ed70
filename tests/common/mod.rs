//! Helpers shared by the store and import tests: dates, valid ID numbers, temporary
//! directories, fixture stores, generated workbooks.
#![allow(dead_code)]

use bianzhi::domain::id_number::check_char;
use bianzhi::domain::*;
use bianzhi::import::{self, ImportKind, ImportPlan, Progress, Settings};
use bianzhi::store::{EntryRequest, Store};
use chrono::NaiveDate;
use std::path::{Path, PathBuf};

#[path = "../shared_files/mod.rs"]
mod shared_files;
/// The shared samples (`../shared/…`): missing fails under CI, skips (with a notice) otherwise.
#[allow(unused_imports)] // not every import test needs them
pub use shared_files::{shared, under_ci};

/// A fresh temporary directory, removed when dropped (`tempfile`'s, with a helper for the
/// files in it).
pub struct TempDir(pub tempfile::TempDir);

impl TempDir {
    pub fn new(tag: &str) -> TempDir {
        TempDir(
            tempfile::Builder::new()
                .prefix(&format!("bianzhi-{tag}-"))
                .tempdir()
                .unwrap(),
        )
    }
    pub fn path(&self, name: &str) -> PathBuf {
        self.0.path().join(name)
    }
}

/// Whether the store tests run on the PostgreSQL server of the environment
/// (`BIANZHI_TEST_BACKEND=postgres`, with PGHOST … as `pg_virtualenv` sets them) instead
/// of SQLite. `.ci/run` runs the store, rules and concurrency tests both ways.
pub fn on_server() -> bool {
    std::env::var("BIANZHI_TEST_BACKEND").is_ok_and(|v| v == "postgres")
}

/// Where a new, empty county database goes: a file in `dir`, or (on the server) a fresh
/// schema of the test server, as an address the store opens like a file.
pub fn new_location(dir: &TempDir, name: &str) -> PathBuf {
    if !on_server() {
        return dir.path(name);
    }
    let base = server_base().expect(
        "BIANZHI_TEST_BACKEND=postgres 需要测试用的 PostgreSQL 服务器（PGHOST 未设置）：\
         请用 pg_virtualenv 运行",
    );
    PathBuf::from(fresh_schema(&base, dir))
}

/// The test server's address (without its password) from the environment `pg_virtualenv`
/// sets (PGHOST, PGPORT, PGUSER, PGDATABASE); `None` without PGHOST.
pub fn server_base() -> Option<String> {
    let var = |k: &str| std::env::var(k).ok().filter(|v| !v.is_empty());
    Some(format!(
        "postgres://{}@{}:{}/{}",
        var("PGUSER").unwrap_or_else(|| "postgres".into()),
        var("PGHOST")?,
        var("PGPORT").unwrap_or_else(|| "5432".into()),
        var("PGDATABASE").unwrap_or_else(|| "postgres".into()),
    ))
}

/// A new, empty schema on the server at `base` (`postgres://user@host:port/db`), as an
/// address whose connections work in it.
pub fn fresh_schema(base: &str, dir: &TempDir) -> String {
    use std::sync::atomic::{AtomicU32, Ordering};
    static NEXT: AtomicU32 = AtomicU32::new(0);
    // Unique on the server: this process, this store, and the temporary folder's random name.
    let random: String = dir
        .0
        .path()
        .file_name()
        .map(|n| n.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default()
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect();
    let schema = format!(
        "t{}_{}_{random}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed),
    );
    let mut admin = bianzhi::store::server::ServerAddress::parse(base)
        .unwrap()
        .connect(None)
        .unwrap();
    admin
        .batch_execute(&format!("CREATE SCHEMA {schema}"))
        .unwrap();
    format!("{base}?options=-csearch_path%3D{schema}")
}

/// A new, empty county: in memory, or in a fresh schema of the test server.
pub fn new_store() -> Store {
    if on_server() {
        let dir = TempDir::new("server");
        Store::open(&new_location(&dir, "county.db")).unwrap()
    } else {
        Store::open_in_memory().unwrap()
    }
}

/// A valid ID number born on `birth` (YYYYMMDD) with sequence `seq` (odd = male).
pub fn id(birth: &str, seq: u32) -> String {
    let first17 = format!("430726{birth}{seq:03}");
    format!("{first17}{}", check_char(first17.as_bytes()))
}

pub fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

pub fn add_org(store: &mut Store, name: &str, kind: OrgKind, posts: &[(PostType, i64)]) -> OrgId {
    store
        .write(|tx| {
            let id = tx.create_org(&OrgDraft {
                name: name.into(),
                kind: Some(kind),
                funding: posts.iter().find_map(|(t, _)| match t {
                    PostType::Institution(f) => Some(*f),
                    _ => None,
                }),
                ..Default::default()
            })?;
            for (t, n) in posts {
                tx.record(&EntryRequest {
                    date: d(2021, 1, 5),
                    doc_no: "石编〔2021〕1号".into(),
                    kind: EntryKind::Approve,
                    reason: "核定".into(),
                    movement: Movement {
                        post_type: *t,
                        count: *n,
                        from: Account::Above,
                        to: Account::Org(id),
                    },
                })?;
            }
            Ok(id)
        })
        .unwrap()
}

/// A county with a few units:
/// 县教育局 (行政 10), 县卫生健康局 (行政 5, 工勤 1), 石门县第一中学 (事业全额 50),
/// 县公安局 (政法专项 30).
pub fn fixture_store(dir: &TempDir) -> Store {
    let mut s = Store::open(&new_location(dir, "county.db")).unwrap();
    add_org(
        &mut s,
        "县教育局",
        OrgKind::GovDept,
        &[(PostType::Administrative, 10)],
    );
    add_org(
        &mut s,
        "县卫生健康局",
        OrgKind::GovDept,
        &[(PostType::Administrative, 5), (PostType::Service, 1)],
    );
    add_org(
        &mut s,
        "石门县第一中学",
        OrgKind::Institution,
        &[(PostType::Institution(Funding::Full), 50)],
    );
    add_org(
        &mut s,
        "县公安局",
        OrgKind::GovDept,
        &[(PostType::PoliticalLegal, 30)],
    );
    s
}

pub fn plan(store: &Store, path: &Path, kind: ImportKind) -> ImportPlan {
    plan_with(store, path, kind, &Settings::default())
}

/// [`plan`] with the given settings (synonyms, a forced column mapping, a date).
pub fn plan_with(store: &Store, path: &Path, kind: ImportKind, settings: &Settings) -> ImportPlan {
    import::plan(store, path, kind, settings, &Progress::new())
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Everything a commit could touch, to compare before and after.
pub fn snapshot(store: &Store) -> String {
    let mut out = String::new();
    for (table, cols) in [
        (
            "orgs",
            "id, name, kind, parent_id, funding, township_class, leaders_chief, leaders_deputy",
        ),
        (
            "persons",
            "id, id_number, name, birth, status, org_id, post_type, joined_on",
        ),
        (
            "ledger_entries",
            "id, kind, post_type, count, from_org, to_org, import_id",
        ),
        (
            "person_events",
            "id, person_id, kind, org_id, post_type, import_id",
        ),
        (
            "imports",
            "id, content_hash, kind, rows, created, updated, unchanged, rejected",
        ),
    ] {
        let mut st = store
            .db_for_tests()
            .prepare(&format!("SELECT {cols} FROM {table} ORDER BY id"))
            .unwrap();
        let mut rows = st.query(()).unwrap();
        while let Some(r) = rows.next().unwrap() {
            out.push_str(table);
            for i in 0..r.column_count() {
                let v: bianzhi::store::db::Value = r.get(i).unwrap();
                out.push_str(&format!("|{v:?}"));
            }
            out.push('\n');
        }
    }
    out
}

pub fn count(store: &Store, sql: &str) -> i64 {
    store
        .db_for_tests()
        .query_row(sql, (), |r| r.get(0))
        .unwrap()
}
