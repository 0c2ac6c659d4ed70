//! Turnover pools: plan applications, issues (下达), hires onto turnover posts, returns
//! (人走编收, 空编置换, 收回). A pool's total is its ledger balance; what is issued is the
//! issues minus their returns; the rest is available.

use super::balances::{approved, issued_from, occupied, pool_available, turnover_issue_of};
use super::db::{Connection, OptionalExtension, params};
use super::people::{HireRequest, load_person};
use super::{
    Result, Store, StoreError, Tx, account_label, date_sql, parse_date, post_type_from_sql,
};
use crate::domain::turnover::PoolScope;
use crate::domain::turnover::{
    self, PlanState, PoolBalance, ReturnReason, check_issue, check_return, check_turnover_hire,
    decide_plan,
};
use crate::domain::{Account, OrgId, OrgKind, PersonId, PoolId, PostType, RuleViolation, rules};
use chrono::NaiveDate;
use std::collections::{BTreeMap, HashMap};

/// A plan application (计划申请) and the decision on it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    pub id: i64,
    pub pool: PoolId,
    pub org: OrgId,
    pub post_type: PostType,
    pub requested: i64,
    pub purpose: String,
    pub term_months: u32,
    pub return_plan: String,
    pub applied_on: String,
    pub state: PlanState,
    pub approved: i64,
    pub decision_reason: String,
    pub override_reason: String,
    /// Posts issued under this plan so far (returns not subtracted).
    pub issued: i64,
}

/// What a unit applies for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanRequest {
    pub pool: PoolId,
    pub org: OrgId,
    pub post_type: PostType,
    pub requested: i64,
    pub purpose: String,
    pub term_months: u32,
    pub return_plan: String,
    pub applied_on: NaiveDate,
}

/// Posts issued (下达) to a unit under a plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Issue {
    pub id: i64,
    pub plan: i64,
    pub pool: PoolId,
    pub org: OrgId,
    pub post_type: PostType,
    pub count: i64,
    pub doc_no: String,
    pub date: String,
    pub due_on: NaiveDate,
    pub returned: i64,
    /// People on its posts now.
    pub holders: i64,
}

impl Issue {
    /// Posts of this issue still out of the pool.
    pub fn issued_now(&self) -> i64 {
        self.count - self.returned
    }

    /// Overdue or due this year, with posts still out (None when nothing needs doing yet).
    pub fn due(&self, today: NaiveDate) -> Option<turnover::Due> {
        match turnover::due_status(self.due_on, today) {
            turnover::Due::Later => None,
            _ if self.issued_now() <= 0 => None,
            d => Some(d),
        }
    }
}

/// Posts that came back to a pool.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReturnRow {
    pub issue: i64,
    pub count: i64,
    pub reason: ReturnReason,
    pub person: Option<PersonId>,
    pub date: String,
    pub doc_no: String,
}

/// A person on a turnover post.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Holder {
    pub person: PersonId,
    pub name: String,
    pub org: OrgId,
    pub post_type: PostType,
    pub issue: i64,
    pub pool: PoolId,
    pub due_on: NaiveDate,
    /// Ordinary vacancies of the same type in the unit now (空编置换 is possible when > 0).
    pub ordinary_vacancy: i64,
}

/// Per-year counts of a county's turnover posts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct TurnoverYear {
    pub issued: i64,
    pub returned: i64,
    pub swapped: i64,
}

const PLAN_COLUMNS: &str = "p.id, p.pool_id, p.org_id, p.post_type, p.requested, p.purpose, \
     p.term_months, p.return_plan, p.applied_on, p.state, p.approved, p.decision_reason, \
     p.override_reason, (SELECT COALESCE(SUM(i.count), 0) FROM turnover_issues i WHERE i.plan_id = p.id)";

fn plan_from_row(r: &super::db::Row<'_>) -> super::db::Result<Result<Plan>> {
    let pt: String = r.get(3)?;
    let state: String = r.get(9)?;
    let term: i64 = r.get(6)?;
    Ok((|| {
        Ok(Plan {
            id: r.get(0)?,
            pool: PoolId(r.get(1)?),
            org: OrgId(r.get(2)?),
            post_type: post_type_from_sql(&pt)?,
            requested: r.get(4)?,
            purpose: r.get(5)?,
            term_months: u32::try_from(term).unwrap_or(0),
            return_plan: r.get(7)?,
            applied_on: r.get(8)?,
            state: PlanState::from_code(&state)
                .ok_or_else(|| StoreError::Corrupt(format!("计划状态“{state}”")))?,
            approved: r.get(10)?,
            decision_reason: r.get(11)?,
            override_reason: r.get(12)?,
            issued: r.get(13)?,
        })
    })())
}

pub(crate) fn load_plan(conn: &Connection, id: i64) -> Result<Plan> {
    conn.query_row(
        &format!("SELECT {PLAN_COLUMNS} FROM turnover_plans p WHERE p.id = ?1"),
        [id],
        plan_from_row,
    )
    .optional()?
    .ok_or_else(|| StoreError::NotFound(format!("周转编制计划（编号 {id}）")))?
}

const ISSUE_COLUMNS: &str = "i.id, i.plan_id, i.pool_id, i.org_id, i.post_type, i.count, i.doc_no, \
     i.date, i.due_on, \
     (SELECT COALESCE(SUM(r.count), 0) FROM turnover_returns r WHERE r.issue_id = i.id), \
     (SELECT COUNT(*) FROM persons p WHERE p.turnover_issue = i.id)";

fn issue_from_row(r: &super::db::Row<'_>) -> super::db::Result<Result<Issue>> {
    let pt: String = r.get(4)?;
    let due: String = r.get(8)?;
    Ok((|| {
        Ok(Issue {
            id: r.get(0)?,
            plan: r.get(1)?,
            pool: PoolId(r.get(2)?),
            org: OrgId(r.get(3)?),
            post_type: post_type_from_sql(&pt)?,
            count: r.get(5)?,
            doc_no: r.get(6)?,
            date: r.get(7)?,
            due_on: parse_date(&due)?,
            returned: r.get(9)?,
            holders: r.get(10)?,
        })
    })())
}

pub(crate) fn load_issue(conn: &Connection, id: i64) -> Result<Issue> {
    conn.query_row(
        &format!("SELECT {ISSUE_COLUMNS} FROM turnover_issues i WHERE i.id = ?1"),
        [id],
        issue_from_row,
    )
    .optional()?
    .ok_or_else(|| StoreError::NotFound(format!("周转编制下达记录（编号 {id}）")))?
}

fn collect<T>(
    conn: &Connection,
    sql: &str,
    map: fn(&super::db::Row<'_>) -> super::db::Result<Result<T>>,
) -> Result<Vec<T>> {
    let mut st = conn.prepare(sql)?;
    let rows = st.query_map((), map)?;
    let mut out = Vec::new();
    for r in rows {
        out.push(r??);
    }
    Ok(out)
}

fn pool_balance(conn: &Connection, pool: PoolId) -> Result<PoolBalance> {
    let mut total = 0;
    for pt in PostType::ALL {
        total += super::balances::balance(conn, Account::Pool(pool), pt)?;
    }
    Ok(PoolBalance {
        total,
        issued: issued_from(conn, pool, None)?,
    })
}

/// A pool's scope (专编专用).
fn pool_scope(conn: &Connection, pool: PoolId) -> Result<PoolScope> {
    let code: String = conn.query_row("SELECT scope FROM pools WHERE id = ?1", [pool.0], |r| {
        r.get(0)
    })?;
    Ok(PoolScope::from_code(&code).unwrap_or(PoolScope::Any))
}

impl Store {
    /// Each pool's scope (专编专用).
    pub fn pool_scopes(&self) -> Result<HashMap<PoolId, PoolScope>> {
        let mut st = self.conn.prepare("SELECT id, scope FROM pools")?;
        let rows = st.query_map((), |r| Ok((PoolId(r.get(0)?), r.get::<_, String>(1)?)))?;
        let mut out = HashMap::new();
        for row in rows {
            let (id, code) = row?;
            out.insert(id, PoolScope::from_code(&code).unwrap_or(PoolScope::Any));
        }
        Ok(out)
    }

    /// Posts of a pool out with units on `as_of` (issues and returns dated up to it).
    pub fn pool_issued_as_of(&self, pool: PoolId, as_of: NaiveDate) -> Result<i64> {
        let d = date_sql(as_of);
        Ok(self.conn.query_row(
            "SELECT COALESCE((SELECT SUM(count) FROM turnover_issues WHERE pool_id = ?1 AND date <= ?2), 0) \
             - COALESCE((SELECT SUM(r.count) FROM turnover_returns r JOIN turnover_issues i \
               ON r.issue_id = i.id WHERE i.pool_id = ?1 AND r.date <= ?2), 0)",
            params![pool.0, d],
            |r| r.get(0),
        )?)
    }

    /// Every pool with its total (ledger), issued and available posts.
    pub fn pool_balances(&self) -> Result<Vec<(PoolId, String, PoolBalance)>> {
        let mut out = Vec::new();
        for (id, name) in self.pools()? {
            out.push((id, name, pool_balance(&self.conn, id)?));
        }
        Ok(out)
    }

    pub fn turnover_plans(&self) -> Result<Vec<Plan>> {
        collect(
            &self.conn,
            &format!("SELECT {PLAN_COLUMNS} FROM turnover_plans p ORDER BY p.id DESC"),
            plan_from_row,
        )
    }

    pub fn turnover_plan(&self, id: i64) -> Result<Plan> {
        load_plan(&self.conn, id)
    }

    pub fn turnover_issues(&self) -> Result<Vec<Issue>> {
        collect(
            &self.conn,
            &format!("SELECT {ISSUE_COLUMNS} FROM turnover_issues i ORDER BY i.id DESC"),
            issue_from_row,
        )
    }

    pub fn turnover_returns(&self) -> Result<Vec<ReturnRow>> {
        collect(
            &self.conn,
            "SELECT issue_id, count, reason, person_id, date, doc_no FROM turnover_returns \
             ORDER BY id DESC",
            |r| {
                let reason: String = r.get(2)?;
                let person: Option<i64> = r.get(3)?;
                Ok((|| {
                    Ok(ReturnRow {
                        issue: r.get(0)?,
                        count: r.get(1)?,
                        reason: ReturnReason::from_code(&reason)
                            .ok_or_else(|| StoreError::Corrupt(format!("收回原因“{reason}”")))?,
                        person: person.map(PersonId),
                        date: r.get(4)?,
                        doc_no: r.get(5)?,
                    })
                })())
            },
        )
    }

    /// People on turnover posts, with their due dates and whether their unit now has an
    /// ordinary vacancy of the same type (空编置换).
    pub fn turnover_holders(&self) -> Result<Vec<Holder>> {
        let mut st = self.conn.prepare(
            "SELECT p.id, p.name, p.org_id, p.post_type, i.id, i.pool_id, i.due_on \
             FROM persons p JOIN turnover_issues i ON p.turnover_issue = i.id ORDER BY i.due_on, p.id",
        )?;
        let mut rows = st.query(())?;
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            let org = OrgId(r.get(2)?);
            let pt = post_type_from_sql(&r.get::<_, String>(3)?)?;
            out.push(Holder {
                person: PersonId(r.get(0)?),
                name: r.get(1)?,
                org,
                post_type: pt,
                issue: r.get(4)?,
                pool: PoolId(r.get(5)?),
                due_on: parse_date(&r.get::<_, String>(6)?)?,
                ordinary_vacancy: approved(&self.conn, org, pt)? - occupied(&self.conn, org, pt)?,
            });
        }
        Ok(out)
    }

    /// Issued, returned and swapped posts per year.
    pub fn turnover_years(&self) -> Result<BTreeMap<i32, TurnoverYear>> {
        self.turnover_years_as_of(None)
    }

    /// [`Store::turnover_years`] counting only issues and returns dated on or before `as_of`.
    pub fn turnover_years_as_of(
        &self,
        as_of: Option<NaiveDate>,
    ) -> Result<BTreeMap<i32, TurnoverYear>> {
        let until = as_of.map(date_sql);
        let counts = |d: &str| until.as_deref().is_none_or(|u| d <= u);
        let mut out: BTreeMap<i32, TurnoverYear> = BTreeMap::new();
        for i in self.turnover_issues()? {
            if !counts(&i.date) {
                continue;
            }
            let y: i32 = i.date.get(..4).and_then(|s| s.parse().ok()).unwrap_or(0);
            out.entry(y).or_default().issued += i.count;
        }
        for r in self.turnover_returns()? {
            if !counts(&r.date) {
                continue;
            }
            let y: i32 = r.date.get(..4).and_then(|s| s.parse().ok()).unwrap_or(0);
            let e = out.entry(y).or_default();
            e.returned += r.count;
            if r.reason == ReturnReason::Swapped {
                e.swapped += r.count;
            }
        }
        Ok(out)
    }

    /// The turnover holders of people: person → (issue, due date).
    pub fn turnover_marks(&self) -> Result<HashMap<PersonId, NaiveDate>> {
        Ok(self
            .turnover_holders()?
            .into_iter()
            .map(|h| (h.person, h.due_on))
            .collect())
    }
}

impl Tx<'_> {
    /// 计划申请: a unit applies for turnover posts.
    pub fn apply_turnover_plan(&mut self, req: &PlanRequest, max_term_months: u32) -> Result<i64> {
        self.describe("申请周转编制");
        turnover::check_plan_request(
            req.requested,
            &req.purpose,
            req.term_months,
            max_term_months,
        )?;
        super::orgs::load_org(self.conn, req.org)?;
        let new_id = self.conn.insert(
            "INSERT INTO turnover_plans (pool_id, org_id, post_type, requested, purpose, \
             term_months, return_plan, applied_on, state, operator, entered_at) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 'pending', ?9, ?10)",
            params![
                req.pool.0,
                req.org.0,
                req.post_type.code(),
                req.requested,
                req.purpose.trim(),
                req.term_months,
                req.return_plan.trim(),
                date_sql(req.applied_on),
                self.operator,
                self.now
            ],
        )?;
        Ok(new_id)
    }

    /// Approves (in full or in part) or refuses a pending plan. A unit with ordinary
    /// vacancies of the type is refused unless `override_reason` says why.
    pub fn decide_turnover_plan(
        &mut self,
        plan: i64,
        approved_count: i64,
        reason: &str,
        override_reason: &str,
        date: NaiveDate,
    ) -> Result<PlanState> {
        self.describe("审核周转编制方案");
        let p = load_plan(self.conn, plan)?;
        if p.state != PlanState::Pending {
            return Err(RuleViolation::Turnover(format!(
                "该计划已{}，不能再次审批",
                p.state.label()
            ))
            .into());
        }
        let vacancy =
            approved(self.conn, p.org, p.post_type)? - occupied(self.conn, p.org, p.post_type)?;
        let state = decide_plan(
            &account_label(self.conn, Account::Org(p.org)),
            p.post_type,
            p.requested,
            approved_count,
            vacancy,
            reason,
            override_reason,
        )?;
        self.conn.execute(
            "UPDATE turnover_plans SET state = ?2, approved = ?3, decision_reason = ?4, \
             override_reason = ?5, decided_on = ?6 WHERE id = ?1",
            params![
                plan,
                state.code(),
                approved_count,
                reason.trim(),
                override_reason.trim(),
                date_sql(date)
            ],
        )?;
        Ok(state)
    }

    /// 下达: issues posts of an approved plan to its unit, due back after the plan's term.
    pub fn issue_turnover(
        &mut self,
        plan: i64,
        count: i64,
        doc_no: &str,
        date: NaiveDate,
    ) -> Result<i64> {
        self.describe("下达周转编制");
        rules::check_doc_no(doc_no)?;
        let p = load_plan(self.conn, plan)?;
        if !matches!(p.state, PlanState::Approved | PlanState::PartlyApproved) {
            return Err(
                RuleViolation::Turnover(format!("该计划{}，不能下达", p.state.label())).into(),
            );
        }
        // 专编专用: the pool issues only within its scope.
        let unit = super::orgs::load_org(self.conn, p.org)?;
        let under_township = match unit.parent {
            Some(parent) => super::orgs::load_org(self.conn, parent)?.kind == OrgKind::Township,
            None => false,
        };
        turnover::check_pool_scope(
            &account_label(self.conn, Account::Pool(p.pool)),
            pool_scope(self.conn, p.pool)?,
            &unit.name,
            unit.kind == OrgKind::Township,
            under_township,
        )?;
        check_issue(
            &format!(
                "{}的{}",
                account_label(self.conn, Account::Pool(p.pool)),
                p.post_type
            ),
            p.approved,
            p.issued,
            count,
            pool_available(self.conn, p.pool, p.post_type)?,
        )?;
        let new_id = self.conn.insert(
            "INSERT INTO turnover_issues (plan_id, pool_id, org_id, post_type, count, doc_no, \
             date, due_on, operator, entered_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            params![
                plan,
                p.pool.0,
                p.org.0,
                p.post_type.code(),
                count,
                doc_no.trim(),
                date_sql(date),
                date_sql(turnover::due_date(date, p.term_months)),
                self.operator,
                self.now
            ],
        )?;
        Ok(new_id)
    }

    /// 入编 onto a turnover post of an issue: the person counts in the pool's issued posts,
    /// not in the unit's quota or vacancy.
    pub fn hire_on_turnover(&mut self, issue: i64, req: &HireRequest) -> Result<PersonId> {
        self.describe("周转编制入编");
        let (id, existing, details) = self.prepare_hire(req)?;
        let i = load_issue(self.conn, issue)?;
        check_turnover_hire(i.issued_now(), i.holders)?;
        let pid = self.write_person(existing, &id, &details, (i.org, i.post_type))?;
        self.conn.execute(
            "UPDATE persons SET turnover_issue = ?2 WHERE id = ?1",
            params![pid.0, issue],
        )?;
        self.insert_event(
            pid,
            "hire",
            &date_sql(req.date),
            &req.doc_no,
            "周转编制",
            Some((i.org, i.post_type)),
            None,
        )?;
        Ok(pid)
    }

    /// Records posts coming back to the pool.
    pub(crate) fn insert_return(
        &mut self,
        issue: i64,
        count: i64,
        reason: ReturnReason,
        person: Option<PersonId>,
        date: NaiveDate,
        doc_no: &str,
    ) -> Result<()> {
        self.conn.execute(
            "INSERT INTO turnover_returns (issue_id, count, reason, person_id, date, doc_no, \
             operator, entered_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![
                issue,
                count,
                reason.code(),
                person.map(|p| p.0),
                date_sql(date),
                doc_no.trim(),
                self.operator,
                self.now
            ],
        )?;
        Ok(())
    }

    /// 收回: takes back issued posts nobody holds (unused, or due).
    pub fn return_turnover(
        &mut self,
        issue: i64,
        count: i64,
        date: NaiveDate,
        doc_no: &str,
    ) -> Result<()> {
        self.describe("归还周转编制");
        rules::check_doc_no(doc_no)?;
        let i = load_issue(self.conn, issue)?;
        check_return(i.issued_now(), i.holders, count)?;
        self.insert_return(issue, count, ReturnReason::Returned, None, date, doc_no)
    }

    /// 空编置换: the person moves from the turnover post onto an ordinary vacancy of the same
    /// type in their unit, and the turnover post returns to the pool, in one transaction.
    pub fn swap_turnover(&mut self, person: PersonId, date: NaiveDate, doc_no: &str) -> Result<()> {
        self.describe("周转编制人员转入本单位编制");
        rules::check_doc_no(doc_no)?;
        let p = load_person(self.conn, person)?;
        let Some(issue) = turnover_issue_of(self.conn, person)? else {
            return Err(RuleViolation::Turnover(format!(
                "{}不在周转编制上，无需置换",
                p.details.name
            ))
            .into());
        };
        let Some((org, pt)) = p.status.post() else {
            return Err(StoreError::Corrupt(format!(
                "人员 {} 在周转编制上却不在编",
                person.0
            )));
        };
        rules::check_vacancy(
            &account_label(self.conn, Account::Org(org)),
            pt,
            approved(self.conn, org, pt)?,
            occupied(self.conn, org, pt)?,
            1,
        )?;
        self.set_post(person, org, pt)?;
        self.insert_event(
            person,
            "transfer",
            &date_sql(date),
            doc_no,
            "空编置换",
            Some((org, pt)),
            None,
        )?;
        self.insert_return(issue, 1, ReturnReason::Swapped, Some(person), date, doc_no)
    }
}
