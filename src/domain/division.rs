//! 内设机构: a unit's internal divisions (科室、股室), created, renamed and abolished by
//! document (usually the unit's 三定), each marked 业务 (front-line business) or 综合
//! (general), with the unit's people assigned to them. A division first named by an
//! import's 所在机构 column is *proposed* until a clerk confirms it and says which kind it
//! is. Two evaluation items compute from the confirmed divisions and their headcounts:
//! 一线业务科室人员占比 ([`front_line_share`]) and 无人数不足平均数一半的内设机构
//! ([`small_divisions`]).

use super::OrgId;
use chrono::NaiveDate;
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct DivisionId(pub i64);

/// 业务 or 综合.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum DivisionKind {
    /// 业务科室: front-line business.
    Business,
    /// 综合科室: office, personnel, finance and the like.
    General,
}

impl DivisionKind {
    pub const ALL: [DivisionKind; 2] = [DivisionKind::Business, DivisionKind::General];
    pub fn code(self) -> &'static str {
        match self {
            DivisionKind::Business => "business",
            DivisionKind::General => "general",
        }
    }
    pub fn from_code(code: &str) -> Option<DivisionKind> {
        DivisionKind::ALL
            .into_iter()
            .find(|k| k.code() == code || k.label() == code)
    }
    pub fn label(self) -> &'static str {
        match self {
            DivisionKind::Business => "业务",
            DivisionKind::General => "综合",
        }
    }
}

/// A division as kept, with the people of its unit assigned to it now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Division {
    pub id: DivisionId,
    pub org: OrgId,
    pub name: String,
    /// `None` while proposed (named by an import, not yet confirmed).
    pub kind: Option<DivisionKind>,
    /// Confirmed by a clerk (or created by one); `false`: proposed by an import.
    pub confirmed: bool,
    pub created_on: Option<NaiveDate>,
    pub created_doc: String,
    pub abolished_on: Option<NaiveDate>,
    pub abolished_doc: Option<String>,
    /// People on a post of the unit assigned to this division.
    pub people: i64,
}

impl Division {
    pub fn is_active(&self) -> bool {
        self.abolished_on.is_none()
    }

    /// Counted by the evaluation: confirmed, not abolished.
    pub fn counts(&self) -> bool {
        self.confirmed && self.is_active()
    }

    /// The state in the clerk's words.
    pub fn state_label(&self) -> &'static str {
        match (self.is_active(), self.confirmed) {
            (false, _) => "已撤销",
            (true, true) => "正常",
            (true, false) => "待确认",
        }
    }
}

/// Why a change of a division is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DivisionError {
    #[error("内设机构名称不能为空")]
    EmptyName,
    #[error("内设机构名称“{0}”过长（不超过 40 个字）")]
    NameTooLong(String),
    #[error("{org}已有名为“{name}”的内设机构")]
    Duplicate { org: String, name: String },
    #[error("内设机构“{0}”已撤销")]
    Abolished(String),
    #[error("“{name}”还有 {people} 人，请先调整他们的所在内设机构再撤销")]
    HasPeople { name: String, people: i64 },
    #[error("撤销日期 {abolished} 早于设立日期 {created}")]
    AbolishedBeforeCreated {
        created: NaiveDate,
        abolished: NaiveDate,
    },
    #[error("请为“{0}”选择 业务 或 综合")]
    NoKind(String),
    #[error("{person}不在{org}的编制上，不能分到它的内设机构“{division}”")]
    OtherUnit {
        person: String,
        org: String,
        division: String,
    },
    #[error("“{0}”已确认")]
    AlreadyConfirmed(String),
}

/// A division's name as kept: trimmed, inner whitespace removed (imports pad names with
/// full-width spaces), at most 40 characters.
pub fn check_name(name: &str) -> Result<String, DivisionError> {
    let name: String = name.chars().filter(|c| !c.is_whitespace()).collect();
    if name.is_empty() {
        return Err(DivisionError::EmptyName);
    }
    if name.chars().count() > 40 {
        return Err(DivisionError::NameTooLong(name));
    }
    Ok(name)
}

/// What the evaluation reads of one counted division: its kind and its people.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Headcount<'a> {
    pub name: &'a str,
    pub kind: DivisionKind,
    pub people: i64,
}

/// 一线业务科室人员占比: people in 业务 divisions as a whole percentage (rounded down) of
/// the people in all counted divisions; `None` (无数据) when no one is in a counted division.
pub fn front_line_share(divisions: &[Headcount<'_>]) -> Option<i64> {
    let all: i64 = divisions.iter().map(|d| d.people).sum();
    let business: i64 = divisions
        .iter()
        .filter(|d| d.kind == DivisionKind::Business)
        .map(|d| d.people)
        .sum();
    (all > 0).then(|| business * 100 / all)
}

/// 人数不足平均数一半的内设机构: the divisions whose headcount is under half the unit's
/// average per division; `None` (无数据) when the unit has no counted division.
pub fn small_divisions<'a>(divisions: &[Headcount<'a>]) -> Option<Vec<&'a str>> {
    if divisions.is_empty() {
        return None;
    }
    let n = divisions.len() as i64;
    let all: i64 = divisions.iter().map(|d| d.people).sum();
    // people < (all / n) / 2, in whole numbers: 2 · n · people < all.
    Some(
        divisions
            .iter()
            .filter(|d| 2 * n * d.people < all)
            .map(|d| d.name)
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(name: &str, kind: DivisionKind, people: i64) -> Headcount<'_> {
        Headcount { name, kind, people }
    }

    #[test]
    fn names_are_trimmed_and_bounded() {
        assert_eq!(check_name(" 办公室\u{3000}").unwrap(), "办公室");
        assert_eq!(check_name("政策 法规股").unwrap(), "政策法规股");
        assert_eq!(check_name(" \u{3000}"), Err(DivisionError::EmptyName));
        assert!(matches!(
            check_name(&"科".repeat(41)),
            Err(DivisionError::NameTooLong(_))
        ));
    }

    #[test]
    fn front_line_share_counts_people_in_business_divisions() {
        use DivisionKind::*;
        // 7 of 10 in business divisions: 70%.
        let d = [
            h("办公室", General, 3),
            h("业务一股", Business, 4),
            h("业务二股", Business, 3),
        ];
        assert_eq!(front_line_share(&d), Some(70));
        // 2 of 3: 66% (rounded down, never up to a threshold).
        let d = [h("办公室", General, 1), h("执法股", Business, 2)];
        assert_eq!(front_line_share(&d), Some(66));
        assert_eq!(front_line_share(&[]), None, "no divisions: no data");
        assert_eq!(
            front_line_share(&[h("办公室", General, 0)]),
            None,
            "no one in them"
        );
    }

    #[test]
    fn small_divisions_are_under_half_the_average() {
        use DivisionKind::*;
        // 4 divisions, 20 people, average 5: under 2.5 is small (2 is, 3 is not).
        let d = [
            h("办公室", General, 3),
            h("甲股", Business, 2),
            h("乙股", Business, 10),
            h("丙股", Business, 5),
        ];
        assert_eq!(small_divisions(&d), Some(vec!["甲股"]));
        // Exactly half the average is not under it: 2 of average 4.
        let d = [h("甲", Business, 2), h("乙", Business, 6)];
        assert_eq!(small_divisions(&d), Some(vec![]));
        // An empty division is under half of any positive average.
        let d = [h("甲", Business, 0), h("乙", Business, 1)];
        assert_eq!(small_divisions(&d), Some(vec!["甲"]));
        assert_eq!(small_divisions(&[]), None);
    }

    #[test]
    fn kinds_read_by_code_or_label() {
        assert_eq!(
            DivisionKind::from_code("业务"),
            Some(DivisionKind::Business)
        );
        assert_eq!(
            DivisionKind::from_code("general"),
            Some(DivisionKind::General)
        );
        assert_eq!(DivisionKind::from_code("其他"), None);
    }
}
