//! 退二补一 conversions in the store: the 全额 posts each unit's people vacated (the
//! departures a conversion can rest on), recording a conversion with its two departures and
//! its second post recovered or written off, and reversing a conversion whole. The rule is
//! [`crate::domain::conversion::check`].

use super::balances::{approved, occupied, turnover_issue_of};
use super::db::{Connection, OptionalExtension, params};
use super::ledger::EntryRequest;
use super::people::load_person;
use super::{Result, Store, StoreError, Tx, account_label, date_sql, parse_date};
use crate::domain::conversion::{self, ConversionFacts, Departure, SecondPost};
use crate::domain::{
    Account, EntryId, EntryKind, Funding, Movement, OrgId, PersonId, PostType, RuleViolation,
};
use chrono::NaiveDate;
use std::collections::HashMap;

const FULL: PostType = PostType::Institution(Funding::Full);

/// What 退二补一 needs to know of a unit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConversionStatus {
    /// Institution funding forms with approved posts in the unit.
    pub funding_channels: usize,
    /// Every 全额 post people vacated in the unit, oldest first, with the conversion that
    /// rests on each.
    pub departures: Vec<Departure>,
    /// Conversions in force.
    pub conversions_done: i64,
    /// Conversions in force recorded before departures were named (未指明空出人员).
    pub unnamed: i64,
    pub full_vacancy: i64,
}

impl ConversionStatus {
    /// 全额 posts people have left in the unit (exits and transfers out).
    pub fn vacated_full(&self) -> i64 {
        self.departures.len() as i64
    }

    /// Departures no conversion rests on, dated on or before `date` (all when `None`).
    pub fn free(&self, date: Option<NaiveDate>) -> i64 {
        self.departures
            .iter()
            .filter(|d| d.used_by.is_none() && date.is_none_or(|x| d.date <= x))
            .count() as i64
    }

    /// How many more conversions the unit's departures allow.
    pub fn available(&self) -> i64 {
        conversion::available(self.free(None), self.unnamed)
    }
}

/// A conversion as recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conversion {
    pub id: i64,
    pub org: OrgId,
    pub person: PersonId,
    pub name: String,
    pub from: PostType,
    pub date: NaiveDate,
    pub doc_no: String,
    /// The two departures it rests on; empty for a conversion recorded before they were
    /// named (未指明空出人员).
    pub departures: Vec<Departure>,
    pub write_off_entry: EntryId,
    /// The second vacated post's entry (recovered or written off); none on older ones.
    pub second_entry: Option<EntryId>,
    pub reversed: bool,
}

impl Conversion {
    /// The departures in words.
    pub fn departures_label(&self) -> String {
        if self.departures.is_empty() {
            "未指明空出人员".to_string()
        } else {
            self.departures
                .iter()
                .map(Departure::label)
                .collect::<Vec<_>>()
                .join("；")
        }
    }
}

/// A conversion asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConversionRequest {
    pub person: PersonId,
    pub date: NaiveDate,
    pub doc_no: String,
    /// The person events of the two departures it rests on.
    pub departures: Vec<i64>,
    pub second: SecondPost,
}

/// Whether a conversion has been reversed (its write-off entry is).
const IN_FORCE: &str =
    "NOT EXISTS (SELECT 1 FROM ledger_entries r WHERE r.reverses = c.write_off_entry)";

/// The departures each conversion in force rests on: person event → conversion.
fn used_departures(conn: &Connection) -> Result<HashMap<i64, i64>> {
    let mut st = conn.prepare_cached(&format!(
        "SELECT id, departure_a, departure_b FROM conversions c WHERE {IN_FORCE}"
    ))?;
    let mut rows = st.query(())?;
    let mut out = HashMap::new();
    while let Some(r) = rows.next()? {
        let id: i64 = r.get(0)?;
        for k in [1, 2] {
            if let Some(e) = r.get::<_, Option<i64>>(k)? {
                out.insert(e, id);
            }
        }
    }
    Ok(out)
}

/// The 全额 posts people vacated in a unit: every event that took someone off the unit's
/// own 全额 post (not a turnover post) and out of the unit, without the post going with
/// them (an exit, or a transfer to another unit).
pub(crate) fn departures(conn: &Connection, org: OrgId) -> Result<Vec<Departure>> {
    let used = used_departures(conn)?;
    let mut st = conn.prepare_cached(
        "SELECT e.id, e.person_id, p.name, e.kind, e.date, e.reason, e.org_id, e.post_type, \
                e.turnover_issue \
         FROM person_events e JOIN persons p ON p.id = e.person_id \
         WHERE e.person_id IN (SELECT person_id FROM person_events \
                               WHERE org_id = ?1 AND post_type = ?2 AND turnover_issue IS NULL) \
         ORDER BY e.person_id, e.id",
    )?;
    let mut rows = st.query(params![org.0, FULL.code()])?;
    let mut out = Vec::new();
    // The person whose events are being read, and whether they are on the unit's 全额 post.
    let mut on_full: Option<(i64, bool)> = None;
    while let Some(r) = rows.next()? {
        let person: i64 = r.get(1)?;
        let kind: String = r.get(3)?;
        let at: Option<i64> = r.get(6)?;
        let pt: Option<String> = r.get(7)?;
        let turnover: Option<i64> = r.get(8)?;
        let now_full =
            at == Some(org.0) && pt.as_deref() == Some(FULL.code()) && turnover.is_none();
        let was_full = matches!(on_full, Some((p, true)) if p == person);
        if was_full && at != Some(org.0) && kind != "transfer_with_post" {
            let event: i64 = r.get(0)?;
            let reason: String = r.get(5)?;
            out.push(Departure {
                event,
                name: r.get(2)?,
                date: parse_date(&r.get::<_, String>(4)?)?,
                how: match kind.as_str() {
                    "exit" if !reason.is_empty() => reason,
                    "exit" => "出编".to_string(),
                    _ => "调出".to_string(),
                },
                used_by: used.get(&event).copied(),
            });
        }
        on_full = Some((person, now_full));
    }
    out.sort_by_key(|d| (d.date, d.event));
    Ok(out)
}

pub(crate) fn conversion_status(conn: &Connection, org: OrgId) -> Result<ConversionStatus> {
    let funding_channels = Funding::ALL
        .into_iter()
        .map(|f| approved(conn, org, PostType::Institution(f)))
        .collect::<Result<Vec<i64>>>()?
        .into_iter()
        .filter(|n| *n > 0)
        .count();
    let (conversions_done, unnamed): (i64, i64) = conn.query_row(
        &format!(
            "SELECT COUNT(*), COUNT(*) - COUNT(departure_a) FROM conversions c \
             WHERE org_id = ?1 AND {IN_FORCE}"
        ),
        [org.0],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    let full_vacancy = approved(conn, org, FULL)? - occupied(conn, org, FULL)?;
    Ok(ConversionStatus {
        funding_channels,
        departures: departures(conn, org)?,
        conversions_done,
        unnamed,
        full_vacancy,
    })
}

fn load_conversions(
    conn: &Connection,
    id: Option<i64>,
    org: Option<OrgId>,
) -> Result<Vec<Conversion>> {
    let mut st = conn.prepare_cached(&format!(
        "SELECT c.id, c.org_id, c.person_id, p.name, c.from_type, c.date, c.doc_no, \
                c.departure_a, c.departure_b, c.write_off_entry, c.second_entry, NOT ({IN_FORCE}) \
         FROM conversions c JOIN persons p ON p.id = c.person_id \
         WHERE (CAST(?1 AS BIGINT) IS NULL OR c.id = ?1) AND (CAST(?2 AS BIGINT) IS NULL OR c.org_id = ?2) ORDER BY c.date, c.id"
    ))?;
    let mut rows = st.query(params![id, org.map(|o| o.0)])?;
    let mut out = Vec::new();
    let mut by_org: HashMap<i64, Vec<Departure>> = HashMap::new();
    while let Some(r) = rows.next()? {
        let org = OrgId(r.get(1)?);
        let named: Vec<i64> = [r.get::<_, Option<i64>>(7)?, r.get(8)?]
            .into_iter()
            .flatten()
            .collect();
        let all = match by_org.get(&org.0) {
            Some(d) => d,
            None => by_org.entry(org.0).or_insert(departures(conn, org)?),
        };
        out.push(Conversion {
            id: r.get(0)?,
            org,
            person: PersonId(r.get(2)?),
            name: r.get(3)?,
            from: super::post_type_from_sql(&r.get::<_, String>(4)?)?,
            date: parse_date(&r.get::<_, String>(5)?)?,
            doc_no: r.get(6)?,
            departures: all
                .iter()
                .filter(|d| named.contains(&d.event))
                .cloned()
                .collect(),
            write_off_entry: EntryId(r.get(9)?),
            second_entry: r.get::<_, Option<i64>>(10)?.map(EntryId),
            reversed: r.get(11)?,
        });
    }
    Ok(out)
}

/// The conversion an entry belongs to, if any.
pub(crate) fn conversion_of_entry(conn: &Connection, entry: EntryId) -> Result<Option<i64>> {
    Ok(conn
        .query_row(
            "SELECT id FROM conversions WHERE write_off_entry = ?1 OR second_entry = ?1",
            [entry.0],
            |r| r.get(0),
        )
        .optional()?)
}

impl Store {
    pub fn conversion_status(&self, org: OrgId) -> Result<ConversionStatus> {
        conversion_status(&self.conn, org)
    }

    /// A unit's conversions (every unit's when `None`), oldest first.
    pub fn conversions(&self, org: Option<OrgId>) -> Result<Vec<Conversion>> {
        load_conversions(&self.conn, None, org)
    }
}

impl Tx<'_> {
    /// 退二补一: moves the person from their 差额 or 自收自支 post onto a vacant 全额 post of
    /// the same unit and writes the old post off; the second vacated 全额 post is recovered
    /// into the reserve or written off, under the same 文号. All in this transaction.
    pub fn convert(&mut self, req: &ConversionRequest) -> Result<i64> {
        self.describe("退二补一");
        crate::domain::rules::check_doc_no(&req.doc_no)?;
        let (person, date, doc_no) = (req.person, req.date, req.doc_no.trim());
        let p = load_person(self.conn, person)?;
        let Some((org, from)) = p.status.post() else {
            return Err(RuleViolation::NotOnPost {
                name: p.details.name.clone(),
                id: p.id_number.masked(),
                action: "退二补一",
            }
            .into());
        };
        if turnover_issue_of(self.conn, person)?.is_some() {
            return Err(RuleViolation::Conversion(format!(
                "{}占用的是周转编制，不适用“退二补一”",
                p.details.name
            ))
            .into());
        }
        let unit = account_label(self.conn, Account::Org(org));
        let status = conversion_status(self.conn, org)?;
        let mut named = Vec::new();
        for &event in &req.departures {
            let d = status
                .departures
                .iter()
                .find(|d| d.event == event)
                .ok_or_else(|| {
                    RuleViolation::Conversion(format!(
                        "所选的空出人员（第 {event} 号人员变动）不是{unit}全额拨款编制的减员"
                    ))
                })?;
            named.push(d.clone());
        }
        conversion::check(&ConversionFacts {
            org: &unit,
            funding_channels: status.funding_channels,
            from,
            date,
            named: &named,
            free: status.free(Some(date)),
            unnamed: status.unnamed,
            full_vacancy: status.full_vacancy,
        })?;
        self.set_post(person, org, FULL)?;
        self.insert_event(
            person,
            "transfer",
            &date_sql(date),
            doc_no,
            "退二补一",
            Some((org, FULL)),
            None,
        )?;
        let name = &p.details.name;
        let write_off = self.record(&EntryRequest {
            date,
            doc_no: doc_no.to_string(),
            kind: EntryKind::WriteOff,
            reason: format!("退二补一：{name}转为全额拨款，核销原{from}"),
            movement: Movement {
                post_type: from,
                count: 1,
                from: Account::Org(org),
                to: Account::WrittenOff,
            },
        })?;
        let (kind, to) = match req.second {
            SecondPost::Recover => (EntryKind::Recover, Account::Reserve),
            SecondPost::WriteOff => (EntryKind::WriteOff, Account::WrittenOff),
        };
        let second = self.record(&EntryRequest {
            date,
            doc_no: doc_no.to_string(),
            kind,
            reason: format!(
                "退二补一：{name}转入后，空出的另 1 名全额拨款编制{}（{}、{}空出）",
                req.second.label(),
                named[0].name,
                named[1].name
            ),
            movement: Movement {
                post_type: FULL,
                count: 1,
                from: Account::Org(org),
                to,
            },
        })?;
        let new_id = self.conn.insert(
            "INSERT INTO conversions (org_id, person_id, from_type, date, doc_no, \
             write_off_entry, operator, entered_at, departure_a, departure_b, second_entry) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
            params![
                org.0,
                person.0,
                from.code(),
                date_sql(date),
                doc_no,
                write_off.0,
                self.operator,
                self.now,
                named[0].event,
                named[1].event,
                second.0
            ],
        )?;
        Ok(new_id)
    }

    /// Reverses a conversion whole: every entry it made is reversed and the person moves
    /// back to the post they came from. Refused when the person has moved since.
    pub fn reverse_conversion(
        &mut self,
        id: i64,
        date: NaiveDate,
        doc_no: &str,
        reason: &str,
    ) -> Result<()> {
        self.describe("撤销退二补一");
        crate::domain::rules::check_doc_no(doc_no)?;
        let c = load_conversions(self.conn, Some(id), None)?
            .pop()
            .ok_or_else(|| StoreError::NotFound(format!("第 {id} 号“退二补一”")))?;
        if c.reversed {
            return Err(RuleViolation::Conversion(format!("第 {id} 号“退二补一”已经撤销")).into());
        }
        let p = load_person(self.conn, c.person)?;
        let on_turnover = turnover_issue_of(self.conn, c.person)?.is_some();
        if p.status.post() != Some((c.org, FULL)) || on_turnover {
            return Err(RuleViolation::Conversion(format!(
                "{}已不在{}的事业编制(全额拨款)上，第 {id} 号“退二补一”不能整体撤销；请先办理其后的变动",
                c.name,
                account_label(self.conn, Account::Org(c.org))
            ))
            .into());
        }
        let why = if reason.trim().is_empty() {
            format!("撤销第 {id} 号退二补一")
        } else {
            format!("撤销第 {id} 号退二补一：{}", reason.trim())
        };
        for entry in c.second_entry.into_iter().chain([c.write_off_entry]) {
            self.reverse_entry(entry, date, doc_no, &why)?;
        }
        self.set_post(c.person, c.org, c.from)?;
        self.insert_event(
            c.person,
            "transfer",
            &date_sql(date),
            doc_no,
            &why,
            Some((c.org, c.from)),
            None,
        )
    }
}
