//! 内设机构 on a unit's page: its divisions (业务 or 综合, people, state), the ones an import
//! proposed waiting for a clerk to confirm, their history, and the dialogs that set up,
//! rename, confirm, reclassify and abolish them (each with a 文号) or put people into them.
//! The rules: `domain::division`; the records: `store::divisions`.

use super::RegistryState;
use crate::domain::{Division, DivisionId, DivisionKind, OrgId, PersonId};
use crate::export::reports::Report;
use crate::store::Store;
use crate::store::divisions::DivisionEvent;
use crate::ui::dialog::{Closer, Done, Form};
use crate::ui::panel::{Command, Commands, Cx};
use crate::ui::theme::WARN;
use crate::ui::widgets::{choice_row, doc_no_row, parse_date, text_row};

/// The unit's divisions, loaded with its ledger history.
#[derive(Debug, Default)]
pub struct UnitDivisions {
    pub list: Vec<Division>,
    pub history: Vec<DivisionEvent>,
}

impl UnitDivisions {
    pub fn load(store: &Store, org: Option<OrgId>) -> crate::store::Result<UnitDivisions> {
        Ok(match org {
            Some(o) => UnitDivisions {
                list: store.divisions(o)?,
                history: store.division_history(o)?,
            },
            None => UnitDivisions::default(),
        })
    }
}

/// The 内设机构 section of a unit's page.
pub(super) fn section(
    ui: &mut egui::Ui,
    reg: &RegistryState,
    org: OrgId,
    out: &mut Commands,
    can_write: bool,
) {
    let list = &reg.divisions.list;
    let active: Vec<&Division> = list.iter().filter(|d| d.is_active()).collect();
    let proposed = active.iter().filter(|d| !d.confirmed).count();
    let people: i64 = active.iter().map(|d| d.people).sum();
    let title = if proposed > 0 {
        format!(
            "内设机构（{} 个，{people} 人；待确认 {proposed} 个）",
            active.len()
        )
    } else {
        format!("内设机构（{} 个，{people} 人）", active.len())
    };
    egui::CollapsingHeader::new(title)
        .id_salt("unit_divisions")
        .default_open(proposed > 0)
        .show(ui, |ui| {
            if proposed > 0 {
                ui.colored_label(
                    WARN,
                    "导入的“所在机构”新建了待确认的内设机构：请逐个确认为业务或综合科室（或更名为正式名称）；未确认的不计入评估。",
                );
            }
            ui.horizontal(|ui| {
                if can_write && ui.button("新设内设机构…").clicked() {
                    out.open(DivisionForm::new(Mode::Create(org)));
                }
                if !list.is_empty() && ui.button("导出内设机构人员表…").clicked() {
                    out.push(Command::Export {
                        report: Report::Divisions,
                        year: None,
                        org: Some(org),
                    });
                }
            });
            if list.is_empty() {
                ui.weak("尚未登记内设机构：评估的“一线业务科室人员占比”和“无人数不足平均数一半的内设机构”将显示无数据。");
                return;
            }
            egui::Grid::new("divisions").striped(true).show(ui, |ui| {
                for h in ["名称", "类别", "人数", "状态", "设立文号", ""] {
                    ui.strong(h);
                }
                ui.end_row();
                for d in list {
                    ui.label(&d.name);
                    ui.label(d.kind.map_or("—", DivisionKind::label));
                    ui.label(d.people.to_string());
                    if d.is_active() && !d.confirmed {
                        ui.colored_label(WARN, d.state_label());
                    } else {
                        ui.label(d.state_label());
                    }
                    ui.label(if d.is_active() {
                        d.created_doc.clone()
                    } else {
                        format!(
                            "撤销：{} {}",
                            d.abolished_on.map(|a| a.to_string()).unwrap_or_default(),
                            d.abolished_doc.as_deref().unwrap_or("")
                        )
                    });
                    ui.horizontal(|ui| {
                        if !can_write || !d.is_active() {
                            return;
                        }
                        if !d.confirmed && ui.small_button("确认…").clicked() {
                            out.open(DivisionForm::new(Mode::Confirm(d.clone())));
                        }
                        if ui.small_button("人员…").clicked() {
                            out.open(AssignForm::new(d));
                        }
                        if ui.small_button("更名…").clicked() {
                            out.open(DivisionForm::new(Mode::Rename(d.clone())));
                        }
                        if d.confirmed && ui.small_button("调整类别…").clicked() {
                            out.open(DivisionForm::new(Mode::Kind(d.clone())));
                        }
                        if ui.small_button("撤销…").clicked() {
                            out.open(DivisionForm::new(Mode::Abolish(d.clone())));
                        }
                    });
                    ui.end_row();
                }
            });
            if !reg.divisions.history.is_empty() {
                egui::CollapsingHeader::new(format!(
                    "内设机构沿革（{} 条）",
                    reg.divisions.history.len()
                ))
                .id_salt("division_history")
                .show(ui, |ui| {
                    egui::Grid::new("division_history_grid")
                        .striped(true)
                        .show(ui, |ui| {
                            for h in ["日期", "事项", "名称", "类别", "文号", "经办人"] {
                                ui.strong(h);
                            }
                            ui.end_row();
                            for e in &reg.divisions.history {
                                ui.label(e.date.as_deref().unwrap_or("—"));
                                ui.label(e.label());
                                ui.label(&e.name);
                                ui.label(e.kind.map_or("—", DivisionKind::label));
                                ui.label(&e.doc_no);
                                ui.label(&e.operator);
                                ui.end_row();
                            }
                        });
                });
            }
        });
}

/// What a [`DivisionForm`] does.
#[derive(Debug, Clone)]
pub enum Mode {
    Create(OrgId),
    Rename(Division),
    Confirm(Division),
    Kind(Division),
    Abolish(Division),
}

/// Sets up, renames, confirms, reclassifies or abolishes a division.
pub struct DivisionForm {
    mode: Mode,
    name: String,
    kind: DivisionKind,
    date: String,
    doc_no: String,
}

impl DivisionForm {
    pub fn new(mode: Mode) -> DivisionForm {
        let (name, kind) = match &mode {
            Mode::Create(_) => (String::new(), DivisionKind::Business),
            Mode::Rename(d) | Mode::Confirm(d) | Mode::Kind(d) | Mode::Abolish(d) => (
                d.name.clone(),
                // Reclassifying offers the other kind.
                match (&mode, d.kind) {
                    (Mode::Kind(_), Some(DivisionKind::Business)) => DivisionKind::General,
                    (_, Some(k)) => k,
                    (_, None) => DivisionKind::Business,
                },
            ),
        };
        DivisionForm {
            mode,
            name,
            kind,
            date: crate::clock::today().to_string(),
            doc_no: String::new(),
        }
    }
}

impl Form for DivisionForm {
    fn title(&self) -> String {
        match &self.mode {
            Mode::Create(_) => "新设内设机构".to_string(),
            Mode::Rename(d) => format!("内设机构更名：{}", d.name),
            Mode::Confirm(d) => format!("确认内设机构：{}", d.name),
            Mode::Kind(d) => format!("调整内设机构类别：{}", d.name),
            Mode::Abolish(d) => format!("撤销内设机构：{}", d.name),
        }
    }

    fn fields(&mut self, ui: &mut egui::Ui, _cx: &Cx, _out: &mut Commands, _close: &mut Closer) {
        let kinds = |k: DivisionKind| k.label();
        match &self.mode {
            Mode::Create(_) => {
                text_row(ui, "名称", &mut self.name, "如 办公室、执法监督股");
                choice_row(ui, "类别", &mut self.kind, DivisionKind::ALL, kinds);
            }
            Mode::Rename(_) => text_row(ui, "新名称", &mut self.name, ""),
            Mode::Confirm(d) => {
                ui.label("");
                ui.label(format!(
                    "由导入的“所在机构”新建，现有 {} 人。确认后计入评估。",
                    d.people
                ));
                ui.end_row();
                choice_row(ui, "类别", &mut self.kind, DivisionKind::ALL, kinds);
            }
            Mode::Kind(_) => choice_row(ui, "改为", &mut self.kind, DivisionKind::ALL, kinds),
            Mode::Abolish(d) if d.people > 0 => {
                ui.label("");
                ui.colored_label(
                    WARN,
                    format!("还有 {} 人在此内设机构：请先用“人员…”调整他们。", d.people),
                );
                ui.end_row();
            }
            Mode::Abolish(_) => {}
        }
        if !matches!(self.mode, Mode::Confirm(_)) {
            text_row(ui, "日期", &mut self.date, "如 2026-03-01");
        }
        let hint = match self.mode {
            Mode::Confirm(_) => "可空；已知时填三定文号",
            _ => "如 石编〔2026〕3号（三定规定）",
        };
        doc_no_row(ui, &mut self.doc_no, &self.date, hint);
    }

    fn submit(&mut self, store: &mut Store) -> Result<Done, String> {
        let date = || parse_date(&self.date);
        let done = match &self.mode {
            Mode::Create(org) => store
                .create_division(*org, &self.name, self.kind, date()?, &self.doc_no)
                .map(|_| format!("已设立内设机构“{}”", self.name.trim())),
            Mode::Rename(d) => store
                .rename_division(d.id, &self.name, date()?, &self.doc_no)
                .map(|()| format!("“{}”已更名为“{}”", d.name, self.name.trim())),
            Mode::Confirm(d) => store
                .confirm_division(d.id, self.kind, &self.doc_no)
                .map(|()| format!("已确认“{}”为{}科室", d.name, self.kind.label())),
            Mode::Kind(d) => store
                .set_division_kind(d.id, self.kind, date()?, &self.doc_no)
                .map(|()| format!("“{}”已调整为{}科室", d.name, self.kind.label())),
            Mode::Abolish(d) => store
                .abolish_division(d.id, date()?, &self.doc_no)
                .map(|()| format!("已撤销内设机构“{}”", d.name)),
        };
        done.map(Done::from).map_err(|e| e.to_string())
    }

    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

/// Puts the unit's people into a division (ticked) or out of it.
pub struct AssignForm {
    division: DivisionId,
    name: String,
    /// The unit's people on posts: id, name, their division now, ticked.
    people: Vec<(PersonId, String, String, bool)>,
    /// Who was in it when the form opened.
    before: Vec<PersonId>,
    filter: String,
}

impl AssignForm {
    pub fn new(d: &Division) -> AssignForm {
        AssignForm {
            division: d.id,
            name: d.name.clone(),
            people: Vec::new(),
            before: Vec::new(),
            filter: String::new(),
        }
    }
}

impl Form for AssignForm {
    fn title(&self) -> String {
        format!("内设机构人员：{}", self.name)
    }

    fn load(&mut self, store: &Store) {
        let Ok(d) = store.division(self.division) else {
            return;
        };
        let Ok(members) = store.division_members(self.division) else {
            return;
        };
        let Ok(people) = store.people_of_org(d.org) else {
            return;
        };
        self.before = members.clone();
        self.people = people
            .into_iter()
            .map(|p| {
                let now = p
                    .details
                    .kept
                    .get(crate::store::divisions::DIVISION_FIELD)
                    .cloned()
                    .unwrap_or_default();
                (p.id, p.details.name, now, members.contains(&p.id))
            })
            .collect();
    }

    fn max_width(&self) -> f32 {
        620.0
    }

    fn grid(&self) -> bool {
        false
    }

    fn fields(&mut self, ui: &mut egui::Ui, _cx: &Cx, _out: &mut Commands, _close: &mut Closer) {
        ui.label("勾选在本内设机构工作的人员；取消勾选即移出（移出后不属于任何内设机构）。");
        ui.horizontal(|ui| {
            let l = ui.label("查找：");
            ui.add(egui::TextEdit::singleline(&mut self.filter).desired_width(160.0))
                .labelled_by(l.id);
            let n = self.people.iter().filter(|p| p.3).count();
            ui.label(format!("已选 {n} 人"));
        });
        egui::ScrollArea::vertical()
            .max_height(360.0)
            .auto_shrink([false, true])
            .show(ui, |ui| {
                let needle = self.filter.trim();
                for (_, name, now, ticked) in &mut self.people {
                    if !needle.is_empty() && !name.contains(needle) {
                        continue;
                    }
                    ui.horizontal(|ui| {
                        ui.checkbox(ticked, name.as_str());
                        if !now.is_empty() && *now != self.name {
                            ui.weak(format!("（现在：{now}）"));
                        }
                    });
                }
                if self.people.is_empty() {
                    ui.weak("本单位没有在编人员");
                }
            });
    }

    fn submit(&mut self, store: &mut Store) -> Result<Done, String> {
        let add: Vec<PersonId> = self
            .people
            .iter()
            .filter(|p| p.3 && !self.before.contains(&p.0))
            .map(|p| p.0)
            .collect();
        let remove: Vec<PersonId> = self
            .people
            .iter()
            .filter(|p| !p.3 && self.before.contains(&p.0))
            .map(|p| p.0)
            .collect();
        if add.is_empty() && remove.is_empty() {
            return Err("没有改动".to_string());
        }
        store
            .move_division_members(self.division, &add, &remove)
            .map_err(|e| e.to_string())?;
        Ok(format!(
            "“{}”：分入 {} 人，移出 {} 人",
            self.name,
            add.len(),
            remove.len()
        )
        .into())
    }

    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}
