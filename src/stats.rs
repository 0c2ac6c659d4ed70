//! The county as the ledger derives it: what `bianzhi stats` prints and what every screen
//! and report shows. Approved posts come from ledger entries; occupied posts from people.

use crate::domain::{Account, Balances, OrgId, PerType, PostType, TownshipClass};
use crate::store::township::StandardVersion;
use crate::store::{Kinds, Result, Store};
use chrono::{Datelike, NaiveDate};
use serde::Serialize;
use serde::ser::{SerializeMap, Serializer};
use std::collections::{BTreeMap, HashMap};

/// Approved, occupied and vacancy (approved − occupied; negative = 超编).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub approved: i64,
    pub occupied: i64,
    pub vacancy: i64,
}

impl Counts {
    pub fn new(approved: i64, occupied: i64) -> Counts {
        Counts {
            approved,
            occupied,
            vacancy: approved - occupied,
        }
    }
    pub fn is_over_quota(&self) -> bool {
        self.vacancy < 0
    }
}

/// Counts per post type, serialised as a map keyed by the post-type labels in report order.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ByType(pub [Counts; 6]);

impl ByType {
    pub fn get(&self, t: PostType) -> Counts {
        self.0[t.index()]
    }
    pub fn from_parts(approved: PerType, occupied: PerType) -> ByType {
        ByType(PostType::ALL.map(|t| Counts::new(approved.get(t), occupied.get(t))))
    }
    pub fn sum(&self) -> Counts {
        let a = self.0.iter().map(|c| c.approved).sum();
        let o = self.0.iter().map(|c| c.occupied).sum();
        Counts::new(a, o)
    }
    pub fn add(&mut self, other: &ByType) {
        for (i, c) in other.0.iter().enumerate() {
            let s = &mut self.0[i];
            *s = Counts::new(s.approved + c.approved, s.occupied + c.occupied);
        }
    }
    pub fn over_quota_types(&self) -> Vec<PostType> {
        PostType::ALL
            .into_iter()
            .filter(|t| self.get(*t).is_over_quota())
            .collect()
    }
}

impl Serialize for ByType {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(6))?;
        for t in PostType::ALL {
            m.serialize_entry(t.label(), &self.get(t))?;
        }
        m.end()
    }
}

/// A count per post type serialised by label (the reserve).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PerTypeByLabel(pub PerType);

impl Serialize for PerTypeByLabel {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(6))?;
        for t in PostType::ALL {
            m.serialize_entry(t.label(), &self.0.get(t))?;
        }
        m.end()
    }
}

/// One level of a unit's leadership positions: approved (the 领导职数 entries) and
/// appointed (appointments in force; `null` until the unit has an appointment recorded).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Approved {
    pub approved: i64,
    pub appointed: Option<i64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Leaders {
    pub chief: Approved,
    pub deputy: Approved,
    pub division_chief: Approved,
    pub division_deputy: Approved,
}

impl Leaders {
    fn of(l: &crate::store::leadership::Leadership) -> Leaders {
        use crate::domain::leadership::Level;
        let level = |lv: Level| Approved {
            approved: l.approved.get(lv),
            appointed: l.over.map(|_| l.appointed.get(lv)),
        };
        Leaders {
            chief: level(Level::Chief),
            deputy: level(Level::Deputy),
            division_chief: level(Level::DivisionChief),
            division_deputy: level(Level::DivisionDeputy),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OrgStats {
    pub id: i64,
    pub name: String,
    pub short_name: Option<String>,
    pub kind: &'static str,
    pub grade: Option<String>,
    pub parent: Option<String>,
    pub township_class: Option<u8>,
    pub posts: ByType,
    pub total: Counts,
    pub over_quota: bool,
    pub leaders: Leaders,
    /// 编外人员: the control number and the people in service (never in 实有).
    pub outside: crate::store::outside::OutsideFigures,
    /// The day the unit was abolished, when it was by the day the figures are for.
    pub abolished_on: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PoolStats {
    pub name: String,
    pub total: i64,
    pub issued: i64,
    pub available: i64,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct YearStats {
    /// 收回 posts (entries not reversed).
    pub recovered: i64,
    /// People moved with their posts (划转 连人带编).
    pub transferred_with_people: i64,
    /// 退二补一 conversions.
    pub conversions: i64,
    /// Posts granted from the central reserve to units (priority work).
    pub reserve_grants: i64,
    pub turnover_issued: i64,
    pub applications_received: i64,
    pub applications_accepted: i64,
    pub suggestions: i64,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub orgs: i64,
    /// People on the units' own posts (the sum of `occupied`).
    pub people_on_post: i64,
    pub ledger_entries: i64,
    pub over_quota_orgs: i64,
    /// People on turnover posts (not in any unit's `occupied`).
    pub people_on_turnover_posts: i64,
}

/// The county on one date, every number derived from the ledger and the registry.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CountyStats {
    pub as_of: String,
    pub totals: ByType,
    pub orgs: Vec<OrgStats>,
    pub reserve: PerTypeByLabel,
    pub pools: Vec<PoolStats>,
    pub years: BTreeMap<String, YearStats>,
    pub township_standard: TownshipStandardStats,
    pub summary: Summary,
}

/// The township allocation standard in force (issue 5).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TownshipStandardStats {
    pub class1_admin: i64,
    pub class2_admin: i64,
    pub class1_institution: i64,
    pub class2_institution: i64,
    /// Institution posts per administrative post, as written (`"1.2"`).
    pub institution_ratio: String,
    /// `half_up`, `up` or `down`.
    pub rounding: &'static str,
    /// The 文号 that set it; empty for the built-in default.
    pub doc_no: String,
    pub effective_from: Option<String>,
}

impl TownshipStandardStats {
    fn from_version(v: &StandardVersion) -> TownshipStandardStats {
        let s = &v.standard;
        TownshipStandardStats {
            class1_admin: s.class1_admin,
            class2_admin: s.class2_admin,
            class1_institution: s.institution_for(TownshipClass::One),
            class2_institution: s.institution_for(TownshipClass::Two),
            institution_ratio: s.ratio_label(),
            rounding: s.rounding.code(),
            doc_no: v.doc_no.clone(),
            effective_from: v.effective_from.map(|d| d.format("%Y-%m-%d").to_string()),
        }
    }
}

/// Per-year counts from the ledger (entries that were reversed are not counted).
fn years(
    store: &Store,
    as_of: Option<NaiveDate>,
    last_year: i32,
) -> Result<BTreeMap<String, YearStats>> {
    let mut out: BTreeMap<String, YearStats> = BTreeMap::new();
    if let Some(first) = store.first_ledger_year()? {
        for y in first..=last_year.max(first) {
            out.insert(y.to_string(), YearStats::default());
        }
    }
    for (year, l) in store.ledger_years(as_of)? {
        let y = out.entry(year.to_string()).or_default();
        y.recovered += l.recovered;
        y.transferred_with_people += l.transferred_with_people;
        y.reserve_grants += l.reserve_grants;
        y.conversions += l.conversions;
    }
    // Counted by their dates up to `as_of`, not by their year.
    for (year, a) in store.application_years_as_of(as_of)? {
        let y = out.entry(year.to_string()).or_default();
        y.applications_received += a.received;
        y.applications_accepted += a.accepted;
        y.suggestions += a.suggestions;
    }
    for (year, t) in store.turnover_years_as_of(as_of)? {
        out.entry(year.to_string()).or_default().turnover_issued += t.issued;
    }
    Ok(out)
}

/// What the county's figures are made from, as read from the store: kept by the window so
/// that after a write only the parts it changed are read again ([`Sources::follow`]), then
/// assembled ([`CountyStats::assemble`]). A hire re-reads occupancy, not 50,000 entries.
pub struct Sources {
    as_of: Option<NaiveDate>,
    /// The day the figures are for: `as_of`, or today when they were read.
    day: NaiveDate,
    orgs: Vec<crate::domain::Org>,
    /// Each unit's leadership positions (approved and appointed).
    leaders: HashMap<OrgId, crate::store::leadership::Leadership>,
    /// Each unit's 编外人员 control number and people in service.
    outside: HashMap<OrgId, crate::store::outside::OutsideFigures>,
    /// Units abolished by the day, with the day.
    abolished: HashMap<OrgId, String>,
    balances: Balances,
    occupancy: HashMap<OrgId, PerType>,
    on_turnover: i64,
    /// Each pool with the posts issued from it (its total comes from the balances).
    pools: Vec<(crate::domain::PoolId, String, i64)>,
    years: BTreeMap<String, YearStats>,
    standard: TownshipStandardStats,
    entries: i64,
}

impl Sources {
    /// Every unit, as read with the figures.
    pub fn orgs(&self) -> &[crate::domain::Org] {
        &self.orgs
    }

    /// What the figures are read from.
    pub const READS: Kinds = Kinds::UNITS
        .union(Kinds::PEOPLE)
        .union(Kinds::LEDGER)
        .union(Kinds::TOWNSHIPS)
        .union(Kinds::TURNOVER)
        .union(Kinds::APPLICATIONS);

    /// Reads everything: as recorded now (`None`), or as of a past date.
    pub fn load(store: &Store, as_of: Option<NaiveDate>) -> Result<Sources> {
        let day = as_of.unwrap_or_else(crate::clock::today);
        let mut s = Sources {
            as_of,
            day,
            orgs: Vec::new(),
            leaders: HashMap::new(),
            outside: HashMap::new(),
            abolished: HashMap::new(),
            balances: Balances::default(),
            occupancy: HashMap::new(),
            on_turnover: 0,
            pools: Vec::new(),
            years: BTreeMap::new(),
            standard: TownshipStandardStats::from_version(&store.township_standard(Some(day))?),
            entries: 0,
        };
        s.read(store, Kinds::ALL.without(Kinds::TOWNSHIPS))?;
        Ok(s)
    }

    /// Reads again what writes of `kinds` change (everything, when "today" has moved on).
    pub fn follow(&mut self, store: &Store, kinds: Kinds) -> Result<()> {
        if self.as_of.is_none() && self.day != crate::clock::today() {
            *self = Sources::load(store, None)?;
            return Ok(());
        }
        self.read(store, kinds)
    }

    fn read(&mut self, store: &Store, k: Kinds) -> Result<()> {
        let (as_of, day) = (self.as_of, self.day);
        if k.intersects(Kinds::UNITS | Kinds::PEOPLE) {
            self.leaders = store.leadership_all()?;
            self.outside = store.outside_figures()?;
        }
        if k.intersects(Kinds::UNITS | Kinds::TOWNSHIPS) {
            self.orgs = store.orgs()?;
            // A past day shows each unit under the name it had then, and only units
            // abolished by then as abolished.
            let day_sql = day.to_string();
            self.abolished = store
                .abolished_units()?
                .into_iter()
                .filter(|(_, d)| *d <= day_sql)
                .collect();
            if as_of.is_some() {
                let names = store.unit_names_on(day)?;
                for o in &mut self.orgs {
                    if let Some(n) = names.get(&o.id) {
                        o.name.clone_from(n);
                    }
                }
            }
            // A township's class is the one in force on the day (dated decisions).
            let classes = store.township_classes_on(day)?;
            for o in &mut self.orgs {
                if let Some(c) = classes.get(&o.id) {
                    o.township_class = *c;
                }
            }
        }
        if k.intersects(Kinds::LEDGER | Kinds::UNITS | Kinds::TURNOVER) {
            self.balances = store.balances(as_of)?;
            self.entries = store.entry_count(as_of)?;
        }
        if k.intersects(Kinds::PEOPLE | Kinds::TURNOVER) {
            (self.occupancy, self.on_turnover) = match as_of {
                None => (store.occupancy()?, store.turnover_holders()?.len() as i64),
                Some(d) => store.occupancy_as_of(d)?,
            };
        }
        if k.intersects(Kinds::TURNOVER | Kinds::LEDGER) {
            self.pools = store
                .pools()?
                .into_iter()
                .map(|(id, name)| Ok((id, name, store.pool_issued_as_of(id, day)?)))
                .collect::<Result<_>>()?;
        }
        if k.intersects(Kinds::LEDGER | Kinds::TURNOVER | Kinds::APPLICATIONS | Kinds::TOWNSHIPS) {
            self.years = years(store, as_of, day.year())?;
        }
        if k.intersects(Kinds::TOWNSHIPS) {
            self.standard =
                TownshipStandardStats::from_version(&store.township_standard(Some(day))?);
        }
        Ok(())
    }
}

impl CountyStats {
    /// Derives the county: as recorded now (`None`), or as of a past date.
    pub fn derive(store: &Store, as_of: Option<NaiveDate>) -> Result<CountyStats> {
        Ok(CountyStats::assemble(&Sources::load(store, as_of)?))
    }

    /// The figures from what was read.
    pub fn assemble(src: &Sources) -> CountyStats {
        let names: HashMap<OrgId, &str> =
            src.orgs.iter().map(|o| (o.id, o.name.as_str())).collect();
        let mut totals = ByType::default();
        let mut org_stats = Vec::with_capacity(src.orgs.len());
        let mut summary = Summary::default();
        for o in &src.orgs {
            let posts = ByType::from_parts(
                src.balances.approved(o.id),
                src.occupancy.get(&o.id).copied().unwrap_or_default(),
            );
            totals.add(&posts);
            let over = !posts.over_quota_types().is_empty();
            summary.over_quota_orgs += i64::from(over);
            org_stats.push(OrgStats {
                id: o.id.0,
                name: o.name.clone(),
                short_name: o.short_name.clone(),
                kind: o.kind.label(),
                grade: o.grade.clone(),
                parent: o.parent.and_then(|p| names.get(&p)).map(|s| s.to_string()),
                township_class: o.township_class.map(|c| c.number()),
                total: posts.sum(),
                posts,
                over_quota: over,
                leaders: Leaders::of(
                    &src.leaders
                        .get(&o.id)
                        .cloned()
                        .unwrap_or_else(crate::store::leadership::Leadership::none),
                ),
                outside: src.outside.get(&o.id).copied().unwrap_or_default(),
                abolished_on: src.abolished.get(&o.id).cloned(),
            });
        }
        let pools = src
            .pools
            .iter()
            .map(|(id, name, issued)| {
                let total = src.balances.of(Account::Pool(*id)).total();
                PoolStats {
                    name: name.clone(),
                    total,
                    issued: *issued,
                    available: total - issued,
                }
            })
            .collect();
        // Units in being (abolished ones stay listed, marked, but are not counted).
        summary.orgs = src
            .orgs
            .iter()
            .filter(|o| !src.abolished.contains_key(&o.id))
            .count() as i64;
        summary.people_on_post = totals.sum().occupied;
        summary.people_on_turnover_posts = src.on_turnover;
        summary.ledger_entries = src.entries;
        CountyStats {
            as_of: src.day.format("%Y-%m-%d").to_string(),
            totals,
            orgs: org_stats,
            reserve: PerTypeByLabel(src.balances.of(Account::Reserve)),
            pools,
            years: src.years.clone(),
            township_standard: src.standard.clone(),
            summary,
        }
    }
}

/// A plain-text summary for the terminal.
pub fn render_text(s: &CountyStats) -> String {
    use std::fmt::Write;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "截至 {}：{} 个单位，在编 {} 人，台账记录 {} 条",
        s.as_of, s.summary.orgs, s.summary.people_on_post, s.summary.ledger_entries
    );
    let _ = writeln!(out, "{:<16}\t核定\t实有\t空编", "编制类型");
    for t in PostType::ALL {
        let c = s.totals.get(t);
        let _ = writeln!(
            out,
            "{:<16}\t{}\t{}\t{}",
            t.label(),
            c.approved,
            c.occupied,
            c.vacancy
        );
    }
    let c = s.totals.sum();
    let _ = writeln!(
        out,
        "{:<16}\t{}\t{}\t{}",
        "合计", c.approved, c.occupied, c.vacancy
    );
    let over: Vec<&str> = s
        .orgs
        .iter()
        .filter(|o| o.over_quota)
        .map(|o| o.name.as_str())
        .collect();
    if !over.is_empty() {
        let _ = writeln!(out, "超编单位（{}）：{}", over.len(), over.join("、"));
    }
    let _ = writeln!(out, "县集中管理编制：{}", s.reserve.0.total());
    out
}
