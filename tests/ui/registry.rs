//! The desktop app driven through egui_kittest: navigate, select a unit, filter people, run
//! registry actions through their dialogs and see the numbers change. Missing glyphs fail
//! (the harness's default), so every Chinese label must render from the embedded font.

use crate::common::*;
use bianzhi::domain::PostType;
use bianzhi::store::Store;
use bianzhi::ui::{App, Screen};
use chrono::Datelike;
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

#[test]
fn navigate_panels() {
    let mut h = harness(demo_app());
    h.run();
    h.get_by_label("设置").click();
    h.run();
    assert!(h.query_by_label("立即备份").is_some());
    h.get_by_label("导入导出").click();
    h.run();
    assert!(h.query_by_label("机构编制情况表…").is_some());
    h.get_by_label("机构与人员").click();
    h.run();
    assert!(h.query_by_label("全县（全部单位）").is_some());
}

#[test]
fn select_unit_and_filter_people() {
    let mut h = harness(demo_app());
    h.run();
    select_unit(&mut h, "县教育局");
    assert!(
        h.query_by_label_contains("领导职数：正职 1 名，副职 4 名")
            .is_some()
    );
    // The unit's people only.
    let on_post = counts(&h, "县教育局", PostType::Administrative).1
        + counts(&h, "县教育局", PostType::Service).1;
    assert!(h.query_by_label(&format!("共 {on_post} 人")).is_some());

    // Filter by pinyin initials across the county.
    h.get_by_label("全县（全部单位）").click();
    h.run();
    let (name, initials) = match &h.state().screen {
        Screen::Open(w) => {
            let r = &w.panels.registry.people.rows[0];
            (r.name.clone(), r.initials.clone())
        }
        Screen::Welcome { .. } | Screen::Server(_) => unreachable!(),
    };
    type_into(&mut h, "查找人员：", &initials);
    let visible = match &h.state().screen {
        Screen::Open(w) => w.panels.registry.people.visible.clone(),
        Screen::Welcome { .. } | Screen::Server(_) => unreachable!(),
    };
    assert!(!visible.is_empty());
    assert!(h.query_all_by_label(&name).count() > 0, "{name} is listed");
    // IDs are masked unless asked.
    assert!(h.query_all_by_label_contains("********").count() > 0);
}

#[test]
fn hire_through_the_dialog_changes_the_numbers_and_refusal_writes_nothing() {
    let mut h = harness(demo_app());
    h.run();
    let unit = "县就业服务中心";
    let t = PostType::Institution(bianzhi::domain::Funding::Full);
    select_unit(&mut h, unit);
    let (approved, occupied) = counts(&h, unit, t);
    assert!(approved > occupied, "the demo unit has a vacancy");

    let saved = saved_files();
    h.get_by_label("入编…").click();
    h.run();
    assert!(h.query_by_label("入编").is_some(), "the dialog opened");
    type_into(&mut h, "姓名", "刘䶮");
    type_into(&mut h, "身份证号", "11010519491231002x");
    type_into(&mut h, "文号", "石人社〔2026〕99号");
    // With its 人员入编通知单, numbered and saved.
    h.get_by_label("同时出具人员入编通知单").click();
    h.run();
    h.get_by_label("确定").click();
    h.run();
    assert_eq!(counts(&h, unit, t), (approved, occupied + 1));
    // The last toast says the notice was issued (the 入编 is in the notices list).
    assert!(
        h.query_by_label_contains("已出具人员入编通知单").is_some(),
        "a toast says so"
    );
    let number = format!("编入〔{}〕1号", bianzhi::clock::this_year());
    assert!(
        saved.join(format!("人员入编通知单{number}.xlsx")).exists(),
        "the notice saved"
    );

    // The same person again: refused in the dialog, nothing written.
    assert!(org_id(&h, unit).0 > 0);
    h.get_by_label("入编…").click();
    h.run();
    type_into(&mut h, "姓名", "刘䶮");
    type_into(&mut h, "身份证号", "11010519491231002X");
    type_into(&mut h, "文号", "石人社〔2026〕100号");
    h.get_by_label("确定").click();
    h.run();
    assert!(h.query_by_label_contains("一人一编").is_some());
    assert_eq!(counts(&h, unit, t), (approved, occupied + 1));
    h.get_by_label("取消").click();
    h.run();
    assert!(h.query_by_label_contains("一人一编").is_none());
}

#[test]
fn recover_then_reverse_from_history() {
    let mut h = harness(demo_app());
    h.run();
    let unit = "县农业技术推广中心";
    let t = PostType::Institution(bianzhi::domain::Funding::Partial);
    select_unit(&mut h, unit);
    let (approved, _) = counts(&h, unit, t);
    h.get_by_label("收回空编…").click();
    h.run();
    // Change the preselected post type through the combo box.
    h.get_by_role_and_label(Role::ComboBox, "编制类型").click();
    h.run();
    h.get_by_role_and_label(Role::Button, t.label()).click();
    h.run();
    type_into(&mut h, "文号", "石编〔2026〕5号");
    h.get_by_label("确定").click();
    h.run();
    assert_eq!(counts(&h, unit, t).0, approved - 1);

    h.get_by_label_contains("编制台账").click();
    h.run();
    let newest = match &h.state().screen {
        Screen::Open(w) => w.panels.registry.history.last().unwrap().id.0,
        Screen::Welcome { .. } | Screen::Server(_) => unreachable!(),
    };
    h.get_by_label(&format!("撤销 #{newest}")).click();
    h.run();
    type_into(&mut h, "文号", "石编〔2026〕6号");
    h.get_by_label("确定").click();
    h.run();
    assert_eq!(counts(&h, unit, t).0, approved);
}

#[test]
fn unit_picker_filters_by_name_and_pinyin_initials() {
    let mut h = harness(demo_app());
    h.run();
    select_unit(&mut h, "县财政局");
    h.get_by_label("核定编制…").click();
    h.run();
    h.get_by_role_and_label(Role::ComboBox, "单位").click();
    h.run();
    assert!(
        h.query_by_role_and_label(Role::Button, "县公安局")
            .is_some()
    );

    // Pinyin initials of 县发展和改革局 contain "fzhg"; no other unit's do.
    h.get_by_role_and_label(Role::TextInput, "筛选")
        .type_text("fzhg");
    h.run();
    assert!(
        h.query_by_role_and_label(Role::Button, "县公安局")
            .is_none()
    );
    h.get_by_role_and_label(Role::Button, "县发展和改革局")
        .click();
    h.run();
    assert!(
        h.query_by_role_and_label(Role::Button, "县公安局")
            .is_none()
    );
    let chosen = org_id(&h, "县发展和改革局");
    match &h.state().screen {
        Screen::Open(w) => assert_eq!(action_form(w).and_then(|f| f.org), Some(chosen)),
        Screen::Welcome { .. } | Screen::Server(_) => unreachable!(),
    }

    // Part of a name; a filter that matches nothing says so.
    h.get_by_role_and_label(Role::ComboBox, "单位").click();
    h.run();
    h.get_by_role_and_label(Role::TextInput, "筛选")
        .type_text("公安");
    h.run();
    assert!(
        h.query_by_role_and_label(Role::Button, "县财政局")
            .is_none()
    );
    h.key_press(egui::Key::Enter);
    h.run();
    assert_eq!(
        match &h.state().screen {
            Screen::Open(w) => action_form(w).and_then(|f| f.org),
            Screen::Welcome { .. } | Screen::Server(_) => unreachable!(),
        },
        Some(org_id(&h, "县公安局"))
    );
    h.get_by_role_and_label(Role::ComboBox, "单位").click();
    h.run();
    h.get_by_role_and_label(Role::TextInput, "筛选")
        .type_text("zzz");
    h.run();
    assert!(h.query_by_label("没有匹配的单位").is_some());
}

#[test]
fn first_start_offers_empty_or_demo() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("new.db");
    let mut h = harness(App::new(&path));
    h.run();
    assert!(h.query_by_label("欢迎使用编制通").is_some());
    h.get_by_label("载入示范县（推荐初次使用）").click();
    h.run();
    assert!(matches!(h.state().screen, Screen::Open(_)));
    assert!(path.exists());
}

/// The first person on a post of `unit` (name unique in the county), for clicking in the table.
fn someone_in(h: &Harness<'_, App>, unit: &str) -> String {
    match &h.state().screen {
        Screen::Open(w) => {
            let rows = &w.panels.registry.people.rows;
            rows.iter()
                .filter(|r| r.org_name == unit)
                .find(|r| rows.iter().filter(|o| o.name == r.name).count() == 1)
                .map(|r| r.name.clone())
                .unwrap()
        }
        Screen::Welcome { .. } | Screen::Server(_) => unreachable!(),
    }
}

fn org_count(h: &Harness<'_, App>) -> usize {
    match &h.state().screen {
        Screen::Open(w) => w.stats.orgs.len(),
        Screen::Welcome { .. } | Screen::Server(_) => unreachable!(),
    }
}

#[test]
fn new_unit_then_approve_posts() {
    let mut h = harness(demo_app());
    h.run();
    let before = org_count(&h);
    h.get_by_label("新增单位…").click();
    h.run();
    type_into(&mut h, "单位名称", "县数据资源局");
    h.get_by_label("确定").click();
    h.run();
    assert_eq!(org_count(&h), before + 1);
    assert!(h.query_by_label("已新增单位：县数据资源局").is_some());

    h.get_by_label_contains("县数据资源局  ").click();
    h.run();
    h.get_by_label("核定编制…").click();
    h.run();
    replace_text(&mut h, "数量（名）", "6");
    type_into(&mut h, "文号", "石编〔2026〕30号");
    h.get_by_label("确定").click();
    h.run();
    assert_eq!(counts(&h, "县数据资源局", PostType::Administrative), (6, 0));
}

#[test]
fn exit_transfer_and_transfer_with_post_through_dialogs() {
    let mut h = harness(demo_app());
    h.run();
    let t = PostType::Administrative;
    select_unit(&mut h, "县财政局");
    let (a0, o0) = counts(&h, "县财政局", t);

    // 出编
    let name = someone_in(&h, "县财政局");
    h.get_by_label(&name).click();
    h.run();

    h.get_by_label("出编…").click();
    h.run();
    pick(&mut h, "出编原因", "辞职");
    type_into(&mut h, "文号", "石人社〔2026〕7号");
    h.get_by_label("确定").click();
    h.run();
    assert_eq!(counts(&h, "县财政局", t), (a0, o0 - 1));

    // 调动 to a unit with a vacancy: the post stays behind.
    let (ta, to) = counts(&h, "县发展和改革局", t);
    let name = someone_in(&h, "县财政局");
    h.get_by_label(&name).click();
    h.run();
    h.get_by_label("调动…").click();
    h.run();
    pick(&mut h, "调入单位", "县发展和改革局");
    type_into(&mut h, "文号", "石组通〔2026〕8号");
    h.get_by_label("确定").click();
    h.run();

    assert_eq!(counts(&h, "县财政局", t), (a0, o0 - 2));
    assert_eq!(counts(&h, "县发展和改革局", t), (ta, to + 1));

    // 划转(连人带编): person and post move together.
    let name = someone_in(&h, "县财政局");
    h.get_by_label(&name).click();
    h.run();
    h.get_by_label("划转(连人带编)…").click();
    h.run();
    pick(&mut h, "调入单位", "县发展和改革局");
    type_into(&mut h, "文号", "石编〔2026〕9号");
    h.get_by_label("确定").click();
    h.run();
    assert_eq!(counts(&h, "县财政局", t), (a0 - 1, o0 - 3));
    assert_eq!(counts(&h, "县发展和改革局", t), (ta + 1, to + 2));
}

#[test]
fn reduce_and_write_off_need_vacancies() {
    let mut h = harness(demo_app());
    h.run();
    let t = PostType::Administrative;
    select_unit(&mut h, "县发展和改革局");
    let (a, o) = counts(&h, "县发展和改革局", t);
    let vacancy = a - o;
    h.get_by_label("核减…").click();
    h.run();
    replace_text(&mut h, "数量（名）", &(vacancy + 1).to_string());
    type_into(&mut h, "文号", "石编〔2026〕40号");
    h.get_by_label("确定").click();
    h.run();
    // Refused, with the numbers, in the dialog; nothing written.
    assert!(
        h.query_by_label_contains(&format!("空编 {vacancy} 名，需要 {} 名", vacancy + 1))
            .is_some()
    );
    assert_eq!(counts(&h, "县发展和改革局", t), (a, o));
    replace_text(&mut h, "数量（名）", "1");
    h.get_by_label("确定").click();
    h.run();
    assert_eq!(counts(&h, "县发展和改革局", t), (a - 1, o));

    h.get_by_label("核销…").click();
    h.run();
    type_into(&mut h, "文号", "石编〔2026〕41号");
    h.get_by_label("确定").click();
    h.run();
    assert_eq!(counts(&h, "县发展和改革局", t), (a - 2, o));
}

#[test]
fn the_registry_as_of_a_past_date_is_read_only() {
    let mut h = harness(demo_app());
    h.run();
    let now = match &h.state().screen {
        Screen::Open(w) => w.panels.registry.people.visible.len(),
        Screen::Welcome { .. } | Screen::Server(_) => unreachable!(),
    };
    type_into(&mut h, "查看历史日期", "2021-06-30");
    h.get_by_label("查看").click();
    h.run();
    let (then, past_people) = match &h.state().screen {
        Screen::Open(w) => (
            w.panels.registry.past.clone().unwrap(),
            w.panels.registry.people.visible.len(),
        ),
        Screen::Welcome { .. } | Screen::Server(_) => unreachable!(),
    };
    assert_eq!(then.as_of, "2021-06-30");
    assert_ne!(past_people, now, "people are replayed to that day");
    assert!(h.query_by_label_contains("只读").is_some());
    assert!(
        h.query_by_label("新增单位…").is_none(),
        "no actions on the past"
    );
    h.get_by_label("回到今天").click();
    h.run();
    match &h.state().screen {
        Screen::Open(w) => {
            assert!(w.panels.registry.past.is_none());
            assert_eq!(w.panels.registry.people.visible.len(), now);
        }
        Screen::Welcome { .. } | Screen::Server(_) => unreachable!(),
    }
}

#[test]
fn a_message_stays_in_the_status_bar_and_the_notices_keep_every_one() {
    let mut h = harness(demo_app());
    h.run();
    // A mistyped date in the registry: said in the status bar, and still said frames later
    // (it was painted for a single frame before).
    type_into(&mut h, "查看历史日期", "2021-13-45");
    h.get_by_label("查看").click();
    h.run();
    for _ in 0..10 {
        h.step();
    }
    let bad = "日期“2021-13-45”无法识别，请按 2026-03-05 的格式填写";
    assert!(h.query_by_label(bad).is_some(), "the status bar says it");
    // A second message replaces it in the status bar; both are in the history.
    type_into(&mut h, "查看历史日期", "x");
    h.get_by_label("查看").click();
    h.run();
    let worse = "日期“2021-13-45x”无法识别，请按 2026-03-05 的格式填写";
    assert!(h.query_by_label(worse).is_some());
    assert!(h.query_by_label(bad).is_none());
    h.get_by_label("通知（2）").click();
    h.run();
    assert!(h.query_by_label(bad).is_some(), "listed in the history");
    assert_eq!(
        h.query_all_by_label(worse).count(),
        2,
        "status bar and history"
    );
    assert!(
        h.query_by_label_contains("通知（").is_none(),
        "read: no count any more"
    );
}

/// Steps a few frames with the dialog just opened and counts the SQL statements they run.
fn statements_while_open(h: &mut Harness<'_, App>) -> u64 {
    // The frame that opens a dialog may read what it needs; the frames after it read nothing.
    h.step();
    let before = Store::statements_counted();
    for _ in 0..5 {
        h.step();
    }
    Store::statements_counted() - before
}

#[test]
fn frames_with_a_dialog_open_run_no_sql() {
    let mut h = harness(demo_app());
    h.run();
    workspace(&h).store.count_statements_for_tests();
    // Every dialog of the 编辑 menu.
    for title in ["新增单位", "核定编制", "入编", "收回空编", "核减", "核销"] {
        h.get_by_label("编辑").click();
        h.run();
        // The menu's entry (新增单位… is also a button of the county's header).
        h.get_all_by_label(&format!("{title}…"))
            .last()
            .unwrap()
            .click();
        assert_eq!(statements_while_open(&mut h), 0, "{title}");
        h.get_by_label("取消").click();
        h.run();
        assert!(workspace(&h).dialog.is_none(), "{title} closed");
    }
    // The dialogs about a person (they show who: read once, when they open).
    select_unit(&mut h, "县财政局");
    let name = someone_in(&h, "县财政局");
    h.get_by_label(&name).click();
    h.run();
    for title in ["出编", "调动", "划转(连人带编)"] {
        h.get_by_label(&format!("{title}…")).click();
        assert_eq!(statements_while_open(&mut h), 0, "{title}");
        assert!(
            h.query_by_label_contains(&format!("{name}（")).is_some(),
            "{title} names {name}"
        );
        h.get_by_label("取消").click();
        h.run();
    }
}

#[test]
fn a_doc_no_that_looks_wrong_is_warned_of_in_the_dialog_not_refused() {
    let mut h = harness(demo_app());
    h.run();
    select_unit(&mut h, "县财政局");
    let (approved, _) = counts(&h, "县财政局", PostType::Administrative);
    h.get_by_label("核定编制…").click();
    h.run();
    // Not like a 文号: said before 确定.
    type_into(&mut h, "文号", "随便写的");
    assert!(h.query_by_label_contains("不像常见的文号").is_some());
    // Its year after the entry's date: said too.
    let today = bianzhi::clock::today();
    let later = format!("石编〔{}〕1号", today.year() + 1);
    replace_text(&mut h, "文号", &later);
    assert!(h.query_by_label_contains("不像常见的文号").is_none());
    assert!(
        h.query_by_label_contains(&format!("文号年份 {} 晚于日期", today.year() + 1))
            .is_some()
    );
    // A warning, not a refusal: 确定 records the entry.
    h.get_by_label("确定").click();
    h.run();
    assert!(workspace(&h).dialog.is_none());
    assert_eq!(
        counts(&h, "县财政局", PostType::Administrative).0,
        approved + 1
    );
}

#[test]
fn a_person_is_corrected_from_the_card_and_the_card_shows_the_history() {
    let mut h = harness(demo_app());
    h.run();
    let unit = "县就业服务中心";
    select_unit(&mut h, unit);
    let (person, name) = match &h.state().screen {
        Screen::Open(w) => {
            let people = &w.panels.registry.people;
            let r = &people.rows[people.visible[0]];
            (r.id, r.name.clone())
        }
        Screen::Welcome { .. } | Screen::Server(_) => unreachable!(),
    };
    let stats_before = workspace(&h).stats.clone();
    // Selected, the person's card opens from 人员信息… (as from a double click on the row).
    h.get_all_by_label(&name).next().unwrap().click();
    h.run();
    h.get_by_label("人员信息…").click();
    h.run();
    // A tall dialog takes a few frames to reach its size (its grids learn their widths),
    // moving as it grows: let it settle before clicking in it.
    for _ in 0..6 {
        h.step();
    }
    assert!(
        h.query_by_label(&format!("人员信息：{name}")).is_some(),
        "card open"
    );
    h.get_by_label("信息更正…").click();
    h.run();
    assert!(h.query_by_label(&format!("信息更正：{name}")).is_some());
    // Nothing typed yet: the button waits for a change and a reason.
    // (The people table's heading is 姓名 too: the form's box is the text input.)
    h.get_by_role_and_label(Role::TextInput, "姓名").focus();
    h.run();
    h.get_by_role_and_label(Role::TextInput, "姓名")
        .type_text("乙");
    h.run();
    type_into_field(&mut h, "更正理由", "录入时漏了一个字");
    h.get_by_label("确认更正").click();
    h.run();
    let corrected = format!("{name}乙");
    let p = workspace(&h).store.person(person).unwrap();
    assert_eq!(p.details.name, corrected);
    // Not a staffing change: the figures are as they were.
    assert_eq!(workspace(&h).stats, stats_before);
    // The card shows the history.
    let w = workspace(&h);
    assert_eq!(w.store.corrections(person).unwrap().len(), 1);
    h.get_by_label("人员信息…").click();
    h.run();
    assert!(
        h.query_by_label("录入时漏了一个字").is_some(),
        "history on the card"
    );
}

#[test]
fn the_unit_tree_is_searched_by_name_short_name_or_pinyin_initials() {
    let mut h = harness(demo_app());
    h.run();
    type_into(&mut h, "查找单位：", "czj");
    assert!(h.query_by_label_contains("县财政局  ").is_some());
    assert!(
        h.query_by_label_contains("县教育局  ").is_none(),
        "only the matches"
    );
    h.get_by_label_contains("县财政局  ").click();
    h.run();
    assert_eq!(
        workspace(&h).panels.registry.selected_org,
        Some(org_id(&h, "县财政局"))
    );
    // Cleared, the whole tree is back.
    clear_text(&mut h, "查找单位：");
    assert!(h.query_by_label_contains("县教育局  ").is_some());
}

/// The labels of a person's row in the people table as it shows them: each column's text,
/// the ID number masked, empty cells left out (they are no labels).
fn row_cells(h: &Harness<'_, App>, name: &str) -> Vec<String> {
    use bianzhi::ui::panels::registry::people_index::{Column, PeopleView};
    let w = workspace(h);
    let view = PeopleView::of_clerk(&h.ctx, &w.store);
    let r = w
        .panels
        .registry
        .people
        .rows
        .iter()
        .find(|r| r.name == name)
        .unwrap();
    view.columns
        .iter()
        .map(|&c| match c {
            Column::IdNumber => r.id_masked.clone(),
            c => r.text(c).to_string(),
        })
        .filter(|t| !t.is_empty())
        .collect()
}

#[test]
fn a_column_is_chosen_filtered_and_kept_for_the_clerk() {
    use bianzhi::ui::panels::registry::people_index::{Column, PeopleView};
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("county.db");
    bianzhi::demo::fill(&mut Store::open(&db).unwrap()).unwrap();
    let mut h = open_signed_in(&db);
    let unit = "县财政局";
    select_unit(&mut h, unit);
    assert!(
        h.query_by_role_and_label(Role::TextInput, "筛选：民族")
            .is_none(),
        "not a default column"
    );

    // 列… → 民族: the column is shown, each row with its person's 民族.
    h.get_by_label("列…").click();
    h.run();
    h.get_by_role_and_label(Role::CheckBox, "民族").click();
    h.run();
    h.get_by_label("列…").click();
    h.run();
    assert!(
        h.query_by_role_and_label(Role::CheckBox, "民族").is_none(),
        "the chooser closed"
    );
    assert!(h.query_by_role_and_label(Role::Button, "民族").is_some());
    let name = someone_in(&h, unit);
    let (ethnicity, total) = {
        let people = &workspace(&h).panels.registry.people;
        let r = people.rows.iter().find(|r| r.name == name).unwrap();
        (r.text(Column::Ethnicity).to_string(), people.visible.len())
    };
    assert!(!ethnicity.is_empty(), "the demo has 民族");
    let cells = row_cells(&h, &name);
    assert_eq!(cells.last(), Some(&ethnicity), "民族 is the last column");
    assert_eq!(row_after(&h, &name, cells.len() - 1), cells[1..]);

    // Typing into the 民族 filter keeps those whose 民族 holds it.
    let expected = {
        let people = &workspace(&h).panels.registry.people;
        people
            .rows
            .iter()
            .filter(|r| r.org_name == unit && r.text(Column::Ethnicity).contains("汉"))
            .count()
    };
    assert!(0 < expected && expected < total, "{expected} of {total}");
    assert!(h.query_by_label(&format!("共 {total} 人")).is_some());
    type_into(&mut h, "筛选：民族", "汉");
    assert!(
        h.query_by_label(&format!("共 {expected} 人")).is_some(),
        "{:?}",
        labels(&h).iter().find(|l| l.starts_with("共 "))
    );
    // The 花名册 exported from the window has the clerk's columns.
    let chosen = PeopleView::of_clerk(&h.ctx, &workspace(&h).store).chosen_columns();
    let mut columns = Column::DEFAULT.to_vec();
    columns.push(Column::Ethnicity);
    assert_eq!(chosen, Some(columns));
    // 清除筛选 shows everyone again.
    h.get_by_label("清除筛选").click();
    h.run();
    assert!(h.query_by_label(&format!("共 {total} 人")).is_some());
    assert!(h.query_by_label("清除筛选").is_none());

    // The person's card shows every field, the empty ones as —.
    h.get_by_label(&name).click();
    h.run();
    h.get_by_label("人员信息…").click();
    h.run();
    for field in [
        "民族",
        "政治面貌",
        "学历",
        "学位",
        "所在机构",
        "入编文号",
        "进入形式",
    ] {
        assert!(
            h.query_all_by_label(field).count() > 0,
            "{field} on the card"
        );
    }
    assert!(h.query_all_by_label("—").count() > 0, "empty fields say so");
    drop(h);

    // The same clerk on the same database next time: 民族 is still shown.
    let mut h = open_signed_in(&db);
    h.run();
    assert!(
        h.query_by_role_and_label(Role::TextInput, "筛选：民族")
            .is_some()
    );
    assert!(h.query_all_by_label(&ethnicity).count() > 0);
}
