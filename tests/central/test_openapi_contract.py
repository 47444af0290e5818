"""The OpenAPI schema is the contract with the desktop sync engine: a change to it must be made on
purpose, by regenerating central/openapi.json, so that it shows up in review."""

from __future__ import annotations

import json
from pathlib import Path

from central.api.app import create_app
from central.config import Settings

CONTRACT = Path(__file__).resolve().parents[2] / "central" / "openapi.json"


def test_schema_matches_the_committed_contract() -> None:
    live = create_app(Settings(database_url="postgresql://unused")).openapi()
    committed = json.loads(CONTRACT.read_text())
    assert live == committed, (
        "The API changed. If that was intended, run "
        "`python -m central openapi > central/openapi.json` and commit it."
    )


def test_every_write_documents_its_idempotency_key() -> None:
    spec = json.loads(CONTRACT.read_text())
    public_writes = {
        "/v1/auth/login",
        "/v1/auth/refresh",
        "/v1/auth/logout",
        "/v1/duplicates/check",
        "/v1/duplicates/check-batch",
    }
    for path, methods in spec["paths"].items():
        if "post" in methods and path not in public_writes:
            names = {p["name"] for p in methods["post"].get("parameters", [])}
            assert "idempotency-key" in {n.lower() for n in names}, path
