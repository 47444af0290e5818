"""Access to account creation: requested by staff, approved by another administrator of the same
college, never by oneself."""

from __future__ import annotations

from tests.central.conftest import Central
from tests.central.support import create_body


def _request(central: Central, username: str) -> int:
    response = central.client(username).write("/v1/access-requests", {"reason": "intake desk"})
    assert response.status_code == 201, response.text
    return int(response.json()["id"])


def test_unapproved_creator_cannot_create_until_approved(central: Central) -> None:
    pending = central.client("pending_a")
    refused = pending.create(create_body())
    assert refused.status_code == 403
    assert "approve" in refused.json()["message"]
    request_id = _request(central, "pending_a")
    admin = central.client("admin_a")
    listed = admin.get("/v1/access-requests", status="pending").json()
    assert [r["staff_username"] for r in listed] == ["pending_a"]
    decided = admin.write(f"/v1/access-requests/{request_id}/decision", {"approve": True})
    assert decided.status_code == 200 and decided.json()["status"] == "approved"
    assert decided.json()["decided_by"] == "admin_a"
    assert pending.create(create_body()).status_code == 201
    assert pending.get("/v1/auth/me").json()["has_approved_access"] is True


def test_nobody_approves_their_own_request(central: Central) -> None:
    central.sql(
        "DELETE FROM access_requests WHERE staff_id ="
        " (SELECT id FROM staff WHERE username = 'admin_a')"
    )
    request_id = _request(central, "admin_a")
    response = central.client("admin_a").write(
        f"/v1/access-requests/{request_id}/decision", {"approve": True}
    )
    assert response.status_code == 403
    assert "own" in response.json()["message"]
    status = central.sql("SELECT status FROM access_requests WHERE id = %s", request_id)
    assert status[0]["status"] == "pending"


def test_another_colleges_administrator_cannot_approve(central: Central) -> None:
    request_id = _request(central, "pending_a")
    response = central.client("admin_b").write(
        f"/v1/access-requests/{request_id}/decision", {"approve": True}
    )
    assert response.status_code == 403
    assert "own college" in response.json()["message"]


def test_system_administrator_cannot_approve(central: Central) -> None:
    request_id = _request(central, "pending_a")
    response = central.client("sysadmin").write(
        f"/v1/access-requests/{request_id}/decision", {"approve": True}
    )
    assert response.status_code == 403


def test_denied_request_keeps_creation_closed_and_is_audited(central: Central) -> None:
    request_id = _request(central, "pending_a")
    admin = central.client("admin_a2")
    response = admin.write(
        f"/v1/access-requests/{request_id}/decision",
        {"approve": False, "note": "not on intake rota"},
    )
    assert response.json()["status"] == "denied"
    assert central.client("pending_a").create(create_body()).status_code == 403
    actions = [e["action"] for e in admin.get("/v1/audit").json()]
    assert "access.request" in actions and "access.denied" in actions


def test_viewer_cannot_request_access(central: Central) -> None:
    response = central.client("viewer_a").write("/v1/access-requests", {"reason": "please"})
    assert response.status_code == 403
