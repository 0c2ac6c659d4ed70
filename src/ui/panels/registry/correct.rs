//! 信息更正: the dialog that corrects a person's fields with a reason. Not a staffing change:
//! the ledger and the dated events stay as they are (the rules: `domain::correction`).

use crate::domain::PersonId;
use crate::domain::correction::Field;
use crate::store::Store;
use crate::ui::dialog::{Closer, Done, Form};
use crate::ui::panel::{Commands, Cx};

pub struct CorrectForm {
    person: PersonId,
    name: String,
    /// Each field: the field, its value now (as shown), the value typed.
    rows: Vec<(Field, String, String)>,
    reason: String,
}

impl CorrectForm {
    pub fn new(person: PersonId, name: &str) -> CorrectForm {
        CorrectForm {
            person,
            name: name.to_string(),
            rows: Vec::new(),
            reason: String::new(),
        }
    }

    /// The fields whose typed value differs from what is kept. The ID number's box starts
    /// empty (the number is not shown in full here): typed, it corrects the number.
    fn changes(&self) -> Vec<(Field, String)> {
        self.rows
            .iter()
            .filter(|(field, now, typed)| match field {
                Field::IdNumber => !typed.trim().is_empty(),
                _ => typed.trim() != now.trim(),
            })
            .map(|(field, _, typed)| (field.clone(), typed.clone()))
            .collect()
    }
}

impl Form for CorrectForm {
    fn title(&self) -> String {
        format!("信息更正：{}", self.name)
    }

    fn load(&mut self, store: &Store) {
        let Ok(p) = store.person(self.person) else {
            return;
        };
        self.rows = Field::all_codes()
            .into_iter()
            .filter_map(Field::from_code)
            .map(|f| {
                let now = f.value(&p.id_number, &p.details).unwrap_or_default();
                match f {
                    Field::IdNumber => {
                        let masked = crate::domain::id_number::mask(&now);
                        (f, masked, String::new())
                    }
                    _ => (f, now.clone(), now),
                }
            })
            .collect();
    }

    fn confirm_label(&self) -> &str {
        "确认更正"
    }

    fn ready(&self) -> bool {
        !self.changes().is_empty() && !self.reason.trim().is_empty()
    }

    fn max_width(&self) -> f32 {
        720.0
    }

    fn grid(&self) -> bool {
        false
    }

    fn fields(&mut self, ui: &mut egui::Ui, _cx: &Cx, _out: &mut Commands, _close: &mut Closer) {
        ui.label("改正录入错误（姓名错字、出生日期、身份证号等）；这不是编制变动，不记入台账，变动记录的日期不变。每项更正连同理由记入历史。");
        egui::ScrollArea::vertical()
            .max_height(380.0)
            .auto_shrink([false, true])
            .show(ui, |ui| {
                egui::Grid::new("correct_grid")
                    .striped(true)
                    .show(ui, |ui| {
                        for h in ["字段", "现有", "改为"] {
                            ui.strong(h);
                        }
                        ui.end_row();
                        for (field, now, typed) in &mut self.rows {
                            let l = ui.label(field.label());
                            ui.label(now.as_str());
                            ui.add_sized([260.0, 20.0], egui::TextEdit::singleline(typed))
                                .labelled_by(l.id);
                            ui.end_row();
                        }
                    });
            });
        ui.horizontal(|ui| {
            let l = ui.label("更正理由");
            ui.add(
                egui::TextEdit::singleline(&mut self.reason)
                    .hint_text("必填，如：录入时错字")
                    .desired_width(420.0),
            )
            .labelled_by(l.id);
        });
    }

    fn submit(&mut self, store: &mut Store) -> Result<Done, String> {
        let done = store
            .correct_person(self.person, &self.changes(), &self.reason)
            .map_err(|e| e.to_string())?;
        let what: Vec<&str> = done.iter().map(|c| c.field.label()).collect();
        Ok(format!("已更正{}的{}", self.name, what.join("、")).into())
    }

    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}
