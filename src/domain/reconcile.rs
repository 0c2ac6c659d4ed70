//! 核查: the registry held against another department's list — 财政's payroll (工资统发),
//! 人社's personnel list (在编人员) and retirement approvals (退休审批), 组织部's appointments
//! (干部任免). Rows are matched to people by ID number; an ID that was masked
//! (`430726********1234`) or lost its last digits in Excel (`4.30726198501011E+17`) is
//! matched by the digits it still has, with the name; a row without a usable ID by name,
//! unit and birth. What does not agree becomes a [`Finding`].

use super::date::PartialDate;
use super::id_number::{self, IdNumber};
use super::person::ExitReason;
use super::post::{Funding, PostType};
use super::retirement::Month;
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::{HashMap, HashSet};

/// Where a list comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum Source {
    /// 财政 工资统发名单
    Payroll,
    /// 人社 在编人员名单
    Hr,
    /// 人社 退休审批名单
    Retirement,
    /// 组织部 干部任免名单
    Appointments,
}

impl Source {
    pub const ALL: [Source; 4] = [
        Source::Payroll,
        Source::Hr,
        Source::Retirement,
        Source::Appointments,
    ];

    /// The code of `--source` and of the database.
    pub fn code(self) -> &'static str {
        match self {
            Source::Payroll => "payroll",
            Source::Hr => "hr",
            Source::Retirement => "retirement",
            Source::Appointments => "appointments",
        }
    }

    pub fn from_code(code: &str) -> Option<Source> {
        Source::ALL.into_iter().find(|s| s.code() == code)
    }

    pub fn label(self) -> &'static str {
        match self {
            Source::Payroll => "财政工资统发名单",
            Source::Hr => "人社在编人员名单",
            Source::Retirement => "人社退休审批名单",
            Source::Appointments => "组织部干部任免名单",
        }
    }

    /// Whether every person on a post should be on the list (payroll, personnel).
    fn lists_everyone(self) -> bool {
        matches!(self, Source::Payroll | Source::Hr)
    }
}

/// The kind of a finding; the codes are those of `reconcile --json`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum FindingCode {
    OnPostNotPaid,
    PaidNotOnPost,
    UnitDiffers,
    TypeDiffers,
    AppointmentDiffers,
    RetirementApprovedOnPost,
    PastRetirement,
    IdentityDiffers,
}

impl FindingCode {
    pub const ALL: [FindingCode; 8] = [
        FindingCode::OnPostNotPaid,
        FindingCode::PaidNotOnPost,
        FindingCode::UnitDiffers,
        FindingCode::TypeDiffers,
        FindingCode::AppointmentDiffers,
        FindingCode::RetirementApprovedOnPost,
        FindingCode::PastRetirement,
        FindingCode::IdentityDiffers,
    ];

    pub fn code(self) -> &'static str {
        match self {
            FindingCode::OnPostNotPaid => "on_post_not_paid",
            FindingCode::PaidNotOnPost => "paid_not_on_post",
            FindingCode::UnitDiffers => "unit_differs",
            FindingCode::TypeDiffers => "type_differs",
            FindingCode::AppointmentDiffers => "appointment_differs",
            FindingCode::RetirementApprovedOnPost => "retirement_approved_on_post",
            FindingCode::PastRetirement => "past_retirement",
            FindingCode::IdentityDiffers => "identity_differs",
        }
    }

    pub fn from_code(code: &str) -> Option<FindingCode> {
        FindingCode::ALL.into_iter().find(|c| c.code() == code)
    }

    /// The label for a finding of a list from `source` (在编未发薪 against a payroll, 在编未列入
    /// 人社名单 against a personnel list).
    pub fn label(self, source: Source) -> &'static str {
        match (self, source) {
            (FindingCode::OnPostNotPaid, Source::Hr) => "在编未列入人社名单",
            (FindingCode::OnPostNotPaid, _) => "在编未发薪",
            (FindingCode::PaidNotOnPost, Source::Hr) => "人社名单有、未在编",
            (FindingCode::PaidNotOnPost, _) => "发薪未在编",
            (FindingCode::UnitDiffers, _) => "单位不一致",
            (FindingCode::TypeDiffers, _) => "编制类型或经费渠道不一致",
            (FindingCode::AppointmentDiffers, _) => "任免不一致",
            (FindingCode::RetirementApprovedOnPost, _) => "已批准退休仍在编",
            (FindingCode::PastRetirement, _) => "已到退休年龄仍在编",
            (FindingCode::IdentityDiffers, _) => "姓名或身份证不一致",
        }
    }
}

/// A row of a list as read.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct ListRow {
    /// The row in the sheet (1-based), for messages.
    pub row: u32,
    pub name: String,
    /// The ID number as written (possibly masked or mangled by Excel).
    pub id_text: String,
    pub unit: String,
    /// 编制类型 as written.
    pub post_type: String,
    /// 经费形式 / 经费渠道 as written.
    pub funding: String,
    /// 职务 (appointments).
    pub position: String,
    /// 职级 / 级别 (appointments).
    pub level: String,
    /// 任免 / 类别 as written: a row whose text says 免 is a removal.
    pub action: String,
    /// The date on the row (任免时间, 批准退休时间 …) as written.
    pub date: String,
    pub doc_no: String,
}

impl ListRow {
    /// Whether an appointments row is a removal (免职).
    fn is_removal(&self) -> bool {
        self.action.contains('免') || self.position.starts_with('免')
    }
}

/// A person of the registry, as matching needs them.
#[derive(Debug, Clone, PartialEq)]
pub struct KnownPerson {
    pub person_id: i64,
    pub id_number: IdNumber,
    pub name: String,
    pub birth: Option<PartialDate>,
    pub org_id: Option<i64>,
    /// The unit's name(s) (full name, short name) for comparing with the list's.
    pub unit_names: Vec<String>,
    pub status: KnownStatus,
    /// The 职务 of appointments in force, when there are any.
    pub appointed_as: Vec<String>,
    pub retires_in: Option<Month>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum KnownStatus {
    OnPost(PostType),
    Left {
        reason: ExitReason,
        on: Option<NaiveDate>,
    },
}

/// Someone registered as 编外 (never on a post): paid, but not a finding.
#[derive(Debug, Clone, PartialEq)]
pub struct KnownOutside {
    pub id_number: Option<String>,
    pub name: String,
    pub unit_names: Vec<String>,
}

/// A disagreement between the list and the registry.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    pub code: FindingCode,
    pub person_id: Option<i64>,
    pub org_id: Option<i64>,
    /// The registry's ID number when matched, else the list's as written.
    pub id_number: String,
    pub name: String,
    pub unit: String,
    pub detail: String,
    /// The list's row (1-based) the finding comes from, when it comes from a row.
    pub row: Option<u32>,
}

/// What a round found.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Outcome {
    pub list_rows: usize,
    /// Rows matched to someone (a person on the registry or a registered 编外).
    pub matched: usize,
    /// The person each row was matched to (by index of `rows`).
    pub row_person: Vec<Option<i64>>,
    pub findings: Vec<Finding>,
}

impl Outcome {
    pub fn counts(&self) -> Vec<(FindingCode, usize)> {
        let mut map: HashMap<FindingCode, usize> = HashMap::new();
        for f in &self.findings {
            *map.entry(f.code).or_default() += 1;
        }
        let mut v: Vec<_> = map.into_iter().collect();
        v.sort();
        v
    }
}

/// The known characters of a list's ID: 18 positions, `None` where masked or lost.
#[derive(Debug, Clone, PartialEq)]
pub enum IdPattern {
    /// A valid ID number.
    Full(IdNumber),
    /// Some positions known.
    Partial(Vec<Option<char>>),
    /// Nothing usable.
    None,
}

/// Reads an ID as a list writes it: valid, masked with `*`, or an Excel number that kept
/// only its first 15 significant digits (`4.30726198501011E+17`, `430726198501011000`).
pub fn id_pattern(text: &str) -> IdPattern {
    let t: String = text
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '\'')
        .collect();
    if t.is_empty() {
        return IdPattern::None;
    }
    if let Ok(id) = IdNumber::parse(&t) {
        return IdPattern::Full(id);
    }
    let upper = t.to_uppercase();
    // Masked: digits and stars (and X), 18 long.
    if upper.chars().count() == 18
        && upper.contains('*')
        && upper
            .chars()
            .all(|c| c.is_ascii_digit() || c == '*' || c == 'X')
    {
        let known: Vec<Option<char>> = upper.chars().map(|c| (c != '*').then_some(c)).collect();
        return IdPattern::Partial(known);
    }
    // An Excel number: scientific notation, or 18 digits ending in zeros that fail the check.
    let digits = if let Some((mantissa, exp)) = upper.split_once('E') {
        let exp: i32 = exp.trim_start_matches('+').parse().unwrap_or(0);
        let m: String = mantissa.chars().filter(char::is_ascii_digit).collect();
        let int_len = mantissa.split('.').next().map_or(0, str::len) as i32;
        if exp + int_len == 18 { Some(m) } else { None }
    } else if upper.len() == 18 && upper.chars().all(|c| c.is_ascii_digit()) {
        Some(upper.trim_end_matches('0').to_string())
    } else {
        None
    };
    match digits {
        Some(d) if d.len() >= 12 && d.len() <= 17 => {
            let known: Vec<Option<char>> = (0..18).map(|i| d.chars().nth(i)).collect();
            IdPattern::Partial(known)
        }
        _ => IdPattern::None,
    }
}

fn agrees(pattern: &[Option<char>], id: &IdNumber) -> bool {
    id.as_str()
        .chars()
        .zip(pattern)
        .all(|(c, p)| p.is_none_or(|p| p == c))
}

/// Text without spaces or brackets' content differences, for comparing names of units.
fn squeeze(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '（' => '(',
            '）' => ')',
            c => c,
        })
        .collect()
}

/// Whether a list's unit names one of the person's unit names (equal, or one inside the
/// other: 县财政局 and 某某县财政局).
pub fn same_unit(list_unit: &str, names: &[String]) -> bool {
    let u = squeeze(list_unit);
    u.is_empty()
        || names.iter().any(|n| {
            let n = squeeze(n);
            !n.is_empty() && (n == u || n.contains(&u) || u.contains(&n))
        })
}

fn same_name(a: &str, b: &str) -> bool {
    squeeze(a) == squeeze(b)
}

/// Everything a round needs from the registry.
pub struct Registry<'a> {
    pub people: &'a [KnownPerson],
    pub outside: &'a [KnownOutside],
    /// Every unit's id and names: a finding of someone not on a post is the unit's the list
    /// names (the unit that pays them), when it names one.
    pub units: &'a [(i64, Vec<String>)],
    pub today: NaiveDate,
}

impl Registry<'_> {
    /// The one unit whose name the list's unit text gives (equal first, then contained).
    fn unit_named(&self, text: &str) -> Option<(i64, String)> {
        let t = squeeze(text);
        if t.is_empty() {
            return None;
        }
        let exact: Vec<_> = self
            .units
            .iter()
            .filter(|(_, names)| names.iter().any(|n| squeeze(n) == t))
            .collect();
        let hits = if exact.is_empty() {
            self.units
                .iter()
                .filter(|(_, names)| same_unit(text, names))
                .collect()
        } else {
            exact
        };
        match hits[..] {
            [(id, names)] => Some((*id, names.first().cloned().unwrap_or_default())),
            _ => None,
        }
    }
}

/// How a row was matched.
enum Match {
    Person(usize, Option<String>),
    Outside,
    Nobody,
}

/// Matches the rows of a list from `source` to the registry and lists what disagrees.
pub fn reconcile(source: Source, rows: &[ListRow], reg: &Registry) -> Outcome {
    let by_id: HashMap<&str, usize> = reg
        .people
        .iter()
        .enumerate()
        .map(|(i, p)| (p.id_number.as_str(), i))
        .collect();
    let mut by_name: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, p) in reg.people.iter().enumerate() {
        by_name.entry(squeeze(&p.name)).or_default().push(i);
    }
    let mut out = Outcome {
        list_rows: rows.len(),
        ..Default::default()
    };
    let mut seen: HashSet<usize> = HashSet::new();
    for row in rows {
        let matched = match_row(row, reg, &by_id, &by_name);
        let person = match &matched {
            Match::Person(i, _) => Some(*i),
            _ => None,
        };
        out.row_person.push(person.map(|i| reg.people[i].person_id));
        match matched {
            Match::Nobody => {
                if source != Source::Retirement {
                    // An 任免 row of someone not on the registry, a payroll row of nobody.
                    let code = if source == Source::Appointments {
                        FindingCode::AppointmentDiffers
                    } else {
                        FindingCode::PaidNotOnPost
                    };
                    let detail = match source {
                        Source::Appointments => {
                            format!("组织部名单有任免（{}），在册人员中找不到此人", row.position)
                        }
                        Source::Hr => "人社名单有，在册人员中找不到此人".to_string(),
                        _ => "发薪名单有，在册人员和编外人员中都找不到此人".to_string(),
                    };
                    let mut f = row_finding(code, row, detail);
                    if let Some((org, _)) = reg.unit_named(&row.unit) {
                        f.org_id = Some(org);
                    }
                    out.findings.push(f);
                }
            }
            Match::Outside => out.matched += 1,
            Match::Person(i, identity) => {
                out.matched += 1;
                seen.insert(i);
                let p = &reg.people[i];
                if let Some(detail) = identity {
                    out.findings.push(person_finding(
                        FindingCode::IdentityDiffers,
                        p,
                        Some(row.row),
                        detail,
                    ));
                }
                let before = out.findings.len();
                compare_row(source, row, p, &mut out.findings);
                // Someone no longer on a post: the finding is the paying unit's.
                if p.org_id.is_none() {
                    for f in &mut out.findings[before..] {
                        if let Some((org, name)) = reg.unit_named(&row.unit) {
                            f.org_id = Some(org);
                            f.unit = name;
                        } else {
                            f.unit = row.unit.trim().to_string();
                        }
                    }
                }
            }
        }
    }
    // The registry's side: people the list should name and does not.
    let this_month = Month::of(reg.today);
    for (i, p) in reg.people.iter().enumerate() {
        let on_post = matches!(p.status, KnownStatus::OnPost(_));
        if source.lists_everyone() && on_post {
            if !seen.contains(&i) {
                let detail = match source {
                    Source::Hr => "在编，人社在编人员名单中没有".to_string(),
                    _ => "在编，工资统发名单中没有".to_string(),
                };
                out.findings
                    .push(person_finding(FindingCode::OnPostNotPaid, p, None, detail));
            }
            if let Some(m) = p.retires_in.filter(|m| *m < this_month) {
                out.findings.push(person_finding(
                    FindingCode::PastRetirement,
                    p,
                    None,
                    format!("法定退休时间 {m}，仍在编"),
                ));
            }
        }
        if source == Source::Appointments
            && on_post
            && !seen.contains(&i)
            && let Some(title) = p.appointed_as.first()
        {
            out.findings.push(person_finding(
                FindingCode::AppointmentDiffers,
                p,
                None,
                format!("本库有任职记录（{title}），组织部名单中没有"),
            ));
        }
    }
    out
}

fn match_row(
    row: &ListRow,
    reg: &Registry,
    by_id: &HashMap<&str, usize>,
    by_name: &HashMap<String, Vec<usize>>,
) -> Match {
    let same_name_people = || {
        by_name
            .get(&squeeze(&row.name))
            .map(Vec::as_slice)
            .unwrap_or(&[])
    };
    let mut pattern = id_pattern(&row.id_text);
    if let IdPattern::Full(id) = &pattern {
        if let Some(&i) = by_id.get(id.as_str()) {
            let p = &reg.people[i];
            let detail = (!row.name.is_empty() && !same_name(&row.name, &p.name))
                .then(|| format!("名单姓名“{}”，在册姓名“{}”", row.name.trim(), p.name));
            return Match::Person(i, detail);
        }
        // Excel's 15 digits and three zeros can pass the check by chance: read it as lost.
        if id.as_str().ends_with("000") {
            let digits = id.as_str().trim_end_matches('0');
            pattern = IdPattern::Partial((0..18).map(|i| digits.chars().nth(i)).collect());
        }
    }
    match &pattern {
        IdPattern::Full(_) => {}
        IdPattern::Partial(known) => {
            let hits: Vec<usize> = same_name_people()
                .iter()
                .copied()
                .filter(|&i| agrees(known, &reg.people[i].id_number))
                .collect();
            if let [i] = hits[..] {
                return Match::Person(i, None);
            }
        }
        IdPattern::None => {}
    }
    if is_outside(row, &pattern, reg.outside) {
        return Match::Outside;
    }
    // By name with unit, and birth when the list's ID still shows it.
    let birth = match &pattern {
        IdPattern::Full(id) => Some(id.birth_date()),
        _ => None,
    };
    let hits: Vec<usize> = same_name_people()
        .iter()
        .copied()
        .filter(|&i| {
            let p = &reg.people[i];
            same_unit(&row.unit, &p.unit_names)
                && match (birth, p.birth) {
                    (Some(a), Some(b)) => a.agrees_with(&b),
                    _ => true,
                }
        })
        .collect();
    match hits[..] {
        [i] => {
            let p = &reg.people[i];
            let detail = match &pattern {
                IdPattern::Full(id) => Some(format!(
                    "名单身份证号 {}，在册身份证号 {}",
                    id.as_str(),
                    p.id_number.as_str()
                )),
                IdPattern::Partial(_) => Some(format!(
                    "名单身份证号“{}”与在册身份证号 {} 不符",
                    row.id_text.trim(),
                    p.id_number.as_str()
                )),
                IdPattern::None => None,
            };
            Match::Person(i, detail)
        }
        _ => Match::Nobody,
    }
}

fn is_outside(row: &ListRow, pattern: &IdPattern, outside: &[KnownOutside]) -> bool {
    outside.iter().any(|o| {
        let id_agrees = match (pattern, &o.id_number) {
            (IdPattern::Full(id), Some(theirs)) => id.as_str() == id_number::normalize(theirs),
            (IdPattern::Partial(known), Some(theirs)) => IdNumber::parse(theirs)
                .map(|t| agrees(known, &t))
                .unwrap_or(false),
            _ => false,
        };
        id_agrees
            || (same_name(&row.name, &o.name)
                && same_unit(&row.unit, &o.unit_names)
                && !matches!(pattern, IdPattern::Full(_)))
    })
}

/// The checks of a row matched to a person.
fn compare_row(source: Source, row: &ListRow, p: &KnownPerson, out: &mut Vec<Finding>) {
    let at = Some(row.row);
    match (&p.status, source) {
        (KnownStatus::Left { reason, on }, Source::Payroll | Source::Hr) => {
            let when = on.map(|d| format!("于 {d} ")).unwrap_or_default();
            let list = if source == Source::Hr {
                "人社名单仍列"
            } else {
                "仍在发薪"
            };
            out.push(person_finding(
                FindingCode::PaidNotOnPost,
                p,
                at,
                format!("已{when}出编（{reason}），{list}"),
            ));
        }
        (KnownStatus::OnPost(post_type), Source::Payroll | Source::Hr) => {
            if !same_unit(&row.unit, &p.unit_names) {
                out.push(person_finding(
                    FindingCode::UnitDiffers,
                    p,
                    at,
                    format!(
                        "名单单位“{}”，在册单位“{}”",
                        row.unit.trim(),
                        p.unit_names.first().map_or("", String::as_str)
                    ),
                ));
            }
            if let Some(detail) = type_difference(row, *post_type) {
                out.push(person_finding(FindingCode::TypeDiffers, p, at, detail));
            }
        }
        (KnownStatus::OnPost(_), Source::Retirement) => {
            let when = if row.date.trim().is_empty() {
                String::new()
            } else {
                format!("（批准退休时间 {}）", row.date.trim())
            };
            out.push(person_finding(
                FindingCode::RetirementApprovedOnPost,
                p,
                at,
                format!("人社已批准退休{when}，仍在编"),
            ));
        }
        (_, Source::Appointments) => {
            let removal = row.is_removal();
            let on_post = matches!(p.status, KnownStatus::OnPost(_));
            if !removal && on_post && p.appointed_as.is_empty() {
                let what = [row.position.trim(), row.level.trim()]
                    .into_iter()
                    .filter(|s| !s.is_empty())
                    .collect::<Vec<_>>()
                    .join("，");
                out.push(person_finding(
                    FindingCode::AppointmentDiffers,
                    p,
                    at,
                    format!("组织部任命（{what}{}），本库无任职记录", doc_of(row)),
                ));
            } else if removal && !p.appointed_as.is_empty() {
                out.push(person_finding(
                    FindingCode::AppointmentDiffers,
                    p,
                    at,
                    format!(
                        "组织部已免职{}，本库仍在任（{}）",
                        doc_of(row),
                        p.appointed_as.join("、")
                    ),
                ));
            }
        }
        (KnownStatus::Left { .. }, Source::Retirement) => {}
    }
}

fn doc_of(row: &ListRow) -> String {
    if row.doc_no.trim().is_empty() {
        String::new()
    } else {
        format!("，{}", row.doc_no.trim())
    }
}

/// The list's 编制类型 or 经费形式 against the person's post, when the list gives one the
/// registry can read.
fn type_difference(row: &ListRow, post: PostType) -> Option<String> {
    let funding = Some(row.funding.trim()).filter(|f| !f.is_empty());
    if !row.post_type.trim().is_empty() {
        let (listed, assumed) = PostType::parse(&row.post_type, funding)?;
        // A list writing 事业编制 without a funding agrees with any institution post.
        let agrees =
            listed == post || (assumed && listed.is_institution() && post.is_institution());
        return (!agrees).then(|| {
            format!(
                "名单编制类型“{}{}”，在册“{}”",
                row.post_type.trim(),
                funding.map(|f| format!("，{f}")).unwrap_or_default(),
                post.label()
            )
        });
    }
    match (funding.and_then(Funding::parse), post) {
        (Some(f), PostType::Institution(held)) if f != held => Some(format!(
            "名单经费形式“{}”，在册“{}”",
            row.funding.trim(),
            post.label()
        )),
        _ => None,
    }
}

fn person_finding(code: FindingCode, p: &KnownPerson, row: Option<u32>, detail: String) -> Finding {
    Finding {
        code,
        person_id: Some(p.person_id),
        org_id: p.org_id,
        id_number: p.id_number.as_str().to_string(),
        name: p.name.clone(),
        unit: p.unit_names.first().cloned().unwrap_or_default(),
        detail,
        row,
    }
}

fn row_finding(code: FindingCode, row: &ListRow, detail: String) -> Finding {
    Finding {
        code,
        person_id: None,
        org_id: None,
        id_number: row.id_text.trim().to_string(),
        name: row.name.trim().to_string(),
        unit: row.unit.trim().to_string(),
        detail,
        row: Some(row.row),
    }
}

/// The key that says two findings of different rounds are the same problem.
pub fn finding_key(f: &Finding) -> (FindingCode, String) {
    let who = if f.id_number.is_empty() {
        squeeze(&f.name)
    } else {
        f.id_number.clone()
    };
    (f.code, who)
}

/// Against an earlier round of the same source: (still there, new, resolved since).
pub fn compare_rounds<'a>(
    earlier: &'a [Finding],
    later: &'a [Finding],
) -> (Vec<&'a Finding>, Vec<&'a Finding>, Vec<&'a Finding>) {
    let before: HashSet<_> = earlier.iter().map(finding_key).collect();
    let after: HashSet<_> = later.iter().map(finding_key).collect();
    let still = later
        .iter()
        .filter(|f| before.contains(&finding_key(f)))
        .collect();
    let new = later
        .iter()
        .filter(|f| !before.contains(&finding_key(f)))
        .collect();
    let resolved = earlier
        .iter()
        .filter(|f| !after.contains(&finding_key(f)))
        .collect();
    (still, new, resolved)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::id_number::tests::with_check;

    fn id(first17: &str) -> IdNumber {
        IdNumber::parse(&with_check(first17)).expect("valid")
    }

    fn person(n: i64, first17: &str, name: &str, unit: &str, status: KnownStatus) -> KnownPerson {
        let id = id(first17);
        KnownPerson {
            person_id: n,
            birth: Some(id.birth_date()),
            id_number: id,
            name: name.into(),
            org_id: Some(1),
            unit_names: vec![unit.into()],
            status,
            appointed_as: vec![],
            retires_in: None,
        }
    }

    fn row(n: u32, name: &str, id_text: &str, unit: &str) -> ListRow {
        ListRow {
            row: n,
            name: name.into(),
            id_text: id_text.into(),
            unit: unit.into(),
            ..Default::default()
        }
    }

    fn codes(o: &Outcome) -> Vec<(&'static str, String)> {
        let mut v: Vec<_> = o
            .findings
            .iter()
            .map(|f| (f.code.code(), f.name.clone()))
            .collect();
        v.sort();
        v
    }

    fn admin() -> KnownStatus {
        KnownStatus::OnPost(PostType::Administrative)
    }

    #[test]
    fn ids_are_read_full_masked_or_as_excel_left_them() {
        let full = with_check("43072619850101123");
        assert!(matches!(id_pattern(&full), IdPattern::Full(_)));
        let IdPattern::Partial(k) = id_pattern("430726********1234") else {
            panic!("masked")
        };
        assert_eq!(k.iter().filter(|c| c.is_some()).count(), 10);
        let IdPattern::Partial(k) = id_pattern("4.30726198501011E+17") else {
            panic!("scientific")
        };
        assert_eq!(k.iter().flatten().collect::<String>(), "430726198501011");
        let IdPattern::Partial(k) = id_pattern("430726198501011000") else {
            panic!("zeros")
        };
        assert_eq!(k.iter().flatten().count(), 15);
        assert_eq!(id_pattern(""), IdPattern::None);
        assert_eq!(id_pattern("无"), IdPattern::None);
    }

    #[test]
    fn a_payroll_against_the_registry() {
        let people = vec![
            person(1, "43072619850101123", "张三", "县财政局", admin()),
            person(2, "43072619900202234", "李四", "县财政局", admin()),
            person(
                3,
                "43072619700303345",
                "王五",
                "县财政局",
                KnownStatus::Left {
                    reason: ExitReason::Retirement,
                    on: NaiveDate::from_ymd_opt(2026, 3, 1),
                },
            ),
            person(4, "43072619800404456", "赵六", "县财政局", admin()),
            person(
                5,
                "43072619860505567",
                "钱七",
                "县人民医院",
                KnownStatus::OnPost(PostType::Institution(Funding::Full)),
            ),
        ];
        let outside = vec![KnownOutside {
            id_number: None,
            name: "孙八".into(),
            unit_names: vec!["县财政局".into()],
        }];
        let rows = vec![
            row(2, "张三", &id("43072619850101123").to_string(), "县财政局"),
            // masked, and paid in another unit
            row(3, "李四", "430726********2341", "县教育局"),
            // gone, still paid
            row(4, "王五", &id("43072619700303345").to_string(), "县财政局"),
            // 编外 on the payroll
            row(5, "孙八", "", "县财政局"),
            // nobody
            row(6, "周九", "", "县财政局"),
            // name differs under the same ID
            ListRow {
                funding: "差额拨款".into(),
                ..row(
                    7,
                    "钱 七七",
                    &id("43072619860505567").to_string(),
                    "县人民医院",
                )
            },
        ];
        let mut people = people;
        people[1].id_number = id("43072619900202234");
        // Make the masked row agree with 李四's real ID (last four digits).
        let li_si = people[1].id_number.as_str().to_string();
        let mut rows = rows;
        rows[1].id_text = format!("{}********{}", &li_si[..6], &li_si[14..]);
        let units = vec![
            (1, vec!["县财政局".to_string()]),
            (2, vec!["县人民医院".to_string()]),
        ];
        let reg = Registry {
            people: &people,
            outside: &outside,
            units: &units,
            today: NaiveDate::from_ymd_opt(2026, 12, 7).expect("date"),
        };
        let o = reconcile(Source::Payroll, &rows, &reg);
        assert_eq!(o.list_rows, 6);
        assert_eq!(o.matched, 5, "all but 周九");
        assert_eq!(
            codes(&o),
            vec![
                ("identity_differs", "钱七".to_string()),
                ("on_post_not_paid", "赵六".to_string()),
                ("paid_not_on_post", "周九".to_string()),
                ("paid_not_on_post", "王五".to_string()),
                ("type_differs", "钱七".to_string()),
                ("unit_differs", "李四".to_string()),
            ]
        );
        let gone = o.findings.iter().find(|f| f.name == "王五").expect("王五");
        assert!(gone.detail.contains("2026-03-01"), "{}", gone.detail);
        assert_eq!(
            (gone.org_id, gone.unit.as_str()),
            (Some(1), "县财政局"),
            "the paying unit"
        );
        let nobody = o.findings.iter().find(|f| f.name == "周九").expect("周九");
        assert_eq!(nobody.org_id, Some(1));
        assert_eq!(o.row_person[1], Some(2));
    }

    #[test]
    fn lost_precision_ids_match_with_the_name_and_others_by_unit_and_birth() {
        let people = vec![
            person(1, "43072619850101123", "张三", "县财政局", admin()),
            person(2, "43072619850101999", "张三", "县教育局", admin()),
        ];
        let reg = Registry {
            people: &people,
            outside: &[],
            units: &[],
            today: NaiveDate::from_ymd_opt(2026, 12, 7).expect("date"),
        };
        let rows = vec![
            row(2, "张三", "4.30726198501011E+17", "县财政局"),
            row(3, "张三", "", "县教育局"),
        ];
        let o = reconcile(Source::Hr, &rows, &reg);
        assert_eq!(o.row_person, vec![Some(1), Some(2)]);
        assert!(o.findings.is_empty(), "{:?}", o.findings);
    }

    #[test]
    fn retirement_approvals_and_appointments() {
        let mut people = vec![
            person(1, "43072619650101123", "张三", "县财政局", admin()),
            person(2, "43072619800202234", "李四", "县财政局", admin()),
            person(3, "43072619810303345", "王五", "县财政局", admin()),
        ];
        people[2].appointed_as = vec!["副局长".into()];
        people[0].retires_in = Some(Month::new(2025, 2));
        let reg = Registry {
            people: &people,
            outside: &[],
            units: &[],
            today: NaiveDate::from_ymd_opt(2026, 12, 7).expect("date"),
        };
        let approvals = vec![ListRow {
            date: "2025-02".into(),
            ..row(2, "张三", &people[0].id_number.to_string(), "县财政局")
        }];
        let o = reconcile(Source::Retirement, &approvals, &reg);
        assert_eq!(
            codes(&o),
            vec![("retirement_approved_on_post", "张三".to_string())]
        );
        let appointments = vec![ListRow {
            position: "局长".into(),
            doc_no: "县委〔2026〕3号".into(),
            ..row(2, "李四", &people[1].id_number.to_string(), "县财政局")
        }];
        let o = reconcile(Source::Appointments, &appointments, &reg);
        assert_eq!(
            codes(&o),
            vec![
                ("appointment_differs", "李四".to_string()),
                ("appointment_differs", "王五".to_string()),
            ]
        );
        // A payroll round also finds who is past retirement age.
        let o = reconcile(Source::Payroll, &[], &reg);
        assert!(codes(&o).contains(&("past_retirement", "张三".to_string())));
    }

    #[test]
    fn a_second_round_shows_what_was_resolved() {
        let f = |code, name: &str| Finding {
            code,
            person_id: None,
            org_id: None,
            id_number: String::new(),
            name: name.into(),
            unit: String::new(),
            detail: String::new(),
            row: None,
        };
        let first = vec![
            f(FindingCode::OnPostNotPaid, "甲"),
            f(FindingCode::UnitDiffers, "乙"),
        ];
        let second = vec![
            f(FindingCode::UnitDiffers, "乙"),
            f(FindingCode::PaidNotOnPost, "丙"),
        ];
        let (still, new, resolved) = compare_rounds(&first, &second);
        assert_eq!(still.len(), 1);
        assert_eq!(new[0].name, "丙");
        assert_eq!(resolved[0].name, "甲");
    }
}
