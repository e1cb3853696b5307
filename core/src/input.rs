//! Reading what people type: dates as offices write them, phone numbers, genders, e-mail.
//! Each reader returns the office's sentence on failure; the caller says which field.

use chrono::NaiveDate;

use crate::error::FieldErrors;

/// The labels of a span's two date fields (`starts_on`, `ends_on`) and the name of what it
/// spans, for the sentences: ("Start date", "End date", "holiday").
#[derive(Debug, Clone, Copy)]
pub struct SpanLabels {
    pub first: &'static str,
    pub last: &'static str,
    pub what: &'static str,
}

/// Reads a span of days from a form's `starts_on` and `ends_on` (empty: the one day), noting
/// each problem under its field; the span comes back only when both dates read and the end
/// is not before the start.
pub fn read_day_span(
    errors: &mut FieldErrors,
    starts_on: &str,
    ends_on: &str,
    labels: SpanLabels,
) -> Option<(NaiveDate, NaiveDate)> {
    let starts = parse_date(starts_on)
        .map_err(|m| errors.add("starts_on", format!("{} {m}", labels.first)))
        .ok();
    let ends = if ends_on.trim().is_empty() {
        starts
    } else {
        parse_date(ends_on)
            .map_err(|m| errors.add("ends_on", format!("{} {m}", labels.last)))
            .ok()
    };
    let (starts, ends) = (starts?, ends?);
    if ends < starts {
        errors.add(
            "ends_on",
            format!(
                "The {} must end on or after {}",
                labels.what,
                format_date(starts)
            ),
        );
        return None;
    }
    Some((starts, ends))
}

/// Reads `dd/mm/yyyy` (also with `-` or `.`) or ISO `yyyy-mm-dd`. The error completes a
/// sentence that starts with the field's label, e.g. "Date of birth 31/04/2015 does not exist".
pub fn parse_date(text: &str) -> Result<NaiveDate, String> {
    let text = text.trim();
    let parts: Vec<&str> = text.split(['/', '-', '.']).map(str::trim).collect();
    let numbers: Option<Vec<u32>> = parts.iter().map(|p| p.parse::<u32>().ok()).collect();
    let (Some(numbers), 3) = (numbers, parts.len()) else {
        return Err(format!("{text} is not a date; write it as dd/mm/yyyy"));
    };
    let (year, month, day) = if parts[0].len() == 4 {
        (numbers[0], numbers[1], numbers[2])
    } else if parts[2].len() == 4 {
        (numbers[2], numbers[1], numbers[0])
    } else {
        return Err(format!(
            "{text} has no four-digit year; write it as dd/mm/yyyy"
        ));
    };
    let Ok(year) = i32::try_from(year) else {
        return Err(format!("{text} is not a date; write it as dd/mm/yyyy"));
    };
    if !(1..=12).contains(&month) {
        return Err(format!(
            "{text} has no month {month}; write it as dd/mm/yyyy"
        ));
    }
    NaiveDate::from_ymd_opt(year, month, day).ok_or_else(|| format!("{text} does not exist"))
}

/// The office's way of writing a date.
pub fn format_date(date: NaiveDate) -> String {
    date.format("%d/%m/%Y").to_string()
}

/// An ISO date stored in the database, shown the office's way (stored text passes through).
pub fn display_date(iso: &str) -> String {
    NaiveDate::parse_from_str(iso, "%Y-%m-%d")
        .map(format_date)
        .unwrap_or_else(|_| iso.to_owned())
}

/// A phone number reduced to what identifies it: Indian numbers to their ten digits (without
/// +91 or a leading 0), others to `+` and digits. Spaces, dashes, dots and brackets go.
pub fn normalize_phone(text: &str) -> Result<String, String> {
    let text = text.trim();
    if text
        .chars()
        .any(|c| !(c.is_ascii_digit() || " -+().".contains(c)))
    {
        return Err(format!("{text} is not a phone number"));
    }
    let international = text.starts_with('+');
    let digits: String = text.chars().filter(char::is_ascii_digit).collect();
    let national = match (international, digits.len()) {
        (true, 12) if digits.starts_with("91") => digits[2..].to_owned(),
        (true, _) => format!("+{digits}"),
        (false, 11) if digits.starts_with('0') => digits[1..].to_owned(),
        (false, 12) if digits.starts_with("91") => digits[2..].to_owned(),
        (false, _) => digits,
    };
    let count = national.trim_start_matches('+').len();
    if !(6..=15).contains(&count) {
        return Err(format!(
            "{text} is not a phone number (it has {count} digits)"
        ));
    }
    Ok(national)
}

/// The stored form's prefix for a partly typed phone number (as [`normalize_phone`] would
/// store the whole one), for search as you type.
pub fn phone_prefix(text: &str) -> String {
    let digits: String = text.chars().filter(char::is_ascii_digit).collect();
    match (
        text.trim_start().starts_with('+'),
        digits.strip_prefix("91"),
        digits.strip_prefix('0'),
    ) {
        (true, Some(national), _) => national.to_owned(),
        (true, None, _) => format!("+{digits}"),
        (false, _, Some(national)) => national.to_owned(),
        (false, _, None) => digits,
    }
}

pub fn parse_gender(text: &str) -> Result<&'static str, String> {
    match text.trim().to_lowercase().as_str() {
        "m" | "male" | "boy" => Ok("male"),
        "f" | "female" | "girl" => Ok("female"),
        "o" | "other" => Ok("other"),
        "" => Err("Choose a gender".into()),
        other => Err(format!(
            "{other} is not a gender: use male, female or other"
        )),
    }
}

pub fn check_email(text: &str) -> Result<String, String> {
    let text = text.trim();
    let valid = match text.split_once('@') {
        Some((user, domain)) => {
            !user.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
        }
        None => false,
    };
    if valid && !text.contains(char::is_whitespace) {
        Ok(text.to_lowercase())
    } else {
        Err(format!("{text} is not an e-mail address"))
    }
}

/// Trims and collapses inner runs of spaces, so "  Asha   Rao " is stored as "Asha Rao".
pub fn clean_text(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_as_offices_write_them() {
        let cases: &[(&str, Result<&str, &str>)] = &[
            ("05/06/2015", Ok("2015-06-05")),
            ("5/6/2015", Ok("2015-06-05")),
            ("05-06-2015", Ok("2015-06-05")),
            ("05.06.2015", Ok("2015-06-05")),
            ("2015-06-05", Ok("2015-06-05")),
            (" 2015-6-5 ", Ok("2015-06-05")),
            ("31/04/2015", Err("31/04/2015 does not exist")),
            ("29/02/2015", Err("29/02/2015 does not exist")),
            ("29/02/2016", Ok("2016-02-29")),
            (
                "05/13/2015",
                Err("05/13/2015 has no month 13; write it as dd/mm/yyyy"),
            ),
            (
                "05/06/15",
                Err("05/06/15 has no four-digit year; write it as dd/mm/yyyy"),
            ),
            (
                "yesterday",
                Err("yesterday is not a date; write it as dd/mm/yyyy"),
            ),
            ("", Err(" is not a date; write it as dd/mm/yyyy")),
        ];
        for (text, expected) in cases {
            let got = parse_date(text).map(|d| d.to_string());
            assert_eq!(
                got.as_deref().map_err(String::as_str),
                *expected,
                "input {text:?}"
            );
        }
    }

    #[test]
    fn phones_reduce_to_what_identifies_them() {
        let cases: &[(&str, Result<&str, &str>)] = &[
            ("98450 12345", Ok("9845012345")),
            ("+91 98450-12345", Ok("9845012345")),
            ("09845012345", Ok("9845012345")),
            ("919845012345", Ok("9845012345")),
            ("+44 20 7946 0958", Ok("+442079460958")),
            ("080 2345 6789", Ok("8023456789")),
            (
                "12345",
                Err("12345 is not a phone number (it has 5 digits)"),
            ),
            ("98450x12345", Err("98450x12345 is not a phone number")),
        ];
        for (text, expected) in cases {
            let got = normalize_phone(text);
            assert_eq!(
                got.as_deref().map_err(String::as_str),
                *expected,
                "input {text:?}"
            );
        }
    }
}
