"""Password hashing: argon2id for staff passwords, and checks on the temporary-password hashes
that workstations send.

The workstation makes each temporary password and its argon2id hash itself (DESIGN.md: the
plaintext is never stored and never sent). The server only checks that what it receives really is
an argon2id hash at OWASP's minimum cost or above, so a buggy or hostile client cannot store a weak
or plaintext "hash".
"""

from __future__ import annotations

from argon2 import PasswordHasher, Type, extract_parameters
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

# OWASP Password Storage Cheat Sheet minimum for argon2id: 19 MiB, 2 iterations, 1 lane.
MIN_MEMORY_KIB = 19 * 1024
MIN_TIME_COST = 2
MIN_PARALLELISM = 1

STAFF_HASHER = PasswordHasher(
    time_cost=MIN_TIME_COST, memory_cost=MIN_MEMORY_KIB, parallelism=MIN_PARALLELISM, type=Type.ID
)

# A fixed hash to verify against when the username is unknown, so that a wrong username and a
# wrong password take the same time and cannot be told apart.
_DUMMY_HASH = STAFF_HASHER.hash("no such staff member")


def hash_staff_password(password: str) -> str:
    """argon2id hash of a staff password."""
    return STAFF_HASHER.hash(password)


def verify_staff_password(password_hash: str | None, password: str) -> bool:
    """True when ``password`` matches; costs the same whether or not the user exists."""
    try:
        return STAFF_HASHER.verify(password_hash or _DUMMY_HASH, password) and bool(password_hash)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def temp_password_hash_problem(phc: str) -> str | None:
    """Why ``phc`` is not an acceptable temporary-password hash, or None when it is."""
    if not phc.startswith("$argon2id$"):
        return "temp_password_hash must be an argon2id hash in PHC format ($argon2id$...)."
    try:
        params = extract_parameters(phc)
    except (InvalidHashError, ValueError):
        return "temp_password_hash is not a well-formed argon2id hash."
    if (
        params.memory_cost < MIN_MEMORY_KIB
        or params.time_cost < MIN_TIME_COST
        or params.parallelism < MIN_PARALLELISM
    ):
        return (
            "temp_password_hash is weaker than allowed: use argon2id with at least "
            f"m={MIN_MEMORY_KIB}, t={MIN_TIME_COST}, p={MIN_PARALLELISM}."
        )
    if params.hash_len < 16 or params.salt_len < 16:
        return "temp_password_hash must have a salt and a hash of at least 16 bytes."
    return None
