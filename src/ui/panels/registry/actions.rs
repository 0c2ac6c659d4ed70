//! Registry actions through dialogs: each is one ledger transaction with a 文号. A refused
//! action shows its reason (the domain's Chinese message) in the dialog; nothing is written.

use crate::domain::{
    EntryId, ExitReason, OrgDraft, OrgId, OrgKind, PersonDetails, PersonId, PostType, TownshipClass,
};
use crate::store::{HireRequest, Posts, Store};
use crate::ui::dialog::{Closer, Done, Form};
use crate::ui::panel::{Commands, Cx};
use crate::ui::widgets::{choice_row, doc_no_row, org_combo, parse_count, parse_date, text_row};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ActionKind {
    NewOrg,
    Approve,
    Hire,
    Exit,
    Transfer,
    TransferWithPost,
    Recover,
    Reduce,
    WriteOff,
    Reverse,
}

impl ActionKind {
    /// The actions offered in the 编辑 menu.
    pub const MENU: [ActionKind; 6] = [
        ActionKind::NewOrg,
        ActionKind::Approve,
        ActionKind::Hire,
        ActionKind::Recover,
        ActionKind::Reduce,
        ActionKind::WriteOff,
    ];

    pub fn title(self) -> &'static str {
        match self {
            ActionKind::NewOrg => "新增单位",
            ActionKind::Approve => "核定编制",
            ActionKind::Hire => "入编",
            ActionKind::Exit => "出编",
            ActionKind::Transfer => "调动",
            ActionKind::TransferWithPost => "划转(连人带编)",
            ActionKind::Recover => "收回空编",
            ActionKind::Reduce => "核减",
            ActionKind::WriteOff => "核销",
            ActionKind::Reverse => "撤销",
        }
    }

    fn needs_org(self) -> bool {
        matches!(
            self,
            ActionKind::Approve
                | ActionKind::Hire
                | ActionKind::Recover
                | ActionKind::Reduce
                | ActionKind::WriteOff
        )
    }

    fn needs_count(self) -> bool {
        matches!(
            self,
            ActionKind::Approve | ActionKind::Recover | ActionKind::Reduce | ActionKind::WriteOff
        )
    }
}

/// The fields of an action dialog (only those its kind needs are shown).
#[derive(Debug, Clone)]
pub struct ActionForm {
    pub kind: ActionKind,
    pub org: Option<OrgId>,
    pub to_org: Option<OrgId>,
    pub person: Option<PersonId>,
    pub entry: Option<EntryId>,
    pub post_type: PostType,
    pub count: String,
    pub doc_no: String,
    pub date: String,
    pub reason: String,
    pub name: String,
    pub id_number: String,
    pub org_kind: OrgKind,
    pub parent: Option<OrgId>,
    pub township_class: Option<TownshipClass>,
    pub chief: String,
    pub deputy: String,
    pub exit_reason: ExitReason,
    /// 入编 or 出编: issue its notice (for 组织, 人社, 财政) once written.
    pub issue_notice: bool,
    /// What the dialog is about, read when it opens ([`facts`]).
    facts: Option<Vec<(String, String)>>,
    /// The chosen unit's open 用编 plans, read when the unit is chosen.
    plans: Option<(OrgId, String)>,
}

impl ActionForm {
    pub fn new(kind: ActionKind, org: Option<OrgId>, person: Option<PersonId>) -> ActionForm {
        ActionForm {
            kind,
            org,
            to_org: None,
            person,
            entry: None,
            post_type: PostType::Administrative,
            count: "1".to_string(),
            doc_no: String::new(),
            date: crate::clock::today().to_string(),
            reason: String::new(),
            name: String::new(),
            id_number: String::new(),
            org_kind: OrgKind::GovDept,
            parent: None,
            township_class: None,
            chief: "1".to_string(),
            deputy: "2".to_string(),
            exit_reason: ExitReason::Retirement,
            issue_notice: false,
            facts: None,
            plans: None,
        }
    }
}

impl Form for ActionForm {
    fn title(&self) -> String {
        self.kind.title().to_string()
    }

    fn load(&mut self, store: &Store) {
        if self.kind != ActionKind::NewOrg {
            self.facts = Some(facts(self.kind, self.entry, self.person, store));
        }
        if self.kind == ActionKind::Hire
            && let Some(org) = self.org
        {
            self.plans = Some((org, open_plans(store, org)));
        }
    }

    fn fields(&mut self, ui: &mut egui::Ui, cx: &Cx, _out: &mut Commands, _close: &mut Closer) {
        fields(ui, self, cx);
    }

    fn submit(&mut self, store: &mut Store) -> Result<Done, String> {
        let message = submit(self, store)?;
        let mut then = Commands::default();
        let notice = match self.kind {
            ActionKind::Hire => Some(crate::domain::notice::NoticeKind::Entry),
            ActionKind::Exit => Some(crate::domain::notice::NoticeKind::Exit),
            _ => None,
        };
        if let (true, Some(kind)) = (self.issue_notice, notice) {
            let person = match self.kind {
                ActionKind::Hire => crate::domain::IdNumber::parse(&self.id_number)
                    .ok()
                    .and_then(|id| store.person_by_id_number(&id).ok().flatten())
                    .map(|p| p.id),
                _ => self.person,
            };
            if let Some(p) = person {
                then.push(crate::ui::panel::Command::Notice(Box::new(move |s| {
                    s.person_notice(p, kind).map_err(|e| e.to_string())
                })));
            }
        }
        Ok(Done { message, then })
    }

    /// The unit's posts of the chosen type, the entry to reverse, the person acted on.
    fn watched(&self, cx: &Cx) -> Option<String> {
        let posts = self
            .org
            .and_then(|org| cx.stats.orgs.iter().find(|o| o.id == org.0))
            .map(|o| o.posts.get(self.post_type));
        let person = self.person.and_then(|p| cx.store.person(p).ok());
        let entry = self.entry.and_then(|e| cx.store.entry(e).ok());
        Some(format!("{posts:?} {person:?} {entry:?}"))
    }

    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

/// The lines that say what an action is about, read from the store.
fn facts(
    kind: ActionKind,
    entry: Option<EntryId>,
    person: Option<PersonId>,
    store: &Store,
) -> Vec<(String, String)> {
    let mut out = Vec::new();
    match kind {
        ActionKind::Reverse => {
            if let Some(e) = entry.and_then(|id| store.entry(id).ok()) {
                out.push((
                    "撤销记录".to_string(),
                    format!(
                        "第 {} 号：{} {} {} {} 名（{}）",
                        e.id.0,
                        e.date,
                        e.kind.label(),
                        e.movement.post_type.label(),
                        e.movement.count,
                        e.doc_no
                    ),
                ));
            }
        }
        ActionKind::Exit | ActionKind::Transfer | ActionKind::TransferWithPost => {
            if let Some(p) = person.and_then(|id| store.person(id).ok()) {
                out.push((
                    "人员".to_string(),
                    format!("{}（{}）", p.details.name, p.id_number.masked()),
                ));
            }
        }
        _ => {}
    }
    out
}

fn fields(ui: &mut egui::Ui, f: &mut ActionForm, cx: &Cx) {
    let (store, orgs) = (cx.store, cx.orgs);
    match f.kind {
        ActionKind::NewOrg => {
            text_row(ui, "单位名称", &mut f.name, "全称，如 县数据资源局");
            choice_row(
                ui,
                "机构类别",
                &mut f.org_kind,
                OrgKind::ALL,
                OrgKind::label,
            );
            org_combo(ui, "主管部门", &mut f.parent, orgs);
            if f.org_kind == OrgKind::Township {
                ui.label("乡镇类别");
                ui.horizontal(|ui| {
                    ui.selectable_value(&mut f.township_class, Some(TownshipClass::One), "一类");
                    ui.selectable_value(&mut f.township_class, Some(TownshipClass::Two), "二类");
                });
                ui.end_row();
            }
            text_row(ui, "正职职数", &mut f.chief, "");
            text_row(ui, "副职职数", &mut f.deputy, "");
            return;
        }
        _ => {
            // What the dialog is about (the entry, the person, the unit's 退二补一 figures):
            // read once when it opens, not every frame.
            let facts = f
                .facts
                .get_or_insert_with(|| facts(f.kind, f.entry, f.person, store));
            for (k, v) in facts.iter() {
                ui.label(k.as_str());
                ui.label(v.as_str());
                ui.end_row();
            }
        }
    }
    if f.kind.needs_org() {
        org_combo(ui, "单位", &mut f.org, orgs);
    }
    if matches!(f.kind, ActionKind::Transfer | ActionKind::TransferWithPost) {
        org_combo(ui, "调入单位", &mut f.to_org, orgs);
    }
    if f.kind.needs_org() || f.kind == ActionKind::Transfer {
        choice_row(
            ui,
            "编制类型",
            &mut f.post_type,
            PostType::ALL,
            PostType::label,
        );
    }
    // The unit's posts of the type as they stand (followed when another clerk changes them).
    if f.kind.needs_org()
        && let Some(org) = f.org
        && let Some(o) = cx.stats.orgs.iter().find(|o| o.id == org.0)
    {
        let c = o.posts.get(f.post_type);
        ui.label("现有编制");
        ui.label(format!(
            "核定 {} 名，实有 {} 名，空编 {} 名",
            c.approved, c.occupied, c.vacancy
        ));
        ui.end_row();
    }
    if f.kind.needs_count() {
        text_row(ui, "数量（名）", &mut f.count, "");
    }
    if f.kind == ActionKind::Hire {
        text_row(ui, "姓名", &mut f.name, "");
        text_row(ui, "身份证号", &mut f.id_number, "18 位");
        // Approved 用编 plans of the unit: a hire uses one up. Read when the unit is chosen.
        if let Some(org) = f.org {
            if f.plans.as_ref().is_none_or(|(o, _)| *o != org) {
                f.plans = Some((org, open_plans(store, org)));
            }
            ui.label("用编计划");
            match f.plans.as_ref().map(|(_, p)| p.as_str()) {
                Some("") | None => {
                    ui.weak("本单位没有未用完的用编计划");
                }
                Some(text) => {
                    ui.label(text);
                }
            }
            ui.end_row();
        }
    }
    if f.kind == ActionKind::Exit {
        choice_row(
            ui,
            "出编原因",
            &mut f.exit_reason,
            ExitReason::ALL,
            ExitReason::label,
        );
    }
    if matches!(f.kind, ActionKind::Hire | ActionKind::Exit) {
        ui.label("");
        let label = if f.kind == ActionKind::Hire {
            "同时出具人员入编通知单"
        } else {
            "同时出具人员出编通知单"
        };
        ui.checkbox(&mut f.issue_notice, label)
            .on_hover_text("给组织、人社、财政的通知单，按年度顺编，可随时重新打印");
        ui.end_row();
    }
    doc_no_row(ui, &mut f.doc_no, &f.date, "如 石编〔2026〕12号");
    text_row(ui, "日期", &mut f.date, "YYYY-MM-DD");
    if !matches!(
        f.kind,
        ActionKind::Hire | ActionKind::Exit | ActionKind::Transfer
    ) {
        text_row(ui, "事由", &mut f.reason, "");
    }
}

/// A unit's 用编 plans with posts left, as one line.
fn open_plans(store: &Store, org: OrgId) -> String {
    let plans = store.hiring_plans(Some(org)).unwrap_or_default();
    plans
        .iter()
        .filter(|p| p.remaining() > 0)
        .map(|p| {
            let valid = p
                .valid_until
                .map(|v| format!("，有效期至 {v}"))
                .unwrap_or_default();
            format!(
                "{}剩余 {} 名（{}{valid}）",
                p.post_type.label(),
                p.remaining(),
                p.doc_no
            )
        })
        .collect::<Vec<_>>()
        .join("；")
}

fn pick<T>(v: Option<T>, what: &str) -> Result<T, String> {
    v.ok_or_else(|| format!("请选择{what}"))
}

/// Runs the action. Returns the success message, or the refusal (nothing written).
pub fn submit(f: &ActionForm, store: &mut Store) -> Result<String, String> {
    let e = |e: crate::store::StoreError| e.to_string();
    let title = f.kind.title();
    if f.kind == ActionKind::NewOrg {
        let draft = OrgDraft {
            name: f.name.clone(),
            kind: Some(f.org_kind),
            parent: f.parent,
            township_class: f.township_class.filter(|_| f.org_kind == OrgKind::Township),
            leaders_chief: parse_count(&f.chief, "正职职数")?,
            leaders_deputy: parse_count(&f.deputy, "副职职数")?,
            ..Default::default()
        };
        store.create_org(&draft).map_err(e)?;
        return Ok(format!("已新增单位：{}", f.name.trim()));
    }
    let date = parse_date(&f.date)?;
    let counted = || -> Result<Posts<'_>, String> {
        Ok(Posts {
            post_type: f.post_type,
            count: parse_count(&f.count, "数量")?,
            date,
            doc_no: &f.doc_no,
            reason: &f.reason,
        })
    };
    match f.kind {
        ActionKind::Approve => {
            store
                .approve_posts(pick(f.org, "单位")?, &counted()?)
                .map_err(e)?;
        }
        ActionKind::Recover => {
            store
                .recover_posts(pick(f.org, "单位")?, &counted()?)
                .map_err(e)?;
        }
        ActionKind::Reduce => {
            store
                .reduce_posts(pick(f.org, "单位")?, &counted()?)
                .map_err(e)?;
        }
        ActionKind::WriteOff => {
            store
                .write_off_posts(pick(f.org, "单位")?, &counted()?)
                .map_err(e)?;
        }
        ActionKind::Hire => {
            store
                .hire(&HireRequest {
                    id_number: f.id_number.clone(),
                    details: PersonDetails {
                        name: f.name.trim().to_string(),
                        ..Default::default()
                    },
                    org: pick(f.org, "单位")?,
                    post_type: f.post_type,
                    date,
                    doc_no: f.doc_no.clone(),
                })
                .map_err(e)?;
        }
        ActionKind::Exit => {
            store
                .exit(pick(f.person, "人员")?, f.exit_reason, date, &f.doc_no)
                .map_err(e)?;
        }
        ActionKind::Transfer => {
            store
                .transfer(
                    pick(f.person, "人员")?,
                    pick(f.to_org, "调入单位")?,
                    f.post_type,
                    date,
                    &f.doc_no,
                )
                .map_err(e)?;
        }
        ActionKind::TransferWithPost => {
            store
                .transfer_with_post(
                    pick(f.person, "人员")?,
                    pick(f.to_org, "调入单位")?,
                    date,
                    &f.doc_no,
                    &f.reason,
                )
                .map_err(e)?;
        }
        ActionKind::Reverse => {
            store
                .reverse(pick(f.entry, "要撤销的记录")?, date, &f.doc_no, &f.reason)
                .map_err(e)?;
        }
        ActionKind::NewOrg => {}
    }
    Ok(format!("{title}已记入台账"))
}
