//! 领导职数: the leadership positions a unit may fill, approved by dated entries with a 文号
//! (like posts), and the appointments (任职) and removals (免职) that fill them. 超职数 is
//! the appointments in force against the approved numbers, per level — never guessed from
//! position titles. A unit with no appointment recorded has no data ([`excess`] is `None`).

use serde::Serialize;

/// The four levels of leadership position a unit's approval names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum Level {
    /// 部门正职 (局长, 主任 of the unit)
    Chief,
    /// 部门副职
    Deputy,
    /// 内设机构正职 (股长, 科长)
    DivisionChief,
    /// 内设机构副职
    DivisionDeputy,
}

impl Level {
    pub const ALL: [Level; 4] = [
        Level::Chief,
        Level::Deputy,
        Level::DivisionChief,
        Level::DivisionDeputy,
    ];
    pub fn code(self) -> &'static str {
        match self {
            Level::Chief => "chief",
            Level::Deputy => "deputy",
            Level::DivisionChief => "division_chief",
            Level::DivisionDeputy => "division_deputy",
        }
    }
    pub fn from_code(code: &str) -> Option<Level> {
        Level::ALL
            .into_iter()
            .find(|l| l.code() == code || l.label() == code)
    }
    pub fn label(self) -> &'static str {
        match self {
            Level::Chief => "正职",
            Level::Deputy => "副职",
            Level::DivisionChief => "内设机构正职",
            Level::DivisionDeputy => "内设机构副职",
        }
    }

    /// The level a roster's 人员分类 names (部门正职领导, 内设机构副职领导 …); `None` for
    /// 非领导人员 and anything else.
    pub fn from_person_class(text: &str) -> Option<Level> {
        let t: String = text.chars().filter(|c| !c.is_whitespace()).collect();
        if t.is_empty() || t.contains("非领导") {
            return None;
        }
        let division = t.contains("内设");
        let deputy = t.contains('副');
        let leader = t.contains("领导") || t.contains("正职") || t.contains("副职");
        if !leader {
            return None;
        }
        Some(match (division, deputy) {
            (false, false) => Level::Chief,
            (false, true) => Level::Deputy,
            (true, false) => Level::DivisionChief,
            (true, true) => Level::DivisionDeputy,
        })
    }
}

/// A number per level.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct PerLevel {
    pub chief: i64,
    pub deputy: i64,
    pub division_chief: i64,
    pub division_deputy: i64,
}

impl PerLevel {
    pub fn get(&self, l: Level) -> i64 {
        match l {
            Level::Chief => self.chief,
            Level::Deputy => self.deputy,
            Level::DivisionChief => self.division_chief,
            Level::DivisionDeputy => self.division_deputy,
        }
    }
    pub fn add(&mut self, l: Level, n: i64) {
        match l {
            Level::Chief => self.chief += n,
            Level::Deputy => self.deputy += n,
            Level::DivisionChief => self.division_chief += n,
            Level::DivisionDeputy => self.division_deputy += n,
        }
    }
    pub fn total(&self) -> i64 {
        Level::ALL.iter().map(|l| self.get(*l)).sum()
    }
}

/// Positions held beyond those approved, per level (0 where within); `None` (无数据) when no
/// appointment of the unit is recorded at all.
pub fn excess(approved: &PerLevel, appointed: &PerLevel, recorded: bool) -> Option<PerLevel> {
    if !recorded {
        return None;
    }
    let mut over = PerLevel::default();
    for l in Level::ALL {
        over.add(l, (appointed.get(l) - approved.get(l)).max(0));
    }
    Some(over)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_roster_person_class_names_the_level() {
        assert_eq!(Level::from_person_class("部门正职领导"), Some(Level::Chief));
        assert_eq!(
            Level::from_person_class("部门副职领导"),
            Some(Level::Deputy)
        );
        assert_eq!(
            Level::from_person_class("内设机构正职领导"),
            Some(Level::DivisionChief)
        );
        assert_eq!(
            Level::from_person_class(" 内设机构副职领导 "),
            Some(Level::DivisionDeputy)
        );
        assert_eq!(Level::from_person_class("非领导人员"), None);
        assert_eq!(Level::from_person_class("专业技术人员"), None);
        assert_eq!(Level::from_person_class(""), None);
    }

    #[test]
    fn excess_is_per_level_and_none_without_appointments() {
        let approved = PerLevel {
            chief: 1,
            deputy: 3,
            division_chief: 5,
            division_deputy: 2,
        };
        let appointed = PerLevel {
            chief: 1,
            deputy: 4,
            division_chief: 2,
            division_deputy: 3,
        };
        let over = excess(&approved, &appointed, true).unwrap();
        assert_eq!(
            (
                over.chief,
                over.deputy,
                over.division_chief,
                over.division_deputy
            ),
            (0, 1, 0, 1)
        );
        assert_eq!(over.total(), 2);
        assert_eq!(excess(&approved, &PerLevel::default(), false), None);
        assert_eq!(
            excess(&approved, &PerLevel::default(), true)
                .unwrap()
                .total(),
            0,
            "recorded, none held: nothing over"
        );
    }
}
