"""Account field rules: each test names the rule and fails if the rule is broken."""

from datetime import date, timedelta
from typing import Any

import pytest
from pydantic import ValidationError

from app.models.account import (
    BIRTHDATE_MISMATCH_MESSAGE,
    FIELD_LABELS,
    REVEAL_SSN,
    TODAY_CONTEXT_KEY,
    ContactMethod,
    SsnStatus,
    StudentFields,
    StudentForm,
    field_errors,
)
from app.models.phone import (
    INVALID_MAIN_PHONE_MESSAGE,
    INVALID_SECOND_PHONE_MESSAGE,
    SECOND_PHONE_WITHOUT_MAIN_MESSAGE,
    PhoneType,
)
from tests.support.students import known_student as valid
from tests.support.students import known_student_fields as make

SSN = "123-45-6789"
SSN_DIGITS = "123456789"


def errors_of(model: type[StudentFields] = StudentFields, /, **overrides: Any) -> dict[str, str]:
    """Validate ``valid(**overrides)`` and return field_errors; fails if it validated."""
    with pytest.raises(ValidationError) as caught:
        model.model_validate(valid(**overrides))
    return field_errors(caught.value)


# --- the baseline -----------------------------------------------------------------------------


def test_valid_record_validates_with_defaults():
    student = make()
    assert student.country == "US"
    assert student.ssn is None
    assert student.ssn_status is SsnStatus.NOT_ASKED
    assert student.main_phone_text_ok is False
    assert student.second_phone_text_ok is False
    assert student.no_permanent_address is False
    assert student.ssn_exception is False


def test_unknown_field_is_refused():
    errors = errors_of(favourite_color="blue")
    assert errors == {
        "favourite_color": '"favourite_color" is not a student account field. Remove it.'
    }


def test_every_field_has_a_label():
    assert set(FIELD_LABELS) == set(StudentForm.model_fields)
    assert FIELD_LABELS["last_name"] == "Legal Last Name"
    assert FIELD_LABELS["main_phone"] == "Main Telephone Number"


def test_schema_titles_are_labels():
    properties = StudentFields.model_json_schema()["properties"]
    assert properties["last_name"]["title"] == "Legal Last Name"
    assert properties["last_name"]["maxLength"] == 50


# --- names ------------------------------------------------------------------------------------


def test_last_name_is_required():
    assert errors_of(last_name="   ") == {
        "last_name": "Legal Last Name is required. Enter the student's legal last name."
    }
    data = valid()
    del data["last_name"]
    with pytest.raises(ValidationError) as caught:
        StudentFields.model_validate(data)
    assert field_errors(caught.value) == {"last_name": "Legal Last Name is required."}


def test_other_names_are_optional_and_blank_becomes_none():
    student = make(first_name="", middle_name="  ", preferred_first_name=None)
    assert student.first_name is None
    assert student.middle_name is None


@pytest.mark.parametrize("typed", ["\x1f", " \x1c \x1d ", "\x1e\u2028", "\x1f\t\x1c"])
def test_name_of_only_separator_characters_is_blank(typed):
    # U+001C..U+001F are whitespace to Python's str.split() but survive pydantic's
    # str_strip_whitespace: once tidied the name is empty, and is blank like "   ".
    student = make(first_name=typed, middle_name=typed, previous_last_name=typed)
    assert student.first_name is None
    assert student.middle_name is None
    assert student.previous_last_name is None
    assert errors_of(last_name=typed) == {
        "last_name": "Legal Last Name is required. Enter the student's legal last name."
    }


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("José", "José"),
        ("García-López", "García-López"),
        ("O'Brien", "O'Brien"),
        ("O\u2019Brien", "O'Brien"),  # curly apostrophe from a word processor
        ("St. John", "St. John"),
        ("de la  Cruz", "de la Cruz"),  # runs of spaces collapse
        ("Nguyễn", "Nguyễn"),
        ("Jose\u0301", "José"),  # decomposed accent is composed (NFC)
        ("Zoë", "Zoë"),
        ("  Lopez  ", "Lopez"),
    ],
)
def test_name_characters_accepted(typed, stored):
    assert make(last_name=typed).last_name == stored


@pytest.mark.parametrize("typed", ["Lopez2", "R2-D2", "Smith!", "Ann@", "J_Doe", "-Lopez", "'"])
def test_name_with_digits_or_symbols_is_refused_naming_field_and_fix(typed):
    message = errors_of(previous_last_name=typed)["previous_last_name"]
    assert message.startswith("Previous Last Name can contain only letters")
    assert "Remove any digits or other symbols." in message


@pytest.mark.parametrize("field", ["first_name", "last_name", "preferred_middle_name"])
def test_name_of_51_characters_is_refused_naming_field(field):
    assert make(**{field: "A" * 50}).model_dump()[field] == "A" * 50
    message = errors_of(**{field: "A" * 51})[field]
    label = FIELD_LABELS[field]
    assert message == f"{label} must be 50 characters or fewer; it has 51. Shorten it."


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("Jr.", "Jr."), ("jr", "Jr."), ("SR", "Sr."), ("iii", "III"), ("IV", "IV"), ("v.", "V")],
)
def test_suffix_is_normalised(typed, stored):
    assert make(suffix=typed).suffix == stored


@pytest.mark.parametrize("typed", ["Esq", "VI", "2nd", "Junior"])
def test_unknown_suffix_is_refused(typed):
    assert errors_of(suffix=typed)["suffix"].startswith("Suffix must be one of Jr., Sr., II")


# --- birthdate --------------------------------------------------------------------------------


def test_birthdate_accepts_iso_text():
    assert make(birthdate="2001-04-30").birthdate == date(2001, 4, 30)


@pytest.mark.parametrize("typed", ["2001-02-30", "04/30/2001", "yesterday", 20010430])
def test_birthdate_must_be_a_real_date(typed):
    assert errors_of(birthdate=typed)["birthdate"].startswith("Birthdate must be a real date")


def test_future_birthdate_is_refused():
    tomorrow = date.today() + timedelta(days=1)
    assert errors_of(birthdate=tomorrow) == {
        "birthdate": "Birthdate cannot be in the future. Check the year."
    }


def test_today_comes_from_context_when_given():
    """The central service judges "future" by its own clock, not the laptop's."""
    server_today = date(2020, 1, 1)
    with pytest.raises(ValidationError):
        StudentFields.model_validate(
            valid(birthdate=date(2020, 1, 2)), context={TODAY_CONTEXT_KEY: server_today}
        )
    born_today = StudentFields.model_validate(
        valid(birthdate=server_today), context={TODAY_CONTEXT_KEY: server_today}
    )
    assert born_today.birthdate == server_today


def test_birthdate_before_1900_is_refused():
    assert make(birthdate=date(1900, 1, 1)).birthdate == date(1900, 1, 1)
    assert errors_of(birthdate=date(1899, 12, 31))["birthdate"].startswith(
        "Birthdate cannot be before"
    )


def test_birthdate_confirmation_must_match():
    form = StudentForm.model_validate(valid(birthdate_confirmation="2001-04-30"))
    assert form.birthdate_confirmation == form.birthdate
    errors = errors_of(StudentForm, birthdate_confirmation=date(2001, 4, 3))
    assert errors == {"birthdate_confirmation": BIRTHDATE_MISMATCH_MESSAGE}
    assert BIRTHDATE_MISMATCH_MESSAGE == (
        "Birthdate and Confirm Birthdate do not match. Enter the same date in both."
    )


def test_birthdate_confirmation_is_required_on_the_form_only():
    assert errors_of(StudentForm) == {"birthdate_confirmation": "Confirm Birthdate is required."}
    assert errors_of(StudentFields, birthdate_confirmation=date(2001, 4, 30)) == {
        "birthdate_confirmation": '"birthdate_confirmation" is not a student account field. '
        "Remove it."
    }


def test_form_mismatch_reported_together_with_other_cross_field_errors():
    errors = errors_of(
        StudentForm, birthdate_confirmation=date(2001, 4, 3), second_phone="916-445-1254"
    )
    assert errors == {
        "main_phone": SECOND_PHONE_WITHOUT_MAIN_MESSAGE,
        "birthdate_confirmation": BIRTHDATE_MISMATCH_MESSAGE,
    }


def test_form_to_fields_keeps_the_ssn():
    form = StudentForm.model_validate(
        valid(birthdate_confirmation=date(2001, 4, 30), ssn=SSN, ssn_status="provided")
    )
    fields = form.to_fields()
    assert type(fields) is StudentFields
    assert fields.ssn_digits() == SSN_DIGITS


# --- email ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("Maria.Lopez@Example.COM", "maria.lopez@example.com"),
        ("  intake+17@College.edu ", "intake+17@college.edu"),  # "master plus 1" address
        ("", None),
    ],
)
def test_email_is_normalised_to_lower_case(typed, stored):
    assert make(email=typed).email == stored


@pytest.mark.parametrize("typed", ["maria", "maria@", "@college.edu", "maria@college", "a b@c.edu"])
def test_invalid_email_is_refused_naming_field(typed):
    assert errors_of(email=typed)["email"].startswith("Email Address is not valid")


def test_email_longer_than_254_is_refused():
    too_long = "a" * 64 + "@" + ".".join(["b" * 60] * 4) + ".edu"
    assert len(too_long) > 254
    assert errors_of(email=too_long)["email"].startswith(
        "Email Address must be 254 characters or fewer"
    )


# --- phones -----------------------------------------------------------------------------------


def test_phones_are_stored_in_e164():
    student = make(main_phone="(916) 445-1254", second_phone="916.322.3300")
    assert student.main_phone == "+19164451254"
    assert student.second_phone == "+19163223300"


def test_invalid_phone_uses_seed_message_per_field():
    errors = errors_of(main_phone="123-456-7890", second_phone="444-444-4444")
    assert errors == {
        "main_phone": INVALID_MAIN_PHONE_MESSAGE,
        "second_phone": INVALID_SECOND_PHONE_MESSAGE,
    }


def test_invalid_area_code_refused_in_model():
    assert errors_of(main_phone="111-445-1254") == {"main_phone": INVALID_MAIN_PHONE_MESSAGE}


def test_second_phone_without_main_is_attributed_to_main_phone():
    """Seed 002: the message shows and focus goes to the main phone field."""
    assert errors_of(second_phone="916-445-1254") == {
        "main_phone": SECOND_PHONE_WITHOUT_MAIN_MESSAGE
    }


def test_extension_rules_in_model():
    student = make(main_phone="916-445-1254", main_phone_ext="0042")
    assert student.main_phone_ext == "0042"
    assert errors_of(main_phone="916-445-1254", main_phone_ext="12345") == {
        "main_phone_ext": "Main Phone Extension must be up to four digits (0-9999)."
    }
    assert errors_of(
        main_phone="916-445-1254", second_phone="916-322-3300", second_phone_ext="ab"
    ) == {"second_phone_ext": "Second Phone Extension must be up to four digits (0-9999)."}


@pytest.mark.parametrize("field", ["main_phone_ext", "main_phone_type"])
def test_extension_or_type_without_number_is_refused(field):
    value = "12" if field == "main_phone_ext" else "mobile"
    message = errors_of(**{field: value})[field]
    assert message.startswith(f"{FIELD_LABELS[field]} needs a Main Telephone Number.")


def test_phone_type_accepts_labels_in_any_case():
    student = make(main_phone="916-445-1254", main_phone_type="Mobile", second_phone_type="")
    assert student.main_phone_type is PhoneType.MOBILE
    assert student.second_phone_type is None


def test_unknown_phone_type_is_refused_naming_field():
    message = errors_of(main_phone="916-445-1254", main_phone_type="cell")["main_phone_type"]
    assert message.startswith("Main Phone Type must be")


def test_text_permission_is_off_by_default_and_allowed_for_mobile():
    student = make(main_phone="916-445-1254", main_phone_type="mobile", main_phone_text_ok=True)
    assert student.main_phone_text_ok is True


@pytest.mark.parametrize("phone_type", ["landline", None])
def test_text_permission_refused_unless_mobile(phone_type):
    errors = errors_of(
        main_phone="916-445-1254",
        second_phone="916-322-3300",
        second_phone_type=phone_type,
        second_phone_text_ok=True,
    )
    assert errors == {
        "second_phone_text_ok": "Second Phone Text Permission can only be given for a mobile "
        "number. Set Second Phone Type to Mobile, or clear the text permission."
    }


def test_text_permission_without_number_is_refused():
    assert errors_of(main_phone_text_ok=True) == {
        "main_phone_text_ok": "Main Phone Text Permission needs a Main Telephone Number. "
        "Enter the number, or clear this field."
    }


# --- address ----------------------------------------------------------------------------------


def test_postal_code_keeps_leading_zero():
    student = make(city="Boston", state="MA", postal_code="02134")
    assert student.postal_code == "02134"
    assert make(postal_code="02134-1234").postal_code == "02134-1234"


@pytest.mark.parametrize("typed", ["2134", "021345", "02134-12", "ABCDE", "95814 1234"])
def test_us_postal_code_must_be_zip_or_zip_plus_4(typed):
    message = errors_of(postal_code=typed)["postal_code"]
    assert message.startswith("ZIP / Postal Code must be a US ZIP code")


def test_non_us_postal_code_is_free_form_up_to_20():
    student = make(country="ca", state=None, city="Ottawa", postal_code="k1a 0b1")
    assert (student.country, student.postal_code) == ("CA", "K1A 0B1")
    assert errors_of(country="MX", postal_code="1" * 21)["postal_code"].startswith(
        "ZIP / Postal Code must be 20 characters or fewer"
    )


@pytest.mark.parametrize("field", ["street1", "city", "state", "postal_code"])
def test_address_required_unless_no_permanent_address(field):
    message = errors_of(**{field: None})[field]
    assert message == (
        f"{FIELD_LABELS[field]} is required. If the student has no permanent address, "
        "tick No Permanent Address."
    )


def test_no_permanent_address_exempts_address_fields():
    student = make(no_permanent_address=True, street1=None, city=None, state=None, postal_code=None)
    assert student.street1 is None
    kept = make(no_permanent_address=True, street1=None, postal_code=None)
    assert (kept.city, kept.state) == ("Sacramento", "CA")


@pytest.mark.parametrize("code", ["CA", "dc", "PR", "GU", "VI", "AS", "MP", "AA", "AE", "AP"])
def test_us_state_and_territory_codes_accepted(code):
    assert make(state=code).state == code.upper()


@pytest.mark.parametrize("code", ["XX", "ZZ", "UM"])
def test_unknown_us_state_refused(code):
    assert errors_of(state=code)["state"].startswith("State must be a US state or territory code")


def test_state_must_be_two_letters():
    assert errors_of(state="Calif")["state"] == "State must be a two-letter code, for example CA."


def test_address_line_over_50_refused_naming_field():
    assert errors_of(street2="x" * 51)["street2"].startswith("Street Address Line 2 must be 50")


def test_country_must_be_iso_code():
    assert make(country="").country == "US"
    assert errors_of(country="UK")["country"].startswith("Country must be a two-letter ISO")


# --- SSN --------------------------------------------------------------------------------------


@pytest.mark.parametrize("typed", [SSN, SSN_DIGITS, " 123 45 6789 "])
def test_ssn_is_normalised_to_nine_digits(typed):
    student = make(ssn=typed, ssn_status="provided")
    assert student.ssn_digits() == SSN_DIGITS
    assert student.masked_ssn() == "***-**-6789"


@pytest.mark.parametrize(
    "typed",
    ["000-12-3456", "666-12-3456", "900-12-3456", "999-12-3456", "123-00-4567", "123-45-0000"],
)
def test_ssn_never_issued_is_refused(typed):
    message = errors_of(ssn=typed, ssn_status="provided")["ssn"]
    assert message.startswith("Social Security Number is not a number the Social Security")


@pytest.mark.parametrize("typed", ["12345678", "1234567890", "123-456-789", "abc-de-fghi"])
def test_ssn_of_wrong_shape_is_refused(typed):
    assert errors_of(ssn=typed, ssn_status="provided")["ssn"] == (
        "Social Security Number must be 9 digits, written 123-45-6789 or 123456789."
    )


def test_ssn_never_appears_in_repr_str_or_dumps():
    student = make(ssn=SSN, ssn_status="provided")
    for text in (repr(student), str(student), student.model_dump_json(), str(student.model_dump())):
        assert SSN_DIGITS not in text
        assert SSN not in text
    assert student.model_dump()["ssn"] == "***-**-6789"


def test_ssn_revealed_only_on_request():
    student = make(ssn=SSN, ssn_status="provided")
    assert student.model_dump(context=REVEAL_SSN)["ssn"] == SSN_DIGITS
    assert f'"ssn":"{SSN_DIGITS}"' in student.model_dump_json(context=REVEAL_SSN)


def test_ssn_never_appears_in_validation_error_text():
    with pytest.raises(ValidationError) as caught:
        StudentFields.model_validate(valid(ssn="666-45-6789", ssn_status="provided"))
    assert "666" not in str(caught.value)
    assert "6789" not in str(caught.value)
    assert "666" not in str(field_errors(caught.value))


def test_ssn_status_must_agree_with_ssn():
    assert errors_of(ssn=SSN)["ssn_status"].startswith(
        'SSN Status must be "provided" when a Social Security Number is entered.'
    )
    assert errors_of(ssn_status="provided")["ssn"].startswith(
        'Social Security Number is required when SSN Status is "provided".'
    )


@pytest.mark.parametrize(
    ("typed", "status"),
    [("declined", SsnStatus.DECLINED), ("No SSN", SsnStatus.NO_SSN), ("", SsnStatus.NOT_ASKED)],
)
def test_ssn_status_without_ssn(typed, status):
    assert make(ssn_status=typed).ssn_status is status


def test_blank_ssn_is_no_ssn():
    student = make(ssn="  ")
    assert student.ssn is None
    assert student.masked_ssn() is None
    assert student.ssn_digits() is None


# --- preferred contact method -----------------------------------------------------------------


def test_preferred_contact_email_needs_email():
    student = make(preferred_contact_method="email", email="m@college.edu")
    assert student.preferred_contact_method is ContactMethod.EMAIL
    message = errors_of(preferred_contact_method="email")["preferred_contact_method"]
    assert message.startswith("Preferred Contact Method is email, which needs an Email Address.")


def test_preferred_contact_text_needs_mobile_with_permission():
    mobile = {"main_phone": "916-445-1254", "main_phone_type": "mobile"}
    assert make(preferred_contact_method="Text", main_phone_text_ok=True, **mobile)
    message = errors_of(preferred_contact_method="text", **mobile)["preferred_contact_method"]
    assert "needs a mobile phone number with text permission" in message


def test_preferred_contact_text_via_second_phone():
    student = make(
        preferred_contact_method="text",
        main_phone="916-445-1254",
        second_phone="916-322-3300",
        second_phone_type="mobile",
        second_phone_text_ok=True,
    )
    assert student.preferred_contact_method is ContactMethod.TEXT


def test_preferred_contact_phone_and_mail_need_their_details():
    message = errors_of(preferred_contact_method="phone")["preferred_contact_method"]
    assert "needs a Main Telephone Number" in message
    errors = errors_of(
        preferred_contact_method="mail", no_permanent_address=True, street1=None, postal_code=None
    )
    assert "needs a permanent street address" in errors["preferred_contact_method"]


# --- field_errors -----------------------------------------------------------------------------


def test_field_errors_gives_one_plain_labelled_message_per_field():
    with pytest.raises(ValidationError) as caught:
        StudentFields.model_validate(
            {"birthdate": "soon", "main_phone_text_ok": "perhaps", "last_name": "X1"}
        )
    errors = field_errors(caught.value)
    assert set(errors) == {"birthdate", "main_phone_text_ok", "last_name"}
    assert errors["main_phone_text_ok"].startswith(
        "Main Phone Text Permission must be a valid boolean"
    )
    for field, message in errors.items():
        assert FIELD_LABELS[field] in message
        assert not message.startswith(("Value error", "Input should"))


def test_field_errors_reports_all_cross_field_problems_at_once():
    errors = errors_of(
        second_phone="916-445-1254",
        ssn_status="provided",
        street1=None,
        preferred_contact_method="email",
    )
    assert set(errors) == {"main_phone", "ssn", "street1", "preferred_contact_method"}


def test_field_errors_finds_fields_in_nested_models():
    from pydantic import BaseModel

    class Request(BaseModel):
        student: StudentFields

    with pytest.raises(ValidationError) as caught:
        Request.model_validate({"student": valid(second_phone="916-445-1254")})
    assert field_errors(caught.value) == {"main_phone": SECOND_PHONE_WITHOUT_MAIN_MESSAGE}


def test_control_characters_in_address_lines_are_refused() -> None:
    import pydantic

    from app.models.account import StudentFields, field_errors

    for field in ("street1", "street2", "city"):
        data = {
            "last_name": "Smith",
            "birthdate": "1990-01-01",
            "street1": "1 Main St",
            "city": "Fresno",
            "state": "CA",
            "postal_code": "93722",
        }
        data[field] = "12 Oak\x00 Ave"
        try:
            StudentFields.model_validate(data)
        except pydantic.ValidationError as error:
            assert "control character" in field_errors(error)[field]
        else:
            raise AssertionError(f"{field} accepted a NUL character")
