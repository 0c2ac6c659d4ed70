//! Staffing applications (编制事项) from intake to decision: the initial review with its
//! facts from the registry, research, the committee's decision, a request upward and its
//! reply, and closing — which records the ledger entries an approval implies (with its
//! 文号) or a hiring plan (用编). Rectification items (整改) feed the review.

use super::balances::{approved, occupied};
use super::db::{Connection, OptionalExtension, params};
use super::ledger::EntryRequest;
use super::{
    Result, Store, StoreError, Tx, account_label, date_sql, parse_date, post_type_from_sql,
};
use crate::domain::application::{
    AppState, ApplicationKind, Check, DEFAULT_VACANCY_THRESHOLD, Decision, ReviewFacts,
    initial_review,
};
use crate::domain::{
    Account, EntryKind, Movement, OrgId, PersonId, PostType, RuleViolation, rules,
};
use chrono::NaiveDate;
use std::collections::BTreeMap;

/// The setting for the vacancy threshold of the first review rule.
pub const VACANCY_THRESHOLD_KEY: &str = "application.vacancy_threshold";

/// An application as recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Application {
    pub id: i64,
    pub org: OrgId,
    pub kind: ApplicationKind,
    pub post_type: Option<PostType>,
    pub requested: i64,
    pub reason: String,
    pub received_on: String,
    pub market_available: bool,
    /// File paths of the scanned request, one per line.
    pub attachments: String,
    pub state: AppState,
    pub review_reason: String,
    pub override_reason: String,
    pub research_notes: String,
    pub research_depts: String,
    pub standard_figure: Option<i64>,
    pub meeting_date: Option<String>,
    pub meeting_session: String,
    pub decision: Option<Decision>,
    pub approved_count: i64,
    pub requested_up_on: Option<String>,
    pub reply_on: Option<String>,
    pub reply_text: String,
    pub doc_no: String,
}

/// When an application's 初审 checklist was kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReviewStage {
    /// 收文
    Received,
    /// 初审: 受理 or 不予受理
    Reviewed,
    /// 编委会审议
    Decided,
}

impl ReviewStage {
    pub const ALL: [ReviewStage; 3] = [
        ReviewStage::Received,
        ReviewStage::Reviewed,
        ReviewStage::Decided,
    ];
    pub fn code(self) -> &'static str {
        match self {
            ReviewStage::Received => "received",
            ReviewStage::Reviewed => "reviewed",
            ReviewStage::Decided => "decided",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            ReviewStage::Received => "收文时",
            ReviewStage::Reviewed => "初审时",
            ReviewStage::Decided => "审议决定时",
        }
    }
}

/// The 初审 checklist as it stood at one stage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeptReview {
    pub stage: ReviewStage,
    pub date: String,
    pub checks: Vec<Check>,
}

/// What intake records.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApplicationRequest {
    pub org: OrgId,
    pub kind: ApplicationKind,
    pub post_type: Option<PostType>,
    pub requested: i64,
    pub reason: String,
    pub received_on: NaiveDate,
    pub market_available: bool,
    pub attachments: String,
}

/// One step of an application's trail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrailRow {
    pub state: AppState,
    pub note: String,
    pub date: String,
    pub operator: String,
}

/// A rectification item (整改) of a unit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rectification {
    pub id: i64,
    pub org: OrgId,
    pub evaluation: Option<i64>,
    pub description: String,
    pub owner: String,
    pub deadline: String,
    /// `open`, `in_progress` or `done`.
    pub state: String,
}

impl Rectification {
    /// 未整改, 整改中, 已整改, or 逾期 (past the deadline and not done).
    pub fn label(&self, today: NaiveDate) -> &'static str {
        let overdue =
            NaiveDate::parse_from_str(&self.deadline, "%Y-%m-%d").is_ok_and(|d| d < today);
        match self.state.as_str() {
            "done" => "已整改",
            _ if overdue => "逾期",
            "in_progress" => "整改中",
            _ => "未整改",
        }
    }
}

/// Posts a 用编 approval allows the unit to hire into.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HiringPlan {
    pub id: i64,
    pub application: i64,
    pub org: OrgId,
    pub post_type: PostType,
    pub count: i64,
    pub used: i64,
    pub doc_no: String,
    /// Until when it may be used (its 核准使用编制通知单 says): none until one is issued.
    pub valid_until: Option<NaiveDate>,
}

impl HiringPlan {
    pub fn remaining(&self) -> i64 {
        self.count - self.used
    }
}

/// Per-year counts the county reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ApplicationYear {
    pub received: i64,
    pub accepted: i64,
    pub suggestions: i64,
}

/// Where an approval's posts come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PostSource {
    /// 县集中管理编制 (within the county's authority).
    Reserve,
    /// 上级核定 (after a request upward was granted).
    Above,
}

const COLUMNS: &str = "id, org_id, kind, post_type, requested, reason, received_on, \
     market_available, attachments, state, review_reason, override_reason, research_notes, \
     research_depts, standard_figure, meeting_date, meeting_session, decision, approved_count, \
     requested_up_on, reply_on, reply_text, doc_no";

fn from_row(r: &super::db::Row<'_>) -> super::db::Result<Result<Application>> {
    let kind: String = r.get(2)?;
    let pt: Option<String> = r.get(3)?;
    let state: String = r.get(9)?;
    let decision: Option<String> = r.get(17)?;
    Ok((|| {
        Ok(Application {
            id: r.get(0)?,
            org: OrgId(r.get(1)?),
            kind: ApplicationKind::from_code(&kind)
                .ok_or_else(|| StoreError::Corrupt(format!("事项类别“{kind}”")))?,
            post_type: pt.as_deref().map(post_type_from_sql).transpose()?,
            requested: r.get(4)?,
            reason: r.get(5)?,
            received_on: r.get(6)?,
            market_available: r.get(7)?,
            attachments: r.get(8)?,
            state: AppState::from_code(&state)
                .ok_or_else(|| StoreError::Corrupt(format!("事项状态“{state}”")))?,
            review_reason: r.get(10)?,
            override_reason: r.get(11)?,
            research_notes: r.get(12)?,
            research_depts: r.get(13)?,
            standard_figure: r.get(14)?,
            meeting_date: r.get(15)?,
            meeting_session: r.get(16)?,
            decision: decision.as_deref().and_then(Decision::from_code),
            approved_count: r.get(18)?,
            requested_up_on: r.get(19)?,
            reply_on: r.get(20)?,
            reply_text: r.get(21)?,
            doc_no: r.get(22)?,
        })
    })())
}

pub(crate) fn load_application(conn: &Connection, id: i64) -> Result<Application> {
    conn.query_row(
        &format!("SELECT {COLUMNS} FROM applications WHERE id = ?1"),
        [id],
        from_row,
    )
    .optional()?
    .ok_or_else(|| StoreError::NotFound(format!("编制事项（编号 {id}）")))?
}

fn vacancies_of(conn: &Connection, org: OrgId) -> Result<i64> {
    let mut n = 0;
    for pt in PostType::ALL {
        n += (approved(conn, org, pt)? - occupied(conn, org, pt)?).max(0);
    }
    Ok(n)
}

/// People beyond the unit's approved posts, summed over the types where it is over.
fn excess_of(conn: &Connection, org: OrgId) -> Result<i64> {
    let mut n = 0;
    for pt in PostType::ALL {
        n += (occupied(conn, org, pt)? - approved(conn, org, pt)?).max(0);
    }
    Ok(n)
}

fn over_quota(conn: &Connection, org: OrgId) -> Result<bool> {
    for pt in PostType::ALL {
        if occupied(conn, org, pt)? > approved(conn, org, pt)? {
            return Ok(true);
        }
    }
    Ok(false)
}

/// The facts of the initial review, from the registry, the ledger and rectifications.
pub(crate) fn review_facts(
    conn: &Connection,
    app: &Application,
    threshold: i64,
) -> Result<ReviewFacts> {
    let org = super::orgs::load_org(conn, app.org)?;
    let dept = org.parent.unwrap_or(org.id);
    let dept_name = account_label(conn, Account::Org(dept));
    // The department and every unit it manages.
    let mut managed = vec![dept];
    let mut st = conn.prepare_cached("SELECT id FROM orgs WHERE parent_id = ?1")?;
    let ids = st.query_map([dept.0], |r| r.get::<_, i64>(0))?;
    for id in ids {
        managed.push(OrgId(id?));
    }
    let mut open_rectifications = Vec::new();
    let mut over_quota_units = Vec::new();
    for &o in &managed {
        let mut st = conn.prepare_cached(
            "SELECT description FROM rectifications WHERE org_id = ?1 AND state <> 'done' ORDER BY id",
        )?;
        let rows = st.query_map([o.0], |r| r.get::<_, String>(0))?;
        let name = account_label(conn, Account::Org(o));
        for d in rows {
            open_rectifications.push(format!("{name}：{}", d?));
        }
        if over_quota(conn, o)? {
            over_quota_units.push(name);
        }
    }
    Ok(ReviewFacts {
        kind: app.kind,
        org: org.name,
        vacancies: vacancies_of(conn, app.org)?,
        excess: excess_of(conn, app.org)?,
        vacancy_threshold: threshold,
        supervisor: dept_name,
        open_rectifications,
        over_quota_units,
        market_available: app.market_available,
    })
}

impl Store {
    /// Applications, newest first; only those in `state` when given.
    pub fn applications(&self, state: Option<AppState>) -> Result<Vec<Application>> {
        let mut st = self.conn.prepare(&format!(
            "SELECT {COLUMNS} FROM applications WHERE CAST(?1 AS TEXT) IS NULL OR state = ?1 ORDER BY id DESC"
        ))?;
        let rows = st.query_map([state.map(AppState::code)], from_row)?;
        let mut out = Vec::new();
        for r in rows {
            out.push(r??);
        }
        Ok(out)
    }

    pub fn application(&self, id: i64) -> Result<Application> {
        load_application(&self.conn, id)
    }

    /// The 初审 checklists kept for an application, oldest first (none for one recorded
    /// before they were kept).
    pub fn kept_reviews(&self, id: i64) -> Result<Vec<KeptReview>> {
        let mut st = self.conn.prepare_cached(
            "SELECT stage, date, checks FROM application_reviews WHERE application_id = ?1 \
             ORDER BY id",
        )?;
        let mut rows = st.query([id])?;
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            let stage: String = r.get(0)?;
            let json: String = r.get(2)?;
            out.push(KeptReview {
                stage: ReviewStage::ALL
                    .into_iter()
                    .find(|s| s.code() == stage)
                    .ok_or_else(|| StoreError::Corrupt(format!("初审留存阶段“{stage}”")))?,
                date: r.get(1)?,
                checks: serde_json::from_str(&json)
                    .map_err(|e| StoreError::Corrupt(format!("事项 {id} 的初审留存：{e}")))?,
            });
        }
        Ok(out)
    }

    /// The initial-review checklist of an application from today's registry, with the
    /// numbers behind each line.
    pub fn review(&self, id: i64) -> Result<Vec<Check>> {
        let app = load_application(&self.conn, id)?;
        Ok(initial_review(&review_facts(
            &self.conn,
            &app,
            vacancy_threshold(&self.conn),
        )?))
    }

    pub fn application_trail(&self, id: i64) -> Result<Vec<TrailRow>> {
        let mut st = self.conn.prepare(
            "SELECT state, note, date, operator FROM application_trail \
             WHERE application_id = ?1 ORDER BY id",
        )?;
        let mut rows = st.query([id])?;
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            let state: String = r.get(0)?;
            out.push(TrailRow {
                state: AppState::from_code(&state)
                    .ok_or_else(|| StoreError::Corrupt(format!("事项状态“{state}”")))?,
                note: r.get(1)?,
                date: r.get(2)?,
                operator: r.get(3)?,
            });
        }
        Ok(out)
    }

    /// Suggestions (合理化建议) given with an application: (text, date).
    pub fn suggestions(&self, id: i64) -> Result<Vec<(String, String)>> {
        let mut st = self.conn.prepare(
            "SELECT text, given_on FROM suggestions WHERE application_id = ?1 ORDER BY id",
        )?;
        let rows = st.query_map([id], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<super::db::Result<_>>()?)
    }

    /// Received, accepted and suggestions per year.
    pub fn application_years(&self) -> Result<BTreeMap<i32, ApplicationYear>> {
        self.application_years_as_of(None)
    }

    /// [`Store::application_years`] counting only what is dated on or before `as_of`.
    pub fn application_years_as_of(
        &self,
        as_of: Option<NaiveDate>,
    ) -> Result<BTreeMap<i32, ApplicationYear>> {
        let mut out: BTreeMap<i32, ApplicationYear> = BTreeMap::new();
        let year = |s: &str| s.get(..4).and_then(|y| y.parse::<i32>().ok()).unwrap_or(0);
        let until = as_of.map(date_sql);
        let counts = |d: &str| until.as_deref().is_none_or(|u| d <= u);
        let mut st = self
            .conn
            .prepare("SELECT received_on, accepted_on FROM applications")?;
        let mut rows = st.query(())?;
        while let Some(r) = rows.next()? {
            let received: String = r.get(0)?;
            if counts(&received) {
                out.entry(year(&received)).or_default().received += 1;
            }
            if let Some(a) = r.get::<_, Option<String>>(1)?
                && counts(&a)
            {
                out.entry(year(&a)).or_default().accepted += 1;
            }
        }
        let mut st = self.conn.prepare("SELECT given_on FROM suggestions")?;
        let mut rows = st.query(())?;
        while let Some(r) = rows.next()? {
            let given: String = r.get(0)?;
            if counts(&given) {
                out.entry(year(&given)).or_default().suggestions += 1;
            }
        }
        Ok(out)
    }

    /// Rectification items, all or of one unit, oldest first.
    pub fn rectifications(&self, org: Option<OrgId>) -> Result<Vec<Rectification>> {
        let mut st = self.conn.prepare(
            "SELECT id, org_id, evaluation_id, description, owner, deadline, state \
             FROM rectifications WHERE CAST(?1 AS BIGINT) IS NULL OR org_id = ?1 ORDER BY id",
        )?;
        let rows = st.query_map([org.map(|o| o.0)], |r| {
            Ok(Rectification {
                id: r.get(0)?,
                org: OrgId(r.get(1)?),
                evaluation: r.get(2)?,
                description: r.get(3)?,
                owner: r.get(4)?,
                deadline: r.get(5)?,
                state: r.get(6)?,
            })
        })?;
        Ok(rows.collect::<super::db::Result<_>>()?)
    }

    /// Copies scanned request files beside the database (`attachments/<application>/`) and
    /// records their new paths; with a database in memory the original paths are kept.
    pub fn attach_files(&mut self, id: i64, files: &[std::path::PathBuf]) -> Result<Vec<String>> {
        let app = load_application(&self.conn, id)?;
        let dir = self
            .path()
            .and_then(|p| p.parent())
            .map(|d| d.join("attachments").join(id.to_string()));
        let mut kept = Vec::new();
        for f in files {
            let target = match &dir {
                Some(dir) => {
                    std::fs::create_dir_all(dir).map_err(|e| StoreError::Io {
                        path: dir.display().to_string(),
                        message: e.to_string(),
                    })?;
                    let name = f.file_name().map(|n| n.to_os_string()).unwrap_or_default();
                    let t = dir.join(name);
                    std::fs::copy(f, &t).map_err(|e| StoreError::Io {
                        path: f.display().to_string(),
                        message: e.to_string(),
                    })?;
                    t
                }
                None => f.clone(),
            };
            kept.push(target.display().to_string());
        }
        let all: Vec<String> = app
            .attachments
            .lines()
            .map(str::to_string)
            .chain(kept.iter().cloned())
            .filter(|l| !l.trim().is_empty())
            .collect();
        self.conn.execute(
            "UPDATE applications SET attachments = ?2 WHERE id = ?1",
            params![id, all.join("\n")],
        )?;
        Ok(kept)
    }

    /// Hiring plans (用编) of a unit, or all.
    pub fn hiring_plans(&self, org: Option<OrgId>) -> Result<Vec<HiringPlan>> {
        hiring_plans(&self.conn, org)
    }
}

fn hiring_plans(conn: &Connection, org: Option<OrgId>) -> Result<Vec<HiringPlan>> {
    let mut st = conn.prepare_cached(
        "SELECT h.id, h.application_id, h.org_id, h.post_type, h.count, \
         (SELECT COUNT(*) FROM hiring_plan_uses u WHERE u.plan_id = h.id), h.doc_no, \
         h.valid_until \
         FROM hiring_plans h WHERE CAST(?1 AS BIGINT) IS NULL OR h.org_id = ?1 ORDER BY h.id",
    )?;
    let mut rows = st.query([org.map(|o| o.0)])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        out.push(HiringPlan {
            id: r.get(0)?,
            application: r.get(1)?,
            org: OrgId(r.get(2)?),
            post_type: post_type_from_sql(&r.get::<_, String>(3)?)?,
            count: r.get(4)?,
            used: r.get(5)?,
            doc_no: r.get(6)?,
            valid_until: r
                .get::<_, Option<String>>(7)?
                .map(|d| parse_date(&d))
                .transpose()?,
        });
    }
    Ok(out)
}

/// What closing an approval will record, for the preview.
pub fn implied_changes(app: &Application, count: i64, source: PostSource) -> Vec<String> {
    let pt = app.post_type.map(PostType::label).unwrap_or("");
    match app.kind {
        ApplicationKind::IncreasePosts => vec![match source {
            PostSource::Reserve => format!("台账：从县集中管理编制调剂{pt} {count} 名到本单位"),
            PostSource::Above => format!("台账：上级核定本单位{pt} {count} 名"),
        }],
        ApplicationKind::UsePosts => vec![format!("用编计划：本单位可使用{pt}空编进人 {count} 名")],
        ApplicationKind::MoreLeaders => vec![format!("本单位副职领导职数增加 {count} 名")],
        _ => vec!["不涉及编制数变动，仅办结".to_string()],
    }
}

impl Tx<'_> {
    /// Keeps the 初审 checklist as it stands now, for `stage`.
    fn keep_review(&mut self, id: i64, stage: ReviewStage, date: NaiveDate) -> Result<()> {
        let app = load_application(self.conn, id)?;
        let checks = initial_review(&review_facts(
            self.conn,
            &app,
            vacancy_threshold(self.conn),
        )?);
        let json = serde_json::to_string(&checks)
            .map_err(|e| StoreError::Corrupt(format!("事项 {id} 的初审：{e}")))?;
        self.conn.execute(
            "INSERT INTO application_reviews (application_id, stage, date, checks, operator, \
             entered_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![
                id,
                stage.code(),
                date_sql(date),
                json,
                self.operator,
                self.now
            ],
        )?;
        Ok(())
    }

    fn trail(&mut self, id: i64, state: AppState, note: &str, date: NaiveDate) -> Result<()> {
        self.conn.execute(
            "UPDATE applications SET state = ?2 WHERE id = ?1",
            params![id, state.code()],
        )?;
        self.conn.execute(
            "INSERT INTO application_trail (application_id, state, note, date, operator, entered_at) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![id, state.code(), note.trim(), date_sql(date), self.operator, self.now],
        )?;
        Ok(())
    }

    fn expect_state(&self, app: &Application, allowed: &[AppState], action: &str) -> Result<()> {
        if allowed.contains(&app.state) {
            Ok(())
        } else {
            Err(RuleViolation::Application(format!(
                "该事项目前“{}”，不能{action}",
                app.state.label()
            ))
            .into())
        }
    }

    /// Intake: records a unit's request (待初审).
    pub fn receive_application(&mut self, req: &ApplicationRequest) -> Result<i64> {
        self.describe("编制事项收文");
        super::orgs::load_org(self.conn, req.org)?;
        if req.reason.trim().is_empty() {
            return Err(
                RuleViolation::Application("请填写申请理由：初审和审议都要依据它".into()).into(),
            );
        }
        if req.kind.has_posts() {
            if req.post_type.is_none() {
                return Err(RuleViolation::Application("请选择申请的编制类型".into()).into());
            }
            rules::check_count(req.requested)?;
        }
        let id = self.conn.insert(
            "INSERT INTO applications (org_id, kind, post_type, requested, reason, received_on, \
             market_available, attachments, state, operator, entered_at) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 'received', ?9, ?10)",
            params![
                req.org.0,
                req.kind.code(),
                req.post_type
                    .filter(|_| req.kind.has_posts())
                    .map(PostType::code),
                req.requested.max(0),
                req.reason.trim(),
                date_sql(req.received_on),
                req.market_available,
                req.attachments.trim(),
                self.operator,
                self.now
            ],
        )?;
        self.trail(id, AppState::Received, "收到申请", req.received_on)?;
        self.keep_review(id, ReviewStage::Received, req.received_on)?;
        Ok(id)
    }

    /// 初审: 受理 or 不予受理. Not accepting needs a reason; accepting while a check fails
    /// needs a reason that is kept.
    pub fn review_application(
        &mut self,
        id: i64,
        accept: bool,
        reason: &str,
        override_reason: &str,
        date: NaiveDate,
    ) -> Result<AppState> {
        self.describe("编制事项初审");
        let app = load_application(self.conn, id)?;
        self.expect_state(&app, &[AppState::Received], "初审")?;
        let threshold = vacancy_threshold(self.conn);
        let failed: Vec<Check> = initial_review(&review_facts(self.conn, &app, threshold)?)
            .into_iter()
            .filter(|c| !c.passed)
            .collect();
        // A reason to accept is kept only when a check failed.
        let override_reason = if failed.is_empty() {
            ""
        } else {
            override_reason
        };
        let state = if accept {
            if !failed.is_empty() && override_reason.trim().is_empty() {
                return Err(RuleViolation::Application(format!(
                    "初审未通过（{}），按规定不予受理；如确需受理，请填写理由",
                    failed
                        .iter()
                        .map(|c| c.detail.as_str())
                        .collect::<Vec<_>>()
                        .join("；")
                ))
                .into());
            }
            AppState::Accepted
        } else {
            if reason.trim().is_empty() {
                return Err(RuleViolation::Application("不予受理须填写理由".into()).into());
            }
            AppState::NotAccepted
        };
        self.conn.execute(
            "UPDATE applications SET review_reason = ?2, override_reason = ?3, accepted_on = ?4 \
             WHERE id = ?1",
            params![
                id,
                reason.trim(),
                override_reason.trim(),
                accept.then(|| date_sql(date))
            ],
        )?;
        let note = if accept {
            if override_reason.trim().is_empty() {
                "初审通过，受理".to_string()
            } else {
                format!("初审未通过仍受理：{}", override_reason.trim())
            }
        } else {
            format!("不予受理：{}", reason.trim())
        };
        // 不予受理 ends the matter; it stays in that state.
        self.trail(id, state, &note, date)?;
        self.keep_review(id, ReviewStage::Reviewed, date)?;
        Ok(state)
    }

    /// 调研论证: notes from joint research, the departments, and the standard's figure.
    pub fn record_research(
        &mut self,
        id: i64,
        notes: &str,
        departments: &str,
        standard_figure: Option<i64>,
        date: NaiveDate,
    ) -> Result<()> {
        self.describe("编制事项调研");
        let app = load_application(self.conn, id)?;
        self.expect_state(
            &app,
            &[AppState::Accepted, AppState::Researching],
            "调研论证",
        )?;
        self.conn.execute(
            "UPDATE applications SET research_notes = ?2, research_depts = ?3, \
             standard_figure = ?4 WHERE id = ?1",
            params![id, notes.trim(), departments.trim(), standard_figure],
        )?;
        let note = match standard_figure {
            Some(n) => format!("调研论证：按标准测算 {n} 名。{}", notes.trim()),
            None => format!("调研论证：{}", notes.trim()),
        };
        self.trail(id, AppState::Researching, &note, date)?;
        self.trail(id, AppState::AwaitingDecision, "提交编委会审议", date)
    }

    /// 审议: the committee's decision. Beyond the county's authority, it becomes a request
    /// upward (请示). Otherwise an approval is carried out at once (see
    /// [`Tx::close_application`]); a refusal ends the matter.
    #[allow(clippy::too_many_arguments)]
    pub fn decide_application(
        &mut self,
        id: i64,
        meeting_date: NaiveDate,
        session: &str,
        decision: Decision,
        approved_count: i64,
        beyond_authority: bool,
        doc_no: &str,
        source: PostSource,
    ) -> Result<AppState> {
        self.describe("编制事项决定");
        let app = load_application(self.conn, id)?;
        self.expect_state(
            &app,
            &[AppState::Accepted, AppState::AwaitingDecision],
            "审议",
        )?;
        let count = match decision {
            Decision::Refuse => 0,
            Decision::Approve
                if app.kind.has_posts() || app.kind == ApplicationKind::MoreLeaders =>
            {
                if app.requested > 0 {
                    app.requested
                } else {
                    approved_count
                }
            }
            _ => approved_count,
        };
        if decision == Decision::Partly && (count <= 0 || count >= app.requested) {
            return Err(RuleViolation::Application(format!(
                "部分同意的数量应在 1 到 {} 之间（填的是 {count}）",
                app.requested.max(1) - 1
            ))
            .into());
        }
        self.conn.execute(
            "UPDATE applications SET meeting_date = ?2, meeting_session = ?3, decision = ?4, \
             approved_count = ?5 WHERE id = ?1",
            params![
                id,
                date_sql(meeting_date),
                session.trim(),
                decision.code(),
                count
            ],
        )?;
        // As it stood when decided, before the decision's own entries change the figures.
        self.keep_review(id, ReviewStage::Decided, meeting_date)?;
        let note = format!(
            "编委会审议（{} {}）：{}{}",
            meeting_date,
            session.trim(),
            decision.label(),
            if count > 0 {
                format!(" {count} 名")
            } else {
                String::new()
            }
        );
        if decision == Decision::Refuse {
            self.trail(id, AppState::AwaitingDecision, &note, meeting_date)?;
            self.close(id, meeting_date, "")?;
            return Ok(AppState::Closed);
        }
        if beyond_authority {
            self.conn.execute(
                "UPDATE applications SET requested_up_on = ?2 WHERE id = ?1",
                params![id, date_sql(meeting_date)],
            )?;
            self.trail(
                id,
                AppState::RequestedUp,
                &format!("{note}；超出县级权限，向上级请示"),
                meeting_date,
            )?;
            return Ok(AppState::RequestedUp);
        }
        self.trail(id, AppState::AwaitingDecision, &note, meeting_date)?;
        self.close_application(id, doc_no, meeting_date, source)?;
        Ok(AppState::Closed)
    }

    /// The reply to a request upward: granted (with the number) or not.
    pub fn record_reply(
        &mut self,
        id: i64,
        date: NaiveDate,
        text: &str,
        granted: i64,
    ) -> Result<()> {
        self.describe("编制事项批复");
        let app = load_application(self.conn, id)?;
        self.expect_state(&app, &[AppState::RequestedUp], "登记批复")?;
        self.conn.execute(
            "UPDATE applications SET reply_on = ?2, reply_text = ?3, approved_count = ?4 \
             WHERE id = ?1",
            params![id, date_sql(date), text.trim(), granted.max(0)],
        )?;
        self.trail(
            id,
            AppState::Replied,
            &format!("上级批复：{}（{} 名）", text.trim(), granted.max(0)),
            date,
        )
    }

    /// 办结: records what an approval implies with its 文号 — ledger entries for more posts,
    /// a hiring plan for 用编, more leadership positions — and closes the application.
    pub fn close_application(
        &mut self,
        id: i64,
        doc_no: &str,
        date: NaiveDate,
        source: PostSource,
    ) -> Result<()> {
        self.describe("编制事项办结");
        let app = load_application(self.conn, id)?;
        self.expect_state(
            &app,
            &[
                AppState::AwaitingDecision,
                AppState::Accepted,
                AppState::Replied,
            ],
            "办结",
        )?;
        let count = app.approved_count;
        if count > 0 {
            rules::check_doc_no(doc_no)?;
            match (app.kind, app.post_type) {
                (ApplicationKind::IncreasePosts, Some(pt)) => {
                    let (kind, from) = match source {
                        PostSource::Reserve => (EntryKind::Reallocate, Account::Reserve),
                        PostSource::Above => (EntryKind::Approve, Account::Above),
                    };
                    self.application_id = Some(id);
                    let r = self.record(&EntryRequest {
                        date,
                        doc_no: doc_no.to_string(),
                        kind,
                        reason: format!("编制事项第 {id} 号：{}", app.reason),
                        movement: Movement {
                            post_type: pt,
                            count,
                            from,
                            to: Account::Org(app.org),
                        },
                    });
                    self.application_id = None;
                    r?;
                }
                (ApplicationKind::UsePosts, Some(pt)) => {
                    self.conn.execute(
                        "INSERT INTO hiring_plans (application_id, org_id, post_type, count, \
                         doc_no, date) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                        params![
                            id,
                            app.org.0,
                            pt.code(),
                            count,
                            doc_no.trim(),
                            date_sql(date)
                        ],
                    )?;
                }
                (ApplicationKind::MoreLeaders, _) => {
                    self.record_leader_entry(
                        app.org,
                        crate::domain::leadership::Level::Deputy,
                        count,
                        date,
                        doc_no,
                        "编制事项批复：增加领导职数",
                    )?;
                }
                _ => {}
            }
        }
        self.conn.execute(
            "UPDATE applications SET doc_no = ?2 WHERE id = ?1",
            params![id, doc_no.trim()],
        )?;
        self.close(id, date, doc_no)
    }

    fn close(&mut self, id: i64, date: NaiveDate, doc_no: &str) -> Result<()> {
        self.conn.execute(
            "UPDATE applications SET closed_on = ?2 WHERE id = ?1",
            params![id, date_sql(date)],
        )?;
        let note = if doc_no.trim().is_empty() {
            "办结".to_string()
        } else {
            format!("办结（{}）", doc_no.trim())
        };
        self.trail(id, AppState::Closed, &note, date)
    }

    /// 合理化建议 given to the applicant.
    pub fn add_suggestion(&mut self, id: i64, text: &str, date: NaiveDate) -> Result<()> {
        self.describe("登记意见建议");
        load_application(self.conn, id)?;
        if text.trim().is_empty() {
            return Err(RuleViolation::Application("请填写建议内容".into()).into());
        }
        self.conn.execute(
            "INSERT INTO suggestions (application_id, text, given_on, operator, entered_at) \
             VALUES (?1, ?2, ?3, ?4, ?5)",
            params![id, text.trim(), date_sql(date), self.operator, self.now],
        )?;
        Ok(())
    }

    /// A rectification item for a unit (from an evaluation when `evaluation` is given).
    pub fn add_rectification(
        &mut self,
        org: OrgId,
        evaluation: Option<i64>,
        description: &str,
        owner: &str,
        deadline: NaiveDate,
    ) -> Result<i64> {
        self.describe("登记整改事项");
        super::orgs::load_org(self.conn, org)?;
        if description.trim().is_empty() {
            return Err(RuleViolation::Application("请填写整改事项".into()).into());
        }
        let new_id = self.conn.insert(
            "INSERT INTO rectifications (org_id, evaluation_id, description, owner, deadline, \
             state, operator, entered_at) VALUES (?1, ?2, ?3, ?4, ?5, 'open', ?6, ?7)",
            params![
                org.0,
                evaluation,
                description.trim(),
                owner.trim(),
                date_sql(deadline),
                self.operator,
                self.now
            ],
        )?;
        Ok(new_id)
    }

    /// Moves a rectification item to `in_progress` or `done`.
    pub fn set_rectification_state(&mut self, id: i64, state: &str, date: NaiveDate) -> Result<()> {
        self.describe("更新整改状态");
        if !matches!(state, "open" | "in_progress" | "done") {
            return Err(RuleViolation::Application(format!("整改状态“{state}”无法识别")).into());
        }
        let n = self.conn.execute(
            "UPDATE rectifications SET state = ?2, closed_on = ?3 WHERE id = ?1",
            params![id, state, (state == "done").then(|| date_sql(date))],
        )?;
        if n == 0 {
            return Err(StoreError::NotFound(format!("整改事项（编号 {id}）")));
        }
        Ok(())
    }

    /// Counts a hire against the unit's 用编 plan for that type, when it has one left and
    /// valid on the hire's date (a plan past its 核准使用编制通知单's date is not used).
    pub(crate) fn use_hiring_plan(
        &mut self,
        org: OrgId,
        post_type: PostType,
        person: PersonId,
        date: NaiveDate,
    ) -> Result<Option<i64>> {
        let plan = hiring_plans(self.conn, Some(org))?.into_iter().find(|p| {
            p.post_type == post_type && p.remaining() > 0 && p.valid_until.is_none_or(|v| date <= v)
        });
        if let Some(p) = &plan {
            self.conn.execute(
                "INSERT INTO hiring_plan_uses (plan_id, person_id, date) VALUES (?1, ?2, ?3)",
                params![p.id, person.0, date_sql(date)],
            )?;
        }
        Ok(plan.map(|p| p.id))
    }
}

/// The vacancy threshold of the first review rule (a setting, 2 by default).
fn vacancy_threshold(conn: &Connection) -> i64 {
    super::setting_value(conn, VACANCY_THRESHOLD_KEY, DEFAULT_VACANCY_THRESHOLD)
}
