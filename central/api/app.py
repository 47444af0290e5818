"""The FastAPI application: start-up (migrate, epoch, pool) and how errors are answered."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from typing import Any

import psycopg
from fastapi import FastAPI, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from psycopg.rows import dict_row
from starlette.exceptions import HTTPException as StarletteHTTPException

from app.models.account import FIELD_LABELS
from central.api.body_limit import BodyLimit
from central.api.deps import ServiceState
from central.api.routes import accounts, admin, auth, sync
from central.config import Settings
from central.db.epoch import ensure_epoch
from central.db.migrate import migrate
from central.db.pool import Database
from central.errors import ServiceError, from_http_status
from central.services import block_keys, ssn_keys
from central.ssn_key import MISSING_KEY_MESSAGE, SsnKey, SsnKeyError, load_ssn_key

log = logging.getLogger("central")

MAX_BODY_BYTES = 1024 * 1024


def _ssn_key(settings: Settings) -> SsnKey:
    """The SSN key from the settings or the environment; never from the database."""
    key = settings.ssn_key or load_ssn_key(settings.ssn_key_file)
    if key is None:
        raise SsnKeyError(MISSING_KEY_MESSAGE)
    return key


@contextmanager
def _key_held(settings: Settings) -> Iterator[SsnKey]:
    """The SSN key, checked against the database, with the shared lock that keeps a rotation
    out for as long as this service runs."""
    with psycopg.connect(settings.database_url, autocommit=True, row_factory=dict_row) as hold:
        try:
            key = _ssn_key(settings)
            ssn_keys.hold_shared_lock(hold)
            with hold.transaction():
                ssn_keys.verify(hold, key, settings.ssn_key_file)
        except SsnKeyError as error:
            # Said plainly for the operator before the server gives up starting.
            log.error("%s", error)
            raise
        yield key


def _field_name(loc: tuple[Any, ...]) -> str:
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "header")]
    return ".".join(parts) or "body"


def _readable(error: dict[str, Any]) -> dict[str, str]:
    """One validation error as {field, message}, the message naming the field for a person."""
    loc = tuple(error.get("loc", ()))
    field = _field_name(loc)
    message = str(error.get("msg", "is not valid"))
    if error.get("type") == "json_invalid":
        return {
            "field": "body",
            "message": "The request body is not valid JSON: "
            + str(error.get("ctx", {}).get("error", message)),
        }
    if message.startswith("Value error, "):
        message = message[len("Value error, ") :]
    if error.get("type") == "extra_forbidden":
        message = f"{field} is not a field this service knows; remove it or check its spelling."
    elif error.get("type") == "model_attributes_type" and loc == ("body",):
        # Most often a body sent as text or a form: FastAPI only parses JSON content types.
        message = (
            "The request body must be a JSON object, sent with Content-Type: application/json."
        )
    elif error.get("type") == "missing":
        message = f"{field} is required."
    else:
        leaf = str(loc[-1]) if loc else field
        label = FIELD_LABELS.get(leaf, field)
        if label not in message and field not in message:
            message = f"{label}: {message}"
    return {"field": field, "message": message}


def create_app(settings: Settings) -> FastAPI:
    """A central service bound to ``settings.database_url``; migrates on start."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        version = migrate(settings.database_url)
        epoch = ensure_epoch(settings.database_url)
        with _key_held(settings) as ssn_key:
            db = Database(settings.database_url, max_size=settings.pool_max_size)
            db.open()
            app.state.service = ServiceState(settings, db, epoch, version, ssn_key)
            rebuilding = block_keys.rebuild_in_background(settings.database_url)
            log.info("central service ready: schema %s, epoch %s", version, epoch)
            try:
                yield
            finally:
                if rebuilding is not None:
                    thread, stop = rebuilding
                    stop.set()
                    thread.join(30)
                db.close()

    app = FastAPI(
        title="Account Desk central identity service",
        version="1.0",
        description="Accounts, CCCIDs, staff and the sync API used by the Account Desk app.",
        lifespan=lifespan,
    )

    # Every route, whatever the framing: a chunked body has no Content-Length to check.
    app.add_middleware(BodyLimit, max_bytes=MAX_BODY_BYTES)

    @app.exception_handler(ServiceError)
    async def service_error(_: Request, error: ServiceError) -> JSONResponse:
        headers = {"WWW-Authenticate": "Bearer"} if error.status == 401 else None
        return JSONResponse(error.body(), status_code=error.status, headers=headers)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, error: StarletteHTTPException) -> Response:
        # Refusals FastAPI and Starlette make themselves (no such route, a method the route does
        # not take, a body that cannot be decoded) would answer {"detail": ...}; they get the
        # service's shape like every other refusal. Headers such as Allow are kept.
        headers = dict(error.headers or {})
        if error.status_code < 200 or error.status_code in (204, 304):
            return Response(status_code=error.status_code, headers=headers)
        shaped = from_http_status(
            error.status_code,
            error.detail,
            method=request.method,
            path=request.url.path,
            allow=headers.get("Allow"),
        )
        return JSONResponse(shaped.body(), status_code=error.status_code, headers=headers)

    @app.exception_handler(RequestValidationError)
    async def validation_error(_: Request, error: RequestValidationError) -> JSONResponse:
        errors = [_readable(dict(e)) for e in error.errors()]
        first = errors[0] if errors else {"field": "body", "message": "The request is not valid."}
        return JSONResponse(
            {
                "code": "invalid",
                "message": first["message"],
                "field": first["field"],
                "errors": errors,
            },
            status_code=422,
        )

    app.include_router(sync.router)
    app.include_router(auth.router)
    app.include_router(accounts.router)
    app.include_router(admin.router)
    return app
