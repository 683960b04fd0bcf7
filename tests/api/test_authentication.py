"""Authentication refusals on every API route: 401 with how to authenticate, in the caller's
language, and nothing written; a signed-in session without its CSRF token gets 403
``csrf_failed``, never a bare "CSRF check Failed"."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from complaintdesk.api.api import api as ninja_api
from complaintdesk.complaints.models import Complaint, ComplaintEvent
from tests.conftest import complaint_body

DOCUMENT = ninja_api.get_openapi_schema()
SAMPLE_PATH_VALUES = {
    "number": "TS-20261122-000123", "kind": "answer", "source": "taobao", "call_id": "1",
    "remedy_id": "1", "opinion_id": "1", "case_id": "1", "action_id": "1",
}
WRITES = re.compile(r"^\s*(INSERT|UPDATE|DELETE|REPLACE)\b", re.IGNORECASE)
MESSAGES = {
    "zh-hans": ("未认证", "Authorization: Bearer <key>", "/desk/login/"),
    "en": ("Not authenticated", "Authorization: Bearer <key>", "/desk/login/"),
}


def _operations(*, secured: bool) -> list[tuple[str, str]]:
    found = []
    for path, operations in DOCUMENT["paths"].items():
        for method, operation in operations.items():
            if bool(operation.get("security")) == secured:
                found.append((method.upper(), path))
    return found


SECURED = _operations(secured=True)


def _url(path: str) -> str:
    return re.sub(r"\{(\w+)\}", lambda m: SAMPLE_PATH_VALUES[m.group(1)], path)


def _call(client: Client, method: str, path: str, language: str, **headers: Any) -> Any:
    url = _url(path)
    if method == "GET":
        query = {"working_days": 3} if path.endswith("/calendar/due") else {}
        return client.get(url, query, HTTP_ACCEPT_LANGUAGE=language, **headers)
    body = complaint_body() if path.endswith("/complaints") else {"amount": 1, "reason": "x"}
    return client.generic(
        method,
        url,
        json.dumps(body),
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE=language,
        **headers,
    )


def test_every_operation_but_the_signed_webhook_needs_authentication() -> None:
    assert len(SECURED) >= 10
    assert _operations(secured=False) == [("POST", "/api/v1/webhooks/platform/{source}")]


@pytest.mark.django_db
@pytest.mark.parametrize("credentials", ["none", "bad_key", "revoked_key"])
@pytest.mark.parametrize("language", ["zh-hans", "en"])
@pytest.mark.parametrize(("method", "path"), SECURED)
def test_unauthenticated_call_is_401_with_how_to_authenticate(
    personas: Any, method: str, path: str, language: str, credentials: str
) -> None:
    headers: dict[str, str] = {}
    if credentials == "bad_key":
        headers["HTTP_AUTHORIZATION"] = "Bearer cdk_not_a_real_key"
    elif credentials == "revoked_key":
        agent = personas["agent"]
        agent.user.api_keys.update(revoked_at="2026-01-01T00:00:00Z")
        headers.update(agent.auth)
    before = (Complaint.objects.count(), ComplaintEvent.objects.count())
    # Django's test client skips CSRF checks unless asked; ask, as a browser-less client would.
    client = Client(enforce_csrf_checks=True)
    with CaptureQueriesContext(connection) as queries:
        response = _call(client, method, path, language, **headers)
    assert response.status_code == 401, response.content
    body = response.json()
    assert body["code"] == "not_authenticated"
    for fragment in MESSAGES[language]:
        assert fragment in body["message"]
    assert response["WWW-Authenticate"] == "Bearer"
    assert response["Content-Language"].lower().startswith(language[:2])
    # The only write is the failure counted by the sign-in throttle (docs/security.md).
    writes = [q["sql"] for q in queries.captured_queries if WRITES.match(q["sql"])]
    assert not [sql for sql in writes if '"complaintdesk_cache"' not in sql]
    assert (Complaint.objects.count(), ComplaintEvent.objects.count()) == before


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "fragment"),
    [("zh-hans", "CSRF"), ("zh-hans", "X-CSRFToken"), ("en", "no valid CSRF token")],
)
def test_session_post_without_csrf_token_is_403_csrf_failed(
    personas: Any, language: str, fragment: str
) -> None:
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(personas["agent"].user)
    response = browser.post(
        "/api/v1/complaints",
        complaint_body(),
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE=language,
    )
    assert response.status_code == 403
    body = response.json()
    assert body["code"] == "csrf_failed" and fragment in body["message"]
    assert "CSRF check Failed" not in body["message"]
    assert Complaint.objects.count() == 0


@pytest.mark.django_db
def test_session_post_with_csrf_token_and_session_get_pass(personas: Any) -> None:
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(personas["agent"].user)
    assert browser.get("/api/v1/complaints").status_code == 200
    token = browser.get("/desk/").cookies["csrftoken"].value
    response = browser.post(
        "/api/v1/complaints",
        complaint_body(),
        content_type="application/json",
        HTTP_X_CSRFTOKEN=token,
    )
    assert response.status_code == 201
    assert Complaint.objects.count() == 1


@pytest.mark.django_db
def test_a_valid_key_needs_no_csrf_token(api: Any) -> None:
    client = api("agent")
    client.client = Client(enforce_csrf_checks=True)
    assert client.post("/complaints", complaint_body()).status_code == 201


def test_openapi_documents_the_401_of_every_secured_operation() -> None:
    for method, path in SECURED:
        responses = DOCUMENT["paths"][path][method.lower()]["responses"]
        assert 401 in responses or "401" in responses, (method, path)
