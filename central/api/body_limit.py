"""A limit on request bodies, on every route, however the body is framed.

A pure ASGI middleware rather than Starlette's ``BaseHTTPMiddleware``: it has to see the body as
it streams in. The Content-Length header alone is not enough, because a chunked body
(Transfer-Encoding: chunked) has none, and such a body used to be read and parsed whole before
anyone signed in.

The body is buffered, up to the limit, before the application is called. So no route ever sees a
partial body (nothing can act on the first megabyte of a request that is then refused), the 413
is always the whole answer (no response can have started when the limit is passed), and the cost
is at most the limit per request in flight, which is what every route here needs anyway: each one
reads its whole JSON body before it starts.

The 413 carries ``Connection: close``: uvicorn then closes the connection instead of reading and
discarding the rest of the body to keep the connection alive. While the body is buffered uvicorn
reads ahead of the application by no more than its flow-control high-water mark (64 KiB), so the
service holds at most the limit plus that much of any one body.
"""

from __future__ import annotations

import json

from starlette.types import ASGIApp, Message, Receive, Scope, Send

TOO_LARGE_CODE = "too_large"


def _declared_length(scope: Scope) -> int | None:
    """The Content-Length header as a number (None when absent or not a plain number)."""
    for name, value in scope.get("headers", ()):
        if name == b"content-length":
            text = bytes(value).strip()
            return int(text) if text.isdigit() else None
    return None


class BodyLimit:
    """Answers 413 to any HTTP request whose body is larger than ``max_bytes``."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self._refusal = json.dumps(
            {
                "code": TOO_LARGE_CODE,
                "message": f"The request body is larger than {_size(max_bytes)}; "
                "send a smaller one.",
                "field": None,
            }
        ).encode()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = _declared_length(scope)
        if declared is not None and declared > self.max_bytes:
            # Refused before a byte of the body is read (and before "100 Continue" is sent).
            await self._refuse(send)
            return
        messages: list[Message] = []
        size = 0
        more = True
        while more:
            message = await receive()
            if message["type"] != "http.request":
                return  # the client went away mid-body: there is nobody to answer
            size += len(message.get("body", b""))
            if size > self.max_bytes:
                await self._refuse(send)
                return
            messages.append(message)
            more = bool(message.get("more_body", False))

        replay = iter(messages)

        async def buffered() -> Message:
            # The body as it came, then the real channel (which reports the client leaving).
            return next(replay, None) or await receive()

        await self.app(scope, buffered, send)

    async def _refuse(self, send: Send) -> None:
        await send(
            {
                "type": "http.response.start",
                "status": 413,
                "headers": [
                    (b"content-type", b"application/json"),
                    (b"content-length", str(len(self._refusal)).encode()),
                    # Stop reading: without this uvicorn would read and discard the rest of the
                    # body to keep the connection open for another request.
                    (b"connection", b"close"),
                ],
            }
        )
        await send({"type": "http.response.body", "body": self._refusal, "more_body": False})


def _size(n: int) -> str:
    """``n`` bytes for a person: "1 MiB (1048576 bytes)", or "1000 bytes"."""
    for unit, scale in (("MiB", 1024 * 1024), ("KiB", 1024)):
        if n >= scale and n % scale == 0:
            return f"{n // scale} {unit} ({n} bytes)"
    return f"{n} bytes"
