"""Desk forms for remedies: the facts behind the computed offers, a proposal (a computed offer
or one by hand), and the reason or note of a decision."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from complaintdesk.resolution.choices import RemedyKind
from complaintdesk.resolution.selectors import ExtraFacts

_WHEN = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def _moment(value: dt.datetime | None) -> dt.datetime | None:
    if value is None:
        return None
    return value if timezone.is_aware(value) else timezone.make_aware(value)


class FactsForm(forms.Form):
    """What the order does not say; sent with the page (GET) and with a proposal (POST)."""

    delivered_at = forms.DateTimeField(label=_("Received on"), required=False, widget=_WHEN)
    promised_delivery_at = forms.DateTimeField(
        label=_("Promised delivery"), required=False, widget=_WHEN
    )
    days_total = forms.IntegerField(
        label=_("Days of access bought"), min_value=1, max_value=36500, required=False
    )
    days_used = forms.IntegerField(
        label=_("Days of access used"), min_value=0, max_value=36500, required=False
    )
    materials_sent = forms.BooleanField(label=_("Materials sent"), required=False)
    respondent_share = forms.DecimalField(
        label=_("Respondent's share (%)"), min_value=Decimal(0), max_value=Decimal(100),
        max_digits=7, decimal_places=4, required=False,
    )

    def extra(self) -> ExtraFacts:
        data = self.cleaned_data
        return ExtraFacts(
            delivered_at=_moment(data.get("delivered_at")),
            promised_delivery_at=_moment(data.get("promised_delivery_at")),
            days_total=data.get("days_total"),
            days_used=data.get("days_used"),
            materials_sent=bool(data.get("materials_sent")),
            respondent_share=data.get("respondent_share") or Decimal(0),
        )


class OfferProposalForm(FactsForm):
    policy = forms.SlugField(max_length=60)
    option = forms.IntegerField(min_value=0, max_value=20, initial=0)
    note = forms.CharField(label=_("Note to the customer"), max_length=2000, required=False)


class ManualProposalForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=RemedyKind.choices)
    amount = forms.DecimalField(
        label=_("Amount (yuan)"), min_value=Decimal(0), max_digits=12, decimal_places=2,
        initial=Decimal(0),
    )
    coupon_valid_days = forms.IntegerField(
        label=_("Coupon valid for days"), min_value=1, max_value=3650, required=False
    )
    respondent_share = forms.DecimalField(
        label=_("Respondent's share (%)"), min_value=Decimal(0), max_value=Decimal(100),
        max_digits=7, decimal_places=4, required=False,
    )
    note = forms.CharField(label=_("Note to the customer"), max_length=2000, required=False)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=2000)


class NoteForm(forms.Form):
    note = forms.CharField(label=_("Note"), max_length=2000, required=False)
