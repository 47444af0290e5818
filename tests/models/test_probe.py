"""The duplicate-check probe: partial input, normalised like an account, unusable parts dropped."""

from __future__ import annotations

import datetime as dt

from app.models.probe import StudentProbe


def test_probe_keeps_usable_values_and_drops_half_typed_ones() -> None:
    probe = StudentProbe.model_validate(
        {
            "first_name": " Rosa ",
            "last_name": "Gar3",
            "birthdate": "1990-0",
            "email": "X@Y.COM",
            "main_phone": "(916) 445-1254",
            "second_phone": "916-44",
            "ssn": "123-45-6789",
            "no_permanent_address": True,
        }
    )
    assert probe.first_name == "Rosa"
    assert probe.last_name is None and probe.birthdate is None and probe.second_phone is None
    assert probe.email == "x@y.com" and probe.main_phone == "+19164451254"
    assert probe.ssn_digits() == "123456789" and "6789" not in repr(probe)
    assert StudentProbe.model_validate({"birthdate": "2001-02-03"}).birthdate == dt.date(2001, 2, 3)
    assert StudentProbe.model_validate({}).is_empty()
