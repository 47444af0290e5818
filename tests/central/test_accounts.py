"""Creating and reading accounts through the real service."""

from __future__ import annotations

import uuid

from app.models.cccid import is_cccid
from tests.central.support import TEMP_HASH, Central, create_body
from tests.support.students import student


def test_create_returns_account_with_cccid_and_server_expiry(central: Central) -> None:
    creator = central.client("creator_a")
    response = creator.create(
        create_body(
            student(
                first_name="Ana",
                main_phone="916-445-1254",
                main_phone_type="mobile",
                main_phone_text_ok=True,
            )
        )
    )
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["outcome"] == "created"
    account = body["account"]
    assert is_cccid(account["cccid"])
    assert account["college_code"] == "861"
    assert account["created_by"] == "creator_a"
    assert account["workstation_id"] == creator.workstation_id
    assert account["credential_state"] == "pending"
    assert account["student"]["main_phone"] == "+19164451254"
    consent = account["student"]["main_phone_text_consent"]
    assert consent["recorded_by"] == "creator_a"
    assert consent["wording"].startswith("I authorize text messages to my main telephone number")
    rows = central.sql(
        "SELECT temp_password_hash, temp_password_expires_at - created_at AS ttl"
        " FROM accounts WHERE cccid = %s",
        account["cccid"],
    )
    assert rows[0]["temp_password_hash"] == TEMP_HASH
    assert rows[0]["ttl"].days == 7


def test_ssn_is_never_stored_or_returned(central: Central) -> None:
    creator = central.client("creator_a")
    response = creator.create(create_body(student(ssn="123-45-6789", ssn_status="provided")))
    assert response.status_code == 201, response.text
    text = response.text
    assert "123456789" not in text and "123-45-6789" not in text
    assert response.json()["account"]["student"]["ssn_last4"] == "6789"
    row = central.sql("SELECT * FROM accounts")[0]
    assert all("123456789" not in str(v) for v in row.values())
    assert row["ssn_digest"] is not None and len(row["ssn_digest"]) == 32
    audit = central.sql("SELECT details::text AS d FROM audit_log")
    assert all("6789" not in r["d"] for r in audit)


def test_plaintext_or_weak_temp_password_hash_is_refused(central: Central) -> None:
    creator = central.client("creator_a")
    for bad in [
        "Temp-Password-1234567",
        "$argon2id$v=19$m=1024,t=1,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaA",
    ]:
        response = creator.create(create_body(temp_password_hash=bad))
        assert response.status_code == 422
        assert response.json()["field"] == "temp_password_hash"
    assert central.sql("SELECT count(*) AS n FROM accounts")[0]["n"] == 0


def test_email_belongs_to_one_account(central: Central) -> None:
    creator = central.client("creator_a")
    first = creator.create(create_body(student(email="Same.Person@Example.edu")))
    assert first.status_code == 201
    other = student(
        email="same.person@example.edu",
        first_name="Different",
        last_name="Human",
        birthdate="1971-06-06",
    )
    second = creator.create(
        create_body(
            other,
            decision={
                "action": "create_anyway",
                "reason": "different person, shared family email",
                "considered_cccids": [first.json()["account"]["cccid"]],
            },
        )
    )
    assert second.status_code == 409, second.text
    assert first.json()["account"]["cccid"] in second.json()["message"]
    assert "email" in second.json()["message"].lower()


def test_read_account_only_within_own_college(central: Central) -> None:
    creator = central.client("creator_a")
    cccid = creator.create(create_body()).json()["account"]["cccid"]
    assert central.client("viewer_a").get(f"/v1/accounts/{cccid}").status_code == 200
    assert central.client("creator_b").get(f"/v1/accounts/{cccid}").status_code == 403
    assert central.client("sysadmin").get(f"/v1/accounts/{cccid}").status_code == 200
    assert central.client("viewer_a").get("/v1/accounts/ZZZ9999").status_code == 404
    bad = central.client("viewer_a").get("/v1/accounts/AIO1234")
    assert bad.status_code == 422 and "3 letters" in bad.json()["message"]


def test_status_change_and_audit(central: Central) -> None:
    cccid = central.client("creator_a").create(create_body()).json()["account"]["cccid"]
    admin = central.client("admin_a")
    response = admin.write(
        f"/v1/accounts/{cccid}/status",
        {"status": "deactivated", "locked": True, "reason": "left college"},
    )
    assert response.status_code == 200, response.text
    assert response.json()["status"] == "deactivated" and response.json()["locked"] is True
    entries = admin.get("/v1/audit").json()
    actions = [e["action"] for e in entries]
    assert "account.create" in actions and "account.status" in actions
    status_entry = next(e for e in entries if e["action"] == "account.status")
    assert status_entry["staff_username"] == "admin_a"
    assert status_entry["workstation_id"] == admin.workstation_id
    assert status_entry["idempotency_key"] is not None


def test_reissue_credentials_replaces_hash_and_expiry(central: Central) -> None:
    creator = central.client("creator_a")
    cccid = creator.create(create_body()).json()["account"]["cccid"]
    before = central.sql("SELECT temp_password_hash, temp_password_issued_at FROM accounts")[0]
    from argon2 import PasswordHasher, Type

    new_hash = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1, type=Type.ID).hash(
        "Another-Temp-Password"
    )
    response = creator.write(f"/v1/accounts/{cccid}/credentials", {"temp_password_hash": new_hash})
    assert response.status_code == 200, response.text
    after = central.sql("SELECT temp_password_hash, temp_password_issued_at FROM accounts")[0]
    assert after["temp_password_hash"] == new_hash != before["temp_password_hash"]
    assert after["temp_password_issued_at"] > before["temp_password_issued_at"]
    central.sql("UPDATE accounts SET credential_state = 'reclaimed'")
    refused = creator.write(f"/v1/accounts/{cccid}/credentials", {"temp_password_hash": new_hash})
    assert refused.status_code == 409


def test_expired_credentials_show_as_expired_by_server_clock(central: Central) -> None:
    creator = central.client("creator_a")
    cccid = creator.create(create_body()).json()["account"]["cccid"]
    central.sql("UPDATE accounts SET temp_password_expires_at = now() - interval '1 second'")
    assert creator.get(f"/v1/accounts/{cccid}").json()["credential_state"] == "expired"


def test_server_info_is_public(central: Central) -> None:
    info = central.anonymous().get("/v1/server").json()
    assert uuid.UUID(info["epoch"]) and info["schema_version"] >= 1
