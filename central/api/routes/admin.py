"""Colleges, staff users, access requests and the audit log."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Query
from fastapi.responses import JSONResponse

from app.models.api import (
    AccessDecision,
    AccessRequestCreate,
    AccessRequestOut,
    AuditEntry,
    CollegeCreate,
    CollegeOut,
    StaffCreate,
    StaffOut,
)
from app.models.staff import Permission
from central.api.deps import CurrentActor, IdempotencyKey, State, idempotent_write
from central.services import staff

router = APIRouter(prefix="/v1", tags=["administration"])


@router.post("/colleges", response_model=CollegeOut, status_code=201)
def create_college(
    body: CollegeCreate, actor: CurrentActor, svc: State, key: IdempotencyKey
) -> JSONResponse:
    """A new college (system administrators)."""
    return idempotent_write(
        svc,
        actor,
        Permission.MANAGE_COLLEGES,
        key,
        "college.create",
        body,
        lambda conn: (201, staff.create_college(conn, actor, body, key)),
    )


@router.post("/staff", response_model=StaffOut, status_code=201)
def create_staff(
    body: StaffCreate, actor: CurrentActor, svc: State, key: IdempotencyKey
) -> JSONResponse:
    """A new staff user (college administrators: own college only)."""
    return idempotent_write(
        svc,
        actor,
        Permission.MANAGE_STAFF,
        key,
        "staff.create",
        body,
        lambda conn: (201, staff.create_staff(conn, actor, body, key)),
    )


@router.post("/access-requests", response_model=AccessRequestOut, status_code=201)
def request_access(
    body: AccessRequestCreate, actor: CurrentActor, svc: State, key: IdempotencyKey
) -> JSONResponse:
    """Ask for access to account creation."""
    return idempotent_write(
        svc,
        actor,
        Permission.REQUEST_CREATE_ACCESS,
        key,
        "access.request",
        body,
        lambda conn: (201, staff.request_access(conn, actor, body.reason, key)),
    )


@router.get("/access-requests", response_model=list[AccessRequestOut])
def list_access_requests(
    actor: CurrentActor,
    svc: State,
    status: Literal["pending", "approved", "denied", "revoked"] | None = None,
) -> list[AccessRequestOut]:
    """Requests of the administrator's college, or the caller's own."""
    with svc.db.connection() as conn:
        return staff.list_access_requests(conn, actor, status)


@router.post("/access-requests/{request_id}/decision", response_model=AccessRequestOut)
def decide_access(
    request_id: int, body: AccessDecision, actor: CurrentActor, svc: State, key: IdempotencyKey
) -> JSONResponse:
    """Approve or deny a request (another administrator of the same college)."""
    return idempotent_write(
        svc,
        actor,
        Permission.DECIDE_ACCESS,
        key,
        f"access.decide:{request_id}",
        body,
        lambda conn: (200, staff.decide_access(conn, actor, request_id, body, key)),
    )


@router.get("/audit", response_model=list[AuditEntry])
def read_audit(
    actor: CurrentActor,
    svc: State,
    after_id: int = Query(default=0, ge=0),
    limit: int = Query(default=200, ge=1, le=1000),
) -> list[AuditEntry]:
    """Audit entries after ``after_id``, oldest first."""
    with svc.db.connection() as conn:
        return staff.read_audit(conn, actor, after_id, limit)
