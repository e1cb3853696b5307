//! The CampusDesk user interface. It runs inside the Tauri window as WebAssembly and reaches
//! the campus database only through the shell's commands, all of which are called from
//! [`shell`]; [`screens`] holds what the office sees.

mod screens;
mod shell;

fn main() {
    yew::Renderer::<screens::App>::new().render();
}
