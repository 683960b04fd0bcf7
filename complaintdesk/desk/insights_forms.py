"""The insights filters as a form: date range, industry, department, category, period grain,
and the drill-down of the page behind a number. Validated here; the figures assume valid
input."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from complaintdesk.complaints.actors import Actor
from complaintdesk.complaints.choices import Category, Industry, Role
from complaintdesk.complaints.models import Department
from complaintdesk.insights.reports import REPORTS
from complaintdesk.insights.slices import DRILL_COLUMNS, GRAINS, Slice

GRAIN_LABELS = {"day": _("Day"), "week": _("Week"), "month": _("Month")}
DEFAULT_DAYS = 90
DRILL_PARAMS = (*DRILL_COLUMNS, "open", "reopened", "resolved", "replied", "sla", "age",
                "period", "flag")


def _blank(choices: Any) -> list[tuple[str, Any]]:
    return [("", _("Any")), *choices]


class InsightsFilterForm(forms.Form):
    day_from = forms.DateField(label=_("Received from"), required=False,
                               widget=forms.DateInput(attrs={"type": "date"}))
    day_to = forms.DateField(label=_("Received until"), required=False,
                             widget=forms.DateInput(attrs={"type": "date"}))
    industry = forms.ChoiceField(label=_("Industry"), choices=_blank(Industry.choices),
                                 required=False)
    department = forms.ChoiceField(label=_("Department"), required=False)
    category = forms.ChoiceField(label=_("Category"), choices=_blank(Category.choices),
                                 required=False)
    grain = forms.ChoiceField(label=_("Per"), choices=[(g, GRAIN_LABELS[g]) for g in GRAINS],
                              required=False)

    def __init__(self, data: Any, *, actor: Actor) -> None:
        if "day_from" not in data and "day_to" not in data:
            # the dashboard opens on the last DEFAULT_DAYS days, shown in the form
            data = data.copy()
            today = timezone.localdate()
            data["day_from"] = (today - dt.timedelta(days=DEFAULT_DAYS - 1)).isoformat()
            data["day_to"] = today.isoformat()
        super().__init__(data)
        departments = Department.objects.order_by("code")
        if actor.role == Role.DEPARTMENT:
            departments = departments.filter(pk__in=[actor.department_id or 0])
        field = self.fields["department"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = _blank([(d.code, d.name) for d in departments])
        self.department_ids = {d.code: d.pk for d in departments}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("day_from"), data.get("day_to")
        if start and end and start > end:
            raise forms.ValidationError(_("The start of the range is after its end."))
        return data

    def slice(self, drill: dict[str, str] | None = None) -> Slice:
        data = self.cleaned_data
        return Slice(
            day_from=data.get("day_from"),
            day_to=data.get("day_to"),
            industry=data.get("industry") or "",
            department_id=self.department_ids.get(data.get("department") or ""),
            category=data.get("category") or "",
            grain=data.get("grain") or "day",
            drill=drill or {},
        )


def drill_from(query: Any) -> dict[str, str]:
    """The drill-down parameters of a request (bounded in size)."""
    return {name: str(query[name])[:200] for name in DRILL_PARAMS if query.get(name)}


class ExportForm(forms.Form):
    report = forms.ChoiceField(choices=[(r, r) for r in REPORTS])
    format = forms.ChoiceField(choices=[("xlsx", "Excel"), ("csv", "CSV")], required=False)
