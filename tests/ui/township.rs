//! The 乡镇编制 panel and the 退二补一 dialog driven through egui_kittest: the grid sorts and
//! edits a class, the reallocation preview records its entries with one 文号 and keeps the
//! county total, and 退二补一 converts a person or shows why not.

use crate::common::*;
use bianzhi::domain::{ExitReason, Funding, PostType, TownshipClass};
use bianzhi::store::Store;
use bianzhi::ui::App;
use bianzhi::ui::panels::township::dialogs::{FilingForm, RecoveryForm};
use chrono::NaiveDate;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

const FULL: PostType = PostType::Institution(Funding::Full);
const PARTIAL: PostType = PostType::Institution(Funding::Partial);
const SELF: PostType = PostType::Institution(Funding::SelfFunded);

fn open_townships(h: &mut Harness<'_, App>) {
    h.run();
    h.get_by_label("乡镇编制").click();
    h.run();
}

/// Approved posts inside the county (units, reserve, pools), all types.
fn county_total(h: &Harness<'_, App>) -> i64 {
    workspace(h)
        .store
        .balances(None)
        .unwrap()
        .county_total()
        .total()
}

#[test]
fn grid_shows_townships_sorts_and_edits_a_class() {
    let mut h = harness(demo_app());
    open_townships(&mut h);
    assert!(h.query_by_label("楚江街道").is_some());
    assert!(h.query_by_label("合计").is_some());
    let rows = &workspace(&h).panels.township.rows;
    assert_eq!(rows.len(), 8);

    // Sort by idle vacancies: ascending, then descending.
    h.get_by_label("闲置空编").click();
    h.run();
    let idle: Vec<i64> = workspace(&h)
        .panels
        .township
        .rows
        .iter()
        .map(|r| r.idle)
        .collect();
    assert!(idle.windows(2).all(|w| w[0] <= w[1]), "{idle:?}");
    h.get_by_label_contains("闲置空编").click();
    h.run();
    let idle: Vec<i64> = workspace(&h)
        .panels
        .township
        .rows
        .iter()
        .map(|r| r.idle)
        .collect();
    assert!(idle.windows(2).all(|w| w[0] >= w[1]), "{idle:?}");

    // Change the first row's class: a decision with a 文号, in a dialog showing its effects.
    let first = workspace(&h).panels.township.rows[0].clone();
    let (new_class, standard) = match first.class {
        Some(TownshipClass::One) => ("二类", "28 名"),
        _ => ("一类", "37 名"),
    };
    // The first row's button is the first with its label.
    let button = format!("{} 调整…", first.class.map_or("未分类", |c| c.label()));
    h.get_all_by_label(&button).next().unwrap().click();
    h.run();
    assert!(
        h.query_by_label_contains(&format!("→ {standard}"))
            .is_some(),
        "the dialog shows the new standard before confirming"
    );
    h.get_by_label("确定").click();
    h.run();
    assert!(
        h.query_by_label_contains("请填写文号").is_some(),
        "refused without a 文号"
    );
    assert_eq!(
        workspace(&h).store.org(first.org).unwrap().township_class,
        first.class
    );
    type_into(&mut h, "文号", "石编〔2026〕31号");
    h.get_by_label("确定").click();
    h.run();
    assert!(workspace(&h).dialog.is_none());
    let org = workspace(&h).store.org(first.org).unwrap();
    assert_eq!(org.township_class.map(|c| c.label()), Some(new_class));
    assert_eq!(
        workspace(&h).store.class_changes(first.org).unwrap().len(),
        1
    );
    let row = workspace(&h)
        .panels
        .township
        .rows
        .iter()
        .find(|r| r.org == first.org)
        .unwrap()
        .clone();
    let expected = if new_class == "一类" { 37 } else { 28 };
    assert_eq!(row.standard_admin, expected);
}

#[test]
fn reallocation_preview_then_record_with_one_doc_no() {
    let mut h = harness(demo_app());
    open_townships(&mut h);
    let total = county_total(&h);
    let entries = workspace(&h).store.entries(None).unwrap().len();
    h.get_by_label("按标准重新分配…").click();
    h.run();
    assert!(h.query_by_label_contains("将记入").is_some());
    assert!(h.query_by_label("分配后").is_some());
    type_into(&mut h, "文号", "石编〔2026〕30号");
    h.get_by_label("确认记入台账").click();
    h.run();
    let w = workspace(&h);
    assert!(w.dialog.is_none(), "the dialog closes after recording");
    let added = w.store.entries(None).unwrap().len() - entries;
    assert!(added > 0);
    assert_eq!(w.store.allocations().unwrap().len(), 1);
    assert_eq!(w.store.allocations().unwrap()[0].entries as usize, added);
    assert_eq!(
        county_total(&h),
        total,
        "a reallocation keeps the county total"
    );
    // Every classified township's institution posts are at standard or unabsorbed above it.
    for r in &workspace(&h).panels.township.rows {
        assert!(r.institution_difference() >= 0, "{}", r.name);
        assert_eq!(r.admin_difference(), 0, "{}", r.name);
    }
    assert_eq!(workspace(&h).store.check().unwrap(), Vec::<String>::new());
}

#[test]
fn march_filing_is_registered_from_the_grid() {
    let mut h = harness(demo_app());
    open_townships(&mut h);
    let before = workspace(&h)
        .panels
        .township
        .rows
        .iter()
        .filter(|r| r.filed_on.is_some())
        .count();
    h.get_all_by_label("登记备案").next().unwrap().click();
    h.run();
    // The table starts from the registry: the township's people, each with a 分工 box.
    let (org, year, first) = {
        let f = open_form::<FilingForm>(workspace(&h)).expect("the filing dialog");
        assert!(!f.lines.is_empty(), "taken from the registry");
        (f.org, f.year, f.lines[0].name.clone())
    };
    let people = workspace(&h).store.filing_draft(org, year).unwrap().len();
    replace_text(&mut h, "收到日期", "2026-03-20");
    replace_text(&mut h, &format!("{first}：分工"), "文秘、档案");
    h.get_by_label("确定").click();
    h.run();
    let after = workspace(&h)
        .panels
        .township
        .rows
        .iter()
        .filter(|r| r.filed_on.is_some())
        .count();
    assert_eq!(after, before + 1);
    let filed = workspace(&h).store.filing(org, year).unwrap().unwrap();
    assert_eq!(filed.lines.len(), people);
    assert_eq!(filed.lines[0].duties, "文秘、档案");
    assert_eq!(filed.received_on, "2026-03-20");
}

/// The demo county after `vacated` more people left 全额 posts of `unit`, with the name of
/// someone on a 差额 or 自收自支 post there.
fn app_with_vacated_full_posts(unit: &str, vacated: usize) -> (App, String) {
    let mut store = Store::open_in_memory().unwrap();
    store.set_operator("测试员");
    bianzhi::demo::fill(&mut store).unwrap();
    let org = store.org_by_name(unit).unwrap().unwrap().id;
    let people = store.people_of_org(org).unwrap();
    let day = NaiveDate::from_ymd_opt(2026, 6, 30).unwrap();
    for p in people
        .iter()
        .filter(|p| p.status.post() == Some((org, FULL)))
        .take(vacated)
    {
        store
            .exit(p.id, ExitReason::Retirement, day, "石人社〔2026〕40号")
            .unwrap();
    }
    let other = people
        .iter()
        .find(
            |p| matches!(p.status.post(), Some((o, t)) if o == org && (t == PARTIAL || t == SELF)),
        )
        .unwrap();
    let name = other.details.name.clone();
    (App::with_store(store).unwrap(), name)
}

fn open_conversion(h: &mut Harness<'_, App>, unit: &str, name: &str) {
    h.run();
    select_unit(h, unit);
    type_into(h, "查找人员：", name);
    h.get_all_by_label(name).next().unwrap().click();
    h.run();
    h.get_by_label("退二补一…").click();
    h.run();
}

#[test]
fn conversion_dialog_moves_the_person_and_writes_off_the_old_post() {
    let unit = "县农业技术推广中心";
    let (app, name) = app_with_vacated_full_posts(unit, 2);
    let mut h = harness(app);
    let org = org_id(&h, unit);
    let before = workspace(&h).store.conversion_status(org).unwrap();
    assert!(before.available() >= 1);
    let person = workspace(&h)
        .store
        .people_of_org(org)
        .unwrap()
        .into_iter()
        .find(|p| p.details.name == name)
        .unwrap();
    let (_, old_type) = person.status.post().unwrap();
    let old_before = workspace(&h).store.approved(org, old_type).unwrap();
    let full_before = workspace(&h).store.approved(org, FULL).unwrap();
    open_conversion(&mut h, unit, &name);
    let offered = format!("可再办理 {} 次", before.available());
    assert!(h.query_by_label_contains(&offered).is_some());
    type_into(&mut h, "文号", "石编〔2026〕41号");
    h.get_by_label("确定").click();
    h.run();
    let w = workspace(&h);
    assert!(w.dialog.is_none());
    assert_eq!(w.store.approved(org, old_type).unwrap(), old_before - 1);
    assert_eq!(
        w.store.approved(org, FULL).unwrap(),
        full_before - 1,
        "the second vacated post recovered (the dialog's default)"
    );
    let person = w
        .store
        .people_of_org(org)
        .unwrap()
        .into_iter()
        .find(|p| p.details.name == name)
        .unwrap();
    assert_eq!(person.status.post(), Some((org, FULL)));
    assert_eq!(
        w.stats.years[&bianzhi::clock::this_year().to_string()].conversions,
        1
    );
    let after = w.store.conversion_status(org).unwrap();
    assert_eq!(after.conversions_done, before.conversions_done + 1);
}

#[test]
fn conversion_with_one_vacated_post_is_refused_in_the_dialog() {
    // 县水产技术服务站 (全额 and 自收自支) has had nobody leave a 全额 post; one leaves now.
    let unit = "县水产技术服务站";
    let (app, name) = app_with_vacated_full_posts(unit, 1);
    let mut h = harness(app);
    let status = workspace(&h)
        .store
        .conversion_status(org_id(&h, unit))
        .unwrap();
    assert_eq!(status.vacated_full(), 1);
    let entries = workspace(&h).store.entries(None).unwrap().len();
    open_conversion(&mut h, unit, &name);
    type_into(&mut h, "文号", "石编〔2026〕41号");
    h.get_by_label("确定").click();
    h.run();
    assert!(
        h.query_by_label_contains("须选 2 名").is_some(),
        "said before 确定"
    );
    assert!(
        h.query_by_label_contains("须指明").is_some(),
        "and refused on 确定"
    );
    assert!(workspace(&h).dialog.is_some(), "the dialog stays open");
    assert_eq!(workspace(&h).store.entries(None).unwrap().len(), entries);
}

#[test]
fn recovery_of_idle_vacancies_with_one_doc_no() {
    let mut h = harness(demo_app());
    open_townships(&mut h);
    let reserve = |h: &Harness<'_, App>| {
        workspace(h)
            .store
            .balances(None)
            .unwrap()
            .of(bianzhi::domain::Account::Reserve)
            .total()
    };
    let (before, total) = (reserve(&h), county_total(&h));
    let year = bianzhi::clock::this_year().to_string();
    let recovered_before = workspace(&h).stats.years[&year].recovered;
    h.get_by_label("收回空编…").click();
    h.run();
    let suggested: i64 = match open_form::<RecoveryForm>(workspace(&h)) {
        Some(f) => f
            .lines
            .iter()
            .filter(|l| l.chosen)
            .map(|l| l.count.parse::<i64>().unwrap())
            .sum(),
        _ => panic!("the recovery dialog is open"),
    };
    assert!(suggested > 0, "the demo county has idle vacancies");
    assert!(
        h.query_by_label_contains(&format!("收回 {suggested} 名"))
            .is_some()
    );
    type_into(&mut h, "文号", "石编〔2026〕31号");
    h.get_by_label("确认收回").click();
    h.run();
    assert!(workspace(&h).dialog.is_none());
    assert_eq!(reserve(&h), before + suggested);
    assert_eq!(county_total(&h), total);
    assert_eq!(
        workspace(&h).stats.years[&year].recovered,
        recovered_before + suggested
    );
}

#[test]
fn a_conversion_is_reversed_whole_from_the_unit_ledger() {
    let unit = "县农业技术推广中心";
    let (app, _) = app_with_vacated_full_posts(unit, 0);
    let mut h = harness(app);
    h.run();
    let org = org_id(&h, unit);
    let c = workspace(&h)
        .store
        .conversions(Some(org))
        .unwrap()
        .pop()
        .unwrap();
    assert!(!c.reversed, "the demo's conversion");
    select_unit(&mut h, unit);
    h.get_by_label_contains("编制台账（").click();
    h.run();
    h.get_by_label_contains("退二补一（").click();
    h.run();
    assert!(h.query_all_by_label_contains(&c.departures_label()).count() > 0);
    let button = format!("撤销退二补一 #{}", c.id);
    h.get_all_by_label(&button).next().unwrap().scroll_to_me();
    h.run();
    h.get_all_by_label(&button).next().unwrap().click();
    h.run();
    assert!(h.query_by_label_contains("整体撤销").is_some());
    type_into(&mut h, "文号", "石编〔2026〕50号");
    h.get_by_label("确定").click();
    h.run();
    let w = workspace(&h);
    assert!(w.dialog.is_none());
    let after = w.store.conversions(Some(org)).unwrap().pop().unwrap();
    assert!(after.reversed);
    assert_eq!(
        w.store.person(c.person).unwrap().status.post(),
        Some((org, c.from)),
        "the person is back on the post they came from"
    );
}
