//! Rosters (实名制花名册): people on posts.

use super::book::{Book, Value};
use super::header::{Header, find_header};
use super::settings::{Field, ROSTER_FIELDS, Settings, fold_width, normalize_header};
use super::{
    Action, ImportError, ImportPlan, PersonChange, Problem, Progress, RejectedRow, RowCtx,
    Severity, SheetReport, column_letter, read_sheet, suggest,
};
use crate::domain::{
    Funding, Gender, IdNumber, Org, OrgId, OrgKind, PartialDate, Person, PersonDetails, PostType,
};
use crate::store::Store;
use chrono::NaiveDate;
use std::collections::HashMap;

const N_FIELDS: usize = 48;

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
    rows: usize,
    by_col: Vec<Option<Field>>,
}

struct Planner<'a> {
    existing: HashMap<String, Person>,
    settings: &'a Settings,
    orgs: OrgIndex,
    today: NaiveDate,
    /// First row of each ID in the file: (sheet name, row, name).
    seen: HashMap<IdNumber, (String, u32, String)>,
    name_headers: Vec<String>,
    error: Option<ImportError>,
}

pub(crate) fn plan(
    store: &Store,
    book: &mut Book,
    settings: &Settings,
    progress: &Progress,
    plan: &mut ImportPlan,
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
        seen: HashMap::new(),
        name_headers,
        error: None,
    };
    let names = book.sheet_names.clone();
    for (index, name) in names.iter().enumerate() {
        let mut state = SheetState {
            index,
            name: name.clone(),
            sheet_org: None,
            last_unit: None,
            rows: 0,
            by_col: Vec::new(),
        };
        let mut report = SheetReport {
            name: name.clone(),
            header_rows: None,
            columns: Vec::new(),
            labels: Vec::new(),
            unit_from_name: None,
            skipped: None,
            rows: 0,
            read_error: None,
        };
        let header = read_sheet(
            book,
            name,
            progress,
            |rows| {
                find_header(rows, &table, |c| {
                    c.contains_key(&Field::PersonName) && c.contains_key(&Field::IdNumber)
                })
            },
            |h, r, cells| p.row(&mut state, h, r, cells, plan),
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
    Ok(())
}

impl Planner<'_> {
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

        // The unit: its column (an empty cell under a merged unit takes the one above), or
        // the sheet name.
        let org: Option<(OrgId, String)> = if h.columns.contains_key(&Field::Unit) {
            let text = f[fi(Field::Unit)]
                .and_then(|v| v.text())
                .or_else(|| state.last_unit.clone());
            match text {
                None => {
                    err(
                        &mut problems,
                        col(Field::Unit),
                        "unknown_org",
                        "未填写单位名称".to_string(),
                    );
                    failed = true;
                    None
                }
                Some(t) => {
                    state.last_unit = Some(t.clone());
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
            }
        } else {
            match &state.sheet_org {
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
            }
        };

        // Post type: its column (with the funding column), or implied by the unit.
        let funding_text = f[fi(Field::Funding)].and_then(|v| v.text());
        let type_text = f[fi(Field::PostType)].and_then(|v| v.text());
        let post_type = match (&type_text, &funding_text) {
            (Some(t), _) => match PostType::parse(t, funding_text.as_deref()) {
                Some((pt, assumed)) => {
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
                None => {
                    err(
                        &mut problems,
                        col(Field::PostType),
                        "missing_required",
                        format!(
                            "编制类型“{t}”无法识别（应为行政编制、政法专项编制、事业编制或工勤编制）"
                        ),
                    );
                    failed = true;
                    None
                }
            },
            (None, Some(fu)) if Funding::parse(fu).is_some() => {
                Funding::parse(fu).map(PostType::Institution)
            }
            (None, _) => match org.as_ref().and_then(|(o, _)| self.orgs.implied_post(*o)) {
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
        };
        if let Some(v) = f[fi(Field::Gender)] {
            let t: String = v.display().trim().chars().map(fold_width).collect();
            details.gender = Gender::parse(&t);
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
        let (Some(id), Some((org_id, _)), Some(post_type)) = (id, org, post_type) else {
            return;
        };
        let date = details
            .joined_on
            .and_then(|d| d.first_day())
            .unwrap_or(self.today);
        let doc_no = details.join_doc.clone().unwrap_or_default();
        plan.people.push(PersonChange {
            sheet: state.index,
            row,
            action,
            id,
            details,
            org: org_id,
            post_type,
            date,
            doc_no,
        });
    }
}
