//! The school's set-up: academic years, classes and sections, and campus settings.

use campusdesk_shared::office::{AcademicYear, SchoolClass, Section};
use rusqlite::params;
use serde_json::Value;

use crate::admission_no;
use crate::auth::{Permission, Session};
use crate::error::{CoreError, CoreResult, FieldErrors};
use crate::input::{self, clean_text};
use crate::office::{Office, new_id};
use crate::store::tables;

impl Office {
    pub fn academic_years(&self, session: &Session) -> CoreResult<Vec<AcademicYear>> {
        session.require(Permission::StudentsView)?;
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, name, starts_on, ends_on, is_current FROM academic_year WHERE deleted = 0 ORDER BY starts_on DESC",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(AcademicYear {
                id: r.get(0)?,
                name: r.get(1)?,
                starts_on: r.get(2)?,
                ends_on: r.get(3)?,
                is_current: r.get::<_, i64>(4)? != 0,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Adds an academic year; years may not overlap.
    pub fn add_academic_year(
        &mut self,
        session: &Session,
        name: &str,
        starts_on: &str,
        ends_on: &str,
    ) -> CoreResult<String> {
        session.require(Permission::SchoolSettings)?;
        let mut errors = FieldErrors::new();
        let name = clean_text(name);
        if name.is_empty() {
            errors.add("name", "Enter the year's name, e.g. 2026-27");
        }
        let starts = input::parse_date(starts_on)
            .map_err(|m| errors.add("starts_on", format!("Start date {m}")))
            .ok();
        let ends = input::parse_date(ends_on)
            .map_err(|m| errors.add("ends_on", format!("End date {m}")))
            .ok();
        if let (Some(s), Some(e)) = (starts, ends) {
            if e <= s {
                errors.add("ends_on", "The year must end after it starts");
            } else {
                let overlapping: Option<String> = self
                    .conn
                    .query_row(
                        "SELECT name FROM academic_year WHERE deleted = 0 AND starts_on <= ?2 AND ends_on >= ?1",
                        params![s.to_string(), e.to_string()],
                        |r| r.get(0),
                    )
                    .ok();
                if let Some(other) = overlapping {
                    errors.add(
                        "starts_on",
                        format!("These dates overlap the academic year {other}"),
                    );
                }
            }
        }
        errors.finish()?;
        let (Some(starts), Some(ends)) = (starts, ends) else {
            return Err(CoreError::Internal("validated dates are missing".into()));
        };
        let id = new_id();
        let mut w = self.writer(session)?;
        w.insert(
            &tables::ACADEMIC_YEAR,
            &id,
            &[
                ("name", name.into()),
                ("starts_on", starts.to_string().into()),
                ("ends_on", ends.to_string().into()),
                ("is_current", 0.into()),
            ],
        )?;
        w.commit()?;
        Ok(id)
    }

    /// Makes one year the current one (and no other).
    pub fn set_current_year(&mut self, session: &Session, year_id: &str) -> CoreResult<()> {
        session.require(Permission::SchoolSettings)?;
        let ids: Vec<String> = self
            .conn
            .prepare("SELECT id FROM academic_year WHERE deleted = 0")?
            .query_map([], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        if !ids.iter().any(|id| id == year_id) {
            return Err(CoreError::not_found("That academic year"));
        }
        let mut w = self.writer(session)?;
        for id in &ids {
            w.update(
                &tables::ACADEMIC_YEAR,
                id,
                &[("is_current", Value::from(i64::from(id == year_id)))],
            )?;
        }
        w.commit()
    }

    /// Classes in teaching order, each with its sections.
    pub fn classes(&self, session: &Session) -> CoreResult<Vec<SchoolClass>> {
        session.require(Permission::StudentsView)?;
        let mut stmt = self.conn.prepare_cached(
            "SELECT c.id, c.name, c.sort_order, s.id, s.name
             FROM class c LEFT JOIN section s ON s.class_id = c.id AND s.deleted = 0
             WHERE c.deleted = 0 ORDER BY c.sort_order, c.name, s.name",
        )?;
        let mut classes: Vec<SchoolClass> = Vec::new();
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, i64>(2)?,
                r.get::<_, Option<String>>(3)?,
                r.get::<_, Option<String>>(4)?,
            ))
        })?;
        for row in rows {
            let (id, name, sort_order, section_id, section_name) = row?;
            if classes.last().is_none_or(|c| c.id != id) {
                classes.push(SchoolClass {
                    id: id.clone(),
                    name,
                    sort_order,
                    sections: Vec::new(),
                });
            }
            if let (Some(section_id), Some(section_name), Some(class)) =
                (section_id, section_name, classes.last_mut())
            {
                class.sections.push(Section {
                    id: section_id,
                    class_id: id,
                    name: section_name,
                });
            }
        }
        Ok(classes)
    }

    pub fn add_class(&mut self, session: &Session, name: &str) -> CoreResult<String> {
        session.require(Permission::SchoolSettings)?;
        let name = clean_text(name);
        if name.is_empty() {
            return Err(CoreError::invalid("name", "Enter the class's name"));
        }
        let (taken, next_order): (i64, i64) = self.conn.query_row(
            "SELECT count(*) FILTER (WHERE lower(name) = lower(?1)), coalesce(max(sort_order), -1) + 1
             FROM class WHERE deleted = 0",
            [&name],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        if taken > 0 {
            return Err(CoreError::Duplicate {
                field: "name".into(),
                message: format!("There is already a class {name}"),
            });
        }
        let id = new_id();
        let mut w = self.writer(session)?;
        w.insert(
            &tables::CLASS,
            &id,
            &[
                ("name", name.into()),
                ("sort_order", Value::from(next_order)),
            ],
        )?;
        w.commit()?;
        Ok(id)
    }

    pub fn add_section(
        &mut self,
        session: &Session,
        class_id: &str,
        name: &str,
    ) -> CoreResult<String> {
        session.require(Permission::SchoolSettings)?;
        let name = clean_text(name).to_uppercase();
        if name.is_empty() {
            return Err(CoreError::invalid(
                "name",
                "Enter the section's name, e.g. B",
            ));
        }
        let (class_exists, taken): (i64, i64) = self.conn.query_row(
            "SELECT (SELECT count(*) FROM class WHERE id = ?1 AND deleted = 0),
                    (SELECT count(*) FROM section WHERE class_id = ?1 AND upper(name) = ?2 AND deleted = 0)",
            params![class_id, name],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        if class_exists == 0 {
            return Err(CoreError::not_found("That class"));
        }
        if taken > 0 {
            return Err(CoreError::Duplicate {
                field: "name".into(),
                message: format!("The class already has a section {name}"),
            });
        }
        let id = new_id();
        let mut w = self.writer(session)?;
        w.insert(
            &tables::SECTION,
            &id,
            &[("class_id", class_id.into()), ("name", name.into())],
        )?;
        w.commit()?;
        Ok(id)
    }

    /// The pattern new admission numbers follow, for the school admin who may change it.
    pub fn admission_pattern(&self, session: &Session) -> CoreResult<String> {
        session.require(Permission::SchoolSettings)?;
        Ok(self.identity()?.admission_pattern)
    }

    /// Changes how admission numbers look, e.g. `{CAMPUS}/{YYYY}/{N:4}`.
    pub fn set_admission_pattern(&mut self, session: &Session, pattern: &str) -> CoreResult<()> {
        session.require(Permission::SchoolSettings)?;
        let pattern = pattern.trim();
        admission_no::check_pattern(pattern)
            .map_err(|m| CoreError::invalid("admission_pattern", m))?;
        let campus_id = self.identity()?.campus_id;
        let mut w = self.writer(session)?;
        w.update(
            &tables::CAMPUS,
            &campus_id,
            &[("admission_pattern", pattern.into())],
        )?;
        w.commit()
    }
}
