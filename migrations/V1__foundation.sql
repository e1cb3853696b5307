-- CampusDesk local database, version 1: identity, the change log, the front desk's domain,
-- users and roles.
--
-- Conventions for every synced table (all but those marked LOCAL):
--   id          UUIDv7 text made on the PC that created the row, so offline PCs never collide;
--   row_hlc     hybrid logical clock of the insert, packed as (milliseconds << 16 | counter);
--   row_device  the device that inserted the row (breaks HLC ties deterministically);
--   field_hlcs  JSON {"field": [hlc, "device"]} for fields changed after the insert, NULL when none;
--   deleted     1 for a tombstone; rows are never removed, so a delete can sync like any change.
-- Writes go through the core's change writer, which appends to change_log in the same transaction.

-- LOCAL: this PC's identity and counters. One row.
CREATE TABLE device_state (
    id            INTEGER PRIMARY KEY CHECK (id = 1),
    device_id     TEXT    NOT NULL,
    campus_id     TEXT    NOT NULL,
    next_seq      INTEGER NOT NULL CHECK (next_seq >= 1),
    hlc           INTEGER NOT NULL,
    -- The next admission number this PC will try within its reserved blocks.
    admission_cursor INTEGER NOT NULL DEFAULT 0
);

-- The change log: an append-only outbox and audit trail. One record per row changed.
CREATE TABLE change_log (
    pos            INTEGER PRIMARY KEY,            -- local order of arrival
    op_id          TEXT    NOT NULL,               -- UUIDv7 of the operation
    device_id      TEXT    NOT NULL,               -- the PC that made the change
    seq            INTEGER NOT NULL,               -- that PC's gap-free sequence number
    hlc            INTEGER NOT NULL,
    schema_version INTEGER NOT NULL,
    tbl            TEXT    NOT NULL,
    row_id         TEXT    NOT NULL,
    kind           TEXT    NOT NULL CHECK (kind IN ('insert', 'update', 'delete')),
    fields         TEXT    NOT NULL,               -- JSON object of the new values
    prev_hlcs      TEXT,                           -- JSON {"field": [hlc, "device"]} before an update
    user_id        TEXT,                           -- the acting user (NULL for system set-up)
    origin         TEXT    NOT NULL CHECK (origin IN ('local', 'remote')),
    applied_at     INTEGER,                        -- wall ms when a remote change was applied here
    UNIQUE (device_id, seq)
);
CREATE INDEX change_log_row ON change_log (row_id);

CREATE TRIGGER change_log_no_update BEFORE UPDATE ON change_log
BEGIN
    SELECT RAISE(ABORT, 'change_log is append-only: records are never updated');
END;
CREATE TRIGGER change_log_no_delete BEFORE DELETE ON change_log
BEGIN
    SELECT RAISE(ABORT, 'change_log is append-only: records are never deleted');
END;

-- LOCAL: what applying another PC's change turned up, for review: concurrent edits of one
-- field (`concurrent_edit`), or a value that must be unique (an admission number typed by
-- hand, a username) now held by two rows (`duplicate`, the other row in `other_row_id`).
CREATE TABLE conflict (
    id            TEXT    PRIMARY KEY,
    kind          TEXT    NOT NULL DEFAULT 'concurrent_edit' CHECK (kind IN ('concurrent_edit', 'duplicate')),
    other_row_id  TEXT,
    tbl           TEXT    NOT NULL,
    row_id        TEXT    NOT NULL,
    field         TEXT    NOT NULL,
    kept_value    TEXT,
    kept_hlc      INTEGER NOT NULL,
    kept_device   TEXT    NOT NULL,
    lost_value    TEXT,
    lost_hlc      INTEGER NOT NULL,
    lost_device   TEXT    NOT NULL,
    lost_user_id  TEXT,
    detected_at   INTEGER NOT NULL,
    resolved_at   INTEGER
);

CREATE TABLE campus (
    id                 TEXT    PRIMARY KEY,
    school_name        TEXT    NOT NULL,
    name               TEXT    NOT NULL,
    code               TEXT    NOT NULL,
    address            TEXT    NOT NULL DEFAULT '',
    phone              TEXT    NOT NULL DEFAULT '',
    -- How admission numbers look: {CAMPUS}, {YYYY}, {YY} and {N:width} are filled in.
    admission_pattern  TEXT    NOT NULL,
    row_hlc            INTEGER NOT NULL,
    row_device         TEXT    NOT NULL,
    field_hlcs         TEXT,
    deleted            INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE device (
    id          TEXT    PRIMARY KEY,
    campus_id   TEXT    NOT NULL REFERENCES campus (id),
    code        TEXT    NOT NULL,
    name        TEXT    NOT NULL DEFAULT '',
    row_hlc     INTEGER NOT NULL,
    row_device  TEXT    NOT NULL,
    field_hlcs  TEXT,
    deleted     INTEGER NOT NULL DEFAULT 0
);

-- A block of admission numbers reserved by one device, so offline PCs never suggest the same one.
CREATE TABLE admission_block (
    id          TEXT    PRIMARY KEY,
    device_id   TEXT    NOT NULL,
    first_no    INTEGER NOT NULL,
    last_no     INTEGER NOT NULL CHECK (last_no >= first_no),
    row_hlc     INTEGER NOT NULL,
    row_device  TEXT    NOT NULL,
    field_hlcs  TEXT,
    deleted     INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE academic_year (
    id          TEXT    PRIMARY KEY,
    name        TEXT    NOT NULL,
    starts_on   TEXT    NOT NULL,
    ends_on     TEXT    NOT NULL,
    is_current  INTEGER NOT NULL DEFAULT 0,
    row_hlc     INTEGER NOT NULL,
    row_device  TEXT    NOT NULL,
    field_hlcs  TEXT,
    deleted     INTEGER NOT NULL DEFAULT 0,
    CHECK (ends_on > starts_on)
);

CREATE TABLE class (
    id          TEXT    PRIMARY KEY,
    name        TEXT    NOT NULL,
    sort_order  INTEGER NOT NULL DEFAULT 0,
    row_hlc     INTEGER NOT NULL,
    row_device  TEXT    NOT NULL,
    field_hlcs  TEXT,
    deleted     INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE section (
    id          TEXT    PRIMARY KEY,
    class_id    TEXT    NOT NULL REFERENCES class (id),
    name        TEXT    NOT NULL,
    row_hlc     INTEGER NOT NULL,
    row_device  TEXT    NOT NULL,
    field_hlcs  TEXT,
    deleted     INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX section_class ON section (class_id);

CREATE TABLE student (
    id              TEXT    PRIMARY KEY,
    -- Unique per campus, enforced by the core on local writes; a clash that arrives by sync is
    -- kept and shown as a conflict rather than refused, so no UNIQUE constraint here.
    admission_no    TEXT    NOT NULL,
    first_name      TEXT    NOT NULL,
    last_name       TEXT    NOT NULL DEFAULT '',
    date_of_birth   TEXT    NOT NULL,
    gender          TEXT    NOT NULL CHECK (gender IN ('male', 'female', 'other')),
    class_id        TEXT    REFERENCES class (id),
    section_id      TEXT    REFERENCES section (id),
    phone           TEXT    NOT NULL DEFAULT '',
    email           TEXT    NOT NULL DEFAULT '',
    address         TEXT    NOT NULL DEFAULT '',
    category        TEXT    NOT NULL DEFAULT '',
    status          TEXT    NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'left', 'alumni')),
    admitted_on     TEXT    NOT NULL,
    enquiry_id      TEXT,
    row_hlc         INTEGER NOT NULL,
    row_device      TEXT    NOT NULL,
    field_hlcs      TEXT,
    deleted         INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX student_admission_no ON student (admission_no);
CREATE INDEX student_name ON student (first_name, last_name);
CREATE INDEX student_class ON student (class_id, section_id);

CREATE TABLE guardian (
    id          TEXT    PRIMARY KEY,
    name        TEXT    NOT NULL,
    phone       TEXT    NOT NULL,
    email       TEXT    NOT NULL DEFAULT '',
    occupation  TEXT    NOT NULL DEFAULT '',
    row_hlc     INTEGER NOT NULL,
    row_device  TEXT    NOT NULL,
    field_hlcs  TEXT,
    deleted     INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;  -- found by id in one seek (the student list shows each row's guardian)
CREATE INDEX guardian_phone ON guardian (phone);

CREATE TABLE student_guardian (
    id           TEXT    PRIMARY KEY,
    student_id   TEXT    NOT NULL REFERENCES student (id),
    guardian_id  TEXT    NOT NULL REFERENCES guardian (id),
    relation     TEXT    NOT NULL,
    position     INTEGER NOT NULL DEFAULT 1,
    row_hlc      INTEGER NOT NULL,
    row_device   TEXT    NOT NULL,
    field_hlcs   TEXT,
    deleted      INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;
-- Covers "a student's guardians in order" without touching the table.
CREATE INDEX student_guardian_student ON student_guardian (student_id, deleted, position, guardian_id);
-- Covers "the students of a guardian" (siblings, search by phone) without touching the table.
CREATE INDEX student_guardian_guardian ON student_guardian (guardian_id, deleted, student_id);

-- The student list's search index. FTS5 over live students' names with prefix indexes for
-- type-ahead; it also keeps a small copy of what one line of the list shows (admission number,
-- class, section, status and the first guardian), so that a search finds, filters, sorts and
-- shows its matches from this compact table, which stays in the page cache, without reading
-- the wide student, link and guardian rows. Only which students contain a word matters (no
-- phrase queries), so positions are not stored. Triggers keep it in step; tombstoned students
-- leave it.
CREATE VIRTUAL TABLE student_search USING fts5 (
    first_name, last_name,
    student_id UNINDEXED, admission_no UNINDEXED, class_id UNINDEXED, section_id UNINDEXED,
    status UNINDEXED, guardian_name UNINDEXED, guardian_phone UNINDEXED,
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '2 3',
    detail = none
);
CREATE TRIGGER student_search_insert AFTER INSERT ON student WHEN new.deleted = 0
BEGIN
    INSERT INTO student_search (rowid, first_name, last_name, student_id, admission_no, class_id, section_id,
                                status, guardian_name, guardian_phone)
    VALUES (new.rowid, new.first_name, new.last_name, new.id, new.admission_no, new.class_id, new.section_id,
            new.status, '', '');
END;
CREATE TRIGGER student_search_update
AFTER UPDATE OF first_name, last_name, admission_no, class_id, section_id, status ON student WHEN new.deleted = 0
BEGIN
    UPDATE student_search
    SET first_name = new.first_name, last_name = new.last_name, admission_no = new.admission_no,
        class_id = new.class_id, section_id = new.section_id, status = new.status
    WHERE rowid = new.rowid;
END;
CREATE TRIGGER student_search_delete AFTER UPDATE OF deleted ON student WHEN new.deleted <> 0 AND old.deleted = 0
BEGIN
    DELETE FROM student_search WHERE rowid = old.rowid;
END;
-- The guardian a line shows is the student's first live link. A new link that comes after
-- an existing one changes nothing there, so the index is not rewritten for it.
CREATE TRIGGER student_search_link_insert AFTER INSERT ON student_guardian
WHEN new.deleted = 0 AND NOT EXISTS (
    SELECT 1 FROM student_guardian
    WHERE student_id = new.student_id AND deleted = 0 AND position < new.position AND id <> new.id)
BEGIN
    UPDATE student_search
    SET (guardian_name, guardian_phone) = (
        SELECT g.name, g.phone FROM student_guardian sg JOIN guardian g ON g.id = sg.guardian_id
        WHERE sg.student_id = new.student_id AND sg.deleted = 0 ORDER BY sg.position LIMIT 1)
    WHERE rowid = (SELECT rowid FROM student WHERE id = new.student_id);
END;
CREATE TRIGGER student_search_link_update AFTER UPDATE ON student_guardian
BEGIN
    UPDATE student_search
    SET (guardian_name, guardian_phone) = (
        SELECT coalesce(g.name, ''), coalesce(g.phone, '') FROM (SELECT 1) LEFT JOIN (
            SELECT g.name, g.phone FROM student_guardian sg JOIN guardian g ON g.id = sg.guardian_id
            WHERE sg.student_id = new.student_id AND sg.deleted = 0 ORDER BY sg.position LIMIT 1) g)
    WHERE rowid = (SELECT rowid FROM student WHERE id = new.student_id);
END;
CREATE TRIGGER student_search_guardian_update AFTER UPDATE OF name, phone ON guardian
BEGIN
    UPDATE student_search
    SET (guardian_name, guardian_phone) = (
        SELECT g.name, g.phone FROM student_guardian sg JOIN guardian g ON g.id = sg.guardian_id
        WHERE sg.student_id = student_search.student_id AND sg.deleted = 0 ORDER BY sg.position LIMIT 1)
    WHERE rowid IN (
        SELECT s.rowid FROM student_guardian sg JOIN student s ON s.id = sg.student_id
        WHERE sg.guardian_id = new.id AND sg.deleted = 0);
END;

-- The walk-in enquiry register: prospective admissions, not students.
CREATE TABLE enquiry (
    id                 TEXT    PRIMARY KEY,
    enquiry_on         TEXT    NOT NULL,
    child_name         TEXT    NOT NULL,
    date_of_birth      TEXT    NOT NULL DEFAULT '',
    gender             TEXT    NOT NULL DEFAULT '',
    class_sought       TEXT    NOT NULL DEFAULT '',
    guardian_name      TEXT    NOT NULL,
    phone              TEXT    NOT NULL,
    email              TEXT    NOT NULL DEFAULT '',
    source             TEXT    NOT NULL DEFAULT '',
    notes              TEXT    NOT NULL DEFAULT '',
    status             TEXT    NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'converted', 'closed')),
    next_follow_up_on  TEXT    NOT NULL DEFAULT '',
    student_id         TEXT,
    row_hlc            INTEGER NOT NULL,
    row_device         TEXT    NOT NULL,
    field_hlcs         TEXT,
    deleted            INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX enquiry_status ON enquiry (status, next_follow_up_on);

CREATE TABLE enquiry_follow_up (
    id          TEXT    PRIMARY KEY,
    enquiry_id  TEXT    NOT NULL REFERENCES enquiry (id),
    on_date     TEXT    NOT NULL,
    note        TEXT    NOT NULL,
    next_on     TEXT    NOT NULL DEFAULT '',
    user_id     TEXT,
    row_hlc     INTEGER NOT NULL,
    row_device  TEXT    NOT NULL,
    field_hlcs  TEXT,
    deleted     INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX enquiry_follow_up_enquiry ON enquiry_follow_up (enquiry_id);

-- Roles carry their permission keys as one space-separated field, so a change of a role's
-- permissions is one logged change that merges as one value.
CREATE TABLE role (
    id           TEXT    PRIMARY KEY,
    key          TEXT    NOT NULL,
    name         TEXT    NOT NULL,
    permissions  TEXT    NOT NULL,
    row_hlc      INTEGER NOT NULL,
    row_device   TEXT    NOT NULL,
    field_hlcs   TEXT,
    deleted      INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE app_user (
    id             TEXT    PRIMARY KEY,
    username       TEXT    NOT NULL,
    full_name      TEXT    NOT NULL,
    password_hash  TEXT    NOT NULL,   -- argon2id PHC string
    role_id        TEXT    NOT NULL REFERENCES role (id),
    active         INTEGER NOT NULL DEFAULT 1,
    row_hlc        INTEGER NOT NULL,
    row_device     TEXT    NOT NULL,
    field_hlcs     TEXT,
    deleted        INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX app_user_username ON app_user (username);
