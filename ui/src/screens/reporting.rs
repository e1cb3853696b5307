//! The pieces every report screen shares: asking for a report again whenever its inputs
//! change, a field that hands its value over on Enter, and the bar that saves a report as PDF
//! or CSV and opens the saved file in the PC's viewer to print it.

use std::rc::Rc;

use campusdesk_shared::attendance::{AttendanceReportRequest, ReportFormat};
use campusdesk_shared::fees::FeeReportRequest;
use campusdesk_shared::{ApiError, ErrorCode};
use web_sys::{HtmlInputElement, HtmlSelectElement, KeyboardEvent};
use yew::prelude::*;

use super::Loaded;
use crate::shell;

/// A report the [`SaveBar`] can write as a file: each area's reports go through that area's
/// own shell command.
#[derive(Debug, Clone, PartialEq)]
pub enum ReportToSave {
    Attendance(AttendanceReportRequest),
    Fees(FeeReportRequest),
}

impl ReportToSave {
    async fn save(&self, format: ReportFormat, path: &str) -> Result<String, ApiError> {
        match self {
            ReportToSave::Attendance(request) => {
                shell::save_attendance_report(request, format, path).await
            }
            ReportToSave::Fees(request) => shell::save_fee_report(request, format, path).await,
        }
    }
}

/// A report's state: asked for with these inputs, and its answer.
#[hook]
pub fn use_report<I, T, F>(
    inputs: I,
    session_ended: Callback<()>,
    fetch: impl Fn(I) -> F + 'static,
) -> UseStateHandle<Loaded<Rc<T>>>
where
    I: PartialEq + Clone + 'static,
    T: 'static,
    F: Future<Output = Result<T, ApiError>> + 'static,
{
    let report = use_state(|| Loaded::<Rc<T>>::Loading);
    let latest = use_mut_ref(|| 0_u64);
    {
        let report = report.clone();
        use_effect_with(inputs, move |inputs| {
            let ticket = *latest.borrow() + 1;
            *latest.borrow_mut() = ticket;
            report.set(Loaded::Loading);
            let call = fetch(inputs.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let answer = call.await;
                if *latest.borrow() != ticket {
                    return;
                }
                match answer {
                    Ok(value) => report.set(Loaded::Ready(Rc::new(value))),
                    Err(error) if error.code == ErrorCode::NotSignedIn => session_ended.emit(()),
                    Err(error) => report.set(Loaded::Failed(error.message)),
                }
            });
        });
    }
    report
}

/// A text input that hands its value over on Enter or when left, not on every keystroke, so a
/// report is not asked for with half a date.
#[derive(Debug, Properties, PartialEq)]
pub struct CommitFieldProps {
    pub label: AttrValue,
    pub name: AttrValue,
    pub value: AttrValue,
    #[prop_or_default]
    pub placeholder: Option<AttrValue>,
    pub on_commit: Callback<String>,
}

#[function_component(CommitField)]
pub fn commit_field(props: &CommitFieldProps) -> Html {
    let id = format!("report-{}", props.name);
    let onchange = props
        .on_commit
        .reform(|event: Event| event.target_unchecked_into::<HtmlInputElement>().value());
    let onkeydown = {
        let on_commit = props.on_commit.clone();
        move |event: KeyboardEvent| {
            if event.key() == "Enter" {
                event.prevent_default();
                on_commit.emit(event.target_unchecked_into::<HtmlInputElement>().value());
            }
        }
    };
    html! {
        <span class="inline-field">
            <label class="inline-label" for={id.clone()}>{ &props.label }</label>
            <input {id} name={&props.name} value={&props.value} class="date-input"
                placeholder={props.placeholder.clone()} {onchange} {onkeydown} />
        </span>
    }
}

pub fn loaded_view<T>(report: &Loaded<Rc<T>>, view: impl FnOnce(&T) -> Html) -> Html {
    match report {
        Loaded::Loading => html! { <p class="empty muted">{ "Loading…" }</p> },
        Loaded::Failed(message) => {
            html! { <p class="banner error page-banner" role="alert">{ message }</p> }
        }
        Loaded::Ready(value) => view(value),
    }
}

pub fn message_error(message: &str) -> ApiError {
    ApiError {
        code: ErrorCode::Invalid,
        message: message.to_owned(),
        field: None,
        fields: Vec::new(),
    }
}

#[derive(Debug, Properties, PartialEq)]
pub struct SaveBarProps {
    pub request: ReportToSave,
    /// The file's name without its extension.
    pub stem: AttrValue,
    pub session_ended: Callback<()>,
}

/// Where the report is saved (a path the person may type or choose), as PDF or CSV; once
/// saved, the file can be opened in the PC's viewer to print.
#[function_component(SaveBar)]
pub fn save_bar(props: &SaveBarProps) -> Html {
    let format = use_state(|| ReportFormat::Pdf);
    let path = use_state(String::new);
    let busy = use_state(|| false);
    let outcome = use_state(|| None::<Result<String, String>>);
    let extension = |format: ReportFormat| match format {
        ReportFormat::Pdf => "pdf",
        ReportFormat::Csv => "csv",
    };
    // The default path follows the report and the format until the person types their own.
    {
        let path = path.clone();
        let name = format!("{}.{}", props.stem, extension(*format));
        use_effect_with(name, move |name| {
            let (path, name) = (path.clone(), name.clone());
            wasm_bindgen_futures::spawn_local(async move {
                if let Ok(suggested) = shell::suggested_path(&name).await {
                    path.set(suggested);
                }
            });
        });
    }
    let choose = {
        let (path, format) = (path.clone(), format.clone());
        Callback::from(move |_: MouseEvent| {
            let (path, format) = (path.clone(), *format);
            wasm_bindgen_futures::spawn_local(async move {
                let kind = match format {
                    ReportFormat::Pdf => "PDF",
                    ReportFormat::Csv => "CSV",
                };
                if let Ok(Some(chosen)) =
                    shell::choose_save_file("Save the report", &path, kind).await
                {
                    path.set(chosen);
                }
            });
        })
    };
    let save = {
        let (path, format, busy, outcome) =
            (path.clone(), format.clone(), busy.clone(), outcome.clone());
        let request = props.request.clone();
        let session_ended = props.session_ended.clone();
        Callback::from(move |_: MouseEvent| {
            let (path, format, busy, outcome) =
                ((*path).clone(), *format, busy.clone(), outcome.clone());
            let (request, session_ended) = (request.clone(), session_ended.clone());
            busy.set(true);
            wasm_bindgen_futures::spawn_local(async move {
                let answer = request.save(format, &path).await;
                busy.set(false);
                match answer {
                    Ok(saved) => outcome.set(Some(Ok(saved))),
                    Err(error) if error.code == ErrorCode::NotSignedIn => session_ended.emit(()),
                    Err(error) => outcome.set(Some(Err(error.message))),
                }
            });
        })
    };
    let open = {
        let outcome = outcome.clone();
        Callback::from(move |_: MouseEvent| {
            let Some(Ok(saved)) = (*outcome).clone() else {
                return;
            };
            let outcome = outcome.clone();
            wasm_bindgen_futures::spawn_local(async move {
                if let Err(error) = shell::open_file(&saved).await {
                    outcome.set(Some(Err(error.message)));
                }
            });
        })
    };
    html! {
        <div class="save-bar">
            <select name="format" aria-label="File format" onchange={{
                let (format, outcome) = (format.clone(), outcome.clone());
                move |event: Event| {
                    outcome.set(None);
                    format.set(match event.target_unchecked_into::<HtmlSelectElement>().value().as_str() {
                        "csv" => ReportFormat::Csv,
                        _ => ReportFormat::Pdf,
                    });
                }
            }}>
                <option value="pdf" selected={*format == ReportFormat::Pdf}>{ "PDF" }</option>
                <option value="csv" selected={*format == ReportFormat::Csv}>{ "CSV" }</option>
            </select>
            <input name="path" class="path" aria-label="Save to" value={(*path).clone()}
                oninput={{
                    let path = path.clone();
                    move |event: InputEvent| path.set(event.target_unchecked_into::<HtmlInputElement>().value())
                }} />
            <button type="button" onclick={choose}>{ "Choose…" }</button>
            <button type="button" class="primary" data-action="save-report" disabled={*busy} onclick={save}>
                { if *busy { "Saving…" } else { "Save" } }
            </button>
            { match &*outcome {
                Some(Ok(saved)) => html! {
                    <span class="saved" role="status" data-saved={saved.clone()}>
                        { "Saved. " }
                        <button type="button" class="link-button" data-action="open-report" onclick={open}>
                            { "Open to print" }
                        </button>
                    </span>
                },
                Some(Err(message)) => html! { <span class="field-error" role="alert">{ message }</span> },
                None => html! {},
            } }
        </div>
    }
}
