//! Attendance: the register screen (take a section's register for a date, or change one already
//! taken), and in `attendance/` the leave requests, the reports and the campus calendar.
//!
//! The register starts with every student present; the person marks the exceptions by mouse or
//! by keyboard (a letter per status on the chosen line), and one save sends only the lines they
//! changed, so a mark another PC made since is never overwritten by this screen's default.

pub mod calendar;
pub mod leave;
pub mod reports;

use std::collections::BTreeMap;
use std::rc::Rc;

use campusdesk_shared::ErrorCode;
use campusdesk_shared::attendance::{
    AttendanceMode, AttendanceSettings, AttendanceStatus, MarkInput, MarkSource, RegisterInput,
    RegisterLine, RegisterSection, RegisterSheet,
};
use campusdesk_shared::office::{HistoryEntry, SessionInfo};
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::spawn_local;
use web_sys::{HtmlElement, HtmlInputElement, HtmlSelectElement, KeyboardEvent};
use yew::prelude::*;

use super::{Loaded, allowed, display_date, local_time, today, use_drawn_report, use_window_keys};
use crate::shell;

/// What the register screen shows: which section, day and period.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Choice {
    section_id: String,
    /// As typed, `dd/mm/yyyy`.
    date: String,
    period: u8,
}

/// A line the person changed on screen: the status and remark they chose.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Change {
    status: AttendanceStatus,
    remark: String,
}

/// The key that chooses each status on the focused line.
fn status_for_key(key: &str) -> Option<AttendanceStatus> {
    match key.to_ascii_lowercase().as_str() {
        "p" => Some(AttendanceStatus::Present),
        "a" => Some(AttendanceStatus::Absent),
        "l" => Some(AttendanceStatus::Late),
        "h" => Some(AttendanceStatus::HalfDay),
        "e" => Some(AttendanceStatus::Excused),
        _ => None,
    }
}

/// The letter shown on each status button (and the key that chooses it).
fn key_letter(status: AttendanceStatus) -> &'static str {
    match status {
        AttendanceStatus::Present => "P",
        AttendanceStatus::Absent => "A",
        AttendanceStatus::Late => "L",
        AttendanceStatus::HalfDay => "H",
        AttendanceStatus::Excused => "E",
    }
}

#[derive(Debug, Properties, PartialEq)]
pub struct RegisterScreenProps {
    pub session: SessionInfo,
    pub session_ended: Callback<()>,
}

#[function_component(RegisterScreen)]
pub fn register_screen(props: &RegisterScreenProps) -> Html {
    use_drawn_report("attendance");
    let sections = use_state(|| Loaded::<Rc<Vec<RegisterSection>>>::Loading);
    let settings = use_state(|| None::<AttendanceSettings>);
    let choice = use_state(|| Choice {
        section_id: String::new(),
        date: today(),
        period: 0,
    });
    // The date as it is being typed; it becomes the choice on Enter or when the field is left.
    let typed_date = use_state(today);
    let sheet = use_state(|| Loaded::<Rc<RegisterSheet>>::Loading);
    let changes = use_state(BTreeMap::<String, Change>::new);
    let reloads = use_state(|| 0_u32);
    let latest = use_mut_ref(|| 0_u64);
    let saving = use_state(|| false);
    let outcome = use_state(|| None::<Result<String, String>>);
    let history = use_state(|| None::<(String, Loaded<Rc<Vec<HistoryEntry>>>)>);
    let can_edit = allowed(&props.session, "attendance.edit");
    let can_mark = allowed(&props.session, "attendance.mark") || can_edit;

    // The sections this person may take, and whether the campus registers by period.
    {
        let (sections, settings, choice) = (sections.clone(), settings.clone(), choice.clone());
        let session_ended = props.session_ended.clone();
        use_effect_with((), move |()| {
            spawn_local(async move {
                let listed = shell::register_sections().await;
                let rules = shell::attendance_settings().await;
                let per_period = matches!(
                    &rules,
                    Ok(AttendanceSettings {
                        mode: AttendanceMode::PerPeriod,
                        ..
                    })
                );
                if let Ok(rules) = rules {
                    settings.set(Some(rules));
                }
                match listed {
                    Ok(listed) => {
                        let first = listed.first().map(|s| s.section_id.clone());
                        choice.set(Choice {
                            section_id: first.unwrap_or_default(),
                            date: choice.date.clone(),
                            period: u8::from(per_period),
                        });
                        sections.set(Loaded::Ready(Rc::new(listed)));
                    }
                    Err(error) if error.code == ErrorCode::NotSignedIn => session_ended.emit(()),
                    Err(error) => sections.set(Loaded::Failed(error.message)),
                }
            });
        });
    }
    // The register for the chosen section, day and period.
    {
        let (sheet, changes, history) = (sheet.clone(), changes.clone(), history.clone());
        let session_ended = props.session_ended.clone();
        use_effect_with(((*choice).clone(), *reloads), move |(choice, _)| {
            let choice = choice.clone();
            if choice.section_id.is_empty() {
                return;
            }
            let ticket = *latest.borrow() + 1;
            *latest.borrow_mut() = ticket;
            sheet.set(Loaded::Loading);
            spawn_local(async move {
                let answer =
                    shell::register_sheet(&choice.section_id, &choice.date, choice.period).await;
                if *latest.borrow() != ticket {
                    return;
                }
                changes.set(BTreeMap::new());
                history.set(None);
                match answer {
                    Ok(loaded) => sheet.set(Loaded::Ready(Rc::new(loaded))),
                    Err(error) if error.code == ErrorCode::NotSignedIn => session_ended.emit(()),
                    Err(error) => sheet.set(Loaded::Failed(error.message)),
                }
            });
        });
    }

    // Leaving a register with changes not saved asks first: nothing typed is lost silently.
    let may_leave = {
        let changes = changes.clone();
        move || {
            changes.is_empty()
                || web_sys::window()
                    .and_then(|window| {
                        window
                            .confirm_with_message(
                                "The marks you changed on this register are not saved. Leave them?",
                            )
                            .ok()
                    })
                    .unwrap_or(false)
        }
    };
    let choose_section = {
        let (choice, outcome, may_leave) = (choice.clone(), outcome.clone(), may_leave.clone());
        Callback::from(move |event: Event| {
            let select = event.target_unchecked_into::<HtmlSelectElement>();
            if !may_leave() {
                select.set_value(&choice.section_id);
                return;
            }
            outcome.set(None);
            choice.set(Choice {
                section_id: select.value(),
                ..(*choice).clone()
            });
        })
    };
    let choose_period = {
        let (choice, outcome, may_leave) = (choice.clone(), outcome.clone(), may_leave.clone());
        Callback::from(move |event: Event| {
            let select = event.target_unchecked_into::<HtmlSelectElement>();
            if !may_leave() {
                select.set_value(&choice.period.to_string());
                return;
            }
            outcome.set(None);
            choice.set(Choice {
                period: select.value().parse().unwrap_or(1),
                ..(*choice).clone()
            });
        })
    };
    let commit_date = {
        let (choice, typed_date, outcome) = (choice.clone(), typed_date.clone(), outcome.clone());
        let may_leave = may_leave.clone();
        Callback::from(move |()| {
            let typed = typed_date.trim().to_owned();
            if typed == choice.date {
                return;
            }
            if !may_leave() {
                typed_date.set(choice.date.clone());
                return;
            }
            outcome.set(None);
            choice.set(Choice {
                date: typed,
                ..(*choice).clone()
            });
        })
    };

    let set_status = {
        let (changes, sheet) = (changes.clone(), sheet.clone());
        Callback::from(move |(student_id, status): (String, AttendanceStatus)| {
            let Loaded::Ready(sheet) = &*sheet else {
                return;
            };
            let Some(line) = sheet.lines.iter().find(|l| l.student_id == student_id) else {
                return;
            };
            let mut next = (*changes).clone();
            let remark = next
                .get(&student_id)
                .map_or_else(|| line.remark.clone(), |c| c.remark.clone());
            record_change(&mut next, line, status, remark);
            changes.set(next);
        })
    };
    let set_remark = {
        let (changes, sheet) = (changes.clone(), sheet.clone());
        Callback::from(move |(student_id, remark): (String, String)| {
            let Loaded::Ready(sheet) = &*sheet else {
                return;
            };
            let Some(line) = sheet.lines.iter().find(|l| l.student_id == student_id) else {
                return;
            };
            let mut next = (*changes).clone();
            let status = next
                .get(&student_id)
                .map_or(line.status, |change| change.status);
            record_change(&mut next, line, status, remark);
            changes.set(next);
        })
    };

    let editable = match &*sheet {
        Loaded::Ready(sheet) => {
            sheet.closed_reason.is_none()
                && (if sheet.taken_by.is_some() {
                    can_edit
                } else {
                    can_mark
                })
        }
        _ => false,
    };
    let save = {
        let (sheet, changes, saving, outcome) = (
            sheet.clone(),
            changes.clone(),
            saving.clone(),
            outcome.clone(),
        );
        let reloads = reloads.clone();
        let session_ended = props.session_ended.clone();
        Callback::from(move |()| {
            let Loaded::Ready(loaded) = &*sheet else {
                return;
            };
            if *saving || !editable {
                return;
            }
            let register = RegisterInput {
                section_id: loaded.section_id.clone(),
                date: loaded.date.clone(),
                period: loaded.period,
                marks: changes
                    .iter()
                    .map(|(student_id, change)| MarkInput {
                        student_id: student_id.clone(),
                        status: change.status,
                        remark: change.remark.clone(),
                    })
                    .collect(),
            };
            let taken_before = loaded.taken_by.is_some();
            let label = loaded.section_label.clone();
            let (saving, outcome, reloads) = (saving.clone(), outcome.clone(), reloads.clone());
            let session_ended = session_ended.clone();
            let day = display_date(&loaded.date);
            saving.set(true);
            spawn_local(async move {
                let answer = shell::save_register(&register).await;
                saving.set(false);
                match answer {
                    Ok(saved) => {
                        let what = if taken_before { "changed" } else { "taken" };
                        let marks = match saved.marks_changed {
                            0 => "no mark changed".to_owned(),
                            1 => "1 mark saved".to_owned(),
                            n => format!("{n} marks saved"),
                        };
                        outcome.set(Some(Ok(format!(
                            "The register of {label} for {day} is {what}: {marks}."
                        ))));
                        reloads.set(*reloads + 1);
                    }
                    Err(error) if error.code == ErrorCode::NotSignedIn => session_ended.emit(()),
                    Err(error) => outcome.set(Some(Err(error.message))),
                }
            });
        })
    };
    {
        // Ctrl+S saves the register from anywhere on the screen.
        let save = save.clone();
        use_window_keys(Callback::from(move |event: KeyboardEvent| {
            if event.ctrl_key() && !event.alt_key() && event.key().eq_ignore_ascii_case("s") {
                event.prevent_default();
                save.emit(());
            }
        }));
    }
    let show_history = {
        let (history, choice) = (history.clone(), choice.clone());
        let session_ended = props.session_ended.clone();
        Callback::from(move |line: (String, String)| {
            let (student_id, name) = line;
            let (history, choice) = (history.clone(), (*choice).clone());
            let session_ended = session_ended.clone();
            history.set(Some((name.clone(), Loaded::Loading)));
            spawn_local(async move {
                match shell::mark_history(&student_id, &choice.date, choice.period).await {
                    Ok(entries) => history.set(Some((name, Loaded::Ready(Rc::new(entries))))),
                    Err(error) if error.code == ErrorCode::NotSignedIn => session_ended.emit(()),
                    Err(error) => history.set(Some((name, Loaded::Failed(error.message)))),
                }
            });
        })
    };

    let per_period = settings
        .as_ref()
        .is_some_and(|s| s.mode == AttendanceMode::PerPeriod);
    let periods = settings.as_ref().map_or(1, |s| s.periods_per_day.max(1));
    html! {
        <div class="register attendance">
            <header class="toolbar">
                <h1>{ "Attendance" }</h1>
                <div class="filters">
                    <label class="inline-label" for="register-section">{ "Section" }</label>
                    <select id="register-section" name="section" onchange={choose_section}>
                        { match &*sections {
                            Loaded::Ready(list) => html! {
                                for list.iter().map(|section| html! {
                                    <option value={section.section_id.clone()}
                                        selected={section.section_id == choice.section_id}>
                                        { &section.label }
                                    </option>
                                })
                            },
                            _ => html! {},
                        } }
                    </select>
                    <label class="inline-label" for="register-date">{ "Date" }</label>
                    <input id="register-date" name="date" class="date-input" value={(*typed_date).clone()}
                        placeholder="dd/mm/yyyy"
                        oninput={{
                            let typed_date = typed_date.clone();
                            move |event: InputEvent| typed_date.set(event.target_unchecked_into::<HtmlInputElement>().value())
                        }}
                        onchange={commit_date.reform(|_: Event| ())}
                        onkeydown={{
                            let commit_date = commit_date.clone();
                            move |event: KeyboardEvent| if event.key() == "Enter" {
                                event.prevent_default();
                                commit_date.emit(());
                            }
                        }} />
                    if per_period {
                        <label class="inline-label" for="register-period">{ "Period" }</label>
                        <select id="register-period" name="period" onchange={choose_period}>
                            { for (1..=periods).map(|p| html! {
                                <option value={p.to_string()} selected={p == choice.period}>{ p }</option>
                            }) }
                        </select>
                    }
                </div>
                if let Loaded::Ready(sheet) = &*sheet {
                    <span class="toolbar-count register-counts">{ counts_text(sheet, &changes) }</span>
                }
                <div class="toolbar-actions">
                    <button type="button" class="primary" data-action="save-register"
                        title="Save the register (Ctrl+S)" aria-keyshortcuts="Control+S"
                        disabled={!editable || *saving} onclick={save.reform(|_| ())}>
                        { if *saving { "Saving…" } else { "Save register" } }<kbd>{ "Ctrl+S" }</kbd>
                    </button>
                </div>
            </header>
            { match &*outcome {
                Some(Ok(message)) => html! { <p class="banner success page-banner" role="status">{ message }</p> },
                Some(Err(message)) => html! { <p class="banner error page-banner" role="alert">{ message }</p> },
                None => html! {},
            } }
            { match (&*sections, &*sheet) {
                (Loaded::Failed(message), _) | (_, Loaded::Failed(message)) => html! {
                    <p class="banner error page-banner" role="alert">{ message }</p>
                },
                (Loaded::Ready(list), _) if list.is_empty() => html! {
                    <p class="empty muted">
                        { "No section is assigned to you for attendance. Ask the school administrator to assign your sections." }
                    </p>
                },
                (_, Loaded::Ready(sheet)) => html! {
                    <>
                        { sheet_notice(sheet, can_edit) }
                        <div class="register-body">
                            <div class="table-wrap register-list">
                                { register_table(sheet, &changes, editable, &set_status, &set_remark, &show_history) }
                            </div>
                            <aside class="register-detail" aria-label="A mark's history">
                                { history_panel(&history) }
                            </aside>
                        </div>
                    </>
                },
                _ => html! { <p class="empty muted">{ "Loading…" }</p> },
            } }
        </div>
    }
}

/// Records that `line` now shows `status` and `remark`, or forgets the change when that is
/// what the register showed anyway.
fn record_change(
    changes: &mut BTreeMap<String, Change>,
    line: &RegisterLine,
    status: AttendanceStatus,
    remark: String,
) {
    if status == line.status && remark == line.remark {
        changes.remove(&line.student_id);
    } else {
        changes.insert(line.student_id.clone(), Change { status, remark });
    }
}

/// The status a line shows: the person's change, else what the register holds.
fn shown_status(line: &RegisterLine, changes: &BTreeMap<String, Change>) -> AttendanceStatus {
    changes
        .get(&line.student_id)
        .map_or(line.status, |change| change.status)
}

fn counts_text(sheet: &RegisterSheet, changes: &BTreeMap<String, Change>) -> String {
    let mut parts = Vec::new();
    for status in AttendanceStatus::ALL {
        let count = sheet
            .lines
            .iter()
            .filter(|line| shown_status(line, changes) == status)
            .count();
        if count > 0 || status == AttendanceStatus::Present {
            parts.push(format!("{count} {}", status.label().to_lowercase()));
        }
    }
    let mut text = parts.join(" · ");
    if !changes.is_empty() {
        text.push_str(&format!(" — {} not saved", changes.len()));
    }
    text
}

/// Why the register cannot be changed, or who took it.
fn sheet_notice(sheet: &RegisterSheet, can_edit: bool) -> Html {
    if let Some(reason) = &sheet.closed_reason {
        return html! {
            <p class="banner page-banner closed-day" role="status">
                { format!("No register on {}: {reason}.", display_date(&sheet.date)) }
            </p>
        };
    }
    match &sheet.taken_by {
        Some(by) if can_edit => html! {
            <p class="banner page-banner muted taken" role="status">
                { format!("Taken by {by}. Changes you save are kept in each mark's history.") }
            </p>
        },
        Some(by) => html! {
            <p class="banner page-banner muted taken" role="status">
                { format!("Taken by {by}. Changing a saved register needs the attendance.edit permission.") }
            </p>
        },
        None => html! {
            <p class="banner page-banner muted" role="status">
                { "Not taken yet: everyone shows present. Mark the exceptions and save. \
                   Keys on a line: P present, A absent, L late, H half day, E excused; ↑ ↓ move." }
            </p>
        },
    }
}

fn register_table(
    sheet: &RegisterSheet,
    changes: &BTreeMap<String, Change>,
    editable: bool,
    set_status: &Callback<(String, AttendanceStatus)>,
    set_remark: &Callback<(String, String)>,
    show_history: &Callback<(String, String)>,
) -> Html {
    if sheet.lines.is_empty() {
        return html! { <p class="empty muted">{ "No students on this section's roll for that day." }</p> };
    }
    html! {
        <table class="sheet register-sheet">
            <thead>
                <tr>
                    <th class="num">{ "#" }</th>
                    <th>{ "Adm. no" }</th>
                    <th>{ "Student" }</th>
                    <th>{ "Mark" }</th>
                    <th>{ "Remark" }</th>
                    <th></th>
                </tr>
            </thead>
            <tbody>
                { for sheet.lines.iter().enumerate().map(|(index, line)| {
                    let status = shown_status(line, changes);
                    let changed = changes.contains_key(&line.student_id);
                    let remark = changes
                        .get(&line.student_id)
                        .map_or_else(|| line.remark.clone(), |c| c.remark.clone());
                    let id = line.student_id.clone();
                    let onkeydown = {
                        let (set_status, id) = (set_status.clone(), id.clone());
                        move |event: KeyboardEvent| line_keys(&event, editable, &set_status, &id)
                    };
                    html! {
                        <tr key={line.student_id.clone()} data-student={line.student_id.clone()}
                            data-status={status.as_str()} tabindex="0"
                            class={classes!(status.as_str().to_owned(), changed.then_some("changed"))}
                            {onkeydown}>
                            <td class="num">{ index + 1 }</td>
                            <td class="code">{ &line.admission_no }</td>
                            <td class="name">
                                { &line.full_name }
                                if line.source == MarkSource::Leave && !changed {
                                    <span class="tag leave-tag">{ "on leave" }</span>
                                }
                            </td>
                            <td>
                                <div class="segmented marks" role="radiogroup" aria-label={format!("Mark for {}", line.full_name)}>
                                    { for AttendanceStatus::ALL.iter().map(|choice| {
                                        let choice = *choice;
                                        let (set_status, id) = (set_status.clone(), id.clone());
                                        html! {
                                            <button type="button" role="radio" tabindex="-1"
                                                data-mark={choice.as_str()} title={choice.label()}
                                                aria-checked={(choice == status).to_string()}
                                                aria-pressed={(choice == status).to_string()}
                                                disabled={!editable}
                                                onclick={move |_| set_status.emit((id.clone(), choice))}>
                                                { key_letter(choice) }
                                            </button>
                                        }
                                    }) }
                                </div>
                            </td>
                            <td>
                                <input class="remark" name={format!("remark-{index}")} value={remark}
                                    aria-label={format!("Remark for {}", line.full_name)}
                                    disabled={!editable} maxlength="200"
                                    oninput={{
                                        let (set_remark, id) = (set_remark.clone(), id.clone());
                                        move |event: InputEvent| set_remark.emit((
                                            id.clone(),
                                            event.target_unchecked_into::<HtmlInputElement>().value(),
                                        ))
                                    }} />
                            </td>
                            <td class="row-actions">
                                if sheet.taken_by.is_some() {
                                    <button type="button" class="link-button" data-action="history"
                                        onclick={{
                                            let show_history = show_history.clone();
                                            let line = (line.student_id.clone(), line.full_name.clone());
                                            move |_| show_history.emit(line.clone())
                                        }}>
                                        { "History" }
                                    </button>
                                }
                            </td>
                        </tr>
                    }
                }) }
            </tbody>
        </table>
    }
}

/// A line's keys: a status letter marks the line and moves to the next; the arrows move.
/// Keys typed into the remark box are the remark's own.
fn line_keys(
    event: &KeyboardEvent,
    editable: bool,
    set_status: &Callback<(String, AttendanceStatus)>,
    student_id: &str,
) {
    // Yew delegates events to the page's root, so the line is found from the event's target:
    // keys count only when the line itself has the focus, not its remark box or buttons.
    let Some(row) = event
        .target()
        .and_then(|target| target.dyn_into::<HtmlElement>().ok())
        .filter(|target| target.tag_name() == "TR")
    else {
        return;
    };
    if event.ctrl_key() || event.alt_key() || event.meta_key() {
        return;
    }
    let key = event.key();
    let next = match key.as_str() {
        "ArrowDown" => row.next_element_sibling(),
        "ArrowUp" => row.previous_element_sibling(),
        _ => match status_for_key(&key) {
            Some(status) if editable => {
                set_status.emit((student_id.to_owned(), status));
                row.next_element_sibling()
            }
            _ => return,
        },
    };
    event.prevent_default();
    if let Some(next) = next.and_then(|next| next.dyn_into::<HtmlElement>().ok()) {
        let _ = next.focus();
    }
}

fn history_panel(history: &Option<(String, Loaded<Rc<Vec<HistoryEntry>>>)>) -> Html {
    let Some((name, entries)) = history else {
        return html! {
            <p class="empty muted">
                { "Once a register is taken, History beside a student shows who set their mark, to what, when and on which PC." }
            </p>
        };
    };
    html! {
        <section class="mark-history">
            <h2>{ format!("Mark history: {name}") }</h2>
            { match entries {
                Loaded::Loading => html! { <p class="muted">{ "Loading…" }</p> },
                Loaded::Failed(message) => html! { <p class="banner error">{ message }</p> },
                Loaded::Ready(entries) if entries.is_empty() => html! {
                    <p class="muted">{ "Never marked: present by default." }</p>
                },
                Loaded::Ready(entries) => html! {
                    <ol class="history-list">
                        { for entries.iter().map(|entry| html! {
                            <li>
                                <div class="date">{ local_time(&entry.at) }</div>
                                <div>
                                    <strong>{ &entry.username }</strong>
                                    <span class="muted">{ format!(" on {}", entry.device_code) }</span>
                                </div>
                                <div class="by">{ mark_fields(&entry.kind, &entry.fields) }</div>
                            </li>
                        }) }
                    </ol>
                },
            } }
        </section>
    }
}

/// A change's fields in the office's words: `Absent, remark "fever"`. A first mark's empty
/// remark is no news; a later one means the remark was taken away.
fn mark_fields(kind: &str, fields: &[(String, String)]) -> String {
    let mut parts = Vec::new();
    for (field, value) in fields {
        match field.as_str() {
            "status" => parts.push(
                AttendanceStatus::parse(value)
                    .map_or_else(|| value.clone(), |s| s.label().to_owned()),
            ),
            "remark" if value.is_empty() && kind == "insert" => {}
            "remark" if value.is_empty() => parts.push("remark cleared".to_owned()),
            "remark" => parts.push(format!("remark \"{value}\"")),
            _ => {}
        }
    }
    if parts.is_empty() {
        "marked".to_owned()
    } else {
        parts.join(", ")
    }
}
