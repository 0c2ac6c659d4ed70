//! Helpers shared by the kittest UI tests: the demo app in a harness (light theme, the
//! app's fonts), finding units, typing and picking.

use bianzhi::domain::{OrgId, PostType};
use bianzhi::store::Store;
use bianzhi::ui::{App, Screen, Workspace, setup_context};
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

/// The form of the open dialog, when it is a `T`.
pub fn open_form<T: 'static>(w: &Workspace) -> Option<&T> {
    w.dialog
        .as_ref()
        .and_then(|d| d.form.as_any().downcast_ref::<T>())
}

/// The open registry action dialog's fields.
pub fn action_form(w: &Workspace) -> Option<&bianzhi::ui::panels::registry::actions::ActionForm> {
    open_form(w)
}

/// The open workspace (panics on the first-start screen).
pub fn workspace<'a>(h: &'a Harness<'_, App>) -> &'a Workspace {
    match &h.state().screen {
        Screen::Open(w) => w,
        Screen::Welcome { .. } | Screen::Server(_) => panic!("no county open"),
    }
}

pub fn demo_app() -> App {
    let mut store = Store::open_in_memory().unwrap();
    store.set_operator("测试员");
    bianzhi::demo::fill(&mut store).unwrap();
    App::with_store(store).unwrap()
}

/// The app in a harness. A step is half a second (a click still lasts one step: egui's
/// longest click is 0.8 s), so a notice's toast (up to 10 s, repainting while it shows) has
/// gone when `run` settles.
pub fn harness(app: App) -> Harness<'static, App> {
    Harness::builder()
        .with_size([1400.0, 1000.0])
        .with_theme(egui::Theme::Light)
        .with_step_dt(0.5)
        .with_max_steps(32)
        .with_context_setup(setup_context)
        .build_ui_state(|ui, app: &mut App| app.show(ui), app)
}

pub fn org_id(h: &Harness<'_, App>, name: &str) -> OrgId {
    match &h.state().screen {
        Screen::Open(w) => OrgId(w.stats.orgs.iter().find(|o| o.name == name).unwrap().id),
        Screen::Welcome { .. } | Screen::Server(_) => panic!("no county open"),
    }
}

pub fn counts(h: &Harness<'_, App>, name: &str, t: PostType) -> (i64, i64) {
    match &h.state().screen {
        Screen::Open(w) => {
            let c = w
                .stats
                .orgs
                .iter()
                .find(|o| o.name == name)
                .unwrap()
                .posts
                .get(t);
            (c.approved, c.occupied)
        }
        Screen::Welcome { .. } | Screen::Server(_) => panic!("no county open"),
    }
}

/// Clicks a unit in the tree, opening the 事业单位 group when the unit is in it.
/// Selects a unit in the tree, found through the tree's search box (as a clerk would in
/// a long tree), which is emptied again after.
pub fn select_unit(h: &mut Harness<'_, App>, name: &str) {
    replace_text(h, "查找单位：", name);
    h.get_by_label_contains(&format!("{name}  ")).click();
    h.run();
    clear_text(h, "查找单位：");
}

/// Empties a text field.
pub fn clear_text(h: &mut Harness<'_, App>, label: &str) {
    h.get_by_role_and_label(Role::TextInput, label).focus();
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.run();
    h.key_press(egui::Key::Backspace);
    h.run();
}

pub fn type_into(h: &mut Harness<'_, App>, label: &str, text: &str) {
    h.get_by_role_and_label(Role::TextInput, label).focus();
    h.run();
    h.get_by_role_and_label(Role::TextInput, label)
        .type_text(text);
    h.run();
}

pub fn replace_text(h: &mut Harness<'_, App>, label: &str, text: &str) {
    h.get_by_role_and_label(Role::TextInput, label).focus();
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.run();
    h.get_by_role_and_label(Role::TextInput, label)
        .type_text(text);
    h.run();
}

pub fn pick(h: &mut Harness<'_, App>, combo: &str, option: &str) {
    h.get_by_role_and_label(Role::ComboBox, combo).click();
    h.run();
    h.get_by_role_and_label(Role::Button, option).scroll_to_me();
    h.run();
    h.get_by_role_and_label(Role::Button, option).click();
    h.run();
}

/// Steps the app until the check on open has reported (App::new on an existing file).
pub fn wait_for_check(h: &mut Harness<'_, App>) {
    let start = std::time::Instant::now();
    while h.state().checking() {
        assert!(
            start.elapsed().as_secs() < 60,
            "the check on open never finished"
        );
        std::thread::sleep(std::time::Duration::from_millis(10));
        h.step();
    }
    h.run();
}

/// Types into a field whatever its role (passwords are not plain text inputs).
pub fn type_into_field(h: &mut Harness<'_, App>, label: &str, text: &str) {
    h.get_by_label(label).focus();
    h.run();
    h.get_by_label(label).type_text(text);
    h.run();
}

pub const ADMIN: (&str, &str) = ("管理员甲", "secret-1");

/// Signs in on the login screen.
pub fn sign_in(h: &mut Harness<'_, App>, name: &str, password: &str) {
    type_into_field(h, "操作员", name);
    type_into_field(h, "密码", password);
    h.get_by_label("登录").click();
    h.run();
}

/// The app on the database file `db`, checked on open and signed in: on a database without
/// operators, as the first administrator ([`ADMIN`]), created through the first-start form.
pub fn open_signed_in(db: &std::path::Path) -> Harness<'static, App> {
    let mut h = harness(App::new(db));
    h.run();
    wait_for_check(&mut h);
    if h.query_by_label("创建管理员并登录").is_some() {
        type_into_field(&mut h, "管理员姓名", ADMIN.0);
        type_into_field(&mut h, "密码", ADMIN.1);
        type_into_field(&mut h, "确认密码", ADMIN.1);
        h.get_by_label("创建管理员并登录").click();
        h.run();
    } else {
        sign_in(&mut h, ADMIN.0, ADMIN.1);
    }
    assert!(h.state().login.is_none(), "not signed in");
    h
}

/// The text of every label on screen, in the order the window lays them out.
pub fn labels(h: &Harness<'_, App>) -> Vec<String> {
    h.query_all(egui_kittest::kittest::By::new().role(Role::Label))
        .filter_map(|n| n.value())
        .collect()
}

/// The `n` labels that follow the first label reading exactly `first` (a grid row's cells
/// after its heading cell).
pub fn row_after(h: &Harness<'_, App>, first: &str, n: usize) -> Vec<String> {
    let all = labels(h);
    let at = all
        .iter()
        .position(|l| l == first)
        .unwrap_or_else(|| panic!("no label “{first}” on screen"));
    all[at + 1..].iter().take(n).cloned().collect()
}

/// The folder every file the window would ask a place for is saved into (one for the whole
/// test run: tests run at once, and a save dialog cannot be answered here).
pub fn saved_files() -> std::path::PathBuf {
    static DIR: std::sync::OnceLock<tempfile::TempDir> = std::sync::OnceLock::new();
    let dir = DIR
        .get_or_init(|| tempfile::tempdir().expect("a temporary folder"))
        .path()
        .to_path_buf();
    bianzhi::ui::widgets::save_without_asking(Some(dir.clone()));
    dir
}
