//! 编制事项: the list with state filters, intake, the initial-review checklist with the
//! numbers behind each rule, research, the committee's decision (with a preview of what it
//! records), a request upward and its reply, suggestions, the trail and yearly counts.

mod dialogs;

use crate::clock;
use crate::domain::application::{AppState, ApplicationKind, Check, Decision};
use crate::domain::{Org, PostType};
use crate::store::applications::{Application, ApplicationYear, KeptReview, ReviewStage, TrailRow};
use crate::store::{Kinds, Result, Store};
use crate::ui::panel::{Commands, Cx, Nav, Panel, org_name};
use crate::ui::theme::{ERROR as RED, GOOD as GREEN};
pub use dialogs::{AppForm, Dialog};
use egui::RichText;
use std::collections::BTreeMap;

/// An application with everything its page shows.
pub struct Detail {
    pub app: Application,
    /// The 初审 checklists kept when it was received, reviewed and decided.
    pub kept: Vec<KeptReview>,
    /// Today's checklist: while it awaits 初审, or when the clerk asks for it.
    pub today: Option<Vec<Check>>,
    pub trail: Vec<TrailRow>,
    pub suggestions: Vec<(String, String)>,
    /// The 用编 plans an approval made, each with its 核准使用编制通知单 (if issued).
    pub plans: Vec<(
        crate::store::applications::HiringPlan,
        Option<crate::store::notices::IssuedNotice>,
    )>,
}

pub struct ApplicationsState {
    pub list: Vec<Application>,
    pub filter: Option<AppState>,
    pub selected: Option<i64>,
    pub detail: Option<Detail>,
    pub years: BTreeMap<i32, ApplicationYear>,
    /// Today's 初审 figures beside the kept ones (asked for).
    pub show_today: bool,
}

impl ApplicationsState {
    pub fn load(store: &Store) -> Result<ApplicationsState> {
        let mut s = ApplicationsState {
            list: Vec::new(),
            filter: None,
            selected: None,
            detail: None,
            years: BTreeMap::new(),
            show_today: false,
        };
        s.reload(store)?;
        Ok(s)
    }

    pub fn reload(&mut self, store: &Store) -> Result<()> {
        self.list = store.applications(self.filter)?;
        self.years = store.application_years()?;
        self.detail = match self.selected {
            Some(id) => Some({
                let app = store.application(id)?;
                let today = (app.state == AppState::Received || self.show_today)
                    .then(|| store.review(id))
                    .transpose()?;
                Detail {
                    app,
                    kept: store.kept_reviews(id)?,
                    today,
                    trail: store.application_trail(id)?,
                    suggestions: store.suggestions(id)?,
                    plans: store
                        .hiring_plans(None)?
                        .into_iter()
                        .filter(|h| h.application == id)
                        .map(|h| {
                            let n = store
                                .notices_for(&format!("hiring_plans:{}", h.id))?
                                .into_iter()
                                .find(|n| n.voided.is_none());
                            Ok((h, n))
                        })
                        .collect::<Result<_>>()?,
                }
            }),
            None => None,
        };
        Ok(())
    }
}

impl Panel for ApplicationsState {
    fn nav(&self) -> Nav {
        Nav::Applications
    }

    /// The review's figures read the registry; a rectification comes from an evaluation.
    fn reads(&self) -> Kinds {
        Kinds::UNITS | Kinds::PEOPLE | Kinds::LEDGER | Kinds::APPLICATIONS | Kinds::EVALUATIONS
    }

    fn reload(&mut self, store: &Store) -> Result<()> {
        ApplicationsState::reload(self, store)
    }

    fn show(&mut self, ui: &mut egui::Ui, cx: &Cx, out: &mut Commands) {
        show(self, ui, cx, out);
    }

    fn select(&mut self, store: &Store, id: i64) -> Result<()> {
        self.selected = Some(id);
        self.reload(store)
    }
}

fn show(st: &mut ApplicationsState, ui: &mut egui::Ui, cx: &Cx, out: &mut Commands) {
    let mut reload = false;
    let orgs = cx.orgs;
    let mut open_dialog = None;
    ui.horizontal_wrapped(|ui| {
        ui.heading("编制事项");
        ui.weak("坚持从严从紧，下好前置审批棋");
    });
    ui.horizontal_wrapped(|ui| {
        if ui.button("登记申请…").clicked() {
            open_dialog = Some(Dialog::Intake {
                org: cx.selected_org,
                kind: ApplicationKind::IncreasePosts,
                post_type: PostType::Administrative,
                count: "1".into(),
                reason: String::new(),
                date: clock::today().to_string(),
                market: false,
                files: Vec::new(),
            });
        }
        ui.separator();
        let l = ui.label("状态");
        let text = st.filter.map_or("全部", AppState::label);
        egui::ComboBox::from_id_salt("app_filter")
            .selected_text(text)
            .show_ui(ui, |ui| {
                if ui.selectable_label(st.filter.is_none(), "全部").clicked() {
                    st.filter = None;
                    reload = true;
                }
                for s in AppState::ALL {
                    if ui
                        .selectable_label(st.filter == Some(s), s.label())
                        .clicked()
                    {
                        st.filter = Some(s);
                        reload = true;
                    }
                }
            })
            .response
            .labelled_by(l.id);
        ui.separator();
        let counts: Vec<String> = st
            .years
            .iter()
            .rev()
            .take(3)
            .map(|(y, c)| {
                format!(
                    "{y} 年：收到 {}，受理 {}，建议 {}",
                    c.received, c.accepted, c.suggestions
                )
            })
            .collect();
        ui.label(counts.join("；"));
    });
    ui.separator();
    let mut select = None;
    egui::Panel::left("app_list")
        .resizable(true)
        .default_size(360.0)
        .show(ui, |ui| {
            egui::ScrollArea::vertical().show(ui, |ui| {
                if st.list.is_empty() {
                    ui.weak("没有编制事项。");
                }
                for a in &st.list {
                    let text = format!(
                        "#{} {} {} {}",
                        a.id,
                        org_name(orgs, a.org),
                        a.kind.label(),
                        a.state.label()
                    );
                    if ui
                        .selectable_label(st.selected == Some(a.id), text)
                        .clicked()
                    {
                        select = Some(a.id);
                    }
                }
            });
        });
    let mut toggle_today = None;
    let mut plan_notice = None;
    egui::CentralPanel::default().show(ui, |ui| {
        let Some(d) = &st.detail else {
            ui.weak("选择左侧的一项查看办理过程。");
            return;
        };
        egui::ScrollArea::both().show(ui, |ui| {
            detail(
                ui,
                d,
                orgs,
                &mut open_dialog,
                st.show_today,
                &mut toggle_today,
                (cx.can_write, &mut plan_notice),
            );
        });
    });
    if let Some(show) = toggle_today {
        st.show_today = show;
        reload = true;
    }
    if let Some(id) = select {
        st.selected = Some(id);
        reload = true;
    }
    if let Some(d) = open_dialog {
        out.open(AppForm::new(d, st.detail.as_ref().map(|d| d.app.clone())));
    }
    if let Some(plan) = plan_notice {
        out.open(dialogs::ApprovalNoticeForm::new(plan));
    }
    if reload && let Err(e) = st.reload(cx.store) {
        out.error(e);
    }
}

/// The 用编 plans of an approval: what is left, and the 核准使用编制通知单 to issue or print.
fn plans(ui: &mut egui::Ui, d: &Detail, can_write: bool, chosen: &mut Option<i64>) {
    if d.plans.is_empty() {
        return;
    }
    ui.add_space(6.0);
    ui.strong("用编计划");
    for (h, notice) in &d.plans {
        ui.horizontal_wrapped(|ui| {
            ui.label(format!(
                "{} {} 名（已用 {}，{}）",
                h.post_type.label(),
                h.count,
                h.used,
                h.doc_no
            ));
            match notice {
                Some(n) => {
                    let valid = n
                        .content
                        .fields
                        .iter()
                        .find(|(k, _)| k == "有效期至")
                        .map(|(_, v)| format!("，有效期至 {v}"))
                        .unwrap_or_default();
                    ui.label(format!("核准使用编制通知单 {}{valid}", n.number));
                }
                None => {
                    ui.weak("尚未出具核准使用编制通知单");
                }
            }
            let label = if notice.is_some() {
                "重新打印通知单…"
            } else {
                "核准使用编制通知单…"
            };
            if can_write && ui.button(label).clicked() {
                *chosen = Some(h.id);
            }
        });
    }
}

fn detail(
    ui: &mut egui::Ui,
    d: &Detail,
    orgs: &[Org],
    open: &mut Option<Dialog>,
    show_today: bool,
    toggle_today: &mut Option<bool>,
    (can_write, plan_notice): (bool, &mut Option<i64>),
) {
    let a = &d.app;
    ui.heading(format!(
        "#{} {}：{}",
        a.id,
        org_name(orgs, a.org),
        a.kind.label()
    ));
    egui::Grid::new("app_facts").num_columns(2).show(ui, |ui| {
        let mut row = |k: &str, v: String| {
            ui.strong(k);
            ui.label(v);
            ui.end_row();
        };
        row("状态", a.state.label().to_string());
        if let Some(t) = a.post_type {
            row("申请", format!("{} {} 名", t.label(), a.requested));
        }
        row("理由", a.reason.clone());
        row("收到日期", a.received_on.clone());
        row(
            "政府购买服务",
            if a.market_available {
                "可通过市场购买".into()
            } else {
                "不宜通过市场购买".into()
            },
        );
        if !a.attachments.is_empty() {
            row("附件", a.attachments.replace('\n', "；"));
        }
        if !a.review_reason.is_empty() {
            row("不予受理理由", a.review_reason.clone());
        }
        if !a.override_reason.is_empty() {
            row("受理理由（初审未通过）", a.override_reason.clone());
        }
        if !a.research_notes.is_empty() || a.standard_figure.is_some() {
            row(
                "调研论证",
                format!(
                    "{}{}{}",
                    a.research_notes,
                    if a.research_depts.is_empty() {
                        String::new()
                    } else {
                        format!("（{}）", a.research_depts)
                    },
                    a.standard_figure
                        .map_or(String::new(), |n| format!("；按标准测算 {n} 名"))
                ),
            );
        }
        if let Some(dec) = &a.decision {
            row(
                "审议",
                format!(
                    "{} {}：{} {} 名",
                    a.meeting_date.clone().unwrap_or_default(),
                    a.meeting_session,
                    dec.label(),
                    a.approved_count
                ),
            );
        }
        if let Some(r) = &a.requested_up_on {
            row("请示", format!("{r} 向上级请示"));
        }
        if let Some(r) = &a.reply_on {
            row("批复", format!("{r}：{}", a.reply_text));
        }
        if !a.doc_no.is_empty() {
            row("文号", a.doc_no.clone());
        }
    });
    plans(ui, d, can_write, plan_notice);
    ui.add_space(6.0);
    ui.strong("初审检查");
    let checklist = |ui: &mut egui::Ui, checks: &[Check]| {
        for c in checks {
            let (mark, color) = if c.passed {
                ("√ 通过", GREEN)
            } else {
                ("× 不予受理", RED)
            };
            ui.horizontal(|ui| {
                ui.label(RichText::new(mark).color(color));
                ui.label(&c.detail);
            });
        }
    };
    if a.state == AppState::Received {
        // Awaiting 初审: the checklist as it stands today is what the clerk decides on.
        ui.weak("按今天的名册和台账计算：");
        if let Some(today) = &d.today {
            checklist(ui, today);
        }
    } else {
        // Decided: the checklists as they stood, never today's unless asked for.
        if d.kept.is_empty() {
            ui.weak("无留存的初审记录（早于留存功能登记的事项）");
        }
        for k in d.kept.iter().filter(|k| k.stage != ReviewStage::Received) {
            ui.weak(format!("{}（{}）留存：", k.stage.label(), k.date));
            checklist(ui, &k.checks);
        }
        let mut show = show_today;
        if ui.checkbox(&mut show, "对照今天的数据").changed() {
            *toggle_today = Some(show);
        }
        if let Some(today) = &d.today {
            ui.weak(format!("今天（{}）的数据：", clock::today()));
            checklist(ui, today);
        }
    }
    ui.add_space(6.0);
    ui.horizontal_wrapped(|ui| {
        let date = clock::today().to_string();
        match a.state {
            AppState::Received => {
                if ui.button("受理…").clicked() {
                    *open = Some(Dialog::Review {
                        accept: true,
                        reason: String::new(),
                        override_reason: String::new(),
                        date: date.clone(),
                    });
                }
                if ui.button("不予受理…").clicked() {
                    *open = Some(Dialog::Review {
                        accept: false,
                        reason: String::new(),
                        override_reason: String::new(),
                        date: date.clone(),
                    });
                }
            }
            AppState::Accepted | AppState::Researching if ui.button("调研论证…").clicked() => {
                *open = Some(Dialog::Research {
                    notes: String::new(),
                    depts: String::new(),
                    population: String::new(),
                    per_10k: String::new(),
                    date: date.clone(),
                });
            }
            _ => {}
        }
        if matches!(a.state, AppState::Accepted | AppState::AwaitingDecision)
            && ui.button("审议决定…").clicked()
        {
            *open = Some(Dialog::Decide {
                meeting_date: date.clone(),
                session: String::new(),
                decision: Decision::Approve,
                count: a.requested.to_string(),
                beyond: false,
                doc_no: String::new(),
            });
        }
        if a.state == AppState::RequestedUp && ui.button("登记批复…").clicked() {
            *open = Some(Dialog::Reply {
                date: date.clone(),
                text: String::new(),
                granted: a.approved_count.to_string(),
            });
        }
        if a.state == AppState::Replied && ui.button("办结…").clicked() {
            *open = Some(Dialog::Close {
                doc_no: String::new(),
                date: date.clone(),
            });
        }
        if ui.button("记录建议…").clicked() {
            *open = Some(Dialog::Suggest {
                text: String::new(),
                date,
            });
        }
    });
    if !d.suggestions.is_empty() {
        ui.add_space(6.0);
        ui.strong("合理化建议");
        for (text, date) in &d.suggestions {
            ui.label(format!("{date}  {text}"));
        }
    }
    ui.add_space(6.0);
    ui.strong("办理过程");
    egui::Grid::new("trail").striped(true).show(ui, |ui| {
        for t in &d.trail {
            ui.label(&t.date);
            ui.label(t.state.label());
            ui.label(&t.note);
            ui.label(&t.operator);
            ui.end_row();
        }
    });
}
