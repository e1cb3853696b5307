//! User accounts and role permissions, managed by a school admin. Users, roles and password
//! hashes are campus data: they sync, so any PC of the campus can sign anyone in offline.

use std::collections::BTreeSet;

use campusdesk_shared::office::{NewUser, RoleRow, UserRow};
use rusqlite::OptionalExtension;
use serde_json::Value;

use crate::auth::{self, Permission, Session};
use crate::error::{CoreError, CoreResult, FieldErrors};
use crate::input::clean_text;
use crate::office::{Office, new_id};
use crate::store::tables;

impl Office {
    pub fn users(&self, session: &Session) -> CoreResult<Vec<UserRow>> {
        session.require(Permission::UsersManage)?;
        let mut stmt = self.conn.prepare_cached(
            "SELECT u.id, u.username, u.full_name, r.key, u.active FROM app_user u JOIN role r ON r.id = u.role_id
             WHERE u.deleted = 0 ORDER BY u.username",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(UserRow {
                id: r.get(0)?,
                username: r.get(1)?,
                full_name: r.get(2)?,
                role: r.get(3)?,
                active: r.get::<_, i64>(4)? != 0,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    pub fn create_user(&mut self, session: &Session, user: &NewUser) -> CoreResult<String> {
        session.require(Permission::UsersManage)?;
        let mut errors = FieldErrors::new();
        let username = auth::check_username(&user.username)
            .map_err(|m| errors.add("username", m))
            .ok();
        let full_name = clean_text(&user.full_name);
        if full_name.is_empty() {
            errors.add("full_name", "Enter the person's full name");
        }
        if let Err(message) = auth::check_password(&user.password) {
            errors.add("password", message);
        }
        let role_id = self.role_id(&user.role)?;
        if role_id.is_none() {
            errors.add("role", format!("There is no role {}", user.role));
        }
        if user.role == "super_admin" && session.role_key != "super_admin" {
            errors.add("role", "Only a super admin can make another super admin");
        }
        errors.finish()?;
        let (Some(username), Some(role_id)) = (username, role_id) else {
            return Err(CoreError::Internal("validated user is incomplete".into()));
        };
        let taken: Option<i64> = self
            .conn
            .query_row(
                "SELECT 1 FROM app_user WHERE username = ?1 AND deleted = 0",
                [&username],
                |r| r.get(0),
            )
            .optional()?;
        if taken.is_some() {
            return Err(CoreError::Duplicate {
                field: "username".into(),
                message: format!("The username {username} is taken"),
            });
        }
        let hash = auth::hash_password(&user.password)?;
        let id = new_id();
        let mut w = self.writer(session)?;
        w.insert(
            &tables::APP_USER,
            &id,
            &[
                ("username", username.into()),
                ("full_name", full_name.into()),
                ("password_hash", hash.into()),
                ("role_id", role_id.into()),
                ("active", 1.into()),
            ],
        )?;
        w.commit()?;
        Ok(id)
    }

    /// Lets a user sign in again, or stops them; nobody can switch themselves off.
    pub fn set_user_active(
        &mut self,
        session: &Session,
        user_id: &str,
        active: bool,
    ) -> CoreResult<()> {
        session.require(Permission::UsersManage)?;
        if user_id == session.user_id && !active {
            return Err(CoreError::invalid(
                "active",
                "You cannot deactivate your own account",
            ));
        }
        let mut w = self.writer(session)?;
        w.update(
            &tables::APP_USER,
            user_id,
            &[("active", Value::from(i64::from(active)))],
        )?;
        w.commit()
    }

    pub fn reset_password(
        &mut self,
        session: &Session,
        user_id: &str,
        password: &str,
    ) -> CoreResult<()> {
        if user_id != session.user_id {
            session.require(Permission::UsersManage)?;
        }
        auth::check_password(password).map_err(|m| CoreError::invalid("password", m))?;
        let hash = auth::hash_password(password)?;
        let mut w = self.writer(session)?;
        w.update(
            &tables::APP_USER,
            user_id,
            &[("password_hash", hash.into())],
        )?;
        w.commit()
    }

    pub fn roles(&self, session: &Session) -> CoreResult<Vec<RoleRow>> {
        if !session.can(Permission::RolesManage) {
            session.require(Permission::UsersManage)?;
        }
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, key, name, permissions FROM role WHERE deleted = 0 ORDER BY rowid",
        )?;
        let rows = stmt.query_map([], |r| {
            let permissions: String = r.get(3)?;
            Ok(RoleRow {
                id: r.get(0)?,
                key: r.get(1)?,
                name: r.get(2)?,
                permissions: auth::parse_permissions(&permissions)
                    .iter()
                    .map(|p| p.key().to_owned())
                    .collect(),
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Replaces a role's permissions (one logged change). The super admin role keeps every
    /// permission, and an admin cannot take `roles.manage` from their own role (which would
    /// leave nobody able to undo it).
    pub fn set_role_permissions(
        &mut self,
        session: &Session,
        role_key: &str,
        permissions: &[String],
    ) -> CoreResult<()> {
        session.require(Permission::RolesManage)?;
        let mut wanted = BTreeSet::new();
        for key in permissions {
            match Permission::parse(key) {
                Some(p) => {
                    wanted.insert(p);
                }
                None => {
                    return Err(CoreError::invalid(
                        "permissions",
                        format!("There is no permission {key}"),
                    ));
                }
            }
        }
        if role_key == "super_admin" {
            return Err(CoreError::invalid(
                "role",
                "The super admin role always has every permission",
            ));
        }
        if role_key == session.role_key && !wanted.contains(&Permission::RolesManage) {
            return Err(CoreError::invalid(
                "permissions",
                "You cannot take roles.manage away from your own role",
            ));
        }
        let role_id = self
            .role_id(role_key)?
            .ok_or_else(|| CoreError::not_found(format!("The role {role_key}")))?;
        let mut w = self.writer(session)?;
        w.update(
            &tables::ROLE,
            &role_id,
            &[("permissions", auth::permissions_text(&wanted).into())],
        )?;
        w.commit()
    }

    fn role_id(&self, key: &str) -> CoreResult<Option<String>> {
        Ok(self
            .conn
            .query_row(
                "SELECT id FROM role WHERE key = ?1 AND deleted = 0",
                [key],
                |r| r.get(0),
            )
            .optional()?)
    }
}
