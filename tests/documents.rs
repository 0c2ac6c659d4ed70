//! 文件库 (issue 22, items 1–3 and 5): every 文号 a record carries is a document, filed under
//! the recogniser's key; described; attachments kept by content hash, never changed; `check`
//! finds one missing or altered; a backup carries them and a restore brings them back.
//! Runs on both backends (the content beside a file, or in the server database).

mod common;

use bianzhi::domain::document::DocKind;
use bianzhi::domain::*;
use bianzhi::store::Store;
use bianzhi::store::documents::DocumentDraft;
use common::d;

#[test]
fn every_doc_no_is_a_document_with_what_it_did_and_its_attachments() {
    let dir = common::TempDir::new("documents");
    let mut s = if common::on_server() {
        common::new_store()
    } else {
        Store::open(&dir.path("county.db")).unwrap()
    };
    let finance = common::add_org(
        &mut s,
        "县财政局",
        OrgKind::GovDept,
        &[(PostType::Administrative, 3), (PostType::Service, 1)],
    );
    // The approvals carry 石编〔2021〕1号: one document with two records.
    let docs = s.documents(None).unwrap();
    assert_eq!(docs.len(), 1);
    let doc = &docs[0];
    assert_eq!(doc.key, "石编〔2021〕1号");
    assert_eq!(doc.refs.len(), 2);
    assert!(doc.refs[0].what.contains("核定"), "{}", doc.refs[0].what);
    assert_eq!(doc.refs[0].org_id, Some(finance.0));
    assert!(doc.attachments.is_empty());

    // Typed with other brackets: the same document, described.
    s.describe_document(
        "石编[2021]1号",
        &DocumentDraft {
            title: "关于核定县财政局机构编制的批复".into(),
            issuer: "县委机构编制委员会".into(),
            date: Some(d(2021, 1, 5)),
            kind: Some(DocKind::Reply),
        },
    )
    .unwrap();
    let doc = s.document("石编（2021）1号").unwrap().unwrap();
    assert_eq!(doc.title, "关于核定县财政局机构编制的批复");
    assert_eq!(doc.kind, DocKind::Reply);
    assert_eq!(doc.refs.len(), 2);
    // The unit's page lists it, with what it did there.
    let of_unit = s.unit_documents(finance).unwrap();
    assert_eq!(of_unit.len(), 1);
    assert_eq!(of_unit[0].key, "石编〔2021〕1号");
    assert_eq!(of_unit[0].records, 2);
    assert_eq!(of_unit[0].date.as_deref(), Some("2021-01-05"));
    assert_eq!(of_unit[0].title, "关于核定县财政局机构编制的批复");

    // Attachments: the same content twice is kept once; nothing attached when a file is
    // missing.
    let scan = dir.path("批复.pdf");
    std::fs::write(&scan, b"%PDF-1.4 scan").unwrap();
    let copy = dir.path("批复-副本.pdf");
    std::fs::write(&copy, b"%PDF-1.4 scan").unwrap();
    let missing = dir.path("没有.pdf");
    assert!(
        s.attach("石编〔2021〕1号", &[scan.clone(), missing])
            .is_err()
    );
    assert!(
        s.document("石编〔2021〕1号")
            .unwrap()
            .unwrap()
            .attachments
            .is_empty()
    );
    let added = s.attach("石编〔2021〕1号", &[scan.clone(), copy]).unwrap();
    assert_eq!(added.len(), 2);
    assert_eq!(added[0].sha256, added[1].sha256);
    assert_eq!(
        s.attachment_content(&added[0].sha256).unwrap(),
        b"%PDF-1.4 scan"
    );
    // A 文号 no record carries yet is a document as soon as something is attached.
    s.attach("县编委会纪要第3号", &[scan]).unwrap();
    let minutes = s.document("县编委会纪要第3号").unwrap().unwrap();
    assert_eq!(minutes.kind, DocKind::Minutes);
    assert!(minutes.refs.is_empty());

    // Found by 文号, title, issuing body, year, kind.
    for needle in [
        "石编〔2021〕1号",
        "核定县财政局",
        "编制委员会",
        "2021",
        "批复",
    ] {
        let found = s.documents(Some(needle)).unwrap();
        assert!(found.iter().any(|d| d.key == "石编〔2021〕1号"), "{needle}");
    }
    assert!(s.documents(Some("纪要")).unwrap().len() == 1);
    assert!(s.check().unwrap().is_empty(), "{:?}", s.check());

    // Altered or missing content is reported (beside a file).
    if let Some(files) = s.attachments_dir() {
        let sha = &added[0].sha256;
        let path = files.join(&sha[..2]).join(sha);
        let original = std::fs::read(&path).unwrap();
        // A backup carries the content; a restore brings it back.
        let backup = s.backup("测试").unwrap().unwrap();
        std::fs::write(&path, b"changed").unwrap();
        let problems = s.check().unwrap();
        assert!(
            problems.iter().any(|p| p.contains("附件被改动")),
            "{problems:?}"
        );
        std::fs::remove_file(&path).unwrap();
        let problems = s.check().unwrap();
        assert!(
            problems.iter().any(|p| p.contains("附件缺失")),
            "{problems:?}"
        );
        s.restore(&backup).unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), original);
        assert!(s.check().unwrap().is_empty(), "{:?}", s.check());
        // A copy (to a server, or another file) carries the content in the database.
        let to = dir.path("copy.db");
        bianzhi::store::copy::copy_county(
            &s,
            &bianzhi::store::copy::Target::File(to.clone()),
            |_| Ok(()),
            |_, _| {},
        )
        .unwrap();
        let copied = Store::open(&to).unwrap();
        assert_eq!(copied.attachment_content(sha).unwrap(), original);
        assert!(copied.check().unwrap().is_empty(), "{:?}", copied.check());
    }
}
