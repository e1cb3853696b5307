//! The student list: instant search by name, admission number or guardian phone, in pages.

use campusdesk_shared::ErrorCode;
use campusdesk_shared::office::{StudentPage, StudentQuery, StudentStatus};
use gloo_events::{EventListener, EventListenerOptions};
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::spawn_local;
use web_sys::{HtmlElement, HtmlInputElement, KeyboardEvent};
use yew::prelude::*;

use super::use_focus_on_mount;
use crate::shell;

const PAGE_SIZE: u32 = 50;

#[derive(Debug, Properties, PartialEq)]
pub struct StudentsProps {
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
    let text = use_state(String::new);
    let offset = use_state(|| 0_u32);
    let results = use_state(|| Results::Loading);
    // Every keystroke starts a search; only the newest one's answer may be shown, even when an
    // older one finishes later.
    let latest = use_mut_ref(|| 0_u64);
    let search_box = use_node_ref();
    let table_wrap = use_node_ref();
    use_focus_on_mount(search_box.clone());
    use_slash_to_focus(search_box.clone());

    {
        let results = results.clone();
        let latest = latest.clone();
        let session_ended = props.session_ended.clone();
        let table_wrap = table_wrap.clone();
        use_effect_with(((*text).clone(), *offset), move |(text, offset)| {
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
                ..StudentQuery::default()
            };
            spawn_local(async move {
                let answer = shell::search_students(&query).await;
                if *latest.borrow() != ticket {
                    return;
                }
                match answer {
                    Ok(page) => results.set(Results::Page(page)),
                    Err(error) if error.code == ErrorCode::NotSignedIn => session_ended.emit(()),
                    Err(error) => results.set(Results::Failed(error.message)),
                }
            });
        });
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
        Callback::from(move |event: KeyboardEvent| {
            if event.key() == "Escape" {
                event.prevent_default();
                text.set(String::new());
                offset.set(0);
            }
        })
    };
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
                <input
                    ref={search_box}
                    class="search"
                    type="search"
                    placeholder="Search name, admission no. or guardian phone   ( / )"
                    aria-label="Search students"
                    value={(*text).clone()}
                    {oninput}
                    {onkeydown}
                />
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
            <div class="table-wrap" ref={table_wrap.clone()}>
                { match &*results {
                    Results::Loading => html! { <p class="empty muted">{ "Loading…" }</p> },
                    Results::Failed(message) => html! { <p class="banner error">{ message }</p> },
                    Results::Page(page) if page.rows.is_empty() => html! {
                        <p class="empty muted">
                            if text.trim().is_empty() {
                                { "No students yet." }
                            } else {
                                { format!("No students match “{}”.", text.trim()) }
                            }
                        </p>
                    },
                    Results::Page(page) => student_table(page, *offset),
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

fn student_table(page: &StudentPage, offset: u32) -> Html {
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
                    <tr key={row.id.clone()}>
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

fn status_label(status: StudentStatus) -> &'static str {
    match status {
        StudentStatus::Active => "Active",
        StudentStatus::Left => "Left",
        StudentStatus::Alumni => "Alumni",
    }
}

/// A count grouped the way Indian offices write it: `1,234` and `1,23,456` (thousands, then
/// lakhs), so that large counts read at a glance.
fn group_thousands(number: u32) -> String {
    let digits = number.to_string();
    let len = digits.len();
    let mut grouped = String::with_capacity(len + len / 2);
    for (index, digit) in digits.chars().enumerate() {
        // Digits still to come, this one included: a comma goes before the last three and then
        // before every second one further left, which is exactly where that count is odd.
        let left = len - index;
        if index > 0 && left >= 3 && left % 2 == 1 {
            grouped.push(',');
        }
        grouped.push(digit);
    }
    grouped
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
