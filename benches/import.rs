//! Benchmark of the roster import (issue 3): `../shared/samples/big_roster.xlsx` (100,000
//! rows) end to end — read, validate, write — into a database holding the units of
//! `orgs.xlsx`, next to calamine's bare read of the same file (the floor).
//!
//! Run: `cargo bench --bench import` (release; targets: ≤ 2.0× the floor, peak
//! memory < 500 MB), optionally with the number of runs: `cargo bench --bench import -- 5`.

// The app's allocator (see src/main.rs), so that the numbers are the app's.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use bianzhi::import::{self, ImportKind, Progress, Settings};
use bianzhi::store::Store;
use calamine::Reader;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

fn samples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/samples")
}

fn peak_rss_mb() -> Option<f64> {
    let s = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = s.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

fn floor(path: &Path) -> Duration {
    let t = Instant::now();
    let mut wb = calamine::open_workbook_auto(path).expect("open big_roster.xlsx");
    let name = wb.sheet_names()[0].clone();
    let range = wb.worksheet_range(&name).expect("read sheet");
    let n = range.height();
    let d = t.elapsed();
    assert!(n > 100_000);
    d
}

fn main() {
    let big = samples().join("big_roster.xlsx");
    let orgs = samples().join("orgs.xlsx");
    if !big.exists() || !orgs.exists() {
        println!("跳过：找不到 {}（共享样例不在）", big.display());
        return;
    }
    let runs: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(3);
    let dir = std::env::temp_dir().join(format!("bianzhi-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let settings = Settings::default();

    // A database with the units of orgs.xlsx, copied fresh for every run.
    let base = dir.join("base.db");
    {
        let mut store = Store::open(&base).expect("open db");
        let p = Progress::new();
        let plan = import::plan(&store, &orgs, ImportKind::Orgs, &settings, &p).expect("plan orgs");
        import::commit(&mut store, &plan, &p).expect("commit orgs");
        store
            .sql_for_tests()
            .execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")
            .expect("checkpoint");
    }

    let mut floors = Vec::new();
    let mut totals = Vec::new();
    let mut plans = Vec::new();
    let mut commits = Vec::new();
    let mut at_once = Vec::new();
    let mut rows = 0;
    for i in 0..runs {
        floors.push(floor(&big));
        let db = dir.join(format!("run{i}.db"));
        std::fs::copy(&base, &db).expect("copy db");
        let t = Instant::now();
        let mut store = Store::open(&db).expect("open db");
        let p = Progress::new();
        let plan = import::plan(&store, &big, ImportKind::Roster, &settings, &p).expect("plan");
        let tp = t.elapsed();
        let report = import::commit(&mut store, &plan, &p).expect("commit");
        let total = t.elapsed();
        rows = report.created + report.updated + report.unchanged;
        plans.push(tp);
        commits.push(total - tp);
        totals.push(total);
        drop(store);
        let _ = std::fs::remove_file(&db);
        // The command line: no review, the rows written while the file is read.
        let db = dir.join(format!("now{i}.db"));
        std::fs::copy(&base, &db).expect("copy db");
        let t = Instant::now();
        let mut store = Store::open(&db).expect("open db");
        let (_, report) = import::import_now(&mut store, &big, ImportKind::Roster, &settings, &p)
            .expect("import_now");
        at_once.push(t.elapsed());
        assert_eq!(report.created, rows, "both ways write the same rows");
        drop(store);
        let _ = std::fs::remove_file(&db);
    }
    let min = |v: &[Duration]| v.iter().min().copied().unwrap_or_default();
    let f = min(&floors);
    let e = min(&totals);
    println!("big_roster.xlsx: {rows} 行写入（{runs} 次取最快）");
    println!("  calamine 裸读（下限）: {:>8.3} s", f.as_secs_f64());
    println!(
        "  端到端（读取+校验+写入）: {:>8.3} s  = 读取校验 {:.3} s + 写入 {:.3} s",
        e.as_secs_f64(),
        min(&plans).as_secs_f64(),
        min(&commits).as_secs_f64()
    );
    println!(
        "  比值: {:.2}×（预览后确认，两步）",
        e.as_secs_f64() / f.as_secs_f64()
    );
    let n = min(&at_once);
    println!(
        "  一次完成（命令行，边读边写）: {:>8.3} s  比值 {:.2}×（目标 ≤ 2.0×）",
        n.as_secs_f64(),
        n.as_secs_f64() / f.as_secs_f64()
    );
    if let Some(mb) = peak_rss_mb() {
        println!("  峰值内存（整个进程）: {mb:.0} MB");
    }
    let _ = std::fs::remove_dir_all(&dir);
}
