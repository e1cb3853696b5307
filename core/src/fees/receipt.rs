//! A receipt laid out as a slip for A5 paper or an 80 mm thermal roll, printed through the
//! reports' PDF writer (DejaVu Sans embedded, so ₹ and every Latin-script name print).

use campusdesk_shared::fees::{Receipt, ReceiptLayout, ReceiptLineKind};

use super::counter::rupees;
use crate::error::CoreResult;
use crate::report::{Slip, SlipRow};

/// Font sizes (tenths of a point) for one paper: heading, school, body, small print.
struct Sizes {
    heading: u16,
    school: u16,
    body: u16,
    small: u16,
}

/// The receipt's slip; `duplicate` for every print after the first.
pub(crate) fn receipt_slip(receipt: &Receipt, layout: ReceiptLayout, duplicate: bool) -> Slip {
    let (width_mm, height_mm, margin_mm, sizes) = match layout {
        ReceiptLayout::A5 => (
            148,
            Some(210),
            10,
            Sizes {
                heading: 130,
                school: 130,
                body: 95,
                small: 75,
            },
        ),
        ReceiptLayout::Thermal80 => (
            80,
            None,
            4,
            Sizes {
                heading: 110,
                school: 100,
                body: 80,
                small: 65,
            },
        ),
    };
    let mut rows = Vec::new();
    if duplicate {
        rows.push(SlipRow::centered("DUPLICATE", sizes.heading));
    }
    if let Some(cancelled) = &receipt.cancellation {
        rows.push(SlipRow::centered("CANCELLED", sizes.heading));
        rows.push(SlipRow::centered(
            format!("Reason: {}", cancelled.reason),
            sizes.small,
        ));
    }
    rows.push(SlipRow::centered(receipt.school_name.clone(), sizes.school));
    if !receipt.campus_address.is_empty() {
        rows.push(SlipRow::centered(
            receipt.campus_address.clone(),
            sizes.small,
        ));
    }
    rows.push(SlipRow::Space(30));
    rows.push(SlipRow::centered("FEE RECEIPT", sizes.body));
    rows.push(SlipRow::Rule);
    rows.push(SlipRow::text(
        format!("Receipt No: {}", receipt.receipt_no),
        sizes.body,
    ));
    rows.push(SlipRow::text(
        format!("Date: {}  Time: {}", receipt.date, receipt.time),
        sizes.body,
    ));
    rows.push(SlipRow::text(
        format!("Student: {}", receipt.student_name),
        sizes.body,
    ));
    rows.push(SlipRow::text(
        format!(
            "Class: {}  Adm No: {}",
            receipt.class_name, receipt.admission_no
        ),
        sizes.body,
    ));
    if !receipt.guardian_name.is_empty() {
        rows.push(SlipRow::text(
            format!("Guardian: {}", receipt.guardian_name),
            sizes.body,
        ));
    }
    rows.push(SlipRow::Rule);
    rows.push(SlipRow::pair("Particulars", "Amount", sizes.body));
    rows.push(SlipRow::Rule);
    for line in &receipt.lines {
        rows.push(SlipRow::pair(
            line.label.clone(),
            rupees(line.amount_paise),
            sizes.body,
        ));
        if line.kind == ReceiptLineKind::Installment && line.concession_paise > 0 {
            rows.push(SlipRow::text(
                format!(
                    "    {} less concession {}",
                    rupees(line.installment_paise),
                    rupees(line.concession_paise)
                ),
                sizes.small,
            ));
        }
    }
    rows.push(SlipRow::Rule);
    if receipt.concession_paise > 0 {
        rows.push(SlipRow::pair(
            "Concession allowed",
            rupees(receipt.concession_paise),
            sizes.body,
        ));
    }
    if receipt.fine_paise > 0 {
        rows.push(SlipRow::pair(
            "Late fine",
            rupees(receipt.fine_paise),
            sizes.body,
        ));
    }
    rows.push(SlipRow::pair(
        "Total",
        rupees(receipt.total_paise),
        sizes.heading,
    ));
    rows.push(SlipRow::text(receipt.amount_in_words.clone(), sizes.small));
    rows.push(SlipRow::Rule);
    let reference = if receipt.reference.is_empty() {
        String::new()
    } else {
        format!(" · Ref: {}", receipt.reference)
    };
    rows.push(SlipRow::text(
        format!("Paid by: {}{reference}", receipt.mode.label()),
        sizes.body,
    ));
    rows.push(SlipRow::text(
        format!("Cashier: {}", receipt.cashier),
        sizes.body,
    ));
    if receipt.balance_after_paise >= 0 {
        rows.push(SlipRow::pair(
            "Balance still due",
            rupees(receipt.balance_after_paise),
            sizes.body,
        ));
    } else {
        rows.push(SlipRow::pair(
            "Advance in credit",
            rupees(-receipt.balance_after_paise),
            sizes.body,
        ));
    }
    rows.push(SlipRow::Space(40));
    rows.push(SlipRow::centered(
        "Computer-generated receipt; no signature is required.",
        sizes.small,
    ));
    Slip {
        title: format!("Receipt {}", receipt.receipt_no),
        width_mm,
        height_mm,
        margin_mm,
        rows,
    }
}

/// The receipt as a PDF for `layout`, marked DUPLICATE when it is a reprint.
pub fn receipt_pdf_bytes(
    receipt: &Receipt,
    layout: ReceiptLayout,
    duplicate: bool,
) -> CoreResult<Vec<u8>> {
    receipt_slip(receipt, layout, duplicate).to_pdf()
}
