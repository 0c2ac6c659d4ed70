//! Benchmark (issue 2): deriving all balances for 500 units, 100,000 people and 50,000
//! ledger entries (target < 50 ms), and `bianzhi stats --json` on that database end to end
//! (target < 300 ms).
//!
//! Run: `cargo bench --profile dev --bench ledger` (reuses the test build; dependencies
//! optimised, our crate not) or `cargo bench --bench ledger` (release).

mod common;

use bianzhi::domain::*;
use bianzhi::stats::CountyStats;
use common::{PEOPLE, UNITS, build, time};

fn main() {
    let dir = common::temp_dir();
    let path = dir.join("bench.db");
    let store = build(&path);
    let entries: i64 = store
        .sql_for_tests()
        .query_row("SELECT COUNT(*) FROM ledger_entries", [], |r| r.get(0))
        .unwrap_or(0);
    println!("{UNITS} units, {PEOPLE} people, {entries} ledger entries");

    let movements: Vec<Movement> = store
        .entries(None)
        .expect("entries")
        .iter()
        .map(|e| e.movement)
        .collect();
    let pure = time(50, || Balances::derive(&movements));
    let loaded = time(20, || store.balances(None).expect("balances"));
    let occupancy = time(20, || store.occupancy().expect("occupancy"));
    let stats = time(10, || CountyStats::derive(&store, None).expect("stats"));
    println!(
        "derive balances from {entries} movements in memory: {:.2} ms",
        pure.as_secs_f64() * 1e3
    );
    println!(
        "load + derive all balances (SQLite):              {:.2} ms  (target < 50 ms)",
        loaded.as_secs_f64() * 1e3
    );
    println!(
        "occupancy of all units:                           {:.2} ms",
        occupancy.as_secs_f64() * 1e3
    );
    println!(
        "CountyStats::derive:                              {:.2} ms",
        stats.as_secs_f64() * 1e3
    );
    drop(store);

    let exe = env!("CARGO_BIN_EXE_bianzhi");
    let cli = time(7, || {
        std::process::Command::new(exe)
            .args(["stats", "--json", "--db"])
            .arg(&path)
            .output()
            .expect("run bianzhi")
    });
    println!(
        "`bianzhi stats --json` end to end:                {:.1} ms  (target < 300 ms)",
        cli.as_secs_f64() * 1e3
    );
    let _ = std::fs::remove_dir_all(&dir);
}
