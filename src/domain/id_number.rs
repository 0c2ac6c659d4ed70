//! Citizen ID numbers (公民身份号码) per GB 11643-1999.
//!
//! 18 characters: 6-digit area code, 8-digit birth date, 3-digit sequence (odd = male),
//! one check character. Legacy 15-digit numbers (YYMMDD birth date, no check character) are
//! recognised and upgraded to 18 by inserting the century `19` and computing the check.

use super::date::PartialDate;
use super::gender::Gender;
use chrono::NaiveDate;
use serde::{Serialize, Serializer};
use std::fmt;

const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS: [char; 11] = ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'];

/// A valid 18-character ID number (check digit verified, birth date a real date).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct IdNumber(String);

/// Why a text is not a valid ID number. Messages are for clerks.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IdError {
    #[error("身份证号“{0}”格式不对：应为 18 位（或旧式 15 位）数字，末位可为 X")]
    Format(String),
    #[error("身份证号“{text}”校验位错误：末位应为 {expected}，实为 {found}")]
    Checksum {
        text: String,
        expected: char,
        found: char,
    },
    #[error("身份证号“{0}”中的出生日期不存在")]
    BirthDate(String),
}

impl IdError {
    /// Stable problem code, shared with the importer.
    pub fn code(&self) -> &'static str {
        match self {
            IdError::Format(_) | IdError::BirthDate(_) => "id_format",
            IdError::Checksum { .. } => "id_checksum",
        }
    }
}

/// Normalises what clerks type: full-width digits and letters, spaces (also the ideographic
/// space), a leading apostrophe (Excel's text marker), lowercase x.
pub fn normalize(text: &str) -> String {
    text.chars()
        .filter_map(|c| {
            let c = match c {
                '\u{FF10}'..='\u{FF19}' => char::from_u32(c as u32 - 0xFF10 + '0' as u32)?,
                '\u{FF38}' | '\u{FF58}' | 'x' => 'X',
                _ => c,
            };
            if c.is_whitespace() || c == '\'' || c == '\u{200B}' || c == '\u{FEFF}' {
                None
            } else {
                Some(c)
            }
        })
        .collect()
}

/// The check character for the first 17 digits.
pub fn check_char(first17: &[u8]) -> char {
    let sum: u32 = first17
        .iter()
        .zip(WEIGHTS)
        .map(|(d, w)| u32::from(d - b'0') * w)
        .sum();
    CHECK_CHARS[(sum % 11) as usize]
}

impl IdNumber {
    /// Parses and validates an ID number, normalising it first and upgrading a 15-digit one.
    pub fn parse(text: &str) -> Result<IdNumber, IdError> {
        let n = normalize(text);
        let bytes = n.as_bytes();
        let shown = || text.trim().to_string();
        match bytes.len() {
            18 => {
                if !bytes[..17].iter().all(u8::is_ascii_digit)
                    || !(bytes[17].is_ascii_digit() || bytes[17] == b'X')
                {
                    return Err(IdError::Format(shown()));
                }
                let expected = check_char(&bytes[..17]);
                let found = bytes[17] as char;
                if expected != found {
                    return Err(IdError::Checksum {
                        text: shown(),
                        expected,
                        found,
                    });
                }
                let id = IdNumber(n);
                if id.birth_date_opt().is_none() {
                    return Err(IdError::BirthDate(shown()));
                }
                Ok(id)
            }
            15 => {
                if !bytes.iter().all(u8::is_ascii_digit) {
                    return Err(IdError::Format(shown()));
                }
                let mut s = String::with_capacity(18);
                s.push_str(&n[..6]);
                s.push_str("19");
                s.push_str(&n[6..]);
                let c = check_char(s.as_bytes());
                s.push(c);
                let id = IdNumber(s);
                if id.birth_date_opt().is_none() {
                    return Err(IdError::BirthDate(shown()));
                }
                Ok(id)
            }
            _ => Err(IdError::Format(shown())),
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    fn birth_date_opt(&self) -> Option<NaiveDate> {
        let s = &self.0;
        let y: i32 = s[6..10].parse().ok()?;
        let m: u32 = s[10..12].parse().ok()?;
        let d: u32 = s[12..14].parse().ok()?;
        if !(1880..=2100).contains(&y) {
            return None;
        }
        NaiveDate::from_ymd_opt(y, m, d)
    }

    /// The birth date inside the number (always valid for a parsed `IdNumber`).
    pub fn birth_date(&self) -> PartialDate {
        let s = &self.0;
        let y = s[6..10].parse().unwrap_or(1900);
        let m = s[10..12].parse().unwrap_or(1);
        let d = s[12..14].parse().unwrap_or(1);
        PartialDate::day(y, m, d)
    }

    /// The 17th character: odd for men, even for women.
    pub fn gender(&self) -> Gender {
        let d = self.0.as_bytes()[16] - b'0';
        if d % 2 == 1 {
            Gender::Male
        } else {
            Gender::Female
        }
    }

    /// Masked for lists: first 6 and last 4 shown (430726********1234).
    pub fn masked(&self) -> String {
        mask(&self.0)
    }
}

/// Masks any ID-like text: the first 6 and last 4 characters stay.
pub fn mask(id: &str) -> String {
    let chars: Vec<char> = id.chars().collect();
    if chars.len() <= 10 {
        return "*".repeat(chars.len());
    }
    let mut out: String = chars[..6].iter().collect();
    out.push_str(&"*".repeat(chars.len() - 10));
    out.extend(&chars[chars.len() - 4..]);
    out
}

/// Masks every ID number inside a text (a log line, a JSON row): each run of 17 digits
/// followed by a digit or X, not part of a longer run of digits.
pub fn mask_in_text(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        let run = chars[i..].iter().take_while(|c| c.is_ascii_digit()).count();
        if run == 0 {
            out.push(chars[i]);
            i += 1;
            continue;
        }
        let mut len = run;
        if run == 17 && matches!(chars.get(i + 17), Some('X' | 'x')) {
            len = 18;
        }
        let run_text: String = chars[i..i + len].iter().collect();
        if len == 18 {
            out.push_str(&mask(&run_text));
        } else {
            out.push_str(&run_text);
        }
        i += len;
    }
    out
}

impl fmt::Display for IdNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Serialize for IdNumber {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    #[test]
    fn ids_inside_text_are_masked() {
        assert_eq!(
            mask_in_text(r#"{"id_number":"43072619800101123X","org_id":12}"#),
            r#"{"id_number":"430726********123X","org_id":12}"#
        );
        assert_eq!(
            mask_in_text("张三 430726198001011234，电话 13800000000"),
            "张三 430726********1234，电话 13800000000"
        );
        // Longer runs of digits are not ID numbers.
        assert_eq!(mask_in_text("1234567890123456789"), "1234567890123456789");
    }

    /// Builds a valid 18-digit ID from 17 digits.
    pub fn with_check(first17: &str) -> String {
        format!("{first17}{}", check_char(first17.as_bytes()))
    }

    #[test]
    fn known_valid_number() {
        // The example from GB 11643-1999.
        let id = IdNumber::parse("11010519491231002X").unwrap();
        assert_eq!(id.birth_date(), PartialDate::day(1949, 12, 31));
        assert_eq!(id.gender(), Gender::Female);
        assert_eq!(id.masked(), "110105********002X");
    }

    #[test]
    fn normalises_full_width_spaces_and_lowercase_x() {
        let id = IdNumber::parse(" １１０１０５ 19491231002x ").unwrap();
        assert_eq!(id.as_str(), "11010519491231002X");
        assert!(IdNumber::parse("'11010519491231002X").is_ok());
    }

    #[test]
    fn wrong_check_digit_is_refused() {
        let err = IdNumber::parse("110105194912310021").unwrap_err();
        assert_eq!(err.code(), "id_checksum");
        assert!(err.to_string().contains("应为 X"));
    }

    #[test]
    fn upgrades_fifteen_digits() {
        let id = IdNumber::parse("430726850305123").unwrap();
        assert_eq!(id.as_str(), with_check("43072619850305123"));
        assert_eq!(id.birth_date(), PartialDate::day(1985, 3, 5));
        assert_eq!(id.gender(), Gender::Male);
    }

    #[test]
    fn rejects_bad_shapes_and_dates() {
        assert_eq!(IdNumber::parse("1234").unwrap_err().code(), "id_format");
        assert_eq!(IdNumber::parse("").unwrap_err().code(), "id_format");
        assert_eq!(
            IdNumber::parse("4307261985030512A3").unwrap_err().code(),
            "id_format"
        );
        let feb30 = with_check("43072619850230123");
        assert!(matches!(
            IdNumber::parse(&feb30),
            Err(IdError::BirthDate(_))
        ));
    }
}
