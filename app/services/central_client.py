"""The one HTTP client for the central identity service (its contract: central/openapi.json).

Everything the desktop sends to the server goes through :class:`CentralClient`: the base URL,
the ``X-Workstation-Id`` header, the bearer token (kept in the OS keyring, refreshed on its own
when the server says it expired), and typed answers (the contract's pydantic models, imported from
``app.models.api`` so that both sides read the same definitions).

Failures come back as exceptions that say what the caller should do:

* :class:`RetryableError` (network error, timeout, 5xx, 408, 429 with ``retry_after``): try again
  later, with the same Idempotency-Key.
* :class:`EpochChangedError` (410): the server was restored; pull from the start, re-send.
* :class:`SignInRequiredError` (401 that a refresh cannot fix): a person must sign in.
* :class:`RequestRefusedError` (any other 4xx): retrying the same request cannot succeed;
  ``message`` is the server's sentence for a person, ``field`` the field it is about.

Nothing here logs a password, a token, a request body or an SSN.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import hashlib
import secrets
import threading
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final, TypeVar

import httpx
from pydantic import BaseModel, TypeAdapter, ValidationError

from app.models.account import REVEAL_SSN, StudentFields
from app.models.api import (
    AccountCreateResult,
    AccountLinkOut,
    AccountOut,
    ChangePage,
    DuplicateCheckBatchResponse,
    DuplicateCheckResponse,
    LeaseOut,
    LeaseRequest,
    LoginRequest,
    RefreshRequest,
    ServerInfo,
    StaffOut,
    TokenPair,
    wire_body,
)
from app.services.secrets import SecretStore

ACCESS_TOKEN_NAME: Final = "central-access-token"  # noqa: S105 - keyring entry names
REFRESH_TOKEN_NAME: Final = "central-refresh-token"  # noqa: S105
# The retry key of a refresh sent but not yet answered, as "<fingerprint of that refresh
# token>:<key>": a retry after a lost answer (or after the desk stopped) sends the same key and
# gets the same new tokens instead of looking like a stolen refresh token.
REFRESH_RETRY_KEY_NAME: Final = "central-refresh-retry-key"
DEFAULT_TIMEOUT: Final = httpx.Timeout(30.0, connect=10.0)
USER_AGENT: Final = "AccountDesk/0.1"

Model = TypeVar("Model", bound=BaseModel)
_LEASES = TypeAdapter(list[LeaseOut])


# ---- errors ------------------------------------------------------------------------------------


class CentralError(Exception):
    """A request to the central service did not succeed; ``message`` is for a person."""

    def __init__(self, message: str, *, code: str = "error", status: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.status = status


class RetryableError(CentralError):
    """Trying again later can succeed (network, timeout, 5xx, 408, 429)."""

    def __init__(
        self,
        message: str,
        *,
        code: str,
        status: int | None = None,
        retry_after: float | None = None,
    ) -> None:
        super().__init__(message, code=code, status=status)
        self.retry_after = retry_after


class OfflineError(RetryableError):
    """The server could not be reached at all (no network, refused, DNS, connect timeout)."""


class EpochChangedError(CentralError):
    """The server was restored since this workstation's cursor was made (410)."""

    def __init__(self, message: str, epoch: str | None) -> None:
        super().__init__(message, code="epoch_changed", status=410)
        self.epoch = epoch


class SignInRequiredError(CentralError):
    """No valid session: a person must sign in again."""


class RequestRefusedError(CentralError):
    """A 4xx that sending the same request again cannot fix."""

    def __init__(
        self,
        message: str,
        *,
        code: str,
        status: int,
        field: str | None,
        body: Mapping[str, Any] | None,
    ) -> None:
        super().__init__(message, code=code, status=status)
        self.field = field
        self.body = dict(body) if body else None


class ContractError(RetryableError):
    """The server answered something this client does not understand (likely a proxy page or a
    version mismatch); treated as retryable so that nothing is dropped."""


# ---- answers -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class CreateAnswer:
    """The server's answer to a create: 201 created, 200 needs review or linked."""

    status_code: int
    result: AccountCreateResult
    replayed: bool
    raw: dict[str, Any]


@dataclass(frozen=True)
class WriteAnswer:
    """The server's answer to another write that returns an account."""

    status_code: int
    account: AccountOut
    replayed: bool
    raw: dict[str, Any]


# ---- helpers -----------------------------------------------------------------------------------


def retry_after_seconds(value: str | None, now: dt.datetime | None = None) -> float | None:
    """``Retry-After`` as seconds: either delta-seconds or an HTTP date."""
    if not value:
        return None
    text = value.strip()
    if text.isdigit():
        return float(text)
    try:
        when = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return max(0.0, (when - (now or dt.datetime.now(dt.UTC))).total_seconds())


def _json(response: httpx.Response) -> dict[str, Any] | None:
    try:
        body = response.json()
    except ValueError:
        return None
    return body if isinstance(body, dict) else None


def classify(response: httpx.Response) -> CentralError:
    """The exception for a response that is not a success."""
    status = response.status_code
    body = _json(response) or {}
    code = str(body.get("code") or f"http_{status}")
    message = str(body.get("message") or "")
    if status == 410 and code == "epoch_changed":
        epoch = body.get("epoch")
        return EpochChangedError(
            message or "The central service was restored from a backup.",
            str(epoch) if epoch else None,
        )
    if status == 401:
        return SignInRequiredError(message or "Please sign in again.", code=code, status=status)
    if status in (408, 429) or status >= 500:
        if not message:
            message = (
                "The central service is busy; trying again shortly."
                if status == 429
                else f"The central service had a problem (HTTP {status}); trying again shortly."
            )
        return RetryableError(
            message,
            code=code,
            status=status,
            retry_after=retry_after_seconds(response.headers.get("retry-after")),
        )
    return RequestRefusedError(
        message or f"The central service refused the request (HTTP {status}).",
        code=code,
        status=status,
        field=str(body["field"]) if body.get("field") else None,
        body=body or None,
    )


# ---- the client --------------------------------------------------------------------------------


def _fingerprint(refresh_token: str) -> str:
    """Which refresh token a kept retry key belongs to, without keeping the token twice."""
    return hashlib.sha256(refresh_token.encode()).hexdigest()[:16]


class CentralClient:
    """The central API for one server and one workstation; safe to share between threads."""

    def __init__(
        self,
        base_url: str,
        secret_store: SecretStore,
        workstation_id: str,
        *,
        timeout: httpx.Timeout | float = DEFAULT_TIMEOUT,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.workstation_id = workstation_id
        self._secrets = secret_store
        self._refresh_lock = threading.Lock()
        self._unanswered: bool | None = None  # see _refresh_unanswered
        self._http = httpx.Client(
            base_url=self.base_url,
            timeout=timeout,
            headers={"User-Agent": USER_AGENT, "X-Workstation-Id": workstation_id},
        )

    def close(self) -> None:
        """Close the connection pool."""
        self._http.close()

    def __enter__(self) -> CentralClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ---- transport ---------------------------------------------------------------------------

    def _send(
        self,
        method: str,
        path: str,
        *,
        json_body: Any = None,
        params: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> httpx.Response:
        try:
            return self._http.request(
                method, path, json=json_body, params=params, headers=dict(headers or {})
            )
        except (httpx.ConnectError, httpx.ConnectTimeout) as error:
            raise OfflineError(
                f"The central service at {self.base_url} cannot be reached "
                f"({type(error).__name__}). Working offline.",
                code="offline",
            ) from None
        except httpx.TimeoutException as error:
            raise RetryableError(
                f"The central service did not answer in time ({type(error).__name__}).",
                code="timeout",
            ) from None
        except httpx.TransportError as error:
            raise OfflineError(
                f"The connection to the central service failed ({type(error).__name__}).",
                code="network",
            ) from None

    def _check(self, response: httpx.Response) -> httpx.Response:
        if response.is_success:
            return response
        raise classify(response)

    def _parse(self, model: type[Model], response: httpx.Response) -> Model:
        try:
            return model.model_validate_json(response.content)
        except ValidationError:
            raise ContractError(
                f"The central service sent an answer this version of Account Desk does not "
                f"understand (HTTP {response.status_code}, {model.__name__}).",
                code="contract",
                status=response.status_code,
            ) from None

    # ---- session -----------------------------------------------------------------------------

    def has_session(self) -> bool:
        """True when a refresh token is stored (a sign-in may still be valid)."""
        return self._secrets.get(REFRESH_TOKEN_NAME) is not None

    def _keep(self, tokens: TokenPair) -> None:
        self._secrets.set(ACCESS_TOKEN_NAME, tokens.access_token)
        self._secrets.set(REFRESH_TOKEN_NAME, tokens.refresh_token)

    def forget_session(self) -> None:
        """Remove the stored tokens (sign-out, or a refusal that needs a new sign-in)."""
        self._secrets.delete(ACCESS_TOKEN_NAME)
        self._secrets.delete(REFRESH_TOKEN_NAME)
        self._secrets.delete(REFRESH_RETRY_KEY_NAME)
        self._unanswered = False

    def _refresh_unanswered(self) -> bool:
        """True when a refresh of the kept refresh token was sent and its answer never kept
        (by this client, or by an earlier run that stopped). Read from the keyring once, then
        tracked here: it is asked before every request."""
        if self._unanswered is None:
            pending = self._secrets.get(REFRESH_RETRY_KEY_NAME)
            refresh_token = self._secrets.get(REFRESH_TOKEN_NAME)
            self._unanswered = (
                pending is not None
                and refresh_token is not None
                and pending.partition(":")[0] == _fingerprint(refresh_token)
            )
        return self._unanswered

    def _retry_key_for(self, refresh_token: str) -> str:
        """The key to send with a refresh of ``refresh_token``: the one already sent with it if
        that refresh was never answered, else a new one, kept before it is sent."""
        fingerprint = _fingerprint(refresh_token)
        pending = self._secrets.get(REFRESH_RETRY_KEY_NAME)
        if pending is not None:
            kept_for, _, key = pending.partition(":")
            if kept_for == fingerprint and key:
                return key
        key = secrets.token_urlsafe(24)
        self._secrets.set(REFRESH_RETRY_KEY_NAME, f"{fingerprint}:{key}")
        self._unanswered = True
        return key

    def login(self, username: str, password: str) -> TokenPair:
        """Sign in; the tokens go to the keyring. The password is sent once and not kept."""
        response = self._check(
            self._send(
                "POST",
                "/v1/auth/login",
                json_body=wire_body(
                    LoginRequest(
                        username=username, password=password, workstation_id=self.workstation_id
                    )
                ),
            )
        )
        tokens = self._parse(TokenPair, response)
        self._keep(tokens)
        self._secrets.delete(REFRESH_RETRY_KEY_NAME)  # an older sign-in's, if any
        self._unanswered = False
        return tokens

    def refresh(self, *, stale_access: str | None = None) -> TokenPair | None:
        """Rotate the refresh token. Serialised: the server revokes a refresh token's whole
        family when it is used twice, so two threads must never both use the same one. Returns
        None when another thread already refreshed since ``stale_access`` was read."""
        with self._refresh_lock:
            current = self._secrets.get(ACCESS_TOKEN_NAME)
            if stale_access is not None and current is not None and current != stale_access:
                return None
            refresh_token = self._secrets.get(REFRESH_TOKEN_NAME)
            if refresh_token is None:
                raise SignInRequiredError("Sign in to connect to the central service.")
            retry_key = self._retry_key_for(refresh_token)
            # A lost answer raises here and leaves the key kept: the next try sends it again.
            response = self._send(
                "POST",
                "/v1/auth/refresh",
                json_body=wire_body(
                    RefreshRequest(refresh_token=refresh_token, retry_key=retry_key)
                ),
            )
            if response.status_code == 401:
                self.forget_session()
            tokens = self._parse(TokenPair, self._check(response))
            self._keep(tokens)
            self._secrets.delete(REFRESH_RETRY_KEY_NAME)
            self._unanswered = False
            return tokens

    def logout(self) -> None:
        """Revoke this sign-in on the server (best effort) and forget the tokens."""
        try:
            self._authed("POST", "/v1/auth/logout")
        except CentralError:
            pass
        finally:
            self.forget_session()

    def _authed(
        self,
        method: str,
        path: str,
        *,
        json_body: Any = None,
        params: Mapping[str, Any] | None = None,
        key: uuid.UUID | str | None = None,
    ) -> httpx.Response:
        """A signed-in request; refreshes the access token once if the server says it expired."""
        extra = {"Idempotency-Key": str(key)} if key is not None else {}
        for attempt in (1, 2):
            access = self._secrets.get(ACCESS_TOKEN_NAME)
            if access is None or self._refresh_unanswered():
                # A refresh sent but never answered revoked the access token kept here: finish
                # that refresh (same retry key) before anything else.
                self.refresh(stale_access=access)
                access = self._secrets.get(ACCESS_TOKEN_NAME)
                if access is None:
                    raise SignInRequiredError("Sign in to connect to the central service.")
            response = self._send(
                method,
                path,
                json_body=json_body,
                params=params,
                headers={**extra, "Authorization": f"Bearer {access}"},
            )
            if response.status_code == 401 and attempt == 1:
                error = classify(response)
                if error.code == "token_expired":
                    self.refresh(stale_access=access)
                    continue
            return self._check(response)
        raise AssertionError("unreachable")  # pragma: no cover

    # ---- the API -----------------------------------------------------------------------------

    def server_info(self) -> ServerInfo:
        """The server's epoch and clock (no sign-in needed)."""
        return self._parse(ServerInfo, self._check(self._send("GET", "/v1/server")))

    def me(self) -> StaffOut:
        """The signed-in staff member."""
        return self._parse(StaffOut, self._authed("GET", "/v1/auth/me"))

    def lease_cccids(self, size: int, key: uuid.UUID | str) -> LeaseOut:
        """Reserve ``size`` CCCIDs for this workstation (idempotent under ``key``)."""
        response = self._authed(
            "POST", "/v1/cccid-leases", json_body=wire_body(LeaseRequest(size=size)), key=key
        )
        return self._parse(LeaseOut, response)

    def open_leases(self) -> list[LeaseOut]:
        """This workstation's unexpired leases with their still-unused CCCIDs."""
        response = self._authed("GET", "/v1/cccid-leases")
        try:
            return _LEASES.validate_json(response.content)
        except ValidationError:
            raise ContractError(
                "The central service sent a lease list this version does not understand.",
                code="contract",
            ) from None

    def create_account(self, body: Mapping[str, Any], key: uuid.UUID | str) -> CreateAnswer:
        """POST /v1/accounts with ``body`` exactly as queued (it may hold the SSN)."""
        response = self._authed("POST", "/v1/accounts", json_body=body, key=key)
        return CreateAnswer(
            status_code=response.status_code,
            result=self._parse(AccountCreateResult, response),
            replayed=response.headers.get("idempotent-replay") == "true",
            raw=response.json(),
        )

    def reissue_credentials(
        self, cccid: str, body: Mapping[str, Any], key: uuid.UUID | str
    ) -> WriteAnswer:
        """POST /v1/accounts/{cccid}/credentials: a reprinted slip's new password hash."""
        response = self._authed(
            "POST", f"/v1/accounts/{cccid}/credentials", json_body=body, key=key
        )
        return WriteAnswer(
            status_code=response.status_code,
            account=self._parse(AccountOut, response),
            replayed=response.headers.get("idempotent-replay") == "true",
            raw=response.json(),
        )

    def link_account(
        self, cccid: str, body: Mapping[str, Any], key: uuid.UUID | str
    ) -> AccountLinkOut:
        """POST /v1/accounts/{cccid}/links: "this is the student" (nothing is created)."""
        response = self._authed("POST", f"/v1/accounts/{cccid}/links", json_body=body, key=key)
        return self._parse(AccountLinkOut, response)

    def resolve_review(
        self, cccid: str, body: Mapping[str, Any], key: uuid.UUID | str
    ) -> AccountOut:
        """POST /v1/accounts/{cccid}/review: close a "needs review" flag with a decision."""
        response = self._authed("POST", f"/v1/accounts/{cccid}/review", json_body=body, key=key)
        return self._parse(AccountOut, response)

    def get_account(self, cccid: str) -> AccountOut:
        """One account of this college."""
        return self._parse(AccountOut, self._authed("GET", f"/v1/accounts/{cccid}"))

    def check_duplicates(
        self, student: StudentFields | Mapping[str, Any]
    ) -> DuplicateCheckResponse:
        """Systemwide candidates for a student (a read; the SSN, if given, is sent to be
        compared and is not kept by the server)."""
        data = (
            student.model_dump(mode="json", context=REVEAL_SSN, exclude_none=True)
            if isinstance(student, StudentFields)
            else dict(student)
        )
        response = self._authed("POST", "/v1/duplicates/check", json_body={"student": data})
        return self._parse(DuplicateCheckResponse, response)

    def check_duplicates_batch(
        self, students: Sequence[Mapping[str, Any]]
    ) -> list[list[dict[str, Any]]]:
        """Systemwide candidates for up to 100 students (a spreadsheet's rows), in order."""
        return [
            [c.model_dump(mode="json") for c in answer.candidates]
            for answer in self.check_duplicates_batch_answers(students)
        ]

    def check_duplicates_batch_answers(
        self, students: Sequence[Mapping[str, Any]]
    ) -> list[DuplicateCheckResponse]:
        """:meth:`check_duplicates_batch` with each student's whole answer: its candidates and
        the identifiers another account already holds (a create repeating one is refused)."""
        response = self._authed(
            "POST", "/v1/duplicates/check-batch", json_body={"students": list(students)}
        )
        return self._parse(DuplicateCheckBatchResponse, response).results

    def changes_since(self, cursor: str, limit: int = 500) -> ChangePage:
        """One page of the college's account changes after ``cursor``."""
        response = self._authed("GET", "/v1/changes", params={"cursor": cursor, "limit": limit})
        return self._parse(ChangePage, response)
