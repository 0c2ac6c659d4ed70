//! People on posts (实名制人员).

use super::date::PartialDate;
pub use super::gender::Gender;
use super::id_number::IdNumber;
use super::org::OrgId;
use super::post::PostType;
use serde::Serialize;
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct PersonId(pub i64);

/// Why a person left their post (出编原因).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum ExitReason {
    /// 退休
    Retirement,
    /// 辞职
    Resignation,
    /// 调出 (out of the county)
    TransferOut,
    /// 死亡
    Death,
    /// 辞退
    Dismissal,
    /// 其他
    Other,
}

impl ExitReason {
    pub const ALL: [ExitReason; 6] = [
        ExitReason::Retirement,
        ExitReason::Resignation,
        ExitReason::TransferOut,
        ExitReason::Death,
        ExitReason::Dismissal,
        ExitReason::Other,
    ];
    pub fn label(self) -> &'static str {
        match self {
            ExitReason::Retirement => "退休",
            ExitReason::Resignation => "辞职",
            ExitReason::TransferOut => "调出",
            ExitReason::Death => "死亡",
            ExitReason::Dismissal => "辞退",
            ExitReason::Other => "其他",
        }
    }
    pub fn parse(text: &str) -> Option<ExitReason> {
        ExitReason::ALL
            .into_iter()
            .find(|r| r.label() == text.trim())
    }
}

impl fmt::Display for ExitReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// Where a person stands: on a post (在编) or gone (出编).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum PersonStatus {
    /// 在编: holds exactly one post of `post_type` in `org` (一人一编).
    OnPost { org: OrgId, post_type: PostType },
    /// 出编
    Left { reason: ExitReason },
}

impl PersonStatus {
    pub fn label(&self) -> &'static str {
        match self {
            PersonStatus::OnPost { .. } => "在编",
            PersonStatus::Left { .. } => "出编",
        }
    }
    pub fn post(&self) -> Option<(OrgId, PostType)> {
        match *self {
            PersonStatus::OnPost { org, post_type } => Some((org, post_type)),
            PersonStatus::Left { .. } => None,
        }
    }
}

/// The personal details of someone on the registry.
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct PersonDetails {
    pub name: String,
    pub gender: Option<Gender>,
    pub ethnicity: Option<String>,
    pub birth: Option<PartialDate>,
    pub party: Option<String>,
    pub education: Option<String>,
    pub position: Option<String>,
    /// 入编时间
    pub joined_on: Option<PartialDate>,
    /// 入编文号
    pub join_doc: Option<String>,
    /// The other fields of the provincial templates, as read: code → text (see
    /// [`KEPT_FIELDS`]). Kept on the person, shown on the card; no rule reads them.
    pub kept: KeptFields,
}

/// Template fields kept on a person as read, by code.
pub type KeptFields = std::collections::BTreeMap<String, String>;

/// The kept fields: code (as in the import's field codes and `--json`) and label.
pub const KEPT_FIELDS: &[(&str, &str)] = &[
    ("division", "所在机构"),
    ("person_class", "人员分类"),
    ("person_state", "人员状态"),
    ("entry_form", "进入形式"),
    ("entered_on", "进入时间"),
    ("post_category", "岗位类别"),
    ("leader_level", "领导职务级别"),
    ("current_post_since", "任现职时间"),
    ("work_since", "参加工作时间"),
    ("native_place", "籍贯"),
    ("degree", "学位"),
    ("school", "毕业学校"),
    ("major", "所学专业"),
    ("title", "职称"),
];

/// The label of a kept field's code (the code itself when unknown).
pub fn kept_field_label(code: &str) -> &str {
    KEPT_FIELDS
        .iter()
        .find(|(c, _)| *c == code)
        .map(|(_, l)| *l)
        .unwrap_or(code)
}

impl PersonDetails {
    /// Fills gender and birth date from the ID number when they are missing; the ID wins
    /// over what was typed (the importer warns about a disagreement before calling this).
    pub fn align_with_id(&mut self, id: &IdNumber) {
        self.gender = Some(id.gender());
        let from_id = id.birth_date();
        match self.birth {
            Some(b) if b.agrees_with(&from_id) => {}
            _ => self.birth = Some(from_id),
        }
    }
}

/// A person on the registry.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Person {
    pub id: PersonId,
    pub id_number: IdNumber,
    pub details: PersonDetails,
    pub status: PersonStatus,
}
