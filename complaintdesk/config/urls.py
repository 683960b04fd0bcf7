"""URL map: the JSON API, the admin, the agent desk, the language switch, a health check and
the customer portal at the root."""

from django.contrib import admin
from django.http import HttpRequest, HttpResponse
from django.urls import include, path

from complaintdesk.api.api import api


def healthz(request: HttpRequest) -> HttpResponse:
    """Liveness probe: answers without touching the database."""
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("desk/", include("complaintdesk.desk.urls")),
    path("", include("complaintdesk.portal.urls")),
]
