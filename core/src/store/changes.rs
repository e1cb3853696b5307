//! The change log's two doors. [`ChangeWriter`] is the one path for local writes to synced
//! tables: in the same transaction as the row it appends an immutable change record carrying
//! the op id, this device's next gap-free sequence number, a fresh hybrid logical clock
//! reading, the schema version, the changed fields and, for updates, the clock each field had
//! before. [`ChangeWriter::apply_remote`] is its sibling for changes made on other PCs: it merges
//! them field by field (last writer by HLC, then device id, wins), records concurrent edits of
//! one field as conflicts, and logs the change as applied rather than as a new local change.
//!
//! Nothing is committed unless the caller commits: dropping a writer rolls back the rows, their
//! change records and the sequence numbers together, so the log has no gaps and no orphans.

use std::fmt::Write as _;
use std::sync::OnceLock;

use rusqlite::types::{ToSqlOutput, ValueRef};
use rusqlite::{Connection, OptionalExtension, ToSql, Transaction, TransactionBehavior, params};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::tables::{self, TableSpec};
use crate::clock::{Clock, Hlc};
use crate::error::{CoreError, CoreResult};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    Insert,
    Update,
    Delete,
}

impl ChangeKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ChangeKind::Insert => "insert",
            ChangeKind::Update => "update",
            ChangeKind::Delete => "delete",
        }
    }

    fn parse(text: &str) -> Option<ChangeKind> {
        match text {
            "insert" => Some(ChangeKind::Insert),
            "update" => Some(ChangeKind::Update),
            "delete" => Some(ChangeKind::Delete),
            _ => None,
        }
    }
}

/// One record of the change log, as it is stored and as it will travel to other PCs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChangeRecord {
    pub op_id: String,
    pub device_id: String,
    pub seq: i64,
    pub hlc: i64,
    pub schema_version: i64,
    pub table: String,
    pub row_id: String,
    pub kind: ChangeKind,
    pub fields: Map<String, Value>,
    /// For updates: each changed field's `[hlc, device]` before this change.
    pub prev_hlcs: Option<Map<String, Value>>,
    pub user_id: Option<String>,
}

/// What applying a remote change did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Applied {
    /// New to this PC; `conflicts` fields were concurrent edits, recorded for review.
    Applied { conflicts: usize },
    /// This PC already had it (a replay): nothing changed.
    AlreadyHad,
}

/// A field's clock: the HLC that last set it and the device that did, compared as a pair so
/// two PCs that read the same HLC still agree on one winner.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct FieldClock {
    hlc: i64,
    device: String,
}

impl FieldClock {
    fn to_json(&self) -> Value {
        Value::Array(vec![
            Value::from(self.hlc),
            Value::from(self.device.clone()),
        ])
    }

    fn from_json(value: &Value) -> Option<FieldClock> {
        let pair = value.as_array()?;
        Some(FieldClock {
            hlc: pair.first()?.as_i64()?,
            device: pair.get(1)?.as_str()?.to_owned(),
        })
    }
}

pub fn schema_version() -> i64 {
    static VERSION: OnceLock<i64> = OnceLock::new();
    *VERSION.get_or_init(super::schema_version)
}

/// An open write transaction of this PC.
#[derive(Debug)]
pub struct ChangeWriter<'c> {
    tx: Transaction<'c>,
    clock: &'c dyn Clock,
    user_id: Option<String>,
    device_id: String,
    next_seq: i64,
    hlc: Hlc,
    sql: String,
}

impl<'c> ChangeWriter<'c> {
    /// Starts an IMMEDIATE transaction (so the sequence number and admission-number checks
    /// cannot race another writer) acting for `user_id`.
    pub fn begin(
        conn: &'c mut Connection,
        clock: &'c dyn Clock,
        user_id: Option<&str>,
    ) -> CoreResult<Self> {
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let (device_id, next_seq, hlc) = tx
            .query_row(
                "SELECT device_id, next_seq, hlc FROM device_state WHERE id = 1",
                [],
                |row| {
                    Ok((
                        row.get::<_, String>(0)?,
                        row.get::<_, i64>(1)?,
                        row.get::<_, i64>(2)?,
                    ))
                },
            )
            .optional()?
            .ok_or_else(|| CoreError::Internal("this database has no device identity".into()))?;
        Ok(ChangeWriter {
            tx,
            clock,
            user_id: user_id.map(str::to_owned),
            device_id,
            next_seq,
            hlc: Hlc(hlc),
            sql: String::with_capacity(256),
        })
    }

    /// The transaction, for reads and for writes to LOCAL tables (never to synced tables).
    pub fn conn(&self) -> &Connection {
        &self.tx
    }

    pub fn device_id(&self) -> &str {
        &self.device_id
    }

    pub fn user_id(&self) -> Option<&str> {
        self.user_id.as_deref()
    }

    /// The wall clock this transaction runs by.
    pub fn now(&self) -> chrono::DateTime<chrono::Utc> {
        self.clock.now()
    }

    /// Makes the rows, their change records and the new counters durable together.
    pub fn commit(self) -> CoreResult<()> {
        self.tx.execute(
            "UPDATE device_state SET next_seq = ?1, hlc = ?2 WHERE id = 1",
            params![self.next_seq, self.hlc.0],
        )?;
        self.tx.commit()?;
        Ok(())
    }

    fn tick(&mut self) -> Hlc {
        self.hlc = self.hlc.tick(self.clock.now().timestamp_millis());
        self.hlc
    }

    /// Inserts a new row and logs it.
    pub fn insert(
        &mut self,
        table: &TableSpec,
        id: &str,
        fields: &[(&'static str, Value)],
    ) -> CoreResult<()> {
        check_fields(table, fields.iter().map(|(name, _)| *name))?;
        let hlc = self.tick();
        insert_row(
            &self.tx,
            &mut self.sql,
            table,
            id,
            fields,
            hlc.0,
            &self.device_id,
        )?;
        let json = fields_json(fields);
        self.log_local(table, id, ChangeKind::Insert, hlc, &json, None)
    }

    /// Sets the given fields of a row, logging only those whose value really changes; returns
    /// whether anything changed (re-saving an unchanged form writes nothing).
    pub fn update(
        &mut self,
        table: &TableSpec,
        id: &str,
        fields: &[(&'static str, Value)],
    ) -> CoreResult<bool> {
        self.change(table, id, fields, ChangeKind::Update)
    }

    /// Marks a row deleted (a tombstone that syncs like any other change).
    pub fn delete(&mut self, table: &TableSpec, id: &str) -> CoreResult<bool> {
        self.change(
            table,
            id,
            &[("deleted", Value::from(1))],
            ChangeKind::Delete,
        )
    }

    fn change(
        &mut self,
        table: &TableSpec,
        id: &str,
        fields: &[(&'static str, Value)],
        kind: ChangeKind,
    ) -> CoreResult<bool> {
        if table.append_only {
            return Err(CoreError::Internal(format!(
                "{} records are never changed once written; record a correction instead",
                table.name
            )));
        }
        check_fields(table, fields.iter().map(|(name, _)| *name))?;
        let names: Vec<&str> = fields.iter().map(|(name, _)| *name).collect();
        let current = read_row(&self.tx, &mut self.sql, table, id, &names)?
            .ok_or_else(|| CoreError::not_found(format!("{} {id}", table.name)))?;
        let changed: Vec<&(&'static str, Value)> = fields
            .iter()
            .zip(&current.values)
            .filter(|((_, new), old)| !same_value(new, old))
            .map(|(field, _)| field)
            .collect();
        if changed.is_empty() {
            return Ok(false);
        }
        let hlc = self.tick();
        let mine = FieldClock {
            hlc: hlc.0,
            device: self.device_id.clone(),
        };
        let mut clocks = current.field_clocks.clone();
        let mut prev = Map::new();
        for (name, _) in &changed {
            prev.insert((*name).to_owned(), current.clock_of(name).to_json());
            clocks.insert((*name).to_owned(), mine.to_json());
        }
        let values: Vec<(&'static str, Value)> =
            changed.iter().map(|(n, v)| (*n, v.clone())).collect();
        update_row(&self.tx, &mut self.sql, table, id, &values, &clocks)?;
        let json = fields_json(&values);
        self.log_local(table, id, kind, hlc, &json, Some(&prev))?;
        Ok(true)
    }

    fn log_local(
        &mut self,
        table: &TableSpec,
        row_id: &str,
        kind: ChangeKind,
        hlc: Hlc,
        fields_json: &str,
        prev: Option<&Map<String, Value>>,
    ) -> CoreResult<()> {
        let seq = self.next_seq;
        self.next_seq += 1;
        let prev_json = prev.map(|p| Value::Object(p.clone()).to_string());
        let mut stmt = self.tx.prepare_cached(
            "INSERT INTO change_log (op_id, device_id, seq, hlc, schema_version, tbl, row_id, kind,
                                     fields, prev_hlcs, user_id, origin)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, 'local')",
        )?;
        stmt.execute(params![
            uuid::Uuid::now_v7().to_string(),
            self.device_id,
            seq,
            hlc.0,
            schema_version(),
            table.name,
            row_id,
            kind.as_str(),
            fields_json,
            prev_json,
            self.user_id,
        ])?;
        Ok(())
    }

    /// Applies a change made on another PC. Idempotent: a change this PC already has (same
    /// device and sequence number) is acknowledged and changes nothing.
    pub fn apply_remote(&mut self, change: &ChangeRecord) -> CoreResult<Applied> {
        let known: Option<i64> = self
            .tx
            .query_row(
                "SELECT 1 FROM change_log WHERE device_id = ?1 AND seq = ?2",
                params![change.device_id, change.seq],
                |row| row.get(0),
            )
            .optional()?;
        if known.is_some() {
            return Ok(Applied::AlreadyHad);
        }
        let table = tables::by_name(&change.table).ok_or_else(|| {
            CoreError::Internal(format!("a change names an unknown table {}", change.table))
        })?;
        check_fields(table, change.fields.keys().map(String::as_str))?;
        self.hlc = self
            .hlc
            .receive(Hlc(change.hlc), self.clock.now().timestamp_millis());

        let incoming = FieldClock {
            hlc: change.hlc,
            device: change.device_id.clone(),
        };
        let names: Vec<&str> = change.fields.keys().map(String::as_str).collect();
        let static_names = static_field_names(table, &names)?;
        let current = read_row(&self.tx, &mut self.sql, table, &change.row_id, &names)?;
        let mut conflicts = 0;
        match current {
            None if change.kind == ChangeKind::Insert => {
                let values: Vec<(&'static str, Value)> = static_names
                    .iter()
                    .map(|name| {
                        (
                            *name,
                            change.fields.get(*name).cloned().unwrap_or(Value::Null),
                        )
                    })
                    .collect();
                insert_row(
                    &self.tx,
                    &mut self.sql,
                    table,
                    &change.row_id,
                    &values,
                    change.hlc,
                    &change.device_id,
                )?;
            }
            None => {
                return Err(CoreError::Internal(format!(
                    "a change updates {} {} which this PC does not have",
                    table.name, change.row_id
                )));
            }
            Some(current) => {
                let mut clocks = current.field_clocks.clone();
                let mut winners = Vec::new();
                for (index, name) in static_names.iter().enumerate() {
                    let new_value = change.fields.get(*name).cloned().unwrap_or(Value::Null);
                    let old_value = &current.values[index];
                    let mine = current.clock_of(name);
                    let seen_by_remote = change
                        .prev_hlcs
                        .as_ref()
                        .and_then(|prev| prev.get(*name))
                        .and_then(FieldClock::from_json);
                    // An insert that finds its row already here is concurrent too: rows named
                    // by what they are about (an attendance mark of a student and day) can be
                    // created on two PCs offline, and the sender had seen none of this row.
                    let concurrent = seen_by_remote.as_ref() != Some(&mine)
                        && !same_value(&new_value, old_value);
                    let remote_wins = incoming > mine;
                    if concurrent {
                        conflicts += 1;
                        let (kept, kept_clock, lost, lost_clock, lost_user) = if remote_wins {
                            (
                                new_value.clone(),
                                incoming.clone(),
                                old_value.clone(),
                                mine.clone(),
                                None,
                            )
                        } else {
                            (
                                old_value.clone(),
                                mine.clone(),
                                new_value.clone(),
                                incoming.clone(),
                                change.user_id.clone(),
                            )
                        };
                        self.tx.execute(
                            "INSERT INTO conflict (id, tbl, row_id, field, kept_value, kept_hlc, kept_device,
                                                   lost_value, lost_hlc, lost_device, lost_user_id, detected_at)
                             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
                            params![
                                uuid::Uuid::now_v7().to_string(),
                                table.name,
                                change.row_id,
                                name,
                                kept.to_string(),
                                kept_clock.hlc,
                                kept_clock.device,
                                lost.to_string(),
                                lost_clock.hlc,
                                lost_clock.device,
                                lost_user,
                                self.clock.now().timestamp_millis(),
                            ],
                        )?;
                    }
                    if remote_wins {
                        clocks.insert((*name).to_owned(), incoming.to_json());
                        winners.push((*name, new_value));
                    }
                }
                if !winners.is_empty() {
                    update_row(
                        &self.tx,
                        &mut self.sql,
                        table,
                        &change.row_id,
                        &winners,
                        &clocks,
                    )?;
                }
            }
        }
        conflicts += self.record_duplicates(table, change)?;
        let mut stmt = self.tx.prepare_cached(
            "INSERT INTO change_log (op_id, device_id, seq, hlc, schema_version, tbl, row_id, kind,
                                     fields, prev_hlcs, user_id, origin, applied_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, 'remote', ?12)",
        )?;
        stmt.execute(params![
            change.op_id,
            change.device_id,
            change.seq,
            change.hlc,
            change.schema_version,
            change.table,
            change.row_id,
            change.kind.as_str(),
            Value::Object(change.fields.clone()).to_string(),
            change
                .prev_hlcs
                .as_ref()
                .map(|p| Value::Object(p.clone()).to_string()),
            change.user_id,
            self.clock.now().timestamp_millis(),
        ])?;
        Ok(Applied::Applied { conflicts })
    }
}

impl ChangeWriter<'_> {
    /// After a remote change set a must-be-unique field (an admission number typed by hand on
    /// two offline PCs), records each other live row that holds the same value. Both rows are
    /// kept: the school admin decides which student gets which number.
    fn record_duplicates(&mut self, table: &TableSpec, change: &ChangeRecord) -> CoreResult<usize> {
        let mut found = 0;
        for field in table
            .unique_fields
            .iter()
            .filter(|f| change.fields.contains_key(**f))
        {
            let value = &change.fields[*field];
            let mut stmt = self.tx.prepare_cached(&format!(
                "SELECT id, row_hlc, row_device FROM {} WHERE {field} = ?1 AND id <> ?2 AND deleted = 0",
                table.name
            ))?;
            let others: Vec<(String, i64, String)> = stmt
                .query_map(params![JsonSql(value), change.row_id], |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?))
                })?
                .collect::<Result<_, _>>()?;
            for (other_id, other_hlc, other_device) in others {
                self.tx.execute(
                    "INSERT INTO conflict (id, kind, other_row_id, tbl, row_id, field, kept_value, kept_hlc, kept_device,
                                           lost_value, lost_hlc, lost_device, lost_user_id, detected_at)
                     VALUES (?1, 'duplicate', ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?6, ?9, ?10, ?11, ?12)",
                    params![
                        uuid::Uuid::now_v7().to_string(),
                        other_id,
                        table.name,
                        change.row_id,
                        field,
                        value.to_string(),
                        other_hlc,
                        other_device,
                        change.hlc,
                        change.device_id,
                        change.user_id,
                        self.clock.now().timestamp_millis(),
                    ],
                )?;
                found += 1;
            }
        }
        Ok(found)
    }
}

/// The current values of some fields of a row, with the row's clocks.
struct CurrentRow {
    values: Vec<Value>,
    row_clock: FieldClock,
    field_clocks: Map<String, Value>,
}

impl CurrentRow {
    fn clock_of(&self, field: &str) -> FieldClock {
        self.field_clocks
            .get(field)
            .and_then(FieldClock::from_json)
            .unwrap_or_else(|| self.row_clock.clone())
    }
}

fn check_fields<'a>(table: &TableSpec, mut names: impl Iterator<Item = &'a str>) -> CoreResult<()> {
    match names.find(|name| !table.has_field(name)) {
        Some(bad) => Err(CoreError::Internal(format!(
            "{} has no field {bad}",
            table.name
        ))),
        None => Ok(()),
    }
}

/// Maps remote field names onto the spec's own `'static` names (already checked to exist).
fn static_field_names(table: &TableSpec, names: &[&str]) -> CoreResult<Vec<&'static str>> {
    names
        .iter()
        .map(|name| {
            if *name == "deleted" {
                Ok("deleted")
            } else {
                table
                    .fields
                    .iter()
                    .copied()
                    .find(|f| f == name)
                    .ok_or_else(|| {
                        CoreError::Internal(format!("{} has no field {name}", table.name))
                    })
            }
        })
        .collect()
}

fn insert_row(
    conn: &Connection,
    sql: &mut String,
    table: &TableSpec,
    id: &str,
    fields: &[(&'static str, Value)],
    hlc: i64,
    device: &str,
) -> CoreResult<()> {
    sql.clear();
    let _ = write!(sql, "INSERT INTO {} (id", table.name);
    for (name, _) in fields {
        let _ = write!(sql, ", {name}");
    }
    sql.push_str(", row_hlc, row_device) VALUES (?");
    for _ in 0..fields.len() + 2 {
        sql.push_str(", ?");
    }
    sql.push(')');
    let mut stmt = conn.prepare_cached(sql)?;
    let mut args: Vec<&dyn ToSql> = Vec::with_capacity(fields.len() + 3);
    args.push(&id);
    let values: Vec<JsonSql<'_>> = fields.iter().map(|(_, v)| JsonSql(v)).collect();
    for value in &values {
        args.push(value);
    }
    args.push(&hlc);
    args.push(&device);
    stmt.execute(args.as_slice())?;
    Ok(())
}

fn update_row(
    conn: &Connection,
    sql: &mut String,
    table: &TableSpec,
    id: &str,
    fields: &[(&'static str, Value)],
    clocks: &Map<String, Value>,
) -> CoreResult<()> {
    sql.clear();
    let _ = write!(sql, "UPDATE {} SET ", table.name);
    for (name, _) in fields {
        let _ = write!(sql, "{name} = ?, ");
    }
    sql.push_str("field_hlcs = ? WHERE id = ?");
    let mut stmt = conn.prepare_cached(sql)?;
    let values: Vec<JsonSql<'_>> = fields.iter().map(|(_, v)| JsonSql(v)).collect();
    let clocks_json = Value::Object(clocks.clone()).to_string();
    let mut args: Vec<&dyn ToSql> = values.iter().map(|v| v as &dyn ToSql).collect();
    args.push(&clocks_json);
    args.push(&id);
    stmt.execute(args.as_slice())?;
    Ok(())
}

fn read_row(
    conn: &Connection,
    sql: &mut String,
    table: &TableSpec,
    id: &str,
    names: &[&str],
) -> CoreResult<Option<CurrentRow>> {
    sql.clear();
    sql.push_str("SELECT row_hlc, row_device, field_hlcs");
    for name in names {
        let _ = write!(sql, ", {name}");
    }
    let _ = write!(sql, " FROM {} WHERE id = ?", table.name);
    let mut stmt = conn.prepare_cached(sql)?;
    let row = stmt
        .query_row([id], |row| {
            let row_clock = FieldClock {
                hlc: row.get(0)?,
                device: row.get(1)?,
            };
            let clocks: Option<String> = row.get(2)?;
            let mut values = Vec::with_capacity(names.len());
            for index in 0..names.len() {
                values.push(value_from_sql(row.get_ref(index + 3)?));
            }
            Ok((row_clock, clocks, values))
        })
        .optional()?;
    Ok(row.map(|(row_clock, clocks, values)| CurrentRow {
        values,
        row_clock,
        field_clocks: clocks
            .and_then(|text| serde_json::from_str::<Map<String, Value>>(&text).ok())
            .unwrap_or_default(),
    }))
}

fn value_from_sql(value: ValueRef<'_>) -> Value {
    match value {
        ValueRef::Null => Value::Null,
        ValueRef::Integer(i) => Value::from(i),
        ValueRef::Real(f) => Value::from(f),
        ValueRef::Text(t) => Value::from(String::from_utf8_lossy(t).into_owned()),
        ValueRef::Blob(b) => Value::from(data_encoding::HEXLOWER.encode(b)),
    }
}

/// Values compare as SQLite stores them: booleans are integers.
fn same_value(new: &Value, old: &Value) -> bool {
    match (new, old) {
        (Value::Bool(b), Value::Number(n)) => n.as_i64() == Some(i64::from(*b)),
        _ => new == old,
    }
}

/// The changed fields as a JSON object, in the order given.
fn fields_json(fields: &[(&'static str, Value)]) -> String {
    let mut out = String::with_capacity(32 * fields.len() + 2);
    out.push('{');
    for (index, (name, value)) in fields.iter().enumerate() {
        if index > 0 {
            out.push(',');
        }
        out.push('"');
        out.push_str(name);
        out.push_str("\":");
        out.push_str(&value.to_string());
    }
    out.push('}');
    out
}

/// A JSON value bound as the SQLite value it stands for.
struct JsonSql<'a>(&'a Value);

impl ToSql for JsonSql<'_> {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(match self.0 {
            Value::Null => ToSqlOutput::Borrowed(ValueRef::Null),
            Value::Bool(b) => ToSqlOutput::Owned(rusqlite::types::Value::Integer(i64::from(*b))),
            Value::Number(n) => match n.as_i64() {
                Some(i) => ToSqlOutput::Owned(rusqlite::types::Value::Integer(i)),
                None => {
                    ToSqlOutput::Owned(rusqlite::types::Value::Real(n.as_f64().unwrap_or_default()))
                }
            },
            Value::String(s) => ToSqlOutput::Borrowed(ValueRef::Text(s.as_bytes())),
            other => ToSqlOutput::Owned(rusqlite::types::Value::Text(other.to_string())),
        })
    }
}

/// Reads change records in log order, `after` the given local position; for the audit trail
/// and (later) the sync engine's push.
pub fn read_changes(
    conn: &Connection,
    after_pos: i64,
    limit: i64,
) -> CoreResult<Vec<(i64, ChangeRecord)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT pos, op_id, device_id, seq, hlc, schema_version, tbl, row_id, kind, fields, prev_hlcs, user_id
         FROM change_log WHERE pos > ?1 ORDER BY pos LIMIT ?2",
    )?;
    let rows = stmt.query_map(params![after_pos, limit], |row| {
        let kind: String = row.get(8)?;
        let fields: String = row.get(9)?;
        let prev: Option<String> = row.get(10)?;
        Ok((
            row.get::<_, i64>(0)?,
            ChangeRecord {
                op_id: row.get(1)?,
                device_id: row.get(2)?,
                seq: row.get(3)?,
                hlc: row.get(4)?,
                schema_version: row.get(5)?,
                table: row.get(6)?,
                row_id: row.get(7)?,
                kind: ChangeKind::parse(&kind).unwrap_or(ChangeKind::Update),
                fields: serde_json::from_str(&fields).unwrap_or_default(),
                prev_hlcs: prev.and_then(|p| serde_json::from_str(&p).ok()),
                user_id: row.get(11)?,
            },
        ))
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}
