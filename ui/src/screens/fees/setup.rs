//! Setting fees up: the fee heads, a class's fee structure for a year (its heads with how
//! often and how much, the due day, the late fine), the structures already set up, and
//! concessions for a student or a category of students.

use std::rc::Rc;

use campusdesk_shared::ErrorCode;
use campusdesk_shared::fees::{
    Concession, ConcessionInput, ConcessionKind, FeeFrequency, FeeHead, FeeLineInput, FeeStructure,
    FeeStructureInput, FineKind, FineRule,
};
use campusdesk_shared::office::{AcademicYear, SchoolClass, SessionInfo, StudentRow};
use wasm_bindgen_futures::spawn_local;
use web_sys::KeyboardEvent;
use yew::prelude::*;

use super::super::student_picker::StudentPicker;
use super::super::{
    Choice, Draft, Field, allowed, enter_saves, esc_cancels, group_thousands, parse_rupees, reset,
    rupees, use_form,
};
use crate::shell;

#[derive(Debug, Properties, PartialEq)]
pub struct FeeSetupProps {
    pub session: SessionInfo,
    pub session_ended: Callback<()>,
}

/// What the set-up forms choose from, read once when the screen opens and again after a change.
#[derive(Debug, Clone, PartialEq, Default)]
struct Lists {
    heads: Rc<Vec<FeeHead>>,
    classes: Rc<Vec<SchoolClass>>,
    years: Rc<Vec<AcademicYear>>,
    structures: Rc<Vec<FeeStructure>>,
}

#[function_component(FeeSetup)]
pub fn fee_setup(props: &FeeSetupProps) -> Html {
    let can_edit = allowed(&props.session, "fees.edit");
    let can_waive = allowed(&props.session, "fees.waive");
    let lists = use_state(Lists::default);
    let reloads = use_state(|| 0_u32);
    let notice = use_state(|| None::<String>);
    {
        let lists = lists.clone();
        let session_ended = props.session_ended.clone();
        use_effect_with(*reloads, move |_| {
            spawn_local(async move {
                let answers = (
                    shell::fee_heads().await,
                    shell::classes().await,
                    shell::academic_years().await,
                    shell::fee_structures(None).await,
                );
                match answers {
                    (Ok(heads), Ok(classes), Ok(years), Ok(structures)) => lists.set(Lists {
                        heads: Rc::new(heads),
                        classes: Rc::new(classes),
                        years: Rc::new(years),
                        structures: Rc::new(structures),
                    }),
                    (Err(error), ..)
                    | (_, Err(error), ..)
                    | (_, _, Err(error), _)
                    | (.., Err(error))
                        if error.code == ErrorCode::NotSignedIn =>
                    {
                        session_ended.emit(())
                    }
                    _ => {}
                }
            });
        });
    }
    let changed = {
        let (reloads, notice) = (reloads.clone(), notice.clone());
        Callback::from(move |message: String| {
            notice.set(Some(message));
            reloads.set(*reloads + 1);
        })
    };
    html! {
        <div class="settings fee-setup">
            <header class="toolbar"><h1>{ "Fee setup" }</h1></header>
            if let Some(message) = &*notice {
                <p class="banner success page-banner" role="status">{ message }</p>
            }
            <div class="settings-body">
                <div class="settings-column">
                    if can_edit {
                        <HeadsPanel heads={lists.heads.clone()} on_added={changed.clone()}
                            session_ended={props.session_ended.clone()} />
                    }
                    { structures_panel(&lists) }
                </div>
                <div class="settings-column">
                    if can_edit {
                        <StructureForm lists={(*lists).clone()} on_created={changed.clone()}
                            session_ended={props.session_ended.clone()} />
                    }
                    if can_waive {
                        <ConcessionPanel heads={lists.heads.clone()} on_granted={changed.clone()}
                            session_ended={props.session_ended.clone()} />
                    }
                </div>
            </div>
        </div>
    }
}

// ---------------------------------------------------------------------------------------------
// Fee heads

#[derive(Debug, Clone, PartialEq, Default)]
struct HeadDraft {
    name: String,
}

#[derive(Debug, Properties, PartialEq)]
struct HeadsPanelProps {
    heads: Rc<Vec<FeeHead>>,
    on_added: Callback<String>,
    session_ended: Callback<()>,
}

#[function_component(HeadsPanel)]
fn heads_panel(props: &HeadsPanelProps) -> Html {
    let form_ref = use_node_ref();
    let draft = use_reducer(Draft::<HeadDraft>::default);
    let form = use_form(form_ref.clone(), props.session_ended.clone());
    let add = {
        let (draft, form, on_added) = (draft.clone(), form.clone(), props.on_added.clone());
        Callback::from(move |()| {
            let name = draft.0.name.clone();
            let (draft, on_added) = (draft.clone(), on_added.clone());
            form.submit(
                {
                    let name = name.clone();
                    async move { shell::add_fee_head(&name).await }
                },
                move |_| {
                    reset(&draft);
                    on_added.emit(format!("Fee head {name} is added."));
                },
            );
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
        <section class="panel fee-heads">
            <h2>{ "Fee heads" }</h2>
            if props.heads.is_empty() {
                <p class="muted">{ "No fee heads yet: add Tuition, Admission, Transport…" }</p>
            } else {
                <p class="head-tags">
                    { for props.heads.iter().map(|head| html! { <span class="tag">{ &head.name }</span> }) }
                </p>
            }
            <form class="inline-form" ref={form_ref} {onkeydown}
                onsubmit={add.reform(|event: SubmitEvent| event.prevent_default())}>
                <Field label="New fee head" name="name" value={draft.0.name.clone()} class="grow"
                    placeholder="e.g. Transport" error={form.field("name")}
                    oninput={form.edit(&draft, "name", |d, v| d.name = v)} />
                <button type="submit" data-action="add-head" disabled={*form.busy}>
                    { "Add head" }<kbd>{ "Enter" }</kbd>
                </button>
            </form>
        </section>
    }
}

// ---------------------------------------------------------------------------------------------
// Structures

fn structures_panel(lists: &Lists) -> Html {
    let year_name = |id: &str| {
        lists
            .years
            .iter()
            .find(|y| y.id == id)
            .map_or_else(String::new, |y| y.name.clone())
    };
    html! {
        <section class="panel fee-structures">
            <h2>{ "Fee structures" }</h2>
            if lists.structures.is_empty() {
                <p class="muted">{ "No class has fees set up yet." }</p>
            } else {
                <table class="grid compact structure-list">
                    <thead>
                        <tr>
                            <th>{ "Class" }</th>
                            <th>{ "Year" }</th>
                            <th>{ "Structure" }</th>
                            <th class="num">{ "Installments" }</th>
                            <th class="num">{ "A year" }</th>
                            <th class="num">{ "Students" }</th>
                        </tr>
                    </thead>
                    <tbody>
                        { for lists.structures.iter().map(|s| {
                            let total: i64 = s.installments.iter().map(|i| i.amount_paise).sum();
                            html! {
                                <tr class={classes!(s.superseded_by.is_some().then_some("superseded"))}
                                    data-structure={s.id.clone()}>
                                    <td class="name">{ &s.class_name }</td>
                                    <td>{ year_name(&s.academic_year_id) }</td>
                                    <td>
                                        { &s.name }
                                        if s.superseded_by.is_some() { <span class="tag">{ "revised" }</span> }
                                    </td>
                                    <td class="num">{ s.installments.len() }</td>
                                    <td class="num">{ rupees(total) }</td>
                                    <td class="num">{ group_thousands(s.students_charged) }</td>
                                </tr>
                            }
                        }) }
                    </tbody>
                </table>
            }
        </section>
    }
}

#[derive(Debug, Clone, PartialEq)]
struct LineDraft {
    head_id: String,
    frequency: String,
    amount: String,
    due_day: String,
}

impl Default for LineDraft {
    fn default() -> Self {
        LineDraft {
            head_id: String::new(),
            frequency: FeeFrequency::Quarterly.as_str().to_owned(),
            amount: String::new(),
            due_day: "10".to_owned(),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
struct StructureDraft {
    class_id: String,
    year_id: String,
    name: String,
    lines: Vec<LineDraft>,
    fine_kind: String,
    fine_amount: String,
    grace_days: String,
    fine_cap: String,
}

impl Default for StructureDraft {
    fn default() -> Self {
        StructureDraft {
            class_id: String::new(),
            year_id: String::new(),
            name: String::new(),
            lines: vec![LineDraft::default()],
            fine_kind: FineKind::None.as_str().to_owned(),
            fine_amount: String::new(),
            grace_days: "0".to_owned(),
            fine_cap: String::new(),
        }
    }
}

/// One change to the structure form. The lines are a list, so a line's edits carry its index
/// (the shared [`Draft`] edits only fixed fields); a reducer applies them in order so no
/// keystroke is lost.
enum StructureEdit {
    Field(fn(&mut StructureDraft, String), String),
    Line(usize, fn(&mut LineDraft, String), String),
    AddLine,
    RemoveLine(usize),
    Clear,
}

impl Reducible for StructureDraft {
    type Action = StructureEdit;

    fn reduce(self: Rc<Self>, action: StructureEdit) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            StructureEdit::Field(apply, value) => apply(&mut next, value),
            StructureEdit::Line(index, apply, value) => {
                if let Some(line) = next.lines.get_mut(index) {
                    apply(line, value);
                }
            }
            StructureEdit::AddLine => next.lines.push(LineDraft::default()),
            StructureEdit::RemoveLine(index) => {
                if next.lines.len() > 1 && index < next.lines.len() {
                    next.lines.remove(index);
                }
            }
            StructureEdit::Clear => next = StructureDraft::default(),
        }
        Rc::new(next)
    }
}

#[derive(Debug, Properties, PartialEq)]
struct StructureFormProps {
    lists: Lists,
    on_created: Callback<String>,
    session_ended: Callback<()>,
}

/// The structure as typed, in paise and numbers, or the first field that does not read.
fn structure_input(draft: &StructureDraft) -> Result<FeeStructureInput, (String, &'static str)> {
    let money = |text: &str, field: String| {
        if text.trim().is_empty() {
            return Ok(0);
        }
        parse_rupees(text).ok_or((field, "Write the amount in rupees, e.g. 4500 or 4,500.50"))
    };
    let mut lines = Vec::new();
    for (index, line) in draft.lines.iter().enumerate() {
        lines.push(FeeLineInput {
            head_id: line.head_id.clone(),
            frequency: FeeFrequency::parse(&line.frequency).unwrap_or(FeeFrequency::OneTime),
            amount_paise: money(&line.amount, format!("lines.{index}.amount_paise"))?,
            due_day: line.due_day.trim().parse().map_err(|_| {
                (
                    format!("lines.{index}.due_day"),
                    "The due day is a day of the month from 1 to 28",
                )
            })?,
        });
    }
    let kind = FineKind::parse(&draft.fine_kind).unwrap_or_default();
    Ok(FeeStructureInput {
        class_id: draft.class_id.clone(),
        academic_year_id: draft.year_id.clone(),
        name: draft.name.clone(),
        lines,
        fine: FineRule {
            kind,
            amount_paise: money(&draft.fine_amount, "fine.amount_paise".to_owned())?,
            grace_days: draft.grace_days.trim().parse().map_err(|_| {
                (
                    "fine.grace_days".to_owned(),
                    "Grace days are a whole number of days",
                )
            })?,
            cap_paise: money(&draft.fine_cap, "fine.cap_paise".to_owned())?,
        },
    })
}

#[function_component(StructureForm)]
fn structure_form(props: &StructureFormProps) -> Html {
    let form_ref = use_node_ref();
    let draft = use_reducer(StructureDraft::default);
    let form = use_form(form_ref.clone(), props.session_ended.clone());
    let field = |name: &'static str, apply: fn(&mut StructureDraft, String)| {
        let (draft, form) = (draft.clone(), form.clone());
        Callback::from(move |value: String| {
            form.forget(name);
            draft.dispatch(StructureEdit::Field(apply, value));
        })
    };
    let line = |index: usize, name: &'static str, apply: fn(&mut LineDraft, String)| {
        let (draft, form) = (draft.clone(), form.clone());
        Callback::from(move |value: String| {
            form.forget(&format!("lines.{index}.{name}"));
            draft.dispatch(StructureEdit::Line(index, apply, value));
        })
    };
    let create = {
        let (draft, form, on_created) = (draft.clone(), form.clone(), props.on_created.clone());
        Callback::from(move |()| {
            let input = match structure_input(&draft) {
                Ok(input) => input,
                Err((field, message)) => {
                    form.refuse(&field, message);
                    return;
                }
            };
            let (draft, on_created) = (draft.clone(), on_created.clone());
            form.submit(
                async move { shell::create_fee_structure(&input).await },
                move |created| {
                    draft.dispatch(StructureEdit::Clear);
                    on_created.emit(format!(
                        "{} is set up for class {} and charged to {} students.",
                        created.name,
                        created.class_name,
                        group_thousands(created.students_charged)
                    ));
                },
            );
        })
    };
    let onkeydown = {
        let draft = draft.clone();
        let (enter, esc) = (
            enter_saves(create.clone()),
            esc_cancels(Callback::from(move |()| {
                draft.dispatch(StructureEdit::Clear)
            })),
        );
        Callback::from(move |event: KeyboardEvent| {
            esc.emit(event.clone());
            enter.emit(event);
        })
    };
    let options = |pairs: Vec<(String, String)>| -> Vec<(AttrValue, AttrValue)> {
        pairs
            .into_iter()
            .map(|(v, t)| (AttrValue::from(v), AttrValue::from(t)))
            .collect()
    };
    let class_options = options(
        props
            .lists
            .classes
            .iter()
            .map(|c| (c.id.clone(), c.name.clone()))
            .collect(),
    );
    let year_options = options(
        props
            .lists
            .years
            .iter()
            .map(|y| (y.id.clone(), y.name.clone()))
            .collect(),
    );
    let head_options = options(
        props
            .lists
            .heads
            .iter()
            .map(|h| (h.id.clone(), h.name.clone()))
            .collect(),
    );
    let frequency_options = options(
        FeeFrequency::ALL
            .iter()
            .map(|f| (f.as_str().to_owned(), f.label().to_owned()))
            .collect(),
    );
    let fine_options = options(vec![
        ("flat".to_owned(), "Once, after the grace days".to_owned()),
        ("per_day".to_owned(), "Per day late".to_owned()),
    ]);
    let fine_kind = FineKind::parse(&draft.fine_kind).unwrap_or_default();
    html! {
        <form class="panel structure-form" ref={form_ref} {onkeydown}
            onsubmit={create.reform(|event: SubmitEvent| event.prevent_default())}>
            <h2>{ "New fee structure" }</h2>
            if let Some(message) = &form.errors.general {
                <p class="banner error" role="alert">{ message }</p>
            }
            <div class="inline-form">
                <Choice label="Class" name="class_id" value={draft.class_id.clone()} options={class_options}
                    empty="Choose…" error={form.field("class_id")}
                    onchange={field("class_id", |d, v| d.class_id = v)} />
                <Choice label="Academic year" name="academic_year_id" value={draft.year_id.clone()}
                    options={year_options} empty="Choose…" error={form.field("academic_year_id")}
                    onchange={field("academic_year_id", |d, v| d.year_id = v)} />
                <Field label="Name" name="name" value={draft.name.clone()} class="grow"
                    placeholder="e.g. Class V 2026-27" error={form.field("name")}
                    oninput={field("name", |d, v| d.name = v)} />
            </div>
            <h3 class="lines-title">{ "Heads" }</h3>
            if let Some(message) = form.field("lines") {
                <p class="field-error">{ message }</p>
            }
            { for draft.lines.iter().enumerate().map(|(index, l)| {
                let names = |part: &str| AttrValue::from(format!("lines.{index}.{part}"));
                html! {
                    <div class="inline-form fee-line" data-line={index.to_string()}>
                        <Choice label="Head" name={names("head_id")} value={l.head_id.clone()}
                            options={head_options.clone()} empty="Choose…" error={form.field(&names("head_id"))}
                            onchange={line(index, "head_id", |l, v| l.head_id = v)} />
                        <Choice label="How often" name={names("frequency")} value={l.frequency.clone()}
                            options={frequency_options.clone()} empty="Choose…" error={form.field(&names("frequency"))}
                            onchange={line(index, "frequency", |l, v| l.frequency = v)} />
                        <Field label="Each installment (₹)" name={names("amount_paise")} value={l.amount.clone()}
                            error={form.field(&names("amount_paise"))}
                            oninput={line(index, "amount_paise", |l, v| l.amount = v)} />
                        <Field label="Due day" name={names("due_day")} value={l.due_day.clone()}
                            error={form.field(&names("due_day"))}
                            oninput={line(index, "due_day", |l, v| l.due_day = v)} />
                        <button type="button" title="Remove this head" disabled={draft.lines.len() == 1}
                            onclick={{ let draft = draft.clone(); move |_| draft.dispatch(StructureEdit::RemoveLine(index)) }}>
                            { "Remove" }
                        </button>
                    </div>
                }
            }) }
            <button type="button" class="add-line" data-action="add-line"
                onclick={{ let draft = draft.clone(); move |_| draft.dispatch(StructureEdit::AddLine) }}>
                { "Add a head" }
            </button>
            <h3 class="lines-title">{ "Late fine" }</h3>
            <div class="inline-form">
                <Choice label="Fine" name="fine.kind" value={if fine_kind == FineKind::None { String::new() } else { draft.fine_kind.clone() }}
                    options={fine_options} empty="No late fine" error={form.field("fine.kind")}
                    onchange={field("fine.kind", |d, v| d.fine_kind = if v.is_empty() { "none".to_owned() } else { v })} />
                if fine_kind != FineKind::None {
                    <Field label="Amount (₹)" name="fine.amount_paise" value={draft.fine_amount.clone()}
                        error={form.field("fine.amount_paise")}
                        oninput={field("fine.amount_paise", |d, v| d.fine_amount = v)} />
                    <Field label="Grace days" name="fine.grace_days" value={draft.grace_days.clone()}
                        error={form.field("fine.grace_days")}
                        oninput={field("fine.grace_days", |d, v| d.grace_days = v)} />
                    <Field label="At most (₹)" name="fine.cap_paise" value={draft.fine_cap.clone()}
                        hint="Empty: no cap" error={form.field("fine.cap_paise")}
                        oninput={field("fine.cap_paise", |d, v| d.fine_cap = v)} />
                }
            </div>
            <div class="actions">
                <button type="submit" class="primary" data-action="create-structure" disabled={*form.busy}>
                    { if *form.busy { "Setting up…" } else { "Set up and charge the class" } }<kbd>{ "Enter" }</kbd>
                </button>
                <button type="button" onclick={{ let draft = draft.clone(); move |_| draft.dispatch(StructureEdit::Clear) }}>
                    { "Clear" }<kbd>{ "Esc" }</kbd>
                </button>
            </div>
        </form>
    }
}

// ---------------------------------------------------------------------------------------------
// Concessions

#[derive(Debug, Clone, PartialEq)]
struct ConcessionDraft {
    category: String,
    head_id: String,
    kind: String,
    value: String,
    reason: String,
}

impl Default for ConcessionDraft {
    fn default() -> Self {
        ConcessionDraft {
            category: String::new(),
            head_id: String::new(),
            kind: ConcessionKind::Percent.as_str().to_owned(),
            value: String::new(),
            reason: String::new(),
        }
    }
}

#[derive(Debug, Properties, PartialEq)]
struct ConcessionPanelProps {
    heads: Rc<Vec<FeeHead>>,
    on_granted: Callback<String>,
    session_ended: Callback<()>,
}

#[function_component(ConcessionPanel)]
fn concession_panel(props: &ConcessionPanelProps) -> Html {
    let form_ref = use_node_ref();
    let draft = use_reducer(Draft::<ConcessionDraft>::default);
    let form = use_form(form_ref.clone(), props.session_ended.clone());
    let student = use_state(|| None::<Rc<StudentRow>>);
    let granted = use_state(|| Rc::new(Vec::<Concession>::new()));
    let reloads = use_state(|| 0_u32);
    {
        let granted = granted.clone();
        let student_id = student.as_ref().map(|s| s.id.clone());
        use_effect_with((student_id, *reloads), move |(student_id, _)| {
            let student_id = student_id.clone();
            spawn_local(async move {
                let found = match student_id {
                    Some(id) => shell::concessions(&id).await.unwrap_or_default(),
                    None => Vec::new(),
                };
                granted.set(Rc::new(found));
            });
        });
    }
    let kind = ConcessionKind::parse(&draft.0.kind).unwrap_or(ConcessionKind::Percent);
    let grant = {
        let (draft, form, student, reloads) = (
            draft.clone(),
            form.clone(),
            student.clone(),
            reloads.clone(),
        );
        let on_granted = props.on_granted.clone();
        Callback::from(move |()| {
            // A percentage in hundredths is basis points, and rupees in hundredths are paise:
            // both read through the same integer parser.
            let Some(value) = parse_rupees(&draft.0.value) else {
                form.refuse(
                    "value",
                    match kind {
                        ConcessionKind::Percent => "Write the percentage, e.g. 10 or 12.5",
                        ConcessionKind::Fixed => "Write the amount in rupees, e.g. 1500",
                    },
                );
                return;
            };
            let category = draft.0.category.trim().to_owned();
            let input = ConcessionInput {
                student_id: student.as_ref().map(|s| s.id.clone()),
                category: Some(category).filter(|c| !c.is_empty()),
                head_id: Some(draft.0.head_id.clone()).filter(|h| !h.is_empty()),
                kind,
                value,
                reason: draft.0.reason.clone(),
            };
            let who = student
                .as_ref()
                .map_or_else(|| draft.0.category.clone(), |s| s.full_name.clone());
            let (draft, on_granted, reloads) = (draft.clone(), on_granted.clone(), reloads.clone());
            form.submit(
                async move { shell::grant_concession(&input).await },
                move |_| {
                    reset(&draft);
                    reloads.set(*reloads + 1);
                    on_granted.emit(format!("The concession for {who} is granted."));
                },
            );
        })
    };
    let onkeydown = {
        let (enter, esc) = (
            enter_saves(grant.clone()),
            esc_cancels(form.clear_with(&draft)),
        );
        Callback::from(move |event: KeyboardEvent| {
            esc.emit(event.clone());
            enter.emit(event);
        })
    };
    let head_options: Vec<(AttrValue, AttrValue)> = props
        .heads
        .iter()
        .map(|h| {
            (
                AttrValue::from(h.id.clone()),
                AttrValue::from(h.name.clone()),
            )
        })
        .collect();
    let kind_options = vec![
        (AttrValue::from("percent"), AttrValue::from("Percentage")),
        (AttrValue::from("fixed"), AttrValue::from("Fixed amount")),
    ];
    html! {
        <form class="panel concession-form" ref={form_ref} {onkeydown}
            onsubmit={grant.reform(|event: SubmitEvent| event.prevent_default())}>
            <h2>{ "Concessions" }</h2>
            if let Some(message) = &form.errors.general {
                <p class="banner error" role="alert">{ message }</p>
            }
            <div class="inline-form">
                <StudentPicker label="Student" name="student_id" chosen={(*student).clone()}
                    error={form.field("student_id")}
                    on_choose={{
                        let (student, form) = (student.clone(), form.clone());
                        move |chosen| { form.forget("student_id"); student.set(chosen) }
                    }} />
                <Field label="or category" name="category" value={draft.0.category.clone()}
                    placeholder="e.g. Staff ward" error={form.field("category")}
                    oninput={form.edit(&draft, "category", |d, v| d.category = v)} />
            </div>
            <div class="inline-form">
                <Choice label="On" name="head_id" value={draft.0.head_id.clone()} options={head_options}
                    empty="Every head" error={form.field("head_id")}
                    onchange={form.edit(&draft, "head_id", |d, v| d.head_id = v)} />
                <Choice label="Kind" name="kind" value={draft.0.kind.clone()} options={kind_options}
                    empty="Choose…" error={form.field("kind")}
                    onchange={form.edit(&draft, "kind", |d, v| d.kind = v)} />
                <Field label={if kind == ConcessionKind::Percent { "Percent off" } else { "Off each installment (₹)" }}
                    name="value" value={draft.0.value.clone()} error={form.field("value")}
                    oninput={form.edit(&draft, "value", |d, v| d.value = v)} />
            </div>
            <div class="inline-form">
                <Field label="Reason" name="reason" value={draft.0.reason.clone()} class="grow"
                    placeholder="e.g. Sibling concession approved by the principal" error={form.field("reason")}
                    oninput={form.edit(&draft, "reason", |d, v| d.reason = v)} />
                <button type="submit" class="primary" data-action="grant-concession" disabled={*form.busy}>
                    { "Grant" }<kbd>{ "Enter" }</kbd>
                </button>
            </div>
            if !granted.is_empty() {
                <table class="grid compact concession-list">
                    <thead><tr><th>{ "On" }</th><th>{ "Off" }</th><th>{ "Reason" }</th><th>{ "Granted" }</th></tr></thead>
                    <tbody>
                        { for granted.iter().map(|c| html! {
                            <tr>
                                <td>{ &c.head_name }{ if c.category.is_empty() { String::new() } else { format!(" ({})", c.category) } }</td>
                                <td class="num">{ match c.kind {
                                    ConcessionKind::Percent => format!("{}.{:02}%", c.value / 100, c.value % 100),
                                    ConcessionKind::Fixed => rupees(c.value),
                                } }</td>
                                <td>{ &c.reason }</td>
                                <td>{ format!("{} by {}", super::super::display_date(&c.granted_on), c.granted_by) }</td>
                            </tr>
                        }) }
                    </tbody>
                </table>
            }
        </form>
    }
}
