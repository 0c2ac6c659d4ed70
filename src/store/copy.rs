//! Moving a county between databases (`bianzhi copy`): from a SQLite file to a PostgreSQL
//! server when an office outgrows one PC, and back to a file (a laptop, an archive, the
//! server's own backup). Every table is copied row for row with its ids, history and
//! 操作日志 (the log's row names stay true); the target is checked inside the copy's one
//! transaction and kept only when it passes.

use super::db::{Backend, Connection, Value};
use super::{Result, Store, StoreError, server};
use std::path::PathBuf;

/// What a copy wrote: rows per table, by table name.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct CopyReport {
    pub tables: Vec<(String, usize)>,
}

impl CopyReport {
    pub fn rows(&self) -> usize {
        self.tables.iter().map(|(_, n)| n).sum()
    }
}

/// Tables the copy leaves alone: each database keeps its own schema version.
const NOT_COPIED: [&str; 1] = ["schema_version"];

/// How many values one INSERT binds at most (SQLite allows 32,766; PostgreSQL 65,535).
const VALUES_PER_STATEMENT: usize = 20_000;

/// Where a county goes: a new database file, or a server database with no county in it.
pub enum Target {
    File(PathBuf),
    Server(Box<server::ServerAddress>),
}

impl Target {
    /// A file path or a server's address, as typed.
    pub fn parse(text: &str) -> Result<Target> {
        if server::is_server_address(text) {
            Ok(Target::Server(Box::new(server::ServerAddress::parse(
                text,
            )?)))
        } else {
            Ok(Target::File(PathBuf::from(text)))
        }
    }

    /// As it may be shown (no password).
    pub fn shown(&self) -> String {
        match self {
            Target::File(p) => p.display().to_string(),
            Target::Server(a) => a.shown(),
        }
    }
}

/// Copies the county in `from` to `to`. The target must be new: a file that does not
/// exist yet, or a server database whose county tables are empty. `verify` is given the
/// copied county before it is committed (the command line compares the statistics); the
/// copy is kept only when [`Store::check`] finds nothing and `verify` passes. `each` hears
/// each table as it is copied (name, rows).
pub fn copy_county(
    from: &Store,
    to: &Target,
    verify: impl FnOnce(&Store) -> Result<()>,
    each: impl FnMut(&str, usize),
) -> Result<CopyReport> {
    // The whole county, operators' password hashes included: the administrator's work.
    from.operator
        .require(crate::domain::Permission::CopyCounty)?;
    copy_unchecked(from, to, verify, each)
}

/// [`copy_county`] for whoever may call it (a server's backup, which a clerk may take).
pub(crate) fn copy_unchecked(
    from: &Store,
    to: &Target,
    verify: impl FnOnce(&Store) -> Result<()>,
    mut each: impl FnMut(&str, usize),
) -> Result<CopyReport> {
    let target = match to {
        Target::File(path) => {
            if path.exists() {
                return Err(StoreError::Denied(format!(
                    "目标文件“{}”已经存在；为免覆盖已有的数据，复制只写入新文件，请换一个文件名",
                    path.display()
                )));
            }
            Store::create_empty_file(path)?
        }
        Target::Server(address) => {
            let conn = Store::connect_empty_server(address)?;
            let filled: Vec<String> = conn
                .tables()?
                .into_iter()
                .filter(|t| !NOT_COPIED.contains(&t.as_str()))
                .filter(|t| {
                    conn.query_row(&format!("SELECT COUNT(*) FROM \"{t}\""), (), |r| {
                        r.get::<_, i64>(0)
                    })
                    .map_or(true, |n| n > 0)
                })
                .collect();
            if !filled.is_empty() {
                return Err(StoreError::Denied(format!(
                    "服务器上的数据库（{}）已经有数据（{} 等表不是空的）；复制只写入空的数据库，\
                     请新建一个数据库（或一个新的 schema）再复制",
                    address.shown(),
                    filled[0]
                )));
            }
            conn
        }
    };
    let copied = copy_into(from, &target, &mut each);
    let report = match copied {
        Ok(report) => report,
        Err(e) => {
            let _ = target.execute_batch("ROLLBACK");
            drop(target);
            discard(to);
            return Err(e);
        }
    };
    // Checked inside the transaction: a copy that does not check out is never committed.
    let store = Store::over(
        target,
        match to {
            Target::File(p) => Some(p.clone()),
            Target::Server(_) => None,
        },
        match to {
            Target::Server(a) => Some(super::Reopen::Server(a.clone(), None)),
            Target::File(_) => None,
        },
    );
    let verdict = store.check().and_then(|problems| {
        if problems.is_empty() {
            verify(&store)
        } else {
            Err(StoreError::Corrupt(format!(
                "复制后的校验未通过，没有保留复制结果：{}",
                problems.join("；")
            )))
        }
    });
    let target = store.into_connection();
    match verdict.and_then(|()| Ok(target.execute_batch("COMMIT")?)) {
        Ok(()) => Ok(report),
        Err(e) => {
            let _ = target.execute_batch("ROLLBACK");
            drop(target);
            discard(to);
            Err(e)
        }
    }
}

/// Removes a target file that a failed copy made (a server database is left as the
/// rolled-back transaction left it: empty).
fn discard(to: &Target) {
    if let Target::File(path) = to {
        for suffix in ["", "-wal", "-shm"] {
            let mut p = path.clone().into_os_string();
            p.push(suffix);
            let _ = std::fs::remove_file(PathBuf::from(p));
        }
    }
}

/// Copies every table in one transaction on the target (left open), reading `from` in one
/// consistent snapshot.
fn copy_into(
    from: &Store,
    target: &Connection,
    each: &mut impl FnMut(&str, usize),
) -> Result<CopyReport> {
    let source = &from.conn;
    source.execute_batch(match source.backend() {
        Backend::Sqlite => "BEGIN",
        Backend::Postgres => "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY",
    })?;
    let out = copy_tables(source, target, each);
    let _ = source.execute_batch("COMMIT");
    let report = out?;
    // Attachments kept beside a file go into the target database itself.
    if let Some(dir) = from.attachments_dir() {
        super::documents::contents_into(target, &dir)?;
    }
    Ok(report)
}

fn copy_tables(
    source: &Connection,
    target: &Connection,
    each: &mut impl FnMut(&str, usize),
) -> Result<CopyReport> {
    let tables: Vec<String> = source
        .tables()?
        .into_iter()
        .filter(|t| !NOT_COPIED.contains(&t.as_str()))
        .collect();
    let target_tables = target.tables()?;
    if let Some(missing) = tables.iter().find(|t| !target_tables.contains(t)) {
        return Err(StoreError::Corrupt(format!("目标数据库缺少表 {missing}")));
    }
    // References are checked at commit (rows go in table by table); the copy writes the
    // log itself, so the log's triggers are off until it is done.
    match target.backend() {
        Backend::Sqlite => {
            target.execute_batch("BEGIN IMMEDIATE; PRAGMA defer_foreign_keys = ON;")?;
            for t in &tables {
                target.execute_batch(&format!(
                    "DROP TRIGGER IF EXISTS \"audit_{t}_insert\"; \
                     DROP TRIGGER IF EXISTS \"audit_{t}_update\"; \
                     DROP TRIGGER IF EXISTS \"audit_{t}_delete\";"
                ))?;
            }
        }
        Backend::Postgres => {
            target.execute_batch(&format!(
                "BEGIN; {}; SET CONSTRAINTS ALL DEFERRED",
                super::SERVER_WRITE_LOCK
            ))?;
            for t in &tables {
                target.execute_batch(&format!("ALTER TABLE \"{t}\" DISABLE TRIGGER USER"))?;
            }
        }
    }
    let mut report = CopyReport::default();
    for table in &tables {
        let n = copy_table(source, target, table)?;
        each(table, n);
        report.tables.push((table.clone(), n));
    }
    match target.backend() {
        Backend::Sqlite => {
            if let Some(file) = target.sqlite() {
                super::audit::install_triggers(file)?;
            }
        }
        Backend::Postgres => {
            // References are checked now: a table's triggers cannot be switched back on
            // while checks on it are pending.
            target.execute_batch("SET CONSTRAINTS ALL IMMEDIATE")?;
            for t in &tables {
                target.execute_batch(&format!("ALTER TABLE \"{t}\" ENABLE TRIGGER USER"))?;
                // The next new row continues after the copied ids.
                target.query_row(
                    &format!(
                        "SELECT setval(pg_get_serial_sequence('\"{t}\"', 'id'), \
                         COALESCE((SELECT MAX(id) FROM \"{t}\"), 0) + 1, false)"
                    ),
                    (),
                    |_| Ok(()),
                )?;
            }
        }
    }
    Ok(report)
}

/// Copies one table's rows with their ids; returns how many.
fn copy_table(source: &Connection, target: &Connection, table: &str) -> Result<usize> {
    let from_columns = source.columns(table)?;
    let to_columns = target.columns(table)?;
    // (source expression, target column). A row's id where one side names it by SQLite's
    // rowid (the three tables without an id column there: settings, scores, vetoes).
    let mut pairs: Vec<(String, String)> = to_columns
        .iter()
        .filter(|c| from_columns.contains(c))
        .map(|c| (format!("\"{c}\""), format!("\"{c}\"")))
        .collect();
    let has = |cols: &[String], c: &str| cols.iter().any(|x| x == c);
    if !has(&from_columns, "id") && has(&to_columns, "id") && source.backend() == Backend::Sqlite {
        pairs.insert(0, ("rowid".into(), "\"id\"".into()));
    }
    if has(&from_columns, "id") && !has(&to_columns, "id") && target.backend() == Backend::Sqlite {
        pairs.insert(0, ("\"id\"".into(), "rowid".into()));
    }
    let id_as_rowid = pairs[0].1 == "rowid";
    let unmatched: Vec<&String> = from_columns
        .iter()
        .filter(|c| !(has(&to_columns, c) || id_as_rowid && c.as_str() == "id"))
        .collect();
    if let Some(c) = unmatched.first() {
        return Err(StoreError::Corrupt(format!(
            "目标数据库的表 {table} 缺少列 {c}"
        )));
    }
    let select: Vec<&str> = pairs.iter().map(|(s, _)| s.as_str()).collect();
    let insert: Vec<&str> = pairs.iter().map(|(_, t)| t.as_str()).collect();
    let order = if pairs[0].0 == "rowid" || has(&from_columns, "id") {
        format!(" ORDER BY {}", pairs[0].0)
    } else {
        String::new()
    };
    let width = pairs.len();
    let per_statement = (VALUES_PER_STATEMENT / width).clamp(1, 500);
    let insert_sql = |rows: usize| {
        format!(
            "INSERT INTO \"{table}\" ({}) VALUES {}",
            insert.join(", "),
            super::db::values_list(rows, width)
        )
    };
    let full = insert_sql(per_statement);
    let mut st = source.prepare(&format!(
        "SELECT {} FROM \"{table}\"{order}",
        select.join(", ")
    ))?;
    let mut rows = st.query(())?;
    let mut batch: Vec<Value> = Vec::with_capacity(per_statement * width);
    let mut n = 0;
    while let Some(r) = rows.next()? {
        for c in 0..width {
            batch.push(r.get::<_, Value>(c)?);
        }
        n += 1;
        if batch.len() == per_statement * width {
            target
                .prepare_cached(&full)?
                .execute(std::mem::take(&mut batch))?;
        }
    }
    if !batch.is_empty() {
        let rows = batch.len() / width;
        target.execute(&insert_sql(rows), batch)?;
    }
    Ok(n)
}
