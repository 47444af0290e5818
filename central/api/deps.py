"""Request plumbing shared by the routes: the database, the signed-in actor, idempotent writes."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, Header, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, SecretStr

from app.models.account import REVEAL_SSN
from app.models.staff import Permission
from central.config import Settings
from central.db.pool import Connection, Database
from central.errors import ServiceError
from central.services import idempotency
from central.services.actor import Actor
from central.services.staff import actor_from_token
from central.ssn_key import SsnKey


@dataclass
class ServiceState:
    """What one running service holds: settings, the pool, the epoch and the SSN key."""

    settings: Settings
    db: Database
    epoch: uuid.UUID
    schema_version: int
    ssn_key: SsnKey


def state(request: Request) -> ServiceState:
    """The service state stored on the FastAPI app at start-up."""
    return request.app.state.service  # type: ignore[no-any-return]


State = Annotated[ServiceState, Depends(state)]


def bearer_token(request: Request) -> str:
    """The bearer token of the request, or 401."""
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise ServiceError(
            401, "not_signed_in", "Sign in first: this request needs a bearer token."
        )
    return token.strip()


def workstation_header(
    x_workstation_id: Annotated[str | None, Header(max_length=64)] = None,
) -> str | None:
    """The X-Workstation-Id header, recorded in the audit log."""
    return x_workstation_id


def current_actor(
    svc: State,
    token: Annotated[str, Depends(bearer_token)],
    workstation: Annotated[str | None, Depends(workstation_header)],
) -> Actor:
    """The signed-in staff member; roles are checked by every endpoint from this."""
    with svc.db.connection() as conn:
        return actor_from_token(conn, token, workstation)


CurrentActor = Annotated[Actor, Depends(current_actor)]


def idempotency_key(
    idempotency_key: Annotated[str | None, Header()] = None,
) -> uuid.UUID:
    """The Idempotency-Key header every write must carry: a UUID made by the client."""
    if not idempotency_key:
        raise ServiceError(
            400,
            "idempotency_key_missing",
            "Every write needs an Idempotency-Key header (a UUID made by the client, reused on "
            "every retry of the same request).",
            field="Idempotency-Key",
        )
    try:
        return uuid.UUID(idempotency_key)
    except ValueError:
        raise ServiceError(
            400,
            "idempotency_key_invalid",
            "The Idempotency-Key header must be a UUID.",
            field="Idempotency-Key",
        ) from None


IdempotencyKey = Annotated[uuid.UUID, Depends(idempotency_key)]


def _unsecret(value: Any) -> Any:
    """Secrets in their real form, so that two bodies differing only in an SSN hash differently."""
    if isinstance(value, SecretStr):
        return value.get_secret_value()
    if isinstance(value, dict):
        return {k: _unsecret(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_unsecret(v) for v in value]
    return value


def canonical_body(model: BaseModel | None) -> Any:
    """A request body as plain data for the idempotency digest."""
    if model is None:
        return None
    # The SSN is masked in every dump unless asked for by name; two requests that differ only in
    # the SSN must not look the same.
    return _unsecret(model.model_dump(mode="json", context=REVEAL_SSN))


def idempotent_write(
    svc: ServiceState,
    actor: Actor,
    permission: Permission,
    key: uuid.UUID,
    operation: str,
    body: BaseModel | None,
    work: Callable[[Connection], tuple[int, BaseModel]],
) -> JSONResponse:
    """Run ``work`` once per idempotency key, in one transaction with the key's record.

    The permission is checked before a stored response is returned, so a replayed outbox entry is
    refused if its sender has lost the right to make it.
    """
    if workstation_missing(actor):
        raise ServiceError(
            400,
            "workstation_missing",
            "Every write needs an X-Workstation-Id header.",
            field="X-Workstation-Id",
        )
    actor.require(permission)
    digest = idempotency.request_hash(operation, canonical_body(body))
    with svc.db.transaction() as conn:
        stored = idempotency.claim(conn, key, actor.staff_id, operation, digest)
        if stored is not None:
            return JSONResponse(
                stored.body, status_code=stored.status_code, headers={"Idempotent-Replay": "true"}
            )
        status_code, result = work(conn)
        payload = result.model_dump(mode="json")
        idempotency.store(conn, key, status_code, payload)
    return JSONResponse(payload, status_code=status_code)


def workstation_missing(actor: Actor) -> bool:
    """True when neither the request nor the sign-in named a workstation."""
    return not actor.workstation_id
