"""Every role against every endpoint: the server allows or refuses by itself, whatever the client.

"Allowed" means the request got past the role check (any status but 401/403); "denied" means 403
(401 for no token). The matrix is the specification, written out in full so that a change to a
role's rights shows up here as a diff a reviewer reads.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
import pytest

from tests.central.support import TEMP_HASH, Central, Client, create_body
from tests.support.students import student

ROLES = ["sysadmin", "admin_a", "creator_a", "pending_a", "viewer_a"]

Call = Callable[[Client, dict[str, Any]], httpx.Response]

ENDPOINTS: dict[str, tuple[Call, set[str]]] = {
    "GET /v1/auth/me": (lambda c, f: c.get("/v1/auth/me"), set(ROLES)),
    "POST /v1/duplicates/check": (
        lambda c, f: c.http.post(
            "/v1/duplicates/check", json={"student": student()}, headers=c.headers()
        ),
        set(ROLES),
    ),
    "POST /v1/duplicates/check-batch": (
        lambda c, f: c.http.post(
            "/v1/duplicates/check-batch",
            json={"students": [student(), student()]},
            headers=c.headers(),
        ),
        set(ROLES),
    ),
    "POST /v1/accounts": (lambda c, f: c.create(create_body()), {"admin_a", "creator_a"}),
    "GET /v1/accounts/{cccid}": (lambda c, f: c.get(f"/v1/accounts/{f['cccid']}"), set(ROLES)),
    "POST /v1/accounts/{cccid}/status": (
        lambda c, f: c.write(
            f"/v1/accounts/{f['cccid']}/status", {"locked": True, "reason": "matrix test"}
        ),
        {"sysadmin", "admin_a"},
    ),
    "POST /v1/accounts/{cccid}/review": (
        lambda c, f: c.write(
            f"/v1/accounts/{f['cccid']}/review",
            {"resolution": "different_student", "note": "matrix test"},
        ),
        {"admin_a", "creator_a"},
    ),
    "POST /v1/accounts/{cccid}/credentials": (
        lambda c, f: c.write(
            f"/v1/accounts/{f['cccid']}/credentials", {"temp_password_hash": TEMP_HASH}
        ),
        {"admin_a", "creator_a"},
    ),
    "POST /v1/accounts/{cccid}/links": (
        lambda c, f: c.write(f"/v1/accounts/{f['cccid']}/links", {"source": "single"}),
        {"admin_a", "creator_a"},
    ),
    "POST /v1/cccid-leases": (
        lambda c, f: c.write("/v1/cccid-leases", {"size": 2}),
        {"admin_a", "creator_a"},
    ),
    "GET /v1/cccid-leases": (lambda c, f: c.get("/v1/cccid-leases"), {"admin_a", "creator_a"}),
    "GET /v1/changes": (lambda c, f: c.get("/v1/changes", college="861"), set(ROLES)),
    "POST /v1/colleges": (
        lambda c, f: c.write("/v1/colleges", {"code": "999", "name": "Matrix College"}),
        {"sysadmin"},
    ),
    "POST /v1/staff": (
        lambda c, f: c.write(
            "/v1/staff",
            {
                "username": f"new.{c.username}",
                "display_name": "New Person",
                "password": "a long enough password",
                "role": "viewer",
                "college_code": "861",
            },
        ),
        {"sysadmin", "admin_a"},
    ),
    "POST /v1/access-requests": (
        lambda c, f: c.write("/v1/access-requests", {"reason": "matrix"}),
        {"admin_a", "creator_a", "pending_a"},
    ),
    "GET /v1/access-requests": (
        lambda c, f: c.get("/v1/access-requests"),
        {"admin_a", "creator_a", "pending_a"},
    ),
    "POST /v1/access-requests/{id}/decision": (
        lambda c, f: c.write(f"/v1/access-requests/{f['request_id']}/decision", {"approve": False}),
        {"admin_a"},
    ),
    "GET /v1/audit": (lambda c, f: c.get("/v1/audit"), {"sysadmin", "admin_a"}),
}


@pytest.fixture
def fixtures(central: Central) -> dict[str, Any]:
    cccid = central.client("creator_a").create(create_body()).json()["account"]["cccid"]
    central.sql(
        "INSERT INTO staff (college_id, username, display_name, password_hash, role)"
        " SELECT college_id, 'someone_a', 'Someone', password_hash, 'creator'"
        " FROM staff WHERE username = 'creator_a'"
    )
    someone = central.client("someone_a")
    request_id = someone.write("/v1/access-requests", {"reason": "x"}).json()["id"]
    return {"cccid": cccid, "request_id": request_id}


@pytest.mark.parametrize("endpoint", sorted(ENDPOINTS))
def test_role_matrix(central: Central, fixtures: dict[str, Any], endpoint: str) -> None:
    call, allowed = ENDPOINTS[endpoint]
    outcomes = {}
    for role in ROLES:
        response = call(central.client(role), fixtures)
        assert response.status_code != 500, (role, response.text)
        outcomes[role] = response.status_code not in (401, 403)
        if not outcomes[role]:
            assert response.json()["message"], "a refusal says why"
    assert {r for r, ok in outcomes.items() if ok} == allowed, outcomes


@pytest.mark.parametrize("endpoint", sorted(ENDPOINTS))
def test_no_token_is_401(central: Central, fixtures: dict[str, Any], endpoint: str) -> None:
    call, _ = ENDPOINTS[endpoint]
    response = call(central.anonymous(), fixtures)
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"


def test_other_college_staff_cannot_touch_college_a_records(
    central: Central, fixtures: dict[str, Any]
) -> None:
    admin_b = central.client("admin_b")
    cccid = fixtures["cccid"]
    assert admin_b.get(f"/v1/accounts/{cccid}").status_code == 403
    assert (
        admin_b.write(
            f"/v1/accounts/{cccid}/status", {"locked": True, "reason": "not mine"}
        ).status_code
        == 403
    )
    assert (
        central.client("creator_b")
        .write(f"/v1/accounts/{cccid}/credentials", {"temp_password_hash": TEMP_HASH})
        .status_code
        == 403
    )
    feed = admin_b.get("/v1/changes", college="861").json()
    assert all(a["college_code"] == "862" for a in feed["changes"])
    staff = admin_b.write(
        "/v1/staff",
        {
            "username": "sneaky",
            "display_name": "S",
            "password": "a long enough password",
            "role": "creator",
            "college_code": "861",
        },
    )
    assert staff.status_code == 403
