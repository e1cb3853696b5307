//! The walk-in enquiry register: prospective admissions with follow-up calls, converted into
//! an admission when the family decides (the admission marks the enquiry converted).

use campusdesk_shared::office::{
    Enquiry, EnquiryInput, EnquiryStatus, FollowUp, GuardianInput, StudentInput,
};
use rusqlite::{OptionalExtension, params};

use crate::auth::{Permission, Session};
use crate::error::{CoreError, CoreResult, FieldErrors};
use crate::input::{self, clean_text};
use crate::office::{Office, new_id};
use crate::store::tables;

fn optional_date(text: &str, field: &str, label: &str, errors: &mut FieldErrors) -> String {
    if text.trim().is_empty() {
        return String::new();
    }
    match input::parse_date(text) {
        Ok(date) => date.to_string(),
        Err(message) => {
            errors.add(field, format!("{label} {message}"));
            String::new()
        }
    }
}

impl Office {
    pub fn record_enquiry(
        &mut self,
        session: &Session,
        input: &EnquiryInput,
    ) -> CoreResult<String> {
        session.require(Permission::StudentsCreate)?;
        let mut errors = FieldErrors::new();
        let child_name = clean_text(&input.child_name);
        if child_name.is_empty() {
            errors.add("child_name", "Enter the child's name");
        }
        let guardian_name = clean_text(&input.guardian_name);
        if guardian_name.is_empty() {
            errors.add("guardian_name", "Enter the parent's or guardian's name");
        }
        let phone = input::normalize_phone(&input.phone)
            .map_err(|m| errors.add("phone", m))
            .unwrap_or_default();
        let email = if input.email.trim().is_empty() {
            String::new()
        } else {
            input::check_email(&input.email)
                .map_err(|m| errors.add("email", m))
                .unwrap_or_default()
        };
        let gender = if input.gender.trim().is_empty() {
            ""
        } else {
            input::parse_gender(&input.gender)
                .map_err(|m| errors.add("gender", m))
                .unwrap_or("")
        };
        let dob = optional_date(
            &input.date_of_birth,
            "date_of_birth",
            "Date of birth",
            &mut errors,
        );
        let next = optional_date(
            &input.next_follow_up_on,
            "next_follow_up_on",
            "Follow-up date",
            &mut errors,
        );
        errors.finish()?;
        let id = new_id();
        let today = self.today().to_string();
        let mut w = self.writer(session)?;
        w.insert(
            &tables::ENQUIRY,
            &id,
            &[
                ("enquiry_on", today.into()),
                ("child_name", child_name.into()),
                ("date_of_birth", dob.into()),
                ("gender", gender.into()),
                ("class_sought", clean_text(&input.class_sought).into()),
                ("guardian_name", guardian_name.into()),
                ("phone", phone.into()),
                ("email", email.into()),
                ("source", clean_text(&input.source).into()),
                ("notes", input.notes.trim().into()),
                ("status", EnquiryStatus::Open.as_str().into()),
                ("next_follow_up_on", next.into()),
            ],
        )?;
        w.commit()?;
        Ok(id)
    }

    /// Enquiries, open ones first by their next follow-up date; `status` narrows the list.
    pub fn enquiries(
        &self,
        session: &Session,
        status: Option<EnquiryStatus>,
    ) -> CoreResult<Vec<Enquiry>> {
        session.require(Permission::StudentsView)?;
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, enquiry_on, child_name, date_of_birth, gender, class_sought, guardian_name, phone, email,
                    source, notes, status, next_follow_up_on, student_id
             FROM enquiry WHERE deleted = 0 AND (?1 IS NULL OR status = ?1)
             ORDER BY status = 'open' DESC, next_follow_up_on = '', next_follow_up_on, enquiry_on DESC
             LIMIT 500",
        )?;
        let rows = stmt.query_map([status.map(EnquiryStatus::as_str)], |r| {
            let status: String = r.get(11)?;
            Ok(Enquiry {
                id: r.get(0)?,
                enquiry_on: r.get(1)?,
                child_name: r.get(2)?,
                date_of_birth: r.get(3)?,
                gender: r.get(4)?,
                class_sought: r.get(5)?,
                guardian_name: r.get(6)?,
                phone: r.get(7)?,
                email: r.get(8)?,
                source: r.get(9)?,
                notes: r.get(10)?,
                status: EnquiryStatus::parse(&status).unwrap_or_default(),
                next_follow_up_on: r.get(12)?,
                student_id: r.get(13)?,
                follow_ups: Vec::new(),
            })
        })?;
        let mut enquiries: Vec<Enquiry> = rows.collect::<Result<_, _>>()?;
        let mut stmt = self.conn.prepare_cached(
            "SELECT f.id, f.on_date, f.note, f.next_on, coalesce(u.username, '')
             FROM enquiry_follow_up f LEFT JOIN app_user u ON u.id = f.user_id
             WHERE f.enquiry_id = ?1 AND f.deleted = 0 ORDER BY f.row_hlc",
        )?;
        for enquiry in &mut enquiries {
            enquiry.follow_ups = stmt
                .query_map([&enquiry.id], |r| {
                    Ok(FollowUp {
                        id: r.get(0)?,
                        on_date: r.get(1)?,
                        note: r.get(2)?,
                        next_on: r.get(3)?,
                        username: r.get(4)?,
                    })
                })?
                .collect::<Result<_, _>>()?;
        }
        Ok(enquiries)
    }

    /// Notes a call or visit and when to follow up next.
    pub fn add_follow_up(
        &mut self,
        session: &Session,
        enquiry_id: &str,
        note: &str,
        next_on: &str,
    ) -> CoreResult<String> {
        session.require(Permission::StudentsCreate)?;
        let mut errors = FieldErrors::new();
        let note = note.trim();
        if note.is_empty() {
            errors.add("note", "Write what was said");
        }
        let next = optional_date(next_on, "next_on", "Next follow-up", &mut errors);
        errors.finish()?;
        let status = self.enquiry_status(enquiry_id)?;
        if status != EnquiryStatus::Open {
            return Err(CoreError::invalid(
                "note",
                format!(
                    "This enquiry is {}; follow-ups are for open ones",
                    status.as_str()
                ),
            ));
        }
        let id = new_id();
        let today = self.today().to_string();
        let user_id = session.user_id.clone();
        let mut w = self.writer(session)?;
        w.insert(
            &tables::ENQUIRY_FOLLOW_UP,
            &id,
            &[
                ("enquiry_id", enquiry_id.into()),
                ("on_date", today.into()),
                ("note", note.into()),
                ("next_on", next.clone().into()),
                ("user_id", user_id.into()),
            ],
        )?;
        w.update(
            &tables::ENQUIRY,
            enquiry_id,
            &[("next_follow_up_on", next.into())],
        )?;
        w.commit()?;
        Ok(id)
    }

    /// Closes an enquiry that will not become an admission, with the reason as a follow-up.
    pub fn close_enquiry(
        &mut self,
        session: &Session,
        enquiry_id: &str,
        reason: &str,
    ) -> CoreResult<()> {
        session.require(Permission::StudentsCreate)?;
        if reason.trim().is_empty() {
            return Err(CoreError::invalid(
                "reason",
                "Say why the enquiry is closed",
            ));
        }
        self.enquiry_status(enquiry_id)?;
        let today = self.today().to_string();
        let user_id = session.user_id.clone();
        let mut w = self.writer(session)?;
        w.insert(
            &tables::ENQUIRY_FOLLOW_UP,
            &new_id(),
            &[
                ("enquiry_id", enquiry_id.into()),
                ("on_date", today.into()),
                ("note", format!("Closed: {}", reason.trim()).into()),
                ("next_on", "".into()),
                ("user_id", user_id.into()),
            ],
        )?;
        w.update(
            &tables::ENQUIRY,
            enquiry_id,
            &[
                ("status", EnquiryStatus::Closed.as_str().into()),
                ("next_follow_up_on", "".into()),
            ],
        )?;
        w.commit()
    }

    /// The admission form pre-filled from an enquiry; saving it with [`Office::admit`] marks the
    /// enquiry converted in the same transaction.
    pub fn admission_from_enquiry(
        &self,
        session: &Session,
        enquiry_id: &str,
    ) -> CoreResult<StudentInput> {
        session.require(Permission::StudentsCreate)?;
        let row = self
            .conn
            .query_row(
                "SELECT child_name, date_of_birth, gender, guardian_name, phone, email, status FROM enquiry
                 WHERE id = ?1 AND deleted = 0",
                params![enquiry_id],
                |r| {
                    Ok((
                        r.get::<_, String>(0)?,
                        r.get::<_, String>(1)?,
                        r.get::<_, String>(2)?,
                        r.get::<_, String>(3)?,
                        r.get::<_, String>(4)?,
                        r.get::<_, String>(5)?,
                        r.get::<_, String>(6)?,
                    ))
                },
            )
            .optional()?
            .ok_or_else(|| CoreError::not_found("That enquiry"))?;
        let (child, dob, gender, guardian, phone, email, status) = row;
        if status == EnquiryStatus::Converted.as_str() {
            return Err(CoreError::invalid(
                "enquiry_id",
                "This enquiry is already an admission",
            ));
        }
        let (first_name, last_name) = match child.rsplit_once(' ') {
            Some((first, last)) => (first.to_owned(), last.to_owned()),
            None => (child, String::new()),
        };
        Ok(StudentInput {
            first_name,
            last_name,
            date_of_birth: dob,
            gender,
            guardians: vec![GuardianInput {
                name: guardian,
                relation: String::new(),
                phone,
                email,
                ..GuardianInput::default()
            }],
            enquiry_id: Some(enquiry_id.to_owned()),
            ..StudentInput::default()
        })
    }

    fn enquiry_status(&self, enquiry_id: &str) -> CoreResult<EnquiryStatus> {
        let status: String = self
            .conn
            .query_row(
                "SELECT status FROM enquiry WHERE id = ?1 AND deleted = 0",
                [enquiry_id],
                |r| r.get(0),
            )
            .optional()?
            .ok_or_else(|| CoreError::not_found("That enquiry"))?;
        Ok(EnquiryStatus::parse(&status).unwrap_or_default())
    }
}
