"""Which central service and which local data a command uses: the window's, always.

One workstation, one truth, whichever way it is used. A command resolves the service as the
window does (:func:`app.services.server_choice.current_choice`: ``ACCOUNT_DESK_SERVER``, else
``server.json``, else the built-in sandbox), opens the local data the window would open for it
(the sandbox keeps its own file: :func:`app.services.paths.local_database_path`), and says both
in one line on stderr.

The sandbox is the window's child process and runs while the window is open. A command finds it
at the address the sandbox's local data last recorded (and checks it is the same service: same
epoch) but never starts one of its own: a second sandbox on the same data folder would collide
with the window's. Without it a command works offline, and says so.

``sync --server URL`` uses URL for that run only (the engine refuses to send this workstation's
work to another service); ``--keep`` switches the workstation, the window included, through the
window's own safe switch (:meth:`Workstation.save_server`).
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from app.services.paths import local_database_path
from app.services.server_choice import (
    SERVER_ENV,
    ServerAddressError,
    ServerChoice,
    current_choice,
    normalize_address,
    probe,
)
from app.services.sync import SyncConfig
from app.services.workstation import Workstation

SANDBOX_TIMEOUT = 2.0
"""Seconds to wait for the window's sandbox: it runs on this computer, so it answers at once."""
STATUS_TIMEOUT = 3.0
"""Seconds ``status`` waits for the service before it reports it offline."""


@dataclass(frozen=True)
class CommandService:
    """The service a command talks to this run, and the local data it uses."""

    choice: ServerChoice
    """What the window uses (after ``--keep``, the service just kept)."""
    url: str | None
    """The service this run talks to; None: the sandbox, which is not running."""
    data_file: Path
    how: Literal["choice", "this run", "kept"] = "choice"

    def describe(self) -> str:
        """The one line a command prints on stderr before it does anything."""
        return f"Central service: {self._service()}. Local data: {self.data_file}."

    def _service(self) -> str:
        if self.how == "this run":
            keeps = "the built-in sandbox" if self.choice.url is None else self.choice.url
            return f"{self.url} (--server, for this run only; the window keeps using {keeps})"
        if self.how == "kept":
            return (
                f"{self.url} (--keep: kept in server.json, the window uses it from its next start)"
            )
        if self.choice.is_sandbox:
            if self.url is None:
                return (
                    "the built-in sandbox, which is not running (it runs while the window is "
                    "open), so this works offline"
                )
            return f"the built-in sandbox at {self.url} (running with the window)"
        where = f"set by {SERVER_ENV}" if self.choice.source == "environment" else "server.json"
        return f"{self.url} ({where})"


class ServiceRefused(ValueError):
    """``--server`` / ``--keep`` cannot be used as given; ``str()`` names the option and the fix."""


def open_workstation(
    server: str | None = None, *, keep: bool = False, config: SyncConfig | None = None
) -> tuple[Workstation, CommandService]:
    """The workstation (not connected yet) for the window's service, or for ``server`` (this
    run, or from now on with ``keep``), and what it uses; the line saying so goes to stderr.

    Raises :class:`ServiceRefused` for an address that cannot be a central service's (the
    window's server dialog's checks) or a switch the safe switch refuses."""
    choice = current_choice()
    try:
        url = normalize_address(server) if server else None
    except ServerAddressError as error:
        raise ServiceRefused(_option(server, error)) from None
    if keep:
        if url is None:
            raise ServiceRefused("--keep goes with --server URL: the service to keep using.")
        if choice.source == "environment":
            raise ServiceRefused(
                f"--keep: {SERVER_ENV} sets the service on this computer ({choice.url}) and "
                "overrides server.json; change that variable instead, or run without --keep."
            )
    how: Literal["choice", "this run", "kept"] = "choice"
    if url is not None and url != choice.url:
        how = "kept" if keep else "this run"
    # An address given is a real service: its data is never the sandbox's practice data.
    sandbox_data = choice.is_sandbox and url is None
    workstation = Workstation.open(sandbox_data=sandbox_data, config=config)
    try:
        if how == "kept":
            assert url is not None
            _keep(workstation, url, server)
            choice = ServerChoice(url, "settings")
        elif url is None:
            url = choice.url if choice.url else running_sandbox(workstation)
    except BaseException:
        workstation.close()
        raise
    service = CommandService(choice, url, local_database_path(sandbox=sandbox_data), how)
    print(service.describe(), file=sys.stderr)
    return workstation, service


def _keep(workstation: Workstation, url: str, typed: str | None) -> None:
    """Switch this workstation to ``url`` the window's way: it must answer as a central service,
    and work not yet accepted by the service followed so far keeps it there."""
    try:
        workstation.save_server(probe(url))
    except ServerAddressError as error:
        raise ServiceRefused(_option(typed, error)) from None


def _option(typed: str | None, error: ServerAddressError) -> str:
    return f"--server {typed}: {str(error).removeprefix('Server address: ')}"


def running_sandbox(workstation: Workstation) -> str | None:
    """The address of the window's sandbox when it is running (None when it is not): the one
    the sandbox's local data last synced with, if the same service (same epoch) answers there."""
    state = workstation.sync_state()
    if not state.server_url:
        return None
    try:
        found = probe(state.server_url, timeout=SANDBOX_TIMEOUT)
    except ServerAddressError:
        return None
    return found.url if state.epoch in (None, found.epoch) else None


def reachable(url: str | None, *, timeout: float = STATUS_TIMEOUT) -> tuple[bool, str]:
    """(answered, what to tell staff): asks ``url`` once, waiting at most ``timeout`` seconds."""
    limit = f"asked with a {timeout:g}-second limit"
    if url is None:
        return False, (
            "Offline: the built-in sandbox is not running (it runs while the window is open)."
        )
    try:
        probe(url, timeout=timeout)
    except ServerAddressError as error:
        reason = str(error).removeprefix("Server address: ")
        return False, f"Offline ({limit}): {reason}"
    return True, f"Online: the central service at {url} answered ({limit})."
