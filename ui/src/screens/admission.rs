//! The admission form: a new student with their guardians; the same form filled in from an
//! enquiry (saving it marks the enquiry converted); or, given a profile to edit, filled in with
//! that student's details. The core checks everything; the form only gathers what is typed and
//! shows each of the core's messages beside the field it concerns.

use std::collections::HashSet;
use std::rc::Rc;

use campusdesk_shared::ErrorCode;
use campusdesk_shared::office::{
    GuardianInput, GuardianMatch, SchoolClass, StudentInput, StudentProfile,
};
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::spawn_local;
use web_sys::{HtmlElement, HtmlInputElement, KeyboardEvent};
use yew::prelude::*;

use super::{
    Choice, Field, FormErrors, display_date, enter_saves, focus_first_invalid, forget_error,
    show_error, today, use_focus_on_mount, use_window_keys,
};
use crate::shell;

/// The parts of a guardian the form asks for, as the core names them after `guardians.<n>.`.
const GUARDIAN_FIELDS: [&str; 5] = ["name", "relation", "phone", "email", "occupation"];

/// The student's own fields on the form, as the core names them.
const STUDENT_FIELDS: [&str; 13] = [
    "admission_no",
    "first_name",
    "last_name",
    "date_of_birth",
    "gender",
    "class_id",
    "section_id",
    "phone",
    "email",
    "address",
    "category",
    "admitted_on",
    "guardians",
];

#[derive(Debug, Clone, PartialEq)]
struct GuardianRow {
    /// A key that stays with the row, so that removing one guardian from the middle does not
    /// move what is typed into its neighbour's inputs.
    key: u32,
    input: GuardianInput,
    /// Set for a guardian linked through the search: the children already in their care. Such
    /// a guardian's details belong to the sibling's record, so the form only asks the relation.
    children: Option<Vec<String>>,
}

impl GuardianRow {
    fn is_blank(&self) -> bool {
        let g = &self.input;
        g.existing_id.is_none()
            && [&g.name, &g.relation, &g.phone, &g.email, &g.occupation]
                .iter()
                .all(|text| text.trim().is_empty())
    }
}

/// The form as it is being filled in.
#[derive(Debug, Clone, PartialEq)]
struct AdmissionDraft {
    /// The student's fields; its `guardians` stay empty while the rows below hold them.
    student: StudentInput,
    guardians: Vec<GuardianRow>,
    next_key: u32,
    /// The admission number the core offered. When it is saved unchanged the form sends an
    /// empty number instead, so that the core takes the next number of this PC's block itself
    /// (reserving a new block when needed) rather than being handed one it must trust.
    suggested: String,
}

impl AdmissionDraft {
    fn blank() -> AdmissionDraft {
        AdmissionDraft {
            student: StudentInput {
                admitted_on: today(),
                ..StudentInput::default()
            },
            guardians: vec![GuardianRow {
                key: 0,
                input: GuardianInput::default(),
                children: None,
            }],
            next_key: 1,
            suggested: String::new(),
        }
    }

    /// A new admission filled in from what the core made of an enquiry; the enquiry's id stays
    /// in the input, so that saving links the student to it.
    fn from_enquiry(input: &StudentInput) -> AdmissionDraft {
        let guardians: Vec<GuardianRow> = input
            .guardians
            .iter()
            .zip(0..)
            .map(|(guardian, key)| GuardianRow {
                key,
                input: guardian.clone(),
                children: None,
            })
            .collect();
        AdmissionDraft {
            student: StudentInput {
                date_of_birth: display_date(&input.date_of_birth),
                admitted_on: today(),
                guardians: Vec::new(),
                ..input.clone()
            },
            next_key: u32::try_from(guardians.len()).unwrap_or(u32::MAX),
            guardians,
            suggested: String::new(),
        }
    }

    fn from_profile(profile: &StudentProfile) -> AdmissionDraft {
        let guardians: Vec<GuardianRow> = profile
            .guardians
            .iter()
            .zip(0..)
            .map(|(guardian, key)| GuardianRow {
                key,
                input: GuardianInput {
                    // The id keeps the link: the core updates this guardian instead of adding
                    // a new one, and siblings see the same changes.
                    existing_id: Some(guardian.guardian_id.clone()),
                    name: guardian.name.clone(),
                    relation: guardian.relation.clone(),
                    phone: guardian.phone.clone(),
                    email: guardian.email.clone(),
                    occupation: guardian.occupation.clone(),
                },
                children: None,
            })
            .collect();
        AdmissionDraft {
            student: StudentInput {
                admission_no: profile.admission_no.clone(),
                first_name: profile.first_name.clone(),
                last_name: profile.last_name.clone(),
                date_of_birth: display_date(&profile.date_of_birth),
                gender: profile.gender.clone(),
                class_id: profile.class_id.clone(),
                section_id: profile.section_id.clone(),
                phone: profile.phone.clone(),
                email: profile.email.clone(),
                address: profile.address.clone(),
                category: profile.category.clone(),
                admitted_on: display_date(&profile.admitted_on),
                guardians: Vec::new(),
                enquiry_id: None,
            },
            next_key: u32::try_from(guardians.len()).unwrap_or(u32::MAX),
            guardians,
            suggested: String::new(),
        }
    }

    /// What goes to the core.
    fn to_input(&self) -> StudentInput {
        let mut input = self.student.clone();
        if !self.suggested.is_empty() && input.admission_no.trim() == self.suggested {
            input.admission_no.clear();
        }
        input.guardians = self.guardians.iter().map(|row| row.input.clone()).collect();
        input
    }

    fn add_row(&mut self, input: GuardianInput, children: Option<Vec<String>>) {
        self.guardians.push(GuardianRow {
            key: self.next_key,
            input,
            children,
        });
        self.next_key += 1;
    }
}

enum Change {
    Student(fn(&mut StudentInput, String), String),
    Guardian(usize, fn(&mut GuardianInput, String), String),
    /// A new class also clears the section, whose list follows the class.
    Class(String),
    Section(String),
    AddGuardian,
    RemoveGuardian(usize),
    Link(GuardianMatch),
    Suggested(String),
}

impl Reducible for AdmissionDraft {
    type Action = Change;

    fn reduce(self: Rc<Self>, change: Change) -> Rc<Self> {
        let mut next = (*self).clone();
        match change {
            Change::Student(apply, value) => apply(&mut next.student, value),
            Change::Guardian(index, apply, value) => {
                if let Some(row) = next.guardians.get_mut(index) {
                    apply(&mut row.input, value);
                }
            }
            Change::Class(id) => {
                next.student.class_id = (!id.is_empty()).then_some(id);
                next.student.section_id = None;
            }
            Change::Section(id) => next.student.section_id = (!id.is_empty()).then_some(id),
            Change::AddGuardian => next.add_row(GuardianInput::default(), None),
            Change::RemoveGuardian(index) => {
                if index < next.guardians.len() {
                    next.guardians.remove(index);
                }
            }
            Change::Link(found) => {
                let already = next
                    .guardians
                    .iter()
                    .any(|row| row.input.existing_id.as_deref() == Some(found.id.as_str()));
                if already {
                    return self;
                }
                let input = GuardianInput {
                    existing_id: Some(found.id),
                    name: found.name,
                    phone: found.phone,
                    ..GuardianInput::default()
                };
                // An untouched empty guardian (the one a new form starts with) is replaced
                // rather than left behind to fail validation.
                match next.guardians.iter().position(GuardianRow::is_blank) {
                    Some(index) => {
                        next.guardians[index].input = input;
                        next.guardians[index].children = Some(found.children);
                    }
                    None => next.add_row(input, Some(found.children)),
                }
            }
            Change::Suggested(number) => {
                // The suggestion arrives after the form opens; what was typed meanwhile wins.
                if next.student.admission_no.trim().is_empty() {
                    next.student.admission_no = number.clone();
                }
                next.suggested = number;
            }
        }
        Rc::new(next)
    }
}

#[derive(Debug, Properties, PartialEq)]
pub struct AdmissionFormProps {
    /// The student being edited; `None` for a new admission.
    #[prop_or_default]
    pub editing: Option<Rc<StudentProfile>>,
    /// A new admission's details from an enquiry, with its `enquiry_id`.
    #[prop_or_default]
    pub from_enquiry: Option<Rc<StudentInput>>,
    /// Called with the student's id once saved.
    pub on_saved: Callback<String>,
    pub on_cancel: Callback<()>,
    /// Called when the shell says no one is signed in any more.
    pub session_ended: Callback<()>,
}

#[function_component(AdmissionForm)]
pub fn admission_form(props: &AdmissionFormProps) -> Html {
    let draft = {
        let (editing, enquiry) = (props.editing.clone(), props.from_enquiry.clone());
        use_reducer(move || match (&editing, &enquiry) {
            (Some(profile), _) => AdmissionDraft::from_profile(profile),
            (None, Some(input)) => AdmissionDraft::from_enquiry(input),
            (None, None) => AdmissionDraft::blank(),
        })
    };
    let errors = use_state(FormErrors::default);
    // Counts refused saves: each one (and nothing else, such as a message going away while its
    // field is corrected) sends the keyboard to the first field in error.
    let refusals = use_state(|| 0_u32);
    let busy = use_state(|| false);
    // Set while a save is on its way, so that a second Enter cannot admit the student twice
    // before the button has been re-drawn as disabled.
    let saving = use_mut_ref(|| false);
    let classes = use_state(Vec::<SchoolClass>::new);
    let first_name = use_node_ref();
    let form_ref = use_node_ref();
    // The input to focus after the next render, by id (a guardian's relation after linking).
    let focus_next = use_mut_ref(|| None::<String>);
    use_focus_on_mount(first_name.clone());

    {
        let (draft, errors, classes) = (draft.clone(), errors.clone(), classes.clone());
        let session_ended = props.session_ended.clone();
        let new_admission = props.editing.is_none();
        use_effect_with((), move |()| {
            spawn_local(async move {
                match shell::classes().await {
                    Ok(list) => classes.set(list),
                    Err(error) => show_error(&error, &errors, &session_ended),
                }
                if new_admission {
                    match shell::suggest_admission_no().await {
                        Ok(number) => draft.dispatch(Change::Suggested(number)),
                        Err(error) => show_error(&error, &errors, &session_ended),
                    }
                }
            });
        });
    }
    {
        // After a failed save, the keyboard goes to the first field the core complained about,
        // scrolling it into view.
        let form_ref = form_ref.clone();
        use_effect_with(*refusals, move |refusals| {
            if *refusals > 0 {
                focus_first_invalid(&form_ref);
            }
        });
    }
    {
        let focus_next = focus_next.clone();
        use_effect(move || {
            let id = focus_next.borrow_mut().take();
            let element = id.and_then(|id| {
                web_sys::window()?
                    .document()?
                    .get_element_by_id(&id)?
                    .dyn_into::<HtmlElement>()
                    .ok()
            });
            if let Some(element) = element {
                let _ = element.focus();
            }
        });
    }

    let save = {
        let (draft, errors, busy) = (draft.clone(), errors.clone(), busy.clone());
        let refusals = refusals.clone();
        let (on_saved, session_ended) = (props.on_saved.clone(), props.session_ended.clone());
        let editing = props.editing.as_ref().map(|profile| profile.id.clone());
        Callback::from(move |()| {
            if *saving.borrow() {
                return;
            }
            *saving.borrow_mut() = true;
            busy.set(true);
            let input = draft.to_input();
            let (errors, busy, saving) = (errors.clone(), busy.clone(), saving.clone());
            let refusals = refusals.clone();
            let (on_saved, session_ended, editing) =
                (on_saved.clone(), session_ended.clone(), editing.clone());
            spawn_local(async move {
                let answer = match editing {
                    Some(id) => shell::update_student(&id, &input).await.map(|_| id),
                    None => shell::admit(&input).await,
                };
                *saving.borrow_mut() = false;
                match answer {
                    Ok(id) => on_saved.emit(id),
                    Err(error) => {
                        busy.set(false);
                        show_error(&error, &errors, &session_ended);
                        refusals.set(*refusals + 1);
                    }
                }
            });
        })
    };
    let onsubmit = save.reform(|event: SubmitEvent| event.prevent_default());
    let onkeydown = enter_saves(save.clone());
    {
        let on_cancel = props.on_cancel.clone();
        use_window_keys(Callback::from(move |event: KeyboardEvent| {
            // A key already handled closer to where it was pressed (Esc clearing the guardian
            // search) does not also close the form.
            if event.key() == "Escape" && !event.default_prevented() {
                event.prevent_default();
                on_cancel.emit(());
            }
        }));
    }

    // Typing into a field clears the message about it: it described the old value.
    let forget = {
        let errors = errors.clone();
        move |name: String| forget_error(&errors, &name)
    };
    let student_input = |name: &'static str, apply: fn(&mut StudentInput, String)| {
        let dispatcher = draft.dispatcher();
        let forget = forget.clone();
        Callback::from(move |value: String| {
            forget(name.to_owned());
            dispatcher.dispatch(Change::Student(apply, value));
        })
    };

    let student = &draft.student;
    let value = |text: &str| AttrValue::from(text.to_owned());
    let class_options: Vec<(AttrValue, AttrValue)> = classes
        .iter()
        .map(|class| (value(&class.id), value(&class.name)))
        .collect();
    let chosen_class = classes
        .iter()
        .find(|class| Some(&class.id) == student.class_id.as_ref());
    let section_options: Vec<(AttrValue, AttrValue)> = chosen_class
        .map(|class| {
            class
                .sections
                .iter()
                .map(|section| (value(&section.id), value(&section.name)))
                .collect()
        })
        .unwrap_or_default();
    let on_class = {
        let (dispatcher, forget) = (draft.dispatcher(), forget.clone());
        Callback::from(move |id: String| {
            forget("class_id".to_owned());
            forget("section_id".to_owned());
            dispatcher.dispatch(Change::Class(id));
        })
    };
    let on_section = {
        let (dispatcher, forget) = (draft.dispatcher(), forget.clone());
        Callback::from(move |id: String| {
            forget("section_id".to_owned());
            dispatcher.dispatch(Change::Section(id));
        })
    };
    let gender_options = [("male", "Male"), ("female", "Female"), ("other", "Other")]
        .iter()
        .map(|(key, text)| (AttrValue::Static(key), AttrValue::Static(text)))
        .collect::<Vec<_>>();

    // Messages the form has no place for (a field it does not show) go into the banner, so
    // that nothing the core said is lost.
    let placed: HashSet<String> = STUDENT_FIELDS
        .iter()
        .map(|name| (*name).to_owned())
        .chain((0..draft.guardians.len()).flat_map(|index| {
            GUARDIAN_FIELDS
                .iter()
                .map(move |part| format!("guardians.{index}.{part}"))
        }))
        .collect();
    let mut unplaced: Vec<String> = errors
        .fields
        .iter()
        .filter(|(name, _)| !placed.contains(*name))
        .map(|(_, message)| message.clone())
        .collect();
    unplaced.sort();

    let editing = props.editing.as_ref();
    let title = match editing {
        Some(profile) => format!(
            "Edit {} {}",
            profile.first_name.trim(),
            profile.last_name.trim()
        ),
        None if props.from_enquiry.is_some() => "New admission from an enquiry".to_owned(),
        None => "New admission".to_owned(),
    };
    let guardian_count = draft.guardians.len();
    html! {
        <form class="form-screen admission" ref={form_ref} {onsubmit} {onkeydown} novalidate=true>
            <header class="toolbar">
                <h1>{ title }</h1>
                if let Some(profile) = editing {
                    <span class="code muted">{ &profile.admission_no }</span>
                }
                <span class="toolbar-actions">
                    <button type="button" title="Cancel (Esc)" aria-keyshortcuts="Escape"
                        onclick={props.on_cancel.reform(|_| ())}>
                        { "Cancel" }<kbd>{ "Esc" }</kbd>
                    </button>
                    <button type="submit" class="primary" disabled={*busy} title="Save (Enter)">
                        { if *busy { "Saving…" } else if editing.is_some() { "Save changes" } else { "Save admission" } }
                        <kbd>{ "Enter" }</kbd>
                    </button>
                </span>
            </header>
            <div class="form-body">
                if let Some(message) = &errors.general {
                    <p class="banner error" role="alert">{ message }</p>
                }
                { for unplaced.iter().map(|message| html! {
                    <p class="banner error" role="alert">{ message }</p>
                }) }
                if !errors.fields.is_empty() && errors.general.is_none() {
                    <p class="banner error" role="alert">
                        { "Some details need correcting: see the messages in red beside the fields." }
                    </p>
                }
                <fieldset class="form-section">
                    <legend>{ "Student" }</legend>
                    <div class="form-grid">
                        <Field label="Admission no." name="admission_no"
                            value={value(&student.admission_no)} error={errors.field("admission_no")}
                            hint={editing.is_none().then_some(AttrValue::Static("The next free number"))}
                            oninput={student_input("admission_no", |s, v| s.admission_no = v)} />
                        <Field label="First name" name="first_name" node_ref={first_name}
                            value={value(&student.first_name)} error={errors.field("first_name")}
                            oninput={student_input("first_name", |s, v| s.first_name = v)} />
                        <Field label="Last name" name="last_name"
                            value={value(&student.last_name)} error={errors.field("last_name")}
                            oninput={student_input("last_name", |s, v| s.last_name = v)} />
                        <Field label="Date of birth" name="date_of_birth" placeholder="dd/mm/yyyy"
                            value={value(&student.date_of_birth)} error={errors.field("date_of_birth")}
                            oninput={student_input("date_of_birth", |s, v| s.date_of_birth = v)} />
                        <Choice label="Gender" name="gender" empty="Choose…"
                            value={value(&student.gender)} options={gender_options}
                            error={errors.field("gender")}
                            onchange={student_input("gender", |s, v| s.gender = v)} />
                        <Choice label="Class" name="class_id" empty="Not yet assigned"
                            value={value(student.class_id.as_deref().unwrap_or_default())}
                            options={class_options} error={errors.field("class_id")}
                            onchange={on_class} />
                        <Choice label="Section" name="section_id"
                            empty={if chosen_class.is_some() { "No section" } else { "Choose the class first" }}
                            value={value(student.section_id.as_deref().unwrap_or_default())}
                            options={section_options} error={errors.field("section_id")}
                            onchange={on_section} />
                        <Field label="Category" name="category" placeholder="General, OBC, SC, ST…"
                            value={value(&student.category)} error={errors.field("category")}
                            oninput={student_input("category", |s, v| s.category = v)} />
                        <Field label="Phone" name="phone" kind="tel"
                            value={value(&student.phone)} error={errors.field("phone")}
                            oninput={student_input("phone", |s, v| s.phone = v)} />
                        <Field label="E-mail" name="email" kind="email"
                            value={value(&student.email)} error={errors.field("email")}
                            oninput={student_input("email", |s, v| s.email = v)} />
                        <Field label="Address" name="address"
                            value={value(&student.address)} error={errors.field("address")}
                            oninput={student_input("address", |s, v| s.address = v)} />
                        <Field label="Admitted on" name="admitted_on" placeholder="dd/mm/yyyy"
                            value={value(&student.admitted_on)} error={errors.field("admitted_on")}
                            oninput={student_input("admitted_on", |s, v| s.admitted_on = v)} />
                    </div>
                </fieldset>
                <fieldset class="form-section">
                    <legend>{ "Guardians" }</legend>
                    <GuardianSearch
                        on_link={{
                            let dispatcher = draft.dispatcher();
                            let focus_next = focus_next.clone();
                            let rows = draft.guardians.clone();
                            Callback::from(move |found: GuardianMatch| {
                                // The linked guardian lands in the first blank row, else at the
                                // end; either way its relation is the next thing to type.
                                let index = rows
                                    .iter()
                                    .position(|row| row.input.existing_id.as_deref() == Some(found.id.as_str()))
                                    .or_else(|| rows.iter().position(GuardianRow::is_blank))
                                    .unwrap_or(rows.len());
                                *focus_next.borrow_mut() = Some(format!("field-guardians.{index}.relation"));
                                dispatcher.dispatch(Change::Link(found));
                            })
                        }}
                        session_ended={props.session_ended.clone()} />
                    if let Some(message) = errors.field("guardians") {
                        <p class="field-error guardians-error">{ message }</p>
                    }
                    { for draft.guardians.iter().enumerate().map(|(index, row)| {
                        guardian_row(index, row, guardian_count, &draft, &errors, &forget)
                    }) }
                    <button type="button" class="add-guardian"
                        onclick={{
                            let dispatcher = draft.dispatcher();
                            let focus_next = focus_next.clone();
                            move |_| {
                                *focus_next.borrow_mut() = Some(format!("field-guardians.{guardian_count}.name"));
                                dispatcher.dispatch(Change::AddGuardian);
                            }
                        }}>
                        { "+ Add another guardian" }
                    </button>
                </fieldset>
            </div>
        </form>
    }
}

/// One guardian on the form: their details, or for a guardian linked through the search, who
/// they are and which children they already look after, plus how they relate to this student.
fn guardian_row(
    index: usize,
    row: &GuardianRow,
    count: usize,
    draft: &UseReducerHandle<AdmissionDraft>,
    errors: &FormErrors,
    forget: &(impl Fn(String) + Clone + 'static),
) -> Html {
    let name = |part: &str| format!("guardians.{index}.{part}");
    let input = |part: &'static str, apply: fn(&mut GuardianInput, String)| {
        let dispatcher = draft.dispatcher();
        let (forget, field) = (forget.clone(), name(part));
        Callback::from(move |value: String| {
            forget(field.clone());
            dispatcher.dispatch(Change::Guardian(index, apply, value));
        })
    };
    let value = |text: &str| AttrValue::from(text.to_owned());
    let error = |part: &str| errors.field(&name(part));
    let remove = {
        let dispatcher = draft.dispatcher();
        move |_: MouseEvent| dispatcher.dispatch(Change::RemoveGuardian(index))
    };
    let g = &row.input;
    let relation = html! {
        <Field label="Relation" name={name("relation")} placeholder="father, mother, …"
            value={value(&g.relation)} error={error("relation")}
            oninput={input("relation", |g, v| g.relation = v)} />
    };
    html! {
        <div class={classes!("guardian", row.children.is_some().then_some("linked"))} key={row.key}>
            <div class="guardian-head">
                <span class="guardian-title">{ format!("Guardian {}", index + 1) }</span>
                if row.children.is_some() {
                    <span class="tag">{ "Existing guardian" }</span>
                }
                // The last guardian may go too: the core then says at least one is needed.
                if count > 1 || row.children.is_some() {
                    <button type="button" class="link-button" onclick={remove}>
                        { if row.children.is_some() { "Unlink" } else { "Remove" } }
                    </button>
                }
            </div>
            if let Some(children) = &row.children {
                <div class="guardian-grid">
                    <div class="linked-summary">
                        <div><strong>{ &g.name }</strong>{ "  " }<span class="phone">{ &g.phone }</span></div>
                        <div class="muted">
                            { if children.is_empty() { "No children linked yet".to_owned() }
                              else { format!("Already the guardian of {}", children.join(", ")) } }
                        </div>
                        { for ["name", "phone", "email", "occupation"].iter().filter_map(|part| error(part)).map(|message| html! {
                            <div class="field-error">{ message }</div>
                        }) }
                    </div>
                    { relation }
                </div>
            } else {
                <div class="guardian-grid">
                    <Field label="Name" name={name("name")}
                        value={value(&g.name)} error={error("name")}
                        oninput={input("name", |g, v| g.name = v)} />
                    { relation }
                    <Field label="Phone" name={name("phone")} kind="tel"
                        value={value(&g.phone)} error={error("phone")}
                        oninput={input("phone", |g, v| g.phone = v)} />
                    <Field label="E-mail" name={name("email")} kind="email"
                        value={value(&g.email)} error={error("email")}
                        oninput={input("email", |g, v| g.email = v)} />
                    <Field label="Occupation" name={name("occupation")}
                        value={value(&g.occupation)} error={error("occupation")}
                        oninput={input("occupation", |g, v| g.occupation = v)} />
                </div>
            }
        </div>
    }
}

#[derive(Debug, Properties, PartialEq)]
struct GuardianSearchProps {
    on_link: Callback<GuardianMatch>,
    session_ended: Callback<()>,
}

/// "Find existing guardian": a sibling's parent is searched by phone or name and linked, so
/// that both children share one guardian record.
#[function_component(GuardianSearch)]
fn guardian_search(props: &GuardianSearchProps) -> Html {
    let text = use_state(String::new);
    let found = use_state(|| None::<Result<Vec<GuardianMatch>, String>>);
    // Only the answer to the newest search is shown, even when an older one finishes later.
    let latest = use_mut_ref(|| 0_u64);

    let oninput = {
        let (text, found, latest) = (text.clone(), found.clone(), latest.clone());
        let session_ended = props.session_ended.clone();
        Callback::from(move |event: InputEvent| {
            let typed = event.target_unchecked_into::<HtmlInputElement>().value();
            text.set(typed.clone());
            let ticket = *latest.borrow() + 1;
            *latest.borrow_mut() = ticket;
            // The core looks from three characters on; fewer would match half the school.
            if typed.trim().chars().count() < 3 {
                found.set(None);
                return;
            }
            let (found, latest, session_ended) =
                (found.clone(), latest.clone(), session_ended.clone());
            spawn_local(async move {
                let answer = shell::find_guardians(typed.trim()).await;
                if *latest.borrow() != ticket {
                    return;
                }
                match answer {
                    Ok(matches) => found.set(Some(Ok(matches))),
                    Err(error) if error.code == ErrorCode::NotSignedIn => session_ended.emit(()),
                    Err(error) => found.set(Some(Err(error.message))),
                }
            });
        })
    };
    let clear = {
        let (text, found, latest) = (text.clone(), found.clone(), latest.clone());
        move || {
            *latest.borrow_mut() += 1;
            text.set(String::new());
            found.set(None);
        }
    };
    let onkeydown = {
        let clear = clear.clone();
        let searching = !text.is_empty();
        Callback::from(move |event: KeyboardEvent| {
            // Esc first empties the search; only an empty search lets Esc close the form.
            if event.key() == "Escape" && searching {
                event.prevent_default();
                clear();
            }
        })
    };

    html! {
        <div class="guardian-search">
            <label for="guardian-search">{ "Find existing guardian" }</label>
            <input id="guardian-search" type="search" autocomplete="off"
                placeholder="Phone or name of a sibling's parent"
                value={(*text).clone()} {oninput} {onkeydown} />
            { match &*found {
                None => html! {},
                Some(Err(message)) => html! { <p class="field-error">{ message }</p> },
                Some(Ok(matches)) if matches.is_empty() => html! {
                    <p class="muted guardian-none">{ format!("No guardian matches “{}”.", text.trim()) }</p>
                },
                Some(Ok(matches)) => html! {
                    <ul class="guardian-matches">
                        { for matches.iter().map(|found| {
                            let link = {
                                let (on_link, found, clear) = (props.on_link.clone(), found.clone(), clear.clone());
                                move |_: MouseEvent| {
                                    on_link.emit(found.clone());
                                    clear();
                                }
                            };
                            html! {
                                <li key={found.id.clone()}>
                                    <button type="button" onclick={link}>{ "Link" }</button>
                                    <strong>{ &found.name }</strong>
                                    <span class="phone">{ &found.phone }</span>
                                    <span class="muted">
                                        { if found.children.is_empty() { "no children linked".to_owned() }
                                          else { format!("guardian of {}", found.children.join(", ")) } }
                                    </span>
                                </li>
                            }
                        }) }
                    </ul>
                },
            } }
        </div>
    }
}
