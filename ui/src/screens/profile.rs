//! A student's profile: who they are, their guardians and siblings, and every change to their
//! record from the change log, newest first; with Edit and the status change for those allowed.

use std::collections::HashMap;
use std::rc::Rc;

use campusdesk_shared::ErrorCode;
use campusdesk_shared::office::{HistoryEntry, StudentProfile, StudentStatus};
use wasm_bindgen_futures::spawn_local;
use web_sys::{HtmlSelectElement, KeyboardEvent};
use yew::prelude::*;

use super::students::status_label;
use super::{
    Loaded, capitalised, display_date, fact, local_time, use_focus_on_mount, use_window_keys,
};
use crate::shell;

#[derive(Debug, Properties, PartialEq)]
pub struct ProfileProps {
    pub id: String,
    /// The role may edit students and change their status.
    pub can_edit: bool,
    pub on_back: Callback<()>,
    /// Opens another student's profile (a sibling).
    pub on_open: Callback<String>,
    pub on_edit: Callback<StudentProfile>,
    /// Called when the shell says no one is signed in any more.
    pub session_ended: Callback<()>,
}

/// Names for the ids that appear in the history (classes, sections, guardians), so that it
/// reads "Class: 5" rather than a row id.
type Names = Rc<HashMap<String, String>>;

#[function_component(Profile)]
pub fn profile(props: &ProfileProps) -> Html {
    let loaded = use_state(|| Loaded::<Rc<StudentProfile>>::Loading);
    // Bumped after a status change, to read the profile (and its history) again.
    let reloads = use_state(|| 0_u32);
    let notice = use_state(|| None::<String>);
    let names = use_state(Names::default);
    let back_button = use_node_ref();
    use_focus_on_mount(back_button.clone());

    {
        let names = names.clone();
        use_effect_with((), move |()| {
            spawn_local(async move {
                // Without the class names the history shows ids; the rest of the page is fine.
                if let Ok(classes) = shell::classes().await {
                    let mut map = HashMap::new();
                    for class in classes {
                        for section in class.sections {
                            map.insert(section.id, section.name);
                        }
                        map.insert(class.id, class.name);
                    }
                    names.set(Rc::new(map));
                }
            });
        });
    }
    {
        let loaded = loaded.clone();
        let session_ended = props.session_ended.clone();
        use_effect_with((props.id.clone(), *reloads), move |(id, _)| {
            let id = id.clone();
            spawn_local(async move {
                match shell::student_profile(&id).await {
                    Ok(profile) => loaded.set(Loaded::Ready(Rc::new(profile))),
                    Err(error) if error.code == ErrorCode::NotSignedIn => session_ended.emit(()),
                    Err(error) => loaded.set(Loaded::Failed(error.message)),
                }
            });
        });
    }
    {
        let (on_back, on_edit) = (props.on_back.clone(), props.on_edit.clone());
        let ready = match &*loaded {
            Loaded::Ready(profile) if props.can_edit => Some(profile.clone()),
            _ => None,
        };
        use_window_keys(Callback::from(move |event: KeyboardEvent| {
            if event.default_prevented() {
                return;
            }
            if event.key() == "Escape" {
                event.prevent_default();
                on_back.emit(());
            } else if event.alt_key()
                && !event.ctrl_key()
                && event.code() == "KeyE"
                && let Some(profile) = &ready
            {
                event.prevent_default();
                on_edit.emit((**profile).clone());
            }
        }));
    }

    let change_status = {
        let (loaded, reloads, notice) = (loaded.clone(), reloads.clone(), notice.clone());
        let session_ended = props.session_ended.clone();
        Callback::from(move |event: Event| {
            let chosen = event.target_unchecked_into::<HtmlSelectElement>().value();
            let (Some(status), Loaded::Ready(profile)) = (StudentStatus::parse(&chosen), &*loaded)
            else {
                return;
            };
            let id = profile.id.clone();
            let (reloads, notice, session_ended) =
                (reloads.clone(), notice.clone(), session_ended.clone());
            spawn_local(async move {
                match shell::set_student_status(&id, status).await {
                    Ok(_) => {
                        notice.set(None);
                        reloads.set(*reloads + 1);
                    }
                    Err(error) if error.code == ErrorCode::NotSignedIn => session_ended.emit(()),
                    Err(error) => {
                        notice.set(Some(error.message));
                        // Back to the status that is really stored.
                        reloads.set(*reloads + 1);
                    }
                }
            });
        })
    };

    let back = html! {
        <button type="button" ref={back_button} title="Back to the list (Esc)" aria-keyshortcuts="Escape"
            onclick={props.on_back.reform(|_| ())}>
            { "‹ Back" }<kbd>{ "Esc" }</kbd>
        </button>
    };
    let profile = match &*loaded {
        Loaded::Loading => {
            return html! {
                <div class="profile">
                    <header class="toolbar">{ back }</header>
                    <p class="empty muted">{ "Loading…" }</p>
                </div>
            };
        }
        Loaded::Failed(message) => {
            return html! {
                <div class="profile">
                    <header class="toolbar">{ back }</header>
                    <p class="banner error page-banner">{ message }</p>
                </div>
            };
        }
        Loaded::Ready(profile) => profile.clone(),
    };

    let full_name = format!("{} {}", profile.first_name, profile.last_name)
        .trim()
        .to_owned();
    let placement = match (profile.class_name.as_str(), profile.section_name.as_str()) {
        ("", _) => "No class yet".to_owned(),
        (class, "") => format!("Class {class}"),
        (class, section) => format!("Class {class} – {section}"),
    };
    let edit = {
        let (on_edit, profile) = (props.on_edit.clone(), profile.clone());
        move |_: MouseEvent| on_edit.emit((*profile).clone())
    };
    let mut guardian_names: HashMap<String, String> = (**names).clone();
    for guardian in &profile.guardians {
        guardian_names.insert(guardian.guardian_id.clone(), guardian.name.clone());
    }

    html! {
        <div class="profile">
            <header class="toolbar profile-head">
                { back }
                <h1>{ &full_name }</h1>
                <span class="code">{ &profile.admission_no }</span>
                <span class="muted">{ placement }</span>
                <span class={classes!("status", profile.status.as_str())}>{ status_label(profile.status) }</span>
                <span class="toolbar-actions">
                    if props.can_edit {
                        <label class="inline-choice">
                            { "Status " }
                            <select aria-label="Change status" onchange={change_status}>
                                { for StudentStatus::ALL.iter().map(|status| html! {
                                    <option value={status.as_str()} selected={*status == profile.status}>
                                        { status_label(*status) }
                                    </option>
                                }) }
                            </select>
                        </label>
                        <button type="button" class="primary" title="Edit the details (Alt+E)"
                            aria-keyshortcuts="Alt+E" onclick={edit}>
                            { "Edit" }<kbd>{ "Alt+E" }</kbd>
                        </button>
                    }
                </span>
            </header>
            <div class="profile-body">
                if let Some(message) = &*notice {
                    <p class="banner error profile-notice" role="alert">{ message }</p>
                }
                <div class="profile-side">
                    <section class="panel">
                        <h2>{ "Details" }</h2>
                        <dl class="facts">
                            { fact("Date of birth", display_date(&profile.date_of_birth)) }
                            { fact("Gender", capitalised(&profile.gender)) }
                            { fact("Admitted on", display_date(&profile.admitted_on)) }
                            { fact("Category", profile.category.clone()) }
                            { fact("Phone", profile.phone.clone()) }
                            { fact("E-mail", profile.email.clone()) }
                            { fact("Address", profile.address.clone()) }
                        </dl>
                    </section>
                    <section class="panel">
                        <h2>{ "Guardians" }</h2>
                        if profile.guardians.is_empty() {
                            <p class="muted">{ "No guardian recorded." }</p>
                        } else {
                            <table class="grid compact guardians">
                                <thead><tr><th>{ "Name" }</th><th>{ "Relation" }</th><th>{ "Phone" }</th></tr></thead>
                                <tbody>
                                    { for profile.guardians.iter().map(|guardian| html! {
                                        <tr key={guardian.guardian_id.clone()}
                                            title={guardian_title(&guardian.email, &guardian.occupation)}>
                                            <td class="name">{ &guardian.name }</td>
                                            <td>{ capitalised(&guardian.relation) }</td>
                                            <td class="phone">{ &guardian.phone }</td>
                                        </tr>
                                    }) }
                                </tbody>
                            </table>
                        }
                    </section>
                    <section class="panel">
                        <h2>{ "Siblings" }</h2>
                        if profile.siblings.is_empty() {
                            <p class="muted">{ "No other student shares a guardian." }</p>
                        } else {
                            <ul class="siblings">
                                { for profile.siblings.iter().map(|sibling| {
                                    let open = props.on_open.reform({
                                        let id = sibling.student_id.clone();
                                        move |_: MouseEvent| id.clone()
                                    });
                                    html! {
                                        <li key={sibling.student_id.clone()}>
                                            <button type="button" class="link-button" onclick={open}>
                                                { &sibling.full_name }
                                            </button>
                                            <span class="code muted">{ &sibling.admission_no }</span>
                                            if !sibling.class_name.is_empty() {
                                                <span class="muted">{ format!("Class {}", sibling.class_name) }</span>
                                            }
                                        </li>
                                    }
                                }) }
                            </ul>
                        }
                    </section>
                </div>
                <section class="panel history">
                    <h2>{ "History" }</h2>
                    <div class="history-wrap">
                        <table class="grid compact">
                            <thead>
                                <tr><th>{ "When" }</th><th>{ "Who" }</th><th>{ "PC" }</th><th>{ "What changed" }</th></tr>
                            </thead>
                            <tbody>
                                { for profile.history.iter().rev().map(|entry| history_row(entry, &guardian_names)) }
                            </tbody>
                        </table>
                    </div>
                </section>
            </div>
        </div>
    }
}

fn guardian_title(email: &str, occupation: &str) -> Option<AttrValue> {
    let parts: Vec<&str> = [email, occupation]
        .into_iter()
        .filter(|part| !part.is_empty())
        .collect();
    (!parts.is_empty()).then(|| AttrValue::from(parts.join(" · ")))
}

fn history_row(entry: &HistoryEntry, names: &HashMap<String, String>) -> Html {
    let inserted = entry.kind == "insert";
    // The log keeps fields in alphabetical order; the form's order reads better.
    let mut fields: Vec<&(String, String)> = entry.fields.iter().collect();
    fields.sort_by_key(|(field, _)| {
        FORM_ORDER
            .iter()
            .position(|known| known == field)
            .unwrap_or(FORM_ORDER.len())
    });
    let changes: Vec<(&str, String)> = fields
        .into_iter()
        .filter_map(|(field, value)| {
            let label = field_label(field)?;
            // A new record lists only what was filled in; an edit also shows what was emptied.
            if inserted && value.is_empty() {
                return None;
            }
            let shown = match field.as_str() {
                _ if value.is_empty() => "—".to_owned(),
                "date_of_birth" | "admitted_on" => display_date(value),
                "class_id" | "section_id" | "guardian_id" => {
                    names.get(value).cloned().unwrap_or_else(|| value.clone())
                }
                "gender" | "status" | "relation" => capitalised(value),
                _ => value.clone(),
            };
            Some((label, shown))
        })
        .collect();
    html! {
        <tr>
            <td class="when">{ local_time(&entry.at) }</td>
            <td>{ &entry.username }</td>
            <td>{ &entry.device_code }</td>
            <td class="changes">
                <strong>{ what_happened(&entry.table, &entry.kind) }</strong>
                { for changes.into_iter().map(|(label, value)| html! {
                    <span class="change"><span class="muted">{ format!("{label}: ") }</span>{ value }</span>
                }) }
            </td>
        </tr>
    }
}

/// Stored fields in the order the admission form shows them.
const FORM_ORDER: [&str; 18] = [
    "admission_no",
    "first_name",
    "last_name",
    "name",
    "guardian_id",
    "relation",
    "date_of_birth",
    "gender",
    "class_id",
    "section_id",
    "category",
    "phone",
    "email",
    "occupation",
    "address",
    "admitted_on",
    "status",
    "enquiry_id",
];

fn what_happened(table: &str, kind: &str) -> String {
    match (table, kind) {
        ("student", "insert") => "Admitted".into(),
        ("student", "update") => "Details changed".into(),
        ("student", "delete") => "Removed".into(),
        ("guardian", "insert") => "Guardian added".into(),
        ("guardian", "update") => "Guardian's details changed".into(),
        ("student_guardian", "insert") => "Guardian linked".into(),
        ("student_guardian", "update") => "Guardian's relation changed".into(),
        ("student_guardian", "delete") => "Guardian unlinked".into(),
        (table, kind) => format!("{} {kind}", capitalised(table)),
    }
}

/// The office's name for a stored field; `None` for bookkeeping fields no one needs to read.
fn field_label(field: &str) -> Option<&str> {
    Some(match field {
        "admission_no" => "Admission no.",
        "first_name" => "First name",
        "last_name" => "Last name",
        "date_of_birth" => "Date of birth",
        "gender" => "Gender",
        "class_id" => "Class",
        "section_id" => "Section",
        "phone" => "Phone",
        "email" => "E-mail",
        "address" => "Address",
        "category" => "Category",
        "admitted_on" => "Admitted on",
        "status" => "Status",
        "name" => "Name",
        "occupation" => "Occupation",
        "relation" => "Relation",
        "guardian_id" => "Guardian",
        "enquiry_id" => "From enquiry",
        // The link's student is this student, and its position only orders the guardians.
        "student_id" | "position" => return None,
        other => other,
    })
}
