"""Staff sign-in, refresh rotation, lockout and sign-out."""

from __future__ import annotations

from tests.central.conftest import Central
from tests.central.support import STAFF_PASSWORD, Client


def test_wrong_password_is_401_and_same_as_unknown_user(central: Central) -> None:
    anon = central.anonymous()
    wrong = anon.http.post(
        "/v1/auth/login", json={"username": "creator_a", "password": "nope", "workstation_id": "ws"}
    )
    unknown = anon.http.post(
        "/v1/auth/login", json={"username": "nobody_here", "password": "no", "workstation_id": "ws"}
    )
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json()["message"] == unknown.json()["message"]


def test_repeated_failures_lock_sign_in(central: Central) -> None:
    anon = central.anonymous()
    for _ in range(5):
        anon.http.post(
            "/v1/auth/login",
            json={"username": "viewer_a", "password": "bad", "workstation_id": "ws"},
        )
    locked = anon.http.post(
        "/v1/auth/login",
        json={"username": "viewer_a", "password": STAFF_PASSWORD, "workstation_id": "ws"},
    )
    assert locked.status_code == 429
    assert "paused" in locked.json()["message"]
    audit = central.sql("SELECT count(*) AS n FROM audit_log WHERE action = 'staff.login_failed'")
    assert audit[0]["n"] == 5


def test_refresh_rotates_and_reuse_revokes_the_family(central: Central) -> None:
    client = central.client("creator_a")
    old_refresh = client.refresh_token
    first = client.http.post("/v1/auth/refresh", json={"refresh_token": old_refresh})
    assert first.status_code == 200
    new_access = first.json()["access_token"]
    assert (
        client.http.get(
            "/v1/auth/me", headers={"Authorization": f"Bearer {new_access}"}
        ).status_code
        == 200
    )
    # The old refresh token is presented again: someone copied it. Sign everyone out.
    replay = client.http.post("/v1/auth/refresh", json={"refresh_token": old_refresh})
    assert replay.status_code == 401
    assert (
        client.http.get(
            "/v1/auth/me", headers={"Authorization": f"Bearer {new_access}"}
        ).status_code
        == 401
    )


def test_expired_access_token_says_refresh(central: Central) -> None:
    client = central.client("creator_a")
    central.sql(
        "UPDATE staff_tokens SET expires_at = now() - interval '1 second' WHERE kind = 'access'"
    )
    response = client.get("/v1/auth/me")
    assert response.status_code == 401 and response.json()["code"] == "token_expired"


def test_logout_revokes_tokens(central: Central) -> None:
    client = central.client("creator_a")
    assert client.http.post("/v1/auth/logout", headers=client.headers()).status_code == 204
    assert client.get("/v1/auth/me").status_code == 401
    refreshed = client.http.post("/v1/auth/refresh", json={"refresh_token": client.refresh_token})
    assert refreshed.status_code == 401


def test_deactivated_staff_cannot_sign_in(central: Central) -> None:
    central.sql("UPDATE staff SET active = false WHERE username = 'viewer_a'")
    response = Client(central.base_url, "viewer_a").http.post(
        "/v1/auth/login",
        json={"username": "viewer_a", "password": STAFF_PASSWORD, "workstation_id": "ws"},
    )
    assert response.status_code == 403
