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
];

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

/// Import settings: built-in synonyms plus those from the settings file.
#[derive(Debug, Clone, Default)]
pub struct Settings {
    /// Extra synonyms per field.
    pub extra_synonyms: HashMap<Field, Vec<String>>,
    /// Extra footer words.
    pub extra_footer_words: Vec<String>,
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
