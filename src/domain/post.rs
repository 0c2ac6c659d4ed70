//! Post types (编制类型) and funding channels (经费形式).

use serde::{Deserialize, Serialize};
use std::fmt;

/// Funding channel of an institution post (事业编制经费形式).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Funding {
    /// 全额拨款
    Full,
    /// 差额拨款
    Partial,
    /// 自收自支
    SelfFunded,
}

impl Funding {
    pub const ALL: [Funding; 3] = [Funding::Full, Funding::Partial, Funding::SelfFunded];

    pub fn label(self) -> &'static str {
        match self {
            Funding::Full => "全额拨款",
            Funding::Partial => "差额拨款",
            Funding::SelfFunded => "自收自支",
        }
    }

    /// Reads a funding channel as clerks write it (全额, 全额拨款, 财政全额 …).
    pub fn parse(text: &str) -> Option<Funding> {
        let t: String = text.chars().filter(|c| !c.is_whitespace()).collect();
        if t.is_empty() {
            return None;
        }
        if t.contains("全额") || t == "全供" {
            Some(Funding::Full)
        } else if t.contains("差额") || t.contains("差供") {
            Some(Funding::Partial)
        } else if t.contains("自收自支") || t.contains("自筹") || t == "自支" {
            Some(Funding::SelfFunded)
        } else {
            None
        }
    }
}

/// A type of approved post (编制类型).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum PostType {
    /// 行政编制
    Administrative,
    /// 政法专项编制
    PoliticalLegal,
    /// 事业编制, by funding channel
    Institution(Funding),
    /// 工勤编制
    Service,
}

impl PostType {
    /// Every post type, in the order reports list them.
    pub const ALL: [PostType; 6] = [
        PostType::Administrative,
        PostType::PoliticalLegal,
        PostType::Institution(Funding::Full),
        PostType::Institution(Funding::Partial),
        PostType::Institution(Funding::SelfFunded),
        PostType::Service,
    ];

    /// The label used in the UI, in reports and as the key in `stats` JSON.
    pub fn label(self) -> &'static str {
        match self {
            PostType::Administrative => "行政编制",
            PostType::PoliticalLegal => "政法专项编制",
            PostType::Institution(Funding::Full) => "事业编制(全额拨款)",
            PostType::Institution(Funding::Partial) => "事业编制(差额拨款)",
            PostType::Institution(Funding::SelfFunded) => "事业编制(自收自支)",
            PostType::Service => "工勤编制",
        }
    }

    /// Stable storage code (never shown to users).
    pub fn code(self) -> &'static str {
        match self {
            PostType::Administrative => "admin",
            PostType::PoliticalLegal => "political_legal",
            PostType::Institution(Funding::Full) => "inst_full",
            PostType::Institution(Funding::Partial) => "inst_partial",
            PostType::Institution(Funding::SelfFunded) => "inst_self",
            PostType::Service => "service",
        }
    }

    pub fn from_code(code: &str) -> Option<PostType> {
        PostType::ALL.into_iter().find(|p| p.code() == code)
    }

    /// Position in [`PostType::ALL`], for dense per-type arrays.
    pub fn index(self) -> usize {
        match self {
            PostType::Administrative => 0,
            PostType::PoliticalLegal => 1,
            PostType::Institution(Funding::Full) => 2,
            PostType::Institution(Funding::Partial) => 3,
            PostType::Institution(Funding::SelfFunded) => 4,
            PostType::Service => 5,
        }
    }

    pub fn is_institution(self) -> bool {
        matches!(self, PostType::Institution(_))
    }

    /// Reads a post type as clerks write it. `funding` is the separate funding column when
    /// the sheet has one. Returns the type and whether the funding channel was assumed
    /// (事业编制 with no funding form counts as 全额拨款).
    pub fn parse(text: &str, funding: Option<&str>) -> Option<(PostType, bool)> {
        let t: String = text
            .chars()
            .filter(|c| !c.is_whitespace() && !matches!(c, '(' | ')' | '（' | '）'))
            .collect();
        if t.is_empty() {
            return None;
        }
        if t.contains("政法") {
            return Some((PostType::PoliticalLegal, false));
        }
        if t.contains("行政") {
            return Some((PostType::Administrative, false));
        }
        if t.contains("工勤") {
            return Some((PostType::Service, false));
        }
        if t.contains("事业") || Funding::parse(&t).is_some() {
            if let Some(f) = Funding::parse(&t) {
                return Some((PostType::Institution(f), false));
            }
            if let Some(f) = funding.and_then(Funding::parse) {
                return Some((PostType::Institution(f), false));
            }
            return Some((PostType::Institution(Funding::Full), true));
        }
        PostType::ALL
            .into_iter()
            .find(|p| p.label() == text.trim())
            .map(|p| (p, false))
    }
}

impl fmt::Display for PostType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// A count per post type, indexed by [`PostType::index`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PerType(pub [i64; 6]);

impl PerType {
    pub fn get(&self, t: PostType) -> i64 {
        self.0[t.index()]
    }
    pub fn add(&mut self, t: PostType, n: i64) {
        self.0[t.index()] += n;
    }
    pub fn total(&self) -> i64 {
        self.0.iter().sum()
    }
    pub fn is_zero(&self) -> bool {
        self.0.iter().all(|&n| n == 0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_and_labels_round_trip() {
        for t in PostType::ALL {
            assert_eq!(PostType::from_code(t.code()), Some(t));
            assert_eq!(PostType::parse(t.label(), None), Some((t, false)));
            assert_eq!(PostType::ALL[t.index()], t);
        }
    }

    #[test]
    fn parses_what_clerks_write() {
        assert_eq!(
            PostType::parse("事业编制", Some("差额拨款")),
            Some((PostType::Institution(Funding::Partial), false))
        );
        assert_eq!(
            PostType::parse("事业", None),
            Some((PostType::Institution(Funding::Full), true))
        );
        assert_eq!(
            PostType::parse("事业（自收自支）", None),
            Some((PostType::Institution(Funding::SelfFunded), false))
        );
        assert_eq!(
            PostType::parse("政法专项", None),
            Some((PostType::PoliticalLegal, false))
        );
        assert_eq!(
            PostType::parse("工勤", None),
            Some((PostType::Service, false))
        );
        assert_eq!(
            PostType::parse("行 政", None),
            Some((PostType::Administrative, false))
        );
        assert_eq!(PostType::parse("聘用", None), None);
    }
}
