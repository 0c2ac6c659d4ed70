//! A register of 编外人员 read from a workbook: the first sheet with a 姓名 column; 单位,
//! 身份证号, 用工形式 (聘用, 劳务派遣, 公益性岗位, 其他), 起始日期 and 备注 where the header
//! names them. Nothing is written here: the rows go to a review dialog and are registered
//! only when the clerk confirms; a row that cannot be read is listed with where it is.

use super::ImportError;
use super::list::{cell, cell_text, read_list};
use super::roster::read_date;
use crate::domain::outside::OutsideKind;
use crate::store::Store;
use crate::store::outside::OutsideRequest;
use std::path::Path;

/// The rows read (with the unit's name as written, for the review), and the problems.
#[derive(Debug, Clone, Default)]
pub struct OutsideRead {
    pub rows: Vec<(String, OutsideRequest)>,
    pub problems: Vec<String>,
}

/// Reads a register of 编外人员; a unit missing from the sheet is `default_org` (the unit
/// the clerk imports for), else the row is a problem.
pub fn read_outside(
    store: &Store,
    path: &Path,
    default_org: Option<crate::domain::OrgId>,
) -> Result<OutsideRead, ImportError> {
    let list = read_list(
        path,
        &[
            &["单位"],
            &["身份证", "身份号码"],
            &["用工形式", "用工类型", "人员类别", "类别", "性质"],
            &["起始", "用工时间", "进入时间", "聘用时间", "入职"],
            &["备注"],
        ],
    )
    .map_err(|e| match e {
        ImportError::NoHeader(file) => ImportError::NoHeader(format!(
            "“{file}”中没有找到“姓名”列：编外人员名册须有姓名、单位、用工形式等列"
        )),
        other => other,
    })?;
    let name_col = list.name_col;
    let [unit_col, id_col, kind_col, date_col, note_col] = list.columns[..] else {
        unreachable!("five columns asked for")
    };
    let today = crate::clock::today();
    let mut out = OutsideRead::default();
    for (row, cells) in &list.rows {
        let get = |c: Option<u32>| cell_text(cells, c);
        let at = |col: u32| list.at(*row, col);
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
        let started_on = match cell(cells, date_col).map(read_date) {
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
    Ok(out)
}
