//! The campus's attendance calendar: daily or per-period registers, the weekly days off, the
//! holidays, and which sections each teacher takes.

use std::rc::Rc;

use campusdesk_shared::ErrorCode;
use campusdesk_shared::attendance::{
    AttendanceMode, AttendanceSettings, Holiday, HolidayInput, RegisterSection, TeacherSection,
};
use campusdesk_shared::office::{SessionInfo, UserRow};
use web_sys::{HtmlInputElement, HtmlSelectElement, KeyboardEvent};
use yew::prelude::*;

use super::super::{
    Choice, Draft, Field, Loaded, allowed, display_date, enter_saves, esc_cancels, use_form,
};
use crate::shell;

/// The weekdays as the core keys them, with their names.
const WEEKDAYS: [(&str, &str); 7] = [
    ("mon", "Monday"),
    ("tue", "Tuesday"),
    ("wed", "Wednesday"),
    ("thu", "Thursday"),
    ("fri", "Friday"),
    ("sat", "Saturday"),
    ("sun", "Sunday"),
];

#[derive(Debug, Properties, PartialEq)]
pub struct AttendanceCalendarProps {
    pub session: SessionInfo,
    pub session_ended: Callback<()>,
}

#[function_component(AttendanceCalendar)]
pub fn attendance_calendar(props: &AttendanceCalendarProps) -> Html {
    let can_settle = allowed(&props.session, "school.settings");
    let can_assign = allowed(&props.session, "teachers.edit");
    html! {
        <div class="settings calendar">
            <header class="toolbar"><h1>{ "Attendance calendar" }</h1></header>
            <div class="settings-body">
                <div class="settings-column">
                    if can_settle {
                        <RegisterRules session_ended={props.session_ended.clone()} />
                        <Holidays session_ended={props.session_ended.clone()} />
                    }
                </div>
                <div class="settings-column">
                    if can_assign {
                        <TeachersSections session_ended={props.session_ended.clone()} />
                    }
                </div>
            </div>
        </div>
    }
}

#[derive(Debug, Properties, PartialEq)]
struct PanelProps {
    session_ended: Callback<()>,
}

#[function_component(RegisterRules)]
fn register_rules(props: &PanelProps) -> Html {
    let settings = use_state(|| None::<AttendanceSettings>);
    let outcome = use_state(|| None::<Result<String, String>>);
    let form_ref = use_node_ref();
    let form = use_form(form_ref.clone(), props.session_ended.clone());
    {
        let settings = settings.clone();
        let session_ended = props.session_ended.clone();
        use_effect_with((), move |()| {
            wasm_bindgen_futures::spawn_local(async move {
                match shell::attendance_settings().await {
                    Ok(loaded) => settings.set(Some(loaded)),
                    Err(error) if error.code == ErrorCode::NotSignedIn => session_ended.emit(()),
                    Err(_) => {}
                }
            });
        });
    }
    let Some(current) = (*settings).clone() else {
        return html! { <section class="panel"><p class="muted">{ "Loading…" }</p></section> };
    };
    let update = {
        let (settings, outcome) = (settings.clone(), outcome.clone());
        move |change: Box<dyn Fn(&mut AttendanceSettings)>| {
            if let Some(mut next) = (*settings).clone() {
                change(&mut next);
                outcome.set(None);
                settings.set(Some(next));
            }
        }
    };
    let save = {
        let (settings, outcome, form) = (settings.clone(), outcome.clone(), form.clone());
        Callback::from(move |()| {
            let Some(rules) = (*settings).clone() else {
                return;
            };
            let outcome = outcome.clone();
            form.submit(
                async move { shell::set_attendance_settings(&rules).await },
                move |()| {
                    outcome.set(Some(Ok("Saved.".to_owned())));
                },
            );
        })
    };
    let per_period = current.mode == AttendanceMode::PerPeriod;
    html! {
        <section class="panel register-rules">
            <h2>{ "Registers" }</h2>
            <form ref={form_ref} onkeydown={enter_saves(save.clone())}
                onsubmit={save.reform(|event: SubmitEvent| event.prevent_default())}>
                if let Some(message) = &form.errors.general {
                    <p class="banner error" role="alert">{ message }</p>
                }
                <div class="inline-form">
                    <Choice label="Taken" name="mode" value={if per_period { "period" } else { "daily" }}
                        empty="Choose…" error={form.field("mode")}
                        options={vec![("daily".into(), "Once a day".into()), ("period".into(), "Every period".into())]}
                        onchange={{
                            let update = update.clone();
                            Callback::from(move |value: String| update(Box::new(move |s| {
                                s.mode = if value == "period" { AttendanceMode::PerPeriod } else { AttendanceMode::Daily };
                            })))
                        }} />
                    if per_period {
                        <Field label="Periods a day" name="periods_per_day" kind="number"
                            value={current.periods_per_day.to_string()} error={form.field("periods_per_day")}
                            oninput={{
                                let update = update.clone();
                                Callback::from(move |value: String| update(Box::new(move |s| {
                                    s.periods_per_day = value.parse().unwrap_or(0);
                                })))
                            }} />
                    }
                </div>
                <fieldset class="weekly-offs">
                    <legend>{ "Weekly days off" }</legend>
                    { for WEEKDAYS.iter().map(|(key, name)| {
                        let checked = current.weekly_offs.iter().any(|d| d == key);
                        let update = update.clone();
                        let key = (*key).to_owned();
                        html! {
                            <label class="check inline">
                                <input type="checkbox" name={format!("off-{key}")} {checked}
                                    onchange={move |event: Event| {
                                        let on = event.target_unchecked_into::<HtmlInputElement>().checked();
                                        let key = key.clone();
                                        update(Box::new(move |s| {
                                            s.weekly_offs.retain(|d| *d != key);
                                            if on { s.weekly_offs.push(key.clone()); }
                                        }));
                                    }} />
                                <span>{ *name }</span>
                            </label>
                        }
                    }) }
                    if let Some(message) = form.field("weekly_offs") {
                        <span class="field-error">{ message }</span>
                    }
                </fieldset>
                <div class="actions">
                    <button type="submit" class="primary" disabled={*form.busy}>{ "Save" }</button>
                    if let Some(Ok(message)) = &*outcome {
                        <span class="saved" role="status">{ message }</span>
                    }
                </div>
            </form>
        </section>
    }
}

#[function_component(Holidays)]
fn holidays(props: &PanelProps) -> Html {
    let list = use_state(|| Loaded::<Rc<Vec<Holiday>>>::Loading);
    let reloads = use_state(|| 0_u32);
    let draft = use_reducer(Draft::<HolidayInput>::default);
    let form_ref = use_node_ref();
    let form = use_form(form_ref.clone(), props.session_ended.clone());
    {
        let list = list.clone();
        let session_ended = props.session_ended.clone();
        use_effect_with(*reloads, move |_| {
            wasm_bindgen_futures::spawn_local(async move {
                match shell::holidays().await {
                    Ok(rows) => list.set(Loaded::Ready(Rc::new(rows))),
                    Err(error) if error.code == ErrorCode::NotSignedIn => session_ended.emit(()),
                    Err(error) => list.set(Loaded::Failed(error.message)),
                }
            });
        });
    }
    let add = {
        let (draft, form, reloads) = (draft.clone(), form.clone(), reloads.clone());
        Callback::from(move |()| {
            let input = draft.0.clone();
            let (reloads, clear) = (reloads.clone(), form.clear_with(&draft));
            form.submit(async move { shell::add_holiday(&input).await }, move |_| {
                clear.emit(());
                reloads.set(*reloads + 1);
            });
        })
    };
    let remove = {
        let (reloads, form) = (reloads.clone(), form.clone());
        Callback::from(move |id: String| {
            let reloads = reloads.clone();
            form.submit(async move { shell::remove_holiday(&id).await }, move |()| {
                reloads.set(*reloads + 1);
            });
        })
    };
    let onkeydown = {
        let (enter, esc) = (
            enter_saves(add.clone()),
            esc_cancels(form.clear_with(&draft)),
        );
        Callback::from(move |event: KeyboardEvent| {
            esc.emit(event.clone());
            enter.emit(event);
        })
    };
    html! {
        <section class="panel holidays">
            <h2>{ "Holidays" }</h2>
            <form class="inline-form" ref={form_ref} {onkeydown}
                onsubmit={add.reform(|event: SubmitEvent| event.prevent_default())}>
                <Field label="Holiday" name="name" value={draft.0.name.clone()} class="grow"
                    placeholder="Diwali" error={form.field("name")}
                    oninput={form.edit(&draft, "name", |d, v| d.name = v)} />
                <Field label="From" name="starts_on" value={draft.0.starts_on.clone()}
                    placeholder="dd/mm/yyyy" error={form.field("starts_on")}
                    oninput={form.edit(&draft, "starts_on", |d, v| d.starts_on = v)} />
                <Field label="To" name="ends_on" value={draft.0.ends_on.clone()}
                    placeholder="one day" error={form.field("ends_on")}
                    oninput={form.edit(&draft, "ends_on", |d, v| d.ends_on = v)} />
                <button type="submit" class="primary" disabled={*form.busy}>{ "Add" }</button>
            </form>
            if let Some(message) = &form.errors.general {
                <p class="banner error" role="alert">{ message }</p>
            }
            { match &*list {
                Loaded::Loading => html! { <p class="muted">{ "Loading…" }</p> },
                Loaded::Failed(message) => html! { <p class="banner error">{ message }</p> },
                Loaded::Ready(rows) if rows.is_empty() => html! { <p class="muted">{ "No holidays yet." }</p> },
                Loaded::Ready(rows) => html! {
                    <table class="grid compact holiday-list">
                        <thead><tr><th>{ "Holiday" }</th><th>{ "From" }</th><th>{ "To" }</th><th></th></tr></thead>
                        <tbody>
                            { for rows.iter().map(|row| {
                                let id = row.id.clone();
                                html! {
                                    <tr key={row.id.clone()}>
                                        <td class="name">{ &row.name }</td>
                                        <td class="date">{ display_date(&row.starts_on) }</td>
                                        <td class="date">{ if row.ends_on.is_empty() { String::new() } else { display_date(&row.ends_on) } }</td>
                                        <td class="row-actions">
                                            <button type="button" class="small" onclick={remove.reform(move |_| id.clone())}>{ "Remove" }</button>
                                        </td>
                                    </tr>
                                }
                            }) }
                        </tbody>
                    </table>
                },
            } }
        </section>
    }
}

#[function_component(TeachersSections)]
fn teachers_sections(props: &PanelProps) -> Html {
    let teachers = use_state(|| Rc::new(Vec::<UserRow>::new()));
    let sections = use_state(|| Rc::new(Vec::<RegisterSection>::new()));
    let assigned = use_state(|| Loaded::<Rc<Vec<TeacherSection>>>::Loading);
    let reloads = use_state(|| 0_u32);
    let teacher = use_state(String::new);
    let section = use_state(String::new);
    let message = use_state(|| None::<String>);
    {
        let (teachers, sections) = (teachers.clone(), sections.clone());
        use_effect_with((), move |()| {
            wasm_bindgen_futures::spawn_local(async move {
                if let Ok(users) = shell::users().await {
                    let only: Vec<UserRow> = users
                        .into_iter()
                        .filter(|u| u.active && u.role == "teacher")
                        .collect();
                    teachers.set(Rc::new(only));
                }
                if let Ok(listed) = shell::register_sections().await {
                    sections.set(Rc::new(listed));
                }
            });
        });
    }
    {
        let assigned = assigned.clone();
        let session_ended = props.session_ended.clone();
        use_effect_with(*reloads, move |_| {
            wasm_bindgen_futures::spawn_local(async move {
                match shell::teacher_sections(None).await {
                    Ok(rows) => assigned.set(Loaded::Ready(Rc::new(rows))),
                    Err(error) if error.code == ErrorCode::NotSignedIn => session_ended.emit(()),
                    Err(error) => assigned.set(Loaded::Failed(error.message)),
                }
            });
        });
    }
    let change = {
        let (reloads, message) = (reloads.clone(), message.clone());
        Callback::from(
            move |(user_id, section_id, assign): (String, String, bool)| {
                let (reloads, message) = (reloads.clone(), message.clone());
                wasm_bindgen_futures::spawn_local(async move {
                    match shell::assign_teacher(&user_id, &section_id, assign).await {
                        Ok(()) => {
                            message.set(None);
                            reloads.set(*reloads + 1);
                        }
                        Err(error) => message.set(Some(error.message)),
                    }
                });
            },
        )
    };
    let assign = {
        let (teacher, section, change, message) = (
            teacher.clone(),
            section.clone(),
            change.clone(),
            message.clone(),
        );
        Callback::from(move |_: MouseEvent| {
            if teacher.is_empty() || section.is_empty() {
                message.set(Some("Choose a teacher and a section".to_owned()));
                return;
            }
            change.emit(((*teacher).clone(), (*section).clone(), true));
        })
    };
    let select = |state: &UseStateHandle<String>| {
        let state = state.clone();
        Callback::from(move |event: Event| {
            state.set(event.target_unchecked_into::<HtmlSelectElement>().value());
        })
    };
    html! {
        <section class="panel teachers-sections">
            <h2>{ "Teachers' sections" }</h2>
            <p class="muted">{ "A teacher takes registers only for the sections assigned here." }</p>
            <div class="inline-form">
                <div class="field">
                    <label for="assign-teacher">{ "Teacher" }</label>
                    <select id="assign-teacher" name="teacher" onchange={select(&teacher)}>
                        <option value="" selected={teacher.is_empty()}>{ "Choose…" }</option>
                        { for teachers.iter().map(|t| html! {
                            <option value={t.id.clone()} selected={*teacher == t.id}>{ format!("{} ({})", t.full_name, t.username) }</option>
                        }) }
                    </select>
                </div>
                <div class="field">
                    <label for="assign-section">{ "Section" }</label>
                    <select id="assign-section" name="section" onchange={select(&section)}>
                        <option value="" selected={section.is_empty()}>{ "Choose…" }</option>
                        { for sections.iter().map(|s| html! {
                            <option value={s.section_id.clone()} selected={*section == s.section_id}>{ &s.label }</option>
                        }) }
                    </select>
                </div>
                <button type="button" class="primary" onclick={assign}>{ "Assign" }</button>
            </div>
            if let Some(message) = &*message {
                <p class="banner error" role="alert">{ message }</p>
            }
            { match &*assigned {
                Loaded::Loading => html! { <p class="muted">{ "Loading…" }</p> },
                Loaded::Failed(message) => html! { <p class="banner error">{ message }</p> },
                Loaded::Ready(rows) if rows.is_empty() => html! { <p class="muted">{ "No sections assigned yet." }</p> },
                Loaded::Ready(rows) => html! {
                    <table class="grid compact">
                        <thead><tr><th>{ "Teacher" }</th><th>{ "Section" }</th><th></th></tr></thead>
                        <tbody>
                            { for rows.iter().map(|row| {
                                let key = (row.user_id.clone(), row.section_id.clone(), false);
                                html! {
                                    <tr>
                                        <td>{ &row.username }</td>
                                        <td>{ &row.section_label }</td>
                                        <td class="row-actions">
                                            <button type="button" class="small" onclick={change.reform(move |_| key.clone())}>{ "Remove" }</button>
                                        </td>
                                    </tr>
                                }
                            }) }
                        </tbody>
                    </table>
                },
            } }
        </section>
    }
}
