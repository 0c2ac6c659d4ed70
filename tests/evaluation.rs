//! Evaluations through the store: automatic items against a registry with known over-quota
//! and overdue cases, overrides that need a note, vetoes, ranks, and a 核减 from an
//! evaluation that shows in the ledger.

mod common;

use common::d;

use bianzhi::domain::evaluation::AutoSource;
use bianzhi::domain::*;
use bianzhi::store::Store;
use bianzhi::store::evaluations::EvalState;

fn demo() -> Store {
    let mut s = common::new_store();
    bianzhi::demo::fill(&mut s).unwrap();
    s
}

fn org(s: &Store, name: &str) -> OrgId {
    s.org_by_name(name).unwrap().unwrap().id
}

fn item_of(e: &bianzhi::store::evaluations::Evaluation, source: AutoSource) -> usize {
    e.lines
        .iter()
        .position(|l| l.item.auto == Some(source))
        .unwrap()
}

#[test]
fn automatic_items_see_over_quota_overdue_rectifications_and_turnover() {
    let mut s = demo();
    let today = d(2026, 11, 28);
    let women = org(&s, "县妇女联合会"); // over quota in the demo
    let hospital = org(&s, "县人民医院"); // overdue turnover posts in the demo
    let system = s.indicator_systems().unwrap()[0].id;
    let ids = s
        .write(|tx| tx.start_evaluations(system, 2026, &[women, hospital]))
        .unwrap();
    s.write(|tx| tx.add_rectification(women, Some(ids[0]), "超编未消化", "办公室", d(2026, 6, 30)))
        .unwrap();

    let e = s.evaluation(ids[0], today).unwrap();
    let over = &e.lines[item_of(&e, AutoSource::OverQuota)];
    assert_eq!(over.auto.as_ref().unwrap().value, 1, "{:?}", over.auto);
    assert_eq!(over.score, 40, "6 points less 2 for one over-quota type");
    // The demo's own item for this unit (due 2026-06-30) and the new one are both overdue.
    let rect = &e.lines[item_of(&e, AutoSource::OverdueRectifications)];
    assert_eq!(rect.auto.as_ref().unwrap().value, 2);
    assert_eq!(rect.score, 10);

    let h = s.evaluation(ids[1], today).unwrap();
    let turnover = &h.lines[item_of(&h, AutoSource::OverdueTurnover)];
    assert_eq!(turnover.auto.as_ref().unwrap().value, 1);
    assert_eq!(turnover.score, 20);
    assert_eq!(h.of, 2, "ranked among this year's evaluations");
    assert_eq!(
        s.evaluations(today).unwrap().len(),
        2 + 3,
        "and the demo's 2025 ones"
    );

    // Overriding an automatic figure needs a note.
    let k = item_of(&e, AutoSource::OverQuota);
    assert!(
        s.write(|tx| tx.set_score(ids[0], k, 0, "", "", "日常", today))
            .is_err()
    );
    s.write(|tx| {
        tx.set_score(
            ids[0],
            k,
            0,
            "已于 11 月消化超编",
            "人事文件",
            "专项检查",
            today,
        )
    })
    .unwrap();
    let e = s.evaluation(ids[0], today).unwrap();
    assert_eq!(e.lines[k].score, 60);
    assert_eq!(e.lines[k].source, "专项检查");
}

#[test]
fn totals_grades_vetoes_ranks_and_results_applied() {
    let mut s = demo();
    let today = d(2026, 11, 28);
    let a = org(&s, "县教育局");
    let b = org(&s, "县财政局");
    let system = s.indicator_systems().unwrap()[0].id;
    let ids = s
        .write(|tx| tx.start_evaluations(system, 2026, &[a, b]))
        .unwrap();
    assert!(
        s.write(|tx| tx.start_evaluations(system, 2026, &[a]))
            .is_err(),
        "once a year"
    );
    // Full marks on every manual item of the first unit.
    let e = s.evaluation(ids[0], today).unwrap();
    for (k, l) in e.lines.iter().enumerate() {
        if l.item.method == bianzhi::domain::evaluation::Method::Manual {
            s.write(|tx| tx.set_score(ids[0], k, l.item.max, "", "", "日常", today))
                .unwrap();
        }
    }
    let e = s.evaluation(ids[0], today).unwrap();
    let f = s.evaluation(ids[1], today).unwrap();
    assert!(e.total > f.total);
    assert_eq!((e.rank, f.rank), (1, 2));
    let total = e.total;
    // A veto caps the grade whatever the total.
    s.write(|tx| tx.set_veto(ids[0], 2, Some("擅自设立县教育服务中心")))
        .unwrap();
    let e = s.evaluation(ids[0], today).unwrap();
    assert_eq!((e.total, e.grade.as_str()), (total, "较差"));
    assert!(s.write(|tx| tx.set_veto(ids[0], 0, Some(" "))).is_err());

    // Results: a 核减 linked to the evaluation, a rectification item, a policy suggestion.
    let t = PostType::Administrative;
    let before = s.approved(a, t).unwrap();
    let vacant = before - s.occupied(a, t).unwrap();
    assert!(vacant >= 1);
    s.write(|tx| tx.reduce_for_evaluation(ids[0], t, 1, "石编〔2026〕70号", d(2026, 12, 1)))
        .unwrap();
    assert_eq!(s.approved(a, t).unwrap(), before - 1);
    let entry = s.entries(Some(a)).unwrap().pop().unwrap();
    assert_eq!(entry.kind, EntryKind::Reduce);
    assert_eq!(entry.doc_no, "石编〔2026〕70号");
    s.write(|tx| tx.add_policy_suggestion(ids[0], "理顺教育督导职责", d(2026, 12, 1)))
        .unwrap();
    assert_eq!(s.policy_suggestions(ids[0]).unwrap().len(), 1);
    assert!(
        s.write(|tx| tx.set_evaluation_state(ids[0], EvalState::Reported, None, today))
            .is_err()
    );
    s.write(|tx| {
        tx.set_evaluation_state(ids[0], EvalState::Reported, Some(d(2026, 12, 20)), today)
    })
    .unwrap();
    assert_eq!(
        s.evaluation(ids[0], today).unwrap().state,
        EvalState::Reported
    );
    assert_eq!(s.check().unwrap(), Vec::<String>::new());
}

#[test]
fn indicator_system_round_trips_through_xlsx_and_the_feedback_report_is_written() {
    use calamine::Reader;
    let mut s = demo();
    let dir = tempfile::tempdir().unwrap();
    let system = s.indicator_systems().unwrap()[0].system.clone();
    let path = dir.path().join("默认指标体系第1版.xlsx");
    bianzhi::export::write_indicator_system(&system, &path).unwrap();
    let back = bianzhi::import::read_indicator_system(&path).unwrap();
    assert_eq!(back, system);
    // Imported, it is saved as the next version of its name.
    s.write(|tx| tx.save_system(&back)).unwrap();
    let systems = s.indicator_systems().unwrap();
    assert_eq!((systems.len(), systems[0].version), (2, 2));

    let today = d(2026, 11, 28);
    let unit = org(&s, "县妇女联合会");
    let ids = s
        .write(|tx| tx.start_evaluations(systems[0].id, 2026, &[unit]))
        .unwrap();
    s.write(|tx| tx.add_rectification(unit, Some(ids[0]), "消化超编 2 名", "主席", d(2027, 6, 30)))
        .unwrap();
    let e = s.evaluation(ids[0], today).unwrap();
    let rect = s.rectifications(Some(unit)).unwrap();
    let report = dir.path().join("反馈.xlsx");
    bianzhi::export::write_feedback_report(&e, &rect, today, &report).unwrap();
    let mut wb = calamine::open_workbook_auto(&report).unwrap();
    let sheet = wb.worksheet_range("评估反馈").unwrap();
    let text: Vec<String> = sheet
        .rows()
        .flat_map(|r| r.iter().map(|c| c.to_string()))
        .collect();
    assert!(text.iter().any(|t| t.contains("消化超编 2 名")));
    assert!(
        text.iter().any(|t| t.contains("超编 1 类")),
        "the deduction's reason"
    );
}

/// Every cell of every sheet of a workbook, with its position; the cells named in `skip`
/// (by the label in the cell before them or their own text prefix) left out.
fn cells(path: &std::path::Path) -> Vec<(String, u32, u32, String)> {
    use calamine::Reader;
    let mut wb = calamine::open_workbook_auto(path).unwrap();
    let mut out = Vec::new();
    for name in wb.sheet_names() {
        let range = wb.worksheet_range(&name).unwrap();
        for (r, c, v) in range.used_cells() {
            out.push((name.clone(), r as u32, c as u32, format!("{v:?}")));
        }
    }
    out
}

/// The cells of an export without 制表日期 (its label's neighbour, or a 制表日期：… text).
fn without_made_on(all: Vec<(String, u32, u32, String)>) -> Vec<(String, u32, u32, String)> {
    let labels: Vec<(String, u32, u32)> = all
        .iter()
        .filter(|(_, _, _, v)| v.contains("制表日期") && !v.contains('：'))
        .map(|(s, r, c, _)| (s.clone(), *r, *c + 1))
        .collect();
    all.into_iter()
        .filter(|(s, r, c, v)| !v.contains("制表日期：") && !labels.contains(&(s.clone(), *r, *c)))
        .collect()
}

fn exports(
    s: &Store,
    id: i64,
    today: chrono::NaiveDate,
    dir: &std::path::Path,
    tag: &str,
) -> Vec<(String, u32, u32, String)> {
    use bianzhi::export::reports::{Report, ReportOptions, write_report};
    let e = s.evaluation(id, today).unwrap();
    let rect = s.rectifications(Some(e.org)).unwrap();
    let feedback = dir.join(format!("反馈{tag}.xlsx"));
    bianzhi::export::write_feedback_report(&e, &rect, today, &feedback).unwrap();
    let summary = dir.join(format!("汇总{tag}.xlsx"));
    let opts = ReportOptions {
        year: Some(e.year),
        made_by: "县委编办".into(),
        date: Some(today),
        ..Default::default()
    };
    write_report(s, Report::Evaluations, &opts, &summary).unwrap();
    let mut all = without_made_on(cells(&feedback));
    all.extend(without_made_on(cells(&summary)));
    all
}

/// Exits `n` people of a unit (the registry changes under a kept evaluation).
fn exit_some(s: &mut Store, org: OrgId, n: usize, date: chrono::NaiveDate) {
    let people = s.people_of_org(org).unwrap();
    assert!(people.len() >= n, "the demo unit has people to exit");
    for p in people.into_iter().take(n) {
        s.exit(p.id, ExitReason::Retirement, date, "石人社〔2026〕90号")
            .unwrap();
    }
}

#[test]
fn a_reported_evaluation_keeps_its_result_whatever_the_registry_does() {
    let mut s = demo();
    let today = d(2026, 11, 28);
    let edu = org(&s, "县教育局");
    let dir = tempfile::tempdir().unwrap();
    let year_2025: Vec<_> = s
        .evaluations(today)
        .unwrap()
        .into_iter()
        .filter(|e| e.year == 2025)
        .collect();
    assert_eq!(year_2025.len(), 3);
    assert!(
        year_2025
            .iter()
            .all(|e| !e.live && e.state == EvalState::Reported)
    );
    let kept = year_2025.iter().find(|e| e.org == edu).unwrap().clone();

    // A live evaluation of the same unit shows that the change moves the figures.
    let system = s.indicator_systems().unwrap()[0].id;
    let live = s
        .write(|tx| tx.start_evaluations(system, 2026, &[edu]))
        .unwrap()[0];
    let live_before = s.evaluation(live, today).unwrap();
    assert!(live_before.live);
    let before = exports(&s, kept.id, today, dir.path(), "前");

    exit_some(&mut s, edu, 5, d(2026, 11, 1));
    let women = org(&s, "县妇女联合会");
    exit_some(&mut s, women, 2, d(2026, 11, 1));

    let live_after = s.evaluation(live, today).unwrap();
    assert_ne!(
        live_before
            .lines
            .iter()
            .map(|l| &l.auto)
            .collect::<Vec<_>>(),
        live_after.lines.iter().map(|l| &l.auto).collect::<Vec<_>>(),
        "the exits move the live figures"
    );
    let after = s.evaluation(kept.id, today).unwrap();
    assert_eq!(after, kept, "the kept form did not move");
    // Exported on another day too: only 制表日期 differs.
    let later = exports(&s, kept.id, d(2026, 12, 3), dir.path(), "后");
    assert_eq!(before.len(), later.len());
    for (a, b) in before.iter().zip(&later) {
        assert_eq!(a, b, "cell by cell");
    }
    assert!(
        before
            .iter()
            .any(|(sheet, _, _, v)| sheet == "评估反馈" && v.starts_with("Float(")),
        "scores are number cells: {before:?}"
    );
    let summary_row: Vec<&String> = before
        .iter()
        .filter(|(sheet, ..)| sheet == "评估结果")
        .map(|(.., v)| v)
        .collect();
    assert!(
        summary_row
            .iter()
            .any(|v| *v == &format!("Float({}.0)", kept.rank))
    );
    assert!(summary_row.contains(&&format!("String(\"{}\")", kept.org_name)));
}

#[test]
fn a_kept_evaluation_changes_only_when_reopened_with_a_reason() {
    let mut s = demo();
    let today = d(2026, 11, 28);
    let kept: Vec<_> = s
        .evaluations(today)
        .unwrap()
        .into_iter()
        .filter(|e| e.year == 2025)
        .collect();
    // The demo's 2025 ranks as reported: 县教育局 first (the highest hand scores).
    let by_org = |name: &str| kept.iter().find(|e| e.org_name == name).unwrap().clone();
    let (edu, women, hospital) = (
        by_org("县教育局"),
        by_org("县妇女联合会"),
        by_org("县人民医院"),
    );
    assert_eq!((edu.rank, hospital.rank, women.rank), (1, 2, 3));
    let manual = edu
        .lines
        .iter()
        .position(|l| l.item.method == bianzhi::domain::evaluation::Method::Manual)
        .unwrap();

    let err = s
        .write(|tx| tx.set_score(edu.id, manual, 0, "", "", "日常", today))
        .unwrap_err()
        .to_string();
    assert!(err.contains("重新打开"), "{err}");
    assert!(
        s.write(|tx| tx.set_veto(edu.id, 0, Some("擅自增设机构")))
            .is_err()
    );
    assert!(
        s.reopen_evaluation(edu.id, "  ").is_err(),
        "a reason is needed"
    );
    assert!(
        s.set_evaluation_state(edu.id, EvalState::Evaluating, None, today)
            .is_err(),
        "back to 评估中 only by reopening"
    );

    s.reopen_evaluation(edu.id, "单位提出异议，复核后更正手工得分")
        .unwrap();
    let open = s.evaluation(edu.id, today).unwrap();
    assert!(open.live);
    assert_eq!(open.state, EvalState::Evaluating);
    let reopenings = s.reopenings(edu.id).unwrap();
    assert_eq!(reopenings.len(), 1);
    assert_eq!(reopenings[0].prev_state, EvalState::Reported);
    assert!(s.reopen_evaluation(edu.id, "再次").is_err(), "already open");

    // No points on any manual item: now below the other two.
    for (k, l) in open.lines.iter().enumerate() {
        if l.item.method == bianzhi::domain::evaluation::Method::Manual {
            s.write(|tx| tx.set_score(edu.id, k, 0, "", "复核", "日常", today))
                .unwrap();
        }
    }
    s.set_evaluation_state(edu.id, EvalState::FedBack, None, today)
        .unwrap();
    let refed = s.evaluation(edu.id, today).unwrap();
    assert!(!refed.live);
    assert!(refed.total < women.total && refed.total < hospital.total);
    assert_eq!(
        (refed.rank, refed.of),
        (3, 3),
        "a new rank among the year's kept ones"
    );
    // The others keep theirs, though they would now rank 1 and 2.
    assert_eq!(s.evaluation(women.id, today).unwrap(), women);
    assert_eq!(s.evaluation(hospital.id, today).unwrap(), hospital);
    assert_eq!(s.check().unwrap(), Vec::<String>::new());
}
