//! Shared set-up for the integration tests: real campus databases in temporary folders, opened
//! through the real migrations with a real SQLCipher key, and a clock the test controls.
//! `cargo xtask test` sets `CAMPUSDESK_FAST_HASH=1` so argon2 uses its cheapest parameters in
//! debug builds; without it the tests are only slower, never wrong.

use std::path::PathBuf;
use std::sync::Arc;

use campusdesk_core::store::changes::{Applied, ChangeRecord, read_changes};
use campusdesk_core::{DbKey, KeySource, ManualClock, Office, OpenOptions, Session};
use campusdesk_shared::office::{GuardianInput, NewCampus, NewUser, SignIn, StudentInput};

/// A campus database in its own temporary folder.
#[derive(Debug)]
pub struct TestCampus {
    pub dir: tempfile::TempDir,
    pub options: OpenOptions,
    pub clock: Arc<ManualClock>,
    pub office: Office,
    pub admin: Session,
}

pub const ADMIN_PASSWORD: &str = "admin-pass-1";

pub fn test_key() -> DbKey {
    DbKey::from_bytes([0x42; 32])
}

pub fn new_campus_input() -> NewCampus {
    NewCampus {
        school_name: "Green Valley International School".into(),
        campus_name: "Main Campus".into(),
        campus_code: "gvs".into(),
        device_code: "pc1".into(),
        address: "12 Lake Road, Bengaluru".into(),
        admin_username: "Admin".into(),
        admin_full_name: "Anjali Menon".into(),
        admin_password: ADMIN_PASSWORD.into(),
    }
}

impl TestCampus {
    /// A new campus on 2026-06-15 (inside the 2026-27 school year).
    pub fn new() -> TestCampus {
        TestCampus::on("2026-06-15")
    }

    pub fn on(date: &str) -> TestCampus {
        let dir = tempfile::tempdir().expect("temporary folder");
        let options = OpenOptions {
            path: dir.path().join("campus.db"),
            key: KeySource::Raw(test_key()),
        };
        let clock = Arc::new(ManualClock::at_date(date));
        let (office, _recovery) = Office::create(&options, clock.clone(), &new_campus_input())
            .expect("campus is created");
        let admin = office
            .sign_in(&admin_sign_in())
            .expect("the first admin signs in");
        TestCampus {
            dir,
            options,
            clock,
            office,
            admin,
        }
    }

    pub fn path(&self) -> PathBuf {
        self.options.path.clone()
    }

    /// Adds a user with `role` and signs them in.
    pub fn user(&mut self, role: &str) -> Session {
        let username = format!("{}1", role.replace('_', ""));
        self.office
            .create_user(
                &self.admin,
                &NewUser {
                    username: username.clone(),
                    full_name: format!("Test {role}"),
                    role: role.into(),
                    password: "password-1".into(),
                },
            )
            .expect("user is created");
        self.office
            .sign_in(&SignIn {
                username,
                password: "password-1".into(),
            })
            .expect("user signs in")
    }

    /// The id of the first section of the class named `name`, with the class's id.
    pub fn class(&self, name: &str) -> (String, String) {
        let class = self
            .office
            .classes(&self.admin)
            .expect("classes")
            .into_iter()
            .find(|c| c.name == name)
            .expect("class exists");
        let section = class.sections.first().expect("a section").id.clone();
        (class.id, section)
    }

    /// How many change records the log holds.
    pub fn change_count(&self) -> i64 {
        self.office
            .connection()
            .query_row("SELECT count(*) FROM change_log", [], |r| r.get(0))
            .expect("count")
    }
}

impl Default for TestCampus {
    fn default() -> Self {
        TestCampus::new()
    }
}

/// A complete admission form for a child in class `class_id`.
pub fn admission(
    first: &str,
    last: &str,
    class: &(String, String),
    guardian_phone: &str,
) -> StudentInput {
    StudentInput {
        admission_no: String::new(),
        first_name: first.into(),
        last_name: last.into(),
        date_of_birth: "14/03/2016".into(),
        gender: "female".into(),
        class_id: Some(class.0.clone()),
        section_id: Some(class.1.clone()),
        phone: String::new(),
        email: String::new(),
        address: "4 Temple Street".into(),
        category: "General".into(),
        admitted_on: String::new(),
        guardians: vec![GuardianInput {
            existing_id: None,
            name: format!("Father {last}"),
            relation: "father".into(),
            phone: guardian_phone.into(),
            email: String::new(),
            occupation: "Engineer".into(),
        }],
        enquiry_id: None,
    }
}

/// The first admin's sign-in, which works on every copy of the campus.
pub fn admin_sign_in() -> SignIn {
    SignIn {
        username: "admin".into(),
        password: ADMIN_PASSWORD.into(),
    }
}

/// Every change record `campus`'s own log holds, in log order.
pub fn local_changes(campus: &TestCampus) -> Vec<ChangeRecord> {
    read_changes(campus.office.connection(), 0, i64::MAX)
        .expect("changes")
        .into_iter()
        .map(|(_, change)| change)
        .collect()
}

/// A second PC of the same campus: a copy of the database given its own device identity
/// (what enrolment will do once the sync server exists).
pub fn second_pc(campus: &TestCampus) -> Office {
    let copy = campus.dir.path().join("pc2.db");
    campus.office.backup(&campus.admin, &copy).expect("copied");
    let options = OpenOptions {
        path: copy,
        key: KeySource::Raw(test_key()),
    };
    let pc2 = Office::open(&options, campus.clock.clone()).expect("opens");
    pc2.connection()
        .execute("UPDATE device_state SET device_id = '01900000-0000-7000-8000-0000000000b2', next_seq = 1", [])
        .expect("new identity");
    pc2
}

/// What each PC made on its own: PC1's changes after the first `seen`, and all of PC2's.
pub fn made_offline(
    campus: &TestCampus,
    seen: i64,
    pc2: &Office,
) -> (Vec<ChangeRecord>, Vec<ChangeRecord>) {
    let from_pc1 = local_changes(campus)[usize::try_from(seen).expect("a count")..].to_vec();
    let from_pc2 = read_changes(pc2.connection(), 0, i64::MAX)
        .expect("changes")
        .into_iter()
        .map(|(_, c)| c)
        .filter(|c| c.device_id.ends_with("b2"))
        .collect();
    (from_pc1, from_pc2)
}

/// Applies another PC's changes, as the sync engine will.
pub fn apply(office: &mut Office, changes: &[ChangeRecord]) -> Vec<Applied> {
    office.apply_remote_changes(changes).expect("applied")
}
