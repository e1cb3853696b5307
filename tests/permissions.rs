//! Every role × every core operation, run for real against one campus: the table below is
//! what the core allows (✓) or refuses with a permission error (·). The UI hides what a role
//! lacks; this proves the refusal happens in the core whatever the UI shows.

use std::collections::BTreeSet;

use campusdesk_core::{CoreError, Office, Permission, Session};
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
    ]
}

static NEXT_YEAR: std::sync::atomic::AtomicI32 = std::sync::atomic::AtomicI32::new(2030);

fn uuid_suffix() -> String {
    let id = campusdesk_core::office::new_id();
    id[id.len() - 6..].to_uppercase()
}

fn fixture(campus: &mut TestCampus) -> Fixture {
    let (class_id, section_id) = campus.class("V");
    let phone = format!(
        "98{}",
        &uuid_suffix()
            .bytes()
            .map(|b| (b % 10 + b'0') as char)
            .collect::<String>()
    );
    let phone = format!("{phone:0<10}");
    let student_id = campus
        .office
        .admit(
            &campus.admin,
            &admission("Fix", "Ture", &(class_id.clone(), section_id), &phone),
        )
        .expect("admitted");
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
    Fixture {
        student_id,
        enquiry_id,
        user_id,
        class_id,
    }
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

    let mut table = format!("{:<28}", "operation");
    for role in ROLES {
        table.push_str(&format!(" {:>4}", &role[..4]));
    }
    table.push('\n');
    for (name, operation) in operations() {
        table.push_str(&format!("{name:<28}"));
        for session in &sessions {
            let fixture = fixture(&mut campus);
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
    "#]]
    .assert_eq(&table);
}
