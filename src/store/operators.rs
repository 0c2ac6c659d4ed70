//! Operators (操作员): names, roles and argon2 password hashes. Signing in, and the
//! administrator's management of operators. The rule of who may do what is
//! [`crate::domain::access`].

use super::db::{OptionalExtension, params};
use super::{Result, Store, StoreError};
use crate::domain::access::{Forbidden, check_new_credentials};
use crate::domain::{Operator, Permission, Role};
use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};

/// One operator as the administrator sees them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OperatorRow {
    pub id: i64,
    pub name: String,
    pub role: Role,
    pub active: bool,
    pub created_by: String,
    pub created_at: String,
}

fn hash_password(password: &str) -> Result<String> {
    let salt = SaltString::generate(&mut password_hash::rand_core::OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| StoreError::Corrupt(format!("无法计算密码摘要：{e}")))
}

fn password_matches(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash)
        .map(|h| {
            Argon2::default()
                .verify_password(password.as_bytes(), &h)
                .is_ok()
        })
        .unwrap_or(false)
}

impl Store {
    /// Whether any operator exists (otherwise the first start creates the administrator).
    pub fn has_operators(&self) -> Result<bool> {
        Ok(self
            .conn
            .query_row("SELECT EXISTS(SELECT 1 FROM operators)", (), |r| r.get(0))?)
    }

    /// The operator now signed in.
    pub fn current_operator(&self) -> &Operator {
        &self.operator
    }

    /// Creates the first administrator and signs them in. Refused once any operator exists.
    pub fn create_first_admin(&mut self, name: &str, password: &str) -> Result<Operator> {
        if self.has_operators()? {
            return Err(StoreError::Denied(
                "已有操作员，请登录；新操作员由管理员在“设置”中添加".to_string(),
            ));
        }
        self.operator = Operator {
            name: name.trim().to_string(),
            role: Role::Admin,
        };
        self.add_operator(name, password, Role::Admin)?;
        self.audit_event("登录", "首次启动，创建管理员")?;
        Ok(self.operator.clone())
    }

    /// Adds an operator (管理员 only).
    pub fn add_operator(&mut self, name: &str, password: &str, role: Role) -> Result<()> {
        self.operator.require(Permission::ManageOperators)?;
        check_new_credentials(name, password).map_err(StoreError::Denied)?;
        let name = name.trim();
        let exists: bool = self.conn.query_row(
            "SELECT EXISTS(SELECT 1 FROM operators WHERE name = ?1)",
            [name],
            |r| r.get(0),
        )?;
        if exists {
            return Err(StoreError::Denied(format!("已有名为“{name}”的操作员")));
        }
        let hash = hash_password(password)?;
        self.write_with(
            &format!("添加操作员 {name}"),
            Permission::ManageOperators,
            |tx| {
                tx.conn.execute(
                    "INSERT INTO operators (name, role, password_hash, created_by, created_at) \
                 VALUES (?1, ?2, ?3, ?4, ?5)",
                    params![name, role.code(), hash, tx.operator, tx.now],
                )?;
                Ok(())
            },
        )
    }

    fn operator_name(&self, id: i64) -> Result<String> {
        self.conn
            .query_row("SELECT name FROM operators WHERE id = ?1", [id], |r| {
                r.get(0)
            })
            .optional()?
            .ok_or_else(|| StoreError::NotFound(format!("操作员#{id}")))
    }

    /// Every operator, by name.
    pub fn operators(&self) -> Result<Vec<OperatorRow>> {
        let mut stmt = self.conn.prepare(
            "SELECT id, name, role, active, created_by, created_at FROM operators ORDER BY id",
        )?;
        let rows = stmt
            .query_map((), |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, bool>(3)?,
                    r.get::<_, String>(4)?,
                    r.get::<_, String>(5)?,
                ))
            })?
            .collect::<super::db::Result<Vec<_>>>()?;
        rows.into_iter()
            .map(|(id, name, role, active, created_by, created_at)| {
                Ok(OperatorRow {
                    id,
                    name,
                    role: Role::from_code(&role)
                        .ok_or_else(|| StoreError::Corrupt(format!("角色“{role}”")))?,
                    active,
                    created_by,
                    created_at,
                })
            })
            .collect()
    }

    /// Checks a name and password; on success the operator is signed in. Both outcomes are
    /// logged.
    pub fn sign_in(&mut self, name: &str, password: &str) -> Result<Operator> {
        let name = name.trim();
        let found: Option<(String, String, bool)> = self
            .conn
            .query_row(
                "SELECT role, password_hash, active FROM operators WHERE name = ?1",
                [name],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?;
        let signed_in = match found {
            Some((role, hash, true)) if password_matches(password, &hash) => Role::from_code(&role)
                .map(|role| Operator {
                    name: name.to_string(),
                    role,
                }),
            _ => None,
        };
        match signed_in {
            Some(op) => {
                self.operator = op.clone();
                self.audit_event("登录", "")?;
                Ok(op)
            }
            None => {
                let previous = std::mem::replace(
                    &mut self.operator,
                    Operator {
                        name: name.to_string(),
                        role: Role::Viewer,
                    },
                );
                let logged = self.audit_event("登录失败", "姓名或密码不对，或已停用");
                self.operator = previous;
                logged?;
                Err(StoreError::Denied(
                    "姓名或密码不对，或此操作员已停用".to_string(),
                ))
            }
        }
    }

    /// Changes an operator's role or whether they may sign in (管理员 only). The last
    /// active administrator stays one.
    pub fn update_operator(&mut self, id: i64, role: Role, active: bool) -> Result<()> {
        self.operator.require(Permission::ManageOperators)?;
        let others: i64 = self.conn.query_row(
            "SELECT COUNT(*) FROM operators WHERE role = 'admin' AND active = 1 AND id <> ?1",
            [id],
            |r| r.get(0),
        )?;
        if others == 0 && (role != Role::Admin || !active) {
            return Err(StoreError::Denied(
                "至少要保留一名可登录的管理员".to_string(),
            ));
        }
        let name = self.operator_name(id)?;
        self.write_with(
            &format!("修改操作员 {name}"),
            Permission::ManageOperators,
            |tx| {
                tx.conn.execute(
                    "UPDATE operators SET role = ?2, active = ?3 WHERE id = ?1",
                    params![id, role.code(), active],
                )?;
                Ok(())
            },
        )
    }

    /// Sets a new password: an administrator for anyone, everyone for themselves.
    pub fn set_password(&mut self, id: i64, password: &str) -> Result<()> {
        let name = self.operator_name(id)?;
        if name != self.operator.name {
            self.operator.require(Permission::ManageOperators)?;
        }
        check_new_credentials(&name, password).map_err(StoreError::Denied)?;
        let hash = hash_password(password)?;
        // Changing one's own password is allowed to every role. The hash is not copied
        // into the log, so the log gets an action of its own.
        self.write_checked("", None, |tx| {
            tx.conn.execute(
                "UPDATE operators SET password_hash = ?2 WHERE id = ?1",
                params![id, hash],
            )?;
            Ok(())
        })?;
        self.audit_event("修改密码", &name)
    }
}

impl From<Forbidden> for StoreError {
    fn from(e: Forbidden) -> StoreError {
        StoreError::Forbidden(e)
    }
}
