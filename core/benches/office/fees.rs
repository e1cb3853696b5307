//! The fee figures, on a campus of 500 students in class V with a structure of quarterly
//! tuition and termly exam fees, as of 15 December 2026:
//!
//! - `receipt_pdf_ms`: one receipt laid out and written as a PDF with the embedded font
//!   (median of 200 renders; `_p99` beside it).
//! - `collect_payment_p99_ms`: collecting one payment at the counter as the app does (the
//!   student's account read inside the write, spread, numbered, receipt and lines with their
//!   change records, commit), 2,000 payments spread over the students.
//! - `daybook_10k_ms`: the collection day-book over 10,000 receipts (median of 20 reads).

// Timings are floats; money never is: the amounts here are integer paise.
#![allow(clippy::float_arithmetic)]

use std::sync::Arc;
use std::time::Instant;

use campusdesk_core::{ManualClock, demo, fees};
use campusdesk_shared::fees::{
    DayBookQuery, FeeFrequency, FeeLineInput, FeeStructureInput, FineKind, FineRule, PaymentInput,
    PaymentMode, ReceiptLayout,
};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

use super::{millis, new_campus, summarize};

const STUDENTS: usize = 500;
const TIMED_PAYMENTS: usize = 2_000;
const DAYBOOK_RECEIPTS: usize = 10_000;

pub fn run() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let clock = Arc::new(ManualClock::at_date("2026-12-15"));
    let (mut office, admin) = new_campus(dir.path(), "fees", clock.clone());
    let class = office
        .classes(&admin)
        .expect("classes")
        .into_iter()
        .find(|c| c.name == "V")
        .expect("class V");
    let year = office.academic_years(&admin).expect("years")[0].id.clone();
    let tuition = office.add_fee_head(&admin, "Tuition").expect("head");
    let exam = office.add_fee_head(&admin, "Exam").expect("head");
    office
        .create_fee_structure(
            &admin,
            &FeeStructureInput {
                class_id: class.id.clone(),
                academic_year_id: year,
                name: "Class V".into(),
                lines: vec![
                    FeeLineInput {
                        head_id: tuition,
                        frequency: FeeFrequency::Quarterly,
                        amount_paise: 1_250_000,
                        due_day: 10,
                    },
                    FeeLineInput {
                        head_id: exam,
                        frequency: FeeFrequency::Termly,
                        amount_paise: 150_000,
                        due_day: 10,
                    },
                ],
                fine: FineRule {
                    kind: FineKind::PerDay,
                    amount_paise: 1_000,
                    grace_days: 5,
                    cap_paise: 50_000,
                },
            },
        )
        .expect("structure");
    let classes = vec![(
        class.id.clone(),
        class.sections.iter().map(|s| s.id.clone()).collect(),
    )];
    let mut students = Vec::with_capacity(STUDENTS);
    for mut form in demo::sample_students(STUDENTS, &classes, office.today(), 7) {
        form.admitted_on = "2026-04-01".into();
        students.push(office.admit(&admin, &form).expect("admitted"));
    }
    let mut rng = StdRng::seed_from_u64(5);
    let pay = |office: &mut campusdesk_core::Office, rng: &mut StdRng| {
        let student = students[rng.random_range(0..STUDENTS)].clone();
        let mode = PaymentMode::ALL[rng.random_range(0..PaymentMode::ALL.len())];
        office
            .collect_payment(
                &admin,
                &PaymentInput {
                    student_id: student,
                    amount_paise: rng.random_range(10_000..2_000_000),
                    mode,
                    reference: if mode == PaymentMode::Cash {
                        String::new()
                    } else {
                        "REF 1".into()
                    },
                    allocate_to: Vec::new(),
                },
            )
            .expect("payment")
    };

    // collect_payment: each its own transaction, as at the counter.
    let mut samples = Vec::with_capacity(TIMED_PAYMENTS);
    let mut last = None;
    for _ in 0..TIMED_PAYMENTS {
        let started = Instant::now();
        last = Some(pay(&mut office, &mut rng));
        samples.push(millis(started.elapsed()));
    }
    let (median, p99) = summarize(samples);
    println!("bench collect_payment_median_ms {median:.3} ms");
    println!("bench collect_payment_p99_ms {p99:.3} ms");

    // receipt_pdf: the layout and the PDF, without the print record.
    let receipt = last.expect("a receipt");
    let mut samples = Vec::new();
    let mut size = 0;
    for index in 0..201 {
        let started = Instant::now();
        let pdf = fees::receipt_pdf_bytes(&receipt, ReceiptLayout::A5, false).expect("pdf");
        if index > 0 {
            samples.push(millis(started.elapsed()));
        }
        size = pdf.len();
    }
    let (median, p99) = summarize(samples);
    println!("bench receipt_pdf_ms {median:.3} ms");
    println!("bench receipt_pdf_p99_ms {p99:.3} ms");
    println!("bench receipt_pdf_bytes {size} bytes");

    // The day-book: 10,000 receipts over the term's last days.
    for index in TIMED_PAYMENTS..DAYBOOK_RECEIPTS {
        if index % 1_000 == 0 {
            clock.advance(chrono::Duration::days(1));
        }
        pay(&mut office, &mut rng);
    }
    let query = DayBookQuery {
        from: "01/12/2026".into(),
        to: "31/12/2026".into(),
        ..Default::default()
    };
    let mut samples = Vec::new();
    let mut rows = 0;
    for index in 0..21 {
        let started = Instant::now();
        let book = office.day_book(&admin, &query).expect("day-book");
        if index > 0 {
            samples.push(millis(started.elapsed()));
        }
        rows = book.rows.len();
    }
    assert_eq!(rows, DAYBOOK_RECEIPTS);
    let (median, p99) = summarize(samples);
    println!("bench daybook_10k_ms {median:.3} ms");
    println!("bench daybook_10k_p99_ms {p99:.3} ms");
}
