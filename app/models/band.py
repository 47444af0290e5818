"""How strongly an existing account matches the student at the desk: the matcher's verdict, in
every layer (the matcher, the cache, the import, the wire, the panel)."""

from __future__ import annotations

from enum import StrEnum


class Band(StrEnum):
    """A candidate's band. ``strong`` ones are never passed over without a person's decision."""

    CERTAIN = "certain"
    PROBABLE = "probable"
    POSSIBLE = "possible"

    @property
    def strong(self) -> bool:
        """Certain or probable: staff must decide (this is the student / create anyway) before
        an account is created (DESIGN.md: every possible duplicate decided by a person)."""
        return self is not Band.POSSIBLE

    @property
    def rank(self) -> int:
        """Strongest first: 0 for certain."""
        return _RANK[self]


_RANK = {Band.CERTAIN: 0, Band.PROBABLE: 1, Band.POSSIBLE: 2}
