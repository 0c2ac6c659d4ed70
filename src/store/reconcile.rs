//! 核查 and the retirement horizon, kept: `reconcile_rounds` (a list from another department
//! held against the registry on a date), `reconcile_rows` (its rows as read, never merged
//! into the registry), `reconcile_findings` (what disagreed, and how each was settled:
//! 核实无误, 已说明, 需整改 → a rectification item), `notices` (numbered 整改通知书), and
//! each person's confirmed retirement rule (`persons.retirement_rule`).
//! The rules: [`crate::domain::reconcile`], [`crate::domain::retirement`].

use super::db::{Connection, OptionalExtension, params};
use super::{Result, Store, StoreError, Tx, date_sql, parse_date};
use crate::domain::reconcile::{
    self, Finding, FindingCode, KnownOutside, KnownPerson, KnownStatus, ListRow, Outcome, Registry,
    Source,
};
use crate::domain::retirement::{self, Month, RetirementFacts, RetirementRule};
use crate::domain::{
    Gender, IdNumber, OrgId, PartialDate, PersonId, PersonStatus, PostType, RuleViolation,
};
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::HashMap;

/// How a finding was settled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum FindingState {
    /// 待处理
    Open,
    /// 核实无误
    Verified,
    /// 已说明
    Explained,
    /// 需整改 (a rectification item)
    Rectify,
}

impl FindingState {
    pub const ALL: [FindingState; 4] = [
        FindingState::Open,
        FindingState::Verified,
        FindingState::Explained,
        FindingState::Rectify,
    ];
    pub fn code(self) -> &'static str {
        match self {
            FindingState::Open => "open",
            FindingState::Verified => "verified",
            FindingState::Explained => "explained",
            FindingState::Rectify => "rectify",
        }
    }
    pub fn from_code(code: &str) -> Option<FindingState> {
        FindingState::ALL.into_iter().find(|s| s.code() == code)
    }
    pub fn label(self) -> &'static str {
        match self {
            FindingState::Open => "待处理",
            FindingState::Verified => "核实无误",
            FindingState::Explained => "已说明",
            FindingState::Rectify => "需整改",
        }
    }
}

/// A round as kept.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Round {
    pub id: i64,
    pub held_on: NaiveDate,
    pub source: Source,
    pub file_name: String,
    pub list_rows: i64,
    pub matched: i64,
    pub operator: String,
}

/// A finding as kept, with how it was settled.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct KeptFinding {
    pub id: i64,
    pub round_id: i64,
    pub source: Source,
    pub held_on: NaiveDate,
    pub finding: Finding,
    pub state: FindingState,
    pub state_note: String,
    pub rectification_id: Option<i64>,
    /// The rectification item's own state (open, in_progress, done) when there is one.
    pub rectification_state: Option<String>,
    pub notice: Option<String>,
}

impl KeptFinding {
    /// Cleared: verified, explained, or its rectification done.
    pub fn cleared(&self) -> bool {
        match self.state {
            FindingState::Verified | FindingState::Explained => true,
            FindingState::Rectify => self.rectification_state.as_deref() == Some("done"),
            FindingState::Open => false,
        }
    }
}

/// A person on a post as the retirement horizon sees them.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RetirementLine {
    pub person_id: PersonId,
    pub id_number: String,
    pub name: String,
    pub org_id: OrgId,
    pub unit: String,
    pub post_type: PostType,
    pub rule: RetirementRule,
    /// Set by a clerk (not derived).
    pub rule_confirmed: bool,
    pub retires_in: Month,
    /// A woman who may retire at 60 (县处级, 高级职称): for the clerk to confirm.
    pub may_retire_at_60: bool,
}

/// The registry as matching sees it: people, 编外 staff, units with their names.
type Matching = (Vec<KnownPerson>, Vec<KnownOutside>, Vec<(i64, Vec<String>)>);

/// A unit's findings of the latest payroll and personnel rounds not cleared; `None` before
/// any such round (the evaluation item has no data then).
pub(crate) fn payroll_findings_open(conn: &Connection, org: OrgId) -> Result<Option<i64>> {
    let rounds: i64 = conn.query_row(
        "SELECT COUNT(*) FROM reconcile_rounds WHERE source IN ('payroll', 'hr')",
        (),
        |r| r.get(0),
    )?;
    if rounds == 0 {
        return Ok(None);
    }
    let open: i64 = conn.query_row(
        "SELECT COUNT(*) FROM reconcile_findings f JOIN reconcile_rounds r ON r.id = f.round_id \
         LEFT JOIN rectifications k ON k.id = f.rectification_id \
         WHERE f.org_id = ?1 AND r.source IN ('payroll', 'hr') \
           AND r.id = (SELECT MAX(id) FROM reconcile_rounds WHERE source = r.source) \
           AND NOT (f.state IN ('verified', 'explained') \
                    OR (f.state = 'rectify' AND k.state IS NOT DISTINCT FROM 'done'))",
        [org.0],
        |r| r.get(0),
    )?;
    Ok(Some(open))
}

/// Every unit's name and short name, by id.
fn unit_names(store: &Store) -> Result<HashMap<OrgId, Vec<String>>> {
    Ok(store
        .orgs()?
        .into_iter()
        .map(|o| {
            let mut names = vec![o.name];
            names.extend(o.short_name);
            (o.id, names)
        })
        .collect())
}

impl Store {
    /// Everyone on a post with a known birth and gender: their rule and retirement month,
    /// soonest first.
    pub fn retirement_horizon(&self) -> Result<Vec<RetirementLine>> {
        self.retirement_horizon_until(None)
    }

    /// [`Store::retirement_horizon`] of those retiring by the end of `last_year` (all with
    /// `None`): only people 50 or older then are read (no rule retires anyone younger).
    pub fn retirement_horizon_until(&self, last_year: Option<i32>) -> Result<Vec<RetirementLine>> {
        let names = unit_names(self)?;
        // Only the columns the rule reads, and only people old enough: this runs when the
        // overview loads.
        // Men retire at 60 or later, women at 50 or later (a rule set by a clerk: 50 too).
        let born_by = |age: i32| last_year.map(|y| format!("{:04}-12-31", y - age));
        let mut st = self.conn.prepare(
            "SELECT id, id_number, name, gender, birth, org_id, post_type, kept, retirement_rule \
             FROM persons WHERE status = '在编' \
               AND (CAST(?1 AS TEXT) IS NULL OR birth IS NULL OR birth <= ?2 \
                    OR (birth <= ?1 AND (gender IS NULL OR gender <> '男' \
                                         OR retirement_rule IS NOT NULL)))",
        )?;
        let mut rows = st.query([born_by(50), born_by(60)])?;
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            let id_number: String = r.get(1)?;
            let birth = r
                .get::<_, Option<String>>(4)?
                .as_deref()
                .and_then(PartialDate::from_storage)
                .or_else(|| IdNumber::parse(&id_number).ok().map(|i| i.birth_date()));
            let gender = r
                .get::<_, Option<String>>(3)?
                .as_deref()
                .and_then(Gender::parse)
                .or_else(|| IdNumber::parse(&id_number).ok().map(|i| i.gender()));
            let (Some(birth), Some(org), Some(pt)) = (
                birth,
                r.get::<_, Option<i64>>(5)?,
                r.get::<_, Option<String>>(6)?,
            ) else {
                continue;
            };
            let post_type = super::post_type_from_sql(&pt)?;
            let kept_text: Option<String> = r.get(7)?;
            // Only a woman's rule reads 岗位类别, 领导职务级别 and 职称.
            let kept: crate::domain::KeptFields = match kept_text.as_deref() {
                _ if gender == Some(Gender::Male) => Default::default(),
                None | Some("{}") | Some("") => Default::default(),
                Some(t) => serde_json::from_str(t).unwrap_or_default(),
            };
            let set_rule = match r.get::<_, Option<String>>(8)? {
                None => None,
                Some(code) => Some(
                    RetirementRule::from_code(&code)
                        .ok_or_else(|| StoreError::Corrupt(format!("退休年龄规则“{code}”")))?,
                ),
            };
            let kept_of = |k: &str| kept.get(k).map_or("", String::as_str);
            let facts = RetirementFacts {
                gender,
                post_type: Some(post_type),
                post_category: kept_of("post_category"),
                leader_level: kept_of("leader_level"),
                title: kept_of("title"),
                set_rule,
            };
            let Some(rule) = retirement::rule_for(&facts) else {
                continue;
            };
            let org = OrgId(org);
            out.push(RetirementLine {
                person_id: PersonId(r.get(0)?),
                name: r.get(2)?,
                org_id: org,
                unit: names
                    .get(&org)
                    .and_then(|n| n.first().cloned())
                    .unwrap_or_default(),
                post_type,
                rule,
                rule_confirmed: set_rule.is_some(),
                retires_in: retirement::retires_in(&birth, rule),
                may_retire_at_60: retirement::may_retire_at_60(&facts),
                id_number,
            });
        }
        if let Some(y) = last_year {
            out.retain(|l| l.retires_in.year <= y);
        }
        out.sort_by(|a, b| {
            (a.retires_in, &a.unit, &a.name, a.person_id).cmp(&(
                b.retires_in,
                &b.unit,
                &b.name,
                b.person_id,
            ))
        });
        Ok(out)
    }

    /// Sets (or clears, with `None`) a person's retirement rule.
    pub fn set_retirement_rule(
        &mut self,
        person: PersonId,
        rule: Option<RetirementRule>,
    ) -> Result<()> {
        self.write_as("确认退休年龄规则", |tx| {
            let n = tx.conn.execute(
                "UPDATE persons SET retirement_rule = ?2, updated_at = ?3 WHERE id = ?1",
                params![person.0, rule.map(|r| r.code()), tx.now],
            )?;
            if n == 0 {
                return Err(StoreError::NotFound(format!("人员（编号 {}）", person.0)));
            }
            Ok(())
        })
    }

    /// 出编（退休） for each of `people`, in one transaction, on `date` with `doc_no`.
    pub fn record_retirements(
        &mut self,
        people: &[PersonId],
        date: NaiveDate,
        doc_no: &str,
    ) -> Result<usize> {
        self.write_as("退休出编", |tx| {
            for p in people {
                tx.exit(*p, crate::domain::ExitReason::Retirement, date, doc_no)?;
            }
            Ok(people.len())
        })
    }

    /// The registry as a round matches against it.
    fn registry_for_matching(&self) -> Result<Matching> {
        let names = unit_names(self)?;
        let horizon: HashMap<PersonId, Month> = self
            .retirement_horizon_until(Some(crate::clock::this_year()))?
            .into_iter()
            .map(|l| (l.person_id, l.retires_in))
            .collect();
        let mut exits: HashMap<i64, NaiveDate> = HashMap::new();
        {
            let mut st = self.conn.prepare(
                "SELECT person_id, MAX(date) FROM person_events WHERE kind = 'exit' GROUP BY person_id",
            )?;
            let mut rows = st.query(())?;
            while let Some(r) = rows.next()? {
                let d: String = r.get(1)?;
                exits.insert(r.get(0)?, parse_date(&d)?);
            }
        }
        let mut appointed: HashMap<i64, Vec<String>> = HashMap::new();
        {
            let mut st = self.conn.prepare(
                "SELECT a.person_id, a.position FROM appointments a \
                 JOIN persons p ON p.id = a.person_id AND p.status = '在编' AND p.org_id = a.org_id \
                 WHERE a.removed_on IS NULL ORDER BY a.id",
            )?;
            let mut rows = st.query(())?;
            while let Some(r) = rows.next()? {
                appointed.entry(r.get(0)?).or_default().push(r.get(1)?);
            }
        }
        let people = self
            .people()?
            .into_iter()
            .map(|p| {
                let (org, status) = match p.status {
                    PersonStatus::OnPost { org, post_type } => {
                        (Some(org), KnownStatus::OnPost(post_type))
                    }
                    PersonStatus::Left { reason } => (
                        None,
                        KnownStatus::Left {
                            reason,
                            on: exits.get(&p.id.0).copied(),
                        },
                    ),
                };
                KnownPerson {
                    person_id: p.id.0,
                    name: p.details.name.clone(),
                    birth: p.details.birth,
                    org_id: org.map(|o| o.0),
                    unit_names: org.and_then(|o| names.get(&o).cloned()).unwrap_or_default(),
                    status,
                    appointed_as: appointed.remove(&p.id.0).unwrap_or_default(),
                    retires_in: horizon.get(&p.id).copied(),
                    id_number: p.id_number,
                }
            })
            .collect();
        let outside = self
            .outside_staff(None)?
            .into_iter()
            .filter(|o| o.ended_on.is_none())
            .map(|o| KnownOutside {
                id_number: o.id_number,
                name: o.name,
                unit_names: names.get(&o.org).cloned().unwrap_or_default(),
            })
            .collect();
        let units = names.into_iter().map(|(id, n)| (id.0, n)).collect();
        Ok((people, outside, units))
    }

    /// Matches a list against the registry as it stands (nothing written).
    pub fn reconcile_preview(&self, source: Source, rows: &[ListRow]) -> Result<Outcome> {
        let (people, outside, units) = self.registry_for_matching()?;
        let today = crate::clock::today();
        Ok(reconcile::reconcile(
            source,
            rows,
            &Registry {
                people: &people,
                outside: &outside,
                units: &units,
                today,
            },
        ))
    }

    /// Records a round: the list's rows as read and the findings of `outcome` (from
    /// [`Store::reconcile_preview`] of the same rows).
    pub fn record_round(
        &mut self,
        source: Source,
        file_name: &str,
        rows: &[ListRow],
        outcome: &Outcome,
    ) -> Result<i64> {
        let today = crate::clock::today();
        self.write_as("登记核查批次", |tx| {
            let round = tx.conn.insert(
                "INSERT INTO reconcile_rounds (held_on, source, file_name, list_rows, matched, \
                 operator, entered_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![
                    date_sql(today),
                    source.code(),
                    file_name,
                    outcome.list_rows as i64,
                    outcome.matched as i64,
                    tx.operator,
                    tx.now
                ],
            )?;
            for (i, r) in rows.iter().enumerate() {
                let fields =
                    serde_json::to_string(r).map_err(|e| StoreError::Corrupt(e.to_string()))?;
                tx.conn.execute(
                    "INSERT INTO reconcile_rows (round_id, row_no, name, id_number, unit, fields, \
                     person_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                    params![
                        round,
                        i64::from(r.row),
                        r.name.trim(),
                        r.id_text.trim(),
                        r.unit.trim(),
                        fields,
                        outcome.row_person.get(i).copied().flatten()
                    ],
                )?;
            }
            for f in &outcome.findings {
                tx.conn.execute(
                    "INSERT INTO reconcile_findings (round_id, code, person_id, org_id, id_number, \
                     name, unit, detail, row_no) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                    params![
                        round,
                        f.code.code(),
                        f.person_id,
                        f.org_id,
                        f.id_number,
                        f.name,
                        f.unit,
                        f.detail,
                        f.row.map(i64::from)
                    ],
                )?;
            }
            Ok(round)
        })
    }

    /// Every round, newest first.
    pub fn rounds(&self) -> Result<Vec<Round>> {
        let mut st = self.conn.prepare(
            "SELECT id, held_on, source, file_name, list_rows, matched, operator \
             FROM reconcile_rounds ORDER BY id DESC",
        )?;
        let mut rows = st.query(())?;
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            let code: String = r.get(2)?;
            out.push(Round {
                id: r.get(0)?,
                held_on: parse_date(&r.get::<_, String>(1)?)?,
                source: source_of(&code)?,
                file_name: r.get(3)?,
                list_rows: r.get(4)?,
                matched: r.get(5)?,
                operator: r.get(6)?,
            });
        }
        Ok(out)
    }

    /// The findings of one round, or (with `None`) of each source's latest round; of one
    /// unit only with `org`.
    pub fn findings(&self, round: Option<i64>, org: Option<OrgId>) -> Result<Vec<KeptFinding>> {
        let mut st = self.conn.prepare(
            "SELECT f.id, f.round_id, r.source, r.held_on, f.code, f.person_id, f.org_id, \
             f.id_number, f.name, f.unit, f.detail, f.row_no, f.state, f.state_note, \
             f.rectification_id, k.state, n.number \
             FROM reconcile_findings f JOIN reconcile_rounds r ON r.id = f.round_id \
             LEFT JOIN rectifications k ON k.id = f.rectification_id \
             LEFT JOIN notices n ON n.id = f.notice_id \
             WHERE (CAST(?1 AS BIGINT) IS NULL AND r.id = (SELECT MAX(id) FROM reconcile_rounds \
                    WHERE source = r.source) OR f.round_id = ?1) \
               AND (CAST(?2 AS BIGINT) IS NULL OR f.org_id = ?2) \
             ORDER BY f.unit, f.code, f.name, f.id",
        )?;
        let mut rows = st.query(params![round, org.map(|o| o.0)])?;
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            let code: String = r.get(4)?;
            let state: String = r.get(12)?;
            out.push(KeptFinding {
                id: r.get(0)?,
                round_id: r.get(1)?,
                source: source_of(&r.get::<_, String>(2)?)?,
                held_on: parse_date(&r.get::<_, String>(3)?)?,
                finding: Finding {
                    code: FindingCode::from_code(&code)
                        .ok_or_else(|| StoreError::Corrupt(format!("核查问题类别“{code}”")))?,
                    person_id: r.get(5)?,
                    org_id: r.get(6)?,
                    id_number: r.get(7)?,
                    name: r.get(8)?,
                    unit: r.get(9)?,
                    detail: r.get(10)?,
                    row: r.get::<_, Option<i64>>(11)?.map(|n| n as u32),
                },
                state: FindingState::from_code(&state)
                    .ok_or_else(|| StoreError::Corrupt(format!("核查问题状态“{state}”")))?,
                state_note: r.get(13)?,
                rectification_id: r.get(14)?,
                rectification_state: r.get(15)?,
                notice: r.get(16)?,
            });
        }
        Ok(out)
    }

    /// Settles a finding: 核实无误, 已说明 (a note needed), or 需整改 (a rectification item
    /// for its unit, with owner and deadline).
    pub fn settle_finding(
        &mut self,
        id: i64,
        state: FindingState,
        note: &str,
        rectify: Option<(&str, NaiveDate)>,
    ) -> Result<()> {
        self.write_as("核查问题处理", |tx| {
            tx.settle_finding(id, state, note, rectify)
        })
    }

    /// Issues a numbered 整改通知书 (numbered per year, under the prefix kept in the settings)
    /// for a unit's findings marked 需整改 and not yet in a notice; `false` when there are
    /// none. Numbers are safe when two clerks issue at once (one writer; unique numbers).
    pub fn issue_rectification_notice(&mut self, org: OrgId) -> Result<bool> {
        let today = crate::clock::today();
        let unit = self.org(org)?.name;
        self.write_as("出具整改通知书", |tx| {
            // Read inside the transaction: a second clerk issuing at once finds none.
            type Pending = (i64, String, String, String, String, String, Option<String>);
            let pending: Vec<Pending> = {
                let mut st = tx.conn.prepare(
                    "SELECT f.id, f.code, r.source, f.name, f.id_number, f.detail, k.deadline \
                     FROM reconcile_findings f JOIN reconcile_rounds r ON r.id = f.round_id \
                     LEFT JOIN rectifications k ON k.id = f.rectification_id \
                     WHERE f.org_id = ?1 AND f.state = 'rectify' AND f.notice_id IS NULL \
                     ORDER BY f.id",
                )?;
                let mut rows = st.query([org.0])?;
                let mut v = Vec::new();
                while let Some(r) = rows.next()? {
                    v.push((
                        r.get(0)?,
                        r.get(1)?,
                        r.get(2)?,
                        r.get(3)?,
                        r.get(4)?,
                        r.get(5)?,
                        r.get(6)?,
                    ));
                }
                v
            };
            let Some(first) = pending.first().map(|p| p.0) else {
                return Ok(false);
            };
            let sources: Vec<&str> = {
                let mut v: Vec<&str> = pending
                    .iter()
                    .filter_map(|p| Source::from_code(&p.2).map(Source::label))
                    .collect();
                v.sort();
                v.dedup();
                v
            };
            let deadline = pending.iter().filter_map(|p| p.6.clone()).max();
            let content = crate::domain::notice::NoticeContent {
                title: "机构编制核查整改通知书".into(),
                addressee: format!("{unit}："),
                paragraphs: vec![format!(
                    "    根据机构编制实名制核查（{}），你单位存在下列问题。请按要求于{}前整改到位，\
                     并将整改情况书面报送我办。",
                    sources.join("、"),
                    deadline.as_deref().unwrap_or("规定期限")
                )],
                table_headers: ["序号", "问题类别", "姓名", "身份证号", "情况", "整改期限"]
                    .map(String::from)
                    .to_vec(),
                table_rows: pending
                    .iter()
                    .enumerate()
                    .map(|(k, p)| {
                        let label = match (FindingCode::from_code(&p.1), Source::from_code(&p.2)) {
                            (Some(c), Some(s)) => c.label(s).to_string(),
                            _ => p.1.clone(),
                        };
                        vec![
                            (k + 1).to_string(),
                            label,
                            p.3.clone(),
                            p.4.clone(),
                            p.5.clone(),
                            p.6.clone().unwrap_or_default(),
                        ]
                    })
                    .collect(),
                signer: super::notices::SIGNER.to_string(),
                ..Default::default()
            };
            let notice = tx.issue_notice(
                crate::domain::notice::NoticeKind::Rectification,
                Some(org),
                &format!("reconcile_findings:{first}"),
                &content,
                today,
            )?;
            tx.conn.execute(
                "UPDATE reconcile_findings SET notice_id = ?2 WHERE org_id = ?1 \
                 AND state = 'rectify' AND notice_id IS NULL",
                params![org.0, notice.id],
            )?;
            Ok(true)
        })
    }

    /// The unit's latest 整改通知书 with the findings it lists; `None` when it has none.
    pub fn rectification_notice(&self, org: OrgId) -> Result<Option<Notice>> {
        let latest: Option<(String, String)> = self
            .conn
            .query_row(
                "SELECT number, issued_on FROM notices WHERE kind = 'rectification' \
                 AND org_id = ?1 ORDER BY id DESC LIMIT 1",
                [org.0],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        let Some((number, issued_on)) = latest else {
            return Ok(None);
        };
        let findings = self
            .findings_all(Some(org))?
            .into_iter()
            .filter(|f| f.notice.as_deref() == Some(number.as_str()))
            .collect();
        Ok(Some(Notice {
            number,
            issued_on: parse_date(&issued_on)?,
            org,
            findings,
        }))
    }

    /// Every finding of every round (of one unit with `org`).
    pub fn findings_all(&self, org: Option<OrgId>) -> Result<Vec<KeptFinding>> {
        let mut out = Vec::new();
        for r in self.rounds()? {
            out.extend(self.findings(Some(r.id), org)?);
        }
        Ok(out)
    }

    /// Findings of each source's latest round not cleared, per unit.
    pub fn findings_not_cleared(&self) -> Result<HashMap<OrgId, i64>> {
        let mut out: HashMap<OrgId, i64> = HashMap::new();
        for f in self.findings(None, None)? {
            if let (false, Some(org)) = (f.cleared(), f.finding.org_id) {
                *out.entry(OrgId(org)).or_default() += 1;
            }
        }
        Ok(out)
    }
}

/// A numbered 整改通知书 and the findings it lists.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Notice {
    pub number: String,
    pub issued_on: NaiveDate,
    pub org: OrgId,
    pub findings: Vec<KeptFinding>,
}

fn source_of(code: &str) -> Result<Source> {
    Source::from_code(code).ok_or_else(|| StoreError::Corrupt(format!("核查名单来源“{code}”")))
}

impl Tx<'_> {
    pub fn settle_finding(
        &mut self,
        id: i64,
        state: FindingState,
        note: &str,
        rectify: Option<(&str, NaiveDate)>,
    ) -> Result<()> {
        self.describe("核查问题处理");
        type Row = (Option<i64>, String, String, String, Option<i64>, String);
        let found: Option<Row> = self
            .conn
            .query_row(
                "SELECT f.org_id, f.code, f.name, f.detail, f.rectification_id, r.source \
                 FROM reconcile_findings f JOIN reconcile_rounds r ON r.id = f.round_id \
                 WHERE f.id = ?1",
                [id],
                |r| {
                    Ok((
                        r.get(0)?,
                        r.get(1)?,
                        r.get(2)?,
                        r.get(3)?,
                        r.get(4)?,
                        r.get(5)?,
                    ))
                },
            )
            .optional()?;
        let Some((org, code, name, detail, existing, source)) = found else {
            return Err(StoreError::NotFound(format!("核查问题（编号 {id}）")));
        };
        if existing.is_some() {
            return Err(RuleViolation::Application(
                "此问题已转为整改事项，请在整改事项中更新状态".into(),
            )
            .into());
        }
        let mut rectification = None;
        match state {
            FindingState::Explained if note.trim().is_empty() => {
                return Err(RuleViolation::Application("已说明的问题请填写说明".into()).into());
            }
            FindingState::Rectify => {
                let Some(org) = org else {
                    return Err(RuleViolation::Application(
                        "此问题没有对应的在册单位，无法转为整改事项（可标为已说明）".into(),
                    )
                    .into());
                };
                let Some((owner, deadline)) = rectify else {
                    return Err(RuleViolation::Application("请填写整改责任人和期限".into()).into());
                };
                let label = match (FindingCode::from_code(&code), Source::from_code(&source)) {
                    (Some(c), Some(s)) => c.label(s),
                    _ => code.as_str(),
                };
                let description = format!("核查问题：{label}：{name}（{detail}）");
                rectification = Some(self.add_rectification(
                    OrgId(org),
                    None,
                    &description,
                    owner,
                    deadline,
                )?);
            }
            _ => {}
        }
        self.conn.execute(
            "UPDATE reconcile_findings SET state = ?2, state_note = ?3, rectification_id = ?4 \
             WHERE id = ?1",
            params![id, state.code(), note.trim(), rectification],
        )?;
        Ok(())
    }
}
