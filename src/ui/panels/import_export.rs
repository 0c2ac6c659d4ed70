//! 导入导出: the import wizard. Choose a file (dialog or drop it on the window); the import
//! is read on a background thread (a task of the shell's jobs: its progress and 取消 here
//! and in the status bar, whatever panel is shown); a preview shows
//! what will be added, updated, unchanged and rejected, every problem with its Chinese
//! message; nothing is written until the clerk confirms; afterwards the rejected rows can be
//! saved as an xlsx to fix and re-import.

use crate::export::reports::Report;
use crate::import::{
    self, CommitReport, ImportError, ImportKind, ImportPlan, Progress, Settings, Severity,
};
use crate::store::Store;
use crate::store::{Changes, Kinds};
use crate::ui::jobs::{Finished, ImportStep, Task};
pub use crate::ui::panel::FilingTarget;
use crate::ui::panel::{Command, Commands, Cx, Nav, Panel};
use crate::ui::theme::{ERROR as RED, WARN as ORANGE};
use egui::{Color32, RichText};
use egui_extras::{Column, TableBuilder};
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
}

impl Default for ImportWizard {
    fn default() -> ImportWizard {
        ImportWizard {
            kind: ImportKind::Roster,
            state: WizardState::Idle,
            filing: None,
            demo: false,
        }
    }
}

fn worker_store(db: Option<&Path>) -> Result<Store, ImportError> {
    let path = db.ok_or_else(|| ImportError::Io("内存数据库不支持后台导入".to_string()))?;
    Store::open(path).map_err(ImportError::Store)
}

impl ImportWizard {
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
        let work: Task = Box::new(move |p| {
            let planned = worker_store(db.as_deref()).and_then(|mut store| {
                store.act_as(operator);
                let settings = Settings::load(None).unwrap_or_default();
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
            ImportStep::Planned(Ok(plan)) => self.state = WizardState::Preview(plan),
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
                self.state = WizardState::Done(plan, report);
            }
        }
    }

    /// The wizard: choose, read, preview, confirm, done.
    fn show_wizard(&mut self, ui: &mut egui::Ui, store: &Store, out: &mut Commands) {
        ui.heading("导入");
        ui.add_space(4.0);
        match &mut self.state {
            WizardState::Idle | WizardState::Failed(_) => {
                if let WizardState::Failed(m) = &self.state {
                    ui.colored_label(RED, m);
                    ui.add_space(6.0);
                }
                ui.horizontal(|ui| {
                    ui.label("文件类型：");
                    ui.radio_value(
                        &mut self.kind,
                        ImportKind::Roster,
                        ImportKind::Roster.label(),
                    );
                    ui.radio_value(&mut self.kind, ImportKind::Orgs, ImportKind::Orgs.label());
                });
                ui.add_space(6.0);
                if ui.button("选择文件…").clicked()
                    && let Some(file) = rfd::FileDialog::new()
                        .set_title("选择要导入的 Excel 文件")
                        .add_filter("Excel/WPS 表格", &["xlsx", "xlsm", "xls", "xlsb", "ods"])
                        .pick_file()
                    && let Some(read) = self.read(store, file)
                {
                    out.push(read);
                }
                ui.label("也可以把文件直接拖到窗口上。导入前会先显示预览，确认后才写入。");
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
                let mut confirm = false;
                let mut cancel = false;
                preview(ui, plan, self.demo, &mut confirm, &mut cancel);
                if confirm {
                    if let WizardState::Preview(plan) =
                        std::mem::replace(&mut self.state, WizardState::Idle)
                    {
                        out.push(self.commit(store, plan));
                    }
                } else if cancel {
                    self.state = WizardState::Idle;
                    out.notify("已取消导入，数据库未作任何改动", false);
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
                problems_table(ui, plan);
                if again {
                    self.state = WizardState::Idle;
                }
            }
        }
    }
}

impl Panel for ImportWizard {
    fn nav(&self) -> Nav {
        Nav::ImportExport
    }

    /// Reads the file it is given, not the database.
    fn reads(&self) -> Kinds {
        Kinds::NONE
    }

    fn reload(&mut self, _store: &Store) -> crate::store::Result<()> {
        Ok(())
    }

    fn show(&mut self, ui: &mut egui::Ui, cx: &Cx, out: &mut Commands) {
        if cx.can_write {
            self.show_wizard(ui, cx.store, out);
        } else {
            ui.heading("导入");
            ui.label("当前角色为“查看”，不能导入；请由经办人或管理员导入。");
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
    let (done, total) = p.rows();
    let text = if total > 0 {
        format!("{what}… {done}/{total} 行")
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

fn preview(
    ui: &mut egui::Ui,
    plan: &ImportPlan,
    demo: bool,
    confirm: &mut bool,
    cancel: &mut bool,
) {
    let c = plan.counts();
    ui.label(RichText::new(format!("预览：{}（{}）", plan.file, plan.kind.label())).strong());
    if demo {
        ui.colored_label(
            ORANGE,
            "注意：当前是示范县数据库，导入后真实数据会和示范数据混在一起。建议退出后在启动页选择“创建空数据库”（或用 --db 指定新文件），再导入本县的文件。",
        );
    }
    ui.label(format!(
        "共 {} 行：新增 {}，更新 {}，未变 {}，拒绝 {}；错误 {} 处，警告 {} 处。",
        c.rows,
        c.new,
        c.updated,
        c.unchanged,
        c.rejected,
        plan.count_severity(Severity::Error),
        plan.count_severity(Severity::Warning)
    ));
    for prev in &plan.previous {
        ui.colored_label(
            ORANGE,
            format!(
                "注意：相同内容的文件已于 {} 由 {} 导入过（{}）。",
                prev.imported_at, prev.operator, prev.file_name
            ),
        );
    }
    ui.horizontal(|ui| {
        if ui
            .add_enabled(c.accepted > 0, egui::Button::new("确认导入"))
            .clicked()
        {
            *confirm = true;
        }
        if ui.button("取消导入").clicked() {
            *cancel = true;
        }
        ui.label("被拒绝的行不会写入；导入后可保存这些行，修改后再导入。");
    });
    problems_table(ui, plan);
}

fn problems_table(ui: &mut egui::Ui, plan: &ImportPlan) {
    if plan.problems.is_empty() {
        ui.label("没有发现问题。");
        return;
    }
    ui.separator();
    ui.label(format!("问题（{} 处）", plan.problems.len()));
    TableBuilder::new(ui)
        .id_salt("import_problems")
        .striped(true)
        .column(Column::initial(110.0))
        .column(Column::initial(50.0))
        .column(Column::initial(90.0))
        .column(Column::initial(50.0))
        .column(Column::initial(130.0))
        .column(Column::remainder())
        .header(22.0, |mut h| {
            for t in ["工作表", "行", "列", "级别", "代码", "说明"] {
                h.col(|ui| {
                    ui.strong(t);
                });
            }
        })
        .body(|body| {
            body.rows(20.0, plan.problems.len(), |mut row| {
                let p = &plan.problems[row.index()];
                let color = match p.severity {
                    Severity::Error => RED,
                    Severity::Warning => ORANGE,
                    Severity::Notice => Color32::GRAY,
                };
                row.col(|ui| {
                    ui.label(&p.sheet);
                });
                row.col(|ui| {
                    ui.label(p.row.map(|r| r.to_string()).unwrap_or_default());
                });
                row.col(|ui| {
                    ui.label(
                        p.column
                            .clone()
                            .or_else(|| p.header.clone())
                            .unwrap_or_default(),
                    );
                });
                row.col(|ui| {
                    ui.colored_label(color, p.severity.label());
                });
                row.col(|ui| {
                    ui.label(p.code);
                });
                row.col(|ui| {
                    ui.colored_label(color, &p.message);
                });
            });
        });
}
