//! The commands the UI invokes (`window.__TAURI__.core.invoke`). Each one locks what it needs,
//! calls the core and returns its answer or its error unchanged; the core decides what is
//! allowed. They are `async` so that Tauri runs them off the main thread: password hashing and
//! database work must not freeze the window.

pub mod roster;

use campusdesk_core::Office;
use campusdesk_shared::office::{
    GuardianMatch, NewCampus, RecoveryKey, SchoolClass, SessionInfo, SignIn, StudentInput,
    StudentPage, StudentProfile, StudentQuery, StudentStatus,
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
