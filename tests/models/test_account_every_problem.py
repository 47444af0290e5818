"""validate_student reports every problem of a student's values at once: the field rules and the
cross-field rules together, as a person fixing a spreadsheet row or a command's input needs."""

from __future__ import annotations

from app.models.account import StudentFields, validate_student

GOOD = {
    "first_name": "Marco",
    "last_name": "Villanueva",
    "birthdate": "1998-02-03",
    "email": "marco.v@studentmail.net",
    "street1": "1102 Q Street",
    "city": "Sacramento",
    "state": "CA",
    "postal_code": "95811",
}


def test_a_bad_field_no_longer_hides_the_cross_field_problems() -> None:
    values = {**GOOD, "email": "marco@", "city": None, "state": "ZZ", "postal_code": "9"}
    student, problems = validate_student(values)
    assert student is None
    assert set(problems) == {"email", "city", "state", "postal_code"}
    assert "@-sign" in problems["email"]
    assert problems["city"].startswith("City is required.")
    assert "CA, DC or PR" in problems["state"]
    assert "5 digits" in problems["postal_code"]


def test_required_fields_that_fail_still_let_the_other_rules_speak() -> None:
    values = {**GOOD, "last_name": "B" * 80, "birthdate": "1800-01-01", "street1": None}
    student, problems = validate_student(values)
    assert student is None
    assert set(problems) == {"last_name", "birthdate", "street1"}
    assert "50 characters" in problems["last_name"]


def test_good_values_make_the_account_and_cross_field_only_problems_are_kept_as_they_are() -> None:
    student, problems = validate_student(GOOD)
    assert problems == {} and isinstance(student, StudentFields)
    assert student.city == "Sacramento"
    student, problems = validate_student({**GOOD, "state": "ZZ"})
    assert student is None and set(problems) == {"state"}
