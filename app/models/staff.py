"""Staff roles and what each may do: shared by the central service (which enforces them on every
request) and the desktop app (which only hides what a role cannot use)."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    """A staff member's role. Higher roles are not supersets by accident: see ROLE_PERMISSIONS."""

    VIEWER = "viewer"
    CREATOR = "creator"
    COLLEGE_ADMIN = "college_admin"
    SYSTEM_ADMIN = "system_admin"


class Permission(StrEnum):
    """One thing a request may do."""

    VIEW_ACCOUNTS = "view_accounts"
    CHECK_DUPLICATES = "check_duplicates"
    REQUEST_CREATE_ACCESS = "request_create_access"
    CREATE_ACCOUNTS = "create_accounts"  # also needs an approved access request
    RESOLVE_REVIEWS = "resolve_reviews"  # also needs an approved access request
    DECIDE_ACCESS = "decide_access"
    MANAGE_ACCOUNT_STATUS = "manage_account_status"
    MANAGE_STAFF = "manage_staff"
    MANAGE_COLLEGES = "manage_colleges"
    READ_AUDIT = "read_audit"


# Permissions that a role alone is not enough for: a college administrator must have approved the
# staff member's access request (seed 000: "Individual requests for access must be approved by a
# college administrator").
NEEDS_APPROVED_ACCESS = frozenset({Permission.CREATE_ACCOUNTS, Permission.RESOLVE_REVIEWS})

_COLLEGE_STAFF = {Permission.VIEW_ACCOUNTS, Permission.CHECK_DUPLICATES}
_CREATOR = _COLLEGE_STAFF | {
    Permission.REQUEST_CREATE_ACCESS,
    Permission.CREATE_ACCOUNTS,
    Permission.RESOLVE_REVIEWS,
}

ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.VIEWER: frozenset(_COLLEGE_STAFF),
    Role.CREATOR: frozenset(_CREATOR),
    Role.COLLEGE_ADMIN: frozenset(
        _CREATOR
        | {
            Permission.DECIDE_ACCESS,
            Permission.MANAGE_ACCOUNT_STATUS,
            Permission.MANAGE_STAFF,
            Permission.READ_AUDIT,
        }
    ),
    # A system administrator runs the service; they belong to no college and create no accounts.
    Role.SYSTEM_ADMIN: frozenset(
        {
            Permission.VIEW_ACCOUNTS,
            Permission.CHECK_DUPLICATES,
            Permission.MANAGE_STAFF,
            Permission.MANAGE_COLLEGES,
            Permission.READ_AUDIT,
            Permission.MANAGE_ACCOUNT_STATUS,
        }
    ),
}


def role_allows(role: Role, permission: Permission) -> bool:
    """True when ``role`` carries ``permission`` (before any access-request check)."""
    return permission in ROLE_PERMISSIONS[role]
