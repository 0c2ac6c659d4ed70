//! The 退二补一 dialogs: a conversion naming the two departures it rests on, with the second
//! vacated post recovered or written off; and the reversal of a conversion, whole.

use crate::domain::PersonId;
use crate::domain::conversion::SecondPost;
use crate::store::Store;
use crate::store::conversions::{Conversion, ConversionRequest, ConversionStatus};
use crate::ui::dialog::{Closer, Done, Form};
use crate::ui::panel::{Commands, Cx};
use crate::ui::theme::WARN;
use crate::ui::widgets::{choice_row, doc_no_row, parse_date, text_row};

/// 退二补一 for one person.
pub struct ConversionForm {
    pub person: PersonId,
    /// The person, their post, and the unit's figures: read when the dialog opens.
    facts: Vec<(String, String)>,
    status: Option<ConversionStatus>,
    /// The departures ticked (person events).
    pub chosen: Vec<i64>,
    pub second: SecondPost,
    pub doc_no: String,
    pub date: String,
}

impl ConversionForm {
    pub fn new(person: PersonId) -> ConversionForm {
        ConversionForm {
            person,
            facts: Vec::new(),
            status: None,
            chosen: Vec::new(),
            second: SecondPost::default(),
            doc_no: String::new(),
            date: crate::clock::today().to_string(),
        }
    }
}

impl Form for ConversionForm {
    fn title(&self) -> String {
        "退二补一".to_string()
    }

    fn load(&mut self, store: &Store) {
        self.facts.clear();
        let Ok(p) = store.person(self.person) else {
            return;
        };
        let Some((org, t)) = p.status.post() else {
            return;
        };
        self.facts.push((
            "人员".to_string(),
            format!(
                "{}（{}），现占{}",
                p.details.name,
                p.id_number.masked(),
                t.label()
            ),
        ));
        if let Ok(s) = store.conversion_status(org) {
            self.facts.push((
                "本单位".to_string(),
                format!(
                    "经费渠道 {} 种；累计空出全额拨款编制 {} 名，已办理“退二补一” {} 次{}，可再办理 {} 次；全额拨款空编 {} 名",
                    s.funding_channels,
                    s.vacated_full(),
                    s.conversions_done,
                    if s.unnamed > 0 {
                        format!("（其中 {} 次未指明空出人员）", s.unnamed)
                    } else {
                        String::new()
                    },
                    s.available(),
                    s.full_vacancy
                ),
            ));
            // The first two free departures are ticked to start with.
            self.chosen = s
                .departures
                .iter()
                .filter(|d| d.used_by.is_none())
                .map(|d| d.event)
                .take(2)
                .collect();
            self.status = Some(s);
        }
        self.facts.push((
            "办理后".to_string(),
            format!(
                "此人转为事业编制(全额拨款)，核销 1 名{}；空出的另 1 名全额拨款编制同时收回或核销，不再用于招录",
                t.label()
            ),
        ));
    }

    fn fields(&mut self, ui: &mut egui::Ui, _cx: &Cx, _out: &mut Commands, _close: &mut Closer) {
        for (k, v) in &self.facts {
            ui.label(k.as_str());
            // Long lines wrap at the dialog's width instead of widening it.
            ui.add(egui::Label::new(v.as_str()).wrap());
            ui.end_row();
        }
        ui.label("空出人员（选 2 名）");
        ui.vertical(|ui| match &self.status {
            Some(s) if !s.departures.is_empty() => {
                for d in &s.departures {
                    match d.used_by {
                        Some(c) => {
                            ui.add_enabled(
                                false,
                                egui::Checkbox::new(
                                    &mut true,
                                    format!("{}（已用于第 {c} 号）", d.label()),
                                ),
                            );
                        }
                        None => {
                            let mut ticked = self.chosen.contains(&d.event);
                            if ui.checkbox(&mut ticked, d.label()).changed() {
                                if ticked {
                                    self.chosen.push(d.event);
                                } else {
                                    self.chosen.retain(|e| *e != d.event);
                                }
                            }
                        }
                    }
                }
                if self.chosen.len() != 2 {
                    ui.colored_label(WARN, format!("已选 {} 名，须选 2 名", self.chosen.len()));
                }
            }
            _ => {
                ui.weak("本单位还没有人员空出全额拨款编制");
            }
        });
        ui.end_row();
        choice_row(
            ui,
            "另 1 名空编",
            &mut self.second,
            SecondPost::ALL,
            SecondPost::label,
        );
        doc_no_row(ui, &mut self.doc_no, &self.date, "如 石编〔2026〕12号");
        text_row(ui, "日期", &mut self.date, "YYYY-MM-DD");
    }

    fn submit(&mut self, store: &mut Store) -> Result<Done, String> {
        let date = parse_date(&self.date)?;
        let req = ConversionRequest {
            person: self.person,
            date,
            doc_no: self.doc_no.clone(),
            departures: self.chosen.clone(),
            second: self.second,
        };
        let id = store.convert(&req).map_err(|e| e.to_string())?;
        Ok(Done::from(format!("已办理第 {id} 号“退二补一”，记入台账")))
    }

    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

/// 撤销 a conversion: the person moves back and every entry it made is reversed.
pub struct ConversionReversal {
    pub conversion: Conversion,
    pub doc_no: String,
    pub date: String,
    pub reason: String,
}

impl ConversionReversal {
    pub fn new(conversion: Conversion) -> ConversionReversal {
        ConversionReversal {
            conversion,
            doc_no: String::new(),
            date: crate::clock::today().to_string(),
            reason: String::new(),
        }
    }
}

impl Form for ConversionReversal {
    fn title(&self) -> String {
        format!("撤销第 {} 号“退二补一”", self.conversion.id)
    }

    fn fields(&mut self, ui: &mut egui::Ui, _cx: &Cx, _out: &mut Commands, _close: &mut Closer) {
        let c = &self.conversion;
        for (k, v) in [
            (
                "人员",
                format!("{}：{} 由{}转为全额拨款", c.name, c.date, c.from.label()),
            ),
            ("文号", c.doc_no.clone()),
            ("空出人员", c.departures_label()),
            (
                "撤销后",
                format!(
                    "整体撤销：{}回到{}，该次“退二补一”的全部台账记录一并撤销",
                    c.name,
                    c.from.label()
                ),
            ),
        ] {
            ui.label(k);
            ui.label(v);
            ui.end_row();
        }
        doc_no_row(ui, &mut self.doc_no, &self.date, "撤销所依据的文号");
        text_row(ui, "日期", &mut self.date, "YYYY-MM-DD");
        text_row(ui, "事由", &mut self.reason, "");
    }

    fn submit(&mut self, store: &mut Store) -> Result<Done, String> {
        let date = parse_date(&self.date)?;
        store
            .reverse_conversion(self.conversion.id, date, &self.doc_no, &self.reason)
            .map_err(|e| e.to_string())?;
        Ok(Done::from(format!(
            "已整体撤销第 {} 号“退二补一”",
            self.conversion.id
        )))
    }

    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}
