//! 核查与退休: lists from other departments held against the registry (rounds, their
//! findings and how each is settled, what a second round resolved, 整改通知书), and the
//! retirement horizon (who reaches statutory retirement when; 出编（退休） in one step).

mod dialogs;

use crate::domain::reconcile::{FindingCode, compare_rounds};
use crate::domain::retirement::{ForecastRow, Month, forecast};
use crate::export::reports::Report;
use crate::store::reconcile::{FindingState, KeptFinding, RetirementLine, Round};
use crate::store::{Kinds, Result, Store};
use crate::ui::panel::{Command, Commands, Cx, Nav, Panel};
use crate::ui::theme::{ERROR as RED, GOOD as GREEN, WARN as AMBER};
pub use dialogs::{ReconcileImportForm, RetireForm, RuleForm, SettleForm};
use egui::RichText;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Tab {
    #[default]
    Rounds,
    Retirements,
}

pub struct ReconcileState {
    /// Read when first shown (the horizon reads everyone old enough), and after a change.
    stale: bool,
    pub tab: Tab,
    pub rounds: Vec<Round>,
    pub selected: Option<i64>,
    /// The selected round's findings.
    pub findings: Vec<KeptFinding>,
    /// The previous round of the same source's findings (for what was resolved).
    pub previous: Option<(Round, Vec<KeptFinding>)>,
    pub horizon: Vec<RetirementLine>,
    /// The forecast per unit and post type, this year and the four after.
    pub forecast: Vec<ForecastRow>,
    /// The month whose people are retired together (出编（退休）for all of a month).
    pub month: Option<Month>,
    /// Which retirements are shown: None every one in the next five years, Some(0) those
    /// past it, Some(year) one year's.
    pub year: Option<i32>,
}

impl ReconcileState {
    pub fn load(_store: &Store) -> Result<ReconcileState> {
        Ok(ReconcileState {
            stale: true,
            tab: Tab::default(),
            rounds: Vec::new(),
            selected: None,
            findings: Vec::new(),
            previous: None,
            horizon: Vec::new(),
            forecast: Vec::new(),
            month: None,
            year: None,
        })
    }

    fn reload(&mut self, store: &Store) -> Result<()> {
        self.rounds = store.rounds()?;
        if self
            .selected
            .is_none_or(|id| !self.rounds.iter().any(|r| r.id == id))
        {
            self.selected = self.rounds.first().map(|r| r.id);
        }
        self.load_round(store)?;
        self.horizon = store.retirement_horizon_until(Some(crate::clock::this_year() + 4))?;
        self.forecast = forecast(
            self.horizon
                .iter()
                .map(|l| (l.unit.as_str(), l.post_type, l.retires_in)),
            crate::clock::this_year(),
            5,
        );
        self.stale = false;
        Ok(())
    }

    fn load_round(&mut self, store: &Store) -> Result<()> {
        self.findings.clear();
        self.previous = None;
        let Some(id) = self.selected else {
            return Ok(());
        };
        self.findings = store.findings(Some(id), None)?;
        let this = self.rounds.iter().find(|r| r.id == id);
        let earlier = this.and_then(|t| {
            self.rounds
                .iter()
                .find(|r| r.source == t.source && r.id < t.id)
        });
        if let Some(e) = earlier {
            self.previous = Some((e.clone(), store.findings(Some(e.id), None)?));
        }
        Ok(())
    }

    /// People whose retirement month is this year (to the end of it) and those past it.
    pub fn due_this_year(&self) -> (Vec<&RetirementLine>, Vec<&RetirementLine>) {
        let today = crate::clock::today();
        let now = Month::of(today);
        let year = crate::clock::this_year();
        let past = self.horizon.iter().filter(|l| l.retires_in < now).collect();
        let this_year = self
            .horizon
            .iter()
            .filter(|l| l.retires_in >= now && l.retires_in.year == year)
            .collect();
        (this_year, past)
    }
}

impl Panel for ReconcileState {
    fn nav(&self) -> Nav {
        Nav::Reconcile
    }

    fn reads(&self) -> Kinds {
        Kinds::PEOPLE
            .union(Kinds::UNITS)
            .union(Kinds::EVALUATIONS)
            .union(Kinds::APPLICATIONS)
    }

    fn reload(&mut self, store: &Store) -> Result<()> {
        ReconcileState::reload(self, store)
    }

    fn select(&mut self, store: &Store, id: i64) -> Result<()> {
        self.tab = Tab::Rounds;
        if self.stale {
            ReconcileState::reload(self, store)?;
        }
        self.selected = Some(id);
        self.load_round(store)
    }

    fn show(&mut self, ui: &mut egui::Ui, cx: &Cx, out: &mut Commands) {
        if self.stale
            && let Err(e) = ReconcileState::reload(self, cx.store)
        {
            out.error(e);
        }
        ui.horizontal(|ui| {
            ui.heading("核查与退休");
            ui.add_space(16.0);
            ui.selectable_value(&mut self.tab, Tab::Rounds, "核查（人、卡、账、网）");
            ui.selectable_value(&mut self.tab, Tab::Retirements, "退休预测");
        });
        ui.separator();
        match self.tab {
            Tab::Rounds => rounds(self, ui, cx, out),
            Tab::Retirements => retirements(self, ui, cx, out),
        }
    }
}

fn rounds(st: &mut ReconcileState, ui: &mut egui::Ui, cx: &Cx, out: &mut Commands) {
    ui.horizontal(|ui| {
        if cx.can_write && ui.button("导入名单核查…").clicked() {
            out.open(ReconcileImportForm::new());
        }
        if ui.button("导出核查问题台账").clicked() {
            out.push(Command::Export {
                report: Report::Findings,
                year: None,
                org: None,
            });
        }
        ui.label(
            RichText::new("名单来自财政（工资统发）、人社（在编、退休审批）、组织部（干部任免），只比对，不改动在册数据。")
                .weak(),
        );
    });
    if st.rounds.is_empty() {
        ui.add_space(12.0);
        ui.label("还没有核查批次。点“导入名单核查…”，选择名单来源和 Excel 文件：先看比对结果，确认后记录为一个核查批次。");
        return;
    }
    ui.add_space(4.0);
    let mut chosen = None;
    egui::ScrollArea::vertical()
        .id_salt("rounds")
        .max_height(110.0)
        .auto_shrink([false, true])
        .show(ui, |ui| {
            for r in &st.rounds {
                let text = format!(
                    "{}　{}　{}　名单 {} 行，对上 {} 人",
                    r.held_on,
                    r.source.label(),
                    r.file_name,
                    r.list_rows,
                    r.matched
                );
                if ui
                    .selectable_label(st.selected == Some(r.id), text)
                    .clicked()
                {
                    chosen = Some(r.id);
                }
            }
        });
    if let Some(id) = chosen {
        st.selected = Some(id);
        if let Err(e) = st.load_round(cx.store) {
            out.error(e);
        }
    }
    ui.separator();
    let Some(round) = st
        .selected
        .and_then(|id| st.rounds.iter().find(|r| r.id == id))
        .cloned()
    else {
        return;
    };
    let source = round.source;
    // Counts by kind, then what changed since the previous round of the same list.
    let mut counts: Vec<(FindingCode, usize, usize)> = Vec::new();
    for f in &st.findings {
        match counts.iter_mut().find(|(c, _, _)| *c == f.finding.code) {
            Some(c) => {
                c.1 += 1;
                c.2 += usize::from(!f.cleared());
            }
            None => counts.push((f.finding.code, 1, usize::from(!f.cleared()))),
        }
    }
    counts.sort();
    ui.horizontal_wrapped(|ui| {
        ui.strong(format!("问题 {} 条：", st.findings.len()));
        for (c, n, open) in &counts {
            ui.label(format!("{} {n}（未销号 {open}）", c.label(source)));
        }
    });
    if let Some((prev, before)) = &st.previous {
        let earlier: Vec<_> = before.iter().map(|f| f.finding.clone()).collect();
        let later: Vec<_> = st.findings.iter().map(|f| f.finding.clone()).collect();
        let (still, new, resolved) = compare_rounds(&earlier, &later);
        ui.horizontal(|ui| {
            ui.label(format!(
                "较上次（{}）：已解决 {} 条，新增 {} 条，仍存在 {} 条",
                prev.held_on,
                resolved.len(),
                new.len(),
                still.len()
            ));
        });
        if !resolved.is_empty() {
            egui::CollapsingHeader::new(format!("上次以来已解决的 {} 条", resolved.len()))
                .id_salt("resolved")
                .show(ui, |ui| {
                    for f in resolved {
                        ui.colored_label(
                            GREEN,
                            format!(
                                "{}：{} {}（{}）",
                                f.code.label(source),
                                f.unit,
                                f.name,
                                f.detail
                            ),
                        );
                    }
                });
        }
    }
    ui.add_space(4.0);
    findings_table(st, ui, cx, out);
}

fn findings_table(st: &ReconcileState, ui: &mut egui::Ui, cx: &Cx, out: &mut Commands) {
    use egui_extras::{Column, TableBuilder};
    let source = st
        .rounds
        .iter()
        .find(|r| Some(r.id) == st.selected)
        .map(|r| r.source);
    let Some(source) = source else { return };
    let height = ui.available_height();
    TableBuilder::new(ui)
        .id_salt("findings")
        .striped(true)
        .resizable(true)
        .max_scroll_height(height)
        .column(Column::initial(140.0).at_least(80.0))
        .column(Column::initial(120.0).at_least(80.0))
        .column(Column::initial(70.0).at_least(50.0))
        .column(Column::initial(140.0).at_least(80.0))
        .column(Column::initial(260.0).at_least(120.0).clip(true))
        .column(Column::initial(110.0).at_least(80.0))
        .column(Column::remainder().at_least(200.0))
        .header(22.0, |mut h| {
            for t in ["单位", "问题", "姓名", "身份证号", "情况", "处理", ""] {
                h.col(|ui| {
                    ui.strong(t);
                });
            }
        })
        .body(|body| {
            body.rows(24.0, st.findings.len(), |mut row| {
                let f = &st.findings[row.index()];
                let unit = if f.finding.unit.is_empty() {
                    "（未对上单位）"
                } else {
                    f.finding.unit.as_str()
                };
                row.col(|ui| {
                    ui.label(unit);
                });
                row.col(|ui| {
                    ui.label(f.finding.code.label(source));
                });
                row.col(|ui| {
                    ui.label(&f.finding.name);
                });
                row.col(|ui| {
                    ui.label(crate::domain::id_number::mask(&f.finding.id_number));
                });
                row.col(|ui| {
                    ui.label(crate::domain::id_number::mask_in_text(&f.finding.detail))
                        .on_hover_text(crate::domain::id_number::mask_in_text(&f.finding.detail));
                });
                row.col(|ui| {
                    let (text, color) = state_text(f);
                    ui.colored_label(color, text)
                        .on_hover_text(f.state_note.as_str());
                });
                row.col(|ui| {
                    if !cx.can_write {
                        return;
                    }
                    ui.horizontal(|ui| {
                        if f.state == FindingState::Open {
                            if ui.small_button("核实无误").clicked() {
                                let id = f.id;
                                out.write(move |s| {
                                    s.settle_finding(id, FindingState::Verified, "", None)
                                        .map(|()| Some("已标为核实无误".to_string()))
                                        .map_err(|e| e.to_string())
                                });
                            }
                            if ui.small_button("已说明…").clicked() {
                                out.open(SettleForm::new(f, FindingState::Explained));
                            }
                            if f.finding.org_id.is_some() && ui.small_button("需整改…").clicked()
                            {
                                out.open(SettleForm::new(f, FindingState::Rectify));
                            }
                        }
                        if let (FindingState::Rectify, Some(org)) = (f.state, f.finding.org_id)
                            && ui
                                .small_button("整改通知书")
                                .on_hover_text("出具（或重新打印）本单位的整改通知书")
                                .clicked()
                        {
                            let org = crate::domain::OrgId(org);
                            out.write(move |s| {
                                s.issue_rectification_notice(org)
                                    .map(|_| None)
                                    .map_err(|e| e.to_string())
                            });
                            out.push(Command::Export {
                                report: Report::RectificationNotice,
                                year: None,
                                org: Some(org),
                            });
                        }
                    });
                });
            });
        });
}

fn state_text(f: &KeptFinding) -> (String, egui::Color32) {
    match f.state {
        FindingState::Open => ("待处理".into(), RED),
        FindingState::Verified => ("核实无误".into(), GREEN),
        FindingState::Explained => ("已说明".into(), GREEN),
        FindingState::Rectify => {
            let done = f.rectification_state.as_deref() == Some("done");
            let notice = f
                .notice
                .as_deref()
                .map(|n| format!("，{n}"))
                .unwrap_or_default();
            if done {
                (format!("已整改{notice}"), GREEN)
            } else {
                (format!("整改中{notice}"), AMBER)
            }
        }
    }
}

fn retirements(st: &mut ReconcileState, ui: &mut egui::Ui, cx: &Cx, out: &mut Commands) {
    let year = crate::clock::this_year();
    let now = Month::of(crate::clock::today());
    let (this_year, past) = st.due_this_year();
    let (n_this, n_past) = (this_year.len(), past.len());
    ui.horizontal_wrapped(|ui| {
        if n_past > 0 {
            ui.colored_label(RED, format!("已到退休年龄仍在编 {n_past} 人"));
        }
        ui.colored_label(AMBER, format!("今年（{year}）到龄 {n_this} 人"));
        for y in year + 1..year + 5 {
            let n = st.horizon.iter().filter(|l| l.retires_in.year == y).count();
            ui.label(format!("{y} 年 {n} 人"));
        }
        if ui.button("导出退休预测").clicked() {
            out.push(Command::Export {
                report: Report::Retirements,
                year: None,
                org: None,
            });
        }
    });
    ui.label(
        RichText::new(
            "法定退休年龄按 2025 年 1 月 1 日起施行的渐进式延迟退休规定计算：男 60→63 岁，女干部 55→58 岁，\
             女工人（工勤编制或工勤岗位）50→55 岁；县处级女干部、高级职称女性可能适用 60 岁，请确认。",
        )
        .weak(),
    );
    ui.horizontal(|ui| {
        ui.label("显示：");
        ui.selectable_value(&mut st.year, None, "五年内全部");
        ui.selectable_value(&mut st.year, Some(0), "已到龄");
        for y in year..year + 5 {
            ui.selectable_value(&mut st.year, Some(y), format!("{y} 年"));
        }
        let due_now: Vec<&RetirementLine> =
            st.horizon.iter().filter(|l| l.retires_in <= now).collect();
        if cx.can_write && !due_now.is_empty() {
            if ui
                .button(format!("到龄人员全部退休出编…（{} 人）", due_now.len()))
                .clicked()
            {
                out.open(RetireForm::new(&due_now));
            }
            // All of one month.
            let mut months: Vec<Month> = due_now.iter().map(|l| l.retires_in).collect();
            months.dedup();
            months.reverse();
            if st.month.is_none_or(|m| !months.contains(&m)) {
                st.month = months.first().copied();
            }
            let l = ui.label("按月：");
            egui::ComboBox::from_id_salt("retire_month")
                .selected_text(st.month.map(|m| m.to_string()).unwrap_or_default())
                .show_ui(ui, |ui| {
                    for m in &months {
                        ui.selectable_value(&mut st.month, Some(*m), m.to_string());
                    }
                })
                .response
                .labelled_by(l.id);
            if let Some(m) = st.month {
                let of_month: Vec<&RetirementLine> = due_now
                    .iter()
                    .copied()
                    .filter(|l| l.retires_in == m)
                    .collect();
                if ui
                    .button(format!("该月全部退休出编…（{} 人）", of_month.len()))
                    .clicked()
                {
                    out.open(RetireForm::new(&of_month));
                }
            }
        }
    });
    egui::CollapsingHeader::new("按单位和编制类型汇总（今后五年）")
        .id_salt("retirement_forecast")
        .show(ui, |ui| {
            egui::ScrollArea::vertical()
                .id_salt("forecast_scroll")
                .max_height(220.0)
                .show(ui, |ui| {
                    egui::Grid::new("forecast_grid")
                        .striped(true)
                        .show(ui, |ui| {
                            ui.strong("单位");
                            ui.strong("编制类型");
                            ui.strong("此前到龄");
                            for y in year..year + 5 {
                                ui.strong(format!("{y}年"));
                            }
                            ui.strong("合计");
                            ui.end_row();
                            for r in &st.forecast {
                                ui.label(&r.unit);
                                ui.label(r.post_type.label());
                                ui.label(r.past.to_string());
                                for n in &r.by_year {
                                    ui.label(n.to_string());
                                }
                                ui.label(r.total().to_string());
                                ui.end_row();
                            }
                        });
                });
        });
    let shown: Vec<&RetirementLine> = st
        .horizon
        .iter()
        .filter(|l| match st.year {
            None => l.retires_in.year < year + 5,
            Some(0) => l.retires_in < now,
            Some(y) => l.retires_in.year == y,
        })
        .collect();
    use egui_extras::{Column, TableBuilder};
    let height = ui.available_height();
    TableBuilder::new(ui)
        .id_salt("retirements")
        .striped(true)
        .resizable(true)
        .max_scroll_height(height)
        .column(Column::initial(80.0))
        .column(Column::initial(160.0).at_least(80.0))
        .column(Column::initial(80.0))
        .column(Column::initial(130.0))
        .column(Column::initial(190.0))
        .column(Column::initial(200.0).clip(true))
        .column(Column::remainder().at_least(160.0))
        .header(22.0, |mut h| {
            for t in [
                "退休年月",
                "单位",
                "姓名",
                "编制类型",
                "适用规则",
                "备注",
                "",
            ] {
                h.col(|ui| {
                    ui.strong(t);
                });
            }
        })
        .body(|body| {
            body.rows(24.0, shown.len(), |mut row| {
                let l = shown[row.index()];
                row.col(|ui| {
                    let text = l.retires_in.to_string();
                    if l.retires_in < now {
                        ui.colored_label(RED, text);
                    } else {
                        ui.label(text);
                    }
                });
                row.col(|ui| {
                    ui.label(&l.unit);
                });
                row.col(|ui| {
                    ui.label(&l.name);
                });
                row.col(|ui| {
                    ui.label(l.post_type.label());
                });
                row.col(|ui| {
                    ui.label(l.rule.label());
                });
                row.col(|ui| {
                    if l.may_retire_at_60 {
                        ui.colored_label(AMBER, "县处级或高级职称，可能适用60岁");
                    } else if l.rule_confirmed {
                        ui.label("规则已确认");
                    }
                });
                row.col(|ui| {
                    if !cx.can_write {
                        return;
                    }
                    ui.horizontal(|ui| {
                        if l.retires_in <= now && ui.small_button("退休出编…").clicked() {
                            out.open(RetireForm::new(&[l]));
                        }
                        if ui.small_button("规则…").clicked() {
                            out.open(RuleForm::new(l));
                        }
                    });
                });
            });
        });
}
