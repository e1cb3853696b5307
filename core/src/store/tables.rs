//! The synced tables and their fields: the one list the change writer, the remote-change path
//! and (later) the sync server check every change against. A field not named here cannot be
//! written, which also keeps table and column names out of reach of user input.

#[derive(Debug)]
pub struct TableSpec {
    pub name: &'static str,
    /// Business fields, without `id` and the clock columns (`row_hlc`, `row_device`,
    /// `field_hlcs`); `deleted` is always allowed.
    pub fields: &'static [&'static str],
    /// Money records: once written, never updated or deleted (corrections are new records).
    pub append_only: bool,
    /// Fields no two live rows may share. A local write is refused a taken value by the domain;
    /// a remote change that brings one is kept and recorded as a `duplicate` conflict.
    pub unique_fields: &'static [&'static str],
}

impl TableSpec {
    pub fn has_field(&self, field: &str) -> bool {
        field == "deleted" || self.fields.contains(&field)
    }
}

macro_rules! tables {
    ($($const:ident = $name:literal [$($field:literal),* $(,)?]
       $(unique [$($unique:literal),*])? $(append_only = $ao:literal)?;)*) => {
        $(pub static $const: TableSpec = TableSpec {
            name: $name,
            fields: &[$($field),*],
            append_only: tables!(@ao $($ao)?),
            unique_fields: &[$($($unique),*)?],
        };)*
        pub static ALL: &[&TableSpec] = &[$(&$const),*];
    };
    (@ao) => { false };
    (@ao $ao:literal) => { $ao };
}

tables! {
    CAMPUS = "campus" [
        "school_name", "name", "code", "address", "phone", "admission_pattern",
        "attendance_mode", "periods_per_day", "weekly_offs", "fy_start_month",
    ];
    DEVICE = "device" ["campus_id", "code", "name"];
    ADMISSION_BLOCK = "admission_block" ["device_id", "first_no", "last_no"];
    ACADEMIC_YEAR = "academic_year" ["name", "starts_on", "ends_on", "is_current"];
    CLASS = "class" ["name", "sort_order"];
    SECTION = "section" ["class_id", "name"];
    STUDENT = "student" [
        "admission_no", "first_name", "last_name", "date_of_birth", "gender", "class_id",
        "section_id", "phone", "email", "address", "category", "status", "admitted_on",
        "enquiry_id",
    ] unique ["admission_no"];
    GUARDIAN = "guardian" ["name", "phone", "email", "occupation"];
    STUDENT_GUARDIAN = "student_guardian" ["student_id", "guardian_id", "relation", "position"];
    ENQUIRY = "enquiry" [
        "enquiry_on", "child_name", "date_of_birth", "gender", "class_sought", "guardian_name",
        "phone", "email", "source", "notes", "status", "next_follow_up_on", "student_id",
    ];
    ENQUIRY_FOLLOW_UP = "enquiry_follow_up" ["enquiry_id", "on_date", "note", "next_on", "user_id"];
    ROLE = "role" ["key", "name", "permissions"] unique ["key"];
    APP_USER = "app_user" ["username", "full_name", "password_hash", "role_id", "active"] unique ["username"];
    HOLIDAY = "holiday" ["name", "starts_on", "ends_on"];
    TEACHER_SECTION = "teacher_section" ["user_id", "section_id"];
    ATTENDANCE_REGISTER = "attendance_register" ["section_id", "on_date", "period", "taken_by"];
    ATTENDANCE_MARK = "attendance_mark" [
        "student_id", "section_id", "on_date", "period", "status", "remark",
    ];
    LEAVE_REQUEST = "leave_request" [
        "student_id", "starts_on", "ends_on", "reason", "requested_by", "status", "recorded_by",
        "decided_by", "decision_note",
    ];
    FEE_HEAD = "fee_head" ["name", "sort_order"];
    // Money: written once, never changed (see migrations/V3__fees.sql); corrections are records.
    FEE_STRUCTURE = "fee_structure" [
        "class_id", "academic_year_id", "name", "fine_kind", "fine_paise", "fine_grace_days",
        "fine_cap_paise", "supersedes_id", "effective_from", "created_by",
    ] append_only = true;
    FEE_INSTALLMENT = "fee_installment" [
        "structure_id", "head_id", "label", "due_on", "amount_paise", "frequency", "position",
    ] append_only = true;
    FEE_CHARGE = "fee_charge" [
        "student_id", "structure_id", "installment_id", "head_id", "label", "due_on",
        "amount_paise", "position", "charged_on",
    ] append_only = true;
    FEE_CHARGE_VOID = "fee_charge_void" [
        "charge_id", "student_id", "reason", "voided_on", "voided_by",
    ] append_only = true;
    FEE_CONCESSION = "fee_concession" [
        "student_id", "category", "head_id", "kind", "value", "reason", "granted_by", "granted_on",
    ] append_only = true;
    FEE_RECEIPT = "fee_receipt" [
        "device_id", "series", "number", "receipt_no", "student_id", "class_name", "issued_at",
        "issued_on", "amount_paise", "mode", "reference", "cashier_id", "cashier_name",
        "balance_after_paise",
    ] append_only = true;
    FEE_RECEIPT_LINE = "fee_receipt_line" [
        "receipt_id", "student_id", "kind", "charge_id", "label", "amount_paise",
        "installment_paise", "concession_paise", "position",
    ] append_only = true;
    FEE_CANCELLATION = "fee_cancellation" [
        "receipt_id", "reason", "cancelled_by", "cancelled_at", "cancelled_on",
    ] append_only = true;
    FEE_RECEIPT_PRINT = "fee_receipt_print" [
        "receipt_id", "layout", "printed_by", "printed_at",
    ] append_only = true;
    FEE_DAY_CLOSE = "fee_day_close" [
        "device_id", "on_date", "closed_by", "closed_at", "issued_count", "cancelled_count",
        "net_paise", "first_receipt_no", "last_receipt_no", "by_mode",
    ] append_only = true;
}

/// The spec of a synced table by name.
pub fn by_name(name: &str) -> Option<&'static TableSpec> {
    ALL.iter().copied().find(|spec| spec.name == name)
}
