//! 设置: backups (back up now, the list, restore with confirmation) and the settings kept
//! with the county's data.

use super::Workspace;
use crate::store::backup::{BackupFile, DEFAULT_KEEP, KEEP_KEY, list_backups};
use crate::store::{Result, Store};
use egui::Color32;
use std::path::PathBuf;

const RED: Color32 = Color32::from_rgb(200, 30, 30);

#[derive(Default)]
pub struct SettingsState {
    pub backups: Vec<BackupFile>,
    /// The backup the clerk chose to restore, waiting for confirmation.
    pub confirm: Option<PathBuf>,
}

impl SettingsState {
    pub fn load(store: &Store) -> Result<SettingsState> {
        let mut s = SettingsState::default();
        s.reload(store)?;
        Ok(s)
    }

    pub fn reload(&mut self, store: &Store) -> Result<()> {
        self.backups = match store.path() {
            Some(p) => list_backups(p)?,
            None => Vec::new(),
        };
        Ok(())
    }
}

/// A numeric setting kept in the database, edited in place.
fn number_setting(
    ui: &mut egui::Ui,
    store: &mut Store,
    label: &str,
    key: &str,
    default: i64,
    range: std::ops::RangeInclusive<i64>,
) -> Option<(String, bool)> {
    let mut v = store.setting_or(key, default);
    let l = ui.label(label);
    let changed = ui
        .add(egui::DragValue::new(&mut v).range(range))
        .labelled_by(l.id)
        .changed();
    ui.end_row();
    if !changed {
        return None;
    }
    Some(
        match store.write(|tx| tx.set_setting(key, &v.to_string())) {
            Ok(()) => (format!("已设置{label}：{v}"), false),
            Err(e) => (e.to_string(), true),
        },
    )
}

/// The panel. Returns messages for the status toasts (text, is error).
pub fn show(ui: &mut egui::Ui, w: &mut Workspace) -> Vec<(String, bool)> {
    let mut messages = Vec::new();
    let mut reload = false;
    ui.heading("设置");
    ui.add_space(4.0);
    ui.strong("备份");
    ui.label("每天第一次打开、每次导入前、数据库升级前自动备份；恢复前也会先备份当前数据。");
    ui.horizontal(|ui| {
        if ui.button("立即备份").clicked() {
            match w.store.backup("手动") {
                Ok(Some(p)) => messages.push((format!("已备份：{}", p.display()), false)),
                Ok(None) => messages.push(("内存数据库没有备份".to_string(), true)),
                Err(e) => messages.push((e.to_string(), true)),
            }
            reload = true;
        }
        if let Some(p) = w.store.path() {
            ui.weak(format!(
                "备份位置：{}",
                crate::store::backup::backup_dir(p).display()
            ));
        }
    });
    egui::ScrollArea::vertical()
        .id_salt("backups")
        .max_height(260.0)
        .show(ui, |ui| {
            egui::Grid::new("backup_list").striped(true).show(ui, |ui| {
                for h in ["时间", "原因", "大小", ""] {
                    ui.strong(h);
                }
                ui.end_row();
                for b in &w.settings.backups {
                    ui.label(&b.taken_at);
                    ui.label(&b.reason);
                    ui.label(format!("{:.1} MB", b.bytes as f64 / 1e6));
                    if ui
                        .button(format!("恢复 {} {}…", b.taken_at, b.reason))
                        .clicked()
                    {
                        w.settings.confirm = Some(b.path.clone());
                    }
                    ui.end_row();
                }
            });
            if w.settings.backups.is_empty() {
                ui.weak("还没有备份。");
            }
        });
    if let Some(path) = w.settings.confirm.clone() {
        let mut open = true;
        let mut done = false;
        egui::Window::new("确认恢复")
            .collapsible(false)
            .resizable(false)
            .anchor(egui::Align2::CENTER_CENTER, [0.0, 0.0])
            .open(&mut open)
            .show(ui.ctx(), |ui| {
                ui.label(format!("用备份 {} 替换当前数据？", path.display()));
                ui.colored_label(RED, "恢复前会先备份当前数据，可以再恢复回来。");
                ui.horizontal(|ui| {
                    if ui.button("确定恢复").clicked() {
                        messages.push(match w.store.restore(&path) {
                            Ok(before) => (
                                format!("已恢复；恢复前的数据备份在 {}", before.display()),
                                false,
                            ),
                            Err(e) => (e.to_string(), true),
                        });
                        done = true;
                        reload = true;
                    }
                    if ui.button("取消").clicked() {
                        done = true;
                    }
                });
            });
        if !open || done {
            w.settings.confirm = None;
        }
    }
    ui.add_space(8.0);
    ui.strong("规则参数（随数据库保存）");
    egui::Grid::new("settings_grid")
        .num_columns(2)
        .show(ui, |ui| {
            let store = &mut w.store;
            for m in [
                number_setting(ui, store, "保留备份个数", KEEP_KEY, DEFAULT_KEEP, 1..=365),
                number_setting(
                    ui,
                    store,
                    "初审：空编达到此数不予受理增编",
                    crate::store::applications::VACANCY_THRESHOLD_KEY,
                    crate::domain::application::DEFAULT_VACANCY_THRESHOLD,
                    1..=100,
                ),
                number_setting(
                    ui,
                    store,
                    "周转编制最长使用期限（月）",
                    super::turnover::MAX_TERM_KEY,
                    i64::from(crate::domain::turnover::DEFAULT_MAX_TERM_MONTHS),
                    1..=120,
                ),
            ]
            .into_iter()
            .flatten()
            {
                messages.push(m);
                reload = true;
            }
        });
    ui.add_space(8.0);
    ui.weak("操作员登录与权限、操作日志尚未完成（第 10 号事项）。");
    if reload && let Err(e) = w.refresh() {
        messages.push((e, true));
    }
    messages
}
