"""What a duplicate check needs to know about a student: whatever staff have typed so far.

A check runs while the form is still being filled in, so every field is optional and a value
that is not valid yet (half a phone number, a mistyped email) is simply left out: it is not
evidence either way. The normalisation is the account model's own, so a probe and a stored
account compare alike.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, ConfigDict, SecretStr, model_validator

from app.models.account import clean_name, normalize_ssn
from app.models.phone import PhoneWhich, normalize_phone

_NAME_FIELDS = ("first_name", "middle_name", "last_name")
_TEXT_LIMITS = {"suffix": 3, "street1": 50, "street2": 50, "city": 50, "state": 2,
                "postal_code": 20, "email": 254}  # fmt: skip


def _text(value: Any, limit: int) -> str | None:
    if not isinstance(value, str):
        return None
    text = " ".join(value.split())
    if not text or len(text) > limit or any(ord(c) < 32 for c in text):
        return None
    return text


def _usable(name: str, value: Any) -> Any:
    """The value normalised as the account model would, or None when it is not usable yet."""
    try:
        if name in _NAME_FIELDS:
            return clean_name(value, name) if isinstance(value, str) and value.strip() else None
        if name in ("main_phone", "second_phone"):
            which: PhoneWhich = "main" if name == "main_phone" else "second"
            return normalize_phone(value, which) if isinstance(value, str) and value else None
        if name == "ssn":
            raw = value.get_secret_value() if isinstance(value, SecretStr) else value
            return SecretStr(normalize_ssn(raw)) if isinstance(raw, str) and raw else None
        if name == "birthdate":
            if isinstance(value, dt.date):
                return value
            return dt.date.fromisoformat(value) if isinstance(value, str) and value else None
        if name == "email":
            text = _text(value, _TEXT_LIMITS["email"])
            return text.lower() if text and "@" in text else None
        return _text(value, _TEXT_LIMITS[name])
    except (ValueError, TypeError):
        return None


class StudentProbe(BaseModel):
    """The typed-so-far student for a duplicate check. Unknown fields are ignored on purpose: the
    desk sends its whole form, and fields that are no evidence (phone type, SSN status) are not
    needed here."""

    model_config = ConfigDict(extra="ignore", hide_input_in_errors=True)

    first_name: str | None = None
    middle_name: str | None = None
    last_name: str | None = None
    suffix: str | None = None
    birthdate: dt.date | None = None
    email: str | None = None
    main_phone: str | None = None
    second_phone: str | None = None
    street1: str | None = None
    street2: str | None = None
    city: str | None = None
    state: str | None = None
    postal_code: str | None = None
    ssn: SecretStr | None = None

    @model_validator(mode="before")
    @classmethod
    def _keep_usable(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            return data
        return {name: _usable(name, data.get(name)) for name in cls.model_fields}

    def ssn_digits(self) -> str | None:
        """The SSN's 9 digits, or None."""
        return self.ssn.get_secret_value() if self.ssn else None

    def is_empty(self) -> bool:
        """True when nothing typed so far could find anyone."""
        return not any(getattr(self, name) for name in type(self).model_fields)
