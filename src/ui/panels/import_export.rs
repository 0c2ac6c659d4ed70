//! 导入导出: the import wizard. Choose a file (dialog or drop it on the window); the import
//! is read on a background thread with a progress bar and a cancel button; a preview shows
//! what will be added, updated, unchanged and rejected, every problem with its Chinese
//! message; nothing is written until the clerk confirms; afterwards the rejected rows can be
//! saved as an xlsx to fix and re-import.

use crate::domain::Operator;
use crate::export::reports::Report;
use crate::import::{
    self, CommitReport, ImportError, ImportKind, ImportPlan, Progress, Settings, Severity,
};
use crate::store::Store;
use crate::store::{Changes, Kinds};
use crate::ui::jobs::Job;
pub use crate::ui::panel::FilingTarget;
use crate::ui::panel::{Command, Commands, Cx, Nav, Panel};
use crate::ui::theme::{ERROR as RED, WARN as ORANGE};
use egui::{Color32, RichText};
use egui_extras::{Column, TableBuilder};
use std::path::{Path, PathBuf};

pub enum WizardState {
    Idle,
    Planning(Job<Result<ImportPlan, ImportError>>),
    Preview(Box<ImportPlan>),
    /// The plan travels to the worker and back with the result.
    Committing(Job<(Box<ImportPlan>, Result<CommitReport, ImportError>)>),
    Done(Box<ImportPlan>, CommitReport),
    Failed(String),
}

pub struct ImportWizard {
    pub kind: ImportKind,
    pub state: WizardState,
    /// A township's March filing to register with the next roster imported.
    pub filing: Option<FilingTarget>,
}

/// What the app should do after a frame of the wizard.
pub enum WizardEvent {
    /// The database changed: refresh everything, and tell the clerk.
    Imported {
        message: String,
        import_id: i64,
    },
    Failed(String),
    Notice(String),
}

impl Default for ImportWizard {
    fn default() -> ImportWizard {
        ImportWizard {
            kind: ImportKind::Roster,
            state: WizardState::Idle,
            filing: None,
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

    /// Starts reading a file (from the file dialog or a drop) on a background thread.
    pub fn start(
        &mut self,
        ctx: &egui::Context,
        db: Option<&Path>,
        file: PathBuf,
        operator: &Operator,
    ) {
        if self.is_busy() {
            return;
        }
        let kind = self.kind;
        let db = db.map(Path::to_path_buf);
        let operator = operator.clone();
        self.state = WizardState::Planning(Job::spawn(ctx, move |p| {
            let mut store = worker_store(db.as_deref())?;
            store.act_as(operator);
            let settings = Settings::load(None).unwrap_or_default();
            import::plan(&store, &file, kind, &settings, p)
        }));
    }

    fn start_commit(
        &mut self,
        ctx: &egui::Context,
        db: Option<&Path>,
        plan: Box<ImportPlan>,
        operator: &Operator,
    ) {
        let db = db.map(Path::to_path_buf);
        let operator = operator.clone();
        let job = Job::spawn(ctx, move |p| {
            let result = worker_store(db.as_deref()).and_then(|mut store| {
                store.act_as(operator);
                import::commit(&mut store, &plan, p)
            });
            (plan, result)
        });
        self.state = WizardState::Committing(job);
    }

    /// Moves finished background work into the next state.
    fn poll(&mut self) -> Option<WizardEvent> {
        let state = std::mem::replace(&mut self.state, WizardState::Idle);
        let (state, event) = match state {
            WizardState::Planning(job) => match job.poll() {
                None => (WizardState::Planning(job), None),
                Some(Ok(plan)) => (WizardState::Preview(Box::new(plan)), None),
                Some(Err(ImportError::Cancelled)) => (
                    WizardState::Idle,
                    Some(WizardEvent::Notice("已取消读取".to_string())),
                ),
                Some(Err(e)) => {
                    let m = e.to_string();
                    (WizardState::Failed(m.clone()), Some(WizardEvent::Failed(m)))
                }
            },
            WizardState::Committing(job) => match job.poll() {
                None => (WizardState::Committing(job), None),
                Some((plan, Ok(report))) => {
                    let msg = format!(
                        "已导入 {}：新增 {}，更新 {}，未变 {}，拒绝 {}",
                        plan.file,
                        report.created,
                        report.updated,
                        report.unchanged,
                        report.rejected
                    );
                    let import_id = report.import_id;
                    (
                        WizardState::Done(plan, report),
                        Some(WizardEvent::Imported {
                            message: msg,
                            import_id,
                        }),
                    )
                }
                Some((_, Err(e))) => {
                    let m = e.to_string();
                    (WizardState::Failed(m.clone()), Some(WizardEvent::Failed(m)))
                }
            },
            other => (other, None),
        };
        self.state = state;
        event
    }

    /// The status bar's part while a file is read or written: progress and 取消.
    pub fn status(&mut self, ui: &mut egui::Ui) {
        let (job, what) = match &self.state {
            WizardState::Planning(job) => (&job.progress, "读取"),
            WizardState::Committing(job) => (&job.progress, "导入"),
            _ => return,
        };
        let (done, total) = job.rows();
        let text = if job.is_cancelled() {
            format!("{what}：正在取消…")
        } else if total > 0 {
            format!("{what}：{done}/{total} 行")
        } else {
            format!("{what}…")
        };
        ui.add(
            egui::ProgressBar::new(job.fraction().unwrap_or(0.0))
                .desired_width(200.0)
                .text(text),
        );
        if ui.small_button("取消导入").clicked() {
            job.cancel();
        }
        ui.separator();
    }

    /// The wizard: choose, read, preview, confirm, done.
    fn show_wizard(
        &mut self,
        ui: &mut egui::Ui,
        db: Option<&Path>,
        operator: &Operator,
    ) -> Option<WizardEvent> {
        let mut event = self.poll();
        ui.heading("导入");
        ui.add_space(4.0);
        let ctx = ui.ctx().clone();
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
                {
                    self.start(&ctx, db, file, operator);
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
            WizardState::Planning(job) => {
                let cancel = progress_bar(ui, &job.progress, "正在读取文件");
                if cancel {
                    job.progress.cancel();
                }
                ctx.request_repaint_after(std::time::Duration::from_millis(100));
            }
            WizardState::Committing(job) => {
                let cancel = progress_bar(ui, &job.progress, "正在写入数据库");
                if cancel {
                    job.progress.cancel();
                }
                ctx.request_repaint_after(std::time::Duration::from_millis(100));
            }
            WizardState::Preview(plan) => {
                let mut confirm = false;
                let mut cancel = false;
                preview(ui, plan, &mut confirm, &mut cancel);
                if confirm {
                    let plan = match std::mem::replace(&mut self.state, WizardState::Idle) {
                        WizardState::Preview(p) => p,
                        _ => return event,
                    };
                    self.start_commit(&ctx, db, plan, operator);
                } else if cancel {
                    self.state = WizardState::Idle;
                    event = Some(WizardEvent::Notice(
                        "已取消导入，数据库未作任何改动".to_string(),
                    ));
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
                        if let Some(out) = crate::ui::widgets::save_xlsx(&name) {
                            event = Some(match crate::export::write_rejected(plan, &out) {
                                Ok(n) => WizardEvent::Notice(format!(
                                    "已保存 {n} 行到 {}",
                                    out.display()
                                )),
                                Err(e) => WizardEvent::Failed(e.to_string()),
                            });
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
        event
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
        let event = if cx.can_write {
            self.show_wizard(ui, cx.store.path(), cx.store.current_operator())
        } else {
            ui.heading("导入");
            ui.label("当前角色为“查看”，不能导入；请由经办人或管理员导入。");
            None
        };
        match event {
            Some(WizardEvent::Imported { message, import_id }) => {
                out.notify(message, false);
                // The import wrote units, people and the ledger on its own connection.
                out.push(Command::Imported(Changes {
                    kinds: Kinds::UNITS | Kinds::PEOPLE | Kinds::LEDGER | Kinds::AUDIT,
                    people: None,
                }));
                if let Some(f) = self.filing.take() {
                    let today = crate::clock::today();
                    out.write(move |s| {
                        s.record_filing(f.org, f.year, today, "随花名册导入", Some(import_id))
                            .map(|()| Some(format!("已登记{}的 {} 年三月备案", f.name, f.year)))
                            .map_err(|e| format!("备案未登记：{e}"))
                    });
                }
            }
            Some(WizardEvent::Failed(msg)) => out.error(msg),
            Some(WizardEvent::Notice(msg)) => out.notify(msg, false),
            None => {}
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

fn preview(ui: &mut egui::Ui, plan: &ImportPlan, confirm: &mut bool, cancel: &mut bool) {
    let c = plan.counts();
    ui.label(RichText::new(format!("预览：{}（{}）", plan.file, plan.kind.label())).strong());
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
