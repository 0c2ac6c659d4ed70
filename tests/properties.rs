//! Property tests: no sequence of ledger entries and person events breaks the invariants;
//! a refused operation changes nothing; reversing an entry restores the balances before it;
//! the county's posts of each type are the ones the test approved from above minus the ones
//! it wrote off, counted from its own operations that succeeded.

mod common;

use bianzhi::domain::*;
use bianzhi::store::{EntryRequest, HireRequest, Store, StoreError};
use chrono::NaiveDate;
use proptest::prelude::*;

const TYPES: [PostType; 2] = [
    PostType::Administrative,
    PostType::Institution(Funding::Full),
];
const ORGS: usize = 4;

#[derive(Debug, Clone)]
enum Op {
    Approve {
        org: usize,
        t: usize,
        n: i64,
    },
    ApproveReserve {
        t: usize,
        n: i64,
    },
    Recover {
        org: usize,
        t: usize,
        n: i64,
    },
    Reduce {
        org: usize,
        t: usize,
        n: i64,
    },
    Grant {
        org: usize,
        t: usize,
        n: i64,
    },
    Move {
        from: usize,
        to: usize,
        t: usize,
        n: i64,
    },
    WriteOff {
        org: usize,
        t: usize,
        n: i64,
    },
    Hire {
        org: usize,
        t: usize,
        who: u32,
    },
    Exit {
        who: usize,
    },
    Transfer {
        who: usize,
        org: usize,
        t: usize,
    },
    TransferWithPost {
        who: usize,
        org: usize,
    },
    Reverse {
        which: usize,
    },
}

fn op() -> impl Strategy<Value = Op> {
    let o = 0..ORGS;
    let t = 0..TYPES.len();
    let n = 1i64..5;
    prop_oneof![
        (o.clone(), t.clone(), n.clone()).prop_map(|(org, t, n)| Op::Approve { org, t, n }),
        (t.clone(), n.clone()).prop_map(|(t, n)| Op::ApproveReserve { t, n }),
        (o.clone(), t.clone(), n.clone()).prop_map(|(org, t, n)| Op::Recover { org, t, n }),
        (o.clone(), t.clone(), n.clone()).prop_map(|(org, t, n)| Op::Reduce { org, t, n }),
        (o.clone(), t.clone(), n.clone()).prop_map(|(org, t, n)| Op::Grant { org, t, n }),
        (o.clone(), o.clone(), t.clone(), n.clone()).prop_map(|(from, to, t, n)| Op::Move {
            from,
            to,
            t,
            n
        }),
        (o.clone(), t.clone(), n.clone()).prop_map(|(org, t, n)| Op::WriteOff { org, t, n }),
        (o.clone(), t.clone(), 0u32..40).prop_map(|(org, t, who)| Op::Hire { org, t, who }),
        (0usize..40).prop_map(|who| Op::Exit { who }),
        (0usize..40, o.clone(), t.clone()).prop_map(|(who, org, t)| Op::Transfer { who, org, t }),
        (0usize..40, o.clone()).prop_map(|(who, org)| Op::TransferWithPost { who, org }),
        (0usize..60).prop_map(|which| Op::Reverse { which }),
    ]
}

/// A valid ID number (born 19900101), the `n`th.
fn id(n: u32) -> String {
    common::id("19900101", n)
}

fn day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2022, 5, 1).unwrap()
}

/// What an entry did to the county's posts of type `t`, as the test counts them: posts
/// approved from above (核定) and posts written off (核销).
#[derive(Debug, Clone, Copy, Default)]
struct Effect {
    t: usize,
    approved: i64,
    written_off: i64,
}

struct World {
    store: Store,
    orgs: Vec<OrgId>,
    people: Vec<PersonId>,
    /// Entries the test recorded (reversible), with what each did at the county boundary.
    entries: Vec<(EntryId, Effect)>,
    /// Per type: posts approved from above by entries in force, counted by the test.
    approved: [i64; TYPES.len()],
    /// Per type: posts written off by entries in force, counted by the test.
    written_off: [i64; TYPES.len()],
}

impl World {
    fn new() -> World {
        let mut store = common::new_store();
        let orgs = (0..ORGS)
            .map(|i| {
                store
                    .create_org(&OrgDraft {
                        name: format!("单位{i}"),
                        kind: Some(OrgKind::GovDept),
                        ..Default::default()
                    })
                    .unwrap()
            })
            .collect();
        World {
            store,
            orgs,
            people: Vec::new(),
            entries: Vec::new(),
            approved: [0; TYPES.len()],
            written_off: [0; TYPES.len()],
        }
    }

    fn entry(
        &mut self,
        kind: EntryKind,
        t: usize,
        n: i64,
        from: Account,
        to: Account,
    ) -> Result<(), StoreError> {
        let e = self.store.record(&EntryRequest {
            date: day(),
            doc_no: "石编〔2022〕1号".into(),
            kind,
            reason: String::new(),
            movement: Movement {
                post_type: TYPES[t],
                count: n,
                from,
                to,
            },
        })?;
        let effect = Effect {
            t,
            approved: if from == Account::Above { n } else { 0 },
            written_off: if to == Account::WrittenOff { n } else { 0 },
        };
        self.approved[t] += effect.approved;
        self.written_off[t] += effect.written_off;
        self.entries.push((e, effect));
        Ok(())
    }

    fn person(&self, who: usize) -> Option<PersonId> {
        (!self.people.is_empty()).then(|| self.people[who % self.people.len()])
    }

    fn apply(&mut self, op: &Op) -> Result<(), StoreError> {
        let org = |i: usize| Account::Org(self.orgs[i]);
        match *op {
            Op::Approve { org: o, t, n } => {
                self.entry(EntryKind::Approve, t, n, Account::Above, org(o))
            }
            Op::ApproveReserve { t, n } => {
                self.entry(EntryKind::Approve, t, n, Account::Above, Account::Reserve)
            }
            Op::Recover { org: o, t, n } => {
                self.entry(EntryKind::Recover, t, n, org(o), Account::Reserve)
            }
            Op::Reduce { org: o, t, n } => {
                self.entry(EntryKind::Reduce, t, n, org(o), Account::Reserve)
            }
            Op::Grant { org: o, t, n } => {
                self.entry(EntryKind::Reallocate, t, n, Account::Reserve, org(o))
            }
            Op::Move { from, to, t, n } => {
                self.entry(EntryKind::Reallocate, t, n, org(from), org(to))
            }
            Op::WriteOff { org: o, t, n } => {
                self.entry(EntryKind::WriteOff, t, n, org(o), Account::WrittenOff)
            }
            Op::Hire { org: o, t, who } => {
                let p = self.store.hire(&HireRequest {
                    id_number: id(who),
                    details: PersonDetails {
                        name: format!("人员{who}"),
                        ..Default::default()
                    },
                    org: self.orgs[o],
                    post_type: TYPES[t],
                    date: day(),
                    doc_no: "石人社〔2022〕1号".into(),
                })?;
                if !self.people.contains(&p) {
                    self.people.push(p);
                }
                Ok(())
            }
            Op::Exit { who } => match self.person(who) {
                Some(p) => self
                    .store
                    .exit(p, ExitReason::Retirement, day(), "石人社〔2022〕2号"),
                None => Ok(()),
            },
            Op::Transfer { who, org: o, t } => match self.person(who) {
                Some(p) => {
                    self.store
                        .transfer(p, self.orgs[o], TYPES[t], day(), "石组通〔2022〕1号")
                }
                None => Ok(()),
            },
            Op::TransferWithPost { who, org: o } => match self.person(who) {
                Some(p) => {
                    let e = self.store.transfer_with_post(
                        p,
                        self.orgs[o],
                        day(),
                        "石编〔2022〕40号",
                        "",
                    )?;
                    // Inside the county: nothing approved, nothing written off.
                    self.entries.push((e, Effect::default()));
                    Ok(())
                }
                None => Ok(()),
            },
            Op::Reverse { which } => {
                if self.entries.is_empty() {
                    return Ok(());
                }
                let (e, effect) = self.entries[which % self.entries.len()];
                let before = self.store.balances(None).unwrap();
                let original = self.store.entry(e).unwrap();
                self.store.reverse(e, day(), "石编〔2022〕99号", "撤销")?;
                // The reversal undoes what the entry approved or wrote off.
                self.approved[effect.t] -= effect.approved;
                self.written_off[effect.t] -= effect.written_off;
                // Reversing restores the balances as they would be without the entry.
                let mut expected = before;
                expected.apply(&original.movement.reversed());
                assert_eq!(self.store.balances(None).unwrap(), expected);
                Ok(())
            }
        }
    }

    fn fingerprint(&self) -> (Balances, usize, Vec<Person>) {
        (
            self.store.balances(None).unwrap(),
            self.store.entries(None).unwrap().len(),
            self.store.people().unwrap(),
        )
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, .. ProptestConfig::default() })]

    #[test]
    fn invariants_hold_for_any_sequence(ops in proptest::collection::vec(op(), 1..60)) {
        let mut w = World::new();
        for op in &ops {
            let before = w.fingerprint();
            match w.apply(op) {
                Ok(()) => {}
                Err(StoreError::Rule(_)) | Err(StoreError::Id(_)) => {
                    // Refused: the database is exactly as it was.
                    prop_assert_eq!(w.fingerprint(), before);
                }
                Err(e) => panic!("unexpected error {e} for {op:?}"),
            }
            let problems = w.store.check().unwrap();
            prop_assert!(problems.is_empty(), "after {:?}: {:?}", op, problems);
            // The county's posts: what the test approved from above minus what it wrote off.
            let total = w.store.balances(None).unwrap().county_total();
            for pt in PostType::ALL {
                let expected = match TYPES.iter().position(|&t| t == pt) {
                    Some(t) => w.approved[t] - w.written_off[t],
                    None => 0,
                };
                prop_assert_eq!(total.get(pt), expected, "{} after {:?}", pt, op);
            }
            // Vacancies can only be negative if nothing but the rules changed posts: never here.
            for o in &w.orgs {
                for t in TYPES {
                    prop_assert!(w.store.occupied(*o, t).unwrap() <= w.store.approved(*o, t).unwrap());
                }
            }
        }
    }
}
