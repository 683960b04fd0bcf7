"""Reply templates (话术 and customer mails) are configuration: edited in the admin, checked
for unknown variables when saved."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin

from complaintdesk.complaints.errors import InvalidInput
from complaintdesk.notify.models import ReplyTemplate
from complaintdesk.notify.templating import template_variables_check


class ReplyTemplateForm(forms.ModelForm):
    class Meta:
        model = ReplyTemplate
        fields = "__all__"

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for name in ("subject", "body", "status_reason"):
            try:
                template_variables_check(data.get(name) or "")
            except InvalidInput as exc:
                self.add_error(name, str(exc.message))
        return data


@admin.register(ReplyTemplate)
class ReplyTemplateAdmin(admin.ModelAdmin):
    form = ReplyTemplateForm
    list_display = ("name", "kind", "language", "category", "industry", "set_status", "is_active")
    list_filter = ("kind", "language", "category", "industry", "is_active")
    search_fields = ("name", "code", "body")
    fieldsets = (
        (None, {"fields": ("code", "name", "kind", "language", "category", "industry",
                           "is_active")}),
        (None, {"fields": ("subject", "body")}),
        (None, {"fields": ("set_status", "status_reason", "add_tags")}),
    )
