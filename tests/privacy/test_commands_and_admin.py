"""The privacy command line and admin actions, and who may use them; the data directory and
database file created owner-only."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.test import Client

from complaintdesk.complaints.models import Customer
from complaintdesk.privacy.models import PrivacyRequest
from tests.conftest import complaint_body

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def customer(api) -> Customer:
    body = complaint_body(
        customer={"name": "韩梅梅", "phone": "13766667777", "email": "han.meimei@example.net"}
    )
    assert api("integration").post("/complaints", body).status_code == 201
    return Customer.objects.get(phone="13766667777")


@pytest.fixture
def superuser() -> Client:
    user = get_user_model().objects.create_superuser("root", "root@example.com", "pw-root-123")
    client = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    client.force_login(user)
    return client


def test_export_command_by_phone_writes_the_archive(customer, tmp_path, capsys) -> None:
    out = tmp_path / "han.zip"
    call_command("privacy", "export", "--customer", "13766667777", "--out", str(out))
    with zipfile.ZipFile(out) as archive:
        data = json.loads(archive.read("data.json"))
    assert data["customer"]["email"] == "han.meimei@example.net"
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert "exported customer" in capsys.readouterr().out


def test_erase_command_refuses_with_the_hold_and_records_it(customer) -> None:
    with pytest.raises(CommandError, match=r"仍|still open"):
        call_command("privacy", "erase", "--customer", "han.meimei@example.net")
    assert PrivacyRequest.objects.get().outcome == "refused"


def test_an_unknown_or_ambiguous_customer_is_refused(customer) -> None:
    with pytest.raises(CommandError):
        call_command("privacy", "erase", "--customer", "13700000000")
    Customer.objects.create(name="同号", phone="13766667777")
    with pytest.raises(CommandError):
        call_command("privacy", "export", "--customer", "13766667777", "--out", "/tmp/x.zip")
    assert not PrivacyRequest.objects.exists()


def test_admin_exports_one_customer_as_a_zip(customer, superuser) -> None:
    response = superuser.post(
        "/admin/complaints/customer/",
        {"action": "export_personal_data", "_selected_action": [customer.pk]},
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(__import__("io").BytesIO(b"".join(response.streaming_content)))
    assert json.loads(archive.read("data.json"))["customer"]["name"] == "韩梅梅"
    assert PrivacyRequest.objects.get().via == "admin"


def test_admin_erasure_asks_first_then_refuses_while_a_complaint_is_open(
    customer, superuser
) -> None:
    asked = superuser.post(
        "/admin/complaints/customer/",
        {"action": "erase_personal_data", "_selected_action": [customer.pk]},
    )
    assert asked.status_code == 200 and 'name="confirmed"' in asked.content.decode()
    assert not PrivacyRequest.objects.exists()
    done = superuser.post(
        "/admin/complaints/customer/",
        {"action": "erase_personal_data", "_selected_action": [customer.pk], "confirmed": "yes"},
        follow=True,
    )
    assert "仍有未办结的投诉" in done.content.decode()
    assert PrivacyRequest.objects.get().outcome == "refused"


def test_desk_staff_without_admin_access_cannot_reach_the_actions(customer, personas) -> None:
    for name in ("agent", "supervisor", "auditor", "admin"):
        client = Client()
        client.force_login(personas[name].user)
        response = client.post(
            "/admin/complaints/customer/",
            {"action": "export_personal_data", "_selected_action": [customer.pk]},
        )
        assert response.status_code == 302 and "/admin/login/" in response["Location"], name
    assert not PrivacyRequest.objects.exists()


@pytest.mark.django_db(transaction=False)
def test_a_new_installation_is_owner_only_and_an_old_one_is_tightened(tmp_path) -> None:
    data = tmp_path / "data"
    data.mkdir(mode=0o755)
    data.chmod(0o755)  # an installation made before: world-readable
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "SECRET_KEY"}}
    env.update(PYTHONPATH=str(ROOT), COMPLAINTDESK_DATA_DIR=str(data))

    def migrate() -> None:
        done = subprocess.run(
            [sys.executable, "-m", "complaintdesk.cli", "migrate", "--no-input"],
            env=env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert done.returncode == 0, done.stderr[-2000:]

    migrate()
    database = data / "complaintdesk.sqlite3"
    assert stat.S_IMODE(data.stat().st_mode) == 0o700
    assert stat.S_IMODE(database.stat().st_mode) == 0o600
    assert stat.S_IMODE((data / "secret_key").stat().st_mode) == 0o600
    database.chmod(0o644)
    migrate()
    assert stat.S_IMODE(database.stat().st_mode) == 0o600
    for extra in ("complaintdesk.sqlite3-wal", "complaintdesk.sqlite3-shm"):
        if (data / extra).exists():
            assert stat.S_IMODE((data / extra).stat().st_mode) == 0o600
