"""Temporary passwords for printed slips, and the argon2id hashes made of them on this workstation.

DESIGN.md: the temporary password is random from ``secrets``, at least 15 characters from an
alphabet with no look-alike characters (NIST SP 800-63B-4 3.1.1), is hashed where it is made so the
plaintext is never stored and never sent, and is shown once, on the slip.
"""

from __future__ import annotations

import secrets
from concurrent.futures import Executor

from argon2 import PasswordHasher, Type

# No 0/O/o, 1/l/I/i, 2/Z/z, 5/S/s, 8/B, 6/G/b/q, u/v/U/V, rn/m: characters a student reading a
# printed slip (or a counselor reading it aloud) could confuse.
ALPHABET = "ACDEFHJKLMNPQRTWXY" + "acdefhjkmnprtwxy" + "3479"
TEMP_PASSWORD_LENGTH = 16  # ≥ 15 (DESIGN.md); 16 prints as four groups of four
GROUP = 4

# OWASP minimum for argon2id (DESIGN.md): the central service refuses anything weaker.
TEMP_HASHER = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1, type=Type.ID)


def new_temp_password() -> str:
    """A fresh temporary password (about 92 bits of entropy)."""
    return "".join(secrets.choice(ALPHABET) for _ in range(TEMP_PASSWORD_LENGTH))


def grouped(password: str) -> str:
    """The password as printed: groups of four separated by spaces, easier to copy by hand."""
    return " ".join(password[i : i + GROUP] for i in range(0, len(password), GROUP))


def hash_temp_password(password: str) -> str:
    """argon2id PHC string of ``password`` (tens of ms of CPU: call it off the UI thread)."""
    return TEMP_HASHER.hash(password)


def hash_many(passwords: list[str], pool: Executor) -> list[str]:
    """Hash passwords on every core (bulk creation), in order."""
    return list(pool.map(hash_temp_password, passwords))


def verify_temp_password(password_hash: str, password: str) -> bool:
    """True when ``password`` matches (used by tests and the offline unlock verifier)."""
    try:
        return TEMP_HASHER.verify(password_hash, password)
    except Exception:  # argon2 raises several mismatch types; all mean "no"
        return False
