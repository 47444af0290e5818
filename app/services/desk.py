"""The desk: what the signed-in counselor's screens ask for, composed from the store, the central
client and the sync engine. Qt-free; the views call these from worker threads.

Every method here may block (disk, network, argon2); none may be called on the UI thread.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Final

from app.models.account import StudentFields
from app.models.api import CreateDecision, ReviewResolution, TakenIdentifier
from app.models.probe import StudentProbe
from app.services import attention, slips
from app.services.accounts_local import (
    LocalAccountError,
    LocalCreateResult,
    confirmed_expiry,
    create_account_locally,
    queue_link,
    reissue_credentials_locally,
)
from app.services.candidates import CandidateView, merge
from app.services.central_client import CentralClient, CentralError
from app.services.decide_first import refuse_undecided
from app.services.matching.from_student import StudentLike
from app.services.staff_session import StaffIdentity
from app.services.store import LocalStore, accounts, leases, outbox, settings
from app.services.store.outbox import OutboxEntry
from app.services.sync.engine import SyncEngine
from app.services.taken import merged, refuse_taken, taken_here

# The central check gets a short deadline: the panel already shows the local answer, and a slow
# network must not keep "Checking…" on screen while a student waits.
CENTRAL_CHECK_TIMEOUT = 4.0

LINK_AT_THE_DESK: Final = 'choose "This is the student" if that is the student\'s own account'
"""How a taken email's message offers the link at the New student form."""
LINK_FROM_THE_SYNC_PAGE: Final = (
    "discard this upload and print a new slip for that account if it is the student's own"
)
"""The same, for a refused upload corrected on the Sync page (its CCCID is already printed)."""


class RefusedByServiceError(ValueError):
    """The central service refused the upload made for a slip, so no slip is made; ``str()``
    gives the service's words and what to do."""


@dataclass(frozen=True)
class DuplicateAnswer:
    """The merged answer of the local and (when reachable) central checks."""

    candidates: list[CandidateView]
    checked_central: bool
    nothing_to_check: bool = False
    """Nothing typed yet could identify anyone (the panel shows its empty state)."""
    taken: list[TakenIdentifier] = field(default_factory=list)
    """What the typed values repeat of another account's (a create would be refused)."""


@dataclass(frozen=True)
class CollegeInfo:
    """What the desk shows about the staff member's college."""

    name: str
    intake_mailbox: str | None


def remember_college(store: LocalStore, client: CentralClient) -> None:
    """Keep the college's name and intake mailbox for offline days (no-op when offline)."""
    try:
        me = client.me()
    except CentralError:
        return
    with store.transaction() as conn:
        if me.college_name:
            settings.COLLEGE_NAME.put(conn, me.college_name)
        if me.intake_mailbox:
            settings.INTAKE_MAILBOX.put(conn, me.intake_mailbox)


def local_candidates(store: LocalStore, student: StudentLike) -> list[CandidateView]:
    """The cached accounts (this college's) that may be ``student``; works offline."""
    with store.read() as conn:
        local = accounts.find_candidates(conn, accounts.person_from_student(student))
    return [
        CandidateView(
            c.cccid, c.band, c.score, c.reasons, c.college_code, c.summary, frozenset({"local"})
        )
        for c in local
    ]


def load_college(store: LocalStore, college_code: str | None) -> CollegeInfo:
    """The college as last seen online (reads the store: off the UI thread)."""
    with store.read() as conn:
        name = settings.COLLEGE_NAME.get(conn)
        mailbox = settings.INTAKE_MAILBOX.get(conn)
    return CollegeInfo(name or f"College {college_code}", mailbox)


class Desk:
    """One signed-in staff member at one workstation."""

    def __init__(
        self,
        store: LocalStore,
        client: CentralClient,
        engine: SyncEngine,
        identity: StaffIdentity,
        college: CollegeInfo | None = None,
    ) -> None:
        self.store = store
        self.client = client
        self.engine = engine
        self.identity = identity
        # Loaded once at sign-in (or passed in by start-up, read off the UI thread) and kept:
        # the views ask for it on the UI thread, which never reads the store.
        self._college = college if college is not None else self._load_college()

    # ---- college details (remembered for offline days) -----------------------------------

    def refresh_college(self) -> CollegeInfo:
        """Ask the server for the college's name and intake mailbox; fall back to what is kept."""
        remember_college(self.store, self.client)
        self._college = self._load_college()
        return self._college

    def college(self) -> CollegeInfo:
        """The college as loaded at sign-in or last refreshed (no store read: views may ask)."""
        return self._college

    def _load_college(self) -> CollegeInfo:
        return load_college(self.store, self.identity.college_code)

    def reclaim_url(self) -> str:
        """Where the slip sends the student (a setting; defaults to the central service)."""
        with self.store.read() as conn:
            url = settings.RECLAIM_URL.get(conn)
        return url or f"{self.client.base_url}/reclaim"

    # ---- duplicates ------------------------------------------------------------------------

    def local_candidates(self, student: StudentLike) -> list[CandidateView]:
        """This college's cached accounts that may be ``student`` (works offline)."""
        return local_candidates(self.store, student)

    def check_duplicates(self, typed: dict[str, Any]) -> DuplicateAnswer:
        """Candidates for what is typed so far: this college's cache, and every college online;
        with what the typed values repeat of another account's."""
        probe = StudentProbe.model_validate(typed)
        if probe.is_empty():
            return DuplicateAnswer([], checked_central=False, nothing_to_check=True)
        local_views = self.local_candidates(probe)
        with self.store.read() as conn:
            taken = taken_here(conn, probe.email)
        checked_central = False
        central: list[CandidateView] = []
        central_taken: list[TakenIdentifier] = []
        if self.engine.status.online:
            try:
                answer = self.client.check_duplicates(
                    probe.model_dump(mode="json", exclude_none=True)
                    | ({"ssn": probe.ssn_digits()} if probe.ssn else {})
                )
                central = [CandidateView.from_central(c.model_dump()) for c in answer.candidates]
                central_taken = answer.taken
                checked_central = True
            except CentralError:
                checked_central = False
        return DuplicateAnswer(
            merge(local_views, central), checked_central, taken=merged(taken, central_taken)
        )

    def taken(self, student: StudentFields, *, exclude: str | None = None) -> list[TakenIdentifier]:
        """What ``student`` repeats of another account's: the cache always, the service when it
        answers (``exclude``: the account being corrected)."""
        with self.store.read() as conn:
            here = taken_here(conn, student.email, exclude=exclude)
        central: list[TakenIdentifier] = []
        if self.engine.status.online and student.email:
            try:
                central = self.client.check_duplicates(student).taken
            except CentralError:
                # Unreachable now: the upload is the service's last word, and a refusal there
                # still prints nothing (see _upload_now).
                central = []
        return merged(here, central, exclude=exclude)

    # ---- creating --------------------------------------------------------------------------

    def reserved_cccids(self) -> int:
        """CCCIDs this workstation can still hand out without a network."""
        with self.store.read() as conn:
            return leases.usable_count(conn, self.store.server_now())

    def create(
        self,
        student: StudentFields,
        decision: CreateDecision | None,
        shown: Sequence[CandidateView] = (),
    ) -> slips.SlipContent:
        """Create the account locally (committed before this returns) and make its slip.

        Refused with :class:`UndecidedDuplicatesError` while a certain or probable candidate is
        undecided: one of ``shown`` (what staff saw, e.g. the central check's answer) or one the
        cache finds now for the finished record."""
        refuse_undecided([*shown, *self.local_candidates(student)], decision)
        # What the service would refuse for certain is refused here, before a CCCID is used.
        refuse_taken(self.taken(student), link=LINK_AT_THE_DESK)
        if self.reserved_cccids() == 0 and self.engine.status.online:
            # A fresh install that has been online only a moment: reserve CCCIDs first.
            self.engine.run_once()
        # NoLeasedCccidError goes to the caller: its message tells staff how to get CCCIDs.
        result = create_account_locally(self.store, student, decision, self.identity)
        return self._slip(result, student, self._upload_now(result.outbox_id, "account"))

    def link(self, cccid: str, considered: list[str]) -> bool:
        """ "This is the student": queue the link (sent at once when online).

        Returns True when the central service already has it, False when it waits in the outbox.
        """
        with self.store.transaction() as conn:
            entry_id = queue_link(
                conn, self.store, cccid, self.identity, considered=considered, source="single"
            )
        if not self.engine.status.online:
            self.engine.sync_now()
            return False
        self.engine.run_once()
        with self.store.read() as conn:
            entry = outbox.get(conn, entry_id)
        return entry is not None and entry.state == "confirmed"

    def reissue(self, cccid: str) -> slips.SlipContent:
        """New temporary credentials for an account of this college (the old ones stop working
        when the reprint reaches the central service)."""
        result = reissue_credentials_locally(self.store, cccid, self.identity)
        with self.store.read() as conn:
            cached = accounts.get(conn, cccid)
        assert cached is not None
        student = StudentFields.model_validate(
            {k: v for k, v in cached.student.items() if k in StudentFields.model_fields}
        )
        return self._slip(result, student, self._upload_now(result.outbox_id, "new password"))

    # ---- what needs a person (the Sync page) ----------------------------------------------

    def refused_student(self, entry_id: str) -> StudentFields:
        """The student of a refused (or held) create, as it was sent, for correcting."""
        with self.store.read() as conn:
            entry = outbox.get(conn, entry_id)
        if entry is None or entry.kind != "account.create":
            raise LocalAccountError("Only a new account's details can be corrected.")
        return StudentFields.model_validate(entry.payload["student"])

    def correct_refused(self, entry_id: str, student: StudentFields) -> OutboxEntry:
        """Correct a refused create and send it again (the CCCID and password on its printed
        slip stay). What the service would refuse again for certain is refused first, with
        nothing changed. Online the correction is sent at once; returns the entry as it is then
        (``confirmed``, ``needs_attention`` with the new refusal, or waiting)."""
        with self.store.read() as conn:
            entry = outbox.get(conn, entry_id)
        if entry is None:
            raise LocalAccountError("That upload no longer exists.")
        refuse_taken(self.taken(student, exclude=entry.cccid), link=LINK_FROM_THE_SYNC_PAGE)
        new_id = attention.edit_and_requeue(self.store, entry_id, student, self.identity)
        return self._send_now(new_id)

    def resolve_review(self, item: attention.ReviewItem, resolution: ReviewResolution) -> None:
        """Decide a needs-review item: on the service for an account it flagged (online only),
        or here for a create it held (sent again at once when online)."""
        if item.source == "server_flag":
            attention.resolve_flag(self.store, self.client, item.cccid, resolution, self.identity)
            return
        new_id = attention.decide_held(self.store, item, resolution, self.identity)
        if new_id is not None:
            self._send_now(new_id)

    def _send_now(self, entry_id: str) -> OutboxEntry:
        if self.engine.status.online:
            self.engine.run_once()
        else:
            self.engine.sync_now()
        with self.store.read() as conn:
            entry = outbox.get(conn, entry_id)
        assert entry is not None  # entries are never deleted
        return entry

    def _upload_now(self, outbox_id: str, what: str) -> dt.datetime | None:
        """Upload at once when online, so the slip can print the server's own expiry.

        The account is already committed locally; if the upload does not go through now, the
        engine keeps trying and the slip says the account is not yet confirmed. If the service
        refuses it, no slip is made: the entry is discarded (with the service's words in the
        audit log) and :class:`RefusedByServiceError` says what to correct.
        """
        if not self.engine.status.online:
            self.engine.sync_now()
            return None
        self.engine.run_once()
        with self.store.read() as conn:
            entry = outbox.get(conn, outbox_id)
        if entry is not None and entry.state == "needs_attention":
            self._refused_before_slip(entry, what)
        return None if entry is None else confirmed_expiry(entry)

    def _refused_before_slip(self, entry: OutboxEntry, what: str) -> None:
        said = entry.last_error or "refused"
        attention.discard(
            self.store,
            entry.id,
            self.identity,
            f"Refused by the statewide service before its slip was printed: {said}",
        )
        raise RefusedByServiceError(
            f"The statewide service refused this {what}: {said} No slip was printed; "
            "correct what it names and try again."
        )

    def _slip(
        self,
        result: LocalCreateResult,
        student: StudentFields,
        server_expires_at: dt.datetime | None,
    ) -> slips.SlipContent:
        return slips.slip_from_account(
            cccid=result.cccid,
            student=student,
            temp_password=result.temp_password,
            college_name=self.college().name,
            created_by=self.identity.display_name,
            issued_at=result.issued_at,
            reclaim_url=self.reclaim_url(),
            server_expires_at=server_expires_at,
            is_reprint=result.is_reprint,
        )


def local_now() -> dt.datetime:
    """The laptop's clock, for display only (never for order or expiry)."""
    return dt.datetime.now().astimezone()
