//! A unit's record and history (机构沿革) on its page: 机构规格, 统一社会信用代码, 机构性质,
//! 举办单位, 三定 文号, 主要职责;
//! 更名, 并入其他单位 and 撤销, each with its date and 文号; an abolished unit shown as such.
//! The records: `store::units`.

use super::RegistryState;
use crate::domain::OrgId;
use crate::store::Store;
use crate::store::units::{UnitEvent, UnitRecord};
use crate::ui::dialog::{Closer, Done, Form};
use crate::ui::panel::{Commands, Cx};
use crate::ui::theme::WARN;
use crate::ui::widgets::{doc_no_row, org_combo, parse_date, text_row};

/// The selected unit's record and history.
#[derive(Debug, Clone, Default)]
pub struct UnitInfo {
    pub record: UnitRecord,
    pub history: Vec<UnitEvent>,
    /// Its documents, oldest first (沿革 in documents).
    pub documents: Vec<crate::store::documents::UnitDocument>,
}

impl UnitInfo {
    pub fn load(store: &Store, org: Option<OrgId>) -> crate::store::Result<UnitInfo> {
        Ok(match org {
            Some(o) => UnitInfo {
                record: store.unit_record(o)?,
                history: store.unit_history(o)?,
                documents: store.unit_documents(o)?,
            },
            None => UnitInfo::default(),
        })
    }

    pub fn abolished(&self) -> bool {
        self.record.abolished_on.is_some()
    }
}

pub(super) fn section(
    ui: &mut egui::Ui,
    reg: &RegistryState,
    org: OrgId,
    out: &mut Commands,
    can_write: bool,
) {
    let info = &reg.unit;
    if let Some(d) = &info.record.abolished_on {
        ui.colored_label(
            WARN,
            format!(
                "本单位已于 {d} 撤销（{}），仅供查阅",
                info.record.abolished_doc.as_deref().unwrap_or("")
            ),
        );
    }
    egui::CollapsingHeader::new(format!("单位信息与沿革（{} 条）", info.history.len()))
        .id_salt("unit_record")
        .show(ui, |ui| {
            egui::Grid::new("unit_record_grid").show(ui, |ui| {
                let r = &info.record;
                for (k, v) in [
                    ("机构规格", &r.grade),
                    ("统一社会信用代码", &r.credit_code),
                    ("机构性质", &r.nature),
                    ("举办单位", &r.sponsor),
                    ("三定文号", &r.sanding_doc),
                    ("主要职责", &r.duties),
                ] {
                    ui.label(k);
                    ui.label(if v.is_empty() { "—" } else { v.as_str() });
                    ui.end_row();
                }
            });
            if can_write && !info.abolished() {
                ui.horizontal_wrapped(|ui| {
                    if ui.button("修改单位信息…").clicked() {
                        out.open(RecordForm::new(org, &info.record));
                    }
                    for (label, mode) in [
                        ("更名…", Mode::Rename),
                        ("并入其他单位…", Mode::Merge),
                        ("撤销单位…", Mode::Abolish),
                    ] {
                        if ui.button(label).clicked() {
                            out.open(HistoryForm::new(org, mode));
                        }
                    }
                    if ui.button("分设新单位…").clicked() {
                        out.open(SplitForm::new(org));
                    }
                });
            }
            egui::Grid::new("unit_history_grid")
                .striped(true)
                .show(ui, |ui| {
                    for h in ["日期", "沿革", "文号"] {
                        ui.strong(h);
                    }
                    ui.end_row();
                    for e in &info.history {
                        ui.label(&e.date);
                        ui.label(e.describe());
                        ui.label(&e.doc_no);
                        ui.end_row();
                    }
                });
        });
    egui::CollapsingHeader::new(format!("依据文件（{} 件）", info.documents.len()))
        .id_salt("unit_documents")
        .show(ui, |ui| {
            egui::Grid::new("unit_documents_grid")
                .striped(true)
                .show(ui, |ui| {
                    for h in ["日期", "文号", "标题", "内容", "附件"] {
                        ui.strong(h);
                    }
                    ui.end_row();
                    for d in &info.documents {
                        ui.label(d.date.as_deref().unwrap_or(""));
                        ui.label(&d.key);
                        ui.label(&d.title);
                        let what = d
                            .what
                            .iter()
                            .take(3)
                            .cloned()
                            .collect::<Vec<_>>()
                            .join("；");
                        ui.label(if d.records > 1 {
                            format!("{what}（{} 条记录）", d.records)
                        } else {
                            what
                        });
                        if d.attachments == 0 {
                            ui.colored_label(WARN, "无");
                        } else {
                            ui.label(d.attachments.to_string());
                        }
                        ui.end_row();
                    }
                });
        });
}

/// 修改单位信息.
pub struct RecordForm {
    org: OrgId,
    record: UnitRecord,
}

impl RecordForm {
    pub fn new(org: OrgId, record: &UnitRecord) -> RecordForm {
        RecordForm {
            org,
            record: record.clone(),
        }
    }
}

impl Form for RecordForm {
    fn title(&self) -> String {
        "修改单位信息".to_string()
    }

    fn fields(&mut self, ui: &mut egui::Ui, cx: &Cx, _out: &mut Commands, _close: &mut Closer) {
        ui.label("单位");
        ui.label(cx.org_name(self.org));
        ui.end_row();
        let r = &mut self.record;
        text_row(ui, "机构规格", &mut r.grade, "如 正科、副科、股级");
        text_row(ui, "统一社会信用代码", &mut r.credit_code, "18 位");
        text_row(
            ui,
            "机构性质",
            &mut r.nature,
            "如 行政机关、公益一类事业单位",
        );
        text_row(ui, "举办单位", &mut r.sponsor, "事业单位的举办单位");
        text_row(ui, "三定文号", &mut r.sanding_doc, "如 石编〔2019〕8号");
        text_row(ui, "主要职责", &mut r.duties, "");
    }

    fn submit(&mut self, store: &mut Store) -> Result<Done, String> {
        store
            .set_unit_record(self.org, &self.record)
            .map_err(|e| e.to_string())?;
        Ok("已修改单位信息".to_string().into())
    }

    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Rename,
    Merge,
    Abolish,
}

/// 更名, 并入其他单位 or 撤销, with a date and 文号.
pub struct HistoryForm {
    org: OrgId,
    mode: Mode,
    name: String,
    into: Option<OrgId>,
    date: String,
    doc_no: String,
}

impl HistoryForm {
    pub fn new(org: OrgId, mode: Mode) -> HistoryForm {
        HistoryForm {
            org,
            mode,
            name: String::new(),
            into: None,
            date: crate::clock::today().to_string(),
            doc_no: String::new(),
        }
    }
}

impl Form for HistoryForm {
    fn title(&self) -> String {
        match self.mode {
            Mode::Rename => "单位更名",
            Mode::Merge => "并入其他单位",
            Mode::Abolish => "撤销单位",
        }
        .to_string()
    }

    fn fields(&mut self, ui: &mut egui::Ui, cx: &Cx, _out: &mut Commands, _close: &mut Closer) {
        ui.label("单位");
        ui.label(cx.org_name(self.org));
        ui.end_row();
        match self.mode {
            Mode::Rename => text_row(ui, "新名称", &mut self.name, "全称"),
            Mode::Merge => {
                org_combo(ui, "并入", &mut self.into, cx.orgs);
                ui.label("");
                ui.weak("本单位人员连同编制划转过去，空编调剂过去，内设机构和编外人员随之转入，领导任职终止，然后撤销本单位。");
                ui.end_row();
            }
            Mode::Abolish => {
                ui.label("");
                ui.weak("须先收回或划出全部编制、调出全部人员；否则会列出尚余的内容。");
                ui.end_row();
            }
        }
        text_row(ui, "日期", &mut self.date, "YYYY-MM-DD");
        doc_no_row(ui, &mut self.doc_no, &self.date, "如 石编〔2026〕20号");
    }

    fn submit(&mut self, store: &mut Store) -> Result<Done, String> {
        let date = parse_date(&self.date)?;
        let done = match self.mode {
            Mode::Rename => store
                .rename_unit(self.org, &self.name, date, &self.doc_no)
                .map(|()| format!("已更名为“{}”", self.name.trim())),
            Mode::Merge => {
                let into = self.into.ok_or("请选择并入的单位")?;
                store
                    .merge_unit(self.org, into, date, &self.doc_no)
                    .map(|()| "已合并".to_string())
            }
            Mode::Abolish => store
                .abolish_unit(self.org, date, &self.doc_no)
                .map(|()| "已撤销".to_string()),
        };
        done.map(Done::from).map_err(|e| e.to_string())
    }

    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

/// 分设: a new unit from part of this one — the divisions ticked go with their people and
/// posts, and as many vacant posts as typed.
pub struct SplitForm {
    org: OrgId,
    name: String,
    kind: crate::domain::OrgKind,
    /// Active divisions: id, name, people, ticked.
    divisions: Vec<(crate::domain::DivisionId, String, i64, bool)>,
    /// Post types with vacancies: type, vacancy, how many to move (typed).
    vacant: Vec<(crate::domain::PostType, i64, String)>,
    date: String,
    doc_no: String,
}

impl SplitForm {
    pub fn new(org: OrgId) -> SplitForm {
        SplitForm {
            org,
            name: String::new(),
            kind: crate::domain::OrgKind::Institution,
            divisions: Vec::new(),
            vacant: Vec::new(),
            date: crate::clock::today().to_string(),
            doc_no: String::new(),
        }
    }
}

impl Form for SplitForm {
    fn title(&self) -> String {
        "分设新单位".to_string()
    }

    fn load(&mut self, store: &Store) {
        self.divisions = store
            .divisions(self.org)
            .unwrap_or_default()
            .into_iter()
            .filter(|d| d.is_active())
            .map(|d| (d.id, d.name, d.people, false))
            .collect();
        if let (Ok(b), Ok(occ)) = (store.balances(None), store.occupancy()) {
            let approved = b.approved(self.org);
            let occupied = occ.get(&self.org).copied().unwrap_or_default();
            self.vacant = crate::domain::PostType::ALL
                .into_iter()
                .map(|t| (t, approved.get(t) - occupied.get(t)))
                .filter(|(_, v)| *v > 0)
                .map(|(t, v)| (t, v, String::new()))
                .collect();
        }
    }

    fn fields(&mut self, ui: &mut egui::Ui, cx: &Cx, _out: &mut Commands, _close: &mut Closer) {
        ui.label("原单位");
        ui.label(cx.org_name(self.org));
        ui.end_row();
        text_row(ui, "新单位名称", &mut self.name, "全称");
        crate::ui::widgets::choice_row(
            ui,
            "机构类别",
            &mut self.kind,
            crate::domain::OrgKind::ALL,
            crate::domain::OrgKind::label,
        );
        ui.label("随迁内设机构");
        ui.vertical(|ui| {
            if self.divisions.is_empty() {
                ui.weak("本单位没有内设机构");
            }
            for (_, name, people, ticked) in &mut self.divisions {
                ui.checkbox(ticked, format!("{name}（{people} 人，连同编制划转）"));
            }
        });
        ui.end_row();
        for (t, vacancy, typed) in &mut self.vacant {
            text_row(
                ui,
                &format!("划出空编：{}", t.label()),
                typed,
                &format!("空编 {vacancy} 名"),
            );
        }
        text_row(ui, "日期", &mut self.date, "YYYY-MM-DD");
        doc_no_row(ui, &mut self.doc_no, &self.date, "如 石编〔2026〕30号");
    }

    fn submit(&mut self, store: &mut Store) -> Result<Done, String> {
        let mut vacant = Vec::new();
        for (t, _, typed) in &self.vacant {
            if !typed.trim().is_empty() {
                vacant.push((*t, crate::ui::widgets::parse_count(typed, t.label())?));
            }
        }
        let req = crate::store::units::SplitRequest {
            from: self.org,
            new_unit: crate::domain::OrgDraft {
                name: self.name.clone(),
                kind: Some(self.kind),
                ..Default::default()
            },
            divisions: self.divisions.iter().filter(|d| d.3).map(|d| d.0).collect(),
            vacant,
            date: parse_date(&self.date)?,
            doc_no: self.doc_no.clone(),
        };
        store.split_unit(&req).map_err(|e| e.to_string())?;
        Ok(format!("已分设{}", self.name.trim()).into())
    }

    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}
