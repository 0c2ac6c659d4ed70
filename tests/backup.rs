//! Backups: a round trip through backup and restore (restoring backs up the current state
//! first), the daily backup, a backup before each import and before an upgrade, keeping
//! the newest N, and refusing a damaged backup. Also through the command line.

use bianzhi::domain::*;
use bianzhi::store::Store;
use bianzhi::store::backup::{KEEP_KEY, list_backups};
use std::process::Command;

fn approved_total(s: &Store) -> i64 {
    s.balances(None).unwrap().county_total().total()
}

#[test]
fn backup_then_restore_round_trip() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("county.db");
    let mut s = Store::open(&db).unwrap();
    bianzhi::demo::fill(&mut s).unwrap();
    let before = approved_total(&s);
    let backup = s.backup("手动").unwrap().unwrap();
    // A change after the backup…
    let edu = s.org_by_name("县教育局").unwrap().unwrap().id;
    s.record(&bianzhi::store::EntryRequest {
        date: chrono::NaiveDate::from_ymd_opt(2026, 11, 1).unwrap(),
        doc_no: "石编〔2026〕99号".into(),
        kind: EntryKind::Approve,
        reason: String::new(),
        movement: Movement {
            post_type: PostType::Administrative,
            count: 5,
            from: Account::Above,
            to: Account::Org(edu),
        },
    })
    .unwrap();
    assert_eq!(approved_total(&s), before + 5);
    // …is undone by restoring, and the state before restoring is kept as a backup.
    let kept = s.restore(&backup).unwrap();
    assert_eq!(approved_total(&s), before);
    assert_eq!(s.check().unwrap(), Vec::<String>::new());
    let reasons: Vec<String> = list_backups(&db)
        .unwrap()
        .into_iter()
        .map(|b| b.reason)
        .collect();
    assert!(reasons.contains(&"恢复前".to_string()), "{reasons:?}");
    s.restore(&kept).unwrap();
    assert_eq!(
        approved_total(&s),
        before + 5,
        "the restore itself can be undone"
    );
}

#[test]
fn daily_backup_once_a_day_and_the_newest_kept() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("county.db");
    let mut s = Store::open(&db).unwrap();
    assert!(s.daily_backup().unwrap().is_some());
    assert!(s.daily_backup().unwrap().is_none(), "once a day");
    s.write(|tx| tx.set_setting(KEEP_KEY, "3")).unwrap();
    for _ in 0..5 {
        s.backup("手动").unwrap();
    }
    assert_eq!(list_backups(&db).unwrap().len(), 3);
}

#[test]
fn a_damaged_backup_is_refused_and_nothing_changes() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("county.db");
    let mut s = Store::open(&db).unwrap();
    bianzhi::demo::fill(&mut s).unwrap();
    let before = approved_total(&s);
    let bad = dir.path().join("bad.db");
    std::fs::write(&bad, b"this is not a database at all, just text").unwrap();
    assert!(s.restore(&bad).is_err());
    assert_eq!(approved_total(&s), before);
}

#[test]
fn an_import_is_preceded_by_a_backup() {
    use bianzhi::import::{self, ImportKind, Progress, Settings};
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("county.db");
    let mut s = Store::open(&db).unwrap();
    let orgs = dir.path().join("orgs.xlsx");
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    for (c, v) in ["单位名称", "机构类别", "行政编制"].iter().enumerate() {
        ws.write_string(0, c as u16, *v).unwrap();
    }
    ws.write_string(1, 0, "县审计局").unwrap();
    ws.write_string(1, 1, "政府工作部门").unwrap();
    ws.write_number(1, 2, 8.0).unwrap();
    wb.save(&orgs).unwrap();
    let p = Progress::new();
    let plan = import::plan(&s, &orgs, ImportKind::Orgs, &Settings::default(), &p).unwrap();
    import::commit(&mut s, &plan, &p).unwrap();
    let reasons: Vec<String> = list_backups(&db)
        .unwrap()
        .into_iter()
        .map(|b| b.reason)
        .collect();
    assert_eq!(reasons, vec!["导入前".to_string()]);
}

#[test]
fn backup_and_restore_on_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("county.db");
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_bianzhi"))
            .arg("--db")
            .arg(&db)
            .args(args)
            .output()
            .unwrap()
    };
    assert!(run(&["demo"]).status.success());
    let out = run(&["backup"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let list = String::from_utf8(run(&["backup", "--list"]).stdout).unwrap();
    assert!(list.contains("手动"), "{list}");
    let out = run(&["restore", "--latest"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8(out.stdout).unwrap().contains("恢复前"));
    assert_eq!(
        String::from_utf8(run(&["check"]).stdout).unwrap().trim(),
        "ok"
    );
    assert_eq!(run(&["restore"]).status.code(), Some(2));
}
