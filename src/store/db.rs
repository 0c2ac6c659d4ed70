//! The connection seam: the store's SQL runs on SQLite (the default, one file on the
//! clerk's PC) or on a PostgreSQL server (several clerks, one ledger). The store writes its
//! SQL once, with `?N` placeholders and `RETURNING` for new ids; this module binds the
//! values and reads the rows on either backend. What cannot be portable (schema, triggers,
//! pragmas, backups) asks [`Connection::backend`] or [`Connection::sqlite`].
//!
//! The names follow rusqlite's (`execute`, `query_row`, `prepare_cached`, `query_map`,
//! `optional`), so the store reads the same on both.

use std::cell::RefCell;
use std::collections::HashMap;

/// Which database a connection talks to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// What went wrong in the database.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{0}")]
    Sqlite(rusqlite::Error),
    #[error("{}", pg_message(.0))]
    Postgres(postgres::Error),
    /// A query that had to return a row returned none.
    #[error("查询没有返回任何记录")]
    NoRows,
    /// A value of the wrong kind in a column (text where a number was expected …).
    #[error("列 {column} 的值不是{expected}")]
    Type {
        column: usize,
        expected: &'static str,
    },
}

fn pg_message(e: &postgres::Error) -> String {
    match e.as_db_error() {
        Some(db) => format!("{}（{}）", db.message(), db.code().code()),
        None => e.to_string(),
    }
}

impl From<rusqlite::Error> for Error {
    fn from(e: rusqlite::Error) -> Error {
        match e {
            rusqlite::Error::QueryReturnedNoRows => Error::NoRows,
            e => Error::Sqlite(e),
        }
    }
}

impl From<postgres::Error> for Error {
    fn from(e: postgres::Error) -> Error {
        Error::Postgres(e)
    }
}

impl Error {
    /// SQLite's busy or locked: another connection holds the write lock.
    /// (PostgreSQL: the write lock was not free within `lock_timeout`.)
    pub fn is_busy(&self) -> bool {
        match self {
            Error::Sqlite(e) => matches!(
                e.sqlite_error_code(),
                Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked)
            ),
            Error::Postgres(e) => e.code() == Some(&postgres::error::SqlState::LOCK_NOT_AVAILABLE),
            _ => false,
        }
    }

    /// PostgreSQL refused to commit a transaction that raced another (serialization
    /// failure or deadlock): running it again from the start is safe.
    pub fn is_retryable(&self) -> bool {
        match self {
            Error::Postgres(e) => e.code().is_some_and(|c| {
                *c == postgres::error::SqlState::T_R_SERIALIZATION_FAILURE
                    || *c == postgres::error::SqlState::T_R_DEADLOCK_DETECTED
            }),
            _ => false,
        }
    }
}

pub type Result<T> = std::result::Result<T, Error>;

/// `query_row(…).optional()`: no row is `None`, not an error.
pub trait OptionalExtension<T> {
    fn optional(self) -> Result<Option<T>>;
}

impl<T> OptionalExtension<T> for Result<T> {
    fn optional(self) -> Result<Option<T>> {
        match self {
            Ok(v) => Ok(Some(v)),
            Err(Error::NoRows) => Ok(None),
            Err(e) => Err(e),
        }
    }
}

/// A value bound to a statement.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Null,
    Int(i64),
    Real(f64),
    Text(String),
    Blob(Vec<u8>),
}

/// What can be bound to a `?N`: as an owned [`Value`] (PostgreSQL), or borrowed as
/// rusqlite binds it (SQLite's hot paths bind without copying text).
pub trait ToSql {
    fn to_value(&self) -> Value;
    fn to_sqlite(&self) -> rusqlite::types::ToSqlOutput<'_> {
        rusqlite::types::ToSqlOutput::Owned(match self.to_value() {
            Value::Null => rusqlite::types::Value::Null,
            Value::Int(i) => rusqlite::types::Value::Integer(i),
            Value::Real(f) => rusqlite::types::Value::Real(f),
            Value::Text(t) => rusqlite::types::Value::Text(t),
            Value::Blob(b) => rusqlite::types::Value::Blob(b),
        })
    }
}

macro_rules! int_to_sql {
    ($($t:ty),*) => {$(
        impl ToSql for $t {
            fn to_value(&self) -> Value {
                Value::Int(i64::try_from(*self).unwrap_or(i64::MAX))
            }
        }
    )*};
}
int_to_sql!(i64, i32, i16, u8, u16, u32, u64, usize);

impl ToSql for bool {
    fn to_value(&self) -> Value {
        Value::Int(i64::from(*self))
    }
}
impl ToSql for f64 {
    fn to_value(&self) -> Value {
        Value::Real(*self)
    }
}
impl ToSql for str {
    fn to_value(&self) -> Value {
        Value::Text(self.to_string())
    }
    fn to_sqlite(&self) -> rusqlite::types::ToSqlOutput<'_> {
        rusqlite::types::ToSqlOutput::Borrowed(rusqlite::types::ValueRef::Text(self.as_bytes()))
    }
}
impl ToSql for String {
    fn to_value(&self) -> Value {
        Value::Text(self.clone())
    }
    fn to_sqlite(&self) -> rusqlite::types::ToSqlOutput<'_> {
        self.as_str().to_sqlite()
    }
}
impl ToSql for [u8] {
    fn to_value(&self) -> Value {
        Value::Blob(self.to_vec())
    }
    fn to_sqlite(&self) -> rusqlite::types::ToSqlOutput<'_> {
        rusqlite::types::ToSqlOutput::Borrowed(rusqlite::types::ValueRef::Blob(self))
    }
}
impl ToSql for Vec<u8> {
    fn to_value(&self) -> Value {
        Value::Blob(self.clone())
    }
    fn to_sqlite(&self) -> rusqlite::types::ToSqlOutput<'_> {
        self.as_slice().to_sqlite()
    }
}
impl ToSql for Value {
    fn to_value(&self) -> Value {
        self.clone()
    }
    fn to_sqlite(&self) -> rusqlite::types::ToSqlOutput<'_> {
        use rusqlite::types::{ToSqlOutput, ValueRef};
        ToSqlOutput::Borrowed(match self {
            Value::Null => ValueRef::Null,
            Value::Int(i) => ValueRef::Integer(*i),
            Value::Real(f) => ValueRef::Real(*f),
            Value::Text(s) => ValueRef::Text(s.as_bytes()),
            Value::Blob(b) => ValueRef::Blob(b),
        })
    }
}
impl<T: ToSql> ToSql for Option<T> {
    fn to_value(&self) -> Value {
        self.as_ref().map_or(Value::Null, ToSql::to_value)
    }
    fn to_sqlite(&self) -> rusqlite::types::ToSqlOutput<'_> {
        match self {
            Some(v) => v.to_sqlite(),
            None => rusqlite::types::ToSqlOutput::Borrowed(rusqlite::types::ValueRef::Null),
        }
    }
}
impl<T: ToSql + ?Sized> ToSql for &T {
    fn to_value(&self) -> Value {
        (**self).to_value()
    }
    fn to_sqlite(&self) -> rusqlite::types::ToSqlOutput<'_> {
        (**self).to_sqlite()
    }
}

/// A parameter as rusqlite takes it.
struct Sq<'a>(&'a dyn ToSql);

impl rusqlite::ToSql for Sq<'_> {
    fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
        Ok(self.0.to_sqlite())
    }
}

/// A statement's parameters: `()`, `[a, b]`, [`params!`](crate::params), or values.
pub trait Params {
    /// The values, owned (PostgreSQL binds these).
    fn values(self) -> Vec<Value>;
    /// Runs `f` with the parameters as rusqlite binds them, borrowed.
    fn with_sqlite<R>(self, f: impl FnOnce(&[&dyn rusqlite::ToSql]) -> R) -> R;
}

/// `f` over parameters given as our [`ToSql`]s.
fn sqlite_refs<R>(params: &[&dyn ToSql], f: impl FnOnce(&[&dyn rusqlite::ToSql]) -> R) -> R {
    let wrapped: Vec<Sq<'_>> = params.iter().map(|p| Sq(*p)).collect();
    let refs: Vec<&dyn rusqlite::ToSql> =
        wrapped.iter().map(|w| w as &dyn rusqlite::ToSql).collect();
    f(&refs)
}

impl Params for () {
    fn values(self) -> Vec<Value> {
        Vec::new()
    }
    fn with_sqlite<R>(self, f: impl FnOnce(&[&dyn rusqlite::ToSql]) -> R) -> R {
        f(&[])
    }
}
impl<T: ToSql, const N: usize> Params for [T; N] {
    fn values(self) -> Vec<Value> {
        self.iter().map(ToSql::to_value).collect()
    }
    fn with_sqlite<R>(self, f: impl FnOnce(&[&dyn rusqlite::ToSql]) -> R) -> R {
        let refs: Vec<&dyn ToSql> = self.iter().map(|v| v as &dyn ToSql).collect();
        sqlite_refs(&refs, f)
    }
}
impl<T: ToSql, const N: usize> Params for &[T; N] {
    fn values(self) -> Vec<Value> {
        self.iter().map(ToSql::to_value).collect()
    }
    fn with_sqlite<R>(self, f: impl FnOnce(&[&dyn rusqlite::ToSql]) -> R) -> R {
        let refs: Vec<&dyn ToSql> = self.iter().map(|v| v as &dyn ToSql).collect();
        sqlite_refs(&refs, f)
    }
}
impl Params for &[&dyn ToSql] {
    fn values(self) -> Vec<Value> {
        self.iter().map(|v| v.to_value()).collect()
    }
    fn with_sqlite<R>(self, f: impl FnOnce(&[&dyn rusqlite::ToSql]) -> R) -> R {
        sqlite_refs(self, f)
    }
}
impl Params for Vec<Value> {
    fn values(self) -> Vec<Value> {
        self
    }
    fn with_sqlite<R>(self, f: impl FnOnce(&[&dyn rusqlite::ToSql]) -> R) -> R {
        let refs: Vec<&dyn rusqlite::ToSql> =
            self.iter().map(|v| v as &dyn rusqlite::ToSql).collect();
        f(&refs)
    }
}

/// Parameters of mixed types, as rusqlite's `params!`.
#[macro_export]
macro_rules! params {
    () => { () };
    ($($v:expr),+ $(,)?) => {
        &[$(&$v as &dyn $crate::store::db::ToSql),+] as &[&dyn $crate::store::db::ToSql]
    };
}
pub use crate::params;

impl rusqlite::ToSql for Value {
    fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
        use rusqlite::types::{ToSqlOutput, ValueRef};
        Ok(ToSqlOutput::Borrowed(match self {
            Value::Null => ValueRef::Null,
            Value::Int(i) => ValueRef::Integer(*i),
            Value::Real(f) => ValueRef::Real(*f),
            Value::Text(s) => ValueRef::Text(s.as_bytes()),
            Value::Blob(b) => ValueRef::Blob(b),
        }))
    }
}

impl postgres::types::ToSql for Value {
    fn to_sql(
        &self,
        ty: &postgres::types::Type,
        out: &mut bytes::BytesMut,
    ) -> std::result::Result<postgres::types::IsNull, Box<dyn std::error::Error + Sync + Send>>
    {
        use postgres::types::{IsNull, Type};
        let text_type = matches!(*ty, Type::TEXT | Type::VARCHAR | Type::BPCHAR | Type::NAME)
            || *ty == Type::UNKNOWN;
        match self {
            Value::Null => return Ok(IsNull::Yes),
            Value::Int(i) => match *ty {
                Type::INT8 => i.to_sql(ty, out)?,
                Type::INT4 => i32::try_from(*i)?.to_sql(ty, out)?,
                Type::INT2 => i16::try_from(*i)?.to_sql(ty, out)?,
                Type::FLOAT8 => (*i as f64).to_sql(ty, out)?,
                Type::BOOL => (*i != 0).to_sql(ty, out)?,
                _ if text_type => i.to_string().as_str().to_sql(&Type::TEXT, out)?,
                _ => return Err(format!("整数不能用作 {ty} 类型的参数").into()),
            },
            Value::Real(f) => match *ty {
                Type::FLOAT8 => f.to_sql(ty, out)?,
                Type::FLOAT4 => (*f as f32).to_sql(ty, out)?,
                _ if text_type => f.to_string().as_str().to_sql(&Type::TEXT, out)?,
                _ => return Err(format!("小数不能用作 {ty} 类型的参数").into()),
            },
            Value::Text(s) => match *ty {
                Type::INT8 => s.parse::<i64>()?.to_sql(ty, out)?,
                Type::INT4 => s.parse::<i32>()?.to_sql(ty, out)?,
                Type::FLOAT8 => s.parse::<f64>()?.to_sql(ty, out)?,
                _ => s.as_str().to_sql(&Type::TEXT, out)?,
            },
            Value::Blob(b) => b.as_slice().to_sql(&Type::BYTEA, out)?,
        };
        Ok(IsNull::No)
    }

    fn accepts(_: &postgres::types::Type) -> bool {
        true
    }

    postgres::types::to_sql_checked!();
}

/// A column's value as read, before it becomes a Rust type.
#[derive(Clone, Copy, Debug)]
pub enum ValueRef<'a> {
    Null,
    Int(i64),
    Real(f64),
    Text(&'a str),
    Blob(&'a [u8]),
}

/// What a column can be read as.
pub trait FromSql: Sized {
    fn from_value(v: ValueRef<'_>, column: usize) -> Result<Self>;
}

impl FromSql for i64 {
    fn from_value(v: ValueRef<'_>, column: usize) -> Result<i64> {
        match v {
            ValueRef::Int(i) => Ok(i),
            _ => Err(Error::Type {
                column,
                expected: "整数",
            }),
        }
    }
}
macro_rules! narrow_from_sql {
    ($($t:ty),*) => {$(
        impl FromSql for $t {
            fn from_value(v: ValueRef<'_>, column: usize) -> Result<$t> {
                <$t>::try_from(i64::from_value(v, column)?).map_err(|_| Error::Type {
                    column,
                    expected: "范围内的整数",
                })
            }
        }
    )*};
}
narrow_from_sql!(i32, u32, u16, u8, usize, u64);

impl FromSql for f64 {
    fn from_value(v: ValueRef<'_>, column: usize) -> Result<f64> {
        match v {
            ValueRef::Real(f) => Ok(f),
            ValueRef::Int(i) => Ok(i as f64),
            _ => Err(Error::Type {
                column,
                expected: "数",
            }),
        }
    }
}
impl FromSql for bool {
    fn from_value(v: ValueRef<'_>, column: usize) -> Result<bool> {
        Ok(i64::from_value(v, column)? != 0)
    }
}
impl FromSql for String {
    fn from_value(v: ValueRef<'_>, column: usize) -> Result<String> {
        match v {
            ValueRef::Text(s) => Ok(s.to_string()),
            _ => Err(Error::Type {
                column,
                expected: "文字",
            }),
        }
    }
}
impl FromSql for Vec<u8> {
    fn from_value(v: ValueRef<'_>, column: usize) -> Result<Vec<u8>> {
        match v {
            ValueRef::Blob(b) => Ok(b.to_vec()),
            ValueRef::Text(s) => Ok(s.as_bytes().to_vec()),
            _ => Err(Error::Type {
                column,
                expected: "二进制数据",
            }),
        }
    }
}
impl FromSql for Value {
    fn from_value(v: ValueRef<'_>, _: usize) -> Result<Value> {
        Ok(match v {
            ValueRef::Null => Value::Null,
            ValueRef::Int(i) => Value::Int(i),
            ValueRef::Real(f) => Value::Real(f),
            ValueRef::Text(s) => Value::Text(s.to_string()),
            ValueRef::Blob(b) => Value::Blob(b.to_vec()),
        })
    }
}
impl<T: FromSql> FromSql for Option<T> {
    fn from_value(v: ValueRef<'_>, column: usize) -> Result<Option<T>> {
        match v {
            ValueRef::Null => Ok(None),
            v => T::from_value(v, column).map(Some),
        }
    }
}

/// A column's position (from 0).
pub trait RowIndex {
    fn index(self) -> usize;
}
impl RowIndex for usize {
    fn index(self) -> usize {
        self
    }
}

/// One row of a result.
#[derive(Clone, Copy)]
pub enum Row<'a> {
    Sqlite(&'a rusqlite::Row<'a>),
    Postgres(&'a postgres::Row),
}

impl Row<'_> {
    /// Column `i` (from 0) as a `T`.
    pub fn get<I: RowIndex, T: FromSql>(&self, i: I) -> Result<T> {
        let i = i.index();
        T::from_value(self.get_ref(i)?, i)
    }

    /// Column `i` as text, borrowed (loops over the whole ledger).
    pub fn get_str(&self, i: usize) -> Result<&str> {
        match self.get_ref(i)? {
            ValueRef::Text(s) => Ok(s),
            _ => Err(Error::Type {
                column: i,
                expected: "文字",
            }),
        }
    }

    /// Column `i` as read.
    pub fn get_ref(&self, i: usize) -> Result<ValueRef<'_>> {
        match self {
            Row::Sqlite(r) => {
                use rusqlite::types::ValueRef as V;
                Ok(match r.get_ref(i)? {
                    V::Null => ValueRef::Null,
                    V::Integer(n) => ValueRef::Int(n),
                    V::Real(f) => ValueRef::Real(f),
                    V::Text(t) => {
                        ValueRef::Text(std::str::from_utf8(t).map_err(|_| Error::Type {
                            column: i,
                            expected: "UTF-8 文字",
                        })?)
                    }
                    V::Blob(b) => ValueRef::Blob(b),
                })
            }
            Row::Postgres(r) => {
                let raw: Raw<'_> = r.try_get(i)?;
                raw.decode(i)
            }
        }
    }

    /// How many columns the row has.
    pub fn column_count(&self) -> usize {
        match self {
            Row::Sqlite(r) => r.as_ref().column_count(),
            Row::Postgres(r) => r.len(),
        }
    }
}

/// A PostgreSQL value in its binary form, decoded by [`Raw::decode`].
struct Raw<'a> {
    ty: postgres::types::Type,
    bytes: Option<&'a [u8]>,
}

impl<'a> postgres::types::FromSql<'a> for Raw<'a> {
    fn from_sql(
        ty: &postgres::types::Type,
        raw: &'a [u8],
    ) -> std::result::Result<Self, Box<dyn std::error::Error + Sync + Send>> {
        Ok(Raw {
            ty: ty.clone(),
            bytes: Some(raw),
        })
    }
    fn from_sql_null(
        ty: &postgres::types::Type,
    ) -> std::result::Result<Self, Box<dyn std::error::Error + Sync + Send>> {
        Ok(Raw {
            ty: ty.clone(),
            bytes: None,
        })
    }
    fn accepts(_: &postgres::types::Type) -> bool {
        true
    }
}

impl<'a> Raw<'a> {
    fn decode(&self, column: usize) -> Result<ValueRef<'a>> {
        use postgres::types::Type;
        let Some(b) = self.bytes else {
            return Ok(ValueRef::Null);
        };
        let bad = |expected| Error::Type { column, expected };
        let fixed =
            |n: usize| -> Result<&'a [u8]> { (b.len() == n).then_some(b).ok_or(bad("定长数")) };
        Ok(match self.ty {
            Type::INT8 => ValueRef::Int(i64::from_be_bytes(
                fixed(8)?.try_into().map_err(|_| bad("整数"))?,
            )),
            Type::INT4 => ValueRef::Int(
                i32::from_be_bytes(fixed(4)?.try_into().map_err(|_| bad("整数"))?).into(),
            ),
            Type::INT2 => ValueRef::Int(
                i16::from_be_bytes(fixed(2)?.try_into().map_err(|_| bad("整数"))?).into(),
            ),
            Type::BOOL => ValueRef::Int(i64::from(fixed(1)?[0] != 0)),
            Type::FLOAT8 => ValueRef::Real(f64::from_be_bytes(
                fixed(8)?.try_into().map_err(|_| bad("小数"))?,
            )),
            Type::FLOAT4 => ValueRef::Real(
                f32::from_be_bytes(fixed(4)?.try_into().map_err(|_| bad("小数"))?).into(),
            ),
            Type::NUMERIC => numeric(b).ok_or(bad("数"))?,
            Type::BYTEA => ValueRef::Blob(b),
            _ => ValueRef::Text(std::str::from_utf8(b).map_err(|_| bad("UTF-8 文字"))?),
        })
    }
}

/// PostgreSQL's binary NUMERIC (what `SUM` of a BIGINT column returns): an integer when it
/// has no fraction and fits, else a float.
fn numeric<'a>(b: &[u8]) -> Option<ValueRef<'a>> {
    let word = |i: usize| -> Option<i16> { Some(i16::from_be_bytes([*b.get(i)?, *b.get(i + 1)?])) };
    let (ndigits, weight, sign) = (word(0)?, word(2)?, word(4)? as u16);
    if sign == 0xC000 {
        return Some(ValueRef::Real(f64::NAN));
    }
    let mut value = 0f64;
    let mut integral = true;
    for k in 0..ndigits as usize {
        let digit = f64::from(word(8 + 2 * k)?);
        let power = i32::from(weight) - k as i32;
        value += digit * 10000f64.powi(power);
        if power < 0 && digit != 0.0 {
            integral = false;
        }
    }
    if sign == 0x4000 {
        value = -value;
    }
    Some(if integral && value.abs() < 9.0e15 {
        ValueRef::Int(value as i64)
    } else {
        ValueRef::Real(value)
    })
}

/// A connection to one county's database.
pub struct Connection {
    inner: Inner,
}

enum Inner {
    Sqlite(rusqlite::Connection),
    Postgres(Box<Pg>),
}

struct Pg {
    client: RefCell<postgres::Client>,
    /// Prepared statements by the store's SQL text (as written, with `?N`).
    cache: RefCell<HashMap<String, postgres::Statement>>,
}

impl Pg {
    fn statement(&self, sql: &str, cached: bool) -> Result<postgres::Statement> {
        if let Some(st) = self.cache.borrow().get(sql) {
            return Ok(st.clone());
        }
        let st = self
            .client
            .borrow_mut()
            .prepare(&dollar_placeholders(sql))
            .inspect_err(|e| trace_failure(sql, e))?;
        if cached {
            self.cache.borrow_mut().insert(sql.to_string(), st.clone());
        }
        Ok(st)
    }

    fn query(&self, st: &postgres::Statement, values: &[Value]) -> Result<Vec<postgres::Row>> {
        Ok(self
            .client
            .borrow_mut()
            .query(st, &pg_params(values))
            .inspect_err(|e| trace_failure(&format!("{values:?}"), e))?)
    }

    fn execute(&self, st: &postgres::Statement, values: &[Value]) -> Result<usize> {
        Ok(self
            .client
            .borrow_mut()
            .execute(st, &pg_params(values))
            .inspect_err(|e| trace_failure(&format!("{values:?}"), e))? as usize)
    }
}

/// Values as the `postgres` client binds them.
fn pg_params(values: &[Value]) -> Vec<&(dyn postgres::types::ToSql + Sync)> {
    values
        .iter()
        .map(|v| v as &(dyn postgres::types::ToSql + Sync))
        .collect()
}

/// SQLite's tables, by name (not its own `sqlite_…`).
pub(crate) fn sqlite_tables(conn: &rusqlite::Connection) -> rusqlite::Result<Vec<String>> {
    conn.prepare(
        "SELECT name FROM sqlite_master WHERE type = 'table' \
         AND name NOT LIKE 'sqlite_%' ORDER BY name",
    )?
    .query_map([], |r| r.get(0))?
    .collect()
}

/// A SQLite table's columns, in their order.
pub(crate) fn sqlite_columns(
    conn: &rusqlite::Connection,
    table: &str,
) -> rusqlite::Result<Vec<String>> {
    conn.prepare("SELECT name FROM pragma_table_info(?1)")?
        .query_map([table], |r| r.get(0))?
        .collect()
}

/// The VALUES of a multi-row INSERT: `(?1, ?2), (?3, ?4)` for 2 rows of 2 values.
pub fn values_list(rows: usize, width: usize) -> String {
    let tuples: Vec<String> = (0..rows)
        .map(|r| {
            let marks: Vec<String> = (1..=width).map(|c| format!("?{}", r * width + c)).collect();
            format!("({})", marks.join(", "))
        })
        .collect();
    tuples.join(", ")
}

/// A value in COPY's text format: `\N` for NULL, backslash escapes for the separators.
fn copy_text(v: &Value, out: &mut String) {
    match v {
        Value::Null => out.push_str("\\N"),
        Value::Int(i) => out.push_str(&i.to_string()),
        Value::Real(f) => out.push_str(&f.to_string()),
        Value::Text(t) => {
            for c in t.chars() {
                match c {
                    '\\' => out.push_str("\\\\"),
                    '\t' => out.push_str("\\t"),
                    '\n' => out.push_str("\\n"),
                    '\r' => out.push_str("\\r"),
                    c => out.push(c),
                }
            }
        }
        Value::Blob(b) => {
            out.push_str("\\\\x");
            for byte in b {
                out.push_str(&format!("{byte:02x}"));
            }
        }
    }
}

/// With `BIANZHI_SQL_TRACE` set, a statement the server refused is printed (development).
fn trace_failure(what: &str, e: &postgres::Error) {
    if std::env::var_os("BIANZHI_SQL_TRACE").is_some() {
        eprintln!("[sql] {}: {what}", pg_message(e));
    }
}

/// The store's `?1`, `?2` … (and bare `?`) as PostgreSQL's `$1`, `$2` …, leaving string
/// literals, quoted names and comments alone.
pub fn dollar_placeholders(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len() + 8);
    let mut chars = sql.chars().peekable();
    let mut next = 1;
    while let Some(c) = chars.next() {
        match c {
            '\'' | '"' => {
                out.push(c);
                for d in chars.by_ref() {
                    out.push(d);
                    if d == c {
                        break;
                    }
                }
            }
            '-' if chars.peek() == Some(&'-') => {
                out.push(c);
                for d in chars.by_ref() {
                    out.push(d);
                    if d == '\n' {
                        break;
                    }
                }
            }
            '?' => {
                out.push('$');
                let mut digits = String::new();
                while let Some(d) = chars.peek().filter(|d| d.is_ascii_digit()) {
                    digits.push(*d);
                    chars.next();
                }
                if digits.is_empty() {
                    out.push_str(&next.to_string());
                    next += 1;
                } else {
                    out.push_str(&digits);
                }
            }
            c => out.push(c),
        }
    }
    out
}

impl Connection {
    pub fn from_sqlite(conn: rusqlite::Connection) -> Connection {
        Connection {
            inner: Inner::Sqlite(conn),
        }
    }

    pub fn from_postgres(client: postgres::Client) -> Connection {
        Connection {
            inner: Inner::Postgres(Box::new(Pg {
                client: RefCell::new(client),
                cache: RefCell::new(HashMap::new()),
            })),
        }
    }

    pub fn backend(&self) -> Backend {
        match self.inner {
            Inner::Sqlite(_) => Backend::Sqlite,
            Inner::Postgres(_) => Backend::Postgres,
        }
    }

    /// The SQLite connection underneath, for what only SQLite has (pragmas, backups).
    pub fn sqlite(&self) -> Option<&rusqlite::Connection> {
        match &self.inner {
            Inner::Sqlite(c) => Some(c),
            Inner::Postgres(_) => None,
        }
    }

    pub(crate) fn sqlite_mut(&mut self) -> Option<&mut rusqlite::Connection> {
        match &mut self.inner {
            Inner::Sqlite(c) => Some(c),
            Inner::Postgres(_) => None,
        }
    }

    /// The column that names a row in the 操作日志: SQLite's `rowid`, PostgreSQL's `id`
    /// (every table there has one).
    pub fn rowid(&self) -> &'static str {
        match self.backend() {
            Backend::Sqlite => "rowid",
            Backend::Postgres => "id",
        }
    }

    /// The county's tables, by name (not the database's own).
    pub fn tables(&self) -> Result<Vec<String>> {
        match &self.inner {
            Inner::Sqlite(c) => Ok(sqlite_tables(c)?),
            Inner::Postgres(_) => self
                .prepare(
                    "SELECT table_name::text FROM information_schema.tables \
                     WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' \
                     ORDER BY table_name",
                )?
                .query_map((), |r| r.get(0))?
                .collect(),
        }
    }

    /// A table's columns, in their order.
    pub fn columns(&self, table: &str) -> Result<Vec<String>> {
        match &self.inner {
            Inner::Sqlite(c) => Ok(sqlite_columns(c, table)?),
            Inner::Postgres(_) => self
                .prepare(
                    "SELECT column_name::text FROM information_schema.columns \
                     WHERE table_schema = current_schema() AND table_name = ?1 \
                     ORDER BY ordinal_position",
                )?
                .query_map([table], |r| r.get(0))?
                .collect(),
        }
    }

    /// Runs one statement, returning how many rows it changed.
    pub fn execute<P: Params>(&self, sql: &str, params: P) -> Result<usize> {
        match &self.inner {
            Inner::Sqlite(c) => Ok(params.with_sqlite(|p| c.execute(sql, p))?),
            Inner::Postgres(pg) => pg.execute(&pg.statement(sql, false)?, &params.values()),
        }
    }

    /// Runs an `INSERT`, returning the new row's `id`.
    pub fn insert<P: Params>(&self, sql: &str, params: P) -> Result<i64> {
        self.prepare_insert(sql)?.insert(params)
    }

    /// An `INSERT` kept prepared, whose [`Statement::insert`] returns the new row's `id`:
    /// SQLite's last rowid (free), PostgreSQL's `RETURNING id`.
    pub fn prepare_insert(&self, sql: &str) -> Result<Statement<'_>> {
        match self.backend() {
            Backend::Sqlite => self.prepare_cached(sql),
            Backend::Postgres => self.prepare_cached(&format!("{sql} RETURNING id")),
        }
    }

    /// Writes `rows` (each one value per column of `columns`) into `table` in one go:
    /// PostgreSQL's COPY, which takes rows far faster than INSERTs do (a bulk import's
    /// people); on SQLite, one prepared INSERT per row (as fast there).
    pub fn copy_in(&self, table: &str, columns: &[&str], rows: Vec<Vec<Value>>) -> Result<()> {
        match &self.inner {
            Inner::Sqlite(c) => {
                let mut st = c.prepare_cached(&format!(
                    "INSERT INTO \"{table}\" ({}) VALUES {}",
                    columns.join(", "),
                    values_list(1, columns.len())
                ))?;
                for row in rows {
                    st.execute(rusqlite::params_from_iter(row))?;
                }
                Ok(())
            }
            Inner::Postgres(pg) => {
                use std::io::Write;
                let mut client = pg.client.borrow_mut();
                let mut writer = client.copy_in(&format!(
                    "COPY \"{table}\" ({}) FROM STDIN",
                    columns.join(", ")
                ))?;
                let mut line = String::new();
                for row in rows {
                    line.clear();
                    for (k, v) in row.iter().enumerate() {
                        if k > 0 {
                            line.push('\t');
                        }
                        copy_text(v, &mut line);
                    }
                    line.push('\n');
                    // A failed write surfaces as the server's error at finish.
                    if writer.write_all(line.as_bytes()).is_err() {
                        break;
                    }
                }
                writer.finish()?;
                Ok(())
            }
        }
    }

    /// Runs statements separated by `;`, without parameters.
    pub fn execute_batch(&self, sql: &str) -> Result<()> {
        match &self.inner {
            Inner::Sqlite(c) => Ok(c.execute_batch(sql)?),
            Inner::Postgres(pg) => Ok(pg.client.borrow_mut().batch_execute(sql)?),
        }
    }

    /// The first row of a query, mapped by `f`; [`Error::NoRows`] when there is none.
    pub fn query_row<T, P: Params>(
        &self,
        sql: &str,
        params: P,
        f: impl FnOnce(&Row<'_>) -> Result<T>,
    ) -> Result<T> {
        self.prepare_cached(sql)?.query_row(params, f)
    }

    /// A statement prepared for this one use.
    pub fn prepare(&self, sql: &str) -> Result<Statement<'_>> {
        Ok(Statement {
            inner: match &self.inner {
                Inner::Sqlite(c) => StInner::Sqlite(c.prepare(sql)?),
                Inner::Postgres(pg) => StInner::Postgres(pg, pg.statement(sql, false)?),
            },
        })
    }

    /// A statement kept prepared for the next use of the same SQL.
    pub fn prepare_cached(&self, sql: &str) -> Result<Statement<'_>> {
        Ok(Statement {
            inner: match &self.inner {
                Inner::Sqlite(c) => StInner::SqliteCached(c.prepare_cached(sql)?),
                Inner::Postgres(pg) => StInner::Postgres(pg, pg.statement(sql, true)?),
            },
        })
    }
}

/// A prepared statement.
pub struct Statement<'c> {
    inner: StInner<'c>,
}

enum StInner<'c> {
    Sqlite(rusqlite::Statement<'c>),
    SqliteCached(rusqlite::CachedStatement<'c>),
    Postgres(&'c Pg, postgres::Statement),
}

impl<'c> Statement<'c> {
    pub fn execute<P: Params>(&mut self, params: P) -> Result<usize> {
        match &mut self.inner {
            StInner::Postgres(pg, st) => pg.execute(st, &params.values()),
            StInner::Sqlite(s) => Ok(params.with_sqlite(|p| s.execute(p))?),
            StInner::SqliteCached(s) => Ok(params.with_sqlite(|p| s.execute(p))?),
        }
    }

    /// The rows of the query, one at a time ([`Rows::next`]).
    pub fn query<P: Params>(&mut self, params: P) -> Result<Rows<'_>> {
        Ok(match &mut self.inner {
            StInner::Postgres(pg, st) => {
                Rows::Postgres(pg.query(st, &params.values())?.into_iter(), None)
            }
            StInner::Sqlite(s) => Rows::Sqlite(params.with_sqlite(|p| s.query(p))?),
            StInner::SqliteCached(s) => Rows::Sqlite(params.with_sqlite(|p| s.query(p))?),
        })
    }

    /// The rows of the query, each mapped by `f`.
    pub fn query_map<T, P: Params, F: FnMut(&Row<'_>) -> Result<T>>(
        &mut self,
        params: P,
        f: F,
    ) -> Result<MappedRows<'_, F>> {
        Ok(MappedRows {
            rows: self.query(params)?,
            f,
        })
    }

    pub fn query_row<T, P: Params>(
        &mut self,
        params: P,
        f: impl FnOnce(&Row<'_>) -> Result<T>,
    ) -> Result<T> {
        let mut rows = self.query(params)?;
        match rows.next()? {
            Some(r) => f(&r),
            None => Err(Error::NoRows),
        }
    }

    /// Runs an `INSERT` made by [`Connection::prepare_insert`], returning the new row's id.
    pub fn insert<P: Params>(&mut self, params: P) -> Result<i64> {
        match &mut self.inner {
            StInner::Postgres(..) => self.query_row(params, |r| r.get(0)),
            StInner::Sqlite(s) => Ok(params.with_sqlite(|p| s.insert(p))?),
            StInner::SqliteCached(s) => Ok(params.with_sqlite(|p| s.insert(p))?),
        }
    }

    /// Whether the query returns any row.
    pub fn exists<P: Params>(&mut self, params: P) -> Result<bool> {
        Ok(self.query(params)?.next()?.is_some())
    }
}

/// The rows of a query being read.
pub enum Rows<'s> {
    Sqlite(rusqlite::Rows<'s>),
    Postgres(std::vec::IntoIter<postgres::Row>, Option<postgres::Row>),
}

impl Rows<'_> {
    /// The next row, or `None` after the last.
    #[allow(clippy::should_implement_trait)]
    pub fn next(&mut self) -> Result<Option<Row<'_>>> {
        match self {
            Rows::Sqlite(rows) => Ok(rows.next()?.map(Row::Sqlite)),
            Rows::Postgres(rows, current) => {
                *current = rows.next();
                Ok(current.as_ref().map(Row::Postgres))
            }
        }
    }
}

/// [`Statement::query_map`]'s rows.
pub struct MappedRows<'s, F> {
    rows: Rows<'s>,
    f: F,
}

impl<T, F: FnMut(&Row<'_>) -> Result<T>> Iterator for MappedRows<'_, F> {
    type Item = Result<T>;

    fn next(&mut self) -> Option<Result<T>> {
        match self.rows.next() {
            Ok(Some(r)) => Some((self.f)(&r)),
            Ok(None) => None,
            Err(e) => Some(Err(e)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_become_numbered_dollars_outside_quotes() {
        assert_eq!(
            dollar_placeholders("SELECT '?1', \"a?\" FROM t WHERE a = ?2 AND b = ? -- c?\n"),
            "SELECT '?1', \"a?\" FROM t WHERE a = $2 AND b = $1 -- c?\n"
        );
        assert_eq!(dollar_placeholders("x = ?12"), "x = $12");
    }

    #[test]
    fn copy_text_escapes_separators_and_marks_null() {
        let mut out = String::new();
        for v in [
            Value::Text("a\tb\\c\nd".into()),
            Value::Null,
            Value::Int(-3),
        ] {
            copy_text(&v, &mut out);
            out.push('|');
        }
        assert_eq!(out, "a\\tb\\\\c\\nd|\\N|-3|");
    }

    #[test]
    fn numeric_sums_read_as_integers_or_floats() {
        // 12345678 = digits 1234, 5678 with weight 1.
        let b = [0, 2, 0, 1, 0, 0, 0, 0, 4, 210, 22, 46];
        assert!(matches!(numeric(&b), Some(ValueRef::Int(12_345_678))));
        // -1.5 = digits 1, 5000 with weight 0, negative.
        let b = [0, 2, 0, 0, 0x40, 0, 0, 1, 0, 1, 19, 136];
        assert!(matches!(numeric(&b), Some(ValueRef::Real(f)) if f == -1.5));
    }

    #[test]
    fn optional_turns_no_rows_into_none() {
        let conn = Connection::from_sqlite(rusqlite::Connection::open_in_memory().unwrap());
        let none: Option<i64> = conn
            .query_row("SELECT 1 WHERE 0", (), |r| r.get(0))
            .optional()
            .unwrap();
        assert_eq!(none, None);
        let n: i64 = conn
            .query_row("SELECT ?1 + ?2", params![2, 3_i64], |r| r.get(0))
            .unwrap();
        assert_eq!(n, 5);
    }
}
