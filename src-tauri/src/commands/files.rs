//! Files the user saves or opens: where a report goes by default, the save dialog, writing a
//! file whole or not at all, and opening a saved file in the PC's own viewer to print it.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use campusdesk_shared::{ApiError, ErrorCode, FieldError};
use tauri::{AppHandle, Manager};
use tauri_plugin_dialog::DialogExt;
use tauri_plugin_opener::OpenerExt;

use crate::state::shell_error;

/// The folder reports are saved into unless the user picks another: `CampusDesk` in the
/// user's Documents (or home) folder.
fn reports_folder(app: &AppHandle) -> PathBuf {
    let base = app
        .path()
        .document_dir()
        .or_else(|_| app.path().home_dir())
        .unwrap_or_else(|_| std::env::temp_dir());
    base.join("CampusDesk")
}

/// Where a file named `file_name` is saved by default, so a report form can show the path
/// before anything is chosen.
#[tauri::command(rename_all = "snake_case")]
pub async fn suggested_path(app: AppHandle, file_name: String) -> Result<String, ApiError> {
    Ok(reports_folder(&app).join(file_name).display().to_string())
}

/// Asks the operating system's save dialog where to write a file; `None` when the user cancels.
/// `kind` names the file for the dialog's filter (`CSV`, `PDF`) and its extension.
#[tauri::command(rename_all = "snake_case")]
pub async fn choose_save_file(
    app: AppHandle,
    title: String,
    suggested_path: String,
    kind: String,
) -> Result<Option<String>, ApiError> {
    let suggested = PathBuf::from(&suggested_path);
    let mut dialog = app.dialog().file().set_title(title);
    if let Some(folder) = suggested.parent().filter(|folder| folder.is_dir()) {
        dialog = dialog.set_directory(folder);
    }
    if let Some(name) = suggested.file_name() {
        dialog = dialog.set_file_name(name.to_string_lossy());
    }
    let extension = kind.to_ascii_lowercase();
    let picked = dialog
        .add_filter(format!("{kind} files"), &[extension.as_str()])
        .blocking_save_file();
    Ok(picked
        .and_then(|file| file.into_path().ok())
        .map(|path| path.display().to_string()))
}

/// Opens a saved file in the program the PC uses for its kind (a PDF viewer, a spreadsheet),
/// from which the office prints it.
#[tauri::command]
pub async fn open_file(app: AppHandle, path: String) -> Result<(), ApiError> {
    if !Path::new(&path).is_file() {
        return Err(file_error(
            &path,
            &std::io::Error::from(std::io::ErrorKind::NotFound),
        ));
    }
    app.opener()
        .open_path(&path, None::<&str>)
        .map_err(|error| {
            shell_error(
                ErrorCode::Storage,
                &format!("No program on this PC would open {path}: {error}"),
            )
        })
}

/// Writes the file at `path` through `write`, whole or not at all: the bytes go to a `.part`
/// file beside it, which is renamed into place only once everything is written and on disk, so
/// a failure never leaves half a file where the user expects a whole one. The folder is made
/// when missing.
pub fn write_whole_file<T>(
    path: &str,
    write: impl FnOnce(&mut BufWriter<File>) -> Result<T, ApiError>,
) -> Result<T, ApiError> {
    if path.trim().is_empty() {
        return Err(path_error(
            ErrorCode::Invalid,
            "Choose where to save the file".into(),
        ));
    }
    let destination = PathBuf::from(path);
    if let Some(folder) = destination.parent().filter(|f| !f.as_os_str().is_empty()) {
        std::fs::create_dir_all(folder).map_err(|error| file_error(path, &error))?;
    }
    let partial = partial_path(&destination);
    let written = (|| {
        let file = File::create(&partial).map_err(|error| file_error(path, &error))?;
        let mut out = BufWriter::new(file);
        let value = write(&mut out)?;
        out.flush().map_err(|error| file_error(path, &error))?;
        out.get_ref()
            .sync_all()
            .map_err(|error| file_error(path, &error))?;
        Ok(value)
    })();
    match written {
        Ok(value) => {
            std::fs::rename(&partial, &destination).map_err(|error| file_error(path, &error))?;
            Ok(value)
        }
        Err(error) => {
            // The partial file is useless; failing to remove it changes nothing for the user.
            let _ = std::fs::remove_file(&partial);
            Err(error)
        }
    }
}

fn partial_path(destination: &Path) -> PathBuf {
    let mut name = destination.as_os_str().to_owned();
    name.push(".part");
    PathBuf::from(name)
}

pub fn file_error(path: &str, error: &std::io::Error) -> ApiError {
    let (code, message) = match error.kind() {
        std::io::ErrorKind::NotFound => {
            (ErrorCode::NotFound, format!("There is no file at {path}"))
        }
        std::io::ErrorKind::PermissionDenied => (
            ErrorCode::Forbidden,
            format!("CampusDesk may not use {path}; check the folder's permissions"),
        ),
        _ => (
            ErrorCode::Storage,
            format!("{path} could not be used: {error}"),
        ),
    };
    path_error(code, message)
}

/// An error about a file's path, shown beside the form's path field.
pub fn path_error(code: ErrorCode, message: String) -> ApiError {
    ApiError {
        code,
        field: Some("path".into()),
        fields: vec![FieldError {
            field: "path".into(),
            message: message.clone(),
        }],
        message,
    }
}
