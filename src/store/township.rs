//! Townships: the versioned allocation standard, reallocations made under it, idle
//! vacancies and the March filings.

use super::db::{Connection, OptionalExtension, params};
use super::ledger::EntryRequest;
use super::{Result, Store, StoreError, Tx, date_sql, parse_date, post_type_from_sql};
use crate::domain::township::{
    self, AllocationStandard, ClassChange, FilingChange, FilingLine, ReallocationPlan, Rounding,
    TownshipPosts,
};
use crate::domain::{
    Account, Balances, OrgId, OrgKind, PerType, PostType, RuleViolation, TownshipClass,
};
use chrono::NaiveDate;
use std::collections::HashMap;

/// The standard in force, with the 文号 that set it (`id` is `None` for the built-in
/// default of the seed: 37, 28, 1.2:1, before any 文号 set one).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StandardVersion {
    pub id: Option<i64>,
    pub standard: AllocationStandard,
    pub doc_no: String,
    pub effective_from: Option<NaiveDate>,
}

impl StandardVersion {
    pub fn builtin() -> StandardVersion {
        StandardVersion {
            id: None,
            standard: AllocationStandard::default(),
            doc_no: String::new(),
            effective_from: None,
        }
    }
    /// 文号, or a note that the default applies.
    pub fn source_label(&self) -> String {
        match (&self.effective_from, self.doc_no.is_empty()) {
            (Some(d), false) => format!("{}（{d} 起）", self.doc_no),
            _ => "默认标准（尚未以文号设定）".to_string(),
        }
    }
}

/// A reallocation as recorded: its 文号 and the standard it was made under.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AllocationRecord {
    pub id: i64,
    pub doc_no: String,
    pub date: String,
    pub standard: StandardVersion,
    pub entries: i64,
}

/// A person's move between posts (or onto / off a post), from their events in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Transition {
    pub date: NaiveDate,
    pub with_post: bool,
    pub from: Option<(OrgId, PostType)>,
    pub to: Option<(OrgId, PostType)>,
}

/// A township's March filing for a year.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Filing {
    pub received_on: String,
    pub note: String,
    pub import_id: Option<i64>,
}

fn standard_from_row(r: &super::db::Row<'_>) -> super::db::Result<Result<StandardVersion>> {
    let rounding: String = r.get(4)?;
    let from: String = r.get(6)?;
    Ok((|| {
        Ok(StandardVersion {
            id: Some(r.get(0)?),
            standard: AllocationStandard {
                class1_admin: r.get(1)?,
                class2_admin: r.get(2)?,
                inst_ratio_milli: r.get(3)?,
                rounding: Rounding::from_code(&rounding)
                    .ok_or_else(|| StoreError::Corrupt(format!("取整方式“{rounding}”")))?,
            },
            doc_no: r.get(5)?,
            effective_from: Some(parse_date(&from)?),
        })
    })())
}

const STANDARD_COLUMNS: &str =
    "id, class1_admin, class2_admin, inst_ratio_milli, rounding, doc_no, effective_from";

/// The standard in force on `as_of` (today when None): the newest dated on or before it. A
/// standard dated in the future applies from its date only.
pub(crate) fn standard_in_force(
    conn: &Connection,
    as_of: Option<NaiveDate>,
) -> Result<StandardVersion> {
    let as_of = date_sql(as_of.unwrap_or_else(crate::clock::today));
    conn.query_row(
        &format!(
            "SELECT {STANDARD_COLUMNS} FROM township_standards WHERE effective_from <= ?1 \
             ORDER BY effective_from DESC, id DESC LIMIT 1"
        ),
        [as_of],
        standard_from_row,
    )
    .optional()?
    .transpose()
    .map(|s| s.unwrap_or_else(StandardVersion::builtin))
}

fn standard_by_id(conn: &Connection, id: Option<i64>) -> Result<StandardVersion> {
    let Some(id) = id else {
        return Ok(StandardVersion::builtin());
    };
    conn.query_row(
        &format!("SELECT {STANDARD_COLUMNS} FROM township_standards WHERE id = ?1"),
        [id],
        standard_from_row,
    )?
}

/// Every township's class decisions, in the order they were made.
fn class_history(conn: &Connection) -> Result<HashMap<OrgId, Vec<ClassChange>>> {
    let mut st = conn.prepare_cached(
        "SELECT org_id, class, previous, effective_from, doc_no FROM township_class_changes \
         ORDER BY id",
    )?;
    let mut rows = st.query(())?;
    let mut out: HashMap<OrgId, Vec<ClassChange>> = HashMap::new();
    while let Some(r) = rows.next()? {
        let class: i64 = r.get(1)?;
        let previous: Option<i64> = r.get(2)?;
        out.entry(OrgId(r.get(0)?)).or_default().push(ClassChange {
            class: TownshipClass::from_number(class)
                .ok_or_else(|| StoreError::Corrupt(format!("乡镇类别“{class}”")))?,
            previous: previous.and_then(TownshipClass::from_number),
            effective_from: parse_date(&r.get::<_, String>(3)?)?,
            doc_no: r.get(4)?,
        });
    }
    Ok(out)
}

/// Every township's class on `date` (see [`township::class_on`]).
pub(crate) fn classes_on(
    conn: &Connection,
    date: NaiveDate,
) -> Result<HashMap<OrgId, Option<TownshipClass>>> {
    let history = class_history(conn)?;
    let mut st = conn.prepare_cached("SELECT id, township_class FROM orgs WHERE kind = ?1")?;
    let mut rows = st.query([OrgKind::Township.label()])?;
    let mut out = HashMap::new();
    while let Some(r) = rows.next()? {
        let org = OrgId(r.get(0)?);
        let recorded = r
            .get::<_, Option<i64>>(1)?
            .and_then(TownshipClass::from_number);
        let changes = history.get(&org).map_or(&[][..], Vec::as_slice);
        out.insert(org, township::class_on(changes, recorded, date));
    }
    Ok(out)
}

/// Every township (乡镇街道) with its class on `date` and its approved and occupied posts
/// per type now.
pub(crate) fn townships(conn: &Connection, date: NaiveDate) -> Result<Vec<TownshipPosts>> {
    let occupancy = super::balances::occupancy_now(conn)?;
    let balances = Balances::derive(&super::ledger::load_movements(conn, None)?);
    let classes = classes_on(conn, date)?;
    let mut st = conn.prepare_cached("SELECT id, name FROM orgs WHERE kind = ?1 ORDER BY id")?;
    let mut rows = st.query([OrgKind::Township.label()])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        let org = OrgId(r.get(0)?);
        out.push(TownshipPosts {
            org,
            name: r.get(1)?,
            class: classes.get(&org).copied().flatten(),
            approved: balances.approved(org),
            occupied: occupancy.get(&org).copied().unwrap_or_default(),
        });
    }
    Ok(out)
}

/// Every person's moves, from their events in the order they were entered.
pub(crate) fn transitions(conn: &Connection) -> Result<Vec<Transition>> {
    let mut st = conn.prepare_cached(
        "SELECT person_id, kind, date, org_id, post_type, turnover_issue FROM person_events \
         ORDER BY person_id, id",
    )?;
    let mut rows = st.query(())?;
    let mut out = Vec::new();
    let mut current: Option<(i64, Option<(OrgId, PostType)>)> = None;
    while let Some(r) = rows.next()? {
        let person: i64 = r.get(0)?;
        let kind: String = r.get(1)?;
        let date: String = r.get(2)?;
        let org: Option<i64> = r.get(3)?;
        let pt: Option<String> = r.get(4)?;
        // A turnover post is the pool's, not the unit's.
        let turnover: Option<i64> = r.get(5)?;
        let to = match (org, pt, turnover) {
            (Some(o), Some(t), None) => Some((OrgId(o), post_type_from_sql(&t)?)),
            _ => None,
        };
        let from = match current {
            Some((p, state)) if p == person => state,
            _ => None,
        };
        current = Some((person, to));
        if from != to {
            out.push(Transition {
                date: parse_date(&date)?,
                with_post: kind == "transfer_with_post",
                from,
                to,
            });
        }
    }
    Ok(out)
}

type VacancyChanges = HashMap<(OrgId, PostType), Vec<(NaiveDate, i64)>>;

/// Dated changes of every unit's vacancy per type: entries into a unit add posts, entries
/// out of it remove them; a person arriving fills one, a person leaving frees one.
fn vacancy_changes(conn: &Connection) -> Result<VacancyChanges> {
    let mut out = VacancyChanges::new();
    let mut st = conn.prepare_cached(
        "SELECT date, post_type, count, from_org, to_org FROM ledger_entries \
         WHERE from_org IS NOT NULL OR to_org IS NOT NULL",
    )?;
    let mut rows = st.query(())?;
    while let Some(r) = rows.next()? {
        let date = parse_date(&r.get::<_, String>(0)?)?;
        let pt = post_type_from_sql(&r.get::<_, String>(1)?)?;
        let count: i64 = r.get(2)?;
        if let Some(o) = r.get::<_, Option<i64>>(3)? {
            out.entry((OrgId(o), pt)).or_default().push((date, -count));
        }
        if let Some(o) = r.get::<_, Option<i64>>(4)? {
            out.entry((OrgId(o), pt)).or_default().push((date, count));
        }
    }
    for t in transitions(conn)? {
        if let Some(from) = t.from {
            out.entry(from).or_default().push((t.date, 1));
        }
        if let Some(to) = t.to {
            out.entry(to).or_default().push((t.date, -1));
        }
    }
    Ok(out)
}

impl Store {
    /// The township standard in force on `as_of` (today when `None`).
    pub fn township_standard(&self, as_of: Option<NaiveDate>) -> Result<StandardVersion> {
        standard_in_force(&self.conn, as_of)
    }

    /// Every standard ever set, oldest first.
    pub fn township_standards(&self) -> Result<Vec<StandardVersion>> {
        let mut st = self.conn.prepare(&format!(
            "SELECT {STANDARD_COLUMNS} FROM township_standards ORDER BY effective_from, id"
        ))?;
        let rows = st.query_map((), standard_from_row)?;
        let mut out = Vec::new();
        for r in rows {
            out.push(r??);
        }
        Ok(out)
    }

    /// A township's class decisions, in the order they were made.
    pub fn class_changes(&self, org: OrgId) -> Result<Vec<ClassChange>> {
        Ok(class_history(&self.conn)?.remove(&org).unwrap_or_default())
    }

    /// Every township's class on `date`.
    pub fn township_classes_on(
        &self,
        date: NaiveDate,
    ) -> Result<HashMap<OrgId, Option<TownshipClass>>> {
        classes_on(&self.conn, date)
    }

    pub fn townships(&self) -> Result<Vec<TownshipPosts>> {
        townships(&self.conn, crate::clock::today())
    }

    /// Vacancies of every unit and type that stayed vacant for the last `months` months up
    /// to `as_of` (see [`township::idle_vacancies`]); only those above zero.
    pub fn idle_vacancies(
        &self,
        as_of: NaiveDate,
        months: u32,
    ) -> Result<HashMap<(OrgId, PostType), i64>> {
        Ok(vacancy_changes(&self.conn)?
            .into_iter()
            .map(|(k, v)| (k, township::idle_vacancies(&v, as_of, months)))
            .filter(|(_, n)| *n > 0)
            .collect())
    }

    /// Every unit and post type with vacancies now (all units, not only townships), in
    /// the units' order, with how many of them stayed vacant for the last `months` months
    /// up to `as_of`: what 收回空编 chooses from.
    pub fn vacancies_with_idle(&self, as_of: NaiveDate, months: u32) -> Result<Vec<VacancyLine>> {
        let idle = self.idle_vacancies(as_of, months)?;
        let balances = self.balances(None)?;
        let occupancy = self.occupancy()?;
        let mut out = Vec::new();
        for o in self.orgs()? {
            let approved = balances.approved(o.id);
            let occupied = occupancy.get(&o.id).copied().unwrap_or_default();
            for pt in PostType::ALL {
                let vacancy = approved.get(pt) - occupied.get(pt);
                if vacancy > 0 {
                    out.push(VacancyLine {
                        org: o.id,
                        name: o.name.clone(),
                        post_type: pt,
                        vacancy,
                        idle: idle.get(&(o.id, pt)).copied().unwrap_or(0),
                    });
                }
            }
        }
        Ok(out)
    }

    /// The March filings of `year`, per township (the first one received).
    pub fn filings(&self, year: i32) -> Result<HashMap<OrgId, Filing>> {
        let mut st = self.conn.prepare_cached(
            "SELECT org_id, received_on, note, import_id FROM township_filings \
             WHERE year = ?1 ORDER BY received_on DESC, id DESC",
        )?;
        let mut rows = st.query([year])?;
        let mut out = HashMap::new();
        while let Some(r) = rows.next()? {
            out.insert(
                OrgId(r.get(0)?),
                Filing {
                    received_on: r.get(1)?,
                    note: r.get(2)?,
                    import_id: r.get(3)?,
                },
            );
        }
        Ok(out)
    }

    /// Reallocations recorded, newest first, each with the standard it was made under.
    pub fn allocations(&self) -> Result<Vec<AllocationRecord>> {
        let mut st = self.conn.prepare(
            "SELECT a.id, a.doc_no, a.date, a.standard_id, \
             (SELECT COUNT(*) FROM ledger_entries e WHERE e.allocation_id = a.id) \
             FROM allocations a ORDER BY a.id DESC",
        )?;
        let mut rows = st.query(())?;
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            out.push(AllocationRecord {
                id: r.get(0)?,
                doc_no: r.get(1)?,
                date: r.get(2)?,
                standard: standard_by_id(&self.conn, r.get(3)?)?,
                entries: r.get(4)?,
            });
        }
        Ok(out)
    }

    /// The proposal that brings every classified township to the standard in force.
    pub fn plan_reallocation(&self) -> Result<ReallocationPlan> {
        plan_now(&self.conn)
    }
}

fn plan_now(conn: &Connection) -> Result<ReallocationPlan> {
    let standard = standard_in_force(conn, None)?;
    let reserve =
        Balances::derive(&super::ledger::load_movements(conn, None)?).of(Account::Reserve);
    Ok(township::plan_reallocation(
        &townships(conn, crate::clock::today())?,
        &standard.standard,
        &reserve,
    )?)
}

impl Tx<'_> {
    /// Sets a new township standard from `effective_from`, with the 文号 behind it. Earlier
    /// standards stay, so earlier reallocations still show theirs.
    pub fn set_township_standard(
        &mut self,
        standard: &AllocationStandard,
        doc_no: &str,
        effective_from: NaiveDate,
    ) -> Result<i64> {
        self.describe("设定乡镇编制标准");
        crate::domain::rules::check_doc_no(doc_no)?;
        standard.validate()?;
        let new_id = self.conn.insert(
            "INSERT INTO township_standards (class1_admin, class2_admin, inst_ratio_milli, \
             rounding, doc_no, effective_from, operator, entered_at) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![
                standard.class1_admin,
                standard.class2_admin,
                standard.inst_ratio_milli,
                standard.rounding.code(),
                doc_no.trim(),
                date_sql(effective_from),
                self.operator,
                self.now,
            ],
        )?;
        Ok(new_id)
    }

    /// Changes a township's class by a decision (文号) from `effective_from`. The class on
    /// each date is the newest decision dated on or before it; the unit's recorded class
    /// follows when the decision is in force today.
    pub fn change_township_class(
        &mut self,
        org: OrgId,
        class: TownshipClass,
        doc_no: &str,
        effective_from: NaiveDate,
    ) -> Result<()> {
        self.describe("调整乡镇类别");
        crate::domain::rules::check_doc_no(doc_no)?;
        let o = super::orgs::load_org(self.conn, org)?;
        if o.kind != OrgKind::Township {
            return Err(RuleViolation::BadStandard(format!(
                "{}不是乡镇（街道），没有乡镇类别",
                o.name
            ))
            .into());
        }
        let history = class_history(self.conn)?;
        let changes = history.get(&org).map_or(&[][..], Vec::as_slice);
        let before = township::class_on(changes, o.township_class, effective_from);
        if before == Some(class) {
            return Err(RuleViolation::BadStandard(format!(
                "{}在 {effective_from} 已是{}乡镇，无需调整",
                o.name,
                class.label()
            ))
            .into());
        }
        self.conn.execute(
            "INSERT INTO township_class_changes (org_id, class, previous, effective_from, doc_no, \
             operator, entered_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![
                org.0,
                class.number(),
                before.map(TownshipClass::number),
                date_sql(effective_from),
                doc_no.trim(),
                self.operator,
                self.now
            ],
        )?;
        let today = classes_on(self.conn, crate::clock::today())?
            .get(&org)
            .copied()
            .flatten();
        if today != o.township_class {
            let mut draft = o.draft();
            draft.township_class = today;
            self.update_org(org, &draft)?;
        }
        Ok(())
    }

    /// Records the reallocation that brings every township to the standard in force, with
    /// one 文号. `expected` is the plan the clerk previewed: if the data changed since, the
    /// plan differs and nothing is written.
    pub fn reallocate(
        &mut self,
        expected: &ReallocationPlan,
        doc_no: &str,
        date: NaiveDate,
    ) -> Result<i64> {
        self.describe("乡镇编制调整");
        crate::domain::rules::check_doc_no(doc_no)?;
        let plan = plan_now(self.conn)?;
        if plan != *expected {
            return Err(StoreError::Stale);
        }
        if plan.moves.is_empty() {
            return Err(RuleViolation::BadStandard(
                "各乡镇（街道）已符合标准，没有需要调整的编制".to_string(),
            )
            .into());
        }
        let standard = standard_in_force(self.conn, None)?;
        let id = self.conn.insert(
            "INSERT INTO allocations (standard_id, doc_no, date, operator, entered_at) \
             VALUES (?1, ?2, ?3, ?4, ?5)",
            params![
                standard.id,
                doc_no.trim(),
                date_sql(date),
                self.operator,
                self.now
            ],
        )?;
        self.allocation_id = Some(id);
        let reason = format!(
            "乡镇编制重新分配（一类 {} 名、二类 {} 名，事业与行政 {}:1）",
            standard.standard.class1_admin,
            standard.standard.class2_admin,
            standard.standard.ratio_label()
        );
        // Recoveries first: they fill the reserve the grants draw on.
        for m in &plan.moves {
            self.record(&EntryRequest {
                date,
                doc_no: doc_no.to_string(),
                kind: m.kind,
                reason: reason.clone(),
                movement: m.movement,
            })?;
        }
        self.allocation_id = None;
        Ok(id)
    }

    /// Records a township's March filing (人员分工、任职情况备案) for `year`, its table
    /// taken from the registry as it stands (each person on a post of the township or of
    /// its units, with division and position; duties left for the clerk).
    pub fn record_filing(
        &mut self,
        org: OrgId,
        year: i32,
        received_on: NaiveDate,
        note: &str,
        import_id: Option<i64>,
    ) -> Result<()> {
        let lines = filing_draft(self.conn, org, year)?;
        self.record_filing_table(org, year, received_on, note, import_id, &lines)
            .map(|_| ())
    }

    /// Records a township's March filing for `year` with its table of who does what (as
    /// received, entered or read from its workbook). The filing's id.
    pub fn record_filing_table(
        &mut self,
        org: OrgId,
        year: i32,
        received_on: NaiveDate,
        note: &str,
        import_id: Option<i64>,
        lines: &[FilingLine],
    ) -> Result<i64> {
        self.describe("乡镇备案登记");
        let o = super::orgs::load_org(self.conn, org)?;
        if o.kind != OrgKind::Township {
            return Err(RuleViolation::BadStandard(format!(
                "{}不是乡镇（街道），无需三月备案",
                o.name
            ))
            .into());
        }
        for (k, l) in lines.iter().enumerate() {
            if l.name.trim().is_empty() {
                return Err(
                    RuleViolation::BadStandard(format!("备案表第 {} 行没有姓名", k + 1)).into(),
                );
            }
        }
        let filing = self.conn.insert(
            "INSERT INTO township_filings (org_id, year, received_on, note, import_id, operator, \
             entered_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![
                org.0,
                year,
                date_sql(received_on),
                note.trim(),
                import_id,
                self.operator,
                self.now
            ],
        )?;
        let mut insert = self.conn.prepare_cached(
            "INSERT INTO township_filing_lines (filing_id, person_id, id_number, name, division, \
             duties, position) VALUES (?1, \
             (SELECT id FROM persons WHERE id_number = ?2), ?2, ?3, ?4, ?5, ?6)",
        )?;
        for l in lines {
            let id = l
                .id_number
                .as_deref()
                .map(str::trim)
                .filter(|i| !i.is_empty())
                .map(|i| i.to_ascii_uppercase());
            insert.execute(params![
                filing,
                id,
                l.name.trim(),
                l.division.trim(),
                l.duties.trim(),
                l.position.trim()
            ])?;
        }
        Ok(filing)
    }
}

/// A township's people as its filing lists them: everyone on a post of the township or of
/// a unit under it, with their division (the unit's name for a unit under it without one)
/// and position.
pub(crate) fn filing_lines_from_registry(conn: &Connection, org: OrgId) -> Result<Vec<FilingLine>> {
    let mut st = conn.prepare(
        "SELECT p.id_number, p.name, p.kept, p.position, o.id, o.name FROM persons p \
         JOIN orgs o ON o.id = p.org_id \
         WHERE p.status = '在编' AND (o.id = ?1 OR o.parent_id = ?1) ORDER BY o.id <> ?1, o.id, p.id",
    )?;
    let rows = st.query_map([org.0], |r| {
        let kept: Option<String> = r.get(2)?;
        let division = kept
            .as_deref()
            .and_then(|k| serde_json::from_str::<crate::domain::KeptFields>(k).ok())
            .and_then(|k| k.get(super::divisions::DIVISION_FIELD).cloned());
        let unit: i64 = r.get(4)?;
        let unit_name: String = r.get(5)?;
        Ok(FilingLine {
            id_number: Some(r.get(0)?),
            name: r.get(1)?,
            division: division.unwrap_or(if unit == org.0 {
                String::new()
            } else {
                unit_name
            }),
            duties: String::new(),
            position: r.get::<_, Option<String>>(3)?.unwrap_or_default(),
        })
    })?;
    Ok(rows.collect::<super::db::Result<_>>()?)
}

/// A township's table for `year` as the registry has it now, each person's duties (and
/// division, where the registry has none) carried over from last year's filing.
pub(crate) fn filing_draft(conn: &Connection, org: OrgId, year: i32) -> Result<Vec<FilingLine>> {
    let mut lines = filing_lines_from_registry(conn, org)?;
    let last = filing_of(conn, org, year - 1)?
        .map(|f| f.lines)
        .unwrap_or_default();
    let by_id: HashMap<&str, &FilingLine> = last
        .iter()
        .filter_map(|l| Some((l.id_number.as_deref()?, l)))
        .collect();
    for l in &mut lines {
        if let Some(before) = l.id_number.as_deref().and_then(|i| by_id.get(i)) {
            l.duties.clone_from(&before.duties);
            if l.division.is_empty() {
                l.division.clone_from(&before.division);
            }
        }
    }
    Ok(lines)
}

/// A township's filing for a year as kept: when received, whether late, and its table.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct FilingRecord {
    pub id: i64,
    pub org: OrgId,
    pub year: i32,
    pub received_on: String,
    /// Received after 31 March (逾期备案).
    pub late: bool,
    pub note: String,
    pub operator: String,
    pub lines: Vec<FilingLine>,
}

/// A township's filing of `year` (the latest received, which replaces any before it);
/// `None` when none was received.
pub(crate) fn filing_of(conn: &Connection, org: OrgId, year: i32) -> Result<Option<FilingRecord>> {
    let head: Option<(i64, String, String, String)> = conn
        .query_row(
            "SELECT id, received_on, note, operator FROM township_filings \
             WHERE org_id = ?1 AND year = ?2 ORDER BY received_on DESC, id DESC LIMIT 1",
            params![org.0, year],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .optional()?;
    let Some((id, received_on, note, operator)) = head else {
        return Ok(None);
    };
    let mut st = conn.prepare_cached(
        "SELECT name, id_number, division, duties, position FROM township_filing_lines \
         WHERE filing_id = ?1 ORDER BY id",
    )?;
    let lines = st
        .query_map([id], |r| {
            Ok(FilingLine {
                name: r.get(0)?,
                id_number: r.get(1)?,
                division: r.get(2)?,
                duties: r.get(3)?,
                position: r.get(4)?,
            })
        })?
        .collect::<super::db::Result<_>>()?;
    let late = parse_date(&received_on).is_ok_and(|d| township::filing_is_late(year, d));
    Ok(Some(FilingRecord {
        id,
        org,
        year,
        received_on,
        late,
        note,
        operator,
        lines,
    }))
}

impl Store {
    /// A township's filing of `year` (the latest received, which replaces any before it);
    /// `None` when none was received.
    pub fn filing(&self, org: OrgId, year: i32) -> Result<Option<FilingRecord>> {
        filing_of(&self.conn, org, year)
    }

    /// A township's filing of `year` against its filing of the year before (everyone new
    /// when there was none); `None` when nothing was filed for `year`.
    pub fn filing_changes(&self, org: OrgId, year: i32) -> Result<Option<Vec<FilingChange>>> {
        let Some(this) = self.filing(org, year)? else {
            return Ok(None);
        };
        let last = self
            .filing(org, year - 1)?
            .map(|f| f.lines)
            .unwrap_or_default();
        Ok(Some(township::compare_filings(&last, &this.lines)))
    }

    /// The table to start a filing of `org` for `year` from: the registry now, with last
    /// year's duties carried over.
    pub fn filing_draft(&self, org: OrgId, year: i32) -> Result<Vec<FilingLine>> {
        filing_draft(&self.conn, org, year)
    }
}

/// Total of a [`PerType`] over the township institution types.
pub fn institution_total(p: &PerType) -> i64 {
    township::TOWNSHIP_INSTITUTION_TYPES
        .iter()
        .map(|t| p.get(*t))
        .sum()
}

/// One row of the 乡镇编制 grid: everything derived from the ledger and the standard.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TownshipRow {
    pub org: OrgId,
    pub name: String,
    pub class: Option<TownshipClass>,
    /// Standard administrative and institution posts for the class (0 without a class).
    pub standard_admin: i64,
    pub standard_institution: i64,
    pub admin_approved: i64,
    pub admin_occupied: i64,
    pub institution_approved: i64,
    pub institution_occupied: i64,
    /// Vacancies idle longer than the configured months (administrative + institution).
    pub idle: i64,
    /// The March filing of the grid's year, when received.
    pub filed_on: Option<String>,
    /// Received after 31 March (逾期备案).
    pub filed_late: bool,
}

impl TownshipRow {
    pub fn admin_vacancy(&self) -> i64 {
        self.admin_approved - self.admin_occupied
    }
    pub fn institution_vacancy(&self) -> i64 {
        self.institution_approved - self.institution_occupied
    }
    /// Approved minus standard (negative: short of the standard).
    pub fn admin_difference(&self) -> i64 {
        self.admin_approved - self.standard_admin
    }
    pub fn institution_difference(&self) -> i64 {
        self.institution_approved - self.standard_institution
    }
}

impl Store {
    /// The 乡镇编制 grid as of today: one row per township, with idle vacancies over
    /// `idle_months` and the March filing of `year`.
    pub fn township_grid(&self, idle_months: u32, year: i32) -> Result<Vec<TownshipRow>> {
        let standard = standard_in_force(&self.conn, None)?.standard;
        let today = crate::clock::today();
        let idle = self.idle_vacancies(today, idle_months)?;
        let mut filings = self.filings(year)?;
        Ok(townships(&self.conn, today)?
            .into_iter()
            .map(|t| {
                let types = std::iter::once(PostType::Administrative)
                    .chain(township::TOWNSHIP_INSTITUTION_TYPES);
                TownshipRow {
                    org: t.org,
                    name: t.name.clone(),
                    class: t.class,
                    standard_admin: t.class.map_or(0, |c| standard.admin_for(c)),
                    standard_institution: t.class.map_or(0, |c| standard.institution_for(c)),
                    admin_approved: t.admin_approved(),
                    admin_occupied: t.occupied.get(PostType::Administrative),
                    institution_approved: t.institution_approved(),
                    institution_occupied: institution_total(&t.occupied),
                    idle: types
                        .map(|pt| idle.get(&(t.org, pt)).copied().unwrap_or(0))
                        .sum(),
                    filed_late: filings.get(&t.org).is_some_and(|f| {
                        NaiveDate::parse_from_str(&f.received_on, "%Y-%m-%d")
                            .is_ok_and(|d| township::filing_is_late(year, d))
                    }),
                    filed_on: filings.remove(&t.org).map(|f| f.received_on),
                }
            })
            .collect())
    }
}

/// A unit's vacancies of one post type, and how many of them are idle.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VacancyLine {
    pub org: OrgId,
    pub name: String,
    pub post_type: PostType,
    pub vacancy: i64,
    pub idle: i64,
}
