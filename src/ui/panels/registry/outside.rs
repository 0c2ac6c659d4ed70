//! 编外人员 on a unit's page: the control number against the people in service (over it in
//! red, like 超编), the register, and the dialogs that register someone, set the control
//! number (with a 文号), record a departure, or read a register from a workbook for review.
//! Never on a post, never in 实有. The records: `store::outside`.

use super::RegistryState;
use crate::domain::OrgId;
use crate::domain::outside::OutsideKind;
use crate::store::Store;
use crate::store::outside::{OutsideFigures, OutsidePerson, OutsideRequest};
use crate::ui::dialog::{Closer, Done, Form};
use crate::ui::panel::{Commands, Cx};
use crate::ui::theme::ERROR as RED;
use crate::ui::widgets::{choice_row, doc_no_row, parse_date, text_row};

/// The selected unit's 编外人员.
#[derive(Debug, Clone, Default)]
pub struct UnitOutside {
    pub figures: OutsideFigures,
    pub staff: Vec<OutsidePerson>,
}

impl UnitOutside {
    pub fn load(store: &Store, org: Option<OrgId>) -> crate::store::Result<UnitOutside> {
        Ok(match org {
            Some(o) => UnitOutside {
                figures: store.outside_figures()?.remove(&o).unwrap_or_default(),
                staff: store.outside_staff(Some(o))?,
            },
            None => UnitOutside::default(),
        })
    }
}

pub(super) fn section(
    ui: &mut egui::Ui,
    reg: &RegistryState,
    org: OrgId,
    out: &mut Commands,
    can_write: bool,
) {
    let f = reg.outside.figures;
    let title = format!("编外人员（控制数 {}，在岗 {} 人）", f.control, f.count);
    let header = if f.over() > 0 {
        egui::RichText::new(format!("{title} 超控制数 {}", f.over())).color(RED)
    } else {
        egui::RichText::new(title)
    };
    egui::CollapsingHeader::new(header)
        .id_salt("unit_outside")
        .default_open(f.over() > 0)
        .show(ui, |ui| {
            ui.weak("编外人员不占编制，不计入实有人数。");
            if can_write {
                ui.horizontal_wrapped(|ui| {
                    if ui.button("登记编外人员…").clicked() {
                        out.open(OutsideForm::new(org));
                    }
                    if ui.button("调整控制数…").clicked() {
                        out.open(ControlForm::new(org));
                    }
                    if ui.button("从 Excel 导入编外人员…").clicked()
                        && let Some(path) = rfd::FileDialog::new()
                            .add_filter("Excel", &["xlsx", "xls", "ods"])
                            .pick_file()
                    {
                        out.open(OutsideImportForm::new(path, Some(org)));
                    }
                });
            }
            egui::Grid::new("outside_grid")
                .striped(true)
                .show(ui, |ui| {
                    for h in ["姓名", "用工形式", "起始", "离开", "备注", ""] {
                        ui.strong(h);
                    }
                    ui.end_row();
                    for p in &reg.outside.staff {
                        ui.label(&p.name);
                        ui.label(p.kind.label());
                        ui.label(&p.started_on);
                        ui.label(p.ended_on.as_deref().unwrap_or(""));
                        ui.label(&p.note);
                        if can_write && p.ended_on.is_none() && ui.small_button("离开…").clicked()
                        {
                            out.open(EndForm {
                                id: p.id,
                                name: p.name.clone(),
                                date: crate::clock::today().to_string(),
                            });
                        }
                        ui.end_row();
                    }
                });
        });
}

/// 登记编外人员.
pub struct OutsideForm {
    org: OrgId,
    name: String,
    id_number: String,
    kind: OutsideKind,
    date: String,
    note: String,
}

impl OutsideForm {
    pub fn new(org: OrgId) -> OutsideForm {
        OutsideForm {
            org,
            name: String::new(),
            id_number: String::new(),
            kind: OutsideKind::Hired,
            date: crate::clock::today().to_string(),
            note: String::new(),
        }
    }
}

impl Form for OutsideForm {
    fn title(&self) -> String {
        "登记编外人员".to_string()
    }

    fn fields(&mut self, ui: &mut egui::Ui, cx: &Cx, _out: &mut Commands, _close: &mut Closer) {
        ui.label("单位");
        ui.label(cx.org_name(self.org));
        ui.end_row();
        text_row(ui, "姓名", &mut self.name, "");
        text_row(ui, "身份证号", &mut self.id_number, "可空");
        choice_row(
            ui,
            "用工形式",
            &mut self.kind,
            OutsideKind::ALL,
            OutsideKind::label,
        );
        text_row(ui, "起始日期", &mut self.date, "YYYY-MM-DD");
        text_row(ui, "备注", &mut self.note, "");
    }

    fn submit(&mut self, store: &mut Store) -> Result<Done, String> {
        let req = OutsideRequest {
            org: self.org,
            name: self.name.clone(),
            id_number: Some(self.id_number.clone()),
            kind: self.kind,
            started_on: parse_date(&self.date)?,
            note: self.note.clone(),
        };
        store.register_outside(&req).map_err(|e| e.to_string())?;
        Ok(format!("已登记编外人员：{}", self.name.trim()).into())
    }

    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

/// 编外人员控制数 changed by a dated entry with a 文号.
pub struct ControlForm {
    org: OrgId,
    count: String,
    date: String,
    doc_no: String,
    reason: String,
}

impl ControlForm {
    pub fn new(org: OrgId) -> ControlForm {
        ControlForm {
            org,
            count: String::new(),
            date: crate::clock::today().to_string(),
            doc_no: String::new(),
            reason: String::new(),
        }
    }
}

impl Form for ControlForm {
    fn title(&self) -> String {
        "调整编外人员控制数".to_string()
    }

    fn fields(&mut self, ui: &mut egui::Ui, cx: &Cx, _out: &mut Commands, _close: &mut Closer) {
        ui.label("单位");
        ui.label(cx.org_name(self.org));
        ui.end_row();
        text_row(ui, "增减", &mut self.count, "如 5 或 -2");
        text_row(ui, "日期", &mut self.date, "YYYY-MM-DD");
        doc_no_row(ui, &mut self.doc_no, &self.date, "如 石编〔2026〕15号");
        text_row(ui, "事由", &mut self.reason, "");
    }

    fn submit(&mut self, store: &mut Store) -> Result<Done, String> {
        let delta: i64 = self
            .count
            .trim()
            .parse()
            .map_err(|_| format!("增减“{}”不是整数", self.count.trim()))?;
        store
            .record_outside_control(
                self.org,
                delta,
                parse_date(&self.date)?,
                &self.doc_no,
                &self.reason,
            )
            .map_err(|e| e.to_string())?;
        Ok(format!("编外人员控制数 {delta:+}").into())
    }

    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

/// A person of the register leaves.
pub struct EndForm {
    id: i64,
    name: String,
    date: String,
}

impl Form for EndForm {
    fn title(&self) -> String {
        format!("编外人员离开：{}", self.name)
    }

    fn fields(&mut self, ui: &mut egui::Ui, _cx: &Cx, _out: &mut Commands, _close: &mut Closer) {
        text_row(ui, "离开日期", &mut self.date, "YYYY-MM-DD");
    }

    fn submit(&mut self, store: &mut Store) -> Result<Done, String> {
        store
            .end_outside(self.id, parse_date(&self.date)?)
            .map_err(|e| e.to_string())?;
        Ok(format!("{}已离开", self.name).into())
    }

    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

/// A register read from a workbook, shown row by row (and what could not be read) before
/// anything is written; confirmed, every row is registered or none.
pub struct OutsideImportForm {
    path: std::path::PathBuf,
    org: Option<OrgId>,
    read: Result<crate::import::outside::OutsideRead, String>,
}

impl OutsideImportForm {
    pub fn new(path: std::path::PathBuf, org: Option<OrgId>) -> OutsideImportForm {
        OutsideImportForm {
            path,
            org,
            read: Err(String::new()),
        }
    }
}

impl Form for OutsideImportForm {
    fn title(&self) -> String {
        "导入编外人员".to_string()
    }

    fn load(&mut self, store: &Store) {
        self.read = crate::import::outside::read_outside(store, &self.path, self.org)
            .map_err(|e| e.to_string());
    }

    fn max_width(&self) -> f32 {
        760.0
    }

    fn grid(&self) -> bool {
        false
    }

    fn ready(&self) -> bool {
        self.read.as_ref().is_ok_and(|r| !r.rows.is_empty())
    }

    fn confirm_label(&self) -> &str {
        "确认导入"
    }

    fn fields(&mut self, ui: &mut egui::Ui, _cx: &Cx, _out: &mut Commands, _close: &mut Closer) {
        let read = match &self.read {
            Ok(r) => r,
            Err(e) => {
                ui.colored_label(RED, e);
                return;
            }
        };
        ui.label(format!(
            "读到 {} 人{}；确认后全部登记（不占编制，不计入实有）。",
            read.rows.len(),
            if read.problems.is_empty() {
                String::new()
            } else {
                format!("，{} 行未读入", read.problems.len())
            }
        ));
        for p in &read.problems {
            ui.colored_label(RED, p);
        }
        egui::ScrollArea::vertical()
            .max_height(320.0)
            .auto_shrink([false, true])
            .show(ui, |ui| {
                egui::Grid::new("outside_import")
                    .striped(true)
                    .show(ui, |ui| {
                        for h in ["单位", "姓名", "身份证号", "用工形式", "起始", "备注"]
                        {
                            ui.strong(h);
                        }
                        ui.end_row();
                        for (unit, r) in &read.rows {
                            ui.label(unit);
                            ui.label(&r.name);
                            ui.label(
                                r.id_number
                                    .as_deref()
                                    .map(crate::domain::id_number::mask)
                                    .unwrap_or_default(),
                            );
                            ui.label(r.kind.label());
                            ui.label(r.started_on.to_string());
                            ui.label(&r.note);
                            ui.end_row();
                        }
                    });
            });
    }

    fn submit(&mut self, store: &mut Store) -> Result<Done, String> {
        let read = self.read.as_ref().map_err(Clone::clone)?;
        let reqs: Vec<OutsideRequest> = read.rows.iter().map(|(_, r)| r.clone()).collect();
        let n = store
            .register_outside_all(&reqs)
            .map_err(|e| e.to_string())?;
        Ok(format!("已登记编外人员 {n} 人").into())
    }

    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}
