//! Unit records and history (issue 20, item 3): 更名, 合并 and 撤销 with date and 文号; the
//! past shows a unit under the name it had; abolition refused while anything remains.
//! Runs on both backends (`BIANZHI_TEST_BACKEND=postgres`).

mod common;

use bianzhi::domain::*;
use bianzhi::stats::CountyStats;
use bianzhi::store::outside::OutsideRequest;
use bianzhi::store::units::UnitRecord;
use bianzhi::store::{HireRequest, Store};
use common::d;

fn hire(s: &mut Store, org: OrgId, n: u32, name: &str) -> PersonId {
    s.hire(&HireRequest {
        id_number: common::id("19880101", n),
        details: PersonDetails {
            name: name.into(),
            ..Default::default()
        },
        org,
        post_type: PostType::Administrative,
        date: d(2022, 3, 1),
        doc_no: "石人社〔2022〕3号".into(),
    })
    .unwrap()
}

#[test]
fn a_renamed_unit_shows_its_old_name_in_the_past() {
    let mut s = common::new_store();
    let org = common::add_org(
        &mut s,
        "县旅游局",
        OrgKind::GovDept,
        &[(PostType::Administrative, 4)],
    );
    s.set_unit_record(
        org,
        &UnitRecord {
            grade: "正科".into(),
            credit_code: "11430726MB1234567X".into(),
            nature: "行政机关".into(),
            sanding_doc: "石编〔2019〕8号".into(),
            duties: "旅游发展".into(),
            ..Default::default()
        },
    )
    .unwrap();
    s.rename_unit(org, "县文化旅游广电局", d(2024, 3, 1), "石编〔2024〕5号")
        .unwrap();
    assert!(
        s.rename_unit(org, "县文化旅游广电局", d(2024, 4, 1), "石编〔2024〕6号")
            .is_err(),
        "the same name"
    );
    assert_eq!(s.org(org).unwrap().name, "县文化旅游广电局");
    assert_eq!(s.unit_record(org).unwrap().sanding_doc, "石编〔2019〕8号");
    let o = s.org(org).unwrap();
    assert_eq!(
        (o.grade.as_deref(), o.credit_code.as_deref()),
        (Some("正科"), Some("11430726MB1234567X"))
    );
    let past = CountyStats::derive(&s, Some(d(2023, 12, 31))).unwrap();
    let name_then = &past.orgs.iter().find(|o| o.id == org.0).unwrap().name;
    assert_eq!(name_then, "县旅游局");
    let now = CountyStats::derive(&s, None).unwrap();
    assert_eq!(
        now.orgs.iter().find(|o| o.id == org.0).unwrap().name,
        "县文化旅游广电局"
    );
    let history = s.unit_history(org).unwrap();
    assert_eq!(history.len(), 1);
    assert_eq!(history[0].describe(), "“县旅游局”更名为“县文化旅游广电局”");
    assert!(s.check().unwrap().is_empty(), "{:?}", s.check());
}

#[test]
fn abolition_is_refused_while_anything_remains_and_a_merge_moves_everything() {
    let mut s = common::new_store();
    let from = common::add_org(
        &mut s,
        "县粮食局",
        OrgKind::GovDept,
        &[(PostType::Administrative, 5)],
    );
    let into = common::add_org(
        &mut s,
        "县发展和改革局",
        OrgKind::GovDept,
        &[(PostType::Administrative, 10)],
    );
    let a = hire(&mut s, from, 11, "甲");
    let b = hire(&mut s, from, 13, "乙");
    let office = s
        .create_division(
            from,
            "办公室",
            DivisionKind::General,
            d(2021, 1, 5),
            "石编〔2021〕2号",
        )
        .unwrap();
    s.create_division(
        into,
        "办公室",
        DivisionKind::General,
        d(2021, 1, 5),
        "石编〔2021〕3号",
    )
    .unwrap();
    s.move_division_members(office, &[a], &[]).unwrap();
    s.register_outside(&OutsideRequest {
        org: from,
        name: "协管".into(),
        id_number: None,
        kind: bianzhi::domain::outside::OutsideKind::Hired,
        started_on: d(2023, 1, 1),
        note: String::new(),
    })
    .unwrap();
    let total_before = s.balances(None).unwrap().county_total().total();
    // Abolition says what remains.
    let err = s
        .abolish_unit(from, d(2025, 1, 1), "石编〔2025〕1号")
        .unwrap_err()
        .to_string();
    for what in [
        "行政编制5 名",
        "在编人员 2 人",
        "编外人员 1 人",
        "内设机构 1 个",
    ] {
        assert!(err.contains(what), "{what} in {err}");
    }
    // Merged: people with their posts, the vacant posts, the division and the 编外人员.
    s.merge_unit(from, into, d(2025, 1, 1), "石编〔2025〕2号")
        .unwrap();
    let stats = CountyStats::derive(&s, None).unwrap();
    let of = |id: OrgId| stats.orgs.iter().find(|o| o.id == id.0).unwrap();
    assert_eq!(of(into).posts.get(PostType::Administrative).approved, 15);
    assert_eq!(of(into).posts.get(PostType::Administrative).occupied, 2);
    assert_eq!(of(from).total.approved, 0);
    assert_eq!(of(from).abolished_on.as_deref(), Some("2025-01-01"));
    assert_eq!(
        s.balances(None).unwrap().county_total().total(),
        total_before
    );
    let moved = s.person_division(a).unwrap().unwrap();
    assert_eq!(moved.name, "办公室（原县粮食局）");
    assert_eq!(moved.org, into);
    assert_eq!(s.person(b).unwrap().status.post().unwrap().0, into);
    assert_eq!(s.outside_figures().unwrap()[&into].count, 1);
    // Abolished: kept for reference, nothing more can be done to it.
    assert!(
        s.rename_unit(from, "县粮食和物资储备局", d(2025, 2, 1), "石编〔2025〕3号")
            .is_err()
    );
    let h: Vec<String> = s
        .unit_history(from)
        .unwrap()
        .iter()
        .map(|e| e.describe())
        .collect();
    assert_eq!(h, ["并入县发展和改革局", "撤销"]);
    let h: Vec<String> = s
        .unit_history(into)
        .unwrap()
        .iter()
        .map(|e| e.describe())
        .collect();
    assert_eq!(h, ["县粮食局并入本单位"]);
    // Before the merge, the past still shows it with its posts and people.
    let past = CountyStats::derive(&s, Some(d(2024, 12, 31))).unwrap();
    let then = past.orgs.iter().find(|o| o.id == from.0).unwrap();
    assert_eq!(then.abolished_on, None);
    assert_eq!(then.total.approved, 5);
    assert!(s.check().unwrap().is_empty(), "{:?}", s.check());
}

#[test]
fn the_history_report_lists_each_event() {
    use bianzhi::export::reports::{Report, ReportOptions, write_report};
    use calamine::{Data, Reader};
    let mut s = common::new_store();
    let org = common::add_org(&mut s, "县旅游局", OrgKind::GovDept, &[]);
    s.rename_unit(org, "县文化旅游局", d(2024, 3, 1), "石编〔2024〕5号")
        .unwrap();
    s.abolish_unit(org, d(2025, 3, 1), "石编〔2025〕9号")
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("沿革.xlsx");
    let sum = write_report(&s, Report::History, &ReportOptions::default(), &path).unwrap();
    assert_eq!(sum.rows, 2);
    let mut wb = calamine::open_workbook_auto(&path).unwrap();
    let sheet = wb.worksheet_range("机构沿革").unwrap();
    assert_eq!(
        sheet.get_value((3, 2)).cloned(),
        Some(Data::String("“县旅游局”更名为“县文化旅游局”".into()))
    );
    assert_eq!(
        sheet.get_value((4, 3)).cloned(),
        Some(Data::String("石编〔2025〕9号".into()))
    );
}

#[test]
fn a_split_makes_a_new_unit_with_divisions_people_and_vacant_posts() {
    let mut s = common::new_store();
    let from = common::add_org(
        &mut s,
        "县文化旅游局",
        OrgKind::GovDept,
        &[(PostType::Administrative, 8)],
    );
    let a = hire(&mut s, from, 21, "甲");
    let b = hire(&mut s, from, 23, "乙");
    let c = hire(&mut s, from, 25, "丙");
    let tour = s
        .create_division(
            from,
            "旅游股",
            DivisionKind::Business,
            d(2021, 1, 5),
            "石编〔2021〕2号",
        )
        .unwrap();
    s.move_division_members(tour, &[a, b], &[]).unwrap();
    let total = s.balances(None).unwrap().county_total().total();
    let new = s
        .split_unit(&bianzhi::store::units::SplitRequest {
            from,
            new_unit: OrgDraft {
                name: "县旅游发展中心".into(),
                kind: Some(OrgKind::Institution),
                ..Default::default()
            },
            divisions: vec![tour],
            vacant: vec![(PostType::Administrative, 2)],
            date: d(2025, 6, 1),
            doc_no: "石编〔2025〕30号".into(),
        })
        .unwrap();
    let stats = CountyStats::derive(&s, None).unwrap();
    let of = |id: OrgId| stats.orgs.iter().find(|o| o.id == id.0).unwrap();
    let t = PostType::Administrative;
    assert_eq!(
        (of(new).posts.get(t).approved, of(new).posts.get(t).occupied),
        (4, 2),
        "two with their posts, two vacant"
    );
    assert_eq!(
        (
            of(from).posts.get(t).approved,
            of(from).posts.get(t).occupied
        ),
        (4, 1)
    );
    assert_eq!(s.balances(None).unwrap().county_total().total(), total);
    assert_eq!(s.person_division(a).unwrap().unwrap().org, new);
    assert_eq!(s.person(c).unwrap().status.post().unwrap().0, from);
    let h: Vec<String> = s
        .unit_history(from)
        .unwrap()
        .iter()
        .map(|e| e.describe())
        .collect();
    assert_eq!(h, ["分设出县旅游发展中心"]);
    let h: Vec<String> = s
        .unit_history(new)
        .unwrap()
        .iter()
        .map(|e| e.describe())
        .collect();
    assert_eq!(h, ["由县文化旅游局分设"]);
    // More vacant posts than the unit has: refused whole.
    let refused = s.split_unit(&bianzhi::store::units::SplitRequest {
        from,
        new_unit: OrgDraft {
            name: "县文物保护中心".into(),
            ..Default::default()
        },
        divisions: vec![],
        vacant: vec![(PostType::Administrative, 9)],
        date: d(2025, 7, 1),
        doc_no: "石编〔2025〕31号".into(),
    });
    assert!(refused.is_err());
    assert!(
        s.org_by_name("县文物保护中心").unwrap().is_none(),
        "nothing written"
    );
    assert!(s.check().unwrap().is_empty(), "{:?}", s.check());
}
