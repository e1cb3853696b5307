//! Fees at the counter: find the student, see what they owe installment by installment, take a
//! payment in three keyboard steps and print its receipt; the student's ledger and receipts,
//! where a receipt can be cancelled with a reason (`fees/ledger.rs`). `fees/setup.rs` sets the
//! fees up and `fees/reports.rs` holds the fee reports and the cashier's day close.

pub mod ledger;
pub mod reports;
pub mod setup;

use std::rc::Rc;

use campusdesk_shared::ErrorCode;
use campusdesk_shared::fees::{
    ClockWarning, InstallmentDue, InstallmentStatus, PaymentInput, PaymentMode, Receipt,
    ReceiptLayout, ReceiptLineKind, StudentDues,
};
use campusdesk_shared::office::{SessionInfo, StudentRow};
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::spawn_local;
use web_sys::{Element, HtmlElement, HtmlInputElement, HtmlSelectElement, KeyboardEvent};
use yew::prelude::*;

use super::student_picker::StudentPicker;
use super::{
    Draft, Field, Loaded, allowed, display_date, esc_cancels, local_time, parse_rupees, reset,
    rupees, rupees_for_input, use_focus_on_mount, use_form, use_window_keys,
};
use crate::shell;
use ledger::{LedgerView, ReceiptsView};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tab {
    Dues,
    Ledger,
    Receipts,
}

impl Tab {
    const ALL: [Tab; 3] = [Tab::Dues, Tab::Ledger, Tab::Receipts];

    fn title(self) -> &'static str {
        match self {
            Tab::Dues => "Dues and payment",
            Tab::Ledger => "Ledger",
            Tab::Receipts => "Receipts",
        }
    }

    fn key(self) -> &'static str {
        match self {
            Tab::Dues => "dues",
            Tab::Ledger => "ledger",
            Tab::Receipts => "receipts",
        }
    }

    /// The letter of the tab's Alt shortcut.
    fn shortcut(self) -> &'static str {
        match self {
            Tab::Dues => "D",
            Tab::Ledger => "L",
            Tab::Receipts => "R",
        }
    }
}

#[derive(Debug, Properties, PartialEq)]
pub struct FeeCounterProps {
    pub session: SessionInfo,
    pub session_ended: Callback<()>,
}

#[function_component(FeeCounter)]
pub fn fee_counter(props: &FeeCounterProps) -> Html {
    let can_collect = allowed(&props.session, "fees.collect");
    let can_cancel = allowed(&props.session, "fees.cancel");
    let student = use_state(|| None::<Rc<StudentRow>>);
    let tab = use_state(|| Tab::Dues);
    // Bumped after a payment or a cancellation, so every view of the student is read again.
    let reloads = use_state(|| 0_u32);
    let dues = use_state(|| Loaded::<Rc<StudentDues>>::Loading);
    // The receipt just issued, shown in place of the payment form until the next payment.
    let issued = use_state(|| None::<Rc<Receipt>>);
    let clock = use_state(|| None::<ClockWarning>);
    let picker = use_node_ref();
    // Counts requests to put the keyboard in the student box (Alt+F), which is drawn anew.
    let find_requests = use_state(|| 0_u32);
    use_focus_on_mount(picker.clone());
    {
        let picker = picker.clone();
        use_effect_with(*find_requests, move |_| {
            if let Some(input) = picker.cast::<HtmlElement>() {
                let _ = input.focus();
            }
        });
    }
    {
        let dues = dues.clone();
        let session_ended = props.session_ended.clone();
        let student_id = student.as_ref().map(|s| s.id.clone());
        use_effect_with((student_id, *reloads), move |(student_id, _)| {
            let Some(student_id) = student_id.clone() else {
                return;
            };
            dues.set(Loaded::Loading);
            spawn_local(async move {
                match shell::student_dues(&student_id).await {
                    Ok(found) => dues.set(Loaded::Ready(Rc::new(found))),
                    Err(error) if error.code == ErrorCode::NotSignedIn => session_ended.emit(()),
                    Err(error) => dues.set(Loaded::Failed(error.message)),
                }
            });
        });
    }
    {
        // The PC's clock dates every receipt: the counter says so before the first one when
        // the clock disagrees with the server's time last heard.
        let clock = clock.clone();
        use_effect_with(*reloads, move |_| {
            if can_collect {
                spawn_local(async move {
                    clock.set(shell::receipt_clock_warning().await.ok().flatten());
                });
            }
        });
    }
    let choose_student = {
        let (student, issued, tab) = (student.clone(), issued.clone(), tab.clone());
        Callback::from(move |chosen: Option<Rc<StudentRow>>| {
            issued.set(None);
            tab.set(Tab::Dues);
            student.set(chosen);
        })
    };
    {
        let (choose_student, tab, find_requests) =
            (choose_student.clone(), tab.clone(), find_requests.clone());
        let chosen = student.is_some();
        use_window_keys(Callback::from(move |event: KeyboardEvent| {
            if !event.alt_key() || event.ctrl_key() {
                return;
            }
            let wanted = match event.code().as_str() {
                "KeyF" => {
                    event.prevent_default();
                    choose_student.emit(None);
                    find_requests.set(*find_requests + 1);
                    return;
                }
                "KeyD" => Tab::Dues,
                "KeyL" => Tab::Ledger,
                "KeyR" => Tab::Receipts,
                _ => return,
            };
            if chosen {
                event.prevent_default();
                tab.set(wanted);
            }
        }));
    }
    let collected = {
        let (issued, reloads) = (issued.clone(), reloads.clone());
        Callback::from(move |receipt: Receipt| {
            issued.set(Some(Rc::new(receipt)));
            reloads.set(*reloads + 1);
        })
    };
    let changed = {
        let reloads = reloads.clone();
        Callback::from(move |()| reloads.set(*reloads + 1))
    };
    let next_payment = {
        let issued = issued.clone();
        Callback::from(move |()| issued.set(None))
    };

    html! {
        <div class="people fees-counter">
            <header class="toolbar">
                <h1>{ "Fee counter" }</h1>
                if student.is_some() {
                    <div class="tabs" role="tablist">
                        { for Tab::ALL.iter().map(|t| {
                            let t = *t;
                            let active = *tab == t;
                            let tab = tab.clone();
                            html! {
                                <button type="button" role="tab" data-tab={t.key()}
                                    class={classes!("tab", active.then_some("active"))}
                                    aria-selected={active.to_string()}
                                    aria-keyshortcuts={format!("Alt+{}", t.shortcut())}
                                    onclick={move |_| tab.set(t)}>
                                    { t.title() }<kbd>{ format!("Alt+{}", t.shortcut()) }</kbd>
                                </button>
                            }
                        }) }
                    </div>
                }
            </header>
            <div class="subbar counter-find">
                <StudentPicker label="Student" name="student_id" chosen={(*student).clone()}
                    on_choose={choose_student} node_ref={picker} />
                <span class="muted shortcut-note">{ "Find another student " }<kbd>{ "Alt+F" }</kbd></span>
            </div>
            if can_collect {
                if let Some(warning) = *clock {
                    <p class="banner clock-warning page-banner" role="alert">{ clock_sentence(warning) }</p>
                }
            }
            { match (&*student, *tab) {
                (None, _) => html! {
                    <p class="empty muted">
                        { "Find the student by name, admission number or a guardian's phone to see what they owe." }
                    </p>
                },
                (Some(chosen), Tab::Dues) => html! {
                    <div class="counter-body">
                        <div class="table-wrap dues-wrap">
                            { match &*dues {
                                Loaded::Loading => html! { <p class="empty muted">{ "Loading…" }</p> },
                                Loaded::Failed(message) => html! { <p class="banner error page-banner" role="alert">{ message }</p> },
                                Loaded::Ready(dues) => dues_view(dues),
                            } }
                        </div>
                        <aside class="counter-side" aria-label="Payment">
                            if let Some(receipt) = &*issued {
                                <ReceiptPanel receipt={receipt.clone()} can_cancel={false}
                                    on_changed={changed.clone()} on_close={Some(next_payment.clone())}
                                    session_ended={props.session_ended.clone()} />
                            } else if !can_collect {
                                <p class="empty muted">{ "Your role may see fees but not collect them." }</p>
                            } else if let Loaded::Ready(dues) = &*dues {
                                <PaymentForm key={format!("{}-{}", chosen.id, *reloads)} dues={dues.clone()}
                                    on_collected={collected.clone()} session_ended={props.session_ended.clone()} />
                            }
                        </aside>
                    </div>
                },
                (Some(chosen), Tab::Ledger) => html! {
                    <LedgerView student_id={chosen.id.clone()} reloads={*reloads}
                        session_ended={props.session_ended.clone()} />
                },
                (Some(chosen), Tab::Receipts) => html! {
                    <ReceiptsView student_id={chosen.id.clone()} reloads={*reloads} {can_cancel}
                        on_changed={changed.clone()} session_ended={props.session_ended.clone()} />
                },
            } }
        </div>
    }
}

fn clock_sentence(warning: ClockWarning) -> String {
    let (hours, direction) = match warning {
        ClockWarning::Behind { hours } => (hours, "behind"),
        ClockWarning::Ahead { hours } => (hours, "ahead of"),
    };
    format!(
        "This PC's clock is about {hours} hours {direction} the time last heard from the server. \
         Receipts carry this PC's date: check the date and time before collecting."
    )
}

/// The installment's state in the office's words: paid, partly paid, due, overdue, upcoming.
fn status_text(line: &InstallmentDue) -> (&'static str, String) {
    match line.status {
        InstallmentStatus::Paid => ("paid", "Paid".to_owned()),
        InstallmentStatus::Upcoming if line.paid_paise > 0 => ("partly", "Partly paid".to_owned()),
        InstallmentStatus::Upcoming => ("upcoming", "Upcoming".to_owned()),
        InstallmentStatus::Due if line.days_overdue > 0 => (
            "overdue",
            format!(
                "Overdue {} day{}",
                line.days_overdue,
                if line.days_overdue == 1 { "" } else { "s" }
            ),
        ),
        InstallmentStatus::Due if line.paid_paise > 0 => ("partly", "Partly paid".to_owned()),
        InstallmentStatus::Due => ("due", "Due".to_owned()),
    }
}

fn dues_view(dues: &StudentDues) -> Html {
    html! {
        <>
            <div class="dues-summary" data-student={dues.student_id.clone()}>
                <div class="who">
                    <strong>{ &dues.student_name }</strong>
                    <span class="muted">{ format!(" {} · {} · {}", dues.admission_no, dues.class_name, dues.guardian_name) }</span>
                </div>
                <dl class="figures">
                    <div class="due-now"><dt>{ "Due now" }</dt><dd>{ rupees(dues.due_now_paise) }</dd></div>
                    <div><dt>{ "Late fine" }</dt><dd>{ rupees(dues.fine_due_paise) }</dd></div>
                    <div><dt>{ "Year outstanding" }</dt><dd>{ rupees(dues.outstanding_paise) }</dd></div>
                    <div><dt>{ "Advance" }</dt><dd>{ rupees(dues.advance_paise) }</dd></div>
                    <div class="balance"><dt>{ "Balance" }</dt><dd>{ rupees(dues.balance_paise) }</dd></div>
                </dl>
            </div>
            if dues.installments.is_empty() {
                <p class="empty muted">{ "No fees are charged to this student. Set up a fee structure for the class under Fee setup." }</p>
            } else {
                <table class="grid compact dues-list">
                    <thead>
                        <tr>
                            <th>{ "Fee" }</th>
                            <th>{ "Due on" }</th>
                            <th class="num">{ "Amount" }</th>
                            <th class="num">{ "Concession" }</th>
                            <th class="num">{ "Paid" }</th>
                            <th class="num">{ "Owed" }</th>
                            <th class="num">{ "Fine" }</th>
                            <th>{ "Status" }</th>
                        </tr>
                    </thead>
                    <tbody>
                        { for dues.installments.iter().map(|line| {
                            let (class, text) = status_text(line);
                            html! {
                                <tr data-charge={line.charge_id.clone()} class={class}>
                                    <td class="name" title={line.head_name.clone()}>{ &line.label }</td>
                                    <td class="date">{ display_date(&line.due_on) }</td>
                                    <td class="num">{ rupees(line.amount_paise) }</td>
                                    <td class="num">{ if line.concession_paise > 0 { rupees(line.concession_paise) } else { String::new() } }</td>
                                    <td class="num">{ if line.paid_paise > 0 { rupees(line.paid_paise) } else { String::new() } }</td>
                                    <td class="num strong">{ rupees(line.outstanding_paise) }</td>
                                    <td class="num">{ if line.fine_due_paise > 0 { rupees(line.fine_due_paise) } else { String::new() } }</td>
                                    <td><span class={classes!("status", class)}>{ text }</span></td>
                                </tr>
                            }
                        }) }
                    </tbody>
                </table>
            }
        </>
    }
}

#[derive(Debug, Clone, PartialEq, Default)]
struct PaymentDraft {
    amount: String,
    mode: String,
    reference: String,
}

#[derive(Debug, Properties, PartialEq)]
struct PaymentFormProps {
    dues: Rc<StudentDues>,
    on_collected: Callback<Receipt>,
    session_ended: Callback<()>,
}

/// The payment in three keyboard steps: the amount (what is due now with its fine, already
/// typed in), Enter; the mode and, except for cash, its reference, Enter; and Enter collects.
#[function_component(PaymentForm)]
fn payment_form(props: &PaymentFormProps) -> Html {
    let form_ref = use_node_ref();
    let amount_ref = use_node_ref();
    use_focus_on_mount(amount_ref.clone());
    let total_due = props.dues.due_now_paise + props.dues.fine_due_paise;
    let draft = {
        let amount = if total_due > 0 {
            rupees_for_input(total_due)
        } else {
            String::new()
        };
        use_reducer(move || {
            Draft(PaymentDraft {
                amount,
                mode: PaymentMode::Cash.as_str().to_owned(),
                reference: String::new(),
            })
        })
    };
    let form = use_form(form_ref.clone(), props.session_ended.clone());
    let mode = PaymentMode::parse(&draft.0.mode).unwrap_or(PaymentMode::Cash);
    let collect = {
        let (draft, form) = (draft.clone(), form.clone());
        let on_collected = props.on_collected.clone();
        let student_id = props.dues.student_id.clone();
        Callback::from(move |()| {
            let Some(amount_paise) = parse_rupees(&draft.0.amount) else {
                form.refuse(
                    "amount_paise",
                    "Write the amount in rupees, e.g. 12500 or 12,500.50",
                );
                return;
            };
            let payment = PaymentInput {
                student_id: student_id.clone(),
                amount_paise,
                mode: PaymentMode::parse(&draft.0.mode).unwrap_or(PaymentMode::Cash),
                reference: draft.0.reference.clone(),
                allocate_to: Vec::new(),
            };
            let (on_collected, draft) = (on_collected.clone(), draft.clone());
            form.submit(
                async move { shell::collect_payment(&payment).await },
                move |receipt| {
                    reset(&draft);
                    on_collected.emit(receipt);
                },
            );
        })
    };
    // Enter moves from the amount to the mode, from the mode to the reference (or collects
    // for cash), and from the reference collects.
    let onkeydown = {
        let (collect, form_ref) = (collect.clone(), form_ref.clone());
        Callback::from(move |event: KeyboardEvent| {
            if event.key() != "Enter" || event.default_prevented() {
                return;
            }
            let name = event
                .target()
                .and_then(|target| target.dyn_into::<Element>().ok())
                .and_then(|element| element.get_attribute("name"));
            let next = match name.as_deref() {
                Some("amount_paise") => Some("mode"),
                Some("mode") if mode.needs_reference() => Some("reference"),
                Some("mode" | "reference") => None,
                _ => return,
            };
            event.prevent_default();
            match next {
                Some(next) => focus_named(&form_ref, next),
                None => collect.emit(()),
            }
        })
    };
    let typed = parse_rupees(&draft.0.amount);
    let amount_hint = match typed {
        Some(paise) => rupees(paise),
        None if draft.0.amount.trim().is_empty() && total_due == 0 => {
            "Nothing is due today; a payment now is kept as advance".to_owned()
        }
        None => String::new(),
    };
    let on_mode = {
        let (draft, form) = (draft.clone(), form.clone());
        Callback::from(move |event: Event| {
            form.forget("reference");
            let value = event.target_unchecked_into::<HtmlSelectElement>().value();
            draft.dispatch(super::Edit(|d, v| d.mode = v, value));
        })
    };
    html! {
        <form class="panel payment-form narrow" ref={form_ref} {onkeydown}
            onsubmit={collect.reform(|event: SubmitEvent| event.prevent_default())}>
            <h2>{ "Take a payment" }</h2>
            if let Some(message) = &form.errors.general {
                <p class="banner error" role="alert">{ message }</p>
            }
            <Field label="Amount received (₹)" name="amount_paise" value={draft.0.amount.clone()}
                node_ref={amount_ref} hint={AttrValue::from(amount_hint)} error={form.field("amount_paise")}
                oninput={form.edit(&draft, "amount_paise", |d, v| d.amount = v)} />
            <div class={classes!("field", form.field("mode").is_some().then_some("invalid"))}>
                <label for="field-mode">{ "Paid by" }</label>
                <select id="field-mode" name="mode" onchange={on_mode}>
                    { for PaymentMode::ALL.iter().map(|m| html! {
                        <option value={m.as_str()} selected={*m == mode}>{ m.label() }</option>
                    }) }
                </select>
                <super::FieldNote error={form.field("mode")} hint={None::<AttrValue>} />
            </div>
            if mode.needs_reference() {
                <Field label={reference_label(mode)} name="reference" value={draft.0.reference.clone()}
                    error={form.field("reference")}
                    oninput={form.edit(&draft, "reference", |d, v| d.reference = v)} />
            }
            <div class="actions">
                <button type="submit" class="primary" data-action="collect" disabled={*form.busy}>
                    { if *form.busy { "Collecting…" } else { "Collect and issue receipt" } }<kbd>{ "Enter" }</kbd>
                </button>
            </div>
            <p class="muted steps-note">{ "Amount, Enter · mode and reference, Enter · Enter collects." }</p>
        </form>
    }
}

fn reference_label(mode: PaymentMode) -> &'static str {
    match mode {
        PaymentMode::Cheque => "Cheque no. and bank",
        PaymentMode::BankTransfer => "UTR / transfer reference",
        PaymentMode::Upi => "UPI transaction id",
        PaymentMode::Card => "Card slip no.",
        PaymentMode::Cash => "Reference",
    }
}

/// Moves the keyboard to the input or list called `name` inside `form`.
fn focus_named(form: &NodeRef, name: &str) {
    let field = form
        .cast::<Element>()
        .and_then(|form| {
            form.query_selector(&format!("[name=\"{name}\"]"))
                .ok()
                .flatten()
        })
        .and_then(|field| field.dyn_into::<HtmlElement>().ok());
    if let Some(field) = field {
        let _ = field.focus();
    }
}

#[derive(Debug, Properties, PartialEq)]
pub struct ReceiptPanelProps {
    pub receipt: Rc<Receipt>,
    /// Whether the role may cancel receipts (fees.cancel).
    pub can_cancel: bool,
    /// The receipt was cancelled: what is shown of the student must be read again.
    pub on_changed: Callback<()>,
    /// Back to the payment form, when the panel shows a receipt just issued.
    #[prop_or_default]
    pub on_close: Option<Callback<()>>,
    pub session_ended: Callback<()>,
}

/// One receipt as it was issued: its number large, what it paid, how, and by whom; printing it
/// (A5 or an 80 mm roll, opened in the PC's viewer) or saving it; and, for those who may,
/// cancelling it with a reason. A cancelled receipt stays, marked.
#[function_component(ReceiptPanel)]
pub fn receipt_panel(props: &ReceiptPanelProps) -> Html {
    let receipt = &props.receipt;
    let cancelling = use_state(|| false);
    {
        let cancelling = cancelling.clone();
        use_effect_with(receipt.id.clone(), move |_| cancelling.set(false));
    }
    {
        // Esc leaves a receipt just issued for the next payment.
        let close = props.on_close.clone();
        use_window_keys(Callback::from(move |event: KeyboardEvent| {
            if let Some(close) = &close
                && event.key() == "Escape"
                && !event.default_prevented()
            {
                event.prevent_default();
                close.emit(());
            }
        }));
    }
    let cancelled = receipt.cancellation.as_ref();
    html! {
        <section class={classes!("panel", "receipt-panel", cancelled.is_some().then_some("cancelled"))}
            data-receipt={receipt.receipt_no.clone()}>
            <div class="receipt-head">
                <h2>{ "Receipt " }<span class="receipt-no">{ &receipt.receipt_no }</span></h2>
                if cancelled.is_some() {
                    <span class="status cancelled">{ "Cancelled" }</span>
                }
            </div>
            <p class="receipt-total"><span class="amount">{ rupees(receipt.total_paise) }</span>
                <span class="muted">{ format!(" {}", receipt.amount_in_words) }</span></p>
            if let Some(cancellation) = cancelled {
                <p class="banner error" role="status">
                    { format!("Cancelled by {} on {}: {}", cancellation.cancelled_by,
                        local_time(&cancellation.cancelled_at), cancellation.reason) }
                </p>
            }
            // Printing comes before the details: a receipt of many lines would push it below
            // the panel's fold.
            <PrintBar receipt_id={receipt.id.clone()} receipt_no={receipt.receipt_no.clone()}
                session_ended={props.session_ended.clone()} />
            <dl class="facts">
                { super::fact("Date", format!("{} {}", receipt.date, receipt.time)) }
                { super::fact("Student", format!("{} ({}, {})", receipt.student_name, receipt.admission_no, receipt.class_name)) }
                { super::fact("Paid by", if receipt.reference.is_empty() { receipt.mode.label().to_owned() }
                    else { format!("{} · {}", receipt.mode.label(), receipt.reference) }) }
                { super::fact("Cashier", receipt.cashier.clone()) }
                { super::fact("Balance after", rupees(receipt.balance_after_paise)) }
            </dl>
            <table class="grid compact receipt-lines">
                <tbody>
                    { for receipt.lines.iter().map(|line| html! {
                        <tr>
                            <td>
                                { &line.label }
                                if line.kind == ReceiptLineKind::Installment && line.concession_paise > 0 {
                                    <span class="muted">{ format!(" (concession {})", rupees(line.concession_paise)) }</span>
                                }
                            </td>
                            <td class="num">{ rupees(line.amount_paise) }</td>
                        </tr>
                    }) }
                </tbody>
                <tfoot><tr><td>{ "Total" }</td><td class="num">{ rupees(receipt.total_paise) }</td></tr></tfoot>
            </table>
            if props.can_cancel && cancelled.is_none() {
                if *cancelling {
                    <CancelForm receipt_id={receipt.id.clone()}
                        on_cancelled={{
                            let (cancelling, on_changed) = (cancelling.clone(), props.on_changed.clone());
                            move |()| { cancelling.set(false); on_changed.emit(()); }
                        }}
                        on_close={{ let cancelling = cancelling.clone(); move |()| cancelling.set(false) }}
                        session_ended={props.session_ended.clone()} />
                } else {
                    <div class="detail-actions">
                        <button type="button" data-action="cancel-receipt"
                            onclick={{ let cancelling = cancelling.clone(); move |_| cancelling.set(true) }}>
                            { "Cancel receipt…" }
                        </button>
                    </div>
                }
            }
            if let Some(close) = &props.on_close {
                <div class="actions">
                    <button type="button" class="primary" data-action="next-payment" onclick={close.reform(|_| ())}>
                        { "Next payment" }<kbd>{ "Esc" }</kbd>
                    </button>
                </div>
            }
        </section>
    }
}

#[derive(Debug, Properties, PartialEq)]
struct PrintBarProps {
    receipt_id: AttrValue,
    receipt_no: AttrValue,
    session_ended: Callback<()>,
}

/// Printing a receipt: it is saved as a PDF (at the path shown, which may be typed over) and
/// opened in the PC's own viewer, from which it goes to the printer. "Save as PDF…" asks where
/// with the save dialog instead and does not open it.
#[function_component(PrintBar)]
fn print_bar(props: &PrintBarProps) -> Html {
    let path = use_state(String::new);
    let busy = use_state(|| false);
    let saved = use_state(|| None::<String>);
    let problem = use_state(|| None::<String>);
    {
        let (path, saved, problem) = (path.clone(), saved.clone(), problem.clone());
        let name = format!("receipt-{}.pdf", props.receipt_no);
        use_effect_with(name, move |name| {
            saved.set(None);
            problem.set(None);
            let name = name.clone();
            spawn_local(async move {
                if let Ok(suggested) = shell::suggested_path(&name).await {
                    path.set(suggested);
                }
            });
        });
    }
    // Saves at `at` for `layout`, then opens the file when printing.
    let write = {
        let (path, busy, saved, problem) =
            (path.clone(), busy.clone(), saved.clone(), problem.clone());
        let receipt_id = props.receipt_id.clone();
        let session_ended = props.session_ended.clone();
        Callback::from(move |(layout, at, open): (ReceiptLayout, String, bool)| {
            let (path, busy, saved, problem) =
                (path.clone(), busy.clone(), saved.clone(), problem.clone());
            let (receipt_id, session_ended) = (receipt_id.clone(), session_ended.clone());
            busy.set(true);
            problem.set(None);
            spawn_local(async move {
                let answer = shell::save_receipt_pdf(&receipt_id, layout, &at).await;
                busy.set(false);
                match answer {
                    Ok(written) => {
                        path.set(written.clone());
                        saved.set(Some(written.clone()));
                        if open && let Err(error) = shell::open_file(&written).await {
                            problem.set(Some(error.message));
                        }
                    }
                    Err(error) if error.code == ErrorCode::NotSignedIn => session_ended.emit(()),
                    Err(error) => problem.set(Some(error.message)),
                }
            });
        })
    };
    let print = |layout: ReceiptLayout| {
        let (write, path) = (write.clone(), path.clone());
        Callback::from(move |_: MouseEvent| write.emit((layout, layout_path(&path, layout), true)))
    };
    let save_as = {
        let (write, path) = (write.clone(), path.clone());
        Callback::from(move |_: MouseEvent| {
            let (write, current) = (write.clone(), (*path).clone());
            spawn_local(async move {
                if let Ok(Some(chosen)) =
                    shell::choose_save_file("Save the receipt", &current, "PDF").await
                {
                    write.emit((ReceiptLayout::A5, chosen, false));
                }
            });
        })
    };
    html! {
        <div class="print-bar">
            <div class="print-buttons">
                <button type="button" class="primary" data-action="print-a5" disabled={*busy}
                    onclick={print(ReceiptLayout::A5)}>{ "Print A5" }</button>
                <button type="button" data-action="print-80mm" disabled={*busy}
                    onclick={print(ReceiptLayout::Thermal80)}>{ "Print 80 mm" }</button>
                <button type="button" data-action="save-receipt" disabled={*busy} onclick={save_as}>
                    { "Save as PDF…" }
                </button>
            </div>
            <input name="receipt-path" class="path" aria-label="Receipt file" value={(*path).clone()}
                oninput={{
                    let path = path.clone();
                    move |event: InputEvent| path.set(event.target_unchecked_into::<HtmlInputElement>().value())
                }} />
            if let Some(written) = &*saved {
                <span class="saved" role="status" data-saved={written.clone()}>
                    { "Saved; a second print says DUPLICATE." }
                </span>
            }
            if let Some(message) = &*problem {
                <span class="field-error" role="alert">{ message }</span>
            }
        </div>
    }
}

/// The file a layout prints to: the 80 mm roll's copy sits beside the A5 one (`…-80mm.pdf`)
/// rather than over it.
fn layout_path(path: &str, layout: ReceiptLayout) -> String {
    let a5 = path
        .strip_suffix("-80mm.pdf")
        .map_or_else(|| path.to_owned(), |stem| format!("{stem}.pdf"));
    match layout {
        ReceiptLayout::A5 => a5,
        ReceiptLayout::Thermal80 => match a5.strip_suffix(".pdf") {
            Some(stem) => format!("{stem}-80mm.pdf"),
            None => a5,
        },
    }
}

#[derive(Debug, Clone, PartialEq, Default)]
struct CancelDraft {
    reason: String,
}

#[derive(Debug, Properties, PartialEq)]
struct CancelFormProps {
    receipt_id: AttrValue,
    on_cancelled: Callback<()>,
    on_close: Callback<()>,
    session_ended: Callback<()>,
}

/// Cancelling a receipt needs a reason, which is kept with it; Enter cancels, Esc keeps it.
#[function_component(CancelForm)]
fn cancel_form(props: &CancelFormProps) -> Html {
    let form_ref = use_node_ref();
    let first = use_node_ref();
    use_focus_on_mount(first.clone());
    let draft = use_reducer(Draft::<CancelDraft>::default);
    let form = use_form(form_ref.clone(), props.session_ended.clone());
    let cancel = {
        let (draft, form) = (draft.clone(), form.clone());
        let (receipt_id, on_cancelled) = (props.receipt_id.clone(), props.on_cancelled.clone());
        Callback::from(move |()| {
            let (receipt_id, reason) = (receipt_id.clone(), draft.0.reason.clone());
            let on_cancelled = on_cancelled.clone();
            form.submit(
                async move { shell::cancel_receipt(&receipt_id, &reason).await },
                move |_| on_cancelled.emit(()),
            );
        })
    };
    let onkeydown = {
        let (enter, esc) = (
            super::enter_saves(cancel.clone()),
            esc_cancels(props.on_close.clone()),
        );
        Callback::from(move |event: KeyboardEvent| {
            esc.emit(event.clone());
            enter.emit(event);
        })
    };
    html! {
        <form class="close-form cancel-receipt-form narrow" ref={form_ref} {onkeydown}
            onsubmit={cancel.reform(|event: SubmitEvent| event.prevent_default())}>
            if let Some(message) = &form.errors.general {
                <p class="banner error" role="alert">{ message }</p>
            }
            <Field label="Why is it cancelled?" name="reason" value={draft.0.reason.clone()}
                node_ref={first} error={form.field("reason")}
                hint="Kept with the receipt, which stays in the books marked cancelled"
                oninput={form.edit(&draft, "reason", |d, v| d.reason = v)} />
            <div class="actions">
                <button type="submit" class="primary danger" data-action="confirm-cancel" disabled={*form.busy}>
                    { if *form.busy { "Cancelling…" } else { "Cancel the receipt" } }<kbd>{ "Enter" }</kbd>
                </button>
                <button type="button" onclick={props.on_close.reform(|_| ())}>
                    { "Keep it" }<kbd>{ "Esc" }</kbd>
                </button>
            </div>
        </form>
    }
}
