//! Taking a register: the screen's lines for a section, date and period, and saving them as
//! one transaction. Only the marks someone chose are stored (see the parent module).

use std::collections::{HashMap, HashSet};

use campusdesk_shared::attendance::{
    AttendanceStatus, MarkSource, RegisterInput, RegisterLine, RegisterSaved, RegisterSection,
    RegisterSheet,
};
use campusdesk_shared::office::HistoryEntry;
use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, params};
use serde_json::Value;

use super::{
    CampusRules, effective_status, mark_id, on_leave, parse_field_date, register_closed_reason,
    register_id, require_assigned, section_label,
};
use crate::auth::{Permission, Session};
use crate::error::{CoreError, CoreResult, FieldErrors};
use crate::input::{self, clean_text};
use crate::office::Office;
use crate::store::tables;

/// The longest remark a mark may carry.
const MAX_REMARK: usize = 200;

/// A student on a register's roll.
#[derive(Debug)]
struct RollStudent {
    id: String,
    admission_no: String,
    full_name: String,
}

/// Who is on a section's register for a date: its active students admitted by then, and anyone
/// already marked in that register (a student who has since moved keeps their mark visible).
fn roll(
    conn: &Connection,
    section_id: &str,
    date: NaiveDate,
    period: u8,
) -> CoreResult<Vec<RollStudent>> {
    // The section's class narrows the search to the (class, section) index.
    let mut stmt = conn.prepare_cached(
        "SELECT id, admission_no, trim(first_name || ' ' || last_name), first_name, last_name FROM student
         WHERE class_id = (SELECT class_id FROM section WHERE id = ?1) AND section_id = ?1
           AND status = 'active' AND deleted = 0 AND admitted_on <= ?2
         UNION
         SELECT s.id, s.admission_no, trim(s.first_name || ' ' || s.last_name), s.first_name, s.last_name
         FROM attendance_mark m JOIN student s ON s.id = m.student_id
         WHERE m.section_id = ?1 AND m.on_date = ?2 AND m.period = ?3 AND m.deleted = 0 AND s.deleted = 0
         ORDER BY 4, 5, 2",
    )?;
    let rows = stmt.query_map(params![section_id, date.to_string(), period], |r| {
        Ok(RollStudent {
            id: r.get(0)?,
            admission_no: r.get(1)?,
            full_name: r.get(2)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The marks stored in one register, by student: (status, remark).
fn stored_marks(
    conn: &Connection,
    section_id: &str,
    date: NaiveDate,
    period: u8,
) -> CoreResult<HashMap<String, (AttendanceStatus, String)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT student_id, status, remark FROM attendance_mark
         WHERE section_id = ?1 AND on_date = ?2 AND period = ?3 AND deleted = 0",
    )?;
    let rows = stmt.query_map(params![section_id, date.to_string(), period], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
        ))
    })?;
    let mut marks = HashMap::new();
    for row in rows {
        let (student, status, remark) = row?;
        if let Some(status) = AttendanceStatus::parse(&status) {
            marks.insert(student, (status, remark));
        }
    }
    Ok(marks)
}

/// Whether the register was taken, and by whom (username).
fn taken_by(conn: &Connection, register_id: &str) -> CoreResult<Option<String>> {
    Ok(conn
        .prepare_cached(
            "SELECT coalesce(u.username, r.taken_by) FROM attendance_register r
             LEFT JOIN app_user u ON u.id = r.taken_by WHERE r.id = ?1 AND r.deleted = 0",
        )?
        .query_row([register_id], |r| r.get(0))
        .optional()?)
}

impl Office {
    /// The sections whose registers this session may take, in class order: a teacher's own
    /// sections, every section for the other roles that may mark.
    pub fn register_sections(&self, session: &Session) -> CoreResult<Vec<RegisterSection>> {
        session.require(Permission::AttendanceView)?;
        let teacher_only = session.role_key == super::TEACHER_ROLE;
        let mut stmt = self.conn.prepare_cached(
            "SELECT s.id, c.name || '-' || s.name FROM section s JOIN class c ON c.id = s.class_id
             WHERE s.deleted = 0 AND c.deleted = 0
               AND (?1 = 0 OR EXISTS (SELECT 1 FROM teacher_section t
                    WHERE t.section_id = s.id AND t.user_id = ?2 AND t.deleted = 0))
             ORDER BY c.sort_order, c.name, s.name",
        )?;
        let rows = stmt.query_map(params![teacher_only, session.user_id], |r| {
            Ok(RegisterSection {
                section_id: r.get(0)?,
                label: r.get(1)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The register screen: every student on the roll with what the register shows for them.
    pub fn register_sheet(
        &self,
        session: &Session,
        section_id: &str,
        date: &str,
        period: u8,
    ) -> CoreResult<RegisterSheet> {
        session.require(Permission::AttendanceView)?;
        let date = parse_field_date("date", "Date", date)?;
        let section_label = section_label(&self.conn, section_id)?;
        let rules = CampusRules::load(&self.conn)?;
        rules
            .check_period(period)
            .map_err(|message| CoreError::invalid("period", message))?;
        let closed_reason = register_closed_reason(&self.conn, &rules, self.today(), date)?;
        let taken_by = taken_by(&self.conn, &register_id(section_id, date, period))?;
        let roll = roll(&self.conn, section_id, date, period)?;
        let stored = stored_marks(&self.conn, section_id, date, period)?;
        let ids: Vec<String> = roll.iter().map(|s| s.id.clone()).collect();
        let leave = on_leave(&self.conn, date, &ids)?;
        let lines = roll
            .into_iter()
            .map(|student| {
                let mark = stored.get(&student.id);
                let on_leave = leave.contains(&student.id);
                let status = effective_status(mark.map(|(status, _)| *status), on_leave);
                let source = match mark {
                    Some((marked, _)) if *marked == status => MarkSource::Marked,
                    _ if on_leave => MarkSource::Leave,
                    _ => MarkSource::Default,
                };
                RegisterLine {
                    student_id: student.id,
                    admission_no: student.admission_no,
                    full_name: student.full_name,
                    status,
                    remark: mark.map(|(_, remark)| remark.clone()).unwrap_or_default(),
                    source,
                }
            })
            .collect();
        Ok(RegisterSheet {
            section_id: section_id.to_owned(),
            section_label,
            date: date.to_string(),
            period,
            taken_by,
            closed_reason,
            lines,
        })
    }

    /// Saves a register: takes it if it was not taken yet (`attendance.mark`), or changes a
    /// taken one (`attendance.edit`), writing the register and every chosen mark in one
    /// transaction. Any bad line refuses the whole save, with each problem under its line
    /// (`marks.3.student_id`).
    pub fn save_register(
        &mut self,
        session: &Session,
        register: &RegisterInput,
    ) -> CoreResult<RegisterSaved> {
        // A role with neither permission is refused before anything is read; which of the
        // two this save needs depends on whether the register was taken (below).
        if !session.can(Permission::AttendanceEdit) {
            session.require(Permission::AttendanceMark)?;
        }
        let section_id = register.section_id.as_str();
        let period = register.period;
        let date = parse_field_date("date", "Date", &register.date)?;
        let section_label = section_label(&self.conn, section_id)?;
        let register_id = register_id(section_id, date, period);
        let already_taken = taken_by(&self.conn, &register_id)?.is_some();
        session.require(if already_taken {
            Permission::AttendanceEdit
        } else {
            Permission::AttendanceMark
        })?;
        require_assigned(&self.conn, session, section_id)?;
        let rules = CampusRules::load(&self.conn)?;
        rules
            .check_period(period)
            .map_err(|message| CoreError::invalid("period", message))?;
        if let Some(reason) = register_closed_reason(&self.conn, &rules, self.today(), date)? {
            return Err(CoreError::invalid("date", reason));
        }

        let mut w = self.writer(session)?;
        // Read inside the transaction, so the roll and the stored marks are those the writes
        // land on.
        let roll: HashSet<String> = roll(w.conn(), section_id, date, period)?
            .into_iter()
            .map(|student| student.id)
            .collect();
        let stored = stored_marks(w.conn(), section_id, date, period)?;
        let listed: Vec<String> = register
            .marks
            .iter()
            .map(|m| m.student_id.clone())
            .collect();
        let leave = on_leave(w.conn(), date, &listed)?;
        // Another PC's register for this day may have arrived since the check above.
        let newly_taken = taken_by(w.conn(), &register_id)?.is_none();
        if newly_taken {
            w.insert(
                &tables::ATTENDANCE_REGISTER,
                &register_id,
                &[
                    ("section_id", section_id.into()),
                    ("on_date", date.to_string().into()),
                    ("period", Value::from(period)),
                    ("taken_by", session.user_id.clone().into()),
                ],
            )?;
        }
        let mut errors = FieldErrors::new();
        let mut seen = HashSet::new();
        let mut marks_changed = 0u32;
        for (index, mark) in register.marks.iter().enumerate() {
            let student_id = mark.student_id.as_str();
            if !roll.contains(student_id) {
                errors.add(
                    &format!("marks.{index}.student_id"),
                    format!(
                        "That student is not on the roll of {section_label} on {}",
                        input::format_date(date)
                    ),
                );
                continue;
            }
            if !seen.insert(student_id) {
                errors.add(
                    &format!("marks.{index}.student_id"),
                    "This student is listed twice",
                );
                continue;
            }
            let remark = clean_text(&mark.remark);
            if remark.chars().count() > MAX_REMARK {
                errors.add(
                    &format!("marks.{index}.remark"),
                    format!("A remark is at most {MAX_REMARK} characters"),
                );
                continue;
            }
            let id = mark_id(student_id, date, period);
            let fields = [
                ("status", mark.status.as_str().into()),
                ("remark", remark.clone().into()),
                ("section_id", section_id.into()),
            ];
            if stored.contains_key(student_id) {
                if w.update(&tables::ATTENDANCE_MARK, &id, &fields)? {
                    marks_changed += 1;
                }
            } else if mark.status == effective_status(None, leave.contains(student_id))
                && remark.is_empty()
            {
                // What the register shows anyway: a default present (or leave's excused) is
                // not a mark someone chose, and must never reach another PC as one.
            } else {
                w.insert(
                    &tables::ATTENDANCE_MARK,
                    &id,
                    &[
                        ("student_id", student_id.into()),
                        ("section_id", section_id.into()),
                        ("on_date", date.to_string().into()),
                        ("period", Value::from(period)),
                        ("status", mark.status.as_str().into()),
                        ("remark", remark.into()),
                    ],
                )?;
                marks_changed += 1;
            }
        }
        // A refusal drops the writer, which rolls back the register and every mark written.
        errors.finish()?;
        w.commit()?;
        Ok(RegisterSaved {
            newly_taken,
            marks_changed,
        })
    }

    /// Who set a student's mark in a register, to what and when, from which PC: the change
    /// log's record of that mark.
    pub fn mark_history(
        &self,
        session: &Session,
        student_id: &str,
        date: &str,
        period: u8,
    ) -> CoreResult<Vec<HistoryEntry>> {
        session.require(Permission::AttendanceView)?;
        let date = parse_field_date("date", "Date", date)?;
        crate::students::history(&self.conn, &[mark_id(student_id, date, period)])
    }
}
