//! `docs` (文件库), `attach` and `notice` (a numbered notice printed again): a contract like
//! the import's.

use super::refuse;
use crate::store::Store;
use crate::store::documents::Document;
use serde_json::{Value, json};
use std::path::PathBuf;
use std::process::ExitCode;

fn document_json(d: &Document) -> Value {
    json!({
        "doc_no": d.key,
        "title": d.title,
        "date": d.sort_date(),
        "kind": d.kind.code(),
        "attachments": d.attachments.iter().map(|a| json!({
            "name": a.name,
            "sha256": a.sha256,
            "bytes": a.bytes,
        })).collect::<Vec<_>>(),
        "refs": d.refs.len(),
    })
}

/// `bianzhi docs [--search TEXT] [--json]`.
pub(super) fn docs_cmd(store: &Store, search: Option<&str>, json: bool) -> ExitCode {
    let docs = match store.documents(search) {
        Ok(d) => d,
        Err(e) => return refuse(json, "database", &e.to_string(), 1),
    };
    if json {
        let list: Vec<Value> = docs.iter().map(document_json).collect();
        println!("{}", json!({ "documents": list }));
    } else {
        println!("文件 {} 件", docs.len());
        for d in &docs {
            println!(
                "  {}\t{}\t{}\t{}\t附件 {} 个\t相关记录 {} 条",
                d.key,
                d.sort_date().unwrap_or_default(),
                d.kind.label(),
                d.title,
                d.attachments.len(),
                d.refs.len()
            );
        }
    }
    ExitCode::SUCCESS
}

/// `bianzhi attach 文号 FILE…`: all or nothing; a file that is missing exits 2.
pub(super) fn attach_cmd(
    store: &mut Store,
    doc_no: &str,
    files: &[PathBuf],
    json: bool,
) -> ExitCode {
    if let Some(missing) = files.iter().find(|f| !f.is_file()) {
        return refuse(
            json,
            "not_found",
            &format!("找不到附件文件“{}”，未添加任何附件", missing.display()),
            2,
        );
    }
    match store.attach(doc_no, files) {
        Ok(added) => {
            let key = crate::domain::document::doc_key(doc_no);
            if json {
                println!(
                    "{}",
                    json!({
                        "doc_no": key,
                        "attachments": added.iter().map(|a| json!({
                            "name": a.name,
                            "sha256": a.sha256,
                            "bytes": a.bytes,
                        })).collect::<Vec<_>>(),
                    })
                );
            } else {
                println!("已给 {key} 添加附件 {} 个", added.len());
            }
            ExitCode::SUCCESS
        }
        Err(e) => refuse(json, "refused", &e.to_string(), 1),
    }
}

/// `bianzhi notice NUMBER --out FILE`: the notice as issued; an unknown number exits 2.
pub(super) fn notice_cmd(
    store: &Store,
    number: &str,
    out: &std::path::Path,
    json: bool,
) -> ExitCode {
    let n = match store.notice(number) {
        Ok(Some(n)) => n,
        Ok(None) => {
            return refuse(
                json,
                "unknown_notice",
                &format!("没有编号为“{}”的通知单", number.trim()),
                2,
            );
        }
        Err(e) => return refuse(json, "database", &e.to_string(), 1),
    };
    if let Err(e) = crate::export::write_notice(&n, out) {
        return refuse(json, "export_failed", &e.to_string(), 1);
    }
    if json {
        println!(
            "{}",
            json!({
                "number": n.number,
                "kind": n.kind.code(),
                "issued_on": n.issued_on.to_string(),
                "voided": n.voided.as_ref().map(|(on, reason)| json!({"on": on, "reason": reason})),
                "file": out.display().to_string(),
            })
        );
    } else {
        println!("已打印{} {}：{}", n.kind.label(), n.number, out.display());
    }
    ExitCode::SUCCESS
}
