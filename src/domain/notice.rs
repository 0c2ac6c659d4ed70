//! Numbered notices (通知单): the slips the other departments act on — 核准使用编制通知单
//! (after a 用编 approval), 人员入编通知单 and 出编通知单 (for 组织, 人社, 财政), and the
//! 整改通知书 of a 核查. Numbered per kind and year under a prefix kept in the settings
//! (石编用〔2026〕12号); what a notice says is kept as issued, so that a reprint has the
//! same cells, number and date.

use serde::{Deserialize, Serialize};

/// The kinds of notice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum NoticeKind {
    /// 核准使用编制通知单
    Approval,
    /// 人员入编通知单
    Entry,
    /// 人员出编通知单
    Exit,
    /// 整改通知书
    Rectification,
}

impl NoticeKind {
    pub const ALL: [NoticeKind; 4] = [
        NoticeKind::Approval,
        NoticeKind::Entry,
        NoticeKind::Exit,
        NoticeKind::Rectification,
    ];

    pub fn code(self) -> &'static str {
        match self {
            NoticeKind::Approval => "approval",
            NoticeKind::Entry => "entry",
            NoticeKind::Exit => "exit",
            NoticeKind::Rectification => "rectification",
        }
    }

    pub fn from_code(code: &str) -> Option<NoticeKind> {
        NoticeKind::ALL.into_iter().find(|k| k.code() == code)
    }

    pub fn label(self) -> &'static str {
        match self {
            NoticeKind::Approval => "核准使用编制通知单",
            NoticeKind::Entry => "人员入编通知单",
            NoticeKind::Exit => "人员出编通知单",
            NoticeKind::Rectification => "整改通知书",
        }
    }

    /// The setting that keeps the kind's number prefix.
    pub fn prefix_key(self) -> String {
        format!("notice.{}.prefix", self.code())
    }

    /// The prefix until one is set.
    pub fn default_prefix(self) -> &'static str {
        match self {
            NoticeKind::Approval => "编用",
            NoticeKind::Entry => "编入",
            NoticeKind::Exit => "编出",
            NoticeKind::Rectification => "编整",
        }
    }
}

/// A notice's number: 石编用〔2026〕12号.
pub fn notice_number(prefix: &str, year: i32, seq: i64) -> String {
    format!("{}〔{year}〕{seq}号", prefix.trim())
}

/// What a notice says, kept as issued: its title, addressee, paragraphs, label–value
/// fields, a table, and who signs it.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct NoticeContent {
    pub title: String,
    pub addressee: String,
    pub paragraphs: Vec<String>,
    pub fields: Vec<(String, String)>,
    pub table_headers: Vec<String>,
    pub table_rows: Vec<Vec<String>>,
    pub signer: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_and_kinds() {
        assert_eq!(notice_number(" 石编用 ", 2026, 12), "石编用〔2026〕12号");
        for k in NoticeKind::ALL {
            assert_eq!(NoticeKind::from_code(k.code()), Some(k));
        }
        assert_eq!(
            NoticeKind::Rectification.prefix_key(),
            "notice.rectification.prefix"
        );
    }
}
