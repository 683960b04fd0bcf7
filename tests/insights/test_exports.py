"""Exports: Excel and CSV of reports and queue views with the filters applied, the worker's
export job for large ones, the regulator files and the weekly report mail."""

from __future__ import annotations

import datetime as dt
import io
from email import message_from_bytes

import pytest
from openpyxl import load_workbook

from complaintdesk.insights import exports
from complaintdesk.insights.jobs import export_job_run
from complaintdesk.insights.models import ComplaintFact, ExportJob, ExportState
from complaintdesk.notify.models import MailKind, OutboundEmail
from complaintdesk.notify.sending import mail_message
from complaintdesk.workflows.insights_report import weekly_report_send

pytestmark = pytest.mark.django_db

RANGE = "day_from=2026-09-01&day_to=2026-11-30"


@pytest.fixture
def data(story):
    a = story.receive("2026-09-30 17:00", item="Python 入门课", channel="phone")
    story.reply(a, "2026-10-08 09:30")
    story.resolve(a, "2026-10-09 11:00")
    b = story.receive("2026-11-02 10:00", item="钢琴陪练", channel="web")
    story.refresh()
    return {"a": a, "b": b}


def _book(response):
    body = b"".join(response.streaming_content)
    return load_workbook(io.BytesIO(body), read_only=True)


def test_the_dashboard_as_one_workbook_one_sheet_per_panel(desk, data):
    response = desk("supervisor").get(f"/desk/export/?{RANGE}&report=dashboard&format=xlsx")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = _book(response)
    assert "按商品或课程" in book.sheetnames and "处理时长" in book.sheetnames
    items = [list(r) for r in book["按商品或课程"].iter_rows(values_only=True)]
    assert items[0] == ["取值", "投诉", "占比"]
    assert sorted(r[:2] for r in items[1:]) == [["Python 入门课", 1], ["钢琴陪练", 1]]
    handling = [list(r) for r in book["处理时长"].iter_rows(values_only=True)]
    assert handling[2] == ["解决", 1, 12.0, 12.0]


def test_the_complaints_behind_a_figure_with_the_filters_applied(desk, data):
    response = desk("supervisor").get(
        f"/desk/export/?{RANGE}&report=complaints&format=xlsx&item=Python 入门课"
    )
    rows = list(_book(response).active.iter_rows(values_only=True))
    assert len(rows) == 2
    assert rows[1][0] == data["a"].number and rows[1][2] == "电话"
    assert rows[1][1] == dt.datetime(2026, 9, 30, 17, 0)
    assert rows[1][16:18] == (1.5, 12.0)


def test_a_queue_view_as_csv(desk, data):
    response = desk("agent").get("/desk/export/?queue=open&report=queue&format=csv")
    text = b"".join(response.streaming_content).decode()
    assert text.startswith("\ufeff编号,收到时间,渠道")
    assert data["b"].number in text and data["a"].number not in text


def test_a_large_export_runs_on_the_worker_with_progress_and_a_link(desk, data, monkeypatch,
                                                                     personas):
    monkeypatch.setattr("complaintdesk.desk.views.exports.DIRECT_EXPORT_LIMIT", 1)
    client = desk("supervisor")
    response = client.get(f"/desk/export/?{RANGE}&report=complaints&format=xlsx")
    job = ExportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/desk/export/{job.pk}/"
    assert (job.state, job.rows_total, job.requested_by_id) == ("queued", 2,
                                                                personas["supervisor"].user.pk)
    assert "0 / 2" in client.get(f"/desk/export/{job.pk}/").content.decode()
    export_job_run(job.pk)
    job.refresh_from_db()
    assert (job.state, job.rows_done) == (ExportState.DONE, 2)
    page = client.get(f"/desk/export/{job.pk}/").content.decode()
    assert f"/desk/export/{job.pk}/file/" in page
    download = client.get(f"/desk/export/{job.pk}/file/")
    rows = list(_book(download).active.iter_rows(values_only=True))
    assert len(rows) == 3
    assert desk("admin").get(f"/desk/export/{job.pk}/").status_code == 404


def test_csv_streams_in_pieces():
    table = exports.Table("t", ["n"], ([i] for i in range(1200)))
    pieces = list(exports.csv_chunks(table))
    assert len(pieces) == 3
    assert "".join(pieces).count("\n") == 1201


def test_cfpb_fields(desk, data):
    response = desk("supervisor").get(f"/desk/export/?{RANGE}&report=cfpb&format=csv")
    lines = b"".join(response.streaming_content).decode().lstrip("\ufeff").splitlines()
    assert lines[0].startswith("Complaint ID,Date received,Product,Issue,Submitted via")
    closed = next(line for line in lines if line.startswith(data["a"].number))
    fact = ComplaintFact.objects.get(pk=data["a"].pk)
    # answered within 15 days; timely unless the answer or statutory clock was missed
    timely = "No" if "breached" in (fact.sla_answer, fact.sla_statutory) else "Yes"
    assert closed.endswith(f",Closed with explanation,{timely},No")
    open_ = next(line for line in lines if line.startswith(data["b"].number))
    assert ",In progress," in open_


def test_12315_odr_negotiation_record(desk, data):
    response = desk("supervisor").get(f"/desk/export/?{RANGE}&report=odr&format=xlsx")
    rows = list(_book(response).active.iter_rows(values_only=True))
    assert rows[0] == ("投诉编号", "消费者", "受理时间", "处理时间", "处理用时（工作小时）",
                       "协商方式", "协商过程", "协商结果")
    a = next(r for r in rows if r[0] == data["a"].number)
    assert a[2] == dt.datetime(2026, 9, 30, 17, 0) and a[3] == dt.datetime(2026, 10, 9, 11, 0)
    assert (a[4], a[5], a[7]) == (12.0, "电话", "已答复，待消费者确认")
    assert "2026-10-08 09:30 回复消费者：您好，我们正在处理。" in a[6]
    assert "状态：已解决" in a[6]


def test_the_weekly_report_mail_has_html_and_an_excel_attachment(story, personas):
    personas["supervisor"].user.email = "lead@example.com"
    personas["supervisor"].user.save()
    story.receive("2026-11-24 10:00", item="Python 入门课")
    story.receive("2026-11-25 10:00", item="Python 入门课")
    story.receive("2026-11-18 10:00", item="Python 入门课")
    story.refresh("2026-11-30 12:00")
    assert weekly_report_send(today=dt.date(2026, 12, 1)) == 1
    assert weekly_report_send(today=dt.date(2026, 12, 1)) == 0
    mail = OutboundEmail.objects.get(kind=MailKind.REPORT)
    assert mail.subject == "投诉周报（2026-11-23 起）"
    assert "Python 入门课" in mail.html_body and "+1" in mail.html_body
    sent = message_from_bytes(mail_message(mail).message().as_bytes())
    types = [part.get_content_type() for part in sent.walk()]
    assert "text/html" in types
    assert "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" in types
