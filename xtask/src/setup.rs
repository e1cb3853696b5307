//! `cargo xtask setup`: installs whatever a fresh Debian or Ubuntu machine lacks to build, run
//! and test CampusDesk, and skips what is already there so that a second run takes seconds.

use std::process::Command;

use anyhow::{Context, Result, bail};

use crate::Workspace;
use crate::exec::{self, banner, find_tool, probe, probe_any_status};

/// Debian packages: WebKitGTK and friends to build and run the Tauri shell, xvfb and the WebKit
/// WebDriver for headless and end-to-end tests, poppler and ImageMagick to check printed PDFs and
/// screenshots, gnome-keyring with a D-Bus session for tests against a real keychain, and a font
/// so that rendered text is the same on every machine.
const DEBIAN_PACKAGES: &[&str] = &[
    "libwebkit2gtk-4.1-dev",
    "build-essential",
    "pkg-config",
    "libxdo-dev",
    "libssl-dev",
    "libayatana-appindicator3-dev",
    "librsvg2-dev",
    "xvfb",
    "webkit2gtk-driver",
    "poppler-utils",
    "imagemagick",
    "gnome-keyring",
    "dbus-x11",
    "fonts-dejavu-core",
    "xauth",
];

const WASM_TARGET: &str = "wasm32-unknown-unknown";

/// The tauri-driver release the end-to-end tests were written against.
const TAURI_DRIVER_VERSION: &str = "2.1.0";

pub fn setup(workspace: &Workspace) -> Result<()> {
    banner("setup: Debian packages");
    debian_packages()?;
    banner("setup: Rust wasm32 target");
    wasm_target()?;
    banner("setup: wasm-bindgen CLI");
    wasm_bindgen_cli(workspace)?;
    banner("setup: tauri-driver");
    tauri_driver(workspace)?;
    Ok(())
}

fn debian_packages() -> Result<()> {
    if find_tool("dpkg-query").is_none() {
        // Not Debian or Ubuntu: say what is needed rather than guess another package manager.
        println!(
            "dpkg not found: this is not Debian/Ubuntu, so install the equivalents of these \
             packages yourself: {}",
            DEBIAN_PACKAGES.join(" ")
        );
        return Ok(());
    }
    let missing = missing_packages()?;
    if missing.is_empty() {
        println!(
            "all {} Debian packages are installed",
            DEBIAN_PACKAGES.len()
        );
        return Ok(());
    }
    println!("missing Debian packages: {}", missing.join(" "));
    apt_get(&["update"])?;
    let mut install = vec!["install", "-y"];
    install.extend(missing.iter().map(String::as_str));
    apt_get(&install)
}

/// The packages of [`DEBIAN_PACKAGES`] that dpkg does not report as installed.
fn missing_packages() -> Result<Vec<String>> {
    let mut query = Command::new("dpkg-query");
    query
        .args([
            "--show",
            "--showformat",
            "${Package} ${db:Status-Status}\\n",
        ])
        .args(DEBIAN_PACKAGES);
    let output = probe_any_status(&mut query).context("could not run dpkg-query")?;
    let installed: Vec<&str> = output
        .lines()
        .filter_map(|line| line.strip_suffix(" installed"))
        // Multi-arch packages are reported as `name:amd64`.
        .map(|name| name.split(':').next().unwrap_or(name))
        .collect();
    Ok(DEBIAN_PACKAGES
        .iter()
        .filter(|package| !installed.contains(package))
        .map(|package| (*package).to_owned())
        .collect())
}

/// Runs apt-get directly as root, through sudo otherwise, never asking questions.
fn apt_get(args: &[&str]) -> Result<()> {
    let mut command = if is_root() {
        Command::new("apt-get")
    } else {
        if find_tool("sudo").is_none() {
            bail!(
                "Debian packages are missing and this user is not root and has no sudo; run \
                 `cargo xtask setup` as root once"
            );
        }
        let mut sudo = Command::new("sudo");
        // sudo drops the environment, so the non-interactive frontend is passed through `env`.
        sudo.args(["env", "DEBIAN_FRONTEND=noninteractive", "apt-get"]);
        sudo
    };
    command.env("DEBIAN_FRONTEND", "noninteractive").args(args);
    exec::run(&mut command)
}

fn is_root() -> bool {
    probe(Command::new("id").arg("-u")).is_some_and(|uid| uid.trim() == "0")
}

fn wasm_target() -> Result<()> {
    let installed = probe(Command::new("rustup").args(["target", "list", "--installed"]))
        .context("rustup not found: install Rust with rustup (https://rustup.rs) first")?;
    if installed.lines().any(|line| line.trim() == WASM_TARGET) {
        println!("{WASM_TARGET} is installed");
        return Ok(());
    }
    exec::run(Command::new("rustup").args(["target", "add", WASM_TARGET]))
}

/// The wasm-bindgen CLI must be exactly the version of the `wasm-bindgen` crate the UI links,
/// or it refuses the module; Cargo.lock is the single source of that version.
fn wasm_bindgen_cli(workspace: &Workspace) -> Result<()> {
    let wanted = locked_wasm_bindgen_version(workspace)?;
    if let Some(found) = installed_wasm_bindgen_version() {
        if found == wanted {
            println!("wasm-bindgen {found} is installed");
            return Ok(());
        }
        println!("wasm-bindgen {found} is installed but Cargo.lock has {wanted}: reinstalling");
    }
    // Not `--locked`: the CLI's own lock file pins a dependency the registry no longer serves.
    let mut install = workspace.cargo();
    install.args(["install", "wasm-bindgen-cli", "--version", &wanted]);
    exec::run(&mut install)
}

/// The version of the `wasm-bindgen` package recorded in the workspace's Cargo.lock.
pub fn locked_wasm_bindgen_version(workspace: &Workspace) -> Result<String> {
    let path = workspace.root.join("Cargo.lock");
    let lock = std::fs::read_to_string(&path)
        .with_context(|| format!("could not read {}", path.display()))?;
    let versions = package_versions(&lock, "wasm-bindgen");
    match versions.as_slice() {
        [version] => Ok(version.clone()),
        [] => bail!("Cargo.lock has no `wasm-bindgen` package"),
        several => bail!(
            "Cargo.lock has several `wasm-bindgen` versions ({}); pin one in the workspace",
            several.join(", ")
        ),
    }
}

/// Versions of one package in a Cargo.lock, read line by line: each `[[package]]` table starts
/// with `name = "..."` followed by `version = "..."`.
fn package_versions(lock: &str, package: &str) -> Vec<String> {
    let name_line = format!("name = \"{package}\"");
    let mut lines = lock.lines();
    let mut versions = Vec::new();
    while let Some(line) = lines.next() {
        if line.trim() == name_line
            && let Some(version) = lines
                .next()
                .and_then(|next| next.trim().strip_prefix("version = \""))
                .and_then(|rest| rest.strip_suffix('"'))
        {
            versions.push(version.to_owned());
        }
    }
    versions
}

/// `wasm-bindgen --version` prints `wasm-bindgen 0.2.130`.
pub fn installed_wasm_bindgen_version() -> Option<String> {
    let tool = find_tool("wasm-bindgen")?;
    let output = probe(Command::new(tool).arg("--version"))?;
    output.split_whitespace().nth(1).map(str::to_owned)
}

fn tauri_driver(workspace: &Workspace) -> Result<()> {
    if let Some(path) = find_tool("tauri-driver") {
        println!("tauri-driver is installed at {}", path.display());
        return Ok(());
    }
    let mut install = workspace.cargo();
    install.args([
        "install",
        "tauri-driver",
        "--version",
        TAURI_DRIVER_VERSION,
        "--locked",
    ]);
    exec::run(&mut install)
}

#[cfg(test)]
mod tests {
    use super::package_versions;

    #[test]
    fn reads_versions_from_a_lock_file() {
        let lock = r#"
[[package]]
name = "wasm-bindgen"
version = "0.2.130"
source = "registry+https://github.com/rust-lang/crates.io-index"

[[package]]
name = "wasm-bindgen-futures"
version = "0.4.53"
"#;
        assert_eq!(
            package_versions(lock, "wasm-bindgen"),
            vec!["0.2.130".to_owned()]
        );
        assert!(package_versions(lock, "yew").is_empty());
    }
}
