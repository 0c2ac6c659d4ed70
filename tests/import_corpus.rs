//! Every file of `../shared/corpus/calamine-tests/` (hostile and odd workbooks): each import
//! returns in under 10 s, never panics, and either reports a clear error or what it found.
//! Nothing is written (plans only; a bad file never reaches the database).

mod common;

use bianzhi::import::{self, ImportKind, Progress, Settings};
use bianzhi::store::Store;
use common::*;
use std::time::{Duration, Instant};

#[test]
fn every_corpus_file_is_reported_not_fatal() {
    let Some(dir) = shared("corpus/calamine-tests") else {
        return;
    };
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    assert!(files.len() > 100, "corpus incomplete: {}", files.len());
    let store = Store::open_in_memory().unwrap();
    let settings = Settings::default();
    let (mut errors, mut found) = (0, 0);
    let mut slowest = (Duration::ZERO, String::new());
    for f in &files {
        for kind in [ImportKind::Roster, ImportKind::Orgs] {
            let t = Instant::now();
            let out = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                import::plan(&store, f, kind, &settings, &Progress::new())
            }));
            let took = t.elapsed();
            let name = f.file_name().unwrap().to_string_lossy().into_owned();
            assert!(took < Duration::from_secs(10), "{name}: {took:?}");
            if took > slowest.0 {
                slowest = (took, name.clone());
            }
            match out {
                Err(_) => panic!("{name}: panicked"),
                Ok(Err(e)) => {
                    errors += 1;
                    assert!(!e.code().is_empty());
                    let msg = e.to_string();
                    assert!(
                        msg.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
                        "{name}: {msg}"
                    );
                    println!("{name} [{kind:?}] → {}: {msg}", e.code());
                }
                Ok(Ok(p)) => {
                    found += 1;
                    let c = p.counts();
                    println!(
                        "{name} [{kind:?}] → {} 行（可导入 {}，拒绝 {}），问题 {} 条",
                        c.rows,
                        c.accepted,
                        c.rejected,
                        p.problems.len()
                    );
                }
            }
        }
    }
    println!(
        "{} 个文件：错误 {errors} 次，读出内容 {found} 次；最慢 {} {:?}",
        files.len(),
        slowest.1,
        slowest.0
    );
}
