//! The people list behind the registry table: one row per person, filter as you type (name,
//! pinyin initials, ID number), sort by any column. No egui here, so it is tested directly
//! and timed in the benchmark.

use crate::domain::id_number::mask;
use crate::domain::{Org, OrgId, Person, PersonId, PersonStatus, PostType};
use pinyin::ToPinyin;
use std::cmp::Ordering;
use std::collections::HashMap;

/// Columns of the people table, in display order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    Name,
    Gender,
    Birth,
    IdNumber,
    Org,
    PostType,
    Status,
    JoinedOn,
}

impl Column {
    pub const ALL: [Column; 8] = [
        Column::Name,
        Column::Gender,
        Column::Birth,
        Column::IdNumber,
        Column::Org,
        Column::PostType,
        Column::Status,
        Column::JoinedOn,
    ];
    pub fn label(self) -> &'static str {
        match self {
            Column::Name => "姓名",
            Column::Gender => "性别",
            Column::Birth => "出生年月",
            Column::IdNumber => "身份证号",
            Column::Org => "单位",
            Column::PostType => "编制类型",
            Column::Status => "状态",
            Column::JoinedOn => "入编时间",
        }
    }
}

/// One person as the table shows them.
#[derive(Debug, Clone, PartialEq)]
pub struct PersonRow {
    pub id: PersonId,
    pub name: String,
    /// Pinyin initials of the name, lowercase (张三 → "zs"), the first reading of each
    /// character (sorting).
    pub initials: String,
    /// Every reading's initials, per character ([`initial_sets`], filtering).
    pub initial_sets: Vec<u32>,
    pub gender: &'static str,
    pub birth: String,
    pub id_number: String,
    pub id_masked: String,
    pub org: Option<OrgId>,
    /// The post held (unit and type), for the actions offered on the row.
    pub post: Option<(OrgId, PostType)>,
    pub org_name: String,
    pub post_type: &'static str,
    pub status: &'static str,
    pub joined_on: String,
}

/// Pinyin initials, lowercase; characters without a reading are kept as they are.
pub fn initials(name: &str) -> String {
    name.chars()
        .map(|c| match c.to_pinyin() {
            Some(p) => p.first_letter().chars().next().unwrap_or(c),
            None => c.to_ascii_lowercase(),
        })
        .collect()
}

/// Each character's possible pinyin initials, every reading counted (晟: c or s; 单: d or
/// s), as a bit per letter a–z; a Latin letter or digit stands for itself, anything else
/// matches nothing.
pub fn initial_sets(name: &str) -> Vec<u32> {
    use pinyin::ToPinyinMulti;
    let bit = |c: char| {
        let c = c.to_ascii_lowercase();
        if c.is_ascii_lowercase() {
            1u32 << (c as u32 - 'a' as u32)
        } else {
            0
        }
    };
    name.chars()
        .map(|c| match c.to_pinyin_multi() {
            Some(readings) => readings
                .into_iter()
                .filter_map(|p| p.first_letter().chars().next())
                .fold(0, |m, l| m | bit(l)),
            None => bit(c),
        })
        .collect()
}

/// Whether `query` (letters) is the initials of consecutive characters, in any of their
/// readings: `zsl` finds 张晟力 (zhāng shèng lì, or chéng).
pub fn initials_match(sets: &[u32], query: &str) -> bool {
    initials_query(query).is_some_and(|q| matches_initials(sets, &q))
}

/// A query of letters as the bits [`initial_sets`] uses; `None` when it is empty or holds
/// anything but letters.
pub fn initials_query(query: &str) -> Option<Vec<u32>> {
    let q: Vec<u32> = query
        .chars()
        .map(|c| c.to_ascii_lowercase())
        .filter(char::is_ascii_lowercase)
        .map(|c| 1u32 << (c as u32 - 'a' as u32))
        .collect();
    (!q.is_empty() && q.len() == query.chars().count()).then_some(q)
}

/// Whether a unit is found by `needle`: part of its name or short name, or the pinyin
/// initials (any reading) of consecutive characters of its name.
pub fn unit_matches(name: &str, short_name: Option<&str>, needle: &str) -> bool {
    let needle = needle.trim();
    needle.is_empty()
        || name.contains(needle)
        || short_name.is_some_and(|s| s.contains(needle))
        || initials_match(&initial_sets(name), needle)
}

/// [`initials_match`] with the query read once (a filter over 100,000 names).
pub fn matches_initials(sets: &[u32], q: &[u32]) -> bool {
    sets.windows(q.len())
        .any(|w| w.iter().zip(q).all(|(set, b)| set & b != 0))
}

impl PersonRow {
    pub fn new(p: &Person, org_names: &HashMap<OrgId, String>) -> PersonRow {
        let (org, post_type) = match p.status {
            PersonStatus::OnPost { org, post_type } => (Some(org), post_type.label()),
            PersonStatus::Left { .. } => (None, ""),
        };
        let status = match p.status {
            PersonStatus::OnPost { .. } => "在编",
            PersonStatus::Left { reason } => match reason {
                crate::domain::ExitReason::Retirement => "出编(退休)",
                crate::domain::ExitReason::Resignation => "出编(辞职)",
                crate::domain::ExitReason::TransferOut => "出编(调出)",
                crate::domain::ExitReason::Death => "出编(死亡)",
                crate::domain::ExitReason::Dismissal => "出编(辞退)",
                crate::domain::ExitReason::Other => "出编(其他)",
            },
        };
        PersonRow {
            id: p.id,
            name: p.details.name.clone(),
            initials: initials(&p.details.name),
            initial_sets: initial_sets(&p.details.name),
            gender: p.details.gender.map_or("", |g| g.label()),
            birth: p.details.birth.map(|b| b.to_string()).unwrap_or_default(),
            id_number: p.id_number.to_string(),
            id_masked: mask(p.id_number.as_str()),
            org,
            post: p.status.post(),
            org_name: org
                .and_then(|o| org_names.get(&o).cloned())
                .unwrap_or_default(),
            post_type,
            status,
            joined_on: p
                .details
                .joined_on
                .map(|b| b.to_string())
                .unwrap_or_default(),
        }
    }

    fn key(&self, c: Column) -> &str {
        match c {
            Column::Name => &self.initials,
            Column::Gender => self.gender,
            Column::Birth => &self.birth,
            Column::IdNumber => &self.id_number,
            Column::Org => &self.org_name,
            Column::PostType => self.post_type,
            Column::Status => self.status,
            Column::JoinedOn => &self.joined_on,
        }
    }
}

/// All people, with the current filter and sort applied as a list of row indices.
#[derive(Debug, Default)]
pub struct PeopleIndex {
    pub rows: Vec<PersonRow>,
    /// Indices into `rows` that pass the filter, in sort order.
    pub visible: Vec<usize>,
    sort: Option<(Column, bool)>,
    /// The filter that produced `visible` (trimmed query, unit, whether people who left count).
    last: Option<(String, Option<OrgId>, bool)>,
    /// What was shown for the prefixes of the query typed now (same unit and 含已出编):
    /// deleting a character shows the shorter prefix's rows again instead of rescanning
    /// everyone. Forgotten when the rows or their order change.
    prefixes: Vec<(String, Vec<usize>)>,
}

/// The most prefixes remembered (a query is rarely longer).
const PREFIXES: usize = 12;

impl PeopleIndex {
    pub fn new(people: &[Person], orgs: &[Org]) -> PeopleIndex {
        let names: HashMap<OrgId, String> = orgs.iter().map(|o| (o.id, o.name.clone())).collect();
        let rows: Vec<PersonRow> = people.iter().map(|p| PersonRow::new(p, &names)).collect();
        let visible = (0..rows.len()).collect();
        PeopleIndex {
            rows,
            visible,
            sort: None,
            last: None,
            prefixes: Vec::new(),
        }
    }

    /// Replaces the rows of `people` (adding those not yet listed) and puts each where the
    /// current filter and sort want it: after a hire or a transfer, without rebuilding or
    /// rescanning the other 100,000 rows.
    pub fn upsert(&mut self, people: &[PersonRow]) {
        self.prefixes.clear();
        let Some((query, org, include_left)) = self.last.clone() else {
            // Never filtered: everyone is shown, in registry order (or sorted).
            for p in people {
                self.replace_or_push(p);
            }
            self.visible = (0..self.rows.len()).collect();
            if let Some((c, asc)) = self.sort {
                self.apply_sort(c, asc);
            }
            return;
        };
        let m = Matcher::new(&query, org, include_left);
        for p in people {
            let i = self.replace_or_push(p);
            if let Some(at) = self.visible.iter().position(|&v| v == i) {
                self.visible.remove(at);
            }
            if m.matches(&self.rows[i]) {
                let at = match self.sort {
                    Some((c, asc)) => {
                        let rows = &self.rows;
                        self.visible
                            .partition_point(|&v| order(rows, c, asc, v, i) == Ordering::Less)
                    }
                    // Unsorted: registry order, which is index order.
                    None => self.visible.partition_point(|&v| v < i),
                };
                self.visible.insert(at, i);
            }
        }
    }

    /// The row's index after replacing it (or adding it at the end).
    fn replace_or_push(&mut self, p: &PersonRow) -> usize {
        match self.rows.iter().position(|r| r.id == p.id) {
            Some(i) => {
                self.rows[i] = p.clone();
                i
            }
            None => {
                self.rows.push(p.clone());
                self.rows.len() - 1
            }
        }
    }

    /// Keeps the rows that match `query` (and belong to `org`, when given; people who left
    /// only when `include_left`). A query of ASCII letters matches pinyin initials (`zs` finds
    /// 张三); digits match ID numbers; anything else matches names.
    pub fn filter(&mut self, query: &str, org: Option<OrgId>, include_left: bool) {
        let query = query.trim();
        let m = Matcher::new(query, org, include_left);
        // Typing one more character only narrows the match: refine the rows shown now (in
        // their current order) instead of scanning everyone again.
        let same_scope = self
            .last
            .as_ref()
            .is_some_and(|(_, o, l)| *o == org && *l == include_left);
        if !same_scope {
            self.prefixes.clear();
        }
        self.prefixes.retain(|(p, _)| query.starts_with(p.as_str()));
        let refine = same_scope
            && self
                .last
                .as_ref()
                .is_some_and(|(prev, _, _)| query.starts_with(prev.as_str()));
        if let Some((_, shown)) = self.prefixes.iter().find(|(p, _)| p == query) {
            self.visible.clone_from(shown);
        } else if refine {
            let rows = &self.rows;
            self.visible.retain(|&i| m.matches(&rows[i]));
        } else {
            self.visible = (0..self.rows.len())
                .filter(|&i| m.matches(&self.rows[i]))
                .collect();
            if let Some((c, asc)) = self.sort {
                self.apply_sort(c, asc);
            }
        }
        self.last = Some((query.to_string(), org, include_left));
        if !self.prefixes.iter().any(|(p, _)| p == query) {
            if self.prefixes.len() == PREFIXES {
                self.prefixes.remove(0);
            }
            self.prefixes
                .push((query.to_string(), self.visible.clone()));
        }
    }

    /// Sorts by a column; asking for the same column again reverses the order.
    pub fn sort_by(&mut self, c: Column) {
        let asc = match self.sort {
            Some((prev, asc)) if prev == c => !asc,
            _ => true,
        };
        self.sort = Some((c, asc));
        self.apply_sort(c, asc);
    }

    pub fn sort_state(&self) -> Option<(Column, bool)> {
        self.sort
    }

    fn apply_sort(&mut self, c: Column, asc: bool) {
        self.prefixes.clear();
        let rows = &self.rows;
        self.visible.sort_by(|&a, &b| order(rows, c, asc, a, b));
    }
}

/// The order of rows `a` and `b` sorted by `c`: ties in registry order; all reversed when
/// descending.
fn order(rows: &[PersonRow], c: Column, asc: bool, a: usize, b: usize) -> Ordering {
    let o = rows[a].key(c).cmp(rows[b].key(c)).then(a.cmp(&b));
    if asc { o } else { o.reverse() }
}

/// Whether a row passes a filter (see [`PeopleIndex::filter`]).
struct Matcher<'q> {
    query: &'q str,
    lower: String,
    upper: String,
    /// A query of letters, as pinyin initials ([`initials_query`]).
    initials: Option<Vec<u32>>,
    digits: bool,
    org: Option<OrgId>,
    include_left: bool,
}

impl<'q> Matcher<'q> {
    fn new(query: &'q str, org: Option<OrgId>, include_left: bool) -> Matcher<'q> {
        let lower = query.to_lowercase();
        Matcher {
            query,
            initials: initials_query(&lower),
            digits: !lower.is_empty() && lower.chars().all(|c| c.is_ascii_digit() || c == 'x'),
            upper: lower.to_uppercase(),
            lower,
            org,
            include_left,
        }
    }

    fn matches(&self, r: &PersonRow) -> bool {
        (self.org.is_none() || r.org == self.org)
            && (self.include_left || r.org.is_some())
            && (self.lower.is_empty()
                || self
                    .initials
                    .as_deref()
                    .is_some_and(|q| matches_initials(&r.initial_sets, q))
                || (self.digits && r.id_number.contains(&self.upper))
                || r.name.contains(self.query))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn people() -> PeopleIndex {
        use crate::domain::{IdNumber, PersonDetails, PostType};
        let mk = |n: i64, name: &str, id: &str, org: i64| Person {
            id: PersonId(n),
            id_number: IdNumber::parse(id).unwrap(),
            details: PersonDetails {
                name: name.into(),
                ..Default::default()
            },
            status: PersonStatus::OnPost {
                org: OrgId(org),
                post_type: PostType::Administrative,
            },
        };
        let people = [
            mk(1, "张三", "11010519491231002X", 1),
            mk(2, "赵四", "430726850305123", 1),
            mk(
                3,
                "张珊珊",
                &format!(
                    "11010519491231010{}",
                    crate::domain::id_number::check_char(b"11010519491231010")
                ),
                2,
            ),
        ];
        PeopleIndex::new(&people, &[])
    }

    fn names(ix: &PeopleIndex) -> Vec<&str> {
        ix.visible
            .iter()
            .map(|&i| ix.rows[i].name.as_str())
            .collect()
    }

    #[test]
    fn filter_by_initials_name_and_id_then_narrow_and_widen() {
        let mut ix = people();
        ix.filter("z", None, false);
        assert_eq!(names(&ix), ["张三", "赵四", "张珊珊"]);
        ix.filter("zs", None, false);
        assert_eq!(names(&ix), ["张三", "赵四", "张珊珊"]);
        ix.filter("zss", None, false);
        assert_eq!(names(&ix), ["张珊珊"]);
        ix.filter("zs", None, false); // a deleted character widens again
        assert_eq!(names(&ix), ["张三", "赵四", "张珊珊"]);
        ix.filter("张", None, false);
        assert_eq!(names(&ix), ["张三", "张珊珊"]);
        ix.filter("4307", None, false);
        assert_eq!(names(&ix), ["赵四"]);
        ix.filter("002x", None, false);
        assert_eq!(names(&ix), ["张三"]);
        ix.filter("", Some(OrgId(2)), false);
        assert_eq!(names(&ix), ["张珊珊"]);
    }

    #[test]
    fn sort_toggles_and_survives_filtering() {
        let mut ix = people();
        ix.filter("", None, false);
        // Names sort by pinyin initials (zs, zs, zss), ties in registry order.
        ix.sort_by(Column::Name);
        assert_eq!(names(&ix), ["张三", "赵四", "张珊珊"]);
        ix.sort_by(Column::Name);
        assert_eq!(names(&ix), ["张珊珊", "赵四", "张三"]);
        ix.filter("zss", None, false);
        ix.filter("", None, false);
        assert_eq!(names(&ix), ["张珊珊", "赵四", "张三"]);
    }

    #[test]
    fn upsert_changes_and_adds_rows_under_the_same_filter_and_sort() {
        use crate::domain::{IdNumber, PersonDetails};
        let mut ix = people();
        ix.sort_by(Column::Name);
        ix.filter("", Some(OrgId(1)), false);
        assert_eq!(names(&ix), ["张三", "赵四"]);
        let row = |n: i64, name: &str, id: &str, status: PersonStatus| {
            let p = Person {
                id: PersonId(n),
                id_number: IdNumber::parse(id).unwrap(),
                details: PersonDetails {
                    name: name.into(),
                    ..Default::default()
                },
                status,
            };
            PersonRow::new(&p, &HashMap::new())
        };
        // 赵四 leaves; 张珊珊 moves into unit 1; 周一 is hired there.
        let left = PersonStatus::Left {
            reason: crate::domain::ExitReason::Retirement,
        };
        let in_1 = PersonStatus::OnPost {
            org: OrgId(1),
            post_type: crate::domain::PostType::Administrative,
        };
        let ssid = format!(
            "11010519491231010{}",
            crate::domain::id_number::check_char(b"11010519491231010")
        );
        ix.upsert(&[
            row(2, "赵四", "430726850305123", left),
            row(3, "张珊珊", &ssid, in_1),
            row(4, "周一", "110105194912310038", in_1),
        ]);
        assert_eq!(ix.rows.len(), 4);
        assert_eq!(
            names(&ix),
            ["张三", "张珊珊", "周一"],
            "sorted by zs, zss, zy"
        );
        // Who left belongs to no unit: listed county-wide with those who left.
        ix.filter("", None, true);
        assert_eq!(names(&ix), ["张三", "赵四", "张珊珊", "周一"]);
    }

    #[test]
    fn upsert_lists_what_a_fresh_filter_and_sort_would() {
        use crate::domain::{IdNumber, PersonDetails, PostType};
        // Every sort direction and filter, a change of name, of unit and a new person: the
        // rows shown after upsert are those (in the order) of an index rebuilt from scratch.
        let ssid = format!(
            "11010519491231010{}",
            crate::domain::id_number::check_char(b"11010519491231010")
        );
        let row = |n: i64, name: &str, id: &str, org: i64| {
            let p = Person {
                id: PersonId(n),
                id_number: IdNumber::parse(id).unwrap(),
                details: PersonDetails {
                    name: name.into(),
                    ..Default::default()
                },
                status: PersonStatus::OnPost {
                    org: OrgId(org),
                    post_type: PostType::Administrative,
                },
            };
            PersonRow::new(&p, &HashMap::new())
        };
        let changes = [
            vec![row(1, "安娜", "11010519491231002X", 1)],
            vec![
                row(3, "张珊珊", &ssid, 1),
                row(5, "张珊", "110105194912310038", 2),
            ],
            vec![row(2, "赵四", "430726850305123", 2)],
        ];
        for column in [Column::Name, Column::IdNumber] {
            for descending in [false, true] {
                for (query, org) in [("", None), ("zs", None), ("", Some(OrgId(1)))] {
                    let mut ix = people();
                    ix.sort_by(column);
                    if descending {
                        ix.sort_by(column);
                    }
                    ix.filter(query, org, false);
                    for change in &changes {
                        ix.upsert(change);
                        let mut fresh = PeopleIndex {
                            rows: ix.rows.clone(),
                            visible: Vec::new(),
                            sort: ix.sort,
                            last: None,
                            prefixes: Vec::new(),
                        };
                        fresh.filter(query, org, false);
                        assert_eq!(
                            names(&ix),
                            names(&fresh),
                            "{column:?} descending={descending} {query:?} {org:?}"
                        );
                    }
                }
            }
        }
        // The case the loop exists for, spelt out: by name, descending, everyone.
        let mut ix = people();
        ix.sort_by(Column::Name);
        ix.sort_by(Column::Name);
        ix.filter("", None, false);
        for change in &changes {
            ix.upsert(change);
        }
        assert_eq!(
            names(&ix),
            ["张珊珊", "张珊", "赵四", "安娜"],
            "zss, zs (later row first), an"
        );
    }

    #[test]
    fn typing_and_deleting_shows_what_a_fresh_filter_would() {
        // Deleting a character shows a remembered prefix's rows; they must be those (in the
        // order) of a fresh filter, also after a sort or a change in between.
        let typed = [
            "", "z", "zs", "zss", "zs", "z", "", "张", "张珊", "张", "", "4", "43", "4", "",
        ];
        let fresh = |ix: &PeopleIndex, q: &str| {
            let mut f = PeopleIndex {
                rows: ix.rows.clone(),
                visible: Vec::new(),
                sort: ix.sort,
                last: None,
                prefixes: Vec::new(),
            };
            f.filter(q, None, false);
            f.visible
        };
        for sorted in [None, Some(Column::Name)] {
            let mut ix = people();
            if let Some(c) = sorted {
                ix.sort_by(c);
            }
            for (k, q) in typed.iter().enumerate() {
                ix.filter(q, None, false);
                assert_eq!(ix.visible, fresh(&ix, q), "{q:?} after {:?}", &typed[..k]);
                if k == 5 {
                    // The order changes while a prefix is remembered.
                    ix.sort_by(Column::IdNumber);
                }
            }
        }
    }

    #[test]
    fn every_reading_of_a_character_finds_the_name() {
        let sets = initial_sets("张晟力");
        assert!(initials_match(&sets, "zsl"), "晟 read sheng");
        assert!(initials_match(&sets, "zcl"), "晟 read cheng");
        assert!(initials_match(&sets, "sl"), "a part of the name");
        assert!(!initials_match(&sets, "zl"), "consecutive characters only");
        let shan = initial_sets("单伟");
        assert!(initials_match(&shan, "sw") && initials_match(&shan, "dw"));
        assert!(!initials_match(&shan, ""));
        assert!(!initials_match(&initial_sets("县财政局"), "czx"));
        assert!(initials_match(&initial_sets("县财政局"), "czj"));
    }

    #[test]
    fn pinyin_initials() {
        assert_eq!(initials("张三"), "zs");
        assert_eq!(initials("欧阳娜娜"), "oynn");
        assert_eq!(initials("王堃"), "wk");
    }
}
