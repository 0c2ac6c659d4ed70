//! Two clerks on one database: what one writes shows up in the other's window by itself.

use crate::common::*;
use bianzhi::domain::*;
use bianzhi::store::{EntryRequest, HireRequest, Store};
use egui_kittest::kittest::Queryable;

#[test]
fn another_clerks_writes_show_up_in_the_window_within_two_seconds() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("county.db");
    drop(Store::open(&db).unwrap());
    let mut h = open_signed_in(&db);
    assert!(h.query_by_label_contains("县审计局").is_none());

    // A second clerk, on their own PC, creates a unit with two posts and hires one person.
    let mut other = other_clerk(&db);
    let org = unit(&mut other, "县审计局", 2);
    other
        .hire(&hire(org, "周审", "43072619900101001X"))
        .unwrap();

    // Four steps of half a second: the window looks once a second.
    for _ in 0..4 {
        h.step();
    }
    assert_eq!(counts(&h, "县审计局", PostType::Administrative), (2, 1));
    assert!(
        h.query_all_by_label_contains("县审计局").next().is_some(),
        "in the unit tree"
    );
}

#[test]
fn a_dialog_whose_numbers_another_clerk_changed_shows_them_before_it_writes() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("county.db");
    // A unit with one vacant post.
    let org = unit(&mut Store::open(&db).unwrap(), "县审计局", 1);
    let mut h = hire_dialog_open(&db, "县审计局");
    assert!(
        h.query_by_label("核定 1 名，实有 0 名，空编 1 名")
            .is_some()
    );

    // Meanwhile another clerk fills the vacancy.
    other_clerk(&db)
        .hire(&hire(org, "周审", "43072619900101001X"))
        .unwrap();
    for _ in 0..3 {
        h.step();
    }
    // (settled: the dialog grew by the message and is centred again)
    h.run();
    assert!(
        h.query_by_label_contains("其他经办人刚刚修改").is_some(),
        "the dialog says the data changed"
    );
    assert_eq!(counts(&h, "县审计局", PostType::Administrative), (1, 1));
    assert!(
        h.query_by_label("核定 1 名，实有 1 名，空编 0 名")
            .is_some(),
        "the dialog shows the unit's posts as they stand now"
    );

    // The first 确定 after it is refused, writing nothing; the next meets the rule.
    h.get_by_label("确定").click();
    h.run();
    assert!(h.query_by_label_contains("其他经办人刚刚修改").is_some());
    assert_eq!(counts(&h, "县审计局", PostType::Administrative), (1, 1));
    h.get_by_label("确定").click();
    h.run();
    assert!(
        h.query_by_label_contains("空编不足").is_some(),
        "the vacancy rule"
    );
    assert_eq!(counts(&h, "县审计局", PostType::Administrative), (1, 1));
}

/// A unit with `posts` 行政编制, created by `s`.
fn unit(s: &mut Store, name: &str, posts: i64) -> OrgId {
    let org = s
        .create_org(&OrgDraft {
            name: name.into(),
            kind: Some(OrgKind::GovDept),
            ..Default::default()
        })
        .unwrap();
    s.record(&EntryRequest {
        date: chrono::NaiveDate::from_ymd_opt(2024, 1, 5).unwrap(),
        doc_no: "石编〔2024〕1号".into(),
        kind: EntryKind::Approve,
        reason: "核定".into(),
        movement: Movement {
            post_type: PostType::Administrative,
            count: posts,
            from: Account::Above,
            to: Account::Org(org),
        },
    })
    .unwrap();
    org
}

/// A second clerk, signed in on their own connection to `db`.
fn other_clerk(db: &std::path::Path) -> Store {
    let mut other = Store::open(db).unwrap();
    other.sign_in(ADMIN.0, ADMIN.1).unwrap();
    other
}

/// The window on `db`, with the 入编 dialog of `unit` open and filled in.
fn hire_dialog_open(
    db: &std::path::Path,
    unit: &str,
) -> egui_kittest::Harness<'static, bianzhi::ui::App> {
    let mut h = open_signed_in(db);
    select_unit(&mut h, unit);
    h.get_by_label("入编…").click();
    h.run();
    type_into(&mut h, "姓名", "刘䶮");
    type_into(&mut h, "身份证号", "11010519491231002X");
    type_into(&mut h, "文号", "石人社〔2026〕99号");
    h
}

fn hire(org: OrgId, name: &str, id: &str) -> HireRequest {
    HireRequest {
        id_number: id.into(),
        details: PersonDetails {
            name: name.into(),
            ..Default::default()
        },
        org,
        post_type: PostType::Administrative,
        date: chrono::NaiveDate::from_ymd_opt(2024, 3, 1).unwrap(),
        doc_no: "石人社〔2024〕9号".into(),
    }
}

#[test]
fn another_clerks_write_elsewhere_leaves_an_open_dialog_alone() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("county.db");
    let tax = {
        let mut s = Store::open(&db).unwrap();
        unit(&mut s, "县审计局", 1);
        unit(&mut s, "县税务局", 1)
    };
    let mut h = hire_dialog_open(&db, "县审计局");

    // The other clerk hires into another unit.
    other_clerk(&db)
        .hire(&hire(tax, "周税", "43072619900101001X"))
        .unwrap();
    for _ in 0..3 {
        h.step();
    }
    h.run();
    assert_eq!(counts(&h, "县税务局", PostType::Administrative), (1, 1));
    assert!(h.query_by_label_contains("其他经办人刚刚修改").is_none());
    // One 确定 writes.
    h.get_by_label("确定").click();
    h.run();
    assert_eq!(counts(&h, "县审计局", PostType::Administrative), (1, 1));
    assert!(workspace(&h).dialog.is_none());
}
