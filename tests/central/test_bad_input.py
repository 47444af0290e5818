"""Bad input gets a 4xx whose message names the field; never a 500."""

from __future__ import annotations

import pytest

from tests.central.support import Central, create_body
from tests.support.students import student


@pytest.mark.parametrize(
    ("fields", "field", "words"),
    [
        ({"last_name": ""}, "student.last_name", "Legal Last Name"),
        ({"last_name": "X" * 51}, "student.last_name", "Legal Last Name"),
        # An ASCII separator (U+001C..U+001F) is whitespace to Python but not to pydantic's
        # strip: a name of only that is blank, not a 500 (IndexError in the name check).
        ({"last_name": "\x1f"}, "student.last_name", "Legal Last Name is required"),
        ({"first_name": "R2-D2"}, "student.first_name", "Legal First Name"),
        ({"birthdate": "2001-02-30"}, "student.birthdate", "Birthdate"),
        ({"birthdate": "next tuesday"}, "student.birthdate", "Birthdate"),
        ({"email": "not-an-email"}, "student.email", "Email"),
        (
            {"main_phone": "123-456-7890"},
            "student.main_phone",
            "The Main Telephone Number you entered is not valid. Please correct it as appropriate.",
        ),
        (
            {"second_phone": "916-445-1254"},
            "student.main_phone",
            "Please enter your Main Telephone Number before entering a Second Telephone Number.",
        ),
        ({"postal_code": None}, "student.postal_code", "Postal Code"),
        ({"state": "XX"}, "student.state", "State"),
        ({"ssn": "000-12-3456", "ssn_status": "provided"}, "student.ssn", "Social Security"),
        ({"favourite_colour": "blue"}, "student.favourite_colour", "not a field"),
    ],
)
def test_invalid_student_field_is_named(
    central: Central, fields: dict[str, object], field: str, words: str
) -> None:
    body = create_body(student(**fields))
    response = central.client("creator_a").create(body)
    assert response.status_code == 422, response.text
    payload = response.json()
    messages = {e["field"]: e["message"] for e in payload["errors"]}
    assert field in messages, messages
    assert words.lower() in messages[field].lower(), messages[field]
    assert central.sql("SELECT count(*) AS n FROM accounts")[0]["n"] == 0


@pytest.mark.parametrize("typed", ["\x1f", " \x1c\x1d ", "\x1e\u2028"])
def test_name_of_only_separator_characters_is_blank(central: Central, typed: str) -> None:
    creator = central.client("creator_a")
    response = creator.create(create_body(student(first_name=typed, middle_name=typed)))
    assert response.status_code == 201, response.text
    stored = response.json()["account"]["student"]
    assert stored["first_name"] is None and stored["middle_name"] is None


def test_error_replies_do_not_echo_the_ssn(central: Central) -> None:
    body = create_body(student(ssn="123-45-6789", ssn_status="provided", last_name=""))
    response = central.client("creator_a").create(body)
    assert response.status_code == 422
    assert "6789" not in response.text


@pytest.mark.parametrize(
    ("raw", "status"),
    [
        (b"{not json", 422),
        (b"[]", 422),
        (b'{"student": 5, "temp_password_hash": "x"}', 422),
        (b'{"student": {"last_name": ["a"]}, "temp_password_hash": 7}', 422),
    ],
)
def test_malformed_bodies_are_4xx(central: Central, raw: bytes, status: int) -> None:
    creator = central.client("creator_a")
    headers = creator.headers("6a1e4a07-7c3f-4a47-8a2e-3a3f1f1f1f1f")
    headers["Content-Type"] = "application/json"
    response = creator.http.post("/v1/accounts", content=raw, headers=headers)
    assert response.status_code == status, response.text
    assert response.json()["message"]
    assert response.json()["field"]


def test_oversize_body_is_413(central: Central) -> None:
    creator = central.client("creator_a")
    headers = creator.headers("6a1e4a07-7c3f-4a47-8a2e-3a3f1f1f1f1e")
    headers["Content-Type"] = "application/json"
    response = creator.http.post("/v1/accounts", content=b" " * (2 * 1024 * 1024), headers=headers)
    assert response.status_code == 413


def test_wrong_types_in_admin_bodies_name_the_field(central: Central) -> None:
    admin = central.client("admin_a")
    response = admin.write("/v1/access-requests/1/decision", {"approve": "perhaps"})
    assert response.status_code == 422 and response.json()["field"] == "approve"
    response = admin.write(
        "/v1/staff",
        {
            "username": "x",
            "display_name": "X",
            "password": "short",
            "role": "emperor",
            "college_code": "861",
        },
    )
    assert response.status_code == 422
    fields = {e["field"] for e in response.json()["errors"]}
    assert {"username", "password", "role"} <= fields


def test_unknown_query_values_are_4xx(central: Central) -> None:
    viewer = central.client("viewer_a")
    assert viewer.get("/v1/changes", cursor="garbage").status_code == 422
    assert viewer.get("/v1/changes", limit=0).status_code == 422
    assert viewer.get("/v1/changes", limit="many").status_code == 422
