//! Numbered notices (issue 22, item 4): 人员入编通知单 and 出编通知单 from the hire and the exit,
//! numbered per kind and year under the prefix in the settings, issued once and printed
//! again with the same number, voided only with a reason; the 整改通知书 in the same
//! numbering. Runs on both backends.

mod common;

use bianzhi::domain::notice::NoticeKind;
use bianzhi::domain::*;
use bianzhi::store::HireRequest;
use common::d;

#[test]
fn entry_and_exit_notices_are_numbered_kept_reprinted_and_voided_with_a_reason() {
    let mut s = common::new_store();
    let org = common::add_org(
        &mut s,
        "县审计局",
        OrgKind::GovDept,
        &[(PostType::Administrative, 2)],
    );
    let p = s
        .hire(&HireRequest {
            id_number: common::id("19900101", 11),
            details: PersonDetails {
                name: "张三".into(),
                ..Default::default()
            },
            org,
            post_type: PostType::Administrative,
            date: d(2026, 3, 1),
            doc_no: "石人社〔2026〕3号".into(),
        })
        .unwrap();
    let year = bianzhi::clock::this_year();
    s.set_setting(&NoticeKind::Entry.prefix_key(), "石编入")
        .unwrap();
    let entry = s.person_notice(p, NoticeKind::Entry).unwrap();
    assert_eq!(entry.number, format!("石编入〔{year}〕1号"));
    let fields = &entry.content.fields;
    for (k, v) in [
        ("姓名", "张三"),
        ("单位", "县审计局"),
        ("编制类型", "行政编制"),
        ("入编日期", "2026-03-01"),
        ("入编文号", "石人社〔2026〕3号"),
    ] {
        assert!(
            fields.contains(&(k.to_string(), v.to_string())),
            "{k} in {fields:?}"
        );
    }
    // Printed again: the same notice (number, date, cells).
    let again = s.person_notice(p, NoticeKind::Entry).unwrap();
    assert_eq!(again, entry);
    assert_eq!(s.notice(&entry.number).unwrap().unwrap(), entry);
    let dir = tempfile::tempdir().unwrap();
    bianzhi::export::write_notice(&entry, &dir.path().join("入编.xlsx")).unwrap();
    // A notice is a document of its number (文件库).
    let doc = s.document(&entry.number).unwrap().unwrap();
    assert_eq!(doc.refs.len(), 1);
    assert_eq!(doc.refs[0].what, "人员入编通知单");

    // 出编: its own numbering.
    s.exit(
        p,
        ExitReason::Resignation,
        d(2026, 9, 30),
        "石人社〔2026〕30号",
    )
    .unwrap();
    let exit = s.person_notice(p, NoticeKind::Exit).unwrap();
    assert_eq!(exit.number, format!("编出〔{year}〕1号"));
    assert!(
        exit.content
            .fields
            .contains(&("出编原因".to_string(), "辞职".to_string()))
    );
    assert!(
        exit.content
            .fields
            .contains(&("单位".to_string(), "县审计局".to_string())),
        "the unit the person left"
    );

    // Voided only with a reason; a new notice then takes the next number.
    assert!(s.void_notice(&entry.number, " ").is_err());
    s.void_notice(&entry.number, "姓名有误").unwrap();
    assert!(s.void_notice(&entry.number, "再次").is_err(), "once");
    let voided = s.notice(&entry.number).unwrap().unwrap();
    assert_eq!(
        voided.voided.as_ref().map(|v| v.1.as_str()),
        Some("姓名有误")
    );
    let new = s.person_notice(p, NoticeKind::Entry).unwrap();
    assert_eq!(new.number, format!("石编入〔{year}〕2号"));
    assert!(s.person_notice(p, NoticeKind::Rectification).is_err());
    assert!(s.check().unwrap().is_empty(), "{:?}", s.check());
}
