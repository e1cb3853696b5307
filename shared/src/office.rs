//! The front-desk types: sign-in, students, guardians, enquiries, classes, users and roles,
//! CSV import reports. The core converts these to and from its domain types at its boundary.

use serde::{Deserialize, Serialize};

/// What the UI knows about who is signed in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionInfo {
    pub user_id: String,
    pub username: String,
    pub full_name: String,
    /// Role key, e.g. `receptionist`.
    pub role: String,
    pub role_name: String,
    /// Permission keys, e.g. `students.create`; the UI hides what is absent, the core refuses it.
    pub permissions: Vec<String>,
    pub school_name: String,
    pub campus_name: String,
    pub campus_code: String,
    pub device_code: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignIn {
    pub username: String,
    pub password: String,
}

/// First run on a PC: a new campus and its first school admin.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct NewCampus {
    pub school_name: String,
    pub campus_name: String,
    /// Short code printed on receipts and admission numbers, e.g. `GIS`.
    pub campus_code: String,
    /// This PC's code within the campus, e.g. `PC1`.
    pub device_code: String,
    pub address: String,
    pub admin_username: String,
    pub admin_full_name: String,
    pub admin_password: String,
}

/// Shown once after a campus is created: the key that opens this database (and its backups)
/// on another PC. The UI offers to print it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecoveryKey {
    pub campus_name: String,
    pub campus_code: String,
    /// Groups of base32 characters separated by dashes.
    pub key: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum StudentStatus {
    #[default]
    Active,
    Left,
    Alumni,
}

impl StudentStatus {
    pub const ALL: [StudentStatus; 3] = [Self::Active, Self::Left, Self::Alumni];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Active => "active",
            Self::Left => "left",
            Self::Alumni => "alumni",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        match text.trim().to_ascii_lowercase().as_str() {
            "active" => Some(Self::Active),
            "left" => Some(Self::Left),
            "alumni" => Some(Self::Alumni),
            _ => None,
        }
    }
}

/// A search of the student list. Empty `text` lists everyone matching the filters.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct StudentQuery {
    /// Name prefix, admission number or guardian phone.
    pub text: String,
    pub class_id: Option<String>,
    pub section_id: Option<String>,
    pub status: Option<StudentStatus>,
    pub offset: u32,
    pub limit: u32,
}

/// One line of the student list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StudentRow {
    pub id: String,
    pub admission_no: String,
    pub full_name: String,
    pub class_name: String,
    pub section_name: String,
    pub status: StudentStatus,
    /// The first guardian's name and phone, for the front desk's calls.
    pub guardian_name: String,
    pub guardian_phone: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StudentPage {
    /// How many students match in all (for paging); with `capped`, at least this many.
    pub total: u32,
    /// A short search matched more students than a list can usefully show: the page holds the
    /// newest `total` of them, and typing more narrows the search.
    #[serde(default)]
    pub capped: bool,
    pub rows: Vec<StudentRow>,
}

/// A guardian as entered on the admission form: either a link to an existing guardian
/// (`existing_id`, for siblings) or a new one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct GuardianInput {
    pub existing_id: Option<String>,
    pub name: String,
    /// How the guardian is related to this student: father, mother, guardian, ...
    pub relation: String,
    pub phone: String,
    pub email: String,
    pub occupation: String,
}

/// The admission form (also used to edit a student's details).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct StudentInput {
    /// Empty: take the suggested admission number.
    pub admission_no: String,
    pub first_name: String,
    pub last_name: String,
    /// `yyyy-mm-dd` or `dd/mm/yyyy`.
    pub date_of_birth: String,
    /// `male`, `female` or `other`.
    pub gender: String,
    pub class_id: Option<String>,
    pub section_id: Option<String>,
    pub phone: String,
    pub email: String,
    pub address: String,
    /// Social category as the school records it (General, OBC, SC, ST, ...).
    pub category: String,
    /// `yyyy-mm-dd` or `dd/mm/yyyy`; empty means today.
    pub admitted_on: String,
    pub guardians: Vec<GuardianInput>,
    /// When the admission comes from the enquiry register.
    pub enquiry_id: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GuardianLink {
    pub guardian_id: String,
    pub name: String,
    pub relation: String,
    pub phone: String,
    pub email: String,
    pub occupation: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SiblingRow {
    pub student_id: String,
    pub admission_no: String,
    pub full_name: String,
    pub class_name: String,
}

/// One change from the change log, for a record's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryEntry {
    /// RFC 3339 time of the change (from its hybrid logical clock).
    pub at: String,
    pub username: String,
    pub device_code: String,
    /// `insert`, `update` or `delete`.
    pub kind: String,
    pub table: String,
    /// `field: value` pairs as the change set them.
    pub fields: Vec<(String, String)>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StudentProfile {
    pub id: String,
    pub admission_no: String,
    pub first_name: String,
    pub last_name: String,
    pub date_of_birth: String,
    pub gender: String,
    pub class_id: Option<String>,
    pub section_id: Option<String>,
    pub class_name: String,
    pub section_name: String,
    pub phone: String,
    pub email: String,
    pub address: String,
    pub category: String,
    pub status: StudentStatus,
    pub admitted_on: String,
    pub guardians: Vec<GuardianLink>,
    pub siblings: Vec<SiblingRow>,
    pub history: Vec<HistoryEntry>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GuardianMatch {
    pub id: String,
    pub name: String,
    pub phone: String,
    /// Names of the students this guardian is already linked to.
    pub children: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AcademicYear {
    pub id: String,
    /// e.g. `2025-26`.
    pub name: String,
    pub starts_on: String,
    pub ends_on: String,
    pub is_current: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SchoolClass {
    pub id: String,
    pub name: String,
    pub sort_order: i64,
    pub sections: Vec<Section>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Section {
    pub id: String,
    pub class_id: String,
    pub name: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum EnquiryStatus {
    #[default]
    Open,
    Converted,
    Closed,
}

impl EnquiryStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Open => "open",
            Self::Converted => "converted",
            Self::Closed => "closed",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "open" => Some(Self::Open),
            "converted" => Some(Self::Converted),
            "closed" => Some(Self::Closed),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct EnquiryInput {
    pub child_name: String,
    pub date_of_birth: String,
    pub gender: String,
    pub class_sought: String,
    pub guardian_name: String,
    pub phone: String,
    pub email: String,
    /// How they heard of the school: walk-in, phone, referral, website, ...
    pub source: String,
    pub notes: String,
    /// `yyyy-mm-dd` or `dd/mm/yyyy`: when to call back; empty for none.
    pub next_follow_up_on: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FollowUp {
    pub id: String,
    pub on_date: String,
    pub note: String,
    pub next_on: String,
    pub username: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Enquiry {
    pub id: String,
    pub enquiry_on: String,
    pub child_name: String,
    pub date_of_birth: String,
    pub gender: String,
    pub class_sought: String,
    pub guardian_name: String,
    pub phone: String,
    pub email: String,
    pub source: String,
    pub notes: String,
    pub status: EnquiryStatus,
    pub next_follow_up_on: String,
    pub student_id: Option<String>,
    pub follow_ups: Vec<FollowUp>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserRow {
    pub id: String,
    pub username: String,
    pub full_name: String,
    pub role: String,
    pub active: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct NewUser {
    pub username: String,
    pub full_name: String,
    pub role: String,
    pub password: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoleRow {
    pub id: String,
    pub key: String,
    pub name: String,
    pub permissions: Vec<String>,
}

/// One permission of the catalogue, for the role editor's check boxes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PermissionInfo {
    /// e.g. `students.create`; the part before the dot is the module it is grouped under.
    pub key: String,
    /// What it allows, completing "may …", e.g. "admit students or record enquiries".
    pub description: String,
}

/// One problem found in a CSV file: where (1-based data row as a spreadsheet shows it, and the
/// column's header) and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportProblem {
    /// The line number a spreadsheet shows (the header is line 1).
    pub row: u64,
    pub column: String,
    pub reason: String,
}

/// The outcome of a dry run or of an import.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct ImportReport {
    pub rows_read: u64,
    pub students_new: u64,
    pub students_updated: u64,
    pub students_unchanged: u64,
    pub guardians_new: u64,
    pub problems: Vec<ImportProblem>,
    /// True when nothing was written (a dry run, or problems stopped the import).
    pub dry_run: bool,
}

/// How the CSV's headers map onto the fields the import understands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct ColumnMapping {
    /// (field key, header in the file) pairs; fields left out are not imported.
    pub columns: Vec<(String, String)>,
}

/// A CSV chosen for import, as the wizard's mapping step shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct ImportFile {
    pub path: String,
    /// The file's header row, in order.
    pub headers: Vec<String>,
    /// Data rows in the file (not counting the header).
    pub rows: u64,
    /// The mapping the import suggests from the headers; the user may change it.
    pub mapping: ColumnMapping,
    /// Every field key the import understands, in the order the wizard lists them.
    pub fields: Vec<String>,
}

/// How far a long import or dry run has got, sent while it runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct ImportProgress {
    pub done: u64,
    pub total: u64,
}

/// Something applying another PC's changes turned up, for the school admin to review.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConflictRow {
    pub id: String,
    /// `concurrent_edit`: two PCs changed one field without seeing each other's change;
    /// `duplicate`: two rows now hold a value that must be unique (e.g. an admission number).
    pub kind: String,
    pub table: String,
    pub row_id: String,
    /// For duplicates: the other row holding the same value.
    pub other_row_id: Option<String>,
    pub field: String,
    /// The value the row has now, and the PC whose change it came from.
    pub kept_value: String,
    pub kept_device_code: String,
    /// The value that lost (or, for a duplicate, the value both rows share), from which PC
    /// and user.
    pub lost_value: String,
    pub lost_device_code: String,
    pub lost_username: String,
    /// RFC 3339 time the conflict was found on this PC.
    pub detected_at: String,
    pub resolved: bool,
}
