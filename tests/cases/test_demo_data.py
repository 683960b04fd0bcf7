"""The demo shows the case library and outside oversight: two published cases, an overseer
who signs in with the documented password, one opinion answered."""

from __future__ import annotations

import pytest
from django.contrib.auth import authenticate

from complaintdesk.cases.models import Case
from complaintdesk.complaints.actors import actor_for_user
from complaintdesk.complaints.models import OverseerOpinion
from complaintdesk.complaints.selectors import complaints_for
from complaintdesk.demo.services import demo_load, demo_password


@pytest.mark.django_db
def test_demo_has_published_cases_an_overseer_and_an_answered_opinion() -> None:
    demo_load(count=48)
    assert Case.objects.filter(status="published").count() == 2
    assert Case.objects.filter(for_training=True).count() == 1
    for case in Case.objects.select_related("complaint__customer"):
        customer = case.complaint.customer
        assert customer is not None
        kept = case.text + str(case.thread)
        assert customer.phone not in kept and customer.name not in kept
        assert "【手机号】" in kept and "【姓名】" in kept
    user = authenticate(username="overseer", password=demo_password("overseer"))
    assert user is not None
    actor = actor_for_user(user)
    assert actor is not None
    seen = complaints_for(actor)
    assert seen.exists()
    assert set(seen.values_list("respondent__code", flat=True)) <= {
        "teacher-zhang",
        "course-ielts-sprint",
    }
    assert OverseerOpinion.objects.filter(answered_at__isnull=False).count() == 1
    assert OverseerOpinion.objects.filter(answered_at__isnull=True).count() == 1
