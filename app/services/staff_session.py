"""Who is at the desk: sign in online (the server vouches), or unlock offline (a local verifier).

An online sign-in stores the tokens in the keyring (through :class:`CentralClient`) and an
argon2id verifier of the password in the local store, so the same person can unlock this
workstation later without a network. An offline unlock proves only who is at the desk: the server
still checks the role and access of every upload, with a fresh online sign-in.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Final

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError

from app.models.staff import Permission, Role, role_allows
from app.services.central_client import CentralClient
from app.services.store import LocalStore, audit, settings, verifiers
from app.services.store.verifiers import StaffVerifier

# OWASP's argon2id minimum, as for temporary passwords (DESIGN.md): tens of ms per unlock.
_VERIFIER_HASHER: Final = PasswordHasher(
    time_cost=2, memory_cost=19 * 1024, parallelism=1, type=Type.ID
)

OFFLINE_UNLOCK_MAX_AGE: Final = dt.timedelta(days=30)
"""How long after the last online sign-in offline unlock still works (server clock)."""


class UnlockError(Exception):
    """Offline unlock refused; ``str()`` is a message for a person."""


@dataclass(frozen=True)
class StaffIdentity:
    """The staff member at the desk, as the server last described them."""

    username: str
    display_name: str
    role: Role
    college_code: str | None
    can_create: bool

    @property
    def may_create_accounts(self) -> bool:
        """True when this person may create accounts (role and approved access)."""
        return self.can_create and role_allows(self.role, Permission.CREATE_ACCOUNTS)


def sign_in_online(
    store: LocalStore, client: CentralClient, username: str, password: str
) -> StaffIdentity:
    """Sign in against the central service; remember a verifier for offline unlock and the
    college's name and intake mailbox.

    Raises the client's errors (``SignInRequiredError`` for a wrong password, ``OfflineError``
    without a network).
    """
    tokens = client.login(username, password)
    staff = tokens.staff
    identity = StaffIdentity(
        username=staff.username,
        display_name=staff.display_name,
        role=staff.role,
        college_code=staff.college_code,
        can_create=staff.has_approved_access,
    )
    verifier = _VERIFIER_HASHER.hash(password)
    now = store.server_now()
    with store.transaction() as conn:
        # The college's name and mailbox, as the sign-in answered them, for every later start
        # and offline day: slips and the window's title show the name, never "College 861".
        if staff.college_name:
            settings.COLLEGE_NAME.put(conn, staff.college_name)
        if staff.intake_mailbox:
            settings.INTAKE_MAILBOX.put(conn, staff.intake_mailbox)
        verifiers.save(
            conn,
            StaffVerifier(
                username=identity.username,
                display_name=identity.display_name,
                verifier=verifier,
                role=identity.role.value,
                college_code=identity.college_code,
                can_create=identity.can_create,
                last_online_sign_in_at=now,
            ),
        )
        audit.record(
            conn,
            action="staff.sign_in",
            staff_username=identity.username,
            server_time=now,
            laptop_time=store.clock(),
            details={"online": True},
        )
    return identity


def unlock_offline(store: LocalStore, username: str, password: str) -> StaffIdentity:
    """Check ``password`` against the verifier kept from the last online sign-in."""
    with store.read() as conn:
        known = verifiers.load(conn, username)
    refused = UnlockError(
        "The username or password is not right, or this person has not signed in online on "
        "this workstation yet. Connect to the network and sign in once."
    )
    if known is None:
        raise refused
    try:
        _VERIFIER_HASHER.verify(known.verifier, password)
    except (VerificationError, InvalidHashError):
        raise refused from None
    now = store.server_now()
    if now - known.last_online_sign_in_at > OFFLINE_UNLOCK_MAX_AGE:
        raise UnlockError(
            f"{known.display_name} last signed in online more than "
            f"{OFFLINE_UNLOCK_MAX_AGE.days} days ago. Connect to the network and sign in."
        )
    with store.transaction() as conn:
        audit.record(
            conn,
            action="staff.sign_in",
            staff_username=known.username,
            server_time=now,
            laptop_time=store.clock(),
            details={"online": False},
        )
    return StaffIdentity(
        username=known.username,
        display_name=known.display_name,
        role=Role(known.role),
        college_code=known.college_code,
        can_create=known.can_create,
    )
