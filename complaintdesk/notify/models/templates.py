"""Reply templates (话术): the words of acknowledgements, updates and resolutions."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from complaintdesk.complaints.choices import Category, Industry, Status


class TemplateKind(models.TextChoices):
    ACKNOWLEDGEMENT = "acknowledgement", _("Acknowledgement of receipt")
    PROGRESS = "progress", _("Progress update")
    RESOLUTION = "resolution", _("Resolution")
    REPLY = "reply", _("Agent's reply")
    EXTENSION = "extension", _("Deadline extension notice")
    SURVEY = "survey", _("Confirmation and satisfaction survey")
    SURVEY_REMINDER = "survey_reminder", _("Survey reminder")
    MACRO = "macro", _("Reply snippet for agents")


class ReplyTemplate(models.Model):
    """A subject and body with ``${variable}`` placeholders, for one kind of message, one
    language and optionally one category and industry (blank: any).

    Reply snippets (kind ``macro``, 话术) fill the desk's reply box, where the agent edits them
    before sending; one may also move the complaint to a status (with a reason the customer
    reads) and add tags when the reply is sent."""

    code = models.SlugField(_("code"), max_length=60)
    kind = models.CharField(_("kind"), max_length=20, choices=TemplateKind.choices)
    category = models.CharField(_("category"), max_length=30, choices=Category.choices, blank=True)
    language = models.CharField(_("language"), max_length=10, default="zh-hans")
    name = models.CharField(_("name"), max_length=100)
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("body"))
    industry = models.CharField(_("industry"), max_length=20, choices=Industry.choices, blank=True)
    set_status = models.CharField(
        _("then move to status"),
        max_length=20,
        choices=Status.choices,
        blank=True,
        help_text=_("Reply snippets only: the status the reply moves the complaint to."),
    )
    status_reason = models.CharField(
        _("reason of the move"),
        max_length=300,
        blank=True,
        help_text=_("Shown to the customer with the new status; may use the variables."),
    )
    add_tags = models.CharField(
        _("then add tags"),
        max_length=200,
        blank=True,
        help_text=_("Reply snippets only: tags added when the reply is sent, comma-separated."),
    )
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
