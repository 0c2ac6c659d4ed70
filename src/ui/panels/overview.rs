//! 总览: county totals per post type, over-quota and over-leadership units (click through),
//! the central reserve and the pools, items needing action, and per-year charts with their
//! numbers one click away. The county can be shown as of any past date.

use crate::domain::application::AppState;
use crate::domain::turnover::Due;
use crate::domain::{OrgId, PostType};
use crate::stats::CountyStats;
use crate::store::evaluations::LeadershipExcess;
use crate::store::{Kinds, Store};
use crate::ui::panel::{Command, Commands, Cx, Nav, Panel};
use crate::ui::theme::{ERROR as RED, WARN as AMBER};
use chrono::NaiveDate;
use egui::{Color32, RichText};
use egui_plot::{Bar, BarChart, Plot};
use std::collections::BTreeMap;

pub struct OverviewState {
    /// The date typed for "as of"; empty for today.
    pub as_of_text: String,
    /// The county as of that date (None: today's).
    pub past: Option<CountyStats>,
    /// The year of the 统计年报 (文件 → 导出报表) and of the charts' highlight.
    pub year: i32,
    pub leadership: Vec<LeadershipExcess>,
    /// Units with no appointment recorded (超职数 无数据).
    pub leadership_no_data: usize,
    /// Items needing action, as of the day they were read.
    pub pending: Vec<Pending>,
    /// Evaluations per year (the chart).
    evaluations: BTreeMap<i32, i64>,
}

/// An item needing action: what and where, and the panel that deals with it.
pub struct Pending {
    pub text: String,
    pub color: Color32,
    pub nav: Nav,
    pub org: Option<OrgId>,
    /// Counted with others of its kind, listed on demand (waiting applications).
    pub grouped: bool,
}

impl OverviewState {
    pub fn load(store: &Store) -> crate::store::Result<OverviewState> {
        let mut s = OverviewState {
            as_of_text: String::new(),
            past: None,
            year: crate::clock::this_year(),
            leadership: Vec::new(),
            leadership_no_data: 0,
            pending: Vec::new(),
            evaluations: BTreeMap::new(),
        };
        s.reload(store)?;
        Ok(s)
    }

    pub fn reload(&mut self, store: &Store) -> crate::store::Result<()> {
        (self.leadership, self.leadership_no_data) = store.leadership_excess()?;
        if let Some(p) = &self.past {
            let day = NaiveDate::parse_from_str(&p.as_of, "%Y-%m-%d").ok();
            self.past = Some(CountyStats::derive(store, day)?);
        }
        let today = crate::clock::today();
        self.pending = pending(store, today)?;
        self.evaluations = store.evaluations_per_year()?;
        Ok(())
    }
}

impl Panel for OverviewState {
    fn nav(&self) -> Nav {
        Nav::Overview
    }

    /// Leaders over the approved numbers; the items needing action; the evaluations.
    fn reads(&self) -> Kinds {
        Kinds::UNITS
            | Kinds::PEOPLE
            | Kinds::LEDGER
            | Kinds::TOWNSHIPS
            | Kinds::TURNOVER
            | Kinds::APPLICATIONS
            | Kinds::EVALUATIONS
    }

    fn reload(&mut self, store: &Store) -> crate::store::Result<()> {
        OverviewState::reload(self, store)
    }

    fn show(&mut self, ui: &mut egui::Ui, cx: &Cx, out: &mut Commands) {
        show(self, ui, cx, out);
    }
}

/// Overdue turnover posts, overdue rectifications, townships not filed by 31 March,
/// applications waiting.
fn pending(store: &Store, today: NaiveDate) -> crate::store::Result<Vec<Pending>> {
    let orgs = store.orgs()?;
    let name = |id: OrgId| crate::ui::panel::org_name(&orgs, id).to_string();
    let mut out = Vec::new();
    for i in store.turnover_issues()? {
        let Some(d) = i.due(today) else {
            continue;
        };
        let overdue = d == Due::Overdue;
        out.push(Pending {
            text: format!(
                "周转编制{}：{} {} 名（{}，到期 {}）",
                if overdue {
                    "逾期未收回"
                } else {
                    "今年到期"
                },
                name(i.org),
                i.issued_now(),
                i.doc_no,
                i.due_on
            ),
            color: if overdue { RED } else { AMBER },
            nav: Nav::Turnover,
            org: Some(i.org),
            grouped: false,
        });
    }
    for r in store.rectifications(None)? {
        if r.label(today) == "逾期" {
            out.push(Pending {
                text: format!(
                    "整改逾期：{}：{}（期限 {}）",
                    name(r.org),
                    r.description,
                    r.deadline
                ),
                color: RED,
                nav: Nav::Applications,
                org: Some(r.org),
                grouped: false,
            });
        }
    }
    let year = crate::clock::this_year();
    retirements_due(store, today, &mut out)?;
    let open = store
        .findings(None, None)?
        .iter()
        .filter(|f| f.state == crate::store::reconcile::FindingState::Open)
        .count();
    if open > 0 {
        out.push(Pending {
            text: format!("核查问题待处理 {open} 条"),
            color: AMBER,
            nav: Nav::Reconcile,
            org: None,
            grouped: false,
        });
    }
    let deadline = crate::domain::township::filing_deadline(year);
    if deadline.is_some_and(|d| today > d) {
        let missing: Vec<String> = store
            .township_grid(12, year)?
            .into_iter()
            .filter(|r| r.filed_on.is_none())
            .map(|r| r.name)
            .collect();
        if !missing.is_empty() {
            out.push(Pending {
                text: format!(
                    "{year} 年 3 月 31 日前未备案的乡镇（街道）：{}",
                    missing.join("、")
                ),
                color: RED,
                nav: Nav::Township,
                org: None,
                grouped: false,
            });
        }
    }
    for a in store.applications(None)? {
        if matches!(
            a.state,
            AppState::Received
                | AppState::Accepted
                | AppState::Researching
                | AppState::AwaitingDecision
                | AppState::Replied
        ) {
            out.push(Pending {
                text: format!(
                    "{}：{}（{}，{} 收到）",
                    name(a.org),
                    a.kind.label(),
                    a.state.label(),
                    a.received_on
                ),
                color: AMBER,
                nav: Nav::Applications,
                org: Some(a.org),
                grouped: true,
            });
        }
    }
    Ok(out)
}

/// 今年到龄 N 人 (with the list) and those past retirement age still on a post.
fn retirements_due(
    store: &Store,
    today: NaiveDate,
    out: &mut Vec<Pending>,
) -> crate::store::Result<()> {
    use crate::domain::retirement::Month;
    let now = Month::of(today);
    let horizon = store.retirement_horizon_until(Some(now.year))?;
    let listed = |people: &[&crate::store::reconcile::RetirementLine]| {
        let mut names: Vec<String> = people
            .iter()
            .take(8)
            .map(|l| format!("{}（{}，{}）", l.name, l.unit, l.retires_in))
            .collect();
        if people.len() > 8 {
            names.push("等".into());
        }
        names.join("、")
    };
    let past: Vec<_> = horizon.iter().filter(|l| l.retires_in < now).collect();
    if !past.is_empty() {
        out.push(Pending {
            text: format!("已到退休年龄仍在编 {} 人：{}", past.len(), listed(&past)),
            color: RED,
            nav: Nav::Reconcile,
            org: None,
            grouped: false,
        });
    }
    let this_year: Vec<_> = horizon
        .iter()
        .filter(|l| l.retires_in >= now && l.retires_in.year == now.year)
        .collect();
    if !this_year.is_empty() {
        out.push(Pending {
            text: format!("今年到龄 {} 人：{}", this_year.len(), listed(&this_year)),
            color: AMBER,
            nav: Nav::Reconcile,
            org: None,
            grouped: false,
        });
    }
    Ok(())
}

/// One per-year series of the county's figures.
struct Series {
    title: &'static str,
    values: Vec<(i32, i64)>,
}

fn series(stats: &CountyStats, evaluations: &BTreeMap<i32, i64>) -> Vec<Series> {
    let years: Vec<(i32, &crate::stats::YearStats)> = stats
        .years
        .iter()
        .filter_map(|(y, s)| y.parse().ok().map(|y| (y, s)))
        .collect();
    let pick = |f: fn(&crate::stats::YearStats) -> i64| -> Vec<(i32, i64)> {
        years.iter().map(|(y, s)| (*y, f(s))).collect()
    };
    let mut evaluations_per_year: BTreeMap<i32, i64> = years.iter().map(|(y, _)| (*y, 0)).collect();
    evaluations_per_year.extend(evaluations);
    vec![
        Series {
            title: "收回编制",
            values: pick(|s| s.recovered),
        },
        Series {
            title: "连人带编划转",
            values: pick(|s| s.transferred_with_people),
        },
        Series {
            title: "下达周转编制",
            values: pick(|s| s.turnover_issued),
        },
        Series {
            title: "收到编制事项",
            values: pick(|s| s.applications_received),
        },
        Series {
            title: "受理编制事项",
            values: pick(|s| s.applications_accepted),
        },
        Series {
            title: "评估单位",
            values: evaluations_per_year.into_iter().collect(),
        },
    ]
}

fn show(st: &mut OverviewState, ui: &mut egui::Ui, cx: &Cx, out: &mut Commands) {
    let mut goto_unit: Option<OrgId> = None;
    if cx.can_write {
        crate::ui::panels::import_export::first_run_steps(ui, cx, out, false);
    }
    ui.horizontal_wrapped(|ui| {
        ui.heading("总览");
        let l = ui.label("截至日期");
        ui.add(
            egui::TextEdit::singleline(&mut st.as_of_text)
                .hint_text("今天；或如 2023-12-31")
                .desired_width(110.0),
        )
        .labelled_by(l.id);
        if ui.button("查看").clicked() {
            let text = st.as_of_text.trim().to_string();
            if text.is_empty() {
                st.past = None;
            } else {
                match crate::ui::widgets::parse_date(&text) {
                    Ok(d) => match CountyStats::derive(cx.store, Some(d)) {
                        Ok(s) => st.past = Some(s),
                        Err(e) => out.error(e),
                    },
                    Err(e) => out.error(e),
                }
            }
        }
        if st.past.is_some() && ui.button("回到今天").clicked() {
            st.past = None;
            st.as_of_text.clear();
        }
    });
    // The figures shown: as of the chosen date, or today's (borrowed, not copied per frame).
    let past = st.past.is_some();
    let mut chosen_year = st.year;
    let stats = st.past.as_ref().unwrap_or(cx.stats);
    egui::ScrollArea::both().show(ui, |ui| {
        ui.label(RichText::new(format!("全县机构编制（截至 {}）", stats.as_of)).strong());
        egui::Grid::new("totals").striped(true).show(ui, |ui| {
            for h in ["编制类型", "核定", "实有", "空编", "县集中管理"] {
                ui.strong(h);
            }
            ui.end_row();
            let mut sum = (0, 0, 0);
            for t in PostType::ALL {
                let c = stats.totals.get(t);
                ui.label(t.label());
                ui.label(c.approved.to_string());
                ui.label(c.occupied.to_string());
                ui.label(c.vacancy.to_string());
                ui.label(stats.reserve.0.get(t).to_string());
                ui.end_row();
                sum = (sum.0 + c.approved, sum.1 + c.occupied, sum.2 + c.vacancy);
            }
            ui.strong("合计");
            ui.strong(sum.0.to_string());
            ui.strong(sum.1.to_string());
            ui.strong(sum.2.to_string());
            ui.strong(stats.reserve.0.total().to_string());
            ui.end_row();
        });
        ui.add_space(6.0);
        ui.horizontal_wrapped(|ui| {
            ui.strong("周转编制池：");
            for p in &stats.pools {
                ui.label(format!(
                    "{} 总量 {}、已下达 {}、可用 {}；",
                    p.name, p.total, p.issued, p.available
                ));
            }
            if stats.pools.is_empty() {
                ui.weak("（无）");
            }
        });
        ui.add_space(6.0);
        ui.horizontal_wrapped(|ui| {
            ui.strong("超编单位：");
            let over: Vec<_> = stats.orgs.iter().filter(|o| o.over_quota).collect();
            if over.is_empty() {
                ui.label("无");
            }
            for o in over {
                if ui
                    .link(RichText::new(&o.name).color(RED))
                    .on_hover_text("到“机构与人员”查看")
                    .clicked()
                {
                    goto_unit = Some(OrgId(o.id));
                }
            }
        });
        ui.horizontal_wrapped(|ui| {
            ui.strong("超职数配备领导的单位：");
            if st.leadership.is_empty() {
                ui.label("无（按任职记录统计）");
            }
            for l in &st.leadership {
                let said: Vec<String> = crate::domain::leadership::Level::ALL
                    .iter()
                    .filter(|lv| {
                        l.leadership.approved.get(**lv) + l.leadership.appointed.get(**lv) > 0
                    })
                    .map(|lv| {
                        format!(
                            "{}核定 {}、在任 {}",
                            lv.label(),
                            l.leadership.approved.get(*lv),
                            l.leadership.appointed.get(*lv)
                        )
                    })
                    .collect();
                if ui
                    .link(RichText::new(&l.name).color(RED))
                    .on_hover_text(said.join("；"))
                    .clicked()
                {
                    goto_unit = Some(l.org);
                }
            }
            if st.leadership_no_data > 0 {
                ui.weak(format!(
                    "（{} 个单位尚未登记领导任职，无数据）",
                    st.leadership_no_data
                ));
                if cx.can_write && ui.small_button("按花名册人员分类生成任职…").clicked()
                {
                    out.open(crate::ui::panels::registry::leaders::ProposalForm::new(
                        None,
                    ));
                }
            }
        });
        if !past {
            ui.add_space(6.0);
            needs_action(ui, &st.pending, out);
        }
        ui.add_space(8.0);
        ui.horizontal(|ui| {
            ui.strong("逐年统计");
            let l = ui.label("年度");
            let mut year = i64::from(chosen_year);
            if ui
                .add(egui::DragValue::new(&mut year).range(2000..=2100))
                .labelled_by(l.id)
                .changed()
            {
                chosen_year = year as i32;
            }
        });
        let all = series(stats, &st.evaluations);
        let year = chosen_year;
        ui.label(
            all.iter()
                .map(|s| {
                    let v = s
                        .values
                        .iter()
                        .find(|(y, _)| *y == year)
                        .map_or(0, |(_, v)| *v);
                    format!("{} {v}", s.title)
                })
                .collect::<Vec<_>>()
                .join("；"),
        );
        egui::Grid::new("charts").num_columns(3).show(ui, |ui| {
            for (k, s) in all.iter().enumerate() {
                ui.vertical(|ui| {
                    ui.label(s.title);
                    let bars: Vec<Bar> = s
                        .values
                        .iter()
                        .map(|(y, v)| {
                            let bar = Bar::new(f64::from(*y), *v as f64).width(0.6);
                            if *y == year { bar.fill(AMBER) } else { bar }
                        })
                        .collect();
                    Plot::new(("chart", k))
                        .height(140.0)
                        .width(300.0)
                        .allow_zoom(false)
                        .allow_drag(false)
                        .allow_scroll(false)
                        .x_axis_formatter(|mark, _| {
                            if mark.value.fract() == 0.0 {
                                format!("{}", mark.value as i64)
                            } else {
                                String::new()
                            }
                        })
                        .x_axis_label("年度")
                        // Hovering a bar says its year and value (not the pointer's place).
                        .show_x(false)
                        .show_y(false)
                        .show(ui, |p| {
                            p.bar_chart(BarChart::new(s.title, bars).element_formatter(Box::new(
                                |bar, _| format!("{} 年：{}", bar.argument as i64, bar.value),
                            )))
                        });
                    egui::CollapsingHeader::new(format!("{}的数字", s.title))
                        .id_salt(("numbers", k))
                        .show(ui, |ui| {
                            egui::Grid::new(("numbers_grid", k)).show(ui, |ui| {
                                for (y, v) in &s.values {
                                    ui.label(format!("{y} 年"));
                                    ui.label(v.to_string());
                                    ui.end_row();
                                }
                            });
                        });
                });
                if k % 3 == 2 {
                    ui.end_row();
                }
            }
        });
    });
    st.year = chosen_year;
    if let Some(org) = goto_unit {
        out.push(Command::SelectUnit {
            org: Some(org),
            show: true,
        });
    }
}

/// The items needing action, each a link to the panel (and unit) that deals with it; the
/// waiting applications counted, listed on demand.
fn needs_action(ui: &mut egui::Ui, pending: &[Pending], out: &mut Commands) {
    ui.strong("待办事项");
    let open = |out: &mut Commands, p: &Pending| {
        if let Some(org) = p.org {
            out.push(Command::SelectUnit {
                org: Some(org),
                show: false,
            });
        }
        out.goto(p.nav);
    };
    for p in pending.iter().filter(|p| !p.grouped) {
        if ui
            .link(RichText::new(&p.text).color(p.color))
            .on_hover_text(format!("到“{}”办理", p.nav.label()))
            .clicked()
        {
            open(out, p);
        }
    }
    let waiting: Vec<&Pending> = pending.iter().filter(|p| p.grouped).collect();
    if !waiting.is_empty() {
        egui::CollapsingHeader::new(
            RichText::new(format!("待办编制事项 {} 件", waiting.len())).color(AMBER),
        )
        .id_salt("waiting_applications")
        .show(ui, |ui| {
            for p in waiting {
                if ui.link(&p.text).clicked() {
                    open(out, p);
                }
            }
        });
    }
    if pending.is_empty() {
        ui.label("暂无待办事项。");
    }
}
