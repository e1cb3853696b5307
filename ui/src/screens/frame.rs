//! The office frame around every signed-in screen: the navigation on the left (only what the
//! user's role allows), the screen itself, and the status bar along the bottom.

use campusdesk_shared::office::SessionInfo;
use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

use super::allowed;
use super::attendance::RegisterScreen;
use super::attendance::calendar::AttendanceCalendar;
use super::attendance::leave::LeaveRequests;
use super::attendance::reports::AttendanceReports;
use super::classes::ClassesAndYears;
use super::enquiries::EnquiryRegister;
use super::fees::FeeCounter;
use super::fees::reports::FeeReports;
use super::fees::setup::FeeSetup;
use super::roster::RosterTransfer;
use super::students::StudentRecords;
use super::users::UsersAndRoles;
use crate::shell;

#[derive(Debug, Clone, Copy, PartialEq)]
enum Section {
    Students,
    Enquiries,
    Classes,
    Users,
    Roster,
    Attendance,
    Leave,
    AttendanceReports,
    Calendar,
    FeeCounter,
    FeeSetup,
    FeeReports,
}

impl Section {
    /// The sections this session may open, in menu order. A section is listed only when the
    /// role holds the permission to work in it; the core refuses the rest regardless.
    fn allowed(session: &SessionInfo) -> Vec<Section> {
        let can = |permission: &str| allowed(session, permission);
        let mut sections = Vec::new();
        if can("students.view") {
            sections.push(Section::Students);
            sections.push(Section::Enquiries);
        }
        if can("attendance.view") {
            sections.push(Section::Attendance);
            sections.push(Section::Leave);
        }
        if (can("attendance.view") && (can("students.view") || can("attendance.mark")))
            || can("attendance.report")
        {
            sections.push(Section::AttendanceReports);
        }
        if can("fees.view") || can("fees.collect") {
            sections.push(Section::FeeCounter);
        }
        if can("fees.report") {
            sections.push(Section::FeeReports);
        }
        if can("fees.edit") || can("fees.waive") {
            sections.push(Section::FeeSetup);
        }
        if (can("students.create") && can("students.edit")) || can("students.export") {
            sections.push(Section::Roster);
        }
        // Everyone who sees students may read the class list, but this section is for
        // setting the school up, so it is offered to those who may change it.
        if can("school.settings") {
            sections.push(Section::Classes);
        }
        if can("school.settings") || can("teachers.edit") {
            sections.push(Section::Calendar);
        }
        if can("users.manage") || can("roles.manage") {
            sections.push(Section::Users);
        }
        sections
    }

    fn title(self) -> &'static str {
        match self {
            Section::Students => "Students",
            Section::Enquiries => "Enquiries",
            Section::Classes => "Classes and years",
            Section::Users => "Users and roles",
            Section::Roster => "Import / export",
            Section::Attendance => "Attendance",
            Section::Leave => "Leave",
            Section::AttendanceReports => "Attendance reports",
            Section::Calendar => "Attendance calendar",
            Section::FeeCounter => "Fee counter",
            Section::FeeSetup => "Fee setup",
            Section::FeeReports => "Fee reports",
        }
    }

    /// A stable name for the section's navigation button, for tests and styles.
    fn key(self) -> &'static str {
        match self {
            Section::Students => "students",
            Section::Enquiries => "enquiries",
            Section::Classes => "classes",
            Section::Users => "users",
            Section::Roster => "roster",
            Section::Attendance => "attendance",
            Section::Leave => "leave",
            Section::AttendanceReports => "attendance-reports",
            Section::Calendar => "calendar",
            Section::FeeCounter => "fees",
            Section::FeeSetup => "fee-setup",
            Section::FeeReports => "fee-reports",
        }
    }
}

#[derive(Debug, Properties, PartialEq)]
pub struct FrameProps {
    pub session: SessionInfo,
    /// Back to the sign-in screen, with a notice when the session ended by itself.
    pub on_signed_out: Callback<Option<String>>,
}

#[function_component(Frame)]
pub fn frame(props: &FrameProps) -> Html {
    let sections = Section::allowed(&props.session);
    let current = use_state(|| sections.first().copied());
    // Counts clicks on the navigation, so that choosing the section already open still takes
    // it back to its start (the student list from a profile or form).
    let visits = use_state(|| 0_u32);
    // A student to show when the students section opens next, for screens elsewhere that lead
    // to one (an enquiry just converted into an admission).
    let opening = use_state(|| None::<String>);
    let open_student = {
        let (current, visits, opening) = (current.clone(), visits.clone(), opening.clone());
        Callback::from(move |id: String| {
            opening.set(Some(id));
            current.set(Some(Section::Students));
            visits.set(*visits + 1);
        })
    };

    let sign_out = {
        let on_signed_out = props.on_signed_out.clone();
        Callback::from(move |_: MouseEvent| {
            let on_signed_out = on_signed_out.clone();
            spawn_local(async move {
                // Leaving the screen is right even if the shell call fails: the UI holds no
                // session of its own, and the next call would ask to sign in again.
                let _ = shell::sign_out().await;
                on_signed_out.emit(None);
            });
        })
    };
    let session_ended = props
        .on_signed_out
        .reform(|()| Some("Your session ended. Please sign in again.".to_owned()));

    let session = &props.session;
    html! {
        <div class="frame">
            <nav class="nav" aria-label="Sections">
                <div class="brand-line">
                    <span class="logo">{ "CD" }</span>
                    <span>{ "CampusDesk" }</span>
                </div>
                <div class="nav-school">{ &session.school_name }</div>
                <ul>
                    { for sections.iter().map(|section| {
                        let section = *section;
                        let active = *current == Some(section);
                        let (current, visits, opening) = (current.clone(), visits.clone(), opening.clone());
                        html! {
                            <li>
                                <button type="button" data-section={section.key()}
                                    class={classes!("nav-item", active.then_some("active"))}
                                    aria-current={active.then_some("page")}
                                    onclick={move |_| {
                                        opening.set(None);
                                        current.set(Some(section));
                                        visits.set(*visits + 1);
                                    }}>
                                    { section.title() }
                                </button>
                            </li>
                        }
                    }) }
                </ul>
                <div class="nav-bottom">
                    <button type="button" class="nav-item" onclick={sign_out}>{ "Sign out" }</button>
                </div>
            </nav>
            <main class="content">
                { match *current {
                    Some(Section::Students) => html! {
                        <StudentRecords session={session.clone()} visit={*visits}
                            open={(*opening).clone()} {session_ended} />
                    },
                    Some(Section::Enquiries) => html! {
                        <EnquiryRegister session={session.clone()} visit={*visits}
                            {open_student} {session_ended} />
                    },
                    Some(Section::Classes) => html! {
                        <ClassesAndYears {session_ended} />
                    },
                    Some(Section::Users) => html! {
                        <UsersAndRoles session={session.clone()} {session_ended} />
                    },
                    Some(Section::Roster) => html! {
                        <RosterTransfer session={session.clone()} />
                    },
                    Some(Section::Attendance) => html! {
                        <RegisterScreen session={session.clone()} {session_ended} />
                    },
                    Some(Section::Leave) => html! {
                        <LeaveRequests session={session.clone()} {session_ended} />
                    },
                    Some(Section::AttendanceReports) => html! {
                        <AttendanceReports session={session.clone()} {session_ended} />
                    },
                    Some(Section::Calendar) => html! {
                        <AttendanceCalendar session={session.clone()} {session_ended} />
                    },
                    Some(Section::FeeCounter) => html! {
                        <FeeCounter session={session.clone()} {session_ended} />
                    },
                    Some(Section::FeeSetup) => html! {
                        <FeeSetup session={session.clone()} {session_ended} />
                    },
                    Some(Section::FeeReports) => html! {
                        <FeeReports session={session.clone()} {session_ended} />
                    },
                    None => html! {
                        <div class="centre muted">
                            { "Your role has no sections on this PC yet. Ask the school administrator." }
                        </div>
                    },
                } }
            </main>
            <footer class="status-bar">
                <span>
                    { "Signed in: " }<strong>{ &session.full_name }</strong>
                    { format!(" ({})", session.role_name) }
                </span>
                <span>{ format!("{} · {} ({})", session.school_name, session.campus_name, session.campus_code) }</span>
                <span>{ format!("PC {}", session.device_code) }</span>
            </footer>
        </div>
    }
}
