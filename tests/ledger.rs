//! The ledger and person events through the store: rules refuse bad changes with Chinese
//! messages and leave the database unchanged.

mod common;

use common::d;

use bianzhi::domain::*;
use bianzhi::stats::CountyStats;
use bianzhi::store::{EntryRequest, HireRequest, Store, StoreError};

/// A valid ID number (born 19850305), the `n`th.
fn id(n: u32) -> String {
    common::id("19850305", n)
}

fn org(store: &mut Store, name: &str, kind: OrgKind) -> OrgId {
    store
        .create_org(&OrgDraft {
            name: name.into(),
            kind: Some(kind),
            ..Default::default()
        })
        .unwrap()
}

fn approve(store: &mut Store, org: OrgId, t: PostType, n: i64) -> EntryId {
    store
        .record(&EntryRequest {
            date: d(2021, 1, 5),
            doc_no: "石编〔2021〕1号".into(),
            kind: EntryKind::Approve,
            reason: "核定".into(),
            movement: Movement {
                post_type: t,
                count: n,
                from: Account::Above,
                to: Account::Org(org),
            },
        })
        .unwrap()
}

fn hire(store: &mut Store, n: u32, org: OrgId, t: PostType) -> Result<PersonId, StoreError> {
    store.hire(&HireRequest {
        id_number: id(n),
        details: PersonDetails {
            name: format!("张{n}"),
            ..Default::default()
        },
        org,
        post_type: t,
        date: d(2022, 3, 1),
        doc_no: "石人社〔2022〕3号".into(),
    })
}

fn snapshot(store: &Store) -> String {
    serde_json::to_string(&CountyStats::derive(store, None).unwrap()).unwrap()
        + &store.entries(None).unwrap().len().to_string()
        + &store.people().unwrap().len().to_string()
}

#[test]
fn hire_needs_a_vacancy_and_refusal_changes_nothing() {
    let mut s = common::new_store();
    let edu = org(&mut s, "县教育局", OrgKind::GovDept);
    approve(&mut s, edu, PostType::Administrative, 2);
    hire(&mut s, 1, edu, PostType::Administrative).unwrap();
    hire(&mut s, 2, edu, PostType::Administrative).unwrap();
    let before = snapshot(&s);
    let err = hire(&mut s, 3, edu, PostType::Administrative).unwrap_err();
    assert_eq!(
        err.to_string(),
        "县教育局的行政编制空编不足：核定 2 名，实有 2 名，空编 0 名，需要 1 名"
    );
    assert_eq!(snapshot(&s), before);
    assert_eq!(s.check().unwrap(), Vec::<String>::new());
}

#[test]
fn one_post_per_person_and_id_checks() {
    let mut s = common::new_store();
    let a = org(&mut s, "县财政局", OrgKind::GovDept);
    let b = org(&mut s, "县审计局", OrgKind::GovDept);
    approve(&mut s, a, PostType::Administrative, 3);
    approve(&mut s, b, PostType::Administrative, 3);
    hire(&mut s, 1, a, PostType::Administrative).unwrap();
    let err = hire(&mut s, 1, b, PostType::Administrative).unwrap_err();
    assert!(err.to_string().contains("一人一编"), "{err}");
    assert!(err.to_string().contains("县财政局"), "{err}");

    let mut bad = id(5);
    bad.pop();
    bad.push(if id(5).ends_with('0') { '1' } else { '0' });
    let err = s
        .hire(&HireRequest {
            id_number: bad,
            details: PersonDetails {
                name: "李四".into(),
                ..Default::default()
            },
            org: a,
            post_type: PostType::Administrative,
            date: d(2022, 1, 1),
            doc_no: "x".into(),
        })
        .unwrap_err();
    assert!(
        matches!(err, StoreError::Id(IdError::Checksum { .. })),
        "{err}"
    );
    assert!(err.to_string().contains("校验位错误"));
    assert_eq!(s.people().unwrap().len(), 1);
}

#[test]
fn recover_only_vacant_posts_and_reverse_restores() {
    let mut s = common::new_store();
    let a = org(&mut s, "县农业技术推广中心", OrgKind::Institution);
    let full = PostType::Institution(Funding::Full);
    approve(&mut s, a, full, 5);
    for n in 0..3 {
        hire(&mut s, n, a, full).unwrap();
    }
    let recover = |s: &mut Store, n| {
        s.record(&EntryRequest {
            date: d(2022, 4, 1),
            doc_no: "石编〔2022〕8号".into(),
            kind: EntryKind::Recover,
            reason: "职能弱化".into(),
            movement: Movement {
                post_type: full,
                count: n,
                from: Account::Org(a),
                to: Account::Reserve,
            },
        })
    };
    let err = recover(&mut s, 3).unwrap_err();
    assert!(err.to_string().contains("空编 2 名，需要 3 名"), "{err}");
    let before = s.balances(None).unwrap();
    let e = recover(&mut s, 2).unwrap();
    assert_eq!(s.balances(None).unwrap().get(Account::Reserve, full), 2);
    s.reverse(e, d(2022, 4, 2), "石编〔2022〕9号", "撤销")
        .unwrap();
    assert_eq!(s.balances(None).unwrap(), before);
    assert_eq!(s.approved(a, full).unwrap(), 5);
    let again = s.reverse(e, d(2022, 4, 3), "x", "").unwrap_err();
    assert!(again.to_string().contains("已经撤销过"), "{again}");
    // Nothing is deleted: the entry and its reversal both stay.
    assert_eq!(s.entries(Some(a)).unwrap().len(), 3);
    let del = s.db_for_tests().execute("DELETE FROM ledger_entries", ());
    assert!(del.is_err());
    assert!(s.check().unwrap().is_empty());
}

#[test]
fn transfer_with_post_moves_both_and_reverses_both() {
    let mut s = common::new_store();
    let a = org(&mut s, "县城市管理服务中心", OrgKind::Institution);
    let b = org(&mut s, "楚江街道", OrgKind::Township);
    let full = PostType::Institution(Funding::Full);
    approve(&mut s, a, full, 2);
    let p = hire(&mut s, 7, a, full).unwrap();
    let e = s
        .transfer_with_post(p, b, d(2021, 7, 1), "石编〔2021〕40号", "连人带编")
        .unwrap();
    assert_eq!(s.approved(a, full).unwrap(), 1);
    assert_eq!(s.approved(b, full).unwrap(), 1);
    assert_eq!(s.occupied(b, full).unwrap(), 1);
    assert_eq!(s.entry(e).unwrap().person, Some(p));
    let stats = CountyStats::derive(&s, None).unwrap();
    assert_eq!(stats.years["2021"].transferred_with_people, 1);
    s.reverse(e, d(2021, 7, 2), "石编〔2021〕41号", "撤销")
        .unwrap();
    assert_eq!(s.approved(a, full).unwrap(), 2);
    assert_eq!(s.occupied(a, full).unwrap(), 1);
    assert_eq!(s.occupied(b, full).unwrap(), 0);
    let stats = CountyStats::derive(&s, None).unwrap();
    assert_eq!(stats.years["2021"].transferred_with_people, 0);
    assert!(s.check().unwrap().is_empty());
}

#[test]
fn exit_frees_the_post_and_transfer_needs_target_vacancy() {
    let mut s = common::new_store();
    let a = org(&mut s, "县司法局", OrgKind::GovDept);
    let b = org(&mut s, "县公安局", OrgKind::GovDept);
    let t = PostType::PoliticalLegal;
    approve(&mut s, a, t, 1);
    approve(&mut s, b, t, 1);
    let p1 = hire(&mut s, 1, a, t).unwrap();
    let p2 = hire(&mut s, 2, b, t).unwrap();
    let err = s
        .transfer(p1, b, t, d(2023, 1, 1), "石组通〔2023〕1号")
        .unwrap_err();
    assert!(
        err.to_string().contains("县公安局的政法专项编制空编不足"),
        "{err}"
    );
    s.exit(
        p2,
        ExitReason::Retirement,
        d(2023, 2, 1),
        "石人社〔2023〕2号",
    )
    .unwrap();
    s.transfer(p1, b, t, d(2023, 3, 1), "石组通〔2023〕3号")
        .unwrap();
    assert_eq!(s.occupied(a, t).unwrap(), 0);
    assert_eq!(s.occupied(b, t).unwrap(), 1);
    let err = s
        .exit(p2, ExitReason::Other, d(2023, 4, 1), "x")
        .unwrap_err();
    assert!(err.to_string().contains("目前不在编"), "{err}");
    // The past is reproducible: as of 2023-01-15 the person was still in 县司法局.
    let then = CountyStats::derive(&s, Some(d(2023, 1, 15))).unwrap();
    let sifa = then.orgs.iter().find(|o| o.name == "县司法局").unwrap();
    assert_eq!(sifa.posts.get(t).occupied, 1);
    assert!(s.check().unwrap().is_empty());
}

#[test]
fn entries_need_doc_no_and_positive_counts_and_sane_routes() {
    let mut s = common::new_store();
    let a = org(&mut s, "县总工会", OrgKind::MassOrg);
    let mk = |doc: &str, n: i64, kind: EntryKind, from: Account, to: Account| EntryRequest {
        date: d(2021, 1, 1),
        doc_no: doc.into(),
        kind,
        reason: String::new(),
        movement: Movement {
            post_type: PostType::Administrative,
            count: n,
            from,
            to,
        },
    };
    let err = s
        .record(&mk(
            " ",
            1,
            EntryKind::Approve,
            Account::Above,
            Account::Org(a),
        ))
        .unwrap_err();
    assert!(err.to_string().contains("文号"));
    let err = s
        .record(&mk(
            "x",
            0,
            EntryKind::Approve,
            Account::Above,
            Account::Org(a),
        ))
        .unwrap_err();
    assert!(err.to_string().contains("正整数"));
    let err = s
        .record(&mk(
            "x",
            1,
            EntryKind::Recover,
            Account::Reserve,
            Account::Org(a),
        ))
        .unwrap_err();
    assert!(err.to_string().contains("收回"), "{err}");
    let err = s
        .record(&mk(
            "x",
            1,
            EntryKind::Reallocate,
            Account::Reserve,
            Account::Org(a),
        ))
        .unwrap_err();
    assert!(
        err.to_string()
            .contains("县集中管理编制的行政编制余额不足：现有 0 名，需要 1 名"),
        "{err}"
    );
    assert!(s.entries(None).unwrap().is_empty());
}

#[test]
fn demo_county_is_consistent() {
    let mut s = common::new_store();
    let msg = bianzhi::demo::fill(&mut s).unwrap();
    assert!(msg.contains("已生成示范县"));
    assert_eq!(s.check().unwrap(), Vec::<String>::new());
    let st = CountyStats::derive(&s, None).unwrap();
    assert!(st.orgs.len() >= 40);
    assert!(
        st.orgs.iter().any(|o| o.over_quota),
        "the demo has an over-quota unit"
    );
    // The seed: 16 transfers with people since 2021, in total.
    let transferred: i64 = st.years.values().map(|y| y.transferred_with_people).sum();
    assert_eq!(transferred, 16);
    assert_eq!(st.years["2021"].transferred_with_people, 11);
    let recovered: i64 = st.years.values().map(|y| y.recovered).sum();
    assert_eq!(recovered, 89);
    // A second fill is refused.
    assert!(bianzhi::demo::fill(&mut s).is_err());
}

#[test]
fn check_reports_an_entry_that_makes_posts_out_of_nothing() {
    let mut s = common::new_store();
    let a = org(&mut s, "县农业农村局", OrgKind::GovDept);
    approve(&mut s, a, PostType::Administrative, 3);
    assert_eq!(s.check().unwrap(), Vec::<String>::new());
    // A 收回 that brings 5 posts in from above: the county total grows without a 核定. The
    // rules never write one; a damaged or hand-edited file can hold one, and check says so.
    s.db_for_tests()
        .execute(
            "INSERT INTO ledger_entries (date, doc_no, kind, post_type, count, from_kind, to_kind, \
             operator, entered_at) VALUES ('2022-01-01', '石编〔2022〕1号', 'recover', 'admin', 5, \
             'above', 'reserve', '测试员', '2022-01-01 09:00:00')",
            (),
        )
        .unwrap();
    // (A row written behind the store's back also has no 操作日志 action: reported too.)
    let problems = s.check().unwrap();
    let routes: Vec<_> = problems.iter().filter(|p| p.contains("去向")).collect();
    assert_eq!(
        routes,
        ["第 2 号收回记录的去向不合规：从上级核定到县集中管理编制"],
        "{problems:?}"
    );
}
