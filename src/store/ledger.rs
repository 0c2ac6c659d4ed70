//! Ledger entries: recording, reversing, and deriving balances.

use super::balances::pool_available;
use super::balances::{approved, balance, occupancy_now, occupied};
use super::db::{Connection, OptionalExtension, Row, params};
use super::{Result, Store, StoreError, Tx, account_label, parse_date, post_type_from_sql};
use crate::domain::rules;
use crate::domain::{
    Account, Balances, Entry, EntryId, EntryKind, Movement, OrgId, PerType, PersonId, PostType,
};
use chrono::{NaiveDate, NaiveDateTime};
use std::collections::HashMap;

/// What a caller asks the ledger to record.
#[derive(Debug, Clone, PartialEq)]
pub struct EntryRequest {
    pub date: NaiveDate,
    pub doc_no: String,
    pub kind: EntryKind,
    pub reason: String,
    pub movement: Movement,
}

const ENTRY_COLUMNS: &str = "id, date, doc_no, kind, reason, post_type, count, from_kind, from_org, \
     from_pool, to_kind, to_org, to_pool, reverses, person_id, operator, entered_at";

fn entry_from_row(r: &Row<'_>) -> super::db::Result<std::result::Result<Entry, StoreError>> {
    let date: String = r.get(1)?;
    let kind: String = r.get(3)?;
    let post_type: String = r.get(5)?;
    let from_kind: String = r.get(7)?;
    let to_kind: String = r.get(10)?;
    let entered_at: String = r.get(16)?;
    let from = Account::from_parts(&from_kind, r.get(8)?, r.get(9)?);
    let to = Account::from_parts(&to_kind, r.get(11)?, r.get(12)?);
    let id: i64 = r.get(0)?;
    let doc_no: String = r.get(2)?;
    let reason: String = r.get(4)?;
    let count: i64 = r.get(6)?;
    let reverses: Option<i64> = r.get(13)?;
    let person: Option<i64> = r.get(14)?;
    let operator: String = r.get(15)?;
    Ok((|| {
        Ok(Entry {
            id: EntryId(id),
            date: parse_date(&date)?,
            doc_no,
            kind: EntryKind::from_code(&kind)
                .ok_or_else(|| StoreError::Corrupt(format!("台账类型“{kind}”")))?,
            reason,
            movement: Movement {
                post_type: post_type_from_sql(&post_type)?,
                count,
                from: from.ok_or_else(|| StoreError::Corrupt(format!("账户“{from_kind}”")))?,
                to: to.ok_or_else(|| StoreError::Corrupt(format!("账户“{to_kind}”")))?,
            },
            reverses: reverses.map(EntryId),
            person: person.map(PersonId),
            operator,
            entered_at: NaiveDateTime::parse_from_str(&entered_at, "%Y-%m-%d %H:%M:%S")
                .map_err(|_| StoreError::Corrupt(format!("录入时间“{entered_at}”")))?,
        })
    })())
}

fn collect_entries(
    rows: impl Iterator<Item = super::db::Result<std::result::Result<Entry, StoreError>>>,
) -> Result<Vec<Entry>> {
    let mut out = Vec::new();
    for r in rows {
        out.push(r??);
    }
    Ok(out)
}

pub(crate) fn load_entry(conn: &Connection, id: EntryId) -> Result<Entry> {
    conn.query_row(
        &format!("SELECT {ENTRY_COLUMNS} FROM ledger_entries WHERE id = ?1"),
        [id.0],
        entry_from_row,
    )
    .optional()?
    .ok_or_else(|| StoreError::NotFound(format!("第 {} 号台账记录", id.0)))?
}

/// Every entry, oldest first; with `org`, only those touching that unit.
pub(crate) fn load_entries(conn: &Connection, org: Option<OrgId>) -> Result<Vec<Entry>> {
    match org {
        Some(o) => {
            let mut st = conn.prepare_cached(&format!(
                "SELECT {ENTRY_COLUMNS} FROM ledger_entries WHERE from_org = ?1 OR to_org = ?1 \
                 ORDER BY date, id"
            ))?;
            collect_entries(st.query_map([o.0], entry_from_row)?)
        }
        None => {
            let mut st = conn.prepare_cached(&format!(
                "SELECT {ENTRY_COLUMNS} FROM ledger_entries ORDER BY date, id"
            ))?;
            collect_entries(st.query_map((), entry_from_row)?)
        }
    }
}

/// Every movement dated on or before `as_of` (all when `None`).
pub(crate) fn load_movements(conn: &Connection, as_of: Option<NaiveDate>) -> Result<Vec<Movement>> {
    let mut st = conn.prepare_cached(
        "SELECT post_type, count, from_kind, from_org, from_pool, to_kind, to_org, to_pool \
         FROM ledger_entries WHERE CAST(?1 AS TEXT) IS NULL OR date <= ?1",
    )?;
    let as_of = as_of.map(|d| d.format("%Y-%m-%d").to_string());
    let mut rows = st.query([as_of])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        // Borrow the text columns: this loop runs once per entry of the whole ledger.
        let pt = r.get_str(0)?;
        let fk = r.get_str(2)?;
        let tk = r.get_str(5)?;
        let from = Account::from_parts(fk, r.get(3)?, r.get(4)?)
            .ok_or_else(|| StoreError::Corrupt(format!("账户“{fk}”")))?;
        let to = Account::from_parts(tk, r.get(6)?, r.get(7)?)
            .ok_or_else(|| StoreError::Corrupt(format!("账户“{tk}”")))?;
        out.push(Movement {
            post_type: post_type_from_sql(pt)?,
            count: r.get(1)?,
            from,
            to,
        });
    }
    Ok(out)
}

/// Refuses a movement whose source cannot give `count` posts: a unit gives only vacant
/// posts (unless `with_people`, when the posts leave together with their holders), the
/// reserve and pools never go below zero.
fn check_source(conn: &Connection, m: &Movement, with_people: bool) -> Result<()> {
    let label = account_label(conn, m.from);
    match m.from {
        Account::Org(o) => {
            let a = approved(conn, o, m.post_type)?;
            if with_people {
                rules::check_balance(&label, m.post_type, a, m.count)?;
            } else {
                let occ = occupied(conn, o, m.post_type)?;
                rules::check_vacancy(&label, m.post_type, a, occ, m.count)?;
            }
        }
        Account::Reserve => {
            let b = balance(conn, m.from, m.post_type)?;
            rules::check_balance(&label, m.post_type, b, m.count)?;
        }
        // A pool gives only what is not out with units.
        Account::Pool(p) => {
            let b = pool_available(conn, p, m.post_type)?;
            rules::check_balance(&label, m.post_type, b, m.count)?;
        }
        Account::Above | Account::WrittenOff => {}
    }
    Ok(())
}

/// Refuses references to units or pools that do not exist.
fn check_exists(conn: &Connection, a: Account) -> Result<()> {
    match a {
        Account::Org(o) => super::orgs::load_org(conn, o).map(|_| ()),
        Account::Pool(p) => {
            let n: i64 =
                conn.query_row("SELECT COUNT(*) FROM pools WHERE id = ?1", [p.0], |r| {
                    r.get(0)
                })?;
            if n == 0 {
                Err(StoreError::NotFound(format!("周转编制池（编号 {}）", p.0)))
            } else {
                Ok(())
            }
        }
        _ => Ok(()),
    }
}

impl Tx<'_> {
    pub(crate) fn insert_entry(
        &mut self,
        req: &EntryRequest,
        reverses: Option<EntryId>,
        person: Option<PersonId>,
    ) -> Result<EntryId> {
        let m = &req.movement;
        let new_id = self.conn
            .prepare_insert(
                "INSERT INTO ledger_entries (date, doc_no, kind, reason, post_type, count, from_kind, \
                 from_org, from_pool, to_kind, to_org, to_pool, reverses, person_id, operator, \
                 entered_at, import_id, allocation_id, application_id, evaluation_id) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, \
                 ?18, ?19, ?20)",
            )?
            .insert(params![
                req.date.format("%Y-%m-%d").to_string(),
                req.doc_no.trim(),
                req.kind.code(),
                req.reason.trim(),
                m.post_type.code(),
                m.count,
                m.from.kind_code(),
                m.from.org().map(|o| o.0),
                m.from.pool().map(|p| p.0),
                m.to.kind_code(),
                m.to.org().map(|o| o.0),
                m.to.pool().map(|p| p.0),
                reverses.map(|e| e.0),
                person.map(|p| p.0),
                self.operator,
                self.now,
                self.import_id,
                self.allocation_id,
                self.application_id,
                self.evaluation_id,
            ])?;
        Ok(EntryId(new_id))
    }

    /// Records a ledger entry (核定, 收回, 调剂, 核减, 核销) after checking every rule.
    /// 划转(连人带编) goes through [`Tx::transfer_with_post`], 撤销 through [`Tx::reverse`].
    pub fn record(&mut self, req: &EntryRequest) -> Result<EntryId> {
        self.describe("记入编制台账");
        let m = req.movement;
        rules::check_doc_no(&req.doc_no)?;
        rules::check_count(m.count)?;
        let conn = self.conn;
        if matches!(
            req.kind,
            EntryKind::TransferWithPerson | EntryKind::Reversal
        ) {
            return Err(rules::RuleViolation::BadRoute {
                kind: req.kind,
                from: account_label(conn, m.from),
                to: account_label(conn, m.to),
            }
            .into());
        }
        rules::check_route(req.kind, m.from, m.to, |a| account_label(conn, a))?;
        check_exists(conn, m.from)?;
        check_exists(conn, m.to)?;
        check_source(conn, &m, false)?;
        self.insert_entry(req, None, None)
    }

    /// 撤销: records the entry that undoes `original`. A 划转(连人带编) is undone with its
    /// person, who must still be on that post. An entry of a 退二补一 is refused: the
    /// conversion is reversed whole ([`Tx::reverse_conversion`]).
    pub fn reverse(
        &mut self,
        original: EntryId,
        date: NaiveDate,
        doc_no: &str,
        reason: &str,
    ) -> Result<EntryId> {
        self.describe("撤销台账记录");
        if let Some(c) = super::conversions::conversion_of_entry(self.conn, original)? {
            return Err(rules::RuleViolation::Conversion(format!(
                "第 {} 号记录属于第 {c} 号“退二补一”，不能单独撤销；请整体撤销该“退二补一”（人员回到原编制，全部记录一并撤销）",
                original.0
            ))
            .into());
        }
        self.reverse_entry(original, date, doc_no, reason)
    }

    /// The entry that undoes `original`, whatever it belongs to.
    pub(crate) fn reverse_entry(
        &mut self,
        original: EntryId,
        date: NaiveDate,
        doc_no: &str,
        reason: &str,
    ) -> Result<EntryId> {
        rules::check_doc_no(doc_no)?;
        let orig = load_entry(self.conn, original)?;
        let already: bool = self.conn.query_row(
            "SELECT EXISTS(SELECT 1 FROM ledger_entries WHERE reverses = ?1)",
            [original.0],
            |r| r.get(0),
        )?;
        rules::check_reversible(&orig, already)?;
        let m = orig.movement.reversed();
        let req = EntryRequest {
            date,
            doc_no: doc_no.to_string(),
            kind: EntryKind::Reversal,
            reason: reason.to_string(),
            movement: m,
        };
        match (orig.kind, orig.person) {
            (EntryKind::TransferWithPerson, Some(person)) => {
                let back_to = m.to.org().ok_or_else(|| {
                    StoreError::Corrupt(format!("第 {} 号划转记录的调出方", orig.id.0))
                })?;
                self.move_person_back(person, &req, original, back_to)
            }
            _ => {
                check_source(self.conn, &m, false)?;
                self.insert_entry(&req, Some(original), orig.person)
            }
        }
    }
}

impl Store {
    /// Records one ledger entry as one transaction.
    pub fn record(&mut self, req: &EntryRequest) -> Result<EntryId> {
        self.write(|tx| tx.record(req))
    }

    /// 撤销, as one transaction.
    pub fn reverse(
        &mut self,
        original: EntryId,
        date: NaiveDate,
        doc_no: &str,
        reason: &str,
    ) -> Result<EntryId> {
        self.write(|tx| tx.reverse(original, date, doc_no, reason))
    }

    pub fn entry(&self, id: EntryId) -> Result<Entry> {
        load_entry(&self.conn, id)
    }

    /// Entries oldest first; with `org`, only those touching that unit.
    pub fn entries(&self, org: Option<OrgId>) -> Result<Vec<Entry>> {
        load_entries(&self.conn, org)
    }

    /// Ids of entries that have been reversed.
    pub fn reversed_ids(&self) -> Result<Vec<EntryId>> {
        let mut st = self
            .conn
            .prepare("SELECT reverses FROM ledger_entries WHERE reverses IS NOT NULL")?;
        let rows = st.query_map((), |r| Ok(EntryId(r.get(0)?)))?;
        Ok(rows.collect::<super::db::Result<_>>()?)
    }

    /// All balances as of a date (all entries when `None`), derived from the ledger.
    pub fn balances(&self, as_of: Option<NaiveDate>) -> Result<Balances> {
        Ok(Balances::derive(&load_movements(&self.conn, as_of)?))
    }

    pub fn approved(&self, org: OrgId, post_type: PostType) -> Result<i64> {
        approved(&self.conn, org, post_type)
    }

    pub fn occupied(&self, org: OrgId, post_type: PostType) -> Result<i64> {
        occupied(&self.conn, org, post_type)
    }
}

impl Store {
    /// The day each unit first held approved posts of each type: the date of the earliest
    /// entry crediting it. A roster import registers nobody before it.
    pub fn first_approved_on(&self) -> Result<HashMap<(OrgId, PostType), NaiveDate>> {
        let mut st = self.conn.prepare(
            "SELECT to_org, post_type, MIN(date) FROM ledger_entries \
             WHERE to_kind = 'org' AND kind <> 'reversal' GROUP BY to_org, post_type",
        )?;
        let mut rows = st.query(())?;
        let mut out = HashMap::new();
        while let Some(r) = rows.next()? {
            let pt: String = r.get(1)?;
            let date: String = r.get(2)?;
            out.insert(
                (OrgId(r.get(0)?), post_type_from_sql(&pt)?),
                parse_date(&date)?,
            );
        }
        Ok(out)
    }

    /// People on posts per unit and type, now.
    pub fn occupancy(&self) -> Result<HashMap<OrgId, PerType>> {
        occupancy_now(&self.conn)
    }
}
