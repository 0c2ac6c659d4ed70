//! Operators and roles: who may do what. The rule is here; the store enforces it on every
//! write and the UI greys out what the signed-in operator may not do.

use serde::Serialize;

/// An operator's role (角色).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum Role {
    /// 管理员: operators, settings, restore, and all staffing work.
    Admin,
    /// 经办人: all staffing work.
    Clerk,
    /// 查看: read only.
    Viewer,
}

/// Something an operator may be allowed to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Permission {
    /// Any change to staffing: ledger entries, people, imports, applications, evaluations.
    StaffingWork,
    /// Settings kept with the county's data.
    Settings,
    /// Adding operators, changing their roles and passwords.
    ManageOperators,
    /// Replacing the database with a backup.
    Restore,
    /// Taking a backup now.
    Backup,
    /// Copying the whole county into another database (operators' password hashes
    /// included): moving it to a server, or the server's backup to a file.
    CopyCounty,
    /// Seeing ID numbers in full (each reveal is logged).
    RevealIds,
    /// Reading the 操作日志.
    ReadAudit,
}

impl Role {
    pub const ALL: [Role; 3] = [Role::Admin, Role::Clerk, Role::Viewer];

    /// The code stored in the database.
    pub fn code(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Clerk => "clerk",
            Role::Viewer => "viewer",
        }
    }

    pub fn from_code(code: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.code() == code)
    }

    pub fn label(self) -> &'static str {
        match self {
            Role::Admin => "管理员",
            Role::Clerk => "经办人",
            Role::Viewer => "查看",
        }
    }

    /// Whether this role allows `p`.
    pub fn can(self, p: Permission) -> bool {
        match self {
            Role::Admin => true,
            Role::Clerk => matches!(
                p,
                Permission::StaffingWork
                    | Permission::Backup
                    | Permission::RevealIds
                    | Permission::ReadAudit
            ),
            Role::Viewer => false,
        }
    }
}

impl Permission {
    /// What is refused, for messages.
    pub fn label(self) -> &'static str {
        match self {
            Permission::StaffingWork => "修改编制和人员数据",
            Permission::Settings => "修改设置",
            Permission::ManageOperators => "管理操作员",
            Permission::Restore => "从备份恢复",
            Permission::Backup => "备份",
            Permission::CopyCounty => "复制整个县的数据",
            Permission::RevealIds => "查看完整身份证号",
            Permission::ReadAudit => "查看操作日志",
        }
    }
}

/// The operator an action is done by: a name and a role.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Operator {
    pub name: String,
    pub role: Role,
}

impl Operator {
    pub fn can(&self, p: Permission) -> bool {
        self.role.can(p)
    }

    /// `Ok` when allowed, otherwise the refusal.
    pub fn require(&self, p: Permission) -> Result<(), Forbidden> {
        if self.can(p) {
            Ok(())
        } else {
            Err(Forbidden {
                operator: self.name.clone(),
                role: self.role,
                permission: p,
            })
        }
    }
}

/// An action the operator's role does not allow.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("操作员“{operator}”的角色是“{}”，无权{}", .role.label(), .permission.label())]
pub struct Forbidden {
    pub operator: String,
    pub role: Role,
    pub permission: Permission,
}

/// The shortest password accepted.
pub const MIN_PASSWORD_CHARS: usize = 6;

/// Why a new operator name or password is refused.
pub fn check_new_credentials(name: &str, password: &str) -> Result<(), String> {
    let name = name.trim();
    if name.is_empty() {
        return Err("请填写操作员姓名".to_string());
    }
    if name.chars().count() > 32 {
        return Err("操作员姓名不能超过 32 个字".to_string());
    }
    if password.chars().count() < MIN_PASSWORD_CHARS {
        return Err(format!("密码至少 {MIN_PASSWORD_CHARS} 位"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_allow_what_the_issue_lists() {
        for p in [
            Permission::StaffingWork,
            Permission::Settings,
            Permission::ManageOperators,
            Permission::Restore,
            Permission::RevealIds,
        ] {
            assert!(Role::Admin.can(p));
            assert!(!Role::Viewer.can(p));
        }
        assert!(Role::Clerk.can(Permission::StaffingWork));
        assert!(Role::Clerk.can(Permission::RevealIds));
        for p in [
            Permission::Settings,
            Permission::ManageOperators,
            Permission::Restore,
        ] {
            assert!(!Role::Clerk.can(p));
        }
    }

    #[test]
    fn refusal_names_operator_role_and_action() {
        let op = Operator {
            name: "李四".into(),
            role: Role::Viewer,
        };
        let e = op.require(Permission::StaffingWork).unwrap_err();
        assert_eq!(
            e.to_string(),
            "操作员“李四”的角色是“查看”，无权修改编制和人员数据"
        );
        assert!(Role::from_code("clerk") == Some(Role::Clerk));
    }

    #[test]
    fn credentials_are_checked() {
        assert!(check_new_credentials(" ", "secret1").is_err());
        assert!(check_new_credentials("王五", "12345").is_err());
        assert!(check_new_credentials("王五", "123456").is_ok());
    }
}
