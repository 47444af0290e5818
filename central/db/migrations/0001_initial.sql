-- Central identity service: initial schema.
-- Applied by central/db/migrate.py inside one transaction together with the version bump.

-- One row: the server's epoch. A new epoch id means "this database was restored or replaced":
-- clients then re-send every outbox entry the server has not confirmed and pull from zero.
CREATE TABLE server_epoch (
    singleton          boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    epoch              uuid        NOT NULL,
    fingerprint        text        NOT NULL,
    started_at         timestamptz NOT NULL DEFAULT now()
);

-- Server-side secrets made at install time (the SSN pepper). An environment variable may
-- override it so that the pepper can live outside the database.
CREATE TABLE server_secrets (
    name   text  PRIMARY KEY,
    value  bytea NOT NULL
);
-- Two version-4 UUIDs from PostgreSQL's strong random source: 244 random bits, no extension needed.
INSERT INTO server_secrets (name, value)
VALUES ('ssn_pepper', decode(replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', ''), 'hex'));

CREATE TABLE colleges (
    id              bigserial PRIMARY KEY,
    code            varchar(3)  NOT NULL UNIQUE,
    name            varchar(120) NOT NULL,
    intake_mailbox  varchar(254),
    created_at      timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE staff (
    id              bigserial PRIMARY KEY,
    college_id      bigint REFERENCES colleges(id),
    username        varchar(64) NOT NULL UNIQUE CHECK (username = lower(username)),
    display_name    varchar(120) NOT NULL,
    password_hash   text NOT NULL,
    role            text NOT NULL CHECK (role IN ('viewer', 'creator', 'college_admin', 'system_admin')),
    active          boolean NOT NULL DEFAULT true,
    failed_logins   integer NOT NULL DEFAULT 0,
    locked_until    timestamptz,
    created_at      timestamptz NOT NULL DEFAULT now(),
    -- Everyone but a system administrator belongs to exactly one college.
    CHECK ((role = 'system_admin') OR (college_id IS NOT NULL))
);

-- Opaque bearer tokens; only their SHA-256 is stored.
CREATE TABLE staff_tokens (
    token_hash      bytea PRIMARY KEY,
    staff_id        bigint NOT NULL REFERENCES staff(id),
    kind            text NOT NULL CHECK (kind IN ('access', 'refresh')),
    family          uuid NOT NULL,
    workstation_id  varchar(64),
    issued_at       timestamptz NOT NULL DEFAULT now(),
    expires_at      timestamptz NOT NULL,
    revoked_at      timestamptz
);
CREATE INDEX staff_tokens_family ON staff_tokens (family);

-- Access to account creation is granted only on a college administrator's approval.
CREATE TABLE access_requests (
    id              bigserial PRIMARY KEY,
    staff_id        bigint NOT NULL REFERENCES staff(id),
    college_id      bigint NOT NULL REFERENCES colleges(id),
    status          text NOT NULL CHECK (status IN ('pending', 'approved', 'denied', 'revoked')),
    reason          varchar(500) NOT NULL DEFAULT '',
    requested_at    timestamptz NOT NULL DEFAULT now(),
    decided_by      bigint REFERENCES staff(id),
    decided_at      timestamptz,
    decision_note   varchar(500),
    CHECK (decided_by IS NULL OR decided_by <> staff_id)
);
CREATE UNIQUE INDEX access_requests_one_open ON access_requests (staff_id)
    WHERE status IN ('pending', 'approved');

-- CCCIDs come from one integer sequence mapped to AAA0001.. (app/models/cccid.py).
-- Sequences never hand out a value twice, even when a transaction rolls back: never reused.
CREATE SEQUENCE cccid_seq AS bigint MINVALUE 1 MAXVALUE 138226176 NO CYCLE;

CREATE TABLE cccid_leases (
    id              bigserial PRIMARY KEY,
    college_id      bigint NOT NULL REFERENCES colleges(id),
    staff_id        bigint NOT NULL REFERENCES staff(id),
    workstation_id  varchar(64) NOT NULL,
    issued_at       timestamptz NOT NULL DEFAULT now(),
    expires_at      timestamptz NOT NULL
);

CREATE TABLE leased_cccids (
    cccid           varchar(8) PRIMARY KEY,
    lease_id        bigint NOT NULL REFERENCES cccid_leases(id),
    used_at         timestamptz
);
CREATE INDEX leased_cccids_lease ON leased_cccids (lease_id);

-- Every change to an account moves it to the end of the change feed. change_txid is the writing
-- transaction's id: the feed only returns rows whose transaction is older than every transaction
-- still running, so a slow writer can never be skipped by a cursor that has moved past it.
CREATE SEQUENCE change_seq AS bigint;

CREATE TABLE accounts (
    id                      bigserial PRIMARY KEY,
    cccid                   varchar(8) NOT NULL UNIQUE CHECK (cccid ~ '^[A-HJ-NP-Z]{3}[0-9]{4}$'),
    college_id              bigint NOT NULL REFERENCES colleges(id),
    created_by              bigint NOT NULL REFERENCES staff(id),
    workstation_id          varchar(64) NOT NULL,
    created_at              timestamptz NOT NULL DEFAULT now(),
    updated_at              timestamptz NOT NULL DEFAULT now(),
    create_key              uuid NOT NULL UNIQUE,

    first_name              varchar(50),
    middle_name             varchar(50),
    last_name               varchar(50) NOT NULL,
    suffix                  varchar(3),
    preferred_first_name    varchar(50),
    preferred_middle_name   varchar(50),
    preferred_last_name     varchar(50),
    previous_first_name     varchar(50),
    previous_middle_name    varchar(50),
    previous_last_name      varchar(50),
    birthdate               date NOT NULL,
    email                   varchar(254),
    main_phone              varchar(19),
    main_phone_ext          varchar(4),
    main_phone_type         text,
    main_phone_text_ok      boolean NOT NULL DEFAULT false,
    main_phone_text_consent jsonb,
    second_phone            varchar(19),
    second_phone_ext        varchar(4),
    second_phone_type       text,
    second_phone_text_ok    boolean NOT NULL DEFAULT false,
    second_phone_text_consent jsonb,
    no_permanent_address    boolean NOT NULL DEFAULT false,
    street1                 varchar(50),
    street2                 varchar(50),
    city                    varchar(50),
    state                   char(2),
    postal_code             varchar(20),
    country                 char(2),
    -- The SSN itself is never stored: only a keyed digest (for duplicate checks) and the last 4.
    ssn_digest              bytea,
    ssn_last4               char(4),
    ssn_status              text NOT NULL DEFAULT 'not_asked',
    ssn_exception           boolean NOT NULL DEFAULT false,
    preferred_contact_method text,

    status                  text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'deactivated')),
    locked                  boolean NOT NULL DEFAULT false,
    credential_state        text NOT NULL DEFAULT 'pending'
                                CHECK (credential_state IN ('pending', 'reclaimed')),
    temp_password_hash      text,
    temp_password_issued_at timestamptz,
    temp_password_expires_at timestamptz,
    temp_password_used_at   timestamptz,
    created_with_lease      boolean NOT NULL DEFAULT false,
    review_state            text NOT NULL DEFAULT 'none'
                                CHECK (review_state IN ('none', 'needs_review', 'resolved')),
    review_reasons          jsonb NOT NULL DEFAULT '[]'::jsonb,
    review_candidates       jsonb NOT NULL DEFAULT '[]'::jsonb,
    review_resolution       jsonb,

    change_txid             xid8   NOT NULL,
    change_seq              bigint NOT NULL
);
CREATE UNIQUE INDEX accounts_email_unique ON accounts (lower(email)) WHERE email IS NOT NULL;
CREATE INDEX accounts_change_feed ON accounts (college_id, change_txid, change_seq);

CREATE FUNCTION accounts_stamp_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.change_txid := pg_current_xact_id();
    NEW.change_seq := nextval('change_seq');
    NEW.updated_at := now();
    RETURN NEW;
END $$;
CREATE TRIGGER accounts_stamp_change BEFORE INSERT OR UPDATE ON accounts
    FOR EACH ROW EXECUTE FUNCTION accounts_stamp_change();

-- Blocking keys from app/services/matching/keys.py: a duplicate check looks up the candidate's
-- keys here (an index search) instead of scanning accounts.
CREATE TABLE account_block_keys (
    key         text   NOT NULL,
    account_id  bigint NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    PRIMARY KEY (key, account_id)
);
CREATE INDEX account_block_keys_account ON account_block_keys (account_id);

-- "This is the student": staff linked a local record to an existing CCCID instead of creating.
CREATE TABLE account_links (
    id              bigserial PRIMARY KEY,
    account_id      bigint NOT NULL REFERENCES accounts(id),
    college_id      bigint NOT NULL REFERENCES colleges(id),
    staff_id        bigint NOT NULL REFERENCES staff(id),
    workstation_id  varchar(64) NOT NULL,
    idempotency_key uuid NOT NULL UNIQUE,
    linked_at       timestamptz NOT NULL DEFAULT now()
);

-- Idempotency keys are kept for good: an outbox entry may arrive weeks late.
CREATE TABLE idempotency_keys (
    key             uuid PRIMARY KEY,
    staff_id        bigint NOT NULL REFERENCES staff(id),
    operation       text NOT NULL,
    request_hash    bytea NOT NULL,
    status_code     integer,
    response        jsonb,
    created_at      timestamptz NOT NULL DEFAULT now()
);

-- Append-only audit log. Never holds a password, a token or an SSN.
CREATE TABLE audit_log (
    id              bigserial PRIMARY KEY,
    at              timestamptz NOT NULL DEFAULT clock_timestamp(),
    staff_id        bigint REFERENCES staff(id),
    college_id      bigint REFERENCES colleges(id),
    workstation_id  varchar(64),
    action          text NOT NULL,
    target          text,
    idempotency_key uuid,
    details         jsonb NOT NULL DEFAULT '{}'::jsonb
);
CREATE INDEX audit_log_college_at ON audit_log (college_id, at);

CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only';
END $$;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
