"""Sign-in, token refresh, sign-out, and who am I."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends

from app.models.api import LoginRequest, RefreshRequest, StaffOut, TokenPair
from central.api.deps import CurrentActor, State, bearer_token
from central.errors import ServiceError
from central.services import staff

router = APIRouter(prefix="/v1/auth", tags=["auth"])


@router.post("/login", response_model=TokenPair)
def login(body: LoginRequest, svc: State) -> TokenPair:
    """Staff sign in with username and password; tokens come back."""
    error: ServiceError | None = None
    with svc.db.transaction() as conn:
        try:
            return staff.login(
                conn, body.username, body.password, body.workstation_id, svc.settings
            )
        except staff.DeferredError as deferred:
            # Commit the failure count, then refuse.
            error = deferred.error
    raise error


@router.post("/refresh", response_model=TokenPair)
def refresh(body: RefreshRequest, svc: State) -> TokenPair:
    """Exchange a refresh token for a new pair."""
    error: ServiceError | None = None
    with svc.db.transaction() as conn:
        try:
            return staff.refresh(conn, body.refresh_token, svc.settings, body.retry_key)
        except staff.DeferredError as deferred:
            error = deferred.error
    raise error


@router.post("/logout", status_code=204)
def logout(actor: CurrentActor, svc: State, token: Annotated[str, Depends(bearer_token)]) -> None:
    """Revoke this sign-in's tokens."""
    with svc.db.transaction() as conn:
        staff.logout(conn, actor, token)


@router.get("/me", response_model=StaffOut)
def me(actor: CurrentActor, svc: State) -> StaffOut:
    """The signed-in staff member, with whether account creation is approved."""
    with svc.db.connection() as conn:
        return staff.me(conn, actor)
