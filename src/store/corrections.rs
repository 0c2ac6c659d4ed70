//! 信息更正 kept: a person's fields corrected with a reason, each change a row of
//! `person_corrections` (the rules are [`crate::domain::correction`]). Never the ledger,
//! never the person's dated events.

use super::db::params;
use super::divisions::DIVISION_FIELD;
use super::people::{find_person, load_person};
use super::{Result, Store, StoreError, Tx};
use crate::domain::PersonId;
use crate::domain::correction::{self, CorrectionError, Field};

/// One field's correction, as kept.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct CorrectionRow {
    /// The field's code (`name`, `birth`, `id_number`, …).
    pub field: String,
    pub before: Option<String>,
    pub after: Option<String>,
    pub reason: String,
    pub operator: String,
    pub entered_at: String,
}

impl Tx<'_> {
    /// Corrects `person`'s fields (field, new value; empty clears an optional field) with a
    /// reason. The ID number, when corrected, must be valid, agree with the birth date and
    /// gender, and be no one else's. Returns what changed.
    pub fn correct_person(
        &mut self,
        person: PersonId,
        changes: &[(Field, String)],
        reason: &str,
    ) -> Result<Vec<correction::Change>> {
        let p = load_person(self.conn, person)?;
        let c = correction::correct(&p.id_number, &p.details, changes, reason)?;
        if c.id != p.id_number
            && let Some(other) = find_person(self.conn, &c.id)?
        {
            return Err(StoreError::Denied(format!(
                "身份证号 {} 已是{}的，不能改成它",
                c.id.as_str(),
                other.details.name
            )));
        }
        self.describe(format!("信息更正：{}", p.details.name));
        let d = &c.details;
        self.conn.execute(
            "UPDATE persons SET id_number = ?2, name = ?3, gender = ?4, ethnicity = ?5, \
             birth = ?6, party = ?7, education = ?8, position = ?9, joined_on = ?10, \
             join_doc = ?11, kept = ?12, updated_at = ?13 WHERE id = ?1",
            params![
                person.0,
                c.id.as_str(),
                d.name.trim(),
                d.gender.map(crate::domain::Gender::label),
                d.ethnicity,
                d.birth.map(|b| b.to_string()),
                d.party,
                d.education,
                d.position,
                d.joined_on.map(|b| b.to_string()),
                d.join_doc,
                super::people::kept_to_sql(&d.kept),
                self.now
            ],
        )?;
        // A corrected 所在机构 names the person's division (proposed when new).
        if c.changes
            .iter()
            .any(|ch| ch.field == Field::Kept(DIVISION_FIELD))
            && let crate::domain::PersonStatus::OnPost { org, .. } = p.status
        {
            let text = d.kept.get(DIVISION_FIELD).map(String::as_str);
            let division = self.division_for_import(&mut Default::default(), org, text)?;
            self.conn.execute(
                "UPDATE persons SET division_id = ?2 WHERE id = ?1",
                params![person.0, division],
            )?;
        }
        for ch in &c.changes {
            self.conn.execute(
                "INSERT INTO person_corrections (person_id, field, before, after, reason, \
                 operator, entered_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![
                    person.0,
                    ch.field.code(),
                    ch.before,
                    ch.after,
                    reason.trim(),
                    self.operator,
                    self.now
                ],
            )?;
        }
        Ok(c.changes)
    }
}

impl Store {
    /// A person's corrections, oldest first.
    pub fn corrections(&self, person: PersonId) -> Result<Vec<CorrectionRow>> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT field, before, after, reason, operator, entered_at \
                 FROM person_corrections WHERE person_id = ?1 ORDER BY id",
            )?
            .query_map([person.0], |r| {
                Ok(CorrectionRow {
                    field: r.get(0)?,
                    before: r.get(1)?,
                    after: r.get(2)?,
                    reason: r.get(3)?,
                    operator: r.get(4)?,
                    entered_at: r.get(5)?,
                })
            })?
            .collect::<super::db::Result<_>>()?)
    }

    /// [`Tx::correct_person`] in its own write.
    pub fn correct_person(
        &mut self,
        person: PersonId,
        changes: &[(Field, String)],
        reason: &str,
    ) -> Result<Vec<correction::Change>> {
        self.write_as("信息更正", |tx| {
            tx.correct_person(person, changes, reason)
        })
    }
}

impl From<CorrectionError> for StoreError {
    fn from(e: CorrectionError) -> StoreError {
        StoreError::Correction(e)
    }
}
