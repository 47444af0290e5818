"""Phone rules from seed 002: exact messages, placeholders refused, area codes checked."""

import phonenumbers
import pytest

from app.models.phone import (
    INVALID_MAIN_PHONE_MESSAGE,
    INVALID_SECOND_PHONE_MESSAGE,
    MAIN_EXTENSION_MESSAGE,
    MAIN_TEXT_CONSENT_WORDING,
    PHONE_MAX_LENGTH,
    SECOND_EXTENSION_MESSAGE,
    SECOND_PHONE_WITHOUT_MAIN_MESSAGE,
    SECOND_TEXT_CONSENT_WORDING,
    PhoneType,
    format_phone_for_display,
    normalize_extension,
    normalize_phone,
    text_consent_wording,
)


def test_messages_are_the_seed_words():
    assert INVALID_MAIN_PHONE_MESSAGE == (
        "The Main Telephone Number you entered is not valid. Please correct it as appropriate."
    )
    assert INVALID_SECOND_PHONE_MESSAGE == (
        "The Second Telephone Number you entered is not valid. Please correct it as appropriate."
    )
    assert SECOND_PHONE_WITHOUT_MAIN_MESSAGE == (
        "Please enter your Main Telephone Number before entering a Second Telephone Number."
    )
    assert MAIN_TEXT_CONSENT_WORDING == (
        "I authorize text messages to my main telephone number, and accept responsibility "
        "for any charges that result."
    )
    assert SECOND_TEXT_CONSENT_WORDING == (
        "I authorize text messages to my second telephone number, and accept responsibility "
        "for any charges that result."
    )
    assert text_consent_wording("main") == MAIN_TEXT_CONSENT_WORDING
    assert text_consent_wording("second") == SECOND_TEXT_CONSENT_WORDING


@pytest.mark.parametrize(
    "typed",
    [
        "916-445-1254",
        "(916) 445-1254",
        "(916)445-1254",
        "916.445.1254",
        "916 445 1254",
        "9164451254",
        "1-916-445-1254",
        "+1 916 445 1254",
        "+1 (916) 445-1254",
        "+19164451254",
        "  916-445-1254  ",
    ],
)
def test_accepted_formats_normalise_to_e164(typed):
    assert normalize_phone(typed, "main") == "+19164451254"


def test_normalising_is_idempotent_and_fits_the_column():
    e164 = normalize_phone("(916) 445-1254", "main")
    assert normalize_phone(e164, "main") == e164
    assert len(e164) <= PHONE_MAX_LENGTH


def test_international_number_with_country_code_is_kept_in_e164():
    assert normalize_phone("+52 55 1234 5678", "main") == "+525512345678"


@pytest.mark.parametrize(
    "typed",
    [
        "123-456-7890",
        "+1 123-456-7890",
        "1234567890",
        "444-444-4444",
        "+1 444-444-4444",
        "(555) 555-5555",
        "000-000-0000",
        "999-999-9999",
        "888-888-8888",  # libphonenumber calls this valid (toll-free 888): the rule must catch it
        "+1 888-888-8888",
        "+44 7777 777777",  # valid-looking UK mobile, all digits the same
    ],
)
def test_placeholder_numbers_are_refused(typed):
    with pytest.raises(ValueError) as caught:
        normalize_phone(typed, "main")
    assert str(caught.value) == INVALID_MAIN_PHONE_MESSAGE


@pytest.mark.parametrize("typed", ["123-456-7890", "+1 123 456 7890", "444-444-4444"])
def test_placeholders_refused_even_if_metadata_called_them_valid(typed, monkeypatch):
    """The seed names these numbers; refusing them must not depend on libphonenumber's data."""
    monkeypatch.setattr(phonenumbers, "is_valid_number", lambda _number: True)
    with pytest.raises(ValueError) as caught:
        normalize_phone(typed, "second")
    assert str(caught.value) == INVALID_SECOND_PHONE_MESSAGE


@pytest.mark.parametrize(
    "typed",
    [
        "000-445-1254",  # area code cannot start with 0
        "111-445-1254",  # ... or 1
        "911-445-1254",  # N11 service code, never an area code
        "916-045-1254",  # exchange cannot start with 0
        "916-145-1254",  # ... or 1
    ],
)
def test_invalid_area_code_or_exchange_is_refused(typed):
    with pytest.raises(ValueError) as caught:
        normalize_phone(typed, "main")
    assert str(caught.value) == INVALID_MAIN_PHONE_MESSAGE


@pytest.mark.parametrize(
    "typed",
    [
        "",
        "   ",
        "916-445-125",  # too short
        "916-445-12545",  # too long
        "916-445-1254 x12",  # extension belongs in its own field
        "1-800-FLOWERS",  # letters are refused, not translated
        "916/445/1254",
        "abc",
        "9" * 40,
    ],
)
def test_malformed_input_is_refused(typed):
    with pytest.raises(ValueError) as caught:
        normalize_phone(typed, "main")
    assert str(caught.value) == INVALID_MAIN_PHONE_MESSAGE


def test_second_phone_gets_the_second_message():
    with pytest.raises(ValueError) as caught:
        normalize_phone("123-456-7890", "second")
    assert str(caught.value) == INVALID_SECOND_PHONE_MESSAGE


def test_display_format():
    assert format_phone_for_display("+19164451254") == "(916) 445-1254"
    assert format_phone_for_display("+19164451254", "12") == "(916) 445-1254 ext. 12"
    assert format_phone_for_display("+525512345678") == "+52 55 1234 5678"


def test_display_refuses_garbage():
    with pytest.raises(ValueError):
        format_phone_for_display("not a number")


@pytest.mark.parametrize("typed", ["0", "7", "12", "123", "9999", "0042", " 55 "])
def test_extension_up_to_four_digits(typed):
    assert normalize_extension(typed, "main") == typed.strip()


@pytest.mark.parametrize("typed", ["", "12345", "10000", "12a", "-1", "1.5", "x12", "1 2"])
def test_extension_refused_with_field_named(typed):
    with pytest.raises(ValueError) as caught:
        normalize_extension(typed, "main")
    assert str(caught.value) == "Main Phone Extension must be up to four digits (0-9999)."
    with pytest.raises(ValueError) as caught:
        normalize_extension(typed, "second")
    assert str(caught.value) == SECOND_EXTENSION_MESSAGE


def test_extension_messages_name_their_field():
    assert MAIN_EXTENSION_MESSAGE.startswith("Main Phone Extension")
    assert SECOND_EXTENSION_MESSAGE.startswith("Second Phone Extension")


def test_phone_type_values():
    assert [member.value for member in PhoneType] == ["mobile", "landline"]
    assert PhoneType("mobile") is PhoneType.MOBILE
