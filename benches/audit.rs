//! Benchmark (issue 10): the 操作日志 and sign-in on a county of 100,000 people (built in
//! one logged action) plus 1,000 small actions: a small write with its log, listing the
//! newest actions, a text search (which also looks through the rows inserted), one big
//! action's first 200 changes, exporting the whole log, `check`, and an argon2 sign-in.
//!
//! Run: `cargo bench --bench audit` (release) or `cargo bench --profile dev --bench audit`.

mod common;

// The app's allocator (see src/main.rs), so that the numbers are the app's.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use bianzhi::domain::Role;
use bianzhi::export::reports::{ReportOptions, write_audit_log};
use bianzhi::store::audit::AuditQuery;
use common::{build, temp_dir, time};
use std::time::Instant;

fn ms(d: std::time::Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn main() {
    let dir = temp_dir();
    let path = dir.join("audit.db");
    let _ = std::fs::remove_file(&path);
    let mut store = build(&path);
    let mut i = 0;
    let small = time(1000, || {
        i += 1;
        store
            .write(|tx| tx.create_pool(&format!("周转池{i}")))
            .expect("write")
    });
    let (actions, rows) = store.audit_size().expect("size");
    println!("操作日志：{actions} 条操作，{rows} 行改动");
    println!("  一次小写入（含日志）：{:.2} ms（中位数）", ms(small));
    let newest = time(5, || {
        store.audit_actions(&AuditQuery::default()).expect("list")
    });
    println!("  列出最新 500 条：{:.1} ms", ms(newest));
    let q = AuditQuery {
        text: "人员99999".into(),
        ..AuditQuery::default()
    };
    let search = time(3, || store.audit_actions(&q).expect("search"));
    let found = store.audit_actions(&q).expect("search").len();
    println!("  文字查询“人员99999”（{found} 条）：{:.0} ms", ms(search));
    let big = store
        .audit_actions(&AuditQuery {
            limit: 100_000,
            ..AuditQuery::default()
        })
        .expect("all")
        .into_iter()
        .max_by_key(|a| a.rows)
        .expect("an action");
    let changes = time(5, || store.audit_changes(big.id, 200).expect("changes"));
    println!(
        "  打开一条 {} 行的操作（前 200 行）：{:.1} ms",
        big.rows,
        ms(changes)
    );
    let out = dir.join("操作日志.xlsx");
    let t = Instant::now();
    let s = write_audit_log(
        &store,
        &AuditQuery {
            limit: usize::MAX >> 1,
            ..AuditQuery::default()
        },
        &ReportOptions::default(),
        &out,
        &bianzhi::import::Progress::new(),
    )
    .expect("export");
    let size = std::fs::metadata(&out).map(|m| m.len()).unwrap_or(0);
    println!(
        "  导出全部日志（{} 条操作，{:?}）：{:.2} s，文件 {:.1} MB",
        s.rows,
        s.totals,
        t.elapsed().as_secs_f64(),
        size as f64 / 1e6
    );
    let check = time(3, || store.check().expect("check"));
    println!("  check：{:.0} ms", ms(check));
    store
        .add_operator("基准员", "bench-pw-1", Role::Clerk)
        .expect("operator");
    let sign_in = time(5, || {
        store.sign_in("基准员", "bench-pw-1").expect("sign in")
    });
    println!("  登录（argon2 校验）：{:.0} ms", ms(sign_in));
    let _ = std::fs::remove_dir_all(&dir);
}
