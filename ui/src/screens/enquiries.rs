//! The enquiry register: families who asked about admission, at the counter or on the phone,
//! with the calls that followed. An open enquiry gets follow-ups until it is closed or becomes
//! an admission through the admission form, filled in from the enquiry and linked back to it.

use std::rc::Rc;

use campusdesk_shared::ErrorCode;
use campusdesk_shared::office::{
    Enquiry, EnquiryInput, EnquiryStatus, SchoolClass, SessionInfo, StudentInput,
};
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::spawn_local;
use web_sys::{HtmlElement, KeyboardEvent};
use yew::prelude::*;

use super::admission::AdmissionForm;
use super::{
    Choice, Draft, Field, Loaded, allowed, capitalised, display_date, enter_saves, esc_cancels,
    fact, reset, today, use_focus_on_mount, use_form, use_window_keys,
};
use crate::shell;

/// What the section shows.
#[derive(Debug, Clone, PartialEq)]
enum View {
    Register,
    New,
    /// The admission form filled in from an enquiry.
    Convert(Rc<StudentInput>),
}

/// The register's filters, in the order of their buttons; `None` shows every enquiry.
const FILTERS: [(Option<EnquiryStatus>, &str); 4] = [
    (Some(EnquiryStatus::Open), "Open"),
    (Some(EnquiryStatus::Converted), "Converted"),
    (Some(EnquiryStatus::Closed), "Closed"),
    (None, "All"),
];

/// Where families say they heard of the school, as the register records it.
const SOURCES: [&str; 7] = [
    "Walk-in",
    "Phone",
    "Referral",
    "Website",
    "Social media",
    "Newspaper",
    "Other",
];

#[derive(Debug, Properties, PartialEq)]
pub struct EnquiryRegisterProps {
    pub session: SessionInfo,
    /// Changes each time the section is chosen in the navigation, which returns to the list.
    #[prop_or_default]
    pub visit: u32,
    /// Shows a student's profile in the students section (after a conversion).
    pub open_student: Callback<String>,
    /// Called when the shell says no one is signed in any more.
    pub session_ended: Callback<()>,
}

#[function_component(EnquiryRegister)]
pub fn enquiry_register(props: &EnquiryRegisterProps) -> Html {
    let view = use_state(|| View::Register);
    let filter = use_state(|| Some(EnquiryStatus::Open));
    let selected = use_state(|| None::<String>);
    let list = use_state(|| Loaded::<Rc<Vec<Enquiry>>>::Loading);
    // Bumped after every change, to read the register again.
    let reloads = use_state(|| 0_u32);
    // Only the answer to the newest request is shown, when the filter changes quickly.
    let latest = use_mut_ref(|| 0_u64);
    let notice = use_state(|| None::<String>);
    let can_create = allowed(&props.session, "students.create");
    {
        let view = view.clone();
        use_effect_with(props.visit, move |_| view.set(View::Register));
    }
    {
        let list = list.clone();
        let session_ended = props.session_ended.clone();
        use_effect_with((*filter, *reloads), move |(filter, _)| {
            let ticket = *latest.borrow() + 1;
            *latest.borrow_mut() = ticket;
            let filter = *filter;
            spawn_local(async move {
                let answer = shell::enquiries(filter).await;
                if *latest.borrow() != ticket {
                    return;
                }
                match answer {
                    Ok(enquiries) => list.set(Loaded::Ready(Rc::new(enquiries))),
                    Err(error) if error.code == ErrorCode::NotSignedIn => session_ended.emit(()),
                    Err(error) => list.set(Loaded::Failed(error.message)),
                }
            });
        });
    }
    let new_enquiry = {
        let (view, notice) = (view.clone(), notice.clone());
        Callback::from(move |()| {
            notice.set(None);
            view.set(View::New);
        })
    };
    {
        // Alt+N records a new enquiry, as it admits a student in the students section.
        let on_register = *view == View::Register;
        let new_enquiry = new_enquiry.clone();
        use_window_keys(Callback::from(move |event: KeyboardEvent| {
            if can_create
                && on_register
                && event.alt_key()
                && !event.ctrl_key()
                && !event.meta_key()
                && event.code() == "KeyN"
            {
                event.prevent_default();
                new_enquiry.emit(());
            }
        }));
    }
    let to_register = {
        let view = view.clone();
        Callback::from(move |()| view.set(View::Register))
    };
    let reload = {
        let reloads = reloads.clone();
        Callback::from(move |()| reloads.set(*reloads + 1))
    };
    let convert = {
        let (view, notice) = (view.clone(), notice.clone());
        let session_ended = props.session_ended.clone();
        Callback::from(move |enquiry: Rc<Enquiry>| {
            let (view, notice, session_ended) =
                (view.clone(), notice.clone(), session_ended.clone());
            spawn_local(async move {
                match shell::admission_from_enquiry(&enquiry.id).await {
                    Ok(mut input) => {
                        if input.class_id.is_none() {
                            // Without the class list the form simply starts with no class.
                            let classes = shell::classes().await.unwrap_or_default();
                            input.class_id = class_named(&classes, &enquiry.class_sought);
                        }
                        notice.set(None);
                        view.set(View::Convert(Rc::new(input)));
                    }
                    Err(error) if error.code == ErrorCode::NotSignedIn => session_ended.emit(()),
                    Err(error) => notice.set(Some(error.message)),
                }
            });
        })
    };
    let session_ended = props.session_ended.clone();

    match (*view).clone() {
        View::New => {
            let on_saved = {
                let (view, filter, selected) = (view.clone(), filter.clone(), selected.clone());
                let reloads = reloads.clone();
                Callback::from(move |id: String| {
                    // A new enquiry is open: show the open ones with it chosen.
                    filter.set(Some(EnquiryStatus::Open));
                    selected.set(Some(id));
                    reloads.set(*reloads + 1);
                    view.set(View::Register);
                })
            };
            html! { <EnquiryForm {on_saved} on_cancel={to_register} {session_ended} /> }
        }
        View::Convert(input) => {
            let on_saved = props.open_student.clone();
            html! {
                <AdmissionForm from_enquiry={Some(input)} {on_saved} on_cancel={to_register} {session_ended} />
            }
        }
        View::Register => {
            let enquiries = match &*list {
                Loaded::Ready(enquiries) => Some(enquiries.clone()),
                _ => None,
            };
            let chosen = enquiries.as_ref().and_then(|enquiries| {
                enquiries
                    .iter()
                    .find(|enquiry| Some(&enquiry.id) == (*selected).as_ref())
                    .map(|enquiry| Rc::new(enquiry.clone()))
            });
            let choose = {
                let selected = selected.clone();
                Callback::from(move |id: String| selected.set(Some(id)))
            };
            html! {
                <div class="register">
                    <header class="toolbar">
                        <h1>{ "Enquiries" }</h1>
                        if can_create {
                            <button type="button" class="primary" title="New enquiry (Alt+N)"
                                aria-keyshortcuts="Alt+N" onclick={new_enquiry.reform(|_| ())}>
                                { "New enquiry" }<kbd>{ "Alt+N" }</kbd>
                            </button>
                        }
                        <div class="segmented" role="group" aria-label="Show enquiries">
                            { for FILTERS.iter().map(|(status, label)| {
                                let pressed = *filter == *status;
                                let (filter, status) = (filter.clone(), *status);
                                html! {
                                    <button type="button" aria-pressed={pressed.to_string()}
                                        data-filter={status.map_or("all", EnquiryStatus::as_str)}
                                        onclick={move |_| filter.set(status)}>
                                        { *label }
                                    </button>
                                }
                            }) }
                        </div>
                        <span class="toolbar-count">
                            if let Some(enquiries) = &enquiries {
                                <span class="num">{ enquiries.len() }</span>
                                { if enquiries.len() == 1 { " enquiry" } else { " enquiries" } }
                            }
                        </span>
                    </header>
                    if let Some(message) = &*notice {
                        <p class="banner error page-banner" role="alert">{ message }</p>
                    }
                    <div class="register-body">
                        <div class="table-wrap register-list">
                            { match &*list {
                                Loaded::Loading => html! { <p class="empty muted">{ "Loading…" }</p> },
                                Loaded::Failed(message) => html! { <p class="banner error">{ message }</p> },
                                Loaded::Ready(enquiries) if enquiries.is_empty() => html! {
                                    <p class="empty muted">{ empty_text(*filter) }</p>
                                },
                                Loaded::Ready(enquiries) => enquiry_table(enquiries, selected.as_deref(), &choose),
                            } }
                        </div>
                        <aside class="register-detail" aria-label="The chosen enquiry">
                            if let Some(enquiry) = chosen {
                                <EnquiryDetail key={enquiry.id.clone()} enquiry={enquiry.clone()} {can_create}
                                    on_changed={reload} on_convert={convert}
                                    open_student={props.open_student.clone()} {session_ended} />
                            } else {
                                <p class="empty muted">
                                    { "Choose an enquiry to see its calls, add a follow-up or convert it into an admission." }
                                </p>
                            }
                        </aside>
                    </div>
                </div>
            }
        }
    }
}

/// The class whose name the family asked for, if the school has one by that name.
fn class_named(classes: &[SchoolClass], sought: &str) -> Option<String> {
    let sought = sought.trim();
    classes
        .iter()
        .find(|class| !sought.is_empty() && class.name.eq_ignore_ascii_case(sought))
        .map(|class| class.id.clone())
}

fn empty_text(filter: Option<EnquiryStatus>) -> &'static str {
    match filter {
        Some(EnquiryStatus::Open) => "No open enquiries.",
        Some(EnquiryStatus::Converted) => "No enquiry has become an admission yet.",
        Some(EnquiryStatus::Closed) => "No closed enquiries.",
        None => "No enquiries yet.",
    }
}

fn status_label(status: EnquiryStatus) -> &'static str {
    match status {
        EnquiryStatus::Open => "Open",
        EnquiryStatus::Converted => "Admitted",
        EnquiryStatus::Closed => "Closed",
    }
}

/// Today as the core stores dates, `yyyy-mm-dd`, to compare with follow-up dates.
fn today_iso() -> String {
    let now = js_sys::Date::new_0();
    format!(
        "{}-{:02}-{:02}",
        now.get_full_year(),
        now.get_month() + 1,
        now.get_date()
    )
}

fn enquiry_table(enquiries: &[Enquiry], selected: Option<&str>, choose: &Callback<String>) -> Html {
    let today = today_iso();
    html! {
        <table class="grid enquiry-list">
            <thead>
                <tr>
                    <th>{ "Next call" }</th>
                    <th>{ "Child" }</th>
                    <th>{ "Class" }</th>
                    <th>{ "Parent" }</th>
                    <th>{ "Phone" }</th>
                    <th>{ "Status" }</th>
                </tr>
            </thead>
            <tbody>
                { for enquiries.iter().map(|enquiry| {
                    let chosen = selected == Some(enquiry.id.as_str());
                    let next = &enquiry.next_follow_up_on;
                    // A call due today or earlier is what the front desk should make first.
                    let due = enquiry.status == EnquiryStatus::Open && !next.is_empty() && *next <= today;
                    let id = enquiry.id.clone();
                    html! {
                        <tr key={enquiry.id.clone()} data-enquiry={enquiry.id.clone()} tabindex="0"
                            class={classes!(chosen.then_some("selected"))}
                            aria-selected={chosen.to_string()}
                            onclick={choose.reform({ let id = id.clone(); move |_| id.clone() })}
                            onkeydown={row_keys(choose, &id)}>
                            <td class={classes!("date", due.then_some("due"))}>
                                { if next.is_empty() { "—".to_owned() } else { display_date(next) } }
                            </td>
                            <td class="name">{ &enquiry.child_name }</td>
                            <td>{ &enquiry.class_sought }</td>
                            <td>{ &enquiry.guardian_name }</td>
                            <td class="phone">{ &enquiry.phone }</td>
                            <td>
                                <span class={classes!("status", enquiry.status.as_str())}>
                                    { status_label(enquiry.status) }
                                </span>
                            </td>
                        </tr>
                    }
                }) }
            </tbody>
        </table>
    }
}

/// Keys on a focused row: Enter chooses it, the arrows move to the next or previous enquiry
/// and choose it, so that the detail follows the keyboard.
fn row_keys(choose: &Callback<String>, id: &str) -> Callback<KeyboardEvent> {
    let (choose, id) = (choose.clone(), id.to_owned());
    Callback::from(move |event: KeyboardEvent| {
        let row = event
            .current_target()
            .and_then(|target| target.dyn_into::<web_sys::Element>().ok());
        let next = match event.key().as_str() {
            "Enter" | " " => {
                event.prevent_default();
                choose.emit(id.clone());
                return;
            }
            "ArrowDown" => row.and_then(|row| row.next_element_sibling()),
            "ArrowUp" => row.and_then(|row| row.previous_element_sibling()),
            _ => return,
        };
        event.prevent_default();
        if let Some(next) = next.and_then(|next| next.dyn_into::<HtmlElement>().ok()) {
            let _ = next.focus();
            if let Some(next_id) = next.get_attribute("data-enquiry") {
                choose.emit(next_id);
            }
        }
    })
}

#[derive(Debug, Properties, PartialEq)]
struct EnquiryDetailProps {
    enquiry: Rc<Enquiry>,
    /// The role may add follow-ups, close and convert.
    can_create: bool,
    /// Something was saved: read the register again.
    on_changed: Callback<()>,
    on_convert: Callback<Rc<Enquiry>>,
    open_student: Callback<String>,
    session_ended: Callback<()>,
}

/// One enquiry: who asked and about what, the calls so far, and what can be done next.
#[function_component(EnquiryDetail)]
fn enquiry_detail(props: &EnquiryDetailProps) -> Html {
    let closing = use_state(|| false);
    let enquiry = &props.enquiry;
    let open = enquiry.status == EnquiryStatus::Open;
    let convert = {
        let (on_convert, enquiry) = (props.on_convert.clone(), enquiry.clone());
        move |_: MouseEvent| on_convert.emit(enquiry.clone())
    };
    html! {
        <section class="panel enquiry-detail">
            <div class="detail-head">
                <h2>{ &enquiry.child_name }</h2>
                <span class={classes!("status", enquiry.status.as_str())}>{ status_label(enquiry.status) }</span>
            </div>
            <dl class="facts stacked">
                { stacked_fact("Parent", enquiry.guardian_name.clone()) }
                { stacked_fact("Phone", enquiry.phone.clone()) }
                { stacked_fact("Next call", display_date(&enquiry.next_follow_up_on)) }
                { stacked_fact("Class sought", enquiry.class_sought.clone()) }
                { stacked_fact("Date of birth", display_date(&enquiry.date_of_birth)) }
                { stacked_fact("Gender", capitalised(&enquiry.gender)) }
                { stacked_fact("Enquired on", display_date(&enquiry.enquiry_on)) }
                { stacked_fact("Heard of us from", enquiry.source.clone()) }
                { stacked_fact("E-mail", enquiry.email.clone()) }
            </dl>
            if !enquiry.notes.is_empty() {
                <p class="enquiry-notes">{ &enquiry.notes }</p>
            }
            <h3>{ "Follow-ups" }</h3>
            if enquiry.follow_ups.is_empty() {
                <p class="muted">{ "No calls or visits noted yet." }</p>
            } else {
                <ol class="follow-ups">
                    { for enquiry.follow_ups.iter().map(|follow_up| html! {
                        <li key={follow_up.id.clone()}>
                            <span class="date">{ display_date(&follow_up.on_date) }</span>
                            <span class="note">{ &follow_up.note }</span>
                            <span class="muted by">
                                { follow_up.username.clone() }
                                if !follow_up.next_on.is_empty() {
                                    { format!(" · next call {}", display_date(&follow_up.next_on)) }
                                }
                            </span>
                        </li>
                    }) }
                </ol>
            }
            if open && props.can_create {
                <FollowUpForm enquiry_id={enquiry.id.clone()} on_added={props.on_changed.clone()}
                    session_ended={props.session_ended.clone()} />
                if *closing {
                    <CloseForm enquiry_id={enquiry.id.clone()} on_closed={props.on_changed.clone()}
                        on_cancel={{ let closing = closing.clone(); Callback::from(move |()| closing.set(false)) }}
                        session_ended={props.session_ended.clone()} />
                } else {
                    <div class="detail-actions">
                        <button type="button" class="primary" onclick={convert}>{ "Convert to admission" }</button>
                        <button type="button" onclick={{ let closing = closing.clone(); move |_| closing.set(true) }}>
                            { "Close enquiry…" }
                        </button>
                    </div>
                }
            }
            if let Some(student_id) = enquiry.student_id.clone() {
                <div class="detail-actions">
                    <button type="button"
                        onclick={props.open_student.reform(move |_| student_id.clone())}>
                        { "Open the student's profile" }
                    </button>
                </div>
            }
        </section>
    }
}

/// One fact with its label above it, so that three fit side by side in the narrow detail.
fn stacked_fact(label: &'static str, value: String) -> Html {
    html! { <div class="fact">{ fact(label, value) }</div> }
}

#[derive(Debug, Clone, PartialEq, Default)]
struct FollowUpDraft {
    note: String,
    next_on: String,
}

#[derive(Debug, Properties, PartialEq)]
struct FollowUpFormProps {
    enquiry_id: String,
    on_added: Callback<()>,
    session_ended: Callback<()>,
}

/// Notes today's call or visit and when to call next. Esc empties it.
#[function_component(FollowUpForm)]
fn follow_up_form(props: &FollowUpFormProps) -> Html {
    let draft = use_reducer(Draft::<FollowUpDraft>::default);
    let form_ref = use_node_ref();
    let form = use_form(form_ref.clone(), props.session_ended.clone());
    let note_ref = use_node_ref();
    let save = {
        let (draft, form, note_ref) = (draft.clone(), form.clone(), note_ref.clone());
        let (enquiry_id, on_added) = (props.enquiry_id.clone(), props.on_added.clone());
        Callback::from(move |()| {
            let FollowUpDraft { note, next_on } = draft.0.clone();
            let id = enquiry_id.clone();
            let (draft, on_added, note_ref) = (draft.clone(), on_added.clone(), note_ref.clone());
            form.submit(
                async move { shell::add_follow_up(&id, &note, &next_on).await },
                move |_| {
                    reset(&draft);
                    if let Some(input) = note_ref.cast::<HtmlElement>() {
                        let _ = input.focus();
                    }
                    on_added.emit(());
                },
            );
        })
    };
    let clear = form.clear_with(&draft);
    let on =
        |name: &'static str, apply: fn(&mut FollowUpDraft, String)| form.edit(&draft, name, apply);
    let onkeydown = {
        let (enter, esc) = (enter_saves(save.clone()), esc_cancels(clear));
        Callback::from(move |event: KeyboardEvent| {
            enter.emit(event.clone());
            esc.emit(event);
        })
    };
    let value = |text: &str| AttrValue::from(text.to_owned());
    html! {
        <form class="follow-up-form" ref={form_ref} novalidate=true {onkeydown}
            onsubmit={save.reform(|event: SubmitEvent| event.prevent_default())}>
            <h3>{ format!("Follow-up today, {}", today()) }</h3>
            if let Some(message) = &form.errors.general {
                <p class="banner error" role="alert">{ message }</p>
            }
            <div class="inline-form">
                <Field label="What was said" name="note" class={classes!("whole-row")} node_ref={note_ref}
                    value={value(&draft.0.note)} error={form.field("note")}
                    oninput={on("note", |d, v| d.note = v)} />
                <Field label="Next call" name="next_on" placeholder="dd/mm/yyyy"
                    value={value(&draft.0.next_on)} error={form.field("next_on")}
                    oninput={on("next_on", |d, v| d.next_on = v)} />
                <button type="submit" disabled={*form.busy}>{ "Add follow-up" }</button>
            </div>
        </form>
    }
}

#[derive(Debug, Properties, PartialEq)]
struct CloseFormProps {
    enquiry_id: String,
    on_closed: Callback<()>,
    on_cancel: Callback<()>,
    session_ended: Callback<()>,
}

/// Closing an enquiry that will not become an admission asks why, for the register.
#[function_component(CloseForm)]
fn close_form(props: &CloseFormProps) -> Html {
    let reason = use_state(String::new);
    let form_ref = use_node_ref();
    let form = use_form(form_ref.clone(), props.session_ended.clone());
    let reason_ref = use_node_ref();
    use_focus_on_mount(reason_ref.clone());
    {
        let on_cancel = props.on_cancel.clone();
        use_window_keys(esc_cancels(on_cancel));
    }
    let save = {
        let (reason, form) = (reason.clone(), form.clone());
        let (enquiry_id, on_closed) = (props.enquiry_id.clone(), props.on_closed.clone());
        Callback::from(move |()| {
            let (id, text) = (enquiry_id.clone(), (*reason).clone());
            let on_closed = on_closed.clone();
            form.submit(
                async move { shell::close_enquiry(&id, &text).await },
                move |()| on_closed.emit(()),
            );
        })
    };
    let oninput = {
        let (reason, form) = (reason.clone(), form.clone());
        Callback::from(move |value: String| {
            form.forget("reason");
            reason.set(value);
        })
    };
    html! {
        <form class="close-form" ref={form_ref} novalidate=true onkeydown={enter_saves(save.clone())}
            onsubmit={save.reform(|event: SubmitEvent| event.prevent_default())}>
            if let Some(message) = &form.errors.general {
                <p class="banner error" role="alert">{ message }</p>
            }
            <div class="inline-form">
                <Field label="Why is it closed?" name="reason" class={classes!("grow")} node_ref={reason_ref}
                    placeholder="e.g. chose another school, fees too high"
                    value={AttrValue::from((*reason).clone())} error={form.field("reason")} {oninput} />
                <button type="button" title="Keep it open (Esc)" onclick={props.on_cancel.reform(|_| ())}>
                    { "Keep open" }<kbd>{ "Esc" }</kbd>
                </button>
                <button type="submit" class="danger" disabled={*form.busy}>{ "Close enquiry" }</button>
            </div>
        </form>
    }
}

#[derive(Debug, Properties, PartialEq)]
struct EnquiryFormProps {
    /// Called with the new enquiry's id once saved.
    on_saved: Callback<String>,
    on_cancel: Callback<()>,
    session_ended: Callback<()>,
}

/// A new enquiry: the child, the parent to call back, and how the family heard of the school.
#[function_component(EnquiryForm)]
fn enquiry_form(props: &EnquiryFormProps) -> Html {
    let draft = use_reducer(Draft::<EnquiryInput>::default);
    let form_ref = use_node_ref();
    let form = use_form(form_ref.clone(), props.session_ended.clone());
    let classes = use_state(Vec::<SchoolClass>::new);
    let first = use_node_ref();
    use_focus_on_mount(first.clone());
    {
        let classes = classes.clone();
        use_effect_with((), move |()| {
            spawn_local(async move {
                // Without the class list the choice is empty; the rest of the form still works.
                if let Ok(list) = shell::classes().await {
                    classes.set(list);
                }
            });
        });
    }
    {
        let on_cancel = props.on_cancel.clone();
        use_window_keys(esc_cancels(on_cancel));
    }
    let save = {
        let (draft, form, on_saved) = (draft.clone(), form.clone(), props.on_saved.clone());
        Callback::from(move |()| {
            let input = draft.0.clone();
            let on_saved = on_saved.clone();
            form.submit(
                async move { shell::record_enquiry(&input).await },
                move |id| on_saved.emit(id),
            );
        })
    };
    let on =
        |name: &'static str, apply: fn(&mut EnquiryInput, String)| form.edit(&draft, name, apply);
    let value = |text: &str| AttrValue::from(text.to_owned());
    let input = &draft.0;
    let class_options: Vec<(AttrValue, AttrValue)> = classes
        .iter()
        .map(|class| (value(&class.name), value(&class.name)))
        .collect();
    let gender_options = [("male", "Male"), ("female", "Female"), ("other", "Other")]
        .iter()
        .map(|(key, text)| (AttrValue::Static(key), AttrValue::Static(text)))
        .collect::<Vec<_>>();
    let source_options = SOURCES
        .iter()
        .map(|source| (AttrValue::Static(source), AttrValue::Static(source)))
        .collect::<Vec<_>>();
    html! {
        <form class="form-screen enquiry-form" ref={form_ref} novalidate=true
            onkeydown={enter_saves(save.clone())}
            onsubmit={save.reform(|event: SubmitEvent| event.prevent_default())}>
            <header class="toolbar">
                <h1>{ "New enquiry" }</h1>
                <span class="muted">{ format!("Today, {}", today()) }</span>
                <span class="toolbar-actions">
                    <button type="button" title="Cancel (Esc)" aria-keyshortcuts="Escape"
                        onclick={props.on_cancel.reform(|_| ())}>
                        { "Cancel" }<kbd>{ "Esc" }</kbd>
                    </button>
                    <button type="submit" class="primary" disabled={*form.busy} title="Save (Enter)">
                        { if *form.busy { "Saving…" } else { "Save enquiry" } }<kbd>{ "Enter" }</kbd>
                    </button>
                </span>
            </header>
            <div class="form-body">
                if let Some(message) = &form.errors.general {
                    <p class="banner error" role="alert">{ message }</p>
                } else if !form.errors.fields.is_empty() {
                    <p class="banner error" role="alert">
                        { "Some details need correcting: see the messages in red beside the fields." }
                    </p>
                }
                <fieldset class="form-section">
                    <legend>{ "Child" }</legend>
                    <div class="form-grid">
                        <Field label="Child's name" name="child_name" node_ref={first}
                            value={value(&input.child_name)} error={form.field("child_name")}
                            oninput={on("child_name", |e, v| e.child_name = v)} />
                        <Field label="Date of birth" name="date_of_birth" placeholder="dd/mm/yyyy"
                            hint="If the parent knows it"
                            value={value(&input.date_of_birth)} error={form.field("date_of_birth")}
                            oninput={on("date_of_birth", |e, v| e.date_of_birth = v)} />
                        <Choice label="Gender" name="gender" empty="Not said"
                            value={value(&input.gender)} options={gender_options}
                            error={form.field("gender")}
                            onchange={on("gender", |e, v| e.gender = v)} />
                        <Choice label="Class sought" name="class_sought" empty="Not decided"
                            value={value(&input.class_sought)} options={class_options}
                            error={form.field("class_sought")}
                            onchange={on("class_sought", |e, v| e.class_sought = v)} />
                    </div>
                </fieldset>
                <fieldset class="form-section">
                    <legend>{ "Parent or guardian" }</legend>
                    <div class="form-grid">
                        <Field label="Name" name="guardian_name"
                            value={value(&input.guardian_name)} error={form.field("guardian_name")}
                            oninput={on("guardian_name", |e, v| e.guardian_name = v)} />
                        <Field label="Phone" name="phone" kind="tel"
                            value={value(&input.phone)} error={form.field("phone")}
                            oninput={on("phone", |e, v| e.phone = v)} />
                        <Field label="E-mail" name="email" kind="email"
                            value={value(&input.email)} error={form.field("email")}
                            oninput={on("email", |e, v| e.email = v)} />
                    </div>
                </fieldset>
                <fieldset class="form-section">
                    <legend>{ "Enquiry" }</legend>
                    <div class="form-grid">
                        <Choice label="Heard of us from" name="source" empty="Not said"
                            value={value(&input.source)} options={source_options}
                            error={form.field("source")}
                            onchange={on("source", |e, v| e.source = v)} />
                        <Field label="Next call" name="next_follow_up_on" placeholder="dd/mm/yyyy"
                            hint="When to call the family back"
                            value={value(&input.next_follow_up_on)} error={form.field("next_follow_up_on")}
                            oninput={on("next_follow_up_on", |e, v| e.next_follow_up_on = v)} />
                        <Field label="Notes" name="notes" class={classes!("wide")}
                            placeholder="What they asked about: transport, fees, a sibling here…"
                            value={value(&input.notes)} error={form.field("notes")}
                            oninput={on("notes", |e, v| e.notes = v)} />
                    </div>
                </fieldset>
            </div>
        </form>
    }
}
