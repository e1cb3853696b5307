//! CSV import and export through the real import path on a real database.

use campusdesk_core::roster::suggest_mapping;
use campusdesk_shared::office::{ImportReport, StudentQuery};
use campusdesk_tests::TestCampus;
use expect_test::expect;

fn import(campus: &mut TestCampus, bytes: &[u8], dry_run: bool) -> ImportReport {
    let (_, mapping) = suggest_mapping(bytes).expect("readable");
    let mut calls = 0;
    let report = campus
        .office
        .import_students(
            &campus.admin,
            bytes,
            &mapping,
            dry_run,
            &mut |done, total| {
                assert!(done <= total);
                calls += 1;
            },
        )
        .expect("import runs");
    assert!(calls > 0, "progress is reported");
    report
}

fn problems_table(report: &ImportReport) -> String {
    report
        .problems
        .iter()
        .map(|p| format!("row {} | {} | {}\n", p.row, p.column, p.reason))
        .collect()
}

const GOOD: &str = "\
Admission No,Student Name,DOB,Gender,Class,Section,Father Name,Father Mobile,Mother Name,Mother Mobile,Category
A-101,Asha Rao,05/06/2016,F,III,A,Ramesh Rao,98450 11111,Lakshmi Rao,98450 11112,OBC
A-102,Ravi Rao,2014-01-20,M,V,A,Ramesh Rao,98450 11111,Lakshmi Rao,98450 11112,OBC
A-103,Chloé Dubois,17.09.2015,female,IV,,Marc Dubois,+33 6 12 34 56 78,,,General
";

#[test]
fn a_good_file_imports_once_and_again_changes_nothing() {
    let mut campus = TestCampus::new();
    let before = campus.change_count();
    let dry = import(&mut campus, GOOD.as_bytes(), true);
    assert!(dry.problems.is_empty(), "{:?}", dry.problems);
    assert_eq!(
        (dry.dry_run, dry.students_new, dry.guardians_new),
        (true, 3, 3)
    );
    assert_eq!(campus.change_count(), before, "a dry run writes nothing");

    let report = import(&mut campus, GOOD.as_bytes(), false);
    assert_eq!(
        (report.dry_run, report.students_new, report.guardians_new),
        (false, 3, 3)
    );
    let after_first = campus.change_count();
    // 3 students + 3 guardians (the Raos are shared) + 5 links.
    assert_eq!(after_first - before, 11);
    let again = import(&mut campus, GOOD.as_bytes(), false);
    assert_eq!(
        (
            again.students_new,
            again.students_updated,
            again.students_unchanged
        ),
        (0, 0, 3)
    );
    assert_eq!(
        campus.change_count(),
        after_first,
        "re-importing the same file changes nothing"
    );

    let page = campus
        .office
        .search_students(
            &campus.admin,
            &StudentQuery {
                text: "98450 11111".into(),
                ..Default::default()
            },
        )
        .expect("search");
    assert_eq!(
        page.total, 2,
        "siblings found by their shared father's phone"
    );

    let edited = GOOD.replace(
        "A-102,Ravi Rao,2014-01-20,M,V,A",
        "A-102,Ravi Rao,2014-01-20,M,VI,A",
    );
    let changed = import(&mut campus, edited.as_bytes(), false);
    assert_eq!(
        (changed.students_updated, changed.students_unchanged),
        (1, 2)
    );
    assert_eq!(
        campus.change_count(),
        after_first + 1,
        "one change record: Ravi's class and section"
    );
}

#[test]
fn excel_files_with_a_bom_and_semicolons_import() {
    let mut campus = TestCampus::new();
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend_from_slice(GOOD.replace(',', ";").replace('\n', "\r\n").as_bytes());
    let report = import(&mut campus, &bytes, false);
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    assert_eq!(report.students_new, 3);
}

#[test]
fn every_bad_row_is_reported_with_its_row_column_and_reason_and_nothing_is_written() {
    let mut campus = TestCampus::new();
    let bad = "\
Admission No,First Name,Last Name,DOB,Gender,Class,Section,Guardian 1 Name,Guardian 1 Relation,Guardian 1 Phone
B-1,Isha,Nair,31/04/2015,F,III,A,Suresh Nair,father,9845022222
B-2,Kabir,,12/12/2012,M,XIII,,Imran Khan,father,9845033333
B-3,,Das,2015-02-30,boy,IV,Z,,,12
B-1,Meera,Iyer,01/01/2016,F,II,A,Priya Iyer,mother,9845044444
,Omar,Qureshi,01/01/2016,M,II,A,Salim Qureshi,father,9845055555
B-6,Tara,Menon,01/01/2016,F,II,A,Divya Menon,mother,9845066666
";
    let before = campus.change_count();
    let report = import(&mut campus, bad.as_bytes(), false);
    assert!(report.dry_run, "nothing was written");
    assert_eq!(campus.change_count(), before);
    expect![[r#"
        row 2 | DOB | Date of birth 31/04/2015 does not exist
        row 3 | Class | There is no class XIII
        row 4 | Section | Class IV has no section Z
        row 4 | First Name | Enter the student's first name
        row 4 | DOB | Date of birth 2015-02-30 does not exist
        row 4 | Guardian 1 Name | Enter the guardian's name
        row 4 | Guardian 1 Phone | 12 is not a phone number (it has 2 digits)
        row 5 | Admission No | Admission number B-1 is also on row 2
        row 6 | Admission No | The admission number is empty
    "#]]
    .assert_eq(&problems_table(&report));
}

#[test]
fn exports_open_in_excel_and_import_back_unchanged() {
    let mut campus = TestCampus::new();
    import(&mut campus, GOOD.as_bytes(), false);
    let mut out = Vec::new();
    let count = campus
        .office
        .export_students(&campus.admin, &mut out)
        .expect("exported");
    assert_eq!(count, 3);
    assert!(
        out.starts_with(b"\xEF\xBB\xBF"),
        "a UTF-8 byte-order mark for Excel"
    );
    let text = String::from_utf8(out.clone()).expect("UTF-8");
    assert!(text.contains("\r\n"), "CRLF line ends");
    expect![[r#"
        Admission No,First Name,Last Name,Date of Birth,Gender,Class,Section,Status,Phone,Email,Address,Category,Admitted On,Guardian 1 Name,Guardian 1 Relation,Guardian 1 Phone,Guardian 1 Email,Guardian 1 Occupation,Guardian 2 Name,Guardian 2 Relation,Guardian 2 Phone,Guardian 2 Email,Guardian 2 Occupation
        A-101,Asha,Rao,05/06/2016,female,III,A,active,,,,OBC,15/06/2026,Ramesh Rao,father,9845011111,,,Lakshmi Rao,mother,9845011112,,
        A-102,Ravi,Rao,20/01/2014,male,V,A,active,,,,OBC,15/06/2026,Ramesh Rao,father,9845011111,,,Lakshmi Rao,mother,9845011112,,
        A-103,Chloé,Dubois,17/09/2015,female,IV,,active,,,,General,15/06/2026,Marc Dubois,father,+33612345678,,,,,,,
    "#]].assert_eq(text.replace("\r\n", "\n").trim_start_matches('\u{feff}'));
    let before = campus.change_count();
    let again = import(&mut campus, &out, false);
    assert_eq!((again.students_unchanged, again.problems.len()), (3, 0));
    assert_eq!(campus.change_count(), before);
}

#[test]
fn a_file_that_is_not_utf8_says_how_to_save_it() {
    let latin1 = b"Admission No,First Name\nC-1,Jos\xe9\n";
    let error = suggest_mapping(latin1).expect_err("refused when the file is first opened");
    assert!(error.to_string().contains("Row 2 is not UTF-8"), "{error}");
    assert!(error.to_string().contains("CSV UTF-8"), "{error}");
}
