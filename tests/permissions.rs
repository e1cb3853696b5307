//! Every role × every core operation, run for real against one campus: the table below is
//! what the core allows (✓) or refuses with a permission error (·). The UI hides what a role
//! lacks; this proves the refusal happens in the core whatever the UI shows.

use std::collections::BTreeSet;

use campusdesk_core::{CoreError, Office, Permission, Session};
use campusdesk_shared::attendance::{
    AttendanceReportRequest, AttendanceSettings, AttendanceStatus, HolidayInput, LeaveInput,
    MarkInput, RegisterInput, ReportFormat,
};
use campusdesk_shared::fees::{
    ConcessionInput, ConcessionKind, DayBookQuery, FeeFrequency, FeeLineInput, FeeReportRequest,
    FeeStructureInput, FineRule, PaymentInput, PaymentMode, ReceiptLayout,
};
use campusdesk_shared::office::{ColumnMapping, EnquiryInput, NewUser, StudentStatus};
use campusdesk_tests::{TestCampus, admission};
use expect_test::expect;

type Operation = fn(&mut Office, &Session, &Fixture) -> Result<(), CoreError>;

/// Rows the operations act on, made by the admin before each call.
struct Fixture {
    student_id: String,
    enquiry_id: String,
    user_id: String,
    class_id: String,
    /// A section of its own in class V, with the student, assigned to the matrix's teacher,
    /// its register for 12/06/2026 already taken.
    section_id: String,
    /// A pending leave request for the student.
    leave_id: String,
    /// The fee head, the year, a structure of class XI not yet revised, and a receipt of the
    /// student's not yet cancelled.
    head_id: String,
    year_id: String,
    structure_id: String,
    receipt_id: String,
}

const CSV: &[u8] = b"Admission No,First Name,Date of Birth,Gender,Guardian 1 Name,Guardian 1 Phone\nX1,Ana,01/02/2015,F,Rita,9845099999\n";

fn operations() -> Vec<(&'static str, Operation)> {
    vec![
        ("students.search", |o, s, _| {
            o.search_students(s, &Default::default()).map(drop)
        }),
        ("students.profile", |o, s, f| {
            o.student_profile(s, &f.student_id).map(drop)
        }),
        ("students.find_guardians", |o, s, _| {
            o.find_guardians(s, "984").map(drop)
        }),
        ("students.suggest_number", |o, s, _| {
            o.suggest_admission_no(s).map(drop)
        }),
        ("students.admit", |o, s, f| {
            let class = (f.class_id.clone(), String::new());
            let mut form = admission("New", "Child", &class, "9845077777");
            form.section_id = None;
            o.admit(s, &form).map(drop)
        }),
        ("students.update", |o, s, f| {
            let class = (f.class_id.clone(), String::new());
            let mut form = admission("Edited", "Child", &class, "9845066666");
            form.section_id = None;
            o.update_student(s, &f.student_id, &form).map(drop)
        }),
        ("students.set_status", |o, s, f| {
            o.set_student_status(s, &f.student_id, StudentStatus::Left)
                .map(drop)
        }),
        ("students.delete", |o, s, f| {
            o.delete_student(s, &f.student_id)
        }),
        ("students.import", |o, s, _| {
            let (_, mapping) = campusdesk_core::roster::suggest_mapping(CSV)?;
            o.import_students(s, CSV, &mapping, true, &mut |_, _| {})
                .map(drop)
        }),
        ("students.import_unmapped", |o, s, _| {
            o.import_students(s, CSV, &ColumnMapping::default(), true, &mut |_, _| {})
                .map(drop)
        }),
        ("students.export", |o, s, _| {
            o.export_students(s, &mut Vec::new()).map(drop)
        }),
        ("enquiries.list", |o, s, _| o.enquiries(s, None).map(drop)),
        ("enquiries.record", |o, s, _| {
            o.record_enquiry(
                s,
                &EnquiryInput {
                    child_name: "Kid".into(),
                    guardian_name: "Mum".into(),
                    phone: "9845055555".into(),
                    ..Default::default()
                },
            )
            .map(drop)
        }),
        ("enquiries.follow_up", |o, s, f| {
            o.add_follow_up(s, &f.enquiry_id, "Called back", "")
                .map(drop)
        }),
        ("enquiries.close", |o, s, f| {
            o.close_enquiry(s, &f.enquiry_id, "Chose another school")
        }),
        ("enquiries.to_admission", |o, s, f| {
            o.admission_from_enquiry(s, &f.enquiry_id).map(drop)
        }),
        ("school.academic_years", |o, s, _| {
            o.academic_years(s).map(drop)
        }),
        ("school.add_academic_year", |o, s, _| {
            // Each call needs a year of its own: years may not overlap.
            let year = NEXT_YEAR.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            o.add_academic_year(
                s,
                &format!("{year}-{}", year + 1),
                &format!("01/04/{year}"),
                &format!("31/03/{}", year + 1),
            )
            .map(drop)
        }),
        ("school.set_current_year", |o, s, _| {
            let admin_view = o.academic_years(s);
            let id = admin_view
                .map(|years| years[0].id.clone())
                .unwrap_or_default();
            o.set_current_year(s, &id)
        }),
        ("school.classes", |o, s, _| o.classes(s).map(drop)),
        ("school.add_class", |o, s, _| {
            o.add_class(s, &format!("Class {}", uuid_suffix()))
                .map(drop)
        }),
        ("school.add_section", |o, s, f| {
            o.add_section(s, &f.class_id, &uuid_suffix()).map(drop)
        }),
        ("school.read_pattern", |o, s, _| {
            o.admission_pattern(s).map(drop)
        }),
        ("school.admission_pattern", |o, s, _| {
            o.set_admission_pattern(s, "{CAMPUS}-{N:4}")
        }),
        ("users.list", |o, s, _| o.users(s).map(drop)),
        ("users.create", |o, s, _| {
            o.create_user(
                s,
                &NewUser {
                    username: format!("u{}", uuid_suffix()),
                    full_name: "New Person".into(),
                    role: "teacher".into(),
                    password: "password-2".into(),
                },
            )
            .map(drop)
        }),
        ("users.deactivate", |o, s, f| {
            o.set_user_active(s, &f.user_id, false)
        }),
        ("users.reset_password", |o, s, f| {
            o.reset_password(s, &f.user_id, "password-3")
        }),
        ("roles.list", |o, s, _| o.roles(s).map(drop)),
        ("roles.set_permissions", |o, s, _| {
            o.set_role_permissions(s, "teacher", &["students.view".into()])
        }),
        ("office.backup", |o, s, _| {
            let dest = std::env::temp_dir().join(format!("campusdesk-perm-{}.db", uuid_suffix()));
            let result = o.backup(s, &dest);
            let _ = std::fs::remove_file(dest);
            result
        }),
        ("office.recovery_key", |o, s, _| o.recovery_key(s).map(drop)),
        ("office.conflicts", |o, s, _| o.conflicts(s).map(drop)),
        ("attendance.settings", |o, s, _| {
            o.attendance_settings(s).map(drop)
        }),
        ("attendance.set_settings", |o, s, _| {
            o.set_attendance_settings(
                s,
                &AttendanceSettings {
                    periods_per_day: 1,
                    weekly_offs: vec!["sun".into()],
                    ..Default::default()
                },
            )
        }),
        ("attendance.holidays", |o, s, _| o.holidays(s).map(drop)),
        ("attendance.add_holiday", |o, s, _| {
            o.add_holiday(
                s,
                &HolidayInput {
                    name: "Founders' day".into(),
                    starts_on: "20/07/2026".into(),
                    ends_on: String::new(),
                },
            )
            .map(drop)
        }),
        ("attendance.assign_teacher", |o, s, f| {
            o.assign_teacher(s, &f.user_id, &f.section_id)
        }),
        ("attendance.teacher_sections", |o, s, _| {
            o.teacher_sections(s, None).map(drop)
        }),
        ("attendance.sections", |o, s, _| {
            o.register_sections(s).map(drop)
        }),
        ("attendance.sheet", |o, s, f| {
            o.register_sheet(s, &f.section_id, "15/06/2026", 0)
                .map(drop)
        }),
        ("attendance.mark", |o, s, f| {
            o.save_register(s, &register(f, "15/06/2026")).map(drop)
        }),
        ("attendance.edit", |o, s, f| {
            o.save_register(s, &register(f, "12/06/2026")).map(drop)
        }),
        ("attendance.history", |o, s, f| {
            o.mark_history(s, &f.student_id, "12/06/2026", 0).map(drop)
        }),
        ("leave.record", |o, s, f| {
            o.record_leave(
                s,
                &LeaveInput {
                    student_id: f.student_id.clone(),
                    starts_on: "22/06/2026".into(),
                    reason: "Wedding".into(),
                    ..Default::default()
                },
            )
            .map(drop)
        }),
        ("leave.decide", |o, s, f| {
            o.decide_leave(s, &f.leave_id, true, "")
        }),
        ("leave.list", |o, s, _| {
            o.leave_requests(s, None, None).map(drop)
        }),
        ("report.monthly_register", |o, s, f| {
            o.monthly_register(s, &f.section_id, 2026, 6, 0).map(drop)
        }),
        ("report.student", |o, s, f| {
            o.student_attendance(s, &f.student_id, "", "").map(drop)
        }),
        ("report.below_threshold", |o, s, _| {
            o.attendance_below(s, 75, "", "").map(drop)
        }),
        ("report.campus", |o, s, _| {
            o.campus_attendance(s, "", "").map(drop)
        }),
        ("report.absentees", |o, s, _| o.absentees(s, "").map(drop)),
        ("report.register_pdf", |o, s, f| {
            o.attendance_report_file(
                s,
                &AttendanceReportRequest::MonthlyRegister {
                    section_id: f.section_id.clone(),
                    year: 2026,
                    month: 6,
                    period: 0,
                },
                ReportFormat::Pdf,
            )
            .map(drop)
        }),
        ("fees.heads", |o, s, _| o.fee_heads(s).map(drop)),
        ("fees.add_head", |o, s, _| {
            o.add_fee_head(s, &format!("Head {}", uuid_suffix()))
                .map(drop)
        }),
        ("fees.structures", |o, s, _| {
            o.fee_structures(s, None).map(drop)
        }),
        ("fees.create_structure", |o, s, f| {
            o.create_fee_structure(s, &structure(f, "XII")).map(drop)
        }),
        ("fees.revise_structure", |o, s, f| {
            o.revise_fee_structure(s, &f.structure_id, &structure(f, "XI"), "01/06/2026")
                .map(drop)
        }),
        ("fees.grant_concession", |o, s, f| {
            o.grant_concession(
                s,
                &ConcessionInput {
                    student_id: Some(f.student_id.clone()),
                    category: None,
                    head_id: None,
                    kind: ConcessionKind::Percent,
                    value: 1_000,
                    reason: "Sibling".into(),
                },
            )
            .map(drop)
        }),
        ("fees.concessions", |o, s, f| {
            o.concessions(s, &f.student_id).map(drop)
        }),
        ("fees.student_dues", |o, s, f| {
            o.student_dues(s, &f.student_id).map(drop)
        }),
        ("fees.student_ledger", |o, s, f| {
            o.student_ledger(s, &f.student_id).map(drop)
        }),
        ("fees.student_receipts", |o, s, f| {
            o.student_receipts(s, &f.student_id).map(drop)
        }),
        ("fees.collect", |o, s, f| {
            o.collect_payment(
                s,
                &PaymentInput {
                    student_id: f.student_id.clone(),
                    amount_paise: 10_000,
                    mode: PaymentMode::Cash,
                    reference: String::new(),
                    allocate_to: Vec::new(),
                },
            )
            .map(drop)
        }),
        ("fees.receipt", |o, s, f| {
            o.receipt(s, &f.receipt_id).map(drop)
        }),
        ("fees.receipt_pdf", |o, s, f| {
            o.receipt_pdf(s, &f.receipt_id, ReceiptLayout::Thermal80)
                .map(drop)
        }),
        ("fees.cancel_receipt", |o, s, f| {
            o.cancel_receipt(s, &f.receipt_id, "Entered twice")
                .map(drop)
        }),
        ("fees.clock_warning", |o, s, _| {
            o.receipt_clock_warning(s).map(drop)
        }),
        ("fees.dues_report", |o, s, _| {
            o.dues_report(s, None, "").map(drop)
        }),
        ("fees.day_book", |o, s, _| {
            o.day_book(s, &DayBookQuery::default()).map(drop)
        }),
        ("fees.z_report", |o, s, _| o.z_report(s, "").map(drop)),
        ("fees.close_day", |o, s, _| {
            // Each call closes a past day of its own (closing today would stop the fixture's
            // payments).
            let day = NEXT_CLOSE.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            let date = chrono::NaiveDate::from_ymd_opt(2026, 1, 1)
                .and_then(|d| d.checked_add_days(chrono::Days::new(day)))
                .map(|d| d.format("%d/%m/%Y").to_string())
                .unwrap_or_default();
            o.close_day(s, &date).map(drop)
        }),
        ("fees.report_file", |o, s, _| {
            o.fee_report_file(
                s,
                &FeeReportRequest::Dues {
                    class_id: None,
                    as_of: String::new(),
                },
                ReportFormat::Csv,
            )
            .map(drop)
        }),
        ("fees.financial_year", |o, s, _| {
            o.financial_year_start(s).map(drop)
        }),
        ("fees.set_financial_year", |o, s, _| {
            o.set_financial_year_start(s, 4)
        }),
    ]
}

/// A structure form for the class named `class`, with the fixture's head and year.
fn structure(fixture: &Fixture, class: &str) -> FeeStructureInput {
    FeeStructureInput {
        class_id: fixture_class(class),
        academic_year_id: fixture.year_id.clone(),
        name: format!("{class} fees"),
        lines: vec![FeeLineInput {
            head_id: fixture.head_id.clone(),
            frequency: FeeFrequency::Termly,
            amount_paise: 500_000,
            due_day: 10,
        }],
        fine: FineRule::default(),
    }
}

static NEXT_CLOSE: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

thread_local! {
    static CLASS_IDS: std::cell::RefCell<std::collections::HashMap<String, String>> =
        std::cell::RefCell::default();
}

fn fixture_class(name: &str) -> String {
    CLASS_IDS.with(|ids| ids.borrow().get(name).cloned().unwrap_or_default())
}

/// The fixture's section register for `date`, with the student marked absent.
fn register(fixture: &Fixture, date: &str) -> RegisterInput {
    RegisterInput {
        section_id: fixture.section_id.clone(),
        date: date.into(),
        period: 0,
        marks: vec![MarkInput {
            student_id: fixture.student_id.clone(),
            status: AttendanceStatus::Absent,
            remark: String::new(),
        }],
    }
}

static NEXT_YEAR: std::sync::atomic::AtomicI32 = std::sync::atomic::AtomicI32::new(2030);

fn uuid_suffix() -> String {
    let id = campusdesk_core::office::new_id();
    id[id.len() - 6..].to_uppercase()
}

fn fixture(campus: &mut TestCampus, teacher_id: &str) -> Fixture {
    // `school.set_current_year` makes a later year current; attendance is taken in this one.
    let this_year = campus
        .office
        .academic_years(&campus.admin)
        .expect("years")
        .into_iter()
        .find(|y| y.starts_on.as_str() <= "2026-06-15" && "2026-06-15" <= y.ends_on.as_str())
        .expect("the campus's year");
    campus
        .office
        .set_current_year(&campus.admin, &this_year.id)
        .expect("current");
    let (class_id, _) = campus.class("V");
    let section_id = campus
        .office
        .add_section(&campus.admin, &class_id, &uuid_suffix())
        .expect("section");
    campus
        .office
        .assign_teacher(&campus.admin, teacher_id, &section_id)
        .expect("assigned");
    let phone = format!(
        "98{}",
        &uuid_suffix()
            .bytes()
            .map(|b| (b % 10 + b'0') as char)
            .collect::<String>()
    );
    let phone = format!("{phone:0<10}");
    let mut form = admission(
        "Fix",
        "Ture",
        &(class_id.clone(), section_id.clone()),
        &phone,
    );
    form.admitted_on = "01/04/2026".into();
    let student_id = campus.office.admit(&campus.admin, &form).expect("admitted");
    campus
        .office
        .save_register(
            &campus.admin,
            &RegisterInput {
                section_id: section_id.clone(),
                date: "12/06/2026".into(),
                period: 0,
                marks: Vec::new(),
            },
        )
        .expect("register taken");
    let leave_id = campus
        .office
        .record_leave(
            &campus.admin,
            &LeaveInput {
                student_id: student_id.clone(),
                starts_on: "15/06/2026".into(),
                reason: "Fever".into(),
                ..Default::default()
            },
        )
        .expect("leave");
    let enquiry_id = campus
        .office
        .record_enquiry(
            &campus.admin,
            &EnquiryInput {
                child_name: "Kid".into(),
                guardian_name: "Dad".into(),
                phone: "9845044444".into(),
                ..Default::default()
            },
        )
        .expect("enquiry");
    let user_id = campus
        .office
        .create_user(
            &campus.admin,
            &NewUser {
                username: format!("t{}", uuid_suffix().to_lowercase()),
                full_name: "Target".into(),
                role: "teacher".into(),
                password: "password-1".into(),
            },
        )
        .expect("user");
    // Fees: the head and class V's structure once; a structure of class XI to revise and a
    // receipt to cancel for every call.
    let admin = campus.admin.clone();
    let office = &mut campus.office;
    for class in ["XI", "XII"] {
        let id = office
            .classes(&admin)
            .expect("classes")
            .into_iter()
            .find(|c| c.name == class)
            .expect("class")
            .id;
        CLASS_IDS.with(|ids| ids.borrow_mut().insert(class.to_owned(), id));
    }
    let head_id = match office.fee_heads(&admin).expect("heads").first() {
        Some(head) => head.id.clone(),
        None => office.add_fee_head(&admin, "Tuition").expect("head"),
    };
    let year_id = this_year.id.clone();
    let mut fixture = Fixture {
        student_id,
        enquiry_id,
        user_id,
        class_id,
        section_id,
        leave_id,
        head_id,
        year_id,
        structure_id: String::new(),
        receipt_id: String::new(),
    };
    fixture.structure_id = office
        .create_fee_structure(&admin, &structure(&fixture, "XI"))
        .expect("structure")
        .id;
    fixture.receipt_id = office
        .collect_payment(
            &admin,
            &PaymentInput {
                student_id: fixture.student_id.clone(),
                amount_paise: 50_000,
                mode: PaymentMode::Upi,
                reference: "UPI 1".into(),
                allocate_to: Vec::new(),
            },
        )
        .expect("receipt")
        .id;
    fixture
}

const ROLES: [&str; 8] = [
    "super_admin",
    "school_admin",
    "principal",
    "teacher",
    "student",
    "parent",
    "accountant",
    "receptionist",
];

#[test]
fn every_role_against_every_operation() {
    let mut campus = TestCampus::new();
    let mut sessions: Vec<Session> = Vec::new();
    for role in ROLES {
        let session = if role == "school_admin" {
            campus.admin.clone()
        } else if role == "super_admin" {
            // Only a super admin may make another; the first admin is a school admin, so the
            // super admin's session is built from its stored role, as sign-in would build it.
            let stored = campus
                .office
                .roles(&campus.admin)
                .expect("roles")
                .into_iter()
                .find(|r| r.key == role)
                .expect("role");
            Session {
                role_key: stored.key,
                role_name: stored.name,
                permissions: stored
                    .permissions
                    .iter()
                    .filter_map(|p| Permission::parse(p))
                    .collect::<BTreeSet<_>>(),
                ..campus.admin.clone()
            }
        } else {
            campus.user(role)
        };
        sessions.push(session);
    }

    let teacher_id = sessions[3].user_id.clone();
    let mut table = format!("{:<28}", "operation");
    for role in ROLES {
        table.push_str(&format!(" {:>4}", &role[..4]));
    }
    table.push('\n');
    for (name, operation) in operations() {
        table.push_str(&format!("{name:<28}"));
        for session in &sessions {
            let fixture = fixture(&mut campus, &teacher_id);
            let mark = match operation(&mut campus.office, session, &fixture) {
                Err(CoreError::Forbidden(_)) => "·",
                Ok(()) => "✓",
                // Allowed past the permission check, then stopped by a rule of the operation.
                Err(other) => panic!("{name} as {}: {other}", session.role_key),
            };
            table.push_str(&format!(" {mark:>4}"));
        }
        table.push('\n');
    }
    expect![[r#"
        operation                    supe scho prin teac stud pare acco rece
        students.search                 ✓    ✓    ✓    ✓    ·    ·    ✓    ✓
        students.profile                ✓    ✓    ✓    ✓    ·    ·    ✓    ✓
        students.find_guardians         ✓    ✓    ✓    ✓    ·    ·    ✓    ✓
        students.suggest_number         ✓    ✓    ·    ·    ·    ·    ·    ✓
        students.admit                  ✓    ✓    ·    ·    ·    ·    ·    ✓
        students.update                 ✓    ✓    ·    ·    ·    ·    ·    ✓
        students.set_status             ✓    ✓    ·    ·    ·    ·    ·    ✓
        students.delete                 ✓    ✓    ·    ·    ·    ·    ·    ·
        students.import                 ✓    ✓    ·    ·    ·    ·    ·    ✓
        students.import_unmapped        ✓    ✓    ·    ·    ·    ·    ·    ✓
        students.export                 ✓    ✓    ✓    ·    ·    ·    ·    ·
        enquiries.list                  ✓    ✓    ✓    ✓    ·    ·    ✓    ✓
        enquiries.record                ✓    ✓    ·    ·    ·    ·    ·    ✓
        enquiries.follow_up             ✓    ✓    ·    ·    ·    ·    ·    ✓
        enquiries.close                 ✓    ✓    ·    ·    ·    ·    ·    ✓
        enquiries.to_admission          ✓    ✓    ·    ·    ·    ·    ·    ✓
        school.academic_years           ✓    ✓    ✓    ✓    ·    ·    ✓    ✓
        school.add_academic_year        ✓    ✓    ·    ·    ·    ·    ·    ·
        school.set_current_year         ✓    ✓    ·    ·    ·    ·    ·    ·
        school.classes                  ✓    ✓    ✓    ✓    ·    ·    ✓    ✓
        school.add_class                ✓    ✓    ·    ·    ·    ·    ·    ·
        school.add_section              ✓    ✓    ·    ·    ·    ·    ·    ·
        school.read_pattern             ✓    ✓    ·    ·    ·    ·    ·    ·
        school.admission_pattern        ✓    ✓    ·    ·    ·    ·    ·    ·
        users.list                      ✓    ✓    ·    ·    ·    ·    ·    ·
        users.create                    ✓    ✓    ·    ·    ·    ·    ·    ·
        users.deactivate                ✓    ✓    ·    ·    ·    ·    ·    ·
        users.reset_password            ✓    ✓    ·    ·    ·    ·    ·    ·
        roles.list                      ✓    ✓    ·    ·    ·    ·    ·    ·
        roles.set_permissions           ✓    ✓    ·    ·    ·    ·    ·    ·
        office.backup                   ✓    ✓    ·    ·    ·    ·    ·    ·
        office.recovery_key             ✓    ✓    ·    ·    ·    ·    ·    ·
        office.conflicts                ✓    ✓    ·    ·    ·    ·    ·    ·
        attendance.settings             ✓    ✓    ✓    ✓    ·    ·    ·    ✓
        attendance.set_settings         ✓    ✓    ·    ·    ·    ·    ·    ·
        attendance.holidays             ✓    ✓    ✓    ✓    ·    ·    ·    ✓
        attendance.add_holiday          ✓    ✓    ·    ·    ·    ·    ·    ·
        attendance.assign_teacher       ✓    ✓    ·    ·    ·    ·    ·    ·
        attendance.teacher_sections     ✓    ✓    ✓    ✓    ·    ·    ·    ·
        attendance.sections             ✓    ✓    ✓    ✓    ·    ·    ·    ✓
        attendance.sheet                ✓    ✓    ✓    ✓    ·    ·    ·    ✓
        attendance.mark                 ✓    ✓    ·    ✓    ·    ·    ·    ✓
        attendance.edit                 ✓    ✓    ·    ✓    ·    ·    ·    ·
        attendance.history              ✓    ✓    ✓    ✓    ·    ·    ·    ✓
        leave.record                    ✓    ✓    ·    ✓    ·    ·    ·    ✓
        leave.decide                    ✓    ✓    ·    ✓    ·    ·    ·    ·
        leave.list                      ✓    ✓    ✓    ✓    ·    ·    ·    ✓
        report.monthly_register         ✓    ✓    ✓    ✓    ·    ·    ·    ✓
        report.student                  ✓    ✓    ✓    ·    ·    ·    ·    ·
        report.below_threshold          ✓    ✓    ✓    ·    ·    ·    ·    ·
        report.campus                   ✓    ✓    ✓    ·    ·    ·    ·    ·
        report.absentees                ✓    ✓    ✓    ✓    ·    ·    ·    ✓
        report.register_pdf             ✓    ✓    ✓    ✓    ·    ·    ·    ✓
        fees.heads                      ✓    ✓    ✓    ·    ·    ·    ✓    ✓
        fees.add_head                   ✓    ✓    ·    ·    ·    ·    ✓    ·
        fees.structures                 ✓    ✓    ✓    ·    ·    ·    ✓    ✓
        fees.create_structure           ✓    ✓    ·    ·    ·    ·    ✓    ·
        fees.revise_structure           ✓    ✓    ·    ·    ·    ·    ✓    ·
        fees.grant_concession           ✓    ✓    ·    ·    ·    ·    ✓    ·
        fees.concessions                ✓    ✓    ✓    ·    ·    ·    ✓    ✓
        fees.student_dues               ✓    ✓    ✓    ·    ·    ·    ✓    ✓
        fees.student_ledger             ✓    ✓    ✓    ·    ·    ·    ✓    ✓
        fees.student_receipts           ✓    ✓    ✓    ·    ·    ·    ✓    ✓
        fees.collect                    ✓    ✓    ·    ·    ·    ·    ✓    ·
        fees.receipt                    ✓    ✓    ✓    ·    ·    ·    ✓    ✓
        fees.receipt_pdf                ✓    ✓    ✓    ·    ·    ·    ✓    ✓
        fees.cancel_receipt             ✓    ✓    ✓    ·    ·    ·    ·    ·
        fees.clock_warning              ✓    ✓    ·    ·    ·    ·    ✓    ·
        fees.dues_report                ✓    ✓    ✓    ·    ·    ·    ✓    ·
        fees.day_book                   ✓    ✓    ✓    ·    ·    ·    ✓    ·
        fees.z_report                   ✓    ✓    ✓    ·    ·    ·    ✓    ·
        fees.close_day                  ✓    ✓    ·    ·    ·    ·    ✓    ·
        fees.report_file                ✓    ✓    ✓    ·    ·    ·    ✓    ·
        fees.financial_year             ✓    ✓    ✓    ·    ·    ·    ✓    ✓
        fees.set_financial_year         ✓    ✓    ·    ·    ·    ·    ·    ·
    "#]]
    .assert_eq(&table);
}
