//! Benchmark (issue 4), with 100,000 people loaded: a frame of the registry panel (layout, no
//! GPU) under 4 ms; updating the filter after a keystroke under 10 ms; start to first frame
//! under 1 s; resident memory under 300 MB.
//!
//! Run: `cargo bench --profile dev --bench ui` (or `cargo bench --bench ui` for release).

mod common;

use bianzhi::ui::{App, Screen, setup_context};
use common::{build, rss_mb, time};
use egui_kittest::Harness;
use std::time::Instant;

fn main() {
    let dir = common::temp_dir();
    let path = dir.join("bench.db");
    drop(build(&path));
    let before = rss_mb().unwrap_or(0.0);

    let t = Instant::now();
    let app = App::new(&path);
    let mut h = Harness::builder()
        .with_size([1400.0, 900.0])
        .with_context_setup(setup_context)
        .build_ui_state(|ui, app: &mut App| app.show(ui), app);
    h.step();
    let first = t.elapsed();
    let people = match &h.state().screen {
        Screen::Open(w) => w.registry.people.rows.len(),
        Screen::Welcome { .. } => 0,
    };
    println!("people loaded: {people}");
    println!(
        "start to first frame (open, derive, load people, lay out): {:.0} ms  (target < 1000 ms)",
        first.as_secs_f64() * 1e3
    );

    // The check on open (integrity, `check`, daily backup) runs on another thread; the
    // window takes input once it reports. Time the rest after it.
    let t = Instant::now();
    while h.state().checking() {
        std::thread::sleep(std::time::Duration::from_millis(5));
        h.step();
    }
    println!(
        "check on open finished {:.0} ms after the first frame",
        t.elapsed().as_secs_f64() * 1e3
    );

    // Warm up (font atlas), then time frames of the registry panel.
    for _ in 0..5 {
        h.step();
    }
    let frame = time(50, || h.step());
    println!(
        "registry panel frame (layout, no GPU):                 {:.2} ms  (target < 4 ms)",
        frame.as_secs_f64() * 1e3
    );

    // Keystrokes in the filter box, as typed: each step refilters what the last one showed,
    // a deleted character (or a fresh start) scans all 100,000 rows.
    let typed = [
        "", "z", "zh", "zha", "zh", "z", "", "4", "43", "430", "", "人", "人员", "人员1", "",
    ];
    let mut worst = (0.0f64, "");
    if let Screen::Open(w) = &mut h.state_mut().screen {
        for _ in 0..5 {
            for q in typed {
                let t = Instant::now();
                w.registry.query = q.to_string();
                w.registry.refilter();
                let ms = t.elapsed().as_secs_f64() * 1e3;
                if ms > worst.0 {
                    worst = (ms, q);
                }
            }
        }
    }
    println!(
        "filter update after a keystroke (worst step, at {:?}):      {:.2} ms  (target < 10 ms)",
        worst.1, worst.0
    );
    let after = rss_mb().unwrap_or(0.0);
    println!(
        "resident memory: {after:.0} MB in all, {:.0} MB for the loaded app  (target < 300 MB)",
        after - before
    );
    let _ = std::fs::remove_dir_all(&dir);
}
