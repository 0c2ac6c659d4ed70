//! 编制事项: the list with state filters, intake, the initial-review checklist with the
//! numbers behind each rule, research, the committee's decision (with a preview of what it
//! records), a request upward and its reply, suggestions, the trail and yearly counts.

use super::actions::{org_combo, parse_count, parse_date, text_row};
use super::{Workspace, org_name};
use crate::clock;
use crate::domain::application::{
    AppState, ApplicationKind, Check, Decision, standard_by_population,
};
use crate::domain::{Org, OrgId, OrgKind, PostType};
use crate::store::applications::{
    Application, ApplicationRequest, ApplicationYear, PostSource, TrailRow, implied_changes,
};
use crate::store::{Result, Store};
use egui::{Color32, RichText};
use std::collections::BTreeMap;
use std::path::PathBuf;

const RED: Color32 = Color32::from_rgb(200, 30, 30);
const GREEN: Color32 = Color32::from_rgb(30, 130, 60);

/// An application with everything its page shows.
pub struct Detail {
    pub app: Application,
    pub checks: Vec<Check>,
    pub trail: Vec<TrailRow>,
    pub suggestions: Vec<(String, String)>,
}

pub struct ApplicationsState {
    pub list: Vec<Application>,
    pub filter: Option<AppState>,
    pub selected: Option<i64>,
    pub detail: Option<Detail>,
    pub years: BTreeMap<i32, ApplicationYear>,
    pub dialog: Option<Dialog>,
}

pub enum Dialog {
    Intake {
        org: Option<OrgId>,
        kind: ApplicationKind,
        post_type: PostType,
        count: String,
        reason: String,
        date: String,
        market: bool,
        files: Vec<PathBuf>,
        error: Option<String>,
    },
    Review {
        accept: bool,
        reason: String,
        override_reason: String,
        date: String,
        error: Option<String>,
    },
    Research {
        notes: String,
        depts: String,
        population: String,
        per_10k: String,
        date: String,
        error: Option<String>,
    },
    Decide {
        meeting_date: String,
        session: String,
        decision: Decision,
        count: String,
        beyond: bool,
        doc_no: String,
        error: Option<String>,
    },
    Reply {
        date: String,
        text: String,
        granted: String,
        error: Option<String>,
    },
    Close {
        doc_no: String,
        date: String,
        error: Option<String>,
    },
    Suggest {
        text: String,
        date: String,
        error: Option<String>,
    },
}

impl ApplicationsState {
    pub fn load(store: &Store) -> Result<ApplicationsState> {
        let mut s = ApplicationsState {
            list: Vec::new(),
            filter: None,
            selected: None,
            detail: None,
            years: BTreeMap::new(),
            dialog: None,
        };
        s.reload(store)?;
        Ok(s)
    }

    pub fn reload(&mut self, store: &Store) -> Result<()> {
        self.list = store.applications(self.filter)?;
        self.years = store.application_years()?;
        self.detail = match self.selected {
            Some(id) => Some(Detail {
                app: store.application(id)?,
                checks: store.review(id)?,
                trail: store.application_trail(id)?,
                suggestions: store.suggestions(id)?,
            }),
            None => None,
        };
        Ok(())
    }
}

/// The panel. Returns messages for the status toasts (text, is error).
pub fn show(ui: &mut egui::Ui, w: &mut Workspace) -> Vec<(String, bool)> {
    let mut messages = Vec::new();
    let mut reload = false;
    let orgs = w.registry.orgs.clone();
    let st = &mut w.applications;
    ui.horizontal(|ui| {
        ui.heading("编制事项");
        ui.weak("坚持从严从紧，下好前置审批棋");
    });
    ui.horizontal(|ui| {
        if ui.button("登记申请…").clicked() {
            st.dialog = Some(Dialog::Intake {
                org: w.registry.selected_org,
                kind: ApplicationKind::IncreasePosts,
                post_type: PostType::Administrative,
                count: "1".into(),
                reason: String::new(),
                date: clock::today().to_string(),
                market: false,
                files: Vec::new(),
                error: None,
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
    let mut open_dialog = None;
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
                        org_name(&orgs, a.org),
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
    egui::CentralPanel::default().show(ui, |ui| {
        let Some(d) = &st.detail else {
            ui.weak("选择左侧的一项查看办理过程。");
            return;
        };
        egui::ScrollArea::vertical().show(ui, |ui| {
            detail(ui, d, &orgs, &mut open_dialog);
        });
    });
    if let Some(id) = select {
        st.selected = Some(id);
        reload = true;
    }
    if open_dialog.is_some() {
        st.dialog = open_dialog;
    }
    if let Some(msg) = show_dialog(ui.ctx(), st, &mut w.store, &orgs) {
        messages.push((msg, false));
        if let Err(e) = w.refresh() {
            messages.push((e, true));
        }
    } else if reload && let Err(e) = st.reload(&w.store) {
        messages.push((e.to_string(), true));
    }
    messages
}

fn detail(ui: &mut egui::Ui, d: &Detail, orgs: &[Org], open: &mut Option<Dialog>) {
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
    ui.add_space(6.0);
    ui.strong("初审检查");
    for c in &d.checks {
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
                        error: None,
                    });
                }
                if ui.button("不予受理…").clicked() {
                    *open = Some(Dialog::Review {
                        accept: false,
                        reason: String::new(),
                        override_reason: String::new(),
                        date: date.clone(),
                        error: None,
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
                    error: None,
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
                error: None,
            });
        }
        if a.state == AppState::RequestedUp && ui.button("登记批复…").clicked() {
            *open = Some(Dialog::Reply {
                date: date.clone(),
                text: String::new(),
                granted: a.approved_count.to_string(),
                error: None,
            });
        }
        if a.state == AppState::Replied && ui.button("办结…").clicked() {
            *open = Some(Dialog::Close {
                doc_no: String::new(),
                date: date.clone(),
                error: None,
            });
        }
        if ui.button("记录建议…").clicked() {
            *open = Some(Dialog::Suggest {
                text: String::new(),
                date,
                error: None,
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

/// The figure a standard gives for the application: the township standard for a township,
/// else posts per 10,000 people when the clerk entered both numbers.
fn standard_figure(
    store: &Store,
    app: &Application,
    population: &str,
    per_10k: &str,
) -> std::result::Result<Option<i64>, String> {
    if let Ok(o) = store.org(app.org)
        && o.kind == OrgKind::Township
        && let Some(class) = o.township_class
    {
        let s = store
            .township_standard(None)
            .map_err(|e| e.to_string())?
            .standard;
        return Ok(Some(match app.post_type {
            Some(PostType::Administrative) | None => s.admin_for(class),
            Some(_) => s.institution_for(class),
        }));
    }
    if population.trim().is_empty() && per_10k.trim().is_empty() {
        return Ok(None);
    }
    let population = parse_count(population, "服务人口")?;
    let ratio = crate::domain::township::AllocationStandard::parse_ratio(per_10k)
        .ok_or_else(|| format!("每万人编制数“{per_10k}”无法识别"))?;
    Ok(Some(standard_by_population(population, ratio)))
}

fn submit(
    d: &mut Dialog,
    st: &ApplicationsState,
    store: &mut Store,
) -> std::result::Result<String, String> {
    let e = |e: crate::store::StoreError| e.to_string();
    let app = st.detail.as_ref().map(|d| d.app.clone());
    let id = app.as_ref().map(|a| a.id);
    let need = || id.ok_or_else(|| "请先选择一项编制事项".to_string());
    match d {
        Dialog::Intake {
            org,
            kind,
            post_type,
            count,
            reason,
            date,
            market,
            files,
            ..
        } => {
            let req = ApplicationRequest {
                org: org.ok_or("请选择申请单位")?,
                kind: *kind,
                post_type: kind.has_posts().then_some(*post_type),
                requested: if kind.has_posts() || *kind == ApplicationKind::MoreLeaders {
                    parse_count(count, "申请数")?
                } else {
                    0
                },
                reason: reason.clone(),
                received_on: parse_date(date)?,
                market_available: *market,
                attachments: String::new(),
            };
            let id = store.write(|tx| tx.receive_application(&req)).map_err(e)?;
            if !files.is_empty() {
                store.attach_files(id, files).map_err(e)?;
            }
            Ok(format!("已登记编制事项 #{id}"))
        }
        Dialog::Review {
            accept,
            reason,
            override_reason,
            date,
            ..
        } => {
            let date = parse_date(date)?;
            let id = need()?;
            let s = store
                .write(|tx| tx.review_application(id, *accept, reason, override_reason, date))
                .map_err(e)?;
            Ok(format!("#{id} {}", s.label()))
        }
        Dialog::Research {
            notes,
            depts,
            population,
            per_10k,
            date,
            ..
        } => {
            let a = app.ok_or("请先选择一项编制事项")?;
            let figure = standard_figure(store, &a, population, per_10k)?;
            let date = parse_date(date)?;
            store
                .write(|tx| tx.record_research(a.id, notes, depts, figure, date))
                .map_err(e)?;
            Ok(format!("#{} 已记录调研论证，提交审议", a.id))
        }
        Dialog::Decide {
            meeting_date,
            session,
            decision,
            count,
            beyond,
            doc_no,
            ..
        } => {
            let id = need()?;
            let date = parse_date(meeting_date)?;
            let n = if *decision == Decision::Refuse {
                0
            } else {
                parse_count(count, "同意数")?
            };
            let s = store
                .write(|tx| {
                    tx.decide_application(
                        id,
                        date,
                        session,
                        *decision,
                        n,
                        *beyond,
                        doc_no,
                        PostSource::Reserve,
                    )
                })
                .map_err(e)?;
            Ok(format!("#{id} {}", s.label()))
        }
        Dialog::Reply {
            date,
            text,
            granted,
            ..
        } => {
            let id = need()?;
            let date = parse_date(date)?;
            let n = parse_count(granted, "批复数")?;
            store
                .write(|tx| tx.record_reply(id, date, text, n))
                .map_err(e)?;
            Ok(format!("#{id} 已登记批复"))
        }
        Dialog::Close { doc_no, date, .. } => {
            let id = need()?;
            let date = parse_date(date)?;
            store
                .write(|tx| tx.close_application(id, doc_no, date, PostSource::Above))
                .map_err(e)?;
            Ok(format!("#{id} 已办结"))
        }
        Dialog::Suggest { text, date, .. } => {
            let id = need()?;
            let date = parse_date(date)?;
            store
                .write(|tx| tx.add_suggestion(id, text, date))
                .map_err(e)?;
            Ok(format!("#{id} 已记录建议"))
        }
    }
}

fn error_slot(d: &mut Dialog) -> &mut Option<String> {
    match d {
        Dialog::Intake { error, .. }
        | Dialog::Review { error, .. }
        | Dialog::Research { error, .. }
        | Dialog::Decide { error, .. }
        | Dialog::Reply { error, .. }
        | Dialog::Close { error, .. }
        | Dialog::Suggest { error, .. } => error,
    }
}

fn show_dialog(
    ctx: &egui::Context,
    st: &mut ApplicationsState,
    store: &mut Store,
    orgs: &[Org],
) -> Option<String> {
    let app = st.detail.as_ref().map(|d| d.app.clone());
    let mut dialog = st.dialog.take()?;
    let title = match &dialog {
        Dialog::Intake { .. } => "登记申请",
        Dialog::Review { accept: true, .. } => "受理",
        Dialog::Review { accept: false, .. } => "不予受理",
        Dialog::Research { .. } => "调研论证",
        Dialog::Decide { .. } => "审议决定",
        Dialog::Reply { .. } => "登记批复",
        Dialog::Close { .. } => "办结",
        Dialog::Suggest { .. } => "记录合理化建议",
    };
    let error = error_slot(&mut dialog).clone();
    let (confirm, close) = super::dialog(ctx, title, "app_dialog", error.as_deref(), |ui| {
        fields(ui, &mut dialog, app.as_ref(), store, orgs);
    });
    let mut done = None;
    if confirm {
        match submit(&mut dialog, st, store) {
            Ok(msg) => done = Some(msg),
            Err(e) => *error_slot(&mut dialog) = Some(e),
        }
    }
    if !close && done.is_none() {
        st.dialog = Some(dialog);
    }
    done
}

fn fields(
    ui: &mut egui::Ui,
    d: &mut Dialog,
    app: Option<&Application>,
    store: &Store,
    orgs: &[Org],
) {
    match d {
        Dialog::Intake {
            org,
            kind,
            post_type,
            count,
            reason,
            date,
            market,
            files,
            ..
        } => {
            org_combo(ui, "申请单位", org, orgs);
            let l = ui.label("事项类别");
            egui::ComboBox::from_id_salt("app_kind")
                .selected_text(kind.label())
                .show_ui(ui, |ui| {
                    for k in ApplicationKind::ALL {
                        ui.selectable_value(kind, k, k.label());
                    }
                })
                .response
                .labelled_by(l.id);
            ui.end_row();
            if kind.has_posts() {
                let l = ui.label("编制类型");
                egui::ComboBox::from_id_salt("app_post_type")
                    .selected_text(post_type.label())
                    .show_ui(ui, |ui| {
                        for t in PostType::ALL {
                            ui.selectable_value(post_type, t, t.label());
                        }
                    })
                    .response
                    .labelled_by(l.id);
                ui.end_row();
            }
            if kind.has_posts() || *kind == ApplicationKind::MoreLeaders {
                text_row(ui, "申请数（名）", count, "");
            }
            text_row(ui, "申请理由", reason, "");
            text_row(ui, "收到日期", date, "YYYY-MM-DD");
            ui.label("政府购买服务");
            ui.checkbox(market, "该公共服务可通过市场购买");
            ui.end_row();
            ui.label("附件");
            ui.horizontal(|ui| {
                if ui.button("添加扫描件…").clicked()
                    && let Some(picked) = rfd::FileDialog::new()
                        .set_title("选择申请文件的扫描件")
                        .pick_files()
                {
                    files.extend(picked);
                }
                ui.label(format!("{} 个文件（保存在数据库旁）", files.len()));
            });
            ui.end_row();
        }
        Dialog::Review {
            accept,
            reason,
            override_reason,
            date,
            ..
        } => {
            if *accept {
                text_row(ui, "受理理由（初审未通过时必填）", override_reason, "");
            } else {
                text_row(ui, "不予受理理由", reason, "");
            }
            text_row(ui, "日期", date, "YYYY-MM-DD");
        }
        Dialog::Research {
            notes,
            depts,
            population,
            per_10k,
            date,
            ..
        } => {
            if let Some(a) = app {
                let figure = standard_figure(store, a, population, per_10k);
                ui.label("按标准测算");
                match figure {
                    Ok(Some(n)) => ui.label(format!("{n} 名")),
                    Ok(None) => ui.weak("（乡镇按乡镇标准；其他单位填写服务人口和每万人编制数）"),
                    Err(e) => ui.colored_label(RED, e),
                };
                ui.end_row();
            }
            text_row(ui, "服务人口", population, "如 86000");
            text_row(ui, "每万人编制数", per_10k, "如 1.5");
            text_row(ui, "调研情况", notes, "");
            text_row(ui, "联合调研部门", depts, "如 县卫生健康局、县财政局");
            text_row(ui, "日期", date, "YYYY-MM-DD");
        }
        Dialog::Decide {
            meeting_date,
            session,
            decision,
            count,
            beyond,
            doc_no,
            ..
        } => {
            text_row(ui, "会议日期", meeting_date, "YYYY-MM-DD");
            text_row(ui, "会议", session, "如 2026年第1次编委会");
            ui.label("决定");
            ui.horizontal(|ui| {
                for dec in Decision::ALL {
                    ui.radio_value(decision, dec, dec.label());
                }
            });
            ui.end_row();
            if *decision == Decision::Partly {
                text_row(ui, "同意数（名）", count, "");
            }
            ui.label("权限");
            ui.checkbox(beyond, "超出县级权限，向上级请示");
            ui.end_row();
            if *decision != Decision::Refuse && !*beyond {
                text_row(ui, "文号", doc_no, "如 石编〔2026〕12号");
                if let Some(a) = app {
                    let n = if *decision == Decision::Partly {
                        count.trim().parse().unwrap_or(0)
                    } else {
                        a.requested
                    };
                    ui.label("将记录");
                    ui.label(implied_changes(a, n, PostSource::Reserve).join("；"));
                    ui.end_row();
                }
            }
        }
        Dialog::Reply {
            date,
            text,
            granted,
            ..
        } => {
            text_row(ui, "批复日期", date, "YYYY-MM-DD");
            text_row(ui, "批复内容", text, "");
            text_row(ui, "批复数（名）", granted, "");
        }
        Dialog::Close { doc_no, date, .. } => {
            if let Some(a) = app {
                ui.label("将记录");
                ui.label(implied_changes(a, a.approved_count, PostSource::Above).join("；"));
                ui.end_row();
            }
            text_row(ui, "文号", doc_no, "如 石编〔2026〕12号");
            text_row(ui, "日期", date, "YYYY-MM-DD");
        }
        Dialog::Suggest { text, date, .. } => {
            text_row(ui, "建议内容", text, "");
            text_row(ui, "日期", date, "YYYY-MM-DD");
        }
    }
}
