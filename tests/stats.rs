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
    let mut s = Store::open_in_memory().unwrap();
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
    let mut s = Store::open_in_memory().unwrap();
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
