"""Request bodies are limited to 1 MiB on every route, however they are framed.

A chunked body (no Content-Length) used to be read whole before anything looked at its size: one
unauthenticated 200 MB sign-in took the service from 259 to 762 MB. These tests stream bodies over
a raw socket to the real service under uvicorn and count how much of the body the service took
before it answered 413 and closed the connection.
"""

from __future__ import annotations

import json
import re
import select
import socket
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx

from central.api.app import MAX_BODY_BYTES
from tests.central.support import STAFF_PASSWORD, Central

# Far over the limit: the old code read all of it (and its parsed copies) into memory.
HUGE = 64 * 1024 * 1024
CHUNK = 64 * 1024
# What may pass the limit before the sender notices: the limit itself, uvicorn's read-ahead (its
# 64 KiB high-water mark plus one 256 KiB socket read), the service's kernel receive buffer (it
# grows while the body is read fast) and the sender's own 64 KiB send buffer. Measured: 1.1-1.8 MiB.
ACCEPTED_BOUND = 8 * 1024 * 1024
# The service runs in this process (tests/central/support.py); the old code's peak grew by ~400 MB
# for a 64 MB body.
PEAK_GROWTH_BOUND_KB = 48 * 1024


@dataclass
class Streamed:
    """What happened to one streamed request."""

    accepted: int  # body bytes (with chunk framing) the socket took before the service stopped it
    finished: bool  # the whole body, and its last chunk, went out
    response: bytes  # what came back before the connection closed (or a complete answer)

    @property
    def status(self) -> int | None:
        match = re.match(rb"HTTP/1\.1 (\d{3}) ", self.response)
        return int(match.group(1)) if match else None

    @property
    def headers(self) -> dict[str, str]:
        head = self.response.split(b"\r\n\r\n", 1)[0].decode("latin-1").split("\r\n")[1:]
        return {k.strip().lower(): v.strip() for k, v in (line.split(":", 1) for line in head)}

    def json(self) -> object:
        return json.loads(self.response.split(b"\r\n\r\n", 1)[1])


def _complete(response: bytes) -> bool:
    """True once ``response`` holds a whole answer with a Content-Length body."""
    head, sep, body = response.partition(b"\r\n\r\n")
    if not sep:
        return False
    length = re.search(rb"(?im)^content-length:\s*(\d+)", head)
    return length is not None and len(body) >= int(length.group(1))


def _chunks(prefix: bytes, total: int) -> Iterator[bytes]:
    """``total`` body bytes starting with ``prefix``, as HTTP/1.1 chunks of CHUNK bytes."""
    filler = b"a" * CHUNK
    left = total
    first = True
    while left > 0:
        data = (prefix + filler)[:CHUNK] if first else filler
        data = data[:left]
        first = False
        left -= len(data)
        yield f"{len(data):x}\r\n".encode() + data + b"\r\n"
    yield b"0\r\n\r\n"


def _stream(port: int, path: str, total: int, prefix: bytes = b'{"username": "') -> Streamed:
    """POST ``total`` bytes to ``path`` with Transfer-Encoding: chunked, reading while sending.

    The answer is read as it arrives, so a 413 sent before the body ends is seen even when the
    service then closes the connection under the sender (broken pipe or reset).
    """
    head = (
        f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json\r\n"
        "Transfer-Encoding: chunked\r\n\r\n"
    ).encode()
    chunks = _chunks(prefix, total)
    accepted = 0
    finished = False
    response = bytearray()
    with socket.create_connection(("127.0.0.1", port), timeout=30) as sock:
        # A small send buffer, so what the socket took is close to what the service read.
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, CHUNK)
        sock.sendall(head)
        sock.setblocking(False)
        pending = next(chunks)
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline and not _complete(bytes(response)):
            readable, writable, _ = select.select([sock], [sock] if pending else [], [], 10)
            if readable:
                try:
                    data = sock.recv(65536)
                except ConnectionResetError:
                    break
                if not data:
                    break
                response += data
            elif writable:
                try:
                    sent = sock.send(pending)
                except (BrokenPipeError, ConnectionResetError):
                    break
                accepted += sent
                pending = pending[sent:]
                if not pending:
                    pending = next(chunks, b"")
                    finished = not pending
            elif not pending:
                break  # all sent, nothing more to read
        # The service may have answered and closed between a select and a send: what it sent
        # before closing is still queued on this side.
        sock.setblocking(True)
        sock.settimeout(10)
        while not _complete(bytes(response)):
            try:
                data = sock.recv(65536)
            except (ConnectionResetError, TimeoutError):
                break
            if not data:
                break
            response += data
    return Streamed(accepted, finished, bytes(response))


def _peak_growth_kb(run: Callable[[], object]) -> int:
    """How far this process's peak memory rose above its size while ``run()`` ran."""

    def status(name: str) -> int:
        text = Path("/proc/self/status").read_text()
        match = re.search(rf"^{name}:\s+(\d+) kB", text, re.M)
        assert match
        return int(match.group(1))

    Path("/proc/self/clear_refs").write_text("5")  # reset the peak (VmHWM) to the current size
    before = status("VmRSS")
    run()
    return status("VmHWM") - before


def _assert_refused(result: Streamed) -> None:
    assert result.status == 413, result.response[:500]
    assert result.json() == {
        "code": "too_large",
        "message": f"The request body is larger than 1 MiB ({MAX_BODY_BYTES} bytes); "
        "send a smaller one.",
        "field": None,
    }
    assert result.headers.get("connection") == "close"
    assert result.accepted < ACCEPTED_BOUND, result.accepted


def _assert_cut_off(result: Streamed) -> None:
    """Refused, and the service stopped taking the body long before its end."""
    _assert_refused(result)
    assert not result.finished


def test_chunked_sign_in_far_over_the_limit_is_cut_off(central: Central) -> None:
    results: list[Streamed] = []
    growth = _peak_growth_kb(
        lambda: results.append(_stream(central.server.port, "/v1/auth/login", HUGE))
    )
    (result,) = results
    print(f"accepted {result.accepted} bytes of {HUGE}; peak memory +{growth} kB")
    _assert_cut_off(result)
    assert growth < PEAK_GROWTH_BOUND_KB, growth
    # The service is still there for everyone else.
    assert central.anonymous().http.get("/v1/server").status_code == 200


def test_every_route_cuts_off_a_chunked_body(central: Central) -> None:
    port = central.server.port
    # A write that needs a signed-in creator (nobody signed in: the size is refused first), an
    # admin route, and a route that does not exist.
    for path in ("/v1/accounts", "/v1/admin/colleges", "/v1/no-such-route"):
        result = _stream(port, path, HUGE, prefix=b'{"student": {"last_name": "')
        print(f"{path}: accepted {result.accepted} bytes of {HUGE}")
        _assert_cut_off(result)


def test_the_limit_is_exact(central: Central) -> None:
    port = central.server.port
    # One byte over (small enough to fit in the socket buffers, so it is all sent).
    over = _stream(port, "/v1/auth/login", MAX_BODY_BYTES + 1)
    _assert_refused(over)
    # At the limit the body reaches the route (which finds the JSON cut short).
    at = _stream(port, "/v1/auth/login", MAX_BODY_BYTES)
    assert at.finished
    assert at.status == 422, at.response[:500]
    assert at.json()["code"] == "invalid"  # type: ignore[index]


def test_declared_length_over_the_limit_is_refused_before_the_body(central: Central) -> None:
    with socket.create_connection(("127.0.0.1", central.server.port), timeout=30) as sock:
        sock.sendall(
            b"POST /v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            + f"Content-Length: {HUGE}\r\n\r\n".encode()
        )
        response = bytearray()
        while not _complete(bytes(response)):
            data = sock.recv(65536)  # no body sent: the answer must come without it
            if not data:
                break
            response += data
        result = Streamed(0, False, bytes(response))
        _assert_refused(result)
        assert sock.recv(65536) == b""  # and the connection is closed


def test_chunked_sign_in_under_the_limit_works(central: Central) -> None:
    body = json.dumps(
        {"username": "creator_a", "password": STAFF_PASSWORD, "workstation_id": "ws-chunked"}
    ).encode()

    def pieces() -> Iterator[bytes]:
        for start in range(0, len(body), 7):
            yield body[start : start + 7]

    response = httpx.post(
        f"{central.base_url}/v1/auth/login",
        content=pieces(),
        headers={"Content-Type": "application/json"},
    )
    assert response.request.headers.get("transfer-encoding") == "chunked"
    assert response.status_code == 200, response.text
    assert response.json()["access_token"]
