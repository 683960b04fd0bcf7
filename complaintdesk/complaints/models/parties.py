"""The complainant, the respondent, and the order, course or policy the complaint is about."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from complaintdesk.complaints.choices import Currency, RespondentKind
from complaintdesk.complaints.models.people import Department


class Customer(models.Model):
    """The person who complains (投诉人). Phone, email and ID numbers are personal data."""

    name = models.CharField(_("name"), max_length=100, blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True, db_index=True)
    email = models.EmailField(_("email"), blank=True, db_index=True)
    id_number = models.CharField(_("ID number"), max_length=40, blank=True)
    external_id = models.CharField(_("external id"), max_length=128, blank=True, db_index=True)
    source = models.CharField(
        _("source"),
        max_length=80,
        blank=True,
        default="",
        db_index=True,
        help_text=_(
            "Who recorded this customer first (as a complaint's source): only that source's "
            "intake finds the record again; staff intake finds every customer."
        ),
    )
    is_vip = models.BooleanField(_("VIP"), default=False)
    is_vulnerable = models.BooleanField(
        _("vulnerable"), default=False, help_text=_("Elderly, minor, ill or otherwise at risk.")
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="customer",
        verbose_name=_("portal account"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("customer")
        verbose_name_plural = _("customers")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name or self.phone or self.email or f"#{self.pk}"


class OrderRef(models.Model):
    """An order, course enrolment or policy: what was bought, for how much, how much was used."""

    customer = models.ForeignKey(
        Customer,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="orders",
        verbose_name=_("customer"),
    )
    number = models.CharField(_("order number"), max_length=64, db_index=True)
    item = models.CharField(_("product, course or policy"), max_length=200, blank=True)
    amount = models.DecimalField(
        _("amount paid"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    currency = models.CharField(
        _("currency"), max_length=3, choices=Currency.choices, default=Currency.CNY
    )
    purchased_at = models.DateTimeField(_("purchased at"), null=True, blank=True)
    lessons_total = models.PositiveIntegerField(_("lessons in total"), null=True, blank=True)
    lessons_used = models.PositiveIntegerField(_("lessons attended"), null=True, blank=True)
    platform = models.CharField(_("source platform"), max_length=60, blank=True)

    class Meta:
        verbose_name = _("order")
        verbose_name_plural = _("orders")
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                name="orderref_amount_not_negative",
                condition=models.Q(amount__isnull=True) | models.Q(amount__gte=0),
            ),
            models.CheckConstraint(
                name="orderref_lessons_used_within_total",
                condition=models.Q(lessons_used__isnull=True)
                | models.Q(lessons_total__isnull=True)
                | models.Q(lessons_used__lte=models.F("lessons_total")),
            ),
        ]

    def __str__(self) -> str:
        return self.number


class Respondent(models.Model):
    """Who or what a complaint is about (被投诉方): a shop or merchant on a platform, a rider, a
    teacher, an agent, a course or a franchisee. Respondents answer disputes and submit evidence
    through their own link or API key and see only the complaints that name them. ``department``
    is the team the respondent belongs to inside the business (a teacher's teaching department),
    whose members may not review an appeal about them."""

    code = models.SlugField(_("code"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=RespondentKind.choices)
    contact_name = models.CharField(_("contact person"), max_length=100, blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    email = models.EmailField(_("email"), blank=True)
    platform = models.CharField(_("source platform"), max_length=60, blank=True)
    department = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="respondents",
        verbose_name=_("own department"),
        help_text=_("The team inside the business this respondent belongs to, if any."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("respondent")
        verbose_name_plural = _("respondents")
        ordering = ["name", "id"]
        constraints = [
            models.CheckConstraint(
                name="respondent_kind_valid", condition=models.Q(kind__in=RespondentKind.values)
            ),
        ]

    def __str__(self) -> str:
        return self.name
