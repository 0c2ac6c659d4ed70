//! 周转编制: pool balances, plan applications and decisions, issues (下达) with due dates,
//! hires onto turnover posts, 空编置换 candidates, returns, per-year counts and export.

mod dialogs;

use crate::domain::turnover::{
    DEFAULT_MAX_TERM_MONTHS, Due, PlanState, PoolBalance, PoolScope, due_status,
};
use crate::domain::{PoolId, PostType};
use crate::export::reports::Report;
use crate::store::turnover::{Holder, Issue, Plan, ReturnRow, TurnoverYear};
use crate::store::{Kinds, Result, Store};
use crate::ui::panel::{Command, Commands, Cx, Nav, Panel};
use crate::ui::theme::{ERROR as RED, WARN as AMBER};
use chrono::NaiveDate;
pub use dialogs::{Dialog, TurnoverForm};
use egui::RichText;
use std::collections::BTreeMap;

/// The setting that limits a plan's term.
pub const MAX_TERM_KEY: &str = "turnover.max_term_months";

pub struct TurnoverState {
    pub pools: Vec<(PoolId, String, PoolBalance)>,
    /// Each pool's scope (专编专用).
    pub scopes: std::collections::HashMap<PoolId, PoolScope>,
    pub plans: Vec<Plan>,
    pub issues: Vec<Issue>,
    pub returns: Vec<ReturnRow>,
    pub holders: Vec<Holder>,
    pub years: BTreeMap<i32, TurnoverYear>,
    pub max_term_months: u32,
}

impl TurnoverState {
    pub fn load(store: &Store) -> Result<TurnoverState> {
        let mut s = TurnoverState {
            pools: Vec::new(),
            scopes: Default::default(),
            plans: Vec::new(),
            issues: Vec::new(),
            returns: Vec::new(),
            holders: Vec::new(),
            years: BTreeMap::new(),
            max_term_months: DEFAULT_MAX_TERM_MONTHS,
        };
        s.reload(store)?;
        Ok(s)
    }

    pub fn reload(&mut self, store: &Store) -> Result<()> {
        self.pools = store.pool_balances()?;
        self.scopes = store.pool_scopes()?;
        self.plans = store.turnover_plans()?;
        self.issues = store.turnover_issues()?;
        self.returns = store.turnover_returns()?;
        self.holders = store.turnover_holders()?;
        self.years = store.turnover_years()?;
        self.max_term_months =
            u32::try_from(store.setting_or(MAX_TERM_KEY, i64::from(DEFAULT_MAX_TERM_MONTHS)))
                .unwrap_or(DEFAULT_MAX_TERM_MONTHS);
        Ok(())
    }

    /// Holders whose unit now has an ordinary vacancy of their type (空编置换 possible).
    pub fn swap_candidates(&self) -> impl Iterator<Item = &Holder> {
        self.holders.iter().filter(|h| h.ordinary_vacancy > 0)
    }

    /// Issues with posts still out that are overdue or due this year.
    pub fn due(&self, today: NaiveDate) -> Vec<(&Issue, Due)> {
        self.issues
            .iter()
            .filter_map(|i| i.due(today).map(|d| (i, d)))
            .collect()
    }
}

fn pool_name(st: &TurnoverState, id: PoolId) -> &str {
    st.pools
        .iter()
        .find(|(p, _, _)| *p == id)
        .map_or("（未知周转池）", |(_, n, _)| n.as_str())
}

fn due_text(due: NaiveDate, today: NaiveDate) -> RichText {
    match due_status(due, today) {
        Due::Overdue => RichText::new(format!("{due}（已逾期）")).color(RED),
        Due::ThisYear => RichText::new(format!("{due}（今年到期）")).color(AMBER),
        Due::Later => RichText::new(due.to_string()),
    }
}

impl Panel for TurnoverState {
    fn nav(&self) -> Nav {
        Nav::Turnover
    }

    fn reads(&self) -> Kinds {
        Kinds::UNITS | Kinds::PEOPLE | Kinds::LEDGER | Kinds::TURNOVER | Kinds::SETTINGS
    }

    fn reload(&mut self, store: &Store) -> Result<()> {
        TurnoverState::reload(self, store)
    }

    fn show(&mut self, ui: &mut egui::Ui, cx: &Cx, out: &mut Commands) {
        show(self, ui, cx, out);
    }
}

fn show(st: &mut TurnoverState, ui: &mut egui::Ui, cx: &Cx, out: &mut Commands) {
    let today = crate::clock::today();
    let orgs = cx.orgs;
    let mut action: Option<Dialog> = None;
    ui.horizontal_wrapped(|ui| {
        ui.heading("周转编制");
        ui.weak("总量控制、计划申请，动态流转、循环使用，人走编收、空编置换");
    });
    ui.horizontal_wrapped(|ui| {
        if ui.button("新建周转池…").clicked() {
            action = Some(Dialog::NewPool {
                name: String::new(),
                scope: PoolScope::County,
            });
        }
        let first_pool = st.pools.first().map(|(p, _, _)| *p);
        if let Some(pool) = first_pool {
            if ui.button("核定池规模…").clicked() {
                action = Some(Dialog::Fund {
                    pool,
                    from_reserve: true,
                    post_type: PostType::Institution(crate::domain::Funding::Full),
                    count: "1".into(),
                    doc_no: String::new(),
                    date: today.to_string(),
                });
            }
            if ui.button("计划申请…").clicked() {
                action = Some(Dialog::Apply {
                    pool,
                    org: cx.selected_org,
                    post_type: PostType::Institution(crate::domain::Funding::Full),
                    count: "1".into(),
                    purpose: String::new(),
                    term: st.max_term_months.to_string(),
                    return_plan: String::new(),
                    date: today.to_string(),
                });
            }
        }
        if ui.button("导出 xlsx…").clicked() {
            out.push(Command::Export {
                report: Report::Turnover,
                year: None,
                org: None,
            });
        }
        ui.separator();
        let l = ui.label("最长使用期限（月）");
        let mut term = i64::from(st.max_term_months);
        if ui
            .add(egui::DragValue::new(&mut term).range(1..=120))
            .labelled_by(l.id)
            .changed()
        {
            st.max_term_months = term as u32;
            out.write(move |s| {
                s.set_setting(MAX_TERM_KEY, &term.to_string())
                    .map(|()| None)
                    .map_err(|e| e.to_string())
            });
        }
    });
    if st.pools.is_empty() {
        ui.label("还没有周转编制池。请先“新建周转池”，再用“核定池规模”从县集中管理编制或上级核定中划入编制。");
    }

    // Wide ledgers scroll sideways on a small screen.
    egui::ScrollArea::both().show(ui, |ui| {
        // Pools.
        egui::Grid::new("pools").striped(true).show(ui, |ui| {
            for h in ["周转池", "下达范围", "总量", "已下达", "可用"] {
                ui.strong(h);
            }
            ui.end_row();
            for (id, name, b) in &st.pools {
                ui.label(name);
                ui.label(st.scopes.get(id).copied().unwrap_or(PoolScope::Any).label());
                ui.label(b.total.to_string());
                ui.label(b.issued.to_string());
                ui.label(b.available().to_string());
                ui.end_row();
            }
        });

        // Needs attention: swaps possible, overdue and due this year.
        let swaps: Vec<&Holder> = st.swap_candidates().collect();
        if !swaps.is_empty() {
            ui.add_space(6.0);
            ui.colored_label(AMBER, "可空编置换（所在单位已有同类空编）：");
            for h in swaps {
                ui.horizontal(|ui| {
                    ui.label(format!(
                        "{}  {}  {}（空编 {} 名）",
                        h.name,
                        crate::ui::panel::org_name(orgs, h.org),
                        h.post_type.label(),
                        h.ordinary_vacancy
                    ));
                    if ui.button(format!("置换 {}…", h.name)).clicked() {
                        action = Some(Dialog::Swap {
                            person: h.person,
                            name: h.name.clone(),
                            doc_no: String::new(),
                            date: today.to_string(),
                        });
                    }
                });
            }
        }
        let due = st.due(today);
        if !due.is_empty() {
            ui.add_space(6.0);
            for (i, d) in &due {
                let text = format!(
                    "{} {} {} 名（{}）{}：{}",
                    crate::ui::panel::org_name(orgs, i.org),
                    i.post_type.label(),
                    i.issued_now(),
                    i.doc_no,
                    if *d == Due::Overdue {
                        "已逾期未收回"
                    } else {
                        "今年到期"
                    },
                    i.due_on
                );
                ui.colored_label(if *d == Due::Overdue { RED } else { AMBER }, text);
            }
        }

        ui.add_space(8.0);
        ui.strong("计划申请");
        egui::Grid::new("plans").striped(true).show(ui, |ui| {
            for h in [
                "单位",
                "编制类型",
                "申请",
                "用途",
                "期限(月)",
                "状态",
                "批准",
                "已下达",
                "",
            ] {
                ui.strong(h);
            }
            ui.end_row();
            for p in &st.plans {
                ui.label(crate::ui::panel::org_name(orgs, p.org));
                ui.label(p.post_type.label());
                ui.label(p.requested.to_string());
                ui.label(&p.purpose);
                ui.label(p.term_months.to_string());
                let state = ui.label(p.state.label());
                if !p.decision_reason.is_empty() || !p.override_reason.is_empty() {
                    state.on_hover_text(format!("{}{}", p.decision_reason, p.override_reason));
                }
                ui.label(p.approved.to_string());
                ui.label(p.issued.to_string());
                match p.state {
                    PlanState::Pending => {
                        if ui.button("审批…").clicked() {
                            action = Some(Dialog::Decide {
                                plan: p.id,
                                approved: p.requested.to_string(),
                                reason: String::new(),
                                override_reason: String::new(),
                                date: today.to_string(),
                            });
                        }
                    }
                    PlanState::Approved | PlanState::PartlyApproved if p.issued < p.approved => {
                        if ui.button("下达…").clicked() {
                            action = Some(Dialog::Issue {
                                plan: p.id,
                                count: (p.approved - p.issued).to_string(),
                                doc_no: String::new(),
                                date: today.to_string(),
                            });
                        }
                    }
                    _ => {
                        ui.label("");
                    }
                }
                ui.end_row();
            }
        });

        ui.add_space(8.0);
        ui.strong("下达台账");
        egui::Grid::new("issues").striped(true).show(ui, |ui| {
            for h in [
                "批次",
                "周转池",
                "单位",
                "编制类型",
                "下达",
                "文号",
                "下达日期",
                "到期",
                "已收回",
                "在用",
                "",
            ] {
                ui.strong(h);
            }
            ui.end_row();
            for i in &st.issues {
                ui.label(format!("#{}", i.id));
                ui.label(pool_name(st, i.pool));
                ui.label(crate::ui::panel::org_name(orgs, i.org));
                ui.label(i.post_type.label());
                ui.label(i.count.to_string());
                ui.label(&i.doc_no);
                ui.label(&i.date);
                if i.issued_now() > 0 {
                    ui.label(due_text(i.due_on, today));
                } else {
                    ui.label(i.due_on.to_string());
                }
                ui.label(i.returned.to_string());
                ui.label(i.holders.to_string());
                ui.horizontal(|ui| {
                    if i.holders < i.issued_now() {
                        if ui.button(format!("入编 #{}…", i.id)).clicked() {
                            action = Some(Dialog::Hire {
                                issue: i.id,
                                name: String::new(),
                                id_number: String::new(),
                                doc_no: String::new(),
                                date: today.to_string(),
                            });
                        }
                        if ui.button(format!("收回 #{}…", i.id)).clicked() {
                            action = Some(Dialog::Return {
                                issue: i.id,
                                count: (i.issued_now() - i.holders).to_string(),
                                doc_no: String::new(),
                                date: today.to_string(),
                            });
                        }
                    }
                });
                ui.end_row();
            }
        });

        ui.add_space(8.0);
        ui.strong("周转编制人员");
        egui::Grid::new("holders").striped(true).show(ui, |ui| {
            for h in ["姓名", "单位", "编制类型", "批次", "到期"] {
                ui.strong(h);
            }
            ui.end_row();
            for h in &st.holders {
                ui.label(&h.name);
                ui.label(crate::ui::panel::org_name(orgs, h.org));
                ui.label(h.post_type.label());
                ui.label(format!("#{}", h.issue));
                ui.label(due_text(h.due_on, today));
                ui.end_row();
            }
        });

        ui.add_space(8.0);
        ui.strong("收回记录");
        egui::Grid::new("returns").striped(true).show(ui, |ui| {
            for h in ["批次", "数量", "原因", "日期", "文号"] {
                ui.strong(h);
            }
            ui.end_row();
            for r in &st.returns {
                ui.label(format!("#{}", r.issue));
                ui.label(r.count.to_string());
                ui.label(r.reason.label());
                ui.label(&r.date);
                ui.label(&r.doc_no);
                ui.end_row();
            }
        });

        ui.add_space(8.0);
        ui.strong("逐年统计");
        egui::Grid::new("turnover_years")
            .striped(true)
            .show(ui, |ui| {
                for h in ["年度", "下达", "收回", "其中空编置换"] {
                    ui.strong(h);
                }
                ui.end_row();
                for (y, c) in &st.years {
                    ui.label(y.to_string());
                    ui.label(c.issued.to_string());
                    ui.label(c.returned.to_string());
                    ui.label(c.swapped.to_string());
                    ui.end_row();
                }
            });
    });
    if let Some(d) = action {
        out.open(TurnoverForm::new(d, st));
    }
}
