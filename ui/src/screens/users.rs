//! Who may sign in on the campus's PCs, and what each role may do: users added, stopped and
//! started again, passwords reset, and each role's permissions ticked module by module. For the
//! school admin; the core refuses all of it to everyone else whatever this screen shows.

use std::collections::BTreeSet;
use std::rc::Rc;

use campusdesk_shared::ErrorCode;
use campusdesk_shared::office::{NewUser, PermissionInfo, RoleRow, SessionInfo, UserRow};
use wasm_bindgen_futures::spawn_local;
use web_sys::{HtmlInputElement, KeyboardEvent};
use yew::prelude::*;

use super::{
    Choice, Draft, Field, Loaded, allowed, capitalised, enter_saves, esc_cancels,
    use_focus_on_mount, use_form, use_window_keys,
};
use crate::shell;

#[derive(Debug, Clone, Copy, PartialEq)]
enum Tab {
    Users,
    Roles,
}

#[derive(Debug, Properties, PartialEq)]
pub struct UsersAndRolesProps {
    pub session: SessionInfo,
    /// Called when the shell says no one is signed in any more.
    pub session_ended: Callback<()>,
}

#[function_component(UsersAndRoles)]
pub fn users_and_roles(props: &UsersAndRolesProps) -> Html {
    let can_users = allowed(&props.session, "users.manage");
    let can_roles = allowed(&props.session, "roles.manage");
    let tab = use_state(|| if can_users { Tab::Users } else { Tab::Roles });
    let roles = use_state(|| Loaded::<Rc<Vec<RoleRow>>>::Loading);
    let reloads = use_state(|| 0_u32);
    {
        let roles = roles.clone();
        let session_ended = props.session_ended.clone();
        use_effect_with(*reloads, move |_| {
            spawn_local(async move {
                match shell::roles().await {
                    Ok(list) => roles.set(Loaded::Ready(Rc::new(list))),
                    Err(error) if error.code == ErrorCode::NotSignedIn => session_ended.emit(()),
                    Err(error) => roles.set(Loaded::Failed(error.message)),
                }
            });
        });
    }
    let reload_roles = {
        let reloads = reloads.clone();
        Callback::from(move |()| reloads.set(*reloads + 1))
    };
    let tab_button = |which: Tab, label: &'static str, key: &'static str| {
        let chosen = *tab == which;
        let tab = tab.clone();
        html! {
            <button type="button" role="tab" data-tab={key}
                class={classes!("tab", chosen.then_some("active"))}
                aria-selected={chosen.to_string()} onclick={move |_| tab.set(which)}>
                { label }
            </button>
        }
    };

    let body = match &*roles {
        Loaded::Loading => html! { <p class="empty muted">{ "Loading…" }</p> },
        Loaded::Failed(message) => html! { <p class="banner error page-banner">{ message }</p> },
        Loaded::Ready(roles) => match *tab {
            Tab::Users => html! {
                <UserList session={props.session.clone()} roles={roles.clone()}
                    session_ended={props.session_ended.clone()} />
            },
            Tab::Roles => html! {
                <RoleEditor roles={roles.clone()} can_edit={can_roles} on_saved={reload_roles}
                    session_ended={props.session_ended.clone()} />
            },
        },
    };
    html! {
        <div class="people">
            <header class="toolbar">
                <h1>{ "Users and roles" }</h1>
                <div class="tabs" role="tablist" aria-label="Users and roles">
                    if can_users {
                        { tab_button(Tab::Users, "Users", "users") }
                    }
                    { tab_button(Tab::Roles, "Roles and permissions", "roles") }
                </div>
            </header>
            { body }
        </div>
    }
}

/// What opens above the user list: nothing, the new-user form, or a password reset.
#[derive(Debug, Clone, PartialEq)]
enum Panel {
    Closed,
    Add,
    Reset(Rc<UserRow>),
}

#[derive(Debug, Properties, PartialEq)]
struct UserListProps {
    session: SessionInfo,
    roles: Rc<Vec<RoleRow>>,
    session_ended: Callback<()>,
}

#[function_component(UserList)]
fn user_list(props: &UserListProps) -> Html {
    let users = use_state(|| Loaded::<Rc<Vec<UserRow>>>::Loading);
    let reloads = use_state(|| 0_u32);
    let panel = use_state(|| Panel::Closed);
    // What the last action did, or why it was refused: (is an error, sentence).
    let notice = use_state(|| None::<(bool, String)>);
    {
        let users = users.clone();
        let session_ended = props.session_ended.clone();
        use_effect_with(*reloads, move |_| {
            spawn_local(async move {
                match shell::users().await {
                    Ok(list) => users.set(Loaded::Ready(Rc::new(list))),
                    Err(error) if error.code == ErrorCode::NotSignedIn => session_ended.emit(()),
                    Err(error) => users.set(Loaded::Failed(error.message)),
                }
            });
        });
    }
    let open_add = {
        let (panel, notice) = (panel.clone(), notice.clone());
        Callback::from(move |()| {
            notice.set(None);
            panel.set(Panel::Add);
        })
    };
    {
        let open_add = open_add.clone();
        let closed = *panel == Panel::Closed;
        use_window_keys(Callback::from(move |event: KeyboardEvent| {
            if closed
                && event.alt_key()
                && !event.ctrl_key()
                && !event.meta_key()
                && event.code() == "KeyN"
            {
                event.prevent_default();
                open_add.emit(());
            }
        }));
    }
    let close_panel = {
        let panel = panel.clone();
        Callback::from(move |()| panel.set(Panel::Closed))
    };
    // A panel's work is done: close it, say what happened and read the list again.
    let done = {
        let (panel, notice, reloads) = (panel.clone(), notice.clone(), reloads.clone());
        Callback::from(move |message: String| {
            panel.set(Panel::Closed);
            notice.set(Some((false, message)));
            reloads.set(*reloads + 1);
        })
    };
    let set_active = {
        let (notice, reloads) = (notice.clone(), reloads.clone());
        let session_ended = props.session_ended.clone();
        Callback::from(move |(user, active): (Rc<UserRow>, bool)| {
            let (notice, reloads, session_ended) =
                (notice.clone(), reloads.clone(), session_ended.clone());
            spawn_local(async move {
                match shell::set_user_active(&user.id, active).await {
                    Ok(()) => {
                        let what = if active {
                            "can sign in again"
                        } else {
                            "can no longer sign in"
                        };
                        notice.set(Some((
                            false,
                            format!("{} ({}) {what}.", user.full_name, user.username),
                        )));
                        reloads.set(*reloads + 1);
                    }
                    Err(error) if error.code == ErrorCode::NotSignedIn => session_ended.emit(()),
                    Err(error) => notice.set(Some((true, error.message))),
                }
            });
        })
    };

    let role_name = |key: &str| {
        props
            .roles
            .iter()
            .find(|role| role.key == key)
            .map_or_else(|| key.to_owned(), |role| role.name.clone())
    };
    let counts = match &*users {
        Loaded::Ready(list) => Some((list.len(), list.iter().filter(|u| u.active).count())),
        _ => None,
    };
    html! {
        <div class="tab-body users">
            <div class="subbar">
                <button type="button" class="primary" title="Add a user (Alt+N)" aria-keyshortcuts="Alt+N"
                    disabled={*panel == Panel::Add} onclick={open_add.reform(|_| ())}>
                    { "Add user" }<kbd>{ "Alt+N" }</kbd>
                </button>
                if let Some((all, active)) = counts {
                    <span class="toolbar-count">
                        <span class="num">{ all }</span>{ if all == 1 { " user, " } else { " users, " } }
                        <span class="num">{ active }</span>{ " active" }
                    </span>
                }
            </div>
            if let Some((error, message)) = &*notice {
                <p class={classes!("banner", "page-banner", error.then_some("error"))} role="status">{ message }</p>
            }
            { match &*panel {
                Panel::Closed => html! {},
                Panel::Add => html! {
                    <AddUserForm roles={props.roles.clone()}
                        offer_super_admin={props.session.role == "super_admin"}
                        on_added={done.reform(|username: String| format!("Added {username}. They can sign in now."))}
                        on_cancel={close_panel} session_ended={props.session_ended.clone()} />
                },
                Panel::Reset(user) => html! {
                    <ResetPasswordForm user={user.clone()}
                        on_reset={done.reform({
                            let name = format!("{} ({})", user.full_name, user.username);
                            move |()| format!("New password set for {name}. Tell them to sign in with it.")
                        })}
                        on_cancel={close_panel} session_ended={props.session_ended.clone()} />
                },
            } }
            <div class="table-wrap">
                { match &*users {
                    Loaded::Loading => html! { <p class="empty muted">{ "Loading…" }</p> },
                    Loaded::Failed(message) => html! { <p class="banner error">{ message }</p> },
                    Loaded::Ready(list) => html! {
                        <table class="grid user-list">
                            <thead>
                                <tr>
                                    <th>{ "Username" }</th>
                                    <th>{ "Full name" }</th>
                                    <th>{ "Role" }</th>
                                    <th>{ "Status" }</th>
                                    <th></th>
                                </tr>
                            </thead>
                            <tbody>
                                { for list.iter().map(|user| {
                                    let user = Rc::new(user.clone());
                                    let own = user.id == props.session.user_id;
                                    let reset = {
                                        let (panel, notice, user) = (panel.clone(), notice.clone(), user.clone());
                                        move |_: MouseEvent| {
                                            notice.set(None);
                                            panel.set(Panel::Reset(user.clone()));
                                        }
                                    };
                                    let toggle = {
                                        let (set_active, user) = (set_active.clone(), user.clone());
                                        move |_: MouseEvent| set_active.emit((user.clone(), !user.active))
                                    };
                                    html! {
                                        <tr key={user.id.clone()} data-user={user.username.clone()}
                                            class={classes!((!user.active).then_some("inactive"))}>
                                            <td class="code">{ &user.username }</td>
                                            <td class="name">
                                                { &user.full_name }
                                                if own { <span class="muted">{ " (you)" }</span> }
                                            </td>
                                            <td>{ role_name(&user.role) }</td>
                                            <td>
                                                <span class={classes!("status", if user.active { "active" } else { "inactive" })}>
                                                    { if user.active { "Active" } else { "Inactive" } }
                                                </span>
                                            </td>
                                            <td class="row-actions">
                                                <button type="button" class="small" onclick={reset}>{ "Reset password" }</button>
                                                <button type="button" class="small" onclick={toggle}
                                                    disabled={own && user.active}
                                                    title={(own && user.active).then_some("You cannot deactivate your own account")}>
                                                    { if user.active { "Deactivate" } else { "Reactivate" } }
                                                </button>
                                            </td>
                                        </tr>
                                    }
                                }) }
                            </tbody>
                        </table>
                    },
                } }
            </div>
        </div>
    }
}

#[derive(Debug, Properties, PartialEq)]
struct AddUserFormProps {
    roles: Rc<Vec<RoleRow>>,
    /// Only a super admin may make another; the core refuses it to anyone else.
    offer_super_admin: bool,
    /// Called with the new user's username.
    on_added: Callback<String>,
    on_cancel: Callback<()>,
    session_ended: Callback<()>,
}

#[function_component(AddUserForm)]
fn add_user_form(props: &AddUserFormProps) -> Html {
    let draft = use_reducer(Draft::<NewUser>::default);
    let form_ref = use_node_ref();
    let form = use_form(form_ref.clone(), props.session_ended.clone());
    let first = use_node_ref();
    use_focus_on_mount(first.clone());
    use_window_keys(esc_cancels(props.on_cancel.clone()));
    let save = {
        let (draft, form, on_added) = (draft.clone(), form.clone(), props.on_added.clone());
        Callback::from(move |()| {
            let user = draft.0.clone();
            let on_added = on_added.clone();
            let username = user.username.trim().to_lowercase();
            form.submit(async move { shell::create_user(&user).await }, move |_| {
                on_added.emit(username)
            });
        })
    };
    let on = |name: &'static str, apply: fn(&mut NewUser, String)| form.edit(&draft, name, apply);
    let value = |text: &str| AttrValue::from(text.to_owned());
    let role_options: Vec<(AttrValue, AttrValue)> = props
        .roles
        .iter()
        .filter(|role| props.offer_super_admin || role.key != "super_admin")
        .map(|role| (value(&role.key), value(&role.name)))
        .collect();
    let user = &draft.0;
    html! {
        <form class="panel add-panel" ref={form_ref} novalidate=true onkeydown={enter_saves(save.clone())}
            onsubmit={save.reform(|event: SubmitEvent| event.prevent_default())}>
            <h2>{ "Add a user" }</h2>
            if let Some(message) = &form.errors.general {
                <p class="banner error" role="alert">{ message }</p>
            }
            <div class="form-grid">
                <Field label="Username" name="username" node_ref={first} autocomplete="off"
                    hint="Letters, digits, dot, dash, underscore"
                    value={value(&user.username)} error={form.field("username")}
                    oninput={on("username", |u, v| u.username = v)} />
                <Field label="Full name" name="full_name"
                    value={value(&user.full_name)} error={form.field("full_name")}
                    oninput={on("full_name", |u, v| u.full_name = v)} />
                <Choice label="Role" name="role" empty="Choose…" options={role_options}
                    value={value(&user.role)} error={form.field("role")}
                    onchange={on("role", |u, v| u.role = v)} />
                <Field label="Password" name="password" kind="password" autocomplete="new-password"
                    hint="At least 8 characters"
                    value={value(&user.password)} error={form.field("password")}
                    oninput={on("password", |u, v| u.password = v)} />
            </div>
            <div class="actions">
                <button type="button" title="Cancel (Esc)" onclick={props.on_cancel.reform(|_| ())}>
                    { "Cancel" }<kbd>{ "Esc" }</kbd>
                </button>
                <button type="submit" class="primary" disabled={*form.busy} title="Add the user (Enter)">
                    { if *form.busy { "Adding…" } else { "Add user" } }<kbd>{ "Enter" }</kbd>
                </button>
            </div>
        </form>
    }
}

#[derive(Debug, Properties, PartialEq)]
struct ResetPasswordFormProps {
    user: Rc<UserRow>,
    on_reset: Callback<()>,
    on_cancel: Callback<()>,
    session_ended: Callback<()>,
}

#[function_component(ResetPasswordForm)]
fn reset_password_form(props: &ResetPasswordFormProps) -> Html {
    let password = use_state(String::new);
    let form_ref = use_node_ref();
    let form = use_form(form_ref.clone(), props.session_ended.clone());
    let first = use_node_ref();
    use_focus_on_mount(first.clone());
    use_window_keys(esc_cancels(props.on_cancel.clone()));
    let save = {
        let (password, form, on_reset) = (password.clone(), form.clone(), props.on_reset.clone());
        let user_id = props.user.id.clone();
        Callback::from(move |()| {
            let (id, typed, on_reset) = (user_id.clone(), (*password).clone(), on_reset.clone());
            form.submit(
                async move { shell::reset_password(&id, &typed).await },
                move |()| on_reset.emit(()),
            );
        })
    };
    let oninput = {
        let (password, form) = (password.clone(), form.clone());
        Callback::from(move |value: String| {
            form.forget("password");
            password.set(value);
        })
    };
    let user = &props.user;
    html! {
        <form class="panel add-panel" ref={form_ref} novalidate=true onkeydown={enter_saves(save.clone())}
            onsubmit={save.reform(|event: SubmitEvent| event.prevent_default())}>
            <h2>{ format!("New password for {} ({})", user.full_name, user.username) }</h2>
            if let Some(message) = &form.errors.general {
                <p class="banner error" role="alert">{ message }</p>
            }
            <div class="inline-form">
                <Field label="New password" name="new_password" kind="password" node_ref={first}
                    autocomplete="new-password" hint="At least 8 characters"
                    value={AttrValue::from((*password).clone())} error={form.field("password")} {oninput} />
                <button type="button" title="Cancel (Esc)" onclick={props.on_cancel.reform(|_| ())}>
                    { "Cancel" }<kbd>{ "Esc" }</kbd>
                </button>
                <button type="submit" class="primary" disabled={*form.busy}>{ "Set password" }</button>
            </div>
        </form>
    }
}

#[derive(Debug, Properties, PartialEq)]
struct RoleEditorProps {
    roles: Rc<Vec<RoleRow>>,
    /// The session may change permissions (`roles.manage`); without it the grid is read-only.
    can_edit: bool,
    /// A role was saved: read the roles again.
    on_saved: Callback<()>,
    session_ended: Callback<()>,
}

/// The roles on the left; on the right the chosen role's permissions, ticked module by module.
#[function_component(RoleEditor)]
fn role_editor(props: &RoleEditorProps) -> Html {
    let catalogue = use_state(|| Loaded::<Rc<Vec<PermissionInfo>>>::Loading);
    let chosen = use_state(|| {
        props
            .roles
            .iter()
            .find(|role| role.key != "super_admin")
            .or(props.roles.first())
            .map(|role| role.key.clone())
    });
    let ticked = use_state(BTreeSet::<String>::new);
    let saved_notice = use_state(|| false);
    let form_ref = use_node_ref();
    let form = use_form(form_ref.clone(), props.session_ended.clone());
    {
        let catalogue = catalogue.clone();
        use_effect_with((), move |()| {
            spawn_local(async move {
                match shell::permission_catalogue().await {
                    Ok(list) => catalogue.set(Loaded::Ready(Rc::new(list))),
                    Err(error) => catalogue.set(Loaded::Failed(error.message)),
                }
            });
        });
    }
    let role = (*chosen)
        .as_ref()
        .and_then(|key| props.roles.iter().find(|role| &role.key == key))
        .cloned();
    let stored: BTreeSet<String> = role
        .as_ref()
        .map(|role| role.permissions.iter().cloned().collect())
        .unwrap_or_default();
    {
        // The boxes start as the role has them stored: on choosing a role and after saving.
        let (ticked, form) = (ticked.clone(), form.clone());
        use_effect_with(((*chosen).clone(), stored.clone()), move |(_, stored)| {
            ticked.set(stored.clone());
            form.clear();
        });
    }
    let choose = {
        let (chosen, saved_notice) = (chosen.clone(), saved_notice.clone());
        Callback::from(move |key: String| {
            saved_notice.set(false);
            chosen.set(Some(key));
        })
    };
    let editable = props.can_edit && role.as_ref().is_some_and(|role| role.key != "super_admin");
    let dirty = *ticked != stored;
    let save = {
        let (ticked, form, saved_notice) = (ticked.clone(), form.clone(), saved_notice.clone());
        let on_saved = props.on_saved.clone();
        let key = role.as_ref().map(|role| role.key.clone());
        Callback::from(move |()| {
            let Some(key) = key.clone() else {
                return;
            };
            if !editable {
                return;
            }
            let permissions: Vec<String> = ticked.iter().cloned().collect();
            let (on_saved, saved_notice) = (on_saved.clone(), saved_notice.clone());
            form.submit(
                async move { shell::set_role_permissions(&key, &permissions).await },
                move |()| {
                    saved_notice.set(true);
                    on_saved.emit(());
                },
            );
        })
    };
    let undo = {
        let (ticked, stored, form) = (ticked.clone(), stored.clone(), form.clone());
        Callback::from(move |()| {
            ticked.set(stored.clone());
            form.clear();
        })
    };
    let toggle = |key: String| {
        let (ticked, saved_notice, form) = (ticked.clone(), saved_notice.clone(), form.clone());
        Callback::from(move |event: Event| {
            let on = event.target_unchecked_into::<HtmlInputElement>().checked();
            let mut next = (*ticked).clone();
            if on {
                next.insert(key.clone());
            } else {
                next.remove(&key);
            }
            saved_notice.set(false);
            form.clear();
            ticked.set(next);
        })
    };
    let total = match &*catalogue {
        Loaded::Ready(list) => list.len(),
        _ => 0,
    };

    html! {
        <div class="tab-body roles-body">
            <section class="panel role-list">
                <h2>{ "Roles" }</h2>
                <table class="grid compact">
                    <thead><tr><th>{ "Role" }</th><th class="num">{ "Permissions" }</th></tr></thead>
                    <tbody>
                        { for props.roles.iter().map(|listed| {
                            let active = chosen.as_deref() == Some(listed.key.as_str());
                            let key = listed.key.clone();
                            let pick = choose.reform(move |_: MouseEvent| key.clone());
                            let keys = {
                                let (choose, key) = (choose.clone(), listed.key.clone());
                                move |event: KeyboardEvent| {
                                    if event.key() == "Enter" || event.key() == " " {
                                        event.prevent_default();
                                        choose.emit(key.clone());
                                    }
                                }
                            };
                            html! {
                                <tr key={listed.key.clone()} data-role={listed.key.clone()} tabindex="0"
                                    class={classes!("pickable", active.then_some("selected"))}
                                    aria-selected={active.to_string()} onclick={pick} onkeydown={keys}>
                                    <td class="name">{ &listed.name }</td>
                                    <td class="num muted">
                                        { if total > 0 { format!("{} of {total}", listed.permissions.len()) }
                                          else { listed.permissions.len().to_string() } }
                                    </td>
                                </tr>
                            }
                        }) }
                    </tbody>
                </table>
            </section>
            <form class="panel permission-editor" ref={form_ref} novalidate=true
                onkeydown={{
                    let (enter, esc) = (enter_saves(save.clone()), esc_cancels(undo.clone()));
                    move |event: KeyboardEvent| {
                        esc.emit(event.clone());
                        enter.emit(event);
                    }
                }}
                onsubmit={save.reform(|event: SubmitEvent| event.prevent_default())}>
                if let Some(role) = &role {
                    <div class="detail-head">
                        <h2>{ format!("What a {} may do", role.name.to_lowercase()) }</h2>
                        if dirty {
                            <span class="tag">{ "Unsaved changes" }</span>
                        }
                        <span class="toolbar-actions">
                            <button type="button" disabled={!dirty || *form.busy} title="Undo the changes (Esc)"
                                onclick={undo.reform(|_| ())}>
                                { "Undo changes" }
                            </button>
                            <button type="submit" class="primary" disabled={!editable || !dirty || *form.busy}
                                title="Save (Enter)">
                                { if *form.busy { "Saving…" } else { "Save permissions" } }
                            </button>
                        </span>
                    </div>
                    if role.key == "super_admin" {
                        <p class="banner">{ "The super admin role always has every permission." }</p>
                    } else if !props.can_edit {
                        <p class="banner">{ "Your role may see the roles but not change them." }</p>
                    }
                    if let Some(message) = &form.errors.general {
                        <p class="banner error" role="alert">{ message }</p>
                    }
                    { for form.errors.fields.values().map(|message| html! {
                        <p class="banner error" role="alert">{ message }</p>
                    }) }
                    if *saved_notice && !dirty {
                        <p class="banner" role="status">
                            { "Saved. People with this role get the change when they next sign in." }
                        </p>
                    }
                    { match &*catalogue {
                        Loaded::Loading => html! { <p class="muted">{ "Loading…" }</p> },
                        Loaded::Failed(message) => html! { <p class="banner error">{ message }</p> },
                        Loaded::Ready(list) => html! {
                            <div class="permission-groups">
                                { for modules(list).into_iter().map(|(module, permissions)| html! {
                                    <fieldset class="permission-group" key={module.to_owned()}>
                                        <legend>{ module_title(module) }</legend>
                                        { for permissions.into_iter().map(|permission| {
                                            let id = format!("permission-{}", permission.key);
                                            html! {
                                                <label class="check" for={id.clone()} key={permission.key.clone()}>
                                                    <input type="checkbox" {id} value={permission.key.clone()}
                                                        checked={ticked.contains(&permission.key)}
                                                        disabled={!editable}
                                                        onchange={toggle(permission.key.clone())} />
                                                    <span>{ capitalised(&permission.description) }</span>
                                                </label>
                                            }
                                        }) }
                                    </fieldset>
                                }) }
                            </div>
                        },
                    } }
                } else {
                    <p class="muted">{ "Choose a role." }</p>
                }
            </form>
        </div>
    }
}

/// The catalogue grouped by module (the part of a key before its dot), in catalogue order.
fn modules(catalogue: &[PermissionInfo]) -> Vec<(&str, Vec<&PermissionInfo>)> {
    let mut groups: Vec<(&str, Vec<&PermissionInfo>)> = Vec::new();
    for permission in catalogue {
        let module = permission
            .key
            .split_once('.')
            .map_or(permission.key.as_str(), |(module, _)| module);
        match groups.iter_mut().find(|(name, _)| *name == module) {
            Some((_, members)) => members.push(permission),
            None => groups.push((module, vec![permission])),
        }
    }
    groups
}

fn module_title(module: &str) -> String {
    match module {
        "school" => "School settings".to_owned(),
        other => capitalised(other),
    }
}
