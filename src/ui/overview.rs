//! 总览: county totals per post type, over-quota and over-leadership units (click through),
//! the central reserve and the pools, items needing action, and per-year charts with their
//! numbers one click away. The county can be shown as of any past date.

use super::{Nav, Workspace};
use crate::domain::{OrgId, PostType};
use crate::stats::CountyStats;
use crate::store::Store;
use crate::store::evaluations::LeadershipExcess;
use chrono::NaiveDate;
use egui::{Color32, RichText};
use egui_plot::{Bar, BarChart, Plot};

const RED: Color32 = Color32::from_rgb(200, 30, 30);
const AMBER: Color32 = Color32::from_rgb(180, 110, 0);

pub struct OverviewState {
    /// The date typed for "as of"; empty for today.
    pub as_of_text: String,
    /// The county as of that date (None: today's, from the workspace).
    pub past: Option<CountyStats>,
    pub year: i32,
    pub leadership: Vec<LeadershipExcess>,
    /// Set when the clerk clicked through to a unit.
    pub goto: Option<Nav>,
    pub error: Option<String>,
}

impl OverviewState {
    pub fn load(store: &Store) -> crate::store::Result<OverviewState> {
        Ok(OverviewState {
            as_of_text: String::new(),
            past: None,
            year: crate::clock::this_year(),
            leadership: store.leadership_excess()?,
            goto: None,
            error: None,
        })
    }

    pub fn reload(&mut self, store: &Store) -> crate::store::Result<()> {
        self.leadership = store.leadership_excess()?;
        if let Some(p) = &self.past {
            let day = NaiveDate::parse_from_str(&p.as_of, "%Y-%m-%d").ok();
            self.past = Some(CountyStats::derive(store, day)?);
        }
        Ok(())
    }
}

/// One per-year series of the county's figures.
struct Series {
    title: &'static str,
    values: Vec<(i32, i64)>,
}

fn series(w: &Workspace) -> Vec<Series> {
    let years: Vec<(i32, &crate::stats::YearStats)> = w
        .stats
        .years
        .iter()
        .filter_map(|(y, s)| y.parse().ok().map(|y| (y, s)))
        .collect();
    let pick = |f: fn(&crate::stats::YearStats) -> i64| -> Vec<(i32, i64)> {
        years.iter().map(|(y, s)| (*y, f(s))).collect()
    };
    let mut evaluations: std::collections::BTreeMap<i32, i64> =
        years.iter().map(|(y, _)| (*y, 0)).collect();
    for e in &w.evaluation.ledger {
        *evaluations.entry(e.year).or_default() += 1;
    }
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
            values: evaluations.into_iter().collect(),
        },
    ]
}

/// The panel. Returns messages for the status toasts (text, is error).
pub fn show(ui: &mut egui::Ui, w: &mut Workspace) -> Vec<(String, bool)> {
    let mut messages = Vec::new();
    let today = crate::clock::today();
    let mut goto_unit: Option<OrgId> = None;
    ui.horizontal(|ui| {
        ui.heading("总览");
        let l = ui.label("截至日期");
        ui.add(
            egui::TextEdit::singleline(&mut w.overview.as_of_text)
                .hint_text("今天；或如 2023-12-31")
                .desired_width(110.0),
        )
        .labelled_by(l.id);
        if ui.button("查看").clicked() {
            let text = w.overview.as_of_text.trim().to_string();
            if text.is_empty() {
                w.overview.past = None;
            } else {
                match super::actions::parse_date(&text) {
                    Ok(d) => match CountyStats::derive(&w.store, Some(d)) {
                        Ok(s) => w.overview.past = Some(s),
                        Err(e) => messages.push((e.to_string(), true)),
                    },
                    Err(e) => messages.push((e, true)),
                }
            }
        }
        if w.overview.past.is_some() && ui.button("回到今天").clicked() {
            w.overview.past = None;
            w.overview.as_of_text.clear();
        }
    });
    // The figures shown: as of the chosen date, or today's (borrowed, not copied per frame).
    let past_stats = w.overview.past.take();
    let past = past_stats.is_some();
    let mut chosen_year = w.overview.year;
    let w_ref: &Workspace = w;
    let stats = past_stats.as_ref().unwrap_or(&w_ref.stats);
    egui::ScrollArea::vertical().show(ui, |ui| {
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
            if w.overview.leadership.is_empty() {
                ui.label("无（按职务名称统计）");
            }
            for l in &w.overview.leadership {
                if ui
                    .link(RichText::new(&l.name).color(RED))
                    .on_hover_text(format!(
                        "正职核定 {}、在任 {}；副职核定 {}、在任 {}",
                        l.chief_approved, l.chief_held, l.deputy_approved, l.deputy_held
                    ))
                    .clicked()
                {
                    goto_unit = Some(l.org);
                }
            }
        });
        if !past {
            ui.add_space(6.0);
            needs_action(ui, w, today);
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
        let all = series(w_ref);
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
                        .show(ui, |p| p.bar_chart(BarChart::new(s.title, bars)));
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
    w.overview.past = past_stats;
    w.overview.year = chosen_year;
    if let Some(org) = goto_unit {
        match w.registry.select_org(&w.store, Some(org)) {
            Ok(()) => w.overview.goto = Some(Nav::Registry),
            Err(e) => messages.push((e.to_string(), true)),
        }
    }
    messages
}

/// Overdue turnover posts, overdue rectifications, townships not filed by 31 March,
/// applications waiting.
fn needs_action(ui: &mut egui::Ui, w: &Workspace, today: NaiveDate) {
    ui.strong("待办事项");
    let mut any = false;
    for (i, d) in w.turnover.due(today) {
        any = true;
        let name = w
            .registry
            .orgs
            .iter()
            .find(|o| o.id == i.org)
            .map_or("", |o| o.name.as_str());
        let overdue = d == crate::domain::turnover::Due::Overdue;
        ui.colored_label(
            if overdue { RED } else { AMBER },
            format!(
                "周转编制{}：{name} {} 名（{}，到期 {}）",
                if overdue {
                    "逾期未收回"
                } else {
                    "今年到期"
                },
                i.issued_now(),
                i.doc_no,
                i.due_on
            ),
        );
    }
    let overdue_rect: Vec<String> = w
        .store
        .rectifications(None)
        .unwrap_or_default()
        .into_iter()
        .filter(|r| r.label(today) == "逾期")
        .map(|r| {
            let name = w
                .registry
                .orgs
                .iter()
                .find(|o| o.id == r.org)
                .map_or("", |o| o.name.as_str());
            format!("{name}：{}（期限 {}）", r.description, r.deadline)
        })
        .collect();
    for r in overdue_rect {
        any = true;
        ui.colored_label(RED, format!("整改逾期：{r}"));
    }
    let missing = w.township.not_filed(today);
    if !missing.is_empty() {
        any = true;
        ui.colored_label(
            RED,
            format!(
                "{} 年 3 月 31 日前未备案的乡镇（街道）：{}",
                w.township.year,
                missing.join("、")
            ),
        );
    }
    let waiting: Vec<String> = w
        .store
        .applications(None)
        .unwrap_or_default()
        .iter()
        .filter(|a| {
            matches!(
                a.state,
                crate::domain::application::AppState::Received
                    | crate::domain::application::AppState::Accepted
                    | crate::domain::application::AppState::Researching
                    | crate::domain::application::AppState::AwaitingDecision
                    | crate::domain::application::AppState::Replied
            )
        })
        .map(|a| format!("#{} {}", a.id, a.state.label()))
        .collect();
    if !waiting.is_empty() {
        any = true;
        ui.colored_label(
            AMBER,
            format!("待办编制事项 {} 件：{}", waiting.len(), waiting.join("、")),
        );
    }
    if !any {
        ui.label("暂无待办事项。");
    }
}
