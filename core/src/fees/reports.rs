//! The fee reports as values (dues and defaulters by class, the collection day-book, the
//! cashier's Z-report), closing a cashier's day, and the same reports as CSV or PDF files.

use std::collections::BTreeMap;

use campusdesk_shared::attendance::ReportFormat;
use campusdesk_shared::fees::{
    CashierTotal, DayBook, DayBookQuery, DayBookRow, DuesReport, DuesRow, FeeReportRequest,
    ModeTotal, PaymentMode, ZReport,
};
use chrono::{DateTime, NaiveDate};
use rusqlite::{Connection, OptionalExtension, params};
use serde_json::{Map, Value};

use super::counter::{ensure_day_open, student_account, student_facts};
use super::day_close_id;
use super::format_rupees;
use crate::auth::{Permission, Session};
use crate::error::{CoreError, CoreResult};
use crate::input;
use crate::office::Office;
use crate::report::{Align, Column, ReportTable};
use crate::store::tables;

/// A date as typed, or today when empty.
fn date_or(text: &str, today: NaiveDate, field: &str) -> CoreResult<NaiveDate> {
    if text.trim().is_empty() {
        Ok(today)
    } else {
        input::parse_date(text).map_err(|m| CoreError::invalid(field, format!("Date {m}")))
    }
}

fn local_stamp(ms: i64) -> chrono::DateTime<chrono::Local> {
    DateTime::from_timestamp_millis(ms)
        .unwrap_or_default()
        .with_timezone(&chrono::Local)
}

/// Totals per mode in the modes' fixed order, leaving out modes nobody paid by.
fn mode_totals(per_mode: &BTreeMap<PaymentMode, (u32, i64)>) -> Vec<ModeTotal> {
    PaymentMode::ALL
        .iter()
        .filter_map(|mode| {
            per_mode.get(mode).map(|(receipts, amount)| ModeTotal {
                mode: *mode,
                receipts: *receipts,
                amount_paise: *amount,
            })
        })
        .collect()
}

/// The figures of one device's day from its receipts.
fn z_figures(
    conn: &Connection,
    device_id: &str,
    device_code: &str,
    on: NaiveDate,
) -> CoreResult<ZReport> {
    let mut stmt = conn.prepare_cached(
        "SELECT r.receipt_no, r.mode, r.amount_paise, x.id IS NOT NULL
         FROM fee_receipt r LEFT JOIN fee_cancellation x ON x.receipt_id = r.id
         WHERE r.device_id = ?1 AND r.issued_on = ?2 ORDER BY r.series, r.number",
    )?;
    let rows = stmt
        .query_map(params![device_id, on.to_string()], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, i64>(2)?,
                r.get::<_, bool>(3)?,
            ))
        })?
        .collect::<Result<Vec<_>, _>>()?;
    let mut per_mode: BTreeMap<PaymentMode, (u32, i64)> = BTreeMap::new();
    let mut report = ZReport {
        device_code: device_code.to_owned(),
        date: on.to_string(),
        by_mode: Vec::new(),
        issued_count: 0,
        cancelled_count: 0,
        cancelled_paise: 0,
        net_paise: 0,
        first_receipt_no: rows.first().map(|r| r.0.clone()).unwrap_or_default(),
        last_receipt_no: rows.last().map(|r| r.0.clone()).unwrap_or_default(),
        closed_by: None,
        closed_at: None,
    };
    for (_, mode, amount, cancelled) in rows {
        report.issued_count += 1;
        if cancelled {
            report.cancelled_count += 1;
            report.cancelled_paise += amount;
        } else {
            report.net_paise += amount;
            let entry = per_mode
                .entry(PaymentMode::parse(&mode).unwrap_or(PaymentMode::Cash))
                .or_default();
            entry.0 += 1;
            entry.1 += amount;
        }
    }
    report.by_mode = mode_totals(&per_mode);
    let closed: Option<(String, i64)> = conn
        .prepare_cached(
            "SELECT coalesce(u.full_name, ''), c.closed_at FROM fee_day_close c
             LEFT JOIN app_user u ON u.id = c.closed_by WHERE c.device_id = ?1 AND c.on_date = ?2",
        )?
        .query_row(params![device_id, on.to_string()], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .optional()?;
    if let Some((by, at)) = closed {
        report.closed_by = Some(by);
        report.closed_at = Some(local_stamp(at).to_rfc3339());
    }
    Ok(report)
}

impl Office {
    /// Students of a class (or every class) with something due on `as_of` (empty: today),
    /// with the fine owed and how long the oldest due has waited. Defaulters are the rows with
    /// `days_overdue > 0`.
    pub fn dues_report(
        &self,
        session: &Session,
        class_id: Option<&str>,
        as_of: &str,
    ) -> CoreResult<DuesReport> {
        session.require(Permission::FeesReport)?;
        let as_of = date_or(as_of, self.today(), "as_of")?;
        let ids: Vec<String> = self
            .conn
            .prepare_cached(
                "SELECT s.id FROM student s LEFT JOIN class c ON c.id = s.class_id
                 WHERE s.deleted = 0 AND s.status = 'active' AND (?1 IS NULL OR s.class_id = ?1)
                   AND EXISTS (SELECT 1 FROM fee_charge f WHERE f.student_id = s.id)
                 ORDER BY c.sort_order, s.first_name, s.last_name, s.admission_no",
            )?
            .query_map([class_id], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        let mut report = DuesReport {
            as_of: as_of.to_string(),
            class_id: class_id.map(str::to_owned),
            rows: Vec::new(),
            due_paise: 0,
            fine_paise: 0,
        };
        for id in ids {
            let student = student_facts(&self.conn, &id)?;
            let account = student_account(&self.conn, &student, as_of)?;
            let due = account.due_now(as_of);
            if due <= 0 {
                continue;
            }
            let oldest = account
                .installments
                .iter()
                .find(|i| i.outstanding > 0 && i.charge.due_on <= as_of)
                .map(|i| i.charge.due_on);
            let fine = account.fine_due();
            report.due_paise += due;
            report.fine_paise += fine;
            report.rows.push(DuesRow {
                student_id: student.id,
                admission_no: student.admission_no,
                student_name: student.name,
                class_name: student.class_name,
                guardian_phone: student.guardian_phone,
                due_paise: due,
                fine_paise: fine,
                days_overdue: oldest.map_or(0, |d| (as_of - d).num_days().max(0)),
                oldest_due_on: oldest.map(|d| d.to_string()).unwrap_or_default(),
                balance_paise: account.balance,
            });
        }
        Ok(report)
    }

    /// The collection day-book: every receipt between two dates (every PC's), optionally of
    /// one mode or one cashier, with totals by mode and by cashier. Cancelled receipts are
    /// listed, marked, and left out of the totals.
    pub fn day_book(&self, session: &Session, query: &DayBookQuery) -> CoreResult<DayBook> {
        session.require(Permission::FeesReport)?;
        let today = self.today();
        let from = date_or(&query.from, today, "from")?;
        // One day unless told otherwise.
        let to = date_or(&query.to, from, "to")?;
        if to < from {
            return Err(CoreError::invalid(
                "to",
                "The day-book must end on or after it starts",
            ));
        }
        let mut stmt = self.conn.prepare_cached(
            "SELECT r.id, r.receipt_no, r.issued_at, trim(s.first_name || ' ' || s.last_name),
                    s.admission_no, r.class_name, r.mode, r.reference, r.cashier_name, r.amount_paise,
                    x.id IS NOT NULL
             FROM fee_receipt r JOIN student s ON s.id = r.student_id
             LEFT JOIN fee_cancellation x ON x.receipt_id = r.id
             WHERE r.issued_on BETWEEN ?1 AND ?2 AND (?3 IS NULL OR r.mode = ?3)
               AND (?4 IS NULL OR r.cashier_id = ?4)
             ORDER BY r.issued_at, r.receipt_no",
        )?;
        let rows = stmt
            .query_map(
                params![
                    from.to_string(),
                    to.to_string(),
                    query.mode.map(PaymentMode::as_str),
                    query.cashier_id
                ],
                |r| {
                    let at = local_stamp(r.get(2)?);
                    Ok(DayBookRow {
                        receipt_id: r.get(0)?,
                        receipt_no: r.get(1)?,
                        date: at.format("%Y-%m-%d").to_string(),
                        time: at.format("%H:%M").to_string(),
                        student_name: r.get(3)?,
                        admission_no: r.get(4)?,
                        class_name: r.get(5)?,
                        mode: PaymentMode::parse(&r.get::<_, String>(6)?)
                            .unwrap_or(PaymentMode::Cash),
                        reference: r.get(7)?,
                        cashier: r.get(8)?,
                        amount_paise: r.get(9)?,
                        cancelled: r.get(10)?,
                    })
                },
            )?
            .collect::<Result<Vec<_>, _>>()?;
        let mut per_mode: BTreeMap<PaymentMode, (u32, i64)> = BTreeMap::new();
        let mut per_cashier: BTreeMap<String, (u32, i64)> = BTreeMap::new();
        let mut total = 0;
        let mut cancelled = 0;
        for row in &rows {
            if row.cancelled {
                cancelled += row.amount_paise;
                continue;
            }
            total += row.amount_paise;
            let mode = per_mode.entry(row.mode).or_default();
            mode.0 += 1;
            mode.1 += row.amount_paise;
            let cashier = per_cashier.entry(row.cashier.clone()).or_default();
            cashier.0 += 1;
            cashier.1 += row.amount_paise;
        }
        Ok(DayBook {
            from: from.to_string(),
            to: to.to_string(),
            rows,
            by_mode: mode_totals(&per_mode),
            by_cashier: per_cashier
                .into_iter()
                .map(|(cashier, (receipts, amount))| CashierTotal {
                    cashier,
                    receipts,
                    amount_paise: amount,
                })
                .collect(),
            total_paise: total,
            cancelled_paise: cancelled,
        })
    }

    /// This PC's Z-report for a day (empty: today), closed or not yet.
    pub fn z_report(&self, session: &Session, date: &str) -> CoreResult<ZReport> {
        session.require(Permission::FeesReport)?;
        let on = date_or(date, self.today(), "date")?;
        let identity = self.identity()?;
        z_figures(&self.conn, &identity.device_id, &identity.device_code, on)
    }

    /// Closes the cashier's day on this PC (empty: today): records the Z-report's figures, and
    /// from then on that day's receipts on this PC cannot be cancelled and no more are issued
    /// for it.
    pub fn close_day(&mut self, session: &Session, date: &str) -> CoreResult<ZReport> {
        session.require(Permission::FeesCollect)?;
        let today = self.today();
        let on = date_or(date, today, "date")?;
        if on > today {
            return Err(CoreError::invalid(
                "date",
                "A day can be closed only once it has begun",
            ));
        }
        let identity = self.identity()?;
        let now = self.clock.now();
        let mut w = self.writer(session)?;
        ensure_day_open(
            w.conn(),
            &identity.device_id,
            &identity.device_code,
            on,
            "it cannot be closed again",
        )?;
        let figures = z_figures(w.conn(), &identity.device_id, &identity.device_code, on)?;
        let by_mode: Map<String, Value> = figures
            .by_mode
            .iter()
            .map(|m| (m.mode.as_str().to_owned(), Value::from(m.amount_paise)))
            .collect();
        w.insert(
            &tables::FEE_DAY_CLOSE,
            &day_close_id(&identity.device_id, on),
            &[
                ("device_id", identity.device_id.clone().into()),
                ("on_date", on.to_string().into()),
                ("closed_by", session.user_id.clone().into()),
                ("closed_at", Value::from(now.timestamp_millis())),
                ("issued_count", Value::from(figures.issued_count)),
                ("cancelled_count", Value::from(figures.cancelled_count)),
                ("net_paise", Value::from(figures.net_paise)),
                ("first_receipt_no", figures.first_receipt_no.clone().into()),
                ("last_receipt_no", figures.last_receipt_no.clone().into()),
                ("by_mode", Value::Object(by_mode).to_string().into()),
            ],
        )?;
        w.commit()?;
        z_figures(&self.conn, &identity.device_id, &identity.device_code, on)
    }

    /// A fee report as a file to save or print.
    pub fn fee_report_file(
        &self,
        session: &Session,
        request: &FeeReportRequest,
        format: ReportFormat,
    ) -> CoreResult<Vec<u8>> {
        let identity = self.identity()?;
        let mut table = match request {
            FeeReportRequest::Dues { class_id, as_of } => {
                dues_table(&self.dues_report(session, class_id.as_deref(), as_of)?)
            }
            FeeReportRequest::DayBook(query) => day_book_table(&self.day_book(session, query)?),
            FeeReportRequest::ZReport { date } => z_table(&self.z_report(session, date)?),
        };
        table.lines.insert(
            0,
            format!("{} · {}", identity.school_name, identity.campus_name),
        );
        self.report_file(session, table, format)
    }
}

fn dues_table(report: &DuesReport) -> ReportTable {
    let mut table = ReportTable::new(
        "Fee dues and defaulters",
        vec![
            Column::new("Adm No", 20, Align::Left),
            Column::new("Name", 45, Align::Left),
            Column::new("Class", 18, Align::Left),
            Column::new("Phone", 22, Align::Left),
            Column::new("Due since", 20, Align::Left),
            Column::new("Days", 12, Align::Right),
            Column::new("Due ₹", 22, Align::Right),
            Column::new("Fine ₹", 18, Align::Right),
        ],
    );
    table
        .lines
        .push(format!("As of {}", input::display_date(&report.as_of)));
    for row in &report.rows {
        table.rows.push(vec![
            row.admission_no.clone(),
            row.student_name.clone(),
            row.class_name.clone(),
            row.guardian_phone.clone(),
            input::display_date(&row.oldest_due_on),
            row.days_overdue.to_string(),
            format_rupees(row.due_paise),
            format_rupees(row.fine_paise),
        ]);
    }
    table.totals.push(vec![
        String::new(),
        format!("{} students", report.rows.len()),
        String::new(),
        String::new(),
        String::new(),
        String::new(),
        format_rupees(report.due_paise),
        format_rupees(report.fine_paise),
    ]);
    table.notes.push(
        "Due: installments due on or before the date, less concessions and payments. Fine: the late fine if paid on that date. Days: since the oldest unpaid installment fell due."
            .into(),
    );
    table
}

fn day_book_table(book: &DayBook) -> ReportTable {
    let mut table = ReportTable::new(
        "Fee collection day-book",
        vec![
            Column::new("Receipt", 34, Align::Left),
            Column::new("Date", 18, Align::Left),
            Column::new("Time", 10, Align::Left),
            Column::new("Adm No", 18, Align::Left),
            Column::new("Student", 38, Align::Left),
            Column::new("Mode", 18, Align::Left),
            Column::new("Reference", 24, Align::Left),
            Column::new("Cashier", 24, Align::Left),
            Column::new("Amount ₹", 20, Align::Right),
        ],
    );
    table.orientation = crate::report::Orientation::Landscape;
    table.lines.push(format!(
        "{} to {}",
        input::display_date(&book.from),
        input::display_date(&book.to)
    ));
    for row in &book.rows {
        table.rows.push(vec![
            row.receipt_no.clone(),
            input::display_date(&row.date),
            row.time.clone(),
            row.admission_no.clone(),
            row.student_name.clone(),
            row.mode.label().to_owned(),
            row.reference.clone(),
            row.cashier.clone(),
            if row.cancelled {
                format!("CANCELLED {}", format_rupees(row.amount_paise))
            } else {
                format_rupees(row.amount_paise)
            },
        ]);
    }
    let blank = |label: String, amount: i64| {
        let mut row = vec![String::new(); 9];
        row[4] = label;
        row[8] = format_rupees(amount);
        row
    };
    for mode in &book.by_mode {
        table.totals.push(blank(
            format!("{} ({} receipts)", mode.mode.label(), mode.receipts),
            mode.amount_paise,
        ));
    }
    for cashier in &book.by_cashier {
        table.totals.push(blank(
            format!(
                "Cashier {} ({} receipts)",
                cashier.cashier, cashier.receipts
            ),
            cashier.amount_paise,
        ));
    }
    table
        .totals
        .push(blank("Total collected".into(), book.total_paise));
    table.notes.push(format!(
        "Cancelled receipts are listed but not counted (₹{} cancelled).",
        format_rupees(book.cancelled_paise)
    ));
    table
}

fn z_table(report: &ZReport) -> ReportTable {
    let mut table = ReportTable::new(
        format!(
            "Z-report · {} · {}",
            report.device_code,
            input::display_date(&report.date)
        ),
        vec![
            Column::new("Mode", 40, Align::Left),
            Column::new("Receipts", 20, Align::Right),
            Column::new("Amount ₹", 30, Align::Right),
        ],
    );
    table
        .lines
        .push(match (&report.closed_by, &report.closed_at) {
            (Some(by), Some(at)) => format!("Closed by {by} at {at}"),
            _ => "Day not closed yet".into(),
        });
    table.lines.push(format!(
        "Receipts {} to {}",
        report.first_receipt_no, report.last_receipt_no
    ));
    for mode in &report.by_mode {
        table.rows.push(vec![
            mode.mode.label().to_owned(),
            mode.receipts.to_string(),
            format_rupees(mode.amount_paise),
        ]);
    }
    table.totals.push(vec![
        "Cancelled".into(),
        report.cancelled_count.to_string(),
        format_rupees(report.cancelled_paise),
    ]);
    table.totals.push(vec![
        "Net collected".into(),
        (report.issued_count - report.cancelled_count).to_string(),
        format_rupees(report.net_paise),
    ]);
    table
}
