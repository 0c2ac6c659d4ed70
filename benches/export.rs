//! Benchmark (issue 9): exporting the 花名册 of 100,000 people (target < 3 s, memory
//! < 300 MB) and refreshing the overview on that database (target < 100 ms).
//!
//! Run: `cargo bench --bench export` (release) or `cargo bench --profile dev --bench export`.

mod common;

// The app's allocator (see src/main.rs), so that the numbers are the app's.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use bianzhi::export::reports::{Report, ReportOptions, write_report};
use bianzhi::stats::CountyStats;
use common::{build, rss_mb, temp_dir, time};
use std::time::Instant;

fn peak_mb() -> Option<f64> {
    let s = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = s.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

fn main() {
    let dir = temp_dir();
    let path = dir.join("export.db");
    let _ = std::fs::remove_file(&path);
    drop(build(&path));
    let store = bianzhi::store::Store::open(&path).expect("open");
    let before = rss_mb().unwrap_or(0.0);
    // Reset the peak (Linux) so that it measures the export, not building the database.
    let _ = std::fs::write("/proc/self/clear_refs", "5");
    let out = dir.join("花名册.xlsx");
    let t = Instant::now();
    let summary =
        write_report(&store, Report::Roster, &ReportOptions::default(), &out).expect("export");
    let export = t.elapsed();
    let size = std::fs::metadata(&out).map(|m| m.len()).unwrap_or(0);
    println!(
        "花名册 {} 行导出：{:.2} s（目标 < 3 s），文件 {:.1} MB",
        summary.rows,
        export.as_secs_f64(),
        size as f64 / 1e6
    );
    if let Some(peak) = peak_mb() {
        println!("  内存：导出前 {before:.0} MB，峰值 {peak:.0} MB（目标 < 300 MB）");
    }
    // The overview's refresh: what the 总览 panel shows — the county's figures, leaders
    // counted against positions, turnover issues (due and overdue), applications waiting,
    // rectification items, the townships' March filings.
    let refresh = time(5, || {
        let stats = CountyStats::derive(&store, None).expect("stats");
        let lead = store.leadership_excess().expect("leaders");
        let due = store.turnover_issues().expect("turnover");
        let apps = store.applications(None).expect("apps");
        let rect = store.rectifications(None).expect("rectifications");
        let filed = store.filings(2026).expect("filings");
        (
            stats.orgs.len(),
            lead.0.len(),
            due.len(),
            apps.len(),
            rect.len(),
            filed.len(),
        )
    });
    type Part<'a> = (&'a str, Box<dyn Fn() + 'a>);
    let parts: [Part; 6] = [
        (
            "stats",
            Box::new(|| drop(CountyStats::derive(&store, None))),
        ),
        ("leaders", Box::new(|| drop(store.leadership_excess()))),
        ("turnover", Box::new(|| drop(store.turnover_issues()))),
        ("applications", Box::new(|| drop(store.applications(None)))),
        (
            "rectifications",
            Box::new(|| drop(store.rectifications(None))),
        ),
        ("filings", Box::new(|| drop(store.filings(2026)))),
    ];
    for (name, f) in &parts {
        println!("  {name}: {:.1} ms", time(3, f).as_secs_f64() * 1000.0);
    }
    println!(
        "总览刷新：{:.1} ms（目标 < 100 ms）",
        refresh.as_secs_f64() * 1000.0
    );
    let _ = std::fs::remove_dir_all(&dir);
}
