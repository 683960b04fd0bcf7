"""The customer's side: the tracking page and the single-use survey link. Every refusal is a
clear 4xx in the page's language and writes nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from complaintdesk.complaints.choices import Status
from complaintdesk.complaints.models import ComplaintEvent
from complaintdesk.complaints.services import tracking_token_issue
from complaintdesk.followup.models import Survey, SurveyLink
from complaintdesk.workflows.followup import followup_pass
from tests.followup.conftest import sh, survey_token

pytestmark = pytest.mark.django_db


@pytest.fixture
def sent(resolved, frozen):
    """A resolved complaint whose survey invitation went out; (complaint, link token)."""
    frozen(sh(2026, 11, 2, 10))
    complaint = resolved(has_remedy=True)
    followup_pass()
    return complaint, survey_token(complaint)


def zh() -> Client:
    return Client(HTTP_ACCEPT_LANGUAGE="zh-hans")


def snapshot(complaint):
    survey = Survey.objects.get(complaint=complaint)
    return (
        survey.score, survey.comment, survey.remedy_fair, survey.state,
        ComplaintEvent.objects.filter(complaint=complaint).count(),
        SurveyLink.objects.filter(survey=survey, used_at__isnull=False).count(),
    )


def test_survey_link_page_asks_both_questions_in_chinese(sent):
    _complaint, token = sent
    page = zh().get(f"/s/{token}/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "您的问题解决了吗？" in html
    assert "您觉得给出的补偿方案公平吗？" in html  # asked because there was a remedy
    assert 'name="score"' in html


def test_answer_through_the_link_spends_it_and_gives_a_fresh_one(sent):
    complaint, token = sent
    client = zh()
    response = client.post(f"/s/{token}/", {"score": "4", "comment": "还行", "remedy_fair": "yes"})
    assert response.status_code == 302
    fresh = response["Location"].split("/s/")[1].split("/")[0]
    assert fresh != token
    survey = Survey.objects.get(complaint=complaint)
    assert (survey.score, survey.comment, survey.remedy_fair) == (4, "还行", True)
    page = client.get(response["Location"])
    assert "感谢您！您的评价已保存" in page.content.decode()
    # The fresh link changes the answer within the window.
    changed = client.post(f"/s/{fresh}/", {"score": "5", "comment": "", "remedy_fair": "yes"})
    assert changed.status_code == 302
    survey.refresh_from_db()
    assert survey.score == 5 and survey.changed_at is not None


def test_reused_link_is_refused_with_410_and_nothing_written(sent):
    complaint, token = sent
    client = zh()
    assert client.post(f"/s/{token}/", {"score": "4"}).status_code == 302
    before = snapshot(complaint)
    again = client.post(f"/s/{token}/", {"score": "1", "comment": "改主意了"})
    assert again.status_code == 410
    assert "这个评价链接已经使用过" in again.content.decode()
    assert snapshot(complaint) == before
    assert client.get(f"/s/{token}/").status_code == 410


def test_expired_link_is_refused_with_410_and_nothing_written(sent, frozen):
    complaint, token = sent
    frozen(sh(2026, 12, 31, 10))
    before = snapshot(complaint)
    response = Client(HTTP_ACCEPT_LANGUAGE="en").post(f"/s/{token}/", {"score": "5"})
    assert response.status_code == 410
    assert "This survey has closed" in response.content.decode()
    assert snapshot(complaint) == before


def test_unknown_link_is_404(db):
    assert zh().get("/s/not-a-real-token-at-all-1234567890/").status_code == 404


@pytest.mark.parametrize("score", ["0", "6", "", "five"])
def test_score_out_of_range_is_a_400_next_to_the_stars_and_nothing_written(sent, score):
    complaint, token = sent
    before = snapshot(complaint)
    response = zh().post(f"/s/{token}/", {"score": score, "comment": "x"})
    assert response.status_code == 400
    assert "请选择 1 到 5 颗星" in response.content.decode()
    assert snapshot(complaint) == before


def test_score_out_of_range_in_english_on_request(sent):
    _complaint, token = sent
    response = Client(HTTP_ACCEPT_LANGUAGE="en").post(f"/s/{token}/", {"score": "6"})
    assert response.status_code == 400
    assert "Choose a score from 1 to 5 stars." in response.content.decode()


def test_confirming_through_the_link_keeps_it_usable_for_the_rating(sent):
    complaint, token = sent
    client = zh()
    assert client.post(f"/s/{token}/confirm/", {"solved": "yes"}).status_code == 302
    complaint.refresh_from_db()
    assert complaint.status == Status.CLOSED
    assert client.post(f"/s/{token}/", {"score": "5"}).status_code == 302


def test_not_solved_without_a_reason_is_refused_and_nothing_written(sent):
    complaint, token = sent
    before = (ComplaintEvent.objects.filter(complaint=complaint).count(), complaint.status)
    response = zh().post(f"/s/{token}/confirm/", {"solved": "no", "reason": "  "})
    assert response.status_code == 400
    assert "请告诉我们还有哪里不对" in response.content.decode()
    complaint.refresh_from_db()
    assert (ComplaintEvent.objects.filter(complaint=complaint).count(), complaint.status) == before


def test_tracking_page_confirms_not_solved_and_the_survey_waits(sent):
    complaint, _token = sent
    token = tracking_token_issue(complaint=complaint, valid_for=dt.timedelta(days=30))
    client = zh()
    page = client.get(f"/t/{token}/").content.decode()
    assert 'id="confirm"' in page and 'id="survey"' in page
    response = client.post(f"/t/{token}/confirm/", {"solved": "no", "reason": "退款没到账"})
    assert response.status_code == 302
    complaint.refresh_from_db()
    assert complaint.status == Status.REOPENED
    page = client.get(f"/t/{token}/").content.decode()
    assert 'id="confirm"' not in page and 'id="survey"' not in page
    # Rating while it is reopened is refused (409) and writes nothing.
    refused = client.post(f"/t/{token}/survey/", {"score": "3"})
    assert refused.status_code == 409
    assert Survey.objects.get(complaint=complaint).score is None


def test_tracking_page_rating_is_saved_and_shown(sent):
    complaint, _token = sent
    token = tracking_token_issue(complaint=complaint, valid_for=dt.timedelta(days=30))
    client = zh()
    response = client.post(f"/t/{token}/survey/", {"score": "5", "comment": "很好"})
    assert response.status_code == 302
    assert Survey.objects.get(complaint=complaint).score == 5
    page = client.get(response["Location"]).content.decode()
    assert 'value="5" id="score-5" checked' in page
