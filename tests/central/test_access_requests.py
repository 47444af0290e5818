"""Access to account creation: requested by staff, approved by another administrator of the same
college, never by oneself."""

from __future__ import annotations

from tests.central.support import STAFF_PASSWORD, Central, create_body


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


# ---- nobody approves their own request through an account they made or were made by ---------


def _new_staff(central: Central, maker: str, username: str, role: str) -> int:
    """``maker`` creates ``username`` through the API; returns the HTTP status."""
    response = central.client(maker).write(
        "/v1/staff",
        {
            "username": username,
            "display_name": username.title(),
            "password": STAFF_PASSWORD,
            "role": role,
            "college_code": "861",
        },
    )
    return response.status_code


def test_a_college_administrator_cannot_create_another_administrator(central: Central) -> None:
    # The probe's path: an administrator without approved access made a second administrator,
    # who then approved the first one's request.
    assert _new_staff(central, "admin_a", "second_admin", "college_admin") == 403
    assert central.sql("SELECT 1 FROM staff WHERE username = 'second_admin'") == []
    # A system administrator may, and is recorded as the maker.
    assert _new_staff(central, "sysadmin", "second_admin", "college_admin") == 201
    made = central.sql(
        "SELECT m.username FROM staff s JOIN staff m ON m.id = s.created_by"
        " WHERE s.username = 'second_admin'"
    )
    assert made == [{"username": "sysadmin"}]


def test_an_administrator_cannot_approve_staff_they_made(central: Central) -> None:
    assert _new_staff(central, "admin_a", "made_by_admin", "creator") == 201
    request_id = _request(central, "made_by_admin")
    refused = central.client("admin_a").write(
        f"/v1/access-requests/{request_id}/decision", {"approve": True}
    )
    assert refused.status_code == 403, refused.text
    assert "made this staff account" in refused.json()["message"]
    assert central.sql("SELECT status FROM access_requests WHERE id = %s", request_id) == [
        {"status": "pending"}
    ]
    # Another administrator of the college, unrelated by creation, may.
    approved = central.client("admin_a2").write(
        f"/v1/access-requests/{request_id}/decision", {"approve": True}
    )
    assert approved.status_code == 200 and approved.json()["status"] == "approved"


def test_staff_cannot_approve_the_administrator_who_made_them(central: Central) -> None:
    # The other direction, through legacy data made before college administrators lost the right
    # to make administrators: admin_a made a second administrator, which made a third; neither
    # may approve admin_a's request, nor admin_a theirs.
    central.sql(
        "INSERT INTO staff (college_id, username, display_name, password_hash, role, created_by)"
        " SELECT college_id, 'legacy_admin', 'Legacy Admin', password_hash, 'college_admin', id"
        " FROM staff WHERE username = 'admin_a'"
    )
    central.sql(
        "INSERT INTO staff (college_id, username, display_name, password_hash, role, created_by)"
        " SELECT college_id, 'legacy_admin2', 'Legacy Admin 2', password_hash, 'college_admin',"
        " (SELECT id FROM staff WHERE username = 'legacy_admin') FROM staff"
        " WHERE username = 'admin_a'"
    )
    central.sql(
        "DELETE FROM access_requests WHERE staff_id ="
        " (SELECT id FROM staff WHERE username = 'admin_a')"
    )
    request_id = _request(central, "admin_a")
    for approver in ("legacy_admin", "legacy_admin2"):
        refused = central.client(approver).write(
            f"/v1/access-requests/{request_id}/decision", {"approve": True}
        )
        assert refused.status_code == 403, (approver, refused.text)
        assert "made yours" in refused.json()["message"]
    assert central.sql("SELECT status FROM access_requests WHERE id = %s", request_id) == [
        {"status": "pending"}
    ]
    unrelated = central.client("admin_a2").write(
        f"/v1/access-requests/{request_id}/decision", {"approve": True}
    )
    assert unrelated.status_code == 200, unrelated.text
