//! `reconcile` (核查) and `retirements` (退休预测): a contract like the import's.

use super::{Cli, open, refuse};
use crate::domain::id_number::mask;
use crate::domain::reconcile::Source;
use crate::import::reconcile::{ListMapping, read_reconcile_list};
use crate::store::Store;
use chrono::Datelike;
use serde_json::{Map, Value, json};
use std::path::Path;
use std::process::ExitCode;

/// `bianzhi reconcile LIST.xlsx --source …`: exit 0 whether or not there are findings;
/// 2 for a list that cannot be read (nothing recorded).
pub(super) fn reconcile_cmd(
    cli: &Cli,
    file: &Path,
    source: &str,
    dry_run: bool,
    mapping: Option<&Path>,
    full_ids: bool,
    json: bool,
) -> ExitCode {
    let Some(source) = Source::from_code(source) else {
        return refuse(
            json,
            "bad_source",
            &format!("名单来源“{source}”无法识别；可用：payroll、hr、retirement、appointments"),
            2,
        );
    };
    let mapping = match mapping.map(ListMapping::from_file).transpose() {
        Ok(m) => m.unwrap_or_default(),
        Err(e) => return refuse(json, "mapping", &e, 2),
    };
    let list = match read_reconcile_list(file, &mapping) {
        Ok(l) => l,
        Err(e) => return refuse(json, e.code(), &e.to_string(), 2),
    };
    let mut store = match open(cli) {
        Ok(s) => s,
        Err(code) => return code,
    };
    if full_ids && let Err(e) = store.reveal_ids(&format!("核查：{}", list.file)) {
        return refuse(json, "forbidden", &e.to_string(), 1);
    }
    let outcome = match store.reconcile_preview(source, &list.rows) {
        Ok(o) => o,
        Err(e) => return refuse(json, "database", &e.to_string(), 1),
    };
    let round = if dry_run {
        None
    } else {
        match store.record_round(source, &list.file, &list.rows, &outcome) {
            Ok(id) => Some(id),
            Err(e) => return refuse(json, "database", &e.to_string(), 1),
        }
    };
    let shown = |id: &str| if full_ids { id.to_string() } else { mask(id) };
    if json {
        let findings: Vec<Value> = outcome
            .findings
            .iter()
            .map(|f| {
                json!({
                    "code": f.code.code(),
                    "id_number": shown(&f.id_number),
                    "name": f.name,
                    "unit": f.unit,
                    "detail": if full_ids { f.detail.clone() } else {
                        crate::domain::id_number::mask_in_text(&f.detail)
                    },
                })
            })
            .collect();
        let counts: Map<String, Value> = outcome
            .counts()
            .into_iter()
            .map(|(c, n)| (c.code().to_string(), Value::from(n)))
            .collect();
        println!(
            "{}",
            json!({
                "round": round,
                "source": source.code(),
                "list_rows": outcome.list_rows,
                "matched": outcome.matched,
                "findings": findings,
                "counts": counts,
                "problems": list.problems,
            })
        );
    } else {
        println!(
            "{}“{}”：{} 行，对上 {} 人，发现问题 {} 条{}",
            source.label(),
            list.file,
            outcome.list_rows,
            outcome.matched,
            outcome.findings.len(),
            match round {
                Some(r) => format!("（已记录为核查批次 {r}）"),
                None => "（未记录）".into(),
            }
        );
        for p in &list.problems {
            println!("  注意：{p}");
        }
        for f in &outcome.findings {
            println!(
                "  {}\t{}\t{}\t{}\t{}",
                f.code.label(source),
                f.unit,
                f.name,
                shown(&f.id_number),
                f.detail
            );
        }
    }
    ExitCode::SUCCESS
}

/// `bianzhi retirements --years N`: people on posts reaching retirement from now to the
/// end of the N-th year (this year the first), and those already past it.
pub(super) fn retirements_cmd(
    store: &mut Store,
    years: i32,
    full_ids: bool,
    json: bool,
) -> ExitCode {
    if !(1..=100).contains(&years) {
        return refuse(json, "bad_option", "--years 须为 1 到 100 之间的整数", 2);
    }
    if full_ids && let Err(e) = store.reveal_ids("退休预测") {
        return refuse(json, "forbidden", &e.to_string(), 1);
    }
    let last_year = crate::clock::today().year() + years - 1;
    let lines = match store.retirement_horizon_until(Some(last_year)) {
        Ok(l) => l,
        Err(e) => return refuse(json, "database", &e.to_string(), 1),
    };
    let due: Vec<_> = lines
        .into_iter()
        .filter(|l| l.retires_in.year <= last_year)
        .collect();
    let mut by_year: std::collections::BTreeMap<String, i64> = Default::default();
    for l in &due {
        *by_year.entry(l.retires_in.year.to_string()).or_default() += 1;
    }
    let shown = |id: &str| if full_ids { id.to_string() } else { mask(id) };
    if json {
        let people: Vec<Value> = due
            .iter()
            .map(|l| {
                json!({
                    "id_number": shown(&l.id_number),
                    "name": l.name,
                    "unit": l.unit,
                    "post_type": l.post_type.label(),
                    "rule": l.rule.code(),
                    "retires_on": l.retires_in.to_string(),
                    "may_retire_at_60": l.may_retire_at_60,
                })
            })
            .collect();
        println!("{}", json!({"people": people, "by_year": by_year}));
    } else {
        println!(
            "至 {last_year} 年底到法定退休年龄的在编人员：{} 人",
            due.len()
        );
        for (y, n) in &by_year {
            println!("  {y} 年：{n} 人");
        }
        for l in &due {
            println!(
                "  {}\t{}\t{}\t{}\t{}{}",
                l.retires_in,
                l.unit,
                l.name,
                l.post_type.label(),
                l.rule.label(),
                if l.may_retire_at_60 {
                    "（可能适用60岁，待确认）"
                } else {
                    ""
                }
            );
        }
    }
    ExitCode::SUCCESS
}
