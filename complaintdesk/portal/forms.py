"""The customer's complaint form and the form to add information; messages next to each field."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.conf import settings
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from complaintdesk.complaints.attachments import CheckedUpload, attachment_upload_check
from complaintdesk.complaints.choices import Demand
from complaintdesk.complaints.errors import InvalidInput
from complaintdesk.lib.text import find_control_character, is_blank

MAX_FILES = 5
ACCEPT = "image/*,.pdf,.doc,.docx,.xls,.xlsx,.ppt,.pptx,.odt,.ods,.odp,.txt"
PHONE = re.compile(r"^\+?[0-9][0-9 \-]{4,19}$")


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class FilesField(forms.FileField):
    """Up to five files, each checked from its content and size by the attachment service."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ACCEPT}))
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[CheckedUpload]:
        files = [f for f in (data if isinstance(data, list | tuple) else [data]) if f]
        if len(files) > MAX_FILES:
            raise forms.ValidationError(
                _("Attach at most %(n)s files.") % {"n": MAX_FILES}, code="too_many"
            )
        checked = []
        for upload in files:
            try:
                checked.append(attachment_upload_check(stream=upload, filename=upload.name or ""))
            except InvalidInput as exc:
                raise forms.ValidationError(str(exc.message), code="file") from None
        return checked


def clean_text(value: str) -> str:
    if is_blank(value):
        raise forms.ValidationError(_("Please tell us what happened."), code="blank")
    position = find_control_character(value)
    if position is not None:
        raise forms.ValidationError(
            _("The text contains an invisible control character at position %(pos)s.")
            % {"pos": position + 1},
            code="control",
        )
    return value.strip()


def _files_help() -> str:
    """Said in the language of the request that shows the form, not the one of start-up."""
    return gettext(
        "Up to 5 files: images, PDF, office documents or text, each at most %(mb)s MB."
    ) % {"mb": settings.ATTACHMENT_MAX_BYTES // (1024 * 1024)}


files_help = lazy(_files_help, str)


class ComplaintForm(forms.Form):
    text = forms.CharField(
        label=_("What happened?"),
        max_length=settings.COMPLAINT_TEXT_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 7}),
        help_text=_("When, what you bought or used, what went wrong."),
    )
    demand = forms.ChoiceField(
        label=_("What would you like us to do?"),
        choices=[("", _("Please choose")), *Demand.choices],
    )
    order_number = forms.CharField(
        label=_("Order, course or policy number"), max_length=64, required=False
    )
    name = forms.CharField(label=_("Your name"), max_length=100)
    phone = forms.CharField(label=_("Mobile phone"), max_length=20, required=False)
    email = forms.EmailField(label=_("Email"), required=False)
    attachments = FilesField(
        label=_("Photos or documents"),
        help_text=files_help(),
    )
    # Hidden from people by CSS; automated form fillers complete it.
    website = forms.CharField(label=_("Leave this empty"), required=False)

    def clean_text(self) -> str:
        return clean_text(self.cleaned_data["text"])

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        if not name or find_control_character(name) is not None:
            raise forms.ValidationError(_("Please give your name."), code="name")
        return name

    def clean_phone(self) -> str:
        phone = self.cleaned_data["phone"].strip()
        if phone and not PHONE.match(phone):
            raise forms.ValidationError(
                _("Enter a phone number of digits, for example 13812345678."), code="phone"
            )
        return phone.replace(" ", "").replace("-", "")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("phone") and not data.get("email") and "phone" not in self.errors:
            self.add_error("phone", _("Give a phone number or an email so we can answer you."))
        return data

    @property
    def is_spam(self) -> bool:
        return bool(self.data.get("website"))


class AddInformationForm(forms.Form):
    body = forms.CharField(
        label=_("Add information"),
        max_length=settings.COMPLAINT_TEXT_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    attachments = FilesField(label=_("Photos or documents"))

    def clean_body(self) -> str:
        return clean_text(self.cleaned_data["body"])


SOLVED_CHOICES = [("yes", _("Yes, it is solved")), ("no", _("No, it is not solved"))]
SCORE_CHOICES = [(str(n), str(n)) for n in range(1, 6)]
FAIR_CHOICES = [("", _("No answer")), ("yes", _("Yes, fair")), ("no", _("No, not fair"))]


class ConfirmForm(forms.Form):
    """Is the problem solved? "No" needs a word on what is still wrong."""

    solved = forms.TypedChoiceField(
        label=_("Is the problem solved?"),
        choices=SOLVED_CHOICES,
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose whether the problem is solved."),
            "invalid_choice": _("Choose whether the problem is solved."),
        },
    )
    reason = forms.CharField(
        label=_("What is still wrong?"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("solved") is False and is_blank(data.get("reason", "")):
            self.add_error("reason", _("Tell us what is still wrong, so we can work on it again."))
        return data


class SurveyForm(forms.Form):
    """The satisfaction survey: 1–5 stars, a comment, and whether the remedy was fair."""

    score = forms.TypedChoiceField(
        label=_("Your rating"),
        choices=SCORE_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose a score from 1 to 5 stars."),
            "invalid_choice": _("Choose a score from 1 to 5 stars."),
        },
    )
    comment = forms.CharField(
        label=_("Comment"), max_length=2000, required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    remedy_fair = forms.TypedChoiceField(
        label=_("Was the remedy fair?"),
        choices=FAIR_CHOICES,
        coerce=lambda value: value == "yes",
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
    )

    def clean_comment(self) -> str:
        comment = self.cleaned_data["comment"]
        position = find_control_character(comment)
        if position is not None:
            raise forms.ValidationError(
                _("The text contains an invisible control character at position %(pos)s.")
                % {"pos": position + 1},
                code="control",
            )
        return comment.strip()
class DeclineOfferForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is this offer not acceptable?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Tell us why the offer is not acceptable.")},
    )
