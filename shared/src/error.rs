//! The one error shape that reaches the UI: a code it can act on, a sentence for the person at
//! the screen, and the form field (or CSV row and column) the sentence is about.

use serde::{Deserialize, Serialize};

/// What kind of failure happened, so that the UI can decide what to do next (show the message
/// beside a field, send the user back to sign-in, offer to retry) without parsing text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// Input failed validation; `field` names the form field.
    Invalid,
    /// The signed-in role lacks the permission the operation needs.
    Forbidden,
    /// No one is signed in, or the session ended.
    NotSignedIn,
    /// Wrong username or password (deliberately not saying which).
    BadCredentials,
    /// Too many failed sign-ins; wait before trying again.
    LockedOut,
    /// The record asked for does not exist (or was removed).
    NotFound,
    /// A unique value (admission number, username, campus code) is already taken.
    Duplicate,
    /// The database key is missing from the keychain, or does not open this database.
    KeyMissing,
    /// The key does not open the database.
    KeyWrong,
    /// The local database is damaged or unreadable.
    Storage,
    /// The cashier's day on this PC is closed: its receipts can no longer be cancelled and no
    /// more are issued for that day.
    DayClosed,
    /// A CSV file could not be read or has rows that fail validation.
    Import,
    /// Something unexpected; the message says what.
    Internal,
}

/// An error as the UI receives it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiError {
    pub code: ErrorCode,
    /// A sentence in the office's words, e.g. "Date of birth 31/04/2015 does not exist".
    pub message: String,
    /// The form field the message belongs beside, when there is one (e.g. `date_of_birth`).
    pub field: Option<String>,
    /// Further field errors when a form has several problems at once.
    #[serde(default)]
    pub fields: Vec<FieldError>,
}

/// One problem with one field of a form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ApiError {}
