//! The people table of 机构与人员: 100,000 rows with virtual scrolling, sort, filter as
//! you type, and the actions offered for the chosen person.

use super::RegistryState;
use super::actions::{ActionForm, ActionKind};
use super::people_index::Column;
use crate::domain::{Funding, Permission, PostType};
use crate::ui::panel::{Commands, Cx};
use egui_extras::{Column as TableColumn, TableBuilder};

pub(super) fn people_table(
    ui: &mut egui::Ui,
    reg: &mut RegistryState,
    cx: &Cx,
    out: &mut Commands,
) {
    let read_only = !reg.can_write(cx);
    let may_reveal = cx.can(Permission::RevealIds);
    let mut revealed = false;
    let mut changed = false;
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
        ui.label(format!("共 {} 人", reg.people.visible.len()));
    });
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
    let row_height = 20.0;
    // Clicks on a cell's text select the row (text in the table is not selectable).
    ui.style_mut().interaction.selectable_labels = false;
    TableBuilder::new(ui)
        .id_salt("people")
        .striped(true)
        .sense(egui::Sense::click())
        .column(TableColumn::initial(90.0).resizable(true))
        .column(TableColumn::initial(52.0))
        .column(TableColumn::initial(80.0))
        .column(TableColumn::initial(160.0).resizable(true))
        .column(TableColumn::initial(180.0).resizable(true))
        .column(TableColumn::initial(140.0).resizable(true))
        .column(TableColumn::initial(90.0))
        .column(TableColumn::remainder())
        .header(22.0, |mut header| {
            for c in Column::ALL {
                header.col(|ui| {
                    let arrow = match reg.people.sort_state() {
                        Some((s, true)) if s == c => " ▲",
                        Some((s, false)) if s == c => " ▼",
                        _ => "",
                    };
                    if ui.button(format!("{}{arrow}", c.label())).clicked() {
                        sort_by = Some(c);
                    }
                });
            }
        })
        .body(|body| {
            body.rows(row_height, reg.people.visible.len(), |mut row| {
                let r = &reg.people.rows[reg.people.visible[row.index()]];
                row.set_selected(reg.selected_person == Some(r.id));
                row.col(|ui| {
                    ui.label(&r.name);
                });
                row.col(|ui| {
                    ui.label(r.gender);
                });
                row.col(|ui| {
                    ui.label(&r.birth);
                });
                row.col(|ui| {
                    ui.label(if reg.reveal_ids {
                        &r.id_number
                    } else {
                        &r.id_masked
                    });
                });
                row.col(|ui| {
                    ui.label(&r.org_name);
                });
                row.col(|ui| {
                    ui.label(r.post_type);
                });
                row.col(|ui| {
                    ui.label(r.status);
                });
                row.col(|ui| {
                    ui.label(&r.joined_on);
                });
                let resp = row.response();
                if resp.clicked() {
                    clicked = Some(r.id);
                }
                if resp.double_clicked() {
                    open_card = Some(r.id);
                }
            });
        });
    if let Some(c) = sort_by {
        reg.people.sort_by(c);
    }
    if let Some(p) = clicked {
        reg.selected_person = Some(p);
    }
    if let Some(p) = open_card
        && let Some(row) = reg.people.rows.iter().find(|r| r.id == p)
    {
        match super::card::PersonCard::open(cx.store, row, reg) {
            Ok(card) => out.open(card),
            Err(e) => out.error(e),
        }
    }
}
