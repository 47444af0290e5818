"""One workstation's running services, assembled in one place: the local store, the central
client, the sync engine, and (once staff sign in) the desk. The window, the command line, the
tests and the benches all start from here.

Opening goes in order, each step only after the one before succeeded: the keyring
(:class:`~app.services.secrets.NoSecureKeyringError` without a secure one), the local store (a
:class:`~app.services.store.StoreError` with a message for a person), then, given a server, the
client and an engine that is not running yet. Without a configured server the window starts the
built-in sandbox first (:meth:`Workstation.start_sandbox`). Signing in gives the engine the
staff member's college and makes the :class:`~app.services.desk.Desk`.

Closing goes the other way: the engine stops (its current step finishes), then the client, the
store and last the sandbox. A ``Workstation`` is a context manager.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from app.services.central_client import CentralClient, OfflineError
from app.services.clock import WallClock, utc_now
from app.services.desk import CollegeInfo, Desk, load_college
from app.services.paths import local_database_path
from app.services.sandbox_server import SandboxServer
from app.services.secrets import SecretStore
from app.services.server_choice import ServerProbe, save_choice, switch_to
from app.services.staff_session import StaffIdentity, sign_in_online, unlock_offline
from app.services.store import LocalStore, settings, sync_state
from app.services.sync import SyncConfig, SyncEngine

SignedIn = Literal["online", "offline"]


class NotConnectedError(RuntimeError):
    """The workstation has no central service yet (call connect or start_sandbox)."""


class Workstation:
    """The store, client, engine and desk of this workstation. Use :meth:`open`."""

    def __init__(
        self,
        store: LocalStore,
        secrets: SecretStore,
        *,
        config: SyncConfig | None = None,
        sandbox_data: bool = False,
    ) -> None:
        self.store = store
        self.secrets = secrets
        self.config = config or SyncConfig()
        self.sandbox_data = sandbox_data
        """The store is the sandbox's own (the real service's data lives in another file)."""
        self.sandbox: SandboxServer | None = None
        self.identity: StaffIdentity | None = None
        self.desk: Desk | None = None
        # The signed-in staff member's college, read at sign-in (see sign_in_or_unlock).
        self.college: CollegeInfo | None = None
        self._college_of: str | None = None
        self._client: CentralClient | None = None
        self._engine: SyncEngine | None = None

    # ---- opening ---------------------------------------------------------------------------

    @classmethod
    def open(
        cls,
        db_path: Path | None = None,
        secrets: SecretStore | None = None,
        *,
        server_url: str | None = None,
        sandbox_data: bool = False,
        config: SyncConfig | None = None,
        clock: WallClock = utc_now,
        timeout: float | None = None,
    ) -> Workstation:
        """Open the local store (at ``db_path``, or the usual place: the sandbox's own file when
        ``sandbox_data``) with ``secrets`` (the OS keyring by default); connect to
        ``server_url`` when given."""
        secrets = secrets if secrets is not None else SecretStore()
        path = db_path or local_database_path(sandbox=sandbox_data)
        store = LocalStore.open(path, secrets, clock=clock)
        workstation = cls(store, secrets, config=config, sandbox_data=sandbox_data)
        if server_url is not None:
            try:
                workstation.connect(server_url, timeout=timeout)
            except BaseException:
                workstation.close()
                raise
        return workstation

    @property
    def workstation_id(self) -> str:
        """This installation's id (made on first use)."""
        with self.store.transaction() as conn:
            return settings.workstation_id(conn)

    def sync_state(self) -> sync_state.SyncState:
        """Where this workstation is with the central service (server, epoch, last sync)."""
        with self.store.read() as conn:
            return sync_state.load(conn)

    def connect(self, server_url: str, *, timeout: float | None = None) -> CentralClient:
        """Build the client for ``server_url`` and an engine (not started) that uses it."""
        if self._client is not None:
            raise RuntimeError("This workstation is already connected.")
        extra = {} if timeout is None else {"timeout": timeout}
        self._client = CentralClient(server_url, self.secrets, self.workstation_id, **extra)
        self._engine = SyncEngine(self.store, self._client, config=self.config)
        return self._client

    def start_sandbox(self) -> str:
        """Start the built-in sandbox (blocks for seconds: not on the UI thread), connect to it
        and return its URL. The sandbox stops when the workstation closes."""
        sandbox = SandboxServer()
        self.sandbox = sandbox
        url = sandbox.start()
        self.connect(url)
        return url

    @property
    def client(self) -> CentralClient:
        if self._client is None:
            raise NotConnectedError("No central service yet.")
        return self._client

    @client.setter
    def client(self, client: CentralClient) -> None:
        self._client = client

    @property
    def engine(self) -> SyncEngine:
        if self._engine is None:
            raise NotConnectedError("No central service yet.")
        return self._engine

    @engine.setter
    def engine(self, engine: SyncEngine) -> None:
        self._engine = engine

    # ---- signing in ------------------------------------------------------------------------

    def sign_in(self, username: str, password: str) -> StaffIdentity:
        """Sign in online (a CentralError when refused or unreachable); the engine then follows
        the staff member's college."""
        identity = sign_in_online(self.store, self.client, username, password)
        self._follow(identity)
        return identity

    def unlock(self, username: str, password: str) -> StaffIdentity:
        """Sign in offline with the verifier kept from an online sign-in (UnlockError)."""
        identity = unlock_offline(self.store, username, password)
        self.identity = identity
        return identity

    def sign_in_or_unlock(self, username: str, password: str) -> tuple[StaffIdentity, SignedIn]:
        """The window's sign-in: online (which keeps the college's details for offline days), or
        offline when the service cannot be reached. Blocks: not on the UI thread."""
        try:
            # The sign-in keeps the college's name and mailbox itself (staff_session).
            identity = sign_in_online(self.store, self.client, username, password)
            mode: SignedIn = "online"
        except OfflineError:
            identity, mode = unlock_offline(self.store, username, password), "offline"
        # Read here, off the UI thread, so that making the desk reads nothing: the college, and
        # the engine for the college (it reads the sync status as it is made).
        self.college = load_college(self.store, identity.college_code)
        self._college_of = identity.college_code
        self._follow(identity)
        return identity, mode

    def open_desk(self, identity: StaffIdentity) -> Desk:
        """The desk for ``identity``, with an engine that follows its college (not started).
        After :meth:`sign_in_or_unlock` for the same identity it reads nothing (UI thread)."""
        if self.identity is not identity or self._engine is None:
            self._follow(identity)
        known = self.college if self._college_of == identity.college_code else None
        self.desk = Desk(self.store, self.client, self.engine, identity, known)
        return self.desk

    def _follow(self, identity: StaffIdentity) -> None:
        self.identity = identity
        self._engine = SyncEngine(
            self.store, self.client, config=self.config, college_code=identity.college_code
        )

    # ---- choosing another service ----------------------------------------------------------

    def save_server(self, found: ServerProbe | None) -> None:
        """Remember the service staff chose (None: the sandbox) for the next start."""
        if found is None:
            save_choice(None)
        elif self.sandbox_data:  # the real service's data lives in the other database
            with LocalStore.open(local_database_path(), self.secrets) as real_store:
                switch_to(real_store, found)
        else:
            switch_to(self.store, found)

    # ---- closing ---------------------------------------------------------------------------

    def stop_sync(self) -> None:
        """Stop the engine's thread (its current step finishes); the rest stays open."""
        if self._engine is not None:
            self._engine.stop()

    def close(self) -> None:
        """Engine, client, store, sandbox: in that order, each even if one before failed."""
        try:
            self.stop_sync()
        finally:
            try:
                if self._client is not None:
                    self._client.close()
            finally:
                try:
                    self.store.close()
                finally:
                    if self.sandbox is not None:
                        self.sandbox.stop()

    def __enter__(self) -> Workstation:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
