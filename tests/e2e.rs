//! End-to-end tests: the real desktop app (`target/debug/campusdesk`) in its real WebKitGTK
//! webview, driven through `tauri-driver` and WebKitWebDriver, on real encrypted databases in
//! temporary folders.
//!
//! They need a display, the built app and CLI, and `tauri-driver`, so they run only when
//! `CAMPUSDESK_E2E=1` is set; `cargo xtask e2e` builds everything and runs them under
//! `xvfb-run`. Without the variable each test says it was skipped and passes, which keeps the
//! plain `cargo test --workspace` usable on machines without WebKit.
//!
//! Every test starts its own `tauri-driver` on two free ports, so nothing depends on what ran
//! before. Screenshots of the screens passed through land in `target/e2e/`, together with
//! what tauri-driver, WebKitWebDriver and the app wrote to stderr in each test
//! (`<test>.driver.log`; tauri-driver discards WebKitWebDriver's stdout, and with it the app's)
//! and, when a step fails, a screenshot of the screen at that moment (`<test>-failure.png`).

#[path = "webview.rs"]
mod webview;

use std::fs;
use std::path::Path;
use std::time::Instant;

use campusdesk_core::DbKey;
use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::{Client, Locator};
use serde_json::json;

use webview::{
    APP_START, App, DB_KEY_HEX, Failure, POLL, STEP, click, click_nav, create_demo_campus, ensure,
    fill, screenshot, sign_in, skipped, text_of, wait_for_element, wait_for_text,
};

// ---------------------------------------------------------------------------------------------
// The scenarios
// ---------------------------------------------------------------------------------------------

/// A PC with no database: the setup form, the recovery key, the first sign-in, an empty
/// students list, and signing out again.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn first_run_setup_sign_in_and_sign_out() -> Result<(), Failure> {
    if skipped("first_run_setup_sign_in_and_sign_out") {
        return Ok(());
    }
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("campus.db");
    let app = App::launch("first-run", &db).await?;
    let result = first_run_steps(&app.client, &db).await;
    app.finish(result).await
}

async fn first_run_steps(client: &Client, db: &Path) -> Result<(), Failure> {
    // The setup form comes first because the folder has no database yet.
    wait_for_element(client, "#field-school_name", APP_START).await?;
    fill(client, "#field-school_name", "Riverside Public School").await?;
    fill(client, "#field-campus_name", "North Campus").await?;
    fill(client, "#field-campus_code", "RVS").await?;
    fill(client, "#field-device_code", "PC1").await?;
    fill(client, "#field-address", "4 Mill Road, Mysuru").await?;
    fill(client, "#field-admin_full_name", "Anjali Menon").await?;
    fill(client, "#field-admin_username", "anjali").await?;
    fill(client, "#field-admin_password", "a-long-password-1").await?;
    fill(client, "#field-confirm_password", "a-long-password-1").await?;
    screenshot(client, "setup").await?;
    click(client, "form button[type=submit]").await?;

    let key = wait_for_element(client, ".recovery-key", STEP).await?;
    let shown = key.text().await?;
    let groups: Vec<&str> = shown.trim().split('-').collect();
    ensure(
        groups.len() == 13
            && groups
                .iter()
                .all(|g| g.len() == 4 && g.chars().all(|c| c.is_ascii_alphanumeric())),
        format!("the recovery key should be 13 dash-separated groups of 4, got {shown:?}"),
    )?;
    // The shown key is the one the app was given: the app inherited tauri-driver's environment
    // (through WebKitWebDriver), and wrote the database where CAMPUSDESK_DB says.
    let parsed = DbKey::parse(shown.trim())
        .map_err(|error| format!("the recovery key {shown:?} does not parse: {error}"))?;
    ensure(
        parsed.hex() == DB_KEY_HEX,
        "the recovery key is not the CAMPUSDESK_DB_KEY given to the app: it did not inherit \
         tauri-driver's environment",
    )?;
    ensure(
        db.exists(),
        format!(
            "the app did not create {}: it did not inherit CAMPUSDESK_DB",
            db.display()
        ),
    )?;
    screenshot(client, "recovery-key").await?;
    click(client, ".recovery button.primary").await?;

    sign_in(client, "anjali", "a-long-password-1").await?;
    wait_for_element(client, "input.search", STEP).await?;
    let count = wait_for_text(client, ".toolbar-count", STEP, |text| !text.is_empty()).await?;
    ensure(
        count == "0 students",
        format!("a new campus should list 0 students, the toolbar says {count:?}"),
    )?;
    let empty = text_of(client, ".table-wrap .empty").await?;
    ensure(
        empty == "No students yet.",
        format!("the empty list should say so, it says {empty:?}"),
    )?;
    let status = text_of(client, "footer.status-bar").await?;
    ensure(
        status.contains("Anjali Menon") && status.contains("(RVS)"),
        format!("the status bar should name the admin and the campus code, it says {status:?}"),
    )?;
    screenshot(client, "students-empty").await?;

    click(client, ".nav-bottom button").await?;
    wait_for_element(client, "#field-username", STEP).await?;
    let heading = text_of(client, "h1").await?;
    ensure(
        heading == "Sign in",
        format!("signing out should lead to the sign-in form, the heading is {heading:?}"),
    )?;
    screenshot(client, "sign-in").await?;
    Ok(())
}

/// The receptionist on a campus of 300 demo students: a wrong password, then searching by
/// the first letters of a name, and `/` to get back to the search box.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn front_desk_searches_the_demo_campus() -> Result<(), Failure> {
    if skipped("front_desk_searches_the_demo_campus") {
        return Ok(());
    }
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("campus.db");
    create_demo_campus(&db, 300)?;
    let app = App::launch("front-desk", &db).await?;
    let result = front_desk_steps(&app.client).await;
    app.finish(result).await
}

async fn front_desk_steps(client: &Client) -> Result<(), Failure> {
    // The demo database exists, so the app starts on the sign-in form.
    wait_for_element(client, "#field-username", APP_START).await?;
    sign_in(client, "frontdesk", "not-the-password").await?;
    let error = wait_for_text(client, ".banner.error", STEP, |text| !text.is_empty()).await?;
    ensure(
        error == "Wrong username or password",
        format!("a wrong password should say so, the form says {error:?}"),
    )?;
    screenshot(client, "sign-in-error").await?;

    sign_in(client, "frontdesk", "frontdesk123").await?;
    wait_for_element(client, "input.search", STEP).await?;
    let count = wait_for_text(client, ".toolbar-count", STEP, |text| !text.is_empty()).await?;
    ensure(
        count == "300 students",
        format!("the demo campus has 300 students, the toolbar says {count:?}"),
    )?;
    let status = text_of(client, "footer.status-bar").await?;
    ensure(
        status.contains("(GVS)") && status.contains("(Receptionist)"),
        format!("the status bar should show the receptionist on GVS, it says {status:?}"),
    )?;

    // The prefix comes from the list itself, so the test does not depend on which names the
    // demo generator happened to pick. Lower case, because the search ignores case.
    let names = name_column(client).await?;
    let first = names
        .first()
        .ok_or("the unfiltered list of 300 students shows no rows")?;
    let prefix: String = first.chars().take(3).collect::<String>().to_lowercase();
    ensure(
        prefix.chars().count() == 3 && prefix.chars().all(char::is_alphabetic),
        format!("the first student's name {first:?} does not start with three letters"),
    )?;
    let search = wait_for_element(client, "input.search", STEP).await?;
    search.send_keys(&prefix).await?;

    // Each keystroke starts a search and only the newest answer is shown, so wait until the
    // list reflects the whole prefix: the count changed and every name shown contains it.
    let deadline = Instant::now() + STEP;
    let matching = loop {
        let count = text_of(client, ".toolbar-count").await.unwrap_or_default();
        let names = name_column(client).await?;
        let all_match = !names.is_empty()
            && names
                .iter()
                .all(|name| name.to_lowercase().contains(&prefix));
        if all_match && !count.is_empty() && count != "300 students" {
            break names;
        }
        if Instant::now() > deadline {
            return Err(Failure(format!(
                "after typing {prefix:?} the list still shows {count:?} with names {names:?}"
            )));
        }
        tokio::time::sleep(POLL).await;
    };
    ensure(
        matching.len() < 300,
        format!(
            "searching {prefix:?} should narrow the list, it shows {}",
            matching.len()
        ),
    )?;
    screenshot(client, "students-search").await?;

    // `/` from elsewhere on the screen: clicking the heading takes the focus off the search
    // box, and the key then brings it back without typing a `/` into it.
    click(client, ".toolbar h1").await?;
    ensure(
        !search_box_focused(client).await?,
        "clicking the heading should take the focus off the search box",
    )?;
    let slash = KeyActions::new("keyboard".to_owned())
        .then(KeyAction::Down { value: '/' })
        .then(KeyAction::Up { value: '/' });
    client.perform_actions(slash).await?;
    let deadline = Instant::now() + STEP;
    while !search_box_focused(client).await? {
        if Instant::now() > deadline {
            return Err(Failure("pressing `/` did not focus the search box".into()));
        }
        tokio::time::sleep(POLL).await;
    }
    let value = search.prop("value").await?.unwrap_or_default();
    ensure(
        value == prefix,
        format!("`/` should only move the focus, but the search box now holds {value:?}"),
    )?;

    // The filters: Esc empties the search, then class IV and section B narrow the list to
    // exactly that class and section.
    search.send_keys("\u{E00C}").await?;
    wait_for_text(client, ".toolbar-count", STEP, |text| {
        text == "300 students"
    })
    .await?;
    wait_for_element(client, "#filter-class", STEP)
        .await?
        .select_by_label("IV")
        .await?;
    wait_for_element(client, "#filter-section:not([disabled])", STEP)
        .await?
        .select_by_label("B")
        .await?;
    let deadline = Instant::now() + STEP;
    loop {
        let cells = client
            .execute(
                "return Array.from(document.querySelectorAll('table.grid tbody tr'), \
                 tr => tr.cells[3].textContent + '-' + tr.cells[4].textContent);",
                vec![],
            )
            .await?;
        let cells: Vec<String> = serde_json::from_value(cells).unwrap_or_default();
        let count = text_of(client, ".toolbar-count").await.unwrap_or_default();
        if !cells.is_empty() && cells.iter().all(|c| c == "IV-B") && count != "300 students" {
            break;
        }
        if Instant::now() > deadline {
            return Err(Failure(format!(
                "filtering class IV section B shows {count:?} with classes {cells:?}"
            )));
        }
        tokio::time::sleep(POLL).await;
    }
    screenshot(client, "students-filtered").await?;
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Steps shared by the scenarios
// ---------------------------------------------------------------------------------------------

/// The front desk admits a student: the form refuses a date that does not exist beside the
/// field, saves once it is corrected, shows the profile, and the list finds the new student.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn front_desk_admits_a_student_with_a_guardian() -> Result<(), Failure> {
    if skipped("front_desk_admits_a_student_with_a_guardian") {
        return Ok(());
    }
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("campus.db");
    create_demo_campus(&db, 50)?;
    let app = App::launch("admission", &db).await?;
    let result = admission_steps(&app.client).await;
    app.finish(result).await
}

async fn admission_steps(client: &Client) -> Result<(), Failure> {
    wait_for_element(client, "#field-username", APP_START).await?;
    sign_in(client, "frontdesk", "frontdesk123").await?;
    click(client, "button[title^='New admission']").await?;
    fill(client, "#field-first_name", "Meera").await?;
    fill(client, "#field-last_name", "Kapoorthala").await?;
    fill(client, "#field-date_of_birth", "31/04/2015").await?;
    wait_for_element(client, "#field-gender", STEP)
        .await?
        .select_by_value("female")
        .await?;
    fill(client, "[id='field-guardians.0.name']", "Sunil Kapoorthala").await?;
    fill(client, "[id='field-guardians.0.relation']", "father").await?;
    fill(client, "[id='field-guardians.0.phone']", "98450 24680").await?;
    click(client, "form.admission button[type=submit]").await?;

    let deadline = Instant::now() + STEP;
    loop {
        let errors = client
            .execute(
                "return Array.from(document.querySelectorAll('.field-error'), e => e.textContent);",
                vec![],
            )
            .await?;
        let errors: Vec<String> = serde_json::from_value(errors).unwrap_or_default();
        if errors
            .iter()
            .any(|e| e == "Date of birth 31/04/2015 does not exist")
        {
            break;
        }
        if Instant::now() > deadline {
            return Err(Failure(format!(
                "a date that does not exist should be refused beside the field, the form shows {errors:?}"
            )));
        }
        tokio::time::sleep(POLL).await;
    }
    screenshot(client, "admission-error").await?;

    fill(client, "#field-date_of_birth", "30/04/2015").await?;
    click(client, "form.admission button[type=submit]").await?;
    wait_for_element(client, ".profile h1", STEP).await?;
    let name = wait_for_text(client, ".profile h1", STEP, |text| !text.is_empty()).await?;
    ensure(
        name == "Meera Kapoorthala",
        format!("after saving, the profile should show the new student, it shows {name:?}"),
    )?;
    let guardians = text_of(client, ".profile").await?;
    ensure(
        guardians.contains("Sunil Kapoorthala") && guardians.contains("9845024680"),
        "the profile should list the guardian with the phone as stored",
    )?;
    screenshot(client, "student-profile").await?;

    click(client, "button[title^='Back to the list']").await?;
    let search = wait_for_element(client, "input.search", STEP).await?;
    search.clear().await?;
    search.send_keys("kapoorth").await?;
    let deadline = Instant::now() + STEP;
    loop {
        let names = name_column(client).await?;
        if names == ["Meera Kapoorthala"] {
            break;
        }
        if Instant::now() > deadline {
            return Err(Failure(format!(
                "searching the new student's name shows {names:?}"
            )));
        }
        tokio::time::sleep(POLL).await;
    }
    screenshot(client, "students-found").await?;
    Ok(())
}

/// The school admin imports a CSV through the wizard: the dry run lists the one bad row by row
/// and column and writes nothing; once the file is corrected, the import runs with its progress
/// bar and the list finds the imported students.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn csv_import_dry_run_shows_the_bad_row() -> Result<(), Failure> {
    if skipped("csv_import_dry_run_shows_the_bad_row") {
        return Ok(());
    }
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("campus.db");
    create_demo_campus(&db, 20)?;
    let csv = dir.path().join("new-students.csv");
    fs::write(&csv, IMPORT_WITH_A_BAD_ROW)?;
    let app = App::launch("csv-import", &db).await?;
    let result = csv_import_steps(&app.client, &csv).await;
    app.finish(result).await
}

/// Three students; the second (line 3 of the file) was born on a day that does not exist.
const IMPORT_WITH_A_BAD_ROW: &str = "\
Admission No,Student Name,DOB,Gender,Class,Section,Father Name,Father Mobile
IMP-001,Zoya Qureshi,05/06/2016,F,III,B,Imran Qureshi,98450 77001
IMP-002,Yusuf Qureshi,30/02/2015,M,IV,B,Imran Qureshi,98450 77001
IMP-003,Xavier Quadros,17/09/2015,M,IV,C,Peter Quadros,98450 77003
";

async fn csv_import_steps(client: &Client, csv: &Path) -> Result<(), Failure> {
    wait_for_element(client, "#field-username", APP_START).await?;
    sign_in(client, "admin", "admin123").await?;
    click_nav(client, "Import / export").await?;
    fill(client, "#field-path", &csv.display().to_string()).await?;
    click(client, "#import-next").await?;
    wait_for_element(client, "#import-check", STEP).await?;
    screenshot(client, "import-mapping").await?;
    click(client, "#import-check").await?;
    let report = wait_for_text(client, "#dry-run-report tbody", STEP, |text| {
        !text.is_empty()
    })
    .await?;
    let rows = client
        .execute(
            "return Array.from(document.querySelectorAll('#dry-run-report tbody tr'), \
             tr => Array.from(tr.cells, td => td.textContent));",
            vec![],
        )
        .await?;
    let rows: Vec<Vec<String>> = serde_json::from_value(rows).unwrap_or_default();
    ensure(
        rows.len() == 1
            && rows[0][0] == "3"
            && rows[0][1] == "DOB"
            && rows[0][2].contains("30/02/2015"),
        format!(
            "the dry run should list line 3's date of birth and nothing else, it lists {rows:?} ({report})"
        ),
    )?;
    screenshot(client, "import-dry-run").await?;

    // Nothing was written by the dry run: the list does not know the good rows either.
    ensure(
        client
            .find(Locator::Css("#import-run[disabled]"))
            .await
            .is_ok(),
        "the import should stay disabled while the dry run reports problems",
    )?;

    fs::write(
        csv,
        IMPORT_WITH_A_BAD_ROW.replace("30/02/2015", "28/02/2015"),
    )?;
    click(client, "#import-check-again").await?;
    wait_for_element(client, "#dry-run-ok", STEP).await?;
    click(client, "#import-run").await?;
    let summary = wait_for_text(client, "#import-summary", STEP, |text| !text.is_empty()).await?;
    ensure(
        summary == "Imported 3 rows.",
        format!("after the import the summary should say so, it says {summary:?}"),
    )?;
    let counts = text_of(client, ".import-summary").await?;
    ensure(
        counts.contains("New students3"),
        format!("the summary should count three new students, it shows {counts:?}"),
    )?;
    screenshot(client, "import-summary").await?;

    click_nav(client, "Students").await?;
    let search = wait_for_element(client, "input.search", STEP).await?;
    search.send_keys("quadros").await?;
    let deadline = Instant::now() + STEP;
    loop {
        let names = name_column(client).await?;
        if names == ["Xavier Quadros"] {
            return Ok(());
        }
        if Instant::now() > deadline {
            return Err(Failure(format!(
                "searching an imported student shows {names:?}"
            )));
        }
        tokio::time::sleep(POLL).await;
    }
}

/// The texts of the name column, read in one script call so that a list re-rendering between
/// two WebDriver calls cannot leave the test holding rows that are gone.
async fn name_column(client: &Client) -> Result<Vec<String>, Failure> {
    let names = client
        .execute(
            "return Array.from(document.querySelectorAll('table.grid td.name'), td => td.textContent);",
            vec![],
        )
        .await?;
    let names: Vec<String> = serde_json::from_value(names)
        .map_err(|error| format!("the name column did not read as a list of texts: {error}"))?;
    Ok(names)
}

async fn search_box_focused(client: &Client) -> Result<bool, Failure> {
    let focused = client
        .execute(
            "return document.activeElement === document.querySelector('input.search');",
            vec![],
        )
        .await?;
    Ok(focused == json!(true))
}
