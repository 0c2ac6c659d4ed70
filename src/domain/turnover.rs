//! Turnover-post pools (周转编制池): 总量控制、计划申请，动态流转、循环使用，人走编收、
//! 空编置换. A pool's total is set by ledger entries; issuing posts to a unit does not move
//! them out of the pool's total, so issued + available = total always, and turnover posts
//! never count in a unit's own quota or vacancy.

use super::post::PostType;
use super::rules::RuleViolation;
use chrono::{Datelike, Months, NaiveDate};

/// The longest term of a plan, in months, unless the settings say otherwise (3 years).
pub const DEFAULT_MAX_TERM_MONTHS: u32 = 36;

/// Where a plan application stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlanState {
    Pending,
    Approved,
    PartlyApproved,
    Refused,
}

impl PlanState {
    pub const ALL: [PlanState; 4] = [
        PlanState::Pending,
        PlanState::Approved,
        PlanState::PartlyApproved,
        PlanState::Refused,
    ];
    pub fn code(self) -> &'static str {
        match self {
            PlanState::Pending => "pending",
            PlanState::Approved => "approved",
            PlanState::PartlyApproved => "partial",
            PlanState::Refused => "refused",
        }
    }
    pub fn from_code(code: &str) -> Option<PlanState> {
        PlanState::ALL.into_iter().find(|s| s.code() == code)
    }
    pub fn label(self) -> &'static str {
        match self {
            PlanState::Pending => "待审批",
            PlanState::Approved => "已批准",
            PlanState::PartlyApproved => "部分批准",
            PlanState::Refused => "不予批准",
        }
    }
}

/// Why posts came back to a pool.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReturnReason {
    /// 人走编收: the holder left (出编 or 调动).
    PersonLeft,
    /// 空编置换: the holder moved onto an ordinary vacancy of the unit.
    Swapped,
    /// 收回: unused or due posts returned by the clerk.
    Returned,
}

impl ReturnReason {
    pub const ALL: [ReturnReason; 3] = [
        ReturnReason::PersonLeft,
        ReturnReason::Swapped,
        ReturnReason::Returned,
    ];
    pub fn code(self) -> &'static str {
        match self {
            ReturnReason::PersonLeft => "person_left",
            ReturnReason::Swapped => "swapped",
            ReturnReason::Returned => "returned",
        }
    }
    pub fn from_code(code: &str) -> Option<ReturnReason> {
        ReturnReason::ALL.into_iter().find(|s| s.code() == code)
    }
    pub fn label(self) -> &'static str {
        match self {
            ReturnReason::PersonLeft => "人走编收",
            ReturnReason::Swapped => "空编置换",
            ReturnReason::Returned => "收回",
        }
    }
}

/// A pool's numbers: total from the ledger, issued from the issues not yet returned.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PoolBalance {
    pub total: i64,
    pub issued: i64,
}

impl PoolBalance {
    pub fn available(&self) -> i64 {
        self.total - self.issued
    }
}

/// A plan application as typed: N posts of a type, for a purpose, for a term.
pub fn check_plan_request(
    requested: i64,
    purpose: &str,
    term_months: u32,
    max_term_months: u32,
) -> Result<(), RuleViolation> {
    if requested <= 0 {
        return Err(RuleViolation::NonPositiveCount(requested));
    }
    if purpose.trim().is_empty() {
        return Err(RuleViolation::Turnover(
            "请填写申请用途（如 引进急需人才、承担阶段性重点工作）".to_string(),
        ));
    }
    if term_months == 0 || term_months > max_term_months {
        return Err(RuleViolation::Turnover(format!(
            "使用期限应在 1 到 {max_term_months} 个月之间（填的是 {term_months} 个月）"
        )));
    }
    Ok(())
}

/// The state a decision puts a plan in. A unit with ordinary vacancies of the type it asks
/// for should use them: approving needs a recorded reason then. Refusing needs a reason.
pub fn decide_plan(
    org: &str,
    post_type: PostType,
    requested: i64,
    approved: i64,
    ordinary_vacancy: i64,
    reason: &str,
    override_reason: &str,
) -> Result<PlanState, RuleViolation> {
    if approved < 0 || approved > requested {
        return Err(RuleViolation::Turnover(format!(
            "批准数应在 0 到申请数 {requested} 之间（填的是 {approved}）"
        )));
    }
    if approved == 0 {
        if reason.trim().is_empty() {
            return Err(RuleViolation::Turnover("不予批准须填写理由".to_string()));
        }
        return Ok(PlanState::Refused);
    }
    if ordinary_vacancy > 0 && override_reason.trim().is_empty() {
        return Err(RuleViolation::Turnover(format!(
            "{org}现有{post_type}空编 {ordinary_vacancy} 名，应先使用空编；如确需批准周转编制，请填写批准理由"
        )));
    }
    Ok(if approved == requested {
        PlanState::Approved
    } else {
        PlanState::PartlyApproved
    })
}

/// Issuing (下达) `count` posts of an approved plan: within what was approved and not yet
/// issued, and within what the pool has available.
pub fn check_issue(
    pool: &str,
    approved: i64,
    already_issued: i64,
    count: i64,
    available: i64,
) -> Result<(), RuleViolation> {
    if count <= 0 {
        return Err(RuleViolation::NonPositiveCount(count));
    }
    if already_issued + count > approved {
        return Err(RuleViolation::Turnover(format!(
            "计划批准 {approved} 名，已下达 {already_issued} 名，不能再下达 {count} 名"
        )));
    }
    if count > available {
        return Err(RuleViolation::Turnover(format!(
            "{pool}可用周转编制只有 {available} 名，需要 {count} 名"
        )));
    }
    Ok(())
}

/// Hiring onto a turnover post needs an issued post that nobody holds.
pub fn check_turnover_hire(issued_now: i64, holders: i64) -> Result<(), RuleViolation> {
    if holders >= issued_now {
        return Err(RuleViolation::Turnover(format!(
            "该批周转编制下达 {issued_now} 名，已有 {holders} 人使用，没有空余"
        )));
    }
    Ok(())
}

/// Returning posts the clerk takes back: only those nobody holds.
pub fn check_return(issued_now: i64, holders: i64, count: i64) -> Result<(), RuleViolation> {
    if count <= 0 {
        return Err(RuleViolation::NonPositiveCount(count));
    }
    if count > issued_now - holders {
        return Err(RuleViolation::Turnover(format!(
            "该批周转编制尚在使用 {holders} 名，未使用的只有 {} 名，不能收回 {count} 名",
            issued_now - holders
        )));
    }
    Ok(())
}

/// The day a term ends.
pub fn due_date(issued_on: NaiveDate, term_months: u32) -> NaiveDate {
    issued_on
        .checked_add_months(Months::new(term_months))
        .unwrap_or(NaiveDate::MAX)
}

/// How a due date stands today.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Due {
    Overdue,
    ThisYear,
    Later,
}

pub fn due_status(due: NaiveDate, today: NaiveDate) -> Due {
    if due < today {
        Due::Overdue
    } else if due.year() == today.year() {
        Due::ThisYear
    } else {
        Due::Later
    }
}

/// 专编专用: which units a pool issues to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
pub enum PoolScope {
    /// Any unit (a pool the county set up without a scope).
    Any,
    /// County-level units (县直): not townships, not under one.
    County,
    /// Townships (乡镇、街道) and the units under them.
    Townships,
}

impl PoolScope {
    pub const ALL: [PoolScope; 3] = [PoolScope::County, PoolScope::Townships, PoolScope::Any];

    pub fn code(self) -> &'static str {
        match self {
            PoolScope::Any => "any",
            PoolScope::County => "county",
            PoolScope::Townships => "townships",
        }
    }

    pub fn from_code(code: &str) -> Option<PoolScope> {
        PoolScope::ALL.into_iter().find(|s| s.code() == code)
    }

    pub fn label(self) -> &'static str {
        match self {
            PoolScope::Any => "不限",
            PoolScope::County => "县直单位",
            PoolScope::Townships => "乡镇（街道）及所属单位",
        }
    }

    /// The scope a pool's name says (the seed's 县直行政事业周转编制池 and 乡镇(街道)人才编制池);
    /// `Any` when it says neither.
    pub fn from_name(name: &str) -> PoolScope {
        if name.contains("县直") {
            PoolScope::County
        } else if name.contains("乡镇") || name.contains("街道") {
            PoolScope::Townships
        } else {
            PoolScope::Any
        }
    }

    /// Whether the pool may issue to a unit: a township itself (`is_township`) or a unit
    /// under one (`under_township`) is in the townships' scope, every other unit in the
    /// county's.
    pub fn admits(self, is_township: bool, under_township: bool) -> bool {
        let in_townships = is_township || under_township;
        match self {
            PoolScope::Any => true,
            PoolScope::County => !in_townships,
            PoolScope::Townships => in_townships,
        }
    }
}

/// 专编专用: refuses an issue outside the pool's scope, naming the pool and the unit.
pub fn check_pool_scope(
    pool: &str,
    scope: PoolScope,
    unit: &str,
    is_township: bool,
    under_township: bool,
) -> Result<(), RuleViolation> {
    if scope.admits(is_township, under_township) {
        return Ok(());
    }
    Err(RuleViolation::Turnover(format!(
        "{pool}专编专用，只下达给{}；{unit}不在其内",
        scope.label()
    )))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Funding;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn requests_need_a_count_a_purpose_and_a_term_within_the_limit() {
        assert!(check_plan_request(2, "引进人才", 36, 36).is_ok());
        assert!(check_plan_request(0, "引进人才", 12, 36).is_err());
        assert!(check_plan_request(2, " ", 12, 36).is_err());
        assert!(check_plan_request(2, "引进人才", 37, 36).is_err());
    }

    #[test]
    fn decisions_refuse_units_with_vacancies_unless_a_reason_is_given() {
        let t = PostType::Institution(Funding::Full);
        assert_eq!(
            decide_plan("站", t, 3, 3, 0, "", ""),
            Ok(PlanState::Approved)
        );
        assert_eq!(
            decide_plan("站", t, 3, 2, 0, "", ""),
            Ok(PlanState::PartlyApproved)
        );
        let err = decide_plan("站", t, 3, 3, 2, "", "").unwrap_err();
        assert!(err.to_string().contains("空编 2 名"), "{err}");
        assert_eq!(
            decide_plan("站", t, 3, 3, 2, "", "专业不对口"),
            Ok(PlanState::Approved)
        );
        assert!(decide_plan("站", t, 3, 0, 0, "", "").is_err());
        assert_eq!(
            decide_plan("站", t, 3, 0, 0, "有空编", ""),
            Ok(PlanState::Refused)
        );
        assert!(decide_plan("站", t, 3, 4, 0, "", "").is_err());
    }

    #[test]
    fn issues_stay_within_the_plan_and_the_pool() {
        assert!(check_issue("池", 3, 0, 3, 5).is_ok());
        assert!(check_issue("池", 3, 2, 2, 5).is_err());
        assert!(check_issue("池", 3, 0, 3, 2).is_err());
        assert!(check_turnover_hire(2, 1).is_ok());
        assert!(check_turnover_hire(2, 2).is_err());
        assert!(check_return(3, 1, 2).is_ok());
        assert!(check_return(3, 2, 2).is_err());
    }

    #[test]
    fn due_dates_and_their_status() {
        assert_eq!(due_date(d("2023-05-31"), 36), d("2026-05-31"));
        assert_eq!(due_status(d("2026-05-31"), d("2026-11-28")), Due::Overdue);
        assert_eq!(due_status(d("2026-12-31"), d("2026-11-28")), Due::ThisYear);
        assert_eq!(due_status(d("2027-01-01"), d("2026-11-28")), Due::Later);
        let b = PoolBalance {
            total: 10,
            issued: 4,
        };
        assert_eq!(b.available(), 6);
    }

    #[test]
    fn a_pool_issues_only_within_its_scope() {
        // (township, under a township) for a county bureau, a township, a township's station.
        let bureau = (false, false);
        let town = (true, false);
        let station = (false, true);
        for (scope, admitted) in [
            (PoolScope::County, [true, false, false]),
            (PoolScope::Townships, [false, true, true]),
            (PoolScope::Any, [true, true, true]),
        ] {
            let got = [bureau, town, station].map(|(t, u)| scope.admits(t, u));
            assert_eq!(got, admitted, "{scope:?}");
        }
        let refused = check_pool_scope("县直池", PoolScope::County, "楚江街道", true, false);
        let message = refused.unwrap_err().to_string();
        assert!(
            message.contains("县直池") && message.contains("楚江街道"),
            "{message}"
        );
        assert_eq!(
            PoolScope::from_name("县直行政事业周转编制池"),
            PoolScope::County
        );
        assert_eq!(
            PoolScope::from_name("乡镇(街道)人才编制池"),
            PoolScope::Townships
        );
        assert_eq!(PoolScope::from_name("人才周转池"), PoolScope::Any);
    }
}
