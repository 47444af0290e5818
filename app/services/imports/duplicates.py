"""Possible duplicates for every row of an import: within the file, in this college's local cache,
and (when online) from the central service's systemwide check.

Each candidate is stored with the row as a plain dict: ``source`` ("file", "local", "central"),
``cccid`` (or ``row_no`` for another row of the file), ``band``, ``score``, ``reasons``,
``college_code``, ``summary`` and, when it already holds the row's email, ``holds``. Rows without
a certain or probable candidate are pre-decided "create" (shown as such, changeable); rows with
one wait for a person's decision. A row whose email another account (or an earlier row) holds is
never pre-decided "create" and is held back or marked (:mod:`app.services.imports.unique`).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from app.models.api import DuplicateCheckResponse
from app.models.band import Band
from app.models.probe import StudentProbe
from app.services.gc_pause import gc_paused
from app.services.imports import unique
from app.services.imports.cache_check import CacheCheck
from app.services.matching import CandidateIndex, PersonRecord
from app.services.store import Conn, LocalStore
from app.services.store import imports as import_store
from app.services.store.accounts import person_from_account_json
from app.services.store.imports import ImportRow

Progress = Callable[[int, int], bool]
CentralAnswer = DuplicateCheckResponse | list[dict[str, Any]]
PROBE_FIELDS = frozenset(StudentProbe.model_fields)
MAX_SHOWN = 10


@dataclass(frozen=True)
class ReviewReport:
    """What the duplicate review found."""

    rows_checked: int
    rows_with_candidates: int
    strong_rows: int
    in_file_pairs: int
    seconds: float
    held_back: dict[int, str] = field(default_factory=dict)
    """Rows held back because their email is already taken, with the message naming the row."""


@dataclass(frozen=True, slots=True)
class _Kept:
    """What saving a row's candidates needs to know of it (not the whole row: a 100,000-row
    review would otherwise hold every row's cells and fields for its whole run)."""

    decided_by: str | None
    decision: str | None
    central_checked: bool
    email: str | None


def _people(
    store: LocalStore, session_id: str, *, with_probes: bool
) -> tuple[dict[int, PersonRecord], dict[int, _Kept], dict[int, dict[str, Any]]]:
    """The matcher's view of every valid pending row, from the account each row kept when it
    was validated (no second validation), what saving needs of each row, and (``with_probes``)
    each row's probe for the central check."""
    people: dict[int, PersonRecord] = {}
    kept: dict[int, _Kept] = {}
    probes: dict[int, dict[str, Any]] = {}
    with store.read() as conn:
        for row in import_store.iter_rows(conn, session_id, status="pending", with_problems=False):
            if row.student is None:
                continue
            people[row.row_no] = person_from_account_json(row.student)
            kept[row.row_no] = _Kept(
                row.decided_by, row.decision, row.central_checked, row.student.get("email")
            )
            if with_probes:
                probe = {
                    k: v for k, v in row.student.items() if k in PROBE_FIELDS and v is not None
                }
                if row.fields.get("ssn"):
                    probe["ssn"] = row.fields["ssn"]  # compared by the server, not kept
                probes[row.row_no] = probe
    return people, kept, probes


def review(
    store: LocalStore,
    session_id: str,
    progress: Progress | None = None,
) -> ReviewReport:
    """Check every valid pending row within the file and against the local cache; save the
    candidates and the default decisions. Central candidates are merged later
    (:func:`merge_central`)."""
    with gc_paused():
        return _review(store, session_id, progress)


def _review(store: LocalStore, session_id: str, progress: Progress | None) -> ReviewReport:
    started = time.perf_counter()
    unique.reopen(store, session_id)  # rows held back last time are checked again
    people, kept, _ = _people(store, session_id, with_probes=False)
    total = len(people)
    found: dict[int, list[dict[str, Any]]] = {row_no: [] for row_no in people}
    # The cache check's workers (large files) start now, so their start-up overlaps the
    # comparison within the file.
    cache = CacheCheck(store, people)
    try:
        pairs = _within_file(people, found)
        if progress is not None and not progress(0, total):
            return ReviewReport(0, 0, 0, pairs, time.perf_counter() - started)
        local = cache.run(progress)
    finally:
        cache.close()
    for row_no, candidates in local.items():
        found[row_no].extend(
            {
                "source": "local",
                "row_no": None,
                "cccid": c.cccid,
                "band": c.band,
                "score": c.score,
                "reasons": list(c.reasons),
                "college_code": c.college_code,
                "summary": c.summary,
            }
            for c in candidates
        )
    with store.read() as conn:
        holders = unique.holders(conn, {n: k.email for n, k in kept.items()})
    held = _mark_taken(store, session_id, found, kept, holders)
    _save(store, session_id, found, kept, central=False)
    _hold_back(store, session_id, held)
    strong = sum(1 for c in found.values() if c and Band(c[0]["band"]).strong)
    return ReviewReport(
        rows_checked=cache.done,
        rows_with_candidates=sum(1 for c in found.values() if c),
        strong_rows=strong,
        in_file_pairs=pairs,
        seconds=time.perf_counter() - started,
        held_back={
            n: unique.problem(kept[n].email or "", holders[n], n, with_row=True) for n in held
        },
    )


def _mark_taken(
    store: LocalStore,
    session_id: str,
    found: dict[int, list[dict[str, Any]]],
    kept: dict[int, _Kept],
    holders: dict[int, unique.Holder],
) -> dict[int, str]:
    """Mark each row's holder among its candidates, or take the row out of ``found`` to be held
    back; returns the held-back rows with their problem."""
    held: dict[int, str] = {}
    for row_no, holder in holders.items():
        email = kept[row_no].email or ""
        problem = unique.mark(found[row_no], email, holder, row_no)
        if problem is not None:
            held[row_no] = problem
            del found[row_no]
    return held


def _hold_back(
    store: LocalStore, session_id: str, held: dict[int, str], *, central: bool = False
) -> None:
    if not held:
        return
    with store.transaction() as conn:
        rows = import_store.rows(conn, session_id, row_nos=sorted(held), status="pending")
        unique.hold_back(conn, session_id, [(r, held[r.row_no]) for r in rows], central=central)


def _within_file(people: dict[int, PersonRecord], found: dict[int, list[dict[str, Any]]]) -> int:
    """Every row against every other, through the blocking index; returns the pairs found."""
    index = CandidateIndex()
    ids: list[int] = []
    for row_no, person in people.items():
        index.add(person)
        ids.append(row_no)
    pairs = 0
    for record_id, row_no in enumerate(ids):
        for match in index.matches(people[row_no], exclude=record_id)[:MAX_SHOWN]:
            other = ids[match.record_id]
            pairs += other > row_no
            found[row_no].append(
                {
                    "source": "file",
                    "row_no": other,
                    "cccid": None,
                    "band": str(match.result.band),
                    "score": match.result.score,
                    "reasons": list(match.result.reasons),
                    "college_code": None,
                    "summary": _file_summary(people[other]),
                }
            )
    return pairs


def _file_summary(person: PersonRecord) -> dict[str, Any]:
    return {
        "first_name": person.first_name,
        "middle_name": person.middle_name,
        "last_name": person.last_name,
        "birthdate": person.birthdate.isoformat() if person.birthdate else None,
        "email": person.email,
        "main_phone": person.phones[0] if person.phones else None,
        "city": person.city,
        "postal_code": person.postal_code,
    }


def _ordered(candidates: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One entry per account (central wins over local), strongest first."""
    merged: dict[str, dict[str, Any]] = {}
    for c in candidates:
        key = c["cccid"] or f"row {c['row_no']}"
        known = merged.get(key)
        if known is None or (c["source"] == "central" and known["source"] != "central"):
            if known is not None and known.get(unique.HOLDS):  # what it holds stays known
                c = {**c, unique.HOLDS: sorted({*known[unique.HOLDS], *c.get(unique.HOLDS, ())})}
            merged[key] = c
    return sorted(merged.values(), key=lambda c: (Band(c["band"]).rank, -c["score"]))


def _save(
    store: LocalStore,
    session_id: str,
    found: dict[int, list[dict[str, Any]]],
    kept: dict[int, _Kept],
    *,
    central: bool,
) -> None:
    updates = []
    decisions: list[tuple[int, Any, str | None, str | None, str | None]] = []
    for row_no, candidates in found.items():
        row = kept[row_no]
        ordered = _ordered(candidates)
        best = ordered[0]["band"] if ordered else None
        updates.append((row_no, ordered, best, central or row.central_checked))
        holds = any(c.get(unique.HOLDS) for c in ordered)
        if row.decided_by in (None, "default"):
            strong = best is not None and Band(best).strong
            decisions.append((row_no, None if strong else "create", None if strong else "default",
                              None, None))  # fmt: skip
        elif holds and row.decision == "create":
            # Decided before the check found who holds the email: a person decides again.
            decisions.append((row_no, None, None, None, None))
    with store.transaction() as conn:
        import_store.set_candidates(conn, session_id, updates)
        import_store.set_decisions(conn, session_id, decisions)
        import_store.update_session(conn, session_id, store.server_now(), step="review")


def merge_central(
    store: LocalStore,
    session_id: str,
    check: Callable[[list[dict[str, Any]]], Sequence[CentralAnswer]],
    progress: Progress | None = None,
    batch: int = 50,
) -> int:
    """Add the central service's candidates (every college) to the rows not yet checked there,
    and hold back or mark the rows whose email an account of any college already holds.

    ``check`` takes a batch of students (the API's probe JSON) and returns each one's answer
    (``CentralClient.check_duplicates_batch_answers``; a bare candidate list, as
    ``check_duplicates_batch`` gives, brings no identifiers); it raises CentralError when
    offline, which ends this pass (rows stay unchecked and are checked on the next pass).
    Returns how many rows were checked.
    """
    people, kept, probes = _people(store, session_id, with_probes=True)
    with store.read() as conn:
        todo = [
            row
            for row in import_store.iter_rows(conn, session_id, status="pending")
            if row.row_no in people and not row.central_checked
        ]
    checked = 0
    for start in range(0, len(todo), batch):
        rows = todo[start : start + batch]
        answers = [_answer(a) for a in check([probes[row.row_no] for row in rows])]
        found = {
            row.row_no: [c for c in row.candidates]
            + [
                {
                    "source": "central",
                    "row_no": None,
                    "cccid": c.cccid,
                    "band": str(c.band),
                    "score": c.score,
                    "reasons": list(c.reasons),
                    "college_code": c.college_code,
                    "summary": c.summary,
                }
                for c in answer.candidates
            ]
            for row, answer in zip(rows, answers, strict=True)
        }
        held: dict[int, str] = {}
        for row, answer in zip(rows, answers, strict=True):
            for taken in answer.taken:
                problem = unique.mark(
                    found[row.row_no], taken.value, unique.Holder(cccid=taken.cccid), row.row_no
                )
                if problem is not None:
                    held[row.row_no] = problem
                    del found[row.row_no]
                    break
        _save(store, session_id, found, kept, central=True)
        _hold_back(store, session_id, held, central=True)
        checked += len(rows)
        if progress is not None and not progress(checked, len(todo)):
            break
    return checked


def _answer(answer: CentralAnswer) -> DuplicateCheckResponse:
    if isinstance(answer, DuplicateCheckResponse):
        return answer
    return DuplicateCheckResponse.model_validate({"candidates": answer})


def settled_by_skips(candidates: Sequence[Mapping[str, Any]], skipped: Collection[int]) -> bool:
    """True when every certain or probable candidate of a row is another row of this file that
    staff skip (``skipped``: their row numbers): the pair is settled by that skip, so keeping
    this row asks no "why is this a different student?"."""
    strong = [c for c in candidates if Band(c["band"]).strong]
    return bool(strong) and all(
        c.get("cccid") is None and c.get("row_no") in skipped for c in strong
    )


def skipped_rows(conn: Conn, session_id: str, rows: Sequence[ImportRow]) -> set[int]:
    """Which of the file's rows that ``rows`` have as candidates are skipped (decided, or done)."""
    others = sorted({c["row_no"] for r in rows for c in r.candidates if c.get("row_no")})
    return {
        r.row_no
        for r in import_store.rows(conn, session_id, row_nos=others)
        if r.status == "skipped" or (r.status == "pending" and r.decision == "skip")
    }
