//! The sign-in form.

use campusdesk_shared::office::{SessionInfo, SignIn};
use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

use super::{Draft, Field, FormErrors, edit, use_drawn_report, use_focus_on_mount};
use crate::shell;

#[derive(Debug, Properties, PartialEq)]
pub struct SignInProps {
    /// Why the user is here again (the session ended), shown above the form.
    #[prop_or_default]
    pub notice: Option<String>,
    pub on_signed_in: Callback<SessionInfo>,
}

#[derive(Debug, Clone, PartialEq)]
struct Credentials(SignIn);

impl Default for Credentials {
    fn default() -> Self {
        Credentials(SignIn {
            username: String::new(),
            password: String::new(),
        })
    }
}

#[function_component(SignInForm)]
pub fn sign_in_form(props: &SignInProps) -> Html {
    let draft = use_reducer(Draft::<Credentials>::default);
    let errors = use_state(FormErrors::default);
    let busy = use_state(|| false);
    let first = use_node_ref();
    use_focus_on_mount(first.clone());
    use_drawn_report("sign-in");

    let onsubmit = {
        let (draft, errors, busy) = (draft.clone(), errors.clone(), busy.clone());
        let on_signed_in = props.on_signed_in.clone();
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            if *busy {
                return;
            }
            busy.set(true);
            let request = draft.0.0.clone();
            let (errors, busy, on_signed_in) = (errors.clone(), busy.clone(), on_signed_in.clone());
            spawn_local(async move {
                match shell::sign_in(&request).await {
                    Ok(session) => on_signed_in.emit(session),
                    Err(error) => {
                        errors.set(FormErrors::from_api(&error));
                        busy.set(false);
                    }
                }
            });
        })
    };

    let credentials = &draft.0.0;
    html! {
        <div class="centre">
            <form class="card narrow" {onsubmit} novalidate=true>
                <div class="brand-line">
                    <span class="logo">{ "CD" }</span>
                    <span>{ "CampusDesk" }</span>
                </div>
                <h1>{ "Sign in" }</h1>
                if let Some(notice) = &props.notice {
                    <p class="banner">{ notice }</p>
                }
                if let Some(message) = &errors.general {
                    <p class="banner error">{ message }</p>
                }
                <Field label="Username" name="username" node_ref={first} autocomplete="username"
                    value={AttrValue::from(credentials.username.clone())} error={errors.field("username")}
                    oninput={edit(&draft, |c: &mut Credentials, v| c.0.username = v)} />
                <Field label="Password" name="password" kind="password" autocomplete="current-password"
                    value={AttrValue::from(credentials.password.clone())} error={errors.field("password")}
                    oninput={edit(&draft, |c: &mut Credentials, v| c.0.password = v)} />
                <div class="actions">
                    <button class="primary" type="submit" disabled={*busy}>
                        { if *busy { "Signing in…" } else { "Sign in" } }
                    </button>
                </div>
            </form>
        </div>
    }
}
