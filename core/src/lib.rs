//! The Tauri-free core of CampusDesk: the encrypted local store and its change log, and the
//! front desk's domain (campus set-up, users and roles, students and guardians, enquiries,
//! CSV import and export, attendance). Everything here builds and tests headless; the desktop
//! shell and the command line call [`Office`] and nothing below it.

pub mod admission_no;
pub mod attendance;
pub mod auth;
pub mod clock;
pub mod demo;
pub mod enquiries;
pub mod error;
pub mod fees;
pub mod input;
pub mod office;
mod report;
pub mod roster;
pub mod school;
pub mod store;
pub mod students;
pub mod users;

pub use auth::{Permission, Session};
pub use clock::{Clock, Hlc, ManualClock, SystemClock};
pub use error::{CoreError, CoreResult};
pub use office::{Identity, Office};
pub use store::{DbKey, KeySource, OpenOptions, default_db_path};
