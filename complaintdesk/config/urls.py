"""URL map: the JSON API, the admin and a health check."""

from django.contrib import admin
from django.http import HttpRequest, HttpResponse
from django.urls import path

from complaintdesk.api.api import api


def healthz(request: HttpRequest) -> HttpResponse:
    """Liveness probe: answers without touching the database."""
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
]
