"""``{{ text|readable:masked_reader }}``: free text with the phones, ID numbers, emails and
bank cards inside it masked when the reader may not see personal data (``masked_reader`` is
set for every desk page by ``desk.context.personal_data``, and by the portal's respondent
pages)."""

from __future__ import annotations

from django import template

from complaintdesk.lib.text import mask_contacts_in_text

register = template.Library()


@register.filter
def readable(text: str | None, masked: bool) -> str:
    if not text:
        return ""
    return mask_contacts_in_text(str(text)) if masked else str(text)
