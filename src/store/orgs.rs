//! Units and pools.

use super::db::{Connection, OptionalExtension, Row, params};
use super::{Result, Store, StoreError, Tx};
use crate::domain::org::normalize_name;
use crate::domain::turnover::PoolScope;
use crate::domain::{Funding, Org, OrgDraft, OrgId, OrgKind, PoolId, RuleViolation, TownshipClass};

/// A unit's columns; its approved leadership positions are the sums of its 领导职数 entries.
const ORG_COLUMNS: &str = "id, name, short_name, kind, grade, parent_id, funding, township_class, \
     (SELECT COALESCE(SUM(delta), 0) FROM leader_entries e \
      WHERE e.org_id = orgs.id AND e.level = 'chief'), \
     (SELECT COALESCE(SUM(delta), 0) FROM leader_entries e \
      WHERE e.org_id = orgs.id AND e.level = 'deputy'), \
     credit_code";

fn org_from_row(r: &Row<'_>) -> super::db::Result<Org> {
    let kind: String = r.get(3)?;
    let funding: Option<String> = r.get(6)?;
    let class: Option<i64> = r.get(7)?;
    Ok(Org {
        id: OrgId(r.get(0)?),
        name: r.get(1)?,
        short_name: r.get(2)?,
        kind: OrgKind::parse(&kind).unwrap_or(OrgKind::Other),
        grade: r.get(4)?,
        parent: r.get::<_, Option<i64>>(5)?.map(OrgId),
        funding: funding.as_deref().and_then(Funding::parse),
        township_class: class.and_then(TownshipClass::from_number),
        leaders_chief: r.get(8)?,
        leaders_deputy: r.get(9)?,
        credit_code: r.get(10)?,
    })
}

pub(crate) fn load_orgs(conn: &Connection) -> Result<Vec<Org>> {
    let mut st = conn.prepare_cached(&format!("SELECT {ORG_COLUMNS} FROM orgs ORDER BY id"))?;
    let rows = st.query_map((), org_from_row)?;
    Ok(rows.collect::<super::db::Result<_>>()?)
}

pub(crate) fn load_org(conn: &Connection, id: OrgId) -> Result<Org> {
    conn.query_row(
        &format!("SELECT {ORG_COLUMNS} FROM orgs WHERE id = ?1"),
        [id.0],
        org_from_row,
    )
    .optional()?
    .ok_or_else(|| StoreError::NotFound(format!("单位（编号 {}）", id.0)))
}

pub(crate) fn find_org_by_name(conn: &Connection, name: &str) -> Result<Option<Org>> {
    Ok(conn
        .query_row(
            &format!("SELECT {ORG_COLUMNS} FROM orgs WHERE name = ?1"),
            [normalize_name(name)],
            org_from_row,
        )
        .optional()?)
}

fn validate_draft(d: &OrgDraft, kind: OrgKind) -> Result<String> {
    let name = normalize_name(&d.name);
    if name.is_empty() {
        return Err(RuleViolation::EmptyOrgName.into());
    }
    if d.township_class.is_some() && kind != OrgKind::Township {
        return Err(RuleViolation::TownshipClassNotTownship(name).into());
    }
    if d.leaders_chief < 0 || d.leaders_deputy < 0 {
        return Err(RuleViolation::NegativeLeaders.into());
    }
    Ok(name)
}

impl Tx<'_> {
    /// 新增单位.
    pub fn create_org(&mut self, d: &OrgDraft) -> Result<OrgId> {
        self.describe("新增单位");
        let kind = d.kind.unwrap_or(OrgKind::Other);
        let name = validate_draft(d, kind)?;
        if find_org_by_name(self.conn, &name)?.is_some() {
            return Err(RuleViolation::DuplicateOrgName(name).into());
        }
        let new_id = self.conn
            .prepare_insert(
                "INSERT INTO orgs (name, short_name, kind, grade, parent_id, funding, township_class, \
                 leaders_chief, leaders_deputy, credit_code, created_at) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
            )?
            .insert(params![
                name,
                d.short_name,
                kind.label(),
                d.grade,
                d.parent.map(|p| p.0),
                d.funding.map(Funding::label),
                d.township_class.map(|c| c.number()),
                0,
                0,
                d.credit_code,
                self.now,
            ])?;
        let id = OrgId(new_id);
        self.set_leaders_of_draft(id, d)?;
        Ok(id)
    }

    /// Updates a unit's attributes (not its posts: those change only through the ledger).
    pub fn update_org(&mut self, id: OrgId, d: &OrgDraft) -> Result<()> {
        self.describe("修改单位");
        let kind = d.kind.unwrap_or(OrgKind::Other);
        let name = validate_draft(d, kind)?;
        if d.parent == Some(id) {
            return Err(RuleViolation::SelfParent.into());
        }
        if let Some(other) = find_org_by_name(self.conn, &name)?
            && other.id != id
        {
            return Err(RuleViolation::DuplicateOrgName(name).into());
        }
        let n = self.conn.execute(
            "UPDATE orgs SET name = ?2, short_name = ?3, kind = ?4, grade = ?5, parent_id = ?6, \
             funding = ?7, township_class = ?8, credit_code = ?9 WHERE id = ?1",
            params![
                id.0,
                name,
                d.short_name,
                kind.label(),
                d.grade,
                d.parent.map(|p| p.0),
                d.funding.map(Funding::label),
                d.township_class.map(|c| c.number()),
                d.credit_code,
            ],
        )?;
        if n == 0 {
            return Err(StoreError::NotFound(format!("单位（编号 {}）", id.0)));
        }
        self.set_leaders_of_draft(id, d)
    }

    /// The draft's leadership positions, as 领导职数 entries for what changed: dated and
    /// numbered as the draft's basis says (an import row's date and 文号), else today and
    /// a note that they came with the unit's record.
    fn set_leaders_of_draft(&mut self, id: OrgId, d: &OrgDraft) -> Result<()> {
        let (date, doc_no) = match &d.basis {
            Some((date, doc_no)) if !doc_no.trim().is_empty() => (*date, doc_no.clone()),
            _ => (crate::clock::today(), "（随单位信息登记）".to_string()),
        };
        self.set_leaders_to(id, d.leaders_chief, d.leaders_deputy, date, &doc_no)
    }

    /// Creates a turnover-post pool (its posts come through ledger entries), its scope as
    /// its name says ([`PoolScope::from_name`]).
    pub fn create_pool(&mut self, name: &str) -> Result<PoolId> {
        self.create_scoped_pool(name, PoolScope::from_name(name))
    }

    /// Creates a turnover-post pool that issues only within `scope` (专编专用).
    pub fn create_scoped_pool(&mut self, name: &str, scope: PoolScope) -> Result<PoolId> {
        self.describe("新建周转编制池");
        let name = name.trim();
        if name.is_empty() {
            return Err(RuleViolation::EmptyOrgName.into());
        }
        let new_id = self.conn.insert(
            "INSERT INTO pools (name, created_at, scope) VALUES (?1, ?2, ?3)",
            params![name, self.now, scope.code()],
        )?;
        Ok(PoolId(new_id))
    }

    pub fn org_by_name(&self, name: &str) -> Result<Option<Org>> {
        find_org_by_name(self.conn, name)
    }
}

impl Store {
    pub fn orgs(&self) -> Result<Vec<Org>> {
        load_orgs(&self.conn)
    }

    pub fn org(&self, id: OrgId) -> Result<Org> {
        load_org(&self.conn, id)
    }

    pub fn org_by_name(&self, name: &str) -> Result<Option<Org>> {
        find_org_by_name(&self.conn, name)
    }

    pub fn pools(&self) -> Result<Vec<(PoolId, String)>> {
        let mut st = self
            .conn
            .prepare("SELECT id, name FROM pools ORDER BY id")?;
        let rows = st.query_map((), |r| Ok((PoolId(r.get(0)?), r.get(1)?)))?;
        Ok(rows.collect::<super::db::Result<_>>()?)
    }

    /// 新增单位, as one transaction.
    pub fn create_org(&mut self, d: &OrgDraft) -> Result<OrgId> {
        self.write(|tx| tx.create_org(d))
    }
}
