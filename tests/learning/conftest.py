from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.test import Client

from complaintdesk.complaints.choices import EventKind
from complaintdesk.complaints.models import Complaint, OrderRef
from complaintdesk.complaints.services import event_record
from complaintdesk.testing.personas import Persona

SH = ZoneInfo("Asia/Shanghai")
_serial = itertools.count(1)


def at(text: str) -> dt.datetime:
    """A local Shanghai instant from "2026-09-24 17:00"."""
    return dt.datetime.fromisoformat(text).replace(tzinfo=SH)


@pytest.fixture(autouse=True)
def _root_cause_required(settings: Any) -> None:
    """The product's default: no resolution without a root cause."""
    settings.ROOT_CAUSE_REQUIRED = True


@pytest.fixture
def desk(personas: dict[str, Persona]) -> Callable[[str], Client]:
    def make(name: str, language: str = "zh-hans") -> Client:
        client = Client(HTTP_ACCEPT_LANGUAGE=language)
        client.force_login(personas[name].user)
        return client

    return make


def received(
    when: dt.datetime,
    *,
    count: int = 1,
    category: str = "quality",
    item: str = "Python入门课",
    status: str = "resolved",
    **extra: Any,
) -> list[Complaint]:
    """Complaints of one scope received at ``when`` with their ``created`` event (history
    rows, as an import writes them)."""
    made = []
    for _ in range(count):
        n = next(_serial)
        order = OrderRef.objects.create(number=f"ORD-{n}", item=item)
        complaint = Complaint.objects.create(
            number=f"TS-L-{n:06d}",
            channel="web",
            text="课程内容过时，和宣传不符",
            received_at=when,
            status=status,
            status_changed_at=when,
            category=category,
            order=order,
            **extra,
        )
        event_record(complaint=complaint, kind=EventKind.CREATED, actor=None, at=when)
        made.append(complaint)
    return made
