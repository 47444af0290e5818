"""The rule "every possible duplicate is decided by a person before anything is created"
(DESIGN.md), in one place. The New student page, ``Desk.create``, ``python -m app create`` and the
import commit all ask it; none of them writes the rule out again."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from typing import Protocol

from app.models.api import CreateDecision
from app.models.band import Band


class Banded(Protocol):
    """A candidate as any check reports it: which account, and how strong."""

    @property
    def cccid(self) -> str: ...

    @property
    def band(self) -> Band: ...


class UndecidedDuplicatesError(Exception):
    """A create refused because a certain or probable candidate was not decided about."""

    def __init__(self, undecided: list[str]) -> None:
        self.undecided = undecided
        super().__init__(
            f"Possible duplicates: decide about {', '.join(undecided)} first. Choose "
            '"This is the student" (link) or "Create anyway" with a reason that says why this '
            "is a different student."
        )


def undecided(candidates: Iterable[tuple[str, Band]], considered: Collection[str]) -> list[str]:
    """The strong candidates (by key: a CCCID, or "row N" for one in the same file) that no
    decision covers, strongest first as given."""
    seen: set[str] = set()
    out: list[str] = []
    for key, band in candidates:
        if band.strong and key not in considered and key not in seen:
            seen.add(key)
            out.append(key)
    return out


def refuse_undecided(candidates: Iterable[Banded], decision: CreateDecision | None) -> None:
    """Raise :class:`UndecidedDuplicatesError` unless every strong candidate was considered by
    ``decision`` (a "create anyway" that lists it). A "link" creates nothing, so it passes."""
    if decision is not None and decision.action == "link":
        return
    considered = set(decision.considered_cccids) if decision else set()
    left = undecided(((c.cccid, c.band) for c in candidates), considered)
    if left:
        raise UndecidedDuplicatesError(left)
