//! The people list behind the registry table: one row per person holding every column
//! ([`Column`]: the person's fields, unit, post type, status), filter as you type (the
//! 查找人员 box — name, pinyin initials, ID number — and a filter under any column), sort
//! by any column. No drawing here, so it is tested directly and timed in the benchmark.

pub use crate::domain::columns::Column;
use crate::domain::columns::status_label;
use crate::domain::id_number::mask;
use crate::domain::{KEPT_FIELDS, Org, OrgId, Person, PersonId, PersonStatus, PostType};
use crate::store::Store;
use pinyin::ToPinyin;
use std::cmp::Ordering;
use std::collections::HashMap;
use std::hash::BuildHasherDefault;
use std::sync::Arc;

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
    /// The other columns' values (民族, 学历, 职务, the kept fields…).
    pub more: More,
}

/// A row's values of the columns beyond the eight of its own fields, only those not empty;
/// each text is shared between the rows that have it (汉族, 本科 and 中共党员 are kept once
/// for 100,000 people).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct More {
    /// A bit per [`slot`] with a value.
    present: u64,
    /// The values, in slot order.
    values: Box<[Arc<str>]>,
}

/// How many columns [`More`] holds.
const SLOTS: usize = 5 + KEPT_FIELDS.len();

// Every slot has a bit.
const _: () = assert!(SLOTS <= 64);

/// Where a column's value is in [`More`] (`None`: one of the row's own fields).
fn slot(c: Column) -> Option<u32> {
    match c {
        Column::Ethnicity => Some(0),
        Column::Party => Some(1),
        Column::Education => Some(2),
        Column::Position => Some(3),
        Column::JoinDoc => Some(4),
        Column::Kept(i) => Some(5 + u32::from(i)),
        Column::Name
        | Column::Gender
        | Column::Birth
        | Column::IdNumber
        | Column::Unit
        | Column::PostType
        | Column::Status
        | Column::JoinedOn => None,
    }
}

/// The columns a filter reads as numbers ([`Texts`]), a list per column ([`CODED`] of
/// them): every column but 姓名 and 身份证号 (one per person) and 状态 (the registry marks
/// people on turnover posts after the rows are made).
fn coded(c: Column) -> Option<usize> {
    match c {
        Column::Gender => Some(0),
        Column::Birth => Some(1),
        Column::Unit => Some(2),
        Column::PostType => Some(3),
        Column::JoinedOn => Some(4),
        other => slot(other).map(|s| 5 + s as usize),
    }
}

/// How many columns are coded.
const CODED: usize = 5 + SLOTS;

/// A row's texts in the coded columns, as numbers.
type Codes = [u32; CODED];

impl More {
    /// The value in `slot`, when there is one.
    fn get(&self, slot: u32) -> Option<&str> {
        let bit = 1u64 << slot;
        if self.present & bit == 0 {
            return None;
        }
        let at = (self.present & (bit - 1)).count_ones() as usize;
        self.values.get(at).map(|v| &**v)
    }

    /// The values of `p`'s other fields, shared through `texts`, and their numbers there.
    fn of(p: &Person, texts: &mut Texts) -> (More, [u32; SLOTS]) {
        let d = &p.details;
        let own = [
            &d.ethnicity,
            &d.party,
            &d.education,
            &d.position,
            &d.join_doc,
        ]
        .into_iter()
        .map(|v| v.as_deref());
        let kept = KEPT_FIELDS
            .iter()
            .map(|(code, _)| d.kept.get(*code).map(String::as_str));
        let mut present = 0u64;
        let mut found: [&str; SLOTS] = [""; SLOTS];
        for (slot, v) in own.chain(kept).enumerate() {
            if let Some(v) = v.map(str::trim).filter(|v| !v.is_empty()) {
                present |= 1 << slot;
                found[slot] = v;
            }
        }
        // One allocation of the right size per row.
        let mut values = Vec::with_capacity(present.count_ones() as usize);
        let mut numbers = [0; SLOTS];
        for (slot, v) in found.into_iter().enumerate() {
            if !v.is_empty() {
                let (text, n) = texts.get(v);
                values.push(text);
                numbers[slot] = n;
            }
        }
        let more = More {
            present,
            values: values.into_boxed_slice(),
        };
        (more, numbers)
    }
}

/// Texts shared between rows, each distinct one kept once and numbered (0: empty).
#[derive(Debug)]
struct Texts {
    numbers: HashMap<Arc<str>, u32, BuildHasherDefault<QuickHash>>,
    texts: Vec<Arc<str>>,
}

impl Default for Texts {
    fn default() -> Texts {
        let empty: Arc<str> = Arc::from("");
        let mut numbers = HashMap::default();
        numbers.insert(empty.clone(), 0);
        Texts {
            numbers,
            texts: vec![empty],
        }
    }
}

/// A quick hash for short texts of our own (2,000,000 looked up when 100,000 people are
/// listed): no defence against chosen collisions is needed here, unlike the standard
/// hash.
#[derive(Debug, Default)]
struct QuickHash(u64);

impl std::hash::Hasher for QuickHash {
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut word = [0u8; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            self.0 = (self.0.rotate_left(5) ^ u64::from_le_bytes(word))
                .wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
        }
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

impl Texts {
    /// The shared text and its number.
    fn get(&mut self, text: &str) -> (Arc<str>, u32) {
        if let Some((t, &n)) = self.numbers.get_key_value(text) {
            return (t.clone(), n);
        }
        let n = u32::try_from(self.texts.len()).unwrap_or(u32::MAX);
        let t: Arc<str> = Arc::from(text);
        self.numbers.insert(t.clone(), n);
        self.texts.push(t.clone());
        (t, n)
    }

    fn number(&mut self, text: &str) -> u32 {
        match self.numbers.get(text) {
            Some(&n) => n,
            None => self.get(text).1,
        }
    }
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
        PersonRow::build(p, org_names, &mut Texts::default()).0
    }

    /// [`PersonRow::new`], the texts of the other columns shared through `texts`, and the
    /// numbers of its texts in the coded columns.
    fn build(
        p: &Person,
        org_names: &HashMap<OrgId, String>,
        texts: &mut Texts,
    ) -> (PersonRow, Codes) {
        let (org, post_type) = match p.status {
            PersonStatus::OnPost { org, post_type } => (Some(org), post_type.label()),
            PersonStatus::Left { .. } => (None, ""),
        };
        let (more, numbers) = More::of(p, texts);
        let row = PersonRow {
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
            status: status_label(&p.status),
            joined_on: p
                .details
                .joined_on
                .map(|b| b.to_string())
                .unwrap_or_default(),
            more,
        };
        let mut codes = [0; CODED];
        for (k, c) in [
            Column::Gender,
            Column::Birth,
            Column::Unit,
            Column::PostType,
            Column::JoinedOn,
        ]
        .into_iter()
        .enumerate()
        {
            codes[k] = texts.number(row.text(c));
        }
        codes[5..].copy_from_slice(&numbers);
        (row, codes)
    }

    /// The numbers of the row's texts in the coded columns (a row made elsewhere).
    fn codes(&self, texts: &mut Texts) -> Codes {
        let mut codes = [0; CODED];
        for (_, c) in Column::all() {
            if let Some(k) = coded(*c) {
                codes[k] = texts.number(self.text(*c));
            }
        }
        codes
    }

    /// The text of a column ("" when empty). The ID number is whole: the table masks it.
    pub fn text(&self, c: Column) -> &str {
        match c {
            Column::Name => &self.name,
            Column::Gender => self.gender,
            Column::Birth => &self.birth,
            Column::IdNumber => &self.id_number,
            Column::Unit => &self.org_name,
            Column::PostType => self.post_type,
            Column::Status => self.status,
            Column::JoinedOn => &self.joined_on,
            other => slot(other).and_then(|s| self.more.get(s)).unwrap_or(""),
        }
    }

    /// What a column sorts by: its text, names by their pinyin initials.
    fn key(&self, c: Column) -> &str {
        match c {
            Column::Name => &self.initials,
            other => self.text(other),
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
    /// Every row's index in sort order (registry order unsorted): a filter that must look
    /// at everyone again takes them in this order and sorts nothing.
    order: Vec<usize>,
    /// What the filters read, apart from the rows.
    scan: Scan,
    /// The column filters [`PeopleIndex::filter`] applies ([`PeopleIndex::set_column_filters`]).
    columns: Vec<(Column, String)>,
    /// The filter that produced `visible`.
    last: Option<Filter>,
    /// What was shown for filters wider than the one now (the prefixes of what is typed in
    /// each box, same unit and 含已出编): deleting a character shows a wider filter's rows
    /// again, and typing into another box refines the fewest rows shown for a wider one,
    /// instead of rescanning everyone. Forgotten when the rows or their order change.
    shown: Vec<(Filter, Vec<usize>)>,
}

/// What the filters read, kept apart from the rows in lists in row order: a filter reads
/// memory in order — for most columns a number per row — not 100,000 rows of 300 bytes.
#[derive(Debug, Default)]
struct Scan {
    /// The texts of the coded columns, numbered.
    texts: Texts,
    /// Per coded column ([`coded`]), per row: the number of the row's text. A filter on a
    /// column decides once per text (汉族, 本科…) and reads a number per row.
    codes: Vec<Vec<u32>>,
    /// Per row: the unit of their post.
    units: Vec<Option<OrgId>>,
    names: Arena<u8>,
    /// Every reading's initials of each name ([`initial_sets`]).
    initials: Arena<u32>,
    id_numbers: Arena<u8>,
}

impl Scan {
    /// Row `i` is `row` now (`i` one past the last: a new row), `codes` its numbers.
    fn set(&mut self, i: usize, row: &PersonRow, codes: Codes) {
        self.codes.resize_with(CODED, Vec::new);
        for (column, n) in self.codes.iter_mut().zip(codes) {
            if column.len() <= i {
                column.resize(i + 1, 0);
            }
            column[i] = n;
        }
        if self.units.len() <= i {
            self.units.resize(i + 1, None);
        }
        self.units[i] = row.org;
        self.names.set(i, row.name.as_bytes());
        self.initials.set(i, &row.initial_sets);
        self.id_numbers.set(i, row.id_number.as_bytes());
    }
}

/// Short lists of items one after another in one list, by row.
#[derive(Debug)]
struct Arena<T> {
    items: Vec<T>,
    /// Per row: where its items start, how many.
    spans: Vec<(u32, u32)>,
}

impl<T> Default for Arena<T> {
    fn default() -> Arena<T> {
        Arena {
            items: Vec::new(),
            spans: Vec::new(),
        }
    }
}

impl<T: Copy> Arena<T> {
    /// Row `i`'s items are `items` now (a changed row's go at the end).
    fn set(&mut self, i: usize, items: &[T]) {
        let span = (self.items.len() as u32, items.len() as u32);
        self.items.extend_from_slice(items);
        if self.spans.len() <= i {
            self.spans.resize(i + 1, (0, 0));
        }
        self.spans[i] = span;
    }

    fn get(&self, i: usize) -> &[T] {
        self.spans
            .get(i)
            .and_then(|&(at, n)| self.items.get(at as usize..(at + n) as usize))
            .unwrap_or(&[])
    }
}

/// The most filters whose rows are remembered.
const REMEMBERED: usize = 16;

/// A filter: the 查找人员 box, the unit, whether people who left count, the column filters.
#[derive(Debug, Clone, PartialEq, Default)]
struct Filter {
    /// Trimmed.
    query: String,
    org: Option<OrgId>,
    include_left: bool,
    /// (column, text trimmed and in ASCII lowercase), by column, none empty.
    columns: Vec<(Column, String)>,
}

impl Filter {
    /// Whether every row this filter passes also passes `wider`: the same unit and 含已出编,
    /// and each box holding what it held in `wider` and maybe more (typing only narrows).
    fn narrows(&self, wider: &Filter) -> bool {
        self.org == wider.org
            && self.include_left == wider.include_left
            && self.query.starts_with(wider.query.as_str())
            && wider.columns.iter().all(|(c, t)| {
                self.columns
                    .iter()
                    .any(|(d, u)| c == d && u.starts_with(t.as_str()))
            })
    }
}

/// Column filters as [`Filter`] keeps them.
fn normalized(filters: &[(Column, String)]) -> Vec<(Column, String)> {
    let mut out: Vec<(Column, String)> = filters
        .iter()
        .map(|(c, t)| (*c, t.trim().to_ascii_lowercase()))
        .filter(|(_, t)| !t.is_empty())
        .collect();
    out.sort_by_key(|(c, _)| *c);
    out.dedup_by_key(|(c, _)| *c);
    out
}

impl PeopleIndex {
    pub fn new(people: &[Person], orgs: &[Org]) -> PeopleIndex {
        let names: HashMap<OrgId, String> = orgs.iter().map(|o| (o.id, o.name.clone())).collect();
        let mut ix = PeopleIndex::default();
        ix.rows.reserve(people.len());
        for (i, p) in people.iter().enumerate() {
            let (row, codes) = PersonRow::build(p, &names, &mut ix.scan.texts);
            ix.scan.set(i, &row, codes);
            ix.rows.push(row);
        }
        ix.order = (0..ix.rows.len()).collect();
        ix.visible.clone_from(&ix.order);
        ix
    }

    /// Sets the column filters the next [`PeopleIndex::filter`] applies: a row passes when
    /// each text is part of its column's value (ASCII letters in either case; a name also
    /// by its pinyin initials). Returns whether they changed (then filter again).
    pub fn set_column_filters(&mut self, filters: &[(Column, String)]) -> bool {
        let filters = normalized(filters);
        let changed = filters != self.columns;
        self.columns = filters;
        changed
    }

    /// The column filters set (trimmed, ASCII lowercase, by column).
    pub fn column_filters(&self) -> &[(Column, String)] {
        &self.columns
    }

    /// Replaces the rows of `people` (adding those not yet listed) and puts each where the
    /// current filter and sort want it: after a hire or a transfer, without rebuilding or
    /// rescanning the other 100,000 rows.
    pub fn upsert(&mut self, people: &[PersonRow]) {
        self.shown.clear();
        let changed: Vec<usize> = people.iter().map(|p| self.replace_or_push(p)).collect();
        let PeopleIndex {
            rows,
            visible,
            sort,
            order: all,
            scan,
            last,
            ..
        } = self;
        let m = last.as_ref().map(|f| Matcher::new(f, scan));
        // Out of both lists first: what stays is in order, each changed row goes in where
        // that order puts it.
        let changed: std::collections::BTreeSet<usize> = changed.into_iter().collect();
        all.retain(|v| !changed.contains(v));
        visible.retain(|v| !changed.contains(v));
        for &i in &changed {
            // Where row `i` goes in a list in the current order.
            let place = |list: &[usize]| match *sort {
                Some((c, asc)) => {
                    list.partition_point(|&v| order(rows, c, asc, v, i) == Ordering::Less)
                }
                // Unsorted: registry order, which is index order.
                None => list.partition_point(|&v| v < i),
            };
            let at = place(all);
            all.insert(at, i);
            // Never filtered: everyone is shown.
            if m.as_ref().is_none_or(|m| m.matches(i, &rows[i])) {
                let at = place(visible);
                visible.insert(at, i);
            }
        }
    }

    /// The row's index after replacing it (or adding it at the end), its codes and unit
    /// kept with it.
    fn replace_or_push(&mut self, p: &PersonRow) -> usize {
        let i = match self.rows.iter().position(|r| r.id == p.id) {
            Some(i) => {
                self.rows[i] = p.clone();
                i
            }
            None => {
                self.rows.push(p.clone());
                self.rows.len() - 1
            }
        };
        let codes = self.rows[i].codes(&mut self.scan.texts);
        self.scan.set(i, &self.rows[i], codes);
        i
    }

    /// Keeps the rows that match `query` (and belong to `org`, when given; people who left
    /// only when `include_left`) and the column filters. A query of ASCII letters matches
    /// pinyin initials (`zs` finds 张三); digits match ID numbers; anything else matches
    /// names.
    pub fn filter(&mut self, query: &str, org: Option<OrgId>, include_left: bool) {
        let f = Filter {
            query: query.trim().to_string(),
            org,
            include_left,
            columns: self.columns.clone(),
        };
        // Typing one more character only narrows the match: refine the fewest rows shown
        // for a wider filter (in their current order) instead of scanning everyone again.
        self.shown.retain(|(wider, _)| f.narrows(wider));
        let PeopleIndex {
            rows,
            visible,
            shown,
            last,
            order,
            scan,
            ..
        } = self;
        let m = Matcher::new(&f, scan);
        let refine_shown = last.as_ref().is_some_and(|l| f.narrows(l));
        let fewest = shown
            .iter()
            .map(|(_, v)| v)
            .min_by_key(|v| v.len())
            .filter(|v| !refine_shown || v.len() < visible.len());
        if let Some((_, same)) = shown.iter().find(|(w, _)| *w == f) {
            visible.clone_from(same);
        } else if let Some(from) = fewest {
            visible.clear();
            visible.extend(from.iter().copied().filter(|&i| m.matches(i, &rows[i])));
        } else if refine_shown {
            visible.retain(|&i| m.matches(i, &rows[i]));
        } else {
            visible.clear();
            visible.extend(order.iter().copied().filter(|&i| m.matches(i, &rows[i])));
        }
        if !self.shown.iter().any(|(w, _)| *w == f) {
            if self.shown.len() == REMEMBERED {
                self.shown.remove(0);
            }
            self.shown.push((f.clone(), self.visible.clone()));
        }
        self.last = Some(f);
    }

    /// Sorts by a column; asking for the same column again reverses the order.
    pub fn sort_by(&mut self, c: Column) {
        match self.sort {
            Some((prev, asc)) if prev == c => {
                // Ties are in registry order, reversed too: the order reversed is the order
                // sorted the other way.
                self.sort = Some((c, !asc));
                self.order.reverse();
                self.visible.reverse();
                self.remember_shown();
            }
            _ => {
                self.sort = Some((c, true));
                self.apply_sort(c, true);
            }
        }
    }

    pub fn sort_state(&self) -> Option<(Column, bool)> {
        self.sort
    }

    /// Sorts everyone, then lists those shown in the new order.
    fn apply_sort(&mut self, c: Column, asc: bool) {
        let rows = &self.rows;
        // The keys read once, in a list of their own: the sort compares those and does not
        // look into 100,000 rows over and over. (Key, index) ascending is [`order`]'s.
        let mut keyed: Vec<(&str, usize)> = (0..rows.len()).map(|i| (rows[i].key(c), i)).collect();
        keyed.sort_unstable();
        if !asc {
            keyed.reverse();
        }
        self.order.clear();
        self.order.extend(keyed.into_iter().map(|(_, i)| i));
        let mut shown = vec![false; rows.len()];
        for &i in &self.visible {
            shown[i] = true;
        }
        self.visible = self.order.iter().copied().filter(|&i| shown[i]).collect();
        self.remember_shown();
    }

    /// After a change of order: only what is shown now is remembered.
    fn remember_shown(&mut self) {
        self.shown.clear();
        if let Some(f) = &self.last {
            self.shown.push((f.clone(), self.visible.clone()));
        }
    }
}

/// The order of rows `a` and `b` sorted by `c`: ties in registry order; all reversed when
/// descending.
fn order(rows: &[PersonRow], c: Column, asc: bool, a: usize, b: usize) -> Ordering {
    let o = rows[a].key(c).cmp(rows[b].key(c)).then(a.cmp(&b));
    if asc { o } else { o.reverse() }
}

/// Whether `hay` holds `needle`. The texts are short (a name, 汉族, a school): looking for
/// the first byte and comparing the rest beats `str::contains`, which prepares a search
/// for every text it looks in.
fn contains(h: &[u8], n: &[u8]) -> bool {
    let Some((&first, rest)) = n.split_first() else {
        return true;
    };
    h.len() >= n.len()
        && h[..=h.len() - n.len()]
            .iter()
            .enumerate()
            .any(|(i, &b)| b == first && h[i + 1..i + n.len()] == *rest)
}

/// Whether `hay` holds `needle` (ASCII lowercase), ASCII letters in either case.
fn contains_folded(h: &[u8], n: &[u8]) -> bool {
    if !n.iter().any(u8::is_ascii_alphabetic) {
        return contains(h, n);
    }
    // A UTF-8 character of more than one byte holds no ASCII byte: comparing bytes is
    // comparing characters.
    n.len() <= h.len() && h.windows(n.len()).any(|w| w.eq_ignore_ascii_case(n))
}

/// Whether a row passes a filter (see [`PeopleIndex::filter`]), the filter read once.
struct Matcher<'f> {
    scan: &'f Scan,
    query: &'f [u8],
    upper: Vec<u8>,
    /// A query of letters, as pinyin initials ([`initials_query`]).
    initials: Option<Vec<u32>>,
    digits: bool,
    org: Option<OrgId>,
    include_left: bool,
    /// Filters on coded columns: the column's numbers and, per number, whether its text
    /// passes.
    coded: Vec<(&'f [u32], Vec<bool>)>,
    /// Filters on the other columns.
    others: Vec<Other<'f>>,
}

/// A filter on a column not coded.
enum Other<'f> {
    /// Part of the name, or the initials of part of it.
    Name(&'f [u8], Option<Vec<u32>>),
    IdNumber(&'f [u8]),
    /// 状态, read from the row.
    Status(&'f [u8]),
}

impl<'f> Matcher<'f> {
    fn new(f: &'f Filter, scan: &'f Scan) -> Matcher<'f> {
        let lower = f.query.to_lowercase();
        let mut coded = Vec::new();
        let mut others = Vec::new();
        for (c, needle) in &f.columns {
            let n = needle.as_bytes();
            match self::coded(*c).and_then(|k| scan.codes.get(k)) {
                Some(numbers) => {
                    let hits = scan
                        .texts
                        .texts
                        .iter()
                        .map(|t| contains_folded(t.as_bytes(), n))
                        .collect();
                    coded.push((numbers.as_slice(), hits));
                }
                None => others.push(match c {
                    Column::Name => Other::Name(n, initials_query(needle)),
                    Column::IdNumber => Other::IdNumber(n),
                    _ => Other::Status(n),
                }),
            }
        }
        Matcher {
            scan,
            query: f.query.as_bytes(),
            initials: initials_query(&lower),
            digits: !lower.is_empty() && lower.chars().all(|c| c.is_ascii_digit() || c == 'x'),
            upper: lower.to_uppercase().into_bytes(),
            org: f.org,
            include_left: f.include_left,
            coded,
            others,
        }
    }

    /// Whether row `i` (`r`) passes. Only 状态 is read from the row.
    fn matches(&self, i: usize, r: &PersonRow) -> bool {
        let s = self.scan;
        let unit = s.units.get(i).copied().flatten();
        let name = || s.names.get(i);
        let initials = |q: &[u32]| matches_initials(s.initials.get(i), q);
        (self.org.is_none() || unit == self.org)
            && (self.include_left || unit.is_some())
            && self.coded.iter().all(|(numbers, hits)| {
                numbers
                    .get(i)
                    .and_then(|&n| hits.get(n as usize))
                    .copied()
                    .unwrap_or(false)
            })
            && self.others.iter().all(|o| match o {
                Other::Name(n, q) => {
                    contains_folded(name(), n) || q.as_deref().is_some_and(initials)
                }
                Other::IdNumber(n) => contains_folded(s.id_numbers.get(i), n),
                Other::Status(n) => contains_folded(r.status.as_bytes(), n),
            })
            && (self.query.is_empty()
                || self.initials.as_deref().is_some_and(initials)
                || (self.digits && contains(s.id_numbers.get(i), &self.upper))
                || contains(name(), self.query))
    }
}

/// The people table as the clerk set it up: the columns they chose (kept in the database
/// per clerk, [`Store::clerk_preference`]) and what they typed under them. The window
/// keeps it in egui's memory under [`PeopleView::KEY`]: the registry's lists are rebuilt
/// after many writes, the clerk's view is not.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PeopleView {
    /// Whose view it is: the operator signed in when it was read.
    pub clerk: String,
    /// The columns shown, in order; never empty.
    pub columns: Vec<Column>,
    /// What is typed under the columns shown, by column.
    pub filters: Vec<(Column, String)>,
}

impl PeopleView {
    /// Where the window keeps the view.
    pub const KEY: &'static str = "registry.people_view";
    /// The clerk's preference holding their columns (codes separated by commas).
    pub const PREFERENCE: &'static str = "people_columns";

    /// The view of the clerk signed in: their columns as they saved them (the default ones
    /// when they never did, or the store cannot be read); no filters.
    pub fn for_clerk(store: &Store) -> PeopleView {
        let columns: Vec<Column> = store
            .clerk_preference(Self::PREFERENCE)
            .ok()
            .flatten()
            .map(|text| {
                // A code no column has any more is passed over.
                text.split(',')
                    .filter_map(Column::from_code)
                    .fold(Vec::new(), |mut out, c| {
                        if !out.contains(&c) {
                            out.push(c);
                        }
                        out
                    })
            })
            .filter(|c| !c.is_empty())
            .unwrap_or_else(|| Column::DEFAULT.to_vec());
        PeopleView {
            clerk: store.operator().to_string(),
            columns,
            filters: Vec::new(),
        }
    }

    /// The view of the clerk signed in, as the window keeps it ([`PeopleView::KEY`]); read
    /// from the database when it holds none of theirs yet.
    pub fn of_clerk(ctx: &egui::Context, store: &Store) -> PeopleView {
        ctx.data(|d| d.get_temp::<PeopleView>(egui::Id::unique(PeopleView::KEY)))
            .filter(|v| v.clerk == store.operator())
            .unwrap_or_else(|| PeopleView::for_clerk(store))
    }

    /// Keeps the view for the next frame (and the 花名册 exported from the window).
    pub fn keep(self, ctx: &egui::Context) {
        ctx.data_mut(|d| d.insert_temp(egui::Id::unique(PeopleView::KEY), self));
    }

    /// The columns, when the clerk chose others than the default ones (a 花名册 exported from
    /// the window has them; the standard 花名册's otherwise).
    pub fn chosen_columns(&self) -> Option<Vec<Column>> {
        (self.columns != Column::DEFAULT).then(|| self.columns.clone())
    }

    /// The columns as kept in the database.
    pub fn preference(&self) -> String {
        Column::list_codes(&self.columns)
    }

    /// What is typed under a column.
    pub fn filter_mut(&mut self, c: Column) -> &mut String {
        let at = match self.filters.iter().position(|(f, _)| *f == c) {
            Some(at) => at,
            None => {
                self.filters.push((c, String::new()));
                self.filters.len() - 1
            }
        };
        &mut self.filters[at].1
    }

    /// Whether anything is typed under a column.
    pub fn is_filtered(&self) -> bool {
        self.filters.iter().any(|(_, t)| !t.trim().is_empty())
    }

    /// Shows a column (at the end) or hides it (and forgets its filter). The last column
    /// shown stays.
    pub fn show(&mut self, c: Column, on: bool) {
        if on && !self.columns.contains(&c) {
            self.columns.push(c);
        } else if !on && self.columns.len() > 1 {
            self.columns.retain(|x| *x != c);
            self.filters.retain(|(x, _)| *x != c);
        }
    }

    /// Moves the `at`th column one place left (`-1`) or right (`1`).
    pub fn move_column(&mut self, at: usize, by: isize) {
        let to = at
            .checked_add_signed(by)
            .filter(|&to| to < self.columns.len());
        if let Some(to) = to
            && at < self.columns.len()
        {
            self.columns.swap(at, to);
        }
    }

    /// The default columns again; filters of the columns hidden are forgotten.
    pub fn reset(&mut self) {
        self.columns = Column::DEFAULT.to_vec();
        let shown = &self.columns;
        self.filters.retain(|(c, _)| shown.contains(c));
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

    /// An index of the same rows, sort and column filters that remembers nothing shown.
    fn fresh_copy(ix: &PeopleIndex) -> PeopleIndex {
        let mut f = PeopleIndex::default();
        f.upsert(&ix.rows);
        f.sort = ix.sort;
        f.columns.clone_from(&ix.columns);
        if let Some((c, asc)) = ix.sort {
            f.apply_sort(c, asc);
        }
        f
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
                        let mut fresh = fresh_copy(&ix);
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
            let mut f = fresh_copy(ix);
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

    /// Five people with 民族, 学历 and kept fields, in units 1 and 2.
    fn people_with_more() -> PeopleIndex {
        use crate::domain::{IdNumber, PersonDetails};
        let people: Vec<Person> = [
            (1, "张三", "汉族", "本科", Some("MIT"), 1),
            (2, "赵四", "回族", "研究生", None, 1),
            (3, "张珊珊", "汉族", "大专", Some("县第一中学"), 2),
            (4, "李四", "土家族", "本科", Some("mit college"), 2),
            (5, "王五", "汉族", "", None, 1),
        ]
        .into_iter()
        .map(|(n, name, ethnicity, education, school, org)| {
            let body = format!("1101051980010100{n}");
            let id = format!(
                "{body}{}",
                crate::domain::id_number::check_char(body.as_bytes())
            );
            let mut details = PersonDetails {
                name: name.into(),
                ethnicity: Some(ethnicity.into()),
                education: Some(education.into()),
                ..Default::default()
            };
            if let Some(s) = school {
                details.kept.insert("school".into(), s.into());
            }
            Person {
                id: PersonId(n),
                id_number: IdNumber::parse(&id).unwrap(),
                details,
                status: PersonStatus::OnPost {
                    org: OrgId(org),
                    post_type: PostType::Administrative,
                },
            }
        })
        .collect();
        PeopleIndex::new(&people, &[])
    }

    fn school() -> Column {
        Column::from_code("school").unwrap()
    }

    #[test]
    fn every_column_is_read_back_and_repeated_texts_are_kept_once() {
        let ix = people_with_more();
        let r = &ix.rows[0];
        assert_eq!(r.text(Column::Name), "张三");
        assert_eq!(r.text(Column::Ethnicity), "汉族");
        assert_eq!(r.text(Column::Education), "本科");
        assert_eq!(r.text(school()), "MIT");
        assert_eq!(r.text(Column::Party), "", "never set");
        assert_eq!(ix.rows[4].text(Column::Education), "", "empty is not kept");
        assert_eq!(ix.rows[1].text(school()), "");
        assert_eq!(ix.rows[3].text(school()), "mit college");
        // 汉族 is one text for the three who have it.
        let han: Vec<&Arc<str>> = [0, 2, 4]
            .iter()
            .map(|&i| &ix.rows[i].more.values[0])
            .collect();
        assert!(Arc::ptr_eq(han[0], han[1]) && Arc::ptr_eq(han[1], han[2]));
    }

    #[test]
    fn column_filters_combine_with_the_query_unit_and_each_other() {
        let mut ix = people_with_more();
        let set = |ix: &mut PeopleIndex, f: &[(Column, &str)]| {
            let f: Vec<(Column, String)> = f.iter().map(|(c, t)| (*c, t.to_string())).collect();
            ix.set_column_filters(&f)
        };
        assert!(set(&mut ix, &[(Column::Ethnicity, "汉")]));
        assert!(
            !set(&mut ix, &[(Column::Ethnicity, " 汉 ")]),
            "the same filter"
        );
        ix.filter("", None, false);
        assert_eq!(names(&ix), ["张三", "张珊珊", "王五"]);
        // Part of the value, not only its start; with the 查找人员 box and the unit.
        set(&mut ix, &[(Column::Ethnicity, "族")]);
        ix.filter("zs", None, false);
        assert_eq!(names(&ix), ["张三", "赵四", "张珊珊"]);
        ix.filter("zs", Some(OrgId(2)), false);
        assert_eq!(names(&ix), ["张珊珊"]);
        // Two columns at once; ASCII letters in either case.
        set(&mut ix, &[(Column::Education, "本科"), (school(), "Mit")]);
        ix.filter("", None, false);
        assert_eq!(names(&ix), ["张三", "李四"]);
        // The name column finds pinyin initials too.
        set(&mut ix, &[(Column::Name, "zs")]);
        ix.filter("", None, false);
        assert_eq!(names(&ix), ["张三", "赵四", "张珊珊"]);
        set(&mut ix, &[(Column::Name, "珊")]);
        ix.filter("", None, false);
        assert_eq!(names(&ix), ["张珊珊"]);
        // Columns of where people stand: 编制类型 (read as numbers) and 状态 (from the rows).
        set(
            &mut ix,
            &[(Column::PostType, "行政"), (Column::Status, "在编")],
        );
        ix.filter("", None, false);
        assert_eq!(ix.visible.len(), 5);
        set(&mut ix, &[(Column::Status, "出编")]);
        ix.filter("", None, true);
        assert!(names(&ix).is_empty());
        // A filter on an empty column shows nobody; cleared, everyone.
        set(&mut ix, &[(Column::Party, "党")]);
        ix.filter("", None, false);
        assert!(names(&ix).is_empty());
        set(&mut ix, &[]);
        ix.filter("", None, false);
        assert_eq!(ix.visible.len(), 5);
        // Sorted by a column of the other fields: empty first, ties in registry order.
        ix.sort_by(Column::Education);
        assert_eq!(names(&ix), ["王五", "张珊珊", "张三", "李四", "赵四"]);
    }

    #[test]
    fn typing_in_any_box_shows_what_a_fresh_filter_would() {
        // Steps: what is in the 查找人员 box and in the 民族 and 毕业学校 filters. Typing
        // refines, deleting shows a remembered wider filter, switching boxes refines the
        // fewest rows remembered; each step must show the rows (in the order) of a fresh
        // filter, also after a sort and a change in between.
        let steps: [(&str, &str, &str); 16] = [
            ("", "", ""),
            ("", "汉", ""),
            ("", "汉族", ""),
            ("z", "汉族", ""),
            ("z", "汉族", "m"),
            ("z", "汉族", "mi"),
            ("z", "汉", "mi"),
            ("z", "", "mi"),
            ("", "", "mi"),
            ("", "", "M"),
            ("", "族", "M"),
            ("", "族", ""),
            ("zs", "族", ""),
            ("zs", "", ""),
            ("", "", "县"),
            ("", "", ""),
        ];
        // Unsorted, by name, by school descending (a second click reverses).
        for sorted in [vec![], vec![Column::Name], vec![school(), school()]] {
            let mut ix = people_with_more();
            for &c in &sorted {
                ix.sort_by(c);
            }
            for (k, (q, e, sc)) in steps.iter().enumerate() {
                ix.set_column_filters(&[
                    (Column::Ethnicity, e.to_string()),
                    (school(), sc.to_string()),
                ]);
                ix.filter(q, None, false);
                let mut fresh = fresh_copy(&ix);
                fresh.filter(q, None, false);
                assert_eq!(ix.visible, fresh.visible, "step {k} {sorted:?}");
                if k == 6 {
                    ix.sort_by(Column::Ethnicity);
                }
                if k == 10 {
                    // 赵四 becomes 汉族 and goes to MIT.
                    let mut p = Person {
                        id: PersonId(2),
                        id_number: crate::domain::IdNumber::parse(&ix.rows[1].id_number).unwrap(),
                        details: crate::domain::PersonDetails {
                            name: "赵四".into(),
                            ethnicity: Some("汉族".into()),
                            ..Default::default()
                        },
                        status: PersonStatus::OnPost {
                            org: OrgId(1),
                            post_type: PostType::Administrative,
                        },
                    };
                    p.details.kept.insert("school".into(), "MIT".into());
                    ix.upsert(&[PersonRow::new(&p, &HashMap::new())]);
                    let mut fresh = fresh_copy(&ix);
                    fresh.filter(q, None, false);
                    assert_eq!(ix.visible, fresh.visible, "after the change {sorted:?}");
                }
            }
        }
    }

    #[test]
    fn each_clerk_has_their_columns_and_hiding_a_column_forgets_its_filter() {
        let mut store = Store::open_in_memory().unwrap();
        store.set_operator("甲");
        let mut view = PeopleView::for_clerk(&store);
        assert_eq!(view.columns, Column::DEFAULT, "never chosen");
        assert_eq!(view.chosen_columns(), None);
        view.show(Column::Ethnicity, true);
        view.filter_mut(Column::Ethnicity).push('汉');
        view.move_column(8, -1);
        assert_eq!(view.columns[7], Column::Ethnicity);
        assert!(view.is_filtered());
        store
            .save_clerk_preference(PeopleView::PREFERENCE, &view.preference())
            .unwrap();
        let again = PeopleView::for_clerk(&store);
        assert_eq!(again.columns, view.columns);
        assert_eq!(again.chosen_columns(), Some(view.columns.clone()));
        assert!(again.filters.is_empty(), "filters are not kept");
        // Another clerk has the default columns.
        store.set_operator("乙");
        assert_eq!(PeopleView::for_clerk(&store).columns, Column::DEFAULT);
        // Hidden, the column's filter goes; the last column stays.
        view.show(Column::Ethnicity, false);
        assert!(!view.is_filtered() && !view.columns.contains(&Column::Ethnicity));
        view.columns = vec![Column::Name];
        view.show(Column::Name, false);
        assert_eq!(view.columns, [Column::Name]);
        view.reset();
        assert_eq!(view.columns, Column::DEFAULT);
        // Nobody signed in: nothing to keep it under.
        store.set_operator("");
        assert!(
            store
                .save_clerk_preference(PeopleView::PREFERENCE, "name")
                .is_err()
        );
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
