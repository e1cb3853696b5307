//! `cargo xtask bench`: the foundation's figures, printed as `bench <name> <value> <unit>`.
//!
//! - `import_100k_ratio`: 100,000 students with guardians through the real CSV import (parse,
//!   validate, rows, change records, one transaction) as a fraction of the speed of a baseline
//!   measured in the same run: the same business rows inserted with prepared statements in one
//!   transaction into a database opened exactly as the app opens it, without change records.
//!   Median of `CAMPUSDESK_BENCH_ROUNDS` rounds (default 3).
//! - `search_p99_ms`: name-prefix, admission-number and guardian-phone searches among them.
//! - `admit_p99_ms`: admitting one student with a guardian, its own transaction, as the app does.
//! - Attendance (`office/attendance.rs`): `mark_section_40_ms`, `monthly_register_pdf_ms`,
//!   `attendance_summary_campus_ms`.
//!
//! - Fees (`office/fees.rs`): `receipt_pdf_ms`, `collect_payment_p99_ms`, `daybook_10k_ms`.
//!
//! Arguments after `--` choose the groups to run: `foundation`, `attendance`, `fees` (default:
//! all), e.g. `cargo bench -p campusdesk-core --bench office -- fees`.

// Timings are floats; money never is, and there is none here.
#![allow(clippy::float_arithmetic)]

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use campusdesk_core::{Clock, KeySource, Office, OpenOptions, Session, SystemClock, demo};
use campusdesk_core::{DbKey, roster};
use campusdesk_shared::office::{NewCampus, SignIn, StudentInput, StudentQuery};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

#[path = "office/attendance.rs"]
mod attendance;
#[path = "office/fees.rs"]
mod fees;

const STUDENTS: usize = 100_000;

fn new_campus(dir: &std::path::Path, name: &str, clock: Arc<dyn Clock>) -> (Office, Session) {
    let options = OpenOptions {
        path: dir.join(format!("{name}.db")),
        key: KeySource::Raw(DbKey::from_bytes([9; 32])),
    };
    let campus = NewCampus {
        school_name: "Bench School".into(),
        campus_name: "Bench".into(),
        campus_code: "GVS".into(),
        device_code: "PC1".into(),
        address: String::new(),
        admin_username: "admin".into(),
        admin_full_name: "Bench Admin".into(),
        admin_password: "bench-password".into(),
    };
    let (office, _) = Office::create(&options, clock, &campus).expect("campus");
    let admin = office
        .sign_in(&SignIn {
            username: "admin".into(),
            password: "bench-password".into(),
        })
        .expect("sign in");
    (office, admin)
}

/// The students as forms (for the baseline) and as the CSV an office would import.
fn sample(office: &Office, admin: &Session) -> (Vec<StudentInput>, Vec<u8>) {
    let classes = office.classes(admin).expect("classes");
    let ids: Vec<(String, Vec<String>)> = classes
        .iter()
        .map(|c| {
            (
                c.id.clone(),
                c.sections.iter().map(|s| s.id.clone()).collect(),
            )
        })
        .collect();
    let mut forms = demo::sample_students(STUDENTS, &ids, office.today(), 42);
    let mut csv = String::from(
        "Admission No,First Name,Last Name,Date of Birth,Gender,Class,Section,Address,Category,Admitted On,\
         Guardian 1 Name,Guardian 1 Relation,Guardian 1 Phone,Guardian 1 Occupation,\
         Guardian 2 Name,Guardian 2 Relation,Guardian 2 Phone,Guardian 2 Occupation\n",
    );
    for (index, form) in forms.iter_mut().enumerate() {
        form.admission_no = format!("GVS/{:06}", index + 1);
        let class = classes
            .iter()
            .find(|c| Some(&c.id) == form.class_id.as_ref())
            .expect("class");
        let section = class
            .sections
            .iter()
            .find(|s| Some(&s.id) == form.section_id.as_ref())
            .map_or("", |s| s.name.as_str());
        let g = &form.guardians;
        csv.push_str(&format!(
            "{},{},{},{},{},{},{},\"{}\",{},{},{},{},{},{},{},{},{},{}\n",
            form.admission_no,
            form.first_name,
            form.last_name,
            form.date_of_birth,
            form.gender,
            class.name,
            section,
            form.address,
            form.category,
            form.admitted_on,
            g[0].name,
            g[0].relation,
            g[0].phone,
            g[0].occupation,
            g[1].name,
            g[1].relation,
            g[1].phone,
            g[1].occupation
        ));
    }
    (forms, csv.into_bytes())
}

/// The baseline: the same students, guardians (shared by siblings) and links, inserted with
/// prepared statements in one transaction, no change records.
fn baseline(office: &Office, forms: &[StudentInput]) -> Duration {
    let conn = office.connection();
    let started = Instant::now();
    conn.execute_batch("BEGIN IMMEDIATE").expect("begin");
    {
        let mut student = conn
            .prepare(
                "INSERT INTO student (id, admission_no, first_name, last_name, date_of_birth, gender, class_id, section_id,
                                      phone, email, address, category, status, admitted_on, enquiry_id, row_hlc, row_device)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, '', '', ?9, ?10, 'active', ?11, NULL, 1, 'bench')",
            )
            .expect("prepare");
        let mut guardian = conn
            .prepare(
                "INSERT INTO guardian (id, name, phone, email, occupation, row_hlc, row_device)
                 VALUES (?1, ?2, ?3, '', ?4, 1, 'bench')",
            )
            .expect("prepare");
        let mut link = conn
            .prepare(
                "INSERT INTO student_guardian (id, student_id, guardian_id, relation, position, row_hlc, row_device)
                 VALUES (?1, ?2, ?3, ?4, ?5, 1, 'bench')",
            )
            .expect("prepare");
        let mut guardian_ids: std::collections::HashMap<&str, String> =
            std::collections::HashMap::new();
        for form in forms {
            let student_id = uuid::Uuid::now_v7().to_string();
            student
                .execute(rusqlite::params![
                    student_id,
                    form.admission_no,
                    form.first_name,
                    form.last_name,
                    form.date_of_birth,
                    form.gender,
                    form.class_id,
                    form.section_id,
                    form.address,
                    form.category,
                    form.admitted_on
                ])
                .expect("student");
            for (position, g) in form.guardians.iter().enumerate() {
                let guardian_id = match guardian_ids.get(g.phone.as_str()) {
                    Some(id) => id.clone(),
                    None => {
                        let id = uuid::Uuid::now_v7().to_string();
                        guardian
                            .execute(rusqlite::params![id, g.name, g.phone, g.occupation])
                            .expect("guardian");
                        guardian_ids.insert(&g.phone, id.clone());
                        id
                    }
                };
                link.execute(rusqlite::params![
                    uuid::Uuid::now_v7().to_string(),
                    student_id,
                    guardian_id,
                    g.relation,
                    position as i64 + 1
                ])
                .expect("link");
            }
        }
    }
    conn.execute_batch("COMMIT").expect("commit");
    started.elapsed()
}

fn real_import(office: &mut Office, admin: &Session, csv: &[u8]) -> Duration {
    let started = Instant::now();
    let (_, mapping) = roster::suggest_mapping(csv).expect("mapping");
    let report = office
        .import_students(admin, csv, &mapping, false, &mut |_, _| {})
        .expect("import");
    assert!(
        report.problems.is_empty(),
        "{:?}",
        &report.problems[..report.problems.len().min(5)]
    );
    assert_eq!(report.students_new as usize, STUDENTS);
    started.elapsed()
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    let rank = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[rank.min(sorted.len() - 1)]
}

fn millis(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn summarize(mut samples: Vec<f64>) -> (f64, f64) {
    samples.sort_by(f64::total_cmp);
    (percentile(&samples, 0.5), percentile(&samples, 0.99))
}

fn main() {
    // Cargo passes `--bench`; any other argument names a group to run.
    let groups: Vec<String> = std::env::args()
        .skip(1)
        .filter(|arg| !arg.starts_with("--"))
        .collect();
    let wanted = |group: &str| groups.is_empty() || groups.iter().any(|g| g == group);
    if wanted("foundation") {
        foundation();
    }
    if wanted("attendance") {
        attendance::run();
    }
    if wanted("fees") {
        fees::run();
    }
}

/// The foundation's figures: import, search, admission.
fn foundation() {
    let rounds: usize = std::env::var("CAMPUSDESK_BENCH_ROUNDS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(3);
    let dir = tempfile::tempdir().expect("temporary folder");
    let (template, template_admin) = new_campus(dir.path(), "template", Arc::new(SystemClock));
    let (forms, csv) = sample(&template, &template_admin);
    let mut names: HashMap<String, String> = HashMap::new();
    for class in template.classes(&template_admin).expect("classes") {
        for section in &class.sections {
            names.insert(
                section.id.clone(),
                format!("{}/{}", class.name, section.name),
            );
        }
        names.insert(class.id.clone(), class.name.clone());
    }
    drop(template);

    let mut ratios = Vec::new();
    let mut import_times = Vec::new();
    let mut baseline_times = Vec::new();
    let mut imported: Option<(Office, Session)> = None;
    for round in 0..rounds {
        let (base_office, base_admin) = new_campus(
            dir.path(),
            &format!("baseline{round}"),
            Arc::new(SystemClock),
        );
        // The forms carry the template campus's class ids; the baseline needs its own.
        let own_forms = remap_classes(&base_office, &base_admin, &names, &forms);
        let base = baseline(&base_office, &own_forms);
        drop(base_office);
        let (mut office, admin) =
            new_campus(dir.path(), &format!("import{round}"), Arc::new(SystemClock));
        let import = real_import(&mut office, &admin, &csv);
        ratios.push(base.as_secs_f64() / import.as_secs_f64());
        import_times.push(import.as_secs_f64());
        baseline_times.push(base.as_secs_f64());
        eprintln!(
            "round {round}: baseline {:.2} s, import {:.2} s",
            base.as_secs_f64(),
            import.as_secs_f64()
        );
        imported = Some((office, admin));
    }
    let (ratio, _) = summarize(ratios.clone());
    let (import_s, _) = summarize(import_times);
    let (baseline_s, _) = summarize(baseline_times);
    println!("bench import_100k_s {import_s:.3} s");
    println!("bench import_100k_baseline_s {baseline_s:.3} s");
    println!("bench import_100k_ratio {ratio:.3} ratio");
    ratios.sort_by(f64::total_cmp);
    println!("bench import_100k_ratio_min {:.3} ratio", ratios[0]);

    let (mut office, admin) = imported.expect("at least one round");
    // Search and admission are measured on a settled database, as the front desk meets it after
    // an import: its write-ahead log already moved into the file by the background checkpoint.
    office
        .connection()
        .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))
        .expect("checkpoint");
    let mut rng = StdRng::seed_from_u64(7);
    let mut queries: Vec<(usize, String)> = Vec::new();
    for _ in 0..3000 {
        let form = &forms[rng.random_range(0..forms.len())];
        let kind = rng.random_range(0..5);
        let query = match kind {
            0 => form.first_name.chars().take(2).collect(),
            1 => form.first_name.chars().take(3).collect::<String>(),
            2 => format!(
                "{} {}",
                form.first_name,
                form.last_name.chars().take(2).collect::<String>()
            ),
            3 => form.admission_no[..rng.random_range(7..=10)].to_owned(),
            _ => form.guardians[0].phone[..rng.random_range(5..=10)].to_owned(),
        };
        queries.push((kind, query));
    }
    let mut search = Vec::with_capacity(queries.len());
    let mut by_kind: Vec<Vec<f64>> = vec![Vec::new(); 5];
    for (kind, text) in &queries {
        let started = Instant::now();
        let page = office
            .search_students(
                &admin,
                &StudentQuery {
                    text: text.clone(),
                    limit: 50,
                    ..Default::default()
                },
            )
            .expect("search");
        let took = millis(started.elapsed());
        search.push(took);
        by_kind[*kind].push(took);
        assert!(page.total > 0, "{text} finds someone");
    }
    for (kind, samples) in [
        "2-letter name",
        "3-letter name",
        "first name + last prefix",
        "admission no",
        "guardian phone",
    ]
    .iter()
    .zip(by_kind)
    {
        let (p50, p99) = summarize(samples);
        eprintln!("search by {kind}: p50 {p50:.3} ms, p99 {p99:.3} ms");
    }
    let (p50, p99) = summarize(search);
    println!("bench search_p50_ms {p50:.3} ms");
    println!("bench search_p99_ms {p99:.3} ms");

    let classes: Vec<(String, Vec<String>)> = office
        .classes(&admin)
        .expect("classes")
        .into_iter()
        .map(|c| (c.id, c.sections.into_iter().map(|s| s.id).collect()))
        .collect();
    let new_forms = demo::sample_students(2000, &classes, office.today(), 99);
    let mut admit = Vec::with_capacity(new_forms.len());
    for mut form in new_forms {
        form.guardians.truncate(1);
        form.guardians[0].phone = format!("7{:09}", rng.random_range(0..1_000_000_000u64));
        let started = Instant::now();
        office.admit(&admin, &form).expect("admitted");
        admit.push(millis(started.elapsed()));
    }
    let (p50, p99) = summarize(admit);
    println!("bench admit_p50_ms {p50:.3} ms");
    println!("bench admit_p99_ms {p99:.3} ms");
}

/// The forms with their class and section ids replaced by `office`'s ids of the same names.
fn remap_classes(
    office: &Office,
    admin: &Session,
    names: &HashMap<String, String>,
    forms: &[StudentInput],
) -> Vec<StudentInput> {
    let mut ids: HashMap<String, String> = HashMap::new();
    for class in office.classes(admin).expect("classes") {
        for section in &class.sections {
            ids.insert(
                format!("{}/{}", class.name, section.name),
                section.id.clone(),
            );
        }
        ids.insert(class.name.clone(), class.id);
    }
    forms
        .iter()
        .map(|form| {
            let mut form = form.clone();
            form.class_id = form.class_id.as_ref().map(|id| ids[&names[id]].clone());
            form.section_id = form.section_id.as_ref().map(|id| ids[&names[id]].clone());
            form
        })
        .collect()
}
