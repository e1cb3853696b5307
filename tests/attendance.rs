//! Attendance on real campus databases: taking and editing registers, the calendar's refusals,
//! leave, teachers' sections, two PCs marking the same register offline, and the reports
//! (screen values, CSV and PDF).

use campusdesk_core::attendance::mark_id;
use campusdesk_core::store::changes::Applied;
use campusdesk_core::{CoreError, Office, Permission, Session};
use campusdesk_shared::ErrorCode;
use campusdesk_shared::attendance::{
    AttendanceMode, AttendanceReportRequest, AttendanceSettings, AttendanceStatus, DayKind,
    HolidayInput, LeaveInput, LeaveStatus, MarkInput, MarkSource, MonthlyRegister, RegisterInput,
    RegisterSaved, ReportFormat,
};
use campusdesk_tests::{TestCampus, admin_sign_in, admission, apply, made_offline, second_pc};
use chrono::Duration;
use expect_test::expect;

use AttendanceStatus::{Absent, Excused, HalfDay, Late, Present};

/// A campus with class VI's two sections: five students in VI-A (one of them admitted in the
/// middle of June), one in VI-B, a teacher assigned to VI-A and a receptionist.
struct School {
    campus: TestCampus,
    six_a: String,
    six_b: String,
    /// VI-A's students by first name.
    asha: String,
    ravi: String,
    meera: String,
    amelie: String,
    zoya: String,
    nikhil: String,
    teacher: Session,
    desk: Session,
}

fn school(today: &str) -> School {
    let mut campus = TestCampus::on(today);
    let (class_id, six_a) = campus.class("VI");
    let six_b = campus
        .office
        .add_section(&campus.admin, &class_id, "B")
        .expect("section B");
    let mut admit = |first: &str, last: &str, section: &str, phone: &str, admitted: &str| {
        let mut form = admission(first, last, &(class_id.clone(), section.to_owned()), phone);
        form.admitted_on = admitted.into();
        campus.office.admit(&campus.admin, &form).expect("admitted")
    };
    let asha = admit("Asha", "Rao", &six_a, "9845000001", "01/04/2026");
    let ravi = admit("Ravi", "Das", &six_a, "9845000002", "01/04/2026");
    let meera = admit("Meera", "Nair", &six_a, "9845000003", "01/04/2026");
    let amelie = admit("Amélie", "D'Souza", &six_a, "9845000004", "01/04/2026");
    let zoya = admit("Zoya", "Khan", &six_a, "9845000005", "15/06/2026");
    let nikhil = admit("Nikhil", "Bose", &six_b, "9845000006", "01/04/2026");
    let teacher = campus.user("teacher");
    let desk = campus.user("receptionist");
    campus
        .office
        .assign_teacher(&campus.admin, &teacher.user_id, &six_a)
        .expect("assigned");
    School {
        campus,
        six_a,
        six_b,
        asha,
        ravi,
        meera,
        amelie,
        zoya,
        nikhil,
        teacher,
        desk,
    }
}

fn marks(list: &[(&str, AttendanceStatus)]) -> Vec<MarkInput> {
    list.iter()
        .map(|(student, status)| MarkInput {
            student_id: (*student).to_owned(),
            status: *status,
            remark: String::new(),
        })
        .collect()
}

fn take(
    office: &mut Office,
    session: &Session,
    section: &str,
    date: &str,
    list: &[(&str, AttendanceStatus)],
) -> Result<RegisterSaved, CoreError> {
    office.save_register(
        session,
        &RegisterInput {
            section_id: section.to_owned(),
            date: date.to_owned(),
            period: 0,
            marks: marks(list),
        },
    )
}

fn count(office: &Office, sql: &str) -> i64 {
    office
        .connection()
        .query_row(sql, [], |r| r.get(0))
        .expect("count")
}

/// The per-month tally the campus reports read agrees with the marks themselves.
fn assert_tally_matches_marks(office: &Office) {
    let rows = |sql: &str| -> Vec<(String, String, String, String, i64)> {
        let mut stmt = office.connection().prepare(sql).expect("prepare");
        stmt.query_map([], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })
        .expect("query")
        .collect::<Result<_, _>>()
        .expect("rows")
    };
    let marks = rows(
        "SELECT substr(on_date, 1, 7), student_id, section_id, status, count(*) FROM attendance_mark
         WHERE deleted = 0 GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4",
    );
    assert!(!marks.is_empty());
    assert_eq!(
        rows(
            "SELECT month, student_id, section_id, status, marks FROM attendance_tally
             WHERE marks > 0 ORDER BY 1, 2, 3, 4"
        ),
        marks
    );
}

fn sheet_statuses(
    office: &Office,
    session: &Session,
    section: &str,
    date: &str,
) -> Vec<(String, AttendanceStatus, MarkSource)> {
    office
        .register_sheet(session, section, date, 0)
        .expect("sheet")
        .lines
        .into_iter()
        .map(|line| (line.full_name, line.status, line.source))
        .collect()
}

#[test]
fn a_register_is_one_transaction_that_stores_only_the_chosen_marks() {
    let mut s = school("2026-06-15");
    let before = s.campus.change_count();
    let saved = take(
        &mut s.campus.office,
        &s.teacher,
        &s.six_a,
        "15/06/2026",
        &[
            (&s.asha, Absent),
            (&s.ravi, Present), // the screen's default, sent anyway
            (&s.meera, Late),
        ],
    )
    .expect("saved");
    assert_eq!(
        saved,
        RegisterSaved {
            newly_taken: true,
            marks_changed: 2
        }
    );
    assert_eq!(
        s.campus.change_count(),
        before + 3,
        "the register and two marks: a default present is not stored"
    );
    assert_eq!(
        sheet_statuses(&s.campus.office, &s.teacher, &s.six_a, "2026-06-15"),
        [
            ("Amélie D'Souza".to_owned(), Present, MarkSource::Default),
            ("Asha Rao".to_owned(), Absent, MarkSource::Marked),
            ("Meera Nair".to_owned(), Late, MarkSource::Marked),
            ("Ravi Das".to_owned(), Present, MarkSource::Default),
            ("Zoya Khan".to_owned(), Present, MarkSource::Default),
        ]
    );

    // A bad line anywhere refuses the whole save: the register and the marks written before
    // the bad line are rolled back with it.
    let before = s.campus.change_count();
    let error = take(
        &mut s.campus.office,
        &s.teacher,
        &s.six_a,
        "12/06/2026",
        &[
            (&s.asha, Absent),
            (&s.ravi, Late),
            (&s.nikhil, Absent), // VI-B's
            (&s.ravi, HalfDay),
        ],
    )
    .expect_err("refused");
    let CoreError::Invalid(fields) = &error else {
        panic!("{error}");
    };
    let fields: Vec<(&str, &str)> = fields
        .iter()
        .map(|f| (f.field.as_str(), f.message.as_str()))
        .collect();
    assert_eq!(
        fields,
        [
            (
                "marks.2.student_id",
                "That student is not on the roll of VI-A on 12/06/2026"
            ),
            ("marks.3.student_id", "This student is listed twice"),
        ]
    );
    assert_eq!(s.campus.change_count(), before, "no change record is left");
    assert_eq!(
        count(
            &s.campus.office,
            "SELECT count(*) FROM attendance_mark WHERE on_date = '2026-06-12'"
        ),
        0
    );
    let sheet = s
        .campus
        .office
        .register_sheet(&s.teacher, &s.six_a, "12/06/2026", 0)
        .expect("sheet");
    assert_eq!(sheet.taken_by, None, "the register was not taken");
    // Zoya was admitted on 15/06: she is not on the roll before.
    assert_eq!(sheet.lines.len(), 4);
}

#[test]
fn an_edited_register_keeps_who_changed_which_mark_and_when() {
    let mut s = school("2026-06-15");
    take(
        &mut s.campus.office,
        &s.desk,
        &s.six_a,
        "15/06/2026",
        &[(&s.asha, Absent)],
    )
    .expect("the front desk takes the register");
    // Taking is attendance.mark; changing a taken register is attendance.edit.
    let refused = take(
        &mut s.campus.office,
        &s.desk,
        &s.six_a,
        "15/06/2026",
        &[(&s.asha, Late)],
    )
    .expect_err("the front desk cannot change it");
    assert!(matches!(
        refused,
        CoreError::Forbidden(Permission::AttendanceEdit)
    ));

    s.campus.clock.advance(Duration::minutes(40));
    let mut edit = RegisterInput {
        section_id: s.six_a.clone(),
        date: "2026-06-15".into(),
        period: 0,
        marks: marks(&[(&s.asha, Late), (&s.ravi, Absent)]),
    };
    edit.marks[0].remark = "Came at   10:10, bus late".into();
    let saved = s
        .campus
        .office
        .save_register(&s.teacher, &edit)
        .expect("the teacher corrects it");
    assert_eq!(
        saved,
        RegisterSaved {
            newly_taken: false,
            marks_changed: 2
        }
    );
    // Saving the same again changes nothing and logs nothing.
    let before = s.campus.change_count();
    s.campus
        .office
        .save_register(&s.teacher, &edit)
        .expect("saved again");
    assert_eq!(s.campus.change_count(), before);
    // An explicit present corrects the mark (it is stored, as a choice).
    s.campus.clock.advance(Duration::minutes(5));
    take(
        &mut s.campus.office,
        &s.campus.admin,
        &s.six_a,
        "15/06/2026",
        &[(&s.ravi, Present)],
    )
    .expect("corrected");

    let history = |student: &str| -> Vec<String> {
        s.campus
            .office
            .mark_history(&s.teacher, student, "15/06/2026", 0)
            .expect("history")
            .into_iter()
            .map(|entry| {
                let fields: Vec<String> = entry
                    .fields
                    .iter()
                    .filter(|(name, _)| name == "status" || name == "remark")
                    .map(|(name, value)| format!("{name}={value}"))
                    .collect();
                format!(
                    "{} {} {} on {}: {}",
                    &entry.at[11..16],
                    entry.username,
                    entry.kind,
                    entry.device_code,
                    fields.join(" ")
                )
            })
            .collect()
    };
    assert_eq!(
        history(&s.asha),
        [
            "09:00 receptionist1 insert on PC1: remark= status=absent",
            "09:40 teacher1 update on PC1: remark=Came at 10:10, bus late status=late",
        ]
    );
    assert_eq!(
        history(&s.ravi),
        [
            "09:40 teacher1 insert on PC1: remark= status=absent",
            "09:45 admin update on PC1: status=present",
        ]
    );
    assert_eq!(
        sheet_statuses(&s.campus.office, &s.teacher, &s.six_a, "15/06/2026")[3],
        ("Ravi Das".to_owned(), Present, MarkSource::Marked)
    );
    assert_tally_matches_marks(&s.campus.office);
}

#[test]
fn registers_are_refused_on_days_without_school() {
    let mut s = school("2026-06-15");
    s.campus
        .office
        .add_holiday(
            &s.campus.admin,
            &HolidayInput {
                name: "Summer break".into(),
                starts_on: "01/06/2026".into(),
                ends_on: "05/06/2026".into(),
            },
        )
        .expect("holiday");
    let cases: &[(&str, u8, &str, &str)] = &[
        (
            "16/06/2026",
            0,
            "date",
            "16/06/2026 is in the future; attendance is marked on the day or after",
        ),
        (
            "31/03/2026",
            0,
            "date",
            "31/03/2026 is outside the academic year 2026-27 (01/04/2026 to 31/03/2027)",
        ),
        (
            "14/06/2026",
            0,
            "date",
            "14/06/2026 is a Sunday, a weekly off",
        ),
        (
            "03/06/2026",
            0,
            "date",
            "03/06/2026 is a holiday: Summer break",
        ),
        ("31/06/2026", 0, "date", "Date 31/06/2026 does not exist"),
        (
            "15/06/2026",
            2,
            "period",
            "This campus takes attendance once a day; there is no period 2",
        ),
    ];
    for (date, period, field, message) in cases {
        let error = s
            .campus
            .office
            .save_register(
                &s.teacher,
                &RegisterInput {
                    section_id: s.six_a.clone(),
                    date: (*date).to_owned(),
                    period: *period,
                    marks: marks(&[(&s.asha, Absent)]),
                },
            )
            .expect_err(date);
        let api = error.to_api();
        assert_eq!(
            (api.code, api.field.as_deref(), api.message.as_str()),
            (ErrorCode::Invalid, Some(*field), *message),
            "{date} period {period}"
        );
    }
    let closed = s
        .campus
        .office
        .register_sheet(&s.teacher, &s.six_a, "2026-06-07", 0)
        .expect("a closed day's sheet still shows");
    assert_eq!(
        closed.closed_reason.as_deref(),
        Some("07/06/2026 is a Sunday, a weekly off")
    );
    assert_eq!(
        count(&s.campus.office, "SELECT count(*) FROM attendance_register"),
        0
    );

    // Saturdays off as well, and one register per period.
    s.campus
        .office
        .set_attendance_settings(
            &s.campus.admin,
            &AttendanceSettings {
                mode: AttendanceMode::PerPeriod,
                periods_per_day: 6,
                weekly_offs: vec!["sat".into(), "Sunday".into()],
            },
        )
        .expect("settings");
    let settings = s
        .campus
        .office
        .attendance_settings(&s.teacher)
        .expect("read back");
    assert_eq!(settings.weekly_offs, ["sat", "sun"]);
    assert_eq!(settings.periods_per_day, 6);
    for (period, expected) in [
        (
            0,
            Err("Choose a period from 1 to 6; this campus takes attendance every period"),
        ),
        (
            7,
            Err("Choose a period from 1 to 6; this campus takes attendance every period"),
        ),
        (3, Ok(())),
    ] {
        let result = s.campus.office.save_register(
            &s.teacher,
            &RegisterInput {
                section_id: s.six_a.clone(),
                date: "15/06/2026".into(),
                period,
                marks: marks(&[(&s.asha, Absent)]),
            },
        );
        assert_eq!(
            result.map(drop).map_err(|e| e.to_string()),
            expected.map_err(str::to_owned),
            "period {period}"
        );
    }
    let saturday = s.campus.office.save_register(
        &s.teacher,
        &RegisterInput {
            section_id: s.six_a.clone(),
            date: "13/06/2026".into(),
            period: 1,
            marks: Vec::new(),
        },
    );
    assert_eq!(
        saturday.expect_err("a weekly off now").to_string(),
        "13/06/2026 is a Saturday, a weekly off"
    );
}

#[test]
fn approved_leave_shows_as_excused_in_the_register() {
    let mut s = school("2026-06-15");
    // Meera was marked absent on Friday before her mother's call was recorded.
    take(
        &mut s.campus.office,
        &s.teacher,
        &s.six_a,
        "12/06/2026",
        &[(&s.meera, Absent)],
    )
    .expect("taken");
    let leave = |office: &mut Office, session: &Session, student: &str, from: &str, to: &str| {
        office
            .record_leave(
                session,
                &LeaveInput {
                    student_id: student.to_owned(),
                    starts_on: from.into(),
                    ends_on: to.into(),
                    reason: "Fever".into(),
                    requested_by: "Mother, by phone".into(),
                },
            )
            .expect("recorded")
    };
    let meeras = leave(
        &mut s.campus.office,
        &s.desk,
        &s.meera,
        "12/06/2026",
        "16/06/2026",
    );
    let ravis = leave(&mut s.campus.office, &s.desk, &s.ravi, "15/06/2026", "");
    let ashas = leave(
        &mut s.campus.office,
        &s.desk,
        &s.asha,
        "15/06/2026",
        "15/06/2026",
    );
    take(
        &mut s.campus.office,
        &s.teacher,
        &s.six_a,
        "15/06/2026",
        &[],
    )
    .expect("taken");
    assert_eq!(
        sheet_statuses(&s.campus.office, &s.teacher, &s.six_a, "15/06/2026")[1..4],
        [
            ("Asha Rao".to_owned(), Present, MarkSource::Default),
            ("Meera Nair".to_owned(), Present, MarkSource::Default),
            ("Ravi Das".to_owned(), Present, MarkSource::Default),
        ],
        "pending leave changes nothing"
    );

    let refused = s
        .campus
        .office
        .decide_leave(&s.desk, &meeras, true, "")
        .expect_err("the front desk records, it does not decide");
    assert!(matches!(
        refused,
        CoreError::Forbidden(Permission::AttendanceEdit)
    ));
    for id in [&meeras, &ravis] {
        s.campus
            .office
            .decide_leave(&s.teacher, id, true, "Get well soon")
            .expect("approved by the class teacher");
    }
    s.campus
        .office
        .decide_leave(&s.teacher, &ashas, false, "Exams that day")
        .expect("rejected");
    let again = s
        .campus
        .office
        .decide_leave(&s.campus.admin, &ashas, true, "")
        .expect_err("decided already");
    assert_eq!(
        again.to_string(),
        "This leave was already rejected by teacher1"
    );

    assert_eq!(
        sheet_statuses(&s.campus.office, &s.teacher, &s.six_a, "15/06/2026")[1..4],
        [
            ("Asha Rao".to_owned(), Present, MarkSource::Default),
            ("Meera Nair".to_owned(), Excused, MarkSource::Leave),
            ("Ravi Das".to_owned(), Excused, MarkSource::Leave),
        ],
        "approved leave excuses a taken register; a rejected one does not"
    );
    assert_eq!(
        sheet_statuses(&s.campus.office, &s.teacher, &s.six_a, "12/06/2026")[2],
        ("Meera Nair".to_owned(), Excused, MarkSource::Leave),
        "an absence the leave covers becomes excused"
    );
    // Ravi came after all: marked present over the leave, and that mark stands.
    take(
        &mut s.campus.office,
        &s.teacher,
        &s.six_a,
        "15/06/2026",
        &[(&s.ravi, Present)],
    )
    .expect("marked present");
    assert_eq!(
        sheet_statuses(&s.campus.office, &s.teacher, &s.six_a, "15/06/2026")[3],
        ("Ravi Das".to_owned(), Present, MarkSource::Marked)
    );
    let listed: Vec<(String, LeaveStatus, Option<String>)> = s
        .campus
        .office
        .leave_requests(&s.desk, None, None)
        .expect("list")
        .into_iter()
        .map(|l| (l.student_name, l.status, l.decided_by))
        .collect();
    assert_eq!(
        listed,
        [
            (
                "Asha Rao".to_owned(),
                LeaveStatus::Rejected,
                Some("teacher1".to_owned())
            ),
            (
                "Ravi Das".to_owned(),
                LeaveStatus::Approved,
                Some("teacher1".to_owned())
            ),
            (
                "Meera Nair".to_owned(),
                LeaveStatus::Approved,
                Some("teacher1".to_owned())
            ),
        ]
    );
    // The leave lives in its own rows: no mark was written for it.
    assert_eq!(
        count(
            &s.campus.office,
            "SELECT count(*) FROM attendance_mark WHERE status = 'excused'"
        ),
        0
    );
}

#[test]
fn a_teacher_marks_only_the_sections_assigned_to_them() {
    let mut s = school("2026-06-15");
    take(
        &mut s.campus.office,
        &s.teacher,
        &s.six_a,
        "15/06/2026",
        &[],
    )
    .expect("VI-A is the teacher's");
    let error = take(
        &mut s.campus.office,
        &s.teacher,
        &s.six_b,
        "15/06/2026",
        &[(&s.nikhil, Absent)],
    )
    .expect_err("VI-B is not");
    assert_eq!(error.code(), ErrorCode::Forbidden);
    assert_eq!(
        error.to_string(),
        "You take attendance only for the sections assigned to you; VI-B is not one of them"
    );
    // Others with the permission are not limited to sections.
    take(
        &mut s.campus.office,
        &s.desk,
        &s.six_b,
        "15/06/2026",
        &[(&s.nikhil, Absent)],
    )
    .expect("the front desk marks any section");
    let leave = s
        .campus
        .office
        .record_leave(
            &s.desk,
            &LeaveInput {
                student_id: s.nikhil.clone(),
                starts_on: "16/06/2026".into(),
                reason: "Wedding".into(),
                ..Default::default()
            },
        )
        .expect("recorded");
    assert_eq!(
        s.campus
            .office
            .decide_leave(&s.teacher, &leave, true, "")
            .expect_err("not the teacher's section")
            .code(),
        ErrorCode::Forbidden
    );

    // The register screen offers a teacher their own sections, and the front desk all.
    let offered = |office: &Office, session: &Session| {
        office
            .register_sections(session)
            .expect("sections")
            .into_iter()
            .map(|section| section.label)
            .collect::<Vec<_>>()
    };
    assert_eq!(offered(&s.campus.office, &s.teacher), ["VI-A"]);
    // A teacher prints the month of their own section's register, and no other.
    s.campus
        .office
        .monthly_register(&s.teacher, &s.six_a, 2026, 6, 0)
        .expect("VI-A's month");
    assert_eq!(
        s.campus
            .office
            .monthly_register(&s.teacher, &s.six_b, 2026, 6, 0)
            .expect_err("not VI-B's")
            .code(),
        ErrorCode::Forbidden
    );
    assert!(offered(&s.campus.office, &s.desk).len() > 1);
    let sections = s
        .campus
        .office
        .teacher_sections(&s.teacher, Some(&s.teacher.user_id))
        .expect("sections");
    assert_eq!(
        sections
            .iter()
            .map(|t| t.section_label.as_str())
            .collect::<Vec<_>>(),
        ["VI-A"]
    );
    s.campus
        .office
        .unassign_teacher(&s.campus.admin, &s.teacher.user_id, &s.six_a)
        .expect("unassigned");
    assert_eq!(
        take(
            &mut s.campus.office,
            &s.teacher,
            &s.six_a,
            "12/06/2026",
            &[]
        )
        .expect_err("no longer")
        .code(),
        ErrorCode::Forbidden
    );
    s.campus
        .office
        .assign_teacher(&s.campus.admin, &s.teacher.user_id, &s.six_a)
        .expect("assigned again: the same row comes back");
    take(
        &mut s.campus.office,
        &s.teacher,
        &s.six_a,
        "12/06/2026",
        &[],
    )
    .expect("marks again");
    assert_eq!(
        count(&s.campus.office, "SELECT count(*) FROM teacher_section"),
        1
    );
    let not_a_teacher = s
        .campus
        .office
        .assign_teacher(&s.campus.admin, &s.desk.user_id, &s.six_b)
        .expect_err("only teachers");
    assert_eq!(
        not_a_teacher.to_string(),
        "Sections are assigned to teachers; this user's role is not teacher"
    );
}

#[test]
fn two_pcs_marking_the_same_register_offline_merge_per_mark() {
    let mut s = school("2026-06-15");
    let mut pc2 = second_pc(&s.campus);
    let admin2 = pc2.sign_in(&admin_sign_in()).expect("signs in on PC2");
    let seen = s.campus.change_count();

    // Offline, the same morning: PC1 marks Asha absent and Ravi late; a little later PC2
    // marks Asha half day and Meera absent, and leaves Ravi at the screen's default.
    take(
        &mut s.campus.office,
        &s.campus.admin,
        &s.six_a,
        "15/06/2026",
        &[(&s.asha, Absent), (&s.ravi, Late)],
    )
    .expect("PC1");
    s.campus.clock.advance(Duration::minutes(3));
    take(
        &mut pc2,
        &admin2,
        &s.six_a,
        "15/06/2026",
        &[(&s.asha, HalfDay), (&s.ravi, Present), (&s.meera, Absent)],
    )
    .expect("PC2");

    let (from_pc1, from_pc2) = made_offline(&s.campus, seen, &pc2);
    assert_eq!(from_pc1.len(), 3, "PC1: register and two marks");
    assert_eq!(
        from_pc2.len(),
        3,
        "PC2: register and two marks (no default present)"
    );
    let conflicts = |applied: Vec<Applied>| -> usize {
        applied
            .iter()
            .map(|a| match a {
                Applied::Applied { conflicts } => *conflicts,
                Applied::AlreadyHad => 0,
            })
            .sum()
    };
    assert_eq!(conflicts(apply(&mut pc2, &from_pc1)), 1);
    assert_eq!(conflicts(apply(&mut s.campus.office, &from_pc2)), 1);

    for (office, session) in [(&s.campus.office, &s.campus.admin), (&pc2, &admin2)] {
        assert_eq!(
            sheet_statuses(office, session, &s.six_a, "15/06/2026")[1..4],
            [
                ("Asha Rao".to_owned(), HalfDay, MarkSource::Marked),
                ("Meera Nair".to_owned(), Absent, MarkSource::Marked),
                ("Ravi Das".to_owned(), Late, MarkSource::Marked),
            ],
            "the later writer wins Asha's mark; PC2's default never touched Ravi's"
        );
        assert_eq!(
            count(office, "SELECT count(*) FROM attendance_mark"),
            3,
            "one mark per student and day: nothing duplicated"
        );
        assert_eq!(count(office, "SELECT count(*) FROM attendance_register"), 1);
        let found: Vec<(String, String, String, String)> = office
            .conflicts(session)
            .expect("conflicts")
            .into_iter()
            .map(|c| (c.table, c.field, c.kept_value, c.lost_value))
            .collect();
        assert_eq!(
            found,
            [(
                "attendance_mark".to_owned(),
                "status".to_owned(),
                "half_day".to_owned(),
                "absent".to_owned()
            )],
            "the overwritten absent is kept for review"
        );
        assert_tally_matches_marks(office);
        let conflict_row: String = office
            .connection()
            .query_row("SELECT row_id FROM conflict", [], |r| r.get(0))
            .expect("row");
        assert_eq!(
            conflict_row,
            mark_id(
                &s.asha,
                chrono::NaiveDate::from_ymd_opt(2026, 6, 15).expect("date"),
                0
            )
        );
    }
}

#[test]
fn a_default_present_never_overwrites_another_pcs_absent() {
    let mut s = school("2026-06-15");
    let mut pc2 = second_pc(&s.campus);
    let admin2 = pc2.sign_in(&admin_sign_in()).expect("signs in on PC2");
    let seen = s.campus.change_count();
    take(
        &mut s.campus.office,
        &s.campus.admin,
        &s.six_a,
        "15/06/2026",
        &[(&s.asha, Absent)],
    )
    .expect("PC1 marks Asha absent");
    // PC2 takes the same register later, everyone as the screen shows them.
    s.campus.clock.advance(Duration::minutes(10));
    let sheet = pc2
        .register_sheet(&admin2, &s.six_a, "15/06/2026", 0)
        .expect("sheet");
    let everyone: Vec<(&str, AttendanceStatus)> = sheet
        .lines
        .iter()
        .map(|line| (line.student_id.as_str(), line.status))
        .collect();
    take(&mut pc2, &admin2, &s.six_a, "15/06/2026", &everyone).expect("PC2");
    let (from_pc1, from_pc2) = made_offline(&s.campus, seen, &pc2);
    assert_eq!(from_pc2.len(), 1, "only PC2's register row travels");
    apply(&mut pc2, &from_pc1);
    apply(&mut s.campus.office, &from_pc2);
    for (office, session) in [(&s.campus.office, &s.campus.admin), (&pc2, &admin2)] {
        assert_eq!(
            sheet_statuses(office, session, &s.six_a, "15/06/2026")[1],
            ("Asha Rao".to_owned(), Absent, MarkSource::Marked)
        );
        assert_eq!(count(office, "SELECT count(*) FROM conflict"), 0);
    }
}

/// June 2026 in VI-A: Sundays off, a holiday on the 17th, no register on the 10th, a few
/// absences, a late and a half day, Meera's approved leave over a marked absence, a
/// corrected absence, and Zoya admitted on the 15th.
fn june(s: &mut School) {
    let office = &mut s.campus.office;
    office
        .add_holiday(
            &s.campus.admin,
            &HolidayInput {
                name: "Bakrid".into(),
                starts_on: "17/06/2026".into(),
                ends_on: String::new(),
            },
        )
        .expect("holiday");
    let leave = office
        .record_leave(
            &s.desk,
            &LeaveInput {
                student_id: s.meera.clone(),
                starts_on: "08/06/2026".into(),
                ends_on: "09/06/2026".into(),
                reason: "Grandmother's wedding anniversary".into(),
                requested_by: "Father".into(),
            },
        )
        .expect("leave");
    office
        .decide_leave(&s.teacher, &leave, true, "")
        .expect("approved");
    for day in 1..=30 {
        let date = chrono::NaiveDate::from_ymd_opt(2026, 6, day).expect("date");
        if day == 10 || day == 17 || date.format("%a").to_string() == "Sun" {
            continue;
        }
        let mut list: Vec<(&str, AttendanceStatus)> = Vec::new();
        match day {
            2 | 3 => list.push((&s.asha, Absent)),
            4 => list.push((&s.asha, Late)),
            5 => list.push((&s.ravi, HalfDay)),
            8 => list.push((&s.meera, Absent)),
            11 => list.push((&s.ravi, Absent)),
            22..=26 => list.push((&s.amelie, Absent)),
            _ => {}
        }
        take(office, &s.teacher, &s.six_a, &date.to_string(), &list).expect("taken");
    }
    // Ravi was there on the 11th after all.
    take(
        office,
        &s.teacher,
        &s.six_a,
        "11/06/2026",
        &[(&s.ravi, Present)],
    )
    .expect("corrected");
}

/// The register as text, to compare whole.
fn register_text(register: &MonthlyRegister) -> String {
    let mut out = format!(
        "{} · {} · {}\n",
        register.school_name, register.section_label, register.month_name
    );
    out.push_str(&format!("{:<24}", ""));
    for day in &register.days {
        out.push_str(&format!("{:>3}", day.day));
    }
    out.push('\n');
    out.push_str(&format!("{:<24}", ""));
    for day in &register.days {
        let mark = match &day.kind {
            DayKind::Taken => "",
            DayKind::NotTaken => "?",
            DayKind::WeeklyOff => "wo",
            DayKind::Holiday(_) => "ho",
            DayKind::NoSchool => "-",
        };
        out.push_str(&format!("{mark:>3}"));
    }
    out.push('\n');
    for row in &register.rows {
        out.push_str(&format!(
            "{:<24}",
            format!("{} {}", row.admission_no, row.full_name)
        ));
        for cell in &row.cells {
            out.push_str(&format!("{:>3}", cell.map_or(".", |s| s.code())));
        }
        let t = &row.totals;
        out.push_str(&format!(
            "  {} sessions P{} A{} L{} HD{} E{} {}\n",
            t.sessions,
            t.present,
            t.absent,
            t.late,
            t.half_day,
            t.excused,
            t.percent_tenths
                .map_or(String::new(), |p| format!("{}.{}%", p / 10, p % 10))
        ));
    }
    out.push_str(&format!("{:<24}", "attending"));
    for count in &register.present_per_day {
        out.push_str(&format!(
            "{:>3}",
            count.map_or(String::new(), |n| n.to_string())
        ));
    }
    out.push('\n');
    out
}

#[test]
fn the_monthly_register_of_a_section() {
    let mut s = school("2026-06-30");
    june(&mut s);
    let register = s
        .campus
        .office
        .monthly_register(&s.campus.admin, &s.six_a, 2026, 6, 0)
        .expect("register");
    expect![[r#"
        Green Valley International School · VI-A · June 2026
                                  1  2  3  4  5  6  7  8  9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26 27 28 29 30
                                                   wo        ?          wo       ho          wo                   wo      
        GVS/00004 Amélie D'Souza  P  P  P  P  P  P  .  P  P  .  P  P  P  .  P  P  .  P  P  P  .  A  A  A  A  A  P  .  P  P  24 sessions P19 A5 L0 HD0 E0 79.2%
        GVS/00001 Asha Rao        P  A  A  L  P  P  .  P  P  .  P  P  P  .  P  P  .  P  P  P  .  P  P  P  P  P  P  .  P  P  24 sessions P21 A2 L1 HD0 E0 91.7%
        GVS/00003 Meera Nair      P  P  P  P  P  P  .  E  E  .  P  P  P  .  P  P  .  P  P  P  .  P  P  P  P  P  P  .  P  P  24 sessions P22 A0 L0 HD0 E2 91.7%
        GVS/00002 Ravi Das        P  P  P  P HD  P  .  P  P  .  P  P  P  .  P  P  .  P  P  P  .  P  P  P  P  P  P  .  P  P  24 sessions P23 A0 L0 HD1 E0 97.9%
        GVS/00005 Zoya Khan       .  .  .  .  .  .  .  .  .  .  .  .  .  .  P  P  .  P  P  P  .  P  P  P  P  P  P  .  P  P  13 sessions P13 A0 L0 HD0 E0 100.0%
        attending                 4  3  3  4  3  4     3  3     4  4  4     5  5     5  5  5     4  4  4  4  4  5     5  5
    "#]]
    .assert_eq(&register_text(&register));

    let csv = s
        .campus
        .office
        .attendance_report_file(
            &s.campus.admin,
            &AttendanceReportRequest::MonthlyRegister {
                section_id: s.six_a.clone(),
                year: 2026,
                month: 6,
                period: 0,
            },
            ReportFormat::Csv,
        )
        .expect("csv");
    let text = String::from_utf8(csv).expect("UTF-8");
    let text = text
        .strip_prefix('\u{feff}')
        .expect("a byte-order mark for Excel");
    assert!(text.lines().count() > 1 && text.split("\r\n").count() == text.lines().count() + 1);
    expect![[r#"
        Adm No,Name,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,Sessions,P,A,L,HD,E,%
        GVS/00004,Amélie D'Souza,P,P,P,P,P,P,,P,P,,P,P,P,,P,P,,P,P,P,,A,A,A,A,A,P,,P,P,24,19,5,0,0,0,79.2%
        GVS/00001,Asha Rao,P,A,A,L,P,P,,P,P,,P,P,P,,P,P,,P,P,P,,P,P,P,P,P,P,,P,P,24,21,2,1,0,0,91.7%
        GVS/00003,Meera Nair,P,P,P,P,P,P,,E,E,,P,P,P,,P,P,,P,P,P,,P,P,P,P,P,P,,P,P,24,22,0,0,0,2,91.7%
        GVS/00002,Ravi Das,P,P,P,P,HD,P,,P,P,,P,P,P,,P,P,,P,P,P,,P,P,P,P,P,P,,P,P,24,23,0,0,1,0,97.9%
        GVS/00005,Zoya Khan,,,,,,,,,,,,,,,P,P,,P,P,P,,P,P,P,P,P,P,,P,P,13,13,0,0,0,0,100.0%
        ,Attending,4,3,3,4,3,4,,3,3,,4,4,4,,5,5,,5,5,5,,4,4,4,4,4,5,,5,5,109,98,7,1,1,2,91.3%
    "#]]
    .assert_eq(&text.replace("\r\n", "\n"));

    let pdf = s
        .campus
        .office
        .attendance_report_file(
            &s.campus.admin,
            &AttendanceReportRequest::MonthlyRegister {
                section_id: s.six_a.clone(),
                year: 2026,
                month: 6,
                period: 0,
            },
            ReportFormat::Pdf,
        )
        .expect("pdf");
    assert!(pdf.starts_with(b"%PDF-"), "a PDF");
    let mut warnings = Vec::new();
    let parsed =
        printpdf::PdfDocument::parse(&pdf, &printpdf::PdfParseOptions::default(), &mut warnings)
            .expect("reads back");
    assert_eq!(parsed.pages.len(), 1);
    let page = &parsed.pages[0];
    assert!(
        page.media_box.width.0 > page.media_box.height.0,
        "A4 landscape: {:?}",
        page.media_box
    );
    let text = parsed.extract_text().concat().join(" ");
    for expected in [
        "Attendance register · VI-A · June 2026",
        "Amélie D'Souza",
        "GVS/00005",
        "79.2%",
        "Page 1 of 1",
        "Holidays: 17 Bakrid",
    ] {
        assert!(text.contains(expected), "{expected} in {text}");
    }
    assert!(
        pdf.len() < 120_000,
        "the font is subset, not embedded whole: {} bytes",
        pdf.len()
    );
}

#[test]
fn the_campus_reports_count_as_the_register_does() {
    let mut s = school("2026-06-30");
    june(&mut s);
    take(
        &mut s.campus.office,
        &s.desk,
        &s.six_b,
        "29/06/2026",
        &[(&s.nikhil, Absent)],
    )
    .expect("VI-B");
    let office = &s.campus.office;
    let admin = &s.campus.admin;
    // For whole months, parts of months and both, the walked totals of each student (as the
    // register and the student summary count them)...
    for (from, to) in [
        ("01/06/2026", "30/06/2026"),
        ("03/06/2026", "24/06/2026"),
        ("01/05/2026", "24/06/2026"),
        ("09/06/2026", "31/07/2026"),
    ] {
        let walked: Vec<(String, _)> = [&s.amelie, &s.asha, &s.meera, &s.ravi, &s.zoya, &s.nikhil]
            .iter()
            .map(|id| {
                let summary = office
                    .student_attendance(admin, id, from, to)
                    .expect("summary");
                (summary.full_name, summary.totals)
            })
            .collect();
        // ...are what the campus-wide count finds.
        let below = office
            .attendance_below(admin, 100, from, to)
            .expect("below");
        let counted: Vec<(String, _)> = below
            .rows
            .iter()
            .map(|row| (row.full_name.clone(), row.totals))
            .collect();
        let mut expected: Vec<(String, _)> = walked
            .iter()
            .filter(|(_, t)| t.percent_tenths.is_some_and(|p| p < 1000))
            .cloned()
            .collect();
        expected.sort_by_key(|(_, t)| t.percent_tenths);
        assert_eq!(counted, expected, "{from} to {to}");
        let campus = office.campus_attendance(admin, from, to).expect("campus");
        let walked_sessions: u32 = walked.iter().map(|(_, t)| t.sessions).sum();
        let walked_absent: u32 = walked.iter().map(|(_, t)| t.absent).sum();
        assert_eq!(
            (campus.campus.sessions, campus.campus.absent),
            (walked_sessions, walked_absent),
            "{from} to {to}"
        );
    }
    let below = office
        .attendance_below(admin, 100, "01/06/2026", "30/06/2026")
        .expect("below");
    let names: Vec<&str> = below.rows.iter().map(|r| r.full_name.as_str()).collect();
    assert_eq!(
        names,
        [
            "Nikhil Bose",
            "Amélie D'Souza",
            "Asha Rao",
            "Meera Nair",
            "Ravi Das"
        ],
        "lowest first; Zoya, at 100%, is not below"
    );
    let below_80: Vec<String> = office
        .attendance_below(admin, 80, "01/06/2026", "30/06/2026")
        .expect("below 80")
        .rows
        .into_iter()
        .map(|r| format!("{} {:?}", r.full_name, r.totals.percent_tenths))
        .collect();
    assert_eq!(
        below_80,
        ["Nikhil Bose Some(0)", "Amélie D'Souza Some(792)"]
    );

    let summary = office
        .student_attendance(admin, &s.asha, "01/06/2026", "30/06/2026")
        .expect("summary");
    assert_eq!(summary.months.len(), 1);
    assert_eq!(summary.months[0].month, "2026-06");
    assert_eq!(summary.months[0].totals, summary.totals);

    let campus = office
        .campus_attendance(admin, "01/06/2026", "30/06/2026")
        .expect("campus");
    let rows: Vec<String> = campus
        .classes
        .iter()
        .map(|c| {
            format!(
                "{} students {} registers {} sessions {} {:?}",
                c.class_name, c.students, c.registers, c.totals.sessions, c.totals.percent_tenths
            )
        })
        .collect();
    assert_eq!(rows, ["VI students 6 registers 25 sessions 110 Some(905)"]);

    let file = office
        .attendance_report_file(
            admin,
            &AttendanceReportRequest::CampusSummary {
                from: "01/06/2026".into(),
                to: "30/06/2026".into(),
            },
            ReportFormat::Csv,
        )
        .expect("csv");
    expect![[r#"
        Class,Students,Registers,Sessions,P,A,L,HD,E,%
        VI,6,25,110,98,8,1,1,2,90.5%
        Campus,6,25,110,98,8,1,1,2,90.5%
    "#]]
    .assert_eq(&String::from_utf8_lossy(&file[3..]).replace("\r\n", "\n"));
}

#[test]
fn the_front_desk_calls_the_guardians_of_todays_absentees() {
    let mut s = school("2026-06-15");
    s.campus
        .office
        .record_leave(
            &s.desk,
            &LeaveInput {
                student_id: s.meera.clone(),
                starts_on: "15/06/2026".into(),
                reason: "Fever".into(),
                ..Default::default()
            },
        )
        .and_then(|id| s.campus.office.decide_leave(&s.campus.admin, &id, true, ""))
        .expect("leave");
    let mut register = RegisterInput {
        section_id: s.six_a.clone(),
        date: "15/06/2026".into(),
        period: 0,
        marks: marks(&[(&s.asha, Absent), (&s.meera, Absent), (&s.ravi, Late)]),
    };
    register.marks[0].remark = "No word from home".into();
    s.campus
        .office
        .save_register(&s.teacher, &register)
        .expect("taken");
    let list = s.campus.office.absentees(&s.desk, "").expect("today's");
    assert_eq!(list.date, "2026-06-15");
    let rows: Vec<String> = list
        .rows
        .iter()
        .map(|r| {
            format!(
                "{} {} {} ({}) {}: {}",
                r.section_label,
                r.full_name,
                r.guardian_name,
                r.guardian_relation,
                r.guardian_phone,
                r.remark
            )
        })
        .collect();
    assert_eq!(
        rows,
        ["VI-A Asha Rao Father Rao (father) 9845000001: No word from home"],
        "Meera is on approved leave; Ravi is late, not absent"
    );
    assert_eq!(list.sections_not_taken, ["VI-B"]);
    let pdf = s
        .campus
        .office
        .attendance_report_file(
            &s.desk,
            &AttendanceReportRequest::Absentees {
                date: String::new(),
            },
            ReportFormat::Pdf,
        )
        .expect("the front desk prints it");
    assert!(pdf.starts_with(b"%PDF-"));
    assert_eq!(
        s.campus
            .office
            .attendance_report_file(
                &s.desk,
                &AttendanceReportRequest::CampusSummary {
                    from: String::new(),
                    to: String::new(),
                },
                ReportFormat::Pdf,
            )
            .expect_err("reports need attendance.report")
            .code(),
        ErrorCode::Forbidden
    );
}
