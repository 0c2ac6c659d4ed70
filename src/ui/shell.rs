//! The shell around an open county: the menus, the navigation, the status bar, the open
//! dialog, the background jobs, and the command loop. Panels draw from a read-only
//! [`Cx`] and emit [`Command`]s; after the frame is drawn the shell runs them (writes,
//! dialogs, exports, going to a unit) and then follows what the writes changed: the county
//! figures are derived again once, and the panels that read what changed are reloaded (the
//! one on screen at once, the others when next shown).

use super::dialog::{Dialog, Event};
use super::jobs::{self, Finished, Jobs};
use super::notify::Notifications;
use super::panel::{Command, Commands, Cx, Nav};
use super::panels::Panels;
use super::widgets::set_read_only;
use crate::domain::{OrgId, Permission};
use crate::export::reports::{Report, ReportOptions, ReportSummary, write_report};
use crate::stats::{CountyStats, Sources};
use crate::store::{Changes, Kinds, Store};
use std::collections::HashSet;
use std::path::Path;

/// An open county database and everything the panels show about it.
pub struct Workspace {
    pub store: Store,
    pub stats: CountyStats,
    /// What `stats` is assembled from: a write re-reads only the parts it changed.
    sources: Sources,
    pub panels: Panels,
    /// The open dialog (one at a time, modal).
    pub dialog: Option<Dialog>,
    /// Exports running in the background.
    pub jobs: Jobs,
    /// The panel on screen: brought up to date right after a write.
    pub shown: Nav,
    /// Panels whose state a write has made out of date: reloaded when next shown.
    stale: HashSet<Nav>,
    /// Set by [`Command::ReplaceDemo`], handed to the window with the frame.
    replace_demo: bool,
    /// Set by [`Command::SwitchDatabase`], handed to the window with the frame.
    switch_database: bool,
    /// When (the window's clock, seconds) others' writes were last looked for.
    followed_at: f64,
    /// The last error looking for them gave (said once, not every second).
    follow_error: Option<String>,
}

/// How often the window looks for what others (another clerk, window or command) wrote.
const FOLLOW_OTHERS_EVERY: std::time::Duration = std::time::Duration::from_secs(1);

/// What the shell tells the window after a frame.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Frame {
    pub sign_out: bool,
    /// The clerk asked for an empty database in place of the demo county's.
    pub replace_demo: bool,
    /// The clerk asked to work on another database (a server, or the file).
    pub switch_database: bool,
}

impl Workspace {
    pub fn new(store: Store) -> Result<Workspace, String> {
        let sources = Sources::load(&store, None).map_err(|e| e.to_string())?;
        let stats = CountyStats::assemble(&sources);
        let panels = Panels::load(&store).map_err(|e| e.to_string())?;
        Ok(Workspace {
            store,
            stats,
            sources,
            panels,
            dialog: None,
            jobs: Jobs::default(),
            shown: Nav::Registry,
            stale: HashSet::new(),
            replace_demo: false,
            switch_database: false,
            followed_at: 0.0,
            follow_error: None,
        })
    }

    /// Whether the signed-in operator may change staffing here: never while viewing a past
    /// date, never for the 查看 role.
    pub fn can_write(&self) -> bool {
        self.panels.registry.as_of.is_none() && self.can(Permission::StaffingWork)
    }

    /// Whether the navigation offers `n` to the signed-in operator.
    pub fn may_see(&self, n: Nav) -> bool {
        n != Nav::Audit || self.can(Permission::ReadAudit)
    }

    /// Whether the signed-in operator's role allows `p`.
    pub fn can(&self, p: Permission) -> bool {
        self.store.current_operator().can(p)
    }

    /// The unit chosen in 机构与人员.
    pub fn selected_org(&self) -> Option<OrgId> {
        self.panels.registry.selected_org
    }

    /// Follows the writes made since the last call: the county figures are derived again
    /// once, and the panels that read what changed follow (the one on screen now, the
    /// others when next shown).
    pub fn refresh(&mut self) -> Result<(), String> {
        self.refresh_with(Changes::default())
    }

    /// [`Workspace::refresh`], with `changes` made elsewhere followed in the same pass.
    fn refresh_with(&mut self, mut changes: Changes) -> Result<(), String> {
        changes.absorb(self.store.take_changes());
        self.apply(&changes).map_err(|e| e.to_string())
    }

    /// Follows a write made through another connection (an import on its own thread),
    /// with whatever others wrote meanwhile, so that it is not followed again as theirs.
    pub fn follow(&mut self, mut changes: Changes) -> Result<(), String> {
        changes.absorb(self.store.follow_others().map_err(|e| e.to_string())?);
        self.refresh_with(changes)
    }

    fn apply(&mut self, changes: &Changes) -> crate::store::Result<()> {
        let k = changes.kinds;
        if k.is_empty() {
            return Ok(());
        }
        if k.intersects(Sources::READS) {
            self.sources.follow(&self.store, k)?;
            self.stats = CountyStats::assemble(&self.sources);
        }
        for p in self.panels.iter_mut() {
            if p.follow(&self.store, changes)? {
                self.stale.insert(p.nav());
            }
        }
        self.freshen(self.shown)
    }

    /// Reloads what `nav` shows, if a write has made it out of date.
    pub fn freshen(&mut self, nav: Nav) -> crate::store::Result<()> {
        if self.stale.remove(&nav) {
            self.panels.get_mut(nav).reload(&self.store)?;
        }
        Ok(())
    }

    /// Reloads everything (another operator signed in: what they may see differs).
    pub fn reload_all(&mut self) -> Result<(), String> {
        self.store.take_changes();
        self.sources = Sources::load(&self.store, None).map_err(|e| e.to_string())?;
        self.stats = CountyStats::assemble(&self.sources);
        self.stale.clear();
        for p in self.panels.iter_mut() {
            p.reload(&self.store).map_err(|e| e.to_string())?;
        }
        Ok(())
    }

    /// The read-only context panels and dialogs draw from.
    fn cx(&self) -> Cx<'_> {
        context(&self.store, &self.stats, &self.sources, self.selected_org())
    }

    /// Draws the county: menus, navigation, status bar, the panel `nav`, the open dialog;
    /// then runs the commands they emitted and follows what the writes changed.
    pub fn show(&mut self, ui: &mut egui::Ui, nav: &mut Nav, notices: &mut Notifications) -> Frame {
        let mut out = Commands::default();
        let mut frame = Frame::default();
        set_read_only(ui.ctx(), !self.can(Permission::StaffingWork));
        // The panel about to be drawn, up to date with every write so far.
        self.shown = *nav;
        if let Err(e) = self.freshen(*nav) {
            out.error(e);
        }
        // A file dropped anywhere on the window goes to the import wizard.
        let dropped = ui.input(|i| {
            i.raw
                .dropped_files
                .iter()
                .map(|f| f.path().to_path_buf())
                .find(|p| !p.as_os_str().is_empty())
        });
        if let Some(file) = dropped {
            if self.can(Permission::StaffingWork)
                && let Some(read) = self.panels.import.read(&self.store, file)
            {
                out.push(read);
            }
            out.goto(Nav::ImportExport);
        }
        self.menu_bar(ui, &mut out, &mut frame);
        self.status_bar(ui, notices);
        egui::Panel::left("nav")
            .resizable(false)
            .default_size(120.0)
            .show(ui, |ui| {
                ui.add_space(6.0);
                for n in Nav::ALL.into_iter().filter(|n| self.may_see(*n)) {
                    if ui.selectable_label(*nav == n, n.label()).clicked() {
                        out.goto(n);
                    }
                }
            });
        egui::CentralPanel::default().show(ui, |ui| {
            // From the fields: the panel drawn is borrowed mutably beside it.
            let selected_org = self.panels.registry.selected_org;
            let cx = context(&self.store, &self.stats, &self.sources, selected_org);
            self.panels.get_mut(*nav).show(ui, &cx, &mut out);
        });
        self.show_dialog(ui.ctx(), &mut out);
        for f in self.jobs.finished() {
            match f {
                Finished::Notice((m, e)) => out.notify(m, e),
                Finished::Import(step) => self.panels.import.receive(step, &mut out),
                // Taken by the window before the frame (`App::show`).
                Finished::Checked(_) => {}
            }
        }
        self.run(ui.ctx(), out, nav, notices);
        frame.replace_demo = std::mem::take(&mut self.replace_demo);
        frame.switch_database = std::mem::take(&mut self.switch_database);
        frame
    }

    /// The open dialog; 确定 submits it (after drawing, like every write).
    fn show_dialog(&mut self, ctx: &egui::Context, out: &mut Commands) {
        let Some(mut dialog) = self.dialog.take() else {
            return;
        };
        let event = dialog.show(ctx, &self.cx(), out);
        match event {
            Event::Open => self.dialog = Some(dialog),
            Event::Close => {}
            Event::Submit => match dialog.submit(&mut self.store) {
                Some(done) => {
                    out.notify(done.message, false);
                    out.extend(done.then);
                }
                None => self.dialog = Some(dialog),
            },
        }
    }

    /// Runs the frame's commands, then follows the writes.
    fn run(
        &mut self,
        ctx: &egui::Context,
        mut out: Commands,
        nav: &mut Nav,
        notices: &mut Notifications,
    ) {
        // A command may emit more (a dialog opened by a write's result): run until none.
        while !out.is_empty() {
            for c in out.take() {
                match c {
                    Command::Goto(n) => *nav = n,
                    Command::ReplaceDemo => self.replace_demo = true,
                    Command::SwitchDatabase => self.switch_database = true,
                    Command::SelectUnit { org, show } => {
                        if let Err(e) = self.panels.registry.select_org(&self.store, org) {
                            out.error(e);
                        }
                        if show {
                            *nav = Nav::Registry;
                        }
                    }
                    Command::Select { nav: n, id } => {
                        // After the write that made it: the panel is up to date first.
                        if let Err(e) = self.refresh() {
                            out.error(e);
                        }
                        if let Err(e) = self.panels.get_mut(n).select(&self.store, id) {
                            out.error(e);
                        }
                        *nav = n;
                    }
                    Command::Open(mut form) => {
                        form.load(&self.store);
                        self.dialog = Some(Dialog::new(form));
                    }
                    Command::Export { report, year, org } => {
                        if let Some(n) = self.export_report(ctx, report, year, org) {
                            out.notify(n.0, n.1);
                        }
                    }
                    Command::Notice(issue) => match issue(&mut self.store) {
                        Ok(n) => {
                            let name = format!("{}{}.xlsx", n.kind.label(), n.number);
                            match super::widgets::save_xlsx(&name) {
                                Some(path) => match crate::export::write_notice(&n, &path) {
                                    Ok(()) => notices.push(
                                        format!(
                                            "已出具{} {}：{}",
                                            n.kind.label(),
                                            n.number,
                                            path.display()
                                        ),
                                        false,
                                    ),
                                    Err(e) => notices.push(e.to_string(), true),
                                },
                                None => notices.push(
                                    format!(
                                        "{} {} 已出具，未保存文件（可随时重新打印）",
                                        n.kind.label(),
                                        n.number
                                    ),
                                    false,
                                ),
                            }
                        }
                        Err(e) => notices.push(e, true),
                    },
                    Command::ImportForFiling(target) => {
                        self.panels.import.filing = Some(target);
                        *nav = Nav::ImportExport;
                    }
                    Command::Notify(text, error) => notices.push(text, error),
                    Command::Write(op) => match op(&mut self.store) {
                        Ok(Some(m)) => notices.push(m, false),
                        Ok(None) => {}
                        Err(e) => notices.push(e, true),
                    },
                    Command::Task {
                        title,
                        progress,
                        work,
                    } => self.jobs.start_task(ctx, title, progress, work),
                    Command::Imported(changes) => {
                        if let Err(e) = self.follow(changes) {
                            out.error(e);
                        }
                    }
                }
            }
        }
        self.follow_others(ctx, notices);
        // Writes made by the commands are followed once, after the frame.
        self.shown = *nav;
        if let Err(e) = self
            .refresh()
            .and_then(|()| self.freshen(*nav).map_err(|e| e.to_string()))
        {
            notices.push(e, true);
        }
    }

    /// Others' writes (another clerk, window or command), looked for once a second (one
    /// pragma when there are none) and followed; an open dialog whose figures they changed
    /// shows them before its next 确定 goes through. An error is said once, not every second.
    fn follow_others(&mut self, ctx: &egui::Context, notices: &mut Notifications) {
        ctx.request_repaint_after(FOLLOW_OTHERS_EVERY);
        let now = ctx.input(|i| i.time);
        if now - self.followed_at < FOLLOW_OTHERS_EVERY.as_secs_f64() {
            return;
        }
        self.followed_at = now;
        let theirs = match self.store.follow_others() {
            Ok(theirs) => {
                self.follow_error = None;
                theirs
            }
            Err(e) => {
                let e = e.to_string();
                if self.follow_error.as_ref() != Some(&e) {
                    notices.push(format!("无法查看其他经办人的改动：{e}"), true);
                    self.follow_error = Some(e);
                }
                return;
            }
        };
        if theirs.is_empty() {
            return;
        }
        let matters = theirs.kinds.intersects(Kinds::ALL.without(Kinds::AUDIT));
        let before = self.dialog.as_ref().map(|d| d.watched(&self.cx()));
        if let Err(e) = self.refresh_with(theirs) {
            notices.push(e, true);
        }
        let after = self.dialog.as_ref().map(|d| d.watched(&self.cx()));
        let changed = match (before, after) {
            (Some(Some(b)), Some(Some(a))) => a != b,
            _ => matters,
        };
        if changed && let Some(d) = &mut self.dialog {
            d.changed_underneath(&self.store);
        }
    }

    fn menu_bar(&self, ui: &mut egui::Ui, out: &mut Commands, frame: &mut Frame) {
        let year = self.panels.overview.year;
        let org = self.selected_org();
        egui::Panel::top("menu_bar").show(ui, |ui| {
            egui::MenuBar::new().ui(ui, |ui| {
                ui.menu_button("文件", |ui| {
                    if ui.button("导入…").clicked() {
                        out.goto(Nav::ImportExport);
                    }
                    ui.menu_button("导出报表", |ui| {
                        for report in Report::ALL {
                            if ui.button(format!("{}…", report.title())).clicked() {
                                out.push(Command::Export {
                                    report,
                                    year: Some(year),
                                    org,
                                });
                            }
                        }
                    });
                    if ui.button("切换操作员…").clicked() {
                        frame.sign_out = true;
                    }
                    if ui.button("退出").clicked() {
                        ui.ctx().send_viewport_cmd(egui::ViewportCommand::Close);
                    }
                });
                ui.add_enabled_ui(self.can_write(), |ui| {
                    ui.menu_button("编辑", |ui| {
                        for kind in super::panels::registry::actions::ActionKind::MENU {
                            if ui.button(format!("{}…", kind.title())).clicked() {
                                out.open(super::panels::registry::actions::ActionForm::new(
                                    kind, org, None,
                                ));
                            }
                        }
                    })
                });
                ui.menu_button("视图", |ui| {
                    for n in Nav::ALL.into_iter().filter(|n| self.may_see(*n)) {
                        if ui.button(n.label()).clicked() {
                            out.goto(n);
                        }
                    }
                    ui.separator();
                    zoom_menu(ui);
                });
                ui.menu_button("帮助", |ui| {
                    if ui.button("使用说明…").clicked() {
                        out.open(super::help::Help::guide());
                    }
                    if ui.button("快捷键…").clicked() {
                        out.open(super::help::Help::shortcuts());
                    }
                    ui.separator();
                    ui.label(format!("编制通 {}", env!("CARGO_PKG_VERSION")));
                    ui.label("县机构编制实名制台账");
                });
            });
        });
    }

    fn status_bar(&mut self, ui: &mut egui::Ui, notices: &mut Notifications) {
        egui::Panel::bottom("status_bar").show(ui, |ui| {
            ui.horizontal(|ui| {
                let path = match (self.store.path(), self.store.server()) {
                    (Some(p), _) => p.display().to_string(),
                    (None, Some(server)) => format!("服务器 {server}"),
                    (None, None) => "（内存数据库）".to_string(),
                };
                ui.label(format!("数据库：{path}"));
                ui.separator();
                let op = self.store.current_operator();
                ui.label(format!("操作员：{}（{}）", op.name, op.role.label()));
                if !op.can(Permission::StaffingWork) {
                    ui.colored_label(super::theme::READ_ONLY, "只读：当前角色只能浏览和导出");
                }
                ui.separator();
                let s = &self.stats.summary;
                ui.label(format!(
                    "单位 {} 个 · 在编 {} 人 · 台账 {} 条",
                    s.orgs, s.people_on_post, s.ledger_entries
                ));
                ui.separator();
                self.jobs.status(ui);
                notices.status(ui);
            });
        });
    }

    /// Forgets what the operator who signed out had open.
    pub fn sign_out(&mut self) {
        self.store.act_as(crate::domain::Operator {
            name: String::new(),
            role: crate::domain::Role::Viewer,
        });
        self.dialog = None;
        self.panels.registry.reveal_ids = false;
    }

    /// Exports a report: the 统计年报 for `year`, the 管理证 and 花名册 of `org` (the 花名册
    /// in the columns the clerk chose for the people table). ID numbers are masked unless
    /// the operator has revealed them in the registry (then the export is logged too). The
    /// file is written on another thread (a job in the status bar); returns a notice when it
    /// could not start, or when it was written at once (a database in memory has no file to
    /// share).
    fn export_report(
        &mut self,
        ctx: &egui::Context,
        r: Report,
        year: Option<i32>,
        org: Option<OrgId>,
    ) -> Option<jobs::Outcome> {
        // The 统计年报's year, unless asked for another: the one chosen in 总览.
        let year = year.or(Some(self.panels.overview.year));
        let per_unit = matches!(r, Report::Unit | Report::Roster);
        if per_unit && org.is_none() {
            return Some(("请先在“机构与人员”中选择单位".to_string(), true));
        }
        let name = match (r, year) {
            (Report::Annual, Some(year)) => format!("{year}年{}.xlsx", r.title()),
            _ => format!("{}.xlsx", r.title()),
        };
        let path = super::widgets::save_xlsx(&name)?;
        let full_ids = self.panels.registry.reveal_ids;
        if full_ids
            && let Err(e) = self
                .store
                .reveal_ids(&format!("导出{}：{}", r.title(), path.display()))
        {
            return Some((e.to_string(), true));
        }
        // The 花名册 has the columns the clerk chose for the people table.
        let columns = (r == Report::Roster)
            .then(|| {
                super::panels::registry::people_index::PeopleView::of_clerk(ctx, &self.store)
                    .chosen_columns()
            })
            .flatten();
        let opts = ReportOptions {
            year,
            full_ids,
            // 内设机构人员表: the unit chosen, or every unit with divisions; a 整改通知书 is
            // the unit's the clerk asked it for.
            org: if per_unit || matches!(r, Report::Divisions | Report::RectificationNotice) {
                org
            } else {
                None
            },
            columns,
            ..ReportOptions::default()
        };
        let Some(db) = self.store.path().map(Path::to_path_buf) else {
            let written = write_report(&self.store, r, &opts, &path).map_err(|e| e.to_string());
            return Some(report_outcome(r, &path, written, false));
        };
        let operator = self.store.current_operator().clone();
        self.jobs
            .start(ctx, format!("导出{}", r.title()), move |progress| {
                let written = Store::open(&db)
                    .map_err(|e| e.to_string())
                    .and_then(|mut store| {
                        store.act_as(operator);
                        write_report(&store, r, &opts, &path).map_err(|e| e.to_string())
                    });
                report_outcome(r, &path, written, progress.is_cancelled())
            });
        None
    }
}

/// The read-only context of a frame: the store, the county's figures, the units, the unit
/// chosen in 机构与人员 and whether the operator's role may change staffing.
fn context<'a>(
    store: &'a Store,
    stats: &'a CountyStats,
    sources: &'a Sources,
    selected_org: Option<OrgId>,
) -> Cx<'a> {
    Cx {
        store,
        stats,
        orgs: sources.orgs(),
        selected_org,
        can_write: store.current_operator().can(Permission::StaffingWork),
    }
}

/// What an export of `r` to `path` says when it ends. A cancelled export leaves no file,
/// whether or not it was written by then.
fn report_outcome(
    r: Report,
    path: &Path,
    written: Result<ReportSummary, String>,
    cancelled: bool,
) -> jobs::Outcome {
    if cancelled {
        let _ = std::fs::remove_file(path);
        return (format!("已取消导出{}", r.title()), false);
    }
    match written {
        Ok(s) => (
            format!("已导出{}（{} 行）：{}", r.title(), s.rows, path.display()),
            false,
        ),
        Err(e) => (e, true),
    }
}

/// 放大, 缩小, 实际大小 (Ctrl +, Ctrl −, Ctrl 0 work anywhere: egui handles the keys).
fn zoom_menu(ui: &mut egui::Ui) {
    use egui::gui_zoom::{kb_shortcuts, zoom_in, zoom_out};
    let ctx = ui.ctx().clone();
    let zoom = ctx.zoom_factor();
    let button = |text: &str, shortcut| {
        egui::Button::new(text.to_string()).shortcut_text(ctx.format_shortcut(shortcut))
    };
    if ui
        .add_enabled(zoom < 3.0, button("放大", &kb_shortcuts::ZOOM_IN))
        .clicked()
    {
        zoom_in(&ctx);
    }
    if ui
        .add_enabled(zoom > 0.5, button("缩小", &kb_shortcuts::ZOOM_OUT))
        .clicked()
    {
        zoom_out(&ctx);
    }
    if ui
        .add_enabled(zoom != 1.0, button("实际大小", &kb_shortcuts::ZOOM_RESET))
        .clicked()
    {
        ctx.set_zoom_factor(1.0);
    }
}
