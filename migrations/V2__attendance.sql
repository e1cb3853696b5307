-- CampusDesk local database, version 2: attendance (registers, marks, leave), the campus's
-- attendance settings and holiday calendar, and which teacher takes which section.
--
-- Every table here is synced and follows V1's conventions (id, row_hlc, row_device,
-- field_hlcs, deleted), with one deliberate difference for the rows two PCs may create for
-- the same thing while offline: a register, a mark and a teacher's assignment are named by
-- what they are about (UUIDv5 of their key, see core/src/attendance.rs), not by a fresh
-- UUIDv7. Two PCs that mark the same student for the same day therefore write the same row,
-- and the change log merges the two writes field by field instead of keeping two marks.

-- How the campus takes attendance, and its weekly offs: campus settings that sync with the
-- rest of the campus row. `period` campuses take one register per period (1..periods_per_day);
-- `daily` campuses one per day, stored as period 0. `weekly_offs` holds weekday keys
-- (`sun`, `sat`, ...) separated by spaces, so a change of the weekly offs is one logged value.
ALTER TABLE campus ADD COLUMN attendance_mode TEXT NOT NULL DEFAULT 'daily'
    CHECK (attendance_mode IN ('daily', 'period'));
ALTER TABLE campus ADD COLUMN periods_per_day INTEGER NOT NULL DEFAULT 1
    CHECK (periods_per_day BETWEEN 1 AND 12);
ALTER TABLE campus ADD COLUMN weekly_offs TEXT NOT NULL DEFAULT 'sun';

-- Dated holidays of the campus: one day or a run of days (a vacation). No register is taken
-- on them.
CREATE TABLE holiday (
    id          TEXT    PRIMARY KEY,
    name        TEXT    NOT NULL,
    starts_on   TEXT    NOT NULL,
    ends_on     TEXT    NOT NULL,
    row_hlc     INTEGER NOT NULL,
    row_device  TEXT    NOT NULL,
    field_hlcs  TEXT,
    deleted     INTEGER NOT NULL DEFAULT 0,
    CHECK (ends_on >= starts_on)
);
CREATE INDEX holiday_dates ON holiday (starts_on, ends_on);

-- The sections a teacher takes attendance for. Id: UUIDv5 of (user, section), so assigning
-- the same teacher twice (on two PCs) is one row; unassigning is a tombstone, and assigning
-- again brings the same row back.
CREATE TABLE teacher_section (
    id          TEXT    PRIMARY KEY,
    user_id     TEXT    NOT NULL REFERENCES app_user (id),
    section_id  TEXT    NOT NULL REFERENCES section (id),
    row_hlc     INTEGER NOT NULL,
    row_device  TEXT    NOT NULL,
    field_hlcs  TEXT,
    deleted     INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX teacher_section_user ON teacher_section (user_id, section_id, deleted);

-- A register that was taken: this section's attendance for this date and period was saved,
-- by whom. Every student of the section without a mark of their own was present that day:
-- the screen's default "present" is never stored as a mark (see attendance_mark).
-- Id: UUIDv5 of (section, date, period).
CREATE TABLE attendance_register (
    id          TEXT    PRIMARY KEY,
    section_id  TEXT    NOT NULL REFERENCES section (id),
    on_date     TEXT    NOT NULL,
    period      INTEGER NOT NULL CHECK (period BETWEEN 0 AND 12),
    taken_by    TEXT    NOT NULL,
    row_hlc     INTEGER NOT NULL,
    row_device  TEXT    NOT NULL,
    field_hlcs  TEXT,
    deleted     INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX attendance_register_section ON attendance_register (section_id, on_date, period);
CREATE INDEX attendance_register_date ON attendance_register (on_date, section_id, period, deleted);

-- A mark someone chose for one student in one register: absent, late, half day, excused, or
-- an explicit present that corrects an earlier mark. Id: UUIDv5 of (student, date, period),
-- so one student has at most one mark per register on every PC. `section_id` is the section
-- whose register it was saved in (a student may change section later).
CREATE TABLE attendance_mark (
    id          TEXT    PRIMARY KEY,
    student_id  TEXT    NOT NULL REFERENCES student (id),
    section_id  TEXT    NOT NULL REFERENCES section (id),
    on_date     TEXT    NOT NULL,
    period      INTEGER NOT NULL CHECK (period BETWEEN 0 AND 12),
    status      TEXT    NOT NULL CHECK (status IN ('present', 'absent', 'late', 'half_day', 'excused')),
    remark      TEXT    NOT NULL DEFAULT '',
    row_hlc     INTEGER NOT NULL,
    row_device  TEXT    NOT NULL,
    field_hlcs  TEXT,
    deleted     INTEGER NOT NULL DEFAULT 0
);
-- Covers a section's register for a day or a month without reading the table.
CREATE INDEX attendance_mark_section ON attendance_mark (section_id, on_date, period, student_id, status, deleted);
-- Covers the campus-wide tallies: counting every student's marks by section and status reads
-- this index once, in its own order, without sorting. Also one student's marks.
CREATE INDEX attendance_mark_student ON attendance_mark (student_id, section_id, status, on_date, period, deleted);

-- A leave request for a student, recorded at the front desk and approved or rejected by a
-- permitted role. Approved leave shows as excused in the registers it covers; nothing is
-- written into the registers, so a leave decided later (or differently on another PC) never
-- leaves stale marks behind.
CREATE TABLE leave_request (
    id             TEXT    PRIMARY KEY,
    student_id     TEXT    NOT NULL REFERENCES student (id),
    starts_on      TEXT    NOT NULL,
    ends_on        TEXT    NOT NULL,
    reason         TEXT    NOT NULL,
    requested_by   TEXT    NOT NULL DEFAULT '',
    status         TEXT    NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'rejected')),
    recorded_by    TEXT    NOT NULL,
    decided_by     TEXT,
    decision_note  TEXT    NOT NULL DEFAULT '',
    row_hlc        INTEGER NOT NULL,
    row_device     TEXT    NOT NULL,
    field_hlcs     TEXT,
    deleted        INTEGER NOT NULL DEFAULT 0,
    CHECK (ends_on >= starts_on)
);
CREATE INDEX leave_request_student ON leave_request (student_id, starts_on);
CREATE INDEX leave_request_status ON leave_request (status, starts_on, ends_on);
