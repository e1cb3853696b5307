//! Import and export of the student roster. The import is a wizard: choose a CSV file, say
//! which of its columns holds what, check it (a dry run that writes nothing and lists every
//! problem by row and column), import it with a progress bar, and read the summary. The export
//! writes every student to a CSV the office's spreadsheet opens.

use campusdesk_shared::office::{
    ColumnMapping, ImportFile, ImportProgress, ImportReport, SessionInfo,
};
use wasm_bindgen_futures::spawn_local;
use web_sys::{HtmlSelectElement, KeyboardEvent};
use yew::prelude::*;

use super::{Field, FormErrors, allowed, group_thousands, use_focus_on_mount, use_window_keys};
use crate::shell;

#[derive(Debug, Properties, PartialEq)]
pub struct RosterProps {
    pub session: SessionInfo,
}

/// The import and export screen; each half shows only when the role may use it.
#[function_component(RosterTransfer)]
pub fn roster_transfer(props: &RosterProps) -> Html {
    let can_import =
        allowed(&props.session, "students.create") && allowed(&props.session, "students.edit");
    let can_export = allowed(&props.session, "students.export");
    html! {
        <div class="form-screen roster">
            <header class="toolbar">
                <h1>{ "Import and export students" }</h1>
            </header>
            <div class="form-body">
                if can_import {
                    <ImportWizard />
                }
                if can_export {
                    <ExportPanel />
                }
            </div>
        </div>
    }
}

/// Where the wizard is. Each step carries what the later ones need, so going back never loses
/// the user's mapping.
#[derive(Debug, Clone, PartialEq)]
enum Step {
    Choose,
    Map(ImportFile),
    /// A dry run or the import itself is running.
    Working {
        file: ImportFile,
        dry_run: bool,
    },
    Checked {
        file: ImportFile,
        report: ImportReport,
    },
    Imported(ImportReport),
}

#[function_component(ImportWizard)]
fn import_wizard() -> Html {
    let step = use_state(|| Step::Choose);
    let path = use_state(String::new);
    let mapping = use_state(ColumnMapping::default);
    let progress = use_state(|| None::<ImportProgress>);
    let errors = use_state(FormErrors::default);
    let path_box = NodeRef::default();
    use_focus_on_mount(path_box.clone());

    let open_file = {
        let (step, path, mapping, errors) =
            (step.clone(), path.clone(), mapping.clone(), errors.clone());
        Callback::from(move |()| {
            let (step, mapping, errors) = (step.clone(), mapping.clone(), errors.clone());
            let chosen = (*path).clone();
            spawn_local(async move {
                match shell::open_import_file(&chosen).await {
                    Ok(file) => {
                        errors.set(FormErrors::default());
                        mapping.set(file.mapping.clone());
                        step.set(Step::Map(file));
                    }
                    Err(error) => errors.set(FormErrors::from_api(&error)),
                }
            });
        })
    };
    let choose = {
        let (path, open_file, errors) = (path.clone(), open_file.clone(), errors.clone());
        Callback::from(move |_: MouseEvent| {
            let (path, open_file, errors) = (path.clone(), open_file.clone(), errors.clone());
            spawn_local(async move {
                match shell::choose_import_file().await {
                    Ok(Some(chosen)) => {
                        path.set(chosen);
                        open_file.emit(());
                    }
                    Ok(None) => {}
                    Err(error) => errors.set(FormErrors::from_api(&error)),
                }
            });
        })
    };
    // Runs the dry run or the import for `file` with the current mapping. The file is read
    // again each time, so a user who fixed it in a spreadsheet just checks again.
    let run = {
        let (step, mapping, progress, errors) = (
            step.clone(),
            mapping.clone(),
            progress.clone(),
            errors.clone(),
        );
        Callback::from(move |(file, dry_run): (ImportFile, bool)| {
            let (step, progress, errors) = (step.clone(), progress.clone(), errors.clone());
            let chosen = (*mapping).clone();
            progress.set(None);
            step.set(Step::Working {
                file: file.clone(),
                dry_run,
            });
            spawn_local(async move {
                let heard = progress.setter();
                let answer = shell::import_students(&file.path, &chosen, dry_run, move |p| {
                    heard.set(Some(p));
                })
                .await;
                match answer {
                    Ok(report) if dry_run || !report.problems.is_empty() => {
                        step.set(Step::Checked { file, report });
                    }
                    Ok(report) => step.set(Step::Imported(report)),
                    Err(error) => {
                        errors.set(FormErrors::from_api(&error));
                        step.set(Step::Map(file));
                    }
                }
            });
        })
    };

    {
        let (step, errors) = (step.clone(), errors.clone());
        use_window_keys(Callback::from(move |event: KeyboardEvent| {
            if event.key() != "Escape" {
                return;
            }
            // Esc steps back, except while work is running: that cannot be taken back halfway.
            let back = match &*step {
                Step::Map(_) | Step::Imported(_) => Some(Step::Choose),
                Step::Checked { file, .. } => Some(Step::Map(file.clone())),
                Step::Choose | Step::Working { .. } => None,
            };
            if let Some(back) = back {
                errors.set(FormErrors::default());
                step.set(back);
            }
        }));
    }

    let general = errors.general.clone();
    let body = match (*step).clone() {
        Step::Choose => {
            let onkeydown = open_file.reform(|_: ()| ());
            let onkeydown = Callback::from(move |event: KeyboardEvent| {
                if event.key() == "Enter" {
                    event.prevent_default();
                    onkeydown.emit(());
                }
            });
            let next = open_file.reform(|_: MouseEvent| ());
            html! {
                <>
                    <p class="muted">
                        { "A CSV file with one student per row and a header row, as saved by Excel or LibreOffice. \
                           Rows are matched to students by admission number: new numbers are admitted, known ones updated." }
                    </p>
                    <div class="path-row" {onkeydown}>
                        <Field label="CSV file" name="path" value={(*path).clone()}
                            oninput={{ let path = path.clone(); Callback::from(move |v| path.set(v)) }}
                            error={errors.field("path")} node_ref={path_box}
                            placeholder="/home/office/students.csv" class={classes!("wide")} />
                        <button type="button" onclick={choose}>{ "Choose…" }</button>
                    </div>
                    <div class="actions">
                        <button type="button" class="primary" id="import-next" onclick={next}
                            disabled={path.trim().is_empty()}>{ "Next: map columns" }</button>
                    </div>
                </>
            }
        }
        Step::Map(file) => mapping_step(&file, &mapping, &run),
        Step::Working { file, dry_run } => {
            let (done, total) =
                progress.map_or((0, file.rows.max(1)), |p| (p.done, p.total.max(1)));
            let percent = done.saturating_mul(100) / total;
            html! {
                <div class="import-progress" role="status">
                    <p>{ if dry_run { "Checking " } else { "Importing " } }<code>{ &file.path }</code>{ "…" }</p>
                    <progress id="import-progress" max={total.to_string()} value={done.to_string()}></progress>
                    <p class="muted num">{ format!("{percent}%") }</p>
                </div>
            }
        }
        Step::Checked { file, report } => checked_step(&file, &report, &step, &run),
        Step::Imported(report) => {
            let again = {
                let step = step.clone();
                Callback::from(move |_: MouseEvent| step.set(Step::Choose))
            };
            html! {
                <>
                    <p class="banner success" id="import-summary">
                        { format!("Imported {} rows.", group_thousands(report.rows_read)) }
                    </p>
                    <Summary report={report.clone()} />
                    <div class="actions">
                        <button type="button" class="primary" onclick={again}>{ "Import another file" }</button>
                    </div>
                </>
            }
        }
    };
    html! {
        <fieldset class="form-section import">
            <legend>{ "Import students from a CSV file" }</legend>
            <ol class="wizard-steps">
                { for ["Choose file", "Map columns", "Check", "Import"].iter().enumerate().map(|(index, name)| {
                    let current = step_index(&step) == index;
                    html! { <li class={classes!(current.then_some("current"))}>{ *name }</li> }
                }) }
            </ol>
            if let Some(message) = general {
                <p class="banner error">{ message }</p>
            }
            { body }
        </fieldset>
    }
}

fn step_index(step: &Step) -> usize {
    match step {
        Step::Choose => 0,
        Step::Map(_) => 1,
        Step::Working { dry_run: true, .. } | Step::Checked { .. } => 2,
        Step::Working { dry_run: false, .. } | Step::Imported(_) => 3,
    }
}

/// One row per column of the file, each with the field it fills (or "not imported").
fn mapping_step(
    file: &ImportFile,
    mapping: &UseStateHandle<ColumnMapping>,
    run: &Callback<(ImportFile, bool)>,
) -> Html {
    let check = {
        let (run, file) = (run.clone(), file.clone());
        Callback::from(move |_: MouseEvent| run.emit((file.clone(), true)))
    };
    let mapped = mapping.columns.len();
    html! {
        <>
            <p>
                <code>{ &file.path }</code>
                { format!(": {} rows, {} columns, {} recognised. Check each column's field, then check the file; nothing is written until you import.",
                    group_thousands(file.rows), file.headers.len(), mapped) }
            </p>
            <div class="table-wrap mapping">
                <table class="sheet">
                    <thead><tr><th>{ "Column in the file" }</th><th>{ "Imported as" }</th></tr></thead>
                    <tbody>
                        { for file.headers.iter().enumerate().map(|(index, header)| {
                            let chosen = mapping.columns.iter()
                                .find(|(_, h)| h == header)
                                .map(|(field, _)| field.clone())
                                .unwrap_or_default();
                            let onchange = {
                                let (mapping, header) = (mapping.clone(), header.clone());
                                Callback::from(move |event: Event| {
                                    let field = event.target_unchecked_into::<HtmlSelectElement>().value();
                                    mapping.set(remap(&mapping, &header, &field));
                                })
                            };
                            html! {
                                <tr>
                                    <td><label for={format!("map-{index}")}>{ header }</label></td>
                                    <td>
                                        <select id={format!("map-{index}")} {onchange}>
                                            <option value="" selected={chosen.is_empty()}>{ "— not imported —" }</option>
                                            { for file.fields.iter().map(|field| html! {
                                                <option value={field.clone()} selected={*field == chosen}>{ field_label(field) }</option>
                                            }) }
                                        </select>
                                    </td>
                                </tr>
                            }
                        }) }
                    </tbody>
                </table>
            </div>
            <div class="actions">
                <button type="button" class="primary" id="import-check" onclick={check}>{ "Check the file" }</button>
            </div>
        </>
    }
}

/// `mapping` with `header` filling `field` (or nothing, for an empty field). A field comes from
/// one column only, so choosing it for this column takes it from any other.
fn remap(mapping: &ColumnMapping, header: &str, field: &str) -> ColumnMapping {
    let mut columns: Vec<(String, String)> = mapping
        .columns
        .iter()
        .filter(|(f, h)| h != header && f != field)
        .cloned()
        .collect();
    if !field.is_empty() {
        columns.push((field.to_owned(), header.to_owned()));
    }
    ColumnMapping { columns }
}

/// The dry run's report: the counts it would write, and every problem by row and column.
fn checked_step(
    file: &ImportFile,
    report: &ImportReport,
    step: &UseStateHandle<Step>,
    run: &Callback<(ImportFile, bool)>,
) -> Html {
    let back = {
        let (step, file) = (step.clone(), file.clone());
        Callback::from(move |_: MouseEvent| step.set(Step::Map(file.clone())))
    };
    let again = {
        let (run, file) = (run.clone(), file.clone());
        Callback::from(move |_: MouseEvent| run.emit((file.clone(), true)))
    };
    let import = {
        let (run, file) = (run.clone(), file.clone());
        Callback::from(move |_: MouseEvent| run.emit((file.clone(), false)))
    };
    let problems = report.problems.len();
    html! {
        <>
            if problems == 0 {
                <p class="banner success" id="dry-run-ok">
                    { format!("No problems found in {} rows. Nothing has been written yet.", group_thousands(report.rows_read)) }
                </p>
            } else {
                <p class="banner error" id="dry-run-problems">
                    { format!("{} {} found; nothing was imported. Correct the file and check it again.",
                        group_thousands(problems as u64), if problems == 1 { "problem" } else { "problems" }) }
                </p>
            }
            <Summary report={report.clone()} />
            if problems > 0 {
                <div class="table-wrap problems">
                    <table class="sheet" id="dry-run-report">
                        <thead><tr><th class="num">{ "Row" }</th><th>{ "Column" }</th><th>{ "Problem" }</th></tr></thead>
                        <tbody>
                            { for report.problems.iter().map(|problem| html! {
                                <tr>
                                    <td class="num">{ problem.row }</td>
                                    <td>{ &problem.column }</td>
                                    <td>{ &problem.reason }</td>
                                </tr>
                            }) }
                        </tbody>
                    </table>
                </div>
            }
            <div class="actions">
                <button type="button" onclick={back}>{ "Back to columns" }</button>
                <button type="button" id="import-check-again" onclick={again}>{ "Check again" }</button>
                <button type="button" class="primary" id="import-run" onclick={import} disabled={problems > 0}>
                    { format!("Import {} rows", group_thousands(report.rows_read)) }
                </button>
            </div>
        </>
    }
}

#[derive(Debug, Properties, PartialEq)]
struct SummaryProps {
    report: ImportReport,
}

/// What an import writes (or, after a dry run, would write).
#[function_component(Summary)]
fn summary(props: &SummaryProps) -> Html {
    let report = &props.report;
    let rows = [
        ("Rows read", report.rows_read),
        ("New students", report.students_new),
        ("Students updated", report.students_updated),
        ("Students unchanged", report.students_unchanged),
        ("New guardians", report.guardians_new),
    ];
    html! {
        <dl class="import-summary">
            { for rows.iter().map(|(name, count)| html! {
                <div><dt>{ *name }</dt><dd class="num">{ group_thousands(*count) }</dd></div>
            }) }
        </dl>
    }
}

/// A field key as the office reads it: `guardian1_phone` becomes "Guardian 1 phone".
fn field_label(key: &str) -> String {
    let known = match key {
        "admission_no" => Some("Admission number"),
        "first_name" => Some("First name"),
        "last_name" => Some("Last name"),
        "full_name" => Some("Full name (first and last)"),
        "date_of_birth" => Some("Date of birth"),
        "admitted_on" => Some("Admitted on"),
        _ => None,
    };
    if let Some(label) = known {
        return label.to_owned();
    }
    let spaced: String = key
        .replace('_', " ")
        .chars()
        .flat_map(|c| {
            // "guardian1" reads as "guardian 1".
            if c.is_ascii_digit() {
                vec![' ', c]
            } else {
                vec![c]
            }
        })
        .collect();
    let mut chars = spaced.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Exports every student to a file the user chooses with the OS save dialog.
#[function_component(ExportPanel)]
fn export_panel() -> Html {
    let outcome = use_state(|| None::<Result<String, String>>);
    let busy = use_state(|| false);
    let export = {
        let (outcome, busy) = (outcome.clone(), busy.clone());
        Callback::from(move |_: MouseEvent| {
            let (outcome, busy) = (outcome.clone(), busy.clone());
            spawn_local(async move {
                let name = format!("students-{}.csv", super::today().replace('/', "-"));
                let suggested = shell::suggested_path(&name).await.unwrap_or(name);
                let path =
                    match shell::choose_save_file("Save the students as CSV", &suggested, "CSV")
                        .await
                    {
                        Ok(Some(path)) => path,
                        Ok(None) => return,
                        Err(error) => return outcome.set(Some(Err(error.message))),
                    };
                busy.set(true);
                let answer = shell::export_students(&path).await;
                busy.set(false);
                outcome.set(Some(match answer {
                    Ok(count) => Ok(format!(
                        "Saved {} students to {path}.",
                        group_thousands(count)
                    )),
                    Err(error) => Err(error.message),
                }));
            });
        })
    };
    html! {
        <fieldset class="form-section export">
            <legend>{ "Export students to a CSV file" }</legend>
            <p class="muted">
                { "Every student with their guardians, one row each, in a file Excel and LibreOffice open directly. \
                   The same columns import back." }
            </p>
            { match &*outcome {
                Some(Ok(message)) => html! { <p class="banner success">{ message }</p> },
                Some(Err(message)) => html! { <p class="banner error">{ message }</p> },
                None => html! {},
            } }
            <div class="actions">
                <button type="button" class="primary" onclick={export} disabled={*busy}>
                    { if *busy { "Exporting…" } else { "Export all students…" } }
                </button>
            </div>
        </fieldset>
    }
}
