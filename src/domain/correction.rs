//! 信息更正: correcting what the registry keeps of a person (a misspelt name, a wrong birth
//! date, a mistyped ID number), with a reason. A correction is not a staffing change: it
//! never touches the ledger or the person's dated events (correcting 入编时间 changes the
//! field, not the dated registration). The person stays the same person.

use super::{IdNumber, KEPT_FIELDS, PartialDate, PersonDetails};
use super::{gender::Gender, id_number::IdError};

/// A field that can be corrected, by the import's field code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Field {
    Name,
    Gender,
    Ethnicity,
    Birth,
    Party,
    Education,
    Position,
    JoinedOn,
    JoinDoc,
    IdNumber,
    /// One of the provincial templates' other fields ([`KEPT_FIELDS`]), by code.
    Kept(&'static str),
}

/// The fields with their own column, by code and label.
const OWN_FIELDS: [(&str, &str); 10] = [
    ("name", "姓名"),
    ("gender", "性别"),
    ("ethnicity", "民族"),
    ("birth", "出生年月"),
    ("party", "政治面貌"),
    ("education", "学历"),
    ("position", "职务"),
    ("joined_on", "入编时间"),
    ("join_doc", "入编文号"),
    ("id_number", "身份证号"),
];

impl Field {
    /// The field named by its code (`name`, `birth`, `id_number`, a kept field's code).
    pub fn from_code(code: &str) -> Option<Field> {
        Some(match code.trim() {
            "name" => Field::Name,
            "gender" => Field::Gender,
            "ethnicity" => Field::Ethnicity,
            "birth" => Field::Birth,
            "party" => Field::Party,
            "education" => Field::Education,
            "position" => Field::Position,
            "joined_on" => Field::JoinedOn,
            "join_doc" => Field::JoinDoc,
            "id_number" => Field::IdNumber,
            other => Field::Kept(KEPT_FIELDS.iter().find(|(c, _)| *c == other)?.0),
        })
    }

    pub fn code(&self) -> &'static str {
        match self {
            Field::Name => "name",
            Field::Gender => "gender",
            Field::Ethnicity => "ethnicity",
            Field::Birth => "birth",
            Field::Party => "party",
            Field::Education => "education",
            Field::Position => "position",
            Field::JoinedOn => "joined_on",
            Field::JoinDoc => "join_doc",
            Field::IdNumber => "id_number",
            Field::Kept(code) => code,
        }
    }

    pub fn label(&self) -> &'static str {
        let code = self.code();
        OWN_FIELDS
            .iter()
            .chain(KEPT_FIELDS)
            .find(|(c, _)| *c == code)
            .map_or(code, |(_, l)| l)
    }

    /// Every code that can be corrected, for messages.
    pub fn all_codes() -> Vec<&'static str> {
        OWN_FIELDS
            .iter()
            .chain(KEPT_FIELDS)
            .map(|(c, _)| *c)
            .collect()
    }

    /// The field's value as kept, as text (`None`: empty).
    pub fn value(&self, id: &IdNumber, d: &PersonDetails) -> Option<String> {
        match self {
            Field::Name => Some(d.name.clone()),
            Field::Gender => d.gender.map(|g| g.label().to_string()),
            Field::Ethnicity => d.ethnicity.clone(),
            Field::Birth => d.birth.map(|b| b.to_string()),
            Field::Party => d.party.clone(),
            Field::Education => d.education.clone(),
            Field::Position => d.position.clone(),
            Field::JoinedOn => d.joined_on.map(|b| b.to_string()),
            Field::JoinDoc => d.join_doc.clone(),
            Field::IdNumber => Some(id.as_str().to_string()),
            Field::Kept(code) => d.kept.get(*code).cloned(),
        }
    }
}

/// Why a correction is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CorrectionError {
    #[error("没有可更正的字段“{0}”")]
    UnknownField(String),
    #[error("请填写更正的理由")]
    NoReason,
    #[error("{field}不能为空")]
    Empty { field: &'static str },
    #[error("{field}“{value}”无法识别{hint}")]
    BadValue {
        field: &'static str,
        value: String,
        hint: &'static str,
    },
    #[error("身份证号不对：{0}")]
    BadId(IdError),
    #[error("身份证号 {id} 与{field}（{value}）不一致；请一并更正{field}")]
    Disagrees {
        id: String,
        field: &'static str,
        value: String,
    },
    #[error("没有要更正的内容：所填的值与现有的相同")]
    Nothing,
}

/// One field's change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub field: Field,
    pub before: Option<String>,
    pub after: Option<String>,
}

/// The corrected ID number and details, and what changed.
#[derive(Debug, Clone, PartialEq)]
pub struct Corrected {
    pub id: IdNumber,
    pub details: PersonDetails,
    pub changes: Vec<Change>,
}

/// Applies `changes` (field, new value as typed; empty clears an optional field) to a
/// person's ID number and details. Refused: no reason, an unreadable value, an ID number
/// with a wrong check digit, or one that disagrees with the birth date or gender the
/// person then has, or nothing that changes. (That the ID number is no one else's is the
/// store's to check.)
pub fn correct(
    id: &IdNumber,
    details: &PersonDetails,
    changes: &[(Field, String)],
    reason: &str,
) -> Result<Corrected, CorrectionError> {
    if reason.trim().is_empty() {
        return Err(CorrectionError::NoReason);
    }
    let mut new_id = id.clone();
    let mut d = details.clone();
    for (field, value) in changes {
        let value = value.trim();
        let text = (!value.is_empty()).then(|| value.to_string());
        let bad = |hint| CorrectionError::BadValue {
            field: field.label(),
            value: value.to_string(),
            hint,
        };
        let date = || match &text {
            Some(t) => PartialDate::parse(t)
                .map(Some)
                .ok_or_else(|| bad("（应为 1985-03-30、1985-03 或 1985.03）")),
            None => Ok(None),
        };
        match field {
            Field::Name => {
                d.name = text.ok_or(CorrectionError::Empty { field: "姓名" })?;
            }
            Field::Gender => {
                d.gender = match &text {
                    Some(t) => Some(Gender::parse(t).ok_or_else(|| bad("（应为 男 或 女）"))?),
                    None => None,
                }
            }
            Field::Ethnicity => d.ethnicity = text,
            Field::Birth => d.birth = date()?,
            Field::Party => d.party = text,
            Field::Education => d.education = text,
            Field::Position => d.position = text,
            Field::JoinedOn => d.joined_on = date()?,
            Field::JoinDoc => d.join_doc = text,
            Field::IdNumber => {
                let t = text.ok_or(CorrectionError::Empty {
                    field: "身份证号"
                })?;
                new_id = IdNumber::parse(&t).map_err(CorrectionError::BadId)?;
            }
            Field::Kept(code) => match text {
                Some(t) => {
                    d.kept.insert(code.to_string(), t);
                }
                None => {
                    d.kept.remove(*code);
                }
            },
        }
    }
    // The ID number carries the birth date and gender: the person's must agree with it.
    if let Some(b) = d.birth
        && !b.agrees_with(&new_id.birth_date())
    {
        return Err(CorrectionError::Disagrees {
            id: new_id.as_str().to_string(),
            field: "出生年月",
            value: b.to_string(),
        });
    }
    if let Some(g) = d.gender
        && g != new_id.gender()
    {
        return Err(CorrectionError::Disagrees {
            id: new_id.as_str().to_string(),
            field: "性别",
            value: g.label().to_string(),
        });
    }
    let mut out = Vec::new();
    for (field, _) in changes {
        if out.iter().any(|c: &Change| &c.field == field) {
            continue;
        }
        let (before, after) = (field.value(id, details), field.value(&new_id, &d));
        if before != after {
            out.push(Change {
                field: field.clone(),
                before,
                after,
            });
        }
    }
    if out.is_empty() {
        return Err(CorrectionError::Nothing);
    }
    Ok(Corrected {
        id: new_id,
        details: d,
        changes: out,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(body: &str) -> IdNumber {
        let c = crate::domain::id_number::check_char(body.as_bytes());
        IdNumber::parse(&format!("{body}{c}")).unwrap()
    }

    fn person() -> (IdNumber, PersonDetails) {
        // Born 1985-03-30, male (odd sequence).
        let id = id("11010119850330001");
        let mut d = PersonDetails {
            name: "张三".into(),
            ..Default::default()
        };
        d.align_with_id(&id);
        (id, d)
    }

    #[test]
    fn a_misspelt_name_is_corrected_and_the_change_says_before_and_after() {
        let (i, d) = person();
        let c = correct(&i, &d, &[(Field::Name, "张叁".into())], "录入错误").unwrap();
        assert_eq!(c.details.name, "张叁");
        assert_eq!(
            c.changes,
            vec![Change {
                field: Field::Name,
                before: Some("张三".into()),
                after: Some("张叁".into()),
            }]
        );
    }

    #[test]
    fn an_id_number_must_agree_with_birth_and_gender_unless_they_are_corrected_too() {
        let (i, d) = person();
        // Born on the 31st instead: the birth date disagrees until it is corrected as well.
        let other = id("11010119850331001");
        let change = vec![(Field::IdNumber, other.as_str().to_string())];
        assert!(matches!(
            correct(&i, &d, &change, "号码录错").unwrap_err(),
            CorrectionError::Disagrees {
                field: "出生年月",
                ..
            }
        ));
        let mut both = change.clone();
        both.push((Field::Birth, "1985-03-31".into()));
        let c = correct(&i, &d, &both, "号码录错").unwrap();
        assert_eq!(c.id, other);
        assert_eq!(c.changes.len(), 2);
        // A female's sequence (even) disagrees with 男.
        let female = id("11010119850330002");
        assert!(matches!(
            correct(&i, &d, &[(Field::IdNumber, female.as_str().into())], "x").unwrap_err(),
            CorrectionError::Disagrees {
                field: "性别", ..
            }
        ));
    }

    #[test]
    fn refusals_say_what_is_wrong() {
        let (i, d) = person();
        assert_eq!(
            correct(&i, &d, &[(Field::Name, "李四".into())], " ").unwrap_err(),
            CorrectionError::NoReason
        );
        assert!(matches!(
            correct(
                &i,
                &d,
                &[(Field::IdNumber, "110101198503300010".into())],
                "x"
            )
            .unwrap_err(),
            CorrectionError::BadId(_)
        ));
        assert!(matches!(
            correct(&i, &d, &[(Field::Birth, "三月".into())], "x").unwrap_err(),
            CorrectionError::BadValue {
                field: "出生年月",
                ..
            }
        ));
        assert_eq!(
            correct(&i, &d, &[(Field::Name, "".into())], "x").unwrap_err(),
            CorrectionError::Empty { field: "姓名" }
        );
        assert_eq!(
            correct(&i, &d, &[(Field::Name, "张三".into())], "x").unwrap_err(),
            CorrectionError::Nothing
        );
        assert_eq!(Field::from_code("salary"), None);
        assert_eq!(
            Field::from_code("division").map(|f| f.label()),
            Some("所在机构")
        );
    }
}
