//! 帮助: the guide to the daily tasks (shipped in `assets/help.md`) and the shortcuts, each
//! a read-only dialog.

use super::dialog::{Closer, Done, Form};
use super::panel::{Commands, Cx};
use crate::store::Store;

const GUIDE: &str = include_str!("../../assets/help.md");

/// 使用说明 or 快捷键.
pub struct Help {
    guide: bool,
}

impl Help {
    pub fn guide() -> Help {
        Help { guide: true }
    }

    pub fn shortcuts() -> Help {
        Help { guide: false }
    }
}

/// The shortcuts, as (keys, what they do).
pub const SHORTCUTS: [(&str, &str); 6] = [
    ("Ctrl + 加号", "放大"),
    ("Ctrl + 减号", "缩小"),
    ("Ctrl + 0", "实际大小"),
    ("Esc", "关闭对话框（不保存）"),
    ("Enter", "在查询框中：查询"),
    ("双击人员", "打开人员信息"),
];

impl Form for Help {
    fn title(&self) -> String {
        if self.guide {
            "使用说明"
        } else {
            "快捷键"
        }
        .to_string()
    }

    fn read_only(&self) -> bool {
        true
    }

    fn max_width(&self) -> f32 {
        900.0
    }

    fn grid(&self) -> bool {
        !self.guide
    }

    fn fields(&mut self, ui: &mut egui::Ui, _cx: &Cx, _out: &mut Commands, _close: &mut Closer) {
        if !self.guide {
            for (keys, what) in SHORTCUTS {
                ui.strong(keys);
                ui.label(what);
                ui.end_row();
            }
            return;
        }
        ui.set_max_width(640.0);
        for line in GUIDE.lines() {
            let text = line.replace("**", "");
            if text.starts_with("# ") {
                // The title: the dialog's own.
                continue;
            } else if let Some(h) = text.strip_prefix("## ") {
                ui.add_space(6.0);
                ui.strong(h);
            } else if let Some(item) = text.strip_prefix("- ") {
                ui.label(format!("• {item}"));
            } else if !text.trim().is_empty() {
                ui.label(text);
            }
        }
    }

    fn submit(&mut self, _store: &mut Store) -> Result<Done, String> {
        Err("说明只供查看".to_string())
    }

    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}
