"""A loopback HTTP proxy in front of the real central service that misbehaves on request.

What it stands in for is off the machine: the network and load balancer between a desk and the
central service. Rules are consumed in order by the first request that matches them:

* ``status 503`` / ``status 429`` (optionally with Retry-After): answer that, forward nothing;
* ``drop_after_forward``: forward the request, let the server apply it, then close the connection
  without answering (the client sees a network error; the write happened);
* ``drop_before_forward``: close the connection without forwarding anything.

Everything else is forwarded as it is.
"""

from __future__ import annotations

import threading
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
    action: str  # "status", "drop_after_forward", "drop_before_forward"
    status: int = 503
    retry_after: str | None = None


class FaultProxy:
    """Forward to ``upstream``; apply :attr:`rules` first."""

    def __init__(self, upstream: str) -> None:
        self.upstream = upstream
        self.rules: list[Rule] = []
        self.seen: list[tuple[str, str, str | None]] = []  # method, path, Idempotency-Key
        self._lock = threading.Lock()
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self._http = httpx.Client(base_url=upstream, timeout=60)
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: object) -> None:
                return

            def _handle(self) -> None:
                length = int(self.headers.get("content-length") or 0)
                body = self.rfile.read(length) if length else b""
                rule = proxy._take(self.command, self.path)
                with proxy._lock:
                    proxy.seen.append(
                        (self.command, self.path, self.headers.get("idempotency-key"))
                    )
                if rule is not None and rule.action == "drop_before_forward":
                    self.close_connection = True
                    self.connection.close()
                    return
                if rule is not None and rule.action == "status":
                    payload = b'{"code": "injected", "message": ""}'
                    self.send_response(rule.status)
                    self.send_header("content-type", "application/json")
                    self.send_header("content-length", str(len(payload)))
                    if rule.retry_after is not None:
                        self.send_header("retry-after", rule.retry_after)
                    self.end_headers()
                    self.wfile.write(payload)
                    return
                headers = {k: v for k, v in self.headers.items() if k.lower() not in _HOP_HEADERS}
                answer = proxy._http.request(self.command, self.path, content=body, headers=headers)
                if rule is not None and rule.action == "drop_after_forward":
                    self.close_connection = True
                    self.connection.close()
                    return
                self.send_response(answer.status_code)
                for name, value in answer.headers.items():
                    if name.lower() not in _HOP_HEADERS:
                        self.send_header(name, value)
                self.send_header("content-length", str(len(answer.content)))
                self.end_headers()
                self.wfile.write(answer.content)

            do_GET = do_POST = _handle

        self._server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def _take(self, method: str, path: str) -> Rule | None:
        with self._lock:
            for rule in self.rules:
                if rule.method == method and path.startswith(rule.path_prefix):
                    self.rules.remove(rule)
                    return rule
        return None

    def add(self, rule: Rule) -> None:
        """Queue a fault."""
        with self._lock:
            self.rules.append(rule)

    def start(self) -> FaultProxy:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._http.close()

    def keys_sent(self, method: str, path: str) -> list[str | None]:
        """Idempotency-Keys of the requests seen for ``method path``."""
        with self._lock:
            return [k for m, p, k in self.seen if m == method and p == path]
