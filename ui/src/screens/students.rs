//! The students section: the list with instant search by name, admission number or guardian
//! phone, in pages; from it the admission form and each student's profile.

use std::rc::Rc;

use campusdesk_shared::ErrorCode;
use campusdesk_shared::office::{
    SchoolClass, SessionInfo, StudentPage, StudentProfile, StudentQuery, StudentStatus,
};
use gloo_events::{EventListener, EventListenerOptions};
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::spawn_local;
use web_sys::{HtmlElement, HtmlInputElement, HtmlSelectElement, KeyboardEvent};
use yew::prelude::*;

use super::admission::AdmissionForm;
use super::profile::Profile;
use super::{allowed, group_thousands, use_focus_on_mount, use_window_keys};
use crate::shell;

const PAGE_SIZE: u32 = 50;

/// The list's filters besides the search text; `None` is "all".
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ListFilter {
    pub class_id: Option<String>,
    pub section_id: Option<String>,
    pub status: Option<StudentStatus>,
}

/// What the students section shows.
#[derive(Debug, Clone, PartialEq)]
enum View {
    List,
    Admission,
    Profile(String),
    /// The admission form filled with a student's details, saving with `update_student`.
    Edit(Rc<StudentProfile>),
}

#[derive(Debug, Properties, PartialEq)]
pub struct StudentRecordsProps {
    pub session: SessionInfo,
    /// Changes each time the section is chosen in the navigation, which returns to the list.
    #[prop_or_default]
    pub visit: u32,
    /// A student whose profile the visit opens instead of the list (one just admitted from an
    /// enquiry, say).
    #[prop_or_default]
    pub open: Option<String>,
    /// Called when the shell says no one is signed in any more.
    pub session_ended: Callback<()>,
}

/// The students section. It keeps the list's search and page itself, so that coming back from
/// a profile finds the list as it was left, with the student just seen under the cursor.
#[function_component(StudentRecords)]
pub fn student_records(props: &StudentRecordsProps) -> Html {
    let view = {
        let open = props.open.clone();
        use_state(move || open.map_or(View::List, View::Profile))
    };
    let text = use_state(String::new);
    let offset = use_state(|| 0_u32);
    let filter = use_state(ListFilter::default);
    let last_opened = use_state(|| None::<String>);
    let can_create = allowed(&props.session, "students.create");
    let can_edit = allowed(&props.session, "students.edit");
    {
        let (view, last_opened) = (view.clone(), last_opened.clone());
        use_effect_with(
            (props.visit, props.open.clone()),
            move |(_, open)| match open {
                Some(id) => {
                    last_opened.set(Some(id.clone()));
                    view.set(View::Profile(id.clone()));
                }
                None => view.set(View::List),
            },
        );
    }

    let new_admission = {
        let view = view.clone();
        Callback::from(move |()| view.set(View::Admission))
    };
    {
        // Alt+N is the front desk's shortcut for a walk-in admission, from the list or a
        // profile; on the form itself it would throw away what is being typed.
        let view = view.clone();
        let new_admission = new_admission.clone();
        use_window_keys(Callback::from(move |event: KeyboardEvent| {
            let on_form = matches!(*view, View::Admission | View::Edit(_));
            if can_create
                && !on_form
                && event.alt_key()
                && !event.ctrl_key()
                && !event.meta_key()
                && event.code() == "KeyN"
            {
                event.prevent_default();
                new_admission.emit(());
            }
        }));
    }
    let open = {
        let (view, last_opened) = (view.clone(), last_opened.clone());
        Callback::from(move |id: String| {
            last_opened.set(Some(id.clone()));
            view.set(View::Profile(id));
        })
    };
    let to_list = {
        let view = view.clone();
        Callback::from(move |()| view.set(View::List))
    };
    let session_ended = props.session_ended.clone();

    match (*view).clone() {
        View::List => html! {
            <Students
                text={text.clone()}
                offset={offset.clone()}
                filter={filter.clone()}
                focus_row={(*last_opened).clone()}
                on_open={open}
                on_new={can_create.then_some(new_admission)}
                {session_ended}
            />
        },
        View::Admission => html! {
            <AdmissionForm on_saved={open} on_cancel={to_list} {session_ended} />
        },
        View::Edit(profile) => {
            let id = profile.id.clone();
            let back = open.reform(move |()| id.clone());
            html! {
                <AdmissionForm editing={Some(profile)} on_saved={open} on_cancel={back} {session_ended} />
            }
        }
        View::Profile(id) => {
            let on_edit = {
                let view = view.clone();
                Callback::from(move |profile: StudentProfile| {
                    view.set(View::Edit(Rc::new(profile)))
                })
            };
            html! {
                <Profile {id} {can_edit} on_back={to_list} on_open={open} {on_edit} {session_ended} />
            }
        }
    }
}

#[derive(Debug, Properties, PartialEq)]
pub struct StudentsProps {
    /// The search as typed and the first row shown, kept by the section.
    pub text: UseStateHandle<String>,
    pub offset: UseStateHandle<u32>,
    pub filter: UseStateHandle<ListFilter>,
    /// The student to put the keyboard focus on when the list comes back (the one last opened).
    #[prop_or_default]
    pub focus_row: Option<String>,
    /// Opens a student's profile.
    pub on_open: Callback<String>,
    /// Opens the admission form; `None` when the role may not admit.
    #[prop_or_default]
    pub on_new: Option<Callback<()>>,
    /// Called when the shell says no one is signed in any more.
    pub session_ended: Callback<()>,
}

#[derive(Debug, Clone, PartialEq)]
enum Results {
    Loading,
    Page(StudentPage),
    Failed(String),
}

#[function_component(Students)]
pub fn students(props: &StudentsProps) -> Html {
    let (text, offset) = (props.text.clone(), props.offset.clone());
    let filter = props.filter.clone();
    let results = use_state(|| Results::Loading);
    let classes = use_state(Vec::<SchoolClass>::new);
    {
        // The filter lists; without them the list still works, so a failure only leaves the
        // class filter empty.
        let classes = classes.clone();
        use_effect_with((), move |()| {
            spawn_local(async move {
                if let Ok(list) = shell::classes().await {
                    classes.set(list);
                }
            });
        });
    }
    // Every keystroke starts a search; only the newest one's answer may be shown, even when an
    // older one finishes later.
    let latest = use_mut_ref(|| 0_u64);
    // The number of the search whose answer is on screen, as `data-shown-search` on the list:
    // it changes with every answer, also one that leaves the rows as they were, which is how
    // the tests and the keystroke figure know the list has caught up with the typing.
    let shown = use_state(|| 0_u64);
    let search_box = use_node_ref();
    let table_wrap = use_node_ref();
    use_focus_on_mount(search_box.clone());
    use_slash_to_focus(search_box.clone());
    // The row to focus once the first page arrives; taken, so later searches leave focus alone.
    let pending_focus = use_mut_ref(|| props.focus_row.clone());
    {
        let table_wrap = table_wrap.clone();
        let loaded = matches!(*results, Results::Page(_));
        use_effect_with(loaded, move |loaded| {
            let id = if *loaded {
                pending_focus.borrow_mut().take()
            } else {
                None
            };
            let row = id.and_then(|id| {
                table_wrap
                    .cast::<web_sys::Element>()?
                    .query_selector(&format!("tr[data-student=\"{id}\"]"))
                    .ok()
                    .flatten()
            });
            if let Some(row) = row.and_then(|row| row.dyn_into::<HtmlElement>().ok()) {
                let _ = row.focus();
            }
        });
    }

    {
        let results = results.clone();
        let latest = latest.clone();
        let shown = shown.clone();
        let session_ended = props.session_ended.clone();
        let table_wrap = table_wrap.clone();
        use_effect_with(
            ((*text).clone(), *offset, (*filter).clone()),
            move |(text, offset, filter)| {
                // A new page or search starts at its first row, not where the last was scrolled to.
                if let Some(wrap) = table_wrap.cast::<web_sys::Element>() {
                    wrap.set_scroll_top(0);
                }
                let ticket = *latest.borrow() + 1;
                *latest.borrow_mut() = ticket;
                let query = StudentQuery {
                    text: text.trim().to_owned(),
                    offset: *offset,
                    limit: PAGE_SIZE,
                    class_id: filter.class_id.clone(),
                    section_id: filter.section_id.clone(),
                    status: filter.status,
                };
                spawn_local(async move {
                    let answer = shell::search_students(&query).await;
                    if *latest.borrow() != ticket {
                        return;
                    }
                    shown.set(ticket);
                    match answer {
                        Ok(page) => results.set(Results::Page(page)),
                        Err(error) if error.code == ErrorCode::NotSignedIn => {
                            session_ended.emit(())
                        }
                        Err(error) => results.set(Results::Failed(error.message)),
                    }
                });
            },
        );
    }

    let oninput = {
        let (text, offset) = (text.clone(), offset.clone());
        Callback::from(move |event: InputEvent| {
            text.set(event.target_unchecked_into::<HtmlInputElement>().value());
            offset.set(0);
        })
    };
    let onkeydown = {
        let (text, offset) = (text.clone(), offset.clone());
        let table_wrap = table_wrap.clone();
        Callback::from(move |event: KeyboardEvent| match event.key().as_str() {
            "Escape" => {
                event.prevent_default();
                text.set(String::new());
                offset.set(0);
            }
            // Down from the search box walks into the list, so that a student can be found
            // and opened without the mouse.
            "ArrowDown" => {
                let first = table_wrap
                    .cast::<web_sys::Element>()
                    .and_then(|wrap| wrap.query_selector("tbody tr").ok().flatten())
                    .and_then(|row| row.dyn_into::<HtmlElement>().ok());
                if let Some(row) = first {
                    event.prevent_default();
                    let _ = row.focus();
                }
            }
            _ => {}
        })
    };
    // A new filter starts at the first page; a new class clears a section of another class.
    let set_class = {
        let (filter, offset) = (filter.clone(), offset.clone());
        Callback::from(move |event: Event| {
            let value = event.target_unchecked_into::<HtmlSelectElement>().value();
            filter.set(ListFilter {
                class_id: (!value.is_empty()).then_some(value),
                section_id: None,
                status: filter.status,
            });
            offset.set(0);
        })
    };
    let set_section = {
        let (filter, offset) = (filter.clone(), offset.clone());
        Callback::from(move |event: Event| {
            let value = event.target_unchecked_into::<HtmlSelectElement>().value();
            filter.set(ListFilter {
                section_id: (!value.is_empty()).then_some(value),
                ..(*filter).clone()
            });
            offset.set(0);
        })
    };
    let set_status = {
        let (filter, offset) = (filter.clone(), offset.clone());
        Callback::from(move |event: Event| {
            let value = event.target_unchecked_into::<HtmlSelectElement>().value();
            filter.set(ListFilter {
                status: StudentStatus::ALL.into_iter().find(|s| s.as_str() == value),
                ..(*filter).clone()
            });
            offset.set(0);
        })
    };
    let sections: Vec<_> = filter
        .class_id
        .as_ref()
        .and_then(|id| classes.iter().find(|c| &c.id == id))
        .map(|class| class.sections.clone())
        .unwrap_or_default();
    let filtered = *filter != ListFilter::default();
    let go_to = |to: u32| {
        let offset = offset.clone();
        Callback::from(move |_: MouseEvent| offset.set(to))
    };

    let total = match &*results {
        Results::Page(page) => Some(page.total),
        _ => None,
    };
    let capped = matches!(&*results, Results::Page(page) if page.capped);
    html! {
        <div class="students">
            <header class="toolbar">
                <h1>{ "Students" }</h1>
                if let Some(on_new) = &props.on_new {
                    <button type="button" class="primary" title="New admission (Alt+N)"
                        aria-keyshortcuts="Alt+N" onclick={on_new.reform(|_| ())}>
                        { "New admission" }<kbd>{ "Alt+N" }</kbd>
                    </button>
                }
                <input
                    ref={search_box}
                    class="search"
                    type="search"
                    placeholder="Name, admission no. or phone   ( / )"
                    aria-label="Search students"
                    value={(*text).clone()}
                    {oninput}
                    {onkeydown}
                />
                <span class="filters">
                    <select id="filter-class" aria-label="Class" onchange={set_class}>
                        <option value="" selected={filter.class_id.is_none()}>{ "All classes" }</option>
                        { for classes.iter().map(|class| html! {
                            <option value={class.id.clone()} selected={filter.class_id.as_ref() == Some(&class.id)}>
                                { &class.name }
                            </option>
                        }) }
                    </select>
                    <select id="filter-section" aria-label="Section" onchange={set_section}
                        disabled={sections.is_empty()}>
                        <option value="" selected={filter.section_id.is_none()}>{ "All sections" }</option>
                        { for sections.iter().map(|section| html! {
                            <option value={section.id.clone()} selected={filter.section_id.as_ref() == Some(&section.id)}>
                                { &section.name }
                            </option>
                        }) }
                    </select>
                    <select id="filter-status" aria-label="Status" onchange={set_status}>
                        <option value="" selected={filter.status.is_none()}>{ "Any status" }</option>
                        { for StudentStatus::ALL.iter().map(|status| html! {
                            <option value={status.as_str()} selected={filter.status == Some(*status)}>
                                { status_label(*status) }
                            </option>
                        }) }
                    </select>
                </span>
                <span class="toolbar-count">
                    if let Some(total) = total {
                        <span class="num">{ group_thousands(total) }{ if capped { "+" } else { "" } }</span>
                        { if total == 1 { " student" } else { " students" } }
                        if capped {
                            <span class="muted">{ " match: showing the newest; type more to narrow" }</span>
                        }
                    }
                </span>
            </header>
            <div class="table-wrap" ref={table_wrap.clone()} data-shown-search={shown.to_string()}>
                { match &*results {
                    Results::Loading => html! { <p class="empty muted">{ "Loading…" }</p> },
                    Results::Failed(message) => html! { <p class="banner error">{ message }</p> },
                    Results::Page(page) if page.rows.is_empty() => html! {
                        <p class="empty muted">
                            if filtered {
                                { "No students match the search and filters." }
                            } else if text.trim().is_empty() {
                                { "No students yet." }
                            } else {
                                { format!("No students match “{}”.", text.trim()) }
                            }
                        </p>
                    },
                    Results::Page(page) => student_table(page, *offset, &props.on_open),
                } }
            </div>
            if let Some(total) = total {
                <footer class="pager">
                    <span>
                        if total > 0 {
                            { "Showing " }
                            <span class="num">{ format!("{}–{}", *offset + 1, (*offset + PAGE_SIZE).min(total)) }</span>
                            { " of " }
                            <span class="num">{ group_thousands(total) }</span>
                        }
                    </span>
                    <span class="pager-buttons">
                        <button type="button" disabled={*offset == 0}
                            onclick={go_to(offset.saturating_sub(PAGE_SIZE))}>{ "‹ Previous" }</button>
                        <span class="num">
                            { format!("Page {} of {}", *offset / PAGE_SIZE + 1, total.div_ceil(PAGE_SIZE).max(1)) }
                        </span>
                        <button type="button" disabled={*offset + PAGE_SIZE >= total}
                            onclick={go_to(*offset + PAGE_SIZE)}>{ "Next ›" }</button>
                    </span>
                </footer>
            }
        </div>
    }
}

fn student_table(page: &StudentPage, offset: u32, on_open: &Callback<String>) -> Html {
    html! {
        <table class="grid">
            <thead>
                <tr>
                    <th class="num">{ "#" }</th>
                    <th>{ "Admission no." }</th>
                    <th>{ "Name" }</th>
                    <th>{ "Class" }</th>
                    <th>{ "Section" }</th>
                    <th>{ "Status" }</th>
                    <th>{ "Guardian" }</th>
                    <th>{ "Phone" }</th>
                </tr>
            </thead>
            <tbody>
                { for page.rows.iter().zip(offset + 1..).map(|(row, number)| html! {
                    <tr key={row.id.clone()} data-student={row.id.clone()} tabindex="0"
                        title="Open the profile (Enter)"
                        onclick={on_open.reform({ let id = row.id.clone(); move |_| id.clone() })}
                        onkeydown={row_keys(on_open, &row.id)}>
                        <td class="num muted">{ number }</td>
                        <td class="code">{ &row.admission_no }</td>
                        <td class="name">{ &row.full_name }</td>
                        <td>{ &row.class_name }</td>
                        <td>{ &row.section_name }</td>
                        <td><span class={classes!("status", row.status.as_str())}>{ status_label(row.status) }</span></td>
                        <td>{ &row.guardian_name }</td>
                        <td class="phone">{ &row.guardian_phone }</td>
                    </tr>
                }) }
            </tbody>
        </table>
    }
}

/// Keys on a focused row: Enter opens the student, the arrows move between rows.
fn row_keys(on_open: &Callback<String>, id: &str) -> Callback<KeyboardEvent> {
    let (on_open, id) = (on_open.clone(), id.to_owned());
    Callback::from(move |event: KeyboardEvent| {
        let row = event
            .current_target()
            .and_then(|target| target.dyn_into::<web_sys::Element>().ok());
        let next = match event.key().as_str() {
            "Enter" => {
                event.prevent_default();
                on_open.emit(id.clone());
                return;
            }
            "ArrowDown" => row.and_then(|row| row.next_element_sibling()),
            // Up from the first row goes back to the search box.
            "ArrowUp" => match row
                .as_ref()
                .and_then(web_sys::Element::previous_element_sibling)
            {
                Some(previous) => Some(previous),
                None => row.and_then(|row| search_box_of(&row)),
            },
            // Typing on a row starts a new search: the key lands in the search box, replacing
            // the old text (the slash handler deals with `/` itself).
            key if key.chars().count() == 1
                && !event.ctrl_key()
                && !event.alt_key()
                && !event.meta_key() =>
            {
                if let Some(search) = row
                    .and_then(|row| search_box_of(&row))
                    .and_then(|search| search.dyn_into::<HtmlInputElement>().ok())
                {
                    let _ = search.focus();
                    search.select();
                }
                return;
            }
            _ => return,
        };
        event.prevent_default();
        if let Some(next) = next.and_then(|next| next.dyn_into::<HtmlElement>().ok()) {
            let _ = next.focus();
        }
    })
}

/// The list's search box, found from one of its rows.
fn search_box_of(row: &web_sys::Element) -> Option<web_sys::Element> {
    row.closest(".students")
        .ok()
        .flatten()?
        .query_selector("input.search")
        .ok()
        .flatten()
}

pub fn status_label(status: StudentStatus) -> &'static str {
    match status {
        StudentStatus::Active => "Active",
        StudentStatus::Left => "Left",
        StudentStatus::Alumni => "Alumni",
    }
}

/// `/` anywhere on the screen jumps to the search box, unless the user is typing in another
/// field (where `/` is just a character, e.g. in a date).
#[hook]
fn use_slash_to_focus(search_box: NodeRef) {
    use_effect_with((), move |()| {
        let document = web_sys::window().and_then(|window| window.document());
        let listener = document.map(|document| {
            // gloo's listeners are passive unless asked, and a passive one cannot stop the `/`
            // from being typed into the search box it has just focused.
            let options = EventListenerOptions::enable_prevent_default();
            EventListener::new_with_options(&document, "keydown", options, move |event| {
                let Some(event) = event.dyn_ref::<KeyboardEvent>() else {
                    return;
                };
                if event.key() != "/" || event.ctrl_key() || event.alt_key() || event.meta_key() {
                    return;
                }
                let typing = event
                    .target()
                    .and_then(|target| target.dyn_into::<HtmlElement>().ok())
                    .is_some_and(|element| {
                        matches!(element.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT")
                            || element.is_content_editable()
                    });
                if typing {
                    return;
                }
                if let Some(input) = search_box.cast::<HtmlInputElement>() {
                    event.prevent_default();
                    let _ = input.focus();
                    input.select();
                }
            })
        });
        // Dropping the listener unregisters it when the screen goes away.
        move || drop(listener)
    });
}
