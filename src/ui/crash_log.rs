//! Where errors go when there is no terminal: a log file in the data directory
//! (`bianzhi.log`) and a message box. Errors never go only to a terminal.

use std::io::Write;
use std::path::PathBuf;

/// The log file.
pub fn log_path() -> PathBuf {
    crate::store::data_dir().join("bianzhi.log")
}

/// Appends a line to the log file (best effort: a log that cannot be written must not stop
/// the program).
pub fn log(message: &str) {
    let path = log_path();
    if let Some(dir) = path.parent() {
        let _ = std::fs::create_dir_all(dir);
    }
    if let Ok(mut f) = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&path)
    {
        let now = crate::clock::timestamp();
        let _ = writeln!(f, "[{now}] {message}");
    }
}

/// Logs and shows an error the app cannot continue from.
pub fn fatal(message: &str) {
    log(message);
    eprintln!("{message}");
    rfd::MessageDialog::new()
        .set_level(rfd::MessageLevel::Error)
        .set_title("编制通")
        .set_description(format!(
            "{message}\n\n详细信息已记录在：{}",
            log_path().display()
        ))
        .set_buttons(rfd::MessageButtons::Ok)
        .show();
}

/// A panic in the app is logged with its location and shown in a message box.
pub fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        let what = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "未知错误".to_string());
        let place = info
            .location()
            .map(|l| format!("{}:{}", l.file(), l.line()))
            .unwrap_or_default();
        if crate::import::in_guarded_read() {
            // Caught: the import reports the file as damaged; keep the details.
            log(&format!(
                "读取文件时出错（已按文件损坏处理）：{what}（{place}）"
            ));
            return;
        }
        fatal(&format!("编制通遇到内部错误，需要关闭：{what}（{place}）"));
    }));
}
