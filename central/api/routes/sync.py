"""What the sync engine calls besides accounts: server info, CCCID leases, the change feed."""

from __future__ import annotations

from fastapi import APIRouter, Query
from fastapi.responses import JSONResponse

from app.models.api import ChangePage, LeaseOut, LeaseRequest, ServerInfo
from app.models.staff import Permission
from central.api.deps import CurrentActor, IdempotencyKey, State, idempotent_write
from central.services import cccids, changes
from central.services.accounts import server_now

router = APIRouter(prefix="/v1", tags=["sync"])


@router.get("/server", response_model=ServerInfo)
def server_info(svc: State) -> ServerInfo:
    """The epoch and the server clock (no sign-in needed)."""
    with svc.db.connection() as conn:
        now = server_now(conn)
    return ServerInfo(
        epoch=svc.epoch,
        server_time=now,
        schema_version=svc.schema_version,
        demo_sign_ins=list(svc.settings.demo_sign_ins),
    )


@router.post("/cccid-leases", response_model=LeaseOut, status_code=201)
def lease(body: LeaseRequest, actor: CurrentActor, svc: State, key: IdempotencyKey) -> JSONResponse:
    """Reserve a block of CCCIDs for this workstation."""
    return idempotent_write(
        svc,
        actor,
        Permission.CREATE_ACCOUNTS,
        key,
        "cccid.lease",
        body,
        lambda conn: (201, cccids.lease_block(conn, actor, body.size, key, svc.settings)),
    )


@router.get("/cccid-leases", response_model=list[LeaseOut])
def open_leases(actor: CurrentActor, svc: State) -> list[LeaseOut]:
    """This workstation's unexpired leases and their unused CCCIDs."""
    with svc.db.connection() as conn:
        return cccids.open_leases(conn, actor)


@router.get("/changes", response_model=ChangePage)
def changes_since(
    actor: CurrentActor,
    svc: State,
    cursor: str = Query(default="", max_length=200),
    limit: int = Query(default=500, ge=1, le=changes.MAX_PAGE),
    college: str | None = Query(default=None, pattern=r"^[0-9A-Z]{3}$"),
) -> ChangePage:
    """Accounts changed after ``cursor``, in server order."""
    with svc.db.connection() as conn:
        college_id = None
        if college is not None:
            from central.services.staff import college_id_for

            college_id = college_id_for(conn, college)
        return changes.changes_since(conn, actor, svc.epoch, cursor, limit, college_id)
