"""Test helpers for the central service: a real uvicorn server on loopback and an HTTP client.

Nothing is mocked: the server is the real FastAPI app served by uvicorn over TCP on 127.0.0.1, on
a real PostgreSQL database.
"""

from __future__ import annotations

import socket
import threading
import time
import uuid
from dataclasses import dataclass, field
from typing import Any

import httpx
import psycopg
import uvicorn
from argon2 import PasswordHasher, Type
from psycopg.rows import dict_row

from central.api.app import create_app
from central.config import Settings
from tests.support.students import student

# One temporary-password hash at the minimum accepted cost; hashing per test would waste seconds.
TEMP_HASH = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1, type=Type.ID).hash(
    "Temp-Password-For-Tests-Only"
)
STAFF_PASSWORD = "correct horse battery staple"


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class LiveServer:
    """The central service served by uvicorn in a background thread."""

    def __init__(self, settings: Settings, port: int | None = None) -> None:
        self.settings = settings
        self.port = port or free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None

    def start(self) -> LiveServer:
        """Start and wait until it answers."""
        config = uvicorn.Config(
            create_app(self.settings),
            host="127.0.0.1",
            port=self.port,
            log_level="warning",
            access_log=False,
        )
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._server.run, daemon=True)
        self._thread.start()
        deadline = time.monotonic() + 30
        while not self._server.started:
            if not self._thread.is_alive():
                raise RuntimeError("central service failed to start")
            if time.monotonic() > deadline:
                raise TimeoutError("central service did not start within 30 s")
            time.sleep(0.02)
        return self

    def stop(self) -> None:
        """Stop and wait for the thread (pool closed by the lifespan)."""
        if self._server is not None and self._thread is not None:
            self._server.should_exit = True
            self._thread.join(timeout=30)
        self._server = None
        self._thread = None


@dataclass
class Client:
    """A signed-in staff member's HTTP client, with the headers a desktop workstation sends."""

    base_url: str
    username: str
    workstation_id: str = field(default_factory=lambda: f"ws-{uuid.uuid4().hex[:12]}")
    token: str | None = None
    refresh_token: str | None = None
    http: httpx.Client = field(init=False)

    def __post_init__(self) -> None:
        self.http = httpx.Client(base_url=self.base_url, timeout=60)

    def login(self, password: str = STAFF_PASSWORD) -> Client:
        """Sign in and keep the tokens."""
        response = self.http.post(
            "/v1/auth/login",
            json={
                "username": self.username,
                "password": password,
                "workstation_id": self.workstation_id,
            },
        )
        assert response.status_code == 200, response.text
        body = response.json()
        self.token, self.refresh_token = body["access_token"], body["refresh_token"]
        return self

    def headers(self, key: uuid.UUID | str | None = None) -> dict[str, str]:
        """Bearer token, workstation, and an idempotency key when given."""
        headers = {"X-Workstation-Id": self.workstation_id}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        if key is not None:
            headers["Idempotency-Key"] = str(key)
        return headers

    def get(self, path: str, **params: Any) -> httpx.Response:
        """GET with this staff member's token."""
        return self.http.get(path, params=params or None, headers=self.headers())

    def write(self, path: str, body: Any, key: uuid.UUID | str | None = None) -> httpx.Response:
        """POST a write with an idempotency key (a new one unless given)."""
        return self.http.post(path, json=body, headers=self.headers(key or uuid.uuid4()))

    def create(self, body: dict[str, Any], key: uuid.UUID | None = None) -> httpx.Response:
        """POST /v1/accounts."""
        return self.write("/v1/accounts", body, key)

    def close(self) -> None:
        """Close the connection pool."""
        self.http.close()


def create_body(student_fields: dict[str, Any] | None = None, **extra: Any) -> dict[str, Any]:
    """A create request for ``student_fields`` (a fresh student when None)."""
    body: dict[str, Any] = {"student": student_fields or student(), "temp_password_hash": TEMP_HASH}
    body.update(extra)
    return body


@dataclass
class Central:
    """A running central service and a way to make signed-in clients for it."""

    server: LiveServer
    database_url: str
    clients: list[Client]

    @property
    def base_url(self) -> str:
        return self.server.base_url

    def client(self, username: str, **kwargs: object) -> Client:
        """A client signed in as ``username``."""
        made = Client(self.base_url, username, **kwargs).login()  # type: ignore[arg-type]
        self.clients.append(made)
        return made

    def anonymous(self) -> Client:
        """A client with no token."""
        made = Client(self.base_url, "nobody")
        self.clients.append(made)
        return made

    def sql(self, query: str, *args: object) -> list[dict[str, object]]:
        """Run SQL against the service's database (to check what was really stored)."""
        with psycopg.connect(self.database_url, row_factory=dict_row, autocommit=True) as conn:
            cur = conn.execute(query, args or None)  # type: ignore[arg-type]
            return cur.fetchall() if cur.description else []
