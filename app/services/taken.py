"""Refuse, before an account is made and its slip printed, an identifier another account holds.

The central service refuses a create whose email belongs to another account
(:mod:`app.models.unique`). A slip printed for such a create hands a student credentials for an
account that will never exist, so the desk asks first: this college's accounts kept here always
(offline too, including accounts made here and not yet uploaded), and, online, the service's
duplicate check, which says what any college's accounts already hold.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from app.models.api import TakenIdentifier
from app.models.unique import HOW_TO_LINK, taken_message
from app.services.store import Conn, accounts


class IdentifierTakenError(ValueError):
    """A value the student gave already belongs to another account; ``str()`` names the field,
    the value, the account holding it and the fixes."""

    def __init__(self, taken: Sequence[TakenIdentifier], *, link: str = HOW_TO_LINK) -> None:
        self.taken = list(taken)
        super().__init__(describe(self.taken, link=link))


def describe(taken: Iterable[TakenIdentifier], *, link: str = HOW_TO_LINK) -> str:
    """Each taken identifier in words: the field, the value, the account and the fixes."""
    return " ".join(taken_message(t.field, t.value, t.cccid, link=link) for t in taken)


def taken_here(
    conn: Conn, email: str | None, *, exclude: str | None = None
) -> list[TakenIdentifier]:
    """What this workstation's accounts already hold of a student with ``email`` (``exclude``:
    the account being corrected, which keeps its own)."""
    if not email:
        return []
    holder = accounts.email_holders(conn, [email], exclude=exclude).get(email.lower())
    return [] if holder is None else [_taken(email, holder)]


def merged(
    *answers: Iterable[TakenIdentifier], exclude: str | None = None
) -> list[TakenIdentifier]:
    """One entry per field and value (the first answer's holder wins), never ``exclude``."""
    seen: dict[tuple[str, str], TakenIdentifier] = {}
    for answer in answers:
        for taken in answer:
            if taken.cccid != exclude:
                seen.setdefault((taken.field, taken.value.lower()), taken)
    return list(seen.values())


def refuse_taken(taken: Sequence[TakenIdentifier], *, link: str = HOW_TO_LINK) -> None:
    """Raise :class:`IdentifierTakenError` when anything is taken."""
    if taken:
        raise IdentifierTakenError(taken, link=link)


def _taken(email: str, cccid: str) -> TakenIdentifier:
    return TakenIdentifier(field="email", value=email, cccid=cccid)
