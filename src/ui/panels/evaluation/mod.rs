//! 评估: the evaluation ledger, a unit's scoring form grouped by theme and dimension (auto
//! items with their figures, overrides with a note, evidence and source), vetoes, total,
//! grade and rank, and the results: 核减, rectification items, policy suggestions, the
//! feedback report.

mod dialogs;

use crate::clock;
use crate::domain::PostType;
use crate::domain::evaluation::{method_label, points_label};
use crate::store::applications::Rectification;
use crate::store::evaluations::{
    EvalState, Evaluation, Reopening, SOURCES, ScoreLine, SystemVersion,
};
use crate::store::{Kinds, Result, Store};
use crate::ui::panel::{Commands, Cx, Nav, Panel};
use crate::ui::theme::ERROR as RED;
use crate::ui::widgets::write_button;
use chrono::{Datelike, NaiveDate};
use dialogs::edit_dialog;
pub use dialogs::{Dialog, EvalForm};
use egui::RichText;

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
    /// The 重新打开 of the selected evaluation.
    pub reopenings: Vec<Reopening>,
    /// Policy suggestions recorded, all evaluations.
    pub suggestion_count: i64,
    /// Why 保存评分 was refused (what was typed is kept).
    pub error: Option<String>,
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
            reopenings: Vec::new(),
            suggestion_count: 0,
            error: None,
        };
        s.reload(store)?;
        Ok(s)
    }

    pub fn reload(&mut self, store: &Store) -> Result<()> {
        self.systems = store.indicator_systems()?;
        self.ledger = store.evaluations(clock::today())?;
        self.suggestion_count = store.policy_suggestion_count()?;
        self.load_selected(store)
    }

    /// Fills the form from the selected evaluation.
    fn load_selected(&mut self, store: &Store) -> Result<()> {
        let Some(e) = self.current().cloned() else {
            self.form.clear();
            self.vetoes.clear();
            self.rectifications.clear();
            self.suggestions.clear();
            self.reopenings.clear();
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
        self.reopenings = store.reopenings(id)?;
        Ok(())
    }

    pub fn current(&self) -> Option<&Evaluation> {
        self.selected
            .and_then(|id| self.ledger.iter().find(|e| e.id == id))
    }
}

impl Panel for EvaluationState {
    fn nav(&self) -> Nav {
        Nav::Evaluation
    }

    /// Automatic items read the whole county.
    fn reads(&self) -> Kinds {
        Kinds::UNITS
            | Kinds::PEOPLE
            | Kinds::LEDGER
            | Kinds::TOWNSHIPS
            | Kinds::TURNOVER
            | Kinds::APPLICATIONS
            | Kinds::EVALUATIONS
            | Kinds::SETTINGS
    }

    fn reload(&mut self, store: &Store) -> Result<()> {
        EvaluationState::reload(self, store)
    }

    fn show(&mut self, ui: &mut egui::Ui, cx: &Cx, out: &mut Commands) {
        show(self, ui, cx, out);
    }
}

/// What 保存评分 writes: the lines whose input changed, and every veto. Err: why the form
/// cannot be saved (said beside it; nothing written).
#[allow(clippy::type_complexity)]
fn scores_to_save(
    st: &EvaluationState,
) -> std::result::Result<(i64, Vec<ScoreLine>, Vec<(usize, Option<String>)>), String> {
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
            lines.push(ScoreLine {
                item: k,
                input,
                note: edit.note.clone(),
                evidence: edit.evidence.clone(),
                source: edit.source.clone(),
            });
        }
    }
    let vetoes: Vec<(usize, Option<String>)> = st.vetoes.iter().cloned().enumerate().collect();
    Ok((id, lines, vetoes))
}

fn show(st: &mut EvaluationState, ui: &mut egui::Ui, cx: &Cx, out: &mut Commands) {
    let day = clock::today();
    let suggestions = st.suggestion_count;
    let mut open: Option<Dialog> = None;
    ui.horizontal_wrapped(|ui| {
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
    ui.horizontal_wrapped(|ui| {
        if ui.button("新建评估…").clicked() {
            open = Some(Dialog::Start {
                year: day.year().to_string(),
                system: st.systems.first().map_or(0, |s| s.id),
                chosen: Vec::new(),
                pick: None,
            });
        }
        if ui.button("编辑指标体系…").clicked()
            && let Some(sys) = st.systems.first()
        {
            open = Some(edit_dialog(&sys.system));
        }
        if ui.button("导出指标体系 xlsx…").clicked()
            && let Some(s) = st.systems.first()
            && let Some(path) =
                crate::ui::widgets::save_xlsx(&format!("{}第{}版.xlsx", s.system.name, s.version))
        {
            let system = s.system.clone();
            out.start(
                "导出指标体系",
                move |_| match crate::export::write_indicator_system(&system, &path) {
                    Ok(()) => (format!("已导出：{}", path.display()), false),
                    Err(e) => (e.to_string(), true),
                },
            );
        }
        if write_button(ui, egui::Button::new("导入指标体系…"))
            && let Some(path) = rfd::FileDialog::new()
                .add_filter("Excel", &["xlsx", "xls", "ods"])
                .pick_file()
        {
            match crate::import::read_indicator_system(&path) {
                Ok(sys) => out.write(move |s| {
                    s.save_system(&sys)
                        .map(|_| Some("已导入指标体系，保存为新版本".to_string()))
                        .map_err(|e| e.to_string())
                }),
                Err(e) => out.error(e),
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
                        ui.label(e.state_label());
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
        if let Err(e) = st.load_selected(cx.store) {
            out.error(e);
        }
    }
    ui.separator();
    if st.current().is_some() {
        // Wider than a small screen: the form scrolls sideways too.
        egui::ScrollArea::both()
            .id_salt("eval_form")
            .show(ui, |ui| {
                form(ui, st, out, &mut open, day);
            });
    }
    if let Some(d) = open {
        out.open(EvalForm::new(d, st));
    }
}

/// The scoring form and the results of the selected evaluation.
fn form(
    ui: &mut egui::Ui,
    st: &mut EvaluationState,
    out: &mut Commands,
    open: &mut Option<Dialog>,
    day: NaiveDate,
) {
    let Some(e) = st.current().cloned() else {
        return;
    };
    ui.horizontal_wrapped(|ui| {
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
    let open_for_change = e.state == EvalState::Evaluating;
    if e.live {
        ui.label(
            RichText::new("实时数据：自动指标按今天的名册和台账计算，反馈前会随之变化")
                .color(crate::ui::theme::WARN),
        );
    } else {
        ui.label(format!(
            "已于 {} 留存：得分、自动数据、等次和排名按反馈时保存，不随名册变化；修改须先“重新打开”。",
            e.kept_on.as_deref().unwrap_or("反馈时")
        ));
    }
    for r in &st.reopenings {
        ui.weak(format!(
            "{} {} 重新打开（原为{}）：{}",
            r.entered_at,
            r.operator,
            r.prev_state.label(),
            r.reason
        ));
    }
    if let Some(err) = &st.error {
        ui.colored_label(RED, err);
    }
    ui.horizontal_wrapped(|ui| {
        if !open_for_change && write_button(ui, egui::Button::new("重新打开…")) {
            *open = Some(Dialog::Reopen {
                reason: String::new(),
            });
        }
        if open_for_change && write_button(ui, egui::Button::new("保存评分")) {
            match scores_to_save(st) {
                Ok((id, lines, vetoes)) => {
                    st.error = None;
                    out.write(move |s| {
                        s.save_scores(id, &lines, &vetoes, day)
                            .map(|()| Some(format!("已保存评分（{} 项）", lines.len())))
                            .map_err(|e| e.to_string())
                    });
                }
                Err(m) => st.error = Some(m),
            }
        }
        if e.state == EvalState::Evaluating && write_button(ui, egui::Button::new("标记已反馈"))
        {
            let id = e.id;
            out.write(move |s| {
                s.set_evaluation_state(id, EvalState::FedBack, None, day)
                    .map(|()| Some("已反馈".to_string()))
                    .map_err(|e| e.to_string())
            });
        }
        if e.state != EvalState::Reported && ui.button("已上会…").clicked() {
            *open = Some(Dialog::Report {
                date: day.to_string(),
            });
        }
        if ui.button("导出反馈报告…").clicked()
            && let Some(path) =
                crate::ui::widgets::save_xlsx(&format!("{}{}年评估反馈.xlsx", e.org_name, e.year))
        {
            let (e, rectifications) = (e.clone(), st.rectifications.clone());
            out.start("导出评估反馈报告", move |_| {
                match crate::export::write_feedback_report(&e, &rectifications, day, &path) {
                    Ok(()) => (format!("已导出：{}", path.display()), false),
                    Err(err) => (err.to_string(), true),
                }
            });
        }
    });
    ui.add_enabled_ui(open_for_change, |ui| scores(ui, st, &e));
    results(ui, st, out, open, day);
}

/// The scoring form: items by theme and dimension, and the vetoes (read-only once kept).
fn scores(ui: &mut egui::Ui, st: &mut EvaluationState, e: &Evaluation) {
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
                // 无数据: never a silent 0 — the clerk scores it by hand, with a note.
                Some(a) if a.no_data => ui
                    .colored_label(crate::ui::theme::WARN, "无数据：请手工填写并说明")
                    .on_hover_text(&a.text),
                // Long figures are cut (the whole text on hover) so that the form fits.
                Some(a) => ui
                    .add_sized([240.0, 18.0], egui::Label::new(&a.text).truncate())
                    .on_hover_text(&a.text),
                None => ui.label(""),
            };
            ui.add(egui::TextEdit::singleline(&mut edit.input).desired_width(48.0))
                .on_hover_text(format!("{}：填写", l.item.name));
            if l.awaits_manual_score() {
                ui.colored_label(crate::ui::theme::WARN, "待打分");
            } else {
                ui.label(points_label(l.score));
            }
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
}

/// The results applied: 核减, rectification items, policy suggestions.
fn results(
    ui: &mut egui::Ui,
    st: &EvaluationState,
    out: &mut Commands,
    open: &mut Option<Dialog>,
    day: NaiveDate,
) {
    ui.add_space(6.0);
    ui.strong("结果运用");
    ui.horizontal_wrapped(|ui| {
        if ui.button("核减编制…").clicked() {
            *open = Some(Dialog::Reduce {
                post_type: PostType::Administrative,
                count: "1".into(),
                doc_no: String::new(),
                date: day.to_string(),
            });
        }
        if ui.button("新增整改事项…").clicked() {
            *open = Some(Dialog::Rectify {
                description: String::new(),
                owner: String::new(),
                deadline: String::new(),
            });
        }
        if ui.button("记录政策建议…").clicked() {
            *open = Some(Dialog::Suggest {
                text: String::new(),
                date: day.to_string(),
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
                            && write_button(ui, egui::Button::new(text).small())
                        {
                            let id = r.id;
                            out.write(move |s| {
                                s.set_rectification_state(id, state, day)
                                    .map(|()| Some(format!("整改事项：{text}")))
                                    .map_err(|e| e.to_string())
                            });
                        }
                    }
                });
                ui.end_row();
            }
        });
    for (text, date) in &st.suggestions {
        ui.label(format!("政策建议（{date}）：{text}"));
    }
}
