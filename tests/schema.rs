//! Schema migrations: an older database is upgraded on open; a newer one is refused untouched.

use bianzhi::store::{Store, StoreError, schema};

#[test]
fn old_schema_is_upgraded_with_its_data() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.db");
    {
        let mut conn = Store::sqlite_connection_for_tests(&path).unwrap();
        schema::migrations().to_version(&mut conn, 1).unwrap();
        conn.execute_batch(
            "INSERT INTO orgs (id, name, kind, created_at) VALUES (1, '县教育局', '政府工作部门', '2021-01-01 00:00:00');
             INSERT INTO ledger_entries (date, doc_no, kind, post_type, count, from_kind, to_kind, to_org, operator, entered_at)
             VALUES ('2021-01-05', '石编〔2021〕1号', 'approve', 'admin', 20, 'above', 'org', 1, '老版本', '2021-01-05 09:00:00');",
        )
        .unwrap();
        let v: i64 = conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .unwrap();
        assert_eq!(v, 1);
    }
    let store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), schema::LATEST_VERSION);
    let org = store.org_by_name("县教育局").unwrap().unwrap();
    assert_eq!(
        store
            .approved(org.id, bianzhi::domain::PostType::Administrative)
            .unwrap(),
        20
    );
    let imports: i64 = store
        .sql_for_tests()
        .query_row("SELECT COUNT(*) FROM imports", [], |r| r.get(0))
        .unwrap();
    assert_eq!(imports, 0);
    assert!(store.check().unwrap().is_empty());
    // The database as it was before the upgrade is kept as a backup (升级前), still at
    // version 1.
    let backups = bianzhi::store::backup::list_backups(&path).unwrap();
    assert_eq!(backups.len(), 1);
    assert_eq!(backups[0].reason, "升级前");
    let old = Store::sqlite_connection_for_tests(&backups[0].path).unwrap();
    let v: i64 = old
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap();
    assert_eq!(v, 1);
}

#[test]
fn newer_schema_is_refused_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("new.db");
    {
        let conn = Store::sqlite_connection_for_tests(&path).unwrap();
        conn.execute_batch("CREATE TABLE future (x); PRAGMA user_version = 99;")
            .unwrap();
    }
    let before = std::fs::read(&path).unwrap();
    let err = Store::open(&path)
        .err()
        .expect("a newer database is refused");
    assert!(matches!(err, StoreError::TooNew { found: 99, .. }), "{err}");
    assert!(err.to_string().contains("未作任何改动"), "{err}");
    assert_eq!(std::fs::read(&path).unwrap(), before);
    assert!(!dir.path().join("new.db-wal").exists());
}

#[test]
fn ledger_rows_cannot_be_edited_or_deleted() {
    let mut store = Store::open_in_memory().unwrap();
    bianzhi::demo::fill(&mut store).unwrap();
    let upd = store
        .sql_for_tests()
        .execute("UPDATE ledger_entries SET count = count + 1", []);
    assert!(upd.unwrap_err().to_string().contains("不可修改"));
    let del = store
        .sql_for_tests()
        .execute("DELETE FROM person_events", []);
    assert!(del.unwrap_err().to_string().contains("不可删除"));
}

#[test]
fn an_old_database_gets_its_two_pools_scopes() {
    use bianzhi::domain::turnover::PoolScope;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("pools.db");
    {
        let mut conn = Store::sqlite_connection_for_tests(&path).unwrap();
        schema::migrations().to_version(&mut conn, 10).unwrap();
        conn.execute_batch(
            "INSERT INTO pools (id, name, created_at) VALUES
                (1, '县直行政事业周转编制池', '2021-01-01 00:00:00'),
                (2, '乡镇(街道)人才编制池', '2021-01-01 00:00:00'),
                (3, '人才周转池', '2021-01-01 00:00:00');",
        )
        .unwrap();
    }
    let store = Store::open(&path).unwrap();
    let scopes = store.pool_scopes().unwrap();
    let scope = |id| scopes[&bianzhi::domain::PoolId(id)];
    assert_eq!(scope(1), PoolScope::County);
    assert_eq!(scope(2), PoolScope::Townships);
    assert_eq!(scope(3), PoolScope::Any);
}

#[test]
fn evaluations_fed_back_before_results_were_kept_are_kept_on_open() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("county.db");
    {
        let mut store = Store::open(&path).unwrap();
        bianzhi::demo::fill(&mut store).unwrap();
        // As a database from before migration 12 had them: reported, nothing kept.
        store
            .sql_for_tests()
            .execute("UPDATE evaluations SET kept = NULL, kept_on = NULL", [])
            .unwrap();
    }
    let store = Store::open(&path).unwrap();
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 28).unwrap();
    let all = store.evaluations(today).unwrap();
    assert_eq!(all.len(), 3);
    assert!(
        all.iter().all(|e| !e.live && e.kept_on.is_some()),
        "{all:?}"
    );
    let mut ranks: Vec<usize> = all.iter().map(|e| e.rank).collect();
    ranks.sort();
    assert_eq!(ranks, [1, 2, 3]);
}

#[test]
fn a_database_of_the_version_before_is_upgraded_and_its_people_can_be_corrected() {
    use bianzhi::domain::correction::Field;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("previous.db");
    let body = "43072619850330001";
    let id = format!(
        "{body}{}",
        bianzhi::domain::id_number::check_char(body.as_bytes())
    );
    {
        let mut conn = Store::sqlite_connection_for_tests(&path).unwrap();
        schema::migrations()
            .to_version(&mut conn, (schema::LATEST_VERSION - 1) as usize)
            .unwrap();
        conn.execute_batch(&format!(
            "INSERT INTO orgs (id, name, kind, created_at) VALUES (1, '县档案馆', '事业单位', '2021-01-01 00:00:00');
             INSERT INTO ledger_entries (date, doc_no, kind, post_type, count, from_kind, to_kind, to_org, operator, entered_at)
             VALUES ('2021-01-05', '石编〔2021〕1号', 'approve', 'inst_full', 5, 'above', 'org', 1, '上一版', '2021-01-05 09:00:00');
             INSERT INTO persons (id, id_number, name, gender, birth, status, org_id, post_type, updated_at)
             VALUES (1, '{id}', '张三', '男', '1985-03-30', '在编', 1, 'inst_full', '2022-03-01 09:00:00');
             INSERT INTO person_events (person_id, kind, date, doc_no, status, org_id, post_type, operator, entered_at)
             VALUES (1, 'hire', '2022-03-01', '石人社〔2022〕3号', '在编', 1, 'inst_full', '上一版', '2022-03-01 09:00:00');
             INSERT INTO audit_actions (id, operator, role, at, action)
             VALUES (1, '上一版', 'admin', '2022-03-01 09:00:00', '入编');"
        ))
        .unwrap();
    }
    let mut store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), schema::LATEST_VERSION);
    assert!(store.check().unwrap().is_empty(), "{:?}", store.check());
    let p = store
        .person_by_id_number(&bianzhi::domain::IdNumber::parse(&id).unwrap())
        .unwrap()
        .unwrap();
    store
        .correct_person(p.id, &[(Field::Name, "张叁".into())], "录入错误")
        .unwrap();
    assert_eq!(store.person(p.id).unwrap().details.name, "张叁");
    assert_eq!(store.corrections(p.id).unwrap().len(), 1);
    assert!(store.check().unwrap().is_empty());
}

#[test]
fn a_database_of_version_18_gains_divisions_and_a_new_indicator_version() {
    use bianzhi::domain::evaluation::{AutoSource, default_system};
    use bianzhi::domain::{DivisionKind, OrgId};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v18.db");
    // The system as version 18 shipped it: the two division items and the payroll item
    // scored by hand.
    let mut old = default_system();
    for it in &mut old.items {
        if matches!(
            it.auto,
            Some(
                AutoSource::FrontLineShare
                    | AutoSource::SmallDivisions
                    | AutoSource::PayrollFindings
            )
        ) {
            it.auto = None;
        }
    }
    let body = serde_json::to_string(&old).unwrap();
    {
        let mut conn = Store::sqlite_connection_for_tests(&path).unwrap();
        schema::migrations().to_version(&mut conn, 18).unwrap();
        conn.execute_batch(
            "INSERT INTO orgs (id, name, kind, created_at) VALUES (1, '县档案馆', '事业单位', '2021-01-01 00:00:00');",
        )
        .unwrap();
        conn.execute(
            "INSERT INTO indicator_systems (id, name, version, body, operator, created_at) \
             VALUES (1, ?1, 1, ?2, '上一版', '2025-01-01 09:00:00')",
            rusqlite::params![old.name, body],
        )
        .unwrap();
        conn.execute_batch(
            "INSERT INTO evaluations (id, system_id, year, org_id, state, operator, created_at) \
             VALUES (1, 1, 2026, 1, 'evaluating', '上一版', '2026-03-01 09:00:00');",
        )
        .unwrap();
    }
    let store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), schema::LATEST_VERSION);
    let systems = store.indicator_systems().unwrap();
    assert_eq!(
        systems.iter().map(|s| s.version).collect::<Vec<_>>(),
        [3, 2, 1],
        "a new version for the divisions (migration 19), one for 核查 (23), the old one kept"
    );
    let autos = |s: &bianzhi::store::evaluations::SystemVersion| {
        s.system.items.iter().filter(|i| i.auto.is_some()).count()
    };
    assert_eq!(
        (autos(&systems[0]), autos(&systems[1]), autos(&systems[2])),
        (10, 9, 7)
    );
    // The evaluation already started keeps its version; its items stay manual.
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
    let e = store.evaluation(1, today).unwrap();
    assert_eq!(e.version, 1);
    assert!(
        e.lines
            .iter()
            .filter(|l| l.item.name.contains("内设机构") || l.item.name.contains("一线业务"))
            .all(|l| l.item.auto.is_none() && !l.awaits_manual_score())
    );
    // Opening again adds nothing more.
    drop(store);
    let mut store = Store::open(&path).unwrap();
    assert_eq!(store.indicator_systems().unwrap().len(), 3);
    let div = store
        .create_division(
            OrgId(1),
            "办公室",
            DivisionKind::General,
            today,
            "石编〔2026〕1号",
        )
        .unwrap();
    assert_eq!(store.division(div).unwrap().people, 0);
    assert!(store.check().unwrap().is_empty(), "{:?}", store.check());
}

#[test]
fn a_database_of_version_19_keeps_its_leadership_positions_as_opening_entries() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v19.db");
    {
        let mut conn = Store::sqlite_connection_for_tests(&path).unwrap();
        schema::migrations().to_version(&mut conn, 19).unwrap();
        conn.execute_batch(
            "INSERT INTO orgs (id, name, kind, leaders_chief, leaders_deputy, created_at) \
             VALUES (1, '县财政局', '政府工作部门', 1, 3, '2021-01-05 09:00:00'), \
                    (2, '县档案馆', '事业单位', 0, 0, '2021-01-05 09:00:00');",
        )
        .unwrap();
    }
    let mut store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), schema::LATEST_VERSION);
    let o = store.org(bianzhi::domain::OrgId(1)).unwrap();
    assert_eq!((o.leaders_chief, o.leaders_deputy), (1, 3), "kept");
    let entries = store.leader_entries(bianzhi::domain::OrgId(1)).unwrap();
    assert_eq!(entries.len(), 2);
    assert_eq!(entries[0].date, "2021-01-05");
    assert_eq!(entries[0].doc_no, "（升级前已核定）");
    assert!(
        store
            .leader_entries(bianzhi::domain::OrgId(2))
            .unwrap()
            .is_empty()
    );
    // No appointment yet: 超职数 has no data (never guessed from titles).
    assert_eq!(
        store.leadership(bianzhi::domain::OrgId(1)).unwrap().over,
        None
    );
    store
        .record_leader_entry(
            bianzhi::domain::OrgId(1),
            bianzhi::domain::leadership::Level::Deputy,
            1,
            chrono::NaiveDate::from_ymd_opt(2026, 1, 5).unwrap(),
            "石编〔2026〕1号",
            "",
        )
        .unwrap();
    assert_eq!(
        store.org(bianzhi::domain::OrgId(1)).unwrap().leaders_deputy,
        4
    );
    assert!(store.check().unwrap().is_empty(), "{:?}", store.check());
}
