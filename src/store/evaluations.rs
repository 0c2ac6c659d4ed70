//! Evaluations (评估): indicator systems kept as versioned data, evaluations of units by
//! year, their scores (automatic items computed from the registry and ledger, overridable
//! with a note), vetoes, the evaluation ledger (评估台账), and the results applied: 核减
//! entries linked to the evaluation, rectification items, policy suggestions.

use super::balances::{approved, occupied};
use super::db::{Connection, OptionalExtension, params};
use super::ledger::EntryRequest;
use super::{Result, Store, StoreError, Tx, account_label, date_sql, setting_value};
use crate::domain::division;
use crate::domain::evaluation::{
    self, AutoSource, IndicatorSystem, Item, grade, ranks, score_item,
};
use crate::domain::leadership::Level;
use crate::domain::{
    Account, DivisionKind, EntryKind, Movement, OrgId, PostType, RuleViolation, rules,
};
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// The setting that marks a database whose indicator systems were given their
/// internal-division sources ([`Tx::add_division_sources`]).
pub(crate) const DIVISION_SOURCES_KEY: &str = "evaluation.division_sources";
/// Set once the indicator systems of a database compute 实名制信息与工资发放数据一致 from 核查
/// (migration 23).
pub(crate) const RECONCILIATION_SOURCES_KEY: &str = "evaluation.reconciliation_sources";

/// Where a check's evidence came from.
pub const SOURCES: [&str; 5] = ["日常", "专项巡察", "专项检查", "法人公示抽查", "满意度调查"];

/// A stored version of an indicator system.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SystemVersion {
    pub id: i64,
    pub version: i64,
    pub system: IndicatorSystem,
}

/// Where an evaluation stands in the evaluation ledger.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum EvalState {
    /// 评估中
    Evaluating,
    /// 已反馈
    FedBack,
    /// 已上会
    Reported,
}

impl EvalState {
    pub const ALL: [EvalState; 3] = [
        EvalState::Evaluating,
        EvalState::FedBack,
        EvalState::Reported,
    ];
    pub fn code(self) -> &'static str {
        match self {
            EvalState::Evaluating => "evaluating",
            EvalState::FedBack => "fed_back",
            EvalState::Reported => "reported",
        }
    }
    pub fn from_code(c: &str) -> Option<EvalState> {
        EvalState::ALL.into_iter().find(|s| s.code() == c)
    }
    pub fn label(self) -> &'static str {
        match self {
            EvalState::Evaluating => "评估中",
            EvalState::FedBack => "已反馈",
            EvalState::Reported => "已上会",
        }
    }
}

/// An automatic item's figure: the number scored and the words behind it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AutoFigure {
    pub value: i64,
    pub text: String,
    /// 无数据: the registry holds nothing to compute it from (a unit without confirmed
    /// internal divisions); `value` means nothing and the item is scored by hand, with a
    /// note, before the evaluation can be fed back.
    #[serde(default)]
    pub no_data: bool,
}

impl AutoFigure {
    fn of(value: i64, text: String) -> AutoFigure {
        AutoFigure {
            value,
            text,
            no_data: false,
        }
    }

    fn no_data(text: String) -> AutoFigure {
        AutoFigure {
            value: 0,
            text,
            no_data: true,
        }
    }
}

impl Line {
    /// An automatic item with no data behind it and nothing entered by hand: it must be
    /// scored before the evaluation is fed back (never a silent 0).
    pub fn awaits_manual_score(&self) -> bool {
        self.input.is_none() && self.auto.as_ref().is_some_and(|a| a.no_data)
    }
}

/// One item on a unit's scoring form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Line {
    pub item: Item,
    /// What was entered (or the automatic figure when nothing was entered).
    pub input: Option<i64>,
    pub score: i64,
    pub auto: Option<AutoFigure>,
    /// The note that goes with overriding an automatic figure.
    pub note: String,
    pub evidence: String,
    pub source: String,
}

/// An evaluation with its form: as kept when it was first fed back (已反馈 or 已上会), or
/// computed from today's registry while it is in progress (`live`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Evaluation {
    pub id: i64,
    pub system_id: i64,
    pub version: i64,
    pub system_name: String,
    pub year: i32,
    pub org: OrgId,
    pub org_name: String,
    pub state: EvalState,
    pub report_date: Option<String>,
    pub lines: Vec<Line>,
    /// Veto items and the note when one is ticked.
    pub vetoes: Vec<(String, Option<String>)>,
    pub total: i64,
    pub grade: String,
    /// Rank among the units evaluated in the same year.
    pub rank: usize,
    pub of: usize,
    /// Figures from today's registry (评估中); `false`: as kept when it was fed back.
    #[serde(skip)]
    pub live: bool,
    /// The day its form was kept (first fed back).
    #[serde(skip)]
    pub kept_on: Option<String>,
}

impl Evaluation {
    pub fn vetoed(&self) -> bool {
        self.vetoes.iter().any(|(_, n)| n.is_some())
    }

    /// The state as the ledger shows it: a live form is marked as such.
    pub fn state_label(&self) -> String {
        if self.live {
            format!("{}（实时数据）", self.state.label())
        } else {
            self.state.label().to_string()
        }
    }
}

/// A 重新打开 of a kept evaluation: why, what it was, who and when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reopening {
    pub reason: String,
    pub prev_state: EvalState,
    pub operator: String,
    pub entered_at: String,
}

/// An evaluation's row: (system, year, unit, state, report date, kept form, kept on).
type EvalRow = (
    i64,
    i32,
    i64,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
);

fn eval_row(conn: &Connection, id: i64) -> Result<EvalRow> {
    conn.query_row(
        "SELECT system_id, year, org_id, state, report_date, kept, kept_on FROM evaluations \
         WHERE id = ?1",
        [id],
        |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
                r.get(6)?,
            ))
        },
    )
    .optional()?
    .ok_or_else(|| StoreError::NotFound(format!("评估（编号 {id}）")))
}

fn eval_state(code: &str) -> Result<EvalState> {
    EvalState::from_code(code).ok_or_else(|| StoreError::Corrupt(format!("评估状态“{code}”")))
}

/// An evaluation's form: as kept, or live from the registry on `today` (a live form's
/// rank is set by [`rank_live`]).
fn form(conn: &Connection, id: i64, today: NaiveDate) -> Result<Evaluation> {
    let row = eval_row(conn, id)?;
    let (_, _, _, state, report, kept, kept_on) = row.clone();
    match kept {
        Some(json) => {
            let mut e: Evaluation = serde_json::from_str(&json)
                .map_err(|e| StoreError::Corrupt(format!("评估 {id} 的留存结果：{e}")))?;
            e.id = id;
            e.state = eval_state(&state)?;
            e.report_date = report;
            e.live = false;
            e.kept_on = kept_on;
            Ok(e)
        }
        None => live_form(conn, id, row, today),
    }
}

/// One evaluation's form, ranked among its year's evaluations.
fn ranked_form(conn: &Connection, id: i64, today: NaiveDate) -> Result<Evaluation> {
    let (_, year, ..) = eval_row(conn, id)?;
    forms(conn, Some(year), today)?
        .into_iter()
        .find(|e| e.id == id)
        .ok_or_else(|| StoreError::NotFound(format!("评估（编号 {id}）")))
}

/// The forms of every evaluation of a year (or of every year), live ones ranked.
fn forms(conn: &Connection, year: Option<i32>, today: NaiveDate) -> Result<Vec<Evaluation>> {
    let ids: Vec<i64> = {
        let mut st = conn.prepare_cached(
            "SELECT id FROM evaluations WHERE CAST(?1 AS BIGINT) IS NULL OR year = ?1 ORDER BY year DESC, id",
        )?;
        st.query_map([year], |r| r.get(0))?
            .collect::<super::db::Result<_>>()?
    };
    let mut all: Vec<Evaluation> = ids
        .into_iter()
        .map(|id| form(conn, id, today))
        .collect::<Result<_>>()?;
    rank_live(&mut all);
    Ok(all)
}

/// Ranks the live forms among all the forms of their year (kept ones with the totals they
/// were kept with). A kept form keeps the rank it was kept with.
fn rank_live(all: &mut [Evaluation]) {
    let mut by_year: HashMap<i32, Vec<usize>> = HashMap::new();
    for (k, e) in all.iter().enumerate() {
        by_year.entry(e.year).or_default().push(k);
    }
    for members in by_year.values() {
        let totals: Vec<i64> = members.iter().map(|&k| all[k].total).collect();
        for (&k, r) in members.iter().zip(ranks(&totals)) {
            if all[k].live {
                all[k].rank = r;
                all[k].of = members.len();
            }
        }
    }
}

/// Refuses to change an evaluation whose result is kept.
fn ensure_in_progress(conn: &Connection, id: i64) -> Result<()> {
    let (_, year, org, state, ..) = eval_row(conn, id)?;
    let state = eval_state(&state)?;
    if state != EvalState::Evaluating {
        return Err(RuleViolation::Evaluation(format!(
            "{}{year}年的评估{}，结果已按反馈时留存；修改须先“重新打开”并说明理由",
            account_label(conn, Account::Org(OrgId(org))),
            state.label()
        ))
        .into());
    }
    Ok(())
}

fn load_system(conn: &Connection, id: i64) -> Result<SystemVersion> {
    let (version, body): (i64, String) = conn.query_row(
        "SELECT version, body FROM indicator_systems WHERE id = ?1",
        [id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    let system: IndicatorSystem = serde_json::from_str(&body)
        .map_err(|e| StoreError::Corrupt(format!("指标体系 {id}：{e}")))?;
    Ok(SystemVersion {
        id,
        version,
        system,
    })
}

/// Ages and degrees of a unit's people on its own posts.
fn people_figures(conn: &Connection, org: OrgId, today: NaiveDate) -> Result<(i64, i64, i64)> {
    let mut st = conn.prepare_cached(
        "SELECT birth, education FROM persons WHERE status = '在编' AND org_id = ?1",
    )?;
    let mut rows = st.query([org.0])?;
    let (mut n, mut young, mut degree) = (0, 0, 0);
    while let Some(r) = rows.next()? {
        n += 1;
        let birth: Option<String> = r.get(0)?;
        let edu: Option<String> = r.get(1)?;
        if let Some(y) = birth
            .as_deref()
            .and_then(|b| b.get(..4))
            .and_then(|y| y.parse::<i32>().ok())
            && today.year() - y < 35
        {
            young += 1;
        }
        if edu.as_deref().is_some_and(|e| {
            e.contains("本科") || e.contains("研究生") || e.contains("硕士") || e.contains("博士")
        }) {
            degree += 1;
        }
    }
    Ok((n, young, degree))
}

/// The figure of an automatic item for a unit, today.
pub(crate) fn auto_figure(
    conn: &Connection,
    org: OrgId,
    source: AutoSource,
    today: NaiveDate,
) -> Result<AutoFigure> {
    let pct = |part: i64, whole: i64| if whole > 0 { part * 100 / whole } else { 0 };
    Ok(match source {
        AutoSource::OverdueRectifications => {
            let n: i64 = conn.query_row(
                "SELECT COUNT(*) FROM rectifications WHERE org_id = ?1 AND state <> 'done' \
                 AND deadline < ?2",
                params![org.0, date_sql(today)],
                |r| r.get(0),
            )?;
            AutoFigure::of(n, format!("逾期未整改 {n} 项"))
        }
        AutoSource::OverQuota => {
            let mut over = Vec::new();
            for pt in PostType::ALL {
                let a = approved(conn, org, pt)?;
                let holders: i64 = conn.query_row(
                    "SELECT COUNT(*) FROM persons WHERE status = '在编' AND org_id = ?1 \
                     AND post_type = ?2 AND turnover_issue IS NOT NULL",
                    params![org.0, pt.code()],
                    |r| r.get(0),
                )?;
                let o = occupied(conn, org, pt)? + holders;
                if o > a {
                    over.push(format!("{}核定 {a} 实有 {o}", pt.label()));
                }
            }
            AutoFigure::of(
                over.len() as i64,
                if over.is_empty() {
                    "各类编制均未超编（含周转编制人员）".to_string()
                } else {
                    format!("超编 {} 类：{}", over.len(), over.join("；"))
                },
            )
        }
        AutoSource::VacancyRate => {
            let (mut a, mut v) = (0, 0);
            for pt in PostType::ALL {
                let ap = approved(conn, org, pt)?;
                a += ap;
                v += (ap - occupied(conn, org, pt)?).max(0);
            }
            AutoFigure::of(
                pct(v, a),
                format!("核定 {a} 名，空编 {v} 名，空编率 {}%", pct(v, a)),
            )
        }
        AutoSource::OverdueTurnover => {
            let n = super::Store::overdue_turnover_of(conn, org, today)?;
            AutoFigure::of(n, format!("周转编制逾期未收回 {n} 批"))
        }
        AutoSource::Leadership => {
            let l = super::leadership::leadership_of(conn, org)?;
            // The levels the unit has approved or filled.
            let text = Level::ALL
                .into_iter()
                .filter(|lv| l.approved.get(*lv) + l.appointed.get(*lv) > 0)
                .map(|lv| {
                    format!(
                        "{}核定 {}、在任 {}",
                        lv.label(),
                        l.approved.get(lv),
                        l.appointed.get(lv)
                    )
                })
                .collect::<Vec<_>>()
                .join("；");
            match l.over {
                Some(over) => AutoFigure::of(over.total(), format!("{text}（按任职记录统计）")),
                None => AutoFigure::no_data(format!(
                    "无数据：本单位尚未登记领导任职，无法计算超职数（{text}）；请先登记任职，或手工打分并填写说明"
                )),
            }
        }
        AutoSource::AgeUnder35 => {
            let (n, young, _) = people_figures(conn, org, today)?;
            AutoFigure::of(
                pct(young, n),
                format!("在编 {n} 人，35 岁以下 {young} 人，占 {}%", pct(young, n)),
            )
        }
        AutoSource::DegreeShare => {
            let (n, _, degree) = people_figures(conn, org, today)?;
            AutoFigure::of(
                pct(degree, n),
                format!(
                    "在编 {n} 人，大学本科及以上 {degree} 人，占 {}%",
                    pct(degree, n)
                ),
            )
        }
        AutoSource::FrontLineShare => {
            let rows = super::divisions::headcounts(conn, org)?;
            let d = super::divisions::as_headcounts(&rows);
            match division::front_line_share(&d) {
                Some(share) => {
                    let all: i64 = d.iter().map(|h| h.people).sum();
                    let business: i64 = d
                        .iter()
                        .filter(|h| h.kind == DivisionKind::Business)
                        .map(|h| h.people)
                        .sum();
                    AutoFigure::of(
                        share,
                        format!(
                            "内设机构 {} 个共 {all} 人，业务科室 {business} 人，占 {share}%",
                            d.len()
                        ),
                    )
                }
                None => AutoFigure::no_data(NO_DIVISIONS.to_string()),
            }
        }
        AutoSource::PayrollFindings => match super::reconcile::payroll_findings_open(conn, org)? {
            Some(0) => AutoFigure::of(
                0,
                "最近一次工资统发、人社名单核查：本单位问题均已销号".into(),
            ),
            Some(n) => AutoFigure::of(
                n,
                format!("最近一次工资统发、人社名单核查：本单位未销号问题 {n} 条"),
            ),
            None => AutoFigure::no_data(
                "无数据：尚未用工资统发名单或人社在编人员名单核查；请先核查，或手工打分并填写说明"
                    .into(),
            ),
        },
        AutoSource::SmallDivisions => {
            let rows = super::divisions::headcounts(conn, org)?;
            let d = super::divisions::as_headcounts(&rows);
            match division::small_divisions(&d) {
                Some(small) => {
                    let all: i64 = d.iter().map(|h| h.people).sum();
                    AutoFigure::of(
                        small.len() as i64,
                        if small.is_empty() {
                            format!(
                                "内设机构 {} 个共 {all} 人，没有人数不足平均数一半的",
                                d.len()
                            )
                        } else {
                            format!(
                                "内设机构 {} 个共 {all} 人，人数不足平均数一半的 {} 个：{}",
                                d.len(),
                                small.len(),
                                small.join("、")
                            )
                        },
                    )
                }
                None => AutoFigure::no_data(NO_DIVISIONS.to_string()),
            }
        }
    })
}

/// What an item computed from internal divisions says when a unit has none confirmed.
const NO_DIVISIONS: &str =
    "无数据：本单位没有已确认的内设机构（或没有人分到内设机构），请手工打分并填写说明";

/// A unit with more leaders appointed than approved positions at some level.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LeadershipExcess {
    pub org: OrgId,
    pub name: String,
    pub leadership: super::leadership::Leadership,
}

impl Store {
    /// Units whose appointments in force exceed their approved leadership positions at
    /// some level (units with no appointment recorded have no data and are not listed),
    /// and how many units have no appointment recorded.
    pub fn leadership_excess(&self) -> Result<(Vec<LeadershipExcess>, usize)> {
        let mut out = Vec::new();
        let mut no_data = 0;
        let mut all = super::leadership::leadership_all(&self.conn)?;
        for o in self.orgs()? {
            let l = all
                .remove(&o.id)
                .unwrap_or_else(super::leadership::Leadership::none);
            match l.over {
                Some(over) if over.total() > 0 => out.push(LeadershipExcess {
                    org: o.id,
                    name: o.name,
                    leadership: l,
                }),
                Some(_) => {}
                None => no_data += 1,
            }
        }
        Ok((out, no_data))
    }

    /// Turnover issues of a unit past their due date with posts still out.
    pub(crate) fn overdue_turnover_of(
        conn: &Connection,
        org: OrgId,
        today: NaiveDate,
    ) -> Result<i64> {
        Ok(conn.query_row(
            "SELECT COUNT(*) FROM turnover_issues i WHERE i.org_id = ?1 AND i.due_on < ?2 AND \
             i.count > COALESCE((SELECT SUM(r.count) FROM turnover_returns r WHERE r.issue_id = i.id), 0)",
            params![org.0, date_sql(today)],
            |r| r.get(0),
        )?)
    }

    /// Every version of every indicator system, newest first. The default system is
    /// there from the start.
    pub fn indicator_systems(&self) -> Result<Vec<SystemVersion>> {
        let ids: Vec<i64> = {
            let mut st = self
                .conn
                .prepare("SELECT id FROM indicator_systems ORDER BY id DESC")?;
            st.query_map((), |r| r.get(0))?
                .collect::<super::db::Result<_>>()?
        };
        ids.into_iter()
            .map(|id| load_system(&self.conn, id))
            .collect()
    }

    /// An evaluation with its scoring form, total, grade and rank: as kept when it was fed
    /// back, or live as of `today` while in progress.
    pub fn evaluation(&self, id: i64, today: NaiveDate) -> Result<Evaluation> {
        ranked_form(&self.conn, id, today)
    }

    /// The 重新打开 of an evaluation, oldest first.
    pub fn reopenings(&self, evaluation: i64) -> Result<Vec<Reopening>> {
        let mut st = self.conn.prepare(
            "SELECT reason, prev_state, operator, entered_at FROM evaluation_reopenings \
             WHERE evaluation_id = ?1 ORDER BY id",
        )?;
        let rows = st.query_map([evaluation], |r| {
            Ok((r.get(0)?, r.get::<_, String>(1)?, r.get(2)?, r.get(3)?))
        })?;
        rows.map(|r| {
            let (reason, prev, operator, entered_at) = r?;
            Ok(Reopening {
                reason,
                prev_state: eval_state(&prev)?,
                operator,
                entered_at,
            })
        })
        .collect()
    }
}

/// An evaluation's form computed from the registry on `today` (rank not set).
fn live_form(conn: &Connection, id: i64, row: EvalRow, today: NaiveDate) -> Result<Evaluation> {
    let (system_id, year, org, state, report, ..) = row;
    let org = OrgId(org);
    let sys = load_system(conn, system_id)?;
    let mut stored: HashMap<usize, (i64, String, String, String)> = HashMap::new();
    {
        let mut st = conn.prepare_cached(
                "SELECT item, input, note, evidence, source FROM evaluation_scores WHERE evaluation_id = ?1",
            )?;
        let mut rows = st.query([id])?;
        while let Some(r) = rows.next()? {
            let item: i64 = r.get(0)?;
            stored.insert(
                usize::try_from(item).unwrap_or(usize::MAX),
                (r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?),
            );
        }
    }
    let mut lines = Vec::new();
    for (k, item) in sys.system.items.iter().enumerate() {
        let auto = item
            .auto
            .map(|a| auto_figure(conn, org, a, today))
            .transpose()?;
        let (input, note, evidence, source) = match stored.remove(&k) {
            Some((i, n, e, s)) => (Some(i), n, e, s),
            None => (
                auto.as_ref().filter(|a| !a.no_data).map(|a| a.value),
                String::new(),
                String::new(),
                SOURCES[0].to_string(),
            ),
        };
        // A deduct item with nothing entered has no deductions.
        let scored = input.or(match item.method {
            evaluation::Method::Deduct { .. } => Some(0),
            _ => None,
        });
        lines.push(Line {
            score: scored.map_or(0, |i| score_item(item, i)),
            item: item.clone(),
            input,
            auto,
            note,
            evidence,
            source,
        });
    }
    let mut vetoes: Vec<(String, Option<String>)> = sys
        .system
        .vetoes
        .iter()
        .map(|v| (v.clone(), None))
        .collect();
    {
        let mut st = conn
            .prepare_cached("SELECT veto, note FROM evaluation_vetoes WHERE evaluation_id = ?1")?;
        let mut rows = st.query([id])?;
        while let Some(r) = rows.next()? {
            let k: i64 = r.get(0)?;
            if let Some(v) = usize::try_from(k).ok().and_then(|k| vetoes.get_mut(k)) {
                v.1 = Some(r.get(1)?);
            }
        }
    }
    let total = lines.iter().map(|l| l.score).sum();
    let vetoed = vetoes.iter().any(|(_, n)| n.is_some());
    Ok(Evaluation {
        id,
        system_id,
        version: sys.version,
        system_name: sys.system.name.clone(),
        year,
        org,
        org_name: account_label(conn, Account::Org(org)),
        state: eval_state(&state)?,
        report_date: report,
        grade: grade(&sys.system, total, vetoed),
        lines,
        vetoes,
        total,
        // Ranked by the callers, against the other units of the year.
        rank: 1,
        of: 1,
        live: true,
        kept_on: None,
    })
}

impl Store {
    /// How many evaluations each year has (without scoring them).
    pub fn evaluations_per_year(&self) -> Result<std::collections::BTreeMap<i32, i64>> {
        let mut st = self
            .conn
            .prepare("SELECT year, COUNT(*) FROM evaluations GROUP BY year")?;
        let rows = st.query_map((), |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<super::db::Result<_>>()?)
    }

    /// The evaluation ledger (评估台账): every evaluation, newest year first; kept ones as
    /// they were fed back, the others live as of `today`.
    pub fn evaluations(&self, today: NaiveDate) -> Result<Vec<Evaluation>> {
        forms(&self.conn, None, today)
    }

    /// Policy suggestions recorded from all evaluations.
    pub fn policy_suggestion_count(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("SELECT COUNT(*) FROM policy_suggestions", (), |r| r.get(0))?)
    }

    /// Policy suggestions of an evaluation: (text, date).
    pub fn policy_suggestions(&self, evaluation: i64) -> Result<Vec<(String, String)>> {
        let mut st = self.conn.prepare(
            "SELECT text, date FROM policy_suggestions WHERE evaluation_id = ?1 ORDER BY id",
        )?;
        let rows = st.query_map([evaluation], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<super::db::Result<_>>()?)
    }
}

impl Tx<'_> {
    /// Keeps the default indicator system as version 1 when no system exists yet.
    pub fn ensure_default_system(&mut self) -> Result<i64> {
        self.describe("载入默认评估指标体系");
        if let Some(id) = self
            .conn
            .query_row(
                "SELECT id FROM indicator_systems ORDER BY id LIMIT 1",
                (),
                |r| r.get(0),
            )
            .optional()?
        {
            return Ok(id);
        }
        self.save_system(&evaluation::default_system())
    }

    /// Gives the newest version of each indicator system whose items named in `items` had
    /// no source a new version in which they compute from it (once per database, marked by
    /// the setting `key`; evaluations already started keep the version they started with).
    pub(crate) fn add_auto_sources(
        &mut self,
        key: &str,
        items: &[(&str, evaluation::AutoSource)],
        what: &str,
    ) -> Result<usize> {
        self.describe(format!("评估指标体系：{what}指标改为自动计算（新版本）"));
        // Under the write lock: another clerk starting at the same moment did it already.
        if setting_value(self.conn, key, 0) == 1 {
            return Ok(0);
        }
        let newest: Vec<i64> = {
            let mut st = self
                .conn
                .prepare("SELECT MAX(id) FROM indicator_systems GROUP BY name ORDER BY MAX(id)")?;
            st.query_map((), |r| r.get(0))?
                .collect::<super::db::Result<_>>()?
        };
        let mut added = 0;
        for id in newest {
            if let Some(system) =
                evaluation::with_auto_sources(&load_system(self.conn, id)?.system, items)
            {
                self.save_system(&system)?;
                added += 1;
            }
        }
        self.put_setting(key, "1")?;
        Ok(added)
    }

    /// Saves an indicator system as the next version of its name.
    pub fn save_system(&mut self, system: &IndicatorSystem) -> Result<i64> {
        self.describe("保存评估指标体系");
        if system.items.is_empty() {
            return Err(RuleViolation::Evaluation("指标体系没有指标".into()).into());
        }
        let version: i64 = self.conn.query_row(
            "SELECT COALESCE(MAX(version), 0) + 1 FROM indicator_systems WHERE name = ?1",
            [&system.name],
            |r| r.get(0),
        )?;
        let body = serde_json::to_string(system)
            .map_err(|e| StoreError::Corrupt(format!("指标体系：{e}")))?;
        let new_id = self.conn.insert(
            "INSERT INTO indicator_systems (name, version, body, operator, created_at) \
             VALUES (?1, ?2, ?3, ?4, ?5)",
            params![system.name, version, body, self.operator, self.now],
        )?;
        Ok(new_id)
    }

    /// Starts evaluations of units for a year under a system version (评估中). A unit
    /// already evaluated that year is refused.
    pub fn start_evaluations(
        &mut self,
        system_id: i64,
        year: i32,
        orgs: &[OrgId],
    ) -> Result<Vec<i64>> {
        self.describe("开始评估");
        load_system(self.conn, system_id)?;
        if orgs.is_empty() {
            return Err(RuleViolation::Evaluation("请选择要评估的单位".into()).into());
        }
        let mut ids = Vec::new();
        for &o in orgs {
            let name = account_label(self.conn, Account::Org(o));
            let exists: bool = self.conn.query_row(
                "SELECT EXISTS(SELECT 1 FROM evaluations WHERE year = ?1 AND org_id = ?2)",
                params![year, o.0],
                |r| r.get(0),
            )?;
            if exists {
                return Err(
                    RuleViolation::Evaluation(format!("{name}已有 {year} 年的评估")).into(),
                );
            }
            let new_id = self.conn.insert(
                "INSERT INTO evaluations (system_id, year, org_id, state, operator, created_at) \
                 VALUES (?1, ?2, ?3, 'evaluating', ?4, ?5)",
                params![system_id, year, o.0, self.operator, self.now],
            )?;
            ids.push(new_id);
        }
        Ok(ids)
    }

    /// Records an item's input. Changing an automatic item's figure needs a note.
    #[allow(clippy::too_many_arguments)]
    pub fn set_score(
        &mut self,
        evaluation: i64,
        item: usize,
        input: i64,
        note: &str,
        evidence: &str,
        source: &str,
        today: NaiveDate,
    ) -> Result<()> {
        self.describe("评估打分");
        ensure_in_progress(self.conn, evaluation)?;
        let (system_id, org): (i64, i64) = self.conn.query_row(
            "SELECT system_id, org_id FROM evaluations WHERE id = ?1",
            [evaluation],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        let sys = load_system(self.conn, system_id)?;
        let it = sys
            .system
            .items
            .get(item)
            .ok_or_else(|| StoreError::NotFound(format!("第 {} 项指标", item + 1)))?;
        if input < 0 {
            return Err(RuleViolation::Evaluation(format!("“{}”不能填负数", it.name)).into());
        }
        if let Some(a) = it.auto {
            let fig = auto_figure(self.conn, OrgId(org), a, today)?;
            if fig.no_data && note.trim().is_empty() {
                return Err(RuleViolation::Evaluation(format!(
                    "“{}”无数据，手工打分须填写说明（依据什么得出）",
                    it.name
                ))
                .into());
            }
            if !fig.no_data && fig.value != input && note.trim().is_empty() {
                return Err(RuleViolation::Evaluation(format!(
                    "“{}”自动计算为 {}（{}），改为 {input} 须填写说明",
                    it.name, fig.value, fig.text
                ))
                .into());
            }
        }
        if !SOURCES.contains(&source) {
            return Err(RuleViolation::Evaluation(format!("检查来源“{source}”无法识别")).into());
        }
        self.conn.execute(
            "INSERT INTO evaluation_scores (evaluation_id, item, input, note, evidence, source, \
             operator, entered_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) \
             ON CONFLICT(evaluation_id, item) DO UPDATE SET input = ?3, note = ?4, evidence = ?5, \
             source = ?6, operator = ?7, entered_at = ?8",
            params![
                evaluation,
                item as i64,
                input,
                note.trim(),
                evidence.trim(),
                source,
                self.operator,
                self.now
            ],
        )?;
        Ok(())
    }

    /// Ticks (with a note) or clears a veto item.
    pub fn set_veto(&mut self, evaluation: i64, veto: usize, note: Option<&str>) -> Result<()> {
        self.describe("一票否决");
        ensure_in_progress(self.conn, evaluation)?;
        match note {
            Some(n) => {
                if n.trim().is_empty() {
                    return Err(RuleViolation::Evaluation("一票否决须写明事实依据".into()).into());
                }
                self.conn.execute(
                    "INSERT INTO evaluation_vetoes (evaluation_id, veto, note) VALUES (?1, ?2, ?3) \
                     ON CONFLICT(evaluation_id, veto) DO UPDATE SET note = ?3",
                    params![evaluation, veto as i64, n.trim()],
                )?;
            }
            None => {
                self.conn.execute(
                    "DELETE FROM evaluation_vetoes WHERE evaluation_id = ?1 AND veto = ?2",
                    params![evaluation, veto as i64],
                )?;
            }
        }
        Ok(())
    }

    /// Moves an evaluation in the ledger: 已反馈, or 已上会 with the committee report's date.
    /// The first of the two keeps its form as it stands on `today` (scores, automatic
    /// figures, vetoes, grade, rank among the year's evaluations, indicator version); later
    /// registry changes never move it. Back to 评估中 only through [`Tx::reopen_evaluation`].
    pub fn set_evaluation_state(
        &mut self,
        evaluation: i64,
        state: EvalState,
        report_date: Option<NaiveDate>,
        today: NaiveDate,
    ) -> Result<()> {
        self.describe(format!("评估{}", state.label()));
        match state {
            EvalState::Evaluating => {
                return Err(RuleViolation::Evaluation(
                    "已反馈的评估须用“重新打开”并说明理由".into(),
                )
                .into());
            }
            EvalState::Reported if report_date.is_none() => {
                return Err(RuleViolation::Evaluation("已上会须填写编委会汇报日期".into()).into());
            }
            _ => {}
        }
        let (.., kept, _) = eval_row(self.conn, evaluation)?;
        if kept.is_none() {
            let e = ranked_form(self.conn, evaluation, today)?;
            let waiting: Vec<&str> = e
                .lines
                .iter()
                .filter(|l| l.awaits_manual_score())
                .map(|l| l.item.name.as_str())
                .collect();
            if !waiting.is_empty() {
                return Err(RuleViolation::Evaluation(format!(
                    "{}的“{}”无数据，须先手工打分并填写说明，才能{}",
                    e.org_name,
                    waiting.join("”“"),
                    state.label()
                ))
                .into());
            }
            self.keep(evaluation, today)?;
        }
        self.conn.execute(
            "UPDATE evaluations SET state = ?2, report_date = COALESCE(?3, report_date) \
             WHERE id = ?1",
            params![evaluation, state.code(), report_date.map(date_sql)],
        )?;
        Ok(())
    }

    /// Stores an evaluation's form as it stands on `today`, ranked among the year's
    /// evaluations (the kept ones with the totals they were kept with).
    fn keep(&mut self, evaluation: i64, today: NaiveDate) -> Result<()> {
        let e = ranked_form(self.conn, evaluation, today)?;
        let json = serde_json::to_string(&e)
            .map_err(|err| StoreError::Corrupt(format!("评估 {evaluation}：{err}")))?;
        self.conn.execute(
            "UPDATE evaluations SET kept = ?2, kept_on = ?3 WHERE id = ?1",
            params![evaluation, json, date_sql(today)],
        )?;
        Ok(())
    }

    /// Keeps the forms of evaluations fed back before results were kept (a database from
    /// before migration 12), as they stand on `today`.
    pub(crate) fn keep_fed_back(&mut self, today: NaiveDate) -> Result<usize> {
        self.describe("留存已反馈评估的结果（数据库升级）");
        let pending: Vec<i64> = {
            let mut st = self.conn.prepare(
                "SELECT id FROM evaluations WHERE state <> 'evaluating' AND kept IS NULL",
            )?;
            st.query_map((), |r| r.get(0))?
                .collect::<super::db::Result<_>>()?
        };
        for &id in &pending {
            self.keep(id, today)?;
        }
        Ok(pending.len())
    }

    /// 重新打开: a kept evaluation goes back to 评估中 so that it can be changed; the reason,
    /// the state and the form it had are recorded. It is kept again when fed back again.
    pub fn reopen_evaluation(&mut self, evaluation: i64, reason: &str) -> Result<()> {
        self.describe("重新打开评估");
        if reason.trim().is_empty() {
            return Err(RuleViolation::Evaluation("重新打开评估须说明理由".into()).into());
        }
        let (_, _, _, state, report, kept, _) = eval_row(self.conn, evaluation)?;
        if kept.is_none() {
            return Err(RuleViolation::Evaluation("该评估仍在评估中，无需重新打开".into()).into());
        }
        self.conn.execute(
            "INSERT INTO evaluation_reopenings (evaluation_id, reason, prev_state, prev_report, \
             prev_kept, operator, entered_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![
                evaluation,
                reason.trim(),
                state,
                report,
                kept,
                self.operator,
                self.now
            ],
        )?;
        self.conn.execute(
            "UPDATE evaluations SET state = 'evaluating', report_date = NULL, kept = NULL, \
             kept_on = NULL WHERE id = ?1",
            [evaluation],
        )?;
        Ok(())
    }

    /// 核减 as a result of an evaluation: posts of the unit go to the central reserve, the
    /// entry linked to the evaluation.
    pub fn reduce_for_evaluation(
        &mut self,
        evaluation: i64,
        post_type: PostType,
        count: i64,
        doc_no: &str,
        date: NaiveDate,
    ) -> Result<()> {
        self.describe("评估核减编制");
        rules::check_doc_no(doc_no)?;
        let org: i64 = self.conn.query_row(
            "SELECT org_id FROM evaluations WHERE id = ?1",
            [evaluation],
            |r| r.get(0),
        )?;
        self.evaluation_id = Some(evaluation);
        let r = self.record(&EntryRequest {
            date,
            doc_no: doc_no.to_string(),
            kind: EntryKind::Reduce,
            reason: format!("评估结果运用（第 {evaluation} 号评估）"),
            movement: Movement {
                post_type,
                count,
                from: Account::Org(OrgId(org)),
                to: Account::Reserve,
            },
        });
        self.evaluation_id = None;
        r.map(|_| ())
    }

    /// A policy suggestion from an evaluation.
    pub fn add_policy_suggestion(
        &mut self,
        evaluation: i64,
        text: &str,
        date: NaiveDate,
    ) -> Result<()> {
        self.describe("登记政策建议");
        if text.trim().is_empty() {
            return Err(RuleViolation::Evaluation("请填写政策建议".into()).into());
        }
        self.conn.execute(
            "INSERT INTO policy_suggestions (evaluation_id, text, date, operator, entered_at) \
             VALUES (?1, ?2, ?3, ?4, ?5)",
            params![
                evaluation,
                text.trim(),
                date_sql(date),
                self.operator,
                self.now
            ],
        )?;
        Ok(())
    }
}

/// One line of a scoring form to save (see [`Store::save_scores`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScoreLine {
    /// The item's position in the indicator system.
    pub item: usize,
    pub input: i64,
    pub note: String,
    pub evidence: String,
    pub source: String,
}
