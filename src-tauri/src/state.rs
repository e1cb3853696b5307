//! What the shell keeps between calls: the opened campus database and who is signed in.

use std::sync::{Arc, Mutex, MutexGuard};

use campusdesk_core::{Clock, CoreResult, Office, OpenOptions, Session};
use campusdesk_shared::{ApiError, ErrorCode};

/// Managed Tauri state. The office holds an SQLite connection, which may move between threads
/// but not be shared, so it sits behind a mutex; commands take the office lock before the
/// session lock, always in that order, so two commands can never wait on each other.
pub struct AppState {
    pub options: OpenOptions,
    pub clock: Arc<dyn Clock>,
    pub office: Mutex<Option<Office>>,
    pub session: Mutex<Option<Session>>,
    /// When the shell started, for the start-up time in the log.
    pub started: std::time::Instant,
}

impl AppState {
    pub fn new(options: OpenOptions, clock: Arc<dyn Clock>) -> AppState {
        AppState {
            options,
            clock,
            office: Mutex::new(None),
            session: Mutex::new(None),
            started: std::time::Instant::now(),
        }
    }

    /// Runs a core operation for the signed-in user: the one way a command reaches the core
    /// with a session. It takes the office lock before the session lock, as everywhere.
    pub fn as_signed_in<T>(
        &self,
        operation: impl FnOnce(&mut Office, &Session) -> CoreResult<T>,
    ) -> Result<T, ApiError> {
        let mut office = lock(&self.office)?;
        let office = office
            .as_mut()
            .ok_or_else(|| shell_error(ErrorCode::NotFound, NO_CAMPUS))?;
        let session = lock(&self.session)?;
        let session = session
            .as_ref()
            .ok_or_else(|| shell_error(ErrorCode::NotSignedIn, "Please sign in first"))?;
        Ok(operation(office, session)?)
    }
}

const NO_CAMPUS: &str = "No campus is set up on this PC yet";

/// The opened campus database, or the error that sends the UI to the set-up screen.
pub fn opened(office: &Option<Office>) -> Result<&Office, ApiError> {
    office
        .as_ref()
        .ok_or_else(|| shell_error(ErrorCode::NotFound, NO_CAMPUS))
}

/// Locks a mutex, turning poisoning (a panic in an earlier command) into an error for the UI
/// instead of a second panic.
pub fn lock<T>(mutex: &Mutex<T>) -> Result<MutexGuard<'_, T>, ApiError> {
    mutex.lock().map_err(|_| {
        shell_error(
            ErrorCode::Internal,
            "CampusDesk hit an internal error; please restart it",
        )
    })
}

/// An error raised by the shell itself rather than by the core.
pub fn shell_error(code: ErrorCode, message: &str) -> ApiError {
    ApiError {
        code,
        message: message.to_owned(),
        field: None,
        fields: Vec::new(),
    }
}
