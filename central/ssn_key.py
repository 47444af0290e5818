"""The SSN key: the secret that turns an SSN into the keyed digest the database stores.

An SSN has only 10^9 values (10^5 once its stored last four are known), so its digest is safe only
while the key is secret: a database dump that held the key would yield every SSN in about a
second. The key therefore never lives in the database it protects. The service reads it at start
from a file (``--ssn-key-file`` / ``CENTRAL_SSN_KEY_FILE``) or the environment (``CENTRAL_SSN_KEY``)
and refuses to start without it; the database holds only a check value that tells a wrong key from
the right one.

Rotation without the SSNs. The digests cannot be recomputed from scratch (the SSNs are not kept),
so the key is an onion of layers: ``digest = HMAC(k_n, ... HMAC(k_2, HMAC(k_1, ssn)))``. Rotating
adds a layer and rewraps each stored digest with it (``HMAC(k_new, digest)``), which needs only the
stored digest and the new key. After a rotation, a leaked older key file plus a new dump still
yields nothing: every layer is needed. The file keeps every layer, oldest first.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Final

KEY_BYTES: Final = 32
KEY_FILE_ENV: Final = "CENTRAL_SSN_KEY_FILE"
KEY_ENV: Final = "CENTRAL_SSN_KEY"
# The check value is a digest of this text (not an SSN: it has letters), so it tells whether a key
# is the right one and says nothing about any SSN.
_CHECK_INPUT: Final = b"account-desk ssn key check"


class SsnKeyError(RuntimeError):
    """The SSN key is missing, malformed or not the one this database was written with."""


@dataclass(frozen=True)
class SsnKey:
    """The layers of the SSN key, oldest first."""

    layers: tuple[bytes, ...]

    def __post_init__(self) -> None:
        if not self.layers:
            raise SsnKeyError("An SSN key needs at least one layer.")
        for layer in self.layers:
            if len(layer) < 16:
                raise SsnKeyError(
                    f"Each SSN key layer must be at least 16 bytes; one has {len(layer)}."
                )

    @classmethod
    def generate(cls) -> SsnKey:
        """A new key of one random layer."""
        return cls((secrets.token_bytes(KEY_BYTES),))

    def with_new_layer(self) -> SsnKey:
        """This key with one more random layer (a rotation)."""
        return SsnKey((*self.layers, secrets.token_bytes(KEY_BYTES)))

    def _fold(self, value: bytes) -> bytes:
        digest = hmac.new(self.layers[0], value, hashlib.sha256).digest()
        for layer in self.layers[1:]:
            digest = hmac.new(layer, digest, hashlib.sha256).digest()
        return digest

    def digest(self, ssn_digits: str) -> bytes:
        """The stored digest of a 9-digit SSN."""
        return self._fold(ssn_digits.encode())

    def check_value(self) -> bytes:
        """What the database stores to recognise this key."""
        return self._fold(_CHECK_INPUT)

    def wrap(self, previous_digest: bytes) -> bytes:
        """A digest made under all layers but the newest, rewrapped under the newest."""
        return hmac.new(self.layers[-1], previous_digest, hashlib.sha256).digest()

    def to_text(self) -> str:
        """The key file's contents."""
        lines = [
            "# Account Desk central service: SSN key. Keep it secret and out of the database",
            "# and its backups; every line (layer) is needed, oldest first. See README.",
            *(layer.hex() for layer in self.layers),
        ]
        return "\n".join(lines) + "\n"

    @classmethod
    def from_text(cls, text: str, where: str) -> SsnKey:
        """A key from a key file's text (hex layers, one per line, # comments) or the
        environment's form (hex layers separated by commas)."""
        layers: list[bytes] = []
        for number, raw in enumerate(text.splitlines(), start=1):
            for part in raw.split("#", 1)[0].split(","):
                if not part.strip():
                    continue
                try:
                    layers.append(bytes.fromhex(part.strip()))
                except ValueError:
                    raise SsnKeyError(
                        f"{where}, line {number}: an SSN key layer must be hexadecimal "
                        f"({KEY_BYTES * 2} characters, 0-9 and a-f)."
                    ) from None
        if not layers:
            raise SsnKeyError(f"{where} holds no SSN key.")
        return cls(tuple(layers))

    def __repr__(self) -> str:  # never print the key itself
        return f"SsnKey(layers={len(self.layers)})"


def read_key_file(path: Path) -> SsnKey:
    """The key in ``path``."""
    try:
        text = path.read_text("utf-8")
    except FileNotFoundError:
        raise SsnKeyError(f"The SSN key file {path} does not exist.") from None
    except OSError as error:
        raise SsnKeyError(f"The SSN key file {path} cannot be read: {error.strerror}.") from None
    return SsnKey.from_text(text, str(path))


def write_key_file(path: Path, key: SsnKey) -> None:
    """Write ``key`` to ``path`` whole, readable by its owner only, never over an existing file."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write(key.to_text())
        out.flush()
        os.fsync(out.fileno())


def pending_path(path: Path) -> Path:
    """Where a rotation writes the next key before the database has taken it."""
    return path.with_name(path.name + ".new")


def load_ssn_key(
    key_file: Path | None = None, environ: Mapping[str, str] | None = None
) -> SsnKey | None:
    """The key from ``key_file``, else ``CENTRAL_SSN_KEY_FILE``, else ``CENTRAL_SSN_KEY``."""
    env = os.environ if environ is None else environ
    if key_file is None and env.get(KEY_FILE_ENV):
        key_file = Path(env[KEY_FILE_ENV])
    if key_file is not None:
        return read_key_file(key_file)
    if env.get(KEY_ENV):
        return SsnKey.from_text(env[KEY_ENV], KEY_ENV)
    return None


MISSING_KEY_MESSAGE: Final = (
    "The central service needs its SSN key and found none. Make one once with "
    "`python -m central admin new-ssn-key --out FILE`, keep FILE outside the database and its "
    f"backups, and start with --ssn-key-file FILE (or set {KEY_FILE_ENV}=FILE, or {KEY_ENV} to the "
    "key's hex layers separated by commas)."
)


def layers_hint(stored_layers: int, key: SsnKey, candidates: Sequence[Path]) -> str:
    """The sentence that says why a key does not match the database, and what to do."""
    text = (
        f"The SSN key given ({len(key.layers)} layer(s)) is not the one this database was "
        f"written with ({stored_layers} layer(s))."
    )
    for candidate in candidates:
        if candidate.exists():
            text += (
                f" {candidate} is waiting from an unfinished rotation: if the rotation's "
                f"transaction committed, it is the key now; move it over the old file."
            )
    return text
