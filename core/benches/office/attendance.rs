//! The attendance figures, on a campus of 2,000 students in 50 sections of 40 with 200 school
//! days of registers (10,000 registers, 400,000 student-days), built through the real save
//! path and timed as the app runs them:
//!
//! - `mark_section_40_ms`: saving one 40-student register (validation, roll, register row,
//!   marks, change records, commit) with every one of the 40 students marked, so that each
//!   save writes 40 marks: the most a 40-student save can write. `_typical` is the same with
//!   the usual few exceptions (about one student in ten).
//! - `monthly_register_pdf_ms`: a 40-student section's monthly register read and written as
//!   an A4 PDF (`attendance_report_file`).
//! - `attendance_summary_campus_ms`: the campus by class over the academic year so far
//!   (`campus_attendance`). On the dense campus every one of the 400,000 student-days is a
//!   stored mark (the most there can be); `_typical` is the campus whose registers store only
//!   the exceptions, as the app does.
//!
//! Both campuses also have 300 approved leave requests of one to three days.

// Timings are floats; money never is, and there is none here.
#![allow(clippy::float_arithmetic)]

use std::sync::Arc;
use std::time::Instant;

use campusdesk_core::{ManualClock, Office, Session, demo};
use campusdesk_shared::attendance::{
    AttendanceReportRequest, AttendanceStatus, LeaveInput, MarkInput, RegisterInput, ReportFormat,
};
use chrono::{Datelike, NaiveDate, Weekday};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

use super::{millis, new_campus, summarize};

const SECTIONS: usize = 50;
const PER_SECTION: usize = 40;
const SCHOOL_DAYS: usize = 200;
/// Runs of each read measured, after one warm-up run.
const READ_RUNS: usize = 50;

/// A campus with its sections (ids and students) and the school days marked.
struct Campus {
    office: Office,
    admin: Session,
    sections: Vec<(String, Vec<String>)>,
    days: Vec<NaiveDate>,
}

/// The campus as of 15 December 2026 (inside the 2026-27 year that starts on 1 April), with
/// 2,000 students admitted on 1 April.
fn campus(dir: &std::path::Path, name: &str) -> Campus {
    let clock = Arc::new(ManualClock::at_date("2026-12-15"));
    let (mut office, admin) = new_campus(dir, name, clock);
    for class in office.classes(&admin).expect("classes") {
        for section in ["B", "C", "D"] {
            office
                .add_section(&admin, &class.id, section)
                .expect("section");
        }
    }
    let class_list: Vec<(String, Vec<String>)> = office
        .classes(&admin)
        .expect("classes")
        .into_iter()
        .map(|c| (c.id, c.sections.into_iter().map(|s| s.id).collect()))
        .collect();
    let all: Vec<(String, String)> = class_list
        .iter()
        .flat_map(|(class, sections)| sections.iter().map(|s| (class.clone(), s.clone())))
        .take(SECTIONS)
        .collect();
    // Names, guardians and birthdays as the demo makes them; each student is then placed
    // in the next section with room.
    let forms = demo::sample_students(SECTIONS * PER_SECTION, &class_list, office.today(), 11);
    let mut sections: Vec<(String, Vec<String>)> =
        all.iter().map(|(_, s)| (s.clone(), Vec::new())).collect();
    for (index, mut form) in forms.into_iter().enumerate() {
        let (class_id, section_id) = &all[index / PER_SECTION];
        form.class_id = Some(class_id.clone());
        form.section_id = Some(section_id.clone());
        form.admitted_on = "2026-04-01".into();
        let id = office.admit(&admin, &form).expect("admitted");
        sections[index / PER_SECTION].1.push(id);
    }
    let days: Vec<NaiveDate> = NaiveDate::from_ymd_opt(2026, 4, 1)
        .expect("date")
        .iter_days()
        .filter(|d| d.weekday() != Weekday::Sun)
        .take(SCHOOL_DAYS)
        .collect();
    Campus {
        office,
        admin,
        sections,
        days,
    }
}

/// 300 approved leave requests of one to three days, for students and days at random.
fn leave(campus: &mut Campus, rng: &mut StdRng) {
    for _ in 0..300 {
        let (_, students) = &campus.sections[rng.random_range(0..SECTIONS)];
        let student = students[rng.random_range(0..PER_SECTION)].clone();
        let first = campus.days[rng.random_range(0..SCHOOL_DAYS - 3)];
        let last = first + chrono::Duration::days(rng.random_range(0..3));
        let id = campus
            .office
            .record_leave(
                &campus.admin,
                &LeaveInput {
                    student_id: student,
                    starts_on: first.to_string(),
                    ends_on: last.to_string(),
                    reason: "Unwell".into(),
                    requested_by: "Mother".into(),
                },
            )
            .expect("leave");
        campus
            .office
            .decide_leave(&campus.admin, &id, true, "")
            .expect("approved");
    }
}

/// A status for one student-day: every student marked (`dense`), or the usual exceptions.
fn status(rng: &mut StdRng, dense: bool) -> Option<AttendanceStatus> {
    let roll = rng.random_range(0..100);
    match (dense, roll) {
        (_, 0..6) => Some(AttendanceStatus::Absent),
        (_, 6..9) => Some(AttendanceStatus::Late),
        (_, 9..10) => Some(AttendanceStatus::HalfDay),
        (true, 10..13) => Some(AttendanceStatus::Excused),
        // Every other student-day of the dense campus is stored too: "late" is the one status
        // besides those above that a save always writes.
        (true, _) => Some(AttendanceStatus::Late),
        (false, _) => None,
    }
}

/// Takes every section's register on every school day; returns each save's time in ms.
fn mark_year(campus: &mut Campus, rng: &mut StdRng, dense: bool) -> Vec<f64> {
    let mut times = Vec::with_capacity(SECTIONS * SCHOOL_DAYS);
    let days = campus.days.clone();
    for day in days {
        for (section, students) in &campus.sections {
            let marks: Vec<MarkInput> = students
                .iter()
                .filter_map(|student| {
                    status(rng, dense).map(|status| MarkInput {
                        student_id: student.clone(),
                        status,
                        remark: String::new(),
                    })
                })
                .collect();
            let register = RegisterInput {
                section_id: section.clone(),
                date: day.to_string(),
                period: 0,
                marks,
            };
            let started = Instant::now();
            campus
                .office
                .save_register(&campus.admin, &register)
                .expect("saved");
            times.push(millis(started.elapsed()));
        }
    }
    times
}

fn time_runs(runs: usize, mut run: impl FnMut()) -> Vec<f64> {
    run();
    (0..runs)
        .map(|_| {
            let started = Instant::now();
            run();
            millis(started.elapsed())
        })
        .collect()
}

/// Prints `bench <figure>_ms <median> ms` and `bench <figure>_p99_ms <p99> ms`.
fn report(figure: &str, samples: Vec<f64>) {
    let runs = samples.len();
    let (p50, p99) = summarize(samples);
    println!("bench {figure}_ms {p50:.3} ms");
    println!("bench {figure}_p99_ms {p99:.3} ms");
    eprintln!("{figure}: median {p50:.3} ms, p99 {p99:.3} ms over {runs} runs");
}

fn stored_marks(campus: &Campus) -> i64 {
    campus
        .office
        .connection()
        .query_row("SELECT count(*) FROM attendance_mark", [], |r| r.get(0))
        .expect("count")
}

pub(super) fn run() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let mut rng = StdRng::seed_from_u64(5);
    for dense in [true, false] {
        let suffix = if dense { "" } else { "_typical" };
        let started = Instant::now();
        let mut campus = campus(dir.path(), if dense { "dense" } else { "typical" });
        leave(&mut campus, &mut rng);
        let saves = mark_year(&mut campus, &mut rng, dense);
        eprintln!(
            "{} campus: {} registers, {} stored marks, built in {:.1} s",
            if dense { "dense" } else { "typical" },
            saves.len(),
            stored_marks(&campus),
            started.elapsed().as_secs_f64()
        );
        // Reads are measured on a settled database, as the office meets it the next morning.
        campus
            .office
            .connection()
            .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))
            .expect("checkpoint");
        report(&format!("mark_section_40{suffix}"), saves);

        let section = campus.sections[7].0.clone();
        let (office, admin) = (&campus.office, &campus.admin);
        let request = AttendanceReportRequest::MonthlyRegister {
            section_id: section,
            year: 2026,
            month: 7,
            period: 0,
        };
        let mut size = 0;
        let pdf = time_runs(READ_RUNS, || {
            size = office
                .attendance_report_file(admin, &request, ReportFormat::Pdf)
                .expect("pdf")
                .len();
        });
        eprintln!("monthly register PDF: {size} bytes");
        report(&format!("monthly_register_pdf{suffix}"), pdf);

        let mut percent = None;
        let summary = time_runs(READ_RUNS, || {
            percent = office
                .campus_attendance(admin, "", "")
                .expect("summary")
                .campus
                .percent_tenths;
        });
        eprintln!("campus attendance: {percent:?} tenths of a percent");
        report(&format!("attendance_summary_campus{suffix}"), summary);
    }
}
