//! Attendance: the campus's calendar and teachers' sections, taking and changing registers,
//! leave requests, and the reports on screen or saved as files.

use campusdesk_shared::ApiError;
use campusdesk_shared::attendance::{
    AbsenteeList, AttendanceReportRequest, AttendanceSettings, BelowThreshold,
    CampusAttendanceSummary, Holiday, HolidayInput, LeaveInput, LeaveRequest, LeaveStatus,
    MonthlyRegister, RegisterInput, RegisterSaved, RegisterSection, RegisterSheet, ReportFormat,
    StudentAttendanceSummary, TeacherSection,
};
use campusdesk_shared::office::HistoryEntry;
use tauri::{AppHandle, Manager, State};

use super::files::write_whole_file;
use crate::state::{AppState, shell_error};

#[tauri::command]
pub async fn attendance_settings(
    state: State<'_, AppState>,
) -> Result<AttendanceSettings, ApiError> {
    state.as_signed_in(|office, session| office.attendance_settings(session))
}

#[tauri::command]
pub async fn set_attendance_settings(
    state: State<'_, AppState>,
    settings: AttendanceSettings,
) -> Result<(), ApiError> {
    state.as_signed_in(|office, session| office.set_attendance_settings(session, &settings))
}

#[tauri::command]
pub async fn holidays(state: State<'_, AppState>) -> Result<Vec<Holiday>, ApiError> {
    state.as_signed_in(|office, session| office.holidays(session))
}

/// Adds a holiday to the campus calendar; the answer is its id.
#[tauri::command]
pub async fn add_holiday(
    state: State<'_, AppState>,
    holiday: HolidayInput,
) -> Result<String, ApiError> {
    state.as_signed_in(|office, session| office.add_holiday(session, &holiday))
}

#[tauri::command(rename_all = "snake_case")]
pub async fn remove_holiday(
    state: State<'_, AppState>,
    holiday_id: String,
) -> Result<(), ApiError> {
    state.as_signed_in(|office, session| office.remove_holiday(session, &holiday_id))
}

/// Teachers' sections; `user_id` narrows them to one teacher.
#[tauri::command(rename_all = "snake_case")]
pub async fn teacher_sections(
    state: State<'_, AppState>,
    user_id: Option<String>,
) -> Result<Vec<TeacherSection>, ApiError> {
    state.as_signed_in(|office, session| office.teacher_sections(session, user_id.as_deref()))
}

#[tauri::command(rename_all = "snake_case")]
pub async fn assign_teacher(
    state: State<'_, AppState>,
    user_id: String,
    section_id: String,
) -> Result<(), ApiError> {
    state.as_signed_in(|office, session| office.assign_teacher(session, &user_id, &section_id))
}

#[tauri::command(rename_all = "snake_case")]
pub async fn unassign_teacher(
    state: State<'_, AppState>,
    user_id: String,
    section_id: String,
) -> Result<(), ApiError> {
    state.as_signed_in(|office, session| office.unassign_teacher(session, &user_id, &section_id))
}

/// The sections whose registers the signed-in user may take.
#[tauri::command]
pub async fn register_sections(
    state: State<'_, AppState>,
) -> Result<Vec<RegisterSection>, ApiError> {
    state.as_signed_in(|office, session| office.register_sections(session))
}

#[tauri::command(rename_all = "snake_case")]
pub async fn register_sheet(
    state: State<'_, AppState>,
    section_id: String,
    date: String,
    period: u8,
) -> Result<RegisterSheet, ApiError> {
    state.as_signed_in(|office, session| office.register_sheet(session, &section_id, &date, period))
}

#[tauri::command]
pub async fn save_register(
    state: State<'_, AppState>,
    register: RegisterInput,
) -> Result<RegisterSaved, ApiError> {
    let saved = state.as_signed_in(|office, session| office.save_register(session, &register))?;
    tracing::info!(
        section = register.section_id,
        date = register.date,
        period = register.period,
        changed = saved.marks_changed,
        "register saved"
    );
    Ok(saved)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn mark_history(
    state: State<'_, AppState>,
    student_id: String,
    date: String,
    period: u8,
) -> Result<Vec<HistoryEntry>, ApiError> {
    state.as_signed_in(|office, session| office.mark_history(session, &student_id, &date, period))
}

/// Records a leave request; the answer is its id.
#[tauri::command]
pub async fn record_leave(
    state: State<'_, AppState>,
    leave: LeaveInput,
) -> Result<String, ApiError> {
    state.as_signed_in(|office, session| office.record_leave(session, &leave))
}

#[tauri::command(rename_all = "snake_case")]
pub async fn decide_leave(
    state: State<'_, AppState>,
    leave_id: String,
    approve: bool,
    note: String,
) -> Result<(), ApiError> {
    state.as_signed_in(|office, session| office.decide_leave(session, &leave_id, approve, &note))
}

#[tauri::command(rename_all = "snake_case")]
pub async fn leave_requests(
    state: State<'_, AppState>,
    status: Option<LeaveStatus>,
    student_id: Option<String>,
) -> Result<Vec<LeaveRequest>, ApiError> {
    state.as_signed_in(|office, session| {
        office.leave_requests(session, status, student_id.as_deref())
    })
}

#[tauri::command(rename_all = "snake_case")]
pub async fn monthly_register(
    state: State<'_, AppState>,
    section_id: String,
    year: i32,
    month: u8,
    period: u8,
) -> Result<MonthlyRegister, ApiError> {
    state.as_signed_in(|office, session| {
        office.monthly_register(session, &section_id, year, month, period)
    })
}

#[tauri::command(rename_all = "snake_case")]
pub async fn student_attendance(
    state: State<'_, AppState>,
    student_id: String,
    from: String,
    to: String,
) -> Result<StudentAttendanceSummary, ApiError> {
    state
        .as_signed_in(|office, session| office.student_attendance(session, &student_id, &from, &to))
}

#[tauri::command(rename_all = "snake_case")]
pub async fn attendance_below(
    state: State<'_, AppState>,
    threshold_percent: u8,
    from: String,
    to: String,
) -> Result<BelowThreshold, ApiError> {
    state.as_signed_in(|office, session| {
        office.attendance_below(session, threshold_percent, &from, &to)
    })
}

/// The front desk's call list for a day (empty: today).
#[tauri::command]
pub async fn absentees(state: State<'_, AppState>, date: String) -> Result<AbsenteeList, ApiError> {
    state.as_signed_in(|office, session| office.absentees(session, &date))
}

#[tauri::command]
pub async fn campus_attendance(
    state: State<'_, AppState>,
    from: String,
    to: String,
) -> Result<CampusAttendanceSummary, ApiError> {
    state.as_signed_in(|office, session| office.campus_attendance(session, &from, &to))
}

/// Writes an attendance report to `path` as CSV or PDF; the answer is the path written. A
/// year's report is a few hundred milliseconds of work, so it runs on a blocking thread.
#[tauri::command]
pub async fn save_attendance_report(
    app: AppHandle,
    request: AttendanceReportRequest,
    format: ReportFormat,
    path: String,
) -> Result<String, ApiError> {
    let work = tauri::async_runtime::spawn_blocking(move || {
        let state = app.state::<AppState>();
        let bytes = state.as_signed_in(|office, session| {
            office.attendance_report_file(session, &request, format)
        })?;
        write_whole_file(&path, |out| {
            std::io::Write::write_all(out, &bytes)
                .map_err(|error| super::files::file_error(&path, &error))
        })?;
        tracing::info!(path, ?format, "attendance report saved");
        Ok(path)
    });
    work.await.map_err(|_| {
        shell_error(
            campusdesk_shared::ErrorCode::Internal,
            "Saving the report stopped unexpectedly",
        )
    })?
}
