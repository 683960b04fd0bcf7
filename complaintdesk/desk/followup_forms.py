"""Desk forms of follow-up: schedule a return call, record what came of it."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from complaintdesk.followup.choices import CallOutcome

REACHED_CHOICES = [("yes", _("Reached the customer")), ("no", _("Not reached"))]


class CallScheduleForm(forms.Form):
    due_on = forms.DateField(
        label=_("Call on"),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": _("Enter a date such as 2026-11-25.")},
    )
    assignee = forms.CharField(label=_("Caller"), max_length=150, required=False)


class CallOutcomeForm(forms.Form):
    reached = forms.TypedChoiceField(
        label=_("Did you reach the customer?"),
        choices=REACHED_CHOICES,
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": _("Say whether you reached the customer.")},
    )
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=[("", "—"), *CallOutcome.choices],
        required=False,
        error_messages={"invalid_choice": _("Choose one of the outcomes.")},
    )
    notes = forms.CharField(
        label=_("Notes"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    new_issue = forms.CharField(
        label=_("The new issue (becomes a new complaint)"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("reached") and not data.get("outcome"):
            self.add_error("outcome", _("Choose what came of the call."))
        if data.get("outcome") == CallOutcome.NEW_ISSUE and not data.get("new_issue", "").strip():
            self.add_error("new_issue", _("Describe the new issue; it becomes a new complaint."))
        return data
