//! Units tables (机构编制情况表): units, their attributes and approved posts.

use super::book::{Book, Value};
use super::header::{Header, find_header};
use super::roster::{OrgIndex, org_key, read_date};
use super::settings::{Field, ORG_FIELDS, Settings, field_label, fold_width, normalize_header};
use super::{
    Action, ImportError, ImportPlan, OrgChange, Problem, Progress, RejectedRow, RowCtx, Severity,
    SheetReport, column_letter, read_sheet,
};
use crate::domain::{Funding, OrgDraft, OrgKind, PostType, TownshipClass};
use crate::store::Store;
use std::collections::{HashMap, HashSet};

const POST_FIELDS: [Field; 8] = [
    Field::Admin,
    Field::PoliticalLegal,
    Field::Institution,
    Field::InstitutionFull,
    Field::InstitutionPartial,
    Field::InstitutionSelf,
    Field::Service,
    Field::LeadersChief,
];

fn is_orgs_header(c: &HashMap<Field, u32>) -> bool {
    c.contains_key(&Field::OrgName)
        && (POST_FIELDS.iter().any(|f| c.contains_key(f)) || c.contains_key(&Field::LeadersDeputy))
}

/// A count cell: empty is 0; whole non-negative numbers only.
fn read_count(v: Option<&Value>) -> Result<i64, String> {
    match v {
        None | Some(Value::Empty) => Ok(0),
        Some(Value::Number(n)) if n.fract() == 0.0 && *n >= 0.0 && *n < 1e9 => Ok(*n as i64),
        Some(Value::Text(t)) => {
            let t: String = t.trim().chars().map(fold_width).collect();
            let t = t.trim_end_matches(['名', '人', '个']);
            if t.is_empty() || t == "-" || t == "—" || t == "/" {
                return Ok(0);
            }
            t.parse::<i64>()
                .ok()
                .filter(|n| *n >= 0)
                .ok_or_else(|| t.to_string())
        }
        Some(other) => Err(other.display()),
    }
}

struct Pending {
    change: OrgChange,
    cells: Vec<(u32, String)>,
    sheet_name: String,
    parent_col: Option<u32>,
    header_label: Option<String>,
}

pub(crate) fn plan(
    store: &Store,
    book: &mut Book,
    settings: &Settings,
    progress: &Progress,
    plan: &mut ImportPlan,
) -> Result<(), ImportError> {
    let table = settings.header_table(ORG_FIELDS);
    let mut index = OrgIndex::load(store)?;
    let approved = store.balances(None)?;
    let occupancy = store.occupancy()?;
    // A row's own 文号 and 核定日期 win over the ones given for the whole import.
    let default_date = settings.run.date.unwrap_or_else(crate::clock::today);
    let default_doc = settings
        .run
        .doc_no
        .clone()
        .filter(|d| !d.trim().is_empty())
        .unwrap_or_else(|| format!("导入《{}》", plan.file));
    let mut pending: Vec<Pending> = Vec::new();
    let mut seen: HashMap<String, (String, u32)> = HashMap::new();
    let names = book.sheet_names.clone();
    for (sheet_index, name) in names.iter().enumerate() {
        let mut rows = 0usize;
        let header = read_sheet(
            book,
            name,
            progress,
            |top| find_header(top, &table, is_orgs_header),
            |h, r, cells| {
                let row = r + 1;
                let ctx = RowCtx {
                    sheet_name: name,
                    row,
                    header: h,
                };
                let get = |f: Field| {
                    h.columns
                        .get(&f)
                        .and_then(|c| cells.iter().find(|(cc, _)| cc == c))
                        .map(|(_, v)| v)
                };
                let col = |f: Field| h.columns.get(&f).copied();
                if let Some((_, first)) = cells.first()
                    && settings.is_footer(&normalize_header(&first.display()))
                {
                    return;
                }
                let org_name = get(Field::OrgName)
                    .and_then(|v| v.text())
                    .map(|t| org_key(&t));
                if let Some(n) = &org_name
                    && (table.get(&normalize_header(n)) == Some(&Field::OrgName)
                        || settings.is_footer(&normalize_header(n)))
                {
                    return;
                }
                let has_counts = POST_FIELDS.iter().any(|f| get(*f).is_some());
                if org_name.is_none() && !has_counts {
                    return;
                }
                rows += 1;
                let mut problems: Vec<Problem> = Vec::new();
                let mut failed = false;
                let Some(org_name) = org_name else {
                    problems.push(ctx.problem(
                        col(Field::OrgName),
                        "missing_required",
                        Severity::Error,
                        "缺少单位名称".to_string(),
                    ));
                    reject(plan, &mut problems, sheet_index, row, cells);
                    return;
                };
                if let Some((s, first)) = seen.get(&org_name) {
                    problems.push(ctx.problem(
                        col(Field::OrgName),
                        "duplicate_org",
                        Severity::Error,
                        format!("单位“{org_name}”与工作表“{s}”第 {first} 行重复，本行未导入"),
                    ));
                    reject(plan, &mut problems, sheet_index, row, cells);
                    return;
                }
                seen.insert(org_name.clone(), (name.clone(), row));
                let existing = index
                    .find(&org_name)
                    .filter(|o| org_key(&o.name) == org_name)
                    .cloned();

                let text = |f: Field| get(f).and_then(|v| v.text());
                let mut draft = match &existing {
                    Some(o) => OrgDraft {
                        name: o.name.clone(),
                        short_name: o.short_name.clone(),
                        kind: Some(o.kind),
                        grade: o.grade.clone(),
                        parent: o.parent,
                        funding: o.funding,
                        township_class: o.township_class,
                        leaders_chief: o.leaders_chief,
                        leaders_deputy: o.leaders_deputy,
                        credit_code: o.credit_code.clone(),
                        basis: None,
                    },
                    None => OrgDraft {
                        name: org_name.clone(),
                        ..OrgDraft::default()
                    },
                };
                if let Some(t) = text(Field::ShortName) {
                    draft.short_name = Some(t);
                }
                if let Some(t) = text(Field::Grade) {
                    draft.grade = Some(t);
                }
                if let Some(t) = text(Field::CreditCode) {
                    draft.credit_code = Some(
                        t.chars()
                            .map(fold_width)
                            .filter(|c| !c.is_whitespace())
                            .collect(),
                    );
                }
                if let Some(t) = text(Field::Kind) {
                    match OrgKind::parse(&t) {
                        Some(k) => draft.kind = Some(k),
                        None => problems.push(ctx.problem(
                            col(Field::Kind),
                            "bad_value",
                            Severity::Warning,
                            format!(
                                "机构类别“{t}”无法识别，{}",
                                if existing.is_some() {
                                    "保持原类别"
                                } else {
                                    "按“其他”处理"
                                }
                            ),
                        )),
                    }
                }
                // An unrecognised funding form is never read as 全额拨款: it is ignored
                // only when the row has no 事业编制 without a channel to give.
                let mut bad_funding: Option<String> = None;
                if let Some(t) = text(Field::OrgFunding) {
                    match Funding::parse(&t) {
                        Some(f) => draft.funding = Some(f),
                        None => bad_funding = Some(t),
                    }
                }
                if let Some(t) = text(Field::TownshipClass) {
                    match TownshipClass::parse(&t) {
                        Some(c) => {
                            if draft.kind.is_none() {
                                draft.kind = Some(OrgKind::Township);
                            }
                            if draft.kind == Some(OrgKind::Township) {
                                draft.township_class = Some(c);
                            } else {
                                problems.push(ctx.problem(
                                    col(Field::TownshipClass),
                                    "bad_value",
                                    Severity::Warning,
                                    format!("只有乡镇街道才有乡镇类别，“{org_name}”不是乡镇街道，已忽略“{t}”"),
                                ));
                            }
                        }
                        None => problems.push(ctx.problem(
                            col(Field::TownshipClass),
                            "bad_value",
                            Severity::Warning,
                            format!("乡镇类别“{t}”无法识别（应为一类或二类），已忽略"),
                        )),
                    }
                }
                if draft.kind.is_none() {
                    draft.kind = Some(OrgKind::Other);
                }
                let mut count = |f: Field, problems: &mut Vec<Problem>| -> Option<i64> {
                    h.columns.get(&f)?;
                    match read_count(get(f)) {
                        Ok(n) => Some(n),
                        Err(t) => {
                            problems.push(ctx.problem(
                                col(f),
                                "bad_number",
                                Severity::Error,
                                format!("{}“{t}”不是整数", field_label(f)),
                            ));
                            failed = true;
                            None
                        }
                    }
                };
                let mut target: HashMap<PostType, i64> = HashMap::new();
                let mut add = |t: PostType, n: Option<i64>| {
                    if let Some(n) = n {
                        *target.entry(t).or_default() += n;
                    }
                };
                add(PostType::Administrative, count(Field::Admin, &mut problems));
                add(
                    PostType::PoliticalLegal,
                    count(Field::PoliticalLegal, &mut problems),
                );
                add(PostType::Service, count(Field::Service, &mut problems));
                add(
                    PostType::Institution(Funding::Full),
                    count(Field::InstitutionFull, &mut problems),
                );
                add(
                    PostType::Institution(Funding::Partial),
                    count(Field::InstitutionPartial, &mut problems),
                );
                add(
                    PostType::Institution(Funding::SelfFunded),
                    count(Field::InstitutionSelf, &mut problems),
                );
                let institution = count(Field::Institution, &mut problems);
                let mut funding_failed = false;
                if let Some(t) = &bad_funding {
                    if institution.is_some_and(|n| n > 0) && draft.funding.is_none() {
                        problems.push(ctx.problem(
                            col(Field::OrgFunding),
                            "unknown_funding",
                            Severity::Error,
                            format!(
                                "经费形式“{t}”无法识别（应为全额拨款、差额拨款或自收自支），事业编制无法归类，本行未导入"
                            ),
                        ));
                        funding_failed = true;
                    } else {
                        problems.push(ctx.problem(
                            col(Field::OrgFunding),
                            "bad_value",
                            Severity::Warning,
                            format!("经费形式“{t}”无法识别，已忽略"),
                        ));
                    }
                }
                if let Some(n) = institution {
                    let funding = match draft.funding {
                        Some(f) => f,
                        None => {
                            // An unrecognised form held the row above: nothing is assumed.
                            if n > 0 && bad_funding.is_none() {
                                problems.push(ctx.problem(
                                    col(Field::Institution),
                                    "funding_assumed",
                                    Severity::Warning,
                                    format!(
                                        "“{org_name}”的事业编制 {n} 名未注明经费形式，按全额拨款计"
                                    ),
                                ));
                            }
                            Funding::Full
                        }
                    };
                    add(PostType::Institution(funding), Some(n));
                }
                if let Some(n) = count(Field::LeadersChief, &mut problems) {
                    draft.leaders_chief = n;
                }
                if let Some(n) = count(Field::LeadersDeputy, &mut problems) {
                    draft.leaders_deputy = n;
                }
                let doc_no = text(Field::DocNo).unwrap_or_else(|| default_doc.clone());
                let date = match get(Field::ApprovedOn).map(read_date) {
                    Some(Ok(Some(d))) => d.first_day().unwrap_or(default_date),
                    Some(Err(t)) => {
                        problems.push(ctx.problem(
                            col(Field::ApprovedOn),
                            "bad_date",
                            Severity::Warning,
                            format!(
                                "核定日期“{t}”无法识别，按{}记账",
                                if settings.run.date.is_some() {
                                    "导入时填写的生效日期"
                                } else {
                                    "今天"
                                }
                            ),
                        ));
                        default_date
                    }
                    _ => default_date,
                };
                // Changed leadership positions rest on the row's date and 文号.
                draft.basis = Some((date, doc_no.clone()));

                // Approved posts: the table states the totals; the ledger records the change.
                let mut post_changes = Vec::new();
                let mut posts = Vec::new();
                let current = existing
                    .as_ref()
                    .map(|o| approved.approved(o.id))
                    .unwrap_or_default();
                for t in PostType::ALL {
                    let Some(n) = target.get(&t).copied() else {
                        if current.get(t) > 0 {
                            posts.push((t, current.get(t)));
                        }
                        continue;
                    };
                    let delta = n - current.get(t);
                    if delta < 0
                        && let Some(o) = &existing
                    {
                        let occ = occupancy.get(&o.id).map(|p| p.get(t)).unwrap_or(0);
                        if n < occ {
                            problems.push(ctx.problem(
                                None,
                                "bad_number",
                                Severity::Error,
                                format!(
                                    "“{org_name}”的{t}由 {} 名减为 {n} 名，但实有 {occ} 人；不能核减到实有人数以下",
                                    current.get(t)
                                ),
                            ));
                            failed = true;
                        }
                    }
                    if delta != 0 {
                        post_changes.push((t, delta));
                    }
                    if n > 0 {
                        posts.push((t, n));
                    }
                }
                let parent_name = text(Field::Parent)
                    .map(|t| org_key(&t))
                    .filter(|p| *p != org_name);
                let action = match &existing {
                    None => Action::New,
                    Some(o) => {
                        let parent_same = match (&parent_name, o.parent) {
                            (None, _) => true,
                            (Some(p), Some(pid)) => index
                                .orgs
                                .iter()
                                .find(|x| x.id == pid)
                                .is_some_and(|x| org_key(&x.name) == *p),
                            (Some(_), None) => false,
                        };
                        let same = draft.short_name == o.short_name
                            && draft.kind == Some(o.kind)
                            && draft.grade == o.grade
                            && draft.funding == o.funding
                            && draft.township_class == o.township_class
                            && draft.leaders_chief == o.leaders_chief
                            && draft.leaders_deputy == o.leaders_deputy
                            && draft.credit_code == o.credit_code
                            && parent_same
                            && post_changes.is_empty();
                        if same {
                            Action::Unchanged
                        } else {
                            Action::Updated
                        }
                    }
                };
                for p in &mut problems {
                    p.unit = Some(org_name.clone());
                }
                if failed || funding_failed {
                    reject(plan, &mut problems, sheet_index, row, cells);
                    return;
                }
                plan.problems.append(&mut problems);
                pending.push(Pending {
                    change: OrgChange {
                        sheet: sheet_index,
                        row,
                        action,
                        existing: existing.as_ref().map(|o| o.id),
                        draft,
                        parent_name,
                        post_changes,
                        posts,
                        doc_no,
                        date,
                    },
                    cells: cells.iter().map(|(c, v)| (*c, v.display())).collect(),
                    sheet_name: name.clone(),
                    parent_col: col(Field::Parent),
                    header_label: col(Field::Parent)
                        .and_then(|c| h.label_of(c))
                        .map(str::to_string),
                });
            },
        );
        let header = match header {
            Ok(h) => h,
            Err(e @ ImportError::Corrupt(_)) => {
                let report = SheetReport::unreadable(name, &e, plan);
                plan.sheets.push(report);
                continue;
            }
            Err(e) => return Err(e),
        };
        let report = sheet_report(name, header.as_ref(), rows, plan);
        plan.sheets.push(report);
    }

    // Supervising departments: units in the database or accepted from this file. A unit
    // whose parent is unknown is rejected, and so, in turn, are units under it.
    let db_names: HashSet<String> = index.orgs.iter().map(|o| org_key(&o.name)).collect();
    let short: HashMap<String, String> = index
        .orgs
        .iter()
        .filter_map(|o| {
            o.short_name
                .as_ref()
                .map(|s| (org_key(s), org_key(&o.name)))
        })
        .collect();
    loop {
        let file_names: HashSet<String> = pending
            .iter()
            .map(|p| org_key(&p.change.draft.name))
            .collect();
        let bad = pending.iter().position(|p| {
            p.change.parent_name.as_ref().is_some_and(|n| {
                !db_names.contains(n) && !file_names.contains(n) && !short.contains_key(n)
            })
        });
        let Some(i) = bad else { break };
        let p = pending.remove(i);
        let parent = p.change.parent_name.clone().unwrap_or_default();
        let msg = index.unknown_message(&parent).replace("单位“", "主管部门“");
        let col = p.parent_col;
        let problem = Problem {
            sheet: p.sheet_name.clone(),
            row: Some(p.change.row),
            column: col.map(column_letter),
            header: p.header_label.clone(),
            code: "unknown_org",
            severity: Severity::Error,
            message: format!(
                "“{}”第 {} 行{}：{msg}",
                p.sheet_name,
                p.change.row,
                col.map(|c| format!(
                    "{} 列（{}）",
                    column_letter(c),
                    p.header_label.clone().unwrap_or_default()
                ))
                .unwrap_or_default()
            ),
            unit: None,
            held: None,
        };
        plan.rejected.push(RejectedRow {
            sheet: p.change.sheet,
            row: p.change.row,
            cells: p.cells,
            reasons: vec![problem.message.clone()],
        });
        plan.problems.push(problem);
    }
    for p in &mut pending {
        if let Some(n) = &p.change.parent_name
            && let Some(full) = short.get(n)
            && !db_names.contains(n)
        {
            p.change.parent_name = Some(full.clone());
        }
    }
    plan.orgs = pending.into_iter().map(|p| p.change).collect();
    plan.rejected.sort_by_key(|r| (r.sheet, r.row));
    Ok(())
}

fn reject(
    plan: &mut ImportPlan,
    problems: &mut Vec<Problem>,
    sheet: usize,
    row: u32,
    cells: &[(u32, Value)],
) {
    let reasons = problems
        .iter()
        .filter(|p| p.severity == Severity::Error)
        .map(|p| p.message.clone())
        .collect();
    plan.problems.append(problems);
    plan.rejected.push(RejectedRow {
        sheet,
        row,
        cells: cells.iter().map(|(c, v)| (*c, v.display())).collect(),
        reasons,
    });
}

fn sheet_report(
    name: &str,
    header: Option<&Header>,
    rows: usize,
    plan: &mut ImportPlan,
) -> SheetReport {
    let mut report = SheetReport {
        name: name.to_string(),
        header_rows: None,
        columns: Vec::new(),
        labels: Vec::new(),
        unit_from_name: None,
        blocks: Vec::new(),
        skipped: None,
        rows,
        read_error: None,
    };
    match header {
        Some(h) => {
            report.header_rows = Some((h.first_row + 1, h.last_row + 1));
            let mut cols: Vec<(Field, u32)> = h.columns.iter().map(|(f, c)| (*f, *c)).collect();
            cols.sort_by_key(|(_, c)| *c);
            report.columns = cols
                .into_iter()
                .map(|(f, c)| {
                    (
                        field_label(f).to_string(),
                        column_letter(c),
                        h.label_of(c).unwrap_or("").to_string(),
                    )
                })
                .collect();
            report.labels = h.labels.clone();
        }
        None => {
            let why = "没有机构编制情况表表头（前 20 行内需要“单位名称”和编制数列），可能是汇总表或说明页，已跳过";
            report.skipped = Some(why.to_string());
            plan.notice_sheet_skipped(name, why);
        }
    }
    report
}
