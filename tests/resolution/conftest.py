from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from complaintdesk.complaints.actors import Actor, actor_for_user
from complaintdesk.complaints.models import Complaint
from complaintdesk.intake.services import CustomerData, IntakeRequest, OrderData
from complaintdesk.testing.personas import Persona
from complaintdesk.workflows.receive import receive


@pytest.fixture
def actors(personas: dict[str, Persona]) -> dict[str, Actor]:
    """The acting side of every persona; ``finance`` is department staff of finance."""
    found = {}
    for name, persona in personas.items():
        actor = actor_for_user(persona.user)
        assert actor is not None
        found[name] = actor
    return found


@pytest.fixture
def course_complaint(personas: dict[str, Persona]) -> Callable[..., Complaint]:
    """An education complaint: 40 lessons bought for 699.00, 3 attended, filed by the
    ``customer`` persona, with an email address for the resolution mail."""

    def make(
        amount: str = "699.00", total: int = 40, used: int = 3, order: str = "EDU-40",
        **extra: Any,
    ) -> Complaint:
        customer = personas["customer"].customer
        assert customer is not None
        customer.email = "customer@example.com"
        customer.save()
        result = receive(
            request=IntakeRequest(
                channel="web",
                text="报了40节英语课只上了3节，老师频繁换人，要求退还剩余课时费用。",
                received_at=timezone.now(),
                customer=CustomerData(
                    name=customer.name, phone=customer.phone, email=customer.email
                ),
                order=OrderData(
                    number=order, item="少儿英语 40 课时", amount=Decimal(amount),
                    lessons_total=total, lessons_used=used,
                ),
                **extra,
            ),
            # The signed-in customer files under their own record.
            actor=actor_for_user(personas["customer"].user),
        )
        complaint = result.complaint
        Complaint.objects.filter(pk=complaint.pk).update(industry="education")
        complaint.refresh_from_db()
        assert complaint.customer_id == customer.pk
        return complaint

    return make
