//! 评估: the evaluation ledger, a unit's scoring form grouped by theme and dimension (auto
//! items with their figures, overrides with a note, evidence and source), vetoes, total,
//! grade and rank, and the results: 核减, rectification items, policy suggestions, the
//! feedback report.

use super::Workspace;
use super::actions::{org_combo, parse_date, text_row};
use crate::clock;
use crate::domain::evaluation::{method_label, points_label};
use crate::domain::{Org, OrgId, PostType};
use crate::store::applications::Rectification;
use crate::store::evaluations::{EvalState, Evaluation, SOURCES, SystemVersion};
use crate::store::{Result, Store};
use chrono::{Datelike, NaiveDate};
use egui::{Color32, RichText};

const RED: Color32 = Color32::from_rgb(200, 30, 30);

/// What the clerk is typing on one line of the form.
#[derive(Debug, Clone, Default)]
pub struct LineEdit {
    pub input: String,
    pub note: String,
    pub evidence: String,
    pub source: String,
}

pub struct EvaluationState {
    pub systems: Vec<SystemVersion>,
    pub ledger: Vec<Evaluation>,
    pub selected: Option<i64>,
    pub form: Vec<LineEdit>,
    /// Veto notes being typed (ticked when `Some`).
    pub vetoes: Vec<Option<String>>,
    pub rectifications: Vec<Rectification>,
    pub suggestions: Vec<(String, String)>,
    pub dialog: Option<Dialog>,
    pub error: Option<String>,
}

pub enum Dialog {
    Start {
        year: String,
        /// The indicator system version to score with.
        system: i64,
        chosen: Vec<OrgId>,
        pick: Option<OrgId>,
        error: Option<String>,
    },
    Reduce {
        post_type: PostType,
        count: String,
        doc_no: String,
        date: String,
        error: Option<String>,
    },
    Rectify {
        description: String,
        owner: String,
        deadline: String,
        error: Option<String>,
    },
    Suggest {
        text: String,
        date: String,
        error: Option<String>,
    },
    Report {
        date: String,
        error: Option<String>,
    },
    /// Editing the indicator system: one text row per item, saved as a new version.
    Edit {
        name: String,
        rows: Vec<[String; 5]>,
        vetoes: String,
        grades: String,
        error: Option<String>,
    },
}

/// The editor's rows from a system: 主题, 维度, 指标, 分值, 方法.
fn edit_dialog(system: &crate::domain::evaluation::IndicatorSystem) -> Dialog {
    use crate::domain::evaluation::method_text;
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
                    method_text(i.method, i.auto),
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
        error: None,
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

impl EvaluationState {
    pub fn load(store: &Store) -> Result<EvaluationState> {
        let mut s = EvaluationState {
            systems: Vec::new(),
            ledger: Vec::new(),
            selected: None,
            form: Vec::new(),
            vetoes: Vec::new(),
            rectifications: Vec::new(),
            suggestions: Vec::new(),
            dialog: None,
            error: None,
        };
        s.reload(store)?;
        Ok(s)
    }

    pub fn reload(&mut self, store: &Store) -> Result<()> {
        self.systems = store.indicator_systems()?;
        self.ledger = store.evaluations(clock::today())?;
        self.load_selected(store)
    }

    /// Fills the form from the selected evaluation.
    fn load_selected(&mut self, store: &Store) -> Result<()> {
        let Some(e) = self.current().cloned() else {
            self.form.clear();
            self.vetoes.clear();
            self.rectifications.clear();
            self.suggestions.clear();
            return Ok(());
        };
        self.form = e
            .lines
            .iter()
            .map(|l| LineEdit {
                // Hand scores are points (kept in tenths); other inputs are counts or values.
                input: l
                    .input
                    .map(|i| match l.item.method {
                        crate::domain::evaluation::Method::Manual => points_label(i),
                        _ => i.to_string(),
                    })
                    .unwrap_or_default(),
                note: l.note.clone(),
                evidence: l.evidence.clone(),
                source: l.source.clone(),
            })
            .collect();
        self.vetoes = e.vetoes.iter().map(|(_, n)| n.clone()).collect();
        let (id, org) = (e.id, e.org);
        self.rectifications = store
            .rectifications(Some(org))?
            .into_iter()
            .filter(|r| r.evaluation == Some(id))
            .collect();
        self.suggestions = store.policy_suggestions(id)?;
        Ok(())
    }

    pub fn current(&self) -> Option<&Evaluation> {
        self.selected
            .and_then(|id| self.ledger.iter().find(|e| e.id == id))
    }
}

/// Saves the form in one transaction. Returns the message.
fn save_form(st: &EvaluationState, store: &mut Store) -> std::result::Result<String, String> {
    let e = st.current().ok_or("请先选择一项评估")?;
    let id = e.id;
    let mut lines = Vec::new();
    for (k, (l, edit)) in e.lines.iter().zip(&st.form).enumerate() {
        let text = edit.input.trim();
        if text.is_empty() {
            continue;
        }
        let input: i64 = if l.item.method == crate::domain::evaluation::Method::Manual {
            crate::domain::evaluation::parse_points(text)
                .ok_or_else(|| format!("“{}”的得分“{text}”不是数", l.item.name))?
        } else {
            text.parse()
                .map_err(|_| format!("“{}”的数值“{text}”不是整数", l.item.name))?
        };
        let changed = l.input != Some(input)
            || l.note != edit.note.trim()
            || l.evidence != edit.evidence.trim()
            || l.source != edit.source;
        if changed {
            lines.push((k, input, edit.clone()));
        }
    }
    let vetoes: Vec<(usize, Option<String>)> = st.vetoes.iter().cloned().enumerate().collect();
    let day = clock::today();
    store
        .write(|tx| {
            for (k, input, edit) in &lines {
                tx.set_score(
                    id,
                    *k,
                    *input,
                    &edit.note,
                    &edit.evidence,
                    &edit.source,
                    day,
                )?;
            }
            for (k, note) in &vetoes {
                tx.set_veto(id, *k, note.as_deref())?;
            }
            Ok(())
        })
        .map_err(|e| e.to_string())?;
    Ok(format!("已保存评分（{} 项）", lines.len()))
}

/// The panel. Returns messages for the status toasts (text, is error).
pub fn show(ui: &mut egui::Ui, w: &mut Workspace) -> Vec<(String, bool)> {
    let mut messages = Vec::new();
    let mut reload = false;
    let orgs = w.registry.orgs.clone();
    let day = clock::today();
    let st = &mut w.evaluation;
    let suggestions = w.store.policy_suggestion_count().unwrap_or(0);
    ui.horizontal(|ui| {
        ui.heading("评估");
        if let Some(s) = st.systems.first() {
            ui.label(format!(
                "指标体系：{} 第 {} 版（{} 项，满分 {}）",
                s.system.name,
                s.version,
                s.system.items.len(),
                points_label(s.system.max_total())
            ));
        }
        ui.label(format!("政策建议累计 {suggestions} 条"));
    });
    ui.horizontal(|ui| {
        if ui.button("新建评估…").clicked() {
            st.dialog = Some(Dialog::Start {
                year: day.year().to_string(),
                system: st.systems.first().map_or(0, |s| s.id),
                chosen: Vec::new(),
                pick: None,
                error: None,
            });
        }
        if ui.button("编辑指标体系…").clicked()
            && let Some(sys) = st.systems.first()
        {
            st.dialog = Some(edit_dialog(&sys.system));
        }
        if ui.button("导出指标体系 xlsx…").clicked()
            && let Some(s) = st.systems.first()
            && let Some(path) = rfd::FileDialog::new()
                .set_file_name(format!("{}第{}版.xlsx", s.system.name, s.version))
                .add_filter("Excel", &["xlsx"])
                .save_file()
        {
            match crate::export::write_indicator_system(&s.system, &path) {
                Ok(()) => messages.push((format!("已导出：{}", path.display()), false)),
                Err(e) => messages.push((e.to_string(), true)),
            }
        }
        if super::write_button(ui, egui::Button::new("导入指标体系…"))
            && let Some(path) = rfd::FileDialog::new()
                .add_filter("Excel", &["xlsx", "xls", "ods"])
                .pick_file()
        {
            let r = crate::import::read_indicator_system(&path)
                .map_err(|e| e.to_string())
                .and_then(|sys| {
                    w.store
                        .write(|tx| tx.save_system(&sys))
                        .map_err(|e| e.to_string())
                });
            match r {
                Ok(_) => {
                    messages.push(("已导入指标体系，保存为新版本".to_string(), false));
                    reload = true;
                }
                Err(e) => messages.push((e, true)),
            }
        }
    });
    ui.separator();
    // The evaluation ledger (评估台账).
    let mut select = None;
    egui::ScrollArea::vertical()
        .id_salt("eval_ledger")
        .max_height(180.0)
        .show(ui, |ui| {
            egui::Grid::new("eval_ledger_grid")
                .striped(true)
                .show(ui, |ui| {
                    for h in [
                        "年度",
                        "单位",
                        "指标体系",
                        "总分",
                        "等次",
                        "排名",
                        "状态",
                        "汇报日期",
                    ] {
                        ui.strong(h);
                    }
                    ui.end_row();
                    for e in &st.ledger {
                        ui.label(e.year.to_string());
                        if ui
                            .selectable_label(st.selected == Some(e.id), &e.org_name)
                            .clicked()
                        {
                            select = Some(e.id);
                        }
                        ui.label(format!("{} 第 {} 版", e.system_name, e.version));
                        ui.label(points_label(e.total));
                        ui.label(&e.grade);
                        ui.label(format!("{}/{}", e.rank, e.of));
                        ui.label(e.state.label());
                        ui.label(e.report_date.clone().unwrap_or_default());
                        ui.end_row();
                    }
                });
            if st.ledger.is_empty() {
                ui.weak("还没有评估。点“新建评估”选择年度和单位。");
            }
        });
    if let Some(id) = select {
        st.selected = Some(id);
        if let Err(e) = st.load_selected(&w.store) {
            messages.push((e.to_string(), true));
        }
    }
    ui.separator();
    if st.current().is_some() {
        egui::ScrollArea::vertical()
            .id_salt("eval_form")
            .show(ui, |ui| {
                if let Some(msg) = form(ui, st, &mut w.store, day) {
                    messages.push(msg);
                    reload = true;
                }
            });
    }
    if let Some(done) = show_dialog(ui.ctx(), st, &mut w.store, &orgs) {
        messages.push((done, false));
        reload = true;
    }
    if reload && let Err(e) = w.refresh() {
        messages.push((e, true));
    }
    messages
}

/// The scoring form and the results of the selected evaluation.
fn form(
    ui: &mut egui::Ui,
    st: &mut EvaluationState,
    store: &mut Store,
    day: NaiveDate,
) -> Option<(String, bool)> {
    let e = st.current()?.clone();
    let mut out = None;
    ui.horizontal(|ui| {
        ui.heading(format!("{} {} 年", e.org_name, e.year));
        ui.label(
            RichText::new(format!(
                "总分 {}，{}，第 {}/{} 名",
                points_label(e.total),
                e.grade,
                e.rank,
                e.of
            ))
            .strong(),
        );
        ui.label(e.state.label());
    });
    if let Some(err) = &st.error {
        ui.colored_label(RED, err);
    }
    ui.horizontal(|ui| {
        if super::write_button(ui, egui::Button::new("保存评分")) {
            match save_form(st, store) {
                Ok(m) => {
                    st.error = None;
                    out = Some((m, false));
                }
                Err(m) => st.error = Some(m),
            }
        }
        if e.state == EvalState::Evaluating
            && super::write_button(ui, egui::Button::new("标记已反馈"))
        {
            match store.write(|tx| tx.set_evaluation_state(e.id, EvalState::FedBack, None)) {
                Ok(()) => out = Some(("已反馈".to_string(), false)),
                Err(err) => out = Some((err.to_string(), true)),
            }
        }
        if e.state != EvalState::Reported && ui.button("已上会…").clicked() {
            st.dialog = Some(Dialog::Report {
                date: day.to_string(),
                error: None,
            });
        }
        if ui.button("导出反馈报告…").clicked()
            && let Some(path) = rfd::FileDialog::new()
                .set_file_name(format!("{}{}年评估反馈.xlsx", e.org_name, e.year))
                .add_filter("Excel", &["xlsx"])
                .save_file()
        {
            out = Some(
                match crate::export::write_feedback_report(&e, &st.rectifications, day, &path) {
                    Ok(()) => (format!("已导出：{}", path.display()), false),
                    Err(err) => (err.to_string(), true),
                },
            );
        }
    });
    let mut theme = "";
    let mut dimension = "";
    egui::Grid::new("score_form").striped(true).show(ui, |ui| {
        for h in [
            "指标",
            "分值",
            "方法",
            "自动数据",
            "填写",
            "得分",
            "说明",
            "依据",
            "来源",
        ] {
            ui.strong(h);
        }
        ui.end_row();
        for (k, (l, edit)) in e.lines.iter().zip(st.form.iter_mut()).enumerate() {
            if l.item.theme != theme || l.item.dimension != dimension {
                theme = &l.item.theme;
                dimension = &l.item.dimension;
                ui.label(RichText::new(format!("{theme} · {dimension}")).strong());
                ui.end_row();
            }
            ui.label(&l.item.name);
            ui.label(points_label(l.item.max));
            ui.label(method_label(l.item.method));
            match &l.auto {
                Some(a) => ui.label(&a.text),
                None => ui.label(""),
            };
            ui.add(egui::TextEdit::singleline(&mut edit.input).desired_width(48.0))
                .on_hover_text(format!("{}：填写", l.item.name));
            ui.label(points_label(l.score));
            ui.add(egui::TextEdit::singleline(&mut edit.note).desired_width(120.0))
                .on_hover_text(format!("{}：说明", l.item.name));
            ui.add(egui::TextEdit::singleline(&mut edit.evidence).desired_width(120.0))
                .on_hover_text(format!("{}：依据", l.item.name));
            let name = format!("{}：来源", l.item.name);
            egui::ComboBox::from_id_salt(("source", k))
                .selected_text(edit.source.as_str())
                .width(90.0)
                .show_ui(ui, |ui| {
                    for s in SOURCES {
                        ui.selectable_value(&mut edit.source, s.to_string(), s);
                    }
                })
                .response
                .widget_info(|| {
                    egui::WidgetInfo::labeled(egui::accesskit::Role::ComboBox, true, &name)
                });
            ui.end_row();
        }
    });
    ui.add_space(4.0);
    ui.strong("一票否决");
    for ((name, _), v) in e.vetoes.iter().zip(st.vetoes.iter_mut()) {
        ui.horizontal(|ui| {
            let mut ticked = v.is_some();
            if ui.checkbox(&mut ticked, name).changed() {
                *v = ticked.then(String::new);
            }
            if let Some(note) = v {
                ui.add(egui::TextEdit::singleline(note).hint_text("事实依据"));
            }
        });
    }
    ui.add_space(6.0);
    ui.strong("结果运用");
    ui.horizontal(|ui| {
        if ui.button("核减编制…").clicked() {
            st.dialog = Some(Dialog::Reduce {
                post_type: PostType::Administrative,
                count: "1".into(),
                doc_no: String::new(),
                date: day.to_string(),
                error: None,
            });
        }
        if ui.button("新增整改事项…").clicked() {
            st.dialog = Some(Dialog::Rectify {
                description: String::new(),
                owner: String::new(),
                deadline: String::new(),
                error: None,
            });
        }
        if ui.button("记录政策建议…").clicked() {
            st.dialog = Some(Dialog::Suggest {
                text: String::new(),
                date: day.to_string(),
                error: None,
            });
        }
    });
    egui::Grid::new("rectifications")
        .striped(true)
        .show(ui, |ui| {
            for h in ["整改事项", "责任人", "期限", "状态", ""] {
                ui.strong(h);
            }
            ui.end_row();
            for r in &st.rectifications {
                ui.label(&r.description);
                ui.label(&r.owner);
                ui.label(&r.deadline);
                let label = r.label(day);
                if label == "逾期" {
                    ui.colored_label(RED, label);
                } else {
                    ui.label(label);
                }
                ui.horizontal(|ui| {
                    for (state, text) in [("in_progress", "整改中"), ("done", "已整改")] {
                        if r.state != state
                            && r.state != "done"
                            && super::write_button(ui, egui::Button::new(text).small())
                        {
                            out = Some(
                                match store.write(|tx| tx.set_rectification_state(r.id, state, day))
                                {
                                    Ok(()) => (format!("整改事项：{text}"), false),
                                    Err(err) => (err.to_string(), true),
                                },
                            );
                        }
                    }
                });
                ui.end_row();
            }
        });
    for (text, date) in &st.suggestions {
        ui.label(format!("政策建议（{date}）：{text}"));
    }
    out
}

fn submit(
    d: &mut Dialog,
    st: &EvaluationState,
    store: &mut Store,
) -> std::result::Result<String, String> {
    let e = |e: crate::store::StoreError| e.to_string();
    let current = st.current().map(|c| (c.id, c.org));
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
            let ids = store
                .write(|tx| tx.start_evaluations(system, year, chosen))
                .map_err(e)?;
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
                .write(|tx| tx.reduce_for_evaluation(id, *post_type, n, doc_no, date))
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
                .write(|tx| tx.add_rectification(org, Some(id), description, owner, deadline))
                .map_err(e)?;
            Ok("已新增整改事项".to_string())
        }
        Dialog::Suggest { text, date, .. } => {
            let (id, _) = need()?;
            let date = parse_date(date)?;
            store
                .write(|tx| tx.add_policy_suggestion(id, text, date))
                .map_err(e)?;
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
            store.write(|tx| tx.save_system(&system)).map_err(e)?;
            Ok(format!("已保存指标体系“{}”的新版本", system.name))
        }
        Dialog::Report { date, .. } => {
            let (id, _) = need()?;
            let date = parse_date(date)?;
            store
                .write(|tx| tx.set_evaluation_state(id, EvalState::Reported, Some(date)))
                .map_err(e)?;
            Ok("已上会".to_string())
        }
    }
}

fn error_slot(d: &mut Dialog) -> &mut Option<String> {
    match d {
        Dialog::Start { error, .. }
        | Dialog::Reduce { error, .. }
        | Dialog::Rectify { error, .. }
        | Dialog::Suggest { error, .. }
        | Dialog::Report { error, .. }
        | Dialog::Edit { error, .. } => error,
    }
}

fn show_dialog(
    ctx: &egui::Context,
    st: &mut EvaluationState,
    store: &mut Store,
    orgs: &[Org],
) -> Option<String> {
    let mut dialog = st.dialog.take()?;
    let systems = st.systems.clone();
    let title = match &dialog {
        Dialog::Start { .. } => "新建评估",
        Dialog::Reduce { .. } => "核减编制（评估结果运用）",
        Dialog::Rectify { .. } => "新增整改事项",
        Dialog::Suggest { .. } => "记录政策建议",
        Dialog::Report { .. } => "已上会",
        Dialog::Edit { .. } => "编辑指标体系（保存为新版本）",
    };
    let error = error_slot(&mut dialog).clone();
    let (confirm, close) =
        super::dialog(
            ctx,
            title,
            "eval_dialog",
            error.as_deref(),
            |ui| match &mut dialog {
                Dialog::Start {
                    year,
                    system,
                    chosen,
                    pick,
                    ..
                } => {
                    text_row(ui, "年度", year, "");
                    let l = ui.label("指标体系");
                    let label =
                        |s: &SystemVersion| format!("{} 第 {} 版", s.system.name, s.version);
                    let text = systems
                        .iter()
                        .find(|s| s.id == *system)
                        .map(label)
                        .unwrap_or_default();
                    egui::ComboBox::from_id_salt("eval_system")
                        .selected_text(text)
                        .show_ui(ui, |ui| {
                            for s in &systems {
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
                    let l = ui.label("编制类型");
                    egui::ComboBox::from_id_salt("eval_post_type")
                        .selected_text(post_type.label())
                        .show_ui(ui, |ui| {
                            for t in PostType::ALL {
                                ui.selectable_value(post_type, t, t.label());
                            }
                        })
                        .response
                        .labelled_by(l.id);
                    ui.end_row();
                    text_row(ui, "数量（名）", count, "");
                    text_row(ui, "文号", doc_no, "如 石编〔2026〕12号");
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
                Dialog::Edit {
                    name,
                    rows,
                    vetoes,
                    grades,
                    ..
                } => edit_fields(ui, name, rows, vetoes, grades),
            },
        );
    let mut done = None;
    if confirm {
        match submit(&mut dialog, st, store) {
            Ok(m) => done = Some(m),
            Err(e) => *error_slot(&mut dialog) = Some(e),
        }
    }
    if !close && done.is_none() {
        st.dialog = Some(dialog);
    }
    done
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
            "方法：manual / deduct 每起扣分 / threshold 目标 步长 每步扣分 高或低，可加 auto:来源",
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
                        for (c, width) in [110.0, 110.0, 240.0, 40.0, 200.0].iter().enumerate() {
                            ui.add(egui::TextEdit::singleline(&mut r[c]).desired_width(*width))
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
                "manual".into(),
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
