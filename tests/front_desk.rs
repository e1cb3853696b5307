//! The front desk's work on a real campus database: admissions with field-level errors,
//! admission numbers, siblings sharing guardians, search by name, number and phone, the
//! enquiry register and its conversion, the profile's history.

use campusdesk_core::CoreError;
use campusdesk_shared::office::{
    EnquiryInput, EnquiryStatus, GuardianInput, StudentQuery, StudentStatus,
};
use campusdesk_tests::{TestCampus, admission};

fn field_errors(error: CoreError) -> Vec<(String, String)> {
    match error {
        CoreError::Invalid(fields) => fields.into_iter().map(|f| (f.field, f.message)).collect(),
        other => panic!("expected field errors, got {other}"),
    }
}

#[test]
fn a_bad_form_reports_every_field_in_the_office_words() {
    let mut campus = TestCampus::new();
    let class = campus.class("II");
    let mut form = admission("", "Rao", &class, "12345");
    form.date_of_birth = "31/04/2015".into();
    form.gender = "x".into();
    form.email = "asha.at.home".into();
    form.guardians[0].relation = String::new();
    let errors = field_errors(
        campus
            .office
            .admit(&campus.admin, &form)
            .expect_err("refused"),
    );
    assert_eq!(
        errors,
        [
            (
                "first_name".to_owned(),
                "Enter the student's first name".to_owned()
            ),
            (
                "date_of_birth".to_owned(),
                "Date of birth 31/04/2015 does not exist".to_owned()
            ),
            (
                "gender".to_owned(),
                "x is not a gender: use male, female or other".to_owned()
            ),
            (
                "email".to_owned(),
                "asha.at.home is not an e-mail address".to_owned()
            ),
            (
                "guardians.0.relation".to_owned(),
                "Enter how the guardian is related (father, mother, ...)".to_owned()
            ),
            (
                "guardians.0.phone".to_owned(),
                "12345 is not a phone number (it has 5 digits)".to_owned()
            ),
        ]
    );
    let mut future = admission("Asha", "Rao", &class, "9845012345");
    future.date_of_birth = "01/01/2027".into();
    let errors = field_errors(
        campus
            .office
            .admit(&campus.admin, &future)
            .expect_err("refused"),
    );
    assert_eq!(errors[0].1, "Date of birth 01/01/2027 is not in the past");
    let mut no_guardian = admission("Asha", "Rao", &class, "9845012345");
    no_guardian.guardians.clear();
    assert_eq!(
        field_errors(
            campus
                .office
                .admit(&campus.admin, &no_guardian)
                .expect_err("refused")
        )[0]
        .0,
        "guardians"
    );
}

#[test]
fn admission_numbers_follow_the_pattern_and_never_repeat() {
    let mut campus = TestCampus::new();
    let class = campus.class("I");
    assert_eq!(
        campus
            .office
            .suggest_admission_no(&campus.admin)
            .expect("suggestion"),
        "GVS/00001"
    );
    campus
        .office
        .admit(&campus.admin, &admission("A", "One", &class, "9845000001"))
        .expect("admitted");
    // A number typed by hand that sits ahead of the cursor is skipped by later suggestions.
    let mut typed = admission("B", "Two", &class, "9845000002");
    typed.admission_no = "gvs/00002".into();
    campus
        .office
        .admit(&campus.admin, &typed)
        .expect("admitted");
    assert_eq!(
        campus
            .office
            .suggest_admission_no(&campus.admin)
            .expect("suggestion"),
        "GVS/00003"
    );
    let mut clash = admission("C", "Three", &class, "9845000003");
    clash.admission_no = "GVS/00001".into();
    match campus
        .office
        .admit(&campus.admin, &clash)
        .expect_err("duplicate")
    {
        CoreError::Duplicate { field, message } => {
            assert_eq!(field, "admission_no");
            assert_eq!(
                message,
                "Admission number GVS/00001 is already given to A One"
            );
        }
        other => panic!("{other}"),
    }
    campus
        .office
        .set_admission_pattern(&campus.admin, "{CAMPUS}-{YYYY}-{N:4}")
        .expect("pattern");
    assert_eq!(
        campus
            .office
            .admission_pattern(&campus.admin)
            .expect("pattern read back"),
        "{CAMPUS}-{YYYY}-{N:4}"
    );
    // Running number 2 was typed by hand in the old pattern; in the new one it is free.
    assert_eq!(
        campus
            .office
            .suggest_admission_no(&campus.admin)
            .expect("suggestion"),
        "GVS-2026-0002"
    );
}

#[test]
fn siblings_share_their_guardians() {
    let mut campus = TestCampus::new();
    let class = campus.class("IV");
    let elder = campus
        .office
        .admit(
            &campus.admin,
            &admission("Kabir", "Khan", &class, "98450 55555"),
        )
        .expect("admitted");
    // The same father typed again (another format of the same phone) is linked, not duplicated.
    let younger = campus
        .office
        .admit(
            &campus.admin,
            &admission("Zoya", "Khan", &class, "+91 98450-55555"),
        )
        .expect("admitted");
    let guardians: i64 = campus
        .office
        .connection()
        .query_row("SELECT count(*) FROM guardian", [], |r| r.get(0))
        .expect("count");
    assert_eq!(guardians, 1);
    let profile = campus
        .office
        .student_profile(&campus.admin, &younger)
        .expect("profile");
    assert_eq!(profile.siblings.len(), 1);
    assert_eq!(profile.siblings[0].student_id, elder);
    // Linking an existing guardian by id, as the form's "find guardian" does.
    let found = campus
        .office
        .find_guardians(&campus.admin, "9845055")
        .expect("found");
    assert_eq!(found[0].children, ["Kabir Khan", "Zoya Khan"]);
    let mut third = admission("Ayaan", "Khan", &class, "");
    third.guardians = vec![GuardianInput {
        existing_id: Some(found[0].id.clone()),
        relation: "father".into(),
        ..Default::default()
    }];
    let third = campus
        .office
        .admit(&campus.admin, &third)
        .expect("admitted");
    assert_eq!(
        campus
            .office
            .student_profile(&campus.admin, &third)
            .expect("profile")
            .siblings
            .len(),
        2
    );
}

#[test]
fn search_finds_by_name_prefix_admission_number_and_guardian_phone() {
    let mut campus = TestCampus::new();
    let class = campus.class("VI");
    let other = campus.class("VII");
    campus
        .office
        .admit(
            &campus.admin,
            &admission("Ananya", "Sharma", &class, "9811111111"),
        )
        .expect("admitted");
    campus
        .office
        .admit(
            &campus.admin,
            &admission("Anand", "Iyer", &other, "9822222222"),
        )
        .expect("admitted");
    campus
        .office
        .admit(
            &campus.admin,
            &admission("Chloé", "Dubois", &class, "9833333333"),
        )
        .expect("admitted");
    let names = |text: &str, class_id: Option<String>| -> Vec<String> {
        let query = StudentQuery {
            text: text.into(),
            class_id,
            ..Default::default()
        };
        campus
            .office
            .search_students(&campus.admin, &query)
            .expect("search")
            .rows
            .into_iter()
            .map(|r| r.full_name)
            .collect()
    };
    assert_eq!(names("an", None), ["Anand Iyer", "Ananya Sharma"]);
    assert_eq!(names("ana sha", None), ["Ananya Sharma"]);
    assert_eq!(
        names("chloe", None),
        ["Chloé Dubois"],
        "accents do not matter"
    );
    assert_eq!(names("gvs/00002", None), ["Anand Iyer"]);
    assert_eq!(names("98222", None), ["Anand Iyer"]);
    assert_eq!(names("+91 9833", None), ["Chloé Dubois"]);
    assert_eq!(names("an", Some(class.0.clone())), ["Ananya Sharma"]);
    assert_eq!(names("", None).len(), 3);
    let page = campus
        .office
        .search_students(
            &campus.admin,
            &StudentQuery {
                limit: 2,
                offset: 2,
                ..Default::default()
            },
        )
        .expect("page");
    assert_eq!((page.total, page.rows.len()), (3, 1));
    let first = &campus
        .office
        .search_students(
            &campus.admin,
            &StudentQuery {
                text: "ananya".into(),
                ..Default::default()
            },
        )
        .expect("search")
        .rows[0];
    assert_eq!(
        (
            first.class_name.as_str(),
            first.section_name.as_str(),
            first.guardian_phone.as_str()
        ),
        ("VI", "A", "9811111111")
    );
}

#[test]
fn status_changes_and_removal_keep_the_history() {
    let mut campus = TestCampus::new();
    let class = campus.class("X");
    let id = campus
        .office
        .admit(
            &campus.admin,
            &admission("Rohan", "Das", &class, "9845012345"),
        )
        .expect("admitted");
    let clerk = campus.user("receptionist");
    campus
        .office
        .set_student_status(&clerk, &id, StudentStatus::Left)
        .expect("left");
    let left = StudentQuery {
        status: Some(StudentStatus::Left),
        ..Default::default()
    };
    assert_eq!(
        campus
            .office
            .search_students(&campus.admin, &left)
            .expect("search")
            .total,
        1
    );
    let profile = campus
        .office
        .student_profile(&campus.admin, &id)
        .expect("profile");
    let history: Vec<(String, String, String)> = profile
        .history
        .iter()
        .map(|h| (h.username.clone(), h.kind.clone(), h.table.clone()))
        .collect();
    assert_eq!(
        history,
        [
            (
                "admin".to_owned(),
                "insert".to_owned(),
                "student".to_owned()
            ),
            (
                "admin".to_owned(),
                "insert".to_owned(),
                "guardian".to_owned()
            ),
            (
                "admin".to_owned(),
                "insert".to_owned(),
                "student_guardian".to_owned()
            ),
            (
                "receptionist1".to_owned(),
                "update".to_owned(),
                "student".to_owned()
            ),
        ]
    );
    assert_eq!(
        profile.history[3].fields,
        [("status".to_owned(), "left".to_owned())]
    );
    assert_eq!(profile.history[3].device_code, "PC1");
    campus
        .office
        .delete_student(&campus.admin, &id)
        .expect("removed");
    assert!(matches!(
        campus.office.student_profile(&campus.admin, &id),
        Err(CoreError::NotFound { .. })
    ));
    assert_eq!(
        campus
            .office
            .search_students(&campus.admin, &Default::default())
            .expect("search")
            .total,
        0
    );
}

#[test]
fn an_enquiry_is_followed_up_and_converted_into_an_admission() {
    let mut campus = TestCampus::new();
    let enquiry = EnquiryInput {
        child_name: "Tara Menon".into(),
        date_of_birth: "02/02/2020".into(),
        gender: "f".into(),
        class_sought: "UKG".into(),
        guardian_name: "Divya Menon".into(),
        phone: "98450 77777".into(),
        source: "walk-in".into(),
        next_follow_up_on: "20/06/2026".into(),
        ..Default::default()
    };
    let id = campus
        .office
        .record_enquiry(&campus.admin, &enquiry)
        .expect("recorded");
    campus
        .office
        .add_follow_up(
            &campus.admin,
            &id,
            "Visited the campus, wants transport",
            "25/06/2026",
        )
        .expect("follow-up");
    let listed = &campus
        .office
        .enquiries(&campus.admin, Some(EnquiryStatus::Open))
        .expect("list")[0];
    assert_eq!(
        (listed.follow_ups.len(), listed.next_follow_up_on.as_str()),
        (1, "2026-06-25")
    );

    let mut form = campus
        .office
        .admission_from_enquiry(&campus.admin, &id)
        .expect("pre-filled");
    assert_eq!(
        (
            form.first_name.as_str(),
            form.last_name.as_str(),
            form.date_of_birth.as_str()
        ),
        ("Tara", "Menon", "2020-02-02")
    );
    form.guardians[0].relation = "mother".into();
    let class = campus.class("UKG");
    form.class_id = Some(class.0);
    let student = campus.office.admit(&campus.admin, &form).expect("admitted");
    let converted = &campus
        .office
        .enquiries(&campus.admin, Some(EnquiryStatus::Converted))
        .expect("list")[0];
    assert_eq!(converted.student_id.as_deref(), Some(student.as_str()));
    assert!(
        campus
            .office
            .admission_from_enquiry(&campus.admin, &id)
            .is_err(),
        "converted only once"
    );
    let bad = EnquiryInput {
        child_name: String::new(),
        guardian_name: "X".into(),
        phone: "1".into(),
        ..Default::default()
    };
    let errors = field_errors(
        campus
            .office
            .record_enquiry(&campus.admin, &bad)
            .expect_err("refused"),
    );
    assert_eq!(
        errors.iter().map(|(f, _)| f.as_str()).collect::<Vec<_>>(),
        ["child_name", "phone"]
    );
}

#[test]
fn roles_can_be_adjusted_and_the_change_is_logged() {
    let mut campus = TestCampus::new();
    let teacher = campus.user("teacher");
    assert!(campus.office.enquiries(&teacher, None).is_ok());
    let before = campus.change_count();
    campus
        .office
        .set_role_permissions(&campus.admin, "teacher", &["attendance.view".into()])
        .expect("changed");
    assert_eq!(campus.change_count(), before + 1);
    let teacher = campus
        .office
        .sign_in(&campusdesk_shared::office::SignIn {
            username: teacher.username,
            password: "password-1".into(),
        })
        .expect("signs in");
    assert!(matches!(
        campus.office.enquiries(&teacher, None),
        Err(CoreError::Forbidden(_))
    ));
    let own = campus.office.set_role_permissions(
        &campus.admin,
        "school_admin",
        &["students.view".into()],
    );
    assert!(
        matches!(own, Err(CoreError::Invalid(_))),
        "an admin cannot lock their own role out"
    );
}

#[test]
fn wrong_passwords_lock_the_username_for_a_minute() {
    let campus = TestCampus::new();
    let attempt = |password: &str| {
        campus.office.sign_in(&campusdesk_shared::office::SignIn {
            username: "admin".into(),
            password: password.into(),
        })
    };
    for _ in 0..5 {
        assert!(matches!(attempt("guess"), Err(CoreError::BadCredentials)));
    }
    assert!(matches!(
        attempt(campusdesk_tests::ADMIN_PASSWORD),
        Err(CoreError::LockedOut { .. })
    ));
    campus.clock.advance(chrono::Duration::seconds(61));
    assert!(attempt(campusdesk_tests::ADMIN_PASSWORD).is_ok());
}

#[test]
fn the_list_follows_edits_of_the_student_and_their_guardians() {
    let mut campus = TestCampus::new();
    let class = campus.class("VIII");
    let id = campus
        .office
        .admit(
            &campus.admin,
            &admission("Nikhil", "Joshi", &class, "9845070000"),
        )
        .expect("admitted");
    let line = |campus: &TestCampus, text: &str| {
        let page = campus
            .office
            .search_students(
                &campus.admin,
                &StudentQuery {
                    text: text.into(),
                    ..Default::default()
                },
            )
            .expect("search");
        page.rows
            .into_iter()
            .map(|r| (r.full_name, r.class_name, r.guardian_name, r.guardian_phone))
            .collect::<Vec<_>>()
    };
    let mut form = admission("Nikhil", "Joshi", &campus.class("IX"), "9845070000");
    form.guardians[0].name = "Prakash Joshi".into();
    form.guardians.insert(
        0,
        GuardianInput {
            name: "Neha Joshi".into(),
            relation: "mother".into(),
            phone: "9845070001".into(),
            ..Default::default()
        },
    );
    campus
        .office
        .update_student(&campus.admin, &id, &form)
        .expect("saved");
    assert_eq!(
        line(&campus, "nikh"),
        [(
            "Nikhil Joshi".into(),
            "IX".into(),
            "Neha Joshi".into(),
            "9845070001".into()
        )]
    );
    form.guardians.remove(0);
    form.first_name = "Nikhila".into();
    campus
        .office
        .update_student(&campus.admin, &id, &form)
        .expect("saved");
    assert_eq!(
        line(&campus, "nikhila"),
        [(
            "Nikhila Joshi".into(),
            "IX".into(),
            "Prakash Joshi".into(),
            "9845070000".into()
        )]
    );
    assert_eq!(
        line(&campus, "9845070001"),
        [],
        "the unlinked mother no longer finds the student"
    );
    campus
        .office
        .delete_student(&campus.admin, &id)
        .expect("removed");
    assert_eq!(line(&campus, "nikh"), []);
}
