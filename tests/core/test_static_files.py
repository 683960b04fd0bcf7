"""The served product (DEBUG off, gunicorn) delivers its own CSS and htmx: no CDN, no 404."""

from __future__ import annotations

from django.core.management import call_command
from django.test import Client


def test_collected_static_files_are_served_without_debug(settings, tmp_path) -> None:
    settings.DEBUG = False
    settings.STATIC_ROOT = tmp_path
    call_command("collectstatic", "--noinput", "-v0")
    client = Client()
    for path in ["/static/desk/desk.css", "/static/portal/portal.css"]:
        response = client.get(path)
        assert response.status_code == 200, path
    htmx = list(tmp_path.rglob("htmx*.js"))
    assert htmx, "django-htmx ships htmx as a static file"
    relative = htmx[0].relative_to(tmp_path).as_posix()
    assert client.get(f"/static/{relative}").status_code == 200
