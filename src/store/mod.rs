//! Storage: the SQLite database. Every user action is one transaction; the rules it applies
//! are the domain's ([`crate::domain::rules`]).

pub mod applications;
pub mod audit;
pub mod backup;
mod balances;
pub mod changes;
mod check;
pub mod conversions;
pub mod copy;
pub mod corrections;
pub mod db;
pub mod divisions;
pub mod documents;
pub mod evaluations;
mod figures;
mod imports;
pub mod leadership;
mod ledger;
pub mod notices;
pub mod operators;
mod ops;
mod orgs;
pub mod outside;
mod people;
pub mod reconcile;
pub mod schema;
pub mod server;
mod sqlite_alloc;
pub mod township;
pub mod turnover;
pub mod units;

pub use changes::{Changes, Kinds};
pub use figures::LedgerYear;
pub use imports::{ImportCounts, ImportRecord};
pub use ledger::EntryRequest;
pub use ops::Posts;
pub use people::{AsNewHire, HireRequest, NewHire, PersonEventRow, RegisterOutcome};

use crate::domain::IdError;
use crate::domain::access::Forbidden;
use crate::domain::{Account, Operator, Permission, PostType, Role, RuleViolation};
use chrono::NaiveDate;
use db::{Connection, OptionalExtension};
use rusqlite::OpenFlags;
use std::path::{Path, PathBuf};

/// Why a store operation failed. The message is for clerks.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{0}")]
    Rule(#[from] RuleViolation),
    #[error("{0}")]
    Id(#[from] IdError),
    #[error("数据库错误：{0}")]
    Sql(#[from] db::Error),
    #[error("数据库结构升级失败：{0}")]
    Migration(String),
    #[error(
        "数据库“{path}”来自更新版本的编制通（结构版本 {found}，本程序只支持到 {supported}）。为免损坏，未作任何改动；请使用新版编制通打开。"
    )]
    TooNew {
        path: String,
        found: i64,
        supported: i64,
    },
    #[error("无法读写“{path}”：{message}")]
    Io { path: String, message: String },
    #[error("找不到{0}")]
    NotFound(String),
    #[error("预览之后数据有变化，请重新预览再确认；没有写入任何内容")]
    Stale,
    #[error("数据库中有无法识别的数据：{0}")]
    Corrupt(String),
    #[error("{0}")]
    Forbidden(Forbidden),
    /// The database server refused, or could not be reached, or its address is wrong.
    #[error("{0}")]
    Server(String),
    /// Another connection held the write lock for longer than the wait allows.
    #[error(
        "数据库正被另一位经办人（或另一个窗口、另一个命令）写入，等待 {0} 秒后仍未结束；本次没有写入任何内容，请稍后再试"
    )]
    Busy(u64),
    /// A correction of a person's fields that the rules refuse.
    #[error("{0}")]
    Correction(crate::domain::correction::CorrectionError),
    /// A change of an internal division that the rules refuse.
    #[error("{0}")]
    Division(#[from] crate::domain::division::DivisionError),
    /// Refused for a reason the message gives (a wrong password, a duplicate name …).
    #[error("{0}")]
    Denied(String),
}

pub type Result<T> = std::result::Result<T, StoreError>;

/// How long a write waits for another connection's write to finish.
const BUSY_WAIT_SECS: u64 = 5;

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> StoreError {
        StoreError::Sql(e.into())
    }
}

/// [`StoreError::Busy`] for a lock that was not free in time; other errors as they are.
fn busy(e: db::Error) -> StoreError {
    if e.is_busy() {
        StoreError::Busy(BUSY_WAIT_SECS)
    } else {
        StoreError::Sql(e)
    }
}

/// A write transaction holding the county's write lock; rolled back when dropped
/// uncommitted (an error or a panic in the middle of a write).
///
/// Writes take the lock at the start, not at their first write: a transaction that read
/// first and then asked for the lock while another clerk's write committed would fail
/// ("database is locked") instead of waiting and then checking the rules against what that
/// write left. SQLite: `BEGIN IMMEDIATE`. PostgreSQL: the same, as a transaction-scoped
/// advisory lock that every write takes first; in READ COMMITTED each statement after it
/// sees every write committed before it, so the rules are checked exactly as on SQLite,
/// and no transaction has to be retried.
struct WriteLock<'c> {
    conn: &'c Connection,
    open: bool,
}

/// How a write takes the county's lock on a PostgreSQL server: a transaction-scoped
/// advisory lock, keyed by the county's schema (several counties, or the tests' throwaway
/// schemas, share one server without waiting for each other).
#[doc(hidden)]
pub const SERVER_WRITE_LOCK: &str =
    "SELECT pg_advisory_xact_lock(1650549102, hashtext(current_schema()))";

impl<'c> WriteLock<'c> {
    fn take(conn: &'c Connection) -> Result<WriteLock<'c>> {
        let begin = match conn.backend() {
            db::Backend::Sqlite => "BEGIN IMMEDIATE".to_string(),
            db::Backend::Postgres => {
                format!("BEGIN; SET LOCAL lock_timeout = '{BUSY_WAIT_SECS}s'; {SERVER_WRITE_LOCK}")
            }
        };
        match conn.execute_batch(&begin) {
            Ok(()) => Ok(WriteLock { conn, open: true }),
            Err(e) => {
                if conn.backend() == db::Backend::Postgres {
                    let _ = conn.execute_batch("ROLLBACK");
                }
                Err(busy(e))
            }
        }
    }

    fn commit(mut self) -> Result<()> {
        self.open = false;
        self.conn.execute_batch("COMMIT").map_err(|e| {
            let _ = self.conn.execute_batch("ROLLBACK");
            busy(e)
        })
    }
}

impl Drop for WriteLock<'_> {
    fn drop(&mut self) {
        if self.open {
            let _ = self.conn.execute_batch("ROLLBACK");
        }
    }
}

/// Where a store's database is, to open it again on another connection (another thread).
#[derive(Clone)]
pub enum Reopen {
    File(PathBuf),
    /// A server, with the password the clerk typed (kept in memory only), if any.
    Server(Box<server::ServerAddress>, Option<String>),
}

impl Reopen {
    pub fn open(&self) -> Result<Store> {
        match self {
            Reopen::File(path) => Store::open(path),
            Reopen::Server(address, password) => Store::open_server(address, password.as_deref()),
        }
    }
}

/// The database of one county.
pub struct Store {
    conn: Connection,
    path: Option<PathBuf>,
    /// The server this database is on, and how to connect to it again.
    server: Option<Reopen>,
    operator: Operator,
    /// What the writes since the last [`Store::take_changes`] changed.
    changes: changes::Changes,
    /// How far this connection has followed the writes of others.
    seen: changes::Seen,
}

/// An open write transaction, with who is writing and when. All writes go through it.
pub struct Tx<'a> {
    pub(crate) conn: &'a Connection,
    pub(crate) operator: &'a str,
    pub(crate) role: Role,
    pub(crate) now: String,
    /// What the 操作日志 calls this action (empty: named after the tables it changed).
    pub(crate) label: String,
    pub(crate) import_id: Option<i64>,
    /// The township reallocation the entries being recorded belong to.
    pub(crate) allocation_id: Option<i64>,
    /// The application whose decision the entries being recorded carry out.
    pub(crate) application_id: Option<i64>,
    /// The evaluation whose result the entries being recorded carry out.
    pub(crate) evaluation_id: Option<i64>,
}

/// The default database location: `%APPDATA%\bianzhi\bianzhi.db` on Windows,
/// `$XDG_DATA_HOME/bianzhi/bianzhi.db` (or `~/.local/share/bianzhi/bianzhi.db`) elsewhere.
pub fn default_db_path() -> PathBuf {
    data_dir().join("bianzhi.db")
}

/// The data directory (database, settings, logs, backups).
pub fn data_dir() -> PathBuf {
    if cfg!(windows) {
        if let Some(appdata) = std::env::var_os("APPDATA") {
            return PathBuf::from(appdata).join("bianzhi");
        }
    } else {
        if let Some(xdg) = std::env::var_os("XDG_DATA_HOME").filter(|v| !v.is_empty()) {
            return PathBuf::from(xdg).join("bianzhi");
        }
        if let Some(home) = std::env::var_os("HOME") {
            return PathBuf::from(home).join(".local/share/bianzhi");
        }
    }
    PathBuf::from(".").join("bianzhi-data")
}

/// The operator a store starts with: the OS user name, as 管理员. The desktop app signs in
/// an operator before it shows anything; the command line runs as the local user.
pub fn default_operator() -> Operator {
    Operator {
        name: default_operator_name(),
        role: Role::Admin,
    }
}

/// The operator name used when none is given: the OS user name.
pub fn default_operator_name() -> String {
    std::env::var("BIANZHI_OPERATOR")
        .or_else(|_| std::env::var("USERNAME"))
        .or_else(|_| std::env::var("USER"))
        .unwrap_or_else(|_| "经办人".to_string())
}

/// A date as the database stores it: `YYYY-MM-DD`.
pub(crate) fn date_sql(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// A setting kept in the database, as text (`None` when never set).
pub(crate) fn setting_text(conn: &Connection, key: &str) -> Result<Option<String>> {
    Ok(conn
        .query_row(
            "SELECT value FROM app_settings WHERE key = ?1",
            [key],
            |r| r.get(0),
        )
        .optional()?)
}

/// A numeric setting kept in the database, or `default` when never set or unreadable.
pub(crate) fn setting_value(conn: &Connection, key: &str, default: i64) -> i64 {
    conn.query_row(
        "SELECT value FROM app_settings WHERE key = ?1",
        [key],
        |r| r.get::<_, String>(0),
    )
    .ok()
    .and_then(|v| v.parse().ok())
    .unwrap_or(default)
}

pub(crate) fn parse_date(s: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| StoreError::Corrupt(format!("日期“{s}”")))
}

impl From<rusqlite::types::FromSqlError> for StoreError {
    fn from(e: rusqlite::types::FromSqlError) -> StoreError {
        StoreError::Corrupt(e.to_string())
    }
}

thread_local! {
    /// Statements counted by [`Store::count_statements_for_tests`].
    static STATEMENTS: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
}

impl Store {
    /// Opens (creating if needed) the database at `path`, upgrading an older schema. A
    /// database from a newer version is refused and left untouched.
    pub fn open(path: &Path) -> Result<Store> {
        sqlite_alloc::install();
        // `postgres://clerk@host/county` would otherwise become a file in a folder
        // named `postgres:`. The address is shown without any password in it.
        let text = path.to_string_lossy();
        if server::is_server_address(&text) {
            return Store::open_server(&server::ServerAddress::parse(&text)?, None);
        }
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| StoreError::Io {
                path: dir.display().to_string(),
                message: e.to_string(),
            })?;
        }
        if path.exists() {
            // Read the version without writing anything (no WAL switch, no migration).
            let ro = rusqlite::Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
            let found: i64 = ro.pragma_query_value(None, "user_version", |r| r.get(0))?;
            drop(ro);
            if found > schema::LATEST_VERSION {
                return Err(StoreError::TooNew {
                    path: path.display().to_string(),
                    found,
                    supported: schema::LATEST_VERSION,
                });
            }
        }
        let conn = rusqlite::Connection::open(path)?;
        // An older database is backed up (升级前) before its schema is upgraded.
        let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
        if version > 0 && version < schema::LATEST_VERSION {
            backup::backup_connection(&conn, path, "升级前", backup::DEFAULT_KEEP as usize)?;
        }
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        // Statement journals in memory: with the audit triggers every insert writes two
        // tables, so each statement keeps a journal to undo itself; on disk it costs more
        // than the writes themselves. Nothing durable is kept there.
        conn.pragma_update(None, "temp_store", "MEMORY")?;
        Store::init(conn, Some(path.to_path_buf()))
    }

    /// A new database file at `path` with the latest schema and nothing in it (not even the
    /// default indicator system a store starts with): what a copy of a county fills.
    pub(crate) fn create_empty_file(path: &Path) -> Result<Connection> {
        sqlite_alloc::install();
        let mut conn = rusqlite::Connection::open(path)?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.pragma_update(None, "temp_store", "MEMORY")?;
        Store::migrate(&mut conn)?;
        Ok(Connection::from_sqlite(conn))
    }

    /// A server database with the latest schema, whose tables must all be empty.
    pub(crate) fn connect_empty_server(address: &server::ServerAddress) -> Result<Connection> {
        let conn = Connection::from_postgres(address.connect(None)?);
        schema::ensure_server_schema(&conn, &address.shown())?;
        Ok(conn)
    }

    /// A store over a connection whose schema is ready, writing nothing (a copy checks its
    /// target inside the copy's transaction).
    pub(crate) fn over(conn: Connection, path: Option<PathBuf>, server: Option<Reopen>) -> Store {
        Store {
            conn,
            path,
            server,
            operator: default_operator(),
            changes: changes::Changes::default(),
            seen: changes::Seen::default(),
        }
    }

    /// Gives the connection back (a copy commits or rolls back its transaction on it).
    pub(crate) fn into_connection(self) -> Connection {
        self.conn
    }

    /// Opens the county's database on a PostgreSQL server (several clerks, one ledger),
    /// creating its tables on first use. The password: `password`, else PGPASSWORD or the
    /// password file ([`server::ServerAddress::connect`]).
    pub fn open_server(address: &server::ServerAddress, password: Option<&str>) -> Result<Store> {
        let conn = Connection::from_postgres(address.connect(password)?);
        schema::ensure_server_schema(&conn, &address.shown())?;
        let mut store = Store::start(conn, None)?;
        store.server = Some(Reopen::Server(
            Box::new(address.clone()),
            password.map(str::to_string),
        ));
        Ok(store)
    }

    /// The server's address (without password) when the database is on a server.
    pub fn server(&self) -> Option<String> {
        match &self.server {
            Some(Reopen::Server(address, _)) => Some(address.shown()),
            _ => None,
        }
    }

    /// How to open this database again on another connection (an import's reader
    /// thread): `None` for one in memory.
    pub fn reopener(&self) -> Option<Reopen> {
        match (&self.server, &self.path) {
            (Some(server), _) => Some(server.clone()),
            (None, Some(path)) => Some(Reopen::File(path.clone())),
            (None, None) => None,
        }
    }

    /// A fresh database in memory (tests, dry runs).
    pub fn open_in_memory() -> Result<Store> {
        sqlite_alloc::install();
        Store::init(rusqlite::Connection::open_in_memory()?, None)
    }

    fn init(mut conn: rusqlite::Connection, path: Option<PathBuf>) -> Result<Store> {
        Store::migrate(&mut conn)?;
        Store::start(Connection::from_sqlite(conn), path)
    }

    /// Foreign keys on, the busy wait, and the schema brought to the latest version.
    fn migrate(conn: &mut rusqlite::Connection) -> Result<()> {
        conn.pragma_update(None, "foreign_keys", "ON")?;
        conn.busy_timeout(std::time::Duration::from_secs(BUSY_WAIT_SECS))?;
        schema::migrations()
            .to_latest(conn)
            .map_err(|e| StoreError::Migration(e.to_string()))
    }

    /// The store over a connection whose schema is up to date.
    fn start(conn: Connection, path: Option<PathBuf>) -> Result<Store> {
        let mut store = Store::over(conn, path, None);
        store.seen = changes::Seen::now(&store.conn)?;
        // The default indicator system is there from the start (as version 1).
        let systems: i64 =
            store
                .conn
                .query_row("SELECT COUNT(*) FROM indicator_systems", (), |r| r.get(0))?;
        if systems == 0 {
            store.write(|tx| tx.ensure_default_system())?;
        }
        // Systems made before internal divisions were kept compute the division items
        // from them in a new version (migration 19), once.
        if store.setting(evaluations::DIVISION_SOURCES_KEY)?.is_none() {
            store.write(|tx| {
                tx.add_auto_sources(
                    evaluations::DIVISION_SOURCES_KEY,
                    &crate::domain::evaluation::DIVISION_ITEMS,
                    "内设机构",
                )
            })?;
        }
        // And the 核查 item from the rounds of reconciliation (migration 23), once.
        if store
            .setting(evaluations::RECONCILIATION_SOURCES_KEY)?
            .is_none()
        {
            store.write(|tx| {
                tx.add_auto_sources(
                    evaluations::RECONCILIATION_SOURCES_KEY,
                    &crate::domain::evaluation::RECONCILIATION_ITEMS,
                    "核查",
                )
            })?;
        }
        // Evaluations fed back before results were kept (migration 12) are kept now.
        let unkept: i64 = store.conn.query_row(
            "SELECT COUNT(*) FROM evaluations WHERE state <> 'evaluating' AND kept IS NULL",
            (),
            |r| r.get(0),
        )?;
        if unkept > 0 {
            store.write(|tx| tx.keep_fed_back(crate::clock::today()))?;
        }
        Ok(store)
    }

    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// The name of the operator now signed in.
    pub fn operator(&self) -> &str {
        &self.operator.name
    }

    /// Renames the operator, keeping the role (the command line's `--operator`, tests).
    pub fn set_operator(&mut self, name: impl Into<String>) {
        self.operator.name = name.into();
    }

    /// Acts as `operator` from now on (the import wizard's thread, tests). Signing in with
    /// a password is [`Store::sign_in`].
    pub fn act_as(&mut self, operator: Operator) {
        self.operator = operator;
    }

    /// Counts, per thread, the SQL statements this connection runs from now on (tests: a
    /// frame with a dialog open runs none). Read with [`Store::statements_counted`]. The
    /// window's look for others' writes ([`Store::follow_others`]: SQLite's change
    /// counter, no table read) is not counted.
    #[doc(hidden)]
    pub fn count_statements_for_tests(&self) {
        fn count(e: rusqlite::trace::TraceEvent<'_>) {
            // Statements of triggers come as comments ("-- name"): part of their statement.
            if let rusqlite::trace::TraceEvent::Stmt(_, sql) = e
                && !sql.starts_with("--")
                && !sql.starts_with("PRAGMA data_version")
            {
                STATEMENTS.with(|c| c.set(c.get() + 1));
            }
        }
        if let Some(conn) = self.conn.sqlite() {
            conn.trace_v2(
                rusqlite::trace::TraceEventCodes::SQLITE_TRACE_STMT,
                Some(count),
            );
        }
    }

    /// How many statements this thread's counted connections have run.
    #[doc(hidden)]
    pub fn statements_counted() -> u64 {
        STATEMENTS.with(std::cell::Cell::get)
    }

    /// A plain SQLite connection to `path` (tests that make or inspect a database file
    /// beside the store), opened the way the store opens its own ([`sqlite_alloc::open`]).
    #[doc(hidden)]
    pub fn sqlite_connection_for_tests(path: &Path) -> rusqlite::Result<rusqlite::Connection> {
        sqlite_alloc::open(path, rusqlite::OpenFlags::default())
    }

    /// Raw SQL, for tests and benchmarks only (to inspect the tables, or to damage a
    /// database on purpose). The program itself reads and writes through the store's
    /// operations: no SQL lives outside `store/`.
    #[doc(hidden)]
    pub fn sql_for_tests(&self) -> &rusqlite::Connection {
        self.conn
            .sqlite()
            .expect("sql_for_tests: only a SQLite store has a rusqlite connection")
    }

    /// The connection seam, for tests that read the tables on either backend.
    #[doc(hidden)]
    pub fn db_for_tests(&self) -> &Connection {
        &self.conn
    }

    /// Runs `f` in one transaction: all of it is written, or none of it. Staffing work:
    /// refused to an operator whose role does not allow it. The 操作日志 names the action
    /// after the tables it changed, unless `f` sets `tx.label`.
    pub fn write<T>(&mut self, f: impl FnOnce(&mut Tx<'_>) -> Result<T>) -> Result<T> {
        self.write_as("", f)
    }

    /// [`Store::write`], with the action's name for the 操作日志.
    pub fn write_as<T>(
        &mut self,
        label: &str,
        f: impl FnOnce(&mut Tx<'_>) -> Result<T>,
    ) -> Result<T> {
        self.write_checked(label, Some(Permission::StaffingWork), f)
    }

    /// [`Store::write_as`] for work that needs `permission` (settings, operators).
    pub(crate) fn write_with<T>(
        &mut self,
        label: &str,
        permission: Permission,
        f: impl FnOnce(&mut Tx<'_>) -> Result<T>,
    ) -> Result<T> {
        self.write_checked(label, Some(permission), f)
    }

    /// One transaction, refused unless the operator has `permission`; the action and every
    /// row it changed go into the 操作日志 in the same transaction.
    pub(crate) fn write_checked<T>(
        &mut self,
        label: &str,
        permission: Option<Permission>,
        f: impl FnOnce(&mut Tx<'_>) -> Result<T>,
    ) -> Result<T> {
        if let Some(p) = permission {
            self.operator.require(p)?;
        }
        let tx = WriteLock::take(&self.conn)?;
        let out = {
            let mut w = Tx {
                conn: &self.conn,
                operator: &self.operator.name,
                role: self.operator.role,
                now: crate::clock::timestamp(),
                label: label.to_string(),
                import_id: None,
                allocation_id: None,
                application_id: None,
                evaluation_id: None,
            };
            let out = f(&mut w)?;
            let action = audit::close_action(&self.conn, &self.operator, &w.now, &w.label)?;
            let changed = match action {
                Some(action) => changes::of_action(&self.conn, action)?,
                None => changes::Changes::default(),
            };
            (out, changed, action)
        };
        tx.commit()?;
        self.changes.absorb(out.1);
        self.seen.own.extend(out.2);
        Ok(out.0)
    }

    /// Whether this database holds the demo county (marked when it was generated).
    pub fn is_demo(&self) -> bool {
        self.setting(DEMO_KEY).ok().flatten().as_deref() == Some("1")
    }

    /// The column mappings saved for imports: (name, mapping as JSON), by name.
    pub fn import_mappings(&self) -> Result<Vec<(String, String)>> {
        let mut st = self.conn.prepare(
            "SELECT substr(key, length(?1) + 1), value FROM app_settings \
             WHERE substr(key, 1, length(?1)) = ?1 ORDER BY key",
        )?;
        let rows = st.query_map([MAPPING_PREFIX], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<db::Result<_>>()?)
    }

    /// A setting kept in the database, or `None` when never set.
    pub fn setting(&self, key: &str) -> Result<Option<String>> {
        setting_text(&self.conn, key)
    }

    /// A numeric setting, or `default` when never set or unreadable.
    pub fn setting_or(&self, key: &str, default: i64) -> i64 {
        setting_value(&self.conn, key, default)
    }

    /// The schema version of the open database.
    pub fn schema_version(&self) -> Result<i64> {
        Ok(match self.conn.sqlite() {
            Some(c) => c.pragma_query_value(None, "user_version", |r| r.get(0))?,
            None => self
                .conn
                .query_row("SELECT MAX(version) FROM schema_version", (), |r| r.get(0))?,
        })
    }
}

impl Tx<'_> {
    /// Sets a setting kept in the database (管理员 only).
    pub fn set_setting(&mut self, key: &str, value: &str) -> Result<()> {
        Operator {
            name: self.operator.to_string(),
            role: self.role,
        }
        .require(Permission::Settings)?;
        self.describe("修改设置");
        self.put_setting(key, value)
    }

    /// Writes a setting, whoever may (the callers check).
    fn put_setting(&mut self, key: &str, value: &str) -> Result<()> {
        self.conn.execute(
            "INSERT INTO app_settings (key, value, operator, updated_at) VALUES (?1, ?2, ?3, ?4) \
             ON CONFLICT(key) DO UPDATE SET value = ?2, operator = ?3, updated_at = ?4",
            crate::params![key, value, self.operator, self.now],
        )?;
        Ok(())
    }
}

impl Tx<'_> {
    /// Saves an import's column mapping under a name, for the next file of the same layout
    /// (anyone who may import may save one).
    pub fn save_import_mapping(&mut self, name: &str, mapping_json: &str) -> Result<()> {
        Operator {
            name: self.operator.to_string(),
            role: self.role,
        }
        .require(Permission::StaffingWork)?;
        let name = name.trim();
        if name.is_empty() {
            return Err(StoreError::Denied("列对应方案的名称不能为空".to_string()));
        }
        self.describe(format!("保存导入列对应方案“{name}”"));
        self.put_setting(&format!("{MAPPING_PREFIX}{name}"), mapping_json)
    }
}

/// Settings keys of saved import column mappings start with this.
const MAPPING_PREFIX: &str = "import.mapping.";

impl Store {
    /// A preference of the clerk signed in (`what`: `people_columns`, …), as they saved it
    /// with [`Store::save_clerk_preference`]; `None` when they never did or nobody is signed
    /// in.
    pub fn clerk_preference(&self, what: &str) -> Result<Option<String>> {
        match clerk_key(self.operator(), what) {
            Some(key) => self.setting(&key),
            None => Ok(None),
        }
    }

    /// Keeps a preference of the clerk signed in (the people table's columns, …) under their
    /// name: any role may, it is theirs and not a county setting. Refused when nobody is
    /// signed in.
    pub fn save_clerk_preference(&mut self, what: &str, value: &str) -> Result<()> {
        let Some(key) = clerk_key(self.operator(), what) else {
            return Err(StoreError::Denied("请先登录".to_string()));
        };
        self.write_checked("保存个人设置", None, |tx| tx.put_setting(&key, value))
    }
}

/// The settings key of a clerk's preference: `clerk.<name>.<what>` (`None`: no name).
fn clerk_key(operator: &str, what: &str) -> Option<String> {
    let name = operator.trim();
    (!name.is_empty()).then(|| format!("clerk.{name}.{what}"))
}

/// The setting that marks the demo county's database.
const DEMO_KEY: &str = "county.demo";

impl Tx<'_> {
    /// Marks the database as holding the demo county (what [`Store::is_demo`] reads).
    pub(crate) fn mark_demo(&mut self) -> Result<()> {
        self.conn.execute(
            "INSERT INTO app_settings (key, value, operator, updated_at) VALUES (?1, '1', ?2, ?3) \
             ON CONFLICT(key) DO UPDATE SET value = '1', operator = ?2, updated_at = ?3",
            crate::params![DEMO_KEY, self.operator, self.now],
        )?;
        Ok(())
    }

    /// Names the action for the 操作日志, unless the caller already has.
    pub(crate) fn describe(&mut self, label: impl Into<String>) {
        if self.label.is_empty() {
            self.label = label.into();
        }
    }
}

/// Names for accounts in messages.
pub(crate) fn account_label(conn: &Connection, account: Account) -> String {
    match account {
        Account::Org(id) => conn
            .query_row("SELECT name FROM orgs WHERE id = ?1", [id.0], |r| {
                r.get::<_, String>(0)
            })
            .unwrap_or_else(|_| format!("单位#{}", id.0)),
        Account::Reserve => "县集中管理编制".to_string(),
        Account::Pool(id) => conn
            .query_row("SELECT name FROM pools WHERE id = ?1", [id.0], |r| {
                r.get::<_, String>(0)
            })
            .unwrap_or_else(|_| format!("周转编制池#{}", id.0)),
        Account::Above => "上级核定".to_string(),
        Account::WrittenOff => "核销".to_string(),
    }
}

pub(crate) fn post_type_from_sql(code: &str) -> Result<PostType> {
    PostType::from_code(code).ok_or_else(|| StoreError::Corrupt(format!("编制类型“{code}”")))
}
