//! The rules every change must keep. Each check is a named function that takes the numbers
//! it needs and returns a [`RuleViolation`] with a Chinese message naming the unit, the post
//! type and the numbers. Storage calls these inside its transaction; nothing here knows
//! about SQLite or the UI.

use super::ledger::{Account, Entry, EntryKind};
use super::post::PostType;

/// A change refused because it would break an invariant. Messages are shown to clerks.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RuleViolation {
    #[error(
        "{org}的{post_type}空编不足：核定 {approved} 名，实有 {occupied} 名，空编 {vacancy} 名，需要 {needed} 名",
        vacancy = approved - occupied
    )]
    NoVacancy {
        org: String,
        post_type: PostType,
        approved: i64,
        occupied: i64,
        needed: i64,
    },
    #[error("{account}的{post_type}余额不足：现有 {balance} 名，需要 {needed} 名")]
    InsufficientBalance {
        account: String,
        post_type: PostType,
        balance: i64,
        needed: i64,
    },
    #[error("{0}")]
    BadStandard(String),
    #[error("{0}")]
    Conversion(String),
    #[error("{0}")]
    Turnover(String),
    #[error("{0}")]
    Application(String),
    #[error("{0}")]
    Evaluation(String),
    #[error("编制数必须是正整数（填的是 {0}）")]
    NonPositiveCount(i64),
    #[error("“{kind}”不能从{from}转到{to}")]
    BadRoute {
        kind: EntryKind,
        from: String,
        to: String,
    },
    #[error("调出方和调入方相同（{0}）")]
    SameAccount(String),
    #[error("请填写文号（决定该变动的文件编号，如 石编〔2021〕12号）")]
    MissingDocNo,
    #[error("第 {0} 号台账记录已经撤销过，不能再次撤销")]
    AlreadyReversed(i64),
    #[error("第 {0} 号记录本身是撤销记录，不能再撤销；如需恢复，请重新录入")]
    CannotReverseReversal(i64),
    #[error("{name}（{id}）已在{org}占用{post_type}，一人只能占一个编制（一人一编）")]
    AlreadyOnPost {
        name: String,
        id: String,
        org: String,
        post_type: PostType,
    },
    #[error("{name}（{id}）目前不在编，无法办理{action}")]
    NotOnPost {
        name: String,
        id: String,
        action: &'static str,
    },
    #[error("{name}已在{org}，调入单位不能与原单位相同")]
    SameOrg { name: String, org: String },
    #[error("{name}现在不在{org}的{post_type}上，无法撤销这次划转")]
    PersonMovedSince {
        name: String,
        org: String,
        post_type: PostType,
    },
    #[error("单位名称不能为空")]
    EmptyOrgName,
    #[error("姓名不能为空")]
    EmptyPersonName,
    #[error("单位“{0}”已存在")]
    DuplicateOrgName(String),
    #[error("只有乡镇街道才有乡镇类别（{0}不是乡镇街道）")]
    TownshipClassNotTownship(String),
    #[error("领导职数不能为负数")]
    NegativeLeaders,
    #[error("主管部门不能是单位自己")]
    SelfParent,
}

/// 文号 is required on every ledger entry and person event.
pub fn check_doc_no(doc_no: &str) -> Result<(), RuleViolation> {
    if doc_no.trim().is_empty() {
        Err(RuleViolation::MissingDocNo)
    } else {
        Ok(())
    }
}

pub fn check_count(count: i64) -> Result<(), RuleViolation> {
    if count <= 0 {
        Err(RuleViolation::NonPositiveCount(count))
    } else {
        Ok(())
    }
}

/// Which moves each kind of entry may make.
pub fn allowed_route(kind: EntryKind, from: Account, to: Account) -> bool {
    use Account::*;
    match kind {
        EntryKind::Approve => matches!(
            (from, to),
            (Above, Org(_) | Reserve | Pool(_)) | (Reserve, Org(_))
        ),
        EntryKind::Recover | EntryKind::Reduce => matches!((from, to), (Org(_), Reserve)),
        EntryKind::Reallocate => {
            from.is_inside_county()
                && to.is_inside_county()
                && !matches!((from, to), (Org(_), Reserve))
        }
        EntryKind::TransferWithPerson => matches!((from, to), (Org(_), Org(_))),
        EntryKind::WriteOff => from.is_inside_county() && to == WrittenOff,
        // A reversal undoes any earlier route: checked against the original instead.
        EntryKind::Reversal => true,
    }
}

/// Checks the shape of a movement: positive count, different accounts, allowed route.
pub fn check_route(
    kind: EntryKind,
    from: Account,
    to: Account,
    label: impl Fn(Account) -> String,
) -> Result<(), RuleViolation> {
    if from == to {
        return Err(RuleViolation::SameAccount(label(from)));
    }
    if !allowed_route(kind, from, to) {
        return Err(RuleViolation::BadRoute {
            kind,
            from: label(from),
            to: label(to),
        });
    }
    Ok(())
}

/// Posts that leave a unit without their people must be vacant; a hire or transfer into a
/// unit needs a vacancy (vacancy = approved − occupied).
pub fn check_vacancy(
    org: &str,
    post_type: PostType,
    approved: i64,
    occupied: i64,
    needed: i64,
) -> Result<(), RuleViolation> {
    if approved - occupied < needed {
        Err(RuleViolation::NoVacancy {
            org: org.to_string(),
            post_type,
            approved,
            occupied,
            needed,
        })
    } else {
        Ok(())
    }
}

/// The reserve, a pool, or a unit never goes below zero posts.
pub fn check_balance(
    account: &str,
    post_type: PostType,
    balance: i64,
    needed: i64,
) -> Result<(), RuleViolation> {
    if balance < needed {
        Err(RuleViolation::InsufficientBalance {
            account: account.to_string(),
            post_type,
            balance,
            needed,
        })
    } else {
        Ok(())
    }
}

/// Whether an entry may be reversed: once only, and not a reversal itself.
pub fn check_reversible(original: &Entry, already_reversed: bool) -> Result<(), RuleViolation> {
    if original.kind == EntryKind::Reversal {
        return Err(RuleViolation::CannotReverseReversal(original.id.0));
    }
    if already_reversed {
        return Err(RuleViolation::AlreadyReversed(original.id.0));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::org::OrgId;

    #[test]
    fn vacancy_message_names_unit_type_and_numbers() {
        let e = check_vacancy("县教育局", PostType::Administrative, 20, 20, 1).unwrap_err();
        assert_eq!(
            e.to_string(),
            "县教育局的行政编制空编不足：核定 20 名，实有 20 名，空编 0 名，需要 1 名"
        );
        assert!(check_vacancy("县教育局", PostType::Administrative, 20, 19, 1).is_ok());
    }

    #[test]
    fn routes() {
        let o = Account::Org(OrgId(1));
        let p = Account::Org(OrgId(2));
        assert!(allowed_route(EntryKind::Approve, Account::Above, o));
        assert!(!allowed_route(EntryKind::Approve, o, Account::Reserve));
        assert!(allowed_route(EntryKind::Recover, o, Account::Reserve));
        assert!(allowed_route(EntryKind::Reallocate, Account::Reserve, o));
        assert!(allowed_route(EntryKind::Reallocate, o, p));
        assert!(!allowed_route(
            EntryKind::Reallocate,
            o,
            Account::WrittenOff
        ));
        assert!(allowed_route(EntryKind::WriteOff, o, Account::WrittenOff));
        assert!(!allowed_route(
            EntryKind::TransferWithPerson,
            o,
            Account::Reserve
        ));
        let err = check_route(EntryKind::Recover, o, o, |_| "县财政局".into()).unwrap_err();
        assert_eq!(err, RuleViolation::SameAccount("县财政局".into()));
    }

    #[test]
    fn doc_no_and_count() {
        assert_eq!(check_doc_no("  "), Err(RuleViolation::MissingDocNo));
        assert!(check_doc_no("石编〔2021〕12号").is_ok());
        assert_eq!(check_count(0), Err(RuleViolation::NonPositiveCount(0)));
    }
}
