//! Fees: setting them up (heads, structures, concessions), the counter (a student's dues,
//! ledger and receipts, collecting a payment, cancelling a receipt), printing receipts, and the
//! fee reports on screen or saved as files.

use campusdesk_shared::ApiError;
use campusdesk_shared::attendance::ReportFormat;
use campusdesk_shared::fees::{
    ClockWarning, Concession, ConcessionInput, DayBook, DayBookQuery, DuesReport, FeeHead,
    FeeReportRequest, FeeStructure, FeeStructureInput, PaymentInput, Receipt, ReceiptLayout,
    StudentDues, StudentLedger, ZReport,
};
use tauri::{AppHandle, Manager, State};

use super::files::{file_error, write_whole_file};
use crate::state::{AppState, shell_error};

#[tauri::command]
pub async fn fee_heads(state: State<'_, AppState>) -> Result<Vec<FeeHead>, ApiError> {
    state.as_signed_in(|office, session| office.fee_heads(session))
}

/// Adds a fee head; the answer is its id.
#[tauri::command]
pub async fn add_fee_head(state: State<'_, AppState>, name: String) -> Result<String, ApiError> {
    state.as_signed_in(|office, session| office.add_fee_head(session, &name))
}

/// The fee structures of a class, or of every class when `class_id` is `None`.
#[tauri::command(rename_all = "snake_case")]
pub async fn fee_structures(
    state: State<'_, AppState>,
    class_id: Option<String>,
) -> Result<Vec<FeeStructure>, ApiError> {
    state.as_signed_in(|office, session| office.fee_structures(session, class_id.as_deref()))
}

#[tauri::command]
pub async fn create_fee_structure(
    state: State<'_, AppState>,
    structure: FeeStructureInput,
) -> Result<FeeStructure, ApiError> {
    let created =
        state.as_signed_in(|office, session| office.create_fee_structure(session, &structure))?;
    tracing::info!(
        structure = created.id,
        charged = created.students_charged,
        "fee structure created"
    );
    Ok(created)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn revise_fee_structure(
    state: State<'_, AppState>,
    structure_id: String,
    structure: FeeStructureInput,
    effective_from: String,
) -> Result<FeeStructure, ApiError> {
    state.as_signed_in(|office, session| {
        office.revise_fee_structure(session, &structure_id, &structure, &effective_from)
    })
}

/// Grants a concession; the answer is its id.
#[tauri::command]
pub async fn grant_concession(
    state: State<'_, AppState>,
    concession: ConcessionInput,
) -> Result<String, ApiError> {
    state.as_signed_in(|office, session| office.grant_concession(session, &concession))
}

#[tauri::command(rename_all = "snake_case")]
pub async fn concessions(
    state: State<'_, AppState>,
    student_id: String,
) -> Result<Vec<Concession>, ApiError> {
    state.as_signed_in(|office, session| office.concessions(session, &student_id))
}

#[tauri::command(rename_all = "snake_case")]
pub async fn student_dues(
    state: State<'_, AppState>,
    student_id: String,
) -> Result<StudentDues, ApiError> {
    state.as_signed_in(|office, session| office.student_dues(session, &student_id))
}

#[tauri::command(rename_all = "snake_case")]
pub async fn student_ledger(
    state: State<'_, AppState>,
    student_id: String,
) -> Result<StudentLedger, ApiError> {
    state.as_signed_in(|office, session| office.student_ledger(session, &student_id))
}

#[tauri::command(rename_all = "snake_case")]
pub async fn student_receipts(
    state: State<'_, AppState>,
    student_id: String,
) -> Result<Vec<Receipt>, ApiError> {
    state.as_signed_in(|office, session| office.student_receipts(session, &student_id))
}

#[tauri::command]
pub async fn collect_payment(
    state: State<'_, AppState>,
    payment: PaymentInput,
) -> Result<Receipt, ApiError> {
    let receipt =
        state.as_signed_in(|office, session| office.collect_payment(session, &payment))?;
    tracing::info!(
        receipt = receipt.receipt_no,
        amount_paise = receipt.total_paise,
        "payment collected"
    );
    Ok(receipt)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn cancel_receipt(
    state: State<'_, AppState>,
    receipt_id: String,
    reason: String,
) -> Result<Receipt, ApiError> {
    let receipt = state
        .as_signed_in(|office, session| office.cancel_receipt(session, &receipt_id, &reason))?;
    tracing::info!(receipt = receipt.receipt_no, "receipt cancelled");
    Ok(receipt)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn receipt(state: State<'_, AppState>, receipt_id: String) -> Result<Receipt, ApiError> {
    state.as_signed_in(|office, session| office.receipt(session, &receipt_id))
}

/// Whether the counter should ask for the PC's date to be checked before issuing receipts.
#[tauri::command]
pub async fn receipt_clock_warning(
    state: State<'_, AppState>,
) -> Result<Option<ClockWarning>, ApiError> {
    state.as_signed_in(|office, session| office.receipt_clock_warning(session))
}

/// Writes a receipt as a PDF for the chosen paper to `path` (the print is recorded, and every
/// print after the first says DUPLICATE); the answer is the path written.
#[tauri::command(rename_all = "snake_case")]
pub async fn save_receipt_pdf(
    state: State<'_, AppState>,
    receipt_id: String,
    layout: ReceiptLayout,
    path: String,
) -> Result<String, ApiError> {
    // The path is checked before the print is recorded, so a refused path does not turn the
    // next good print into a DUPLICATE.
    if path.trim().is_empty() {
        return Err(super::files::path_error(
            campusdesk_shared::ErrorCode::Invalid,
            "Choose where to save the receipt".into(),
        ));
    }
    let bytes =
        state.as_signed_in(|office, session| office.receipt_pdf(session, &receipt_id, layout))?;
    write_whole_file(&path, |out| {
        std::io::Write::write_all(out, &bytes).map_err(|error| file_error(&path, &error))
    })?;
    tracing::info!(path, ?layout, "receipt saved");
    Ok(path)
}

/// Students with something due, of one class or all (`as_of` empty: today).
#[tauri::command(rename_all = "snake_case")]
pub async fn dues_report(
    state: State<'_, AppState>,
    class_id: Option<String>,
    as_of: String,
) -> Result<DuesReport, ApiError> {
    state.as_signed_in(|office, session| office.dues_report(session, class_id.as_deref(), &as_of))
}

#[tauri::command]
pub async fn day_book(
    state: State<'_, AppState>,
    query: DayBookQuery,
) -> Result<DayBook, ApiError> {
    state.as_signed_in(|office, session| office.day_book(session, &query))
}

/// This PC's Z-report for a day (empty: today).
#[tauri::command]
pub async fn z_report(state: State<'_, AppState>, date: String) -> Result<ZReport, ApiError> {
    state.as_signed_in(|office, session| office.z_report(session, &date))
}

/// Closes the cashier's day on this PC; the answer is the day's Z-report as recorded.
#[tauri::command]
pub async fn close_day(state: State<'_, AppState>, date: String) -> Result<ZReport, ApiError> {
    let closed = state.as_signed_in(|office, session| office.close_day(session, &date))?;
    tracing::info!(
        date = closed.date,
        net_paise = closed.net_paise,
        "day closed"
    );
    Ok(closed)
}

/// Writes a fee report to `path` as CSV or PDF; the answer is the path written. A year's
/// day-book is a few hundred milliseconds of work, so it runs on a blocking thread.
#[tauri::command]
pub async fn save_fee_report(
    app: AppHandle,
    request: FeeReportRequest,
    format: ReportFormat,
    path: String,
) -> Result<String, ApiError> {
    let work = tauri::async_runtime::spawn_blocking(move || {
        let state = app.state::<AppState>();
        let bytes = state
            .as_signed_in(|office, session| office.fee_report_file(session, &request, format))?;
        write_whole_file(&path, |out| {
            std::io::Write::write_all(out, &bytes).map_err(|error| file_error(&path, &error))
        })?;
        tracing::info!(path, ?format, "fee report saved");
        Ok(path)
    });
    work.await.map_err(|_| {
        shell_error(
            campusdesk_shared::ErrorCode::Internal,
            "Saving the report stopped unexpectedly",
        )
    })?
}
