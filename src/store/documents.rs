//! 文件库 kept: `documents` (a record per 文号, filed under the recogniser's normalised key),
//! `attachments` (a file of a document: its name, SHA-256 and size; append-only) and the
//! attachments' content — files named by their hash in `<county>.files/` beside a SQLite
//! file, or rows of `attachment_blobs` on a server (and in memory). Every 文号 any record
//! carries is a document, whether or not anyone has described it yet: [`Store::documents`]
//! lists them from the records themselves.
//! The rules: [`crate::domain::document`].

use super::db::{OptionalExtension, params};
use super::{Result, Store, StoreError, parse_date};
use crate::domain::RuleViolation;
use crate::domain::document::{DocKind, doc_key, sha256_hex};
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Every record that carries a 文号: (table, the 文号 column, the date column or NULL, the
/// unit column or NULL, what the record is, in SQL).
const REFERENCES: &[(&str, &str, &str, &str, &str)] = &[
    // (kind|post type|count, made readable in `describe`)
    (
        "ledger_entries",
        "doc_no",
        "date",
        "COALESCE(to_org, from_org)",
        "kind || '|' || post_type || '|' || CAST(count AS TEXT)",
    ),
    ("person_events", "doc_no", "date", "org_id", "kind"),
    ("allocations", "doc_no", "date", "NULL", "'乡镇编制调整'"),
    (
        "township_standards",
        "doc_no",
        "NULL",
        "NULL",
        "'乡镇编制标准'",
    ),
    ("conversions", "doc_no", "date", "org_id", "'退二补一'"),
    (
        "turnover_issues",
        "doc_no",
        "date",
        "org_id",
        "'周转编制下达'",
    ),
    (
        "turnover_returns",
        "doc_no",
        "date",
        "NULL",
        "'周转编制归还'",
    ),
    (
        "applications",
        "doc_no",
        "received_on",
        "org_id",
        "'编制事项'",
    ),
    ("hiring_plans", "doc_no", "date", "org_id", "'用编计划'"),
    (
        "township_class_changes",
        "doc_no",
        "NULL",
        "org_id",
        "'乡镇类别调整'",
    ),
    (
        "division_events",
        "doc_no",
        "date",
        "NULL",
        "'内设机构沿革'",
    ),
    (
        "leader_entries",
        "doc_no",
        "date",
        "org_id",
        "'领导职数核定'",
    ),
    (
        "appointments",
        "appoint_doc",
        "appointed_on",
        "org_id",
        "'任职：' || position",
    ),
    (
        "appointments",
        "remove_doc",
        "removed_on",
        "org_id",
        "'免职：' || position",
    ),
    (
        "outside_control_entries",
        "doc_no",
        "date",
        "org_id",
        "'编外人员控制数'",
    ),
    (
        "org_history",
        "doc_no",
        "date",
        "org_id",
        "'机构沿革：' || event",
    ),
    ("orgs", "sanding_doc", "NULL", "id", "'三定规定'"),
    ("orgs", "abolished_doc", "abolished_on", "id", "'撤销'"),
    ("persons", "join_doc", "joined_on", "org_id", "'入编'"),
    // A numbered notice is a document of its own number.
    ("notices", "number", "issued_on", "org_id", "kind"),
];

/// A record that carries a document's 文号.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DocRef {
    pub table: String,
    pub row_id: i64,
    pub date: Option<String>,
    pub org_id: Option<i64>,
    pub what: String,
}

/// A document as a unit's page lists it.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct UnitDocument {
    pub key: String,
    /// The document's date, else its earliest record's there.
    pub date: Option<String>,
    pub title: String,
    /// What it did in the unit (each kind of record once).
    pub what: Vec<String>,
    /// How many of the unit's records carry it.
    pub records: usize,
    pub attachments: i64,
}

/// An attachment of a document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Attachment {
    pub id: i64,
    pub name: String,
    pub sha256: String,
    pub bytes: i64,
    pub entered_at: String,
}

/// A document: its record (when described), attachments and the records carrying it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Document {
    pub key: String,
    /// The 文号 as first typed.
    pub doc_no: String,
    pub title: String,
    pub issuer: String,
    pub date: Option<NaiveDate>,
    pub kind: DocKind,
    pub attachments: Vec<Attachment>,
    pub refs: Vec<DocRef>,
}

/// What is known of a document, as typed.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DocumentDraft {
    pub title: String,
    pub issuer: String,
    pub date: Option<NaiveDate>,
    pub kind: Option<DocKind>,
}

/// What an attachment's content is, as `check` finds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AttachmentState {
    Present,
    Missing,
    Altered,
}

impl Store {
    /// Where attachments' content lives beside a SQLite file (`None`: in the database).
    pub fn attachments_dir(&self) -> Option<PathBuf> {
        attachments_dir_of(self.path.as_ref()?)
    }

    /// Every document: every 文号 a record carries, and every document described or
    /// attached; newest first (by date), then by key. `search` matches the 文号, title,
    /// issuing body, year or kind.
    pub fn documents(&self, search: Option<&str>) -> Result<Vec<Document>> {
        let mut docs: BTreeMap<String, Document> = BTreeMap::new();
        for r in self.all_refs()? {
            let (doc_no, reference) = r;
            let key = doc_key(&doc_no);
            if key.is_empty() {
                continue;
            }
            docs.entry(key.clone())
                .or_insert_with(|| Document::bare(key, doc_no))
                .refs
                .push(reference);
        }
        let mut st = self
            .conn
            .prepare("SELECT id, doc_key, doc_no, title, issuer, issued_on, kind FROM documents")?;
        let mut rows = st.query(())?;
        let mut ids: BTreeMap<i64, String> = BTreeMap::new();
        while let Some(r) = rows.next()? {
            let key: String = r.get(1)?;
            let d = docs
                .entry(key.clone())
                .or_insert_with(|| Document::bare(key.clone(), String::new()));
            let doc_no: String = r.get(2)?;
            d.doc_no = doc_no;
            d.title = r.get(3)?;
            d.issuer = r.get(4)?;
            d.date = r
                .get::<_, Option<String>>(5)?
                .map(|s| parse_date(&s))
                .transpose()?;
            let kind: String = r.get(6)?;
            d.kind = DocKind::parse(&kind)
                .ok_or_else(|| StoreError::Corrupt(format!("文件类别“{kind}”")))?;
            ids.insert(r.get(0)?, key);
        }
        let mut st = self.conn.prepare(
            "SELECT document_id, id, name, sha256, bytes, entered_at FROM attachments ORDER BY id",
        )?;
        let mut rows = st.query(())?;
        while let Some(r) = rows.next()? {
            let doc: i64 = r.get(0)?;
            if let Some(d) = ids.get(&doc).and_then(|k| docs.get_mut(k)) {
                d.attachments.push(Attachment {
                    id: r.get(1)?,
                    name: r.get(2)?,
                    sha256: r.get(3)?,
                    bytes: r.get(4)?,
                    entered_at: r.get(5)?,
                });
            }
        }
        let needle = search.map(str::trim).filter(|s| !s.is_empty());
        let mut out: Vec<Document> = docs
            .into_values()
            .filter(|d| needle.is_none_or(|n| d.matches(n)))
            .collect();
        for d in &mut out {
            d.refs
                .sort_by(|a, b| (&a.date, &a.table).cmp(&(&b.date, &b.table)));
        }
        out.sort_by(|a, b| {
            b.sort_date()
                .cmp(&a.sort_date())
                .then_with(|| a.key.cmp(&b.key))
        });
        Ok(out)
    }

    /// One document by its 文号 (as typed: filed under its key).
    pub fn document(&self, doc_no: &str) -> Result<Option<Document>> {
        let key = doc_key(doc_no);
        Ok(self.documents(None)?.into_iter().find(|d| d.key == key))
    }

    /// A unit's documents (沿革 in documents): each 文号 its records carry, oldest first,
    /// with what it did there, its title and attachments.
    pub fn unit_documents(&self, org: crate::domain::OrgId) -> Result<Vec<UnitDocument>> {
        let mut by_key: BTreeMap<String, UnitDocument> = BTreeMap::new();
        for (doc_no, r) in self.refs_where(Some(org.0))? {
            let key = doc_key(&doc_no);
            if key.is_empty() {
                continue;
            }
            let d = by_key.entry(key.clone()).or_insert_with(|| UnitDocument {
                key,
                ..Default::default()
            });
            d.records += 1;
            if r.date.is_some() && (d.date.is_none() || r.date < d.date) {
                d.date = r.date.clone();
            }
            if !d.what.contains(&r.what) {
                d.what.push(r.what);
            }
        }
        let mut st = self.conn.prepare(
            "SELECT d.doc_key, d.title, d.issued_on, \
             (SELECT COUNT(*) FROM attachments a WHERE a.document_id = d.id) FROM documents d",
        )?;
        let mut rows = st.query(())?;
        while let Some(r) = rows.next()? {
            let key: String = r.get(0)?;
            if let Some(d) = by_key.get_mut(&key) {
                d.title = r.get(1)?;
                if let Some(on) = r.get::<_, Option<String>>(2)? {
                    d.date = Some(on);
                }
                d.attachments = r.get(3)?;
            }
        }
        let mut out: Vec<UnitDocument> = by_key.into_values().collect();
        out.sort_by(|a, b| (&a.date, &a.key).cmp(&(&b.date, &b.key)));
        Ok(out)
    }

    /// (文号, reference) of every record that carries one.
    fn all_refs(&self) -> Result<Vec<(String, DocRef)>> {
        self.refs_where(None)
    }

    /// (文号, reference) of the records that carry one, of one unit's records only with
    /// `org` (records that name no unit are left out then).
    fn refs_where(&self, org_id: Option<i64>) -> Result<Vec<(String, DocRef)>> {
        let mut out = Vec::new();
        for (table, column, date, org, what) in REFERENCES {
            if org_id.is_some() && *org == "NULL" {
                continue;
            }
            // A ledger entry is a unit's whether it gives or takes (each side indexed).
            let of_unit = match *table {
                "ledger_entries" => "(to_org = ?1 OR from_org = ?1)".to_string(),
                _ => format!("{org} = ?1"),
            };
            let sql = format!(
                "SELECT {column}, id, CAST({date} AS TEXT), CAST({org} AS BIGINT), {what} \
                 FROM {table} WHERE {column} IS NOT NULL AND {column} <> '' \
                   AND (CAST(?1 AS BIGINT) IS NULL OR {of_unit})"
            );
            let mut st = self.conn.prepare(&sql)?;
            let mut rows = st.query([org_id])?;
            while let Some(r) = rows.next()? {
                let what: String = r.get(4)?;
                out.push((
                    r.get(0)?,
                    DocRef {
                        table: (*table).to_string(),
                        row_id: r.get(1)?,
                        date: r.get(2)?,
                        org_id: r.get(3)?,
                        what: describe(table, &what),
                    },
                ));
            }
        }
        Ok(out)
    }

    /// Describes a document (made on first use).
    pub fn describe_document(&mut self, doc_no: &str, draft: &DocumentDraft) -> Result<()> {
        let key = doc_key(doc_no);
        if key.is_empty() {
            return Err(RuleViolation::Application("请填写文号".into()).into());
        }
        let kind = draft.kind.unwrap_or_else(|| DocKind::guess(doc_no));
        let date = draft.date.map(super::date_sql);
        self.write_as("登记文件", |tx| {
            let id = ensure_document(tx, &key, doc_no)?;
            tx.conn.execute(
                "UPDATE documents SET title = ?2, issuer = ?3, issued_on = ?4, kind = ?5 \
                 WHERE id = ?1",
                params![
                    id,
                    draft.title.trim(),
                    draft.issuer.trim(),
                    date,
                    kind.code()
                ],
            )?;
            Ok(())
        })
    }

    /// Attaches files to a document (made on first use): each file's content is kept by
    /// its hash (a file already kept is not kept twice), a row per attachment. All or
    /// none: a file that cannot be read attaches nothing.
    pub fn attach(&mut self, doc_no: &str, files: &[PathBuf]) -> Result<Vec<Attachment>> {
        let items: Vec<(String, PathBuf)> = files
            .iter()
            .map(|f| (doc_no.to_string(), f.clone()))
            .collect();
        self.attach_each(&items)
    }

    /// Attaches each file to the document of its 文号 (a folder of scans), in one
    /// transaction: all or none.
    pub fn attach_each(&mut self, items: &[(String, PathBuf)]) -> Result<Vec<Attachment>> {
        let mut read = Vec::new();
        for (doc_no, f) in items {
            let key = doc_key(doc_no);
            if key.is_empty() {
                return Err(RuleViolation::Application(format!(
                    "“{}”没有文号，未添加任何附件",
                    f.display()
                ))
                .into());
            }
            let bytes = std::fs::read(f).map_err(|e| {
                StoreError::NotFound(format!("附件文件“{}”（{e}），未添加任何附件", f.display()))
            })?;
            let name = f
                .file_name()
                .map(|n| n.to_string_lossy().to_string())
                .unwrap_or_else(|| f.display().to_string());
            read.push((
                key,
                doc_no.trim().to_string(),
                name,
                sha256_hex(&bytes),
                bytes,
            ));
        }
        // Content first (files are named by their hash: writing one twice is harmless).
        let dir = self.attachments_dir();
        if let Some(dir) = &dir {
            for (_, _, _, sha, bytes) in &read {
                write_content(dir, sha, bytes)?;
            }
        }
        self.write_as("添加附件", |tx| {
            let mut out = Vec::new();
            for (key, doc_no, name, sha, bytes) in &read {
                let id = ensure_document(tx, key, doc_no)?;
                if dir.is_none() {
                    let kept: bool = tx.conn.query_row(
                        "SELECT EXISTS(SELECT 1 FROM attachment_blobs WHERE sha256 = ?1)",
                        [sha],
                        |r| r.get(0),
                    )?;
                    if !kept {
                        tx.conn.execute(
                            "INSERT INTO attachment_blobs (sha256, content) VALUES (?1, ?2)",
                            params![sha, bytes.as_slice()],
                        )?;
                    }
                }
                let att = tx.conn.insert(
                    "INSERT INTO attachments (document_id, name, sha256, bytes, operator, \
                     entered_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                    params![id, name, sha, bytes.len() as i64, tx.operator, tx.now],
                )?;
                out.push(Attachment {
                    id: att,
                    name: name.clone(),
                    sha256: sha.clone(),
                    bytes: bytes.len() as i64,
                    entered_at: tx.now.clone(),
                });
            }
            Ok(out)
        })
    }

    /// Writes an attachment's content, checked, to a file named as it was attached in a
    /// temporary folder, for the system's viewer to open; the file's path.
    pub fn attachment_to_open(&self, a: &Attachment) -> Result<PathBuf> {
        let bytes = self.attachment_content(&a.sha256)?;
        let dir = std::env::temp_dir()
            .join("bianzhi-attachments")
            .join(&a.sha256[..16.min(a.sha256.len())]);
        let io = |e: std::io::Error| StoreError::Io {
            path: dir.display().to_string(),
            message: e.to_string(),
        };
        std::fs::create_dir_all(&dir).map_err(io)?;
        let path = dir.join(&a.name);
        std::fs::write(&path, bytes).map_err(io)?;
        Ok(path)
    }

    /// An attachment's content, checked against its hash: the file beside a SQLite
    /// database, else the database's own copy (a server's, or one a backup carried).
    pub fn attachment_content(&self, sha256: &str) -> Result<Vec<u8>> {
        let file = self
            .attachments_dir()
            .and_then(|dir| std::fs::read(content_path(&dir, sha256)).ok());
        let bytes = match file {
            Some(b) => b,
            None => self
                .conn
                .query_row(
                    "SELECT content FROM attachment_blobs WHERE sha256 = ?1",
                    [sha256],
                    |r| r.get::<_, Vec<u8>>(0),
                )
                .optional()?
                .ok_or_else(|| StoreError::NotFound(format!("附件内容（{sha256}）")))?,
        };
        if sha256_hex(&bytes) != sha256 {
            return Err(StoreError::Corrupt(format!("附件内容已被改动（{sha256}）")));
        }
        Ok(bytes)
    }

    /// Each attachment whose content is missing or altered: (文号, file name, state).
    pub fn attachment_problems(&self) -> Result<Vec<(String, String, AttachmentState)>> {
        let mut st = self.conn.prepare(
            "SELECT d.doc_key, a.name, a.sha256 FROM attachments a \
             JOIN documents d ON d.id = a.document_id ORDER BY a.id",
        )?;
        let mut rows = st.query(())?;
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            let (doc, name, sha): (String, String, String) = (r.get(0)?, r.get(1)?, r.get(2)?);
            let state = match self.attachment_content(&sha) {
                Ok(_) => continue,
                Err(StoreError::Corrupt(_)) => AttachmentState::Altered,
                Err(_) => AttachmentState::Missing,
            };
            out.push((doc, name, state));
        }
        Ok(out)
    }
}

/// The folder of a database file's attachments: `<name>.files` beside it.
pub(crate) fn attachments_dir_of(db: &Path) -> Option<PathBuf> {
    let stem = db.file_stem()?.to_string_lossy().to_string();
    Some(db.with_file_name(format!("{stem}.files")))
}

/// Puts into a backup (a SQLite connection) the content of every attachment kept beside
/// the database `db`, so that a backup is whole on its own.
pub(crate) fn contents_into_database(to: &rusqlite::Connection, db: &Path) -> Result<()> {
    let Some(dir) = attachments_dir_of(db) else {
        return Ok(());
    };
    // A database from before the 文件库 (backed up before its upgrade) has none.
    let kept: bool = to.query_row(
        "SELECT EXISTS(SELECT 1 FROM sqlite_master WHERE name = 'attachment_blobs')",
        [],
        |r| r.get(0),
    )?;
    if !kept {
        return Ok(());
    }
    let hashes: Vec<String> = {
        let mut st = to.prepare(
            "SELECT DISTINCT sha256 FROM attachments \
             WHERE sha256 NOT IN (SELECT sha256 FROM attachment_blobs)",
        )?;
        st.query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?
    };
    for sha in hashes {
        // A missing or altered file is left out (and reported by `check`).
        if let Ok(bytes) = std::fs::read(content_path(&dir, &sha))
            && sha256_hex(&bytes) == sha
        {
            to.execute(
                "INSERT INTO attachment_blobs (sha256, content) VALUES (?1, ?2)",
                rusqlite::params![sha, bytes],
            )?;
        }
    }
    Ok(())
}

/// Puts the content of every attachment kept in `dir` (beside the source file of a copy)
/// into a target database's `attachment_blobs`.
pub(crate) fn contents_into(target: &super::db::Connection, dir: &Path) -> Result<()> {
    let hashes: Vec<String> = {
        let mut st = target.prepare(
            "SELECT DISTINCT sha256 FROM attachments \
             WHERE sha256 NOT IN (SELECT sha256 FROM attachment_blobs)",
        )?;
        let mut rows = st.query(())?;
        let mut v = Vec::new();
        while let Some(r) = rows.next()? {
            v.push(r.get(0)?);
        }
        v
    };
    for sha in hashes {
        if let Ok(bytes) = std::fs::read(content_path(dir, &sha))
            && sha256_hex(&bytes) == sha
        {
            target.execute(
                "INSERT INTO attachment_blobs (sha256, content) VALUES (?1, ?2)",
                params![sha, bytes.as_slice()],
            )?;
        }
    }
    Ok(())
}

/// After a restore: each attachment's content the database carries is written back
/// beside the file where it is missing.
pub(crate) fn contents_out_of_database(conn: &super::db::Connection, dir: &Path) -> Result<()> {
    let mut st = conn.prepare("SELECT sha256, content FROM attachment_blobs")?;
    let mut rows = st.query(())?;
    while let Some(r) = rows.next()? {
        let sha: String = r.get(0)?;
        let bytes: Vec<u8> = r.get(1)?;
        if sha256_hex(&bytes) == sha {
            write_content(dir, &sha, &bytes)?;
        }
    }
    Ok(())
}

/// What a record is, in the clerk's words, from what [`REFERENCES`] selects.
fn describe(table: &str, what: &str) -> String {
    match table {
        "ledger_entries" => {
            let mut parts = what.split('|');
            let kind = parts
                .next()
                .and_then(crate::domain::EntryKind::from_code)
                .map_or("台账", |k| k.label());
            let post = parts
                .next()
                .and_then(crate::domain::PostType::from_code)
                .map_or("", |t| t.label());
            let count = parts.next().unwrap_or("");
            format!("编制台账：{kind} {post} {count} 名")
        }
        "notices" => crate::domain::notice::NoticeKind::from_code(what)
            .map_or("通知单", |k| k.label())
            .to_string(),
        "person_events" => format!(
            "人员：{}",
            match what {
                "hire" => "入编",
                "exit" => "出编",
                "transfer" => "调动",
                "transfer_with_post" => "划转(连人带编)",
                _ => "信息变更",
            }
        ),
        _ => what.to_string(),
    }
}

/// The document of `key`, made when it is not there yet; its id.
fn ensure_document(tx: &mut super::Tx<'_>, key: &str, doc_no: &str) -> Result<i64> {
    if let Some(id) = tx
        .conn
        .query_row("SELECT id FROM documents WHERE doc_key = ?1", [key], |r| {
            r.get::<_, i64>(0)
        })
        .optional()?
    {
        return Ok(id);
    }
    Ok(tx.conn.insert(
        "INSERT INTO documents (doc_key, doc_no, kind, operator, entered_at) \
         VALUES (?1, ?2, ?3, ?4, ?5)",
        params![
            key,
            doc_no.trim(),
            DocKind::guess(doc_no).code(),
            tx.operator,
            tx.now
        ],
    )?)
}

/// Where a content file is: `<dir>/<first two hex digits>/<hash>`.
fn content_path(dir: &Path, sha256: &str) -> PathBuf {
    dir.join(sha256.get(..2).unwrap_or("00")).join(sha256)
}

/// Writes a content file once (through a temporary file, so that a crash leaves no half
/// file under the hash's name).
fn write_content(dir: &Path, sha256: &str, bytes: &[u8]) -> Result<()> {
    let path = content_path(dir, sha256);
    if path.exists() {
        return Ok(());
    }
    let io = |e: std::io::Error| StoreError::Io {
        path: path.display().to_string(),
        message: format!("保存附件：{e}"),
    };
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(io)?;
    }
    let tmp = path.with_extension("part");
    std::fs::write(&tmp, bytes).map_err(io)?;
    std::fs::rename(&tmp, &path).map_err(io)?;
    Ok(())
}

impl Document {
    fn bare(key: String, doc_no: String) -> Document {
        Document {
            kind: DocKind::guess(&key),
            key,
            doc_no,
            title: String::new(),
            issuer: String::new(),
            date: None,
            attachments: Vec::new(),
            refs: Vec::new(),
        }
    }

    /// The date it is listed by: its own, else its earliest record's.
    pub fn sort_date(&self) -> Option<String> {
        self.date
            .map(|d| d.to_string())
            .or_else(|| self.refs.iter().filter_map(|r| r.date.clone()).min())
    }

    fn matches(&self, needle: &str) -> bool {
        let n: String = needle.chars().filter(|c| !c.is_whitespace()).collect();
        let key_n = doc_key(needle);
        self.key.contains(&n)
            || (!key_n.is_empty() && self.key == key_n)
            || self.title.contains(&n)
            || self.issuer.contains(&n)
            || self.kind.label() == n
            || self.sort_date().is_some_and(|d| d.starts_with(&n))
    }
}
