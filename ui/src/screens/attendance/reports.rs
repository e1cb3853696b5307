//! The attendance reports on screen, each with a bar that saves it as PDF or CSV and opens the
//! saved file in the PC's viewer for printing: today's absentees (the front desk's call list),
//! the monthly register of a section, students below a threshold, the campus summary by class
//! and one student's summary.

use std::rc::Rc;

use campusdesk_shared::attendance::{
    AbsenteeList, AttendanceReportRequest, AttendanceStatus, AttendanceTotals, BelowThreshold,
    CampusAttendanceSummary, DayKind, MonthlyRegister, RegisterSection, StudentAttendanceSummary,
};
use campusdesk_shared::office::{SessionInfo, StudentRow};
use web_sys::HtmlSelectElement;
use yew::prelude::*;

use super::super::reporting::{
    CommitField, ReportToSave, SaveBar, loaded_view, message_error, use_report,
};
use super::super::student_picker::StudentPicker;
use super::super::{Loaded, allowed, display_date, group_thousands, today};
use crate::shell;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tab {
    Absentees,
    Monthly,
    Below,
    Campus,
    Student,
}

impl Tab {
    fn title(self) -> &'static str {
        match self {
            Tab::Absentees => "Absentees",
            Tab::Monthly => "Monthly register",
            Tab::Below => "Below threshold",
            Tab::Campus => "Campus summary",
            Tab::Student => "Student",
        }
    }

    fn key(self) -> &'static str {
        match self {
            Tab::Absentees => "absentees",
            Tab::Monthly => "monthly",
            Tab::Below => "below",
            Tab::Campus => "campus",
            Tab::Student => "student",
        }
    }
}

#[derive(Debug, Properties, PartialEq)]
pub struct AttendanceReportsProps {
    pub session: SessionInfo,
    pub session_ended: Callback<()>,
}

#[function_component(AttendanceReports)]
pub fn attendance_reports(props: &AttendanceReportsProps) -> Html {
    // The call list is the front desk's; those who keep registers print their month; the
    // other reports need attendance.report.
    let can = |permission: &str| allowed(&props.session, permission);
    let mut tabs = Vec::new();
    if can("students.view") {
        tabs.push(Tab::Absentees);
    }
    if can("attendance.report") || can("attendance.mark") {
        tabs.push(Tab::Monthly);
    }
    if can("attendance.report") {
        tabs.extend([Tab::Below, Tab::Campus, Tab::Student]);
    }
    let tab = use_state(|| tabs.first().copied());
    let ended = props.session_ended.clone();
    html! {
        <div class="people reports">
            <header class="toolbar">
                <h1>{ "Attendance reports" }</h1>
                <div class="tabs" role="tablist">
                    { for tabs.iter().map(|t| {
                        let t = *t;
                        let active = *tab == Some(t);
                        let tab = tab.clone();
                        html! {
                            <button type="button" role="tab" data-tab={t.key()}
                                class={classes!("tab", active.then_some("active"))}
                                aria-selected={active.to_string()}
                                onclick={move |_| tab.set(Some(t))}>
                                { t.title() }
                            </button>
                        }
                    }) }
                </div>
            </header>
            <div class="tab-body report-body">
                { match *tab {
                    Some(Tab::Absentees) => html! { <AbsenteesReport session_ended={ended} /> },
                    Some(Tab::Monthly) => html! { <MonthlyReport session_ended={ended} /> },
                    Some(Tab::Below) => html! { <BelowReport session_ended={ended} /> },
                    Some(Tab::Campus) => html! { <CampusReport session_ended={ended} /> },
                    Some(Tab::Student) => html! { <StudentReport session_ended={ended} /> },
                    None => html! { <p class="empty muted">{ "Your role has no attendance reports." }</p> },
                } }
            </div>
        </div>
    }
}
#[derive(Debug, Properties, PartialEq)]
struct ReportProps {
    session_ended: Callback<()>,
}

fn percent(totals: &AttendanceTotals) -> String {
    match totals.percent_tenths {
        Some(tenths) => format!("{}.{}%", tenths / 10, tenths % 10),
        None => "—".to_owned(),
    }
}

// ---------------------------------------------------------------------------------------------
// Absentees

#[function_component(AbsenteesReport)]
fn absentees_report(props: &ReportProps) -> Html {
    let date = use_state(today);
    let report = use_report(
        (*date).clone(),
        props.session_ended.clone(),
        |date: String| async move { shell::absentees(&date).await },
    );
    let request = AttendanceReportRequest::Absentees {
        date: (*date).clone(),
    };
    let stem = format!("absentees-{}", date.replace('/', "-"));
    html! {
        <>
            <div class="subbar">
                <CommitField label="Date" name="date" value={(*date).clone()} placeholder="dd/mm/yyyy"
                    on_commit={{ let date = date.clone(); move |value| date.set(value) }} />
                <SaveBar request={ReportToSave::Attendance(request)} {stem} session_ended={props.session_ended.clone()} />
            </div>
            <div class="table-wrap">
                { loaded_view(&report, absentee_table) }
            </div>
        </>
    }
}

fn absentee_table(list: &AbsenteeList) -> Html {
    html! {
        <>
            if !list.sections_not_taken.is_empty() {
                <p class="banner page-banner not-taken" role="status">
                    { format!("Registers not taken yet: {}. The list is not complete.", list.sections_not_taken.join(", ")) }
                </p>
            }
            if list.rows.is_empty() {
                <p class="empty muted">{ format!("No absentees on {}.", display_date(&list.date)) }</p>
            } else {
                <table class="grid absentee-list">
                    <thead>
                        <tr>
                            <th>{ "Adm. no" }</th>
                            <th>{ "Student" }</th>
                            <th>{ "Section" }</th>
                            <th class="num">{ "Periods" }</th>
                            <th>{ "Remark" }</th>
                            <th>{ "Guardian" }</th>
                            <th>{ "Phone" }</th>
                        </tr>
                    </thead>
                    <tbody>
                        { for list.rows.iter().map(|row| html! {
                            <tr data-student={row.student_id.clone()}>
                                <td class="code">{ &row.admission_no }</td>
                                <td class="name">{ &row.full_name }</td>
                                <td>{ &row.section_label }</td>
                                <td class="num">{ row.periods_absent }</td>
                                <td>{ &row.remark }</td>
                                <td>{ format!("{} ({})", row.guardian_name, row.guardian_relation) }</td>
                                <td class="phone">{ &row.guardian_phone }</td>
                            </tr>
                        }) }
                    </tbody>
                </table>
            }
        </>
    }
}

// ---------------------------------------------------------------------------------------------
// Monthly register

/// `mm/yyyy` of today, the month a register report opens on.
fn this_month() -> String {
    today().get(3..).unwrap_or_default().to_owned()
}

/// `mm/yyyy` (or `m/yyyy`) as (year, month).
fn parse_month(text: &str) -> Option<(i32, u8)> {
    let (month, year) = text.trim().split_once('/')?;
    let month: u8 = month.trim().parse().ok()?;
    let year: i32 = year.trim().parse().ok()?;
    ((1..=12).contains(&month) && (1900..=9999).contains(&year)).then_some((year, month))
}

#[derive(Debug, Clone, PartialEq)]
struct MonthlyInputs {
    section_id: String,
    month: String,
    period: u8,
}

#[function_component(MonthlyReport)]
fn monthly_report(props: &ReportProps) -> Html {
    let sections = use_state(|| Rc::new(Vec::<RegisterSection>::new()));
    let per_period = use_state(|| None::<u8>);
    let inputs = use_state(|| MonthlyInputs {
        section_id: String::new(),
        month: this_month(),
        period: 0,
    });
    {
        let (sections, inputs, per_period) = (sections.clone(), inputs.clone(), per_period.clone());
        use_effect_with((), move |()| {
            wasm_bindgen_futures::spawn_local(async move {
                let rules = shell::attendance_settings().await.ok();
                let periods = rules
                    .filter(|r| r.mode == campusdesk_shared::attendance::AttendanceMode::PerPeriod)
                    .map(|r| r.periods_per_day.max(1));
                per_period.set(periods);
                if let Ok(listed) = shell::register_sections().await {
                    let mut next = (*inputs).clone();
                    next.section_id = listed
                        .first()
                        .map(|s| s.section_id.clone())
                        .unwrap_or_default();
                    next.period = u8::from(periods.is_some());
                    inputs.set(next);
                    sections.set(Rc::new(listed));
                }
            });
        });
    }
    let report = use_report(
        (*inputs).clone(),
        props.session_ended.clone(),
        |inputs: MonthlyInputs| async move {
            if inputs.section_id.is_empty() {
                return Err(message_error("Choose a section"));
            }
            let (year, month) = parse_month(&inputs.month)
                .ok_or_else(|| message_error("Write the month as mm/yyyy, e.g. 06/2026"))?;
            shell::monthly_register(&inputs.section_id, year, month, inputs.period).await
        },
    );
    let choose_section = {
        let inputs = inputs.clone();
        Callback::from(move |event: Event| {
            let mut next = (*inputs).clone();
            next.section_id = event.target_unchecked_into::<HtmlSelectElement>().value();
            inputs.set(next);
        })
    };
    let choose_period = {
        let inputs = inputs.clone();
        Callback::from(move |event: Event| {
            let mut next = (*inputs).clone();
            next.period = event
                .target_unchecked_into::<HtmlSelectElement>()
                .value()
                .parse()
                .unwrap_or(1);
            inputs.set(next);
        })
    };
    let save = match (&*report, parse_month(&inputs.month)) {
        (Loaded::Ready(register), Some((year, month))) => Some((
            AttendanceReportRequest::MonthlyRegister {
                section_id: inputs.section_id.clone(),
                year,
                month,
                period: inputs.period,
            },
            format!("register-{}-{year}-{month:02}", register.section_label),
        )),
        _ => None,
    };
    html! {
        <>
            <div class="subbar">
                <span class="inline-field">
                    <label class="inline-label" for="report-section">{ "Section" }</label>
                    <select id="report-section" name="section" onchange={choose_section}>
                        { for sections.iter().map(|s| html! {
                            <option value={s.section_id.clone()} selected={s.section_id == inputs.section_id}>{ &s.label }</option>
                        }) }
                    </select>
                </span>
                <CommitField label="Month" name="month" value={inputs.month.clone()} placeholder="mm/yyyy"
                    on_commit={{
                        let inputs = inputs.clone();
                        move |month| inputs.set(MonthlyInputs { month, ..(*inputs).clone() })
                    }} />
                if let Some(periods) = *per_period {
                    <span class="inline-field">
                        <label class="inline-label" for="report-period">{ "Period" }</label>
                        <select id="report-period" name="period" onchange={choose_period}>
                            { for (1..=periods).map(|p| html! {
                                <option value={p.to_string()} selected={p == inputs.period}>{ p }</option>
                            }) }
                        </select>
                    </span>
                }
                if let Some((request, stem)) = save {
                    <SaveBar request={ReportToSave::Attendance(request)} {stem} session_ended={props.session_ended.clone()} />
                }
            </div>
            <div class="table-wrap">
                { loaded_view(&report, monthly_grid) }
            </div>
        </>
    }
}

fn cell_code(status: Option<AttendanceStatus>, kind: &DayKind) -> &'static str {
    match (status, kind) {
        (Some(status), _) => status.code(),
        (None, DayKind::WeeklyOff) => "·",
        (None, DayKind::Holiday(_)) => "H",
        _ => "",
    }
}

fn monthly_grid(register: &MonthlyRegister) -> Html {
    html! {
        <div class="monthly">
            <h2 class="report-title">
                { format!("{} · {} · {}", register.section_label, register.month_name, register.campus_name) }
                if register.period > 0 { { format!(" · period {}", register.period) } }
            </h2>
            <table class="month-grid">
                <thead>
                    <tr>
                        <th class="student">{ "Student" }</th>
                        { for register.days.iter().map(|day| {
                            let title = match &day.kind {
                                DayKind::Holiday(name) => Some(name.clone()),
                                DayKind::WeeklyOff => Some("Weekly off".to_owned()),
                                DayKind::NotTaken => Some("Not taken".to_owned()),
                                _ => None,
                            };
                            html! {
                                <th class={classes!("day", day_class(&day.kind))} {title}>
                                    <div>{ day.day }</div>
                                    <div class="weekday">{ day.weekday.get(..1).unwrap_or_default() }</div>
                                </th>
                            }
                        }) }
                        <th class="num">{ "P" }</th>
                        <th class="num">{ "A" }</th>
                        <th class="num">{ "%" }</th>
                    </tr>
                </thead>
                <tbody>
                    { for register.rows.iter().map(|row| html! {
                        <tr data-student={row.student_id.clone()}>
                            <td class="student" title={row.admission_no.clone()}>{ &row.full_name }</td>
                            { for row.cells.iter().zip(&register.days).map(|(cell, day)| html! {
                                <td class={classes!("day", day_class(&day.kind), cell.map(|s| s.as_str().to_owned()))}>
                                    { cell_code(*cell, &day.kind) }
                                </td>
                            }) }
                            <td class="num">{ row.totals.present + row.totals.late }</td>
                            <td class="num">{ row.totals.absent }</td>
                            <td class="num">{ percent(&row.totals) }</td>
                        </tr>
                    }) }
                </tbody>
                <tfoot>
                    <tr>
                        <td class="student">{ "Present" }</td>
                        { for register.present_per_day.iter().zip(&register.days).map(|(count, day)| html! {
                            <td class={classes!("day", day_class(&day.kind))}>{ count.map(|c| c.to_string()).unwrap_or_default() }</td>
                        }) }
                        <td></td><td></td><td></td>
                    </tr>
                </tfoot>
            </table>
            <p class="muted legend">{ "P present · A absent · L late · HD half day · E excused · H holiday · · weekly off" }</p>
        </div>
    }
}

fn day_class(kind: &DayKind) -> &'static str {
    match kind {
        DayKind::Taken => "taken",
        DayKind::NotTaken => "not-taken",
        DayKind::WeeklyOff => "off",
        DayKind::Holiday(_) => "holiday",
        DayKind::NoSchool => "no-school",
    }
}

// ---------------------------------------------------------------------------------------------
// Below threshold, campus summary, one student

#[derive(Debug, Clone, PartialEq, Default)]
struct Range {
    from: String,
    to: String,
}

/// The From and To fields of a report over a period; empty means the academic year to date.
fn range_fields(range: &UseStateHandle<Range>) -> Html {
    html! {
        <>
            <CommitField label="From" name="from" value={range.from.clone()} placeholder="year start"
                on_commit={{ let range = range.clone(); move |from| range.set(Range { from, ..(*range).clone() }) }} />
            <CommitField label="To" name="to" value={range.to.clone()} placeholder="today"
                on_commit={{ let range = range.clone(); move |to| range.set(Range { to, ..(*range).clone() }) }} />
        </>
    }
}

fn totals_cells(totals: &AttendanceTotals) -> Html {
    html! {
        <>
            <td class="num">{ group_thousands(totals.sessions) }</td>
            <td class="num">{ group_thousands(totals.present + totals.late) }</td>
            <td class="num">{ group_thousands(totals.absent) }</td>
            <td class="num">{ group_thousands(totals.excused) }</td>
            <td class="num strong">{ percent(totals) }</td>
        </>
    }
}

fn totals_heads() -> Html {
    html! {
        <>
            <th class="num">{ "Sessions" }</th>
            <th class="num">{ "Attended" }</th>
            <th class="num">{ "Absent" }</th>
            <th class="num">{ "Excused" }</th>
            <th class="num">{ "%" }</th>
        </>
    }
}

#[function_component(BelowReport)]
fn below_report(props: &ReportProps) -> Html {
    let range = use_state(Range::default);
    let threshold = use_state(|| "75".to_owned());
    let report = use_report(
        ((*range).clone(), (*threshold).clone()),
        props.session_ended.clone(),
        |(range, threshold): (Range, String)| async move {
            let threshold: u8 = threshold
                .trim()
                .trim_end_matches('%')
                .parse()
                .ok()
                .filter(|t| (1..=100).contains(t))
                .ok_or_else(|| message_error("The threshold is a percentage from 1 to 100"))?;
            shell::attendance_below(threshold, &range.from, &range.to).await
        },
    );
    let request = match &*report {
        Loaded::Ready(below) => Some(AttendanceReportRequest::BelowThreshold {
            threshold_percent: below.threshold_percent,
            from: range.from.clone(),
            to: range.to.clone(),
        }),
        _ => None,
    };
    html! {
        <>
            <div class="subbar">
                <CommitField label="Below %" name="threshold" value={(*threshold).clone()}
                    on_commit={{ let threshold = threshold.clone(); move |t| threshold.set(t) }} />
                { range_fields(&range) }
                if let Some(request) = request {
                    <SaveBar request={ReportToSave::Attendance(request)} stem="attendance-below-threshold" session_ended={props.session_ended.clone()} />
                }
            </div>
            <div class="table-wrap">
                { loaded_view(&report, |below: &BelowThreshold| html! {
                    <>
                        <p class="muted report-note">
                            { format!("{} students below {}% from {} to {}.", below.rows.len(),
                                below.threshold_percent, display_date(&below.from), display_date(&below.to)) }
                        </p>
                        <table class="grid totals-list">
                            <thead><tr><th>{ "Adm. no" }</th><th>{ "Student" }</th><th>{ "Section" }</th>{ totals_heads() }</tr></thead>
                            <tbody>
                                { for below.rows.iter().map(|row| html! {
                                    <tr data-student={row.student_id.clone()}>
                                        <td class="code">{ &row.admission_no }</td>
                                        <td class="name">{ &row.full_name }</td>
                                        <td>{ &row.section_label }</td>
                                        { totals_cells(&row.totals) }
                                    </tr>
                                }) }
                            </tbody>
                        </table>
                    </>
                }) }
            </div>
        </>
    }
}

#[function_component(CampusReport)]
fn campus_report(props: &ReportProps) -> Html {
    let range = use_state(Range::default);
    let report = use_report(
        (*range).clone(),
        props.session_ended.clone(),
        |range: Range| async move { shell::campus_attendance(&range.from, &range.to).await },
    );
    let request = AttendanceReportRequest::CampusSummary {
        from: range.from.clone(),
        to: range.to.clone(),
    };
    html! {
        <>
            <div class="subbar">
                { range_fields(&range) }
                <SaveBar request={ReportToSave::Attendance(request)} stem="attendance-campus-summary" session_ended={props.session_ended.clone()} />
            </div>
            <div class="table-wrap">
                { loaded_view(&report, |summary: &CampusAttendanceSummary| html! {
                    <>
                        <p class="muted report-note">
                            { format!("From {} to {}.", display_date(&summary.from), display_date(&summary.to)) }
                        </p>
                        <table class="grid totals-list">
                            <thead><tr><th>{ "Class" }</th><th class="num">{ "Students" }</th><th class="num">{ "Registers" }</th>{ totals_heads() }</tr></thead>
                            <tbody>
                                { for summary.classes.iter().map(|row| html! {
                                    <tr>
                                        <td class="name">{ &row.class_name }</td>
                                        <td class="num">{ group_thousands(row.students) }</td>
                                        <td class="num">{ group_thousands(row.registers) }</td>
                                        { totals_cells(&row.totals) }
                                    </tr>
                                }) }
                            </tbody>
                            <tfoot>
                                <tr><td class="name">{ "Campus" }</td><td></td><td></td>{ totals_cells(&summary.campus) }</tr>
                            </tfoot>
                        </table>
                    </>
                }) }
            </div>
        </>
    }
}

#[function_component(StudentReport)]
fn student_report(props: &ReportProps) -> Html {
    let range = use_state(Range::default);
    let student = use_state(|| None::<Rc<StudentRow>>);
    let report = use_report(
        ((*range).clone(), student.as_ref().map(|s| s.id.clone())),
        props.session_ended.clone(),
        |(range, student): (Range, Option<String>)| async move {
            let student = student.ok_or_else(|| message_error("Find the student above"))?;
            shell::student_attendance(&student, &range.from, &range.to).await
        },
    );
    let request = student
        .as_ref()
        .map(|s| AttendanceReportRequest::StudentSummary {
            student_id: s.id.clone(),
            from: range.from.clone(),
            to: range.to.clone(),
        });
    let stem = student
        .as_ref()
        .map(|s| format!("attendance-{}", s.admission_no.replace('/', "-")))
        .unwrap_or_default();
    html! {
        <>
            <div class="subbar">
                <StudentPicker label="Student" name="student_id" chosen={(*student).clone()}
                    on_choose={{ let student = student.clone(); move |s| student.set(s) }} />
                { range_fields(&range) }
                if let Some(request) = request {
                    <SaveBar request={ReportToSave::Attendance(request)} {stem} session_ended={props.session_ended.clone()} />
                }
            </div>
            <div class="table-wrap">
                if student.is_some() {
                    { loaded_view(&report, |summary: &StudentAttendanceSummary| html! {
                        <>
                            <p class="report-note">
                                <strong>{ &summary.full_name }</strong>
                                { format!(" ({}, {}) from {} to {}: ", summary.admission_no, summary.section_label,
                                    display_date(&summary.from), display_date(&summary.to)) }
                                <strong>{ percent(&summary.totals) }</strong>
                            </p>
                            <table class="grid totals-list">
                                <thead><tr><th>{ "Month" }</th>{ totals_heads() }</tr></thead>
                                <tbody>
                                    { for summary.months.iter().map(|month| html! {
                                        <tr><td>{ &month.month }</td>{ totals_cells(&month.totals) }</tr>
                                    }) }
                                </tbody>
                                <tfoot><tr><td>{ "Total" }</td>{ totals_cells(&summary.totals) }</tr></tfoot>
                            </table>
                        </>
                    }) }
                } else {
                    <p class="empty muted">{ "Find a student to see their attendance month by month." }</p>
                }
            </div>
        </>
    }
}
