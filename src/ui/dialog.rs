//! The one dialog frame: a modal over the window (`egui::Modal`) around a [`Form`]. The
//! form supplies its title, its fields and a `submit`; the frame shows the form's message
//! when `submit` refuses, 确定 (greyed for a role that may only look) and 取消, and closes on
//! 取消 or Esc (never on a click beside it: what was typed is not lost by a slip).
//!
//! The shell owns the open dialog and submits it after the frame is drawn, so a dialog never
//! writes while drawing; what a dialog shows is read when it is made, not every frame, and
//! again when another clerk changes the data under it ([`Dialog::changed_underneath`]).

pub use super::panel::{Closer, Done, Form};
use super::panel::{Commands, Cx};
use crate::store::Store;

/// Said in a dialog whose data another clerk changed while it was open.
pub const CHANGED_UNDERNEATH: &str =
    "其他经办人刚刚修改了相关数据，本对话框已显示最新情况，尚未写入任何内容；请核对后再点确定";

/// What happened in the dialog this frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Event {
    Open,
    Submit,
    Close,
}

/// The open dialog: a form and the message of its last refused submit.
pub struct Dialog {
    pub form: Box<dyn Form>,
    pub error: Option<String>,
    /// Another clerk changed the data since the clerk last confirmed what it shows: the
    /// next 确定 is refused once, so that the new numbers are seen before anything is
    /// written.
    changed: bool,
    /// Each dialog its own modal (what one dialog's popups remembered is not another's).
    id: egui::Id,
    /// The dialog's size last frame: a form lays out from the size it had, so a tall one
    /// grows over a few frames; while it does, the next frame is asked for at once.
    last_size: egui::Vec2,
}

impl Dialog {
    pub fn new(form: Box<dyn Form>) -> Dialog {
        use std::sync::atomic::{AtomicU64, Ordering};
        static OPENED: AtomicU64 = AtomicU64::new(0);
        let n = OPENED.fetch_add(1, Ordering::Relaxed);
        Dialog {
            form,
            error: None,
            changed: false,
            id: egui::Id::unique("dialog").with(n),
            last_size: egui::Vec2::ZERO,
        }
    }

    /// Draws the dialog; commands its form emits go to `out`.
    pub fn show(&mut self, ctx: &egui::Context, cx: &Cx, out: &mut Commands) -> Event {
        let mut event = Event::Open;
        let mut closer = Closer::default();
        let read_only = super::widgets::read_only(ctx);
        let max_height = ctx.content_rect().height() * 0.85;
        let modal = egui::Modal::new(self.id).show(ctx, |ui| {
            ui.set_max_width(self.form.max_width().min(ctx.content_rect().width() * 0.9));
            ui.heading(self.form.title());
            ui.separator();
            egui::ScrollArea::vertical()
                .max_height(max_height - 90.0)
                .auto_shrink([true, true])
                .show(ui, |ui| {
                    if self.form.grid() {
                        egui::Grid::new("dialog_grid")
                            .num_columns(2)
                            .spacing([12.0, 6.0])
                            .show(ui, |ui| self.form.fields(ui, cx, out, &mut closer));
                    } else {
                        self.form.fields(ui, cx, out, &mut closer);
                    }
                });
            if let Some(e) = &self.error {
                ui.colored_label(super::theme::ERROR, e);
            }
            ui.add_space(4.0);
            ui.horizontal(|ui| {
                if !self.form.read_only() {
                    let label = self.form.confirm_label().to_string();
                    if ui
                        .add_enabled(self.form.ready() && !read_only, egui::Button::new(label))
                        .on_disabled_hover_text(if read_only {
                            "当前角色只能查看，不能办理"
                        } else {
                            "尚无可办理的内容"
                        })
                        .clicked()
                    {
                        event = Event::Submit;
                    }
                }
                let cancel = if self.form.read_only() {
                    "关闭"
                } else {
                    "取消"
                };
                if ui.button(cancel).clicked() {
                    event = Event::Close;
                }
            });
        });
        let size = modal.response.rect.size();
        if (size - self.last_size).length() > 0.5 {
            self.last_size = size;
            ctx.request_repaint();
        }
        let escape = modal.is_top_modal
            && !modal.any_popup_open
            && ctx.input_mut(|i| i.consume_key(egui::Modifiers::NONE, egui::Key::Escape));
        if escape || closer.closed() {
            event = Event::Close;
        }
        event
    }

    /// What the form shows that others' writes could change ([`Form::watched`]).
    pub fn watched(&self, cx: &Cx) -> Option<String> {
        self.form.watched(cx)
    }

    /// Another clerk (window, command) wrote while the dialog was open: what it shows is
    /// read again, and it says so.
    pub fn changed_underneath(&mut self, store: &Store) {
        self.form.load(store);
        self.changed = true;
        self.error = Some(CHANGED_UNDERNEATH.to_string());
    }

    /// Submits the form: Ok closes the dialog (the shell does), Err keeps it open with the
    /// message. Refused once, writing nothing, when the data changed underneath since the
    /// last 确定.
    pub fn submit(&mut self, store: &mut Store) -> Option<Done> {
        if std::mem::take(&mut self.changed) {
            self.error = Some(CHANGED_UNDERNEATH.to_string());
            return None;
        }
        match self.form.submit(store) {
            Ok(done) => Some(done),
            Err(e) => {
                self.error = Some(e);
                None
            }
        }
    }
}
