"""Reply templates (话术): the words of acknowledgements, updates and resolutions."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from complaintdesk.complaints.choices import Category


class TemplateKind(models.TextChoices):
    ACKNOWLEDGEMENT = "acknowledgement", _("Acknowledgement of receipt")
    PROGRESS = "progress", _("Progress update")
    RESOLUTION = "resolution", _("Resolution")
    REPLY = "reply", _("Agent's reply")
    EXTENSION = "extension", _("Deadline extension notice")
    SURVEY = "survey", _("Confirmation and satisfaction survey")
    SURVEY_REMINDER = "survey_reminder", _("Survey reminder")


class ReplyTemplate(models.Model):
    """A subject and body with ``${variable}`` placeholders, for one kind of message, one
    language and optionally one category (blank: any category)."""

    code = models.SlugField(_("code"), max_length=60)
    kind = models.CharField(_("kind"), max_length=20, choices=TemplateKind.choices)
    category = models.CharField(_("category"), max_length=30, choices=Category.choices, blank=True)
    language = models.CharField(_("language"), max_length=10, default="zh-hans")
    name = models.CharField(_("name"), max_length=100)
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("body"))
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("reply template")
        verbose_name_plural = _("reply templates")
        ordering = ["kind", "language", "category", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["code", "language"], name="reply_template_unique_code_language"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.language})"
