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
    let mut s = Store::open_in_memory().unwrap();
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
        s.write(|tx| tx.set_evaluation_state(ids[0], EvalState::Reported, None))
            .is_err()
    );
    s.write(|tx| tx.set_evaluation_state(ids[0], EvalState::Reported, Some(d(2026, 12, 20))))
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
