//! 核查与退休 driven through egui_kittest: a finding settled from the table, a retirement
//! approval list read, matched and recorded as a round, the people due retired in one step.

use crate::common::*;
use bianzhi::domain::reconcile::FindingCode;
use bianzhi::store::reconcile::FindingState;
use egui_kittest::kittest::Queryable;

#[test]
fn a_list_is_matched_and_recorded_and_retirements_are_recorded() {
    let mut h = harness(demo_app());
    h.run();
    h.get_by_label("核查与退休").click();
    h.run();
    // The demo's payroll round is shown, its findings in the table.
    assert!(h.query_by_label_contains("财政工资统发名单").is_some());
    let open_before = workspace(&h)
        .store
        .findings(None, None)
        .unwrap()
        .iter()
        .filter(|f| f.state == FindingState::Open)
        .count();
    assert!(open_before > 0);
    h.get_all_by_label("核实无误").next().unwrap().click();
    h.run();
    let open_after = workspace(&h)
        .store
        .findings(None, None)
        .unwrap()
        .iter()
        .filter(|f| f.state == FindingState::Open)
        .count();
    assert_eq!(open_after, open_before - 1);

    // A retirement approval list naming someone still on a post.
    let someone = workspace(&h)
        .store
        .people_of_org(org_id(&h, "县财政局"))
        .unwrap()
        .remove(0);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("退休审批名单.xlsx");
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    for (c, h) in ["姓名", "身份证号", "单位", "批准退休时间"]
        .iter()
        .enumerate()
    {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    for (c, v) in [
        someone.details.name.as_str(),
        someone.id_number.as_str(),
        "县财政局",
        "2026-11",
    ]
    .iter()
    .enumerate()
    {
        ws.write_string(1, c as u16, *v).unwrap();
    }
    wb.save(&path).unwrap();
    h.get_by_label("导入名单核查…").click();
    h.run();
    pick(&mut h, "名单来源", "人社退休审批名单");
    type_into(&mut h, "文件路径", path.to_str().unwrap());
    h.get_by_label("读取并比对").click();
    h.run();
    assert!(
        h.query_by_label_contains("对上 1 人，发现问题 1 条")
            .is_some()
    );
    assert!(
        workspace(&h).store.rounds().unwrap().len() == 1,
        "not yet recorded"
    );
    h.get_by_label("记录核查批次").click();
    h.run();
    let rounds = workspace(&h).store.rounds().unwrap();
    assert_eq!(rounds.len(), 2);
    let found = workspace(&h)
        .store
        .findings(Some(rounds[0].id), None)
        .unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].finding.code, FindingCode::RetirementApprovedOnPost);
    assert_eq!(found[0].finding.name, someone.details.name);
    assert!(
        h.query_by_label("已批准退休仍在编").is_some(),
        "the new round shown"
    );

    // The retirement horizon: everyone due retired in one step with the approval's 文号.
    h.get_by_label("退休预测").click();
    h.run();
    let year = bianzhi::clock::this_year();
    assert!(
        h.query_by_label_contains(&format!("今年（{year}）到龄"))
            .is_some()
    );
    let now = bianzhi::domain::retirement::Month::of(bianzhi::clock::today());
    let due = workspace(&h)
        .store
        .retirement_horizon()
        .unwrap()
        .iter()
        .filter(|l| l.retires_in <= now)
        .count();
    assert!(due > 0, "the demo has women workers past 50");
    h.get_by_label(&format!("到龄人员全部退休出编…（{due} 人）"))
        .click();
    h.run();
    type_into(&mut h, "文号", "石人社〔2026〕41号");
    h.get_by_label("确定").click();
    h.run();
    assert!(
        workspace(&h)
            .store
            .retirement_horizon()
            .unwrap()
            .iter()
            .all(|l| l.retires_in > now)
    );
    assert!(workspace(&h).store.check().unwrap().is_empty());
}
