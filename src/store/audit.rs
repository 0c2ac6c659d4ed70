//! The 操作日志 (audit log): every write, with the operator, the time, the action it
//! belonged to and each row before and after. Append-only: triggers refuse to change or
//! delete it, and the app offers no way to.
//!
//! How it works: triggers on every table (made by [`install_triggers`]) append one
//! `audit_log` row per inserted, changed or deleted row, tagged with the id the action will
//! get (a change or delete with the row's JSON before and after; an insert with which row,
//! its image being kept elsewhere, see [`install_triggers`]); the write
//! ([`Store::write_as`](super::Store::write_as)) then appends that action (operator, role,
//! time, name) in the same transaction. A migration that adds a table or a column must call
//! [`install_triggers`] again.

use super::db::{Backend, Connection, OptionalExtension, params, sqlite_columns, sqlite_tables};
use super::{Result, Store};
use crate::domain::Operator;

/// Tables that are not audited: the log itself, and attachments' content (its row in
/// `attachments`, with the hash, is what the log records; the content never changes).
const UNAUDITED: [&str; 4] = [
    "audit_actions",
    "audit_log",
    "schema_version",
    "attachment_blobs",
];
/// Columns never copied into the log.
const SECRET_COLUMNS: [&str; 1] = ["password_hash"];

/// The id the action now being written will get (the triggers use the same expression).
const NEXT_ACTION: &str = "(SELECT COALESCE(MAX(id), 0) + 1 FROM audit_actions)";

/// How many table rows one `audit_log` row stands for: one, or a bulk insert's range
/// (`row_id` to `last_row_id`, see [`Tx::with_bulk_insert_log`](super::Tx::with_bulk_insert_log)).
pub(crate) const ROWS_LOGGED: &str =
    "(CASE WHEN last_row_id IS NULL THEN 1 ELSE last_row_id - row_id + 1 END)";

/// The audited tables, by name.
fn audited_tables(conn: &Connection) -> Result<Vec<String>> {
    Ok(conn
        .tables()?
        .into_iter()
        .filter(|t| !UNAUDITED.contains(&t.as_str()))
        .collect())
}

/// A table's logged columns.
fn logged_columns(conn: &Connection, table: &str) -> Result<Vec<String>> {
    Ok(conn
        .columns(table)?
        .into_iter()
        .filter(|c| !SECRET_COLUMNS.contains(&c.as_str()))
        .collect())
}

/// The SQL that makes a row of a table (alias `row`) into its JSON image, as the triggers
/// log it: SQLite's `json_object` of the logged columns, PostgreSQL's `to_jsonb`.
fn row_image_sql(conn: &Connection, columns: &[String], row: &str) -> String {
    match conn.backend() {
        Backend::Sqlite => image_sql(columns, row),
        Backend::Postgres => format!("((to_jsonb({row}) - 'password_hash')::text)"),
    }
}

/// The SQL that makes a row (`row` is OLD, NEW or a table alias) into its JSON image.
fn image_sql(columns: &[String], row: &str) -> String {
    let pairs: Vec<String> = columns
        .iter()
        .map(|c| format!("'{c}', {row}.\"{c}\""))
        .collect();
    format!("json_object({})", pairs.join(", "))
}

/// (Re)creates the audit triggers of every table from its current columns.
///
/// A change or a delete logs the row before (and after); an insert logs only which row,
/// because its image is already kept: it is the `before` of the row's next change or
/// delete, or else the row as it is now ([`Store::audit_changes`] puts it back). This
/// keeps a 100,000-row import's log small (the full images would triple what it writes).
pub(crate) fn install_triggers(conn: &rusqlite::Connection) -> rusqlite::Result<()> {
    for table in sqlite_tables(conn)? {
        if !UNAUDITED.contains(&table.as_str()) {
            install_table_triggers(conn, &table)?;
        }
    }
    Ok(())
}

fn insert_trigger_sql(table: &str) -> String {
    format!(
        "CREATE TRIGGER audit_{table}_insert AFTER INSERT ON \"{table}\" BEGIN
           INSERT INTO audit_log (action_id, table_name, row_id, op)
           VALUES ({NEXT_ACTION}, '{table}', NEW.rowid, 'insert');
         END;"
    )
}

fn install_table_triggers(conn: &rusqlite::Connection, table: &str) -> rusqlite::Result<()> {
    let columns: Vec<String> = sqlite_columns(conn, table)?
        .into_iter()
        .filter(|c| !SECRET_COLUMNS.contains(&c.as_str()))
        .collect();
    let changed: Vec<String> = columns
        .iter()
        .map(|c| format!("OLD.\"{c}\" IS NOT NEW.\"{c}\""))
        .collect();
    let (old, new) = (image_sql(&columns, "OLD"), image_sql(&columns, "NEW"));
    let changed = changed.join(" OR ");
    conn.execute_batch(&format!(
        "DROP TRIGGER IF EXISTS audit_{table}_insert;
         DROP TRIGGER IF EXISTS audit_{table}_update;
         DROP TRIGGER IF EXISTS audit_{table}_delete;
         {insert}
         CREATE TRIGGER audit_{table}_update AFTER UPDATE ON \"{table}\" WHEN {changed} BEGIN
           INSERT INTO audit_log (action_id, table_name, row_id, op, before, after)
           VALUES ({NEXT_ACTION}, '{table}', NEW.rowid, 'update', {old}, {new});
         END;
         CREATE TRIGGER audit_{table}_delete AFTER DELETE ON \"{table}\" BEGIN
           INSERT INTO audit_log (action_id, table_name, row_id, op, before)
           VALUES ({NEXT_ACTION}, '{table}', OLD.rowid, 'delete', {old});
         END;",
        insert = insert_trigger_sql(table)
    ))
}

impl super::Tx<'_> {
    /// Runs `f`, which inserts many rows into `tables` (an import), logging those inserts
    /// at the end instead of with a trigger per row: a trigger makes every insert
    /// statement keep a journal to undo itself, which doubles what a 100,000-row import
    /// costs. The insert triggers are dropped and made again inside the transaction, so a
    /// failure or a crash leaves them as they were. A new row's rowid is always above the
    /// table's largest, so the new rows are those above it; when they run without a gap
    /// (an import only inserts), one log row names their range, else each gets its own.
    pub(crate) fn with_bulk_insert_log<T>(
        &mut self,
        tables: &[&str],
        f: impl FnOnce(&mut Self) -> Result<T>,
    ) -> Result<T> {
        // PostgreSQL logs each insert with its trigger: dropping a trigger there would
        // lock the table against every reader until the import commits.
        if self.conn.backend() == Backend::Postgres {
            return f(self);
        }
        let mut above = Vec::with_capacity(tables.len());
        for t in tables {
            let max: i64 = self.conn.query_row(
                &format!("SELECT COALESCE(MAX(rowid), 0) FROM \"{t}\""),
                (),
                |r| r.get(0),
            )?;
            above.push(max);
            self.conn
                .execute_batch(&format!("DROP TRIGGER IF EXISTS audit_{t}_insert;"))?;
        }
        let out = f(self)?;
        for (t, max) in tables.iter().zip(above) {
            let (first, last, n): (Option<i64>, Option<i64>, i64) = self.conn.query_row(
                &format!("SELECT MIN(rowid), MAX(rowid), COUNT(*) FROM \"{t}\" WHERE rowid > ?1"),
                [max],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )?;
            match (first, last) {
                (Some(first), Some(last)) if last - first + 1 == n => {
                    self.conn.execute(
                        &format!(
                            "INSERT INTO audit_log (action_id, table_name, row_id, op, \
                             last_row_id) VALUES ({NEXT_ACTION}, '{t}', ?1, 'insert', ?2)"
                        ),
                        [first, last],
                    )?;
                }
                (Some(_), _) => {
                    self.conn.execute(
                        &format!(
                            "INSERT INTO audit_log (action_id, table_name, row_id, op) \
                             SELECT {NEXT_ACTION}, '{t}', rowid, 'insert' FROM \"{t}\" \
                             WHERE rowid > ?1 ORDER BY rowid"
                        ),
                        [max],
                    )?;
                }
                _ => {}
            }
            self.conn.execute_batch(&insert_trigger_sql(t))?;
        }
        Ok(out)
    }
}

/// What a table's rows are, for action labels and the log's display.
pub fn table_label(table: &str) -> &str {
    match table {
        "orgs" => "单位",
        "pools" => "周转编制池",
        "persons" => "人员",
        "ledger_entries" => "编制台账",
        "person_events" => "人员变动",
        "person_corrections" => "信息更正",
        "divisions" => "内设机构",
        "leader_entries" => "领导职数台账",
        "appointments" => "领导任免",
        "outside_staff" => "编外人员",
        "org_history" => "机构沿革",
        "outside_control_entries" => "编外人员控制数",
        "division_events" => "内设机构沿革",
        "township_filing_lines" => "乡镇备案人员分工",
        "imports" => "导入记录",
        "township_standards" => "乡镇编制标准",
        "allocations" => "乡镇编制调整",
        "conversions" => "退二补一",
        "township_filings" => "乡镇备案",
        "township_class_changes" => "乡镇类别调整",
        "turnover_plans" => "周转编制方案",
        "turnover_issues" => "周转编制使用",
        "turnover_returns" => "周转编制归还",
        "app_settings" => "设置",
        "applications" => "编制事项",
        "application_trail" => "编制事项办理",
        "application_reviews" => "初审留存",
        "suggestions" => "意见建议",
        "rectifications" => "整改",
        "reconcile_rounds" => "核查批次",
        "reconcile_rows" => "核查名单",
        "reconcile_findings" => "核查问题",
        "notices" => "通知书",
        "documents" => "文件",
        "attachments" => "附件",
        "hiring_plans" => "用编计划",
        "hiring_plan_uses" => "用编计划使用",
        "indicator_systems" => "评估指标体系",
        "evaluations" => "评估",
        "evaluation_scores" => "评估得分",
        "evaluation_vetoes" => "一票否决",
        "policy_suggestions" => "政策建议",
        "evaluation_reopenings" => "评估重新打开",
        "operators" => "操作员",
        other => other,
    }
}

/// What a column holds, for the log's display (the column's own name when not listed).
pub fn column_label<'a>(table: &str, column: &'a str) -> &'a str {
    match column {
        "name" if table == "persons" || table == "operators" => "姓名",
        "id" => "编号",
        "name" => "名称",
        "short_name" => "简称",
        "id_number" => "身份证号",
        "gender" => "性别",
        "ethnicity" => "民族",
        "birth" => "出生日期",
        "party" => "政治面貌",
        "education" => "学历",
        "position" => "职务",
        "joined_on" => "入编日期",
        "join_doc" => "入编文号",
        "kept" => "其他信息",
        "org_id" => "单位",
        "parent_id" => "主管单位",
        "post_type" => "编制类型",
        "from_type" => "原编制类型",
        "status" => "状态",
        "state" => "状态",
        "exit_reason" => "出编原因",
        "doc_no" => "文号",
        "date" => "日期",
        "kind" => "类别",
        "grade" => "级别",
        "funding" => "经费形式",
        "township_class" => "乡镇类别",
        "leaders_chief" => "正职领导职数",
        "leaders_deputy" => "副职领导职数",
        "credit_code" => "统一社会信用代码",
        "nature" => "机构性质",
        "retirement_rule" => "退休年龄规则",
        "state_note" => "说明",
        "sponsor" => "举办单位",
        "sanding_doc" => "三定文号",
        "duties" => "主要职责",
        "abolished_on" => "撤销日期",
        "abolished_doc" => "撤销文号",
        "reason" => "事由",
        "count" => "数量",
        "from_kind" => "调出方",
        "from_org" => "调出单位",
        "from_pool" => "调出周转池",
        "to_kind" => "调入方",
        "to_org" => "调入单位",
        "to_pool" => "调入周转池",
        "reverses" => "撤销的台账记录",
        "person_id" => "人员",
        "ledger_entry_id" => "台账记录",
        "import_id" => "导入批次",
        "operator" => "经办人",
        "entered_at" => "录入时间",
        "created_at" => "创建时间",
        "created_by" => "创建人",
        "updated_at" => "修改时间",
        "note" => "备注",
        "text" => "内容",
        "year" => "年度",
        "key" => "设置项",
        "value" => "值",
        "role" => "角色",
        "active" => "可登录",
        "file_name" => "文件名",
        "rows" => "行数",
        other => other,
    }
}

/// Appends the action whose rows the triggers have just logged, unless the transaction
/// changed nothing. An empty `label` is made from the tables that changed.
pub(crate) fn close_action(
    conn: &Connection,
    operator: &Operator,
    at: &str,
    label: &str,
) -> Result<Option<i64>> {
    let next: i64 = conn.query_row(&format!("SELECT {NEXT_ACTION}"), (), |r| r.get(0))?;
    let logged: Option<i64> =
        conn.query_row("SELECT MAX(action_id) FROM audit_log", (), |r| r.get(0))?;
    if logged != Some(next) {
        return Ok(None);
    }
    let label = if label.is_empty() {
        let tables: Vec<String> = conn
            .prepare(
                "SELECT table_name FROM audit_log WHERE action_id = ?1 \
                 GROUP BY table_name ORDER BY MIN(id) LIMIT 4",
            )?
            .query_map([next], |r| r.get(0))?
            .collect::<super::db::Result<_>>()?;
        let names: Vec<&str> = tables.iter().map(|t| table_label(t)).collect();
        format!("修改：{}", names.join("、"))
    } else {
        label.to_string()
    };
    conn.execute(
        "INSERT INTO audit_actions (id, operator, role, at, action) \
         VALUES (?1, ?2, ?3, ?4, ?5)",
        params![next, operator.name, operator.role.code(), at, label],
    )?;
    Ok(Some(next))
}

/// One action in the log.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct AuditAction {
    pub id: i64,
    pub operator: String,
    /// The role's label (管理员, 经办人, 查看).
    pub role: String,
    pub at: String,
    pub action: String,
    pub detail: String,
    /// How many rows it inserted, changed or deleted.
    pub rows: i64,
}

/// One row an action changed.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct AuditChange {
    pub table: String,
    pub row_id: Option<i64>,
    /// insert, update or delete.
    pub op: String,
    pub before: Option<String>,
    pub after: Option<String>,
}

impl AuditChange {
    /// 新增, 修改 or 删除.
    pub fn op_label(&self) -> &'static str {
        match self.op.as_str() {
            "insert" => "新增",
            "update" => "修改",
            _ => "删除",
        }
    }

    /// The change in one line: for a change, each field that changed as `field: old → new`;
    /// for an insert or a delete, the row's fields.
    pub fn summary(&self) -> String {
        self.describe(|_| None)
    }

    /// [`AuditChange::summary`] in the clerk's words: units by name (`org_name` gives the
    /// name of a unit id), codes as their labels (`admin` → 行政编制, `retirement` → 退休).
    pub fn describe(&self, org_name: impl Fn(i64) -> Option<String>) -> String {
        let parse = |j: &Option<String>| -> serde_json::Map<String, serde_json::Value> {
            j.as_deref()
                .and_then(|t| serde_json::from_str(t).ok())
                .unwrap_or_default()
        };
        let show = |k: &str, v: &serde_json::Value| match v {
            serde_json::Value::Null => "空".to_string(),
            serde_json::Value::Number(n)
                if matches!(k, "org_id" | "from_org" | "to_org" | "parent_id") =>
            {
                n.as_i64()
                    .and_then(&org_name)
                    .unwrap_or_else(|| n.to_string())
            }
            serde_json::Value::String(s) => code_label(k, s).unwrap_or_else(|| s.clone()),
            other => other.to_string(),
        };
        let (before, after) = (parse(&self.before), parse(&self.after));
        // Who or what first, then the rest by name.
        const FIRST: [&str; 6] = [
            "name",
            "id_number",
            "org_id",
            "post_type",
            "status",
            "doc_no",
        ];
        let rank = |k: &str| FIRST.iter().position(|f| *f == k).unwrap_or(FIRST.len());
        let ordered = |m: &serde_json::Map<String, serde_json::Value>| {
            let mut v: Vec<(String, serde_json::Value)> =
                m.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
            v.sort_by_key(|(k, _)| rank(k));
            v
        };
        let parts: Vec<String> = match self.op.as_str() {
            "update" => ordered(&after)
                .iter()
                .filter(|(k, v)| before.get(k) != Some(v))
                .map(|(k, v)| {
                    let old = before
                        .get(k)
                        .map(|o| show(k, o))
                        .unwrap_or_else(|| "空".into());
                    format!("{}: {old} → {}", column_label(&self.table, k), show(k, v))
                })
                .collect(),
            "insert" => ordered(&after)
                .iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| format!("{}={}", column_label(&self.table, k), show(k, v)))
                .collect(),
            _ => ordered(&before)
                .iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| format!("{}={}", column_label(&self.table, k), show(k, v)))
                .collect(),
        };
        parts.join("；")
    }
}

/// A stored code in the clerk's words, for the fields that hold codes.
fn code_label(key: &str, code: &str) -> Option<String> {
    use crate::domain::{EntryKind, PostType, Role};
    match key {
        "post_type" => PostType::from_code(code).map(|t| t.label().to_string()),
        "role" => Role::from_code(code).map(|r| r.label().to_string()),
        "kind" => EntryKind::from_code(code).map(|k| k.label().to_string()),
        _ => None,
    }
}

/// What to look for in the log. Empty fields match everything.
#[derive(Debug, Clone, Default)]
pub struct AuditQuery {
    pub operator: String,
    /// Words in the action, its detail, or any row before or after (e.g. a name, a 文号).
    pub text: String,
    /// `YYYY-MM-DD`, inclusive.
    pub from: Option<chrono::NaiveDate>,
    pub to: Option<chrono::NaiveDate>,
    /// At most this many actions, newest first.
    pub limit: usize,
}

fn role_label(code: &str) -> String {
    crate::domain::Role::from_code(code)
        .map(|r| r.label().to_string())
        .unwrap_or_else(|| code.to_string())
}

impl Store {
    /// Appends an action that changes no row (a sign-in, an ID number revealed).
    pub fn audit_event(&mut self, action: &str, detail: &str) -> Result<()> {
        let now = crate::clock::timestamp();
        let new_id = self.conn.insert(
            &format!(
                "INSERT INTO audit_actions (id, operator, role, at, action, detail) \
                 VALUES ({NEXT_ACTION}, ?1, ?2, ?3, ?4, ?5)"
            ),
            params![
                self.operator.name,
                self.operator.role.code(),
                now,
                action,
                detail
            ],
        )?;
        self.changes.absorb(super::changes::Changes {
            kinds: super::changes::Kinds::AUDIT,
            people: None,
        });
        self.seen.own.push(new_id);
        Ok(())
    }

    /// Allows the operator to see ID numbers in full, if their role does, and logs it:
    /// `what` says where (a unit's list, a report's file).
    pub fn reveal_ids(&mut self, what: &str) -> Result<()> {
        self.operator
            .require(crate::domain::Permission::RevealIds)?;
        self.audit_event("查看完整身份证号", what)
    }

    /// The actions that inserted a row which, as it is now, contains `text` (an inserted
    /// row's values are logged with its next change, which the main search sees).
    fn actions_inserting(&self, text: &str) -> Result<Vec<i64>> {
        let mut ids = Vec::new();
        let rowid = self.conn.rowid();
        for table in audited_tables(&self.conn)? {
            let columns = logged_columns(&self.conn, &table)?;
            let sql = format!(
                "SELECT DISTINCT l.action_id FROM audit_log l \
                 JOIN \"{table}\" AS r \
                   ON r.{rowid} BETWEEN l.row_id AND COALESCE(l.last_row_id, l.row_id) \
                 WHERE l.table_name = ?1 AND l.op = 'insert' AND {} LIKE ?2 \
                   AND NOT EXISTS (SELECT 1 FROM audit_log n WHERE n.table_name = l.table_name \
                       AND n.row_id = r.{rowid} AND n.id > l.id AND n.op = 'delete')",
                row_image_sql(&self.conn, &columns, "r")
            );
            let found = self
                .conn
                .prepare(&sql)?
                .query_map(params![table, format!("%{text}%")], |r| r.get::<_, i64>(0))?
                .collect::<super::db::Result<Vec<_>>>()?;
            ids.extend(found);
        }
        Ok(ids)
    }

    /// The actions matching `q`, newest first.
    pub fn audit_actions(&self, q: &AuditQuery) -> Result<Vec<AuditAction>> {
        self.operator
            .require(crate::domain::Permission::ReadAudit)?;
        let inserted = if q.text.trim().is_empty() {
            Vec::new()
        } else {
            self.actions_inserting(q.text.trim())?
        };
        // Row ids the store found itself (integers): written into the SQL as a list.
        let inserted = if inserted.is_empty() {
            "0 = 1".to_string()
        } else {
            let ids: Vec<String> = inserted.iter().map(i64::to_string).collect();
            format!("a.id IN ({})", ids.join(", "))
        };
        let like = |s: &str| format!("%{}%", s.trim());
        let text = q.text.trim();
        let from = q.from.map(|d| format!("{} 00:00:00", super::date_sql(d)));
        let to = q.to.map(|d| format!("{} 23:59:59", super::date_sql(d)));
        let mut stmt = self.conn.prepare(&format!(
            "SELECT a.id, a.operator, a.role, a.at, a.action, a.detail, \
                    (SELECT COALESCE(SUM({ROWS_LOGGED}), 0) FROM audit_log l \
                     WHERE l.action_id = a.id) \
             FROM audit_actions a \
             WHERE (?1 = '' OR a.operator LIKE ?2) \
               AND (CAST(?3 AS TEXT) IS NULL OR a.at >= ?3) AND (CAST(?4 AS TEXT) IS NULL OR a.at <= ?4) \
               AND (?5 = '' OR a.action LIKE ?6 OR a.detail LIKE ?6 \
                    OR {inserted} \
                    OR EXISTS (SELECT 1 FROM audit_log l WHERE l.action_id = a.id \
                        AND (l.before LIKE ?6 OR l.after LIKE ?6))) \
             ORDER BY a.id DESC LIMIT ?7"
        ))?;
        let limit = if q.limit == 0 { 500 } else { q.limit };
        let rows = stmt
            .query_map(
                params![
                    q.operator.trim(),
                    like(&q.operator),
                    from,
                    to,
                    text,
                    like(text),
                    limit as i64,
                ],
                |r| {
                    Ok(AuditAction {
                        id: r.get(0)?,
                        operator: r.get(1)?,
                        role: role_label(&r.get::<_, String>(2)?),
                        at: r.get(3)?,
                        action: r.get(4)?,
                        detail: r.get(5)?,
                        rows: r.get(6)?,
                    })
                },
            )?
            .collect::<super::db::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// The rows one action changed, in the order it changed them (at most `limit`). An
    /// inserted row's image is put back from the row's next change, or the row as it is.
    pub fn audit_changes(&self, action_id: i64, limit: usize) -> Result<Vec<AuditChange>> {
        // (log row id, change): an inserted range is one log row, opened here.
        let mut logged: Vec<(i64, AuditChange)> = Vec::new();
        let mut stmt = self.conn.prepare(
            "SELECT id, table_name, row_id, last_row_id, op, before, after \
             FROM audit_log WHERE action_id = ?1 ORDER BY id",
        )?;
        let mut rows = stmt.query([action_id])?;
        while logged.len() < limit
            && let Some(r) = rows.next()?
        {
            let (id, row_id, last): (i64, Option<i64>, Option<i64>) =
                (r.get(0)?, r.get(2)?, r.get(3)?);
            let change = AuditChange {
                table: r.get(1)?,
                row_id,
                op: r.get(4)?,
                before: r.get(5)?,
                after: r.get(6)?,
            };
            match (row_id, last) {
                (Some(first), Some(last)) => {
                    let room = (limit - logged.len()) as i64;
                    for row in first..=last.min(first + room - 1) {
                        let one = AuditChange {
                            row_id: Some(row),
                            ..change.clone()
                        };
                        logged.push((id, one));
                    }
                }
                _ => logged.push((id, change)),
            }
        }
        let mut next_before = self.conn.prepare_cached(
            "SELECT before FROM audit_log \
             WHERE table_name = ?1 AND row_id = ?2 AND id > ?3 AND op <> 'insert' \
             ORDER BY id LIMIT 1",
        )?;
        let mut images: std::collections::HashMap<String, String> = Default::default();
        for (id, c) in logged.iter_mut().filter(|(_, c)| c.op == "insert") {
            let Some(row_id) = c.row_id else { continue };
            c.after = next_before
                .query_row(params![c.table, row_id, *id], |r| r.get(0))
                .optional()?;
            if c.after.is_some() {
                continue;
            }
            let sql = match images.get(&c.table) {
                Some(sql) => sql,
                None => {
                    let columns = logged_columns(&self.conn, &c.table)?;
                    let sql = format!(
                        "SELECT {} FROM \"{}\" AS r WHERE r.{} = ?1",
                        row_image_sql(&self.conn, &columns, "r"),
                        c.table,
                        self.conn.rowid()
                    );
                    images.entry(c.table.clone()).or_insert(sql)
                }
            };
            c.after = self
                .conn
                .prepare_cached(sql)?
                .query_row([row_id], |r| r.get(0))
                .optional()?;
        }
        Ok(logged.into_iter().map(|(_, c)| c).collect())
    }

    /// The newest action, if any (tests, the status bar).
    pub fn last_audit_action(&self) -> Result<Option<AuditAction>> {
        Ok(self
            .audit_actions(&AuditQuery {
                limit: 1,
                ..AuditQuery::default()
            })?
            .into_iter()
            .next())
    }

    /// How many actions and row changes the log holds.
    pub fn audit_size(&self) -> Result<(i64, i64)> {
        let actions = self
            .conn
            .query_row("SELECT COUNT(*) FROM audit_actions", (), |r| r.get(0))
            .optional()?
            .unwrap_or(0);
        let rows = self
            .conn
            .query_row(
                &format!("SELECT COALESCE(SUM({ROWS_LOGGED}), 0) FROM audit_log"),
                (),
                |r| r.get(0),
            )
            .optional()?
            .unwrap_or(0);
        Ok((actions, rows))
    }
}

#[cfg(test)]
mod describe_tests {
    use super::AuditChange;

    #[test]
    fn a_change_reads_in_the_clerks_words() {
        let c = AuditChange {
            table: "persons".into(),
            row_id: Some(7),
            op: "update".into(),
            before: Some(r#"{"name":"张三","org_id":3,"post_type":"admin"}"#.into()),
            after: Some(r#"{"name":"张三","org_id":4,"post_type":"admin"}"#.into()),
        };
        let names = |id: i64| match id {
            3 => Some("县财政局".to_string()),
            4 => Some("县教育局".to_string()),
            _ => None,
        };
        assert_eq!(c.describe(names), "单位: 县财政局 → 县教育局");
        let inserted = AuditChange {
            op: "insert".into(),
            before: None,
            ..c
        };
        let text = inserted.describe(names);
        assert!(text.contains("单位=县教育局"), "{text}");
        assert!(text.contains("编制类型=行政编制"), "{text}");
        assert!(!text.contains("admin"), "{text}");
        // Without names, the id stays.
        assert!(inserted.summary().contains("单位=4"));
    }
}
