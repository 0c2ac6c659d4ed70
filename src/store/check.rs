//! `check`: proves every invariant on the stored data.

use super::balances::{approved, occupancy_now};
use super::ledger::{load_entries, load_movements};
use super::people::person_from_row;
use super::{Result, Store, account_label, post_type_from_sql};
use crate::domain::rules::allowed_route;
use crate::domain::{Account, Balances, EntryKind, OrgId, PostType};
use std::collections::HashMap;

impl Store {
    /// Verifies every invariant; returns one Chinese line per violation (empty when all hold):
    /// - the database file is sound and has no dangling references;
    /// - every row of the 操作日志 belongs to a logged action;
    /// - no unit, the reserve or a pool has a negative balance (ledger-derived);
    /// - the per-unit balances that actions check (SQL sums) equal the ledger derivation;
    /// - each reversal exactly undoes the entry it names; 划转 entries name their person;
    /// - every other entry takes a route its kind allows ([`allowed_route`]), so the county
    ///   total changes only by 核定 from above and 核销;
    /// - every ID number is valid and unique; one post per person;
    /// - every person's current post equals the replay of their events.
    pub fn check(&self) -> Result<Vec<String>> {
        let conn = &self.conn;
        let mut problems = Vec::new();

        // The file itself (a server keeps its own storage whole, and enforces every
        // reference at commit).
        if let Some(file) = conn.sqlite() {
            let quick: String = file.query_row("PRAGMA quick_check", [], |r| r.get(0))?;
            if quick != "ok" {
                problems.push(format!("数据库文件损坏：{quick}"));
            }
            let mut st = file.prepare("PRAGMA foreign_key_check")?;
            let mut rows = st.query([])?;
            while let Some(r) = rows.next()? {
                let table: String = r.get(0)?;
                let rowid: Option<i64> = r.get(1)?;
                let parent: String = r.get(2)?;
                problems.push(format!(
                    "悬空引用：表 {table} 第 {} 行引用的 {parent} 记录不存在",
                    rowid.unwrap_or(-1)
                ));
            }
        }

        // 文件库: every attachment's content present and unchanged.
        for (doc, name, state) in self.attachment_problems()? {
            problems.push(match state {
                super::documents::AttachmentState::Altered => {
                    format!("附件被改动：{doc} 的“{name}”与登记时的内容不符")
                }
                _ => format!("附件缺失：{doc} 的“{name}”找不到"),
            });
        }

        // The 操作日志: every logged row belongs to an action (they are written together).
        let orphans: i64 = conn.query_row(
            "SELECT COUNT(*) FROM audit_log WHERE action_id NOT IN (SELECT id FROM audit_actions)",
            (),
            |r| r.get(0),
        )?;
        if orphans > 0 {
            problems.push(format!("操作日志中有 {orphans} 行改动找不到所属的操作"));
        }

        let balances = Balances::derive(&load_movements(conn, None)?);
        for (account, pt, n) in balances.negative_accounts() {
            problems.push(format!(
                "{}的{}余额为负：{n} 名",
                account_label(conn, account),
                pt
            ));
        }
        let org_ids: Vec<i64> = {
            let mut st = conn.prepare("SELECT id FROM orgs ORDER BY id")?;
            st.query_map((), |r| r.get(0))?
                .collect::<super::db::Result<_>>()?
        };
        for &o in &org_ids {
            for pt in PostType::ALL {
                let sql = approved(conn, OrgId(o), pt)?;
                let derived = balances.get(Account::Org(OrgId(o)), pt);
                if sql != derived {
                    problems.push(format!(
                        "{}的{}核定数不一致：查询得 {sql}，台账推导得 {derived}",
                        account_label(conn, Account::Org(OrgId(o))),
                        pt
                    ));
                }
            }
        }

        let entries = load_entries(conn, None)?;
        let by_id: HashMap<_, _> = entries.iter().map(|e| (e.id, e)).collect();
        for e in &entries {
            match (e.kind, e.reverses) {
                (EntryKind::Reversal, Some(orig_id)) => match by_id.get(&orig_id) {
                    Some(orig) if orig.movement.reversed() == e.movement => {}
                    Some(_) => problems.push(format!(
                        "第 {} 号撤销记录与被撤销的第 {} 号记录数目或方向不符",
                        e.id.0, orig_id.0
                    )),
                    None => problems.push(format!(
                        "第 {} 号撤销记录指向不存在的第 {} 号记录",
                        e.id.0, orig_id.0
                    )),
                },
                (EntryKind::TransferWithPerson, _) if e.person.is_none() => {
                    problems.push(format!("第 {} 号划转(连人带编)记录没有对应人员", e.id.0))
                }
                // The county total changes only by entries that cross its boundary: every
                // entry's route is one its kind may take (a reversal is held to its original
                // above), so no 收回 or 调剂 can make posts appear or vanish.
                (kind, _) if !allowed_route(kind, e.movement.from, e.movement.to) => {
                    problems.push(format!(
                        "第 {} 号{}记录的去向不合规：从{}到{}",
                        e.id.0,
                        kind.label(),
                        account_label(conn, e.movement.from),
                        account_label(conn, e.movement.to)
                    ))
                }
                _ => {}
            }
        }

        // ID numbers valid; current post equals the replay of events.
        type State = (String, Option<i64>, Option<String>, Option<i64>);
        let mut replay: HashMap<i64, State> = HashMap::new();
        {
            let mut st = conn.prepare(
                "SELECT person_id, status, org_id, post_type, turnover_issue FROM person_events \
                 ORDER BY id",
            )?;
            let mut rows = st.query(())?;
            while let Some(r) = rows.next()? {
                replay.insert(r.get(0)?, (r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?));
            }
        }
        let mut st = conn.prepare(
            "SELECT id, id_number, name, gender, ethnicity, birth, party, education, position, \
             joined_on, join_doc, status, org_id, post_type, exit_reason, kept, turnover_issue \
             FROM persons ORDER BY id",
        )?;
        let mut rows = st.query(())?;
        while let Some(r) = rows.next()? {
            let id: i64 = r.get(0)?;
            let status: String = r.get(11)?;
            let org: Option<i64> = r.get(12)?;
            let pt: Option<String> = r.get(13)?;
            let turnover: Option<i64> = r.get(16)?;
            if let Err(e) = person_from_row(&r)? {
                problems.push(e.to_string());
            }
            if let Some(code) = &pt {
                post_type_from_sql(code)?;
            }
            match replay.get(&id) {
                Some(state) if *state == (status.clone(), org, pt.clone(), turnover) => {}
                Some(_) => problems.push(format!("人员 {id} 的当前编制与其变动记录的结果不一致")),
                None => problems.push(format!("人员 {id} 没有任何入编记录")),
            }
        }

        let occ = occupancy_now(conn)?;
        let counted: i64 = occ.values().map(|p| p.total()).sum();
        let on_post: i64 = conn.query_row(
            "SELECT COUNT(*) FROM persons WHERE status = '在编' AND turnover_issue IS NULL",
            (),
            |r| r.get(0),
        )?;
        if counted != on_post {
            problems.push(format!(
                "在编人数不一致：按单位统计 {counted} 人，人员表 {on_post} 人"
            ));
        }
        // Turnover pools: issued never above the pool's total, holders never above issued,
        // every holder's post is the type and unit of their issue.
        for (pool, name) in self.pools()? {
            for pt in PostType::ALL {
                let total = balances.get(Account::Pool(pool), pt);
                let issued = super::balances::issued_from(conn, pool, Some(pt))?;
                if issued > total || issued < 0 {
                    problems.push(format!(
                        "{name}的{pt}下达 {issued} 名，超出池总量 {total} 名"
                    ));
                }
            }
        }
        for i in self.turnover_issues()? {
            if i.holders > i.issued_now() {
                problems.push(format!(
                    "第 {} 批周转编制在用 {} 人，多于未收回的 {} 名",
                    i.id,
                    i.holders,
                    i.issued_now()
                ));
            }
        }
        let misplaced: i64 = conn.query_row(
            "SELECT COUNT(*) FROM persons p JOIN turnover_issues i ON p.turnover_issue = i.id \
             WHERE p.status <> '在编' OR p.org_id <> i.org_id OR p.post_type <> i.post_type",
            (),
            |r| r.get(0),
        )?;
        if misplaced > 0 {
            problems.push(format!(
                "{misplaced} 名周转编制人员的单位或编制类型与下达记录不符"
            ));
        }
        // 内设机构: a person on a post is in a division of their own unit, never an
        // abolished one.
        let mut st = conn.prepare(
            "SELECT p.name, d.name, d.abolished_on IS NOT NULL FROM persons p \
             JOIN divisions d ON d.id = p.division_id \
             WHERE p.status = '在编' AND (d.org_id <> p.org_id OR d.abolished_on IS NOT NULL) \
             ORDER BY p.id",
        )?;
        let mut rows = st.query(())?;
        while let Some(r) = rows.next()? {
            let (person, division): (String, String) = (r.get(0)?, r.get(1)?);
            let abolished: bool = r.get(2)?;
            problems.push(if abolished {
                format!("{person}所在的内设机构“{division}”已撤销")
            } else {
                format!("{person}所在的内设机构“{division}”不属于其编制所在单位")
            });
        }
        Ok(problems)
    }
}
