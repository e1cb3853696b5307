//! [`Office`]: one campus database opened on this PC, with the clock it runs by. Creating a
//! campus, opening it, signing in and backing up live here; the front desk's operations are in
//! sibling modules as further `impl Office` blocks.

use std::cell::RefCell;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use campusdesk_shared::office::{NewCampus, RecoveryKey, SessionInfo, SignIn};
use chrono::{Datelike, NaiveDate};
use rusqlite::{Connection, OptionalExtension, params};
use serde_json::Value;

use crate::auth::{self, Permission, ROLE_TEMPLATES, Session};
use crate::clock::Clock;
use crate::error::{CoreError, CoreResult, FieldErrors};
use crate::store::changes::{Applied, ChangeRecord, ChangeWriter};
use crate::store::{self, DbKey, OpenOptions, tables};

/// Failed sign-ins allowed before a username is locked out for [`LOCKOUT_SECONDS`].
const MAX_FAILED_SIGN_INS: u32 = 5;
const LOCKOUT_SECONDS: i64 = 60;

/// The classes a new campus starts with (each with section A); schools rename or add more.
const DEFAULT_CLASSES: &[&str] = &[
    "Nursery", "LKG", "UKG", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI",
    "XII",
];

#[derive(Debug)]
pub struct Office {
    // Declared before `conn` so that it stops (and its connection closes) first.
    _checkpointer: store::Checkpointer,
    pub(crate) conn: Connection,
    key: DbKey,
    path: PathBuf,
    pub(crate) clock: Arc<dyn Clock>,
    failed_sign_ins: RefCell<HashMap<String, (u32, i64)>>,
}

pub fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}

impl Office {
    /// Opens an existing campus database.
    pub fn open(options: &OpenOptions, clock: Arc<dyn Clock>) -> CoreResult<Office> {
        if !options.path.exists() {
            return Err(CoreError::NoDatabase {
                path: options.path.display().to_string(),
            });
        }
        let key = options.key.load(&options.path)?;
        Office::open_with_key(&options.path, key, clock)
    }

    /// Opens with a key in hand (a typed-in recovery key), and on success remembers it where
    /// `options` keeps keys so the next start does not ask again.
    pub fn open_with_recovery_key(
        options: &OpenOptions,
        clock: Arc<dyn Clock>,
        recovery: &str,
    ) -> CoreResult<Office> {
        let key = DbKey::parse(recovery)?;
        let office = Office::open_with_key(&options.path, key.clone(), clock)?;
        options.key.remember(&options.path, &key)?;
        Ok(office)
    }

    fn open_with_key(path: &Path, key: DbKey, clock: Arc<dyn Clock>) -> CoreResult<Office> {
        let conn = store::open_connection(path, &key, false)?;
        let set_up: Option<i64> = conn
            .query_row("SELECT 1 FROM device_state WHERE id = 1", [], |r| r.get(0))
            .optional()?;
        if set_up.is_none() {
            return Err(CoreError::Internal(format!(
                "{} was never finished being set up; remove it and set the campus up again",
                path.display()
            )));
        }
        Office::from_parts(conn, key, path, clock)
    }

    /// The one place an `Office` is put together, with its background checkpoints running.
    fn from_parts(
        conn: Connection,
        key: DbKey,
        path: &Path,
        clock: Arc<dyn Clock>,
    ) -> CoreResult<Office> {
        let _checkpointer = store::Checkpointer::start(&conn, path, &key)?;
        Ok(Office {
            _checkpointer,
            conn,
            key,
            path: path.to_owned(),
            clock,
            failed_sign_ins: RefCell::default(),
        })
    }

    /// Creates a new campus database with its first school admin, default roles, the current
    /// academic year, the usual classes and this PC's first block of admission numbers. Either
    /// all of it is written or the file is removed again.
    pub fn create(
        options: &OpenOptions,
        clock: Arc<dyn Clock>,
        campus: &NewCampus,
    ) -> CoreResult<(Office, RecoveryKey)> {
        let campus = validate_new_campus(campus)?;
        if options.path.exists() {
            return Err(CoreError::DatabaseExists {
                path: options.path.display().to_string(),
            });
        }
        let key = options.key.create(&options.path)?;
        let result = Office::create_inner(&options.path, key, clock, &campus);
        if result.is_err() {
            for suffix in ["", "-wal", "-shm"] {
                let _ = std::fs::remove_file(format!("{}{suffix}", options.path.display()));
            }
        }
        result
    }

    fn create_inner(
        path: &Path,
        key: DbKey,
        clock: Arc<dyn Clock>,
        campus: &NewCampus,
    ) -> CoreResult<(Office, RecoveryKey)> {
        let mut conn = store::open_connection(path, &key, true)?;
        let device_id = new_id();
        let campus_id = new_id();
        conn.execute(
            "INSERT INTO device_state (id, device_id, campus_id, next_seq, hlc, admission_cursor)
             VALUES (1, ?1, ?2, 1, 0, 1)",
            params![device_id, campus_id],
        )?;
        let today = local_date(clock.as_ref());
        {
            let mut w = ChangeWriter::begin(&mut conn, clock.as_ref(), None)?;
            w.insert(
                &tables::CAMPUS,
                &campus_id,
                &[
                    ("school_name", campus.school_name.clone().into()),
                    ("name", campus.campus_name.clone().into()),
                    ("code", campus.campus_code.clone().into()),
                    ("address", campus.address.clone().into()),
                    ("phone", "".into()),
                    ("admission_pattern", "{CAMPUS}/{N:5}".into()),
                ],
            )?;
            w.insert(
                &tables::DEVICE,
                &device_id,
                &[
                    ("campus_id", campus_id.clone().into()),
                    ("code", campus.device_code.clone().into()),
                    ("name", format!("{} office PC", campus.device_code).into()),
                ],
            )?;
            let mut admin_role = String::new();
            for template in ROLE_TEMPLATES {
                let role_id = new_id();
                if template.key == "school_admin" {
                    admin_role = role_id.clone();
                }
                let permissions = template.permissions.iter().copied().collect();
                w.insert(
                    &tables::ROLE,
                    &role_id,
                    &[
                        ("key", template.key.into()),
                        ("name", template.name.into()),
                        ("permissions", auth::permissions_text(&permissions).into()),
                    ],
                )?;
            }
            w.insert(
                &tables::APP_USER,
                &new_id(),
                &[
                    ("username", campus.admin_username.clone().into()),
                    ("full_name", campus.admin_full_name.clone().into()),
                    (
                        "password_hash",
                        auth::hash_password(&campus.admin_password)?.into(),
                    ),
                    ("role_id", admin_role.into()),
                    ("active", 1.into()),
                ],
            )?;
            let (starts, ends) = academic_year_around(today);
            w.insert(
                &tables::ACADEMIC_YEAR,
                &new_id(),
                &[
                    (
                        "name",
                        format!("{}-{:02}", starts.year(), ends.year() % 100).into(),
                    ),
                    ("starts_on", starts.to_string().into()),
                    ("ends_on", ends.to_string().into()),
                    ("is_current", 1.into()),
                ],
            )?;
            for (order, name) in DEFAULT_CLASSES.iter().enumerate() {
                let class_id = new_id();
                w.insert(
                    &tables::CLASS,
                    &class_id,
                    &[
                        ("name", (*name).into()),
                        ("sort_order", Value::from(order as i64)),
                    ],
                )?;
                w.insert(
                    &tables::SECTION,
                    &new_id(),
                    &[("class_id", class_id.into()), ("name", "A".into())],
                )?;
            }
            crate::admission_no::reserve_block(&mut w)?;
            w.commit()?;
        }
        let recovery = RecoveryKey {
            campus_name: campus.campus_name.clone(),
            campus_code: campus.campus_code.clone(),
            key: key.recovery_text(),
        };
        Ok((Office::from_parts(conn, key, path, clock)?, recovery))
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Today's date on this PC's calendar.
    pub fn today(&self) -> NaiveDate {
        local_date(self.clock.as_ref())
    }

    /// A write transaction acting for `session`'s user.
    pub(crate) fn writer(&mut self, session: &Session) -> CoreResult<ChangeWriter<'_>> {
        ChangeWriter::begin(&mut self.conn, self.clock.as_ref(), Some(&session.user_id))
    }

    /// Applies changes made on other PCs of the campus, in one transaction, through the change
    /// log's remote door (merged per field, logged as applied). This is the sync engine's way in.
    pub fn apply_remote_changes(&mut self, changes: &[ChangeRecord]) -> CoreResult<Vec<Applied>> {
        let mut w = ChangeWriter::begin(&mut self.conn, self.clock.as_ref(), None)?;
        let applied = changes
            .iter()
            .map(|change| w.apply_remote(change))
            .collect::<CoreResult<Vec<_>>>()?;
        w.commit()?;
        Ok(applied)
    }

    /// Read-only access for tests and reports that need the raw connection.
    pub fn connection(&self) -> &Connection {
        &self.conn
    }

    /// Signs a user in by username and password. After five wrong passwords in a row the
    /// username is locked for a minute, which makes guessing at the office PC impractical.
    pub fn sign_in(&self, request: &SignIn) -> CoreResult<Session> {
        let username = request.username.trim().to_lowercase();
        let now = self.clock.now().timestamp();
        if let Some((failures, last)) = self.failed_sign_ins.borrow().get(&username) {
            let wait = last + LOCKOUT_SECONDS - now;
            if *failures >= MAX_FAILED_SIGN_INS && wait > 0 {
                return Err(CoreError::LockedOut {
                    username,
                    seconds: wait,
                });
            }
        }
        let found = self
            .conn
            .query_row(
                "SELECT u.id, u.full_name, u.password_hash, r.key, r.name, r.permissions
                 FROM app_user u JOIN role r ON r.id = u.role_id
                 WHERE u.username = ?1 AND u.active = 1 AND u.deleted = 0",
                [&username],
                |row| {
                    Ok((
                        row.get::<_, String>(0)?,
                        row.get::<_, String>(1)?,
                        row.get::<_, String>(2)?,
                        row.get::<_, String>(3)?,
                        row.get::<_, String>(4)?,
                        row.get::<_, String>(5)?,
                    ))
                },
            )
            .optional()?;
        match found {
            Some((user_id, full_name, hash, role_key, role_name, permissions))
                if auth::verify_password(&request.password, &hash) =>
            {
                self.failed_sign_ins.borrow_mut().remove(&username);
                Ok(Session {
                    user_id,
                    username,
                    full_name,
                    role_key,
                    role_name,
                    permissions: auth::parse_permissions(&permissions),
                })
            }
            _ => {
                let mut failed = self.failed_sign_ins.borrow_mut();
                let entry = failed.entry(username).or_insert((0, now));
                *entry = (entry.0 + 1, now);
                Err(CoreError::BadCredentials)
            }
        }
    }

    pub fn session_info(&self, session: &Session) -> CoreResult<SessionInfo> {
        let identity = self.identity()?;
        Ok(SessionInfo {
            user_id: session.user_id.clone(),
            username: session.username.clone(),
            full_name: session.full_name.clone(),
            role: session.role_key.clone(),
            role_name: session.role_name.clone(),
            permissions: session
                .permissions
                .iter()
                .map(|p| p.key().to_owned())
                .collect(),
            school_name: identity.school_name,
            campus_name: identity.campus_name,
            campus_code: identity.campus_code,
            device_code: identity.device_code,
        })
    }

    /// Which campus this database is and which PC this is.
    pub fn identity(&self) -> CoreResult<Identity> {
        Ok(self.conn.query_row(
            "SELECT c.id, c.school_name, c.name, c.code, d.id, d.code, c.admission_pattern
             FROM device_state s JOIN campus c ON c.id = s.campus_id JOIN device d ON d.id = s.device_id",
            [],
            |row| {
                Ok(Identity {
                    campus_id: row.get(0)?,
                    school_name: row.get(1)?,
                    campus_name: row.get(2)?,
                    campus_code: row.get(3)?,
                    device_id: row.get(4)?,
                    device_code: row.get(5)?,
                    admission_pattern: row.get(6)?,
                })
            },
        )?)
    }

    /// A consistent, integrity-checked copy of the database at `dest`, encrypted with the same
    /// key (so the recovery key opens it).
    pub fn backup(&self, session: &Session, dest: &Path) -> CoreResult<()> {
        session.require(Permission::SchoolSettings)?;
        store::backup_to(&self.conn, &self.key, dest)
    }

    /// The recovery key again, for a school admin who lost the printout.
    pub fn recovery_key(&self, session: &Session) -> CoreResult<RecoveryKey> {
        session.require(Permission::SchoolSettings)?;
        let identity = self.identity()?;
        Ok(RecoveryKey {
            campus_name: identity.campus_name,
            campus_code: identity.campus_code,
            key: self.key.recovery_text(),
        })
    }
}

/// The campus and PC a database belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identity {
    pub campus_id: String,
    pub school_name: String,
    pub campus_name: String,
    pub campus_code: String,
    pub device_id: String,
    pub device_code: String,
    pub admission_pattern: String,
}

pub(crate) fn local_date(clock: &dyn Clock) -> NaiveDate {
    local_date_of(clock.now())
}

/// The PC's calendar date at an instant.
pub(crate) fn local_date_of(now: chrono::DateTime<chrono::Utc>) -> NaiveDate {
    now.with_timezone(&chrono::Local).date_naive()
}

/// The Indian school year (April to March) that contains `day`.
fn academic_year_around(day: NaiveDate) -> (NaiveDate, NaiveDate) {
    let start_year = if day.month() >= 4 {
        day.year()
    } else {
        day.year() - 1
    };
    let starts = NaiveDate::from_ymd_opt(start_year, 4, 1).unwrap_or(day);
    let ends = NaiveDate::from_ymd_opt(start_year + 1, 3, 31).unwrap_or(day);
    (starts, ends)
}

fn validate_new_campus(input: &NewCampus) -> CoreResult<NewCampus> {
    let mut errors = FieldErrors::new();
    let mut campus = input.clone();
    campus.school_name = input.school_name.trim().to_owned();
    campus.campus_name = input.campus_name.trim().to_owned();
    campus.campus_code = input.campus_code.trim().to_uppercase();
    campus.device_code = input.device_code.trim().to_uppercase();
    campus.address = input.address.trim().to_owned();
    campus.admin_full_name = input.admin_full_name.trim().to_owned();
    if campus.school_name.is_empty() {
        errors.add("school_name", "Enter the school's name");
    }
    if campus.campus_name.is_empty() {
        errors.add("campus_name", "Enter the campus's name");
    }
    let code_ok = |code: &str, max: usize| {
        (2..=max).contains(&code.len()) && code.chars().all(|c| c.is_ascii_alphanumeric())
    };
    if !code_ok(&campus.campus_code, 6) {
        errors.add(
            "campus_code",
            "Campus code must be 2 to 6 letters or digits, e.g. GIS",
        );
    }
    if !code_ok(&campus.device_code, 6) {
        errors.add(
            "device_code",
            "PC code must be 2 to 6 letters or digits, e.g. PC1",
        );
    }
    match auth::check_username(&input.admin_username) {
        Ok(username) => campus.admin_username = username,
        Err(message) => errors.add("admin_username", message),
    }
    if campus.admin_full_name.is_empty() {
        errors.add("admin_full_name", "Enter the administrator's full name");
    }
    if let Err(message) = auth::check_password(&input.admin_password) {
        errors.add("admin_password", message);
    }
    errors.finish()?;
    Ok(campus)
}

impl Office {
    /// What merging other PCs' changes turned up on this PC, newest first, for the school admin.
    pub fn conflicts(
        &self,
        session: &Session,
    ) -> CoreResult<Vec<campusdesk_shared::office::ConflictRow>> {
        session.require(Permission::SchoolSettings)?;
        let mut stmt = self.conn.prepare_cached(
            "SELECT c.id, c.kind, c.tbl, c.row_id, c.other_row_id, c.field, c.kept_value,
                    coalesce(kd.code, substr(c.kept_device, 1, 8)), c.lost_value,
                    coalesce(ld.code, substr(c.lost_device, 1, 8)), coalesce(u.username, ''), c.detected_at,
                    c.resolved_at IS NOT NULL
             FROM conflict c
             LEFT JOIN device kd ON kd.id = c.kept_device
             LEFT JOIN device ld ON ld.id = c.lost_device
             LEFT JOIN app_user u ON u.id = c.lost_user_id
             ORDER BY c.detected_at DESC, c.id DESC",
        )?;
        let rows = stmt.query_map([], |r| {
            let detected: i64 = r.get(11)?;
            Ok(campusdesk_shared::office::ConflictRow {
                id: r.get(0)?,
                kind: r.get(1)?,
                table: r.get(2)?,
                row_id: r.get(3)?,
                other_row_id: r.get(4)?,
                field: r.get(5)?,
                kept_value: json_text(r.get::<_, Option<String>>(6)?),
                kept_device_code: r.get(7)?,
                lost_value: json_text(r.get::<_, Option<String>>(8)?),
                lost_device_code: r.get(9)?,
                lost_username: r.get(10)?,
                detected_at: chrono::DateTime::from_timestamp_millis(detected)
                    .unwrap_or_default()
                    .to_rfc3339(),
                resolved: r.get(12)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}

/// A stored JSON value as a person reads it: strings without their quotes.
fn json_text(stored: Option<String>) -> String {
    match stored.as_deref().map(serde_json::from_str::<Value>) {
        Some(Ok(Value::String(text))) => text,
        Some(Ok(Value::Null)) | None => String::new(),
        Some(Ok(other)) => other.to_string(),
        Some(Err(_)) => stored.unwrap_or_default(),
    }
}
