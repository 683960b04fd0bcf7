"""Production hardening (issue 17, finding 7): HTTPS settings from the environment with a
clean ``check --deploy``, the Content-Security-Policy header, single-line API fields without
line breaks, and request bodies over the limit refused with 413 before they are read."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from complaintdesk.complaints.models import Complaint
from complaintdesk.security.uploads import CappedUploadHandler
from tests.conftest import complaint_body
from tests.portal.conftest import form_data

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "SECRET_KEY": "k3R9-production-secret-Zq7vX2mN8pL4sT6wY1uB5cD0eF3gH9jK2lM7nP4qR8sT1",
    "ALLOWED_HOSTS": "complaints.example.com",
    "CSRF_TRUSTED_ORIGINS": "https://complaints.example.com",
    "HTTPS": "true",
    "SECURE_HSTS_PRELOAD": "true",
    "SECURE_PROXY_SSL_HEADER": "X-Forwarded-Proto",
}


def _check_deploy(tmp_path: Path, **environ: str) -> subprocess.CompletedProcess[str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "PYTEST_"))
        and k not in {"SECRET_KEY", "HTTPS", "DEBUG", "ALLOWED_HOSTS"}
    }
    env.update(PYTHONPATH=str(ROOT), COMPLAINTDESK_DATA_DIR=str(tmp_path), **environ)
    return subprocess.run(
        [sys.executable, "-m", "complaintdesk.cli", "check", "--deploy"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_check_deploy_is_clean_with_the_production_variables(tmp_path: Path) -> None:
    done = _check_deploy(tmp_path, **PRODUCTION)
    assert done.returncode == 0, done.stderr
    assert "System check identified no issues (0 silenced)." in done.stdout + done.stderr
    assert "WARNINGS" not in done.stdout + done.stderr


def test_check_deploy_names_what_is_missing_without_them(tmp_path: Path) -> None:
    done = _check_deploy(tmp_path, SECRET_KEY=PRODUCTION["SECRET_KEY"])
    output = done.stdout + done.stderr
    for warning in ("security.W004", "security.W008", "security.W012", "security.W016"):
        assert warning in output


def test_a_bad_proxy_header_name_is_refused_at_start(tmp_path: Path) -> None:
    done = _check_deploy(tmp_path, **{**PRODUCTION, "SECURE_PROXY_SSL_HEADER": "X-Proto: https"})
    assert done.returncode != 0
    assert "SECURE_PROXY_SSL_HEADER" in done.stderr


@pytest.mark.django_db
def test_https_redirect_secure_cookies_and_the_proxy_header(settings: Any) -> None:
    settings.SECURE_SSL_REDIRECT = True
    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = True
    settings.SECURE_HSTS_SECONDS = 31_536_000
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    plain = Client().get("/desk/login/")
    assert plain.status_code == 301 and plain["Location"].startswith("https://")
    assert Client().get("/healthz").status_code == 200  # health checks stay on plain HTTP
    behind_proxy = Client().get("/", HTTP_X_FORWARDED_PROTO="https")
    assert behind_proxy.status_code == 200
    assert behind_proxy["Strict-Transport-Security"].startswith("max-age=31536000")
    assert behind_proxy.cookies["csrftoken"]["secure"] is True


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/desk/login/"])
def test_pages_carry_a_content_security_policy_without_inline_script(path: str) -> None:
    policy = Client().get(path)["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in policy


@pytest.mark.django_db
@pytest.mark.parametrize(
    "body",
    [
        complaint_body(title="退款\r\nBcc: victim@example.com"),
        complaint_body(external_id="A-1\nA-2"),
        complaint_body(customer={"name": "王女士\r\nX-Evil: 1", "phone": "13912345678"}),
        complaint_body(order={"number": "JD-1\n"}),
    ],
    ids=["title", "external_id", "customer.name", "order.number"],
)
def test_single_line_api_fields_refuse_line_breaks(api: Any, body: dict[str, Any]) -> None:
    response = api("integration").post("/complaints", body)
    assert response.status_code == 422
    detail = response.json()["details"][0]
    assert detail["code"] == "line_break"
    assert "line break" in detail["message"] or "换行" in detail["message"]
    assert not Complaint.objects.exists()


@pytest.mark.django_db
def test_the_complaint_text_may_still_run_over_several_lines(api: Any) -> None:
    response = api("integration").post(
        "/complaints", complaint_body(text="第一行\n第二行\r\n第三行")
    )
    assert response.status_code == 201


@pytest.mark.django_db
def test_a_multipart_upload_over_the_limit_is_413_before_it_is_read(settings: Any) -> None:
    settings.MAX_UPLOAD_REQUEST_BYTES = 1024 * 1024
    body = io.BytesIO(b"--x\r\n")  # far less than declared: reading it whole would block
    response = Client().generic(
        "POST",
        "/",
        body.getvalue(),
        content_type="multipart/form-data; boundary=x",
        CONTENT_LENGTH=str(200 * 1024 * 1024),
    )
    assert response.status_code == 413
    assert "MB" in response.content.decode()
    api = Client().generic(
        "POST",
        "/api/v1/complaints",
        b"{}",
        content_type="application/json",
        CONTENT_LENGTH=str(5 * 1024 * 1024),
    )
    assert api.status_code == 413 and api.json()["code"] == "request_too_large"
    assert not Complaint.objects.exists()


def test_each_uploaded_file_is_kept_only_up_to_the_attachment_limit(settings: Any) -> None:
    settings.ATTACHMENT_MAX_BYTES = 1000
    capped = CappedUploadHandler()
    kept = []
    for name in ("big.pdf", "second.pdf"):
        capped.new_file("attachments", name, "application/pdf", 10_000)
        passed = [capped.receive_data_chunk(b"x" * 512, start) for start in range(0, 10_000, 512)]
        kept.append(sum(len(chunk) for chunk in passed if chunk))
    # One byte over the limit per file: enough for the form to say the file is too large,
    # never the whole file; the count starts again for each file.
    assert kept == [1001, 1001]


@pytest.mark.django_db
def test_an_oversized_file_under_the_request_limit_is_refused_by_the_form(
    settings: Any,
) -> None:
    settings.ATTACHMENT_MAX_BYTES = 2048
    big = SimpleUploadedFile("big.pdf", b"%PDF-1.4\n" + b"0" * 100_000)
    response = Client().post("/", {**form_data(), "attachments": [big]})
    assert response.status_code == 400
    assert "attachments" in response.context["form"].errors
    assert not Complaint.objects.exists()
