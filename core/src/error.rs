//! The core's one error type. Every variant maps to an [`ErrorCode`] the UI can act on and a
//! sentence in the office's words; internal causes (SQLite, keychain) are kept for the log.

use campusdesk_shared::{ApiError, ErrorCode, FieldError};

use crate::auth::Permission;

#[derive(Debug, thiserror::Error)]
pub enum CoreError {
    /// One or more form fields are wrong. The first is the headline.
    #[error("{}", .0.first().map(|f| f.message.as_str()).unwrap_or("Some fields are not valid"))]
    Invalid(Vec<FieldError>),

    #[error("You do not have permission to {}", .0.describe())]
    Forbidden(Permission),

    /// A teacher acting on a section not assigned to them.
    #[error(
        "You take attendance only for the sections assigned to you; {section} is not one of them"
    )]
    NotAssigned { section: String },

    #[error("Wrong username or password")]
    BadCredentials,

    #[error("Too many failed sign-ins for {username}; try again in {seconds} seconds")]
    LockedOut { username: String, seconds: i64 },

    #[error("{what} was not found")]
    NotFound { what: String },

    #[error("{message}")]
    Duplicate { field: String, message: String },

    #[error(
        "The key for this campus database is not on this PC ({detail}). Enter the recovery key printed when the campus was set up."
    )]
    KeyMissing { detail: String },

    #[error("The key does not open this database: it belongs to another campus or was mistyped")]
    KeyWrong,

    #[error("There is no campus database at {path}")]
    NoDatabase { path: String },

    #[error("A campus database already exists at {path}")]
    DatabaseExists { path: String },

    #[error("The campus database could not be used: {0}")]
    Storage(#[from] rusqlite::Error),

    #[error("The database could not be brought up to date: {0}")]
    Migration(String),

    #[error("{0}")]
    Import(String),

    /// A cashier's day closed on a PC: its receipts stay as they are.
    #[error("{message}")]
    DayClosed { message: String },

    #[error("A file could not be read or written: {0}")]
    Io(#[from] std::io::Error),

    #[error("{0}")]
    Internal(String),
}

pub type CoreResult<T> = Result<T, CoreError>;

impl CoreError {
    /// A single-field validation error.
    pub fn invalid(field: &str, message: impl Into<String>) -> Self {
        CoreError::Invalid(vec![FieldError {
            field: field.to_owned(),
            message: message.into(),
        }])
    }

    pub fn not_found(what: impl Into<String>) -> Self {
        CoreError::NotFound { what: what.into() }
    }

    pub fn code(&self) -> ErrorCode {
        match self {
            CoreError::Invalid(_) => ErrorCode::Invalid,
            CoreError::Forbidden(_) | CoreError::NotAssigned { .. } => ErrorCode::Forbidden,
            CoreError::BadCredentials => ErrorCode::BadCredentials,
            CoreError::LockedOut { .. } => ErrorCode::LockedOut,
            CoreError::NotFound { .. } | CoreError::NoDatabase { .. } => ErrorCode::NotFound,
            CoreError::Duplicate { .. } | CoreError::DatabaseExists { .. } => ErrorCode::Duplicate,
            CoreError::KeyMissing { .. } => ErrorCode::KeyMissing,
            CoreError::KeyWrong => ErrorCode::KeyWrong,
            CoreError::Storage(_) | CoreError::Migration(_) | CoreError::Io(_) => {
                ErrorCode::Storage
            }
            CoreError::Import(_) => ErrorCode::Import,
            CoreError::DayClosed { .. } => ErrorCode::DayClosed,
            CoreError::Internal(_) => ErrorCode::Internal,
        }
    }

    /// The error as the UI receives it.
    pub fn to_api(&self) -> ApiError {
        let (field, fields) = match self {
            CoreError::Invalid(fields) => (fields.first().map(|f| f.field.clone()), fields.clone()),
            CoreError::Duplicate { field, .. } => (Some(field.clone()), Vec::new()),
            _ => (None, Vec::new()),
        };
        ApiError {
            code: self.code(),
            message: self.to_string(),
            field,
            fields,
        }
    }
}

impl From<CoreError> for ApiError {
    fn from(error: CoreError) -> Self {
        error.to_api()
    }
}

impl From<refinery::Error> for CoreError {
    fn from(error: refinery::Error) -> Self {
        CoreError::Migration(error.to_string())
    }
}

/// Collects field errors so a form reports every problem at once, not the first only.
#[derive(Debug, Default)]
pub struct FieldErrors(Vec<FieldError>);

impl FieldErrors {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn add(&mut self, field: &str, message: impl Into<String>) {
        self.0.push(FieldError {
            field: field.to_owned(),
            message: message.into(),
        });
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// `Ok(())` when nothing was added, else the collected [`CoreError::Invalid`].
    pub fn finish(self) -> CoreResult<()> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(CoreError::Invalid(self.0))
        }
    }
}
