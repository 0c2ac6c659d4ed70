//! 内设机构 kept: `divisions` (what each is now), `division_events` (its history: created,
//! proposed by an import, confirmed, renamed, abolished, each with date and 文号) and a
//! person's `division_id`. The rules are [`crate::domain::division`]. A person's kept
//! 所在机构 text follows the division they are assigned to, so that the table, the card,
//! exports and corrections all read the same name.

use super::db::{Connection, OptionalExtension, params};
use super::people::load_person;
use super::{Result, Store, StoreError, Tx, account_label, date_sql, parse_date};
use crate::domain::division::{self, DivisionError, Headcount};
use crate::domain::{Account, Division, DivisionId, DivisionKind, OrgId, PersonId, PersonStatus};
use chrono::NaiveDate;
use std::collections::HashMap;

/// The kept field that names a person's division.
pub const DIVISION_FIELD: &str = "division";

/// One event of a division's history.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct DivisionEvent {
    pub division: DivisionId,
    /// `create`, `propose`, `confirm`, `rename`, `kind`, `abolish`.
    pub event: String,
    pub date: Option<String>,
    pub doc_no: String,
    /// The name after the event.
    pub name: String,
    pub kind: Option<DivisionKind>,
    pub operator: String,
    pub entered_at: String,
}

impl DivisionEvent {
    pub fn label(&self) -> &'static str {
        match self.event.as_str() {
            "create" => "设立",
            "propose" => "导入时新建（待确认）",
            "confirm" => "确认",
            "rename" => "更名",
            "kind" => "调整类别",
            "abolish" => "撤销",
            _ => "其他",
        }
    }
}

const COLUMNS: &str = "d.id, d.org_id, d.name, d.kind, d.state, d.created_on, d.created_doc, \
     d.abolished_on, d.abolished_doc, \
     (SELECT COUNT(*) FROM persons p WHERE p.division_id = d.id AND p.status = '在编' \
      AND p.org_id = d.org_id)";

fn from_row(r: &super::db::Row<'_>) -> super::db::Result<Result<Division>> {
    let kind: Option<String> = r.get(3)?;
    let state: String = r.get(4)?;
    let created: Option<String> = r.get(5)?;
    let abolished: Option<String> = r.get(7)?;
    let (id, org, name, doc, adoc, people): (i64, i64, String, String, Option<String>, i64) = (
        r.get(0)?,
        r.get(1)?,
        r.get(2)?,
        r.get(6)?,
        r.get(8)?,
        r.get(9)?,
    );
    Ok((|| {
        Ok(Division {
            id: DivisionId(id),
            org: OrgId(org),
            name,
            kind: match kind {
                Some(k) => Some(
                    DivisionKind::from_code(&k)
                        .ok_or_else(|| StoreError::Corrupt(format!("内设机构类别“{k}”")))?,
                ),
                None => None,
            },
            confirmed: state == "confirmed",
            created_on: created.as_deref().map(parse_date).transpose()?,
            created_doc: doc,
            abolished_on: abolished.as_deref().map(parse_date).transpose()?,
            abolished_doc: adoc,
            people,
        })
    })())
}

fn query(conn: &Connection, filter: &str, p: impl super::db::Params) -> Result<Vec<Division>> {
    let mut st = conn.prepare(&format!(
        "SELECT {COLUMNS} FROM divisions d {filter} \
         ORDER BY d.org_id, d.abolished_on IS NOT NULL, d.id"
    ))?;
    let rows = st.query_map(p, from_row)?;
    let mut out = Vec::new();
    for r in rows {
        out.push(r??);
    }
    Ok(out)
}

pub(crate) fn load_division(conn: &Connection, id: DivisionId) -> Result<Division> {
    query(conn, "WHERE d.id = ?1", [id.0])?
        .pop()
        .ok_or_else(|| StoreError::NotFound(format!("内设机构（编号 {}）", id.0)))
}

/// The unit's counted divisions (confirmed, not abolished) with their people, for the
/// evaluation items.
pub(crate) fn headcounts(
    conn: &Connection,
    org: OrgId,
) -> Result<Vec<(String, DivisionKind, i64)>> {
    Ok(query(conn, "WHERE d.org_id = ?1", [org.0])?
        .into_iter()
        .filter(Division::counts)
        .filter_map(|d| Some((d.name, d.kind?, d.people)))
        .collect())
}

/// [`headcounts`] as the domain's rules read them.
pub(crate) fn as_headcounts(rows: &[(String, DivisionKind, i64)]) -> Vec<Headcount<'_>> {
    rows.iter()
        .map(|(name, kind, people)| Headcount {
            name,
            kind: *kind,
            people: *people,
        })
        .collect()
}

impl Store {
    /// A unit's divisions: active ones first, in the order they were made, then abolished.
    pub fn divisions(&self, org: OrgId) -> Result<Vec<Division>> {
        query(&self.conn, "WHERE d.org_id = ?1", [org.0])
    }

    /// Every division of the county (reports; the proposed ones to confirm).
    pub fn all_divisions(&self) -> Result<Vec<Division>> {
        query(&self.conn, "", ())
    }

    pub fn division(&self, id: DivisionId) -> Result<Division> {
        load_division(&self.conn, id)
    }

    /// The division a person is assigned to (of the unit they are on a post of).
    pub fn person_division(&self, person: PersonId) -> Result<Option<Division>> {
        let id: Option<i64> = self
            .conn
            .query_row(
                "SELECT p.division_id FROM persons p JOIN divisions d ON d.id = p.division_id \
                 WHERE p.id = ?1 AND d.org_id = p.org_id",
                [person.0],
                |r| r.get(0),
            )
            .optional()?
            .flatten();
        id.map(|id| load_division(&self.conn, DivisionId(id)))
            .transpose()
    }

    /// The people on a post of the division's unit assigned to it, by name order of entry.
    pub fn division_members(&self, id: DivisionId) -> Result<Vec<PersonId>> {
        let mut st = self.conn.prepare(
            "SELECT p.id FROM persons p JOIN divisions d ON d.id = p.division_id \
             WHERE d.id = ?1 AND p.status = '在编' AND p.org_id = d.org_id ORDER BY p.id",
        )?;
        let rows = st.query_map([id.0], |r| Ok(PersonId(r.get(0)?)))?;
        Ok(rows.collect::<super::db::Result<_>>()?)
    }

    /// The history of a unit's divisions, oldest first.
    pub fn division_history(&self, org: OrgId) -> Result<Vec<DivisionEvent>> {
        let mut st = self.conn.prepare(
            "SELECT e.division_id, e.event, e.date, e.doc_no, e.name, e.kind, e.operator, \
             e.entered_at FROM division_events e JOIN divisions d ON d.id = e.division_id \
             WHERE d.org_id = ?1 ORDER BY e.id",
        )?;
        let rows = st.query_map([org.0], |r| {
            let kind: Option<String> = r.get(5)?;
            Ok(DivisionEvent {
                division: DivisionId(r.get(0)?),
                event: r.get(1)?,
                date: r.get(2)?,
                doc_no: r.get(3)?,
                name: r.get(4)?,
                kind: kind.as_deref().and_then(DivisionKind::from_code),
                operator: r.get(6)?,
                entered_at: r.get(7)?,
            })
        })?;
        Ok(rows.collect::<super::db::Result<_>>()?)
    }

    pub fn create_division(
        &mut self,
        org: OrgId,
        name: &str,
        kind: DivisionKind,
        date: NaiveDate,
        doc_no: &str,
    ) -> Result<DivisionId> {
        self.write_as("设立内设机构", |tx| {
            tx.create_division(org, name, kind, date, doc_no)
        })
    }

    pub fn rename_division(
        &mut self,
        id: DivisionId,
        name: &str,
        date: NaiveDate,
        doc_no: &str,
    ) -> Result<()> {
        self.write_as("内设机构更名", |tx| {
            tx.rename_division(id, name, date, doc_no)
        })
    }

    pub fn confirm_division(
        &mut self,
        id: DivisionId,
        kind: DivisionKind,
        doc_no: &str,
    ) -> Result<()> {
        self.write_as("确认内设机构", |tx| {
            tx.confirm_division(id, kind, doc_no)
        })
    }

    pub fn set_division_kind(
        &mut self,
        id: DivisionId,
        kind: DivisionKind,
        date: NaiveDate,
        doc_no: &str,
    ) -> Result<()> {
        self.write_as("调整内设机构类别", |tx| {
            tx.set_division_kind(id, kind, date, doc_no)
        })
    }

    pub fn abolish_division(
        &mut self,
        id: DivisionId,
        date: NaiveDate,
        doc_no: &str,
    ) -> Result<()> {
        self.write_as("撤销内设机构", |tx| {
            tx.abolish_division(id, date, doc_no)
        })
    }

    /// Puts people of the division's unit into it and takes others out of it (into no
    /// division), in one write.
    pub fn move_division_members(
        &mut self,
        division: DivisionId,
        add: &[PersonId],
        remove: &[PersonId],
    ) -> Result<()> {
        self.write_as("调整内设机构人员", |tx| {
            for &p in add {
                tx.assign_division(p, Some(division))?;
            }
            for &p in remove {
                tx.assign_division(p, None)?;
            }
            Ok(())
        })
    }
}

impl Tx<'_> {
    fn division_event(
        &mut self,
        id: DivisionId,
        event: &str,
        date: Option<NaiveDate>,
        doc_no: &str,
        name: &str,
        kind: Option<DivisionKind>,
    ) -> Result<()> {
        self.conn
            .prepare_cached(
                "INSERT INTO division_events (division_id, event, date, doc_no, name, kind, \
                 operator, entered_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            )?
            .execute(params![
                id.0,
                event,
                date.map(date_sql),
                doc_no.trim(),
                name,
                kind.map(DivisionKind::code),
                self.operator,
                self.now
            ])?;
        Ok(())
    }

    /// Refuses a name another active division of the unit has.
    fn ensure_unique(&self, org: OrgId, name: &str, except: Option<DivisionId>) -> Result<()> {
        let other: Option<i64> = self
            .conn
            .query_row(
                "SELECT id FROM divisions WHERE org_id = ?1 AND name = ?2 AND abolished_on IS NULL",
                params![org.0, name],
                |r| r.get(0),
            )
            .optional()?;
        if other.is_some_and(|o| Some(DivisionId(o)) != except) {
            return Err(DivisionError::Duplicate {
                org: account_label(self.conn, Account::Org(org)),
                name: name.to_string(),
            }
            .into());
        }
        Ok(())
    }

    /// A division set up by document (usually the unit's 三定).
    pub fn create_division(
        &mut self,
        org: OrgId,
        name: &str,
        kind: DivisionKind,
        date: NaiveDate,
        doc_no: &str,
    ) -> Result<DivisionId> {
        crate::domain::rules::check_doc_no(doc_no)?;
        let name = division::check_name(name)?;
        super::orgs::load_org(self.conn, org)?;
        self.ensure_unique(org, &name, None)?;
        self.describe(format!("设立内设机构：{name}"));
        let id = DivisionId(self.conn.insert(
            "INSERT INTO divisions (org_id, name, kind, state, created_on, created_doc, operator, \
             entered_at) VALUES (?1, ?2, ?3, 'confirmed', ?4, ?5, ?6, ?7)",
            params![
                org.0,
                name,
                kind.code(),
                date_sql(date),
                doc_no.trim(),
                self.operator,
                self.now
            ],
        )?);
        self.division_event(id, "create", Some(date), doc_no, &name, Some(kind))?;
        Ok(id)
    }

    fn active(&self, id: DivisionId) -> Result<Division> {
        let d = load_division(self.conn, id)?;
        if !d.is_active() {
            return Err(DivisionError::Abolished(d.name).into());
        }
        Ok(d)
    }

    pub fn rename_division(
        &mut self,
        id: DivisionId,
        name: &str,
        date: NaiveDate,
        doc_no: &str,
    ) -> Result<()> {
        crate::domain::rules::check_doc_no(doc_no)?;
        let d = self.active(id)?;
        let name = division::check_name(name)?;
        self.ensure_unique(d.org, &name, Some(id))?;
        self.describe(format!("内设机构更名：{} → {name}", d.name));
        self.conn.execute(
            "UPDATE divisions SET name = ?2 WHERE id = ?1",
            params![id.0, name],
        )?;
        self.division_event(id, "rename", Some(date), doc_no, &name, d.kind)?;
        // The people's kept 所在机构 follows the name.
        let members: Vec<i64> = {
            let mut st = self
                .conn
                .prepare("SELECT id FROM persons WHERE division_id = ?1")?;
            st.query_map([id.0], |r| r.get(0))?
                .collect::<super::db::Result<_>>()?
        };
        for p in members {
            self.set_kept_division(PersonId(p), Some(&name))?;
        }
        Ok(())
    }

    /// Confirms a division an import proposed, saying whether it is 业务 or 综合 (the 文号
    /// of its 三定 when known).
    pub fn confirm_division(
        &mut self,
        id: DivisionId,
        kind: DivisionKind,
        doc_no: &str,
    ) -> Result<()> {
        let d = self.active(id)?;
        if d.confirmed {
            return Err(DivisionError::AlreadyConfirmed(d.name).into());
        }
        self.describe(format!("确认内设机构：{}", d.name));
        self.conn.execute(
            "UPDATE divisions SET state = 'confirmed', kind = ?2, \
             created_doc = CASE WHEN created_doc = '' THEN ?3 ELSE created_doc END WHERE id = ?1",
            params![id.0, kind.code(), doc_no.trim()],
        )?;
        self.division_event(id, "confirm", None, doc_no, &d.name, Some(kind))
    }

    pub fn set_division_kind(
        &mut self,
        id: DivisionId,
        kind: DivisionKind,
        date: NaiveDate,
        doc_no: &str,
    ) -> Result<()> {
        crate::domain::rules::check_doc_no(doc_no)?;
        let d = self.active(id)?;
        if !d.confirmed {
            return self.confirm_division(id, kind, doc_no);
        }
        self.describe(format!("调整内设机构类别：{}", d.name));
        self.conn.execute(
            "UPDATE divisions SET kind = ?2 WHERE id = ?1",
            params![id.0, kind.code()],
        )?;
        self.division_event(id, "kind", Some(date), doc_no, &d.name, Some(kind))
    }

    /// Abolishes a division by document; refused while people of the unit are in it.
    pub fn abolish_division(
        &mut self,
        id: DivisionId,
        date: NaiveDate,
        doc_no: &str,
    ) -> Result<()> {
        crate::domain::rules::check_doc_no(doc_no)?;
        let d = self.active(id)?;
        if d.people > 0 {
            return Err(DivisionError::HasPeople {
                name: d.name,
                people: d.people,
            }
            .into());
        }
        if let Some(created) = d.created_on
            && date < created
        {
            return Err(DivisionError::AbolishedBeforeCreated {
                created,
                abolished: date,
            }
            .into());
        }
        self.describe(format!("撤销内设机构：{}", d.name));
        self.conn.execute(
            "UPDATE divisions SET abolished_on = ?2, abolished_doc = ?3 WHERE id = ?1",
            params![id.0, date_sql(date), doc_no.trim()],
        )?;
        // Whoever left the unit or the registry with it still named keeps no tie to it.
        self.conn.execute(
            "UPDATE persons SET division_id = NULL WHERE division_id = ?1",
            [id.0],
        )?;
        self.division_event(id, "abolish", Some(date), doc_no, &d.name, d.kind)
    }

    /// Puts a person on a post into a division of their unit, or into none.
    pub fn assign_division(
        &mut self,
        person: PersonId,
        division: Option<DivisionId>,
    ) -> Result<()> {
        let p = load_person(self.conn, person)?;
        let name = match division {
            Some(id) => {
                let d = self.active(id)?;
                let on_unit = matches!(p.status, PersonStatus::OnPost { org, .. } if org == d.org);
                if !on_unit {
                    return Err(DivisionError::OtherUnit {
                        person: p.details.name,
                        org: account_label(self.conn, Account::Org(d.org)),
                        division: d.name,
                    }
                    .into());
                }
                Some(d.name)
            }
            None => None,
        };
        self.describe(format!("调整所在内设机构：{}", p.details.name));
        self.conn.execute(
            "UPDATE persons SET division_id = ?2, updated_at = ?3 WHERE id = ?1",
            params![person.0, division.map(|d| d.0), self.now],
        )?;
        self.set_kept_division(person, name.as_deref())
    }

    /// Writes the kept 所在机构 text (removed when `None`).
    pub(crate) fn set_kept_division(&mut self, person: PersonId, name: Option<&str>) -> Result<()> {
        let mut kept = load_person(self.conn, person)?.details.kept;
        let before = kept.get(DIVISION_FIELD).cloned();
        match name {
            Some(n) => kept.insert(DIVISION_FIELD.to_string(), n.to_string()),
            None => kept.remove(DIVISION_FIELD),
        };
        if kept.get(DIVISION_FIELD) != before.as_ref() {
            self.conn.execute(
                "UPDATE persons SET kept = ?2 WHERE id = ?1",
                params![person.0, super::people::kept_to_sql(&kept)],
            )?;
        }
        Ok(())
    }

    /// A person moved to another unit leaves their division (and its name) behind.
    pub(crate) fn leave_division_if_moved(&mut self, person: PersonId, to: OrgId) -> Result<()> {
        let stale: Option<i64> = self
            .conn
            .query_row(
                "SELECT p.division_id FROM persons p JOIN divisions d ON d.id = p.division_id \
                 WHERE p.id = ?1 AND d.org_id <> ?2",
                params![person.0, to.0],
                |r| r.get(0),
            )
            .optional()?;
        if stale.is_some() {
            self.conn.execute(
                "UPDATE persons SET division_id = NULL WHERE id = ?1",
                [person.0],
            )?;
            self.set_kept_division(person, None)?;
        }
        Ok(())
    }

    /// The division of `org` an import's 所在机构 text names: the active one of that name,
    /// or a new one proposed for a clerk to confirm. `None` for empty text.
    pub(crate) fn division_for_import(
        &mut self,
        cache: &mut HashMap<(i64, String), i64>,
        org: OrgId,
        text: Option<&str>,
    ) -> Result<Option<i64>> {
        let Some(name) = text.and_then(|t| division::check_name(t).ok()) else {
            return Ok(None);
        };
        if let Some(id) = cache.get(&(org.0, name.clone())) {
            return Ok(Some(*id));
        }
        let found: Option<i64> = self
            .conn
            .prepare_cached(
                "SELECT id FROM divisions WHERE org_id = ?1 AND name = ?2 AND abolished_on IS NULL",
            )?
            .query_row(params![org.0, name], |r| r.get(0))
            .optional()?;
        let id = match found {
            Some(id) => id,
            None => {
                let id = self.conn.insert(
                    "INSERT INTO divisions (org_id, name, state, operator, entered_at) \
                     VALUES (?1, ?2, 'proposed', ?3, ?4)",
                    params![org.0, name, self.operator, self.now],
                )?;
                self.division_event(DivisionId(id), "propose", None, "", &name, None)?;
                id
            }
        };
        cache.insert((org.0, name), id);
        Ok(Some(id))
    }
}
