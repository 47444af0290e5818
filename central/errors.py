"""Errors a request can end in, each with a status, a stable code and a message for a person."""

from __future__ import annotations

from typing import Any


class ServiceError(Exception):
    """A refusal the client can show as it is: ``message`` names the field and the fix."""

    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        *,
        field: str | None = None,
        extra: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.field = field
        self.extra = extra or {}

    def body(self) -> dict[str, Any]:
        """The JSON body sent to the client: always ``code``, ``message`` and ``field`` (null
        when no one field is at fault), then any extra keys."""
        body: dict[str, Any] = {"code": self.code, "message": self.message, "field": self.field}
        body.update(self.extra)
        return body


def not_found(what: str) -> ServiceError:
    """404 for ``what`` (e.g. "CCCID AAA0001")."""
    return ServiceError(404, "not_found", f"{what} was not found.")


def forbidden(message: str) -> ServiceError:
    """403 with a message saying what is missing."""
    return ServiceError(403, "forbidden", message)


def conflict(code: str, message: str, **extra: Any) -> ServiceError:
    """409: the request is valid but clashes with what the server holds."""
    return ServiceError(409, code, message, extra=extra)


def invalid(field: str, message: str) -> ServiceError:
    """422 for one field."""
    return ServiceError(422, "invalid", message, field=field)


# What FastAPI says when it cannot decode a body it expected to be JSON (not valid UTF-8, say).
_BODY_PARSE_DETAIL = "There was an error parsing the body"


def from_http_status(
    status: int, detail: object, *, method: str, path: str, allow: str | None = None
) -> ServiceError:
    """A refusal FastAPI or Starlette made itself (their ``HTTPException``), as the service's
    own, so that every answer has one shape with a message a person can act on."""
    where = path if len(path) <= 200 else path[:200] + "..."
    if status == 404:
        return ServiceError(
            404, "no_route", f"{method} {where} is not a route of this service; check the address."
        )
    if status == 405:
        allowed = f"; it takes {allow}" if allow else ""
        return ServiceError(405, "method_not_allowed", f"{where} does not take {method}{allowed}.")
    if status == 400 and detail == _BODY_PARSE_DETAIL:
        return ServiceError(
            400,
            "bad_body",
            "The request body could not be read: send JSON encoded as UTF-8.",
            field="body",
        )
    text = (
        detail if isinstance(detail, str) and detail else f"The request was refused (HTTP {status})"
    )
    return ServiceError(status, f"http_{status}", text if text.endswith(".") else text + ".")
