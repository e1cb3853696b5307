//! The fee ledger's property test. Random sequences of admissions, payments (partial, chosen,
//! advance), concessions, cancellations, day closes, days passing (late fines grow, the
//! financial year turns), mid-year revisions of a structure and changes of class run against
//! a real campus database and, side by side, against the model below: plain vectors of
//! charges and receipts, written from the rules as the office states them, sharing no code
//! with the product. After every step every figure the product shows is compared with the
//! model's: each installment's amount, concession, outstanding and fine, the advance, the
//! balance (counter and ledger), the receipt's lines, number and balance after, the dues
//! report, the day-book, the Z-reports; and every issued money record is checked unchanged,
//! every receipt series gap-free.
//!
//! `CAMPUSDESK_FEES_CASES` sets the number of cases (default 32, so CI stays quick).

use std::collections::{BTreeMap, BTreeSet, HashMap};

use campusdesk_core::{Clock, Session};
use campusdesk_shared::ErrorCode;
use campusdesk_shared::fees::{
    ConcessionInput, ConcessionKind, DayBookQuery, FeeFrequency, FeeLineInput, FeeStructureInput,
    FineKind, FineRule, PaymentInput, PaymentMode, ReceiptLineKind,
};
use campusdesk_tests::{TestCampus, admission};
use chrono::{Datelike, Duration, NaiveDate};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};

const YEAR_START: (i32, u32, u32) = (2026, 4, 1);
const YEAR_END: (i32, u32, u32) = (2027, 3, 31);

fn ymd(date: (i32, u32, u32)) -> NaiveDate {
    NaiveDate::from_ymd_opt(date.0, date.1, date.2).unwrap()
}

#[derive(Debug, Clone)]
enum Op {
    Pay {
        student: usize,
        paise: i64,
        mode: usize,
        choose: Option<usize>,
    },
    Concession {
        student: usize,
        percent: bool,
        value: i64,
        tuition_only: bool,
    },
    Cancel {
        pick: usize,
    },
    Days(i64),
    CloseDay,
    Revise {
        class: usize,
        tuition_rupees: i64,
    },
    Move {
        student: usize,
    },
    Admit {
        class: usize,
    },
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        6 => (0..8usize, 1..4_000_000i64, 0..5usize, proptest::option::weighted(0.3, 0..12usize))
            .prop_map(|(student, paise, mode, choose)| Op::Pay { student, paise, mode, choose }),
        1 => (0..8usize, any::<bool>(), 1..10_000i64, any::<bool>()).prop_map(
            |(student, percent, value, tuition_only)| Op::Concession {
                student,
                percent,
                value: if percent { value } else { value * 20 },
                tuition_only,
            }
        ),
        2 => (0..64usize).prop_map(|pick| Op::Cancel { pick }),
        3 => (1..40i64).prop_map(Op::Days),
        1 => Just(Op::CloseDay),
        1 => (0..2usize, 5_000..15_000i64).prop_map(|(class, tuition_rupees)| Op::Revise { class, tuition_rupees }),
        1 => (0..8usize).prop_map(|student| Op::Move { student }),
        1 => (0..2usize).prop_map(|class| Op::Admit { class }),
    ]
}

/// A class's fees in the model: its versions (each revision adds one) of the tuition
/// amount; class V also has the exam fee, fixed.
struct ClassFees {
    tuition: Vec<i64>,
    product_ids: Vec<String>,
}

#[derive(Debug, Clone)]
struct MCharge {
    student: usize,
    class: usize,
    version: usize,
    label: String,
    tuition: bool,
    due: NaiveDate,
    amount: i64,
    voided: bool,
}

#[derive(Debug, Clone)]
struct MReceipt {
    student: usize,
    day: NaiveDate,
    series: String,
    number: i64,
    mode: PaymentMode,
    amount: i64,
    /// (is fine, charge index or None for advance, amount)
    lines: Vec<(Option<bool>, Option<usize>, i64)>,
    cancelled: bool,
    product_id: String,
}

struct MStudent {
    id: String,
    name: String,
    class: usize,
    admitted: NaiveDate,
}

struct Model {
    today: NaiveDate,
    students: Vec<MStudent>,
    fees: [ClassFees; 2],
    charges: Vec<MCharge>,
    receipts: Vec<MReceipt>,
    /// (student, basis points or paise, percent?, tuition only)
    concessions: Vec<(usize, i64, bool, bool)>,
    closed: BTreeSet<NaiveDate>,
}

/// The installments of a class as (label, tuition?, due), written out by hand for 2026-27.
fn schedule(class: usize) -> Vec<(String, bool, NaiveDate)> {
    let mut out = Vec::new();
    for (n, (y, m)) in [(2026, 4), (2026, 7), (2026, 10), (2027, 1)]
        .iter()
        .enumerate()
    {
        out.push((
            format!("Tuition · Quarter {}", n + 1),
            true,
            ymd((*y, *m, 10)),
        ));
    }
    if class == 0 {
        for (n, (y, m)) in [(2026, 4), (2026, 8), (2026, 12)].iter().enumerate() {
            out.push((format!("Exam · Term {}", n + 1), false, ymd((*y, *m, 10))));
        }
    }
    out
}

const EXAM: i64 = 150_000;

/// (charge index, net, outstanding, fine due) per live installment oldest first; the
/// advance; the balance.
type ModelAccount = (Vec<(usize, i64, i64, i64)>, i64, i64);

impl Model {
    fn fine(&self, charge: &MCharge) -> i64 {
        let days = (self.today - charge.due).num_days();
        if charge.class == 0 {
            // ₹10 a day after 5 days of grace, at most ₹500.
            if days > 5 {
                ((days - 5) * 1_000).min(50_000)
            } else {
                0
            }
        } else if days > 0 {
            20_000
        } else {
            0
        }
    }

    fn concession(&self, charge: &MCharge) -> i64 {
        let mut total = 0;
        for (student, value, percent, tuition_only) in &self.concessions {
            if *student != charge.student || (*tuition_only && !charge.tuition) {
                continue;
            }
            total += if *percent {
                let whole = charge.amount * value;
                whole / 10_000 + i64::from(whole % 10_000 >= 5_000)
            } else {
                *value
            };
        }
        total.min(charge.amount)
    }

    fn live_lines(&self, student: usize) -> Vec<(Option<bool>, Option<usize>, i64)> {
        self.receipts
            .iter()
            .filter(|r| r.student == student && !r.cancelled)
            .flat_map(|r| r.lines.iter().copied())
            .collect()
    }

    /// (charge index, net, outstanding, fine due) oldest first, advance, balance.
    fn account(&self, student: usize) -> ModelAccount {
        let lines = self.live_lines(student);
        let mut paid: HashMap<usize, i64> = HashMap::new();
        let mut fines: HashMap<usize, i64> = HashMap::new();
        let mut credit = 0;
        let mut payments = 0;
        for (fine, charge, amount) in lines {
            match (fine, charge) {
                (Some(true), Some(c)) => *fines.entry(c).or_default() += amount,
                (_, Some(c)) => {
                    *paid.entry(c).or_default() += amount;
                    payments += amount;
                }
                _ => {
                    credit += amount;
                    payments += amount;
                }
            }
        }
        let mut live: Vec<usize> = Vec::new();
        for (index, charge) in self.charges.iter().enumerate() {
            if charge.student != student {
                continue;
            }
            if charge.voided {
                credit += paid.get(&index).copied().unwrap_or(0);
            } else {
                live.push(index);
            }
        }
        live.sort_by_key(|i| (self.charges[*i].due, !self.charges[*i].tuition));
        let mut rows = Vec::new();
        let mut charged = 0;
        for index in live {
            let net = self.charges[index].amount - self.concession(&self.charges[index]);
            charged += net;
            let got = paid.get(&index).copied().unwrap_or(0);
            if got > net {
                credit += got - net;
            }
            rows.push((index, net, net - got.min(net), 0));
        }
        for row in &mut rows {
            let pour = credit.min(row.2);
            row.2 -= pour;
            credit -= pour;
            if row.2 > 0 {
                let fine =
                    self.fine(&self.charges[row.0]) - fines.get(&row.0).copied().unwrap_or(0);
                row.3 = fine.max(0);
            }
        }
        (rows, credit, charged - payments)
    }

    fn has_live(&self, student: usize, class: usize, version: usize, label: &str) -> bool {
        self.charges.iter().any(|c| {
            c.student == student
                && c.class == class
                && c.version == version
                && c.label == label
                && !c.voided
        })
    }

    /// Charges a student the class's current fees due on or after `from`.
    fn charge(&mut self, student: usize, class: usize, from: NaiveDate) {
        if self.today > ymd(YEAR_END) {
            return;
        }
        let version = self.fees[class].tuition.len() - 1;
        for (label, tuition, due) in schedule(class) {
            if due >= from && !self.has_live(student, class, version, &label) {
                let amount = if tuition {
                    self.fees[class].tuition[version]
                } else {
                    EXAM
                };
                self.charges.push(MCharge {
                    student,
                    class,
                    version,
                    label,
                    tuition,
                    due,
                    amount,
                    voided: false,
                });
            }
        }
    }

    fn series(&self) -> String {
        let first = if self.today.month() >= 4 {
            self.today.year()
        } else {
            self.today.year() - 1
        };
        format!("GVS-PC1-{:02}{:02}", first % 100, (first + 1) % 100)
    }
}

/// Every row of the money tables, to prove issued records never change.
fn money_rows(campus: &TestCampus) -> BTreeMap<String, String> {
    let conn = campus.office.connection();
    let mut rows = BTreeMap::new();
    for table in [
        "fee_structure",
        "fee_installment",
        "fee_charge",
        "fee_charge_void",
        "fee_concession",
        "fee_receipt",
        "fee_receipt_line",
        "fee_cancellation",
        "fee_receipt_print",
        "fee_day_close",
    ] {
        let mut stmt = conn.prepare(&format!("SELECT * FROM {table}")).unwrap();
        let columns = stmt.column_count();
        let found: Vec<(String, String)> = stmt
            .query_map([], |r| {
                let mut text = String::new();
                for i in 0..columns {
                    text.push_str(&format!("{:?}|", r.get_ref(i)?));
                }
                Ok((format!("{table}:{}", r.get::<_, String>(0)?), text))
            })
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        rows.extend(found);
    }
    rows
}

struct World {
    campus: TestCampus,
    accountant: Session,
    principal: Session,
    model: Model,
    classes: [(String, String); 2],
    heads: (String, String),
    year_id: String,
    seen_rows: BTreeMap<String, String>,
}

impl World {
    fn new() -> World {
        let mut campus = TestCampus::on("2026-04-01");
        let classes = [campus.class("V"), campus.class("VI")];
        let admin = campus.admin.clone();
        let year_id = campus.office.academic_years(&admin).unwrap()[0].id.clone();
        let tuition = campus.office.add_fee_head(&admin, "Tuition").unwrap();
        let exam = campus.office.add_fee_head(&admin, "Exam").unwrap();
        let accountant = campus.user("accountant");
        let principal = campus.user("principal");
        let fees = [
            ClassFees {
                tuition: Vec::new(),
                product_ids: Vec::new(),
            },
            ClassFees {
                tuition: Vec::new(),
                product_ids: Vec::new(),
            },
        ];
        let mut world = World {
            campus,
            accountant,
            principal,
            model: Model {
                today: ymd(YEAR_START),
                students: Vec::new(),
                fees,
                charges: Vec::new(),
                receipts: Vec::new(),
                concessions: Vec::new(),
                closed: BTreeSet::new(),
            },
            classes,
            heads: (tuition, exam),
            year_id,
            seen_rows: BTreeMap::new(),
        };
        for class in 0..2 {
            let input = world.structure_input(class, if class == 0 { 10_000 } else { 8_000 });
            let id = world
                .campus
                .office
                .create_fee_structure(&world.accountant, &input)
                .unwrap()
                .id;
            world.model.fees[class]
                .tuition
                .push(input.lines[0].amount_paise);
            world.model.fees[class].product_ids.push(id);
        }
        for class in [0, 0, 1] {
            world.admit(class);
        }
        world
    }

    fn structure_input(&self, class: usize, tuition_rupees: i64) -> FeeStructureInput {
        let mut lines = vec![FeeLineInput {
            head_id: self.heads.0.clone(),
            frequency: FeeFrequency::Quarterly,
            amount_paise: tuition_rupees * 100,
            due_day: 10,
        }];
        if class == 0 {
            lines.push(FeeLineInput {
                head_id: self.heads.1.clone(),
                frequency: FeeFrequency::Termly,
                amount_paise: EXAM,
                due_day: 10,
            });
        }
        FeeStructureInput {
            class_id: self.classes[class].0.clone(),
            academic_year_id: self.year_id.clone(),
            name: format!("Class {class}"),
            lines,
            fine: if class == 0 {
                FineRule {
                    kind: FineKind::PerDay,
                    amount_paise: 1_000,
                    grace_days: 5,
                    cap_paise: 50_000,
                }
            } else {
                FineRule {
                    kind: FineKind::Flat,
                    amount_paise: 20_000,
                    grace_days: 0,
                    cap_paise: 0,
                }
            },
        }
    }

    fn form(&self, index: usize, class: usize) -> campusdesk_shared::office::StudentInput {
        let last = format!("Kid{}", (b'A' + u8::try_from(index).unwrap()) as char);
        let mut form = admission(
            "Ravi",
            &last,
            &self.classes[class],
            &format!("98450{index:05}"),
        );
        form.admitted_on = self
            .model
            .students
            .get(index)
            .map_or(String::new(), |s| s.admitted.format("%d/%m/%Y").to_string());
        form
    }

    fn admit(&mut self, class: usize) {
        let index = self.model.students.len();
        let form = self.form(index, class);
        let id = self.campus.office.admit(&self.campus.admin, &form).unwrap();
        let today = self.model.today;
        self.model.students.push(MStudent {
            id,
            name: format!("Ravi {}", form.last_name),
            class,
            admitted: today,
        });
        let from = today.with_day(1).unwrap().max(ymd(YEAR_START));
        self.model.charge(index, class, from);
    }

    fn step(&mut self, op: &Op) {
        let m = &mut self.model;
        match op {
            Op::Days(days) => {
                m.today += Duration::days(*days);
                self.campus
                    .clock
                    .set(m.today.and_hms_opt(9, 30, 0).unwrap().and_utc());
            }
            Op::Admit { class } => {
                if self.model.students.len() < 8 {
                    self.admit(*class);
                }
            }
            Op::Move { student } => {
                let Some(s) = m.students.get(*student) else {
                    return;
                };
                let (old, new) = (s.class, 1 - s.class);
                let form = self.form(*student, new);
                self.campus
                    .office
                    .update_student(
                        &self.campus.admin,
                        &self.model.students[*student].id.clone(),
                        &form,
                    )
                    .unwrap();
                let m = &mut self.model;
                let today = m.today;
                for c in m.charges.iter_mut() {
                    if c.student == *student && c.class == old && !c.voided && c.due > today {
                        c.voided = true;
                    }
                }
                m.students[*student].class = new;
                m.charge(*student, new, today + Duration::days(1));
            }
            Op::Revise {
                class,
                tuition_rupees,
            } => {
                let input = self.structure_input(*class, *tuition_rupees);
                let m = &mut self.model;
                let old_id = m.fees[*class].product_ids.last().unwrap().clone();
                let today = m.today;
                let result = self.campus.office.revise_fee_structure(
                    &self.accountant,
                    &old_id,
                    &input,
                    &today.format("%d/%m/%Y").to_string(),
                );
                if today > ymd(YEAR_END) {
                    assert_eq!(result.unwrap_err().code(), ErrorCode::Invalid);
                    return;
                }
                let id = result.unwrap().id;
                let m = &mut self.model;
                let old_version = m.fees[*class].tuition.len() - 1;
                m.fees[*class].tuition.push(tuition_rupees * 100);
                m.fees[*class].product_ids.push(id);
                let members: Vec<usize> = (0..m.students.len())
                    .filter(|s| m.students[*s].class == *class)
                    .collect();
                for student in members {
                    for c in m.charges.iter_mut() {
                        if c.student == student
                            && c.class == *class
                            && c.version == old_version
                            && !c.voided
                            && c.due >= today
                        {
                            c.voided = true;
                        }
                    }
                    let from = m.students[student]
                        .admitted
                        .with_day(1)
                        .unwrap()
                        .max(ymd(YEAR_START))
                        .max(today);
                    m.charge(student, *class, from);
                }
            }
            Op::Concession {
                student,
                percent,
                value,
                tuition_only,
            } => {
                let Some(s) = m.students.get(*student) else {
                    return;
                };
                self.campus
                    .office
                    .grant_concession(
                        &self.accountant,
                        &ConcessionInput {
                            student_id: Some(s.id.clone()),
                            category: None,
                            head_id: tuition_only.then(|| self.heads.0.clone()),
                            kind: if *percent {
                                ConcessionKind::Percent
                            } else {
                                ConcessionKind::Fixed
                            },
                            value: *value,
                            reason: "Property".into(),
                        },
                    )
                    .unwrap();
                self.model
                    .concessions
                    .push((*student, *value, *percent, *tuition_only));
            }
            Op::CloseDay => {
                let result = self.campus.office.close_day(&self.accountant, "");
                if m.closed.contains(&m.today) {
                    assert_eq!(result.unwrap_err().code(), ErrorCode::DayClosed);
                } else {
                    result.unwrap();
                    m.closed.insert(m.today);
                }
            }
            Op::Cancel { pick } => {
                let live: Vec<usize> = (0..m.receipts.len())
                    .filter(|r| !m.receipts[*r].cancelled)
                    .collect();
                if live.is_empty() {
                    return;
                }
                let index = live[pick % live.len()];
                let result = self.campus.office.cancel_receipt(
                    &self.principal,
                    &m.receipts[index].product_id,
                    "Property",
                );
                if m.closed.contains(&m.receipts[index].day) {
                    assert_eq!(result.unwrap_err().code(), ErrorCode::DayClosed);
                } else {
                    assert!(result.unwrap().cancellation.is_some());
                    m.receipts[index].cancelled = true;
                }
            }
            Op::Pay {
                student,
                paise,
                mode,
                choose,
            } => {
                let Some(s) = m.students.get(*student) else {
                    return;
                };
                let mode = PaymentMode::ALL[*mode];
                let (rows, _, balance) = m.account(*student);
                let chosen: Option<usize> = choose.and_then(|c| {
                    let open: Vec<usize> = (0..rows.len())
                        .filter(|r| rows[*r].2 + rows[*r].3 > 0)
                        .collect();
                    (!open.is_empty()).then(|| open[c % open.len()])
                });
                let product_dues = self
                    .campus
                    .office
                    .student_dues(&self.accountant, &s.id)
                    .unwrap();
                let allocate_to = chosen
                    .map(|r| {
                        let charge = &m.charges[rows[r].0];
                        product_dues
                            .installments
                            .iter()
                            .find(|i| i.label == charge.label && i.due_on == charge.due.to_string())
                            .unwrap()
                            .charge_id
                            .clone()
                    })
                    .into_iter()
                    .collect();
                let result = self.campus.office.collect_payment(
                    &self.accountant,
                    &PaymentInput {
                        student_id: s.id.clone(),
                        amount_paise: *paise,
                        mode,
                        reference: if mode == PaymentMode::Cash {
                            String::new()
                        } else {
                            "REF-1".into()
                        },
                        allocate_to,
                    },
                );
                if m.closed.contains(&m.today) {
                    assert_eq!(result.unwrap_err().code(), ErrorCode::DayClosed);
                    return;
                }
                let receipt = result.unwrap();
                // The model's own spreading: the chosen one, then oldest first; fine, then dues.
                let mut order: Vec<usize> = chosen.into_iter().collect();
                order.extend((0..rows.len()).filter(|r| Some(*r) != chosen));
                let mut left = *paise;
                let mut lines = Vec::new();
                for r in order {
                    let (charge, _, owed, fine) = rows[r];
                    for (is_fine, due) in [(true, fine), (false, owed)] {
                        let take = left.min(due);
                        if take > 0 {
                            lines.push((Some(is_fine), Some(charge), take));
                            left -= take;
                        }
                    }
                }
                if left > 0 {
                    lines.push((None, None, left));
                }
                let shown: Vec<(ReceiptLineKind, String, i64)> = lines
                    .iter()
                    .map(|(fine, charge, amount)| match (fine, charge) {
                        (Some(true), Some(c)) => (
                            ReceiptLineKind::Fine,
                            format!("Late fine · {}", m.charges[*c].label),
                            *amount,
                        ),
                        (_, Some(c)) => (
                            ReceiptLineKind::Installment,
                            m.charges[*c].label.clone(),
                            *amount,
                        ),
                        _ => (
                            ReceiptLineKind::Advance,
                            "Advance (credit carried forward)".to_owned(),
                            *amount,
                        ),
                    })
                    .collect();
                let got: Vec<(ReceiptLineKind, String, i64)> = receipt
                    .lines
                    .iter()
                    .map(|l| (l.kind, l.label.clone(), l.amount_paise))
                    .collect();
                assert_eq!(got, shown, "receipt lines");
                let series = m.series();
                let number = m.receipts.iter().filter(|r| r.series == series).count() as i64 + 1;
                assert_eq!(receipt.receipt_no, format!("{series}-{number:06}"));
                let non_fine: i64 = lines
                    .iter()
                    .filter(|l| l.0 != Some(true))
                    .map(|l| l.2)
                    .sum();
                assert_eq!(
                    receipt.balance_after_paise,
                    balance - non_fine,
                    "balance after"
                );
                m.receipts.push(MReceipt {
                    student: *student,
                    day: m.today,
                    series,
                    number,
                    mode,
                    amount: *paise,
                    lines,
                    cancelled: false,
                    product_id: receipt.id,
                });
            }
        }
    }

    /// Every figure the product shows, against the model.
    fn compare(&mut self) {
        let office = &self.campus.office;
        let m = &self.model;
        assert_eq!(Clock::now(self.campus.clock.as_ref()).date_naive(), m.today);
        let mut expected_dues = Vec::new();
        for (index, student) in m.students.iter().enumerate() {
            let (rows, advance, balance) = m.account(index);
            let dues = office.student_dues(&self.accountant, &student.id).unwrap();
            let want: Vec<(String, String, i64, i64, i64, i64)> = rows
                .iter()
                .map(|(c, net, owed, fine)| {
                    let charge = &m.charges[*c];
                    (
                        charge.label.clone(),
                        charge.due.to_string(),
                        charge.amount,
                        charge.amount - net,
                        *owed,
                        *fine,
                    )
                })
                .collect();
            let got: Vec<(String, String, i64, i64, i64, i64)> = dues
                .installments
                .iter()
                .map(|i| {
                    (
                        i.label.clone(),
                        i.due_on.clone(),
                        i.amount_paise,
                        i.concession_paise,
                        i.outstanding_paise,
                        i.fine_due_paise,
                    )
                })
                .collect();
            assert_eq!(got, want, "installments of student {index}");
            assert_eq!(
                (dues.advance_paise, dues.balance_paise),
                (advance, balance),
                "student {index}"
            );
            let ledger = office
                .student_ledger(&self.accountant, &student.id)
                .unwrap();
            assert_eq!(ledger.balance_paise, balance, "ledger of student {index}");
            assert_eq!(ledger.lines.last().map_or(0, |l| l.balance_paise), balance);
            let due_now: i64 = rows
                .iter()
                .filter(|r| m.charges[r.0].due <= m.today)
                .map(|r| r.2)
                .sum();
            if due_now > 0 {
                let oldest = rows
                    .iter()
                    .find(|r| r.2 > 0 && m.charges[r.0].due <= m.today)
                    .unwrap();
                let fine: i64 = rows.iter().map(|r| r.3).sum();
                expected_dues.push((
                    student.name.clone(),
                    due_now,
                    fine,
                    (m.today - m.charges[oldest.0].due).num_days(),
                ));
            }
        }
        let report = office.dues_report(&self.accountant, None, "").unwrap();
        let mut got: Vec<(String, i64, i64, i64)> = report
            .rows
            .iter()
            .map(|r| {
                (
                    r.student_name.clone(),
                    r.due_paise,
                    r.fine_paise,
                    r.days_overdue,
                )
            })
            .collect();
        got.sort();
        expected_dues.sort();
        assert_eq!(got, expected_dues, "dues report");

        let book = office
            .day_book(
                &self.accountant,
                &DayBookQuery {
                    from: "01/04/2026".into(),
                    to: m.today.format("%d/%m/%Y").to_string(),
                    ..Default::default()
                },
            )
            .unwrap();
        let live = |r: &&MReceipt| !r.cancelled;
        assert_eq!(book.rows.len(), m.receipts.len());
        assert_eq!(
            book.total_paise,
            m.receipts
                .iter()
                .filter(live)
                .map(|r| r.amount)
                .sum::<i64>()
        );
        assert_eq!(
            book.cancelled_paise,
            m.receipts
                .iter()
                .filter(|r| r.cancelled)
                .map(|r| r.amount)
                .sum::<i64>()
        );
        for total in &book.by_mode {
            let want: i64 = m
                .receipts
                .iter()
                .filter(live)
                .filter(|r| r.mode == total.mode)
                .map(|r| r.amount)
                .sum();
            assert_eq!(total.amount_paise, want, "day-book {:?}", total.mode);
        }
        let days: BTreeSet<NaiveDate> = m.receipts.iter().map(|r| r.day).collect();
        for day in days {
            let z = office
                .z_report(&self.accountant, &day.format("%d/%m/%Y").to_string())
                .unwrap();
            let of_day: Vec<&MReceipt> = m.receipts.iter().filter(|r| r.day == day).collect();
            assert_eq!(z.issued_count as usize, of_day.len());
            assert_eq!(
                z.cancelled_count as usize,
                of_day.iter().filter(|r| r.cancelled).count()
            );
            assert_eq!(
                z.net_paise,
                of_day
                    .iter()
                    .filter(|r| !r.cancelled)
                    .map(|r| r.amount)
                    .sum::<i64>()
            );
            let numbers: Vec<String> = of_day
                .iter()
                .map(|r| format!("{}-{:06}", r.series, r.number))
                .collect();
            assert_eq!(z.first_receipt_no, *numbers.iter().min().unwrap());
            assert_eq!(z.last_receipt_no, *numbers.iter().max().unwrap());
            assert_eq!(z.closed_by.is_some(), m.closed.contains(&day));
        }
        // Receipt numbers: unique, and 1..n in every series.
        let mut series: BTreeMap<String, Vec<i64>> = BTreeMap::new();
        let mut stmt = office
            .connection()
            .prepare("SELECT series, number FROM fee_receipt ORDER BY series, number")
            .unwrap();
        for row in stmt
            .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))
            .unwrap()
        {
            let (name, number) = row.unwrap();
            series.entry(name).or_default().push(number);
        }
        for (name, numbers) in series {
            assert_eq!(
                numbers,
                (1..=numbers.len() as i64).collect::<Vec<_>>(),
                "series {name}"
            );
        }
        // Issued records never change.
        let now = money_rows(&self.campus);
        for (key, row) in &self.seen_rows {
            assert_eq!(now.get(key), Some(row), "{key} changed or vanished");
        }
        self.seen_rows = now;
    }
}

pub fn run() {
    let cases = std::env::var("CAMPUSDESK_FEES_CASES")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(32);
    let mut runner = TestRunner::new(Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    });
    runner
        .run(&proptest::collection::vec(op(), 1..28), |ops| {
            let mut world = World::new();
            world.compare();
            for op in &ops {
                world.step(op);
                world.compare();
            }
            Ok(())
        })
        .unwrap();
}
