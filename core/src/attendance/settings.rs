//! The campus's attendance settings (daily or per period, weekly offs), its holiday calendar,
//! and which sections each teacher takes. All of it is campus data that syncs.

use campusdesk_shared::attendance::{
    AttendanceMode, AttendanceSettings, Holiday, HolidayInput, TeacherSection,
};
use rusqlite::{OptionalExtension, params};
use serde_json::Value;

use super::{CampusRules, TEACHER_ROLE, assignment_id, weekday_key};
use crate::auth::{Permission, Session};
use crate::error::{CoreError, CoreResult, FieldErrors};
use crate::input::{self, clean_text};
use crate::office::{Office, new_id};
use crate::store::tables;

/// The most periods a day a campus may have (the schema's limit).
const MAX_PERIODS: u8 = 12;

impl Office {
    pub fn attendance_settings(&self, session: &Session) -> CoreResult<AttendanceSettings> {
        session.require(Permission::AttendanceView)?;
        let rules = CampusRules::load(&self.conn)?;
        Ok(AttendanceSettings {
            mode: rules.mode,
            periods_per_day: rules.periods_per_day,
            weekly_offs: rules
                .weekly_offs
                .iter()
                .map(|day| weekday_key(*day).to_owned())
                .collect(),
        })
    }

    pub fn set_attendance_settings(
        &mut self,
        session: &Session,
        settings: &AttendanceSettings,
    ) -> CoreResult<()> {
        session.require(Permission::SchoolSettings)?;
        let mut errors = FieldErrors::new();
        if settings.mode == AttendanceMode::PerPeriod
            && !(1..=MAX_PERIODS).contains(&settings.periods_per_day)
        {
            errors.add(
                "periods_per_day",
                format!("A day has 1 to {MAX_PERIODS} periods"),
            );
        }
        let mut offs = Vec::new();
        for (index, key) in settings.weekly_offs.iter().enumerate() {
            match super::parse_weekday(key) {
                Some(day) if !offs.contains(&day) => offs.push(day),
                Some(_) => {}
                None => errors.add(
                    &format!("weekly_offs.{index}"),
                    format!("{key} is not a day of the week"),
                ),
            }
        }
        if offs.len() == 7 {
            errors.add(
                "weekly_offs",
                "At least one day of the week must be a school day",
            );
        }
        errors.finish()?;
        offs.sort_by_key(chrono::Weekday::num_days_from_monday);
        let periods = match settings.mode {
            AttendanceMode::Daily => 1,
            AttendanceMode::PerPeriod => settings.periods_per_day,
        };
        let campus_id = self.identity()?.campus_id;
        let mut w = self.writer(session)?;
        w.update(
            &tables::CAMPUS,
            &campus_id,
            &[
                ("attendance_mode", settings.mode.as_str().into()),
                ("periods_per_day", Value::from(periods)),
                (
                    "weekly_offs",
                    offs.iter()
                        .map(|day| weekday_key(*day))
                        .collect::<Vec<_>>()
                        .join(" ")
                        .into(),
                ),
            ],
        )?;
        w.commit()
    }

    /// The campus's dated holidays, in date order.
    pub fn holidays(&self, session: &Session) -> CoreResult<Vec<Holiday>> {
        session.require(Permission::AttendanceView)?;
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, name, starts_on, ends_on FROM holiday WHERE deleted = 0 ORDER BY starts_on, name",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(Holiday {
                id: r.get(0)?,
                name: r.get(1)?,
                starts_on: r.get(2)?,
                ends_on: r.get(3)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Adds a holiday of one day or a run of days; returns its id.
    pub fn add_holiday(&mut self, session: &Session, holiday: &HolidayInput) -> CoreResult<String> {
        session.require(Permission::SchoolSettings)?;
        let mut errors = FieldErrors::new();
        let name = clean_text(&holiday.name);
        if name.is_empty() {
            errors.add("name", "Enter the holiday's name, e.g. Diwali");
        } else if name.chars().count() > 100 {
            errors.add("name", "The holiday's name is longer than 100 characters");
        }
        let span = input::read_day_span(
            &mut errors,
            &holiday.starts_on,
            &holiday.ends_on,
            input::SpanLabels {
                first: "Start date",
                last: "End date",
                what: "holiday",
            },
        );
        errors.finish()?;
        let Some((starts, ends)) = span else {
            return Err(CoreError::Internal("validated dates are missing".into()));
        };
        let id = new_id();
        let mut w = self.writer(session)?;
        w.insert(
            &tables::HOLIDAY,
            &id,
            &[
                ("name", name.into()),
                ("starts_on", starts.to_string().into()),
                ("ends_on", ends.to_string().into()),
            ],
        )?;
        w.commit()?;
        Ok(id)
    }

    pub fn remove_holiday(&mut self, session: &Session, holiday_id: &str) -> CoreResult<()> {
        session.require(Permission::SchoolSettings)?;
        let mut w = self.writer(session)?;
        w.delete(&tables::HOLIDAY, holiday_id)?;
        w.commit()
    }

    /// Lets a teacher take attendance for a section. Assigning again is harmless.
    pub fn assign_teacher(
        &mut self,
        session: &Session,
        user_id: &str,
        section_id: &str,
    ) -> CoreResult<()> {
        session.require(Permission::TeachersEdit)?;
        let role: Option<String> = self
            .conn
            .query_row(
                "SELECT r.key FROM app_user u JOIN role r ON r.id = u.role_id WHERE u.id = ?1 AND u.deleted = 0",
                [user_id],
                |r| r.get(0),
            )
            .optional()?;
        match role.as_deref() {
            None => return Err(CoreError::not_found("That user")),
            Some(TEACHER_ROLE) => {}
            Some(_) => {
                return Err(CoreError::invalid(
                    "user_id",
                    "Sections are assigned to teachers; this user's role is not teacher",
                ));
            }
        }
        super::section_label(&self.conn, section_id)?;
        let id = assignment_id(user_id, section_id);
        let existing: Option<i64> = self
            .conn
            .query_row(
                "SELECT deleted FROM teacher_section WHERE id = ?1",
                [&id],
                |r| r.get(0),
            )
            .optional()?;
        let mut w = self.writer(session)?;
        match existing {
            // The same assignment made before (and perhaps removed) is the same row.
            Some(_) => {
                w.update(&tables::TEACHER_SECTION, &id, &[("deleted", 0.into())])?;
            }
            None => w.insert(
                &tables::TEACHER_SECTION,
                &id,
                &[
                    ("user_id", user_id.into()),
                    ("section_id", section_id.into()),
                ],
            )?,
        }
        w.commit()
    }

    pub fn unassign_teacher(
        &mut self,
        session: &Session,
        user_id: &str,
        section_id: &str,
    ) -> CoreResult<()> {
        session.require(Permission::TeachersEdit)?;
        let mut w = self.writer(session)?;
        w.delete(
            &tables::TEACHER_SECTION,
            &assignment_id(user_id, section_id),
        )?;
        w.commit()
    }

    /// Teachers' sections: one teacher's, or everyone's.
    pub fn teacher_sections(
        &self,
        session: &Session,
        user_id: Option<&str>,
    ) -> CoreResult<Vec<TeacherSection>> {
        session.require(Permission::TeachersView)?;
        let mut stmt = self.conn.prepare_cached(
            "SELECT t.user_id, u.username, t.section_id, c.name || '-' || s.name
             FROM teacher_section t
             JOIN app_user u ON u.id = t.user_id
             JOIN section s ON s.id = t.section_id
             JOIN class c ON c.id = s.class_id
             WHERE t.deleted = 0 AND (?1 IS NULL OR t.user_id = ?1)
             ORDER BY u.username, c.sort_order, s.name",
        )?;
        let rows = stmt.query_map(params![user_id], |r| {
            Ok(TeacherSection {
                user_id: r.get(0)?,
                username: r.get(1)?,
                section_id: r.get(2)?,
                section_label: r.get(3)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}
