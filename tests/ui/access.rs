//! Operators in the window, driven through egui_kittest: the first start creates the
//! administrator, the administrator adds a 查看 operator, who signs in and can change
//! nothing; the 操作日志 panel finds actions and revealing ID numbers is logged.

use crate::common::*;
use bianzhi::domain::Role;
use bianzhi::store::Store;
use bianzhi::ui::{App, Nav};
use egui::accesskit;
use egui_kittest::kittest::{NodeT, Queryable};

fn demo_db(dir: &tempfile::TempDir) -> std::path::PathBuf {
    let db = dir.path().join("county.db");
    let mut s = Store::open(&db).unwrap();
    bianzhi::demo::fill(&mut s).unwrap();
    db
}

fn audit_actions(h: &egui_kittest::Harness<'_, App>) -> Vec<String> {
    let w = workspace(h);
    let db = w.store.path().unwrap().to_path_buf();
    let s = Store::open(&db).unwrap();
    s.audit_actions(&Default::default())
        .unwrap()
        .into_iter()
        .map(|a| format!("{} {} {}", a.operator, a.action, a.detail))
        .collect()
}

#[test]
fn first_start_creates_the_administrator() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(&dir);
    let mut h = harness(App::new(&db));
    h.run();
    wait_for_check(&mut h);
    // Nothing of the county is shown before signing in.
    assert!(h.query_by_label("机构与人员").is_none());
    assert!(h.query_by_label_contains("首次使用").is_some());
    type_into_field(&mut h, "管理员姓名", "王管理");
    type_into_field(&mut h, "密码", "secret-1");
    type_into_field(&mut h, "确认密码", "secret-2");
    h.get_by_label("创建管理员并登录").click();
    h.run();
    assert!(
        h.query_by_label("两次输入的密码不一致，请重新输入")
            .is_some()
    );
    type_into_field(&mut h, "密码", "secret-1");
    type_into_field(&mut h, "确认密码", "secret-1");
    h.get_by_label("创建管理员并登录").click();
    h.run();
    assert!(h.state().login.is_none());
    assert!(h.query_by_label("操作员：王管理（管理员）").is_some());
    assert!(audit_actions(&h)[0].starts_with("王管理 登录"));
}

#[test]
fn a_viewer_added_by_the_administrator_can_change_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(&dir);
    let mut h = open_signed_in(&db);
    h.get_by_label("设置").click();
    h.run();
    type_into_field(&mut h, "新操作员姓名", "赵查看");
    type_into_field(&mut h, "初始密码", "viewer-pw");
    pick(&mut h, "新操作员的角色", "查看");
    h.get_by_label("添加").click();
    h.run();
    let ops = workspace(&h).store.operators().unwrap();
    assert!(
        ops.iter()
            .any(|o| o.name == "赵查看" && o.role == Role::Viewer)
    );

    // Switch operator: a wrong password is refused, the right one signs in.
    h.get_by_label("文件").click();
    h.run();
    h.get_by_label("切换操作员…").click();
    h.run();
    sign_in(&mut h, "赵查看", "wrong-pw");
    assert!(
        h.query_by_label("姓名或密码不对，或此操作员已停用")
            .is_some()
    );
    type_into_field(&mut h, "密码", "viewer-pw");
    h.get_by_label("登录").click();
    h.run();
    assert!(h.state().login.is_none());
    assert!(h.query_by_label("只读：当前角色只能浏览和导出").is_some());

    // No way to change anything: no 新增单位, no import, no 操作日志, masked IDs only.
    h.state_mut().nav = Nav::Registry;
    h.run();
    assert!(h.query_by_label("新增单位…").is_none());
    assert!(h.query_by_label("操作日志").is_none());
    let reveal = h.get_by_label("显示完整身份证号");
    assert!(reveal.accesskit_node().is_disabled());
    h.get_by_label("导入导出").click();
    h.run();
    assert!(h.query_by_label_contains("不能导入").is_some());
    h.get_by_label("设置").click();
    h.run();
    assert!(
        h.get_by_role_and_label(accesskit::Role::Button, "立即备份")
            .accesskit_node()
            .is_disabled()
    );
    // The other panels' dialogs open (to look) but offer no 确定.
    h.get_by_label("周转编制").click();
    h.run();
    h.get_by_label("新建周转池…").click();
    h.run();
    assert!(
        h.get_by_role_and_label(accesskit::Role::Button, "确定")
            .accesskit_node()
            .is_disabled()
    );
    h.get_by_label("取消").click();
    h.run();
    // …nor buttons that write at once.
    h.get_by_label("评估").click();
    h.run();
    assert!(
        h.get_by_role_and_label(accesskit::Role::Button, "导入指标体系…")
            .accesskit_node()
            .is_disabled()
    );
    // Even a write that reached the store would be refused.
    let w = match &mut h.state_mut().screen {
        bianzhi::ui::Screen::Open(w) => w,
        _ => unreachable!(),
    };
    assert!(w.store.write(|tx| tx.create_pool("池")).is_err());
}

#[test]
fn the_audit_panel_finds_actions_and_reveals_are_logged() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(&dir);
    let mut h = open_signed_in(&db);
    select_unit(&mut h, "县教育局");
    h.get_by_label("显示完整身份证号").click();
    h.run();
    assert!(workspace(&h).panels.registry.reveal_ids);
    assert!(
        audit_actions(&h)[0].starts_with(&format!(
            "{} 查看完整身份证号 机构与人员：县教育局",
            ADMIN.0
        )),
        "{:?}",
        audit_actions(&h)
    );
    h.get_by_label("操作日志").click();
    h.run();
    // The demo county's writes and this session's sign-in are listed.
    assert!(h.query_by_label("查看完整身份证号").is_some());
    // A write made afterwards is listed when the panel is shown again.
    {
        let w = match &mut h.state_mut().screen {
            bianzhi::ui::Screen::Open(w) => w,
            _ => unreachable!(),
        };
        w.store.write(|tx| tx.create_pool("新周转池")).unwrap();
        w.refresh().unwrap();
    }
    h.get_by_label("设置").click();
    h.run();
    h.get_by_label("操作日志").click();
    h.run();
    assert!(h.query_by_label("新建周转编制池").is_some());
    type_into(&mut h, "包含文字", "县教育局");
    h.get_by_label("查询").click();
    h.run();
    let found = &workspace(&h).panels.audit.actions;
    assert!(!found.is_empty());
    assert!(
        found
            .iter()
            .all(|a| a.action.contains("县教育局") || a.detail.contains("县教育局") || a.rows > 0),
        "{found:?}"
    );
    let found = &workspace(&h).panels.audit.actions;
    // Open the first action with rows: its changes are listed.
    let with_rows = found.iter().find(|a| a.rows > 0).unwrap().clone();
    h.get_by_label(&with_rows.action).click();
    h.run();
    assert!(
        workspace(&h)
            .panels
            .audit
            .selected
            .as_ref()
            .is_some_and(|(id, c)| *id == with_rows.id && !c.is_empty())
    );
}
