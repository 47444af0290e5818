"""Which messages the form shows: the model's, including cross-field ones on a half-filled form."""

from __future__ import annotations

from datetime import date

from app.models.account import BIRTHDATE_MISMATCH_MESSAGE, FIELD_LABELS
from app.models.phone import INVALID_MAIN_PHONE_MESSAGE, SECOND_PHONE_WITHOUT_MAIN_MESSAGE
from app.views.new_student_validation import (
    blank_value,
    fields_affected_by,
    form_errors,
    required_fields,
)

BIRTH = date(2001, 4, 30)


def test_cross_field_messages_show_although_another_field_fails() -> None:
    # The model alone reports only "last name required" here: its cross-field rules do not run
    # while a field fails. The form needs both at once.
    errors = form_errors(
        {
            "birthdate": BIRTH,
            "birthdate_confirmation": date(2001, 4, 29),
            "second_phone": "9164451254",
        }
    )
    assert errors["last_name"].startswith("Legal Last Name is required.")
    assert errors["birthdate_confirmation"] == BIRTHDATE_MISMATCH_MESSAGE
    assert errors["main_phone"] == SECOND_PHONE_WITHOUT_MAIN_MESSAGE


def test_no_message_about_a_stand_in() -> None:
    # Birthdate cannot be read, so it is replaced for the second pass; the mismatch that the
    # stand-in would cause is not the user's and is not shown.
    errors = form_errors(
        {"last_name": "Lopez", "birthdate_confirmation": BIRTH, "no_permanent_address": True},
        unreadable={"birthdate": "Birthdate must be a real date written MM/DD/YYYY, ..."},
    )
    assert set(errors) == {"birthdate"}
    # An invalid main phone is not reported as "missing" to the extension.
    errors = form_errors(
        {
            "last_name": "Lopez",
            "birthdate": BIRTH,
            "birthdate_confirmation": BIRTH,
            "no_permanent_address": True,
            "main_phone": "123-456-7890",
            "main_phone_ext": "12",
        }
    )
    assert errors == {"main_phone": INVALID_MAIN_PHONE_MESSAGE}


def test_valid_values_have_no_errors() -> None:
    values = {
        "last_name": "Lopez",
        "birthdate": BIRTH,
        "birthdate_confirmation": BIRTH,
        "no_permanent_address": True,
    }
    assert form_errors(values) == {}


def test_fields_affected_by_finds_the_field_a_rule_puts_its_message_on() -> None:
    values = {"second_phone": "9164451254"}
    errors = form_errors(values)
    assert "main_phone" in fields_affected_by("second_phone", values, errors)
    assert "city" not in fields_affected_by("second_phone", values, errors)


def test_required_fields_follow_the_model() -> None:
    assert required_fields({"no_permanent_address": False, "country": "US"}) == {
        "last_name",
        "birthdate",
        "birthdate_confirmation",
        "street1",
        "city",
        "state",
        "postal_code",
    }
    assert "state" not in required_fields({"no_permanent_address": False, "country": "MX"})
    assert required_fields({"no_permanent_address": True}) == {
        "last_name",
        "birthdate",
        "birthdate_confirmation",
    }


def test_blank_values_are_the_model_defaults() -> None:
    assert blank_value("country") == "US"
    assert blank_value("main_phone_text_ok") is False
    assert blank_value("last_name") is None
    assert set(FIELD_LABELS) >= {"birthdate_confirmation"}
