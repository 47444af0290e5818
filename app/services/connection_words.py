"""Plain words for why an address did not answer as a central service.

Staff read these in the server dialog and IT reads them over the phone, so each one says what
happened at which address and what to check; none carries an exception's class name or
OpenSSL's codes (``ConnectError``, ``[SSL: WRONG_VERSION_NUMBER]``).
"""

from __future__ import annotations

import socket
import ssl
from urllib.parse import urlsplit

import httpx

NETWORK_CHECK = "Check the address and that this computer is on the network."

# OpenSSL's verify messages for the certificates staff meet in practice, in words.
_CERTIFICATE_WORDS = {
    "self-signed certificate": "it uses a self-signed certificate",
    "self-signed certificate in certificate chain": "its certificate is signed by an authority "
    "this computer does not trust",
    "unable to get local issuer certificate": "its certificate is signed by an authority this "
    "computer does not trust",
    "certificate has expired": "its certificate has expired",
    "certificate is not yet valid": "its certificate is not valid yet (check this computer's "
    "date and time)",
}


def _causes(error: BaseException) -> list[BaseException]:
    """``error`` and what it wraps: httpx wraps httpcore, which wraps the socket's own error."""
    seen: list[BaseException] = []
    current: BaseException | None = error
    while current is not None and current not in seen:
        seen.append(current)
        current = current.__cause__ or current.__context__
    return seen


def unreachable(url: str, error: httpx.TransportError, timeout: float) -> str:
    """Why ``url`` gave no answer at all, and what to check."""
    host = urlsplit(url).hostname or url
    causes = _causes(error)
    if isinstance(error, httpx.TimeoutException):
        return (
            f"Could not reach {url}: no answer within {timeout:g} seconds. {NETWORK_CHECK} "
            "If both are right, the service may be busy: try again in a few minutes."
        )
    for cause in causes:
        if isinstance(cause, ssl.SSLCertVerificationError):
            return (
                f"Could not reach {url} securely: {_certificate(cause, host)}, so this computer "
                "cannot be sure it is talking to the real service. Ask IT to check the "
                "service's certificate."
            )
        if isinstance(cause, ssl.SSLError):
            return (
                f"Could not reach {url} securely: something answers there, but not with a "
                "secure (https) connection. Check the address and port with IT."
            )
        if isinstance(cause, socket.gaierror):
            if cause.errno == socket.EAI_AGAIN:
                return (
                    f"Could not reach {url}: this computer could not look up the name {host} "
                    f"(its network's name lookup did not answer). {NETWORK_CHECK}"
                )
            return (
                f"Could not reach {url}: no computer named {host} was found. Check the "
                "address for typing mistakes and that this computer is on the network."
            )
        if isinstance(cause, ConnectionRefusedError):
            return (
                f"Could not reach {url}: {host} refused the connection (nothing is listening "
                "there). Check the address and port, and ask IT whether the service is running."
            )
    if isinstance(error, httpx.ProxyError):
        return f"Could not reach {url}: this computer's proxy refused to connect to it. Tell IT."
    if isinstance(error, httpx.RemoteProtocolError | httpx.ReadError | httpx.WriteError):
        return (
            f"Could not reach {url}: the connection was closed before an answer came. Check the "
            "address and port; if they are right, try again in a few minutes or ask IT."
        )
    return f"Could not reach {url}: the connection failed. {NETWORK_CHECK}"


def _certificate(error: ssl.SSLCertVerificationError, host: str) -> str:
    message = (error.verify_message or "").strip()
    if message.startswith("Hostname mismatch") or message.startswith("IP address mismatch"):
        return f"its certificate is for another name, not {host}"
    return _CERTIFICATE_WORDS.get(message, f"its certificate was refused ({message or 'unknown'})")


def not_a_service(url: str, response: httpx.Response) -> str:
    """``url`` answered, but not as an Account Desk central service."""
    status = response.status_code
    if response.is_redirect and response.headers.get("location"):
        target = str(response.url.join(response.headers["location"]))
        return (
            f"{url} answered, but it sends visitors on to {target}: it is not an Account Desk "
            "central service. If IT gave you that other address, type it instead."
        )
    if status >= 500:
        return (
            f"{url} answered with a server error (HTTP {status}). If it is the central service, "
            "it may be starting or down: try again in a few minutes, or ask IT."
        )
    return (
        f"{url} answered, but it is not an Account Desk central service (HTTP {status}). "
        "Check the address with IT."
    )


def other_version(url: str) -> str:
    """An Account Desk central service whose description this app cannot read."""
    return (
        f"{url} is an Account Desk central service, but of a version this app cannot work "
        "with. Ask IT which version of Account Desk to install for it."
    )
