//! 乡镇编制: the grid of townships against the standard, the standard itself (versioned by
//! 文号), the reallocation preview, recovery of idle vacancies, and the March filing.

pub mod dialogs;

use crate::clock;
use crate::domain::{OrgId, TownshipClass};
use crate::export::reports::Report;
use crate::store::township::{StandardVersion, TownshipRow};
use crate::store::{Kinds, Result, Store};
use crate::ui::panel::{Command, Commands, Cx, Nav, Panel};
use crate::ui::theme::{ERROR as RED, WARN};
use chrono::NaiveDate;
use dialogs::{ClassForm, FilingForm, FilingView, ReallocateForm, RecoveryForm, StandardForm};
use egui::RichText;
use egui_extras::{Column, TableBuilder};

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
}

impl TownshipState {
    pub fn load(store: &Store) -> Result<TownshipState> {
        let mut s = TownshipState {
            rows: Vec::new(),
            standard: StandardVersion::builtin(),
            idle_months: 12,
            year: clock::this_year(),
            sort: None,
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
        let deadline = crate::domain::township::filing_deadline(self.year);
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

impl Panel for TownshipState {
    fn nav(&self) -> Nav {
        Nav::Township
    }

    fn reads(&self) -> Kinds {
        Kinds::UNITS | Kinds::PEOPLE | Kinds::LEDGER | Kinds::TOWNSHIPS | Kinds::SETTINGS
    }

    fn reload(&mut self, store: &Store) -> Result<()> {
        TownshipState::reload(self, store)
    }

    fn show(&mut self, ui: &mut egui::Ui, cx: &Cx, out: &mut Commands) {
        show(self, ui, cx, out);
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
        RichText::new(t).color(WARN)
    }
}

fn vacancy_text(n: i64) -> RichText {
    if n < 0 {
        RichText::new(format!("{n}（超编）")).color(RED)
    } else {
        RichText::new(n.to_string())
    }
}

fn show(st: &mut TownshipState, ui: &mut egui::Ui, cx: &Cx, out: &mut Commands) {
    let mut changed = false;
    let s = st.standard.standard;
    ui.horizontal_wrapped(|ui| {
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
    ui.horizontal_wrapped(|ui| {
        if ui.button("调整标准…").clicked() {
            out.open(StandardForm {
                class1: s.class1_admin.to_string(),
                class2: s.class2_admin.to_string(),
                ratio: s.ratio_label(),
                rounding: s.rounding,
                doc_no: String::new(),
                date: clock::today().to_string(),
            });
        }
        if ui.button("按标准重新分配…").clicked() {
            match cx.store.plan_reallocation() {
                Ok(plan) => out.open(ReallocateForm {
                    plan: Box::new(plan),
                    doc_no: String::new(),
                    date: clock::today().to_string(),
                }),
                Err(e) => out.error(format!("无法重新分配：{e}")),
            }
        }
        if ui.button("收回空编…").clicked() {
            out.open(RecoveryForm::load(cx.store, st.idle_months, 50));
        }
        if ui.button("导出 xlsx…").clicked() {
            out.push(Command::Export {
                report: Report::Township,
                year: Some(st.year),
                org: None,
            });
        }
        if ui
            .button("导出备案表…")
            .on_hover_text("备案年度各乡镇的人员分工、任职情况备案及与上年比较")
            .clicked()
        {
            out.push(Command::Export {
                report: Report::Filings,
                year: Some(st.year),
                org: None,
            });
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
    let late: Vec<&str> = st
        .rows
        .iter()
        .filter(|r| r.filed_late)
        .map(|r| r.name.as_str())
        .collect();
    if !late.is_empty() {
        ui.colored_label(
            WARN,
            format!(
                "{} 年逾期备案（3 月 31 日后收到）{} 个：{}",
                st.year,
                late.len(),
                late.join("、")
            ),
        );
    }
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

    let mut class_change: Option<ClassForm> = None;
    let mut file_for: Option<(OrgId, String)> = None;
    let mut view_filing: Option<(OrgId, String)> = None;
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
        // The class and its 调整… button.
        table = table.column(Column::initial(96.0));
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
                            if crate::ui::widgets::read_only(ui.ctx()) {
                                ui.label(text);
                            } else if ui
                                .small_button(format!("{text} 调整…"))
                                .on_hover_text(format!("调整{}的类别（须有文号）", r.name))
                                .clicked()
                            {
                                class_change = Some(ClassForm::new(r));
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
                                let text = if r.filed_late {
                                    egui::RichText::new(format!("{d}（逾期备案）")).color(WARN)
                                } else {
                                    egui::RichText::new(d)
                                };
                                if ui
                                    .link(text)
                                    .on_hover_text(format!("查看{}的备案表", r.name))
                                    .clicked()
                                {
                                    view_filing = Some((r.org, r.name.clone()));
                                }
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
    if let Some(form) = class_change {
        out.open(form);
    }
    if let Some((org, name)) = file_for {
        out.open(FilingForm::new(org, name, st.year));
    }
    if let Some((org, name)) = view_filing {
        out.open(FilingView::new(org, name, st.year));
    }
    if changed && let Err(e) = st.reload(cx.store) {
        out.error(e);
    }
}
