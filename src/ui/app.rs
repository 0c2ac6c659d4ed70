//! The window before and around a county: the first-start choice, opening a database with
//! its check (integrity, `check`, the daily backup) and restoring a damaged one, the
//! sign-in, and eframe's entry point. Once a county is open, the shell draws it
//! (`shell.rs`).

use super::jobs::Finished;
use super::panel::Nav;
use super::shell::Workspace;
use super::theme::setup_context;
use super::{login, notify};
use crate::domain::Permission;
use crate::store::Store;
use std::path::{Path, PathBuf};
use std::time::Duration;

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
    opening_check: Check,
    /// The sign-in form, until an operator has signed in.
    pub login: Option<login::LoginState>,
    /// The operator who signed in last (kept with the window's settings).
    pub last_operator: Option<String>,
    /// The import's recent files from the window's settings, for the next workspace.
    recent_files: Option<Vec<PathBuf>>,
}

/// The check of the database on open: a task of the shell's jobs, started with the first
/// frame (it needs the window to repaint when it ends).
#[derive(Debug, Clone, PartialEq, Eq)]
enum Check {
    None,
    Pending(PathBuf),
    Running,
}

const NAV_KEY: &str = "bianzhi.nav";
/// The operator who signed in last: the sign-in form starts with their name.
const OPERATOR_KEY: &str = "bianzhi.last_operator";
/// The window's settings key of the import's recent files.
const RECENT_KEY: &str = "bianzhi.recent_files";

impl App {
    /// Opens the database at `path`; when it does not exist yet, shows the first-start
    /// choice (empty database or demo county).
    pub fn new(path: &Path) -> App {
        let mut opening_check = Check::None;
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
                    opening_check = Check::Pending(path.to_path_buf());
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
            last_operator: None,
            recent_files: None,
        }
    }

    /// An app on an already open store (tests).
    pub fn with_store(store: Store) -> Result<App, String> {
        Ok(App {
            screen: Screen::Open(Box::new(Workspace::new(store)?)),
            nav: Nav::Registry,
            notices: notify::Notifications::default(),
            opening_check: Check::None,
            login: None,
            last_operator: None,
            recent_files: None,
        })
    }

    pub fn workspace(&mut self) -> Option<&mut Workspace> {
        match &mut self.screen {
            Screen::Open(w) => Some(w),
            Screen::Welcome { .. } => None,
        }
    }

    /// The sign-in form starts with `name` (the operator who signed in last).
    pub fn remember_operator(&mut self, name: String) {
        if let Some(form) = &mut self.login
            && !form.first
            && form.name.is_empty()
        {
            form.name = name.clone();
        }
        self.last_operator = Some(name);
    }

    pub fn toast(&mut self, text: impl Into<String>, error: bool) {
        self.notices.push(text, error);
    }

    /// The whole window.
    /// Whether the check on open is still running.
    pub fn checking(&self) -> bool {
        self.opening_check != Check::None
    }

    pub fn show(&mut self, ui: &mut egui::Ui) {
        // Notices first: an open dialog stays above them (its popups must stay usable).
        self.show_toasts(ui);
        self.follow_check(ui.ctx());
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
                if let Some(recent) = self.recent_files.take()
                    && w.panels.import.recent.is_empty()
                {
                    w.panels.import.recent = recent;
                }
                if let Some(form) = &mut self.login {
                    let enabled = self.opening_check == Check::None;
                    if login::show(ui, form, &mut w.store, enabled) {
                        self.login = None;
                        if !w.can(Permission::ReadAudit) && self.nav == Nav::Audit {
                            self.nav = Nav::Registry;
                        }
                        let name = w.store.operator().to_string();
                        self.last_operator = Some(name.clone());
                        if let Err(e) = w.reload_all() {
                            self.toast(e, true);
                        }
                        self.toast(format!("{name}，您好"), false);
                    }
                } else {
                    if self.opening_check != Check::None {
                        // Shown, not yet usable: the database is being checked.
                        ui.disable();
                    }
                    let frame = w.show(ui, &mut self.nav, &mut self.notices);
                    if frame.sign_out {
                        w.sign_out();
                        self.login = Some(login::LoginState::for_store(&w.store));
                    }
                    if frame.replace_demo {
                        self.replace_demo();
                    }
                }
            }
        }
    }

    /// Starts the check on open (the first frame), and acts on its result: the window takes
    /// input once it passed; a damaged database is closed, with the newest good backup
    /// offered.
    fn follow_check(&mut self, ctx: &egui::Context) {
        let Screen::Open(w) = &mut self.screen else {
            return;
        };
        if let Check::Pending(path) = &self.opening_check {
            let path = path.clone();
            w.jobs.start_task(
                ctx,
                "检查数据库",
                Default::default(),
                Box::new(move |_| Finished::Checked(check_on_open(&path))),
            );
            self.opening_check = Check::Running;
        }
        if self.opening_check != Check::Running {
            return;
        }
        match w.jobs.checked() {
            None => ctx.request_repaint_after(Duration::from_millis(50)),
            Some(Ok(())) => {
                self.opening_check = Check::None;
                // The daily backup was just taken: list it.
                if let Err(e) = w.panels.settings.reload(&w.store) {
                    self.notices.push(e.to_string(), true);
                }
            }
            Some(Err((e, damaged))) => {
                self.opening_check = Check::None;
                let Some(path) = w.store.path().map(Path::to_path_buf) else {
                    return;
                };
                if damaged {
                    let backup = crate::store::backup::newest_good_backup(&path);
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
    }

    /// Puts the demo county's database aside (renamed beside it, so nothing is lost) and
    /// starts an empty database in its place, with the import panel on the first step.
    fn replace_demo(&mut self) {
        let Screen::Open(w) = &mut self.screen else {
            return;
        };
        if !w.store.is_demo() {
            return;
        }
        let Some(path) = w.store.path().map(Path::to_path_buf) else {
            return;
        };
        let recent = std::mem::take(&mut w.panels.import.recent);
        // Close the demo's connection before its files are moved.
        self.screen = Screen::Welcome {
            path: path.clone(),
            error: None,
            backup: None,
        };
        match set_aside(&path, "示范县") {
            Ok(kept) => {
                self.start(&path, false);
                if let Screen::Open(w) = &mut self.screen {
                    w.panels.import.recent = recent;
                    w.panels.import.kind = crate::import::ImportKind::Orgs;
                }
                self.nav = Nav::ImportExport;
                self.toast(
                    format!("示范县数据库已另存为 {}；已新建空数据库", kept.display()),
                    false,
                );
            }
            Err(e) => {
                self.screen = Screen::Welcome {
                    path,
                    error: Some(format!("无法另存示范县数据库：{e}")),
                    backup: None,
                }
            }
        }
    }

    /// Replaces a damaged database with a good backup. The damaged file is kept beside it
    /// (renamed), so nothing is lost.
    fn restore_damaged(&mut self, path: &Path, backup: &Path) {
        let moved = set_aside(path, "damaged");
        let kept = moved.as_ref().cloned().unwrap_or_default();
        let result = moved
            .and_then(|_| std::fs::copy(backup, path).map(|_| ()))
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

    fn show_toasts(&mut self, ui: &mut egui::Ui) {
        self.notices.show_toasts(ui.ctx());
        self.notices.show_history(ui.ctx());
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

/// Moves a database file (with its -wal and -shm) aside, renamed `<name>.<tag>-<time>.db`
/// beside it, so that nothing is lost; returns the new name. The file must be closed.
fn set_aside(path: &Path, tag: &str) -> std::io::Result<PathBuf> {
    let kept = path.with_extension(format!(
        "{tag}-{}.db",
        crate::clock::now().format("%Y%m%d-%H%M%S")
    ));
    [
        (path.to_path_buf(), kept.clone()),
        (path.with_extension("db-wal"), kept.with_extension("db-wal")),
        (path.with_extension("db-shm"), kept.with_extension("db-shm")),
    ]
    .into_iter()
    .filter(|(from, _)| from.exists())
    .try_for_each(|(from, to)| std::fs::rename(from, to))?;
    Ok(kept)
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
        if let Some(name) = &self.last_operator {
            eframe::set_value(storage, OPERATOR_KEY, name);
        }
        if let Screen::Open(w) = &self.screen {
            eframe::set_value(storage, RECENT_KEY, &w.panels.import.recent);
        }
    }
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
                if let Some(storage) = cc.storage {
                    if let Some(nav) = eframe::get_value::<Nav>(storage, NAV_KEY) {
                        app.nav = nav;
                    }
                    app.recent_files = eframe::get_value::<Vec<PathBuf>>(storage, RECENT_KEY);
                    if let Some(name) = eframe::get_value::<String>(storage, OPERATOR_KEY) {
                        app.remember_operator(name);
                    }
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
