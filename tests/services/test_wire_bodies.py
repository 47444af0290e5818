"""The desk builds every request body with the wire contract's models (app/models/api.py), so a
body the service would refuse is refused at the desk before anything is queued or printed, not as
a 422 after the slip went to the student."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from app.models.api import AccountCreate, AccountLink, CredentialReissue
from app.services.accounts_local import (
    create_account_locally,
    queue_link,
    reissue_credentials_locally,
)
from app.services.store import outbox
from tests.support.desk import Desk
from tests.support.students import student_fields


def _queued(desk: Desk) -> dict[str, int]:
    with desk.store.read() as conn:
        return outbox.counts(conn)


def test_a_body_the_service_would_refuse_is_refused_before_it_is_queued(desk: Desk) -> None:
    assert desk.staff is not None
    before = _queued(desk)
    with pytest.raises(ValidationError, match="main_phone_text_wording"):
        create_account_locally(
            desk.store, student_fields(), None, desk.staff, main_phone_text_wording="x" * 301
        )
    assert _queued(desk) == before


def test_queued_bodies_are_what_the_service_parses(desk: Desk) -> None:
    assert desk.staff is not None
    student = student_fields(first_name="Yesenia", ssn="123-45-6789", ssn_status="provided")
    made = desk.create(student)
    reissue_credentials_locally(desk.store, made.cccid, desk.staff)
    with desk.store.transaction() as conn:
        queue_link(conn, desk.store, "AAA0002", desk.staff, considered=["AAA0002"], source="single")
    with desk.store.read() as conn:
        entries = outbox.in_states(conn, ["queued"])
    kinds = {e.kind: e.payload for e in entries}
    create = AccountCreate.model_validate(kinds["account.create"])
    assert create.cccid == made.cccid and create.student.first_name == "Yesenia"
    assert kinds["account.create"]["student"]["ssn"] == "123456789"  # only ever in the outbox
    reissue = CredentialReissue.model_validate(kinds["account.credentials"])
    assert reissue.temp_password_hash.startswith("$argon2id$")
    link = AccountLink.model_validate(kinds["account.link"])
    assert link.considered_cccids == ["AAA0002"] and link.source == "single"
