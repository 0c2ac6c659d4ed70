//! The window at 1366×768, the smallest screen of the office: every wide table keeps all
//! its columns reachable by scrolling sideways.

use crate::common::*;
use bianzhi::ui::App;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

const WIDTH: f32 = 1366.0;

fn small_screen(zoom: f32) -> Harness<'static, App> {
    let mut h = Harness::builder()
        .with_size([WIDTH, 768.0])
        .with_theme(egui::Theme::Light)
        .with_step_dt(0.5)
        .with_max_steps(32)
        .with_context_setup(bianzhi::ui::setup_context)
        .build_ui_state(|ui, app: &mut App| app.show(ui), demo_app());
    h.ctx.set_zoom_factor(zoom);
    h.run();
    h
}

/// Scrolls the table whose first header is `first` sideways to its last header `last` (as
/// keyboard navigation or a screen reader does: the header is brought into view): the
/// scroll offset moved (the first header went left) and the last header ends inside the
/// window.
fn reach_last_column(h: &mut Harness<'_, App>, zoom: f32, first: &str, last: &str) {
    let visible_width = WIDTH / zoom;
    let right = |h: &Harness<'_, App>| h.get_by_label(last).rect().right();
    assert!(
        right(h) > visible_width,
        "{last} is out of view before scrolling ({} > {visible_width})",
        right(h)
    );
    let start = h.get_by_label(first).rect().left();
    h.get_by_label(last).scroll_to_me();
    h.run();
    assert!(
        h.get_by_label(first).rect().left() < start,
        "the table scrolled sideways"
    );
    assert!(
        right(h) <= visible_width,
        "{last} is in view after scrolling: {} <= {visible_width}",
        right(h)
    );
}

/// Enlarged to 150 % (放大 five times), as a clerk who reads larger does: at 100 % every
/// table fits 1366 points.
const ZOOM: f32 = 1.5;

#[test]
fn the_scoring_form_scrolls_to_its_last_column() {
    let mut h = small_screen(ZOOM);
    h.get_by_label("评估").click();
    h.run();
    h.get_by_label("县教育局").click();
    h.run();
    reach_last_column(&mut h, ZOOM, "指标", "来源");
}

#[test]
fn the_township_and_turnover_ledgers_scroll_to_their_last_column() {
    let zoom = ZOOM;
    let mut h = small_screen(zoom);
    h.get_by_label("乡镇编制").click();
    h.run();
    reach_last_column(&mut h, zoom, "标准行政", "三月备案");
    h.get_by_label("周转编制").click();
    h.run();
    reach_last_column(&mut h, zoom, "下达日期", "在用");
}
