//! A township's March filing (人员分工、任职情况) read from its workbook: the first sheet
//! with a 姓名 column; 身份证号, 所在机构 (内设机构, 科室, 站所), 分工 and 职务 taken where the
//! header names them. Nothing is written here: the lines go to the filing dialog, shown
//! for the clerk to check, and are recorded only when confirmed.

use super::book::{Book, Value};
use super::header::column_letter;
use super::{ImportError, Progress, file_name, read_file};
use crate::domain::IdNumber;
use crate::domain::township::FilingLine;
use std::ops::ControlFlow;
use std::path::Path;

/// The lines read, and what was odd about them (file, sheet, row, column in each message).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FilingRead {
    pub lines: Vec<FilingLine>,
    pub problems: Vec<String>,
}

/// Which column holds what: (姓名, 身份证号, 所在机构, 分工, 职务).
type Columns = (u32, Option<u32>, Option<u32>, Option<u32>, Option<u32>);

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
        col(&["身份证", "身份号码"]),
        col(&["所在机构", "内设机构", "科室", "站所", "所在部门"]),
        col(&["分工", "职责"]),
        col(&["职务"]),
    ))
}

/// Reads a filing workbook. A file with no sheet holding a 姓名 header is an error; rows
/// without a name are skipped with a problem, an ID number that is not valid is kept as
/// written with a problem.
pub fn read_filing(path: &Path) -> Result<FilingRead, ImportError> {
    let file = file_name(path);
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let mut book = Book::open(read_file(path)?, &ext)?;
    let progress = Progress::new();
    for sheet in book.sheet_names.clone() {
        let mut columns: Option<Columns> = None;
        let mut out = FilingRead::default();
        let mut scanned = 0;
        book.for_each_row(&sheet, &progress, |row, cells| {
            let Some((name_col, id_col, div_col, duty_col, pos_col)) = columns else {
                columns = find_columns(cells);
                scanned += 1;
                // The header is near the top (under a title and a 填报单位 line).
                return if columns.is_none() && scanned > 10 {
                    ControlFlow::Break(())
                } else {
                    ControlFlow::Continue(())
                };
            };
            let get = |c: Option<u32>| {
                c.and_then(|c| cells.iter().find(|(k, _)| *k == c))
                    .map(|(_, v)| v.display().trim().to_string())
                    .unwrap_or_default()
            };
            let name: String = get(Some(name_col))
                .chars()
                .filter(|c| !c.is_whitespace())
                .collect();
            let id = get(id_col);
            let (division, duties, position) = (get(div_col), get(duty_col), get(pos_col));
            let at = |col: u32| {
                format!(
                    "“{file}”工作表“{sheet}”第 {} 行 {} 列",
                    row + 1,
                    column_letter(col)
                )
            };
            if name.is_empty() {
                if !(id.is_empty() && division.is_empty() && duties.is_empty()) {
                    out.problems
                        .push(format!("{}：没有姓名，此行未读入", at(name_col)));
                }
                return ControlFlow::Continue(());
            }
            if let Some(c) = id_col
                && !id.is_empty()
                && let Err(e) = IdNumber::parse(&id)
            {
                out.problems
                    .push(format!("{}：{name}的身份证号“{id}”{e}，按原样记入", at(c)));
            }
            out.lines.push(FilingLine {
                name,
                id_number: (!id.is_empty()).then_some(id),
                division,
                duties,
                position,
            });
            ControlFlow::Continue(())
        })?;
        if columns.is_some() {
            if out.lines.is_empty() {
                return Err(ImportError::Empty(format!(
                    "“{file}”工作表“{sheet}”有表头但没有人员"
                )));
            }
            return Ok(out);
        }
    }
    Err(ImportError::NoHeader(format!(
        "“{file}”中没有找到“姓名”列：备案表须有姓名，以及身份证号、所在机构、分工、职务等列"
    )))
}
