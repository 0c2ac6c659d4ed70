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
    let mut other = Store::open(&db).unwrap();
    other.sign_in(ADMIN.0, ADMIN.1).unwrap();
    let org = other
        .create_org(&OrgDraft {
            name: "县审计局".into(),
            kind: Some(OrgKind::GovDept),
            ..Default::default()
        })
        .unwrap();
    other
        .record(&EntryRequest {
            date: chrono::NaiveDate::from_ymd_opt(2024, 1, 5).unwrap(),
            doc_no: "石编〔2024〕1号".into(),
            kind: EntryKind::Approve,
            reason: "核定".into(),
            movement: Movement {
                post_type: PostType::Administrative,
                count: 2,
                from: Account::Above,
                to: Account::Org(org),
            },
        })
        .unwrap();
    other
        .hire(&HireRequest {
            id_number: "43072619900101001X".into(),
            details: PersonDetails {
                name: "周审".into(),
                ..Default::default()
            },
            org,
            post_type: PostType::Administrative,
            date: chrono::NaiveDate::from_ymd_opt(2024, 3, 1).unwrap(),
            doc_no: "石人社〔2024〕9号".into(),
        })
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
