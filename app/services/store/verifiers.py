"""Staff verifiers for signing in while offline.

When a staff member signs in online, the server vouches for their password, role and college; the
desk then keeps an argon2id verifier of the password (never the password) so that the same person
can unlock the app later without a network. The verifier only unlocks this workstation: every
write is still checked by the server, with a fresh sign-in, when it is uploaded.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from app.services.clock import from_db, to_db
from app.services.store.types import Conn


@dataclass(frozen=True)
class StaffVerifier:
    """What the desk remembers about a staff member who signed in online here."""

    username: str
    display_name: str
    verifier: str
    role: str
    college_code: str | None
    can_create: bool
    last_online_sign_in_at: dt.datetime

    def __repr__(self) -> str:
        return f"StaffVerifier(username={self.username!r}, role={self.role!r})"


def save(conn: Conn, verifier: StaffVerifier) -> None:
    """Remember (or refresh) a staff member after an online sign-in."""
    conn.execute(
        "INSERT INTO staff_verifiers (username, display_name, verifier, role, college_code,"
        " can_create, last_online_sign_in_at) VALUES (?, ?, ?, ?, ?, ?, ?)"
        " ON CONFLICT (username) DO UPDATE SET display_name = excluded.display_name,"
        " verifier = excluded.verifier, role = excluded.role,"
        " college_code = excluded.college_code, can_create = excluded.can_create,"
        " last_online_sign_in_at = excluded.last_online_sign_in_at",
        (
            verifier.username,
            verifier.display_name,
            verifier.verifier,
            verifier.role,
            verifier.college_code,
            1 if verifier.can_create else 0,
            to_db(verifier.last_online_sign_in_at),
        ),
    )


def load(conn: Conn, username: str) -> StaffVerifier | None:
    """The verifier for ``username`` (lower case), or None."""
    row = conn.execute(
        "SELECT * FROM staff_verifiers WHERE username = ?", (username.strip().lower(),)
    ).fetchone()
    if row is None:
        return None
    return StaffVerifier(
        username=row["username"],
        display_name=row["display_name"],
        verifier=row["verifier"],
        role=row["role"],
        college_code=row["college_code"],
        can_create=bool(row["can_create"]),
        last_online_sign_in_at=from_db(row["last_online_sign_in_at"]),
    )


def forget(conn: Conn, username: str) -> None:
    """Remove a staff member's verifier (deactivated, or signed out for good)."""
    conn.execute("DELETE FROM staff_verifiers WHERE username = ?", (username.strip().lower(),))
