//! The CSV import wizard's and the export's commands. The shell reads and writes the files the
//! user chose (file access is IO at the edge); the core parses, checks and imports.
//!
//! An import of a whole school takes seconds, so it runs on a blocking thread and reports its
//! progress through a channel the UI listens on; the window stays responsive meanwhile.

use std::time::{Duration, Instant};

use campusdesk_core::Permission;
use campusdesk_core::roster::describe_file;
use campusdesk_shared::office::{ColumnMapping, ImportFile, ImportProgress, ImportReport};
use campusdesk_shared::{ApiError, ErrorCode};
use tauri::ipc::Channel;
use tauri::{AppHandle, Manager, State};
use tauri_plugin_dialog::DialogExt;

use super::files::{file_error, path_error, write_whole_file};

use crate::state::{AppState, shell_error};

/// Asks the operating system's file dialog for a CSV to import; `None` when the user cancels.
#[tauri::command]
pub async fn choose_import_file(app: AppHandle) -> Result<Option<String>, ApiError> {
    let picked = app
        .dialog()
        .file()
        .set_title("Choose the CSV file of students")
        .add_filter("CSV files", &["csv", "CSV", "txt"])
        .blocking_pick_file();
    Ok(picked
        .and_then(|file| file.into_path().ok())
        .map(|path| path.display().to_string()))
}

/// Reads the chosen file's headers and suggests how they map onto the import's fields.
#[tauri::command]
pub async fn open_import_file(
    state: State<'_, AppState>,
    path: String,
) -> Result<ImportFile, ApiError> {
    state.as_signed_in(|_, session| {
        session.require(Permission::StudentsCreate)?;
        Ok(())
    })?;
    let bytes = read_chosen(&path)?;
    Ok(describe_file(&path, &bytes)?)
}

/// Checks (`dry_run`) or imports the file through `mapping`, sending progress as it goes.
#[tauri::command(rename_all = "snake_case")]
pub async fn import_students(
    app: AppHandle,
    path: String,
    mapping: ColumnMapping,
    dry_run: bool,
    on_progress: Channel<ImportProgress>,
) -> Result<ImportReport, ApiError> {
    let work = tauri::async_runtime::spawn_blocking(move || {
        let bytes = read_chosen(&path)?;
        let state = app.state::<AppState>();
        let mut throttle = ProgressThrottle::new(on_progress);
        let report = state.as_signed_in(|office, session| {
            office.import_students(session, &bytes, &mapping, dry_run, &mut |done, total| {
                throttle.tell(done, total);
            })
        })?;
        if !report.dry_run {
            tracing::info!(
                path,
                new = report.students_new,
                updated = report.students_updated,
                "students imported"
            );
        }
        Ok(report)
    });
    work.await.map_err(|_| {
        shell_error(
            ErrorCode::Internal,
            "The import stopped unexpectedly; nothing was saved",
        )
    })?
}

/// Writes every student to `path` as CSV; the answer is how many were written. The file is
/// written beside its destination and renamed into place, so a failure never leaves half a file
/// where the user expects a whole one.
#[tauri::command]
pub async fn export_students(app: AppHandle, path: String) -> Result<u64, ApiError> {
    let work = tauri::async_runtime::spawn_blocking(move || {
        let state = app.state::<AppState>();
        let count = write_whole_file(&path, |out| {
            state.as_signed_in(|office, session| office.export_students(session, out))
        })?;
        tracing::info!(path, count, "students exported");
        Ok(count)
    });
    work.await
        .map_err(|_| shell_error(ErrorCode::Internal, "The export stopped unexpectedly"))?
}

fn read_chosen(path: &str) -> Result<Vec<u8>, ApiError> {
    if path.trim().is_empty() {
        return Err(path_error(
            ErrorCode::Invalid,
            "Choose a CSV file to import".into(),
        ));
    }
    std::fs::read(path).map_err(|error| file_error(path, &error))
}

/// Sends progress at most ten times a second and always at the end: an import calls back for
/// every row, and a message per row would flood the webview.
struct ProgressThrottle {
    channel: Channel<ImportProgress>,
    last: Option<Instant>,
}

impl ProgressThrottle {
    const EVERY: Duration = Duration::from_millis(100);

    fn new(channel: Channel<ImportProgress>) -> ProgressThrottle {
        ProgressThrottle {
            channel,
            last: None,
        }
    }

    fn tell(&mut self, done: u64, total: u64) {
        let due = self.last.is_none_or(|last| last.elapsed() >= Self::EVERY);
        if due || done >= total {
            self.last = Some(Instant::now());
            // A closed window no longer listens; the import carries on regardless.
            let _ = self.channel.send(ImportProgress { done, total });
        }
    }
}
