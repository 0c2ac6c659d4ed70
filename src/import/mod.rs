//! Excel import of units tables (机构编制情况表) and rosters (实名制花名册).
//!
//! UI-free. An import has two steps:
//!
//! 1. [`plan`] reads a file (`.xlsx`, `.xlsm`, `.xls`, `.xlsb`, `.ods`; the format is taken
//!    from the content, not the name) into an [`ImportPlan`]: what would be created, updated,
//!    left unchanged and rejected, and every [`Problem`] located by sheet, Excel row number
//!    and column. It only reads the database.
//! 2. [`commit`] writes a plan in one transaction (all of it, or nothing), records the import
//!    in the `imports` table and stamps every ledger entry and person event with it.
//!
//! Both take a [`Progress`], which a GUI shares with its background thread (`Arc<Progress>`)
//! to show progress and to cancel: a cancelled plan returns [`ImportError::Cancelled`], a
//! cancelled commit rolls back. `Store` is `Send`: a GUI moves it (or a second `Store` opened
//! on the same file) into the worker thread and gets it back with the plan.
//!
//! ```no_run
//! use bianzhi::import::{self, ImportKind, Progress, Settings};
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let mut store = bianzhi::store::Store::open("county.db".as_ref())?;
//! let settings = Settings::load(None)?;
//! let progress = Progress::default();
//! let plan = import::plan(&store, "花名册.xlsx".as_ref(), ImportKind::Roster, &settings, &progress)?;
//! println!("新增 {} 人，拒绝 {} 行", plan.counts().new, plan.counts().rejected);
//! let report = import::commit(&mut store, &plan, &progress)?;
//! # let _ = report; Ok(()) }
//! ```
//!
//! # What the reader understands
//!
//! - The header anywhere in the first 20 non-empty rows (title rows above it are ignored),
//!   one row or a merged two-level header (`领导职数` over `正职`/`副职`; `入编情况` over
//!   `时间`/`文号`).
//! - Headers compared without spaces or punctuation, full-width folded (`姓  名`, `姓名：`),
//!   and with a bracketed part removed (`身份证号码（18位）`), against the synonyms in
//!   [`settings::ROSTER_FIELDS`] and [`settings::ORG_FIELDS`], extended by the settings file.
//! - Rosters: a sheet without a unit column takes its unit from the sheet name (exact, a
//!   unit's short name, or the one unit whose name contains it); a sheet without a roster
//!   header (a summary sheet) is skipped with a notice; footer rows (合计, 填表人：…) and
//!   blank rows are skipped; an empty unit cell under a vertically merged unit takes the unit
//!   above. One sheet may hold a block per unit: a "单位：X" (or "单位名称：X") line above
//!   each block's own header, with 小计 lines; each person lands on the block's unit.
//! - The provincial templates: 行政机构名称 / 事业单位名称 as the unit column, 所在机构 (the
//!   internal division, kept on the person, never the unit), 编制类别 with a separate
//!   编制经费形式 (see [`crate::domain::PostType::read`]); a 人员状态 other than in post is held;
//!   the templates' other fields (人员分类, 进入形式, 籍贯 …) are kept on the person as read.
//! - Each person is registered on the later of their 入编时间 and the day their unit first
//!   held posts of the type, unless the import gives a date ([`settings::RunOptions`]).
//! - Dates as date cells, serial numbers or text (`1985.03`, `1985年3月`, `1985年3月5日`,
//!   `19850305`, `1985-3-5`, `2015/03/04`); month-only dates stay months.
//! - ID numbers: full-width digits, spaces, lowercase x and a leading `'` are normalised;
//!   15-digit numbers are upgraded; a numeric cell of 16 or more digits has lost its last
//!   digits inside Excel and is never imported as an ID (`id_precision_lost`).
//!
//! # Problem codes
//!
//! | code | severity | when |
//! |---|---|---|
//! | `id_checksum` | error | check digit wrong |
//! | `id_precision_lost` | error | ID stored as a number with its last digits lost |
//! | `id_format` | error | not an 18- or 15-character ID (or a birth date that does not exist) |
//! | `duplicate_id` | error | same ID twice in the file (the later row), or the person holds a post in another unit |
//! | `unknown_org` | error | unit not in the database (suggests up to 3 close names) |
//! | `missing_required` | error | name or ID missing; post type missing and not implied by the unit, or not recognised (the row is held, with the value) |
//! | `unknown_funding` | error | a 经费形式 that is not recognised (the row is held, never read as 全额拨款) |
//! | `post_type_held` | error | 机关其他编制, 未定编到人: not a post the county approves (held) |
//! | `person_state_held` | error | a 人员状态 other than in post (离岗, 借调出 …) (held) |
//! | `unknown_gender` | error | a 性别 that is neither 男 nor 女 (held) |
//! | `birth_mismatch` | warning | birth date disagrees with the ID; the ID wins |
//! | `gender_mismatch` | warning | gender disagrees with the ID; the ID wins |
//! | `bad_date` | warning | a date that cannot be read; the field is left empty |
//! | `funding_assumed` | warning | 事业编制 with no funding form, counted as 全额拨款 |
//! | `bad_value` | warning | another value that cannot be read (机构类别, 乡镇类别 …); left as it was |
//! | `bad_number` | error | a post or leadership count that is not a whole number, or a cut below the people on post |
//! | `duplicate_org` | error | the same unit twice in a units table (the later row) |
//! | `already_imported` | warning | a file with the same content was imported before |
//! | `sheet_skipped` | notice | a sheet without a recognisable header (e.g. a summary sheet) |
//!
//! # Settings file
//!
//! `settings.json` in the data directory ([`crate::store::data_dir`]), or the file given with
//! `--settings`. Only its `"import"` object is read; other keys belong to other parts of
//! the program. Fields are named by code or by any built-in header name:
//!
//! ```json
//! {
//!   "import": {
//!     "synonyms": {
//!       "id_number": ["证件号", "身份证号（必填）"],
//!       "单位名称": ["科室名称"],
//!       "joined_on": ["编制入编时间"]
//!     },
//!     "footer_words": ["打印时间", "数据来源"]
//!   }
//! }
//! ```
//!
//! Field codes — rosters: `unit`, `name`, `gender`, `ethnicity`, `birth`, `id_number`,
//! `post_type`, `funding`, `position`, `joined_on`, `join_doc`, `education`, `party`, and
//! the kept ones `division`, `person_class`, `person_state`, `entry_form`, `entered_on`,
//! `post_category`, `leader_level`, `current_post_since`, `work_since`, `native_place`,
//! `degree`, `school`, `major`, `title`; units
//! tables: `org_name`, `short_name`, `kind`, `grade`, `parent`, `township_class`,
//! `org_funding`, `admin`, `political_legal`, `institution`, `institution_full`,
//! `institution_partial`, `institution_self`, `service`, `leaders_chief`, `leaders_deputy`,
//! `credit_code`, `doc_no`, `approved_on`.

mod book;
mod commit;
pub mod filing;
pub mod header;
mod list;
mod orgs;
pub mod outside;
pub mod reconcile;
mod roster;
pub mod settings;
mod suggest;

pub use book::{Value, in_guarded_read};
pub use commit::{CommitReport, commit, import_now};
pub use header::column_letter;
pub use settings::{Field, Settings, SettingsError};

/// Reads an indicator system from a workbook written by
/// [`crate::export::write_indicator_system`] (or typed the same way): a sheet of items
/// (主题, 维度, 指标, 分值, 方法), and optionally sheets 一票否决 and 等次. The system is
/// named after the file.
pub fn read_indicator_system(
    path: &std::path::Path,
) -> Result<crate::domain::evaluation::IndicatorSystem, String> {
    use calamine::Reader;
    let file = path.display().to_string();
    let mut wb =
        calamine::open_workbook_auto(path).map_err(|e| format!("无法读取“{file}”：{e}"))?;
    let cells = |r: &[calamine::Data]| -> Vec<String> {
        r.iter().map(|c| c.to_string().trim().to_string()).collect()
    };
    let mut md = String::new();
    for name in wb.sheet_names() {
        let range = wb
            .worksheet_range(&name)
            .map_err(|e| format!("“{file}”的工作表“{name}”无法读取：{e}"))?;
        if name.contains("否决") {
            md.push_str("\n## 一票否决\n");
            for r in range.rows().skip(1) {
                if let Some(v) = cells(r).first().filter(|v| !v.is_empty()) {
                    md.push_str(&format!("- {v}\n"));
                }
            }
        } else if name.contains("等次") {
            md.push_str("\n## 等次\n");
            for r in range.rows().skip(1) {
                let c = cells(r);
                if c.len() >= 2 && !c[0].is_empty() {
                    md.push_str(&format!("| {} | {} |\n", c[0], c[1]));
                }
            }
        } else {
            // Items first in the text, before any section heading.
            let mut items = String::new();
            for r in range.rows().skip(1) {
                let c = cells(r);
                if c.len() >= 5 && !c[2].is_empty() {
                    items.push_str(&format!(
                        "| {} | {} | {} | {} | {} |\n",
                        c[0], c[1], c[2], c[3], c[4]
                    ));
                }
            }
            md.insert_str(0, &items);
        }
    }
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().to_string())
        .unwrap_or_else(|| "导入的指标体系".to_string());
    let name = stem.split("第").next().unwrap_or(&stem).trim().to_string();
    crate::domain::evaluation::parse_system(&name, &md).map_err(|e| format!("“{file}”：{e}"))
}

use crate::domain::{IdNumber, OrgDraft, OrgId, PersonDetails, PostType};
use crate::store::{Store, StoreError};
use chrono::NaiveDate;
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU8, AtomicUsize, Ordering};

/// What a file is imported as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ImportKind {
    /// 机构编制情况表: units with approved posts.
    Orgs,
    /// 实名制花名册: people on posts.
    Roster,
}

impl ImportKind {
    /// The code stored in `imports.kind`.
    pub fn code(self) -> &'static str {
        match self {
            ImportKind::Orgs => "orgs",
            ImportKind::Roster => "roster",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            ImportKind::Orgs => "机构编制情况表",
            ImportKind::Roster => "实名制花名册",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The row is rejected.
    Error,
    /// The row is imported; something was corrected or assumed.
    Warning,
    /// Information about the file (a skipped sheet, a re-import).
    Notice,
}

impl Severity {
    pub fn label(self) -> &'static str {
        match self {
            Severity::Error => "错误",
            Severity::Warning => "警告",
            Severity::Notice => "提示",
        }
    }
}

/// A count with thousands separators: 100000 → "100,000".
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// The cause of a problem code, in Chinese, for grouping problems in the review (the codes
/// themselves stay in `--json` and in the problems workbook).
pub fn cause_label(code: &str) -> &'static str {
    match code {
        "id_checksum" => "身份证号校验位错误",
        "id_precision_lost" => "身份证号被 Excel 存成数字、末几位已丢失",
        "id_format" => "身份证号格式不对",
        "duplicate_id" => "身份证号重复或此人已在其他单位",
        "unknown_org" => "单位不在数据库中",
        "missing_required" => "缺少必填内容或编制类型无法识别",
        "unknown_funding" => "经费形式无法识别",
        "post_type_held" => "编制类别待核实（机关其他编制、未定编到人）",
        "person_state_held" => "人员状态不是在编在岗",
        "unknown_gender" => "性别无法识别",
        "birth_mismatch" => "出生日期与身份证号不符",
        "gender_mismatch" => "性别与身份证号不符",
        "bad_date" => "日期无法识别",
        "funding_assumed" => "事业编制未注明经费形式",
        "bad_value" => "内容无法识别",
        "bad_number" => "数字有误",
        "duplicate_org" => "单位重复",
        "already_imported" => "文件已导入过",
        "sheet_skipped" => "工作表已跳过",
        _ => "其他问题",
    }
}

/// One problem, located as Excel shows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Problem {
    pub sheet: String,
    /// Excel row number (1-based), `None` for a problem of the whole sheet or file.
    pub row: Option<u32>,
    /// Column letter (`G`).
    pub column: Option<String>,
    /// The column's header text.
    pub header: Option<String>,
    /// Stable code (see the module docs).
    pub code: &'static str,
    pub severity: Severity,
    /// Chinese message naming what is wrong and where.
    pub message: String,
    /// The unit the row names (as written), for grouping problems by unit.
    pub unit: Option<String>,
    /// For a held value: the field and the value as written, which the clerk may map to
    /// a value the importer knows (see [`settings::Mapping::values`]).
    #[serde(skip)]
    pub held: Option<(Field, String)>,
}

/// What committing a row will do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Action {
    New,
    Updated,
    Unchanged,
}

impl Action {
    pub fn label(self) -> &'static str {
        match self {
            Action::New => "新增",
            Action::Updated => "更新",
            Action::Unchanged => "无变化",
        }
    }
}

/// A roster row that will be registered.
#[derive(Debug, Clone, PartialEq)]
pub struct PersonChange {
    /// Index into [`ImportPlan::sheets`].
    pub sheet: usize,
    /// Excel row number.
    pub row: u32,
    pub action: Action,
    pub id: IdNumber,
    pub details: PersonDetails,
    pub org: OrgId,
    /// The unit's name, as in the database.
    pub unit: String,
    pub post_type: PostType,
    /// Date of the registration event: the later of 入编时间 and the unit's first approved
    /// posts of the type, or the date given for the import.
    pub date: NaiveDate,
    pub doc_no: String,
}

/// A units-table row that will create or update a unit and its approved posts.
#[derive(Debug, Clone, PartialEq)]
pub struct OrgChange {
    pub sheet: usize,
    pub row: u32,
    pub action: Action,
    /// The unit in the database when it exists already.
    pub existing: Option<OrgId>,
    /// Attributes to write (parent resolved at commit from `parent_name`).
    pub draft: OrgDraft,
    pub parent_name: Option<String>,
    /// Change of approved posts per type (positive: 核定, negative: 核减).
    pub post_changes: Vec<(PostType, i64)>,
    /// Approved posts per type after the import.
    pub posts: Vec<(PostType, i64)>,
    pub doc_no: String,
    pub date: NaiveDate,
}

/// A rejected row: what the clerk typed, and why it was refused.
#[derive(Debug, Clone, PartialEq)]
pub struct RejectedRow {
    pub sheet: usize,
    pub row: u32,
    /// The cells as shown (column, text).
    pub cells: Vec<(u32, String)>,
    pub reasons: Vec<String>,
}

/// How a sheet was read.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SheetReport {
    pub name: String,
    /// Excel row numbers of the header (first, last), when one was found.
    pub header_rows: Option<(u32, u32)>,
    /// Recognised columns: (field label, column letter, header text).
    pub columns: Vec<(String, String, String)>,
    /// All header texts by column (for writing rejected rows back).
    #[serde(skip)]
    pub labels: Vec<(u32, String)>,
    /// The unit taken from the sheet name, for sheets without a unit column.
    pub unit_from_name: Option<String>,
    /// The units of the blocks found ("单位：X" lines, one sheet holding a block per unit).
    pub blocks: Vec<String>,
    /// Why the sheet was skipped.
    pub skipped: Option<String>,
    /// Data rows read (accepted + rejected).
    pub rows: usize,
    /// Why the sheet could not be read at all (a chart sheet, a damaged part).
    #[serde(skip)]
    pub read_error: Option<String>,
}

impl SheetReport {
    pub(crate) fn unreadable(
        name: &str,
        error: &ImportError,
        plan: &mut ImportPlan,
    ) -> SheetReport {
        let detail = match error {
            ImportError::Corrupt(m) => m.clone(),
            other => other.to_string(),
        };
        let why = format!("无法读取（{detail}），已跳过");
        plan.notice_sheet_skipped(name, &why);
        SheetReport {
            name: name.to_string(),
            header_rows: None,
            columns: Vec::new(),
            labels: Vec::new(),
            unit_from_name: None,
            blocks: Vec::new(),
            skipped: Some(why),
            rows: 0,
            read_error: Some(detail),
        }
    }
}

/// An earlier import of the same content.
pub use crate::store::ImportRecord as PreviousImport;

/// A unit and post type that will be over quota after an import: approved posts and the
/// people who will be on them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OverQuotaAfter {
    pub unit: String,
    pub post_type: PostType,
    pub approved: i64,
    pub occupied: i64,
}

impl OverQuotaAfter {
    /// How many people over.
    pub fn over(&self) -> i64 {
        self.occupied - self.approved
    }
}

/// Row counts of a plan.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    /// Data rows read: accepted + rejected.
    pub rows: usize,
    pub accepted: usize,
    pub new: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub rejected: usize,
}

/// What an import would do. Nothing is written until [`commit`].
#[derive(Debug, Clone)]
pub struct ImportPlan {
    pub kind: ImportKind,
    /// The file name (without directories), as recorded.
    pub file: String,
    pub path: PathBuf,
    /// SHA-256 of the file's bytes, hex.
    pub content_hash: String,
    pub sheets: Vec<SheetReport>,
    pub people: Vec<PersonChange>,
    pub orgs: Vec<OrgChange>,
    pub rejected: Vec<RejectedRow>,
    pub problems: Vec<Problem>,
    /// Earlier imports of the same content.
    pub previous: Vec<PreviousImport>,
    /// The units that will be over quota once the plan is written (rosters).
    pub over_quota_after: Vec<OverQuotaAfter>,
    /// The internal divisions the roster's 所在机构 names that its unit does not have yet:
    /// (unit, division), each proposed on import for a clerk to confirm.
    pub new_divisions: Vec<(String, String)>,
    /// The state of the people tables when planned; when it is the same at commit, people
    /// planned as new are inserted without looking them up again.
    pub(crate) people_fingerprint: Option<String>,
}

impl ImportPlan {
    /// Records that a sheet was skipped, and why (a notice, not an error).
    pub(crate) fn notice_sheet_skipped(&mut self, name: &str, why: &str) {
        self.problems.push(Problem {
            sheet: name.to_string(),
            row: None,
            column: None,
            header: None,
            code: "sheet_skipped",
            severity: Severity::Notice,
            message: format!("工作表“{name}”{why}"),
            unit: None,
            held: None,
        });
    }

    pub fn counts(&self) -> Counts {
        let mut c = Counts::default();
        let actions = self
            .people
            .iter()
            .map(|p| p.action)
            .chain(self.orgs.iter().map(|o| o.action));
        for a in actions {
            match a {
                Action::New => c.new += 1,
                Action::Updated => c.updated += 1,
                Action::Unchanged => c.unchanged += 1,
            }
        }
        c.accepted = c.new + c.updated + c.unchanged;
        c.rejected = self.rejected.len();
        c.rows = c.accepted + c.rejected;
        c
    }

    /// Problems of one severity.
    pub fn count_severity(&self, s: Severity) -> usize {
        self.problems.iter().filter(|p| p.severity == s).count()
    }

    /// The JSON the CLI prints: `{"file","rows","accepted","new","updated","unchanged",
    /// "rejected","problems":[…]}` plus `kind`, `content_hash`, `sheets` and
    /// `already_imported`.
    pub fn to_json(&self) -> serde_json::Value {
        let c = self.counts();
        serde_json::json!({
            "file": self.file,
            "kind": self.kind,
            "content_hash": self.content_hash,
            "rows": c.rows,
            "accepted": c.accepted,
            "new": c.new,
            "updated": c.updated,
            "unchanged": c.unchanged,
            "rejected": c.rejected,
            "already_imported": self.previous,
            "sheets": self.sheets,
            "problems": self.problems,
            "over_quota_after": self
                .over_quota_after
                .iter()
                .map(|o| serde_json::json!({
                    "unit": o.unit,
                    "post_type": o.post_type.label(),
                    "approved": o.approved,
                    "occupied": o.occupied,
                    "over": o.over(),
                }))
                .collect::<Vec<_>>(),
            "new_divisions": self
                .new_divisions
                .iter()
                .map(|(unit, division)| serde_json::json!({"unit": unit, "division": division}))
                .collect::<Vec<_>>(),
        })
    }
}

/// Why a file could not be imported at all. Nothing was written.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("找不到文件“{0}”")]
    NotFound(String),
    #[error("无法读取文件：{0}")]
    Io(String),
    #[error("这不是 Excel 文件：{0}")]
    NotExcel(String),
    #[error("文件设有打开密码（已加密），无法读取；请在 Excel/WPS 中取消密码后另存再导入")]
    Encrypted,
    #[error("文件已损坏或不完整，无法读取（{0}）；请在 Excel/WPS 中打开后另存为 .xlsx 再导入")]
    Corrupt(String),
    #[error("文件中没有数据：{0}")]
    Empty(String),
    #[error("{0}")]
    NoHeader(String),
    #[error(
        "数据库中还没有任何单位：请先导入机构编制情况表（单位及其核定编制），再导入实名制花名册；本次未作任何改动"
    )]
    NoUnits,
    #[error("导入已取消，数据库未作任何改动")]
    Cancelled,
    #[error("写入数据库失败，未作任何改动：{0}")]
    Store(#[from] StoreError),
}

impl ImportError {
    /// Stable code for scripts and the UI.
    pub fn code(&self) -> &'static str {
        match self {
            ImportError::NotFound(_) => "not_found",
            ImportError::Io(_) => "unreadable",
            ImportError::NotExcel(_) => "not_excel",
            ImportError::Encrypted => "encrypted",
            ImportError::Corrupt(_) => "corrupt",
            ImportError::Empty(_) => "empty",
            ImportError::NoHeader(_) => "no_header",
            ImportError::NoUnits => "no_units",
            ImportError::Cancelled => "cancelled",
            ImportError::Store(_) => "database",
        }
    }

    /// Whether the file itself is the problem (the CLI exits with status 2).
    pub fn is_bad_file(&self) -> bool {
        !matches!(self, ImportError::Cancelled | ImportError::Store(_))
    }

    pub fn to_json(&self) -> serde_json::Value {
        serde_json::json!({"error": {"code": self.code(), "message": self.to_string()}})
    }
}

/// Stage of an import, for a progress bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    Reading,
    Writing,
    Done,
}

/// Progress and cancellation, shared between a worker thread and the UI.
#[derive(Debug, Default)]
pub struct Progress {
    done: AtomicUsize,
    total: AtomicUsize,
    stage: AtomicU8,
    cancel: AtomicBool,
}

impl Progress {
    pub fn new() -> Progress {
        Progress::default()
    }

    /// Asks the running step to stop (checked every few hundred rows).
    pub fn cancel(&self) {
        self.cancel.store(true, Ordering::Relaxed);
    }

    pub fn is_cancelled(&self) -> bool {
        self.cancel.load(Ordering::Relaxed)
    }

    pub fn stage(&self) -> Stage {
        match self.stage.load(Ordering::Relaxed) {
            0 => Stage::Reading,
            1 => Stage::Writing,
            _ => Stage::Done,
        }
    }

    /// Rows done and rows expected (0 when not known yet).
    pub fn rows(&self) -> (usize, usize) {
        (
            self.done.load(Ordering::Relaxed),
            self.total.load(Ordering::Relaxed),
        )
    }

    /// Fraction of the current stage, when the total is known.
    pub fn fraction(&self) -> Option<f32> {
        let (d, t) = self.rows();
        (t > 0 && d <= t).then(|| d as f32 / t as f32)
    }

    /// The rows done, as the clerk reads them: "5,631 / 100,000 行", or "5,631 行" when the
    /// file does not say how many rows it has.
    pub fn rows_text(&self) -> String {
        let (d, t) = self.rows();
        if t > 0 && d <= t {
            format!("{} / {} 行", thousands(d), thousands(t))
        } else {
            format!("{} 行", thousands(d))
        }
    }

    pub(crate) fn start(&self, stage: Stage, total: usize) {
        self.stage.store(
            match stage {
                Stage::Reading => 0,
                Stage::Writing => 1,
                Stage::Done => 2,
            },
            Ordering::Relaxed,
        );
        self.total.store(total, Ordering::Relaxed);
        self.done.store(0, Ordering::Relaxed);
    }

    pub(crate) fn set_total(&self, total: usize) {
        self.total.store(total, Ordering::Relaxed);
    }

    pub(crate) fn set_done(&self, done: usize) {
        self.done.store(done, Ordering::Relaxed);
    }
}

/// Reads a file into a plan. Reads the database, never writes it.
pub fn plan(
    store: &Store,
    path: &Path,
    kind: ImportKind,
    settings: &Settings,
    progress: &Progress,
) -> Result<ImportPlan, ImportError> {
    progress.start(Stage::Reading, 0);
    plan_bytes(store, read_file(path)?, path, kind, settings, progress)
}

/// A file's bytes; a missing or unreadable file is an [`ImportError`].
pub(crate) fn read_file(path: &Path) -> Result<Vec<u8>, ImportError> {
    std::fs::read(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => ImportError::NotFound(path.display().to_string()),
        _ => ImportError::Io(format!("“{}”：{e}", path.display())),
    })
}

/// The SHA-256 of a file's bytes, hex: how an import recognises a file read before.
pub(crate) fn content_hash(bytes: &[u8]) -> String {
    format!("{:x}", Sha256::digest(bytes))
}

/// A file's name as recorded and shown (without directories).
pub(crate) fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|f| f.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

/// Reads a file's bytes into a plan; `path` names the file in messages and chooses among
/// readers only where the content cannot (`.xlsb`). Reads the database, never writes it.
pub fn plan_bytes(
    store: &Store,
    bytes: Vec<u8>,
    path: &Path,
    kind: ImportKind,
    settings: &Settings,
    progress: &Progress,
) -> Result<ImportPlan, ImportError> {
    plan_bytes_to(store, bytes, path, kind, settings, progress, None)
}

/// [`plan_bytes`], sending each roster row planned for registration to `sink` as well.
pub(crate) fn plan_bytes_to(
    store: &Store,
    bytes: Vec<u8>,
    path: &Path,
    kind: ImportKind,
    settings: &Settings,
    progress: &Progress,
    sink: Option<&roster::Sink>,
) -> Result<ImportPlan, ImportError> {
    progress.start(Stage::Reading, 0);
    let content_hash = content_hash(&bytes);
    let file = file_name(path);
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let mut book = book::Book::open(bytes, &ext)?;
    if book.sheet_names.is_empty() {
        return Err(ImportError::Empty("工作簿中没有工作表".to_string()));
    }
    let mut plan = ImportPlan {
        kind,
        file,
        path: path.to_path_buf(),
        content_hash,
        sheets: Vec::new(),
        people: Vec::new(),
        orgs: Vec::new(),
        rejected: Vec::new(),
        problems: Vec::new(),
        previous: Vec::new(),
        over_quota_after: Vec::new(),
        new_divisions: Vec::new(),
        people_fingerprint: None,
    };
    plan.previous = commit::previous_imports(store, &plan.content_hash, kind)?;
    if let Some(p) = plan.previous.last() {
        plan.problems.push(Problem {
            sheet: String::new(),
            row: None,
            column: None,
            header: None,
            code: "already_imported",
            severity: Severity::Warning,
            message: format!(
                "同样内容的文件已于 {} 由 {} 导入过（“{}”）。再次导入不会重复计数：已导入的内容显示为“无变化”。",
                p.imported_at, p.operator, p.file_name
            ),
            unit: None,
            held: None,
        });
    }
    match kind {
        ImportKind::Roster => roster::plan(store, &mut book, settings, progress, &mut plan, sink)?,
        ImportKind::Orgs => orgs::plan(store, &mut book, settings, progress, &mut plan)?,
    }
    if progress.is_cancelled() {
        return Err(ImportError::Cancelled);
    }
    if plan.sheets.iter().all(|s| s.header_rows.is_none()) {
        if plan.sheets.iter().all(|s| s.read_error.is_some())
            && let Some(e) = plan.sheets.iter().find_map(|s| s.read_error.clone())
        {
            return Err(ImportError::Corrupt(e));
        }
        let need = match kind {
            ImportKind::Roster => "“姓名”和“身份证号码”",
            ImportKind::Orgs => "“单位名称”和至少一种编制数（如“行政编制”“事业编制”）",
        };
        return Err(ImportError::NoHeader(format!(
            "文件中没有可识别的{}表头：任一工作表的前 {} 行内应有{}等列标题",
            kind.label(),
            header::HEADER_SEARCH_ROWS,
            need
        )));
    }
    progress.start(Stage::Done, 0);
    Ok(plan)
}

/// Shared per-row helpers for the two planners.
pub(crate) struct RowCtx<'a> {
    pub sheet_name: &'a str,
    pub row: u32,
    pub header: &'a header::Header,
}

impl RowCtx<'_> {
    pub fn problem(
        &self,
        col: Option<u32>,
        code: &'static str,
        severity: Severity,
        text: String,
    ) -> Problem {
        let header = col
            .and_then(|c| self.header.label_of(c))
            .map(str::to_string);
        let column = col.map(column_letter);
        let place = match (&column, &header) {
            (Some(c), Some(h)) => format!("{c} 列（{h}）"),
            (Some(c), None) => format!("{c} 列"),
            _ => String::new(),
        };
        Problem {
            sheet: self.sheet_name.to_string(),
            row: Some(self.row),
            column,
            header,
            code,
            severity,
            message: format!("“{}”第 {} 行{}：{}", self.sheet_name, self.row, place, text),
            unit: None,
            held: None,
        }
    }
}

/// Drives the reading of one sheet: buffers the top rows, finds the header, then hands
/// every later row to `on_row`. Returns the header, or `None` when the sheet has none.
pub(crate) fn read_sheet(
    book: &mut book::Book,
    sheet: &str,
    progress: &Progress,
    find: impl Fn(&[(u32, Vec<(u32, Value)>)]) -> Option<header::Header>,
    mut on_row: impl FnMut(&header::Header, u32, &[(u32, Value)]),
) -> Result<Option<header::Header>, ImportError> {
    let mut top: Vec<(u32, Vec<(u32, Value)>)> = Vec::new();
    let mut found: Option<header::Header> = None;
    let mut gave_up = false;
    let mut seen = 0usize;
    book.for_each_row(sheet, progress, |r, cells| {
        seen += 1;
        if seen.is_multiple_of(512) {
            progress.set_done(r as usize);
            if progress.is_cancelled() {
                return std::ops::ControlFlow::Break(());
            }
        }
        if let Some(h) = &found {
            on_row(h, r, cells);
            return std::ops::ControlFlow::Continue(());
        }
        top.push((r, cells.to_vec()));
        if top.len() < header::HEADER_SEARCH_ROWS + 1 {
            return std::ops::ControlFlow::Continue(());
        }
        match find(&top) {
            Some(h) => {
                for (rr, cc) in top.iter().filter(|(rr, _)| *rr > h.last_row) {
                    on_row(&h, *rr, cc);
                }
                found = Some(h);
                top.clear();
                std::ops::ControlFlow::Continue(())
            }
            None => {
                gave_up = true;
                std::ops::ControlFlow::Break(())
            }
        }
    })?;
    if progress.is_cancelled() {
        return Err(ImportError::Cancelled);
    }
    if found.is_none()
        && !gave_up
        && !top.is_empty()
        && let Some(h) = find(&top)
    {
        for (rr, cc) in top.iter().filter(|(rr, _)| *rr > h.last_row) {
            on_row(&h, *rr, cc);
        }
        found = Some(h);
    }
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn progress_counts_rows_of_the_file() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(5631), "5,631");
        assert_eq!(thousands(100_000), "100,000");
        assert_eq!(thousands(1_234_567), "1,234,567");
        let p = Progress::new();
        p.start(Stage::Reading, 100_000);
        p.set_done(5631);
        assert_eq!(p.rows_text(), "5,631 / 100,000 行");
        // A file that does not say how many rows it has (or says too few): no total.
        p.set_total(1);
        assert_eq!(p.rows_text(), "5,631 行");
        assert_eq!(p.fraction(), None);
    }
}
