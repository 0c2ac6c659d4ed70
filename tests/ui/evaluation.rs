//! The 评估 panel driven through egui_kittest: start an evaluation, score a unit, create a
//! rectification item.

use crate::common::*;
use bianzhi::ui::App;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

fn click(h: &mut Harness<'_, App>, label: &str) {
    h.get_by_label(label).click();
    h.run();
}

#[test]
fn score_a_unit_and_create_a_rectification_item() {
    let mut h = harness(demo_app());
    h.run();
    click(&mut h, "评估");
    click(&mut h, "新建评估…");
    pick(&mut h, "单位", "县财政局");
    click(&mut h, "确定");
    let year = bianzhi::clock::this_year().to_string();
    let this_year = |h: &Harness<'_, App>| {
        workspace(h)
            .panels
            .evaluation
            .ledger
            .iter()
            .find(|e| e.org_name == "县财政局" && e.year.to_string() == year)
            .cloned()
            .unwrap()
    };
    let before = this_year(&h).total;
    let id = this_year(&h).id;
    // The ledger lists it first (newest year first); its row selects it.
    h.get_all_by_label("县财政局").next().unwrap().click();
    h.run();
    assert_eq!(workspace(&h).panels.evaluation.selected, Some(id));
    assert!(h.query_all_by_label_contains("总分").count() > 0);

    // The first item is scored by hand (10 points at most).
    let first = workspace(&h).panels.evaluation.current().unwrap().lines[0]
        .item
        .name
        .clone();
    h.get_by_label(&format!("{first}：填写")).focus();
    h.run();
    h.get_by_label(&format!("{first}：填写")).type_text("8.5");
    h.run();
    assert_eq!(workspace(&h).panels.evaluation.form[0].input, "8.5");
    click(&mut h, "保存评分");
    let after = this_year(&h).total;
    assert_eq!(after, before + 85, "8.5 points, kept in tenths");

    // The results are below the scoring form.
    h.get_by_label("新增整改事项…").scroll_to_me();
    h.run();
    click(&mut h, "新增整改事项…");
    type_into(&mut h, "整改事项", "实名制信息更新不及时");
    type_into(&mut h, "责任人", "人事股");
    // A deadline a year ahead of today, whatever today is: the item is 未整改, not 逾期.
    let deadline = bianzhi::clock::today() + chrono::Months::new(12);
    type_into(&mut h, "整改期限", &deadline.to_string());
    click(&mut h, "确定");
    let rect = &workspace(&h).panels.evaluation.rectifications;
    assert_eq!(rect.len(), 1);
    h.get_by_label("未整改").scroll_to_me();
    h.run();
    click(&mut h, "整改中");
    assert_eq!(
        workspace(&h).panels.evaluation.rectifications[0].state,
        "in_progress"
    );
}

#[test]
fn edit_the_indicator_system_as_a_new_version() {
    let mut h = harness(demo_app());
    h.run();
    click(&mut h, "评估");
    click(&mut h, "编辑指标体系…");
    // The first item's points (the fourth field of row 1): 10 → 12.
    let points = h.get_all_by_label("第 1 项").nth(3).unwrap();
    points.focus();
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.run();
    h.get_all_by_label("第 1 项")
        .nth(3)
        .unwrap()
        .type_text("12");
    h.run();
    click(&mut h, "确定");
    let systems = &workspace(&h).panels.evaluation.systems;
    assert_eq!(systems.len(), 2);
    assert_eq!(
        (systems[0].version, systems[0].system.items[0].max),
        (2, 120)
    );
    assert_eq!(systems[1].system.items[0].max, 100, "the old version stays");
}

#[test]
fn a_reported_evaluation_is_read_only_until_reopened_with_a_reason() {
    let mut h = harness(demo_app());
    h.run();
    click(&mut h, "评估");
    let edu = |h: &Harness<'_, App>| {
        workspace(h)
            .panels
            .evaluation
            .ledger
            .iter()
            .find(|e| e.org_name == "县教育局" && e.year == 2025)
            .cloned()
            .unwrap()
    };
    h.get_by_label("县教育局").click();
    h.run();
    assert!(!edu(&h).live);
    assert!(
        h.query_by_label("保存评分").is_none(),
        "kept: nothing to save"
    );
    assert!(h.query_all_by_label_contains("不随名册变化").count() > 0);
    click(&mut h, "重新打开…");
    click(&mut h, "确定");
    assert!(
        h.query_all_by_label_contains("须说明理由").count() > 0,
        "refused without a reason"
    );
    type_into(&mut h, "重新打开的理由", "单位提出异议");
    click(&mut h, "确定");
    let e = edu(&h);
    assert!(e.live);
    assert!(h.query_by_label("保存评分").is_some());
    assert!(h.query_all_by_label_contains("实时数据").count() > 0);
    assert!(
        h.query_all_by_label_contains("单位提出异议").count() > 0,
        "the reason shows"
    );
    click(&mut h, "标记已反馈");
    assert!(!edu(&h).live, "kept again");
}
