"""What the customer and the respondent hand in during a dispute: evidence and an appeal."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from complaintdesk.disputes.choices import EvidenceKind
from complaintdesk.lib.text import find_control_character
from complaintdesk.portal.forms import FilesField

TEXT = 5000


def _no_control(value: str) -> str:
    position = find_control_character(value)
    if position is not None:
        raise forms.ValidationError(
            _("The text contains an invisible control character at position %(pos)s.")
            % {"pos": position + 1},
            code="control",
        )
    return value.strip()


class PartyEvidenceForm(forms.Form):
    kind = forms.ChoiceField(label=_("What is it?"), choices=EvidenceKind.choices)
    text = forms.CharField(label=_("Your statement"), max_length=TEXT, required=False,
                           widget=forms.Textarea(attrs={"rows": 4}))
    tracking_number = forms.CharField(label=_("Tracking number"), max_length=64, required=False)
    attachments = FilesField(
        label=_("Photos, screenshots or documents"),
        help_text=_("Up to 5 files: images, PDF, office documents or text, each at most %(mb)s MB.")
        % {"mb": settings.ATTACHMENT_MAX_BYTES // (1024 * 1024)},
    )

    def clean_text(self) -> str:
        return _no_control(self.cleaned_data["text"])

    def clean_tracking_number(self) -> str:
        return _no_control(self.cleaned_data["tracking_number"])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.errors and not (
            data.get("text") or data.get("tracking_number") or data.get("attachments")
        ):
            self.add_error("text", _("Give a statement, a tracking number or at least one file."))
        return data


class AppealForm(forms.Form):
    grounds = forms.CharField(label=_("Why the ruling is wrong"), max_length=TEXT,
                              widget=forms.Textarea(attrs={"rows": 3}))

    def clean_grounds(self) -> str:
        return _no_control(self.cleaned_data["grounds"])
