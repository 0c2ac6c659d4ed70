//! Benchmark of the PostgreSQL backend (issue 18), with the server on the same machine:
//! a 入编 round trip (target ≤ 20 ms), `stats` on a 100,000-person county (≤ 1 s), and the
//! 100,000-row roster import against the same import into a SQLite file (≤ 3×).
//!
//! Needs a server given by the environment (PGHOST …): run under a throwaway cluster,
//! `pg_virtualenv cargo bench --bench server` (release), optionally with the number of
//! runs: `… -- 5`. Each run works in a fresh schema.

// The app's allocator (see src/main.rs), so that the numbers are the app's.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use bianzhi::domain::*;
use bianzhi::import::{self, ImportKind, Progress, Settings};
use bianzhi::stats::CountyStats;
use bianzhi::store::server::ServerAddress;
use bianzhi::store::{EntryRequest, HireRequest, Store};
use chrono::NaiveDate;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

fn samples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/samples")
}

/// The environment's server, as an address.
fn server() -> Option<String> {
    let var = |k: &str| std::env::var(k).ok().filter(|v| !v.is_empty());
    Some(format!(
        "postgres://{}@{}:{}/{}",
        var("PGUSER").unwrap_or_else(|| "postgres".into()),
        var("PGHOST")?,
        var("PGPORT").unwrap_or_else(|| "5432".into()),
        var("PGDATABASE").unwrap_or_else(|| "postgres".into()),
    ))
}

/// A fresh schema on the server, as an address whose connections work in it.
fn fresh_schema(base: &str, name: &str) -> PathBuf {
    let schema = format!("bench_{}_{name}", std::process::id());
    let mut admin = ServerAddress::parse(base)
        .and_then(|a| a.connect(None))
        .expect("connect to the benchmark server");
    admin
        .batch_execute(&format!(
            "DROP SCHEMA IF EXISTS {schema} CASCADE; CREATE SCHEMA {schema}"
        ))
        .expect("create schema");
    PathBuf::from(format!("{base}?options=-csearch_path%3D{schema}"))
}

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).expect("date")
}

/// A valid ID number: born 1990-01-01, sequence `seq`.
fn id(seq: u32) -> String {
    let body = format!("110101199001{:02}{:03}", seq / 1000 % 28 + 1, seq % 1000);
    let c = bianzhi::domain::id_number::check_char(body.as_bytes());
    format!("{body}{c}")
}

/// Milliseconds of the median and the 95th percentile.
fn percentiles(mut v: Vec<Duration>) -> (f64, f64) {
    v.sort();
    let at = |q: f64| v[((v.len() - 1) as f64 * q).round() as usize].as_secs_f64() * 1000.0;
    (at(0.5), at(0.95))
}

/// 入编 one person after another into a unit with room: each call is a whole transaction
/// (rules checked, person, event, log), as the window's 确定 does.
fn hires(store: &mut Store, n: u32) -> Vec<Duration> {
    let org = store
        .write(|tx| {
            let org = tx.create_org(&OrgDraft {
                name: "县教育局".into(),
                kind: Some(OrgKind::GovDept),
                ..Default::default()
            })?;
            tx.record(&EntryRequest {
                date: d(2021, 1, 5),
                doc_no: "石编〔2021〕1号".into(),
                kind: EntryKind::Approve,
                reason: "核定".into(),
                movement: Movement {
                    post_type: PostType::Administrative,
                    count: i64::from(n) + 10,
                    from: Account::Above,
                    to: Account::Org(org),
                },
            })?;
            Ok(org)
        })
        .expect("unit");
    (0..n)
        .map(|k| {
            let req = HireRequest {
                id_number: id(k + 1),
                details: PersonDetails {
                    name: format!("张{k}"),
                    ..Default::default()
                },
                org,
                post_type: PostType::Administrative,
                date: d(2022, 3, 1),
                doc_no: "石编〔2022〕5号".into(),
            };
            let t = Instant::now();
            store.hire(&req).expect("hire");
            t.elapsed()
        })
        .collect()
}

/// The units of orgs.xlsx, then the 100,000-row roster, at once (as the command line
/// imports); returns the roster's time.
fn import_county(db: &Path, orgs: &Path, big: &Path) -> Duration {
    let settings = Settings::default();
    let p = Progress::new();
    let mut store = Store::open(db).expect("open");
    let plan = import::plan(&store, orgs, ImportKind::Orgs, &settings, &p).expect("plan orgs");
    import::commit(&mut store, &plan, &p).expect("commit orgs");
    let t = Instant::now();
    let (_, report) = import::import_now(&mut store, big, ImportKind::Roster, &settings, &p)
        .expect("import roster");
    let took = t.elapsed();
    if std::env::var_os("BENCH_SPLIT").is_some() {
        let t = Instant::now();
        let plan = import::plan(&store, big, ImportKind::Roster, &settings, &p).expect("plan");
        println!("  (again: plan {:.2} s)", t.elapsed().as_secs_f64());
        drop(plan);
    }
    assert!(report.created > 90_000, "{report:?}");
    took
}

fn main() {
    let Some(base) = server() else {
        println!(
            "跳过：没有数据库服务器（PGHOST 未设置）；请用 pg_virtualenv cargo bench --bench server"
        );
        return;
    };
    let runs: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(3);
    let dir = std::env::temp_dir().join(format!("bianzhi-bench-server-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");

    // 入编 round trips: the server, and a file for comparison.
    let mut on_server = Store::open(&fresh_schema(&base, "hire")).expect("open server");
    let (median, p95) = percentiles(hires(&mut on_server, 300));
    let mut file = Store::open(&dir.join("hire.db")).expect("open file");
    let (fm, fp) = percentiles(hires(&mut file, 300));
    println!(
        "入编往返（300 次）：服务器 中位 {median:.2} ms，95% {p95:.2} ms（目标 ≤ 20 ms）；本机文件 中位 {fm:.2} ms，95% {fp:.2} ms"
    );
    drop((on_server, file));

    let (big, orgs) = (
        samples().join("big_roster.xlsx"),
        samples().join("orgs.xlsx"),
    );
    if !big.exists() || !orgs.exists() {
        println!("跳过导入与统计：找不到 {}（共享样例不在）", big.display());
        return;
    }
    let mut server_imports = Vec::new();
    let mut file_imports = Vec::new();
    let mut stats = Vec::new();
    for run in 0..runs {
        let db = fresh_schema(&base, &format!("county{run}"));
        server_imports.push(import_county(&db, &orgs, &big));
        let store = Store::open(&db).expect("open");
        let t = Instant::now();
        let s = CountyStats::derive(&store, None).expect("stats");
        stats.push(t.elapsed());
        assert!(s.summary.people_on_post > 50_000, "{:?}", s.summary);
        let file = dir.join(format!("county{run}.db"));
        file_imports.push(import_county(&file, &orgs, &big));
    }
    let min = |v: &[Duration]| v.iter().min().copied().unwrap_or_default().as_secs_f64();
    let (srv, fil) = (min(&server_imports), min(&file_imports));
    println!(
        "10 万人花名册导入（{runs} 次取最快）：服务器 {srv:.2} s，本机文件 {fil:.2} s，比值 {:.2}×（目标 ≤ 3×）",
        srv / fil
    );
    println!(
        "10 万人县的统计（stats）：服务器 {:.3} s（目标 ≤ 1 s）",
        min(&stats)
    );
    let _ = std::fs::remove_dir_all(&dir);
}
