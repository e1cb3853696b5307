//! The change log's promises, checked on a real encrypted database: one record per row
//! changed, none for a rolled-back or no-op write, gap-free sequence numbers, records that
//! cannot be altered, a clock that never runs backwards, and the remote path's merge rules.

use campusdesk_core::store::changes::Applied;
use campusdesk_core::{DbKey, KeySource, Office, OpenOptions};
use campusdesk_shared::office::{GuardianInput, StudentQuery, StudentStatus};
use campusdesk_tests::{
    TestCampus, admin_sign_in, admission, apply, local_changes, made_offline, second_pc, test_key,
};
use chrono::Duration;

#[test]
fn an_admission_logs_one_record_per_row_it_writes() {
    let mut campus = TestCampus::new();
    let class = campus.class("III");
    let before = campus.change_count();
    let mut form = admission("Asha", "Rao", &class, "98450 12345");
    form.guardians.push(GuardianInput {
        existing_id: None,
        name: "Mother Rao".into(),
        relation: "mother".into(),
        phone: "98450 12346".into(),
        email: String::new(),
        occupation: String::new(),
    });
    let student_id = campus.office.admit(&campus.admin, &form).expect("admitted");
    let changes = local_changes(&campus);
    let new: Vec<_> = changes[usize::try_from(before).unwrap()..]
        .iter()
        .map(|c| (c.table.as_str(), c.kind.as_str()))
        .collect();
    // student, two guardians with a link each; the device's cursor is local and not logged.
    assert_eq!(
        new,
        [
            ("student", "insert"),
            ("guardian", "insert"),
            ("student_guardian", "insert"),
            ("guardian", "insert"),
            ("student_guardian", "insert"),
        ]
    );
    let student_change = &changes[usize::try_from(before).unwrap()];
    assert_eq!(student_change.row_id, student_id);
    assert_eq!(
        student_change.user_id.as_deref(),
        Some(campus.admin.user_id.as_str())
    );
    assert_eq!(student_change.fields["first_name"], "Asha");
    assert_eq!(student_change.fields["date_of_birth"], "2016-03-14");
    assert!(student_change.prev_hlcs.is_none());
}

#[test]
fn an_update_logs_only_changed_fields_with_their_previous_clocks() {
    let mut campus = TestCampus::new();
    let class = campus.class("III");
    let form = admission("Asha", "Rao", &class, "9845012345");
    let id = campus.office.admit(&campus.admin, &form).expect("admitted");
    let insert_hlc = local_changes(&campus)
        .iter()
        .find(|c| c.row_id == id)
        .expect("insert")
        .hlc;

    let before = campus.change_count();
    assert!(
        !campus
            .office
            .update_student(&campus.admin, &id, &form)
            .expect("saved"),
        "re-saving changes nothing"
    );
    assert_eq!(
        campus.change_count(),
        before,
        "an unchanged form writes no change record"
    );

    campus.clock.advance(Duration::minutes(5));
    let mut edited = form.clone();
    edited.address = "9 Lake View".into();
    edited.last_name = "Rao-Iyer".into();
    assert!(
        campus
            .office
            .update_student(&campus.admin, &id, &edited)
            .expect("saved")
    );
    let changes = local_changes(&campus);
    let update = changes.last().expect("update");
    assert_eq!(campus.change_count(), before + 1);
    assert_eq!(update.kind.as_str(), "update");
    assert_eq!(
        update.fields.keys().collect::<Vec<_>>(),
        ["address", "last_name"]
    );
    let prev = update.prev_hlcs.as_ref().expect("prev clocks");
    assert_eq!(
        prev["address"][0], insert_hlc,
        "the field's clock before was the insert's"
    );
    assert!(update.hlc > insert_hlc);

    campus.clock.advance(Duration::minutes(5));
    edited.address = "10 Lake View".into();
    campus
        .office
        .update_student(&campus.admin, &id, &edited)
        .expect("saved");
    let again = local_changes(&campus)
        .last()
        .expect("second update")
        .clone();
    assert_eq!(
        again.prev_hlcs.as_ref().expect("prev")["address"][0],
        update.hlc,
        "now the first update's clock"
    );
}

#[test]
fn a_failed_write_leaves_no_rows_no_records_and_no_gap() {
    let mut campus = TestCampus::new();
    let class = campus.class("III");
    let before = campus.change_count();
    // The student row is written before the bad guardian link is found: all of it must go.
    let mut form = admission("Asha", "Rao", &class, "9845012345");
    form.guardians[0].existing_id = Some("01900000-0000-7000-8000-000000000000".into());
    let error = campus
        .office
        .admit(&campus.admin, &form)
        .expect_err("refused");
    assert!(
        error.to_string().contains("guardian no longer exists"),
        "{error}"
    );
    assert_eq!(campus.change_count(), before);
    let page = campus
        .office
        .search_students(
            &campus.admin,
            &StudentQuery {
                text: "Asha".into(),
                ..Default::default()
            },
        )
        .expect("search");
    assert_eq!(page.total, 0);

    campus
        .office
        .admit(
            &campus.admin,
            &admission("Ravi", "Das", &class, "9845012399"),
        )
        .expect("admitted");
    let seqs: Vec<i64> = local_changes(&campus).iter().map(|c| c.seq).collect();
    let expected: Vec<i64> = (1..=i64::try_from(seqs.len()).unwrap()).collect();
    assert_eq!(seqs, expected, "sequence numbers run 1..n with no gap");
}

#[test]
fn the_change_log_cannot_be_altered() {
    let campus = TestCampus::new();
    let conn = campus.office.connection();
    for sql in [
        "UPDATE change_log SET user_id = 'x'",
        "DELETE FROM change_log",
    ] {
        let error = conn.execute(sql, []).expect_err("refused");
        assert!(error.to_string().contains("append-only"), "{sql}: {error}");
    }
}

#[test]
fn the_clock_never_runs_backwards_when_the_pc_clock_does() {
    let mut campus = TestCampus::new();
    let class = campus.class("I");
    campus
        .office
        .admit(
            &campus.admin,
            &admission("Ira", "Shah", &class, "9845000001"),
        )
        .expect("admitted");
    campus.clock.advance(-Duration::days(365));
    campus
        .office
        .admit(
            &campus.admin,
            &admission("Dev", "Shah", &class, "9845000002"),
        )
        .expect("admitted");
    campus.clock.advance(Duration::days(730));
    campus
        .office
        .admit(
            &campus.admin,
            &admission("Noor", "Shah", &class, "9845000003"),
        )
        .expect("admitted");
    let hlcs: Vec<i64> = local_changes(&campus).iter().map(|c| c.hlc).collect();
    assert!(
        hlcs.windows(2).all(|w| w[0] < w[1]),
        "strictly increasing: {hlcs:?}"
    );
}

#[test]
fn remote_changes_merge_per_field_and_record_concurrent_edits() {
    let mut campus = TestCampus::new();
    let class = campus.class("II");
    let form = admission("Meera", "Nair", &class, "9845011111");
    let id = campus.office.admit(&campus.admin, &form).expect("admitted");
    let mut pc2 = second_pc(&campus);
    let admin2 = pc2.sign_in(&admin_sign_in()).expect("signs in on PC2");
    let seen = campus.change_count();

    // Offline: PC1 edits the address and the phone; PC2 edits the phone and the category.
    campus.clock.advance(Duration::minutes(1));
    let mut on_pc1 = form.clone();
    on_pc1.address = "PC1 address".into();
    on_pc1.phone = "9000000001".into();
    campus
        .office
        .update_student(&campus.admin, &id, &on_pc1)
        .expect("PC1 edit");
    campus.clock.advance(Duration::minutes(1));
    let mut on_pc2 = form.clone();
    on_pc2.phone = "9000000002".into();
    on_pc2.category = "OBC".into();
    pc2.update_student(&admin2, &id, &on_pc2).expect("PC2 edit");

    let (from_pc1, from_pc2) = made_offline(&campus, seen, &pc2);
    assert_eq!(
        apply(&mut pc2, &from_pc1),
        [Applied::Applied { conflicts: 1 }]
    );
    assert_eq!(
        apply(&mut campus.office, &from_pc2),
        [Applied::Applied { conflicts: 1 }]
    );
    // Replays change nothing.
    assert_eq!(apply(&mut campus.office, &from_pc2), [Applied::AlreadyHad]);

    for office in [&campus.office, &pc2] {
        let (address, phone, category): (String, String, String) = office
            .connection()
            .query_row(
                "SELECT address, phone, category FROM student WHERE id = ?1",
                [&id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .expect("row");
        assert_eq!(address, "PC1 address", "PC1's field survives");
        assert_eq!(category, "OBC", "PC2's field survives");
        assert_eq!(phone, "9000000002", "the later edit of the same field wins");
        let conflicts: i64 = office
            .connection()
            .query_row(
                "SELECT count(*) FROM conflict WHERE field = 'phone'",
                [],
                |r| r.get(0),
            )
            .expect("count");
        assert_eq!(
            conflicts, 1,
            "the concurrent phone edits are recorded for review"
        );
    }
    let status = pc2
        .search_students(&admin2, &StudentQuery::default())
        .expect("list")
        .rows[0]
        .status;
    assert_eq!(status, StudentStatus::Active);
}

#[test]
fn a_wrong_or_missing_key_is_told_apart_from_a_damaged_file() {
    let campus = TestCampus::new();
    let path = campus.path();
    drop(campus.office);
    let wrong = OpenOptions {
        path: path.clone(),
        key: KeySource::Raw(DbKey::from_bytes([1; 32])),
    };
    let error = Office::open(&wrong, campus.clock.clone()).expect_err("wrong key");
    assert_eq!(error.code(), campusdesk_shared::ErrorCode::KeyWrong);
    let missing = OpenOptions {
        path: path.clone(),
        key: KeySource::File(campus.dir.path().join("no-such.key")),
    };
    let error = Office::open(&missing, campus.clock.clone()).expect_err("no key");
    assert_eq!(error.code(), campusdesk_shared::ErrorCode::KeyMissing);
    assert!(error.to_string().contains("recovery key"), "{error}");
    let nowhere = OpenOptions {
        path: campus.dir.path().join("nothing.db"),
        key: KeySource::Raw(test_key()),
    };
    assert_eq!(
        Office::open(&nowhere, campus.clock.clone())
            .expect_err("no file")
            .code(),
        campusdesk_shared::ErrorCode::NotFound
    );
}

#[test]
fn an_existing_database_is_backed_up_before_it_is_migrated() {
    // A database file made by a build that had not yet had any of today's migrations.
    let dir = tempfile::tempdir().expect("temp");
    let path = dir.path().join("campus.db");
    {
        let old = campusdesk_core::store::connect(
            &path,
            rusqlite::OpenFlags::SQLITE_OPEN_READ_WRITE | rusqlite::OpenFlags::SQLITE_OPEN_CREATE,
        )
        .expect("created");
        old.execute_batch(&format!("PRAGMA key = \"x'{}'\"; CREATE TABLE kept_from_before (x); INSERT INTO kept_from_before VALUES (42);", test_key().hex()))
            .expect("old schema");
    }
    let error = Office::open(
        &OpenOptions {
            path: path.clone(),
            key: KeySource::Raw(test_key()),
        },
        std::sync::Arc::new(campusdesk_core::SystemClock),
    )
    .expect_err("migrated, but this file was never set up as a campus");
    assert!(
        error.to_string().contains("never finished being set up"),
        "{error}"
    );
    let backups: Vec<_> = std::fs::read_dir(dir.path())
        .expect("dir")
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".before-v"))
        .collect();
    assert_eq!(backups.len(), 1, "{backups:?}");
    let copy = campusdesk_core::store::connect(
        &dir.path().join(&backups[0]),
        rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY,
    )
    .expect("opens");
    copy.execute_batch(&format!("PRAGMA key = \"x'{}'\";", test_key().hex()))
        .expect("key");
    let kept: i64 = copy
        .query_row("SELECT x FROM kept_from_before", [], |r| r.get(0))
        .expect("old data");
    assert_eq!(kept, 42);
    let migrated: i64 = copy
        .query_row(
            "SELECT count(*) FROM sqlite_master WHERE name = 'student'",
            [],
            |r| r.get(0),
        )
        .expect("schema");
    assert_eq!(
        migrated, 0,
        "the copy is the database as it was before migrating"
    );
}

#[test]
fn the_same_admission_number_typed_on_two_offline_pcs_becomes_a_visible_conflict() {
    let mut campus = TestCampus::new();
    let class = campus.class("I");
    let mut pc2 = second_pc(&campus);
    let admin2 = pc2.sign_in(&admin_sign_in()).expect("signs in on PC2");
    let seen = campus.change_count();
    let mut on_pc1 = admission("Asha", "Rao", &class, "9845012345");
    on_pc1.admission_no = "GVS/0777".into();
    let asha = campus
        .office
        .admit(&campus.admin, &on_pc1)
        .expect("admitted on PC1");
    let mut on_pc2 = admission("Ravi", "Das", &class, "9845099999");
    on_pc2.admission_no = "GVS/0777".into();
    let ravi = pc2
        .admit(&admin2, &on_pc2)
        .expect("admitted on PC2: it cannot know");

    let (from_pc1, from_pc2) = made_offline(&campus, seen, &pc2);
    assert!(apply(&mut pc2, &from_pc1).contains(&Applied::Applied { conflicts: 1 }));
    assert!(apply(&mut campus.office, &from_pc2).contains(&Applied::Applied { conflicts: 1 }));
    for (office, session, arrived, already) in [
        (&campus.office, &campus.admin, &ravi, &asha),
        (&pc2, &admin2, &asha, &ravi),
    ] {
        let conflicts = office.conflicts(session).expect("listed");
        assert_eq!(conflicts.len(), 1);
        let conflict = &conflicts[0];
        assert_eq!(
            (
                conflict.kind.as_str(),
                conflict.field.as_str(),
                conflict.kept_value.as_str()
            ),
            ("duplicate", "admission_no", "GVS/0777")
        );
        assert_eq!(
            (&conflict.row_id, conflict.other_row_id.as_ref()),
            (arrived, Some(already))
        );
        let both = office
            .search_students(
                session,
                &StudentQuery {
                    text: "gvs/0777".into(),
                    ..Default::default()
                },
            )
            .expect("search");
        assert_eq!(both.total, 2, "both students are kept");
    }
}
