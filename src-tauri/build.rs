//! Reads the Tauri configuration from the workspace root (where the app's identity, window and
//! CSP live next to `ui/` and `icons/`) and checks the capability files.

use std::path::Path;

fn main() {
    placeholder_ui();
    if let Err(error) =
        tauri_build::try_build(tauri_build::Attributes::new().config_path("../tauri.conf.json"))
    {
        // `{:#}` would not compile for every error type tauri-build may return; Debug keeps the
        // whole cause chain.
        panic!("tauri-build failed: {error:?}");
    }
}

/// `tauri::generate_context!` embeds `ui/dist`, which only `cargo xtask ui` creates. So that a
/// plain `cargo build` or `cargo test` of the workspace works on a fresh clone, an absent UI is
/// replaced by a one-page placeholder saying how to build the real one; `cargo xtask ui` wipes
/// and rewrites the folder, so the placeholder never outlives a real build.
fn placeholder_ui() {
    let dist = Path::new(env!("CARGO_MANIFEST_DIR")).join("../ui/dist");
    let index = dist.join("index.html");
    println!("cargo:rerun-if-changed={}", index.display());
    if index.exists() {
        return;
    }
    let page = "<!doctype html><html><head><meta charset=\"utf-8\"><title>CampusDesk</title></head>\
                <body><h1>CampusDesk</h1><p>The user interface has not been built. Run \
                <code>cargo xtask ui</code> (or <code>cargo xtask run</code>) and rebuild.</p>\
                </body></html>\n";
    if let Err(error) = std::fs::create_dir_all(&dist).and_then(|()| std::fs::write(&index, page)) {
        println!(
            "cargo:warning=could not write a placeholder {}: {error}",
            index.display()
        );
    }
}
