"""Routing rules: which department receives a complaint, from its triage fields."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from complaintdesk.complaints.choices import Category, Industry, Priority, RiskFlag


class RoutingRule(models.Model):
    """Send complaints whose triage matches every condition given to a department.

    Blank conditions match anything. Rules are tried by ``rank`` (then id); the first enabled
    rule whose department exists wins. The department is named by code, so rules can be written
    before the department is created; a rule naming a missing department is skipped.
    """

    name = models.CharField(_("name"), max_length=100)
    rank = models.PositiveIntegerField(_("rank"), default=100, help_text=_("Lower ranks first."))
    enabled = models.BooleanField(_("enabled"), default=True)
    category = models.CharField(_("category"), max_length=30, choices=Category.choices, blank=True)
    industry = models.CharField(_("industry"), max_length=20, choices=Industry.choices, blank=True)
    priority = models.CharField(_("priority"), max_length=10, choices=Priority.choices, blank=True)
    risk_flag = models.CharField(
        _("risk flag"), max_length=20, choices=RiskFlag.choices, blank=True
    )
    department_code = models.SlugField(
        _("department code"), max_length=40, help_text=_("Code of the department to route to.")
    )

    class Meta:
        verbose_name = _("routing rule")
        verbose_name_plural = _("routing rules")
        ordering = ["rank", "id"]
        constraints = [
            models.UniqueConstraint(fields=["name"], name="routing_rule_unique_name"),
        ]

    def __str__(self) -> str:
        return f"{self.rank}: {self.name} → {self.department_code}"

    def matches(
        self, *, category: str, industry: str, priority: str, risk_flags: list[str]
    ) -> bool:
        """Whether every condition this rule sets holds for these triage values."""
        return (
            (not self.category or self.category == category)
            and (not self.industry or self.industry == industry)
            and (not self.priority or self.priority == priority)
            and (not self.risk_flag or self.risk_flag in risk_flags)
        )
