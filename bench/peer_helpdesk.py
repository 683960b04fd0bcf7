"""django-helpdesk 2.6.1 set up for ``bench/peer.py``: its own virtualenv (reused when it holds
the right versions), a generated minimal project (settings, urls, wsgi, a setup script that
creates a queue and a staff user with an API token), served by gunicorn on a fresh SQLite file
with the same pragmas as complaintdesk."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from serving import PYTHON, ROOT, count_rows, free_port, stop, wait_until_up

PEER_PACKAGE = "django-helpdesk"
PEER_VERSION = "2.6.1"
PEER_VENV = ROOT / "var" / "bench-peer" / f"venv-{PEER_VERSION}"
WORKERS = 2


PEER_SETTINGS = """
from pathlib import Path

DATA = Path(%(data)r)
SECRET_KEY = "bench-peer-only"
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sites",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "helpdesk",
]
SITE_ID = 1
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
]
ROOT_URLCONF = "peer_urls"
WSGI_APPLICATION = "peer_wsgi.application"
TEMPLATES = [{
    "BACKEND": "django.template.backends.django.DjangoTemplates",
    "APP_DIRS": True,
    "OPTIONS": {"context_processors": [
        "django.template.context_processors.request",
        "django.contrib.auth.context_processors.auth",
        "django.contrib.messages.context_processors.messages",
    ]},
}]
# The same SQLite settings complaintdesk uses (WAL, synchronous=NORMAL, IMMEDIATE transactions,
# persistent connections), with Django's stock backend.
DATABASES = {"default": {
    "ENGINE": "django.db.backends.sqlite3",
    "NAME": str(DATA / "helpdesk.sqlite3"),
    "CONN_MAX_AGE": 600,
    "CONN_HEALTH_CHECKS": True,
    "OPTIONS": {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=20000;",
    },
}}
DEFAULT_AUTO_FIELD = "django.db.models.AutoField"
USE_TZ = True
TIME_ZONE = "Asia/Shanghai"
LANGUAGE_CODE = "zh-hans"
STATIC_URL = "/static/"
MEDIA_ROOT = str(DATA / "media")
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
LOGIN_URL = "/login/"
# Teams mode needs pinax-teams; a plain install runs without it. The knowledge base stays on:
# 2.6.1's helpdesk/urls.py refers to its views even when HELPDESK_KB_ENABLED is False.
HELPDESK_TEAMS_MODE_ENABLED = False
HELPDESK_API_ENABLED = True
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.TokenAuthentication"],
}
"""

PEER_URLS = """
from django.http import HttpResponse
from django.urls import include, path

urlpatterns = [
    path("healthz", lambda request: HttpResponse("ok")),
    path("", include("helpdesk.urls", namespace="helpdesk")),
]
"""

PEER_WSGI = """
import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "peer_settings")
from django.core.wsgi import get_wsgi_application

application = get_wsgi_application()
"""

PEER_SETUP = """
import json
import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "peer_settings")
import django

django.setup()
from django.contrib.auth import get_user_model
from helpdesk.models import Queue
from rest_framework.authtoken.models import Token

queue = Queue.objects.create(title="客户投诉", slug="complaints", allow_public_submission=False)
user = get_user_model().objects.create_user("bench", "bench@example.com", "bench-password", is_staff=True)
token = Token.objects.create(user=user)
print(json.dumps({"queue": queue.pk, "token": token.key}))
"""


def peer_python() -> Path:
    return PEER_VENV / "bin" / "python"


def peer_versions() -> dict[str, str]:
    """Versions installed in the peer's virtualenv ({} when it does not exist)."""
    if not peer_python().exists():
        return {}
    code = (
        "import json, sqlite3, sys\nfrom importlib import metadata\n"
        "names = ['django-helpdesk', 'Django', 'djangorestframework', 'gunicorn']\n"
        "found = {}\n"
        "for name in names:\n"
        "    try:\n        found[name] = metadata.version(name)\n"
        "    except metadata.PackageNotFoundError:\n        pass\n"
        "found['python'] = sys.version.split()[0]\nfound['sqlite'] = sqlite3.sqlite_version\n"
        "print(json.dumps(found))"
    )
    done = subprocess.run(
        [str(peer_python()), "-c", code], capture_output=True, text=True, check=False
    )
    return json.loads(done.stdout) if done.returncode == 0 else {}


def ensure_peer_venv() -> dict[str, str]:
    """Create or reuse the peer's virtualenv: django-helpdesk==2.6.1 and our gunicorn version."""
    gunicorn = metadata.version("gunicorn")
    versions = peer_versions()
    if versions.get(PEER_PACKAGE) == PEER_VERSION and versions.get("gunicorn") == gunicorn:
        return versions
    print(f"installing {PEER_PACKAGE}=={PEER_VERSION} into {PEER_VENV} ...", file=sys.stderr)
    if not peer_python().exists():
        subprocess.run([PYTHON, "-m", "venv", str(PEER_VENV)], check=True)
    done = subprocess.run(
        [
            str(peer_python()),
            "-m",
            "pip",
            "install",
            "-q",
            f"{PEER_PACKAGE}=={PEER_VERSION}",
            f"gunicorn=={gunicorn}",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        sys.exit(f"could not install the peer:\n{done.stderr.strip()}")
    versions = peer_versions()
    if versions.get(PEER_PACKAGE) != PEER_VERSION:
        sys.exit(f"peer virtualenv has {versions}, expected {PEER_PACKAGE} {PEER_VERSION}")
    return versions


@dataclass
class Helpdesk:
    """django-helpdesk served by gunicorn from a generated project on a fresh SQLite file."""

    workers: int = WORKERS
    port: int = 0
    data_dir: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="cd-bench-peer-")))
    queue: int = 0
    token: str = ""
    process: subprocess.Popen | None = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def database(self) -> Path:
        return self.data_dir / "helpdesk.sqlite3"

    @property
    def log_path(self) -> Path:
        return self.data_dir / "server.log"

    def env(self) -> dict[str, str]:
        env = {
            k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "DJANGO_SETTINGS_MODULE"}
        }
        return {**env, "PYTHONPATH": str(self.data_dir), "DJANGO_SETTINGS_MODULE": "peer_settings"}

    def run(self, *args: str) -> str:
        done = subprocess.run(
            [str(peer_python()), *args],
            cwd=self.data_dir,
            env=self.env(),
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode != 0:
            sys.exit(f"peer: {' '.join(args)} failed:\n{done.stderr.strip()}")
        return done.stdout.strip()

    def start(self) -> Helpdesk:
        (self.data_dir / "peer_settings.py").write_text(
            PEER_SETTINGS % {"data": str(self.data_dir)}
        )
        (self.data_dir / "peer_urls.py").write_text(PEER_URLS)
        (self.data_dir / "peer_wsgi.py").write_text(PEER_WSGI)
        (self.data_dir / "peer_setup.py").write_text(PEER_SETUP)
        self.run("-m", "django", "migrate", "-v0", "--noinput")
        created = json.loads(self.run("peer_setup.py").splitlines()[-1])
        self.queue, self.token = created["queue"], created["token"]
        self.port = self.port or free_port()
        with self.log_path.open("w") as log:
            self.process = subprocess.Popen(
                [
                    str(PEER_VENV / "bin" / "gunicorn"),
                    "peer_wsgi:application",
                    "--chdir",
                    str(self.data_dir),
                    "--bind",
                    f"127.0.0.1:{self.port}",
                    "--workers",
                    str(self.workers),
                    "--access-logfile",
                    "/dev/null",
                ],
                cwd=self.data_dir,
                env=self.env(),
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        wait_until_up(self.base + "/healthz")
        return self

    def stop(self) -> None:
        if self.process is not None:
            stop(self.process)

    def tickets(self) -> int:
        return count_rows(self.database, "helpdesk_ticket")

    def locked_errors(self) -> int:
        return self.log_path.read_text(errors="replace").count("database is locked")


# ----------------------------------------------------------------------------- the run


