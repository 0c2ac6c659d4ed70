//! The import wizard driven through egui_kittest, and every name of the sample roster
//! rendered with missing glyphs failing the test.

#[path = "../shared_files/mod.rs"]
mod shared_files;

use crate::common::open_signed_in;
use bianzhi::import::{self, ImportKind, Progress, Settings};
use bianzhi::store::Store;
use bianzhi::ui::panels::import_export::WizardState;
use bianzhi::ui::{App, Screen, setup_context};
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
        Screen::Welcome { .. } => unreachable!(),
    };
    assert!(counts.new > 5000, "{counts:?}");
    // Nothing is written before the clerk confirms.
    let on_post = |h: &Harness<'_, App>| match &h.state().screen {
        Screen::Open(w) => w.stats.summary.people_on_post,
        Screen::Welcome { .. } => unreachable!(),
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
        Screen::Welcome { .. } => unreachable!(),
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
        Screen::Welcome { .. } => unreachable!(),
    }
}
