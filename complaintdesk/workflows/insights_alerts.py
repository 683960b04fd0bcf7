"""Spike and 舆情 alerts: detect (insights) → tell the supervisors and admins by mail (notify);
and, when a supervisor asks, open a batch incident from an alert (workflows.batches).

The desk shows every alert on the dashboard and at /desk/insights/alerts/.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from complaintdesk.complaints.actors import Actor
from complaintdesk.complaints.choices import Role
from complaintdesk.complaints.errors import Forbidden, InvalidInput
from complaintdesk.complaints.models import Complaint
from complaintdesk.complaints.states import OPEN_STATES
from complaintdesk.insights.alerts import (
    Raised,
    alert_link_incident,
    public_opinion_detect,
    spikes_detect,
)
from complaintdesk.insights.describe import alert_title
from complaintdesk.insights.models import Alert
from complaintdesk.notify.services import report_mail_queue
from complaintdesk.triage.batching import FoundGroup
from complaintdesk.triage.nlp.batches import BatchGroup
from complaintdesk.workflows.batches import batch_link

MANAGER_ROLES = (Role.SUPERVISOR, Role.ADMIN)


def managers() -> list[AbstractBaseUser]:
    """Active supervisors and admins (one query)."""
    return list(
        get_user_model()
        .objects.filter(is_active=True, membership__role__in=MANAGER_ROLES)
        .order_by("username")
    )


def _alert_mail(alert: Alert, recipient: AbstractBaseUser) -> None:
    link = f"{settings.SITE_URL.rstrip('/')}/desk/insights/alerts/{alert.pk}/"
    with override(settings.LANGUAGE_CODE):
        title = alert_title(alert)
        body = _(
            "%(title)s\n\n%(count)s complaints on %(day)s. The complaints, and a button to "
            "open a batch incident: %(link)s"
        ) % {"title": title, "count": alert.count, "day": alert.day, "link": link}
        report_mail_queue(
            recipient=recipient, subject=_("Alert: %(title)s") % {"title": title},
            body=body, key=f"alert{alert.pk}",
        )


@transaction.atomic
def alerts_detect(*, day: dt.date | None = None) -> list[Raised]:
    """Detect spikes and 舆情 on ``day`` (today by default) and mail the managers of each new
    alert once."""
    day = day or timezone.localdate()
    raised = spikes_detect(day=day) + public_opinion_detect(day=day)
    new = [r.alert for r in raised if r.created]
    if new:
        people = managers()
        for alert in new:
            for person in people:
                _alert_mail(alert, person)
    return raised


@transaction.atomic
def alert_open_incident(*, alert: Alert, actor: Actor) -> Complaint:
    """A batch incident for the alert's open complaints (a new parent, or the one most of them
    already have), linked to the alert. Supervisors and admins only."""
    if actor.role not in MANAGER_ROLES:
        raise Forbidden(_("Only supervisors open batch incidents."))
    if alert.incident_id is not None and alert.incident is not None:
        return alert.incident
    members = list(
        Complaint.objects.filter(
            pk__in=alert.complaint_ids, status__in=OPEN_STATES, is_batch=False
        ).order_by("received_at", "id")
    )
    if len(members) < 2:
        raise InvalidInput(_("A batch incident needs at least two open complaints."))
    parents = [m.parent for m in members if m.parent is not None and m.parent.is_batch]
    group = BatchGroup(
        ids=tuple(str(m.pk) for m in members),
        customer_count=len({m.customer_id or -m.pk for m in members}),
        duplicate_ids=(),
        first_at=members[0].received_at,
        last_at=members[-1].received_at,
        terms=(alert_title(alert)[:40],),
    )
    result = batch_link(found=FoundGroup(group=group, members=members,
                                         parent=parents[0] if parents else None))
    incident = Complaint.objects.get(number=result["parent"])
    alert_link_incident(alert=alert, incident_id=incident.pk)
    return incident
