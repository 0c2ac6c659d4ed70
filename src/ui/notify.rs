//! The notification centre (通知): every result and error of the window goes here once. It
//! shows as a toast (egui-notify) for a few seconds, stays as the last line of the status
//! bar until the next one, and is kept in a history the clerk reopens from the status bar.

use std::collections::VecDeque;
use std::time::Duration;

/// How many notices the history keeps (the oldest go first).
const KEPT: usize = 200;
/// Characters per toast line: a sentence reads as a sentence, not one character a line.
const LINE: usize = 36;

/// One notice, as the history lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub text: String,
    pub error: bool,
    /// When it came (real time, `HH:MM:SS`).
    pub at: String,
}

#[derive(Default)]
pub struct Notifications {
    toasts: egui_notify::Toasts,
    /// Newest last.
    history: VecDeque<Notice>,
    /// Notices since the history was last opened.
    unread: usize,
    /// Whether the history window is open.
    pub open: bool,
}

impl Notifications {
    pub fn push(&mut self, text: impl Into<String>, error: bool) {
        let text = text.into();
        let shown = wrap(&text, LINE);
        // Marks the fonts have (egui-notify's own icons are emoji, and so is its close
        // button: a PC's CJK font has none of them).
        let mark = if error { "！" } else { "√" };
        self.toasts
            .custom(shown, mark.to_string(), color(error))
            .duration(Some(Duration::from_secs(if error { 10 } else { 5 })))
            .closable(false);
        if self.history.len() == KEPT {
            self.history.pop_front();
        }
        self.history.push_back(Notice {
            text,
            error,
            at: crate::clock::now().format("%H:%M:%S").to_string(),
        });
        self.unread += 1;
    }

    /// The notices kept, newest last.
    pub fn history(&self) -> impl DoubleEndedIterator<Item = &Notice> {
        self.history.iter()
    }

    pub fn latest(&self) -> Option<&Notice> {
        self.history.back()
    }

    /// Draws the toasts (every frame).
    pub fn show_toasts(&mut self, ctx: &egui::Context) {
        self.toasts.show(ctx);
    }

    /// The status bar's part: the latest notice and the button that opens the history.
    pub fn status(&mut self, ui: &mut egui::Ui) {
        let label = if self.unread > 0 {
            format!("通知（{}）", self.unread)
        } else {
            "通知".to_string()
        };
        if ui
            .selectable_label(self.open, label)
            .on_hover_text("查看本次打开以来的全部通知")
            .clicked()
        {
            self.open = !self.open;
            self.unread = 0;
        }
        if let Some(n) = self.history.back() {
            let first = n.text.lines().next().unwrap_or_default();
            let line = egui::RichText::new(first).color(color(n.error));
            ui.add(egui::Label::new(line).truncate())
                .on_hover_text(format!("{}  {}", n.at, n.text));
        }
    }

    /// The history window, when open.
    pub fn show_history(&mut self, ctx: &egui::Context) {
        if !self.open {
            return;
        }
        let mut open = true;
        egui::Window::new("通知")
            .open(&mut open)
            .default_width(520.0)
            .default_height(320.0)
            .anchor(egui::Align2::RIGHT_BOTTOM, [-12.0, -40.0])
            .show(ctx, |ui| {
                if self.history.is_empty() {
                    ui.label("本次打开以来没有通知。");
                    return;
                }
                if ui.button("清空").clicked() {
                    self.history.clear();
                }
                egui::ScrollArea::vertical().show(ui, |ui| {
                    for n in self.history.iter().rev() {
                        ui.horizontal_wrapped(|ui| {
                            ui.weak(&n.at);
                            ui.colored_label(color(n.error), &n.text);
                        });
                        ui.separator();
                    }
                });
            });
        self.open = open;
    }
}

fn color(error: bool) -> egui::Color32 {
    if error {
        egui::Color32::from_rgb(180, 30, 30)
    } else {
        egui::Color32::from_rgb(20, 110, 40)
    }
}

/// Breaks `text` into lines of at most `width` characters, after punctuation where it can.
fn wrap(text: &str, width: usize) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for line in text.lines() {
        let chars: Vec<char> = line.chars().collect();
        let mut start = 0;
        while chars.len() - start > width {
            let window = &chars[start..start + width];
            let cut = window
                .iter()
                .rposition(|c| "，。；：、）,;: ".contains(*c))
                .filter(|&i| i >= width / 2)
                .map_or(width, |i| i + 1);
            out.extend(&chars[start..start + cut]);
            out.push('\n');
            start += cut;
        }
        out.extend(&chars[start..]);
        out.push('\n');
    }
    out.pop();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_sentences_wrap_after_punctuation_short_ones_stay_whole() {
        assert_eq!(wrap("已导入 roster.xlsx", 36), "已导入 roster.xlsx");
        let long = "县教育局的行政编制空编不足：核定 2 名，实有 2 名，空编 0 名，需要 1 名";
        let wrapped = wrap(long, 20);
        let lines: Vec<&str> = wrapped.lines().map(str::trim_end).collect();
        assert!(lines.iter().all(|l| l.chars().count() <= 20), "{lines:?}");
        assert_eq!(lines.concat().replace(' ', ""), long.replace(' ', ""));
        // Every line but the last ends after punctuation or a space (none in mid-word).
        let raw: Vec<&str> = wrapped.lines().collect();
        for l in &raw[..raw.len() - 1] {
            assert!(l.ends_with([' ', '，', '：']), "{raw:?}");
        }
        // No punctuation at all: cut at the width.
        let plain = "一".repeat(50);
        assert_eq!(wrap(&plain, 20).lines().count(), 3);
    }

    #[test]
    fn the_history_keeps_the_newest_and_counts_unread() {
        let mut n = Notifications::default();
        for k in 0..KEPT + 5 {
            n.push(format!("第 {k} 条"), k % 2 == 0);
        }
        assert_eq!(n.history().count(), KEPT);
        assert_eq!(n.history().next().unwrap().text, "第 5 条");
        assert_eq!(n.latest().unwrap().text, format!("第 {} 条", KEPT + 4));
        assert_eq!(n.unread, KEPT + 5);
    }
}
