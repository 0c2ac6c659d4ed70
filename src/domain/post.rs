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
        } else if t.contains("自收自支")
            || t.contains("自筹")
            || t == "自支"
            || t.contains("经费自理")
            || t.contains("企业化管理")
        {
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
    /// (事业编制 with no funding form counts as 全额拨款); `None` for anything else.
    pub fn parse(text: &str, funding: Option<&str>) -> Option<(PostType, bool)> {
        PostType::read(text, funding).ok()
    }

    /// Reads a roster's 编制类别 with its 编制经费形式 (the templates of the provincial
    /// systems keep them in two columns). 行政编制, 政法专项编制 and 工勤编制 are read as
    /// named, whatever the funding column says; 事业编制 takes its channel from its own text
    /// or from the funding column (全额拨款, 差额补贴, 经费自理和企业化管理 and the usual
    /// short and long forms), and counts as 全额拨款 only when no funding form is given at
    /// all (`assumed`). A value that names no post the county approves, or that is not
    /// recognised, is returned as [`PostHeld`] with the value itself, never defaulted.
    pub fn read(text: &str, funding: Option<&str>) -> Result<(PostType, bool), PostHeld> {
        let squeeze = |s: &str| -> String {
            s.chars()
                .filter(|c| !c.is_whitespace() && !matches!(c, '(' | ')' | '（' | '）'))
                .collect()
        };
        let t = squeeze(text);
        let fu = funding.map(squeeze).filter(|f| !f.is_empty());
        if t.is_empty() {
            return Err(PostHeld::UnknownType(String::new()));
        }
        if t.contains("机关其他") || t.contains("其他编制") {
            return Err(PostHeld::NotApproved(text.trim().to_string()));
        }
        if t.contains("未定编") {
            return Err(PostHeld::NotApproved(text.trim().to_string()));
        }
        if t.contains("政法") {
            return Ok((PostType::PoliticalLegal, false));
        }
        if t.contains("行政") {
            return Ok((PostType::Administrative, false));
        }
        if t.contains("工勤") {
            return Ok((PostType::Service, false));
        }
        if t.contains("事业") || Funding::parse(&t).is_some() {
            if let Some(f) = Funding::parse(&t) {
                return Ok((PostType::Institution(f), false));
            }
            return match fu {
                None => Ok((PostType::Institution(Funding::Full), true)),
                Some(f) if f.contains("未定编") => Err(PostHeld::NotApproved(
                    funding.unwrap_or_default().trim().to_string(),
                )),
                Some(f) => match Funding::parse(&f) {
                    Some(f) => Ok((PostType::Institution(f), false)),
                    None => Err(PostHeld::UnknownFunding(
                        funding.unwrap_or_default().trim().to_string(),
                    )),
                },
            };
        }
        PostType::ALL
            .into_iter()
            .find(|p| p.label() == text.trim())
            .map(|p| (p, false))
            .ok_or_else(|| PostHeld::UnknownType(text.trim().to_string()))
    }
}

/// Why a roster's 编制类别 / 编制经费形式 names no post type; the value as it was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PostHeld {
    /// 机关其他编制, 未定编到人: a real category, but not a post the county approves.
    NotApproved(String),
    /// A 编制经费形式 that is none of the three channels.
    UnknownFunding(String),
    /// A 编制类别 that is not recognised.
    UnknownType(String),
}

impl PostHeld {
    /// Stable code, as in `--json` and the problems workbook.
    pub fn code(&self) -> &'static str {
        match self {
            PostHeld::NotApproved(_) => "post_type_held",
            PostHeld::UnknownFunding(_) => "unknown_funding",
            // As before there were held values: the code is part of the command line's
            // contract.
            PostHeld::UnknownType(_) => "missing_required",
        }
    }

    /// What the clerk reads.
    pub fn message(&self) -> String {
        match self {
            PostHeld::NotApproved(v) => format!(
                "编制类别“{v}”不是本县核定的编制类型，本行暂不导入，请核实此人应占的编制后修改"
            ),
            PostHeld::UnknownFunding(v) => format!(
                "编制经费形式“{v}”无法识别（应为全额拨款、差额拨款/差额补贴或自收自支/经费自理），本行暂不导入"
            ),
            PostHeld::UnknownType(v) if v.is_empty() => "未填写编制类型".to_string(),
            PostHeld::UnknownType(v) => format!(
                "编制类型“{v}”无法识别（应为行政编制、政法专项编制、事业编制或工勤编制），本行暂不导入"
            ),
        }
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

    #[test]
    fn reads_the_provincial_category_and_funding_columns() {
        let inst = |f| Ok((PostType::Institution(f), false));
        assert_eq!(
            PostType::read("事业编制", Some("全额拨款")),
            inst(Funding::Full)
        );
        assert_eq!(
            PostType::read("事业编制", Some("差额补贴")),
            inst(Funding::Partial)
        );
        assert_eq!(
            PostType::read("事业编制", Some("经费自理和企业化管理")),
            inst(Funding::SelfFunded)
        );
        assert_eq!(
            PostType::read("事业编制", Some("自收自支")),
            inst(Funding::SelfFunded)
        );
        assert_eq!(
            PostType::read("行政编制", Some("全额拨款")),
            Ok((PostType::Administrative, false))
        );
        assert_eq!(
            PostType::read("工勤编制", None),
            Ok((PostType::Service, false))
        );
        assert_eq!(
            PostType::read("机关其他编制", None),
            Err(PostHeld::NotApproved("机关其他编制".into()))
        );
        assert_eq!(
            PostType::read("事业编制", Some("未定编到人")),
            Err(PostHeld::NotApproved("未定编到人".into()))
        );
        // An unrecognised funding form is held with its value, never read as 全额拨款.
        assert_eq!(
            PostType::read("事业编制", Some("财政适当补助")),
            Err(PostHeld::UnknownFunding("财政适当补助".into()))
        );
        // Only a missing funding form is assumed.
        assert_eq!(
            PostType::read("事业编制", Some("  ")),
            Ok((PostType::Institution(Funding::Full), true))
        );
        assert_eq!(
            PostType::read("合同制", None),
            Err(PostHeld::UnknownType("合同制".into()))
        );
    }
}
