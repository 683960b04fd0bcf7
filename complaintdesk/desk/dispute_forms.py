"""Desk forms of disputes. They parse input; whether the dispute allows it (a split that adds
up, a rationale, an independent reviewer) is decided by the dispute services."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from complaintdesk.desk.forms import MultipleFileField
from complaintdesk.disputes.choices import EvidenceKind, Outcome, Party, Responsible
from complaintdesk.disputes.models import RulingRule
from complaintdesk.disputes.rules import Split, split_for
from complaintdesk.disputes.services import Decision

TEXT = 5000


def _area(rows: int = 3) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


class OpenDisputeForm(forms.Form):
    question = forms.CharField(label=_("Question in dispute"), max_length=TEXT, widget=_area(2))
    respondent_asks = forms.CharField(
        label=_("Ask the respondent for"), max_length=TEXT, required=False, widget=_area(2),
        help_text=_("Left empty, the respondent is asked to answer the question."),
    )
    customer_asks = forms.CharField(
        label=_("Ask the customer for (optional)"), max_length=TEXT, required=False,
        widget=_area(2),
    )


class AskForm(forms.Form):
    party = forms.ChoiceField(label=_("Party"), choices=Party.choices)
    asks = forms.CharField(label=_("What to prove"), max_length=TEXT, widget=_area(2))


class EvidenceForm(forms.Form):
    party = forms.ChoiceField(label=_("Evidence of"), choices=Party.choices)
    kind = forms.ChoiceField(label=_("Kind"), choices=EvidenceKind.choices)
    text = forms.CharField(label=_("Content"), max_length=TEXT, required=False, widget=_area(2))
    tracking_number = forms.CharField(label=_("Tracking number"), max_length=64, required=False)
    attachments = MultipleFileField(label=_("Files"))


class RulingForm(forms.Form):
    responsible = forms.ChoiceField(label=_("Responsible"), choices=Responsible.choices,
                                    initial=Responsible.RESPONDENT)
    respondent_share = forms.IntegerField(label=_("Respondent %"), min_value=0, max_value=100,
                                          required=False)
    customer_share = forms.IntegerField(label=_("Customer %"), min_value=0, max_value=100,
                                        required=False)
    platform_share = forms.IntegerField(label=_("Platform %"), min_value=0, max_value=100,
                                        required=False)
    outcome = forms.ChoiceField(label=_("Outcome for the complaint"), choices=Outcome.choices)
    amount = forms.DecimalField(label=_("Amount (CNY)"), min_value=Decimal(0), max_digits=12,
                                decimal_places=2, required=False)
    rules = forms.MultipleChoiceField(label=_("Rules applied"), required=False,
                                      widget=forms.CheckboxSelectMultiple)
    rationale = forms.CharField(label=_("Rationale"), max_length=TEXT, required=False,
                                widget=_area(3))

    def __init__(self, *args: Any, rules: list[RulingRule], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["rules"]
        assert isinstance(field, forms.MultipleChoiceField)
        field.choices = [(rule.code, rule.title) for rule in rules]

    def decision(self) -> Decision:
        data = self.cleaned_data
        shares = [data.get(f"{p}_share") for p in ("customer", "respondent", "platform")]
        given = any(s is not None for s in shares)
        split = Split(*(s or 0 for s in shares)) if given else None
        return Decision(
            responsible=data["responsible"],
            split=split_for(data["responsible"], split),
            outcome=data["outcome"],
            rationale=data.get("rationale") or "",
            rules=list(data.get("rules") or []),
            amount=data.get("amount"),
        )


class ReviewForm(RulingForm):
    """Confirm the ruling (with a note) or replace it (with the ruling fields)."""

    decision_kind = forms.ChoiceField(
        label=_("Decision"),
        choices=[("confirm", _("Confirm the ruling")), ("replace", _("Replace the ruling"))],
    )
    note = forms.CharField(label=_("Why the ruling stands"), max_length=TEXT, required=False,
                           widget=_area(2))
    responsible = forms.ChoiceField(label=_("Responsible"), choices=Responsible.choices,
                                    required=False)
    outcome = forms.ChoiceField(label=_("Outcome for the complaint"), choices=Outcome.choices,
                                required=False)


class ReviewerForm(forms.Form):
    reviewer = forms.CharField(label=_("Reviewer"), max_length=150)


class RespondentForm(forms.Form):
    respondent = forms.CharField(label=_("Respondent"), max_length=80, required=False)


class ConflictForm(forms.Form):
    reason = forms.CharField(label=_("The conflict of interest"), max_length=TEXT,
                             widget=_area(2))
