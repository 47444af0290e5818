"""The local store's schema, one migration per version.

Rules for adding a migration (DESIGN.md guarantee 8):

* Append a new :class:`Migration` with the next version number; never edit a shipped one.
* Every pending migration runs in one transaction with the version bump, after a file backup of
  the database; a failure leaves the file exactly as it was.
* The outbox is never emptied: entries may be copied into a rebuilt table, but the runner checks
  that as many outbox rows exist after migrating as before, and rolls back otherwise.

Times are UTC text written by :func:`app.services.clock.to_db`, so text order is time order.
Columns holding a *server* time say so; the laptop's clock is never used for order or expiry.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Migration:
    """One schema version and the SQL that produces it from the one before."""

    version: int
    name: str
    sql: str


_INITIAL = """
-- Small named values: the workstation id, preferences.
CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;

-- Where this workstation is with the central service (one row).
CREATE TABLE sync_state (
    singleton          INTEGER PRIMARY KEY CHECK (singleton = 1),
    server_url         TEXT,
    college_code       TEXT,
    epoch              TEXT,                          -- the server epoch the cursor belongs to
    feed_cursor        TEXT NOT NULL DEFAULT '',      -- moves only with the rows it covers
    last_sync_at       TEXT,                          -- server clock, end of the last full sync
    server_offset_ms   INTEGER NOT NULL DEFAULT 0,    -- server clock minus laptop clock
    offset_measured_at TEXT                           -- laptop clock, when measured
);
INSERT INTO sync_state (singleton) VALUES (1);

-- The college's accounts as the desk shows them: the server's copy, plus accounts made here and
-- not yet uploaded. Never the SSN (its last four digits at most, as the server shows them).
CREATE TABLE accounts (
    cccid                    TEXT PRIMARY KEY,
    college_code             TEXT NOT NULL,
    first_name               TEXT,
    last_name                TEXT NOT NULL,
    birthdate                TEXT NOT NULL,
    email                    TEXT,
    status                   TEXT NOT NULL DEFAULT 'active'
                                 CHECK (status IN ('active', 'deactivated')),
    locked                   INTEGER NOT NULL DEFAULT 0 CHECK (locked IN (0, 1)),
    credential_state         TEXT NOT NULL DEFAULT 'pending'
                                 CHECK (credential_state IN ('pending', 'reclaimed', 'expired')),
    temp_password_expires_at TEXT,                    -- server clock
    review_state             TEXT NOT NULL DEFAULT 'none'
                                 CHECK (review_state IN ('none', 'needs_review', 'resolved')),
    review_reasons           TEXT NOT NULL DEFAULT '[]',
    upload_state             TEXT NOT NULL
                                 CHECK (upload_state IN ('pending', 'uploaded', 'needs_attention',
                                                         'discarded')),
    student                  TEXT NOT NULL,           -- JSON student fields, SSN left out
    server_record            TEXT,                    -- JSON as the server last sent it
    created_at               TEXT,                    -- server clock (estimated until uploaded)
    updated_at               TEXT,                    -- server clock
    server_epoch             TEXT                     -- epoch of the server copy seen last
);
CREATE INDEX accounts_name ON accounts (last_name COLLATE NOCASE, first_name COLLATE NOCASE);
CREATE INDEX accounts_birthdate ON accounts (birthdate);
CREATE INDEX accounts_email ON accounts (email COLLATE NOCASE);
CREATE INDEX accounts_not_uploaded ON accounts (upload_state) WHERE upload_state <> 'uploaded';
CREATE INDEX accounts_in_review ON accounts (review_state) WHERE review_state = 'needs_review';

-- Blocking keys of each cached account (app.services.matching.index_keys): local duplicate
-- checks look candidates up by key, as the central service does, and never scan.
CREATE TABLE account_block_keys (
    key   TEXT NOT NULL,
    cccid TEXT NOT NULL REFERENCES accounts (cccid) ON DELETE CASCADE,
    PRIMARY KEY (key, cccid)
) WITHOUT ROWID;
CREATE INDEX account_block_keys_cccid ON account_block_keys (cccid);

-- Writes waiting for, or answered by, the central service. seq is the send order (oldest first);
-- id is the Idempotency-Key, made here once and reused on every retry.
CREATE TABLE outbox (
    seq             INTEGER PRIMARY KEY AUTOINCREMENT,
    id              TEXT NOT NULL UNIQUE,
    kind            TEXT NOT NULL CHECK (kind IN ('account.create', 'account.credentials')),
    cccid           TEXT NOT NULL,
    payload         TEXT NOT NULL,                    -- the exact JSON request body
    created_at      TEXT NOT NULL,                    -- server clock estimate, for display
    created_by      TEXT NOT NULL,
    state           TEXT NOT NULL DEFAULT 'queued'
                        CHECK (state IN ('queued', 'sent', 'confirmed', 'needs_attention',
                                         'needs_review', 'discarded')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT,                             -- laptop clock: only paces retries
    last_error      TEXT,                             -- a message for a person
    last_error_code TEXT,
    confirmed_at    TEXT,                             -- server clock
    confirmed_epoch TEXT,
    response        TEXT,                             -- the server's JSON answer
    ssn_scrubbed    INTEGER NOT NULL DEFAULT 0 CHECK (ssn_scrubbed IN (0, 1)),
    resend_reason   TEXT                              -- why it was queued again
);
CREATE INDEX outbox_state ON outbox (state, seq);
CREATE INDEX outbox_cccid ON outbox (cccid, seq);
-- An entry the server has not applied leaves the outbox only through a person's decision
-- (discard), which keeps the row.
CREATE TRIGGER outbox_keep_unanswered BEFORE DELETE ON outbox
    WHEN OLD.state NOT IN ('confirmed', 'discarded')
BEGIN
    SELECT RAISE(ABORT, 'outbox entries that the server has not answered are never deleted');
END;

-- CCCIDs the central service reserved for this workstation. expires_at is the server's clock.
CREATE TABLE leased_cccids (
    cccid      TEXT PRIMARY KEY,
    lease_id   INTEGER NOT NULL,
    expires_at TEXT NOT NULL,
    epoch      TEXT NOT NULL,
    used_by    TEXT UNIQUE REFERENCES outbox (id) ON UPDATE CASCADE
                   DEFERRABLE INITIALLY DEFERRED,
    used_at    TEXT                                   -- server clock estimate
);
CREATE INDEX leased_cccids_free ON leased_cccids (expires_at, cccid) WHERE used_by IS NULL;

-- What staff did on this workstation: who, what, when, where. Never a password, token or SSN.
CREATE TABLE audit_log (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    at             TEXT NOT NULL,                     -- server clock estimate
    laptop_at      TEXT NOT NULL,                     -- this computer's clock, as it read
    staff_username TEXT,
    workstation_id TEXT NOT NULL,
    action         TEXT NOT NULL,
    target         TEXT,
    outbox_id      TEXT,
    details        TEXT NOT NULL DEFAULT '{}'
);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;

-- Staff who signed in online here, so that they can unlock the app offline: an argon2id
-- verifier of their password (never the password), and what the server said about them.
CREATE TABLE staff_verifiers (
    username               TEXT PRIMARY KEY,
    display_name           TEXT NOT NULL,
    verifier               TEXT NOT NULL,
    role                   TEXT NOT NULL,
    college_code           TEXT,
    can_create             INTEGER NOT NULL CHECK (can_create IN (0, 1)),
    last_online_sign_in_at TEXT NOT NULL              -- server clock
);
"""

# "This is the student" becomes an outbox entry too, so the central service learns of the link.
# SQLite cannot change a CHECK constraint, so the outbox is rebuilt with its rows copied as they
# are (the runner turns foreign keys off for this and checks them all before committing).
_OUTBOX_LINKS = """
CREATE TABLE outbox_v2 (
    seq             INTEGER PRIMARY KEY AUTOINCREMENT,
    id              TEXT NOT NULL UNIQUE,
    kind            TEXT NOT NULL
                        CHECK (kind IN ('account.create', 'account.credentials', 'account.link')),
    cccid           TEXT NOT NULL,
    payload         TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    created_by      TEXT NOT NULL,
    state           TEXT NOT NULL DEFAULT 'queued'
                        CHECK (state IN ('queued', 'sent', 'confirmed', 'needs_attention',
                                         'needs_review', 'discarded')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT,
    last_error      TEXT,
    last_error_code TEXT,
    confirmed_at    TEXT,
    confirmed_epoch TEXT,
    response        TEXT,
    ssn_scrubbed    INTEGER NOT NULL DEFAULT 0 CHECK (ssn_scrubbed IN (0, 1)),
    resend_reason   TEXT
);
INSERT INTO outbox_v2 SELECT * FROM outbox;
DROP TRIGGER outbox_keep_unanswered;
DROP TABLE outbox;
ALTER TABLE outbox_v2 RENAME TO outbox;
CREATE INDEX outbox_state ON outbox (state, seq);
CREATE INDEX outbox_cccid ON outbox (cccid, seq);
CREATE TRIGGER outbox_keep_unanswered BEFORE DELETE ON outbox
    WHEN OLD.state NOT IN ('confirmed', 'discarded')
BEGIN
    SELECT RAISE(ABORT, 'outbox entries that the server has not answered are never deleted');
END;
"""

# Spreadsheet imports, saved as they go so that closing the app or a crash resumes where it
# stopped. A row's status moves to created/linked in the same transaction as its outbox entry,
# so a resumed commit never creates a row twice. Row values may hold an SSN until the row is
# created (then it is removed, as in the outbox).
_IMPORTS = """
CREATE TABLE import_sessions (
    id               TEXT PRIMARY KEY,
    created_at       TEXT NOT NULL,                   -- server clock estimate
    created_by       TEXT NOT NULL,
    updated_at       TEXT NOT NULL,
    file_name        TEXT NOT NULL,
    sheet            TEXT NOT NULL,
    headers          TEXT NOT NULL,                   -- JSON list, the file's header row
    header_signature TEXT NOT NULL,
    mapping          TEXT NOT NULL,                   -- JSON list: field name or null per column
    date_order       TEXT CHECK (date_order IN ('mdy', 'dmy')),
    step             TEXT NOT NULL DEFAULT 'fix'
                         CHECK (step IN ('fix', 'review', 'commit', 'done', 'cancelled')),
    row_count        INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE import_rows (
    session_id      TEXT NOT NULL REFERENCES import_sessions (id) ON DELETE CASCADE,
    row_no          INTEGER NOT NULL,                 -- the spreadsheet's row number
    cells           TEXT NOT NULL,                    -- JSON list: the input columns as text
    fields          TEXT NOT NULL,                    -- JSON {field: text} after mapping and edits
    problems        TEXT NOT NULL DEFAULT '{}',       -- JSON {field: message}
    student         TEXT,                             -- the validated account, no SSN (or NULL)
    candidates      TEXT NOT NULL DEFAULT '[]',       -- JSON list, best first
    best_band       TEXT CHECK (best_band IN ('certain', 'probable', 'possible')),
    central_checked INTEGER NOT NULL DEFAULT 0 CHECK (central_checked IN (0, 1)),
    decision        TEXT CHECK (decision IN ('create', 'link', 'skip')),
    decided_by      TEXT,                             -- a username, or 'default'
    link_cccid      TEXT,
    reason          TEXT,
    status          TEXT NOT NULL DEFAULT 'pending'
                        CHECK (status IN ('pending', 'created', 'linked', 'skipped', 'error')),
    cccid           TEXT,
    outbox_id       TEXT,
    message         TEXT,
    PRIMARY KEY (session_id, row_no)
) WITHOUT ROWID;
CREATE INDEX import_rows_status ON import_rows (session_id, status, row_no);
"""

# Each cached account's prepared form for the matcher (app/services/matching/cards.py), written
# with its blocking keys: checking a spreadsheet against a large cache then reads a short card
# per candidate instead of parsing and preparing the account's JSON (the larger part of the
# cost). Kept apart from `accounts` so that candidates' cards share pages (one page decrypted
# brings ~15 cards, against one account). Filled for existing accounts in the background, as
# blocking keys are rebuilt (app/services/store/block_keys.py); a missing or stale card only
# means that account is prepared from its JSON.
_MATCH_CARDS = """
CREATE TABLE account_match_cards (
    cccid TEXT PRIMARY KEY REFERENCES accounts (cccid) ON DELETE CASCADE,
    card  TEXT NOT NULL
) WITHOUT ROWID;
"""

# When each created row's slip (its temporary password) was given to staff: printed from the
# wizard's preview or written to a slips PDF by the command line. NULL on a created row means no
# person has seen its password (a crash between commit and printing, or a command-line commit
# without --slips): the password was never stored, so the app offers new passwords and slips for
# those rows. Rows created before this column existed are marked given: nothing recorded it, and
# offering new slips for every old import would void slips students already hold.
_IMPORT_SLIPS = """
ALTER TABLE import_rows ADD COLUMN slip_at TEXT;
UPDATE import_rows SET slip_at = (SELECT updated_at FROM import_sessions s WHERE s.id = session_id)
    WHERE status = 'created';
"""

MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "initial", _INITIAL),
    Migration(2, "outbox carries links", _OUTBOX_LINKS),
    Migration(3, "spreadsheet imports", _IMPORTS),
    Migration(4, "match cards", _MATCH_CARDS),
    Migration(5, "import slips", _IMPORT_SLIPS),
)
"""Every schema version this release knows, oldest first."""
