"""One-to-one assignment of a bulk match's likely pairs (one person per record in each file)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Final

from app.models.band import Band
from app.services.matching.pairs import BulkMatch

ONE_TO_ONE_MARGIN: Final = math.log2(10.0)
"""Bits by which a better pair must beat a lesser one sharing a record to demote it: with one
person per record, the lesser is then at most 1/10 as likely as the better to be the link."""

DEMOTED_REASON: Final = "another candidate matches much better"


def assign_one_to_one(matches: Sequence[BulkMatch]) -> list[BulkMatch]:
    """Demote to "possible" a certain or probable pair that a clearly better one sharing its
    incoming or its existing record rules out; the demoted pair stays listed.

    Neither file holds internal duplicates in the ``match`` command's scope (each is one
    record per person), so an incoming person is at most one existing record and vice versa:
    the assignment is one-to-one, as in census matching (Jaro 1989). The pairs are assigned
    greedily, best first (a pair is kept when neither of its records is taken yet); a pair left
    out whose record went to a pair at least :data:`ONE_TO_ONE_MARGIN` bits better is demoted.
    Closer calls stay as they are, for a person to decide.
    """
    linked = sorted(
        (k for k, m in enumerate(matches) if m.result.band is not None and m.result.band.strong),
        key=lambda k: (-matches[k].result.score, matches[k].incoming, matches[k].existing),
    )
    by_incoming: dict[int, float] = {}
    by_existing: dict[int, float] = {}
    demote: list[int] = []
    for k in linked:
        m = matches[k]
        best_i = by_incoming.get(m.incoming)
        best_e = by_existing.get(m.existing)
        if best_i is None and best_e is None:
            by_incoming[m.incoming] = by_existing[m.existing] = m.result.score
            continue
        best = max(x for x in (best_i, best_e) if x is not None)
        if best - m.result.score >= ONE_TO_ONE_MARGIN:
            demote.append(k)
    out = list(matches)
    for k in demote:
        m = out[k]
        result = m.result._replace(band=Band.POSSIBLE, reasons=(DEMOTED_REASON, *m.result.reasons))
        out[k] = m._replace(result=result)
    return out
