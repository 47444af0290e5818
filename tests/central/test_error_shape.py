"""Every refusal answers in the service's one shape, ``{code, message, field}``.

FastAPI and Starlette answer some requests themselves (an unknown route, a method a route does not
take, a body that cannot be decoded) with ``{"detail": ...}``, a shape the desk cannot show as a
message for a person. Each request here reaches one of those paths, or one of the service's own.
"""

from __future__ import annotations

import socket

import httpx
import pytest

from central.errors import from_http_status
from tests.central.support import Central

JSON = {"content-type": "application/json"}


def _assert_shape(response: httpx.Response) -> dict[str, object]:
    assert response.headers["content-type"] == "application/json", response.text
    body = response.json()
    assert isinstance(body, dict), body
    assert "detail" not in body, body
    assert {"code", "message", "field"} <= set(body), body
    assert isinstance(body["code"], str) and body["code"], body
    assert isinstance(body["message"], str) and body["message"].strip(), body
    assert body["field"] is None or isinstance(body["field"], str), body
    return body


@pytest.mark.parametrize(
    ("method", "path", "headers", "content", "status", "code", "field", "words"),
    [
        # Starlette's router: no such route.
        ("GET", "/v1/no-such-route", {}, None, 404, "no_route", None, "/v1/no-such-route"),
        ("GET", "/docs/nothing", {}, None, 404, "no_route", None, "not a route"),
        # Starlette's router: a route that does not take this method.
        ("DELETE", "/v1/auth/login", {}, None, 405, "method_not_allowed", None, "POST"),
        ("OPTIONS", "/v1/server", {}, None, 405, "method_not_allowed", None, "GET"),
        # FastAPI: a JSON body that is not UTF-8 (its "error parsing the body").
        ("POST", "/v1/auth/login", JSON, b'{"username": "\xff"}', 400, "bad_body", "body", "UTF-8"),
        # FastAPI: a body that is not JSON at all (wrong content type).
        (
            "POST",
            "/v1/auth/login",
            {"content-type": "text/plain"},
            b"username=a",
            422,
            "invalid",
            "body",
            "application/json",
        ),
        # The service's own refusals (no field to name: it is still there, as null).
        ("GET", "/v1/accounts/AAA0001", {}, None, 401, "not_signed_in", None, "Sign in"),
        (
            "GET",
            "/v1/accounts/AAA0001",
            {"authorization": "Bearer nonsense"},
            None,
            401,
            "bad_token",
            None,
            "sign in",
        ),
        # A header that is too long for its field.
        (
            "GET",
            "/v1/accounts/AAA0001",
            {"authorization": "Bearer nonsense", "x-workstation-id": "w" * 65},
            None,
            422,
            "invalid",
            "x-workstation-id",
            "64",
        ),
    ],
)
def test_framework_refusals_use_the_service_shape(
    central: Central,
    method: str,
    path: str,
    headers: dict[str, str],
    content: bytes | None,
    status: int,
    code: str,
    field: str | None,
    words: str,
) -> None:
    response = httpx.request(method, central.base_url + path, headers=headers, content=content)
    assert response.status_code == status, response.text
    body = _assert_shape(response)
    assert body["code"] == code, body
    if field is not None:
        assert body["field"] == field, body
    assert words.lower() in str(body["message"]).lower(), body


def test_method_not_allowed_still_says_which_methods(central: Central) -> None:
    response = httpx.delete(f"{central.base_url}/v1/auth/login")
    assert response.status_code == 405
    assert response.headers["allow"] == "POST"
    _assert_shape(response)


def test_head_of_an_unknown_route_has_no_body(central: Central) -> None:
    # HEAD answers never carry a body; the status still says what happened.
    response = httpx.head(f"{central.base_url}/v1/no-such-route")
    assert response.status_code == 404
    assert response.content == b""


def test_refusal_with_an_empty_field_names_null(central: Central) -> None:
    response = central.anonymous().http.post("/v1/accounts", json={})
    assert response.status_code == 401
    assert _assert_shape(response)["field"] is None


def test_malformed_request_line_is_refused_by_the_server_before_the_app(central: Central) -> None:
    # Not HTTP at all: uvicorn answers before any application code runs (plain text). Recorded
    # here so that a change of server that starts answering with "detail" is noticed.
    with socket.create_connection(("127.0.0.1", central.server.port), timeout=10) as sock:
        sock.sendall(b"NOT HTTP\r\n\r\n")
        answer = sock.recv(65536)
    assert answer.startswith(b"HTTP/1.1 400 "), answer
    assert b'"detail"' not in answer


def test_any_other_framework_refusal_keeps_its_words_in_the_shape() -> None:
    # No route raises one today; a future dependency (fastapi.security, say) would.
    error = from_http_status(401, "Not authenticated", method="GET", path="/v1/x")
    assert error.body() == {"code": "http_401", "message": "Not authenticated.", "field": None}
    assert from_http_status(409, None, method="GET", path="/").message == (
        "The request was refused (HTTP 409)."
    )
