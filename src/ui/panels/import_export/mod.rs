//! 导入导出: the import wizard. On an empty county it shows the first-run steps. Choose a
//! file (the system dialog, a typed or pasted path, a recent file, or drop it on the
//! window); the import is read on a background thread (a task of the shell's jobs: its
//! progress and 取消 here and in the status bar, whatever panel is shown); the review
//! ([`review`]) shows how the file was read and what will be added, updated, unchanged and
//! rejected, with the problems grouped in Chinese; nothing is written until the clerk
//! confirms; afterwards the rejected rows can be saved as an xlsx to fix and re-import.

pub mod review;

use crate::export::reports::Report;
use crate::import::settings::{Mapping, RunOptions};
use crate::import::{self, CommitReport, ImportError, ImportKind, ImportPlan, Progress, Settings};
use crate::store::Store;
use crate::store::{Changes, Kinds};
use crate::ui::jobs::{Finished, ImportStep, Task};
pub use crate::ui::panel::FilingTarget;
use crate::ui::panel::{Command, Commands, Cx, Nav, Panel};
use crate::ui::theme::{ERROR as RED, WARN as ORANGE};
use egui::RichText;
use std::path::{Path, PathBuf};
use std::sync::Arc;

pub enum WizardState {
    Idle,
    /// The file is being read (a task of the shell's jobs, reporting here).
    Planning(Arc<Progress>),
    Preview(Box<ImportPlan>),
    /// The plan is being written; it comes back with the result.
    Committing(Arc<Progress>),
    Done(Box<ImportPlan>, CommitReport),
    Failed(String),
}

pub struct ImportWizard {
    pub kind: ImportKind,
    pub state: WizardState,
    /// A township's March filing to register with the next roster imported.
    pub filing: Option<FilingTarget>,
    /// The database holds the demo county (read when a file is read): the preview warns.
    pub demo: bool,
    /// The file being read or reviewed (read again when the clerk changes the mapping).
    pub file: Option<PathBuf>,
    /// This import's choices: 文号 and date, a forced column mapping.
    pub options: RunOptions,
    /// The date typed for the import (checked when the file is read).
    pub date_text: String,
    /// A path typed or pasted, for when the system file dialog is unavailable.
    pub path_text: String,
    /// The files read lately, newest first (kept by the window between sessions).
    pub recent: Vec<PathBuf>,
    /// The name to save the current column mapping under.
    pub mapping_name: String,
    /// The folder listed in the window (the in-window browser), with its subfolders and
    /// workbooks, read when the folder changes.
    listing: Option<(PathBuf, Vec<PathBuf>, Vec<PathBuf>)>,
    /// The column mappings saved in the database: (name, JSON).
    saved: Vec<(String, String)>,
    /// The review's problems grouped, and its held values (computed once per plan).
    groups: Vec<review::UnitGroup>,
    held: Vec<review::HeldValue>,
}

/// How many recent files are remembered.
const RECENT: usize = 8;

impl Default for ImportWizard {
    fn default() -> ImportWizard {
        ImportWizard {
            kind: ImportKind::Roster,
            state: WizardState::Idle,
            filing: None,
            demo: false,
            file: None,
            options: RunOptions::default(),
            date_text: String::new(),
            path_text: String::new(),
            recent: Vec::new(),
            mapping_name: String::new(),
            listing: None,
            saved: Vec::new(),
            groups: Vec::new(),
            held: Vec::new(),
        }
    }
}

fn worker_store(db: Option<&Path>) -> Result<Store, ImportError> {
    let path = db.ok_or_else(|| ImportError::Io("内存数据库不支持后台导入".to_string()))?;
    Store::open(path).map_err(ImportError::Store)
}

impl ImportWizard {
    pub fn load(store: &Store) -> crate::store::Result<ImportWizard> {
        let mut w = ImportWizard::default();
        w.reload(store)?;
        Ok(w)
    }

    pub fn is_busy(&self) -> bool {
        matches!(
            self.state,
            WizardState::Planning(_) | WizardState::Committing(_)
        )
    }

    /// Reading `file` (from the file dialog or a drop) on another thread, as a task for
    /// the shell; None while the wizard is busy with another file.
    pub fn read(&mut self, store: &Store, file: PathBuf) -> Option<Command> {
        if self.is_busy() {
            return None;
        }
        // The date typed applies however the file came (chosen, typed, dropped).
        if let Err(e) = self.take_date() {
            self.state = WizardState::Failed(e);
            return None;
        }
        let kind = self.kind;
        let db = store.path().map(Path::to_path_buf);
        let operator = store.current_operator().clone();
        let name = file
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let progress = Arc::new(Progress::new());
        self.demo = store.is_demo();
        self.state = WizardState::Planning(Arc::clone(&progress));
        if self.file.as_ref() != Some(&file) {
            // A new file: the mapping chosen for the last one does not apply.
            self.options.mapping = Mapping::default();
        }
        self.file = Some(file.clone());
        self.remember(&file);
        let options = self.options.clone();
        let work: Task = Box::new(move |p| {
            let planned = worker_store(db.as_deref()).and_then(|mut store| {
                store.act_as(operator);
                let mut settings = Settings::load(None).unwrap_or_default();
                settings.run = options;
                import::plan(&store, &file, kind, &settings, p)
            });
            Finished::Import(ImportStep::Planned(planned.map(Box::new)))
        });
        Some(Command::Task {
            title: format!("读取 {name}"),
            progress,
            work,
        })
    }

    /// Puts a file first among the recent ones.
    fn remember(&mut self, file: &Path) {
        self.recent.retain(|f| f != file);
        self.recent.insert(0, file.to_path_buf());
        self.recent.truncate(RECENT);
    }

    /// Reads the date typed for the import into the options; `Err` says what is wrong.
    fn take_date(&mut self) -> Result<(), String> {
        let t = self.date_text.trim();
        self.options.date = if t.is_empty() {
            None
        } else {
            Some(
                crate::domain::PartialDate::parse(t)
                    .and_then(|d| d.first_day())
                    .ok_or_else(|| format!("日期“{t}”无法识别，请写成 2021-01-01"))?,
            )
        };
        Ok(())
    }

    /// Reading a file chosen in the panel (checked to exist first).
    fn choose(&mut self, store: &Store, file: PathBuf, out: &mut Commands) {
        if !file.is_file() {
            let m = format!("找不到文件“{}”，请检查路径", file.display());
            out.error(&m);
            self.state = WizardState::Failed(m);
            return;
        }
        match self.read(store, file) {
            Some(read) => out.push(read),
            None => {
                if let WizardState::Failed(m) = &self.state {
                    out.error(m);
                }
            }
        }
    }

    /// Writing `plan` on another thread, as a task for the shell.
    fn commit(&mut self, store: &Store, plan: Box<ImportPlan>) -> Command {
        let db = store.path().map(Path::to_path_buf);
        let operator = store.current_operator().clone();
        let title = format!("导入 {}", plan.file);
        let progress = Arc::new(Progress::new());
        self.state = WizardState::Committing(Arc::clone(&progress));
        let work: Task = Box::new(move |p| {
            let result = worker_store(db.as_deref()).and_then(|mut store| {
                store.act_as(operator);
                import::commit(&mut store, &plan, p)
            });
            Finished::Import(ImportStep::Committed(plan, result))
        });
        Command::Task {
            title,
            progress,
            work,
        }
    }

    /// Goes on from a finished step: the preview after reading; after writing, the
    /// result, the county followed (written on another connection), and the March filing
    /// the import was for.
    pub fn receive(&mut self, step: ImportStep, out: &mut Commands) {
        match step {
            ImportStep::Planned(Ok(plan)) => {
                self.groups = review::group_problems(&plan);
                self.held = review::held_values(&plan);
                self.state = WizardState::Preview(plan);
            }
            ImportStep::Planned(Err(ImportError::Cancelled)) => {
                self.state = WizardState::Idle;
                out.notify("已取消读取", false);
            }
            ImportStep::Planned(Err(e)) | ImportStep::Committed(_, Err(e)) => {
                let m = e.to_string();
                out.error(&m);
                self.state = WizardState::Failed(m);
            }
            ImportStep::Committed(plan, Ok(report)) => {
                out.notify(
                    format!(
                        "已导入 {}：新增 {}，更新 {}，未变 {}，拒绝 {}",
                        plan.file,
                        report.created,
                        report.updated,
                        report.unchanged,
                        report.rejected
                    ),
                    false,
                );
                out.push(Command::Imported(Changes {
                    kinds: Kinds::UNITS | Kinds::PEOPLE | Kinds::LEDGER | Kinds::AUDIT,
                    people: None,
                }));
                if let Some(f) = self.filing.take() {
                    let (today, import_id) = (crate::clock::today(), report.import_id);
                    out.write(move |s| {
                        s.record_filing(f.org, f.year, today, "随花名册导入", Some(import_id))
                            .map(|()| Some(format!("已登记{}的 {} 年三月备案", f.name, f.year)))
                            .map_err(|e| format!("备案未登记：{e}"))
                    });
                }
                // The plan written is the one reviewed: its groups stand.
                self.state = WizardState::Done(plan, report);
            }
        }
    }

    /// The wizard: choose, read, review, confirm, done.
    fn show_wizard(&mut self, ui: &mut egui::Ui, cx: &Cx, out: &mut Commands) {
        let store = cx.store;
        ui.heading("导入");
        ui.add_space(4.0);
        match &mut self.state {
            WizardState::Idle | WizardState::Failed(_) => {
                if first_run_steps(ui, cx, out, true) == Some(Step::Orgs) {
                    self.kind = ImportKind::Orgs;
                }
                if let WizardState::Failed(m) = &self.state {
                    ui.colored_label(RED, m);
                    ui.add_space(6.0);
                }
                self.choose_file(ui, store, out);
            }
            WizardState::Planning(progress) => {
                if progress_bar(ui, progress, "正在读取文件") {
                    progress.cancel();
                }
            }
            WizardState::Committing(progress) => {
                if progress_bar(ui, progress, "正在写入数据库") {
                    progress.cancel();
                }
            }
            WizardState::Preview(plan) => {
                let demo = self.demo;
                let act = review::review(ui, plan, (&self.groups, &self.held), |ui| {
                    if demo {
                        ui.colored_label(
                            ORANGE,
                            "注意：当前是示范县数据库，导入后真实数据会和示范数据混在一起。",
                        );
                        if ui
                            .button("改用新的空数据库（示范县数据库另存保留）")
                            .clicked()
                        {
                            out.push(Command::ReplaceDemo);
                        }
                    }
                });
                self.save_mapping(ui, out);
                if act.confirm {
                    if let WizardState::Preview(plan) =
                        std::mem::replace(&mut self.state, WizardState::Idle)
                    {
                        out.push(self.commit(store, plan));
                    }
                } else if act.cancel {
                    self.state = WizardState::Idle;
                    out.notify("已取消导入，数据库未作任何改动", false);
                } else if act.remap.is_some() || act.revalue.is_some() {
                    // Read the file again with the column or the value read as chosen.
                    if let Some((header, field)) = act.remap {
                        self.options.mapping.set_column(header, field);
                    }
                    if let Some((field, from, to)) = act.revalue {
                        self.options.mapping.set_value(field, from, to);
                    }
                    if let Some(file) = self.file.clone()
                        && let Some(read) = self.read(store, file)
                    {
                        out.push(read);
                    }
                }
            }
            WizardState::Done(plan, report) => {
                let mut again = false;
                ui.label(
                    RichText::new(format!(
                        "已导入 {}：共 {} 行，新增 {}，更新 {}，未变 {}，拒绝 {}。",
                        plan.file,
                        report.rows,
                        report.created,
                        report.updated,
                        report.unchanged,
                        report.rejected
                    ))
                    .strong(),
                );
                ui.horizontal(|ui| {
                    if report.rejected > 0 && ui.button("保存被拒绝的行…").clicked() {
                        let name =
                            format!("{}-被拒绝的行.xlsx", plan.file.trim_end_matches(".xlsx"));
                        if let Some(path) = crate::ui::widgets::save_xlsx(&name) {
                            match crate::export::write_rejected(plan, &path) {
                                Ok(n) => {
                                    out.notify(format!("已保存 {n} 行到 {}", path.display()), false)
                                }
                                Err(e) => out.error(e),
                            }
                        }
                    }
                    if ui.button("再导入一个文件").clicked() {
                        again = true;
                    }
                });
                egui::ScrollArea::vertical()
                    .id_salt("import_done")
                    .auto_shrink([false, false])
                    .show(ui, |ui| review::problems(ui, plan, &self.groups));
                if again {
                    self.state = WizardState::Idle;
                }
            }
        }
    }

    /// The file type, its options, and the ways to choose a file.
    fn choose_file(&mut self, ui: &mut egui::Ui, store: &Store, out: &mut Commands) {
        ui.horizontal(|ui| {
            ui.label("文件类型：");
            ui.radio_value(&mut self.kind, ImportKind::Orgs, ImportKind::Orgs.label());
            ui.radio_value(
                &mut self.kind,
                ImportKind::Roster,
                ImportKind::Roster.label(),
            );
        });
        match self.kind {
            ImportKind::Orgs => {
                let mut doc = self.options.doc_no.clone().unwrap_or_default();
                ui.horizontal(|ui| {
                    let l = ui.label("核定编制文号");
                    ui.add(
                        egui::TextEdit::singleline(&mut doc)
                            .hint_text("如 石编〔2021〕1号")
                            .desired_width(200.0),
                    )
                    .labelled_by(l.id);
                    let l = ui.label("生效日期");
                    ui.add(
                        egui::TextEdit::singleline(&mut self.date_text)
                            .hint_text("如 2021-01-01")
                            .desired_width(110.0),
                    )
                    .labelled_by(l.id);
                });
                self.options.doc_no = (!doc.trim().is_empty()).then_some(doc);
                ui.label(
                    RichText::new(
                        "不填时文号为“导入《文件名》”、日期为今天；表中有“文号”“核定日期”列的行以表中为准。",
                    )
                    .weak(),
                );
            }
            ImportKind::Roster => {
                ui.horizontal(|ui| {
                    let l = ui.label("登记日期");
                    ui.add(
                        egui::TextEdit::singleline(&mut self.date_text)
                            .hint_text("如 2021-01-01")
                            .desired_width(110.0),
                    )
                    .labelled_by(l.id);
                    ui.label(
                        RichText::new("不填：取入编时间与所在单位核定编制日期中较晚者").weak(),
                    );
                });
            }
        }
        ui.add_space(6.0);
        ui.horizontal(|ui| {
            if ui.button("选择文件…").clicked() {
                match rfd::FileDialog::new()
                    .set_title("选择要导入的 Excel 文件")
                    .set_directory(
                        self.recent
                            .first()
                            .and_then(|f| f.parent())
                            .unwrap_or(Path::new(".")),
                    )
                    .add_filter("Excel/WPS 表格", &["xlsx", "xlsm", "xls", "xlsb", "ods"])
                    .pick_file()
                {
                    Some(file) => self.choose(store, file, out),
                    None => out.notify(
                        "没有选择文件。如果没有弹出选择窗口，请在下面的“文件路径”中粘贴文件的完整路径，或把文件拖到窗口上。",
                        false,
                    ),
                }
            }
            ui.label("或把文件直接拖到窗口上。");
        });
        ui.horizontal(|ui| {
            let l = ui.label("文件路径");
            let edit = ui.add(
                egui::TextEdit::singleline(&mut self.path_text)
                    .hint_text("粘贴或输入完整路径，如 D:\\编办\\花名册.xlsx")
                    .desired_width(420.0),
            );
            let edit = edit.labelled_by(l.id);
            let enter = edit.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
            if (ui.button("读取").clicked() || enter) && !self.path_text.trim().is_empty() {
                let file = PathBuf::from(self.path_text.trim().trim_matches('"'));
                self.choose(store, file, out);
            }
        });
        self.browse(ui, store, out);
        if !self.recent.is_empty() {
            ui.label("最近的文件：");
            let mut chosen = None;
            for f in &self.recent {
                let name = f.display().to_string();
                if ui.link(&name).on_hover_text("读取这个文件").clicked() {
                    chosen = Some(f.clone());
                }
            }
            if let Some(f) = chosen {
                self.choose(store, f, out);
            }
        }
        self.saved_mappings(ui);
        ui.label("导入前会先显示预览，确认后才写入。");
        if let Some(f) = &self.filing {
            let text = format!(
                "导入花名册后将同时登记{}的 {} 年三月备案（人员分工、任职情况）。",
                f.name, f.year
            );
            ui.horizontal(|ui| {
                ui.label(RichText::new(text).strong());
                if ui.button("不登记备案").clicked() {
                    self.filing = None;
                }
            });
        }
    }

    /// The in-window browser: the folder of the typed path (or of the last file), its
    /// subfolders and its workbooks, for when the system dialog is unavailable.
    fn browse(&mut self, ui: &mut egui::Ui, store: &Store, out: &mut Commands) {
        let typed = PathBuf::from(self.path_text.trim().trim_matches('"'));
        let folder = if typed.is_dir() {
            Some(typed)
        } else if let Some(p) = typed
            .parent()
            .filter(|p| p.is_dir() && !p.as_os_str().is_empty())
        {
            Some(p.to_path_buf())
        } else {
            self.recent
                .first()
                .and_then(|f| f.parent())
                .map(Path::to_path_buf)
        };
        let Some(folder) = folder else {
            return;
        };
        if self.listing.as_ref().map(|(f, _, _)| f) != Some(&folder) {
            self.listing = Some(list_folder(&folder));
        }
        let Some((folder, dirs, files)) = &self.listing else {
            return;
        };
        let mut enter: Option<PathBuf> = None;
        let mut read: Option<PathBuf> = None;
        egui::CollapsingHeader::new(format!("浏览文件夹：{}", folder.display()))
            .id_salt("import_browse")
            .show(ui, |ui| {
                egui::ScrollArea::vertical()
                    .max_height(220.0)
                    .show(ui, |ui| {
                        if let Some(up) = folder.parent()
                            && ui.link("上一级文件夹").clicked()
                        {
                            enter = Some(up.to_path_buf());
                        }
                        for d in dirs {
                            let name = d
                                .file_name()
                                .map(|n| n.to_string_lossy())
                                .unwrap_or_default();
                            if ui.link(format!("［文件夹］{name}")).clicked() {
                                enter = Some(d.clone());
                            }
                        }
                        for f in files {
                            let name = f
                                .file_name()
                                .map(|n| n.to_string_lossy())
                                .unwrap_or_default();
                            if ui
                                .link(name.to_string())
                                .on_hover_text("读取这个文件")
                                .clicked()
                            {
                                read = Some(f.clone());
                            }
                        }
                        if files.is_empty() {
                            ui.label("这个文件夹中没有 Excel/WPS 表格。");
                        }
                    });
            });
        if let Some(d) = enter {
            self.path_text = format!("{}{}", d.display(), std::path::MAIN_SEPARATOR);
        }
        if let Some(f) = read {
            self.path_text = f.display().to_string();
            self.choose(store, f, out);
        }
    }

    /// The saved column mappings, to read the next file with one of them.
    fn saved_mappings(&mut self, ui: &mut egui::Ui) {
        let saved = &self.saved;
        if saved.is_empty() && self.options.mapping.is_empty() {
            return;
        }
        ui.horizontal_wrapped(|ui| {
            ui.label("列对应方案：");
            if ui
                .selectable_label(self.options.mapping.is_empty(), "自动识别")
                .clicked()
            {
                self.options.mapping = Mapping::default();
            }
            for (name, json) in saved {
                if ui.button(name).clicked()
                    && let Ok(m) = Mapping::from_json(json)
                {
                    self.options.mapping = m;
                }
            }
            if !self.options.mapping.is_empty() {
                ui.label(format!(
                    "（已指定 {} 列、{} 个值）",
                    self.options.mapping.columns.len(),
                    self.options.mapping.values.len()
                ));
            }
        });
    }

    /// Saving the mapping the clerk chose in the review, under a name.
    fn save_mapping(&mut self, ui: &mut egui::Ui, out: &mut Commands) {
        if self.options.mapping.is_empty() {
            return;
        }
        ui.horizontal(|ui| {
            let l = ui.label("保存列对应方案为");
            ui.add(egui::TextEdit::singleline(&mut self.mapping_name).desired_width(160.0))
                .labelled_by(l.id);
            if ui.button("保存").clicked() {
                let name = self.mapping_name.trim().to_string();
                let json = self.options.mapping.to_json();
                out.write(move |s| {
                    s.write_as("保存导入列对应方案", |tx| {
                        tx.save_import_mapping(&name, &json)
                    })
                    .map(|()| Some(format!("已保存列对应方案“{name}”")))
                    .map_err(|e| e.to_string())
                });
            }
        });
    }
}

/// A folder's subfolders and workbooks (.xlsx .xlsm .xls .xlsb .ods), by name; hidden
/// entries left out. An unreadable folder lists nothing.
fn list_folder(folder: &Path) -> (PathBuf, Vec<PathBuf>, Vec<PathBuf>) {
    let (mut dirs, mut files) = (Vec::new(), Vec::new());
    if let Ok(entries) = std::fs::read_dir(folder) {
        for e in entries.flatten() {
            let p = e.path();
            let hidden = e.file_name().to_string_lossy().starts_with(['.', '~']);
            if hidden {
                continue;
            }
            if p.is_dir() {
                dirs.push(p);
            } else if p
                .extension()
                .map(|x| x.to_string_lossy().to_lowercase())
                .is_some_and(|x| ["xlsx", "xlsm", "xls", "xlsb", "ods"].contains(&x.as_str()))
            {
                files.push(p);
            }
        }
    }
    dirs.sort();
    files.sort();
    (folder.to_path_buf(), dirs, files)
}

/// A first-run step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Orgs,
    Roster,
    Check,
}

/// The first-run steps while the county is not yet in: 1 导入机构编制情况表, 2 导入实名制花名册,
/// 3 核对超编与问题, the next one highlighted. Returns the next step (`None` once units and
/// people are in).
pub fn first_run_steps(
    ui: &mut egui::Ui,
    cx: &Cx,
    out: &mut Commands,
    on_import_panel: bool,
) -> Option<Step> {
    let (units, people) = (cx.stats.summary.orgs, cx.stats.summary.people_on_post);
    let next = if units == 0 {
        Step::Orgs
    } else if people == 0 {
        Step::Roster
    } else {
        return None;
    };
    ui.group(|ui| {
        ui.label(RichText::new("开始使用：按顺序导入本县的文件").strong());
        let steps = [
            (Step::Orgs, "1  导入机构编制情况表", "各单位及其核定编制"),
            (
                Step::Roster,
                "2  导入实名制花名册",
                "在编人员登记到所在单位的编制上",
            ),
            (
                Step::Check,
                "3  核对超编与问题",
                "在“总览”中查看超编单位和待办事项",
            ),
        ];
        for (step, title, what) in steps {
            let done = matches!((step, next), (Step::Orgs, Step::Roster));
            ui.horizontal(|ui| {
                let text = if done {
                    RichText::new(format!("{title}（已完成）")).color(egui::Color32::GRAY)
                } else if step == next {
                    RichText::new(format!("{title}  ← 下一步"))
                        .strong()
                        .color(ui.visuals().hyperlink_color)
                } else {
                    RichText::new(title)
                };
                ui.label(text);
                ui.label(RichText::new(what).weak());
                if step == next && !on_import_panel && ui.button("去导入").clicked() {
                    out.goto(Nav::ImportExport);
                }
            });
        }
    });
    ui.add_space(6.0);
    Some(next)
}

impl Panel for ImportWizard {
    fn nav(&self) -> Nav {
        Nav::ImportExport
    }

    /// Reads the file it is given; of the database, only the saved column mappings.
    fn reads(&self) -> Kinds {
        Kinds::SETTINGS
    }

    fn reload(&mut self, store: &Store) -> crate::store::Result<()> {
        self.saved = store.import_mappings()?;
        Ok(())
    }

    fn show(&mut self, ui: &mut egui::Ui, cx: &Cx, out: &mut Commands) {
        if cx.can_write {
            self.show_wizard(ui, cx, out);
        } else {
            ui.heading("导入");
            ui.label("当前角色为“查看”，不能导入；请由经办人或管理员导入。");
        }
        if cx.can_write {
            ui.add_space(8.0);
            ui.horizontal_wrapped(|ui| {
                ui.label("其他名册：");
                if ui
                    .button("导入编外人员名册…")
                    .on_hover_text("聘用、劳务派遣、公益性岗位等编外人员：不占编制，不计入实有")
                    .clicked()
                    && let Some(path) = rfd::FileDialog::new()
                        .add_filter("Excel", &["xlsx", "xls", "ods"])
                        .pick_file()
                {
                    out.open(
                        crate::ui::panels::registry::outside::OutsideImportForm::new(
                            path,
                            cx.selected_org,
                        ),
                    );
                }
                if ui
                    .button("按花名册人员分类登记领导任职…")
                    .on_hover_text("按已导入花名册的“人员分类”“职务”列出拟登记的任职，核对后写入")
                    .clicked()
                {
                    out.open(crate::ui::panels::registry::leaders::ProposalForm::new(
                        None,
                    ));
                }
            });
        }
        ui.add_space(16.0);
        ui.separator();
        ui.heading("导出报表");
        ui.label("统计年报按“总览”中选定的年度；管理证和单位花名册按“机构与人员”中选定的单位。");
        ui.horizontal_wrapped(|ui| {
            for report in Report::ALL {
                if ui.button(format!("{}…", report.title())).clicked() {
                    out.push(Command::Export {
                        report,
                        year: None,
                        org: cx.selected_org,
                    });
                }
            }
        });
    }
}

/// A progress bar with a cancel button; returns whether cancel was clicked.
fn progress_bar(ui: &mut egui::Ui, p: &Progress, what: &str) -> bool {
    let text = if p.rows().0 > 0 || p.rows().1 > 0 {
        format!("{what}… {}", p.rows_text())
    } else {
        format!("{what}…")
    };
    match p.fraction() {
        Some(f) => ui.add(egui::ProgressBar::new(f).text(text).desired_width(420.0)),
        None => ui.add(
            egui::ProgressBar::new(0.0)
                .animate(true)
                .text(text)
                .desired_width(420.0),
        ),
    };
    ui.button("取消").clicked()
}
