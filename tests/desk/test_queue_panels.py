"""Queues: the due column and the nearest-deadline sort, batch children under their parent,
saved filters per user; the customer's and the order's other complaints on the page."""

from __future__ import annotations

import pytest

from complaintdesk.complaints.models import Complaint, SavedFilter
from complaintdesk.desk.panels import due_cell, grouped_rows
from complaintdesk.lib.clock import utcnow

pytestmark = pytest.mark.django_db


def _rows(response):
    return response.context["rows"]


def test_due_column_shows_the_nearest_running_deadline(desk, make_complaint):
    c = make_complaint()
    [row] = _rows(desk("agent").get("/desk/?queue=open"))
    nearest = min(k.target_at for k in c.clocks.filter(state="running"))
    assert row.due.at == nearest
    assert row.due.closeness in {"overdue", "soon", "today", "later"}


def test_sorting_by_deadline_covers_every_row_once(desk, make_complaint, monkeypatch):
    monkeypatch.setattr("complaintdesk.desk.views.queue.PAGE_SIZE", 2)
    made = [make_complaint(phone=f"1390000{i:04d}") for i in range(5)]
    client = desk("agent")
    seen, cursor, dues = [], "", []
    while True:
        response = client.get(f"/desk/?queue=open&sort=due&cursor={cursor}")
        seen += [r.complaint.number for r in _rows(response)]
        dues += [r.due.at for r in _rows(response)]
        cursor = response.context["next_cursor"]
        if not cursor:
            break
    assert sorted(seen) == sorted(c.number for c in made)
    assert dues == sorted(dues)
    assert client.get("/desk/?queue=open&sort=due&cursor=bad!").status_code == 422


def test_batch_children_are_grouped_under_their_parent():
    parent = Complaint(pk=1, number="TS-P", is_batch=True)
    loose = Complaint(pk=2, number="TS-L")
    child_a = Complaint(pk=3, number="TS-A", parent=parent)
    child_b = Complaint(pk=4, number="TS-B", parent=parent)
    elsewhere = Complaint(pk=5, number="TS-E", parent=Complaint(pk=9, number="TS-Q",
                                                                is_batch=True))
    cell = due_cell(None, "", utcnow())
    rows = [(c, "", cell) for c in (child_a, loose, parent, child_b, elsewhere)]
    grouped = grouped_rows(rows)
    assert [r.complaint.number for r in grouped] == ["TS-L", "TS-P", "TS-A", "TS-B", "TS-E"]
    assert [r.child for r in grouped] == [False, False, True, True, True]
    assert grouped[4].batch_of == "TS-Q"


def test_saved_filters_are_per_user(desk, make_complaint):
    client = desk("agent")
    query = "queue=open&priority=urgent&cursor=abc"
    response = client.post("/desk/filters/", {"name": "我的紧急", "query": query})
    assert response.status_code == 302
    saved = SavedFilter.objects.get(user__username="agent")
    assert saved.query == "queue=open&priority=urgent"
    page = client.get("/desk/")
    assert [f.name for f in page.context["saved_filters"]] == ["我的紧急"]
    assert desk("supervisor").get("/desk/").context["saved_filters"] == []
    assert desk("supervisor").post(f"/desk/filters/{saved.pk}/delete/").status_code == 404
    assert SavedFilter.objects.filter(pk=saved.pk).exists()
    assert client.post(f"/desk/filters/{saved.pk}/delete/").status_code == 302
    assert not SavedFilter.objects.exists()


def test_a_bad_saved_filter_is_refused(desk):
    client = desk("agent")
    assert client.post("/desk/filters/", {"name": "x", "query": "status=bogus"}).status_code == 422
    assert client.post("/desk/filters/", {"name": " ", "query": "queue=open"}).status_code == 422
    assert not SavedFilter.objects.exists()


def test_the_customers_and_the_orders_other_complaints(desk, make_complaint):
    # Taken by an agent: staff intake finds the customer on file (the anonymous portal never
    # attaches a complaint to an existing customer: docs/security.md#intake-sources).
    first = make_complaint(text="第一次投诉", by="agent")
    second = make_complaint(text="又来投诉", by="agent")
    other = make_complaint(text="别人的投诉", phone="13700000009", by="agent")
    page = desk("agent").get(f"/desk/c/{second.number}/")
    related = page.context["related"]
    same_customer = {c.number for c in (first, other) if c.customer_id == second.customer_id}
    assert first.number in same_customer
    assert {c.number for c in related.by_customer} == same_customer
    assert {c.number for c in related.by_order} == {first.number, other.number}
    assert second.number not in {c.number for c in related.by_customer + related.by_order}


def test_other_complaints_are_scoped(desk, make_complaint):
    make_complaint(department="legal")
    mine = make_complaint(department="tech")
    related = desk("dept").get(f"/desk/c/{mine.number}/").context["related"]
    assert related.by_customer == [] and related.by_order == []
