"""Every way Test connection can fail says, in plain words, what happened at which address and
what to check, never an exception's class name, against real peers on loopback."""

from __future__ import annotations

import json
import re

import pytest

from app.services.server_choice import ServerAddressError, normalize_address, probe
from tests.central.support import Central
from tests.support.peers import Answer, answering, closed_port_url, silent_listener

# What staff must never read: a class name (ConnectError, SSLError), an errno, OpenSSL's codes.
_TECHNICAL = re.compile(r"[A-Z][a-z]+Error|Exception|Errno|\[SSL|_ssl\.c|\bNone\b")


def _refusal(url: str, *, timeout: float = 5) -> str:
    with pytest.raises(ServerAddressError) as raised:
        probe(url, timeout=timeout)
    words = str(raised.value)
    assert not _TECHNICAL.search(words), words
    return words


def test_a_closed_port_is_refused_in_words() -> None:
    url = closed_port_url()
    assert _refusal(url) == (
        f"Could not reach {url}: 127.0.0.1 refused the connection (nothing is listening there). "
        "Check the address and port, and ask IT whether the service is running."
    )


def test_a_name_that_does_not_exist() -> None:
    words = _refusal("https://accounts.nowhere.invalid")
    assert words.startswith(
        "Could not reach https://accounts.nowhere.invalid: no computer named "
        "accounts.nowhere.invalid was found."
    )
    assert "Check the address for typing mistakes" in words


def test_no_answer_in_time() -> None:
    with silent_listener() as url:
        words = _refusal(url, timeout=0.3)
    assert words.startswith(f"Could not reach {url}: no answer within 0.3 seconds. Check the")
    assert "that this computer is on the network" in words


def test_https_to_something_that_does_not_speak_it() -> None:
    with answering(Answer()) as plain:
        url = plain.replace("http://", "https://")
        words = _refusal(url)
    assert words.startswith(f"Could not reach {url} securely: something answers there, but not")
    assert "Check the address and port with IT" in words


def test_a_certificate_this_computer_does_not_trust() -> None:
    with answering(Answer(), tls=True) as url:
        words = _refusal(url)
    assert words.startswith(f"Could not reach {url} securely: it uses a self-signed certificate")
    assert "Ask IT to check the service's certificate" in words


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        (Answer(), "answered, but it is not an Account Desk central service (HTTP 200)"),
        (Answer(status=404), "answered, but it is not an Account Desk central service (HTTP 404)"),
        (
            Answer(
                200, json.dumps({"service": "file-server"}).encode(), {"Content-Type": "x/json"}
            ),
            "answered, but it is not an Account Desk central service (HTTP 200)",
        ),
        (Answer(status=503), "answered with a server error (HTTP 503)"),
        (
            Answer(302, b"", {"Location": "/login"}),
            "answered, but it sends visitors on to http://127.0.0.1:",
        ),
    ],
)
def test_something_else_answering(answer: Answer, expected: str) -> None:
    with answering(answer) as url:
        words = _refusal(url)
    assert words.startswith(f"{url} {expected}"), words


def test_an_account_desk_service_of_another_version() -> None:
    newer = {"service": "account-desk-central", "api": 2, "epoch": "not-a-uuid"}
    with answering(Answer(200, json.dumps(newer).encode(), {})) as url:
        words = _refusal(url)
    assert words == (
        f"{url} is an Account Desk central service, but of a version this app cannot work with. "
        "Ask IT which version of Account Desk to install for it."
    )


def test_the_real_service_answers(central: Central) -> None:
    assert probe(central.base_url).url == central.base_url


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("https://accounts.example.edu:99999", "with a port from 1 to 65535"),
        ("https://accounts.example.edu:https", "with a port from 1 to 65535"),
        ("https://[::1", "use a web address such as"),
        ("https://accounts example.edu", "take the spaces out of https://accounts example.edu"),
        ("https://accounts..example.edu", "accounts..example.edu cannot be a computer's name"),
    ],
)
def test_an_address_that_cannot_be_asked_is_explained_before_asking(
    typed: str, expected: str
) -> None:
    with pytest.raises(ServerAddressError) as raised:
        normalize_address(typed)
    assert str(raised.value).startswith("Server address: ")
    assert expected in str(raised.value)
