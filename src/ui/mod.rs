//! The desktop app (eframe/egui): a thin layer of panels over the store, the ledger and the
//! stats. Every number shown comes from [`CountyStats`] or the store.

pub mod actions;
pub mod applications;
pub mod audit;
pub mod evaluation;
pub mod fonts;
pub mod import_wizard;
pub mod jobs;
pub mod login;
pub mod notify;
pub mod overview;
pub mod people_index;
pub mod registry;
pub mod report;
pub mod settings;
pub mod township;
pub mod turnover;

use crate::domain::Permission;
use crate::stats::{CountyStats, Sources};
use crate::store::{Changes, Kinds, Store};
use actions::ActionForm;
use registry::RegistryState;
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// The navigation list on the left.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Nav {
    Overview,
    Registry,
    Township,
    Turnover,
    Applications,
    Evaluation,
    ImportExport,
    Audit,
    Settings,
}

impl Nav {
    pub const ALL: [Nav; 9] = [
        Nav::Overview,
        Nav::Registry,
        Nav::Township,
        Nav::Turnover,
        Nav::Applications,
        Nav::Evaluation,
        Nav::ImportExport,
        Nav::Audit,
        Nav::Settings,
    ];
    pub fn label(self) -> &'static str {
        match self {
            Nav::Overview => "总览",
            Nav::Registry => "机构与人员",
            Nav::Township => "乡镇编制",
            Nav::Turnover => "周转编制",
            Nav::Applications => "编制事项",
            Nav::Evaluation => "评估",
            Nav::ImportExport => "导入导出",
            Nav::Audit => "操作日志",
            Nav::Settings => "设置",
        }
    }

    /// What the panel's own state is loaded from: it is reloaded (when next shown) after a
    /// write that changed any of it. The registry follows writes itself
    /// ([`RegistryState::apply`]); the log is searched again after any write.
    fn reads(self) -> Kinds {
        use Kinds as K;
        let registry = K::UNITS | K::PEOPLE | K::LEDGER;
        match self {
            // Leaders over the approved numbers.
            Nav::Overview => K::UNITS | K::PEOPLE,
            Nav::Township => registry | K::TOWNSHIPS | K::SETTINGS,
            Nav::Turnover => registry | K::TURNOVER | K::SETTINGS,
            Nav::Applications => registry | K::APPLICATIONS | K::EVALUATIONS,
            // Automatic items read the whole county.
            Nav::Evaluation => {
                registry
                    | K::TOWNSHIPS
                    | K::TURNOVER
                    | K::APPLICATIONS
                    | K::EVALUATIONS
                    | K::SETTINGS
            }
            // The backups list grows with a backup (logged).
            Nav::Settings => K::SETTINGS | K::OPERATORS | K::AUDIT,
            Nav::Registry | Nav::ImportExport | Nav::Audit => K::NONE,
        }
    }

    /// Other panels' state this panel draws from.
    fn draws_from(self) -> &'static [Nav] {
        match self {
            Nav::Overview => &[Nav::Turnover, Nav::Township, Nav::Evaluation],
            _ => &[],
        }
    }
}

/// A unit's name for the panels' lists.
pub(crate) fn org_name(orgs: &[crate::domain::Org], id: crate::domain::OrgId) -> &str {
    orgs.iter()
        .find(|o| o.id == id)
        .map_or("（未知单位）", |o| o.name.as_str())
}

const READ_ONLY_KEY: &str = "bianzhi.read_only";

/// Whether the signed-in operator may only look (查看): dialogs then offer no 确定.
pub(crate) fn read_only(ctx: &egui::Context) -> bool {
    ctx.data(|d| d.get_temp::<bool>(egui::Id::unique(READ_ONLY_KEY)))
        .unwrap_or(false)
}

fn set_read_only(ctx: &egui::Context, read_only: bool) {
    ctx.data_mut(|d| d.insert_temp(egui::Id::unique(READ_ONLY_KEY), read_only));
}

/// 确定 of a dialog that writes: disabled for an operator who may only look.
pub(crate) fn confirm_button(ui: &mut egui::Ui) -> bool {
    write_button(ui, egui::Button::new("确定"))
}

/// A button that writes at once: disabled for an operator who may only look.
pub(crate) fn write_button(ui: &mut egui::Ui, button: egui::Button<'_>) -> bool {
    ui.add_enabled(!read_only(ui.ctx()), button)
        .on_disabled_hover_text("当前角色只能查看，不能办理")
        .clicked()
}

/// A centred dialog: its fields in a two-column grid, the error when there is one, 确定 and
/// 取消. Returns whether 确定 was clicked and whether the dialog is to close (取消 or ×).
pub(crate) fn dialog(
    ctx: &egui::Context,
    title: &str,
    id: &str,
    error: Option<&str>,
    fields: impl FnOnce(&mut egui::Ui),
) -> (bool, bool) {
    let (mut open, mut close, mut confirm) = (true, false, false);
    egui::Window::new(title)
        .collapsible(false)
        .resizable(true)
        .anchor(egui::Align2::CENTER_CENTER, [0.0, 0.0])
        .open(&mut open)
        .show(ctx, |ui| {
            egui::Grid::new(id).num_columns(2).show(ui, fields);
            if let Some(e) = error {
                ui.colored_label(egui::Color32::from_rgb(200, 30, 30), e);
            }
            ui.horizontal(|ui| {
                confirm = confirm_button(ui);
                close = ui.button("取消").clicked();
            });
        });
    (confirm, !open || close)
}

/// Exports a report (文件 menu, 导入导出 panel): the 统计年报 for the overview's year, the
/// 管理证 and 花名册 of the unit selected in the registry. ID numbers are masked unless the
/// operator has revealed them in the registry (then the export is logged too). The file is
/// written on another thread (a job in the status bar); returns a notice when it could not
/// start, or when it was written at once (a database in memory has no file to share).
fn export_report(
    ctx: &egui::Context,
    w: &mut Workspace,
    r: crate::export::reports::Report,
) -> Option<(String, bool)> {
    use crate::export::reports::{Report, ReportOptions, write_report};
    let org = w.registry.selected_org;
    if matches!(r, Report::Unit | Report::Roster) && org.is_none() {
        return Some(("请先在“机构与人员”中选择单位".to_string(), true));
    }
    let year = w.overview.year;
    let name = match r {
        Report::Annual => format!("{year}年{}.xlsx", r.title()),
        _ => format!("{}.xlsx", r.title()),
    };
    let path = rfd::FileDialog::new()
        .set_file_name(name)
        .add_filter("Excel", &["xlsx"])
        .save_file()?;
    let full_ids = w.registry.reveal_ids;
    if full_ids
        && let Err(e) = w
            .store
            .reveal_ids(&format!("导出{}：{}", r.title(), path.display()))
    {
        return Some((e.to_string(), true));
    }
    let opts = ReportOptions {
        year: Some(year),
        full_ids,
        org: if matches!(r, Report::Unit | Report::Roster) {
            org
        } else {
            None
        },
        ..ReportOptions::default()
    };
    let Some(db) = w.store.path().map(Path::to_path_buf) else {
        let written = write_report(&w.store, r, &opts, &path).map_err(|e| e.to_string());
        return Some(report_outcome(r, &path, written, false));
    };
    let operator = w.store.current_operator().clone();
    w.jobs
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

/// What an export of `r` to `path` says when it ends. A cancelled export leaves no file,
/// whether or not it was written by then.
fn report_outcome(
    r: crate::export::reports::Report,
    path: &Path,
    written: Result<crate::export::reports::ReportSummary, String>,
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

/// An open county database and everything the panels show about it.
pub struct Workspace {
    pub store: Store,
    pub stats: CountyStats,
    /// What `stats` is assembled from: a write re-reads only the parts it changed.
    sources: Sources,
    pub registry: RegistryState,
    pub form: Option<ActionForm>,
    pub import: import_wizard::ImportWizard,
    pub township: township::TownshipState,
    pub turnover: turnover::TurnoverState,
    pub applications: applications::ApplicationsState,
    pub evaluation: evaluation::EvaluationState,
    pub overview: overview::OverviewState,
    pub settings: settings::SettingsState,
    pub audit: audit::AuditState,
    /// Exports running in the background.
    pub jobs: jobs::Jobs,
    /// The panel on screen: brought up to date right after a write.
    pub shown: Nav,
    /// Panels whose state a write has made out of date: reloaded when next shown.
    stale: HashSet<Nav>,
}

impl Workspace {
    pub fn new(store: Store) -> Result<Workspace, String> {
        let sources = Sources::load(&store, None).map_err(|e| e.to_string())?;
        let stats = CountyStats::assemble(&sources);
        let registry = RegistryState::load(&store).map_err(|e| e.to_string())?;
        let township = township::TownshipState::load(&store).map_err(|e| e.to_string())?;
        let turnover = turnover::TurnoverState::load(&store).map_err(|e| e.to_string())?;
        let applications =
            applications::ApplicationsState::load(&store).map_err(|e| e.to_string())?;
        let evaluation = evaluation::EvaluationState::load(&store).map_err(|e| e.to_string())?;
        let overview = overview::OverviewState::load(&store).map_err(|e| e.to_string())?;
        let settings = settings::SettingsState::load(&store).map_err(|e| e.to_string())?;
        Ok(Workspace {
            store,
            stats,
            sources,
            registry,
            form: None,
            import: import_wizard::ImportWizard::default(),
            township,
            turnover,
            applications,
            evaluation,
            overview,
            settings,
            audit: audit::AuditState::default(),
            jobs: jobs::Jobs::default(),
            shown: Nav::Registry,
            stale: HashSet::new(),
        })
    }

    /// Whether the signed-in operator may change staffing here: never while viewing a past
    /// date, never for the 查看 role.
    pub fn can_write(&self) -> bool {
        self.registry.as_of.is_none() && self.store.current_operator().can(Permission::StaffingWork)
    }

    /// Whether the navigation offers `n` to the signed-in operator.
    pub fn may_see(&self, n: Nav) -> bool {
        n != Nav::Audit || self.can(Permission::ReadAudit)
    }

    /// Whether the signed-in operator's role allows `p`.
    pub fn can(&self, p: Permission) -> bool {
        self.store.current_operator().can(p)
    }

    /// The figures the registry shows: the county now, or as of the date it is viewing.
    pub fn view_stats(&self) -> &CountyStats {
        self.registry.past.as_ref().unwrap_or(&self.stats)
    }

    /// Follows the writes made since the last call: the county figures are derived again
    /// once, the registry updates the rows that changed, and the panels that read what
    /// changed reload (the one on screen now, the others when next shown).
    pub fn refresh(&mut self) -> Result<(), String> {
        let changes = self.store.take_changes();
        self.apply(&changes).map_err(|e| e.to_string())
    }

    /// Follows a write made through another connection (an import on its own thread).
    pub fn follow(&mut self, mut changes: Changes) -> Result<(), String> {
        changes.absorb(self.store.take_changes());
        self.apply(&changes).map_err(|e| e.to_string())
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
        self.registry.apply(&self.store, changes)?;
        if k.intersects(Kinds::AUDIT) {
            self.audit.invalidate();
        }
        self.stale
            .extend(Nav::ALL.into_iter().filter(|n| n.reads().intersects(k)));
        self.freshen(self.shown)
    }

    /// Reloads what `nav` shows, if a write has made it out of date.
    pub fn freshen(&mut self, nav: Nav) -> crate::store::Result<()> {
        for &n in std::iter::once(&nav).chain(nav.draws_from()) {
            if self.stale.remove(&n) {
                self.reload(n)?;
            }
        }
        if nav == Nav::Registry && self.registry.people_stale {
            self.registry.reload(&self.store)?;
        }
        Ok(())
    }

    fn reload(&mut self, n: Nav) -> crate::store::Result<()> {
        let s = &self.store;
        match n {
            Nav::Overview => self.overview.reload(s),
            Nav::Registry => self.registry.reload(s),
            Nav::Township => self.township.reload(s),
            Nav::Turnover => self.turnover.reload(s),
            Nav::Applications => self.applications.reload(s),
            Nav::Evaluation => self.evaluation.reload(s),
            Nav::Settings => self.settings.reload(s),
            Nav::Audit => {
                self.audit.invalidate();
                Ok(())
            }
            Nav::ImportExport => Ok(()),
        }
    }

    /// Reloads everything (another operator signed in: what they may see differs).
    pub fn reload_all(&mut self) -> Result<(), String> {
        self.store.take_changes();
        self.sources = Sources::load(&self.store, None).map_err(|e| e.to_string())?;
        self.stats = CountyStats::assemble(&self.sources);
        self.stale.clear();
        for n in Nav::ALL {
            self.reload(n).map_err(|e| e.to_string())?;
        }
        Ok(())
    }
}

/// What the window shows: the first-start choice, or an open county.
pub enum Screen {
    /// First start, or a database that cannot be used (then `error` says why and `backup`
    /// is the newest good backup, when there is one).
    Welcome {
        path: PathBuf,
        error: Option<String>,
        backup: Option<PathBuf>,
    },
    Open(Box<Workspace>),
}

pub struct App {
    pub screen: Screen,
    pub nav: Nav,
    /// Results and errors: toasts, the status bar's last line, a history.
    pub notices: notify::Notifications,
    /// The check of the database on open (integrity, `check`, then the daily backup) runs
    /// on another thread; until it reports, the window shows the county but takes no input,
    /// so nothing is written to a database that may be damaged.
    opening_check: Option<std::sync::mpsc::Receiver<Result<(), (String, bool)>>>,
    /// The sign-in form, until an operator has signed in.
    pub login: Option<login::LoginState>,
}

const NAV_KEY: &str = "bianzhi.nav";

impl App {
    /// Opens the database at `path`; when it does not exist yet, shows the first-start
    /// choice (empty database or demo county).
    pub fn new(path: &Path) -> App {
        let mut opening_check = None;
        let mut login = None;
        let screen = if path.exists() {
            let opened = Store::open(path)
                .map_err(|e| {
                    let damaged = !matches!(e, crate::store::StoreError::TooNew { .. });
                    (e.to_string(), damaged)
                })
                .and_then(|s| Workspace::new(s).map_err(|e| (e, true)));
            match opened {
                Ok(w) => {
                    login = Some(login::LoginState::for_store(&w.store));
                    let (tx, rx) = std::sync::mpsc::channel();
                    let p = path.to_path_buf();
                    let day = crate::clock::Inherit::capture();
                    std::thread::spawn(move || {
                        day.enter();
                        let _ = tx.send(check_on_open(&p));
                    });
                    opening_check = Some(rx);
                    Screen::Open(Box::new(w))
                }
                Err((e, damaged)) => Screen::Welcome {
                    path: path.to_path_buf(),
                    error: Some(e),
                    backup: if damaged {
                        crate::store::backup::newest_good_backup(path)
                    } else {
                        None
                    },
                },
            }
        } else {
            Screen::Welcome {
                path: path.to_path_buf(),
                error: None,
                backup: None,
            }
        };
        App {
            screen,
            nav: Nav::Registry,
            notices: notify::Notifications::default(),
            opening_check,
            login,
        }
    }

    /// An app on an already open store (tests).
    pub fn with_store(store: Store) -> Result<App, String> {
        Ok(App {
            screen: Screen::Open(Box::new(Workspace::new(store)?)),
            nav: Nav::Registry,
            notices: notify::Notifications::default(),
            opening_check: None,
            login: None,
        })
    }

    pub fn workspace(&mut self) -> Option<&mut Workspace> {
        match &mut self.screen {
            Screen::Open(w) => Some(w),
            Screen::Welcome { .. } => None,
        }
    }

    pub fn toast(&mut self, text: impl Into<String>, error: bool) {
        self.notices.push(text, error);
    }

    /// The whole window.
    /// Whether the check on open is still running.
    pub fn checking(&self) -> bool {
        self.opening_check.is_some()
    }

    pub fn show(&mut self, ui: &mut egui::Ui) {
        if let Some(rx) = &self.opening_check {
            match rx.try_recv() {
                Ok(Ok(())) => {
                    self.opening_check = None;
                    // The daily backup was just taken: list it.
                    if let Screen::Open(w) = &mut self.screen
                        && let Err(e) = w.settings.reload(&w.store)
                    {
                        self.notices.push(e.to_string(), true);
                    }
                }
                Ok(Err((e, damaged))) => {
                    self.opening_check = None;
                    if let Screen::Open(w) = &self.screen
                        && let Some(path) = w.store.path().map(Path::to_path_buf)
                    {
                        let backup = if damaged {
                            crate::store::backup::newest_good_backup(&path)
                        } else {
                            None
                        };
                        if damaged {
                            self.screen = Screen::Welcome {
                                path,
                                error: Some(e),
                                backup,
                            };
                        } else {
                            self.toast(e, true);
                        }
                    }
                }
                Err(std::sync::mpsc::TryRecvError::Empty) => {
                    ui.ctx().request_repaint_after(Duration::from_millis(50));
                }
                Err(std::sync::mpsc::TryRecvError::Disconnected) => self.opening_check = None,
            }
        }
        match &mut self.screen {
            Screen::Welcome {
                path,
                error,
                backup,
            } => {
                let path = path.clone();
                let error = error.clone();
                let backup = backup.clone();
                match welcome(ui, &path, error.as_deref(), backup.as_deref()) {
                    Some(Choice::Demo) => self.start(&path, true),
                    Some(Choice::Empty) => self.start(&path, false),
                    Some(Choice::Restore) => {
                        if let Some(b) = backup {
                            self.restore_damaged(&path, &b);
                        }
                    }
                    None => {}
                }
            }
            Screen::Open(w) => {
                if let Some(form) = &mut self.login {
                    let enabled = self.opening_check.is_none();
                    if login::show(ui, form, &mut w.store, enabled) {
                        self.login = None;
                        if !w.can(Permission::ReadAudit) && self.nav == Nav::Audit {
                            self.nav = Nav::Registry;
                        }
                        let name = w.store.operator().to_string();
                        if let Err(e) = w.reload_all() {
                            self.toast(e, true);
                        }
                        self.toast(format!("{name}，您好"), false);
                    }
                } else {
                    self.show_workspace(ui);
                }
            }
        }
        self.show_toasts(ui);
    }

    /// Replaces a damaged database with a good backup. The damaged file is kept beside it
    /// (renamed), so nothing is lost.
    fn restore_damaged(&mut self, path: &Path, backup: &Path) {
        let kept = path.with_extension(format!(
            "damaged-{}.db",
            crate::clock::now().format("%Y%m%d-%H%M%S")
        ));
        let moved = [
            (path.to_path_buf(), kept.clone()),
            (path.with_extension("db-wal"), kept.with_extension("db-wal")),
            (path.with_extension("db-shm"), kept.with_extension("db-shm")),
        ]
        .into_iter()
        .filter(|(from, _)| from.exists())
        .try_for_each(|(from, to)| std::fs::rename(from, to));
        let result = moved
            .and_then(|()| std::fs::copy(backup, path).map(|_| ()))
            .map_err(|e| format!("无法恢复备份：{e}"))
            .and_then(|()| open_checked(path).map_err(|(e, _)| e));
        match result {
            Ok(w) => {
                self.login = Some(login::LoginState::for_store(&w.store));
                self.screen = Screen::Open(Box::new(w));
                self.toast(
                    format!("已从备份恢复；损坏的数据库保留为 {}", kept.display()),
                    false,
                );
            }
            Err(e) => {
                self.screen = Screen::Welcome {
                    path: path.to_path_buf(),
                    error: Some(e),
                    backup: None,
                }
            }
        }
    }

    fn start(&mut self, path: &Path, demo: bool) {
        let opened = Store::open(path)
            .map_err(|e| e.to_string())
            .and_then(|mut s| {
                if demo {
                    crate::demo::fill(&mut s).map_err(|e| e.to_string())?;
                }
                Workspace::new(s)
            });
        match opened {
            Ok(w) => {
                self.login = Some(login::LoginState::for_store(&w.store));
                self.screen = Screen::Open(Box::new(w));
                self.toast(
                    if demo {
                        "已载入示范县"
                    } else {
                        "已创建空数据库"
                    },
                    false,
                );
            }
            Err(e) => {
                self.screen = Screen::Welcome {
                    path: path.to_path_buf(),
                    error: Some(e),
                    backup: None,
                }
            }
        }
    }

    fn show_workspace(&mut self, ui: &mut egui::Ui) {
        let mut nav = self.nav;
        let mut messages: Vec<(String, bool)> = Vec::new();
        if self.opening_check.is_some() {
            // Shown, not yet usable: the database is being checked.
            ui.disable();
        }
        let Screen::Open(w) = &mut self.screen else {
            return;
        };
        let notices = &mut self.notices;
        let can_write = w.can(Permission::StaffingWork);
        set_read_only(ui.ctx(), !can_write);
        // The panel about to be drawn, up to date with every write so far.
        w.shown = nav;
        if let Err(e) = w.freshen(nav) {
            messages.push((e.to_string(), true));
        }
        let mut sign_out = false;
        // A file dropped anywhere on the window goes to the import wizard.
        if ui.input(|i| !i.raw.dropped_files.is_empty()) {
            nav = Nav::ImportExport;
        }
        egui::Panel::top("menu_bar").show(ui, |ui| {
            egui::MenuBar::new().ui(ui, |ui| {
                ui.menu_button("文件", |ui| {
                    if ui.button("导入…").clicked() {
                        nav = Nav::ImportExport;
                    }
                    ui.menu_button("导出报表", |ui| {
                        for r in crate::export::reports::Report::ALL {
                            if ui.button(format!("{}…", r.title())).clicked() {
                                messages.extend(export_report(ui.ctx(), w, r));
                            }
                        }
                    });
                    if ui.button("切换操作员…").clicked() {
                        sign_out = true;
                    }
                    if ui.button("退出").clicked() {
                        ui.ctx().send_viewport_cmd(egui::ViewportCommand::Close);
                    }
                });
                ui.add_enabled_ui(can_write, |ui| {
                    ui.menu_button("编辑", |ui| {
                        for kind in actions::ActionKind::MENU {
                            if ui.button(format!("{}…", kind.title())).clicked() {
                                w.form = Some(ActionForm::new(kind, w.registry.selected_org, None));
                                nav = Nav::Registry;
                            }
                        }
                    })
                });
                ui.menu_button("视图", |ui| {
                    for n in Nav::ALL.into_iter().filter(|n| w.may_see(*n)) {
                        if ui.button(n.label()).clicked() {
                            nav = n;
                        }
                    }
                    ui.separator();
                    zoom_menu(ui);
                });
                ui.menu_button("帮助", |ui| {
                    ui.label(format!("编制通 {}", env!("CARGO_PKG_VERSION")));
                    ui.label("县机构编制实名制台账");
                });
            });
        });
        egui::Panel::bottom("status_bar").show(ui, |ui| {
            ui.horizontal(|ui| {
                let path = w
                    .store
                    .path()
                    .map(|p| p.display().to_string())
                    .unwrap_or_else(|| "（内存数据库）".to_string());
                ui.label(format!("数据库：{path}"));
                ui.separator();
                let op = w.store.current_operator();
                ui.label(format!("操作员：{}（{}）", op.name, op.role.label()));
                if !op.can(Permission::StaffingWork) {
                    ui.colored_label(
                        egui::Color32::from_rgb(160, 90, 0),
                        "只读：当前角色只能浏览和导出",
                    );
                }
                ui.separator();
                let s = &w.stats.summary;
                ui.label(format!(
                    "单位 {} 个 · 在编 {} 人 · 台账 {} 条",
                    s.orgs, s.people_on_post, s.ledger_entries
                ));
                ui.separator();
                w.jobs.status(ui);
                notices.status(ui);
            });
        });
        egui::Panel::left("nav")
            .resizable(false)
            .default_size(120.0)
            .show(ui, |ui| {
                ui.add_space(6.0);
                for n in Nav::ALL.into_iter().filter(|n| w.may_see(*n)) {
                    if ui.selectable_label(nav == n, n.label()).clicked() {
                        nav = n;
                    }
                }
            });
        egui::CentralPanel::default().show(ui, |ui| match nav {
            Nav::Registry => messages.extend(registry::show(ui, w)),
            Nav::Turnover => messages.extend(turnover::show(ui, w)),
            Nav::Applications => messages.extend(applications::show(ui, w)),
            Nav::Evaluation => messages.extend(evaluation::show(ui, w)),
            Nav::Settings => messages.extend(settings::show(ui, w)),
            Nav::Audit => messages.extend(audit::show(ui, w)),
            Nav::Overview => {
                messages.extend(overview::show(ui, w));
                if let Some(n) = w.overview.goto.take() {
                    nav = n;
                }
            }
            Nav::Township => {
                messages.extend(township::show(ui, w));
                if w.import.filing.is_some() && std::mem::take(&mut w.township.open_import) {
                    nav = Nav::ImportExport;
                }
            }
            Nav::ImportExport => {
                let db = w.store.path().map(Path::to_path_buf);
                let operator = w.store.current_operator().clone();
                let event = if can_write {
                    w.import.show(ui, db.as_deref(), &operator)
                } else {
                    ui.heading("导入");
                    ui.label("当前角色为“查看”，不能导入；请由经办人或管理员导入。");
                    None
                };
                match event {
                    Some(import_wizard::WizardEvent::Imported { message, import_id }) => {
                        messages.push((message, false));
                        if let Some(f) = w.import.filing.take() {
                            let today = crate::clock::today();
                            let filed = w.store.write(|tx| {
                                tx.record_filing(
                                    f.org,
                                    f.year,
                                    today,
                                    "随花名册导入",
                                    Some(import_id),
                                )
                            });
                            messages.push(match filed {
                                Ok(()) => {
                                    (format!("已登记{}的 {} 年三月备案", f.name, f.year), false)
                                }
                                Err(e) => (format!("备案未登记：{e}"), true),
                            });
                        }
                        // The import wrote units, people and the ledger on its own connection.
                        let imported = Changes {
                            kinds: Kinds::UNITS | Kinds::PEOPLE | Kinds::LEDGER | Kinds::AUDIT,
                            people: None,
                        };
                        if let Err(e) = w.follow(imported) {
                            messages.push((e, true));
                        }
                    }
                    Some(import_wizard::WizardEvent::Failed(msg)) => messages.push((msg, true)),
                    Some(import_wizard::WizardEvent::Notice(msg)) => messages.push((msg, false)),
                    None => {}
                }
                ui.add_space(16.0);
                ui.separator();
                ui.heading("导出报表");
                ui.label(
                    "统计年报按“总览”中选定的年度；管理证和单位花名册按“机构与人员”中选定的单位。",
                );
                ui.horizontal_wrapped(|ui| {
                    for r in crate::export::reports::Report::ALL {
                        if ui.button(format!("{}…", r.title())).clicked() {
                            messages.extend(export_report(ui.ctx(), w, r));
                        }
                    }
                });
            }
        });
        if let Some(form) = &mut w.form {
            match actions::show(ui.ctx(), form, &mut w.store, &w.registry.orgs) {
                actions::Outcome::Open => {}
                actions::Outcome::Cancelled => w.form = None,
                actions::Outcome::Done(msg) => {
                    w.form = None;
                    if let Err(e) = w.refresh() {
                        messages.push((e, true));
                    }
                    messages.push((msg, false));
                }
            }
        }
        self.nav = nav;
        messages.extend(w.jobs.finished());
        // Writes made while drawing (by any panel) are followed once, after the frame.
        w.shown = nav;
        if let Err(e) = w
            .refresh()
            .and_then(|()| w.freshen(nav).map_err(|e| e.to_string()))
        {
            messages.push((e, true));
        }
        if sign_out {
            w.store.act_as(crate::domain::Operator {
                name: String::new(),
                role: crate::domain::Role::Viewer,
            });
            w.form = None;
            w.registry.reveal_ids = false;
            self.login = Some(login::LoginState::for_store(&w.store));
        }
        for (m, e) in messages {
            notices.push(m, e);
        }
    }

    fn show_toasts(&mut self, ui: &mut egui::Ui) {
        self.notices.show_toasts(ui.ctx());
        self.notices.show_history(ui.ctx());
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

/// First start: create an empty database or load the demo county. Returns `Some(true)` for
/// the demo, `Some(false)` for an empty database.
/// What the first-start screen asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Choice {
    Demo,
    Empty,
    Restore,
}

/// Opens a database for the window after checking it (see [`check_on_open`]).
fn open_checked(path: &Path) -> Result<Workspace, (String, bool)> {
    check_on_open(path)?;
    let store = Store::open(path).map_err(|e| (e.to_string(), true))?;
    Workspace::new(store).map_err(|e| (e, false))
}

/// Refuses a database that fails SQLite's integrity check or `check` (the error is
/// `(message, damaged)`); otherwise takes the first backup of the day.
fn check_on_open(path: &Path) -> Result<(), (String, bool)> {
    let store = Store::open(path).map_err(|e| {
        let damaged = !matches!(e, crate::store::StoreError::TooNew { .. });
        (e.to_string(), damaged)
    })?;
    let problems = store.check().map_err(|e| (e.to_string(), true))?;
    if !problems.is_empty() {
        let mut text = String::from("数据库未通过完整性检查，为防止错误扩大，本次不打开、不写入：");
        for p in problems.iter().take(8) {
            text.push_str("\n· ");
            text.push_str(p);
        }
        if problems.len() > 8 {
            text.push_str(&format!("\n……共 {} 个问题", problems.len()));
        }
        return Err((text, true));
    }
    store.daily_backup().map_err(|e| (e.to_string(), false))?;
    Ok(())
}

fn welcome(
    ui: &mut egui::Ui,
    path: &Path,
    error: Option<&str>,
    backup: Option<&Path>,
) -> Option<Choice> {
    let mut choice = None;
    egui::CentralPanel::default().show(ui, |ui| {
        ui.vertical_centered(|ui| {
            ui.add_space(80.0);
            ui.heading("欢迎使用编制通");
            ui.add_space(8.0);
            ui.label("县机构编制实名制台账");
            ui.add_space(24.0);
            ui.label(format!("数据库位置：{}", path.display()));
            if let Some(e) = error {
                ui.add_space(8.0);
                ui.colored_label(egui::Color32::from_rgb(180, 30, 30), e);
            }
            ui.add_space(16.0);
            if let Some(b) = backup {
                let name = b
                    .file_name()
                    .map(|n| n.to_string_lossy().to_string())
                    .unwrap_or_default();
                if ui
                    .button(format!("从最新的完好备份恢复（{name}）"))
                    .clicked()
                {
                    choice = Some(Choice::Restore);
                }
                ui.label("损坏的数据库会改名保留，不会删除。");
                return;
            }
            if error.is_some() && path.exists() {
                ui.label("数据库文件未作任何改动。");
                return;
            }
            if ui.button("载入示范县（推荐初次使用）").clicked() {
                choice = Some(Choice::Demo);
            }
            ui.add_space(8.0);
            if ui.button("创建空数据库").clicked() {
                choice = Some(Choice::Empty);
            }
        });
    });
    choice
}

impl eframe::App for App {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.show(ui);
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, NAV_KEY, &self.nav);
    }
}

/// Sets up fonts and the light theme on a context (the app and the tests).
pub fn setup_context(ctx: &egui::Context) {
    fonts::install(ctx);
    ctx.set_theme(egui::Theme::Light);
}

/// The window icon, from `assets/icons/bianzhi.png`.
fn window_icon() -> egui::IconData {
    eframe::icon_data::from_png_bytes(include_bytes!("../../assets/icons/bianzhi.png"))
        .unwrap_or_default()
}

/// Opens the window. `wgpu` first; if it cannot start, `glow` (old PCs, remote desktop).
pub fn run(path: PathBuf) -> Result<(), String> {
    let make = |renderer: eframe::Renderer| {
        let path = path.clone();
        let options = eframe::NativeOptions {
            renderer,
            viewport: egui::ViewportBuilder::default()
                .with_title("编制通")
                .with_icon(window_icon())
                .with_drag_and_drop(true)
                .with_inner_size([1280.0, 800.0])
                // First run: the whole screen (a clerk's 1366×768 has no room to spare);
                // afterwards the size the clerk left it at (persist_window).
                .with_maximized(true)
                .with_min_inner_size([900.0, 600.0]),
            persist_window: true,
            ..Default::default()
        };
        eframe::run_native(
            "bianzhi",
            options,
            Box::new(move |cc| {
                setup_context(&cc.egui_ctx);
                let mut app = App::new(&path);
                if let Some(storage) = cc.storage
                    && let Some(nav) = eframe::get_value::<Nav>(storage, NAV_KEY)
                {
                    app.nav = nav;
                }
                Ok(Box::new(app))
            }),
        )
    };
    match make(eframe::Renderer::Wgpu) {
        Ok(()) => Ok(()),
        Err(first) => make(eframe::Renderer::Glow)
            .map_err(|second| format!("无法打开窗口：wgpu：{first}；glow：{second}")),
    }
}
