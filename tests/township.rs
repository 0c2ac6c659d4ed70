//! Townships through the store: the versioned standard, reallocation (keeps the county
//! total, refuses what the reserve cannot cover), idle vacancies, 退二补一 and the March
//! filing.

mod common;

use common::d;

use bianzhi::domain::conversion::SecondPost;
use bianzhi::domain::township::{AllocationStandard, Rounding};
use bianzhi::domain::*;
use bianzhi::stats::CountyStats;
use bianzhi::store::conversions::ConversionRequest;
use bianzhi::store::{EntryRequest, HireRequest, Store, StoreError};

/// A valid ID number (born 19850305), the `n`th.
fn id(n: u32) -> String {
    common::id("19850305", n)
}

fn township(s: &mut Store, name: &str, class: Option<TownshipClass>) -> OrgId {
    s.create_org(&OrgDraft {
        name: name.into(),
        kind: Some(OrgKind::Township),
        township_class: class,
        ..Default::default()
    })
    .unwrap()
}

fn entry(s: &mut Store, kind: EntryKind, t: PostType, n: i64, from: Account, to: Account) {
    s.record(&EntryRequest {
        date: d(2021, 1, 5),
        doc_no: "石编〔2021〕1号".into(),
        kind,
        reason: String::new(),
        movement: Movement {
            post_type: t,
            count: n,
            from,
            to,
        },
    })
    .unwrap();
}

fn hire(s: &mut Store, n: u32, org: OrgId, t: PostType) -> PersonId {
    s.hire(&HireRequest {
        id_number: id(n),
        details: PersonDetails {
            name: format!("李{n}"),
            ..Default::default()
        },
        org,
        post_type: t,
        date: d(2022, 3, 1),
        doc_no: "石人社〔2022〕3号".into(),
    })
    .unwrap()
}

const ADMIN: PostType = PostType::Administrative;
const FULL: PostType = PostType::Institution(Funding::Full);
const PARTIAL: PostType = PostType::Institution(Funding::Partial);

fn county_total(s: &Store) -> i64 {
    s.balances(None).unwrap().county_total().total()
}

#[test]
fn reallocation_brings_townships_to_standard_and_keeps_the_county_total() {
    // After the new standard's date (2026-11-02): it is the one in force.
    let _today = bianzhi::clock::fix_today(d(2026, 12, 1));
    let mut s = common::new_store();
    let a = township(&mut s, "甲镇", Some(TownshipClass::One));
    let b = township(&mut s, "乙乡", Some(TownshipClass::Two));
    entry(
        &mut s,
        EntryKind::Approve,
        ADMIN,
        40,
        Account::Above,
        Account::Org(a),
    );
    entry(
        &mut s,
        EntryKind::Approve,
        FULL,
        44,
        Account::Above,
        Account::Org(a),
    );
    entry(
        &mut s,
        EntryKind::Approve,
        ADMIN,
        26,
        Account::Above,
        Account::Org(b),
    );
    entry(
        &mut s,
        EntryKind::Approve,
        FULL,
        34,
        Account::Above,
        Account::Org(b),
    );
    let before = county_total(&s);

    // 甲镇 has 3 administrative posts over, 乙乡 2 short: the recovered posts cover it.
    let plan = s.plan_reallocation().unwrap();
    assert_eq!((plan.recovered(), plan.granted()), (3, 2));
    assert_eq!(plan.reserve_after.get(ADMIN), 1);
    let alloc = s
        .write(|tx| tx.reallocate(&plan, "石编〔2026〕20号", d(2026, 11, 1)))
        .unwrap();
    assert_eq!(s.approved(a, ADMIN).unwrap(), 37);
    assert_eq!(s.approved(b, ADMIN).unwrap(), 28);
    assert_eq!(county_total(&s), before);
    assert_eq!(s.check().unwrap(), Vec::<String>::new());
    let records = s.allocations().unwrap();
    assert_eq!(records[0].id, alloc);
    assert_eq!(records[0].entries, 2);
    assert!(
        records[0].standard.id.is_none(),
        "made under the default standard"
    );

    // A new standard (class 2 → 30 administrative posts, ratio 1.25 rounded up) is versioned.
    let std2 = AllocationStandard {
        class2_admin: 30,
        inst_ratio_milli: 1250,
        rounding: Rounding::Up,
        ..AllocationStandard::default()
    };
    s.write(|tx| tx.set_township_standard(&std2, "石编〔2026〕21号", d(2026, 11, 2)))
        .unwrap();
    assert_eq!(s.township_standard(None).unwrap().standard, std2);
    assert_eq!(
        s.township_standard(Some(d(2026, 1, 1))).unwrap().standard,
        AllocationStandard::default()
    );
    // 乙乡 now needs 2 administrative and 4 institution posts; the reserve has 1 and 0.
    let err = s.plan_reallocation().unwrap_err();
    assert!(err.to_string().contains("余额不足"), "{err}");
    // The earlier reallocation still shows the standard it was made under.
    assert!(s.allocations().unwrap()[0].standard.id.is_none());

    // A stale preview is refused and writes nothing.
    entry(
        &mut s,
        EntryKind::Approve,
        ADMIN,
        1,
        Account::Above,
        Account::Reserve,
    );
    entry(
        &mut s,
        EntryKind::Approve,
        FULL,
        9,
        Account::Above,
        Account::Reserve,
    );
    let plan = s.plan_reallocation().unwrap();
    entry(
        &mut s,
        EntryKind::Approve,
        ADMIN,
        1,
        Account::Above,
        Account::Reserve,
    );
    let entries = s.entries(None).unwrap().len();
    let err = s
        .write(|tx| tx.reallocate(&plan, "石编〔2026〕22号", d(2026, 11, 3)))
        .unwrap_err();
    assert!(matches!(err, StoreError::Stale));
    assert_eq!(s.entries(None).unwrap().len(), entries);
}

#[test]
fn unclassified_townships_are_left_out_and_class_is_editable() {
    let mut s = common::new_store();
    let c = township(&mut s, "丙街道", None);
    entry(
        &mut s,
        EntryKind::Approve,
        ADMIN,
        20,
        Account::Above,
        Account::Org(c),
    );
    let plan = s.plan_reallocation().unwrap();
    assert_eq!(plan.unclassified, vec!["丙街道".to_string()]);
    assert!(plan.moves.is_empty());
    let today = bianzhi::clock::today();
    s.change_township_class(c, TownshipClass::Two, "石编〔2026〕3号", today)
        .unwrap();
    assert_eq!(s.org(c).unwrap().township_class, Some(TownshipClass::Two));
    let err = s.plan_reallocation().unwrap_err().to_string();
    assert!(err.contains("余额不足"), "{err}");
}

#[test]
fn idle_vacancies_come_from_the_ledger_and_events() {
    let mut s = common::new_store();
    let a = township(&mut s, "甲镇", Some(TownshipClass::One));
    entry(
        &mut s,
        EntryKind::Approve,
        ADMIN,
        3,
        Account::Above,
        Account::Org(a),
    );
    hire(&mut s, 1, a, ADMIN); // 2022-03-01: 2 vacant since
    let idle = s.idle_vacancies(d(2026, 11, 28), 12).unwrap();
    assert_eq!(idle.get(&(a, ADMIN)), Some(&2));
    // Looking back to before the hire, only the posts vacant all along count: 2.
    let idle = s.idle_vacancies(d(2022, 6, 1), 6).unwrap();
    assert_eq!(idle.get(&(a, ADMIN)), Some(&2));
    let idle = s.idle_vacancies(d(2022, 2, 1), 6).unwrap();
    assert_eq!(idle.get(&(a, ADMIN)), Some(&3));
}

/// A unit with 全额 (4) and 差额 (3) posts: four 全额 people and two 差额 people hired.
fn two_channel_unit(s: &mut Store) -> (OrgId, [PersonId; 4], [PersonId; 2]) {
    let u = s
        .create_org(&OrgDraft {
            name: "县农技站".into(),
            kind: Some(OrgKind::Institution),
            ..Default::default()
        })
        .unwrap();
    entry(
        s,
        EntryKind::Approve,
        FULL,
        4,
        Account::Above,
        Account::Org(u),
    );
    entry(
        s,
        EntryKind::Approve,
        PARTIAL,
        3,
        Account::Above,
        Account::Org(u),
    );
    let full = [1, 2, 3, 4].map(|n| hire(s, n, u, FULL));
    let partial = [5, 6].map(|n| hire(s, n, u, PARTIAL));
    (u, full, partial)
}

fn retire(s: &mut Store, p: PersonId, date: chrono::NaiveDate) {
    s.exit(p, ExitReason::Retirement, date, "石人社〔2026〕1号")
        .unwrap();
}

fn conversion(
    person: PersonId,
    date: chrono::NaiveDate,
    departures: Vec<i64>,
    second: SecondPost,
) -> ConversionRequest {
    ConversionRequest {
        person,
        date,
        doc_no: "石编〔2026〕9号".into(),
        departures,
        second,
    }
}

/// The person events of the unit's departures, oldest first.
fn departures(s: &Store, u: OrgId) -> Vec<i64> {
    s.conversion_status(u)
        .unwrap()
        .departures
        .iter()
        .map(|d| d.event)
        .collect()
}

#[test]
fn conversion_rests_on_two_named_departures_dated_before_it() {
    let mut s = common::new_store();
    let (u, full, partial) = two_channel_unit(&mut s);
    let p = partial[0];
    let err = s
        .convert(&conversion(p, d(2026, 5, 1), vec![], SecondPost::Recover))
        .unwrap_err();
    assert!(err.to_string().contains("须指明"), "{err}");

    // One departure is not enough.
    retire(&mut s, full[0], d(2026, 1, 1));
    let one = departures(&s, u);
    assert_eq!(one.len(), 1);
    assert!(
        s.convert(&conversion(
            p,
            d(2026, 5, 1),
            one.clone(),
            SecondPost::Recover
        ))
        .is_err()
    );
    // The second departure dated after the conversion is refused.
    retire(&mut s, full[1], d(2026, 6, 1));
    let two = departures(&s, u);
    let err = s
        .convert(&conversion(
            p,
            d(2026, 5, 1),
            two.clone(),
            SecondPost::Recover,
        ))
        .unwrap_err();
    assert!(err.to_string().contains("晚于"), "{err}");
    // An event that is not one of the unit's departures (the person's own hire).
    let err = s
        .convert(&conversion(
            p,
            d(2026, 6, 1),
            vec![two[0], 1],
            SecondPost::Recover,
        ))
        .unwrap_err();
    assert!(
        err.to_string().contains("不是县农技站全额拨款编制的减员"),
        "{err}"
    );

    // Two, on or before its date: one post filled, the second recovered, same 文号.
    let total = county_total(&s);
    let reserve = s.balances(None).unwrap().get(Account::Reserve, FULL);
    let id = s
        .convert(&conversion(
            p,
            d(2026, 6, 1),
            two.clone(),
            SecondPost::Recover,
        ))
        .unwrap();
    assert_eq!(s.person(p).unwrap().status.post(), Some((u, FULL)));
    assert_eq!(
        s.approved(u, PARTIAL).unwrap(),
        2,
        "the 差额 post written off"
    );
    assert_eq!(s.approved(u, FULL).unwrap(), 3, "the second post recovered");
    assert_eq!(
        s.balances(None).unwrap().get(Account::Reserve, FULL),
        reserve + 1
    );
    assert_eq!(
        s.approved(u, FULL).unwrap() - s.occupied(u, FULL).unwrap(),
        0,
        "nothing left for ordinary hiring"
    );
    assert_eq!(county_total(&s), total - 1);
    let c = &s.conversions(Some(u)).unwrap()[0];
    assert_eq!(c.id, id);
    assert_eq!(
        c.departures.iter().map(|d| d.event).collect::<Vec<_>>(),
        two
    );
    let entries = s.entries(Some(u)).unwrap();
    let second = entries
        .iter()
        .find(|e| Some(e.id) == c.second_entry)
        .unwrap();
    assert_eq!(
        (second.kind, second.doc_no.as_str()),
        (EntryKind::Recover, "石编〔2026〕9号")
    );
    let st = s.conversion_status(u).unwrap();
    assert_eq!(
        (st.conversions_done, st.available(), st.free(None)),
        (1, 0, 0)
    );
    assert_eq!(s.check().unwrap(), Vec::<String>::new());
    let stats = CountyStats::derive(&s, None).unwrap();
    assert_eq!(stats.years["2026"].conversions, 1);

    // The same departures cannot carry a second conversion.
    let err = s
        .convert(&conversion(
            partial[1],
            d(2026, 7, 1),
            two,
            SecondPost::WriteOff,
        ))
        .unwrap_err();
    assert!(
        err.to_string().contains(&format!("已用于第 {id} 号")),
        "{err}"
    );
}

#[test]
fn a_third_conversion_after_four_departures_and_an_old_unnamed_one_is_refused() {
    let mut s = common::new_store();
    let (u, full, partial) = two_channel_unit(&mut s);
    entry(
        &mut s,
        EntryKind::Approve,
        PARTIAL,
        1,
        Account::Above,
        Account::Org(u),
    );
    let third = hire(&mut s, 7, u, PARTIAL);
    for (k, p) in full.into_iter().enumerate() {
        retire(&mut s, p, d(2026, 1, 1 + k as u32));
    }
    let four = departures(&s, u);
    assert_eq!(four.len(), 4);
    s.convert(&conversion(
        partial[0],
        d(2026, 3, 1),
        four[..2].to_vec(),
        SecondPost::WriteOff,
    ))
    .unwrap();
    s.convert(&conversion(
        partial[1],
        d(2026, 3, 1),
        four[2..].to_vec(),
        SecondPost::WriteOff,
    ))
    .unwrap();
    let err = s
        .convert(&conversion(
            third,
            d(2026, 3, 1),
            four[..2].to_vec(),
            SecondPost::WriteOff,
        ))
        .unwrap_err();
    assert!(err.to_string().contains("已用于"), "{err}");
    assert_eq!(s.conversion_status(u).unwrap().available(), 0);

    // A conversion recorded before departures were named still consumes two.
    s.db_for_tests()
        .execute(
            "UPDATE conversions SET departure_a = NULL, departure_b = NULL WHERE id = 1",
            (),
        )
        .unwrap();
    let st = s.conversion_status(u).unwrap();
    assert_eq!((st.unnamed, st.free(None), st.available()), (1, 2, 0));
    let err = s
        .convert(&conversion(
            third,
            d(2026, 3, 1),
            four[..2].to_vec(),
            SecondPost::WriteOff,
        ))
        .unwrap_err();
    assert!(err.to_string().contains("未指明空出人员"), "{err}");
    assert_eq!(
        s.conversions(Some(u)).unwrap()[0].departures_label(),
        "未指明空出人员"
    );
}

#[test]
fn a_conversion_is_reversed_whole_or_not_at_all() {
    let mut s = common::new_store();
    let (u, full, partial) = two_channel_unit(&mut s);
    retire(&mut s, full[0], d(2026, 1, 1));
    retire(&mut s, full[1], d(2026, 2, 1));
    let before = (
        s.approved(u, FULL).unwrap(),
        s.approved(u, PARTIAL).unwrap(),
        county_total(&s),
    );
    let id = s
        .convert(&conversion(
            partial[0],
            d(2026, 3, 1),
            departures(&s, u),
            SecondPost::WriteOff,
        ))
        .unwrap();
    let c = s.conversions(Some(u)).unwrap().pop().unwrap();
    for e in [c.write_off_entry, c.second_entry.unwrap()] {
        let err = s
            .reverse(e, d(2026, 4, 1), "石编〔2026〕10号", "")
            .unwrap_err();
        assert!(err.to_string().contains("不能单独撤销"), "{err}");
    }
    s.reverse_conversion(id, d(2026, 4, 1), "石编〔2026〕10号", "误办")
        .unwrap();
    assert_eq!(
        s.person(partial[0]).unwrap().status.post(),
        Some((u, PARTIAL))
    );
    assert_eq!(
        (
            s.approved(u, FULL).unwrap(),
            s.approved(u, PARTIAL).unwrap(),
            county_total(&s)
        ),
        before
    );
    let c = s.conversions(Some(u)).unwrap().pop().unwrap();
    assert!(c.reversed);
    let reversed = s.reversed_ids().unwrap();
    assert!(reversed.contains(&c.write_off_entry) && reversed.contains(&c.second_entry.unwrap()));
    assert!(
        s.reverse_conversion(id, d(2026, 4, 2), "石编〔2026〕11号", "")
            .is_err(),
        "once"
    );
    // Its departures are free again; the reversal itself is no departure.
    let st = s.conversion_status(u).unwrap();
    assert_eq!(
        (st.conversions_done, st.vacated_full(), st.available()),
        (0, 2, 1)
    );
    assert_eq!(s.check().unwrap(), Vec::<String>::new());
    let stats = CountyStats::derive(&s, None).unwrap();
    assert!(stats.years.get("2026").is_none_or(|y| y.conversions == 0));

    // Converted again, then the person moves on: the conversion can no longer be undone.
    let id = s
        .convert(&conversion(
            partial[0],
            d(2026, 5, 1),
            departures(&s, u),
            SecondPost::Recover,
        ))
        .unwrap();
    s.exit(
        partial[0],
        ExitReason::Resignation,
        d(2026, 6, 1),
        "石人社〔2026〕5号",
    )
    .unwrap();
    let err = s
        .reverse_conversion(id, d(2026, 7, 1), "石编〔2026〕12号", "")
        .unwrap_err();
    assert!(err.to_string().contains("不能整体撤销"), "{err}");
}

#[test]
fn a_unit_with_one_funding_channel_has_no_conversion() {
    let mut s = common::new_store();
    let one = s
        .create_org(&OrgDraft {
            name: "县档案馆".into(),
            kind: Some(OrgKind::Institution),
            ..Default::default()
        })
        .unwrap();
    entry(
        &mut s,
        EntryKind::Approve,
        PARTIAL,
        1,
        Account::Above,
        Account::Org(one),
    );
    let q = hire(&mut s, 5, one, PARTIAL);
    let err = s
        .convert(&conversion(q, d(2026, 5, 1), vec![], SecondPost::Recover))
        .unwrap_err();
    assert!(err.to_string().contains("只有一种经费渠道"), "{err}");
}

#[test]
fn march_filing_is_recorded_per_township_and_year() {
    let mut s = common::new_store();
    let a = township(&mut s, "甲镇", Some(TownshipClass::One));
    township(&mut s, "乙乡", Some(TownshipClass::Two));
    s.write(|tx| tx.record_filing(a, 2026, d(2026, 3, 20), "纸质备案", None))
        .unwrap();
    let filed = s.filings(2026).unwrap();
    assert_eq!(filed.len(), 1);
    assert_eq!(filed[&a].received_on, "2026-03-20");
    assert!(s.filings(2025).unwrap().is_empty());
}

#[test]
fn grid_export_totals_equal_the_grid() {
    use calamine::{Data, Reader};
    let mut s = common::new_store();
    bianzhi::demo::fill(&mut s).unwrap();
    let rows = s.township_grid(12, 2026).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("乡镇编制分配表.xlsx");
    let opts = bianzhi::export::reports::ReportOptions {
        year: Some(2026),
        ..Default::default()
    };
    bianzhi::export::reports::write_report(
        &s,
        bianzhi::export::reports::Report::Township,
        &opts,
        &path,
    )
    .unwrap();
    let mut wb = calamine::open_workbook_auto(&path).unwrap();
    let sheet = wb.worksheet_range("乡镇编制分配表").unwrap();
    let total_row = sheet
        .rows()
        .find(|r| r.first() == Some(&Data::String("合计".into())))
        .unwrap();
    let number = |c: usize| match &total_row[c] {
        Data::Float(f) => *f as i64,
        Data::Int(i) => *i,
        other => panic!("{other:?}"),
    };
    assert_eq!(
        number(4),
        rows.iter().map(|r| r.admin_approved).sum::<i64>()
    );
    assert_eq!(
        number(7),
        rows.iter().map(|r| r.institution_approved).sum::<i64>()
    );
    assert_eq!(number(10), rows.iter().map(|r| r.idle).sum::<i64>());
    // The grid's approved posts are the ledger's.
    let stats = CountyStats::derive(&s, None).unwrap();
    let towns: i64 = stats
        .orgs
        .iter()
        .filter(|o| o.kind == "乡镇街道")
        .map(|o| o.posts.get(ADMIN).approved)
        .sum();
    assert_eq!(number(4), towns);
}

#[test]
fn a_standard_dated_tomorrow_applies_from_tomorrow() {
    let _today = bianzhi::clock::fix_today(d(2026, 5, 10));
    let mut s = common::new_store();
    let next = AllocationStandard {
        class1_admin: 40,
        ..AllocationStandard::default()
    };
    s.write(|tx| tx.set_township_standard(&next, "石编〔2026〕30号", d(2026, 5, 11)))
        .unwrap();
    // Today: the standard before it (the built-in one), in the grid and the reallocation.
    assert_eq!(
        s.township_standard(None).unwrap().standard,
        AllocationStandard::default()
    );
    let t = township(&mut s, "甲镇", Some(TownshipClass::One));
    let row = |s: &Store| {
        s.township_grid(12, 2026)
            .unwrap()
            .into_iter()
            .find(|r| r.org == t)
            .unwrap()
            .standard_admin
    };
    assert_eq!(row(&s), AllocationStandard::default().class1_admin);
    // From its date on: the new one.
    let _tomorrow = bianzhi::clock::fix_today(d(2026, 5, 11));
    assert_eq!(s.township_standard(None).unwrap().standard, next);
    assert_eq!(row(&s), 40);
}

#[test]
fn a_filing_after_31_march_is_late() {
    let mut s = common::new_store();
    let on_time = township(&mut s, "甲镇", Some(TownshipClass::One));
    let late = township(&mut s, "乙乡", Some(TownshipClass::Two));
    s.record_filing(on_time, 2026, d(2026, 3, 31), "", None)
        .unwrap();
    s.record_filing(late, 2026, d(2026, 4, 1), "", None)
        .unwrap();
    let grid = s.township_grid(12, 2026).unwrap();
    let row = |org| grid.iter().find(|r| r.org == org).unwrap();
    assert!(!row(on_time).filed_late, "31 March is on time");
    assert!(row(late).filed_late, "1 April is 逾期备案");
    assert_eq!(row(late).filed_on.as_deref(), Some("2026-04-01"));
}

#[test]
fn a_class_is_a_dated_decision_and_past_dates_keep_the_class_they_had() {
    let _today = bianzhi::clock::fix_today(d(2026, 5, 10));
    let mut s = common::new_store();
    let a = township(&mut s, "甲镇", Some(TownshipClass::Two));
    entry(
        &mut s,
        EntryKind::Approve,
        ADMIN,
        28,
        Account::Above,
        Account::Org(a),
    );
    // Without a 文号: refused. The same class: refused.
    assert!(
        s.change_township_class(a, TownshipClass::One, " ", d(2026, 5, 10))
            .is_err()
    );
    let err = s
        .change_township_class(a, TownshipClass::Two, "石编〔2026〕3号", d(2026, 5, 10))
        .unwrap_err();
    assert!(err.to_string().contains("已是二类"), "{err}");

    // Dated tomorrow: today's class, grid and standard do not move.
    s.change_township_class(a, TownshipClass::One, "石编〔2026〕3号", d(2026, 5, 11))
        .unwrap();
    assert_eq!(s.org(a).unwrap().township_class, Some(TownshipClass::Two));
    let grid = s.township_grid(12, 2026).unwrap();
    assert_eq!(
        (grid[0].class, grid[0].standard_admin),
        (Some(TownshipClass::Two), 28)
    );
    {
        let _tomorrow = bianzhi::clock::fix_today(d(2026, 5, 11));
        let grid = s.township_grid(12, 2026).unwrap();
        assert_eq!(
            (grid[0].class, grid[0].standard_admin),
            (Some(TownshipClass::One), 37)
        );
    }
    // As-of views use the class of their date.
    let stats = |date| {
        CountyStats::derive(&s, Some(date))
            .unwrap()
            .orgs
            .into_iter()
            .find(|o| o.name == "甲镇")
            .unwrap()
            .township_class
    };
    assert_eq!(stats(d(2026, 5, 10)), Some(2));
    assert_eq!(stats(d(2026, 5, 11)), Some(1));
    assert_eq!(stats(d(2025, 12, 31)), Some(2), "before any decision");
    let changes = s.class_changes(a).unwrap();
    assert_eq!(changes.len(), 1);
    assert_eq!(changes[0].previous, Some(TownshipClass::Two));
    assert_eq!(s.check().unwrap(), Vec::<String>::new());
}

#[test]
fn a_filing_keeps_who_does_what_and_compares_with_last_year() {
    use bianzhi::domain::township::{FilingChange, FilingLine};
    let mut s = common::new_store();
    let t = township(&mut s, "甲镇", Some(TownshipClass::One));
    entry(
        &mut s,
        EntryKind::Approve,
        ADMIN,
        5,
        Account::Above,
        Account::Org(t),
    );
    let a = hire(&mut s, 1, t, ADMIN);
    let b = hire(&mut s, 3, t, ADMIN);
    // 李1 in 党政综合办公室, 李3 in none yet.
    let office = s
        .create_division(
            t,
            "党政综合办公室",
            DivisionKind::General,
            d(2021, 1, 5),
            "石编〔2021〕2号",
        )
        .unwrap();
    s.move_division_members(office, &[a], &[]).unwrap();
    // 2025: taken from the registry as it stood.
    s.record_filing(t, 2025, d(2025, 3, 10), "纸质备案", None)
        .unwrap();
    let f25 = s.filing(t, 2025).unwrap().unwrap();
    let shown: Vec<(&str, &str)> = f25
        .lines
        .iter()
        .map(|l| (l.name.as_str(), l.division.as_str()))
        .collect();
    assert_eq!(shown, [("李1", "党政综合办公室"), ("李3", "")]);
    assert_eq!(f25.lines[0].id_number.as_deref(), Some(id(1).as_str()));
    assert!(!f25.late);
    // 2026: as the township filed it, late; 李3 moved, 李1's duties changed, 李5 new.
    let line = |name: &str, n: u32, division: &str, duties: &str| FilingLine {
        name: name.into(),
        id_number: Some(id(n)),
        division: division.into(),
        duties: duties.into(),
        position: String::new(),
    };
    let lines = [
        line("李1", 1, "党政综合办公室", "文秘"),
        line("李3", 3, "经济发展办公室", "农业"),
        line("李5", 5, "社会事务办公室", "民政"),
    ];
    s.record_filing_table(t, 2026, d(2026, 4, 2), "", None, &lines)
        .unwrap();
    let f26 = s.filing(t, 2026).unwrap().unwrap();
    assert!(f26.late, "received 2 April");
    assert_eq!(f26.lines, lines);
    let changes = s.filing_changes(t, 2026).unwrap().unwrap();
    assert_eq!(
        changes,
        [
            FilingChange::Duties {
                name: "李1".into(),
                from: String::new(),
                to: "文秘".into()
            },
            FilingChange::Moved {
                name: "李3".into(),
                from: String::new(),
                to: "经济发展办公室".into()
            },
            FilingChange::Joined {
                name: "李5".into()
            },
        ]
    );
    assert_eq!(s.filing_changes(t, 2027).unwrap(), None, "nothing filed");
    // The filed lines name the registry's people where the ID is theirs.
    let linked = common::count(
        &s,
        "SELECT COUNT(*) FROM township_filing_lines WHERE person_id IS NOT NULL",
    );
    assert_eq!(linked, 4, "李1, 李3 twice; 李5 is not on the registry");
    let _ = b;
    // 2027 from the registry: last year's duties carried over by ID number.
    let draft = s.filing_draft(t, 2027).unwrap();
    let duties: Vec<(&str, &str, &str)> = draft
        .iter()
        .map(|l| (l.name.as_str(), l.division.as_str(), l.duties.as_str()))
        .collect();
    assert_eq!(
        duties,
        [
            ("李1", "党政综合办公室", "文秘"),
            ("李3", "经济发展办公室", "农业")
        ],
        "李3's division from the filing where the registry has none"
    );
    // A line without a name is refused, nothing written.
    let bad = [FilingLine::default()];
    assert!(
        s.record_filing_table(t, 2027, d(2027, 3, 1), "", None, &bad)
            .is_err()
    );
    assert_eq!(s.filing(t, 2027).unwrap(), None);
}

#[test]
fn a_filing_workbook_is_read_with_its_problems_located() {
    use rust_xlsxwriter::Workbook;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("甲镇2026年人员分工备案.xlsx");
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("备案表").unwrap();
    let mut bad = id(7);
    bad.pop();
    bad.push(if id(7).ends_with('1') { '2' } else { '1' });
    let rows: [[&str; 6]; 6] = [
        ["甲镇2026年度人员分工、任职情况备案表", "", "", "", "", ""],
        [
            "序号",
            "姓 名",
            "公民身份号码",
            "所在机构",
            "工作分工",
            "现任职务",
        ],
        ["1", "张三", &id(1), "党政综合办公室", "文秘", "主任"],
        ["2", "李四", &bad, "经济发展办公室", "农业", ""],
        ["3", "", "", "综治中心", "信访", ""],
        ["4", "王 五", "", "财政所", "会计", ""],
    ];
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            ws.write_string(r as u32, c as u16, *v).unwrap();
        }
    }
    wb.save(&path).unwrap();
    let read = bianzhi::import::filing::read_filing(&path).unwrap();
    let names: Vec<(&str, &str, &str, &str)> = read
        .lines
        .iter()
        .map(|l| {
            (
                l.name.as_str(),
                l.division.as_str(),
                l.duties.as_str(),
                l.position.as_str(),
            )
        })
        .collect();
    assert_eq!(
        names,
        [
            ("张三", "党政综合办公室", "文秘", "主任"),
            ("李四", "经济发展办公室", "农业", ""),
            ("王五", "财政所", "会计", ""),
        ]
    );
    assert_eq!(read.lines[2].id_number, None);
    assert_eq!(read.problems.len(), 2, "{:?}", read.problems);
    assert!(
        read.problems[0].contains("第 4 行 C 列") && read.problems[0].contains("李四"),
        "{}",
        read.problems[0]
    );
    assert!(
        read.problems[1].contains("第 5 行 B 列") && read.problems[1].contains("没有姓名"),
        "{}",
        read.problems[1]
    );
    // A workbook without a 姓名 column says so.
    let other = dir.path().join("其他.xlsx");
    let mut wb = Workbook::new();
    wb.add_worksheet().write_string(0, 0, "单位").unwrap();
    wb.save(&other).unwrap();
    let err = bianzhi::import::filing::read_filing(&other).unwrap_err();
    assert!(err.to_string().contains("姓名"), "{err}");
}
