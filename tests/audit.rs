//! Operators, roles and the 操作日志: every write is logged with its operator and rows
//! before and after; the log cannot be changed; each role may do what issue 10 lists and
//! nothing more.

mod common;

use common::d;

use bianzhi::domain::*;
use bianzhi::store::audit::{AuditChange, AuditQuery};
use bianzhi::store::db::Backend;
use bianzhi::store::{EntryRequest, HireRequest, Store, StoreError};

/// A valid ID number (born 19850305), the `n`th.
fn id(n: u32) -> String {
    common::id("19850305", n)
}

fn county() -> (Store, OrgId) {
    let mut s = common::new_store();
    s.set_operator("王管理");
    let org = s
        .create_org(&OrgDraft {
            name: "县档案馆".into(),
            kind: Some(OrgKind::Institution),
            ..Default::default()
        })
        .unwrap();
    s.record(&EntryRequest {
        date: d(2021, 1, 5),
        doc_no: "石编〔2021〕1号".into(),
        kind: EntryKind::Approve,
        reason: "核定".into(),
        movement: Movement {
            post_type: PostType::Institution(Funding::Full),
            count: 5,
            from: Account::Above,
            to: Account::Org(org),
        },
    })
    .unwrap();
    (s, org)
}

fn hire_req(n: u32, org: OrgId) -> HireRequest {
    HireRequest {
        id_number: id(n),
        details: PersonDetails {
            name: format!("张{n}"),
            ..Default::default()
        },
        org,
        post_type: PostType::Institution(Funding::Full),
        date: d(2022, 3, 1),
        doc_no: "石人社〔2022〕3号".into(),
    }
}

fn all_actions(s: &Store) -> Vec<bianzhi::store::audit::AuditAction> {
    s.audit_actions(&AuditQuery {
        limit: 100_000,
        ..AuditQuery::default()
    })
    .unwrap()
}

fn tables(s: &Store) -> Vec<String> {
    let sql = match s.db_for_tests().backend() {
        Backend::Sqlite => {
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' \
             AND name NOT IN ('audit_actions', 'audit_log')"
        }
        Backend::Postgres => {
            "SELECT table_name::text FROM information_schema.tables \
             WHERE table_schema = current_schema() \
             AND table_name NOT IN ('audit_actions', 'audit_log', 'schema_version')"
        }
    };
    s.db_for_tests()
        .prepare(sql)
        .unwrap()
        .query_map((), |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

#[test]
fn a_hire_is_logged_with_operator_label_and_rows() {
    let (mut s, org) = county();
    s.hire(&hire_req(1, org)).unwrap();
    let last = &all_actions(&s)[0];
    assert_eq!(last.action, "入编");
    assert_eq!(last.operator, "王管理");
    assert_eq!(last.role, "管理员");
    let changes = s.audit_changes(last.id, 100).unwrap();
    let person = changes
        .iter()
        .find(|c| c.table == "persons" && c.op == "insert")
        .expect("the new person is logged");
    assert!(person.after.as_deref().unwrap().contains(&id(1)));
    assert!(changes.iter().any(|c| c.table == "person_events"));
    // The person's row as inserted, field by field.
    assert!(
        person.summary().contains("姓名=张1"),
        "{}",
        person.summary()
    );
}

#[test]
fn a_change_logs_the_row_before_and_after() {
    let (mut s, org) = county();
    let p = s.hire(&hire_req(1, org)).unwrap();
    s.exit(
        p,
        ExitReason::Retirement,
        d(2024, 1, 1),
        "石人社〔2024〕1号",
    )
    .unwrap();
    let last = &all_actions(&s)[0];
    assert_eq!(last.action, "出编");
    let changes = s.audit_changes(last.id, 100).unwrap();
    let update = changes
        .iter()
        .find(|c| c.table == "persons" && c.op == "update")
        .expect("the person's change is logged");
    assert!(update.before.as_deref().unwrap().contains("在编"));
    // The hire's inserted row shows the person as hired, not as they are now: its image
    // is the exit's `before`.
    let hire = all_actions(&s)
        .into_iter()
        .find(|a| a.action == "入编")
        .unwrap();
    let inserted = s
        .audit_changes(hire.id, 100)
        .unwrap()
        .into_iter()
        .find(|c| c.table == "persons")
        .unwrap();
    assert!(
        inserted.summary().contains("状态=在编"),
        "{}",
        inserted.summary()
    );
    assert!(
        update.summary().contains("状态: 在编 → "),
        "{}",
        update.summary()
    );
}

#[test]
fn every_row_of_every_table_is_in_the_log() {
    let mut s = common::new_store();
    bianzhi::demo::fill(&mut s).unwrap();
    for t in tables(&s) {
        let rows: i64 = s
            .db_for_tests()
            .query_row(&format!("SELECT COUNT(*) FROM \"{t}\""), (), |r| r.get(0))
            .unwrap();
        let logged: i64 = s
            .db_for_tests()
            .query_row(
                "SELECT COALESCE(SUM(CASE op WHEN 'insert' THEN 1 WHEN 'delete' THEN -1 ELSE 0 END), 0) \
                 FROM audit_log WHERE table_name = ?1",
                [&t],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(rows, logged, "table {t}");
    }
    // Every logged row belongs to an action (check says so), with who and when.
    assert_eq!(s.check().unwrap(), Vec::<String>::new());
    assert!(
        all_actions(&s)
            .iter()
            .all(|a| !a.operator.is_empty() && !a.at.is_empty())
    );
}

#[test]
fn the_log_cannot_be_changed_or_deleted() {
    let (mut s, org) = county();
    s.hire(&hire_req(1, org)).unwrap();
    for sql in [
        "UPDATE audit_log SET after = NULL",
        "DELETE FROM audit_log",
        "UPDATE audit_actions SET operator = '别人'",
        "DELETE FROM audit_actions",
    ] {
        let e = s.db_for_tests().execute(sql, ()).unwrap_err().to_string();
        // A server refuses the application's role outright (the rights are revoked); its
        // administrator, who keeps them, meets the triggers.
        assert!(
            e.contains("操作日志只能追加") || e.contains("permission denied"),
            "{sql}: {e}"
        );
    }
}

#[test]
fn a_refused_write_leaves_no_action() {
    let (mut s, org) = county();
    let before = s.audit_size().unwrap();
    // No vacancy of that type: refused by the rules, nothing written or logged.
    let mut req = hire_req(1, org);
    req.post_type = PostType::Administrative;
    assert!(s.hire(&req).is_err());
    assert_eq!(s.audit_size().unwrap(), before);
}

#[test]
fn the_log_is_searchable() {
    let (mut s, org) = county();
    s.hire(&hire_req(7, org)).unwrap();
    s.set_operator("李经办");
    s.hire(&hire_req(8, org)).unwrap();
    let by_name = s
        .audit_actions(&AuditQuery {
            text: "张8".into(),
            ..AuditQuery::default()
        })
        .unwrap();
    assert_eq!(by_name.len(), 1);
    assert_eq!(by_name[0].operator, "李经办");
    let by_operator = s
        .audit_actions(&AuditQuery {
            operator: "王管理".into(),
            ..AuditQuery::default()
        })
        .unwrap();
    assert!(by_operator.iter().all(|a| a.operator == "王管理"));
    assert_eq!(by_operator.len(), 3, "{by_operator:?}");
    let future = s
        .audit_actions(&AuditQuery {
            from: Some(d(2999, 1, 1)),
            ..AuditQuery::default()
        })
        .unwrap();
    assert!(future.is_empty());
}

fn as_role(s: &mut Store, role: Role) {
    s.act_as(Operator {
        name: format!("{}甲", role.label()),
        role,
    });
}

fn forbidden<T: std::fmt::Debug>(r: Result<T, StoreError>) {
    match r {
        Err(StoreError::Forbidden(_)) => {}
        other => panic!("expected a refusal by role, got {other:?}"),
    }
}

#[test]
fn the_viewer_can_change_nothing() {
    let (mut s, org) = county();
    let p = s.hire(&hire_req(1, org)).unwrap();
    as_role(&mut s, Role::Viewer);
    let before = s.audit_size().unwrap();
    forbidden(s.hire(&hire_req(2, org)));
    forbidden(s.exit(p, ExitReason::Retirement, d(2024, 1, 1), "文"));
    forbidden(s.transfer(
        p,
        org,
        PostType::Institution(Funding::Full),
        d(2024, 1, 1),
        "文",
    ));
    forbidden(s.create_org(&OrgDraft {
        name: "新单位".into(),
        kind: Some(OrgKind::Institution),
        ..Default::default()
    }));
    forbidden(s.record(&EntryRequest {
        date: d(2021, 1, 5),
        doc_no: "文".into(),
        kind: EntryKind::Approve,
        reason: "核定".into(),
        movement: Movement {
            post_type: PostType::Institution(Funding::Full),
            count: 1,
            from: Account::Above,
            to: Account::Org(org),
        },
    }));
    forbidden(s.write(|tx| tx.create_pool("池")));
    forbidden(s.write(|tx| tx.set_setting("backup.keep", "3")));
    forbidden(s.add_operator("新人", "123456", Role::Clerk));
    forbidden(s.reveal_ids("测试"));
    forbidden(s.audit_actions(&AuditQuery::default()));
    forbidden(s.backup_now());
    as_role(&mut s, Role::Admin);
    assert_eq!(s.audit_size().unwrap(), before, "nothing was written");
}

#[test]
fn the_clerk_does_staffing_work_but_not_settings_operators_or_restore() {
    let (mut s, org) = county();
    as_role(&mut s, Role::Clerk);
    s.hire(&hire_req(1, org)).unwrap();
    s.write(|tx| tx.create_pool("池")).unwrap();
    s.reveal_ids("单位人员表").unwrap();
    forbidden(s.write(|tx| tx.set_setting("backup.keep", "3")));
    forbidden(s.add_operator("新人", "123456", Role::Clerk));
    forbidden(s.restore(std::path::Path::new("nowhere.db")));
    let last = &all_actions(&s)[0];
    assert_eq!(last.action, "查看完整身份证号");
    assert_eq!(last.detail, "单位人员表");
    assert_eq!(last.role, "经办人");
}

#[test]
fn first_start_creates_the_administrator_then_sign_in_checks_the_password() {
    let (mut s, _) = county();
    assert!(!s.has_operators().unwrap());
    let admin = s.create_first_admin("王管理", "secret-1").unwrap();
    assert_eq!(admin.role, Role::Admin);
    assert!(s.create_first_admin("别人", "secret-2").is_err());
    s.add_operator("李经办", "clerk-pw", Role::Clerk).unwrap();
    s.add_operator("赵查看", "viewer-pw", Role::Viewer).unwrap();
    // Passwords are stored as argon2 hashes, never as typed.
    let hash: String = s
        .db_for_tests()
        .query_row(
            "SELECT password_hash FROM operators WHERE name = '李经办'",
            (),
            |r| r.get(0),
        )
        .unwrap();
    assert!(hash.starts_with("$argon2"), "{hash}");
    assert!(!hash.contains("clerk-pw"));
    // …nor copied into the log.
    let leaked: i64 = s
        .db_for_tests()
        .query_row(
            "SELECT COUNT(*) FROM audit_log WHERE after LIKE '%argon2%'",
            (),
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(leaked, 0);

    assert!(matches!(
        s.sign_in("李经办", "wrong"),
        Err(StoreError::Denied(_))
    ));
    let failed = &all_actions(&s)[0];
    assert_eq!(failed.action, "登录失败");
    assert_eq!(failed.operator, "李经办");
    // A failed sign-in leaves the signed-in operator as it was.
    assert_eq!(s.operator(), "王管理");

    let clerk = s.sign_in("李经办", "clerk-pw").unwrap();
    assert_eq!(clerk.role, Role::Clerk);
    assert_eq!(s.current_operator().role, Role::Clerk);
    // Everyone may change their own password, not someone else's.
    let ids: Vec<(i64, String)> = s
        .operators()
        .unwrap()
        .into_iter()
        .map(|o| (o.id, o.name))
        .collect();
    let id_of = |n: &str| ids.iter().find(|(_, name)| name == n).unwrap().0;
    s.set_password(id_of("李经办"), "clerk-pw2").unwrap();
    forbidden(s.set_password(id_of("赵查看"), "hacked!"));
    assert!(s.sign_in("李经办", "clerk-pw").is_err());
    s.sign_in("李经办", "clerk-pw2").unwrap();

    // The last administrator cannot be demoted or disabled.
    s.sign_in("王管理", "secret-1").unwrap();
    assert!(matches!(
        s.update_operator(id_of("王管理"), Role::Clerk, true),
        Err(StoreError::Denied(_))
    ));
    // A disabled operator cannot sign in.
    s.update_operator(id_of("赵查看"), Role::Viewer, false)
        .unwrap();
    assert!(s.sign_in("赵查看", "viewer-pw").is_err());
}

#[test]
fn an_import_logs_every_row_it_inserts_and_keeps_the_triggers() {
    use bianzhi::import::{self, ImportKind, Progress, Settings};
    let (Some(orgs), Some(roster)) = (
        common::shared("samples/orgs.xlsx"),
        common::shared("samples/roster.xlsx"),
    ) else {
        return;
    };
    let triggers = |s: &Store| -> i64 {
        let sql = match s.db_for_tests().backend() {
            Backend::Sqlite => {
                "SELECT COUNT(*) FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'audit_%'"
            }
            Backend::Postgres => {
                "SELECT COUNT(*) FROM information_schema.triggers \
                 WHERE trigger_schema = current_schema() AND trigger_name LIKE 'audit_%'"
            }
        };
        s.db_for_tests().query_row(sql, (), |r| r.get(0)).unwrap()
    };
    let mut s = common::new_store();
    let before = triggers(&s);
    for (file, kind) in [(orgs, ImportKind::Orgs), (roster, ImportKind::Roster)] {
        let p = Progress::new();
        let plan = import::plan(&s, &file, kind, &Settings::default(), &p).unwrap();
        import::commit(&mut s, &plan, &p).unwrap();
    }
    assert_eq!(triggers(&s), before, "the insert triggers are back");
    let count = |sql: &str| -> i64 { s.db_for_tests().query_row(sql, (), |r| r.get(0)).unwrap() };
    let people = count("SELECT COUNT(*) FROM persons");
    let events = count("SELECT COUNT(*) FROM person_events");
    assert_eq!(people, 5_718);
    let last = &all_actions(&s)[0];
    assert_eq!(last.action, "导入实名制花名册：roster.xlsx");
    // Every row the roster inserted is in its action, with its image...
    // (and the import's record, inserted and then completed with its counts)
    assert_eq!(last.rows, people + events + 2);
    let changes = s.audit_changes(last.id, 1_000_000).unwrap();
    let inserted: Vec<&AuditChange> = changes
        .iter()
        .filter(|c| c.table == "persons" && c.op == "insert")
        .collect();
    assert_eq!(inserted.len() as i64, people);
    let mut ids: Vec<i64> = inserted.iter().filter_map(|c| c.row_id).collect();
    ids.dedup();
    assert_eq!(ids.len() as i64, people, "each person once");
    assert!(
        inserted
            .iter()
            .all(|c| c.after.as_deref().is_some_and(|a| a.contains("id_number"))),
        "each with the row as inserted"
    );
    // ... found by what it holds...
    let someone: String = s
        .db_for_tests()
        .query_row(
            "SELECT name FROM persons ORDER BY id DESC LIMIT 1",
            (),
            |r| r.get(0),
        )
        .unwrap();
    let found = s
        .audit_actions(&AuditQuery {
            text: someone,
            ..AuditQuery::default()
        })
        .unwrap();
    assert!(found.iter().any(|a| a.id == last.id));
    // ... and logged as ranges, not a row per person: in a SQLite file one per table; on
    // a server one per statement, which inserts a thousand people.
    let logged = count(&format!(
        "SELECT COUNT(*) FROM audit_log WHERE action_id = {} AND table_name = 'persons'",
        last.id
    ));
    match s.db_for_tests().backend() {
        Backend::Sqlite => assert_eq!(logged, 1),
        Backend::Postgres => assert_eq!(logged, (people + 999) / 1_000),
    }
    // A write after the import is logged row by row again.
    let n: i64 = s
        .db_for_tests()
        .query_row("SELECT COUNT(*) FROM audit_log", (), |r| r.get(0))
        .unwrap();
    s.write(|tx| tx.create_pool("新池")).unwrap();
    let m: i64 = s
        .db_for_tests()
        .query_row("SELECT COUNT(*) FROM audit_log", (), |r| r.get(0))
        .unwrap();
    assert_eq!(m, n + 1);
}

#[test]
fn the_log_exports_to_xlsx_masked_and_can_be_cancelled() {
    use bianzhi::export::reports::{ReportOptions, write_audit_log};
    use bianzhi::import::Progress;
    use calamine::Reader;
    let (mut s, org) = county();
    s.hire(&hire_req(1, org)).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("操作日志.xlsx");
    let all = AuditQuery {
        limit: 1000,
        ..AuditQuery::default()
    };
    let summary =
        write_audit_log(&s, &all, &ReportOptions::default(), &out, &Progress::new()).unwrap();
    assert_eq!(summary.rows, all_actions(&s).len());
    let mut wb = calamine::open_workbook_auto(&out).unwrap();
    assert_eq!(wb.sheet_names(), vec!["操作", "明细"]);
    let details = wb.worksheet_range("明细").unwrap();
    let text: String = details
        .rows()
        .flat_map(|r| r.iter().map(|c| c.to_string()))
        .collect();
    assert!(text.contains("姓名=张1"), "{text}");
    assert!(!text.contains(&id(1)), "ID numbers are masked");
    assert!(text.contains(&format!("{}********{}", &id(1)[..6], &id(1)[14..])));

    // Cancelled: an error, and no file.
    let p = Progress::new();
    p.cancel();
    let cancelled = dir.path().join("取消.xlsx");
    assert!(write_audit_log(&s, &all, &ReportOptions::default(), &cancelled, &p).is_err());
    assert!(!cancelled.exists());
}
