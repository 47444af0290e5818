"""The sorted-neighbourhood pass of a bulk match: candidates that share no blocking key.

An incoming record is also compared with the :data:`NEIGHBOURS` existing records on each side of
its place in five sort orders (:data:`SORT_KEYS`), which finds pairs whose names and birthdate
are all mistyped at a bounded cost, without changing the stored keys (``KEY_VERSION``).
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import Final

from app.services.matching.normalize import fold
from app.services.matching.prepared import PreparedRecord

SORT_KEYS: Final = (
    "surname, given name",
    "given name, surname",
    "ZIP, street",
    "street, ZIP",
    "line 2, ZIP",
)
"""The sort orders of the neighbourhood pass (:func:`sort_keys`)."""

NEIGHBOURS: Final = 1
"""Existing records taken on each side of an incoming record's place in each sort order."""

SortEntries = list[tuple[str, int]]  # (sort key, existing position)


@lru_cache(maxsize=65_536)
def _street_letters(street1: str | None) -> str:
    """The letters of street line 1, folded, without house number or spaces ("12 Mian St" ->
    "mianst"): a street with a mistyped or missing number still sorts beside itself."""
    return "".join(ch for ch in fold(street1) if ch.isalpha())


def sort_keys(p: PreparedRecord, street1: str | None) -> tuple[str, str, str, str, str]:
    """The record's place in each of :data:`SORT_KEYS` ("" = not placed: a blank leading part).

    Sorted neighbourhood (Hernández and Stolfo 1995; recordlinkage's ``sortedneighbourhood``):
    records sorted on a key sit beside those whose key agrees up to late characters, so a typo
    late in a surname, or in a given name when the surname agrees, keeps them close where every
    blocking key differs. The ZIP + street orders bring together one address's records whatever
    the names and birthdate say, and street + ZIP the same street with a mistyped ZIP; line 2 +
    ZIP (a complex or property name, :func:`normalize.street_place`) one place's records when
    the street line itself is mistyped or blank."""
    street = _street_letters(street1)
    return (
        f"{p.last}|{p.first}" if p.last else "",
        f"{p.first}|{p.last}" if p.first else "",
        f"{p.postal}|{street}" if p.postal else "",
        f"{street}|{p.postal}" if street else "",
        f"{p.place}|{p.postal}" if p.place else "",
    )


class Neighbourhoods:
    """The existing records in each sort order, to find an incoming record's neighbours."""

    def __init__(self, entries: Iterable[Sequence[SortEntries]]) -> None:
        merged: list[SortEntries] = [[] for _ in SORT_KEYS]
        for part in entries:
            for into, more in zip(merged, part, strict=True):
                into.extend(more)
        self.keys: list[list[str]] = []
        self.positions: list[list[int]] = []
        for order in merged:
            order.sort()
            self.keys.append([k for k, _ in order])
            self.positions.append([e for _, e in order])

    def near(self, keys: Sequence[str]) -> set[int]:
        """Existing positions within :data:`NEIGHBOURS` places of where ``keys`` would sort."""
        out: set[int] = set()
        for key, sorted_keys, positions in zip(keys, self.keys, self.positions, strict=True):
            if key:
                at = bisect.bisect_left(sorted_keys, key)
                out.update(positions[max(0, at - NEIGHBOURS) : at + NEIGHBOURS])
        return out
