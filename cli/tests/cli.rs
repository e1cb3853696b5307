//! The real `campusdesk-admin` binary against real database files: key files, the keychain
//! (a real gnome-keyring under its own D-Bus session), recovery keys, import, export, backup.

use std::process::{Command, Output};

const BIN: &str = env!("CARGO_BIN_EXE_campusdesk-admin");

fn admin(args: &[&str]) -> Command {
    let mut command = Command::new(BIN);
    command
        .args(args)
        .env_remove("CAMPUSDESK_DB_KEY")
        .env_remove("CAMPUSDESK_KEY_FILE")
        .env_remove("CAMPUSDESK_DB");
    command.env("CAMPUSDESK_FAST_HASH", "1");
    command
}

fn run(mut command: impl std::borrow::BorrowMut<Command>) -> Output {
    command
        .borrow_mut()
        .output()
        .expect("campusdesk-admin runs")
}

fn text(output: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

fn init_args(db: &str) -> Vec<&str> {
    vec![
        "--db",
        db,
        "init",
        "--school",
        "Green Valley School",
        "--campus",
        "Main",
        "--code",
        "GVS",
        "--admin-username",
        "admin",
        "--admin-name",
        "Anjali Menon",
        "--admin-password",
        "password-1",
    ]
}

fn recovery_key(output: &Output) -> String {
    let stdout = String::from_utf8_lossy(&output.stdout);
    let line = stdout
        .lines()
        .skip_while(|l| !l.starts_with("RECOVERY KEY"))
        .nth(1)
        .expect("recovery key line");
    line.trim().to_owned()
}

#[test]
fn a_campus_made_with_a_key_file_opens_with_it_or_its_recovery_key_only() {
    let dir = tempfile::tempdir().expect("temp");
    let db = dir.path().join("campus.db");
    let db = db.to_str().expect("utf-8 path");
    let key_file = dir.path().join("keys").join("campus.key");
    let key_file = key_file.to_str().expect("utf-8 path");

    let mut args = vec!["--key-file", key_file];
    args.extend(init_args(db));
    let created = run(&mut admin(&args));
    assert!(created.status.success(), "{}", text(&created));
    let recovery = recovery_key(&created);
    assert_eq!(recovery.split('-').count(), 13, "{recovery}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(key_file)
            .expect("key file")
            .permissions()
            .mode()
            & 0o777;
        assert_eq!(mode, 0o600, "only the owner may read the key file");
    }

    let added = run(admin(&[
        "--db",
        db,
        "--key-file",
        key_file,
        "--user",
        "admin",
        "--password",
        "password-1",
        "add-user",
        "--username",
        "clerk",
        "--full-name",
        "Ravi Kumar",
        "--role",
        "receptionist",
        "--new-password",
        "password-2",
    ]));
    assert!(added.status.success(), "{}", text(&added));

    let backup = dir.path().join("backup.db");
    let backed_up = run(admin(&[
        "--db",
        db,
        "--key-file",
        key_file,
        "--user",
        "admin",
        "--password",
        "password-1",
        "backup",
        backup.to_str().expect("path"),
    ]));
    assert!(backed_up.status.success(), "{}", text(&backed_up));
    // The backup opens on "another PC" with the printed recovery key alone.
    let exported = dir.path().join("students.csv");
    let from_backup = run(admin(&[
        "--db",
        backup.to_str().expect("path"),
        "--user",
        "clerk",
        "--password",
        "password-2",
        "export",
        exported.to_str().expect("path"),
    ])
    .env("CAMPUSDESK_DB_KEY", &recovery));
    assert!(
        !from_backup.status.success(),
        "a receptionist may not export"
    );
    assert!(
        text(&from_backup).contains("You do not have permission to export students"),
        "{}",
        text(&from_backup)
    );
    let from_backup = run(admin(&[
        "--db",
        backup.to_str().expect("path"),
        "--user",
        "admin",
        "--password",
        "password-1",
        "export",
        exported.to_str().expect("path"),
    ])
    .env("CAMPUSDESK_DB_KEY", &recovery));
    assert!(from_backup.status.success(), "{}", text(&from_backup));

    let wrong = run(admin(&[
        "--db",
        db,
        "--user",
        "admin",
        "--password",
        "password-1",
        "backup",
        "/nonexistent/x.db",
    ])
    .env(
        "CAMPUSDESK_DB_KEY",
        "AAAA-AAAA-AAAA-AAAA-AAAA-AAAA-AAAA-AAAA-AAAA-AAAA-AAAA-AAAA-AAAA",
    ));
    assert!(!wrong.status.success());
    let message = text(&wrong);
    assert!(
        message.contains("The key does not open this database"),
        "{message}"
    );
    assert!(
        !message.contains("ERROR CORE"),
        "SQLCipher's own log stays quiet: {message}"
    );
}

#[test]
fn import_reports_bad_rows_and_imports_nothing_until_they_are_fixed() {
    let dir = tempfile::tempdir().expect("temp");
    let db = dir.path().join("campus.db");
    let db = db.to_str().expect("utf-8 path");
    let key = "ab".repeat(32);
    let created = run(admin(&init_args(db)).env("CAMPUSDESK_DB_KEY", &key));
    assert!(created.status.success(), "{}", text(&created));
    let csv = dir.path().join("in.csv");
    std::fs::write(&csv, "Admission No;Student Name;DOB;Gender;Class;Father Name;Father Mobile\r\nA1;Asha Rao;05/06/2016;F;III;Ramesh Rao;9845011111\r\nA2;Ravi Rao;31/02/2014;M;V;Ramesh Rao;9845011111\r\n").expect("csv");
    let sign_in = ["--db", db, "--user", "admin", "--password", "password-1"];
    let mut args = sign_in.to_vec();
    args.extend(["import", csv.to_str().expect("path")]);
    let refused = run(admin(&args).env("CAMPUSDESK_DB_KEY", &key));
    assert!(!refused.status.success());
    let message = text(&refused);
    assert!(message.contains("row      3  column DOB"), "{message}");
    assert!(
        message.contains("Date of birth 31/02/2014 does not exist"),
        "{message}"
    );
    assert!(message.contains("nothing was imported"), "{message}");

    std::fs::write(
        &csv,
        std::fs::read_to_string(&csv)
            .expect("csv")
            .replace("31/02/2014", "28/02/2014"),
    )
    .expect("fixed");
    let imported = run(admin(&args).env("CAMPUSDESK_DB_KEY", &key));
    assert!(imported.status.success(), "{}", text(&imported));
    assert!(
        text(&imported)
            .contains("Imported 2 rows: 2 new, 0 updated, 0 unchanged students; 1 new guardians"),
        "{}",
        text(&imported)
    );
    let again = run(admin(&args).env("CAMPUSDESK_DB_KEY", &key));
    assert!(
        text(&again).contains("0 new, 0 updated, 2 unchanged"),
        "{}",
        text(&again)
    );
}

/// The default: the key lives in the OS keychain. A real gnome-keyring in a private D-Bus
/// session stands in for the desktop's; `cargo xtask setup` installs both.
#[test]
fn without_a_key_file_the_key_lives_in_the_keychain_and_nowhere_beside_the_database() {
    for tool in ["dbus-run-session", "gnome-keyring-daemon"] {
        let found = Command::new("sh")
            .args(["-c", &format!("command -v {tool}")])
            .output()
            .expect("sh")
            .status
            .success();
        assert!(
            found,
            "{tool} is missing: run `cargo xtask setup` (it installs gnome-keyring and dbus-x11)"
        );
    }
    let dir = tempfile::tempdir().expect("temp");
    let db = dir.path().join("campus.db");
    let script = format!(
        "echo unlock | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1; \
         {bin} {init} && \
         {bin} --db {db} --user admin --password password-1 add-user --username clerk --full-name 'Ravi Kumar' --role receptionist --new-password password-2",
        bin = BIN,
        db = db.display(),
        init = init_args(db.to_str().expect("path"))
            .iter()
            .map(|a| format!("'{a}'"))
            .collect::<Vec<_>>()
            .join(" "),
    );
    let output = run(Command::new("dbus-run-session")
        .args(["--", "sh", "-c", &script])
        .env_remove("CAMPUSDESK_DB_KEY")
        .env_remove("CAMPUSDESK_KEY_FILE")
        .env("CAMPUSDESK_FAST_HASH", "1")
        .env("HOME", dir.path()));
    assert!(output.status.success(), "{}", text(&output));
    assert!(
        text(&output).contains("Added clerk as receptionist"),
        "{}",
        text(&output)
    );
    let beside: Vec<String> = std::fs::read_dir(dir.path())
        .expect("dir")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with("campus"))
        .collect();
    for name in &beside {
        assert!(
            name.starts_with("campus.db"),
            "only the database (and its WAL) beside it, found {name}"
        );
    }
    // Outside that session there is no keychain: a sentence, not a crash.
    let outside = run(admin(&[
        "--db",
        db.to_str().expect("path"),
        "--user",
        "admin",
        "--password",
        "password-1",
        "backup",
        "x.db",
    ])
    .env_remove("DBUS_SESSION_BUS_ADDRESS")
    .env_remove("DISPLAY"));
    assert!(!outside.status.success());
    assert!(
        text(&outside).contains("Enter the recovery key"),
        "{}",
        text(&outside)
    );
}
