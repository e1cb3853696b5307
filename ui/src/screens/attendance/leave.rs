//! Leave requests: the front desk records a guardian's or a teacher's request for a student's
//! leave; a role that may change registers approves or rejects it. Approved leave shows as
//! excused in the registers by itself.

use std::rc::Rc;

use campusdesk_shared::ErrorCode;
use campusdesk_shared::attendance::{LeaveInput, LeaveRequest, LeaveStatus};
use campusdesk_shared::office::{SessionInfo, StudentRow};
use web_sys::KeyboardEvent;
use yew::prelude::*;

use super::super::student_picker::StudentPicker;
use super::super::{
    Draft, Field, Loaded, allowed, display_date, enter_saves, esc_cancels, reset, today,
    use_focus_on_mount, use_form, use_window_keys,
};
use crate::shell;

const FILTERS: [(Option<LeaveStatus>, &str); 4] = [
    (Some(LeaveStatus::Pending), "Pending"),
    (Some(LeaveStatus::Approved), "Approved"),
    (Some(LeaveStatus::Rejected), "Rejected"),
    (None, "All"),
];

#[derive(Debug, Properties, PartialEq)]
pub struct LeaveRequestsProps {
    pub session: SessionInfo,
    pub session_ended: Callback<()>,
}

#[function_component(LeaveRequests)]
pub fn leave_requests(props: &LeaveRequestsProps) -> Html {
    let filter = use_state(|| Some(LeaveStatus::Pending));
    let list = use_state(|| Loaded::<Rc<Vec<LeaveRequest>>>::Loading);
    let reloads = use_state(|| 0_u32);
    let latest = use_mut_ref(|| 0_u64);
    let recording = use_state(|| false);
    let notice = use_state(|| None::<Result<String, String>>);
    let can_record = allowed(&props.session, "attendance.mark");
    let can_decide = allowed(&props.session, "attendance.edit");
    {
        let list = list.clone();
        let session_ended = props.session_ended.clone();
        use_effect_with((*filter, *reloads), move |(filter, _)| {
            let ticket = *latest.borrow() + 1;
            *latest.borrow_mut() = ticket;
            let filter = *filter;
            wasm_bindgen_futures::spawn_local(async move {
                let answer = shell::leave_requests(filter).await;
                if *latest.borrow() != ticket {
                    return;
                }
                match answer {
                    Ok(rows) => list.set(Loaded::Ready(Rc::new(rows))),
                    Err(error) if error.code == ErrorCode::NotSignedIn => session_ended.emit(()),
                    Err(error) => list.set(Loaded::Failed(error.message)),
                }
            });
        });
    }
    let open_form = {
        let (recording, notice) = (recording.clone(), notice.clone());
        Callback::from(move |()| {
            notice.set(None);
            recording.set(true);
        })
    };
    {
        let open_form = open_form.clone();
        let idle = !*recording;
        use_window_keys(Callback::from(move |event: KeyboardEvent| {
            if can_record && idle && event.alt_key() && !event.ctrl_key() && event.code() == "KeyN"
            {
                event.prevent_default();
                open_form.emit(());
            }
        }));
    }
    let reload = {
        let reloads = reloads.clone();
        Callback::from(move |()| reloads.set(*reloads + 1))
    };
    let on_saved = {
        let (recording, notice, filter, reload) = (
            recording.clone(),
            notice.clone(),
            filter.clone(),
            reload.clone(),
        );
        Callback::from(move |message: String| {
            recording.set(false);
            notice.set(Some(Ok(message)));
            filter.set(Some(LeaveStatus::Pending));
            reload.emit(());
        })
    };
    let on_cancel = {
        let recording = recording.clone();
        Callback::from(move |()| recording.set(false))
    };
    let decide = {
        let (notice, reload) = (notice.clone(), reload.clone());
        let session_ended = props.session_ended.clone();
        Callback::from(move |(request, approve): (Rc<LeaveRequest>, bool)| {
            let (notice, reload, session_ended) =
                (notice.clone(), reload.clone(), session_ended.clone());
            wasm_bindgen_futures::spawn_local(async move {
                match shell::decide_leave(&request.id, approve, "").await {
                    Ok(()) => {
                        let what = if approve {
                            "approved: the registers show excused"
                        } else {
                            "rejected"
                        };
                        notice.set(Some(Ok(format!(
                            "{}'s leave from {} is {what}.",
                            request.student_name,
                            display_date(&request.starts_on)
                        ))));
                        reload.emit(());
                    }
                    Err(error) if error.code == ErrorCode::NotSignedIn => session_ended.emit(()),
                    Err(error) => notice.set(Some(Err(error.message))),
                }
            });
        })
    };

    html! {
        <div class="register leave">
            <header class="toolbar">
                <h1>{ "Leave requests" }</h1>
                if can_record {
                    <button type="button" class="primary" data-action="record-leave"
                        title="Record a leave request (Alt+N)" aria-keyshortcuts="Alt+N"
                        disabled={*recording} onclick={open_form.reform(|_| ())}>
                        { "Record leave" }<kbd>{ "Alt+N" }</kbd>
                    </button>
                }
                <div class="segmented" role="group" aria-label="Show leave requests">
                    { for FILTERS.iter().map(|(status, label)| {
                        let pressed = *filter == *status;
                        let (filter, status) = (filter.clone(), *status);
                        html! {
                            <button type="button" aria-pressed={pressed.to_string()}
                                data-filter={status.map_or("all", LeaveStatus::as_str)}
                                onclick={move |_| filter.set(status)}>
                                { *label }
                            </button>
                        }
                    }) }
                </div>
            </header>
            { match &*notice {
                Some(Ok(message)) => html! { <p class="banner success page-banner" role="status">{ message }</p> },
                Some(Err(message)) => html! { <p class="banner error page-banner" role="alert">{ message }</p> },
                None => html! {},
            } }
            if *recording {
                <LeaveForm {on_saved} {on_cancel} session_ended={props.session_ended.clone()} />
            }
            <div class="table-wrap">
                { match &*list {
                    Loaded::Loading => html! { <p class="empty muted">{ "Loading…" }</p> },
                    Loaded::Failed(message) => html! { <p class="banner error">{ message }</p> },
                    Loaded::Ready(rows) if rows.is_empty() => html! {
                        <p class="empty muted">{ "No leave requests here." }</p>
                    },
                    Loaded::Ready(rows) => leave_table(rows, can_decide, &decide),
                } }
            </div>
        </div>
    }
}

fn status_label(status: LeaveStatus) -> &'static str {
    match status {
        LeaveStatus::Pending => "Pending",
        LeaveStatus::Approved => "Approved",
        LeaveStatus::Rejected => "Rejected",
    }
}

fn leave_table(
    rows: &[LeaveRequest],
    can_decide: bool,
    decide: &Callback<(Rc<LeaveRequest>, bool)>,
) -> Html {
    html! {
        <table class="grid leave-list">
            <thead>
                <tr>
                    <th>{ "Student" }</th>
                    <th>{ "Section" }</th>
                    <th>{ "From" }</th>
                    <th>{ "To" }</th>
                    <th>{ "Reason" }</th>
                    <th>{ "Asked by" }</th>
                    <th>{ "Status" }</th>
                    <th></th>
                </tr>
            </thead>
            <tbody>
                { for rows.iter().map(|row| {
                    let request = Rc::new(row.clone());
                    let ends = if row.ends_on.is_empty() { &row.starts_on } else { &row.ends_on };
                    html! {
                        <tr key={row.id.clone()} data-leave={row.id.clone()}>
                            <td class="name">{ format!("{} ({})", row.student_name, row.admission_no) }</td>
                            <td>{ &row.section_label }</td>
                            <td class="date">{ display_date(&row.starts_on) }</td>
                            <td class="date">{ display_date(ends) }</td>
                            <td title={row.reason.clone()}>{ &row.reason }</td>
                            <td>{ &row.requested_by }</td>
                            <td>
                                <span class={classes!("status", row.status.as_str())}
                                    title={row.decided_by.as_ref().map(|by| format!("by {by}"))}>
                                    { status_label(row.status) }
                                </span>
                            </td>
                            <td class="row-actions">
                                if can_decide && row.status == LeaveStatus::Pending {
                                    <button type="button" data-action="approve"
                                        onclick={decide.reform({ let r = request.clone(); move |_| (r.clone(), true) })}>
                                        { "Approve" }
                                    </button>
                                    <button type="button" data-action="reject"
                                        onclick={decide.reform({ let r = request.clone(); move |_| (r.clone(), false) })}>
                                        { "Reject" }
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

#[derive(Debug, Clone, PartialEq, Default)]
struct LeaveDraft {
    starts_on: String,
    ends_on: String,
    reason: String,
    requested_by: String,
}

#[derive(Debug, Properties, PartialEq)]
struct LeaveFormProps {
    /// The sentence to show once saved.
    on_saved: Callback<String>,
    on_cancel: Callback<()>,
    session_ended: Callback<()>,
}

#[function_component(LeaveForm)]
fn leave_form(props: &LeaveFormProps) -> Html {
    let form_ref = use_node_ref();
    let first = use_node_ref();
    use_focus_on_mount(first.clone());
    let draft = use_reducer(|| {
        Draft(LeaveDraft {
            starts_on: today(),
            ..LeaveDraft::default()
        })
    });
    let form = use_form(form_ref.clone(), props.session_ended.clone());
    // The student is kept beside the draft: the draft holds only what is typed.
    let student = use_state(|| None::<Rc<StudentRow>>);
    let choose_student = {
        let (student, form) = (student.clone(), form.clone());
        Callback::from(move |chosen: Option<Rc<StudentRow>>| {
            form.forget("student_id");
            student.set(chosen);
        })
    };
    let save = {
        let (draft, form, chosen) = (draft.clone(), form.clone(), student.clone());
        let on_saved = props.on_saved.clone();
        Callback::from(move |()| {
            let Some(student) = (*chosen).clone() else {
                form.refuse("student_id", "Choose the student the leave is for");
                return;
            };
            let input = LeaveInput {
                student_id: student.id.clone(),
                starts_on: draft.0.starts_on.clone(),
                ends_on: draft.0.ends_on.clone(),
                reason: draft.0.reason.clone(),
                requested_by: draft.0.requested_by.clone(),
            };
            let on_saved = on_saved.clone();
            let draft = draft.clone();
            form.submit(
                async move { shell::record_leave(&input).await },
                move |_| {
                    reset(&draft);
                    on_saved.emit(format!(
                        "Leave for {} is recorded and waits for approval.",
                        student.full_name
                    ));
                },
            );
        })
    };
    let onkeydown = {
        let (enter, esc) = (
            enter_saves(save.clone()),
            esc_cancels(props.on_cancel.clone()),
        );
        Callback::from(move |event: KeyboardEvent| {
            esc.emit(event.clone());
            enter.emit(event);
        })
    };
    html! {
        <form class="form-section leave-form" ref={form_ref} {onkeydown}
            onsubmit={save.reform(|event: SubmitEvent| event.prevent_default())}>
            <legend>{ "Record a leave request" }</legend>
            if let Some(message) = &form.errors.general {
                <p class="banner error" role="alert">{ message }</p>
            }
            <div class="form-grid">
                <StudentPicker label="Student" name="student_id" chosen={(*student).clone()}
                    on_choose={choose_student} error={form.field("student_id")} node_ref={first} />
                <Field label="From" name="starts_on" value={draft.0.starts_on.clone()}
                    placeholder="dd/mm/yyyy" error={form.field("starts_on")}
                    oninput={form.edit(&draft, "starts_on", |d, v| d.starts_on = v)} />
                <Field label="To" name="ends_on" value={draft.0.ends_on.clone()}
                    placeholder="dd/mm/yyyy" hint="Empty for one day" error={form.field("ends_on")}
                    oninput={form.edit(&draft, "ends_on", |d, v| d.ends_on = v)} />
                <Field label="Asked by" name="requested_by" value={draft.0.requested_by.clone()}
                    placeholder="Mother (phone call)" error={form.field("requested_by")}
                    oninput={form.edit(&draft, "requested_by", |d, v| d.requested_by = v)} />
                <Field label="Reason" name="reason" value={draft.0.reason.clone()} class="wide"
                    error={form.field("reason")}
                    oninput={form.edit(&draft, "reason", |d, v| d.reason = v)} />
            </div>
            <div class="actions">
                <button type="submit" class="primary" disabled={*form.busy}>
                    { if *form.busy { "Saving…" } else { "Save leave request" } }<kbd>{ "Enter" }</kbd>
                </button>
                <button type="button" onclick={props.on_cancel.reform(|_| ())}>
                    { "Cancel" }<kbd>{ "Esc" }</kbd>
                </button>
            </div>
        </form>
    }
}
