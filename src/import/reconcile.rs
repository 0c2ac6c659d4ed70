//! A list from another department for 核查 (工资统发名单, 在编人员名单, 退休审批名单, 干部任免名单),
//! read from the first sheet with a name column: its columns found by their headers or as a
//! mapping file says (`{"columns": {"职工姓名": "name", "备注": null}}`, field codes as
//! [`ListField::code`]). Nothing is written here: the rows go to a review (and to
//! [`crate::store::Store::reconcile_preview`]); a row that cannot be read is listed with
//! where it is and still matched by what it has.

use super::ImportError;
use super::list::{ListSpec, cell_text, read_list_with};
use crate::domain::reconcile::{IdPattern, ListRow, id_pattern};
use serde_json::Value as Json;
use std::path::Path;

/// A column a list can have.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ListField {
    IdNumber,
    Unit,
    PostType,
    Funding,
    Position,
    Level,
    Action,
    Date,
    DocNo,
}

impl ListField {
    /// Every column but the name, in the order [`ListSpec::wanted`] takes them.
    pub const ALL: [ListField; 9] = [
        ListField::IdNumber,
        ListField::Unit,
        ListField::PostType,
        ListField::Funding,
        ListField::Position,
        ListField::Level,
        ListField::Action,
        ListField::Date,
        ListField::DocNo,
    ];

    /// The code of a mapping file.
    pub fn code(self) -> &'static str {
        match self {
            ListField::IdNumber => "id_number",
            ListField::Unit => "unit",
            ListField::PostType => "post_type",
            ListField::Funding => "funding",
            ListField::Position => "position",
            ListField::Level => "level",
            ListField::Action => "action",
            ListField::Date => "date",
            ListField::DocNo => "doc_no",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            ListField::IdNumber => "身份证号",
            ListField::Unit => "单位",
            ListField::PostType => "编制类型",
            ListField::Funding => "经费形式",
            ListField::Position => "职务",
            ListField::Level => "职级",
            ListField::Action => "任免类别",
            ListField::Date => "日期",
            ListField::DocNo => "文号",
        }
    }

    fn words(self) -> &'static [&'static str] {
        match self {
            ListField::IdNumber => &["身份证号", "身份证号码", "公民身份号码", "身份证", "证件号"],
            ListField::Unit => &[
                "单位",
                "工作单位",
                "所在单位",
                "单位名称",
                "发放单位",
                "预算单位",
            ],
            ListField::PostType => &["编制类型", "编制类别", "编制性质", "工资类别", "人员身份"],
            ListField::Funding => &["经费形式", "经费渠道", "经费来源", "资金来源", "经费"],
            ListField::Position => &["职务", "任免职务", "拟任职务", "现任职务"],
            ListField::Level => &["职级", "级别", "职务层次", "职务级别"],
            ListField::Action => &["任免类别", "任免", "任免类型", "任职或免职"],
            ListField::Date => &[
                "任免时间",
                "任职时间",
                "免职时间",
                "批准时间",
                "批准退休时间",
                "退休时间",
                "审批时间",
                "批准日期",
                "退休日期",
            ],
            ListField::DocNo => &["文号", "批准文号", "任免文号", "审批文号"],
        }
    }

    pub fn from_code(code: &str) -> Option<ListField> {
        ListField::ALL
            .into_iter()
            .find(|f| f.code() == code || f.label() == code)
    }
}

/// Headers forced to a column (or left unread), and a header to read as the name.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ListMapping {
    pub name: Option<String>,
    pub columns: Vec<(String, Option<ListField>)>,
}

impl ListMapping {
    /// Reads `{"columns": {"职工姓名": "name", "证件号": "id_number", "备注": null}}` (or the
    /// bare object of columns).
    pub fn from_json(text: &str) -> Result<ListMapping, String> {
        let root: Json = serde_json::from_str(text.trim_start_matches('\u{FEFF}'))
            .map_err(|e| format!("不是有效的 JSON（{e}）"))?;
        let columns = root.get("columns").unwrap_or(&root);
        let obj = columns
            .as_object()
            .ok_or("应为对象：{\"columns\": {\"列标题\": \"字段\", …}}")?;
        let mut out = ListMapping::default();
        for (header, field) in obj {
            let header: String = header.chars().filter(|c| !c.is_whitespace()).collect();
            match field {
                Json::Null => out.columns.push((header, None)),
                Json::String(f) if f == "name" || f == "姓名" => out.name = Some(header),
                Json::String(f) => {
                    let field = ListField::from_code(f).ok_or_else(|| {
                        format!(
                            "列“{header}”对应的字段“{f}”无法识别（可用：name、{}）",
                            ListField::ALL.map(|f| f.code()).join("、")
                        )
                    })?;
                    out.columns.push((header, Some(field)));
                }
                _ => return Err(format!("列“{header}”应对应一个字段名或 null")),
            }
        }
        Ok(out)
    }

    /// Reads a mapping file.
    pub fn from_file(path: &Path) -> Result<ListMapping, String> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("无法读取列对应文件“{}”：{e}", path.display()))?;
        ListMapping::from_json(&text)
            .map_err(|e| format!("列对应文件“{}”有误：{e}", path.display()))
    }
}

/// A list as read: which header each field came from, its rows, and the problems.
#[derive(Debug, Clone, Default)]
pub struct ListRead {
    pub file: String,
    pub sheet: String,
    /// Each field and the header it was read from (`None`: not in the list).
    pub columns: Vec<(ListField, Option<String>)>,
    /// Every header of the sheet, for changing the mapping.
    pub headers: Vec<String>,
    pub rows: Vec<ListRow>,
    pub problems: Vec<String>,
}

/// Reads a list for 核查.
pub fn read_reconcile_list(path: &Path, mapping: &ListMapping) -> Result<ListRead, ImportError> {
    let wanted: Vec<&[&str]> = ListField::ALL.iter().map(|f| f.words()).collect();
    let mut forced: Vec<(String, Option<usize>)> = mapping
        .columns
        .iter()
        .map(|(h, f)| {
            (
                h.clone(),
                f.and_then(|f| ListField::ALL.iter().position(|g| *g == f)),
            )
        })
        .collect();
    let name_word;
    let mut name_words: Vec<&str> = vec!["姓名", "职工姓名", "人员姓名", "干部姓名"];
    if let Some(n) = &mapping.name {
        name_word = n.clone();
        name_words.insert(0, name_word.as_str());
        forced.retain(|(h, _)| *h != name_word);
    }
    let list = read_list_with(
        path,
        &ListSpec {
            name_words: &name_words,
            wanted: &wanted,
            forced: &forced,
        },
    )
    .map_err(|e| match e {
        ImportError::NoHeader(file) => ImportError::NoHeader(format!(
            "“{file}”的前十行中没有找到“姓名”列：核查名单须有姓名列（列标题不同时可用列对应文件指定）"
        )),
        other => other,
    })?;
    let header_of = |col: Option<u32>| {
        col.and_then(|c| {
            list.headers
                .iter()
                .find(|(k, _)| *k == c)
                .map(|(_, t)| t.clone())
        })
    };
    let mut out = ListRead {
        file: list.file.clone(),
        sheet: list.sheet.clone(),
        columns: ListField::ALL
            .iter()
            .zip(&list.columns)
            .map(|(f, c)| (*f, header_of(*c)))
            .collect(),
        headers: list.headers.iter().map(|(_, t)| t.clone()).collect(),
        ..Default::default()
    };
    let col = |f: ListField| {
        ListField::ALL
            .iter()
            .position(|g| *g == f)
            .and_then(|i| list.columns[i])
    };
    if col(ListField::IdNumber).is_none() {
        out.problems.push(format!(
            "“{}”工作表“{}”没有身份证号列：只能按姓名和单位核对",
            list.file, list.sheet
        ));
    }
    for (row, cells) in &list.rows {
        let get = |f: ListField| cell_text(cells, col(f));
        let name: String = cell_text(cells, Some(list.name_col))
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        let id_text = get(ListField::IdNumber);
        if (name.is_empty() && id_text.is_empty()) || name.contains("合计") || name == "小计" {
            continue;
        }
        if name.is_empty() {
            out.problems.push(format!(
                "{}：姓名为空，按身份证号核对",
                list.at(*row, list.name_col)
            ));
        }
        if !id_text.is_empty()
            && id_pattern(&id_text) == IdPattern::None
            && let Some(c) = col(ListField::IdNumber)
        {
            out.problems.push(format!(
                "{}：身份证号“{id_text}”无法识别，按姓名和单位核对",
                list.at(*row, c)
            ));
        }
        out.rows.push(ListRow {
            row: row + 1,
            name,
            id_text,
            unit: get(ListField::Unit),
            post_type: get(ListField::PostType),
            funding: get(ListField::Funding),
            position: get(ListField::Position),
            level: get(ListField::Level),
            action: get(ListField::Action),
            date: get(ListField::Date),
            doc_no: get(ListField::DocNo),
        });
    }
    if out.rows.is_empty() {
        return Err(ImportError::Empty(format!(
            "“{}”工作表“{}”的表头下没有任何人员",
            list.file, list.sheet
        )));
    }
    Ok(out)
}
