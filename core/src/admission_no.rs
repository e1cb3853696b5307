//! Suggested admission numbers. Each PC reserves blocks of running numbers (a logged, synced
//! row), so two PCs working offline never suggest the same number; the school's pattern turns
//! a running number into what is printed, e.g. `{CAMPUS}/{N:5}` gives `GIS/00042`. A number
//! typed by hand is checked against the campus's students here, and a clash that only shows up
//! after sync is recorded as a conflict by the sync engine.

use rusqlite::{Connection, OptionalExtension, params};
use serde_json::Value;

use crate::error::{CoreError, CoreResult};
use crate::office::new_id;
use crate::store::changes::ChangeWriter;
use crate::store::tables;

/// Running numbers per reserved block.
pub const BLOCK_SIZE: i64 = 1000;

/// Fills in a pattern: `{CAMPUS}`, `{YYYY}`, `{YY}`, and `{N}` or `{N:width}` (zero-padded).
pub fn format_number(pattern: &str, campus_code: &str, year: i32, number: i64) -> String {
    let mut out = String::with_capacity(pattern.len() + 8);
    let mut rest = pattern;
    while let Some(start) = rest.find('{') {
        out.push_str(&rest[..start]);
        let Some(end) = rest[start..].find('}') else {
            out.push_str(&rest[start..]);
            return out;
        };
        let token = &rest[start + 1..start + end];
        match token {
            "CAMPUS" => out.push_str(campus_code),
            "YYYY" => out.push_str(&year.to_string()),
            "YY" => out.push_str(&format!("{:02}", year.rem_euclid(100))),
            "N" => out.push_str(&number.to_string()),
            _ if token.starts_with("N:") => {
                let width: usize = token[2..].parse().unwrap_or(0);
                out.push_str(&format!("{number:0width$}"));
            }
            _ => out.push_str(&rest[start..=start + end]),
        }
        rest = &rest[start + end + 1..];
    }
    out.push_str(rest);
    out
}

/// Checks a pattern a school admin types: it must contain the running number.
pub fn check_pattern(pattern: &str) -> Result<(), String> {
    if pattern.contains("{N}") || pattern.contains("{N:") {
        Ok(())
    } else {
        Err("The pattern must contain the running number, {N} or {N:5}".into())
    }
}

/// Reserves this PC's next block after every block any PC of the campus is known to hold.
pub(crate) fn reserve_block(w: &mut ChangeWriter<'_>) -> CoreResult<(i64, i64)> {
    let highest: Option<i64> = w.conn().query_row(
        "SELECT max(last_no) FROM admission_block WHERE deleted = 0",
        [],
        |r| r.get(0),
    )?;
    let first = highest.unwrap_or(0) + 1;
    let last = first + BLOCK_SIZE - 1;
    let device_id = w.device_id().to_owned();
    w.insert(
        &tables::ADMISSION_BLOCK,
        &new_id(),
        &[
            ("device_id", device_id.into()),
            ("first_no", Value::from(first)),
            ("last_no", Value::from(last)),
        ],
    )?;
    w.conn().execute(
        "UPDATE device_state SET admission_cursor = ?1 WHERE id = 1",
        [first],
    )?;
    Ok((first, last))
}

pub(crate) fn is_taken(conn: &Connection, admission_no: &str) -> CoreResult<Option<String>> {
    Ok(conn
        .prepare_cached("SELECT trim(first_name || ' ' || last_name) FROM student WHERE admission_no = ?1 AND deleted = 0")?
        .query_row([admission_no], |row| row.get(0))
        .optional()?)
}

/// The next free running number in this PC's blocks from its cursor, formatted; `None` when
/// the blocks are used up (the caller reserves another inside its write).
pub(crate) fn next_free(
    conn: &Connection,
    pattern: &str,
    campus_code: &str,
    year: i32,
) -> CoreResult<Option<(i64, String)>> {
    let (device_id, mut number): (String, i64) = conn.query_row(
        "SELECT device_id, admission_cursor FROM device_state WHERE id = 1",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    let mut blocks_stmt = conn.prepare_cached(
        "SELECT first_no, last_no FROM admission_block WHERE device_id = ?1 AND deleted = 0 AND last_no >= ?2
         ORDER BY first_no",
    )?;
    let blocks: Vec<(i64, i64)> = blocks_stmt
        .query_map(params![device_id, number], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<_, _>>()?;
    for (first, last) in blocks {
        number = number.max(first);
        while number <= last {
            let text = format_number(pattern, campus_code, year, number);
            if is_taken(conn, &text)?.is_none() {
                return Ok(Some((number, text)));
            }
            number += 1;
        }
    }
    Ok(None)
}

/// Takes the next free number inside a write, reserving a new block when needed, and moves
/// this PC's cursor past it.
pub(crate) fn take_next(
    w: &mut ChangeWriter<'_>,
    pattern: &str,
    campus_code: &str,
    year: i32,
) -> CoreResult<String> {
    let found = match next_free(w.conn(), pattern, campus_code, year)? {
        Some(found) => found,
        None => {
            reserve_block(w)?;
            next_free(w.conn(), pattern, campus_code, year)?.ok_or_else(|| {
                CoreError::Internal("a new block of admission numbers is already used up".into())
            })?
        }
    };
    w.conn().execute(
        "UPDATE device_state SET admission_cursor = ?1 WHERE id = 1",
        [found.0 + 1],
    )?;
    Ok(found.1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_fill_in() {
        let cases = [
            ("{CAMPUS}/{N:5}", "GIS/00042"),
            ("{CAMPUS}-{YYYY}-{N:4}", "GIS-2025-0042"),
            ("{YY}{N}", "2542"),
            ("ADM{N:3}", "ADM042"),
            ("{UNKNOWN}{N}", "{UNKNOWN}42"),
        ];
        for (pattern, expected) in cases {
            assert_eq!(
                format_number(pattern, "GIS", 2025, 42),
                expected,
                "{pattern}"
            );
        }
        assert!(check_pattern("{CAMPUS}").is_err());
    }
}
