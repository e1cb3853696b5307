//! The CampusDesk desktop app: a Tauri window showing the Yew UI, whose every call lands in one
//! of the [`commands`]. The shell only opens the campus database, keeps the signed-in session and
//! passes requests to `campusdesk-core`; all rules live in the core.

// Release builds on Windows must not open a console window next to the app.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

mod commands;
mod state;

use std::path::PathBuf;
use std::sync::Arc;

use campusdesk_core::{OpenOptions, SystemClock};
use tracing_subscriber::EnvFilter;

use crate::state::AppState;

fn main() {
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info")),
        )
        .init();

    let options = OpenOptions::from_env_or_default(db_arg(std::env::args().skip(1)));
    tracing::info!(db = %options.path.display(), "starting CampusDesk");
    let state = AppState::new(options, Arc::new(SystemClock));

    let result = tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_opener::init())
        .manage(state)
        .invoke_handler(tauri::generate_handler![
            commands::app_status,
            commands::screen_ready,
            commands::create_campus,
            commands::sign_in,
            commands::sign_out,
            commands::current_session,
            commands::search_students,
            commands::classes,
            commands::suggest_admission_no,
            commands::admit,
            commands::update_student,
            commands::set_student_status,
            commands::student_profile,
            commands::find_guardians,
            commands::roster::choose_import_file,
            commands::roster::open_import_file,
            commands::roster::import_students,
            commands::files::suggested_path,
            commands::files::choose_save_file,
            commands::files::open_file,
            commands::roster::export_students,
            commands::enquiries,
            commands::record_enquiry,
            commands::add_follow_up,
            commands::close_enquiry,
            commands::admission_from_enquiry,
            commands::academic_years,
            commands::add_academic_year,
            commands::set_current_year,
            commands::add_class,
            commands::add_section,
            commands::admission_pattern,
            commands::set_admission_pattern,
            commands::users,
            commands::create_user,
            commands::set_user_active,
            commands::reset_password,
            commands::roles,
            commands::permission_catalogue,
            commands::set_role_permissions,
            commands::attendance::attendance_settings,
            commands::attendance::set_attendance_settings,
            commands::attendance::holidays,
            commands::attendance::add_holiday,
            commands::attendance::remove_holiday,
            commands::attendance::teacher_sections,
            commands::attendance::assign_teacher,
            commands::attendance::unassign_teacher,
            commands::attendance::register_sections,
            commands::attendance::register_sheet,
            commands::attendance::save_register,
            commands::attendance::mark_history,
            commands::attendance::record_leave,
            commands::attendance::decide_leave,
            commands::attendance::leave_requests,
            commands::attendance::monthly_register,
            commands::attendance::student_attendance,
            commands::attendance::attendance_below,
            commands::attendance::absentees,
            commands::attendance::campus_attendance,
            commands::attendance::save_attendance_report,
            commands::fees::fee_heads,
            commands::fees::add_fee_head,
            commands::fees::fee_structures,
            commands::fees::create_fee_structure,
            commands::fees::revise_fee_structure,
            commands::fees::grant_concession,
            commands::fees::concessions,
            commands::fees::student_dues,
            commands::fees::student_ledger,
            commands::fees::student_receipts,
            commands::fees::collect_payment,
            commands::fees::cancel_receipt,
            commands::fees::receipt,
            commands::fees::receipt_clock_warning,
            commands::fees::save_receipt_pdf,
            commands::fees::dues_report,
            commands::fees::day_book,
            commands::fees::z_report,
            commands::fees::close_day,
            commands::fees::save_fee_report,
        ])
        .run(tauri::generate_context!("../tauri.conf.json"));
    if let Err(error) = result {
        tracing::error!(%error, "CampusDesk stopped with an error");
        std::process::exit(1);
    }
}

/// The database path from `--db <path>` or `--db=<path>`, when given; otherwise the core falls
/// back to `CAMPUSDESK_DB` and then to its default location.
fn db_arg(mut args: impl Iterator<Item = String>) -> Option<PathBuf> {
    while let Some(arg) = args.next() {
        if arg == "--db" {
            return args.next().map(PathBuf::from);
        }
        if let Some(path) = arg.strip_prefix("--db=") {
            return Some(PathBuf::from(path));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::db_arg;
    use std::path::PathBuf;

    fn args(words: &[&str]) -> impl Iterator<Item = String> {
        words
            .iter()
            .map(|word| (*word).to_owned())
            .collect::<Vec<_>>()
            .into_iter()
    }

    #[test]
    fn reads_the_db_flag_in_both_spellings() {
        assert_eq!(
            db_arg(args(&["--db", "/x/campus.db"])),
            Some(PathBuf::from("/x/campus.db"))
        );
        assert_eq!(db_arg(args(&["--db=/y.db"])), Some(PathBuf::from("/y.db")));
        assert_eq!(db_arg(args(&["--verbose"])), None);
        assert_eq!(db_arg(args(&["--db"])), None);
    }
}
