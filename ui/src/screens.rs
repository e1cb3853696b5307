//! The screens and the pieces they share. [`App`] decides which screen shows: the first-run
//! setup, the recovery key, sign-in, or the office itself once someone is signed in.

mod admission;
mod attendance;
mod classes;
mod enquiries;
mod fees;
mod frame;
mod profile;
mod reporting;
mod roster;
mod setup;
mod sign_in;
mod student_picker;
mod students;
mod users;

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use campusdesk_shared::office::{RecoveryKey, SessionInfo};
use campusdesk_shared::{ApiError, ErrorCode};
use gloo_events::{EventListener, EventListenerOptions};
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::spawn_local;
use web_sys::{Element, HtmlElement, HtmlInputElement, HtmlSelectElement, KeyboardEvent};
use yew::prelude::*;

use crate::shell;

#[derive(Debug, Clone, PartialEq)]
enum Screen {
    Loading,
    /// A database exists but would not open (missing key, damaged file).
    CannotOpen {
        db_path: String,
        message: String,
    },
    Setup,
    RecoveryKey(RecoveryKey),
    SignIn {
        notice: Option<String>,
    },
    Office(SessionInfo),
}

/// Which screen to start on: ask the shell whether the PC is set up and whether someone is
/// still signed in (the window may have been reloaded).
async fn first_screen() -> Screen {
    let status = match shell::app_status().await {
        Ok(status) => status,
        Err(error) => {
            return Screen::CannotOpen {
                db_path: String::new(),
                message: error.message,
            };
        }
    };
    if !status.set_up {
        return match status.message {
            Some(message) => Screen::CannotOpen {
                db_path: status.db_path,
                message,
            },
            None => Screen::Setup,
        };
    }
    match shell::current_session().await {
        Ok(Some(session)) => Screen::Office(session),
        _ => Screen::SignIn { notice: None },
    }
}

#[function_component(App)]
pub fn app() -> Html {
    let screen = use_state(|| Screen::Loading);
    let restart = {
        let screen = screen.setter();
        Callback::from(move |()| {
            let screen = screen.clone();
            screen.set(Screen::Loading);
            spawn_local(async move { screen.set(first_screen().await) });
        })
    };
    {
        let restart = restart.clone();
        use_effect_with((), move |()| restart.emit(()));
    }

    let to_sign_in = {
        let screen = screen.setter();
        Callback::from(move |notice: Option<String>| screen.set(Screen::SignIn { notice }))
    };
    match (*screen).clone() {
        Screen::Loading => html! { <div class="centre muted">{ "Opening CampusDesk…" }</div> },
        Screen::CannotOpen { db_path, message } => html! {
            <div class="centre">
                <section class="card">
                    <h1>{ "The campus database could not be opened" }</h1>
                    <p class="banner error">{ message }</p>
                    if !db_path.is_empty() {
                        <p class="muted">{ "Database: " }<code>{ db_path }</code></p>
                    }
                    <div class="actions">
                        <button class="primary" onclick={restart.reform(|_| ())}>{ "Try again" }</button>
                    </div>
                </section>
            </div>
        },
        Screen::Setup => {
            let screen = screen.setter();
            let on_created = Callback::from(move |key| screen.set(Screen::RecoveryKey(key)));
            html! { <setup::Setup {on_created} /> }
        }
        Screen::RecoveryKey(recovery) => {
            let on_continue = to_sign_in.reform(|()| None);
            html! { <setup::RecoveryKeySheet {recovery} {on_continue} /> }
        }
        Screen::SignIn { notice } => {
            let screen = screen.setter();
            let on_signed_in = Callback::from(move |session| screen.set(Screen::Office(session)));
            html! { <sign_in::SignInForm {notice} {on_signed_in} /> }
        }
        Screen::Office(session) => {
            let on_signed_out = to_sign_in;
            html! { <frame::Frame {session} {on_signed_out} /> }
        }
    }
}

/// A form's values as they are being typed. Each input sends its own setter function along with
/// the new text, so a reducer (rather than a snapshot of the state) applies the edits and no
/// keystroke is lost when two arrive before a re-render.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Draft<T>(pub T);

pub struct Edit<T>(fn(&mut T, String), String);

impl<T: Clone> Reducible for Draft<T> {
    type Action = Edit<T>;

    fn reduce(self: Rc<Self>, Edit(apply, value): Edit<T>) -> Rc<Self> {
        let mut next = self.0.clone();
        apply(&mut next, value);
        Rc::new(Draft(next))
    }
}

/// A callback for one input of a [`Draft`] form.
pub fn edit<T: Clone + 'static>(
    draft: &UseReducerHandle<Draft<T>>,
    apply: fn(&mut T, String),
) -> Callback<String> {
    let dispatcher = draft.dispatcher();
    Callback::from(move |value| dispatcher.dispatch(Edit(apply, value)))
}

/// Empties a [`Draft`] form, after it was saved or when Esc throws away what was typed.
pub fn reset<T: Clone + Default + 'static>(draft: &UseReducerHandle<Draft<T>>) {
    draft.dispatch(Edit(|form, _| *form = T::default(), String::new()));
}

/// What went wrong with a submitted form: messages by field name, and a message for the form as
/// a whole when the error names no field (wrong password, storage trouble).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct FormErrors {
    pub fields: HashMap<String, String>,
    pub general: Option<String>,
}

impl FormErrors {
    pub fn from_api(error: &ApiError) -> FormErrors {
        let mut fields: HashMap<String, String> = error
            .fields
            .iter()
            .map(|field| (field.field.clone(), field.message.clone()))
            .collect();
        let general = match &error.field {
            Some(field) => {
                fields
                    .entry(field.clone())
                    .or_insert_with(|| error.message.clone());
                None
            }
            None if fields.is_empty() => Some(error.message.clone()),
            None => None,
        };
        FormErrors { fields, general }
    }

    pub fn field(&self, name: &str) -> Option<AttrValue> {
        self.fields
            .get(name)
            .map(|message| AttrValue::from(message.clone()))
    }
}

/// Shows a failed call on its form, or ends the session when the shell says it is over.
pub fn show_error(
    error: &ApiError,
    errors: &UseStateHandle<FormErrors>,
    session_ended: &Callback<()>,
) {
    if error.code == ErrorCode::NotSignedIn {
        session_ended.emit(());
    } else {
        errors.set(FormErrors::from_api(error));
    }
}

/// Takes away the message about one field once it is typed into: it described the old value.
pub fn forget_error(errors: &UseStateHandle<FormErrors>, name: &str) {
    if errors.fields.contains_key(name) {
        let mut next = (**errors).clone();
        next.fields.remove(name);
        errors.set(next);
    }
}

/// A form's key handler: Enter in any input or drop-down list saves the form. Browsers submit
/// on Enter only from text inputs, and the office expects a chosen list item to save too; a
/// focused button keeps Enter for itself.
pub fn enter_saves(save: Callback<()>) -> Callback<KeyboardEvent> {
    Callback::from(move |event: KeyboardEvent| {
        if event.key() != "Enter" || event.default_prevented() {
            return;
        }
        let tag = event
            .target()
            .and_then(|target| target.dyn_into::<Element>().ok())
            .map(|element| element.tag_name());
        if matches!(tag.as_deref(), Some("INPUT" | "SELECT")) {
            event.prevent_default();
            save.emit(());
        }
    })
}

/// What a small form keeps while it saves: whether a save is on its way (so a second Enter does
/// nothing), the core's messages by field when it refuses, and a count of refusals, each of
/// which sends the keyboard to the first field in error. Made by [`use_form`].
#[derive(Debug, Clone)]
pub struct FormState {
    pub errors: UseStateHandle<FormErrors>,
    pub busy: UseStateHandle<bool>,
    /// Set at once, before the button is re-drawn as disabled.
    saving: Rc<RefCell<bool>>,
    refusals: UseStateHandle<u32>,
    session_ended: Callback<()>,
}

impl FormState {
    /// Sends `call` to the shell unless a save is already on its way. Its answer goes to `done`
    /// and clears the messages; a refusal puts the core's messages beside the fields.
    pub fn submit<T: 'static>(
        &self,
        call: impl Future<Output = Result<T, ApiError>> + 'static,
        done: impl FnOnce(T) + 'static,
    ) {
        if *self.saving.borrow() {
            return;
        }
        *self.saving.borrow_mut() = true;
        self.busy.set(true);
        let form = self.clone();
        spawn_local(async move {
            let answer = call.await;
            *form.saving.borrow_mut() = false;
            form.busy.set(false);
            match answer {
                Ok(value) => {
                    form.errors.set(FormErrors::default());
                    done(value);
                }
                Err(error) => {
                    show_error(&error, &form.errors, &form.session_ended);
                    form.refusals.set(*form.refusals + 1);
                }
            }
        });
    }

    /// Refuses without asking the shell, for what only the form can know (nothing chosen).
    pub fn refuse(&self, field: &str, message: &str) {
        let mut errors = FormErrors::default();
        errors.fields.insert(field.to_owned(), message.to_owned());
        self.errors.set(errors);
        self.refusals.set(*self.refusals + 1);
    }

    pub fn field(&self, name: &str) -> Option<AttrValue> {
        self.errors.field(name)
    }

    pub fn forget(&self, name: &str) {
        forget_error(&self.errors, name);
    }

    pub fn clear(&self) {
        self.errors.set(FormErrors::default());
    }

    /// The callback for the input `name` of `draft`: it applies the edit and forgets that
    /// field's message, which no longer describes what is typed.
    pub fn edit<T: Clone + 'static>(
        &self,
        draft: &UseReducerHandle<Draft<T>>,
        name: &'static str,
        apply: fn(&mut T, String),
    ) -> Callback<String> {
        let (apply_edit, form) = (edit(draft, apply), self.clone());
        Callback::from(move |value: String| {
            form.forget(name);
            apply_edit.emit(value);
        })
    }

    /// Empties `draft` and the messages: Esc on a small form that stays on the screen.
    pub fn clear_with<T: Clone + Default + 'static>(
        &self,
        draft: &UseReducerHandle<Draft<T>>,
    ) -> Callback<()> {
        let (draft, form) = (draft.clone(), self.clone());
        Callback::from(move |()| {
            reset(&draft);
            form.clear();
        })
    }
}

/// The [`FormState`] of the form at `form`.
#[hook]
pub fn use_form(form: NodeRef, session_ended: Callback<()>) -> FormState {
    let errors = use_state(FormErrors::default);
    let busy = use_state(|| false);
    let saving = use_mut_ref(|| false);
    let refusals = use_state(|| 0_u32);
    use_effect_with(*refusals, move |refusals| {
        if *refusals > 0 {
            focus_first_invalid(&form);
        }
    });
    FormState {
        errors,
        busy,
        saving,
        refusals,
        session_ended,
    }
}

/// Moves the keyboard to the first field in error inside `form`, scrolling it into view.
pub fn focus_first_invalid(form: &NodeRef) {
    let field = form
        .cast::<Element>()
        .and_then(|form| {
            form.query_selector("[aria-invalid=\"true\"]")
                .ok()
                .flatten()
        })
        .and_then(|field| field.dyn_into::<HtmlElement>().ok());
    if let Some(field) = field {
        let _ = field.focus();
    }
}

/// A key handler for a form: Esc runs `cancel` (and goes no further).
pub fn esc_cancels(cancel: Callback<()>) -> Callback<KeyboardEvent> {
    Callback::from(move |event: KeyboardEvent| {
        if event.key() == "Escape" && !event.default_prevented() {
            event.prevent_default();
            cancel.emit(());
        }
    })
}

/// Something asked of the shell: on its way, arrived, or refused with the core's sentence.
#[derive(Debug, Clone, PartialEq)]
pub enum Loaded<T> {
    Loading,
    Ready(T),
    Failed(String),
}

#[derive(Debug, Properties, PartialEq)]
pub struct FieldProps {
    pub label: AttrValue,
    /// The field's name as the core reports it in `ApiError.field`.
    pub name: AttrValue,
    pub value: AttrValue,
    pub oninput: Callback<String>,
    #[prop_or_default]
    pub error: Option<AttrValue>,
    #[prop_or(AttrValue::Static("text"))]
    pub kind: AttrValue,
    #[prop_or_default]
    pub hint: Option<AttrValue>,
    #[prop_or_default]
    pub autocomplete: Option<AttrValue>,
    #[prop_or_default]
    pub placeholder: Option<AttrValue>,
    /// Extra classes for the field's box, e.g. `wide` to span two columns of a form grid.
    #[prop_or_default]
    pub class: Classes,
    #[prop_or_default]
    pub node_ref: NodeRef,
}

/// One labelled input with its error message beside it.
#[function_component(Field)]
pub fn field(props: &FieldProps) -> Html {
    let oninput = props
        .oninput
        .reform(|event: InputEvent| event.target_unchecked_into::<HtmlInputElement>().value());
    let id = format!("field-{}", props.name);
    let invalid = props.error.is_some();
    html! {
        <div class={classes!("field", invalid.then_some("invalid"), props.class.clone())}>
            <label for={id.clone()}>{ &props.label }</label>
            <input
                {id}
                ref={props.node_ref.clone()}
                name={&props.name}
                type={&props.kind}
                value={&props.value}
                placeholder={props.placeholder.clone()}
                autocomplete={props.autocomplete.clone().unwrap_or(AttrValue::Static("off"))}
                aria-invalid={invalid.to_string()}
                {oninput}
            />
            <FieldNote error={props.error.clone()} hint={props.hint.clone()} />
        </div>
    }
}

#[derive(Debug, Properties, PartialEq)]
pub struct FieldNoteProps {
    pub error: Option<AttrValue>,
    pub hint: Option<AttrValue>,
}

/// The line under a field or a choice: its error when there is one, else its hint.
#[function_component(FieldNote)]
pub fn field_note(props: &FieldNoteProps) -> Html {
    html! {
        <span class="field-note">
            if let Some(error) = &props.error {
                <span class="field-error">{ error }</span>
            } else if let Some(hint) = &props.hint {
                <span class="muted">{ hint }</span>
            }
        </span>
    }
}

/// Moves the keyboard focus to `node` once it is on the page: the `autofocus` attribute is not
/// honoured for elements added after the page loaded.
#[hook]
pub fn use_focus_on_mount(node: NodeRef) {
    use_effect_with((), move |()| {
        if let Some(input) = node.cast::<web_sys::HtmlElement>() {
            let _ = input.focus();
        }
    });
}

/// Tells the shell once the calling screen has been drawn, so the log shows how long the app
/// took to become usable (and `cargo xtask bench` measures its start-up by it). The report
/// waits for the next animation frame, which comes after the browser has laid the screen out.
#[hook]
pub fn use_drawn_report(screen: &'static str) {
    use_effect_with((), move |()| {
        let report = wasm_bindgen::closure::Closure::once_into_js(move || {
            spawn_local(async move {
                // Only the log is lost if this fails; the screen itself is already there.
                let _ = shell::screen_ready(screen).await;
            });
        });
        if let Some(window) = web_sys::window() {
            let _ = window.request_animation_frame(report.unchecked_ref());
        }
    });
}

#[derive(Debug, Properties, PartialEq)]
pub struct ChoiceProps {
    pub label: AttrValue,
    /// The field's name as the core reports it in `ApiError.field`.
    pub name: AttrValue,
    /// The chosen option's value; an empty value is the "none chosen" option.
    pub value: AttrValue,
    /// (value, text) pairs after the empty option.
    pub options: Vec<(AttrValue, AttrValue)>,
    /// The text of the empty option, e.g. "Choose…".
    pub empty: AttrValue,
    pub onchange: Callback<String>,
    #[prop_or_default]
    pub error: Option<AttrValue>,
    #[prop_or_default]
    pub hint: Option<AttrValue>,
}

/// One labelled drop-down list with its error message beside it, the [`Field`] of choices.
#[function_component(Choice)]
pub fn choice(props: &ChoiceProps) -> Html {
    let onchange = props
        .onchange
        .reform(|event: Event| event.target_unchecked_into::<HtmlSelectElement>().value());
    let id = format!("field-{}", props.name);
    let invalid = props.error.is_some();
    html! {
        <div class={classes!("field", invalid.then_some("invalid"))}>
            <label for={id.clone()}>{ &props.label }</label>
            <select {id} name={&props.name} aria-invalid={invalid.to_string()} {onchange}>
                <option value="" selected={props.value.is_empty()}>{ &props.empty }</option>
                { for props.options.iter().map(|(value, text)| html! {
                    <option value={value.clone()} selected={*value == props.value}>{ text }</option>
                }) }
            </select>
            <FieldNote error={props.error.clone()} hint={props.hint.clone()} />
        </div>
    }
}

/// Calls `handler` for every key pressed anywhere in the window while the calling screen is
/// shown, for its shortcuts (Esc, Alt+N). The newest handler is used, so it may capture state.
#[hook]
pub fn use_window_keys(handler: Callback<KeyboardEvent>) {
    let latest = use_mut_ref(|| handler.clone());
    *latest.borrow_mut() = handler;
    use_effect_with((), move |()| {
        let document = web_sys::window().and_then(|window| window.document());
        let listener = document.map(|document| {
            // Not passive, so that a shortcut can stop its key from also being typed.
            let options = EventListenerOptions::enable_prevent_default();
            EventListener::new_with_options(&document, "keydown", options, move |event| {
                if let Some(event) = event.dyn_ref::<KeyboardEvent>() {
                    latest.borrow().emit(event.clone());
                }
            })
        });
        // Dropping the listener unregisters it when the screen goes away.
        move || drop(listener)
    });
}

/// A stored ISO date (`yyyy-mm-dd`) the way the office writes it, `dd/mm/yyyy`; anything else
/// is shown as it is.
pub fn display_date(iso: &str) -> String {
    let parts: Vec<&str> = iso.split('-').collect();
    match parts.as_slice() {
        [year, month, day] if year.len() == 4 && month.len() == 2 && day.len() == 2 => {
            format!("{day}/{month}/{year}")
        }
        _ => iso.to_owned(),
    }
}

/// Today on this PC's calendar, `dd/mm/yyyy`.
pub fn today() -> String {
    let now = js_sys::Date::new_0();
    format!(
        "{:02}/{:02}/{}",
        now.get_date(),
        now.get_month() + 1,
        now.get_full_year()
    )
}

/// A moment in RFC 3339 (as the change log reports it, in UTC) on this PC's clock and
/// calendar: `dd/mm/yyyy hh:mm`.
pub fn local_time(rfc3339: &str) -> String {
    let moment = js_sys::Date::new(&wasm_bindgen::JsValue::from_str(rfc3339));
    // An unreadable time gives an invalid Date, whose getters answer NaN (0 once converted);
    // showing the text as it came is more honest than 00/00/0.
    if moment.get_time().is_nan() {
        return rfc3339.to_owned();
    }
    format!(
        "{:02}/{:02}/{} {:02}:{:02}",
        moment.get_date(),
        moment.get_month() + 1,
        moment.get_full_year(),
        moment.get_hours(),
        moment.get_minutes()
    )
}

/// A count grouped the way Indian offices write it: `1,234` and `1,23,456` (thousands, then
/// lakhs), so that large counts read at a glance.
pub fn group_thousands(number: impl Into<u64>) -> String {
    let digits = number.into().to_string();
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

/// One line of a facts list (`<dl class="facts">`): a dash stands in for an empty value.
pub fn fact(label: &'static str, value: String) -> Html {
    html! {
        <>
            <dt>{ label }</dt>
            <dd>
                if value.trim().is_empty() {
                    <span class="muted">{ "—" }</span>
                } else {
                    { value }
                }
            </dd>
        </>
    }
}

/// `female` as `Female`: stored keys shown as words.
pub fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Whether the permission key is among the signed-in user's permissions. The UI only hides what
/// the role may not do; the core refuses it regardless.
pub fn allowed(session: &SessionInfo, permission: &str) -> bool {
    session.permissions.iter().any(|p| p == permission)
}

/// Paise as the office writes money: `₹1,25,000.00`, Indian digit grouping, always two paise
/// digits, a minus sign in front of the rupee sign for credit. Money is integer paise
/// everywhere, so this is plain integer arithmetic.
pub fn rupees(paise: i64) -> String {
    let sign = if paise < 0 { "−" } else { "" };
    let whole = paise.unsigned_abs();
    format!("{sign}₹{}.{:02}", group_thousands(whole / 100), whole % 100)
}

/// Rupees as typed (`12500`, `12,500.50`, `₹ 1,25,000`) as paise; `None` for anything else,
/// including more than two digits of paise. Parsed as digits, never through a float.
pub fn parse_rupees(text: &str) -> Option<i64> {
    let cleaned: String = text
        .trim()
        .trim_start_matches('₹')
        .chars()
        .filter(|c| *c != ',' && !c.is_whitespace())
        .collect();
    let (whole, fraction) = cleaned.split_once('.').unwrap_or((&cleaned, ""));
    if whole.is_empty() && fraction.is_empty() {
        return None;
    }
    let digits = |part: &str| part.chars().all(|c| c.is_ascii_digit());
    if !digits(whole) || !digits(fraction) || fraction.len() > 2 {
        return None;
    }
    let rupees: i64 = if whole.is_empty() {
        0
    } else {
        whole.parse().ok()?
    };
    let paise: i64 = match fraction.len() {
        0 => 0,
        1 => fraction.parse::<i64>().ok()? * 10,
        _ => fraction.parse().ok()?,
    };
    rupees.checked_mul(100)?.checked_add(paise)
}

/// Paise as an amount field shows them for editing: `12500` or `12500.50`, no grouping, so the
/// text parses back with [`parse_rupees`].
pub fn rupees_for_input(paise: i64) -> String {
    if paise % 100 == 0 {
        (paise / 100).to_string()
    } else {
        format!("{}.{:02}", paise / 100, (paise % 100).abs())
    }
}
