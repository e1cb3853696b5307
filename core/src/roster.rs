//! CSV import and export of students with their guardians, as offices keep them in Excel.
//!
//! Import reads UTF-8 with or without a BOM, comma or semicolon separated; maps the file's
//! headers onto our fields (suggested from common header names, adjustable); checks every row
//! and reports each problem with its row, column and reason; and writes only when no row has a
//! problem, all in one transaction. Rows are keyed by admission number, so importing the same
//! file again changes nothing. A dry run goes through the very same writes and rolls them back.

use std::collections::HashMap;
use std::io::Write;

use campusdesk_shared::office::{
    ColumnMapping, GuardianInput, ImportFile, ImportProblem, ImportReport, StudentInput,
    StudentStatus,
};
use rusqlite::Connection;
use serde_json::Value;

use crate::auth::{Permission, Session};
use crate::error::{CoreError, CoreResult, FieldErrors};
use crate::input::{clean_text, display_date};
use crate::office::Office;
use crate::store::tables;
use crate::students::{self, NumberingRules, SchoolLookup, ValidStudent};

/// Guardians a row may carry: four numbered slots, plus father and mother columns that imply
/// the relation.
const GUARDIAN_SLOTS: &[(&str, Option<&str>)] = &[
    ("guardian1", None),
    ("guardian2", None),
    ("guardian3", None),
    ("guardian4", None),
    ("father", Some("father")),
    ("mother", Some("mother")),
];
const GUARDIAN_PARTS: &[&str] = &["name", "relation", "phone", "email", "occupation"];

/// The student fields an import understands, with the header names that map onto each
/// (compared lowercased with everything but letters and digits removed).
const STUDENT_FIELDS: &[(&str, &[&str])] = &[
    (
        "admission_no",
        &[
            "admissionno",
            "admno",
            "admissionnumber",
            "admnno",
            "admission",
        ],
    ),
    ("first_name", &["firstname", "fname", "givenname"]),
    ("last_name", &["lastname", "surname", "lname", "familyname"]),
    (
        "full_name",
        &["name", "fullname", "studentname", "nameofstudent"],
    ),
    (
        "date_of_birth",
        &["dateofbirth", "dob", "birthdate", "birthday"],
    ),
    ("gender", &["gender", "sex"]),
    ("class", &["class", "grade", "std", "standard"]),
    ("section", &["section", "sec", "division", "div"]),
    ("status", &["status"]),
    ("phone", &["phone", "mobile", "studentphone", "contact"]),
    ("email", &["email", "emailaddress", "studentemail"]),
    ("address", &["address", "residentialaddress"]),
    ("category", &["category", "socialcategory", "caste"]),
    (
        "admitted_on",
        &["admittedon", "admissiondate", "dateofadmission", "doa"],
    ),
];

/// Every field key an import understands, in export order.
pub fn field_keys() -> Vec<String> {
    let mut keys: Vec<String> = STUDENT_FIELDS
        .iter()
        .map(|(k, _)| (*k).to_owned())
        .collect();
    for (slot, _) in GUARDIAN_SLOTS {
        for part in GUARDIAN_PARTS {
            keys.push(format!("{slot}_{part}"));
        }
    }
    keys
}

fn squash(header: &str) -> String {
    header
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect::<String>()
        .to_lowercase()
}

/// The field a header most likely means, if any.
fn field_for_header(header: &str) -> Option<String> {
    let squashed = squash(header);
    if squashed.is_empty() {
        return None;
    }
    if let Some((key, _)) = STUDENT_FIELDS
        .iter()
        .find(|(key, aliases)| squash(key) == squashed || aliases.contains(&squashed.as_str()))
    {
        return Some((*key).to_owned());
    }
    for (slot, _) in GUARDIAN_SLOTS {
        for part in GUARDIAN_PARTS {
            let mut names = vec![format!("{slot}{part}"), format!("{slot}s{part}")];
            if *part == "phone" {
                names.push(format!("{slot}mobile"));
                names.push(format!("{slot}contact"));
            }
            if *slot == "guardian1" {
                names.push(format!("guardian{part}"));
                if *part == "phone" {
                    names.push("guardianmobile".into());
                    names.push("parentphone".into());
                    names.push("parentmobile".into());
                }
                if *part == "name" {
                    names.push("parentname".into());
                }
            }
            if names.contains(&squashed) {
                return Some(format!("{slot}_{part}"));
            }
        }
    }
    None
}

/// A file opened for import: its separator, headers and rows (still as text).
struct CsvFile {
    headers: Vec<String>,
    rows: Vec<(u64, Vec<String>)>,
}

fn read_csv(bytes: &[u8]) -> CoreResult<CsvFile> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let first_line = bytes.split(|b| *b == b'\n').next().unwrap_or_default();
    let count = |sep: u8| first_line.iter().filter(|b| **b == sep).count();
    let delimiter = if count(b';') > count(b',') {
        b';'
    } else {
        b','
    };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .from_reader(bytes);
    let headers = reader
        .byte_headers()
        .map_err(|e| CoreError::Import(format!("The file's first line could not be read: {e}")))?;
    let headers: Vec<String> = headers
        .iter()
        .map(|h| {
            std::str::from_utf8(h)
                .map(|s| s.trim().to_owned())
                .map_err(|_| CoreError::Import(not_utf8(1)))
        })
        .collect::<Result<_, _>>()?;
    if headers.iter().all(String::is_empty) {
        return Err(CoreError::Import(
            "The file is empty: its first line should name the columns".into(),
        ));
    }
    // Line numbers are counted here from byte offsets: the csv crate's own count is one short
    // after CRLF line ends, and offices' files mostly have them.
    let line_at = |offset: u64| -> u64 {
        let end = usize::try_from(offset)
            .unwrap_or(usize::MAX)
            .min(bytes.len());
        1 + bytes[..end].iter().filter(|b| **b == b'\n').count() as u64
    };
    let mut rows = Vec::new();
    let mut counted = (0u64, 1u64);
    for record in reader.byte_records() {
        let record = record.map_err(|e| {
            let line = e.position().map_or(0, |p| line_at(p.byte()));
            CoreError::Import(format!("Row {line} could not be read: {e}"))
        })?;
        let offset = record.position().map_or(0, csv::Position::byte);
        let (from, lines) = counted;
        let start = usize::try_from(from).unwrap_or(0);
        let mut end = usize::try_from(offset).unwrap_or(0).min(bytes.len());
        // After a CRLF the reader may place a record's start on the line feed: skip line ends.
        while end < bytes.len() && matches!(bytes[end], b'\r' | b'\n') {
            end += 1;
        }
        let line = lines
            + bytes[start.min(end)..end]
                .iter()
                .filter(|b| **b == b'\n')
                .count() as u64;
        counted = (end as u64, line);
        let fields: Vec<String> = record
            .iter()
            .map(|f| std::str::from_utf8(f).map(|s| unescape_cell(s.trim()).to_owned()))
            .collect::<Result<_, _>>()
            .map_err(|_| CoreError::Import(not_utf8(line)))?;
        if fields.iter().all(String::is_empty) {
            continue;
        }
        rows.push((line, fields));
    }
    Ok(CsvFile { headers, rows })
}

fn not_utf8(line: u64) -> String {
    format!(
        "Row {line} is not UTF-8 text. In Excel choose File > Save As > \"CSV UTF-8\"; in LibreOffice choose the Unicode (UTF-8) character set"
    )
}

/// Export protects cells that a spreadsheet would run as a formula with a leading `'`;
/// import takes it off again.
fn unescape_cell(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '@', '+', '-']) => rest,
        _ => cell,
    }
}

pub(crate) fn escape_cell(cell: &str) -> String {
    let risky = cell.starts_with(['=', '@'])
        || (cell.starts_with(['+', '-'])
            && !cell[1..].chars().next().is_some_and(|c| c.is_ascii_digit()));
    if risky {
        format!("'{cell}")
    } else {
        cell.to_owned()
    }
}

/// A CSV writer for files offices open in Excel and LibreOffice: a UTF-8 byte-order mark
/// first (without it Excel reads the file as the PC's legacy code page), commas, CRLF line
/// ends. Cells that hold what people typed go through [`escape_cell`].
pub(crate) fn spreadsheet_writer(out: &mut dyn Write) -> CoreResult<csv::Writer<&mut dyn Write>> {
    out.write_all(b"\xEF\xBB\xBF")?;
    Ok(csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(out))
}

pub(crate) fn csv_error(error: csv::Error) -> CoreError {
    CoreError::Io(std::io::Error::other(error.to_string()))
}

/// The headers of a file and the mapping the import suggests for them.
pub fn suggest_mapping(bytes: &[u8]) -> CoreResult<(Vec<String>, ColumnMapping)> {
    let file = read_csv(bytes)?;
    let mapping = mapping_for(&file.headers);
    Ok((file.headers, mapping))
}

/// What the import wizard shows of a chosen file: its headers, how many rows it has, the
/// suggested mapping and every field the import understands.
pub fn describe_file(path: &str, bytes: &[u8]) -> CoreResult<ImportFile> {
    let file = read_csv(bytes)?;
    Ok(ImportFile {
        path: path.to_owned(),
        mapping: mapping_for(&file.headers),
        rows: file.rows.len() as u64,
        headers: file.headers,
        fields: field_keys(),
    })
}

/// Each understood field mapped to the first header that means it.
fn mapping_for(headers: &[String]) -> ColumnMapping {
    let mut columns = Vec::new();
    for header in headers {
        if let Some(field) = field_for_header(header)
            && !columns.iter().any(|(f, _): &(String, String)| *f == field)
        {
            columns.push((field, header.clone()));
        }
    }
    ColumnMapping { columns }
}

/// One row of the file, read through the mapping.
struct MappedRow<'a> {
    line: u64,
    values: HashMap<&'a str, &'a str>,
}

impl MappedRow<'_> {
    fn get(&self, field: &str) -> &str {
        self.values.get(field).copied().unwrap_or("")
    }
}

/// The header a field came from, for problem reports.
fn header_of<'a>(mapping: &'a ColumnMapping, field: &str) -> &'a str {
    mapping
        .columns
        .iter()
        .find(|(f, _)| f == field)
        .map_or("", |(_, h)| h.as_str())
}

/// Maps a validation field name (`guardians.0.phone`) back to the file's column.
fn column_for(mapping: &ColumnMapping, slots: &[&str], field: &str) -> String {
    let key = match field.strip_prefix("guardians.") {
        Some(rest) => {
            let (index, part) = rest.split_once('.').unwrap_or((rest, "name"));
            let slot = index
                .parse::<usize>()
                .ok()
                .and_then(|i| slots.get(i))
                .copied()
                .unwrap_or("guardian1");
            format!("{slot}_{part}")
        }
        None => match field {
            "class_id" => "class".to_owned(),
            "section_id" => "section".to_owned(),
            "first_name" if header_of(mapping, "first_name").is_empty() => "full_name".to_owned(),
            "guardians" => "guardian1_name".to_owned(),
            other => other.to_owned(),
        },
    };
    let header = header_of(mapping, &key);
    if header.is_empty() {
        key
    } else {
        header.to_owned()
    }
}

/// A row turned into the admission form, plus the guardian slots it used and its status.
fn row_to_input(
    row: &MappedRow<'_>,
    classes: &ClassIndex,
    errors: &mut FieldErrors,
) -> (StudentInput, Vec<&'static str>, Option<StudentStatus>) {
    let (mut first_name, mut last_name) = (
        row.get("first_name").to_owned(),
        row.get("last_name").to_owned(),
    );
    if first_name.is_empty() && !row.get("full_name").is_empty() {
        let full = clean_text(row.get("full_name"));
        match full.rsplit_once(' ') {
            Some((first, last)) if last_name.is_empty() => {
                first_name = first.to_owned();
                last_name = last.to_owned();
            }
            _ => first_name = full,
        }
    }
    let (class_id, section_id) = match row.get("class") {
        "" => (None, None),
        class_name => match classes.get(&class_name.trim().to_lowercase()) {
            None => {
                errors.add("class_id", format!("There is no class {class_name}"));
                (None, None)
            }
            Some((class_id, sections)) => match row.get("section") {
                "" => (Some(class_id.clone()), None),
                section => match sections.get(&section.trim().to_uppercase()) {
                    Some(section_id) => (Some(class_id.clone()), Some(section_id.clone())),
                    None => {
                        errors.add(
                            "section_id",
                            format!("Class {class_name} has no section {section}"),
                        );
                        (Some(class_id.clone()), None)
                    }
                },
            },
        },
    };
    let status = match row.get("status") {
        "" => None,
        text => match StudentStatus::parse(text) {
            Some(status) => Some(status),
            None => {
                errors.add(
                    "status",
                    format!("{text} is not a status: use active, left or alumni"),
                );
                None
            }
        },
    };
    let mut guardians = Vec::new();
    let mut slots = Vec::new();
    for (slot, implied) in GUARDIAN_SLOTS {
        let part = |p: &str| row.get(&format!("{slot}_{p}")).to_owned();
        if part("name").is_empty() && part("phone").is_empty() {
            continue;
        }
        let relation = match (part("relation"), implied) {
            (given, _) if !given.is_empty() => given,
            (_, Some(implied)) => (*implied).to_owned(),
            (_, None) => "guardian".to_owned(),
        };
        guardians.push(GuardianInput {
            existing_id: None,
            name: part("name"),
            relation,
            phone: part("phone"),
            email: part("email"),
            occupation: part("occupation"),
        });
        slots.push(*slot);
    }
    let input = StudentInput {
        admission_no: row.get("admission_no").to_owned(),
        first_name,
        last_name,
        date_of_birth: row.get("date_of_birth").to_owned(),
        gender: row.get("gender").to_owned(),
        class_id,
        section_id,
        phone: row.get("phone").to_owned(),
        email: row.get("email").to_owned(),
        address: row.get("address").to_owned(),
        category: row.get("category").to_owned(),
        admitted_on: row.get("admitted_on").to_owned(),
        guardians,
        enquiry_id: None,
    };
    (input, slots, status)
}

/// Class names (lowercased) to their id and sections (uppercased name to id).
type ClassIndex = HashMap<String, (String, HashMap<String, String>)>;

fn class_index(conn: &Connection) -> CoreResult<ClassIndex> {
    let lookup = SchoolLookup::load(conn)?;
    let mut index: ClassIndex = lookup
        .class_names
        .iter()
        .map(|(id, name)| (name.to_lowercase(), (id.clone(), HashMap::new())))
        .collect();
    let by_id: HashMap<&String, String> = lookup
        .class_names
        .iter()
        .map(|(id, name)| (id, name.to_lowercase()))
        .collect();
    for (section_id, (class_id, name)) in &lookup.sections {
        if let Some(entry) = by_id.get(class_id).and_then(|key| index.get_mut(key)) {
            entry.1.insert(name.to_uppercase(), section_id.clone());
        }
    }
    Ok(index)
}

impl Office {
    /// Checks (dry run) or imports a CSV of students with guardians. `progress` is told
    /// (rows done, rows in all) as the work goes, for a progress bar.
    pub fn import_students(
        &mut self,
        session: &Session,
        bytes: &[u8],
        mapping: &ColumnMapping,
        dry_run: bool,
        progress: &mut dyn FnMut(u64, u64),
    ) -> CoreResult<ImportReport> {
        session.require(Permission::StudentsCreate)?;
        session.require(Permission::StudentsEdit)?;
        let file = read_csv(bytes)?;
        let mut report = ImportReport {
            rows_read: file.rows.len() as u64,
            dry_run: true,
            ..ImportReport::default()
        };
        let column_of: HashMap<&str, usize> = mapping
            .columns
            .iter()
            .filter_map(|(field, header)| {
                file.headers
                    .iter()
                    .position(|h| h == header)
                    .map(|i| (field.as_str(), i))
            })
            .collect();
        for (field, header) in &mapping.columns {
            if !file.headers.contains(header) {
                report.problems.push(ImportProblem {
                    row: 1,
                    column: header.clone(),
                    reason: format!("The file has no column {header} (mapped to {field})"),
                });
            }
        }
        if !column_of.contains_key("admission_no") {
            report.problems.push(ImportProblem {
                row: 1,
                column: "admission_no".into(),
                reason: "Map a column to the admission number: rows are matched to students by it"
                    .into(),
            });
        }
        if !column_of.contains_key("first_name") && !column_of.contains_key("full_name") {
            report.problems.push(ImportProblem {
                row: 1,
                column: "first_name".into(),
                reason: "Map a column to the first name or the full name".into(),
            });
        }
        if !report.problems.is_empty() {
            return Ok(report);
        }

        let classes = class_index(&self.conn)?;
        let lookup = SchoolLookup::load(&self.conn)?;
        let today = self.today();
        let total = file.rows.len() as u64;
        let mut valid_rows: Vec<(ValidStudent, Option<StudentStatus>)> =
            Vec::with_capacity(file.rows.len());
        let mut seen: HashMap<String, u64> = HashMap::with_capacity(file.rows.len());
        for (done, (line, cells)) in file.rows.iter().enumerate() {
            let row = MappedRow {
                line: *line,
                values: column_of
                    .iter()
                    .map(|(field, i)| (*field, cells.get(*i).map_or("", String::as_str)))
                    .collect(),
            };
            let mut errors = FieldErrors::new();
            let (input, slots, status) = row_to_input(&row, &classes, &mut errors);
            let number = clean_text(&input.admission_no).to_uppercase();
            if number.is_empty() {
                errors.add("admission_no", "The admission number is empty");
            } else if let Some(first) = seen.get(&number) {
                errors.add(
                    "admission_no",
                    format!("Admission number {number} is also on row {first}"),
                );
            } else {
                seen.insert(number, row.line);
            }
            let valid = students::validate_student(&input, &lookup, today, &mut errors);
            match (valid, errors.finish()) {
                (Some(valid), Ok(())) => valid_rows.push((valid, status)),
                (_, Err(CoreError::Invalid(fields))) => {
                    for field in fields {
                        report.problems.push(ImportProblem {
                            row: row.line,
                            column: column_for(mapping, &slots, &field.field),
                            reason: field.message,
                        });
                    }
                }
                (_, Err(other)) => return Err(other),
                (None, Ok(())) => {}
            }
            if done % 1000 == 0 {
                progress(done as u64, total * 2);
            }
        }
        if !report.problems.is_empty() {
            progress(total * 2, total * 2);
            return Ok(report);
        }

        let rules = NumberingRules::load(&self.conn)?;
        let existing: HashMap<String, String> = self
            .conn
            .prepare("SELECT admission_no, id FROM student WHERE deleted = 0")?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<Result<_, _>>()?;
        let guardians_before: i64 =
            self.conn
                .query_row("SELECT count(*) FROM guardian", [], |r| r.get(0))?;
        let mut w = self.writer(session)?;
        for (done, (student, status)) in valid_rows.iter().enumerate() {
            let number = student.admission_no.clone().unwrap_or_default();
            match existing.get(&number) {
                None => {
                    let id = students::write_admission(&mut w, student, &rules)?;
                    if let Some(status) = status.filter(|s| *s != StudentStatus::Active) {
                        w.update(&tables::STUDENT, &id, &[("status", status.as_str().into())])?;
                    }
                    report.students_new += 1;
                }
                Some(id) => {
                    let mut fields: Vec<(&'static str, Value)> = vec![
                        ("first_name", student.first_name.clone().into()),
                        ("last_name", student.last_name.clone().into()),
                        ("date_of_birth", student.date_of_birth.to_string().into()),
                        ("gender", student.gender.into()),
                    ];
                    // Columns the file does not have leave the student's values alone.
                    let optional: [(&'static str, String); 5] = [
                        ("phone", student.phone.clone()),
                        ("email", student.email.clone()),
                        ("address", student.address.clone()),
                        ("category", student.category.clone()),
                        ("admitted_on", student.admitted_on.to_string()),
                    ];
                    for (name, value) in optional {
                        if column_of.contains_key(name) {
                            fields.push((name, value.into()));
                        }
                    }
                    if student.class_id.is_some() {
                        fields.push(("class_id", student.class_id.clone().into()));
                        fields.push(("section_id", student.section_id.clone().into()));
                    }
                    if let Some(status) = status {
                        fields.push(("status", status.as_str().into()));
                    }
                    let mut changed = w.update(&tables::STUDENT, id, &fields)?;
                    let links = students::guardian_links(w.conn(), id)?;
                    changed |= students::sync_guardians(&mut w, id, &links, &student.guardians)?;
                    if changed {
                        report.students_updated += 1;
                    } else {
                        report.students_unchanged += 1;
                    }
                }
            }
            if done % 1000 == 0 {
                progress(total + done as u64, total * 2);
            }
        }
        let guardians_after: i64 =
            w.conn()
                .query_row("SELECT count(*) FROM guardian", [], |r| r.get(0))?;
        report.guardians_new = u64::try_from(guardians_after - guardians_before).unwrap_or(0);
        if dry_run {
            // Dropping the writer rolls back every row and change record of the rehearsal.
            drop(w);
        } else {
            w.commit()?;
            report.dry_run = false;
        }
        progress(total * 2, total * 2);
        Ok(report)
    }

    /// Writes every student (with up to all their guardians) as a CSV that Excel and
    /// LibreOffice open as UTF-8: a byte-order mark, commas, CRLF line ends, dd/mm/yyyy dates.
    /// Returns the number of students written.
    pub fn export_students(&self, session: &Session, out: &mut dyn Write) -> CoreResult<u64> {
        session.require(Permission::StudentsExport)?;
        let max_guardians: i64 = self.conn.query_row(
            "SELECT coalesce(max(n), 0) FROM (SELECT count(*) AS n FROM student_guardian WHERE deleted = 0 GROUP BY student_id)",
            [],
            |r| r.get(0),
        )?;
        let slots = usize::try_from(max_guardians.clamp(2, 4)).unwrap_or(2);
        let mut headers: Vec<String> = [
            "Admission No",
            "First Name",
            "Last Name",
            "Date of Birth",
            "Gender",
            "Class",
            "Section",
            "Status",
            "Phone",
            "Email",
            "Address",
            "Category",
            "Admitted On",
        ]
        .iter()
        .map(|h| (*h).to_owned())
        .collect();
        for slot in 1..=slots {
            for part in ["Name", "Relation", "Phone", "Email", "Occupation"] {
                headers.push(format!("Guardian {slot} {part}"));
            }
        }
        let mut writer = spreadsheet_writer(out)?;
        writer.write_record(&headers).map_err(csv_error)?;
        let mut guardians_of: HashMap<String, Vec<[String; 5]>> = HashMap::new();
        let mut stmt = self.conn.prepare(
            "SELECT sg.student_id, g.name, sg.relation, g.phone, g.email, g.occupation
             FROM student_guardian sg JOIN guardian g ON g.id = sg.guardian_id
             WHERE sg.deleted = 0 ORDER BY sg.student_id, sg.position",
        )?;
        for row in stmt.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                [r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?],
            ))
        })? {
            let (student_id, guardian) = row?;
            guardians_of.entry(student_id).or_default().push(guardian);
        }
        let mut stmt = self.conn.prepare(
            "SELECT s.id, s.admission_no, s.first_name, s.last_name, s.date_of_birth, s.gender, coalesce(c.name, ''),
                    coalesce(sec.name, ''), s.status, s.phone, s.email, s.address, s.category, s.admitted_on
             FROM student s LEFT JOIN class c ON c.id = s.class_id LEFT JOIN section sec ON sec.id = s.section_id
             WHERE s.deleted = 0 ORDER BY s.admission_no",
        )?;
        let mut rows = stmt.query([])?;
        let mut count = 0u64;
        while let Some(r) = rows.next()? {
            let id: String = r.get(0)?;
            let mut record: Vec<String> = Vec::with_capacity(headers.len());
            for index in 1..14 {
                let value: String = r.get(index)?;
                let value = if index == 4 || index == 13 {
                    display_date(&value)
                } else {
                    value
                };
                record.push(escape_cell(&value));
            }
            let guardians = guardians_of.remove(&id).unwrap_or_default();
            for slot in 0..slots {
                match guardians.get(slot) {
                    Some(guardian) => record.extend(guardian.iter().map(|v| escape_cell(v))),
                    None => record.extend(std::iter::repeat_n(String::new(), 5)),
                }
            }
            writer.write_record(&record).map_err(csv_error)?;
            count += 1;
        }
        writer.flush()?;
        Ok(count)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_headers_map_onto_fields() {
        let cases = [
            ("Admission No", Some("admission_no")),
            ("Adm. No.", Some("admission_no")),
            ("Student Name", Some("full_name")),
            ("DOB", Some("date_of_birth")),
            ("Father's Name", Some("father_name")),
            ("Father Name", Some("father_name")),
            ("Father Mobile", Some("father_phone")),
            ("Guardian 2 Phone", Some("guardian2_phone")),
            ("Guardian Phone", Some("guardian1_phone")),
            ("Class", Some("class")),
            ("Remarks", None),
        ];
        for (header, expected) in cases {
            assert_eq!(field_for_header(header).as_deref(), expected, "{header}");
        }
    }

    #[test]
    fn formula_cells_are_defused_and_restored() {
        for cell in ["=1+1", "@SUM(A1)", "-x", "+cmd"] {
            let escaped = escape_cell(cell);
            assert!(escaped.starts_with('\''), "{cell}");
            assert_eq!(unescape_cell(&escaped), cell);
        }
        assert_eq!(escape_cell("+919845012345"), "+919845012345");
        assert_eq!(escape_cell("GIS/00042"), "GIS/00042");
    }
}
