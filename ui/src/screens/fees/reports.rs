//! The fee reports on screen, each with the bar that saves it as PDF or CSV: dues and
//! defaulters by class, the collection day-book with its totals by mode and cashier, and this
//! PC's Z-report, from which the cashier closes the day.

use std::rc::Rc;

use campusdesk_shared::ErrorCode;
use campusdesk_shared::fees::{
    DayBook, DayBookQuery, DuesReport, FeeReportRequest, ModeTotal, PaymentMode, ZReport,
};
use campusdesk_shared::office::{SchoolClass, SessionInfo};
use wasm_bindgen_futures::spawn_local;
use web_sys::{HtmlSelectElement, KeyboardEvent};
use yew::prelude::*;

use super::super::reporting::{CommitField, ReportToSave, SaveBar, loaded_view, use_report};
use super::super::{allowed, display_date, group_thousands, local_time, rupees, today};
use crate::shell;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tab {
    Dues,
    DayBook,
    ZReport,
}

impl Tab {
    const ALL: [Tab; 3] = [Tab::Dues, Tab::DayBook, Tab::ZReport];

    fn title(self) -> &'static str {
        match self {
            Tab::Dues => "Dues and defaulters",
            Tab::DayBook => "Day-book",
            Tab::ZReport => "Z-report and day close",
        }
    }

    fn key(self) -> &'static str {
        match self {
            Tab::Dues => "dues",
            Tab::DayBook => "day-book",
            Tab::ZReport => "z-report",
        }
    }
}

#[derive(Debug, Properties, PartialEq)]
pub struct FeeReportsProps {
    pub session: SessionInfo,
    pub session_ended: Callback<()>,
}

#[function_component(FeeReports)]
pub fn fee_reports(props: &FeeReportsProps) -> Html {
    let tab = use_state(|| Tab::Dues);
    let ended = props.session_ended.clone();
    let can_close = allowed(&props.session, "fees.collect");
    html! {
        <div class="people reports fee-reports">
            <header class="toolbar">
                <h1>{ "Fee reports" }</h1>
                <div class="tabs" role="tablist">
                    { for Tab::ALL.iter().map(|t| {
                        let t = *t;
                        let active = *tab == t;
                        let tab = tab.clone();
                        html! {
                            <button type="button" role="tab" data-tab={t.key()}
                                class={classes!("tab", active.then_some("active"))}
                                aria-selected={active.to_string()}
                                onclick={move |_| tab.set(t)}>
                                { t.title() }
                            </button>
                        }
                    }) }
                </div>
            </header>
            <div class="tab-body report-body">
                { match *tab {
                    Tab::Dues => html! { <DuesTab session_ended={ended} /> },
                    Tab::DayBook => html! { <DayBookTab session_ended={ended} /> },
                    Tab::ZReport => html! { <ZReportTab session_ended={ended} {can_close} /> },
                } }
            </div>
        </div>
    }
}

#[derive(Debug, Properties, PartialEq)]
struct TabProps {
    session_ended: Callback<()>,
}

fn plural(count: u32, one: &str, many: &str) -> String {
    format!(
        "{} {}",
        group_thousands(count),
        if count == 1 { one } else { many }
    )
}

// ---------------------------------------------------------------------------------------------
// Dues and defaulters

#[derive(Debug, Clone, PartialEq, Default)]
struct DuesInputs {
    class_id: String,
    as_of: String,
}

#[function_component(DuesTab)]
fn dues_tab(props: &TabProps) -> Html {
    let classes = use_state(|| Rc::new(Vec::<SchoolClass>::new()));
    {
        let classes = classes.clone();
        use_effect_with((), move |()| {
            spawn_local(async move {
                if let Ok(listed) = shell::classes().await {
                    classes.set(Rc::new(listed));
                }
            });
        });
    }
    let inputs = use_state(DuesInputs::default);
    let report = use_report(
        (*inputs).clone(),
        props.session_ended.clone(),
        |inputs: DuesInputs| async move {
            let class_id = Some(inputs.class_id.as_str()).filter(|c| !c.is_empty());
            shell::dues_report(class_id, &inputs.as_of).await
        },
    );
    let request = FeeReportRequest::Dues {
        class_id: Some(inputs.class_id.clone()).filter(|c| !c.is_empty()),
        as_of: inputs.as_of.clone(),
    };
    let class_name = classes
        .iter()
        .find(|c| c.id == inputs.class_id)
        .map_or("all-classes".to_owned(), |c| format!("class-{}", c.name));
    let stem = format!("fee-dues-{class_name}");
    html! {
        <>
            <div class="subbar">
                <span class="inline-field">
                    <label class="inline-label" for="report-class">{ "Class" }</label>
                    <select id="report-class" name="class" onchange={{
                        let inputs = inputs.clone();
                        move |event: Event| inputs.set(DuesInputs {
                            class_id: event.target_unchecked_into::<HtmlSelectElement>().value(),
                            ..(*inputs).clone()
                        })
                    }}>
                        <option value="" selected={inputs.class_id.is_empty()}>{ "All classes" }</option>
                        { for classes.iter().map(|c| html! {
                            <option value={c.id.clone()} selected={c.id == inputs.class_id}>{ &c.name }</option>
                        }) }
                    </select>
                </span>
                <CommitField label="As of" name="as_of" value={inputs.as_of.clone()} placeholder="today"
                    on_commit={{
                        let inputs = inputs.clone();
                        move |as_of| inputs.set(DuesInputs { as_of, ..(*inputs).clone() })
                    }} />
                <SaveBar request={ReportToSave::Fees(request)} {stem} session_ended={props.session_ended.clone()} />
            </div>
            <div class="table-wrap">
                { loaded_view(&report, dues_table) }
            </div>
        </>
    }
}

fn dues_table(report: &DuesReport) -> Html {
    let defaulters = report.rows.iter().filter(|r| r.days_overdue > 0).count();
    html! {
        <>
            <p class="muted report-note">
                { format!("{} with something due on {}; {} overdue.",
                    plural(u32::try_from(report.rows.len()).unwrap_or(u32::MAX), "student", "students"),
                    display_date(&report.as_of), group_thousands(u32::try_from(defaulters).unwrap_or(u32::MAX))) }
            </p>
            if !report.rows.is_empty() {
                <table class="grid totals-list fee-dues">
                    <thead>
                        <tr>
                            <th>{ "Adm. no" }</th>
                            <th>{ "Student" }</th>
                            <th>{ "Class" }</th>
                            <th>{ "Guardian's phone" }</th>
                            <th class="num">{ "Due" }</th>
                            <th class="num">{ "Fine" }</th>
                            <th class="num">{ "Days overdue" }</th>
                            <th>{ "Oldest due" }</th>
                            <th class="num">{ "Balance" }</th>
                        </tr>
                    </thead>
                    <tbody>
                        { for report.rows.iter().map(|row| html! {
                            <tr data-student={row.student_id.clone()}
                                class={classes!((row.days_overdue > 0).then_some("overdue"))}>
                                <td class="code">{ &row.admission_no }</td>
                                <td class="name">{ &row.student_name }</td>
                                <td>{ &row.class_name }</td>
                                <td class="phone">{ &row.guardian_phone }</td>
                                <td class="num">{ rupees(row.due_paise) }</td>
                                <td class="num">{ rupees(row.fine_paise) }</td>
                                <td class="num">{ if row.days_overdue > 0 { row.days_overdue.to_string() } else { String::new() } }</td>
                                <td class="date">{ display_date(&row.oldest_due_on) }</td>
                                <td class="num">{ rupees(row.balance_paise) }</td>
                            </tr>
                        }) }
                    </tbody>
                    <tfoot>
                        <tr>
                            <td colspan="4">{ "Total" }</td>
                            <td class="num">{ rupees(report.due_paise) }</td>
                            <td class="num">{ rupees(report.fine_paise) }</td>
                            <td colspan="3"></td>
                        </tr>
                    </tfoot>
                </table>
            }
        </>
    }
}

// ---------------------------------------------------------------------------------------------
// The day-book

#[function_component(DayBookTab)]
fn day_book_tab(props: &TabProps) -> Html {
    let query = use_state(|| DayBookQuery {
        from: today(),
        to: today(),
        ..DayBookQuery::default()
    });
    let report = use_report(
        (*query).clone(),
        props.session_ended.clone(),
        |query: DayBookQuery| async move { shell::day_book(&query).await },
    );
    let stem = format!(
        "fee-day-book-{}",
        if query.from == query.to {
            query.from.replace('/', "-")
        } else {
            format!(
                "{}-to-{}",
                query.from.replace('/', "-"),
                query.to.replace('/', "-")
            )
        }
    );
    html! {
        <>
            <div class="subbar">
                <CommitField label="From" name="from" value={query.from.clone()} placeholder="dd/mm/yyyy"
                    on_commit={{ let query = query.clone(); move |from| query.set(DayBookQuery { from, ..(*query).clone() }) }} />
                <CommitField label="To" name="to" value={query.to.clone()} placeholder="dd/mm/yyyy"
                    on_commit={{ let query = query.clone(); move |to| query.set(DayBookQuery { to, ..(*query).clone() }) }} />
                <span class="inline-field">
                    <label class="inline-label" for="report-mode">{ "Mode" }</label>
                    <select id="report-mode" name="mode" onchange={{
                        let query = query.clone();
                        move |event: Event| query.set(DayBookQuery {
                            mode: PaymentMode::parse(&event.target_unchecked_into::<HtmlSelectElement>().value()),
                            ..(*query).clone()
                        })
                    }}>
                        <option value="" selected={query.mode.is_none()}>{ "All modes" }</option>
                        { for PaymentMode::ALL.iter().map(|m| html! {
                            <option value={m.as_str()} selected={query.mode == Some(*m)}>{ m.label() }</option>
                        }) }
                    </select>
                </span>
                <SaveBar request={ReportToSave::Fees(FeeReportRequest::DayBook((*query).clone()))} {stem}
                    session_ended={props.session_ended.clone()} />
            </div>
            <div class="table-wrap">
                { loaded_view(&report, day_book_table) }
            </div>
        </>
    }
}

fn mode_totals(totals: &[ModeTotal]) -> Html {
    html! {
        { for totals.iter().map(|m| html! {
            <tr>
                <td>{ m.mode.label() }</td>
                <td class="num">{ group_thousands(m.receipts) }</td>
                <td class="num">{ rupees(m.amount_paise) }</td>
            </tr>
        }) }
    }
}

fn day_book_table(book: &DayBook) -> Html {
    html! {
        <>
            <div class="day-book-totals">
                <table class="grid compact totals-list">
                    <thead><tr><th>{ "Mode" }</th><th class="num">{ "Receipts" }</th><th class="num">{ "Amount" }</th></tr></thead>
                    <tbody>{ mode_totals(&book.by_mode) }</tbody>
                    <tfoot><tr><td>{ "Collected" }</td><td></td><td class="num day-book-total">{ rupees(book.total_paise) }</td></tr></tfoot>
                </table>
                <table class="grid compact totals-list">
                    <thead><tr><th>{ "Cashier" }</th><th class="num">{ "Receipts" }</th><th class="num">{ "Amount" }</th></tr></thead>
                    <tbody>
                        { for book.by_cashier.iter().map(|c| html! {
                            <tr>
                                <td>{ &c.cashier }</td>
                                <td class="num">{ group_thousands(c.receipts) }</td>
                                <td class="num">{ rupees(c.amount_paise) }</td>
                            </tr>
                        }) }
                    </tbody>
                    <tfoot><tr><td>{ "Cancelled (not counted)" }</td><td></td><td class="num">{ rupees(book.cancelled_paise) }</td></tr></tfoot>
                </table>
            </div>
            if book.rows.is_empty() {
                <p class="empty muted">{ format!("No receipts from {} to {}.", display_date(&book.from), display_date(&book.to)) }</p>
            } else {
                <table class="grid totals-list day-book">
                    <thead>
                        <tr>
                            <th>{ "Receipt" }</th>
                            <th>{ "Date" }</th>
                            <th>{ "Student" }</th>
                            <th>{ "Class" }</th>
                            <th>{ "Mode" }</th>
                            <th>{ "Reference" }</th>
                            <th>{ "Cashier" }</th>
                            <th class="num">{ "Amount" }</th>
                        </tr>
                    </thead>
                    <tbody>
                        { for book.rows.iter().map(|row| html! {
                            <tr data-receipt={row.receipt_no.clone()} class={classes!(row.cancelled.then_some("cancelled"))}>
                                <td class="code">{ &row.receipt_no }</td>
                                <td class="date">{ format!("{} {}", row.date, row.time) }</td>
                                <td class="name">{ format!("{} ({})", row.student_name, row.admission_no) }</td>
                                <td>{ &row.class_name }</td>
                                <td>{ row.mode.label() }</td>
                                <td>{ &row.reference }</td>
                                <td>{ &row.cashier }</td>
                                <td class="num">
                                    { rupees(row.amount_paise) }
                                    if row.cancelled { <span class="status cancelled">{ "Cancelled" }</span> }
                                </td>
                            </tr>
                        }) }
                    </tbody>
                </table>
            }
        </>
    }
}

// ---------------------------------------------------------------------------------------------
// The Z-report and the day close

#[derive(Debug, Properties, PartialEq)]
struct ZReportTabProps {
    session_ended: Callback<()>,
    /// Whether the role may close the day (fees.collect).
    can_close: bool,
}

#[function_component(ZReportTab)]
fn z_report_tab(props: &ZReportTabProps) -> Html {
    let date = use_state(today);
    let report = use_report(
        (*date).clone(),
        props.session_ended.clone(),
        |date: String| async move { shell::z_report(&date).await },
    );
    let confirming = use_state(|| false);
    let closing = use_state(|| false);
    let problem = use_state(|| None::<String>);
    let close_day = {
        let (report, date, confirming, closing, problem) = (
            report.clone(),
            date.clone(),
            confirming.clone(),
            closing.clone(),
            problem.clone(),
        );
        let session_ended = props.session_ended.clone();
        Callback::from(move |()| {
            if *closing {
                return;
            }
            let (report, date, confirming, closing, problem) = (
                report.clone(),
                (*date).clone(),
                confirming.clone(),
                closing.clone(),
                problem.clone(),
            );
            let session_ended = session_ended.clone();
            closing.set(true);
            spawn_local(async move {
                let answer = shell::close_day(&date).await;
                closing.set(false);
                confirming.set(false);
                match answer {
                    Ok(closed) => {
                        problem.set(None);
                        report.set(super::super::Loaded::Ready(Rc::new(closed)));
                    }
                    Err(error) if error.code == ErrorCode::NotSignedIn => session_ended.emit(()),
                    Err(error) => problem.set(Some(error.message)),
                }
            });
        })
    };
    let confirm_keys = {
        let (close_day, confirming) = (close_day.clone(), confirming.clone());
        Callback::from(move |event: KeyboardEvent| match event.key().as_str() {
            "Enter" => {
                event.prevent_default();
                close_day.emit(());
            }
            "Escape" => {
                event.prevent_default();
                confirming.set(false);
            }
            _ => {}
        })
    };
    let stem = format!("z-report-{}", date.replace('/', "-"));
    let open_day = matches!(&*report, super::super::Loaded::Ready(z) if z.closed_by.is_none());
    html! {
        <>
            <div class="subbar">
                <CommitField label="Date" name="date" value={(*date).clone()} placeholder="dd/mm/yyyy"
                    on_commit={{
                        let (date, confirming) = (date.clone(), confirming.clone());
                        move |value| { confirming.set(false); date.set(value) }
                    }} />
                <SaveBar request={ReportToSave::Fees(FeeReportRequest::ZReport { date: (*date).clone() })}
                    {stem} session_ended={props.session_ended.clone()} />
            </div>
            if let Some(message) = &*problem {
                <p class="banner error page-banner" role="alert">{ message }</p>
            }
            <div class="table-wrap z-wrap">
                { loaded_view(&report, z_report_view) }
                if props.can_close && open_day {
                    if *confirming {
                        <div class="close-form close-day-confirm" onkeydown={confirm_keys}>
                            <p>
                                { format!("Close {} on this PC? No more receipts can be issued or cancelled for that day here.",
                                    display_date(&date)) }
                            </p>
                            <div class="actions">
                                <button type="button" class="primary danger" data-action="confirm-close-day"
                                    autofocus=true disabled={*closing} onclick={close_day.reform(|_| ())}>
                                    { if *closing { "Closing…" } else { "Close the day" } }<kbd>{ "Enter" }</kbd>
                                </button>
                                <button type="button" onclick={{ let confirming = confirming.clone(); move |_| confirming.set(false) }}>
                                    { "Keep it open" }<kbd>{ "Esc" }</kbd>
                                </button>
                            </div>
                        </div>
                    } else {
                        <div class="detail-actions z-actions">
                            <button type="button" class="primary" data-action="close-day"
                                onclick={{ let confirming = confirming.clone(); move |_| confirming.set(true) }}>
                                { "Close day…" }
                            </button>
                        </div>
                    }
                }
            </div>
        </>
    }
}

fn z_report_view(z: &ZReport) -> Html {
    html! {
        <section class="z-report" data-closed={z.closed_by.is_some().to_string()}>
            <h2 class="report-title">
                { format!("Z-report · PC {} · {}", z.device_code, display_date(&z.date)) }
                if z.closed_by.is_some() {
                    <span class="status closed-day">{ "Closed" }</span>
                } else {
                    <span class="status open">{ "Open" }</span>
                }
            </h2>
            <dl class="facts z-facts">
                { super::super::fact("Receipts issued", group_thousands(z.issued_count)) }
                { super::super::fact("Cancelled", format!("{} ({})", group_thousands(z.cancelled_count), rupees(z.cancelled_paise))) }
                { super::super::fact("First receipt", z.first_receipt_no.clone()) }
                { super::super::fact("Last receipt", z.last_receipt_no.clone()) }
                if let (Some(by), Some(at)) = (&z.closed_by, &z.closed_at) {
                    { super::super::fact("Closed by", format!("{by} at {}", local_time(at))) }
                }
            </dl>
            <table class="grid compact totals-list z-modes">
                <thead><tr><th>{ "Mode" }</th><th class="num">{ "Receipts" }</th><th class="num">{ "Amount" }</th></tr></thead>
                <tbody>{ mode_totals(&z.by_mode) }</tbody>
                <tfoot><tr><td>{ "Net collected" }</td><td></td><td class="num z-net">{ rupees(z.net_paise) }</td></tr></tfoot>
            </table>
        </section>
    }
}
