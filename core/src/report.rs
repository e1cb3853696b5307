//! Printable tables: a report's title, headed columns, rows and totals, written either as a
//! CSV file for spreadsheets or as an A4 PDF. Reports build a [`ReportTable`] from the values
//! they show on screen, so the screen, the CSV and the PDF always agree.

mod pdf;

use std::io::Write;

use campusdesk_shared::attendance::ReportFormat;

use crate::auth::Session;
use crate::error::CoreResult;
use crate::office::Office;
use crate::roster::{csv_error, escape_cell, spreadsheet_writer};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Align {
    Left,
    Center,
    Right,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Orientation {
    Portrait,
    Landscape,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Column {
    pub header: String,
    /// Width in millimetres at full size; the PDF scales all columns to the page's width.
    pub width_mm: u16,
    pub align: Align,
    /// Printed on a grey background (a weekly off or a holiday in the monthly register).
    pub shaded: bool,
}

impl Column {
    pub fn new(header: impl Into<String>, width_mm: u16, align: Align) -> Column {
        Column {
            header: header.into(),
            width_mm,
            align,
            shaded: false,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ReportTable {
    pub title: String,
    /// Lines under the title: school, section, period covered.
    pub lines: Vec<String>,
    pub columns: Vec<Column>,
    pub rows: Vec<Vec<String>>,
    /// Rows after the body, set off by a rule: totals per column.
    pub totals: Vec<Vec<String>>,
    /// Lines after the table: the legend of codes, how percentages are counted.
    pub notes: Vec<String>,
    /// Printed at the foot of every page, with the page number.
    pub footer: String,
    pub orientation: Orientation,
    /// The body's font size in tenths of a point (a wide grid needs a smaller one).
    pub body_size_tenths: u16,
}

impl ReportTable {
    pub fn new(title: impl Into<String>, columns: Vec<Column>) -> ReportTable {
        ReportTable {
            title: title.into(),
            lines: Vec::new(),
            columns,
            rows: Vec::new(),
            totals: Vec::new(),
            notes: Vec::new(),
            footer: String::new(),
            orientation: Orientation::Portrait,
            body_size_tenths: 80,
        }
    }

    /// The table as a spreadsheet: the header row, the rows, then the totals. The title and
    /// notes stay out, so the file sorts and filters as a plain table.
    pub fn write_csv(&self, out: &mut dyn Write) -> CoreResult<()> {
        let mut writer = spreadsheet_writer(out)?;
        writer
            .write_record(self.columns.iter().map(|c| escape_cell(&c.header)))
            .map_err(csv_error)?;
        for row in self.rows.iter().chain(&self.totals) {
            writer
                .write_record(row.iter().map(|cell| escape_cell(cell)))
                .map_err(csv_error)?;
        }
        writer.flush()?;
        Ok(())
    }

    /// The table as an A4 PDF with the campus's names in an embedded font.
    pub fn to_pdf(&self) -> CoreResult<Vec<u8>> {
        pdf::render(self)
    }
}

/// A slip of paper printed top to bottom, such as a receipt: rows of text (a left part that
/// wraps and a right part kept on its first line), rules and spaces, on a fixed page size or
/// on a roll as long as its content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Slip {
    pub title: String,
    pub width_mm: u16,
    /// None for a roll (a thermal printer): the page is as tall as what is printed.
    pub height_mm: Option<u16>,
    pub margin_mm: u16,
    pub rows: Vec<SlipRow>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum SlipRow {
    Text {
        left: String,
        right: String,
        /// Font size in tenths of a point.
        size_tenths: u16,
        align: Align,
    },
    Rule,
    /// Blank space, in tenths of a point.
    Space(u16),
}

impl SlipRow {
    pub fn text(left: impl Into<String>, size_tenths: u16) -> SlipRow {
        SlipRow::Text {
            left: left.into(),
            right: String::new(),
            size_tenths,
            align: Align::Left,
        }
    }

    pub fn centered(text: impl Into<String>, size_tenths: u16) -> SlipRow {
        SlipRow::Text {
            left: text.into(),
            right: String::new(),
            size_tenths,
            align: Align::Center,
        }
    }

    pub fn pair(left: impl Into<String>, right: impl Into<String>, size_tenths: u16) -> SlipRow {
        SlipRow::Text {
            left: left.into(),
            right: right.into(),
            size_tenths,
            align: Align::Left,
        }
    }
}

impl Slip {
    /// The slip as a PDF in the reports' embedded font.
    pub fn to_pdf(&self) -> CoreResult<Vec<u8>> {
        pdf::render_slip(self)
    }
}

impl Office {
    /// A report table as the file the office saves or prints: signed at the foot with the
    /// school, the campus, when it was printed and by whom, then written as CSV or PDF.
    pub(crate) fn report_file(
        &self,
        session: &Session,
        mut table: ReportTable,
        format: ReportFormat,
    ) -> CoreResult<Vec<u8>> {
        let identity = self.identity()?;
        let printed = self.clock.now().with_timezone(&chrono::Local);
        table.footer = format!(
            "{} · {} · printed {} by {}",
            identity.school_name,
            identity.campus_name,
            printed.format("%d/%m/%Y %H:%M"),
            session.username
        );
        match format {
            ReportFormat::Csv => {
                let mut out = Vec::new();
                table.write_csv(&mut out)?;
                Ok(out)
            }
            ReportFormat::Pdf => table.to_pdf(),
        }
    }
}
