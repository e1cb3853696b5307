//! `cargo xtask <task>`: the project's few build and test recipes, written in Rust so that they
//! run the same on a developer's PC and on a fresh CI machine without a Makefile or npm.

mod exec;
mod run;
mod setup;
mod ui;

use std::path::PathBuf;
use std::process::{Command, ExitCode};

use anyhow::{Context, Result, bail};

const USAGE: &str = "\
usage: cargo xtask <task>

tasks:
  setup   install what is missing: Debian packages (apt), the wasm32 target, wasm-bindgen-cli
          (at the version in Cargo.lock) and tauri-driver
  ui      build the Yew UI for wasm32 into ui/dist
  run     setup + ui + build the desktop app, create a demo campus, launch the app on it
  test    setup + ui + cargo test --workspace + the end-to-end tests
  e2e     ui + build the desktop app and the CLI, then the end-to-end tests (tests/e2e.rs)
          driving the real app through tauri-driver, under xvfb-run
  bench   cargo bench -p campusdesk-core --bench office
";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = Workspace::locate().and_then(|workspace| match args.first().map(String::as_str) {
        Some("setup") => setup::setup(&workspace),
        Some("ui") => ui::build(&workspace),
        Some("run") => run::run(&workspace),
        Some("test") => test(&workspace),
        Some("e2e") => e2e(&workspace),
        Some("bench") => bench(&workspace),
        Some("help" | "-h" | "--help") => {
            print!("{USAGE}");
            Ok(())
        }
        Some(other) => bail!("unknown task `{other}`\n\n{USAGE}"),
        None => bail!("no task given\n\n{USAGE}"),
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("\nxtask: error: {error:#}");
            ExitCode::FAILURE
        }
    }
}

/// Where the workspace and its build output live; every path the tasks touch derives from it.
#[derive(Debug)]
pub struct Workspace {
    pub root: PathBuf,
    pub target_dir: PathBuf,
}

impl Workspace {
    fn locate() -> Result<Workspace> {
        // xtask is always built from this workspace, so its own manifest directory pins the root
        // regardless of the directory `cargo xtask` was typed in.
        let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .parent()
            .context("xtask has no parent directory")?
            .to_path_buf();
        let target_dir = match std::env::var_os("CARGO_TARGET_DIR") {
            Some(dir) => root.join(dir),
            None => root.join("target"),
        };
        Ok(Workspace { root, target_dir })
    }

    /// A `cargo` command run from the workspace root, using the same cargo that runs xtask.
    pub fn cargo(&self) -> Command {
        let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
        let mut command = Command::new(cargo);
        command.current_dir(&self.root);
        command
    }
}

/// The whole suite. Each step is a function so that later steps (the tauri-driver end-to-end
/// tests) slot in after the unit and integration tests without reshaping the task.
fn test(workspace: &Workspace) -> Result<()> {
    setup::setup(workspace)?;
    ui::build(workspace)?;
    cargo_tests(workspace)?;
    e2e_tests(workspace)?;
    exec::banner("all tests passed");
    Ok(())
}

fn cargo_tests(workspace: &Workspace) -> Result<()> {
    exec::banner("cargo test");
    let mut command = workspace.cargo();
    // `--workspace` would also pick up the UI crate, which only builds for wasm32; the `ui` step
    // has already compiled it for that target.
    command
        .args(["test", "--workspace", "--exclude", "campusdesk-ui"])
        // The core then uses cheap Argon2 parameters, so sign-in tests take milliseconds.
        .env("CAMPUSDESK_FAST_HASH", "1");
    exec::run(&mut command)
}

/// The end-to-end tests: the real app in its real webview, driven through tauri-driver. They
/// launch the built binaries rather than building them, so this task builds them first, and
/// they need an X display, which `xvfb-run` provides whether or not a desktop is running.
fn e2e(workspace: &Workspace) -> Result<()> {
    ui::build(workspace)?;
    e2e_tests(workspace)
}

/// The end-to-end tests against a UI already built into `ui/dist`.
fn e2e_tests(workspace: &Workspace) -> Result<()> {
    if exec::find_tool("xvfb-run").is_none() {
        bail!("xvfb-run is missing; run `cargo xtask setup`");
    }

    exec::banner("e2e: desktop app, CLI and the test binary");
    let mut build = workspace.cargo();
    build.args(["build", "-p", "campusdesk-app", "-p", "campusdesk-cli"]);
    exec::run(&mut build)?;
    // Compiling the tests here, outside the virtual display, keeps compiler output apart from
    // the test run and makes a compile error read as one.
    let mut compile = workspace.cargo();
    compile.args([
        "test",
        "-p",
        "campusdesk-tests",
        "--test",
        "e2e",
        "--no-run",
    ]);
    exec::run(&mut compile)?;

    exec::banner("e2e: tests under xvfb-run");
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut command = Command::new("xvfb-run");
    command
        .args(["-a", "-s", "-screen 0 1366x768x24"])
        .arg(cargo)
        .args(["test", "-p", "campusdesk-tests", "--test", "e2e", "--"])
        // One app at a time: on two cores, two debug apps starting WebKit together would only
        // stretch every wait.
        .arg("--test-threads=1")
        .current_dir(&workspace.root)
        .env("CAMPUSDESK_E2E", "1")
        .env("CAMPUSDESK_FAST_HASH", "1");
    exec::run(&mut command)?;
    exec::banner(&format!(
        "end-to-end tests passed; screenshots in {}",
        workspace.target_dir.join("e2e").display()
    ));
    Ok(())
}

fn bench(workspace: &Workspace) -> Result<()> {
    exec::banner("benchmarks: the core");
    let mut command = workspace.cargo();
    command.args(["bench", "-p", "campusdesk-core", "--bench", "office"]);
    exec::run(&mut command)?;

    // The desktop app's figures run on the release build a school would install, in its real
    // webview under a virtual display, driven like the end-to-end tests.
    if exec::find_tool("xvfb-run").is_none() || exec::find_tool("WebKitWebDriver").is_none() {
        bail!("xvfb-run or WebKitWebDriver is missing; run `cargo xtask setup`");
    }
    ui::build(workspace)?;
    exec::banner("benchmarks: the desktop app (release build)");
    let mut build = workspace.cargo();
    build.args([
        "build",
        "--release",
        "-p",
        "campusdesk-app",
        "-p",
        "campusdesk-cli",
    ]);
    exec::run(&mut build)?;
    let mut compile = workspace.cargo();
    compile.args([
        "bench",
        "-p",
        "campusdesk-tests",
        "--bench",
        "ui_figures",
        "--no-run",
    ]);
    exec::run(&mut compile)?;
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut command = Command::new("xvfb-run");
    command
        .args(["-a", "-s", "-screen 0 1366x768x24"])
        .arg(cargo)
        .args(["bench", "-p", "campusdesk-tests", "--bench", "ui_figures"])
        .current_dir(&workspace.root);
    exec::run(&mut command)
}
