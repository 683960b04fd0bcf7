"""Outside overseers: exactly their scope, read-only (every write but the opinion is 404),
opinions that staff must answer, and the log of what overseers and auditors opened."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, reverse

from complaintdesk.api.api import api
from complaintdesk.complaints.actors import actor_for_user
from complaintdesk.complaints.choices import EventKind
from complaintdesk.complaints.errors import Conflict, NotFound
from complaintdesk.complaints.models import (
    Complaint,
    ComplaintEvent,
    ComplaintView,
    Message,
    OverseerOpinion,
)
from complaintdesk.complaints.oversight import opinion_answer, opinion_give
from complaintdesk.complaints.selectors import complaints_for
from complaintdesk.desk import urls as desk_urls
from complaintdesk.testing.personas import overseer_persona
from tests.cases.conftest import World, file
from tests.conftest import Api

pytestmark = pytest.mark.django_db


def numbers(complaints: list[Complaint]) -> set[str]:
    return {c.number for c in complaints}


# --- scope ---------------------------------------------------------------------------------


def test_an_overseer_sees_exactly_the_complaints_of_their_scope(world: World, signed_in) -> None:
    listed = Api(world.overseer).get("/complaints", limit=100)
    assert listed.status_code == 200
    assert {c["number"] for c in listed.json()["items"]} == numbers(world.inside)
    page = signed_in(world.overseer).get("/desk/?queue=open").content.decode()
    for complaint in world.inside:
        assert complaint.number in page
    for complaint in world.outside:
        assert complaint.number not in page
    # nothing offered that would be refused, nor the names of respondents outside the scope
    assert 'id="filter-save"' not in page and "/desk/export/" not in page
    assert "sunny 学校" in page and "moon 学校" not in page


def test_outside_the_scope_is_404_on_the_desk_and_the_api(world: World, signed_in) -> None:
    desk = signed_in(world.overseer)
    for complaint in world.outside:
        assert desk.get(f"/desk/c/{complaint.number}/").status_code == 404
        assert Api(world.overseer).get(f"/complaints/{complaint.number}").status_code == 404
        assert (
            Api(world.overseer).get(f"/complaints/{complaint.number}/timeline").status_code == 404
        )
    inside = world.inside[0].number
    assert desk.get(f"/desk/c/{inside}/").status_code == 200
    assert Api(world.overseer).get(f"/complaints/{inside}").status_code == 200


@pytest.mark.parametrize(
    ("scope", "expected"),
    [
        ({"item": "Python入门课"}, {"sunny-python", "moon-python"}),
        ({"platform": "tmall"}, {"sunny-python"}),
        ({"channel": "email"}, {"moon-english"}),
        ({"category": "teacher"}, {"moon-english"}),
        ({"item": "Python入门课", "respondent": "moon"}, {"moon-python"}),
    ],
)
def test_scopes_by_course_platform_channel_category_and_together(
    world: World, scope: dict[str, Any], expected: set[str]
) -> None:
    Complaint.objects.filter(pk=world.outside[1].pk).update(category="teacher")
    names = {
        world.inside[0].pk: "sunny-python",
        world.inside[1].pk: "sunny-data",
        world.outside[0].pk: "moon-python",
        world.outside[1].pk: "moon-english",
    }
    if "respondent" in scope:
        scope["respondent"] = world.outside[0].respondent
    persona = overseer_persona("o2", "范围", **scope)
    actor = actor_for_user(persona.user)
    assert actor is not None
    seen = {names[pk] for pk in complaints_for(actor).values_list("pk", flat=True)}
    assert seen == expected


def test_an_overseer_without_a_scope_sees_nothing(world: World) -> None:
    persona = overseer_persona("o3", "空", category="delivery")
    persona.user.overseer_scopes.all().delete()
    assert Api(persona).get("/complaints").json()["items"] == []


# --- read-only -----------------------------------------------------------------------------

OVERSEER_DESK_VIEWS = {
    "queue",
    "complaint",
    "opinion_give",
    "login",
    "logout",
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
}


def _desk_paths(number: str) -> list[str]:
    paths = []
    for pattern in desk_urls.urlpatterns:
        assert isinstance(pattern, URLPattern)
        if pattern.name in OVERSEER_DESK_VIEWS:
            continue
        kwargs = {}
        for name in pattern.pattern.converters:
            kwargs[name] = number if name == "number" else 1
        paths.append(reverse(f"desk:{pattern.name}", kwargs=kwargs))
    return paths


def _state() -> tuple[int, int, int, list[tuple[str, str, int | None]]]:
    return (
        ComplaintEvent.objects.count(),
        Message.objects.count(),
        OverseerOpinion.objects.count(),
        list(Complaint.objects.order_by("pk").values_list("status", "priority", "assignee_id")),
    )


def test_every_desk_page_and_action_but_the_opinion_is_404_for_an_overseer(
    world: World, signed_in
) -> None:
    desk = signed_in(world.overseer)
    before = _state()
    paths = _desk_paths(world.inside[0].number)
    assert len(paths) > 40
    for path in paths:
        assert desk.post(path, {"to": "resolved", "body": "x"}).status_code == 404, path
        # a view that only takes POST answers any GET 405, for everyone, before any role check
        assert desk.get(path).status_code in {404, 405}, path
    assert _state() == before


def _api_calls(number: str) -> list[tuple[str, str]]:
    schema = api.get_openapi_schema()
    calls = []
    for path, operations in schema["paths"].items():
        concrete = re.sub(r"\{number\}", number, path)
        concrete = re.sub(r"\{[^}]+\}", "1", concrete)
        for method, operation in operations.items():
            if operation.get("security"):  # signed webhooks take no key: not an overseer's
                calls.append((method.upper(), concrete))
    return calls


def test_every_api_route_but_reading_and_the_opinion_is_404_for_an_overseer(
    world: World,
) -> None:
    client = Api(world.overseer)
    number = world.inside[0].number
    readable = {
        "/api/v1/complaints",
        f"/api/v1/complaints/{number}",
        f"/api/v1/complaints/{number}/timeline",
        f"/api/v1/complaints/{number}/opinions",
    }
    before = _state()
    calls = _api_calls(number)
    assert len(calls) > 30
    for method, path in calls:
        if method == "GET" and path in readable:
            continue
        if method == "POST" and path == f"/api/v1/complaints/{number}/opinions":
            continue
        send = client.client.get if method == "GET" else getattr(client.client, method.lower())
        response = (
            send(path, data="{}", content_type="application/json", **client.headers)
            if method != "GET"
            else send(path, **client.headers)
        )
        assert response.status_code == 404, (method, path, response.content[:200])
    assert _state() == before


# --- opinions ------------------------------------------------------------------------------


def test_an_opinion_waits_in_the_staff_queue_until_answered(world: World, signed_in) -> None:
    number = world.inside[0].number
    given = signed_in(world.overseer).post(
        f"/desk/c/{number}/opinion/", {"text": "老师迟到的问题应当回访家长并说明整改措施。"}
    )
    assert given.status_code == 302
    opinion = OverseerOpinion.objects.get()
    assert opinion.is_open and opinion.author == world.overseer.user
    assert (
        ComplaintEvent.objects.filter(
            complaint__number=number, kind=EventKind.OPINION_GIVEN, data__opinion=opinion.pk
        ).count()
        == 1
    )
    agent = signed_in("agent")
    queue = agent.get("/desk/opinions/").content.decode()
    assert f'data-opinion="{opinion.pk}"' in queue and number in queue
    assert f'id="opinion-{opinion.pk}"' in agent.get(f"/desk/c/{number}/").content.decode()

    answered = agent.post(
        f"/desk/c/{number}/opinion/{opinion.pk}/answer/", {"answer": "已回访家长，学校已调整排课。"}
    )
    assert answered.status_code == 302
    opinion.refresh_from_db()
    assert not opinion.is_open and opinion.answer == "已回访家长，学校已调整排课。"
    assert ComplaintEvent.objects.filter(kind=EventKind.OPINION_ANSWERED).count() == 1
    assert f'data-opinion="{opinion.pk}"' not in agent.get("/desk/opinions/").content.decode()
    again = agent.post(f"/desk/c/{number}/opinion/{opinion.pk}/answer/", {"answer": "再答"})
    assert again.status_code == 409
    overseer_page = signed_in(world.overseer).get(f"/desk/c/{number}/").content.decode()
    assert "已回访家长，学校已调整排课。" in overseer_page


def test_opinions_by_the_api(world: World, personas) -> None:
    number = world.inside[0].number
    given = Api(world.overseer).post(f"/complaints/{number}/opinions", {"text": "请说明退费时限。"})
    assert given.status_code == 201 and given.json()["open"] is True
    opinion_id = given.json()["id"]
    assert [o["id"] for o in Api(personas["agent"]).get("/opinions").json()] == [opinion_id]
    answered = Api(personas["agent"]).post(
        f"/complaints/{number}/opinions/{opinion_id}/answer", {"answer": "七个工作日内。"}
    )
    assert answered.status_code == 200 and answered.json()["open"] is False
    mine = Api(world.overseer).get(f"/complaints/{number}/opinions").json()
    assert mine[0]["answer"] == "七个工作日内。"


@pytest.mark.parametrize("who", ["agent", "supervisor", "auditor", "customer", "integration"])
def test_only_overseers_give_opinions(world: World, personas, signed_in, who: str) -> None:
    number = world.inside[0].number
    response = Api(personas[who]).post(f"/complaints/{number}/opinions", {"text": "意见"})
    assert response.status_code == 404
    if who not in {"customer", "integration"}:
        page = signed_in(who).post(f"/desk/c/{number}/opinion/", {"text": "意见"})
        assert page.status_code == 404
    assert OverseerOpinion.objects.count() == 0


@pytest.mark.parametrize("who", ["auditor", "dept", "customer", "integration"])
def test_who_may_not_answer_an_opinion_gets_404(world: World, personas, who: str) -> None:
    overseer = actor_for_user(world.overseer.user)
    assert overseer is not None
    opinion = opinion_give(actor=overseer, complaint=world.inside[0], text="意见")
    actor = actor_for_user(personas[who].user)
    assert actor is not None
    with pytest.raises(NotFound):
        opinion_answer(actor=actor, opinion=opinion, answer="答复")
    response = Api(personas[who]).post(
        f"/complaints/{world.inside[0].number}/opinions/{opinion.pk}/answer", {"answer": "答复"}
    )
    assert response.status_code == 404
    opinion.refresh_from_db()
    assert opinion.is_open


def test_an_overseer_cannot_answer_and_an_opinion_is_answered_once(world: World, personas) -> None:
    overseer = actor_for_user(world.overseer.user)
    agent = actor_for_user(personas["agent"].user)
    assert overseer is not None and agent is not None
    opinion = opinion_give(actor=overseer, complaint=world.inside[0], text="意见")
    with pytest.raises(NotFound):
        opinion_answer(actor=overseer, opinion=opinion, answer="自答")
    opinion_answer(actor=agent, opinion=opinion, answer="答复")
    with pytest.raises(Conflict):
        opinion_answer(actor=agent, opinion=opinion, answer="再答")


def test_a_blank_opinion_is_refused_and_nothing_is_written(world: World, signed_in) -> None:
    number = world.inside[0].number
    events = ComplaintEvent.objects.count()
    response = Api(world.overseer).post(f"/complaints/{number}/opinions", {"text": "   "})
    assert response.status_code == 422
    page = signed_in(world.overseer).post(f"/desk/c/{number}/opinion/", {"text": ""})
    assert page.status_code == 422
    assert OverseerOpinion.objects.count() == 0 and ComplaintEvent.objects.count() == events


def test_staff_queue_holds_only_opinions_on_complaints_they_may_change(
    world: World, personas, signed_in
) -> None:
    overseer = actor_for_user(world.overseer.user)
    assert overseer is not None
    tech = file(text="技术问题", school="sunny", item="数据分析课")
    Complaint.objects.filter(pk=tech.pk).update(department=personas["dept"].department)
    opinion_give(actor=overseer, complaint=tech, text="技术部的意见")
    opinion_give(actor=overseer, complaint=world.inside[0], text="未分配的意见")
    assert "技术部的意见" in signed_in("dept").get("/desk/opinions/").content.decode()
    assert "未分配的意见" not in signed_in("dept").get("/desk/opinions/").content.decode()
    assert signed_in("auditor").get("/desk/opinions/").status_code == 404
    assert signed_in(world.overseer).get("/desk/opinions/").status_code == 404
    assert Api(personas["customer"]).get("/opinions").status_code == 404


# --- the view log --------------------------------------------------------------------------


def test_every_view_by_an_overseer_or_auditor_is_logged_and_admins_read_the_log(
    world: World, personas, signed_in
) -> None:
    number = world.inside[0].number
    signed_in(world.overseer).get(f"/desk/c/{number}/", REMOTE_ADDR="203.0.113.7")
    Api(personas["auditor"]).get(f"/complaints/{number}")
    Api(world.overseer).get(f"/complaints/{number}/timeline")
    signed_in("auditor").get(f"/desk/c/{number}/")
    signed_in("agent").get(f"/desk/c/{number}/")
    Api(personas["supervisor"]).get(f"/complaints/{number}")
    rows = list(
        ComplaintView.objects.order_by("id").values_list(
            "viewer_name", "role", "surface", "path", "address", "complaint__number"
        )
    )
    assert rows == [
        ("overseer", "overseer", "desk", f"/desk/c/{number}/", "203.0.113.7", number),
        ("auditor", "auditor", "api", f"/api/v1/complaints/{number}", "127.0.0.1", number),
        (
            "overseer",
            "overseer",
            "api",
            f"/api/v1/complaints/{number}/timeline",
            "127.0.0.1",
            number,
        ),
        ("auditor", "auditor", "desk", f"/desk/c/{number}/", "127.0.0.1", number),
    ]
    log = signed_in("admin").get("/desk/views/?viewer=overseer")
    assert log.status_code == 200
    body = log.content.decode()
    assert "203.0.113.7" in body and number in body and "/timeline" in body
    by_auditor = signed_in("admin").get("/desk/views/?viewer=auditor").content.decode()
    assert "203.0.113.7" not in by_auditor and "/timeline" not in by_auditor


@pytest.mark.parametrize("who", ["agent", "supervisor", "dept", "auditor"])
def test_the_view_log_is_404_outside_admins(world: World, signed_in, who: str) -> None:
    assert signed_in(who).get("/desk/views/").status_code == 404
    assert signed_in(world.overseer).get("/desk/views/").status_code == 404


def test_an_outside_view_is_not_logged(world: World, signed_in) -> None:
    signed_in(world.overseer).get(f"/desk/c/{world.outside[0].number}/")
    assert ComplaintView.objects.count() == 0


def test_overseer_role_and_no_login_client() -> None:
    assert Client().get("/desk/opinions/").status_code == 302
