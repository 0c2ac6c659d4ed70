//! The named store operations the window runs, each one transaction: the operation of the
//! same name on [`Tx`](super::Tx), written all or nothing (see [`Store::write`]). The window
//! never opens a transaction itself: it calls these (and the other operations on [`Store`]).

use super::applications::{ApplicationRequest, PostSource};
use super::conversions::ConversionRequest;
use super::evaluations::{EvalState, ScoreLine};
use super::ledger::EntryRequest;
use super::people::HireRequest;
use super::turnover::PlanRequest;
use super::{Result, Store};
use crate::domain::application::{AppState, Decision};
use crate::domain::evaluation::IndicatorSystem;
use crate::domain::township::{AllocationStandard, FilingLine, ReallocationPlan};
use crate::domain::turnover::{PlanState, PoolScope};
use crate::domain::{
    Account, EntryId, EntryKind, Movement, OrgId, PersonId, PoolId, PostType, TownshipClass,
};
use chrono::NaiveDate;

/// `fn name(args) -> T;` on `Tx` becomes `pub fn name(&mut self, args) -> Result<T>` on
/// `Store`, in one transaction.
macro_rules! one_transaction {
    ($( $(#[$m:meta])* fn $name:ident($($arg:ident : $ty:ty),* $(,)?) -> $ret:ty; )*) => {
        impl Store {
            $(
                $(#[$m])*
                #[allow(clippy::too_many_arguments)]
                pub fn $name(&mut self, $($arg: $ty),*) -> Result<$ret> {
                    self.write(|tx| tx.$name($($arg),*))
                }
            )*
        }
    };
}

one_transaction! {
    /// Sets a setting kept in the database (管理员 only).
    fn set_setting(key: &str, value: &str) -> ();
    /// A new turnover pool, its scope as its name says.
    fn create_pool(name: &str) -> PoolId;
    /// A new turnover pool that issues only within `scope` (专编专用).
    fn create_scoped_pool(name: &str, scope: PoolScope) -> PoolId;
    fn apply_turnover_plan(req: &PlanRequest, max_term_months: u32) -> i64;
    fn decide_turnover_plan(
        plan: i64,
        approved_count: i64,
        reason: &str,
        override_reason: &str,
        date: NaiveDate,
    ) -> PlanState;
    fn issue_turnover(plan: i64, count: i64, doc_no: &str, date: NaiveDate) -> i64;
    fn hire_on_turnover(issue: i64, req: &HireRequest) -> PersonId;
    fn return_turnover(issue: i64, count: i64, date: NaiveDate, doc_no: &str) -> ();
    fn swap_turnover(person: PersonId, date: NaiveDate, doc_no: &str) -> ();
    /// 退二补一, resting on two named departures; the conversion's id.
    fn convert(req: &ConversionRequest) -> i64;
    /// Reverses a 退二补一 whole.
    fn reverse_conversion(id: i64, date: NaiveDate, doc_no: &str, reason: &str) -> ();
    fn set_township_standard(
        standard: &AllocationStandard,
        doc_no: &str,
        effective_from: NaiveDate,
    ) -> i64;
    /// A township's class changed by a decision from its date.
    fn change_township_class(
        org: OrgId,
        class: TownshipClass,
        doc_no: &str,
        effective_from: NaiveDate,
    ) -> ();
    fn reallocate(expected: &ReallocationPlan, doc_no: &str, date: NaiveDate) -> i64;
    /// A township's March filing.
    fn record_filing(
        org: OrgId,
        year: i32,
        received_on: NaiveDate,
        note: &str,
        import_id: Option<i64>,
    ) -> ();
    /// A township's March filing with its table of who does what.
    fn record_filing_table(
        org: OrgId,
        year: i32,
        received_on: NaiveDate,
        note: &str,
        import_id: Option<i64>,
        lines: &[FilingLine],
    ) -> i64;
    fn receive_application(req: &ApplicationRequest) -> i64;
    fn review_application(
        id: i64,
        accept: bool,
        reason: &str,
        override_reason: &str,
        date: NaiveDate,
    ) -> AppState;
    fn record_research(
        id: i64,
        notes: &str,
        departments: &str,
        standard_figure: Option<i64>,
        date: NaiveDate,
    ) -> ();
    fn decide_application(
        id: i64,
        meeting_date: NaiveDate,
        session: &str,
        decision: Decision,
        approved_count: i64,
        beyond_authority: bool,
        doc_no: &str,
        source: PostSource,
    ) -> AppState;
    fn record_reply(id: i64, date: NaiveDate, text: &str, granted: i64) -> ();
    fn close_application(id: i64, doc_no: &str, date: NaiveDate, source: PostSource) -> ();
    fn add_suggestion(id: i64, text: &str, date: NaiveDate) -> ();
    fn add_rectification(
        org: OrgId,
        evaluation: Option<i64>,
        description: &str,
        owner: &str,
        deadline: NaiveDate,
    ) -> i64;
    fn set_rectification_state(id: i64, state: &str, date: NaiveDate) -> ();
    /// A new version of the indicator system.
    fn save_system(system: &IndicatorSystem) -> i64;
    fn start_evaluations(system_id: i64, year: i32, orgs: &[OrgId]) -> Vec<i64>;
    fn set_score(
        evaluation: i64,
        item: usize,
        input: i64,
        note: &str,
        evidence: &str,
        source: &str,
        today: NaiveDate,
    ) -> ();
    fn set_veto(evaluation: i64, veto: usize, note: Option<&str>) -> ();
    /// 已反馈 or 已上会; the first keeps the evaluation's form as it stands on `today`.
    fn set_evaluation_state(
        evaluation: i64,
        state: EvalState,
        report_date: Option<NaiveDate>,
        today: NaiveDate,
    ) -> ();
    /// 重新打开 a kept evaluation, with the reason.
    fn reopen_evaluation(evaluation: i64, reason: &str) -> ();
    fn reduce_for_evaluation(
        evaluation: i64,
        post_type: PostType,
        count: i64,
        doc_no: &str,
        date: NaiveDate,
    ) -> ();
    fn add_policy_suggestion(evaluation: i64, text: &str, date: NaiveDate) -> ();
}

/// Posts moved by one of the named posts operations below: how many of which type, when,
/// by which document, and why.
#[derive(Debug, Clone, Copy)]
pub struct Posts<'a> {
    pub post_type: PostType,
    pub count: i64,
    pub date: NaiveDate,
    pub doc_no: &'a str,
    pub reason: &'a str,
}

impl Posts<'_> {
    fn entry(&self, kind: EntryKind, from: Account, to: Account) -> EntryRequest {
        EntryRequest {
            date: self.date,
            doc_no: self.doc_no.to_string(),
            kind,
            reason: self.reason.to_string(),
            movement: Movement {
                post_type: self.post_type,
                count: self.count,
                from,
                to,
            },
        }
    }
}

impl Store {
    /// 核定编制: posts approved from above for a unit.
    pub fn approve_posts(&mut self, org: OrgId, p: &Posts) -> Result<EntryId> {
        self.record(&p.entry(EntryKind::Approve, Account::Above, Account::Org(org)))
    }

    /// 收回空编: vacant posts of a unit back to the county's reserve.
    pub fn recover_posts(&mut self, org: OrgId, p: &Posts) -> Result<EntryId> {
        self.record(&p.entry(EntryKind::Recover, Account::Org(org), Account::Reserve))
    }

    /// 核减: posts taken from a unit into the county's reserve.
    pub fn reduce_posts(&mut self, org: OrgId, p: &Posts) -> Result<EntryId> {
        self.record(&p.entry(EntryKind::Reduce, Account::Org(org), Account::Reserve))
    }

    /// 核销: posts of a unit written off.
    pub fn write_off_posts(&mut self, org: OrgId, p: &Posts) -> Result<EntryId> {
        self.record(&p.entry(EntryKind::WriteOff, Account::Org(org), Account::WrittenOff))
    }

    /// 核定池规模: posts into a turnover pool, from the county's reserve (调剂) or from
    /// above.
    pub fn fund_pool(&mut self, pool: PoolId, from_reserve: bool, p: &Posts) -> Result<EntryId> {
        let (kind, from) = if from_reserve {
            (EntryKind::Reallocate, Account::Reserve)
        } else {
            (EntryKind::Approve, Account::Above)
        };
        self.record(&p.entry(kind, from, Account::Pool(pool)))
    }

    /// 收回空编: the chosen (unit, post type, count) recovered to the county's reserve as
    /// 收回 entries with one 文号, in one transaction.
    pub fn recover_vacancies(
        &mut self,
        moves: &[(OrgId, PostType, i64)],
        date: NaiveDate,
        doc_no: &str,
        reason: &str,
    ) -> Result<Vec<EntryId>> {
        self.write(|tx| {
            moves
                .iter()
                .map(|&(org, post_type, count)| {
                    let posts = Posts {
                        post_type,
                        count,
                        date,
                        doc_no,
                        reason,
                    };
                    tx.record(&posts.entry(EntryKind::Recover, Account::Org(org), Account::Reserve))
                })
                .collect()
        })
    }

    /// 保存评分: the changed lines of an evaluation's scoring form and its vetoes, in one
    /// transaction.
    pub fn save_scores(
        &mut self,
        evaluation: i64,
        lines: &[ScoreLine],
        vetoes: &[(usize, Option<String>)],
        today: NaiveDate,
    ) -> Result<()> {
        self.write(|tx| {
            for l in lines {
                tx.set_score(
                    evaluation,
                    l.item,
                    l.input,
                    &l.note,
                    &l.evidence,
                    &l.source,
                    today,
                )?;
            }
            for (k, note) in vetoes {
                tx.set_veto(evaluation, *k, note.as_deref())?;
            }
            Ok(())
        })
    }
}
