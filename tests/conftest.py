from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from complaintdesk.testing.personas import Persona, build_personas


@pytest.fixture
def personas(db: Any) -> dict[str, Persona]:
    return build_personas()


class Api:
    """A JSON client for /api/v1/ acting as one persona."""

    def __init__(self, persona: Persona | None, language: str = "zh-hans") -> None:
        self.client = Client()
        self.headers: dict[str, str] = {"HTTP_ACCEPT_LANGUAGE": language}
        if persona is not None:
            self.headers.update(persona.auth)

    def get(self, path: str, **params: Any) -> Any:
        return self.client.get(f"/api/v1{path}", params, **self.headers)

    def post(self, path: str, body: Any = None, raw: bytes | None = None, **headers: str) -> Any:
        data = raw if raw is not None else json.dumps(body or {})
        return self.client.post(
            f"/api/v1{path}", data, content_type="application/json", **self.headers, **headers
        )


@pytest.fixture
def api(personas: dict[str, Persona]) -> Any:
    def make(name: str | None, language: str = "zh-hans") -> Api:
        return Api(personas[name] if name else None, language)

    return make


def complaint_body(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "channel": "api",
        "text": "买的耳机左耳没有声音，申请退货三天了没人处理。",
        "customer": {"name": "王女士", "phone": "13912345678", "email": "wang@example.com"},
        "order": {"number": "JD-1001", "item": "蓝牙耳机", "amount": "299.00"},
        "amount_claimed": "299.00",
    }
    body.update(overrides)
    return body


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _fresh_configuration_caches() -> Any:
    """Each test starts from the database it sees, not configuration cached by an earlier one
    whose transaction was rolled back."""
    from complaintdesk.sla.calendars import CALENDARS
    from complaintdesk.sla.policies import ACTIVE_POLICIES
    from complaintdesk.triage.selectors import similar_index_forget
    from complaintdesk.triage.services import ROUTING

    caches = (ACTIVE_POLICIES, CALENDARS, ROUTING)
    for cache in caches:
        cache.clear()
    similar_index_forget()
    yield
    for cache in caches:
        cache.clear()
    similar_index_forget()
