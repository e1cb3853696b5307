//! Users, roles and permissions. The eight roles and the permission catalogue come from the
//! school ERP seed (`004`), plus what later features need (`fees.cancel`). Every core operation
//! takes a [`Session`] and asks it for the permission the operation needs; the UI hides what a
//! role lacks, but the refusal happens here.

use std::collections::BTreeSet;

use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use argon2::{Algorithm, Argon2, Params, Version};
use campusdesk_shared::office::PermissionInfo;

use crate::error::{CoreError, CoreResult};

macro_rules! permissions {
    ($($variant:ident = $key:literal, $describe:literal;)*) => {
        /// One thing a role may be allowed to do.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Permission { $($variant),* }

        impl Permission {
            pub const ALL: &'static [Permission] = &[$(Permission::$variant),*];

            pub fn key(self) -> &'static str {
                match self { $(Permission::$variant => $key),* }
            }

            /// Completes "You do not have permission to …".
            pub fn describe(self) -> &'static str {
                match self { $(Permission::$variant => $describe),* }
            }

            pub fn parse(key: &str) -> Option<Permission> {
                match key { $($key => Some(Permission::$variant),)* _ => None }
            }
        }
    };
}

permissions! {
    StudentsView = "students.view", "see students";
    StudentsCreate = "students.create", "admit students or record enquiries";
    StudentsEdit = "students.edit", "change students' details";
    StudentsDelete = "students.delete", "remove students";
    StudentsExport = "students.export", "export students";
    TeachersView = "teachers.view", "see teachers";
    TeachersCreate = "teachers.create", "add teachers";
    TeachersEdit = "teachers.edit", "change teachers' details";
    TeachersDelete = "teachers.delete", "remove teachers";
    AttendanceView = "attendance.view", "see attendance";
    AttendanceMark = "attendance.mark", "mark attendance";
    AttendanceEdit = "attendance.edit", "change saved attendance";
    AttendanceReport = "attendance.report", "print attendance reports";
    MarksView = "marks.view", "see marks";
    MarksEnter = "marks.enter", "enter marks";
    MarksEdit = "marks.edit", "change marks";
    MarksPublish = "marks.publish", "publish results";
    MarksViewAll = "marks.view_all", "see every class's marks";
    FeesView = "fees.view", "see fees and dues";
    FeesCollect = "fees.collect", "collect fees";
    FeesEdit = "fees.edit", "set up fees";
    FeesWaive = "fees.waive", "grant concessions";
    FeesReport = "fees.report", "see fee reports";
    FeesCancel = "fees.cancel", "cancel receipts";
    SchoolSettings = "school.settings", "change the school's settings";
    UsersManage = "users.manage", "manage users";
    RolesManage = "roles.manage", "change what roles may do";
}

/// Every permission this build knows, in catalogue order, for the screen that edits roles.
pub fn catalogue() -> Vec<PermissionInfo> {
    Permission::ALL
        .iter()
        .map(|permission| PermissionInfo {
            key: permission.key().to_owned(),
            description: permission.describe().to_owned(),
        })
        .collect()
}

/// The roles every campus starts with, and the permissions each has by default.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RoleTemplate {
    pub key: &'static str,
    pub name: &'static str,
    pub permissions: &'static [Permission],
}

use Permission as P;

pub const ROLE_TEMPLATES: &[RoleTemplate] = &[
    RoleTemplate {
        key: "super_admin",
        name: "Super admin",
        permissions: Permission::ALL,
    },
    RoleTemplate {
        key: "school_admin",
        name: "School admin",
        permissions: Permission::ALL,
    },
    RoleTemplate {
        key: "principal",
        name: "Principal",
        permissions: &[
            P::StudentsView,
            P::StudentsExport,
            P::TeachersView,
            P::AttendanceView,
            P::AttendanceReport,
            P::MarksView,
            P::MarksViewAll,
            P::MarksPublish,
            P::FeesView,
            P::FeesReport,
            P::FeesCancel,
        ],
    },
    RoleTemplate {
        key: "teacher",
        name: "Teacher",
        permissions: &[
            P::StudentsView,
            P::TeachersView,
            P::AttendanceView,
            P::AttendanceMark,
            P::AttendanceEdit,
            P::MarksView,
            P::MarksEnter,
            P::MarksEdit,
        ],
    },
    // Students and parents see only their own records through a portal; at the office PC
    // they hold no permission at all.
    RoleTemplate {
        key: "student",
        name: "Student",
        permissions: &[],
    },
    RoleTemplate {
        key: "parent",
        name: "Parent",
        permissions: &[],
    },
    RoleTemplate {
        key: "accountant",
        name: "Accountant",
        permissions: &[
            P::StudentsView,
            P::FeesView,
            P::FeesCollect,
            P::FeesEdit,
            P::FeesWaive,
            P::FeesReport,
        ],
    },
    RoleTemplate {
        key: "receptionist",
        name: "Receptionist",
        permissions: &[
            P::StudentsView,
            P::StudentsCreate,
            P::StudentsEdit,
            P::AttendanceView,
            // The front desk marks registers (a section without its teacher) and records
            // leave requests; changing a saved register needs attendance.edit.
            P::AttendanceMark,
            P::FeesView,
        ],
    },
];

/// The signed-in user, with the permissions their role had at sign-in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    pub user_id: String,
    pub username: String,
    pub full_name: String,
    pub role_key: String,
    pub role_name: String,
    pub permissions: BTreeSet<Permission>,
}

impl Session {
    pub fn can(&self, permission: Permission) -> bool {
        self.permissions.contains(&permission)
    }

    /// Refuses with [`CoreError::Forbidden`] unless the role holds `permission`.
    pub fn require(&self, permission: Permission) -> CoreResult<()> {
        if self.can(permission) {
            Ok(())
        } else {
            Err(CoreError::Forbidden(permission))
        }
    }
}

/// Stored form of a role's permissions: sorted keys separated by spaces.
pub fn permissions_text(permissions: &BTreeSet<Permission>) -> String {
    permissions
        .iter()
        .map(|p| p.key())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Reads the stored form, ignoring keys this build does not know (a newer PC may add some).
pub fn parse_permissions(text: &str) -> BTreeSet<Permission> {
    text.split_whitespace()
        .filter_map(Permission::parse)
        .collect()
}

/// Argon2id with the library's recommended parameters; `CAMPUSDESK_FAST_HASH=1` picks the
/// cheapest valid parameters so that debug-build tests do not spend seconds per user. The
/// parameters are stored in each hash, so verification works whichever were used.
fn hasher() -> Argon2<'static> {
    let params = if std::env::var_os("CAMPUSDESK_FAST_HASH").is_some() {
        Params::new(
            Params::MIN_M_COST,
            Params::MIN_T_COST,
            Params::MIN_P_COST,
            None,
        )
    } else {
        Ok(Params::default())
    };
    Argon2::new(
        Algorithm::Argon2id,
        Version::V0x13,
        params.unwrap_or_default(),
    )
}

pub fn hash_password(password: &str) -> CoreResult<String> {
    let mut salt_bytes = [0u8; 16];
    getrandom::fill(&mut salt_bytes)
        .map_err(|e| CoreError::Internal(format!("no randomness for a salt: {e}")))?;
    hasher()
        .hash_password_with_salt(password.as_bytes(), &salt_bytes)
        .map(|hash| hash.to_string())
        .map_err(|e| CoreError::Internal(format!("the password could not be hashed: {e}")))
}

pub fn verify_password(password: &str, stored: &str) -> bool {
    // The parameters come from the stored hash, so the verifier's own defaults do not matter.
    Argon2::default()
        .verify_password(password.as_bytes(), stored)
        .is_ok()
}

/// The rules a new password must meet, as a sentence for the form.
pub fn check_password(password: &str) -> Result<(), String> {
    if password.chars().count() < 8 {
        Err("Password must be at least 8 characters".into())
    } else if password.trim().is_empty() {
        Err("Password cannot be only spaces".into())
    } else {
        Ok(())
    }
}

pub fn check_username(username: &str) -> Result<String, String> {
    let username = username.trim().to_lowercase();
    if username.len() < 3 || username.len() > 32 {
        return Err("Username must be 3 to 32 characters".into());
    }
    if !username
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
    {
        return Err("Username may use only letters, digits, dot, dash and underscore".into());
    }
    Ok(username)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_permission_key_parses_back() {
        for permission in Permission::ALL {
            assert_eq!(Permission::parse(permission.key()), Some(*permission));
        }
        assert_eq!(Permission::ALL.len(), 27);
    }

    #[test]
    fn the_catalogue_lists_every_permission_once_in_order() {
        let keys: Vec<String> = catalogue().into_iter().map(|p| p.key).collect();
        let expected: Vec<&str> = Permission::ALL.iter().map(|p| p.key()).collect();
        assert_eq!(keys, expected);
    }

    #[test]
    fn a_hash_verifies_only_its_password() {
        let hash = hash_password("correct horse").unwrap();
        assert!(hash.starts_with("$argon2id$"));
        assert!(verify_password("correct horse", &hash));
        assert!(!verify_password("wrong horse", &hash));
        assert!(!verify_password("correct horse", "not a hash"));
    }
}
