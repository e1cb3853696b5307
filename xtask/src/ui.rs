//! `cargo xtask ui`: builds the Yew UI into `ui/dist`, the folder the Tauri shell embeds.
//! Plain cargo + the wasm-bindgen CLI instead of trunk, whose install alone takes minutes.

use std::fs;
use std::process::Command;

use anyhow::{Context, Result, bail};

use crate::Workspace;
use crate::exec::{self, banner, find_tool};
use crate::setup::{installed_wasm_bindgen_version, locked_wasm_bindgen_version};

/// The files of `ui/` served as they are, next to the generated JS and wasm.
const STATIC_FILES: &[&str] = &["index.html", "style.css"];

pub fn build(workspace: &Workspace) -> Result<()> {
    banner("ui: compile to wasm32");
    let mut cargo = workspace.cargo();
    cargo.args([
        "build",
        "-p",
        "campusdesk-ui",
        "--target",
        "wasm32-unknown-unknown",
        "--release",
    ]);
    exec::run(&mut cargo)?;

    banner("ui: wasm-bindgen into ui/dist");
    let wanted = locked_wasm_bindgen_version(workspace)?;
    let tool = find_tool("wasm-bindgen");
    let found = installed_wasm_bindgen_version();
    let Some(tool) = tool.filter(|_| found.as_deref() == Some(wanted.as_str())) else {
        bail!(
            "wasm-bindgen {wanted} is needed (found {}); run `cargo xtask setup`",
            found.as_deref().unwrap_or("none")
        );
    };

    let wasm = workspace
        .target_dir
        .join("wasm32-unknown-unknown/release/campusdesk-ui.wasm");
    let ui = workspace.root.join("ui");
    let dist = ui.join("dist");
    // Start from an empty folder so that nothing stale from an older build gets embedded.
    if dist.exists() {
        fs::remove_dir_all(&dist).with_context(|| format!("could not empty {}", dist.display()))?;
    }
    fs::create_dir_all(&dist).with_context(|| format!("could not create {}", dist.display()))?;
    let mut bindgen = Command::new(tool);
    bindgen
        .args([
            "--target",
            "web",
            "--no-typescript",
            "--out-name",
            "campusdesk_ui",
            "--out-dir",
        ])
        .arg(&dist)
        .arg(&wasm);
    exec::run(&mut bindgen)?;

    for name in STATIC_FILES {
        let (from, to) = (ui.join(name), dist.join(name));
        println!("copy {} -> {}", from.display(), to.display());
        fs::copy(&from, &to).with_context(|| format!("could not copy {}", from.display()))?;
    }
    println!("UI built in {}", dist.display());
    Ok(())
}
