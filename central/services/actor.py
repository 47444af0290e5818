"""Who is making a request, as established from their bearer token."""

from __future__ import annotations

from dataclasses import dataclass

from app.models.staff import NEEDS_APPROVED_ACCESS, Permission, Role, role_allows
from central.errors import forbidden


@dataclass(frozen=True)
class Actor:
    """The signed-in staff member behind a request."""

    staff_id: int
    username: str
    role: Role
    college_id: int | None
    workstation_id: str | None
    has_approved_access: bool

    def may(self, permission: Permission) -> bool:
        """True when this staff member may do ``permission`` right now."""
        if not role_allows(self.role, permission):
            return False
        return permission not in NEEDS_APPROVED_ACCESS or self.has_approved_access

    def require(self, permission: Permission) -> None:
        """Raise 403 with a plain reason unless ``may(permission)``."""
        if self.may(permission):
            return
        if role_allows(self.role, permission):
            raise forbidden(
                "You need approved access to create accounts. Ask a college administrator to "
                "approve your access request."
            )
        raise forbidden(
            f"Your role ({self.role.value.replace('_', ' ')}) does not allow this "
            f"({permission.value.replace('_', ' ')})."
        )

    def require_college(self, college_id: int) -> None:
        """Raise 403 unless the actor works for ``college_id`` (system administrators pass)."""
        if self.role is Role.SYSTEM_ADMIN or self.college_id == college_id:
            return
        raise forbidden("This record belongs to another college.")
