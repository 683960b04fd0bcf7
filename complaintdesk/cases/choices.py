"""The case library's fixed vocabulary."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class CaseStatus(models.TextChoices):
    """A case is a draft until a supervisor has reviewed its anonymised text and published it."""

    DRAFT = "draft", _("Draft, to review")
    PUBLISHED = "published", _("Published")
