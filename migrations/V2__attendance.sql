-- CampusDesk local database, version 2: attendance (registers, marks, leave), the campus's
-- attendance settings and holiday calendar, and which teacher takes which section.
--
-- Every table here is synced and follows V1's conventions (id, row_hlc, row_device,
-- field_hlcs, deleted), with one deliberate difference for the rows two PCs may create for
-- the same thing while offline: a register, a mark and a teacher's assignment are named by
-- what they are about (a UUID derived from their key, see core/src/attendance.rs), not by a
-- fresh UUIDv7. Two PCs that mark the same student for the same day therefore write the same row,
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
-- Id: derived from (section, date, period), sorting by date.
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
-- an explicit present that corrects an earlier mark. Id: derived from (student, date, period),
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
-- Covers one student's marks over a range of dates.
CREATE INDEX attendance_mark_student ON attendance_mark (student_id, on_date, period, section_id, status, deleted);

-- LOCAL: how many live marks each student has per month, section and status, kept in step by
-- the triggers below on every write (local or from another PC). The campus-wide reports
-- (students below a threshold, the campus by class) read these few rows per student and
-- month instead of every mark of the year; a month is a range of the key, so earlier years
-- cost them nothing. Derived data: never synced, rebuilt from attendance_mark if need be.
CREATE TABLE attendance_tally (
    month       TEXT    NOT NULL,   -- yyyy-mm of on_date
    student_id  TEXT    NOT NULL,
    section_id  TEXT    NOT NULL,
    status      TEXT    NOT NULL,
    marks       INTEGER NOT NULL,
    PRIMARY KEY (month, student_id, section_id, status)
) WITHOUT ROWID;
CREATE TRIGGER attendance_tally_insert AFTER INSERT ON attendance_mark WHEN new.deleted = 0
BEGIN
    INSERT INTO attendance_tally (month, student_id, section_id, status, marks)
    VALUES (substr(new.on_date, 1, 7), new.student_id, new.section_id, new.status, 1)
    ON CONFLICT DO UPDATE SET marks = marks + 1;
END;
CREATE TRIGGER attendance_tally_update
AFTER UPDATE OF on_date, student_id, section_id, status, deleted ON attendance_mark
BEGIN
    UPDATE attendance_tally SET marks = marks - 1
    WHERE old.deleted = 0 AND month = substr(old.on_date, 1, 7) AND student_id = old.student_id
      AND section_id = old.section_id AND status = old.status;
    INSERT INTO attendance_tally (month, student_id, section_id, status, marks)
    SELECT substr(new.on_date, 1, 7), new.student_id, new.section_id, new.status, 1
    WHERE new.deleted = 0
    ON CONFLICT DO UPDATE SET marks = marks + 1;
END;

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
