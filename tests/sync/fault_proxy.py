"""A loopback HTTP proxy in front of the real central service that misbehaves on request.

What it stands in for is off the machine: the network and load balancer between a desk and the
central service. Rules are consumed in order by the first request that matches them:

* ``status 503`` / ``status 429`` (optionally with Retry-After): answer that, forward nothing;
* ``drop_after_forward``: forward the request, let the server apply it, then close the connection
  without answering (the client sees a network error; the write happened);
* ``drop_before_forward``: close the connection without forwarding anything;
* ``forward``: forward this one request faithfully (to script a sequence of faults).

A request no rule matches may meet :class:`RandomFaults` instead (``proxy.weather``): a seeded
draw per request picks a lost answer (after the server applied it), a truncated answer (headers
and part of the body, then close), a 503, a 429 with Retry-After, a drop before forwarding, or a
delay past the client's timeout; bounded by a number of faults and a deadline, after which the
proxy forwards faithfully. :meth:`FaultProxy.go_offline` stops listening altogether (the client
sees connections refused, as with no network) until :meth:`FaultProxy.go_online`.

Everything else is forwarded as it is.
"""

from __future__ import annotations

import contextlib
import random
import socket
import threading
import time
from collections import Counter
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx

from tests.central.support import free_port

_HOP_HEADERS = {"connection", "keep-alive", "transfer-encoding", "content-length", "host"}


@dataclass
class Rule:
    """One fault for the next matching request."""

    method: str
    path_prefix: str
    action: str  # "status", "drop_after_forward", "drop_before_forward", "forward"
    status: int = 503
    retry_after: str | None = None


@dataclass
class RandomFaults:
    """A bad network: each request meets at most one fault, drawn from ``rng``.

    The rates are chances per request (they add up to at most 1); what is left is forwarded
    faithfully. ``delay`` should exceed the client's timeout (build the client with a short
    one): the request is forwarded after the delay, so the server applies it late, after the
    client gave up and maybe after its retry arrived.
    """

    seed: int = 0
    lost_answer: float = 0.0
    truncated: float = 0.0
    unavailable: float = 0.0
    rate_limited: float = 0.0
    dropped: float = 0.0
    delayed: float = 0.0
    delay: float = 3.0
    retry_after: str = "1"
    max_faults: int = 10_000
    """After this many faults every request is forwarded faithfully (bounded in count)."""
    seconds: float = 300.0
    """And after this long from the moment the faults were set (bounded in time)."""
    spare: tuple[str, ...] = ("/v1/auth/",)
    """Path prefixes never faulted. Sign-in and refresh are spared unless a test asks for them
    (``spare=()``), so that a test about uploads is not also a test about sessions."""

    def __post_init__(self) -> None:
        total = (
            self.lost_answer
            + self.truncated
            + self.unavailable
            + self.rate_limited
            + self.dropped
            + self.delayed
        )
        assert 0.0 <= total <= 1.0, total
        self.rng = random.Random(self.seed)
        self.deadline = time.monotonic() + self.seconds

    def draw(self, path: str) -> str | None:
        """The fault for this request, or None (the caller holds the proxy's lock)."""
        if any(path.startswith(prefix) for prefix in self.spare):
            return None
        if self.max_faults <= 0 or time.monotonic() > self.deadline:
            return None
        roll = self.rng.random()
        for action, rate in (
            ("lost_answer", self.lost_answer),
            ("truncated", self.truncated),
            ("unavailable", self.unavailable),
            ("rate_limited", self.rate_limited),
            ("dropped", self.dropped),
            ("delayed", self.delayed),
        ):
            if roll < rate:
                self.max_faults -= 1
                return action
            roll -= rate
        return None


class FaultProxy:
    """Forward to ``upstream``; apply :attr:`rules` first, then :attr:`weather` if set."""

    def __init__(self, upstream: str) -> None:
        self.upstream = upstream
        self.rules: list[Rule] = []
        self.weather: RandomFaults | None = None
        self.faults: Counter[str] = Counter()  # random faults applied, by kind
        self.seen: list[tuple[str, str, str | None]] = []  # method, path, Idempotency-Key
        self._lock = threading.Lock()
        self._stopped = threading.Event()
        self._connections: set[socket.socket] = set()
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self._http = httpx.Client(base_url=upstream, timeout=60)
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: object) -> None:
                return

            def _close(self) -> None:
                self.close_connection = True
                self.connection.close()

            def _answer(self, status: int, headers: list[tuple[str, str]], body: bytes) -> None:
                self.send_response(status)
                for name, value in headers:
                    self.send_header(name, value)
                self.send_header("content-length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def _handle(self) -> None:
                length = int(self.headers.get("content-length") or 0)
                body = self.rfile.read(length) if length else b""
                rule, fault = proxy._take(self.command, self.path)
                with proxy._lock:
                    proxy.seen.append(
                        (self.command, self.path, self.headers.get("idempotency-key"))
                    )
                action = rule.action if rule is not None else fault
                if action in ("drop_before_forward", "dropped"):
                    self._close()
                    return
                if rule is not None and rule.action == "status":
                    extra = [("retry-after", rule.retry_after)] if rule.retry_after else []
                    self._injected(rule.status, extra)
                    return
                if fault in ("unavailable", "rate_limited"):
                    assert proxy.weather is not None
                    if fault == "rate_limited":
                        self._injected(429, [("retry-after", proxy.weather.retry_after)])
                    else:
                        self._injected(503, [])
                    return
                if fault == "delayed":
                    assert proxy.weather is not None
                    if proxy._stopped.wait(proxy.weather.delay):
                        self._close()
                        return
                headers = {k: v for k, v in self.headers.items() if k.lower() not in _HOP_HEADERS}
                try:
                    answer = proxy._http.request(
                        self.command, self.path, content=body, headers=headers
                    )
                except httpx.HTTPError:  # the proxy is stopping (or upstream is down)
                    self._close()
                    return
                lost = rule is not None and rule.action == "drop_after_forward"
                content = answer.content
                if lost or fault == "lost_answer" or (fault == "truncated" and len(content) < 2):
                    self._close()
                    return
                kept = [(k, v) for k, v in answer.headers.items() if k.lower() not in _HOP_HEADERS]
                if fault == "truncated":
                    # The whole length is announced, half the body sent: the client reads a
                    # cut-off answer, as when a connection dies mid-response.
                    self.send_response(answer.status_code)
                    for name, value in kept:
                        self.send_header(name, value)
                    self.send_header("content-length", str(len(content)))
                    self.end_headers()
                    self.wfile.write(content[: len(content) // 2])
                    self.wfile.flush()
                    self._close()
                    return
                self._answer(answer.status_code, kept, content)

            def _injected(self, status: int, headers: list[tuple[str, str]]) -> None:
                payload = b'{"code": "injected", "message": ""}'
                self._answer(status, [("content-type", "application/json"), *headers], payload)

            def setup(self) -> None:
                super().setup()
                with proxy._lock:
                    proxy._connections.add(self.connection)

            def finish(self) -> None:
                with proxy._lock:
                    proxy._connections.discard(self.connection)
                super().finish()

            def handle_one_request(self) -> None:
                # A client that timed out has gone: writing its late answer fails, as it would
                # on a real network. That is the fault under test, not an error of the proxy.
                try:
                    super().handle_one_request()
                except (BrokenPipeError, ConnectionResetError):
                    self.close_connection = True

            do_GET = do_POST = _handle

        self._handler = Handler
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    def _take(self, method: str, path: str) -> tuple[Rule | None, str | None]:
        with self._lock:
            for rule in self.rules:
                if rule.method == method and path.startswith(rule.path_prefix):
                    self.rules.remove(rule)
                    return rule, None
            fault = self.weather.draw(path) if self.weather is not None else None
            if fault is not None:
                self.faults[fault] += 1
            return None, fault

    def add(self, rule: Rule) -> None:
        """Queue a fault."""
        with self._lock:
            self.rules.append(rule)

    def set_weather(self, weather: RandomFaults | None) -> None:
        """Start (or, with None, end) random faults for the requests from now on."""
        with self._lock:
            self.weather = weather

    def start(self) -> FaultProxy:
        self.go_online()
        return self

    def go_online(self) -> None:
        """Listen (again) on the same port."""
        if self._server is not None:
            return
        server = ThreadingHTTPServer(("127.0.0.1", self.port), self._handler)
        server.daemon_threads = True
        self._server = server
        self._thread = threading.Thread(target=server.serve_forever, daemon=True)
        self._thread.start()

    def go_offline(self) -> None:
        """Stop listening: connections are refused, as when the desk has no network."""
        server, self._server = self._server, None
        if server is not None:
            server.shutdown()
            server.server_close()
        # Kept-alive connections die with the network too; the client must reconnect, and
        # is refused.
        with self._lock:
            connections = list(self._connections)
        for connection in connections:
            with contextlib.suppress(OSError):  # already closed by its handler
                connection.shutdown(socket.SHUT_RDWR)

    def stop(self) -> None:
        self._stopped.set()
        self.go_offline()
        self._http.close()

    def keys_sent(self, method: str, path: str) -> list[str | None]:
        """Idempotency-Keys of the requests seen for ``method path``."""
        with self._lock:
            return [k for m, p, k in self.seen if m == method and p == path]
