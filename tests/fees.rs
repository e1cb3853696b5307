//! Fees on real campus databases: set-up and charging, payments spread over installments,
//! advances, concessions, late fines, cancellations, the day close, receipt numbering, the
//! store's refusal to change money records, receipts as PDFs (read back with pdftotext and
//! rendered with pdftoppm into target/receipts/), the reports, and a property test that runs
//! random sequences of all of it against an independent model of the ledger.

// The helpers here are test code too: a failed unwrap is a failed test, with its line.
#![allow(clippy::unwrap_used)]

use std::path::PathBuf;
use std::process::Command;

use campusdesk_core::{CoreError, Office, Session};
use campusdesk_shared::ErrorCode;
use campusdesk_shared::attendance::ReportFormat;
use campusdesk_shared::fees::{
    ClockWarning, ConcessionInput, ConcessionKind, DayBookQuery, FeeFrequency, FeeLineInput,
    FeeReportRequest, FeeStructureInput, FineKind, FineRule, PaymentInput, PaymentMode, Receipt,
    ReceiptLayout, ReceiptLineKind, StudentDues,
};
use campusdesk_tests::{TestCampus, admission};
use chrono::{Duration, NaiveDate};
use expect_test::expect;

/// A campus on `today` with fee heads, class V's structure (tuition quarterly ₹10,000 on the
/// 10th, exam termly ₹1,500, admission one-time ₹5,000; late fine ₹10 a day after 5 days,
/// at most ₹500) and students in class V.
struct School {
    campus: TestCampus,
    class_v: (String, String),
    class_vi: (String, String),
    year_id: String,
    tuition: String,
    exam: String,
    #[allow(dead_code)]
    admission_fee: String,
    structure_v: String,
    accountant: Session,
    principal: Session,
    desk: Session,
}

fn line(head: &str, frequency: FeeFrequency, rupees: i64) -> FeeLineInput {
    FeeLineInput {
        head_id: head.into(),
        frequency,
        amount_paise: rupees * 100,
        due_day: 10,
    }
}

fn daily_fine() -> FineRule {
    FineRule {
        kind: FineKind::PerDay,
        amount_paise: 1_000,
        grace_days: 5,
        cap_paise: 50_000,
    }
}

fn school(today: &str) -> School {
    let mut campus = TestCampus::on(today);
    let class_v = campus.class("V");
    let class_vi = campus.class("VI");
    let year_id = campus
        .office
        .academic_years(&campus.admin)
        .unwrap()
        .into_iter()
        .find(|y| y.is_current)
        .unwrap()
        .id;
    let admin = campus.admin.clone();
    let office = &mut campus.office;
    let tuition = office.add_fee_head(&admin, "Tuition").unwrap();
    let exam = office.add_fee_head(&admin, "Exam").unwrap();
    let admission_fee = office.add_fee_head(&admin, "Admission").unwrap();
    let structure_v = office
        .create_fee_structure(
            &admin,
            &FeeStructureInput {
                class_id: class_v.0.clone(),
                academic_year_id: year_id.clone(),
                name: "Class V 2026-27".into(),
                lines: vec![
                    line(&tuition, FeeFrequency::Quarterly, 10_000),
                    line(&exam, FeeFrequency::Termly, 1_500),
                    line(&admission_fee, FeeFrequency::OneTime, 5_000),
                ],
                fine: daily_fine(),
            },
        )
        .unwrap()
        .id;
    let accountant = campus.user("accountant");
    let principal = campus.user("principal");
    let desk = campus.user("receptionist");
    School {
        campus,
        class_v,
        class_vi,
        year_id,
        tuition,
        exam,
        admission_fee,
        structure_v,
        accountant,
        principal,
        desk,
    }
}

impl School {
    fn admit(
        &mut self,
        first: &str,
        last: &str,
        class: &(String, String),
        phone: &str,
        on: &str,
    ) -> String {
        let mut form = admission(first, last, class, phone);
        form.admitted_on = on.into();
        self.campus.office.admit(&self.campus.admin, &form).unwrap()
    }

    fn pay(&mut self, student: &str, rupees: i64, mode: PaymentMode) -> Result<Receipt, CoreError> {
        self.campus.office.collect_payment(
            &self.accountant,
            &PaymentInput {
                student_id: student.into(),
                amount_paise: rupees * 100,
                mode,
                reference: if mode == PaymentMode::Cash {
                    String::new()
                } else {
                    "UTR 8841".into()
                },
                allocate_to: Vec::new(),
            },
        )
    }

    fn dues(&self, student: &str) -> StudentDues {
        self.campus
            .office
            .student_dues(&self.accountant, student)
            .unwrap()
    }

    fn go_to(&self, date: &str) {
        let day = NaiveDate::parse_from_str(date, "%Y-%m-%d").unwrap();
        self.campus
            .clock
            .set(day.and_hms_opt(9, 30, 0).unwrap().and_utc());
    }
}

/// A student's installments as `label due amount-concession outstanding fine`, one a line.
fn show_dues(dues: &StudentDues) -> String {
    let mut out = String::new();
    for i in &dues.installments {
        out.push_str(&format!(
            "{} {} {}-{} owes {} fine {}\n",
            i.label,
            i.due_on,
            i.amount_paise,
            i.concession_paise,
            i.outstanding_paise,
            i.fine_due_paise
        ));
    }
    out.push_str(&format!(
        "due now {} outstanding {} advance {} balance {}\n",
        dues.due_now_paise, dues.outstanding_paise, dues.advance_paise, dues.balance_paise
    ));
    out
}

fn show_lines(receipt: &Receipt) -> Vec<(ReceiptLineKind, String, i64)> {
    receipt
        .lines
        .iter()
        .map(|l| (l.kind, l.label.clone(), l.amount_paise))
        .collect()
}

#[test]
fn a_structure_charges_the_class_and_every_later_admission() {
    let mut s = school("2026-04-01");
    // Admitted before the structure's first month ends and in August (after set-up).
    let asha = s.admit(
        "Asha",
        "Rao",
        &s.class_v.clone(),
        "9845000001",
        "01/04/2026",
    );
    s.go_to("2026-08-20");
    let ravi = s.admit("Ravi", "Das", &s.class_v.clone(), "9845000002", "");
    let other = s.admit("Nikhil", "Bose", &s.class_vi.clone(), "9845000003", "");
    expect![[r#"
        Tuition · Quarter 1 2026-04-10 1000000-0 owes 1000000 fine 50000
        Exam · Term 1 2026-04-10 150000-0 owes 150000 fine 50000
        Admission · One-time 2026-04-10 500000-0 owes 500000 fine 50000
        Tuition · Quarter 2 2026-07-10 1000000-0 owes 1000000 fine 36000
        Exam · Term 2 2026-08-10 150000-0 owes 150000 fine 5000
        Tuition · Quarter 3 2026-10-10 1000000-0 owes 1000000 fine 0
        Exam · Term 3 2026-12-10 150000-0 owes 150000 fine 0
        Tuition · Quarter 4 2027-01-10 1000000-0 owes 1000000 fine 0
        due now 2800000 outstanding 4950000 advance 0 balance 4950000
    "#]]
    .assert_eq(&show_dues(&s.dues(&asha)));
    // Ravi joined in August: installments from August on, and the one-time admission fee.
    expect![[r#"
        Admission · One-time 2026-04-10 500000-0 owes 500000 fine 50000
        Exam · Term 2 2026-08-10 150000-0 owes 150000 fine 5000
        Tuition · Quarter 3 2026-10-10 1000000-0 owes 1000000 fine 0
        Exam · Term 3 2026-12-10 150000-0 owes 150000 fine 0
        Tuition · Quarter 4 2027-01-10 1000000-0 owes 1000000 fine 0
        due now 650000 outstanding 2800000 advance 0 balance 2800000
    "#]]
    .assert_eq(&show_dues(&s.dues(&ravi)));
    assert!(
        s.dues(&other).installments.is_empty(),
        "class VI has no fees set up"
    );
    let structures = s
        .campus
        .office
        .fee_structures(&s.desk, Some(&s.class_v.0))
        .unwrap();
    assert_eq!(structures.len(), 1);
    assert_eq!(structures[0].installments.len(), 8);
    assert_eq!(structures[0].students_charged, 2);
    // A bad form names its fields.
    let error = s
        .campus
        .office
        .create_fee_structure(
            &s.accountant,
            &FeeStructureInput {
                class_id: "nope".into(),
                academic_year_id: s.year_id.clone(),
                name: String::new(),
                lines: vec![FeeLineInput {
                    due_day: 30,
                    amount_paise: 0,
                    ..line(&s.tuition, FeeFrequency::Monthly, 0)
                }],
                fine: FineRule::default(),
            },
        )
        .unwrap_err();
    let fields: Vec<String> = error.to_api().fields.into_iter().map(|f| f.field).collect();
    assert_eq!(
        fields,
        [
            "name",
            "class_id",
            "lines.0.amount_paise",
            "lines.0.due_day"
        ]
    );
}

#[test]
fn payments_are_spread_oldest_first_or_as_chosen_with_fines_first() {
    // (day, rupees, chosen installment labels, receipt lines, balance after)
    type Case = (
        &'static str,
        i64,
        &'static [&'static str],
        &'static [(&'static str, i64)],
        i64,
    );
    let cases: &[Case] = &[
        // Early: nothing late yet; oldest first, heads in the structure's order.
        (
            "2026-04-05",
            12_000,
            &[],
            &[
                ("Tuition · Quarter 1", 10_000),
                ("Exam · Term 1", 1_500),
                ("Admission · One-time", 500),
            ],
            37_500,
        ),
        // Late by 10 days (5 past grace): ₹50 fine on each overdue installment, paid first.
        (
            "2026-04-20",
            10_050,
            &[],
            &[
                ("Late fine · Tuition · Quarter 1", 50),
                ("Tuition · Quarter 1", 10_000),
            ],
            39_500,
        ),
        // Chosen installment first (the exam fee), then the oldest.
        (
            "2026-04-05",
            2_000,
            &["Exam · Term 1"],
            &[("Exam · Term 1", 1_500), ("Tuition · Quarter 1", 500)],
            47_500,
        ),
        // More than everything: the rest is an advance.
        (
            "2026-04-05",
            50_000,
            &[],
            &[
                ("Tuition · Quarter 1", 10_000),
                ("Exam · Term 1", 1_500),
                ("Admission · One-time", 5_000),
                ("Tuition · Quarter 2", 10_000),
                ("Exam · Term 2", 1_500),
                ("Tuition · Quarter 3", 10_000),
                ("Exam · Term 3", 1_500),
                ("Tuition · Quarter 4", 10_000),
                ("Advance (credit carried forward)", 500),
            ],
            -500,
        ),
    ];
    for (index, (day, rupees, chosen, expected, balance)) in cases.iter().enumerate() {
        let mut s = school("2026-04-01");
        let student = s.admit(
            "Asha",
            "Rao",
            &s.class_v.clone(),
            "9845000001",
            "01/04/2026",
        );
        s.go_to(day);
        let dues = s.dues(&student);
        let allocate_to = chosen
            .iter()
            .map(|label| {
                dues.installments
                    .iter()
                    .find(|i| i.label == *label)
                    .unwrap()
                    .charge_id
                    .clone()
            })
            .collect();
        let receipt = s
            .campus
            .office
            .collect_payment(
                &s.accountant,
                &PaymentInput {
                    student_id: student.clone(),
                    amount_paise: rupees * 100,
                    mode: PaymentMode::Upi,
                    reference: "UPI 4471".into(),
                    allocate_to,
                },
            )
            .unwrap();
        let got: Vec<(String, i64)> = receipt
            .lines
            .iter()
            .map(|l| (l.label.clone(), l.amount_paise / 100))
            .collect();
        let want: Vec<(String, i64)> = expected
            .iter()
            .map(|(l, a)| ((*l).to_owned(), *a))
            .collect();
        assert_eq!(got, want, "case {index}");
        assert_eq!(receipt.balance_after_paise, balance * 100, "case {index}");
        assert_eq!(
            s.dues(&student).balance_paise,
            balance * 100,
            "case {index}"
        );
        assert_eq!(receipt.receipt_no, "GVS-PC1-2627-000001");
    }
}

#[test]
fn an_advance_carries_forward_to_charges_made_later() {
    let mut s = school("2026-04-01");
    let asha = s.admit(
        "Asha",
        "Rao",
        &s.class_vi.clone(),
        "9845000001",
        "01/04/2026",
    );
    // Class VI has no fees yet: the whole payment is an advance.
    let receipt = s.pay(&asha, 6_000, PaymentMode::Cash).unwrap();
    assert_eq!(
        show_lines(&receipt),
        [(
            ReceiptLineKind::Advance,
            "Advance (credit carried forward)".into(),
            600_000
        )]
    );
    assert_eq!(s.dues(&asha).advance_paise, 600_000);
    s.campus
        .office
        .create_fee_structure(
            &s.accountant,
            &FeeStructureInput {
                class_id: s.class_vi.0.clone(),
                academic_year_id: s.year_id.clone(),
                name: "Class VI".into(),
                lines: vec![line(&s.tuition, FeeFrequency::Quarterly, 4_000)],
                fine: FineRule::default(),
            },
        )
        .unwrap();
    expect![[r#"
        Tuition · Quarter 1 2026-04-10 400000-0 owes 0 fine 0
        Tuition · Quarter 2 2026-07-10 400000-0 owes 200000 fine 0
        Tuition · Quarter 3 2026-10-10 400000-0 owes 400000 fine 0
        Tuition · Quarter 4 2027-01-10 400000-0 owes 400000 fine 0
        due now 0 outstanding 1000000 advance 0 balance 1000000
    "#]]
    .assert_eq(&show_dues(&s.dues(&asha)));
}

#[test]
fn concessions_by_student_and_category_need_fees_waive() {
    let mut s = school("2026-04-01");
    let mut form = admission("Meera", "Nair", &s.class_v, "9845000001");
    form.category = "Staff ward".into();
    form.admitted_on = "01/04/2026".into();
    let meera = s.campus.office.admit(&s.campus.admin, &form).unwrap();
    let asha = s.admit(
        "Asha",
        "Rao",
        &s.class_v.clone(),
        "9845000002",
        "01/04/2026",
    );
    let grant = |office: &mut Office, who: &Session, input: ConcessionInput| {
        office.grant_concession(who, &input)
    };
    // (who, input, Ok or error code)
    let staff_half = ConcessionInput {
        student_id: None,
        category: Some("staff ward".into()),
        head_id: Some(s.tuition.clone()),
        kind: ConcessionKind::Percent,
        value: 5_000,
        reason: "Staff ward policy".into(),
    };
    let asha_fixed = ConcessionInput {
        student_id: Some(asha.clone()),
        category: None,
        head_id: None,
        kind: ConcessionKind::Fixed,
        value: 100_000,
        reason: "Sibling".into(),
    };
    assert!(matches!(
        grant(&mut s.campus.office, &s.desk, asha_fixed.clone()),
        Err(CoreError::Forbidden(_))
    ));
    let no_reason = ConcessionInput {
        reason: " ".into(),
        ..asha_fixed.clone()
    };
    assert_eq!(
        grant(&mut s.campus.office, &s.accountant, no_reason)
            .unwrap_err()
            .to_api()
            .field
            .as_deref(),
        Some("reason")
    );
    grant(&mut s.campus.office, &s.accountant, staff_half).unwrap();
    grant(&mut s.campus.office, &s.accountant, asha_fixed).unwrap();
    let totals = |dues: &StudentDues| -> Vec<(String, i64)> {
        dues.installments
            .iter()
            .map(|i| (i.label.clone(), i.concession_paise))
            .collect()
    };
    let meera_dues = totals(&s.dues(&meera));
    assert_eq!(meera_dues[0], ("Tuition · Quarter 1".into(), 500_000));
    assert_eq!(meera_dues[1], ("Exam · Term 1".into(), 0));
    let asha_dues = totals(&s.dues(&asha));
    assert!(
        asha_dues.iter().all(|(_, c)| *c == 100_000),
        "{asha_dues:?}"
    );
    assert_eq!(s.dues(&asha).balance_paise, 4_950_000 - 8 * 100_000);
    // A concession shows on the receipt line it reduced.
    let receipt = s.pay(&meera, 5_000, PaymentMode::Cash).unwrap();
    assert_eq!(receipt.lines[0].installment_paise, 1_000_000);
    assert_eq!(receipt.lines[0].concession_paise, 500_000);
    assert_eq!(receipt.concession_paise, 500_000);
    assert_eq!(
        s.campus.office.concessions(&s.desk, &meera).unwrap().len(),
        1
    );
}

#[test]
fn late_fines_flat_and_per_day() {
    // (rule, day, fine owed on Quarter 1)
    let flat = FineRule {
        kind: FineKind::Flat,
        amount_paise: 20_000,
        grace_days: 0,
        cap_paise: 0,
    };
    let cases: &[(FineRule, &str, i64)] = &[
        (daily_fine(), "2026-04-15", 0),
        (daily_fine(), "2026-04-16", 1_000),
        (daily_fine(), "2026-05-10", 25_000),
        (daily_fine(), "2026-09-10", 50_000),
        (flat, "2026-04-10", 0),
        (flat, "2026-04-11", 20_000),
        (flat, "2027-01-01", 20_000),
    ];
    for (rule, day, fine) in cases {
        let mut s = school("2026-04-01");
        let asha = s.admit(
            "Asha",
            "Rao",
            &s.class_vi.clone(),
            "9845000001",
            "01/04/2026",
        );
        s.campus
            .office
            .create_fee_structure(
                &s.accountant,
                &FeeStructureInput {
                    class_id: s.class_vi.0.clone(),
                    academic_year_id: s.year_id.clone(),
                    name: "Class VI".into(),
                    lines: vec![line(&s.tuition, FeeFrequency::Quarterly, 4_000)],
                    fine: *rule,
                },
            )
            .unwrap();
        s.go_to(day);
        assert_eq!(
            s.dues(&asha).installments[0].fine_due_paise,
            *fine,
            "{rule:?} on {day}"
        );
        if *fine > 0 {
            // Paying part of the fine leaves the rest owed; a flat fine is owed once.
            let part = s.pay(&asha, fine / 200, PaymentMode::Cash).unwrap();
            assert_eq!(part.fine_paise, fine / 200 * 100);
            assert_eq!(
                s.dues(&asha).installments[0].fine_due_paise,
                fine - fine / 200 * 100
            );
        }
    }
}

#[test]
fn cancelling_a_receipt_reverses_it_and_keeps_it() {
    let mut s = school("2026-04-01");
    let asha = s.admit(
        "Asha",
        "Rao",
        &s.class_v.clone(),
        "9845000001",
        "01/04/2026",
    );
    s.go_to("2026-04-20");
    let receipt = s.pay(&asha, 10_050, PaymentMode::Cheque).unwrap();
    assert_eq!(s.dues(&asha).balance_paise, 3_950_000);
    let office = &mut s.campus.office;
    // The accountant cannot cancel (no fees.cancel); the principal can, with a reason.
    assert!(matches!(
        office.cancel_receipt(&s.accountant, &receipt.id, "Bounced"),
        Err(CoreError::Forbidden(_))
    ));
    assert_eq!(
        office
            .cancel_receipt(&s.principal, &receipt.id, "")
            .unwrap_err()
            .to_api()
            .field
            .as_deref(),
        Some("reason")
    );
    let cancelled = office
        .cancel_receipt(&s.principal, &receipt.id, "Cheque bounced")
        .unwrap();
    assert_eq!(
        cancelled.cancellation.as_ref().unwrap().reason,
        "Cheque bounced"
    );
    assert_eq!(
        cancelled.lines, receipt.lines,
        "the receipt stays as issued"
    );
    let again = office
        .cancel_receipt(&s.principal, &receipt.id, "Twice")
        .unwrap_err();
    assert_eq!(again.code(), ErrorCode::Invalid);
    let dues = s.dues(&asha);
    assert_eq!(dues.balance_paise, 4_950_000);
    assert_eq!(
        dues.installments[0].fine_due_paise, 5_000,
        "the fine is owed again"
    );
    let ledger = s
        .campus
        .office
        .student_ledger(&s.accountant, &asha)
        .unwrap();
    let shown: Vec<String> = ledger
        .lines
        .iter()
        .filter(|l| !l.receipt_no.is_empty())
        .map(|l| {
            format!(
                "{} {:?} {} +{} -{}",
                l.date, l.kind, l.description, l.debit_paise, l.credit_paise
            )
        })
        .collect();
    expect![[r#"
        [
            "2026-04-20 Fine Late fine +5000 -0",
            "2026-04-20 Payment Payment (Cheque) +0 -1005000",
            "2026-04-20 Cancellation Receipt cancelled: Cheque bounced +1005000 -0",
            "2026-04-20 Fine Late fine reversed +0 -5000",
        ]
    "#]]
    .assert_debug_eq(&shown);
    assert_eq!(ledger.balance_paise, dues.balance_paise);
}

#[test]
fn closing_the_day_locks_its_receipts() {
    let mut s = school("2026-04-01");
    let asha = s.admit(
        "Asha",
        "Rao",
        &s.class_v.clone(),
        "9845000001",
        "01/04/2026",
    );
    let first = s.pay(&asha, 1_000, PaymentMode::Cash).unwrap();
    let second = s.pay(&asha, 2_000, PaymentMode::Upi).unwrap();
    let third = s.pay(&asha, 500, PaymentMode::Cash).unwrap();
    s.campus
        .office
        .cancel_receipt(&s.principal, &second.id, "Wrong student")
        .unwrap();
    // The receptionist cannot close the cashier's day.
    assert!(matches!(
        s.campus.office.close_day(&s.desk, ""),
        Err(CoreError::Forbidden(_))
    ));
    let z = s.campus.office.close_day(&s.accountant, "").unwrap();
    assert_eq!(
        (
            z.issued_count,
            z.cancelled_count,
            z.cancelled_paise,
            z.net_paise
        ),
        (3, 1, 200_000, 150_000)
    );
    assert_eq!(
        (z.first_receipt_no.as_str(), z.last_receipt_no.as_str()),
        ("GVS-PC1-2627-000001", "GVS-PC1-2627-000003")
    );
    assert_eq!(z.by_mode.len(), 1);
    assert_eq!(
        (
            z.by_mode[0].mode,
            z.by_mode[0].receipts,
            z.by_mode[0].amount_paise
        ),
        (PaymentMode::Cash, 2, 150_000)
    );
    assert!(z.closed_by.is_some());
    let refused = s
        .campus
        .office
        .cancel_receipt(&s.principal, &third.id, "Late correction")
        .unwrap_err();
    assert_eq!(refused.code(), ErrorCode::DayClosed);
    assert!(refused.to_string().contains("01/04/2026"), "{refused}");
    assert_eq!(
        s.pay(&asha, 100, PaymentMode::Cash).unwrap_err().code(),
        ErrorCode::DayClosed
    );
    assert_eq!(
        s.campus
            .office
            .close_day(&s.accountant, "")
            .unwrap_err()
            .code(),
        ErrorCode::DayClosed
    );
    // The next day is open again, and the series goes on without a gap.
    s.go_to("2026-04-02");
    let fourth = s.pay(&asha, 100, PaymentMode::Cash).unwrap();
    assert_eq!(fourth.receipt_no, "GVS-PC1-2627-000004");
    assert_eq!(first.number, 1);
    assert_eq!(
        s.campus
            .office
            .z_report(&s.accountant, "01/04/2026")
            .unwrap(),
        z
    );
}

#[test]
fn receipt_series_follow_the_financial_year() {
    let mut s = school("2026-04-01");
    let asha = s.admit(
        "Asha",
        "Rao",
        &s.class_v.clone(),
        "9845000001",
        "01/04/2026",
    );
    // (day, financial year's first month, receipt number)
    let cases: &[(&str, u32, &str)] = &[
        ("2026-04-01", 4, "GVS-PC1-2627-000001"),
        ("2026-12-31", 4, "GVS-PC1-2627-000002"),
        ("2027-03-31", 4, "GVS-PC1-2627-000003"),
        ("2027-04-01", 4, "GVS-PC1-2728-000001"),
        ("2027-04-02", 1, "GVS-PC1-2027-000001"),
        ("2027-04-03", 1, "GVS-PC1-2027-000002"),
    ];
    for (day, month, number) in cases {
        s.go_to(day);
        s.campus
            .office
            .set_financial_year_start(&s.campus.admin, *month)
            .unwrap();
        assert_eq!(
            s.pay(&asha, 100, PaymentMode::Cash).unwrap().receipt_no,
            *number
        );
    }
    assert!(
        s.campus
            .office
            .set_financial_year_start(&s.campus.admin, 13)
            .is_err()
    );
    assert!(matches!(
        s.campus.office.set_financial_year_start(&s.accountant, 4),
        Err(CoreError::Forbidden(_))
    ));
}

#[test]
fn the_store_refuses_to_change_money_records() {
    let mut s = school("2026-04-01");
    let asha = s.admit(
        "Asha",
        "Rao",
        &s.class_v.clone(),
        "9845000001",
        "01/04/2026",
    );
    s.campus
        .office
        .grant_concession(
            &s.accountant,
            &ConcessionInput {
                student_id: Some(asha.clone()),
                category: None,
                head_id: None,
                kind: ConcessionKind::Fixed,
                value: 100,
                reason: "Test".into(),
            },
        )
        .unwrap();
    let receipt = s.pay(&asha, 1_000, PaymentMode::Cash).unwrap();
    s.campus
        .office
        .receipt_pdf(&s.accountant, &receipt.id, ReceiptLayout::A5)
        .unwrap();
    s.campus
        .office
        .cancel_receipt(&s.principal, &receipt.id, "Test")
        .unwrap();
    s.go_to("2026-07-01");
    let input = FeeStructureInput {
        class_id: s.class_v.0.clone(),
        academic_year_id: s.year_id.clone(),
        name: "Revised".into(),
        lines: vec![line(&s.tuition, FeeFrequency::Quarterly, 12_000)],
        fine: FineRule::default(),
    };
    s.campus
        .office
        .revise_fee_structure(&s.accountant, &s.structure_v, &input, "01/07/2026")
        .unwrap();
    s.campus
        .office
        .close_day(&s.accountant, "01/04/2026")
        .unwrap();
    let conn = s.campus.office.connection();
    let tables = [
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
    ];
    for table in tables {
        let rows: i64 = conn
            .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
            .unwrap();
        assert!(rows > 0, "{table} has a row to try");
        for sql in [
            format!("UPDATE {table} SET deleted = 1"),
            format!("DELETE FROM {table}"),
        ] {
            let error = conn.execute(&sql, []).unwrap_err().to_string();
            assert!(
                error.contains(&format!("{table} is append-only")),
                "{sql}: {error}"
            );
        }
    }
    // Fee heads are names, not money: they may be corrected.
    conn.execute("UPDATE fee_head SET name = name", []).unwrap();
}

#[test]
fn a_revision_and_a_change_of_class_move_the_fees_still_to_fall_due() {
    let mut s = school("2026-04-01");
    let asha = s.admit(
        "Asha",
        "Rao",
        &s.class_v.clone(),
        "9845000001",
        "01/04/2026",
    );
    s.pay(&asha, 10_000, PaymentMode::Cash).unwrap();
    s.go_to("2026-09-01");
    let revised = s
        .campus
        .office
        .revise_fee_structure(
            &s.accountant,
            &s.structure_v,
            &FeeStructureInput {
                class_id: s.class_v.0.clone(),
                academic_year_id: s.year_id.clone(),
                name: "Class V revised".into(),
                lines: vec![
                    line(&s.tuition, FeeFrequency::Quarterly, 11_000),
                    line(&s.exam, FeeFrequency::Termly, 1_500),
                ],
                fine: daily_fine(),
            },
            "01/09/2026",
        )
        .unwrap();
    assert_eq!(
        revised.supersedes_id.as_deref(),
        Some(s.structure_v.as_str())
    );
    let again = s.campus.office.revise_fee_structure(
        &s.accountant,
        &s.structure_v,
        &FeeStructureInput {
            class_id: s.class_v.0.clone(),
            academic_year_id: s.year_id.clone(),
            name: "x".into(),
            lines: vec![line(&s.tuition, FeeFrequency::Quarterly, 1)],
            fine: FineRule::default(),
        },
        "01/09/2026",
    );
    assert_eq!(
        again.unwrap_err().to_api().field.as_deref(),
        Some("structure_id")
    );
    let labels = |dues: &StudentDues| -> Vec<String> {
        dues.installments
            .iter()
            .map(|i| format!("{} {}", i.label, i.amount_paise))
            .collect()
    };
    expect![[r#"
        [
            "Tuition · Quarter 1 1000000",
            "Exam · Term 1 150000",
            "Admission · One-time 500000",
            "Tuition · Quarter 2 1000000",
            "Exam · Term 2 150000",
            "Tuition · Quarter 3 1100000",
            "Exam · Term 3 150000",
            "Tuition · Quarter 4 1100000",
        ]
    "#]]
    .assert_debug_eq(&labels(&s.dues(&asha)));
    // Moving to class VI (no fees there yet) withdraws what falls due after today.
    let mut form = admission("Asha", "Rao", &s.class_vi, "9845000001");
    form.admitted_on = "01/04/2026".into();
    s.campus
        .office
        .update_student(&s.campus.admin, &asha, &form)
        .unwrap();
    let dues = s.dues(&asha);
    assert_eq!(labels(&dues).len(), 5);
    assert_eq!(dues.balance_paise, 2_800_000 - 1_000_000);
    let ledger = s
        .campus
        .office
        .student_ledger(&s.accountant, &asha)
        .unwrap();
    assert_eq!(ledger.balance_paise, dues.balance_paise);
    assert_eq!(
        ledger
            .lines
            .iter()
            .filter(|l| l.description.contains("withdrawn: Moved to another class"))
            .count(),
        3
    );
}

#[test]
fn the_clock_warning_compares_with_the_last_server_time() {
    let mut s = school("2026-04-01");
    let office = &mut s.campus.office;
    assert_eq!(office.receipt_clock_warning(&s.accountant).unwrap(), None);
    let now = campusdesk_core::Clock::now(s.campus.clock.as_ref());
    office
        .record_server_time(now - Duration::hours(30))
        .unwrap();
    assert_eq!(
        office.receipt_clock_warning(&s.accountant).unwrap(),
        Some(ClockWarning::Ahead { hours: 30 })
    );
    office.record_server_time(now + Duration::hours(2)).unwrap();
    assert_eq!(office.receipt_clock_warning(&s.accountant).unwrap(), None);
    assert!(matches!(
        office.receipt_clock_warning(&s.desk),
        Err(CoreError::Forbidden(_))
    ));
}

/// Where the receipts' renders go: target/receipts/ in the workspace.
fn receipts_dir() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target/receipts");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn pdf_text(path: &std::path::Path) -> String {
    let output = Command::new("pdftotext")
        .args(["-layout", "-enc", "UTF-8"])
        .arg(path)
        .arg("-")
        .output()
        .expect("pdftotext runs (poppler-utils; `cargo xtask setup` installs it)");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

#[test]
fn receipts_print_on_a5_and_thermal_rolls() {
    let mut s = school("2026-04-01");
    let amelie = s.admit(
        "Amélie",
        "D'Souza-Øberg",
        &s.class_v.clone(),
        "9845000001",
        "01/04/2026",
    );
    s.campus
        .office
        .grant_concession(
            &s.accountant,
            &ConcessionInput {
                student_id: Some(amelie.clone()),
                category: None,
                head_id: Some(s.tuition.clone()),
                kind: ConcessionKind::Percent,
                value: 1_000,
                reason: "Sibling".into(),
            },
        )
        .unwrap();
    s.go_to("2026-04-20");
    let receipt = s.pay(&amelie, 12_540, PaymentMode::Cheque).unwrap();
    assert_eq!(
        receipt.amount_in_words,
        "Rupees Twelve Thousand Five Hundred Forty Only"
    );
    let dir = receipts_dir();
    for layout in [ReceiptLayout::A5, ReceiptLayout::Thermal80] {
        // Whatever the paper, only a receipt's very first print is the original: the A5 one
        // here, so the roll's original is laid out directly to see it too.
        let (original, reprint) = if layout == ReceiptLayout::A5 {
            let original = s
                .campus
                .office
                .receipt_pdf(&s.accountant, &receipt.id, layout)
                .unwrap();
            (
                original,
                s.campus
                    .office
                    .receipt_pdf(&s.desk, &receipt.id, layout)
                    .unwrap(),
            )
        } else {
            let original =
                campusdesk_core::fees::receipt_pdf_bytes(&receipt, layout, false).unwrap();
            (
                original,
                s.campus
                    .office
                    .receipt_pdf(&s.desk, &receipt.id, layout)
                    .unwrap(),
            )
        };
        let name = layout.as_str();
        let original_path = dir.join(format!("receipt-{name}.pdf"));
        let reprint_path = dir.join(format!("receipt-{name}-duplicate.pdf"));
        std::fs::write(&original_path, &original).unwrap();
        std::fs::write(&reprint_path, &reprint).unwrap();
        let text = pdf_text(&original_path);
        for expected in [
            "Green Valley International School",
            "12 Lake Road, Bengaluru",
            "GVS-PC1-2627-000001",
            "Date: 20/04/2026",
            "Amélie D'Souza-Øberg",
            "Class: V A",
            "Father D'Souza-Øberg",
            "Late fine · Tuition · Quarter 1",
            "₹10,000.00 less concession ₹1,000.00",
            "Concession allowed",
            "₹12,540.00",
            "Rupees Twelve Thousand Five Hundred Forty Only",
            "Cheque · Ref: UTR 8841",
            "Cashier: Test accountant",
            "Balance still due",
        ] {
            assert!(
                text.contains(expected),
                "{name} lacks {expected:?}:\n{text}"
            );
        }
        assert!(
            !text.contains("DUPLICATE"),
            "{name}: the first print is the original"
        );
        assert!(
            pdf_text(&reprint_path).contains("DUPLICATE"),
            "{name}: a reprint says so"
        );
        let render = Command::new("pdftoppm")
            .args(["-png", "-r", "110", "-singlefile"])
            .arg(&original_path)
            .arg(dir.join(format!("receipt-{name}")))
            .status()
            .expect("pdftoppm runs");
        assert!(render.success());
        assert!(dir.join(format!("receipt-{name}.png")).exists());
    }
    assert_eq!(
        s.campus
            .office
            .receipt(&s.desk, &receipt.id)
            .unwrap()
            .prints,
        3
    );
    let cancelled = s
        .campus
        .office
        .cancel_receipt(&s.principal, &receipt.id, "Entered twice")
        .unwrap();
    let pdf = campusdesk_core::fees::receipt_pdf_bytes(&cancelled, ReceiptLayout::Thermal80, true)
        .unwrap();
    let path = dir.join("receipt-cancelled.pdf");
    std::fs::write(&path, pdf).unwrap();
    let text = pdf_text(&path);
    assert!(
        text.contains("CANCELLED") && text.contains("Entered twice"),
        "{text}"
    );
}

#[test]
fn the_reports_as_values_and_files() {
    let mut s = school("2026-04-01");
    let asha = s.admit(
        "Asha",
        "Rao",
        &s.class_v.clone(),
        "9845000001",
        "01/04/2026",
    );
    let ravi = s.admit(
        "Ravi",
        "Das",
        &s.class_v.clone(),
        "9845000002",
        "01/04/2026",
    );
    s.pay(&asha, 16_500, PaymentMode::Cash).unwrap();
    let cancelled = s.pay(&ravi, 1_000, PaymentMode::Card).unwrap();
    s.campus
        .office
        .cancel_receipt(&s.principal, &cancelled.id, "Card declined")
        .unwrap();
    s.go_to("2026-05-01");
    s.pay(&ravi, 2_000, PaymentMode::Upi).unwrap();
    let dues = s
        .campus
        .office
        .dues_report(&s.accountant, Some(&s.class_v.0), "")
        .unwrap();
    let rows: Vec<(String, i64, i64, i64)> = dues
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
    // ₹2,000 on 1 May paid Quarter 1's ₹160 fine first, then ₹1,840 of it; the exam and
    // admission fees' fines (₹160 each) are still owed.
    assert_eq!(rows, [("Ravi Das".to_owned(), 1_466_000, 32_000, 21)]);
    let book = s
        .campus
        .office
        .day_book(
            &s.accountant,
            &DayBookQuery {
                from: "01/04/2026".into(),
                to: "01/05/2026".into(),
                ..Default::default()
            },
        )
        .unwrap();
    assert_eq!(book.rows.len(), 3);
    assert_eq!(
        (book.total_paise, book.cancelled_paise),
        (1_850_000, 100_000)
    );
    let upi_only = s
        .campus
        .office
        .day_book(
            &s.accountant,
            &DayBookQuery {
                from: "01/04/2026".into(),
                to: "01/05/2026".into(),
                mode: Some(PaymentMode::Upi),
                ..Default::default()
            },
        )
        .unwrap();
    assert_eq!(upi_only.total_paise, 200_000);
    assert_eq!(upi_only.by_cashier[0].cashier, "Test accountant");
    assert!(matches!(
        s.campus.office.day_book(&s.desk, &DayBookQuery::default()),
        Err(CoreError::Forbidden(_))
    ));
    let dir = receipts_dir();
    for (name, request) in [
        (
            "dues",
            FeeReportRequest::Dues {
                class_id: None,
                as_of: String::new(),
            },
        ),
        (
            "daybook",
            FeeReportRequest::DayBook(DayBookQuery {
                from: "01/04/2026".into(),
                to: "01/05/2026".into(),
                ..Default::default()
            }),
        ),
        (
            "zreport",
            FeeReportRequest::ZReport {
                date: "01/04/2026".into(),
            },
        ),
    ] {
        let csv = s
            .campus
            .office
            .fee_report_file(&s.accountant, &request, ReportFormat::Csv)
            .unwrap();
        let csv = String::from_utf8(csv).unwrap();
        let pdf = s
            .campus
            .office
            .fee_report_file(&s.accountant, &request, ReportFormat::Pdf)
            .unwrap();
        let path = dir.join(format!("report-{name}.pdf"));
        std::fs::write(&path, pdf).unwrap();
        let text = pdf_text(&path);
        match name {
            "dues" => {
                assert!(
                    csv.contains("Ravi Das") && csv.contains("14,660.00"),
                    "{csv}"
                );
                assert!(
                    text.contains("Fee dues and defaulters") && text.contains("Ravi Das"),
                    "{text}"
                );
            }
            "daybook" => {
                assert!(
                    csv.contains("CANCELLED 1,000.00") && csv.contains("18,500.00"),
                    "{csv}"
                );
                assert!(
                    text.contains("GVS-PC1-2627-000003") && text.contains("Total collected"),
                    "{text}"
                );
            }
            _ => {
                assert!(
                    csv.contains("Net collected") && csv.contains("16,500.00"),
                    "{csv}"
                );
                assert!(text.contains("Z-report · PC1 · 01/04/2026"), "{text}");
            }
        }
    }
}

// ---------------------------------------------------------------------------------------
// The property test: random sequences against an independent model.
// ---------------------------------------------------------------------------------------

#[path = "fees_model.rs"]
mod model;

#[test]
fn random_fee_histories_agree_with_an_independent_model() {
    model::run();
}
