//! Every call from the UI into the Tauri shell, in one place. Calls go through
//! `window.__TAURI__.core.invoke` (the shell sets `withGlobalTauri`), with arguments and answers
//! converted by serde so that both sides share the `campusdesk-shared` types.

use campusdesk_shared::attendance::{
    AbsenteeList, AttendanceReportRequest, AttendanceSettings, BelowThreshold,
    CampusAttendanceSummary, Holiday, HolidayInput, LeaveInput, LeaveRequest, LeaveStatus,
    MonthlyRegister, RegisterInput, RegisterSaved, RegisterSection, RegisterSheet, ReportFormat,
    StudentAttendanceSummary, TeacherSection,
};
use campusdesk_shared::fees::{
    ClockWarning, Concession, ConcessionInput, DayBook, DayBookQuery, DuesReport, FeeHead,
    FeeReportRequest, FeeStructure, FeeStructureInput, PaymentInput, Receipt, ReceiptLayout,
    StudentDues, StudentLedger, ZReport,
};
use campusdesk_shared::office::{
    AcademicYear, ColumnMapping, Enquiry, EnquiryInput, EnquiryStatus, GuardianMatch, HistoryEntry,
    ImportFile, ImportProgress, ImportReport, NewCampus, NewUser, PermissionInfo, RecoveryKey,
    RoleRow, SchoolClass, SessionInfo, SignIn, StudentInput, StudentPage, StudentProfile,
    StudentQuery, StudentStatus, UserRow,
};
use campusdesk_shared::{ApiError, ErrorCode};
use js_sys::{Function, Object, Promise, Reflect};
use serde::de::{DeserializeOwned, IgnoredAny};
use serde::{Deserialize, Serialize};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// The shell's answer to "is this PC set up?" (mirrors the shell's own `AppStatus`).
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct AppStatus {
    pub set_up: bool,
    pub db_path: String,
    pub message: Option<String>,
}

pub async fn app_status() -> Result<AppStatus, ApiError> {
    invoke("app_status", Object::new().into()).await
}

/// Tells the shell a screen has been drawn (for the log and the start-up figure).
pub async fn screen_ready(screen: &str) -> Result<(), ApiError> {
    invoke::<IgnoredAny>("screen_ready", named("screen", &screen)?)
        .await
        .map(|_| ())
}

pub async fn create_campus(campus: &NewCampus) -> Result<RecoveryKey, ApiError> {
    invoke("create_campus", named("campus", campus)?).await
}

pub async fn sign_in(request: &SignIn) -> Result<SessionInfo, ApiError> {
    invoke("sign_in", named("request", request)?).await
}

pub async fn sign_out() -> Result<(), ApiError> {
    invoke::<IgnoredAny>("sign_out", Object::new().into())
        .await
        .map(|_| ())
}

pub async fn current_session() -> Result<Option<SessionInfo>, ApiError> {
    invoke("current_session", Object::new().into()).await
}

pub async fn search_students(query: &StudentQuery) -> Result<StudentPage, ApiError> {
    invoke("search_students", named("query", query)?).await
}

pub async fn classes() -> Result<Vec<SchoolClass>, ApiError> {
    invoke("classes", Object::new().into()).await
}

pub async fn suggest_admission_no() -> Result<String, ApiError> {
    invoke("suggest_admission_no", Object::new().into()).await
}

/// Admits a student; the answer is the new student's id.
pub async fn admit(input: &StudentInput) -> Result<String, ApiError> {
    invoke("admit", named("input", input)?).await
}

/// Saves an edited student; the answer says whether anything changed.
pub async fn update_student(id: &str, input: &StudentInput) -> Result<bool, ApiError> {
    let args = named("input", input)?;
    set(&args, "id", &id)?;
    invoke("update_student", args).await
}

pub async fn set_student_status(id: &str, status: StudentStatus) -> Result<bool, ApiError> {
    let args = named("id", &id)?;
    set(&args, "status", &status)?;
    invoke("set_student_status", args).await
}

pub async fn student_profile(id: &str) -> Result<StudentProfile, ApiError> {
    invoke("student_profile", named("id", &id)?).await
}

pub async fn find_guardians(text: &str) -> Result<Vec<GuardianMatch>, ApiError> {
    invoke("find_guardians", named("text", &text)?).await
}

/// Opens the OS file dialog; `None` when the user cancelled it.
pub async fn choose_import_file() -> Result<Option<String>, ApiError> {
    invoke("choose_import_file", Object::new().into()).await
}

pub async fn open_import_file(path: &str) -> Result<ImportFile, ApiError> {
    invoke("open_import_file", named("path", &path)?).await
}

/// Checks or imports a CSV; `on_progress` hears how far the work has got while it runs.
pub async fn import_students(
    path: &str,
    mapping: &ColumnMapping,
    dry_run: bool,
    on_progress: impl Fn(ImportProgress) + 'static,
) -> Result<ImportReport, ApiError> {
    let args = named("path", &path)?;
    set(&args, "mapping", mapping)?;
    set(&args, "dry_run", &dry_run)?;
    // The closure must outlive the call: Tauri sends progress to it until the answer arrives.
    let listener = Closure::<dyn Fn(JsValue)>::new(move |message: JsValue| {
        if let Ok(progress) = serde_wasm_bindgen::from_value::<ImportProgress>(message) {
            on_progress(progress);
        }
    });
    let channel = channel(&listener)?;
    Reflect::set(&args, &JsValue::from_str("on_progress"), &channel).map_err(js_error)?;
    let answer = invoke("import_students", args).await;
    drop(listener);
    answer
}

/// Where a file named `file_name` is saved unless the user picks another place.
pub async fn suggested_path(file_name: &str) -> Result<String, ApiError> {
    invoke("suggested_path", named("file_name", &file_name)?).await
}

/// Opens the OS save dialog at `suggested_path` for a file of `kind` (`CSV`, `PDF`); `None`
/// when the user cancelled it.
pub async fn choose_save_file(
    title: &str,
    suggested_path: &str,
    kind: &str,
) -> Result<Option<String>, ApiError> {
    let args = named("title", &title)?;
    set(&args, "suggested_path", &suggested_path)?;
    set(&args, "kind", &kind)?;
    invoke("choose_save_file", args).await
}

/// Opens a saved file in the PC's own viewer, to print it from there.
pub async fn open_file(path: &str) -> Result<(), ApiError> {
    invoke::<IgnoredAny>("open_file", named("path", &path)?)
        .await
        .map(|_| ())
}

/// Writes every student to `path`; the answer is how many were written.
pub async fn export_students(path: &str) -> Result<u64, ApiError> {
    invoke("export_students", named("path", &path)?).await
}

/// A `window.__TAURI__.core.Channel` whose messages go to `listener`.
fn channel(listener: &Closure<dyn Fn(JsValue)>) -> Result<JsValue, ApiError> {
    let (core, _) = tauri_invoke()?;
    let constructor = Reflect::get(&core, &JsValue::from_str("Channel"))
        .map_err(js_error)?
        .dyn_into::<Function>()
        .map_err(js_error)?;
    let channel = Reflect::construct(&constructor, &js_sys::Array::new()).map_err(js_error)?;
    Reflect::set(
        &channel,
        &JsValue::from_str("onmessage"),
        listener.as_ref().unchecked_ref(),
    )
    .map_err(js_error)?;
    Ok(channel)
}

/// The enquiry register; `None` lists every status, open enquiries first.
pub async fn enquiries(status: Option<EnquiryStatus>) -> Result<Vec<Enquiry>, ApiError> {
    invoke("enquiries", named("status", &status)?).await
}

/// Records an enquiry; the answer is its id.
pub async fn record_enquiry(input: &EnquiryInput) -> Result<String, ApiError> {
    invoke("record_enquiry", named("input", input)?).await
}

pub async fn add_follow_up(
    enquiry_id: &str,
    note: &str,
    next_on: &str,
) -> Result<String, ApiError> {
    let args = named("enquiry_id", &enquiry_id)?;
    set(&args, "note", &note)?;
    set(&args, "next_on", &next_on)?;
    invoke("add_follow_up", args).await
}

pub async fn close_enquiry(enquiry_id: &str, reason: &str) -> Result<(), ApiError> {
    let args = named("enquiry_id", &enquiry_id)?;
    set(&args, "reason", &reason)?;
    invoke::<IgnoredAny>("close_enquiry", args)
        .await
        .map(|_| ())
}

/// The admission form filled in from an enquiry, with the enquiry's id to link it.
pub async fn admission_from_enquiry(enquiry_id: &str) -> Result<StudentInput, ApiError> {
    invoke("admission_from_enquiry", named("enquiry_id", &enquiry_id)?).await
}

pub async fn academic_years() -> Result<Vec<AcademicYear>, ApiError> {
    invoke("academic_years", Object::new().into()).await
}

pub async fn add_academic_year(
    name: &str,
    starts_on: &str,
    ends_on: &str,
) -> Result<String, ApiError> {
    let args = named("name", &name)?;
    set(&args, "starts_on", &starts_on)?;
    set(&args, "ends_on", &ends_on)?;
    invoke("add_academic_year", args).await
}

pub async fn set_current_year(year_id: &str) -> Result<(), ApiError> {
    invoke::<IgnoredAny>("set_current_year", named("year_id", &year_id)?)
        .await
        .map(|_| ())
}

pub async fn add_class(name: &str) -> Result<String, ApiError> {
    invoke("add_class", named("name", &name)?).await
}

pub async fn add_section(class_id: &str, name: &str) -> Result<String, ApiError> {
    let args = named("class_id", &class_id)?;
    set(&args, "name", &name)?;
    invoke("add_section", args).await
}

pub async fn admission_pattern() -> Result<String, ApiError> {
    invoke("admission_pattern", Object::new().into()).await
}

pub async fn set_admission_pattern(pattern: &str) -> Result<(), ApiError> {
    invoke::<IgnoredAny>("set_admission_pattern", named("pattern", &pattern)?)
        .await
        .map(|_| ())
}

pub async fn users() -> Result<Vec<UserRow>, ApiError> {
    invoke("users", Object::new().into()).await
}

/// Adds a user; the answer is their id.
pub async fn create_user(user: &NewUser) -> Result<String, ApiError> {
    invoke("create_user", named("user", user)?).await
}

pub async fn set_user_active(user_id: &str, active: bool) -> Result<(), ApiError> {
    let args = named("user_id", &user_id)?;
    set(&args, "active", &active)?;
    invoke::<IgnoredAny>("set_user_active", args)
        .await
        .map(|_| ())
}

pub async fn reset_password(user_id: &str, password: &str) -> Result<(), ApiError> {
    let args = named("user_id", &user_id)?;
    set(&args, "password", &password)?;
    invoke::<IgnoredAny>("reset_password", args)
        .await
        .map(|_| ())
}

pub async fn roles() -> Result<Vec<RoleRow>, ApiError> {
    invoke("roles", Object::new().into()).await
}

pub async fn permission_catalogue() -> Result<Vec<PermissionInfo>, ApiError> {
    invoke("permission_catalogue", Object::new().into()).await
}

pub async fn set_role_permissions(role_key: &str, permissions: &[String]) -> Result<(), ApiError> {
    let args = named("role_key", &role_key)?;
    set(&args, "permissions", &permissions)?;
    invoke::<IgnoredAny>("set_role_permissions", args)
        .await
        .map(|_| ())
}

pub async fn attendance_settings() -> Result<AttendanceSettings, ApiError> {
    invoke("attendance_settings", Object::new().into()).await
}

pub async fn set_attendance_settings(settings: &AttendanceSettings) -> Result<(), ApiError> {
    invoke::<IgnoredAny>("set_attendance_settings", named("settings", settings)?)
        .await
        .map(|_| ())
}

pub async fn holidays() -> Result<Vec<Holiday>, ApiError> {
    invoke("holidays", Object::new().into()).await
}

pub async fn add_holiday(holiday: &HolidayInput) -> Result<String, ApiError> {
    invoke("add_holiday", named("holiday", holiday)?).await
}

pub async fn remove_holiday(holiday_id: &str) -> Result<(), ApiError> {
    invoke::<IgnoredAny>("remove_holiday", named("holiday_id", &holiday_id)?)
        .await
        .map(|_| ())
}

pub async fn teacher_sections(user_id: Option<&str>) -> Result<Vec<TeacherSection>, ApiError> {
    invoke("teacher_sections", named("user_id", &user_id)?).await
}

pub async fn assign_teacher(user_id: &str, section_id: &str, assign: bool) -> Result<(), ApiError> {
    let args = named("user_id", &user_id)?;
    set(&args, "section_id", &section_id)?;
    let command = if assign {
        "assign_teacher"
    } else {
        "unassign_teacher"
    };
    invoke::<IgnoredAny>(command, args).await.map(|_| ())
}

pub async fn register_sections() -> Result<Vec<RegisterSection>, ApiError> {
    invoke("register_sections", Object::new().into()).await
}

pub async fn register_sheet(
    section_id: &str,
    date: &str,
    period: u8,
) -> Result<RegisterSheet, ApiError> {
    let args = named("section_id", &section_id)?;
    set(&args, "date", &date)?;
    set(&args, "period", &period)?;
    invoke("register_sheet", args).await
}

pub async fn save_register(register: &RegisterInput) -> Result<RegisterSaved, ApiError> {
    invoke("save_register", named("register", register)?).await
}

pub async fn mark_history(
    student_id: &str,
    date: &str,
    period: u8,
) -> Result<Vec<HistoryEntry>, ApiError> {
    let args = named("student_id", &student_id)?;
    set(&args, "date", &date)?;
    set(&args, "period", &period)?;
    invoke("mark_history", args).await
}

pub async fn record_leave(leave: &LeaveInput) -> Result<String, ApiError> {
    invoke("record_leave", named("leave", leave)?).await
}

pub async fn decide_leave(leave_id: &str, approve: bool, note: &str) -> Result<(), ApiError> {
    let args = named("leave_id", &leave_id)?;
    set(&args, "approve", &approve)?;
    set(&args, "note", &note)?;
    invoke::<IgnoredAny>("decide_leave", args).await.map(|_| ())
}

pub async fn leave_requests(status: Option<LeaveStatus>) -> Result<Vec<LeaveRequest>, ApiError> {
    let args = named("status", &status)?;
    set(&args, "student_id", &None::<String>)?;
    invoke("leave_requests", args).await
}

pub async fn monthly_register(
    section_id: &str,
    year: i32,
    month: u8,
    period: u8,
) -> Result<MonthlyRegister, ApiError> {
    let args = named("section_id", &section_id)?;
    set(&args, "year", &year)?;
    set(&args, "month", &month)?;
    set(&args, "period", &period)?;
    invoke("monthly_register", args).await
}

pub async fn student_attendance(
    student_id: &str,
    from: &str,
    to: &str,
) -> Result<StudentAttendanceSummary, ApiError> {
    let args = named("student_id", &student_id)?;
    set(&args, "from", &from)?;
    set(&args, "to", &to)?;
    invoke("student_attendance", args).await
}

pub async fn attendance_below(
    threshold_percent: u8,
    from: &str,
    to: &str,
) -> Result<BelowThreshold, ApiError> {
    let args = named("threshold_percent", &threshold_percent)?;
    set(&args, "from", &from)?;
    set(&args, "to", &to)?;
    invoke("attendance_below", args).await
}

pub async fn absentees(date: &str) -> Result<AbsenteeList, ApiError> {
    invoke("absentees", named("date", &date)?).await
}

pub async fn campus_attendance(from: &str, to: &str) -> Result<CampusAttendanceSummary, ApiError> {
    let args = named("from", &from)?;
    set(&args, "to", &to)?;
    invoke("campus_attendance", args).await
}

/// Saves an attendance report at `path`; the answer is the path written.
pub async fn save_attendance_report(
    request: &AttendanceReportRequest,
    format: ReportFormat,
    path: &str,
) -> Result<String, ApiError> {
    let args = named("request", request)?;
    set(&args, "format", &format)?;
    set(&args, "path", &path)?;
    invoke("save_attendance_report", args).await
}

pub async fn fee_heads() -> Result<Vec<FeeHead>, ApiError> {
    invoke("fee_heads", Object::new().into()).await
}

/// Adds a fee head; the answer is its id.
pub async fn add_fee_head(name: &str) -> Result<String, ApiError> {
    invoke("add_fee_head", named("name", &name)?).await
}

/// The fee structures of a class, or of every class for `None`.
pub async fn fee_structures(class_id: Option<&str>) -> Result<Vec<FeeStructure>, ApiError> {
    invoke("fee_structures", named("class_id", &class_id)?).await
}

pub async fn create_fee_structure(structure: &FeeStructureInput) -> Result<FeeStructure, ApiError> {
    invoke("create_fee_structure", named("structure", structure)?).await
}

/// Grants a concession; the answer is its id.
pub async fn grant_concession(concession: &ConcessionInput) -> Result<String, ApiError> {
    invoke("grant_concession", named("concession", concession)?).await
}

pub async fn concessions(student_id: &str) -> Result<Vec<Concession>, ApiError> {
    invoke("concessions", named("student_id", &student_id)?).await
}

pub async fn student_dues(student_id: &str) -> Result<StudentDues, ApiError> {
    invoke("student_dues", named("student_id", &student_id)?).await
}

pub async fn student_ledger(student_id: &str) -> Result<StudentLedger, ApiError> {
    invoke("student_ledger", named("student_id", &student_id)?).await
}

/// A student's receipts, newest first, cancelled ones included.
pub async fn student_receipts(student_id: &str) -> Result<Vec<Receipt>, ApiError> {
    invoke("student_receipts", named("student_id", &student_id)?).await
}

/// Collects a payment; the answer is its receipt.
pub async fn collect_payment(payment: &PaymentInput) -> Result<Receipt, ApiError> {
    invoke("collect_payment", named("payment", payment)?).await
}

/// Cancels a receipt; the answer is the receipt as it now stands, marked cancelled.
pub async fn cancel_receipt(receipt_id: &str, reason: &str) -> Result<Receipt, ApiError> {
    let args = named("receipt_id", &receipt_id)?;
    set(&args, "reason", &reason)?;
    invoke("cancel_receipt", args).await
}

pub async fn receipt_clock_warning() -> Result<Option<ClockWarning>, ApiError> {
    invoke("receipt_clock_warning", Object::new().into()).await
}

/// Saves a receipt as a PDF for `layout` at `path`; the answer is the path written.
pub async fn save_receipt_pdf(
    receipt_id: &str,
    layout: ReceiptLayout,
    path: &str,
) -> Result<String, ApiError> {
    let args = named("receipt_id", &receipt_id)?;
    set(&args, "layout", &layout)?;
    set(&args, "path", &path)?;
    invoke("save_receipt_pdf", args).await
}

pub async fn dues_report(class_id: Option<&str>, as_of: &str) -> Result<DuesReport, ApiError> {
    let args = named("class_id", &class_id)?;
    set(&args, "as_of", &as_of)?;
    invoke("dues_report", args).await
}

pub async fn day_book(query: &DayBookQuery) -> Result<DayBook, ApiError> {
    invoke("day_book", named("query", query)?).await
}

pub async fn z_report(date: &str) -> Result<ZReport, ApiError> {
    invoke("z_report", named("date", &date)?).await
}

/// Closes the cashier's day on this PC; the answer is the Z-report as recorded.
pub async fn close_day(date: &str) -> Result<ZReport, ApiError> {
    invoke("close_day", named("date", &date)?).await
}

/// Saves a fee report at `path`; the answer is the path written.
pub async fn save_fee_report(
    request: &FeeReportRequest,
    format: ReportFormat,
    path: &str,
) -> Result<String, ApiError> {
    let args = named("request", request)?;
    set(&args, "format", &format)?;
    set(&args, "path", &path)?;
    invoke("save_fee_report", args).await
}

/// `{ <name>: value }`, the shape Tauri expects for a command's named argument.
fn named(name: &str, value: &impl Serialize) -> Result<JsValue, ApiError> {
    let args: JsValue = Object::new().into();
    set(&args, name, value)?;
    Ok(args)
}

/// Adds one more named argument to `args`, for commands that take several.
fn set(args: &JsValue, name: &str, value: &impl Serialize) -> Result<(), ApiError> {
    // JSON-compatible: maps become plain objects and `None` becomes `null`, as serde_json on
    // the shell's side expects.
    let serializer = serde_wasm_bindgen::Serializer::json_compatible();
    let value = value
        .serialize(&serializer)
        .map_err(|error| internal(format!("Could not prepare the request: {error}")))?;
    Reflect::set(args, &JsValue::from_str(name), &value).map_err(js_error)?;
    Ok(())
}

async fn invoke<T: DeserializeOwned>(command: &str, args: JsValue) -> Result<T, ApiError> {
    let (core, invoke) = tauri_invoke()?;
    let promise = invoke
        .call2(&core, &JsValue::from_str(command), &args)
        .map_err(js_error)?
        .dyn_into::<Promise>()
        .map_err(js_error)?;
    match JsFuture::from(promise).await {
        Ok(answer) => serde_wasm_bindgen::from_value(answer).map_err(|error| {
            internal(format!(
                "CampusDesk gave an unexpected answer to {command}: {error}"
            ))
        }),
        Err(rejection) => Err(api_error(rejection)),
    }
}

/// `window.__TAURI__.core` and its `invoke` function.
fn tauri_invoke() -> Result<(JsValue, Function), ApiError> {
    let outside = || internal("This page only works inside the CampusDesk app".to_owned());
    let window = web_sys::window().ok_or_else(outside)?;
    let tauri = Reflect::get(&window, &JsValue::from_str("__TAURI__")).map_err(js_error)?;
    if tauri.is_undefined() {
        return Err(outside());
    }
    let core = Reflect::get(&tauri, &JsValue::from_str("core")).map_err(js_error)?;
    let invoke = Reflect::get(&core, &JsValue::from_str("invoke"))
        .map_err(js_error)?
        .dyn_into::<Function>()
        .map_err(|_| outside())?;
    Ok((core, invoke))
}

/// A rejected invoke carries the command's `ApiError`; Tauri's own failures (an unknown
/// command, arguments that do not parse) arrive as plain strings.
fn api_error(rejection: JsValue) -> ApiError {
    if let Ok(error) = serde_wasm_bindgen::from_value::<ApiError>(rejection.clone()) {
        return error;
    }
    match rejection.as_string() {
        Some(text) => internal(text),
        None => js_error(rejection),
    }
}

fn js_error(value: JsValue) -> ApiError {
    let text = value
        .dyn_ref::<js_sys::Error>()
        .map(|error| String::from(error.message()))
        .or_else(|| value.as_string())
        .unwrap_or_else(|| format!("{value:?}"));
    internal(text)
}

fn internal(message: String) -> ApiError {
    ApiError {
        code: ErrorCode::Internal,
        message,
        field: None,
        fields: Vec::new(),
    }
}
