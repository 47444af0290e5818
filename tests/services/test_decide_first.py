"""Decide before create (DESIGN.md), enforced by the service the form, the command line and the
import commit share: a certain or probable candidate nobody decided about refuses the create,
whichever caller asks, and nothing is created or used up."""

from __future__ import annotations

import pytest

from app.models.api import CreateDecision
from app.models.band import Band
from app.services.candidates import CandidateView
from app.services.decide_first import UndecidedDuplicatesError, refuse_undecided, undecided
from app.services.desk import Desk as DeskServices
from app.services.store import leases, outbox
from tests.support.desk import Desk
from tests.support.students import student_fields


def _services(desk: Desk) -> DeskServices:
    assert desk.staff is not None
    return DeskServices(desk.store, desk.client, desk.engine, desk.staff)


def _counts(desk: Desk) -> tuple[int, int]:
    with desk.store.read() as conn:
        queued = sum(outbox.counts(conn).values())
        usable = leases.usable_count(conn, desk.store.server_now())
    return queued, usable


def test_bands_say_which_need_a_decision() -> None:
    assert [b.strong for b in Band] == [True, True, False]
    assert sorted(Band, key=lambda b: b.rank) == [Band.CERTAIN, Band.PROBABLE, Band.POSSIBLE]
    found = [("AAA0001", Band.POSSIBLE), ("AAA0002", Band.CERTAIN), ("row 4", Band.PROBABLE),
             ("AAA0002", Band.PROBABLE)]  # fmt: skip
    assert undecided(found, set()) == ["AAA0002", "row 4"]
    assert undecided(found, {"AAA0002"}) == ["row 4"]


def test_the_desk_refuses_a_create_past_an_undecided_cached_match(desk: Desk) -> None:
    """No view involved: the service finds the cached account itself and refuses, naming it."""
    student = student_fields(first_name="Marisol", last_name="Quintanilla-Roe")
    first = desk.create(student)
    services = _services(desk)
    again = student.model_copy(update={"email": "marisol.new@studentmail.net"})
    before = _counts(desk)
    with pytest.raises(UndecidedDuplicatesError) as refused:
        services.create(again, None)
    assert refused.value.undecided == [first.cccid]
    assert first.cccid in str(refused.value) and "Create anyway" in str(refused.value)
    assert _counts(desk) == before  # nothing queued, no CCCID used
    decided = CreateDecision(
        action="create_anyway",
        reason="Different person: checked photo ID",
        considered_cccids=[first.cccid],
    )
    slip = services.create(again, decided)
    assert slip.cccid != first.cccid


def test_a_strong_candidate_shown_by_the_central_check_must_be_decided_too(desk: Desk) -> None:
    services = _services(desk)
    elsewhere = CandidateView(
        "ZZZ9999", Band.PROBABLE, 27.0, ("same name and birthdate",), "862", {},
        frozenset({"central"}),
    )  # fmt: skip
    with pytest.raises(UndecidedDuplicatesError, match="ZZZ9999"):
        services.create(student_fields(), None, [elsewhere])
    possible = CandidateView("ZZZ9998", Band.POSSIBLE, 15.0, (), "862", {}, frozenset({"central"}))
    assert services.create(student_fields(), None, [possible]).cccid


def test_a_link_decision_creates_nothing_so_it_is_never_refused() -> None:
    link = CreateDecision(action="link", link_cccid="AAA0002", considered_cccids=["AAA0002"])
    strong = CandidateView("AAA0003", Band.CERTAIN, 40.0, (), "861", {}, frozenset({"local"}))
    refuse_undecided([strong], link)
    with pytest.raises(UndecidedDuplicatesError):
        refuse_undecided([strong], None)
