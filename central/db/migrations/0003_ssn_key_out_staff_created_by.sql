-- The SSN key leaves the database it protects (central/ssn_key.py). The service reads the key at
-- start from a file or the environment; the database keeps only a check value that tells a wrong
-- key from the right one (a digest of a fixed text that is not an SSN).
CREATE TABLE ssn_key_check (
    singleton    boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    layers       integer NOT NULL CHECK (layers >= 1),
    check_value  bytea   NOT NULL,
    set_at       timestamptz NOT NULL DEFAULT now()
);
-- A pepper that protects no digest yet is forgotten at once (every new database: 0001 made one).
-- One that does is moved out by `python -m central admin rotate-ssn-key`; until then the service
-- refuses to start.
DELETE FROM server_secrets
 WHERE name = 'ssn_pepper'
   AND NOT EXISTS (SELECT 1 FROM accounts WHERE ssn_digest IS NOT NULL);

-- Who made each staff account (NULL: the operator's command line). Nobody approves an access
-- request of an account they made or were made by (central/services/staff.py).
ALTER TABLE staff ADD COLUMN created_by bigint REFERENCES staff(id);
CREATE INDEX staff_created_by ON staff (created_by);
-- Staff made before this column existed: the audit log says who made them.
UPDATE staff s
   SET created_by = a.staff_id
  FROM audit_log a
 WHERE a.action = 'staff.create' AND a.target = s.username AND a.staff_id IS NOT NULL
   AND a.staff_id <> s.id;
