//! The reports clerks hand upward, as formatted xlsx: a title row over merged columns,
//! 制表单位 and 制表日期, a bordered header that stays frozen and repeats on every printed
//! page, column widths that fit Chinese text, A4 print setup with page numbers. Every figure
//! comes from [`CountyStats`] or the store, so a report's totals equal `stats`.

use super::ExportError;
use crate::domain::{OrgId, PostType};
use crate::stats::CountyStats;
use crate::store::Store;
use chrono::NaiveDate;
use rust_xlsxwriter::{Color, Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError};
use std::path::Path;

/// The reports, by the name the command line uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Report {
    /// 实名制花名册
    Roster,
    /// 机构编制情况表
    Orgs,
    /// 乡镇编制分配表
    Township,
    /// 周转编制台账
    Turnover,
    /// 编制事项统计
    Applications,
    /// 评估结果汇总
    Evaluations,
    /// 机构编制统计年报 (as of 31 December of a year)
    Annual,
    /// A unit's 机构编制管理证-style sheet
    Unit,
    /// The roster in the provincial 实名制 template's columns and values, one sheet for
    /// 行政机构 and one for 事业单位, to take to the provincial system.
    ProvinceRoster,
    /// 内设机构人员表: units' internal divisions with their people
    Divisions,
    /// 乡镇人员分工备案: the township filings of a year
    Filings,
    /// 领导职数情况表: approved, appointed, 高配, over per unit and level
    Leaders,
    /// 编外人员情况表: control numbers, people in service, over
    Outside,
    /// 机构沿革: units renamed, merged, abolished
    History,
    /// 核查问题台账: findings of each source's latest round by unit, kind and state
    Findings,
    /// 整改通知书 of one unit (its latest numbered notice)
    RectificationNotice,
    /// 退休预测: people reaching statutory retirement in the next five years
    Retirements,
}

impl Report {
    pub const ALL: [Report; 17] = [
        Report::Roster,
        Report::ProvinceRoster,
        Report::Orgs,
        Report::Township,
        Report::Turnover,
        Report::Applications,
        Report::Evaluations,
        Report::Annual,
        Report::Unit,
        Report::Divisions,
        Report::Filings,
        Report::Leaders,
        Report::Outside,
        Report::History,
        Report::Findings,
        Report::RectificationNotice,
        Report::Retirements,
    ];
    pub fn code(self) -> &'static str {
        match self {
            Report::Roster => "roster",
            Report::Orgs => "orgs",
            Report::Township => "township",
            Report::Turnover => "turnover",
            Report::Applications => "applications",
            Report::Evaluations => "evaluations",
            Report::Annual => "annual",
            Report::Unit => "unit",
            Report::ProvinceRoster => "province-roster",
            Report::Divisions => "divisions",
            Report::Filings => "filings",
            Report::Leaders => "leaders",
            Report::Outside => "outside",
            Report::History => "history",
            Report::Findings => "findings",
            Report::RectificationNotice => "rectification-notice",
            Report::Retirements => "retirements",
        }
    }
    pub fn from_code(code: &str) -> Option<Report> {
        Report::ALL.into_iter().find(|r| r.code() == code)
    }
    pub fn title(self) -> &'static str {
        match self {
            Report::Roster => "实名制花名册",
            Report::Orgs => "机构编制情况表",
            Report::Township => "乡镇编制分配表",
            Report::Turnover => "周转编制台账",
            Report::Applications => "编制事项统计",
            Report::Evaluations => "评估结果汇总",
            Report::Annual => "机构编制统计年报",
            Report::Unit => "机构编制管理证",
            Report::ProvinceRoster => "实名制花名册（省级模板）",
            Report::Divisions => "内设机构人员表",
            Report::Filings => "乡镇人员分工备案",
            Report::Leaders => "领导职数情况表",
            Report::Outside => "编外人员情况表",
            Report::History => "机构沿革",
            Report::Findings => "核查问题台账",
            Report::RectificationNotice => "整改通知书",
            Report::Retirements => "退休预测",
        }
    }
}

/// What a report covers.
#[derive(Debug, Clone, Default)]
pub struct ReportOptions {
    /// The year (统计年报: the state on 31 December; 评估: that year's evaluations).
    pub year: Option<i32>,
    /// One unit (花名册 of one unit; the unit's 管理证).
    pub org: Option<OrgId>,
    /// One kind of unit (花名册).
    pub kind: Option<crate::domain::OrgKind>,
    /// ID numbers in full (otherwise masked).
    pub full_ids: bool,
    /// 制表单位
    pub made_by: String,
    /// 制表日期
    pub date: Option<NaiveDate>,
    /// The 花名册's columns, in order, after 序号 (the standard ones when `None`).
    pub columns: Option<Vec<crate::domain::columns::Column>>,
}

impl ReportOptions {
    /// An ID number as the report shows it: in full with `full_ids`, else masked.
    fn id_shown(&self, id: &str) -> String {
        if self.full_ids {
            id.to_string()
        } else {
            crate::domain::id_number::mask(id)
        }
    }
}

/// What was written: data rows and the totals row's figures by column title.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ReportSummary {
    pub rows: usize,
    pub totals: Vec<(String, i64)>,
}

/// Display width of text in Excel character units (CJK counts double).
fn width(text: &str) -> f64 {
    text.chars()
        .map(|c| if c.is_ascii() { 1.0 } else { 2.1 })
        .sum()
}

/// A formatted sheet: title, 制表 line, header, bordered rows, widths that fit.
struct Sheet<'a> {
    ws: &'a mut Worksheet,
    row: u32,
    widths: Vec<f64>,
    cell: Format,
    bold: Format,
    path: String,
}

impl<'a> Sheet<'a> {
    fn new(
        wb: &'a mut Workbook,
        name: &str,
        title: &str,
        headers: &[&str],
        opts: &ReportOptions,
        path: &Path,
        landscape: bool,
    ) -> Result<Sheet<'a>, ExportError> {
        Sheet::with_memory(wb, name, title, headers, opts, path, landscape, false)
    }

    /// Like [`Sheet::new`]; `big` streams rows to a temporary file as they are written
    /// (for the 100,000-row 花名册).
    #[allow(clippy::too_many_arguments)]
    fn with_memory(
        wb: &'a mut Workbook,
        name: &str,
        title: &str,
        headers: &[&str],
        opts: &ReportOptions,
        path: &Path,
        landscape: bool,
        big: bool,
    ) -> Result<Sheet<'a>, ExportError> {
        let p = path.display().to_string();
        let err = |e: XlsxError| ExportError {
            path: p.clone(),
            message: e.to_string(),
        };
        let ws = if big {
            wb.add_worksheet_with_low_memory().map_err(err)?
        } else {
            wb.add_worksheet()
        };
        ws.set_name(name).map_err(err)?;
        let last = headers.len().saturating_sub(1) as u16;
        let title_fmt = Format::new()
            .set_bold()
            .set_font_size(16)
            .set_align(FormatAlign::Center);
        ws.merge_range(0, 0, 0, last, title, &title_fmt)
            .map_err(err)?;
        let date = opts.date.unwrap_or_else(crate::clock::today);
        let made_by = if opts.made_by.trim().is_empty() {
            "县委机构编制委员会办公室"
        } else {
            opts.made_by.trim()
        };
        ws.write_string(1, 0, format!("制表单位：{made_by}"))
            .map_err(err)?;
        ws.write_string(1, last, format!("制表日期：{date}"))
            .map_err(err)?;
        let head = Format::new()
            .set_bold()
            .set_background_color(Color::RGB(0xDDEBF7))
            .set_border(FormatBorder::Thin)
            .set_align(FormatAlign::Center)
            .set_text_wrap();
        // Headers written `组|项` get a merged group row above them (two header rows);
        // the others span both rows.
        let grouped = headers.iter().any(|h| h.contains('|'));
        let first_data = if grouped { 4 } else { 3 };
        if grouped {
            let mut c = 0;
            while c < headers.len() {
                match headers[c].split_once('|') {
                    Some((group, _)) => {
                        let mut end = c;
                        while end + 1 < headers.len()
                            && headers[end + 1].split_once('|').map(|(g, _)| g) == Some(group)
                        {
                            end += 1;
                        }
                        if end > c {
                            ws.merge_range(2, c as u16, 2, end as u16, group, &head)
                                .map_err(err)?;
                        } else {
                            ws.write_string_with_format(2, c as u16, group, &head)
                                .map_err(err)?;
                        }
                        for (k, h) in headers.iter().enumerate().take(end + 1).skip(c) {
                            let sub = h.split_once('|').map_or(*h, |(_, s)| s);
                            ws.write_string_with_format(3, k as u16, sub, &head)
                                .map_err(err)?;
                        }
                        c = end + 1;
                    }
                    None => {
                        ws.merge_range(2, c as u16, 3, c as u16, headers[c], &head)
                            .map_err(err)?;
                        c += 1;
                    }
                }
            }
        } else {
            for (c, h) in headers.iter().enumerate() {
                ws.write_string_with_format(2, c as u16, *h, &head)
                    .map_err(err)?;
            }
        }
        ws.set_freeze_panes(first_data, 0).map_err(err)?;
        ws.set_repeat_rows(2, first_data - 1).map_err(err)?;
        ws.set_paper_size(9);
        if landscape {
            ws.set_landscape();
        }
        ws.set_print_fit_to_pages(1, 0);
        ws.set_footer("&C第 &P 页，共 &N 页");
        let widths = headers
            .iter()
            .map(|h| width(h.split_once('|').map_or(*h, |(_, s)| s)) + 2.0)
            .collect();
        Ok(Sheet {
            ws,
            row: first_data,
            widths,
            cell: Format::new().set_border(FormatBorder::Thin),
            bold: Format::new().set_border(FormatBorder::Thin).set_bold(),
            path: p,
        })
    }

    /// A row of text and numbers (numbers written as numbers).
    fn row(&mut self, values: &[Value], bold: bool) -> Result<(), ExportError> {
        let fmt = if bold { &self.bold } else { &self.cell };
        for (c, v) in values.iter().enumerate() {
            let r = match v {
                Value::Text(t) => {
                    self.widths[c] = self.widths[c].max(width(t) + 2.0);
                    self.ws.write_string_with_format(self.row, c as u16, t, fmt)
                }
                Value::Num(n) => {
                    self.widths[c] = self.widths[c].max(width(&n.to_string()) + 2.0);
                    self.ws
                        .write_number_with_format(self.row, c as u16, *n as f64, fmt)
                }
                Value::Points(p) => {
                    self.widths[c] = self.widths[c].max(width(&p.to_string()) + 2.0);
                    self.ws
                        .write_number_with_format(self.row, c as u16, *p as f64 / 10.0, fmt)
                }
            };
            r.map_err(|e| ExportError {
                path: self.path.clone(),
                message: e.to_string(),
            })?;
        }
        self.row += 1;
        Ok(())
    }

    fn finish(self) -> Result<(), ExportError> {
        for (c, w) in self.widths.iter().enumerate() {
            self.ws
                .set_column_width(c as u16, w.min(60.0))
                .map_err(|e| ExportError {
                    path: self.path.clone(),
                    message: e.to_string(),
                })?;
        }
        Ok(())
    }
}

/// A cell.
enum Value {
    Text(String),
    Num(i64),
    /// Points kept in tenths, written as a number (3.5).
    Points(i64),
}

fn t(s: impl Into<String>) -> Value {
    Value::Text(s.into())
}

fn n(v: i64) -> Value {
    Value::Num(v)
}

fn store_err(path: &Path) -> impl Fn(crate::store::StoreError) -> ExportError + '_ {
    move |e| ExportError {
        path: path.display().to_string(),
        message: e.to_string(),
    }
}

/// The most change rows an exported 操作日志 holds (an Excel sheet holds 1,048,576).
pub const AUDIT_EXPORT_MAX_CHANGES: usize = 1_000_000;

/// Writes the 操作日志 matching `query`: the actions on one sheet, every row each changed on
/// a second. ID numbers are masked unless `opts.full_ids`. Reports the rows written to
/// `progress` and stops (writing nothing) when it is cancelled. Returns the number of
/// actions.
pub fn write_audit_log(
    store: &Store,
    query: &crate::store::audit::AuditQuery,
    opts: &ReportOptions,
    path: &Path,
    progress: &crate::import::Progress,
) -> Result<ReportSummary, ExportError> {
    let se = store_err(path);
    let mask = |s: &str| {
        if opts.full_ids {
            s.to_string()
        } else {
            crate::domain::id_number::mask_in_text(s)
        }
    };
    let actions = store.audit_actions(query).map_err(&se)?;
    let total: i64 = actions.iter().map(|a| a.rows).sum();
    progress.start(
        crate::import::Stage::Writing,
        (total as usize).min(AUDIT_EXPORT_MAX_CHANGES),
    );
    let mut wb = Workbook::new();
    let mut sheet = Sheet::new(
        &mut wb,
        "操作",
        "操作日志",
        &["序号", "时间", "操作员", "角色", "操作", "说明", "改动行数"],
        opts,
        path,
        true,
    )?;
    for a in &actions {
        sheet.row(
            &[
                n(a.id),
                t(&a.at),
                t(&a.operator),
                t(&a.role),
                t(&a.action),
                t(mask(&a.detail)),
                n(a.rows),
            ],
            false,
        )?;
    }
    sheet.finish()?;
    let mut sheet = Sheet::with_memory(
        &mut wb,
        "明细",
        "操作日志明细",
        &["序号", "表", "行号", "类型", "改动"],
        opts,
        path,
        true,
        true,
    )?;
    let mut written = 0;
    'actions: for a in &actions {
        for c in store
            .audit_changes(a.id, AUDIT_EXPORT_MAX_CHANGES)
            .map_err(&se)?
        {
            if written == AUDIT_EXPORT_MAX_CHANGES {
                break 'actions;
            }
            if written % 1000 == 0 {
                if progress.is_cancelled() {
                    return Err(ExportError {
                        path: path.display().to_string(),
                        message: "已取消，未写入文件".to_string(),
                    });
                }
                progress.set_done(written);
            }
            sheet.row(
                &[
                    n(a.id),
                    t(crate::store::audit::table_label(&c.table)),
                    c.row_id.map_or_else(|| t(""), n),
                    t(c.op_label()),
                    t(mask(&c.summary())),
                ],
                false,
            )?;
            written += 1;
        }
    }
    sheet.finish()?;
    save(&mut wb, path)?;
    Ok(ReportSummary {
        rows: actions.len(),
        totals: vec![("改动行数".to_string(), written as i64)],
    })
}

/// Writes a report. Returns its row count and totals.
pub fn write_report(
    store: &Store,
    report: Report,
    opts: &ReportOptions,
    path: &Path,
) -> Result<ReportSummary, ExportError> {
    let se = store_err(path);
    match report {
        Report::Orgs => {
            let stats = CountyStats::derive(store, None).map_err(&se)?;
            let mut wb = Workbook::new();
            let s = orgs_sheet(&mut wb, &stats, report.title(), opts, path)?;
            save(&mut wb, path)?;
            Ok(s)
        }
        Report::Annual => {
            let year = opts.year.ok_or_else(|| ExportError {
                path: path.display().to_string(),
                message: "统计年报须指定年度（--year）".into(),
            })?;
            let dec31 = NaiveDate::from_ymd_opt(year, 12, 31).ok_or_else(|| ExportError {
                path: path.display().to_string(),
                message: format!("年度“{year}”无效"),
            })?;
            let stats = CountyStats::derive(store, Some(dec31)).map_err(&se)?;
            let mut wb = Workbook::new();
            let title = format!("{year} 年机构编制统计年报（截至 {dec31}）");
            let s = orgs_sheet(&mut wb, &stats, &title, opts, path)?;
            save(&mut wb, path)?;
            Ok(s)
        }
        Report::Roster => roster(store, opts, path),
        Report::ProvinceRoster => province_roster(store, opts, path),
        Report::Unit => unit_sheet(store, opts, path),
        Report::Applications => applications(store, opts, path),
        Report::Evaluations => evaluations(store, opts, path),
        Report::Township => township(store, opts, path),
        Report::Turnover => turnover(store, opts, path),
        Report::Divisions => divisions_report(store, opts, path),
        Report::Filings => filings_report(store, opts, path),
        Report::Leaders => leaders_report(store, opts, path),
        Report::Outside => outside_report(store, opts, path),
        Report::History => history_report(store, opts, path),
        Report::Findings => findings_report(store, opts, path),
        Report::RectificationNotice => rectification_notice_report(store, opts, path),
        Report::Retirements => retirements_report(store, opts, path),
    }
}

/// The provincial 实名制 template's columns after the unit's (行政机构名称 / 事业单位名称): the
/// person's fields by the names the template gives them, kept fields by their code.
const PROVINCE_COLUMNS: [(&str, &str); 26] = [
    ("所在机构", "division"),
    ("姓名", "name"),
    ("性别", "gender"),
    ("身份证号", "id_number"),
    ("出生日期", "birth"),
    ("民族", "ethnicity"),
    ("籍贯", "native_place"),
    ("政治面貌", "party"),
    ("学历", "education"),
    ("学位", "degree"),
    ("毕业学校", "school"),
    ("所学专业", "major"),
    ("职称", "title"),
    ("人员分类", "person_class"),
    ("编制类别", "post_category_of_post"),
    ("编制经费形式", "funding_of_post"),
    ("人员状态", "person_state"),
    ("进入形式", "entry_form"),
    ("进入时间", "entered_on"),
    ("岗位类别", "post_category"),
    ("领导职务级别", "leader_level"),
    ("职务", "position"),
    ("任现职时间", "current_post_since"),
    ("入编时间", "joined_on"),
    ("入编文号", "join_doc"),
    ("参加工作时间", "work_since"),
];

/// A post type as the provincial template writes it: 编制类别 and 编制经费形式.
fn province_post(t: crate::domain::PostType) -> (&'static str, &'static str) {
    use crate::domain::{Funding, PostType};
    match t {
        PostType::Administrative => ("行政编制", ""),
        PostType::PoliticalLegal => ("政法专项编制", ""),
        PostType::Service => ("工勤编制", ""),
        PostType::Institution(Funding::Full) => ("事业编制", "全额拨款"),
        PostType::Institution(Funding::Partial) => ("事业编制", "差额补贴"),
        PostType::Institution(Funding::SelfFunded) => ("事业编制", "经费自理和企业化管理"),
    }
}

/// 实名制花名册 in the provincial template: 行政机构 (every unit but the institutions) and
/// 事业单位, people on posts in unit order; the kept fields as imported.
fn province_roster(
    store: &Store,
    opts: &ReportOptions,
    path: &Path,
) -> Result<ReportSummary, ExportError> {
    use crate::domain::OrgKind;
    let se = store_err(path);
    let orgs = store.orgs().map_err(&se)?;
    let people = store.people().map_err(&se)?;
    let mut by_org: std::collections::HashMap<OrgId, Vec<(&crate::domain::Person, _)>> =
        std::collections::HashMap::new();
    for p in &people {
        if let Some((org, post_type)) = p.status.post() {
            by_org.entry(org).or_default().push((p, post_type));
        }
    }
    let mut wb = Workbook::new();
    let mut count = 0usize;
    for (sheet_name, unit_header, institutions) in [
        ("行政机构", "行政机构名称", false),
        ("事业单位", "事业单位名称", true),
    ] {
        let mut headers: Vec<&str> = vec![unit_header];
        headers.extend(PROVINCE_COLUMNS.iter().map(|(h, _)| *h));
        let title = format!("{sheet_name}实名制人员信息");
        let mut sheet = Sheet::with_memory(
            &mut wb, sheet_name, &title, &headers, opts, path, true, true,
        )?;
        for o in orgs.iter().filter(|o| {
            (o.kind == OrgKind::Institution) == institutions && opts.org.is_none_or(|x| x == o.id)
        }) {
            for &(p, post_type) in by_org.get(&o.id).into_iter().flatten() {
                count += 1;
                let d = &p.details;
                let (category, funding) = province_post(post_type);
                let mut row = vec![t(o.name.as_str())];
                for (_, code) in PROVINCE_COLUMNS {
                    let v: String = match code {
                        "name" => d.name.clone(),
                        "gender" => d.gender.map_or("", |g| g.label()).to_string(),
                        "id_number" if opts.full_ids => p.id_number.as_str().to_string(),
                        "id_number" => p.id_number.masked(),
                        "birth" => d.birth.map(|b| b.to_string()).unwrap_or_default(),
                        "ethnicity" => d.ethnicity.clone().unwrap_or_default(),
                        "party" => d.party.clone().unwrap_or_default(),
                        "education" => d.education.clone().unwrap_or_default(),
                        "position" => d.position.clone().unwrap_or_default(),
                        "joined_on" => d.joined_on.map(|b| b.to_string()).unwrap_or_default(),
                        "join_doc" => d.join_doc.clone().unwrap_or_default(),
                        "post_category_of_post" => category.to_string(),
                        "funding_of_post" => funding.to_string(),
                        "person_state" => d
                            .kept
                            .get(code)
                            .cloned()
                            .unwrap_or_else(|| "在编在岗".to_string()),
                        kept => d.kept.get(kept).cloned().unwrap_or_default(),
                    };
                    row.push(t(v));
                }
                sheet.row(&row, false)?;
            }
        }
        sheet.finish()?;
    }
    save(&mut wb, path)?;
    Ok(ReportSummary {
        rows: count,
        totals: vec![("人数".into(), count as i64)],
    })
}

/// 机构编制情况表 (or the annual report): one row per unit, approved/occupied/vacancy by
/// post type, leadership positions, and a totals row equal to `stats`.
fn orgs_sheet(
    wb: &mut Workbook,
    stats: &CountyStats,
    title: &str,
    opts: &ReportOptions,
    path: &Path,
) -> Result<ReportSummary, ExportError> {
    let mut headers: Vec<String> = vec!["单位".into(), "机构类别".into()];
    for group in PostType::ALL
        .map(PostType::label)
        .into_iter()
        .chain(["合计"])
    {
        for k in ["核定", "实有", "空编"] {
            headers.push(format!("{group}|{k}"));
        }
    }
    headers.extend(["领导职数|正职", "领导职数|副职"].map(String::from));
    let refs: Vec<&str> = headers.iter().map(String::as_str).collect();
    let mut sheet = Sheet::new(wb, "机构编制情况", title, &refs, opts, path, true)?;
    let mut totals = vec![0i64; headers.len() - 2];
    for o in &stats.orgs {
        let mut row = vec![t(&o.name), t(o.kind)];
        let mut k = 0;
        for pt in PostType::ALL {
            let c = o.posts.get(pt);
            for v in [c.approved, c.occupied, c.vacancy] {
                totals[k] += v;
                row.push(n(v));
                k += 1;
            }
        }
        for v in [
            o.total.approved,
            o.total.occupied,
            o.total.vacancy,
            o.leaders.chief.approved,
            o.leaders.deputy.approved,
        ] {
            totals[k] += v;
            row.push(n(v));
            k += 1;
        }
        sheet.row(&row, false)?;
    }
    let mut row = vec![t("合计"), t("")];
    row.extend(totals.iter().map(|v| n(*v)));
    sheet.row(&row, true)?;
    sheet.finish()?;
    // Totals named group and column together: `行政编制核定`, `合计空编`, `领导职数正职`.
    Ok(ReportSummary {
        rows: stats.orgs.len(),
        totals: headers[2..]
            .iter()
            .map(|h| h.replace('|', ""))
            .zip(totals)
            .collect(),
    })
}

/// The standard 花名册's columns between 序号 and 备注.
const ROSTER_COLUMNS: [&str; 11] = [
    "unit",
    "name",
    "gender",
    "ethnicity",
    "birth",
    "id_number",
    "party",
    "education",
    "position",
    "post_type",
    "joined_on",
];

/// 实名制花名册: people on posts (all, one unit, or one kind of unit): 序号, the columns
/// asked for (the standard ones otherwise), 备注 (周转编制).
fn roster(store: &Store, opts: &ReportOptions, path: &Path) -> Result<ReportSummary, ExportError> {
    use crate::domain::columns::Column;
    let se = store_err(path);
    let orgs = store.orgs().map_err(&se)?;
    let names: std::collections::HashMap<OrgId, (&str, crate::domain::OrgKind)> = orgs
        .iter()
        .map(|o| (o.id, (o.name.as_str(), o.kind)))
        .collect();
    let turnover = store.turnover_marks().map_err(&se)?;
    let mut wb = Workbook::new();
    let columns: Vec<Column> = match &opts.columns {
        Some(c) if !c.is_empty() => c.clone(),
        _ => ROSTER_COLUMNS
            .iter()
            .filter_map(|c| Column::from_code(c))
            .collect(),
    };
    let mut headers = vec!["序号"];
    headers.extend(columns.iter().map(|c| c.label()));
    headers.push("备注");
    let title = match (opts.org, opts.kind) {
        (Some(o), _) => format!("{}实名制花名册", names.get(&o).map_or("", |(n, _)| *n)),
        (None, Some(k)) => format!("{}实名制花名册", k.label()),
        (None, None) => "全县实名制花名册".to_string(),
    };
    let mut sheet =
        Sheet::with_memory(&mut wb, "花名册", &title, &headers, opts, path, true, true)?;
    let mut count = 0;
    for p in store.people().map_err(&se)? {
        let Some((org, post_type)) = p.status.post() else {
            continue;
        };
        let (org_name, kind) = names
            .get(&org)
            .copied()
            .unwrap_or(("", crate::domain::OrgKind::Other));
        if opts.org.is_some_and(|o| o != org) || opts.kind.is_some_and(|k| k != kind) {
            continue;
        }
        count += 1;
        let on_turnover = turnover.contains_key(&p.id);
        let mut row = vec![n(count as i64)];
        for c in &columns {
            row.push(t(match c {
                Column::Unit => org_name.to_string(),
                Column::PostType => post_type.label().to_string(),
                Column::Status if on_turnover => "在编（周转）".to_string(),
                Column::Status => crate::domain::columns::status_label(&p.status).to_string(),
                Column::IdNumber if !opts.full_ids => p.id_number.masked(),
                c => c
                    .field()
                    .and_then(|f| f.value(&p.id_number, &p.details))
                    .unwrap_or_default(),
            }));
        }
        row.push(t(if on_turnover { "周转编制" } else { "" }));
        sheet.row(&row, false)?;
    }
    sheet.finish()?;
    save(&mut wb, path)?;
    Ok(ReportSummary {
        rows: count,
        totals: vec![("人数".into(), count as i64)],
    })
}

/// A unit's 机构编制管理证-style sheet: its posts, leadership positions, 文号 history.
fn unit_sheet(
    store: &Store,
    opts: &ReportOptions,
    path: &Path,
) -> Result<ReportSummary, ExportError> {
    let se = store_err(path);
    let org = opts.org.ok_or_else(|| ExportError {
        path: path.display().to_string(),
        message: "请指定单位（--org 单位全称）".into(),
    })?;
    let o = store.org(org).map_err(&se)?;
    let stats = CountyStats::derive(store, None).map_err(&se)?;
    let s = stats
        .orgs
        .iter()
        .find(|x| x.id == org.0)
        .ok_or_else(|| ExportError {
            path: path.display().to_string(),
            message: format!("找不到单位 {}", o.name),
        })?;
    let mut wb = Workbook::new();
    let title = format!("{}机构编制管理证", o.name);
    let mut sheet = Sheet::new(
        &mut wb,
        "管理证",
        &title,
        &["项目", "核定", "实有", "空编"],
        opts,
        path,
        false,
    )?;
    for pt in PostType::ALL {
        let c = s.posts.get(pt);
        if c.approved != 0 || c.occupied != 0 {
            sheet.row(
                &[t(pt.label()), n(c.approved), n(c.occupied), n(c.vacancy)],
                false,
            )?;
        }
    }
    sheet.row(
        &[
            t("合计"),
            n(s.total.approved),
            n(s.total.occupied),
            n(s.total.vacancy),
        ],
        true,
    )?;
    sheet.row(
        &[t("领导职数（正职）"), n(o.leaders_chief), t(""), t("")],
        false,
    )?;
    sheet.row(
        &[t("领导职数（副职）"), n(o.leaders_deputy), t(""), t("")],
        false,
    )?;
    sheet.finish()?;
    let history = store.entries(Some(org)).map_err(&se)?;
    let mut h = Sheet::new(
        &mut wb,
        "文号记录",
        &format!("{}编制变动记录", o.name),
        &["日期", "文号", "事项", "编制类型", "数量", "事由"],
        opts,
        path,
        false,
    )?;
    for e in &history {
        let sign = if e.movement.to == crate::domain::Account::Org(org) {
            1
        } else {
            -1
        };
        h.row(
            &[
                t(e.date.to_string()),
                t(&e.doc_no),
                t(e.kind.label()),
                t(e.movement.post_type.label()),
                n(sign * e.movement.count),
                t(&e.reason),
            ],
            false,
        )?;
    }
    h.finish()?;
    save(&mut wb, path)?;
    Ok(ReportSummary {
        rows: history.len(),
        totals: vec![("合计核定".into(), s.total.approved)],
    })
}

/// 编制事项统计: per-year counts and every application.
fn applications(
    store: &Store,
    opts: &ReportOptions,
    path: &Path,
) -> Result<ReportSummary, ExportError> {
    let se = store_err(path);
    let years = store.application_years().map_err(&se)?;
    let mut wb = Workbook::new();
    let mut sheet = Sheet::new(
        &mut wb,
        "逐年统计",
        "编制事项统计",
        &["年度", "收到", "受理", "合理化建议"],
        opts,
        path,
        false,
    )?;
    let mut totals = [0i64; 3];
    for (y, c) in &years {
        totals[0] += c.received;
        totals[1] += c.accepted;
        totals[2] += c.suggestions;
        sheet.row(
            &[
                n(i64::from(*y)),
                n(c.received),
                n(c.accepted),
                n(c.suggestions),
            ],
            false,
        )?;
    }
    sheet.row(&[t("合计"), n(totals[0]), n(totals[1]), n(totals[2])], true)?;
    sheet.finish()?;
    let apps = store.applications(None).map_err(&se)?;
    let names: std::collections::HashMap<OrgId, String> = store
        .orgs()
        .map_err(&se)?
        .into_iter()
        .map(|o| (o.id, o.name))
        .collect();
    let mut list = Sheet::new(
        &mut wb,
        "事项清单",
        "编制事项清单",
        &["编号", "单位", "类别", "申请", "收到日期", "状态", "文号"],
        opts,
        path,
        true,
    )?;
    for a in &apps {
        list.row(
            &[
                n(a.id),
                t(names.get(&a.org).cloned().unwrap_or_default()),
                t(a.kind.label()),
                t(a.post_type.map_or(String::new(), |p| {
                    format!("{} {} 名", p.label(), a.requested)
                })),
                t(&a.received_on),
                t(a.state.label()),
                t(&a.doc_no),
            ],
            false,
        )?;
    }
    list.finish()?;
    save(&mut wb, path)?;
    Ok(ReportSummary {
        rows: apps.len(),
        totals: vec![
            ("收到".into(), totals[0]),
            ("受理".into(), totals[1]),
            ("合理化建议".into(), totals[2]),
        ],
    })
}

/// 评估结果汇总: every evaluation (of a year, when given) with total, grade and rank.
fn evaluations(
    store: &Store,
    opts: &ReportOptions,
    path: &Path,
) -> Result<ReportSummary, ExportError> {
    let se = store_err(path);
    let today = opts.date.unwrap_or_else(crate::clock::today);
    let all = store.evaluations(today).map_err(&se)?;
    let mut wb = Workbook::new();
    let mut sheet = Sheet::new(
        &mut wb,
        "评估结果",
        "评估结果汇总",
        &[
            "年度",
            "单位",
            "指标体系",
            "总分",
            "等次",
            "排名",
            "参评单位数",
            "状态",
            "汇报日期",
        ],
        opts,
        path,
        true,
    )?;
    let mut rows = 0;
    for e in all.iter().filter(|e| opts.year.is_none_or(|y| y == e.year)) {
        rows += 1;
        sheet.row(
            &[
                n(i64::from(e.year)),
                t(&e.org_name),
                t(format!("{} 第 {} 版", e.system_name, e.version)),
                Value::Points(e.total),
                t(&e.grade),
                n(e.rank as i64),
                n(e.of as i64),
                t(e.state_label()),
                t(e.report_date.clone().unwrap_or_default()),
            ],
            false,
        )?;
    }
    sheet.finish()?;
    save(&mut wb, path)?;
    Ok(ReportSummary {
        rows,
        totals: vec![("评估单位".into(), rows as i64)],
    })
}

/// 乡镇编制分配表: each township against the standard in force, with a totals row.
fn township(
    store: &Store,
    opts: &ReportOptions,
    path: &Path,
) -> Result<ReportSummary, ExportError> {
    use crate::domain::TownshipClass;
    let se = store_err(path);
    let year = opts.year.unwrap_or_else(crate::clock::this_year);
    let rows = store.township_grid(12, year).map_err(&se)?;
    let standard = store.township_standard(None).map_err(&se)?;
    let s = &standard.standard;
    let title = format!(
        "乡镇（街道）编制分配表（一类 行政 {} 名、事业 {} 名；二类 行政 {} 名、事业 {} 名；{}）",
        s.class1_admin,
        s.institution_for(TownshipClass::One),
        s.class2_admin,
        s.institution_for(TownshipClass::Two),
        standard.source_label()
    );
    let headers = [
        "乡镇（街道）",
        "类别",
        "标准行政",
        "标准事业",
        "行政核定",
        "行政实有",
        "行政空编",
        "事业核定",
        "事业实有",
        "事业空编",
        "闲置空编",
        "行政差额",
        "事业差额",
        "三月备案",
    ];
    let mut wb = Workbook::new();
    let mut sheet = Sheet::new(
        &mut wb,
        "乡镇编制分配表",
        &title,
        &headers,
        opts,
        path,
        true,
    )?;
    let mut totals = [0i64; 9];
    for r in &rows {
        let numbers = [
            r.standard_admin,
            r.standard_institution,
            r.admin_approved,
            r.admin_occupied,
            r.admin_vacancy(),
            r.institution_approved,
            r.institution_occupied,
            r.institution_vacancy(),
            r.idle,
        ];
        let mut row = vec![
            t(&r.name),
            t(r.class.map_or("未分类", TownshipClass::label)),
        ];
        for (k, v) in numbers.iter().enumerate() {
            totals[k] += v;
            row.push(n(*v));
        }
        if r.class.is_some() {
            row.push(n(r.admin_difference()));
            row.push(n(r.institution_difference()));
        } else {
            row.push(t("—"));
            row.push(t("—"));
        }
        row.push(t(r
            .filed_on
            .clone()
            .unwrap_or_else(|| format!("{year} 年未备案"))));
        sheet.row(&row, false)?;
    }
    let mut row = vec![t("合计"), t("")];
    row.extend(totals.iter().map(|v| n(*v)));
    row.extend([t(""), t(""), t("")]);
    sheet.row(&row, true)?;
    sheet.finish()?;
    save(&mut wb, path)?;
    Ok(ReportSummary {
        rows: rows.len(),
        totals: headers[2..11]
            .iter()
            .map(|h| h.to_string())
            .zip(totals)
            .collect(),
    })
}

/// 周转编制台账: pools, issues with due dates, returns, holders, yearly counts.
fn turnover(
    store: &Store,
    opts: &ReportOptions,
    path: &Path,
) -> Result<ReportSummary, ExportError> {
    let se = store_err(path);
    let names: std::collections::HashMap<OrgId, String> = store
        .orgs()
        .map_err(&se)?
        .into_iter()
        .map(|o| (o.id, o.name))
        .collect();
    let name = |o: OrgId| names.get(&o).cloned().unwrap_or_default();
    let pools = store.pool_balances().map_err(&se)?;
    let issues = store.turnover_issues().map_err(&se)?;
    let mut wb = Workbook::new();
    let mut s = Sheet::new(
        &mut wb,
        "周转池",
        "周转编制池",
        &["周转池", "总量", "已下达", "可用"],
        opts,
        path,
        false,
    )?;
    let mut sum = [0i64; 3];
    for (_, pool, b) in &pools {
        sum[0] += b.total;
        sum[1] += b.issued;
        sum[2] += b.available();
        s.row(&[t(pool), n(b.total), n(b.issued), n(b.available())], false)?;
    }
    s.row(&[t("合计"), n(sum[0]), n(sum[1]), n(sum[2])], true)?;
    s.finish()?;
    let mut s = Sheet::new(
        &mut wb,
        "下达台账",
        "周转编制下达台账",
        &[
            "批次",
            "单位",
            "编制类型",
            "下达",
            "文号",
            "下达日期",
            "到期",
            "已收回",
            "在用",
        ],
        opts,
        path,
        true,
    )?;
    for i in &issues {
        s.row(
            &[
                n(i.id),
                t(name(i.org)),
                t(i.post_type.label()),
                n(i.count),
                t(&i.doc_no),
                t(&i.date),
                t(i.due_on.to_string()),
                n(i.returned),
                n(i.holders),
            ],
            false,
        )?;
    }
    s.finish()?;
    let mut s = Sheet::new(
        &mut wb,
        "收回记录",
        "周转编制收回记录",
        &["批次", "数量", "原因", "日期", "文号"],
        opts,
        path,
        false,
    )?;
    for r in store.turnover_returns().map_err(&se)? {
        s.row(
            &[
                n(r.issue),
                n(r.count),
                t(r.reason.label()),
                t(&r.date),
                t(&r.doc_no),
            ],
            false,
        )?;
    }
    s.finish()?;
    let mut s = Sheet::new(
        &mut wb,
        "周转编制人员",
        "周转编制人员",
        &["姓名", "单位", "编制类型", "批次", "到期"],
        opts,
        path,
        false,
    )?;
    for h in store.turnover_holders().map_err(&se)? {
        s.row(
            &[
                t(&h.name),
                t(name(h.org)),
                t(h.post_type.label()),
                n(h.issue),
                t(h.due_on.to_string()),
            ],
            false,
        )?;
    }
    s.finish()?;
    let mut s = Sheet::new(
        &mut wb,
        "逐年统计",
        "周转编制逐年统计",
        &["年度", "下达", "收回", "其中空编置换"],
        opts,
        path,
        false,
    )?;
    for (y, c) in store.turnover_years().map_err(&se)? {
        s.row(
            &[n(i64::from(y)), n(c.issued), n(c.returned), n(c.swapped)],
            false,
        )?;
    }
    s.finish()?;
    save(&mut wb, path)?;
    Ok(ReportSummary {
        rows: issues.len(),
        totals: vec![
            ("总量".into(), sum[0]),
            ("已下达".into(), sum[1]),
            ("可用".into(), sum[2]),
        ],
    })
}

fn save(wb: &mut Workbook, path: &Path) -> Result<(), ExportError> {
    wb.save(path).map_err(|e| ExportError {
        path: path.display().to_string(),
        message: e.to_string(),
    })
}

/// 内设机构人员表: one unit's internal divisions (or every unit's that has any), each with
/// its people; those of the unit in no division listed last as 未分到内设机构. A second
/// sheet sums each division (kind, state, 文号, people).
fn divisions_report(
    store: &Store,
    opts: &ReportOptions,
    path: &Path,
) -> Result<ReportSummary, ExportError> {
    use std::collections::HashMap;
    let se = store_err(path);
    let all = store.all_divisions().map_err(&se)?;
    let mut units: Vec<OrgId> = match opts.org {
        Some(o) => vec![o],
        None => all.iter().map(|d| d.org).collect(),
    };
    units.dedup();
    let names: HashMap<OrgId, String> = store
        .orgs()
        .map_err(&se)?
        .into_iter()
        .map(|o| (o.id, o.name))
        .collect();
    let unit_name = |o: OrgId| names.get(&o).cloned().unwrap_or_default();
    let title = match opts.org {
        Some(o) => format!("{}内设机构人员表", unit_name(o)),
        None => "内设机构人员表".to_string(),
    };
    let mut wb = Workbook::new();
    let mut rows = 0;
    let mut summary: Vec<Vec<Value>> = Vec::new();
    {
        let headers = [
            "单位",
            "内设机构",
            "类别",
            "序号",
            "姓名",
            "性别",
            "身份证号",
            "职务",
        ];
        let mut sheet = Sheet::new(&mut wb, "人员", &title, &headers, opts, path, true)?;
        for &org in &units {
            let people = store.people_of_org(org).map_err(&se)?;
            let mut placed = std::collections::HashSet::new();
            let mut groups: Vec<(String, &str, Vec<crate::domain::PersonId>)> = Vec::new();
            for d in all.iter().filter(|d| d.org == org && d.is_active()) {
                let members = store.division_members(d.id).map_err(&se)?;
                placed.extend(members.iter().copied());
                let kind = match (d.confirmed, d.kind) {
                    (false, _) => "待确认",
                    (true, Some(k)) => k.label(),
                    (true, None) => "",
                };
                summary.push(vec![
                    t(unit_name(org)),
                    t(&d.name),
                    t(kind),
                    t(d.state_label()),
                    t(&d.created_doc),
                    n(d.people),
                ]);
                groups.push((d.name.clone(), kind, members));
            }
            let rest: Vec<_> = people
                .iter()
                .map(|p| p.id)
                .filter(|p| !placed.contains(p))
                .collect();
            if !rest.is_empty() {
                groups.push(("（未分到内设机构）".to_string(), "", rest));
            }
            let by_id: HashMap<_, _> = people.iter().map(|p| (p.id, p)).collect();
            for (division, kind, members) in groups {
                for (k, pid) in members.iter().enumerate() {
                    let Some(p) = by_id.get(pid) else { continue };
                    sheet.row(
                        &[
                            t(unit_name(org)),
                            t(&division),
                            t(kind),
                            n(k as i64 + 1),
                            t(&p.details.name),
                            t(p.details.gender.map_or("", |g| g.label())),
                            t(opts.id_shown(p.id_number.as_str())),
                            t(p.details.position.clone().unwrap_or_default()),
                        ],
                        false,
                    )?;
                    rows += 1;
                }
            }
        }
        sheet.row(
            &[
                t("合计"),
                t(""),
                t(""),
                n(rows as i64),
                t(""),
                t(""),
                t(""),
                t(""),
            ],
            true,
        )?;
        sheet.finish()?;
    }
    {
        let headers = ["单位", "内设机构", "类别", "状态", "设立文号", "人数"];
        let mut sheet = Sheet::new(&mut wb, "内设机构", &title, &headers, opts, path, false)?;
        let total: i64 = summary
            .iter()
            .map(|r| match r.last() {
                Some(Value::Num(v)) => *v,
                _ => 0,
            })
            .sum();
        for r in &summary {
            sheet.row(r, false)?;
        }
        sheet.row(&[t("合计"), t(""), t(""), t(""), t(""), n(total)], true)?;
        sheet.finish()?;
    }
    save(&mut wb, path)?;
    Ok(ReportSummary {
        rows,
        totals: vec![("人数".into(), rows as i64)],
    })
}

/// 乡镇人员分工备案 of a year: each township's filing (received, 逾期, people, changes
/// since last year's) on one sheet, every filed line (division, duties, position) on a
/// second, what changed on a third.
fn filings_report(
    store: &Store,
    opts: &ReportOptions,
    path: &Path,
) -> Result<ReportSummary, ExportError> {
    let se = store_err(path);
    let year = opts.year.unwrap_or_else(|| {
        use chrono::Datelike;
        crate::clock::today().year()
    });
    let townships: Vec<_> = store
        .orgs()
        .map_err(&se)?
        .into_iter()
        .filter(|o| o.kind == crate::domain::OrgKind::Township)
        .collect();
    let title = format!("{year} 年乡镇（街道）人员分工、任职情况备案");
    let mut filed = Vec::new();
    for o in &townships {
        let f = store.filing(o.id, year).map_err(&se)?;
        let changes = store.filing_changes(o.id, year).map_err(&se)?;
        filed.push((o, f, changes));
    }
    let mut wb = Workbook::new();
    {
        let headers = [
            "乡镇（街道）",
            "收到日期",
            "备案情况",
            "人数",
            "与上年相比变化",
        ];
        let mut sheet = Sheet::new(&mut wb, "汇总", &title, &headers, opts, path, false)?;
        for (o, f, changes) in &filed {
            let (date, state, people) = match f {
                Some(f) if f.late => (f.received_on.clone(), "逾期备案", f.lines.len() as i64),
                Some(f) => (f.received_on.clone(), "按时备案", f.lines.len() as i64),
                None => (String::new(), "未备案", 0),
            };
            sheet.row(
                &[
                    t(&o.name),
                    t(date),
                    t(state),
                    n(people),
                    n(changes.as_ref().map_or(0, |c| c.len() as i64)),
                ],
                false,
            )?;
        }
        sheet.finish()?;
    }
    let mut rows = 0;
    {
        let headers = [
            "乡镇（街道）",
            "序号",
            "姓名",
            "身份证号",
            "所在机构",
            "分工",
            "职务",
        ];
        let mut sheet = Sheet::new(&mut wb, "人员分工", &title, &headers, opts, path, true)?;
        for (o, f, _) in &filed {
            for (k, l) in f.iter().flat_map(|f| f.lines.iter()).enumerate() {
                sheet.row(
                    &[
                        t(&o.name),
                        n(k as i64 + 1),
                        t(&l.name),
                        t(l.id_number
                            .as_deref()
                            .map(|i| opts.id_shown(i))
                            .unwrap_or_default()),
                        t(&l.division),
                        t(&l.duties),
                        t(&l.position),
                    ],
                    false,
                )?;
                rows += 1;
            }
        }
        sheet.finish()?;
    }
    {
        let headers = ["乡镇（街道）", "变化"];
        let mut sheet = Sheet::new(&mut wb, "与上年比较", &title, &headers, opts, path, false)?;
        for (o, _, changes) in &filed {
            for c in changes.iter().flatten() {
                sheet.row(&[t(&o.name), t(c.describe())], false)?;
            }
        }
        sheet.finish()?;
    }
    save(&mut wb, path)?;
    let on_time = filed
        .iter()
        .filter(|(_, f, _)| f.as_ref().is_some_and(|f| !f.late))
        .count();
    let late = filed
        .iter()
        .filter(|(_, f, _)| f.as_ref().is_some_and(|f| f.late))
        .count();
    Ok(ReportSummary {
        rows,
        totals: vec![
            ("按时备案".into(), on_time as i64),
            ("逾期备案".into(), late as i64),
            ("未备案".into(), (filed.len() - on_time - late) as i64),
        ],
    })
}

/// 领导职数情况表: per unit and level, approved, appointed, 高配 and over (无数据 where the
/// unit has no appointment recorded); a second sheet lists the appointments in force.
fn leaders_report(
    store: &Store,
    opts: &ReportOptions,
    path: &Path,
) -> Result<ReportSummary, ExportError> {
    use crate::domain::leadership::Level;
    let se = store_err(path);
    let mut all = store.leadership_all().map_err(&se)?;
    let orgs = store.orgs().map_err(&se)?;
    let mut wb = Workbook::new();
    let title = "领导职数情况表";
    let mut rows = 0;
    let mut over_total = 0;
    {
        let headers = [
            "单位",
            "正职|核定",
            "正职|在任",
            "副职|核定",
            "副职|在任",
            "内设机构正职|核定",
            "内设机构正职|在任",
            "内设机构副职|核定",
            "内设机构副职|在任",
            "高配",
            "超职数",
        ];
        let mut sheet = Sheet::new(&mut wb, "领导职数", title, &headers, opts, path, true)?;
        for o in orgs.iter().filter(|o| opts.org.is_none_or(|id| id == o.id)) {
            let l = all
                .remove(&o.id)
                .unwrap_or_else(crate::store::leadership::Leadership::none);
            if l.approved.total() == 0 && l.over.is_none() {
                continue;
            }
            let mut cells = vec![t(&o.name)];
            for lv in Level::ALL {
                cells.push(n(l.approved.get(lv)));
                cells.push(match l.over {
                    Some(_) => n(l.appointed.get(lv)),
                    None => t("无数据"),
                });
            }
            cells.push(n(l.high_config));
            cells.push(match l.over {
                Some(o) => {
                    over_total += o.total();
                    n(o.total())
                }
                None => t("无数据"),
            });
            sheet.row(&cells, false)?;
            rows += 1;
        }
        sheet.finish()?;
    }
    {
        let headers = [
            "单位",
            "姓名",
            "职务",
            "层级",
            "级别",
            "高配",
            "任职日期",
            "任职文号",
        ];
        let mut sheet = Sheet::new(&mut wb, "在任领导", title, &headers, opts, path, true)?;
        for o in orgs.iter().filter(|o| opts.org.is_none_or(|id| id == o.id)) {
            for a in store
                .appointments(o.id)
                .map_err(&se)?
                .into_iter()
                .filter(|a| a.in_force)
            {
                sheet.row(
                    &[
                        t(&o.name),
                        t(&a.name),
                        t(&a.position),
                        t(a.level.label()),
                        t(&a.rank),
                        t(if a.high_config { "是" } else { "" }),
                        t(&a.appointed_on),
                        t(&a.appoint_doc),
                    ],
                    false,
                )?;
            }
        }
        sheet.finish()?;
    }
    save(&mut wb, path)?;
    Ok(ReportSummary {
        rows,
        totals: vec![("超职数".into(), over_total)],
    })
}

/// 编外人员情况表: per unit, the control number, the people in service and how many over;
/// a second sheet lists everyone in service.
fn outside_report(
    store: &Store,
    opts: &ReportOptions,
    path: &Path,
) -> Result<ReportSummary, ExportError> {
    let se = store_err(path);
    let figures = store.outside_figures().map_err(&se)?;
    let orgs = store.orgs().map_err(&se)?;
    let mut wb = Workbook::new();
    let title = "编外人员情况表";
    let (mut control, mut count, mut over) = (0, 0, 0);
    let mut rows = 0;
    {
        let headers = ["单位", "控制数", "在岗人数", "超控制数"];
        let mut sheet = Sheet::new(&mut wb, "汇总", title, &headers, opts, path, false)?;
        for o in orgs.iter().filter(|o| opts.org.is_none_or(|id| id == o.id)) {
            let Some(f) = figures.get(&o.id) else {
                continue;
            };
            sheet.row(&[t(&o.name), n(f.control), n(f.count), n(f.over())], false)?;
            control += f.control;
            count += f.count;
            over += f.over();
            rows += 1;
        }
        sheet.row(&[t("合计"), n(control), n(count), n(over)], true)?;
        sheet.finish()?;
    }
    {
        let headers = ["单位", "姓名", "身份证号", "用工形式", "起始日期", "备注"];
        let mut sheet = Sheet::new(&mut wb, "名册", title, &headers, opts, path, false)?;
        let names: std::collections::HashMap<OrgId, &str> =
            orgs.iter().map(|o| (o.id, o.name.as_str())).collect();
        for p in store
            .outside_staff(opts.org)
            .map_err(&se)?
            .into_iter()
            .filter(|p| p.ended_on.is_none())
        {
            let id = p
                .id_number
                .as_deref()
                .map_or(String::new(), |i| opts.id_shown(i));
            sheet.row(
                &[
                    t(names.get(&p.org).copied().unwrap_or("")),
                    t(&p.name),
                    t(id),
                    t(p.kind.label()),
                    t(&p.started_on),
                    t(&p.note),
                ],
                false,
            )?;
        }
        sheet.finish()?;
    }
    save(&mut wb, path)?;
    Ok(ReportSummary {
        rows,
        totals: vec![
            ("控制数".into(), control),
            ("在岗人数".into(), count),
            ("超控制数".into(), over),
        ],
    })
}

/// 机构沿革: each unit's history (更名, 合并, 撤销) with date and 文号 — one unit's, or every
/// unit's that has one.
fn history_report(
    store: &Store,
    opts: &ReportOptions,
    path: &Path,
) -> Result<ReportSummary, ExportError> {
    let se = store_err(path);
    let orgs = store.orgs().map_err(&se)?;
    let mut wb = Workbook::new();
    let headers = ["单位（现名）", "日期", "沿革", "文号"];
    let mut sheet = Sheet::new(&mut wb, "机构沿革", "机构沿革", &headers, opts, path, false)?;
    let mut rows = 0;
    for o in orgs.iter().filter(|o| opts.org.is_none_or(|id| id == o.id)) {
        for e in store.unit_history(o.id).map_err(&se)? {
            sheet.row(
                &[t(&o.name), t(&e.date), t(e.describe()), t(&e.doc_no)],
                false,
            )?;
            rows += 1;
        }
    }
    sheet.finish()?;
    save(&mut wb, path)?;
    Ok(ReportSummary {
        rows,
        totals: vec![("沿革".into(), rows as i64)],
    })
}

/// 核查问题台账: each source's latest round, findings by unit with kind and state; a
/// summary by unit and state first.
fn findings_report(
    store: &Store,
    opts: &ReportOptions,
    path: &Path,
) -> Result<ReportSummary, ExportError> {
    use crate::store::reconcile::FindingState;
    let se = store_err(path);
    let findings = store.findings(None, opts.org).map_err(&se)?;
    let mut wb = Workbook::new();
    let title = "核查问题台账";
    let mut by_unit: std::collections::BTreeMap<&str, [i64; 5]> = Default::default();
    for f in &findings {
        let c = by_unit.entry(f.finding.unit.as_str()).or_default();
        c[0] += 1;
        match f.state {
            FindingState::Open => c[1] += 1,
            FindingState::Verified | FindingState::Explained => c[2] += 1,
            FindingState::Rectify => c[3] += 1,
        }
        if !f.cleared() {
            c[4] += 1;
        }
    }
    let mut total = [0i64; 5];
    {
        let headers = [
            "单位",
            "问题数",
            "待处理",
            "核实无误或已说明",
            "需整改",
            "未销号",
        ];
        let mut sheet = Sheet::new(&mut wb, "汇总", title, &headers, opts, path, false)?;
        for (unit, c) in &by_unit {
            let unit = if unit.is_empty() {
                "（名单单位未对上）"
            } else {
                unit
            };
            sheet.row(
                &[t(unit), n(c[0]), n(c[1]), n(c[2]), n(c[3]), n(c[4])],
                false,
            )?;
            for k in 0..5 {
                total[k] += c[k];
            }
        }
        sheet.row(
            &[
                t("合计"),
                n(total[0]),
                n(total[1]),
                n(total[2]),
                n(total[3]),
                n(total[4]),
            ],
            true,
        )?;
        sheet.finish()?;
    }
    {
        let headers = [
            "单位",
            "名单",
            "核查日期",
            "问题类别",
            "姓名",
            "身份证号",
            "情况",
            "处理",
            "说明",
            "整改状态",
            "通知书",
        ];
        let mut sheet = Sheet::new(&mut wb, "明细", title, &headers, opts, path, true)?;
        for f in &findings {
            let rect = match f.rectification_state.as_deref() {
                Some("done") => "已整改",
                Some(_) => "整改中",
                None => "",
            };
            let detail = if opts.full_ids {
                f.finding.detail.clone()
            } else {
                crate::domain::id_number::mask_in_text(&f.finding.detail)
            };
            sheet.row(
                &[
                    t(&f.finding.unit),
                    t(f.source.label()),
                    t(f.held_on.to_string()),
                    t(f.finding.code.label(f.source)),
                    t(&f.finding.name),
                    t(opts.id_shown(&f.finding.id_number)),
                    t(detail),
                    t(f.state.label()),
                    t(&f.state_note),
                    t(rect),
                    t(f.notice.clone().unwrap_or_default()),
                ],
                false,
            )?;
        }
        sheet.finish()?;
    }
    save(&mut wb, path)?;
    Ok(ReportSummary {
        rows: findings.len(),
        totals: vec![
            ("问题数".into(), total[0]),
            ("待处理".into(), total[1]),
            ("需整改".into(), total[3]),
            ("未销号".into(), total[4]),
        ],
    })
}

/// 整改通知书 of one unit: its latest numbered notice, as issued (A4, ready to print).
fn rectification_notice_report(
    store: &Store,
    opts: &ReportOptions,
    path: &Path,
) -> Result<ReportSummary, ExportError> {
    let se = store_err(path);
    let fail = |message: String| ExportError {
        path: path.display().to_string(),
        message,
    };
    let org = opts
        .org
        .ok_or_else(|| fail("整改通知书须指定单位（--org）".into()))?;
    let unit = store.org(org).map_err(&se)?;
    let latest = store.rectification_notice(org).map_err(&se)?;
    let issued = latest
        .map(|n| store.notice(&n.number))
        .transpose()
        .map_err(&se)?
        .flatten()
        .ok_or_else(|| {
            fail(format!(
                "“{}”没有需整改的核查问题，无法出具整改通知书（先在核查中把问题标为需整改）",
                unit.name
            ))
        })?;
    super::write_notice(&issued, path)?;
    let rows = issued.content.table_rows.len();
    Ok(ReportSummary {
        rows,
        totals: vec![("问题数".into(), rows as i64)],
    })
}

/// 退休预测: people on posts reaching statutory retirement from this year through the
/// fifth (and those past it), by unit and post type per year, then the list.
fn retirements_report(
    store: &Store,
    opts: &ReportOptions,
    path: &Path,
) -> Result<ReportSummary, ExportError> {
    use chrono::Datelike;
    let se = store_err(path);
    let first = opts.year.unwrap_or_else(|| crate::clock::today().year());
    let years: Vec<i32> = (first..first + 5).collect();
    let lines: Vec<_> = store
        .retirement_horizon_until(Some(first + 4))
        .map_err(&se)?
        .into_iter()
        .filter(|l| opts.org.is_none_or(|o| o == l.org_id))
        .filter(|l| l.retires_in.year < first + 5)
        .collect();
    let mut wb = Workbook::new();
    let title = format!("{}—{} 年到龄退休预测", first, first + 4);
    let mut total = vec![0i64; years.len() + 2];
    {
        let mut headers: Vec<String> =
            vec!["单位".into(), "编制类型".into(), "已到龄未出编".into()];
        headers.extend(years.iter().map(|y| format!("{y}年")));
        headers.push("合计".into());
        let h: Vec<&str> = headers.iter().map(String::as_str).collect();
        let mut sheet = Sheet::new(&mut wb, "汇总", &title, &h, opts, path, true)?;
        let rows = crate::domain::retirement::forecast(
            lines
                .iter()
                .map(|l| (l.unit.as_str(), l.post_type, l.retires_in)),
            first,
            years.len(),
        );
        for r in &rows {
            let mut cells: Vec<i64> = vec![r.past];
            cells.extend(&r.by_year);
            cells.push(r.total());
            let mut row = vec![t(&r.unit), t(r.post_type.label())];
            row.extend(cells.iter().map(|v| n(*v)));
            sheet.row(&row, false)?;
            for (k, v) in cells.iter().enumerate() {
                total[k] += v;
            }
        }
        let mut row = vec![t("合计"), t("")];
        row.extend(total.iter().map(|v| n(*v)));
        sheet.row(&row, true)?;
        sheet.finish()?;
    }
    {
        let headers = [
            "退休年月",
            "单位",
            "姓名",
            "身份证号",
            "编制类型",
            "适用规则",
            "备注",
        ];
        let mut sheet = Sheet::new(&mut wb, "名单", &title, &headers, opts, path, true)?;
        for l in &lines {
            let note = if l.may_retire_at_60 {
                "县处级或高级职称女性，可能适用60岁，待确认"
            } else if l.rule_confirmed {
                "规则已确认"
            } else {
                ""
            };
            sheet.row(
                &[
                    t(l.retires_in.to_string()),
                    t(&l.unit),
                    t(&l.name),
                    t(opts.id_shown(&l.id_number)),
                    t(l.post_type.label()),
                    t(l.rule.label()),
                    t(note),
                ],
                false,
            )?;
        }
        sheet.finish()?;
    }
    save(&mut wb, path)?;
    let mut totals = vec![("已到龄未出编".to_string(), total[0])];
    totals.extend(
        years
            .iter()
            .enumerate()
            .map(|(k, y)| (format!("{y}年"), total[k + 1])),
    );
    Ok(ReportSummary {
        rows: lines.len(),
        totals,
    })
}
