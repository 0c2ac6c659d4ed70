//! Turnover pools through the store: plans, issues, hires onto turnover posts that do not
//! count in the unit's quota, 人走编收, 空编置换, and a property test that after any sequence
//! of operations the pool's total, issued and available posts are the ones the test counted
//! from the operations that succeeded, and no turnover post counts in a unit.

mod common;

use common::d;

use bianzhi::domain::turnover::{PlanState, PoolScope, ReturnReason};
use bianzhi::domain::*;
use bianzhi::stats::CountyStats;
use bianzhi::store::turnover::PlanRequest;
use bianzhi::store::{EntryRequest, HireRequest, Store};
use proptest::prelude::*;

const T: PostType = PostType::Institution(Funding::Full);

/// A valid ID number (born 19900101), the `n`th.
fn id(n: u32) -> String {
    common::id("19900101", n)
}

fn person(n: u32, org: OrgId) -> HireRequest {
    HireRequest {
        id_number: id(n),
        details: PersonDetails {
            name: format!("周{n}"),
            ..Default::default()
        },
        org,
        post_type: T,
        date: d(2024, 3, 1),
        doc_no: "石人社〔2024〕9号".into(),
    }
}

fn entry(
    s: &mut Store,
    kind: EntryKind,
    n: i64,
    from: Account,
    to: Account,
) -> Result<EntryId, bianzhi::store::StoreError> {
    s.record(&EntryRequest {
        date: d(2021, 1, 5),
        doc_no: "石编〔2021〕1号".into(),
        kind,
        reason: String::new(),
        movement: Movement {
            post_type: T,
            count: n,
            from,
            to,
        },
    })
}

/// A county with one unit (approved posts all filled) and a pool of `size` posts.
fn county(size: i64) -> (Store, OrgId, PoolId) {
    let mut s = common::new_store();
    let org = s
        .create_org(&OrgDraft {
            name: "县人民医院".into(),
            kind: Some(OrgKind::Institution),
            ..Default::default()
        })
        .unwrap();
    entry(
        &mut s,
        EntryKind::Approve,
        2,
        Account::Above,
        Account::Org(org),
    )
    .unwrap();
    for n in 1..=2 {
        s.hire(&person(n, org)).unwrap();
    }
    let pool = s
        .write(|tx| tx.create_pool("县直行政事业周转编制池"))
        .unwrap();
    entry(
        &mut s,
        EntryKind::Approve,
        size,
        Account::Above,
        Account::Pool(pool),
    )
    .unwrap();
    (s, org, pool)
}

fn plan(s: &mut Store, pool: PoolId, org: OrgId, n: i64) -> i64 {
    s.write(|tx| {
        tx.apply_turnover_plan(
            &PlanRequest {
                pool,
                org,
                post_type: T,
                requested: n,
                purpose: "引进急需紧缺医疗人才".into(),
                term_months: 36,
                return_plan: "人员转入空编后收回".into(),
                applied_on: d(2024, 1, 10),
            },
            36,
        )
    })
    .unwrap()
}

/// The pool's total, issued and available posts, after checking its issued posts against
/// its own issue and return rows.
fn balance(s: &Store, pool: PoolId) -> (i64, i64, i64) {
    let (_, _, b) = s
        .pool_balances()
        .unwrap()
        .into_iter()
        .find(|(p, _, _)| *p == pool)
        .unwrap();
    let issues: Vec<_> = s
        .turnover_issues()
        .unwrap()
        .into_iter()
        .filter(|i| i.pool == pool)
        .collect();
    let issued: i64 = issues.iter().map(|i| i.count).sum();
    let returned: i64 = s
        .turnover_returns()
        .unwrap()
        .iter()
        .filter(|r| issues.iter().any(|i| i.id == r.issue))
        .map(|r| r.count)
        .sum();
    assert_eq!(b.issued, issued - returned, "issued against the rows");
    (b.total, b.issued, b.available())
}

#[test]
fn plan_issue_hire_leave_and_swap() {
    let (mut s, org, pool) = county(10);
    let p = plan(&mut s, pool, org, 4);
    let state = s
        .write(|tx| tx.decide_turnover_plan(p, 3, "", "", d(2024, 1, 20)))
        .unwrap();
    assert_eq!(state, PlanState::PartlyApproved);
    let issue = s
        .write(|tx| tx.issue_turnover(p, 2, "石编〔2024〕3号", d(2024, 2, 1)))
        .unwrap();
    assert_eq!(balance(&s, pool), (10, 2, 8));
    assert!(
        s.write(|tx| tx.issue_turnover(p, 2, "石编〔2024〕4号", d(2024, 2, 1)))
            .is_err(),
        "only 3 approved"
    );

    let occupied_before = s.occupied(org, T).unwrap();
    let a = s
        .write(|tx| tx.hire_on_turnover(issue, &person(3, org)))
        .unwrap();
    let b = s
        .write(|tx| tx.hire_on_turnover(issue, &person(4, org)))
        .unwrap();
    assert!(
        s.write(|tx| tx.hire_on_turnover(issue, &person(5, org)))
            .is_err()
    );
    // Turnover holders are not in the unit's quota or vacancy.
    assert_eq!(s.occupied(org, T).unwrap(), occupied_before);
    let stats = CountyStats::derive(&s, None).unwrap();
    let o = stats.orgs.iter().find(|o| o.id == org.0).unwrap();
    assert_eq!(o.posts.get(T).vacancy, 0);
    assert_eq!(stats.pools[0].issued, 2);
    assert_eq!(stats.pools[0].available, 8);
    assert_eq!(stats.years["2024"].turnover_issued, 2);
    let holders = s.turnover_holders().unwrap();
    assert_eq!(holders.len(), 2);
    assert_eq!(holders[0].due_on, d(2027, 2, 1));

    // 人走编收: b leaves; the post returns to the pool in the same transaction.
    s.exit(
        b,
        ExitReason::Resignation,
        d(2025, 1, 1),
        "石人社〔2025〕1号",
    )
    .unwrap();
    assert_eq!(balance(&s, pool), (10, 1, 9));
    assert_eq!(
        s.turnover_returns().unwrap()[0].reason,
        ReturnReason::PersonLeft
    );

    // 空编置换: the unit gets an ordinary vacancy; a moves onto it and the post returns.
    assert_eq!(s.turnover_holders().unwrap()[0].ordinary_vacancy, 0);
    assert!(
        s.write(|tx| tx.swap_turnover(a, d(2025, 6, 1), "石编〔2025〕8号"))
            .is_err()
    );
    entry(
        &mut s,
        EntryKind::Approve,
        1,
        Account::Above,
        Account::Org(org),
    )
    .unwrap();
    assert_eq!(s.turnover_holders().unwrap()[0].ordinary_vacancy, 1);
    s.write(|tx| tx.swap_turnover(a, d(2025, 6, 1), "石编〔2025〕8号"))
        .unwrap();
    assert_eq!(balance(&s, pool), (10, 0, 10));
    assert_eq!(s.occupied(org, T).unwrap(), occupied_before + 1);
    assert!(s.turnover_holders().unwrap().is_empty());
    let years = s.turnover_years().unwrap();
    assert_eq!(years[&2025].swapped, 1);
    assert_eq!(years[&2025].returned, 2);
    assert_eq!(s.check().unwrap(), Vec::<String>::new());
}

#[test]
fn units_with_vacancies_are_refused_unless_a_reason_is_recorded() {
    let (mut s, org, pool) = county(5);
    entry(
        &mut s,
        EntryKind::Approve,
        2,
        Account::Above,
        Account::Org(org),
    )
    .unwrap();
    let p = plan(&mut s, pool, org, 1);
    let err = s
        .write(|tx| tx.decide_turnover_plan(p, 1, "", "", d(2024, 1, 20)))
        .unwrap_err();
    assert!(err.to_string().contains("空编 2 名"), "{err}");
    assert_eq!(s.turnover_plan(p).unwrap().state, PlanState::Pending);
    s.write(|tx| tx.decide_turnover_plan(p, 1, "", "空编为差额岗位，专业不符", d(2024, 1, 20)))
        .unwrap();
    let p = s.turnover_plan(p).unwrap();
    assert_eq!(p.state, PlanState::Approved);
    assert_eq!(p.override_reason, "空编为差额岗位，专业不符");
    // Refusing needs a reason.
    let q = plan(&mut s, pool, org, 1);
    assert!(
        s.write(|tx| tx.decide_turnover_plan(q, 0, "", "", d(2024, 1, 20)))
            .is_err()
    );
    s.write(|tx| tx.decide_turnover_plan(q, 0, "有空编可用", "", d(2024, 1, 20)))
        .unwrap();
    assert_eq!(s.turnover_plan(q).unwrap().state, PlanState::Refused);
}

#[test]
fn a_pool_cannot_give_back_posts_that_are_issued_and_transfers_return_the_post() {
    let (mut s, org, pool) = county(3);
    let p = plan(&mut s, pool, org, 3);
    s.write(|tx| tx.decide_turnover_plan(p, 3, "", "", d(2024, 1, 20)))
        .unwrap();
    let issue = s
        .write(|tx| tx.issue_turnover(p, 3, "石编〔2024〕3号", d(2024, 2, 1)))
        .unwrap();
    let err = entry(
        &mut s,
        EntryKind::Reallocate,
        1,
        Account::Pool(pool),
        Account::Reserve,
    )
    .unwrap_err();
    assert!(err.to_string().contains("余额不足"), "{err}");
    // Unused posts are taken back; held ones are not.
    let a = s
        .write(|tx| tx.hire_on_turnover(issue, &person(3, org)))
        .unwrap();
    assert!(
        s.write(|tx| tx.return_turnover(issue, 3, d(2024, 6, 1), "石编〔2024〕9号"))
            .is_err()
    );
    s.write(|tx| tx.return_turnover(issue, 2, d(2024, 6, 1), "石编〔2024〕9号"))
        .unwrap();
    assert_eq!(balance(&s, pool), (3, 1, 2));
    // 调动 to another unit with a vacancy: the turnover post returns.
    let other = s
        .create_org(&OrgDraft {
            name: "县疾控中心".into(),
            kind: Some(OrgKind::Institution),
            ..Default::default()
        })
        .unwrap();
    entry(
        &mut s,
        EntryKind::Approve,
        1,
        Account::Above,
        Account::Org(other),
    )
    .unwrap();
    assert!(
        s.transfer_with_post(a, other, d(2025, 1, 1), "石组通〔2025〕1号", "")
            .is_err(),
        "a turnover post is not the unit's to move"
    );
    s.transfer(a, other, T, d(2025, 1, 1), "石组通〔2025〕1号")
        .unwrap();
    assert_eq!(balance(&s, pool), (3, 0, 3));
    assert_eq!(s.occupied(other, T).unwrap(), 1);
    assert_eq!(s.check().unwrap(), Vec::<String>::new());
}

#[derive(Debug, Clone)]
enum Op {
    Plan { org: usize, n: i64, approve: i64 },
    Issue { plan: usize, n: i64 },
    Hire { issue: usize, who: u32 },
    Exit { who: usize },
    Transfer { who: usize, org: usize },
    Swap { who: usize },
    Approve { org: usize, n: i64 },
    Return { issue: usize, n: i64 },
    Shrink { n: i64 },
}

/// Operations, weighted so that posts get issued and held often enough for holders to leave,
/// move and swap.
fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        2 => (0..2usize, 1..4i64, 0..4i64).prop_map(|(org, n, approve)| Op::Plan { org, n, approve }),
        2 => (0..8usize, 1..3i64).prop_map(|(plan, n)| Op::Issue { plan, n }),
        3 => (0..8usize, 10..200u32).prop_map(|(issue, who)| Op::Hire { issue, who }),
        1 => (0..20usize).prop_map(|who| Op::Exit { who }),
        1 => (0..20usize, 0..2usize).prop_map(|(who, org)| Op::Transfer { who, org }),
        2 => (0..20usize).prop_map(|who| Op::Swap { who }),
        2 => (0..2usize, 1..3i64).prop_map(|(org, n)| Op::Approve { org, n }),
        1 => (0..8usize, 1..3i64).prop_map(|(issue, n)| Op::Return { issue, n }),
        1 => (1..3i64).prop_map(|n| Op::Shrink { n }),
    ]
}

/// What the property test itself did to the pool, counted from the operations that
/// succeeded: never read back from the store.
#[derive(Debug, Default)]
struct Model {
    /// The pool's size: approved into it, minus what it gave back to the reserve.
    total: i64,
    /// Posts issued (下达), ever.
    issued: i64,
    /// Posts that came back: 收回, and one per holder who left, moved or swapped.
    returned: i64,
    /// People the test hired onto turnover posts and who are still on them.
    holders: std::collections::BTreeSet<PersonId>,
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]
    #[test]
    fn no_sequence_breaks_the_pool_or_counts_turnover_posts_in_a_unit(ops in prop::collection::vec(op(), 1..40)) {
        let (mut s, first, pool) = county(6);
        let second = s.create_org(&OrgDraft {
            name: "县妇幼保健院".into(),
            kind: Some(OrgKind::Institution),
            ..Default::default()
        }).unwrap();
        let orgs = [first, second];
        let mut plans = Vec::new();
        let mut issues = Vec::new();
        let mut model = Model { total: 6, ..Model::default() };
        let day = d(2025, 1, 1);
        let doc = "石编〔2025〕1号";
        for op in ops {
            let people: Vec<PersonId> = s.people().unwrap().iter().filter(|p| p.status.post().is_some()).map(|p| p.id).collect();
            let pick = |i: usize| people.get(i % people.len().max(1)).copied();
            let holders: Vec<PersonId> = model.holders.iter().copied().collect();
            let holder = |i: usize| holders.get(i % holders.len().max(1)).copied();
            // A holder leaving their turnover post (出编, 调动, 置换) gives one post back.
            let leaves = |model: &mut Model, p: PersonId| {
                if model.holders.remove(&p) {
                    model.returned += 1;
                }
            };
            let _ = match op {
                Op::Plan { org, n, approve } => {
                    let p = plan(&mut s, pool, orgs[org], n);
                    plans.push(p);
                    s.write(|tx| tx.decide_turnover_plan(p, approve.min(n), "理由", "理由", day)).map(|_| ())
                }
                Op::Issue { plan, n } => match plans.get(plan % plans.len().max(1)) {
                    Some(&p) => s.write(|tx| tx.issue_turnover(p, n, doc, day)).map(|i| {
                        issues.push(i);
                        model.issued += n;
                    }),
                    None => Ok(()),
                },
                Op::Hire { issue, who } => match issues.get(issue % issues.len().max(1)) {
                    Some(&i) => {
                        let org = s.turnover_issues().unwrap().into_iter().find(|x| x.id == i).unwrap().org;
                        s.write(|tx| tx.hire_on_turnover(i, &person(who, org))).map(|p| {
                            model.holders.insert(p);
                        })
                    }
                    None => Ok(()),
                },
                Op::Exit { who } => match pick(who) {
                    Some(p) => s.exit(p, ExitReason::Retirement, day, doc).map(|()| leaves(&mut model, p)),
                    None => Ok(()),
                },
                Op::Transfer { who, org } => match pick(who) {
                    Some(p) => s.transfer(p, orgs[org], T, day, doc).map(|()| leaves(&mut model, p)),
                    None => Ok(()),
                },
                // A holder when there is one (anyone else is refused).
                Op::Swap { who } => match holder(who).or_else(|| pick(who)) {
                    Some(p) => s.write(|tx| tx.swap_turnover(p, day, doc)).map(|()| leaves(&mut model, p)),
                    None => Ok(()),
                },
                Op::Approve { org, n } => entry(&mut s, EntryKind::Approve, n, Account::Above, Account::Org(orgs[org])).map(|_| ()),
                Op::Return { issue, n } => match issues.get(issue % issues.len().max(1)) {
                    Some(&i) => s.write(|tx| tx.return_turnover(i, n, day, doc)).map(|()| model.returned += n),
                    None => Ok(()),
                },
                Op::Shrink { n } => entry(&mut s, EntryKind::Reallocate, n, Account::Pool(pool), Account::Reserve).map(|_| model.total -= n),
            };
            // Invariants after every step, refused or not.
            // The store's issue and return rows are the ones the test's operations made.
            let issued_rows: i64 = s.turnover_issues().unwrap().iter().map(|i| i.count).sum();
            let returned_rows: i64 = s.turnover_returns().unwrap().iter().map(|r| r.count).sum();
            prop_assert_eq!((issued_rows, returned_rows), (model.issued, model.returned));
            // The pool's figures are what the test counted.
            let (_, _, b) = s.pool_balances().unwrap().into_iter().next().unwrap();
            let out = model.issued - model.returned;
            prop_assert_eq!(
                (b.total, b.issued, b.available()),
                (model.total, out, model.total - out),
                "{:?}", model
            );
            prop_assert!(out >= 0 && model.total - out >= 0, "{:?}", model);
            let holders = s.turnover_holders().unwrap();
            let held: std::collections::BTreeSet<PersonId> = holders.iter().map(|h| h.person).collect();
            prop_assert_eq!(&held, &model.holders);
            for &o in &orgs {
                let ordinary = s.people_of_org(o).unwrap().iter()
                    .filter(|p| !model.holders.contains(&p.id))
                    .count() as i64;
                prop_assert_eq!(s.occupied(o, T).unwrap(), ordinary);
            }
            let problems = s.check().unwrap();
            prop_assert!(problems.is_empty(), "{problems:?}");
        }
    }
}

#[test]
fn ledger_export_has_the_issues_and_the_yearly_counts() {
    use calamine::{Data, Reader};
    let mut s = common::new_store();
    bianzhi::demo::fill(&mut s).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("周转编制台账.xlsx");
    bianzhi::export::reports::write_report(
        &s,
        bianzhi::export::reports::Report::Turnover,
        &Default::default(),
        &path,
    )
    .unwrap();
    let mut wb = calamine::open_workbook_auto(&path).unwrap();
    let years = wb.worksheet_range("逐年统计").unwrap();
    let row2021 = years
        .rows()
        .find(|r| matches!(&r[0], Data::Float(y) if *y == 2021.0))
        .unwrap();
    assert_eq!(row2021[1], Data::Float(56.0));
    let issues = wb.worksheet_range("下达台账").unwrap();
    // Title, 制表 line and header, then one row per issue.
    assert_eq!(issues.height(), 3 + s.turnover_issues().unwrap().len());
    let stats = CountyStats::derive(&s, None).unwrap();
    assert_eq!(stats.years["2021"].turnover_issued, 56);
}

#[test]
fn a_pool_issues_only_within_its_scope() {
    // 县人民医院 (a county-level unit) and a pool of the townships' (专编专用).
    let (mut s, hospital, county_pool) = county(10);
    let towns = s.create_pool("乡镇(街道)人才编制池").unwrap();
    entry(
        &mut s,
        EntryKind::Approve,
        5,
        Account::Above,
        Account::Pool(towns),
    )
    .unwrap();
    let scopes = s.pool_scopes().unwrap();
    assert_eq!(scopes[&county_pool], PoolScope::County);
    assert_eq!(scopes[&towns], PoolScope::Townships);
    // The townships' pool refuses the hospital, naming both; nothing is issued.
    let p = plan(&mut s, towns, hospital, 2);
    s.write(|tx| tx.decide_turnover_plan(p, 2, "", "", d(2024, 1, 20)))
        .unwrap();
    let refused = s
        .write(|tx| tx.issue_turnover(p, 2, "石编〔2024〕5号", d(2024, 2, 1)))
        .unwrap_err()
        .to_string();
    assert!(
        refused.contains("乡镇(街道)人才编制池") && refused.contains("县人民医院"),
        "{refused}"
    );
    assert_eq!(balance(&s, towns), (5, 0, 5));
    // A township and a station under it are in its scope; the county's pool refuses them.
    let town = s
        .create_org(&OrgDraft {
            name: "楚江街道".into(),
            kind: Some(OrgKind::Township),
            ..Default::default()
        })
        .unwrap();
    let station = s
        .create_org(&OrgDraft {
            name: "楚江街道农业综合服务站".into(),
            kind: Some(OrgKind::Institution),
            parent: Some(town),
            ..Default::default()
        })
        .unwrap();
    for unit in [town, station] {
        let p = plan(&mut s, towns, unit, 1);
        s.write(|tx| tx.decide_turnover_plan(p, 1, "", "", d(2024, 1, 20)))
            .unwrap();
        s.write(|tx| tx.issue_turnover(p, 1, "石编〔2024〕6号", d(2024, 2, 1)))
            .unwrap();
        let p = plan(&mut s, county_pool, unit, 1);
        s.write(|tx| tx.decide_turnover_plan(p, 1, "", "", d(2024, 1, 20)))
            .unwrap();
        assert!(
            s.write(|tx| tx.issue_turnover(p, 1, "石编〔2024〕7号", d(2024, 2, 1)))
                .is_err(),
            "the county's pool does not issue to a township or its units"
        );
    }
    assert_eq!(balance(&s, towns), (5, 2, 3));
}
