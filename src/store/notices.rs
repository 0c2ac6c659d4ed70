//! Numbered notices kept: `notices` (kind, year and number under the kind's prefix, the
//! unit, addressee, what it refers to, what it said, voided with a reason). Numbers are
//! given inside the write transaction (one writer at a time; unique per kind and year), so
//! two clerks issuing at once get two numbers. A notice already issued for the same thing
//! is printed again, never numbered twice.
//! The kinds and content: [`crate::domain::notice`].

use super::db::{OptionalExtension, params};
use super::{Result, Store, StoreError, Tx, date_sql, parse_date};
use crate::domain::notice::{NoticeContent, NoticeKind, notice_number};
use crate::domain::{OrgId, PersonId, RuleViolation};
use chrono::{Datelike, NaiveDate};
use serde::Serialize;

/// A notice as issued.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IssuedNotice {
    pub id: i64,
    pub kind: NoticeKind,
    pub number: String,
    pub org: Option<OrgId>,
    pub issued_on: NaiveDate,
    /// What it is for: `person_events:12`, `hiring_plans:3`, `reconcile:org:5`.
    pub refers: String,
    pub content: NoticeContent,
    /// (date, reason) when voided.
    pub voided: Option<(String, String)>,
}

/// Who the slips for 组织, 人社 and 财政 go to, and who signs every notice.
const DEPARTMENTS: &str = "县委组织部、县人力资源和社会保障局、县财政局";
pub(crate) const SIGNER: &str = "县委机构编制委员会办公室";

const NOTICE_COLUMNS: &str =
    "id, kind, number, org_id, issued_on, refers, content, voided_on, void_reason";

fn notice_from_row(r: &super::db::Row<'_>) -> Result<IssuedNotice> {
    let kind: String = r.get(1)?;
    let content: String = r.get(6)?;
    let voided_on: Option<String> = r.get(7)?;
    Ok(IssuedNotice {
        id: r.get(0)?,
        kind: NoticeKind::from_code(&kind)
            .ok_or_else(|| StoreError::Corrupt(format!("通知单类别“{kind}”")))?,
        number: r.get(2)?,
        org: r.get::<_, Option<i64>>(3)?.map(OrgId),
        issued_on: parse_date(&r.get::<_, String>(4)?)?,
        refers: r.get(5)?,
        content: serde_json::from_str(&content)
            .map_err(|e| StoreError::Corrupt(format!("通知单内容：{e}")))?,
        voided: voided_on.map(|d| {
            (
                d,
                r.get::<_, Option<String>>(8)
                    .ok()
                    .flatten()
                    .unwrap_or_default(),
            )
        }),
    })
}

impl Tx<'_> {
    /// Issues a notice numbered next for its kind and year (the prefix from the settings);
    /// for `refers` already noticed (and not voided), that notice is returned instead.
    pub(crate) fn issue_notice(
        &mut self,
        kind: NoticeKind,
        org: Option<OrgId>,
        refers: &str,
        content: &NoticeContent,
        date: NaiveDate,
    ) -> Result<IssuedNotice> {
        self.describe(format!("出具{}", kind.label()));
        if !refers.is_empty()
            && let Some(n) = self
                .conn
                .query_row(
                    &format!(
                        "SELECT {NOTICE_COLUMNS} FROM notices WHERE kind = ?1 AND refers = ?2 \
                         AND voided_on IS NULL ORDER BY id DESC LIMIT 1"
                    ),
                    params![kind.code(), refers],
                    |r| Ok(notice_from_row(r)),
                )
                .optional()?
        {
            return n;
        }
        let prefix = super::setting_text(self.conn, &kind.prefix_key())?
            .filter(|p| !p.trim().is_empty())
            .unwrap_or_else(|| kind.default_prefix().to_string());
        let year = date.year();
        let seq: i64 = self.conn.query_row(
            "SELECT COALESCE(MAX(seq), 0) + 1 FROM notices WHERE kind = ?1 AND year = ?2",
            params![kind.code(), i64::from(year)],
            |r| r.get(0),
        )?;
        let number = notice_number(&prefix, year, seq);
        let body = serde_json::to_string(content)
            .map_err(|e| StoreError::Corrupt(format!("通知单内容：{e}")))?;
        let id = self.conn.insert(
            "INSERT INTO notices (kind, year, seq, number, org_id, issued_on, operator, entered_at, \
             addressee, refers, content) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
            params![
                kind.code(),
                i64::from(year),
                seq,
                number,
                org.map(|o| o.0),
                date_sql(date),
                self.operator,
                self.now,
                content.addressee,
                refers,
                body
            ],
        )?;
        Ok(IssuedNotice {
            id,
            kind,
            number,
            org,
            issued_on: date,
            refers: refers.to_string(),
            content: content.clone(),
            voided: None,
        })
    }
}

impl Store {
    /// A notice by its number.
    pub fn notice(&self, number: &str) -> Result<Option<IssuedNotice>> {
        self.conn
            .query_row(
                &format!("SELECT {NOTICE_COLUMNS} FROM notices WHERE number = ?1"),
                [number.trim()],
                |r| Ok(notice_from_row(r)),
            )
            .optional()?
            .transpose()
    }

    /// Every notice, by number.
    pub fn all_notices(&self) -> Result<std::collections::HashMap<String, IssuedNotice>> {
        let mut st = self
            .conn
            .prepare(&format!("SELECT {NOTICE_COLUMNS} FROM notices ORDER BY id"))?;
        let mut rows = st.query(())?;
        let mut out = std::collections::HashMap::new();
        while let Some(r) = rows.next()? {
            let n = notice_from_row(&r)?;
            out.insert(n.number.clone(), n);
        }
        Ok(out)
    }

    /// The notices issued for `refers` (the newest first).
    pub fn notices_for(&self, refers: &str) -> Result<Vec<IssuedNotice>> {
        let mut st = self.conn.prepare(&format!(
            "SELECT {NOTICE_COLUMNS} FROM notices WHERE refers = ?1 ORDER BY id DESC"
        ))?;
        let mut rows = st.query([refers])?;
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            out.push(notice_from_row(&r)?);
        }
        Ok(out)
    }

    /// The notices of a person: those issued for their 入编 and 出编, and the 核准使用编制
    /// 通知单 their hire was made against; oldest first.
    pub fn person_notices(&self, person: PersonId) -> Result<Vec<IssuedNotice>> {
        let mut st = self.conn.prepare(&format!(
            "SELECT {NOTICE_COLUMNS} FROM notices WHERE refers IN ( \
               SELECT 'person_events:' || CAST(id AS TEXT) FROM person_events WHERE person_id = ?1 \
               UNION SELECT 'hiring_plans:' || CAST(plan_id AS TEXT) FROM hiring_plan_uses \
               WHERE person_id = ?1) ORDER BY id"
        ))?;
        let mut rows = st.query([person.0])?;
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            out.push(notice_from_row(&r)?);
        }
        Ok(out)
    }

    /// Voids a notice; a reason is needed. It stays, marked, and prints as voided.
    pub fn void_notice(&mut self, number: &str, reason: &str) -> Result<()> {
        if reason.trim().is_empty() {
            return Err(RuleViolation::Application("作废通知单须填写理由".into()).into());
        }
        let today = crate::clock::today();
        self.write_as("作废通知单", |tx| {
            let n = tx.conn.execute(
                "UPDATE notices SET voided_on = ?2, void_reason = ?3 \
                 WHERE number = ?1 AND voided_on IS NULL",
                params![number.trim(), date_sql(today), reason.trim()],
            )?;
            if n == 0 {
                return Err(StoreError::NotFound(format!(
                    "未作废的通知单“{}”",
                    number.trim()
                )));
            }
            Ok(())
        })
    }

    /// 人员入编通知单 or 出编通知单 for a person's latest 入编 or 出编 (issued once; printed
    /// again after).
    pub fn person_notice(&mut self, person: PersonId, kind: NoticeKind) -> Result<IssuedNotice> {
        let event_kind = match kind {
            NoticeKind::Entry => "hire",
            NoticeKind::Exit => "exit",
            _ => {
                return Err(RuleViolation::Application(format!(
                    "{}不由人员变动出具",
                    kind.label()
                ))
                .into());
            }
        };
        let p = self.person(person)?;
        type Event = (i64, String, String, String, Option<i64>, Option<String>);
        let event: Option<Event> = self
            .conn
            .query_row(
                "SELECT id, date, doc_no, reason, org_id, post_type FROM person_events \
                 WHERE person_id = ?1 AND kind = ?2 ORDER BY date DESC, id DESC LIMIT 1",
                params![person.0, event_kind],
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
        let Some((event, date, doc_no, reason, org, post_type)) = event else {
            return Err(RuleViolation::Application(format!(
                "{}没有{}记录，无法出具{}",
                p.details.name,
                if kind == NoticeKind::Entry {
                    "入编"
                } else {
                    "出编"
                },
                kind.label()
            ))
            .into());
        };
        // The unit and post: the event's (入编), or where the person was just before (出编).
        let (org, post_type) = match (org, post_type) {
            (Some(o), Some(t)) => (Some(OrgId(o)), Some(t)),
            _ => {
                let before: Option<(Option<i64>, Option<String>)> = self
                    .conn
                    .query_row(
                        "SELECT org_id, post_type FROM person_events WHERE person_id = ?1 \
                         AND id < ?2 AND org_id IS NOT NULL ORDER BY id DESC LIMIT 1",
                        params![person.0, event],
                        |r| Ok((r.get(0)?, r.get(1)?)),
                    )
                    .optional()?;
                let (o, t) = before.unwrap_or((None, None));
                (o.map(OrgId), t)
            }
        };
        let unit = match org {
            Some(o) => self.org(o)?.name,
            None => String::new(),
        };
        let post = post_type
            .as_deref()
            .and_then(crate::domain::PostType::from_code)
            .map_or("", |t| t.label());
        let mut fields = vec![
            ("姓名".to_string(), p.details.name.clone()),
            ("身份证号".to_string(), p.id_number.as_str().to_string()),
            ("单位".to_string(), unit),
            ("编制类型".to_string(), post.to_string()),
        ];
        let mut paragraphs = Vec::new();
        match kind {
            NoticeKind::Entry => {
                paragraphs.push("经审核，下列人员已办理入编手续，请按规定办理相关手续。".into());
                fields.push(("入编日期".into(), date.clone()));
                fields.push(("入编文号".into(), doc_no));
                // A hire against a 用编 approval: the notice that allowed it.
                let allowed: Option<String> = self
                    .conn
                    .query_row(
                        "SELECT n.number FROM hiring_plan_uses u \
                         JOIN notices n ON n.refers = 'hiring_plans:' || CAST(u.plan_id AS TEXT) \
                         WHERE u.person_id = ?1 AND n.voided_on IS NULL ORDER BY u.id DESC LIMIT 1",
                        [person.0],
                        |r| r.get(0),
                    )
                    .optional()?;
                if let Some(n) = allowed {
                    fields.push(("核准使用编制通知单".into(), n));
                }
            }
            _ => {
                paragraphs.push("经审核，下列人员已办理出编手续，请按规定办理相关手续。".into());
                fields.push(("出编原因".into(), reason));
                fields.push(("出编日期".into(), date.clone()));
                fields.push(("文号".into(), doc_no));
            }
        }
        let content = NoticeContent {
            title: kind.label().to_string(),
            addressee: format!("{DEPARTMENTS}："),
            paragraphs,
            fields,
            signer: SIGNER.to_string(),
            ..Default::default()
        };
        let today = crate::clock::today();
        self.write_as(&format!("出具{}", kind.label()), |tx| {
            tx.issue_notice(
                kind,
                org,
                &format!("person_events:{event}"),
                &content,
                today,
            )
        })
    }

    /// 核准使用编制通知单 for a 用编 approval: the hiring plan gains its validity date.
    pub fn approval_notice(
        &mut self,
        plan: i64,
        purpose: &str,
        valid_until: NaiveDate,
    ) -> Result<IssuedNotice> {
        let plans = self.hiring_plans(None)?;
        let Some(h) = plans.into_iter().find(|h| h.id == plan) else {
            return Err(StoreError::NotFound(format!("用编计划（编号 {plan}）")));
        };
        let today = crate::clock::today();
        if valid_until < today {
            return Err(
                RuleViolation::Application(format!("有效期“{valid_until}”早于今天")).into(),
            );
        }
        let unit = self.org(h.org)?.name;
        let content = NoticeContent {
            title: NoticeKind::Approval.label().to_string(),
            addressee: format!("{unit}："),
            paragraphs: vec![format!(
                "经审核，同意你单位使用下列编制，请在有效期内按规定程序补充人员；逾期未使用的，本通知自动失效。"
            )],
            fields: vec![
                ("单位".into(), unit),
                ("编制类型".into(), h.post_type.label().to_string()),
                ("核准数量".into(), format!("{} 名", h.count)),
                ("用途".into(), purpose.trim().to_string()),
                ("批准文号".into(), h.doc_no.clone()),
                ("有效期至".into(), valid_until.to_string()),
            ],
            signer: SIGNER.to_string(),
            ..Default::default()
        };
        self.write_as("出具核准使用编制通知单", |tx| {
            tx.conn.execute(
                "UPDATE hiring_plans SET valid_until = ?2 WHERE id = ?1",
                params![plan, date_sql(valid_until)],
            )?;
            tx.issue_notice(
                NoticeKind::Approval,
                Some(h.org),
                &format!("hiring_plans:{plan}"),
                &content,
                today,
            )
        })
    }
}
