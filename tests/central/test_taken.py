"""The duplicate check says which typed identifiers another account already holds (issue 12,
item 1), in the words and for the same rule the create refuses with, so the desk can refuse a
create before it makes the account and prints its slip."""

from __future__ import annotations

from typing import Any

from tests.central.support import Central, Client, create_body
from tests.support.students import student

TAKEN = "maribel.taken@studentmail.net"


def _post(client: Client, path: str, body: dict[str, Any]) -> dict[str, Any]:
    response = client.http.post(path, json=body, headers=client.headers())
    assert response.status_code == 200, response.text
    answer: dict[str, Any] = response.json()
    return answer


def test_check_and_check_batch_name_the_account_holding_the_email(central: Central) -> None:
    made = central.client("creator_b").create(create_body(student(email=TAKEN)))
    holder = made.json()["account"]["cccid"]
    other_college = central.client("creator_a")
    answer = _post(
        other_college,
        "/v1/duplicates/check",
        {"student": {"last_name": "Unrelated", "email": TAKEN.upper()}},
    )
    assert answer["taken"] == [{"field": "email", "value": TAKEN, "cccid": holder}]
    batch = _post(
        other_college,
        "/v1/duplicates/check-batch",
        {"students": [{"last_name": "Unrelated", "email": TAKEN}, {"email": "free@x.edu"}]},
    )
    assert [r["taken"] for r in batch["results"]] == [
        [{"field": "email", "value": TAKEN, "cccid": holder}],
        [],
    ]


def test_the_create_refuses_in_the_same_words(central: Central) -> None:
    central.client("creator_b").create(create_body(student(email=TAKEN)))
    client = central.client("creator_a")
    answer = _post(client, "/v1/duplicates/check", {"student": {"email": TAKEN}})
    (taken,) = answer["taken"]
    refused = client.create(create_body(student(email=TAKEN)))
    assert refused.status_code == 409
    error = refused.json()
    assert error["code"] == "email_taken" and error["cccid"] == taken["cccid"]
    assert error["message"] == (
        f"Email {TAKEN} already belongs to CCCID {taken['cccid']}. Each account needs its own "
        "email: type another address (or a master plus 1 address) or leave it empty, or link to "
        "that account."
    )
