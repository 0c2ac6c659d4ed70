//! The queries the county's figures ([`crate::stats::CountyStats`]) are derived from, as
//! of today or a past date: occupancy replayed from person events, the ledger's counts per
//! year, how many entries there are.

use super::{Result, Store, date_sql};
use crate::domain::{OrgId, PerType, PostType};
use chrono::NaiveDate;
use std::collections::HashMap;

/// What the ledger did in one year, by kind: entries that were later reversed are not
/// counted.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LedgerYear {
    /// Posts recovered into the reserve (收回).
    pub recovered: i64,
    /// 划转(连人带编) entries.
    pub transferred_with_people: i64,
    /// Posts granted from the reserve to units.
    pub reserve_grants: i64,
    /// 退二补一 conversions (write-offs that carry one).
    pub conversions: i64,
}

impl Store {
    /// Occupancy per unit as of a date, replaying person events dated on or before it, and
    /// the number of people on turnover posts then.
    pub fn occupancy_as_of(&self, as_of: NaiveDate) -> Result<(HashMap<OrgId, PerType>, i64)> {
        let mut st = self.conn.prepare(
            "SELECT person_id, status, org_id, post_type, turnover_issue FROM person_events \
             WHERE date <= ?1 ORDER BY date, id",
        )?;
        let mut rows = st.query([date_sql(as_of)])?;
        // The last state of each person: on a unit's post, on a turnover post, or neither.
        let mut last: HashMap<i64, (Option<(i64, String)>, bool)> = HashMap::new();
        while let Some(r) = rows.next()? {
            let status: String = r.get(1)?;
            // People on turnover posts do not count in their unit's occupancy.
            let turnover: Option<i64> = r.get(4)?;
            let on_post = status == "在编";
            let post = if on_post && turnover.is_none() {
                Some((r.get::<_, i64>(2)?, r.get::<_, String>(3)?))
            } else {
                None
            };
            last.insert(r.get(0)?, (post, on_post && turnover.is_some()));
        }
        let mut out: HashMap<OrgId, PerType> = HashMap::new();
        let mut on_turnover = 0;
        for (post, turnover) in last.into_values() {
            on_turnover += i64::from(turnover);
            if let Some((org, code)) = post
                && let Some(t) = PostType::from_code(&code)
            {
                out.entry(OrgId(org)).or_default().add(t, 1);
            }
        }
        Ok((out, on_turnover))
    }

    /// The ledger's counts per year, up to `as_of` (everything when `None`).
    pub fn ledger_years(&self, as_of: Option<NaiveDate>) -> Result<HashMap<i32, LedgerYear>> {
        let mut st = self.conn.prepare_cached(
            "SELECT CAST(substr(e.date, 1, 4) AS INTEGER), \
                    CASE WHEN e.from_kind = 'reserve' AND e.to_kind = 'org' THEN 'grant' \
                         ELSE e.kind END, \
                    SUM(e.count), COUNT(*), \
                    CASE WHEN e.kind = 'write_off' \
                         THEN (SELECT COUNT(*) FROM conversions c WHERE c.write_off_entry = e.id) \
                         ELSE 0 END \
             FROM ledger_entries e \
             WHERE (e.kind IN ('recover', 'transfer_with_person', 'write_off') \
                    OR (e.from_kind = 'reserve' AND e.to_kind = 'org' \
                        AND e.kind IN ('approve', 'reallocate'))) \
               AND NOT EXISTS (SELECT 1 FROM ledger_entries r WHERE r.reverses = e.id \
                               AND (CAST(?1 AS TEXT) IS NULL OR r.date <= ?1)) \
               AND (CAST(?1 AS TEXT) IS NULL OR e.date <= ?1) \
             GROUP BY 1, 2, 5",
        )?;
        let mut rows = st.query([as_of.map(date_sql)])?;
        let mut out: HashMap<i32, LedgerYear> = HashMap::new();
        while let Some(r) = rows.next()? {
            let kind: String = r.get(1)?;
            let (sum, count, conversion): (i64, i64, i64) = (r.get(2)?, r.get(3)?, r.get(4)?);
            let y = out.entry(r.get(0)?).or_default();
            match kind.as_str() {
                "recover" => y.recovered += sum,
                "transfer_with_person" => y.transferred_with_people += count,
                "grant" => y.reserve_grants += sum,
                "write_off" if conversion > 0 => y.conversions += count,
                _ => {}
            }
        }
        Ok(out)
    }

    /// The year of the ledger's first entry, if it has any.
    pub fn first_ledger_year(&self) -> Result<Option<i32>> {
        Ok(self.conn.query_row(
            "SELECT CAST(substr(MIN(date), 1, 4) AS INTEGER) FROM ledger_entries",
            (),
            |r| r.get(0),
        )?)
    }

    /// How many ledger entries are dated on or before `as_of` (all when `None`).
    pub fn entry_count(&self, as_of: Option<NaiveDate>) -> Result<i64> {
        Ok(self.conn.query_row(
            "SELECT COUNT(*) FROM ledger_entries WHERE CAST(?1 AS TEXT) IS NULL OR date <= ?1",
            [as_of.map(date_sql)],
            |r| r.get(0),
        )?)
    }
}
