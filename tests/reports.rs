//! The exported reports, read back from the xlsx: every figure at its cell equals the one
//! the test counts from the county it built itself (units, posts approved, people hired,
//! turnover posts issued and returned, applications received), not the `CountyStats` the
//! report was built from.

mod common;

use common::d;

use bianzhi::domain::application::ApplicationKind;
use bianzhi::domain::*;
use bianzhi::export::reports::{Report, ReportOptions, ReportSummary, write_report};
use bianzhi::store::applications::ApplicationRequest;
use bianzhi::store::turnover::PlanRequest;
use bianzhi::store::{EntryRequest, HireRequest, Store};
use calamine::{Data, Range, Reader};
use chrono::NaiveDate;
use std::path::Path;

const ADMIN: PostType = PostType::Administrative;
const FULL: PostType = PostType::Institution(Funding::Full);

// The county the test builds. 县教育局: 8 行政 approved in 2023, 5 people hired.
const EDU_APPROVED: i64 = 8;
const EDU_HIRED: i64 = 5;
const EDU_LEADERS: (i64, i64) = (1, 2);
// 县第一中学: 20 全额 approved and 12 hired in 2023; 4 more approved and 2 more hired in
// 2025; one more person on a turnover post (not in the school's numbers).
const SCHOOL_APPROVED_2023: i64 = 20;
const SCHOOL_HIRED_2023: i64 = 12;
const SCHOOL_APPROVED_2025: i64 = 4;
const SCHOOL_HIRED_2025: i64 = 2;
// 城关镇 (一类): 30 行政 with 25 hired, 10 全额 with 6 hired, all in 2023.
const TOWN_ADMIN: i64 = 30;
const TOWN_ADMIN_HIRED: i64 = 25;
const TOWN_INST: i64 = 10;
const TOWN_INST_HIRED: i64 = 6;
// 人才周转池: 6 posts; 2 issued to the school in 2024, one holder hired, one unused returned.
const POOL: i64 = 6;
const ISSUED: i64 = 2;
const RETURNED: i64 = 1;

/// A valid ID number (born 19900101), the `n`th.
fn id(n: u32) -> String {
    common::id("19900101", n)
}

fn approve(s: &mut Store, to: Account, t: PostType, n: i64, date: NaiveDate, doc: &str) {
    s.record(&EntryRequest {
        date,
        doc_no: doc.into(),
        kind: EntryKind::Approve,
        reason: "核定".into(),
        movement: Movement {
            post_type: t,
            count: n,
            from: Account::Above,
            to,
        },
    })
    .unwrap();
}

fn person(n: u32, org: OrgId, t: PostType, date: NaiveDate) -> HireRequest {
    HireRequest {
        id_number: id(n),
        details: PersonDetails {
            name: format!("测试{n}"),
            ..Default::default()
        },
        org,
        post_type: t,
        date,
        doc_no: "石人社〔2023〕1号".into(),
    }
}

struct County {
    store: Store,
    edu: OrgId,
    issue: i64,
}

fn county() -> County {
    let mut s = Store::open_in_memory().unwrap();
    let org = |s: &mut Store, name: &str, kind, parent, class| {
        s.create_org(&OrgDraft {
            name: name.into(),
            kind: Some(kind),
            parent,
            township_class: class,
            leaders_chief: if name == "县教育局" {
                EDU_LEADERS.0
            } else {
                0
            },
            leaders_deputy: if name == "县教育局" {
                EDU_LEADERS.1
            } else {
                0
            },
            ..Default::default()
        })
        .unwrap()
    };
    let edu = org(&mut s, "县教育局", OrgKind::GovDept, None, None);
    let school = org(&mut s, "县第一中学", OrgKind::Institution, Some(edu), None);
    let town = org(
        &mut s,
        "城关镇",
        OrgKind::Township,
        None,
        Some(TownshipClass::One),
    );
    let y2023 = d(2023, 1, 5);
    let doc = "石编〔2023〕1号";
    approve(&mut s, Account::Org(edu), ADMIN, EDU_APPROVED, y2023, doc);
    approve(
        &mut s,
        Account::Org(school),
        FULL,
        SCHOOL_APPROVED_2023,
        y2023,
        doc,
    );
    approve(&mut s, Account::Org(town), ADMIN, TOWN_ADMIN, y2023, doc);
    approve(&mut s, Account::Org(town), FULL, TOWN_INST, y2023, doc);
    let mut n = 0;
    let mut hire = |s: &mut Store, org, t, count: i64, date| {
        for _ in 0..count {
            n += 1;
            s.hire(&person(n, org, t, date)).unwrap();
        }
    };
    let hired = d(2023, 3, 1);
    hire(&mut s, edu, ADMIN, EDU_HIRED, hired);
    hire(&mut s, school, FULL, SCHOOL_HIRED_2023, hired);
    hire(&mut s, town, ADMIN, TOWN_ADMIN_HIRED, hired);
    hire(&mut s, town, FULL, TOWN_INST_HIRED, hired);
    approve(
        &mut s,
        Account::Org(school),
        FULL,
        SCHOOL_APPROVED_2025,
        d(2025, 2, 1),
        "石编〔2025〕2号",
    );
    hire(&mut s, school, FULL, SCHOOL_HIRED_2025, d(2025, 3, 1));

    // The pool: 6 posts, 2 issued to the school, one of them held, the other returned.
    let pool = s.write(|tx| tx.create_pool("人才周转池")).unwrap();
    approve(&mut s, Account::Pool(pool), FULL, POOL, y2023, doc);
    let plan = s
        .write(|tx| {
            tx.apply_turnover_plan(
                &PlanRequest {
                    pool,
                    org: school,
                    post_type: FULL,
                    requested: ISSUED,
                    purpose: "引进急需紧缺人才".into(),
                    term_months: 36,
                    return_plan: "转入空编后收回".into(),
                    applied_on: d(2024, 1, 10),
                },
                36,
            )
        })
        .unwrap();
    s.write(|tx| tx.decide_turnover_plan(plan, ISSUED, "", "空编专业不符", d(2024, 1, 20)))
        .unwrap();
    let issue = s
        .write(|tx| tx.issue_turnover(plan, ISSUED, "石编〔2024〕3号", d(2024, 2, 1)))
        .unwrap();
    s.write(|tx| tx.hire_on_turnover(issue, &person(900, school, FULL, d(2024, 3, 1))))
        .unwrap();
    s.write(|tx| tx.return_turnover(issue, RETURNED, d(2024, 6, 1), "石编〔2024〕9号"))
        .unwrap();

    // Applications: two received in 2024 (one accepted, with a suggestion), one in 2025.
    let receive = |s: &mut Store, date| {
        s.write(|tx| {
            tx.receive_application(&ApplicationRequest {
                org: edu,
                kind: ApplicationKind::ChangeFunctions,
                post_type: None,
                requested: 0,
                reason: "调整职能".into(),
                received_on: date,
                market_available: false,
                attachments: String::new(),
            })
        })
        .unwrap()
    };
    let a = receive(&mut s, d(2024, 4, 1));
    receive(&mut s, d(2024, 5, 1));
    receive(&mut s, d(2025, 4, 1));
    s.write(|tx| tx.review_application(a, true, "", "确需调整", d(2024, 4, 10)))
        .unwrap();
    s.write(|tx| tx.add_suggestion(a, "先在系统内调剂", d(2024, 4, 20)))
        .unwrap();
    County {
        store: s,
        edu,
        issue,
    }
}

fn num(v: i64) -> Data {
    Data::Float(v as f64)
}

/// A text cell (an empty one reads back as no value).
fn text(s: &str) -> Data {
    if s.is_empty() {
        Data::Empty
    } else {
        Data::String(s.into())
    }
}

fn sheet(path: &Path, name: &str) -> Range<Data> {
    let mut wb = calamine::open_workbook_auto(path).unwrap();
    wb.worksheet_range(name).unwrap()
}

/// The cells of row `r` from column 0, as many as `expected` has.
fn assert_row(sheet: &Range<Data>, r: u32, expected: &[Data]) {
    let got: Vec<Data> = (0..expected.len() as u32)
        .map(|c| sheet.get_value((r, c)).cloned().unwrap_or(Data::Empty))
        .collect();
    assert_eq!(got, expected, "row {r}");
}

/// The row whose first cell is `name`.
fn row_of(sheet: &Range<Data>, name: &str) -> u32 {
    (0..sheet.end().unwrap().0 + 1)
        .find(|&r| sheet.get_value((r, 0)) == Some(&text(name)))
        .unwrap_or_else(|| panic!("no row {name}"))
}

/// A row of 机构编制情况表: name, kind, (approved, occupied) per post type (vacancy is the
/// difference), the unit's totals, then leadership positions.
fn orgs_row(
    name: &str,
    kind: &str,
    posts: &[(PostType, i64, i64)],
    leaders: (i64, i64),
) -> Vec<Data> {
    let mut row = vec![text(name), text(kind)];
    let (mut a, mut o) = (0, 0);
    for pt in PostType::ALL {
        let (pa, po) = posts
            .iter()
            .find(|(t, _, _)| *t == pt)
            .map_or((0, 0), |(_, a, o)| (*a, *o));
        row.extend([num(pa), num(po), num(pa - po)]);
        a += pa;
        o += po;
    }
    row.extend([num(a), num(o), num(a - o), num(leaders.0), num(leaders.1)]);
    row
}

fn totals(summary: &ReportSummary, key: &str) -> i64 {
    summary
        .totals
        .iter()
        .find(|(k, _)| k == key)
        .unwrap_or_else(|| panic!("no total {key}"))
        .1
}

/// 机构编制情况表 (today) and the 2024 统计年报: one row per unit with its figures, the
/// totals row below them.
#[test]
fn orgs_and_annual_report_cells() {
    let c = county();
    let dir = tempfile::tempdir().unwrap();
    let school_now = (
        SCHOOL_APPROVED_2023 + SCHOOL_APPROVED_2025,
        SCHOOL_HIRED_2023 + SCHOOL_HIRED_2025,
    );
    let school_2024 = (SCHOOL_APPROVED_2023, SCHOOL_HIRED_2023);
    for (report, year, school) in [
        (Report::Orgs, None, school_now),
        (Report::Annual, Some(2024), school_2024),
    ] {
        let path = dir.path().join(format!("{}.xlsx", report.code()));
        let opts = ReportOptions {
            year,
            ..ReportOptions::default()
        };
        let summary = write_report(&c.store, report, &opts, &path).unwrap();
        let s = sheet(&path, "机构编制情况");
        let edu = orgs_row(
            "县教育局",
            "政府工作部门",
            &[(ADMIN, EDU_APPROVED, EDU_HIRED)],
            EDU_LEADERS,
        );
        let school_row = orgs_row(
            "县第一中学",
            "事业单位",
            &[(FULL, school.0, school.1)],
            (0, 0),
        );
        let town = orgs_row(
            "城关镇",
            "乡镇街道",
            &[
                (ADMIN, TOWN_ADMIN, TOWN_ADMIN_HIRED),
                (FULL, TOWN_INST, TOWN_INST_HIRED),
            ],
            (0, 0),
        );
        let all = orgs_row(
            "合计",
            "",
            &[
                (
                    ADMIN,
                    EDU_APPROVED + TOWN_ADMIN,
                    EDU_HIRED + TOWN_ADMIN_HIRED,
                ),
                (FULL, school.0 + TOWN_INST, school.1 + TOWN_INST_HIRED),
            ],
            EDU_LEADERS,
        );
        // Title, 制表 line, two header rows; then the three units and the totals.
        let rows: Vec<u32> = ["县教育局", "县第一中学", "城关镇"]
            .iter()
            .map(|n| row_of(&s, n))
            .collect();
        let mut sorted = rows.clone();
        sorted.sort();
        assert_eq!(sorted, vec![4, 5, 6], "{report:?}");
        assert_row(&s, rows[0], &edu);
        assert_row(&s, rows[1], &school_row);
        assert_row(&s, rows[2], &town);
        assert_row(&s, 7, &all);
        assert_eq!(
            s.end().unwrap().0,
            7,
            "{report:?}: nothing below the totals"
        );
        // The summary the program returns says the same.
        assert_eq!(summary.rows, 3);
        assert_eq!(totals(&summary, "行政编制核定"), EDU_APPROVED + TOWN_ADMIN);
        assert_eq!(
            totals(&summary, "合计实有"),
            EDU_HIRED + TOWN_ADMIN_HIRED + school.1 + TOWN_INST_HIRED
        );
    }
}

/// 花名册: one row per person on a post (the turnover holder marked), nobody else.
#[test]
fn roster_rows() {
    let c = county();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("roster.xlsx");
    let summary = write_report(&c.store, Report::Roster, &ReportOptions::default(), &path).unwrap();
    let s = sheet(&path, "花名册");
    let people =
        EDU_HIRED + SCHOOL_HIRED_2023 + SCHOOL_HIRED_2025 + 1 + TOWN_ADMIN_HIRED + TOWN_INST_HIRED;
    // Title, 制表 line, header; then the people.
    assert_eq!(s.end().unwrap().0 as i64, 2 + people);
    assert_eq!(summary.rows as i64, people);
    let column = |c: u32| -> Vec<Data> {
        (3..3 + people as u32)
            .map(|r| s.get_value((r, c)).cloned().unwrap_or(Data::Empty))
            .collect()
    };
    assert_eq!(column(0), (1..=people).map(num).collect::<Vec<_>>());
    let units = column(1);
    let count = |name: &str| units.iter().filter(|u| **u == text(name)).count() as i64;
    assert_eq!(count("县教育局"), EDU_HIRED);
    assert_eq!(
        count("县第一中学"),
        SCHOOL_HIRED_2023 + SCHOOL_HIRED_2025 + 1
    );
    assert_eq!(count("城关镇"), TOWN_ADMIN_HIRED + TOWN_INST_HIRED);
    let types = column(10);
    let of_type = |t: PostType| types.iter().filter(|u| **u == text(t.label())).count() as i64;
    assert_eq!(of_type(ADMIN), EDU_HIRED + TOWN_ADMIN_HIRED);
    assert_eq!(
        of_type(FULL),
        SCHOOL_HIRED_2023 + SCHOOL_HIRED_2025 + 1 + TOWN_INST_HIRED
    );
    let marked: Vec<u32> = (3..3 + people as u32)
        .filter(|&r| s.get_value((r, 12)) == Some(&text("周转编制")))
        .collect();
    assert_eq!(marked.len(), 1);
    assert_eq!(s.get_value((marked[0], 2)), Some(&text("测试900")));
}

/// 花名册 in the columns asked for: 序号, those columns in that order, 备注; each cell the
/// person's field as kept (the ID number masked), where they stand as the table says it.
#[test]
fn roster_in_chosen_columns() {
    use bianzhi::domain::columns::Column;
    use bianzhi::domain::correction::Field;
    let mut c = county();
    let first = c
        .store
        .people()
        .unwrap()
        .into_iter()
        .find(|p| p.details.name == "测试1")
        .unwrap();
    c.store
        .correct_person(
            first.id,
            &[
                (Field::Ethnicity, "回族".into()),
                (Field::from_code("degree").unwrap(), "学士".into()),
            ],
            "补录",
        )
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("roster.xlsx");
    let columns = Column::parse_list("name,ethnicity,degree,unit,id_number,status").unwrap();
    let summary = write_report(
        &c.store,
        Report::Roster,
        &ReportOptions {
            columns: Some(columns),
            ..ReportOptions::default()
        },
        &path,
    )
    .unwrap();
    let s = sheet(&path, "花名册");
    assert_row(
        &s,
        2,
        &[
            "序号",
            "姓名",
            "民族",
            "学位",
            "单位",
            "身份证号",
            "状态",
            "备注",
        ]
        .map(text),
    );
    assert_eq!(s.get_value((2, 8)), None, "nothing after 备注");
    let people =
        EDU_HIRED + SCHOOL_HIRED_2023 + SCHOOL_HIRED_2025 + 1 + TOWN_ADMIN_HIRED + TOWN_INST_HIRED;
    assert_eq!(summary.rows as i64, people);
    assert_eq!(s.end().unwrap().0 as i64, 2 + people);
    let row = |name: &str| {
        (3..3 + people as u32)
            .find(|&r| s.get_value((r, 1)) == Some(&text(name)))
            .unwrap_or_else(|| panic!("no row {name}"))
    };
    let r = row("测试1");
    assert_row(
        &s,
        r,
        &[
            num(i64::from(r) - 2),
            text("测试1"),
            text("回族"),
            text("学士"),
            text("县教育局"),
            text(&IdNumber::parse(&id(1)).unwrap().masked()),
            text("在编"),
            text(""),
        ],
    );
    // The turnover holder: 在编（周转）, marked in 备注; fields never kept are empty.
    let r = row("测试900");
    assert_row(
        &s,
        r,
        &[
            num(i64::from(r) - 2),
            text("测试900"),
            text(""),
            text(""),
            text("县第一中学"),
            text(&IdNumber::parse(&id(900)).unwrap().masked()),
            text("在编（周转）"),
            text("周转编制"),
        ],
    );
}

/// 周转编制台账: the pool, the issue, the return and the year, as the test made them.
#[test]
fn turnover_ledger_cells() {
    let c = county();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("turnover.xlsx");
    let summary =
        write_report(&c.store, Report::Turnover, &ReportOptions::default(), &path).unwrap();
    let out = ISSUED - RETURNED;
    let pool = [text("人才周转池"), num(POOL), num(out), num(POOL - out)];
    assert_row(&sheet(&path, "周转池"), 3, &pool);
    let mut total = pool.clone();
    total[0] = text("合计");
    assert_row(&sheet(&path, "周转池"), 4, &total);
    assert_eq!(totals(&summary, "已下达"), out);
    let issues = sheet(&path, "下达台账");
    assert_row(
        &issues,
        3,
        &[
            num(c.issue),
            text("县第一中学"),
            text(FULL.label()),
            num(ISSUED),
            text("石编〔2024〕3号"),
            text("2024-02-01"),
            text("2027-02-01"),
            num(RETURNED),
            num(1),
        ],
    );
    assert_eq!(issues.end().unwrap().0, 3, "one issue");
    assert_row(
        &sheet(&path, "收回记录"),
        3,
        &[
            num(c.issue),
            num(RETURNED),
            text("收回"),
            text("2024-06-01"),
            text("石编〔2024〕9号"),
        ],
    );
    assert_row(
        &sheet(&path, "周转编制人员"),
        3,
        &[
            text("测试900"),
            text("县第一中学"),
            text(FULL.label()),
            num(c.issue),
            text("2027-02-01"),
        ],
    );
    let years = sheet(&path, "逐年统计");
    assert_row(&years, 3, &[num(2024), num(ISSUED), num(RETURNED), num(0)]);
    assert_eq!(years.end().unwrap().0, 3, "one year");
}

/// 编制事项统计: the applications the test received and accepted, per year and in all.
#[test]
fn applications_report_cells() {
    let c = county();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("apps.xlsx");
    let summary = write_report(
        &c.store,
        Report::Applications,
        &ReportOptions::default(),
        &path,
    )
    .unwrap();
    let years = sheet(&path, "逐年统计");
    assert_row(&years, 3, &[num(2024), num(2), num(1), num(1)]);
    assert_row(&years, 4, &[num(2025), num(1), num(0), num(0)]);
    assert_row(&years, 5, &[text("合计"), num(3), num(1), num(1)]);
    assert_eq!(years.end().unwrap().0, 5);
    assert_eq!((totals(&summary, "收到"), totals(&summary, "受理")), (3, 1));
    let list = sheet(&path, "事项清单");
    assert_eq!(list.end().unwrap().0, 2 + 3, "three applications");
    for r in 3..6 {
        assert_eq!(list.get_value((r, 1)), Some(&text("县教育局")));
    }
}

/// 乡镇编制分配表: the township against the built-in standard (一类: 37 行政, 44 事业).
#[test]
fn township_report_cells() {
    let c = county();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("town.xlsx");
    let summary =
        write_report(&c.store, Report::Township, &ReportOptions::default(), &path).unwrap();
    let s = sheet(&path, "乡镇编制分配表");
    let figures = [
        num(37),
        num(44),
        num(TOWN_ADMIN),
        num(TOWN_ADMIN_HIRED),
        num(TOWN_ADMIN - TOWN_ADMIN_HIRED),
        num(TOWN_INST),
        num(TOWN_INST_HIRED),
        num(TOWN_INST - TOWN_INST_HIRED),
        // Vacant since the hires of March 2023: idle for more than 12 months.
        num(TOWN_ADMIN - TOWN_ADMIN_HIRED + TOWN_INST - TOWN_INST_HIRED),
    ];
    let mut row = vec![text("城关镇"), text("一类")];
    row.extend(figures.iter().cloned());
    row.extend([num(TOWN_ADMIN - 37), num(TOWN_INST - 44)]);
    assert_row(&s, 3, &row);
    let mut total = vec![text("合计"), text("")];
    total.extend(figures.iter().cloned());
    assert_row(&s, 4, &total);
    assert_eq!(s.end().unwrap().0, 4);
    assert_eq!(totals(&summary, "行政核定"), TOWN_ADMIN);
}

/// A unit's 管理证: its posts, totals, leadership positions and 文号 history.
#[test]
fn unit_sheet_cells() {
    let c = county();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("unit.xlsx");
    let summary = write_report(
        &c.store,
        Report::Unit,
        &ReportOptions {
            org: Some(c.edu),
            ..ReportOptions::default()
        },
        &path,
    )
    .unwrap();
    let s = sheet(&path, "管理证");
    let vacancy = EDU_APPROVED - EDU_HIRED;
    assert_row(
        &s,
        3,
        &[
            text("行政编制"),
            num(EDU_APPROVED),
            num(EDU_HIRED),
            num(vacancy),
        ],
    );
    assert_row(
        &s,
        4,
        &[
            text("合计"),
            num(EDU_APPROVED),
            num(EDU_HIRED),
            num(vacancy),
        ],
    );
    assert_row(&s, 5, &[text("领导职数（正职）"), num(EDU_LEADERS.0)]);
    assert_row(&s, 6, &[text("领导职数（副职）"), num(EDU_LEADERS.1)]);
    assert_eq!(s.end().unwrap().0, 6);
    let h = sheet(&path, "文号记录");
    assert_row(
        &h,
        3,
        &[
            text("2023-01-05"),
            text("石编〔2023〕1号"),
            text("核定"),
            text("行政编制"),
            num(EDU_APPROVED),
            text("核定"),
        ],
    );
    assert_eq!(h.end().unwrap().0, 3, "one entry");
    assert_eq!(totals(&summary, "合计核定"), EDU_APPROVED);
}
