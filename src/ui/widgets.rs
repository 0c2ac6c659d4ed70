//! Small pieces every panel and dialog uses: labelled fields, the unit picker, parsing what
//! was typed, buttons that write (greyed for a role that may only look), the save-file
//! dialog.

use crate::domain::{Org, OrgId, PartialDate};
use chrono::NaiveDate;
use std::path::PathBuf;

const READ_ONLY_KEY: &str = "bianzhi.read_only";

/// Whether the signed-in operator may only look (查看): dialogs then offer no 确定.
pub(crate) fn read_only(ctx: &egui::Context) -> bool {
    ctx.data(|d| d.get_temp::<bool>(egui::Id::unique(READ_ONLY_KEY)))
        .unwrap_or(false)
}

pub(crate) fn set_read_only(ctx: &egui::Context, read_only: bool) {
    ctx.data_mut(|d| d.insert_temp(egui::Id::unique(READ_ONLY_KEY), read_only));
}

/// A button that writes at once: disabled for an operator who may only look.
pub(crate) fn write_button(ui: &mut egui::Ui, button: egui::Button<'_>) -> bool {
    ui.add_enabled(!read_only(ui.ctx()), button)
        .on_disabled_hover_text("当前角色只能查看，不能办理")
        .clicked()
}

/// A folder files are saved into without asking (UI tests: a save dialog cannot be
/// answered there).
static SAVE_FOLDER: std::sync::Mutex<Option<PathBuf>> = std::sync::Mutex::new(None);

/// Saves every file the window would ask a place for into `folder` instead (tests).
pub fn save_without_asking(folder: Option<PathBuf>) {
    if let Ok(mut f) = SAVE_FOLDER.lock() {
        *f = folder;
    }
}

/// Asks where to save an xlsx file (the system dialog), `name` suggested.
pub(crate) fn save_xlsx(name: &str) -> Option<PathBuf> {
    if let Some(dir) = SAVE_FOLDER.lock().ok().and_then(|f| f.clone()) {
        return Some(dir.join(name));
    }
    rfd::FileDialog::new()
        .set_file_name(name)
        .add_filter("Excel", &["xlsx"])
        .save_file()
}

/// A unit picker for counties with hundreds of units: the list filters as the clerk types
/// part of a name or its pinyin initials (`czj` finds 县财政局).
pub(crate) fn org_combo(ui: &mut egui::Ui, label: &str, value: &mut Option<OrgId>, orgs: &[Org]) {
    let l = ui.label(label);
    let text = value
        .and_then(|id| orgs.iter().find(|o| o.id == id))
        .map_or("（请选择）", |o| o.name.as_str())
        .to_string();
    let query_id = ui.make_persistent_id(("org_filter", label));
    let mut query: Option<String> = ui.data_mut(|d| d.get_temp(query_id));
    let popup = egui::ComboBox::from_id_salt(label)
        .selected_text(text)
        .width(280.0)
        .height(320.0)
        .close_behavior(egui::PopupCloseBehavior::CloseOnClickOutside)
        .show_ui(ui, |ui| {
            let opening = query.is_none();
            let q = query.get_or_insert_with(String::new);
            let edit = ui
                .horizontal(|ui| {
                    let l = ui.label("筛选");
                    ui.add(
                        egui::TextEdit::singleline(q)
                            .hint_text("名称或拼音首字母")
                            .desired_width(220.0),
                    )
                    .labelled_by(l.id)
                })
                .inner;
            // Typing goes to the filter while the list is open; Enter takes the first match.
            if opening || !edit.has_focus() {
                edit.request_focus();
            }
            let enter = (edit.has_focus() || edit.lost_focus())
                && ui.input(|i| i.key_pressed(egui::Key::Enter));
            let needle = q.trim().to_lowercase();
            let mut shown = 0;
            for o in orgs.iter().filter(|o| org_matches(o, &needle)) {
                if ui.selectable_value(value, Some(o.id), &o.name).clicked()
                    || (enter && shown == 0)
                {
                    *value = Some(o.id);
                    ui.close();
                }
                shown += 1;
            }
            if shown == 0 {
                ui.weak("没有匹配的单位");
            }
        });
    popup.response.labelled_by(l.id);
    // The filter lives while the list is open and starts empty the next time.
    ui.data_mut(|d| match (popup.inner, query) {
        (Some(()), Some(q)) => {
            d.insert_temp(query_id, q);
        }
        _ => {
            d.remove::<String>(query_id);
        }
    });
    ui.end_row();
}

/// Whether a unit matches the picker's filter (name, short name, pinyin initials).
fn org_matches(org: &Org, needle: &str) -> bool {
    super::panels::registry::people_index::unit_matches(
        &org.name,
        org.short_name.as_deref(),
        needle,
    )
}

pub(crate) fn text_row(ui: &mut egui::Ui, label: &str, value: &mut String, hint: &str) {
    let l = ui.label(label);
    ui.add(
        egui::TextEdit::singleline(value)
            .hint_text(hint)
            .desired_width(280.0),
    )
    .labelled_by(l.id);
    ui.end_row();
}

pub(crate) fn parse_date(s: &str) -> Result<NaiveDate, String> {
    PartialDate::parse(s)
        .filter(|d| d.day.is_some())
        .and_then(|d| d.first_day())
        .ok_or_else(|| format!("日期“{s}”无法识别，请按 2026-03-05 的格式填写"))
}

/// An integer typed in a dialog, or the message naming the field.
pub(crate) fn parse_count(s: &str, what: &str) -> Result<i64, String> {
    s.trim()
        .parse::<i64>()
        .map_err(|_| format!("{what}“{s}”不是整数"))
}

/// The 文号 field (a row of a two-column grid), with what the recogniser warns of below it
/// (not like a 文号, its year after `date`): shown before 确定, never refusing.
pub(crate) fn doc_no_row(ui: &mut egui::Ui, doc_no: &mut String, date: &str, hint: &str) {
    text_row(ui, "文号", doc_no, hint);
    let date = chrono::NaiveDate::parse_from_str(date.trim(), "%Y-%m-%d").ok();
    for w in crate::domain::doc_no::warnings(doc_no, date) {
        ui.label("");
        ui.colored_label(super::theme::WARN, w);
        ui.end_row();
    }
}

/// A labelled choice among a few values (a row of a two-column grid): the 编制类型, the
/// 出编原因, the 机构类别 … `name` says each value.
pub(crate) fn choice_row<T: Copy + PartialEq>(
    ui: &mut egui::Ui,
    label: &str,
    value: &mut T,
    options: impl IntoIterator<Item = T>,
    name: impl Fn(T) -> &'static str,
) {
    let l = ui.label(label);
    egui::ComboBox::from_id_salt(label)
        .selected_text(name(*value))
        .show_ui(ui, |ui| {
            for o in options {
                ui.selectable_value(value, o, name(o));
            }
        })
        .response
        .labelled_by(l.id);
    ui.end_row();
}
