//! Backups with SQLite's online backup API: into `backups/` beside the database, named by
//! time and reason, the newest N kept (a setting, 30 by default). Restoring first backs up
//! the current state, so nothing is ever lost.

use super::{Result, Store, StoreError};
use rusqlite::{Connection, OpenFlags};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// The setting for how many backups to keep.
pub const KEEP_KEY: &str = "backup.keep";
pub const DEFAULT_KEEP: i64 = 30;

/// A backup file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BackupFile {
    pub path: PathBuf,
    /// `YYYY-MM-DD HH:MM:SS` from the name.
    pub taken_at: String,
    /// 每日, 导入前, 升级前, 恢复前, 手动 …
    pub reason: String,
    pub bytes: u64,
    /// When the file was written (orders backups taken in the same second).
    pub modified: Option<std::time::SystemTime>,
}

fn io_err(path: &Path, e: impl ToString) -> StoreError {
    StoreError::Io {
        path: path.display().to_string(),
        message: e.to_string(),
    }
}

/// The backup folder of a database.
pub fn backup_dir(db: &Path) -> PathBuf {
    db.parent()
        .unwrap_or_else(|| Path::new("."))
        .join("backups")
}

/// Backups of a database, newest first.
pub fn list_backups(db: &Path) -> Result<Vec<BackupFile>> {
    let dir = backup_dir(db);
    let stem = db
        .file_stem()
        .map(|s| s.to_string_lossy().to_string())
        .unwrap_or_default();
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return Ok(out);
    };
    for e in entries.flatten() {
        let path = e.path();
        let name = path
            .file_stem()
            .map(|s| s.to_string_lossy().to_string())
            .unwrap_or_default();
        // <stem>-YYYYMMDD-HHMMSS-<reason>.db
        let Some(rest) = name.strip_prefix(&format!("{stem}-")) else {
            continue;
        };
        let mut parts = rest.splitn(3, '-');
        let (Some(d), Some(t)) = (parts.next(), parts.next()) else {
            continue;
        };
        if d.len() != 8 || t.len() != 6 || !d.chars().chain(t.chars()).all(|c| c.is_ascii_digit()) {
            continue;
        }
        out.push(BackupFile {
            taken_at: format!(
                "{}-{}-{} {}:{}:{}",
                &d[..4],
                &d[4..6],
                &d[6..],
                &t[..2],
                &t[2..4],
                &t[4..]
            ),
            reason: parts.next().unwrap_or("").to_string(),
            bytes: e.metadata().map(|m| m.len()).unwrap_or(0),
            modified: e.metadata().and_then(|m| m.modified()).ok(),
            path,
        });
    }
    out.sort_by(|a, b| (&b.taken_at, b.modified, &b.path).cmp(&(&a.taken_at, a.modified, &a.path)));
    Ok(out)
}

/// The newest backup that passes SQLite's integrity check.
pub fn newest_good_backup(db: &Path) -> Option<PathBuf> {
    list_backups(db)
        .ok()?
        .into_iter()
        .map(|b| b.path)
        .find(|p| {
            super::sqlite_alloc::open(p, OpenFlags::SQLITE_OPEN_READ_ONLY)
                .and_then(|c| c.query_row("PRAGMA integrity_check", (), |r| r.get::<_, String>(0)))
                .is_ok_and(|ok| ok == "ok")
        })
}

/// Copies `from` into `to` page by page while it stays usable (online backup).
fn copy_database(from: &Connection, to: &mut Connection) -> Result<()> {
    let backup = rusqlite::backup::Backup::new(from, to)?;
    backup.run_to_completion(256, Duration::from_millis(0), None)?;
    Ok(())
}

/// Backs up an open connection of the database at `db` into its backup folder, keeping
/// the newest `keep`.
pub(crate) fn backup_connection(
    conn: &Connection,
    db: &Path,
    reason: &str,
    keep: usize,
) -> Result<PathBuf> {
    let path = new_backup_path(db, reason)?;
    let mut to = super::sqlite_alloc::open(&path, OpenFlags::default())?;
    copy_database(conn, &mut to)?;
    super::documents::contents_into_database(&to, db)?;
    drop(to);
    prune(db, keep);
    Ok(path)
}

/// A new file name in `db`'s backup folder: `<stem>-YYYYMMDD-HHMMSS-<reason>.db`.
fn new_backup_path(db: &Path, reason: &str) -> Result<PathBuf> {
    let dir = backup_dir(db);
    std::fs::create_dir_all(&dir).map_err(|e| io_err(&dir, e))?;
    let stem = db
        .file_stem()
        .map(|s| s.to_string_lossy().to_string())
        .unwrap_or_else(|| "bianzhi".into());
    let stamp = crate::clock::now().format("%Y%m%d-%H%M%S");
    let mut path = dir.join(format!("{stem}-{stamp}-{reason}.db"));
    // Two backups in the same second get distinct names.
    let mut k = 2;
    while path.exists() {
        path = dir.join(format!("{stem}-{stamp}-{reason}{k}.db"));
        k += 1;
    }
    Ok(path)
}

/// Keeps the newest `keep` backups of `db`.
fn prune(db: &Path, keep: usize) {
    for old in list_backups(db)
        .unwrap_or_default()
        .into_iter()
        .skip(keep.max(1))
    {
        let _ = std::fs::remove_file(&old.path);
    }
}

impl Store {
    /// Backs the database up now (with a reason for the name) and keeps the newest N.
    /// A database in memory has nothing to back up.
    ///
    /// A database on a server is backed up the same way, into a SQLite file in the data
    /// folder (the whole county, as `copy` writes it: it opens, restores and copies back
    /// like any backup). Only the clerk's own backups (手动, 每日) are taken there: the
    /// server keeps its data whole through an import or an upgrade, and its administrator
    /// has `pg_dump` besides.
    pub fn backup(&self, reason: &str) -> Result<Option<PathBuf>> {
        let Some(db) = self.backup_anchor() else {
            return Ok(None);
        };
        let keep = self.setting_or(KEEP_KEY, DEFAULT_KEEP).max(1) as usize;
        match self.conn.sqlite() {
            Some(conn) => backup_connection(conn, &db, reason, keep).map(Some),
            None if matches!(reason, "手动" | "每日") => {
                let path = new_backup_path(&db, reason)?;
                super::copy::copy_unchecked(
                    self,
                    &super::copy::Target::File(path.clone()),
                    |_| Ok(()),
                    |_, _| {},
                )?;
                prune(&db, keep);
                Ok(Some(path))
            }
            None => Ok(None),
        }
    }

    /// The database file the backups are named after and kept beside: the database
    /// itself, or for a server database a name in the data folder made from its address
    /// (`server/localhost-5432-county.db`, never a file itself).
    pub fn backup_anchor(&self) -> Option<PathBuf> {
        match (&self.path, self.server()) {
            (Some(p), _) => Some(p.clone()),
            (None, Some(address)) => {
                let name: String = address
                    .split_once("://")
                    .map_or(address.as_str(), |(_, rest)| rest)
                    .chars()
                    .map(|c| if c.is_alphanumeric() { c } else { '-' })
                    .collect();
                Some(super::data_dir().join("server").join(format!("{name}.db")))
            }
            (None, None) => None,
        }
    }

    /// A backup the operator asked for (手动), logged.
    pub fn backup_now(&mut self) -> Result<Option<PathBuf>> {
        self.current_operator()
            .require(crate::domain::Permission::Backup)?;
        let path = self.backup("手动")?;
        if let Some(p) = &path {
            self.audit_event("备份", &p.display().to_string())?;
        }
        Ok(path)
    }

    /// The first backup of the day (每日), when none was taken today.
    pub fn daily_backup(&self) -> Result<Option<PathBuf>> {
        let Some(db) = self.backup_anchor() else {
            return Ok(None);
        };
        let today = crate::clock::now().format("%Y-%m-%d").to_string();
        if list_backups(&db)?
            .iter()
            .any(|b| b.taken_at.starts_with(&today))
        {
            return Ok(None);
        }
        self.backup("每日")
    }

    /// Restores a backup over the open database, after backing up the current state
    /// (恢复前). The backup is checked first; a damaged one is refused.
    /// 管理员 only; the restore is logged in the restored database.
    pub fn restore(&mut self, backup: &Path) -> Result<PathBuf> {
        self.current_operator()
            .require(crate::domain::Permission::Restore)?;
        if self.server.is_some() {
            return Err(StoreError::Denied(
                "服务器上的数据库不能用备份覆盖（其他经办人正在使用）：请把备份复制到服务器上一个新的\
                 空数据库（bianzhi copy --from 备份文件 --to postgres://…），再让各经办人连接它"
                    .into(),
            ));
        }
        let from = super::sqlite_alloc::open(backup, OpenFlags::SQLITE_OPEN_READ_ONLY)
            .map_err(|e| io_err(backup, e))?;
        let ok: String = from
            .query_row("PRAGMA integrity_check", (), |r| r.get(0))
            .map_err(|e| io_err(backup, e))?;
        if ok != "ok" {
            return Err(StoreError::Corrupt(format!(
                "备份文件“{}”已损坏（{ok}），未恢复",
                backup.display()
            )));
        }
        let version: i64 = from.pragma_query_value(None, "user_version", |r| r.get(0))?;
        if version > super::schema::LATEST_VERSION {
            return Err(StoreError::TooNew {
                path: backup.display().to_string(),
                found: version,
                supported: super::schema::LATEST_VERSION,
            });
        }
        let before = self
            .backup("恢复前")?
            .ok_or_else(|| StoreError::NotFound("数据库文件（内存数据库不能恢复）".into()))?;
        let conn = self
            .conn
            .sqlite_mut()
            .ok_or_else(|| StoreError::NotFound("数据库文件".into()))?;
        copy_database(&from, conn)?;
        // An older backup is brought up to date like any older database.
        super::schema::migrations()
            .to_latest(conn)
            .map_err(|e| StoreError::Migration(e.to_string()))?;
        // Attachments' content the backup carries comes back beside the file.
        if let Some(dir) = self.attachments_dir() {
            super::documents::contents_out_of_database(&self.conn, &dir)?;
        }
        self.audit_event(
            "从备份恢复",
            &format!(
                "恢复自 {}；恢复前的数据库备份为 {}",
                backup.display(),
                before.display()
            ),
        )?;
        Ok(before)
    }
}
