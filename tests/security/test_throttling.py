"""Sign-in throttling and shared rate limits (issue 17, finding 4).

About 470 wrong passwords a minute were accepted on /desk/login/ and /admin/login/, nothing was
logged and the right password worked straight after; customer and integration keys could tell
staff usernames apart from /assignment; the portal's "10 an hour" was counted per process.
"""

from __future__ import annotations

import logging
import time
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from complaintdesk.testing.personas import PASSWORD
from tests.conftest import complaint_body

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _small_limits(settings: Any) -> None:
    settings.LOGIN_FAILURES_PER_ACCOUNT = 5
    settings.LOGIN_FAILURES_PER_ADDRESS = 8
    settings.LOGIN_FAILURE_WINDOW_SECONDS = 900
    settings.LOGIN_LOCKOUT_SECONDS = 900


def _sign_in(client: Client, path: str, username: str, password: str) -> Any:
    return client.post(
        path, {"username": username, "password": password}, REMOTE_ADDR="203.0.113.7"
    )


def _signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


@pytest.mark.parametrize("path", ["/desk/login/", "/admin/login/"])
def test_wrong_passwords_lock_the_account_and_the_right_one_then_fails(
    personas: Any, path: str, caplog: pytest.LogCaptureFixture
) -> None:
    user = get_user_model().objects.get(username="admin")
    user.is_staff = user.is_superuser = True
    user.save()
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    with caplog.at_level(logging.INFO, logger="complaintdesk.security"):
        for _ in range(5):
            assert (
                not _signed_in(client)
                and _sign_in(client, path, "admin", "guess").status_code == 200
            )
        refused = _sign_in(client, path, "admin", PASSWORD)
    assert not _signed_in(client)
    assert "Too many failed sign-ins" in refused.content.decode()
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1 and "lockout: account" in warnings[0].getMessage()
    assert "203.0.113.7" in warnings[0].getMessage()
    assert any("refused during a lockout" in r.getMessage() for r in caplog.records)
    # Another account from the same address is not locked by this one's failures.
    other = Client()
    _sign_in(other, path, "supervisor", PASSWORD)
    assert _signed_in(other) or path.startswith("/admin/")  # the supervisor is not is_staff


def test_the_lockout_ends_after_its_time(personas: Any, settings: Any) -> None:
    # The failures' window stays long: on a loaded machine five sign-ins can take more than a
    # second, and a one-second window then never fills. The lockout is short, but long enough
    # that the refusal right after it is surely inside it.
    settings.LOGIN_LOCKOUT_SECONDS = 3
    client = Client()
    for _ in range(5):
        _sign_in(client, "/desk/login/", "agent", "guess")
    _sign_in(client, "/desk/login/", "agent", PASSWORD)
    assert not _signed_in(client)
    time.sleep(3.5)
    _sign_in(client, "/desk/login/", "agent", PASSWORD)
    assert _signed_in(client)


def test_a_success_clears_the_accounts_failures(personas: Any, settings: Any) -> None:
    settings.LOGIN_FAILURES_PER_ADDRESS = 20  # only the account's count is under test
    client = Client()
    for _ in range(4):
        _sign_in(client, "/desk/login/", "agent", "guess")
    _sign_in(client, "/desk/login/", "agent", PASSWORD)
    assert _signed_in(client)
    client.logout()
    for _ in range(4):
        _sign_in(client, "/desk/login/", "agent", "guess")
    _sign_in(client, "/desk/login/", "agent", PASSWORD)
    assert _signed_in(client)


def test_spraying_many_accounts_locks_the_address(personas: Any) -> None:
    client = Client()
    for n in range(8):
        _sign_in(client, "/desk/login/", f"user{n}", "guess")
    _sign_in(client, "/desk/login/", "agent", PASSWORD)
    assert not _signed_in(client)
    elsewhere = Client()
    elsewhere.post(
        "/desk/login/", {"username": "agent", "password": PASSWORD}, REMOTE_ADDR="198.51.100.2"
    )
    assert _signed_in(elsewhere)


def test_unknown_api_keys_lock_the_address_even_for_a_valid_key(
    personas: Any, caplog: pytest.LogCaptureFixture
) -> None:
    client = Client()
    with caplog.at_level(logging.WARNING, logger="complaintdesk.security"):
        for n in range(8):
            bad = client.get(
                "/api/v1/complaints",
                HTTP_AUTHORIZATION=f"Bearer guess-{n}",
                REMOTE_ADDR="203.0.113.9",
            )
            assert bad.status_code == 401
    valid = {"HTTP_AUTHORIZATION": f"Bearer {personas['agent'].key}"}
    locked = client.get("/api/v1/complaints", REMOTE_ADDR="203.0.113.9", **valid)
    assert locked.status_code == 429 and locked.json()["code"] == "too_many_attempts"
    assert any("lockout: address 203.0.113.9" in r.getMessage() for r in caplog.records)
    assert client.get("/api/v1/complaints", REMOTE_ADDR="198.51.100.3", **valid).status_code == 200


@pytest.mark.parametrize("role", ["customer", "integration", "auditor"])
def test_assignment_does_not_tell_which_staff_usernames_exist(api: Any, role: str) -> None:
    number = (
        api(role if role != "auditor" else "agent")
        .post("/complaints", complaint_body())
        .json()["number"]
    )
    caller = api(role)
    existing = caller.post(f"/complaints/{number}/assignment", {"assignee": "supervisor"})
    missing = caller.post(f"/complaints/{number}/assignment", {"assignee": "no-such-person"})
    department = caller.post(f"/complaints/{number}/assignment", {"department": "no-such-dept"})
    assert existing.status_code == missing.status_code == department.status_code == 404
    assert existing.json() == missing.json() == department.json()
    assert "no-such-person" not in missing.content.decode()
