//! Setting the school up: its academic years (one of them current), its classes with their
//! sections, and how admission numbers are made. For those who may change the school's settings.

use std::rc::Rc;

use campusdesk_shared::ErrorCode;
use campusdesk_shared::office::{AcademicYear, SchoolClass};
use wasm_bindgen_futures::spawn_local;
use web_sys::{HtmlElement, KeyboardEvent};
use yew::prelude::*;

use super::{
    Choice, Draft, Field, Loaded, display_date, edit, enter_saves, esc_cancels, reset, show_error,
    use_form,
};
use crate::shell;

#[derive(Debug, Properties, PartialEq)]
pub struct ClassesAndYearsProps {
    /// Called when the shell says no one is signed in any more.
    pub session_ended: Callback<()>,
}

#[function_component(ClassesAndYears)]
pub fn classes_and_years(props: &ClassesAndYearsProps) -> Html {
    let years = use_state(|| Loaded::<Rc<Vec<AcademicYear>>>::Loading);
    let classes = use_state(|| Loaded::<Rc<Vec<SchoolClass>>>::Loading);
    // Bumped after every change, to read both lists again.
    let reloads = use_state(|| 0_u32);
    let notice = use_state(|| None::<String>);
    // The class just added to, or given a section: marked and scrolled into view, since the
    // list is longer than its box.
    let just_added = use_state(|| None::<String>);
    {
        let just_added = (*just_added).clone();
        use_effect_with(((*classes).clone(), just_added), |(_, just_added)| {
            let row = just_added.as_ref().and_then(|id| {
                web_sys::window()?
                    .document()?
                    .query_selector(&format!("tr[data-class-id=\"{id}\"]"))
                    .ok()
                    .flatten()
            });
            if let Some(row) = row {
                row.scroll_into_view_with_bool(false);
            }
        });
    }
    {
        let (years, classes) = (years.clone(), classes.clone());
        let session_ended = props.session_ended.clone();
        use_effect_with(*reloads, move |_| {
            spawn_local(async move {
                match shell::academic_years().await {
                    Ok(list) => years.set(Loaded::Ready(Rc::new(list))),
                    Err(error) if error.code == ErrorCode::NotSignedIn => {
                        session_ended.emit(());
                        return;
                    }
                    Err(error) => years.set(Loaded::Failed(error.message)),
                }
                match shell::classes().await {
                    Ok(list) => classes.set(Loaded::Ready(Rc::new(list))),
                    Err(error) if error.code == ErrorCode::NotSignedIn => session_ended.emit(()),
                    Err(error) => classes.set(Loaded::Failed(error.message)),
                }
            });
        });
    }
    let reload = {
        let (reloads, notice) = (reloads.clone(), notice.clone());
        Callback::from(move |()| {
            notice.set(None);
            reloads.set(*reloads + 1);
        })
    };
    let make_current = {
        let (reload, notice) = (reload.clone(), notice.clone());
        let session_ended = props.session_ended.clone();
        Callback::from(move |year_id: String| {
            let (reload, notice, session_ended) =
                (reload.clone(), notice.clone(), session_ended.clone());
            spawn_local(async move {
                match shell::set_current_year(&year_id).await {
                    Ok(()) => reload.emit(()),
                    Err(error) if error.code == ErrorCode::NotSignedIn => session_ended.emit(()),
                    Err(error) => notice.set(Some(error.message)),
                }
            });
        })
    };
    let class_added = {
        let (reload, just_added) = (reload.clone(), just_added.clone());
        Callback::from(move |class_id: String| {
            just_added.set(Some(class_id));
            reload.emit(());
        })
    };
    let latest_year = match &*years {
        Loaded::Ready(list) => list.first().cloned(),
        _ => None,
    };
    let class_list = match &*classes {
        Loaded::Ready(list) => list.clone(),
        _ => Rc::default(),
    };

    html! {
        <div class="settings">
            <header class="toolbar">
                <h1>{ "Classes and years" }</h1>
            </header>
            if let Some(message) = &*notice {
                <p class="banner error page-banner" role="alert">{ message }</p>
            }
            <div class="settings-body">
                <div class="settings-column">
                    <section class="panel years">
                        <h2>{ "Academic years" }</h2>
                        { match &*years {
                            Loaded::Loading => html! { <p class="muted">{ "Loading…" }</p> },
                            Loaded::Failed(message) => html! { <p class="banner error">{ message }</p> },
                            Loaded::Ready(list) => year_table(list, &make_current),
                        } }
                        <YearForm latest={latest_year} on_added={reload.clone()}
                            session_ended={props.session_ended.clone()} />
                    </section>
                    <section class="panel">
                        <h2>{ "Admission numbers" }</h2>
                        <PatternForm session_ended={props.session_ended.clone()} />
                    </section>
                </div>
                <section class="panel classes">
                    <h2>{ "Classes and sections" }</h2>
                    <div class="classes-wrap">
                        { match &*classes {
                            Loaded::Loading => html! { <p class="muted">{ "Loading…" }</p> },
                            Loaded::Failed(message) => html! { <p class="banner error">{ message }</p> },
                            Loaded::Ready(list) if list.is_empty() => html! {
                                <p class="muted">{ "No classes yet: add the first below." }</p>
                            },
                            Loaded::Ready(list) => class_table(list, just_added.as_deref()),
                        } }
                    </div>
                    <ClassForm on_added={class_added.clone()} session_ended={props.session_ended.clone()} />
                    <SectionForm classes={class_list} on_added={class_added}
                        session_ended={props.session_ended.clone()} />
                </section>
            </div>
        </div>
    }
}

fn year_table(years: &[AcademicYear], make_current: &Callback<String>) -> Html {
    if years.is_empty() {
        return html! { <p class="muted">{ "No academic year yet: add the first below." }</p> };
    }
    html! {
        <table class="grid compact year-list">
            <thead>
                <tr><th>{ "Year" }</th><th>{ "Starts" }</th><th>{ "Ends" }</th><th></th></tr>
            </thead>
            <tbody>
                { for years.iter().map(|year| {
                    let id = year.id.clone();
                    html! {
                        <tr key={year.id.clone()} data-year={year.name.clone()}
                            class={classes!(year.is_current.then_some("current"))}>
                            <td class="name">{ &year.name }</td>
                            <td class="date">{ display_date(&year.starts_on) }</td>
                            <td class="date">{ display_date(&year.ends_on) }</td>
                            <td class="row-actions">
                                if year.is_current {
                                    <span class="status active">{ "Current year" }</span>
                                } else {
                                    <button type="button" class="small"
                                        onclick={make_current.reform(move |_| id.clone())}>
                                        { "Make current" }
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

fn class_table(classes: &[SchoolClass], just_added: Option<&str>) -> Html {
    html! {
        <table class="grid compact class-list">
            <thead>
                <tr><th>{ "Class" }</th><th>{ "Sections" }</th></tr>
            </thead>
            <tbody>
                { for classes.iter().map(|class| html! {
                    <tr key={class.id.clone()} data-class={class.name.clone()} data-class-id={class.id.clone()}
                        class={classes!((just_added == Some(class.id.as_str())).then_some("just-added"))}>
                        <td class="name">{ &class.name }</td>
                        <td class="sections">
                            if class.sections.is_empty() {
                                <span class="muted">{ "No sections" }</span>
                            }
                            { for class.sections.iter().map(|section| html! {
                                <span class="tag" key={section.id.clone()}>{ &section.name }</span>
                            }) }
                        </td>
                    </tr>
                }) }
            </tbody>
        </table>
    }
}

/// A key handler for the small forms that stay on the screen: Enter adds, Esc empties.
fn form_keys(save: Callback<()>, clear: Callback<()>) -> Callback<KeyboardEvent> {
    let (enter, esc) = (enter_saves(save), esc_cancels(clear));
    Callback::from(move |event: KeyboardEvent| {
        enter.emit(event.clone());
        esc.emit(event);
    })
}

/// Puts the keyboard back on a form's first field, ready for the next entry.
fn refocus(node: &NodeRef) {
    if let Some(input) = node.cast::<HtmlElement>() {
        let _ = input.focus();
    }
}

#[derive(Debug, Clone, PartialEq, Default)]
struct YearDraft {
    name: String,
    starts_on: String,
    ends_on: String,
}

#[derive(Debug, Properties, PartialEq)]
struct YearFormProps {
    /// The latest year so far, from which the form suggests the next.
    latest: Option<AcademicYear>,
    on_added: Callback<()>,
    session_ended: Callback<()>,
}

#[function_component(YearForm)]
fn year_form(props: &YearFormProps) -> Html {
    let draft = use_reducer(Draft::<YearDraft>::default);
    let form_ref = use_node_ref();
    let form = use_form(form_ref.clone(), props.session_ended.clone());
    let first = use_node_ref();
    let save = {
        let (draft, form, first) = (draft.clone(), form.clone(), first.clone());
        let on_added = props.on_added.clone();
        Callback::from(move |()| {
            let YearDraft {
                name,
                starts_on,
                ends_on,
            } = draft.0.clone();
            let (draft, first, on_added) = (draft.clone(), first.clone(), on_added.clone());
            form.submit(
                async move { shell::add_academic_year(&name, &starts_on, &ends_on).await },
                move |_| {
                    reset(&draft);
                    refocus(&first);
                    on_added.emit(());
                },
            );
        })
    };
    let clear = form.clear_with(&draft);
    let on = |name: &'static str, apply: fn(&mut YearDraft, String)| form.edit(&draft, name, apply);
    // The year after the latest, as a suggestion in the empty fields.
    let (name_hint, starts_hint, ends_hint) = match props.latest.as_ref().and_then(next_year) {
        Some((name, starts, ends)) => (
            AttrValue::from(name),
            AttrValue::from(starts),
            AttrValue::from(ends),
        ),
        None => (
            AttrValue::Static("e.g. 2026-27"),
            AttrValue::Static("dd/mm/yyyy"),
            AttrValue::Static("dd/mm/yyyy"),
        ),
    };
    let value = |text: &str| AttrValue::from(text.to_owned());
    html! {
        <form class="add-form" ref={form_ref} novalidate=true onkeydown={form_keys(save.clone(), clear)}
            onsubmit={save.reform(|event: SubmitEvent| event.prevent_default())}>
            <h3>{ "Add a year" }</h3>
            if let Some(message) = &form.errors.general {
                <p class="banner error" role="alert">{ message }</p>
            }
            <div class="inline-form">
                <Field label="Name" name="year_name" node_ref={first}
                    placeholder={name_hint}
                    value={value(&draft.0.name)} error={form.field("name")}
                    oninput={on("name", |d, v| d.name = v)} />
                <Field label="Starts on" name="starts_on"
                    placeholder={starts_hint}
                    value={value(&draft.0.starts_on)} error={form.field("starts_on")}
                    oninput={on("starts_on", |d, v| d.starts_on = v)} />
                <Field label="Ends on" name="ends_on"
                    placeholder={ends_hint}
                    value={value(&draft.0.ends_on)} error={form.field("ends_on")}
                    oninput={on("ends_on", |d, v| d.ends_on = v)} />
                <button type="submit" disabled={*form.busy}>{ "Add year" }</button>
            </div>
        </form>
    }
}

/// The school year after `year` when it runs April to March, as (name, starts, ends) in the
/// office's writing, e.g. ("2027-28", "01/04/2027", "31/03/2028"); `None` for other calendars.
fn next_year(year: &AcademicYear) -> Option<(String, String, String)> {
    let ends: i32 = year.ends_on.strip_suffix("-03-31")?.parse().ok()?;
    Some((
        format!("{ends}-{:02}", (ends + 1) % 100),
        format!("01/04/{ends}"),
        format!("31/03/{}", ends + 1),
    ))
}

#[derive(Debug, Properties, PartialEq)]
struct ClassFormProps {
    /// Called with the new class's id.
    on_added: Callback<String>,
    session_ended: Callback<()>,
}

#[function_component(ClassForm)]
fn class_form(props: &ClassFormProps) -> Html {
    let name = use_state(String::new);
    let form_ref = use_node_ref();
    let form = use_form(form_ref.clone(), props.session_ended.clone());
    let input_ref = use_node_ref();
    let save = {
        let (name, form, input_ref) = (name.clone(), form.clone(), input_ref.clone());
        let on_added = props.on_added.clone();
        Callback::from(move |()| {
            let typed = (*name).clone();
            let (name, input_ref, on_added) = (name.clone(), input_ref.clone(), on_added.clone());
            form.submit(async move { shell::add_class(&typed).await }, move |id| {
                name.set(String::new());
                refocus(&input_ref);
                on_added.emit(id);
            });
        })
    };
    let clear = {
        let (name, form) = (name.clone(), form.clone());
        Callback::from(move |()| {
            name.set(String::new());
            form.clear();
        })
    };
    let oninput = {
        let (name, form) = (name.clone(), form.clone());
        Callback::from(move |value: String| {
            form.forget("name");
            name.set(value);
        })
    };
    html! {
        <form class="add-form" ref={form_ref} novalidate=true onkeydown={form_keys(save.clone(), clear)}
            onsubmit={save.reform(|event: SubmitEvent| event.prevent_default())}>
            <h3>{ "Add a class" }</h3>
            if let Some(message) = &form.errors.general {
                <p class="banner error" role="alert">{ message }</p>
            }
            <div class="inline-form">
                <Field label="Class" name="class_name" node_ref={input_ref} placeholder="e.g. Pre-KG"
                    hint="It goes after the last class"
                    value={AttrValue::from((*name).clone())} error={form.field("name")} {oninput} />
                <button type="submit" disabled={*form.busy}>{ "Add class" }</button>
            </div>
        </form>
    }
}

#[derive(Debug, Clone, PartialEq, Default)]
struct SectionDraft {
    class_id: String,
    name: String,
}

#[derive(Debug, Properties, PartialEq)]
struct SectionFormProps {
    classes: Rc<Vec<SchoolClass>>,
    /// Called with the id of the class that has the new section.
    on_added: Callback<String>,
    session_ended: Callback<()>,
}

#[function_component(SectionForm)]
fn section_form(props: &SectionFormProps) -> Html {
    let draft = use_reducer(Draft::<SectionDraft>::default);
    let form_ref = use_node_ref();
    let form = use_form(form_ref.clone(), props.session_ended.clone());
    let save = {
        let (draft, form) = (draft.clone(), form.clone());
        let on_added = props.on_added.clone();
        Callback::from(move |()| {
            let SectionDraft { class_id, name } = draft.0.clone();
            if class_id.is_empty() {
                form.refuse("section_class", "Choose the class the section belongs to");
                return;
            }
            let on_added = on_added.clone();
            // The class stays chosen, for adding its next section.
            let clear_name = edit(&draft, |d, _| d.name.clear());
            let added_to = class_id.clone();
            form.submit(
                async move { shell::add_section(&class_id, &name).await },
                move |_| {
                    clear_name.emit(String::new());
                    on_added.emit(added_to);
                },
            );
        })
    };
    let clear = form.clear_with(&draft);
    let on =
        |name: &'static str, apply: fn(&mut SectionDraft, String)| form.edit(&draft, name, apply);
    let options: Vec<(AttrValue, AttrValue)> = props
        .classes
        .iter()
        .map(|class| {
            (
                AttrValue::from(class.id.clone()),
                AttrValue::from(class.name.clone()),
            )
        })
        .collect();
    html! {
        <form class="add-form" ref={form_ref} novalidate=true onkeydown={form_keys(save.clone(), clear)}
            onsubmit={save.reform(|event: SubmitEvent| event.prevent_default())}>
            <h3>{ "Add a section" }</h3>
            if let Some(message) = &form.errors.general {
                <p class="banner error" role="alert">{ message }</p>
            }
            <div class="inline-form">
                <Choice label="Class" name="section_class" empty="Choose…" {options}
                    value={AttrValue::from(draft.0.class_id.clone())} error={form.field("section_class")}
                    onchange={on("section_class", |d, v| d.class_id = v)} />
                <Field label="Section" name="section_name" placeholder="e.g. B"
                    value={AttrValue::from(draft.0.name.clone())} error={form.field("name")}
                    oninput={on("name", |d, v| d.name = v)} />
                <button type="submit" disabled={*form.busy}>{ "Add section" }</button>
            </div>
        </form>
    }
}

#[derive(Debug, Properties, PartialEq)]
struct PatternFormProps {
    session_ended: Callback<()>,
}

/// How admission numbers are made, with the next number it gives as a check.
#[function_component(PatternForm)]
fn pattern_form(props: &PatternFormProps) -> Html {
    let pattern = use_state(String::new);
    // The next admission number under the saved pattern; empty until known (or when the role
    // may not admit, which is the only reason to be refused it here).
    let next_number = use_state(String::new);
    let saved = use_state(|| false);
    let reloads = use_state(|| 0_u32);
    let form_ref = use_node_ref();
    let form = use_form(form_ref.clone(), props.session_ended.clone());
    {
        let (pattern, next_number, errors) =
            (pattern.clone(), next_number.clone(), form.errors.clone());
        let session_ended = props.session_ended.clone();
        let first_load = *reloads == 0;
        use_effect_with(*reloads, move |_| {
            spawn_local(async move {
                if first_load {
                    match shell::admission_pattern().await {
                        Ok(stored) => pattern.set(stored),
                        Err(error) => {
                            show_error(&error, &errors, &session_ended);
                            return;
                        }
                    }
                }
                next_number.set(shell::suggest_admission_no().await.unwrap_or_default());
            });
        });
    }
    let save = {
        let (pattern, form, saved, reloads) = (
            pattern.clone(),
            form.clone(),
            saved.clone(),
            reloads.clone(),
        );
        Callback::from(move |()| {
            let typed = (*pattern).clone();
            let (saved, reloads) = (saved.clone(), reloads.clone());
            form.submit(
                async move { shell::set_admission_pattern(&typed).await },
                move |()| {
                    saved.set(true);
                    reloads.set(*reloads + 1);
                },
            );
        })
    };
    let oninput = {
        let (pattern, form, saved) = (pattern.clone(), form.clone(), saved.clone());
        Callback::from(move |value: String| {
            form.forget("admission_pattern");
            saved.set(false);
            pattern.set(value);
        })
    };
    let hint = match (next_number.is_empty(), *saved) {
        (true, _) => None,
        (false, true) => Some(format!(
            "Saved. The next admission number is {}",
            *next_number
        )),
        (false, false) => Some(format!("The next admission number is {}", *next_number)),
    }
    .map(AttrValue::from);
    html! {
        <form class="add-form" ref={form_ref} novalidate=true onkeydown={enter_saves(save.clone())}
            onsubmit={save.reform(|event: SubmitEvent| event.prevent_default())}>
            if let Some(message) = &form.errors.general {
                <p class="banner error" role="alert">{ message }</p>
            }
            <p class="muted pattern-help">
                { "{CAMPUS} is the campus code, {YYYY} or {YY} the year of admission, {N:5} the running number in 5 digits." }
            </p>
            <div class="inline-form">
                <Field label="Pattern" name="admission_pattern" class={classes!("grow")}
                    value={AttrValue::from((*pattern).clone())} error={form.field("admission_pattern")}
                    {hint} {oninput} />
                <button type="submit" disabled={*form.busy}>{ "Save pattern" }</button>
            </div>
        </form>
    }
}
