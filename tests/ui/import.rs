//! The import wizard driven through egui_kittest, and every name of the sample roster
//! rendered with missing glyphs failing the test.

#[path = "../shared_files/mod.rs"]
mod shared_files;

use crate::common::open_signed_in;
use bianzhi::import::{self, ImportKind, Progress, Settings};
use bianzhi::store::Store;
use bianzhi::ui::panels::import_export::WizardState;
use bianzhi::ui::{App, Screen, setup_context};
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// A shared sample: missing fails under CI, skips (with a notice) otherwise.
fn sample(name: &str) -> Option<PathBuf> {
    shared_files::shared(&format!("samples/{name}"))
}

/// A file dropped on the window.
#[derive(Debug)]
struct Dropped(PathBuf);

impl egui::DroppedFile for Dropped {
    fn path(&self) -> &Path {
        &self.0
    }
    fn bytes(&self) -> Result<Vec<u8>, String> {
        std::fs::read(&self.0).map_err(|e| e.to_string())
    }
}

fn wizard_state(h: &Harness<'_, App>) -> &'static str {
    match &h.state().screen {
        Screen::Open(w) => match &w.panels.import.state {
            WizardState::Idle => "idle",
            WizardState::Planning(_) => "planning",
            WizardState::Preview(_) => "preview",
            WizardState::Committing(_) => "committing",
            WizardState::Done(..) => "done",
            WizardState::Failed(_) => "failed",
        },
        Screen::Welcome { .. } => "welcome",
        Screen::Server(_) => "server",
    }
}

/// Steps the app until the background work reaches `state` (or 60 s pass).
fn wait_for(h: &mut Harness<'_, App>, state: &str) {
    let start = Instant::now();
    while wizard_state(h) != state {
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "stuck in {}",
            wizard_state(h)
        );
        std::thread::sleep(Duration::from_millis(20));
        h.step();
    }
    h.run_steps(2);
}

#[test]
fn drop_a_roster_preview_confirm() {
    let (Some(orgs), Some(roster)) = (sample("orgs.xlsx"), sample("roster.xlsx")) else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("county.db");
    {
        let mut store = Store::open(&db).unwrap();
        let p = Progress::new();
        let plan = import::plan(&store, &orgs, ImportKind::Orgs, &Settings::default(), &p).unwrap();
        import::commit(&mut store, &plan, &p).unwrap();
    }
    let mut h = open_signed_in(&db);
    h.input_mut()
        .dropped_files
        .push(Arc::new(Dropped(roster.clone())));
    h.step();
    wait_for(&mut h, "preview");
    assert!(h.query_by_label_contains("预览：roster.xlsx").is_some());
    assert!(h.query_by_label_contains("当前是示范县数据库").is_none());
    let counts = match &h.state().screen {
        Screen::Open(w) => match &w.panels.import.state {
            WizardState::Preview(plan) => plan.counts(),
            _ => unreachable!(),
        },
        Screen::Welcome { .. } | Screen::Server(_) => unreachable!(),
    };
    assert!(counts.new > 5000, "{counts:?}");
    // Nothing is written before the clerk confirms.
    let on_post = |h: &Harness<'_, App>| match &h.state().screen {
        Screen::Open(w) => w.stats.summary.people_on_post,
        Screen::Welcome { .. } | Screen::Server(_) => unreachable!(),
    };
    assert_eq!(on_post(&h), 0);
    h.get_by_label("确认导入").click();
    h.step();
    wait_for(&mut h, "done");
    assert_eq!(on_post(&h) as usize, counts.new);
    assert!(h.query_all_by_label_contains("已导入 roster.xlsx").count() >= 1);
    let store = Store::open(&db).unwrap();
    assert!(store.check().unwrap().is_empty());
}

#[test]
fn a_roster_dropped_on_an_empty_county_says_what_to_import_first() {
    let Some(roster) = sample("roster.xlsx") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("county.db");
    drop(Store::open(&db).unwrap());
    let mut h = open_signed_in(&db);
    h.input_mut().dropped_files.push(Arc::new(Dropped(roster)));
    h.step();
    wait_for(&mut h, "failed");
    assert!(
        h.query_all_by_label_contains("请先导入机构编制情况表")
            .count()
            >= 1,
        "one sentence, not a row error per person"
    );
    let store = Store::open(&db).unwrap();
    assert!(store.people().unwrap().is_empty());
}

#[test]
fn importing_into_the_demo_county_warns_before_anything_is_written() {
    let Some(roster) = sample("roster.xlsx") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.db");
    {
        let mut store = Store::open(&db).unwrap();
        assert!(!store.is_demo(), "an empty database is not the demo");
        bianzhi::demo::fill(&mut store).unwrap();
        assert!(store.is_demo());
    }
    let mut h = open_signed_in(&db);
    h.input_mut().dropped_files.push(Arc::new(Dropped(roster)));
    h.step();
    wait_for(&mut h, "preview");
    assert!(h.query_all_by_label_contains("当前是示范县数据库").count() >= 1);
}

#[test]
fn every_roster_name_renders() {
    let Some(roster) = sample("roster.xlsx") else {
        return;
    };
    let Some(orgs) = sample("orgs.xlsx") else {
        return;
    };
    // Read the names with the importer, into a county that has its units (a roster before
    // any unit is refused as a whole).
    let mut store = Store::open_in_memory().unwrap();
    let units = import::plan(
        &store,
        &orgs,
        ImportKind::Orgs,
        &Settings::default(),
        &Progress::new(),
    )
    .unwrap();
    import::commit(&mut store, &units, &Progress::new()).unwrap();
    let plan = import::plan(
        &store,
        &roster,
        ImportKind::Roster,
        &Settings::default(),
        &Progress::new(),
    )
    .unwrap();
    let mut names: Vec<String> = plan.people.iter().map(|p| p.details.name.clone()).collect();
    names.extend(
        plan.rejected
            .iter()
            .flat_map(|r| r.cells.iter().map(|(_, c)| c.clone())),
    );
    names.extend(["刘䶮", "王堃", "李喆", "张玥"].map(String::from));
    assert!(names.len() > 5000, "{} names", names.len());
    let text = names.join(" ");
    let mut h = Harness::builder()
        .with_context_setup(setup_context)
        .build_ui(move |ui| {
            ui.label(&text);
        });
    // The harness panics on any glyph no font has.
    h.run();
}

#[test]
fn march_filing_by_importing_a_township_roster() {
    use bianzhi::domain::id_number::check_char;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("county.db");
    {
        let mut store = Store::open(&db).unwrap();
        bianzhi::demo::fill(&mut store).unwrap();
    }
    let mut h = open_signed_in(&db);
    h.get_by_label("乡镇编制").click();
    h.run();
    let (town, year) = match &h.state().screen {
        Screen::Open(w) => (w.panels.township.rows[0].clone(), w.panels.township.year),
        Screen::Welcome { .. } | Screen::Server(_) => unreachable!(),
    };
    assert!(town.filed_on.is_none());
    h.get_all_by_label("登记备案").next().unwrap().click();
    h.run();
    h.get_by_label("导入花名册并备案…").click();
    h.run();
    assert_eq!(h.state().nav, bianzhi::ui::Nav::ImportExport);
    assert!(h.query_by_label_contains("年三月备案").is_some());

    // The township's roster: one new person on an administrative post.
    let roster = dir.path().join("乡镇花名册.xlsx");
    let first17 = "43072619900101123";
    let id = format!("{first17}{}", check_char(first17.as_bytes()));
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    for (c, v) in ["单位名称", "姓名", "身份证号码", "编制类型", "职务"]
        .iter()
        .enumerate()
    {
        ws.write_string(0, c as u16, *v).unwrap();
    }
    for (c, v) in [
        town.name.as_str(),
        "周备案",
        id.as_str(),
        "行政编制",
        "党政办主任",
    ]
    .iter()
    .enumerate()
    {
        ws.write_string(1, c as u16, *v).unwrap();
    }
    wb.save(&roster).unwrap();
    h.input_mut()
        .dropped_files
        .push(Arc::new(Dropped(roster.clone())));
    h.step();
    wait_for(&mut h, "preview");
    h.get_by_label("确认导入").click();
    h.step();
    wait_for(&mut h, "done");
    let store = Store::open(&db).unwrap();
    let filed = store.filings(year).unwrap();
    let f = &filed[&town.org];
    assert!(f.import_id.is_some(), "the filing names the import");
    // Back in the township grid, the township shows as filed.
    h.get_by_label("乡镇编制").click();
    h.run();
    match &h.state().screen {
        Screen::Open(w) => {
            assert!(w.panels.import.filing.is_none());
            let row = w
                .panels
                .township
                .rows
                .iter()
                .find(|r| r.org == town.org)
                .unwrap();
            assert!(row.filed_on.is_some());
        }
        Screen::Welcome { .. } | Screen::Server(_) => unreachable!(),
    }
}

/// A workbook of our own, one sheet, string cells.
fn workbook(path: &Path, rows: &[Vec<&str>]) {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    for (i, row) in rows.iter().enumerate() {
        for (j, c) in row.iter().enumerate() {
            if !c.is_empty() {
                ws.write_string(i as u32, j as u16, *c).unwrap();
            }
        }
    }
    wb.save(path).unwrap();
}

fn valid_id(birth: &str, seq: u32) -> String {
    let first17 = format!("430726{birth}{seq:03}");
    format!(
        "{first17}{}",
        bianzhi::domain::id_number::check_char(first17.as_bytes())
    )
}

/// Types a path into 文件路径 and reads it.
fn read_path(h: &mut Harness<'_, App>, path: &Path) {
    crate::common::replace_text(h, "文件路径", &path.display().to_string());
    h.get_by_label("读取").click();
    h.step();
}

#[test]
fn a_county_of_its_own_files_in_its_first_hour() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("county.db");
    drop(Store::open(&db).unwrap());
    let orgs = dir.path().join("本县机构.xlsx");
    workbook(
        &orgs,
        &[
            vec!["单位名称", "行政编制", "事业编制", "经费形式"],
            vec!["县水利局", "2", "", ""],
            vec!["县图书馆", "", "3", "全额拨款"],
        ],
    );
    let roster = dir.path().join("本县花名册.xlsx");
    let ids: Vec<String> = (0..5).map(|i| valid_id("19800101", 11 + 2 * i)).collect();
    workbook(
        &roster,
        &[
            vec![
                "单位名称",
                "姓名",
                "身份证号码",
                "编制类别",
                "编制经费形式",
                "入编时间",
            ],
            vec!["县水利局", "水甲", &ids[0], "行政编制", "", "2010-01-01"],
            vec!["县水利局", "水乙", &ids[1], "行政编制", "", "2012-01-01"],
            vec!["县水利局", "水丙", &ids[2], "行政编制", "", "2015-01-01"],
            vec!["石门县水利局", "水丁", &ids[3], "行政编制", "", ""],
            vec!["县图书馆", "馆甲", &ids[4], "事业编制", "财政适当补助", ""],
        ],
    );
    let mut h = open_signed_in(&db);
    // An empty county shows the steps on the overview, the first one next.
    h.get_by_label("总览").click();
    h.run();
    assert!(
        h.query_by_label_contains("1  导入机构编制情况表  ← 下一步")
            .is_some()
    );
    h.get_by_label("去导入").click();
    h.run();
    // The units first, dated, read from a typed path (no system dialog needed).
    crate::common::type_into(&mut h, "核定编制文号", "石编〔2021〕1号");
    crate::common::type_into(&mut h, "生效日期", "2021-01-01");
    read_path(&mut h, &orgs);
    wait_for(&mut h, "preview");
    assert!(h.query_by_label_contains("工作表与列对应").is_some());
    assert!(h.query_by_label_contains("前几行将这样读入").is_some());
    h.get_by_label("确认导入").click();
    h.step();
    wait_for(&mut h, "done");
    h.get_by_label("再导入一个文件").click();
    h.run();
    assert!(
        h.query_by_label_contains("2  导入实名制花名册  ← 下一步")
            .is_some()
    );
    h.get_by_label(bianzhi::import::ImportKind::Roster.label())
        .click();
    h.run();
    read_path(&mut h, &roster);
    wait_for(&mut h, "preview");
    // Problems grouped by unit and cause, in Chinese; the codes stay out of the window.
    assert!(h.query_by_label_contains("单位不在数据库中").is_some());
    assert!(h.query_by_label_contains("经费形式无法识别").is_some());
    assert!(h.query_by_label_contains("unknown_org").is_none());
    // The suggestion for 石门县水利局 is 县水利局, first.
    let plan_messages: Vec<String> = match &h.state().screen {
        Screen::Open(w) => match &w.panels.import.state {
            WizardState::Preview(plan) => plan.problems.iter().map(|p| p.message.clone()).collect(),
            _ => unreachable!(),
        },
        Screen::Welcome { .. } | Screen::Server(_) => unreachable!(),
    };
    assert!(
        plan_messages.iter().any(|m| m.contains("是否是：县水利局")),
        "{plan_messages:?}"
    );
    // 3 on 2 posts: the review says 县水利局 will be over quota, by 1.
    assert!(h.query_by_label_contains("导入后超编的单位").is_some());
    assert!(h.query_by_label_contains("超 1").is_some());
    // The held funding form is read as the clerk says, for the whole file.
    h.get_by_role_and_label(Role::ComboBox, "经费形式“财政适当补助”：1 行")
        .click();
    h.run();
    // The file is read again (a progress bar animates meanwhile): step, not run.
    h.get_by_role_and_label(Role::Button, "差额拨款").click();
    h.step();
    wait_for(&mut h, "preview");
    let planned: Vec<(String, bianzhi::domain::PostType)> = match &h.state().screen {
        Screen::Open(w) => match &w.panels.import.state {
            WizardState::Preview(plan) => plan
                .people
                .iter()
                .map(|p| (p.details.name.clone(), p.post_type))
                .collect(),
            _ => unreachable!(),
        },
        Screen::Welcome { .. } | Screen::Server(_) => unreachable!(),
    };
    assert!(
        planned.contains(&(
            "馆甲".to_string(),
            bianzhi::domain::PostType::Institution(bianzhi::domain::Funding::Partial)
        )),
        "{planned:?}"
    );
    h.get_by_label("确认导入").click();
    h.step();
    wait_for(&mut h, "done");
    h.get_by_label("再导入一个文件").click();
    h.run();
    // The steps are done; the files are remembered.
    assert!(h.query_by_label_contains("← 下一步").is_none());
    assert!(
        h.query_by_label_contains(&roster.display().to_string())
            .is_some()
    );
    // The history is dated: as of 2020 nobody was on the units' posts.
    let store = Store::open(&db).unwrap();
    let then = bianzhi::stats::CountyStats::derive(
        &store,
        Some(chrono::NaiveDate::from_ymd_opt(2020, 12, 31).unwrap()),
    )
    .unwrap();
    assert_eq!(then.summary.people_on_post, 0);
    assert_eq!(then.summary.over_quota_orgs, 0);
}

#[test]
fn the_demo_is_put_aside_for_an_empty_database() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("county.db");
    {
        let mut store = Store::open(&db).unwrap();
        bianzhi::demo::fill(&mut store).unwrap();
    }
    let roster = dir.path().join("花名册.xlsx");
    workbook(
        &roster,
        &[
            vec!["单位名称", "姓名", "身份证号码"],
            vec!["县水利局", "水甲", &valid_id("19800101", 11)],
        ],
    );
    let mut h = open_signed_in(&db);
    h.get_by_label("导入导出").click();
    h.run();
    read_path(&mut h, &roster);
    wait_for(&mut h, "preview");
    h.get_by_label("改用新的空数据库（示范县数据库另存保留）")
        .click();
    h.run();
    h.run();
    // An empty database in the demo's place, the demo kept beside it.
    let store = Store::open(&db).unwrap();
    assert!(!store.is_demo());
    assert!(store.orgs().unwrap().is_empty());
    let kept: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().contains("示范县"))
        .collect();
    assert_eq!(kept.len(), 1, "the demo is kept");
    let demo = Store::open(&kept[0].path()).unwrap();
    assert!(demo.is_demo());
}
