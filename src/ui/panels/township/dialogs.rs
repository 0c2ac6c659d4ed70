//! The dialogs of 乡镇编制: the standard, the reallocation preview, the recovery of idle
//! vacancies and the March filing. Each reads what it shows when it opens and writes one
//! store operation on 确定.

use crate::clock;
use crate::domain::township::{
    AllocationStandard, ClassChange, FilingLine, ReallocationPlan, Rounding, compare_filings,
    suggest_recovery,
};
use crate::domain::{EntryKind, OrgId, PostType, TownshipClass};
use crate::store::Store;
use crate::store::township::StandardVersion;
use crate::ui::dialog::{Closer, Done, Form};
use crate::ui::panel::{Command, Commands, Cx, FilingTarget};

use crate::ui::theme::ERROR as RED;
use crate::ui::widgets::{choice_row, doc_no_row, parse_count, parse_date, text_row};

pub struct StandardForm {
    pub class1: String,
    pub class2: String,
    pub ratio: String,
    pub rounding: Rounding,
    pub doc_no: String,
    pub date: String,
}

impl Form for StandardForm {
    fn title(&self) -> String {
        "调整乡镇编制标准".to_string()
    }

    fn fields(&mut self, ui: &mut egui::Ui, _cx: &Cx, _out: &mut Commands, _close: &mut Closer) {
        let f = self;
        text_row(ui, "一类乡镇行政编制", &mut f.class1, "37");
        text_row(ui, "二类乡镇行政编制", &mut f.class2, "28");
        text_row(ui, "事业与行政比例", &mut f.ratio, "1.2");
        choice_row(
            ui,
            "取整方式",
            &mut f.rounding,
            Rounding::ALL,
            Rounding::label,
        );
        doc_no_row(ui, &mut f.doc_no, &f.date, "如 石编〔2026〕12号");
        text_row(ui, "起始日期", &mut f.date, "YYYY-MM-DD");
        ui.label("");
        ui.weak("新标准从起始日期起生效；以前的分配仍显示当时的标准。");
        ui.end_row();
    }

    fn submit(&mut self, store: &mut Store) -> Result<Done, String> {
        let f = self;
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
            .set_township_standard(&standard, &f.doc_no, date)
            .map_err(|e| e.to_string())?;
        Ok(format!("已设定乡镇编制标准（{}）", f.doc_no.trim()).into())
    }

    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

/// 按标准重新分配: the plan, previewed, recorded with one 文号.
pub struct ReallocateForm {
    pub plan: Box<ReallocationPlan>,
    pub doc_no: String,
    pub date: String,
}

impl Form for ReallocateForm {
    fn title(&self) -> String {
        "按标准重新分配（预览）".to_string()
    }

    fn max_width(&self) -> f32 {
        900.0
    }

    fn grid(&self) -> bool {
        false
    }

    fn confirm_label(&self) -> &str {
        "确认记入台账"
    }

    fn ready(&self) -> bool {
        !self.plan.moves.is_empty()
    }

    fn fields(&mut self, ui: &mut egui::Ui, _cx: &Cx, _out: &mut Commands, _close: &mut Closer) {
        reallocation_preview(ui, &self.plan);
        egui::Grid::new("realloc_grid")
            .num_columns(2)
            .show(ui, |ui| {
                doc_no_row(ui, &mut self.doc_no, &self.date, "如 石编〔2026〕12号");
                text_row(ui, "日期", &mut self.date, "YYYY-MM-DD");
            });
    }

    fn submit(&mut self, store: &mut Store) -> Result<Done, String> {
        let d = parse_date(&self.date)?;
        store
            .reallocate(&self.plan, &self.doc_no, d)
            .map_err(|e| e.to_string())?;
        Ok(format!(
            "已按标准重新分配：收回 {} 名，下达 {} 名（{}）",
            self.plan.recovered(),
            self.plan.granted(),
            self.doc_no.trim()
        )
        .into())
    }

    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

/// 登记三月备案: the township's table of who does what (人员分工、任职情况) received: taken
/// from the registry to start with, read from the township's workbook, or typed; compared
/// with last year's filing as it is edited; or the township's roster imported with it.
pub struct FilingForm {
    pub org: OrgId,
    pub name: String,
    pub year: i32,
    pub date: String,
    pub note: String,
    /// The table being filed.
    pub lines: Vec<FilingLine>,
    /// Last year's filed table (compared against).
    last: Option<Vec<FilingLine>>,
    /// What was odd in a workbook read.
    problems: Vec<String>,
    loaded: bool,
}

impl FilingForm {
    pub fn new(org: OrgId, name: String, year: i32) -> FilingForm {
        FilingForm {
            org,
            name,
            year,
            date: clock::today().to_string(),
            note: String::new(),
            lines: Vec::new(),
            last: None,
            problems: Vec::new(),
            loaded: false,
        }
    }
}

/// The filed table as a grid: name, masked ID, division, duties, position; editable or not.
fn filing_grid(ui: &mut egui::Ui, id: &str, lines: &mut Vec<FilingLine>, editable: bool) {
    let mut remove = None;
    egui::ScrollArea::vertical()
        .id_salt(id)
        .max_height(260.0)
        .auto_shrink([false, true])
        .show(ui, |ui| {
            egui::Grid::new(id).striped(true).show(ui, |ui| {
                for h in ["姓名", "身份证号", "所在机构", "分工", "职务", ""] {
                    ui.strong(h);
                }
                ui.end_row();
                for (k, l) in lines.iter_mut().enumerate() {
                    let masked = l
                        .id_number
                        .as_deref()
                        .map(crate::domain::id_number::mask)
                        .unwrap_or_default();
                    if editable {
                        let who = l.name.clone();
                        // Sized boxes: a grid in a modal gives a bare text box no width.
                        ui.add_sized([70.0, 20.0], egui::TextEdit::singleline(&mut l.name))
                            .on_hover_text(format!("第 {} 行：姓名", k + 1));
                        ui.label(masked);
                        for (value, what, width) in [
                            (&mut l.division, "所在机构", 130.0),
                            (&mut l.duties, "分工", 200.0),
                            (&mut l.position, "职务", 100.0),
                        ] {
                            ui.add_sized([width, 20.0], egui::TextEdit::singleline(value))
                                .on_hover_text(format!("{who}：{what}"));
                        }
                        if ui.small_button("删除").clicked() {
                            remove = Some(k);
                        }
                    } else {
                        ui.label(&l.name);
                        ui.label(masked);
                        ui.label(&l.division);
                        ui.label(&l.duties);
                        ui.label(&l.position);
                    }
                    ui.end_row();
                }
            });
        });
    if let Some(k) = remove {
        lines.remove(k);
    }
}

/// This year's table against last year's, as a list of changes.
fn filing_changes(ui: &mut egui::Ui, last: Option<&[FilingLine]>, this: &[FilingLine], year: i32) {
    let Some(last) = last else {
        ui.weak(format!("{} 年没有备案，无法比较", year - 1));
        return;
    };
    let changes = compare_filings(last, this);
    egui::CollapsingHeader::new(format!(
        "与 {} 年备案比较（{} 处变化）",
        year - 1,
        changes.len()
    ))
    .id_salt("filing_changes")
    .default_open(true)
    .show(ui, |ui| {
        if changes.is_empty() {
            ui.weak("与上年相同");
        }
        egui::ScrollArea::vertical()
            .id_salt("filing_changes_scroll")
            .max_height(120.0)
            .show(ui, |ui| {
                for c in &changes {
                    ui.label(c.describe());
                }
            });
    });
}

impl Form for FilingForm {
    fn title(&self) -> String {
        "登记三月备案".to_string()
    }

    fn load(&mut self, store: &Store) {
        if self.loaded {
            return;
        }
        self.loaded = true;
        if self.lines.is_empty() {
            self.lines = store.filing_draft(self.org, self.year).unwrap_or_default();
        }
        self.last = store
            .filing(self.org, self.year - 1)
            .ok()
            .flatten()
            .map(|f| f.lines);
    }

    fn max_width(&self) -> f32 {
        860.0
    }

    fn grid(&self) -> bool {
        false
    }

    fn ready(&self) -> bool {
        !self.lines.is_empty()
    }

    fn fields(&mut self, ui: &mut egui::Ui, cx: &Cx, out: &mut Commands, close: &mut Closer) {
        ui.label(format!(
            "{} {} 年人员分工、任职情况备案（3 月 31 日前报送，之后为逾期备案）",
            self.name, self.year
        ));
        ui.horizontal(|ui| {
            let l = ui.label("收到日期");
            ui.add_sized(
                [110.0, 20.0],
                egui::TextEdit::singleline(&mut self.date).hint_text("YYYY-MM-DD"),
            )
            .labelled_by(l.id);
            let l = ui.label("备注");
            ui.add_sized([300.0, 20.0], egui::TextEdit::singleline(&mut self.note))
                .labelled_by(l.id);
        });
        ui.horizontal_wrapped(|ui| {
            ui.label(format!("备案表 {} 人：", self.lines.len()));
            if ui
                .button("按实名制重新生成")
                .on_hover_text("按当前在编人员重新生成，分工沿用上年备案")
                .clicked()
            {
                self.lines = cx
                    .store
                    .filing_draft(self.org, self.year)
                    .unwrap_or_default();
                self.problems.clear();
            }
            if ui.button("从乡镇报送的 Excel 读取…").clicked()
                && let Some(path) = rfd::FileDialog::new()
                    .add_filter("Excel", &["xlsx", "xls", "ods"])
                    .pick_file()
            {
                match crate::import::filing::read_filing(&path) {
                    Ok(read) => {
                        self.lines = read.lines;
                        self.problems = read.problems;
                    }
                    Err(e) => self.problems = vec![e.to_string()],
                }
            }
            if ui.button("添加一行").clicked() {
                self.lines.push(FilingLine::default());
            }
            if ui.button("导入花名册并备案…").clicked() {
                out.push(Command::ImportForFiling(FilingTarget {
                    org: self.org,
                    name: self.name.clone(),
                    year: self.year,
                }));
                close.close();
            }
        });
        for p in &self.problems {
            ui.colored_label(RED, p);
        }
        filing_grid(ui, "filing_lines", &mut self.lines, true);
        filing_changes(ui, self.last.as_deref(), &self.lines, self.year);
    }

    fn submit(&mut self, store: &mut Store) -> Result<Done, String> {
        let d = parse_date(&self.date)?;
        store
            .record_filing_table(self.org, self.year, d, &self.note, None, &self.lines)
            .map_err(|e| e.to_string())?;
        let late = if crate::domain::township::filing_is_late(self.year, d) {
            "（逾期备案）"
        } else {
            ""
        };
        Ok(format!(
            "已登记{}的 {} 年备案，{} 人{late}",
            self.name,
            self.year,
            self.lines.len()
        )
        .into())
    }

    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

/// A filing as kept: its table and what changed since last year's (read only).
pub struct FilingView {
    org: OrgId,
    name: String,
    year: i32,
    filing: Option<crate::store::township::FilingRecord>,
    last: Option<Vec<FilingLine>>,
}

impl FilingView {
    pub fn new(org: OrgId, name: String, year: i32) -> FilingView {
        FilingView {
            org,
            name,
            year,
            filing: None,
            last: None,
        }
    }
}

impl Form for FilingView {
    fn title(&self) -> String {
        format!("{} {} 年三月备案", self.name, self.year)
    }

    fn load(&mut self, store: &Store) {
        self.filing = store.filing(self.org, self.year).ok().flatten();
        self.last = store
            .filing(self.org, self.year - 1)
            .ok()
            .flatten()
            .map(|f| f.lines);
    }

    fn max_width(&self) -> f32 {
        860.0
    }

    fn grid(&self) -> bool {
        false
    }

    fn read_only(&self) -> bool {
        true
    }

    fn fields(&mut self, ui: &mut egui::Ui, _cx: &Cx, _out: &mut Commands, _close: &mut Closer) {
        let Some(f) = &mut self.filing else {
            ui.label("尚未备案");
            return;
        };
        ui.horizontal(|ui| {
            ui.label(format!(
                "收到 {}，{} 人，经办人 {}",
                f.received_on,
                f.lines.len(),
                f.operator
            ));
            if f.late {
                ui.colored_label(crate::ui::theme::WARN, "逾期备案");
            }
            if !f.note.is_empty() {
                ui.label(format!("备注：{}", f.note));
            }
        });
        filing_grid(ui, "filed_lines", &mut f.lines, false);
        filing_changes(ui, self.last.as_deref(), &f.lines, self.year);
    }

    fn submit(&mut self, _store: &mut Store) -> Result<Done, String> {
        Ok(String::new().into())
    }

    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

/// One unit in the recovery dialog.
pub struct RecoveryLine {
    pub org: OrgId,
    pub name: String,
    pub post_type: PostType,
    pub vacancy: i64,
    pub idle: i64,
    /// People of the unit on this post type reaching retirement within a year (the posts
    /// retirement will open), with their names.
    pub retiring: Vec<String>,
    pub chosen: bool,
    pub count: String,
}

/// 收回空编: the units with idle vacancies, a suggested number each, one 文号.
pub struct RecoveryForm {
    pub months: u32,
    pub percent: i64,
    /// List only units with idle vacancies (otherwise every unit with a vacancy).
    pub only_idle: bool,
    pub lines: Vec<RecoveryLine>,
    pub doc_no: String,
    pub date: String,
}

impl RecoveryForm {
    /// Every unit and post type with vacancies (all units, not only townships), with its
    /// idle vacancies and the suggested number to recover: `percent` of the idle ones.
    pub fn load(store: &Store, months: u32, percent: i64) -> RecoveryForm {
        let today = clock::today();
        let mut lines = Vec::new();
        let now = crate::domain::retirement::Month::of(today);
        let within_a_year = now.plus(12);
        let mut retiring: std::collections::HashMap<(OrgId, PostType), Vec<String>> =
            Default::default();
        for l in store
            .retirement_horizon_until(Some(within_a_year.year))
            .unwrap_or_default()
        {
            if l.retires_in <= within_a_year {
                retiring
                    .entry((l.org_id, l.post_type))
                    .or_default()
                    .push(format!("{}（{}）", l.name, l.retires_in));
            }
        }
        if let Ok(vacancies) = store.vacancies_with_idle(today, months) {
            for v in vacancies {
                let suggested = suggest_recovery(v.idle, v.vacancy, percent);
                lines.push(RecoveryLine {
                    org: v.org,
                    name: v.name,
                    post_type: v.post_type,
                    vacancy: v.vacancy,
                    idle: v.idle,
                    retiring: retiring.remove(&(v.org, v.post_type)).unwrap_or_default(),
                    chosen: suggested > 0,
                    count: suggested.to_string(),
                });
            }
        }
        RecoveryForm {
            months,
            percent,
            only_idle: true,
            lines,
            doc_no: String::new(),
            date: today.to_string(),
        }
    }

    /// The lines ticked and shown (a line hidden by the filter is not recovered).
    fn chosen(&self) -> impl Iterator<Item = &RecoveryLine> {
        self.lines
            .iter()
            .filter(|l| l.chosen && (!self.only_idle || l.idle > 0))
    }
}

impl Form for RecoveryForm {
    fn title(&self) -> String {
        "收回空编".to_string()
    }

    fn max_width(&self) -> f32 {
        900.0
    }

    fn grid(&self) -> bool {
        false
    }

    fn confirm_label(&self) -> &str {
        "确认收回"
    }

    fn fields(&mut self, ui: &mut egui::Ui, cx: &Cx, _out: &mut Commands, _close: &mut Closer) {
        let f = self;
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
            // Read again only when the clerk changes what the suggestion rests on.
            if m.changed() || p.changed() {
                *f = RecoveryForm {
                    doc_no: std::mem::take(&mut f.doc_no),
                    date: std::mem::take(&mut f.date),
                    only_idle: f.only_idle,
                    ..RecoveryForm::load(cx.store, months as u32, f.percent)
                };
            }
            ui.checkbox(&mut f.only_idle, "只列出有闲置空编的单位");
        });
        let only_idle = f.only_idle;
        if f.lines.iter().all(|l| only_idle && l.idle == 0) {
            ui.label(format!("没有闲置超过 {} 个月的空编。", f.months));
        }
        egui::ScrollArea::vertical()
            .id_salt("recovery_scroll")
            .max_height(320.0)
            .show(ui, |ui| {
                egui::Grid::new("recovery_lines")
                    .striped(true)
                    .show(ui, |ui| {
                        for h in [
                            "收回",
                            "单位",
                            "编制类型",
                            "空编",
                            "闲置",
                            "一年内退休",
                            "收回数量",
                        ] {
                            ui.strong(h);
                        }
                        ui.end_row();
                        for l in &mut f.lines {
                            if only_idle && l.idle == 0 {
                                continue;
                            }
                            ui.checkbox(&mut l.chosen, "").on_hover_text(format!(
                                "收回{}的{}",
                                l.name,
                                l.post_type.label()
                            ));
                            ui.label(&l.name);
                            ui.label(l.post_type.label());
                            ui.label(l.vacancy.to_string());
                            ui.label(l.idle.to_string());
                            let r = ui.label(l.retiring.len().to_string());
                            if !l.retiring.is_empty() {
                                r.on_hover_text(format!(
                                    "今后一年到法定退休年龄，退休后将再空出：{}",
                                    l.retiring.join("、")
                                ));
                            }
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
                doc_no_row(ui, &mut f.doc_no, &f.date, "如 石编〔2026〕12号");
                text_row(ui, "日期", &mut f.date, "YYYY-MM-DD");
            });
    }

    /// Records the chosen recoveries as 收回 entries with one 文号, in one transaction.
    fn submit(&mut self, store: &mut Store) -> Result<Done, String> {
        let f = self;
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
        let reason = format!("收回闲置超过 {} 个月的空编", f.months);
        store
            .recover_vacancies(&moves, date, &f.doc_no, &reason)
            .map_err(|e| e.to_string())?;
        Ok(format!(
            "已从 {} 个单位收回 {total} 名空编（{}）",
            moves.len(),
            f.doc_no.trim()
        )
        .into())
    }

    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
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

/// 调整乡镇类别: a decision with a 文号 and the date it takes effect, showing what the new
/// class changes (the standard, and the gap between standard and approved).
pub struct ClassForm {
    pub org: OrgId,
    pub name: String,
    /// The class today.
    pub current: Option<TownshipClass>,
    pub class: TownshipClass,
    pub doc_no: String,
    pub date: String,
    /// Approved posts now: administrative, institution.
    approved: (i64, i64),
    /// Read when the dialog opens.
    standards: Vec<StandardVersion>,
    history: Vec<ClassChange>,
}

impl ClassForm {
    pub fn new(row: &crate::store::township::TownshipRow) -> ClassForm {
        let other = match row.class {
            Some(TownshipClass::One) => TownshipClass::Two,
            _ => TownshipClass::One,
        };
        ClassForm {
            org: row.org,
            name: row.name.clone(),
            current: row.class,
            class: other,
            doc_no: String::new(),
            date: clock::today().to_string(),
            approved: (row.admin_approved, row.institution_approved),
            standards: Vec::new(),
            history: Vec::new(),
        }
    }

    /// The standard in force on `date`: the newest dated on or before it.
    fn standard_on(&self, date: chrono::NaiveDate) -> AllocationStandard {
        self.standards
            .iter()
            .filter(|s| s.effective_from.is_some_and(|f| f <= date))
            .max_by_key(|s| (s.effective_from, s.id))
            .map_or_else(AllocationStandard::default, |s| s.standard)
    }
}

impl Form for ClassForm {
    fn title(&self) -> String {
        format!("调整乡镇类别：{}", self.name)
    }

    fn load(&mut self, store: &Store) {
        self.standards = store.township_standards().unwrap_or_default();
        self.history = store.class_changes(self.org).unwrap_or_default();
    }

    fn fields(&mut self, ui: &mut egui::Ui, _cx: &Cx, _out: &mut Commands, _close: &mut Closer) {
        let label = |c: Option<TownshipClass>| c.map_or("未分类", TownshipClass::label);
        ui.label("现类别");
        ui.label(label(self.current));
        ui.end_row();
        if !self.history.is_empty() {
            ui.label("历次调整");
            ui.vertical(|ui| {
                for c in &self.history {
                    ui.label(format!(
                        "{} 起 {} → {}（{}）",
                        c.effective_from,
                        label(c.previous),
                        c.class.label(),
                        c.doc_no
                    ));
                }
            });
            ui.end_row();
        }
        choice_row(
            ui,
            "调整为",
            &mut self.class,
            [TownshipClass::One, TownshipClass::Two],
            TownshipClass::label,
        );
        doc_no_row(ui, &mut self.doc_no, &self.date, "如 石编〔2026〕12号");
        text_row(ui, "生效日期", &mut self.date, "YYYY-MM-DD");
        ui.label("调整后");
        match chrono::NaiveDate::parse_from_str(self.date.trim(), "%Y-%m-%d") {
            Ok(date) => {
                let s = self.standard_on(date);
                let (admin, inst) = self.approved;
                let before = |f: fn(&AllocationStandard, TownshipClass) -> i64| {
                    self.current
                        .map_or("—".to_string(), |c| f(&s, c).to_string())
                };
                let (new_admin, new_inst) =
                    (s.admin_for(self.class), s.institution_for(self.class));
                ui.vertical(|ui| {
                    ui.label(format!(
                        "标准：行政 {} → {new_admin} 名，事业 {} → {new_inst} 名（{date} 起适用的标准）",
                        before(AllocationStandard::admin_for),
                        before(AllocationStandard::institution_for),
                    ));
                    let gap = |approved: i64, standard: i64| match approved - standard {
                        0 => "与新标准相同".to_string(),
                        d if d > 0 => format!("比新标准多 {d} 名"),
                        d => format!("比新标准少 {} 名", -d),
                    };
                    ui.label(format!(
                        "核定：行政 {admin} 名（{}），事业 {inst} 名（{}）；核定数不因类别调整而变，按新标准调整须另行办理",
                        gap(admin, new_admin),
                        gap(inst, new_inst)
                    ));
                });
            }
            Err(_) => {
                ui.weak("填写生效日期后显示");
            }
        }
        ui.end_row();
    }

    fn submit(&mut self, store: &mut Store) -> Result<Done, String> {
        let date = parse_date(&self.date)?;
        store
            .change_township_class(self.org, self.class, &self.doc_no, date)
            .map_err(|e| e.to_string())?;
        Ok(format!("{}自 {date} 起调整为{}", self.name, self.class.label()).into())
    }

    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}
