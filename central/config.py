"""Settings of the central service, with the values DESIGN.md fixes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from app.models.api import DemoSignIn
from central.ssn_key import SsnKey


@dataclass(frozen=True)
class Settings:
    """How one central service instance behaves. Defaults are the production values."""

    database_url: str
    access_token_ttl: timedelta = timedelta(minutes=15)
    refresh_token_ttl: timedelta = timedelta(days=14)
    # DESIGN.md: temporary passwords expire after at most 7 days, set by the server.
    temp_password_ttl: timedelta = timedelta(days=7)
    # A workstation may stay offline for days; a lease lasts long enough for that.
    lease_ttl: timedelta = timedelta(days=30)
    lease_max_size: int = 1000
    failed_logins_before_lock: int = 5
    login_lock: timedelta = timedelta(minutes=15)
    # At most this many accounts are scored per duplicate check, strongest blocks first.
    max_candidates_scored: int = 500
    max_candidates_returned: int = 20
    pool_max_size: int = 16
    # The SSN key (central/ssn_key.py). None: read at start from CENTRAL_SSN_KEY_FILE or
    # CENTRAL_SSN_KEY; the service refuses to start without one. Never from the database.
    ssn_key: SsnKey | None = None
    ssn_key_file: Path | None = None
    # Served in GET /v1/server for the desk's sign-in screen: the built-in sandbox only.
    demo_sign_ins: tuple[DemoSignIn, ...] = ()
