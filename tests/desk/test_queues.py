"""Queues: counts, filters, search, sort and cursor pages, with a bounded number of queries."""

from __future__ import annotations

import pytest

from complaintdesk.complaints.actors import actor_for_user
from complaintdesk.complaints.choices import Status
from complaintdesk.complaints.models import Complaint
from complaintdesk.complaints.services import complaint_correct_triage
from complaintdesk.triage.selectors import similar_index_forget, similar_index_warm
from complaintdesk.workflows.transition import transition

pytestmark = pytest.mark.django_db


def _numbers(response):
    return [row.complaint.number for row in response.context["rows"]]


def test_counts_per_queue(desk, make_complaint, personas):
    a = make_complaint()
    make_complaint(department=None)
    desk("agent").post(f"/desk/c/{a.number}/assign/", {"department": "cs", "assignee": "agent"})
    response = desk("agent").get("/desk/?queue=mine")
    counts = {code: count for code, _, count in response.context["queues"]}
    review = Complaint.objects.filter(needs_review=True).count()
    assert counts == {
        "asked": 0, "mine": 1, "unassigned": 1, "department": 1, "open": 2, "review": review,
        "closed": 0,
    }
    assert _numbers(response) == [a.number]


def test_department_staff_counts_only_their_department(desk, make_complaint):
    make_complaint(department="tech")
    make_complaint(department="legal")
    response = desk("dept").get("/desk/")
    counts = {code: count for code, _, count in response.context["queues"]}
    assert counts["open"] == 1 and counts["department"] == 1


def test_search_and_filters(desk, make_complaint):
    a = make_complaint(text="快递丢件，要求赔偿")
    b = make_complaint(text="课程退费没到账")
    client = desk("agent")
    assert _numbers(client.get("/desk/?queue=open&q=快递")) == [a.number]
    assert _numbers(client.get(f"/desk/?queue=open&q={b.number}")) == [b.number]
    assert _numbers(client.get("/desk/?queue=open&channel=email")) == []
    assert set(_numbers(client.get("/desk/?queue=open&channel=web"))) == {a.number, b.number}
    assert client.get("/desk/?queue=open&status=bogus").status_code == 422


def test_priority_sort_and_cursor_pages_cover_every_row_once(desk, make_complaint, personas):
    agent = actor_for_user(personas["agent"].user)
    made = [make_complaint(phone=f"1390000{i:04d}") for i in range(7)]
    for c in made[::3]:
        complaint_correct_triage(complaint=c, actor=agent, field="priority", value="urgent",
                                 reason="r")
    client = desk("agent")
    seen, cursor = [], ""
    for _ in range(10):
        response = client.get(f"/desk/?queue=open&sort=priority&cursor={cursor}")
        rows = [row.complaint for row in response.context["rows"]]
        seen += rows
        cursor = response.context["next_cursor"]
        if not cursor:
            break
    assert len(seen) == 7 and len({c.number for c in seen}) == 7
    assert [c.priority for c in seen[:3]] == ["urgent"] * 3


def test_priority_cursor_pages(desk, make_complaint, settings, monkeypatch):
    monkeypatch.setattr("complaintdesk.desk.views.queue.PAGE_SIZE", 2)
    made = [make_complaint(phone=f"1390000{i:04d}") for i in range(5)]
    client = desk("agent")
    for sort in ("received", "priority"):
        seen, cursor = [], ""
        while True:
            response = client.get(f"/desk/?queue=open&sort={sort}&cursor={cursor}")
            seen += _numbers(response)
            cursor = response.context["next_cursor"]
            if not cursor:
                break
        assert sorted(seen) == sorted(c.number for c in made)
        assert len(seen) == 5


def test_htmx_filter_request_gets_only_the_results(desk, make_complaint):
    make_complaint()
    response = desk("agent").get("/desk/?queue=open", HTTP_HX_REQUEST="true",
                                 HTTP_HX_TARGET="queue-results")
    body = response.content.decode()
    assert body.lstrip().startswith('<div id="queue-results">')
    assert "<html" not in body


def test_queue_page_query_count_is_bounded(desk, make_complaint, django_assert_max_num_queries):
    for i in range(30):
        make_complaint(phone=f"1380000{i:04d}")
    client = desk("agent")
    # Twelve, and one each for the respondents the filter offers, the bell, the due column,
    # the saved filters and the count of questions to the agent's department.
    with django_assert_max_num_queries(17):
        response = client.get("/desk/?queue=open")
    assert len(response.context["rows"]) == 30
    # Most urgent first adds at most one query per priority beyond the first.
    with django_assert_max_num_queries(20):
        response = client.get("/desk/?queue=open&sort=priority")
    assert len(response.context["rows"]) == 30


def _page_with_history(desk, make_complaint, personas):
    """A complaint with 20 messages, and a settled one like it for the similar-cases card."""
    admin = actor_for_user(personas["admin"].user)
    settled = make_complaint(text="耳机右耳没有声音，要求退货。", phone="13800000001")
    for step in (Status.ACKNOWLEDGED, Status.IN_PROGRESS):
        settled = transition(complaint=settled, to=step, actor=admin)
    transition(
        complaint=settled, to=Status.RESOLVED, actor=admin, reason="已换新"
    )
    c = make_complaint()
    client = desk("agent")
    for i in range(10):
        client.post(f"/desk/c/{c.number}/reply/", {"body": f"第{i}次回复"})
        client.post(f"/desk/c/{c.number}/note/", {"body": f"备注{i}"})
    return client, c


# The complaint page of a complaint with a long history, as staff see it.
BOUND = 31


def test_complaint_page_query_count_is_bounded(desk, make_complaint, personas,
                                               django_assert_max_num_queries):
    """The usual case: the similar-cases index of this process is current. The follow-up
    card reads three rows more: the latest confirmation, the survey and the return calls."""
    client, c = _page_with_history(desk, make_complaint, personas)
    assert similar_index_warm() == 1
    # The page, its timeline, deadlines, files, similar cases and assignment choices; 6 for
    # the remedies card (remedies, their approvals and approvers, the viewer's approval limit,
    # the remedy policies, what similar complaints received); 3 for the follow-up card; 2 for
    # the dispute card (its dispute, the respondents to choose); one each for the
    # consultations, the customer's and order's other complaints, the reply snippets, the
    # header's bell, the overseers' opinions and the complaint's case in the library; 2 for
    # the root-cause card (the root causes of this complaint and of the
    # similar ones, the taxonomy).
    with django_assert_max_num_queries(BOUND):
        response = client.get(f"/desk/c/{c.number}/")
    assert len(response.context["timeline"]) >= 20
    assert [s.number for s in response.context["similar"]] != []


def test_complaint_page_query_count_with_a_cold_similar_index(desk, make_complaint, personas,
                                                             django_assert_max_num_queries):
    """The first request of a process, or the first after a complaint was settled, also reads
    the settled texts to build the index: one query more."""
    client, c = _page_with_history(desk, make_complaint, personas)
    similar_index_forget()
    with django_assert_max_num_queries(BOUND + 1):
        response = client.get(f"/desk/c/{c.number}/")
    assert len(response.context["similar"]) == 1
