"""Accounts: create (idempotent), duplicate check, read, status, review, new credentials, link."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from app.models.api import (
    AccountCreate,
    AccountCreateResult,
    AccountLink,
    AccountLinkOut,
    AccountOut,
    CredentialReissue,
    DuplicateCheckBatchRequest,
    DuplicateCheckBatchResponse,
    DuplicateCheckRequest,
    DuplicateCheckResponse,
    ReviewResolution,
    StatusChange,
)
from app.models.cccid import normalize_cccid
from app.models.staff import Permission
from central.api.deps import CurrentActor, IdempotencyKey, State, idempotent_write
from central.db.pool import Connection
from central.errors import invalid
from central.services import accounts

router = APIRouter(prefix="/v1", tags=["accounts"])


def _cccid(value: str) -> str:
    try:
        return normalize_cccid(value)
    except ValueError as error:
        raise invalid("cccid", str(error)) from None


@router.post(
    "/accounts",
    response_model=AccountCreateResult,
    status_code=201,
    responses={200: {"model": AccountCreateResult, "description": "needs review, or linked"}},
)
def create_account(
    body: AccountCreate, actor: CurrentActor, svc: State, key: IdempotencyKey
) -> JSONResponse:
    """Create an account, or answer "needs review" with the candidates, or link."""

    def work(conn: Connection) -> tuple[int, AccountCreateResult]:
        outcome = accounts.create_account(conn, actor, body, key, svc.settings, svc.ssn_key)
        return outcome.status_code, outcome.result

    return idempotent_write(
        svc, actor, Permission.CREATE_ACCOUNTS, key, "account.create", body, work
    )


@router.post("/duplicates/check", response_model=DuplicateCheckResponse)
def check_duplicates(
    body: DuplicateCheckRequest, actor: CurrentActor, svc: State
) -> DuplicateCheckResponse:
    """Score a student against every account in the system, and say which of its identifiers
    another account already holds (a read: no idempotency key)."""
    actor.require(Permission.CHECK_DUPLICATES)
    with svc.db.connection() as conn:
        candidates = accounts.check_duplicates(conn, body.student, svc.settings, svc.ssn_key)
        taken = accounts.taken_identifiers(conn, body.student)
    return DuplicateCheckResponse(candidates=candidates, taken=taken)


@router.post("/duplicates/check-batch", response_model=DuplicateCheckBatchResponse)
def check_duplicates_batch(
    body: DuplicateCheckBatchRequest, actor: CurrentActor, svc: State
) -> DuplicateCheckBatchResponse:
    """Score up to 100 students against every account in the system, in order (a read)."""
    actor.require(Permission.CHECK_DUPLICATES)
    with svc.db.connection() as conn:
        results = [
            DuplicateCheckResponse(
                candidates=accounts.check_duplicates(conn, probe, svc.settings, svc.ssn_key),
                taken=accounts.taken_identifiers(conn, probe),
            )
            for probe in body.students
        ]
    return DuplicateCheckBatchResponse(results=results)


@router.get("/accounts/{cccid}", response_model=AccountOut)
def get_account(cccid: str, actor: CurrentActor, svc: State) -> AccountOut:
    """One account of the caller's college."""
    with svc.db.connection() as conn:
        return accounts.get_account(conn, actor, _cccid(cccid))


@router.post("/accounts/{cccid}/status", response_model=AccountOut)
def change_status(
    cccid: str, body: StatusChange, actor: CurrentActor, svc: State, key: IdempotencyKey
) -> JSONResponse:
    """Deactivate, reactivate, lock or unlock an account."""
    target = _cccid(cccid)
    return idempotent_write(
        svc,
        actor,
        Permission.MANAGE_ACCOUNT_STATUS,
        key,
        f"account.status:{target}",
        body,
        lambda conn: (200, accounts.change_status(conn, actor, target, body, key)),
    )


@router.post("/accounts/{cccid}/review", response_model=AccountOut)
def resolve_review(
    cccid: str, body: ReviewResolution, actor: CurrentActor, svc: State, key: IdempotencyKey
) -> JSONResponse:
    """Close a "needs review" flag with a person's decision."""
    target = _cccid(cccid)
    return idempotent_write(
        svc,
        actor,
        Permission.RESOLVE_REVIEWS,
        key,
        f"account.review:{target}",
        body,
        lambda conn: (200, accounts.resolve_review(conn, actor, target, body, key)),
    )


@router.post("/accounts/{cccid}/credentials", response_model=AccountOut)
def reissue_credentials(
    cccid: str, body: CredentialReissue, actor: CurrentActor, svc: State, key: IdempotencyKey
) -> JSONResponse:
    """New temporary credentials for a reprinted slip; the old password stops working."""
    target = _cccid(cccid)
    return idempotent_write(
        svc,
        actor,
        Permission.CREATE_ACCOUNTS,
        key,
        f"account.credentials:{target}",
        body,
        lambda conn: (
            200,
            accounts.reissue_credentials(conn, actor, target, body, key, svc.settings),
        ),
    )


@router.post("/accounts/{cccid}/links", response_model=AccountLinkOut)
def link_account(
    cccid: str, body: AccountLink, actor: CurrentActor, svc: State, key: IdempotencyKey
) -> JSONResponse:
    """ "This is the student": record that staff identified the student as this account's
    holder. Nothing is created; any college's account may be linked."""
    target = _cccid(cccid)
    return idempotent_write(
        svc,
        actor,
        Permission.CREATE_ACCOUNTS,
        key,
        f"account.link:{target}",
        body,
        lambda conn: (200, accounts.link_account(conn, actor, target, body, key)),
    )
