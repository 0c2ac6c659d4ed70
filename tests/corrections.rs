//! 信息更正 (issue 19): a person's fields corrected with a reason, kept as history, never
//! a staffing change. Runs on both backends (`BIANZHI_TEST_BACKEND=postgres`).

mod common;

use bianzhi::domain::correction::Field;
use bianzhi::domain::*;
use bianzhi::stats::CountyStats;
use bianzhi::store::{HireRequest, Store, StoreError};
use common::d;

fn county() -> (Store, OrgId, PersonId, PersonId) {
    let mut s = common::new_store();
    let org = common::add_org(
        &mut s,
        "县档案馆",
        OrgKind::Institution,
        &[(PostType::Institution(Funding::Full), 5)],
    );
    let hire = |s: &mut Store, n: u32, name: &str| {
        s.hire(&HireRequest {
            id_number: common::id("19850330", n),
            details: PersonDetails {
                name: name.into(),
                ..Default::default()
            },
            org,
            post_type: PostType::Institution(Funding::Full),
            date: d(2022, 3, 1),
            doc_no: "石人社〔2022〕3号".into(),
        })
        .unwrap()
    };
    let a = hire(&mut s, 1, "张三");
    let b = hire(&mut s, 3, "李四");
    (s, org, a, b)
}

#[test]
fn a_corrected_name_is_kept_with_its_history_and_no_staffing_changes() {
    let (mut s, org, a, _) = county();
    let stats = CountyStats::derive(&s, None).unwrap();
    let (entries, events) = (s.entries(Some(org)).unwrap(), s.person_events(a).unwrap());
    s.set_operator("王经办");
    let changed = s
        .correct_person(
            a,
            &[
                (Field::Name, "张叁".into()),
                (Field::JoinedOn, "2021-12-01".into()),
                (Field::Kept("division"), "办公室".into()),
            ],
            "录入时把“叁”写成了“三”",
        )
        .unwrap();
    assert_eq!(changed.len(), 3);
    let p = s.person(a).unwrap();
    assert_eq!(p.details.name, "张叁");
    assert_eq!(
        p.details.joined_on.map(|j| j.to_string()).as_deref(),
        Some("2021-12-01")
    );
    assert_eq!(
        p.details.kept.get("division").map(String::as_str),
        Some("办公室")
    );
    // History, in the order corrected, with the reason and who.
    let history = s.corrections(a).unwrap();
    let fields: Vec<&str> = history.iter().map(|c| c.field.as_str()).collect();
    assert_eq!(fields, ["name", "joined_on", "division"]);
    assert_eq!(history[0].before.as_deref(), Some("张三"));
    assert_eq!(history[0].after.as_deref(), Some("张叁"));
    assert_eq!(history[0].reason, "录入时把“叁”写成了“三”");
    assert_eq!(history[0].operator, "王经办");
    // Not a staffing change: the ledger, the dated events and the figures are as they were.
    assert_eq!(s.entries(Some(org)).unwrap(), entries);
    assert_eq!(s.person_events(a).unwrap(), events);
    assert_eq!(CountyStats::derive(&s, None).unwrap(), stats);
    assert!(s.check().unwrap().is_empty());
    assert_eq!(s.last_audit_action().unwrap().unwrap().action, "信息更正");
}

#[test]
fn an_id_number_is_corrected_only_to_a_valid_free_one_and_the_person_stays() {
    let (mut s, _, a, b) = county();
    let theirs = s.person(b).unwrap().id_number;
    // Someone else's number: refused, nothing written.
    let err = s
        .correct_person(a, &[(Field::IdNumber, theirs.as_str().into())], "号码录错")
        .unwrap_err();
    assert!(matches!(err, StoreError::Denied(_)), "{err}");
    assert!(err.to_string().contains("李四"), "{err}");
    // A wrong check digit: refused, saying so.
    let new = common::id("19850330", 5);
    let last = if new.ends_with('0') { '1' } else { '0' };
    let wrong = format!("{}{last}", &new[..17]);
    let err = s
        .correct_person(a, &[(Field::IdNumber, wrong)], "号码录错")
        .unwrap_err();
    assert!(matches!(err, StoreError::Correction(_)), "{err}");
    assert!(s.corrections(a).unwrap().is_empty());
    // A free, valid number of the same birth and gender: the same person, renumbered.
    s.correct_person(a, &[(Field::IdNumber, new.clone())], "号码录错")
        .unwrap();
    let p = s.person(a).unwrap();
    assert_eq!(p.id_number.as_str(), new);
    assert_eq!(p.id, a);
    assert!(
        matches!(p.status, PersonStatus::OnPost { .. }),
        "{:?}",
        p.status
    );
    assert!(s.check().unwrap().is_empty());
    // No reason, no correction.
    let err = s
        .correct_person(a, &[(Field::Name, "张叁".into())], "  ")
        .unwrap_err();
    assert!(err.to_string().contains("理由"), "{err}");
}
