//! A [`ReportTable`] laid out on A4 pages with printpdf: title and lines on the first page,
//! the column headers repeated on every page, rows ruled, long cells cut with an ellipsis,
//! totals and notes after the rows, and a footer with page numbers.
//!
//! The font is DejaVu Sans, embedded in the binary (`core/assets`, licence beside it), so
//! every Latin-script name prints the same on every PC whatever fonts it has; printpdf embeds
//! only the glyphs a report uses. printpdf has no call that measures text, so widths come
//! from the font's glyph advances.
//!
//! Slips (receipts) use the same font, typesetter and page drawing: [`render_slip`].

// Page layout is measured in points; money never is, and there is none here.
#![allow(clippy::float_arithmetic)]

use std::sync::OnceLock;

use printpdf::{
    Color, Greyscale, Line, LinePoint, Mm, Op, PaintMode, ParsedFont, PdfDocument, PdfFontHandle,
    PdfPage, PdfSaveOptions, Point, Pt, Rect, TextItem, TextMatrix,
};

use super::{Align, Orientation, ReportTable, Slip, SlipRow};
use crate::error::{CoreError, CoreResult};

const FONT_BYTES: &[u8] = include_bytes!("../../assets/DejaVuSans.ttf");

const MARGIN_MM: f32 = 10.0;
const TITLE_PT: f32 = 13.0;
const LINE_PT: f32 = 8.5;
const HEADER_PT: f32 = 7.0;
const FOOTER_PT: f32 = 7.0;
/// Space between a cell's rule and its text.
const PAD_PT: f32 = 1.5;

/// The font, parsed once per process (parsing takes milliseconds; a report should not).
fn font() -> CoreResult<&'static ParsedFont> {
    static FONT: OnceLock<Option<ParsedFont>> = OnceLock::new();
    FONT.get_or_init(|| ParsedFont::from_bytes(FONT_BYTES, 0, &mut Vec::new()))
        .as_ref()
        .ok_or_else(|| CoreError::Internal("the report font could not be read".into()))
}

/// Measures and places text in the one font.
struct Typesetter {
    font: &'static ParsedFont,
    units_per_em: f32,
}

impl Typesetter {
    fn width(&self, text: &str, size: f32) -> f32 {
        let units: u32 = text
            .chars()
            .map(|c| {
                let glyph = self.font.lookup_glyph_index(u32::from(c)).unwrap_or(0);
                u32::from(self.font.get_horizontal_advance(glyph))
            })
            .sum();
        units as f32 * size / self.units_per_em
    }

    /// `text` cut to fit `room` points, ending in an ellipsis when cut.
    fn fit(&self, text: &str, size: f32, room: f32) -> String {
        if self.width(text, size) <= room {
            return text.to_owned();
        }
        let ellipsis = self.width("…", size);
        let mut kept = String::new();
        let mut used = 0.0;
        for c in text.chars() {
            let advance = self.width(c.encode_utf8(&mut [0; 4]), size);
            if used + advance + ellipsis > room {
                break;
            }
            used += advance;
            kept.push(c);
        }
        kept.push('…');
        kept
    }
}

/// The drawing of one page, kept in layers so that it is painted in the right order whatever
/// order it was laid out in: grey backgrounds, then rules, then all text in one text section.
#[derive(Default)]
struct PageOps {
    fills: Vec<Op>,
    rules: Vec<Op>,
    text: Vec<Op>,
}

impl PageOps {
    fn text(&mut self, handle: &PdfFontHandle, size: f32, x: f32, y: f32, text: String) {
        self.text.push(Op::SetFont {
            font: handle.clone(),
            size: Pt(size),
        });
        self.text.push(Op::SetTextMatrix {
            matrix: TextMatrix::Translate(Pt(x), Pt(y)),
        });
        self.text.push(Op::ShowText {
            items: vec![TextItem::Text(text)],
        });
    }

    fn rule(&mut self, x1: f32, y1: f32, x2: f32, y2: f32) {
        self.rules.push(Op::DrawLine {
            line: Line {
                points: vec![
                    LinePoint {
                        p: Point {
                            x: Pt(x1),
                            y: Pt(y1),
                        },
                        bezier: false,
                    },
                    LinePoint {
                        p: Point {
                            x: Pt(x2),
                            y: Pt(y2),
                        },
                        bezier: false,
                    },
                ],
                is_closed: false,
            },
        });
    }

    fn shade(&mut self, x: f32, y: f32, width: f32, height: f32) {
        self.fills.push(Op::DrawRectangle {
            rectangle: Rect {
                mode: Some(PaintMode::Fill),
                ..Rect::from_xywh(Pt(x), Pt(y), Pt(width), Pt(height))
            },
        });
    }

    fn finish(self) -> Vec<Op> {
        let grey = |percent| {
            Color::Greyscale(Greyscale {
                percent,
                icc_profile: None,
            })
        };
        let mut ops = vec![
            Op::SaveGraphicsState,
            Op::SetFillColor { col: grey(0.9) },
            Op::SetOutlineColor { col: grey(0.55) },
            Op::SetOutlineThickness { pt: Pt(0.4) },
        ];
        ops.extend(self.fills);
        ops.extend(self.rules);
        ops.push(Op::RestoreGraphicsState);
        ops.push(Op::SetFillColor { col: grey(0.0) });
        ops.push(Op::StartTextSection);
        ops.extend(self.text);
        ops.push(Op::EndTextSection);
        ops
    }
}

pub(super) fn render(table: &ReportTable) -> CoreResult<Vec<u8>> {
    let font = font()?;
    let set = Typesetter {
        font,
        units_per_em: f32::from(font.pdf_font_metrics.units_per_em.max(1)),
    };
    let mut doc = PdfDocument::new(&table.title);
    let handle = PdfFontHandle::External(doc.add_font(font));
    let (page_w_mm, page_h_mm) = match table.orientation {
        Orientation::Portrait => (210.0, 297.0),
        Orientation::Landscape => (297.0, 210.0),
    };
    let page_w = Pt::from(Mm(page_w_mm)).0;
    let page_h = Pt::from(Mm(page_h_mm)).0;
    let margin = Pt::from(Mm(MARGIN_MM)).0;
    let left = margin;
    let usable = page_w - 2.0 * margin;
    let total_mm: f32 = table.columns.iter().map(|c| f32::from(c.width_mm)).sum();
    let scale = if total_mm > 0.0 {
        usable / total_mm
    } else {
        1.0
    };
    let widths: Vec<f32> = table
        .columns
        .iter()
        .map(|c| f32::from(c.width_mm) * scale)
        .collect();
    let mut edges = Vec::with_capacity(widths.len() + 1);
    let mut x = left;
    edges.push(x);
    for width in &widths {
        x += width;
        edges.push(x);
    }
    let right = x;
    let body = f32::from(table.body_size_tenths) / 10.0;
    let row_h = body * 1.65;
    let header_h = HEADER_PT * 1.8;
    let bottom = margin + FOOTER_PT * 2.5;

    let mut pages: Vec<PageOps> = Vec::new();
    let mut page = PageOps::default();
    let mut y = page_h - margin - TITLE_PT;
    page.text(&handle, TITLE_PT, left, y, table.title.clone());
    y -= TITLE_PT * 0.6;
    for line in &table.lines {
        y -= LINE_PT * 1.45;
        page.text(&handle, LINE_PT, left, y, line.clone());
    }
    y -= LINE_PT;

    let cell = |page: &mut PageOps, size: f32, baseline: f32, index: usize, text: &str| {
        let room = widths[index] - 2.0 * PAD_PT;
        let fitted = set.fit(text, size, room.max(0.0));
        let width = set.width(&fitted, size);
        let x = match table.columns[index].align {
            Align::Left => edges[index] + PAD_PT,
            Align::Center => edges[index] + (widths[index] - width) / 2.0,
            Align::Right => edges[index + 1] - PAD_PT - width,
        };
        page.text(&handle, size, x, baseline, fitted);
    };
    // Draws the header row at `top`; returns the y under it.
    let header = |page: &mut PageOps, top: f32| {
        let under = top - header_h;
        page.shade(left, under, right - left, header_h);
        for (index, column) in table.columns.iter().enumerate() {
            cell(
                page,
                HEADER_PT,
                under + header_h * 0.32,
                index,
                &column.header,
            );
        }
        page.rule(left, top, right, top);
        page.rule(left, under, right, under);
        under
    };
    // Closes a page's table: shaded columns, the column rules and the bottom rule.
    let close = |page: &mut PageOps, top: f32, end: f32| {
        for (index, column) in table.columns.iter().enumerate() {
            if column.shaded {
                page.shade(edges[index], end, widths[index], top - end);
            }
        }
        for edge in &edges {
            page.rule(*edge, top, *edge, end);
        }
        page.rule(left, end, right, end);
    };

    let mut table_top = y;
    y = header(&mut page, y);
    let body_rows = table.rows.len();
    for (index, row) in table.rows.iter().chain(&table.totals).enumerate() {
        if y - row_h < bottom {
            close(&mut page, table_top, y);
            pages.push(std::mem::take(&mut page));
            table_top = page_h - margin;
            y = header(&mut page, table_top);
        }
        if index == body_rows && index > 0 {
            // A double rule sets the totals off from the rows.
            page.rule(left, y - 1.0, right, y - 1.0);
        }
        let baseline = y - row_h + row_h * 0.3;
        for (column, text) in row.iter().enumerate().take(table.columns.len()) {
            if !text.is_empty() {
                cell(&mut page, body, baseline, column, text);
            }
        }
        y -= row_h;
        page.rule(left, y, right, y);
    }
    close(&mut page, table_top, y);
    for note in &table.notes {
        y -= LINE_PT * 1.5;
        if y < bottom {
            pages.push(std::mem::take(&mut page));
            y = page_h - margin - LINE_PT;
        }
        page.text(&handle, LINE_PT * 0.9, left, y, note.clone());
    }
    pages.push(page);

    let count = pages.len();
    let pdf_pages = pages
        .into_iter()
        .enumerate()
        .map(|(number, mut page)| {
            let footer_y = margin;
            page.text(&handle, FOOTER_PT, left, footer_y, table.footer.clone());
            let numbering = format!("Page {} of {count}", number + 1);
            let width = set.width(&numbering, FOOTER_PT);
            page.text(&handle, FOOTER_PT, right - width, footer_y, numbering);
            PdfPage::new(Mm(page_w_mm), Mm(page_h_mm), page.finish())
        })
        .collect();
    let mut warnings = Vec::new();
    Ok(doc
        .with_pages(pdf_pages)
        .save(&PdfSaveOptions::default(), &mut warnings))
}

/// Breaks `text` into lines that fit `room` points, at spaces (a word longer than the room is
/// cut with an ellipsis).
fn wrap(set: &Typesetter, text: &str, size: f32, room: f32) -> Vec<String> {
    let mut lines = Vec::new();
    let mut current = String::new();
    for word in text.split(' ') {
        let candidate = if current.is_empty() {
            word.to_owned()
        } else {
            format!("{current} {word}")
        };
        if set.width(&candidate, size) <= room || current.is_empty() {
            current = candidate;
        } else {
            lines.push(std::mem::take(&mut current));
            current = word.to_owned();
        }
    }
    lines.push(current);
    lines
        .into_iter()
        .map(|line| set.fit(&line, size, room))
        .collect()
}

/// A slip laid out top to bottom; a fixed page breaks onto further pages, a roll is one page
/// as long as its content.
pub(super) fn render_slip(slip: &Slip) -> CoreResult<Vec<u8>> {
    let font = font()?;
    let set = Typesetter {
        font,
        units_per_em: f32::from(font.pdf_font_metrics.units_per_em.max(1)),
    };
    let mut doc = PdfDocument::new(&slip.title);
    let handle = PdfFontHandle::External(doc.add_font(font));
    let page_w = Pt::from(Mm(f32::from(slip.width_mm))).0;
    let margin = Pt::from(Mm(f32::from(slip.margin_mm))).0;
    let left = margin;
    let right = page_w - margin;
    let usable = right - left;
    let fixed_h = slip.height_mm.map(|h| Pt::from(Mm(f32::from(h))).0);

    // Laid out downwards from the top of the content: (page, depth, what).
    enum Mark {
        Text(f32, f32, String),
        Rule,
    }
    let mut marks: Vec<(usize, f32, Mark)> = Vec::new();
    let mut page = 0;
    let mut depth = 0.0_f32;
    let room_below = |depth: f32, need: f32| match fixed_h {
        Some(h) => depth + need <= h - 2.0 * margin,
        None => true,
    };
    for row in &slip.rows {
        match row {
            SlipRow::Space(tenths) => depth += f32::from(*tenths) / 10.0,
            SlipRow::Rule => {
                depth += 2.0;
                marks.push((page, depth, Mark::Rule));
                depth += 3.0;
            }
            SlipRow::Text {
                left: text,
                right: right_text,
                size_tenths,
                align,
            } => {
                let size = f32::from(*size_tenths) / 10.0;
                let right_w = if right_text.is_empty() {
                    0.0
                } else {
                    set.width(right_text, size) + size
                };
                let lines = wrap(&set, text, size, (usable - right_w).max(size));
                for (index, line) in lines.into_iter().enumerate() {
                    let line_h = size * 1.35;
                    if !room_below(depth, line_h) {
                        page += 1;
                        depth = 0.0;
                    }
                    depth += line_h;
                    let x = match align {
                        Align::Left => left,
                        Align::Center => left + (usable - set.width(&line, size)) / 2.0,
                        Align::Right => right - set.width(&line, size),
                    };
                    marks.push((page, depth, Mark::Text(x, size, line)));
                    if index == 0 && !right_text.is_empty() {
                        let x = right - set.width(right_text, size);
                        marks.push((page, depth, Mark::Text(x, size, right_text.clone())));
                    }
                }
            }
        }
    }
    let page_h = fixed_h.unwrap_or(depth + 2.0 * margin);
    let page_h_mm = Mm::from(Pt(page_h)).0;
    let mut pages: Vec<PageOps> = (0..=page).map(|_| PageOps::default()).collect();
    for (on, depth, mark) in marks {
        let y = page_h - margin - depth;
        match mark {
            Mark::Text(x, size, text) => pages[on].text(&handle, size, x, y + size * 0.25, text),
            Mark::Rule => pages[on].rule(left, y, right, y),
        }
    }
    let pdf_pages = pages
        .into_iter()
        .map(|ops| PdfPage::new(Mm(f32::from(slip.width_mm)), Mm(page_h_mm), ops.finish()))
        .collect();
    let mut warnings = Vec::new();
    Ok(doc
        .with_pages(pdf_pages)
        .save(&PdfSaveOptions::default(), &mut warnings))
}
