//! 登录: the window opens with the operator's sign-in; on the first start it creates the
//! administrator. Nothing else of the county is shown until someone has signed in.

use crate::store::Store;

/// The sign-in form.
#[derive(Debug, Default)]
pub struct LoginState {
    /// No operator exists yet: the form creates the administrator.
    pub first: bool,
    pub name: String,
    pub password: String,
    pub confirm: String,
    pub error: Option<String>,
}

impl LoginState {
    pub fn for_store(store: &Store) -> LoginState {
        LoginState {
            first: !store.has_operators().unwrap_or(true),
            ..LoginState::default()
        }
    }
}

/// Shows the form; returns `true` once the operator has signed in (the store then acts as
/// them). `enabled` is false while the database is still being checked.
pub fn show(ui: &mut egui::Ui, form: &mut LoginState, store: &mut Store, enabled: bool) -> bool {
    let mut submit = false;
    let rule = format!("至少 {} 位", crate::domain::access::MIN_PASSWORD_CHARS);
    egui::CentralPanel::default().show(ui, |ui| {
        ui.vertical_centered(|ui| {
            ui.add_space(90.0);
            ui.heading("编制通");
            ui.add_space(6.0);
            if form.first {
                ui.label("首次使用：请创建管理员账号（管理员可在“设置”中添加经办人和查看人员）");
                ui.label(format!("密码{rule}，请牢记：忘记后只能由其他管理员重设。"));
            } else {
                ui.label("请登录");
            }
            if !enabled {
                ui.label("正在检查数据库……");
            }
            ui.add_space(16.0);
            ui.add_enabled_ui(enabled, |ui| {
                // The form's grid, centred: it is about 300 points wide.
                ui.horizontal(|ui| {
                    ui.add_space(((ui.available_width() - 300.0) / 2.0).max(0.0));
                    egui::Grid::new("login")
                        .num_columns(2)
                        .spacing([8.0, 8.0])
                        .show(ui, |ui| {
                            let l = ui.label(if form.first {
                                "管理员姓名"
                            } else {
                                "操作员"
                            });
                            let r = ui
                                .add(
                                    egui::TextEdit::singleline(&mut form.name).desired_width(200.0),
                                )
                                .labelled_by(l.id);
                            // The cursor starts in the first field.
                            if form.name.is_empty() && ui.memory(|m| m.focused().is_none()) {
                                r.request_focus();
                            }
                            ui.end_row();
                            let l = ui.label("密码");
                            let r = ui
                                .add(
                                    egui::TextEdit::singleline(&mut form.password)
                                        .password(true)
                                        .hint_text(if form.first { rule.as_str() } else { "" })
                                        .desired_width(200.0),
                                )
                                .labelled_by(l.id);
                            // The name remembered from last time: the cursor starts here.
                            if !form.name.is_empty()
                                && form.password.is_empty()
                                && ui.memory(|m| m.focused().is_none())
                            {
                                r.request_focus();
                            }
                            submit |= !form.first
                                && r.lost_focus()
                                && ui.input(|i| i.key_pressed(egui::Key::Enter));
                            ui.end_row();
                            if form.first {
                                let l = ui.label("确认密码");
                                let r = ui
                                    .add(
                                        egui::TextEdit::singleline(&mut form.confirm)
                                            .password(true)
                                            .desired_width(200.0),
                                    )
                                    .labelled_by(l.id);
                                submit |=
                                    r.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
                                ui.end_row();
                            }
                        });
                });
                ui.add_space(8.0);
                if let Some(e) = &form.error {
                    ui.colored_label(egui::Color32::from_rgb(180, 30, 30), e);
                }
                let button = if form.first {
                    "创建管理员并登录"
                } else {
                    "登录"
                };
                submit |= ui.button(button).clicked();
            });
        });
    });
    if !(submit && enabled) {
        return false;
    }
    let result = if form.first {
        if form.password != form.confirm {
            form.error = Some("两次输入的密码不一致，请重新输入".to_string());
            form.password.clear();
            form.confirm.clear();
            return false;
        }
        store.create_first_admin(&form.name, &form.password)
    } else {
        store.sign_in(&form.name, &form.password)
    };
    form.password.clear();
    form.confirm.clear();
    match result {
        Ok(_) => true,
        Err(e) => {
            form.error = Some(e.to_string());
            false
        }
    }
}
