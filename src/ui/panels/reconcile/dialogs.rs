//! The dialogs of 核查与退休: a list read and matched before a round is recorded, settling a
//! finding, 出编（退休） for one person or many, a person's retirement rule.

use crate::domain::PersonId;
use crate::domain::reconcile::{Outcome, Source};
use crate::domain::retirement::RetirementRule;
use crate::import::reconcile::{ListField, ListMapping, ListRead, read_reconcile_list};
use crate::store::Store;
use crate::store::reconcile::{FindingState, KeptFinding, RetirementLine};
use crate::ui::dialog::{Closer, Done, Form};
use crate::ui::panel::{Command, Commands, Cx, Nav};
use crate::ui::theme::{ERROR as RED, WARN as AMBER};
use crate::ui::widgets::{choice_row, doc_no_row, parse_date, text_row};

/// 导入名单核查: the source, the file, the columns as read (each can be changed), the
/// problems, and what matching found; confirmed, the round is recorded.
pub struct ReconcileImportForm {
    pub source: Source,
    pub path: String,
    pub mapping: ListMapping,
    pub read: Option<Result<(ListRead, Outcome), String>>,
}

impl ReconcileImportForm {
    pub fn new() -> ReconcileImportForm {
        ReconcileImportForm {
            source: Source::Payroll,
            path: String::new(),
            mapping: ListMapping::default(),
            read: None,
        }
    }

    /// Reads the list and matches it (nothing written).
    pub fn read_now(&mut self, store: &Store) {
        let path = std::path::PathBuf::from(self.path.trim());
        self.read = Some(
            read_reconcile_list(&path, &self.mapping)
                .map_err(|e| e.to_string())
                .and_then(|list| {
                    store
                        .reconcile_preview(self.source, &list.rows)
                        .map(|o| (list, o))
                        .map_err(|e| e.to_string())
                }),
        );
    }
}

impl Default for ReconcileImportForm {
    fn default() -> Self {
        ReconcileImportForm::new()
    }
}

impl Form for ReconcileImportForm {
    fn title(&self) -> String {
        "导入名单核查".to_string()
    }

    fn max_width(&self) -> f32 {
        820.0
    }

    fn grid(&self) -> bool {
        false
    }

    fn ready(&self) -> bool {
        matches!(&self.read, Some(Ok(_)))
    }

    fn confirm_label(&self) -> &str {
        "记录核查批次"
    }

    fn fields(&mut self, ui: &mut egui::Ui, cx: &Cx, _out: &mut Commands, _close: &mut Closer) {
        let mut reread = false;
        egui::Grid::new("reconcile_source")
            .num_columns(2)
            .show(ui, |ui| {
                let before = self.source;
                choice_row(ui, "名单来源", &mut self.source, Source::ALL, Source::label);
                reread |= before != self.source && self.read.is_some();
                text_row(ui, "文件路径", &mut self.path, "Excel 文件的完整路径");
            });
        ui.horizontal(|ui| {
            if ui.button("选择文件…").clicked()
                && let Some(p) = rfd::FileDialog::new()
                    .set_title("选择其他部门的名单")
                    .add_filter("Excel/WPS 表格", &["xlsx", "xlsm", "xls", "xlsb", "ods"])
                    .pick_file()
            {
                self.path = p.display().to_string();
                reread = true;
            }
            if ui.button("读取并比对").clicked() {
                reread = true;
            }
        });
        if reread && !self.path.trim().is_empty() {
            self.read_now(cx.store);
        }
        let Some(read) = &self.read else {
            ui.label(
                "选择名单文件后点“读取并比对”：只比对，不改动在册数据；确认后记录为一个核查批次。",
            );
            return;
        };
        let (list, outcome) = match read {
            Ok(r) => r,
            Err(e) => {
                ui.colored_label(RED, e);
                return;
            }
        };
        ui.separator();
        ui.label(format!(
            "“{}”工作表“{}”：{} 行，对上 {} 人，发现问题 {} 条",
            list.file,
            list.sheet,
            outcome.list_rows,
            outcome.matched,
            outcome.findings.len()
        ));
        // The columns as read; each can be read from another header, or not at all.
        let mut changed: Option<(ListField, Option<String>)> = None;
        egui::CollapsingHeader::new("列对应（列标题不同时在此改）")
            .id_salt("reconcile_columns")
            .show(ui, |ui| {
                egui::Grid::new("reconcile_mapping")
                    .num_columns(2)
                    .show(ui, |ui| {
                        for (field, header) in &list.columns {
                            ui.label(field.label());
                            let shown = header.clone().unwrap_or_else(|| "（无）".into());
                            egui::ComboBox::from_id_salt(field.code())
                                .selected_text(shown)
                                .show_ui(ui, |ui| {
                                    if ui.selectable_label(header.is_none(), "（无）").clicked()
                                    {
                                        changed = Some((*field, None));
                                    }
                                    for h in &list.headers {
                                        if ui
                                            .selectable_label(header.as_ref() == Some(h), h)
                                            .clicked()
                                        {
                                            changed = Some((*field, Some(h.clone())));
                                        }
                                    }
                                });
                            ui.end_row();
                        }
                    });
            });
        for p in &list.problems {
            ui.colored_label(AMBER, p);
        }
        let counts = outcome.counts();
        ui.horizontal_wrapped(|ui| {
            for (c, n) in &counts {
                ui.label(format!("{} {n}", c.label(self.source)));
            }
        });
        egui::ScrollArea::vertical()
            .max_height(300.0)
            .min_scrolled_height(200.0)
            .auto_shrink([false, true])
            .show(ui, |ui| {
                egui::Grid::new("reconcile_preview")
                    .striped(true)
                    .show(ui, |ui| {
                        for h in ["问题", "单位", "姓名", "身份证号", "情况"] {
                            ui.strong(h);
                        }
                        ui.end_row();
                        for f in outcome.findings.iter().take(500) {
                            ui.label(f.code.label(self.source));
                            ui.label(&f.unit);
                            ui.label(&f.name);
                            ui.label(crate::domain::id_number::mask(&f.id_number));
                            ui.label(crate::domain::id_number::mask_in_text(&f.detail));
                            ui.end_row();
                        }
                    });
                if outcome.findings.len() > 500 {
                    ui.label(format!(
                        "……共 {} 条，记录后全部列出",
                        outcome.findings.len()
                    ));
                }
            });
        if let Some((field, header)) = changed {
            // The field's old header is no longer forced; the new one is (or none is).
            self.mapping.columns.retain(|(_, f)| *f != Some(field));
            if let Some((_, Some(old))) = list.columns.iter().find(|(f, _)| *f == field) {
                self.mapping.columns.retain(|(h, _)| h != old);
                if header.is_none() {
                    self.mapping.columns.push((old.clone(), None));
                }
            }
            if let Some(h) = header {
                self.mapping.columns.retain(|(k, _)| *k != h);
                self.mapping.columns.push((h, Some(field)));
            }
            self.read_now(cx.store);
        }
    }

    fn submit(&mut self, store: &mut Store) -> Result<Done, String> {
        let Some(Ok((list, _))) = &self.read else {
            return Err("请先读取名单".into());
        };
        // Matched again at the moment of writing: the registry may have changed since.
        let outcome = store
            .reconcile_preview(self.source, &list.rows)
            .map_err(|e| e.to_string())?;
        let round = store
            .record_round(self.source, &list.file, &list.rows, &outcome)
            .map_err(|e| e.to_string())?;
        let mut then = Commands::default();
        then.push(Command::Select {
            nav: Nav::Reconcile,
            id: round,
        });
        Ok(Done {
            message: format!(
                "已记录核查批次：{}，{} 行，发现问题 {} 条",
                self.source.label(),
                outcome.list_rows,
                outcome.findings.len()
            ),
            then,
        })
    }

    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

/// 已说明 (with the note) or 需整改 (owner and deadline: a rectification item of the unit).
pub struct SettleForm {
    pub id: i64,
    pub what: String,
    pub state: FindingState,
    pub note: String,
    pub owner: String,
    pub deadline: String,
}

impl SettleForm {
    pub fn new(f: &KeptFinding, state: FindingState) -> SettleForm {
        let deadline = crate::clock::today() + chrono::Days::new(30);
        SettleForm {
            id: f.id,
            what: format!(
                "{}：{} {}",
                f.finding.code.label(f.source),
                f.finding.unit,
                f.finding.name
            ),
            state,
            note: String::new(),
            owner: String::new(),
            deadline: deadline.to_string(),
        }
    }
}

impl Form for SettleForm {
    fn title(&self) -> String {
        match self.state {
            FindingState::Rectify => "转为整改事项".into(),
            _ => "核查问题已说明".into(),
        }
    }

    fn fields(&mut self, ui: &mut egui::Ui, _cx: &Cx, _out: &mut Commands, _close: &mut Closer) {
        ui.label("问题");
        ui.label(&self.what);
        ui.end_row();
        match self.state {
            FindingState::Rectify => {
                text_row(ui, "责任人", &mut self.owner, "如 人事股");
                text_row(ui, "整改期限", &mut self.deadline, "YYYY-MM-DD");
            }
            _ => text_row(
                ui,
                "说明",
                &mut self.note,
                "如 借调外单位，工资由借用单位发放",
            ),
        }
    }

    fn submit(&mut self, store: &mut Store) -> Result<Done, String> {
        let rectify = match self.state {
            FindingState::Rectify => Some((self.owner.as_str(), parse_date(&self.deadline)?)),
            _ => None,
        };
        store
            .settle_finding(self.id, self.state, &self.note, rectify)
            .map_err(|e| e.to_string())?;
        Ok(match self.state {
            FindingState::Rectify => "已转为整改事项".to_string(),
            _ => "已记录说明".to_string(),
        }
        .into())
    }

    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

/// 出编（退休）: one person, or everyone due, on one date with one 文号.
pub struct RetireForm {
    pub people: Vec<(PersonId, String)>,
    pub date: String,
    pub doc_no: String,
}

impl RetireForm {
    pub fn new(lines: &[&RetirementLine]) -> RetireForm {
        RetireForm {
            people: lines
                .iter()
                .map(|l| {
                    (
                        l.person_id,
                        format!("{} {}（{} 到龄）", l.unit, l.name, l.retires_in),
                    )
                })
                .collect(),
            date: crate::clock::today().to_string(),
            doc_no: String::new(),
        }
    }
}

impl Form for RetireForm {
    fn title(&self) -> String {
        "退休出编".into()
    }

    fn fields(&mut self, ui: &mut egui::Ui, _cx: &Cx, _out: &mut Commands, _close: &mut Closer) {
        ui.label("人员");
        ui.vertical(|ui| {
            egui::ScrollArea::vertical()
                .max_height(160.0)
                .show(ui, |ui| {
                    for (_, text) in &self.people {
                        ui.label(text);
                    }
                });
        });
        ui.end_row();
        text_row(ui, "出编日期", &mut self.date, "YYYY-MM-DD");
        doc_no_row(ui, &mut self.doc_no, &self.date, "人社退休审批文号");
    }

    fn submit(&mut self, store: &mut Store) -> Result<Done, String> {
        let ids: Vec<PersonId> = self.people.iter().map(|(id, _)| *id).collect();
        let n = store
            .record_retirements(&ids, parse_date(&self.date)?, &self.doc_no)
            .map_err(|e| e.to_string())?;
        Ok(format!("已记录退休出编 {n} 人，岗位空出").into())
    }

    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

/// A person's retirement rule, confirmed by the clerk (or back to the derived one).
pub struct RuleForm {
    pub person: PersonId,
    pub name: String,
    pub rule: Option<RetirementRule>,
}

impl RuleForm {
    pub fn new(l: &RetirementLine) -> RuleForm {
        RuleForm {
            person: l.person_id,
            name: format!("{} {}", l.unit, l.name),
            rule: l.rule_confirmed.then_some(l.rule),
        }
    }
}

impl Form for RuleForm {
    fn title(&self) -> String {
        "退休年龄规则".into()
    }

    fn fields(&mut self, ui: &mut egui::Ui, _cx: &Cx, _out: &mut Commands, _close: &mut Closer) {
        ui.label("人员");
        ui.label(&self.name);
        ui.end_row();
        let options = std::iter::once(None).chain(RetirementRule::ALL.map(Some));
        choice_row(ui, "适用规则", &mut self.rule, options, |r| match r {
            None => "按性别、编制类型和岗位类别确定",
            Some(r) => r.label(),
        });
    }

    fn submit(&mut self, store: &mut Store) -> Result<Done, String> {
        store
            .set_retirement_rule(self.person, self.rule)
            .map_err(|e| e.to_string())?;
        Ok(format!("已确认{}的退休年龄规则", self.name).into())
    }

    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}
