//! The 周转编制 panel driven through egui_kittest: create and fund a pool, apply, approve,
//! issue, hire onto a turnover post, and the 空编置换 prompt.

use crate::common::*;
use bianzhi::domain::{Account, EntryKind, Funding, Movement, PostType};
use bianzhi::store::EntryRequest;
use bianzhi::ui::App;
use chrono::NaiveDate;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

const FULL: PostType = PostType::Institution(Funding::Full);

fn click(h: &mut Harness<'_, App>, label: &str) {
    h.get_by_label(label).click();
    h.run();
}

#[test]
fn apply_approve_issue_hire_and_swap() {
    let mut h = harness(demo_app());
    h.run();
    click(&mut h, "周转编制");
    let pools_before = workspace(&h).panels.turnover.pools.len();

    // A new pool, funded with 5 posts from above.
    click(&mut h, "新建周转池…");
    type_into(&mut h, "名称", "测试人才编制池");
    click(&mut h, "确定");
    assert_eq!(workspace(&h).panels.turnover.pools.len(), pools_before + 1);
    let new_pool = workspace(&h)
        .panels
        .turnover
        .pools
        .iter()
        .find(|(_, n, _)| n == "测试人才编制池")
        .unwrap()
        .0;
    click(&mut h, "核定池规模…");
    pick(&mut h, "周转池", "测试人才编制池");
    h.get_by_label("上级核定").click();
    h.run();
    replace_text(&mut h, "数量（名）", "5");
    type_into(&mut h, "文号", "石编〔2026〕50号");
    click(&mut h, "确定");
    let balance = |h: &Harness<'_, App>| {
        let (_, _, b) = workspace(h)
            .panels
            .turnover
            .pools
            .iter()
            .find(|(p, _, _)| *p == new_pool)
            .unwrap()
            .clone();
        (b.total, b.issued, b.available())
    };
    assert_eq!(balance(&h), (5, 0, 5));

    // 县公安局 has no 全额 posts of its own, so nothing speaks against the plan.
    let unit = "县公安局";
    let org = org_id(&h, unit);
    click(&mut h, "计划申请…");
    pick(&mut h, "周转池", "测试人才编制池");
    pick(&mut h, "申请单位", unit);
    pick(&mut h, "编制类型", FULL.label());
    replace_text(&mut h, "申请数（名）", "2");
    type_into(&mut h, "用途", "引进急需紧缺人才");
    click(&mut h, "确定");
    let plan = workspace(&h).panels.turnover.plans[0].clone();
    assert_eq!((plan.org, plan.requested), (org, 2));

    click(&mut h, "审批…");
    click(&mut h, "确定");
    assert_eq!(
        workspace(&h).panels.turnover.plans[0].state,
        bianzhi::domain::turnover::PlanState::Approved
    );
    click(&mut h, "下达…");
    type_into(&mut h, "文号", "石编〔2026〕51号");
    click(&mut h, "确定");
    assert_eq!(balance(&h), (5, 2, 3));
    let issue = workspace(&h).panels.turnover.issues[0].id;

    // Hire onto the turnover post: the unit's own numbers do not change.
    let before = counts(&h, unit, FULL);
    let holders = workspace(&h).panels.turnover.holders.len();
    click(&mut h, &format!("入编 #{issue}…"));
    type_into(&mut h, "姓名", "周转甲");
    type_into(&mut h, "身份证号", "430726199001011231");
    type_into(&mut h, "文号", "石人社〔2026〕52号");
    click(&mut h, "确定");
    assert!(workspace(&h).dialog.is_none());
    assert_eq!(counts(&h, unit, FULL), before);
    assert_eq!(workspace(&h).panels.turnover.holders.len(), holders + 1);
    assert!(h.query_by_label_contains("置换 周转甲").is_none());

    // The unit gets an ordinary vacancy: the swap is offered, and done.
    let bianzhi::ui::Screen::Open(w) = &mut h.state_mut().screen else {
        unreachable!()
    };
    w.store
        .record(&EntryRequest {
            date: NaiveDate::from_ymd_opt(2026, 11, 1).unwrap(),
            doc_no: "石编〔2026〕53号".into(),
            kind: EntryKind::Approve,
            reason: String::new(),
            movement: Movement {
                post_type: FULL,
                count: 1,
                from: Account::Above,
                to: Account::Org(org),
            },
        })
        .unwrap();
    w.refresh().unwrap();
    h.run();
    // The registry prompts on the unit's page too.
    click(&mut h, "机构与人员");
    select_unit(&mut h, unit);
    assert!(h.query_by_label_contains("空编置换）：周转甲").is_some());
    click(&mut h, "周转编制");
    click(&mut h, "置换 周转甲…");
    type_into(&mut h, "文号", "石编〔2026〕54号");
    click(&mut h, "确定");
    assert_eq!(workspace(&h).panels.turnover.holders.len(), holders);
    assert_eq!(balance(&h), (5, 1, 4));
    let (approved, occupied) = counts(&h, unit, FULL);
    assert_eq!((approved, occupied), (before.0 + 1, before.1 + 1));
    assert_eq!(workspace(&h).store.check().unwrap(), Vec::<String>::new());
}
