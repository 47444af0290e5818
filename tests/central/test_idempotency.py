"""Idempotent writes: the same key is applied once, however often and however late it arrives."""

from __future__ import annotations

import uuid
from concurrent.futures import ThreadPoolExecutor

from central.config import Settings
from tests.central.support import Central, LiveServer, create_body
from tests.support.students import student


def test_same_key_twice_creates_one_account(central: Central) -> None:
    creator = central.client("creator_a")
    key = uuid.uuid4()
    body = create_body()
    first = creator.create(body, key)
    second = creator.create(body, key)
    assert first.status_code == second.status_code == 201
    assert second.headers.get("Idempotent-Replay") == "true"
    assert first.json() == second.json()
    assert central.sql("SELECT count(*) AS n FROM accounts")[0]["n"] == 1


def test_same_key_with_other_body_is_refused(central: Central) -> None:
    creator = central.client("creator_a")
    key = uuid.uuid4()
    assert creator.create(create_body(), key).status_code == 201
    response = creator.create(create_body(), key)
    assert response.status_code == 422
    assert response.json()["code"] == "idempotency_key_reused"
    assert "Idempotency-Key" in response.json()["message"]
    assert central.sql("SELECT count(*) AS n FROM accounts")[0]["n"] == 1


def test_bodies_differing_only_in_ssn_are_different_requests(central: Central) -> None:
    creator = central.client("creator_a")
    key = uuid.uuid4()
    fields = student(ssn="123-45-6789", ssn_status="provided")
    assert creator.create(create_body(fields), key).status_code == 201
    other = dict(fields, ssn="123-45-6780")
    assert creator.create(create_body(other), key).status_code == 422


def test_concurrent_retries_with_one_key_create_once(central: Central) -> None:
    clients = [central.client("creator_a") for _ in range(8)]
    key = uuid.uuid4()
    body = create_body()
    with ThreadPoolExecutor(8) as pool:
        responses = list(pool.map(lambda c: c.create(body, key), clients))
    assert {r.status_code for r in responses} == {201}
    assert len({r.json()["account"]["cccid"] for r in responses}) == 1
    assert central.sql("SELECT count(*) AS n FROM accounts")[0]["n"] == 1


def test_replay_after_server_restart_returns_original(central: Central) -> None:
    creator = central.client("creator_a")
    key = uuid.uuid4()
    body = create_body()
    first = creator.create(body, key).json()
    port = central.server.port
    central.server.stop()
    central.server = LiveServer(Settings(database_url=central.database_url), port=port).start()
    again = creator.create(body, key)
    assert again.status_code == 201
    assert again.json()["account"]["cccid"] == first["account"]["cccid"]
    assert central.sql("SELECT count(*) AS n FROM accounts")[0]["n"] == 1


def test_weeks_late_replay_returns_original(central: Central) -> None:
    creator = central.client("creator_a")
    key = uuid.uuid4()
    body = create_body()
    first = creator.create(body, key).json()
    central.sql("UPDATE idempotency_keys SET created_at = created_at - interval '60 days'")
    again = creator.create(body, key)
    assert again.json()["account"]["cccid"] == first["account"]["cccid"]
    assert central.sql("SELECT count(*) AS n FROM accounts")[0]["n"] == 1


def test_replay_is_refused_when_the_sender_lost_the_right(central: Central) -> None:
    creator = central.client("creator_a")
    key = uuid.uuid4()
    body = create_body()
    assert creator.create(body, key).status_code == 201
    central.sql(
        "UPDATE access_requests SET status = 'revoked' WHERE staff_id ="
        " (SELECT id FROM staff WHERE username = 'creator_a')"
    )
    again = creator.create(body, key)
    assert again.status_code == 403


def test_writes_without_a_key_are_refused(central: Central) -> None:
    creator = central.client("creator_a")
    response = creator.http.post(
        "/v1/accounts",
        json=create_body(),
        headers={
            "Authorization": f"Bearer {creator.token}",
            "X-Workstation-Id": creator.workstation_id,
        },
    )
    assert response.status_code == 400
    assert response.json()["field"] == "Idempotency-Key"
    bad = creator.write("/v1/accounts", create_body(), key="not-a-uuid")
    assert bad.status_code == 400
