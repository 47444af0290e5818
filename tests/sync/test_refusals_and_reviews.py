"""What retrying cannot fix is shown to a person, with the server's words, and never dropped
(guarantee 3); possible duplicates only the server can see come back as "needs review"
(guarantee 7)."""

from __future__ import annotations

from app.models.api import CreateDecision
from app.services import attention
from app.services.store import accounts, audit, outbox
from tests.central.support import Central, create_body
from tests.support.desk import Desk
from tests.support.students import random_ssn, student, student_fields


def test_a_refusal_needs_attention_with_the_servers_message_and_can_be_fixed(
    desk: Desk, central: Central
) -> None:
    taken = "taken.address@example.edu"
    other = central.client("creator_b")  # another college already uses the address
    assert other.create(create_body(student(email=taken))).status_code == 201
    ssn = random_ssn()
    fields = student_fields(email=taken, ssn=ssn, ssn_status="provided")
    slip = desk.create(fields)
    later = desk.create()  # an unrelated account behind it is not held up

    status = desk.sync()
    assert status.needs_attention == 1 and status.queued == 0, status
    (refused,) = attention.needing_attention(desk.store)
    assert refused.id == slip.outbox_id and refused.last_error_code == "email_taken"
    assert refused.last_error and f"Email {taken} already belongs to CCCID" in refused.last_error
    assert refused.payload["student"]["ssn"] == ssn.replace("-", "")  # kept for the retry
    with desk.store.read() as conn:
        cached = accounts.get(conn, slip.cccid)
        assert cached is not None and cached.upload_state == "needs_attention"
    assert central.sql("SELECT 1 FROM accounts WHERE cccid = %s", slip.cccid) == []
    assert central.sql("SELECT 1 FROM accounts WHERE cccid = %s", later.cccid) != []

    # Sending it again as it is cannot help: it stays, with the same message.
    assert desk.sync().needs_attention == 1

    assert desk.staff is not None
    fixed = fields.model_copy(update={"email": "own.address@example.edu"})
    new_id = attention.edit_and_requeue(desk.store, slip.outbox_id, fixed, desk.staff)
    assert new_id != slip.outbox_id
    status = desk.sync()
    assert status.needs_attention == 0 and status.queued == 0, status
    (row,) = central.sql(
        "SELECT cccid, email, ssn_last4, create_key::text AS key FROM accounts WHERE cccid = %s",
        slip.cccid,
    )
    assert row == {
        "cccid": slip.cccid,
        "email": "own.address@example.edu",
        "ssn_last4": ssn[-4:],
        "key": new_id,
    }
    with desk.store.read() as conn:
        actions = [e.action for e in audit.entries(conn) if e.target == slip.cccid]
        entry = outbox.get(conn, new_id)
    assert actions == ["account.create", "outbox.edit"]
    assert entry is not None and entry.state == "confirmed" and entry.seq == refused.seq


def test_discarding_a_refused_upload_is_recorded_and_keeps_the_row(
    desk: Desk, central: Central
) -> None:
    taken = "another.taken@example.edu"
    central.client("creator_a").create(create_body(student(email=taken)))
    slip = desk.create(student_fields(email=taken, ssn=random_ssn(), ssn_status="provided"))
    assert desk.sync().needs_attention == 1
    assert desk.staff is not None
    attention.discard(desk.store, slip.outbox_id, desk.staff, "student already has an account")
    status = desk.sync()
    assert status.needs_attention == 0 and status.queued == 0
    with desk.store.read() as conn:
        entry = outbox.get(conn, slip.outbox_id)
        (discarded,) = [e for e in audit.entries(conn) if e.action == "outbox.discard"]
    assert (
        entry is not None and entry.state == "discarded" and entry.payload["student"]["ssn"] is None
    )
    assert discarded.target == slip.cccid and discarded.details == {
        "reason": "student already has an account"
    }


def test_a_duplicate_only_the_server_can_see_needs_review(desk: Desk, central: Central) -> None:
    original = student(first_name="Robert", last_name="Vandermeer", birthdate="1988-04-12")
    elsewhere = central.client("creator_b").create(create_body(original)).json()["account"]
    # Same person made offline at this desk (another college's account is not in its cache).
    twin = student_fields(**{**original, "first_name": "Bob", "email": "bob.v@example.org"})
    with desk.store.read() as conn:
        assert accounts.find_candidates(conn, accounts.person_from_student(twin)) == []
    slip = desk.create(twin)
    status = desk.sync()
    assert status.needs_review == 1 and status.queued == 0, status
    (item,) = attention.needing_review(desk.store)
    assert item.cccid == slip.cccid and item.source == "server_flag"
    assert elsewhere["cccid"] in item.candidates
    assert any("Possible duplicate" in r for r in item.reasons)
    with desk.store.read() as conn:
        entry = outbox.get(conn, slip.outbox_id)
    assert entry is not None and entry.state == "confirmed"  # applied, and flagged
    assert entry.response is not None and entry.response["outcome"] == "created_needs_review"
    # It exists, with the printed CCCID, flagged for a person.
    (row,) = central.sql("SELECT review_state FROM accounts WHERE cccid = %s", slip.cccid)
    assert row["review_state"] == "needs_review"


def test_a_decision_made_at_the_desk_travels_with_the_upload(desk: Desk, central: Central) -> None:
    original = student(first_name="Maria", last_name="Okonkwo-Reyes", birthdate="1990-07-01")
    existing = central.client("creator_b").create(create_body(original)).json()["account"]
    twin = student_fields(**{**original, "email": "m.okonkwo@example.org"})
    decision = CreateDecision(
        action="create_anyway",
        reason="Different mother's maiden name; checked ID",
        considered_cccids=[existing["cccid"]],
    )
    slip = desk.create(twin, decision)
    assert desk.sync().needs_review == 0
    (row,) = central.sql(
        "SELECT review_state, review_resolution FROM accounts WHERE cccid = %s", slip.cccid
    )
    assert row["review_state"] == "none"
    resolution = row["review_resolution"]
    assert isinstance(resolution, dict) and resolution["considered"] == [existing["cccid"]]
