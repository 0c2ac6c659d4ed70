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
pub use shared_files::shared;

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
    let mut s = Store::open(&dir.path("county.db")).unwrap();
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
            .sql_for_tests()
            .prepare(&format!("SELECT {cols} FROM {table} ORDER BY id"))
            .unwrap();
        let n = st.column_count();
        let mut rows = st.query([]).unwrap();
        while let Some(r) = rows.next().unwrap() {
            out.push_str(table);
            for i in 0..n {
                let v: rusqlite::types::Value = r.get(i).unwrap();
                out.push_str(&format!("|{v:?}"));
            }
            out.push('\n');
        }
    }
    out
}

pub fn count(store: &Store, sql: &str) -> i64 {
    store
        .sql_for_tests()
        .query_row(sql, [], |r| r.get(0))
        .unwrap()
}
