//! The 操作日志 (audit log): every write, with the operator, the time, the action it
//! belonged to and each row before and after. Append-only: triggers refuse to change or
//! delete it, and the app offers no way to.
//!
//! How it works: triggers on every table (made by [`install_triggers`]) append one
//! `audit_log` row per inserted, changed or deleted row, tagged with the id the action will
//! get; [`Store::write_as`](super::Store::write_as) then appends that action (operator,
//! time, label) in the same transaction. A migration that adds a table or a column must
//! call [`install_triggers`] again.

use super::{Result, Store, now_string};
use crate::domain::Operator;
use rusqlite::{Connection, OptionalExtension, params};

/// Tables that are not audited: the log itself.
const UNAUDITED: [&str; 2] = ["audit_actions", "audit_log"];
/// Columns never copied into the log.
const SECRET_COLUMNS: [&str; 1] = ["password_hash"];

/// The id the action now being written will get (the triggers use the same expression).
const NEXT_ACTION: &str = "(SELECT COALESCE(MAX(id), 0) + 1 FROM audit_actions)";

/// (Re)creates the audit triggers of every table from its current columns.
pub(crate) fn install_triggers(conn: &Connection) -> rusqlite::Result<()> {
    let tables: Vec<String> = conn
        .prepare(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' \
             ORDER BY name",
        )?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for table in tables.iter().filter(|t| !UNAUDITED.contains(&t.as_str())) {
        let columns: Vec<String> = conn
            .prepare(&format!("SELECT name FROM pragma_table_info('{table}')"))?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        let columns: Vec<&String> = columns
            .iter()
            .filter(|c| !SECRET_COLUMNS.contains(&c.as_str()))
            .collect();
        let image = |row: &str| {
            let pairs: Vec<String> = columns
                .iter()
                .map(|c| format!("'{c}', {row}.\"{c}\""))
                .collect();
            format!("json_object({})", pairs.join(", "))
        };
        let changed: Vec<String> = columns
            .iter()
            .map(|c| format!("OLD.\"{c}\" IS NOT NEW.\"{c}\""))
            .collect();
        let (old, new) = (image("OLD"), image("NEW"));
        let changed = changed.join(" OR ");
        conn.execute_batch(&format!(
            "DROP TRIGGER IF EXISTS audit_{table}_insert;
             DROP TRIGGER IF EXISTS audit_{table}_update;
             DROP TRIGGER IF EXISTS audit_{table}_delete;
             CREATE TRIGGER audit_{table}_insert AFTER INSERT ON \"{table}\" BEGIN
               INSERT INTO audit_log (action_id, table_name, row_id, op, after)
               VALUES ({NEXT_ACTION}, '{table}', NEW.rowid, 'insert', {new});
             END;
             CREATE TRIGGER audit_{table}_update AFTER UPDATE ON \"{table}\" WHEN {changed} BEGIN
               INSERT INTO audit_log (action_id, table_name, row_id, op, before, after)
               VALUES ({NEXT_ACTION}, '{table}', NEW.rowid, 'update', {old}, {new});
             END;
             CREATE TRIGGER audit_{table}_delete AFTER DELETE ON \"{table}\" BEGIN
               INSERT INTO audit_log (action_id, table_name, row_id, op, before)
               VALUES ({NEXT_ACTION}, '{table}', OLD.rowid, 'delete', {old});
             END;"
        ))?;
    }
    Ok(())
}

/// What a table's rows are, for action labels and the log's display.
pub fn table_label(table: &str) -> &str {
    match table {
        "orgs" => "单位",
        "pools" => "周转编制池",
        "persons" => "人员",
        "ledger_entries" => "编制台账",
        "person_events" => "人员变动",
        "imports" => "导入记录",
        "township_standards" => "乡镇编制标准",
        "allocations" => "乡镇编制调整",
        "conversions" => "退二补一",
        "township_filings" => "乡镇备案",
        "turnover_plans" => "周转编制方案",
        "turnover_issues" => "周转编制使用",
        "turnover_returns" => "周转编制归还",
        "app_settings" => "设置",
        "applications" => "编制事项",
        "application_trail" => "编制事项办理",
        "suggestions" => "意见建议",
        "rectifications" => "整改",
        "hiring_plans" => "用编计划",
        "hiring_plan_uses" => "用编计划使用",
        "indicator_systems" => "评估指标体系",
        "evaluations" => "评估",
        "evaluation_scores" => "评估得分",
        "evaluation_vetoes" => "一票否决",
        "policy_suggestions" => "政策建议",
        "operators" => "操作员",
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
    detail: &str,
) -> Result<()> {
    let next: i64 = conn.query_row(&format!("SELECT {NEXT_ACTION}"), [], |r| r.get(0))?;
    let logged: Option<i64> =
        conn.query_row("SELECT MAX(action_id) FROM audit_log", [], |r| r.get(0))?;
    if logged != Some(next) {
        return Ok(());
    }
    let label = if label.is_empty() {
        let tables: Vec<String> = conn
            .prepare(
                "SELECT table_name FROM audit_log WHERE action_id = ?1 \
                 GROUP BY table_name ORDER BY MIN(id) LIMIT 4",
            )?
            .query_map([next], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        let names: Vec<&str> = tables.iter().map(|t| table_label(t)).collect();
        format!("修改：{}", names.join("、"))
    } else {
        label.to_string()
    };
    conn.execute(
        "INSERT INTO audit_actions (id, operator, role, at, action, detail) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![next, operator.name, operator.role.code(), at, label, detail],
    )?;
    Ok(())
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
        let parse = |j: &Option<String>| -> serde_json::Map<String, serde_json::Value> {
            j.as_deref()
                .and_then(|t| serde_json::from_str(t).ok())
                .unwrap_or_default()
        };
        let show = |v: &serde_json::Value| match v {
            serde_json::Value::Null => "空".to_string(),
            serde_json::Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        let (before, after) = (parse(&self.before), parse(&self.after));
        let parts: Vec<String> = match self.op.as_str() {
            "update" => after
                .iter()
                .filter(|(k, v)| before.get(*k) != Some(*v))
                .map(|(k, v)| {
                    let old = before.get(k).map(show).unwrap_or_else(|| "空".into());
                    format!("{k}: {old} → {}", show(v))
                })
                .collect(),
            "insert" => after
                .iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| format!("{k}={}", show(v)))
                .collect(),
            _ => before
                .iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| format!("{k}={}", show(v)))
                .collect(),
        };
        parts.join("；")
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
        let now = now_string();
        self.conn.execute(
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
        Ok(())
    }

    /// Allows the operator to see ID numbers in full, if their role does, and logs it:
    /// `what` says where (a unit's list, a report's file).
    pub fn reveal_ids(&mut self, what: &str) -> Result<()> {
        self.operator
            .require(crate::domain::Permission::RevealIds)?;
        self.audit_event("查看完整身份证号", what)
    }

    /// The actions matching `q`, newest first.
    pub fn audit_actions(&self, q: &AuditQuery) -> Result<Vec<AuditAction>> {
        self.operator
            .require(crate::domain::Permission::ReadAudit)?;
        let like = |s: &str| format!("%{}%", s.trim());
        let text = q.text.trim();
        let from = q.from.map(|d| format!("{} 00:00:00", super::date_sql(d)));
        let to = q.to.map(|d| format!("{} 23:59:59", super::date_sql(d)));
        let mut stmt = self.conn.prepare(
            "SELECT a.id, a.operator, a.role, a.at, a.action, a.detail, \
                    (SELECT COUNT(*) FROM audit_log l WHERE l.action_id = a.id) \
             FROM audit_actions a \
             WHERE (?1 = '' OR a.operator LIKE ?2) \
               AND (?3 IS NULL OR a.at >= ?3) AND (?4 IS NULL OR a.at <= ?4) \
               AND (?5 = '' OR a.action LIKE ?6 OR a.detail LIKE ?6 OR EXISTS ( \
                    SELECT 1 FROM audit_log l WHERE l.action_id = a.id \
                    AND (l.before LIKE ?6 OR l.after LIKE ?6))) \
             ORDER BY a.id DESC LIMIT ?7",
        )?;
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
                    limit as i64
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
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// The rows one action changed, in the order it changed them (at most `limit`).
    pub fn audit_changes(&self, action_id: i64, limit: usize) -> Result<Vec<AuditChange>> {
        let mut stmt = self.conn.prepare(
            "SELECT table_name, row_id, op, before, after FROM audit_log \
             WHERE action_id = ?1 ORDER BY id LIMIT ?2",
        )?;
        let rows = stmt
            .query_map(params![action_id, limit as i64], |r| {
                Ok(AuditChange {
                    table: r.get(0)?,
                    row_id: r.get(1)?,
                    op: r.get(2)?,
                    before: r.get(3)?,
                    after: r.get(4)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
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
            .query_row("SELECT COUNT(*) FROM audit_actions", [], |r| r.get(0))
            .optional()?
            .unwrap_or(0);
        let rows = self
            .conn
            .query_row("SELECT COUNT(*) FROM audit_log", [], |r| r.get(0))
            .optional()?
            .unwrap_or(0);
        Ok((actions, rows))
    }
}
