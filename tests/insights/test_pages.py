"""The dashboard and the pages behind its numbers: who sees what, masking, filters, links,
query counts."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from complaintdesk.insights.models import Alert, AlertKind, SeriesKind

pytestmark = pytest.mark.django_db

RANGE = "day_from=2026-09-01&day_to=2026-11-30"


@pytest.fixture
def data(story):
    a = story.receive("2026-11-02 10:00", item="Python 入门课", department="cs",
                      phone="13912345678")
    story.reply(a, "2026-11-02 11:00")
    b = story.receive("2026-11-02 11:00", item="钢琴陪练", department="tech",
                      phone="13700001111")
    story.refresh()
    return {"a": a, "b": b}


@pytest.mark.parametrize("name", ["supervisor", "admin"])
def test_supervisor_and_admin_see_the_whole_dashboard(desk, data, name):
    page = desk(name).get(f"/desk/insights/?{RANGE}")
    assert page.status_code == 200
    html = page.content.decode()
    assert "数据洞察" in html
    assert "Python 入门课" in html and "钢琴陪练" in html
    assert "desk/vendor/plotly.min.js" in html


def test_department_staff_see_their_department_only(desk, data):
    page = desk("dept").get(f"/desk/insights/?{RANGE}")
    html = page.content.decode()
    assert page.status_code == 200
    assert "钢琴陪练" in html and "Python 入门课" not in html
    listing = desk("dept").get(f"/desk/insights/complaints/?{RANGE}").content.decode()
    assert data["b"].number in listing and data["a"].number not in listing


def test_department_staff_cannot_pick_another_department(desk, data):
    page = desk("dept").get(f"/desk/insights/?{RANGE}&department=cs")
    assert page.status_code == 422


def test_the_auditor_sees_figures_with_personal_data_masked(desk, data):
    auditor = desk("auditor")
    assert auditor.get(f"/desk/insights/?{RANGE}").status_code == 200
    export = auditor.get(f"/desk/export/?{RANGE}&report=complaints&format=csv")
    text = b"".join(export.streaming_content).decode()
    assert data["a"].number in text
    assert "13912345678" not in text and "139****5678" in text


def test_supervisors_export_unmasked(desk, data):
    export = desk("supervisor").get(f"/desk/export/?{RANGE}&report=complaints&format=csv")
    assert "13912345678" in b"".join(export.streaming_content).decode()


@pytest.mark.parametrize("name", ["agent"])
def test_agents_get_404(desk, data, name):
    client = desk(name)
    assert client.get("/desk/insights/").status_code == 404
    assert client.get("/desk/insights/complaints/").status_code == 404
    assert client.get("/desk/insights/alerts/").status_code == 404
    assert client.get("/desk/export/?report=dashboard").status_code == 404


def test_users_without_a_desk_role_are_refused_and_visitors_sign_in(client, desk, data):
    assert desk("customer").get("/desk/insights/").status_code == 403
    assert client.get("/desk/insights/").status_code == 302


def test_department_staff_do_not_see_alerts(desk, data):
    alert = Alert.objects.create(
        kind=AlertKind.SPIKE, series_kind=SeriesKind.ITEM, series_key="x",
        day="2026-11-02", count=5, complaint_ids=[data["a"].pk], created_at="2026-11-02T10:00Z",
    )
    assert desk("dept").get("/desk/insights/alerts/").status_code == 404
    assert desk("dept").get(f"/desk/insights/alerts/{alert.pk}/").status_code == 404
    assert desk("auditor").get(f"/desk/insights/alerts/{alert.pk}/").status_code == 200
    page = desk("auditor").get(f"/desk/insights/alerts/{alert.pk}/").content.decode()
    assert "13912345678" not in page and "139****5678" in page
    assert desk("auditor").post(f"/desk/insights/alerts/{alert.pk}/").status_code == 403
    for outside in ("dept", "agent"):
        assert desk(outside).post(f"/desk/insights/alerts/{alert.pk}/").status_code == 404
    assert alert.__class__.objects.get(pk=alert.pk).incident_id is None


def test_every_number_links_to_its_complaints(desk, data):
    client = desk("supervisor")
    html = client.get(f"/desk/insights/?{RANGE}").content.decode()
    assert "/desk/insights/complaints/?day_from=2026-09-01&amp;day_to=2026-11-30&amp;item=" in html
    listing = client.get(f"/desk/insights/complaints/?{RANGE}&item=钢琴陪练").content.decode()
    assert data["b"].number in listing and data["a"].number not in listing
    replied = client.get(f"/desk/insights/complaints/?{RANGE}&replied=1").content.decode()
    assert data["a"].number in replied and data["b"].number not in replied


def test_a_filter_narrows_every_panel(desk, data):
    tech = desk("supervisor").get(f"/desk/insights/?{RANGE}&department=tech").content.decode()
    assert "钢琴陪练" in tech and "Python 入门课" not in tech


def test_bad_filters_are_a_422(desk, data):
    client = desk("supervisor")
    assert client.get("/desk/insights/?day_from=2026-12-01&day_to=2026-11-01").status_code == 422
    assert client.get("/desk/insights/complaints/?sla=nope:met").status_code == 422
    assert client.get("/desk/insights/complaints/?age=9-9").status_code == 422


def test_english_on_request(desk, data):
    client = desk("supervisor")
    page = client.get(f"/desk/insights/?{RANGE}", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Insights" in page and "By product or course" in page


def test_the_dashboard_runs_a_bounded_number_of_queries(desk, data):
    client = desk("supervisor")
    client.get(f"/desk/insights/?{RANGE}")
    with CaptureQueriesContext(connection) as queries:
        assert client.get(f"/desk/insights/?{RANGE}").status_code == 200
    assert len(queries) <= 30
