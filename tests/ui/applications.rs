//! The 编制事项 panel driven through egui_kittest: intake, the initial-review checklist with
//! its numbers, a refusal (不予受理) and an approval that records its ledger entry.

use crate::common::*;
use bianzhi::domain::PostType;
use bianzhi::domain::application::AppState;
use bianzhi::ui::App;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

fn click(h: &mut Harness<'_, App>, label: &str) {
    h.get_by_label(label).click();
    h.run();
}

/// Vacant posts of a unit, all types.
fn vacancies(h: &Harness<'_, App>, unit: &str) -> i64 {
    PostType::ALL
        .iter()
        .map(|&pt| {
            let (a, o) = counts(h, unit, pt);
            (a - o).max(0)
        })
        .sum()
}

/// A department of the demo county (no supervisor) whose 初审 for more posts passes or
/// fails only by its vacancies: no open rectification item and no unit over quota under it.
fn department(h: &Harness<'_, App>, fails_vacancy_rule: bool) -> String {
    let w = workspace(h);
    let orgs = w.store.orgs().unwrap();
    let stats = &w.stats;
    let over = |id: bianzhi::domain::OrgId| stats.orgs.iter().any(|o| o.id == id.0 && o.over_quota);
    orgs.iter()
        .filter(|o| o.parent.is_none() && o.kind != bianzhi::domain::OrgKind::Township)
        .filter(|d| {
            let managed: Vec<_> = orgs
                .iter()
                .filter(|o| o.id == d.id || o.parent == Some(d.id))
                .collect();
            managed.iter().all(|o| {
                !over(o.id)
                    && w.store
                        .rectifications(Some(o.id))
                        .unwrap()
                        .iter()
                        .all(|r| r.state == "done")
            })
        })
        .map(|o| o.name.clone())
        .find(|name| (vacancies(h, name) >= 2) == fails_vacancy_rule)
        .expect("the demo has such a department")
}

/// Registers an application for `unit` asking for `n` administrative posts and opens it.
fn intake(h: &mut Harness<'_, App>, unit: &str, n: &str) -> i64 {
    click(h, "编制事项");
    click(h, "登记申请…");
    pick(h, "申请单位", unit);
    replace_text(h, "申请数（名）", n);
    type_into(h, "申请理由", "承担新增职能");
    click(h, "确定");
    let app = workspace(h).panels.applications.list[0].clone();
    assert_eq!(app.state, AppState::Received);
    // The new application is selected, its checklist open.
    assert_eq!(workspace(h).panels.applications.selected, Some(app.id));
    assert_eq!(
        workspace(h)
            .panels
            .applications
            .detail
            .as_ref()
            .map(|d| d.app.id),
        Some(app.id)
    );
    app.id
}

#[test]
fn a_unit_with_vacancies_is_not_accepted_with_the_numbers_shown() {
    let mut h = harness(demo_app());
    h.run();
    let unit = &department(&h, true);
    let t = PostType::Administrative;
    let (approved, occupied) = counts(&h, unit, t);
    let id = intake(&mut h, unit, "2");
    // The checklist shows the failed rule and the numbers behind it.
    assert!(h.query_by_label("× 不予受理").is_some());
    let vacancies: i64 = PostType::ALL
        .iter()
        .map(|&pt| {
            let (a, o) = counts(&h, unit, pt);
            (a - o).max(0)
        })
        .sum();
    // Exactly this rule line, with the unit's vacancies and the threshold (2 by default).
    h.get_by_label(&format!(
        "{unit}现有空编 {vacancies} 名（2 名以上申请增编不予受理）"
    ));
    // Accepting without a reason is refused in the dialog; nothing changes.
    click(&mut h, "受理…");
    click(&mut h, "确定");
    assert!(
        h.query_by_label_contains("如确需受理，请填写理由")
            .is_some()
    );
    click(&mut h, "取消");
    click(&mut h, "不予受理…");
    type_into(&mut h, "不予受理理由", "现有空编 2 名以上，先用空编");
    click(&mut h, "确定");
    let app = workspace(&h).store.application(id).unwrap();
    assert_eq!(app.state, AppState::NotAccepted);
    assert_eq!(counts(&h, unit, t), (approved, occupied));
    // The state filter finds it.
    pick(&mut h, "状态", "不予受理");
    assert!(
        workspace(&h)
            .panels
            .applications
            .list
            .iter()
            .all(|a| a.state == AppState::NotAccepted)
    );
    assert!(
        workspace(&h)
            .panels
            .applications
            .list
            .iter()
            .any(|a| a.id == id)
    );
}

#[test]
fn an_approval_records_its_ledger_entry_with_the_doc_no() {
    let mut h = harness(demo_app());
    h.run();
    let unit = &department(&h, false);
    let t = PostType::Administrative;
    let (approved, _) = counts(&h, unit, t);
    // This year's counts before: received, accepted and suggestions each go up by one.
    let year = bianzhi::clock::this_year();
    let before = workspace(&h)
        .stats
        .years
        .get(&year.to_string())
        .copied()
        .unwrap_or_default();
    let id = intake(&mut h, unit, "1");
    assert!(
        h.query_by_label("× 不予受理").is_none(),
        "every check passes"
    );
    click(&mut h, "受理…");
    click(&mut h, "确定");
    click(&mut h, "记录建议…");
    type_into(&mut h, "建议内容", "先在系统内调剂");
    click(&mut h, "确定");
    click(&mut h, "审议决定…");
    type_into(&mut h, "会议", "2026年第2次编委会");
    type_into(&mut h, "文号", "石编〔2026〕60号");
    assert!(h.query_by_label_contains("从县集中管理编制调剂").is_some());
    click(&mut h, "确定");
    let w = workspace(&h);
    assert_eq!(w.store.application(id).unwrap().state, AppState::Closed);
    assert_eq!(counts(&h, unit, t).0, approved + 1);
    let e = workspace(&h).store.entries(None).unwrap().pop().unwrap();
    assert_eq!(e.doc_no, "石编〔2026〕60号");
    let y = workspace(&h).stats.years[&year.to_string()];
    let expected = (
        before.applications_received + 1,
        before.applications_accepted + 1,
        before.suggestions + 1,
    );
    assert_eq!(
        (
            y.applications_received,
            y.applications_accepted,
            y.suggestions
        ),
        expected
    );
    // The panel's yearly line shows the same numbers.
    assert!(
        h.query_by_label_contains(&format!(
            "{year} 年：收到 {}，受理 {}，建议 {}",
            expected.0, expected.1, expected.2
        ))
        .is_some()
    );
    // Decided: the checklists as they stood; today's figures only on request.
    assert!(h.query_by_label_contains("审议决定时（").is_some());
    assert!(h.query_by_label_contains("今天（").is_none());
    click(&mut h, "对照今天的数据");
    assert!(h.query_by_label_contains("今天（").is_some());
}
