// No console window for the desktop app in release builds on Windows.
#![cfg_attr(all(windows, not(debug_assertions)), windows_subsystem = "windows")]

use bianzhi::cli::{Cli, run};
use clap::Parser;
use std::process::ExitCode;

/// mimalloc instead of the system allocator: importing 100,000 rows allocates millions of
/// small strings, and glibc's and Windows' heaps slow the SQLite writes that follow.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    // Attach before parsing so that --help, --version and argument errors print too.
    if std::env::args_os().len() > 1 {
        attach_console();
    }
    let cli = Cli::parse();
    // A mistyped BIANZHI_TODAY is refused, never silently replaced by the machine's date.
    if let Err(message) = bianzhi::clock::check_env() {
        if cli.command.is_some() {
            eprintln!("{message}");
        } else {
            report_fatal(&message);
        }
        return ExitCode::from(2);
    }
    if let Some(code) = run(&cli) {
        return code;
    }
    gui(&cli)
}

/// No subcommand: the desktop app. Panics and errors go to the log file and a message box.
#[cfg(feature = "gui")]
fn gui(cli: &Cli) -> ExitCode {
    bianzhi::ui::crash_log::install_panic_hook();
    match bianzhi::ui::run(cli.db_path(), cli.db.is_some()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            bianzhi::ui::crash_log::fatal(&e);
            ExitCode::from(1)
        }
    }
}

#[cfg(feature = "gui")]
fn report_fatal(message: &str) {
    bianzhi::ui::crash_log::fatal(message);
}

#[cfg(not(feature = "gui"))]
fn report_fatal(message: &str) {
    eprintln!("{message}");
}

#[cfg(not(feature = "gui"))]
fn gui(_cli: &Cli) -> ExitCode {
    eprintln!("此版本不含图形界面（编译时未启用 gui 功能）；请使用子命令，见 --help");
    ExitCode::from(2)
}

/// A GUI-subsystem exe has no console: when run from a command prompt with a subcommand,
/// attach to the prompt's console so that `stats`, `check` … print there.
#[cfg(windows)]
fn attach_console() {
    use windows_sys::Win32::System::Console::{ATTACH_PARENT_PROCESS, AttachConsole};
    // SAFETY: AttachConsole has no preconditions; failure (no parent console) is harmless.
    unsafe {
        AttachConsole(ATTACH_PARENT_PROCESS);
    }
}

#[cfg(not(windows))]
fn attach_console() {}
