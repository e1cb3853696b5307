//! Attendance: the campus's settings and holiday calendar, teachers' sections, registers and
//! marks, leave, and the reports.
//!
//! How a register is kept, and why:
//!
//! - **Only chosen marks are stored.** Saving a register writes one `attendance_register` row
//!   (this section, date and period was taken, by whom) and one `attendance_mark` row per
//!   student someone marked: absent, late, half day, excused, or an explicit present that
//!   corrects an earlier mark. Everyone else in a taken register was present. The screen's
//!   default "present" is never written, so it can never overwrite a mark entered for the same
//!   student on another PC that has not synced yet.
//! - **Rows are named by what they are about.** A mark's id is derived from (student, date,
//!   period), a register's from (section, date, period) (see [`mark_id`]): two PCs marking the
//!   same register offline write the same rows, which the change log merges per field (the
//!   later writer wins and the loser is recorded as a conflict) instead of keeping two marks.
//! - **Leave is read, not written.** An approved leave shows as excused in every register it
//!   covers when the register is read: where nobody marked the student, and where they were
//!   marked absent (the absence is then authorised). A mark of present, late or half day
//!   stands: the student came after all. Deciding a leave later therefore needs no rewrite of
//!   old registers and leaves nothing stale behind if the decision changes.
//! - **A percentage** is attended sessions (present and late whole, half days half) out of the
//!   registers taken for the student's section since their admission; excused sessions count
//!   as not attended, and are shown beside the percentage so the office can condone them.
//!   It travels as integer tenths of a percent.
//!
//! A session is one register: a day on a daily campus (period 0), a period on a per-period one.
//! A student is counted against the registers of the section they are in now: the student
//! record keeps no history of section changes yet.

mod export;
mod leave;
mod marking;
mod reports;
mod settings;

use std::collections::HashSet;

use campusdesk_shared::attendance::{AttendanceMode, AttendanceStatus, AttendanceTotals};
use chrono::{Datelike, NaiveDate, Weekday};
use rusqlite::{Connection, OptionalExtension, params};
use uuid::Uuid;

use crate::auth::Session;
use crate::error::{CoreError, CoreResult};
use crate::input;

/// The namespace of attendance's name-based ids. Fixed forever: every PC must derive the same
/// id for the same mark.
const ATTENDANCE_NAMESPACE: Uuid = Uuid::from_u128(0x3c5e_2a4f_91d7_4b0e_8a61_57f0_c2d9_e813);

/// The role whose marking is limited to the sections assigned to each teacher.
const TEACHER_ROLE: &str = "teacher";

fn named_id(kind: &str, parts: &[&str]) -> String {
    let name = format!("{kind}:{}", parts.join("|"));
    Uuid::new_v5(&ATTENDANCE_NAMESPACE, name.as_bytes()).to_string()
}

/// A name-based id that sorts by day: a UUIDv8 whose first 48 bits are the day's Unix
/// milliseconds (where a UUIDv7 keeps its creation time) and whose other bits come from the
/// UUIDv5 name hash. Every PC derives the same id, as with plain UUIDv5; unlike UUIDv5, a
/// day's marks sit together in the id index and the change log's row index, so saving a
/// register touches a few index pages instead of one random page per student (on a year of
/// marks that is most of a save's time).
fn dated_id(kind: &str, date: NaiveDate, parts: &[&str]) -> String {
    let mut bytes = *Uuid::new_v5(
        &ATTENDANCE_NAMESPACE,
        format!("{kind}:{date}|{}", parts.join("|")).as_bytes(),
    )
    .as_bytes();
    let millis = date
        .and_hms_opt(0, 0, 0)
        .map_or(0, |midnight| midnight.and_utc().timestamp_millis());
    let millis = u64::try_from(millis).unwrap_or(0).to_be_bytes();
    bytes[..6].copy_from_slice(&millis[2..]);
    Uuid::new_v8(bytes).to_string()
}

/// The id of a student's mark in one register.
pub fn mark_id(student_id: &str, date: NaiveDate, period: u8) -> String {
    dated_id("attendance_mark", date, &[student_id, &period.to_string()])
}

/// The id of a section's register for one date and period.
pub fn register_id(section_id: &str, date: NaiveDate, period: u8) -> String {
    dated_id(
        "attendance_register",
        date,
        &[section_id, &period.to_string()],
    )
}

/// The id of a teacher's assignment to a section.
fn assignment_id(user_id: &str, section_id: &str) -> String {
    named_id("teacher_section", &[user_id, section_id])
}

/// What a register shows for a student, from their stored mark (if any) and whether an
/// approved leave covers the day (see the module's notes).
pub(crate) fn effective_status(mark: Option<AttendanceStatus>, on_leave: bool) -> AttendanceStatus {
    match (mark, on_leave) {
        (Some(AttendanceStatus::Absent) | None, true) => AttendanceStatus::Excused,
        (Some(status), _) => status,
        (None, false) => AttendanceStatus::Present,
    }
}

/// Counts sessions by status, and turns them into [`AttendanceTotals`] with the percentage.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Tally {
    pub present: u32,
    pub absent: u32,
    pub late: u32,
    pub half_day: u32,
    pub excused: u32,
}

impl Tally {
    /// The counts behind some totals.
    pub fn of(totals: &AttendanceTotals) -> Tally {
        Tally {
            present: totals.present,
            absent: totals.absent,
            late: totals.late,
            half_day: totals.half_day,
            excused: totals.excused,
        }
    }

    pub fn add(&mut self, status: AttendanceStatus, count: u32) {
        *self.slot(status) += count;
    }

    /// Moves one session from one status to another (a leave turning a default present or an
    /// absence into excused).
    pub fn shift(&mut self, from: AttendanceStatus, to: AttendanceStatus) {
        let slot = self.slot(from);
        *slot = slot.saturating_sub(1);
        *self.slot(to) += 1;
    }

    fn slot(&mut self, status: AttendanceStatus) -> &mut u32 {
        match status {
            AttendanceStatus::Present => &mut self.present,
            AttendanceStatus::Absent => &mut self.absent,
            AttendanceStatus::Late => &mut self.late,
            AttendanceStatus::HalfDay => &mut self.half_day,
            AttendanceStatus::Excused => &mut self.excused,
        }
    }

    pub fn merge(&mut self, other: &Tally) {
        self.present += other.present;
        self.absent += other.absent;
        self.late += other.late;
        self.half_day += other.half_day;
        self.excused += other.excused;
    }

    pub fn sessions(&self) -> u32 {
        self.present + self.absent + self.late + self.half_day + self.excused
    }

    pub fn totals(&self) -> AttendanceTotals {
        let sessions = self.sessions();
        // Half-sessions keep the arithmetic in integers: a half day is one of two halves.
        let attended_halves = 2 * u64::from(self.present + self.late) + u64::from(self.half_day);
        let percent_tenths = (sessions > 0).then(|| {
            let whole_halves = 2 * u64::from(sessions);
            // Rounded half up: (a * 1000 + w / 2) / w.
            u32::try_from((attended_halves * 1000 + whole_halves / 2) / whole_halves)
                .unwrap_or(1000)
        });
        AttendanceTotals {
            sessions,
            present: self.present,
            absent: self.absent,
            late: self.late,
            half_day: self.half_day,
            excused: self.excused,
            percent_tenths,
        }
    }
}

/// `753` as `75.3%`.
pub(crate) fn percent_text(percent_tenths: Option<u32>) -> String {
    match percent_tenths {
        Some(tenths) => format!("{}.{}%", tenths / 10, tenths % 10),
        None => String::new(),
    }
}

/// The campus's attendance settings as stored on the campus row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct CampusRules {
    pub mode: AttendanceMode,
    pub periods_per_day: u8,
    pub weekly_offs: Vec<Weekday>,
}

impl CampusRules {
    pub fn load(conn: &Connection) -> CoreResult<CampusRules> {
        let (mode, periods, offs): (String, i64, String) = conn
            .prepare_cached(
                "SELECT c.attendance_mode, c.periods_per_day, c.weekly_offs
                 FROM device_state s JOIN campus c ON c.id = s.campus_id",
            )?
            .query_row([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
        Ok(CampusRules {
            mode: AttendanceMode::parse(&mode).unwrap_or_default(),
            periods_per_day: u8::try_from(periods).unwrap_or(1),
            weekly_offs: offs.split_whitespace().filter_map(parse_weekday).collect(),
        })
    }

    /// Checks a register's period against the campus's mode.
    pub fn check_period(&self, period: u8) -> Result<(), String> {
        match self.mode {
            AttendanceMode::Daily if period != 0 => Err(format!(
                "This campus takes attendance once a day; there is no period {period}"
            )),
            AttendanceMode::PerPeriod if period == 0 || period > self.periods_per_day => {
                Err(format!(
                    "Choose a period from 1 to {}; this campus takes attendance every period",
                    self.periods_per_day
                ))
            }
            _ => Ok(()),
        }
    }
}

pub(crate) const WEEKDAY_KEYS: [(&str, Weekday); 7] = [
    ("mon", Weekday::Mon),
    ("tue", Weekday::Tue),
    ("wed", Weekday::Wed),
    ("thu", Weekday::Thu),
    ("fri", Weekday::Fri),
    ("sat", Weekday::Sat),
    ("sun", Weekday::Sun),
];

pub(crate) fn parse_weekday(key: &str) -> Option<Weekday> {
    let key = key.trim().to_ascii_lowercase();
    WEEKDAY_KEYS
        .iter()
        .find(|(k, _)| key.starts_with(k))
        .map(|(_, day)| *day)
}

pub(crate) fn weekday_key(day: Weekday) -> &'static str {
    WEEKDAY_KEYS
        .iter()
        .find(|(_, d)| *d == day)
        .map_or("", |(key, _)| key)
}

fn weekday_name(day: Weekday) -> &'static str {
    match day {
        Weekday::Mon => "Monday",
        Weekday::Tue => "Tuesday",
        Weekday::Wed => "Wednesday",
        Weekday::Thu => "Thursday",
        Weekday::Fri => "Friday",
        Weekday::Sat => "Saturday",
        Weekday::Sun => "Sunday",
    }
}

/// An academic year's span.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct YearSpan {
    pub name: String,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
}

impl YearSpan {
    pub fn current(conn: &Connection) -> CoreResult<Option<YearSpan>> {
        let row: Option<(String, String, String)> = conn
            .prepare_cached(
                "SELECT name, starts_on, ends_on FROM academic_year WHERE is_current = 1 AND deleted = 0
                 ORDER BY starts_on DESC LIMIT 1",
            )?
            .query_row([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .optional()?;
        Ok(row.and_then(|(name, starts, ends)| {
            Some(YearSpan {
                name,
                starts_on: NaiveDate::parse_from_str(&starts, "%Y-%m-%d").ok()?,
                ends_on: NaiveDate::parse_from_str(&ends, "%Y-%m-%d").ok()?,
            })
        }))
    }

    pub fn contains(&self, date: NaiveDate) -> bool {
        self.starts_on <= date && date <= self.ends_on
    }
}

/// The days without school over a span of dates: weekly offs and dated holidays.
#[derive(Debug, Clone)]
pub(crate) struct Calendar {
    weekly_offs: Vec<Weekday>,
    /// (first day, last day, name), for holidays touching the span.
    holidays: Vec<(NaiveDate, NaiveDate, String)>,
}

impl Calendar {
    pub fn load(
        conn: &Connection,
        rules: &CampusRules,
        from: NaiveDate,
        to: NaiveDate,
    ) -> CoreResult<Calendar> {
        let mut stmt = conn.prepare_cached(
            "SELECT starts_on, ends_on, name FROM holiday
             WHERE deleted = 0 AND starts_on <= ?2 AND ends_on >= ?1 ORDER BY starts_on",
        )?;
        let holidays = stmt
            .query_map(params![from.to_string(), to.to_string()], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                ))
            })?
            .filter_map(|row| match row {
                Ok((starts, ends, name)) => Some(Ok((
                    NaiveDate::parse_from_str(&starts, "%Y-%m-%d").ok()?,
                    NaiveDate::parse_from_str(&ends, "%Y-%m-%d").ok()?,
                    name,
                ))),
                Err(error) => Some(Err(error)),
            })
            .collect::<Result<_, _>>()?;
        Ok(Calendar {
            weekly_offs: rules.weekly_offs.clone(),
            holidays,
        })
    }

    pub fn is_weekly_off(&self, date: NaiveDate) -> bool {
        self.weekly_offs.contains(&date.weekday())
    }

    pub fn holiday(&self, date: NaiveDate) -> Option<&str> {
        self.holidays
            .iter()
            .find(|(starts, ends, _)| *starts <= date && date <= *ends)
            .map(|(_, _, name)| name.as_str())
    }

    /// Why no register is taken on `date`, as a sentence; `None` on a school day.
    pub fn closed_reason(&self, date: NaiveDate) -> Option<String> {
        if self.is_weekly_off(date) {
            Some(format!(
                "{} is a {}, a weekly off",
                input::format_date(date),
                weekday_name(date.weekday())
            ))
        } else {
            self.holiday(date)
                .map(|name| format!("{} is a holiday: {name}", input::format_date(date)))
        }
    }
}

/// Why no register can be taken for `date` on a campus whose today is `today`: a future date,
/// a date outside the current academic year, a weekly off or a holiday. `None` when it can.
pub(crate) fn register_closed_reason(
    conn: &Connection,
    rules: &CampusRules,
    today: NaiveDate,
    date: NaiveDate,
) -> CoreResult<Option<String>> {
    if date > today {
        return Ok(Some(format!(
            "{} is in the future; attendance is marked on the day or after",
            input::format_date(date)
        )));
    }
    match YearSpan::current(conn)? {
        None => {
            return Ok(Some(
                "No academic year is current; a school admin sets one under school settings".into(),
            ));
        }
        Some(year) if !year.contains(date) => {
            return Ok(Some(format!(
                "{} is outside the academic year {} ({} to {})",
                input::format_date(date),
                year.name,
                input::format_date(year.starts_on),
                input::format_date(year.ends_on)
            )));
        }
        Some(_) => {}
    }
    Ok(Calendar::load(conn, rules, date, date)?.closed_reason(date))
}

/// `VI-A` for a section, or `NotFound`.
pub(crate) fn section_label(conn: &Connection, section_id: &str) -> CoreResult<String> {
    conn.prepare_cached(
        "SELECT c.name || '-' || s.name FROM section s JOIN class c ON c.id = s.class_id
         WHERE s.id = ?1 AND s.deleted = 0",
    )?
    .query_row([section_id], |r| r.get(0))
    .optional()?
    .ok_or_else(|| CoreError::not_found("That section"))
}

/// Refuses a teacher who is not assigned to the section; other roles pass (their permission
/// was checked already). Parent accounts do not exist yet: the parent role holds no
/// permission at an office PC. When a portal brings them, their reads are to be limited to
/// their own children here, as a teacher's marking is limited to their sections.
pub(crate) fn require_assigned(
    conn: &Connection,
    session: &Session,
    section_id: &str,
) -> CoreResult<()> {
    if session.role_key != TEACHER_ROLE {
        return Ok(());
    }
    let assigned: Option<i64> = conn
        .prepare_cached("SELECT 1 FROM teacher_section WHERE id = ?1 AND deleted = 0")?
        .query_row([assignment_id(&session.user_id, section_id)], |r| r.get(0))
        .optional()?;
    match assigned {
        Some(_) => Ok(()),
        None => Err(CoreError::NotAssigned {
            section: section_label(conn, section_id)?,
        }),
    }
}

/// Reads a date from a form field, naming the field in the sentence.
pub(crate) fn parse_field_date(field: &str, label: &str, text: &str) -> CoreResult<NaiveDate> {
    input::parse_date(text)
        .map_err(|message| CoreError::invalid(field, format!("{label} {message}")))
}

/// The range a report covers: the given dates, or by default the current academic year from
/// its start up to today.
pub(crate) fn report_range(
    conn: &Connection,
    today: NaiveDate,
    from: &str,
    to: &str,
) -> CoreResult<(NaiveDate, NaiveDate)> {
    let year = YearSpan::current(conn)?;
    let from = if from.trim().is_empty() {
        year.as_ref()
            .map(|y| y.starts_on)
            .ok_or_else(|| CoreError::invalid("from", "Enter the first date of the report"))?
    } else {
        parse_field_date("from", "From date", from)?
    };
    let to = if to.trim().is_empty() {
        year.as_ref().map_or(today, |y| y.ends_on.min(today))
    } else {
        parse_field_date("to", "To date", to)?
    };
    if to < from {
        return Err(CoreError::invalid(
            "to",
            format!(
                "The report must end on or after {}",
                input::format_date(from)
            ),
        ));
    }
    Ok((from, to))
}

/// The dates from `from` to `to`, both included.
pub(crate) fn days(from: NaiveDate, to: NaiveDate) -> impl Iterator<Item = NaiveDate> {
    from.iter_days().take_while(move |day| *day <= to)
}

/// Students with an approved leave covering `date`, among `students`.
pub(crate) fn on_leave(
    conn: &Connection,
    date: NaiveDate,
    students: &[String],
) -> CoreResult<HashSet<String>> {
    let mut stmt = conn.prepare_cached(
        "SELECT 1 FROM leave_request
         WHERE student_id = ?1 AND status = 'approved' AND deleted = 0 AND starts_on <= ?2 AND ends_on >= ?2
         LIMIT 1",
    )?;
    let date = date.to_string();
    let mut found = HashSet::new();
    for student in students {
        if stmt
            .query_row(params![student, date], |r| r.get::<_, i64>(0))
            .optional()?
            .is_some()
        {
            found.insert(student.clone());
        }
    }
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_stable_and_distinct() {
        let day = NaiveDate::from_ymd_opt(2026, 6, 15).unwrap();
        let a = mark_id("s1", day, 0);
        assert_eq!(a, mark_id("s1", day, 0));
        assert_ne!(a, mark_id("s1", day, 1));
        assert_ne!(a, mark_id("s2", day, 0));
        assert_ne!(a, register_id("s1", day, 0));
        let next_day = mark_id("s1", day.succ_opt().unwrap(), 0);
        assert!(a < next_day, "ids sort by day");
        assert_eq!(a[..13], mark_id("zz", day, 3)[..13], "one day, one prefix");
        // The namespace and layout are part of the sync contract: this value must never change.
        expect_test::expect!["019ec893-f400-8e5a-9f9e-f68aa8579bb4"].assert_eq(&a);
    }

    #[test]
    fn leave_excuses_absence_and_default_but_not_a_present_student() {
        use AttendanceStatus as S;
        let cases = [
            (None, false, S::Present),
            (None, true, S::Excused),
            (Some(S::Absent), true, S::Excused),
            (Some(S::Absent), false, S::Absent),
            (Some(S::Present), true, S::Present),
            (Some(S::Late), true, S::Late),
            (Some(S::HalfDay), true, S::HalfDay),
        ];
        for (mark, leave, expected) in cases {
            assert_eq!(effective_status(mark, leave), expected, "{mark:?} {leave}");
        }
    }

    #[test]
    fn percentages_count_half_days_as_half_and_round_half_up() {
        let mut tally = Tally::default();
        tally.add(AttendanceStatus::Present, 2);
        tally.add(AttendanceStatus::HalfDay, 1);
        // 2.5 of 3 = 83.33%
        assert_eq!(tally.totals().percent_tenths, Some(833));
        let mut tally = Tally::default();
        tally.add(AttendanceStatus::Present, 1);
        tally.add(AttendanceStatus::Absent, 7);
        // 1 of 8 = 12.5%
        assert_eq!(tally.totals().percent_tenths, Some(125));
        assert_eq!(percent_text(Some(125)), "12.5%");
        assert_eq!(Tally::default().totals().percent_tenths, None);
    }
}
