"""Which central service this workstation talks to: the built-in sandbox or a real one.

The choice is a small JSON file in the data folder (``server.json``), so that IT can also deploy
it, and the ``ACCOUNT_DESK_SERVER`` variable overrides it. With neither, the app runs the
sandbox. The sandbox keeps its own local database (:func:`app.services.paths.local_database_path`):
practice accounts must never sit in the outbox of a workstation that later talks to the real
service.

Choosing a server is checked before it is saved: the address must be a central service that
answers, over https unless it is this computer, and a workstation whose unsent work belongs to
another service is not switched away from it (that work would never arrive).
"""

from __future__ import annotations

import ipaddress
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

import httpx
from pydantic import ValidationError

from app.models.api import ServerInfo
from app.services import connection_words
from app.services.paths import data_dir
from app.services.store import LocalStore, audit, outbox, sync_state
from app.services.store.service_reset import forget_service

SERVER_ENV = "ACCOUNT_DESK_SERVER"
CHOICE_FILE = "server.json"
PROBE_TIMEOUT = 8.0
SERVICE_NAME: str = ServerInfo.model_fields["service"].default
UNSENT: tuple[outbox.State, ...] = ("queued", "sent", "needs_attention", "needs_review")


@dataclass(frozen=True)
class ServerChoice:
    """The service in force and where that choice came from."""

    url: str | None
    """None: the built-in sandbox."""
    source: Literal["environment", "settings", "default"]

    @property
    def is_sandbox(self) -> bool:
        return self.url is None


class ServerAddressError(ValueError):
    """The typed address cannot be a central service; ``str()`` names the fix."""


def choice_path() -> Path:
    return data_dir() / CHOICE_FILE


def current_choice() -> ServerChoice:
    """The environment variable, else the saved choice, else the sandbox."""
    env = os.environ.get(SERVER_ENV, "").strip()
    if env:
        return ServerChoice(env.rstrip("/"), "environment")
    try:
        saved = json.loads(choice_path().read_text(encoding="utf-8"))
    except FileNotFoundError:
        return ServerChoice(None, "default")
    except (OSError, ValueError):
        # A damaged file must not start the app against the wrong service silently: the sandbox
        # is harmless (nothing it holds reaches the statewide system) and the sign-in screen
        # shows which service is in use.
        return ServerChoice(None, "default")
    url = saved.get("server_url") if isinstance(saved, dict) else None
    return ServerChoice(str(url).rstrip("/"), "settings") if url else ServerChoice(None, "settings")


def save_choice(url: str | None) -> None:
    """Remember the choice (None: the sandbox). Written whole or not at all."""
    path = choice_path()
    temporary = path.with_suffix(".json.tmp")
    temporary.write_text(json.dumps({"server_url": url}, indent=2) + "\n", encoding="utf-8")
    os.replace(temporary, path)


def normalize_address(typed: str) -> str:
    """The base URL for what staff typed, or :class:`ServerAddressError` saying what to fix."""
    text = typed.strip().rstrip("/")
    if not text:
        raise ServerAddressError("Server address: type the address IT gave you.")
    if any(character.isspace() for character in text):
        raise ServerAddressError(f"Server address: take the spaces out of {text}.")
    if "://" not in text:
        text = f"https://{text}"
    try:
        parts = urlsplit(text)
        parts.port  # noqa: B018 (urlsplit reads the port only when asked; a bad one raises)
    except ValueError:
        raise ServerAddressError(
            "Server address: use a web address such as https://accounts.example.edu, with a port "
            "from 1 to 65535 after a colon if IT gave one (https://accounts.example.edu:8443)."
        ) from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ServerAddressError(
            "Server address: use a web address such as https://accounts.example.edu."
        )
    if not _is_host_name(parts.hostname):
        raise ServerAddressError(
            f"Server address: {parts.hostname} cannot be a computer's name: each part between "
            "dots has 1 to 63 letters, digits or hyphens. Check it for typing mistakes."
        )
    if parts.query or parts.fragment:
        raise ServerAddressError("Server address: leave out anything after ? or #.")
    if parts.scheme == "http" and not _is_this_computer(parts.hostname):
        raise ServerAddressError(
            "Server address: use https:// — over plain http:// passwords and student records "
            "would cross the network unencrypted."
        )
    return text


def _is_host_name(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
        return True
    except ValueError:
        pass
    try:
        host.encode("idna")  # what httpx does; it refuses empty and over-long parts
    except UnicodeError:
        return False
    return True


def _is_this_computer(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@dataclass(frozen=True)
class ServerProbe:
    """A central service that answered."""

    url: str
    epoch: str
    schema_version: int


def probe(url: str, *, timeout: float = PROBE_TIMEOUT) -> ServerProbe:
    """Ask ``url`` whether it is a central service; :class:`ServerAddressError` if not, in
    plain words (:mod:`app.services.connection_words`)."""
    try:
        response = httpx.get(f"{url}/v1/server", timeout=timeout)
    except httpx.TransportError as error:
        raise ServerAddressError(connection_words.unreachable(url, error, timeout)) from None
    try:
        body = response.json()
    except ValueError:
        body = None
    ours = isinstance(body, dict) and body.get("service", SERVICE_NAME) == SERVICE_NAME
    if response.status_code != 200 or not ours:
        raise ServerAddressError(connection_words.not_a_service(url, response))
    try:
        info = ServerInfo.model_validate(body)
    except ValidationError:
        # One that names itself ours but describes itself otherwise is another version of it.
        named = isinstance(body, dict) and "service" in body
        words = connection_words.other_version(url) if named else None
        raise ServerAddressError(words or connection_words.not_a_service(url, response)) from None
    return ServerProbe(url, str(info.epoch), info.schema_version)


def switch_problem(store: LocalStore, found: ServerProbe) -> str | None:
    """Why this workstation's data cannot move to ``found``, or None when it can.

    The same service at a new address (same epoch) is fine, and so is a workstation with
    nothing unsent. Work not yet accepted by the service it was made for would be stranded.
    """
    with store.read() as conn:
        state = sync_state.load(conn)
        if state.server_url in (None, found.url) or state.epoch == found.epoch:
            return None
        unsent = outbox.in_states(conn, UNSENT)
    if not unsent:
        return None
    return (
        f"This workstation has {len(unsent)} change(s) not yet accepted by the central service "
        f"at {state.server_url}. Connect to that service and sync first (Sync page), or ask IT: "
        f"switching to {found.url} now would leave them unsent."
    )


def switch_to(store: LocalStore, found: ServerProbe) -> None:
    """Save ``found`` as the service to use, after :func:`switch_problem` said None.

    Another service (another epoch) gets a clean cache: the old service's accounts, unused
    CCCIDs and offline sign-ins are forgotten, in one transaction with an audit entry.
    """
    problem = switch_problem(store, found)
    if problem:
        raise ServerAddressError(problem)
    with store.transaction() as conn:
        state = sync_state.load(conn)
        if state.server_url not in (None, found.url) and state.epoch != found.epoch:
            removed = forget_service(conn)
            audit.record(
                conn,
                action="server.switch",
                staff_username=None,
                server_time=store.server_now(),
                laptop_time=store.clock(),
                details={"from": state.server_url, "to": found.url, "cached_removed": removed},
            )
    save_choice(found.url)
