//! 领导职数 on a unit's page: the approved positions per level against the appointments in
//! force (超职数 in red; 无数据 until an appointment is recorded), the 领导职数 ledger, the
//! appointments, and the dialogs that change the approved numbers (with a 文号), appoint,
//! remove, and propose appointments from the roster's 人员分类 for the clerk to review.
//! The rules: `domain::leadership`; the records: `store::leadership`.

use super::RegistryState;
use crate::domain::leadership::Level;
use crate::domain::{OrgId, PersonId};
use crate::store::Store;
use crate::store::leadership::{Appointment, AppointmentRequest, LeaderEntry, Leadership};
use crate::ui::dialog::{Closer, Done, Form};
use crate::ui::panel::{Commands, Cx};
use crate::ui::theme::{ERROR as RED, WARN};
use crate::ui::widgets::{choice_row, doc_no_row, parse_date, text_row};

/// The selected unit's leadership positions, loaded with its page.
#[derive(Debug, Clone)]
pub struct UnitLeaders {
    pub leadership: Leadership,
    pub entries: Vec<LeaderEntry>,
    pub appointments: Vec<Appointment>,
}

impl Default for UnitLeaders {
    fn default() -> Self {
        UnitLeaders {
            leadership: Leadership::none(),
            entries: Vec::new(),
            appointments: Vec::new(),
        }
    }
}

impl UnitLeaders {
    pub fn load(store: &Store, org: Option<OrgId>) -> crate::store::Result<UnitLeaders> {
        Ok(match org {
            Some(o) => UnitLeaders {
                leadership: store.leadership(o)?,
                entries: store.leader_entries(o)?,
                appointments: store.appointments(o)?,
            },
            None => UnitLeaders::default(),
        })
    }
}

/// The 领导职数 section of a unit's page.
pub(super) fn section(
    ui: &mut egui::Ui,
    reg: &RegistryState,
    org: OrgId,
    out: &mut Commands,
    can_write: bool,
) {
    let l = &reg.leaders.leadership;
    let over = l.over.map_or(0, |o| o.total());
    let title = match l.over {
        None => "领导职数（未登记任职：超职数无数据）".to_string(),
        Some(_) if over > 0 => format!("领导职数（超职数 {over} 名）"),
        Some(_) => "领导职数".to_string(),
    };
    let header = if over > 0 {
        egui::RichText::new(title).color(RED)
    } else {
        egui::RichText::new(title)
    };
    egui::CollapsingHeader::new(header)
        .id_salt("unit_leaders")
        .default_open(over > 0)
        .show(ui, |ui| {
            if can_write {
                ui.horizontal_wrapped(|ui| {
                    if ui.button("核定领导职数…").clicked() {
                        out.open(LeaderEntryForm::new(org, true));
                    }
                    if ui.button("核减领导职数…").clicked() {
                        out.open(LeaderEntryForm::new(org, false));
                    }
                    if ui.button("任职…").clicked() {
                        out.open(AppointForm::new(org));
                    }
                    if ui
                        .button("按花名册人员分类生成任职…")
                        .on_hover_text(
                            "按导入花名册的“人员分类”“职务”列列出拟登记的任职，核对后再写入",
                        )
                        .clicked()
                    {
                        out.open(ProposalForm::new(Some(org)));
                    }
                });
            }
            egui::Grid::new("leaders_grid")
                .striped(true)
                .show(ui, |ui| {
                    for h in ["层级", "核定", "在任", "超职数"] {
                        ui.strong(h);
                    }
                    ui.end_row();
                    for lv in Level::ALL {
                        ui.label(lv.label());
                        ui.label(l.approved.get(lv).to_string());
                        match l.over {
                            Some(o) => {
                                ui.label(l.appointed.get(lv).to_string());
                                if o.get(lv) > 0 {
                                    ui.colored_label(RED, o.get(lv).to_string());
                                } else {
                                    ui.label("0");
                                }
                            }
                            None => {
                                ui.weak("—");
                                ui.weak("无数据");
                            }
                        }
                        ui.end_row();
                    }
                });
            if l.high_config > 0 {
                ui.label(format!("其中高配 {} 名", l.high_config));
            }
            appointments(ui, &reg.leaders.appointments, out, can_write);
            egui::CollapsingHeader::new(format!(
                "领导职数台账（{} 条）",
                reg.leaders.entries.len()
            ))
            .id_salt("leader_entries")
            .show(ui, |ui| {
                egui::Grid::new("leader_entries_grid")
                    .striped(true)
                    .show(ui, |ui| {
                        for h in ["日期", "文号", "层级", "数量", "事由", "经办人"] {
                            ui.strong(h);
                        }
                        ui.end_row();
                        for e in &reg.leaders.entries {
                            ui.label(&e.date);
                            ui.label(&e.doc_no);
                            ui.label(e.level.label());
                            ui.label(format!("{:+}", e.delta));
                            ui.label(&e.reason);
                            ui.label(&e.operator);
                            ui.end_row();
                        }
                    });
            });
        });
}

fn appointments(ui: &mut egui::Ui, list: &[Appointment], out: &mut Commands, can_write: bool) {
    let in_force = list.iter().filter(|a| a.in_force).count();
    egui::CollapsingHeader::new(format!(
        "任职（在任 {in_force} 人次，共 {} 条）",
        list.len()
    ))
    .id_salt("unit_appointments")
    .default_open(true)
    .show(ui, |ui| {
        egui::Grid::new("appointments_grid")
            .striped(true)
            .show(ui, |ui| {
                for h in ["姓名", "职务", "层级", "级别", "任职", "免职", ""] {
                    ui.strong(h);
                }
                ui.end_row();
                for a in list {
                    ui.label(&a.name);
                    if a.high_config {
                        ui.label(format!("{}（高配）", a.position));
                    } else {
                        ui.label(&a.position);
                    }
                    ui.label(a.level.label());
                    ui.label(&a.rank);
                    ui.label(format!("{} {}", a.appointed_on, a.appoint_doc));
                    match (&a.removed_on, a.in_force) {
                        (Some(d), _) => {
                            ui.label(format!("{d} {}", a.remove_doc.as_deref().unwrap_or("")));
                        }
                        (None, false) => {
                            ui.colored_label(WARN, "已离开本单位");
                        }
                        (None, true) => {
                            ui.label("");
                        }
                    }
                    if can_write && a.removed_on.is_none() && ui.small_button("免职…").clicked()
                    {
                        out.open(RemoveForm::new(a));
                    }
                    ui.end_row();
                }
            });
    });
}

/// 核定 or 核减 of one level's approved positions.
pub struct LeaderEntryForm {
    org: OrgId,
    increase: bool,
    level: Level,
    count: String,
    date: String,
    doc_no: String,
    reason: String,
}

impl LeaderEntryForm {
    pub fn new(org: OrgId, increase: bool) -> LeaderEntryForm {
        LeaderEntryForm {
            org,
            increase,
            level: Level::Deputy,
            count: "1".to_string(),
            date: crate::clock::today().to_string(),
            doc_no: String::new(),
            reason: String::new(),
        }
    }
}

impl Form for LeaderEntryForm {
    fn title(&self) -> String {
        if self.increase {
            "核定领导职数"
        } else {
            "核减领导职数"
        }
        .to_string()
    }

    fn fields(&mut self, ui: &mut egui::Ui, cx: &Cx, _out: &mut Commands, _close: &mut Closer) {
        ui.label("单位");
        ui.label(cx.org_name(self.org));
        ui.end_row();
        choice_row(ui, "层级", &mut self.level, Level::ALL, Level::label);
        text_row(ui, "数量", &mut self.count, "名");
        text_row(ui, "日期", &mut self.date, "YYYY-MM-DD");
        doc_no_row(ui, &mut self.doc_no, &self.date, "如 石编〔2026〕8号");
        text_row(ui, "事由", &mut self.reason, "");
    }

    fn submit(&mut self, store: &mut Store) -> Result<Done, String> {
        let n = crate::ui::widgets::parse_count(&self.count, "数量")?;
        let delta = if self.increase { n } else { -n };
        store
            .record_leader_entry(
                self.org,
                self.level,
                delta,
                parse_date(&self.date)?,
                &self.doc_no,
                &self.reason,
            )
            .map_err(|e| e.to_string())?;
        Ok(format!("{}领导职数{delta:+} 名", self.level.label()).into())
    }

    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

/// 任职: one of the unit's people appointed to a leadership position.
pub struct AppointForm {
    org: OrgId,
    people: Vec<(PersonId, String)>,
    person: Option<PersonId>,
    level: Level,
    position: String,
    rank: String,
    high_config: bool,
    date: String,
    doc_no: String,
}

impl AppointForm {
    pub fn new(org: OrgId) -> AppointForm {
        AppointForm {
            org,
            people: Vec::new(),
            person: None,
            level: Level::Deputy,
            position: String::new(),
            rank: String::new(),
            high_config: false,
            date: crate::clock::today().to_string(),
            doc_no: String::new(),
        }
    }
}

impl Form for AppointForm {
    fn title(&self) -> String {
        "任职".to_string()
    }

    fn load(&mut self, store: &Store) {
        self.people = store
            .people_of_org(self.org)
            .map(|ps| ps.into_iter().map(|p| (p.id, p.details.name)).collect())
            .unwrap_or_default();
    }

    fn fields(&mut self, ui: &mut egui::Ui, cx: &Cx, _out: &mut Commands, _close: &mut Closer) {
        ui.label("单位");
        ui.label(cx.org_name(self.org));
        ui.end_row();
        let l = ui.label("人员");
        let shown = self
            .people
            .iter()
            .find(|(id, _)| Some(*id) == self.person)
            .map_or("请选择", |(_, n)| n.as_str());
        egui::ComboBox::from_id_salt("appoint_person")
            .selected_text(shown)
            .show_ui(ui, |ui| {
                for (id, name) in &self.people {
                    ui.selectable_value(&mut self.person, Some(*id), name);
                }
            })
            .response
            .labelled_by(l.id);
        ui.end_row();
        choice_row(ui, "层级", &mut self.level, Level::ALL, Level::label);
        text_row(ui, "职务", &mut self.position, "如 副局长、办公室主任");
        text_row(ui, "职务级别", &mut self.rank, "如 副科级");
        ui.label("");
        ui.checkbox(&mut self.high_config, "高配");
        ui.end_row();
        text_row(ui, "任职日期", &mut self.date, "YYYY-MM-DD");
        doc_no_row(ui, &mut self.doc_no, &self.date, "如 石组干〔2026〕5号");
    }

    fn submit(&mut self, store: &mut Store) -> Result<Done, String> {
        let person = self.person.ok_or("请选择人员")?;
        let req = AppointmentRequest {
            person,
            level: self.level,
            position: self.position.clone(),
            rank: self.rank.clone(),
            high_config: self.high_config,
            date: parse_date(&self.date)?,
            doc_no: self.doc_no.clone(),
        };
        store.appoint(&req).map_err(|e| e.to_string())?;
        Ok(format!("已登记任职：{}", self.position.trim()).into())
    }

    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

/// 免职.
pub struct RemoveForm {
    id: i64,
    who: String,
    date: String,
    doc_no: String,
}

impl RemoveForm {
    pub fn new(a: &Appointment) -> RemoveForm {
        RemoveForm {
            id: a.id,
            who: format!("{} {}", a.name, a.position),
            date: crate::clock::today().to_string(),
            doc_no: String::new(),
        }
    }
}

impl Form for RemoveForm {
    fn title(&self) -> String {
        format!("免职：{}", self.who)
    }

    fn fields(&mut self, ui: &mut egui::Ui, _cx: &Cx, _out: &mut Commands, _close: &mut Closer) {
        text_row(ui, "免职日期", &mut self.date, "YYYY-MM-DD");
        doc_no_row(ui, &mut self.doc_no, &self.date, "如 石组干〔2026〕9号");
    }

    fn submit(&mut self, store: &mut Store) -> Result<Done, String> {
        store
            .remove_appointment(self.id, parse_date(&self.date)?, &self.doc_no)
            .map_err(|e| e.to_string())?;
        Ok(format!("已免职：{}", self.who).into())
    }

    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

/// Appointments proposed from the roster's 人员分类 (and 职务, 领导职务级别) for the people
/// of a unit (or of the county) with none in force: each shown, ticked, and written with
/// one date and 文号 only when the clerk confirms.
pub struct ProposalForm {
    org: Option<OrgId>,
    proposals: Vec<(bool, crate::store::leadership::Proposal)>,
    date: String,
    doc_no: String,
}

impl ProposalForm {
    pub fn new(org: Option<OrgId>) -> ProposalForm {
        ProposalForm {
            org,
            proposals: Vec::new(),
            date: crate::clock::today().to_string(),
            doc_no: String::new(),
        }
    }
}

impl Form for ProposalForm {
    fn title(&self) -> String {
        "按花名册人员分类生成任职".to_string()
    }

    fn load(&mut self, store: &Store) {
        self.proposals = store
            .appointment_proposals(self.org)
            .map(|ps| ps.into_iter().map(|p| (true, p)).collect())
            .unwrap_or_default();
    }

    fn max_width(&self) -> f32 {
        760.0
    }

    fn grid(&self) -> bool {
        false
    }

    fn ready(&self) -> bool {
        self.proposals.iter().any(|(t, _)| *t)
    }

    fn fields(&mut self, ui: &mut egui::Ui, _cx: &Cx, _out: &mut Commands, _close: &mut Closer) {
        if self.proposals.is_empty() {
            ui.label("没有可生成的任职：花名册“人员分类”中没有尚未登记任职的领导人员。");
            return;
        }
        ui.label("以下人员在花名册中为领导人员、尚未登记任职。请核对，取消勾选不登记的人；确认后按同一任职日期和文号写入。");
        egui::ScrollArea::vertical()
            .max_height(320.0)
            .auto_shrink([false, true])
            .show(ui, |ui| {
                egui::Grid::new("proposals").striped(true).show(ui, |ui| {
                    for h in ["", "单位", "姓名", "层级", "职务", "级别", "依据"] {
                        ui.strong(h);
                    }
                    ui.end_row();
                    for (ticked, p) in &mut self.proposals {
                        ui.checkbox(ticked, "")
                            .on_hover_text(format!("登记{}的任职", p.name));
                        ui.label(&p.unit);
                        ui.label(&p.name);
                        ui.label(p.request.level.label());
                        ui.label(&p.request.position);
                        ui.label(&p.request.rank);
                        ui.weak(&p.basis);
                        ui.end_row();
                    }
                });
            });
        ui.horizontal(|ui| {
            let l = ui.label("任职日期");
            ui.add_sized([110.0, 20.0], egui::TextEdit::singleline(&mut self.date))
                .labelled_by(l.id);
            let l = ui.label("文号");
            ui.add_sized(
                [220.0, 20.0],
                egui::TextEdit::singleline(&mut self.doc_no).hint_text("组织部任免文件文号"),
            )
            .labelled_by(l.id);
        });
    }

    fn submit(&mut self, store: &mut Store) -> Result<Done, String> {
        let date = parse_date(&self.date)?;
        let reqs: Vec<AppointmentRequest> = self
            .proposals
            .iter()
            .filter(|(t, _)| *t)
            .map(|(_, p)| AppointmentRequest {
                date,
                doc_no: self.doc_no.clone(),
                ..p.request.clone()
            })
            .collect();
        let n = store.appoint_all(&reqs).map_err(|e| e.to_string())?;
        Ok(format!("已登记任职 {n} 条").into())
    }

    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}
