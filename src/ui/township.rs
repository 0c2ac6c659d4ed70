//! 乡镇编制: the grid of townships against the standard, the standard itself (versioned by
//! 文号), the reallocation preview, recovery of idle vacancies, and the March filing.

use super::Workspace;
use super::actions::{parse_count, parse_date, text_row};
use super::import_wizard::FilingTarget;
use crate::clock;
use crate::domain::township::{AllocationStandard, ReallocationPlan, Rounding, suggest_recovery};
use crate::domain::{Account, EntryKind, Movement, OrgId, PostType, TownshipClass};
use crate::store::township::{StandardVersion, TownshipRow};
use crate::store::{EntryRequest, Result, Store};
use chrono::NaiveDate;
use egui::{Color32, RichText};
use egui_extras::{Column, TableBuilder};

const RED: Color32 = Color32::from_rgb(200, 30, 30);

/// Grid columns that sort.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GridColumn {
    Name,
    Class,
    AdminApproved,
    AdminVacancy,
    InstitutionApproved,
    InstitutionVacancy,
    Idle,
    AdminDifference,
    InstitutionDifference,
    Filed,
}

pub struct TownshipState {
    pub rows: Vec<TownshipRow>,
    pub standard: StandardVersion,
    /// Vacancies idle longer than this count as idle (a setting of the panel).
    pub idle_months: u32,
    /// The year whose March filing the grid shows.
    pub year: i32,
    pub sort: Option<(GridColumn, bool)>,
    pub dialog: Option<Dialog>,
    /// Set when the clerk chose to file by importing the township's roster.
    pub open_import: bool,
}

pub enum Dialog {
    Standard(StandardForm),
    Reallocate {
        plan: Box<ReallocationPlan>,
        doc_no: String,
        date: String,
        error: Option<String>,
    },
    Recovery(RecoveryForm),
    Filing {
        org: OrgId,
        name: String,
        date: String,
        note: String,
        error: Option<String>,
    },
}

pub struct StandardForm {
    pub class1: String,
    pub class2: String,
    pub ratio: String,
    pub rounding: Rounding,
    pub doc_no: String,
    pub date: String,
    pub error: Option<String>,
}

/// One unit in the recovery dialog.
pub struct RecoveryLine {
    pub org: OrgId,
    pub name: String,
    pub post_type: PostType,
    pub vacancy: i64,
    pub idle: i64,
    pub chosen: bool,
    pub count: String,
}

pub struct RecoveryForm {
    pub months: u32,
    pub percent: i64,
    /// List only units with idle vacancies (otherwise every unit with a vacancy).
    pub only_idle: bool,
    pub lines: Vec<RecoveryLine>,
    pub doc_no: String,
    pub date: String,
    pub error: Option<String>,
}

impl RecoveryForm {
    /// The lines ticked and shown (a line hidden by the filter is not recovered).
    fn chosen(&self) -> impl Iterator<Item = &RecoveryLine> {
        self.lines
            .iter()
            .filter(|l| l.chosen && (!self.only_idle || l.idle > 0))
    }
}

impl TownshipState {
    pub fn load(store: &Store) -> Result<TownshipState> {
        let mut s = TownshipState {
            rows: Vec::new(),
            standard: StandardVersion::builtin(),
            idle_months: 12,
            year: clock::this_year(),
            sort: None,
            dialog: None,
            open_import: false,
        };
        s.reload(store)?;
        Ok(s)
    }

    pub fn reload(&mut self, store: &Store) -> Result<()> {
        self.standard = store.township_standard(None)?;
        self.rows = store.township_grid(self.idle_months, self.year)?;
        self.apply_sort();
        Ok(())
    }

    fn apply_sort(&mut self) {
        let Some((c, asc)) = self.sort else {
            return;
        };
        let key = |r: &TownshipRow| -> i64 {
            match c {
                GridColumn::Name | GridColumn::Filed => 0,
                GridColumn::Class => r.class.map_or(9, |c| i64::from(c.number())),
                GridColumn::AdminApproved => r.admin_approved,
                GridColumn::AdminVacancy => r.admin_vacancy(),
                GridColumn::InstitutionApproved => r.institution_approved,
                GridColumn::InstitutionVacancy => r.institution_vacancy(),
                GridColumn::Idle => r.idle,
                GridColumn::AdminDifference => r.admin_difference(),
                GridColumn::InstitutionDifference => r.institution_difference(),
            }
        };
        self.rows.sort_by(|a, b| {
            let o = match c {
                GridColumn::Name => a.name.cmp(&b.name),
                GridColumn::Filed => a.filed_on.cmp(&b.filed_on),
                _ => key(a).cmp(&key(b)),
            };
            if asc { o } else { o.reverse() }
        });
    }

    pub fn sort_by(&mut self, c: GridColumn) {
        self.sort = match self.sort {
            Some((s, true)) if s == c => Some((c, false)),
            _ => Some((c, true)),
        };
        self.apply_sort();
    }

    /// Townships that have not filed this year's staff assignment, once 31 March is past.
    pub fn not_filed(&self, today: NaiveDate) -> Vec<&str> {
        let deadline = NaiveDate::from_ymd_opt(self.year, 3, 31);
        if deadline.is_none_or(|d| today <= d) {
            return Vec::new();
        }
        self.rows
            .iter()
            .filter(|r| r.filed_on.is_none())
            .map(|r| r.name.as_str())
            .collect()
    }
}

/// The sums of the grid's number columns.
struct Totals {
    standard_admin: i64,
    standard_institution: i64,
    admin_approved: i64,
    admin_occupied: i64,
    institution_approved: i64,
    institution_occupied: i64,
    idle: i64,
}

fn totals(rows: &[TownshipRow]) -> Totals {
    let sum = |f: fn(&TownshipRow) -> i64| rows.iter().map(f).sum();
    Totals {
        standard_admin: sum(|r| r.standard_admin),
        standard_institution: sum(|r| r.standard_institution),
        admin_approved: sum(|r| r.admin_approved),
        admin_occupied: sum(|r| r.admin_occupied),
        institution_approved: sum(|r| r.institution_approved),
        institution_occupied: sum(|r| r.institution_occupied),
        idle: sum(|r| r.idle),
    }
}

fn signed(n: i64) -> RichText {
    let t = if n > 0 {
        format!("+{n}")
    } else {
        n.to_string()
    };
    if n == 0 {
        RichText::new(t)
    } else if n < 0 {
        RichText::new(t).color(RED)
    } else {
        RichText::new(t).color(Color32::from_rgb(180, 110, 0))
    }
}

fn vacancy_text(n: i64) -> RichText {
    if n < 0 {
        RichText::new(format!("{n}（超编）")).color(RED)
    } else {
        RichText::new(n.to_string())
    }
}

/// The panel. Returns messages for the status toasts (text, is error).
pub fn show(ui: &mut egui::Ui, w: &mut Workspace) -> Vec<(String, bool)> {
    let mut messages = Vec::new();
    let mut changed = false;
    let st = &mut w.township;
    let s = st.standard.standard;
    ui.horizontal(|ui| {
        ui.heading("乡镇编制");
        ui.label(format!(
            "标准：一类乡镇行政编制 {} 名、事业编制 {} 名；二类 {} 名、{} 名（事业与行政 {}:1，{}）",
            s.class1_admin,
            s.institution_for(TownshipClass::One),
            s.class2_admin,
            s.institution_for(TownshipClass::Two),
            s.ratio_label(),
            s.rounding.label()
        ));
        ui.weak(st.standard.source_label());
    });
    ui.horizontal(|ui| {
        if ui.button("调整标准…").clicked() {
            st.dialog = Some(Dialog::Standard(StandardForm {
                class1: s.class1_admin.to_string(),
                class2: s.class2_admin.to_string(),
                ratio: s.ratio_label(),
                rounding: s.rounding,
                doc_no: String::new(),
                date: clock::today().to_string(),
                error: None,
            }));
        }
        if ui.button("按标准重新分配…").clicked() {
            match w.store.plan_reallocation() {
                Ok(plan) => {
                    st.dialog = Some(Dialog::Reallocate {
                        plan: Box::new(plan),
                        doc_no: String::new(),
                        date: clock::today().to_string(),
                        error: None,
                    })
                }
                Err(e) => messages.push((format!("无法重新分配：{e}"), true)),
            }
        }
        if ui.button("收回空编…").clicked() {
            st.dialog = Some(Dialog::Recovery(recovery_form(
                &w.store,
                st.idle_months,
                50,
            )));
        }
        if ui.button("导出 xlsx…").clicked()
            && let Some(path) = rfd::FileDialog::new()
                .set_file_name("乡镇编制分配表.xlsx")
                .add_filter("Excel", &["xlsx"])
                .save_file()
        {
            let opts = crate::export::reports::ReportOptions {
                year: Some(st.year),
                ..Default::default()
            };
            let report = crate::export::reports::write_report(
                &w.store,
                crate::export::reports::Report::Township,
                &opts,
                &path,
            );
            match report {
                Ok(_) => messages.push((format!("已导出：{}", path.display()), false)),
                Err(e) => messages.push((e.to_string(), true)),
            }
        }
        ui.separator();
        let l = ui.label("闲置超过（月）");
        let mut months = st.idle_months as i64;
        if ui
            .add(egui::DragValue::new(&mut months).range(1..=120))
            .labelled_by(l.id)
            .changed()
        {
            st.idle_months = months as u32;
            changed = true;
        }
        let l = ui.label("备案年度");
        let mut year = st.year as i64;
        if ui
            .add(egui::DragValue::new(&mut year).range(2000..=2100))
            .labelled_by(l.id)
            .changed()
        {
            st.year = year as i32;
            changed = true;
        }
    });
    let missing = st.not_filed(clock::today());
    if !missing.is_empty() {
        ui.colored_label(
            RED,
            format!(
                "{} 年 3 月 31 日已过，尚未备案人员分工的乡镇（街道）：{}",
                st.year,
                missing.join("、")
            ),
        );
    }
    ui.separator();

    let mut class_change: Option<(OrgId, Option<TownshipClass>)> = None;
    let mut file_for: Option<(OrgId, String)> = None;
    let mut sort_by = None;
    let headers: [(&str, Option<GridColumn>); 14] = [
        ("乡镇（街道）", Some(GridColumn::Name)),
        ("类别", Some(GridColumn::Class)),
        ("标准行政", None),
        ("标准事业", None),
        ("行政核定", Some(GridColumn::AdminApproved)),
        ("行政实有", None),
        ("行政空编", Some(GridColumn::AdminVacancy)),
        ("事业核定", Some(GridColumn::InstitutionApproved)),
        ("事业实有", None),
        ("事业空编", Some(GridColumn::InstitutionVacancy)),
        ("闲置空编", Some(GridColumn::Idle)),
        ("行政差额", Some(GridColumn::AdminDifference)),
        ("事业差额", Some(GridColumn::InstitutionDifference)),
        ("三月备案", Some(GridColumn::Filed)),
    ];
    let t = totals(&st.rows);
    // Wider than a small screen: the grid scrolls sideways.
    egui::ScrollArea::horizontal().show(ui, |ui| {
        let mut table = TableBuilder::new(ui)
            .id_salt("township_grid")
            .striped(true)
            .column(Column::initial(120.0).resizable(true));
        table = table.column(Column::initial(80.0));
        for _ in 2..13 {
            table = table.column(Column::initial(66.0));
        }
        table
            .column(Column::remainder())
            .header(22.0, |mut header| {
                for (label, col) in headers {
                    header.col(|ui| {
                        ui.style_mut().wrap_mode = Some(egui::TextWrapMode::Extend);
                        match col {
                            Some(c) => {
                                let arrow = match st.sort {
                                    Some((s, true)) if s == c => " ▲",
                                    Some((s, false)) if s == c => " ▼",
                                    _ => "",
                                };
                                if ui.button(format!("{label}{arrow}")).clicked() {
                                    sort_by = Some(c);
                                }
                            }
                            None => {
                                ui.strong(label);
                            }
                        }
                    });
                }
            })
            .body(|mut body| {
                body.ui_mut().style_mut().wrap_mode = Some(egui::TextWrapMode::Extend);
                for r in &st.rows {
                    body.row(20.0, |mut row| {
                        row.col(|ui| {
                            ui.label(&r.name);
                        });
                        row.col(|ui| {
                            let text = r.class.map_or("未分类", TownshipClass::label);
                            if super::read_only(ui.ctx()) {
                                ui.label(text);
                            } else {
                                egui::ComboBox::from_id_salt(("class", r.org.0))
                                    .selected_text(text)
                                    .width(64.0)
                                    .show_ui(ui, |ui| {
                                        for c in [
                                            None,
                                            Some(TownshipClass::One),
                                            Some(TownshipClass::Two),
                                        ] {
                                            let label = c.map_or("未分类", TownshipClass::label);
                                            if ui.selectable_label(r.class == c, label).clicked()
                                                && r.class != c
                                            {
                                                class_change = Some((r.org, c));
                                            }
                                        }
                                    })
                                    .response
                                    .on_hover_text(format!("{}的类别", r.name));
                            }
                        });
                        for n in [
                            r.standard_admin,
                            r.standard_institution,
                            r.admin_approved,
                            r.admin_occupied,
                        ] {
                            row.col(|ui| {
                                ui.label(n.to_string());
                            });
                        }
                        row.col(|ui| {
                            ui.label(vacancy_text(r.admin_vacancy()));
                        });
                        for n in [r.institution_approved, r.institution_occupied] {
                            row.col(|ui| {
                                ui.label(n.to_string());
                            });
                        }
                        row.col(|ui| {
                            ui.label(vacancy_text(r.institution_vacancy()));
                        });
                        row.col(|ui| {
                            ui.label(r.idle.to_string());
                        });
                        for n in [r.admin_difference(), r.institution_difference()] {
                            row.col(|ui| {
                                if r.class.is_some() {
                                    ui.label(signed(n));
                                } else {
                                    ui.weak("—");
                                }
                            });
                        }
                        row.col(|ui| match &r.filed_on {
                            Some(d) => {
                                ui.label(d);
                            }
                            None => {
                                if ui
                                    .small_button("登记备案")
                                    .on_hover_text(format!("登记{}的备案", r.name))
                                    .clicked()
                                {
                                    file_for = Some((r.org, r.name.clone()));
                                }
                            }
                        });
                    });
                }
                body.row(22.0, |mut row| {
                    row.col(|ui| {
                        ui.strong("合计");
                    });
                    row.col(|_| {});
                    for n in [
                        t.standard_admin,
                        t.standard_institution,
                        t.admin_approved,
                        t.admin_occupied,
                        t.admin_approved - t.admin_occupied,
                        t.institution_approved,
                        t.institution_occupied,
                        t.institution_approved - t.institution_occupied,
                        t.idle,
                    ] {
                        row.col(|ui| {
                            ui.strong(n.to_string());
                        });
                    }
                    for _ in 0..3 {
                        row.col(|_| {});
                    }
                });
            });
    });
    if let Some(c) = sort_by {
        st.sort_by(c);
    }
    if let Some((org, class)) = class_change {
        match w.store.write(|tx| tx.set_township_class(org, class)) {
            Ok(()) => {
                changed = true;
                messages.push(("已修改乡镇类别".to_string(), false));
            }
            Err(e) => messages.push((e.to_string(), true)),
        }
    }
    if let Some((org, name)) = file_for {
        st.dialog = Some(Dialog::Filing {
            org,
            name,
            date: clock::today().to_string(),
            note: String::new(),
            error: None,
        });
    }
    if let Some(target) = st.dialog.as_ref().and_then(|d| match d {
        Dialog::Filing { org, name, .. } if st.open_import => Some(FilingTarget {
            org: *org,
            name: name.clone(),
            year: st.year,
        }),
        _ => None,
    }) {
        w.import.filing = Some(target);
        st.dialog = None;
    }
    if let Some(done) = show_dialog(ui.ctx(), st, &mut w.store) {
        messages.push((done, false));
        changed = true;
    }
    if changed && let Err(e) = w.refresh() {
        messages.push((e, true));
    }
    messages
}

/// Every unit and post type with vacancies (all units, not only townships), with its idle
/// vacancies and the suggested number to recover: `percent` of the idle ones.
pub fn recovery_form(store: &Store, months: u32, percent: i64) -> RecoveryForm {
    let today = clock::today();
    let mut lines = Vec::new();
    let balances = store.balances(None);
    if let (Ok(idle), Ok(orgs), Ok(balances), Ok(occupancy)) = (
        store.idle_vacancies(today, months),
        store.orgs(),
        balances,
        store.occupancy(),
    ) {
        for o in &orgs {
            let approved = balances.approved(o.id);
            let occupied = occupancy.get(&o.id).copied().unwrap_or_default();
            for pt in PostType::ALL {
                let vacancy = approved.get(pt) - occupied.get(pt);
                if vacancy <= 0 {
                    continue;
                }
                let n = idle.get(&(o.id, pt)).copied().unwrap_or(0);
                let suggested = suggest_recovery(n, vacancy, percent);
                lines.push(RecoveryLine {
                    org: o.id,
                    name: o.name.clone(),
                    post_type: pt,
                    vacancy,
                    idle: n,
                    chosen: suggested > 0,
                    count: suggested.to_string(),
                });
            }
        }
    }
    RecoveryForm {
        months,
        percent,
        only_idle: true,
        lines,
        doc_no: String::new(),
        date: today.to_string(),
        error: None,
    }
}

fn dialog_window(title: &str) -> egui::Window<'_> {
    egui::Window::new(title)
        .collapsible(false)
        .resizable(true)
        .anchor(egui::Align2::CENTER_CENTER, [0.0, 0.0])
}

/// Shows the open dialog; returns the success message after a write.
fn show_dialog(ctx: &egui::Context, st: &mut TownshipState, store: &mut Store) -> Option<String> {
    let mut open = true;
    let mut close = false;
    let mut done = None;
    let Some(dialog) = &mut st.dialog else {
        return None;
    };
    match dialog {
        Dialog::Standard(f) => {
            dialog_window("调整乡镇编制标准")
                .open(&mut open)
                .show(ctx, |ui| {
                    egui::Grid::new("standard_grid")
                        .num_columns(2)
                        .show(ui, |ui| {
                            text_row(ui, "一类乡镇行政编制", &mut f.class1, "37");
                            text_row(ui, "二类乡镇行政编制", &mut f.class2, "28");
                            text_row(ui, "事业与行政比例", &mut f.ratio, "1.2");
                            let l = ui.label("取整方式");
                            egui::ComboBox::from_id_salt("rounding")
                                .selected_text(f.rounding.label())
                                .show_ui(ui, |ui| {
                                    for r in Rounding::ALL {
                                        ui.selectable_value(&mut f.rounding, r, r.label());
                                    }
                                })
                                .response
                                .labelled_by(l.id);
                            ui.end_row();
                            text_row(ui, "文号", &mut f.doc_no, "如 石编〔2026〕12号");
                            text_row(ui, "起始日期", &mut f.date, "YYYY-MM-DD");
                        });
                    ui.weak("新标准从起始日期起生效；以前的分配仍显示当时的标准。");
                    if let Some(e) = &f.error {
                        ui.colored_label(RED, e);
                    }
                    ui.horizontal(|ui| {
                        if super::confirm_button(ui) {
                            match save_standard(f, store) {
                                Ok(msg) => done = Some(msg),
                                Err(e) => f.error = Some(e),
                            }
                        }
                        close |= ui.button("取消").clicked();
                    });
                });
        }
        Dialog::Reallocate {
            plan,
            doc_no,
            date,
            error,
        } => {
            dialog_window("按标准重新分配（预览）")
                .open(&mut open)
                .show(ctx, |ui| {
                    reallocation_preview(ui, plan);
                    egui::Grid::new("realloc_grid")
                        .num_columns(2)
                        .show(ui, |ui| {
                            text_row(ui, "文号", doc_no, "如 石编〔2026〕12号");
                            text_row(ui, "日期", date, "YYYY-MM-DD");
                        });
                    if let Some(e) = error.as_ref() {
                        ui.colored_label(RED, e);
                    }
                    ui.horizontal(|ui| {
                        if ui
                            .add_enabled(!plan.moves.is_empty(), egui::Button::new("确认记入台账"))
                            .clicked()
                        {
                            let r = parse_date(date).and_then(|d| {
                                store
                                    .write(|tx| tx.reallocate(plan, doc_no, d))
                                    .map_err(|e| e.to_string())
                            });
                            match r {
                                Ok(_) => {
                                    done = Some(format!(
                                        "已按标准重新分配：收回 {} 名，下达 {} 名（{}）",
                                        plan.recovered(),
                                        plan.granted(),
                                        doc_no.trim()
                                    ))
                                }
                                Err(e) => *error = Some(e),
                            }
                        }
                        close |= ui.button("取消").clicked();
                    });
                });
        }
        Dialog::Recovery(f) => {
            dialog_window("收回空编").open(&mut open).show(ctx, |ui| {
                if let Some(msg) = recovery_dialog(ui, f, store) {
                    done = Some(msg);
                }
                close |= ui.button("取消").clicked();
            });
        }
        Dialog::Filing {
            org,
            name,
            date,
            note,
            error,
        } => {
            let year = st.year;
            let mut open_import = false;
            dialog_window("登记三月备案")
                .open(&mut open)
                .show(ctx, |ui| {
                    ui.label(format!("{name} {year} 年人员分工、任职情况备案"));
                    egui::Grid::new("filing_grid")
                        .num_columns(2)
                        .show(ui, |ui| {
                            text_row(ui, "收到日期", date, "YYYY-MM-DD");
                            text_row(ui, "备注", note, "");
                        });
                    ui.horizontal(|ui| {
                        ui.weak("也可以导入该乡镇的花名册（同时更新人员职务），导入后自动登记：");
                        if ui.button("导入花名册并备案…").clicked() {
                            open_import = true;
                        }
                    });
                    if let Some(e) = error.as_ref() {
                        ui.colored_label(RED, e);
                    }
                    ui.horizontal(|ui| {
                        if super::confirm_button(ui) {
                            let r = parse_date(date).and_then(|d| {
                                store
                                    .write(|tx| tx.record_filing(*org, year, d, note, None))
                                    .map_err(|e| e.to_string())
                            });
                            match r {
                                Ok(()) => done = Some(format!("已登记{name}的 {year} 年备案")),
                                Err(e) => *error = Some(e),
                            }
                        }
                        close |= ui.button("取消").clicked();
                    });
                });
            st.open_import |= open_import;
        }
    }
    if !open || close || done.is_some() {
        st.dialog = None;
    }
    done
}

fn save_standard(f: &StandardForm, store: &mut Store) -> std::result::Result<String, String> {
    let standard = AllocationStandard {
        class1_admin: parse_count(&f.class1, "一类乡镇行政编制")?,
        class2_admin: parse_count(&f.class2, "二类乡镇行政编制")?,
        inst_ratio_milli: AllocationStandard::parse_ratio(&f.ratio).ok_or_else(|| {
            format!(
                "比例“{}”无法识别，请填写如 1.2 的数（最多三位小数）",
                f.ratio
            )
        })?,
        rounding: f.rounding,
    };
    let date = parse_date(&f.date)?;
    store
        .write(|tx| tx.set_township_standard(&standard, &f.doc_no, date))
        .map_err(|e| e.to_string())?;
    Ok(format!("已设定乡镇编制标准（{}）", f.doc_no.trim()))
}

fn reallocation_preview(ui: &mut egui::Ui, plan: &ReallocationPlan) {
    if plan.moves.is_empty() {
        ui.label("各乡镇（街道）已符合标准，没有需要调整的编制。");
    } else {
        ui.label(format!(
            "将记入 {} 条台账：收回 {} 名到县集中管理，从县集中管理下达 {} 名。",
            plan.moves.len(),
            plan.recovered(),
            plan.granted()
        ));
        egui::ScrollArea::vertical()
            .max_height(260.0)
            .show(ui, |ui| {
                egui::Grid::new("moves").striped(true).show(ui, |ui| {
                    for h in ["乡镇（街道）", "变动", "编制类型", "数量"] {
                        ui.strong(h);
                    }
                    ui.end_row();
                    for m in &plan.moves {
                        ui.label(&m.name);
                        ui.label(if m.kind == EntryKind::Recover {
                            "收回"
                        } else {
                            "下达"
                        });
                        ui.label(m.movement.post_type.label());
                        ui.label(m.movement.count.to_string());
                        ui.end_row();
                    }
                });
            });
    }
    ui.separator();
    egui::Grid::new("reserve").striped(true).show(ui, |ui| {
        ui.strong("县集中管理编制");
        ui.strong("分配前");
        ui.strong("分配后");
        ui.end_row();
        for pt in PostType::ALL {
            let (b, a) = (plan.reserve_before.get(pt), plan.reserve_after.get(pt));
            if b == 0 && a == 0 {
                continue;
            }
            ui.label(pt.label());
            ui.label(b.to_string());
            ui.label(a.to_string());
            ui.end_row();
        }
    });
    for u in &plan.unabsorbed {
        ui.label(format!(
            "{}的{}超出标准 {} 名但已有人占用，待人员减少后收回（人走编收）",
            u.name,
            u.post_type.label(),
            u.count
        ));
    }
    if !plan.unclassified.is_empty() {
        ui.colored_label(
            RED,
            format!("未设定类别、不参与分配：{}", plan.unclassified.join("、")),
        );
    }
}

/// The recovery dialog's body; returns the success message after recording.
fn recovery_dialog(ui: &mut egui::Ui, f: &mut RecoveryForm, store: &mut Store) -> Option<String> {
    ui.horizontal(|ui| {
        let l = ui.label("闲置超过（月）");
        let mut months = f.months as i64;
        let m = ui
            .add(egui::DragValue::new(&mut months).range(1..=120))
            .labelled_by(l.id);
        let l = ui.label("建议收回比例（%）");
        let p = ui
            .add(egui::DragValue::new(&mut f.percent).range(0..=100))
            .labelled_by(l.id);
        if m.changed() || p.changed() {
            *f = RecoveryForm {
                doc_no: std::mem::take(&mut f.doc_no),
                date: std::mem::take(&mut f.date),
                only_idle: f.only_idle,
                ..recovery_form(store, months as u32, f.percent)
            };
        }
        ui.checkbox(&mut f.only_idle, "只列出有闲置空编的单位");
    });
    let only_idle = f.only_idle;
    if f.lines.iter().all(|l| only_idle && l.idle == 0) {
        ui.label(format!("没有闲置超过 {} 个月的空编。", f.months));
    }
    egui::ScrollArea::vertical()
        .max_height(320.0)
        .show(ui, |ui| {
            egui::Grid::new("recovery_lines")
                .striped(true)
                .show(ui, |ui| {
                    for h in ["收回", "单位", "编制类型", "空编", "闲置", "收回数量"]
                    {
                        ui.strong(h);
                    }
                    ui.end_row();
                    for l in &mut f.lines {
                        ui.checkbox(&mut l.chosen, "").on_hover_text(format!(
                            "收回{}的{}",
                            l.name,
                            l.post_type.label()
                        ));
                        ui.label(&l.name);
                        ui.label(l.post_type.label());
                        ui.label(l.vacancy.to_string());
                        ui.label(l.idle.to_string());
                        ui.add(egui::TextEdit::singleline(&mut l.count).desired_width(40.0))
                            .on_hover_text(format!("{}收回数量", l.name));
                        ui.end_row();
                    }
                });
        });
    let chosen: Vec<&RecoveryLine> = f.chosen().collect();
    let total: i64 = chosen
        .iter()
        .map(|l| l.count.trim().parse::<i64>().unwrap_or(0))
        .sum();
    ui.label(format!(
        "预览：从 {} 个单位收回 {} 名空编到县集中管理。",
        chosen.len(),
        total
    ));
    egui::Grid::new("recovery_grid")
        .num_columns(2)
        .show(ui, |ui| {
            text_row(ui, "文号", &mut f.doc_no, "如 石编〔2026〕12号");
            text_row(ui, "日期", &mut f.date, "YYYY-MM-DD");
        });
    if let Some(e) = &f.error {
        ui.colored_label(RED, e);
    }
    if ui.button("确认收回").clicked() {
        match record_recovery(f, store) {
            Ok(msg) => return Some(msg),
            Err(e) => f.error = Some(e),
        }
    }
    None
}

/// Records the chosen recoveries as 收回 entries with one 文号, in one transaction.
fn record_recovery(f: &RecoveryForm, store: &mut Store) -> std::result::Result<String, String> {
    let date = parse_date(&f.date)?;
    let mut moves = Vec::new();
    for l in f.chosen() {
        let n = l
            .count
            .trim()
            .parse::<i64>()
            .map_err(|_| format!("{}的收回数量“{}”不是整数", l.name, l.count))?;
        if n > 0 {
            moves.push((l.org, l.post_type, n));
        }
    }
    if moves.is_empty() {
        return Err("请勾选要收回的单位并填写数量".to_string());
    }
    let total: i64 = moves.iter().map(|m| m.2).sum();
    store
        .write(|tx| {
            for (org, post_type, count) in &moves {
                tx.record(&EntryRequest {
                    date,
                    doc_no: f.doc_no.clone(),
                    kind: EntryKind::Recover,
                    reason: format!("收回闲置超过 {} 个月的空编", f.months),
                    movement: Movement {
                        post_type: *post_type,
                        count: *count,
                        from: Account::Org(*org),
                        to: Account::Reserve,
                    },
                })?;
            }
            Ok(())
        })
        .map_err(|e| e.to_string())?;
    Ok(format!(
        "已从 {} 个单位收回 {total} 名空编（{}）",
        moves.len(),
        f.doc_no.trim()
    ))
}
