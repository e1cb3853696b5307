//! Finding one student by typing: name, admission number or a guardian's phone, with the
//! matches listed under the box as the person types. Forms that are about a student (a leave
//! request, a student's attendance report) start with it.

use std::rc::Rc;

use campusdesk_shared::office::{StudentQuery, StudentRow, StudentStatus};
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::spawn_local;
use web_sys::{HtmlElement, HtmlInputElement, KeyboardEvent};
use yew::prelude::*;

use super::FieldNote;
use crate::shell;

/// How many matches the list shows; typing more narrows it.
const SHOWN: u32 = 8;

#[derive(Debug, Properties, PartialEq)]
pub struct StudentPickerProps {
    pub label: AttrValue,
    /// The field's name as the core reports it (`student_id`).
    pub name: AttrValue,
    /// The chosen student, shown in place of the box until it is changed.
    pub chosen: Option<Rc<StudentRow>>,
    pub on_choose: Callback<Option<Rc<StudentRow>>>,
    #[prop_or_default]
    pub error: Option<AttrValue>,
    #[prop_or_default]
    pub node_ref: NodeRef,
}

#[function_component(StudentPicker)]
pub fn student_picker(props: &StudentPickerProps) -> Html {
    let text = use_state(String::new);
    let matches = use_state(|| Rc::new(Vec::<StudentRow>::new()));
    let latest = use_mut_ref(|| 0_u64);
    let list = use_node_ref();
    {
        let matches = matches.clone();
        use_effect_with((*text).clone(), move |text| {
            let text = text.trim().to_owned();
            let ticket = *latest.borrow() + 1;
            *latest.borrow_mut() = ticket;
            if text.is_empty() {
                matches.set(Rc::new(Vec::new()));
                return;
            }
            spawn_local(async move {
                let query = StudentQuery {
                    text,
                    class_id: None,
                    section_id: None,
                    status: Some(StudentStatus::Active),
                    offset: 0,
                    limit: SHOWN,
                };
                let answer = shell::search_students(&query).await;
                // Only the newest search's answer is shown; older ones arrive late when typing fast.
                if *latest.borrow() == ticket {
                    matches.set(Rc::new(answer.map(|page| page.rows).unwrap_or_default()));
                }
            });
        });
    }
    let id = format!("field-{}", props.name);
    let invalid = props.error.is_some();
    if let Some(student) = &props.chosen {
        let on_choose = props.on_choose.clone();
        return html! {
            <div class={classes!("field", "student-picker", invalid.then_some("invalid"))}>
                <label for={id.clone()}>{ &props.label }</label>
                <div class="chosen-student">
                    <span class="name" data-chosen-student={student.id.clone()}>
                        { format!("{} ({}, {}-{})", student.full_name, student.admission_no,
                            student.class_name, student.section_name) }
                    </span>
                    <button type="button" {id} ref={props.node_ref.clone()} class="link-button"
                        aria-invalid={invalid.to_string()}
                        onclick={move |_| on_choose.emit(None)}>{ "Change" }</button>
                </div>
                <FieldNote error={props.error.clone()} hint={None::<AttrValue>} />
            </div>
        };
    }
    let choose = {
        let (on_choose, text) = (props.on_choose.clone(), text.clone());
        Callback::from(move |row: StudentRow| {
            text.set(String::new());
            on_choose.emit(Some(Rc::new(row)));
        })
    };
    // Down from the box goes into the list; Enter there chooses the first match.
    let onkeydown = {
        let (matches, choose, list) = (matches.clone(), choose.clone(), list.clone());
        Callback::from(move |event: KeyboardEvent| match event.key().as_str() {
            "ArrowDown" => {
                event.prevent_default();
                focus_match(&list, 0);
            }
            "Enter" => {
                if let Some(first) = matches.first() {
                    event.prevent_default();
                    choose.emit(first.clone());
                }
            }
            _ => {}
        })
    };
    html! {
        <div class={classes!("field", "student-picker", invalid.then_some("invalid"))}>
            <label for={id.clone()}>{ &props.label }</label>
            <input {id} ref={props.node_ref.clone()} name={&props.name} value={(*text).clone()}
                placeholder="Name, admission no. or guardian's phone" autocomplete="off"
                aria-invalid={invalid.to_string()}
                oninput={{
                    let text = text.clone();
                    move |event: InputEvent| text.set(event.target_unchecked_into::<HtmlInputElement>().value())
                }}
                {onkeydown} />
            if !matches.is_empty() {
                <ul class="student-matches" ref={list.clone()} role="listbox">
                    { for matches.iter().enumerate().map(|(index, row)| {
                        let chosen = row.clone();
                        let choose = choose.clone();
                        let on_key = {
                            let (choose, list, chosen) = (choose.clone(), list.clone(), chosen.clone());
                            move |event: KeyboardEvent| match event.key().as_str() {
                                "Enter" => { event.prevent_default(); choose.emit(chosen.clone()); }
                                "ArrowDown" => { event.prevent_default(); focus_match(&list, index + 1); }
                                "ArrowUp" => { event.prevent_default(); if index > 0 { focus_match(&list, index - 1); } }
                                _ => {}
                            }
                        };
                        html! {
                            <li role="option" tabindex="0" data-student={row.id.clone()}
                                onclick={move |_| choose.emit(chosen.clone())} onkeydown={on_key}>
                                <span class="name">{ &row.full_name }</span>
                                <span class="muted">
                                    { format!(" {} · {}-{} · {}", row.admission_no, row.class_name,
                                        row.section_name, row.guardian_phone) }
                                </span>
                            </li>
                        }
                    }) }
                </ul>
            }
            <FieldNote error={props.error.clone()} hint={None::<AttrValue>} />
        </div>
    }
}

fn focus_match(list: &NodeRef, index: usize) {
    let item = list
        .cast::<HtmlElement>()
        .and_then(|list| {
            list.children()
                .item(u32::try_from(index).unwrap_or(u32::MAX))
        })
        .and_then(|item| item.dyn_into::<HtmlElement>().ok());
    if let Some(item) = item {
        let _ = item.focus();
    }
}
