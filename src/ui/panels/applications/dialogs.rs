//! The dialogs of 编制事项: intake, review, research, decision, reply, closing, suggestion.
//! Each writes one store operation on 确定.

use crate::domain::application::{ApplicationKind, Decision, standard_by_population};
use crate::domain::{Org, OrgId, OrgKind, PostType};
use crate::store::Store;
use crate::store::applications::{Application, ApplicationRequest, PostSource, implied_changes};
use crate::ui::dialog::{Closer, Done, Form};
use crate::ui::panel::{Command, Commands, Cx, Nav};
use crate::ui::theme::ERROR as RED;
use crate::ui::widgets::{choice_row, doc_no_row, org_combo, parse_count, parse_date, text_row};
use std::path::PathBuf;

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
    },
    Review {
        accept: bool,
        reason: String,
        override_reason: String,
        date: String,
    },
    Research {
        notes: String,
        depts: String,
        population: String,
        per_10k: String,
        date: String,
    },
    Decide {
        meeting_date: String,
        session: String,
        decision: Decision,
        count: String,
        beyond: bool,
        doc_no: String,
    },
    Reply {
        date: String,
        text: String,
        granted: String,
    },
    Close {
        doc_no: String,
        date: String,
    },
    Suggest {
        text: String,
        date: String,
    },
}

/// The figure a standard gives, for the numbers typed: ((服务人口, 每万人编制数), figure).
type Figure = ((String, String), Result<Option<i64>, String>);

/// A dialog of the panel, with the application it acts on (as read when it opened).
pub struct AppForm {
    pub dialog: Dialog,
    app: Option<Application>,
    figure: Option<Figure>,
}

impl AppForm {
    pub fn new(dialog: Dialog, app: Option<Application>) -> AppForm {
        AppForm {
            dialog,
            app,
            figure: None,
        }
    }
}

impl Form for AppForm {
    fn title(&self) -> String {
        match &self.dialog {
            Dialog::Intake { .. } => "登记申请",
            Dialog::Review { accept: true, .. } => "受理",
            Dialog::Review { accept: false, .. } => "不予受理",
            Dialog::Research { .. } => "调研论证",
            Dialog::Decide { .. } => "审议决定",
            Dialog::Reply { .. } => "登记批复",
            Dialog::Close { .. } => "办结",
            Dialog::Suggest { .. } => "记录合理化建议",
        }
        .to_string()
    }

    fn fields(&mut self, ui: &mut egui::Ui, cx: &Cx, _out: &mut Commands, _close: &mut Closer) {
        fields(
            ui,
            &mut self.dialog,
            self.app.as_ref(),
            &mut self.figure,
            cx.store,
            cx.orgs,
        );
    }

    /// A newly registered application is selected, for the clerk to go on with it.
    fn submit(&mut self, store: &mut Store) -> Result<Done, String> {
        let mut registered = None;
        let message = submit(&mut self.dialog, self.app.clone(), store, &mut registered)?;
        let mut then = Commands::default();
        if let Some(id) = registered {
            then.push(Command::Select {
                nav: Nav::Applications,
                id,
            });
        }
        Ok(Done { message, then })
    }

    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

/// The figure a standard gives for the application: the township standard for a township,
/// else posts per 10,000 people when the clerk entered both numbers.
fn standard_figure(
    store: &Store,
    app: &Application,
    population: &str,
    per_10k: &str,
) -> Result<Option<i64>, String> {
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
    app: Option<Application>,
    store: &mut Store,
    registered: &mut Option<i64>,
) -> Result<String, String> {
    let e = |e: crate::store::StoreError| e.to_string();
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
            let id = store.receive_application(&req).map_err(e)?;
            if !files.is_empty() {
                store.attach_files(id, files).map_err(e)?;
            }
            *registered = Some(id);
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
                .review_application(id, *accept, reason, override_reason, date)
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
                .record_research(a.id, notes, depts, figure, date)
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
                .decide_application(
                    id,
                    date,
                    session,
                    *decision,
                    n,
                    *beyond,
                    doc_no,
                    PostSource::Reserve,
                )
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
            store.record_reply(id, date, text, n).map_err(e)?;
            Ok(format!("#{id} 已登记批复"))
        }
        Dialog::Close { doc_no, date, .. } => {
            let id = need()?;
            let date = parse_date(date)?;
            store
                .close_application(id, doc_no, date, PostSource::Above)
                .map_err(e)?;
            Ok(format!("#{id} 已办结"))
        }
        Dialog::Suggest { text, date, .. } => {
            let id = need()?;
            let date = parse_date(date)?;
            store.add_suggestion(id, text, date).map_err(e)?;
            Ok(format!("#{id} 已记录建议"))
        }
    }
}

fn fields(
    ui: &mut egui::Ui,
    d: &mut Dialog,
    app: Option<&Application>,
    figure: &mut Option<Figure>,
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
            choice_row(
                ui,
                "事项类别",
                kind,
                ApplicationKind::ALL,
                ApplicationKind::label,
            );
            if kind.has_posts() {
                choice_row(ui, "编制类型", post_type, PostType::ALL, PostType::label);
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
                // Worked out again only when the numbers it rests on change.
                let key = (population.clone(), per_10k.clone());
                if figure.as_ref().is_none_or(|f| f.0 != key) {
                    let value = standard_figure(store, a, population, per_10k);
                    *figure = Some((key, value));
                }
                let figure = figure.as_ref().map(|f| f.1.clone()).unwrap_or(Ok(None));
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
                doc_no_row(ui, doc_no, meeting_date, "如 石编〔2026〕12号");
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
            doc_no_row(ui, doc_no, date, "如 石编〔2026〕12号");
            text_row(ui, "日期", date, "YYYY-MM-DD");
        }
        Dialog::Suggest { text, date, .. } => {
            text_row(ui, "建议内容", text, "");
            text_row(ui, "日期", date, "YYYY-MM-DD");
        }
    }
}

/// 核准使用编制通知单: the purpose and how long the approval is valid; issued (or, when
/// issued before, printed again with its number) and saved where the clerk says.
pub struct ApprovalNoticeForm {
    pub plan: i64,
    pub purpose: String,
    pub valid_until: String,
}

impl ApprovalNoticeForm {
    pub fn new(plan: i64) -> ApprovalNoticeForm {
        ApprovalNoticeForm {
            plan,
            purpose: String::new(),
            valid_until: (crate::clock::today() + chrono::Days::new(180)).to_string(),
        }
    }
}

impl Form for ApprovalNoticeForm {
    fn title(&self) -> String {
        "核准使用编制通知单".into()
    }

    fn fields(&mut self, ui: &mut egui::Ui, _cx: &Cx, _out: &mut Commands, _close: &mut Closer) {
        text_row(ui, "用途", &mut self.purpose, "如 公开招聘专业技术人员");
        text_row(ui, "有效期至", &mut self.valid_until, "YYYY-MM-DD");
    }

    fn submit(&mut self, store: &mut Store) -> Result<Done, String> {
        let valid = parse_date(&self.valid_until)?;
        let n = store
            .approval_notice(self.plan, &self.purpose, valid)
            .map_err(|e| e.to_string())?;
        let mut then = Commands::default();
        let number = n.number.clone();
        then.push(Command::Notice(Box::new(move |s| {
            s.notice(&number)
                .map_err(|e| e.to_string())?
                .ok_or_else(|| format!("找不到通知单 {number}"))
        })));
        Ok(Done {
            message: format!("已出具核准使用编制通知单 {}", n.number),
            then,
        })
    }

    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}
