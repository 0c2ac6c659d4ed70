//! 领导职数 as records (issue 20, item 1): approved positions changed by dated entries with
//! a 文号, appointments (任职, 免职) filling them, 超职数 from appointments (无数据 until one
//! is recorded), proposals from a roster's 人员分类 reviewed before anything is written.
//! Runs on both backends (`BIANZHI_TEST_BACKEND=postgres`).

mod common;

use bianzhi::domain::leadership::Level;
use bianzhi::domain::*;
use bianzhi::stats::CountyStats;
use bianzhi::store::leadership::AppointmentRequest;
use bianzhi::store::{HireRequest, Store};
use common::d;

const DOC: &str = "石编〔2024〕9号";

fn county() -> (Store, OrgId) {
    let mut s = common::new_store();
    let org = common::add_org(
        &mut s,
        "县财政局",
        OrgKind::GovDept,
        &[(PostType::Administrative, 10)],
    );
    (s, org)
}

fn hire(s: &mut Store, org: OrgId, n: u32, name: &str, class: Option<&str>) -> PersonId {
    let mut details = PersonDetails {
        name: name.into(),
        position: class.map(|_| "副局长".to_string()),
        ..Default::default()
    };
    if let Some(c) = class {
        details.kept.insert("person_class".into(), c.into());
        details.kept.insert("leader_level".into(), "副科级".into());
    }
    s.hire(&HireRequest {
        id_number: common::id("19800101", n),
        details,
        org,
        post_type: PostType::Administrative,
        date: d(2022, 3, 1),
        doc_no: "石人社〔2022〕3号".into(),
    })
    .unwrap()
}

fn appoint(s: &mut Store, p: PersonId, level: Level, position: &str) -> i64 {
    s.appoint(&AppointmentRequest {
        person: p,
        level,
        position: position.into(),
        rank: String::new(),
        high_config: false,
        date: d(2023, 5, 1),
        doc_no: "石组干〔2023〕5号".into(),
    })
    .unwrap()
}

#[test]
fn approved_positions_change_only_by_dated_entries() {
    let (mut s, org) = county();
    s.record_leader_entry(org, Level::Chief, 1, d(2021, 1, 5), DOC, "三定")
        .unwrap();
    s.record_leader_entry(org, Level::Deputy, 3, d(2021, 1, 5), DOC, "三定")
        .unwrap();
    s.record_leader_entry(org, Level::DivisionChief, 4, d(2021, 1, 5), DOC, "三定")
        .unwrap();
    s.record_leader_entry(
        org,
        Level::Deputy,
        -1,
        d(2024, 6, 1),
        "石编〔2024〕20号",
        "机构改革",
    )
    .unwrap();
    let l = s.leadership(org).unwrap();
    assert_eq!(
        (
            l.approved.chief,
            l.approved.deputy,
            l.approved.division_chief
        ),
        (1, 2, 4)
    );
    // The unit record reads the ledger.
    let o = s.org(org).unwrap();
    assert_eq!((o.leaders_chief, o.leaders_deputy), (1, 2));
    // Below zero is refused, also when an earlier-dated change would make a later one so.
    let err = s
        .record_leader_entry(org, Level::Chief, -2, d(2025, 1, 1), DOC, "")
        .unwrap_err();
    assert!(err.to_string().contains("正职领导职数不足"), "{err}");
    let err = s
        .record_leader_entry(org, Level::Deputy, -3, d(2022, 1, 1), DOC, "")
        .unwrap_err();
    assert!(err.to_string().contains("副职"), "{err}");
    // A 文号 is required.
    assert!(
        s.record_leader_entry(org, Level::Chief, 1, d(2025, 1, 1), " ", "")
            .is_err()
    );
    assert_eq!(s.leader_entries(org).unwrap().len(), 4);
    // No appointment recorded: 超职数 has no data.
    assert_eq!(s.leadership(org).unwrap().over, None);
    assert!(s.check().unwrap().is_empty(), "{:?}", s.check());
}

#[test]
fn excess_comes_from_appointments_in_force() {
    let (mut s, org) = county();
    s.record_leader_entry(org, Level::Chief, 1, d(2021, 1, 5), DOC, "")
        .unwrap();
    s.record_leader_entry(org, Level::Deputy, 2, d(2021, 1, 5), DOC, "")
        .unwrap();
    let people: Vec<PersonId> = (0..4)
        .map(|i| hire(&mut s, org, 11 + 2 * i, &format!("领导{i}"), None))
        .collect();
    appoint(&mut s, people[0], Level::Chief, "局长");
    let deputies: Vec<i64> = people[1..]
        .iter()
        .map(|&p| appoint(&mut s, p, Level::Deputy, "副局长"))
        .collect();
    let l = s.leadership(org).unwrap();
    assert_eq!((l.appointed.chief, l.appointed.deputy), (1, 3));
    let over = l.over.unwrap();
    assert_eq!((over.chief, over.deputy, over.total()), (0, 1, 1));
    // The same appointment twice is refused.
    let again = s.appoint(&AppointmentRequest {
        person: people[1],
        level: Level::Deputy,
        position: "副局长".into(),
        rank: String::new(),
        high_config: false,
        date: d(2023, 6, 1),
        doc_no: "石组干〔2023〕6号".into(),
    });
    assert!(again.is_err());
    // 免职 ends one: within the number again.
    s.remove_appointment(deputies[0], d(2024, 1, 10), "石组干〔2024〕1号")
        .unwrap();
    assert!(
        s.remove_appointment(deputies[0], d(2024, 2, 1), "石组干〔2024〕2号")
            .is_err(),
        "removed once"
    );
    assert_eq!(s.leadership(org).unwrap().over.unwrap().total(), 0);
    // A deputy who leaves the registry no longer holds the position.
    s.exit(
        people[2],
        ExitReason::Retirement,
        d(2025, 1, 1),
        "石人社〔2025〕1号",
    )
    .unwrap();
    let l = s.leadership(org).unwrap();
    assert_eq!(l.appointed.deputy, 1);
    let list = s.appointments(org).unwrap();
    let gone = list.iter().find(|a| a.person == people[2]).unwrap();
    assert!(!gone.in_force);
    // The overview lists units over, from appointments.
    let (over_units, no_data) = s.leadership_excess().unwrap();
    assert!(over_units.is_empty());
    assert_eq!(no_data, 0);
    appoint(&mut s, people[3], Level::DivisionChief, "办公室主任");
    let (over_units, _) = s.leadership_excess().unwrap();
    assert_eq!(
        over_units.len(),
        1,
        "内设机构正职: none approved, one appointed"
    );
    // stats --json: approved and appointed per level.
    let stats = CountyStats::derive(&s, None).unwrap();
    let json = serde_json::to_value(&stats).unwrap();
    let unit = json["orgs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["name"] == "县财政局")
        .unwrap();
    assert_eq!(unit["leaders"]["deputy"]["approved"], 2);
    assert_eq!(unit["leaders"]["deputy"]["appointed"], 1);
    assert_eq!(unit["leaders"]["division_chief"]["appointed"], 1);
    assert!(s.check().unwrap().is_empty(), "{:?}", s.check());
}

#[test]
fn the_rosters_person_class_proposes_appointments_reviewed_before_writing() {
    let (mut s, org) = county();
    let a = hire(&mut s, org, 21, "甲", Some("部门副职领导"));
    hire(&mut s, org, 23, "乙", Some("非领导人员"));
    let c = hire(&mut s, org, 25, "丙", Some("内设机构正职领导"));
    let proposals = s.appointment_proposals(Some(org)).unwrap();
    let shown: Vec<(&str, Level, &str, &str)> = proposals
        .iter()
        .map(|p| {
            (
                p.name.as_str(),
                p.request.level,
                p.request.position.as_str(),
                p.request.rank.as_str(),
            )
        })
        .collect();
    assert_eq!(
        shown,
        [
            ("甲", Level::Deputy, "副局长", "副科级"),
            ("丙", Level::DivisionChief, "副局长", "副科级"),
        ]
    );
    // Proposing wrote nothing.
    assert_eq!(s.leadership(org).unwrap().over, None);
    let reqs: Vec<AppointmentRequest> = proposals
        .iter()
        .map(|p| AppointmentRequest {
            date: d(2024, 3, 1),
            doc_no: "石组干〔2024〕3号".into(),
            ..p.request.clone()
        })
        .collect();
    assert_eq!(s.appoint_all(&reqs).unwrap(), 2);
    let people: Vec<PersonId> = s
        .appointments(org)
        .unwrap()
        .iter()
        .map(|x| x.person)
        .collect();
    assert_eq!(people, [a, c]);
    assert!(s.appointment_proposals(Some(org)).unwrap().is_empty());
    // Nothing approved: both over.
    assert_eq!(s.leadership(org).unwrap().over.unwrap().total(), 2);
}

#[test]
fn the_evaluations_leadership_item_reads_appointments_or_says_no_data() {
    let (mut s, org) = county();
    s.record_leader_entry(org, Level::Deputy, 1, d(2021, 1, 5), DOC, "")
        .unwrap();
    let today = d(2026, 11, 30);
    let system = s.indicator_systems().unwrap()[0].id;
    let ids = s.start_evaluations(system, 2026, &[org]).unwrap();
    let item = |s: &Store| {
        s.evaluation(ids[0], today)
            .unwrap()
            .lines
            .into_iter()
            .find(|l| l.item.name == "不超职数配备领导")
            .unwrap()
    };
    assert!(item(&s).awaits_manual_score(), "no appointment recorded");
    let p = (0..2)
        .map(|i| hire(&mut s, org, 31 + 2 * i, &format!("副{i}"), None))
        .collect::<Vec<_>>();
    for &x in &p {
        appoint(&mut s, x, Level::Deputy, "副局长");
    }
    let l = item(&s);
    let fig = l.auto.clone().unwrap();
    assert_eq!((fig.value, fig.no_data), (1, false), "{}", fig.text);
    assert_eq!(l.score, 40, "one over: 2 points off 6");
}

#[test]
fn the_leaders_report_reads_back() {
    use bianzhi::export::reports::{Report, ReportOptions, write_report};
    use calamine::{Data, Reader};
    let (mut s, org) = county();
    let quiet = common::add_org(&mut s, "县档案馆", OrgKind::Institution, &[]);
    s.record_leader_entry(org, Level::Chief, 1, d(2021, 1, 5), DOC, "")
        .unwrap();
    s.record_leader_entry(quiet, Level::Chief, 1, d(2021, 1, 5), DOC, "")
        .unwrap();
    let a = hire(&mut s, org, 41, "甲", None);
    let b = hire(&mut s, org, 43, "乙", None);
    appoint(&mut s, a, Level::Chief, "局长");
    appoint(&mut s, b, Level::Chief, "局长（主持工作）");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("职数.xlsx");
    let sum = write_report(&s, Report::Leaders, &ReportOptions::default(), &path).unwrap();
    assert_eq!(sum.rows, 2);
    assert_eq!(sum.totals, [("超职数".to_string(), 1)]);
    let mut wb = calamine::open_workbook_auto(&path).unwrap();
    let sheet = wb.worksheet_range("领导职数").unwrap();
    // Two header rows (grouped), data from row 4.
    let cell = |r: u32, c: u32| sheet.get_value((r, c)).cloned().unwrap_or(Data::Empty);
    assert_eq!(cell(4, 0), Data::String("县财政局".into()));
    assert_eq!(
        (cell(4, 1), cell(4, 2)),
        (Data::Float(1.0), Data::Float(2.0))
    );
    assert_eq!(cell(4, 10), Data::Float(1.0));
    assert_eq!(cell(5, 0), Data::String("县档案馆".into()));
    assert_eq!(cell(5, 2), Data::String("无数据".into()));
}
