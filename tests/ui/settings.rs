//! The 设置 panel driven through egui_kittest: back up now, restore with confirmation
//! (which backs up the current state first), and a setting kept in the database.

use crate::common::*;
use bianzhi::store::Store;
use bianzhi::ui::App;
use egui_kittest::kittest::Queryable;

#[test]
fn backup_now_and_restore_with_confirmation() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("county.db");
    {
        let mut s = Store::open(&db).unwrap();
        bianzhi::demo::fill(&mut s).unwrap();
    }
    let mut h = open_signed_in(&db);
    // Opening took the daily backup.
    h.get_by_label("设置").click();
    h.run();
    assert_eq!(workspace(&h).panels.settings.backups.len(), 1);
    h.get_by_label("立即备份").click();
    h.run();
    let backups = workspace(&h).panels.settings.backups.clone();
    assert_eq!(backups.len(), 2);
    assert_eq!(backups[0].reason, "手动");
    h.get_by_label(&format!("恢复 {} 手动…", backups[0].taken_at))
        .click();
    h.run();
    assert!(
        h.query_by_label_contains("恢复前会先备份当前数据")
            .is_some()
    );
    h.get_by_label("确定恢复").click();
    h.run();
    let reasons: Vec<String> = workspace(&h)
        .panels
        .settings
        .backups
        .iter()
        .map(|b| b.reason.clone())
        .collect();
    assert!(reasons.contains(&"恢复前".to_string()), "{reasons:?}");
    assert_eq!(workspace(&h).store.check().unwrap(), Vec::<String>::new());
}

#[test]
fn a_database_failing_check_is_not_opened_and_the_newest_good_backup_is_offered() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("county.db");
    {
        let mut s = Store::open(&db).unwrap();
        bianzhi::demo::fill(&mut s).unwrap();
        s.backup("手动").unwrap();
        // Damage behind the app's back: a person on a post with no event.
        s.sql_for_tests()
            .execute(
                "INSERT INTO persons (id_number, name, status, org_id, post_type, updated_at) \
                 VALUES ('430726199001011231', '无记录者', '在编', 1, 'admin', 'x')",
                [],
            )
            .unwrap();
    }
    let bytes_before = std::fs::read(&db).unwrap();
    let mut h = harness(App::new(&db));
    wait_for_check(&mut h);
    assert!(h.query_by_label_contains("未通过完整性检查").is_some());
    assert_eq!(std::fs::read(&db).unwrap(), bytes_before, "nothing written");
    h.get_by_label_contains("从最新的完好备份恢复").click();
    h.run();
    assert_eq!(workspace(&h).store.check().unwrap(), Vec::<String>::new());
    let kept = std::fs::read_dir(dir.path())
        .unwrap()
        .flatten()
        .any(|e| e.file_name().to_string_lossy().contains("damaged"));
    assert!(kept, "the damaged database is kept beside");
}
