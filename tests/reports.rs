//! Every total in each exported report equals the one `stats` reports (and the file holds
//! what the summary says).

use bianzhi::domain::PostType;
use bianzhi::export::reports::{Report, ReportOptions, write_report};
use bianzhi::stats::CountyStats;
use bianzhi::store::Store;
use calamine::{Data, Reader};
use chrono::NaiveDate;
use std::collections::HashMap;

fn demo() -> Store {
    let mut s = Store::open_in_memory().unwrap();
    bianzhi::demo::fill(&mut s).unwrap();
    s
}

fn totals(summary: &bianzhi::export::reports::ReportSummary) -> HashMap<String, i64> {
    summary.totals.iter().cloned().collect()
}

fn check_against(stats: &CountyStats, t: &HashMap<String, i64>) {
    for pt in PostType::ALL {
        let c = stats.totals.get(pt);
        assert_eq!(t[&format!("{}核定", pt.label())], c.approved, "{pt}");
        assert_eq!(t[&format!("{}实有", pt.label())], c.occupied, "{pt}");
        assert_eq!(t[&format!("{}空编", pt.label())], c.vacancy, "{pt}");
    }
    assert_eq!(
        t["合计核定"],
        stats.summary.people_on_post + stats.totals.0.iter().map(|c| c.vacancy).sum::<i64>()
    );
    assert_eq!(t["合计实有"], stats.summary.people_on_post);
}

#[test]
fn report_totals_equal_stats() {
    let s = demo();
    let dir = tempfile::tempdir().unwrap();
    let opts = ReportOptions::default();
    let stats = CountyStats::derive(&s, None).unwrap();

    // 机构编制情况表: the totals row, in the summary and in the file.
    let path = dir.path().join("orgs.xlsx");
    let sum = write_report(&s, Report::Orgs, &opts, &path).unwrap();
    check_against(&stats, &totals(&sum));
    let mut wb = calamine::open_workbook_auto(&path).unwrap();
    let sheet = wb.worksheet_range("机构编制情况").unwrap();
    let total_row = sheet
        .rows()
        .find(|r| r.first() == Some(&Data::String("合计".into())))
        .unwrap();
    assert_eq!(
        total_row[2],
        Data::Float(stats.totals.get(PostType::Administrative).approved as f64)
    );

    // 统计年报 for 2024: the county as of 31 December 2024.
    let annual = write_report(
        &s,
        Report::Annual,
        &ReportOptions {
            year: Some(2024),
            ..ReportOptions::default()
        },
        &dir.path().join("annual.xlsx"),
    )
    .unwrap();
    let then = CountyStats::derive(&s, NaiveDate::from_ymd_opt(2024, 12, 31)).unwrap();
    check_against(&then, &totals(&annual));
    assert_ne!(then.totals, stats.totals, "a past year differs from today");

    // 花名册: everyone on a post (turnover holders marked).
    let roster = write_report(&s, Report::Roster, &opts, &dir.path().join("roster.xlsx")).unwrap();
    assert_eq!(
        roster.rows as i64,
        stats.summary.people_on_post + stats.summary.people_on_turnover_posts
    );

    // 编制事项统计, 周转编制台账, 乡镇编制分配表.
    let apps = write_report(
        &s,
        Report::Applications,
        &opts,
        &dir.path().join("apps.xlsx"),
    )
    .unwrap();
    let received: i64 = stats.years.values().map(|y| y.applications_received).sum();
    let accepted: i64 = stats.years.values().map(|y| y.applications_accepted).sum();
    assert_eq!(
        (totals(&apps)["收到"], totals(&apps)["受理"]),
        (received, accepted)
    );
    let turnover = write_report(&s, Report::Turnover, &opts, &dir.path().join("t.xlsx")).unwrap();
    assert_eq!(
        totals(&turnover)["已下达"],
        stats.pools.iter().map(|p| p.issued).sum::<i64>()
    );
    let town = write_report(&s, Report::Township, &opts, &dir.path().join("town.xlsx")).unwrap();
    let town_admin: i64 = stats
        .orgs
        .iter()
        .filter(|o| o.kind == "乡镇街道")
        .map(|o| o.posts.get(PostType::Administrative).approved)
        .sum();
    assert_eq!(totals(&town)["行政核定"], town_admin);

    // A unit's 管理证.
    let edu = s.org_by_name("县教育局").unwrap().unwrap();
    let unit = write_report(
        &s,
        Report::Unit,
        &ReportOptions {
            org: Some(edu.id),
            ..ReportOptions::default()
        },
        &dir.path().join("unit.xlsx"),
    )
    .unwrap();
    let o = stats.orgs.iter().find(|o| o.id == edu.id.0).unwrap();
    assert_eq!(totals(&unit)["合计核定"], o.total.approved);
}
