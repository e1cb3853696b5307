//! The attendance reports as plain values for the screen (files are made from them in
//! `export`): a section's monthly register, a student's summary, the students below a
//! threshold, the day's absentees with their guardians' phones, and the campus by class.
//!
//! Two ways of counting, one rule. The monthly register and a student's summary walk each
//! register (session) and decide its status with [`effective_status`]. The campus-wide reports
//! cover every student for a year, hundreds of thousands of sessions, so they read each
//! student's marks counted by month and status (`attendance_tally`, kept by triggers), take the
//! registers without a mark as present, and walk only the sessions that approved leave
//! touches. A test checks the two agree.

use std::collections::{HashMap, HashSet};

use campusdesk_shared::attendance::{
    AbsenteeList, AbsenteeRow, AttendanceStatus, BelowThreshold, CampusAttendanceSummary,
    ClassAttendanceRow, DayKind, MonthTotals, MonthlyRegister, MonthlyRegisterRow, RegisterDay,
    StudentAttendanceSummary, StudentTotalsRow,
};
use chrono::{Datelike, NaiveDate};
use rusqlite::{Connection, OptionalExtension, params};

use super::{
    Calendar, CampusRules, Tally, YearSpan, days, effective_status, mark_id, on_leave,
    parse_field_date, report_range, section_label,
};
use crate::auth::{Permission, Session};
use crate::error::{CoreError, CoreResult};
use crate::input;
use crate::office::Office;

/// A student the reports count: active, in a section.
#[derive(Debug, Clone)]
struct CountedStudent {
    id: String,
    admission_no: String,
    full_name: String,
    section_id: String,
    class_id: String,
    section_label: String,
    /// ISO date; registers before it do not count for the student.
    admitted_on: String,
}

/// Active students in sections, in class, section and name order; one section's when given.
fn counted_students(
    conn: &Connection,
    section_id: Option<&str>,
) -> CoreResult<Vec<CountedStudent>> {
    let mut stmt = conn.prepare_cached(
        "SELECT s.id, s.admission_no, trim(s.first_name || ' ' || s.last_name), s.section_id, sec.class_id,
                c.name || '-' || sec.name, s.admitted_on
         FROM student s JOIN section sec ON sec.id = s.section_id JOIN class c ON c.id = sec.class_id
         WHERE s.deleted = 0 AND s.status = 'active' AND (?1 IS NULL OR s.section_id = ?1)
         ORDER BY c.sort_order, c.name, sec.name, s.first_name, s.last_name, s.admission_no",
    )?;
    let rows = stmt.query_map([section_id], |r| {
        Ok(CountedStudent {
            id: r.get(0)?,
            admission_no: r.get(1)?,
            full_name: r.get(2)?,
            section_id: r.get(3)?,
            class_id: r.get(4)?,
            section_label: r.get(5)?,
            admitted_on: r.get(6)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The registers taken from `from` to `to`, by section, in date and period order.
fn registers_by_section(
    conn: &Connection,
    from: NaiveDate,
    to: NaiveDate,
) -> CoreResult<HashMap<String, Vec<(String, u8)>>> {
    let mut stmt = conn.prepare_cached(
        "SELECT section_id, on_date, period FROM attendance_register
         WHERE on_date BETWEEN ?1 AND ?2 AND deleted = 0 ORDER BY on_date, period",
    )?;
    let mut rows = stmt.query(params![from.to_string(), to.to_string()])?;
    let mut registers: HashMap<String, Vec<(String, u8)>> = HashMap::new();
    while let Some(row) = rows.next()? {
        let register = (row.get(1)?, row.get(2)?);
        let section = text_at(row, 0)?;
        match registers.get_mut(section) {
            Some(list) => list.push(register),
            None => {
                registers.insert(section.to_owned(), vec![register]);
            }
        }
    }
    Ok(registers)
}

/// Approved leave touching `from`..`to`, by student: (first day, last day) as ISO text.
fn approved_leave(
    conn: &Connection,
    from: NaiveDate,
    to: NaiveDate,
) -> CoreResult<HashMap<String, Vec<(String, String)>>> {
    let mut stmt = conn.prepare_cached(
        "SELECT student_id, starts_on, ends_on FROM leave_request
         WHERE status = 'approved' AND deleted = 0 AND starts_on <= ?2 AND ends_on >= ?1",
    )?;
    let mut rows = stmt.query(params![from.to_string(), to.to_string()])?;
    let mut leave: HashMap<String, Vec<(String, String)>> = HashMap::new();
    while let Some(row) = rows.next()? {
        let student: String = row.get(0)?;
        leave
            .entry(student)
            .or_default()
            .push((row.get(1)?, row.get(2)?));
    }
    Ok(leave)
}

fn covered(leave: Option<&Vec<(String, String)>>, date: &str) -> bool {
    leave.is_some_and(|spans| {
        spans
            .iter()
            .any(|(starts, ends)| starts.as_str() <= date && date <= ends.as_str())
    })
}

/// The registers of a student's section that count for them: from their admission on.
fn sessions_of<'r>(
    registers: &'r HashMap<String, Vec<(String, u8)>>,
    student: &CountedStudent,
) -> &'r [(String, u8)] {
    registers.get(&student.section_id).map_or(&[], |list| {
        let first = list.partition_point(|(date, _)| date.as_str() < student.admitted_on.as_str());
        &list[first..]
    })
}

/// Every student's tally over `from`..`to`, in the order of `students`, counted the fast way
/// (see the module's notes).
fn tally_students(
    conn: &Connection,
    students: &[CountedStudent],
    registers: &HashMap<String, Vec<(String, u8)>>,
    from: NaiveDate,
    to: NaiveDate,
) -> CoreResult<Vec<Tally>> {
    let index: HashMap<&str, usize> = students
        .iter()
        .enumerate()
        .map(|(i, s)| (s.id.as_str(), i))
        .collect();
    let mut tallies = vec![Tally::default(); students.len()];
    let mut unmarked: Vec<u32> = students
        .iter()
        .map(|s| u32::try_from(sessions_of(registers, s).len()).unwrap_or(u32::MAX))
        .collect();
    let mut add = |student: &str, section: &str, status: &str, count: i64| {
        let Some(&i) = index.get(student) else {
            return;
        };
        // Marks taken in another section's registers do not count against this one's.
        if section != students[i].section_id {
            return;
        }
        let Some(status) = AttendanceStatus::parse(status) else {
            return;
        };
        let count = u32::try_from(count).unwrap_or(0);
        tallies[i].add(status, count);
        unmarked[i] = unmarked[i].saturating_sub(count);
    };
    // Whole months come from the tally the triggers keep; the days of a month the span covers
    // only in part are counted from the marks themselves, section by section.
    let (whole, parts) = split_by_month(from, to);
    if let Some((first, last)) = whole {
        let mut stmt = conn.prepare_cached(
            "SELECT student_id, section_id, status, marks FROM attendance_tally
             WHERE month BETWEEN ?1 AND ?2 AND marks > 0",
        )?;
        let mut rows = stmt.query(params![
            first.format("%Y-%m").to_string(),
            last.format("%Y-%m").to_string()
        ])?;
        while let Some(row) = rows.next()? {
            add(
                text_at(row, 0)?,
                text_at(row, 1)?,
                text_at(row, 2)?,
                row.get(3)?,
            );
        }
    }
    let mut stmt = conn.prepare_cached(
        "SELECT student_id, status, count(*) FROM attendance_mark
         WHERE section_id = ?1 AND on_date BETWEEN ?2 AND ?3 AND deleted = 0
         GROUP BY student_id, status",
    )?;
    for (first, last) in parts {
        let (first, last) = (first.to_string(), last.to_string());
        for (section, taken) in registers {
            if !taken
                .iter()
                .any(|(date, _)| first <= *date && *date <= last)
            {
                continue;
            }
            let mut rows = stmt.query(params![section, first, last])?;
            while let Some(row) = rows.next()? {
                add(text_at(row, 0)?, section, text_at(row, 1)?, row.get(2)?);
            }
        }
    }
    for (tally, unmarked) in tallies.iter_mut().zip(&unmarked) {
        tally.add(AttendanceStatus::Present, *unmarked);
    }
    // Leave turns unmarked sessions and absences into excused ones: look at each session it
    // covers (a set, so overlapping requests count a session once).
    let leave = approved_leave(conn, from, to)?;
    let mut mark_of = conn.prepare_cached(
        "SELECT status FROM attendance_mark WHERE id = ?1 AND section_id = ?2 AND deleted = 0",
    )?;
    for (student_id, spans) in &leave {
        let Some(&i) = index.get(student_id.as_str()) else {
            continue;
        };
        let student = &students[i];
        let covered_sessions: HashSet<&(String, u8)> = sessions_of(registers, student)
            .iter()
            .filter(|(date, _)| covered(Some(spans), date))
            .collect();
        for (date, period) in covered_sessions {
            let Ok(day) = NaiveDate::parse_from_str(date, "%Y-%m-%d") else {
                continue;
            };
            let stored: Option<String> = mark_of
                .query_row(
                    params![mark_id(&student.id, day, *period), student.section_id],
                    |r| r.get(0),
                )
                .optional()?;
            let mark = stored.as_deref().and_then(AttendanceStatus::parse);
            let shown = effective_status(mark, true);
            let counted = mark.unwrap_or(AttendanceStatus::Present);
            if shown != counted {
                tallies[i].shift(counted, shown);
            }
        }
    }
    Ok(tallies)
}

/// A first and a last day, both included.
type DaySpan = (NaiveDate, NaiveDate);

/// Splits `from`..`to` into the whole months it covers (first and last day, if any) and the
/// spans of days in months it covers only in part.
fn split_by_month(from: NaiveDate, to: NaiveDate) -> (Option<DaySpan>, Vec<DaySpan>) {
    let month_start = |d: NaiveDate| d.with_day(1).unwrap_or(d);
    let first_whole = if from.day() == 1 {
        from
    } else {
        month_start(from)
            .checked_add_months(chrono::Months::new(1))
            .unwrap_or(from)
    };
    let last_whole = match to.succ_opt() {
        Some(next) if next.day() == 1 => to,
        _ => month_start(to).pred_opt().unwrap_or(to),
    };
    if first_whole > last_whole {
        return (None, vec![(from, to)]);
    }
    let mut parts = Vec::new();
    if from < first_whole {
        parts.push((from, first_whole.pred_opt().unwrap_or(from)));
    }
    if last_whole < to {
        parts.push((last_whole.succ_opt().unwrap_or(to), to));
    }
    (Some((first_whole, last_whole)), parts)
}

/// One student's sessions over a span with the status each shows, walked one by one.
fn student_sessions(
    conn: &Connection,
    student: &CountedStudent,
    from: NaiveDate,
    to: NaiveDate,
) -> CoreResult<Vec<(String, AttendanceStatus)>> {
    let from_text = from.to_string().max(student.admitted_on.clone());
    let to_text = to.to_string();
    let mut stmt = conn.prepare_cached(
        "SELECT on_date, period FROM attendance_register
         WHERE section_id = ?1 AND on_date BETWEEN ?2 AND ?3 AND deleted = 0 ORDER BY on_date, period",
    )?;
    let registers: Vec<(String, u8)> = stmt
        .query_map(params![student.section_id, from_text, to_text], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?
        .collect::<Result<_, _>>()?;
    let mut stmt = conn.prepare_cached(
        "SELECT on_date, period, status FROM attendance_mark
         WHERE student_id = ?1 AND section_id = ?2 AND on_date BETWEEN ?3 AND ?4 AND deleted = 0",
    )?;
    let mut marks: HashMap<(String, u8), AttendanceStatus> = HashMap::new();
    let rows = stmt.query_map(
        params![student.id, student.section_id, from_text, to_text],
        |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, u8>(1)?,
                r.get::<_, String>(2)?,
            ))
        },
    )?;
    for row in rows {
        let (date, period, status) = row?;
        if let Some(status) = AttendanceStatus::parse(&status) {
            marks.insert((date, period), status);
        }
    }
    let leave = approved_leave(conn, from, to)?;
    let leave = leave.get(&student.id);
    Ok(registers
        .into_iter()
        .map(|(date, period)| {
            let status = effective_status(
                marks.get(&(date.clone(), period)).copied(),
                covered(leave, &date),
            );
            (date, status)
        })
        .collect())
}

fn month_days(year: i32, month: u8) -> CoreResult<(NaiveDate, NaiveDate)> {
    let first = NaiveDate::from_ymd_opt(year, u32::from(month), 1)
        .ok_or_else(|| CoreError::invalid("month", format!("There is no month {month}")))?;
    let next = first
        .checked_add_months(chrono::Months::new(1))
        .ok_or_else(|| CoreError::invalid("month", "That month is out of range"))?;
    Ok((first, next.pred_opt().unwrap_or(first)))
}

impl Office {
    /// The classic monthly register of a section for one period (0 on a daily campus). Those
    /// who keep a section's registers (`attendance.mark`; a teacher only for their sections)
    /// print its month too, as class teachers do; the other reports need `attendance.report`.
    pub fn monthly_register(
        &self,
        session: &Session,
        section_id: &str,
        year: i32,
        month: u8,
        period: u8,
    ) -> CoreResult<MonthlyRegister> {
        if !session.can(Permission::AttendanceReport) {
            session.require(Permission::AttendanceMark)?;
            super::require_assigned(&self.conn, session, section_id)?;
        }
        let section_label = section_label(&self.conn, section_id)?;
        let rules = CampusRules::load(&self.conn)?;
        rules
            .check_period(period)
            .map_err(|message| CoreError::invalid("period", message))?;
        let (first, last) = month_days(year, month)?;
        let calendar = Calendar::load(&self.conn, &rules, first, last)?;
        let school_year = YearSpan::current(&self.conn)?;
        let today = self.today();
        let mut stmt = self.conn.prepare_cached(
            "SELECT on_date FROM attendance_register
             WHERE section_id = ?1 AND on_date BETWEEN ?2 AND ?3 AND period = ?4 AND deleted = 0",
        )?;
        let taken: HashSet<String> = stmt
            .query_map(
                params![section_id, first.to_string(), last.to_string(), period],
                |r| r.get(0),
            )?
            .collect::<Result<_, _>>()?;
        let days: Vec<RegisterDay> = days(first, last)
            .map(|day| {
                let kind = if taken.contains(&day.to_string()) {
                    DayKind::Taken
                } else if calendar.is_weekly_off(day) {
                    DayKind::WeeklyOff
                } else if let Some(name) = calendar.holiday(day) {
                    DayKind::Holiday(name.to_owned())
                } else if day > today || !school_year.as_ref().is_some_and(|y| y.contains(day)) {
                    DayKind::NoSchool
                } else {
                    DayKind::NotTaken
                };
                RegisterDay {
                    day: u8::try_from(day.day()).unwrap_or(0),
                    weekday: day.format("%a").to_string(),
                    kind,
                }
            })
            .collect();

        let mut stmt = self.conn.prepare_cached(
            "SELECT student_id, on_date, status FROM attendance_mark
             WHERE section_id = ?1 AND on_date BETWEEN ?2 AND ?3 AND period = ?4 AND deleted = 0",
        )?;
        let mut marks: HashMap<(String, String), AttendanceStatus> = HashMap::new();
        let rows = stmt.query_map(
            params![section_id, first.to_string(), last.to_string(), period],
            |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                ))
            },
        )?;
        for row in rows {
            let (student, date, status) = row?;
            if let Some(status) = AttendanceStatus::parse(&status) {
                marks.insert((student, date), status);
            }
        }
        let leave = approved_leave(&self.conn, first, last)?;
        let last_text = last.to_string();
        let dates: Vec<String> = days_text(first, last);
        let mut present_per_day: Vec<Option<u32>> = days
            .iter()
            .map(|d| (d.kind == DayKind::Taken).then_some(0))
            .collect();
        let mut rows = Vec::new();
        for student in counted_students(&self.conn, Some(section_id))? {
            if student.admitted_on > last_text {
                continue;
            }
            let leave = leave.get(&student.id);
            let mut tally = Tally::default();
            let mut cells = Vec::with_capacity(dates.len());
            for (index, date) in dates.iter().enumerate() {
                let counts = days[index].kind == DayKind::Taken && *date >= student.admitted_on;
                let cell = counts.then(|| {
                    effective_status(
                        marks.get(&(student.id.clone(), date.clone())).copied(),
                        covered(leave, date),
                    )
                });
                if let Some(status) = cell {
                    tally.add(status, 1);
                    if matches!(status, AttendanceStatus::Present | AttendanceStatus::Late)
                        && let Some(Some(count)) = present_per_day.get_mut(index)
                    {
                        *count += 1;
                    }
                }
                cells.push(cell);
            }
            rows.push(MonthlyRegisterRow {
                student_id: student.id,
                admission_no: student.admission_no,
                full_name: student.full_name,
                cells,
                totals: tally.totals(),
            });
        }
        let identity = self.identity()?;
        Ok(MonthlyRegister {
            school_name: identity.school_name,
            campus_name: identity.campus_name,
            section_id: section_id.to_owned(),
            section_label,
            year,
            month,
            month_name: first.format("%B %Y").to_string(),
            period,
            days,
            rows,
            present_per_day,
        })
    }

    /// A student's attendance over a span (by default the academic year so far), by month.
    pub fn student_attendance(
        &self,
        session: &Session,
        student_id: &str,
        from: &str,
        to: &str,
    ) -> CoreResult<StudentAttendanceSummary> {
        session.require(Permission::AttendanceReport)?;
        let (from, to) = report_range(&self.conn, self.today(), from, to)?;
        let student = self
            .conn
            .query_row(
                "SELECT s.admission_no, trim(s.first_name || ' ' || s.last_name), s.section_id,
                        coalesce(s.class_id, ''), coalesce(c.name || '-' || sec.name, ''), s.admitted_on
                 FROM student s LEFT JOIN section sec ON sec.id = s.section_id LEFT JOIN class c ON c.id = sec.class_id
                 WHERE s.id = ?1 AND s.deleted = 0",
                [student_id],
                |r| {
                    Ok((
                        CountedStudent {
                            id: student_id.to_owned(),
                            admission_no: r.get(0)?,
                            full_name: r.get(1)?,
                            section_id: r.get::<_, Option<String>>(2)?.unwrap_or_default(),
                            class_id: r.get(3)?,
                            section_label: r.get(4)?,
                            admitted_on: r.get(5)?,
                        },
                        r.get::<_, Option<String>>(2)?.is_some(),
                    ))
                },
            )
            .optional()?;
        let Some((student, in_a_section)) = student else {
            return Err(CoreError::not_found("That student"));
        };
        let sessions = if in_a_section {
            student_sessions(&self.conn, &student, from, to)?
        } else {
            Vec::new()
        };
        let mut total = Tally::default();
        let mut months: Vec<(String, Tally)> = Vec::new();
        for (date, status) in &sessions {
            total.add(*status, 1);
            let month = &date[..7];
            match months.last_mut() {
                Some((last, tally)) if last == month => tally.add(*status, 1),
                _ => {
                    let mut tally = Tally::default();
                    tally.add(*status, 1);
                    months.push((month.to_owned(), tally));
                }
            }
        }
        Ok(StudentAttendanceSummary {
            student_id: student.id,
            admission_no: student.admission_no,
            full_name: student.full_name,
            section_label: student.section_label,
            from: from.to_string(),
            to: to.to_string(),
            totals: total.totals(),
            months: months
                .into_iter()
                .map(|(month, tally)| MonthTotals {
                    month,
                    totals: tally.totals(),
                })
                .collect(),
        })
    }

    /// Students whose attendance over a span (by default the academic year so far) is below
    /// `threshold_percent`, lowest first.
    pub fn attendance_below(
        &self,
        session: &Session,
        threshold_percent: u8,
        from: &str,
        to: &str,
    ) -> CoreResult<BelowThreshold> {
        session.require(Permission::AttendanceReport)?;
        if !(1..=100).contains(&threshold_percent) {
            return Err(CoreError::invalid(
                "threshold_percent",
                "Choose a threshold from 1% to 100%",
            ));
        }
        let (from, to) = report_range(&self.conn, self.today(), from, to)?;
        let students = counted_students(&self.conn, None)?;
        let registers = registers_by_section(&self.conn, from, to)?;
        let tallies = tally_students(&self.conn, &students, &registers, from, to)?;
        let limit = u32::from(threshold_percent) * 10;
        let mut rows: Vec<StudentTotalsRow> = students
            .into_iter()
            .zip(tallies)
            .filter_map(|(student, tally)| {
                let totals = tally.totals();
                totals
                    .percent_tenths
                    .is_some_and(|p| p < limit)
                    .then_some(StudentTotalsRow {
                        student_id: student.id,
                        admission_no: student.admission_no,
                        full_name: student.full_name,
                        section_label: student.section_label,
                        totals,
                    })
            })
            .collect();
        // Stable: equal percentages keep class, section and name order.
        rows.sort_by_key(|row| row.totals.percent_tenths);
        Ok(BelowThreshold {
            threshold_percent,
            from: from.to_string(),
            to: to.to_string(),
            rows,
        })
    }

    /// The front desk's call list for a day (by default today): students absent without
    /// approved leave, with their first guardian's phone, and the sections whose register is
    /// not taken yet.
    pub fn absentees(&self, session: &Session, date: &str) -> CoreResult<AbsenteeList> {
        session.require(Permission::AttendanceView)?;
        session.require(Permission::StudentsView)?;
        let date = if date.trim().is_empty() {
            self.today()
        } else {
            parse_field_date("date", "Date", date)?
        };
        let date_text = date.to_string();
        let mut stmt = self.conn.prepare_cached(
            "SELECT DISTINCT r.section_id FROM attendance_register r WHERE r.on_date = ?1 AND r.deleted = 0",
        )?;
        let taken: HashSet<String> = stmt
            .query_map([&date_text], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        // Per section through the (section, date) index: the marks of one day are a few
        // short ranges of it.
        let mut stmt = self.conn.prepare_cached(
            "SELECT student_id, count(*), group_concat(nullif(remark, ''), '; ') FROM attendance_mark
             WHERE section_id = ?1 AND on_date = ?2 AND status = 'absent' AND deleted = 0
             GROUP BY student_id",
        )?;
        let mut absent: Vec<(String, u32, String)> = Vec::new();
        for section in &taken {
            let rows = stmt.query_map(params![section, date_text], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, u32>(1)?,
                    r.get::<_, Option<String>>(2)?.unwrap_or_default(),
                ))
            })?;
            for row in rows {
                absent.push(row?);
            }
        }
        let ids: Vec<String> = absent.iter().map(|(id, _, _)| id.clone()).collect();
        let leave = on_leave(&self.conn, date, &ids)?;
        let mut details = self.conn.prepare_cached(
            "SELECT s.admission_no, trim(s.first_name || ' ' || s.last_name), coalesce(c.name || '-' || sec.name, ''),
                    coalesce(c.sort_order, 0), coalesce(g.name, ''), coalesce(sg.relation, ''), coalesce(g.phone, '')
             FROM student s
             LEFT JOIN section sec ON sec.id = s.section_id LEFT JOIN class c ON c.id = sec.class_id
             LEFT JOIN student_guardian sg ON sg.id = (
                 SELECT id FROM student_guardian WHERE student_id = s.id AND deleted = 0 ORDER BY position LIMIT 1)
             LEFT JOIN guardian g ON g.id = sg.guardian_id
             WHERE s.id = ?1",
        )?;
        let mut rows: Vec<(i64, AbsenteeRow)> = Vec::new();
        for (student_id, periods_absent, remark) in absent {
            if leave.contains(&student_id) {
                continue;
            }
            let found = details
                .query_row([&student_id], |r| {
                    Ok((
                        r.get::<_, i64>(3)?,
                        AbsenteeRow {
                            student_id: student_id.clone(),
                            admission_no: r.get(0)?,
                            full_name: r.get(1)?,
                            section_label: r.get(2)?,
                            periods_absent,
                            remark: remark.clone(),
                            guardian_name: r.get(4)?,
                            guardian_relation: r.get(5)?,
                            guardian_phone: r.get(6)?,
                        },
                    ))
                })
                .optional()?;
            rows.extend(found);
        }
        rows.sort_by(|(a_order, a), (b_order, b)| {
            (a_order, &a.section_label, &a.full_name).cmp(&(
                b_order,
                &b.section_label,
                &b.full_name,
            ))
        });
        let rules = CampusRules::load(&self.conn)?;
        let closed = Calendar::load(&self.conn, &rules, date, date)?
            .closed_reason(date)
            .is_some();
        let sections_not_taken = if closed {
            Vec::new()
        } else {
            let mut stmt = self.conn.prepare_cached(
                "SELECT sec.id, c.name || '-' || sec.name FROM section sec JOIN class c ON c.id = sec.class_id
                 WHERE sec.deleted = 0 AND c.deleted = 0 AND EXISTS (
                     SELECT 1 FROM student s WHERE s.class_id = sec.class_id AND s.section_id = sec.id
                       AND s.status = 'active' AND s.deleted = 0 AND s.admitted_on <= ?1)
                 ORDER BY c.sort_order, c.name, sec.name",
            )?;
            stmt.query_map([&date_text], |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
            })?
            .filter_map(|row| match row {
                Ok((id, label)) => (!taken.contains(&id)).then_some(Ok(label)),
                Err(error) => Some(Err(error)),
            })
            .collect::<Result<_, _>>()?
        };
        Ok(AbsenteeList {
            date: date_text,
            rows: rows.into_iter().map(|(_, row)| row).collect(),
            sections_not_taken,
        })
    }

    /// The campus by class over a span (by default the academic year so far).
    pub fn campus_attendance(
        &self,
        session: &Session,
        from: &str,
        to: &str,
    ) -> CoreResult<CampusAttendanceSummary> {
        session.require(Permission::AttendanceReport)?;
        let (from, to) = report_range(&self.conn, self.today(), from, to)?;
        let students = counted_students(&self.conn, None)?;
        let registers = registers_by_section(&self.conn, from, to)?;
        let tallies = tally_students(&self.conn, &students, &registers, from, to)?;
        let mut names: HashMap<String, String> = HashMap::new();
        let mut registers_of_class: HashMap<String, u32> = HashMap::new();
        let mut stmt = self.conn.prepare_cached(
            "SELECT c.id, c.name, s.id FROM class c LEFT JOIN section s ON s.class_id = c.id",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            let class_id: String = row.get(0)?;
            if let Some(section) = row.get_ref(2)?.as_str_or_null().ok().flatten() {
                let taken = registers.get(section).map_or(0, Vec::len);
                *registers_of_class.entry(class_id.clone()).or_default() +=
                    u32::try_from(taken).unwrap_or(u32::MAX);
            }
            names.insert(class_id, row.get(1)?);
        }
        let mut classes: Vec<(ClassAttendanceRow, Tally)> = Vec::new();
        let mut campus = Tally::default();
        // Students come in class order, so each class's students are together.
        for (student, tally) in students.iter().zip(&tallies) {
            campus.merge(tally);
            match classes.last_mut() {
                Some((row, class_tally)) if row.class_id == student.class_id => {
                    row.students += 1;
                    class_tally.merge(tally);
                }
                _ => classes.push((
                    ClassAttendanceRow {
                        class_id: student.class_id.clone(),
                        class_name: names.get(&student.class_id).cloned().unwrap_or_default(),
                        students: 1,
                        registers: registers_of_class
                            .get(&student.class_id)
                            .copied()
                            .unwrap_or(0),
                        totals: Default::default(),
                    },
                    *tally,
                )),
            }
        }
        Ok(CampusAttendanceSummary {
            from: from.to_string(),
            to: to.to_string(),
            classes: classes
                .into_iter()
                .map(|(mut row, tally)| {
                    row.totals = tally.totals();
                    row
                })
                .collect(),
            campus: campus.totals(),
        })
    }
}

/// A text column read in place, without copying it out.
fn text_at<'r>(row: &'r rusqlite::Row<'_>, index: usize) -> CoreResult<&'r str> {
    row.get_ref(index)?
        .as_str()
        .map_err(|error| CoreError::Internal(format!("an attendance column is not text: {error}")))
}

fn days_text(first: NaiveDate, last: NaiveDate) -> Vec<String> {
    days(first, last).map(|d| d.to_string()).collect()
}

/// `from` and `to` as the office writes them, for report headings.
pub(crate) fn span_text(from: &str, to: &str) -> String {
    format!(
        "{} to {}",
        input::display_date(from),
        input::display_date(to)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn spans_split_into_whole_months_and_parts() {
        let cases = [
            (
                "2026-04-01",
                "2026-06-30",
                Some(("2026-04-01", "2026-06-30")),
                vec![],
            ),
            (
                "2026-04-01",
                "2026-06-15",
                Some(("2026-04-01", "2026-05-31")),
                vec![("2026-06-01", "2026-06-15")],
            ),
            (
                "2026-04-10",
                "2026-06-15",
                Some(("2026-05-01", "2026-05-31")),
                vec![("2026-04-10", "2026-04-30"), ("2026-06-01", "2026-06-15")],
            ),
            (
                "2026-06-03",
                "2026-06-24",
                None,
                vec![("2026-06-03", "2026-06-24")],
            ),
            (
                "2026-05-20",
                "2026-06-10",
                None,
                vec![("2026-05-20", "2026-06-10")],
            ),
            (
                "2026-02-01",
                "2026-02-28",
                Some(("2026-02-01", "2026-02-28")),
                vec![],
            ),
        ];
        for (from, to, whole, parts) in cases {
            let (got_whole, got_parts) = split_by_month(day(from), day(to));
            assert_eq!(
                got_whole,
                whole.map(|(a, b)| (day(a), day(b))),
                "{from}..{to}"
            );
            let parts: Vec<_> = parts.iter().map(|(a, b)| (day(a), day(b))).collect();
            assert_eq!(got_parts, parts, "{from}..{to}");
        }
    }
}
