//! Fee types: heads and structures, concessions, the counter's view of a student's dues and
//! ledger, payments and their receipts, and the fee reports (dues and defaulters, the
//! collection day-book, the cashier's Z-report). Money is always integer paise (`i64`); dates
//! are ISO `yyyy-mm-dd`; instants are RFC 3339 strings.

use serde::{Deserialize, Serialize};

/// How often a head is charged over an academic year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FeeFrequency {
    /// Twelve installments, one a month from the year's first month.
    Monthly,
    /// Four installments, every three months.
    Quarterly,
    /// Three installments, every four months.
    Termly,
    /// One installment at the start of the year.
    OneTime,
}

impl FeeFrequency {
    pub const ALL: [FeeFrequency; 4] =
        [Self::Monthly, Self::Quarterly, Self::Termly, Self::OneTime];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Monthly => "monthly",
            Self::Quarterly => "quarterly",
            Self::Termly => "termly",
            Self::OneTime => "one_time",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|f| f.as_str() == text)
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Monthly => "Monthly",
            Self::Quarterly => "Quarterly",
            Self::Termly => "Termly",
            Self::OneTime => "One-time",
        }
    }
}

/// How a fee was paid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PaymentMode {
    Cash,
    Cheque,
    BankTransfer,
    Upi,
    Card,
}

impl PaymentMode {
    pub const ALL: [PaymentMode; 5] = [
        Self::Cash,
        Self::Cheque,
        Self::BankTransfer,
        Self::Upi,
        Self::Card,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Cash => "cash",
            Self::Cheque => "cheque",
            Self::BankTransfer => "bank_transfer",
            Self::Upi => "upi",
            Self::Card => "card",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|mode| mode.as_str() == text)
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Cash => "Cash",
            Self::Cheque => "Cheque",
            Self::BankTransfer => "Bank transfer",
            Self::Upi => "UPI",
            Self::Card => "Card",
        }
    }

    /// Every mode but cash needs a reference (cheque number, UTR, card slip).
    pub fn needs_reference(self) -> bool {
        self != Self::Cash
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum FineKind {
    #[default]
    None,
    /// `amount_paise` once, after the due date and the grace days.
    Flat,
    /// `amount_paise` for every day late after the grace days, up to `cap_paise` (0: no cap).
    PerDay,
}

impl FineKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::None => "none",
            Self::Flat => "flat",
            Self::PerDay => "per_day",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "none" => Some(Self::None),
            "flat" => Some(Self::Flat),
            "per_day" => Some(Self::PerDay),
            _ => None,
        }
    }
}

/// A late-fine rule of a fee structure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct FineRule {
    pub kind: FineKind,
    pub amount_paise: i64,
    pub grace_days: u32,
    /// The most one installment's fine can reach; 0 for no cap.
    pub cap_paise: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeeHead {
    pub id: String,
    pub name: String,
}

/// One head of a structure as the set-up form enters it: `amount_paise` per installment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeeLineInput {
    pub head_id: String,
    pub frequency: FeeFrequency,
    pub amount_paise: i64,
    /// Day of the month each installment falls due (1..=28).
    pub due_day: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeeStructureInput {
    pub class_id: String,
    pub academic_year_id: String,
    pub name: String,
    pub lines: Vec<FeeLineInput>,
    pub fine: FineRule,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Installment {
    pub id: String,
    pub head_id: String,
    pub head_name: String,
    pub label: String,
    pub due_on: String,
    pub amount_paise: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeeStructure {
    pub id: String,
    pub class_id: String,
    pub class_name: String,
    pub academic_year_id: String,
    pub name: String,
    pub fine: FineRule,
    /// The structure this one revised, and from when it applies.
    pub supersedes_id: Option<String>,
    pub effective_from: String,
    /// Set when a later revision replaced it.
    pub superseded_by: Option<String>,
    pub installments: Vec<Installment>,
    /// How many students it was charged to when it was set up (or revised).
    pub students_charged: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ConcessionKind {
    /// `value` in basis points: 1000 is 10%.
    Percent,
    /// `value` in paise off each matching installment.
    Fixed,
}

impl ConcessionKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Percent => "percent",
            Self::Fixed => "fixed",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "percent" => Some(Self::Percent),
            "fixed" => Some(Self::Fixed),
            _ => None,
        }
    }
}

/// A concession for one student (`student_id`) or a category of students (`category`, e.g.
/// "Staff ward"), on one head or on every head (`head_id` None).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConcessionInput {
    pub student_id: Option<String>,
    pub category: Option<String>,
    pub head_id: Option<String>,
    pub kind: ConcessionKind,
    pub value: i64,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Concession {
    pub id: String,
    pub student_id: Option<String>,
    pub category: String,
    pub head_id: Option<String>,
    pub head_name: String,
    pub kind: ConcessionKind,
    pub value: i64,
    pub reason: String,
    pub granted_by: String,
    pub granted_on: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InstallmentStatus {
    /// Not yet due and not paid.
    Upcoming,
    /// Due (or overdue) and not fully paid.
    Due,
    Paid,
}

/// One installment on the counter's screen: what it was, what is off, paid and still owed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InstallmentDue {
    pub charge_id: String,
    pub head_name: String,
    pub label: String,
    pub due_on: String,
    pub amount_paise: i64,
    pub concession_paise: i64,
    pub paid_paise: i64,
    pub outstanding_paise: i64,
    /// The late fine that collecting it today would add (fines already paid excluded).
    pub fine_due_paise: i64,
    /// Days past the due date while something is outstanding; 0 otherwise.
    pub days_overdue: i64,
    pub status: InstallmentStatus,
}

/// The counter's view of a student: every live installment and what the student owes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StudentDues {
    pub student_id: String,
    pub student_name: String,
    pub admission_no: String,
    pub class_name: String,
    pub guardian_name: String,
    pub as_of: String,
    pub installments: Vec<InstallmentDue>,
    /// Outstanding on installments due on or before `as_of`.
    pub due_now_paise: i64,
    pub fine_due_paise: i64,
    /// Outstanding on every installment, due or not.
    pub outstanding_paise: i64,
    /// Paid in advance beyond every installment, carried forward.
    pub advance_paise: i64,
    /// The ledger's balance: charges less concessions less payments (negative: in credit).
    pub balance_paise: i64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LedgerKind {
    Charge,
    ChargeWithdrawn,
    Concession,
    Fine,
    Payment,
    Cancellation,
}

/// One line of a student's ledger; `balance_paise` is the running balance after it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LedgerLine {
    pub date: String,
    pub kind: LedgerKind,
    pub description: String,
    pub receipt_no: String,
    pub debit_paise: i64,
    pub credit_paise: i64,
    pub balance_paise: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StudentLedger {
    pub student_id: String,
    pub student_name: String,
    pub admission_no: String,
    pub lines: Vec<LedgerLine>,
    pub balance_paise: i64,
}

/// A payment at the counter. `allocate_to` lists charge ids to pay first, in order; the rest
/// of the amount goes to the oldest dues, and what is left after every installment is kept
/// as advance.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaymentInput {
    pub student_id: String,
    pub amount_paise: i64,
    pub mode: PaymentMode,
    /// Cheque number and bank, UTR, UPI transaction id, card slip number.
    pub reference: String,
    #[serde(default)]
    pub allocate_to: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReceiptLineKind {
    Installment,
    Fine,
    Advance,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReceiptLine {
    pub kind: ReceiptLineKind,
    pub charge_id: Option<String>,
    pub label: String,
    pub amount_paise: i64,
    /// For an installment: its amount before concession, and the concession on it.
    pub installment_paise: i64,
    pub concession_paise: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReceiptCancellation {
    pub reason: String,
    pub cancelled_by: String,
    pub cancelled_at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Receipt {
    pub id: String,
    /// e.g. `GIS-PC2-2526-000123`.
    pub receipt_no: String,
    pub series: String,
    pub number: i64,
    pub device_code: String,
    pub school_name: String,
    pub campus_address: String,
    pub issued_at: String,
    /// As printed: `dd/mm/yyyy` and `HH:MM`, the PC's local time.
    pub date: String,
    pub time: String,
    pub student_id: String,
    pub student_name: String,
    pub admission_no: String,
    pub class_name: String,
    pub guardian_name: String,
    pub lines: Vec<ReceiptLine>,
    pub concession_paise: i64,
    pub fine_paise: i64,
    pub total_paise: i64,
    pub amount_in_words: String,
    pub mode: PaymentMode,
    pub reference: String,
    pub cashier: String,
    /// What the student still owed once this receipt was issued (receipts after it excluded).
    pub balance_after_paise: i64,
    pub cancellation: Option<ReceiptCancellation>,
    /// How many times it was printed so far.
    pub prints: u32,
}

/// Paper for a receipt.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReceiptLayout {
    A5,
    /// An 80 mm thermal roll.
    Thermal80,
}

impl ReceiptLayout {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::A5 => "a5",
            Self::Thermal80 => "thermal80",
        }
    }
}

/// Why the counter should check the PC's date before dating a receipt.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ClockWarning {
    /// The PC's clock is this many whole hours behind the last server time it heard.
    Behind { hours: i64 },
    /// The PC's clock is this many whole hours ahead of the last server time it heard.
    Ahead { hours: i64 },
}

/// One student in the dues report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DuesRow {
    pub student_id: String,
    pub admission_no: String,
    pub student_name: String,
    pub class_name: String,
    pub guardian_phone: String,
    pub due_paise: i64,
    pub fine_paise: i64,
    /// Days since the oldest installment still outstanding fell due.
    pub days_overdue: i64,
    pub oldest_due_on: String,
    pub balance_paise: i64,
}

/// Students with something due on `as_of` (defaulters: `days_overdue > 0`), by class.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DuesReport {
    pub as_of: String,
    pub class_id: Option<String>,
    pub rows: Vec<DuesRow>,
    pub due_paise: i64,
    pub fine_paise: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DayBookRow {
    pub receipt_id: String,
    pub receipt_no: String,
    pub date: String,
    pub time: String,
    pub student_name: String,
    pub admission_no: String,
    pub class_name: String,
    pub mode: PaymentMode,
    pub reference: String,
    pub cashier: String,
    pub amount_paise: i64,
    pub cancelled: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ModeTotal {
    pub mode: PaymentMode,
    pub receipts: u32,
    pub amount_paise: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CashierTotal {
    pub cashier: String,
    pub receipts: u32,
    pub amount_paise: i64,
}

/// The collection day-book: receipts between two dates (cancelled ones shown, not counted).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DayBook {
    pub from: String,
    pub to: String,
    pub rows: Vec<DayBookRow>,
    pub by_mode: Vec<ModeTotal>,
    pub by_cashier: Vec<CashierTotal>,
    pub total_paise: i64,
    pub cancelled_paise: i64,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DayBookQuery {
    /// `dd/mm/yyyy` or ISO; empty: today.
    pub from: String,
    pub to: String,
    pub mode: Option<PaymentMode>,
    /// A cashier's user id.
    pub cashier_id: Option<String>,
}

/// A cashier's day on one PC: what the day's receipts add up to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ZReport {
    pub device_code: String,
    pub date: String,
    pub by_mode: Vec<ModeTotal>,
    pub issued_count: u32,
    pub cancelled_count: u32,
    pub cancelled_paise: i64,
    /// Live receipts' total.
    pub net_paise: i64,
    pub first_receipt_no: String,
    pub last_receipt_no: String,
    /// Set once the day was closed.
    pub closed_by: Option<String>,
    pub closed_at: Option<String>,
}

/// Which fee report to write as a file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "report", rename_all = "snake_case")]
pub enum FeeReportRequest {
    Dues {
        class_id: Option<String>,
        as_of: String,
    },
    DayBook(DayBookQuery),
    ZReport {
        date: String,
    },
}
