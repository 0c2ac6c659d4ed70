//! Statutory retirement (法定退休年龄) under the rules in force from 1 January 2025
//! (全国人大常委会《关于实施渐进式延迟法定退休年龄的决定》).
//!
//! - Men: 60, one month later for every four months of birth from January 1965, up to 63.
//! - Women whose age was 55 (cadres): one month later for every four months from January
//!   1970, up to 58.
//! - Women whose age was 50 (workers): one month later for every two months from January
//!   1975, up to 55.
//!
//! Retirement falls in a month: the month of birth plus the age, in years and months.

use super::date::PartialDate;
use super::gender::Gender;
use super::post::PostType;
use serde::Serialize;
use std::fmt;

/// Which statutory age applies to a person.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum RetirementRule {
    /// 男 60 岁（渐进延至 63 岁）
    Men60,
    /// 女干部 55 岁（渐进延至 58 岁）
    Women55,
    /// 女工人 50 岁（渐进延至 55 岁）
    Women50,
    /// 女 60 岁：县处级女干部、高级职称女性（组通字〔2015〕14号），经确认
    Women60,
}

impl RetirementRule {
    pub const ALL: [RetirementRule; 4] = [
        RetirementRule::Men60,
        RetirementRule::Women55,
        RetirementRule::Women50,
        RetirementRule::Women60,
    ];

    /// The code stored on an override and printed by `retirements --json`.
    pub fn code(self) -> &'static str {
        match self {
            RetirementRule::Men60 => "men_60",
            RetirementRule::Women55 => "women_55",
            RetirementRule::Women50 => "women_50",
            RetirementRule::Women60 => "women_60",
        }
    }

    pub fn from_code(code: &str) -> Option<RetirementRule> {
        RetirementRule::ALL.into_iter().find(|r| r.code() == code)
    }

    pub fn label(self) -> &'static str {
        match self {
            RetirementRule::Men60 => "男60岁（渐进延至63岁）",
            RetirementRule::Women55 => "女55岁（渐进延至58岁）",
            RetirementRule::Women50 => "女50岁（渐进延至55岁）",
            RetirementRule::Women60 => "女60岁（组通字〔2015〕14号）",
        }
    }

    /// (original age in years, and the delay: first birth year delayed, months of birth
    /// per month of delay, most months of delay).
    fn parameters(self) -> (i32, Option<(i32, i32, i32)>) {
        match self {
            RetirementRule::Men60 => (60, Some((1965, 4, 36))),
            RetirementRule::Women55 => (55, Some((1970, 4, 36))),
            RetirementRule::Women50 => (50, Some((1975, 2, 60))),
            // Not part of the 2025 decision's tables; no delay is applied to it.
            RetirementRule::Women60 => (60, None),
        }
    }

    /// The month a person born in `birth` (year, month) reaches retirement.
    pub fn retires_in(self, birth_year: i32, birth_month: u32) -> Month {
        let (age, delayed) = self.parameters();
        let born = Month::new(birth_year, birth_month);
        let delay = match delayed {
            Some((from_year, per, most)) => {
                let since = born.index() - Month::new(from_year, 1).index();
                if since < 0 {
                    0
                } else {
                    (since / per + 1).min(most)
                }
            }
            None => 0,
        };
        born.plus(age * 12 + delay)
    }
}

impl fmt::Display for RetirementRule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// A calendar month (`YYYY-MM`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Month {
    pub year: i32,
    pub month: u32,
}

impl Month {
    pub fn new(year: i32, month: u32) -> Month {
        Month { year, month }
    }

    pub fn of(date: chrono::NaiveDate) -> Month {
        use chrono::Datelike;
        Month::new(date.year(), date.month())
    }

    /// Months since year 0, for arithmetic.
    fn index(self) -> i32 {
        self.year * 12 + self.month as i32 - 1
    }

    pub fn plus(self, months: i32) -> Month {
        let i = self.index() + months;
        Month::new(i.div_euclid(12), (i.rem_euclid(12) + 1) as u32)
    }

    /// The first day of the month.
    pub fn first_day(self) -> Option<chrono::NaiveDate> {
        chrono::NaiveDate::from_ymd_opt(self.year, self.month, 1)
    }

    /// Reads `YYYY-MM`.
    pub fn parse(text: &str) -> Option<Month> {
        let (y, m) = text.trim().split_once('-')?;
        let (y, m) = (y.parse().ok()?, m.parse().ok()?);
        (1..=12).contains(&m).then(|| Month::new(y, m))
    }
}

impl fmt::Display for Month {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

impl Serialize for Month {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// What decides a person's rule, as the registry holds it.
#[derive(Debug, Clone, Default)]
pub struct RetirementFacts<'a> {
    pub gender: Option<Gender>,
    pub post_type: Option<PostType>,
    /// 岗位类别 as read (工勤岗位 …).
    pub post_category: &'a str,
    /// 领导职务级别 as read (县处级正职 …).
    pub leader_level: &'a str,
    /// 职称 as read (高级工程师, 副高 …).
    pub title: &'a str,
    /// The clerk's override, when one was set.
    pub set_rule: Option<RetirementRule>,
}

/// A person's rule: the clerk's override, else from gender, post type and 岗位类别
/// (工勤编制 or 工勤岗位 → 50 for women, otherwise 55). None without a known gender.
pub fn rule_for(facts: &RetirementFacts) -> Option<RetirementRule> {
    if let Some(rule) = facts.set_rule {
        return Some(rule);
    }
    match facts.gender? {
        Gender::Male => Some(RetirementRule::Men60),
        Gender::Female => {
            let worker =
                facts.post_type == Some(PostType::Service) || facts.post_category.contains("工勤");
            Some(if worker {
                RetirementRule::Women50
            } else {
                RetirementRule::Women55
            })
        }
    }
}

/// Whether a woman may retire at 60 under 组通字〔2015〕14号 (县处级 leader or 高级职称) and
/// no rule was confirmed for her: the clerk should look.
pub fn may_retire_at_60(facts: &RetirementFacts) -> bool {
    facts.gender == Some(Gender::Female)
        && facts.set_rule.is_none()
        && (facts.leader_level.contains("县处级")
            || facts.leader_level.contains("处级")
            || is_senior_title(facts.title))
}

/// 高级职称: 正高级 or 副高级 (高级工程师, 副主任医师, 副教授, 高级教师 …).
pub fn is_senior_title(title: &str) -> bool {
    let t = title.trim();
    !t.is_empty()
        && (t.contains("高级")
            || t.contains("正高")
            || t.contains("副高")
            || t.contains("副主任")
            || t.contains("主任医师")
            || t.contains("主任药师")
            || t.contains("主任护师")
            || t.contains("教授")
            || t.contains("研究员"))
        && !t.contains("中级")
}

/// A person's retirement month from their birth date and rule.
pub fn retires_in(birth: &PartialDate, rule: RetirementRule) -> Month {
    rule.retires_in(birth.year, birth.month)
}

/// A line of the retirement forecast: one unit and post type, the people past retirement
/// before the first year, then per year.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ForecastRow {
    pub unit: String,
    pub post_type: PostType,
    /// Reached retirement before the first year, still on a post.
    pub past: i64,
    /// Per year from the first.
    pub by_year: Vec<i64>,
}

impl ForecastRow {
    pub fn total(&self) -> i64 {
        self.past + self.by_year.iter().sum::<i64>()
    }
}

/// The forecast per unit and post type for `years` years from `first_year`: people (unit,
/// post type, retirement month) reaching retirement by then, by unit and post type in the
/// order of reports.
pub fn forecast<'a>(
    people: impl IntoIterator<Item = (&'a str, PostType, Month)>,
    first_year: i32,
    years: usize,
) -> Vec<ForecastRow> {
    let mut rows: std::collections::BTreeMap<(&str, usize), ForecastRow> = Default::default();
    for (unit, post_type, month) in people {
        let k = month.year - first_year;
        if k >= years as i32 {
            continue;
        }
        let row = rows
            .entry((unit, post_type.index()))
            .or_insert_with(|| ForecastRow {
                unit: unit.to_string(),
                post_type,
                past: 0,
                by_year: vec![0; years],
            });
        match usize::try_from(k) {
            Ok(k) => row.by_year[k] += 1,
            Err(_) => row.past += 1,
        }
    }
    rows.into_values().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn on(rule: RetirementRule, born: &str) -> String {
        let b = Month::parse(born).expect("a month");
        rule.retires_in(b.year, b.month).to_string()
    }

    #[test]
    fn men_from_sixty_to_sixty_three() {
        let m = RetirementRule::Men60;
        assert_eq!(on(m, "1964-12"), "2024-12");
        assert_eq!(on(m, "1965-01"), "2025-02");
        assert_eq!(on(m, "1965-04"), "2025-05");
        assert_eq!(on(m, "1965-05"), "2025-07");
        assert_eq!(on(m, "1976-08"), "2039-07");
        assert_eq!(on(m, "1976-09"), "2039-09");
        assert_eq!(on(m, "1990-03"), "2053-03");
    }

    #[test]
    fn women_cadres_from_fifty_five_to_fifty_eight() {
        let w = RetirementRule::Women55;
        assert_eq!(on(w, "1969-12"), "2024-12");
        assert_eq!(on(w, "1970-01"), "2025-02");
        assert_eq!(on(w, "1981-09"), "2039-09");
        assert_eq!(on(w, "1985-06"), "2043-06");
    }

    #[test]
    fn women_workers_from_fifty_to_fifty_five() {
        let w = RetirementRule::Women50;
        assert_eq!(on(w, "1974-12"), "2024-12");
        assert_eq!(on(w, "1975-01"), "2025-02");
        assert_eq!(on(w, "1975-03"), "2025-05");
        assert_eq!(on(w, "1984-11"), "2039-11");
        assert_eq!(on(w, "1990-01"), "2045-01");
    }

    #[test]
    fn the_rule_follows_post_type_and_category_and_the_override_wins() {
        let mut f = RetirementFacts {
            gender: Some(Gender::Female),
            post_type: Some(PostType::Administrative),
            ..Default::default()
        };
        assert_eq!(rule_for(&f), Some(RetirementRule::Women55));
        f.post_type = Some(PostType::Service);
        assert_eq!(rule_for(&f), Some(RetirementRule::Women50));
        f.post_type = Some(PostType::Institution(super::super::post::Funding::Full));
        f.post_category = "工勤技能岗位";
        assert_eq!(rule_for(&f), Some(RetirementRule::Women50));
        f.set_rule = Some(RetirementRule::Women55);
        assert_eq!(rule_for(&f), Some(RetirementRule::Women55));
        f.gender = Some(Gender::Male);
        f.set_rule = None;
        assert_eq!(rule_for(&f), Some(RetirementRule::Men60));
        f.gender = None;
        assert_eq!(rule_for(&f), None);
    }

    #[test]
    fn senior_women_are_flagged_until_a_rule_is_confirmed() {
        let mut f = RetirementFacts {
            gender: Some(Gender::Female),
            title: "副主任医师",
            ..Default::default()
        };
        assert!(may_retire_at_60(&f));
        f.title = "中级教师";
        assert!(!may_retire_at_60(&f));
        f.leader_level = "县处级副职";
        assert!(may_retire_at_60(&f));
        f.set_rule = Some(RetirementRule::Women60);
        assert!(!may_retire_at_60(&f));
        assert_eq!(
            rule_for(&f).map(|r| on(r, "1970-01")),
            Some("2030-01".into())
        );
        f.set_rule = None;
        f.gender = Some(Gender::Male);
        assert!(!may_retire_at_60(&f));
    }

    #[test]
    fn the_forecast_counts_by_unit_post_type_and_year() {
        let a = PostType::Administrative;
        let rows = forecast(
            [
                ("乙局", a, Month::new(2027, 3)),
                ("甲局", a, Month::new(2024, 5)),
                ("甲局", a, Month::new(2026, 12)),
                ("甲局", PostType::Service, Month::new(2030, 1)),
                ("甲局", a, Month::new(2031, 1)),
            ],
            2026,
            5,
        );
        let got: Vec<(&str, i64, Vec<i64>, i64)> = rows
            .iter()
            .map(|r| (r.unit.as_str(), r.past, r.by_year.clone(), r.total()))
            .collect();
        assert_eq!(
            got,
            [
                ("乙局", 0, vec![0, 1, 0, 0, 0], 1),
                ("甲局", 1, vec![1, 0, 0, 0, 0], 2),
                ("甲局", 0, vec![0, 0, 0, 0, 1], 1),
            ]
        );
    }

    #[test]
    fn months_add_across_years() {
        assert_eq!(Month::new(2024, 12).plus(1).to_string(), "2025-01");
        assert_eq!(Month::new(2025, 1).plus(-1).to_string(), "2024-12");
        assert_eq!(Month::parse("2025-13"), None);
    }
}
