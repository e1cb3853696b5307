//! A demo campus with realistic names, classes, guardians and siblings, for trying the app,
//! for the end-to-end tests and for the benchmarks. Generated from a fixed seed, so the same
//! size gives the same campus every time.

use std::sync::Arc;

use campusdesk_shared::attendance::{AttendanceStatus, MarkInput, RegisterInput};
use campusdesk_shared::fees::{FeeFrequency, FeeLineInput, FeeStructureInput, FineKind, FineRule};
use campusdesk_shared::office::{GuardianInput, NewCampus, NewUser, SignIn, StudentInput};
use chrono::Duration;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

use crate::auth::Session;
use crate::clock::Clock;
use crate::error::{CoreError, CoreResult, FieldErrors};
use crate::office::Office;
use crate::store::OpenOptions;
use crate::students::{self, NumberingRules, SchoolLookup};

/// The demo's sign-ins: (username, password, role).
pub const DEMO_USERS: &[(&str, &str, &str)] = &[
    ("admin", "admin123", "school_admin"),
    ("frontdesk", "frontdesk123", "receptionist"),
    ("accounts", "accounts123", "accountant"),
    ("principal", "principal123", "principal"),
    ("teacher", "teacher123", "teacher"),
];

const FIRST_NAMES_GIRLS: &[&str] = &[
    "Aadhya",
    "Ananya",
    "Diya",
    "Isha",
    "Kavya",
    "Meera",
    "Navya",
    "Pari",
    "Riya",
    "Saanvi",
    "Tara",
    "Zoya",
    "Aarohi",
    "Anika",
    "Fatima",
    "Gauri",
    "Ira",
    "Jiya",
    "Khushi",
    "Lavanya",
    "Myra",
    "Nisha",
    "Pooja",
    "Sara",
    "Shreya",
    "Sneha",
    "Trisha",
    "Vaishnavi",
    "Amélie",
    "Chloé",
    "Inés",
    "Maria",
];
const FIRST_NAMES_BOYS: &[&str] = &[
    "Aarav",
    "Arjun",
    "Dhruv",
    "Ishaan",
    "Kabir",
    "Krishna",
    "Reyansh",
    "Rohan",
    "Sai",
    "Vihaan",
    "Vivaan",
    "Yash",
    "Aditya",
    "Ayaan",
    "Dev",
    "Harsh",
    "Kunal",
    "Manav",
    "Nikhil",
    "Pranav",
    "Rahul",
    "Rudra",
    "Shaurya",
    "Siddharth",
    "Tanish",
    "Varun",
    "Zaid",
    "Omar",
    "José",
    "Łukasz",
    "Noé",
    "Thomas",
];
const LAST_NAMES: &[&str] = &[
    "Sharma",
    "Verma",
    "Patel",
    "Reddy",
    "Nair",
    "Iyer",
    "Gupta",
    "Khan",
    "Singh",
    "Kumar",
    "Rao",
    "Das",
    "Menon",
    "Joshi",
    "Mehta",
    "Chopra",
    "Banerjee",
    "Mukherjee",
    "Pillai",
    "Shetty",
    "Kulkarni",
    "Deshpande",
    "Fernandes",
    "D'Souza",
    "Chaudhary",
    "Bhat",
    "Hegde",
    "Naidu",
    "Agarwal",
    "Malhotra",
    "Sinha",
    "Ghosh",
    "Qureshi",
    "Ansari",
    "Gill",
    "Sandhu",
    "Thomas",
    "George",
    "Mathew",
    "Varghese",
];
const FATHER_NAMES: &[&str] = &[
    "Rajesh", "Suresh", "Ramesh", "Mahesh", "Anil", "Sunil", "Vijay", "Sanjay", "Ajay", "Manoj",
    "Prakash", "Deepak", "Ravi", "Srinivas", "Venkat", "Imran", "Salim", "Joseph", "Harpreet",
    "Gurpreet",
];
const MOTHER_NAMES: &[&str] = &[
    "Sunita", "Anita", "Kavita", "Lakshmi", "Priya", "Rekha", "Suman", "Geeta", "Neha", "Pooja",
    "Shalini", "Divya", "Radha", "Asha", "Farah", "Ayesha", "Mary", "Simran", "Jaspreet", "Deepa",
];
const OCCUPATIONS: &[&str] = &[
    "Engineer",
    "Teacher",
    "Business",
    "Doctor",
    "Farmer",
    "Accountant",
    "Shopkeeper",
    "Driver",
    "Homemaker",
    "Government service",
];
const CATEGORIES: &[&str] = &[
    "General", "General", "General", "OBC", "OBC", "SC", "ST", "EWS",
];
const AREAS: &[&str] = &[
    "MG Road",
    "Jayanagar",
    "Indiranagar",
    "Koramangala",
    "Whitefield",
    "Malleshwaram",
    "HSR Layout",
    "BTM Layout",
    "Yelahanka",
    "Rajajinagar",
];

fn pick<'a>(rng: &mut StdRng, list: &[&'a str]) -> &'a str {
    list[rng.random_range(0..list.len())]
}

/// `count` admission forms as a front desk would fill them: two guardians each, about one
/// family in five with a second child (sharing the guardians), ages matching the class.
pub fn sample_students(
    count: usize,
    classes: &[(String, Vec<String>)],
    today: chrono::NaiveDate,
    seed: u64,
) -> Vec<StudentInput> {
    let mut rng = StdRng::seed_from_u64(seed);
    let mut students: Vec<StudentInput> = Vec::with_capacity(count);
    let mut phone_counter: u64 = 0;
    for index in 0..count {
        let girl = rng.random_bool(0.5);
        let first = if girl {
            pick(&mut rng, FIRST_NAMES_GIRLS)
        } else {
            pick(&mut rng, FIRST_NAMES_BOYS)
        };
        let sibling_of = (index > 0 && rng.random_bool(0.2)).then(|| rng.random_range(0..index));
        let (last, guardians) = match sibling_of {
            Some(other) => (
                students[other].last_name.clone(),
                students[other].guardians.clone(),
            ),
            None => {
                let last = pick(&mut rng, LAST_NAMES).to_owned();
                phone_counter += 2;
                let guardian =
                    |name: String, relation: &str, phone: u64, rng: &mut StdRng| GuardianInput {
                        existing_id: None,
                        name,
                        relation: relation.into(),
                        phone: format!("9{:09}", phone),
                        email: String::new(),
                        occupation: pick(rng, OCCUPATIONS).into(),
                    };
                let father = format!("{} {last}", pick(&mut rng, FATHER_NAMES));
                let mother = format!("{} {last}", pick(&mut rng, MOTHER_NAMES));
                let guardians = vec![
                    guardian(
                        father,
                        "father",
                        800_000_000 + phone_counter * 7919 % 199_999_999,
                        &mut rng,
                    ),
                    guardian(
                        mother,
                        "mother",
                        800_000_001 + phone_counter * 7919 % 199_999_999,
                        &mut rng,
                    ),
                ];
                (last, guardians)
            }
        };
        let class_index = rng.random_range(0..classes.len());
        let (class_id, sections) = &classes[class_index];
        let section_id = sections
            .get(rng.random_range(0..sections.len().max(1)))
            .cloned();
        let age_years = 3 + class_index as i64;
        let born = today - Duration::days(age_years * 365 + rng.random_range(0..365));
        let admitted = today - Duration::days(rng.random_range(0..(age_years - 2).max(1) * 365));
        students.push(StudentInput {
            admission_no: String::new(),
            first_name: first.to_owned(),
            last_name: last,
            date_of_birth: born.to_string(),
            gender: if girl { "female" } else { "male" }.into(),
            class_id: Some(class_id.clone()),
            section_id,
            phone: String::new(),
            email: String::new(),
            address: format!(
                "{} {}, Bengaluru",
                rng.random_range(1..400),
                pick(&mut rng, AREAS)
            ),
            category: pick(&mut rng, CATEGORIES).into(),
            admitted_on: admitted.min(today).to_string(),
            guardians,
            enquiry_id: None,
        });
    }
    students
}

/// Creates a demo campus at `options.path` with the demo users and `students` students, and
/// returns it with the school admin signed in.
pub fn create_demo_campus(
    options: &OpenOptions,
    clock: Arc<dyn Clock>,
    students: usize,
) -> CoreResult<(Office, Session)> {
    let campus = NewCampus {
        school_name: "Green Valley International School".into(),
        campus_name: "Main Campus".into(),
        campus_code: "GVS".into(),
        device_code: "PC1".into(),
        address: "12 Lake Road, Jayanagar, Bengaluru 560041".into(),
        admin_username: DEMO_USERS[0].0.into(),
        admin_full_name: "Anjali Menon".into(),
        admin_password: DEMO_USERS[0].1.into(),
    };
    let (mut office, _recovery) = Office::create(options, clock, &campus)?;
    let admin = office.sign_in(&SignIn {
        username: DEMO_USERS[0].0.into(),
        password: DEMO_USERS[0].1.into(),
    })?;
    let full_names = [
        "",
        "Ravi Kumar",
        "Lakshmi Iyer",
        "Dr. Suresh Rao",
        "Meena Pillai",
    ];
    for ((username, password, role), full_name) in DEMO_USERS.iter().zip(full_names).skip(1) {
        office.create_user(
            &admin,
            &NewUser {
                username: (*username).into(),
                full_name: full_name.into(),
                role: (*role).into(),
                password: (*password).into(),
            },
        )?;
    }
    for class in office.classes(&admin)? {
        for section in ["B", "C"] {
            office.add_section(&admin, &class.id, section)?;
        }
    }
    add_students(&mut office, &admin, students, 7)?;
    take_recent_registers(&mut office, &admin)?;
    set_up_demo_fees(&mut office, &admin)?;
    Ok((office, admin))
}

/// The demo's fee heads: (name, frequency, rupees per installment for class I; each class
/// above pays a little more).
const DEMO_FEES: &[(&str, FeeFrequency, i64)] = &[
    ("Tuition", FeeFrequency::Quarterly, 9_000),
    ("Admission", FeeFrequency::OneTime, 5_000),
    ("Exam", FeeFrequency::Termly, 1_200),
];

/// Sets up the demo's fee heads and one structure per class for the current year. Structures
/// are charged to the students already in their class, so the counter shows dues at once.
fn set_up_demo_fees(office: &mut Office, admin: &Session) -> CoreResult<()> {
    let Some(year) = office
        .academic_years(admin)?
        .into_iter()
        .find(|year| year.is_current)
    else {
        return Ok(());
    };
    let mut heads = Vec::new();
    for (name, frequency, rupees) in DEMO_FEES {
        heads.push((office.add_fee_head(admin, name)?, *frequency, *rupees));
    }
    for (step, class) in (0_i64..).zip(office.classes(admin)?) {
        let lines = heads
            .iter()
            .map(|(head_id, frequency, rupees)| FeeLineInput {
                head_id: head_id.clone(),
                frequency: *frequency,
                // Paise: each class pays 5% more than the one below it.
                amount_paise: rupees * 100 * (100 + 5 * step) / 100,
                due_day: 10,
            })
            .collect();
        office.create_fee_structure(
            admin,
            &FeeStructureInput {
                class_id: class.id.clone(),
                academic_year_id: year.id.clone(),
                name: format!("Class {} {}", class.name, year.name),
                lines,
                fine: FineRule {
                    kind: FineKind::PerDay,
                    amount_paise: 1_000,
                    grace_days: 10,
                    cap_paise: 50_000,
                },
            },
        )?;
    }
    Ok(())
}

/// The section the demo teacher takes attendance for.
const DEMO_TEACHER_SECTION: (&str, &str) = ("VI", "A");

/// Assigns the demo teacher their section and fills in its registers of the last two weeks, so
/// the registers and reports have something to show. Yesterday and today are left untaken for
/// whoever tries the app (and for the end-to-end tests, which take them).
fn take_recent_registers(office: &mut Office, admin: &Session) -> CoreResult<()> {
    let (class_name, section_name) = DEMO_TEACHER_SECTION;
    let Some(section_id) = office
        .classes(admin)?
        .into_iter()
        .filter(|class| class.name == class_name)
        .flat_map(|class| class.sections)
        .find(|section| section.name == section_name)
        .map(|section| section.id)
    else {
        return Ok(());
    };
    let teacher_id: Option<String> = office
        .users(admin)?
        .into_iter()
        .find(|user| user.username == DEMO_USERS[4].0)
        .map(|user| user.id);
    if let Some(teacher_id) = teacher_id {
        office.assign_teacher(admin, &teacher_id, &section_id)?;
    }
    let mut rng = StdRng::seed_from_u64(11);
    let today = office.today();
    for days_back in (2..=15).rev() {
        let date = (today - Duration::days(days_back)).to_string();
        let sheet = office.register_sheet(admin, &section_id, &date, 0)?;
        if sheet.closed_reason.is_some() || sheet.lines.is_empty() {
            continue;
        }
        let mut marks = Vec::new();
        for line in &sheet.lines {
            let roll: u32 = rng.random_range(0..100);
            let status = match roll {
                0..=5 => AttendanceStatus::Absent,
                6..=8 => AttendanceStatus::Late,
                9 => AttendanceStatus::HalfDay,
                _ => continue,
            };
            marks.push(MarkInput {
                student_id: line.student_id.clone(),
                status,
                remark: String::new(),
            });
        }
        office.save_register(
            admin,
            &RegisterInput {
                section_id: section_id.clone(),
                date,
                period: 0,
                marks,
            },
        )?;
    }
    Ok(())
}

/// Admits `count` generated students in one transaction through the real admission path.
pub fn add_students(
    office: &mut Office,
    session: &Session,
    count: usize,
    seed: u64,
) -> CoreResult<()> {
    let classes: Vec<(String, Vec<String>)> = office
        .classes(session)?
        .into_iter()
        .map(|c| (c.id, c.sections.into_iter().map(|s| s.id).collect()))
        .collect();
    if classes.is_empty() {
        return Err(CoreError::Internal(
            "the campus has no classes to admit demo students into".into(),
        ));
    }
    let today = office.today();
    let forms = sample_students(count, &classes, today, seed);
    let lookup = SchoolLookup::load(&office.conn)?;
    let rules = NumberingRules::load(&office.conn)?;
    let mut w = office.writer(session)?;
    for form in &forms {
        let mut errors = FieldErrors::new();
        let valid = students::validate_student(form, &lookup, today, &mut errors);
        errors.finish()?;
        if let Some(valid) = valid {
            students::write_admission(&mut w, &valid, &rules)?;
        }
    }
    w.commit()
}
