//! The import engine on the shared samples: orgs.xlsx then roster.xlsx, the numbers they
//! give, the invariants after commit, a re-import reported, and the CLI contract.

mod common;

use bianzhi::domain::{Funding, PostType};
use bianzhi::import::{self, Action, ImportKind, Progress, Severity};
use bianzhi::stats::CountyStats;
use bianzhi::store::Store;
use common::*;
use std::process::Command;

#[test]
fn orgs_then_roster_then_reimport() {
    let (Some(orgs), Some(roster)) = (shared("samples/orgs.xlsx"), shared("samples/roster.xlsx"))
    else {
        return;
    };
    let dir = TempDir::new("samples");
    let mut store = Store::open(&dir.path("county.db")).unwrap();

    let p = plan(&store, &orgs, ImportKind::Orgs);
    let c = p.counts();
    assert_eq!(
        (c.rows, c.new, c.updated, c.unchanged, c.rejected),
        (131, 131, 0, 0, 0)
    );
    assert_eq!(p.count_severity(Severity::Error), 0, "{:#?}", p.problems);
    // The 19 townships give 事业编制 without a funding form: counted as 全额拨款, warned.
    let assumed = p
        .problems
        .iter()
        .filter(|x| x.code == "funding_assumed")
        .count();
    assert_eq!(assumed, 19);
    assert!(
        p.problems
            .iter()
            .all(|x| x.row.is_some() && x.column.as_deref() == Some("I"))
    );
    import::commit(&mut store, &p, &Progress::new()).unwrap();
    assert_eq!(store.check().unwrap(), Vec::<String>::new());
    assert_eq!(store.orgs().unwrap().len(), 131);
    let office = store.org_by_name("县委办公室").unwrap().unwrap();
    assert_eq!(
        store.approved(office.id, PostType::Administrative).unwrap(),
        25
    );
    assert_eq!(store.approved(office.id, PostType::Service).unwrap(), 1);
    assert_eq!((office.leaders_chief, office.leaders_deputy), (1, 4));
    let hospital = store.org_by_name("石门县人民医院").unwrap().unwrap();
    assert_eq!(
        store
            .approved(hospital.id, PostType::Institution(Funding::Partial))
            .unwrap(),
        441
    );
    let school = store.org_by_name("石门县第一中学").unwrap().unwrap();
    let edu = store.org_by_name("县教育局").unwrap().unwrap();
    assert_eq!(school.parent, Some(edu.id));

    let p = plan(&store, &roster, ImportKind::Roster);
    let c = p.counts();
    assert_eq!(
        (c.rows, c.new, c.updated, c.unchanged, c.rejected),
        (5718, 5718, 0, 0, 0)
    );
    assert!(
        p.problems.is_empty(),
        "{:#?}",
        &p.problems[..p.problems.len().min(5)]
    );
    let r = import::commit(&mut store, &p, &Progress::new()).unwrap();
    assert_eq!(r.created, 5718);
    assert_eq!(store.check().unwrap(), Vec::<String>::new());
    let stats = CountyStats::derive(&store, None).unwrap();
    let json = serde_json::to_value(&stats).unwrap();
    let occupied: i64 = json["totals"]
        .as_object()
        .unwrap()
        .values()
        .map(|v| v["occupied"].as_i64().unwrap())
        .sum();
    assert_eq!(occupied, 5718);
    // Every ledger entry and person event is stamped with its import.
    assert_eq!(
        count(
            &store,
            "SELECT COUNT(*) FROM person_events WHERE import_id IS NULL"
        ),
        0
    );
    assert_eq!(
        count(
            &store,
            "SELECT COUNT(*) FROM ledger_entries WHERE import_id IS NULL"
        ),
        0
    );

    // The same roster again: reported, nothing doubled.
    let before = snapshot(&store);
    let p = plan(&store, &roster, ImportKind::Roster);
    assert_eq!(p.previous.len(), 1);
    assert!(p.problems.iter().any(|x| x.code == "already_imported"));
    assert!(p.people.iter().all(|x| x.action == Action::Unchanged));
    assert_eq!(p.to_json()["already_imported"].as_array().unwrap().len(), 1);
    let r = import::commit(&mut store, &p, &Progress::new()).unwrap();
    assert_eq!((r.created, r.updated, r.unchanged), (0, 0, 5718));
    assert_eq!(count(&store, "SELECT COUNT(*) FROM persons"), 5718);
    let after = snapshot(&store);
    // Only the new import record differs.
    let strip = |s: &str| {
        s.lines()
            .filter(|l| !l.starts_with("imports"))
            .collect::<Vec<_>>()
            .join("\n")
    };
    assert_eq!(strip(&before), strip(&after));
    assert_eq!(count(&store, "SELECT COUNT(*) FROM imports"), 3);
    assert_eq!(
        count(&store, "SELECT unchanged FROM imports WHERE id = 3"),
        5718
    );

    // The units table again: all unchanged, no new ledger entries.
    let entries = count(&store, "SELECT COUNT(*) FROM ledger_entries");
    let p = plan(&store, &orgs, ImportKind::Orgs);
    assert_eq!(p.counts().unchanged, 131);
    import::commit(&mut store, &p, &Progress::new()).unwrap();
    assert_eq!(
        count(&store, "SELECT COUNT(*) FROM ledger_entries"),
        entries
    );
    assert_eq!(store.check().unwrap(), Vec::<String>::new());
}

fn bianzhi(args: &[&str]) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_bianzhi"))
        .args(args)
        .env("BIANZHI_OPERATOR", "测试")
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

#[test]
fn cli_contract() {
    let (Some(orgs), Some(roster)) = (shared("samples/orgs.xlsx"), shared("samples/roster.xlsx"))
    else {
        return;
    };
    let dir = TempDir::new("cli");
    let db = dir.path("c.db");
    let db = db.to_str().unwrap();

    // A bad file: exit 2, an error object, and no database created.
    let junk = dir.path("junk.xlsx");
    std::fs::write(&junk, "姓名,身份证号\n张三,1\n").unwrap();
    let (code, out) = bianzhi(&["import", junk.to_str().unwrap(), "--db", db, "--json"]);
    assert_eq!(code, 2);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["error"]["code"], "not_excel");
    assert!(
        v["error"]["message"]
            .as_str()
            .unwrap()
            .contains("不是 Excel")
    );
    assert!(!dir.path("c.db").exists());
    // A units table is not a roster.
    let (code, out) = bianzhi(&["import", orgs.to_str().unwrap(), "--db", db, "--json"]);
    assert_eq!(code, 2);
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&out).unwrap()["error"]["code"],
        "no_header"
    );
    assert!(!dir.path("c.db").exists());

    // Dry run: the report, nothing written.
    let (code, out) = bianzhi(&[
        "import-orgs",
        orgs.to_str().unwrap(),
        "--db",
        db,
        "--json",
        "--dry-run",
    ]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    for k in [
        "file",
        "rows",
        "accepted",
        "new",
        "updated",
        "unchanged",
        "rejected",
        "problems",
    ] {
        assert!(v.get(k).is_some(), "missing {k}");
    }
    assert_eq!(v["new"], 131);
    let p = &v["problems"][0];
    for k in ["sheet", "row", "column", "code", "severity", "message"] {
        assert!(p.get(k).is_some(), "problem missing {k}");
    }
    assert!(!dir.path("c.db").exists());

    let (code, _) = bianzhi(&["import-orgs", orgs.to_str().unwrap(), "--db", db, "--json"]);
    assert_eq!(code, 0);
    let out_xlsx = dir.path("rejected.xlsx");
    let (code, out) = bianzhi(&[
        "import",
        roster.to_str().unwrap(),
        "--db",
        db,
        "--json",
        "--problems-out",
        out_xlsx.to_str().unwrap(),
    ]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        (
            v["rows"].as_i64(),
            v["new"].as_i64(),
            v["rejected"].as_i64()
        ),
        (Some(5718), Some(5718), Some(0))
    );
    assert!(out_xlsx.exists());
    let (code, out) = bianzhi(&["check", "--db", db]);
    assert_eq!((code, out.trim()), (0, "ok"));
    let (code, out) = bianzhi(&["import", roster.to_str().unwrap(), "--db", db, "--json"]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["unchanged"], 5718);
    assert_eq!(v["already_imported"][0]["operator"], "测试");
}
