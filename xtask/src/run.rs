//! `cargo xtask run`: everything from a fresh clone to the app on screen, signed in to a demo
//! campus with a few hundred students.

use std::path::Path;
use std::process::Command;

use anyhow::{Context, Result};

use crate::exec::{self, banner, find_tool};
use crate::{Workspace, setup, ui};

/// The demo database's key (32 bytes as hex). It only protects made-up data, and a fixed value
/// lets the CLI that creates the campus and the app that opens it agree without a keychain.
const DEMO_DB_KEY: &str = "d3d3d3d3d3d3d3d3d3d3d3d3d3d3d3d3d3d3d3d3d3d3d3d3d3d3d3d3d3d3d3d3";
const DEMO_STUDENTS: &str = "500";

/// The demo sign-ins the CLI creates, shown before the app starts.
const DEMO_SIGN_INS: &[(&str, &str, &str)] = &[
    ("school admin", "admin", "admin123"),
    ("receptionist", "frontdesk", "frontdesk123"),
    ("accountant", "accounts", "accounts123"),
];

pub fn run(workspace: &Workspace) -> Result<()> {
    setup::setup(workspace)?;
    ui::build(workspace)?;

    banner("desktop app");
    let mut build = workspace.cargo();
    build.args(["build", "-p", "campusdesk-app", "-p", "campusdesk-cli"]);
    exec::run(&mut build)?;

    let demo_dir = workspace.target_dir.join("demo");
    let db = demo_dir.join("campus.db");
    banner("demo campus");
    if db.exists() {
        println!("using the existing demo campus at {}", db.display());
    } else {
        std::fs::create_dir_all(&demo_dir)
            .with_context(|| format!("could not create {}", demo_dir.display()))?;
        create_demo(workspace, &db)?;
    }

    println!("\nDemo sign-ins:");
    for (role, username, password) in DEMO_SIGN_INS {
        println!("  {role:<14} username {username:<10} password {password}");
    }

    banner("launch");
    let app = workspace.target_dir.join("debug/campusdesk");
    // Without any display the app cannot start; xvfb-run gives it a virtual one. When even
    // xvfb-run is missing, launching directly at least shows GTK's own error.
    let mut launch = if has_display() || find_tool("xvfb-run").is_none() {
        Command::new(&app)
    } else {
        println!(
            "No $DISPLAY or $WAYLAND_DISPLAY: running the app on a virtual X screen (xvfb-run), \
             so it will not be visible; use a desktop session to see it."
        );
        let mut xvfb = Command::new("xvfb-run");
        xvfb.args(["-a", "-s", "-screen 0 1366x768x24"]).arg(&app);
        xvfb
    };
    launch
        .current_dir(&workspace.root)
        .env("CAMPUSDESK_DB", &db)
        .env("CAMPUSDESK_DB_KEY", DEMO_DB_KEY);
    exec::run(&mut launch)
}

fn create_demo(workspace: &Workspace, db: &Path) -> Result<()> {
    let admin = workspace.target_dir.join("debug/campusdesk-admin");
    let mut demo = Command::new(&admin);
    demo.arg("--db")
        .arg(db)
        .args(["demo", "--students", DEMO_STUDENTS])
        .env("CAMPUSDESK_DB_KEY", DEMO_DB_KEY);
    let result = exec::run(&mut demo);
    if result.is_err() {
        // A half-written database would be taken for a finished one on the next run.
        for suffix in ["", "-wal", "-shm"] {
            let mut path = db.as_os_str().to_owned();
            path.push(suffix);
            let _ = std::fs::remove_file(path);
        }
    }
    result
}

fn has_display() -> bool {
    let set = |name| std::env::var_os(name).is_some_and(|value| !value.is_empty());
    set("DISPLAY") || set("WAYLAND_DISPLAY")
}
