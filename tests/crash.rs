//! Crash safety (issue 10): the process is killed (SIGKILL on Unix) at random moments
//! during a 100,000-row import and during a batch of registry actions, 20 times each.
//! After each kill the database opens, `check` passes, the 操作日志 has no row without its
//! action, and the import is either wholly present or wholly absent.
//!
//! The moments are random; the seed is printed, and `CRASH_SEED=n` repeats a run.

use bianzhi::domain::id_number::check_char;
use bianzhi::domain::*;
use bianzhi::store::{EntryRequest, HireRequest, Store};
use chrono::NaiveDate;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

mod shared_files;

const KILLS: usize = 20;

/// A small random generator (xorshift), seeded per run.
struct Rng(u64);

impl Rng {
    fn new() -> Rng {
        let seed = std::env::var("CRASH_SEED")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| {
                // A fresh random seed per run (the standard library's per-process hash keys).
                use std::hash::{BuildHasher, Hasher};
                std::collections::hash_map::RandomState::new()
                    .build_hasher()
                    .finish()
            })
            | 1;
        eprintln!("CRASH_SEED={seed}");
        Rng(seed)
    }

    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    /// Uniform in `0..=max`.
    fn upto(&mut self, max: Duration) -> Duration {
        let ms = max.as_millis().max(1) as u64;
        Duration::from_millis(self.next() % (ms + 1))
    }
}

/// Kills the child (SIGKILL on Unix, TerminateProcess on Windows) and reaps it.
fn kill(mut child: Child) -> bool {
    let finished = matches!(child.try_wait(), Ok(Some(_)));
    let _ = child.kill();
    let _ = child.wait();
    !finished
}

/// What must hold after any crash (`check` includes that every row of the 操作日志 has
/// its action).
fn assert_consistent(db: &Path, when: &str) -> Store {
    let store = Store::open(db).unwrap_or_else(|e| panic!("{when}: cannot open: {e}"));
    let problems = store.check().unwrap();
    assert!(problems.is_empty(), "{when}: check failed: {problems:?}");
    let integrity: String = store
        .sql_for_tests()
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(integrity, "ok", "{when}");
    store
}

fn count(store: &Store, sql: &str) -> i64 {
    store
        .sql_for_tests()
        .query_row(sql, [], |r| r.get(0))
        .unwrap()
}

fn run_import(db: &Path, file: &Path) -> Child {
    Command::new(env!("CARGO_BIN_EXE_bianzhi"))
        .args([
            "import",
            file.to_str().unwrap(),
            "--db",
            db.to_str().unwrap(),
        ])
        .args(["--operator", "崩溃测试"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap()
}

/// Whether the import has taken its 导入前 backup (it writes right after).
fn backup_taken(db: &Path) -> bool {
    std::fs::read_dir(bianzhi::store::backup::backup_dir(db))
        .map(|mut d| d.next().is_some())
        .unwrap_or(false)
}

/// Waits until the import starts writing; returns how long that took (None if it ended).
fn wait_for_backup(db: &Path, child: &mut Child) -> Option<Duration> {
    let start = Instant::now();
    while !backup_taken(db) {
        if !matches!(child.try_wait(), Ok(None)) {
            return None;
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    Some(start.elapsed())
}

#[test]
fn killed_imports_are_wholly_present_or_wholly_absent() {
    let (Some(orgs), Some(roster)) = (
        shared_files::shared("samples/orgs.xlsx"),
        shared_files::shared("samples/big_roster.xlsx"),
    ) else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    // The county's units, once; each try starts from a copy.
    let template = dir.path().join("template.db");
    let status = Command::new(env!("CARGO_BIN_EXE_bianzhi"))
        .args(["import-orgs", orgs.to_str().unwrap(), "--db"])
        .arg(&template)
        .stdout(Stdio::null())
        .status()
        .unwrap();
    assert!(status.success());
    {
        // Checkpoint, so that the copy is the whole database.
        let s = Store::open(&template).unwrap();
        s.sql_for_tests()
            .execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")
            .unwrap();
    }
    // Each try in a folder of its own, so that its backups folder is its own.
    let fresh = |name: &str| {
        let folder = dir.path().join(name);
        std::fs::create_dir(&folder).unwrap();
        let db = folder.join("county.db");
        std::fs::copy(&template, &db).unwrap();
        db
    };
    let baseline = count(
        &Store::open(&template).unwrap(),
        "SELECT COUNT(*) FROM persons",
    );

    // One import to the end: how long it takes, when it starts writing (the 导入前 backup
    // is taken just before its one transaction), and what it writes.
    let db = fresh("whole.db");
    let start = Instant::now();
    let mut child = run_import(&db, &roster);
    let writing = wait_for_backup(&db, &mut child).unwrap_or_default();
    let status = child.wait().unwrap();
    let whole = start.elapsed();
    assert!(status.success());
    let s = assert_consistent(&db, "whole import");
    let imported = count(&s, "SELECT COUNT(*) FROM persons") - baseline;
    let entries = count(&s, "SELECT COUNT(*) FROM ledger_entries");
    assert!(imported > 90_000, "{imported}");
    eprintln!("whole import: {whole:?} (writing from {writing:?}), {imported} people");

    let mut rng = Rng::new();
    let (mut present, mut absent, mut while_writing) = (0, 0, 0);
    for i in 0..KILLS {
        let db = fresh(&format!("kill{i}.db"));
        let mut child = run_import(&db, &roster);
        // Every other kill lands while the import is writing (within the first 80% of
        // the time the whole import took to write); the others at any moment.
        let at = if i % 2 == 1 {
            let started = wait_for_backup(&db, &mut child).unwrap_or_default();
            let at = rng.upto((whole.saturating_sub(writing)) * 8 / 10);
            std::thread::sleep(at);
            started + at
        } else {
            let at = rng.upto(whole * 11 / 10);
            std::thread::sleep(at);
            at
        };
        let in_write = backup_taken(&db) && matches!(child.try_wait(), Ok(None));
        let killed = kill(child);
        while_writing += usize::from(in_write && killed);
        let when = format!("kill {i} at {at:?} (killed: {killed}, while writing: {in_write})");
        let s = assert_consistent(&db, &when);
        let people = count(&s, "SELECT COUNT(*) FROM persons") - baseline;
        let imports = count(&s, "SELECT COUNT(*) FROM imports WHERE kind = 'roster'");
        if imports == 0 {
            assert_eq!(people, 0, "{when}: some people without their import");
            absent += 1;
        } else {
            assert_eq!(imports, 1, "{when}");
            assert_eq!(people, imported, "{when}: a partial import");
            assert_eq!(count(&s, "SELECT COUNT(*) FROM ledger_entries"), entries);
            let logged = count(
                &s,
                "SELECT COUNT(*) FROM audit_actions WHERE action LIKE '导入实名制花名册%'",
            );
            assert_eq!(logged, 1, "{when}: the import's action is in the log");
            present += 1;
        }
    }
    eprintln!(
        "{KILLS} kills ({while_writing} while writing): {present} imports present, {absent} absent"
    );
    assert!(while_writing >= KILLS / 5, "too few kills hit the writing");
}

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap_or_default()
}

/// A valid ID number for every `n`: a birth date from 1960 on, 1,000 people a day.
fn id(n: u32) -> String {
    let born = d(1960, 1, 1) + chrono::Days::new(u64::from(n / 1000));
    let first17 = format!("430726{}{:03}", born.format("%Y%m%d"), n % 1000);
    format!("{first17}{}", check_char(first17.as_bytes()))
}

/// The child: registry actions one after another, each its own transaction, until killed.
/// Run by the test below as a separate process (`CRASH_CHILD_DB` names the database).
#[test]
#[ignore = "run as a child process by registry_actions_survive_kills"]
fn registry_actions_child() {
    let Ok(db) = std::env::var("CRASH_CHILD_DB") else {
        return;
    };
    let mut s = Store::open(Path::new(&db)).unwrap();
    s.set_operator("崩溃测试");
    let start: u32 = count(&s, "SELECT COUNT(*) FROM persons") as u32;
    let unit = |s: &mut Store, name: &str| match s.org_by_name(name).unwrap() {
        Some(o) => o.id,
        None => s
            .create_org(&OrgDraft {
                name: name.into(),
                kind: Some(OrgKind::Institution),
                ..Default::default()
            })
            .unwrap(),
    };
    let (a, b) = (unit(&mut s, "甲中心"), unit(&mut s, "乙中心"));
    let t = PostType::Institution(Funding::Full);
    let approve = |s: &mut Store, org: OrgId, n: i64| {
        s.record(&EntryRequest {
            date: d(2021, 1, 5),
            doc_no: "石编〔2021〕1号".into(),
            kind: EntryKind::Approve,
            reason: "核定".into(),
            movement: Movement {
                post_type: t,
                count: n,
                from: Account::Above,
                to: Account::Org(org),
            },
        })
    };
    for n in start.. {
        approve(&mut s, a, 2).unwrap();
        let p = s
            .hire(&HireRequest {
                id_number: id(n),
                details: PersonDetails {
                    name: format!("员工{n}"),
                    ..Default::default()
                },
                org: a,
                post_type: t,
                date: d(2022, 3, 1),
                doc_no: "石人社〔2022〕3号".into(),
            })
            .unwrap();
        if n % 3 == 0 {
            approve(&mut s, b, 1).unwrap();
            s.transfer(p, b, t, d(2023, 1, 1), "石人社〔2023〕1号")
                .unwrap();
        }
        if n % 5 == 0 {
            s.exit(
                p,
                ExitReason::Retirement,
                d(2024, 1, 1),
                "石人社〔2024〕1号",
            )
            .unwrap();
        }
        if n % 7 == 0 {
            let e = approve(&mut s, a, 1).unwrap();
            s.reverse(e, d(2021, 2, 1), "石编〔2021〕2号", "录入错误")
                .unwrap();
        }
    }
}

#[test]
fn registry_actions_survive_kills() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("county.db");
    drop(Store::open(&db).unwrap());
    let mut rng = Rng::new();
    let mut last_people = 0;
    for i in 0..KILLS {
        let child = Command::new(std::env::current_exe().unwrap())
            .args([
                "--exact",
                "registry_actions_child",
                "--ignored",
                "--nocapture",
            ])
            .env("CRASH_CHILD_DB", &db)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        // Long enough to open the database and write a few dozen actions.
        let at = Duration::from_millis(150) + rng.upto(Duration::from_millis(1200));
        std::thread::sleep(at);
        let killed = kill(child);
        assert!(
            killed,
            "the child stopped on its own (it should run until killed)"
        );
        let s = assert_consistent(&db, &format!("kill {i} at {at:?}"));
        let people = count(&s, "SELECT COUNT(*) FROM persons");
        assert!(people >= last_people, "committed actions were lost");
        last_people = people;
    }
    assert!(last_people > 0, "no action was ever committed");
    eprintln!("{KILLS} kills: {last_people} people hired in all");
}
