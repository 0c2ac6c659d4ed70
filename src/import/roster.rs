//! Rosters (实名制花名册): people on posts.

use super::book::{Book, Value};
use super::header::{Header, find_header};
use super::settings::{
    Field, KEPT_ROSTER_FIELDS, ROSTER_FIELDS, Settings, field_code, fold_width, normalize_header,
};
use super::{
    Action, ImportError, ImportPlan, PersonChange, Problem, Progress, RejectedRow, RowCtx,
    Severity, SheetReport, column_letter, read_sheet, suggest,
};
use crate::domain::{
    Funding, Gender, IdNumber, Org, OrgId, OrgKind, PartialDate, Person, PersonDetails, PostHeld,
    PostType,
};
use crate::store::Store;
use chrono::NaiveDate;
use std::collections::HashMap;

const N_FIELDS: usize = 64;

fn fi(f: Field) -> usize {
    f as usize
}

/// Units known to the database, for matching names.
pub(crate) struct OrgIndex {
    pub orgs: Vec<Org>,
    by_name: HashMap<String, usize>,
    by_short: HashMap<String, usize>,
    /// The one post type a unit has approved posts of, when there is exactly one.
    implied: HashMap<OrgId, PostType>,
    suggestions: HashMap<String, Vec<String>>,
}

pub(crate) use super::settings::org_key;

impl OrgIndex {
    pub fn load(store: &Store) -> Result<OrgIndex, ImportError> {
        let orgs = store.orgs()?;
        let balances = store.balances(None)?;
        let mut by_name = HashMap::new();
        let mut by_short = HashMap::new();
        let mut implied = HashMap::new();
        for (i, o) in orgs.iter().enumerate() {
            by_name.insert(org_key(&o.name), i);
            if let Some(s) = &o.short_name {
                let k = org_key(s);
                if !k.is_empty() {
                    by_short.entry(k).or_insert(i);
                }
            }
            let approved = balances.approved(o.id);
            let types: Vec<PostType> = PostType::ALL
                .into_iter()
                .filter(|t| approved.get(*t) > 0)
                .collect();
            if let [t] = types[..] {
                implied.insert(o.id, t);
            } else if types.is_empty()
                && o.kind == OrgKind::Institution
                && let Some(f) = o.funding
            {
                implied.insert(o.id, PostType::Institution(f));
            }
        }
        Ok(OrgIndex {
            orgs,
            by_name,
            by_short,
            implied,
            suggestions: HashMap::new(),
        })
    }

    /// Exact name or short name.
    pub fn find(&self, name: &str) -> Option<&Org> {
        let k = org_key(name);
        self.by_name
            .get(&k)
            .or_else(|| self.by_short.get(&k))
            .map(|i| &self.orgs[*i])
    }

    /// For a sheet name: exact, short name, or the one unit whose name contains it.
    pub fn find_for_sheet(&self, sheet: &str) -> Option<&Org> {
        if let Some(o) = self.find(sheet) {
            return Some(o);
        }
        let k = org_key(sheet);
        if k.chars().count() < 2 {
            return None;
        }
        let mut hits = self.orgs.iter().filter(|o| org_key(&o.name).contains(&k));
        match (hits.next(), hits.next()) {
            (Some(o), None) => Some(o),
            _ => None,
        }
    }

    /// Up to 3 close names, cached per name.
    pub fn suggest(&mut self, name: &str) -> &[String] {
        let k = org_key(name);
        if !self.suggestions.contains_key(&k) {
            let s = suggest::close_names(&k, self.orgs.iter().map(|o| o.name.as_str()));
            self.suggestions.insert(k.clone(), s);
        }
        self.suggestions.get(&k).map(Vec::as_slice).unwrap_or(&[])
    }

    pub fn unknown_message(&mut self, name: &str) -> String {
        let s = self.suggest(name);
        if s.is_empty() {
            format!("单位“{name}”不在数据库中；请先导入机构编制情况表，或更正单位名称")
        } else {
            format!(
                "单位“{name}”不在数据库中；是否是：{}？请更正单位名称，或先导入该单位",
                s.join("、")
            )
        }
    }

    pub fn implied_post(&self, org: OrgId) -> Option<PostType> {
        self.implied.get(&org).copied()
    }
}

/// A date cell in any of the forms clerks use. `Err` carries the text that could not be read.
pub(crate) fn read_date(v: &Value) -> Result<Option<PartialDate>, String> {
    match v {
        Value::Empty => Ok(None),
        Value::Date(Some(d), _) => Ok(Some(*d)),
        Value::Date(None, _) => Err(v.display()),
        Value::Number(n) => {
            let n = *n;
            if n.fract() == 0.0 && n.abs() < 1e12 {
                let digits = format!("{n:.0}");
                match digits.len() {
                    8 | 6 => PartialDate::parse(&digits).map(Some).ok_or(digits),
                    _ if (1880.0..=2200.0).contains(&n) => Err(digits),
                    _ => PartialDate::from_excel_serial(n).map(Some).ok_or(digits),
                }
            } else if (1880.0..2201.0).contains(&n) {
                // 1985.03 typed into a number cell.
                let text = format!("{n}");
                PartialDate::parse(&text).map(Some).ok_or(text)
            } else {
                PartialDate::from_excel_serial(n)
                    .map(Some)
                    .ok_or_else(|| v.display())
            }
        }
        Value::Text(t) => {
            let t = t.trim();
            if t.is_empty() {
                Ok(None)
            } else {
                PartialDate::parse(t).map(Some).ok_or_else(|| t.to_string())
            }
        }
        Value::Bool(_) | Value::Error(_) => Err(v.display()),
    }
}

/// A person's name: no spaces inside Chinese names (`王  芳`), full-width folded.
fn clean_name(t: &str) -> String {
    let folded: String = t.trim().chars().map(fold_width).collect();
    if !folded.is_ascii() {
        folded.chars().filter(|c| !c.is_whitespace()).collect()
    } else {
        folded.split_whitespace().collect::<Vec<_>>().join(" ")
    }
}

fn clean_text(v: Option<&Value>) -> Option<String> {
    let t = v?.text()?;
    let t: String = t.split_whitespace().collect::<Vec<_>>().join(" ");
    (!t.is_empty()).then_some(t)
}

enum IdRead {
    Ok(IdNumber),
    Bad(&'static str, String),
}

fn read_id(v: &Value) -> IdRead {
    match v {
        Value::Number(n) => {
            let n = *n;
            if n.abs() >= 1e15 {
                IdRead::Bad(
                    "id_precision_lost",
                    format!(
                        "身份证号“{}”是以数字形式保存的，Excel 只保留 15 位有效数字，末几位已经丢失；请把该列设为“文本”格式后重新录入正确号码",
                        v.display()
                    ),
                )
            } else if n.fract() != 0.0 || n < 0.0 {
                IdRead::Bad(
                    "id_format",
                    format!(
                        "身份证号“{}”格式不对：应为 18 位（或旧式 15 位）数字，末位可为 X",
                        v.display()
                    ),
                )
            } else {
                parse_id(&format!("{n:.0}"))
            }
        }
        Value::Text(t) => parse_id(t),
        other => IdRead::Bad(
            "id_format",
            format!(
                "身份证号“{}”格式不对：应为 18 位（或旧式 15 位）数字，末位可为 X",
                other.display()
            ),
        ),
    }
}

fn parse_id(t: &str) -> IdRead {
    match IdNumber::parse(t) {
        Ok(id) => IdRead::Ok(id),
        Err(e) => IdRead::Bad(e.code(), e.to_string()),
    }
}

struct SheetState {
    index: usize,
    name: String,
    sheet_org: Option<(OrgId, String)>,
    last_unit: Option<String>,
    /// The unit of the current block, from a "单位：X" line above it (one sheet holding a
    /// block per unit).
    block_unit: Option<String>,
    /// The units of the blocks found, in order.
    blocks: Vec<String>,
    rows: usize,
    by_col: Vec<Option<Field>>,
}

/// The unit named by a block line ("单位：县民政局", "单位名称：县民政局  填报日期：…").
fn block_unit(cells: &[(u32, Value)]) -> Option<String> {
    // Checked on every row: nothing is allocated unless the row starts with 单.
    let Value::Text(first) = &cells.iter().find(|(_, v)| !v.is_empty())?.1 else {
        return None;
    };
    let first = first.trim();
    if !first.starts_with('单') {
        return None;
    }
    let folded: String = first.chars().map(fold_width).collect();
    let rest = ["单位名称:", "单位:", "单位名称 :", "单位 :"]
        .iter()
        .find_map(|p| folded.strip_prefix(p))?;
    // The name ends where a second label starts (two or more spaces, or another "X：").
    let rest = rest.trim_start();
    let name: String = rest
        .split("  ")
        .next()
        .unwrap_or(rest)
        .split(|c: char| c.is_whitespace())
        .next()
        .unwrap_or("")
        .to_string();
    (!name.is_empty()).then_some(name)
}

struct Planner<'a> {
    existing: HashMap<String, Person>,
    settings: &'a Settings,
    orgs: OrgIndex,
    today: NaiveDate,
    /// The day each unit first held approved posts of a type: nobody is registered before.
    first_approved: HashMap<(OrgId, PostType), NaiveDate>,
    /// First row of each ID in the file: (sheet name, row, name).
    seen: HashMap<IdNumber, (String, u32, String)>,
    name_headers: Vec<String>,
    error: Option<ImportError>,
    /// Where each row planned for registration also goes as it is planned (an import
    /// written while it is read, [`super::commit::import_now`]).
    sink: Option<&'a Sink>,
}

/// The rows planned for registration, sent to a writer as they are planned.
pub(crate) type Sink = std::sync::mpsc::SyncSender<PersonChange>;

pub(crate) fn plan(
    store: &Store,
    book: &mut Book,
    settings: &Settings,
    progress: &Progress,
    plan: &mut ImportPlan,
    sink: Option<&Sink>,
) -> Result<(), ImportError> {
    let orgs = OrgIndex::load(store)?;
    let table = settings.header_table(ROSTER_FIELDS);
    let mut name_headers: Vec<String> = table
        .iter()
        .filter(|(_, f)| **f == Field::PersonName)
        .map(|(k, _)| k.clone())
        .collect();
    name_headers.sort();
    plan.people_fingerprint = Some(store.people_fingerprint()?);
    // Everyone already registered, looked up in memory (one scan instead of a query a row).
    let existing: HashMap<String, Person> = store
        .people()?
        .into_iter()
        .map(|p| (p.id_number.as_str().to_string(), p))
        .collect();
    let mut p = Planner {
        existing,
        settings,
        orgs,
        today: crate::clock::today(),
        first_approved: store.first_approved_on()?,
        seen: HashMap::new(),
        name_headers,
        error: None,
        sink,
    };
    let names = book.sheet_names.clone();
    for (index, name) in names.iter().enumerate() {
        let mut state = SheetState {
            index,
            name: name.clone(),
            sheet_org: None,
            last_unit: None,
            block_unit: None,
            blocks: Vec::new(),
            rows: 0,
            by_col: Vec::new(),
        };
        let mut report = SheetReport {
            name: name.clone(),
            header_rows: None,
            columns: Vec::new(),
            labels: Vec::new(),
            unit_from_name: None,
            blocks: Vec::new(),
            skipped: None,
            rows: 0,
            read_error: None,
        };
        // A "单位：X" line above the first header starts the first block.
        let first_block: std::cell::RefCell<Option<String>> = Default::default();
        let header = read_sheet(
            book,
            name,
            progress,
            |rows| {
                let h = find_header(rows, &table, |c| {
                    c.contains_key(&Field::PersonName) && c.contains_key(&Field::IdNumber)
                })?;
                *first_block.borrow_mut() = rows
                    .iter()
                    .filter(|(r, _)| *r < h.first_row)
                    .filter_map(|(_, cells)| block_unit(cells))
                    .next_back();
                Some(h)
            },
            |h, r, cells| {
                if let Some(b) = first_block.borrow_mut().take() {
                    state.blocks.push(b.clone());
                    state.block_unit = Some(b);
                }
                p.row(&mut state, h, r, cells, plan)
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
        if let Some(e) = p.error.take() {
            return Err(e);
        }
        match header {
            Some(h) => {
                if state.by_col.is_empty() {
                    state.sheet_org = p.sheet_org(&h, name);
                }
                report.header_rows = Some((h.first_row + 1, h.last_row + 1));
                let mut cols: Vec<(Field, u32)> = h.columns.iter().map(|(f, c)| (*f, *c)).collect();
                cols.sort_by_key(|(_, c)| *c);
                report.columns = cols
                    .into_iter()
                    .map(|(f, c)| {
                        (
                            super::settings::field_label(f).to_string(),
                            column_letter(c),
                            h.label_of(c).unwrap_or("").to_string(),
                        )
                    })
                    .collect();
                report.labels = h.labels.clone();
                report.unit_from_name = state.sheet_org.as_ref().map(|(_, n)| n.clone());
                report.blocks = std::mem::take(&mut state.blocks);
                report.rows = state.rows;
            }
            None => {
                let why = "没有花名册表头（前 20 行内需要“姓名”和“身份证号码”列），可能是汇总表或说明页，已跳过";
                report.skipped = Some(why.to_string());
                plan.notice_sheet_skipped(name, why);
            }
        }
        plan.sheets.push(report);
    }
    plan.over_quota_after = over_quota_after(store, &p, &plan.people)?;
    plan.new_divisions = new_divisions(store, &plan.people)?;
    Ok(())
}

/// The (unit, division) pairs the planned people's 所在机构 names that the unit has no
/// active division of: proposed when the roster is written, in unit and name order.
fn new_divisions(
    store: &Store,
    people: &[super::PersonChange],
) -> Result<Vec<(String, String)>, ImportError> {
    use std::collections::{BTreeSet, HashSet};
    let have: HashSet<(OrgId, String)> = store
        .all_divisions()?
        .into_iter()
        .filter(|d| d.is_active())
        .map(|d| (d.org, d.name))
        .collect();
    let mut new = BTreeSet::new();
    for p in people {
        let Some(name) = p
            .details
            .kept
            .get(crate::store::divisions::DIVISION_FIELD)
            .and_then(|t| crate::domain::division::check_name(t).ok())
        else {
            continue;
        };
        if !have.contains(&(p.org, name.clone())) {
            new.insert((p.unit.clone(), name));
        }
    }
    Ok(new.into_iter().collect())
}

/// The units over quota once the planned people are on their posts: people on posts now,
/// plus the new, with the updated moved from their old post type to the new one.
fn over_quota_after(
    store: &Store,
    p: &Planner<'_>,
    people: &[PersonChange],
) -> Result<Vec<super::OverQuotaAfter>, ImportError> {
    let balances = store.balances(None)?;
    let mut occupancy = store.occupancy()?;
    for c in people {
        if c.action == Action::Unchanged {
            continue;
        }
        if let Some((o, t)) = p.existing.get(c.id.as_str()).and_then(|x| x.status.post()) {
            occupancy.entry(o).or_default().add(t, -1);
        }
        occupancy.entry(c.org).or_default().add(c.post_type, 1);
    }
    let mut out = Vec::new();
    for o in &p.orgs.orgs {
        let approved = balances.approved(o.id);
        let Some(on_post) = occupancy.get(&o.id) else {
            continue;
        };
        for t in PostType::ALL {
            if on_post.get(t) > approved.get(t) {
                out.push(super::OverQuotaAfter {
                    unit: o.name.clone(),
                    post_type: t,
                    approved: approved.get(t),
                    occupied: on_post.get(t),
                });
            }
        }
    }
    Ok(out)
}

/// The day a person from a roster is registered on: the later of their 入编时间 and the day
/// their unit first held posts of the type (people cannot fill posts before they exist);
/// either alone when the other is unknown; today when neither is.
fn registration_date(
    joined: Option<NaiveDate>,
    approved: Option<NaiveDate>,
    today: NaiveDate,
) -> NaiveDate {
    match (joined, approved) {
        (Some(j), Some(a)) => j.max(a),
        (Some(d), None) | (None, Some(d)) => d,
        (None, None) => today,
    }
}

/// Whether a 人员状态 means the person is in post (在编在岗 and its usual short forms).
fn in_post(text: &str) -> bool {
    let t: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    t.is_empty()
        || matches!(
            t.as_str(),
            "在编在岗" | "在岗" | "在编" | "在职" | "在职在岗" | "正常" | "在编在职"
        )
}

impl Planner<'_> {
    /// The day the unit first held approved posts of the type (of any type, when none of
    /// this one: the person is then over quota anyway).
    fn approved_on(&self, org: OrgId, post_type: PostType) -> Option<NaiveDate> {
        self.first_approved
            .get(&(org, post_type))
            .copied()
            .or_else(|| {
                self.first_approved
                    .iter()
                    .filter(|((o, _), _)| *o == org)
                    .map(|(_, d)| *d)
                    .min()
            })
    }

    fn sheet_org(&self, h: &Header, sheet: &str) -> Option<(OrgId, String)> {
        if h.columns.contains_key(&Field::Unit) {
            return None;
        }
        self.orgs
            .find_for_sheet(sheet)
            .map(|o| (o.id, o.name.clone()))
    }

    fn row(
        &mut self,
        state: &mut SheetState,
        h: &Header,
        r: u32,
        cells: &[(u32, Value)],
        plan: &mut ImportPlan,
    ) {
        if self.error.is_some() {
            return;
        }
        // People are registered on their units' posts: with no unit yet, every row of a
        // roster would be refused for the same reason. One sentence instead, at its first row.
        if self.orgs.orgs.is_empty() {
            self.error = Some(ImportError::NoUnits);
            return;
        }
        if state.by_col.is_empty() {
            state.by_col = h.field_by_column();
            state.sheet_org = self.sheet_org(h, &state.name);
        }
        let mut f: [Option<&Value>; N_FIELDS] = [None; N_FIELDS];
        for (c, v) in cells {
            if let Some(Some(field)) = state.by_col.get(*c as usize) {
                f[fi(*field)] = Some(v);
            }
        }
        let row = r + 1;
        let ctx = RowCtx {
            sheet_name: &state.name,
            row,
            header: h,
        };
        // A "单位：X" line starts the next block: its people belong to X.
        if let Some(unit) = block_unit(cells) {
            state.blocks.push(unit.clone());
            state.block_unit = Some(unit);
            state.last_unit = None;
            return;
        }
        // Footer rows and repeated headers are skipped without complaint.
        if let Some((_, Value::Text(first))) = cells.first()
            && self.settings.is_footer(&normalize_header(first))
        {
            return;
        }
        let name = f[fi(Field::PersonName)]
            .and_then(|v| v.text())
            .map(|t| clean_name(&t));
        if let Some(n) = &name {
            let nn = normalize_header(n);
            if self.name_headers.binary_search(&nn).is_ok() || self.settings.is_footer(&nn) {
                return;
            }
        }
        let id_cell = f[fi(Field::IdNumber)];
        if name.is_none() && id_cell.is_none() {
            // A blank template row (perhaps with a sequence number or a unit) is not data
            // unless it carries personal details.
            let personal = [
                Field::Gender,
                Field::Birth,
                Field::Ethnicity,
                Field::Position,
            ];
            if personal.iter().all(|x| f[fi(*x)].is_none()) {
                return;
            }
        }
        state.rows += 1;
        let col = |x: Field| h.columns.get(&x).copied();
        let mut problems: Vec<Problem> = Vec::new();
        let mut failed = false;
        let err = |problems: &mut Vec<Problem>, c: Option<u32>, code, text: String| {
            problems.push(ctx.problem(c, code, Severity::Error, text));
        };

        if name.is_none() {
            err(
                &mut problems,
                col(Field::PersonName),
                "missing_required",
                "缺少姓名".to_string(),
            );
            failed = true;
        }
        let id = match id_cell {
            None => {
                err(
                    &mut problems,
                    col(Field::IdNumber),
                    "missing_required",
                    "缺少身份证号码".to_string(),
                );
                failed = true;
                None
            }
            Some(v) => match read_id(v) {
                IdRead::Ok(id) => Some(id),
                IdRead::Bad(code, msg) => {
                    err(&mut problems, col(Field::IdNumber), code, msg);
                    failed = true;
                    None
                }
            },
        };
        if let Some(id) = &id {
            match self.seen.get(id) {
                Some((s, first_row, first_name)) => {
                    let place = if *s == state.name {
                        format!("第 {first_row} 行")
                    } else {
                        format!("工作表“{s}”第 {first_row} 行")
                    };
                    err(
                        &mut problems,
                        col(Field::IdNumber),
                        "duplicate_id",
                        format!(
                            "身份证号 {} 与{place}（{first_name}）重复；一人只能占一个编制，本行未导入",
                            id.masked()
                        ),
                    );
                    failed = true;
                }
                None => {
                    self.seen.insert(
                        id.clone(),
                        (state.name.clone(), row, name.clone().unwrap_or_default()),
                    );
                }
            }
        }

        // The unit: its column (an empty cell under a merged unit takes the one above), the
        // block's "单位：X" line, or the sheet name.
        let unit_text = if h.columns.contains_key(&Field::Unit) {
            f[fi(Field::Unit)]
                .and_then(|v| v.text())
                .or_else(|| state.last_unit.clone())
                .or_else(|| state.block_unit.clone())
        } else {
            state.block_unit.clone()
        };
        let org: Option<(OrgId, String)> = match unit_text.clone() {
            Some(t) => {
                if h.columns.contains_key(&Field::Unit) {
                    state.last_unit = Some(t.clone());
                }
                match self.orgs.find(&t) {
                    Some(o) => Some((o.id, o.name.clone())),
                    None => {
                        let msg = self.orgs.unknown_message(t.trim());
                        err(&mut problems, col(Field::Unit), "unknown_org", msg);
                        failed = true;
                        None
                    }
                }
            }
            None if h.columns.contains_key(&Field::Unit) => {
                err(
                    &mut problems,
                    col(Field::Unit),
                    "unknown_org",
                    "未填写单位名称".to_string(),
                );
                failed = true;
                None
            }
            None => match &state.sheet_org {
                Some(o) => Some(o.clone()),
                None => {
                    let s = self.orgs.suggest(&state.name).to_vec();
                    let hint = if s.is_empty() {
                        String::new()
                    } else {
                        format!("（是否是：{}？）", s.join("、"))
                    };
                    err(
                        &mut problems,
                        None,
                        "unknown_org",
                        format!(
                            "表中没有单位列，工作表名“{}”也不是数据库中的单位{hint}；请加上“单位名称”列，或把工作表改名为单位全称",
                            state.name
                        ),
                    );
                    failed = true;
                    None
                }
            },
        };

        // Post type: its column (with the funding column), or implied by the unit.
        // Values the clerk mapped (held in an earlier reading) are read as mapped.
        let mapping = &self.settings.run.mapping;
        let mapped = |field: Field| {
            f[fi(field)]
                .and_then(|v| v.text())
                .map(|t| mapping.value(field, &t).to_string())
        };
        let hold = |problems: &mut Vec<Problem>, field: Field, value: &str| {
            if let Some(p) = problems.last_mut() {
                p.held = Some((field, value.trim().to_string()));
            }
        };
        let funding_text = mapped(Field::Funding);
        let type_text = mapped(Field::PostType);
        let post_type = match (&type_text, &funding_text) {
            (Some(t), _) => match PostType::read(t, funding_text.as_deref()) {
                Ok((pt, assumed)) => {
                    if assumed {
                        problems.push(ctx.problem(
                            col(Field::PostType),
                            "funding_assumed",
                            Severity::Warning,
                            "事业编制未注明经费形式，按全额拨款计".to_string(),
                        ));
                    }
                    Some(pt)
                }
                Err(held) => {
                    let (field, value) = match &held {
                        PostHeld::UnknownFunding(v) => (Field::Funding, v),
                        PostHeld::NotApproved(v)
                            if funding_text.as_deref().map(str::trim) == Some(v.as_str()) =>
                        {
                            (Field::Funding, v)
                        }
                        PostHeld::NotApproved(v) | PostHeld::UnknownType(v) => (Field::PostType, v),
                    };
                    err(&mut problems, col(field), held.code(), held.message());
                    if !value.is_empty() {
                        hold(&mut problems, field, value);
                    }
                    failed = true;
                    None
                }
            },
            (None, Some(fu)) => match Funding::parse(fu) {
                Some(f) => Some(PostType::Institution(f)),
                None => {
                    let held = PostHeld::UnknownFunding(fu.trim().to_string());
                    err(
                        &mut problems,
                        col(Field::Funding),
                        held.code(),
                        held.message(),
                    );
                    hold(&mut problems, Field::Funding, fu);
                    failed = true;
                    None
                }
            },
            (None, None) => match org.as_ref().and_then(|(o, _)| self.orgs.implied_post(*o)) {
                Some(pt) => Some(pt),
                None => {
                    if org.is_some() {
                        err(
                            &mut problems,
                            col(Field::PostType),
                            "missing_required",
                            format!(
                                "未填写编制类型，且无法从单位“{}”推断（该单位核定了多种编制或尚未核定编制）",
                                org.as_ref().map(|o| o.1.as_str()).unwrap_or("")
                            ),
                        );
                        failed = true;
                    }
                    None
                }
            },
        };

        // 人员状态: only people in post are registered; the others (离岗, 借调出, 退休 …)
        // are held for the clerk to decide.
        if let Some(state_text) = mapped(Field::PersonState)
            && !in_post(&state_text)
        {
            err(
                &mut problems,
                col(Field::PersonState),
                "person_state_held",
                format!(
                    "人员状态为“{}”，不是在编在岗，本行暂不导入，请核实后处理",
                    state_text.trim()
                ),
            );
            hold(&mut problems, Field::PersonState, &state_text);
            failed = true;
        }

        // Personal details; the ID wins over what was typed.
        let mut details = PersonDetails {
            name: name.clone().unwrap_or_default(),
            gender: None,
            ethnicity: clean_text(f[fi(Field::Ethnicity)]),
            birth: None,
            party: clean_text(f[fi(Field::Party)]),
            education: clean_text(f[fi(Field::Education)]),
            position: clean_text(f[fi(Field::Position)]),
            joined_on: None,
            join_doc: clean_text(f[fi(Field::JoinDoc)]),
            kept: Default::default(),
        };
        if let Some(v) = f[fi(Field::Gender)] {
            let t: String = v.display().trim().chars().map(fold_width).collect();
            details.gender = Gender::parse(mapping.value(Field::Gender, &t));
            if details.gender.is_none() && !t.is_empty() {
                err(
                    &mut problems,
                    col(Field::Gender),
                    "unknown_gender",
                    format!("性别“{t}”无法识别（应为男或女），本行暂不导入"),
                );
                hold(&mut problems, Field::Gender, &t);
                failed = true;
            }
            if let (Some(g), Some(id)) = (details.gender, &id)
                && g != id.gender()
            {
                problems.push(ctx.problem(
                    col(Field::Gender),
                    "gender_mismatch",
                    Severity::Warning,
                    format!(
                        "性别填的是“{}”，身份证号显示为“{}”；以身份证号为准",
                        g.label(),
                        id.gender().label()
                    ),
                ));
            }
        }
        if let Some(v) = f[fi(Field::Birth)] {
            match read_date(v) {
                Ok(d) => {
                    details.birth = d;
                    if let (Some(d), Some(id)) = (d, &id)
                        && !d.agrees_with(&id.birth_date())
                    {
                        problems.push(ctx.problem(
                            col(Field::Birth),
                            "birth_mismatch",
                            Severity::Warning,
                            format!(
                                "出生日期填的是 {d}，身份证号显示为 {}；以身份证号为准",
                                id.birth_date()
                            ),
                        ));
                    }
                }
                Err(t) => problems.push(ctx.problem(
                    col(Field::Birth),
                    "bad_date",
                    Severity::Warning,
                    format!("出生日期“{t}”无法识别，已留空（将取身份证号中的出生日期）"),
                )),
            }
        }
        if let Some(v) = f[fi(Field::JoinedOn)] {
            match read_date(v) {
                Ok(d) => details.joined_on = d,
                Err(t) => problems.push(ctx.problem(
                    col(Field::JoinedOn),
                    "bad_date",
                    Severity::Warning,
                    format!("入编时间“{t}”无法识别，已留空"),
                )),
            }
        }

        // The other template fields, kept as read (dates in one form).
        for field in KEPT_ROSTER_FIELDS {
            let Some(v) = f[fi(*field)] else { continue };
            let text = if matches!(
                field,
                Field::EnteredOn | Field::CurrentPostSince | Field::WorkSince
            ) {
                match read_date(v) {
                    Ok(Some(d)) => Some(d.to_string()),
                    Ok(None) => None,
                    Err(t) => Some(t),
                }
            } else if *field == Field::PersonState {
                clean_text(Some(v)).map(|t| mapping.value(*field, &t).to_string())
            } else {
                clean_text(Some(v))
            };
            // Being in post is what being on a post means: only another state is kept.
            if let Some(t) = text
                && !(*field == Field::PersonState && in_post(&t))
            {
                details.kept.insert(field_code(*field).to_string(), t);
            }
        }

        // A person on a post in another unit is a 调动/划转, not an import.
        let mut action = Action::New;
        if let (Some(id), Some((org_id, _)), Some(pt)) = (&id, &org, post_type) {
            details.align_with_id(id);
            match self.existing.get(id.as_str()) {
                None => {}
                Some(p) => match p.status.post() {
                    Some((o, t)) if o != *org_id => {
                        let other = self
                            .orgs
                            .orgs
                            .iter()
                            .find(|x| x.id == o)
                            .map(|x| x.name.clone())
                            .unwrap_or_default();
                        err(
                            &mut problems,
                            col(Field::IdNumber),
                            "duplicate_id",
                            format!(
                                "{}（{}）已在{other}占用{t}；跨单位的人员变动请办理调动或划转，不能通过导入完成",
                                p.details.name,
                                id.masked()
                            ),
                        );
                        failed = true;
                    }
                    Some((_, t)) if t == pt && p.details == details => action = Action::Unchanged,
                    _ => action = Action::Updated,
                },
            }
        }

        let unit = org.as_ref().map(|(_, n)| n.clone()).or(unit_text);
        for p in &mut problems {
            p.unit = unit.clone();
        }
        plan.problems.append(&mut problems);
        if failed {
            let reasons = plan
                .problems
                .iter()
                .rev()
                .take_while(|p| p.row == Some(row) && p.sheet == state.name)
                .filter(|p| p.severity == Severity::Error)
                .map(|p| p.message.clone())
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .collect();
            plan.rejected.push(RejectedRow {
                sheet: state.index,
                row,
                cells: cells.iter().map(|(c, v)| (*c, v.display())).collect(),
                reasons,
            });
            return;
        }
        let (Some(id), Some((org_id, unit)), Some(post_type)) = (id, org, post_type) else {
            return;
        };
        let date = self.settings.run.date.unwrap_or_else(|| {
            registration_date(
                details.joined_on.and_then(|d| d.first_day()),
                self.approved_on(org_id, post_type),
                self.today,
            )
        });
        let doc_no = details.join_doc.clone().unwrap_or_default();
        let change = PersonChange {
            sheet: state.index,
            row,
            action,
            id,
            details,
            org: org_id,
            unit,
            post_type,
            date,
            doc_no,
        };
        if let Some(sink) = self.sink
            && sink.send(change.clone()).is_err()
        {
            // The writer stopped (its error is the one reported).
            self.error = Some(ImportError::Cancelled);
            return;
        }
        plan.people.push(change);
    }
}
