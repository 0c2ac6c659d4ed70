//! People and person events: 入编, 出编, 调动, 划转(连人带编).

use super::balances::{approved, occupied, turnover_issue_of};
use super::db::{Backend, Connection, OptionalExtension, Row, ToSql, Value, params};
use super::divisions::DIVISION_FIELD;
use super::ledger::EntryRequest;
use super::{Result, Store, StoreError, Tx, account_label, date_sql, post_type_from_sql};
use crate::domain::rules::{self, RuleViolation};
use crate::domain::{
    Account, EntryId, EntryKind, ExitReason, Gender, IdNumber, KeptFields, Movement, OrgId,
    PartialDate, Person, PersonDetails, PersonId, PersonStatus, PostType,
};
use chrono::NaiveDate;
use std::collections::HashMap;

/// 入编: a person (new, or one who left before) takes a vacant post.
#[derive(Debug, Clone, PartialEq)]
pub struct HireRequest {
    /// The ID number as typed; normalised and validated.
    pub id_number: String,
    pub details: PersonDetails,
    pub org: OrgId,
    pub post_type: PostType,
    pub date: NaiveDate,
    pub doc_no: String,
}

const PERSON_COLUMNS: &str = "id, id_number, name, gender, ethnicity, birth, party, education, \
     position, joined_on, join_doc, status, org_id, post_type, exit_reason, kept";

/// The kept fields from their JSON column; an unreadable value reads as none kept (the
/// column is only ever written from a map).
fn kept_from_sql(text: Option<&str>) -> KeptFields {
    text.and_then(|t| serde_json::from_str(t).ok())
        .unwrap_or_default()
}

pub(crate) fn kept_to_sql(kept: &KeptFields) -> String {
    serde_json::to_string(kept).unwrap_or_else(|_| "{}".to_string())
}

/// A person on a post, inserted: the parameters are [`PersonParams`].
const INSERT_PERSON: &str = "INSERT INTO persons (id_number, name, gender, ethnicity, birth, \
     party, education, position, joined_on, join_doc, status, org_id, post_type, updated_at, \
     kept, division_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, '在编', ?11, ?12, ?13, ?14, \
     ?15)";

/// A person's fields as [`INSERT_PERSON`]'s (and the update's) parameters ?1–?15 (ID,
/// name, the details, unit, post type, time, kept fields, division), borrowed where they
/// can be (a big import binds 100,000 of them).
struct PersonParams<'a> {
    id: &'a str,
    name: &'a str,
    d: &'a PersonDetails,
    gender: Option<&'static str>,
    birth: Option<String>,
    joined_on: Option<String>,
    post: (i64, &'static str),
    now: &'a str,
    kept: String,
    /// The division the kept 所在机构 names ([`Tx::division_for_import`]).
    division: Option<i64>,
}

impl<'a> PersonParams<'a> {
    /// A name is required.
    fn new(
        id: &'a IdNumber,
        d: &'a PersonDetails,
        post: (OrgId, PostType),
        now: &'a str,
    ) -> Result<PersonParams<'a>> {
        let name = d.name.trim();
        if name.is_empty() {
            return Err(RuleViolation::EmptyPersonName.into());
        }
        Ok(PersonParams {
            id: id.as_str(),
            name,
            d,
            gender: d.gender.map(Gender::label),
            birth: d.birth.map(|b| b.to_string()),
            joined_on: d.joined_on.map(|b| b.to_string()),
            post: (post.0.0, post.1.code()),
            now,
            kept: kept_to_sql(&d.kept),
            division: None,
        })
    }

    fn with_division(mut self, division: Option<i64>) -> Self {
        self.division = division;
        self
    }

    fn params(&self) -> [&dyn ToSql; 15] {
        [
            &self.id,
            &self.name,
            &self.gender,
            &self.d.ethnicity,
            &self.birth,
            &self.d.party,
            &self.d.education,
            &self.d.position,
            &self.joined_on,
            &self.d.join_doc,
            &self.post.0,
            &self.post.1,
            &self.now,
            &self.kept,
            &self.division,
        ]
    }
}

/// A person known to be new, for [`Tx::hire_new`].
#[derive(Debug)]
pub struct NewHire<'a> {
    pub id: &'a IdNumber,
    pub details: &'a PersonDetails,
    pub org: OrgId,
    pub post_type: PostType,
    pub date: NaiveDate,
    pub doc_no: &'a str,
}

/// What [`Tx::hire_new`] takes: anything that gives a [`NewHire`] (an import's planned row,
/// owned or borrowed).
pub trait AsNewHire {
    fn new_hire(&self) -> NewHire<'_>;
}

impl<T: AsNewHire> AsNewHire for &T {
    fn new_hire(&self) -> NewHire<'_> {
        (**self).new_hire()
    }
}

pub(crate) fn person_from_row(r: &Row<'_>) -> super::db::Result<Result<Person>> {
    let id: i64 = r.get(0)?;
    let id_number: String = r.get(1)?;
    let gender: Option<String> = r.get(3)?;
    let birth: Option<String> = r.get(5)?;
    let joined_on: Option<String> = r.get(9)?;
    let status: String = r.get(11)?;
    let org: Option<i64> = r.get(12)?;
    let post_type: Option<String> = r.get(13)?;
    let exit_reason: Option<String> = r.get(14)?;
    let details = PersonDetails {
        name: r.get(2)?,
        gender: gender.as_deref().and_then(Gender::parse),
        ethnicity: r.get(4)?,
        birth: birth.as_deref().and_then(PartialDate::from_storage),
        party: r.get(6)?,
        education: r.get(7)?,
        position: r.get(8)?,
        joined_on: joined_on.as_deref().and_then(PartialDate::from_storage),
        join_doc: r.get(10)?,
        kept: kept_from_sql(r.get::<_, Option<String>>(15)?.as_deref()),
    };
    Ok((|| {
        let id_number = IdNumber::parse(&id_number)
            .map_err(|e| StoreError::Corrupt(format!("人员 {id} 的身份证号：{e}")))?;
        let status = match (status.as_str(), org, post_type) {
            ("在编", Some(o), Some(pt)) => PersonStatus::OnPost {
                org: OrgId(o),
                post_type: post_type_from_sql(&pt)?,
            },
            ("出编", _, _) => PersonStatus::Left {
                reason: exit_reason
                    .as_deref()
                    .and_then(ExitReason::parse)
                    .unwrap_or(ExitReason::Other),
            },
            _ => return Err(StoreError::Corrupt(format!("人员 {id} 的状态“{status}”"))),
        };
        Ok(Person {
            id: PersonId(id),
            id_number,
            details,
            status,
        })
    })())
}

pub(crate) fn load_person(conn: &Connection, id: PersonId) -> Result<Person> {
    conn.query_row(
        &format!("SELECT {PERSON_COLUMNS} FROM persons WHERE id = ?1"),
        [id.0],
        person_from_row,
    )
    .optional()?
    .ok_or_else(|| StoreError::NotFound(format!("人员（编号 {}）", id.0)))?
}

pub(crate) fn find_person(conn: &Connection, id: &IdNumber) -> Result<Option<Person>> {
    conn.prepare_cached(&format!(
        "SELECT {PERSON_COLUMNS} FROM persons WHERE id_number = ?1"
    ))?
    .query_row([id.as_str()], person_from_row)
    .optional()?
    .transpose()
}

fn collect_people(conn: &Connection, sql: &str, p: impl super::db::Params) -> Result<Vec<Person>> {
    let mut st = conn.prepare_cached(sql)?;
    let rows = st.query_map(p, person_from_row)?;
    let mut out = Vec::new();
    for r in rows {
        out.push(r??);
    }
    Ok(out)
}

/// The person on a post, or the refusal naming them.
fn on_post(p: &Person, action: &'static str) -> Result<(OrgId, PostType)> {
    p.status.post().ok_or_else(|| {
        RuleViolation::NotOnPost {
            name: p.details.name.clone(),
            id: p.id_number.masked(),
            action,
        }
        .into()
    })
}

/// What registering a person from a roster did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RegisterOutcome {
    Created(PersonId),
    Updated(PersonId),
    Unchanged(PersonId),
}

impl Tx<'_> {
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn insert_event(
        &mut self,
        person: PersonId,
        kind: &str,
        date: &str,
        doc_no: &str,
        reason: &str,
        post: Option<(OrgId, PostType)>,
        entry: Option<EntryId>,
    ) -> Result<()> {
        self.conn
            .prepare_cached(
                "INSERT INTO person_events (person_id, kind, date, doc_no, reason, status, org_id, \
                 post_type, ledger_entry_id, operator, entered_at, import_id, turnover_issue) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, \
                 (SELECT turnover_issue FROM persons WHERE id = ?1))",
            )?
            .execute(params![
                person.0,
                kind,
                date,
                doc_no.trim(),
                reason,
                if post.is_some() { "在编" } else { "出编" },
                post.map(|(o, _)| o.0),
                post.map(|(_, t)| t.code()),
                entry.map(|e| e.0),
                self.operator,
                self.now,
                self.import_id,
            ])?;
        Ok(())
    }

    pub(crate) fn set_post(
        &mut self,
        person: PersonId,
        org: OrgId,
        post_type: PostType,
    ) -> Result<()> {
        self.leave_division_if_moved(person, org)?;
        self.conn
            .prepare_cached(
                "UPDATE persons SET status = '在编', org_id = ?2, post_type = ?3, exit_reason = NULL, \
                 turnover_issue = NULL, updated_at = ?4 WHERE id = ?1",
            )?
            .execute(params![person.0, org.0, post_type.code(), self.now])?;
        Ok(())
    }

    /// Registers people known to be new (an import whose plan is still current), each on
    /// a post with its 入编 event, with two statements prepared once: the fast path of a
    /// big roster. The unique ID index still refuses a person already there.
    pub fn hire_new(
        &mut self,
        people: impl IntoIterator<Item = impl AsNewHire>,
        mut each: impl FnMut(usize) -> Result<()>,
    ) -> Result<usize> {
        if self.conn.backend() == Backend::Postgres {
            return self.hire_new_in_batches(people, each);
        }
        let mut person = self.conn.prepare_insert(INSERT_PERSON)?;
        let mut event = self.conn.prepare_cached(
            "INSERT INTO person_events (person_id, kind, date, doc_no, reason, status, org_id, \
             post_type, operator, entered_at, import_id) \
             VALUES (?1, 'hire', ?2, ?3, '', '在编', ?4, ?5, ?6, ?7, ?8)",
        )?;
        let mut n = 0;
        let mut divisions = HashMap::new();
        for row in people {
            each(n)?;
            let h = row.new_hire();
            let division = self.division_for_import(
                &mut divisions,
                h.org,
                h.details.kept.get(DIVISION_FIELD).map(String::as_str),
            )?;
            let pid = person.insert(
                PersonParams::new(h.id, h.details, (h.org, h.post_type), &self.now)?
                    .with_division(division)
                    .params(),
            )?;
            event.execute(params![
                pid,
                date_sql(h.date),
                h.doc_no.trim(),
                h.org.0,
                h.post_type.code(),
                self.operator,
                self.now,
                self.import_id,
            ])?;
            n += 1;
        }
        Ok(n)
    }

    /// [`Tx::hire_new`] on a server, where every statement is a round trip: the people and
    /// their 入编 events go in by the thousand, one INSERT each.
    fn hire_new_in_batches(
        &mut self,
        people: impl IntoIterator<Item = impl AsNewHire>,
        mut each: impl FnMut(usize) -> Result<()>,
    ) -> Result<usize> {
        const BATCH: usize = 1_000;
        let mut n = 0;
        let mut batch: Vec<(Vec<Value>, [Value; 4])> = Vec::with_capacity(BATCH);
        let mut divisions = HashMap::new();
        for row in people {
            each(n)?;
            let h = row.new_hire();
            let division = self.division_for_import(
                &mut divisions,
                h.org,
                h.details.kept.get(DIVISION_FIELD).map(String::as_str),
            )?;
            let person = PersonParams::new(h.id, h.details, (h.org, h.post_type), &self.now)?
                .with_division(division)
                .params()
                .map(|v| v.to_value())
                .to_vec();
            let event = [
                date_sql(h.date).to_value(),
                h.doc_no.trim().to_value(),
                h.org.0.to_value(),
                h.post_type.code().to_value(),
            ];
            batch.push((person, event));
            n += 1;
            if batch.len() == BATCH {
                self.insert_new_hires(std::mem::take(&mut batch))?;
            }
        }
        self.insert_new_hires(batch)?;
        Ok(n)
    }

    /// The people (with [`PersonParams`]) and their events, each table in one COPY; the
    /// people's ids drawn from their sequence first, so that the events can name them.
    fn insert_new_hires(&mut self, batch: Vec<(Vec<Value>, [Value; 4])>) -> Result<()> {
        if batch.is_empty() {
            return Ok(());
        }
        let ids: Vec<i64> = self
            .conn
            .prepare_cached(
                "SELECT nextval(pg_get_serial_sequence('persons', 'id')) \
                 FROM generate_series(1, ?1)",
            )?
            .query_map([batch.len() as i64], |r| r.get(0))?
            .collect::<super::db::Result<_>>()?;
        let mut persons = Vec::with_capacity(batch.len());
        let mut events = Vec::with_capacity(batch.len());
        for ((mut person, [date, doc_no, org, post_type]), id) in batch.into_iter().zip(ids) {
            person.insert(0, Value::Int(id));
            person.insert(11, "在编".to_value());
            persons.push(person);
            events.push(vec![
                Value::Int(id),
                "hire".to_value(),
                date,
                doc_no,
                "".to_value(),
                "在编".to_value(),
                org,
                post_type,
                self.operator.to_value(),
                self.now.to_value(),
                self.import_id.to_value(),
            ]);
        }
        self.conn.copy_in(
            "persons",
            &[
                "id",
                "id_number",
                "name",
                "gender",
                "ethnicity",
                "birth",
                "party",
                "education",
                "position",
                "joined_on",
                "join_doc",
                "status",
                "org_id",
                "post_type",
                "updated_at",
                "kept",
                "division_id",
            ],
            persons,
        )?;
        self.conn.copy_in(
            "person_events",
            &[
                "person_id",
                "kind",
                "date",
                "doc_no",
                "reason",
                "status",
                "org_id",
                "post_type",
                "operator",
                "entered_at",
                "import_id",
            ],
            events,
        )?;
        Ok(())
    }

    /// Writes a person's details: a new row (status 在编) or an update of an existing one.
    pub(crate) fn write_person(
        &mut self,
        existing: Option<PersonId>,
        id: &IdNumber,
        d: &PersonDetails,
        post: (OrgId, PostType),
    ) -> Result<PersonId> {
        // A roster without 所在机构 leaves the division of someone staying in their unit.
        let kept_division = match (existing, d.kept.get(DIVISION_FIELD)) {
            (Some(pid), None) => match load_person(self.conn, pid)? {
                Person {
                    status: PersonStatus::OnPost { org, .. },
                    details,
                    ..
                } if org == post.0 => details.kept.get(DIVISION_FIELD).cloned(),
                _ => None,
            },
            (_, text) => text.cloned(),
        };
        let division =
            self.division_for_import(&mut HashMap::new(), post.0, kept_division.as_deref())?;
        let mut with_division;
        let d = match (&kept_division, d.kept.contains_key(DIVISION_FIELD)) {
            (Some(name), false) => {
                with_division = d.clone();
                with_division
                    .kept
                    .insert(DIVISION_FIELD.to_string(), name.clone());
                &with_division
            }
            _ => d,
        };
        let p = PersonParams::new(id, d, post, &self.now)?.with_division(division);
        match existing {
            None => Ok(PersonId(self.conn.insert(INSERT_PERSON, p.params())?)),
            Some(pid) => {
                // The ID number is unique: the existing row is the one with this number.
                let mut st = self.conn.prepare_cached(
                    "UPDATE persons SET name = ?2, gender = ?3, ethnicity = ?4, birth = ?5, \
                     party = ?6, education = ?7, position = ?8, joined_on = ?9, join_doc = ?10, \
                     status = '在编', org_id = ?11, post_type = ?12, exit_reason = NULL, \
                     updated_at = ?13, kept = ?14, division_id = ?15 WHERE id_number = ?1",
                )?;
                st.execute(p.params())?;
                Ok(pid)
            }
        }
    }

    /// What every 入编 checks and fills in: a 文号, a valid ID number, a name, nobody
    /// already on a post (一人一编); details aligned with the ID, 入编时间 and 入编文号
    /// defaulting to the hire's. Returns the ID, the person if known, and the details.
    pub(crate) fn prepare_hire(
        &self,
        req: &HireRequest,
    ) -> Result<(IdNumber, Option<PersonId>, PersonDetails)> {
        rules::check_doc_no(&req.doc_no)?;
        let id = IdNumber::parse(&req.id_number)?;
        if req.details.name.trim().is_empty() {
            return Err(RuleViolation::EmptyPersonName.into());
        }
        let existing = find_person(self.conn, &id)?;
        if let Some(p) = &existing
            && let Some((org, post_type)) = p.status.post()
        {
            return Err(RuleViolation::AlreadyOnPost {
                name: p.details.name.clone(),
                id: id.masked(),
                org: account_label(self.conn, Account::Org(org)),
                post_type,
            }
            .into());
        }
        let mut details = req.details.clone();
        details.align_with_id(&id);
        if details.joined_on.is_none() {
            details.joined_on = Some(PartialDate::from_naive(req.date));
        }
        if details.join_doc.is_none() {
            details.join_doc = Some(req.doc_no.trim().to_string());
        }
        Ok((id, existing.map(|p| p.id), details))
    }

    /// 入编: needs a vacancy of that type in that unit; one post per person.
    pub fn hire(&mut self, req: &HireRequest) -> Result<PersonId> {
        self.describe("入编");
        let (id, existing, details) = self.prepare_hire(req)?;
        super::orgs::load_org(self.conn, req.org)?;
        let label = account_label(self.conn, Account::Org(req.org));
        rules::check_vacancy(
            &label,
            req.post_type,
            approved(self.conn, req.org, req.post_type)?,
            occupied(self.conn, req.org, req.post_type)?,
            1,
        )?;
        let pid = self.write_person(existing, &id, &details, (req.org, req.post_type))?;
        let post = Some((req.org, req.post_type));
        self.insert_event(
            pid,
            "hire",
            &date_sql(req.date),
            &req.doc_no,
            "",
            post,
            None,
        )?;
        // A hire uses up the unit's 用编 plan for the type, when it has one.
        self.use_hiring_plan(req.org, req.post_type, pid, req.date)?;
        Ok(pid)
    }

    /// Registers a person as a roster shows them (实名制登记): creates them on the post, or
    /// updates someone already in the same unit. No vacancy is needed: the roster is the
    /// reality, and occupancy beyond the quota shows as 超编. Someone on a post in another
    /// unit is refused (that is a 调动 or 划转, not a registration).
    pub fn register(
        &mut self,
        id: &IdNumber,
        details: &PersonDetails,
        post: (OrgId, PostType),
        date: NaiveDate,
        doc_no: &str,
    ) -> Result<RegisterOutcome> {
        self.describe("登记人员");
        let existing = find_person(self.conn, id)?;
        let date = date_sql(date);
        match existing {
            None => {
                let pid = self.write_person(None, id, details, post)?;
                self.insert_event(pid, "hire", &date, doc_no, "", Some(post), None)?;
                Ok(RegisterOutcome::Created(pid))
            }
            Some(p) => match p.status.post() {
                Some(current) if current.0 != post.0 => Err(RuleViolation::AlreadyOnPost {
                    name: p.details.name,
                    id: id.masked(),
                    org: account_label(self.conn, Account::Org(current.0)),
                    post_type: current.1,
                }
                .into()),
                Some(current) if current == post && p.details == *details => {
                    Ok(RegisterOutcome::Unchanged(p.id))
                }
                Some(current) => {
                    self.write_person(Some(p.id), id, details, post)?;
                    if current != post {
                        self.insert_event(p.id, "update", &date, doc_no, "", Some(post), None)?;
                    }
                    Ok(RegisterOutcome::Updated(p.id))
                }
                None => {
                    self.write_person(Some(p.id), id, details, post)?;
                    self.insert_event(p.id, "hire", &date, doc_no, "", Some(post), None)?;
                    Ok(RegisterOutcome::Updated(p.id))
                }
            },
        }
    }

    /// 出编: the person leaves their post, which becomes vacant.
    pub fn exit(
        &mut self,
        person: PersonId,
        reason: ExitReason,
        date: NaiveDate,
        doc_no: &str,
    ) -> Result<()> {
        self.describe("出编");
        rules::check_doc_no(doc_no)?;
        let p = load_person(self.conn, person)?;
        on_post(&p, "出编")?;
        let turnover = turnover_issue_of(self.conn, person)?;
        self.conn.execute(
            "UPDATE persons SET status = '出编', org_id = NULL, post_type = NULL, exit_reason = ?2, \
             turnover_issue = NULL, updated_at = ?3 WHERE id = ?1",
            params![person.0, reason.label(), self.now],
        )?;
        self.insert_event(
            person,
            "exit",
            &date_sql(date),
            doc_no,
            reason.label(),
            None,
            None,
        )?;
        self.return_on_leaving(turnover, person, date, doc_no)
    }

    /// 人走编收: a person leaving a turnover post gives it back to the pool.
    fn return_on_leaving(
        &mut self,
        turnover: Option<i64>,
        person: PersonId,
        date: NaiveDate,
        doc_no: &str,
    ) -> Result<()> {
        match turnover {
            Some(issue) => self.insert_return(
                issue,
                1,
                crate::domain::turnover::ReturnReason::PersonLeft,
                Some(person),
                date,
                doc_no,
            ),
            None => Ok(()),
        }
    }

    /// 调动: the person moves to a vacant post in another unit (or of another type); the
    /// post stays behind.
    pub fn transfer(
        &mut self,
        person: PersonId,
        to_org: OrgId,
        to_type: PostType,
        date: NaiveDate,
        doc_no: &str,
    ) -> Result<()> {
        self.describe("调动");
        rules::check_doc_no(doc_no)?;
        let p = load_person(self.conn, person)?;
        let from = on_post(&p, "调动")?;
        let turnover = turnover_issue_of(self.conn, person)?;
        super::orgs::load_org(self.conn, to_org)?;
        let label = account_label(self.conn, Account::Org(to_org));
        if from == (to_org, to_type) && turnover.is_none() {
            return Err(RuleViolation::SameOrg {
                name: p.details.name,
                org: label,
            }
            .into());
        }
        rules::check_vacancy(
            &label,
            to_type,
            approved(self.conn, to_org, to_type)?,
            occupied(self.conn, to_org, to_type)?,
            1,
        )?;
        self.set_post(person, to_org, to_type)?;
        self.insert_event(
            person,
            "transfer",
            &date_sql(date),
            doc_no,
            "",
            Some((to_org, to_type)),
            None,
        )?;
        self.return_on_leaving(turnover, person, date, doc_no)
    }

    /// 划转(连人带编): the person and their post move to another unit together, as one
    /// ledger entry.
    pub fn transfer_with_post(
        &mut self,
        person: PersonId,
        to_org: OrgId,
        date: NaiveDate,
        doc_no: &str,
        reason: &str,
    ) -> Result<EntryId> {
        self.describe("划转（连人带编）");
        rules::check_doc_no(doc_no)?;
        let p = load_person(self.conn, person)?;
        let (from_org, post_type) = on_post(&p, "划转")?;
        if turnover_issue_of(self.conn, person)?.is_some() {
            return Err(RuleViolation::Turnover(format!(
                "{}占用的是周转编制，不是单位的编制，不能连人带编划转；请办理调动（周转编制自动收回）",
                p.details.name
            ))
            .into());
        }
        super::orgs::load_org(self.conn, to_org)?;
        if from_org == to_org {
            return Err(RuleViolation::SameOrg {
                name: p.details.name,
                org: account_label(self.conn, Account::Org(to_org)),
            }
            .into());
        }
        let from_label = account_label(self.conn, Account::Org(from_org));
        rules::check_balance(
            &from_label,
            post_type,
            approved(self.conn, from_org, post_type)?,
            1,
        )?;
        let req = EntryRequest {
            date,
            doc_no: doc_no.to_string(),
            kind: EntryKind::TransferWithPerson,
            reason: reason.to_string(),
            movement: Movement {
                post_type,
                count: 1,
                from: Account::Org(from_org),
                to: Account::Org(to_org),
            },
        };
        let entry = self.insert_entry(&req, None, Some(person))?;
        self.set_post(person, to_org, post_type)?;
        self.insert_event(
            person,
            "transfer_with_post",
            &date_sql(date),
            doc_no,
            reason,
            Some((to_org, post_type)),
            Some(entry),
        )?;
        Ok(entry)
    }

    /// Undoes a 划转(连人带编): the person goes back with the post.
    pub(crate) fn move_person_back(
        &mut self,
        person: PersonId,
        req: &EntryRequest,
        original: EntryId,
        back_to: OrgId,
    ) -> Result<EntryId> {
        let m = req.movement;
        let p = load_person(self.conn, person)?;
        let here = m.from.org();
        if p.status.post() != here.map(|o| (o, m.post_type)) {
            return Err(RuleViolation::PersonMovedSince {
                name: p.details.name,
                org: account_label(self.conn, m.from),
                post_type: m.post_type,
            }
            .into());
        }
        let from_label = account_label(self.conn, m.from);
        let a = match m.from {
            Account::Org(o) => approved(self.conn, o, m.post_type)?,
            _ => 0,
        };
        rules::check_balance(&from_label, m.post_type, a, 1)?;
        let entry = self.insert_entry(req, Some(original), Some(person))?;
        self.set_post(person, back_to, m.post_type)?;
        self.insert_event(
            person,
            "transfer_with_post",
            &date_sql(req.date),
            &req.doc_no,
            &req.reason,
            Some((back_to, m.post_type)),
            Some(entry),
        )?;
        Ok(entry)
    }
}

/// One line of a person's history, for the person card.
#[derive(Debug, Clone, PartialEq)]
pub struct PersonEventRow {
    pub date: String,
    /// 入编, 出编, 调动, 划转(连人带编), 更新
    pub kind: &'static str,
    pub doc_no: String,
    pub reason: String,
    /// The unit and post type after the event (empty after 出编).
    pub org: String,
    pub post_type: &'static str,
}

impl Store {
    /// A person's events, oldest first.
    pub fn person_events(&self, id: PersonId) -> Result<Vec<PersonEventRow>> {
        let mut st = self.conn.prepare_cached(
            "SELECT e.date, e.kind, e.doc_no, e.reason, o.name, e.post_type FROM person_events e \
             LEFT JOIN orgs o ON o.id = e.org_id WHERE e.person_id = ?1 ORDER BY e.date, e.id",
        )?;
        let rows = st.query_map([id.0], |r| {
            let kind: String = r.get(1)?;
            let pt: Option<String> = r.get(5)?;
            Ok(PersonEventRow {
                date: r.get(0)?,
                kind: match kind.as_str() {
                    "hire" => "入编",
                    "exit" => "出编",
                    "transfer" => "调动",
                    "transfer_with_post" => "划转(连人带编)",
                    _ => "更新",
                },
                doc_no: r.get(2)?,
                reason: r.get(3)?,
                org: r.get::<_, Option<String>>(4)?.unwrap_or_default(),
                post_type: pt
                    .as_deref()
                    .and_then(PostType::from_code)
                    .map_or("", |t| t.label()),
            })
        })?;
        Ok(rows.collect::<super::db::Result<_>>()?)
    }

    pub fn person(&self, id: PersonId) -> Result<Person> {
        load_person(&self.conn, id)
    }

    pub fn person_by_id_number(&self, id: &IdNumber) -> Result<Option<Person>> {
        find_person(&self.conn, id)
    }

    /// The people on posts of one unit.
    pub fn people_of_org(&self, org: OrgId) -> Result<Vec<Person>> {
        collect_people(
            &self.conn,
            &format!(
                "SELECT {PERSON_COLUMNS} FROM persons WHERE status = '在编' AND org_id = ?1 ORDER BY id"
            ),
            [org.0],
        )
    }

    /// Everyone as they stood on `as_of`: their status replayed from their events dated
    /// up to that day (details as recorded now). People with no event by then are left out.
    pub fn people_as_of(&self, as_of: NaiveDate) -> Result<Vec<Person>> {
        let mut state: std::collections::HashMap<i64, PersonStatus> =
            std::collections::HashMap::new();
        {
            let mut st = self.conn.prepare(
                "SELECT person_id, status, org_id, post_type, reason FROM person_events \
                 WHERE date <= ?1 ORDER BY date, id",
            )?;
            let mut rows = st.query([date_sql(as_of)])?;
            while let Some(r) = rows.next()? {
                let status: String = r.get(1)?;
                let org: Option<i64> = r.get(2)?;
                let pt: Option<String> = r.get(3)?;
                let reason: String = r.get(4)?;
                let s = match (status.as_str(), org, pt) {
                    ("在编", Some(o), Some(t)) => PersonStatus::OnPost {
                        org: OrgId(o),
                        post_type: post_type_from_sql(&t)?,
                    },
                    _ => PersonStatus::Left {
                        reason: ExitReason::parse(&reason).unwrap_or(ExitReason::Other),
                    },
                };
                state.insert(r.get(0)?, s);
            }
        }
        Ok(self
            .people()?
            .into_iter()
            .filter_map(|mut p| {
                state.remove(&p.id.0).map(|s| {
                    p.status = s;
                    p
                })
            })
            .collect())
    }

    /// Everyone on the registry (on posts or gone).
    pub fn people(&self) -> Result<Vec<Person>> {
        collect_people(
            &self.conn,
            &format!("SELECT {PERSON_COLUMNS} FROM persons ORDER BY id"),
            (),
        )
    }

    pub fn hire(&mut self, req: &HireRequest) -> Result<PersonId> {
        self.write(|tx| tx.hire(req))
    }

    pub fn exit(
        &mut self,
        person: PersonId,
        reason: ExitReason,
        date: NaiveDate,
        doc_no: &str,
    ) -> Result<()> {
        self.write(|tx| tx.exit(person, reason, date, doc_no))
    }

    pub fn transfer(
        &mut self,
        person: PersonId,
        to_org: OrgId,
        to_type: PostType,
        date: NaiveDate,
        doc_no: &str,
    ) -> Result<()> {
        self.write(|tx| tx.transfer(person, to_org, to_type, date, doc_no))
    }

    pub fn transfer_with_post(
        &mut self,
        person: PersonId,
        to_org: OrgId,
        date: NaiveDate,
        doc_no: &str,
        reason: &str,
    ) -> Result<EntryId> {
        self.write(|tx| tx.transfer_with_post(person, to_org, date, doc_no, reason))
    }
}
