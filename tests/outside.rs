//! 编外人员 (issue 20, item 2): their own register, never on a post nor in 实有; a control
//! number per unit by dated entries with a 文号; over it flagged; a register read from a
//! workbook for review. Runs on both backends (`BIANZHI_TEST_BACKEND=postgres`).

mod common;

use bianzhi::domain::outside::OutsideKind;
use bianzhi::domain::*;
use bianzhi::stats::CountyStats;
use bianzhi::store::outside::OutsideRequest;
use bianzhi::store::{HireRequest, Store};
use common::d;

fn county() -> (Store, OrgId) {
    let mut s = common::new_store();
    let org = common::add_org(
        &mut s,
        "县城市管理局",
        OrgKind::GovDept,
        &[(PostType::Administrative, 3)],
    );
    (s, org)
}

fn req(org: OrgId, name: &str, id: Option<String>, kind: OutsideKind) -> OutsideRequest {
    OutsideRequest {
        org,
        name: name.into(),
        id_number: id,
        kind,
        started_on: d(2024, 7, 1),
        note: String::new(),
    }
}

#[test]
fn outside_staff_are_kept_apart_and_held_against_their_control_number() {
    let (mut s, org) = county();
    let before = CountyStats::derive(&s, None).unwrap();
    s.record_outside_control(org, 2, d(2024, 1, 10), "石编〔2024〕3号", "协管员")
        .unwrap();
    for (k, name) in ["协管甲", "协管乙", "协管丙"].iter().enumerate() {
        s.register_outside(&req(
            org,
            name,
            Some(common::id("19900101", 11 + 2 * k as u32)),
            OutsideKind::Dispatched,
        ))
        .unwrap();
    }
    let f = s.outside_figures().unwrap()[&org];
    assert_eq!((f.control, f.count, f.over()), (2, 3, 1));
    // Never in 实有: the unit's posts and people are as they were.
    let after = CountyStats::derive(&s, None).unwrap();
    assert_eq!(after.totals, before.totals);
    let unit = after.orgs.iter().find(|o| o.id == org.0).unwrap();
    assert_eq!(unit.total.occupied, 0);
    assert_eq!((unit.outside.control, unit.outside.count), (2, 3));
    // Someone on a post cannot also be 编外; nor be registered twice.
    let on_post = common::id("19850101", 31);
    s.hire(&HireRequest {
        id_number: on_post.clone(),
        details: PersonDetails {
            name: "在编者".into(),
            ..Default::default()
        },
        org,
        post_type: PostType::Administrative,
        date: d(2022, 1, 1),
        doc_no: "石人社〔2022〕1号".into(),
    })
    .unwrap();
    let err = s
        .register_outside(&req(org, "在编者", Some(on_post), OutsideKind::Hired))
        .unwrap_err();
    assert!(err.to_string().contains("编制上"), "{err}");
    let err = s
        .register_outside(&req(
            org,
            "协管甲",
            Some(common::id("19900101", 11)),
            OutsideKind::Hired,
        ))
        .unwrap_err();
    assert!(err.to_string().contains("已登记"), "{err}");
    assert!(
        s.register_outside(&req(org, "某", Some("123".into()), OutsideKind::Hired))
            .is_err(),
        "a bad ID number"
    );
    // One leaves: within the control number again.
    let first = s.outside_staff(Some(org)).unwrap()[0].id;
    assert!(
        s.end_outside(first, d(2024, 1, 1)).is_err(),
        "before they started"
    );
    s.end_outside(first, d(2025, 3, 31)).unwrap();
    assert_eq!(s.outside_figures().unwrap()[&org].over(), 0);
    // The control number never goes below zero, and needs a 文号.
    assert!(
        s.record_outside_control(org, -3, d(2025, 1, 1), "石编〔2025〕1号", "")
            .is_err()
    );
    assert!(
        s.record_outside_control(org, 1, d(2025, 1, 1), "", "")
            .is_err()
    );
    assert!(s.check().unwrap().is_empty(), "{:?}", s.check());
}

#[test]
fn a_register_is_read_from_a_workbook_with_its_problems_located() {
    use rust_xlsxwriter::Workbook;
    let (mut s, org) = county();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("编外人员.xlsx");
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    let rows: [[&str; 5]; 6] = [
        ["县城市管理局编外人员名册", "", "", "", ""],
        ["单位", "姓名", "用工形式", "起始日期", "备注"],
        ["县城市管理局", "甲", "劳务派遣", "2023-05-01", "协管员"],
        ["", "乙", "公益性岗位", "2024.03", ""],
        ["县不存在局", "丙", "聘用", "2024-01-01", ""],
        ["县城市管理局", "丁", "正式工", "2024-01-01", ""],
    ];
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            ws.write_string(r as u32, c as u16, *v).unwrap();
        }
    }
    wb.save(&path).unwrap();
    let read = bianzhi::import::outside::read_outside(&s, &path, Some(org)).unwrap();
    let names: Vec<(&str, OutsideKind, String)> = read
        .rows
        .iter()
        .map(|(_, r)| (r.name.as_str(), r.kind, r.started_on.to_string()))
        .collect();
    assert_eq!(
        names,
        [
            ("甲", OutsideKind::Dispatched, "2023-05-01".to_string()),
            ("乙", OutsideKind::PublicWelfare, "2024-03-01".to_string()),
        ],
        "乙's unit is the one imported for"
    );
    assert_eq!(read.problems.len(), 2, "{:?}", read.problems);
    assert!(read.problems[0].contains("第 5 行 A 列") && read.problems[0].contains("县不存在局"));
    assert!(read.problems[1].contains("第 6 行 C 列") && read.problems[1].contains("正式工"));
    // Nothing written until confirmed; then all of it.
    assert!(s.outside_staff(Some(org)).unwrap().is_empty());
    let reqs: Vec<OutsideRequest> = read.rows.into_iter().map(|(_, r)| r).collect();
    assert_eq!(s.register_outside_all(&reqs).unwrap(), 2);
    assert_eq!(s.outside_figures().unwrap()[&org].count, 2);
}

#[test]
fn the_outside_staff_report_reads_back() {
    use bianzhi::export::reports::{Report, ReportOptions, write_report};
    use calamine::{Data, Reader};
    let (mut s, org) = county();
    s.record_outside_control(org, 1, d(2024, 1, 10), "石编〔2024〕3号", "")
        .unwrap();
    for name in ["甲", "乙"] {
        s.register_outside(&req(org, name, None, OutsideKind::Hired))
            .unwrap();
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("编外.xlsx");
    let sum = write_report(&s, Report::Outside, &ReportOptions::default(), &path).unwrap();
    assert_eq!(
        sum.totals,
        [
            ("控制数".to_string(), 1),
            ("在岗人数".to_string(), 2),
            ("超控制数".to_string(), 1)
        ]
    );
    let mut wb = calamine::open_workbook_auto(&path).unwrap();
    let head = wb.worksheet_range("汇总").unwrap();
    let row: Vec<Data> = (0..4)
        .map(|c| head.get_value((3, c)).cloned().unwrap_or(Data::Empty))
        .collect();
    assert_eq!(
        row,
        [
            Data::String("县城市管理局".into()),
            Data::Float(1.0),
            Data::Float(2.0),
            Data::Float(1.0)
        ]
    );
    let list = wb.worksheet_range("名册").unwrap();
    assert_eq!(
        list.get_value((4, 1)).cloned(),
        Some(Data::String("乙".into()))
    );
}
