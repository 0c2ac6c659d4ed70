//! What a write changed (单位, 人员, 台账, 周转编制, …), read from the 操作日志 rows of the
//! action it wrote: every write records it, whichever code path made it, so the window
//! reloads only what depends on it ([`Store::take_changes`]).

use super::db::{Backend, Connection};
use super::{Result, Store};
use crate::domain::PersonId;

/// Kinds of records a write can change, as bits.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct Kinds(u16);

impl Kinds {
    pub const NONE: Kinds = Kinds(0);
    /// Units (orgs).
    pub const UNITS: Kinds = Kinds(1);
    /// People and their events (入编, 出编, 调动), imports.
    pub const PEOPLE: Kinds = Kinds(1 << 1);
    /// Ledger entries, 退二补一 conversions.
    pub const LEDGER: Kinds = Kinds(1 << 2);
    /// Township standards, allocations, March filings.
    pub const TOWNSHIPS: Kinds = Kinds(1 << 3);
    /// Turnover pools, plans, issues, returns.
    pub const TURNOVER: Kinds = Kinds(1 << 4);
    /// Applications, their trail, suggestions, hiring plans, rectifications.
    pub const APPLICATIONS: Kinds = Kinds(1 << 5);
    /// Indicator systems, evaluations, scores, vetoes, policy suggestions, rectifications.
    pub const EVALUATIONS: Kinds = Kinds(1 << 6);
    /// Settings kept in the database.
    pub const SETTINGS: Kinds = Kinds(1 << 7);
    /// Operators.
    pub const OPERATORS: Kinds = Kinds(1 << 8);
    /// The 操作日志 (every write, and events such as sign-ins and backups).
    pub const AUDIT: Kinds = Kinds(1 << 9);
    /// The 文件库: documents and their attachments.
    pub const DOCUMENTS: Kinds = Kinds(1 << 10);
    /// Everything.
    pub const ALL: Kinds = Kinds((1 << 11) - 1);

    /// What a change to `table` is a change of.
    pub fn of_table(table: &str) -> Kinds {
        match table {
            "orgs"
            | "org_history"
            | "leader_entries"
            | "appointments"
            | "outside_staff"
            | "outside_control_entries" => Kinds::UNITS,
            "persons" | "person_events" | "person_corrections" | "imports" => Kinds::PEOPLE,
            "ledger_entries" | "conversions" => Kinds::LEDGER,
            "township_standards" | "allocations" | "township_filings" | "township_filing_lines" => {
                Kinds::TOWNSHIPS
            }
            "divisions" | "division_events" => Kinds::PEOPLE,
            "township_class_changes" => Kinds::TOWNSHIPS.union(Kinds::UNITS),
            "pools" | "turnover_plans" | "turnover_issues" | "turnover_returns" => Kinds::TURNOVER,
            "applications"
            | "application_trail"
            | "application_reviews"
            | "suggestions"
            | "hiring_plans"
            | "hiring_plan_uses" => Kinds::APPLICATIONS,
            "rectifications" => Kinds::APPLICATIONS | Kinds::EVALUATIONS,
            "documents" | "attachments" | "attachment_blobs" => Kinds::DOCUMENTS,
            "reconcile_rounds" | "reconcile_rows" | "reconcile_findings" | "notices" => {
                Kinds::PEOPLE.union(Kinds::EVALUATIONS)
            }
            "indicator_systems"
            | "evaluations"
            | "evaluation_scores"
            | "evaluation_vetoes"
            | "policy_suggestions"
            | "evaluation_reopenings" => Kinds::EVALUATIONS,
            "app_settings" => Kinds::SETTINGS,
            "operators" => Kinds::OPERATORS,
            "audit_actions" | "audit_log" => Kinds::AUDIT,
            // A table added later and not listed here: assume it touches everything.
            _ => Kinds::ALL,
        }
    }

    pub const fn union(self, other: Kinds) -> Kinds {
        Kinds(self.0 | other.0)
    }

    pub const fn without(self, other: Kinds) -> Kinds {
        Kinds(self.0 & !other.0)
    }

    pub fn intersects(self, other: Kinds) -> bool {
        self.0 & other.0 != 0
    }

    pub fn is_empty(self) -> bool {
        self.0 == 0
    }
}

impl std::ops::BitOr for Kinds {
    type Output = Kinds;
    fn bitor(self, rhs: Kinds) -> Kinds {
        Kinds(self.0 | rhs.0)
    }
}

impl std::ops::BitOrAssign for Kinds {
    fn bitor_assign(&mut self, rhs: Kinds) {
        self.0 |= rhs.0;
    }
}

/// More people than this changed in one write (an import): the registry reloads everyone
/// instead of updating rows one by one.
pub const FEW_PEOPLE: usize = 200;

/// What one or more writes changed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Changes {
    pub kinds: Kinds,
    /// The people whose rows changed, when few did; `None` when many did (or unknown).
    pub people: Option<Vec<PersonId>>,
}

impl Changes {
    /// Everything changed (a new database, another operator signed in).
    pub fn all() -> Changes {
        Changes {
            kinds: Kinds::ALL,
            people: None,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.kinds.is_empty()
    }

    /// Adds what `other` changed.
    pub fn absorb(&mut self, other: Changes) {
        let had_people = self.kinds.intersects(Kinds::PEOPLE);
        self.kinds |= other.kinds;
        self.people = match (had_people, self.people.take(), other.people) {
            // Nothing about people before: the other's list (or none).
            (false, _, theirs) => theirs,
            (true, Some(mut mine), Some(theirs)) => {
                mine.extend(theirs);
                mine.sort();
                mine.dedup();
                (mine.len() <= FEW_PEOPLE).then_some(mine)
            }
            (true, Some(mine), None) if !other.kinds.intersects(Kinds::PEOPLE) => Some(mine),
            _ => None,
        };
    }
}

/// What the action `action_id` changed, from its 操作日志 rows.
pub(crate) fn of_action(conn: &Connection, action_id: i64) -> Result<Changes> {
    let mut kinds = Kinds::AUDIT;
    let mut people_rows = 0usize;
    {
        let mut st = conn.prepare_cached(&format!(
            "SELECT table_name, SUM({}) FROM audit_log WHERE action_id = ?1 GROUP BY table_name",
            super::audit::ROWS_LOGGED
        ))?;
        let mut rows = st.query([action_id])?;
        while let Some(r) = rows.next()? {
            let table: String = r.get(0)?;
            let n: i64 = r.get(1)?;
            kinds |= Kinds::of_table(&table);
            if table == "persons" {
                people_rows = n as usize;
            }
        }
    }
    let people = if !kinds.intersects(Kinds::PEOPLE) {
        None
    } else if people_rows <= FEW_PEOPLE {
        let mut st = conn.prepare_cached(
            "SELECT row_id, COALESCE(last_row_id, row_id) FROM audit_log \
             WHERE action_id = ?1 AND table_name = 'persons' AND row_id IS NOT NULL",
        )?;
        let ranges = st
            .query_map([action_id], |r| {
                Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?))
            })?
            .collect::<super::db::Result<Vec<_>>>()?;
        let mut ids: Vec<PersonId> = ranges
            .into_iter()
            .flat_map(|(a, b)| a..=b)
            .map(PersonId)
            .collect();
        ids.sort_unstable();
        ids.dedup();
        Some(ids)
    } else {
        None
    };
    Ok(Changes { kinds, people })
}

/// How far a connection has followed the database: SQLite's change counter (which moves
/// when another connection commits) and the newest action followed.
#[derive(Debug, Default)]
pub(crate) struct Seen {
    data_version: i64,
    last_action: i64,
    /// Actions this connection wrote since, already followed as they were written.
    pub(crate) own: Vec<i64>,
}

/// A number that moves when another connection commits: SQLite's `data_version`; on
/// PostgreSQL the newest action (every write ends with one).
fn data_version(conn: &Connection) -> Result<i64> {
    Ok(match (conn.backend(), conn.sqlite()) {
        (Backend::Sqlite, Some(c)) => c.pragma_query_value(None, "data_version", |r| r.get(0))?,
        _ => conn.query_row("SELECT COALESCE(MAX(id), 0) FROM audit_actions", (), |r| {
            r.get(0)
        })?,
    })
}

impl Seen {
    /// Where the database stands now.
    pub(crate) fn now(conn: &Connection) -> Result<Seen> {
        Ok(Seen {
            data_version: data_version(conn)?,
            last_action: conn.query_row(
                "SELECT COALESCE(MAX(id), 0) FROM audit_actions",
                (),
                |r| r.get(0),
            )?,
            own: Vec::new(),
        })
    }
}

impl Store {
    /// What others (another clerk, another window, the command line, an import on its own
    /// thread) wrote to the database since the last call, read from their actions; empty
    /// when nothing (one pragma then). Writes made through this store are not in it.
    pub fn follow_others(&mut self) -> Result<Changes> {
        let mut theirs = Changes::default();
        let version = data_version(&self.conn)?;
        if version == self.seen.data_version {
            return Ok(theirs);
        }
        self.seen.data_version = version;
        let actions: Vec<i64> = self
            .conn
            .prepare_cached("SELECT id FROM audit_actions WHERE id > ?1 ORDER BY id")?
            .query_map([self.seen.last_action], |r| r.get(0))?
            .collect::<super::db::Result<_>>()?;
        for &id in &actions {
            if !self.seen.own.contains(&id) {
                theirs.absorb(of_action(&self.conn, id)?);
            }
        }
        if let Some(&last) = actions.last() {
            self.seen.last_action = last;
            self.seen.own.retain(|&id| id > last);
        }
        Ok(theirs)
    }

    /// What the writes since the last call changed (and forgets it).
    pub fn take_changes(&mut self) -> Changes {
        std::mem::take(&mut self.changes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn people(ids: &[i64]) -> Changes {
        Changes {
            kinds: Kinds::PEOPLE,
            people: Some(ids.iter().copied().map(PersonId).collect()),
        }
    }

    #[test]
    fn absorbing_keeps_the_few_people_and_gives_up_on_many() {
        let mut c = Changes::default();
        c.absorb(Changes {
            kinds: Kinds::LEDGER,
            people: None,
        });
        assert_eq!(c.people, None);
        c.absorb(people(&[3, 1]));
        assert_eq!(c.people, Some(vec![PersonId(3), PersonId(1)]));
        c.absorb(people(&[1, 2]));
        assert_eq!(c.people, Some(vec![PersonId(1), PersonId(2), PersonId(3)]));
        assert!(c.kinds.intersects(Kinds::LEDGER) && c.kinds.intersects(Kinds::PEOPLE));
        // A write that changed people without saying which: nobody can be trusted to be
        // the only one.
        c.absorb(Changes {
            kinds: Kinds::PEOPLE,
            people: None,
        });
        assert_eq!(c.people, None);
        let many: Vec<i64> = (0..=FEW_PEOPLE as i64).collect();
        let mut c = people(&[]);
        c.absorb(people(&many));
        assert_eq!(c.people, None, "more than FEW_PEOPLE");
    }

    #[test]
    fn every_table_of_the_schema_is_a_known_kind() {
        let store = Store::open_in_memory().unwrap();
        let tables: Vec<String> = store
            .sql_for_tests()
            .prepare(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
            )
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<rusqlite::Result<Vec<String>>>()
            .unwrap();
        assert!(tables.len() > 20);
        for t in tables {
            assert_ne!(Kinds::of_table(&t), Kinds::ALL, "table {t} is not mapped");
        }
    }
}
