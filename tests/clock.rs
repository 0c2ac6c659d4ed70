//! The one clock: nothing but `src/clock.rs` reads the machine's date, and `BIANZHI_TODAY`
//! moves "today" for the command line.

use std::path::{Path, PathBuf};
use std::process::Command;

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn only_the_clock_reads_the_machines_date() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    // Spelled in pieces so that this file does not match itself.
    let readers = [
        ["Local", "::now"].concat(),
        ["Utc", "::now"].concat(),
        ["SystemTime", "::now"].concat(),
        ["date('", "now"].concat(),
        ["CURRENT", "_DATE"].concat(),
        ["CURRENT", "_TIMESTAMP"].concat(),
    ];
    let mut files = Vec::new();
    for dir in ["src", "tests", "benches", "fuzz/fuzz_targets"] {
        rust_files(&root.join(dir), &mut files);
    }
    assert!(files.len() > 50, "found only {} files", files.len());
    let clock = root.join("src/clock.rs");
    let mut found = Vec::new();
    for f in files.iter().filter(|f| **f != clock) {
        let text = std::fs::read_to_string(f).unwrap();
        for (n, line) in text.lines().enumerate() {
            for r in &readers {
                if line.contains(r.as_str()) {
                    found.push(format!("{}:{}: {}", f.display(), n + 1, line.trim()));
                }
            }
        }
    }
    assert!(
        found.is_empty(),
        "dates must come from bianzhi::clock:\n{}",
        found.join("\n")
    );
    // The clock itself does read it (so the scan above looks at the right words).
    let text = std::fs::read_to_string(&clock).unwrap();
    assert!(text.contains(readers[0].as_str()));
}

/// `bianzhi stats --json` in a fresh database, with the environment given.
fn stats(db: &Path, today: Option<&str>) -> std::process::Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_bianzhi"));
    cmd.arg("--db").arg(db).args(["stats", "--json"]);
    match today {
        Some(t) => cmd.env("BIANZHI_TODAY", t),
        None => cmd.env_remove("BIANZHI_TODAY"),
    };
    cmd.output().unwrap()
}

#[test]
fn bianzhi_today_moves_the_command_lines_day_and_a_bad_one_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("county.db");
    let out = stats(&db, Some("2031-02-14"));
    assert!(out.status.success(), "{out:?}");
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["as_of"], "2031-02-14", "{json}");

    let out = stats(&db, Some("2031-02-30"));
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("BIANZHI_TODAY") && err.contains("2031-02-30") && err.contains("YYYY-MM-DD"),
        "{err}"
    );
}
