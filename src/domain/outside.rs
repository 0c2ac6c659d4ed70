//! 编外人员: people working in a unit outside the establishment (聘用, 劳务派遣, 公益性岗位,
//! 其他). They are kept in their own register: never on a post, never counted in 实有. Each
//! unit's control number (控制数) is set by dated entries with a 文号; more people in
//! service than the control number is flagged like 超编.

use serde::Serialize;

/// How a person outside the establishment is engaged.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum OutsideKind {
    /// 聘用
    Hired,
    /// 劳务派遣
    Dispatched,
    /// 公益性岗位
    PublicWelfare,
    /// 其他
    Other,
}

impl OutsideKind {
    pub const ALL: [OutsideKind; 4] = [
        OutsideKind::Hired,
        OutsideKind::Dispatched,
        OutsideKind::PublicWelfare,
        OutsideKind::Other,
    ];
    pub fn code(self) -> &'static str {
        match self {
            OutsideKind::Hired => "hired",
            OutsideKind::Dispatched => "dispatched",
            OutsideKind::PublicWelfare => "public_welfare",
            OutsideKind::Other => "other",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            OutsideKind::Hired => "聘用",
            OutsideKind::Dispatched => "劳务派遣",
            OutsideKind::PublicWelfare => "公益性岗位",
            OutsideKind::Other => "其他",
        }
    }
    pub fn from_code(code: &str) -> Option<OutsideKind> {
        OutsideKind::ALL
            .into_iter()
            .find(|k| k.code() == code || k.label() == code)
    }

    /// The kind a roster's 用工形式 names (聘用人员, 派遣, 公益岗 …); `None` when it names
    /// none of them.
    pub fn parse(text: &str) -> Option<OutsideKind> {
        let t: String = text.chars().filter(|c| !c.is_whitespace()).collect();
        if t.is_empty() {
            return None;
        }
        Some(if t.contains("派遣") {
            OutsideKind::Dispatched
        } else if t.contains("公益") {
            OutsideKind::PublicWelfare
        } else if t.contains("聘") || t.contains("合同") {
            OutsideKind::Hired
        } else if t.contains("其他") || t.contains("临时") || t.contains("借用") {
            OutsideKind::Other
        } else {
            return None;
        })
    }
}

/// How many are over the control number (0 when within).
pub fn over_control(control: i64, in_service: i64) -> i64 {
    (in_service - control).max(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_are_read_from_a_rosters_words() {
        assert_eq!(
            OutsideKind::parse("劳务派遣"),
            Some(OutsideKind::Dispatched)
        );
        assert_eq!(OutsideKind::parse("派遣制"), Some(OutsideKind::Dispatched));
        assert_eq!(
            OutsideKind::parse("公益性岗位"),
            Some(OutsideKind::PublicWelfare)
        );
        assert_eq!(
            OutsideKind::parse("公益岗"),
            Some(OutsideKind::PublicWelfare)
        );
        assert_eq!(OutsideKind::parse("聘用人员"), Some(OutsideKind::Hired));
        assert_eq!(OutsideKind::parse("劳动合同"), Some(OutsideKind::Hired));
        assert_eq!(OutsideKind::parse("临时工"), Some(OutsideKind::Other));
        assert_eq!(OutsideKind::parse("行政编制"), None);
        assert_eq!(OutsideKind::parse(""), None);
    }

    #[test]
    fn over_the_control_number() {
        assert_eq!(over_control(5, 7), 2);
        assert_eq!(over_control(5, 5), 0);
        assert_eq!(over_control(0, 1), 1);
    }
}
