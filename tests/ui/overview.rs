//! The 总览 panel driven through egui_kittest: totals equal those counted from the ledger's
//! entries and the people, items needing action on a fixed day, click-through to an
//! over-quota unit, charts with their numbers, and the county as of a past date.

use crate::common::*;
use bianzhi::clock;
use bianzhi::domain::{Account, OrgKind, PostType};
use bianzhi::ui::{App, Nav};
use chrono::NaiveDate;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};

fn click(h: &mut Harness<'_, App>, label: &str) {
    h.get_by_label(label).click();
    h.run();
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// 行政编制 approved in units, held by people, and in the reserve, counted entry by entry
/// and person by person (not through the balances the panel shows).
fn admin_counted(h: &Harness<'_, App>) -> (i64, i64, i64) {
    let store = &workspace(h).store;
    let (mut in_units, mut reserve) = (0, 0);
    for e in store.entries(None).unwrap() {
        let m = e.movement;
        if m.post_type != PostType::Administrative {
            continue;
        }
        for (account, sign) in [(m.from, -1), (m.to, 1)] {
            match account {
                Account::Org(_) => in_units += sign * m.count,
                Account::Reserve => reserve += sign * m.count,
                _ => {}
            }
        }
    }
    let held = store
        .people()
        .unwrap()
        .iter()
        .filter(|p| matches!(p.status.post(), Some((_, PostType::Administrative))))
        .count() as i64;
    (in_units, held, reserve)
}

#[test]
fn overview_totals_actions_click_through_and_as_of() {
    // Mid-June 2026: the March filing deadline has passed, the 2021 turnover terms (36
    // months from 2021-04-01) are overdue.
    let _today = clock::fix_today(day(2026, 6, 15));
    let mut h = harness(demo_app());
    h.run();
    click(&mut h, "总览");

    // The 行政编制 row: 核定, 实有, 空编, 县集中管理.
    let (approved, held, reserve) = admin_counted(&h);
    assert!(
        approved > 0 && held > 0,
        "the demo has 行政编制 and people on them"
    );
    assert_eq!(
        row_after(&h, "行政编制", 4),
        [approved, held, approved - held, reserve].map(|n| n.to_string())
    );

    // Items needing action. The demo's two 2021 issues: 县人民医院 30 posts, 22 unused taken
    // back, 2 holders gone, 1 swapped onto an ordinary vacancy; 县职业中专学校 26, all kept.
    assert!(
        h.query_by_label(
            "周转编制逾期未收回：县人民医院 5 名（石编〔2021〕21号，到期 2024-04-01）"
        )
        .is_some()
    );
    assert!(
        h.query_by_label(
            "周转编制逾期未收回：县职业中专学校 26 名（石编〔2021〕22号，到期 2024-04-01）"
        )
        .is_some()
    );
    // The demo records no March filing: every township is listed.
    let prefix = "2026 年 3 月 31 日前未备案的乡镇（街道）：";
    let node = h.get_by_label_contains(prefix);
    let listed = node.accesskit_node().label().unwrap_or_default();
    let mut listed: Vec<&str> = listed[prefix.len()..].split('、').collect();
    listed.sort();
    let mut townships: Vec<String> = workspace(&h)
        .store
        .orgs()
        .unwrap()
        .into_iter()
        .filter(|o| o.kind == OrgKind::Township)
        .map(|o| o.name)
        .collect();
    townships.sort();
    assert!(townships.len() >= 2, "{townships:?}");
    assert_eq!(listed, townships);

    // The numbers behind a chart: 56 posts issued in 2021 (the seed's figure).
    click(&mut h, "下达周转编制的数字");
    assert_eq!(row_after(&h, "2021 年", 1), ["56"]);

    // The county on 31 December 2020: before the demo's first entries.
    type_into(&mut h, "截至日期", "2020-12-31");
    click(&mut h, "查看");
    let past = workspace(&h).panels.overview.past.clone().unwrap();
    assert_eq!(past.as_of, "2020-12-31");
    assert_eq!(row_after(&h, "行政编制", 4), ["0", "0", "0", "0"]);
    click(&mut h, "回到今天");

    // Click through to the over-quota unit.
    click(&mut h, "县妇女联合会");
    assert_eq!(h.state().nav, Nav::Registry);
    assert_eq!(
        workspace(&h).panels.registry.selected_org,
        Some(org_id(&h, "县妇女联合会"))
    );
}

#[test]
fn before_the_end_of_march_no_township_is_late() {
    let _today = clock::fix_today(day(2026, 2, 10));
    let mut h = harness(demo_app());
    h.run();
    click(&mut h, "总览");
    assert!(h.query_by_label_contains("未备案的乡镇").is_none());
    // The turnover terms are overdue whatever the month.
    assert_eq!(h.query_all_by_label_contains("逾期未收回").count(), 2);
}
