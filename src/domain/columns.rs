//! The columns a list of people can show — the registry's people table and the 花名册 alike:
//! every field kept of a person (by the field codes of the import and of 信息更正, see
//! [`Field`]) and where the person stands (unit, post type, status). Codes are those of
//! `bianzhi person --json`.

use super::correction::Field;
use super::person::{ExitReason, KEPT_FIELDS, PersonStatus};
use std::sync::LazyLock;

/// A column of a list of people.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Column {
    Name,
    Gender,
    Birth,
    IdNumber,
    /// The unit of the post held (`unit`).
    Unit,
    PostType,
    /// 在编 or 出编 (with the reason).
    Status,
    JoinedOn,
    Ethnicity,
    Party,
    Education,
    Position,
    JoinDoc,
    /// One of the provincial templates' kept fields, by its place in [`KEPT_FIELDS`] (made
    /// by [`Column::from_code`] and [`Column::all`]).
    Kept(u8),
}

/// The groups of the column chooser, by code; a kept field no group names is listed under
/// 其他.
const GROUPS: [(&str, &[&str]); 4] = [
    (
        "基本信息",
        &[
            "name",
            "gender",
            "ethnicity",
            "birth",
            "id_number",
            "native_place",
            "party",
        ],
    ),
    (
        "编制",
        &[
            "unit",
            "division",
            "post_type",
            "status",
            "joined_on",
            "join_doc",
            "person_class",
            "person_state",
            "entry_form",
            "entered_on",
            "work_since",
        ],
    ),
    (
        "岗位与职务",
        &[
            "post_category",
            "position",
            "leader_level",
            "current_post_since",
            "title",
        ],
    ),
    ("学历学位", &["education", "degree", "school", "major"]),
];

/// Every column, grouped ([`GROUPS`], then 其他).
static ALL: LazyLock<Vec<(&'static str, Column)>> = LazyLock::new(|| {
    let every: Vec<Column> = [
        Column::Name,
        Column::Gender,
        Column::Birth,
        Column::IdNumber,
        Column::Unit,
        Column::PostType,
        Column::Status,
        Column::JoinedOn,
        Column::Ethnicity,
        Column::Party,
        Column::Education,
        Column::Position,
        Column::JoinDoc,
    ]
    .into_iter()
    .chain((0..KEPT_FIELDS.len()).filter_map(|i| u8::try_from(i).ok().map(Column::Kept)))
    .collect();
    let mut out = Vec::with_capacity(every.len());
    for (group, codes) in GROUPS {
        for code in codes {
            if let Some(c) = every.iter().find(|c| c.code() == *code) {
                out.push((group, *c));
            }
        }
    }
    for c in every {
        if !out.iter().any(|(_, o)| *o == c) {
            out.push(("其他", c));
        }
    }
    out
});

impl Column {
    /// The people table's columns until a clerk chooses others.
    pub const DEFAULT: [Column; 8] = [
        Column::Name,
        Column::Gender,
        Column::Birth,
        Column::IdNumber,
        Column::Unit,
        Column::PostType,
        Column::Status,
        Column::JoinedOn,
    ];

    /// Every column with its group in the column chooser (基本信息, 编制, 岗位与职务,
    /// 学历学位, 其他), in the chooser's order.
    pub fn all() -> &'static [(&'static str, Column)] {
        &ALL
    }

    /// The person's field the column shows (`None`: unit, post type and status, which are
    /// where the person stands, not fields).
    pub fn field(self) -> Option<Field> {
        Some(match self {
            Column::Name => Field::Name,
            Column::Gender => Field::Gender,
            Column::Birth => Field::Birth,
            Column::IdNumber => Field::IdNumber,
            Column::JoinedOn => Field::JoinedOn,
            Column::Ethnicity => Field::Ethnicity,
            Column::Party => Field::Party,
            Column::Education => Field::Education,
            Column::Position => Field::Position,
            Column::JoinDoc => Field::JoinDoc,
            Column::Kept(i) => Field::Kept(KEPT_FIELDS.get(usize::from(i))?.0),
            Column::Unit | Column::PostType | Column::Status => return None,
        })
    }

    /// The column of a field (`None`: a kept field [`KEPT_FIELDS`] does not list).
    pub fn of_field(f: &Field) -> Option<Column> {
        Some(match f {
            Field::Name => Column::Name,
            Field::Gender => Column::Gender,
            Field::Ethnicity => Column::Ethnicity,
            Field::Birth => Column::Birth,
            Field::Party => Column::Party,
            Field::Education => Column::Education,
            Field::Position => Column::Position,
            Field::JoinedOn => Column::JoinedOn,
            Field::JoinDoc => Column::JoinDoc,
            Field::IdNumber => Column::IdNumber,
            Field::Kept(code) => Column::Kept(
                KEPT_FIELDS
                    .iter()
                    .position(|(c, _)| c == code)
                    .and_then(|i| u8::try_from(i).ok())?,
            ),
        })
    }

    pub fn code(self) -> &'static str {
        match self {
            Column::Unit => "unit",
            Column::PostType => "post_type",
            Column::Status => "status",
            other => other.field().map_or("", |f| f.code()),
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Column::Unit => "单位",
            Column::PostType => "编制类型",
            Column::Status => "状态",
            other => other.field().map_or("", |f| f.label()),
        }
    }

    /// The column of a code (`name`, `ethnicity`, `unit`, a kept field's code…).
    pub fn from_code(code: &str) -> Option<Column> {
        match code.trim() {
            "unit" => Some(Column::Unit),
            "post_type" => Some(Column::PostType),
            "status" => Some(Column::Status),
            other => Field::from_code(other).and_then(|f| Column::of_field(&f)),
        }
    }

    /// Every code, for messages.
    pub fn all_codes() -> Vec<&'static str> {
        Column::all().iter().map(|(_, c)| c.code()).collect()
    }

    /// Columns written as codes separated by commas (`name,gender,ethnicity`), each once, in
    /// the order given. Err: the first code that names no column.
    pub fn parse_list(text: &str) -> Result<Vec<Column>, String> {
        let mut out = Vec::new();
        for code in text
            .split([',', '，'])
            .map(str::trim)
            .filter(|c| !c.is_empty())
        {
            let c = Column::from_code(code).ok_or_else(|| code.to_string())?;
            if !out.contains(&c) {
                out.push(c);
            }
        }
        Ok(out)
    }

    /// Columns as [`Column::parse_list`] reads them.
    pub fn list_codes(columns: &[Column]) -> String {
        columns
            .iter()
            .map(|c| c.code())
            .collect::<Vec<_>>()
            .join(",")
    }
}

/// A person's status as lists show it: 在编, or 出编 with the reason (出编(退休)).
pub fn status_label(status: &PersonStatus) -> &'static str {
    match status {
        PersonStatus::OnPost { .. } => "在编",
        PersonStatus::Left { reason } => match reason {
            ExitReason::Retirement => "出编(退休)",
            ExitReason::Resignation => "出编(辞职)",
            ExitReason::TransferOut => "出编(调出)",
            ExitReason::Death => "出编(死亡)",
            ExitReason::Dismissal => "出编(辞退)",
            ExitReason::Other => "出编(其他)",
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_field_is_a_column_once_with_its_code_and_label() {
        let all: Vec<Column> = Column::all().iter().map(|(_, c)| *c).collect();
        // Every field that 信息更正 knows, and unit, post type, status.
        assert_eq!(all.len(), Field::all_codes().len() + 3);
        for code in Field::all_codes() {
            let c = Column::from_code(code).unwrap();
            assert_eq!(c.code(), code);
            assert_eq!(Some(c.label()), Field::from_code(code).map(|f| f.label()));
            assert_eq!(all.iter().filter(|x| **x == c).count(), 1, "{code}");
        }
        assert_eq!(
            Column::from_code("division").map(Column::label),
            Some("所在机构")
        );
        assert_eq!(
            Column::from_code("ethnicity").map(Column::label),
            Some("民族")
        );
        assert_eq!(Column::from_code("unit"), Some(Column::Unit));
        assert_eq!(Column::from_code("salary"), None);
        for c in Column::DEFAULT {
            assert!(all.contains(&c));
        }
        // No kept field is left to 其他 today.
        assert!(Column::all().iter().all(|(g, _)| *g != "其他"));
    }

    #[test]
    fn a_list_of_codes_reads_back_in_order_and_names_what_is_unknown() {
        let cols = Column::parse_list("name, ethnicity，degree,name").unwrap();
        assert_eq!(
            cols,
            [
                Column::Name,
                Column::Ethnicity,
                Column::from_code("degree").unwrap()
            ]
        );
        assert_eq!(Column::list_codes(&cols), "name,ethnicity,degree");
        assert_eq!(Column::parse_list("name,salary"), Err("salary".to_string()));
        assert_eq!(Column::parse_list(""), Ok(Vec::new()));
    }
}
