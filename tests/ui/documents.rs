//! 文件库 driven through egui_kittest: a document found and described, a folder of scans
//! attached by the 文号 in their names after a review.

use crate::common::*;
use egui_kittest::kittest::Queryable;

#[test]
fn a_document_is_described_and_scans_attached_from_a_folder() {
    let mut h = harness(demo_app());
    h.run();
    h.get_by_label("文件库").click();
    h.run();
    assert!(h.query_by_label_contains("件尚无附件").is_some());
    type_into(&mut h, "查找：", "石编〔2021〕1号");
    h.get_by_label("石编〔2021〕1号").click();
    h.run();
    h.get_by_label("填写文件信息…").click();
    h.run();
    type_into(&mut h, "标题", "关于核定各单位机构编制的批复");
    type_into(&mut h, "日期", "2021-01-05");
    pick(&mut h, "类别", "批复");
    h.get_by_label("确定").click();
    h.run();
    let doc = workspace(&h)
        .store
        .document("石编〔2021〕1号")
        .unwrap()
        .unwrap();
    assert_eq!(doc.title, "关于核定各单位机构编制的批复");
    assert!(!doc.refs.is_empty());
    // In the list and on the document's page.
    assert_eq!(
        h.get_all_by_label("关于核定各单位机构编制的批复").count(),
        2
    );

    // A folder: one scan named by its 文号, one file without.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("石编2021-1.pdf"), b"%PDF scan").unwrap();
    std::fs::write(dir.path().join("说明.txt"), b"notes").unwrap();
    h.get_by_label("按文件名批量添加附件…").click();
    h.run();
    type_into(&mut h, "文件夹", dir.path().to_str().unwrap());
    h.get_by_label("读取").click();
    h.run();
    assert!(h.query_by_label_contains("1 个文件名含文号").is_some());
    assert!(h.query_by_label("文件名中没有文号").is_some());
    h.get_by_label("确认添加").click();
    h.run();
    let doc = workspace(&h)
        .store
        .document("石编〔2021〕1号")
        .unwrap()
        .unwrap();
    assert_eq!(doc.attachments.len(), 1);
    assert_eq!(doc.attachments[0].name, "石编2021-1.pdf");
    assert!(h.query_by_label_contains("石编2021-1.pdf").is_some());
}
