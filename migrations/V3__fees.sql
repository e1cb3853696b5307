-- CampusDesk local database, version 3: fees. Fee heads, fee structures with their installments,
-- the charges they put on students' accounts, concessions, receipts with their lines (payments,
-- late fines, advances), cancellations, reprints and the cashier's day close.
--
-- Every table here is synced and follows V1's conventions (id, row_hlc, row_device,
-- field_hlcs, deleted). All but fee_head are MONEY tables: once a row is written it is never
-- updated or deleted, not even tombstoned. A correction is a record of its own (a charge is
-- withdrawn by a fee_charge_void, a receipt is cancelled by a fee_cancellation, a fee
-- structure is revised by a newer structure that supersedes it), so what was printed and handed
-- to a parent can always be found again as it was. The core's change writer refuses updates
-- to these tables; the triggers at the end refuse them to anything else that holds the file.
-- Balances are never stored: a student's balance is what their charges, concessions and live
-- receipts add up to, read every time.

-- The financial year's first month (4 = April, India's default) for receipt series.
ALTER TABLE campus ADD COLUMN fy_start_month INTEGER NOT NULL DEFAULT 4
    CHECK (fy_start_month BETWEEN 1 AND 12);

-- LOCAL: the last time the sync server told this PC (server wall ms), so the counter can warn
-- when the PC's clock is far from it before it dates a receipt. NULL until a server is heard.
ALTER TABLE device_state ADD COLUMN last_server_ms INTEGER;

-- What fees are charged for: tuition, admission, transport, exam. Names may be corrected.
CREATE TABLE fee_head (
    id          TEXT    PRIMARY KEY,
    name        TEXT    NOT NULL,
    sort_order  INTEGER NOT NULL DEFAULT 0,
    row_hlc     INTEGER NOT NULL,
    row_device  TEXT    NOT NULL,
    field_hlcs  TEXT,
    deleted     INTEGER NOT NULL DEFAULT 0
);

-- A class's fees for one academic year, with its late-fine rule. A revision is a new row that
-- names the one it supersedes and the date from which it applies.
CREATE TABLE fee_structure (
    id                TEXT    PRIMARY KEY,
    class_id          TEXT    NOT NULL REFERENCES class (id),
    academic_year_id  TEXT    NOT NULL REFERENCES academic_year (id),
    name              TEXT    NOT NULL,
    fine_kind         TEXT    NOT NULL CHECK (fine_kind IN ('none', 'flat', 'per_day')),
    fine_paise        INTEGER NOT NULL CHECK (fine_paise >= 0),
    fine_grace_days   INTEGER NOT NULL CHECK (fine_grace_days >= 0),
    fine_cap_paise    INTEGER NOT NULL CHECK (fine_cap_paise >= 0),  -- 0: no cap
    supersedes_id     TEXT,
    effective_from    TEXT    NOT NULL,
    created_by        TEXT    NOT NULL,
    row_hlc           INTEGER NOT NULL,
    row_device        TEXT    NOT NULL,
    field_hlcs        TEXT,
    deleted           INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX fee_structure_class ON fee_structure (class_id, academic_year_id);

-- One installment of a structure: a head's amount due on a date.
CREATE TABLE fee_installment (
    id            TEXT    PRIMARY KEY,
    structure_id  TEXT    NOT NULL REFERENCES fee_structure (id),
    head_id       TEXT    NOT NULL REFERENCES fee_head (id),
    label         TEXT    NOT NULL,
    due_on        TEXT    NOT NULL,
    amount_paise  INTEGER NOT NULL CHECK (amount_paise > 0),
    -- A one-time installment (admission fee) is charged to a student admitted after its date.
    frequency     TEXT    NOT NULL CHECK (frequency IN ('monthly', 'quarterly', 'termly', 'one_time')),
    position      INTEGER NOT NULL,
    row_hlc       INTEGER NOT NULL,
    row_device    TEXT    NOT NULL,
    field_hlcs    TEXT,
    deleted       INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX fee_installment_structure ON fee_installment (structure_id, position);

-- An installment charged to one student: the amount owed, copied from the installment when it
-- was charged so that a later revision never changes what was charged.
CREATE TABLE fee_charge (
    id              TEXT    PRIMARY KEY,
    student_id      TEXT    NOT NULL REFERENCES student (id),
    structure_id    TEXT    NOT NULL REFERENCES fee_structure (id),
    installment_id  TEXT    NOT NULL REFERENCES fee_installment (id),
    head_id         TEXT    NOT NULL REFERENCES fee_head (id),
    label           TEXT    NOT NULL,
    due_on          TEXT    NOT NULL,
    amount_paise    INTEGER NOT NULL CHECK (amount_paise > 0),
    position        INTEGER NOT NULL,
    charged_on      TEXT    NOT NULL,
    row_hlc         INTEGER NOT NULL,
    row_device      TEXT    NOT NULL,
    field_hlcs      TEXT,
    deleted         INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX fee_charge_student ON fee_charge (student_id, due_on, position);
CREATE INDEX fee_charge_installment ON fee_charge (installment_id, student_id);

-- A charge withdrawn (a revised structure, a class change): the charge stays, this cancels it.
CREATE TABLE fee_charge_void (
    id          TEXT    PRIMARY KEY,
    charge_id   TEXT    NOT NULL REFERENCES fee_charge (id),
    student_id  TEXT    NOT NULL REFERENCES student (id),
    reason      TEXT    NOT NULL,
    voided_on   TEXT    NOT NULL,
    voided_by   TEXT    NOT NULL,
    row_hlc     INTEGER NOT NULL,
    row_device  TEXT    NOT NULL,
    field_hlcs  TEXT,
    deleted     INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX fee_charge_void_student ON fee_charge_void (student_id, charge_id);

-- A concession for one student (student_id) or every student of a category (category), on one
-- head or all (head_id NULL): a percentage (value in basis points, 1000 = 10%) or a fixed
-- amount off each matching installment (value in paise).
CREATE TABLE fee_concession (
    id          TEXT    PRIMARY KEY,
    student_id  TEXT,
    category    TEXT    NOT NULL DEFAULT '',
    head_id     TEXT,
    kind        TEXT    NOT NULL CHECK (kind IN ('percent', 'fixed')),
    value       INTEGER NOT NULL CHECK (value > 0),
    reason      TEXT    NOT NULL,
    granted_by  TEXT    NOT NULL,
    granted_on  TEXT    NOT NULL,
    row_hlc     INTEGER NOT NULL,
    row_device  TEXT    NOT NULL,
    field_hlcs  TEXT,
    deleted     INTEGER NOT NULL DEFAULT 0,
    CHECK (student_id IS NOT NULL OR category <> '')
);
CREATE INDEX fee_concession_student ON fee_concession (student_id);

-- A receipt: one payment, numbered in its device's series for the financial year
-- (`GIS-PC2-2526` + number), gap-free because the number is taken inside the payment's own
-- IMMEDIATE transaction and receipts are never removed.
CREATE TABLE fee_receipt (
    id             TEXT    PRIMARY KEY,
    device_id      TEXT    NOT NULL,
    series         TEXT    NOT NULL,
    number         INTEGER NOT NULL CHECK (number >= 1),
    receipt_no     TEXT    NOT NULL,
    student_id     TEXT    NOT NULL REFERENCES student (id),
    class_name     TEXT    NOT NULL,
    issued_at      INTEGER NOT NULL,     -- wall ms from the office's clock
    issued_on      TEXT    NOT NULL,     -- the PC's calendar date
    amount_paise   INTEGER NOT NULL CHECK (amount_paise > 0),
    mode           TEXT    NOT NULL CHECK (mode IN ('cash', 'cheque', 'bank_transfer', 'upi', 'card')),
    reference      TEXT    NOT NULL DEFAULT '',
    cashier_id     TEXT    NOT NULL,
    cashier_name   TEXT    NOT NULL,
    -- What the student still owed once it was issued, as printed on it (not a balance to use:
    -- balances are always read from the records).
    balance_after_paise INTEGER NOT NULL,
    row_hlc        INTEGER NOT NULL,
    row_device     TEXT    NOT NULL,
    field_hlcs     TEXT,
    deleted        INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX fee_receipt_number ON fee_receipt (device_id, series, number);
CREATE INDEX fee_receipt_student ON fee_receipt (student_id, issued_at);
CREATE INDEX fee_receipt_day ON fee_receipt (issued_on, device_id, number);

-- What a receipt paid: an installment, the late fine on one, or an advance kept as credit.
CREATE TABLE fee_receipt_line (
    id            TEXT    PRIMARY KEY,
    receipt_id    TEXT    NOT NULL REFERENCES fee_receipt (id),
    student_id    TEXT    NOT NULL REFERENCES student (id),
    kind          TEXT    NOT NULL CHECK (kind IN ('installment', 'fine', 'advance')),
    charge_id     TEXT    REFERENCES fee_charge (id),
    label         TEXT    NOT NULL,
    amount_paise  INTEGER NOT NULL CHECK (amount_paise > 0),
    -- For an installment line, as printed: the installment before concession and the concession.
    installment_paise  INTEGER NOT NULL DEFAULT 0,
    concession_paise   INTEGER NOT NULL DEFAULT 0,
    position      INTEGER NOT NULL,
    row_hlc       INTEGER NOT NULL,
    row_device    TEXT    NOT NULL,
    field_hlcs    TEXT,
    deleted       INTEGER NOT NULL DEFAULT 0,
    CHECK ((kind = 'advance') = (charge_id IS NULL))
);
CREATE INDEX fee_receipt_line_receipt ON fee_receipt_line (receipt_id, position);
CREATE INDEX fee_receipt_line_student ON fee_receipt_line (student_id, charge_id);

-- A receipt cancelled, with the reason: it reverses the payment; the receipt stays, marked.
CREATE TABLE fee_cancellation (
    id            TEXT    PRIMARY KEY,
    receipt_id    TEXT    NOT NULL REFERENCES fee_receipt (id),
    reason        TEXT    NOT NULL,
    cancelled_by  TEXT    NOT NULL,
    cancelled_at  INTEGER NOT NULL,
    cancelled_on  TEXT    NOT NULL,
    row_hlc       INTEGER NOT NULL,
    row_device    TEXT    NOT NULL,
    field_hlcs    TEXT,
    deleted       INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX fee_cancellation_receipt ON fee_cancellation (receipt_id);

-- Each print of a receipt; every print after the first is a DUPLICATE.
CREATE TABLE fee_receipt_print (
    id          TEXT    PRIMARY KEY,
    receipt_id  TEXT    NOT NULL REFERENCES fee_receipt (id),
    layout      TEXT    NOT NULL,
    printed_by  TEXT    NOT NULL,
    printed_at  INTEGER NOT NULL,
    row_hlc     INTEGER NOT NULL,
    row_device  TEXT    NOT NULL,
    field_hlcs  TEXT,
    deleted     INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX fee_receipt_print_receipt ON fee_receipt_print (receipt_id);

-- A cashier's day closed on one device, with the Z-report's figures as they were at closing.
-- Id: derived from (device, date), so a day closes once. Receipts of a closed day on that
-- device can no longer be cancelled, and that device collects no more on that day.
CREATE TABLE fee_day_close (
    id                TEXT    PRIMARY KEY,
    device_id         TEXT    NOT NULL,
    on_date           TEXT    NOT NULL,
    closed_by         TEXT    NOT NULL,
    closed_at         INTEGER NOT NULL,
    issued_count      INTEGER NOT NULL,
    cancelled_count   INTEGER NOT NULL,
    net_paise         INTEGER NOT NULL,
    first_receipt_no  TEXT    NOT NULL DEFAULT '',
    last_receipt_no   TEXT    NOT NULL DEFAULT '',
    by_mode           TEXT    NOT NULL,  -- JSON {"cash": paise, ...} of live receipts
    row_hlc           INTEGER NOT NULL,
    row_device        TEXT    NOT NULL,
    field_hlcs        TEXT,
    deleted           INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX fee_day_close_day ON fee_day_close (device_id, on_date);

-- The store itself refuses any change to an issued money record, whoever holds the file.
CREATE TRIGGER fee_structure_no_update BEFORE UPDATE ON fee_structure
BEGIN SELECT RAISE(ABORT, 'fee_structure is append-only: a fee structure is revised by a new one'); END;
CREATE TRIGGER fee_structure_no_delete BEFORE DELETE ON fee_structure
BEGIN SELECT RAISE(ABORT, 'fee_structure is append-only: records are never deleted'); END;
CREATE TRIGGER fee_installment_no_update BEFORE UPDATE ON fee_installment
BEGIN SELECT RAISE(ABORT, 'fee_installment is append-only: a fee structure is revised by a new one'); END;
CREATE TRIGGER fee_installment_no_delete BEFORE DELETE ON fee_installment
BEGIN SELECT RAISE(ABORT, 'fee_installment is append-only: records are never deleted'); END;
CREATE TRIGGER fee_charge_no_update BEFORE UPDATE ON fee_charge
BEGIN SELECT RAISE(ABORT, 'fee_charge is append-only: a charge is withdrawn by a fee_charge_void'); END;
CREATE TRIGGER fee_charge_no_delete BEFORE DELETE ON fee_charge
BEGIN SELECT RAISE(ABORT, 'fee_charge is append-only: records are never deleted'); END;
CREATE TRIGGER fee_charge_void_no_update BEFORE UPDATE ON fee_charge_void
BEGIN SELECT RAISE(ABORT, 'fee_charge_void is append-only: records are never updated'); END;
CREATE TRIGGER fee_charge_void_no_delete BEFORE DELETE ON fee_charge_void
BEGIN SELECT RAISE(ABORT, 'fee_charge_void is append-only: records are never deleted'); END;
CREATE TRIGGER fee_concession_no_update BEFORE UPDATE ON fee_concession
BEGIN SELECT RAISE(ABORT, 'fee_concession is append-only: records are never updated'); END;
CREATE TRIGGER fee_concession_no_delete BEFORE DELETE ON fee_concession
BEGIN SELECT RAISE(ABORT, 'fee_concession is append-only: records are never deleted'); END;
CREATE TRIGGER fee_receipt_no_update BEFORE UPDATE ON fee_receipt
BEGIN SELECT RAISE(ABORT, 'fee_receipt is append-only: a receipt is cancelled by a fee_cancellation'); END;
CREATE TRIGGER fee_receipt_no_delete BEFORE DELETE ON fee_receipt
BEGIN SELECT RAISE(ABORT, 'fee_receipt is append-only: receipts are never deleted'); END;
CREATE TRIGGER fee_receipt_line_no_update BEFORE UPDATE ON fee_receipt_line
BEGIN SELECT RAISE(ABORT, 'fee_receipt_line is append-only: records are never updated'); END;
CREATE TRIGGER fee_receipt_line_no_delete BEFORE DELETE ON fee_receipt_line
BEGIN SELECT RAISE(ABORT, 'fee_receipt_line is append-only: records are never deleted'); END;
CREATE TRIGGER fee_cancellation_no_update BEFORE UPDATE ON fee_cancellation
BEGIN SELECT RAISE(ABORT, 'fee_cancellation is append-only: records are never updated'); END;
CREATE TRIGGER fee_cancellation_no_delete BEFORE DELETE ON fee_cancellation
BEGIN SELECT RAISE(ABORT, 'fee_cancellation is append-only: records are never deleted'); END;
CREATE TRIGGER fee_receipt_print_no_update BEFORE UPDATE ON fee_receipt_print
BEGIN SELECT RAISE(ABORT, 'fee_receipt_print is append-only: records are never updated'); END;
CREATE TRIGGER fee_receipt_print_no_delete BEFORE DELETE ON fee_receipt_print
BEGIN SELECT RAISE(ABORT, 'fee_receipt_print is append-only: records are never deleted'); END;
CREATE TRIGGER fee_day_close_no_update BEFORE UPDATE ON fee_day_close
BEGIN SELECT RAISE(ABORT, 'fee_day_close is append-only: a closed day stays closed'); END;
CREATE TRIGGER fee_day_close_no_delete BEFORE DELETE ON fee_day_close
BEGIN SELECT RAISE(ABORT, 'fee_day_close is append-only: records are never deleted'); END;
