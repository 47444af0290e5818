"""The built-in sandbox: when no central service is configured, the app runs one on this machine
(``python -m central sandbox``: a private PostgreSQL, a demo college, demo staff, seeded students).
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from app.models.api import DemoSignIn, ServerInfo
from app.services.paths import data_dir


@dataclass
class SandboxServer:
    """A central sandbox in a child process, stopped with the app."""

    data_dir: Path = field(default_factory=lambda: data_dir() / "sandbox-central")
    port: int = 0
    process: subprocess.Popen[bytes] | None = None
    demo_sign_ins: tuple[DemoSignIn, ...] = ()
    """The sandbox's demo sign-ins, as it serves them (known once it has started)."""

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 180.0) -> str:
        """Start it and wait until it answers; return its base URL."""
        if not self.port:
            with socket.socket() as sock:
                sock.bind(("127.0.0.1", 0))
                self.port = int(sock.getsockname()[1])
        log = (self.data_dir.parent / "sandbox-central.log").open("ab")
        self.process = subprocess.Popen(  # noqa: S603 - our own interpreter and module
            [
                sys.executable,
                "-m",
                "central",
                "sandbox",
                "--port",
                str(self.port),
                "--data-dir",
                str(self.data_dir),
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(
                    "The built-in sandbox stopped while starting; see "
                    f"{self.data_dir.parent / 'sandbox-central.log'}."
                )
            try:
                answer = httpx.get(f"{self.base_url}/v1/server", timeout=2)
                if answer.status_code == 200:
                    info = ServerInfo.model_validate_json(answer.content)
                    self.demo_sign_ins = tuple(info.demo_sign_ins)
                    return self.base_url
            except httpx.TransportError:
                pass
            time.sleep(0.25)
        self.stop()
        raise TimeoutError("The built-in sandbox did not start in time.")

    def stop(self) -> None:
        """Stop the child (its PostgreSQL stops with it)."""
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
        self.process = None
