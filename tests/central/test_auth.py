"""Staff sign-in, refresh rotation, lockout and sign-out."""

from __future__ import annotations

import httpx

from tests.central.support import STAFF_PASSWORD, Central, Client


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


def _refresh(client: Client, token: str, key: str | None) -> httpx.Response:
    body = {"refresh_token": token} | ({"retry_key": key} if key else {})
    return client.http.post("/v1/auth/refresh", json=body)


def _me(client: Client, access: str) -> int:
    return client.http.get("/v1/auth/me", headers={"Authorization": f"Bearer {access}"}).status_code


def test_a_retried_refresh_with_its_key_gets_the_same_refresh_token(central: Central) -> None:
    """The answer to a refresh was lost: the desk sends the same token and key again and must
    stay signed in, with the same new refresh token (the one the server already stored)."""
    client = central.client("creator_a")
    old = client.refresh_token
    lost = _refresh(client, old, "k" * 22)
    assert lost.status_code == 200
    retried = _refresh(client, old, "k" * 22)
    assert retried.status_code == 200, retried.text
    assert retried.json()["refresh_token"] == lost.json()["refresh_token"]
    assert retried.json()["access_token"] != lost.json()["access_token"]
    assert _me(client, retried.json()["access_token"]) == 200
    # The first answer's access token is left to expire: it may have been late, not lost,
    # and be in use.
    assert _me(client, lost.json()["access_token"]) == 200
    # The session carries on: the successor rotates as usual.
    onward = _refresh(client, retried.json()["refresh_token"], "m" * 22)
    assert onward.status_code == 200
    assert _me(client, onward.json()["access_token"]) == 200
    audit = central.sql(
        "SELECT count(*) AS n FROM audit_log WHERE action = 'staff.refresh_retried'"
    )
    assert audit[0]["n"] == 1


def test_a_reused_refresh_token_with_another_key_still_signs_the_family_out(
    central: Central,
) -> None:
    client = central.client("creator_a")
    old = client.refresh_token
    first = _refresh(client, old, "k" * 22)
    assert first.status_code == 200
    for thief_key in ("t" * 22, None):
        stolen = _refresh(client, old, thief_key)
        assert stolen.status_code == 401
    assert _me(client, first.json()["access_token"]) == 401
    assert _refresh(client, first.json()["refresh_token"], "n" * 22).status_code == 401


def test_a_late_duplicate_after_the_successor_was_used_is_refused_quietly(
    central: Central,
) -> None:
    """The network held the first refresh past the client's timeout; the client retried, got
    its answer and refreshed again; then the held request arrives. Refused, but the desk's
    session goes on: only the desk ever held that retry key."""
    client = central.client("creator_a")
    old = client.refresh_token
    first = _refresh(client, old, "k" * 22)
    second = _refresh(client, first.json()["refresh_token"], "m" * 22)
    assert second.status_code == 200
    late = _refresh(client, old, "k" * 22)
    assert late.status_code == 401
    assert _me(client, second.json()["access_token"]) == 200
    assert _refresh(client, second.json()["refresh_token"], "p" * 22).status_code == 200


def test_reuse_without_the_key_after_the_successor_was_used_is_theft(central: Central) -> None:
    client = central.client("creator_a")
    old = client.refresh_token
    first = _refresh(client, old, "k" * 22)
    second = _refresh(client, first.json()["refresh_token"], "m" * 22)
    assert _refresh(client, old, "x" * 22).status_code == 401
    assert _me(client, second.json()["access_token"]) == 401
    assert _refresh(client, second.json()["refresh_token"], "p" * 22).status_code == 401


def test_a_retry_after_sign_out_is_refused(central: Central) -> None:
    client = central.client("creator_a")
    old = client.refresh_token
    first = _refresh(client, old, "k" * 22)
    access = first.json()["access_token"]
    out = client.http.post("/v1/auth/logout", headers={"Authorization": f"Bearer {access}"})
    assert out.status_code == 204
    assert _refresh(client, old, "k" * 22).status_code == 401


def test_the_server_keeps_no_refresh_token_or_retry_key_in_the_clear(central: Central) -> None:
    client = central.client("creator_a")
    first = _refresh(client, client.refresh_token, "secretkey" * 3)
    rows = central.sql("SELECT token_hash, rotated_with FROM staff_tokens")
    stored = b"".join(bytes(r["token_hash"]) + bytes(r["rotated_with"] or b"") for r in rows)
    assert first.json()["refresh_token"].encode() not in stored
    assert b"secretkey" not in stored


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
