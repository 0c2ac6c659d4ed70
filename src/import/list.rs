//! A plain list sheet — a township's filing table, a 编外人员 register: the first sheet of a
//! workbook with a 姓名 header in its first ten rows (under a title and a 填报单位 line),
//! its other columns found by words of their headers. The readers of such lists
//! ([`super::filing`], [`super::outside`]) take its rows from here.

use super::book::{Book, Value};
use super::header::column_letter;
use super::{ImportError, Progress, file_name, read_file};
use std::ops::ControlFlow;
use std::path::Path;

/// The sheet found: where the columns are, and its rows after the header.
pub(crate) struct ListSheet {
    pub file: String,
    pub sheet: String,
    pub name_col: u32,
    /// For each header wanted, its column when there is one.
    pub columns: Vec<Option<u32>>,
    /// (0-based row, cells) of every non-empty row under the header.
    pub rows: Vec<(u32, Vec<(u32, Value)>)>,
}

impl ListSheet {
    /// Where a cell is, for a message: file, sheet, row and column.
    pub fn at(&self, row: u32, col: u32) -> String {
        format!(
            "“{}”工作表“{}”第 {} 行 {} 列",
            self.file,
            self.sheet,
            row + 1,
            column_letter(col)
        )
    }
}

/// A cell of a row, by column.
pub(crate) fn cell(cells: &[(u32, Value)], col: Option<u32>) -> Option<&Value> {
    col.and_then(|c| cells.iter().find(|(k, _)| *k == c))
        .map(|(_, v)| v)
}

/// A cell's text as shown, trimmed (empty for none).
pub(crate) fn cell_text(cells: &[(u32, Value)], col: Option<u32>) -> String {
    cell(cells, col)
        .map(|v| v.display().trim().to_string())
        .unwrap_or_default()
}

/// The 姓名 column of a header row and the columns of `wanted` (a header containing any
/// of its words, spaces ignored); `None` when the row has no 姓名.
fn find_columns(cells: &[(u32, Value)], wanted: &[&[&str]]) -> Option<(u32, Vec<Option<u32>>)> {
    let text = |v: &Value| {
        v.text()
            .map(|t| t.chars().filter(|c| !c.is_whitespace()).collect::<String>())
            .unwrap_or_default()
    };
    let name = cells
        .iter()
        .find(|(_, v)| text(v) == "姓名")
        .map(|(c, _)| *c)?;
    let columns = wanted
        .iter()
        .map(|words| {
            cells
                .iter()
                .find(|(_, v)| {
                    let t = text(v);
                    words.iter().any(|w| t.contains(w))
                })
                .map(|(c, _)| *c)
        })
        .collect();
    Some((name, columns))
}

/// The first sheet of the workbook at `path` with a 姓名 header; `Err` with the file's name
/// (for the caller's message) when no sheet has one.
pub(crate) fn read_list(path: &Path, wanted: &[&[&str]]) -> Result<ListSheet, ImportError> {
    let file = file_name(path);
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let mut book = Book::open(read_file(path)?, &ext)?;
    let progress = Progress::new();
    for sheet in book.sheet_names.clone() {
        let mut found: Option<(u32, Vec<Option<u32>>)> = None;
        let mut scanned = 0;
        let mut rows = Vec::new();
        book.for_each_row(&sheet, &progress, |row, cells| {
            if found.is_none() {
                found = find_columns(cells, wanted);
                scanned += 1;
                return if found.is_none() && scanned > 10 {
                    ControlFlow::Break(())
                } else {
                    ControlFlow::Continue(())
                };
            }
            rows.push((row, cells.to_vec()));
            ControlFlow::Continue(())
        })?;
        if let Some((name_col, columns)) = found {
            return Ok(ListSheet {
                file,
                sheet,
                name_col,
                columns,
                rows,
            });
        }
    }
    Err(ImportError::NoHeader(file))
}
