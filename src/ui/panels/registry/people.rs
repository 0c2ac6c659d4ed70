//! The people table of 机构与人员: 100,000 rows with virtual scrolling, the columns the
//! clerk chose (every field kept of a person), sort by any column, filter as you type in
//! the 查找人员 box and under any column, and the actions offered for the chosen person.

use super::RegistryState;
use super::actions::{ActionForm, ActionKind};
use super::people_index::{Column, PeopleView};
use crate::domain::{Funding, Permission, PostType};
use crate::export::reports::Report;
use crate::ui::panel::{Command, Commands, Cx};
use egui_extras::{Column as TableColumn, TableBuilder};

/// A column's width to start with.
fn width(c: Column) -> f32 {
    match c.code() {
        "gender" | "ethnicity" => 60.0,
        "id_number" | "join_doc" | "school" => 160.0,
        "unit" => 180.0,
        "post_type" | "major" | "position" | "division" => 130.0,
        _ => 90.0,
    }
}

/// The column chooser: a check box per column by group, the order of those shown, 恢复默认.
/// Returns whether the columns changed.
fn chooser(ui: &mut egui::Ui, view: &mut PeopleView) -> bool {
    let before = view.columns.clone();
    ui.horizontal_top(|ui| {
        let all = Column::all();
        let mut groups: Vec<&str> = all.iter().map(|(g, _)| *g).collect();
        groups.dedup();
        for group in groups {
            ui.vertical(|ui| {
                ui.strong(group);
                for (_, c) in all.iter().filter(|(g, _)| *g == group) {
                    let mut on = view.columns.contains(c);
                    let last = on && view.columns.len() == 1;
                    if ui
                        .add_enabled(!last, egui::Checkbox::new(&mut on, c.label()))
                        .changed()
                    {
                        view.show(*c, on);
                    }
                }
            });
        }
        ui.add_space(16.0);
        ui.vertical(|ui| {
            ui.strong("显示顺序");
            // As tall and wide as the check boxes, scrolling when longer: the chooser keeps
            // its size (and its boxes their places) while columns are ticked.
            let all = Column::all();
            let longest = all
                .iter()
                .map(|(g, _)| all.iter().filter(|(h, _)| h == g).count())
                .max()
                .unwrap_or(1);
            let line = ui.spacing().interact_size.y + ui.spacing().item_spacing.y;
            egui::ScrollArea::vertical()
                .id_salt("column_order")
                .max_height(longest as f32 * line)
                .auto_shrink([false, false])
                .show(ui, |ui| {
                    ui.set_width(170.0);
                    let mut moved = None;
                    let n = view.columns.len();
                    for (k, c) in view.columns.iter().enumerate() {
                        ui.horizontal(|ui| {
                            if ui
                                .add_enabled(k > 0, egui::Button::new("▲").small())
                                .on_hover_text("左移")
                                .clicked()
                            {
                                moved = Some((k, -1));
                            }
                            if ui
                                .add_enabled(k + 1 < n, egui::Button::new("▼").small())
                                .on_hover_text("右移")
                                .clicked()
                            {
                                moved = Some((k, 1));
                            }
                            ui.label(c.label());
                        });
                    }
                    if let Some((k, by)) = moved {
                        view.move_column(k, by);
                    }
                });
        });
    });
    ui.separator();
    if ui.button("恢复默认").clicked() {
        view.reset();
    }
    view.columns != before
}

pub(super) fn people_table(
    ui: &mut egui::Ui,
    reg: &mut RegistryState,
    cx: &Cx,
    out: &mut Commands,
) {
    let mut view = PeopleView::of_clerk(ui.ctx(), cx.store);
    // The filters typed apply to the list shown, also when it was just rebuilt.
    if reg.people.set_column_filters(&view.filters) {
        reg.refilter();
    }
    let read_only = !reg.can_write(cx);
    let may_reveal = cx.can(Permission::RevealIds);
    let mut revealed = false;
    let mut changed = false;
    let mut columns_changed = false;
    ui.horizontal_wrapped(|ui| {
        let l = ui.label("查找人员：");
        let r = ui
            .add(
                egui::TextEdit::singleline(&mut reg.query)
                    .hint_text("姓名、拼音首字母（如 zs）或身份证号")
                    .desired_width(260.0),
            )
            .labelled_by(l.id);
        changed |= r.changed();
        changed |= ui.checkbox(&mut reg.include_left, "含已出编").changed();
        let r = ui
            .add_enabled(
                may_reveal,
                egui::Checkbox::new(&mut reg.reveal_ids, "显示完整身份证号"),
            )
            .on_disabled_hover_text("当前角色不能查看完整身份证号");
        revealed = r.changed() && reg.reveal_ids;
        let r = ui
            .button("列…")
            .on_hover_text("选择人员表显示的列（按操作员记住）");
        egui::Popup::from_toggle_button_response(&r)
            .close_behavior(egui::PopupCloseBehavior::CloseOnClickOutside)
            .show(|ui| columns_changed = chooser(ui, &mut view));
        if (view.is_filtered() || !reg.query.trim().is_empty()) && ui.button("清除筛选").clicked()
        {
            view.filters.clear();
            reg.query.clear();
            reg.people.set_column_filters(&[]);
            changed = true;
        }
        if ui
            .add_enabled(reg.selected_org.is_some(), egui::Button::new("导出花名册…"))
            .on_hover_text("本单位的实名制花名册，按人员表所选的列")
            .on_disabled_hover_text("请先选择单位")
            .clicked()
        {
            out.push(Command::Export {
                report: Report::Roster,
                year: None,
                org: reg.selected_org,
            });
        }
        ui.label(format!("共 {} 人", reg.people.visible.len()));
    });
    if columns_changed {
        // Hidden columns' filters are gone: the list follows.
        if reg.people.set_column_filters(&view.filters) {
            changed = true;
        }
        // The clerk's own choice, kept for the next time they sign in; when it cannot be
        // written (a database that cannot be changed) it holds for this session.
        let what = view.preference();
        out.write(move |s| {
            let _ = s.save_clerk_preference(PeopleView::PREFERENCE, &what);
            Ok(None)
        });
    }
    if changed {
        reg.refilter();
    }
    if revealed {
        // Every reveal is logged, with where it was.
        let unit = reg
            .selected_org
            .map(|id| cx.org_name(id).to_string())
            .unwrap_or_else(|| "全县".to_string());
        out.write(move |s| {
            s.reveal_ids(&format!("机构与人员：{unit}"))
                .map(|()| None)
                .map_err(|e| e.to_string())
        });
    }
    let mut open_card = None;
    if let Some(pid) = reg.selected_person {
        let name = reg
            .people
            .rows
            .iter()
            .find(|r| r.id == pid)
            .map(|r| (r.name.clone(), r.post));
        if let Some((name, post)) = name {
            ui.horizontal(|ui| {
                ui.label(format!("已选：{name}"));
                if ui.button("人员信息…").clicked() {
                    open_card = Some(pid);
                }
                if post.is_some() && !read_only {
                    // 退二补一 is offered to people on 差额 or 自收自支 posts.
                    let convertible = post.is_some_and(|(_, t)| {
                        matches!(
                            t,
                            PostType::Institution(Funding::Partial | Funding::SelfFunded)
                        )
                    });
                    for kind in [
                        ActionKind::Exit,
                        ActionKind::Transfer,
                        ActionKind::TransferWithPost,
                    ] {
                        if ui.button(format!("{}…", kind.title())).clicked() {
                            let mut f = ActionForm::new(kind, reg.selected_org, Some(pid));
                            if let Some((org, t)) = post {
                                f.org = Some(org);
                                f.post_type = t;
                            }
                            out.open(f);
                        }
                    }
                    if convertible && ui.button("退二补一…").clicked() {
                        out.open(super::conversion::ConversionForm::new(pid));
                    }
                }
            });
        }
    }
    let mut sort_by = None;
    let mut clicked = None;
    let mut filtered = false;
    let row_height = 20.0;
    let shown = view.columns.clone();
    // Wide choices scroll sideways; the rows scroll in the table.
    egui::ScrollArea::horizontal()
        .id_salt("people_hscroll")
        .show(ui, |ui| {
            // Clicks on a cell's text select the row (text in the table is not selectable).
            ui.style_mut().interaction.selectable_labels = false;
            let mut table = TableBuilder::new(ui)
                // Each choice of columns keeps its own widths.
                .id_salt(("people", &shown))
                .striped(true)
                .sense(egui::Sense::click());
            for (k, c) in shown.iter().enumerate() {
                let w = width(*c);
                table = table.column(if k + 1 == shown.len() {
                    TableColumn::remainder().at_least(w)
                } else {
                    TableColumn::initial(w)
                        .at_least(36.0)
                        .resizable(true)
                        .clip(true)
                });
            }
            table
                .header(48.0, |mut header| {
                    for &c in &shown {
                        header.col(|ui| {
                            ui.vertical(|ui| {
                                let arrow = match reg.people.sort_state() {
                                    Some((s, true)) if s == c => " ▲",
                                    Some((s, false)) if s == c => " ▼",
                                    _ => "",
                                };
                                if ui.button(format!("{}{arrow}", c.label())).clicked() {
                                    sort_by = Some(c);
                                }
                                let r = ui.add(
                                    egui::TextEdit::singleline(view.filter_mut(c))
                                        .hint_text("筛选")
                                        .desired_width(f32::INFINITY),
                                );
                                // Named for screen readers (and tests): 筛选：民族.
                                let name = format!("筛选：{}", c.label());
                                ui.ctx().accesskit_node_builder(r.id, |n| n.set_label(name));
                                filtered |= r.changed();
                            });
                        });
                    }
                })
                .body(|body| {
                    body.rows(row_height, reg.people.visible.len(), |mut row| {
                        let r = &reg.people.rows[reg.people.visible[row.index()]];
                        row.set_selected(reg.selected_person == Some(r.id));
                        for &c in &shown {
                            row.col(|ui| {
                                ui.label(match c {
                                    Column::IdNumber if !reg.reveal_ids => &r.id_masked,
                                    c => r.text(c),
                                });
                            });
                        }
                        let resp = row.response();
                        if resp.clicked() {
                            clicked = Some(r.id);
                        }
                        if resp.double_clicked() {
                            open_card = Some(r.id);
                        }
                    });
                });
        });
    if filtered && reg.people.set_column_filters(&view.filters) {
        reg.refilter();
    }
    if let Some(c) = sort_by {
        reg.people.sort_by(c);
    }
    if let Some(p) = clicked {
        reg.selected_person = Some(p);
    }
    view.keep(ui.ctx());
    if let Some(p) = open_card
        && let Some(row) = reg.people.rows.iter().find(|r| r.id == p)
    {
        match super::card::PersonCard::open(cx.store, row, reg) {
            Ok(card) => out.open(card),
            Err(e) => out.error(e),
        }
    }
}
