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
use chrono::Datelike;
use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::{Client, Locator};
use serde_json::json;

use webview::{
    APP_START, App, DB_KEY_HEX, Failure, POLL, STEP, click, ensure, fill, on_demo_campus,
    saved_pdf_text, screenshot, sign_in, skipped, text_of, wait_for_element, wait_for_text,
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
    on_demo_campus("front-desk", 300, async |client, _| {
        front_desk_steps(client).await
    })
    .await
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

/// The front desk admits a student: the form refuses a date that does not exist beside the
/// field, saves once it is corrected, shows the profile, and the list finds the new student.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn front_desk_admits_a_student_with_a_guardian() -> Result<(), Failure> {
    if skipped("front_desk_admits_a_student_with_a_guardian") {
        return Ok(());
    }
    on_demo_campus("admission", 50, async |client, _| {
        admission_steps(client).await
    })
    .await
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

/// The receptionist's navigation has no user management, and the shell refuses the command
/// behind it when the page calls it directly, as a script injected into the webview could.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_receptionist_cannot_open_user_management() -> Result<(), Failure> {
    if skipped("a_receptionist_cannot_open_user_management") {
        return Ok(());
    }
    on_demo_campus("receptionist-refused", 20, async |client, _| {
        receptionist_refused_steps(client).await
    })
    .await
}

/// What the front desk's role opens: no users, classes or calendar, the attendance reports it
/// keeps (absentees, the month's register), and the counter only to see dues.
const FRONT_DESK_SECTIONS: [&str; 7] = [
    "Students",
    "Enquiries",
    "Attendance",
    "Leave",
    "Attendance reports",
    "Fee counter",
    "Import / export",
];

async fn receptionist_refused_steps(client: &Client) -> Result<(), Failure> {
    wait_for_element(client, "#field-username", APP_START).await?;
    sign_in(client, "frontdesk", "frontdesk123").await?;
    wait_for_element(client, "input.search", STEP).await?;
    let sections = nav_sections(client).await?;
    ensure(
        sections == FRONT_DESK_SECTIONS,
        format!(
            "the receptionist's navigation should offer {FRONT_DESK_SECTIONS:?}, it offers {sections:?}"
        ),
    )?;
    ensure(
        !sections.iter().any(|section| section.contains("Users")),
        "the receptionist's navigation should have no Users entry",
    )?;

    // The page is signed in as the receptionist, so a refusal below is about permission.
    let session = invoke_from_page(client, "current_session", json!({})).await?;
    ensure(
        session["answered"]["role"] == "receptionist",
        format!("the page should be signed in as the receptionist, the shell says {session}"),
    )?;
    let listed = invoke_from_page(client, "users", json!({})).await?;
    ensure(
        listed["refused"]["code"] == "forbidden"
            && listed["refused"]["message"] == "You do not have permission to manage users",
        format!("the shell should refuse the user list to a receptionist, it answered {listed}"),
    )?;
    let created = invoke_from_page(
        client,
        "create_user",
        json!({ "user": {
            "username": "intruder", "full_name": "Intruder", "role": "school_admin",
            "password": "intruder-pass-1"
        } }),
    )
    .await?;
    ensure(
        created["refused"]["code"] == "forbidden",
        format!("the shell should refuse to let a receptionist add a user, it answered {created}"),
    )?;
    let widened = invoke_from_page(
        client,
        "set_role_permissions",
        json!({ "role_key": "receptionist", "permissions": ["users.manage"] }),
    )
    .await?;
    ensure(
        widened["refused"]["code"] == "forbidden",
        format!("the shell should refuse a receptionist widening a role, it answered {widened}"),
    )?;
    screenshot(client, "receptionist-navigation").await?;
    Ok(())
}

/// The front desk records a walk-in enquiry (a missing name refused beside the field first),
/// notes a call, and converts it: the admission form comes filled in from the enquiry, saving
/// it shows the new student, and the enquiry is listed as converted, linked to the student.
/// A second enquiry is closed with a reason.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn front_desk_records_an_enquiry_and_converts_it() -> Result<(), Failure> {
    if skipped("front_desk_records_an_enquiry_and_converts_it") {
        return Ok(());
    }
    on_demo_campus("enquiry", 20, async |client, _| enquiry_steps(client).await).await
}

async fn enquiry_steps(client: &Client) -> Result<(), Failure> {
    wait_for_element(client, "#field-username", APP_START).await?;
    sign_in(client, "frontdesk", "frontdesk123").await?;
    click(client, "button[data-section='enquiries']").await?;
    wait_for_text(client, ".register .empty", STEP, |text| {
        text == "No open enquiries."
    })
    .await?;
    click(client, "button[title^='New enquiry']").await?;

    wait_for_element(client, "#field-child_name", STEP).await?;
    fill(client, "#field-guardian_name", "Lakshmi Venkatesh").await?;
    click(client, "form.enquiry-form button[type=submit]").await?;
    wait_for_field_error(client, "Enter the child's name").await?;

    let next_call = days_from_today(3);
    fill(client, "#field-child_name", "Ira Venkatesh").await?;
    fill(client, "#field-date_of_birth", "12/08/2021").await?;
    choose(client, "#field-gender", "female").await?;
    choose(client, "#field-class_sought", "UKG").await?;
    fill(client, "#field-phone", "98860 11223").await?;
    choose(client, "#field-source", "Walk-in").await?;
    fill(client, "#field-next_follow_up_on", &next_call).await?;
    fill(
        client,
        "#field-notes",
        "Asked about the school bus from Hebbal",
    )
    .await?;
    click(client, "form.enquiry-form button[type=submit]").await?;

    // Saved, the register shows it chosen, with its details beside the list.
    wait_for_text(client, ".enquiry-detail h2", STEP, |text| {
        text == "Ira Venkatesh"
    })
    .await?;
    let row = text_of(client, "table.enquiry-list tbody tr.selected").await?;
    ensure(
        row.contains("Ira Venkatesh") && row.contains(&next_call) && row.contains("9886011223"),
        format!(
            "the new enquiry's row should show the child, the next call and the phone, it reads {row:?}"
        ),
    )?;

    let later = days_from_today(7);
    fill(
        client,
        "#field-note",
        "Called back: visiting with the father on Saturday",
    )
    .await?;
    fill(client, "#field-next_on", &later).await?;
    click(client, ".follow-up-form button[type=submit]").await?;
    let follow_up = wait_for_text(client, ".follow-ups li", STEP, |text| !text.is_empty()).await?;
    ensure(
        follow_up.contains("Called back: visiting with the father on Saturday")
            && follow_up.contains("frontdesk")
            && follow_up.contains(&later),
        format!(
            "the follow-up should be listed with who noted it and the next call, it reads {follow_up:?}"
        ),
    )?;
    wait_for_text(
        client,
        "table.enquiry-list tbody tr.selected td.date",
        STEP,
        |text| text == later,
    )
    .await?;
    screenshot(client, "enquiries").await?;

    click(client, ".detail-actions button.primary").await?;
    wait_for_element(client, "form.admission", STEP).await?;
    let heading = text_of(client, "form.admission h1").await?;
    ensure(
        heading == "New admission from an enquiry",
        format!(
            "the admission form should say it comes from an enquiry, its heading is {heading:?}"
        ),
    )?;
    for (css, expected) in [
        ("#field-first_name", "Ira"),
        ("#field-last_name", "Venkatesh"),
        ("#field-date_of_birth", "12/08/2021"),
        ("#field-gender", "female"),
        ("[id='field-guardians.0.name']", "Lakshmi Venkatesh"),
        ("[id='field-guardians.0.phone']", "9886011223"),
    ] {
        let value = value_of(client, css).await?;
        ensure(
            value == expected,
            format!(
                "`{css}` should come filled in as {expected:?} from the enquiry, it holds {value:?}"
            ),
        )?;
    }
    // The class sought is chosen in the form's class list once the list has loaded.
    let deadline = Instant::now() + STEP;
    while selected_text(client, "#field-class_id").await? != "UKG" {
        if Instant::now() > deadline {
            return Err(Failure(
                "the class sought (UKG) should be chosen on the admission form".into(),
            ));
        }
        tokio::time::sleep(POLL).await;
    }
    fill(client, "[id='field-guardians.0.relation']", "mother").await?;
    screenshot(client, "admission-from-enquiry").await?;
    click(client, "form.admission button[type=submit]").await?;

    let name = wait_for_text(client, ".profile h1", STEP, |text| !text.is_empty()).await?;
    ensure(
        name == "Ira Venkatesh",
        format!("after converting, the new student's profile should show, it shows {name:?}"),
    )?;
    let active = text_of(client, ".nav-item.active").await?;
    ensure(
        active == "Students",
        format!("the profile belongs to the students section, the navigation shows {active:?}"),
    )?;

    // The enquiry is now converted and leads to the student.
    click(client, "button[data-section='enquiries']").await?;
    click(client, "button[data-filter='converted']").await?;
    let row = wait_for_text(client, "table.enquiry-list tbody tr", STEP, |text| {
        text.contains("Ira Venkatesh")
    })
    .await?;
    ensure(
        row.contains("Admitted"),
        format!("the converted enquiry should read Admitted, its row reads {row:?}"),
    )?;
    click(client, "table.enquiry-list tbody tr td.name").await?;
    click(client, ".detail-actions button").await?;
    wait_for_text(client, ".profile h1", STEP, |text| text == "Ira Venkatesh").await?;

    // Another family decides against the school: the enquiry is closed with their reason. Esc
    // first backs out of closing it.
    click(client, "button[data-section='enquiries']").await?;
    click(client, "button[title^='New enquiry']").await?;
    fill(client, "#field-child_name", "Arnav Shetty").await?;
    fill(client, "#field-guardian_name", "Rekha Shetty").await?;
    fill(client, "#field-phone", "99000 12345").await?;
    press_enter(client, "#field-phone").await?;
    wait_for_text(client, ".enquiry-detail h2", STEP, |text| {
        text == "Arnav Shetty"
    })
    .await?;
    click(client, ".detail-actions button:last-child").await?;
    wait_for_element(client, "#field-reason", STEP)
        .await?
        .send_keys("\u{E00C}")
        .await?;
    wait_until_gone(client, "#field-reason").await?;
    click(client, ".detail-actions button:last-child").await?;
    fill(client, "#field-reason", "Chose a school nearer home").await?;
    press_enter(client, "#field-reason").await?;
    wait_for_text(client, ".register .empty", STEP, |text| {
        text == "No open enquiries."
    })
    .await?;
    click(client, "button[data-filter='closed']").await?;
    let row = wait_for_text(client, "table.enquiry-list tbody tr", STEP, |text| {
        text.contains("Arnav Shetty")
    })
    .await?;
    ensure(
        row.contains("Closed"),
        format!("the closed enquiry should read Closed, its row reads {row:?}"),
    )?;
    click(client, "table.enquiry-list tbody tr td.name").await?;
    wait_for_text(client, ".follow-ups li", STEP, |text| {
        text.contains("Closed: Chose a school nearer home")
    })
    .await?;
    Ok(())
}

/// The school admin adds an academic year (dates in the wrong order refused first) and makes it
/// current, adds a class and a section, and changes the admission-number pattern.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn admin_sets_up_years_classes_and_sections() -> Result<(), Failure> {
    if skipped("admin_sets_up_years_classes_and_sections") {
        return Ok(());
    }
    on_demo_campus("classes", 20, async |client, _| classes_steps(client).await).await
}

async fn classes_steps(client: &Client) -> Result<(), Failure> {
    wait_for_element(client, "#field-username", APP_START).await?;
    sign_in(client, "admin", "admin123").await?;
    click(client, "button[data-section='classes']").await?;
    wait_for_element(client, "table.year-list tr.current", STEP).await?;

    // The school year after the current one (April to March), which the demo has not yet.
    let today = chrono::Local::now().date_naive();
    let current_start = if today.month() >= 4 {
        today.year()
    } else {
        today.year() - 1
    };
    let next = current_start + 1;
    let name = format!("{next}-{:02}", (next + 1) % 100);
    fill(client, "#field-year_name", &name).await?;
    fill(client, "#field-starts_on", &format!("01/04/{next}")).await?;
    fill(client, "#field-ends_on", &format!("31/03/{next}")).await?;
    click(client, ".years .add-form button[type=submit]").await?;
    wait_for_field_error(client, "The year must end after it starts").await?;
    fill(client, "#field-ends_on", &format!("31/03/{}", next + 1)).await?;
    click(client, ".years .add-form button[type=submit]").await?;
    let row = format!("table.year-list tr[data-year='{name}']");
    wait_for_element(client, &row, STEP).await?;
    click(client, &format!("{row} button")).await?;
    wait_for_element(client, &format!("{row}.current"), STEP).await?;

    fill(client, "#field-class_name", "Pre-KG").await?;
    click(client, ".classes .add-form button[type=submit]").await?;
    wait_for_element(client, "table.class-list tr[data-class='Pre-KG']", STEP).await?;
    wait_for_element(client, "#field-section_class", STEP)
        .await?
        .select_by_label("Pre-KG")
        .await?;
    fill(client, "#field-section_name", "b").await?;
    // Enter adds, as on every form.
    press_enter(client, "#field-section_name").await?;
    wait_for_text(
        client,
        "table.class-list tr[data-class='Pre-KG'] td.sections",
        STEP,
        |text| text == "B",
    )
    .await?;

    // The stored pattern arrives after the screen opens.
    let deadline = Instant::now() + STEP;
    loop {
        let pattern = value_of(client, "#field-admission_pattern").await?;
        if pattern == "{CAMPUS}/{N:5}" {
            break;
        }
        if Instant::now() > deadline {
            return Err(Failure(format!(
                "the demo campus's pattern {{CAMPUS}}/{{N:5}} should show, the field holds {pattern:?}"
            )));
        }
        tokio::time::sleep(POLL).await;
    }
    fill(client, "#field-admission_pattern", "{CAMPUS}-{YYYY}-{N:4}").await?;
    press_enter(client, "#field-admission_pattern").await?;
    let year = today.year();
    wait_for_text(client, ".settings", STEP, |text| {
        text.contains(&format!("Saved. The next admission number is GVS-{year}-"))
    })
    .await?;
    screenshot(client, "classes-years").await?;
    Ok(())
}

/// The school admin adds a receptionist (a short password refused first) and resets her
/// password, stops a teacher from signing in, and lets teachers record enquiries; the new user
/// then signs in with the new password and the stopped one cannot.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn admin_manages_users_and_role_permissions() -> Result<(), Failure> {
    if skipped("admin_manages_users_and_role_permissions") {
        return Ok(());
    }
    on_demo_campus("users", 20, async |client, _| users_steps(client).await).await
}

async fn users_steps(client: &Client) -> Result<(), Failure> {
    wait_for_element(client, "#field-username", APP_START).await?;
    sign_in(client, "admin", "admin123").await?;
    let sections = nav_sections(client).await?;
    ensure(
        sections
            == [
                "Students",
                "Enquiries",
                "Attendance",
                "Leave",
                "Attendance reports",
                "Fee counter",
                "Fee reports",
                "Fee setup",
                "Import / export",
                "Classes and years",
                "Attendance calendar",
                "Users and roles",
            ],
        format!("the school admin should see every section, the navigation offers {sections:?}"),
    )?;
    click(client, "button[data-section='users']").await?;
    wait_for_element(client, "table.user-list tr[data-user='frontdesk']", STEP).await?;

    click(client, "button[title^='Add a user']").await?;
    fill(client, "#field-username", "kavitha.office").await?;
    fill(client, "#field-full_name", "Kavitha Rao").await?;
    choose(client, "#field-role", "receptionist").await?;
    fill(client, "#field-password", "short").await?;
    click(client, ".add-panel button[type=submit]").await?;
    wait_for_field_error(client, "Password must be at least 8 characters").await?;
    fill(client, "#field-password", "kavitha-pass-1").await?;
    click(client, ".add-panel button[type=submit]").await?;
    let row = wait_for_text(
        client,
        "table.user-list tr[data-user='kavitha.office']",
        STEP,
        |text| !text.is_empty(),
    )
    .await?;
    ensure(
        row.contains("Kavitha Rao") && row.contains("Receptionist") && row.contains("Active"),
        format!("the new user's row should show name, role and Active, it reads {row:?}"),
    )?;

    // A password typed wrongly when the user was added is put right with a reset.
    click(
        client,
        "tr[data-user='kavitha.office'] td.row-actions button:first-child",
    )
    .await?;
    fill(client, "#field-new_password", "kavitha-pass-2").await?;
    press_enter(client, "#field-new_password").await?;
    wait_for_text(client, ".users .banner", STEP, |text| {
        text == "New password set for Kavitha Rao (kavitha.office). Tell them to sign in with it."
    })
    .await?;

    let teacher = "table.user-list tr[data-user='teacher']";
    click(
        client,
        &format!("{teacher} td.row-actions button:last-child"),
    )
    .await?;
    wait_for_text(client, &format!("{teacher} .status"), STEP, |text| {
        text == "Inactive"
    })
    .await?;
    let notice = text_of(client, ".users .banner").await?;
    ensure(
        notice.ends_with("(teacher) can no longer sign in."),
        format!("deactivating should say who can no longer sign in, the screen says {notice:?}"),
    )?;
    screenshot(client, "users").await?;

    click(client, "button[data-tab='roles']").await?;
    // WebKitWebDriver will not click a table row itself, only what is inside it.
    click(client, "tr[data-role='teacher'] td.name").await?;
    let permission = "[id='permission-students.create']";
    wait_for_element(client, permission, STEP).await?;
    ensure(
        !is_checked(client, permission).await?,
        "a teacher should start without students.create",
    )?;
    click(client, permission).await?;
    click(client, "form.permission-editor button[type=submit]").await?;
    wait_for_text(client, "form.permission-editor", STEP, |text| {
        text.contains("Saved. People with this role get the change when they next sign in.")
    })
    .await?;
    let count = text_of(client, "tr[data-role='teacher'] td.num").await?;
    ensure(
        count == "9 of 27",
        format!(
            "the teacher role should now hold 9 of the 27 permissions, the list says {count:?}"
        ),
    )?;
    screenshot(client, "roles").await?;

    // The new user signs in and works as a receptionist; the stopped teacher cannot sign in.
    click(client, ".nav-bottom button").await?;
    sign_in(client, "teacher", "teacher123").await?;
    let error = wait_for_text(client, ".banner.error", STEP, |text| !text.is_empty()).await?;
    ensure(
        error == "Wrong username or password",
        format!("a deactivated user should not sign in, the form says {error:?}"),
    )?;
    sign_in(client, "kavitha.office", "kavitha-pass-2").await?;
    wait_for_element(client, "input.search", STEP).await?;
    let sections = nav_sections(client).await?;
    ensure(
        sections == FRONT_DESK_SECTIONS,
        format!(
            "the new receptionist should see {FRONT_DESK_SECTIONS:?}, the navigation offers {sections:?}"
        ),
    )?;
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
    on_demo_campus("csv-import", 20, async |client, dir| {
        let csv = dir.join("new-students.csv");
        fs::write(&csv, IMPORT_WITH_A_BAD_ROW)?;
        csv_import_steps(client, &csv).await
    })
    .await
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
    click(client, "button[data-section='roster']").await?;
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

    click(client, "button[data-section='students']").await?;
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

/// The titles of the navigation's sections, in order (Sign out is not one of them), once the
/// navigation is on the screen: right after signing in it may not be drawn yet.
async fn nav_sections(client: &Client) -> Result<Vec<String>, Failure> {
    wait_for_element(client, "nav ul .nav-item", STEP).await?;
    let titles = client
        .execute(
            "return Array.from(document.querySelectorAll('nav ul .nav-item'), b => b.textContent.trim());",
            vec![],
        )
        .await?;
    serde_json::from_value(titles)
        .map_err(|error| Failure(format!("the navigation did not read as texts: {error}")))
}

/// Calls a shell command from the page itself, the way the UI does, and returns
/// `{"answered": <answer>}` or `{"refused": <ApiError>}`.
async fn invoke_from_page(
    client: &Client,
    command: &str,
    args: serde_json::Value,
) -> Result<serde_json::Value, Failure> {
    Ok(client
        .execute_async(
            "const [command, args, done] = arguments;
             window.__TAURI_INTERNALS__.invoke(command, args).then(
                 answer => done({ answered: answer === undefined ? null : answer }),
                 error => done({ refused: error }));",
            vec![json!(command), args],
        )
        .await?)
}

/// Waits until a message beside a field reads `message`.
async fn wait_for_field_error(client: &Client, message: &str) -> Result<(), Failure> {
    let deadline = Instant::now() + STEP;
    loop {
        let errors = client
            .execute(
                "return Array.from(document.querySelectorAll('.field-error'), e => e.textContent);",
                vec![],
            )
            .await?;
        let errors: Vec<String> = serde_json::from_value(errors).unwrap_or_default();
        if errors.iter().any(|error| error == message) {
            return Ok(());
        }
        if Instant::now() > deadline {
            return Err(Failure(format!(
                "the form should say {message:?} beside a field, it shows {errors:?}"
            )));
        }
        tokio::time::sleep(POLL).await;
    }
}

/// Chooses the option with `value` in the drop-down list at `css`.
async fn choose(client: &Client, css: &str, value: &str) -> Result<(), Failure> {
    wait_for_element(client, css, STEP)
        .await?
        .select_by_value(value)
        .await
        .map_err(|error| Failure(format!("could not choose {value:?} in `{css}`: {error}")))
}

/// Waits until nothing on the screen matches `css`.
async fn wait_until_gone(client: &Client, css: &str) -> Result<(), Failure> {
    let deadline = Instant::now() + STEP;
    loop {
        let present = client
            .execute(
                "return document.querySelector(arguments[0]) !== null;",
                vec![json!(css)],
            )
            .await?;
        if present == json!(false) {
            return Ok(());
        }
        if Instant::now() > deadline {
            return Err(Failure(format!("`{css}` is still on the screen")));
        }
        tokio::time::sleep(POLL).await;
    }
}

/// Presses Enter in the field at `css` (WebDriver's code for the key).
async fn press_enter(client: &Client, css: &str) -> Result<(), Failure> {
    wait_for_element(client, css, STEP)
        .await?
        .send_keys("\u{E007}")
        .await
        .map_err(|error| Failure(format!("could not press Enter in `{css}`: {error}")))
}

async fn is_checked(client: &Client, css: &str) -> Result<bool, Failure> {
    let checked = client
        .execute(
            "const box = document.querySelector(arguments[0]); return !!(box && box.checked);",
            vec![json!(css)],
        )
        .await?;
    Ok(checked == json!(true))
}

/// The current value of an input or drop-down list.
async fn value_of(client: &Client, css: &str) -> Result<String, Failure> {
    let value = client
        .execute(
            "const element = document.querySelector(arguments[0]);
             return element ? element.value : null;",
            vec![json!(css)],
        )
        .await?;
    value
        .as_str()
        .map(str::to_owned)
        .ok_or_else(|| Failure(format!("`{css}` is not on the screen")))
}

/// The text of the chosen option of a drop-down list.
async fn selected_text(client: &Client, css: &str) -> Result<String, Failure> {
    let text = client
        .execute(
            "const list = document.querySelector(arguments[0]);
             return list && list.selectedIndex >= 0 ? list.options[list.selectedIndex].text : '';",
            vec![json!(css)],
        )
        .await?;
    Ok(text.as_str().unwrap_or_default().to_owned())
}

/// A date `days` after today on this PC's calendar, as the office types it.
fn days_from_today(days: i64) -> String {
    (chrono::Local::now().date_naive() + chrono::Duration::days(days))
        .format("%d/%m/%Y")
        .to_string()
}

/// A day's attendance on the demo campus: the teacher takes VI-A's register (one absent by
/// mouse with a remark, one late by keyboard); the front desk sees the absentee with the
/// guardian's phone and records a leave request; the school admin approves it, changes a
/// mark of the saved register (its history shows both), looks at the calendar, and saves the
/// month's register as a PDF.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_days_attendance_from_register_to_printed_month() -> Result<(), Failure> {
    if skipped("a_days_attendance_from_register_to_printed_month") {
        return Ok(());
    }
    on_demo_campus("attendance", 300, async |client, dir| {
        attendance_steps(client, dir).await
    })
    .await
}

/// The latest school day up to today on the demo campus (Sundays are off). The demo leaves
/// today and yesterday untaken for this.
fn school_day() -> chrono::NaiveDate {
    let today = chrono::Local::now().date_naive();
    if today.weekday() == chrono::Weekday::Sun {
        today - chrono::Duration::days(1)
    } else {
        today
    }
}

async fn attendance_steps(client: &Client, dir: &Path) -> Result<(), Failure> {
    let day = school_day();
    let date = day.format("%d/%m/%Y").to_string();

    // The teacher: only their section, every student present until marked.
    wait_for_element(client, "#field-username", APP_START).await?;
    sign_in(client, "teacher", "teacher123").await?;
    click(client, "button[data-section='attendance']").await?;
    wait_for_element(client, ".register-sheet tbody tr", STEP).await?;
    let offered = client
        .execute(
            "return Array.from(document.querySelectorAll('#register-section option'), o => o.textContent);",
            vec![],
        )
        .await?;
    ensure(
        offered == json!(["VI-A"]),
        format!("the teacher should be offered only VI-A, got {offered}"),
    )?;
    fill(client, "#register-date", &date).await?;
    press_enter(client, "#register-date").await?;
    wait_for_text(client, ".page-banner", STEP, |text| {
        text.starts_with("Not taken yet")
    })
    .await?;
    let first = ".register-sheet tbody tr:nth-child(1)";
    let second = ".register-sheet tbody tr:nth-child(2)";
    let third = ".register-sheet tbody tr:nth-child(3)";
    let absent_name = text_of(client, &format!("{first} td.name")).await?;
    let late_name = text_of(client, &format!("{second} td.name")).await?;
    let leave_name = text_of(client, &format!("{third} td.name")).await?;
    click(client, &format!("{first} button[data-mark='absent']")).await?;
    fill(client, &format!("{first} input.remark"), "fever").await?;
    // Keyboard: L on a line marks it late.
    wait_for_element(client, second, STEP)
        .await?
        .send_keys("l")
        .await
        .map_err(|error| Failure(format!("could not type into the second line: {error}")))?;
    wait_for_element(client, &format!("{second}[data-status='late']"), STEP).await?;
    wait_for_text(client, ".register-counts", STEP, |text| {
        text.contains("1 absent") && text.contains("1 late") && text.ends_with("2 not saved")
    })
    .await?;
    screenshot(client, "attendance-register").await?;
    click(client, "button[data-action='save-register']").await?;
    wait_for_text(client, ".banner.success", STEP, |text| {
        text.contains("VI-A") && text.ends_with("is taken: 2 marks saved.")
    })
    .await?;
    wait_for_text(client, ".page-banner.taken", STEP, |text| {
        text.starts_with("Taken by teacher")
    })
    .await?;
    // The teacher sees the month of their section's register, today's absence in it.
    click(client, "button[data-section='attendance-reports']").await?;
    click(client, "button[data-tab='monthly']").await?;
    wait_for_text(
        client,
        "table.month-grid tbody tr:nth-child(1)",
        STEP,
        |text| text.contains(&absent_name),
    )
    .await?;
    click(client, ".nav-bottom button").await?;

    // The front desk: today's call list, and a leave request for the third student.
    sign_in(client, "frontdesk", "frontdesk123").await?;
    click(client, "button[data-section='attendance-reports']").await?;
    fill(client, "#report-date", &date).await?;
    press_enter(client, "#report-date").await?;
    let row = wait_for_text(client, "table.absentee-list tbody tr", STEP, |text| {
        text.contains(&absent_name)
    })
    .await?;
    ensure(
        row.contains("fever") && row.chars().filter(char::is_ascii_digit).count() >= 10,
        format!("the absentee's line should carry the remark and a phone number, it reads {row:?}"),
    )?;
    screenshot(client, "attendance-absentees").await?;
    click(client, "button[data-section='leave']").await?;
    click(client, "button[data-action='record-leave']").await?;
    fill(client, "#field-student_id", &leave_name).await?;
    click(client, ".student-matches li:first-child").await?;
    fill(client, "#field-starts_on", &date).await?;
    fill(client, "#field-reason", "Family wedding").await?;
    fill(client, "#field-requested_by", "Mother (phone call)").await?;
    screenshot(client, "attendance-leave-form").await?;
    press_enter(client, "#field-reason").await?;
    wait_for_text(client, ".banner.success", STEP, |text| {
        text.contains("waits for approval")
    })
    .await?;
    wait_for_text(client, "table.leave-list tbody", STEP, |text| {
        text.contains("Family wedding") && text.contains("Pending")
    })
    .await?;
    // The front desk records leave but does not decide it.
    ensure(
        text_of(client, "table.leave-list button[data-action='approve']")
            .await?
            .is_empty(),
        "the front desk should not be offered Approve",
    )?;
    click(client, ".nav-bottom button").await?;

    // The school admin approves the leave and changes a saved mark.
    sign_in(client, "admin", "admin123").await?;
    click(client, "button[data-section='leave']").await?;
    click(client, "table.leave-list button[data-action='approve']").await?;
    wait_for_text(client, ".banner.success", STEP, |text| {
        text.contains("is approved")
    })
    .await?;
    screenshot(client, "attendance-leave").await?;
    click(client, "button[data-section='attendance']").await?;
    wait_for_element(client, "#register-section option", STEP).await?;
    wait_for_element(client, "#register-section", STEP)
        .await?
        .select_by_label("VI-A")
        .await?;
    fill(client, "#register-date", &date).await?;
    press_enter(client, "#register-date").await?;
    wait_for_text(client, ".page-banner.taken", STEP, |text| {
        text.starts_with("Taken by teacher")
    })
    .await?;
    wait_for_element(client, &format!("{third}[data-status='excused']"), STEP).await?;
    ensure(
        text_of(client, &format!("{third} td.name"))
            .await?
            .contains("on leave"),
        "the approved leave should show in the register",
    )?;
    click(client, &format!("{second} button[data-mark='present']")).await?;
    click(client, "button[data-action='save-register']").await?;
    wait_for_text(client, ".banner.success", STEP, |text| {
        text.ends_with("is changed: 1 mark saved.")
    })
    .await?;
    click(client, &format!("{second} button[data-action='history']")).await?;
    let history = wait_for_text(client, ".history-list", STEP, |text| {
        text.contains("admin") && text.contains("teacher")
    })
    .await?;
    ensure(
        history.contains("Late") && history.contains("Present"),
        format!("{late_name}'s history should show Late by the teacher, then Present: {history:?}"),
    )?;
    screenshot(client, "attendance-edit-history").await?;

    click(client, "button[data-section='calendar']").await?;
    wait_for_text(client, ".teachers-sections table", STEP, |text| {
        text.contains("VI-A")
    })
    .await?;
    screenshot(client, "attendance-calendar").await?;

    // The month's register, on screen and saved as a PDF.
    click(client, "button[data-section='attendance-reports']").await?;
    click(client, "button[data-tab='monthly']").await?;
    wait_for_element(client, "#report-section option", STEP).await?;
    wait_for_element(client, "#report-section", STEP)
        .await?
        .select_by_label("VI-A")
        .await?;
    fill(client, "#report-month", &day.format("%m/%Y").to_string()).await?;
    press_enter(client, "#report-month").await?;
    wait_for_text(client, ".report-title", STEP, |text| {
        text.starts_with("VI-A")
    })
    .await?;
    let absent_row = wait_for_text(
        client,
        "table.month-grid tbody tr:nth-child(1)",
        STEP,
        |text| text.contains(&absent_name),
    )
    .await?;
    ensure(
        absent_row.contains('A'),
        format!("{absent_name}'s line of the month should show the absence: {absent_row:?}"),
    )?;
    screenshot(client, "attendance-monthly-register").await?;
    let pdf = dir.join("printed").join("register-VI-A.pdf");
    fill(client, ".save-bar input.path", &pdf.display().to_string()).await?;
    click(client, "button[data-action='save-report']").await?;
    wait_for_element(client, ".save-bar [data-saved]", STEP).await?;
    if let Some(text) = saved_pdf_text(&pdf)? {
        ensure(
            text.contains("VI-A") && text.contains(&absent_name),
            format!("the printed register should name the section and {absent_name}: {text}"),
        )?;
    }
    Ok(())
}

/// A payment at the fee counter of the demo campus, to the cashier's closed day: the
/// accountant finds a student, collects what is due in three keyboard steps and prints the
/// receipt (saved as a PDF); the principal cancels it with a reason, and it stays in the list
/// marked cancelled; the accountant closes the day and the Z-report shows it closed.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_payment_at_the_fee_counter_to_the_closed_day() -> Result<(), Failure> {
    if skipped("a_payment_at_the_fee_counter_to_the_closed_day") {
        return Ok(());
    }
    on_demo_campus("fees", 60, async |client, dir| fee_steps(client, dir).await).await
}

/// Rupees as the amount field shows them (`12500` or `12500.50`) in paise.
fn typed_paise(text: &str) -> Option<i64> {
    let (whole, fraction) = text.split_once('.').unwrap_or((text, "0"));
    let paise: i64 = format!("{fraction:0<2}").get(..2)?.parse().ok()?;
    Some(whole.parse::<i64>().ok()? * 100 + paise)
}

async fn open_student_at_counter(client: &Client, name: &str) -> Result<(), Failure> {
    click(client, "button[data-section='fees']").await?;
    fill(client, "#field-student_id", name).await?;
    click(client, ".student-matches li:first-child").await?;
    wait_for_element(client, ".dues-summary", STEP).await?;
    Ok(())
}

async fn fee_steps(client: &Client, dir: &Path) -> Result<(), Failure> {
    // The accountant: a student's dues, and a payment of what is due now.
    wait_for_element(client, "#field-username", APP_START).await?;
    sign_in(client, "accounts", "accounts123").await?;
    wait_for_element(client, "table.grid td.name", STEP).await?;
    let name = name_column(client)
        .await?
        .first()
        .cloned()
        .ok_or_else(|| Failure("the demo campus should list its students".into()))?;
    open_student_at_counter(client, &name).await?;
    wait_for_element(client, "table.dues-list tbody tr", STEP).await?;
    let amount = value_of(client, "#field-amount_paise").await?;
    let paise = typed_paise(&amount).ok_or_else(|| {
        Failure(format!(
            "the amount should be filled in with what is due, it reads {amount:?}"
        ))
    })?;
    ensure(paise > 0, "the demo student should owe something today")?;
    screenshot(client, "fees-counter").await?;
    // Amount, Enter; cash needs no reference, so Enter on the mode collects.
    press_enter(client, "#field-amount_paise").await?;
    press_enter(client, "#field-mode").await?;
    let receipt_no = wait_for_text(client, ".receipt-panel .receipt-no", STEP, |text| {
        !text.is_empty()
    })
    .await?;
    let shown = text_of(client, ".receipt-panel .receipt-total .amount").await?;
    let written = campusdesk_core::fees::format_rupees(paise);
    let digits = written.trim_start_matches(|c: char| !c.is_ascii_digit());
    ensure(
        shown.ends_with(digits),
        format!("the receipt should show {written}, it shows {shown:?}"),
    )?;
    screenshot(client, "fees-receipt").await?;

    // Printing saves the PDF where the path says, then opens it in the PC's viewer.
    let pdf = dir.join("printed").join("receipt.pdf");
    fill(
        client,
        ".receipt-panel input[name='receipt-path']",
        &pdf.display().to_string(),
    )
    .await?;
    click(client, "button[data-action='print-a5']").await?;
    wait_for_element(client, ".print-bar [data-saved]", STEP).await?;
    if let Some(text) = saved_pdf_text(&pdf)? {
        ensure(
            text.contains(&receipt_no) && text.contains(digits),
            format!("the printed receipt should carry {receipt_no} and {digits}: {text}"),
        )?;
    }
    click(client, "button[data-tab='ledger']").await?;
    wait_for_text(client, "table.ledger", STEP, |text| {
        text.contains(&receipt_no)
    })
    .await?;
    screenshot(client, "fees-ledger").await?;
    click(client, ".nav-bottom button").await?;

    // The principal cancels the receipt: a reason is required, and the receipt stays.
    sign_in(client, "principal", "principal123").await?;
    open_student_at_counter(client, &name).await?;
    click(client, "button[data-tab='receipts']").await?;
    click(
        client,
        &format!("table.receipt-list tr[data-receipt='{receipt_no}'] td.code"),
    )
    .await?;
    click(client, "button[data-action='cancel-receipt']").await?;
    press_enter(client, "#field-reason").await?;
    wait_for_field_error(client, "Say why the receipt is cancelled").await?;
    fill(client, "#field-reason", "Paid for the wrong student").await?;
    press_enter(client, "#field-reason").await?;
    wait_for_element(
        client,
        &format!("table.receipt-list tr.cancelled[data-receipt='{receipt_no}']"),
        STEP,
    )
    .await?;
    wait_for_text(client, ".receipt-panel .banner", STEP, |text| {
        text.contains("Paid for the wrong student")
    })
    .await?;
    screenshot(client, "fees-receipt-cancelled").await?;
    click(client, ".nav-bottom button").await?;

    // The accountant's day: the day-book shows the cancelled receipt, and the day closes.
    sign_in(client, "accounts", "accounts123").await?;
    click(client, "button[data-section='fee-reports']").await?;
    click(client, "button[data-tab='day-book']").await?;
    wait_for_element(
        client,
        &format!("table.day-book tr.cancelled[data-receipt='{receipt_no}']"),
        STEP,
    )
    .await?;
    screenshot(client, "fees-day-book").await?;
    click(client, "button[data-tab='z-report']").await?;
    wait_for_element(client, ".z-report[data-closed='false']", STEP).await?;
    click(client, "button[data-action='close-day']").await?;
    click(client, "button[data-action='confirm-close-day']").await?;
    let z = wait_for_text(client, ".z-report[data-closed='true']", STEP, |text| {
        text.contains("Closed")
    })
    .await?;
    ensure(
        z.contains(&receipt_no),
        format!("the Z-report should name the day's receipt {receipt_no}: {z:?}"),
    )?;
    screenshot(client, "fees-z-report").await?;
    Ok(())
}
