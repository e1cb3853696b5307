//! The fee counter: a student's dues and ledger, collecting a payment (its receipt numbered
//! inside the payment's own transaction), cancelling a receipt, reading and printing receipts,
//! and the warning about the PC's clock.

use campusdesk_shared::fees::{
    ClockWarning, ConcessionKind, FineKind, FineRule, InstallmentDue, InstallmentStatus,
    LedgerKind, LedgerLine, PaymentInput, PaymentMode, Receipt, ReceiptCancellation, ReceiptLayout,
    ReceiptLine, ReceiptLineKind, StudentDues, StudentLedger,
};
use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{Connection, OptionalExtension, params};
use serde_json::Value;

use super::{
    Account, ChargeFacts, ConcessionFacts, PaidFacts, account, allocate, amount_in_words,
    clock_warning, financial_year, financial_year_code, format_rupees, receipt_no, receipt_series,
};
use crate::auth::{Permission, Session};
use crate::error::{CoreError, CoreResult};
use crate::input::{self, clean_text};
use crate::office::{Office, local_date_of, new_id};
use crate::store::tables;

/// Who a student is, as the counter and the receipt show them.
#[derive(Debug, Clone)]
pub(crate) struct StudentFacts {
    pub id: String,
    pub name: String,
    pub admission_no: String,
    pub class_name: String,
    pub category: String,
    pub guardian_name: String,
    pub guardian_phone: String,
}

pub(crate) fn student_facts(conn: &Connection, student_id: &str) -> CoreResult<StudentFacts> {
    conn.prepare_cached(
        "SELECT s.id, trim(s.first_name || ' ' || s.last_name), s.admission_no, s.class_id,
                trim(coalesce(c.name, '') || coalesce(' ' || sec.name, '')), s.category,
                coalesce(g.name, ''), coalesce(g.phone, '')
         FROM student s
         LEFT JOIN class c ON c.id = s.class_id
         LEFT JOIN section sec ON sec.id = s.section_id
         LEFT JOIN guardian g ON g.id = (
             SELECT sg.guardian_id FROM student_guardian sg
             WHERE sg.student_id = s.id AND sg.deleted = 0 ORDER BY sg.position LIMIT 1)
         WHERE s.id = ?1 AND s.deleted = 0",
    )?
    .query_row([student_id], |r| {
        Ok(StudentFacts {
            id: r.get(0)?,
            name: r.get(1)?,
            admission_no: r.get(2)?,
            class_name: r.get(4)?,
            category: r.get(5)?,
            guardian_name: r.get(6)?,
            guardian_phone: r.get(7)?,
        })
    })
    .optional()?
    .ok_or_else(|| CoreError::not_found("That student"))
}

fn parse_day(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap_or_default()
}

/// Everything a student's account is computed from.
pub(crate) fn account_facts(
    conn: &Connection,
    student: &StudentFacts,
) -> CoreResult<(Vec<ChargeFacts>, Vec<ConcessionFacts>, Vec<PaidFacts>)> {
    let charges = conn
        .prepare_cached(
            "SELECT c.id, c.head_id, h.name, c.label, c.due_on, c.position, c.amount_paise,
                    EXISTS (SELECT 1 FROM fee_charge_void v WHERE v.charge_id = c.id),
                    s.fine_kind, s.fine_paise, s.fine_grace_days, s.fine_cap_paise
             FROM fee_charge c JOIN fee_head h ON h.id = c.head_id
             JOIN fee_structure s ON s.id = c.structure_id
             WHERE c.student_id = ?1",
        )?
        .query_map([&student.id], |r| {
            Ok(ChargeFacts {
                id: r.get(0)?,
                head_id: r.get(1)?,
                head_name: r.get(2)?,
                label: r.get(3)?,
                due_on: parse_day(&r.get::<_, String>(4)?),
                position: r.get(5)?,
                amount: r.get(6)?,
                voided: r.get(7)?,
                fine: FineRule {
                    kind: FineKind::parse(&r.get::<_, String>(8)?).unwrap_or_default(),
                    amount_paise: r.get(9)?,
                    grace_days: r.get(10)?,
                    cap_paise: r.get(11)?,
                },
            })
        })?
        .collect::<Result<Vec<_>, _>>()?;
    let concessions = conn
        .prepare_cached(
            "SELECT head_id, kind, value FROM fee_concession
             WHERE student_id = ?1 OR (category <> '' AND lower(category) = lower(?2))",
        )?
        .query_map(params![student.id, student.category.trim()], |r| {
            Ok(ConcessionFacts {
                head_id: r.get(0)?,
                kind: ConcessionKind::parse(&r.get::<_, String>(1)?)
                    .unwrap_or(ConcessionKind::Fixed),
                value: r.get(2)?,
            })
        })?
        .collect::<Result<Vec<_>, _>>()?;
    let paid = conn
        .prepare_cached(
            "SELECT l.kind, l.charge_id, l.amount_paise,
                    NOT EXISTS (SELECT 1 FROM fee_cancellation x WHERE x.receipt_id = l.receipt_id)
             FROM fee_receipt_line l WHERE l.student_id = ?1",
        )?
        .query_map([&student.id], |r| {
            Ok(PaidFacts {
                kind: line_kind(&r.get::<_, String>(0)?),
                charge_id: r.get(1)?,
                amount: r.get(2)?,
                live: r.get(3)?,
            })
        })?
        .collect::<Result<Vec<_>, _>>()?;
    Ok((charges, concessions, paid))
}

pub(crate) fn student_account(
    conn: &Connection,
    student: &StudentFacts,
    as_of: NaiveDate,
) -> CoreResult<Account> {
    let (charges, concessions, paid) = account_facts(conn, student)?;
    Ok(account(&charges, &concessions, &paid, as_of))
}

fn line_kind(text: &str) -> ReceiptLineKind {
    match text {
        "fine" => ReceiptLineKind::Fine,
        "advance" => ReceiptLineKind::Advance,
        _ => ReceiptLineKind::Installment,
    }
}

fn line_kind_text(kind: ReceiptLineKind) -> &'static str {
    match kind {
        ReceiptLineKind::Installment => "installment",
        ReceiptLineKind::Fine => "fine",
        ReceiptLineKind::Advance => "advance",
    }
}

/// Refuses when the cashier's day `on` is closed on `device_id`.
pub(crate) fn ensure_day_open(
    conn: &Connection,
    device_id: &str,
    device_code: &str,
    on: NaiveDate,
    doing: &str,
) -> CoreResult<()> {
    let closed: Option<i64> = conn
        .prepare_cached("SELECT 1 FROM fee_day_close WHERE device_id = ?1 AND on_date = ?2")?
        .query_row(params![device_id, on.to_string()], |r| r.get(0))
        .optional()?;
    match closed {
        Some(_) => Err(CoreError::DayClosed {
            message: format!(
                "The fee day {} on {device_code} is closed, so {doing}",
                input::format_date(on)
            ),
        }),
        None => Ok(()),
    }
}

fn local_time(ms: i64) -> chrono::DateTime<chrono::Local> {
    DateTime::from_timestamp_millis(ms)
        .unwrap_or_default()
        .with_timezone(&chrono::Local)
}

impl Office {
    /// The counter's view of a student's fees today.
    pub fn student_dues(&self, session: &Session, student_id: &str) -> CoreResult<StudentDues> {
        session.require(Permission::FeesView)?;
        let student = student_facts(&self.conn, student_id)?;
        let today = self.today();
        let account = student_account(&self.conn, &student, today)?;
        Ok(dues_view(&student, &account, today))
    }

    /// A student's ledger: every charge, concession, withdrawal, fine, payment and
    /// cancellation in date order, with the running balance.
    pub fn student_ledger(&self, session: &Session, student_id: &str) -> CoreResult<StudentLedger> {
        session.require(Permission::FeesView)?;
        let student = student_facts(&self.conn, student_id)?;
        let (charges, concessions, _) = account_facts(&self.conn, &student)?;
        // (date, order within the day, line)
        let mut events: Vec<(String, u8, LedgerLine)> = Vec::new();
        let line = |kind, description: String, receipt_no: &str, debit, credit| LedgerLine {
            date: String::new(),
            kind,
            description,
            receipt_no: receipt_no.to_owned(),
            debit_paise: debit,
            credit_paise: credit,
            balance_paise: 0,
        };
        for charge in &charges {
            let due = charge.due_on.to_string();
            events.push((
                due.clone(),
                0,
                line(
                    LedgerKind::Charge,
                    charge.label.clone(),
                    "",
                    charge.amount,
                    0,
                ),
            ));
            let concession = super::concession_on(charge.amount, &charge.head_id, &concessions);
            if concession > 0 {
                events.push((
                    due,
                    1,
                    line(
                        LedgerKind::Concession,
                        format!("Concession on {}", charge.label),
                        "",
                        0,
                        concession,
                    ),
                ));
            }
            if charge.voided {
                let (voided_on, reason): (String, String) = self.conn.query_row(
                    "SELECT voided_on, reason FROM fee_charge_void WHERE charge_id = ?1 LIMIT 1",
                    [&charge.id],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )?;
                events.push((
                    voided_on,
                    2,
                    line(
                        LedgerKind::ChargeWithdrawn,
                        format!("{} withdrawn: {reason}", charge.label),
                        "",
                        0,
                        charge.amount - concession,
                    ),
                ));
            }
        }
        let mut stmt = self.conn.prepare_cached(
            "SELECT r.id, r.receipt_no, r.issued_on, r.amount_paise, r.mode,
                    x.cancelled_on, x.reason,
                    coalesce((SELECT sum(amount_paise) FROM fee_receipt_line l
                              WHERE l.receipt_id = r.id AND l.kind = 'fine'), 0)
             FROM fee_receipt r LEFT JOIN fee_cancellation x ON x.receipt_id = r.id
             WHERE r.student_id = ?1 ORDER BY r.issued_at, r.number",
        )?;
        let receipts = stmt
            .query_map([student_id], |r| {
                Ok((
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, i64>(3)?,
                    r.get::<_, String>(4)?,
                    r.get::<_, Option<String>>(5)?,
                    r.get::<_, Option<String>>(6)?,
                    r.get::<_, i64>(7)?,
                ))
            })?
            .collect::<Result<Vec<_>, _>>()?;
        for (number, issued_on, amount, mode, cancelled_on, reason, fine) in receipts {
            let mode = PaymentMode::parse(&mode).map_or("", PaymentMode::label);
            if fine > 0 {
                events.push((
                    issued_on.clone(),
                    3,
                    line(LedgerKind::Fine, "Late fine".into(), &number, fine, 0),
                ));
            }
            events.push((
                issued_on,
                4,
                line(
                    LedgerKind::Payment,
                    format!("Payment ({mode})"),
                    &number,
                    0,
                    amount,
                ),
            ));
            if let Some(on) = cancelled_on {
                events.push((
                    on.clone(),
                    5,
                    line(
                        LedgerKind::Cancellation,
                        format!("Receipt cancelled: {}", reason.unwrap_or_default()),
                        &number,
                        amount,
                        0,
                    ),
                ));
                if fine > 0 {
                    events.push((
                        on,
                        6,
                        line(
                            LedgerKind::Fine,
                            "Late fine reversed".into(),
                            &number,
                            0,
                            fine,
                        ),
                    ));
                }
            }
        }
        events.sort_by(|a, b| (&a.0, a.1).cmp(&(&b.0, b.1)));
        let mut balance = 0;
        let lines = events
            .into_iter()
            .map(|(date, _, mut line)| {
                balance += line.debit_paise - line.credit_paise;
                line.date = date;
                line.balance_paise = balance;
                line
            })
            .collect();
        Ok(StudentLedger {
            student_id: student.id,
            student_name: student.name,
            admission_no: student.admission_no,
            lines,
            balance_paise: balance,
        })
    }

    /// Collects a payment and issues its receipt, all in one transaction: the day must be open
    /// on this PC, the amount is spread (fines first, chosen installments, then oldest due,
    /// then advance), and the receipt takes the next number of this PC's series for the
    /// financial year.
    pub fn collect_payment(
        &mut self,
        session: &Session,
        input: &PaymentInput,
    ) -> CoreResult<Receipt> {
        session.require(Permission::FeesCollect)?;
        let mut errors = crate::error::FieldErrors::new();
        if input.amount_paise <= 0 {
            errors.add("amount_paise", "Enter the amount received");
        }
        let reference = clean_text(&input.reference);
        if input.mode.needs_reference() && reference.is_empty() {
            errors.add(
                "reference",
                format!(
                    "Enter the {} reference (number, bank or transaction id)",
                    input.mode.label()
                ),
            );
        }
        errors.finish()?;
        let student = student_facts(&self.conn, &input.student_id)?;
        let identity = self.identity()?;
        let now = self.clock.now();
        let today = local_date_of(now);
        let fy_start: u32 = self.conn.query_row(
            "SELECT fy_start_month FROM campus WHERE id = ?1",
            [&identity.campus_id],
            |r| r.get(0),
        )?;
        let mut w = self.writer(session)?;
        ensure_day_open(
            w.conn(),
            &identity.device_id,
            &identity.device_code,
            today,
            "no more receipts can be issued on this PC today",
        )?;
        // Read inside the write transaction: nothing can change the account before it commits.
        let account = student_account(w.conn(), &student, today)?;
        let mut chosen = Vec::new();
        for (position, charge_id) in input.allocate_to.iter().enumerate() {
            let index = account
                .installments
                .iter()
                .position(|i| &i.charge.id == charge_id && i.outstanding + i.fine_due > 0)
                .ok_or_else(|| {
                    CoreError::invalid(
                        &format!("allocate_to.{position}"),
                        "That installment has nothing left to pay; choose another",
                    )
                })?;
            if !chosen.contains(&index) {
                chosen.push(index);
            }
        }
        let allocations = allocate(&account, &chosen, input.amount_paise);
        let series = receipt_series(
            &identity.campus_code,
            &identity.device_code,
            &financial_year_code(financial_year(today, fy_start), fy_start),
        );
        // Inside this IMMEDIATE transaction no other writer can take a number, and receipts are
        // never removed: the highest number plus one is gap-free.
        let number: i64 = w
            .conn()
            .prepare_cached(
                "SELECT coalesce(max(number), 0) + 1 FROM fee_receipt WHERE device_id = ?1 AND series = ?2",
            )?
            .query_row(params![identity.device_id, series], |r| r.get(0))?;
        let paid_off: i64 = allocations
            .iter()
            .filter(|a| a.kind != ReceiptLineKind::Fine)
            .map(|a| a.amount)
            .sum();
        let receipt_id = new_id();
        w.insert(
            &tables::FEE_RECEIPT,
            &receipt_id,
            &[
                ("device_id", identity.device_id.clone().into()),
                ("series", series.clone().into()),
                ("number", Value::from(number)),
                ("receipt_no", receipt_no(&series, number).into()),
                ("student_id", student.id.clone().into()),
                ("class_name", student.class_name.clone().into()),
                ("issued_at", Value::from(now.timestamp_millis())),
                ("issued_on", today.to_string().into()),
                ("amount_paise", Value::from(input.amount_paise)),
                ("mode", input.mode.as_str().into()),
                ("reference", reference.into()),
                ("cashier_id", session.user_id.clone().into()),
                ("cashier_name", session.full_name.clone().into()),
                (
                    "balance_after_paise",
                    Value::from(account.balance - paid_off),
                ),
            ],
        )?;
        for (position, allocation) in allocations.iter().enumerate() {
            let installment = allocation.installment.map(|i| &account.installments[i]);
            let label = match (allocation.kind, installment) {
                (ReceiptLineKind::Fine, Some(i)) => format!("Late fine · {}", i.charge.label),
                (_, Some(i)) => i.charge.label.clone(),
                _ => "Advance (credit carried forward)".to_owned(),
            };
            let (full, concession) = match (allocation.kind, installment) {
                (ReceiptLineKind::Installment, Some(i)) => (i.charge.amount, i.concession),
                _ => (0, 0),
            };
            w.insert(
                &tables::FEE_RECEIPT_LINE,
                &new_id(),
                &[
                    ("receipt_id", receipt_id.clone().into()),
                    ("student_id", student.id.clone().into()),
                    ("kind", line_kind_text(allocation.kind).into()),
                    ("charge_id", installment.map(|i| i.charge.id.clone()).into()),
                    ("label", label.into()),
                    ("amount_paise", Value::from(allocation.amount)),
                    ("installment_paise", Value::from(full)),
                    ("concession_paise", Value::from(concession)),
                    (
                        "position",
                        Value::from(i64::try_from(position).unwrap_or(0)),
                    ),
                ],
            )?;
        }
        w.commit()?;
        self.read_receipt(&receipt_id)
    }

    /// Cancels a receipt with a reason: a cancellation record reverses its payment; the
    /// receipt stays, marked cancelled. Refused once the receipt's day is closed on its PC.
    pub fn cancel_receipt(
        &mut self,
        session: &Session,
        receipt_id: &str,
        reason: &str,
    ) -> CoreResult<Receipt> {
        session.require(Permission::FeesCancel)?;
        let reason = clean_text(reason);
        if reason.is_empty() {
            return Err(CoreError::invalid(
                "reason",
                "Say why the receipt is cancelled",
            ));
        }
        let receipt = self.read_receipt(receipt_id)?;
        if receipt.cancellation.is_some() {
            return Err(CoreError::invalid(
                "receipt_id",
                format!("Receipt {} is already cancelled", receipt.receipt_no),
            ));
        }
        let (device_id, issued_on): (String, String) = self.conn.query_row(
            "SELECT device_id, issued_on FROM fee_receipt WHERE id = ?1",
            [receipt_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        let now = self.clock.now();
        let mut w = self.writer(session)?;
        ensure_day_open(
            w.conn(),
            &device_id,
            &receipt.device_code,
            parse_day(&issued_on),
            &format!("receipt {} can no longer be cancelled", receipt.receipt_no),
        )?;
        w.insert(
            &tables::FEE_CANCELLATION,
            &new_id(),
            &[
                ("receipt_id", receipt_id.into()),
                ("reason", reason.into()),
                ("cancelled_by", session.user_id.clone().into()),
                ("cancelled_at", Value::from(now.timestamp_millis())),
                ("cancelled_on", local_date_of(now).to_string().into()),
            ],
        )?;
        w.commit()?;
        self.read_receipt(receipt_id)
    }

    /// A receipt as issued (and, if so, as cancelled).
    pub fn receipt(&self, session: &Session, receipt_id: &str) -> CoreResult<Receipt> {
        session.require(Permission::FeesView)?;
        self.read_receipt(receipt_id)
    }

    /// A student's receipts, newest first.
    pub fn student_receipts(
        &self,
        session: &Session,
        student_id: &str,
    ) -> CoreResult<Vec<Receipt>> {
        session.require(Permission::FeesView)?;
        let ids: Vec<String> = self
            .conn
            .prepare_cached(
                "SELECT id FROM fee_receipt WHERE student_id = ?1 ORDER BY issued_at DESC, number DESC",
            )?
            .query_map([student_id], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        ids.iter().map(|id| self.read_receipt(id)).collect()
    }

    /// A receipt as a PDF for the chosen paper. Every print is recorded; every print after
    /// the first says DUPLICATE.
    pub fn receipt_pdf(
        &mut self,
        session: &Session,
        receipt_id: &str,
        layout: ReceiptLayout,
    ) -> CoreResult<Vec<u8>> {
        session.require(Permission::FeesView)?;
        let receipt = self.read_receipt(receipt_id)?;
        let now = self.clock.now();
        let mut w = self.writer(session)?;
        w.insert(
            &tables::FEE_RECEIPT_PRINT,
            &new_id(),
            &[
                ("receipt_id", receipt_id.into()),
                ("layout", layout.as_str().into()),
                ("printed_by", session.user_id.clone().into()),
                ("printed_at", Value::from(now.timestamp_millis())),
            ],
        )?;
        w.commit()?;
        super::receipt_pdf_bytes(&receipt, layout, receipt.prints > 0)
    }

    /// Whether the counter should ask someone to check the PC's date before issuing receipts.
    pub fn receipt_clock_warning(&self, session: &Session) -> CoreResult<Option<ClockWarning>> {
        session.require(Permission::FeesCollect)?;
        let server: Option<i64> = self.conn.query_row(
            "SELECT last_server_ms FROM device_state WHERE id = 1",
            [],
            |r| r.get(0),
        )?;
        Ok(clock_warning(
            self.clock.now(),
            server.and_then(DateTime::<Utc>::from_timestamp_millis),
        ))
    }

    /// Remembers the sync server's time, as the sync engine hears it (this PC's own state,
    /// no campus data: it needs no session).
    pub fn record_server_time(&self, server: DateTime<Utc>) -> CoreResult<()> {
        self.conn.execute(
            "UPDATE device_state SET last_server_ms = ?1 WHERE id = 1",
            [server.timestamp_millis()],
        )?;
        Ok(())
    }

    pub(crate) fn read_receipt(&self, receipt_id: &str) -> CoreResult<Receipt> {
        let row = self
            .conn
            .prepare_cached(
                "SELECT r.id, r.receipt_no, r.series, r.number, coalesce(d.code, ''), r.student_id,
                        r.class_name, r.issued_at, r.amount_paise, r.mode, r.reference, r.cashier_name,
                        r.balance_after_paise, x.reason, coalesce(u.full_name, ''), x.cancelled_at,
                        (SELECT count(*) FROM fee_receipt_print p WHERE p.receipt_id = r.id)
                 FROM fee_receipt r
                 LEFT JOIN device d ON d.id = r.device_id
                 LEFT JOIN fee_cancellation x ON x.receipt_id = r.id
                 LEFT JOIN app_user u ON u.id = x.cancelled_by
                 WHERE r.id = ?1",
            )?
            .query_row([receipt_id], |r| {
                Ok((
                    (
                        r.get::<_, String>(0)?,
                        r.get::<_, String>(1)?,
                        r.get::<_, String>(2)?,
                        r.get::<_, i64>(3)?,
                        r.get::<_, String>(4)?,
                        r.get::<_, String>(5)?,
                        r.get::<_, String>(6)?,
                        r.get::<_, i64>(7)?,
                    ),
                    (
                        r.get::<_, i64>(8)?,
                        r.get::<_, String>(9)?,
                        r.get::<_, String>(10)?,
                        r.get::<_, String>(11)?,
                        r.get::<_, i64>(12)?,
                        r.get::<_, Option<String>>(13)?,
                        r.get::<_, String>(14)?,
                        r.get::<_, Option<i64>>(15)?,
                        r.get::<_, u32>(16)?,
                    ),
                ))
            })
            .optional()?
            .ok_or_else(|| CoreError::not_found("That receipt"))?;
        let (
            (id, number_text, series, number, device_code, student_id, class_name, issued_at),
            rest,
        ) = row;
        let (
            amount,
            mode,
            reference,
            cashier,
            balance_after,
            reason,
            cancelled_by,
            cancelled_at,
            prints,
        ) = rest;
        let lines: Vec<ReceiptLine> = self
            .conn
            .prepare_cached(
                "SELECT kind, charge_id, label, amount_paise, installment_paise, concession_paise
                 FROM fee_receipt_line WHERE receipt_id = ?1 ORDER BY position",
            )?
            .query_map([&id], |r| {
                Ok(ReceiptLine {
                    kind: line_kind(&r.get::<_, String>(0)?),
                    charge_id: r.get(1)?,
                    label: r.get(2)?,
                    amount_paise: r.get(3)?,
                    installment_paise: r.get(4)?,
                    concession_paise: r.get(5)?,
                })
            })?
            .collect::<Result<_, _>>()?;
        // The student as they are now (a corrected name prints corrected); the class as it was.
        let student = student_facts(&self.conn, &student_id).unwrap_or(StudentFacts {
            id: student_id.clone(),
            name: String::new(),
            admission_no: String::new(),
            class_name: String::new(),
            category: String::new(),
            guardian_name: String::new(),
            guardian_phone: String::new(),
        });
        let identity = self.identity()?;
        let address: String = self.conn.query_row(
            "SELECT address FROM campus WHERE id = ?1",
            [&identity.campus_id],
            |r| r.get(0),
        )?;
        let issued = local_time(issued_at);
        Ok(Receipt {
            id,
            receipt_no: number_text,
            series,
            number,
            device_code,
            school_name: identity.school_name,
            campus_address: address,
            issued_at: DateTime::from_timestamp_millis(issued_at)
                .unwrap_or_default()
                .to_rfc3339(),
            date: issued.format("%d/%m/%Y").to_string(),
            time: issued.format("%H:%M").to_string(),
            student_id,
            student_name: student.name,
            admission_no: student.admission_no,
            class_name,
            guardian_name: student.guardian_name,
            concession_paise: lines.iter().map(|l| l.concession_paise).sum(),
            fine_paise: lines
                .iter()
                .filter(|l| l.kind == ReceiptLineKind::Fine)
                .map(|l| l.amount_paise)
                .sum(),
            lines,
            total_paise: amount,
            amount_in_words: amount_in_words(amount),
            mode: PaymentMode::parse(&mode).unwrap_or(PaymentMode::Cash),
            reference,
            cashier,
            balance_after_paise: balance_after,
            cancellation: reason.map(|reason| ReceiptCancellation {
                reason,
                cancelled_by,
                cancelled_at: cancelled_at
                    .and_then(DateTime::from_timestamp_millis)
                    .unwrap_or_default()
                    .to_rfc3339(),
            }),
            prints,
        })
    }
}

/// The account as the counter shows it.
pub(crate) fn dues_view(
    student: &StudentFacts,
    account: &Account,
    today: NaiveDate,
) -> StudentDues {
    let installments = account
        .installments
        .iter()
        .map(|i| InstallmentDue {
            charge_id: i.charge.id.clone(),
            head_name: i.charge.head_name.clone(),
            label: i.charge.label.clone(),
            due_on: i.charge.due_on.to_string(),
            amount_paise: i.charge.amount,
            concession_paise: i.concession,
            paid_paise: i.net - i.outstanding,
            outstanding_paise: i.outstanding,
            fine_due_paise: i.fine_due,
            days_overdue: i.days_overdue,
            status: if i.outstanding == 0 {
                InstallmentStatus::Paid
            } else if i.charge.due_on <= today {
                InstallmentStatus::Due
            } else {
                InstallmentStatus::Upcoming
            },
        })
        .collect();
    StudentDues {
        student_id: student.id.clone(),
        student_name: student.name.clone(),
        admission_no: student.admission_no.clone(),
        class_name: student.class_name.clone(),
        guardian_name: student.guardian_name.clone(),
        as_of: today.to_string(),
        installments,
        due_now_paise: account.due_now(today),
        fine_due_paise: account.fine_due(),
        outstanding_paise: account.outstanding(),
        advance_paise: account.advance,
        balance_paise: account.balance,
    }
}

/// `₹1,250.00`.
pub(crate) fn rupees(paise: i64) -> String {
    format!("₹{}", format_rupees(paise))
}
