"""Property test: no request generated from the OpenAPI schema, valid or not, gets a 5xx.

Schemathesis reads the service's own schema and generates requests for every operation, both
conforming and deliberately malformed ones. They are sent over loopback HTTP to the real service,
signed in as a college administrator (the role that reaches most code paths).
"""

from __future__ import annotations

import uuid

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode

from central.api.app import create_app
from central.config import Settings
from tests.central.support import Central

EXAMPLES_PER_OPERATION = 15


def _cases() -> list[tuple[str, str, GenerationMode]]:
    """Every operation with valid inputs, and with invalid ones where it takes any input."""
    spec = create_app(Settings(database_url="postgresql://unused")).openapi()
    cases = []
    for path, methods in spec["paths"].items():
        for method, operation in methods.items():
            cases.append((method.upper(), path, GenerationMode.POSITIVE))
            if operation.get("parameters") or operation.get("requestBody"):
                cases.append((method.upper(), path, GenerationMode.NEGATIVE))
    return sorted(cases)


@pytest.mark.parametrize(("method", "path", "mode"), _cases())
def test_generated_requests_never_get_5xx(
    central: Central, method: str, path: str, mode: GenerationMode
) -> None:
    schema = schemathesis.openapi.from_dict(httpx.get(f"{central.base_url}/openapi.json").json())
    operation = schema[path][method]
    admin = central.client("admin_a")
    strategy = operation.as_strategy(generation_mode=mode)

    @settings(
        max_examples=EXAMPLES_PER_OPERATION,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(case=strategy, fresh_key=st.booleans())
    def check(case: schemathesis.Case, fresh_key: bool) -> None:
        headers = {
            "Authorization": f"Bearer {admin.token}",
            "X-Workstation-Id": admin.workstation_id,
        }
        if fresh_key:
            headers["Idempotency-Key"] = str(uuid.uuid4())
        response = case.call(base_url=central.base_url, headers=headers)
        assert response.status_code < 500, (case.as_curl_command(), response.text)

    check()
