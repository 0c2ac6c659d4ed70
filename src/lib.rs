//! 编制通 (Bianzhi): a county's institutional-staffing ledger and registry.
//!
//! - [`domain`]: pure rules, ledger and validation (no SQLite, no egui);
//! - [`store`]: the SQLite database (migrations, transactions, queries);
//! - [`stats`]: the county as the ledger derives it (what `bianzhi stats` prints);
//! - [`demo`]: the demo county;
//! - [`import`]: Excel import of units tables and rosters; [`export`]: writing xlsx files;
//! - [`cli`]: the command line.

pub mod cli;
pub mod clock;
pub mod demo;
pub mod domain;
pub mod export;
#[doc(hidden)]
pub mod fuzzing;
pub mod import;
pub mod stats;
pub mod store;
#[cfg(feature = "gui")]
pub mod ui;
