"""CCCID leases: blocks of CCCIDs reserved for one workstation, so that an account created offline
carries its final CCCID on the printed slip.

IDs come from the same never-reused sequence as online creates. A leased ID belongs to its lease
forever: when the lease expires the workstation stops using what is left, and nobody else is ever
given those IDs (they are burnt, like any sequence gap).
"""

from __future__ import annotations

import uuid

from app.models.api import LeaseOut
from app.models.cccid import cccid_from_sequence
from app.models.staff import Permission
from central.config import Settings
from central.db.pool import Connection
from central.errors import invalid
from central.services import audit
from central.services.actor import Actor


def lease_block(
    conn: Connection, actor: Actor, size: int, key: uuid.UUID, settings: Settings
) -> LeaseOut:
    """Reserve ``size`` CCCIDs for the actor's workstation."""
    actor.require(Permission.CREATE_ACCOUNTS)
    assert actor.college_id is not None and actor.workstation_id is not None
    if size > settings.lease_max_size:
        raise invalid("size", f"A lease holds at most {settings.lease_max_size} CCCIDs.")
    lease = conn.execute(
        "INSERT INTO cccid_leases (college_id, staff_id, workstation_id, expires_at)"
        " VALUES (%s, %s, %s, now() + %s) RETURNING id, issued_at, expires_at",
        (actor.college_id, actor.staff_id, actor.workstation_id, settings.lease_ttl),
    ).fetchone()
    assert lease is not None
    numbers = conn.execute(
        "SELECT nextval('cccid_seq') AS n FROM generate_series(1, %s) ORDER BY 1", (size,)
    ).fetchall()
    cccids = [cccid_from_sequence(int(r["n"])) for r in numbers]
    with conn.cursor() as cur:
        cur.executemany(
            "INSERT INTO leased_cccids (cccid, lease_id) VALUES (%s, %s)",
            [(c, lease["id"]) for c in cccids],
        )
    audit.record(
        conn,
        actor,
        "cccid.lease",
        f"lease {lease['id']}",
        idempotency_key=key,
        details={"size": size, "first": cccids[0], "last": cccids[-1]},
    )
    return LeaseOut(
        lease_id=lease["id"],
        workstation_id=actor.workstation_id,
        issued_at=lease["issued_at"],
        expires_at=lease["expires_at"],
        cccids=cccids,
    )


def open_leases(conn: Connection, actor: Actor) -> list[LeaseOut]:
    """Unexpired leases of the actor's workstation with the IDs still unused."""
    actor.require(Permission.CREATE_ACCOUNTS)
    rows = conn.execute(
        "SELECT s.id, s.workstation_id, s.issued_at, s.expires_at,"
        " array_agg(l.cccid ORDER BY l.cccid) FILTER (WHERE l.used_at IS NULL) AS unused"
        " FROM cccid_leases s JOIN leased_cccids l ON l.lease_id = s.id"
        " WHERE s.workstation_id = %s AND s.college_id = %s AND s.expires_at > now()"
        " GROUP BY s.id ORDER BY s.id",
        (actor.workstation_id, actor.college_id),
    ).fetchall()
    return [
        LeaseOut(
            lease_id=r["id"],
            workstation_id=r["workstation_id"],
            issued_at=r["issued_at"],
            expires_at=r["expires_at"],
            cccids=list(r["unused"] or []),
        )
        for r in rows
    ]
