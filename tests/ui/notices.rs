//! Numbered notices driven through egui_kittest: a 用编 approval's 核准使用编制通知单 issued
//! from the application (its validity date), saved; printed again with the same number.

use crate::common::*;
use bianzhi::domain::application::ApplicationKind;
use egui_kittest::kittest::Queryable;

#[test]
fn an_approvals_notice_is_issued_from_the_application_and_printed_again() {
    let dir = saved_files();
    let mut h = harness(demo_app());
    h.run();
    h.get_by_label("编制事项").click();
    h.run();
    // The demo's approved use of posts, with its plan.
    let plans = workspace(&h).store.hiring_plans(None).unwrap();
    let plan = plans[0].clone();
    let app = workspace(&h)
        .store
        .applications(None)
        .unwrap()
        .into_iter()
        .find(|a| a.id == plan.application)
        .unwrap();
    assert_eq!(app.kind, ApplicationKind::UsePosts);
    h.get_all_by_label_contains(&format!("#{} ", app.id))
        .next()
        .unwrap()
        .click();
    h.run();
    assert!(h.query_by_label("尚未出具核准使用编制通知单").is_some());
    h.get_by_label("核准使用编制通知单…").click();
    h.run();
    type_into(&mut h, "用途", "公开招聘综合管理人员");
    h.get_by_label("确定").click();
    h.run();
    let year = bianzhi::clock::this_year();
    let number = format!("编用〔{year}〕1号");
    let issued = workspace(&h).store.notice(&number).unwrap().unwrap();
    assert!(
        issued
            .content
            .fields
            .contains(&("用途".to_string(), "公开招聘综合管理人员".to_string()))
    );
    let file = dir.join(format!("核准使用编制通知单{number}.xlsx"));
    assert!(file.exists(), "saved where the clerk would have said");
    // Shown on the plan (and in the notice of what was done).
    assert!(
        h.get_all_by_label_contains(&format!("核准使用编制通知单 {number}"))
            .count()
            >= 1
    );
    // Printed again: the same number, no new notice.
    std::fs::remove_file(&file).unwrap();
    h.get_by_label("重新打印通知单…").click();
    h.run();
    h.get_by_label("确定").click();
    h.run();
    assert!(file.exists());
    assert!(
        workspace(&h)
            .store
            .notice(&format!("编用〔{year}〕2号"))
            .unwrap()
            .is_none()
    );
}
