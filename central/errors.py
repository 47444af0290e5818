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
        """The JSON body sent to the client."""
        body: dict[str, Any] = {"code": self.code, "message": self.message}
        if self.field:
            body["field"] = self.field
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
