//! 内设机构 on a unit's page, driven through egui_kittest: a division set up with its 文号,
//! people put into it by ticking them, the counts and the history on the page.

use crate::common::*;
use bianzhi::domain::DivisionKind;
use egui::accesskit::Role;
use egui_kittest::kittest::Queryable;

#[test]
fn a_division_is_set_up_and_staffed_from_the_unit_page() {
    let mut h = harness(demo_app());
    h.run();
    select_unit(&mut h, "县教育局");
    let org = org_id(&h, "县教育局");
    let before = workspace(&h).store.divisions(org).unwrap();
    assert_eq!(before.len(), 3, "the demo's 办公室, 基础教育股, 教育督导室");
    let people: i64 = before.iter().map(|d| d.people).sum();
    h.get_by_label(&format!("内设机构（3 个，{people} 人）"))
        .click();
    h.run();
    h.get_by_label("新设内设机构…").click();
    h.run();
    type_into(&mut h, "名称", "人事股");
    pick(&mut h, "类别", "综合");
    type_into(&mut h, "文号", "石编〔2026〕5号");
    h.get_by_label("确定").click();
    h.run();
    let made = workspace(&h)
        .store
        .divisions(org)
        .unwrap()
        .into_iter()
        .find(|d| d.name == "人事股")
        .expect("set up");
    assert_eq!(made.kind, Some(DivisionKind::General));
    assert_eq!(made.created_doc, "石编〔2026〕5号");
    // The page shows it; its 人员… (the fourth) puts someone in it.
    h.get_by_label(&format!("内设机构（4 个，{people} 人）"));
    h.get_all_by_label("人员…").nth(3).unwrap().click();
    h.run();
    let someone = someone_in_unit(&h, org);
    h.get_by_role_and_label(Role::CheckBox, &someone).click();
    h.run();
    h.get_by_label("确定").click();
    h.run();
    let made = workspace(&h).store.division(made.id).unwrap();
    assert_eq!(made.people, 1);
    // Moved from another division: the total stays, the section says so.
    h.get_by_label(&format!("内设机构（4 个，{people} 人）"));
    assert!(
        workspace(&h)
            .panels
            .registry
            .divisions
            .history
            .iter()
            .any(|e| e.name == "人事股" && e.label() == "设立")
    );
    assert_eq!(workspace(&h).store.check().unwrap(), Vec::<String>::new());
}

/// The name of someone on a post of `org` (the first by id).
fn someone_in_unit(
    h: &egui_kittest::Harness<'_, bianzhi::ui::App>,
    org: bianzhi::domain::OrgId,
) -> String {
    workspace(h).store.people_of_org(org).unwrap()[0]
        .details
        .name
        .clone()
}
