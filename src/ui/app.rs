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
use crate::store::{Reopen, Store, server};
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
    /// Connecting to a database server: its address and the password, as typed.
    Server(ServerForm),
}

/// The form that connects the window to a database server.
#[derive(Debug, Default, Clone)]
pub struct ServerForm {
    /// `postgres://用户名@主机/数据库` (a password in it is refused).
    pub address: String,
    /// The server's password, when neither PGPASSWORD nor a password file gives it. Kept in
    /// memory only.
    pub password: String,
    pub error: Option<String>,
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
    /// The database server the window works on (kept in the window's settings, without a
    /// password), or `None` for the database file.
    pub server: Option<String>,
}

/// The check of the database on open: a task of the shell's jobs, started with the first
/// frame (it needs the window to repaint when it ends).
enum Check {
    None,
    Pending(Reopen),
    Running,
}

const NAV_KEY: &str = "bianzhi.nav";
/// The operator who signed in last: the sign-in form starts with their name.
const OPERATOR_KEY: &str = "bianzhi.last_operator";
/// The window's settings key of the import's recent files.
const RECENT_KEY: &str = "bianzhi.recent_files";
/// The window's settings key of the database server it works on.
const SERVER_KEY: &str = "bianzhi.server";

impl App {
    /// Opens the database at `path`; when it does not exist yet, shows the first-start
    /// choice (empty database or demo county).
    pub fn new(path: &Path) -> App {
        let text = path.to_string_lossy();
        if server::is_server_address(&text) {
            let mut app = App::with_screen(Screen::Welcome {
                path: crate::store::default_db_path(),
                error: None,
                backup: None,
            });
            app.connect(&text, None);
            return app;
        }
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
                    opening_check = Check::Pending(Reopen::File(path.to_path_buf()));
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
            opening_check,
            login,
            ..App::with_screen(screen)
        }
    }

    fn with_screen(screen: Screen) -> App {
        App {
            screen,
            nav: Nav::Registry,
            notices: notify::Notifications::default(),
            opening_check: Check::None,
            login: None,
            last_operator: None,
            recent_files: None,
            server: None,
        }
    }

    /// Connects the window to the database server at `address` (the password, if given,
    /// is the one the clerk typed; otherwise PGPASSWORD or the password file's). On
    /// failure the server form says why, keeping what was typed.
    pub fn connect(&mut self, address: &str, password: Option<&str>) {
        let opened = server::ServerAddress::parse(address)
            .and_then(|a| Store::open_server(&a, password))
            .map_err(|e| e.to_string())
            .and_then(Workspace::new);
        match opened {
            Ok(w) => {
                self.login = Some(login::LoginState::for_store(&w.store));
                self.opening_check = w.store.reopener().map_or(Check::None, Check::Pending);
                self.server = Some(address.trim().to_string());
                self.screen = Screen::Open(Box::new(w));
            }
            Err(e) => {
                self.screen = Screen::Server(ServerForm {
                    address: address.to_string(),
                    password: password.unwrap_or_default().to_string(),
                    error: Some(e),
                });
            }
        }
    }

    /// An app on an already open store (tests).
    pub fn with_store(store: Store) -> Result<App, String> {
        Ok(App::with_screen(Screen::Open(Box::new(Workspace::new(
            store,
        )?))))
    }

    pub fn workspace(&mut self) -> Option<&mut Workspace> {
        match &mut self.screen {
            Screen::Open(w) => Some(w),
            Screen::Welcome { .. } | Screen::Server(_) => None,
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
        !matches!(self.opening_check, Check::None)
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
                    Some(Choice::Server) => self.screen = Screen::Server(ServerForm::default()),
                    None => {}
                }
            }
            Screen::Server(form) => match server_form(ui, form) {
                Some(ServerChoice::Connect) => {
                    let (address, password) = (form.address.clone(), form.password.clone());
                    let password = Some(password.as_str()).filter(|p| !p.is_empty());
                    self.connect(&address, password);
                }
                Some(ServerChoice::File) => {
                    self.server = None;
                    let kept = std::mem::take(&mut self.notices);
                    let last = self.last_operator.take();
                    *self = App::new(&crate::store::default_db_path());
                    self.notices = kept;
                    self.last_operator = last;
                }
                None => {}
            },
            Screen::Open(w) => {
                if let Some(recent) = self.recent_files.take()
                    && w.panels.import.recent.is_empty()
                {
                    w.panels.import.recent = recent;
                }
                if let Some(form) = &mut self.login {
                    let enabled = matches!(self.opening_check, Check::None);
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
                    if !matches!(self.opening_check, Check::None) {
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
                    if frame.switch_database {
                        // The form, filled with the server in use (or empty): connect to
                        // another, or go back to the file.
                        self.screen = Screen::Server(ServerForm {
                            address: self.server.clone().unwrap_or_default(),
                            ..ServerForm::default()
                        });
                        self.login = None;
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
        if let Check::Pending(db) = &self.opening_check {
            let db = db.clone();
            w.jobs.start_task(
                ctx,
                "检查数据库",
                Default::default(),
                Box::new(move |_| Finished::Checked(check_on_open(&db))),
            );
            self.opening_check = Check::Running;
        }
        if !matches!(self.opening_check, Check::Running) {
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
    Server,
}

/// What the server form asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ServerChoice {
    Connect,
    /// Back to the database file on this PC.
    File,
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
    check_on_open(&Reopen::File(path.to_path_buf()))?;
    let store = Store::open(path).map_err(|e| (e.to_string(), true))?;
    Workspace::new(store).map_err(|e| (e, false))
}

/// Refuses a database that fails SQLite's integrity check or `check` (the error is
/// `(message, damaged)`); otherwise takes the first backup of the day.
fn check_on_open(db: &Reopen) -> Result<(), (String, bool)> {
    let store = db.open().map_err(|e| {
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
            ui.add_space(8.0);
            if ui.button("连接数据库服务器（几台电脑共用）…").clicked() {
                choice = Some(Choice::Server);
            }
        });
    });
    choice
}

/// The server form: the address, the password (when the environment and the password file
/// do not give it), 连接; or back to the file on this PC.
fn server_form(ui: &mut egui::Ui, form: &mut ServerForm) -> Option<ServerChoice> {
    let mut choice = None;
    egui::CentralPanel::default().show(ui, |ui| {
        ui.vertical_centered(|ui| {
            ui.add_space(80.0);
            ui.heading("连接数据库服务器");
            ui.add_space(8.0);
            ui.label("几台电脑共用一个县的台账时，台账在内网的 PostgreSQL 服务器上；各经办人仍用自己的姓名和密码登录。");
            ui.add_space(16.0);
            let l = ui.label("服务器地址");
            ui.add(
                egui::TextEdit::singleline(&mut form.address)
                    .hint_text("postgres://用户名@主机/数据库")
                    .desired_width(420.0),
            )
            .labelled_by(l.id);
            ui.add_space(8.0);
            let l = ui.label("数据库密码");
            ui.add(
                egui::TextEdit::singleline(&mut form.password)
                    .password(true)
                    .hint_text("已设 PGPASSWORD 或密码文件时可不填")
                    .desired_width(420.0),
            )
            .labelled_by(l.id);
            ui.add_space(4.0);
            ui.label("密码只在本次使用，不写入任何文件；地址中不能写密码。");
            if let Some(e) = &form.error {
                ui.add_space(8.0);
                ui.colored_label(egui::Color32::from_rgb(180, 30, 30), e);
            }
            ui.add_space(16.0);
            let ready = !form.address.trim().is_empty();
            if ui.add_enabled(ready, egui::Button::new("连接")).clicked() {
                choice = Some(ServerChoice::Connect);
            }
            ui.add_space(8.0);
            if ui.button("改用本机的数据库文件").clicked() {
                choice = Some(ServerChoice::File);
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
        eframe::set_value(storage, SERVER_KEY, &self.server);
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
/// Opens the window on `path`; when no database was given (`given` false) and the window
/// last worked on a server, on that server.
pub fn run(path: PathBuf, given: bool) -> Result<(), String> {
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
                let server = cc
                    .storage
                    .and_then(|s| eframe::get_value::<Option<String>>(s, SERVER_KEY))
                    .flatten()
                    .filter(|_| !given);
                let mut app = match &server {
                    Some(address) => App::new(Path::new(address)),
                    None => App::new(&path),
                };
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
