//! A township's March filing (人员分工、任职情况) read from its workbook: the first sheet
//! with a 姓名 column; 身份证号, 所在机构 (内设机构, 科室, 站所), 分工 and 职务 taken where the
//! header names them. Nothing is written here: the lines go to the filing dialog, shown
//! for the clerk to check, and are recorded only when confirmed.

use super::ImportError;
use super::list::{cell_text, read_list};
use crate::domain::IdNumber;
use crate::domain::township::FilingLine;
use std::path::Path;

/// The lines read, and what was odd about them (file, sheet, row, column in each message).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FilingRead {
    pub lines: Vec<FilingLine>,
    pub problems: Vec<String>,
}

/// Reads a filing workbook. A file with no sheet holding a 姓名 header is an error; rows
/// without a name are skipped with a problem, an ID number that is not valid is kept as
/// written with a problem.
pub fn read_filing(path: &Path) -> Result<FilingRead, ImportError> {
    let list = read_list(
        path,
        &[
            &["身份证", "身份号码"],
            &["所在机构", "内设机构", "科室", "站所", "所在部门"],
            &["分工", "职责"],
            &["职务"],
        ],
    )
    .map_err(|e| match e {
        ImportError::NoHeader(file) => ImportError::NoHeader(format!(
            "“{file}”中没有找到“姓名”列：备案表须有姓名，以及身份证号、所在机构、分工、职务等列"
        )),
        other => other,
    })?;
    let name_col = list.name_col;
    let [id_col, div_col, duty_col, pos_col] = list.columns[..] else {
        unreachable!("four columns asked for")
    };
    let mut out = FilingRead::default();
    for (row, cells) in &list.rows {
        let get = |c: Option<u32>| cell_text(cells, c);
        let name: String = get(Some(name_col))
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        let id = get(id_col);
        let (division, duties, position) = (get(div_col), get(duty_col), get(pos_col));
        if name.is_empty() {
            if !(id.is_empty() && division.is_empty() && duties.is_empty()) {
                out.problems
                    .push(format!("{}：没有姓名，此行未读入", list.at(*row, name_col)));
            }
            continue;
        }
        if let Some(c) = id_col
            && !id.is_empty()
            && let Err(e) = IdNumber::parse(&id)
        {
            out.problems.push(format!(
                "{}：{name}的身份证号“{id}”{e}，按原样记入",
                list.at(*row, c)
            ));
        }
        out.lines.push(FilingLine {
            name,
            id_number: (!id.is_empty()).then_some(id),
            division,
            duties,
            position,
        });
    }
    if out.lines.is_empty() {
        return Err(ImportError::Empty(format!(
            "“{}”工作表“{}”有表头但没有人员",
            list.file, list.sheet
        )));
    }
    Ok(out)
}
