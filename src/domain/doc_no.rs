//! 文号: the one recogniser of document numbers. The usual form is 机关代字〔年份〕序号号
//! (石编〔2021〕12号), also written with [] 【】 () （） or [] around the year, and 纪要
//! numbered without a year (县编委会纪要第3号). A 文号 that does not look like one, or whose
//! year is after the date of what it records, gets a warning, never a refusal (a January hire
//! under last year's 批复 is normal). The normalised form is the key a document archive
//! files it under.

use chrono::{Datelike, NaiveDate};

/// A recognised 文号.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocNo {
    /// 机关代字 (石编, 石人社, 县编委会纪要 …).
    pub agency: String,
    /// The year in the brackets; None for a 纪要 numbered without one.
    pub year: Option<i32>,
    pub number: u32,
}

impl DocNo {
    /// The normalised form: 石编〔2021〕12号 whatever brackets and spaces were typed;
    /// 县编委会纪要第3号 for a 纪要 without a year.
    pub fn normalised(&self) -> String {
        match self.year {
            Some(y) => format!("{}〔{y}〕{}号", self.agency, self.number),
            None => format!("{}第{}号", self.agency, self.number),
        }
    }
}

/// Full-width digits (１２) as ASCII.
fn fold_digit(c: char) -> char {
    match c {
        '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
        _ => c,
    }
}

const OPEN: [char; 5] = ['〔', '[', '【', '(', '（'];
const CLOSE: [char; 5] = ['〕', ']', '】', ')', '）'];

/// Reads a 文号; None when it does not look like one.
pub fn recognise(text: &str) -> Option<DocNo> {
    let t: String = text
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(fold_digit)
        .collect();
    let t = t.strip_suffix('号').unwrap_or(&t);
    // 机关代字〔年份〕序号
    if let Some(open) = t.find(OPEN) {
        let agency = &t[..open];
        let rest = &t[open..];
        let close = rest.find(CLOSE)?;
        let year: i32 = rest[rest.chars().next()?.len_utf8()..close].parse().ok()?;
        let after = &rest[close..];
        let number = after[after.chars().next()?.len_utf8()..]
            .trim_start_matches('第')
            .parse()
            .ok()?;
        let plausible = (1949..=2200).contains(&year) && number > 0;
        return (!agency.is_empty() && plausible).then(|| DocNo {
            agency: agency.to_string(),
            year: Some(year),
            number,
        });
    }
    // 纪要 numbered without a year: 县编委会纪要第3号, 编委会议纪要3号.
    let at = t.find("纪要")? + "纪要".len();
    let number: u32 = t[at..].trim_start_matches('第').parse().ok()?;
    (number > 0).then(|| DocNo {
        agency: t[..at].to_string(),
        year: None,
        number,
    })
}

/// What to tell the clerk about a 文号 typed for something dated `date` (nothing when it is
/// fine; an empty 文号 is the rules' business, not a warning).
pub fn warnings(text: &str, date: Option<NaiveDate>) -> Vec<String> {
    let text = text.trim();
    if text.is_empty() {
        return Vec::new();
    }
    let Some(doc) = recognise(text) else {
        return vec![format!(
            "“{text}”不像常见的文号（如 石编〔2026〕12号），请核对"
        )];
    };
    match (doc.year, date) {
        (Some(y), Some(d)) if y > d.year() => vec![format!("文号年份 {y} 晚于日期 {d}，请核对")],
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn norm(t: &str) -> Option<String> {
        recognise(t).map(|d| d.normalised())
    }

    #[test]
    fn every_bracket_reads_as_the_usual_form() {
        for t in [
            "石编〔2021〕12号",
            "石编[2021]12号",
            "石编【2021】12号",
            "石编(2021)12号",
            "石编（2021）12号",
            " 石编 〔2021〕 12 号 ",
            "石编〔２０２１〕１２号",
            "石编〔2021〕第12号",
        ] {
            assert_eq!(norm(t).as_deref(), Some("石编〔2021〕12号"), "{t}");
        }
        assert_eq!(
            recognise("石人社〔2026〕3号"),
            Some(DocNo {
                agency: "石人社".into(),
                year: Some(2026),
                number: 3
            })
        );
    }

    #[test]
    fn minutes_without_a_year() {
        assert_eq!(
            norm("县编委会纪要第3号").as_deref(),
            Some("县编委会纪要第3号")
        );
        assert_eq!(
            norm("编委会议纪要 5 号").as_deref(),
            Some("编委会议纪要第5号")
        );
    }

    #[test]
    fn what_does_not_look_like_one() {
        for t in [
            "随便写的",
            "石编2021",
            "〔2021〕12号",
            "石编〔21〕12号",
            "石编〔2021〕号",
            "纪要",
        ] {
            assert_eq!(recognise(t), None, "{t}");
        }
    }

    #[test]
    fn warnings_never_refuse_and_allow_last_years_document() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day);
        assert!(warnings("", d(2026, 1, 5)).is_empty());
        assert!(
            warnings("石编〔2025〕40号", d(2026, 1, 5)).is_empty(),
            "last year's 批复"
        );
        assert!(warnings("石编〔2026〕1号", d(2026, 1, 5)).is_empty());
        let later = warnings("石编〔2027〕1号", d(2026, 12, 31));
        assert_eq!(later, ["文号年份 2027 晚于日期 2026-12-31，请核对"]);
        let odd = warnings("随便写的", d(2026, 1, 5));
        assert!(odd[0].contains("不像常见的文号"), "{odd:?}");
        assert!(
            warnings("石编〔2027〕1号", None).is_empty(),
            "no date: no year check"
        );
    }
}
