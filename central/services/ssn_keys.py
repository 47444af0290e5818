"""The SSN key against the database: the start-up check, and rotation.

The database keeps only a check value of the key (``ssn_key_check``), never the key. A running
service holds a shared advisory lock for its whole life; a rotation takes the same lock exclusively,
so a rotation and a running service (which would go on writing digests under the old key) can
never overlap.
"""

from __future__ import annotations

import logging
from pathlib import Path

from central.db.pool import Connection
from central.services.duplicates import person_from_row, store_block_keys
from central.ssn_key import SsnKey, SsnKeyError, layers_hint, pending_path

log = logging.getLogger("central")

# Any fixed number: the same for every process of this service (not the migration lock's).
SSN_KEY_LOCK_ID = 7_161_002
_BATCH = 1000

LEGACY_PEPPER_MESSAGE = (
    "This database still holds its own SSN key (made by an older release), so anyone who reads "
    "a copy of it could recover every SSN. Move the key out once, with the service stopped: "
    "`python -m central admin rotate-ssn-key --ssn-key-file FILE` plus the database option you "
    "use, then start with --ssn-key-file FILE."
)


def _legacy_pepper(conn: Connection) -> bytes | None:
    row = conn.execute(
        "SELECT value FROM server_secrets WHERE name = 'ssn_pepper'"
    ).fetchone()
    return bytes(row["value"]) if row else None


def _any_digest(conn: Connection) -> bool:
    row = conn.execute("SELECT 1 FROM accounts WHERE ssn_digest IS NOT NULL LIMIT 1").fetchone()
    return row is not None


def verify(conn: Connection, key: SsnKey, key_file: Path | None = None) -> None:
    """Refuse (SsnKeyError) unless ``key`` is the key this database's digests were made with.

    The first start of a database without digests records the key's check value.
    """
    if _legacy_pepper(conn) is not None:
        raise SsnKeyError(LEGACY_PEPPER_MESSAGE)
    row = conn.execute("SELECT layers, check_value FROM ssn_key_check").fetchone()
    if row is None:
        if _any_digest(conn):
            raise SsnKeyError(
                "This database holds SSN digests but no record of the key they were made with; "
                "restore the ssn_key_check table from the same backup as the accounts."
            )
        conn.execute(
            "INSERT INTO ssn_key_check (layers, check_value) VALUES (%s, %s)",
            (len(key.layers), key.check_value()),
        )
        log.info("SSN key recorded for this database (%s layer(s))", len(key.layers))
        return
    if bytes(row["check_value"]) != key.check_value():
        candidates = [pending_path(key_file)] if key_file is not None else []
        raise SsnKeyError(layers_hint(int(row["layers"]), key, candidates))


def hold_shared_lock(conn: Connection) -> None:
    """Taken by a running service on a connection it keeps open: no rotation while it runs."""
    row = conn.execute(
        "SELECT pg_try_advisory_lock_shared(%s) AS ok", (SSN_KEY_LOCK_ID,)
    ).fetchone()
    if row is None or not row["ok"]:
        raise SsnKeyError(
            "An SSN key rotation is running on this database; start the service when it ends."
        )


def rotate(conn: Connection, current: SsnKey | None) -> tuple[SsnKey, int]:
    """Add a layer to the SSN key and rewrap every stored digest with it, in the caller's
    transaction. Returns the new key and how many accounts were rewrapped.

    ``current`` is the key in use; None only for a database that still holds its own key (an
    older release), whose key then becomes the first layer and leaves the database.
    """
    row = conn.execute(
        "SELECT pg_try_advisory_xact_lock(%s) AS ok", (SSN_KEY_LOCK_ID,)
    ).fetchone()
    if row is None or not row["ok"]:
        raise SsnKeyError(
            "A central service is running on this database. Stop every service process first: "
            "digests written under the old key during a rotation would be lost to duplicate "
            "checks."
        )
    legacy = _legacy_pepper(conn)
    if legacy is not None:
        if current is not None and current.layers[0] != legacy:
            raise SsnKeyError(
                "This database still holds its own SSN key; run the rotation without an "
                "existing key file so that it moves that key out."
            )
        base = SsnKey((legacy,))
        conn.execute("DELETE FROM server_secrets WHERE name = 'ssn_pepper'")
        # The check row, if any, belonged to no key in use; the new one replaces it below.
    elif current is None:
        raise SsnKeyError(
            "Rotation needs the current SSN key: give --ssn-key-file with the file in use."
        )
    else:
        verify(conn, current)
        base = current
    new_key = base.with_new_layer()
    # Desks never see a digest, so a rewrap is not a change they need to pull: without this the
    # stamp trigger would send every account with an SSN down the change feed again.
    conn.execute("ALTER TABLE accounts DISABLE TRIGGER accounts_stamp_change")
    rewrapped = 0
    last_id = 0
    while True:
        batch = conn.execute(
            "SELECT id, ssn_digest FROM accounts WHERE ssn_digest IS NOT NULL AND id > %s"
            " ORDER BY id LIMIT %s FOR UPDATE",
            (last_id, _BATCH),
        ).fetchall()
        if not batch:
            break
        with conn.cursor() as cur:
            cur.executemany(
                "UPDATE accounts SET ssn_digest = %s WHERE id = %s",
                [(new_key.wrap(bytes(r["ssn_digest"])), r["id"]) for r in batch],
            )
        ids = [r["id"] for r in batch]
        for account in conn.execute(
            "SELECT * FROM accounts WHERE id = ANY(%s)", (ids,)
        ).fetchall():
            # The SSN's blocking key is made from the digest, so it moves with it.
            store_block_keys(conn, int(account["id"]), person_from_row(account))
        rewrapped += len(batch)
        last_id = ids[-1]
    conn.execute("ALTER TABLE accounts ENABLE TRIGGER accounts_stamp_change")
    conn.execute(
        "INSERT INTO ssn_key_check (singleton, layers, check_value, set_at)"
        " VALUES (true, %s, %s, now()) ON CONFLICT (singleton) DO UPDATE SET"
        " layers = EXCLUDED.layers, check_value = EXCLUDED.check_value, set_at = now()",
        (len(new_key.layers), new_key.check_value()),
    )
    return new_key, rewrapped
