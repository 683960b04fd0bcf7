"""Rate limits and throttles hold across worker processes (issue 17, finding 4).

The portal's "10 submissions an hour per address" was counted in each process's local memory,
so two gunicorn workers let 20 through. Counting now happens in the shared cache: the
database by default, Redis when ``REDIS_URL`` is set. The same served app shows that the
access log carries no query strings and no tracking tokens (finding 7).
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LIMIT = 10


def _environ(data_dir: Path, **extra: str) -> dict[str, str]:
    environ = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "EMAIL_", "PYTEST_"))
        and key not in {"BIND", "DATABASE_URL", "REDIS_URL", "IMAP_HOST"}
    }
    environ.update(
        PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), environ.get("PYTHONPATH", "")])),
        COMPLAINTDESK_DATA_DIR=str(data_dir),
        SECRET_KEY="shared-limits-test-secret-key-shared-limits-test-secret",
        EMAIL_DELIVERY="capture",
        PORTAL_SUBMISSIONS_PER_HOUR=str(LIMIT),
        TRIAGE_AT_INTAKE="false",
        **extra,
    )
    return environ


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Served:
    url: str
    log: Path
    workers: list[int]


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """``complaintdesk serve`` with two gunicorn worker processes on a migrated SQLite."""
    data_dir = tmp_path_factory.mktemp("shared-limits")
    command = [sys.executable, "-m", "complaintdesk.cli"]
    subprocess.run(
        [*command, "migrate", "--noinput", "-v0"],
        env=_environ(data_dir),
        check=True,
        timeout=300,
    )
    port = _free_port()
    log = data_dir / "serve.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [*command, "serve"],
            env=_environ(data_dir, BIND=f"127.0.0.1:{port}", WEB_CONCURRENCY="2"),
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        try:
            url = f"http://127.0.0.1:{port}"
            deadline = time.monotonic() + 90
            while time.monotonic() < deadline:
                assert process.poll() is None, log.read_text(errors="replace")[-2000:]
                try:
                    with urllib.request.urlopen(f"{url}/healthz", timeout=2) as response:
                        if response.status == 200:
                            break
                except OSError:
                    time.sleep(0.3)
            children = Path(f"/proc/{process.pid}/task/{process.pid}/children").read_text()
            yield Served(url=url, log=log, workers=[int(c) for c in children.split()])
        finally:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


def _portal_form(url: str) -> tuple[str, str]:
    """The CSRF cookie and form token of the portal's complaint form."""
    with urllib.request.urlopen(f"{url}/", timeout=10) as response:
        cookie = next(
            c.split(";")[0]
            for c in response.headers.get_all("Set-Cookie")
            if c.startswith("csrftoken=")
        )
        page = response.read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert token is not None
    return cookie, token.group(1)


def _file(url: str, cookie: str, token: str, n: int) -> int:
    body = urllib.parse.urlencode(
        {
            "csrfmiddlewaretoken": token,
            "text": f"第{n}次投诉：外卖送达时汤洒了一半，骑手态度很差。",
            "demand": "refund",
            "order_number": "",
            "name": "李先生",
            "phone": f"1370000{n:04d}",
            "email": "",
            "website": "",
        }
    ).encode()
    request = urllib.request.Request(
        f"{url}/", data=body, headers={"Cookie": cookie}, method="POST"
    )
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        with opener.open(request, timeout=60) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        return int(error.code)


def test_the_portal_limit_holds_across_two_worker_processes(served: Served) -> None:
    assert len(served.workers) == 2, "gunicorn runs two worker processes"
    cookie, token = _portal_form(served.url)
    # Two at a time: each sync worker serves one request at a time, so both workers count.
    with concurrent.futures.ThreadPoolExecutor(max_workers=4) as pool:
        codes = list(pool.map(lambda n: _file(served.url, cookie, token, n), range(2 * LIMIT)))
    assert codes.count(302) == LIMIT, codes
    assert codes.count(429) == LIMIT, codes


def test_the_access_log_has_no_query_strings_or_tracking_tokens(served: Served) -> None:
    secret = "13912345678"
    for path in (f"/desk/login/?next=/desk/queue/%3Fq%3D{secret}", "/t/SECRET-TRACKING-TOKEN/"):
        with contextlib.suppress(urllib.error.HTTPError):
            urllib.request.urlopen(served.url + path, timeout=10).close()
    time.sleep(0.5)
    log = served.log.read_text(errors="replace")
    assert "GET /desk/login/ HTTP/1.1" in log
    assert "GET /t/…/ HTTP/1.1" in log
    assert secret not in log and "SECRET-TRACKING-TOKEN" not in log


COUNT_IN_A_PROCESS = """
import sys
import django
django.setup()
from complaintdesk.security.throttle import window_count
subject, limit = sys.argv[1], int(sys.argv[2])
print(sum(window_count(bucket="two-process", subject=subject, limit=limit, window_seconds=60)
          <= limit for _ in range(limit)))
"""


def _redis_up() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=0.5):
            return True
    except OSError:
        return False


def test_with_redis_the_limit_holds_across_two_processes(tmp_path: Path) -> None:
    if not _redis_up():
        pytest.skip("Redis is not running at 127.0.0.1:6379 (start redis-server to run this)")
    subject = f"test-{uuid.uuid4()}"
    environ = _environ(
        tmp_path,
        REDIS_URL="redis://127.0.0.1:6379/15",
        DJANGO_SETTINGS_MODULE="complaintdesk.config.settings",
    )
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", COUNT_IN_A_PROCESS, subject, str(LIMIT)],
            env=environ,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for _ in range(2)
    ]
    allowed = []
    for process in processes:
        out, err = process.communicate(timeout=120)
        assert process.returncode == 0, err.decode()
        allowed.append(int(out))
    assert sum(allowed) == LIMIT, allowed  # 20 attempts in two processes, 10 allowed
    import redis

    client = redis.Redis.from_url("redis://127.0.0.1:6379/15")
    assert client.keys("*cd:two-process:*"), "the counts were kept in Redis"
    client.delete(*client.keys("*cd:two-process:*"))


def test_a_500_mb_upload_is_refused_with_413_before_its_body_is_sent(served: Served) -> None:
    """The README's promise, over a real socket: the answer comes while the client has sent
    only the headers and a few bytes of the 500 MB it announced."""
    host, port = served.url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as sock:
        sock.sendall(
            b"POST / HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            b"Content-Type: multipart/form-data; boundary=x\r\n"
            b"Content-Length: 524288000\r\n\r\n--x\r\n"
        )
        started = time.monotonic()
        answer = sock.recv(4096)
    assert answer.startswith(b"HTTP/1.1 413"), answer[:200]
    assert time.monotonic() - started < 5
