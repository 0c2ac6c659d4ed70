//! The desktop app (eframe/egui): a thin layer of panels over the store, the ledger and the
//! stats. Every number shown comes from [`crate::stats::CountyStats`] or the store.
//!
//! How it fits together:
//! - `app.rs`: the window before and around a county (first start, open and check,
//!   restore, sign-in) and eframe's entry point.
//! - `shell.rs`: an open county: menus, navigation, status bar, the open dialog, the
//!   background jobs, and the command loop that runs what panels and dialogs asked for
//!   after the frame is drawn, then follows what the writes changed.
//! - `panel.rs`: the [`panel::Panel`] trait, the read-only context a panel draws from, and
//!   the commands it emits. `dialog.rs`: the one modal dialog frame around a
//!   [`dialog::Form`].
//! - `panels/<panel>`: one module per entry of the navigation, with its dialogs.
//! - `jobs.rs` (background work), `notify.rs` (notices and their history), `widgets.rs`
//!   (small shared pieces), `theme.rs` (colours, fonts), `login.rs` (sign-in form),
//!   `crash_log.rs` (the crash log and the fatal-error message), `help.rs` (使用说明, 快捷键).

pub mod app;
pub mod crash_log;
pub mod dialog;
pub mod fonts;
pub mod help;
pub mod jobs;
pub mod login;
pub mod notify;
pub mod panel;
pub mod panels;
pub mod shell;
pub mod theme;
pub mod widgets;

pub use app::{App, Screen, run};
pub use panel::Nav;
pub use shell::Workspace;
pub use theme::setup_context;
