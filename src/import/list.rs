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
    /// The header row's texts, by column.
    pub headers: Vec<(u32, String)>,
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

/// How to find a list's columns: the words of its name column, the words of each column
/// wanted, and headers forced to a wanted column (its index) or left unread (`None`).
pub(crate) struct ListSpec<'a> {
    pub name_words: &'a [&'a str],
    pub wanted: &'a [&'a [&'a str]],
    pub forced: &'a [(String, Option<usize>)],
}

/// The 姓名 column of a header row and the columns of `wanted` (a forced header first,
/// then a header equal to one of its words, then one containing any; each column serves
/// one field, spaces ignored); `None` when the row has no name column.
fn find_columns(cells: &[(u32, Value)], spec: &ListSpec) -> Option<(u32, Vec<Option<u32>>)> {
    let text = |v: &Value| {
        v.text()
            .map(|t| t.chars().filter(|c| !c.is_whitespace()).collect::<String>())
            .unwrap_or_default()
    };
    let texts: Vec<(u32, String)> = cells.iter().map(|(c, v)| (*c, text(v))).collect();
    let forced_to = |t: &str| spec.forced.iter().find(|(h, _)| h == t).map(|(_, f)| *f);
    let name = texts
        .iter()
        .find(|(_, t)| spec.name_words.contains(&t.as_str()) && forced_to(t).is_none())
        .map(|(c, _)| *c)?;
    let mut claimed: Vec<u32> = vec![name];
    let mut columns: Vec<Option<u32>> = vec![None; spec.wanted.len()];
    for (c, t) in &texts {
        if let Some(Some(field)) = forced_to(t)
            && field < columns.len()
            && columns[field].is_none()
        {
            columns[field] = Some(*c);
            claimed.push(*c);
        }
        if forced_to(t).is_some() {
            claimed.push(*c);
        }
    }
    for exact in [true, false] {
        for (i, words) in spec.wanted.iter().enumerate() {
            if columns[i].is_some() {
                continue;
            }
            columns[i] = texts
                .iter()
                .find(|(c, t)| {
                    !claimed.contains(c)
                        && words
                            .iter()
                            .any(|w| if exact { t == w } else { t.contains(w) })
                })
                .map(|(c, _)| *c);
            claimed.extend(columns[i]);
        }
    }
    Some((name, columns))
}

/// The first sheet of the workbook at `path` with a 姓名 header; `Err` with the file's name
/// (for the caller's message) when no sheet has one.
pub(crate) fn read_list(path: &Path, wanted: &[&[&str]]) -> Result<ListSheet, ImportError> {
    read_list_with(
        path,
        &ListSpec {
            name_words: &["姓名"],
            wanted,
            forced: &[],
        },
    )
}

/// [`read_list`] with the name column's words and forced headers of `spec`.
pub(crate) fn read_list_with(path: &Path, spec: &ListSpec) -> Result<ListSheet, ImportError> {
    let file = file_name(path);
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let mut book = Book::open(read_file(path)?, &ext)?;
    let progress = Progress::new();
    for sheet in book.sheet_names.clone() {
        let mut found: Option<(u32, Vec<Option<u32>>)> = None;
        let mut headers = Vec::new();
        let mut scanned = 0;
        let mut rows = Vec::new();
        book.for_each_row(&sheet, &progress, |row, cells| {
            if found.is_none() {
                found = find_columns(cells, spec);
                if found.is_some() {
                    headers = cells
                        .iter()
                        .filter_map(|(c, v)| v.text().map(|t| (*c, t)))
                        .collect();
                }
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
                headers,
                rows,
            });
        }
    }
    Err(ImportError::NoHeader(file))
}
