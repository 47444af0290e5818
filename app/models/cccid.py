"""The CCCID: the systemwide California Community Colleges student identifier.

Three letters then four digits (``AAA0162``). Letters never ``I`` or ``O`` (they read as 1 and 0 on
a printed slip). Numbers run 0001-9999 within a letter prefix and prefixes run in sequence from
``AAA``. Stored as varchar(8): the eighth position is reserved. There is no check digit.
(OpenCCC Account Data Elements, 2025.)

The central service is the only place that assigns CCCIDs; it keeps a plain integer sequence and
maps it to the printed form with :func:`cccid_from_sequence`.
"""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import AfterValidator

PREFIX_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ"  # A-Z without I and O: 24 letters
NUMBERS_PER_PREFIX = 9999
PREFIX_COUNT = len(PREFIX_LETTERS) ** 3
MAX_SEQUENCE = PREFIX_COUNT * NUMBERS_PER_PREFIX  # ZZZ9999
STORAGE_LENGTH = 8

CCCID_PATTERN = re.compile(r"^[A-HJ-NP-Z]{3}(?!0000)[0-9]{4}$")


class CCCIDError(ValueError):
    """A value is not a CCCID, or the sequence has run out."""


def cccid_from_sequence(sequence: int) -> str:
    """Return the CCCID for the 1-based position ``sequence`` (1 -> ``AAA0001``)."""
    if not 1 <= sequence <= MAX_SEQUENCE:
        raise CCCIDError(f"CCCID sequence {sequence} is outside 1..{MAX_SEQUENCE}")
    prefix_index, number_index = divmod(sequence - 1, NUMBERS_PER_PREFIX)
    base = len(PREFIX_LETTERS)
    first, rest = divmod(prefix_index, base * base)
    second, third = divmod(rest, base)
    prefix = PREFIX_LETTERS[first] + PREFIX_LETTERS[second] + PREFIX_LETTERS[third]
    return f"{prefix}{number_index + 1:04d}"


def sequence_from_cccid(cccid: str) -> int:
    """Return the 1-based sequence position of ``cccid`` (inverse of cccid_from_sequence)."""
    value = normalize_cccid(cccid)
    base = len(PREFIX_LETTERS)
    prefix_index = 0
    for letter in value[:3]:
        prefix_index = prefix_index * base + PREFIX_LETTERS.index(letter)
    return prefix_index * NUMBERS_PER_PREFIX + int(value[3:])


def is_cccid(value: str) -> bool:
    """True when ``value`` is a well-formed CCCID (case and surrounding spaces ignored)."""
    return bool(CCCID_PATTERN.match(value.strip().upper()))


def normalize_cccid(value: str) -> str:
    """Upper-case and strip ``value``; raise CCCIDError with a readable message if malformed."""
    cleaned = value.strip().upper()
    if not CCCID_PATTERN.match(cleaned):
        raise CCCIDError(
            f"'{value}' is not a CCCID: it must be 3 letters (not I or O) then 4 digits, "
            "for example AAA0162."
        )
    return cleaned


def _validate(value: str) -> str:
    return normalize_cccid(value)


CCCID = Annotated[str, AfterValidator(_validate)]
"""A pydantic field type that accepts and normalises a CCCID."""
