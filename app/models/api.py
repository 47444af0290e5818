"""Request and response bodies of the central API: the wire contract both programs stand on.

The central service's routes take and give these; the desk's client builds every request body and
parses every answer with them, so a field that drifts fails here, at build time or in review of
``central/openapi.json``, not as a 422 after a slip has printed. Student fields come from the
shared ``app.models.account`` so that the desktop form and the server validate with the same
rules. Every request model forbids unknown fields, so a misspelt field is
reported instead of silently ignored.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)

from app.models.account import REVEAL_SSN, StudentFields
from app.models.band import Band
from app.models.cccid import CCCID
from app.models.probe import StudentProbe
from app.models.staff import Role
from app.models.unique import UniqueField


def wire_body(model: BaseModel) -> dict[str, Any]:
    """A request model as the JSON the service takes (the SSN included: the body of a create
    lives only in the desk's encrypted outbox and on the way to the service)."""
    return model.model_dump(mode="json", context=REVEAL_SSN, exclude_none=True)


class Strict(BaseModel):
    """Base for request bodies: unknown fields are an error, strings are trimmed."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    @field_validator("*", mode="after")
    @classmethod
    def _no_nul(cls, value: Any, info: ValidationInfo) -> Any:
        # PostgreSQL text cannot hold NUL; say so instead of failing in the database.
        if isinstance(value, str) and "\x00" in value:
            raise ValueError(f"{info.field_name} must not contain NUL (\\0) characters.")
        return value


# ---- server and auth -------------------------------------------------------------------------


class DemoSignIn(BaseModel):
    """A demo staff sign-in. Only the built-in sandbox has any; the sign-in screen shows them."""

    username: str
    password: str
    role: Role
    display_name: str


class ServerInfo(BaseModel):
    """What a client needs before anything else: the epoch and the server's clock."""

    epoch: uuid.UUID
    server_time: dt.datetime
    schema_version: int
    service: str = "account-desk-central"
    demo_sign_ins: list[DemoSignIn] = Field(
        default_factory=list,
        description="The sandbox's demo sign-ins; always empty on a real service.",
    )


class LoginRequest(Strict):
    """Staff sign-in."""

    username: str = Field(min_length=1, max_length=64)
    password: str = Field(min_length=1, max_length=256)
    workstation_id: str = Field(min_length=1, max_length=64)


class RefreshRequest(Strict):
    """Exchange a refresh token for a new pair (the old refresh token stops working)."""

    refresh_token: str = Field(min_length=1, max_length=200)
    retry_key: str | None = Field(
        default=None,
        min_length=16,
        max_length=100,
        pattern=r"^[A-Za-z0-9_-]+$",
        description=(
            "A random key the client picks for this refresh and sends again, unchanged, if it "
            "has to retry (the answer was lost). The retry gets the same new refresh token "
            "while that one is unused; without a key any reuse signs the family out."
        ),
    )


class StaffOut(BaseModel):
    """A staff member as other staff see them."""

    id: int
    username: str
    display_name: str
    role: Role
    college_code: str | None
    college_name: str | None = None
    intake_mailbox: str | None = None
    active: bool
    has_approved_access: bool = False


class TokenPair(BaseModel):
    """Bearer tokens. The access token is short-lived; the refresh token rotates on use."""

    access_token: str
    refresh_token: str
    token_type: Literal["bearer"] = "bearer"  # noqa: S105 - the OAuth token type, not a secret
    access_expires_at: dt.datetime
    refresh_expires_at: dt.datetime
    staff: StaffOut


# ---- colleges, staff, access -----------------------------------------------------------------


class CollegeCreate(Strict):
    """A new college (system administrators only)."""

    code: str = Field(pattern=r"^[0-9A-Z]{3}$", description="3-character MIS college code")
    name: str = Field(min_length=1, max_length=120)
    intake_mailbox: str | None = Field(default=None, max_length=254)


class CollegeOut(BaseModel):
    """A college."""

    id: int
    code: str
    name: str
    intake_mailbox: str | None


class StaffCreate(Strict):
    """A new staff user. College administrators create staff of their own college only."""

    username: str = Field(pattern=r"^[a-z0-9._@-]{3,64}$")
    display_name: str = Field(min_length=1, max_length=120)
    password: str = Field(min_length=12, max_length=256)
    role: Role
    college_code: str | None = Field(default=None, pattern=r"^[0-9A-Z]{3}$")


class AccessRequestCreate(Strict):
    """A staff member asks for access to account creation."""

    reason: str = Field(default="", max_length=500)


class AccessDecision(Strict):
    """A college administrator approves or denies a request."""

    approve: bool
    note: str | None = Field(default=None, max_length=500)


class AccessRequestOut(BaseModel):
    """An access request and its decision."""

    id: int
    staff_username: str
    college_code: str
    status: Literal["pending", "approved", "denied", "revoked"]
    reason: str
    requested_at: dt.datetime
    decided_by: str | None
    decided_at: dt.datetime | None
    decision_note: str | None


# ---- CCCID leases ----------------------------------------------------------------------------


class LeaseRequest(Strict):
    """Ask for a block of CCCIDs to use while offline."""

    size: int = Field(ge=1, le=1000)


class LeaseOut(BaseModel):
    """A block of CCCIDs reserved for one workstation until ``expires_at`` (server clock)."""

    lease_id: int
    workstation_id: str
    issued_at: dt.datetime
    expires_at: dt.datetime
    cccids: list[str]


# ---- accounts and duplicates ----------------------------------------------------------------


class Candidate(BaseModel):
    """An existing account that may be the same student, with why."""

    cccid: str
    band: Band
    score: float
    reasons: list[str]
    college_code: str
    summary: dict[str, Any]


class DuplicateCheckRequest(Strict):
    """Score a student against every account in the system, with whatever is typed so far."""

    student: StudentProbe


class TakenIdentifier(BaseModel):
    """A value of the student's that another account already holds, where each account needs its
    own (``app.models.unique``): a create repeating it is refused, so the desk refuses it first."""

    field: UniqueField
    value: str
    cccid: str
    """The account that holds it (any college's)."""


class DuplicateCheckResponse(BaseModel):
    """Candidates, best first, and what a create with these values would be refused for."""

    candidates: list[Candidate]
    taken: list[TakenIdentifier] = Field(
        default_factory=list,
        description=(
            "Identifiers of the student that already belong to another account (the email): "
            "a create repeating one is refused with email_taken."
        ),
    )


class DuplicateCheckBatchRequest(Strict):
    """Many students at once (a spreadsheet import): one request instead of one per row."""

    students: list[StudentProbe] = Field(min_length=1, max_length=100)


class DuplicateCheckBatchResponse(BaseModel):
    """Each student's candidates, in the order the students were sent."""

    results: list[DuplicateCheckResponse]


class CreateDecision(Strict):
    """How staff decided about the candidates they were shown."""

    action: Literal["create_anyway", "link"]
    reason: str | None = Field(default=None, max_length=500)
    link_cccid: CCCID | None = None
    considered_cccids: list[CCCID] = Field(default_factory=list, max_length=50)

    @model_validator(mode="after")
    def _complete(self) -> CreateDecision:
        if self.action == "create_anyway" and not (self.reason and len(self.reason) >= 3):
            raise ValueError("decision.reason: say why this is a different student (3+ letters).")
        if self.action == "link" and not self.link_cccid:
            raise ValueError("decision.link_cccid: give the CCCID of the student's account.")
        return self


class AccountCreate(Strict):
    """Create one account (an outbox entry replayed as is)."""

    student: StudentFields
    temp_password_hash: str = Field(min_length=1, max_length=256)
    cccid: CCCID | None = Field(default=None, description="A CCCID leased to this workstation")
    decision: CreateDecision | None = None
    main_phone_text_wording: str | None = Field(default=None, max_length=300)
    second_phone_text_wording: str | None = Field(default=None, max_length=300)


class AccountOut(BaseModel):
    """An account as staff see it. Never the SSN (only its last 4) nor any password hash."""

    model_config = ConfigDict(extra="allow")

    cccid: str
    college_code: str
    status: Literal["active", "deactivated"]
    locked: bool
    credential_state: Literal["pending", "reclaimed", "expired"]
    temp_password_expires_at: dt.datetime | None
    review_state: Literal["none", "needs_review", "resolved"]
    review_reasons: list[str]
    review_candidates: list[dict[str, Any]]
    created_at: dt.datetime
    updated_at: dt.datetime
    created_by: str
    workstation_id: str
    created_with_lease: bool
    student: dict[str, Any]


class AccountCreateResult(BaseModel):
    """What happened to a create request."""

    outcome: Literal["created", "created_needs_review", "needs_review", "linked"]
    account: AccountOut | None
    candidates: list[Candidate]


class StatusChange(Strict):
    """Deactivate/reactivate and lock/unlock an account."""

    status: Literal["active", "deactivated"] | None = None
    locked: bool | None = None
    reason: str = Field(min_length=3, max_length=500)

    @model_validator(mode="after")
    def _something(self) -> StatusChange:
        if self.status is None and self.locked is None:
            raise ValueError("Give status, locked, or both.")
        return self


class ReviewResolution(Strict):
    """Close a review flag: the account is a different student, or a duplicate of another."""

    resolution: Literal["different_student", "duplicate_of"]
    duplicate_of: CCCID | None = None
    note: str = Field(min_length=3, max_length=500)

    @model_validator(mode="after")
    def _target(self) -> ReviewResolution:
        if self.resolution == "duplicate_of" and not self.duplicate_of:
            raise ValueError("duplicate_of: give the CCCID this account duplicates.")
        return self


class CredentialReissue(Strict):
    """A new temporary password (reprinting a slip voids the old one)."""

    temp_password_hash: str = Field(min_length=1, max_length=256)


class AccountLink(Strict):
    """ "This is the student": staff identified the student as an existing account's holder.

    Nothing is created; the central service records who linked which account, from where.
    """

    considered_cccids: list[CCCID] = Field(default_factory=list, max_length=50)
    source: Literal["single", "import"] = "single"
    note: str | None = Field(default=None, max_length=500)


class AccountLinkOut(BaseModel):
    """The recorded link. Only the CCCID and college: the account may be another college's."""

    cccid: str
    college_code: str
    linked_at: dt.datetime
    linked_by: str


# ---- change feed and audit -------------------------------------------------------------------


class ChangePage(BaseModel):
    """One page of the change feed."""

    epoch: uuid.UUID
    changes: list[AccountOut]
    next_cursor: str
    has_more: bool


class AuditEntry(BaseModel):
    """One audit log entry."""

    id: int
    at: dt.datetime
    staff_username: str | None
    college_code: str | None
    workstation_id: str | None
    action: str
    target: str | None
    idempotency_key: uuid.UUID | None
    details: dict[str, Any]
