//! A register of 编外人员 read from a workbook: the first sheet with a 姓名 column; 单位,
//! 身份证号, 用工形式 (聘用, 劳务派遣, 公益性岗位, 其他), 起始日期 and 备注 where the header
//! names them. Nothing is written here: the rows go to a review dialog and are registered
//! only when the clerk confirms; a row that cannot be read is listed with where it is.

use super::book::{Book, Value};
use super::header::column_letter;
use super::roster::read_date;
use super::{ImportError, Progress, file_name, read_file};
use crate::domain::outside::OutsideKind;
use crate::store::Store;
use crate::store::outside::OutsideRequest;
use std::ops::ControlFlow;
use std::path::Path;

/// The rows read (with the unit's name as written, for the review), and the problems.
#[derive(Debug, Clone, Default)]
pub struct OutsideRead {
    pub rows: Vec<(String, OutsideRequest)>,
    pub problems: Vec<String>,
}

/// (姓名, 单位, 身份证号, 用工形式, 起始日期, 备注)
type Columns = (
    u32,
    Option<u32>,
    Option<u32>,
    Option<u32>,
    Option<u32>,
    Option<u32>,
);

fn find_columns(cells: &[(u32, Value)]) -> Option<Columns> {
    let text = |v: &Value| {
        v.text()
            .map(|t| t.chars().filter(|c| !c.is_whitespace()).collect::<String>())
            .unwrap_or_default()
    };
    let col = |wanted: &[&str]| {
        cells
            .iter()
            .find(|(_, v)| {
                let t = text(v);
                wanted.iter().any(|w| t.contains(w))
            })
            .map(|(c, _)| *c)
    };
    let name = cells
        .iter()
        .find(|(_, v)| text(v) == "姓名")
        .map(|(c, _)| *c)?;
    Some((
        name,
        col(&["单位"]),
        col(&["身份证", "身份号码"]),
        col(&["用工形式", "用工类型", "人员类别", "类别", "性质"]),
        col(&["起始", "用工时间", "进入时间", "聘用时间", "入职"]),
        col(&["备注"]),
    ))
}

/// Reads a register of 编外人员; a unit missing from the sheet is `default_org` (the unit
/// the clerk imports for), else the row is a problem.
pub fn read_outside(
    store: &Store,
    path: &Path,
    default_org: Option<crate::domain::OrgId>,
) -> Result<OutsideRead, ImportError> {
    let file = file_name(path);
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let mut book = Book::open(read_file(path)?, &ext)?;
    let progress = Progress::new();
    let today = crate::clock::today();
    for sheet in book.sheet_names.clone() {
        let mut columns: Option<Columns> = None;
        let mut scanned = 0;
        let mut cells_read: Vec<(u32, Vec<(u32, Value)>)> = Vec::new();
        book.for_each_row(&sheet, &progress, |row, cells| {
            if columns.is_none() {
                columns = find_columns(cells);
                scanned += 1;
                return if columns.is_none() && scanned > 10 {
                    ControlFlow::Break(())
                } else {
                    ControlFlow::Continue(())
                };
            }
            cells_read.push((row, cells.to_vec()));
            ControlFlow::Continue(())
        })?;
        let Some((name_col, unit_col, id_col, kind_col, date_col, note_col)) = columns else {
            continue;
        };
        let mut out = OutsideRead::default();
        for (row, cells) in cells_read {
            let value = |c: Option<u32>| c.and_then(|c| cells.iter().find(|(k, _)| *k == c));
            let get = |c: Option<u32>| {
                value(c)
                    .map(|(_, v)| v.display().trim().to_string())
                    .unwrap_or_default()
            };
            let at = |col: u32| {
                format!(
                    "“{file}”工作表“{sheet}”第 {} 行 {} 列",
                    row + 1,
                    column_letter(col)
                )
            };
            let name: String = get(Some(name_col))
                .chars()
                .filter(|c| !c.is_whitespace())
                .collect();
            if name.is_empty() || name == "合计" {
                continue;
            }
            let unit = get(unit_col);
            let org = if unit.is_empty() {
                default_org
            } else {
                store.org_by_name(&unit)?.map(|o| o.id)
            };
            let Some(org) = org else {
                let c = unit_col.unwrap_or(name_col);
                out.problems.push(if unit.is_empty() {
                    format!("{}：{name}没有填写单位，此行未读入", at(c))
                } else {
                    format!("{}：找不到单位“{unit}”，此行未读入", at(c))
                });
                continue;
            };
            let kind_text = get(kind_col);
            let Some(kind) = OutsideKind::parse(&kind_text) else {
                out.problems.push(format!(
                    "{}：{name}的用工形式“{kind_text}”无法识别（应为聘用、劳务派遣、公益性岗位或其他），此行未读入",
                    at(kind_col.unwrap_or(name_col))
                ));
                continue;
            };
            let started_on = match value(date_col).map(|(_, v)| read_date(v)) {
                Some(Ok(Some(d))) => d.first_day().unwrap_or(today),
                Some(Err(t)) => {
                    out.problems.push(format!(
                        "{}：{name}的起始日期“{t}”无法识别，此行未读入",
                        at(date_col.unwrap_or(name_col))
                    ));
                    continue;
                }
                _ => today,
            };
            let id = get(id_col);
            out.rows.push((
                if unit.is_empty() {
                    store.org(org).map(|o| o.name).unwrap_or_default()
                } else {
                    unit
                },
                OutsideRequest {
                    org,
                    name,
                    id_number: (!id.is_empty()).then_some(id),
                    kind,
                    started_on,
                    note: get(note_col),
                },
            ));
        }
        return Ok(out);
    }
    Err(ImportError::NoHeader(format!(
        "“{file}”中没有找到“姓名”列：编外人员名册须有姓名、单位、用工形式等列"
    )))
}
