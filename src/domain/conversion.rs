//! 退二补一 (DOMAIN.md practice 3): in a unit with several funding channels, once two of its
//! 全额 institution posts have been vacated, one person on a 差额 or 自收自支 post may move
//! onto a 全额 post, and that old post is written off. Each conversion names the two
//! departures it rests on; one vacated post is filled by the person who moves, the second
//! is not left for ordinary hiring: it is recovered into the central reserve or written off
//! in the same transaction. Two out, one in.

use super::{Funding, PostType, RuleViolation};
use chrono::NaiveDate;

/// A 全额 post vacated in a unit: a person who left it, by exit or by a transfer out of the
/// unit without the post.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Departure {
    /// The person event that took the person off the post.
    pub event: i64,
    pub name: String,
    pub date: NaiveDate,
    /// How they left (退休, 调出 …).
    pub how: String,
    /// The conversion (in force) that rests on this departure.
    pub used_by: Option<i64>,
}

impl Departure {
    /// One line for a picker: 张三 2024-03-01 退休.
    pub fn label(&self) -> String {
        format!("{} {} {}", self.name, self.date, self.how)
    }
}

/// What becomes of the second vacated 全额 post.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SecondPost {
    /// 收回 into the central reserve.
    #[default]
    Recover,
    /// 核销.
    WriteOff,
}

impl SecondPost {
    pub const ALL: [SecondPost; 2] = [SecondPost::Recover, SecondPost::WriteOff];

    pub fn label(self) -> &'static str {
        match self {
            SecondPost::Recover => "收回县级统筹",
            SecondPost::WriteOff => "核销",
        }
    }
}

/// What the rule needs to know of a conversion asked for.
#[derive(Debug, Clone)]
pub struct ConversionFacts<'a> {
    pub org: &'a str,
    /// Institution funding forms with approved posts in the unit.
    pub funding_channels: usize,
    /// The post the person moves from.
    pub from: PostType,
    pub date: NaiveDate,
    /// The departures named, as found among the unit's 全额 departures.
    pub named: &'a [Departure],
    /// The unit's departures dated on or before `date` that no conversion rests on.
    pub free: i64,
    /// Conversions in force recorded before departures were named (未指明空出人员): each
    /// consumed two departures, which ones is not known.
    pub unnamed: i64,
    /// The unit's vacant 全额 posts now.
    pub full_vacancy: i64,
}

/// How many more conversions a unit's departures allow.
pub fn available(free: i64, unnamed: i64) -> i64 {
    (free - 2 * unnamed).max(0) / 2
}

/// Whether a conversion may be recorded, with the reason when not.
pub fn check(f: &ConversionFacts<'_>) -> Result<(), RuleViolation> {
    let org = f.org;
    let refuse = |m: String| Err(RuleViolation::Conversion(m));
    if f.funding_channels < 2 {
        return refuse(format!("{org}只有一种经费渠道的事业编制，不适用“退二补一”"));
    }
    if !matches!(
        f.from,
        PostType::Institution(Funding::Partial) | PostType::Institution(Funding::SelfFunded)
    ) {
        return refuse(format!(
            "“退二补一”只补充差额拨款或自收自支事业编制人员（此人占用的是{}）",
            f.from
        ));
    }
    if f.named.len() != 2 || f.named[0].event == f.named[1].event {
        return refuse(format!(
            "“退二补一”须指明{org}空出全额拨款编制的 2 名人员（已选 {} 名）",
            if f.named.len() == 2 { 1 } else { f.named.len() }
        ));
    }
    for d in f.named {
        if d.date > f.date {
            return refuse(format!(
                "{}于 {} 才空出编制，晚于本次“退二补一”的日期 {}",
                d.name, d.date, f.date
            ));
        }
        if let Some(c) = d.used_by {
            return refuse(format!(
                "{}空出的全额拨款编制已用于第 {c} 号“退二补一”，不能再用",
                d.name
            ));
        }
    }
    let left = f.free - 2 * f.unnamed;
    if left < 2 {
        return refuse(format!(
            "{org}可用于“退二补一”的空出全额拨款编制只有 {} 名（未使用的空出 {} 名，另有 {} 次早先的“退二补一”未指明空出人员，各用 2 名），需要 2 名",
            left.max(0),
            f.free,
            f.unnamed
        ));
    }
    if f.full_vacancy < 2 {
        return refuse(format!(
            "{org}的事业编制(全额拨款)空编只有 {} 名，需要 2 名：1 名由转入人员占用，另 1 名同时收回或核销",
            f.full_vacancy.max(0)
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn departure(event: i64, date: &str) -> Departure {
        Departure {
            event,
            name: format!("甲{event}"),
            date: d(date),
            how: "退休".into(),
            used_by: None,
        }
    }

    fn facts<'a>(named: &'a [Departure], free: i64, unnamed: i64) -> ConversionFacts<'a> {
        ConversionFacts {
            org: "县农业技术推广中心",
            funding_channels: 2,
            from: PostType::Institution(Funding::Partial),
            date: d("2026-05-01"),
            named,
            free,
            unnamed,
            full_vacancy: 2,
        }
    }

    #[test]
    fn two_departures_dated_on_or_before_the_conversion_and_unused() {
        let two = [departure(1, "2026-01-01"), departure(2, "2026-05-01")];
        assert_eq!(check(&facts(&two, 2, 0)), Ok(()));
        let one = [departure(1, "2026-01-01")];
        assert!(check(&facts(&one, 1, 0)).is_err(), "one departure");
        let same = [departure(1, "2026-01-01"), departure(1, "2026-01-01")];
        assert!(check(&facts(&same, 2, 0)).is_err(), "the same one twice");
        let late = [departure(1, "2026-01-01"), departure(2, "2026-05-02")];
        let err = check(&facts(&late, 2, 0)).unwrap_err().to_string();
        assert!(err.contains("晚于"), "{err}");
        let mut used = two.clone();
        used[1].used_by = Some(7);
        let err = check(&facts(&used, 2, 0)).unwrap_err().to_string();
        assert!(err.contains("第 7 号"), "{err}");
    }

    #[test]
    fn older_unnamed_conversions_still_consume_two_each() {
        let two = [departure(1, "2026-01-01"), departure(2, "2026-02-01")];
        // Four departures, one old conversion that named none: two are left, enough.
        assert_eq!(check(&facts(&two, 4, 1)), Ok(()));
        assert!(check(&facts(&two, 3, 1)).is_err());
        assert_eq!(available(4, 1), 1);
        assert_eq!(available(5, 1), 1);
        assert_eq!(available(1, 0), 0);
        assert_eq!(available(1, 3), 0);
    }

    #[test]
    fn one_channel_a_full_post_or_too_few_vacancies_are_refused() {
        let two = [departure(1, "2026-01-01"), departure(2, "2026-02-01")];
        let mut f = facts(&two, 2, 0);
        f.funding_channels = 1;
        assert!(check(&f).is_err());
        let mut f = facts(&two, 2, 0);
        f.from = PostType::Institution(Funding::Full);
        assert!(check(&f).is_err());
        let mut f = facts(&two, 2, 0);
        f.full_vacancy = 1;
        let err = check(&f).unwrap_err().to_string();
        assert!(err.contains("需要 2 名"), "{err}");
        f.from = PostType::Institution(Funding::SelfFunded);
        f.full_vacancy = 2;
        assert_eq!(check(&f), Ok(()));
    }
}
