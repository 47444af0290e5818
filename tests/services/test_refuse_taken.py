"""Issue 12, item 1 at the single form: what the central service will refuse for certain is
refused before the account is made and its slip printed, and a refusal of the upload made before
the slip prints no slip.

Each test makes the desk's real Desk services against the real central service; "before" is
checked by counting the outbox and the reserved CCCIDs, which a create would change. The refusals
are ValueErrors (IdentifierTakenError, RefusedByServiceError) whose words are checked."""

from __future__ import annotations

import pytest

from app.models.account import StudentFields
from app.services.desk import Desk as DeskServices
from app.services.store import audit, leases, outbox
from tests.central.support import Central, create_body
from tests.support.desk import Desk
from tests.support.students import student, student_fields


def _services(desk: Desk) -> DeskServices:
    assert desk.staff is not None
    return DeskServices(desk.store, desk.client, desk.engine, desk.staff)


def _counts(desk: Desk) -> tuple[int, int]:
    with desk.store.read() as conn:
        queued = sum(outbox.counts(conn).values())
        usable = leases.usable_count(conn, desk.store.server_now())
    return queued, usable


def _someone_else(email: str) -> StudentFields:
    """A different person (no certain or probable match) who typed the same email."""
    return student_fields(email=email)


def test_offline_an_email_kept_here_is_refused_before_anything_is_made(
    desk: Desk, central: Central
) -> None:
    taken = "shared.family@studentmail.net"
    first = desk.create(student_fields(email=taken))  # made here, not yet uploaded
    central.server.stop()
    assert not desk.sync().online
    services = _services(desk)
    before = _counts(desk)
    with pytest.raises(ValueError, match="already belongs") as refused:
        services.create(_someone_else(taken.upper()), None)
    words = str(refused.value)
    assert f"Email {taken} already belongs to CCCID {first.cccid}." in words
    assert "another address" in words and "master plus 1" in words and "leave it empty" in words
    assert '"This is the student"' in words
    assert _counts(desk) == before  # nothing queued, no CCCID used
    # Another address goes through, offline as before.
    assert services.create(_someone_else("own.address@studentmail.net"), None).cccid


def test_online_an_email_another_college_holds_is_refused_before_anything_is_made(
    desk: Desk, central: Central
) -> None:
    taken = "elsewhere.taken@studentmail.net"
    made = central.client("creator_b").create(create_body(student(email=taken)))
    holder = made.json()["account"]["cccid"]
    services = _services(desk)
    desk.sync()
    with desk.store.read() as conn:  # another college's account is not kept here
        assert conn.execute("SELECT count(*) FROM accounts").fetchone()[0] == 0
    before = _counts(desk)
    with pytest.raises(ValueError, match=f"already belongs to CCCID {holder}"):
        services.create(_someone_else(taken), None)
    assert _counts(desk) == before
    assert central.sql("SELECT count(*) AS n FROM accounts")[0]["n"] == 1


def test_the_duplicate_check_says_which_typed_email_is_taken(desk: Desk, central: Central) -> None:
    here = desk.create(student_fields(email="kept.here@studentmail.net"))
    made = central.client("creator_b").create(
        create_body(student(email="held.elsewhere@studentmail.net"))
    )
    elsewhere = made.json()["account"]["cccid"]
    services = _services(desk)
    answer = services.check_duplicates({"last_name": "Zed", "email": "kept.here@studentmail.net"})
    assert [(t.field, t.value, t.cccid) for t in answer.taken] == [
        ("email", "kept.here@studentmail.net", here.cccid)
    ]
    answer = services.check_duplicates(
        {"last_name": "Zed", "email": "Held.Elsewhere@studentmail.net"}
    )
    assert [t.cccid for t in answer.taken] == [elsewhere] and answer.checked_central
    assert services.check_duplicates({"last_name": "Zed", "email": "free@x.edu"}).taken == []


def test_a_refused_upload_prints_no_slip_and_leaves_nothing_waiting(
    desk: Desk, central: Central
) -> None:
    """What no check can foresee (here: the creator's access withdrawn since sign-in) is refused
    by the service when the create is uploaded, before its slip: no slip, and the entry is
    discarded with the service's words in the audit log instead of waiting for Retry."""
    services = _services(desk)
    central.sql(
        "UPDATE access_requests SET status = 'revoked'"
        " WHERE staff_id = (SELECT id FROM staff WHERE username = 'creator_a')"
    )
    with pytest.raises(ValueError, match="refused this account") as refused:
        services.create(student_fields(), None)
    assert "approved access" in str(refused.value) and "No slip was printed" in str(refused.value)
    with desk.store.read() as conn:
        (entry,) = outbox.in_states(conn, ("queued", "sent", "needs_attention", "discarded"))
        (discarded,) = [e for e in audit.entries(conn) if e.action == "outbox.discard"]
    assert entry.state == "discarded"
    assert "before its slip was printed" in str(discarded.details["reason"])
    assert desk.sync().needs_attention == 0
