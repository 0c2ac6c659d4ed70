//! 设置: backups (back up now, the list, restore with confirmation) and the settings kept
//! with the county's data.

use super::Workspace;
use crate::domain::{Permission, Role};
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
    pub operators: Vec<crate::store::operators::OperatorRow>,
    /// The form adding an operator.
    pub new_name: String,
    pub new_password: String,
    pub new_role: Option<Role>,
    /// A new password being typed: for whom (operator id) and the text.
    pub password_for: Option<(i64, String)>,
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
        self.operators = store.operators()?;
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
    let (may_backup, may_restore) = (w.can(Permission::Backup), w.can(Permission::Restore));
    ui.horizontal(|ui| {
        if ui
            .add_enabled(may_backup, egui::Button::new("立即备份"))
            .clicked()
        {
            match w.store.backup_now() {
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
                        .add_enabled(
                            may_restore,
                            egui::Button::new(format!("恢复 {} {}…", b.taken_at, b.reason)),
                        )
                        .on_disabled_hover_text("只有管理员能从备份恢复")
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
    if !w.can(Permission::Settings) {
        ui.weak("只有管理员能修改规则参数。");
    }
    let may_set = w.can(Permission::Settings);
    egui::Grid::new("settings_grid")
        .num_columns(2)
        .show(ui, |ui| {
            if !may_set {
                ui.disable();
            }
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
    messages.extend(operators(ui, w, &mut reload));
    if reload && let Err(e) = w.refresh() {
        messages.push((e, true));
    }
    messages
}

/// 操作员: everyone may change their own password; the administrator adds operators,
/// changes roles, disables and re-enables them, and sets new passwords.
fn operators(ui: &mut egui::Ui, w: &mut Workspace, reload: &mut bool) -> Vec<(String, bool)> {
    let mut messages = Vec::new();
    let manage = w.can(Permission::ManageOperators);
    let me = w.store.operator().to_string();
    ui.strong("操作员");
    let s = &mut w.settings;
    let mut update: Option<(i64, Role, bool)> = None;
    let mut set_password: Option<(i64, String)> = None;
    egui::Grid::new("operators").striped(true).show(ui, |ui| {
        for h in ["姓名", "角色", "状态", "创建", ""] {
            ui.strong(h);
        }
        ui.end_row();
        for o in &s.operators {
            let mine = o.name == me;
            if !manage && !mine {
                continue;
            }
            ui.label(&o.name);
            if manage {
                let mut role = o.role;
                role_combo(ui, ("role", o.id), &mut role, &format!("{}的角色", o.name));
                if role != o.role {
                    update = Some((o.id, role, o.active));
                }
            } else {
                ui.label(o.role.label());
            }
            ui.label(if o.active { "可登录" } else { "已停用" });
            ui.label(format!("{} {}", o.created_by, o.created_at));
            ui.horizontal(|ui| {
                if manage && !mine {
                    let toggle = if o.active { "停用" } else { "启用" };
                    if ui.button(format!("{toggle} {}", o.name)).clicked() {
                        update = Some((o.id, o.role, !o.active));
                    }
                }
                match &mut s.password_for {
                    Some((id, text)) if *id == o.id => {
                        let l = ui.label("新密码");
                        ui.add(
                            egui::TextEdit::singleline(text)
                                .password(true)
                                .desired_width(120.0),
                        )
                        .labelled_by(l.id);
                        if ui.button("保存密码").clicked() {
                            set_password = Some((o.id, text.clone()));
                        }
                    }
                    _ => {
                        if ui.button(format!("设置 {} 的密码…", o.name)).clicked() {
                            s.password_for = Some((o.id, String::new()));
                        }
                    }
                }
            });
            ui.end_row();
        }
    });
    if let Some((id, role, active)) = update {
        messages.push(match w.store.update_operator(id, role, active) {
            Ok(()) => ("已修改操作员".to_string(), false),
            Err(e) => (e.to_string(), true),
        });
        *reload = true;
    }
    if let Some((id, password)) = set_password {
        messages.push(match w.store.set_password(id, &password) {
            Ok(()) => {
                w.settings.password_for = None;
                ("已设置新密码".to_string(), false)
            }
            Err(e) => (e.to_string(), true),
        });
    }
    if !manage {
        return messages;
    }
    let s = &mut w.settings;
    let mut add = false;
    ui.horizontal_wrapped(|ui| {
        ui.label("添加操作员：");
        let l = ui.label("新操作员姓名");
        ui.add(egui::TextEdit::singleline(&mut s.new_name).desired_width(90.0))
            .labelled_by(l.id);
        let l = ui.label("初始密码");
        ui.add(
            egui::TextEdit::singleline(&mut s.new_password)
                .password(true)
                .desired_width(110.0),
        )
        .labelled_by(l.id);
        let role = s.new_role.get_or_insert(Role::Clerk);
        role_combo(ui, "new_role", role, "新操作员的角色");
        add = ui.button("添加").clicked();
    });
    ui.weak("管理员：操作员、设置、恢复备份和全部业务；经办人：全部编制业务；查看：只读。");
    if add {
        let role = s.new_role.unwrap_or(Role::Clerk);
        let (name, password) = (s.new_name.clone(), std::mem::take(&mut s.new_password));
        messages.push(match w.store.add_operator(&name, &password, role) {
            Ok(()) => {
                w.settings.new_name.clear();
                (
                    format!("已添加操作员“{}”（{}）", name.trim(), role.label()),
                    false,
                )
            }
            Err(e) => (e.to_string(), true),
        });
        *reload = true;
    }
    messages
}

/// A choice of role, named for screen readers and tests.
fn role_combo(
    ui: &mut egui::Ui,
    id: impl std::hash::Hash + std::fmt::Debug,
    role: &mut Role,
    name: &str,
) {
    egui::ComboBox::from_id_salt(id)
        .selected_text(role.label())
        .show_ui(ui, |ui| {
            for r in Role::ALL {
                ui.selectable_value(role, r, r.label());
            }
        })
        .response
        .widget_info(|| egui::WidgetInfo::labeled(egui::accesskit::Role::ComboBox, true, name));
}
