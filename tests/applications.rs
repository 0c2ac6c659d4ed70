//! Staffing applications through the store: the initial-review rules with their thresholds
//! (the supervising-department rule through an open rectification item and through an
//! over-quota unit), a full path to ledger entries, a request upward, and 用编 plans that
//! hires consume.

mod common;

use common::d;

use bianzhi::domain::application::{AppState, ApplicationKind, Decision};
use bianzhi::domain::*;
use bianzhi::stats::CountyStats;
use bianzhi::store::applications::{ApplicationRequest, PostSource, VACANCY_THRESHOLD_KEY};
use bianzhi::store::{EntryRequest, HireRequest, Store};

const ADMIN: PostType = PostType::Administrative;

/// A valid ID number (born 19880808), the `n`th.
fn id(n: u32) -> String {
    common::id("19880808", n)
}

fn hire(s: &mut Store, n: u32, org: OrgId) -> PersonId {
    s.hire(&HireRequest {
        id_number: id(n),
        details: PersonDetails {
            name: format!("吴{n}"),
            ..Default::default()
        },
        org,
        post_type: ADMIN,
        date: d(2022, 3, 1),
        doc_no: "石人社〔2022〕3号".into(),
    })
    .unwrap()
}

fn approve(s: &mut Store, to: Account, n: i64) {
    s.record(&EntryRequest {
        date: d(2021, 1, 5),
        doc_no: "石编〔2021〕1号".into(),
        kind: EntryKind::Approve,
        reason: String::new(),
        movement: Movement {
            post_type: ADMIN,
            count: n,
            from: Account::Above,
            to,
        },
    })
    .unwrap();
}

/// A department with one unit under it; the unit has `vacancies` vacant posts of 3.
fn county(vacancies: i64) -> (Store, OrgId, OrgId) {
    let mut s = common::new_store();
    let dept = s
        .create_org(&OrgDraft {
            name: "县卫生健康局".into(),
            kind: Some(OrgKind::GovDept),
            ..Default::default()
        })
        .unwrap();
    let unit = s
        .create_org(&OrgDraft {
            name: "县疾病预防控制中心".into(),
            kind: Some(OrgKind::Institution),
            parent: Some(dept),
            ..Default::default()
        })
        .unwrap();
    approve(&mut s, Account::Org(unit), 3);
    for n in 0..(3 - vacancies) as u32 {
        hire(&mut s, n + 1, unit);
    }
    (s, dept, unit)
}

fn apply(s: &mut Store, org: OrgId, kind: ApplicationKind, n: i64) -> i64 {
    s.write(|tx| {
        tx.receive_application(&ApplicationRequest {
            org,
            kind,
            post_type: Some(ADMIN),
            requested: n,
            reason: "新增疫情防控职能".into(),
            received_on: d(2026, 2, 1),
            market_available: false,
            attachments: String::new(),
        })
    })
    .unwrap()
}

fn failed(s: &Store, app: i64) -> Vec<String> {
    s.review(app)
        .unwrap()
        .into_iter()
        .filter(|c| !c.passed)
        .map(|c| c.code)
        .collect()
}

#[test]
fn vacancy_rule_at_its_threshold_and_a_changed_setting() {
    let (mut s, _, unit) = county(1);
    let a = apply(&mut s, unit, ApplicationKind::IncreasePosts, 2);
    assert!(failed(&s, a).is_empty());
    let (mut s2, _, unit2) = county(2);
    let b = apply(&mut s2, unit2, ApplicationKind::IncreasePosts, 2);
    assert_eq!(failed(&s2, b), vec!["vacancies"]);
    let checks = s2.review(b).unwrap();
    assert!(
        checks[0].detail.contains("空编 2 名"),
        "{}",
        checks[0].detail
    );
    // Accepting anyway needs a reason, which is kept.
    let err = s2
        .write(|tx| tx.review_application(b, true, "", "", d(2026, 2, 3)))
        .unwrap_err();
    assert!(err.to_string().contains("不予受理"), "{err}");
    s2.write(|tx| tx.set_setting(VACANCY_THRESHOLD_KEY, "3"))
        .unwrap();
    assert!(failed(&s2, b).is_empty());
}

#[test]
fn supervising_department_rule_through_rectification_and_over_quota() {
    let (mut s, dept, unit) = county(0);
    let a = apply(&mut s, unit, ApplicationKind::IncreasePosts, 1);
    assert!(failed(&s, a).is_empty());
    // An open rectification item of the department (from an evaluation) fails the rule.
    let r = s
        .write(|tx| {
            tx.add_rectification(
                dept,
                Some(1),
                "超职数配备领导干部",
                "人事股",
                d(2026, 6, 30),
            )
        })
        .unwrap();
    assert_eq!(failed(&s, a), vec!["supervisor_problems"]);
    assert!(
        s.review(a).unwrap()[1]
            .detail
            .contains("超职数配备领导干部")
    );
    s.write(|tx| tx.set_rectification_state(r, "done", d(2026, 3, 1)))
        .unwrap();
    assert!(failed(&s, a).is_empty());
    // A unit the department manages over quota fails it too.
    let other = s
        .create_org(&OrgDraft {
            name: "县人民医院".into(),
            kind: Some(OrgKind::Institution),
            parent: Some(dept),
            ..Default::default()
        })
        .unwrap();
    s.write(|tx| {
        tx.register(
            &IdNumber::parse(&id(50)).unwrap(),
            &PersonDetails {
                name: "超编者".into(),
                ..Default::default()
            },
            (other, ADMIN),
            d(2020, 1, 1),
            "",
        )
    })
    .unwrap();
    assert_eq!(failed(&s, a), vec!["supervisor_problems"]);
    assert!(s.review(a).unwrap()[1].detail.contains("县人民医院"));
    // Not accepting needs a reason and ends the matter.
    assert!(
        s.write(|tx| tx.review_application(a, false, "", "", d(2026, 2, 3)))
            .is_err()
    );
    s.write(|tx| tx.review_application(a, false, "主管部门所属单位超编", "", d(2026, 2, 3)))
        .unwrap();
    assert_eq!(s.application(a).unwrap().state, AppState::NotAccepted);
}

#[test]
fn a_full_path_to_ledger_entries_and_the_yearly_counts() {
    let (mut s, _, unit) = county(0);
    approve(&mut s, Account::Reserve, 5);
    let a = apply(&mut s, unit, ApplicationKind::IncreasePosts, 2);
    s.write(|tx| tx.review_application(a, true, "", "", d(2026, 2, 3)))
        .unwrap();
    s.write(|tx| tx.add_suggestion(a, "优化内设机构，先内部调剂", d(2026, 2, 10)))
        .unwrap();
    s.write(|tx| {
        tx.record_research(
            a,
            "与县卫健局联合调研",
            "县卫生健康局",
            Some(5),
            d(2026, 3, 1),
        )
    })
    .unwrap();
    let entries = s.entries(None).unwrap().len();
    let state = s
        .write(|tx| {
            tx.decide_application(
                a,
                d(2026, 3, 20),
                "2026年第1次编委会",
                Decision::Partly,
                1,
                false,
                "石编〔2026〕11号",
                PostSource::Reserve,
            )
        })
        .unwrap();
    assert_eq!(state, AppState::Closed);
    assert_eq!(s.approved(unit, ADMIN).unwrap(), 4);
    assert_eq!(s.entries(None).unwrap().len(), entries + 1);
    let e = s.entries(None).unwrap().pop().unwrap();
    assert_eq!(e.doc_no, "石编〔2026〕11号");
    let trail: Vec<AppState> = s
        .application_trail(a)
        .unwrap()
        .iter()
        .map(|t| t.state)
        .collect();
    assert_eq!(
        trail,
        vec![
            AppState::Received,
            AppState::Accepted,
            AppState::Researching,
            AppState::AwaitingDecision,
            AppState::AwaitingDecision,
            AppState::Closed
        ]
    );
    let stats = CountyStats::derive(&s, None).unwrap();
    let y = &stats.years["2026"];
    assert_eq!(
        (
            y.applications_received,
            y.applications_accepted,
            y.suggestions
        ),
        (1, 1, 1)
    );
    assert_eq!(s.check().unwrap(), Vec::<String>::new());
}

#[test]
fn a_request_upward_then_its_reply_then_closing() {
    let (mut s, _, unit) = county(0);
    let a = apply(&mut s, unit, ApplicationKind::IncreasePosts, 3);
    s.write(|tx| tx.review_application(a, true, "", "", d(2026, 2, 3)))
        .unwrap();
    let state = s
        .write(|tx| {
            tx.decide_application(
                a,
                d(2026, 3, 20),
                "第1次",
                Decision::Approve,
                0,
                true,
                "",
                PostSource::Above,
            )
        })
        .unwrap();
    assert_eq!(state, AppState::RequestedUp);
    assert_eq!(s.approved(unit, ADMIN).unwrap(), 3, "nothing recorded yet");
    s.write(|tx| tx.record_reply(a, d(2026, 5, 1), "市编办同意增加 2 名", 2))
        .unwrap();
    s.write(|tx| tx.close_application(a, "石编〔2026〕15号", d(2026, 5, 5), PostSource::Above))
        .unwrap();
    assert_eq!(s.approved(unit, ADMIN).unwrap(), 5);
    assert_eq!(s.application(a).unwrap().state, AppState::Closed);
}

#[test]
fn an_approved_use_of_posts_becomes_a_plan_that_hires_consume() {
    let (mut s, _, unit) = county(2);
    let a = apply(&mut s, unit, ApplicationKind::UsePosts, 2);
    assert!(
        failed(&s, a).is_empty(),
        "the vacancy rule is for requests for more posts"
    );
    s.write(|tx| tx.review_application(a, true, "", "", d(2026, 2, 3)))
        .unwrap();
    s.write(|tx| {
        tx.decide_application(
            a,
            d(2026, 3, 20),
            "第1次",
            Decision::Approve,
            0,
            false,
            "石编〔2026〕12号",
            PostSource::Reserve,
        )
    })
    .unwrap();
    let plans = s.hiring_plans(Some(unit)).unwrap();
    assert_eq!((plans.len(), plans[0].remaining()), (1, 2));
    // The 核准使用编制通知单 (issue 22): numbered, the plan valid until a date; the hire made
    // against it shows the notice that allowed it.
    let today = bianzhi::clock::today();
    assert!(
        s.approval_notice(plans[0].id, "补充疾控人员", today - chrono::Days::new(1))
            .is_err(),
        "valid until a past day"
    );
    let notice = s
        .approval_notice(plans[0].id, "补充疾控人员", today + chrono::Days::new(90))
        .unwrap();
    let year = bianzhi::clock::this_year();
    assert_eq!(notice.number, format!("编用〔{year}〕1号"));
    let again = s
        .approval_notice(plans[0].id, "补充疾控人员", today + chrono::Days::new(90))
        .unwrap();
    assert_eq!(again.number, notice.number, "issued once, printed again");
    let p = hire(&mut s, 10, unit);
    assert_eq!(s.hiring_plans(Some(unit)).unwrap()[0].remaining(), 1);
    let entry = s
        .person_notice(p, bianzhi::domain::notice::NoticeKind::Entry)
        .unwrap();
    assert!(
        entry
            .content
            .fields
            .contains(&("核准使用编制通知单".to_string(), notice.number.clone())),
        "{:?}",
        entry.content.fields
    );
    assert_eq!(
        s.hiring_plans(Some(unit)).unwrap()[0].valid_until,
        Some(today + chrono::Days::new(90))
    );
}

#[test]
fn a_plan_past_its_notices_date_is_not_used() {
    let _day = bianzhi::clock::fix_today(d(2026, 5, 1));
    let (mut s, _, unit) = county(2);
    let a = apply(&mut s, unit, ApplicationKind::UsePosts, 2);
    s.write(|tx| tx.review_application(a, true, "", "", d(2026, 3, 3)))
        .unwrap();
    s.write(|tx| {
        tx.decide_application(
            a,
            d(2026, 3, 20),
            "第1次",
            Decision::Approve,
            0,
            false,
            "石编〔2026〕12号",
            PostSource::Reserve,
        )
    })
    .unwrap();
    let plan = s.hiring_plans(Some(unit)).unwrap()[0].id;
    s.approval_notice(plan, "补充人员", d(2026, 6, 30)).unwrap();
    // Hired after the date: the post is filled, the plan not used.
    s.hire(&HireRequest {
        id_number: id(20),
        details: PersonDetails {
            name: "逾期".into(),
            ..Default::default()
        },
        org: unit,
        post_type: ADMIN,
        date: d(2026, 7, 15),
        doc_no: "石人社〔2026〕9号".into(),
    })
    .unwrap();
    assert_eq!(s.hiring_plans(Some(unit)).unwrap()[0].remaining(), 2);
    // Within it: used.
    s.hire(&HireRequest {
        id_number: id(21),
        details: PersonDetails {
            name: "按期".into(),
            ..Default::default()
        },
        org: unit,
        post_type: ADMIN,
        date: d(2026, 6, 1),
        doc_no: "石人社〔2026〕8号".into(),
    })
    .unwrap();
    assert_eq!(s.hiring_plans(Some(unit)).unwrap()[0].remaining(), 1);
}

#[test]
fn an_application_without_a_reason_is_refused_and_an_over_quota_unit_shows_its_excess() {
    let (mut s, _dept, unit) = county(0);
    // No 申请理由: refused with a message, nothing written.
    let before = s.applications(None).unwrap().len();
    let refused = s.write(|tx| {
        tx.receive_application(&ApplicationRequest {
            org: unit,
            kind: ApplicationKind::IncreasePosts,
            post_type: Some(ADMIN),
            requested: 1,
            reason: "  ".into(),
            received_on: d(2026, 2, 1),
            market_available: false,
            attachments: String::new(),
        })
    });
    let message = refused.unwrap_err().to_string();
    assert!(message.contains("申请理由"), "{message}");
    assert_eq!(s.applications(None).unwrap().len(), before);
    // The unit (3 approved, all held) takes 2 more people: 超编 2 名, never 空编 0 名.
    for n in 60..62 {
        s.write(|tx| {
            tx.register(
                &IdNumber::parse(&id(n)).unwrap(),
                &PersonDetails {
                    name: format!("超编{n}"),
                    ..Default::default()
                },
                (unit, ADMIN),
                d(2020, 1, 1),
                "",
            )
        })
        .unwrap();
    }
    let a = apply(&mut s, unit, ApplicationKind::IncreasePosts, 1);
    let line = &s.review(a).unwrap()[0].detail;
    assert!(line.contains("超编 2 名"), "{line}");
    assert!(!line.contains("空编 0 名"), "{line}");
}

#[test]
fn an_application_keeps_the_review_it_was_decided_on() {
    use bianzhi::store::applications::ReviewStage;
    // One vacancy of three: the vacancy rule passes.
    let (mut s, _, unit) = county(1);
    let a = apply(&mut s, unit, ApplicationKind::IncreasePosts, 2);
    let kept = s.kept_reviews(a).unwrap();
    assert_eq!(kept.len(), 1);
    assert_eq!(kept[0].stage, ReviewStage::Received);
    assert!(
        kept[0].checks[0].detail.contains("空编 1 名"),
        "{:?}",
        kept[0].checks
    );
    s.write(|tx| tx.review_application(a, true, "", "", d(2026, 2, 3)))
        .unwrap();
    s.write(|tx| {
        tx.decide_application(
            a,
            d(2026, 3, 20),
            "2026年第1次编委会",
            Decision::Refuse,
            0,
            false,
            "",
            PostSource::Reserve,
        )
    })
    .unwrap();
    let decided = s.kept_reviews(a).unwrap();
    assert_eq!(
        decided.iter().map(|k| k.stage).collect::<Vec<_>>(),
        [
            ReviewStage::Received,
            ReviewStage::Reviewed,
            ReviewStage::Decided
        ]
    );
    assert!(decided.iter().all(|k| k.checks.iter().all(|c| c.passed)));

    // The unit changes after the decision: its last vacancy is filled.
    hire(&mut s, 10, unit);
    let today = s.review(a).unwrap();
    assert!(today[0].detail.contains("空编 0 名"), "{}", today[0].detail);
    assert_eq!(
        s.kept_reviews(a).unwrap(),
        decided,
        "the kept checklists did not move"
    );
    assert!(decided[2].checks[0].detail.contains("空编 1 名"));
}
