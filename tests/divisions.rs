//! 内设机构 (issue 19, item 4): divisions set up, renamed, confirmed and abolished by 文号,
//! people assigned to them (an import's 所在机构 proposes them), their counts, and the two
//! evaluation items computed from them (无数据 when a unit has none: a manual score with a
//! note, never a silent 0). Runs on both backends (`BIANZHI_TEST_BACKEND=postgres`).

mod common;

use bianzhi::domain::division::DivisionError;
use bianzhi::domain::*;
use bianzhi::import::{self, ImportKind, Progress};
use bianzhi::store::evaluations::EvalState;
use bianzhi::store::{HireRequest, Store, StoreError};
use common::{TempDir, d, fixture_store, id, plan};
use rust_xlsxwriter::Workbook;

const DOC: &str = "石编〔2024〕7号";

fn hire(s: &mut Store, org: OrgId, n: u32, name: &str, division: Option<&str>) -> PersonId {
    let mut details = PersonDetails {
        name: name.into(),
        ..Default::default()
    };
    if let Some(div) = division {
        details.kept.insert("division".into(), div.into());
    }
    s.hire(&HireRequest {
        id_number: id("19850330", n),
        details,
        org,
        post_type: PostType::Administrative,
        date: d(2024, 3, 1),
        doc_no: "石人社〔2024〕3号".into(),
    })
    .unwrap()
}

fn org(s: &Store, name: &str) -> OrgId {
    s.orgs()
        .unwrap()
        .into_iter()
        .find(|o| o.name == name)
        .unwrap()
        .id
}

fn division(s: &Store, org: OrgId, name: &str) -> Division {
    s.divisions(org)
        .unwrap()
        .into_iter()
        .find(|x| x.name == name && x.is_active())
        .unwrap_or_else(|| panic!("no division {name}: {:?}", s.divisions(org)))
}

#[test]
fn divisions_are_set_up_renamed_and_abolished_by_document_with_their_history() {
    let dir = TempDir::new("divisions");
    let mut s = fixture_store(&dir);
    let edu = org(&s, "县教育局");
    let office = s
        .create_division(edu, " 办公室 ", DivisionKind::General, d(2024, 1, 2), DOC)
        .unwrap();
    let law = s
        .create_division(
            edu,
            "政策法规股",
            DivisionKind::Business,
            d(2024, 1, 2),
            DOC,
        )
        .unwrap();
    // A name the unit already has, a missing 文号, an empty name: refused, nothing written.
    let dup = s.create_division(edu, "办公室", DivisionKind::General, d(2024, 2, 1), DOC);
    assert!(
        matches!(
            dup,
            Err(StoreError::Division(DivisionError::Duplicate { .. }))
        ),
        "{dup:?}"
    );
    assert!(
        s.create_division(edu, "人事股", DivisionKind::General, d(2024, 2, 1), " ")
            .is_err()
    );
    assert!(
        s.create_division(edu, "  ", DivisionKind::General, d(2024, 2, 1), DOC)
            .is_err()
    );
    // Another unit may have a division of the same name.
    let health = org(&s, "县卫生健康局");
    s.create_division(health, "办公室", DivisionKind::General, d(2024, 1, 2), DOC)
        .unwrap();

    let a = hire(&mut s, edu, 1, "张三", None);
    let b = hire(&mut s, edu, 3, "李四", None);
    s.move_division_members(law, &[a, b], &[]).unwrap();
    assert_eq!(s.division(law).unwrap().people, 2);
    assert_eq!(
        s.person(a)
            .unwrap()
            .details
            .kept
            .get("division")
            .map(String::as_str),
        Some("政策法规股"),
        "the kept 所在机构 follows the division"
    );
    // Someone of another unit cannot be put into it.
    let c = hire(&mut s, health, 5, "王五", None);
    let other = s.move_division_members(law, &[c], &[]);
    assert!(
        matches!(
            other,
            Err(StoreError::Division(DivisionError::OtherUnit { .. }))
        ),
        "{other:?}"
    );

    // Renamed: the people's 所在机构 follows.
    s.rename_division(law, "法规股", d(2025, 1, 1), "石编〔2025〕1号")
        .unwrap();
    assert_eq!(
        s.person(b)
            .unwrap()
            .details
            .kept
            .get("division")
            .map(String::as_str),
        Some("法规股")
    );
    // Abolished only once empty.
    let refused = s.abolish_division(law, d(2025, 6, 1), "石编〔2025〕9号");
    assert!(
        matches!(
            refused,
            Err(StoreError::Division(DivisionError::HasPeople {
                people: 2,
                ..
            }))
        ),
        "{refused:?}"
    );
    s.move_division_members(law, &[], &[a, b]).unwrap();
    assert!(
        s.abolish_division(law, d(2023, 6, 1), "石编〔2025〕9号")
            .is_err(),
        "before it was set up"
    );
    s.abolish_division(law, d(2025, 6, 1), "石编〔2025〕9号")
        .unwrap();
    assert!(
        s.assign_check(a, law).is_err(),
        "an abolished division takes no one"
    );
    // Its name is free again.
    s.create_division(edu, "法规股", DivisionKind::Business, d(2025, 7, 1), DOC)
        .unwrap();

    let history: Vec<(String, String, String)> = s
        .division_history(edu)
        .unwrap()
        .into_iter()
        .map(|e| (e.label().to_string(), e.name, e.doc_no))
        .collect();
    assert_eq!(
        history,
        [
            ("设立".into(), "办公室".into(), DOC.into()),
            ("设立".into(), "政策法规股".into(), DOC.into()),
            ("更名".into(), "法规股".into(), "石编〔2025〕1号".into()),
            ("撤销".into(), "法规股".into(), "石编〔2025〕9号".into()),
            ("设立".into(), "法规股".into(), DOC.into()),
        ]
    );
    assert_eq!(s.division(office).unwrap().people, 0);
    assert!(s.check().unwrap().is_empty(), "{:?}", s.check());
}

/// Tries to put a person into a division (used where the test only needs the refusal).
trait AssignCheck {
    fn assign_check(&mut self, p: PersonId, d: DivisionId) -> Result<(), StoreError>;
}

impl AssignCheck for Store {
    fn assign_check(&mut self, p: PersonId, d: DivisionId) -> Result<(), StoreError> {
        self.move_division_members(d, &[p], &[])
    }
}

#[test]
fn an_imports_division_text_proposes_divisions_for_the_clerk_to_confirm() {
    let dir = TempDir::new("division-import");
    let mut s = fixture_store(&dir);
    let edu = org(&s, "县教育局");
    // One division exists already (by its 三定); the roster names it and two new ones.
    s.create_division(edu, "办公室", DivisionKind::General, d(2024, 1, 2), DOC)
        .unwrap();
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    let rows = [
        ["单位名称", "所在机构", "姓名", "身份证号", "编制类型"],
        [
            "县教育局",
            "办公室",
            "张三",
            &id("19850305", 11),
            "行政编制",
        ],
        [
            "县教育局",
            "基础教育股",
            "李四",
            &id("19860305", 13),
            "行政编制",
        ],
        [
            "县教育局",
            "基础教育股 ",
            "王五",
            &id("19870305", 15),
            "行政编制",
        ],
        ["县教育局", "", "赵六", &id("19880305", 17), "行政编制"],
        [
            "县卫生健康局",
            "办公室",
            "钱七",
            &id("19890305", 19),
            "行政编制",
        ],
    ];
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            ws.write_string(r as u32, c as u16, *v).unwrap();
        }
    }
    let path = dir.path("roster.xlsx");
    wb.save(&path).unwrap();
    let p = plan(&s, &path, ImportKind::Roster);
    assert!(
        p.problems
            .iter()
            .all(|x| x.severity != import::Severity::Error),
        "{:#?}",
        p.problems
    );
    // The review says which divisions the import will propose.
    assert_eq!(
        p.new_divisions,
        [
            ("县卫生健康局".to_string(), "办公室".to_string()),
            ("县教育局".to_string(), "基础教育股".to_string())
        ]
    );
    import::commit(&mut s, &p, &Progress::new()).unwrap();

    let edu_divs = s.divisions(edu).unwrap();
    let shown: Vec<(&str, bool, i64)> = edu_divs
        .iter()
        .map(|x| (x.name.as_str(), x.confirmed, x.people))
        .collect();
    assert_eq!(
        shown,
        [("办公室", true, 1), ("基础教育股", false, 2)],
        "the existing one used, a new one proposed once (the padded name is the same)"
    );
    let health = org(&s, "县卫生健康局");
    let h = s.divisions(health).unwrap();
    assert_eq!((h.len(), h[0].confirmed, h[0].people), (1, false, 1));
    // Proposed divisions do not count until confirmed: no data yet for 卫健局.
    let basic = division(&s, edu, "基础教育股");
    assert_eq!(basic.kind, None);
    s.confirm_division(basic.id, DivisionKind::Business, "")
        .unwrap();
    let basic = s.division(basic.id).unwrap();
    assert_eq!(
        (basic.confirmed, basic.kind),
        (true, Some(DivisionKind::Business))
    );
    assert!(
        s.confirm_division(basic.id, DivisionKind::General, "")
            .is_err(),
        "confirmed once"
    );
    // The person's card reads the division.
    let zhang = s
        .person_by_id_number(&IdNumber::parse(&id("19850305", 11)).unwrap())
        .unwrap()
        .unwrap();
    assert_eq!(s.person_division(zhang.id).unwrap().unwrap().name, "办公室");
    // Moved to another unit, a person leaves the division behind.
    let li = s
        .person_by_id_number(&IdNumber::parse(&id("19860305", 13)).unwrap())
        .unwrap()
        .unwrap();
    s.transfer(
        li.id,
        health,
        PostType::Administrative,
        d(2025, 1, 1),
        "石组〔2025〕1号",
    )
    .unwrap();
    assert_eq!(s.person_division(li.id).unwrap(), None);
    assert_eq!(s.person(li.id).unwrap().details.kept.get("division"), None);
    assert_eq!(s.division(basic.id).unwrap().people, 1);
    assert!(s.check().unwrap().is_empty(), "{:?}", s.check());
    // `check` finds a person in another unit's division (written around the store).
    if !common::on_server() {
        let other = s.divisions(health).unwrap()[0].id;
        s.sql_for_tests()
            .execute(
                "UPDATE persons SET division_id = ?1 WHERE id = ?2",
                [other.0, zhang.id.0],
            )
            .unwrap();
        // (The log also notices a change made outside any action.)
        let problems = s.check().unwrap();
        assert!(
            problems.contains(&"张三所在的内设机构“办公室”不属于其编制所在单位".to_string()),
            "{problems:?}"
        );
    }
}

#[test]
fn the_division_items_compute_from_divisions_or_say_no_data() {
    let dir = TempDir::new("division-eval");
    let mut s = fixture_store(&dir);
    let edu = org(&s, "县教育局");
    let health = org(&s, "县卫生健康局");
    // 县教育局: 办公室 (综合) 1, 基础教育股 (业务) 3, 督导股 (业务) 0 → 3 of 4 in business
    // (75%); average 4/3, so 督导股 (0) is under half of it.
    let office = s
        .create_division(edu, "办公室", DivisionKind::General, d(2024, 1, 2), DOC)
        .unwrap();
    let basic = s
        .create_division(
            edu,
            "基础教育股",
            DivisionKind::Business,
            d(2024, 1, 2),
            DOC,
        )
        .unwrap();
    s.create_division(edu, "督导股", DivisionKind::Business, d(2024, 1, 2), DOC)
        .unwrap();
    let people: Vec<PersonId> = (0..4)
        .map(|i| hire(&mut s, edu, 21 + 2 * i, &format!("教{i}"), None))
        .collect();
    s.move_division_members(office, &people[..1], &[]).unwrap();
    s.move_division_members(basic, &people[1..], &[]).unwrap();

    let today = d(2026, 11, 30);
    let system = s.indicator_systems().unwrap()[0].id;
    let ids = s.start_evaluations(system, 2026, &[edu, health]).unwrap();
    let line = |s: &Store, e: i64, name: &str| {
        let ev = s.evaluation(e, today).unwrap();
        let k = ev.lines.iter().position(|l| l.item.name == name).unwrap();
        (k, ev.lines[k].clone())
    };
    let (_, share) = line(&s, ids[0], "一线业务科室人员占比");
    let fig = share.auto.clone().unwrap();
    assert_eq!((fig.value, fig.no_data), (75, false), "{}", fig.text);
    assert_eq!(share.score, 40, "75% ≥ the 70% target: full 4 points");
    let (_, small) = line(&s, ids[0], "无人数不足平均数一半的内设机构");
    let fig = small.auto.clone().unwrap();
    assert_eq!(fig.value, 1, "{}", fig.text);
    assert!(fig.text.contains("督导股"), "{}", fig.text);
    assert_eq!(small.score, 20, "one small division: 1 point off 3");

    // 县卫生健康局 has no divisions: 无数据, not scored, and it cannot be fed back so.
    let (k, share) = line(&s, ids[1], "一线业务科室人员占比");
    assert!(share.auto.as_ref().unwrap().no_data);
    assert!(share.awaits_manual_score());
    assert_eq!(share.input, None);
    let refused = s.set_evaluation_state(ids[1], EvalState::FedBack, None, today);
    let msg = refused.unwrap_err().to_string();
    assert!(
        msg.contains("无数据") && msg.contains("一线业务科室人员占比"),
        "{msg}"
    );
    // A manual figure needs a note.
    assert!(
        s.set_score(ids[1], k, 80, "", "", "日常", today).is_err(),
        "no note"
    );
    s.set_score(ids[1], k, 80, "按三定和花名册手工统计", "", "日常", today)
        .unwrap();
    let (k2, _) = line(&s, ids[1], "无人数不足平均数一半的内设机构");
    s.set_score(ids[1], k2, 0, "科室人数均衡（手工核对）", "", "日常", today)
        .unwrap();
    // (No appointments recorded either: 超职数 has no data and is scored by hand too.)
    let (k3, leaders) = line(&s, ids[1], "不超职数配备领导");
    assert!(leaders.awaits_manual_score());
    s.set_score(
        ids[1],
        k3,
        0,
        "领导均按职数配备（组织部任免文件核对）",
        "",
        "日常",
        today,
    )
    .unwrap();
    // (No 核查 round either: the payroll item is scored by hand too.)
    let (k4, _) = line(&s, ids[1], "实名制信息与工资发放数据一致");
    s.set_score(
        ids[1],
        k4,
        0,
        "与财政工资数据逐人核对一致",
        "",
        "日常",
        today,
    )
    .unwrap();
    let (_, share) = line(&s, ids[1], "一线业务科室人员占比");
    assert_eq!((share.input, share.score), (Some(80), 40));
    s.set_evaluation_state(ids[1], EvalState::FedBack, None, today)
        .unwrap();
    // Kept as fed back: later division changes do not move it.
    s.create_division(health, "办公室", DivisionKind::General, d(2026, 12, 1), DOC)
        .unwrap();
    let kept = s.evaluation(ids[1], today).unwrap();
    assert!(!kept.live);
    let l = kept
        .lines
        .iter()
        .find(|l| l.item.name == "一线业务科室人员占比")
        .unwrap();
    assert_eq!(
        (l.input, l.note.as_str()),
        (Some(80), "按三定和花名册手工统计")
    );
}

#[test]
fn the_divisions_and_filings_reports_read_back() {
    use bianzhi::domain::township::FilingLine;
    use bianzhi::export::reports::{Report, ReportOptions, write_report};
    use calamine::{Data, Reader};
    let dir = TempDir::new("division-reports");
    let mut s = fixture_store(&dir);
    let edu = org(&s, "县教育局");
    let office = s
        .create_division(edu, "办公室", DivisionKind::General, d(2024, 1, 2), DOC)
        .unwrap();
    let basic = s
        .create_division(
            edu,
            "基础教育股",
            DivisionKind::Business,
            d(2024, 1, 2),
            DOC,
        )
        .unwrap();
    let people: Vec<PersonId> = (0..4)
        .map(|i| hire(&mut s, edu, 41 + 2 * i, &format!("员{i}"), None))
        .collect();
    s.move_division_members(office, &people[..1], &[]).unwrap();
    s.move_division_members(basic, &people[1..3], &[]).unwrap();
    let path = dir.path("内设机构人员表.xlsx");
    let opts = ReportOptions {
        org: Some(edu),
        ..Default::default()
    };
    let written = write_report(&s, Report::Divisions, &opts, &path).unwrap();
    assert_eq!(written.rows, 4, "three in divisions, one in none");
    let mut wb = calamine::open_workbook_auto(&path).unwrap();
    let sheet = wb.worksheet_range("人员").unwrap();
    let col = |r: u32, c: u32| sheet.get_value((r, c)).cloned().unwrap_or(Data::Empty);
    // Title, 制表 line, header, then the rows.
    assert_eq!(col(2, 1), Data::String("内设机构".into()));
    assert_eq!(col(3, 1), Data::String("办公室".into()));
    assert_eq!(col(3, 4), Data::String("员0".into()));
    assert_eq!(col(4, 1), Data::String("基础教育股".into()));
    assert_eq!(col(4, 2), Data::String("业务".into()));
    assert_eq!(col(6, 1), Data::String("（未分到内设机构）".into()));
    assert_eq!(col(6, 4), Data::String("员3".into()));
    let sums = wb.worksheet_range("内设机构").unwrap();
    let sum = |r: u32, c: u32| sums.get_value((r, c)).cloned().unwrap_or(Data::Empty);
    assert_eq!(sum(3, 1), Data::String("办公室".into()));
    assert_eq!(sum(3, 5), Data::Float(1.0));
    assert_eq!(sum(4, 5), Data::Float(2.0));
    assert_eq!(sum(5, 5), Data::Float(3.0), "合计 of those in divisions");

    // Filings of a year: one township on time, one late, one not filed.
    let town = |s: &mut Store, name: &str| {
        s.create_org(&OrgDraft {
            name: name.into(),
            kind: Some(OrgKind::Township),
            township_class: Some(TownshipClass::One),
            ..Default::default()
        })
        .unwrap()
    };
    let (a, b) = (town(&mut s, "甲镇"), town(&mut s, "乙乡"));
    town(&mut s, "丙乡");
    let line = |name: &str, duties: &str| FilingLine {
        name: name.into(),
        id_number: None,
        division: "党政综合办公室".into(),
        duties: duties.into(),
        position: String::new(),
    };
    s.record_filing_table(a, 2025, d(2025, 3, 5), "", None, &[line("甲一", "文秘")])
        .unwrap();
    s.record_filing_table(
        a,
        2026,
        d(2026, 3, 5),
        "",
        None,
        &[line("甲一", "档案"), line("甲二", "财务")],
    )
    .unwrap();
    s.record_filing_table(b, 2026, d(2026, 4, 3), "", None, &[line("乙一", "民政")])
        .unwrap();
    let path = dir.path("备案.xlsx");
    let opts = ReportOptions {
        year: Some(2026),
        ..Default::default()
    };
    let written = write_report(&s, Report::Filings, &opts, &path).unwrap();
    assert_eq!(written.rows, 3);
    assert_eq!(
        written.totals,
        [
            ("按时备案".to_string(), 1),
            ("逾期备案".to_string(), 1),
            ("未备案".to_string(), 1)
        ]
    );
    let mut wb = calamine::open_workbook_auto(&path).unwrap();
    let head = wb.worksheet_range("汇总").unwrap();
    let row = |r: u32| -> Vec<Data> {
        (0..5)
            .map(|c| head.get_value((r, c)).cloned().unwrap_or(Data::Empty))
            .collect()
    };
    let s_ = |v: &str| Data::String(v.into());
    assert_eq!(
        row(3),
        [
            s_("甲镇"),
            s_("2026-03-05"),
            s_("按时备案"),
            Data::Float(2.0),
            Data::Float(2.0)
        ]
    );
    assert_eq!(row(4)[2], s_("逾期备案"));
    assert_eq!(row(5)[2], s_("未备案"));
    let changes = wb.worksheet_range("与上年比较").unwrap();
    assert_eq!(
        changes.get_value((3, 1)).cloned(),
        Some(s_("甲一：分工 文秘 → 档案"))
    );
}
