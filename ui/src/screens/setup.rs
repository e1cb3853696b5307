//! First run on a PC: create the campus and its school admin, then show the recovery key once.

use campusdesk_shared::office::{NewCampus, RecoveryKey};
use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

use super::{Draft, Field, FormErrors, edit, use_focus_on_mount};
use crate::shell;

#[derive(Debug, Clone, PartialEq, Default)]
struct SetupForm {
    campus: NewCampus,
    /// Typed twice because a mistyped admin password would lock the school out on day one.
    confirm_password: String,
}

#[derive(Debug, Properties, PartialEq)]
pub struct SetupProps {
    pub on_created: Callback<RecoveryKey>,
}

#[function_component(Setup)]
pub fn setup(props: &SetupProps) -> Html {
    let draft = use_reducer(Draft::<SetupForm>::default);
    let errors = use_state(FormErrors::default);
    let busy = use_state(|| false);
    let first = use_node_ref();
    use_focus_on_mount(first.clone());

    let onsubmit = {
        let (draft, errors, busy) = (draft.clone(), errors.clone(), busy.clone());
        let on_created = props.on_created.clone();
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            if *busy {
                return;
            }
            let form = draft.0.clone();
            if form.campus.admin_password != form.confirm_password {
                let mut mismatch = FormErrors::default();
                mismatch
                    .fields
                    .insert("confirm_password".into(), "The two passwords differ".into());
                errors.set(mismatch);
                return;
            }
            busy.set(true);
            let (errors, busy, on_created) = (errors.clone(), busy.clone(), on_created.clone());
            spawn_local(async move {
                match shell::create_campus(&form.campus).await {
                    Ok(key) => on_created.emit(key),
                    Err(error) => {
                        errors.set(FormErrors::from_api(&error));
                        busy.set(false);
                    }
                }
            });
        })
    };

    let form = &draft.0;
    let value = |text: &str| AttrValue::from(text.to_owned());
    html! {
        <div class="centre">
            <form class="card wide" {onsubmit} novalidate=true>
                <h1>{ "Set up CampusDesk on this PC" }</h1>
                <p class="muted">
                    { "Enter your campus and the school administrator who will add the other \
                       staff. Everything stays on this PC, encrypted." }
                </p>
                if let Some(message) = &errors.general {
                    <p class="banner error">{ message }</p>
                }
                <fieldset>
                    <legend>{ "Campus" }</legend>
                    <Field label="School name" name="school_name" node_ref={first}
                        value={value(&form.campus.school_name)} error={errors.field("school_name")}
                        oninput={edit(&draft, |f: &mut SetupForm, v| f.campus.school_name = v)} />
                    <Field label="Campus name" name="campus_name"
                        value={value(&form.campus.campus_name)} error={errors.field("campus_name")}
                        oninput={edit(&draft, |f: &mut SetupForm, v| f.campus.campus_name = v)} />
                    <Field label="Campus code" name="campus_code" hint="Short, e.g. GIS: printed on receipts"
                        value={value(&form.campus.campus_code)} error={errors.field("campus_code")}
                        oninput={edit(&draft, |f: &mut SetupForm, v| f.campus.campus_code = v)} />
                    <Field label="PC code" name="device_code" hint="This PC within the campus, e.g. PC1"
                        value={value(&form.campus.device_code)} error={errors.field("device_code")}
                        oninput={edit(&draft, |f: &mut SetupForm, v| f.campus.device_code = v)} />
                    <Field label="Address" name="address"
                        value={value(&form.campus.address)} error={errors.field("address")}
                        oninput={edit(&draft, |f: &mut SetupForm, v| f.campus.address = v)} />
                </fieldset>
                <fieldset>
                    <legend>{ "School administrator" }</legend>
                    <Field label="Full name" name="admin_full_name"
                        value={value(&form.campus.admin_full_name)} error={errors.field("admin_full_name")}
                        oninput={edit(&draft, |f: &mut SetupForm, v| f.campus.admin_full_name = v)} />
                    <Field label="Username" name="admin_username" autocomplete="username"
                        value={value(&form.campus.admin_username)} error={errors.field("admin_username")}
                        oninput={edit(&draft, |f: &mut SetupForm, v| f.campus.admin_username = v)} />
                    <Field label="Password" name="admin_password" kind="password" autocomplete="new-password"
                        value={value(&form.campus.admin_password)} error={errors.field("admin_password")}
                        oninput={edit(&draft, |f: &mut SetupForm, v| f.campus.admin_password = v)} />
                    <Field label="Password again" name="confirm_password" kind="password" autocomplete="new-password"
                        value={value(&form.confirm_password)} error={errors.field("confirm_password")}
                        oninput={edit(&draft, |f: &mut SetupForm, v| f.confirm_password = v)} />
                </fieldset>
                <div class="actions">
                    <button class="primary" type="submit" disabled={*busy}>
                        { if *busy { "Creating campus…" } else { "Create campus" } }
                    </button>
                </div>
            </form>
        </div>
    }
}

#[derive(Debug, Properties, PartialEq)]
pub struct RecoveryKeyProps {
    pub recovery: RecoveryKey,
    pub on_continue: Callback<()>,
}

/// The recovery key, shown once, with a Print button: the printed sheet is what opens the
/// campus's data on a replacement PC.
#[function_component(RecoveryKeySheet)]
pub fn recovery_key_sheet(props: &RecoveryKeyProps) -> Html {
    let print = Callback::from(|_: MouseEvent| {
        if let Some(window) = web_sys::window() {
            let _ = window.print();
        }
    });
    let key = &props.recovery;
    html! {
        <div class="centre">
            <section class="card wide recovery">
                <h1>{ "Campus created" }</h1>
                <p>
                    { "Recovery key for " }<strong>{ &key.campus_name }</strong>
                    { format!(" ({})", key.campus_code) }
                </p>
                <p class="recovery-key">{ &key.key }</p>
                <p>
                    { "Print this page and keep it locked away. Without this key, the campus's \
                       data cannot be opened on another PC or restored from a backup. It is not \
                       shown again." }
                </p>
                <div class="actions no-print">
                    <button type="button" onclick={print}>{ "Print" }</button>
                    <button class="primary" type="button"
                        onclick={props.on_continue.reform(|_| ())}>{ "Continue to sign in" }</button>
                </div>
            </section>
        </div>
    }
}
