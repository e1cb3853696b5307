//! The attendance reports as files: each report's screen value laid out as a [`ReportTable`],
//! written as CSV or PDF.

use campusdesk_shared::attendance::{
    AbsenteeList, AttendanceReportRequest, AttendanceStatus, AttendanceTotals, BelowThreshold,
    CampusAttendanceSummary, DayKind, MonthlyRegister, ReportFormat, StudentAttendanceSummary,
};

use super::percent_text;
use super::reports::span_text;
use crate::auth::Session;
use crate::error::CoreResult;
use crate::input;
use crate::office::Office;
use crate::report::{Align, Column, Orientation, ReportTable};

/// How percentages are counted, printed under every table that shows one.
const PERCENT_NOTE: &str = "% = sessions attended (present or late; a half day counts half) out of registers taken since admission; excused leave counts as not attended.";

const TOTALS_HEADERS: [&str; 7] = ["Sessions", "P", "A", "L", "HD", "E", "%"];

fn totals_columns() -> Vec<Column> {
    TOTALS_HEADERS
        .iter()
        .map(|header| Column::new(*header, if *header == "%" { 13 } else { 10 }, Align::Right))
        .collect()
}

fn totals_cells(totals: &AttendanceTotals) -> Vec<String> {
    vec![
        totals.sessions.to_string(),
        totals.present.to_string(),
        totals.absent.to_string(),
        totals.late.to_string(),
        totals.half_day.to_string(),
        totals.excused.to_string(),
        percent_text(totals.percent_tenths),
    ]
}

fn legend() -> String {
    let codes: Vec<String> = AttendanceStatus::ALL
        .iter()
        .map(|s| format!("{} {}", s.code(), s.label().to_lowercase()))
        .collect();
    format!("Codes: {}.", codes.join(", "))
}

fn monthly_table(report: &MonthlyRegister) -> ReportTable {
    let mut columns = vec![
        Column::new("Adm No", 20, Align::Left),
        Column::new("Name", 44, Align::Left),
    ];
    for day in &report.days {
        columns.push(Column {
            shaded: matches!(day.kind, DayKind::WeeklyOff | DayKind::Holiday(_)),
            ..Column::new(day.day.to_string(), 6, Align::Center)
        });
    }
    columns.extend(totals_columns());
    let mut table = ReportTable::new(
        format!(
            "Attendance register · {} · {}",
            report.section_label, report.month_name
        ),
        columns,
    );
    table.orientation = Orientation::Landscape;
    table.body_size_tenths = 65;
    table
        .lines
        .push(format!("{} · {}", report.school_name, report.campus_name));
    if report.period > 0 {
        table.lines.push(format!("Period {}", report.period));
    }
    let holidays: Vec<String> = report
        .days
        .iter()
        .filter_map(|day| match &day.kind {
            DayKind::Holiday(name) => Some(format!("{} {name}", day.day)),
            _ => None,
        })
        .collect();
    if !holidays.is_empty() {
        table
            .lines
            .push(format!("Holidays: {}", holidays.join(", ")));
    }
    let mut section = super::Tally::default();
    for row in &report.rows {
        let mut cells = vec![row.admission_no.clone(), row.full_name.clone()];
        cells.extend(
            row.cells
                .iter()
                .map(|cell| cell.map(|s| s.code().to_owned()).unwrap_or_default()),
        );
        cells.extend(totals_cells(&row.totals));
        table.rows.push(cells);
        section.merge(&super::Tally::of(&row.totals));
    }
    let mut totals_row = vec![String::new(), "Attending".to_owned()];
    totals_row.extend(
        report
            .present_per_day
            .iter()
            .map(|count| count.map(|n| n.to_string()).unwrap_or_default()),
    );
    totals_row.extend(totals_cells(&section.totals()));
    table.totals.push(totals_row);
    table.notes.push(legend());
    table.notes.push(
        "Grey columns: weekly offs and holidays. Blank cells: no register taken. Attending: present or late."
            .into(),
    );
    table.notes.push(PERCENT_NOTE.into());
    table
}

fn student_table(report: &StudentAttendanceSummary) -> ReportTable {
    let mut columns = vec![Column::new("Month", 24, Align::Left)];
    columns.extend(totals_columns());
    let mut table = ReportTable::new(
        format!(
            "Attendance of {} ({})",
            report.full_name, report.admission_no
        ),
        columns,
    );
    table.lines.push(format!(
        "{} · {}",
        report.section_label,
        span_text(&report.from, &report.to)
    ));
    for month in &report.months {
        let mut cells = vec![month_label(&month.month)];
        cells.extend(totals_cells(&month.totals));
        table.rows.push(cells);
    }
    let mut total = vec!["Total".to_owned()];
    total.extend(totals_cells(&report.totals));
    table.totals.push(total);
    table.notes.push(PERCENT_NOTE.into());
    table
}

fn month_label(month: &str) -> String {
    chrono::NaiveDate::parse_from_str(&format!("{month}-01"), "%Y-%m-%d")
        .map(|d| d.format("%B %Y").to_string())
        .unwrap_or_else(|_| month.to_owned())
}

fn below_table(report: &BelowThreshold) -> ReportTable {
    let mut columns = vec![
        Column::new("Adm No", 22, Align::Left),
        Column::new("Name", 50, Align::Left),
        Column::new("Section", 18, Align::Left),
    ];
    columns.extend(totals_columns());
    let mut table = ReportTable::new(
        format!("Attendance below {}%", report.threshold_percent),
        columns,
    );
    table.lines.push(format!(
        "{} · {} students",
        span_text(&report.from, &report.to),
        report.rows.len()
    ));
    for row in &report.rows {
        let mut cells = vec![
            row.admission_no.clone(),
            row.full_name.clone(),
            row.section_label.clone(),
        ];
        cells.extend(totals_cells(&row.totals));
        table.rows.push(cells);
    }
    table.notes.push(PERCENT_NOTE.into());
    table
}

fn absentee_table(report: &AbsenteeList) -> ReportTable {
    let columns = vec![
        Column::new("Section", 16, Align::Left),
        Column::new("Adm No", 22, Align::Left),
        Column::new("Name", 42, Align::Left),
        Column::new("Periods", 13, Align::Right),
        Column::new("Guardian", 36, Align::Left),
        Column::new("Relation", 18, Align::Left),
        Column::new("Phone", 24, Align::Left),
        Column::new("Remark", 30, Align::Left),
    ];
    let mut table = ReportTable::new(
        format!("Absent on {}", input::display_date(&report.date)),
        columns,
    );
    table.lines.push(format!(
        "{} students absent without leave",
        report.rows.len()
    ));
    for row in &report.rows {
        table.rows.push(vec![
            row.section_label.clone(),
            row.admission_no.clone(),
            row.full_name.clone(),
            row.periods_absent.to_string(),
            row.guardian_name.clone(),
            row.guardian_relation.clone(),
            row.guardian_phone.clone(),
            row.remark.clone(),
        ]);
    }
    if !report.sections_not_taken.is_empty() {
        table.notes.push(format!(
            "Registers not taken yet: {}.",
            report.sections_not_taken.join(", ")
        ));
    }
    table
}

fn campus_table(report: &CampusAttendanceSummary) -> ReportTable {
    let mut columns = vec![
        Column::new("Class", 22, Align::Left),
        Column::new("Students", 14, Align::Right),
        Column::new("Registers", 14, Align::Right),
    ];
    columns.extend(totals_columns());
    let mut table = ReportTable::new("Attendance by class", columns);
    table.lines.push(span_text(&report.from, &report.to));
    for class in &report.classes {
        let mut cells = vec![
            class.class_name.clone(),
            class.students.to_string(),
            class.registers.to_string(),
        ];
        cells.extend(totals_cells(&class.totals));
        table.rows.push(cells);
    }
    let mut campus = vec![
        "Campus".to_owned(),
        report
            .classes
            .iter()
            .map(|c| c.students)
            .sum::<u32>()
            .to_string(),
        report
            .classes
            .iter()
            .map(|c| c.registers)
            .sum::<u32>()
            .to_string(),
    ];
    campus.extend(totals_cells(&report.campus));
    table.totals.push(campus);
    table
        .notes
        .push("Sessions: student-registers (a student's register on one day or period).".into());
    table.notes.push(PERCENT_NOTE.into());
    table
}

impl Office {
    /// An attendance report as a file to save or print.
    pub fn attendance_report_file(
        &self,
        session: &Session,
        request: &AttendanceReportRequest,
        format: ReportFormat,
    ) -> CoreResult<Vec<u8>> {
        let table = match request {
            AttendanceReportRequest::MonthlyRegister {
                section_id,
                year,
                month,
                period,
            } => {
                monthly_table(&self.monthly_register(session, section_id, *year, *month, *period)?)
            }
            AttendanceReportRequest::StudentSummary {
                student_id,
                from,
                to,
            } => student_table(&self.student_attendance(session, student_id, from, to)?),
            AttendanceReportRequest::BelowThreshold {
                threshold_percent,
                from,
                to,
            } => below_table(&self.attendance_below(session, *threshold_percent, from, to)?),
            AttendanceReportRequest::Absentees { date } => {
                absentee_table(&self.absentees(session, date)?)
            }
            AttendanceReportRequest::CampusSummary { from, to } => {
                campus_table(&self.campus_attendance(session, from, to)?)
            }
        };
        self.report_file(session, table, format)
    }
}
