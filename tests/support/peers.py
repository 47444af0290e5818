"""Real loopback peers for the ways an address can fail to be a central service: a closed port,
a port that accepts and never answers, and a plain HTTP(S) server answering something else.

``tls/self_signed_*.pem`` is a throw-away certificate for 127.0.0.1 made for these tests only
(``openssl req -x509 -newkey rsa:2048 -nodes -days 36500 -subj /CN=localhost
-addext subjectAltName=IP:127.0.0.1,DNS:localhost``); nothing trusts it, which is the point.
"""

from __future__ import annotations

import socket
import ssl
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

TLS = Path(__file__).parent / "tls"


def closed_port_url() -> str:
    """An address on this computer where nothing listens (the port was free a moment ago)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{sock.getsockname()[1]}"


@contextmanager
def silent_listener() -> Iterator[str]:
    """An address that accepts connections and never answers (a hung or firewalled service)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen(8)
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"


@dataclass
class Answer:
    """What the peer answers to every GET."""

    status: int = 200
    body: bytes = b"<html><body>Welcome to the college web site</body></html>"
    headers: dict[str, str] = field(default_factory=lambda: {"Content-Type": "text/html"})


class _Server(ThreadingHTTPServer):
    answer: Answer
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        # A client refusing the certificate ends the handshake with an error: expected here.
        return


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def do_GET(self) -> None:
        answer = self.server.answer
        self.send_response(answer.status)
        for name, value in answer.headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(answer.body)))
        self.end_headers()
        self.wfile.write(answer.body)

    def log_message(self, format: str, *args: object) -> None:
        return


@contextmanager
def answering(answer: Answer, *, tls: bool = False) -> Iterator[str]:
    """A web server on loopback answering ``answer``; with ``tls`` over https with the
    self-signed certificate. Yields its base address."""
    server = _Server(("127.0.0.1", 0), _Handler)
    server.answer = answer
    if tls:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(TLS / "self_signed_cert.pem", TLS / "self_signed_key.pem")
        server.socket = context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"{'https' if tls else 'http'}://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)
