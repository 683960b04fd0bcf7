"""Personal data in Django admin: customers with the export and erasure actions, and the
audit log of personal-data requests (read-only)."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import FileResponse, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from complaintdesk.complaints.actors import Actor, actor_for_user
from complaintdesk.complaints.choices import Role
from complaintdesk.complaints.models import Customer
from complaintdesk.privacy.models import PrivacyRequest, RequestVia
from complaintdesk.workflows.privacy import (
    ErasureHeld,
    personal_data_erase,
    personal_data_export,
)


def _actor(request: HttpRequest) -> Actor:
    user: Any = request.user
    return actor_for_user(user) or Actor(user_id=user.pk, role=Role.ADMIN, label=user.username)


@admin.register(Customer)
class CustomerAdmin(admin.ModelAdmin):
    list_display = ("id", "name", "phone", "email", "is_vip", "is_vulnerable", "created_at")
    search_fields = ("=id", "=phone", "=email", "name")
    readonly_fields = ("user", "created_at")
    actions = ["export_personal_data", "erase_personal_data"]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # customers are erased (anonymised), never deleted

    @admin.action(description=gettext_lazy("Export personal data (zip)"))
    def export_personal_data(
        self, request: HttpRequest, queryset: QuerySet[Customer]
    ) -> HttpResponseBase | None:
        if queryset.count() != 1:
            self.message_user(request, _("Choose exactly one customer to export."), messages.ERROR)
            return None
        customer = queryset.get()
        folder = Path(tempfile.mkdtemp(prefix="complaintdesk-export-"))
        out = folder / f"customer-{customer.pk}.zip"
        personal_data_export(
            customer=customer, out=out, actor=_actor(request), via=RequestVia.ADMIN
        )
        handle = out.open("rb")
        out.unlink()  # the open handle keeps the bytes until the download ends
        folder.rmdir()
        return FileResponse(
            handle, as_attachment=True, filename=out.name, content_type="application/zip"
        )

    @admin.action(description=gettext_lazy("Erase personal data (anonymise)"))
    def erase_personal_data(
        self, request: HttpRequest, queryset: QuerySet[Customer]
    ) -> HttpResponse | None:
        if request.POST.get("confirmed") != "yes":
            return TemplateResponse(
                request,
                "admin/privacy/erase_confirm.html",
                {
                    **self.admin_site.each_context(request),
                    "customers": list(queryset),
                    "action": "erase_personal_data",
                    "title": _("Erase personal data"),
                    "opts": self.model._meta,
                },
            )
        for customer in queryset:
            label = f"#{customer.pk}"
            try:
                personal_data_erase(customer=customer, actor=_actor(request), via=RequestVia.ADMIN)
            except ErasureHeld as held:
                self.message_user(request, f"{label}: {held.message}", messages.ERROR)
                continue
            self.message_user(
                request, _("Customer %(ref)s erased.") % {"ref": label}, messages.SUCCESS
            )
        return None


@admin.register(PrivacyRequest)
class PrivacyRequestAdmin(admin.ModelAdmin):
    list_display = ("at", "kind", "outcome", "via", "customer_id", "requested_by", "complaints")
    list_filter = ("kind", "outcome", "via")
    readonly_fields = [f.name for f in PrivacyRequest._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
