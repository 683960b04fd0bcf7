"""Desk forms: they validate input at the edge; services decide whether the change is allowed."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from complaintdesk.complaints.choices import Category, Channel, Demand, Industry, Priority, Status
from complaintdesk.complaints.queues import QUEUES, SORTS

QUEUE_LABELS = {
    "asked": _("Questions to my department"),
    "mine": _("Mine"),
    "unassigned": _("Unassigned"),
    "department": _("My department"),
    "open": _("All open"),
    "review": _("Needs review"),
    "closed": _("Recently closed"),
}
SORT_LABELS = {
    "received": _("Newest first"),
    "priority": _("Most urgent first"),
    "due": _("Nearest deadline first"),
}
PAGE_SIZE = 50


def _blank(choices: Any) -> list[tuple[str, Any]]:
    return [("", _("Any")), *choices]


class QueueFilterForm(forms.Form):
    queue = forms.ChoiceField(
        choices=[(q, QUEUE_LABELS[q]) for q in (*QUEUES, "asked")], required=False
    )
    q = forms.CharField(label=_("Search"), max_length=200, required=False)
    status = forms.ChoiceField(label=_("Status"), choices=_blank(Status.choices), required=False)
    category = forms.ChoiceField(
        label=_("Category"), choices=_blank(Category.choices), required=False
    )
    priority = forms.ChoiceField(
        label=_("Priority"), choices=_blank(Priority.choices), required=False
    )
    channel = forms.ChoiceField(label=_("Channel"), choices=_blank(Channel.choices), required=False)
    industry = forms.ChoiceField(
        label=_("Industry"), choices=_blank(Industry.choices), required=False
    )
    assignee = forms.CharField(label=_("Assignee"), max_length=150, required=False)
    respondent = forms.CharField(label=_("Respondent"), max_length=80, required=False)
    received_from = forms.DateField(
        label=_("Received from"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    received_to = forms.DateField(
        label=_("Received until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    sort = forms.ChoiceField(
        label=_("Sort"), choices=[(s, SORT_LABELS[s]) for s in SORTS], required=False
    )
    cursor = forms.CharField(max_length=200, required=False, widget=forms.HiddenInput)

    def day_start(self, day: dt.date | None, *, next_day: bool = False) -> dt.datetime | None:
        if day is None:
            return None
        moment = dt.datetime.combine(day, dt.time.min, tzinfo=timezone.get_current_timezone())
        return moment + dt.timedelta(days=1) if next_day else moment


class AssignForm(forms.Form):
    department = forms.CharField(label=_("Department"), max_length=40, required=False)
    assignee = forms.CharField(label=_("Assignee"), max_length=150, required=False)


class TransitionForm(forms.Form):
    to = forms.ChoiceField(label=_("New status"), choices=Status.choices)
    reason = forms.CharField(
        label=_("Reason"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    merge_into = forms.CharField(label=_("Merge into complaint"), max_length=32, required=False)
    has_remedy = forms.BooleanField(label=_("The answer gives a remedy"), required=False)
    root_cause = forms.CharField(label=_("Root cause"), max_length=60, required=False)
    responsible_department = forms.CharField(
        label=_("Responsible department"), max_length=40, required=False
    )
    responsible_respondent = forms.CharField(
        label=_("Responsible respondent"), max_length=80, required=False
    )


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Up to ``max_files`` files; each is checked by the attachment service, not here."""

    def __init__(self, *args: Any, max_files: int = 5, **kwargs: Any) -> None:
        self.max_files = max_files
        kwargs.setdefault("widget", MultipleFileInput())
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        files = [f for f in (data if isinstance(data, list | tuple) else [data]) if f]
        if len(files) > self.max_files:
            raise forms.ValidationError(
                _("Attach at most %(n)s files.") % {"n": self.max_files}, code="too_many"
            )
        return [super(MultipleFileField, self).clean(f, initial) for f in files]


class MessageForm(forms.Form):
    body = forms.CharField(
        label=_("Message"), max_length=20_000, widget=forms.Textarea(attrs={"rows": 4})
    )
    attachments = MultipleFileField(label=_("Files"))


class ReplyForm(MessageForm):
    """A reply to the customer; a snippet may have filled what follows it: tags to add and a
    status to move to, with the reason the customer reads."""

    then_status = forms.ChoiceField(
        label=_("Then move to"), choices=[("", _("Keep the status")), *Status.choices],
        required=False,
    )
    then_reason = forms.CharField(
        label=_("Reason for the move (the customer sees it)"), max_length=2000, required=False
    )
    then_tags = forms.CharField(label=_("Then add tags"), max_length=400, required=False)


class AskForm(forms.Form):
    department = forms.CharField(label=_("Department"), max_length=40)
    question = forms.CharField(
        label=_("Question (internal)"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )
    working_days = forms.IntegerField(
        label=_("Answer within (working days)"), min_value=1, max_value=10, initial=1
    )


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("Answer (internal)"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )


class SavedFilterForm(forms.Form):
    name = forms.CharField(label=_("Name of the filter"), max_length=60)
    query = forms.CharField(max_length=1000, required=False)


class AttachForm(forms.Form):
    attachments = MultipleFileField(label=_("Files"), required=True)
    comment = forms.CharField(label=_("Comment"), max_length=2000, required=False)


CORRECT_CHOICES = {"category": Category, "demand": Demand, "priority": Priority}


class CorrectForm(forms.Form):
    field = forms.ChoiceField(
        label=_("Field"),
        choices=[("category", _("Category")), ("demand", _("Demand")), ("priority", _("Priority"))],
    )
    value = forms.CharField(label=_("New value"), max_length=30)
    reason = forms.CharField(label=_("Reason"), max_length=2000)


class ExtensionForm(forms.Form):
    """A supervisor extends one deadline by an amount in that deadline's own unit."""

    clock = forms.ChoiceField(label=_("Deadline"))
    amount = forms.IntegerField(
        label=_("Extend by"),
        min_value=1,
        max_value=100_000,
        help_text=_("In the deadline's unit, shown next to it."),
    )
    reason = forms.CharField(
        label=_("Reason (the customer is told)"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, clocks: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["clock"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = clocks


class TagsForm(forms.Form):
    add = forms.CharField(label=_("Add tags"), max_length=400, required=False)
    remove = forms.CharField(label=_("Remove tags"), max_length=400, required=False)

    @staticmethod
    def split(value: str) -> list[str]:
        return [t.strip() for t in value.replace("，", ",").split(",") if t.strip()]


BULK_ACTIONS = [
    ("assign", _("Assign")),
    ("status", _("Change status")),
    ("tag", _("Add tag")),
]


class BulkForm(forms.Form):
    numbers = forms.MultipleChoiceField(label=_("Complaints"))
    action = forms.ChoiceField(label=_("Action"), choices=BULK_ACTIONS)
    department = forms.CharField(max_length=40, required=False)
    assignee = forms.CharField(max_length=150, required=False)
    to = forms.ChoiceField(choices=[("", "—"), *Status.choices], required=False)
    reason = forms.CharField(max_length=2000, required=False)
    tag = forms.CharField(max_length=40, required=False)
    back = forms.CharField(max_length=2000, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        numbers = self.data.getlist("numbers") if hasattr(self.data, "getlist") else []
        field = self.fields["numbers"]
        assert isinstance(field, forms.MultipleChoiceField)
        field.choices = [(n, n) for n in numbers[:200]]
