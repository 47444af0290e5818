"""The encrypted local store: encryption at rest, keys only in the keyring, migrations that keep
the outbox and refuse a newer database (DESIGN.md guarantee 8 and "Security")."""

from __future__ import annotations

import datetime as dt
import sqlite3
import uuid
from pathlib import Path

import keyring
import keyring.backends.fail
import pytest
import sqlcipher3

from app.services.clock import utc_now
from app.services.secrets import NoSecureKeyringError, SecretStore
from app.services.store import (
    DB_KEY_NAME,
    MIGRATIONS,
    DatabaseTooNewError,
    LocalStore,
    Migration,
    MigrationError,
    MissingKeyError,
    WrongKeyError,
    accounts,
    audit,
    block_keys,
    leases,
    open_default_store,
    outbox,
)
from app.services.store import imports as import_store
from tests.support.desk import scalar
from tests.support.memory_keyring import MemoryKeyring
from tests.support.students import random_ssn, student_fields

NAME = "Zebulonia"


def _fill(store: LocalStore, entries: int = 3) -> list[str]:
    """Queue ``entries`` creates (with an SSN) and cache the accounts, as a desk would."""
    ids = []
    now = utc_now()
    with store.transaction() as conn:
        for n in range(entries):
            fields = student_fields(
                last_name=NAME, first_name="Ada", ssn=random_ssn(), ssn_status="provided"
            )
            entry_id = str(uuid.uuid4())
            cccid = f"AAA{n + 1:04d}"
            outbox.enqueue(
                conn,
                entry_id=entry_id,
                kind="account.create",
                cccid=cccid,
                payload={"student": fields.model_dump(mode="json"), "cccid": cccid},
                created_at=now,
                created_by="creator_a",
            )
            accounts.insert_pending(
                conn, cccid=cccid, college_code="861", student=fields, created_at=now
            )
            ids.append(entry_id)
    return ids


def _outbox_ids(store: LocalStore) -> list[str]:
    with store.read() as conn:
        return [r[0] for r in conn.execute("SELECT id FROM outbox ORDER BY seq")]


@pytest.fixture
def secret_store() -> SecretStore:
    return SecretStore(MemoryKeyring())


def test_file_is_encrypted_and_key_lives_only_in_the_keyring(
    tmp_path: Path, secret_store: SecretStore
) -> None:
    path = tmp_path / "local.db"
    with LocalStore.open(path, secret_store) as store:
        _fill(store)
        with store.read() as conn:
            assert scalar(conn, "PRAGMA journal_mode") == "wal"
            assert scalar(conn, "PRAGMA synchronous") == 2  # FULL
            assert scalar(conn, "PRAGMA foreign_keys") == 1
        raw = b"".join(p.read_bytes() for p in tmp_path.iterdir() if p.name.startswith("local"))
        assert NAME.encode() not in raw
        assert b"SQLite format 3" not in raw
    key = secret_store.get(DB_KEY_NAME)
    assert key is not None and len(key) == 64
    for plain in tmp_path.iterdir():
        assert key.encode() not in plain.read_bytes()

    # Without the key: plain SQLite cannot read it.
    with pytest.raises(sqlite3.DatabaseError, match="not a database"):
        sqlite3.connect(path).execute("SELECT * FROM sqlite_master").fetchall()
    # A keyring without the key: a clear refusal, and the file is left alone.
    with pytest.raises(MissingKeyError, match="key is not in this computer's keyring"):
        LocalStore.open(path, SecretStore(MemoryKeyring()))
    # Another key: a clear refusal, never garbage.
    wrong = SecretStore(MemoryKeyring())
    wrong.set(DB_KEY_NAME, "ab" * 32)
    with pytest.raises(WrongKeyError, match="cannot be opened with this workstation's key"):
        LocalStore.open(path, wrong)
    # The right key still opens it, with everything in it.
    with LocalStore.open(path, secret_store) as store, store.read() as conn:
        assert accounts.count(conn) == 3


def test_refuses_without_a_secure_keyring(tmp_path: Path) -> None:
    previous = keyring.get_keyring()
    keyring.set_keyring(keyring.backends.fail.Keyring())  # type: ignore[no-untyped-call]
    try:
        with pytest.raises(NoSecureKeyringError, match="will not store"):
            open_default_store(tmp_path / "local.db")
    finally:
        keyring.set_keyring(previous)
    assert not (tmp_path / "local.db").exists()


def test_ssn_is_never_in_the_cache_or_the_audit_trail(
    tmp_path: Path, secret_store: SecretStore
) -> None:
    with LocalStore.open(tmp_path / "local.db", secret_store) as store:
        fields = student_fields(ssn=random_ssn(), ssn_status="provided")
        digits = fields.ssn_digits()
        assert digits is not None
        with store.transaction() as conn:
            accounts.insert_pending(
                conn, cccid="AAA0001", college_code="861", student=fields, created_at=utc_now()
            )
            with pytest.raises(ValueError, match="secret"):
                audit.record(
                    conn,
                    action="x",
                    staff_username="a",
                    workstation_id="w",
                    server_time=utc_now(),
                    laptop_time=utc_now(),
                    details={"ssn": digits},
                )
        with store.read() as conn:
            dump = "\n".join(str(tuple(r)) for r in conn.execute("SELECT * FROM accounts"))
            keys = "\n".join(r[0] for r in conn.execute("SELECT key FROM account_block_keys"))
        assert digits not in dump and digits[-4:] in dump  # last four, as the server shows
        assert not any(k.startswith("ss:") for k in keys.splitlines())


def test_audit_log_and_unanswered_outbox_entries_cannot_be_deleted(
    tmp_path: Path, secret_store: SecretStore
) -> None:
    with LocalStore.open(tmp_path / "local.db", secret_store) as store:
        (entry,) = _fill(store, 1)
        with store.transaction() as conn:
            audit.record(
                conn,
                action="account.create",
                staff_username="a",
                workstation_id="w",
                server_time=utc_now(),
                laptop_time=utc_now(),
            )
        for statement in (
            "UPDATE audit_log SET action = 'x'",
            "DELETE FROM audit_log",
            f"DELETE FROM outbox WHERE id = '{entry}'",
        ):
            with pytest.raises(sqlcipher3.IntegrityError), store.transaction() as conn:
                conn.execute(statement)
        assert _outbox_ids(store) == [entry]


CURRENT = len(MIGRATIONS)
"""The schema version this release writes; test migrations come after it."""

OUTBOX_REBUILD = Migration(
    CURRENT + 1,
    "outbox_priority",
    """
    CREATE TABLE outbox_new (
        seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, kind TEXT NOT NULL,
        cccid TEXT NOT NULL, payload TEXT NOT NULL, created_at TEXT NOT NULL,
        created_by TEXT NOT NULL, state TEXT NOT NULL DEFAULT 'queued',
        attempts INTEGER NOT NULL DEFAULT 0, next_attempt_at TEXT, last_error TEXT,
        last_error_code TEXT, confirmed_at TEXT, confirmed_epoch TEXT, response TEXT,
        ssn_scrubbed INTEGER NOT NULL DEFAULT 0, resend_reason TEXT,
        priority INTEGER NOT NULL DEFAULT 0
    );
    INSERT INTO outbox_new (seq, id, kind, cccid, payload, created_at, created_by, state,
        attempts, next_attempt_at, last_error, last_error_code, confirmed_at, confirmed_epoch,
        response, ssn_scrubbed, resend_reason)
        SELECT seq, id, kind, cccid, payload, created_at, created_by, state, attempts,
        next_attempt_at, last_error, last_error_code, confirmed_at, confirmed_epoch, response,
        ssn_scrubbed, resend_reason FROM outbox;
    PRAGMA defer_foreign_keys = ON;
    DROP TABLE outbox;
    ALTER TABLE outbox_new RENAME TO outbox;
    CREATE TRIGGER outbox_keep_unanswered BEFORE DELETE ON outbox
        WHEN OLD.state NOT IN ('confirmed', 'discarded')
    BEGIN
        SELECT RAISE(ABORT, 'outbox entries that the server has not answered are never deleted');
    END;
    """,
)


def test_migration_backs_up_first_runs_in_one_transaction_and_keeps_the_outbox(
    tmp_path: Path, secret_store: SecretStore
) -> None:
    path = tmp_path / "local.db"
    with LocalStore.open(path, secret_store) as store:
        assert store.schema_version == CURRENT and store.migration.backup is None  # new: none
        ids = _fill(store)
    with LocalStore.open(path, secret_store, migrations=(*MIGRATIONS, OUTBOX_REBUILD)) as store:
        assert store.schema_version == CURRENT + 1
        assert store.migration.from_version == CURRENT
        assert store.migration.to_version == CURRENT + 1
        assert _outbox_ids(store) == ids
        with store.read() as conn:
            assert scalar(conn, "SELECT max(priority) FROM outbox") == 0
        backup = store.migration.backup
    assert (
        backup is not None and backup.exists() and backup.name.startswith(f"local.db.v{CURRENT}-")
    )
    # The backup is the database as it was, encrypted with the same key.
    with LocalStore.open(backup, secret_store) as old:
        assert old.schema_version == CURRENT
        assert _outbox_ids(old) == ids
    assert NAME.encode() not in backup.read_bytes()


def test_a_failing_migration_changes_nothing(tmp_path: Path, secret_store: SecretStore) -> None:
    path = tmp_path / "local.db"
    with LocalStore.open(path, secret_store) as store:
        ids = _fill(store)
    broken = Migration(
        CURRENT + 1,
        "broken",
        "CREATE TABLE half_done (x INTEGER);\nDELETE FROM settings;\nSELECT * FROM no_such_table;",
    )
    with pytest.raises(MigrationError, match="Nothing was changed") as raised:
        LocalStore.open(path, secret_store, migrations=(*MIGRATIONS, broken))
    assert "A copy taken before the update is at" in str(raised.value)
    with LocalStore.open(path, secret_store) as store:
        assert store.schema_version == CURRENT
        assert _outbox_ids(store) == ids
        with store.read() as conn:
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
        assert "half_done" not in tables


def test_a_migration_that_loses_outbox_entries_is_rolled_back(
    tmp_path: Path, secret_store: SecretStore
) -> None:
    path = tmp_path / "local.db"
    with LocalStore.open(path, secret_store) as store:
        ids = _fill(store)
    careless = Migration(
        CURRENT + 1,
        "careless",
        "DROP TRIGGER outbox_keep_unanswered;\nDELETE FROM outbox WHERE seq > 1;",
    )
    with pytest.raises(MigrationError, match="would have lost accounts"):
        LocalStore.open(path, secret_store, migrations=(*MIGRATIONS, careless))
    with LocalStore.open(path, secret_store) as store:
        assert _outbox_ids(store) == ids


def test_a_newer_database_is_refused(tmp_path: Path, secret_store: SecretStore) -> None:
    path = tmp_path / "local.db"
    with LocalStore.open(path, secret_store, migrations=(*MIGRATIONS, OUTBOX_REBUILD)):
        pass
    with pytest.raises(DatabaseTooNewError, match="newer version of Account Desk") as raised:
        LocalStore.open(path, secret_store)
    assert f"data version {CURRENT + 1}" in str(raised.value)


def test_new_epoch_requeues_confirmed_work_but_only_the_newest_slip(
    tmp_path: Path, secret_store: SecretStore
) -> None:
    with LocalStore.open(tmp_path / "local.db", secret_store) as store:
        now = utc_now()
        with store.transaction() as conn:
            for entry_id, kind in (("c", "account.create"), ("r1", "account.credentials"),
                                   ("r2", "account.credentials")):  # fmt: skip
                outbox.enqueue(
                    conn,
                    entry_id=entry_id,
                    kind=kind,  # type: ignore[arg-type]
                    cccid="AAA0001",
                    payload={},
                    created_at=now,
                    created_by="a",
                )
                outbox.confirm(
                    conn,
                    entry_id,
                    response={},
                    confirmed_at=now + dt.timedelta(seconds=1),
                    epoch="old",
                )
            assert outbox.requeue_for_new_epoch(conn, "new", "restored") == 2
            states = {
                e.id: (e.state, e.confirmed_epoch)
                for e in outbox.in_states(conn, ("queued", "confirmed"))
            }
        assert states == {
            "c": ("queued", "old"),
            "r1": ("confirmed", "new"),
            "r2": ("queued", "old"),
        }


def test_version_1_database_upgrades_keeping_outbox_leases_and_the_delete_guard(
    tmp_path: Path, secret_store: SecretStore
) -> None:
    path = tmp_path / "local.db"
    now = utc_now()
    with LocalStore.open(path, secret_store, migrations=MIGRATIONS[:1]) as store:
        with store.transaction() as conn:
            # Today's code writes match cards, which a version-1 file has no table for: a
            # temporary one takes them and goes with the connection, so the file stays version 1.
            conn.execute("CREATE TEMP TABLE account_match_cards (cccid PRIMARY KEY, card)")
        ids = _fill(store)
        with store.transaction() as conn:
            leases.add(conn, 7, now + dt.timedelta(days=30), ["AAB0001", "AAB0002"], "e")
            used = leases.take(conn, now, ids[0])
    with LocalStore.open(path, secret_store) as store:
        assert store.migration.from_version == 1 and store.schema_version == CURRENT
        assert _outbox_ids(store) == ids
        with store.read() as conn:  # no cards yet: the background rebuild writes them
            assert scalar(conn, "SELECT count(*) FROM account_match_cards") == 0
            assert block_keys.stale(conn)
        assert block_keys.rebuild(store) == len(ids)
        with store.read() as conn:
            assert scalar(conn, "SELECT count(*) FROM account_match_cards") == len(ids)
        with store.transaction() as conn:
            assert scalar(conn, "SELECT used_by FROM leased_cccids WHERE cccid = ?", used) == ids[0]
            assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
            outbox.enqueue(
                conn,
                entry_id="link-1",
                kind="account.link",
                cccid="AAA0001",
                payload={"considered_cccids": ["AAA0001"], "source": "single"},
                created_at=now,
                created_by="creator_a",
            )
        with pytest.raises(sqlcipher3.IntegrityError), store.transaction() as conn:
            conn.execute("DELETE FROM outbox WHERE id = ?", (ids[1],))
        assert _outbox_ids(store) == [*ids, "link-1"]


def test_a_migration_that_orphans_a_lease_is_rolled_back(
    tmp_path: Path, secret_store: SecretStore
) -> None:
    path = tmp_path / "local.db"
    now = utc_now()
    with LocalStore.open(path, secret_store) as store:
        ids = _fill(store, 1)
        with store.transaction() as conn:
            leases.add(conn, 7, now + dt.timedelta(days=30), ["AAB0001"], "e")
            leases.take(conn, now, ids[0])
            outbox.confirm(conn, ids[0], response={}, confirmed_at=now, epoch="e")
    orphaning = Migration(CURRENT + 1, "orphaning", "UPDATE outbox SET id = 'renamed';")
    with pytest.raises(MigrationError, match="pointing at nothing"):
        LocalStore.open(path, secret_store, migrations=(*MIGRATIONS, orphaning))
    with LocalStore.open(path, secret_store) as store:
        assert _outbox_ids(store) == ids
        with store.read() as conn:
            assert scalar(conn, "PRAGMA foreign_keys") == 1


def test_a_migration_checks_the_foreign_keys_it_may_have_broken_and_only_those(
    tmp_path: Path, secret_store: SecretStore
) -> None:
    """A whole-file check reads every blocking key of a large cache (minutes at a million
    accounts); the tables a migration names, and those pointing at them, are enough."""
    from app.services.store.migrate import tables_to_check

    with LocalStore.open(tmp_path / "local.db", secret_store) as store, store.read() as conn:
        by_version = {m.version: tables_to_check(conn, m.sql) for m in MIGRATIONS}
    # The outbox was rebuilt: it and the leases pointing at it are checked.
    assert {"outbox", "leased_cccids"} <= by_version[2]
    # Match cards point at accounts, but a new table cannot break the keys of accounts.
    assert by_version[4] == {"account_match_cards"}
    assert "account_block_keys" not in by_version[3] | by_version[4]


def test_version_4_imports_upgrade_with_their_printed_slips_marked(
    tmp_path: Path, secret_store: SecretStore
) -> None:
    """Version 4 recorded no slip printing: its created rows count as printed (offering new
    passwords for every old import would void slips students hold); pending rows stay open."""
    path = tmp_path / "local.db"
    stamp = "2026-10-01T09:00:00.000000+00:00"
    with (
        LocalStore.open(path, secret_store, migrations=MIGRATIONS[:4]) as store,
        store.transaction() as conn,
    ):
        conn.execute(
            "INSERT INTO import_sessions (id, created_at, created_by, updated_at, file_name,"
            " sheet, headers, header_signature, mapping, step) VALUES"
            " ('s', ?, 'a', ?, 'f.xlsx', 'Sheet1', '[]', 'x', '[]', 'done')",
            (stamp, stamp),
        )
        conn.executemany(
            "INSERT INTO import_rows (session_id, row_no, cells, fields, status, cccid)"
            " VALUES ('s', ?, '[]', '{}', ?, ?)",
            [(2, "created", "AAA0001"), (3, "pending", None), (4, "skipped", None)],
        )
    with LocalStore.open(path, secret_store) as store:
        assert store.migration.from_version == 4 and store.schema_version == CURRENT
        with store.read() as conn:
            marks = dict(conn.execute("SELECT row_no, slip_at FROM import_rows").fetchall())
            assert marks == {2: stamp, 3: None, 4: None}
            assert import_store.unfinished_sessions(conn) == []
