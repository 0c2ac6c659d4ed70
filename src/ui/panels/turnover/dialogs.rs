//! The dialogs of 周转编制: each writes one store operation on 确定.

use crate::domain::turnover::{PoolBalance, PoolScope};
use crate::domain::{OrgId, PersonDetails, PersonId, PoolId, PostType};
use crate::store::turnover::PlanRequest;
use crate::store::{HireRequest, Posts, Store};
use crate::ui::dialog::{Closer, Done, Form};
use crate::ui::panel::{Commands, Cx, org_name};
use crate::ui::theme::ERROR as RED;
use crate::ui::widgets::{choice_row, doc_no_row, org_combo, parse_count, parse_date, text_row};

/// The dialogs of the panel; each writes one transaction on 确定.
pub enum Dialog {
    NewPool {
        name: String,
        /// 专编专用: which units it issues to.
        scope: PoolScope,
    },
    Fund {
        pool: PoolId,
        from_reserve: bool,
        post_type: PostType,
        count: String,
        doc_no: String,
        date: String,
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
    },
    Decide {
        plan: i64,
        approved: String,
        reason: String,
        override_reason: String,
        date: String,
    },
    Issue {
        plan: i64,
        count: String,
        doc_no: String,
        date: String,
    },
    Hire {
        issue: i64,
        name: String,
        id_number: String,
        doc_no: String,
        date: String,
    },
    Return {
        issue: i64,
        count: String,
        doc_no: String,
        date: String,
    },
    Swap {
        person: PersonId,
        name: String,
        doc_no: String,
        date: String,
    },
}

/// A dialog of the panel with what it shows, read when it opens.
pub struct TurnoverForm {
    pub dialog: Dialog,
    pools: Vec<(PoolId, String, PoolBalance)>,
    max_term: u32,
    /// 审批计划: the plan as applied for, and the unit's vacancy of its type when it has one.
    plan_facts: Option<(String, Option<String>)>,
}

impl TurnoverForm {
    pub fn new(dialog: Dialog, st: &super::TurnoverState) -> TurnoverForm {
        TurnoverForm {
            dialog,
            pools: st.pools.clone(),
            max_term: st.max_term_months,
            plan_facts: None,
        }
    }
}

/// What 审批计划 shows of the plan.
fn plan_facts(store: &Store, orgs: &[crate::domain::Org], plan: i64) -> (String, Option<String>) {
    let Ok(p) = store.turnover_plan(plan) else {
        return ("（找不到该计划）".to_string(), None);
    };
    let text = format!(
        "{} {} {} 名：{}",
        org_name(orgs, p.org),
        p.post_type.label(),
        p.requested,
        p.purpose
    );
    let vacancy = store.approved(p.org, p.post_type).unwrap_or(0)
        - store.occupied(p.org, p.post_type).unwrap_or(0);
    let warning = (vacancy > 0).then(|| {
        format!(
            "该单位现有{}空编 {vacancy} 名：默认不予批准，确需批准须填写批准理由",
            p.post_type.label()
        )
    });
    (text, warning)
}

impl Form for TurnoverForm {
    fn title(&self) -> String {
        let dialog = &self.dialog;
        match dialog {
            Dialog::NewPool { .. } => "新建周转池",
            Dialog::Fund { .. } => "核定池规模",
            Dialog::Apply { .. } => "计划申请",
            Dialog::Decide { .. } => "审批计划",
            Dialog::Issue { .. } => "下达周转编制",
            Dialog::Hire { .. } => "使用周转编制入编",
            Dialog::Return { .. } => "收回周转编制",
            Dialog::Swap { .. } => "空编置换",
        }
        .to_string()
    }

    fn load(&mut self, store: &Store) {
        if let Dialog::Decide { plan, .. } = &self.dialog {
            let orgs = store.orgs().unwrap_or_default();
            self.plan_facts = Some(plan_facts(store, &orgs, *plan));
        }
    }

    fn fields(&mut self, ui: &mut egui::Ui, cx: &Cx, _out: &mut Commands, _close: &mut Closer) {
        let (pools, max_term, orgs) = (&self.pools, self.max_term, cx.orgs);
        let dialog = &mut self.dialog;
        match dialog {
            Dialog::NewPool { name, scope } => {
                text_row(ui, "名称", name, "如 乡镇(街道)人才编制池");
                ui.label("下达范围");
                ui.horizontal(|ui| {
                    for s in PoolScope::ALL {
                        ui.radio_value(scope, s, s.label());
                    }
                });
                ui.end_row();
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
                pool_row(ui, pool, pools);
                ui.label("来源");
                ui.horizontal(|ui| {
                    ui.radio_value(from_reserve, true, "县集中管理编制");
                    ui.radio_value(from_reserve, false, "上级核定");
                });
                ui.end_row();
                choice_row(ui, "编制类型", post_type, PostType::ALL, PostType::label);
                text_row(ui, "数量（名）", count, "");
                doc_no_row(ui, doc_no, date, "如 石编〔2026〕12号");
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
                pool_row(ui, pool, pools);
                org_combo(ui, "申请单位", org, orgs);
                choice_row(ui, "编制类型", post_type, PostType::ALL, PostType::label);
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
                let (text, warning) = self
                    .plan_facts
                    .get_or_insert_with(|| plan_facts(cx.store, orgs, *plan));
                ui.label("申请");
                ui.label(text.as_str());
                ui.end_row();
                if let Some(w) = warning {
                    ui.label("");
                    ui.colored_label(RED, w.as_str());
                    ui.end_row();
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
                doc_no_row(ui, doc_no, date, "如 石编〔2026〕12号");
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
                doc_no_row(ui, doc_no, date, "如 石人社〔2026〕12号");
                text_row(ui, "日期", date, "YYYY-MM-DD");
            }
            Dialog::Return {
                count,
                doc_no,
                date,
                ..
            } => {
                text_row(ui, "收回数（名）", count, "");
                doc_no_row(ui, doc_no, date, "如 石编〔2026〕12号");
                text_row(ui, "日期", date, "YYYY-MM-DD");
            }
            Dialog::Swap {
                name, doc_no, date, ..
            } => {
                ui.label("人员");
                ui.label(format!("{name}：转入本单位同类空编，周转编制收回周转池"));
                ui.end_row();
                doc_no_row(ui, doc_no, date, "如 石编〔2026〕12号");
                text_row(ui, "日期", date, "YYYY-MM-DD");
            }
        }
    }

    fn submit(&mut self, store: &mut Store) -> Result<Done, String> {
        submit(&self.dialog, store, self.max_term).map(Done::from)
    }

    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
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
fn submit(d: &Dialog, store: &mut Store, max_term: u32) -> Result<String, String> {
    let e = |e: crate::store::StoreError| e.to_string();
    match d {
        Dialog::NewPool { name, scope } => {
            store.create_scoped_pool(name.trim(), *scope).map_err(e)?;
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
            let posts = Posts {
                post_type: *post_type,
                count: parse_count(count, "数量")?,
                date: parse_date(date)?,
                doc_no,
                reason: "核定周转编制池规模",
            };
            store.fund_pool(*pool, *from_reserve, &posts).map_err(e)?;
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
            store.apply_turnover_plan(&req, max_term).map_err(e)?;
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
                .decide_turnover_plan(*plan, n, reason, override_reason, date)
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
            store.issue_turnover(*plan, n, doc_no, date).map_err(e)?;
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
            store.hire_on_turnover(*issue, &req).map_err(e)?;
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
            store.return_turnover(*issue, n, date, doc_no).map_err(e)?;
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
            store.swap_turnover(*person, date, doc_no).map_err(e)?;
            Ok(format!("{name}已转入空编，周转编制收回"))
        }
    }
}
