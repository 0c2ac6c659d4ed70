//! The dialogs of 评估: new evaluations, 核减, rectification items, policy suggestions,
//! 已上会, and the indicator-system editor. Each writes one store operation on 确定.

use crate::domain::evaluation::points_label;
use crate::domain::{OrgId, PostType};
use crate::store::Store;
use crate::store::evaluations::{EvalState, SystemVersion};
use crate::ui::dialog::{Closer, Done, Form};
use crate::ui::panel::{Commands, Cx};
use crate::ui::widgets::{choice_row, doc_no_row, org_combo, parse_date, text_row};

pub enum Dialog {
    Start {
        year: String,
        /// The indicator system version to score with.
        system: i64,
        chosen: Vec<OrgId>,
        pick: Option<OrgId>,
    },
    Reduce {
        post_type: PostType,
        count: String,
        doc_no: String,
        date: String,
    },
    Rectify {
        description: String,
        owner: String,
        deadline: String,
    },
    Suggest {
        text: String,
        date: String,
    },
    Report {
        date: String,
    },
    /// 重新打开 a kept evaluation, with the reason.
    Reopen {
        reason: String,
    },
    /// Editing the indicator system: one text row per item, saved as a new version.
    Edit {
        name: String,
        rows: Vec<[String; 5]>,
        vetoes: String,
        grades: String,
    },
}

/// The editor's rows from a system: 主题, 维度, 指标, 分值, 方法.
pub(super) fn edit_dialog(system: &crate::domain::evaluation::IndicatorSystem) -> Dialog {
    use crate::domain::evaluation::method_words;
    Dialog::Edit {
        name: system.name.clone(),
        rows: system
            .items
            .iter()
            .map(|i| {
                [
                    i.theme.clone(),
                    i.dimension.clone(),
                    i.name.clone(),
                    points_label(i.max),
                    method_words(i.method, i.auto),
                ]
            })
            .collect(),
        vetoes: system.vetoes.join("\n"),
        grades: system
            .grades
            .iter()
            .map(|g| format!("{} {}", g.grade, points_label(g.min)))
            .collect::<Vec<_>>()
            .join("\n"),
    }
}

/// The system the editor describes, read the same way as the shipped Markdown.
fn edited_system(
    name: &str,
    rows: &[[String; 5]],
    vetoes: &str,
    grades: &str,
) -> std::result::Result<crate::domain::evaluation::IndicatorSystem, String> {
    let mut md = String::new();
    for (k, r) in rows.iter().enumerate() {
        if r.iter().any(|c| c.contains('|')) {
            return Err(format!("第 {} 行含有“|”，请删去", k + 1));
        }
        if r[2].trim().is_empty() {
            continue;
        }
        md.push_str(&format!(
            "| {} | {} | {} | {} | {} |\n",
            r[0], r[1], r[2], r[3], r[4]
        ));
    }
    md.push_str("\n## 一票否决\n");
    for v in vetoes.lines().filter(|v| !v.trim().is_empty()) {
        md.push_str(&format!("- {}\n", v.trim()));
    }
    md.push_str("\n## 等次\n");
    for g in grades.lines().filter(|g| !g.trim().is_empty()) {
        let (grade, min) = g
            .trim()
            .rsplit_once(char::is_whitespace)
            .ok_or_else(|| format!("等次“{}”应写成“优秀 90”", g.trim()))?;
        md.push_str(&format!("| {} | {} |\n", grade.trim(), min.trim()));
    }
    crate::domain::evaluation::parse_system(name.trim(), &md)
}

/// A dialog of the panel, with the evaluation it acts on and the indicator systems.
pub struct EvalForm {
    pub dialog: Dialog,
    /// The selected evaluation (id, unit) when it opened.
    current: Option<(i64, OrgId)>,
    systems: Vec<SystemVersion>,
}

impl EvalForm {
    pub fn new(dialog: Dialog, st: &super::EvaluationState) -> EvalForm {
        EvalForm {
            dialog,
            current: st.current().map(|c| (c.id, c.org)),
            systems: st.systems.clone(),
        }
    }
}

impl Form for EvalForm {
    fn title(&self) -> String {
        match &self.dialog {
            Dialog::Start { .. } => "新建评估",
            Dialog::Reduce { .. } => "核减编制（评估结果运用）",
            Dialog::Rectify { .. } => "新增整改事项",
            Dialog::Suggest { .. } => "记录政策建议",
            Dialog::Report { .. } => "已上会",
            Dialog::Reopen { .. } => "重新打开评估",
            Dialog::Edit { .. } => "编辑指标体系（保存为新版本）",
        }
        .to_string()
    }

    /// The indicator editor is a table.
    fn max_width(&self) -> f32 {
        if matches!(self.dialog, Dialog::Edit { .. }) {
            1100.0
        } else {
            560.0
        }
    }

    fn fields(&mut self, ui: &mut egui::Ui, cx: &Cx, _out: &mut Commands, _close: &mut Closer) {
        let orgs = cx.orgs;
        match &mut self.dialog {
            Dialog::Start {
                year,
                system,
                chosen,
                pick,
                ..
            } => {
                text_row(ui, "年度", year, "");
                let l = ui.label("指标体系");
                let label = |s: &SystemVersion| format!("{} 第 {} 版", s.system.name, s.version);
                let text = self
                    .systems
                    .iter()
                    .find(|s| s.id == *system)
                    .map(label)
                    .unwrap_or_default();
                egui::ComboBox::from_id_salt("eval_system")
                    .selected_text(text)
                    .show_ui(ui, |ui| {
                        for s in &self.systems {
                            ui.selectable_value(system, s.id, label(s));
                        }
                    })
                    .response
                    .labelled_by(l.id);
                ui.end_row();
                org_combo(ui, "单位", pick, orgs);
                if let Some(o) = pick.take()
                    && !chosen.contains(&o)
                {
                    chosen.push(o);
                }
                ui.label("已选");
                ui.vertical(|ui| {
                    let mut remove = None;
                    for o in chosen.iter() {
                        ui.horizontal(|ui| {
                            ui.label(
                                orgs.iter()
                                    .find(|x| x.id == *o)
                                    .map_or("", |x| x.name.as_str()),
                            );
                            if ui.small_button("移除").clicked() {
                                remove = Some(*o);
                            }
                        });
                    }
                    if let Some(r) = remove {
                        chosen.retain(|o| *o != r);
                    }
                    if chosen.is_empty() {
                        ui.weak("在上面的单位中逐个选择");
                    }
                });
                ui.end_row();
            }
            Dialog::Reduce {
                post_type,
                count,
                doc_no,
                date,
                ..
            } => {
                choice_row(ui, "编制类型", post_type, PostType::ALL, PostType::label);
                text_row(ui, "数量（名）", count, "");
                doc_no_row(ui, doc_no, date, "如 石编〔2026〕12号");
                text_row(ui, "日期", date, "YYYY-MM-DD");
            }
            Dialog::Rectify {
                description,
                owner,
                deadline,
                ..
            } => {
                text_row(ui, "整改事项", description, "");
                text_row(ui, "责任人", owner, "");
                text_row(ui, "整改期限", deadline, "YYYY-MM-DD");
            }
            Dialog::Suggest { text, date, .. } => {
                text_row(ui, "政策建议", text, "");
                text_row(ui, "日期", date, "YYYY-MM-DD");
            }
            Dialog::Report { date, .. } => {
                text_row(ui, "编委会汇报日期", date, "YYYY-MM-DD");
            }
            Dialog::Reopen { reason } => {
                ui.label("");
                ui.weak(
                    "反馈时留存的得分、等次和排名将作废，评估回到“评估中”，按当前数据重新计算；\
                     再次反馈时重新留存。理由记入操作日志。",
                );
                ui.end_row();
                text_row(
                    ui,
                    "重新打开的理由",
                    reason,
                    "如 单位提出异议，经复核需更正",
                );
            }
            Dialog::Edit {
                name,
                rows,
                vetoes,
                grades,
                ..
            } => edit_fields(ui, name, rows, vetoes, grades),
        }
    }

    fn submit(&mut self, store: &mut Store) -> Result<Done, String> {
        submit(&mut self.dialog, self.current, store).map(Done::from)
    }

    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

fn submit(
    d: &mut Dialog,
    current: Option<(i64, OrgId)>,
    store: &mut Store,
) -> Result<String, String> {
    let e = |e: crate::store::StoreError| e.to_string();
    let need = || current.ok_or_else(|| "请先选择一项评估".to_string());
    match d {
        Dialog::Start {
            year,
            system,
            chosen,
            ..
        } => {
            let year: i32 = year
                .trim()
                .parse()
                .map_err(|_| format!("年度“{year}”不是整数"))?;
            let system = *system;
            let ids = store.start_evaluations(system, year, chosen).map_err(e)?;
            Ok(format!("已新建 {} 个单位的 {year} 年评估", ids.len()))
        }
        Dialog::Reduce {
            post_type,
            count,
            doc_no,
            date,
            ..
        } => {
            let (id, _) = need()?;
            let n: i64 = count
                .trim()
                .parse()
                .map_err(|_| format!("数量“{count}”不是整数"))?;
            let date = parse_date(date)?;
            store
                .reduce_for_evaluation(id, *post_type, n, doc_no, date)
                .map_err(e)?;
            Ok(format!(
                "已核减 {}{n} 名（{}）",
                post_type.label(),
                doc_no.trim()
            ))
        }
        Dialog::Rectify {
            description,
            owner,
            deadline,
            ..
        } => {
            let (id, org) = need()?;
            let deadline = parse_date(deadline)?;
            store
                .add_rectification(org, Some(id), description, owner, deadline)
                .map_err(e)?;
            Ok("已新增整改事项".to_string())
        }
        Dialog::Suggest { text, date, .. } => {
            let (id, _) = need()?;
            let date = parse_date(date)?;
            store.add_policy_suggestion(id, text, date).map_err(e)?;
            Ok("已记录政策建议".to_string())
        }
        Dialog::Edit {
            name,
            rows,
            vetoes,
            grades,
            ..
        } => {
            let system = edited_system(name, rows, vetoes, grades)?;
            store.save_system(&system).map_err(e)?;
            Ok(format!("已保存指标体系“{}”的新版本", system.name))
        }
        Dialog::Report { date, .. } => {
            let (id, _) = need()?;
            let date = parse_date(date)?;
            store
                .set_evaluation_state(id, EvalState::Reported, Some(date), crate::clock::today())
                .map_err(e)?;
            Ok("已上会".to_string())
        }
        Dialog::Reopen { reason } => {
            let (id, _) = need()?;
            store.reopen_evaluation(id, reason).map_err(e)?;
            Ok("已重新打开评估".to_string())
        }
    }
}

/// The editor's fields: the name, one row per item, vetoes and grade bands.
fn edit_fields(
    ui: &mut egui::Ui,
    name: &mut String,
    rows: &mut Vec<[String; 5]>,
    vetoes: &mut String,
    grades: &mut String,
) {
    text_row(ui, "名称", name, "");
    ui.label("指标");
    ui.vertical(|ui| {
        ui.weak(
            "方法：手工打分 / 每起扣分 分数 / 达标计分 目标 步长 每步扣分 高或低；自动取数的项目后加“自动:来源”（超编、空编率、逾期未整改、周转编制逾期、超职数、35岁以下占比、本科以上占比）",
        );
        egui::ScrollArea::vertical()
            .max_height(320.0)
            .show(ui, |ui| {
                egui::Grid::new("edit_items").striped(true).show(ui, |ui| {
                    for h in ["主题", "维度", "指标", "分值", "方法", ""] {
                        ui.strong(h);
                    }
                    ui.end_row();
                    let mut remove = None;
                    for (k, r) in rows.iter_mut().enumerate() {
                        // Whole texts: long names wrap instead of being cut.
                        for (c, width) in [100.0, 110.0, 280.0, 40.0, 250.0].iter().enumerate() {
                            ui.add(
                                egui::TextEdit::multiline(&mut r[c])
                                    .desired_rows(1)
                                    .desired_width(*width),
                            )
                            .on_hover_text(format!("第 {} 项", k + 1));
                        }
                        if ui.small_button("删除").clicked() {
                            remove = Some(k);
                        }
                        ui.end_row();
                    }
                    if let Some(k) = remove {
                        rows.remove(k);
                    }
                });
            });
        if ui.button("增加一项").clicked() {
            let last = rows.last().cloned().unwrap_or_default();
            rows.push([
                last[0].clone(),
                last[1].clone(),
                String::new(),
                "1".into(),
                "手工打分".into(),
            ]);
        }
    });
    ui.end_row();
    let l = ui.label("一票否决（每行一项）");
    ui.add(
        egui::TextEdit::multiline(vetoes)
            .desired_rows(3)
            .desired_width(480.0),
    )
    .labelled_by(l.id);
    ui.end_row();
    let l = ui.label("等次（每行：等次 最低分）");
    ui.add(
        egui::TextEdit::multiline(grades)
            .desired_rows(4)
            .desired_width(480.0),
    )
    .labelled_by(l.id);
    ui.end_row();
}
