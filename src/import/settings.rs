//! Header fields, the synonyms clerks use for them, and the settings file that extends them.
//!
//! Headers are compared after [`normalize_header`]: no spaces of any width, no punctuation,
//! full-width letters and digits folded to ASCII, Latin letters in lower case. A header also
//! matches when it matches only once its bracketed part is removed (`身份证号码（18位）`).

use serde_json::Value as Json;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// A column the importer understands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Field {
    // Rosters
    Unit,
    PersonName,
    Gender,
    Ethnicity,
    Birth,
    IdNumber,
    PostType,
    Funding,
    Position,
    JoinedOn,
    JoinDoc,
    Education,
    Party,
    // Rosters: the other fields of the provincial templates, kept on the person as read
    Division,
    PersonClass,
    PersonState,
    EntryForm,
    EnteredOn,
    PostCategory,
    LeaderLevel,
    CurrentPostSince,
    WorkSince,
    NativePlace,
    Degree,
    School,
    Major,
    /// 职称
    Title,
    // Units tables
    OrgName,
    ShortName,
    Kind,
    Grade,
    Parent,
    TownshipClass,
    OrgFunding,
    Admin,
    PoliticalLegal,
    Institution,
    InstitutionFull,
    InstitutionPartial,
    InstitutionSelf,
    Service,
    LeadersChief,
    LeadersDeputy,
    CreditCode,
    DocNo,
    ApprovedOn,
}

/// Roster fields with their code (usable as a key in the settings file) and built-in
/// synonyms; the first synonym is the label shown to users.
pub const ROSTER_FIELDS: &[(Field, &str, &[&str])] = &[
    (
        Field::Unit,
        "unit",
        &[
            "单位名称",
            "单位",
            "所在单位",
            "工作单位",
            "单位全称",
            "所属单位",
            "机构名称",
            "所在单位名称",
            "工作单位名称",
            "行政机构名称",
            "事业单位名称",
        ],
    ),
    (Field::PersonName, "name", &["姓名", "人员姓名", "名字"]),
    (Field::Gender, "gender", &["性别"]),
    (Field::Ethnicity, "ethnicity", &["民族"]),
    (
        Field::Birth,
        "birth",
        &["出生日期", "出生年月", "出生年月日", "出生时间", "生日"],
    ),
    (
        Field::IdNumber,
        "id_number",
        &[
            "身份证号码",
            "身份证号",
            "公民身份号码",
            "公民身份证号码",
            "身份证",
            "身份证件号码",
            "证件号码",
            "公民身份证号",
        ],
    ),
    (
        Field::PostType,
        "post_type",
        &[
            "编制类型",
            "编制性质",
            "编制类别",
            "编制",
            "编制种类",
            "人员编制类型",
        ],
    ),
    (
        Field::Funding,
        "funding",
        &[
            "经费形式",
            "经费来源",
            "经费类型",
            "经费渠道",
            "经费性质",
            "经费方式",
            "编制经费形式",
            "编制经费来源",
        ],
    ),
    (
        Field::Position,
        "position",
        &[
            "职务",
            "现任职务",
            "职务职级",
            "职务或职级",
            "岗位",
            "现职务",
        ],
    ),
    (
        Field::JoinedOn,
        "joined_on",
        &[
            "入编时间",
            "进编时间",
            "参加编制时间",
            "入编日期",
            "进编日期",
            "进入编制时间",
            "入编年月",
        ],
    ),
    (
        Field::JoinDoc,
        "join_doc",
        &["入编文号", "进编文号", "入编批准文号"],
    ),
    (
        Field::Education,
        "education",
        &["学历", "文化程度", "最高学历", "学历学位"],
    ),
    (Field::Party, "party", &["政治面貌", "党派"]),
    // Kept fields: the code is the key on the person (`domain::KEPT_FIELDS`), the first
    // name its label there.
    (
        Field::Division,
        "division",
        &[
            "所在机构",
            "内设机构",
            "所在科室",
            "所在处室",
            "所在股室",
            "科室",
        ],
    ),
    (
        Field::PersonClass,
        "person_class",
        &["人员分类", "人员类别"],
    ),
    (
        Field::PersonState,
        "person_state",
        &["人员状态", "在岗状态"],
    ),
    (Field::EntryForm, "entry_form", &["进入形式", "进入方式"]),
    (
        Field::EnteredOn,
        "entered_on",
        &["进入时间", "进入本单位时间"],
    ),
    (
        Field::PostCategory,
        "post_category",
        &["岗位类别", "岗位类型"],
    ),
    (
        Field::LeaderLevel,
        "leader_level",
        &["领导职务级别", "领导职务层次", "职务级别", "职务层次"],
    ),
    (
        Field::CurrentPostSince,
        "current_post_since",
        &["任现职时间", "任现职务时间", "任现职级时间"],
    ),
    (
        Field::WorkSince,
        "work_since",
        &["参加工作时间", "参加工作日期"],
    ),
    (Field::NativePlace, "native_place", &["籍贯"]),
    (Field::Degree, "degree", &["学位"]),
    (Field::School, "school", &["毕业学校", "毕业院校"]),
    (Field::Major, "major", &["所学专业", "专业"]),
    (
        Field::Title,
        "title",
        &["职称", "专业技术职称", "专业技术职务"],
    ),
];

/// The roster fields kept on the person as read, with their code.
pub const KEPT_ROSTER_FIELDS: &[Field] = &[
    Field::Division,
    Field::PersonClass,
    Field::PersonState,
    Field::EntryForm,
    Field::EnteredOn,
    Field::PostCategory,
    Field::LeaderLevel,
    Field::CurrentPostSince,
    Field::WorkSince,
    Field::NativePlace,
    Field::Degree,
    Field::School,
    Field::Major,
    Field::Title,
];

/// A field's code (`id_number`, `division`, …), as in settings files and on the person.
pub fn field_code(field: Field) -> &'static str {
    ROSTER_FIELDS
        .iter()
        .chain(ORG_FIELDS)
        .find(|(f, _, _)| *f == field)
        .map(|(_, code, _)| *code)
        .unwrap_or("")
}

/// Units-table fields, as [`ROSTER_FIELDS`].
pub const ORG_FIELDS: &[(Field, &str, &[&str])] = &[
    (
        Field::OrgName,
        "org_name",
        &[
            "单位名称",
            "机构名称",
            "单位",
            "单位全称",
            "机构全称",
            "机构",
        ],
    ),
    (
        Field::ShortName,
        "short_name",
        &["简称", "单位简称", "机构简称"],
    ),
    (
        Field::Kind,
        "kind",
        &["机构类别", "单位类别", "机构类型", "单位类型", "机构性质"],
    ),
    (
        Field::Grade,
        "grade",
        &["级别", "机构规格", "规格", "机构级别", "单位级别"],
    ),
    (
        Field::Parent,
        "parent",
        &["主管部门", "主管单位", "上级主管部门", "举办单位"],
    ),
    (
        Field::TownshipClass,
        "township_class",
        &["乡镇类别", "乡镇分类", "乡镇类型"],
    ),
    (
        Field::OrgFunding,
        "org_funding",
        &["经费形式", "经费来源", "经费类型", "经费渠道", "经费性质"],
    ),
    (
        Field::Admin,
        "admin",
        &["行政编制", "行政编制数", "核定行政编制", "行政"],
    ),
    (
        Field::PoliticalLegal,
        "political_legal",
        &[
            "政法专项编制",
            "政法专项编制数",
            "政法编制",
            "政法专项",
            "政法",
        ],
    ),
    (
        Field::Institution,
        "institution",
        &["事业编制", "事业编制数", "核定事业编制", "事业"],
    ),
    (
        Field::InstitutionFull,
        "institution_full",
        &[
            "事业编制全额拨款",
            "全额拨款事业编制",
            "事业编制全额",
            "全额拨款",
            "全额",
        ],
    ),
    (
        Field::InstitutionPartial,
        "institution_partial",
        &[
            "事业编制差额拨款",
            "差额拨款事业编制",
            "事业编制差额",
            "差额拨款",
            "差额",
        ],
    ),
    (
        Field::InstitutionSelf,
        "institution_self",
        &["事业编制自收自支", "自收自支事业编制", "自收自支"],
    ),
    (
        Field::Service,
        "service",
        &[
            "工勤编制",
            "工勤编制数",
            "机关工勤编制",
            "工勤人员编制",
            "工勤",
        ],
    ),
    (
        Field::LeadersChief,
        "leaders_chief",
        &["领导职数正职", "正职领导职数", "正职", "正职职数"],
    ),
    (
        Field::LeadersDeputy,
        "leaders_deputy",
        &["领导职数副职", "副职领导职数", "副职", "副职职数"],
    ),
    (
        Field::CreditCode,
        "credit_code",
        &["统一社会信用代码", "社会信用代码", "信用代码"],
    ),
    (
        Field::DocNo,
        "doc_no",
        &["文号", "批准文号", "核定文号", "依据文号", "文件号"],
    ),
    (
        Field::ApprovedOn,
        "approved_on",
        &["核定日期", "核定时间", "批准日期", "批准时间"],
    ),
];

/// Words that mark a footer row (合计, 填表人：… ); such rows are skipped without complaint.
pub const FOOTER_WORDS: &[&str] = &[
    "合计",
    "总计",
    "小计",
    "共计",
    "填表人",
    "填报人",
    "审核人",
    "审核",
    "制表",
    "制表人",
    "联系电话",
    "填表日期",
    "填报日期",
    "负责人",
    "单位负责人",
    "经办人",
    "备注说明",
    "注",
    "说明",
];

/// Import settings: built-in synonyms plus those from the settings file, and the choices
/// of this one import.
#[derive(Debug, Clone, Default)]
pub struct Settings {
    /// Extra synonyms per field.
    pub extra_synonyms: HashMap<Field, Vec<String>>,
    /// Extra footer words.
    pub extra_footer_words: Vec<String>,
    /// This import's choices (the command line's `--doc-no` and `--date`, the wizard's
    /// fields).
    pub run: RunOptions,
}

/// The choices a clerk makes for one import.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RunOptions {
    /// Units table: the 文号 of the approved posts, for rows without their own.
    pub doc_no: Option<String>,
    /// Units table: the date the approved posts take effect, for rows without their own
    /// 核定日期. Roster: the date everyone is registered on, instead of the later of their
    /// 入编时间 and their unit's approved posts.
    pub date: Option<chrono::NaiveDate>,
    /// A forced mapping for a layout nobody foresaw (`--mapping FILE.json`, the wizard's
    /// column lists and held values). It wins over every synonym.
    pub mapping: Mapping,
}

/// A forced mapping: columns (header text → field, or `None` for a column not to read)
/// and values (a field's value as written → the value to read instead, for a value the
/// importer holds: an unknown 经费形式, 性别, 编制类别, 人员状态).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Mapping {
    pub columns: Vec<(String, Option<Field>)>,
    pub values: Vec<(Field, String, String)>,
}

impl Mapping {
    pub fn is_empty(&self) -> bool {
        self.columns.is_empty() && self.values.is_empty()
    }

    /// Reads a column `header` as `field` (or not at all).
    pub fn set_column(&mut self, header: String, field: Option<Field>) {
        self.columns.retain(|(h, _)| *h != header);
        self.columns.push((header, field));
    }

    /// Reads `field` written as `from` as `to`.
    pub fn set_value(&mut self, field: Field, from: String, to: String) {
        self.values.retain(|(f, v, _)| !(*f == field && *v == from));
        self.values.push((field, from, to));
    }

    /// The value to read for `field` written as `text` (`text` itself unless mapped).
    pub fn value<'a>(&'a self, field: Field, text: &'a str) -> &'a str {
        let t = text.trim();
        self.values
            .iter()
            .find(|(f, from, _)| *f == field && from.as_str() == t)
            .map_or(text, |(_, _, to)| to.as_str())
    }

    /// Reads a mapping file: `{"columns": {"证件号": "id_number", "科室": "所在机构", "备注":
    /// null}, "values": {"funding": {"财政适当补助": "差额拨款"}}}` (header → field code or
    /// name, `null` leaving the column unread; per field, value → value). A bare object of
    /// columns is read too.
    pub fn from_json(text: &str) -> Result<Mapping, String> {
        let root: Json = serde_json::from_str(text.trim_start_matches('\u{FEFF}'))
            .map_err(|e| format!("不是有效的 JSON（{e}）"))?;
        let has_parts = root.get("columns").is_some() || root.get("values").is_some();
        let mut out = Mapping::default();
        let columns = if has_parts {
            root.get("columns")
        } else {
            Some(&root)
        };
        if let Some(columns) = columns {
            let obj = columns
                .as_object()
                .ok_or("应为对象：{\"columns\": {\"列标题\": \"字段\", …}}")?;
            for (header, field) in obj {
                let field = match field {
                    Json::Null => None,
                    Json::String(f) => Some(field_by_key(f).ok_or_else(|| {
                        format!("列“{header}”对应的字段“{f}”无法识别（可用字段名见说明）")
                    })?),
                    _ => return Err(format!("列“{header}”应对应一个字段名或 null")),
                };
                out.columns.push((header.clone(), field));
            }
        }
        if let Some(values) = root.get("values").filter(|_| has_parts) {
            let obj = values
                .as_object()
                .ok_or("“values”应为对象：{\"字段\": {\"原值\": \"改读为\"}}")?;
            for (key, pairs) in obj {
                let field =
                    field_by_key(key).ok_or_else(|| format!("“values”中的字段“{key}”无法识别"))?;
                let pairs = pairs
                    .as_object()
                    .ok_or_else(|| format!("“values.{key}”应为对象：{{\"原值\": \"改读为\"}}"))?;
                for (from, to) in pairs {
                    let to = to
                        .as_str()
                        .ok_or_else(|| format!("“values.{key}.{from}”应为文字"))?;
                    out.values.push((field, from.clone(), to.to_string()));
                }
            }
        }
        Ok(out)
    }

    /// The mapping given on the command line: a file, or the name of a mapping saved in the
    /// database (see [`crate::store::Store::import_mappings`]).
    pub fn from_arg(arg: &str, store: Option<&crate::store::Store>) -> Result<Mapping, String> {
        let path = Path::new(arg);
        if path.exists() {
            let text = std::fs::read_to_string(path)
                .map_err(|e| format!("无法读取列对应文件“{arg}”：{e}"))?;
            return Mapping::from_json(&text).map_err(|e| format!("列对应文件“{arg}”有误：{e}"));
        }
        let saved = store
            .map(|s| s.import_mappings())
            .transpose()
            .map_err(|e| e.to_string())?
            .unwrap_or_default();
        match saved.iter().find(|(name, _)| name == arg) {
            Some((_, json)) => {
                Mapping::from_json(json).map_err(|e| format!("已保存的列对应方案“{arg}”有误：{e}"))
            }
            None => {
                let names: Vec<&str> = saved.iter().map(|(n, _)| n.as_str()).collect();
                Err(if names.is_empty() {
                    format!("找不到列对应文件“{arg}”，数据库中也没有保存过列对应方案")
                } else {
                    format!(
                        "找不到列对应文件“{arg}”，也没有这个名称的列对应方案（已保存：{}）",
                        names.join("、")
                    )
                })
            }
        }
    }

    /// The mapping as a file reads (see [`Mapping::from_json`]).
    pub fn to_json(&self) -> String {
        let columns: serde_json::Map<String, Json> = self
            .columns
            .iter()
            .map(|(h, f)| {
                (
                    h.clone(),
                    f.map(|f| Json::String(field_code(f).to_string()))
                        .unwrap_or(Json::Null),
                )
            })
            .collect();
        let mut values = serde_json::Map::new();
        for (f, from, to) in &self.values {
            let e = values
                .entry(field_code(*f).to_string())
                .or_insert_with(|| Json::Object(Default::default()));
            if let Json::Object(m) = e {
                m.insert(from.clone(), Json::String(to.clone()));
            }
        }
        serde_json::json!({ "columns": columns, "values": values }).to_string()
    }
}

/// Why the settings file could not be used.
#[derive(Debug, thiserror::Error)]
#[error("设置文件“{path}”有误：{message}")]
pub struct SettingsError {
    pub path: String,
    pub message: String,
}

impl Settings {
    /// The default settings file: `settings.json` in the data directory.
    pub fn default_path() -> PathBuf {
        crate::store::data_dir().join("settings.json")
    }

    /// Loads `path` (or the default file); a missing default file means built-in settings.
    pub fn load(path: Option<&Path>) -> Result<Settings, SettingsError> {
        let (path, required) = match path {
            Some(p) => (p.to_path_buf(), true),
            None => (Settings::default_path(), false),
        };
        let text = match std::fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) if !required && e.kind() == std::io::ErrorKind::NotFound => {
                return Ok(Settings::default());
            }
            Err(e) => {
                return Err(SettingsError {
                    path: path.display().to_string(),
                    message: e.to_string(),
                });
            }
        };
        Settings::from_json(&text).map_err(|message| SettingsError {
            path: path.display().to_string(),
            message,
        })
    }

    /// Reads the `"import"` part of a settings file; other parts are ignored.
    pub fn from_json(text: &str) -> Result<Settings, String> {
        let root: Json = serde_json::from_str(text.trim_start_matches('\u{FEFF}'))
            .map_err(|e| format!("不是有效的 JSON（{e}）"))?;
        let mut out = Settings::default();
        let Some(import) = root.get("import") else {
            return Ok(out);
        };
        if let Some(syn) = import.get("synonyms") {
            let obj = syn
                .as_object()
                .ok_or("“import.synonyms”应为对象：{\"字段\": [\"别名\", …]}")?;
            for (key, list) in obj {
                let field = field_by_key(key).ok_or_else(|| {
                    format!("“import.synonyms”中的字段“{key}”无法识别（可用字段名见说明）")
                })?;
                let names = list
                    .as_array()
                    .ok_or_else(|| format!("“import.synonyms.{key}”应为字符串列表"))?;
                for n in names {
                    let n = n
                        .as_str()
                        .ok_or_else(|| format!("“import.synonyms.{key}”应为字符串列表"))?;
                    out.extra_synonyms
                        .entry(field)
                        .or_default()
                        .push(n.to_string());
                }
            }
        }
        if let Some(words) = import.get("footer_words") {
            let arr = words
                .as_array()
                .ok_or("“import.footer_words”应为字符串列表")?;
            for w in arr {
                let w = w.as_str().ok_or("“import.footer_words”应为字符串列表")?;
                out.extra_footer_words.push(normalize_header(w));
            }
        }
        Ok(out)
    }

    /// The synonyms of a field (built-in, then from the settings file), normalised.
    pub(crate) fn header_table(&self, fields: &[(Field, &str, &[&str])]) -> HashMap<String, Field> {
        let mut map = HashMap::new();
        for (field, _, names) in fields {
            for n in *names {
                map.entry(normalize_header(n)).or_insert(*field);
            }
        }
        // Settings come last but win over a built-in meaning of the same text.
        for (field, _, _) in fields {
            for n in self.extra_synonyms.get(field).into_iter().flatten() {
                map.insert(normalize_header(n), *field);
            }
        }
        // This import's forced mapping wins over both; a field it gives a column loses its
        // other columns.
        for (header, field) in &self.run.mapping.columns {
            let key = normalize_header(header);
            match field {
                Some(f) if fields.iter().any(|(x, _, _)| x == f) => {
                    map.retain(|_, x| x != f);
                    map.insert(key, *f);
                }
                Some(_) => {}
                None => {
                    map.remove(&key);
                }
            }
        }
        map
    }

    pub(crate) fn is_footer(&self, normalized: &str) -> bool {
        FOOTER_WORDS
            .iter()
            .any(|w| normalized.starts_with(w) && footer_tail_ok(normalized, w))
            || self
                .extra_footer_words
                .iter()
                .any(|w| !w.is_empty() && normalized.starts_with(w.as_str()))
    }
}

/// `注` and `说明` mark a footer only as the start of a note (`注：…`, `说明：…`), which after
/// normalisation is simply anything that starts with them; the short words must not swallow
/// names such as 注册… so they need the whole cell or a longer note.
fn footer_tail_ok(normalized: &str, word: &str) -> bool {
    if word == "注" {
        normalized == "注" || normalized.chars().count() > 6
    } else {
        true
    }
}

/// The field for a settings key: its code (`id_number`) or any of its built-in names.
pub fn field_by_key(key: &str) -> Option<Field> {
    let norm = normalize_header(key);
    ROSTER_FIELDS
        .iter()
        .chain(ORG_FIELDS)
        .find(|(_, code, names)| *code == key || names.iter().any(|n| normalize_header(n) == norm))
        .map(|(f, _, _)| *f)
}

/// The label shown to users for a field.
pub fn field_label(field: Field) -> &'static str {
    ROSTER_FIELDS
        .iter()
        .chain(ORG_FIELDS)
        .find(|(f, _, _)| *f == field)
        .and_then(|(_, _, names)| names.first().copied())
        .unwrap_or("")
}

/// Folds full-width ASCII (letters, digits, punctuation) and the ideographic space.
/// A unit's name as compared: no whitespace, full-width folded.
pub(crate) fn org_key(name: &str) -> String {
    crate::domain::org::normalize_name(&name.chars().map(fold_width).collect::<String>())
}

pub fn fold_width(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3000}' => ' ',
        _ => c,
    }
}

/// A header as compared: no whitespace, no punctuation or symbols, ASCII folded, lower case.
pub fn normalize_header(text: &str) -> String {
    text.chars()
        .map(fold_width)
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// A header without its bracketed parts: `身份证号码（18位）` → `身份证号码`.
pub fn strip_brackets(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut depth = 0usize;
    for c in text.chars().map(fold_width) {
        match c {
            '(' | '[' | '【' | '〔' | '<' | '《' => depth += 1,
            ')' | ']' | '】' | '〕' | '>' | '》' => depth = depth.saturating_sub(1),
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_normalise() {
        assert_eq!(normalize_header("姓  名"), "姓名");
        assert_eq!(normalize_header("领导职数(正职)"), "领导职数正职");
        assert_eq!(normalize_header("身份证号码："), "身份证号码");
        assert_eq!(normalize_header("ＩＤ　号"), "id号");
        assert_eq!(strip_brackets("身份证号码（18位）"), "身份证号码");
    }

    #[test]
    fn a_forced_mapping_wins_and_round_trips() {
        let mapping = Mapping::from_json(
            r#"{"columns": {"证件号": "id_number", "科室": "所在机构", "身份证号码": null},
                "values": {"funding": {"财政适当补助": "差额拨款"}}}"#,
        )
        .unwrap();
        assert_eq!(mapping.value(Field::Funding, " 财政适当补助 "), "差额拨款");
        assert_eq!(mapping.value(Field::Funding, "全额"), "全额");
        assert_eq!(mapping.value(Field::Gender, "财政适当补助"), "财政适当补助");
        let mut s = Settings::default();
        s.run.mapping = mapping.clone();
        let t = s.header_table(ROSTER_FIELDS);
        assert_eq!(t.get("证件号"), Some(&Field::IdNumber));
        // The ID's usual names no longer map: only the forced column is read.
        assert_eq!(t.get("身份证号码"), None);
        assert_eq!(t.get("身份证号"), None);
        assert_eq!(t.get("科室"), Some(&Field::Division));
        assert_eq!(t.get("所在机构"), None);
        let again = Mapping::from_json(&mapping.to_json()).unwrap();
        assert_eq!(again.columns.len(), 3);
        for m in &mapping.columns {
            assert!(again.columns.contains(m), "{m:?}");
        }
        assert_eq!(again.values, mapping.values);
        assert!(Mapping::from_json(r#"{"columns": {"x": "鞋码"}}"#).is_err());
        // A bare object of columns.
        assert_eq!(
            Mapping::from_json(r#"{"号码": "id_number"}"#)
                .unwrap()
                .columns
                .len(),
            1
        );
    }

    #[test]
    fn kept_fields_agree_with_the_person_record() {
        let codes: Vec<&str> = KEPT_ROSTER_FIELDS.iter().map(|f| field_code(*f)).collect();
        let domain: Vec<&str> = crate::domain::KEPT_FIELDS.iter().map(|(c, _)| *c).collect();
        assert_eq!(codes, domain);
        for f in KEPT_ROSTER_FIELDS {
            assert_eq!(
                field_label(*f),
                crate::domain::kept_field_label(field_code(*f))
            );
        }
    }

    #[test]
    fn settings_extend_synonyms() {
        let s = Settings::from_json(
            r#"{"township": {"class1": 37}, "import": {"synonyms": {"id_number": ["证件号"], "单位名称": ["科室"]}, "footer_words": ["打印时间"]}}"#,
        )
        .unwrap();
        let t = s.header_table(ROSTER_FIELDS);
        assert_eq!(t.get("证件号"), Some(&Field::IdNumber));
        assert_eq!(t.get("科室"), Some(&Field::Unit));
        assert!(s.is_footer("打印时间2024"));
        assert!(Settings::from_json(r#"{"import": {"synonyms": {"鞋码": ["x"]}}}"#).is_err());
        assert!(Settings::from_json("not json").is_err());
    }
}
