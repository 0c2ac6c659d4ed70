//! 核查 and the retirement horizon (issue 21): a payroll list read from a workbook (masked
//! and lost-precision IDs, a unit that differs, someone gone still paid, 编外 staff paid),
//! recorded as a round; findings settled (核实无误, 已说明, 需整改 → rectification, 初审, a
//! numbered 整改通知书); a second round shows what was resolved; the evaluation item; the
//! retirement horizon, rules confirmed and 出编（退休）. Runs on both backends.

mod common;

use bianzhi::clock;
use bianzhi::domain::outside::OutsideKind;
use bianzhi::domain::reconcile::{FindingCode, Source};
use bianzhi::domain::retirement::RetirementRule;
use bianzhi::domain::*;
use bianzhi::import::reconcile::{ListMapping, read_reconcile_list};
use bianzhi::store::outside::OutsideRequest;
use bianzhi::store::reconcile::FindingState;
use bianzhi::store::{HireRequest, Store};
use common::d;
use rust_xlsxwriter::Workbook;

struct County {
    s: Store,
    finance: OrgId,
    audit: OrgId,
}

fn hire(s: &mut Store, org: OrgId, id: &str, name: &str, post_type: PostType) -> PersonId {
    s.hire(&HireRequest {
        id_number: id.into(),
        details: PersonDetails {
            name: name.into(),
            ..Default::default()
        },
        org,
        post_type,
        date: d(2020, 3, 1),
        doc_no: "石人社〔2020〕3号".into(),
    })
    .unwrap()
}

/// 县财政局 with 张三, 李四, 王五 (left), 赵六, 钱七 (a woman worker past retirement age),
/// 县审计局 with 孙八; 周九 a 编外 of 县财政局.
fn county() -> County {
    let mut s = common::new_store();
    let finance = common::add_org(
        &mut s,
        "县财政局",
        OrgKind::GovDept,
        &[(PostType::Administrative, 5), (PostType::Service, 2)],
    );
    let audit = common::add_org(
        &mut s,
        "县审计局",
        OrgKind::GovDept,
        &[(PostType::Administrative, 2)],
    );
    hire(
        &mut s,
        finance,
        &common::id("19850101", 11),
        "张三",
        PostType::Administrative,
    );
    hire(
        &mut s,
        finance,
        &common::id("19900202", 21),
        "李四",
        PostType::Administrative,
    );
    let gone = hire(
        &mut s,
        finance,
        &common::id("19700303", 31),
        "王五",
        PostType::Administrative,
    );
    s.exit(
        gone,
        ExitReason::Retirement,
        d(2025, 4, 1),
        "石人社〔2025〕9号",
    )
    .unwrap();
    hire(
        &mut s,
        finance,
        &common::id("19800404", 41),
        "赵六",
        PostType::Administrative,
    );
    // A woman (even sequence) on a 工勤 post, born 1974-05: 50 → retired 2024-05.
    hire(
        &mut s,
        finance,
        &common::id("19740505", 52),
        "钱七",
        PostType::Service,
    );
    hire(
        &mut s,
        audit,
        &common::id("19880606", 61),
        "孙八",
        PostType::Administrative,
    );
    s.register_outside(&OutsideRequest {
        org: finance,
        name: "周九".into(),
        id_number: Some(common::id("19950707", 71)),
        kind: OutsideKind::Dispatched,
        started_on: d(2024, 1, 1),
        note: String::new(),
    })
    .unwrap();
    County { s, finance, audit }
}

/// A payroll workbook: title, header, rows of text (a number where the cell is one).
fn payroll(dir: &std::path::Path, rows: &[[&str; 4]]) -> std::path::PathBuf {
    let path = dir.join("工资统发名单.xlsx");
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.write_string(0, 0, "2026年11月工资统发名单").unwrap();
    for (c, h) in ["序号", "职工姓名", "公民身份号码", "预算单位", "经费形式"]
        .iter()
        .enumerate()
    {
        ws.write_string(1, c as u16, *h).unwrap();
    }
    for (r, row) in rows.iter().enumerate() {
        let r = r as u32 + 2;
        ws.write_number(r, 0, f64::from(r - 1)).unwrap();
        ws.write_string(r, 1, row[0]).unwrap();
        match row[1].parse::<f64>() {
            // An ID typed as a number: Excel keeps 15 significant digits.
            Ok(n) if row[1].len() == 18 => ws.write_number(r, 2, n).unwrap(),
            _ => ws.write_string(r, 2, row[1]).unwrap(),
        };
        ws.write_string(r, 3, row[2]).unwrap();
        ws.write_string(r, 4, row[3]).unwrap();
    }
    wb.save(&path).unwrap();
    path
}

fn masked(id: &str) -> String {
    format!("{}********{}", &id[..6], &id[14..])
}

#[test]
fn a_payroll_round_finds_each_kind_and_its_findings_are_settled() {
    let _today = clock::fix_today(d(2026, 12, 7));
    let County {
        mut s,
        finance,
        audit,
    } = county();
    let dir = tempfile::tempdir().unwrap();
    let zhang = common::id("19850101", 11);
    let li = common::id("19900202", 21);
    let qian = common::id("19740505", 52);
    let path = payroll(
        dir.path(),
        &[
            // Full ID, as a number: lost its last three digits.
            ["张三", &zhang, "县财政局", "全额"],
            // Masked, paid by another unit.
            ["李四", &masked(&li), "县审计局", "全额"],
            // Gone, still paid.
            ["王五", &common::id("19700303", 31), "县财政局", "全额"],
            // Past retirement age, still on a post and paid.
            ["钱七", &qian, "县财政局", "全额"],
            ["孙八", &common::id("19880606", 61), "县审计局", "全额"],
            // 编外, paid: matched.
            ["周九", &common::id("19950707", 71), "县财政局", "全额"],
            // Nobody, in no unit the registry knows.
            ["吴十", "", "", "全额"],
        ],
    );
    let list = read_reconcile_list(&path, &ListMapping::default()).unwrap();
    assert_eq!(list.rows.len(), 7);
    assert_eq!(list.rows[0].row, 3, "rows counted as the sheet shows them");
    assert!(
        list.rows[0].id_text.ends_with("000"),
        "{}",
        list.rows[0].id_text
    );
    let outcome = s.reconcile_preview(Source::Payroll, &list.rows).unwrap();
    let mut codes: Vec<(&str, String)> = outcome
        .findings
        .iter()
        .map(|f| (f.code.code(), f.name.clone()))
        .collect();
    codes.sort();
    assert_eq!(
        codes,
        [
            ("on_post_not_paid", "赵六".to_string()),
            ("paid_not_on_post", "吴十".to_string()),
            ("paid_not_on_post", "王五".to_string()),
            ("past_retirement", "钱七".to_string()),
            ("unit_differs", "李四".to_string()),
        ]
    );
    assert_eq!((outcome.list_rows, outcome.matched), (7, 6));
    let gone = outcome.findings.iter().find(|f| f.name == "王五").unwrap();
    assert!(gone.detail.contains("2025-04-01"), "{}", gone.detail);
    let late = outcome.findings.iter().find(|f| f.name == "钱七").unwrap();
    assert!(late.detail.contains("2024-05"), "{}", late.detail);
    assert_eq!(
        gone.org_id,
        Some(finance.0),
        "gone: the paying unit's finding"
    );

    // Nothing is written until the round is recorded.
    assert!(s.rounds().unwrap().is_empty());
    let round = s
        .record_round(Source::Payroll, &list.file, &list.rows, &outcome)
        .unwrap();
    let kept = s.findings(Some(round), None).unwrap();
    assert_eq!(kept.len(), 5);
    assert!(kept.iter().all(|f| f.state == FindingState::Open));
    // The evaluation item counts the findings not cleared, per unit.
    assert_eq!(s.findings_not_cleared().unwrap()[&finance], 4);
    assert_eq!(s.findings_not_cleared().unwrap().get(&audit), None);

    let by = |name: &str| kept.iter().find(|f| f.finding.name == name).unwrap().id;
    // 已说明 needs a note.
    assert!(
        s.settle_finding(by("李四"), FindingState::Explained, " ", None)
            .is_err()
    );
    s.settle_finding(by("李四"), FindingState::Explained, "借调审计局", None)
        .unwrap();
    s.settle_finding(by("王五"), FindingState::Verified, "", None)
        .unwrap();
    // 需整改: a rectification item for the unit, which the 初审 rule sees.
    assert!(
        s.settle_finding(by("赵六"), FindingState::Rectify, "", None)
            .is_err(),
        "owner and deadline needed"
    );
    s.settle_finding(
        by("赵六"),
        FindingState::Rectify,
        "",
        Some(("人事股", d(2027, 1, 31))),
    )
    .unwrap();
    s.settle_finding(
        by("钱七"),
        FindingState::Rectify,
        "",
        Some(("人事股", d(2027, 1, 31))),
    )
    .unwrap();
    assert!(
        s.settle_finding(
            by("吴十"),
            FindingState::Rectify,
            "",
            Some(("某", d(2027, 1, 1)))
        )
        .is_err(),
        "no unit on the registry: cannot be rectified there"
    );
    let rect = s.rectifications(Some(finance)).unwrap();
    assert_eq!(rect.len(), 2);
    assert!(
        rect[0].description.contains("在编未发薪"),
        "{}",
        rect[0].description
    );
    assert_eq!(s.findings_not_cleared().unwrap()[&finance], 2);

    // The 整改通知书: numbered per year under the prefix, printed again with its number.
    s.set_setting(
        &bianzhi::domain::notice::NoticeKind::Rectification.prefix_key(),
        "石编整",
    )
    .unwrap();
    assert!(s.issue_rectification_notice(finance).unwrap());
    assert!(
        !s.issue_rectification_notice(finance).unwrap(),
        "nothing new"
    );
    let notice = s.rectification_notice(finance).unwrap().unwrap();
    assert_eq!(notice.number, "石编整〔2026〕1号");
    assert_eq!(notice.findings.len(), 2);
    assert_eq!(s.rectification_notice(audit).unwrap(), None);
    let out = dir.path().join("整改通知书.xlsx");
    let opts = bianzhi::export::reports::ReportOptions {
        org: Some(finance),
        ..Default::default()
    };
    let summary = bianzhi::export::reports::write_report(
        &s,
        bianzhi::export::reports::Report::RectificationNotice,
        &opts,
        &out,
    )
    .unwrap();
    assert_eq!(summary.rows, 2);

    // Done: the item is cleared.
    let first = rect[0].id;
    s.set_rectification_state(first, "done", d(2026, 12, 20))
        .unwrap();
    assert_eq!(s.findings_not_cleared().unwrap()[&finance], 1);

    // A second round after 赵六 is paid: what was resolved since the first.
    let path = payroll(
        dir.path(),
        &[
            ["张三", &zhang, "县财政局", "全额"],
            ["李四", &li, "县审计局", "全额"],
            ["赵六", &common::id("19800404", 41), "县财政局", "全额"],
            ["钱七", &qian, "县财政局", "全额"],
            ["孙八", &common::id("19880606", 61), "县审计局", "全额"],
        ],
    );
    let list = read_reconcile_list(&path, &ListMapping::default()).unwrap();
    let second_outcome = s.reconcile_preview(Source::Payroll, &list.rows).unwrap();
    let second = s
        .record_round(Source::Payroll, &list.file, &list.rows, &second_outcome)
        .unwrap();
    let before: Vec<_> = s
        .findings(Some(round), None)
        .unwrap()
        .into_iter()
        .map(|f| f.finding)
        .collect();
    let after: Vec<_> = s
        .findings(Some(second), None)
        .unwrap()
        .into_iter()
        .map(|f| f.finding)
        .collect();
    let (still, new, resolved) = bianzhi::domain::reconcile::compare_rounds(&before, &after);
    let names = |v: &[&bianzhi::domain::reconcile::Finding]| {
        let mut n: Vec<String> = v.iter().map(|f| f.name.clone()).collect();
        n.sort();
        n
    };
    assert_eq!(names(&resolved), ["吴十", "王五", "赵六"]);
    assert_eq!(names(&still), ["李四", "钱七"]);
    assert!(new.is_empty());
    // The latest round is the one the evaluation and the ledger of problems read.
    assert_eq!(s.findings(None, None).unwrap().len(), 2);
    assert!(s.check().unwrap().is_empty(), "{:?}", s.check());
}

#[test]
fn a_list_with_other_headers_is_read_through_a_mapping() {
    let _today = clock::fix_today(d(2026, 12, 7));
    let County { s, .. } = county();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("任免.xlsx");
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    for (c, h) in ["人名", "证件", "工作单位", "拟任职务", "任免时间", "文号"]
        .iter()
        .enumerate()
    {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    let zhang = common::id("19850101", 11);
    for (c, v) in [
        "张三",
        zhang.as_str(),
        "县财政局",
        "副局长",
        "2026-03-01",
        "石组〔2026〕5号",
    ]
    .iter()
    .enumerate()
    {
        ws.write_string(1, c as u16, *v).unwrap();
    }
    wb.save(&path).unwrap();
    let err = read_reconcile_list(&path, &ListMapping::default()).unwrap_err();
    assert_eq!(err.code(), "no_header");
    assert!(err.to_string().contains("姓名"), "{err}");
    let mapping =
        ListMapping::from_json(r#"{"columns": {"人名": "name", "证件": "id_number"}}"#).unwrap();
    let list = read_reconcile_list(&path, &mapping).unwrap();
    assert_eq!(list.rows[0].id_text, zhang);
    assert_eq!(list.rows[0].position, "副局长");
    assert_eq!(list.rows[0].doc_no, "石组〔2026〕5号");
    let outcome = s
        .reconcile_preview(Source::Appointments, &list.rows)
        .unwrap();
    assert_eq!(outcome.findings.len(), 1);
    assert_eq!(outcome.findings[0].code, FindingCode::AppointmentDiffers);
    assert!(
        outcome.findings[0].detail.contains("石组〔2026〕5号"),
        "{}",
        outcome.findings[0].detail
    );
    assert!(ListMapping::from_json(r#"{"人名": "nonsense"}"#).is_err());
}

#[test]
fn the_retirement_horizon_follows_the_rules_and_retirements_are_recorded() {
    let _today = clock::fix_today(d(2026, 12, 7));
    let County { mut s, finance, .. } = county();
    // A woman born 1971-06, 高级职称: flagged for 60, 55-rule until confirmed.
    let senior = s
        .hire(&HireRequest {
            id_number: common::id("19710615", 82),
            details: PersonDetails {
                name: "冯十一".into(),
                kept: [("title".to_string(), "高级会计师".to_string())].into(),
                ..Default::default()
            },
            org: finance,
            post_type: PostType::Administrative,
            date: d(2020, 3, 1),
            doc_no: "石人社〔2020〕3号".into(),
        })
        .unwrap();
    let horizon = s.retirement_horizon().unwrap();
    let line = |name: &str| horizon.iter().find(|l| l.name == name).unwrap().clone();
    // Women 55: born 1971-06 → since 1970-01 17 months → 5 months later → 2026-11.
    let f = line("冯十一");
    assert_eq!(f.rule, RetirementRule::Women55);
    assert_eq!(f.retires_in.to_string(), "2026-11");
    assert!(f.may_retire_at_60);
    assert_eq!(line("钱七").rule, RetirementRule::Women50);
    assert_eq!(line("钱七").retires_in.to_string(), "2024-05");
    // Men 60, born 1985-01: 20 years after 1965-01 → 61 months/4+1 capped at 36.
    assert_eq!(line("张三").retires_in.to_string(), "2048-01");
    assert!(horizon.iter().all(|l| l.name != "王五"), "people who left");
    // Soonest first.
    assert_eq!(horizon[0].name, "钱七");
    // To the end of a year: only those retiring by then.
    let by_2026: Vec<String> = s
        .retirement_horizon_until(Some(2026))
        .unwrap()
        .into_iter()
        .map(|l| l.name)
        .collect();
    assert_eq!(by_2026, ["钱七", "冯十一"]);

    s.set_retirement_rule(senior, Some(RetirementRule::Women60))
        .unwrap();
    let f = s
        .retirement_horizon()
        .unwrap()
        .into_iter()
        .find(|l| l.name == "冯十一")
        .unwrap();
    assert_eq!(f.retires_in.to_string(), "2031-06");
    assert!(f.rule_confirmed && !f.may_retire_at_60);

    // 出编（退休） for those due, in one step; refused whole without a 文号.
    let qian = horizon.iter().find(|l| l.name == "钱七").unwrap().person_id;
    assert!(s.record_retirements(&[qian], d(2026, 12, 7), "").is_err());
    assert_eq!(
        s.record_retirements(&[qian], d(2026, 12, 7), "石人社〔2026〕40号")
            .unwrap(),
        1
    );
    let p = s.person(qian).unwrap();
    assert_eq!(
        p.status,
        PersonStatus::Left {
            reason: ExitReason::Retirement
        }
    );
    assert!(
        s.retirement_horizon()
            .unwrap()
            .iter()
            .all(|l| l.name != "钱七")
    );
    assert!(s.check().unwrap().is_empty(), "{:?}", s.check());
}
