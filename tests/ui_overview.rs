//! The 总览 panel driven through egui_kittest: totals equal the ledger's, items needing
//! action, click-through to an over-quota unit, charts with their numbers, and the county as
//! of a past date.

mod ui_common;

use bianzhi::domain::PostType;
use bianzhi::stats::CountyStats;
use bianzhi::ui::{App, Nav};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use ui_common::*;

fn click(h: &mut Harness<'_, App>, label: &str) {
    h.get_by_label(label).click();
    h.run();
}

#[test]
fn overview_totals_actions_click_through_and_as_of() {
    let mut h = harness(demo_app());
    h.run();
    click(&mut h, "总览");
    let stats = CountyStats::derive(&workspace(&h).store, None).unwrap();
    let admin = stats.totals.get(PostType::Administrative);
    assert!(h.query_by_label(&admin.approved.to_string()).is_some());
    // Items needing action from the demo: overdue turnover posts and townships not filed.
    assert!(h.query_all_by_label_contains("逾期未收回").count() > 0);
    assert!(h.query_by_label_contains("未备案的乡镇").is_some());
    // The numbers behind a chart.
    click(&mut h, "下达周转编制的数字");
    assert!(h.query_by_label("56").is_some(), "56 posts issued in 2021");

    // The county on 31 December 2020: before the demo's first entries.
    type_into(&mut h, "截至日期", "2020-12-31");
    click(&mut h, "查看");
    let past = workspace(&h).overview.past.clone().unwrap();
    assert_eq!(past.as_of, "2020-12-31");
    assert_eq!(past.totals.get(PostType::Administrative).approved, 0);
    click(&mut h, "回到今天");

    // Click through to the over-quota unit.
    click(&mut h, "县妇女联合会");
    assert_eq!(h.state().nav, Nav::Registry);
    assert_eq!(
        workspace(&h).registry.selected_org,
        Some(org_id(&h, "县妇女联合会"))
    );
}
