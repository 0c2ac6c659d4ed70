//! 设置: backups (back up now, the list, restore with confirmation) and the settings kept
//! with the county's data.

use crate::domain::notice::{NoticeKind, notice_number};
use crate::domain::{Permission, Role};
use crate::store::backup::{BackupFile, DEFAULT_KEEP, KEEP_KEY, list_backups};
use crate::store::{Kinds, Result, Store};
use crate::ui::dialog::{Closer, Done, Form};
use crate::ui::panel::{Command, Commands, Cx, Nav, Panel};
use std::path::PathBuf;

/// The numeric settings this panel edits: label, key, default, range.
const NUMBERS: [(&str, &str, i64, (i64, i64)); 3] = [
    ("保留备份个数", KEEP_KEY, DEFAULT_KEEP, (1, 365)),
    (
        "初审：空编达到此数不予受理增编",
        crate::store::applications::VACANCY_THRESHOLD_KEY,
        crate::domain::application::DEFAULT_VACANCY_THRESHOLD,
        (1, 100),
    ),
    (
        "周转编制最长使用期限（月）",
        super::turnover::MAX_TERM_KEY,
        crate::domain::turnover::DEFAULT_MAX_TERM_MONTHS as i64,
        (1, 120),
    ),
];

#[derive(Default)]
pub struct SettingsState {
    pub backups: Vec<BackupFile>,
    /// The values of [`NUMBERS`], as read.
    numbers: Vec<i64>,
    /// Each kind of notice's number prefix (石编用〔2026〕1号), as read and being typed.
    pub notice_prefixes: Vec<String>,
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
        self.backups = match store.backup_anchor() {
            Some(p) => list_backups(&p)?,
            None => Vec::new(),
        };
        self.operators = store.operators()?;
        self.numbers = NUMBERS
            .iter()
            .map(|(_, key, default, _)| store.setting_or(key, *default))
            .collect();
        self.notice_prefixes = NoticeKind::ALL
            .iter()
            .map(|k| {
                Ok(store
                    .setting(&k.prefix_key())?
                    .unwrap_or_else(|| k.default_prefix().to_string()))
            })
            .collect::<Result<_>>()?;
        // An operator just added: the form is done.
        if self
            .operators
            .iter()
            .any(|o| o.name == self.new_name.trim())
        {
            self.new_name.clear();
        }
        Ok(())
    }
}

impl Panel for SettingsState {
    fn nav(&self) -> Nav {
        Nav::Settings
    }

    /// The backups list grows with a backup (logged).
    fn reads(&self) -> Kinds {
        Kinds::SETTINGS | Kinds::OPERATORS | Kinds::AUDIT
    }

    fn reload(&mut self, store: &Store) -> Result<()> {
        SettingsState::reload(self, store)
    }

    fn show(&mut self, ui: &mut egui::Ui, cx: &Cx, out: &mut Commands) {
        show(self, ui, cx, out);
    }
}

/// 确认恢复: replaces the county's data with a backup (the current data backed up first).
struct Restore {
    path: PathBuf,
}

impl Form for Restore {
    fn title(&self) -> String {
        "确认恢复".to_string()
    }

    fn fields(&mut self, ui: &mut egui::Ui, _cx: &Cx, _out: &mut Commands, _close: &mut Closer) {
        ui.label(format!("用备份 {} 替换当前数据？", self.path.display()));
        ui.colored_label(
            crate::ui::theme::ERROR,
            "恢复前会先备份当前数据，可以再恢复回来。",
        );
    }

    fn grid(&self) -> bool {
        false
    }

    fn confirm_label(&self) -> &str {
        "确定恢复"
    }

    fn submit(&mut self, store: &mut Store) -> std::result::Result<Done, String> {
        let before = store.restore(&self.path).map_err(|e| e.to_string())?;
        Ok(format!("已恢复；恢复前的数据备份在 {}", before.display()).into())
    }

    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

/// A kind of notice's number prefix, edited in place: written when the field is left.
fn notice_prefix(ui: &mut egui::Ui, kind: NoticeKind, prefix: &mut String, out: &mut Commands) {
    let l = ui.label(format!("{}编号前缀", kind.label()));
    let r = ui
        .add(
            egui::TextEdit::singleline(prefix)
                .hint_text(kind.default_prefix())
                .desired_width(120.0),
        )
        .labelled_by(l.id)
        .on_hover_text(format!(
            "编号如 {}，按年度顺编",
            notice_number(prefix, crate::clock::this_year(), 1)
        ));
    ui.end_row();
    if r.lost_focus() && !prefix.trim().is_empty() {
        let (key, value) = (kind.prefix_key(), prefix.trim().to_string());
        out.write(move |s| {
            if s.setting(&key).map_err(|e| e.to_string())?.as_deref() == Some(value.as_str()) {
                return Ok(None);
            }
            s.set_setting(&key, &value)
                .map(|()| Some(format!("已设置{}编号前缀：{value}", kind.label())))
                .map_err(|e| e.to_string())
        });
    }
}

/// A numeric setting kept in the database, edited in place: written when changed.
fn number_setting(ui: &mut egui::Ui, value: &mut i64, n: usize, out: &mut Commands) {
    let (label, key, _, (lo, hi)) = NUMBERS[n];
    let l = ui.label(label);
    let changed = ui
        .add(egui::DragValue::new(value).range(lo..=hi))
        .labelled_by(l.id)
        .changed();
    ui.end_row();
    if changed {
        let v = *value;
        out.write(move |s| {
            s.set_setting(key, &v.to_string())
                .map(|()| Some(format!("已设置{label}：{v}")))
                .map_err(|e| e.to_string())
        });
    }
}

fn show(st: &mut SettingsState, ui: &mut egui::Ui, cx: &Cx, out: &mut Commands) {
    ui.heading("设置");
    ui.add_space(4.0);
    ui.strong("数据库");
    ui.horizontal(|ui| {
        match (cx.store.server(), cx.store.path()) {
            (Some(server), _) => ui.label(format!("数据库服务器：{server}（几台电脑共用）")),
            (None, Some(p)) => ui.label(format!("本机数据库文件：{}", p.display())),
            (None, None) => ui.label("内存数据库"),
        };
        if ui.button("更换数据库…").clicked() {
            out.push(Command::SwitchDatabase);
        }
    });
    ui.weak("几台电脑共用一个县时，连接内网的数据库服务器（PostgreSQL）；本机文件仍是默认。");
    ui.add_space(8.0);
    ui.strong("备份");
    ui.label(if cx.store.server().is_some() {
        "每天第一次打开时自动把整个县备份为本机的一个数据库文件；服务器管理员另用 pg_dump 定期备份服务器。"
    } else {
        "每天第一次打开、每次导入前、数据库升级前自动备份；恢复前也会先备份当前数据。"
    });
    let (may_backup, may_restore) = (cx.can(Permission::Backup), cx.can(Permission::Restore));
    ui.horizontal(|ui| {
        if ui
            .add_enabled(may_backup, egui::Button::new("立即备份"))
            .clicked()
        {
            out.write(|s| match s.backup_now() {
                Ok(Some(p)) => Ok(Some(format!("已备份：{}", p.display()))),
                Ok(None) => Err("内存数据库没有备份".to_string()),
                Err(e) => Err(e.to_string()),
            });
        }
        if let Some(p) = cx.store.backup_anchor() {
            ui.weak(format!(
                "备份位置：{}",
                crate::store::backup::backup_dir(&p).display()
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
                for b in &st.backups {
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
                        out.open(Restore {
                            path: b.path.clone(),
                        });
                    }
                    ui.end_row();
                }
            });
            if st.backups.is_empty() {
                ui.weak("还没有备份。");
            }
        });
    ui.add_space(8.0);
    ui.strong("规则参数（随数据库保存）");
    let may_set = cx.can(Permission::Settings);
    if !may_set {
        ui.weak("只有管理员能修改规则参数。");
    }
    egui::Grid::new("settings_grid")
        .num_columns(2)
        .show(ui, |ui| {
            if !may_set {
                ui.disable();
            }
            for (n, value) in st.numbers.iter_mut().enumerate() {
                number_setting(ui, value, n, out);
            }
            for (kind, prefix) in NoticeKind::ALL.iter().zip(&mut st.notice_prefixes) {
                notice_prefix(ui, *kind, prefix, out);
            }
        });
    ui.add_space(8.0);
    operators(ui, st, cx, out);
}

/// 操作员: everyone may change their own password; the administrator adds operators,
/// changes roles, disables and re-enables them, and sets new passwords.
fn operators(ui: &mut egui::Ui, s: &mut SettingsState, cx: &Cx, out: &mut Commands) {
    let manage = cx.can(Permission::ManageOperators);
    let me = cx.store.operator().to_string();
    ui.strong("操作员");
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
        out.write(move |s| {
            s.update_operator(id, role, active)
                .map(|()| Some("已修改操作员".to_string()))
                .map_err(|e| e.to_string())
        });
    }
    if let Some((id, password)) = set_password {
        // A refused password is typed again (the message says why).
        s.password_for = None;
        out.write(move |s| {
            s.set_password(id, &password)
                .map(|()| Some("已设置新密码".to_string()))
                .map_err(|e| e.to_string())
        });
    }
    if !manage {
        return;
    }
    let mut add = false;
    ui.horizontal_wrapped(|ui| {
        ui.label("添加操作员：");
        let l = ui.label("新操作员姓名");
        ui.add(egui::TextEdit::singleline(&mut s.new_name).desired_width(90.0))
            .labelled_by(l.id);
        let l = ui.label("初始密码");
        let rule = format!("至少 {} 位", crate::domain::access::MIN_PASSWORD_CHARS);
        ui.add(
            egui::TextEdit::singleline(&mut s.new_password)
                .password(true)
                .hint_text(rule)
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
        // The name stays until the operator is in the list (a refused name can be fixed).
        let (name, password) = (s.new_name.clone(), std::mem::take(&mut s.new_password));
        out.write(move |s| {
            s.add_operator(&name, &password, role)
                .map(|()| Some(format!("已添加操作员“{}”（{}）", name.trim(), role.label())))
                .map_err(|e| e.to_string())
        });
    }
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
