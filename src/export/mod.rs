//! Writing xlsx files (rust_xlsxwriter). For now: the rejected rows of an import, for the
//! clerk to fix and import again.

pub mod reports;

use crate::import::ImportPlan;
use rust_xlsxwriter::{Color, Format, Workbook, XlsxError};
use std::collections::BTreeMap;
use std::path::Path;

/// Why an export failed.
#[derive(Debug, thiserror::Error)]
#[error("无法写入文件“{path}”：{message}")]
pub struct ExportError {
    pub path: String,
    pub message: String,
}

/// Writes the rejected rows of a plan: one sheet per source sheet (same name, so that a
/// sheet whose unit comes from its name keeps it), the original header, the rows as the
/// clerk typed them (every cell as text, so ID numbers stay text), and two more columns:
/// the original row number and the reasons. Returns the number of rows written.
pub fn write_rejected(plan: &ImportPlan, path: &Path) -> Result<usize, ExportError> {
    let err = |e: XlsxError| ExportError {
        path: path.display().to_string(),
        message: e.to_string(),
    };
    let mut wb = Workbook::new();
    let head = Format::new()
        .set_bold()
        .set_background_color(Color::RGB(0xDDEBF7));
    let text = Format::new().set_num_format("@");
    let reason_fmt = Format::new()
        .set_font_color(Color::RGB(0xC00000))
        .set_text_wrap();
    let mut by_sheet: BTreeMap<usize, Vec<&crate::import::RejectedRow>> = BTreeMap::new();
    for r in &plan.rejected {
        by_sheet.entry(r.sheet).or_default().push(r);
    }
    if by_sheet.is_empty() {
        let ws = wb.add_worksheet();
        ws.set_name("无被拒绝的行").map_err(err)?;
        ws.write_string(0, 0, "本次导入没有被拒绝的行。")
            .map_err(err)?;
    }
    let mut written = 0;
    for (sheet, rows) in by_sheet {
        let report = plan.sheets.get(sheet);
        let name = report
            .map(|s| s.name.clone())
            .unwrap_or_else(|| format!("Sheet{}", sheet + 1));
        let labels = report.map(|s| s.labels.clone()).unwrap_or_default();
        let max_col = labels
            .iter()
            .map(|(c, _)| *c)
            .chain(rows.iter().flat_map(|r| r.cells.iter().map(|(c, _)| *c)))
            .max()
            .unwrap_or(0);
        let ws = wb.add_worksheet();
        ws.set_name(sanitize_sheet_name(&name)).map_err(err)?;
        for (c, l) in &labels {
            let l = l.rsplit('-').next().unwrap_or(l);
            ws.write_string_with_format(0, col16(*c), l, &head)
                .map_err(err)?;
        }
        let row_col = col16(max_col + 1);
        let reason_col = col16(max_col + 2);
        ws.write_string_with_format(0, row_col, "原行号", &head)
            .map_err(err)?;
        ws.write_string_with_format(0, reason_col, "问题说明", &head)
            .map_err(err)?;
        for c in 0..=max_col {
            ws.set_column_format(col16(c), &text).map_err(err)?;
        }
        ws.set_column_width(reason_col, 80).map_err(err)?;
        for (i, r) in rows.iter().enumerate() {
            let out = (i + 1) as u32;
            for (c, v) in &r.cells {
                ws.write_string_with_format(out, col16(*c), v, &text)
                    .map_err(err)?;
            }
            ws.write_number(out, row_col, f64::from(r.row))
                .map_err(err)?;
            ws.write_string_with_format(out, reason_col, r.reasons.join("\n"), &reason_fmt)
                .map_err(err)?;
            written += 1;
        }
        ws.set_freeze_panes(1, 0).map_err(err)?;
    }
    wb.save(path).map_err(err)?;
    Ok(written)
}

fn col16(c: u32) -> u16 {
    u16::try_from(c.min(16_383)).unwrap_or(16_383)
}

/// Excel sheet names: at most 31 characters, none of `[]:*?/\`.
fn sanitize_sheet_name(name: &str) -> String {
    let s: String = name
        .chars()
        .map(|c| if "[]:*?/\\".contains(c) { '_' } else { c })
        .take(31)
        .collect();
    if s.trim().is_empty() {
        "Sheet1".to_string()
    } else {
        s
    }
}

/// Writes an indicator system as a sheet (主题, 维度, 指标, 分值, 方法) with the vetoes and
/// grade bands, in the form [`crate::import::read_indicator_system`] reads back.
pub fn write_indicator_system(
    system: &crate::domain::evaluation::IndicatorSystem,
    path: &Path,
) -> Result<(), ExportError> {
    use crate::domain::evaluation::{method_text, points_label};
    let err = |e: XlsxError| ExportError {
        path: path.display().to_string(),
        message: e.to_string(),
    };
    let mut wb = Workbook::new();
    let head = Format::new()
        .set_bold()
        .set_background_color(Color::RGB(0xDDEBF7));
    let ws = wb.add_worksheet();
    ws.set_name("指标").map_err(err)?;
    for (c, h) in ["主题", "维度", "指标", "分值", "方法"].iter().enumerate() {
        ws.write_string_with_format(0, c as u16, *h, &head)
            .map_err(err)?;
    }
    for (r, i) in system.items.iter().enumerate() {
        let r = r as u32 + 1;
        ws.write_string(r, 0, &i.theme).map_err(err)?;
        ws.write_string(r, 1, &i.dimension).map_err(err)?;
        ws.write_string(r, 2, &i.name).map_err(err)?;
        ws.write_string(r, 3, points_label(i.max)).map_err(err)?;
        ws.write_string(r, 4, method_text(i.method, i.auto))
            .map_err(err)?;
    }
    ws.set_column_width(0, 22).map_err(err)?;
    ws.set_column_width(1, 16).map_err(err)?;
    ws.set_column_width(2, 44).map_err(err)?;
    ws.set_column_width(4, 36).map_err(err)?;
    let ws = wb.add_worksheet();
    ws.set_name("一票否决").map_err(err)?;
    ws.write_string_with_format(0, 0, "一票否决事项", &head)
        .map_err(err)?;
    for (r, v) in system.vetoes.iter().enumerate() {
        ws.write_string(r as u32 + 1, 0, v).map_err(err)?;
    }
    let ws = wb.add_worksheet();
    ws.set_name("等次").map_err(err)?;
    ws.write_string_with_format(0, 0, "等次", &head)
        .map_err(err)?;
    ws.write_string_with_format(0, 1, "最低分", &head)
        .map_err(err)?;
    for (r, g) in system.grades.iter().enumerate() {
        ws.write_string(r as u32 + 1, 0, &g.grade).map_err(err)?;
        ws.write_string(r as u32 + 1, 1, points_label(g.min))
            .map_err(err)?;
    }
    wb.save(path).map_err(err)?;
    Ok(())
}

/// The feedback report for a unit (评估反馈): scores by item with deductions and their
/// reasons, vetoes, the total, grade and rank, and the rectification list; set up to print
/// on A4 with the header row repeated.
pub fn write_feedback_report(
    e: &crate::store::evaluations::Evaluation,
    rectifications: &[crate::store::applications::Rectification],
    today: chrono::NaiveDate,
    path: &Path,
) -> Result<(), ExportError> {
    use crate::domain::evaluation::method_label;
    let err = |e: XlsxError| ExportError {
        path: path.display().to_string(),
        message: e.to_string(),
    };
    let mut wb = Workbook::new();
    let title = Format::new().set_bold().set_font_size(14);
    let head = Format::new()
        .set_bold()
        .set_background_color(Color::RGB(0xDDEBF7))
        .set_border(rust_xlsxwriter::FormatBorder::Thin);
    let cell = Format::new()
        .set_border(rust_xlsxwriter::FormatBorder::Thin)
        .set_text_wrap();
    let ws = wb.add_worksheet();
    ws.set_name("评估反馈").map_err(err)?;
    ws.set_paper_size(9)
        .set_landscape()
        .set_print_fit_to_pages(1, 0);
    ws.write_string_with_format(
        0,
        0,
        format!("{}{}年机构编制使用效益评估反馈", e.org_name, e.year),
        &title,
    )
    .map_err(err)?;
    // The summary as label and value cells: total and rank are numbers, and the day the
    // report was made (制表日期) has a cell of its own.
    let points = |tenths: i64| tenths as f64 / 10.0;
    let kept = if e.live {
        "实时数据（评估中，随名册变化）".to_string()
    } else {
        format!("反馈时留存（{}）", e.kept_on.as_deref().unwrap_or(""))
    };
    let summary: [(&str, Option<f64>, String); 7] = [
        ("总分", Some(points(e.total)), String::new()),
        ("等次", None, e.grade.clone()),
        ("排名", Some(e.rank as f64), String::new()),
        ("参评单位", Some(e.of as f64), String::new()),
        (
            "指标体系",
            None,
            format!("{} 第 {} 版", e.system_name, e.version),
        ),
        ("数据", None, kept),
        ("制表日期", None, today.to_string()),
    ];
    for (k, (label, number, text)) in summary.iter().enumerate() {
        let c = 2 * k as u16;
        ws.write_string(1, c, *label).map_err(err)?;
        match number {
            Some(v) => ws.write_number(1, c + 1, *v).map_err(err)?,
            None => ws.write_string(1, c + 1, text).map_err(err)?,
        };
    }
    let headers = [
        "主题",
        "维度",
        "指标",
        "分值",
        "得分",
        "扣分",
        "方法",
        "情况与理由",
        "来源",
    ];
    for (c, h) in headers.iter().enumerate() {
        ws.write_string_with_format(3, c as u16, *h, &head)
            .map_err(err)?;
    }
    ws.set_repeat_rows(3, 3).map_err(err)?;
    let mut row = 4;
    for l in &e.lines {
        let reason = [
            l.auto.as_ref().map(|a| a.text.clone()).unwrap_or_default(),
            l.note.clone(),
            l.evidence.clone(),
        ]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join("；");
        let texts = [
            (0, l.item.theme.clone()),
            (1, l.item.dimension.clone()),
            (2, l.item.name.clone()),
            (6, method_label(l.item.method)),
            (7, reason),
            (8, l.source.clone()),
        ];
        for (c, v) in texts {
            ws.write_string_with_format(row, c, v, &cell).map_err(err)?;
        }
        // 分值, 得分, 扣分 as numbers.
        for (c, v) in [(3, l.item.max), (4, l.score), (5, l.item.max - l.score)] {
            ws.write_number_with_format(row, c, points(v), &cell)
                .map_err(err)?;
        }
        row += 1;
    }
    for (v, note) in &e.vetoes {
        if let Some(n) = note {
            ws.write_string_with_format(row, 0, "一票否决", &cell)
                .map_err(err)?;
            ws.write_string_with_format(row, 2, v, &cell).map_err(err)?;
            ws.write_string_with_format(row, 7, n, &cell).map_err(err)?;
            row += 1;
        }
    }
    row += 1;
    ws.write_string_with_format(row, 0, "整改清单", &title)
        .map_err(err)?;
    row += 1;
    for (c, h) in ["整改事项", "责任人", "期限", "状态"].iter().enumerate() {
        ws.write_string_with_format(row, c as u16, *h, &head)
            .map_err(err)?;
    }
    for r in rectifications {
        row += 1;
        let state = r.label(today);
        for (c, v) in [r.description.as_str(), &r.owner, &r.deadline, state]
            .iter()
            .enumerate()
        {
            ws.write_string_with_format(row, c as u16, *v, &cell)
                .map_err(err)?;
        }
    }
    for (c, w) in [14, 16, 36, 6, 6, 6, 18, 40, 10].iter().enumerate() {
        ws.set_column_width(c as u16, *w).map_err(err)?;
    }
    wb.save(path).map_err(err)?;
    Ok(())
}

/// A numbered notice, print-ready on A4 portrait: title, number, addressee, paragraphs,
/// label–value fields, a table, who signs it and the date — from what was kept when it was
/// issued, so a reprint has the same cells. A voided notice says so under its number.
pub fn write_notice(
    n: &crate::store::notices::IssuedNotice,
    path: &Path,
) -> Result<(), ExportError> {
    use rust_xlsxwriter::{FormatAlign, FormatBorder};
    let err = |e: XlsxError| ExportError {
        path: path.display().to_string(),
        message: e.to_string(),
    };
    let c = &n.content;
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("通知单").map_err(err)?;
    ws.set_paper_size(9).set_print_fit_to_pages(1, 0);
    ws.set_margins(0.8, 0.8, 1.0, 1.0, 0.3, 0.3);
    let columns = c.table_headers.len().max(4);
    let last = (columns - 1) as u16;
    let widths: Vec<f64> = if c.table_headers.is_empty() {
        vec![16.0, 30.0, 16.0, 30.0]
    } else {
        c.table_headers
            .iter()
            .map(|h| match h.as_str() {
                "序号" => 6.0,
                "情况" => 40.0,
                "身份证号" => 22.0,
                _ => 14.0,
            })
            .collect()
    };
    for (k, w) in widths.iter().enumerate() {
        ws.set_column_width(k as u16, *w).map_err(err)?;
    }
    let title = Format::new()
        .set_bold()
        .set_font_size(20)
        .set_align(FormatAlign::Center);
    let centre = Format::new().set_align(FormatAlign::Center);
    let red = Format::new()
        .set_bold()
        .set_font_color(Color::Red)
        .set_align(FormatAlign::Center);
    let body = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    let head = Format::new()
        .set_bold()
        .set_border(FormatBorder::Thin)
        .set_align(FormatAlign::Center)
        .set_text_wrap();
    let cell = Format::new()
        .set_border(FormatBorder::Thin)
        .set_text_wrap()
        .set_align(FormatAlign::VerticalCenter);
    let right = Format::new().set_align(FormatAlign::Right);
    ws.merge_range(0, 0, 0, last, &c.title, &title)
        .map_err(err)?;
    ws.merge_range(1, 0, 1, last, &n.number, &centre)
        .map_err(err)?;
    let mut row = 2;
    if let Some((on, reason)) = &n.voided {
        ws.merge_range(
            row,
            0,
            row,
            last,
            &format!("已作废（{on}）：{reason}"),
            &red,
        )
        .map_err(err)?;
        row += 1;
    }
    row += 1;
    ws.merge_range(row, 0, row, last, &c.addressee, &Format::new())
        .map_err(err)?;
    row += 1;
    for p in &c.paragraphs {
        ws.merge_range(row, 0, row, last, p, &body).map_err(err)?;
        ws.set_row_height(row, 36).map_err(err)?;
        row += 1;
    }
    row += 1;
    // Fields two to a row (label, value, label, value) when there is no table, else one.
    if !c.fields.is_empty() {
        let per_row = if c.table_headers.is_empty() { 2 } else { 1 };
        for chunk in c.fields.chunks(per_row) {
            for (k, (label, value)) in chunk.iter().enumerate() {
                let col = (k * 2) as u16;
                ws.write_string_with_format(row, col, label, &head)
                    .map_err(err)?;
                ws.write_string_with_format(row, col + 1, value, &cell)
                    .map_err(err)?;
            }
            row += 1;
        }
        row += 1;
    }
    if !c.table_headers.is_empty() {
        for (k, h) in c.table_headers.iter().enumerate() {
            ws.write_string_with_format(row, k as u16, h, &head)
                .map_err(err)?;
        }
        row += 1;
        for r in &c.table_rows {
            for (k, v) in r.iter().enumerate() {
                ws.write_string_with_format(row, k as u16, v, &cell)
                    .map_err(err)?;
            }
            row += 1;
        }
        row += 1;
    }
    row += 1;
    let from = last.saturating_sub(1);
    ws.merge_range(row, from, row, last, &c.signer, &right)
        .map_err(err)?;
    ws.merge_range(
        row + 1,
        from,
        row + 1,
        last,
        &n.issued_on.to_string(),
        &right,
    )
    .map_err(err)?;
    wb.save(path).map_err(err)?;
    Ok(())
}
