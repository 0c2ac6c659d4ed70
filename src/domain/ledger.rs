//! The staffing ledger (编制台账): every change of approved posts is an entry that moves
//! N posts of one type from one account to another. Balances are derived from entries,
//! never typed in; nothing is deleted, a mistake is undone by a reversing entry.

use super::org::OrgId;
use super::person::PersonId;
use super::post::{PerType, PostType};
use chrono::{NaiveDate, NaiveDateTime};
use serde::Serialize;
use std::collections::HashMap;
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct EntryId(pub i64);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct PoolId(pub i64);

/// Where posts sit. Posts inside the county are in units, the central reserve or pools;
/// `Above` is the source of posts approved from above, `WrittenOff` where written-off posts go.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum Account {
    /// A unit's approved posts (核定编制).
    Org(OrgId),
    /// The county's centrally managed reserve (收回/集中管理).
    Reserve,
    /// A turnover-post pool (周转编制池).
    Pool(PoolId),
    /// Outside the county: approved from above (上级核定).
    Above,
    /// Outside the county: written off (核销).
    WrittenOff,
}

impl Account {
    pub fn kind_code(self) -> &'static str {
        match self {
            Account::Org(_) => "org",
            Account::Reserve => "reserve",
            Account::Pool(_) => "pool",
            Account::Above => "above",
            Account::WrittenOff => "written_off",
        }
    }

    /// Rebuilds an account from its storage form.
    pub fn from_parts(kind: &str, org: Option<i64>, pool: Option<i64>) -> Option<Account> {
        match (kind, org, pool) {
            ("org", Some(o), None) => Some(Account::Org(OrgId(o))),
            ("reserve", None, None) => Some(Account::Reserve),
            ("pool", None, Some(p)) => Some(Account::Pool(PoolId(p))),
            ("above", None, None) => Some(Account::Above),
            ("written_off", None, None) => Some(Account::WrittenOff),
            _ => None,
        }
    }

    pub fn org(self) -> Option<OrgId> {
        match self {
            Account::Org(o) => Some(o),
            _ => None,
        }
    }

    pub fn pool(self) -> Option<PoolId> {
        match self {
            Account::Pool(p) => Some(p),
            _ => None,
        }
    }

    /// Inside the county: units, the reserve, pools. Their total changes only by entries
    /// that cross the county's boundary.
    pub fn is_inside_county(self) -> bool {
        !matches!(self, Account::Above | Account::WrittenOff)
    }
}

/// Kind of ledger entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum EntryKind {
    /// 核定: posts approved for a unit (initial approval), from above or from the reserve.
    Approve,
    /// 收回: vacant posts recovered from a unit into the central reserve.
    Recover,
    /// 调剂: posts moved between units, the reserve and pools, without people.
    Reallocate,
    /// 划转(连人带编): a person moves to another unit together with the post.
    TransferWithPerson,
    /// 核减: a unit's approved posts reduced, back into the central reserve.
    Reduce,
    /// 核销: posts written off, leaving the county.
    WriteOff,
    /// 撤销: undoes an earlier entry by moving the posts back.
    Reversal,
}

impl EntryKind {
    pub const ALL: [EntryKind; 7] = [
        EntryKind::Approve,
        EntryKind::Recover,
        EntryKind::Reallocate,
        EntryKind::TransferWithPerson,
        EntryKind::Reduce,
        EntryKind::WriteOff,
        EntryKind::Reversal,
    ];

    pub fn label(self) -> &'static str {
        match self {
            EntryKind::Approve => "核定",
            EntryKind::Recover => "收回",
            EntryKind::Reallocate => "调剂",
            EntryKind::TransferWithPerson => "划转(连人带编)",
            EntryKind::Reduce => "核减",
            EntryKind::WriteOff => "核销",
            EntryKind::Reversal => "撤销",
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            EntryKind::Approve => "approve",
            EntryKind::Recover => "recover",
            EntryKind::Reallocate => "reallocate",
            EntryKind::TransferWithPerson => "transfer_with_person",
            EntryKind::Reduce => "reduce",
            EntryKind::WriteOff => "write_off",
            EntryKind::Reversal => "reversal",
        }
    }

    pub fn from_code(code: &str) -> Option<EntryKind> {
        EntryKind::ALL.into_iter().find(|k| k.code() == code)
    }
}

impl fmt::Display for EntryKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// N posts of one type moving from one account to another.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Movement {
    pub post_type: PostType,
    pub count: i64,
    pub from: Account,
    pub to: Account,
}

impl Movement {
    /// The movement that undoes this one.
    pub fn reversed(self) -> Movement {
        Movement {
            from: self.to,
            to: self.from,
            ..self
        }
    }
}

/// A recorded ledger entry.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Entry {
    pub id: EntryId,
    /// Effective date (the date of the decision).
    pub date: NaiveDate,
    /// 文号: document number of the decision.
    pub doc_no: String,
    pub kind: EntryKind,
    pub reason: String,
    pub movement: Movement,
    /// For a reversal: the entry it undoes.
    pub reverses: Option<EntryId>,
    /// For 划转(连人带编): the person who moved with the post.
    pub person: Option<PersonId>,
    /// Who entered it, and when.
    pub operator: String,
    pub entered_at: NaiveDateTime,
}

/// Balances per account and post type, derived by summing movements. Two balances are
/// equal when every account holds the same numbers (an account at zero equals no account).
#[derive(Debug, Clone, Default)]
pub struct Balances {
    map: HashMap<Account, PerType>,
}

impl PartialEq for Balances {
    fn eq(&self, other: &Balances) -> bool {
        let covers = |a: &Balances, b: &Balances| a.map.iter().all(|(k, v)| b.of(*k) == *v);
        covers(self, other) && covers(other, self)
    }
}

impl Balances {
    /// Derives balances from movements (in any order: addition commutes).
    pub fn derive<'a>(movements: impl IntoIterator<Item = &'a Movement>) -> Balances {
        let mut b = Balances::default();
        for m in movements {
            b.apply(m);
        }
        b
    }

    pub fn apply(&mut self, m: &Movement) {
        self.map
            .entry(m.from)
            .or_default()
            .add(m.post_type, -m.count);
        self.map.entry(m.to).or_default().add(m.post_type, m.count);
    }

    pub fn get(&self, account: Account, post_type: PostType) -> i64 {
        self.map.get(&account).map_or(0, |p| p.get(post_type))
    }

    pub fn of(&self, account: Account) -> PerType {
        self.map.get(&account).copied().unwrap_or_default()
    }

    /// Approved posts of a unit, per type.
    pub fn approved(&self, org: OrgId) -> PerType {
        self.of(Account::Org(org))
    }

    pub fn accounts(&self) -> impl Iterator<Item = (&Account, &PerType)> {
        self.map.iter()
    }

    /// Total posts inside the county, per type.
    pub fn county_total(&self) -> PerType {
        let mut t = PerType::default();
        for (a, p) in &self.map {
            if a.is_inside_county() {
                for pt in PostType::ALL {
                    t.add(pt, p.get(pt));
                }
            }
        }
        t
    }

    /// Accounts other than `Above`/`WrittenOff` whose balance is negative: always empty for
    /// a ledger that the rules let through.
    pub fn negative_accounts(&self) -> Vec<(Account, PostType, i64)> {
        let mut v = Vec::new();
        for (a, p) in &self.map {
            if a.is_inside_county() {
                for pt in PostType::ALL {
                    if p.get(pt) < 0 {
                        v.push((*a, pt, p.get(pt)));
                    }
                }
            }
        }
        v.sort_by_key(|(a, pt, _)| (*a, pt.index()));
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::post::Funding;

    fn mv(from: Account, to: Account, n: i64) -> Movement {
        Movement {
            post_type: PostType::Institution(Funding::Full),
            count: n,
            from,
            to,
        }
    }

    #[test]
    fn balances_sum_movements_and_conserve() {
        let a = Account::Org(OrgId(1));
        let b = Account::Org(OrgId(2));
        let ms = [
            mv(Account::Above, a, 10),
            mv(a, Account::Reserve, 3),
            mv(Account::Reserve, b, 2),
            mv(b, Account::WrittenOff, 1),
        ];
        let bal = Balances::derive(&ms);
        let t = PostType::Institution(Funding::Full);
        assert_eq!(bal.get(a, t), 7);
        assert_eq!(bal.get(b, t), 1);
        assert_eq!(bal.get(Account::Reserve, t), 1);
        // 10 approved from above, 1 written off: 9 inside, wherever they sit.
        assert_eq!(bal.county_total().get(t), 9);
        assert_eq!(bal.get(Account::Above, t), -10);
        assert_eq!(bal.get(Account::WrittenOff, t), 1);
        assert!(bal.negative_accounts().is_empty());
    }

    #[test]
    fn reversal_restores() {
        let a = Account::Org(OrgId(1));
        let m = mv(Account::Above, a, 5);
        let bal = Balances::derive(&[m, m.reversed()]);
        assert_eq!(bal.county_total().total(), 0);
        assert_eq!(bal.get(a, m.post_type), 0);
    }

    #[test]
    fn accounts_round_trip_storage_parts() {
        for a in [
            Account::Org(OrgId(3)),
            Account::Reserve,
            Account::Pool(PoolId(2)),
            Account::Above,
            Account::WrittenOff,
        ] {
            let back =
                Account::from_parts(a.kind_code(), a.org().map(|o| o.0), a.pool().map(|p| p.0));
            assert_eq!(back, Some(a));
        }
        assert_eq!(Account::from_parts("org", None, None), None);
    }
}
