"""The person record the matcher compares: a plain, Qt-free, database-free value object."""

from __future__ import annotations

import datetime
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class PersonRecord:
    """What the matcher knows about one person (an existing account or an incoming applicant).

    Every field is optional: a blank field is never evidence for or against a match. Values are
    taken as typed; all normalisation (case, accents, punctuation, "Street" vs "St") happens in
    :mod:`app.services.matching.normalize`.
    """

    first_name: str | None = None
    middle_name: str | None = None
    last_name: str | None = None
    suffix: str | None = None
    birthdate: datetime.date | None = None
    email: str | None = None
    """Compared case-insensitively."""
    phones: tuple[str, ...] = ()
    """E.164 strings, already normalised by the caller."""
    street1: str | None = None
    street2: str | None = None
    city: str | None = None
    state: str | None = None
    postal_code: str | None = None
    ssn_token: str | None = None
    """An opaque comparable token (raw digits or an HMAC digest); compared for equality only."""
