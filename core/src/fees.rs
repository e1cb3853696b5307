//! Fees: heads and structures, what they charge to students, concessions, late fines,
//! payments and their receipts, cancellations, the cashier's day close, and the reports.
//!
//! How the money is kept, and why:
//!
//! - **Nothing issued ever changes.** Charges, concessions, receipts and their lines,
//!   cancellations, day closes and fee structures are written once (the change writer refuses
//!   updates to append-only tables and triggers in the store refuse them to anyone else). A
//!   correction is a record of its own: a charge is withdrawn by a void, a receipt cancelled by
//!   a cancellation, a structure revised by a newer one. What a parent was handed can always
//!   be printed again as it was.
//! - **Balances are derived.** A student's balance is their live charges, less concessions,
//!   less the live receipts' payments, read from the records each time ([`account`]); no
//!   balance is stored anywhere it could be edited.
//! - **A receipt says what it paid.** Its lines name the installments (and late fines) it paid,
//!   chosen at the counter or oldest due first ([`allocate`]); what is left after every
//!   installment is an advance, a credit that the account spreads over later charges.
//! - **Late fines are levied when they are paid.** What a late installment's fine is today is
//!   a function of its rule, due date and today ([`fine_total`]); a payment pays it first,
//!   as a fine line of the receipt, and what is still owed is the total less fines paid.
//!   Cancelling the receipt therefore also returns its fine to "owed".
//! - **Receipt numbers** run per device and financial year (`GIS-PC2-2526-000123`), taken
//!   inside the payment's IMMEDIATE transaction from the series' highest number: receipts are
//!   never removed, so the series has no gaps, and two PCs never share a series.
//!
//! The decisions (allocation, fines, concessions, amount in words, financial years and
//! series names, the clock warning) are pure functions tested by tables below; the
//! submodules read and write the store and lay out reports.

mod counter;
mod receipt;
mod reports;
mod setup;

pub use receipt::receipt_pdf_bytes;

use campusdesk_shared::fees::{
    ClockWarning, ConcessionKind, FeeFrequency, FineKind, FineRule, ReceiptLineKind,
};
use chrono::{DateTime, Datelike, Months, NaiveDate, Utc};
use uuid::Uuid;

/// The namespace of the fee rows named by what they are about. Fixed forever.
const FEES_NAMESPACE: Uuid = Uuid::from_u128(0x8f1c_47a2_5d3e_4b69_a0c4_1e7d_92b6_f350);

/// The id of a device's day close: derived from (device, date), so a day closes once.
pub(crate) fn day_close_id(device_id: &str, on: NaiveDate) -> String {
    Uuid::new_v5(
        &FEES_NAMESPACE,
        format!("fee_day_close:{device_id}|{on}").as_bytes(),
    )
    .to_string()
}

pub(crate) use setup::{charge_new_student, move_student_fees};

/// One charge of a student's account as the account reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ChargeFacts {
    pub id: String,
    pub head_id: String,
    pub head_name: String,
    pub label: String,
    pub due_on: NaiveDate,
    pub position: i64,
    pub amount: i64,
    pub voided: bool,
    pub fine: FineRule,
}

/// A concession that applies to the student (theirs, or their category's).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ConcessionFacts {
    pub head_id: Option<String>,
    pub kind: ConcessionKind,
    pub value: i64,
}

/// One receipt line of the student's; `live` is false once its receipt was cancelled.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct PaidFacts {
    pub kind: ReceiptLineKind,
    pub charge_id: Option<String>,
    pub amount: i64,
    pub live: bool,
}

/// A live installment of an account as of a date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct InstallmentState {
    pub charge: ChargeFacts,
    pub concession: i64,
    /// Amount less concession.
    pub net: i64,
    pub outstanding: i64,
    pub fine_paid: i64,
    pub fine_due: i64,
    pub days_overdue: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct Account {
    /// Live charges, oldest due first.
    pub installments: Vec<InstallmentState>,
    /// Credit left after every installment is covered.
    pub advance: i64,
    /// Live charges less concessions less payments (fines excluded: a fine is levied and paid
    /// in the same line).
    pub balance: i64,
}

impl Account {
    pub fn due_now(&self, as_of: NaiveDate) -> i64 {
        self.installments
            .iter()
            .filter(|i| i.charge.due_on <= as_of)
            .map(|i| i.outstanding)
            .sum()
    }

    pub fn fine_due(&self) -> i64 {
        self.installments.iter().map(|i| i.fine_due).sum()
    }

    pub fn outstanding(&self) -> i64 {
        self.installments.iter().map(|i| i.outstanding).sum()
    }
}

/// The concession on one installment: every matching concession added (a percentage of the
/// amount rounded half up to the paisa, or a fixed amount), never more than the amount.
pub(crate) fn concession_on(amount: i64, head_id: &str, concessions: &[ConcessionFacts]) -> i64 {
    let total: i64 = concessions
        .iter()
        .filter(|c| c.head_id.as_deref().is_none_or(|h| h == head_id))
        .map(|c| match c.kind {
            ConcessionKind::Percent => (amount * c.value + 5_000) / 10_000,
            ConcessionKind::Fixed => c.value,
        })
        .sum();
    total.clamp(0, amount)
}

/// The whole late fine of an installment due on `due_on` if it is still unpaid on `as_of`:
/// nothing until the grace days have passed; then the flat amount, or the daily amount for
/// every day past the grace days, capped.
pub fn fine_total(rule: &FineRule, due_on: NaiveDate, as_of: NaiveDate) -> i64 {
    let late_days = (as_of - due_on).num_days() - i64::from(rule.grace_days);
    if late_days <= 0 {
        return 0;
    }
    let fine = match rule.kind {
        FineKind::None => 0,
        FineKind::Flat => rule.amount_paise,
        FineKind::PerDay => rule.amount_paise.saturating_mul(late_days),
    };
    if rule.cap_paise > 0 {
        fine.min(rule.cap_paise)
    } else {
        fine
    }
}

/// A student's account as of a date, from their charges, concessions and receipt lines.
///
/// Each live installment is first covered by what live receipts paid to it. What they paid
/// beyond an installment's net amount (a concession granted after the payment), to a charge
/// since withdrawn, or as advance, is credit; credit covers the remaining installments oldest
/// due first, and what is left is the advance carried forward.
pub(crate) fn account(
    charges: &[ChargeFacts],
    concessions: &[ConcessionFacts],
    paid: &[PaidFacts],
    as_of: NaiveDate,
) -> Account {
    let paid_to = |charge_id: &str, kind: ReceiptLineKind| -> i64 {
        paid.iter()
            .filter(|p| p.live && p.kind == kind && p.charge_id.as_deref() == Some(charge_id))
            .map(|p| p.amount)
            .sum()
    };
    let mut credit: i64 = paid
        .iter()
        .filter(|p| p.live && p.kind == ReceiptLineKind::Advance)
        .map(|p| p.amount)
        .sum();
    let mut balance = -credit;
    let mut live: Vec<&ChargeFacts> = Vec::new();
    for charge in charges {
        let allocated = paid_to(&charge.id, ReceiptLineKind::Installment);
        balance -= allocated;
        if charge.voided {
            credit += allocated;
        } else {
            live.push(charge);
        }
    }
    live.sort_by(|a, b| (a.due_on, a.position, &a.id).cmp(&(b.due_on, b.position, &b.id)));
    let mut installments: Vec<InstallmentState> = live
        .into_iter()
        .map(|charge| {
            let concession = concession_on(charge.amount, &charge.head_id, concessions);
            let net = charge.amount - concession;
            balance += net;
            let allocated = paid_to(&charge.id, ReceiptLineKind::Installment);
            credit += (allocated - net).max(0);
            InstallmentState {
                charge: charge.clone(),
                concession,
                net,
                outstanding: net - allocated.min(net),
                fine_paid: paid_to(&charge.id, ReceiptLineKind::Fine),
                fine_due: 0,
                days_overdue: 0,
            }
        })
        .collect();
    for installment in &mut installments {
        let take = credit.min(installment.outstanding);
        installment.outstanding -= take;
        credit -= take;
        if installment.outstanding > 0 {
            let fine = fine_total(&installment.charge.fine, installment.charge.due_on, as_of);
            installment.fine_due = (fine - installment.fine_paid).max(0);
            installment.days_overdue = (as_of - installment.charge.due_on).num_days().max(0);
        }
    }
    Account {
        installments,
        advance: credit,
        balance,
    }
}

/// One line a payment will write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Allocation {
    pub kind: ReceiptLineKind,
    /// Index into the account's installments; None for the advance.
    pub installment: Option<usize>,
    pub amount: i64,
}

/// How a payment is spread: the chosen installments first in the order chosen, then the rest
/// oldest due first; each installment's late fine before the installment itself; what is left
/// after every installment is an advance.
pub(crate) fn allocate(account: &Account, chosen: &[usize], amount: i64) -> Vec<Allocation> {
    let mut order: Vec<usize> = chosen.to_vec();
    order.extend((0..account.installments.len()).filter(|i| !chosen.contains(i)));
    let mut left = amount;
    let mut lines = Vec::new();
    for index in order {
        let installment = &account.installments[index];
        for (kind, owed) in [
            (ReceiptLineKind::Fine, installment.fine_due),
            (ReceiptLineKind::Installment, installment.outstanding),
        ] {
            let take = left.min(owed);
            if take > 0 {
                lines.push(Allocation {
                    kind,
                    installment: Some(index),
                    amount: take,
                });
                left -= take;
            }
        }
    }
    if left > 0 {
        lines.push(Allocation {
            kind: ReceiptLineKind::Advance,
            installment: None,
            amount: left,
        });
    }
    lines
}

/// The first year of the financial year that contains `date`, for a year starting in
/// `start_month` (April in India).
pub fn financial_year(date: NaiveDate, start_month: u32) -> i32 {
    if date.month() >= start_month {
        date.year()
    } else {
        date.year() - 1
    }
}

/// The financial year as receipt series write it: `2526` for April 2025 to March 2026; a
/// year that starts in January is one calendar year, written in full (`2026`).
pub fn financial_year_code(first_year: i32, start_month: u32) -> String {
    if start_month == 1 {
        format!("{first_year:04}")
    } else {
        format!(
            "{:02}{:02}",
            first_year.rem_euclid(100),
            (first_year + 1).rem_euclid(100)
        )
    }
}

/// A device's receipt series for a financial year: `GIS-PC2-2526`.
pub fn receipt_series(campus_code: &str, device_code: &str, fy_code: &str) -> String {
    format!("{campus_code}-{device_code}-{fy_code}")
}

/// A receipt's number as printed: the series and six digits, `GIS-PC2-2526-000123`.
pub fn receipt_no(series: &str, number: i64) -> String {
    format!("{series}-{number:06}")
}

/// Whether to warn before dating a receipt by the PC's clock: when it differs from the last
/// time the sync server told this PC by more than a day. The sync engine records the server
/// time at every contact; a PC that has not heard from the server for days warns too, which
/// is the moment someone should look at its date anyway.
pub fn clock_warning(
    pc_now: DateTime<Utc>,
    last_server: Option<DateTime<Utc>>,
) -> Option<ClockWarning> {
    let server = last_server?;
    let hours = (pc_now - server).num_hours();
    if (pc_now - server) > chrono::Duration::days(1) {
        Some(ClockWarning::Ahead { hours })
    } else if (server - pc_now) > chrono::Duration::days(1) {
        Some(ClockWarning::Behind { hours: -hours })
    } else {
        None
    }
}

/// The installments of one head over an academic year: each label's period and its due
/// date, `due_day` of the period's first month (at most the 28th, so every month has it).
pub fn installment_schedule(
    frequency: FeeFrequency,
    year_starts: NaiveDate,
    year_ends: NaiveDate,
    due_day: u32,
) -> Vec<(String, NaiveDate)> {
    let (step, count) = match frequency {
        FeeFrequency::Monthly => (1, 12),
        FeeFrequency::Quarterly => (3, 4),
        FeeFrequency::Termly => (4, 3),
        FeeFrequency::OneTime => (12, 1),
    };
    let day = due_day.clamp(1, 28);
    let first = year_starts.with_day(1).unwrap_or(year_starts);
    (0..count)
        .filter_map(|index| {
            let month_start = first.checked_add_months(Months::new(step * index))?;
            let due = month_start.with_day(day)?.max(year_starts);
            if due > year_ends {
                return None;
            }
            let label = match frequency {
                FeeFrequency::Monthly => month_start.format("%b %Y").to_string(),
                FeeFrequency::Quarterly => format!("Quarter {}", index + 1),
                FeeFrequency::Termly => format!("Term {}", index + 1),
                FeeFrequency::OneTime => "One-time".to_owned(),
            };
            Some((label, due))
        })
        .collect()
}

const ONES: [&str; 20] = [
    "Zero",
    "One",
    "Two",
    "Three",
    "Four",
    "Five",
    "Six",
    "Seven",
    "Eight",
    "Nine",
    "Ten",
    "Eleven",
    "Twelve",
    "Thirteen",
    "Fourteen",
    "Fifteen",
    "Sixteen",
    "Seventeen",
    "Eighteen",
    "Nineteen",
];
const TENS: [&str; 10] = [
    "", "", "Twenty", "Thirty", "Forty", "Fifty", "Sixty", "Seventy", "Eighty", "Ninety",
];

/// 0..=99 in words, tens and units joined by a hyphen (Twenty-Five).
fn two_digits(n: i64) -> String {
    let n = n.clamp(0, 99) as usize;
    if n < 20 {
        ONES[n].to_owned()
    } else if n.is_multiple_of(10) {
        TENS[n / 10].to_owned()
    } else {
        format!("{}-{}", TENS[n / 10], ONES[n % 10])
    }
}

/// A whole number in the Indian system: crore (10^7), lakh (10^5), thousand, hundred; the
/// crores themselves in words the same way (One Hundred Crore, Ten Lakh Crore).
fn indian_words(n: i64) -> String {
    if n == 0 {
        return ONES[0].to_owned();
    }
    let mut parts: Vec<String> = Vec::new();
    let crore = n / 10_000_000;
    let mut rest = n % 10_000_000;
    if crore > 0 {
        parts.push(format!("{} Crore", indian_words(crore)));
    }
    for (unit, name) in [(100_000, "Lakh"), (1_000, "Thousand"), (100, "Hundred")] {
        let count = rest / unit;
        rest %= unit;
        if count > 0 {
            parts.push(format!("{} {name}", two_digits(count)));
        }
    }
    if rest > 0 {
        parts.push(two_digits(rest));
    }
    parts.join(" ")
}

/// An amount in paise as a cheque or receipt writes it in India:
/// 1,25,40,310.50 → "Rupees One Crore Twenty-Five Lakh Forty Thousand Three Hundred Ten and
/// Fifty Paise Only".
pub fn amount_in_words(paise: i64) -> String {
    let sign = if paise < 0 { "Minus " } else { "" };
    let paise = paise.unsigned_abs();
    let rupees = i64::try_from(paise / 100).unwrap_or(i64::MAX);
    let cents = i64::try_from(paise % 100).unwrap_or(0);
    if cents == 0 {
        format!("{sign}Rupees {} Only", indian_words(rupees))
    } else {
        format!(
            "{sign}Rupees {} and {} Paise Only",
            indian_words(rupees),
            two_digits(cents)
        )
    }
}

/// Paise as the office writes rupees: Indian digit grouping and two decimals, `1,25,40,310.50`.
pub fn format_rupees(paise: i64) -> String {
    let sign = if paise < 0 { "-" } else { "" };
    let paise = paise.unsigned_abs();
    let rupees = (paise / 100).to_string();
    let mut grouped = String::new();
    let digits: Vec<char> = rupees.chars().collect();
    let len = digits.len();
    for (index, digit) in digits.iter().enumerate() {
        let from_end = len - index;
        grouped.push(*digit);
        // The last three digits form one group; before them, groups of two.
        if from_end > 1 && (from_end == 4 || (from_end > 4 && (from_end - 4).is_multiple_of(2))) {
            grouped.push(',');
        }
    }
    format!("{sign}{grouped}.{:02}", paise % 100)
}

#[cfg(test)]
// Amounts in the tables are grouped the Indian way (1_25_40_310_50 is ₹1,25,40,310.50), so
// that each reads as the office writes it.
#[allow(clippy::inconsistent_digit_grouping)]
mod tests {
    use super::*;

    fn date(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn amounts_in_words_use_lakh_and_crore() {
        let cases: &[(i64, &str)] = &[
            (0, "Rupees Zero Only"),
            (50, "Rupees Zero and Fifty Paise Only"),
            (100, "Rupees One Only"),
            (1_100, "Rupees Eleven Only"),
            (2_000, "Rupees Twenty Only"),
            (2_500, "Rupees Twenty-Five Only"),
            (10_000, "Rupees One Hundred Only"),
            (10_100, "Rupees One Hundred One Only"),
            (
                99_999,
                "Rupees Nine Hundred Ninety-Nine and Ninety-Nine Paise Only",
            ),
            (100_000, "Rupees One Thousand Only"),
            (
                1_234_505,
                "Rupees Twelve Thousand Three Hundred Forty-Five and Five Paise Only",
            ),
            (10_000_000, "Rupees One Lakh Only"),
            (
                99_99_999_00,
                "Rupees Ninety-Nine Lakh Ninety-Nine Thousand Nine Hundred Ninety-Nine Only",
            ),
            (1_00_00_000_00, "Rupees One Crore Only"),
            (
                1_25_40_310_50,
                "Rupees One Crore Twenty-Five Lakh Forty Thousand Three Hundred Ten and Fifty Paise Only",
            ),
            (1_00_00_00_000_00, "Rupees One Hundred Crore Only"),
            (
                12_34_56_78_901_23,
                "Rupees One Thousand Two Hundred Thirty-Four Crore Fifty-Six Lakh Seventy-Eight Thousand Nine Hundred One and Twenty-Three Paise Only",
            ),
            (-1_500, "Minus Rupees Fifteen Only"),
        ];
        for (paise, words) in cases {
            assert_eq!(amount_in_words(*paise), *words, "{paise}");
        }
    }

    #[test]
    fn rupees_are_grouped_the_indian_way() {
        let cases: &[(i64, &str)] = &[
            (0, "0.00"),
            (5, "0.05"),
            (99_900, "999.00"),
            (100_000, "1,000.00"),
            (1_234_567, "12,345.67"),
            (10_000_000, "1,00,000.00"),
            (1_25_40_310_50, "1,25,40,310.50"),
            (-250_000, "-2,500.00"),
        ];
        for (paise, text) in cases {
            assert_eq!(format_rupees(*paise), *text, "{paise}");
        }
    }

    #[test]
    fn financial_years_and_series() {
        let cases: &[(&str, u32, i32, &str)] = &[
            ("2026-04-01", 4, 2026, "2627"),
            ("2026-03-31", 4, 2025, "2526"),
            ("2025-12-31", 4, 2025, "2526"),
            ("2026-01-01", 1, 2026, "2026"),
            ("2026-06-30", 7, 2025, "2526"),
            ("2099-05-01", 4, 2099, "9900"),
        ];
        for (day, start, year, code) in cases {
            let fy = financial_year(date(day), *start);
            assert_eq!(fy, *year, "{day} from month {start}");
            assert_eq!(financial_year_code(fy, *start), *code, "{day}");
        }
        let series = receipt_series("GIS", "PC2", "2526");
        assert_eq!(receipt_no(&series, 123), "GIS-PC2-2526-000123");
        assert_eq!(receipt_no(&series, 1_234_567), "GIS-PC2-2526-1234567");
    }

    #[test]
    fn late_fines() {
        let flat = FineRule {
            kind: FineKind::Flat,
            amount_paise: 10_000,
            grace_days: 5,
            cap_paise: 0,
        };
        let daily = FineRule {
            kind: FineKind::PerDay,
            amount_paise: 500,
            grace_days: 0,
            cap_paise: 7_500,
        };
        let due = date("2026-04-10");
        let cases: &[(&FineRule, &str, i64)] = &[
            (&flat, "2026-04-09", 0),
            (&flat, "2026-04-15", 0),
            (&flat, "2026-04-16", 10_000),
            (&flat, "2027-01-01", 10_000),
            (&daily, "2026-04-10", 0),
            (&daily, "2026-04-11", 500),
            (&daily, "2026-04-20", 5_000),
            (&daily, "2026-05-10", 7_500),
            (&FineRule::default(), "2027-01-01", 0),
        ];
        for (rule, on, fine) in cases {
            assert_eq!(fine_total(rule, due, date(on)), *fine, "{rule:?} on {on}");
        }
    }

    #[test]
    fn concessions_add_up_and_never_exceed_the_amount() {
        let percent = |bp| ConcessionFacts {
            head_id: None,
            kind: ConcessionKind::Percent,
            value: bp,
        };
        let fixed = |head: Option<&str>, paise| ConcessionFacts {
            head_id: head.map(str::to_owned),
            kind: ConcessionKind::Fixed,
            value: paise,
        };
        let cases: Vec<(i64, &str, Vec<ConcessionFacts>, i64)> = vec![
            (100_000, "tuition", vec![], 0),
            (100_000, "tuition", vec![percent(1_000)], 10_000),
            // 12.5% of 333.33 is 41.666…: half up to 41.67.
            (33_333, "tuition", vec![percent(1_250)], 4_167),
            (100_000, "tuition", vec![fixed(Some("transport"), 5_000)], 0),
            (
                100_000,
                "tuition",
                vec![fixed(Some("tuition"), 5_000), percent(500)],
                10_000,
            ),
            (
                100_000,
                "tuition",
                vec![percent(10_000), fixed(None, 1)],
                100_000,
            ),
        ];
        for (amount, head, list, expected) in cases {
            assert_eq!(concession_on(amount, head, &list), expected, "{list:?}");
        }
    }

    fn charge(id: &str, due: &str, amount: i64) -> ChargeFacts {
        ChargeFacts {
            id: id.into(),
            head_id: "tuition".into(),
            head_name: "Tuition".into(),
            label: id.into(),
            due_on: date(due),
            position: 0,
            amount,
            voided: false,
            fine: FineRule {
                kind: FineKind::Flat,
                amount_paise: 1_000,
                grace_days: 0,
                cap_paise: 0,
            },
        }
    }

    fn line(kind: ReceiptLineKind, charge: Option<&str>, amount: i64, live: bool) -> PaidFacts {
        PaidFacts {
            kind,
            charge_id: charge.map(str::to_owned),
            amount,
            live,
        }
    }

    #[test]
    fn accounts_spread_credit_oldest_first() {
        use ReceiptLineKind::{Advance, Fine, Installment};
        let charges = vec![
            charge("q2", "2026-07-10", 30_000),
            charge("q1", "2026-04-10", 30_000),
            ChargeFacts {
                voided: true,
                ..charge("old", "2026-10-10", 50_000)
            },
        ];
        // (lines, outstanding q1, q2, fine due q1, q2, advance, balance) on 2026-08-01.
        let cases: Vec<(Vec<PaidFacts>, [i64; 6])> = vec![
            (vec![], [30_000, 30_000, 1_000, 1_000, 0, 60_000]),
            (
                vec![line(Installment, Some("q2"), 30_000, true)],
                [30_000, 0, 1_000, 0, 0, 30_000],
            ),
            (
                vec![line(Installment, Some("q2"), 30_000, false)],
                [30_000, 30_000, 1_000, 1_000, 0, 60_000],
            ),
            (
                vec![line(Advance, None, 40_000, true)],
                [0, 20_000, 0, 1_000, 0, 20_000],
            ),
            (
                vec![line(Advance, None, 70_000, true)],
                [0, 0, 0, 0, 10_000, -10_000],
            ),
            // Paid to a charge since withdrawn: credit for the live ones.
            (
                vec![line(Installment, Some("old"), 45_000, true)],
                [0, 15_000, 0, 1_000, 0, 15_000],
            ),
            (
                vec![
                    line(Fine, Some("q1"), 1_000, true),
                    line(Installment, Some("q1"), 10_000, true),
                ],
                [20_000, 30_000, 0, 1_000, 0, 50_000],
            ),
        ];
        for (paid, expected) in cases {
            let account = account(&charges, &[], &paid, date("2026-08-01"));
            let ids: Vec<&str> = account
                .installments
                .iter()
                .map(|i| i.charge.id.as_str())
                .collect();
            assert_eq!(ids, ["q1", "q2"]);
            let got = [
                account.installments[0].outstanding,
                account.installments[1].outstanding,
                account.installments[0].fine_due,
                account.installments[1].fine_due,
                account.advance,
                account.balance,
            ];
            assert_eq!(got, expected, "{paid:?}");
        }
    }

    #[test]
    fn payments_pay_fines_first_then_oldest_dues_then_advance() {
        use ReceiptLineKind::{Advance, Fine, Installment};
        let charges = vec![
            charge("q1", "2026-04-10", 30_000),
            charge("q2", "2026-07-10", 30_000),
        ];
        let account = account(&charges, &[], &[], date("2026-05-01"));
        let short = |lines: Vec<Allocation>| -> Vec<(ReceiptLineKind, Option<usize>, i64)> {
            lines
                .into_iter()
                .map(|a| (a.kind, a.installment, a.amount))
                .collect()
        };
        type Lines = Vec<(ReceiptLineKind, Option<usize>, i64)>;
        // (chosen installments, amount, lines)
        let cases: Vec<(Vec<usize>, i64, Lines)> = vec![
            (vec![], 500, vec![(Fine, Some(0), 500)]),
            (
                vec![],
                11_000,
                vec![(Fine, Some(0), 1_000), (Installment, Some(0), 10_000)],
            ),
            (
                vec![],
                70_000,
                vec![
                    (Fine, Some(0), 1_000),
                    (Installment, Some(0), 30_000),
                    (Installment, Some(1), 30_000),
                    (Advance, None, 9_000),
                ],
            ),
            (
                vec![1],
                40_000,
                vec![
                    (Installment, Some(1), 30_000),
                    (Fine, Some(0), 1_000),
                    (Installment, Some(0), 9_000),
                ],
            ),
        ];
        for (chosen, amount, expected) in cases {
            assert_eq!(
                short(allocate(&account, &chosen, amount)),
                expected,
                "{amount}"
            );
        }
    }

    #[test]
    fn schedules_over_a_year() {
        let starts = date("2026-04-01");
        let ends = date("2027-03-31");
        let show = |f| {
            installment_schedule(f, starts, ends, 10)
                .into_iter()
                .map(|(label, due)| format!("{label} {due}"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        assert_eq!(
            show(FeeFrequency::Quarterly),
            "Quarter 1 2026-04-10, Quarter 2 2026-07-10, Quarter 3 2026-10-10, Quarter 4 2027-01-10"
        );
        assert_eq!(
            show(FeeFrequency::Termly),
            "Term 1 2026-04-10, Term 2 2026-08-10, Term 3 2026-12-10"
        );
        assert_eq!(show(FeeFrequency::OneTime), "One-time 2026-04-10");
        let monthly = installment_schedule(FeeFrequency::Monthly, starts, ends, 31);
        assert_eq!(monthly.len(), 12);
        assert_eq!(monthly[11], ("Mar 2027".to_owned(), date("2027-03-28")));
    }

    #[test]
    fn clock_warnings() {
        let at = |text: &str| {
            DateTime::parse_from_rfc3339(text)
                .unwrap()
                .with_timezone(&Utc)
        };
        let server = Some(at("2026-06-15T09:00:00Z"));
        type Case = (&'static str, Option<DateTime<Utc>>, Option<ClockWarning>);
        let cases: &[Case] = &[
            ("2026-06-15T09:00:00Z", None, None),
            ("2026-06-15T09:00:00Z", server, None),
            ("2026-06-16T09:00:00Z", server, None),
            (
                "2026-06-16T10:00:00Z",
                server,
                Some(ClockWarning::Ahead { hours: 25 }),
            ),
            ("2026-06-14T09:00:00Z", server, None),
            (
                "2026-06-13T09:00:00Z",
                server,
                Some(ClockWarning::Behind { hours: 48 }),
            ),
        ];
        for (pc, server, expected) in cases {
            assert_eq!(clock_warning(at(pc), *server), *expected, "{pc}");
        }
    }
}
