//! The county figures as the window keeps them: read once, then followed write by write
//! (re-reading only what each write changed), equal the figures derived afresh.

mod common;

use common::d;

use bianzhi::domain::id_number::check_char;
use bianzhi::domain::*;
use bianzhi::stats::{CountyStats, Sources};
use bianzhi::store::{EntryRequest, HireRequest, Store};

/// Follows what the store says its writes changed; the figures must equal a fresh
/// derivation. Returns them.
fn follow(store: &mut Store, src: &mut Sources) -> CountyStats {
    let changes = store.take_changes();
    assert!(!changes.is_empty(), "a write records what it changed");
    src.follow(store, changes.kinds).unwrap();
    let followed = CountyStats::assemble(src);
    assert_eq!(followed, CountyStats::derive(store, None).unwrap());
    followed
}

#[test]
fn figures_followed_write_by_write_equal_the_figures_derived_afresh() {
    let mut s = common::new_store();
    s.set_operator("测试员");
    s.take_changes();
    let mut src = Sources::load(&s, None).unwrap();
    bianzhi::demo::fill(&mut s).unwrap();
    let before = follow(&mut s, &mut src);

    // A hire into a unit with a vacancy: only people changed.
    let (org, t) = before
        .orgs
        .iter()
        .find_map(|o| {
            PostType::ALL
                .into_iter()
                .find(|&t| o.posts.get(t).vacancy > 0)
                .map(|t| (OrgId(o.id), t))
        })
        .unwrap();
    let id17 = b"51010119900101123";
    let pid = s
        .hire(&HireRequest {
            id_number: format!("{}{}", String::from_utf8_lossy(id17), check_char(id17)),
            details: PersonDetails {
                name: "新进人员".into(),
                ..Default::default()
            },
            org,
            post_type: t,
            date: d(2026, 11, 2),
            doc_no: "石人社〔2026〕88号".into(),
        })
        .unwrap();
    let after_hire = follow(&mut s, &mut src);
    assert_eq!(
        after_hire.summary.people_on_post,
        before.summary.people_on_post + 1
    );

    // The same person leaves.
    s.exit(
        pid,
        ExitReason::Resignation,
        d(2026, 11, 20),
        "石人社〔2026〕90号",
    )
    .unwrap();
    let after_exit = follow(&mut s, &mut src);
    assert_eq!(
        after_exit.summary.people_on_post,
        after_hire.summary.people_on_post - 1
    );

    // Posts approved from above, then the approval undone: the ledger changed.
    let e = s
        .record(&EntryRequest {
            date: d(2026, 11, 3),
            doc_no: "石编〔2026〕70号".into(),
            kind: EntryKind::Approve,
            reason: "核定".into(),
            movement: Movement {
                post_type: t,
                count: 3,
                from: Account::Above,
                to: Account::Org(org),
            },
        })
        .unwrap();
    let approved = follow(&mut s, &mut src);
    assert_eq!(
        approved.totals.get(t).approved,
        after_exit.totals.get(t).approved + 3
    );
    s.reverse(e, d(2026, 11, 4), "石编〔2026〕71号", "录入有误")
        .unwrap();
    let undone = follow(&mut s, &mut src);
    assert_eq!(undone.totals, after_exit.totals);
}

#[test]
fn following_too_little_would_show_old_figures() {
    // The check above can fail: a hire followed as if nothing had changed leaves the
    // figures as they were, unequal to the figures derived afresh.
    let mut s = common::new_store();
    s.set_operator("测试员");
    bianzhi::demo::fill(&mut s).unwrap();
    s.take_changes();
    let mut src = Sources::load(&s, None).unwrap();
    let before = CountyStats::assemble(&src);
    let (org, t) = before
        .orgs
        .iter()
        .find_map(|o| {
            PostType::ALL
                .into_iter()
                .find(|&t| o.posts.get(t).vacancy > 0)
                .map(|t| (OrgId(o.id), t))
        })
        .unwrap();
    let id17 = b"51010119900101124";
    s.hire(&HireRequest {
        id_number: format!("{}{}", String::from_utf8_lossy(id17), check_char(id17)),
        details: PersonDetails {
            name: "新进人员".into(),
            ..Default::default()
        },
        org,
        post_type: t,
        date: d(2026, 11, 2),
        doc_no: "石人社〔2026〕88号".into(),
    })
    .unwrap();
    let changes = s.take_changes();
    assert!(changes.kinds.intersects(bianzhi::store::Kinds::PEOPLE));
    assert!(!changes.kinds.intersects(bianzhi::store::Kinds::LEDGER));
    src.follow(&s, bianzhi::store::Kinds::NONE).unwrap();
    assert_ne!(
        CountyStats::assemble(&src),
        CountyStats::derive(&s, None).unwrap()
    );
}

#[test]
fn as_of_a_date_counts_exactly_up_to_it() {
    use bianzhi::store::applications::ApplicationRequest;
    use bianzhi::store::turnover::PlanRequest;
    let mut s = common::new_store();
    s.set_operator("测试员");
    let admin = PostType::Administrative;
    let org = s
        .create_org(&OrgDraft {
            name: "县财政局".into(),
            kind: Some(OrgKind::GovDept),
            ..Default::default()
        })
        .unwrap();
    let pool = s.create_pool("人才周转池").unwrap();
    let move_posts = |s: &mut Store, day, kind, n, from, to| {
        s.record(&EntryRequest {
            date: day,
            doc_no: "石编〔2024〕1号".into(),
            kind,
            reason: String::new(),
            movement: Movement {
                post_type: admin,
                count: n,
                from,
                to,
            },
        })
        .unwrap()
    };
    move_posts(
        &mut s,
        d(2024, 1, 2),
        EntryKind::Approve,
        5,
        Account::Above,
        Account::Org(org),
    );
    move_posts(
        &mut s,
        d(2024, 1, 2),
        EntryKind::Approve,
        4,
        Account::Above,
        Account::Pool(pool),
    );
    // 2 recovered on 1 March, the recovery reversed on 1 June.
    let recovered = move_posts(
        &mut s,
        d(2024, 3, 1),
        EntryKind::Recover,
        2,
        Account::Org(org),
        Account::Reserve,
    );
    s.reverse(recovered, d(2024, 6, 1), "石编〔2024〕9号", "录入有误")
        .unwrap();
    // Applications received in February and September; turnover issued in April and October.
    for day in [d(2024, 2, 1), d(2024, 9, 1)] {
        s.receive_application(&ApplicationRequest {
            org,
            kind: bianzhi::domain::application::ApplicationKind::IncreasePosts,
            post_type: Some(admin),
            requested: 1,
            reason: "新增职能".into(),
            received_on: day,
            market_available: false,
            attachments: String::new(),
        })
        .unwrap();
    }
    for day in [d(2024, 4, 1), d(2024, 10, 1)] {
        let plan = s
            .apply_turnover_plan(
                &PlanRequest {
                    pool,
                    org,
                    post_type: admin,
                    requested: 1,
                    purpose: "急需人才".into(),
                    term_months: 36,
                    return_plan: "转入空编后收回".into(),
                    applied_on: day,
                },
                36,
            )
            .unwrap();
        s.decide_turnover_plan(plan, 1, "", "有空编但确需周转", day)
            .unwrap();
        s.issue_turnover(plan, 1, "石编〔2024〕5号", day).unwrap();
    }
    let year = |as_of| CountyStats::derive(&s, Some(as_of)).unwrap().years["2024"];
    // 1 May: the recovery stands (reversed later), one application, one issue.
    let may = year(d(2024, 5, 1));
    assert_eq!(may.recovered, 2, "reversed after the date: still counted");
    assert_eq!(may.applications_received, 1, "the September one is not yet");
    assert_eq!(may.turnover_issued, 1, "the October one is not yet");
    // The end of the year: the recovery is reversed, both applications and issues.
    let december = year(d(2024, 12, 31));
    assert_eq!(december.recovered, 0);
    assert_eq!(december.applications_received, 2);
    assert_eq!(december.turnover_issued, 2);
}
