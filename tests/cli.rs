//! The command line contract: `demo`, `stats --json`, `check`.

use serde_json::Value;
use std::path::Path;
use std::process::{Command, Output};

fn bianzhi(db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_bianzhi"))
        .args(args)
        .arg("--db")
        .arg(db)
        .env("BIANZHI_OPERATOR", "测试员")
        .output()
        .unwrap()
}

const TYPES: [&str; 6] = [
    "行政编制",
    "政法专项编制",
    "事业编制(全额拨款)",
    "事业编制(差额拨款)",
    "事业编制(自收自支)",
    "工勤编制",
];

#[test]
fn demo_then_stats_and_check() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("sub/dir/county.db");
    let out = bianzhi(&db, &["demo"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("已生成示范县"));

    let out = bianzhi(&db, &["check"]);
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "ok");
    assert!(out.status.success());

    let out = bianzhi(&db, &["stats", "--json"]);
    assert!(out.status.success());
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(v["as_of"].as_str().unwrap().len() == 10);
    let mut approved_sum = 0;
    for t in TYPES {
        let c = &v["totals"][t];
        assert_eq!(
            c["vacancy"].as_i64().unwrap(),
            c["approved"].as_i64().unwrap() - c["occupied"].as_i64().unwrap()
        );
        approved_sum += c["approved"].as_i64().unwrap();
    }
    let orgs = v["orgs"].as_array().unwrap();
    let by_orgs: i64 = orgs
        .iter()
        .flat_map(|o| TYPES.map(|t| o["posts"][t]["approved"].as_i64().unwrap()))
        .sum();
    assert_eq!(by_orgs, approved_sum);
    let edu = orgs.iter().find(|o| o["name"] == "县第一中学").unwrap();
    assert_eq!(edu["kind"], "事业单位");
    assert_eq!(edu["parent"], "县教育局");
    assert!(edu["township_class"].is_null());
    assert!(edu["leaders"]["chief"]["approved"].as_i64().is_some());
    let town = orgs.iter().find(|o| o["name"] == "楚江街道").unwrap();
    assert_eq!(town["township_class"], 1);
    for t in TYPES {
        assert!(v["reserve"][t].is_i64());
    }
    assert!(v["pools"].is_array());
    let y2021 = &v["years"]["2021"];
    for k in [
        "recovered",
        "transferred_with_people",
        "conversions",
        "reserve_grants",
        "turnover_issued",
        "applications_received",
        "applications_accepted",
        "suggestions",
    ] {
        assert!(y2021[k].is_i64(), "years.2021.{k}");
    }
    assert_eq!(y2021["transferred_with_people"], 11);
    let transferred: i64 = v["years"]
        .as_object()
        .unwrap()
        .values()
        .map(|y| y["transferred_with_people"].as_i64().unwrap())
        .sum();
    assert_eq!(transferred, 16, "the seed: 16 since 2021");
    // Turnover pools (issue 6): 56 posts issued in 2021.
    assert_eq!(y2021["turnover_issued"], 56);
    // Applications (issue 7): the seed's 2021 figures.
    assert_eq!(y2021["applications_received"], 20);
    assert_eq!(y2021["applications_accepted"], 15);
    assert_eq!(y2021["suggestions"], 18);
    // Each pool's figures against its own rows, counted here from the database: the total
    // from the ledger entries into and out of the pool, issued from the issue rows minus
    // the return rows dated up to the day of the figures.
    let conn = rusqlite::Connection::open(&db).unwrap();
    let as_of = v["as_of"].as_str().unwrap();
    let count = |sql: &str, params: &[&dyn rusqlite::ToSql]| -> i64 {
        conn.query_row(sql, params, |r| r.get(0)).unwrap()
    };
    let pools = v["pools"].as_array().unwrap();
    assert!(!pools.is_empty());
    let mut out_with_units = 0;
    for p in pools {
        let name = p["name"].as_str().unwrap();
        let id = count("SELECT id FROM pools WHERE name = ?1", &[&name]);
        let total = count(
            "SELECT COALESCE(SUM(count), 0) FROM ledger_entries WHERE to_pool = ?1",
            &[&id],
        ) - count(
            "SELECT COALESCE(SUM(count), 0) FROM ledger_entries WHERE from_pool = ?1",
            &[&id],
        );
        let issued = count(
            "SELECT COALESCE(SUM(count), 0) FROM turnover_issues WHERE pool_id = ?1 AND date <= ?2",
            &[&id, &as_of],
        );
        let returned = count(
            "SELECT COALESCE(SUM(r.count), 0) FROM turnover_returns r \
             JOIN turnover_issues i ON r.issue_id = i.id WHERE i.pool_id = ?1 AND r.date <= ?2",
            &[&id, &as_of],
        );
        assert_eq!(p["total"], total, "{p}");
        assert_eq!(p["issued"], issued - returned, "{p}");
        assert_eq!(p["available"], total - (issued - returned), "{p}");
        out_with_units += issued - returned;
    }
    assert!(
        out_with_units > 0,
        "the demo county has turnover posts out with units"
    );
    // People on turnover posts: the people rows that hold one.
    assert_eq!(
        v["summary"]["people_on_turnover_posts"],
        count(
            "SELECT COUNT(*) FROM persons WHERE status = '在编' AND turnover_issue IS NOT NULL",
            &[]
        )
    );
    // The township standard in force (issue 5): the seed's default until a 文号 sets one.
    let std = &v["township_standard"];
    assert_eq!(std["class1_admin"], 37);
    assert_eq!(std["class2_admin"], 28);
    assert_eq!(std["class1_institution"], 44);
    assert_eq!(std["class2_institution"], 34);
    assert_eq!(std["institution_ratio"], "1.2");
    assert_eq!(std["rounding"], "half_up");

    // As of a past date the county is reconstructed from the ledger.
    let out = bianzhi(&db, &["stats", "--json", "--as-of", "2020-12-31"]);
    let then: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(then["as_of"], "2020-12-31");
    assert_eq!(then["totals"]["行政编制"]["approved"], 0);
    assert_eq!(then["totals"]["行政编制"]["occupied"], 0);

    // A second demo into the same database is refused.
    let out = bianzhi(&db, &["demo"]);
    assert!(!out.status.success());
}

#[test]
fn check_reports_each_violation() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("bad.db");
    assert!(bianzhi(&db, &["demo"]).status.success());
    {
        // Bypass the rules: take more posts from the reserve than it holds.
        let conn = rusqlite::Connection::open(&db).unwrap();
        conn.execute(
            "INSERT INTO ledger_entries (date, doc_no, kind, post_type, count, from_kind, to_kind, \
             to_org, operator, entered_at) VALUES ('2026-01-01', 'x', 'reallocate', 'service', 5, \
             'reserve', 'org', 1, 'x', '2026-01-01 00:00:00')",
            [],
        )
        .unwrap();
    }
    let out = bianzhi(&db, &["check"]);
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("县集中管理编制的工勤编制余额为负：-5 名"),
        "{text}"
    );
}

#[test]
fn newer_database_is_refused_with_status_2() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("future.db");
    rusqlite::Connection::open(&db)
        .unwrap()
        .execute_batch("PRAGMA user_version = 42;")
        .unwrap();
    let out = bianzhi(&db, &["stats", "--json"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("更新版本"));
}

#[test]
fn a_forgotten_password_is_reset_from_the_command_line() {
    use std::io::Write;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("county.db");
    {
        let mut s = bianzhi::store::Store::open(&db).unwrap();
        s.create_first_admin("王管理", "forgotten").unwrap();
    }
    let run = |name: &str, input: &str| {
        let mut child = Command::new(env!("CARGO_BIN_EXE_bianzhi"))
            .args(["password", name, "--db"])
            .arg(&db)
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        child
            .stdin
            .take()
            .unwrap()
            .write_all(input.as_bytes())
            .unwrap();
        child.wait_with_output().unwrap()
    };
    let out = run("王管理", "new-secret\n");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = run("无此人", "new-secret\n");
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("没有名为“无此人”的操作员"));
    let out = run("王管理", "123\n");
    assert!(String::from_utf8_lossy(&out.stderr).contains("密码至少 6 位"));
    let mut s = bianzhi::store::Store::open(&db).unwrap();
    assert!(s.sign_in("王管理", "forgotten").is_err());
    s.sign_in("王管理", "new-secret").unwrap();
}

#[test]
fn a_server_address_with_a_password_is_refused_with_status_2_and_the_password_not_shown() {
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_bianzhi"))
        .current_dir(dir.path())
        .args([
            "--db",
            "postgres://clerk:pw-secret@localhost/county",
            "stats",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("数据库服务器"), "{err}");
    assert!(!err.contains("pw-secret"), "{err}");
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0, "no file");
}

#[test]
fn a_person_is_shown_by_field_code_and_corrected_with_a_reason() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("county.db");
    assert!(bianzhi(&db, &["demo"]).status.success());
    let id: String = {
        let c = bianzhi::store::Store::sqlite_connection_for_tests(&db).unwrap();
        c.query_row(
            "SELECT id_number FROM persons ORDER BY id LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap()
    };
    let json = |out: &Output| -> Value { serde_json::from_slice(&out.stdout).unwrap() };
    let before = json(&bianzhi(&db, &["person", &id, "--json"]));
    assert_eq!(before["id_number"], id.as_str());
    assert_eq!(before["status"], "在编");
    assert!(before["unit"].as_str().is_some_and(|u| !u.is_empty()));
    assert!(before["corrections"].as_array().unwrap().is_empty());
    let stats = bianzhi(&db, &["stats", "--json"]).stdout;

    let out = bianzhi(
        &db,
        &[
            "correct",
            &id,
            "name=测试名",
            "division=办公室",
            "--reason",
            "录入错误",
            "--json",
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let after = json(&out);
    assert_eq!(after["name"], "测试名");
    assert_eq!(after["division"], "办公室");
    assert_eq!(after["birth"], before["birth"]);
    let history = after["corrections"].as_array().unwrap();
    assert_eq!(history.len(), 2);
    assert_eq!(history[0]["field"], "name");
    assert_eq!(history[0]["before"], before["name"]);
    assert_eq!(history[0]["reason"], "录入错误");
    // Not a staffing change.
    assert_eq!(bianzhi(&db, &["stats", "--json"]).stdout, stats);

    // Refused by a rule: exit 1; an unknown field or person: exit 2; nothing written.
    let refused = bianzhi(
        &db,
        &[
            "correct",
            &id,
            "birth=1900-01-01",
            "--reason",
            "x",
            "--json",
        ],
    );
    assert_eq!(refused.status.code(), Some(1));
    assert_eq!(json(&refused)["error"]["code"], "refused");
    let unknown = bianzhi(
        &db,
        &["correct", &id, "salary=1", "--reason", "x", "--json"],
    );
    assert_eq!(unknown.status.code(), Some(2));
    assert_eq!(json(&unknown)["error"]["code"], "unknown_field");
    let nobody = common_id_unused();
    let missing = bianzhi(&db, &["person", &nobody, "--json"]);
    assert_eq!(missing.status.code(), Some(2));
    assert_eq!(json(&missing)["error"]["code"], "unknown_person");
    let still = json(&bianzhi(&db, &["person", &id, "--json"]));
    assert_eq!(still["corrections"].as_array().unwrap().len(), 2);
}

/// A valid ID number no demo person has (born 1900-01-01).
fn common_id_unused() -> String {
    let body = "11010119000101001";
    format!(
        "{body}{}",
        bianzhi::domain::id_number::check_char(body.as_bytes())
    )
}

/// `export roster --columns`: the 花名册 in the columns asked for, in that order; an unknown
/// code exits 2 naming it, and writes no file.
#[test]
fn the_roster_is_exported_in_the_columns_asked_for() {
    use bianzhi::domain::*;
    use calamine::{Data, Reader};
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("county.db");
    {
        let mut s = bianzhi::store::Store::open(&db).unwrap();
        let day = chrono::NaiveDate::from_ymd_opt(2024, 3, 1).unwrap();
        let org = s
            .write(|tx| {
                let org = tx.create_org(&OrgDraft {
                    name: "县统计局".into(),
                    kind: Some(OrgKind::GovDept),
                    ..Default::default()
                })?;
                tx.record(&bianzhi::store::EntryRequest {
                    date: day,
                    doc_no: "石编〔2024〕1号".into(),
                    kind: EntryKind::Approve,
                    reason: "核定".into(),
                    movement: Movement {
                        post_type: PostType::Administrative,
                        count: 2,
                        from: Account::Above,
                        to: Account::Org(org),
                    },
                })?;
                Ok(org)
            })
            .unwrap();
        let mut details = PersonDetails {
            name: "田七".into(),
            ethnicity: Some("土家族".into()),
            education: Some("本科".into()),
            ..Default::default()
        };
        details.kept.insert("school".into(), "湖南大学".into());
        s.hire(&bianzhi::store::HireRequest {
            id_number: common_id_unused(),
            details,
            org,
            post_type: PostType::Administrative,
            date: day,
            doc_no: "石人社〔2024〕1号".into(),
        })
        .unwrap();
    }
    let out = dir.path().join("roster.xlsx");
    let run = |columns: &str, report: &str| {
        bianzhi(
            &db,
            &[
                "export",
                report,
                "--out",
                out.to_str().unwrap(),
                "--columns",
                columns,
                "--json",
            ],
        )
    };
    let done = run("name,school,ethnicity,unit,education", "roster");
    assert!(
        done.status.success(),
        "{}",
        String::from_utf8_lossy(&done.stderr)
    );
    let v: Value = serde_json::from_slice(&done.stdout).unwrap();
    assert_eq!(v["report"], "roster");
    assert_eq!(v["rows"], 1);
    let mut wb = calamine::open_workbook_auto(&out).unwrap();
    let sheet = wb.worksheet_range("花名册").unwrap();
    let row = |r: u32| -> Vec<Data> {
        (0..7)
            .map(|c| sheet.get_value((r, c)).cloned().unwrap_or(Data::Empty))
            .collect()
    };
    let s = |t: &str| Data::String(t.into());
    assert_eq!(
        row(2),
        [
            s("序号"),
            s("姓名"),
            s("毕业学校"),
            s("民族"),
            s("单位"),
            s("学历"),
            s("备注")
        ]
    );
    assert_eq!(
        row(3),
        [
            Data::Float(1.0),
            s("田七"),
            s("湖南大学"),
            s("土家族"),
            s("县统计局"),
            s("本科"),
            Data::Empty
        ]
    );

    // An unknown code: exit 2, the code named, no file.
    std::fs::remove_file(&out).unwrap();
    let unknown = run("name,salary", "roster");
    assert_eq!(unknown.status.code(), Some(2));
    let e: Value = serde_json::from_slice(&unknown.stdout).unwrap();
    assert_eq!(e["error"]["code"], "unknown_field");
    assert!(e["error"]["message"].as_str().unwrap().contains("salary"));
    assert!(!out.exists());
    // Only the 花名册 has columns to choose.
    let other = run("name", "orgs");
    assert_eq!(other.status.code(), Some(2));
    assert!(!out.exists());
}

#[test]
fn a_persons_appointments_and_a_units_leaders_are_in_the_json() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("county.db");
    assert!(bianzhi(&db, &["demo"]).status.success());
    let (id, position, unit): (String, String, String) = {
        let c = bianzhi::store::Store::sqlite_connection_for_tests(&db).unwrap();
        c.query_row(
            "SELECT p.id_number, a.position, o.name FROM appointments a \
             JOIN persons p ON p.id = a.person_id JOIN orgs o ON o.id = a.org_id \
             WHERE a.level = 'chief' ORDER BY a.id LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap()
    };
    let out = bianzhi(&db, &["person", &id, "--json"]);
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let a = &v["appointments"][0];
    assert_eq!(a["position"], position.as_str());
    assert_eq!(a["level"], "chief");
    assert_eq!(a["unit"], unit.as_str());
    assert_eq!(a["in_force"], true);
    assert!(
        a["appoint_doc"]
            .as_str()
            .is_some_and(|d| d.contains("石组干"))
    );
    let stats: Value = serde_json::from_slice(&bianzhi(&db, &["stats", "--json"]).stdout).unwrap();
    let u = stats["orgs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["name"] == unit.as_str())
        .unwrap();
    assert_eq!(u["leaders"]["chief"]["appointed"], 1);
    assert!(u["leaders"]["chief"]["approved"].as_i64().unwrap() >= 1);
    // The demo's 县发展和改革局: one deputy over.
    let ndrc = stats["orgs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["name"] == "县发展和改革局")
        .unwrap();
    let d = &ndrc["leaders"]["deputy"];
    assert_eq!(
        d["appointed"].as_i64().unwrap(),
        d["approved"].as_i64().unwrap() + 1
    );
}

#[test]
fn reconcile_and_retirements_keep_their_contract() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("county.db");
    assert!(bianzhi(&db, &["demo"]).status.success());
    let json = |out: &Output| -> Value {
        serde_json::from_slice(&out.stdout)
            .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stdout)))
    };
    // The retirement horizon: masked IDs, months, counts per year.
    let out = bianzhi(&db, &["retirements", "--years", "5", "--json"]);
    assert!(out.status.success());
    let r = json(&out);
    let people = r["people"].as_array().unwrap();
    assert!(!people.is_empty());
    for p in people {
        assert!(p["id_number"].as_str().unwrap().contains('*'));
        let on = p["retires_on"].as_str().unwrap();
        assert!(on.len() == 7 && on.as_bytes()[4] == b'-', "{on}");
        assert!(
            ["men_60", "women_55", "women_50", "women_60"].contains(&p["rule"].as_str().unwrap())
        );
        assert!(TYPES.contains(&p["post_type"].as_str().unwrap()));
    }
    let by_year: i64 = r["by_year"]
        .as_object()
        .unwrap()
        .values()
        .map(|v| v.as_i64().unwrap())
        .sum();
    assert_eq!(by_year as usize, people.len());
    // Everyone on a post, in full: the payroll list is made from them.
    let all = json(&bianzhi(
        &db,
        &["retirements", "--years", "60", "--json", "--full-ids"],
    ));
    let everyone = all["people"].as_array().unwrap();
    assert!(everyone.len() > 2000);
    let list = dir.path().join("payroll.xlsx");
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    for (c, h) in ["姓名", "身份证号", "单位"].iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    let mut row = 1;
    for (k, p) in everyone.iter().enumerate().skip(1) {
        let unit = if k == 1 {
            "县不存在局"
        } else {
            p["unit"].as_str().unwrap()
        };
        for (c, v) in [
            p["name"].as_str().unwrap(),
            p["id_number"].as_str().unwrap(),
            unit,
        ]
        .iter()
        .enumerate()
        {
            ws.write_string(row, c as u16, *v).unwrap();
        }
        row += 1;
    }
    ws.write_string(row, 0, "无名氏").unwrap();
    ws.write_string(row, 2, "县财政局").unwrap();
    wb.save(&list).unwrap();
    let list_arg = list.to_str().unwrap();
    let dry = bianzhi(
        &db,
        &[
            "reconcile",
            list_arg,
            "--source",
            "payroll",
            "--dry-run",
            "--json",
        ],
    );
    assert!(
        dry.status.success(),
        "{}",
        String::from_utf8_lossy(&dry.stderr)
    );
    let d = json(&dry);
    assert!(d["round"].is_null());
    assert_eq!(d["list_rows"], everyone.len());
    assert_eq!(d["matched"], everyone.len() - 1);
    let findings = d["findings"].as_array().unwrap();
    let of =
        |code: &str| -> Vec<&Value> { findings.iter().filter(|f| f["code"] == code).collect() };
    let missing = of("on_post_not_paid");
    assert_eq!(missing.len(), 1);
    assert_eq!(missing[0]["name"], everyone[0]["name"]);
    assert!(missing[0]["id_number"].as_str().unwrap().contains('*'));
    assert_eq!(of("unit_differs").len(), 1);
    assert_eq!(of("paid_not_on_post").len(), 1);
    assert_eq!(d["counts"]["on_post_not_paid"], 1);
    for f in findings {
        for k in ["code", "id_number", "name", "unit", "detail"] {
            assert!(f.get(k).is_some(), "{k} in {f}");
        }
    }
    // Recorded: a round number; each run another round.
    let first = json(&bianzhi(
        &db,
        &["reconcile", list_arg, "--source", "payroll", "--json"],
    ));
    let second = json(&bianzhi(
        &db,
        &["reconcile", list_arg, "--source", "payroll", "--json"],
    ));
    assert!(second["round"].as_i64().unwrap() > first["round"].as_i64().unwrap());
    // An unreadable list, an unknown source: 2, with the error's code.
    let bad = dir.path().join("bad.xlsx");
    std::fs::write(&bad, b"not a workbook").unwrap();
    let out = bianzhi(
        &db,
        &[
            "reconcile",
            bad.to_str().unwrap(),
            "--source",
            "hr",
            "--json",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(json(&out)["error"]["code"].is_string());
    let out = bianzhi(&db, &["reconcile", list_arg, "--source", "tax", "--json"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(json(&out)["error"]["code"], "bad_source");
    // The reports.
    let out = bianzhi(
        &db,
        &[
            "export",
            "findings",
            "--out",
            dir.path().join("f.xlsx").to_str().unwrap(),
            "--json",
        ],
    );
    assert!(out.status.success());
    assert_eq!(json(&out)["rows"], 3 + of("past_retirement").len());
    let notice = dir.path().join("n.xlsx");
    let out = bianzhi(
        &db,
        &[
            "export",
            "rectification-notice",
            "--org",
            "县财政局",
            "--out",
            notice.to_str().unwrap(),
            "--json",
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert!(notice.exists());
    assert!(bianzhi(&db, &["check"]).status.success());
}

#[test]
fn docs_and_attach_keep_their_contract() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("county.db");
    assert!(bianzhi(&db, &["demo"]).status.success());
    let json = |out: &Output| -> Value {
        serde_json::from_slice(&out.stdout)
            .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stdout)))
    };
    let all = json(&bianzhi(&db, &["docs", "--json"]));
    let docs = all["documents"].as_array().unwrap();
    assert!(docs.len() > 50, "every 文号 of the demo county");
    for d in docs {
        for k in ["doc_no", "title", "date", "kind", "attachments", "refs"] {
            assert!(d.get(k).is_some(), "{k} in {d}");
        }
        assert!(d["refs"].as_u64().unwrap() > 0);
    }
    let first = docs[0]["doc_no"].as_str().unwrap().to_string();
    // A missing file: 2, nothing attached.
    let scan = dir.path().join("scan.pdf");
    std::fs::write(&scan, b"%PDF scan").unwrap();
    let out = bianzhi(
        &db,
        &[
            "attach",
            &first,
            scan.to_str().unwrap(),
            dir.path().join("missing.pdf").to_str().unwrap(),
            "--json",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(json(&out)["error"]["code"], "not_found");
    let found = json(&bianzhi(&db, &["docs", "--search", &first, "--json"]));
    assert!(
        found["documents"][0]["attachments"]
            .as_array()
            .unwrap()
            .is_empty()
    );
    // Attached: name, hash, size.
    let out = bianzhi(&db, &["attach", &first, scan.to_str().unwrap(), "--json"]);
    assert!(out.status.success());
    let a = &json(&out)["attachments"][0];
    assert_eq!(a["name"], "scan.pdf");
    assert_eq!(a["bytes"], 9);
    assert_eq!(a["sha256"].as_str().unwrap().len(), 64);
    let found = json(&bianzhi(&db, &["docs", "--search", &first, "--json"]));
    assert_eq!(
        found["documents"][0]["attachments"][0]["sha256"],
        a["sha256"]
    );
    assert!(bianzhi(&db, &["check"]).status.success());
}

#[test]
fn a_notice_is_printed_again_by_its_number() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("county.db");
    assert!(bianzhi(&db, &["demo"]).status.success());
    // The demo's 整改 finding of 县财政局: its 整改通知书 is numbered when first printed.
    let first = dir.path().join("first.xlsx");
    let out = bianzhi(
        &db,
        &[
            "export",
            "rectification-notice",
            "--org",
            "县财政局",
            "--out",
            first.to_str().unwrap(),
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let docs: Value = serde_json::from_slice(&bianzhi(&db, &["docs", "--json"]).stdout).unwrap();
    assert!(docs["documents"].is_array());
    let today: String = String::from_utf8_lossy(&bianzhi(&db, &["stats", "--json"]).stdout)
        .lines()
        .find_map(|l| {
            l.trim()
                .strip_prefix("\"as_of\": \"")
                .map(|d| d[..4].to_string())
        })
        .unwrap_or_default();
    let number = format!("编整〔{today}〕1号");
    let again = dir.path().join("again.xlsx");
    let out = bianzhi(
        &db,
        &[
            "notice",
            &number,
            "--out",
            again.to_str().unwrap(),
            "--json",
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["number"], number);
    assert_eq!(v["kind"], "rectification");
    assert!(v["voided"].is_null());
    assert!(again.exists());
    let out = bianzhi(
        &db,
        &[
            "notice",
            "编整〔1999〕9号",
            "--out",
            again.to_str().unwrap(),
            "--json",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["error"]["code"], "unknown_notice");
}
