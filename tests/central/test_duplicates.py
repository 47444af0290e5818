"""The authoritative duplicate check: bands, reasons, needs-review, decisions, systemwide scope."""

from __future__ import annotations

import uuid
from typing import Any

import psycopg

from tests.central.support import Central, Client, create_body
from tests.support.students import student

ROSA = {
    "first_name": "Rosalinda",
    "last_name": "Etxeberria",
    "birthdate": "1994-07-21",
    "email": "rosalinda.e@studentmail.net",
    "main_phone": "(916) 445-1254",
    "main_phone_type": "mobile",
    "street1": "4410 Alder Creek Rd",
    "city": "Fresno",
    "state": "CA",
    "postal_code": "93722",
}


def _check(client: Client, fields: dict[str, Any]) -> list[dict[str, Any]]:
    response = client.http.post(
        "/v1/duplicates/check", json={"student": fields}, headers=client.headers()
    )
    assert response.status_code == 200, response.text
    return list(response.json()["candidates"])


def _existing(central: Central, username: str = "creator_b") -> str:
    response = central.client(username).create(create_body(student(**ROSA)))
    assert response.status_code == 201, response.text
    return str(response.json()["account"]["cccid"])


def test_same_person_again_is_certain_with_reasons(central: Central) -> None:
    cccid = _existing(central)
    candidates = _check(central.client("viewer_a"), student(**ROSA))
    assert candidates[0]["cccid"] == cccid
    assert candidates[0]["band"] == "certain"
    reasons = " | ".join(candidates[0]["reasons"]).lower()
    assert "same email" in reasons and "birthdate" in reasons
    # Another college's student: shown with masked contact details, and the owning college.
    assert candidates[0]["college_code"] == "862"
    assert candidates[0]["summary"]["email"] == "r***@studentmail.net"


def test_typo_and_nickname_variants_are_found(central: Central) -> None:
    _existing(central)
    typo = dict(ROSA, last_name="Etxeberia", email=None, main_phone=None, main_phone_type=None)
    found = _check(central.client("viewer_a"), student(**typo))
    assert found and found[0]["band"] in ("certain", "probable")
    assert any("last name" in r.lower() for r in found[0]["reasons"])
    nickname = dict(ROSA, first_name="Rosa", email=None, main_phone=None, main_phone_type=None)
    found = _check(central.client("viewer_a"), student(**nickname))
    assert found and found[0]["band"] in ("certain", "probable")


def test_swapped_names_are_found(central: Central) -> None:
    _existing(central)
    swapped = dict(
        ROSA,
        first_name=ROSA["last_name"],
        last_name=ROSA["first_name"],
        email=None,
        main_phone=None,
        main_phone_type=None,
    )
    found = _check(central.client("viewer_a"), student(**swapped))
    assert found and any("swapped" in r.lower() for r in found[0]["reasons"])


def test_transposed_day_and_month_are_found(central: Central) -> None:
    _existing(central)  # born 1994-07-21: no transposition possible, a different person here
    person = dict(
        ROSA,
        first_name="Maite",
        last_name="Arrizabalaga",
        birthdate="1994-09-07",
        email=None,
        main_phone=None,
        main_phone_type=None,
    )
    central.client("creator_b").create(create_body(student(**person)))
    found = _check(central.client("viewer_a"), student(**dict(person, birthdate="1994-07-09")))
    assert found and any("day and month" in r.lower() for r in found[0]["reasons"])


def test_relative_at_same_address_is_not_certain(central: Central) -> None:
    _existing(central)
    sister = dict(
        ROSA,
        first_name="Itziar",
        birthdate="1997-02-03",
        email="itziar@example.edu",
        main_phone=None,
        main_phone_type=None,
    )
    found = _check(central.client("viewer_a"), student(**sister))
    assert all(c["band"] != "certain" for c in found)


def test_create_with_strong_candidate_needs_review_and_creates_nothing(central: Central) -> None:
    cccid = _existing(central)
    creator = central.client("creator_a")
    again = dict(ROSA, email="rosie.new@example.edu")
    response = creator.create(create_body(student(**again)))
    assert response.status_code == 200
    body = response.json()
    assert body["outcome"] == "needs_review" and body["account"] is None
    assert body["candidates"][0]["cccid"] == cccid
    assert central.sql("SELECT count(*) AS n FROM accounts")[0]["n"] == 1


def test_create_anyway_with_reason_creates_and_records_decision(central: Central) -> None:
    cccid = _existing(central)
    creator = central.client("creator_a")
    again = dict(ROSA, email="rosie.new@example.edu")
    response = creator.create(
        create_body(
            student(**again),
            decision={
                "action": "create_anyway",
                "reason": "Different person: checked photo ID",
                "considered_cccids": [cccid],
            },
        )
    )
    assert response.status_code == 201, response.text
    row = central.sql(
        "SELECT review_state, review_resolution FROM accounts WHERE cccid = %s",
        response.json()["account"]["cccid"],
    )[0]
    assert row["review_state"] == "none"
    assert row["review_resolution"]["reason"] == "Different person: checked photo ID"
    assert row["review_resolution"]["decided_by"] == "creator_a"


def test_create_anyway_without_reason_is_refused(central: Central) -> None:
    response = central.client("creator_a").create(
        create_body(decision={"action": "create_anyway", "considered_cccids": []})
    )
    assert response.status_code == 422
    assert "reason" in response.json()["message"]


def test_decision_covering_other_candidates_still_needs_review(central: Central) -> None:
    cccid = _existing(central)
    response = central.client("creator_a").create(
        create_body(
            student(**dict(ROSA, email="other@example.edu")),
            decision={
                "action": "create_anyway",
                "reason": "saw a different candidate",
                "considered_cccids": ["AAA9999"],
            },
        )
    )
    assert response.json()["outcome"] == "needs_review"
    assert response.json()["candidates"][0]["cccid"] == cccid


def test_link_creates_nothing_and_is_audited(central: Central) -> None:
    cccid = _existing(central)
    creator = central.client("creator_a")
    response = creator.create(
        create_body(student(**ROSA), decision={"action": "link", "link_cccid": cccid})
    )
    assert response.status_code == 200, response.text
    assert response.json()["outcome"] == "linked"
    assert response.json()["account"]["cccid"] == cccid
    assert central.sql("SELECT count(*) AS n FROM accounts")[0]["n"] == 1
    links = central.sql(
        "SELECT l.staff_id, a.cccid FROM account_links l JOIN accounts a ON a.id = l.account_id"
    )
    assert links[0]["cccid"] == cccid
    assert (
        central.sql("SELECT count(*) AS n FROM audit_log WHERE action = 'account.link'")[0]["n"]
        == 1
    )


def test_link_endpoint_records_another_colleges_student_once(central: Central) -> None:
    cccid = _existing(central, "creator_a")  # an account of college 861
    creator_b = central.client("creator_b")  # staff of college 862 meet the same student
    key = uuid.uuid4()
    body = {"considered_cccids": [cccid], "source": "import", "note": "row 12"}
    first = creator_b.write(f"/v1/accounts/{cccid}/links", body, key)
    again = creator_b.write(f"/v1/accounts/{cccid}/links", body, key)
    assert first.status_code == 200, first.text
    assert first.json()["cccid"] == cccid
    assert first.json()["college_code"] == "861"
    assert first.json()["linked_by"] == "creator_b"
    assert "student" not in first.json(), "another college's record is not handed out"
    assert again.json() == first.json()
    assert again.headers["idempotent-replay"] == "true"
    links = central.sql("SELECT c.code FROM account_links l JOIN colleges c ON c.id = l.college_id")
    assert [row["code"] for row in links] == ["862"]
    audit = central.sql("SELECT details FROM audit_log WHERE action = 'account.link'")
    assert audit[0]["details"]["source"] == "import"
    assert audit[0]["details"]["considered"] == [cccid]
    assert central.sql("SELECT count(*) AS n FROM accounts")[0]["n"] == 1


def test_link_to_an_unknown_cccid_is_404_and_records_nothing(central: Central) -> None:
    response = central.client("creator_a").write("/v1/accounts/ZZZ9999/links", {})
    assert response.status_code == 404
    assert "ZZZ9999" in response.json()["message"]
    assert central.sql("SELECT count(*) AS n FROM account_links")[0]["n"] == 0


def test_batch_check_answers_each_student_in_order(central: Central) -> None:
    cccid = _existing(central)
    stranger = student(first_name="Keiko", last_name="Nakamura", birthdate="1980-01-01")
    viewer = central.client("viewer_a")
    response = viewer.http.post(
        "/v1/duplicates/check-batch",
        json={"students": [stranger, student(**ROSA), {"last_name": "Etxeberria"}]},
        headers=viewer.headers(),
    )
    assert response.status_code == 200, response.text
    results = [r["candidates"] for r in response.json()["results"]]
    assert results[0] == []
    assert results[1][0]["cccid"] == cccid and results[1][0]["band"] == "certain"
    assert len(results) == 3
    too_many = viewer.http.post(
        "/v1/duplicates/check-batch",
        json={"students": [stranger] * 101},
        headers=viewer.headers(),
    )
    assert too_many.status_code == 422
    assert "students" in too_many.json()["message"]


def test_blank_fields_are_not_evidence(central: Central) -> None:
    central.client("creator_a").create(
        create_body(
            student(first_name="Tomasz", last_name="Wiśniewski", birthdate="1980-01-01", email=None)
        )
    )
    stranger = student(first_name="Keiko", last_name="Nakamura", birthdate="1980-01-01", email=None)
    assert _check(central.client("viewer_a"), stranger) == []


def test_check_uses_the_block_index_not_a_scan(central: Central) -> None:
    _existing(central)
    with psycopg.connect(central.database_url) as conn:
        # 9,999 accounts with 5 keys each, so the planner has a real table to choose a plan for.
        conn.execute(
            "INSERT INTO accounts (cccid, college_id, created_by, workstation_id, create_key,"
            " last_name, birthdate) SELECT 'ZZZ' || lpad(g::text, 4, '0'), c.id, s.id, 'bulk',"
            " gen_random_uuid(), 'Bulk' || g, date '1950-01-01' + g % 20000"
            " FROM generate_series(1, 9999) g, colleges c, staff s"
            " WHERE c.code = '861' AND s.username = 'creator_a'"
        )
        conn.execute(
            "INSERT INTO account_block_keys (key, account_id)"
            " SELECT k || ':' || a.id, a.id FROM accounts a, unnest(array['a','b','c','d','e']) k"
        )
        conn.execute("ANALYZE account_block_keys")
        plan = "\n".join(
            r[0]
            for r in conn.execute(
                "EXPLAIN SELECT DISTINCT account_id FROM account_block_keys"
                " WHERE key = ANY(%s) LIMIT 500",
                (["a:17", "b:99", "c:12345"],),
            ).fetchall()
        )
    assert "Index" in plan and "Seq Scan" not in plan, plan


def test_check_accepts_a_half_typed_student(central: Central) -> None:
    cccid = _existing(central)
    typed_so_far = {
        "first_name": "Rosalinda",
        "last_name": "Etxeberria",
        "birthdate": "1994-07-21",
        "main_phone": "916-44",
        "email": "rosalinda.e@",
        "postal_code": None,
    }
    found = _check(central.client("viewer_a"), typed_so_far)
    assert found and found[0]["cccid"] == cccid and found[0]["band"] in ("certain", "probable")
    assert _check(central.client("viewer_a"), {}) == []
