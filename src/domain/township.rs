//! Township allocation (乡镇编制核定标准), idle vacancies, recovery suggestions and
//! 退二补一. Pure arithmetic over numbers the ledger gives; storage records the results as
//! ledger entries.

use super::ledger::{Account, EntryKind, Movement};
use super::org::{OrgId, TownshipClass};
use super::post::{Funding, PerType, PostType};
use super::rules::RuleViolation;
use chrono::{Months, NaiveDate};

/// How the institution-post standard (administrative × ratio) is rounded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Rounding {
    /// 四舍五入
    #[default]
    HalfUp,
    /// 向上取整
    Up,
    /// 向下取整
    Down,
}

impl Rounding {
    pub const ALL: [Rounding; 3] = [Rounding::HalfUp, Rounding::Up, Rounding::Down];

    pub fn code(self) -> &'static str {
        match self {
            Rounding::HalfUp => "half_up",
            Rounding::Up => "up",
            Rounding::Down => "down",
        }
    }
    pub fn from_code(code: &str) -> Option<Rounding> {
        Rounding::ALL.into_iter().find(|r| r.code() == code)
    }
    pub fn label(self) -> &'static str {
        match self {
            Rounding::HalfUp => "四舍五入",
            Rounding::Up => "向上取整",
            Rounding::Down => "向下取整",
        }
    }
    /// `numerator / denominator` rounded (both non-negative, denominator positive).
    fn divide(self, numerator: i64, denominator: i64) -> i64 {
        match self {
            Rounding::HalfUp => (2 * numerator + denominator) / (2 * denominator),
            Rounding::Up => (numerator + denominator - 1) / denominator,
            Rounding::Down => numerator / denominator,
        }
    }
}

/// The county's township standard: administrative posts per class and the ratio of
/// institution posts to administrative posts (seed: 37, 28 and 1.2:1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AllocationStandard {
    pub class1_admin: i64,
    pub class2_admin: i64,
    /// Institution posts per administrative post, in thousandths (1.2 → 1200).
    pub inst_ratio_milli: i64,
    pub rounding: Rounding,
}

impl Default for AllocationStandard {
    fn default() -> Self {
        AllocationStandard {
            class1_admin: 37,
            class2_admin: 28,
            inst_ratio_milli: 1200,
            rounding: Rounding::HalfUp,
        }
    }
}

/// The post types a township's standard counts: administrative posts are 行政编制;
/// institution posts are 事业编制 of any funding form. Shortfalls are granted as 全额拨款
/// (the form townships are funded in); surpluses are recovered from vacancies in this order.
pub const TOWNSHIP_INSTITUTION_TYPES: [PostType; 3] = [
    PostType::Institution(Funding::Full),
    PostType::Institution(Funding::Partial),
    PostType::Institution(Funding::SelfFunded),
];

impl AllocationStandard {
    pub fn admin_for(&self, class: TownshipClass) -> i64 {
        match class {
            TownshipClass::One => self.class1_admin,
            TownshipClass::Two => self.class2_admin,
        }
    }

    pub fn institution_for(&self, class: TownshipClass) -> i64 {
        self.rounding
            .divide(self.admin_for(class) * self.inst_ratio_milli, 1000)
    }

    /// The ratio as clerks write it: `1.2`.
    pub fn ratio_label(&self) -> String {
        let whole = self.inst_ratio_milli / 1000;
        let frac = self.inst_ratio_milli % 1000;
        if frac == 0 {
            format!("{whole}")
        } else {
            let digits = format!("{frac:03}");
            format!("{whole}.{}", digits.trim_end_matches('0'))
        }
    }

    /// Reads a ratio typed as `1.2`, `1.25` or `1.2:1` into thousandths.
    pub fn parse_ratio(text: &str) -> Option<i64> {
        let t = text.trim().replace('：', ":");
        let t = t.strip_suffix(":1").unwrap_or(&t).trim();
        let (whole, frac) = t.split_once('.').unwrap_or((t, ""));
        if whole.is_empty() && frac.is_empty() || frac.len() > 3 {
            return None;
        }
        let whole: i64 = if whole.is_empty() {
            0
        } else {
            whole.parse().ok()?
        };
        let mut milli = 0;
        for (i, c) in frac.chars().enumerate() {
            milli += c.to_digit(10)? as i64 * [100, 10, 1][i];
        }
        Some(whole.checked_mul(1000)? + milli)
    }

    pub fn validate(&self) -> Result<(), RuleViolation> {
        for (class, n) in [("一类", self.class1_admin), ("二类", self.class2_admin)] {
            if !(1..=1000).contains(&n) {
                return Err(RuleViolation::BadStandard(format!(
                    "{class}乡镇的行政编制标准应在 1 到 1000 之间（填的是 {n}）"
                )));
            }
        }
        if !(1..=10_000).contains(&self.inst_ratio_milli) {
            return Err(RuleViolation::BadStandard(format!(
                "事业编制与行政编制的比例应大于 0、不超过 10（填的是 {}）",
                self.ratio_label()
            )));
        }
        Ok(())
    }
}

/// A township's posts as the ledger derives them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TownshipPosts {
    pub org: OrgId,
    pub name: String,
    pub class: Option<TownshipClass>,
    pub approved: PerType,
    pub occupied: PerType,
}

impl TownshipPosts {
    pub fn admin_approved(&self) -> i64 {
        self.approved.get(PostType::Administrative)
    }
    pub fn institution_approved(&self) -> i64 {
        TOWNSHIP_INSTITUTION_TYPES
            .iter()
            .map(|t| self.approved.get(*t))
            .sum()
    }
    fn vacancy(&self, t: PostType) -> i64 {
        (self.approved.get(t) - self.occupied.get(t)).max(0)
    }
}

/// One ledger movement a reallocation proposes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProposedMove {
    pub org: OrgId,
    pub name: String,
    pub movement: Movement,
    pub kind: EntryKind,
}

/// A surplus the reallocation cannot recover now because the posts are occupied: it is
/// absorbed as people leave (人走编收).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unabsorbed {
    pub name: String,
    pub post_type: PostType,
    pub count: i64,
}

/// What bringing every township to standard takes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReallocationPlan {
    pub moves: Vec<ProposedMove>,
    pub unabsorbed: Vec<Unabsorbed>,
    /// Townships without a class, left out.
    pub unclassified: Vec<String>,
    pub reserve_before: PerType,
    pub reserve_after: PerType,
}

impl ReallocationPlan {
    pub fn recovered(&self) -> i64 {
        self.moves
            .iter()
            .filter(|m| m.kind == EntryKind::Recover)
            .map(|m| m.movement.count)
            .sum()
    }
    pub fn granted(&self) -> i64 {
        self.moves
            .iter()
            .filter(|m| m.kind == EntryKind::Reallocate)
            .map(|m| m.movement.count)
            .sum()
    }
}

/// Proposes the entries that bring every classified township to the standard: a surplus
/// is recovered into the central reserve from vacancies (what is occupied stays, listed as
/// unabsorbed); a shortfall is granted from the reserve. Recoveries are counted before
/// grants, so posts recovered from one township can go to another. Refused when the
/// reserve cannot cover the grants.
pub fn plan_reallocation(
    townships: &[TownshipPosts],
    standard: &AllocationStandard,
    reserve: &PerType,
) -> Result<ReallocationPlan, RuleViolation> {
    standard.validate()?;
    let mut plan = ReallocationPlan {
        moves: Vec::new(),
        unabsorbed: Vec::new(),
        unclassified: Vec::new(),
        reserve_before: *reserve,
        reserve_after: *reserve,
    };
    let mut grants = Vec::new();
    for t in townships {
        let Some(class) = t.class else {
            plan.unclassified.push(t.name.clone());
            continue;
        };
        let targets = [
            (
                standard.admin_for(class) - t.admin_approved(),
                &[PostType::Administrative][..],
            ),
            (
                standard.institution_for(class) - t.institution_approved(),
                &TOWNSHIP_INSTITUTION_TYPES[..],
            ),
        ];
        for (diff, types) in targets {
            if diff > 0 {
                grants.push((t, types[0], diff));
                continue;
            }
            let mut surplus = -diff;
            for &pt in types {
                let n = surplus.min(t.vacancy(pt));
                if n > 0 {
                    plan.moves.push(ProposedMove {
                        org: t.org,
                        name: t.name.clone(),
                        movement: Movement {
                            post_type: pt,
                            count: n,
                            from: Account::Org(t.org),
                            to: Account::Reserve,
                        },
                        kind: EntryKind::Recover,
                    });
                    plan.reserve_after.add(pt, n);
                    surplus -= n;
                }
            }
            if surplus > 0 {
                plan.unabsorbed.push(Unabsorbed {
                    name: t.name.clone(),
                    post_type: types[0],
                    count: surplus,
                });
            }
        }
    }
    for (t, pt, n) in grants {
        plan.moves.push(ProposedMove {
            org: t.org,
            name: t.name.clone(),
            movement: Movement {
                post_type: pt,
                count: n,
                from: Account::Reserve,
                to: Account::Org(t.org),
            },
            kind: EntryKind::Reallocate,
        });
        plan.reserve_after.add(pt, -n);
    }
    for pt in PostType::ALL {
        if plan.reserve_after.get(pt) < 0 {
            let needed: i64 = plan
                .moves
                .iter()
                .filter(|m| m.kind == EntryKind::Reallocate && m.movement.post_type == pt)
                .map(|m| m.movement.count)
                .sum();
            return Err(RuleViolation::InsufficientBalance {
                account: "县集中管理编制（含本次收回）".to_string(),
                post_type: pt,
                balance: needed + plan.reserve_after.get(pt),
                needed,
            });
        }
    }
    Ok(plan)
}

/// Posts vacant for longer than `months` up to `as_of`: the smallest vacancy count at any
/// time in that window (posts that were vacant all through it). `changes` are the dated
/// changes of the vacancy count (+ approved or a person leaving, − reduced or a person
/// joining), in any order.
pub fn idle_vacancies(changes: &[(NaiveDate, i64)], as_of: NaiveDate, months: u32) -> i64 {
    let start = as_of
        .checked_sub_months(Months::new(months))
        .unwrap_or(NaiveDate::MIN);
    let mut sorted: Vec<(NaiveDate, i64)> = changes
        .iter()
        .copied()
        .filter(|(d, _)| *d <= as_of)
        .collect();
    sorted.sort_by_key(|(d, _)| *d);
    let mut level = 0;
    let mut i = 0;
    while i < sorted.len() && sorted[i].0 <= start {
        level += sorted[i].1;
        i += 1;
    }
    let mut min = level;
    // Changes on the same day count together (a post freed and filled the same day was
    // not idle).
    while i < sorted.len() {
        let day = sorted[i].0;
        while i < sorted.len() && sorted[i].0 == day {
            level += sorted[i].1;
            i += 1;
        }
        min = min.min(level);
    }
    min.max(0)
}

/// How many vacancies to suggest recovering from a unit: `percent` of its idle vacancies,
/// rounded down, never more than its vacancy.
pub fn suggest_recovery(idle: i64, vacancy: i64, percent: i64) -> i64 {
    (idle.max(0) * percent.clamp(0, 100) / 100).min(vacancy.max(0))
}

/// A township's class changed by a decision: from its date, with its 文号.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClassChange {
    pub effective_from: NaiveDate,
    pub class: TownshipClass,
    /// The class before this decision (the one recorded with the unit, for the first).
    pub previous: Option<TownshipClass>,
    pub doc_no: String,
}

/// A township's class on `date`: the newest decision dated on or before it; before the
/// first decision, the class that decision replaced; with no decision, `recorded` (the
/// class kept with the unit). `changes` in the order they were decided.
pub fn class_on(
    changes: &[ClassChange],
    recorded: Option<TownshipClass>,
    date: NaiveDate,
) -> Option<TownshipClass> {
    let in_force = changes
        .iter()
        .enumerate()
        .filter(|(_, c)| c.effective_from <= date)
        .max_by_key(|(k, c)| (c.effective_from, *k));
    match (in_force, changes.iter().min_by_key(|c| c.effective_from)) {
        (Some((_, c)), _) => Some(c.class),
        (None, Some(first)) => first.previous,
        (None, None) => recorded,
    }
}

/// The last day of a year's March filing (人员分工、任职情况备案): 31 March.
pub fn filing_deadline(year: i32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(year, 3, 31)
}

/// Whether a filing for `year` received on `received` is 逾期备案 (after 31 March).
pub fn filing_is_late(year: i32, received: NaiveDate) -> bool {
    filing_deadline(year).is_some_and(|d| received > d)
}

/// One line of a township's March filing (人员分工、任职情况): who does what.
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize)]
pub struct FilingLine {
    pub name: String,
    /// As filed (may be empty when the township left it out).
    pub id_number: Option<String>,
    /// 所在机构 (内设机构 or 站所).
    pub division: String,
    /// 分工
    pub duties: String,
    /// 职务
    pub position: String,
}

impl FilingLine {
    /// Who the line is: the ID number when filed, else the name.
    fn key(&self) -> &str {
        self.id_number.as_deref().unwrap_or(&self.name)
    }
}

/// What changed for one person between last year's filing and this year's.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub enum FilingChange {
    /// On this year's filing only.
    Joined { name: String },
    /// On last year's filing only.
    Gone { name: String },
    /// Moved to another division (and perhaps other duties or position).
    Moved {
        name: String,
        from: String,
        to: String,
    },
    /// Same division, other duties.
    Duties {
        name: String,
        from: String,
        to: String,
    },
    /// Same division, other position.
    Position {
        name: String,
        from: String,
        to: String,
    },
}

impl FilingChange {
    /// The change in the clerk's words.
    pub fn describe(&self) -> String {
        let or_none = |s: &str| {
            if s.is_empty() {
                "（空）".to_string()
            } else {
                s.to_string()
            }
        };
        match self {
            FilingChange::Joined { name } => format!("{name}：新增"),
            FilingChange::Gone { name } => format!("{name}：不再在册"),
            FilingChange::Moved { name, from, to } => {
                format!("{name}：所在机构 {} → {}", or_none(from), or_none(to))
            }
            FilingChange::Duties { name, from, to } => {
                format!("{name}：分工 {} → {}", or_none(from), or_none(to))
            }
            FilingChange::Position { name, from, to } => {
                format!("{name}：职务 {} → {}", or_none(from), or_none(to))
            }
        }
    }
}

/// This year's filing against last year's: who joined, who is gone, who moved to another
/// division, whose duties or position changed (people matched by ID number, or by name
/// where a line has none). In this year's order, then those gone in last year's.
pub fn compare_filings(last: &[FilingLine], this: &[FilingLine]) -> Vec<FilingChange> {
    use std::collections::HashMap;
    let before: HashMap<&str, &FilingLine> = last.iter().map(|l| (l.key(), l)).collect();
    let now: std::collections::HashSet<&str> = this.iter().map(FilingLine::key).collect();
    let mut out = Vec::new();
    for l in this {
        let name = l.name.clone();
        match before.get(l.key()) {
            None => out.push(FilingChange::Joined { name }),
            Some(b) if b.division != l.division => out.push(FilingChange::Moved {
                name,
                from: b.division.clone(),
                to: l.division.clone(),
            }),
            Some(b) => {
                if b.duties != l.duties {
                    out.push(FilingChange::Duties {
                        name: name.clone(),
                        from: b.duties.clone(),
                        to: l.duties.clone(),
                    });
                }
                if b.position != l.position {
                    out.push(FilingChange::Position {
                        name,
                        from: b.position.clone(),
                        to: l.position.clone(),
                    });
                }
            }
        }
    }
    for l in last {
        if !now.contains(l.key()) {
            out.push(FilingChange::Gone {
                name: l.name.clone(),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn town(
        id: i64,
        class: Option<TownshipClass>,
        admin: (i64, i64),
        full: (i64, i64),
    ) -> TownshipPosts {
        let mut approved = PerType::default();
        let mut occupied = PerType::default();
        approved.add(PostType::Administrative, admin.0);
        occupied.add(PostType::Administrative, admin.1);
        approved.add(PostType::Institution(Funding::Full), full.0);
        occupied.add(PostType::Institution(Funding::Full), full.1);
        TownshipPosts {
            org: OrgId(id),
            name: format!("镇{id}"),
            class,
            approved,
            occupied,
        }
    }

    #[test]
    fn standard_for_both_classes_and_a_changed_ratio() {
        let s = AllocationStandard::default();
        assert_eq!(s.admin_for(TownshipClass::One), 37);
        assert_eq!(s.institution_for(TownshipClass::One), 44); // 44.4
        assert_eq!(s.admin_for(TownshipClass::Two), 28);
        assert_eq!(s.institution_for(TownshipClass::Two), 34); // 33.6
        let up = AllocationStandard {
            rounding: Rounding::Up,
            ..s
        };
        assert_eq!(up.institution_for(TownshipClass::One), 45);
        let down = AllocationStandard {
            rounding: Rounding::Down,
            ..s
        };
        assert_eq!(down.institution_for(TownshipClass::Two), 33);
        let r = AllocationStandard {
            inst_ratio_milli: 1500,
            ..s
        };
        assert_eq!(r.institution_for(TownshipClass::One), 56); // 55.5 rounds half up
        assert_eq!(r.institution_for(TownshipClass::Two), 42);
    }

    #[test]
    fn ratios_parse_and_print() {
        assert_eq!(AllocationStandard::parse_ratio("1.2"), Some(1200));
        assert_eq!(AllocationStandard::parse_ratio("1.2:1"), Some(1200));
        assert_eq!(AllocationStandard::parse_ratio("1.25"), Some(1250));
        assert_eq!(AllocationStandard::parse_ratio("2"), Some(2000));
        assert_eq!(AllocationStandard::parse_ratio("abc"), None);
        assert_eq!(AllocationStandard::parse_ratio("1.2345"), None);
        let s = AllocationStandard::default();
        assert_eq!(s.ratio_label(), "1.2");
        assert!(
            AllocationStandard {
                inst_ratio_milli: 0,
                ..s
            }
            .validate()
            .is_err()
        );
    }

    #[test]
    fn reallocation_recovers_vacancies_grants_shortfall_and_keeps_the_total() {
        let towns = vec![
            // Class 1: 40 admin (3 over standard, 2 vacant), 44 institution (at standard).
            town(1, Some(TownshipClass::One), (40, 38), (44, 40)),
            // Class 2: 25 admin (3 short), 30 institution (4 short).
            town(2, Some(TownshipClass::Two), (25, 25), (30, 30)),
            town(3, None, (10, 10), (0, 0)),
        ];
        let mut reserve = PerType::default();
        reserve.add(PostType::Administrative, 1);
        reserve.add(PostType::Institution(Funding::Full), 4);
        let plan = plan_reallocation(&towns, &AllocationStandard::default(), &reserve).unwrap();
        assert_eq!(plan.recovered(), 2);
        assert_eq!(plan.granted(), 7);
        assert_eq!(plan.unabsorbed[0].count, 1);
        assert_eq!(plan.unclassified, vec!["镇3".to_string()]);
        assert_eq!(plan.reserve_after.get(PostType::Administrative), 0);
        assert_eq!(
            plan.reserve_after.get(PostType::Institution(Funding::Full)),
            0
        );
        // County total (townships + reserve) unchanged.
        let before: i64 = towns.iter().map(|t| t.approved.total()).sum::<i64>() + reserve.total();
        let mut after = plan.reserve_after.total();
        for t in &towns {
            let mut a = t.approved.total();
            for m in plan.moves.iter().filter(|m| m.org == t.org) {
                a += if m.kind == EntryKind::Recover {
                    -m.movement.count
                } else {
                    m.movement.count
                };
            }
            after += a;
        }
        assert_eq!(before, after);
    }

    #[test]
    fn reallocation_refuses_what_the_reserve_cannot_cover() {
        let towns = vec![town(2, Some(TownshipClass::Two), (25, 25), (34, 34))];
        let err = plan_reallocation(&towns, &AllocationStandard::default(), &PerType::default())
            .unwrap_err();
        assert!(err.to_string().contains("余额不足"), "{err}");
    }

    #[test]
    fn idle_vacancies_are_the_lowest_level_in_the_window() {
        let changes = vec![
            (d("2020-01-01"), 5),  // 5 approved
            (d("2020-02-01"), -3), // 3 hired: 2 vacant
            (d("2026-03-01"), 1),  // a retirement: 3 vacant
            (d("2026-06-01"), -1), // filled: 2 vacant
        ];
        assert_eq!(idle_vacancies(&changes, d("2026-11-28"), 12), 2);
        assert_eq!(idle_vacancies(&changes, d("2026-11-28"), 3), 2);
        assert_eq!(idle_vacancies(&changes, d("2026-05-01"), 1), 3);
        // A post freed and filled on the same day was not idle.
        let same_day = vec![
            (d("2020-01-01"), 1),
            (d("2026-01-01"), -1),
            (d("2026-01-01"), 1),
        ];
        assert_eq!(idle_vacancies(&same_day, d("2026-11-28"), 12), 1);
        assert_eq!(idle_vacancies(&[], d("2026-11-28"), 12), 0);
    }

    #[test]
    fn recovery_suggestion_is_a_share_of_idle_vacancies() {
        assert_eq!(suggest_recovery(5, 6, 50), 2);
        assert_eq!(suggest_recovery(5, 1, 100), 1);
        assert_eq!(suggest_recovery(0, 3, 50), 0);
    }

    #[test]
    fn the_class_on_a_date_is_the_newest_decision_dated_on_or_before_it() {
        use TownshipClass::{One, Two};
        let change = |date: &str, class, previous| ClassChange {
            effective_from: d(date),
            class,
            previous,
            doc_no: "石编〔2026〕3号".into(),
        };
        assert_eq!(class_on(&[], Some(Two), d("2026-01-01")), Some(Two));
        let changes = [
            change("2026-07-01", One, Some(Two)),
            change("2027-01-01", Two, Some(One)),
        ];
        assert_eq!(
            class_on(&changes, Some(One), d("2026-06-30")),
            Some(Two),
            "before the first: what it replaced"
        );
        assert_eq!(class_on(&changes, Some(One), d("2026-07-01")), Some(One));
        assert_eq!(class_on(&changes, Some(One), d("2026-12-31")), Some(One));
        assert_eq!(
            class_on(&changes, Some(One), d("2027-01-01")),
            Some(Two),
            "a decision dated ahead applies from its date"
        );
    }

    #[test]
    fn this_years_filing_against_last_years() {
        let line = |name: &str, id: Option<&str>, division: &str, duties: &str, position: &str| {
            FilingLine {
                name: name.into(),
                id_number: id.map(Into::into),
                division: division.into(),
                duties: duties.into(),
                position: position.into(),
            }
        };
        let last = [
            line("张三", Some("1"), "党政综合办公室", "文秘", "主任"),
            line("李四", Some("2"), "经济发展办公室", "农业", ""),
            line("王五", None, "综治中心", "信访", ""),
            line("赵六", Some("4"), "财政所", "会计", ""),
        ];
        let this = [
            line("张三", Some("1"), "党政综合办公室", "文秘、档案", "副主任"),
            line("李四", Some("2"), "社会事务办公室", "民政", ""),
            line("王五", None, "综治中心", "信访", ""),
            line("孙七", Some("7"), "财政所", "出纳", ""),
        ];
        let said: Vec<String> = compare_filings(&last, &this)
            .iter()
            .map(FilingChange::describe)
            .collect();
        assert_eq!(
            said,
            [
                "张三：分工 文秘 → 文秘、档案",
                "张三：职务 主任 → 副主任",
                "李四：所在机构 经济发展办公室 → 社会事务办公室",
                "孙七：新增",
                "赵六：不再在册",
            ]
        );
        assert!(compare_filings(&this, &this).is_empty());
        assert_eq!(
            compare_filings(&[], &this[..1]).len(),
            1,
            "no filing last year: all new"
        );
    }

    #[test]
    fn a_filing_is_late_from_the_first_of_april() {
        let d = |m, day| NaiveDate::from_ymd_opt(2026, m, day).unwrap();
        assert!(!filing_is_late(2026, d(3, 31)));
        assert!(filing_is_late(2026, d(4, 1)));
        assert!(!filing_is_late(2026, d(1, 15)));
    }
}
