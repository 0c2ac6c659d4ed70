//! Organisations (机构 / 单位).

use super::post::Funding;
use serde::{Deserialize, Serialize};
use std::fmt;

/// Database identity of an org.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct OrgId(pub i64);

/// Kind of organisation (机构类别).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum OrgKind {
    /// 党委工作部门
    PartyDept,
    /// 政府工作部门
    GovDept,
    /// 群团机关
    MassOrg,
    /// 事业单位
    Institution,
    /// 乡镇街道
    Township,
    /// 其他
    Other,
}

impl OrgKind {
    pub const ALL: [OrgKind; 6] = [
        OrgKind::PartyDept,
        OrgKind::GovDept,
        OrgKind::MassOrg,
        OrgKind::Institution,
        OrgKind::Township,
        OrgKind::Other,
    ];

    pub fn label(self) -> &'static str {
        match self {
            OrgKind::PartyDept => "党委工作部门",
            OrgKind::GovDept => "政府工作部门",
            OrgKind::MassOrg => "群团机关",
            OrgKind::Institution => "事业单位",
            OrgKind::Township => "乡镇街道",
            OrgKind::Other => "其他",
        }
    }

    /// Reads a kind as clerks write it (党委部门, 政府部门, 乡镇, 街道 …).
    pub fn parse(text: &str) -> Option<OrgKind> {
        let t: String = text.chars().filter(|c| !c.is_whitespace()).collect();
        if t.is_empty() {
            return None;
        }
        if let Some(k) = OrgKind::ALL.into_iter().find(|k| k.label() == t) {
            return Some(k);
        }
        if t.contains("党委") || t.contains("党的") {
            Some(OrgKind::PartyDept)
        } else if t.contains("政府") {
            Some(OrgKind::GovDept)
        } else if t.contains("群团") || t.contains("人民团体") {
            Some(OrgKind::MassOrg)
        } else if t.contains("乡镇") || t.contains("街道") || t == "乡" || t == "镇" {
            Some(OrgKind::Township)
        } else if t.contains("事业") {
            Some(OrgKind::Institution)
        } else if t.contains("其他") || t.contains("其它") {
            Some(OrgKind::Other)
        } else {
            None
        }
    }
}

impl fmt::Display for OrgKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// Township class (乡镇类别): class 1 or class 2.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum TownshipClass {
    One,
    Two,
}

impl TownshipClass {
    pub fn number(self) -> u8 {
        match self {
            TownshipClass::One => 1,
            TownshipClass::Two => 2,
        }
    }
    pub fn from_number(n: i64) -> Option<TownshipClass> {
        match n {
            1 => Some(TownshipClass::One),
            2 => Some(TownshipClass::Two),
            _ => None,
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            TownshipClass::One => "一类",
            TownshipClass::Two => "二类",
        }
    }
    /// Reads 1, 2, 一类, 二类, 一类乡镇 ….
    pub fn parse(text: &str) -> Option<TownshipClass> {
        let t = text.trim();
        if t.starts_with('1') || t.starts_with('一') {
            Some(TownshipClass::One)
        } else if t.starts_with('2') || t.starts_with('二') {
            Some(TownshipClass::Two)
        } else {
            None
        }
    }
}

/// An organisation as the registry holds it. Approved posts are not here: they are derived
/// from the ledger.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Org {
    pub id: OrgId,
    /// Full name, unique in the county.
    pub name: String,
    pub short_name: Option<String>,
    pub kind: OrgKind,
    /// 级别: 正科, 副科, 股级 …
    pub grade: Option<String>,
    /// Supervising department (主管部门).
    pub parent: Option<OrgId>,
    /// Funding channel of the unit (经费形式), for institutions.
    pub funding: Option<Funding>,
    /// Township class; only for townships.
    pub township_class: Option<TownshipClass>,
    /// Approved leadership positions: chief (正职) and deputy (副职).
    pub leaders_chief: i64,
    pub leaders_deputy: i64,
    /// Unified social credit code (统一社会信用代码).
    pub credit_code: Option<String>,
}

impl Org {
    /// The org's attributes as a draft, to change some and update.
    pub fn draft(&self) -> OrgDraft {
        OrgDraft {
            name: self.name.clone(),
            short_name: self.short_name.clone(),
            kind: Some(self.kind),
            grade: self.grade.clone(),
            parent: self.parent,
            funding: self.funding,
            township_class: self.township_class,
            leaders_chief: self.leaders_chief,
            leaders_deputy: self.leaders_deputy,
            credit_code: self.credit_code.clone(),
            basis: None,
        }
    }
}

/// What a caller supplies to create or update an org.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct OrgDraft {
    pub name: String,
    pub short_name: Option<String>,
    pub kind: Option<OrgKind>,
    pub grade: Option<String>,
    pub parent: Option<OrgId>,
    pub funding: Option<Funding>,
    pub township_class: Option<TownshipClass>,
    pub leaders_chief: i64,
    pub leaders_deputy: i64,
    pub credit_code: Option<String>,
    /// The date and 文号 that changed leadership positions rest on (an import row's); the
    /// change is recorded as 领导职数 entries.
    pub basis: Option<(chrono::NaiveDate, String)>,
}

/// Normalises an org name for storage and matching: no spaces of any width.
pub fn normalize_name(name: &str) -> String {
    name.chars().filter(|c| !c.is_whitespace()).collect()
}
