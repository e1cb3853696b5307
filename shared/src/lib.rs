//! Types that cross a boundary: between the Yew UI and the Tauri shell, and (later) between a
//! campus PC and the sync server. They are plain serde structs with no behaviour beyond parsing
//! their own enums, so that this crate builds for `wasm32-unknown-unknown` as well as for the
//! host. Dates travel as ISO `yyyy-mm-dd` strings, ids as UUID strings and money as integer minor
//! units (paise).

pub mod attendance;
pub mod error;
pub mod fees;
pub mod office;

pub use error::{ApiError, ErrorCode, FieldError};
