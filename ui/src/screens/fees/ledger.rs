//! A student's ledger (every charge, concession, fine, payment and cancellation with the
//! running balance) and their receipts, cancelled ones kept in the list, struck through.

use std::rc::Rc;

use campusdesk_shared::ErrorCode;
use campusdesk_shared::fees::{LedgerKind, Receipt, StudentLedger};
use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

use super::super::{Loaded, display_date, rupees};
use super::ReceiptPanel;
use crate::shell;

#[derive(Debug, Properties, PartialEq)]
pub struct LedgerViewProps {
    pub student_id: AttrValue,
    /// Changes whenever the student's fees changed, so the ledger is read again.
    pub reloads: u32,
    pub session_ended: Callback<()>,
}

#[function_component(LedgerView)]
pub fn ledger_view(props: &LedgerViewProps) -> Html {
    let ledger = use_state(|| Loaded::<Rc<StudentLedger>>::Loading);
    {
        let ledger = ledger.clone();
        let session_ended = props.session_ended.clone();
        use_effect_with(
            (props.student_id.clone(), props.reloads),
            move |(student_id, _)| {
                let student_id = student_id.clone();
                ledger.set(Loaded::Loading);
                spawn_local(async move {
                    match shell::student_ledger(&student_id).await {
                        Ok(found) => ledger.set(Loaded::Ready(Rc::new(found))),
                        Err(error) if error.code == ErrorCode::NotSignedIn => {
                            session_ended.emit(())
                        }
                        Err(error) => ledger.set(Loaded::Failed(error.message)),
                    }
                });
            },
        );
    }
    let ledger = match &*ledger {
        Loaded::Loading => return html! { <p class="empty muted">{ "Loading…" }</p> },
        Loaded::Failed(message) => {
            return html! { <p class="banner error page-banner" role="alert">{ message }</p> };
        }
        Loaded::Ready(ledger) => ledger.clone(),
    };
    let money = |paise: i64| {
        if paise == 0 {
            String::new()
        } else {
            rupees(paise)
        }
    };
    html! {
        <div class="table-wrap ledger-wrap">
            if ledger.lines.is_empty() {
                <p class="empty muted">{ "Nothing was charged to or paid by this student yet." }</p>
            } else {
                <table class="grid compact ledger">
                    <thead>
                        <tr>
                            <th>{ "Date" }</th>
                            <th>{ "Entry" }</th>
                            <th>{ "Receipt" }</th>
                            <th class="num">{ "Charged" }</th>
                            <th class="num">{ "Paid / off" }</th>
                            <th class="num">{ "Balance" }</th>
                        </tr>
                    </thead>
                    <tbody>
                        { for ledger.lines.iter().map(|line| html! {
                            <tr class={kind_class(line.kind)}>
                                <td class="date">{ display_date(&line.date) }</td>
                                <td>{ &line.description }</td>
                                <td class="code">{ &line.receipt_no }</td>
                                <td class="num">{ money(line.debit_paise) }</td>
                                <td class="num">{ money(line.credit_paise) }</td>
                                <td class="num">{ rupees(line.balance_paise) }</td>
                            </tr>
                        }) }
                    </tbody>
                    <tfoot>
                        <tr>
                            <td colspan="5">{ "Balance (a minus is credit in the student's favour)" }</td>
                            <td class="num ledger-balance">{ rupees(ledger.balance_paise) }</td>
                        </tr>
                    </tfoot>
                </table>
            }
        </div>
    }
}

fn kind_class(kind: LedgerKind) -> &'static str {
    match kind {
        LedgerKind::Charge => "charge",
        LedgerKind::ChargeWithdrawn => "withdrawn",
        LedgerKind::Concession => "concession",
        LedgerKind::Fine => "fine",
        LedgerKind::Payment => "payment",
        LedgerKind::Cancellation => "cancellation",
    }
}

#[derive(Debug, Properties, PartialEq)]
pub struct ReceiptsViewProps {
    pub student_id: AttrValue,
    pub reloads: u32,
    /// Whether the role may cancel receipts (fees.cancel).
    pub can_cancel: bool,
    /// A receipt was cancelled: the student's dues and ledger changed too.
    pub on_changed: Callback<()>,
    pub session_ended: Callback<()>,
}

/// The student's receipts, newest first, with the chosen one beside the list to print again
/// or cancel.
#[function_component(ReceiptsView)]
pub fn receipts_view(props: &ReceiptsViewProps) -> Html {
    let receipts = use_state(|| Loaded::<Rc<Vec<Receipt>>>::Loading);
    let chosen = use_state(|| None::<String>);
    {
        let (receipts, chosen) = (receipts.clone(), chosen.clone());
        let session_ended = props.session_ended.clone();
        use_effect_with(
            (props.student_id.clone(), props.reloads),
            move |(student_id, _)| {
                let student_id = student_id.clone();
                spawn_local(async move {
                    match shell::student_receipts(&student_id).await {
                        Ok(found) => {
                            // The newest receipt is shown until another is chosen.
                            if chosen.is_none() {
                                chosen.set(found.first().map(|r| r.id.clone()));
                            }
                            receipts.set(Loaded::Ready(Rc::new(found)));
                        }
                        Err(error) if error.code == ErrorCode::NotSignedIn => {
                            session_ended.emit(())
                        }
                        Err(error) => receipts.set(Loaded::Failed(error.message)),
                    }
                });
            },
        );
    }
    let list = match &*receipts {
        Loaded::Loading => return html! { <p class="empty muted">{ "Loading…" }</p> },
        Loaded::Failed(message) => {
            return html! { <p class="banner error page-banner" role="alert">{ message }</p> };
        }
        Loaded::Ready(list) => list.clone(),
    };
    if list.is_empty() {
        return html! { <p class="empty muted">{ "No receipts were issued to this student yet." }</p> };
    }
    let shown = chosen
        .as_ref()
        .and_then(|id| list.iter().find(|r| &r.id == id))
        .or_else(|| list.first())
        .cloned();
    html! {
        <div class="counter-body">
            <div class="table-wrap receipts-wrap">
                <table class="grid compact receipt-list">
                    <thead>
                        <tr>
                            <th>{ "Receipt" }</th>
                            <th>{ "Date" }</th>
                            <th>{ "Paid by" }</th>
                            <th class="num">{ "Amount" }</th>
                            <th>{ "Status" }</th>
                        </tr>
                    </thead>
                    <tbody>
                        { for list.iter().map(|receipt| {
                            let cancelled = receipt.cancellation.is_some();
                            let selected = shown.as_ref().is_some_and(|s| s.id == receipt.id);
                            let choose = {
                                let (chosen, id) = (chosen.clone(), receipt.id.clone());
                                move |_| chosen.set(Some(id.clone()))
                            };
                            html! {
                                <tr key={receipt.id.clone()} data-receipt={receipt.receipt_no.clone()} tabindex="0"
                                    class={classes!("pickable", cancelled.then_some("cancelled"), selected.then_some("selected"))}
                                    onclick={choose}>
                                    <td class="code">{ &receipt.receipt_no }</td>
                                    <td class="date">{ format!("{} {}", receipt.date, receipt.time) }</td>
                                    <td>{ receipt.mode.label() }</td>
                                    <td class="num">{ rupees(receipt.total_paise) }</td>
                                    <td>
                                        if cancelled {
                                            <span class="status cancelled">{ "Cancelled" }</span>
                                        } else {
                                            <span class="status paid">{ "Issued" }</span>
                                        }
                                    </td>
                                </tr>
                            }
                        }) }
                    </tbody>
                </table>
            </div>
            <aside class="counter-side" aria-label="The chosen receipt">
                if let Some(receipt) = shown {
                    <ReceiptPanel receipt={Rc::new(receipt)} can_cancel={props.can_cancel}
                        on_changed={props.on_changed.clone()} session_ended={props.session_ended.clone()} />
                }
            </aside>
        </div>
    }
}
