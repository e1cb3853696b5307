//! Students and their guardians: admission, edits, status, the searchable list and the
//! profile with its history from the change log.

use std::collections::HashMap;

use campusdesk_shared::office::{
    GuardianInput, GuardianLink, GuardianMatch, HistoryEntry, SiblingRow, StudentInput,
    StudentPage, StudentProfile, StudentQuery, StudentRow, StudentStatus,
};
use chrono::{Datelike, NaiveDate};
use rusqlite::{Connection, OptionalExtension, params, params_from_iter};
use serde_json::Value;

use crate::admission_no;
use crate::auth::{Permission, Session};
use crate::error::{CoreError, CoreResult, FieldErrors};
use crate::input::{self, clean_text};
use crate::office::{Office, new_id};
use crate::store::changes::ChangeWriter;
use crate::store::tables;

/// The most rows one page of the student list returns.
pub const MAX_PAGE: u32 = 200;

/// Classes and sections by id, loaded once per form or import.
#[derive(Debug, Default)]
pub(crate) struct SchoolLookup {
    pub class_names: HashMap<String, String>,
    /// section id -> (class id, section name)
    pub sections: HashMap<String, (String, String)>,
}

impl SchoolLookup {
    pub fn load(conn: &Connection) -> CoreResult<SchoolLookup> {
        let mut lookup = SchoolLookup::default();
        let mut stmt = conn.prepare_cached("SELECT id, name FROM class WHERE deleted = 0")?;
        for row in stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))? {
            let (id, name) = row?;
            lookup.class_names.insert(id, name);
        }
        let mut stmt =
            conn.prepare_cached("SELECT id, class_id, name FROM section WHERE deleted = 0")?;
        for row in stmt.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
            ))
        })? {
            let (id, class_id, name) = row?;
            lookup.sections.insert(id, (class_id, name));
        }
        Ok(lookup)
    }
}

/// A student's details after validation, ready to write.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ValidStudent {
    pub admission_no: Option<String>,
    pub first_name: String,
    pub last_name: String,
    pub date_of_birth: NaiveDate,
    pub gender: &'static str,
    pub class_id: Option<String>,
    pub section_id: Option<String>,
    pub phone: String,
    pub email: String,
    pub address: String,
    pub category: String,
    pub admitted_on: NaiveDate,
    pub guardians: Vec<ValidGuardian>,
    pub enquiry_id: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ValidGuardian {
    pub existing_id: Option<String>,
    pub name: String,
    pub relation: String,
    pub phone: String,
    pub email: String,
    pub occupation: String,
}

/// Checks the admission form, reporting every bad field at once under the form's field names
/// (`guardians.0.phone` for the first guardian's phone).
pub(crate) fn validate_student(
    input: &StudentInput,
    lookup: &SchoolLookup,
    today: NaiveDate,
    errors: &mut FieldErrors,
) -> Option<ValidStudent> {
    let first_name = clean_text(&input.first_name);
    if first_name.is_empty() {
        errors.add("first_name", "Enter the student's first name");
    } else if first_name.chars().count() > 100 {
        errors.add("first_name", "First name is longer than 100 characters");
    }
    let last_name = clean_text(&input.last_name);
    if last_name.chars().count() > 100 {
        errors.add("last_name", "Last name is longer than 100 characters");
    }
    let admission_no = clean_text(&input.admission_no).to_uppercase();
    if admission_no.chars().count() > 30 {
        errors.add(
            "admission_no",
            "Admission number is longer than 30 characters",
        );
    }
    let date_of_birth = if input.date_of_birth.trim().is_empty() {
        errors.add("date_of_birth", "Enter the date of birth");
        None
    } else {
        match input::parse_date(&input.date_of_birth) {
            Ok(date) if date >= today => {
                errors.add(
                    "date_of_birth",
                    format!(
                        "Date of birth {} is not in the past",
                        input::format_date(date)
                    ),
                );
                None
            }
            Ok(date) if today.years_since(date).unwrap_or(0) > 30 => {
                errors.add(
                    "date_of_birth",
                    format!(
                        "Date of birth {} makes the student over 30; check the year",
                        input::format_date(date)
                    ),
                );
                None
            }
            Ok(date) => Some(date),
            Err(message) => {
                errors.add("date_of_birth", format!("Date of birth {message}"));
                None
            }
        }
    };
    let gender = match input::parse_gender(&input.gender) {
        Ok(gender) => Some(gender),
        Err(message) => {
            errors.add("gender", message);
            None
        }
    };
    let class_id = input.class_id.clone().filter(|id| !id.is_empty());
    let section_id = input.section_id.clone().filter(|id| !id.is_empty());
    if let Some(class_id) = &class_id
        && !lookup.class_names.contains_key(class_id)
    {
        errors.add("class_id", "That class no longer exists; choose another");
    }
    if let Some(section_id) = &section_id {
        match (lookup.sections.get(section_id), &class_id) {
            (None, _) => errors.add(
                "section_id",
                "That section no longer exists; choose another",
            ),
            (Some(_), None) => errors.add("class_id", "Choose the class of the section"),
            (Some((owner, _)), Some(class_id)) if owner != class_id => {
                errors.add("section_id", "That section belongs to another class")
            }
            _ => {}
        }
    }
    let phone = optional(&input.phone, input::normalize_phone, "phone", errors);
    let email = optional(&input.email, input::check_email, "email", errors);
    let admitted_on = if input.admitted_on.trim().is_empty() {
        Some(today)
    } else {
        match input::parse_date(&input.admitted_on) {
            Ok(date) if date > today => {
                errors.add(
                    "admitted_on",
                    format!(
                        "Admission date {} is in the future",
                        input::format_date(date)
                    ),
                );
                None
            }
            Ok(date) => Some(date),
            Err(message) => {
                errors.add("admitted_on", format!("Admission date {message}"));
                None
            }
        }
    };
    if input.guardians.is_empty() {
        errors.add("guardians", "Add at least one guardian with a phone number");
    }
    let mut guardians = Vec::new();
    for (index, guardian) in input.guardians.iter().enumerate() {
        if let Some(valid) = validate_guardian(guardian, index, errors) {
            guardians.push(valid);
        }
    }
    let phones: Vec<&str> = guardians.iter().map(|g| g.phone.as_str()).collect();
    for (index, phone) in phones.iter().enumerate() {
        if phones[..index].contains(phone) && input.guardians[index].existing_id.is_none() {
            errors.add(
                &format!("guardians.{index}.phone"),
                "Two guardians have the same phone number",
            );
        }
    }
    if !errors.is_empty() {
        return None;
    }
    Some(ValidStudent {
        admission_no: (!admission_no.is_empty()).then_some(admission_no),
        first_name,
        last_name,
        date_of_birth: date_of_birth?,
        gender: gender?,
        class_id,
        section_id,
        phone: phone.unwrap_or_default(),
        email: email.unwrap_or_default(),
        address: clean_text(&input.address),
        category: clean_text(&input.category),
        admitted_on: admitted_on?,
        guardians,
        enquiry_id: input.enquiry_id.clone().filter(|id| !id.is_empty()),
    })
}

fn validate_guardian(
    input: &GuardianInput,
    index: usize,
    errors: &mut FieldErrors,
) -> Option<ValidGuardian> {
    let field = |name: &str| format!("guardians.{index}.{name}");
    let name = clean_text(&input.name);
    let existing_id = input.existing_id.clone().filter(|id| !id.is_empty());
    if name.is_empty() && existing_id.is_none() {
        errors.add(&field("name"), "Enter the guardian's name");
    }
    let relation = clean_text(&input.relation).to_lowercase();
    if relation.is_empty() {
        errors.add(
            &field("relation"),
            "Enter how the guardian is related (father, mother, ...)",
        );
    }
    let phone = if input.phone.trim().is_empty() {
        if existing_id.is_none() {
            errors.add(&field("phone"), "Enter the guardian's phone number");
        }
        None
    } else {
        match input::normalize_phone(&input.phone) {
            Ok(phone) => Some(phone),
            Err(message) => {
                errors.add(&field("phone"), message);
                None
            }
        }
    };
    let email = if input.email.trim().is_empty() {
        String::new()
    } else {
        match input::check_email(&input.email) {
            Ok(email) => email,
            Err(message) => {
                errors.add(&field("email"), message);
                return None;
            }
        }
    };
    if errors.is_empty() || (phone.is_some() || existing_id.is_some()) && !name.is_empty() {
        Some(ValidGuardian {
            existing_id,
            name,
            relation,
            phone: phone.unwrap_or_default(),
            email,
            occupation: clean_text(&input.occupation),
        })
    } else {
        None
    }
}

fn optional(
    text: &str,
    check: impl Fn(&str) -> Result<String, String>,
    field: &str,
    errors: &mut FieldErrors,
) -> Option<String> {
    if text.trim().is_empty() {
        return Some(String::new());
    }
    match check(text) {
        Ok(value) => Some(value),
        Err(message) => {
            errors.add(field, message);
            None
        }
    }
}

/// Campus settings an admission needs.
#[derive(Debug, Clone)]
pub(crate) struct NumberingRules {
    pub pattern: String,
    pub campus_code: String,
}

impl NumberingRules {
    pub fn load(conn: &Connection) -> CoreResult<NumberingRules> {
        Ok(conn.query_row(
            "SELECT c.admission_pattern, c.code FROM device_state s JOIN campus c ON c.id = s.campus_id",
            [],
            |r| Ok(NumberingRules { pattern: r.get(0)?, campus_code: r.get(1)? }),
        )?)
    }
}

fn student_fields(s: &ValidStudent, admission_no: &str) -> Vec<(&'static str, Value)> {
    vec![
        ("admission_no", admission_no.into()),
        ("first_name", s.first_name.clone().into()),
        ("last_name", s.last_name.clone().into()),
        ("date_of_birth", s.date_of_birth.to_string().into()),
        ("gender", s.gender.into()),
        ("class_id", s.class_id.clone().into()),
        ("section_id", s.section_id.clone().into()),
        ("phone", s.phone.clone().into()),
        ("email", s.email.clone().into()),
        ("address", s.address.clone().into()),
        ("category", s.category.clone().into()),
        ("admitted_on", s.admitted_on.to_string().into()),
        ("enquiry_id", s.enquiry_id.clone().into()),
    ]
}

/// Writes a validated admission: the student, new guardians (or links to existing ones, so
/// siblings share them) and the links; marks the enquiry converted. Returns the student's id.
pub(crate) fn write_admission(
    w: &mut ChangeWriter<'_>,
    student: &ValidStudent,
    rules: &NumberingRules,
) -> CoreResult<String> {
    let admission_no = match &student.admission_no {
        Some(number) => {
            if let Some(holder) = admission_no::is_taken(w.conn(), number)? {
                return Err(CoreError::Duplicate {
                    field: "admission_no".into(),
                    message: format!("Admission number {number} is already given to {holder}"),
                });
            }
            number.clone()
        }
        None => admission_no::take_next(
            w,
            &rules.pattern,
            &rules.campus_code,
            student.admitted_on.year(),
        )?,
    };
    let student_id = new_id();
    let mut fields = student_fields(student, &admission_no);
    fields.push(("status", StudentStatus::Active.as_str().into()));
    w.insert(&tables::STUDENT, &student_id, &fields)?;
    // The class's fees are charged in the admission's own write, from the month they join.
    crate::fees::charge_new_student(
        w,
        &student_id,
        student.class_id.as_deref(),
        student.admitted_on,
    )?;
    for (position, guardian) in student.guardians.iter().enumerate() {
        let guardian_id = link_target(w, guardian)?;
        w.insert(
            &tables::STUDENT_GUARDIAN,
            &new_id(),
            &[
                ("student_id", student_id.clone().into()),
                ("guardian_id", guardian_id.into()),
                ("relation", guardian.relation.clone().into()),
                ("position", Value::from(position as i64 + 1)),
            ],
        )?;
    }
    if let Some(enquiry_id) = &student.enquiry_id {
        let updated = w.update(
            &tables::ENQUIRY,
            enquiry_id,
            &[
                ("status", "converted".into()),
                ("student_id", student_id.clone().into()),
            ],
        );
        match updated {
            Ok(_) => {}
            Err(CoreError::NotFound { .. }) => {
                return Err(CoreError::invalid(
                    "enquiry_id",
                    "That enquiry no longer exists",
                ));
            }
            Err(other) => return Err(other),
        }
    }
    Ok(student_id)
}

/// The guardian a link should point at: the one chosen on the form, an existing guardian with
/// the same phone and name (a sibling's parent typed again), or a new one.
fn link_target(w: &mut ChangeWriter<'_>, guardian: &ValidGuardian) -> CoreResult<String> {
    if let Some(id) = &guardian.existing_id {
        let exists: Option<i64> = w
            .conn()
            .query_row(
                "SELECT 1 FROM guardian WHERE id = ?1 AND deleted = 0",
                [id],
                |r| r.get(0),
            )
            .optional()?;
        return match exists {
            Some(_) => Ok(id.clone()),
            None => Err(CoreError::invalid(
                "guardians",
                "A chosen guardian no longer exists; search again",
            )),
        };
    }
    let existing: Option<String> = w
        .conn()
        .prepare_cached(
            "SELECT id FROM guardian WHERE phone = ?1 AND lower(name) = lower(?2) AND deleted = 0 LIMIT 1",
        )?
        .query_row(params![guardian.phone, guardian.name], |r| r.get(0))
        .optional()?;
    if let Some(id) = existing {
        return Ok(id);
    }
    let id = new_id();
    w.insert(
        &tables::GUARDIAN,
        &id,
        &[
            ("name", guardian.name.clone().into()),
            ("phone", guardian.phone.clone().into()),
            ("email", guardian.email.clone().into()),
            ("occupation", guardian.occupation.clone().into()),
        ],
    )?;
    Ok(id)
}

impl Office {
    /// The admission number the form should offer.
    pub fn suggest_admission_no(&self, session: &Session) -> CoreResult<String> {
        session.require(Permission::StudentsCreate)?;
        let rules = NumberingRules::load(&self.conn)?;
        let year = self.today().year();
        if let Some((_, text)) =
            admission_no::next_free(&self.conn, &rules.pattern, &rules.campus_code, year)?
        {
            return Ok(text);
        }
        // The blocks are used up: the admission itself will reserve the next block.
        let highest: Option<i64> = self.conn.query_row(
            "SELECT max(last_no) FROM admission_block WHERE deleted = 0",
            [],
            |r| r.get(0),
        )?;
        Ok(admission_no::format_number(
            &rules.pattern,
            &rules.campus_code,
            year,
            highest.unwrap_or(0) + 1,
        ))
    }

    /// Admits a student with their guardians in one transaction; returns the new student's id.
    pub fn admit(&mut self, session: &Session, input: &StudentInput) -> CoreResult<String> {
        session.require(Permission::StudentsCreate)?;
        let lookup = SchoolLookup::load(&self.conn)?;
        let rules = NumberingRules::load(&self.conn)?;
        let mut errors = FieldErrors::new();
        let valid = validate_student(input, &lookup, self.today(), &mut errors);
        errors.finish()?;
        let valid = valid
            .ok_or_else(|| CoreError::Internal("validation passed without a result".into()))?;
        let mut w = self.writer(session)?;
        let id = write_admission(&mut w, &valid, &rules)?;
        w.commit()?;
        Ok(id)
    }

    /// Saves an edited student: changed fields only (each logged with its previous clock),
    /// guardians updated, added, or unlinked when removed from the form.
    pub fn update_student(
        &mut self,
        session: &Session,
        student_id: &str,
        input: &StudentInput,
    ) -> CoreResult<bool> {
        session.require(Permission::StudentsEdit)?;
        let lookup = SchoolLookup::load(&self.conn)?;
        let mut errors = FieldErrors::new();
        let valid = validate_student(input, &lookup, self.today(), &mut errors);
        errors.finish()?;
        let valid = valid
            .ok_or_else(|| CoreError::Internal("validation passed without a result".into()))?;
        let (current_no, current_class): (String, Option<String>) = self
            .conn
            .query_row(
                "SELECT admission_no, class_id FROM student WHERE id = ?1 AND deleted = 0",
                [student_id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?
            .ok_or_else(|| CoreError::not_found("That student"))?;
        let admission_no = valid
            .admission_no
            .clone()
            .unwrap_or_else(|| current_no.clone());
        if admission_no != current_no
            && let Some(holder) = admission_no::is_taken(&self.conn, &admission_no)?
        {
            return Err(CoreError::Duplicate {
                field: "admission_no".into(),
                message: format!("Admission number {admission_no} is already given to {holder}"),
            });
        }
        let links = guardian_links(&self.conn, student_id)?;
        let mut w = self.writer(session)?;
        let mut fields = student_fields(&valid, &admission_no);
        fields.retain(|(name, _)| *name != "enquiry_id");
        let mut changed = w.update(&tables::STUDENT, student_id, &fields)?;
        if current_class != valid.class_id {
            // A change of class moves the fees still to fall due, in the same write.
            let today = crate::office::local_date_of(w.now());
            crate::fees::move_student_fees(
                &mut w,
                student_id,
                current_class.as_deref(),
                valid.class_id.as_deref(),
                today,
            )?;
        }
        changed |= sync_guardians(&mut w, student_id, &links, &valid.guardians)?;
        w.commit()?;
        Ok(changed)
    }

    pub fn set_student_status(
        &mut self,
        session: &Session,
        student_id: &str,
        status: StudentStatus,
    ) -> CoreResult<bool> {
        session.require(Permission::StudentsEdit)?;
        let mut w = self.writer(session)?;
        let changed = w.update(
            &tables::STUDENT,
            student_id,
            &[("status", status.as_str().into())],
        )?;
        w.commit()?;
        Ok(changed)
    }

    /// Removes a student admitted by mistake (a tombstone: the history stays).
    pub fn delete_student(&mut self, session: &Session, student_id: &str) -> CoreResult<()> {
        session.require(Permission::StudentsDelete)?;
        let mut w = self.writer(session)?;
        w.delete(&tables::STUDENT, student_id)?;
        w.commit()
    }

    /// The student list: name prefix (every word), admission-number prefix or guardian-phone
    /// prefix, filtered and paged, alphabetical.
    pub fn search_students(
        &self,
        session: &Session,
        query: &StudentQuery,
    ) -> CoreResult<StudentPage> {
        session.require(Permission::StudentsView)?;
        search(&self.conn, query)
    }

    pub fn student_profile(
        &self,
        session: &Session,
        student_id: &str,
    ) -> CoreResult<StudentProfile> {
        session.require(Permission::StudentsView)?;
        profile(&self.conn, student_id)
    }

    /// Guardians whose phone starts with, or name contains, `text`: for linking a sibling.
    pub fn find_guardians(&self, session: &Session, text: &str) -> CoreResult<Vec<GuardianMatch>> {
        session.require(Permission::StudentsView)?;
        let text = text.trim();
        if text.chars().count() < 3 {
            return Ok(Vec::new());
        }
        let digits = input::phone_prefix(text);
        let mut stmt = self.conn.prepare_cached(
            "SELECT g.id, g.name, g.phone,
                    (SELECT group_concat(trim(s.first_name || ' ' || s.last_name), ', ')
                     FROM student_guardian sg JOIN student s ON s.id = sg.student_id
                     WHERE sg.guardian_id = g.id AND sg.deleted = 0 AND s.deleted = 0)
             FROM guardian g
             WHERE g.deleted = 0 AND ((?1 <> '' AND g.phone >= ?1 AND g.phone < ?1 || ':') OR g.name LIKE '%' || ?2 || '%')
             ORDER BY g.name LIMIT 20",
        )?;
        let rows = stmt.query_map(params![digits, text], |r| {
            let children: Option<String> = r.get(3)?;
            Ok(GuardianMatch {
                id: r.get(0)?,
                name: r.get(1)?,
                phone: r.get(2)?,
                children: children
                    .map(|c| c.split(", ").map(str::to_owned).collect())
                    .unwrap_or_default(),
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}

/// A student's current guardian links: (link id, guardian id, phone).
pub(crate) fn guardian_links(
    conn: &Connection,
    student_id: &str,
) -> CoreResult<Vec<(String, String, String)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT sg.id, g.id, g.phone FROM student_guardian sg JOIN guardian g ON g.id = sg.guardian_id
         WHERE sg.student_id = ?1 AND sg.deleted = 0 ORDER BY sg.position",
    )?;
    let rows = stmt.query_map([student_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Brings a student's guardian links in line with the form: a guardian is matched by id, else
/// by phone; matched guardians are updated, new ones linked, missing ones unlinked.
pub(crate) fn sync_guardians(
    w: &mut ChangeWriter<'_>,
    student_id: &str,
    links: &[(String, String, String)],
    wanted: &[ValidGuardian],
) -> CoreResult<bool> {
    let mut changed = false;
    let mut kept = Vec::new();
    for (position, guardian) in wanted.iter().enumerate() {
        let matched = links.iter().find(|(_, gid, phone)| {
            guardian.existing_id.as_deref() == Some(gid.as_str())
                || (!guardian.phone.is_empty() && *phone == guardian.phone)
        });
        match matched {
            Some((link_id, guardian_id, _)) => {
                kept.push(link_id.clone());
                let mut fields: Vec<(&'static str, Value)> =
                    vec![("name", guardian.name.clone().into())];
                if !guardian.phone.is_empty() {
                    fields.push(("phone", guardian.phone.clone().into()));
                }
                fields.push(("email", guardian.email.clone().into()));
                fields.push(("occupation", guardian.occupation.clone().into()));
                if !guardian.name.is_empty() {
                    changed |= w.update(&tables::GUARDIAN, guardian_id, &fields)?;
                }
                changed |= w.update(
                    &tables::STUDENT_GUARDIAN,
                    link_id,
                    &[
                        ("relation", guardian.relation.clone().into()),
                        ("position", Value::from(position as i64 + 1)),
                    ],
                )?;
            }
            None => {
                let guardian_id = link_target(w, guardian)?;
                w.insert(
                    &tables::STUDENT_GUARDIAN,
                    &new_id(),
                    &[
                        ("student_id", student_id.into()),
                        ("guardian_id", guardian_id.into()),
                        ("relation", guardian.relation.clone().into()),
                        ("position", Value::from(position as i64 + 1)),
                    ],
                )?;
                changed = true;
            }
        }
    }
    for (link_id, _, _) in links {
        if !kept.contains(link_id) {
            w.delete(&tables::STUDENT_GUARDIAN, link_id)?;
            changed = true;
        }
    }
    Ok(changed)
}

/// The next string after every string that starts with `prefix`, for index range scans.
fn prefix_end(prefix: &str) -> String {
    format!("{prefix}\u{10FFFF}")
}

/// An FTS5 query that matches every word of `text` as a prefix.
fn fts_query(text: &str) -> String {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty())
        .map(|word| format!("\"{word}\"*"))
        .collect::<Vec<_>>()
        .join(" ")
}

/// How many matches a text search collects at most. A search as you type with one or two
/// letters can match tens of thousands of students; the list then shows the newest
/// [`SEARCH_CAP`] matches (alphabetically) and says that more match, so every keystroke stays
/// fast. Type more, or filter, to narrow it down.
pub const SEARCH_CAP: usize = 200;

pub(crate) fn search(conn: &Connection, query: &StudentQuery) -> CoreResult<StudentPage> {
    let text = query.text.trim();
    let limit = if query.limit == 0 {
        50
    } else {
        query.limit.min(MAX_PAGE)
    } as usize;
    let offset = query.offset as usize;
    // The filters, written for any table alias that has the three columns.
    let mut filter_args: Vec<rusqlite::types::Value> = Vec::new();
    let mut filters: Vec<String> = Vec::new();
    for (column, value) in [
        ("class_id", query.class_id.clone()),
        ("section_id", query.section_id.clone()),
        ("status", query.status.map(|s| s.as_str().to_owned())),
    ] {
        if let Some(value) = value {
            filter_args.push(value.into());
            filters.push(format!("{{t}}.{column} = ?{}", filter_args.len()));
        }
    }
    let filtered = |alias: &str, first: &str| -> String {
        std::iter::once(first.to_owned())
            .chain(filters.iter().map(|f| f.replace("{t}", alias)))
            .collect::<Vec<_>>()
            .join(" AND ")
    };
    if text.is_empty() {
        // Browsing: the whole list in name order, paged by the database through the name index.
        let count_sql = format!(
            "SELECT count(*) FROM student s WHERE {}",
            filtered("s", "s.deleted = 0")
        );
        let total: i64 = conn
            .prepare_cached(&count_sql)?
            .query_row(params_from_iter(filter_args.iter()), |r| r.get(0))?;
        let mut args = filter_args.clone();
        args.push(i64::try_from(limit).unwrap_or(50).into());
        args.push(i64::try_from(offset).unwrap_or(0).into());
        let sql = format!(
            "SELECT s.rowid FROM student s WHERE {} ORDER BY s.first_name, s.last_name, s.rowid LIMIT ?{} OFFSET ?{}",
            filtered("s", "s.deleted = 0"),
            args.len() - 1,
            args.len()
        );
        let ids: Vec<i64> = conn
            .prepare_cached(&sql)?
            .query_map(params_from_iter(args.iter()), |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        return Ok(StudentPage {
            total: u32::try_from(total).unwrap_or(u32::MAX),
            capped: false,
            rows: page_rows(conn, &ids)?,
        });
    }

    // Searching: the rows of every way the text can match, streamed newest first and cut off
    // after SEARCH_CAP + 1 so that nothing has to read or sort every match. Names and filter
    // columns come from the search index's compact copy, never from the wide student rows.
    let mut args = filter_args.clone();
    let mut parts = Vec::new();
    let fts = fts_query(text);
    if !fts.is_empty() && text.chars().any(char::is_alphabetic) {
        args.push(fts.into());
        parts.push(format!(
            "SELECT * FROM (SELECT rowid AS rid FROM student_search WHERE student_search MATCH ?{} ORDER BY rowid DESC)",
            args.len()
        ));
    }
    let upper = text.to_uppercase();
    args.push(upper.clone().into());
    args.push(prefix_end(&upper).into());
    parts.push(format!(
        "SELECT * FROM (SELECT rowid AS rid FROM student
                        WHERE admission_no >= ?{} AND admission_no < ?{} ORDER BY admission_no DESC)",
        args.len() - 1,
        args.len()
    ));
    let digits: String = text.chars().filter(char::is_ascii_digit).collect();
    let phone_like = text
        .chars()
        .all(|c| c.is_ascii_digit() || " +-".contains(c));
    if phone_like && digits.len() >= 3 {
        let phone = input::phone_prefix(text);
        args.push(phone.clone().into());
        args.push(prefix_end(&phone).into());
        parts.push(format!(
            "SELECT s2.rowid AS rid FROM guardian g
             JOIN student_guardian sg ON sg.guardian_id = g.id AND sg.deleted = 0
             JOIN student s2 ON s2.id = sg.student_id
             WHERE g.phone >= ?{} AND g.phone < ?{}",
            args.len() - 1,
            args.len()
        ));
    }
    // CROSS JOIN keeps the matches as the outer loop, read by rowid from the compact copy,
    // which holds live students only: the arms above need not read the wide rows to skip
    // tombstones.
    let sql = format!(
        "SELECT hits.rid, f.first_name, f.last_name FROM ({}) hits CROSS JOIN student_search f ON f.rowid = hits.rid
         WHERE {} LIMIT {}",
        parts.join(" UNION ALL "),
        filtered("f", "1"),
        SEARCH_CAP * 2 + 1
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut seen = std::collections::HashSet::new();
    let mut hits: Vec<(String, String, i64)> = Vec::new();
    let mut rows = stmt.query(params_from_iter(args.iter()))?;
    while let Some(row) = rows.next()? {
        let rowid: i64 = row.get(0)?;
        // A student can match twice (by name and by number); count them once.
        if seen.insert(rowid) {
            hits.push((row.get(1)?, row.get(2)?, rowid));
            if hits.len() > SEARCH_CAP {
                break;
            }
        }
    }
    let capped = hits.len() > SEARCH_CAP;
    hits.truncate(SEARCH_CAP);
    hits.sort();
    let ids: Vec<i64> = hits
        .iter()
        .skip(offset)
        .take(limit)
        .map(|(_, _, rowid)| *rowid)
        .collect();
    Ok(StudentPage {
        total: u32::try_from(hits.len()).unwrap_or(u32::MAX),
        capped,
        rows: page_rows(conn, &ids)?,
    })
}

/// The list's lines for the given student rows, in the order given, from the search index's
/// compact copy (one small read each) plus the class and section names.
fn page_rows(conn: &Connection, ids: &[i64]) -> CoreResult<Vec<StudentRow>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut names: HashMap<String, String> = HashMap::new();
    let mut stmt =
        conn.prepare_cached("SELECT id, name FROM class UNION ALL SELECT id, name FROM section")?;
    for row in stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))? {
        let (id, name) = row?;
        names.insert(id, name);
    }
    let name_of = |id: Option<String>| {
        id.and_then(|id| names.get(&id).cloned())
            .unwrap_or_default()
    };
    let mut stmt = conn.prepare_cached(
        "SELECT student_id, admission_no, trim(first_name || ' ' || last_name), class_id, section_id, status,
                guardian_name, guardian_phone
         FROM student_search WHERE rowid = ?1",
    )?;
    let mut page = Vec::with_capacity(ids.len());
    for rowid in ids {
        let row = stmt
            .query_row([rowid], |r| {
                let status: String = r.get(5)?;
                Ok(StudentRow {
                    id: r.get(0)?,
                    admission_no: r.get(1)?,
                    full_name: r.get(2)?,
                    class_name: name_of(r.get(3)?),
                    section_name: name_of(r.get(4)?),
                    status: StudentStatus::parse(&status).unwrap_or_default(),
                    guardian_name: r.get::<_, Option<String>>(6)?.unwrap_or_default(),
                    guardian_phone: r.get::<_, Option<String>>(7)?.unwrap_or_default(),
                })
            })
            .optional()?;
        page.extend(row);
    }
    Ok(page)
}

fn profile(conn: &Connection, student_id: &str) -> CoreResult<StudentProfile> {
    let mut profile = conn
        .query_row(
            "SELECT s.id, s.admission_no, s.first_name, s.last_name, s.date_of_birth, s.gender, s.class_id,
                    s.section_id, coalesce(c.name, ''), coalesce(sec.name, ''), s.phone, s.email, s.address,
                    s.category, s.status, s.admitted_on
             FROM student s LEFT JOIN class c ON c.id = s.class_id LEFT JOIN section sec ON sec.id = s.section_id
             WHERE s.id = ?1 AND s.deleted = 0",
            [student_id],
            |r| {
                let status: String = r.get(14)?;
                Ok(StudentProfile {
                    id: r.get(0)?,
                    admission_no: r.get(1)?,
                    first_name: r.get(2)?,
                    last_name: r.get(3)?,
                    date_of_birth: r.get(4)?,
                    gender: r.get(5)?,
                    class_id: r.get(6)?,
                    section_id: r.get(7)?,
                    class_name: r.get(8)?,
                    section_name: r.get(9)?,
                    phone: r.get(10)?,
                    email: r.get(11)?,
                    address: r.get(12)?,
                    category: r.get(13)?,
                    status: StudentStatus::parse(&status).unwrap_or_default(),
                    admitted_on: r.get(15)?,
                    guardians: Vec::new(),
                    siblings: Vec::new(),
                    history: Vec::new(),
                })
            },
        )
        .optional()?
        .ok_or_else(|| CoreError::not_found("That student"))?;
    let mut stmt = conn.prepare_cached(
        "SELECT g.id, g.name, sg.relation, g.phone, g.email, g.occupation, sg.id
         FROM student_guardian sg JOIN guardian g ON g.id = sg.guardian_id
         WHERE sg.student_id = ?1 AND sg.deleted = 0 ORDER BY sg.position",
    )?;
    let mut related_rows = vec![student_id.to_owned()];
    for row in stmt.query_map([student_id], |r| {
        Ok((
            GuardianLink {
                guardian_id: r.get(0)?,
                name: r.get(1)?,
                relation: r.get(2)?,
                phone: r.get(3)?,
                email: r.get(4)?,
                occupation: r.get(5)?,
            },
            r.get::<_, String>(6)?,
        ))
    })? {
        let (link, link_id) = row?;
        related_rows.push(link_id);
        related_rows.push(link.guardian_id.clone());
        profile.guardians.push(link);
    }
    let mut stmt = conn.prepare_cached(
        "SELECT DISTINCT s.id, s.admission_no, trim(s.first_name || ' ' || s.last_name), coalesce(c.name, '')
         FROM student_guardian mine
         JOIN student_guardian other ON other.guardian_id = mine.guardian_id AND other.deleted = 0
         JOIN student s ON s.id = other.student_id AND s.deleted = 0
         LEFT JOIN class c ON c.id = s.class_id
         WHERE mine.student_id = ?1 AND mine.deleted = 0 AND s.id <> ?1
         ORDER BY s.first_name",
    )?;
    profile.siblings = stmt
        .query_map([student_id], |r| {
            Ok(SiblingRow {
                student_id: r.get(0)?,
                admission_no: r.get(1)?,
                full_name: r.get(2)?,
                class_name: r.get(3)?,
            })
        })?
        .collect::<Result<_, _>>()?;
    profile.history = history(conn, &related_rows)?;
    Ok(profile)
}

/// Who changed these rows, what and when, from which PC: read straight from the change log.
pub(crate) fn history(conn: &Connection, row_ids: &[String]) -> CoreResult<Vec<HistoryEntry>> {
    let placeholders = (1..=row_ids.len())
        .map(|i| format!("?{i}"))
        .collect::<Vec<_>>()
        .join(", ");
    let sql = format!(
        "SELECT cl.hlc, coalesce(u.username, 'system'), coalesce(d.code, substr(cl.device_id, 1, 8)), cl.kind,
                cl.tbl, cl.fields
         FROM change_log cl
         LEFT JOIN app_user u ON u.id = cl.user_id
         LEFT JOIN device d ON d.id = cl.device_id
         WHERE cl.row_id IN ({placeholders})
         ORDER BY cl.hlc, cl.pos"
    );
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt.query_map(params_from_iter(row_ids.iter()), |r| {
        let hlc: i64 = r.get(0)?;
        let fields: String = r.get(5)?;
        Ok((
            hlc,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, String>(4)?,
            fields,
        ))
    })?;
    let mut entries = Vec::new();
    for row in rows {
        let (hlc, username, device_code, kind, table, fields) = row?;
        let parsed: serde_json::Map<String, Value> =
            serde_json::from_str(&fields).unwrap_or_default();
        entries.push(HistoryEntry {
            at: crate::clock::Hlc(hlc).to_datetime().to_rfc3339(),
            username,
            device_code,
            kind,
            table,
            fields: parsed
                .into_iter()
                .filter(|(name, _)| name != "password_hash")
                .map(|(name, value)| {
                    let shown = match value {
                        Value::String(s) => s,
                        Value::Null => String::new(),
                        other => other.to_string(),
                    };
                    (name, shown)
                })
                .collect(),
        });
    }
    Ok(entries)
}
