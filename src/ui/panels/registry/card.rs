//! The person card: every field kept of a person and their history, read when it opens.

use super::RegistryState;
use super::people_index::PersonRow;
use crate::domain::Permission;
use crate::domain::correction::Field;
use crate::store::corrections::CorrectionRow;
use crate::store::{PersonEventRow, Store};
use crate::ui::dialog::{Closer, Done, Form};
use crate::ui::panel::{Commands, Cx};

pub struct PersonCard {
    row: PersonRow,
    /// The ID number as shown: whole when the clerk revealed them, masked otherwise.
    id_shown: String,
    turnover_due: Option<chrono::NaiveDate>,
    events: Vec<PersonEventRow>,
    /// The other fields, as imported (民族, 政治面貌, 学历, 职务, 入编文号, and the
    /// template's kept fields): (label, value).
    more: Vec<(&'static str, String)>,
    /// 信息更正, oldest first.
    corrections: Vec<CorrectionRow>,
}

impl PersonCard {
    pub fn open(
        store: &Store,
        row: &PersonRow,
        reg: &RegistryState,
    ) -> crate::store::Result<PersonCard> {
        Ok(PersonCard {
            row: row.clone(),
            id_shown: if reg.reveal_ids {
                row.id_number.clone()
            } else {
                row.id_masked.clone()
            },
            turnover_due: reg.turnover.get(&row.id).copied(),
            events: store.person_events(row.id)?,
            more: more_fields(&store.person(row.id)?.details),
            corrections: store.corrections(row.id)?,
        })
    }
}

/// A person's fields beyond the table's columns, those with a value, in the order the
/// provincial template lists them.
fn more_fields(d: &crate::domain::PersonDetails) -> Vec<(&'static str, String)> {
    let mut out: Vec<(&'static str, String)> = [
        ("民族", d.ethnicity.clone()),
        ("政治面貌", d.party.clone()),
        ("学历", d.education.clone()),
        ("职务", d.position.clone()),
        ("入编文号", d.join_doc.clone()),
    ]
    .into_iter()
    .filter_map(|(k, v)| v.map(|v| (k, v)))
    .collect();
    for (code, label) in crate::domain::KEPT_FIELDS {
        if let Some(v) = d.kept.get(*code) {
            out.push((label, v.clone()));
        }
    }
    out
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
        egui::Grid::new("card_grid").show(ui, |ui| {
            for (k, v) in [
                ("姓名", row.name.as_str()),
                ("性别", row.gender),
                ("出生年月", row.birth.as_str()),
                ("身份证号", self.id_shown.as_str()),
                ("单位", row.org_name.as_str()),
                ("编制类型", row.post_type),
                ("状态", row.status),
                ("入编时间", row.joined_on.as_str()),
            ] {
                ui.strong(k);
                ui.label(v);
                ui.end_row();
            }
            for (k, v) in &self.more {
                ui.strong(*k);
                ui.label(v);
                ui.end_row();
            }
            if let Some(due) = self.turnover_due {
                ui.strong("周转编制");
                ui.label(format!("到期 {due}（不占单位编制）"));
                ui.end_row();
            }
        });
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
