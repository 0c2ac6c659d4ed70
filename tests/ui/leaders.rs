//! 领导职数 on a unit's page, driven through egui_kittest: 超职数 from appointments, a 核定
//! with its 文号 bringing the unit within its numbers, an appointment made in the dialog.

use crate::common::*;
use bianzhi::domain::leadership::Level;
use egui_kittest::kittest::Queryable;

#[test]
fn positions_are_approved_and_filled_from_the_unit_page() {
    let mut h = harness(demo_app());
    h.run();
    // The demo's 县发展和改革局 has one deputy more than approved.
    select_unit(&mut h, "县发展和改革局");
    let org = org_id(&h, "县发展和改革局");
    // Over: the section opens by itself.
    assert!(h.query_by_label("领导职数（超职数 1 名）").is_some());
    h.get_by_label("核定领导职数…").click();
    h.run();
    pick(&mut h, "层级", "副职");
    type_into(&mut h, "文号", "石编〔2026〕12号");
    h.get_by_label("确定").click();
    h.run();
    let l = workspace(&h).store.leadership(org).unwrap();
    assert_eq!(l.over.unwrap().total(), 0, "one more deputy approved");
    assert!(h.query_by_label("领导职数").is_some(), "no longer over");
    // Appoint someone not yet a leader as a division chief.
    let leaders: Vec<_> = workspace(&h)
        .store
        .appointments(org)
        .unwrap()
        .into_iter()
        .map(|a| a.person)
        .collect();
    let someone = workspace(&h)
        .store
        .people_of_org(org)
        .unwrap()
        .into_iter()
        .find(|p| !leaders.contains(&p.id))
        .unwrap();
    h.get_by_label("任职…").click();
    h.run();
    pick(&mut h, "人员", &someone.details.name);
    pick(&mut h, "层级", "内设机构正职");
    type_into(&mut h, "职务", "办公室主任");
    type_into(&mut h, "文号", "石组干〔2026〕7号");
    h.get_by_label("确定").click();
    h.run();
    let l = workspace(&h).store.leadership(org).unwrap();
    assert_eq!(l.appointed.get(Level::DivisionChief), 1);
    assert_eq!(
        l.over.unwrap().division_chief,
        1,
        "none approved at that level"
    );
    assert!(h.query_by_label("领导职数（超职数 1 名）").is_some());
}

#[test]
fn outside_staff_are_registered_and_a_unit_renamed_from_its_page() {
    let mut h = harness(demo_app());
    h.run();
    select_unit(&mut h, "县市场监督管理局");
    let org = org_id(&h, "县市场监督管理局");
    let occupied = workspace(&h)
        .stats
        .orgs
        .iter()
        .find(|o| o.id == org.0)
        .unwrap()
        .total
        .occupied;
    h.get_by_label("编外人员（控制数 0，在岗 0 人）").click();
    h.run();
    h.get_by_label("登记编外人员…").click();
    h.run();
    type_into(&mut h, "姓名", "协管员甲");
    pick(&mut h, "用工形式", "劳务派遣");
    h.get_by_label("确定").click();
    h.run();
    let f = workspace(&h).store.outside_figures().unwrap()[&org];
    assert_eq!((f.control, f.count, f.over()), (0, 1, 1));
    let unit = workspace(&h)
        .stats
        .orgs
        .iter()
        .find(|o| o.id == org.0)
        .unwrap()
        .clone();
    assert_eq!(unit.total.occupied, occupied, "never in 实有");
    assert!(
        h.query_by_label_contains("编外超控制数").is_some(),
        "flagged in the tree like 超编"
    );
    // 更名 with its 文号, kept in the unit's history.
    h.get_by_label("单位信息与沿革（0 条）").click();
    h.run();
    h.get_by_label("更名…").click();
    h.run();
    type_into(&mut h, "新名称", "县市场监督管理和知识产权局");
    type_into(&mut h, "文号", "石编〔2026〕21号");
    h.get_by_label("确定").click();
    h.run();
    assert_eq!(
        workspace(&h).store.org(org).unwrap().name,
        "县市场监督管理和知识产权局"
    );
    assert!(h.query_by_label("单位信息与沿革（1 条）").is_some());
}
