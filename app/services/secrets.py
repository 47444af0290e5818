"""Secrets (the local database key, staff tokens) live only in the operating system's keyring.

There is no plaintext fallback (DESIGN.md, Security): when no secure backend is available the app
says so and refuses to store anything. A backend is "secure" when it is not one of keyring's
fail/null backends and not one of keyrings.alt's plaintext or unencrypted file backends.
"""

from __future__ import annotations

import contextlib

import keyring
import keyring.backend
import keyring.errors

SERVICE = "Account Desk"

# Backends that would store a secret in the clear or not at all, by class path.
_INSECURE_BACKENDS = frozenset(
    {
        "keyring.backends.fail.Keyring",
        "keyring.backends.null.Keyring",
        "keyrings.alt.file.PlaintextKeyring",
        "keyrings.alt.Gnome.Keyring",  # unmaintained; not an OS vault
    }
)


class NoSecureKeyringError(RuntimeError):
    """No operating-system keyring is available; nothing secret may be stored."""


def _class_path(backend: keyring.backend.KeyringBackend) -> str:
    return f"{type(backend).__module__}.{type(backend).__qualname__}"


def _usable(backend: keyring.backend.KeyringBackend) -> list[keyring.backend.KeyringBackend]:
    """The secure backends behind ``backend`` (a chainer is looked through)."""
    children = getattr(backend, "backends", None)
    if children is not None:
        return [b for b in children if _class_path(b) not in _INSECURE_BACKENDS]
    return [] if _class_path(backend) in _INSECURE_BACKENDS else [backend]


NO_KEYRING_MESSAGE = (
    "Account Desk needs the operating system's secure password store (Windows Credential "
    "Manager, macOS Keychain, or a Secret Service keyring such as GNOME Keyring or KWallet on "
    "Linux) and could not find one. It will not store the database key or your sign-in in a "
    "plain file. Start your desktop's keyring (or ask IT to install one) and open Account Desk "
    "again."
)


class SecretStore:
    """Get, set and delete named secrets in the OS keyring, refusing insecure backends."""

    def __init__(self, backend: keyring.backend.KeyringBackend | None = None) -> None:
        chosen = backend or keyring.get_keyring()
        usable = _usable(chosen)
        if not usable:
            raise NoSecureKeyringError(NO_KEYRING_MESSAGE)
        self._backend = chosen if backend is not None or len(usable) > 1 else usable[0]

    @property
    def backend_name(self) -> str:
        """Which keyring holds the secrets (shown in About and in support logs)."""
        return _class_path(self._backend)

    def get(self, name: str) -> str | None:
        """The secret called ``name``, or None."""
        return self._backend.get_password(SERVICE, name)

    def set(self, name: str, value: str) -> None:
        """Store ``value`` under ``name``."""
        self._backend.set_password(SERVICE, name, value)

    def delete(self, name: str) -> None:
        """Forget ``name`` (no error when it was not there)."""
        with contextlib.suppress(keyring.errors.PasswordDeleteError):
            self._backend.delete_password(SERVICE, name)
