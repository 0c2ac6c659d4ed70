//! 领导职数 kept: `leader_entries` (the approved numbers per level, changed only by dated
//! entries with a 文号, never edited) and `appointments` (任职 with its 文号, 免职 with its
//! own). An appointment is in force from its date until removed, and while its person is
//! on a post of its unit. The rules: [`crate::domain::leadership`].

use super::db::{Connection, OptionalExtension, params};
use super::people::load_person;
use super::{Result, Store, StoreError, Tx, account_label, date_sql};
use crate::domain::leadership::{self, Level, PerLevel};
use crate::domain::{Account, OrgId, PersonId, PersonStatus, RuleViolation, rules};
use chrono::NaiveDate;
use std::collections::HashMap;

/// The leadership positions of a unit: approved, appointed, over.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Leadership {
    pub approved: PerLevel,
    pub appointed: PerLevel,
    /// Appointments in force that are 高配.
    pub high_config: i64,
    /// Held beyond approved per level; `None` (无数据) until the unit has an appointment
    /// recorded.
    pub over: Option<PerLevel>,
}

/// One entry of a unit's 领导职数 ledger.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct LeaderEntry {
    pub id: i64,
    pub level: Level,
    pub delta: i64,
    pub date: String,
    pub doc_no: String,
    pub reason: String,
    pub operator: String,
}

/// An appointment (任职), and its removal (免职) when there was one.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Appointment {
    pub id: i64,
    pub person: PersonId,
    pub name: String,
    pub org: OrgId,
    pub level: Level,
    pub position: String,
    /// 领导职务层次 as written (正科级, 副科级 …).
    pub rank: String,
    pub high_config: bool,
    pub appointed_on: String,
    pub appoint_doc: String,
    pub removed_on: Option<String>,
    pub remove_doc: Option<String>,
    /// In force now: not removed, and its person still on a post of the unit.
    pub in_force: bool,
}

fn level_of(code: &str) -> Result<Level> {
    Level::from_code(code).ok_or_else(|| StoreError::Corrupt(format!("领导职数层级“{code}”")))
}

/// A unit's approved positions per level on `as_of` (all entries when `None`).
pub(crate) fn approved(
    conn: &Connection,
    org: OrgId,
    as_of: Option<NaiveDate>,
) -> Result<PerLevel> {
    let mut st = conn.prepare_cached(
        "SELECT level, SUM(delta) FROM leader_entries WHERE org_id = ?1 \
         AND (CAST(?2 AS TEXT) IS NULL OR date <= ?2) GROUP BY level",
    )?;
    let mut rows = st.query(params![org.0, as_of.map(date_sql)])?;
    let mut out = PerLevel::default();
    while let Some(r) = rows.next()? {
        let code: String = r.get(0)?;
        out.add(level_of(&code)?, r.get(1)?);
    }
    Ok(out)
}

pub(crate) fn leadership_of(conn: &Connection, org: OrgId) -> Result<Leadership> {
    Ok(leadership_where(conn, Some(org))?
        .remove(&org)
        .unwrap_or_else(Leadership::none))
}

/// Every unit's leadership positions (units with no entry and no appointment are left out).
pub(crate) fn leadership_all(conn: &Connection) -> Result<HashMap<OrgId, Leadership>> {
    leadership_where(conn, None)
}

/// The leadership positions of one unit or of all, in three queries: approved per level,
/// appointments in force per level (while their person is on a post of the unit) with the
/// 高配 among them, and which units have any appointment recorded at all.
fn leadership_where(conn: &Connection, org: Option<OrgId>) -> Result<HashMap<OrgId, Leadership>> {
    let org = org.map(|o| o.0);
    let mut approved: HashMap<OrgId, PerLevel> = HashMap::new();
    let mut st = conn.prepare_cached(
        "SELECT org_id, level, SUM(delta) FROM leader_entries \
         WHERE CAST(?1 AS BIGINT) IS NULL OR org_id = ?1 GROUP BY org_id, level",
    )?;
    let mut rows = st.query([org])?;
    while let Some(r) = rows.next()? {
        let code: String = r.get(1)?;
        approved
            .entry(OrgId(r.get(0)?))
            .or_default()
            .add(level_of(&code)?, r.get(2)?);
    }
    let mut appointed: HashMap<OrgId, (PerLevel, i64)> = HashMap::new();
    let mut st = conn.prepare_cached(
        "SELECT a.org_id, a.level, COUNT(*), SUM(a.high_config) FROM appointments a \
         JOIN persons p ON p.id = a.person_id AND p.status = '在编' AND p.org_id = a.org_id \
         WHERE a.removed_on IS NULL AND (CAST(?1 AS BIGINT) IS NULL OR a.org_id = ?1) \
         GROUP BY a.org_id, a.level",
    )?;
    let mut rows = st.query([org])?;
    while let Some(r) = rows.next()? {
        let code: String = r.get(1)?;
        let e = appointed.entry(OrgId(r.get(0)?)).or_default();
        e.0.add(level_of(&code)?, r.get(2)?);
        e.1 += r.get::<_, i64>(3)?;
    }
    let recorded: Vec<i64> = {
        let mut st = conn.prepare_cached(
            "SELECT DISTINCT org_id FROM appointments \
             WHERE CAST(?1 AS BIGINT) IS NULL OR org_id = ?1",
        )?;
        st.query_map([org], |r| r.get(0))?
            .collect::<super::db::Result<_>>()?
    };
    let mut orgs: Vec<OrgId> = approved.keys().chain(appointed.keys()).copied().collect();
    orgs.extend(recorded.iter().map(|o| OrgId(*o)));
    orgs.sort();
    orgs.dedup();
    Ok(orgs
        .into_iter()
        .map(|o| {
            let a = approved.get(&o).copied().unwrap_or_default();
            let (held, high) = appointed.get(&o).copied().unwrap_or_default();
            let l = Leadership {
                over: leadership::excess(&a, &held, recorded.contains(&o.0)),
                approved: a,
                appointed: held,
                high_config: high,
            };
            (o, l)
        })
        .collect())
}

impl Leadership {
    /// A unit with nothing approved and nothing recorded.
    pub fn none() -> Leadership {
        Leadership {
            approved: PerLevel::default(),
            appointed: PerLevel::default(),
            high_config: 0,
            over: None,
        }
    }
}

const APPOINTMENT_COLUMNS: &str = "a.id, a.person_id, p.name, a.org_id, a.level, a.position, \
     a.rank, a.high_config, a.appointed_on, a.appoint_doc, a.removed_on, a.remove_doc, \
     (a.removed_on IS NULL AND p.status = '在编' AND p.org_id = a.org_id)";

fn appointments_where(conn: &Connection, filter: &str, id: i64) -> Result<Vec<Appointment>> {
    let mut st = conn.prepare(&format!(
        "SELECT {APPOINTMENT_COLUMNS} FROM appointments a JOIN persons p ON p.id = a.person_id \
         WHERE {filter} = ?1 ORDER BY a.removed_on IS NOT NULL, a.level, a.appointed_on, a.id"
    ))?;
    // A row whose level cannot be read is an error of the store, not of the connection.
    let rows = st.query_map([id], |r| {
        Ok((|| -> Result<Appointment> {
            Ok(Appointment {
                id: r.get(0)?,
                person: PersonId(r.get(1)?),
                name: r.get(2)?,
                org: OrgId(r.get(3)?),
                level: level_of(&r.get::<_, String>(4)?)?,
                position: r.get(5)?,
                rank: r.get(6)?,
                high_config: r.get::<_, i64>(7)? == 1,
                appointed_on: r.get(8)?,
                appoint_doc: r.get(9)?,
                removed_on: r.get(10)?,
                remove_doc: r.get(11)?,
                in_force: r.get(12)?,
            })
        })())
    })?;
    let mut out = Vec::new();
    for row in rows {
        out.push(row??);
    }
    Ok(out)
}

/// What an appointment says: who, which level and position, when and by which 文号.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AppointmentRequest {
    pub person: PersonId,
    pub level: Level,
    pub position: String,
    pub rank: String,
    pub high_config: bool,
    pub date: NaiveDate,
    pub doc_no: String,
}

impl Store {
    /// Every unit's leadership positions now (units with none are left out).
    pub fn leadership_all(&self) -> Result<HashMap<OrgId, Leadership>> {
        leadership_all(&self.conn)
    }

    /// A unit's leadership positions now.
    pub fn leadership(&self, org: OrgId) -> Result<Leadership> {
        leadership_of(&self.conn, org)
    }

    /// A unit's 领导职数 ledger, oldest first.
    pub fn leader_entries(&self, org: OrgId) -> Result<Vec<LeaderEntry>> {
        let mut st = self.conn.prepare(
            "SELECT id, level, delta, date, doc_no, reason, operator FROM leader_entries \
             WHERE org_id = ?1 ORDER BY date, id",
        )?;
        let rows = st.query_map([org.0], |r| {
            Ok((|| -> Result<LeaderEntry> {
                Ok(LeaderEntry {
                    id: r.get(0)?,
                    level: level_of(&r.get::<_, String>(1)?)?,
                    delta: r.get(2)?,
                    date: r.get(3)?,
                    doc_no: r.get(4)?,
                    reason: r.get(5)?,
                    operator: r.get(6)?,
                })
            })())
        })?;
        let mut out = Vec::new();
        for row in rows {
            out.push(row??);
        }
        Ok(out)
    }

    /// A unit's appointments: in force first, then those ended.
    pub fn appointments(&self, org: OrgId) -> Result<Vec<Appointment>> {
        appointments_where(&self.conn, "a.org_id", org.0)
    }

    /// A person's appointments, wherever they were.
    pub fn person_appointments(&self, person: PersonId) -> Result<Vec<Appointment>> {
        appointments_where(&self.conn, "a.person_id", person.0)
    }

    /// Changes a unit's approved positions of one level by `delta` (核定 +, 核减 −).
    pub fn record_leader_entry(
        &mut self,
        org: OrgId,
        level: Level,
        delta: i64,
        date: NaiveDate,
        doc_no: &str,
        reason: &str,
    ) -> Result<()> {
        self.write_as("领导职数核定", |tx| {
            tx.record_leader_entry(org, level, delta, date, doc_no, reason)
        })
    }

    pub fn appoint(&mut self, req: &AppointmentRequest) -> Result<i64> {
        self.write_as("任职", |tx| tx.appoint(req))
    }

    /// Several appointments in one write (an import's reviewed proposals).
    pub fn appoint_all(&mut self, reqs: &[AppointmentRequest]) -> Result<usize> {
        self.write_as("导入领导任职", |tx| {
            for r in reqs {
                tx.appoint(r)?;
            }
            Ok(reqs.len())
        })
    }

    pub fn remove_appointment(&mut self, id: i64, date: NaiveDate, doc_no: &str) -> Result<()> {
        self.write_as("免职", |tx| tx.remove_appointment(id, date, doc_no))
    }
}

impl Tx<'_> {
    /// Changes a unit's approved positions of one level; never below zero on any date.
    pub fn record_leader_entry(
        &mut self,
        org: OrgId,
        level: Level,
        delta: i64,
        date: NaiveDate,
        doc_no: &str,
        reason: &str,
    ) -> Result<()> {
        rules::check_doc_no(doc_no)?;
        if delta == 0 {
            return Err(RuleViolation::NonPositiveCount(0).into());
        }
        let name = account_label(self.conn, Account::Org(org));
        super::orgs::load_org(self.conn, org)?;
        // Refused when the level would go negative then or at any later dated change.
        let mut st = self.conn.prepare_cached(
            "SELECT date, delta FROM leader_entries WHERE org_id = ?1 AND level = ?2 \
             ORDER BY date, id",
        )?;
        let mut rows = st.query(params![org.0, level.code()])?;
        let mut changes: Vec<(String, i64)> = Vec::new();
        while let Some(r) = rows.next()? {
            changes.push((r.get(0)?, r.get(1)?));
        }
        let day = date_sql(date);
        let at = changes.partition_point(|(d, _)| *d <= day);
        changes.insert(at, (day, delta));
        let mut running = 0;
        for (d, n) in &changes {
            running += n;
            if running < 0 {
                return Err(StoreError::Denied(format!(
                    "{name}的{}领导职数不足：{d} 起会成为 {running} 名",
                    level.label()
                )));
            }
        }
        self.describe(format!(
            "{name}{}领导职数{}{}",
            level.label(),
            if delta > 0 { "核定 +" } else { "核减 " },
            delta
        ));
        self.conn.execute(
            "INSERT INTO leader_entries (org_id, level, delta, date, doc_no, reason, operator, \
             entered_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![
                org.0,
                level.code(),
                delta,
                date_sql(date),
                doc_no.trim(),
                reason.trim(),
                self.operator,
                self.now
            ],
        )?;
        Ok(())
    }

    /// Sets a unit's approved chief and deputy positions to a unit record's numbers, by
    /// entries for the differences dated `date` with `doc_no`.
    pub(crate) fn set_leaders_to(
        &mut self,
        org: OrgId,
        chief: i64,
        deputy: i64,
        date: NaiveDate,
        doc_no: &str,
    ) -> Result<()> {
        let now = approved(self.conn, org, None)?;
        for (level, want) in [(Level::Chief, chief), (Level::Deputy, deputy)] {
            let delta = want - now.get(level);
            if delta != 0 {
                self.record_leader_entry(org, level, delta, date, doc_no, "单位信息登记")?;
            }
        }
        Ok(())
    }

    /// 任职: a person on a post of a unit appointed to one of its leadership positions.
    /// Recorded even beyond the approved number (that is 超职数, flagged, not refused).
    pub fn appoint(&mut self, req: &AppointmentRequest) -> Result<i64> {
        rules::check_doc_no(&req.doc_no)?;
        let position = req.position.trim();
        if position.is_empty() {
            return Err(StoreError::Denied(
                "请填写所任职务（如 副局长）".to_string(),
            ));
        }
        let p = load_person(self.conn, req.person)?;
        let PersonStatus::OnPost { org, .. } = p.status else {
            return Err(StoreError::Denied(format!(
                "{}已出编，不能任职",
                p.details.name
            )));
        };
        let same: Option<i64> = self
            .conn
            .query_row(
                "SELECT id FROM appointments WHERE person_id = ?1 AND org_id = ?2 \
                 AND level = ?3 AND position = ?4 AND removed_on IS NULL",
                params![req.person.0, org.0, req.level.code(), position],
                |r| r.get(0),
            )
            .optional()?;
        if same.is_some() {
            return Err(StoreError::Denied(format!(
                "{}已任{}，未免职前不能重复任职",
                p.details.name, position
            )));
        }
        self.describe(format!("任职：{} {position}", p.details.name));
        Ok(self.conn.insert(
            "INSERT INTO appointments (person_id, org_id, level, position, rank, high_config, \
             appointed_on, appoint_doc, operator, entered_at) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            params![
                req.person.0,
                org.0,
                req.level.code(),
                position,
                req.rank.trim(),
                i64::from(req.high_config),
                date_sql(req.date),
                req.doc_no.trim(),
                self.operator,
                self.now
            ],
        )?)
    }

    /// 免职: ends an appointment on `date` by `doc_no`.
    pub fn remove_appointment(&mut self, id: i64, date: NaiveDate, doc_no: &str) -> Result<()> {
        rules::check_doc_no(doc_no)?;
        let row: Option<(String, Option<String>)> = self
            .conn
            .query_row(
                "SELECT appointed_on, removed_on FROM appointments WHERE id = ?1",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        let Some((from, removed)) = row else {
            return Err(StoreError::NotFound(format!("任职记录（编号 {id}）")));
        };
        if let Some(r) = removed {
            return Err(StoreError::Denied(format!("该任职已于 {r} 免职")));
        }
        if date_sql(date) < from {
            return Err(StoreError::Denied(format!("免职日期早于任职日期 {from}")));
        }
        self.describe("免职");
        self.conn.execute(
            "UPDATE appointments SET removed_on = ?2, remove_doc = ?3 WHERE id = ?1",
            params![id, date_sql(date), doc_no.trim()],
        )?;
        Ok(())
    }
}

/// An appointment a roster's 人员分类 proposes, for the clerk to review.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Proposal {
    pub unit: String,
    pub name: String,
    /// Date and 文号 are the clerk's, given when the proposals are confirmed.
    pub request: AppointmentRequest,
    /// What the proposal rests on (人员分类, 职务), as read.
    pub basis: String,
}

impl Store {
    /// Appointments the kept 人员分类 (部门正职领导, 内设机构副职领导 …) proposes for people
    /// on posts of `org` (or of every unit) who have no appointment in force; 职务 and
    /// 领导职务级别 as kept. Nothing is written.
    pub fn appointment_proposals(&self, org: Option<OrgId>) -> Result<Vec<Proposal>> {
        let mut st = self.conn.prepare(
            "SELECT p.id, p.name, p.position, p.kept, o.name FROM persons p \
             JOIN orgs o ON o.id = p.org_id \
             WHERE p.status = '在编' AND (CAST(?1 AS BIGINT) IS NULL OR p.org_id = ?1) \
             AND NOT EXISTS (SELECT 1 FROM appointments a WHERE a.person_id = p.id \
                 AND a.org_id = p.org_id AND a.removed_on IS NULL) \
             ORDER BY p.org_id, p.id",
        )?;
        let rows = st.query_map([org.map(|o| o.0)], |r| {
            Ok((
                PersonId(r.get(0)?),
                r.get::<_, String>(1)?,
                r.get::<_, Option<String>>(2)?,
                r.get::<_, Option<String>>(3)?,
                r.get::<_, String>(4)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (person, name, position, kept, unit) = row?;
            let kept: crate::domain::KeptFields = kept
                .as_deref()
                .and_then(|k| serde_json::from_str(k).ok())
                .unwrap_or_default();
            let class = kept.get("person_class").map(String::as_str).unwrap_or("");
            let Some(level) = Level::from_person_class(class) else {
                continue;
            };
            let position = position
                .filter(|p| !p.trim().is_empty())
                .unwrap_or_else(|| format!("{}领导", level.label()));
            let basis = format!("人员分类：{class}；职务：{position}");
            out.push(Proposal {
                unit,
                name,
                request: AppointmentRequest {
                    person,
                    level,
                    position,
                    rank: kept.get("leader_level").cloned().unwrap_or_default(),
                    high_config: false,
                    date: crate::clock::today(),
                    doc_no: String::new(),
                },
                basis,
            });
        }
        Ok(out)
    }
}
