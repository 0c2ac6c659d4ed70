//! The person card: every field kept of a person and their history, read when it opens.

use super::RegistryState;
use super::people_index::{Column, PersonRow};
use crate::domain::Permission;
use crate::domain::correction::Field;
use crate::store::corrections::CorrectionRow;
use crate::store::{PersonEventRow, Store};
use crate::ui::dialog::{Closer, Done, Form};
use crate::ui::panel::{Commands, Cx};

pub struct PersonCard {
    row: PersonRow,
    turnover_due: Option<chrono::NaiveDate>,
    events: Vec<PersonEventRow>,
    /// Every field (the person's own, the template's kept ones, unit, post type and
    /// status) by group: (group, label, value as shown, "—" when empty).
    fields: Vec<(&'static str, &'static str, String)>,
    /// 信息更正, oldest first.
    corrections: Vec<CorrectionRow>,
    /// Notices issued for the person (入编, 出编) and the approval their hire used.
    notices: Vec<crate::store::notices::IssuedNotice>,
}

impl PersonCard {
    pub fn open(
        store: &Store,
        row: &PersonRow,
        reg: &RegistryState,
    ) -> crate::store::Result<PersonCard> {
        let person = store.person(row.id)?;
        // The ID number as shown: whole when the clerk revealed them, masked otherwise.
        let id_shown = if reg.reveal_ids {
            row.id_number.clone()
        } else {
            row.id_masked.clone()
        };
        Ok(PersonCard {
            row: row.clone(),
            turnover_due: reg.turnover.get(&row.id).copied(),
            events: store.person_events(row.id)?,
            fields: every_field(&person, row, id_shown),
            corrections: store.corrections(row.id)?,
            notices: store.person_notices(row.id)?,
        })
    }
}

/// The person's notices, and buttons to issue (or print again) the 入编 and 出编 slips.
fn notices(ui: &mut egui::Ui, card: &PersonCard, cx: &Cx, out: &mut Commands, close: &mut Closer) {
    use crate::domain::notice::NoticeKind;
    let person = card.row.id;
    let left = card.events.iter().any(|e| e.kind == "出编");
    ui.horizontal_wrapped(|ui| {
        for (kind, shown) in [(NoticeKind::Entry, true), (NoticeKind::Exit, left)] {
            if shown
                && ui
                    .add_enabled(
                        cx.can(Permission::StaffingWork),
                        egui::Button::new(format!("{}…", kind.label())),
                    )
                    .on_hover_text("出具给组织、人社、财政的通知单（已出具的重新打印，编号不变）")
                    .clicked()
            {
                out.push(crate::ui::panel::Command::Notice(Box::new(move |s| {
                    s.person_notice(person, kind).map_err(|e| e.to_string())
                })));
                close.close();
            }
        }
        for n in &card.notices {
            let void = n
                .voided
                .as_ref()
                .map(|(on, why)| format!("，{on} 作废：{why}"))
                .unwrap_or_default();
            ui.label(format!(
                "{} {}（{}{void}）",
                n.kind.label(),
                n.number,
                n.issued_on
            ));
            if n.voided.is_none()
                && cx.can(Permission::StaffingWork)
                && ui
                    .small_button("作废…")
                    .on_hover_text(format!("作废通知单 {}（须填写理由）", n.number))
                    .clicked()
            {
                out.open(VoidForm {
                    number: n.number.clone(),
                    reason: String::new(),
                });
                close.close();
            }
        }
    });
}

/// 作废通知单: only with a reason; the notice stays, marked.
pub struct VoidForm {
    pub number: String,
    pub reason: String,
}

impl Form for VoidForm {
    fn title(&self) -> String {
        format!("作废通知单 {}", self.number)
    }

    fn fields(&mut self, ui: &mut egui::Ui, _cx: &Cx, _out: &mut Commands, _close: &mut Closer) {
        crate::ui::widgets::text_row(ui, "作废理由", &mut self.reason, "如 姓名有误，重新出具");
    }

    fn submit(&mut self, store: &mut Store) -> Result<Done, String> {
        store
            .void_notice(&self.number, &self.reason)
            .map_err(|e| e.to_string())?;
        Ok(format!("已作废通知单 {}", self.number).into())
    }

    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

/// Every column a person has ([`Column::all`], grouped as the column chooser groups them),
/// the fields as read now, unit, post type and status as the table shows them.
fn every_field(
    p: &crate::domain::Person,
    row: &PersonRow,
    id_shown: String,
) -> Vec<(&'static str, &'static str, String)> {
    Column::all()
        .iter()
        .map(|&(group, c)| {
            let value = match c {
                Column::IdNumber => Some(id_shown.clone()),
                Column::Unit | Column::PostType | Column::Status => Some(row.text(c).to_string()),
                c => c.field().and_then(|f| f.value(&p.id_number, &p.details)),
            };
            let value = value
                .filter(|v| !v.trim().is_empty())
                .unwrap_or_else(|| "—".to_string());
            (group, c.label(), value)
        })
        .collect()
}

impl Form for PersonCard {
    fn title(&self) -> String {
        format!("人员信息：{}", self.row.name)
    }

    fn read_only(&self) -> bool {
        true
    }

    fn max_width(&self) -> f32 {
        900.0
    }

    fn grid(&self) -> bool {
        false
    }

    fn submit(&mut self, _store: &mut Store) -> Result<Done, String> {
        Err("人员信息只供查看".to_string())
    }

    fn as_any(&self) -> &dyn std::any::Any {
        self
    }

    fn fields(&mut self, ui: &mut egui::Ui, cx: &Cx, out: &mut Commands, close: &mut Closer) {
        let row = &self.row;
        if ui
            .add_enabled(
                cx.can(Permission::StaffingWork),
                egui::Button::new("信息更正…"),
            )
            .on_hover_text("改正录入错误（姓名、出生日期、身份证号……），不是编制变动")
            .clicked()
        {
            out.open(super::correct::CorrectForm::new(row.id, &row.name));
            close.close();
        }
        notices(ui, self, cx, out, close);
        // Two fields a line, group by group.
        let mut groups: Vec<&str> = self.fields.iter().map(|(g, _, _)| *g).collect();
        groups.dedup();
        for group in groups {
            ui.add_space(4.0);
            ui.label(egui::RichText::new(group).weak());
            egui::Grid::new(("card_grid", group))
                .num_columns(4)
                .min_col_width(72.0)
                .show(ui, |ui| {
                    let fields: Vec<_> =
                        self.fields.iter().filter(|(g, _, _)| *g == group).collect();
                    for line in fields.chunks(2) {
                        for (_, label, value) in line {
                            ui.strong(*label);
                            ui.label(value);
                        }
                        ui.end_row();
                    }
                });
        }
        if let Some(due) = self.turnover_due {
            ui.horizontal(|ui| {
                ui.strong("周转编制");
                ui.label(format!("到期 {due}（不占单位编制）"));
            });
        }
        ui.separator();
        ui.strong("变动记录");
        egui::Grid::new("card_events").striped(true).show(ui, |ui| {
            for h in ["日期", "变动", "文号", "单位", "编制类型", "原因"] {
                ui.strong(h);
            }
            ui.end_row();
            for e in &self.events {
                ui.label(&e.date);
                ui.label(e.kind);
                ui.label(&e.doc_no);
                ui.label(&e.org);
                ui.label(e.post_type);
                ui.label(&e.reason);
                ui.end_row();
            }
        });
        if self.corrections.is_empty() {
            return;
        }
        ui.separator();
        ui.strong("信息更正");
        egui::Grid::new("card_corrections")
            .striped(true)
            .show(ui, |ui| {
                for h in ["时间", "字段", "原为", "改为", "理由", "经办人"] {
                    ui.strong(h);
                }
                ui.end_row();
                for c in &self.corrections {
                    let shown = |v: &Option<String>| match (v, c.field.as_str()) {
                        (Some(v), "id_number") => crate::domain::id_number::mask(v),
                        (Some(v), _) => v.clone(),
                        (None, _) => "（空）".to_string(),
                    };
                    ui.label(&c.entered_at);
                    ui.label(Field::from_code(&c.field).map_or(c.field.as_str(), |f| f.label()));
                    ui.label(shown(&c.before));
                    ui.label(shown(&c.after));
                    ui.label(&c.reason);
                    ui.label(&c.operator);
                    ui.end_row();
                }
            });
    }
}
