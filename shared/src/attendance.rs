//! Attendance types: the campus's settings and holidays, the register screen and its save,
//! leave requests, and the reports. Percentages travel as integer tenths of a percent
//! (`753` is 75.3%), so that no side does float arithmetic and every screen rounds the same.

use serde::{Deserialize, Serialize};

/// One student's attendance in one register.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, Default,
)]
#[serde(rename_all = "snake_case")]
pub enum AttendanceStatus {
    #[default]
    Present,
    Absent,
    Late,
    HalfDay,
    /// On approved leave (or marked excused by hand).
    Excused,
}

impl AttendanceStatus {
    pub const ALL: [AttendanceStatus; 5] = [
        Self::Present,
        Self::Absent,
        Self::Late,
        Self::HalfDay,
        Self::Excused,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Present => "present",
            Self::Absent => "absent",
            Self::Late => "late",
            Self::HalfDay => "half_day",
            Self::Excused => "excused",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "present" => Some(Self::Present),
            "absent" => Some(Self::Absent),
            "late" => Some(Self::Late),
            "half_day" => Some(Self::HalfDay),
            "excused" => Some(Self::Excused),
            _ => None,
        }
    }

    /// The register's letter for the status (the classic grid's cell).
    pub fn code(self) -> &'static str {
        match self {
            Self::Present => "P",
            Self::Absent => "A",
            Self::Late => "L",
            Self::HalfDay => "HD",
            Self::Excused => "E",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Present => "Present",
            Self::Absent => "Absent",
            Self::Late => "Late",
            Self::HalfDay => "Half day",
            Self::Excused => "Excused (leave)",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum AttendanceMode {
    /// One register a day (stored as period 0).
    #[default]
    Daily,
    /// One register per period, numbered from 1.
    PerPeriod,
}

impl AttendanceMode {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Daily => "daily",
            Self::PerPeriod => "period",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "daily" => Some(Self::Daily),
            "period" => Some(Self::PerPeriod),
            _ => None,
        }
    }
}

/// How the campus takes attendance.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct AttendanceSettings {
    pub mode: AttendanceMode,
    /// Periods in a school day; used when `mode` is per period.
    pub periods_per_day: u8,
    /// Weekdays without school, as three-letter keys: `sun`, `sat`, ...
    pub weekly_offs: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct HolidayInput {
    pub name: String,
    /// `yyyy-mm-dd` or `dd/mm/yyyy`.
    pub starts_on: String,
    /// Empty for a one-day holiday.
    pub ends_on: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Holiday {
    pub id: String,
    pub name: String,
    pub starts_on: String,
    pub ends_on: String,
}

/// A section a teacher takes attendance for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TeacherSection {
    pub user_id: String,
    pub username: String,
    pub section_id: String,
    /// e.g. `VI-A`.
    pub section_label: String,
}

/// A section whose register the signed-in user may take, for the register screen's list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegisterSection {
    pub section_id: String,
    /// e.g. `VI-A`.
    pub label: String,
}

/// Where a line of the register screen got its status from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MarkSource {
    /// Nobody marked this student: present by default (or the register is not taken yet).
    Default,
    /// Someone chose this mark.
    Marked,
    /// An approved leave covers the day.
    Leave,
}

/// The register screen for one section, date and period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegisterSheet {
    pub section_id: String,
    /// e.g. `VI-A`.
    pub section_label: String,
    pub date: String,
    pub period: u8,
    /// Who saved this register first (username), when it has been saved.
    pub taken_by: Option<String>,
    /// Why no register can be taken on this day (a weekly off, a holiday, a future date,
    /// outside the academic year); `None` when it can.
    pub closed_reason: Option<String>,
    pub lines: Vec<RegisterLine>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegisterLine {
    pub student_id: String,
    pub admission_no: String,
    pub full_name: String,
    pub status: AttendanceStatus,
    pub remark: String,
    pub source: MarkSource,
}

/// One save of the register screen: the lines the person changed. Students not listed keep
/// what the register shows (present by default). A line equal to what this PC's register
/// shows stores nothing, so sending every line is harmless while the screen is fresh; but a
/// line from a screen loaded before another PC's mark arrived would replace that mark, which
/// is why a screen sends only what the person changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct RegisterInput {
    pub section_id: String,
    /// `yyyy-mm-dd` or `dd/mm/yyyy`.
    pub date: String,
    /// 0 on a daily campus; 1.. on a per-period campus.
    pub period: u8,
    pub marks: Vec<MarkInput>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct MarkInput {
    pub student_id: String,
    pub status: AttendanceStatus,
    pub remark: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegisterSaved {
    /// True when this save took the register (it had not been saved before on this PC).
    pub newly_taken: bool,
    /// Marks written or changed by this save.
    pub marks_changed: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum LeaveStatus {
    #[default]
    Pending,
    Approved,
    Rejected,
}

impl LeaveStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Approved => "approved",
            Self::Rejected => "rejected",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "pending" => Some(Self::Pending),
            "approved" => Some(Self::Approved),
            "rejected" => Some(Self::Rejected),
            _ => None,
        }
    }
}

/// A leave request as the front desk records it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct LeaveInput {
    pub student_id: String,
    pub starts_on: String,
    /// Empty for one day.
    pub ends_on: String,
    pub reason: String,
    /// Who asked: "Father (phone call)", "Class teacher", ...
    pub requested_by: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LeaveRequest {
    pub id: String,
    pub student_id: String,
    pub admission_no: String,
    pub student_name: String,
    pub section_label: String,
    pub starts_on: String,
    pub ends_on: String,
    pub reason: String,
    pub requested_by: String,
    pub status: LeaveStatus,
    /// Usernames.
    pub recorded_by: String,
    pub decided_by: Option<String>,
    pub decision_note: String,
}

/// Counts of registers (sessions) and how a student, or a group, attended them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct AttendanceTotals {
    /// Registers taken that count (days on a daily campus, periods on a per-period one).
    pub sessions: u32,
    pub present: u32,
    pub absent: u32,
    pub late: u32,
    pub half_day: u32,
    pub excused: u32,
    /// Attended (present and late count whole, half days half) out of `sessions`, in tenths
    /// of a percent; `None` when no register counts yet.
    pub percent_tenths: Option<u32>,
}

/// What a day column of the monthly register is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DayKind {
    /// The register was taken.
    Taken,
    /// A school day whose register was not taken (or not yet).
    NotTaken,
    WeeklyOff,
    Holiday(String),
    /// After today, or outside the academic year.
    NoSchool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegisterDay {
    pub day: u8,
    /// `Mon`, `Tue`, ...
    pub weekday: String,
    pub kind: DayKind,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MonthlyRegisterRow {
    pub student_id: String,
    pub admission_no: String,
    pub full_name: String,
    /// One cell per day of the month: the status when that day's register was taken.
    pub cells: Vec<Option<AttendanceStatus>>,
    pub totals: AttendanceTotals,
}

/// The classic register: a section's students × the days of a month, with totals.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MonthlyRegister {
    pub school_name: String,
    pub campus_name: String,
    pub section_id: String,
    pub section_label: String,
    pub year: i32,
    pub month: u8,
    /// `June 2026`.
    pub month_name: String,
    pub period: u8,
    pub days: Vec<RegisterDay>,
    pub rows: Vec<MonthlyRegisterRow>,
    /// Students attending each day (present or late; half days not counted), per day column.
    pub present_per_day: Vec<Option<u32>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MonthTotals {
    /// `2026-06`.
    pub month: String,
    pub totals: AttendanceTotals,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StudentAttendanceSummary {
    pub student_id: String,
    pub admission_no: String,
    pub full_name: String,
    pub section_label: String,
    pub from: String,
    pub to: String,
    pub totals: AttendanceTotals,
    pub months: Vec<MonthTotals>,
}

/// One student's totals in a campus-wide list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StudentTotalsRow {
    pub student_id: String,
    pub admission_no: String,
    pub full_name: String,
    pub section_label: String,
    pub totals: AttendanceTotals,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BelowThreshold {
    pub threshold_percent: u8,
    pub from: String,
    pub to: String,
    /// Lowest percentage first.
    pub rows: Vec<StudentTotalsRow>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AbsenteeRow {
    pub student_id: String,
    pub admission_no: String,
    pub full_name: String,
    pub section_label: String,
    /// Periods marked absent (1 on a daily campus).
    pub periods_absent: u32,
    pub remark: String,
    pub guardian_name: String,
    pub guardian_relation: String,
    pub guardian_phone: String,
}

/// The front desk's call list: who is absent on a day without leave, and whom to call.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AbsenteeList {
    pub date: String,
    pub rows: Vec<AbsenteeRow>,
    /// Sections whose register has not been taken that day (labels), so the desk knows the
    /// list is not complete yet.
    pub sections_not_taken: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClassAttendanceRow {
    pub class_id: String,
    pub class_name: String,
    pub students: u32,
    /// Registers taken in the class's sections.
    pub registers: u32,
    /// Student-sessions and how they were attended.
    pub totals: AttendanceTotals,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CampusAttendanceSummary {
    pub from: String,
    pub to: String,
    pub classes: Vec<ClassAttendanceRow>,
    pub campus: AttendanceTotals,
}

/// A report to be written as a file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "report")]
pub enum AttendanceReportRequest {
    MonthlyRegister {
        section_id: String,
        year: i32,
        month: u8,
        period: u8,
    },
    StudentSummary {
        student_id: String,
        /// Empty: the current academic year up to today.
        from: String,
        to: String,
    },
    BelowThreshold {
        threshold_percent: u8,
        from: String,
        to: String,
    },
    Absentees {
        /// Empty: today.
        date: String,
    },
    CampusSummary {
        from: String,
        to: String,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReportFormat {
    /// UTF-8 with a byte-order mark, CRLF, for Excel and LibreOffice.
    Csv,
    /// A4, landscape for the monthly register.
    Pdf,
}
