//! 周转编制: pool balances, plan applications and decisions, issues (下达) with due dates,
//! hires onto turnover posts, 空编置换 candidates, returns, per-year counts and export.

use super::actions::{org_combo, parse_count, parse_date, text_row};
use super::{Workspace, org_name};
use crate::domain::turnover::{DEFAULT_MAX_TERM_MONTHS, Due, PlanState, PoolBalance, due_status};
use crate::domain::{
    Account, EntryKind, Movement, Org, OrgId, PersonDetails, PersonId, PoolId, PostType,
};
use crate::store::turnover::{Holder, Issue, Plan, PlanRequest, ReturnRow, TurnoverYear};
use crate::store::{EntryRequest, HireRequest, Result, Store};
use chrono::NaiveDate;
use egui::{Color32, RichText};
use std::collections::BTreeMap;

const RED: Color32 = Color32::from_rgb(200, 30, 30);
const AMBER: Color32 = Color32::from_rgb(180, 110, 0);

/// The setting that limits a plan's term.
pub const MAX_TERM_KEY: &str = "turnover.max_term_months";

pub struct TurnoverState {
    pub pools: Vec<(PoolId, String, PoolBalance)>,
    pub plans: Vec<Plan>,
    pub issues: Vec<Issue>,
    pub returns: Vec<ReturnRow>,
    pub holders: Vec<Holder>,
    pub years: BTreeMap<i32, TurnoverYear>,
    pub max_term_months: u32,
    pub dialog: Option<Dialog>,
}

/// The dialogs of the panel; each writes one transaction on 确定.
pub enum Dialog {
    NewPool {
        name: String,
        error: Option<String>,
    },
    Fund {
        pool: PoolId,
        from_reserve: bool,
        post_type: PostType,
        count: String,
        doc_no: String,
        date: String,
        error: Option<String>,
    },
    Apply {
        pool: PoolId,
        org: Option<OrgId>,
        post_type: PostType,
        count: String,
        purpose: String,
        term: String,
        return_plan: String,
        date: String,
        error: Option<String>,
    },
    Decide {
        plan: i64,
        approved: String,
        reason: String,
        override_reason: String,
        date: String,
        error: Option<String>,
    },
    Issue {
        plan: i64,
        count: String,
        doc_no: String,
        date: String,
        error: Option<String>,
    },
    Hire {
        issue: i64,
        name: String,
        id_number: String,
        doc_no: String,
        date: String,
        error: Option<String>,
    },
    Return {
        issue: i64,
        count: String,
        doc_no: String,
        date: String,
        error: Option<String>,
    },
    Swap {
        person: PersonId,
        name: String,
        doc_no: String,
        date: String,
        error: Option<String>,
    },
}

impl TurnoverState {
    pub fn load(store: &Store) -> Result<TurnoverState> {
        let mut s = TurnoverState {
            pools: Vec::new(),
            plans: Vec::new(),
            issues: Vec::new(),
            returns: Vec::new(),
            holders: Vec::new(),
            years: BTreeMap::new(),
            max_term_months: DEFAULT_MAX_TERM_MONTHS,
            dialog: None,
        };
        s.reload(store)?;
        Ok(s)
    }

    pub fn reload(&mut self, store: &Store) -> Result<()> {
        self.pools = store.pool_balances()?;
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
            .filter(|i| i.issued_now() > 0)
            .filter_map(|i| match due_status(i.due_on, today) {
                Due::Later => None,
                d => Some((i, d)),
            })
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

/// The panel. Returns messages for the status toasts (text, is error).
pub fn show(ui: &mut egui::Ui, w: &mut Workspace) -> Vec<(String, bool)> {
    let mut messages = Vec::new();
    let today = crate::clock::today();
    let orgs = w.registry.orgs.clone();
    let st = &mut w.turnover;
    ui.horizontal(|ui| {
        ui.heading("周转编制");
        ui.weak("总量控制、计划申请，动态流转、循环使用，人走编收、空编置换");
    });
    ui.horizontal(|ui| {
        if ui.button("新建周转池…").clicked() {
            st.dialog = Some(Dialog::NewPool {
                name: String::new(),
                error: None,
            });
        }
        let first_pool = st.pools.first().map(|(p, _, _)| *p);
        if let Some(pool) = first_pool {
            if ui.button("核定池规模…").clicked() {
                st.dialog = Some(Dialog::Fund {
                    pool,
                    from_reserve: true,
                    post_type: PostType::Institution(crate::domain::Funding::Full),
                    count: "1".into(),
                    doc_no: String::new(),
                    date: today.to_string(),
                    error: None,
                });
            }
            if ui.button("计划申请…").clicked() {
                st.dialog = Some(Dialog::Apply {
                    pool,
                    org: w.registry.selected_org,
                    post_type: PostType::Institution(crate::domain::Funding::Full),
                    count: "1".into(),
                    purpose: String::new(),
                    term: st.max_term_months.to_string(),
                    return_plan: String::new(),
                    date: today.to_string(),
                    error: None,
                });
            }
        }
        if ui.button("导出 xlsx…").clicked()
            && let Some(path) = rfd::FileDialog::new()
                .set_file_name("周转编制台账.xlsx")
                .add_filter("Excel", &["xlsx"])
                .save_file()
        {
            let report = crate::export::reports::write_report(
                &w.store,
                crate::export::reports::Report::Turnover,
                &Default::default(),
                &path,
            );
            match report {
                Ok(_) => messages.push((format!("已导出：{}", path.display()), false)),
                Err(e) => messages.push((e.to_string(), true)),
            }
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
            if let Err(e) = w
                .store
                .write(|tx| tx.set_setting(MAX_TERM_KEY, &term.to_string()))
            {
                messages.push((e.to_string(), true));
            }
        }
    });
    if st.pools.is_empty() {
        ui.label("还没有周转编制池。请先“新建周转池”，再用“核定池规模”从县集中管理编制或上级核定中划入编制。");
    }

    let mut action: Option<Dialog> = None;
    egui::ScrollArea::vertical().show(ui, |ui| {
        // Pools.
        egui::Grid::new("pools").striped(true).show(ui, |ui| {
            for h in ["周转池", "总量", "已下达", "可用"] {
                ui.strong(h);
            }
            ui.end_row();
            for (_, name, b) in &st.pools {
                ui.label(name);
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
                        org_name(&orgs, h.org),
                        h.post_type.label(),
                        h.ordinary_vacancy
                    ));
                    if ui.button(format!("置换 {}…", h.name)).clicked() {
                        action = Some(Dialog::Swap {
                            person: h.person,
                            name: h.name.clone(),
                            doc_no: String::new(),
                            date: today.to_string(),
                            error: None,
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
                    org_name(&orgs, i.org),
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
                ui.label(org_name(&orgs, p.org));
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
                                error: None,
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
                                error: None,
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
                ui.label(org_name(&orgs, i.org));
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
                                error: None,
                            });
                        }
                        if ui.button(format!("收回 #{}…", i.id)).clicked() {
                            action = Some(Dialog::Return {
                                issue: i.id,
                                count: (i.issued_now() - i.holders).to_string(),
                                doc_no: String::new(),
                                date: today.to_string(),
                                error: None,
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
                ui.label(org_name(&orgs, h.org));
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
    if action.is_some() {
        st.dialog = action;
    }
    if let Some(done) = show_dialog(ui.ctx(), st, &mut w.store, &orgs) {
        messages.push((done, false));
        if let Err(e) = w.refresh() {
            messages.push((e, true));
        }
    }
    messages
}

fn post_type_row(ui: &mut egui::Ui, value: &mut PostType) {
    let l = ui.label("编制类型");
    egui::ComboBox::from_id_salt("turnover_post_type")
        .selected_text(value.label())
        .show_ui(ui, |ui| {
            for t in PostType::ALL {
                ui.selectable_value(value, t, t.label());
            }
        })
        .response
        .labelled_by(l.id);
    ui.end_row();
}

fn pool_row(ui: &mut egui::Ui, value: &mut PoolId, pools: &[(PoolId, String, PoolBalance)]) {
    let l = ui.label("周转池");
    let text = pools
        .iter()
        .find(|(p, _, _)| p == value)
        .map_or("（请选择）", |(_, n, _)| n.as_str())
        .to_string();
    egui::ComboBox::from_id_salt("turnover_pool")
        .selected_text(text)
        .show_ui(ui, |ui| {
            for (p, n, _) in pools {
                ui.selectable_value(value, *p, n);
            }
        })
        .response
        .labelled_by(l.id);
    ui.end_row();
}

/// Runs the dialog's action on 确定. Returns the success message.
fn submit(d: &Dialog, store: &mut Store, max_term: u32) -> std::result::Result<String, String> {
    let e = |e: crate::store::StoreError| e.to_string();
    match d {
        Dialog::NewPool { name, .. } => {
            store.write(|tx| tx.create_pool(name.trim())).map_err(e)?;
            Ok(format!("已新建周转池：{}", name.trim()))
        }
        Dialog::Fund {
            pool,
            from_reserve,
            post_type,
            count,
            doc_no,
            date,
            ..
        } => {
            let (kind, from) = if *from_reserve {
                (EntryKind::Reallocate, Account::Reserve)
            } else {
                (EntryKind::Approve, Account::Above)
            };
            store
                .record(&EntryRequest {
                    date: parse_date(date)?,
                    doc_no: doc_no.clone(),
                    kind,
                    reason: "核定周转编制池规模".into(),
                    movement: Movement {
                        post_type: *post_type,
                        count: parse_count(count, "数量")?,
                        from,
                        to: Account::Pool(*pool),
                    },
                })
                .map_err(e)?;
            Ok("已划入周转编制池".to_string())
        }
        Dialog::Apply {
            pool,
            org,
            post_type,
            count,
            purpose,
            term,
            return_plan,
            date,
            ..
        } => {
            let req = PlanRequest {
                pool: *pool,
                org: org.ok_or("请选择申请单位")?,
                post_type: *post_type,
                requested: parse_count(count, "申请数")?,
                purpose: purpose.clone(),
                term_months: u32::try_from(parse_count(term, "使用期限")?).unwrap_or(0),
                return_plan: return_plan.clone(),
                applied_on: parse_date(date)?,
            };
            store
                .write(|tx| tx.apply_turnover_plan(&req, max_term))
                .map_err(e)?;
            Ok("已登记计划申请".to_string())
        }
        Dialog::Decide {
            plan,
            approved,
            reason,
            override_reason,
            date,
            ..
        } => {
            let n = parse_count(approved, "批准数")?;
            let date = parse_date(date)?;
            let state = store
                .write(|tx| tx.decide_turnover_plan(*plan, n, reason, override_reason, date))
                .map_err(e)?;
            Ok(format!("计划已审批：{}", state.label()))
        }
        Dialog::Issue {
            plan,
            count,
            doc_no,
            date,
            ..
        } => {
            let n = parse_count(count, "下达数")?;
            let date = parse_date(date)?;
            store
                .write(|tx| tx.issue_turnover(*plan, n, doc_no, date))
                .map_err(e)?;
            Ok(format!("已下达周转编制 {n} 名（{}）", doc_no.trim()))
        }
        Dialog::Hire {
            issue,
            name,
            id_number,
            doc_no,
            date,
            ..
        } => {
            let i = store
                .turnover_issues()
                .map_err(e)?
                .into_iter()
                .find(|i| i.id == *issue)
                .ok_or("找不到该批周转编制")?;
            let req = HireRequest {
                id_number: id_number.clone(),
                details: PersonDetails {
                    name: name.trim().to_string(),
                    ..Default::default()
                },
                org: i.org,
                post_type: i.post_type,
                date: parse_date(date)?,
                doc_no: doc_no.clone(),
            };
            store
                .write(|tx| tx.hire_on_turnover(*issue, &req))
                .map_err(e)?;
            Ok(format!("{}已使用周转编制入编", name.trim()))
        }
        Dialog::Return {
            issue,
            count,
            doc_no,
            date,
            ..
        } => {
            let n = parse_count(count, "收回数")?;
            let date = parse_date(date)?;
            store
                .write(|tx| tx.return_turnover(*issue, n, date, doc_no))
                .map_err(e)?;
            Ok(format!("已收回周转编制 {n} 名"))
        }
        Dialog::Swap {
            person,
            name,
            doc_no,
            date,
            ..
        } => {
            let date = parse_date(date)?;
            store
                .write(|tx| tx.swap_turnover(*person, date, doc_no))
                .map_err(e)?;
            Ok(format!("{name}已转入空编，周转编制收回"))
        }
    }
}

fn show_dialog(
    ctx: &egui::Context,
    st: &mut TurnoverState,
    store: &mut Store,
    orgs: &[Org],
) -> Option<String> {
    let max_term = st.max_term_months;
    let pools = st.pools.clone();
    let dialog = st.dialog.as_mut()?;
    let title = match dialog {
        Dialog::NewPool { .. } => "新建周转池",
        Dialog::Fund { .. } => "核定池规模",
        Dialog::Apply { .. } => "计划申请",
        Dialog::Decide { .. } => "审批计划",
        Dialog::Issue { .. } => "下达周转编制",
        Dialog::Hire { .. } => "使用周转编制入编",
        Dialog::Return { .. } => "收回周转编制",
        Dialog::Swap { .. } => "空编置换",
    };
    let error = error_slot(dialog).clone();
    let (confirm, close) = super::dialog(ctx, title, "turnover_dialog", error.as_deref(), |ui| {
        match dialog {
            Dialog::NewPool { name, .. } => {
                text_row(ui, "名称", name, "如 乡镇(街道)人才编制池");
            }
            Dialog::Fund {
                pool,
                from_reserve,
                post_type,
                count,
                doc_no,
                date,
                ..
            } => {
                pool_row(ui, pool, &pools);
                ui.label("来源");
                ui.horizontal(|ui| {
                    ui.radio_value(from_reserve, true, "县集中管理编制");
                    ui.radio_value(from_reserve, false, "上级核定");
                });
                ui.end_row();
                post_type_row(ui, post_type);
                text_row(ui, "数量（名）", count, "");
                text_row(ui, "文号", doc_no, "如 石编〔2026〕12号");
                text_row(ui, "日期", date, "YYYY-MM-DD");
            }
            Dialog::Apply {
                pool,
                org,
                post_type,
                count,
                purpose,
                term,
                return_plan,
                date,
                ..
            } => {
                pool_row(ui, pool, &pools);
                org_combo(ui, "申请单位", org, orgs);
                post_type_row(ui, post_type);
                text_row(ui, "申请数（名）", count, "");
                text_row(ui, "用途", purpose, "如 引进急需紧缺人才");
                text_row(ui, "使用期限（月）", term, &format!("最长 {max_term} 个月"));
                text_row(ui, "收回计划", return_plan, "如 人员转入空编后收回");
                text_row(ui, "申请日期", date, "YYYY-MM-DD");
            }
            Dialog::Decide {
                plan,
                approved,
                reason,
                override_reason,
                date,
                ..
            } => {
                if let Ok(p) = store.turnover_plan(*plan) {
                    ui.label("申请");
                    ui.label(format!(
                        "{} {} {} 名：{}",
                        org_name(orgs, p.org),
                        p.post_type.label(),
                        p.requested,
                        p.purpose
                    ));
                    ui.end_row();
                    let vacancy = store.approved(p.org, p.post_type).unwrap_or(0)
                        - store.occupied(p.org, p.post_type).unwrap_or(0);
                    if vacancy > 0 {
                        ui.label("");
                        ui.colored_label(
                            RED,
                            format!("该单位现有{}空编 {vacancy} 名：默认不予批准，确需批准须填写批准理由", p.post_type.label()),
                        );
                        ui.end_row();
                    }
                }
                text_row(ui, "批准数（名）", approved, "0 为不予批准");
                text_row(ui, "不予批准理由", reason, "");
                text_row(ui, "批准理由（有空编时）", override_reason, "");
                text_row(ui, "审批日期", date, "YYYY-MM-DD");
            }
            Dialog::Issue {
                count,
                doc_no,
                date,
                ..
            } => {
                text_row(ui, "下达数（名）", count, "");
                text_row(ui, "文号", doc_no, "如 石编〔2026〕12号");
                text_row(ui, "下达日期", date, "YYYY-MM-DD");
            }
            Dialog::Hire {
                name,
                id_number,
                doc_no,
                date,
                ..
            } => {
                text_row(ui, "姓名", name, "");
                text_row(ui, "身份证号", id_number, "18 位");
                text_row(ui, "文号", doc_no, "如 石人社〔2026〕12号");
                text_row(ui, "日期", date, "YYYY-MM-DD");
            }
            Dialog::Return {
                count,
                doc_no,
                date,
                ..
            } => {
                text_row(ui, "收回数（名）", count, "");
                text_row(ui, "文号", doc_no, "如 石编〔2026〕12号");
                text_row(ui, "日期", date, "YYYY-MM-DD");
            }
            Dialog::Swap {
                name, doc_no, date, ..
            } => {
                ui.label("人员");
                ui.label(format!("{name}：转入本单位同类空编，周转编制收回周转池"));
                ui.end_row();
                text_row(ui, "文号", doc_no, "如 石编〔2026〕12号");
                text_row(ui, "日期", date, "YYYY-MM-DD");
            }
        }
    });
    let mut done = None;
    if confirm {
        match submit(dialog, store, max_term) {
            Ok(msg) => done = Some(msg),
            Err(e) => set_error(dialog, e),
        }
    }
    if close || done.is_some() {
        st.dialog = None;
    }
    done
}

fn error_slot(d: &mut Dialog) -> &mut Option<String> {
    match d {
        Dialog::NewPool { error, .. }
        | Dialog::Fund { error, .. }
        | Dialog::Apply { error, .. }
        | Dialog::Decide { error, .. }
        | Dialog::Issue { error, .. }
        | Dialog::Hire { error, .. }
        | Dialog::Return { error, .. }
        | Dialog::Swap { error, .. } => error,
    }
}

fn set_error(d: &mut Dialog, e: String) {
    *error_slot(d) = Some(e);
}
