//! Balances read straight from the tables: a unit's approved posts and the people on
//! them, any account's balance, what a pool has out with units, and whether a person holds
//! a turnover post. A leaf: the ledger, people and turnover operations all check their
//! rules against these, and none of them is needed here.

use super::db::{Connection, params};
use super::{Result, post_type_from_sql};
use crate::domain::{Account, OrgId, PerType, PersonId, PoolId, PostType};
use std::collections::HashMap;

/// Approved posts of one unit and type, summed from its entries.
pub(crate) fn approved(conn: &Connection, org: OrgId, post_type: PostType) -> Result<i64> {
    let mut st = conn.prepare_cached(
        "SELECT (SELECT COALESCE(SUM(count), 0) FROM ledger_entries WHERE to_org = ?1 AND post_type = ?2) \
              - (SELECT COALESCE(SUM(count), 0) FROM ledger_entries WHERE from_org = ?1 AND post_type = ?2)",
    )?;
    Ok(st.query_row(params![org.0, post_type.code()], |r| r.get(0))?)
}

/// Balance of any account and type.
pub(crate) fn balance(conn: &Connection, account: Account, post_type: PostType) -> Result<i64> {
    if let Account::Org(o) = account {
        return approved(conn, o, post_type);
    }
    let mut st = conn.prepare_cached(
        "SELECT COALESCE(SUM(CASE WHEN to_kind = ?1 AND to_pool IS NOT DISTINCT FROM ?2 THEN count ELSE 0 END), 0) \
              - COALESCE(SUM(CASE WHEN from_kind = ?1 AND from_pool IS NOT DISTINCT FROM ?2 THEN count ELSE 0 END), 0) \
         FROM ledger_entries WHERE post_type = ?3 AND (to_kind = ?1 OR from_kind = ?1)",
    )?;
    Ok(st.query_row(
        params![
            account.kind_code(),
            account.pool().map(|p| p.0),
            post_type.code()
        ],
        |r| r.get(0),
    )?)
}

/// People on posts of one unit and type (people on turnover posts are not counted: those
/// posts are the pool's, not the unit's).
pub(crate) fn occupied(conn: &Connection, org: OrgId, post_type: PostType) -> Result<i64> {
    let mut st = conn.prepare_cached(
        "SELECT COUNT(*) FROM persons WHERE status = '在编' AND org_id = ?1 AND post_type = ?2 \
         AND turnover_issue IS NULL",
    )?;
    Ok(st.query_row(params![org.0, post_type.code()], |r| r.get(0))?)
}

/// Current occupancy of every unit, per type.
pub(crate) fn occupancy_now(conn: &Connection) -> Result<HashMap<OrgId, PerType>> {
    let mut st = conn.prepare_cached(
        "SELECT org_id, post_type, COUNT(*) FROM persons WHERE status = '在编' \
         AND turnover_issue IS NULL GROUP BY org_id, post_type",
    )?;
    let mut rows = st.query(())?;
    let mut out: HashMap<OrgId, PerType> = HashMap::new();
    while let Some(r) = rows.next()? {
        let pt: String = r.get(1)?;
        out.entry(OrgId(r.get(0)?))
            .or_default()
            .add(post_type_from_sql(&pt)?, r.get(2)?);
    }
    Ok(out)
}

/// Posts of a pool (of one type, or all) out with units now.
pub(crate) fn issued_from(
    conn: &Connection,
    pool: PoolId,
    post_type: Option<PostType>,
) -> Result<i64> {
    let pt = post_type.map(PostType::code);
    Ok(conn.query_row(
        "SELECT COALESCE(SUM(i.count), 0) - COALESCE((SELECT SUM(r.count) FROM turnover_returns r \
         JOIN turnover_issues j ON r.issue_id = j.id \
         WHERE j.pool_id = ?1 AND (CAST(?2 AS TEXT) IS NULL OR j.post_type = ?2)), 0) \
         FROM turnover_issues i WHERE i.pool_id = ?1 AND (CAST(?2 AS TEXT) IS NULL OR i.post_type = ?2)",
        params![pool.0, pt],
        |r| r.get(0),
    )?)
}

/// Posts of one type a pool can still issue or give back: its ledger balance minus what is
/// out with units.
pub(crate) fn pool_available(conn: &Connection, pool: PoolId, post_type: PostType) -> Result<i64> {
    Ok(balance(conn, Account::Pool(pool), post_type)? - issued_from(conn, pool, Some(post_type))?)
}

/// The issue a person holds a turnover post of, if any.
pub(crate) fn turnover_issue_of(conn: &Connection, person: PersonId) -> Result<Option<i64>> {
    Ok(conn.query_row(
        "SELECT turnover_issue FROM persons WHERE id = ?1",
        [person.0],
        |r| r.get(0),
    )?)
}
