//! 文件库: every 文号 is a document. A document is filed under the normalised key of the
//! 文号 recogniser ([`super::doc_no`]), so that 石编〔2021〕12号 typed with other brackets
//! or spaces is the same document; it has a title, issuing body, date and kind, and
//! attachments kept by the hash of their content (never changed, never deleted).

use super::doc_no;
use serde::Serialize;

/// What a document is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum DocKind {
    /// 三定规定
    Sanding,
    /// 批复
    Reply,
    /// 通知
    Notice,
    /// 请示
    Request,
    /// 会议纪要
    Minutes,
    /// 其他
    Other,
}

impl DocKind {
    pub const ALL: [DocKind; 6] = [
        DocKind::Sanding,
        DocKind::Reply,
        DocKind::Notice,
        DocKind::Request,
        DocKind::Minutes,
        DocKind::Other,
    ];

    pub fn code(self) -> &'static str {
        match self {
            DocKind::Sanding => "sanding",
            DocKind::Reply => "reply",
            DocKind::Notice => "notice",
            DocKind::Request => "request",
            DocKind::Minutes => "minutes",
            DocKind::Other => "other",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            DocKind::Sanding => "三定规定",
            DocKind::Reply => "批复",
            DocKind::Notice => "通知",
            DocKind::Request => "请示",
            DocKind::Minutes => "会议纪要",
            DocKind::Other => "其他",
        }
    }

    /// A code or a label.
    pub fn parse(text: &str) -> Option<DocKind> {
        let t = text.trim();
        DocKind::ALL
            .into_iter()
            .find(|k| k.code() == t || k.label() == t)
    }

    /// The kind a 文号 suggests before anyone says (纪要 → 会议纪要).
    pub fn guess(doc_no: &str) -> DocKind {
        if doc_no.contains("纪要") {
            DocKind::Minutes
        } else {
            DocKind::Other
        }
    }
}

/// The key a 文号 is filed under: the recogniser's normalised form, or the text itself
/// without spaces when it does not look like a 文号. Empty for an empty 文号.
pub fn doc_key(doc_no: &str) -> String {
    match doc_no::recognise(doc_no) {
        Some(d) => d.normalised(),
        None => doc_no.chars().filter(|c| !c.is_whitespace()).collect(),
    }
}

/// The 文号 a scan's file name gives: 石编〔2021〕12号.pdf (any brackets), or
/// 石编2021-12.pdf / 石编2021_12.pdf (代字, year, number); the key, or `None`.
pub fn doc_key_in_file_name(file_name: &str) -> Option<String> {
    let stem = match file_name.rsplit_once('.') {
        Some((s, _)) if !s.is_empty() => s,
        _ => file_name,
    };
    if let Some(d) = doc_no::recognise(stem) {
        return Some(d.normalised());
    }
    // 代字 then year and number separated by - _ or a space: 石编2021-12.
    let chars: Vec<char> = stem.trim().chars().collect();
    let first_digit = chars.iter().position(char::is_ascii_digit)?;
    let agency: String = chars[..first_digit].iter().collect();
    let rest: String = chars[first_digit..].iter().collect();
    let (year, number) = rest.split_once(['-', '_', ' ', '.'])?;
    let number: String = number.chars().take_while(char::is_ascii_digit).collect();
    let (year, number): (i32, u32) = (year.parse().ok()?, number.parse().ok()?);
    if agency.trim().is_empty() || !(1949..=2200).contains(&year) || number == 0 {
        return None;
    }
    Some(format!("{}〔{year}〕{number}号", agency.trim()))
}

/// The hex SHA-256 of some bytes: an attachment's name in the archive.
pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_doc_no_is_filed_under_one_key_however_it_was_typed() {
        assert_eq!(doc_key("石编〔2021〕12号"), "石编〔2021〕12号");
        assert_eq!(doc_key("石编[2021]12号"), "石编〔2021〕12号");
        assert_eq!(doc_key(" 石编（2021）12号 "), "石编〔2021〕12号");
        assert_eq!(doc_key("县编委会纪要第3号"), "县编委会纪要第3号");
        assert_eq!(doc_key("某 文件"), "某文件");
        assert_eq!(doc_key(""), "");
    }

    #[test]
    fn a_scans_file_name_gives_its_doc_no() {
        let k = Some("石编〔2021〕12号".to_string());
        assert_eq!(doc_key_in_file_name("石编〔2021〕12号.pdf"), k);
        assert_eq!(doc_key_in_file_name("石编2021-12.pdf"), k);
        assert_eq!(doc_key_in_file_name("石编2021_12.jpg"), k);
        assert_eq!(doc_key_in_file_name("石编[2021]12号.PDF"), k);
        assert_eq!(doc_key_in_file_name("扫描件.pdf"), None);
        assert_eq!(doc_key_in_file_name("2021-12.pdf"), None, "no 代字");
    }

    #[test]
    fn kinds_and_hashes() {
        assert_eq!(DocKind::parse("批复"), Some(DocKind::Reply));
        assert_eq!(DocKind::parse("minutes"), Some(DocKind::Minutes));
        assert_eq!(DocKind::guess("县编委会纪要第3号"), DocKind::Minutes);
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
