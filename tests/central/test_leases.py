"""CCCID leases: offline creates carry their final CCCID; leased IDs are never given twice."""

from __future__ import annotations

from app.models.cccid import is_cccid
from tests.central.support import Central, Client, create_body
from tests.support.students import student


def _lease(client: Client, size: int) -> list[str]:
    response = client.write("/v1/cccid-leases", {"size": size})
    assert response.status_code == 201, response.text
    return list(response.json()["cccids"])


def test_offline_style_creates_use_leased_cccids(central: Central) -> None:
    creator = central.client("creator_a")
    leased = _lease(creator, 5)
    assert len(set(leased)) == 5 and all(is_cccid(c) for c in leased)
    for cccid in leased[:3]:
        response = creator.create(create_body(cccid=cccid))
        assert response.status_code == 201, response.text
        assert response.json()["account"]["cccid"] == cccid
        assert response.json()["account"]["created_with_lease"] is True
    open_leases = creator.get("/v1/cccid-leases").json()
    assert open_leases[0]["cccids"] == leased[3:]


def test_leased_ids_are_never_given_to_anyone_else(central: Central) -> None:
    creator = central.client("creator_a")
    other_ws = central.client("creator_a")
    leased = _lease(creator, 10)
    online = [creator.create(create_body()).json()["account"]["cccid"] for _ in range(5)]
    second_lease = _lease(other_ws, 10)
    assert not set(leased) & set(online)
    assert not set(leased) & set(second_lease)
    assert not set(online) & set(second_lease)
    # Another workstation, even of the same staff member, may not use this workstation's IDs.
    refused = other_ws.create(create_body(cccid=leased[0]))
    assert refused.status_code == 422 and refused.json()["field"] == "cccid"
    # Another college may not use them either.
    assert central.client("creator_b").create(create_body(cccid=leased[0])).status_code == 422


def test_a_leased_id_is_used_once(central: Central) -> None:
    creator = central.client("creator_a")
    cccid = _lease(creator, 1)[0]
    assert creator.create(create_body(cccid=cccid)).status_code == 201
    again = creator.create(create_body(cccid=cccid))
    assert again.status_code == 409 and again.json()["code"] == "cccid_used"


def test_expired_lease_is_not_offered_but_late_uploads_are_kept_and_flagged(
    central: Central,
) -> None:
    creator = central.client("creator_a")
    leased = _lease(creator, 3)
    central.sql("UPDATE cccid_leases SET expires_at = now() - interval '1 minute'")
    assert creator.get("/v1/cccid-leases").json() == []
    # An account made offline before expiry but uploaded after it: its slip is already printed,
    # so it is created with that CCCID, and flagged for a person to look at.
    response = creator.create(create_body(cccid=leased[0]))
    assert response.status_code == 201
    account = response.json()["account"]
    assert account["cccid"] == leased[0]
    assert account["review_state"] == "needs_review"
    assert any("lease had expired" in r for r in account["review_reasons"])
    # New leases and online creates never reuse the expired lease's unused IDs.
    fresh = [*_lease(creator, 3), creator.create(create_body()).json()["account"]["cccid"]]
    assert not set(fresh) & set(leased)


def test_offline_create_with_strong_candidate_is_created_and_flagged(central: Central) -> None:
    creator = central.client("creator_a")
    original = student(first_name="Robert", last_name="Vandermeer", birthdate="1988-04-12")
    existing = creator.create(create_body(original)).json()["account"]["cccid"]
    cccid = _lease(creator, 1)[0]
    twin = dict(original, email="bob.vandermeer@example.org", first_name="Bob")
    response = creator.create(create_body(twin, cccid=cccid))
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["outcome"] == "created_needs_review"
    assert body["account"]["cccid"] == cccid
    assert body["account"]["review_state"] == "needs_review"
    assert existing in [c["cccid"] for c in body["account"]["review_candidates"]]


def test_lease_size_is_bounded(central: Central) -> None:
    creator = central.client("creator_a")
    response = creator.write("/v1/cccid-leases", {"size": 5000})
    assert response.status_code == 422 and response.json()["field"] == "size"
