//! The commands the UI invokes (`window.__TAURI__.core.invoke`). Each one locks what it needs,
//! calls the core and returns its answer or its error unchanged; the core decides what is
//! allowed. They are `async` so that Tauri runs them off the main thread: password hashing and
//! database work must not freeze the window. Arguments of more than one word keep their
//! snake_case names (`rename_all`) rather than Tauri's default camelCase, so that the UI sends
//! exactly the names read here.

pub mod attendance;
pub mod fees;
pub mod files;
pub mod roster;

use campusdesk_core::Office;
use campusdesk_shared::office::{
    AcademicYear, Enquiry, EnquiryInput, EnquiryStatus, GuardianMatch, NewCampus, NewUser,
    PermissionInfo, RecoveryKey, RoleRow, SchoolClass, SessionInfo, SignIn, StudentInput,
    StudentPage, StudentProfile, StudentQuery, StudentStatus, UserRow,
};
use campusdesk_shared::{ApiError, ErrorCode};
use serde::Serialize;
use tauri::State;

use crate::state::{AppState, lock, opened, shell_error};

/// What the first screen needs to know: whether this PC has a usable campus database.
#[derive(Debug, Clone, Serialize)]
pub struct AppStatus {
    /// The database file exists and opened.
    pub set_up: bool,
    pub db_path: String,
    /// Why an existing database could not be opened (a missing key, for instance).
    pub message: Option<String>,
}

#[tauri::command]
pub async fn app_status(state: State<'_, AppState>) -> Result<AppStatus, ApiError> {
    let mut office = lock(&state.office)?;
    let db_path = state.options.path.display().to_string();
    // Opening is retried on every call while it fails, so that a "Try again" on the first screen
    // works once the keychain is unlocked or the key file is put back.
    if office.is_none() && state.options.path.exists() {
        match Office::open(&state.options, state.clock.clone()) {
            Ok(opened) => *office = Some(opened),
            Err(error) => {
                tracing::warn!(%error, db = %db_path, "could not open the campus database");
                return Ok(AppStatus {
                    set_up: false,
                    db_path,
                    message: Some(error.to_string()),
                });
            }
        }
    }
    Ok(AppStatus {
        set_up: office.is_some(),
        db_path,
        message: None,
    })
}

/// The UI has drawn `screen`. The log line gives the time since the app started, which shows a
/// slow start in a school's log and is what `cargo xtask bench` reads for `ui_cold_start_ms`.
#[tauri::command]
pub async fn screen_ready(state: State<'_, AppState>, screen: String) -> Result<(), ApiError> {
    let since_start_ms = state.started.elapsed().as_millis();
    tracing::info!(screen, since_start_ms, "screen ready");
    Ok(())
}

#[tauri::command]
pub async fn create_campus(
    state: State<'_, AppState>,
    campus: NewCampus,
) -> Result<RecoveryKey, ApiError> {
    let mut office = lock(&state.office)?;
    if office.is_some() {
        return Err(shell_error(
            ErrorCode::Duplicate,
            "This PC already has a campus database",
        ));
    }
    let (created, recovery) = Office::create(&state.options, state.clock.clone(), &campus)?;
    tracing::info!(campus = %campus.campus_code, "campus created");
    *office = Some(created);
    Ok(recovery)
}

#[tauri::command]
pub async fn sign_in(state: State<'_, AppState>, request: SignIn) -> Result<SessionInfo, ApiError> {
    let office = lock(&state.office)?;
    let office = opened(&office)?;
    let session = office.sign_in(&request)?;
    let info = office.session_info(&session)?;
    tracing::info!(user = %info.username, role = %info.role, "signed in");
    *lock(&state.session)? = Some(session);
    Ok(info)
}

#[tauri::command]
pub async fn sign_out(state: State<'_, AppState>) -> Result<(), ApiError> {
    if lock(&state.session)?.take().is_some() {
        tracing::info!("signed out");
    }
    Ok(())
}

/// The signed-in user, if any: the UI asks after a reload so it can skip the sign-in screen.
#[tauri::command]
pub async fn current_session(state: State<'_, AppState>) -> Result<Option<SessionInfo>, ApiError> {
    let office = lock(&state.office)?;
    let mut session = lock(&state.session)?;
    let (Some(office), Some(signed_in)) = (office.as_ref(), session.as_ref()) else {
        return Ok(None);
    };
    match office.session_info(signed_in) {
        Ok(info) => Ok(Some(info)),
        // The user was disabled or removed since signing in: the session is over.
        Err(error) if matches!(error.code(), ErrorCode::NotSignedIn | ErrorCode::NotFound) => {
            *session = None;
            Ok(None)
        }
        Err(error) => Err(error.into()),
    }
}

#[tauri::command]
pub async fn search_students(
    state: State<'_, AppState>,
    query: StudentQuery,
) -> Result<StudentPage, ApiError> {
    state.as_signed_in(|office, session| office.search_students(session, &query))
}

/// Classes in teaching order with their sections, for the admission form's two lists.
#[tauri::command]
pub async fn classes(state: State<'_, AppState>) -> Result<Vec<SchoolClass>, ApiError> {
    state.as_signed_in(|office, session| office.classes(session))
}

#[tauri::command]
pub async fn suggest_admission_no(state: State<'_, AppState>) -> Result<String, ApiError> {
    state.as_signed_in(|office, session| office.suggest_admission_no(session))
}

/// Admits a student; the answer is the new student's id.
#[tauri::command]
pub async fn admit(state: State<'_, AppState>, input: StudentInput) -> Result<String, ApiError> {
    state.as_signed_in(|office, session| office.admit(session, &input))
}

/// Saves an edited student; the answer says whether anything changed.
#[tauri::command]
pub async fn update_student(
    state: State<'_, AppState>,
    id: String,
    input: StudentInput,
) -> Result<bool, ApiError> {
    state.as_signed_in(|office, session| office.update_student(session, &id, &input))
}

#[tauri::command]
pub async fn set_student_status(
    state: State<'_, AppState>,
    id: String,
    status: StudentStatus,
) -> Result<bool, ApiError> {
    state.as_signed_in(|office, session| office.set_student_status(session, &id, status))
}

#[tauri::command]
pub async fn student_profile(
    state: State<'_, AppState>,
    id: String,
) -> Result<StudentProfile, ApiError> {
    state.as_signed_in(|office, session| office.student_profile(session, &id))
}

/// Guardians matching a phone prefix or part of a name, for linking a sibling's parent.
#[tauri::command]
pub async fn find_guardians(
    state: State<'_, AppState>,
    text: String,
) -> Result<Vec<GuardianMatch>, ApiError> {
    state.as_signed_in(|office, session| office.find_guardians(session, &text))
}

/// The enquiry register, open enquiries first; `status` narrows it to one kind.
#[tauri::command]
pub async fn enquiries(
    state: State<'_, AppState>,
    status: Option<EnquiryStatus>,
) -> Result<Vec<Enquiry>, ApiError> {
    state.as_signed_in(|office, session| office.enquiries(session, status))
}

/// Records a walk-in or phone enquiry; the answer is its id.
#[tauri::command]
pub async fn record_enquiry(
    state: State<'_, AppState>,
    input: EnquiryInput,
) -> Result<String, ApiError> {
    state.as_signed_in(|office, session| office.record_enquiry(session, &input))
}

#[tauri::command(rename_all = "snake_case")]
pub async fn add_follow_up(
    state: State<'_, AppState>,
    enquiry_id: String,
    note: String,
    next_on: String,
) -> Result<String, ApiError> {
    state
        .as_signed_in(|office, session| office.add_follow_up(session, &enquiry_id, &note, &next_on))
}

#[tauri::command(rename_all = "snake_case")]
pub async fn close_enquiry(
    state: State<'_, AppState>,
    enquiry_id: String,
    reason: String,
) -> Result<(), ApiError> {
    state.as_signed_in(|office, session| office.close_enquiry(session, &enquiry_id, &reason))
}

/// The admission form filled in from an enquiry; admitting it marks the enquiry converted.
#[tauri::command(rename_all = "snake_case")]
pub async fn admission_from_enquiry(
    state: State<'_, AppState>,
    enquiry_id: String,
) -> Result<StudentInput, ApiError> {
    state.as_signed_in(|office, session| office.admission_from_enquiry(session, &enquiry_id))
}

#[tauri::command]
pub async fn academic_years(state: State<'_, AppState>) -> Result<Vec<AcademicYear>, ApiError> {
    state.as_signed_in(|office, session| office.academic_years(session))
}

#[tauri::command(rename_all = "snake_case")]
pub async fn add_academic_year(
    state: State<'_, AppState>,
    name: String,
    starts_on: String,
    ends_on: String,
) -> Result<String, ApiError> {
    state.as_signed_in(|office, session| {
        office.add_academic_year(session, &name, &starts_on, &ends_on)
    })
}

#[tauri::command(rename_all = "snake_case")]
pub async fn set_current_year(state: State<'_, AppState>, year_id: String) -> Result<(), ApiError> {
    state.as_signed_in(|office, session| office.set_current_year(session, &year_id))
}

#[tauri::command]
pub async fn add_class(state: State<'_, AppState>, name: String) -> Result<String, ApiError> {
    state.as_signed_in(|office, session| office.add_class(session, &name))
}

#[tauri::command(rename_all = "snake_case")]
pub async fn add_section(
    state: State<'_, AppState>,
    class_id: String,
    name: String,
) -> Result<String, ApiError> {
    state.as_signed_in(|office, session| office.add_section(session, &class_id, &name))
}

#[tauri::command]
pub async fn admission_pattern(state: State<'_, AppState>) -> Result<String, ApiError> {
    state.as_signed_in(|office, session| office.admission_pattern(session))
}

#[tauri::command]
pub async fn set_admission_pattern(
    state: State<'_, AppState>,
    pattern: String,
) -> Result<(), ApiError> {
    state.as_signed_in(|office, session| office.set_admission_pattern(session, &pattern))
}

#[tauri::command]
pub async fn users(state: State<'_, AppState>) -> Result<Vec<UserRow>, ApiError> {
    state.as_signed_in(|office, session| office.users(session))
}

/// Adds a user; the answer is their id.
#[tauri::command]
pub async fn create_user(state: State<'_, AppState>, user: NewUser) -> Result<String, ApiError> {
    state.as_signed_in(|office, session| office.create_user(session, &user))
}

#[tauri::command(rename_all = "snake_case")]
pub async fn set_user_active(
    state: State<'_, AppState>,
    user_id: String,
    active: bool,
) -> Result<(), ApiError> {
    state.as_signed_in(|office, session| office.set_user_active(session, &user_id, active))
}

#[tauri::command(rename_all = "snake_case")]
pub async fn reset_password(
    state: State<'_, AppState>,
    user_id: String,
    password: String,
) -> Result<(), ApiError> {
    state.as_signed_in(|office, session| office.reset_password(session, &user_id, &password))
}

#[tauri::command]
pub async fn roles(state: State<'_, AppState>) -> Result<Vec<RoleRow>, ApiError> {
    state.as_signed_in(|office, session| office.roles(session))
}

/// Every permission there is, for the role editor. It describes this build, not the campus,
/// so it needs no session.
#[tauri::command]
pub async fn permission_catalogue() -> Result<Vec<PermissionInfo>, ApiError> {
    Ok(campusdesk_core::auth::catalogue())
}

#[tauri::command(rename_all = "snake_case")]
pub async fn set_role_permissions(
    state: State<'_, AppState>,
    role_key: String,
    permissions: Vec<String>,
) -> Result<(), ApiError> {
    state.as_signed_in(|office, session| {
        office.set_role_permissions(session, &role_key, &permissions)
    })
}
