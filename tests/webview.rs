//! Driving the real desktop app in its real webview, shared by the end-to-end tests
//! (`e2e.rs`) and the UI figures (`ui_figures.rs`): tauri-driver and WebKitWebDriver on ports of
//! their own, a WebDriver session that launches the app on a given database, the few page
//! actions the scenarios use, and the cleanup of every process a run leaves behind.
//!
//! Each file that uses it includes it as a module (`#[path = "webview.rs"] mod webview;`), so
//! the library the other tests share stays free of WebDriver.

// Each including file uses its own part of this module.
#![allow(dead_code)]

use std::fmt;
use std::fs;
use std::net::{Ipv4Addr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::json;

/// The database key given to the app and the CLI through `CAMPUSDESK_DB_KEY`, so that neither
/// needs a keychain. The first-run test also checks that the recovery key the app shows is this
/// key, which proves the app really read the environment it was started with.
pub const DB_KEY_HEX: &str = "5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e";

/// How long the app may take to show its first screen: a debug build of the shell, starting
/// WebKit and loading the wasm UI, takes several seconds on a loaded two-core machine.
pub const APP_START: Duration = Duration::from_secs(30);
/// How long any later screen may take to appear after the action that leads to it.
pub const STEP: Duration = Duration::from_secs(15);
/// How long tauri-driver and its WebKitWebDriver may take to listen on their ports.
pub const DRIVER_START: Duration = Duration::from_secs(15);
/// How often a wait looks again.
pub const POLL: Duration = Duration::from_millis(100);

pub async fn sign_in(client: &Client, username: &str, password: &str) -> Result<(), Failure> {
    wait_for_element(client, "#field-username", STEP).await?;
    fill(client, "#field-username", username).await?;
    fill(client, "#field-password", password).await?;
    click(client, "form button[type=submit]").await
}

/// Opens the app on a fresh demo campus of `students` students, in a folder of its own that
/// `steps` may also use, and runs `steps` in it. The app, its driver and every process they
/// started are closed whatever the steps answer; a failure leaves a screenshot named `name`.
pub async fn on_demo_campus(
    name: &'static str,
    students: u32,
    steps: impl AsyncFnOnce(&Client, &Path) -> Result<(), Failure>,
) -> Result<(), Failure> {
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("campus.db");
    create_demo_campus(&db, students)?;
    let app = App::launch(name, &db).await?;
    let result = steps(&app.client, dir.path()).await;
    app.finish(result).await
}

/// Checks that the app saved a PDF at `pdf` and reads its text back with poppler's
/// `pdftotext`, which `.ci/run` installs; `None` where the tool is missing.
pub fn saved_pdf_text(pdf: &Path) -> Result<Option<String>, Failure> {
    let bytes = std::fs::read(pdf).map_err(|error| format!("{}: {error}", pdf.display()))?;
    ensure(
        bytes.starts_with(b"%PDF-"),
        format!("{} should be a PDF", pdf.display()),
    )?;
    let output = Command::new("pdftotext")
        .arg("-layout")
        .arg(pdf)
        .arg("-")
        .output();
    Ok(output
        .ok()
        .map(|output| String::from_utf8_lossy(&output.stdout).into_owned()))
}

/// Creates a demo campus with the real CLI, the way `cargo xtask run` does.
pub fn create_demo_campus(db: &Path, students: u32) -> Result<(), Failure> {
    create_demo_campus_with(Build::Debug, db, students)
}

pub fn create_demo_campus_with(build: Build, db: &Path, students: u32) -> Result<(), Failure> {
    let cli = built_binary(build, "campusdesk-admin")?;
    let output = Command::new(&cli)
        .arg("--db")
        .arg(db)
        .args(["demo", "--students", &students.to_string()])
        .env("CAMPUSDESK_DB_KEY", DB_KEY_HEX)
        .env_remove("CAMPUSDESK_KEY_FILE")
        .env("CAMPUSDESK_FAST_HASH", "1")
        .output()
        .map_err(|error| format!("could not run {}: {error}", cli.display()))?;
    ensure(
        output.status.success(),
        format!(
            "`campusdesk-admin demo` failed ({}): {}",
            output.status,
            String::from_utf8_lossy(&output.stderr)
        ),
    )
}

// ---------------------------------------------------------------------------------------------
// Driving the webview
// ---------------------------------------------------------------------------------------------

pub async fn wait_for_element(
    client: &Client,
    css: &str,
    timeout: Duration,
) -> Result<Element, Failure> {
    client
        .wait()
        .at_most(timeout)
        .every(POLL)
        .for_element(Locator::Css(css))
        .await
        .map_err(|error| {
            Failure(format!(
                "`{css}` did not appear within {} s: {error}",
                timeout.as_secs()
            ))
        })
}

/// Types `text` into an empty field and checks that every character arrived: the form keeps
/// its own copy of each field, updated on every input event.
pub async fn fill(client: &Client, css: &str, text: &str) -> Result<(), Failure> {
    let field = wait_for_element(client, css, STEP).await?;
    field.clear().await?;
    field.send_keys(text).await?;
    let value = field.prop("value").await?.unwrap_or_default();
    ensure(
        value == text,
        format!("`{css}` should hold {text:?} after typing, it holds {value:?}"),
    )
}

pub async fn click(client: &Client, css: &str) -> Result<(), Failure> {
    let element = wait_for_element(client, css, STEP).await?;
    element
        .click()
        .await
        .map_err(|error| Failure(format!("could not click `{css}`: {error}")))
}

/// The text of the first element matching `css` (empty when there is none).
pub async fn text_of(client: &Client, css: &str) -> Result<String, Failure> {
    let text = client
        .execute(
            "const element = document.querySelector(arguments[0]);
             return element ? element.textContent.trim() : '';",
            vec![json!(css)],
        )
        .await?;
    Ok(text.as_str().unwrap_or_default().to_owned())
}

/// Waits until the text of `css` satisfies `accept`, and returns it.
pub async fn wait_for_text(
    client: &Client,
    css: &str,
    timeout: Duration,
    accept: impl Fn(&str) -> bool,
) -> Result<String, Failure> {
    let deadline = Instant::now() + timeout;
    loop {
        let text = text_of(client, css).await?;
        if accept(&text) {
            return Ok(text);
        }
        if Instant::now() > deadline {
            return Err(Failure(format!(
                "`{css}` still reads {text:?} after {} s",
                timeout.as_secs()
            )));
        }
        tokio::time::sleep(POLL).await;
    }
}

pub async fn screenshot(client: &Client, name: &str) -> Result<(), Failure> {
    // The DOM can be ahead of what WebKit has painted: wait for two animation frames so the
    // picture shows what the assertions just checked.
    client
        .execute_async(
            "const done = arguments[arguments.length - 1];
             requestAnimationFrame(() => requestAnimationFrame(() => done(null)));",
            vec![],
        )
        .await?;
    let png = client.screenshot().await?;
    let dir = e2e_dir()?;
    let path = dir.join(format!("{name}.png"));
    fs::write(&path, png)
        .map_err(|error| format!("could not write {}: {error}", path.display()))?;
    println!("screenshot: {}", path.display());
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// The app under tauri-driver
// ---------------------------------------------------------------------------------------------

/// The app running under its own tauri-driver, with a WebDriver session on it.
pub struct App {
    pub name: &'static str,
    pub client: Client,
    pub driver: Driver,
}

/// Which build of the app and CLI to use: the tests use the debug build, the figures the
/// release build a school would run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Build {
    Debug,
    Release,
}

impl Build {
    fn folder(self) -> &'static str {
        match self {
            Build::Debug => "debug",
            Build::Release => "release",
        }
    }
}

impl App {
    /// Starts tauri-driver on two free ports with the database's location and key in its
    /// environment (WebKitWebDriver and then the app inherit it), and opens a session, which
    /// launches the app.
    pub async fn launch(name: &'static str, db: &Path) -> Result<App, Failure> {
        App::launch_build(name, db, Build::Debug).await
    }

    pub async fn launch_build(name: &'static str, db: &Path, build: Build) -> Result<App, Failure> {
        let app = built_binary(build, "campusdesk")?;
        let tauri_driver = find_tauri_driver()?;
        let (port, native_port) = two_free_ports()?;
        let log_path = e2e_dir()?.join(format!("{name}.driver.log"));
        let log = fs::File::create(&log_path)
            .map_err(|error| format!("could not create {}: {error}", log_path.display()))?;
        let child = Command::new(&tauri_driver)
            .args([
                "--port",
                &port.to_string(),
                "--native-port",
                &native_port.to_string(),
            ])
            .env("CAMPUSDESK_DB", db)
            .env("CAMPUSDESK_DB_KEY", DB_KEY_HEX)
            // A key file named in the caller's environment would win over the key above.
            .env_remove("CAMPUSDESK_KEY_FILE")
            .env("CAMPUSDESK_FAST_HASH", "1")
            .stdin(Stdio::null())
            .stdout(log.try_clone()?)
            .stderr(log)
            .spawn()
            .map_err(|error| format!("could not start {}: {error}", tauri_driver.display()))?;
        let driver = Driver {
            child,
            db: db.to_path_buf(),
            log: log_path,
        };

        // tauri-driver forwards each request to WebKitWebDriver as soon as it arrives, and a
        // request that reaches a native driver not yet listening is lost; so wait for both.
        for listening in [port, native_port] {
            wait_for_port(listening, DRIVER_START)
                .map_err(|message| Failure(format!("{message}; see {}", driver.log.display())))?;
        }

        let mut capabilities = serde_json::Map::new();
        capabilities.insert("browserName".into(), json!("wry"));
        capabilities.insert(
            "tauri:options".into(),
            json!({ "application": app.display().to_string() }),
        );
        // tauri-driver speaks plain HTTP on loopback, so no TLS connector is needed. The
        // address must be 127.0.0.1, not localhost: tauri-driver forwards to the host named in
        // the request, and WebKitWebDriver listens on IPv4 only.
        let client = ClientBuilder::new(HttpConnector::new())
            .capabilities(capabilities)
            .connect(&format!("http://127.0.0.1:{port}"))
            .await
            .map_err(|error| {
                Failure(format!(
                    "could not start a WebDriver session on the app: {error}; see {}",
                    driver.log.display()
                ))
            })?;
        Ok(App {
            name,
            client,
            driver,
        })
    }

    /// Ends the session (which closes the app) and stops tauri-driver, whatever the steps'
    /// outcome; a failed step leaves a screenshot of the screen it failed on.
    pub async fn finish(self, result: Result<(), Failure>) -> Result<(), Failure> {
        let App {
            name,
            client,
            driver,
        } = self;
        if result.is_err()
            && let Err(error) = screenshot(&client, &format!("{name}-failure")).await
        {
            eprintln!("no failure screenshot: {error:?}");
        }
        if let Err(error) = client.close().await {
            eprintln!("closing the WebDriver session failed: {error}");
        }
        let log = driver.log.clone();
        drop(driver);
        result.map_err(|Failure(message)| {
            Failure(format!(
                "{message}\n(tauri-driver's log: {})",
                log.display()
            ))
        })
    }
}

/// The tauri-driver process. Dropping it (also when a test panics) stops it with SIGTERM, on
/// which it stops WebKitWebDriver itself; SIGKILL would leave WebKitWebDriver running and
/// holding its port.
pub struct Driver {
    child: Child,
    /// The test's database, which tells this test's processes apart from any others.
    pub db: PathBuf,
    pub log: PathBuf,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let pid = self.child.id().to_string();
        let _ = Command::new("kill").args(["-TERM", &pid]).status();
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            match self.child.try_wait() {
                Ok(Some(_)) => break,
                Ok(None) if Instant::now() < deadline => std::thread::sleep(POLL),
                // Only a tauri-driver that ignored SIGTERM for ten seconds gets here; killing
                // it is better than leaving the test hanging.
                _ => {
                    eprintln!("tauri-driver (pid {pid}) ignored SIGTERM; killing it");
                    let _ = self.child.kill();
                    let _ = self.child.wait();
                    break;
                }
            }
        }
        // Whatever this test started still runs: an app whose session could not be closed (a
        // test that panicked mid-way, a webview that stopped answering) outlives
        // WebKitWebDriver, and even a closed app leaves the D-Bus session bus and accessibility
        // services that GTK auto-launched for it. They are recognised by this test's database
        // path in their environment, so no other process is touched.
        for (pid, name) in processes_with_env("CAMPUSDESK_DB", &self.db) {
            eprintln!("stopping {name} (pid {pid}), left over by this test");
            let _ = Command::new("kill")
                .args(["-TERM", &pid.to_string()])
                .status();
        }
    }
}

/// The ids and names of processes (other than this one) whose environment has `name=value`.
pub fn processes_with_env(name: &str, value: &Path) -> Vec<(u32, String)> {
    let wanted = format!("{name}={}", value.display()).into_bytes();
    let own = std::process::id();
    let Ok(entries) = fs::read_dir("/proc") else {
        return Vec::new();
    };
    entries
        .filter_map(|entry| entry.ok()?.file_name().to_str()?.parse::<u32>().ok())
        .filter(|pid| *pid != own)
        .filter(|pid| {
            fs::read(format!("/proc/{pid}/environ"))
                .is_ok_and(|environ| environ.split(|byte| *byte == 0).any(|var| var == wanted))
        })
        .map(|pid| {
            let name = fs::read_to_string(format!("/proc/{pid}/comm")).unwrap_or_default();
            (pid, name.trim().to_owned())
        })
        .collect()
}

pub fn wait_for_port(port: u16, timeout: Duration) -> Result<(), String> {
    let deadline = Instant::now() + timeout;
    while TcpStream::connect((Ipv4Addr::LOCALHOST, port)).is_err() {
        if Instant::now() > deadline {
            return Err(format!(
                "nothing listens on port {port} after {} s",
                timeout.as_secs()
            ));
        }
        std::thread::sleep(POLL);
    }
    Ok(())
}

/// Two ports free right now. Both listeners are held until both are known, so the two differ;
/// another program could still take one before tauri-driver binds it, which is unlikely enough
/// on a test machine.
pub fn two_free_ports() -> Result<(u16, u16), Failure> {
    let first = TcpListener::bind((Ipv4Addr::LOCALHOST, 0))?;
    let second = TcpListener::bind((Ipv4Addr::LOCALHOST, 0))?;
    Ok((first.local_addr()?.port(), second.local_addr()?.port()))
}

// ---------------------------------------------------------------------------------------------
// Paths and switches
// ---------------------------------------------------------------------------------------------

/// Whether the end-to-end tests are switched off, saying so when they are.
pub fn skipped(test: &str) -> bool {
    let on = std::env::var_os("CAMPUSDESK_E2E").is_some_and(|value| value == "1");
    if !on {
        println!("{test}: skipped (set CAMPUSDESK_E2E=1, or run `cargo xtask e2e`)");
    }
    !on
}

pub fn workspace_root() -> PathBuf {
    // This crate sits one folder below the workspace root.
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
}

pub fn target_dir() -> PathBuf {
    let root = workspace_root();
    match std::env::var_os("CARGO_TARGET_DIR") {
        // A relative CARGO_TARGET_DIR is relative to where cargo ran; xtask runs it from the
        // root. An absolute one replaces the root in `join`.
        Some(dir) => root.join(dir),
        None => root.join("target"),
    }
}

/// Where screenshots and logs go, created on first use.
pub fn e2e_dir() -> Result<PathBuf, Failure> {
    let dir = target_dir().join("e2e");
    fs::create_dir_all(&dir)
        .map_err(|error| format!("could not create {}: {error}", dir.display()))?;
    Ok(dir)
}

pub fn built_binary(build: Build, name: &str) -> Result<PathBuf, Failure> {
    let path = target_dir().join(build.folder()).join(name);
    ensure(
        path.is_file(),
        format!(
            "{} is missing: build it first (`cargo xtask e2e` builds the UI, the app and the CLI, \
             then runs these tests)",
            path.display()
        ),
    )?;
    Ok(path)
}

/// tauri-driver on PATH, or where `cargo install` (and `cargo xtask setup`) put it.
pub fn find_tauri_driver() -> Result<PathBuf, Failure> {
    let path = std::env::var_os("PATH").unwrap_or_default();
    let cargo_bin = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| Path::new(&home).join(".cargo")))
        .map(|home| home.join("bin"));
    std::env::split_paths(&path)
        .chain(cargo_bin)
        .map(|dir| dir.join("tauri-driver"))
        .find(|candidate| candidate.is_file())
        .ok_or_else(|| Failure("tauri-driver is not installed: run `cargo xtask setup`".into()))
}

// ---------------------------------------------------------------------------------------------
// Failures
// ---------------------------------------------------------------------------------------------

/// Why a test failed, as a sentence. Its Debug form is the plain message, because that is what
/// the test harness prints for a test that returns an error.
pub struct Failure(pub String);

impl fmt::Debug for Failure {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(&self.0)
    }
}

impl<E: fmt::Display> From<E> for Failure {
    fn from(error: E) -> Failure {
        Failure(error.to_string())
    }
}

pub fn ensure(condition: bool, message: impl Into<String>) -> Result<(), Failure> {
    if condition {
        Ok(())
    } else {
        Err(Failure(message.into()))
    }
}
