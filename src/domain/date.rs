//! Dates as clerks write them: full dates, or month-only dates (`1985.03`, `1985年3月`)
//! kept as months.

use chrono::{Datelike, NaiveDate};
use serde::{Serialize, Serializer};
use std::fmt;

/// A date known to the day or only to the month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PartialDate {
    pub year: i32,
    pub month: u32,
    pub day: Option<u32>,
}

impl PartialDate {
    pub fn day(year: i32, month: u32, day: u32) -> PartialDate {
        PartialDate {
            year,
            month,
            day: Some(day),
        }
    }

    pub fn month(year: i32, month: u32) -> PartialDate {
        PartialDate {
            year,
            month,
            day: None,
        }
    }

    pub fn from_naive(d: NaiveDate) -> PartialDate {
        PartialDate::day(d.year(), d.month(), d.day())
    }

    /// Builds a checked date: the month (and day, when given) must exist, years 1880–2200.
    pub fn new_checked(year: i32, month: u32, day: Option<u32>) -> Option<PartialDate> {
        if !(1880..=2200).contains(&year) {
            return None;
        }
        match day {
            Some(d) => NaiveDate::from_ymd_opt(year, month, d).map(PartialDate::from_naive),
            None => (1..=12)
                .contains(&month)
                .then(|| PartialDate::month(year, month)),
        }
    }

    /// The first day it could mean (the 1st for a month-only date).
    pub fn first_day(&self) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(self.year, self.month, self.day.unwrap_or(1))
    }

    /// Whether two dates agree at the precision both give (a month-only date agrees with
    /// any day of that month).
    pub fn agrees_with(&self, other: &PartialDate) -> bool {
        self.year == other.year
            && self.month == other.month
            && match (self.day, other.day) {
                (Some(a), Some(b)) => a == b,
                _ => true,
            }
    }

    /// Excel's serial date (1900 system; serial 60 is Excel's fictitious 1900-02-29).
    pub fn from_excel_serial(serial: f64) -> Option<PartialDate> {
        if !serial.is_finite() || !(1.0..=2_958_465.0).contains(&serial) {
            return None;
        }
        let days = serial.floor() as i64;
        let base = NaiveDate::from_ymd_opt(1899, 12, 30)?;
        let days = if days < 61 { days + 1 } else { days };
        let d = base.checked_add_signed(chrono::Duration::days(days))?;
        PartialDate::new_checked(d.year(), d.month(), Some(d.day()))
    }

    /// Reads a date written as text: `1985.03`, `1985年3月`, `1985年3月5日`, `19850305`,
    /// `198503`, `1985-3-5`, `2015/03/04`, `1985.3.5`, `1985-03`. Returns `None` when the
    /// text is not a date.
    pub fn parse(text: &str) -> Option<PartialDate> {
        let t: String = text
            .trim()
            .chars()
            .map(|c| match c {
                '\u{FF10}'..='\u{FF19}' => {
                    char::from_u32(c as u32 - 0xFF10 + '0' as u32).unwrap_or(c)
                }
                '．' | '。' => '.',
                '－' | '—' => '-',
                '／' => '/',
                _ => c,
            })
            .filter(|c| !c.is_whitespace())
            .collect();
        if t.is_empty() {
            return None;
        }
        if t.chars().all(|c| c.is_ascii_digit()) {
            return match t.len() {
                8 => PartialDate::new_checked(
                    t[0..4].parse().ok()?,
                    t[4..6].parse().ok()?,
                    Some(t[6..8].parse().ok()?),
                ),
                6 => PartialDate::new_checked(t[0..4].parse().ok()?, t[4..6].parse().ok()?, None),
                _ => None,
            };
        }
        let t = t.trim_end_matches(['日', '号']);
        let parts: Vec<&str> = t
            .split(['.', '-', '/', '年', '月'])
            .filter(|p| !p.is_empty())
            .collect();
        if parts.len() < 2 || parts.len() > 3 {
            return None;
        }
        if !parts
            .iter()
            .all(|p| !p.is_empty() && p.len() <= 4 && p.chars().all(|c| c.is_ascii_digit()))
        {
            return None;
        }
        if parts[0].len() != 4 {
            return None;
        }
        let y = parts[0].parse().ok()?;
        let m = parts[1].parse().ok()?;
        let d = match parts.get(2) {
            Some(d) => Some(d.parse().ok()?),
            None => None,
        };
        PartialDate::new_checked(y, m, d)
    }

    /// Parses the storage form written by `Display` (`1985-03` or `1985-03-05`).
    pub fn from_storage(s: &str) -> Option<PartialDate> {
        PartialDate::parse(s)
    }
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.day {
            Some(d) => write!(f, "{:04}-{:02}-{:02}", self.year, self.month, d),
            None => write!(f, "{:04}-{:02}", self.year, self.month),
        }
    }
}

impl Serialize for PartialDate {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_written_form() {
        let m = PartialDate::month(1985, 3);
        let d = PartialDate::day(1985, 3, 5);
        assert_eq!(PartialDate::parse("1985.03"), Some(m));
        assert_eq!(PartialDate::parse("1985.3"), Some(m));
        assert_eq!(PartialDate::parse("1985年3月"), Some(m));
        assert_eq!(PartialDate::parse("198503"), Some(m));
        assert_eq!(PartialDate::parse("1985-03"), Some(m));
        assert_eq!(PartialDate::parse("1985年3月5日"), Some(d));
        assert_eq!(PartialDate::parse("19850305"), Some(d));
        assert_eq!(PartialDate::parse("1985-3-5"), Some(d));
        assert_eq!(PartialDate::parse("1985.3.5"), Some(d));
        assert_eq!(PartialDate::parse("１９８５．３．５"), Some(d));
        assert_eq!(
            PartialDate::parse("2015/03/04"),
            Some(PartialDate::day(2015, 3, 4))
        );
    }

    #[test]
    fn not_dates() {
        for t in [
            "",
            "张三",
            "1985",
            "85.3",
            "1985.13",
            "1985-02-30",
            "2015/03/04/01",
            "12.3",
        ] {
            assert_eq!(PartialDate::parse(t), None, "{t}");
        }
    }

    #[test]
    fn excel_serials() {
        assert_eq!(
            PartialDate::from_excel_serial(31111.0),
            Some(PartialDate::day(1985, 3, 5))
        );
        assert_eq!(
            PartialDate::from_excel_serial(1.0),
            Some(PartialDate::day(1900, 1, 1))
        );
        assert_eq!(PartialDate::from_excel_serial(-3.0), None);
        assert_eq!(PartialDate::from_excel_serial(f64::NAN), None);
    }

    #[test]
    fn precision_agreement_and_storage() {
        let m = PartialDate::month(1985, 3);
        assert!(m.agrees_with(&PartialDate::day(1985, 3, 30)));
        assert!(!PartialDate::day(1985, 3, 5).agrees_with(&PartialDate::day(1985, 3, 6)));
        for d in [m, PartialDate::day(2001, 12, 31)] {
            assert_eq!(PartialDate::from_storage(&d.to_string()), Some(d));
        }
    }
}
