"""Forms of the learning pages: a complaint's root cause, improvement actions, order
volumes, review meetings. They check shapes; the workflows check meaning."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from complaintdesk.complaints.choices import Category
from complaintdesk.learning.choices import ActionOrigin, ActionStatus, Metric

BLANK = [("", "—")]


class RootCauseForm(forms.Form):
    root_cause = forms.CharField(label=_("Root cause"), max_length=60)
    department = forms.CharField(label=_("Responsible department"), max_length=40, required=False)
    respondent = forms.CharField(label=_("Responsible respondent"), max_length=80, required=False)
    reason = forms.CharField(label=_("Reason for the correction"), max_length=2000, required=False)
    suggested = forms.BooleanField(required=False)


class ActionForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("What will be done"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    owner = forms.CharField(label=_("Owner"), max_length=150)
    due_date = forms.DateField(
        label=_("Due date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    metric = forms.ChoiceField(label=_("Target metric"), choices=Metric.choices)
    period_days = forms.IntegerField(
        label=_("Measurement period (days)"), min_value=7, max_value=366, initial=90
    )
    category = forms.ChoiceField(
        label=_("Category"), choices=BLANK + list(Category.choices), required=False
    )
    item = forms.CharField(label=_("Product, course or policy"), max_length=200, required=False)
    respondent = forms.CharField(label=_("Respondent"), max_length=80, required=False)
    department = forms.CharField(label=_("Department"), max_length=40, required=False)
    complaints = forms.CharField(
        label=_("Complaints (numbers, comma-separated)"), max_length=20000, required=False
    )
    origin = forms.ChoiceField(
        choices=ActionOrigin.choices, required=False, widget=forms.HiddenInput
    )
    root_cause = forms.CharField(label=_("Root cause"), max_length=60, required=False)
    alert = forms.IntegerField(required=False, widget=forms.HiddenInput)
    decision = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def numbers(self) -> tuple[str, ...]:
        raw = self.cleaned_data.get("complaints") or ""
        return tuple(
            n.strip() for n in raw.replace("，", ",").replace("\n", ",").split(",") if n.strip()
        )


class ActionStatusForm(forms.Form):
    to = forms.ChoiceField(label=_("New status"), choices=ActionStatus.choices)
    note = forms.CharField(label=_("Note"), max_length=2000, required=False)
    at = forms.DateTimeField(
        label=_("When it happened (if earlier than now)"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )


class MeetingForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    held_on = forms.DateField(
        label=_("Held on"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    period_start = forms.DateField(
        label=_("Period from"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    period_end = forms.DateField(
        label=_("Period until (inclusive)"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    category = forms.ChoiceField(
        label=_("Category"), choices=BLANK + list(Category.choices), required=False
    )
    department = forms.CharField(label=_("Department"), max_length=40, required=False)


class MinutesForm(forms.Form):
    minutes = forms.CharField(
        label=_("Meeting minutes"),
        max_length=20000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
    )


class CasesForm(forms.Form):
    complaints = forms.CharField(
        label=_("Cases to discuss (complaint numbers, comma-separated)"),
        max_length=4000,
        required=False,
    )


class DecisionForm(forms.Form):
    text = forms.CharField(
        label=_("New decision"), max_length=4000, widget=forms.Textarea(attrs={"rows": 2})
    )
