//! A unit's record (机构性质, 举办单位, 三定 文号, 主要职责) and its history (机构沿革):
//! renamed, merged into another unit (its people move with their posts, its vacant posts,
//! divisions and 编外人员 follow, its appointments end), abolished (refused while anything
//! remains, saying what). Each event has its date and 文号 in `org_history`; the name a unit
//! had on a past date is read from it ([`names_on`]).

use super::db::{Connection, OptionalExtension, params};
use super::ledger::EntryRequest;
use super::{Result, Store, StoreError, Tx, date_sql};
use crate::domain::{Account, EntryKind, Movement, OrgId, PersonId, PersonStatus, PostType, rules};
use chrono::NaiveDate;
use std::collections::HashMap;

/// What a unit's record keeps besides its name, kind and posts.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct UnitRecord {
    /// 机构规格 (正科, 副科, 股级 …)
    pub grade: String,
    /// 统一社会信用代码
    pub credit_code: String,
    /// 机构性质 (行政机关, 参照公务员法管理事业单位, 公益一类 …)
    pub nature: String,
    /// 举办单位
    pub sponsor: String,
    /// 三定 文号
    pub sanding_doc: String,
    /// 主要职责
    pub duties: String,
    pub abolished_on: Option<String>,
    pub abolished_doc: Option<String>,
}

/// One event of a unit's history.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct UnitEvent {
    /// `rename`, `merged_into`, `took_in`, `abolish`.
    pub event: String,
    pub date: String,
    pub doc_no: String,
    pub name_before: String,
    pub name_after: String,
    /// The other unit of a merge, by its name now.
    pub other: Option<String>,
    pub note: String,
}

impl UnitEvent {
    pub fn describe(&self) -> String {
        let other = self.other.as_deref().unwrap_or("");
        match self.event.as_str() {
            "rename" => format!("“{}”更名为“{}”", self.name_before, self.name_after),
            "merged_into" => format!("并入{other}"),
            "took_in" => format!("{other}并入本单位"),
            "split_to" => format!("分设出{other}"),
            "split_from" => format!("由{other}分设"),
            "abolish" => "撤销".to_string(),
            _ => self.note.clone(),
        }
    }
}

/// Each renamed unit's name on `date`: the name before its first rename after that day.
/// Units never renamed since are not in the map (their name now is the one).
pub(crate) fn names_on(conn: &Connection, date: NaiveDate) -> Result<HashMap<OrgId, String>> {
    let mut st = conn.prepare_cached(
        "SELECT org_id, name_before FROM org_history WHERE event = 'rename' AND date > ?1 \
         ORDER BY date DESC, id DESC",
    )?;
    let mut rows = st.query([date_sql(date)])?;
    let mut out = HashMap::new();
    // Newest first: the earliest rename after the day is written last.
    while let Some(r) = rows.next()? {
        out.insert(OrgId(r.get(0)?), r.get::<_, String>(1)?);
    }
    Ok(out)
}

/// The units abolished (by id), with the day.
pub(crate) fn abolished(conn: &Connection) -> Result<HashMap<OrgId, String>> {
    let mut st =
        conn.prepare_cached("SELECT id, abolished_on FROM orgs WHERE abolished_on IS NOT NULL")?;
    let rows = st.query_map((), |r| Ok((OrgId(r.get(0)?), r.get::<_, String>(1)?)))?;
    Ok(rows.collect::<super::db::Result<_>>()?)
}

impl Store {
    pub fn unit_record(&self, org: OrgId) -> Result<UnitRecord> {
        self.conn
            .query_row(
                "SELECT nature, sponsor, sanding_doc, duties, abolished_on, abolished_doc, \
                 grade, credit_code FROM orgs WHERE id = ?1",
                [org.0],
                |r| {
                    Ok(UnitRecord {
                        grade: r.get::<_, Option<String>>(6)?.unwrap_or_default(),
                        credit_code: r.get::<_, Option<String>>(7)?.unwrap_or_default(),
                        nature: r.get::<_, Option<String>>(0)?.unwrap_or_default(),
                        sponsor: r.get::<_, Option<String>>(1)?.unwrap_or_default(),
                        sanding_doc: r.get::<_, Option<String>>(2)?.unwrap_or_default(),
                        duties: r.get::<_, Option<String>>(3)?.unwrap_or_default(),
                        abolished_on: r.get(4)?,
                        abolished_doc: r.get(5)?,
                    })
                },
            )
            .optional()?
            .ok_or_else(|| StoreError::NotFound(format!("单位（编号 {}）", org.0)))
    }

    /// The units abolished, with the day.
    pub fn abolished_units(&self) -> Result<HashMap<OrgId, String>> {
        abolished(&self.conn)
    }

    /// A unit's history (机构沿革), oldest first.
    pub fn unit_history(&self, org: OrgId) -> Result<Vec<UnitEvent>> {
        let mut st = self.conn.prepare(
            "SELECT h.event, h.date, h.doc_no, h.name_before, h.name_after, o.name, h.note \
             FROM org_history h LEFT JOIN orgs o ON o.id = h.other_org \
             WHERE h.org_id = ?1 ORDER BY h.date, h.id",
        )?;
        let rows = st.query_map([org.0], |r| {
            Ok(UnitEvent {
                event: r.get(0)?,
                date: r.get(1)?,
                doc_no: r.get(2)?,
                name_before: r.get(3)?,
                name_after: r.get(4)?,
                other: r.get(5)?,
                note: r.get(6)?,
            })
        })?;
        Ok(rows.collect::<super::db::Result<_>>()?)
    }

    /// Every unit's name on a past date, where it differs from the name now.
    pub fn unit_names_on(&self, date: NaiveDate) -> Result<HashMap<OrgId, String>> {
        names_on(&self.conn, date)
    }

    pub fn set_unit_record(&mut self, org: OrgId, rec: &UnitRecord) -> Result<()> {
        self.write_as("修改单位信息", |tx| tx.set_unit_record(org, rec))
    }

    pub fn rename_unit(
        &mut self,
        org: OrgId,
        name: &str,
        date: NaiveDate,
        doc_no: &str,
    ) -> Result<()> {
        self.write_as("单位更名", |tx| tx.rename_unit(org, name, date, doc_no))
    }

    pub fn abolish_unit(&mut self, org: OrgId, date: NaiveDate, doc_no: &str) -> Result<()> {
        self.write_as("撤销单位", |tx| tx.abolish_unit(org, date, doc_no))
    }

    pub fn merge_unit(
        &mut self,
        from: OrgId,
        into: OrgId,
        date: NaiveDate,
        doc_no: &str,
    ) -> Result<()> {
        self.write_as("机构合并", |tx| tx.merge_unit(from, into, date, doc_no))
    }

    pub fn split_unit(&mut self, req: &SplitRequest) -> Result<OrgId> {
        self.write_as("机构分设", |tx| tx.split_unit(req))
    }
}

/// 分设: a new unit made from part of one — the divisions named go with their people (and
/// the people's posts), and vacant posts as many as named.
#[derive(Debug, Clone)]
pub struct SplitRequest {
    pub from: OrgId,
    pub new_unit: crate::domain::OrgDraft,
    pub divisions: Vec<crate::domain::DivisionId>,
    pub vacant: Vec<(PostType, i64)>,
    pub date: NaiveDate,
    pub doc_no: String,
}

impl Tx<'_> {
    #[allow(clippy::too_many_arguments)]
    fn unit_event(
        &mut self,
        org: OrgId,
        event: &str,
        date: NaiveDate,
        doc_no: &str,
        before: &str,
        after: &str,
        other: Option<OrgId>,
    ) -> Result<()> {
        self.conn.execute(
            "INSERT INTO org_history (org_id, event, date, doc_no, name_before, name_after, \
             other_org, operator, entered_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            params![
                org.0,
                event,
                date_sql(date),
                doc_no.trim(),
                before,
                after,
                other.map(|o| o.0),
                self.operator,
                self.now
            ],
        )?;
        Ok(())
    }

    fn ensure_active(&self, org: OrgId) -> Result<String> {
        let name = super::orgs::load_org(self.conn, org)?.name;
        let gone: Option<String> = self.conn.query_row(
            "SELECT abolished_on FROM orgs WHERE id = ?1",
            [org.0],
            |r| r.get(0),
        )?;
        if let Some(d) = gone {
            return Err(StoreError::Denied(format!("{name}已于 {d} 撤销")));
        }
        Ok(name)
    }

    pub fn set_unit_record(&mut self, org: OrgId, rec: &UnitRecord) -> Result<()> {
        let name = self.ensure_active(org)?;
        self.describe(format!("修改单位信息：{name}"));
        let opt = |s: &str| {
            let t = s.trim();
            (!t.is_empty()).then(|| t.to_string())
        };
        self.conn.execute(
            "UPDATE orgs SET nature = ?2, sponsor = ?3, sanding_doc = ?4, duties = ?5, \
             grade = ?6, credit_code = ?7 WHERE id = ?1",
            params![
                org.0,
                opt(&rec.nature),
                opt(&rec.sponsor),
                opt(&rec.sanding_doc),
                opt(&rec.duties),
                opt(&rec.grade),
                opt(&rec.credit_code)
            ],
        )?;
        Ok(())
    }

    /// 更名 by document: the old name stays in the history, and the past shows it.
    pub fn rename_unit(
        &mut self,
        org: OrgId,
        name: &str,
        date: NaiveDate,
        doc_no: &str,
    ) -> Result<()> {
        rules::check_doc_no(doc_no)?;
        let before = self.ensure_active(org)?;
        let after = crate::domain::org::normalize_name(name);
        if after.is_empty() {
            return Err(crate::domain::RuleViolation::EmptyOrgName.into());
        }
        if after == before {
            return Err(StoreError::Denied(format!("新名称与现名称“{before}”相同")));
        }
        if let Some(other) = super::orgs::find_org_by_name(self.conn, &after)? {
            return Err(crate::domain::RuleViolation::DuplicateOrgName(other.name).into());
        }
        self.describe(format!("单位更名：{before} → {after}"));
        self.conn.execute(
            "UPDATE orgs SET name = ?2 WHERE id = ?1",
            params![org.0, after],
        )?;
        self.unit_event(org, "rename", date, doc_no, &before, &after, None)
    }

    /// What keeps a unit from being abolished: posts approved, people on posts, 编外人员 in
    /// service, divisions not abolished; in the clerk's words.
    fn what_remains(&self, org: OrgId) -> Result<Vec<String>> {
        let mut left = Vec::new();
        let posts: Vec<String> = PostType::ALL
            .iter()
            .filter_map(|t| {
                let n = super::balances::approved(self.conn, org, *t).ok()?;
                (n > 0).then(|| format!("{}{n} 名", t.label()))
            })
            .collect();
        if !posts.is_empty() {
            left.push(format!(
                "核定编制 {}（请先收回、划出或核销）",
                posts.join("、")
            ));
        }
        let people: i64 = self.conn.query_row(
            "SELECT COUNT(*) FROM persons WHERE status = '在编' AND org_id = ?1",
            [org.0],
            |r| r.get(0),
        )?;
        if people > 0 {
            left.push(format!("在编人员 {people} 人（请先调出、划转或出编）"));
        }
        let outside: i64 = self.conn.query_row(
            "SELECT COUNT(*) FROM outside_staff WHERE org_id = ?1 AND ended_on IS NULL",
            [org.0],
            |r| r.get(0),
        )?;
        if outside > 0 {
            left.push(format!("编外人员 {outside} 人"));
        }
        let divisions: i64 = self.conn.query_row(
            "SELECT COUNT(*) FROM divisions WHERE org_id = ?1 AND abolished_on IS NULL",
            [org.0],
            |r| r.get(0),
        )?;
        if divisions > 0 {
            left.push(format!("内设机构 {divisions} 个"));
        }
        Ok(left)
    }

    /// 撤销 by document: refused, saying what remains, while the unit has posts, people,
    /// 编外人员 or divisions. It stays on record (browsable, searchable), marked.
    pub fn abolish_unit(&mut self, org: OrgId, date: NaiveDate, doc_no: &str) -> Result<()> {
        rules::check_doc_no(doc_no)?;
        let name = self.ensure_active(org)?;
        let left = self.what_remains(org)?;
        if !left.is_empty() {
            return Err(StoreError::Denied(format!(
                "{name}不能撤销，还有：{}",
                left.join("；")
            )));
        }
        self.describe(format!("撤销单位：{name}"));
        // Its leadership positions and control number go with it.
        let leaders = super::leadership::approved(self.conn, org, None)?;
        for l in crate::domain::leadership::Level::ALL {
            let n = leaders.get(l);
            if n > 0 {
                self.record_leader_entry(org, l, -n, date, doc_no, "单位撤销")?;
            }
        }
        self.conn.execute(
            "UPDATE orgs SET abolished_on = ?2, abolished_doc = ?3 WHERE id = ?1",
            params![org.0, date_sql(date), doc_no.trim()],
        )?;
        self.unit_event(org, "abolish", date, doc_no, &name, &name, None)
    }

    /// 合并: `from` goes into `into` by one document. Its people move with their posts
    /// (划转), its vacant posts follow (调剂), its divisions and 编外人员 move, its
    /// appointments end; then it is abolished. All or nothing.
    pub fn merge_unit(
        &mut self,
        from: OrgId,
        into: OrgId,
        date: NaiveDate,
        doc_no: &str,
    ) -> Result<()> {
        rules::check_doc_no(doc_no)?;
        if from == into {
            return Err(StoreError::Denied("不能并入本单位".to_string()));
        }
        let from_name = self.ensure_active(from)?;
        let into_name = self.ensure_active(into)?;
        self.describe(format!("机构合并：{from_name}并入{into_name}"));
        // Divisions and 编外人员 follow; a division whose name the other unit has keeps
        // where it came from in its name.
        let divisions: Vec<(i64, String)> = {
            let mut st = self.conn.prepare(
                "SELECT id, name FROM divisions WHERE org_id = ?1 AND abolished_on IS NULL",
            )?;
            st.query_map([from.0], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<super::db::Result<_>>()?
        };
        for (id, name) in divisions {
            let clash: bool = self.conn.query_row(
                "SELECT EXISTS(SELECT 1 FROM divisions WHERE org_id = ?1 AND name = ?2 \
                 AND abolished_on IS NULL)",
                params![into.0, name],
                |r| r.get(0),
            )?;
            let new_name = if clash {
                format!("{name}（原{from_name}）")
            } else {
                name
            };
            self.conn.execute(
                "UPDATE divisions SET org_id = ?2, name = ?3 WHERE id = ?1",
                params![id, into.0, new_name],
            )?;
        }
        self.conn.execute(
            "UPDATE outside_staff SET org_id = ?2 WHERE org_id = ?1 AND ended_on IS NULL",
            params![from.0, into.0],
        )?;
        let people: Vec<i64> = {
            let mut st = self.conn.prepare(
                "SELECT id FROM persons WHERE status = '在编' AND org_id = ?1 ORDER BY id",
            )?;
            st.query_map([from.0], |r| r.get(0))?
                .collect::<super::db::Result<_>>()?
        };
        // Their appointments end with the unit.
        self.conn.execute(
            "UPDATE appointments SET removed_on = ?2, remove_doc = ?3 \
             WHERE org_id = ?1 AND removed_on IS NULL",
            params![from.0, date_sql(date), doc_no.trim()],
        )?;
        for p in people {
            let person = super::people::load_person(self.conn, PersonId(p))?;
            if let PersonStatus::OnPost { .. } = person.status {
                self.transfer_with_post(
                    PersonId(p),
                    into,
                    date,
                    doc_no,
                    &format!("{from_name}并入{into_name}"),
                )?;
            }
        }
        for t in PostType::ALL {
            let n = super::balances::approved(self.conn, from, t)?;
            if n > 0 {
                self.record(&EntryRequest {
                    date,
                    doc_no: doc_no.to_string(),
                    kind: EntryKind::Reallocate,
                    reason: format!("{from_name}并入{into_name}"),
                    movement: Movement {
                        post_type: t,
                        count: n,
                        from: Account::Org(from),
                        to: Account::Org(into),
                    },
                })?;
            }
        }
        self.unit_event(
            from,
            "merged_into",
            date,
            doc_no,
            &from_name,
            &from_name,
            Some(into),
        )?;
        self.unit_event(
            into,
            "took_in",
            date,
            doc_no,
            &into_name,
            &into_name,
            Some(from),
        )?;
        self.abolish_unit(from, date, doc_no)
    }
}

impl Tx<'_> {
    /// 分设: makes the new unit, moves the named divisions to it with their people (each
    /// with a post, 划转) and the named vacant posts (调剂). All or nothing.
    pub fn split_unit(&mut self, req: &SplitRequest) -> Result<OrgId> {
        rules::check_doc_no(&req.doc_no)?;
        let from_name = self.ensure_active(req.from)?;
        let mut draft = req.new_unit.clone();
        draft.basis = Some((req.date, req.doc_no.clone()));
        let new = self.create_org(&draft)?;
        let new_name = super::orgs::load_org(self.conn, new)?.name;
        self.describe(format!("机构分设：由{from_name}分设{new_name}"));
        for d in &req.divisions {
            let div = super::divisions::load_division(self.conn, *d)?;
            if div.org != req.from || !div.is_active() {
                return Err(StoreError::Denied(format!(
                    "内设机构“{}”不是{from_name}现有的",
                    div.name
                )));
            }
            self.conn.execute(
                "UPDATE divisions SET org_id = ?2 WHERE id = ?1",
                params![d.0, new.0],
            )?;
            let members: Vec<i64> = {
                let mut st = self.conn.prepare(
                    "SELECT id FROM persons WHERE division_id = ?1 AND status = '在编' \
                     AND org_id = ?2 ORDER BY id",
                )?;
                st.query_map(params![d.0, req.from.0], |r| r.get(0))?
                    .collect::<super::db::Result<_>>()?
            };
            for p in members {
                self.transfer_with_post(
                    PersonId(p),
                    new,
                    req.date,
                    &req.doc_no,
                    &format!("由{from_name}分设{new_name}"),
                )?;
            }
        }
        for (t, n) in &req.vacant {
            if *n > 0 {
                self.record(&EntryRequest {
                    date: req.date,
                    doc_no: req.doc_no.clone(),
                    kind: EntryKind::Reallocate,
                    reason: format!("由{from_name}分设{new_name}"),
                    movement: Movement {
                        post_type: *t,
                        count: *n,
                        from: Account::Org(req.from),
                        to: Account::Org(new),
                    },
                })?;
            }
        }
        self.unit_event(
            req.from,
            "split_to",
            req.date,
            &req.doc_no,
            &from_name,
            &from_name,
            Some(new),
        )?;
        self.unit_event(
            new,
            "split_from",
            req.date,
            &req.doc_no,
            &new_name,
            &new_name,
            Some(req.from),
        )?;
        Ok(new)
    }
}
