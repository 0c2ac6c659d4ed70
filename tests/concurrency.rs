//! Two clerks at once: two connections to one database race for the last of something,
//! 200 times each. Exactly one wins every round; the other is refused by the rule, in the
//! rule's words (never "database is locked"); and the invariants hold afterwards.

mod common;

use bianzhi::store::db::Backend;
use common::{TempDir, d};

use bianzhi::domain::turnover::PlanState;
use bianzhi::domain::*;
use bianzhi::store::turnover::PlanRequest;
use bianzhi::store::{EntryRequest, HireRequest, Store, StoreError};
use std::path::Path;
use std::sync::{Arc, Barrier, mpsc};

const ROUNDS: usize = 200;
const T: PostType = PostType::Institution(Funding::Full);

type Outcome = Result<i64, StoreError>;

/// Runs `ROUNDS` rounds on the database at `db`: in each, `setup` prepares the round on
/// the first clerk's connection, then both clerks `act` at the same moment (clerk 0 on this
/// thread, clerk 1 on another, each with its own connection). Returns both outcomes of
/// every round.
fn race<S: Clone + Send + 'static>(
    db: &Path,
    mut setup: impl FnMut(&mut Store, usize) -> S,
    act: fn(&mut Store, &S, usize, usize) -> Outcome,
) -> Vec<(Outcome, Outcome)> {
    let mut a = Store::open(db).unwrap();
    let mut b = Store::open(db).unwrap();
    let barrier = Arc::new(Barrier::new(2));
    let (to_b, rounds) = mpsc::channel::<(usize, S)>();
    let (results, from_b) = mpsc::channel::<Outcome>();
    let other = {
        let barrier = barrier.clone();
        std::thread::spawn(move || {
            for (round, s) in rounds {
                barrier.wait();
                let _ = results.send(act(&mut b, &s, round, 1));
            }
        })
    };
    let mut out = Vec::with_capacity(ROUNDS);
    for round in 0..ROUNDS {
        let s = setup(&mut a, round);
        to_b.send((round, s.clone())).unwrap();
        barrier.wait();
        let mine = act(&mut a, &s, round, 0);
        let theirs = from_b.recv().unwrap();
        out.push((mine, theirs));
    }
    drop(to_b);
    other.join().unwrap();
    assert_eq!(
        a.check().unwrap(),
        Vec::<String>::new(),
        "the invariants hold"
    );
    out
}

/// Every round: exactly one clerk succeeded, and the other was refused by a rule whose
/// message contains `words`.
fn exactly_one_wins(outcomes: &[(Outcome, Outcome)], words: &str) {
    for (round, (a, b)) in outcomes.iter().enumerate() {
        let lost = match (a, b) {
            (Ok(_), Err(e)) | (Err(e), Ok(_)) => e,
            (Ok(_), Ok(_)) => panic!("round {round}: both succeeded"),
            (Err(x), Err(y)) => panic!("round {round}: both refused: {x} / {y}"),
        };
        assert!(
            matches!(lost, StoreError::Rule(_)),
            "round {round}: refused by something other than a rule: {lost}"
        );
        let message = lost.to_string();
        assert!(
            message.contains(words),
            "round {round}: the message does not say {words}: {message}"
        );
    }
}

fn approve(s: &mut Store, to: Account, post_type: PostType, count: i64) {
    s.record(&EntryRequest {
        date: d(2021, 1, 5),
        doc_no: "石编〔2021〕1号".into(),
        kind: EntryKind::Approve,
        reason: "核定".into(),
        movement: Movement {
            post_type,
            count,
            from: Account::Above,
            to,
        },
    })
    .unwrap();
}

fn person(seq: usize, org: OrgId, post_type: PostType) -> HireRequest {
    // Two people a round: births spread over the days of 1990 so that the sequence stays
    // within its three digits.
    let day = d(1990, 1, 1) + chrono::Days::new((seq / 500) as u64);
    HireRequest {
        id_number: common::id(&day.format("%Y%m%d").to_string(), (seq % 500) as u32 + 1),
        details: PersonDetails {
            name: format!("林{seq}"),
            ..Default::default()
        },
        org,
        post_type,
        date: d(2024, 3, 1),
        doc_no: "石人社〔2024〕9号".into(),
    }
}

#[test]
fn two_hires_into_a_units_last_vacancy_one_succeeds() {
    let dir = TempDir::new("race-hire");
    let db = common::new_location(&dir, "county.db");
    let outcomes = race(
        &db,
        |s, round| {
            common::add_org(
                s,
                &format!("县第{round}局"),
                OrgKind::GovDept,
                &[(PostType::Administrative, 1)],
            )
        },
        |s, &org, round, clerk| {
            s.hire(&person(round * 2 + clerk, org, PostType::Administrative))
                .map(|p| p.0)
        },
    );
    exactly_one_wins(&outcomes, "空编");
    // Each unit holds its one person.
    let s = Store::open(&db).unwrap();
    assert_eq!(s.people().unwrap().len(), ROUNDS);
}

#[test]
fn two_recoveries_of_a_units_last_vacant_post_one_succeeds() {
    let dir = TempDir::new("race-recover");
    let db = common::new_location(&dir, "county.db");
    let outcomes = race(
        &db,
        |s, round| {
            common::add_org(
                s,
                &format!("县第{round}中心"),
                OrgKind::Institution,
                &[(T, 1)],
            )
        },
        |s, &org, _, _| {
            s.recover_posts(
                org,
                &bianzhi::store::Posts {
                    post_type: T,
                    count: 1,
                    date: d(2024, 5, 1),
                    doc_no: "石编〔2024〕7号",
                    reason: "收回空编",
                },
            )
            .map(|e| e.0)
        },
    );
    exactly_one_wins(&outcomes, "不足");
}

#[test]
fn two_issues_of_a_pools_last_post_one_succeeds() {
    let dir = TempDir::new("race-pool");
    let db = common::new_location(&dir, "county.db");
    let outcomes = race(
        &db,
        |s, round| {
            // A pool of one post and two full units, each with an approved plan for one.
            let pool = s
                .write(|tx| tx.create_pool(&format!("周转编制池{round}")))
                .unwrap();
            approve(s, Account::Pool(pool), T, 1);
            let plans: Vec<i64> = (0..2)
                .map(|k| {
                    let org = common::add_org(
                        s,
                        &format!("县医院{round}-{k}"),
                        OrgKind::Institution,
                        &[],
                    );
                    s.write(|tx| {
                        let plan = tx.apply_turnover_plan(
                            &PlanRequest {
                                pool,
                                org,
                                post_type: T,
                                requested: 1,
                                purpose: "引进急需紧缺人才".into(),
                                term_months: 36,
                                return_plan: "人员转入空编后收回".into(),
                                applied_on: d(2024, 1, 10),
                            },
                            36,
                        )?;
                        let state = tx.decide_turnover_plan(plan, 1, "", "", d(2024, 1, 20))?;
                        assert_eq!(state, PlanState::Approved);
                        Ok(plan)
                    })
                    .unwrap()
                })
                .collect();
            plans
        },
        |s, plans, _, clerk| {
            s.write(|tx| tx.issue_turnover(plans[clerk], 1, "石编〔2024〕3号", d(2024, 2, 1)))
        },
    );
    exactly_one_wins(&outcomes, "可用");
}

#[test]
fn a_write_that_waits_too_long_for_another_says_so_in_chinese_and_writes_nothing() {
    let dir = TempDir::new("race-busy");
    let db = common::new_location(&dir, "county.db");
    let mut s = Store::open(&db).unwrap();
    let org = common::add_org(&mut s, "县教育局", OrgKind::GovDept, &[]);
    // Another program holds the write lock (a long import elsewhere).
    let other = Store::open(&db).unwrap();
    let hold = match other.db_for_tests().backend() {
        Backend::Sqlite => "BEGIN IMMEDIATE".to_string(),
        Backend::Postgres => format!("BEGIN; {}", bianzhi::store::SERVER_WRITE_LOCK),
    };
    let other = other.db_for_tests();
    other.execute_batch(&hold).unwrap();
    let err = s
        .create_org(&OrgDraft {
            name: "县财政局".into(),
            kind: Some(OrgKind::GovDept),
            ..Default::default()
        })
        .unwrap_err();
    assert!(matches!(err, StoreError::Busy(_)), "{err:?}");
    assert!(err.to_string().contains("没有写入任何内容"), "{err}");
    other.execute_batch("ROLLBACK").unwrap();
    // Once it is free, the write goes through; the first unit is still there.
    approve(&mut s, Account::Org(org), PostType::Administrative, 1);
    assert_eq!(s.orgs().unwrap().len(), 1);
}

#[test]
fn two_conversions_resting_on_the_same_departures_one_succeeds() {
    use bianzhi::domain::conversion::SecondPost;
    use bianzhi::store::conversions::ConversionRequest;
    const PARTIAL: PostType = PostType::Institution(Funding::Partial);
    let dir = TempDir::new("race-convert");
    let db = common::new_location(&dir, "county.db");
    let outcomes = race(
        &db,
        |s, round| {
            // Two 全额 people retired (the two departures), two 差额 people waiting.
            let org = common::add_org(
                s,
                &format!("县农技站{round}"),
                OrgKind::Institution,
                &[(T, 2), (PARTIAL, 2)],
            );
            for k in 0..2 {
                let p = s.hire(&person(round * 4 + k, org, T)).unwrap();
                s.exit(
                    p,
                    ExitReason::Retirement,
                    d(2026, 1, 1),
                    "石人社〔2026〕1号",
                )
                .unwrap();
            }
            let waiting: Vec<PersonId> = (2..4)
                .map(|k| s.hire(&person(round * 4 + k, org, PARTIAL)).unwrap())
                .collect();
            let departures: Vec<i64> = s
                .conversion_status(org)
                .unwrap()
                .departures
                .iter()
                .map(|d| d.event)
                .collect();
            (waiting, departures)
        },
        |s, (waiting, departures), _, clerk| {
            s.convert(&ConversionRequest {
                person: waiting[clerk],
                date: d(2026, 5, 1),
                doc_no: "石编〔2026〕9号".into(),
                departures: departures.clone(),
                second: SecondPost::Recover,
            })
        },
    );
    exactly_one_wins(&outcomes, "已用于");
}

#[test]
fn a_connection_follows_what_others_wrote_and_only_that() {
    use bianzhi::store::Kinds;
    let dir = TempDir::new("follow");
    let db = common::new_location(&dir, "county.db");
    let mut mine = Store::open(&db).unwrap();
    let mut theirs = Store::open(&db).unwrap();
    assert!(
        mine.follow_others().unwrap().is_empty(),
        "nothing written yet"
    );

    // My own write is followed as I write it, not again as someone else's.
    let org = common::add_org(&mut mine, "县教育局", OrgKind::GovDept, &[]);
    assert!(!mine.take_changes().is_empty());
    assert!(mine.follow_others().unwrap().is_empty());

    // Theirs: a hire. I learn that people and the ledger's figures changed, and who.
    approve(&mut theirs, Account::Org(org), PostType::Administrative, 1);
    let p = theirs
        .hire(&person(1, org, PostType::Administrative))
        .unwrap();
    let changes = mine.follow_others().unwrap();
    assert!(changes.kinds.intersects(Kinds::PEOPLE));
    assert!(changes.kinds.intersects(Kinds::LEDGER));
    assert!(!changes.kinds.intersects(Kinds::TURNOVER));
    assert_eq!(changes.people, Some(vec![p]));
    assert!(mine.take_changes().is_empty(), "not mine");
    // Once followed, not again.
    assert!(mine.follow_others().unwrap().is_empty());
}

#[test]
fn two_notices_issued_at_once_get_two_numbers() {
    let dir = TempDir::new("race-notice");
    let db = common::new_location(&dir, "county.db");
    let outcomes = race(
        &db,
        |s, round| {
            let org = common::add_org(
                s,
                &format!("县第{round}局"),
                OrgKind::GovDept,
                &[(PostType::Administrative, 2)],
            );
            let a = s
                .hire(&person(round * 2, org, PostType::Administrative))
                .unwrap();
            let b = s
                .hire(&person(round * 2 + 1, org, PostType::Administrative))
                .unwrap();
            (a, b)
        },
        |s, &(a, b), _, clerk| {
            let p = if clerk == 0 { a } else { b };
            s.person_notice(p, bianzhi::domain::notice::NoticeKind::Entry)
                .map(|n| n.id)
        },
    );
    for (round, (a, b)) in outcomes.iter().enumerate() {
        assert!(a.is_ok() && b.is_ok(), "round {round}: {a:?} {b:?}");
    }
    // Every notice its own number.
    let s = Store::open(&db).unwrap();
    let distinct = common::count(
        &s,
        "SELECT COUNT(DISTINCT number) FROM notices WHERE kind = 'entry'",
    );
    assert_eq!(distinct as usize, 2 * ROUNDS);
}
