//! Fee set-up: heads, structures (and their revisions), what they charge to each student of
//! the class (at set-up, on admission, on a change of class), concessions, and the financial
//! year's first month.

use campusdesk_shared::fees::{
    Concession, ConcessionInput, ConcessionKind, FeeFrequency, FeeHead, FeeStructure,
    FeeStructureInput, FineKind, FineRule, Installment,
};
use chrono::{Datelike, NaiveDate};
use rusqlite::{Connection, OptionalExtension, params};
use serde_json::Value;

use super::installment_schedule;
use crate::auth::{Permission, Session};
use crate::error::{CoreError, CoreResult, FieldErrors};
use crate::input::{self, clean_text};
use crate::office::{Office, new_id};
use crate::store::changes::ChangeWriter;
use crate::store::tables;

/// An installment of a structure, as charging reads it.
#[derive(Debug, Clone)]
struct InstallmentRow {
    id: String,
    structure_id: String,
    head_id: String,
    label: String,
    due_on: NaiveDate,
    amount: i64,
    frequency: FeeFrequency,
    position: i64,
}

fn parse_iso(text: &str) -> CoreResult<NaiveDate> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map_err(|_| CoreError::Internal(format!("a stored date {text} is not a date")))
}

fn installments_of(conn: &Connection, structure_id: &str) -> CoreResult<Vec<InstallmentRow>> {
    let mut stmt = conn.prepare_cached(
        "SELECT i.id, i.structure_id, i.head_id, h.name || ' · ' || i.label, i.due_on, i.amount_paise,
                i.frequency, i.position
         FROM fee_installment i JOIN fee_head h ON h.id = i.head_id
         WHERE i.structure_id = ?1 ORDER BY i.due_on, i.position",
    )?;
    let rows = stmt.query_map([structure_id], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, String>(4)?,
            r.get::<_, i64>(5)?,
            r.get::<_, String>(6)?,
            r.get::<_, i64>(7)?,
        ))
    })?;
    rows.map(|row| {
        let (id, structure_id, head_id, label, due_on, amount, frequency, position) = row?;
        Ok(InstallmentRow {
            id,
            structure_id,
            head_id,
            label,
            due_on: parse_iso(&due_on)?,
            amount,
            frequency: FeeFrequency::parse(&frequency).unwrap_or(FeeFrequency::OneTime),
            position,
        })
    })
    .collect()
}

/// Charges `student_id` every installment of a structure due on or after `from` (and, when
/// `one_time_always`, its one-time installments whatever their date: a student admitted in
/// October still pays the admission fee), unless the student already has it.
fn charge_installments(
    w: &mut ChangeWriter<'_>,
    student_id: &str,
    installments: &[InstallmentRow],
    from: NaiveDate,
    one_time_always: bool,
) -> CoreResult<u32> {
    let today = crate::office::local_date_of(w.now());
    let mut charged = 0;
    for installment in installments {
        let wanted = installment.due_on >= from
            || (one_time_always && installment.frequency == FeeFrequency::OneTime);
        if !wanted {
            continue;
        }
        let has: Option<i64> = w
            .conn()
            .prepare_cached(
                "SELECT 1 FROM fee_charge c WHERE c.student_id = ?1 AND c.installment_id = ?2
                 AND NOT EXISTS (SELECT 1 FROM fee_charge_void v WHERE v.charge_id = c.id)",
            )?
            .query_row(params![student_id, installment.id], |r| r.get(0))
            .optional()?;
        if has.is_some() {
            continue;
        }
        w.insert(
            &tables::FEE_CHARGE,
            &new_id(),
            &[
                ("student_id", student_id.into()),
                ("structure_id", installment.structure_id.clone().into()),
                ("installment_id", installment.id.clone().into()),
                ("head_id", installment.head_id.clone().into()),
                ("label", installment.label.clone().into()),
                ("due_on", installment.due_on.to_string().into()),
                ("amount_paise", Value::from(installment.amount)),
                ("position", Value::from(installment.position)),
                ("charged_on", today.to_string().into()),
            ],
        )?;
        charged += 1;
    }
    Ok(charged)
}

/// Withdraws a student's live charges matching `filter_sql` (a condition on `c`), with a reason.
fn void_charges(
    w: &mut ChangeWriter<'_>,
    student_id: &str,
    filter_sql: &str,
    filter_arg: &str,
    from: NaiveDate,
    reason: &str,
) -> CoreResult<()> {
    let ids: Vec<String> = w
        .conn()
        .prepare_cached(&format!(
            "SELECT c.id FROM fee_charge c WHERE c.student_id = ?1 AND c.due_on >= ?2 AND {filter_sql}
             AND NOT EXISTS (SELECT 1 FROM fee_charge_void v WHERE v.charge_id = c.id)"
        ))?
        .query_map(params![student_id, from.to_string(), filter_arg], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    let today = crate::office::local_date_of(w.now());
    let user = w.user_id().unwrap_or_default().to_owned();
    for id in ids {
        w.insert(
            &tables::FEE_CHARGE_VOID,
            &new_id(),
            &[
                ("charge_id", id.into()),
                ("student_id", student_id.into()),
                ("reason", reason.into()),
                ("voided_on", today.to_string().into()),
                ("voided_by", user.clone().into()),
            ],
        )?;
    }
    Ok(())
}

/// The live (not superseded) structures of a class for years that have not ended by `on`,
/// with each year's first day.
fn live_structures(
    conn: &Connection,
    class_id: &str,
    on: NaiveDate,
) -> CoreResult<Vec<(String, NaiveDate)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT s.id, y.starts_on FROM fee_structure s JOIN academic_year y ON y.id = s.academic_year_id
         WHERE s.class_id = ?1 AND y.ends_on >= ?2
           AND NOT EXISTS (SELECT 1 FROM fee_structure n WHERE n.supersedes_id = s.id)
         ORDER BY y.starts_on, s.row_hlc",
    )?;
    let rows = stmt.query_map(params![class_id, on.to_string()], |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
    })?;
    rows.map(|row| {
        let (id, starts) = row?;
        Ok((id, parse_iso(&starts)?))
    })
    .collect()
}

/// From when a student admitted on `admitted_on` pays a year's installments: the first day of
/// the month they joined, or the year's first day if they joined before it.
fn charges_from(admitted_on: NaiveDate, year_starts: NaiveDate) -> NaiveDate {
    admitted_on
        .with_day(1)
        .unwrap_or(admitted_on)
        .max(year_starts)
}

/// On admission (inside the admission's own write): charges the new student the class's
/// structures from the month they joined.
pub(crate) fn charge_new_student(
    w: &mut ChangeWriter<'_>,
    student_id: &str,
    class_id: Option<&str>,
    admitted_on: NaiveDate,
) -> CoreResult<()> {
    let Some(class_id) = class_id else {
        return Ok(());
    };
    for (structure_id, year_starts) in live_structures(w.conn(), class_id, admitted_on)? {
        let installments = installments_of(w.conn(), &structure_id)?;
        charge_installments(
            w,
            student_id,
            &installments,
            charges_from(admitted_on, year_starts),
            true,
        )?;
    }
    Ok(())
}

/// On a change of class (inside the student's save): the old class's installments due after
/// `on` are withdrawn and the new class's charged instead.
pub(crate) fn move_student_fees(
    w: &mut ChangeWriter<'_>,
    student_id: &str,
    old_class: Option<&str>,
    new_class: Option<&str>,
    on: NaiveDate,
) -> CoreResult<()> {
    let after = on.succ_opt().unwrap_or(on);
    if let Some(old) = old_class {
        void_charges(
            w,
            student_id,
            "c.structure_id IN (SELECT id FROM fee_structure WHERE class_id = ?3)",
            old,
            after,
            "Moved to another class",
        )?;
    }
    if let Some(new) = new_class {
        for (structure_id, year_starts) in live_structures(w.conn(), new, on)? {
            let installments = installments_of(w.conn(), &structure_id)?;
            charge_installments(w, student_id, &installments, after.max(year_starts), false)?;
        }
    }
    Ok(())
}

/// A structure form checked: the year's dates and the installments it makes.
struct ValidStructure {
    name: String,
    class_id: String,
    year_id: String,
    year_starts: NaiveDate,
    year_ends: NaiveDate,
    fine: FineRule,
    /// (head, frequency, label, due, amount, position)
    installments: Vec<(String, FeeFrequency, String, NaiveDate, i64, i64)>,
}

fn validate_structure(conn: &Connection, input: &FeeStructureInput) -> CoreResult<ValidStructure> {
    let mut errors = FieldErrors::new();
    let name = clean_text(&input.name);
    if name.is_empty() {
        errors.add("name", "Enter the structure's name, e.g. Class V 2026-27");
    }
    let class: Option<i64> = conn
        .query_row(
            "SELECT 1 FROM class WHERE id = ?1 AND deleted = 0",
            [&input.class_id],
            |r| r.get(0),
        )
        .optional()?;
    if class.is_none() {
        errors.add("class_id", "Choose the class these fees are for");
    }
    let year: Option<(String, String)> = conn
        .query_row(
            "SELECT starts_on, ends_on FROM academic_year WHERE id = ?1 AND deleted = 0",
            [&input.academic_year_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    if year.is_none() {
        errors.add("academic_year_id", "Choose the academic year");
    }
    if input.lines.is_empty() {
        errors.add("lines", "Add at least one fee head with its amount");
    }
    let fine = input.fine;
    if fine.amount_paise < 0 || fine.cap_paise < 0 {
        errors.add("fine.amount_paise", "A late fine cannot be negative");
    }
    if fine.kind != FineKind::None && fine.amount_paise == 0 {
        errors.add("fine.amount_paise", "Enter the late fine's amount");
    }
    let mut installments = Vec::new();
    let (year_starts, year_ends) = match &year {
        Some((s, e)) => (parse_iso(s)?, parse_iso(e)?),
        None => (NaiveDate::MIN, NaiveDate::MIN),
    };
    for (index, line) in input.lines.iter().enumerate() {
        let head: Option<i64> = conn
            .query_row(
                "SELECT 1 FROM fee_head WHERE id = ?1 AND deleted = 0",
                [&line.head_id],
                |r| r.get(0),
            )
            .optional()?;
        if head.is_none() {
            errors.add(&format!("lines.{index}.head_id"), "Choose a fee head");
        }
        if line.amount_paise <= 0 {
            errors.add(
                &format!("lines.{index}.amount_paise"),
                "Enter an amount above zero",
            );
        }
        if !(1..=28).contains(&line.due_day) {
            errors.add(
                &format!("lines.{index}.due_day"),
                "The due day must be 1 to 28, so that every month has it",
            );
        }
        if year.is_some() {
            let schedule =
                installment_schedule(line.frequency, year_starts, year_ends, line.due_day);
            for (k, (label, due)) in schedule.into_iter().enumerate() {
                let position = i64::try_from(index * 100 + k).unwrap_or(i64::MAX);
                installments.push((
                    line.head_id.clone(),
                    line.frequency,
                    label,
                    due,
                    line.amount_paise,
                    position,
                ));
            }
        }
    }
    errors.finish()?;
    Ok(ValidStructure {
        name,
        class_id: input.class_id.clone(),
        year_id: input.academic_year_id.clone(),
        year_starts,
        year_ends,
        fine,
        installments,
    })
}

/// Writes a structure and its installments; returns its id.
fn write_structure(
    w: &mut ChangeWriter<'_>,
    valid: &ValidStructure,
    supersedes: Option<&str>,
    effective_from: NaiveDate,
) -> CoreResult<String> {
    let id = new_id();
    let user = w.user_id().unwrap_or_default().to_owned();
    w.insert(
        &tables::FEE_STRUCTURE,
        &id,
        &[
            ("class_id", valid.class_id.clone().into()),
            ("academic_year_id", valid.year_id.clone().into()),
            ("name", valid.name.clone().into()),
            ("fine_kind", valid.fine.kind.as_str().into()),
            ("fine_paise", Value::from(valid.fine.amount_paise)),
            ("fine_grace_days", Value::from(valid.fine.grace_days)),
            ("fine_cap_paise", Value::from(valid.fine.cap_paise)),
            ("supersedes_id", supersedes.map(str::to_owned).into()),
            ("effective_from", effective_from.to_string().into()),
            ("created_by", user.into()),
        ],
    )?;
    for (head, frequency, label, due, amount, position) in &valid.installments {
        w.insert(
            &tables::FEE_INSTALLMENT,
            &new_id(),
            &[
                ("structure_id", id.clone().into()),
                ("head_id", head.clone().into()),
                ("label", label.clone().into()),
                ("due_on", due.to_string().into()),
                ("amount_paise", Value::from(*amount)),
                ("frequency", frequency.as_str().into()),
                ("position", Value::from(*position)),
            ],
        )?;
    }
    Ok(id)
}

/// The active students of a class, with their admission dates.
fn class_students(conn: &Connection, class_id: &str) -> CoreResult<Vec<(String, NaiveDate)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, admitted_on FROM student WHERE class_id = ?1 AND status = 'active' AND deleted = 0",
    )?;
    let rows = stmt.query_map([class_id], |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
    })?;
    rows.map(|row| {
        let (id, admitted) = row?;
        Ok((id, parse_iso(&admitted)?))
    })
    .collect()
}

impl Office {
    /// The fee heads, in the order set up.
    pub fn fee_heads(&self, session: &Session) -> CoreResult<Vec<FeeHead>> {
        session.require(Permission::FeesView)?;
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, name FROM fee_head WHERE deleted = 0 ORDER BY sort_order, name",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(FeeHead {
                id: r.get(0)?,
                name: r.get(1)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Adds a fee head (tuition, admission, transport, exam, ...).
    pub fn add_fee_head(&mut self, session: &Session, name: &str) -> CoreResult<String> {
        session.require(Permission::FeesEdit)?;
        let name = clean_text(name);
        if name.is_empty() {
            return Err(CoreError::invalid(
                "name",
                "Enter the fee head's name, e.g. Tuition",
            ));
        }
        let taken: Option<i64> = self
            .conn
            .query_row(
                "SELECT 1 FROM fee_head WHERE lower(name) = lower(?1) AND deleted = 0",
                [&name],
                |r| r.get(0),
            )
            .optional()?;
        if taken.is_some() {
            return Err(CoreError::Duplicate {
                field: "name".into(),
                message: format!("There is already a fee head called {name}"),
            });
        }
        let count: i64 = self
            .conn
            .query_row("SELECT count(*) FROM fee_head", [], |r| r.get(0))?;
        let id = new_id();
        let mut w = self.writer(session)?;
        w.insert(
            &tables::FEE_HEAD,
            &id,
            &[("name", name.into()), ("sort_order", Value::from(count))],
        )?;
        w.commit()?;
        Ok(id)
    }

    /// Sets up a class's fees for a year and charges them, in the same write, to every active
    /// student already in the class (from the month each joined).
    pub fn create_fee_structure(
        &mut self,
        session: &Session,
        input: &FeeStructureInput,
    ) -> CoreResult<FeeStructure> {
        session.require(Permission::FeesEdit)?;
        let valid = validate_structure(&self.conn, input)?;
        let students = class_students(&self.conn, &valid.class_id)?;
        let mut w = self.writer(session)?;
        let id = write_structure(&mut w, &valid, None, valid.year_starts)?;
        let installments = installments_of(w.conn(), &id)?;
        for (student, admitted) in &students {
            charge_installments(
                &mut w,
                student,
                &installments,
                charges_from(*admitted, valid.year_starts),
                true,
            )?;
        }
        w.commit()?;
        self.fee_structure(&id)
    }

    /// Revises a structure from a date: a new structure supersedes it; each student of the
    /// class has the old installments due from that date withdrawn and the new ones charged.
    /// What was paid towards a withdrawn installment becomes credit for the new ones.
    pub fn revise_fee_structure(
        &mut self,
        session: &Session,
        structure_id: &str,
        input: &FeeStructureInput,
        effective_from: &str,
    ) -> CoreResult<FeeStructure> {
        session.require(Permission::FeesEdit)?;
        let old = self.fee_structure(structure_id)?;
        if old.superseded_by.is_some() {
            return Err(CoreError::invalid(
                "structure_id",
                "This structure was already revised; revise the newer one",
            ));
        }
        if input.class_id != old.class_id || input.academic_year_id != old.academic_year_id {
            return Err(CoreError::invalid(
                "class_id",
                "A revision keeps the class and year of the structure it revises",
            ));
        }
        let effective = input::parse_date(effective_from)
            .map_err(|m| CoreError::invalid("effective_from", format!("Effective date {m}")))?;
        let valid = validate_structure(&self.conn, input)?;
        if effective < valid.year_starts || effective > valid.year_ends {
            return Err(CoreError::invalid(
                "effective_from",
                "The revision must take effect inside the structure's academic year",
            ));
        }
        let students = class_students(&self.conn, &valid.class_id)?;
        let mut w = self.writer(session)?;
        let id = write_structure(&mut w, &valid, Some(structure_id), effective)?;
        let installments = installments_of(w.conn(), &id)?;
        for (student, admitted) in &students {
            void_charges(
                &mut w,
                student,
                "c.structure_id = ?3",
                structure_id,
                effective,
                "Fee structure revised",
            )?;
            let from = charges_from(*admitted, valid.year_starts).max(effective);
            charge_installments(&mut w, student, &installments, from, false)?;
        }
        w.commit()?;
        self.fee_structure(&id)
    }

    /// The structures of a class (or all), newest year first, revisions after what they revise.
    pub fn fee_structures(
        &self,
        session: &Session,
        class_id: Option<&str>,
    ) -> CoreResult<Vec<FeeStructure>> {
        session.require(Permission::FeesView)?;
        let ids: Vec<String> = self
            .conn
            .prepare_cached(
                "SELECT s.id FROM fee_structure s JOIN academic_year y ON y.id = s.academic_year_id
                 JOIN class c ON c.id = s.class_id
                 WHERE ?1 IS NULL OR s.class_id = ?1
                 ORDER BY y.starts_on DESC, c.sort_order, s.effective_from, s.row_hlc",
            )?
            .query_map([class_id], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        ids.iter().map(|id| self.fee_structure(id)).collect()
    }

    fn fee_structure(&self, id: &str) -> CoreResult<FeeStructure> {
        let mut structure = self
            .conn
            .query_row(
                "SELECT s.id, s.class_id, c.name, s.academic_year_id, s.name, s.fine_kind, s.fine_paise,
                        s.fine_grace_days, s.fine_cap_paise, s.supersedes_id, s.effective_from,
                        (SELECT n.id FROM fee_structure n WHERE n.supersedes_id = s.id LIMIT 1),
                        (SELECT count(DISTINCT student_id) FROM fee_charge WHERE structure_id = s.id)
                 FROM fee_structure s JOIN class c ON c.id = s.class_id WHERE s.id = ?1",
                [id],
                |r| {
                    Ok(FeeStructure {
                        id: r.get(0)?,
                        class_id: r.get(1)?,
                        class_name: r.get(2)?,
                        academic_year_id: r.get(3)?,
                        name: r.get(4)?,
                        fine: FineRule {
                            kind: FineKind::parse(&r.get::<_, String>(5)?).unwrap_or_default(),
                            amount_paise: r.get(6)?,
                            grace_days: r.get(7)?,
                            cap_paise: r.get(8)?,
                        },
                        supersedes_id: r.get(9)?,
                        effective_from: r.get(10)?,
                        superseded_by: r.get(11)?,
                        installments: Vec::new(),
                        students_charged: r.get(12)?,
                    })
                },
            )
            .optional()?
            .ok_or_else(|| CoreError::not_found("That fee structure"))?;
        let mut stmt = self.conn.prepare_cached(
            "SELECT i.id, i.head_id, h.name, i.label, i.due_on, i.amount_paise
             FROM fee_installment i JOIN fee_head h ON h.id = i.head_id
             WHERE i.structure_id = ?1 ORDER BY i.due_on, i.position",
        )?;
        structure.installments = stmt
            .query_map([id], |r| {
                Ok(Installment {
                    id: r.get(0)?,
                    head_id: r.get(1)?,
                    head_name: r.get(2)?,
                    label: r.get(3)?,
                    due_on: r.get(4)?,
                    amount_paise: r.get(5)?,
                })
            })?
            .collect::<Result<_, _>>()?;
        Ok(structure)
    }

    /// Grants a concession to one student or to a category of students, with the reason; it
    /// applies to every matching installment, charged already or later.
    pub fn grant_concession(
        &mut self,
        session: &Session,
        input: &ConcessionInput,
    ) -> CoreResult<String> {
        session.require(Permission::FeesWaive)?;
        let mut errors = FieldErrors::new();
        let student = input.student_id.clone().filter(|s| !s.is_empty());
        let category = input
            .category
            .as_deref()
            .map(clean_text)
            .unwrap_or_default();
        match (&student, category.is_empty()) {
            (None, true) => errors.add("student_id", "Choose the student or the category"),
            (Some(_), false) => errors.add(
                "category",
                "A concession is for one student or for a category, not both",
            ),
            (Some(id), true) => {
                let found: Option<i64> = self
                    .conn
                    .query_row(
                        "SELECT 1 FROM student WHERE id = ?1 AND deleted = 0",
                        [id],
                        |r| r.get(0),
                    )
                    .optional()?;
                if found.is_none() {
                    errors.add("student_id", "That student no longer exists");
                }
            }
            (None, false) => {}
        }
        if let Some(head) = input.head_id.as_deref().filter(|h| !h.is_empty()) {
            let found: Option<i64> = self
                .conn
                .query_row(
                    "SELECT 1 FROM fee_head WHERE id = ?1 AND deleted = 0",
                    [head],
                    |r| r.get(0),
                )
                .optional()?;
            if found.is_none() {
                errors.add("head_id", "That fee head no longer exists");
            }
        }
        match input.kind {
            ConcessionKind::Percent if !(1..=10_000).contains(&input.value) => errors.add(
                "value",
                "A percentage concession must be above 0% and at most 100%",
            ),
            ConcessionKind::Fixed if input.value <= 0 => {
                errors.add("value", "Enter the concession's amount")
            }
            _ => {}
        }
        let reason = clean_text(&input.reason);
        if reason.is_empty() {
            errors.add("reason", "Say why the concession is granted");
        }
        errors.finish()?;
        let id = new_id();
        let today = self.today();
        let mut w = self.writer(session)?;
        w.insert(
            &tables::FEE_CONCESSION,
            &id,
            &[
                ("student_id", student.into()),
                ("category", category.into()),
                (
                    "head_id",
                    input.head_id.clone().filter(|h| !h.is_empty()).into(),
                ),
                ("kind", input.kind.as_str().into()),
                ("value", Value::from(input.value)),
                ("reason", reason.into()),
                ("granted_by", session.user_id.clone().into()),
                ("granted_on", today.to_string().into()),
            ],
        )?;
        w.commit()?;
        Ok(id)
    }

    /// The concessions that apply to a student: their own and their category's.
    pub fn concessions(&self, session: &Session, student_id: &str) -> CoreResult<Vec<Concession>> {
        session.require(Permission::FeesView)?;
        let mut stmt = self.conn.prepare_cached(
            "SELECT c.id, c.student_id, c.category, c.head_id, coalesce(h.name, 'All heads'), c.kind,
                    c.value, c.reason, coalesce(u.full_name, ''), c.granted_on
             FROM fee_concession c
             LEFT JOIN fee_head h ON h.id = c.head_id
             LEFT JOIN app_user u ON u.id = c.granted_by
             WHERE c.student_id = ?1
                OR (c.category <> '' AND lower(c.category) =
                    (SELECT lower(category) FROM student WHERE id = ?1))
             ORDER BY c.granted_on, c.row_hlc",
        )?;
        let rows = stmt.query_map([student_id], |r| {
            Ok(Concession {
                id: r.get(0)?,
                student_id: r.get(1)?,
                category: r.get(2)?,
                head_id: r.get(3)?,
                head_name: r.get(4)?,
                kind: ConcessionKind::parse(&r.get::<_, String>(5)?)
                    .unwrap_or(ConcessionKind::Fixed),
                value: r.get(6)?,
                reason: r.get(7)?,
                granted_by: r.get(8)?,
                granted_on: r.get(9)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The month the financial year starts (receipt series change then).
    pub fn financial_year_start(&self, session: &Session) -> CoreResult<u32> {
        session.require(Permission::FeesView)?;
        Ok(self
            .conn
            .query_row("SELECT fy_start_month FROM campus LIMIT 1", [], |r| {
                r.get(0)
            })?)
    }

    pub fn set_financial_year_start(&mut self, session: &Session, month: u32) -> CoreResult<()> {
        session.require(Permission::SchoolSettings)?;
        if !(1..=12).contains(&month) {
            return Err(CoreError::invalid(
                "fy_start_month",
                "The financial year starts in a month from 1 (January) to 12 (December)",
            ));
        }
        let campus_id = self.identity()?.campus_id;
        let mut w = self.writer(session)?;
        w.update(
            &tables::CAMPUS,
            &campus_id,
            &[("fy_start_month", Value::from(month))],
        )?;
        w.commit()
    }
}
