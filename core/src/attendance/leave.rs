//! Leave requests for students: recorded at the front desk (`attendance.mark`), approved or
//! rejected by a role that may change saved attendance (`attendance.edit`; a teacher only for
//! the sections assigned to them). An approved leave shows as excused in the registers it
//! covers when they are read; nothing is written into them.

use campusdesk_shared::attendance::{LeaveInput, LeaveRequest, LeaveStatus};
use rusqlite::{OptionalExtension, params};

use super::require_assigned;
use crate::auth::{Permission, Session};
use crate::error::{CoreError, CoreResult, FieldErrors};
use crate::input::{self, clean_text};
use crate::office::{Office, new_id};
use crate::store::tables;

/// The longest leave one request may cover, in days (a term's medical leave fits).
const MAX_LEAVE_DAYS: i64 = 120;

impl Office {
    /// Records a leave request, pending a decision; returns its id.
    pub fn record_leave(&mut self, session: &Session, leave: &LeaveInput) -> CoreResult<String> {
        session.require(Permission::AttendanceMark)?;
        let mut errors = FieldErrors::new();
        let student: Option<String> = self
            .conn
            .query_row(
                "SELECT status FROM student WHERE id = ?1 AND deleted = 0",
                [&leave.student_id],
                |r| r.get(0),
            )
            .optional()?;
        match student.as_deref() {
            None => errors.add("student_id", "Choose the student the leave is for"),
            Some("active") => {}
            Some(_) => errors.add("student_id", "That student is no longer studying here"),
        }
        let span = input::read_day_span(
            &mut errors,
            &leave.starts_on,
            &leave.ends_on,
            input::SpanLabels {
                first: "First day of leave",
                last: "Last day of leave",
                what: "leave",
            },
        );
        if let Some((starts, ends)) = span
            && (ends - starts).num_days() >= MAX_LEAVE_DAYS
        {
            errors.add(
                "ends_on",
                format!("One request covers at most {MAX_LEAVE_DAYS} days"),
            );
        }
        let reason = clean_text(&leave.reason);
        if reason.is_empty() {
            errors.add("reason", "Enter the reason for the leave");
        } else if reason.chars().count() > 300 {
            errors.add("reason", "The reason is longer than 300 characters");
        }
        let requested_by = clean_text(&leave.requested_by);
        if requested_by.chars().count() > 100 {
            errors.add("requested_by", "Who asked is longer than 100 characters");
        }
        errors.finish()?;
        let Some((starts, ends)) = span else {
            return Err(CoreError::Internal("validated dates are missing".into()));
        };
        let id = new_id();
        let mut w = self.writer(session)?;
        w.insert(
            &tables::LEAVE_REQUEST,
            &id,
            &[
                ("student_id", leave.student_id.clone().into()),
                ("starts_on", starts.to_string().into()),
                ("ends_on", ends.to_string().into()),
                ("reason", reason.into()),
                ("requested_by", requested_by.into()),
                ("status", LeaveStatus::Pending.as_str().into()),
                ("recorded_by", session.user_id.clone().into()),
            ],
        )?;
        w.commit()?;
        Ok(id)
    }

    /// Approves or rejects a pending leave request.
    pub fn decide_leave(
        &mut self,
        session: &Session,
        leave_id: &str,
        approve: bool,
        note: &str,
    ) -> CoreResult<()> {
        session.require(Permission::AttendanceEdit)?;
        let found: Option<(String, Option<String>, Option<String>)> = self
            .conn
            .query_row(
                "SELECT l.status, s.section_id, coalesce(u.username, l.decided_by)
                 FROM leave_request l JOIN student s ON s.id = l.student_id
                 LEFT JOIN app_user u ON u.id = l.decided_by
                 WHERE l.id = ?1 AND l.deleted = 0",
                [leave_id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?;
        let Some((status, section_id, decided_by)) = found else {
            return Err(CoreError::not_found("That leave request"));
        };
        if let Some(section_id) = &section_id {
            require_assigned(&self.conn, session, section_id)?;
        }
        if status != LeaveStatus::Pending.as_str() {
            return Err(CoreError::invalid(
                "status",
                format!(
                    "This leave was already {status} by {}",
                    decided_by.unwrap_or_default()
                ),
            ));
        }
        let note = clean_text(note);
        if note.chars().count() > 300 {
            return Err(CoreError::invalid(
                "decision_note",
                "The note is longer than 300 characters",
            ));
        }
        let status = if approve {
            LeaveStatus::Approved
        } else {
            LeaveStatus::Rejected
        };
        let mut w = self.writer(session)?;
        w.update(
            &tables::LEAVE_REQUEST,
            leave_id,
            &[
                ("status", status.as_str().into()),
                ("decided_by", session.user_id.clone().into()),
                ("decision_note", note.into()),
            ],
        )?;
        w.commit()
    }

    /// Leave requests, newest first: all, or those with one status, or one student's.
    pub fn leave_requests(
        &self,
        session: &Session,
        status: Option<LeaveStatus>,
        student_id: Option<&str>,
    ) -> CoreResult<Vec<LeaveRequest>> {
        session.require(Permission::AttendanceView)?;
        let mut stmt = self.conn.prepare_cached(
            "SELECT l.id, l.student_id, s.admission_no, trim(s.first_name || ' ' || s.last_name),
                    coalesce(c.name || '-' || sec.name, ''), l.starts_on, l.ends_on, l.reason, l.requested_by,
                    l.status, coalesce(ru.username, ''), coalesce(du.username, l.decided_by), l.decision_note
             FROM leave_request l
             JOIN student s ON s.id = l.student_id
             LEFT JOIN section sec ON sec.id = s.section_id
             LEFT JOIN class c ON c.id = sec.class_id
             LEFT JOIN app_user ru ON ru.id = l.recorded_by
             LEFT JOIN app_user du ON du.id = l.decided_by
             WHERE l.deleted = 0 AND (?1 IS NULL OR l.status = ?1) AND (?2 IS NULL OR l.student_id = ?2)
             ORDER BY l.starts_on DESC, l.id DESC",
        )?;
        let rows = stmt.query_map(params![status.map(LeaveStatus::as_str), student_id], |r| {
            let status: String = r.get(9)?;
            Ok(LeaveRequest {
                id: r.get(0)?,
                student_id: r.get(1)?,
                admission_no: r.get(2)?,
                student_name: r.get(3)?,
                section_label: r.get(4)?,
                starts_on: r.get(5)?,
                ends_on: r.get(6)?,
                reason: r.get(7)?,
                requested_by: r.get(8)?,
                status: LeaveStatus::parse(&status).unwrap_or_default(),
                recorded_by: r.get(10)?,
                decided_by: r.get(11)?,
                decision_note: r.get(12)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}
