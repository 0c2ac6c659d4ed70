//! The pure domain: post types, orgs, people, ID numbers, the ledger and the rules. Nothing
//! in here knows about SQLite or egui.

pub mod access;
pub mod application;
pub mod columns;
pub mod conversion;
pub mod correction;
pub mod date;
pub mod division;
pub mod doc_no;
pub mod document;
pub mod evaluation;
pub mod gender;
pub mod id_number;
pub mod leadership;
pub mod ledger;
pub mod notice;
pub mod org;
pub mod outside;
pub mod person;
pub mod post;
pub mod reconcile;
pub mod retirement;
pub mod rules;
pub mod township;
pub mod turnover;

pub use access::{Operator, Permission, Role};
pub use date::PartialDate;
pub use division::{Division, DivisionId, DivisionKind};
pub use id_number::{IdError, IdNumber};
pub use ledger::{Account, Balances, Entry, EntryId, EntryKind, Movement, PoolId};
pub use org::{Org, OrgDraft, OrgId, OrgKind, TownshipClass};
pub use person::{
    ExitReason, Gender, KEPT_FIELDS, KeptFields, Person, PersonDetails, PersonId, PersonStatus,
    kept_field_label,
};
pub use post::{Funding, PerType, PostHeld, PostType};
pub use rules::RuleViolation;
