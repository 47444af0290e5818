"""The one way tests make a student.

* :func:`student` / :func:`student_fields`: a valid student unlike every other one made in this
  process (random name, birthdate, email, street, ZIP), as a request body's ``student`` dict or as
  the desk's :class:`StudentFields`; for tests where students must not match each other.
* :func:`known_student` / :func:`known_student_fields`: always the same valid student (Maria
  Lopez, born 2001-04-30, Sacramento), only the required fields; for tests that change one thing
  at a time or check what is shown.
* :func:`random_ssn`: a valid SSN, different every call.

``overrides`` replace fields in all of them.
"""

from __future__ import annotations

import datetime as dt
import itertools
import secrets
import string
from typing import Any

from app.models.account import StudentFields

_counter = itertools.count(1)

_FIRST_NAMES = ("Marisol", "Deshawn", "Linh", "Gabriel", "Priya", "Tavita", "Oksana", "Kwame")


def _letters(n: int) -> str:
    """A random lower-case word of ``n`` letters (names may not hold digits)."""
    return "".join(secrets.choice(string.ascii_lowercase) for _ in range(n))


def student(**overrides: Any) -> dict[str, Any]:
    """A valid student unlike every other one made here; ``overrides`` replace fields."""
    n = next(_counter)
    unique = _letters(8)
    base: dict[str, Any] = {
        "first_name": _FIRST_NAMES[n % len(_FIRST_NAMES)],
        "middle_name": None,
        "last_name": f"Q{unique}",
        "birthdate": (
            dt.date(1960, 1, 1) + dt.timedelta(days=secrets.randbelow(15000))
        ).isoformat(),
        "email": f"student.{unique}@example.edu",
        "street1": f"{100 + n} {unique.title()} St",
        "city": "Sacramento",
        "state": "CA",
        "postal_code": f"9{secrets.randbelow(10000):04d}",
        "country": "US",
    }
    base.update(overrides)
    return base


def student_fields(**overrides: Any) -> StudentFields:
    """A valid, unique student as the desk's form would submit it."""
    return StudentFields.model_validate(student(**overrides))


def known_student(**overrides: Any) -> dict[str, Any]:
    """Always the same complete, valid set of account fields; tests change one thing at a time."""
    data: dict[str, Any] = {
        "first_name": "Maria",
        "last_name": "Lopez",
        "birthdate": dt.date(2001, 4, 30),
        "street1": "1020 N Street",
        "city": "Sacramento",
        "state": "CA",
        "postal_code": "95814",
    }
    data.update(overrides)
    return data


def known_student_fields(**overrides: Any) -> StudentFields:
    """:func:`known_student` as :class:`StudentFields`."""
    return StudentFields.model_validate(known_student(**overrides))


def random_ssn() -> str:
    """A valid SSN (area 001-665, group 01-99, serial 0001-9999), different every call."""
    area = 1 + secrets.randbelow(665)
    return f"{area:03d}-{1 + secrets.randbelow(99):02d}-{1 + secrets.randbelow(9999):04d}"
