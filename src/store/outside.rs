//! 编外人员 kept: `outside_staff` (the register: who, in which unit, how engaged, from and
//! until when) and `outside_control_entries` (each unit's control number, changed only by
//! dated entries with a 文号). Nothing here touches posts, people on posts or 实有.
//! The rules: [`crate::domain::outside`].

use super::db::{Connection, OptionalExtension, params};
use super::{Result, Store, StoreError, Tx, account_label, date_sql};
use crate::domain::outside::{self, OutsideKind};
use crate::domain::{Account, IdNumber, OrgId, rules};
use chrono::NaiveDate;
use std::collections::HashMap;

/// One person of the register.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct OutsidePerson {
    pub id: i64,
    pub org: OrgId,
    pub name: String,
    pub id_number: Option<String>,
    pub kind: OutsideKind,
    pub started_on: String,
    pub ended_on: Option<String>,
    pub note: String,
}

/// A person to register.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutsideRequest {
    pub org: OrgId,
    pub name: String,
    /// Optional; when given it must be a valid ID number and nobody's on a post.
    pub id_number: Option<String>,
    pub kind: OutsideKind,
    pub started_on: NaiveDate,
    pub note: String,
}

/// A unit's control number and the people in service against it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct OutsideFigures {
    pub control: i64,
    pub count: i64,
}

impl OutsideFigures {
    pub fn over(&self) -> i64 {
        outside::over_control(self.control, self.count)
    }
}

/// Every unit's control number and people in service (units with neither left out).
pub(crate) fn outside_all(conn: &Connection) -> Result<HashMap<OrgId, OutsideFigures>> {
    let mut out: HashMap<OrgId, OutsideFigures> = HashMap::new();
    let mut st = conn
        .prepare_cached("SELECT org_id, SUM(delta) FROM outside_control_entries GROUP BY org_id")?;
    let mut rows = st.query(())?;
    while let Some(r) = rows.next()? {
        out.entry(OrgId(r.get(0)?)).or_default().control = r.get(1)?;
    }
    let mut st = conn.prepare_cached(
        "SELECT org_id, COUNT(*) FROM outside_staff WHERE ended_on IS NULL GROUP BY org_id",
    )?;
    let mut rows = st.query(())?;
    while let Some(r) = rows.next()? {
        out.entry(OrgId(r.get(0)?)).or_default().count = r.get(1)?;
    }
    Ok(out)
}

fn kind_of(code: &str) -> Result<OutsideKind> {
    OutsideKind::from_code(code).ok_or_else(|| StoreError::Corrupt(format!("用工形式“{code}”")))
}

impl Store {
    /// Every unit's control number and people in service.
    pub fn outside_figures(&self) -> Result<HashMap<OrgId, OutsideFigures>> {
        outside_all(&self.conn)
    }

    /// The register of a unit (or of every unit): in service first, then those who left.
    pub fn outside_staff(&self, org: Option<OrgId>) -> Result<Vec<OutsidePerson>> {
        let mut st = self.conn.prepare(
            "SELECT id, org_id, name, id_number, kind, started_on, ended_on, note \
             FROM outside_staff WHERE CAST(?1 AS BIGINT) IS NULL OR org_id = ?1 \
             ORDER BY org_id, ended_on IS NOT NULL, id",
        )?;
        let rows = st.query_map([org.map(|o| o.0)], |r| {
            Ok((|| -> Result<OutsidePerson> {
                Ok(OutsidePerson {
                    id: r.get(0)?,
                    org: OrgId(r.get(1)?),
                    name: r.get(2)?,
                    id_number: r.get(3)?,
                    kind: kind_of(&r.get::<_, String>(4)?)?,
                    started_on: r.get(5)?,
                    ended_on: r.get(6)?,
                    note: r.get(7)?,
                })
            })())
        })?;
        let mut out = Vec::new();
        for row in rows {
            out.push(row??);
        }
        Ok(out)
    }

    pub fn register_outside(&mut self, req: &OutsideRequest) -> Result<i64> {
        self.write_as("登记编外人员", |tx| tx.register_outside(req))
    }

    /// Registers many (an import reviewed), all or none.
    pub fn register_outside_all(&mut self, reqs: &[OutsideRequest]) -> Result<usize> {
        self.write_as("导入编外人员", |tx| {
            for r in reqs {
                tx.register_outside(r)?;
            }
            Ok(reqs.len())
        })
    }

    pub fn end_outside(&mut self, id: i64, date: NaiveDate) -> Result<()> {
        self.write_as("编外人员离开", |tx| tx.end_outside(id, date))
    }

    pub fn record_outside_control(
        &mut self,
        org: OrgId,
        delta: i64,
        date: NaiveDate,
        doc_no: &str,
        reason: &str,
    ) -> Result<()> {
        self.write_as("编外人员控制数", |tx| {
            tx.record_outside_control(org, delta, date, doc_no, reason)
        })
    }
}

impl Tx<'_> {
    pub fn register_outside(&mut self, req: &OutsideRequest) -> Result<i64> {
        let name: String = req.name.chars().filter(|c| !c.is_whitespace()).collect();
        if name.is_empty() {
            return Err(StoreError::Denied("请填写编外人员姓名".to_string()));
        }
        super::orgs::load_org(self.conn, req.org)?;
        let id = match req
            .id_number
            .as_deref()
            .map(str::trim)
            .filter(|t| !t.is_empty())
        {
            Some(text) => {
                let id = IdNumber::parse(text)?;
                if let Some(p) = super::people::find_person(self.conn, &id)?
                    && let Some((org, _)) = p.status.post()
                {
                    return Err(StoreError::Denied(format!(
                        "{}（{}）在{}的编制上，不能同时登记为编外人员",
                        p.details.name,
                        id.masked(),
                        account_label(self.conn, Account::Org(org))
                    )));
                }
                let active: Option<String> = self
                    .conn
                    .query_row(
                        "SELECT o.name FROM outside_staff s JOIN orgs o ON o.id = s.org_id \
                         WHERE s.id_number = ?1 AND s.ended_on IS NULL",
                        [id.as_str()],
                        |r| r.get(0),
                    )
                    .optional()?;
                if let Some(unit) = active {
                    return Err(StoreError::Denied(format!(
                        "{name}（{}）已登记为{unit}的编外人员",
                        id.masked()
                    )));
                }
                Some(id.as_str().to_string())
            }
            None => None,
        };
        self.describe(format!("登记编外人员：{name}"));
        Ok(self.conn.insert(
            "INSERT INTO outside_staff (org_id, name, id_number, kind, started_on, note, \
             import_id, operator, entered_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            params![
                req.org.0,
                name,
                id,
                req.kind.code(),
                date_sql(req.started_on),
                req.note.trim(),
                self.import_id,
                self.operator,
                self.now
            ],
        )?)
    }

    /// A person of the register leaves the unit on `date`.
    pub fn end_outside(&mut self, id: i64, date: NaiveDate) -> Result<()> {
        let row: Option<(String, String, Option<String>)> = self
            .conn
            .query_row(
                "SELECT name, started_on, ended_on FROM outside_staff WHERE id = ?1",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?;
        let Some((name, started, ended)) = row else {
            return Err(StoreError::NotFound(format!("编外人员（编号 {id}）")));
        };
        if let Some(e) = ended {
            return Err(StoreError::Denied(format!("{name}已于 {e} 离开")));
        }
        if date_sql(date) < started {
            return Err(StoreError::Denied(format!(
                "{name}的离开日期早于起始日期 {started}"
            )));
        }
        self.describe(format!("编外人员离开：{name}"));
        self.conn.execute(
            "UPDATE outside_staff SET ended_on = ?2 WHERE id = ?1",
            params![id, date_sql(date)],
        )?;
        Ok(())
    }

    /// Changes a unit's control number by `delta`; never below zero.
    pub fn record_outside_control(
        &mut self,
        org: OrgId,
        delta: i64,
        date: NaiveDate,
        doc_no: &str,
        reason: &str,
    ) -> Result<()> {
        rules::check_doc_no(doc_no)?;
        if delta == 0 {
            return Err(crate::domain::RuleViolation::NonPositiveCount(0).into());
        }
        let name = account_label(self.conn, Account::Org(org));
        let now: i64 = self.conn.query_row(
            "SELECT COALESCE(SUM(delta), 0) FROM outside_control_entries WHERE org_id = ?1",
            [org.0],
            |r| r.get(0),
        )?;
        if now + delta < 0 {
            return Err(StoreError::Denied(format!(
                "{name}的编外人员控制数为 {now} 名，不能核减 {} 名",
                -delta
            )));
        }
        self.describe(format!("{name}编外人员控制数 {delta:+}"));
        self.conn.execute(
            "INSERT INTO outside_control_entries (org_id, delta, date, doc_no, reason, operator, \
             entered_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![
                org.0,
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
}
