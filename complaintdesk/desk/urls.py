"""Desk URLs under ``/desk/``: sign-in and password reset (Django's views), queues, the
complaint page and its actions, bulk actions, the team view, return calls, the admins'
outbox and file downloads."""

from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from complaintdesk.desk.views import (
    actions,
    bulk,
    calls,
    cases,
    clocks,
    complaint,
    consult,
    disputes,
    exports,
    filters,
    insights,
    learning,
    meetings,
    notices,
    outbox,
    oversight,
    queue,
    remedies,
    team,
)
from complaintdesk.security.forms import ThrottledAuthenticationForm

app_name = "desk"

_auth = [
    path(
        "login/",
        auth_views.LoginView.as_view(
            template_name="desk/auth/login.html",
            authentication_form=ThrottledAuthenticationForm,
        ),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "password-reset/",
        auth_views.PasswordResetView.as_view(
            template_name="desk/auth/password_reset_form.html",
            email_template_name="desk/auth/password_reset_email.txt",
            subject_template_name="desk/auth/password_reset_subject.txt",
            success_url=reverse_lazy("desk:password_reset_done"),
        ),
        name="password_reset",
    ),
    path(
        "password-reset/sent/",
        auth_views.PasswordResetDoneView.as_view(template_name="desk/auth/password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "password-reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name="desk/auth/password_reset_confirm.html",
            success_url=reverse_lazy("desk:password_reset_complete"),
        ),
        name="password_reset_confirm",
    ),
    path(
        "password-reset/done/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="desk/auth/password_reset_complete.html"
        ),
        name="password_reset_complete",
    ),
]

urlpatterns = [
    *_auth,
    path("", queue.queue, name="queue"),
    path("team/", team.team, name="team"),
    path("soon/", clocks.breaching_soon, name="breaching"),
    path("calls/", calls.calls_queue, name="calls"),
    path("calls/<int:call_id>/", calls.call_page, name="call"),
    path("calls/<int:call_id>/outcome/", calls.call_record, name="call_record"),
    path("bulk/", bulk.bulk, name="bulk"),
    path("notifications/", notices.notices, name="notices"),
    path("notifications/read/", notices.notices_read_all, name="notices_read"),
    path("notifications/<int:notice_id>/", notices.notice_open, name="notice_open"),
    path("filters/", filters.save, name="filter_save"),
    path("filters/<int:filter_id>/delete/", filters.delete, name="filter_delete"),
    path("insights/", insights.dashboard, name="insights"),
    path("insights/complaints/", insights.complaints, name="insights_complaints"),
    path("insights/alerts/", insights.alerts, name="insights_alerts"),
    path("insights/alerts/<int:alert_id>/", insights.alert, name="insights_alert"),
    path("export/", exports.export, name="export"),
    path("export/<int:job_id>/", exports.export_job, name="export_job"),
    path("export/<int:job_id>/file/", exports.export_download, name="export_download"),
    path("cases/", cases.library, name="cases"),
    path("cases/<int:case_id>/", cases.case_page, name="case"),
    path("cases/<int:case_id>/print/", cases.case_print, name="case_print"),
    path("cases/<int:case_id>/review/", cases.case_review, name="case_review"),
    path("cases/<int:case_id>/training/", cases.case_training, name="case_training"),
    path("opinions/", oversight.opinions_queue, name="opinions"),
    path("views/", oversight.view_log, name="view_log"),
    path("outbox/", outbox.outbox, name="outbox"),
    path("outbox/<int:mail_id>/", outbox.outbox_mail, name="outbox_mail"),
    path("files/<int:attachment_id>/", complaint.attachment_download, name="attachment"),
    path("c/<str:number>/", complaint.complaint_page, name="complaint"),
    path("c/<str:number>/assign/", actions.assign, name="assign"),
    path("c/<str:number>/status/", actions.transition, name="transition"),
    path("c/<str:number>/reply/", actions.reply, name="reply"),
    path("c/<str:number>/note/", actions.note, name="note"),
    path("c/<str:number>/attach/", actions.attach, name="attach"),
    path("c/<str:number>/correct/", actions.correct, name="correct"),
    path("c/<str:number>/tags/", actions.tags, name="tags"),
    path("c/<str:number>/extend/", clocks.extend, name="extend"),
    path("c/<str:number>/calls/", calls.call_schedule, name="call_schedule"),
    path("c/<str:number>/remedies/", remedies.propose, name="remedy_propose"),
    path("c/<str:number>/remedies/<int:remedy_id>/approve/", remedies.approve,
         name="remedy_approve"),
    path("c/<str:number>/remedies/<int:remedy_id>/reject/", remedies.reject,
         name="remedy_reject"),
    path("c/<str:number>/remedies/<int:remedy_id>/withdraw/", remedies.withdraw,
         name="remedy_withdraw"),
    path("c/<str:number>/remedies/<int:remedy_id>/execute/", remedies.execute,
         name="remedy_execute"),
    path("c/<str:number>/remedies/<int:remedy_id>/complete/", remedies.complete,
         name="remedy_complete"),
    path("c/<str:number>/respondent/", disputes.name_respondent, name="respondent"),
    path("c/<str:number>/conflict/", disputes.declare_conflict, name="conflict"),
    path("c/<str:number>/dispute/open/", disputes.open_dispute, name="dispute_open"),
    path("c/<str:number>/dispute/ask/", disputes.ask, name="dispute_ask"),
    path("c/<str:number>/dispute/evidence/", disputes.evidence, name="dispute_evidence"),
    path("c/<str:number>/dispute/rule/", disputes.rule, name="dispute_rule"),
    path("c/<str:number>/dispute/default/", disputes.default_ruling, name="dispute_default"),
    path("c/<str:number>/dispute/reviewer/", disputes.choose_reviewer, name="dispute_reviewer"),
    path("c/<str:number>/dispute/review/", disputes.review, name="dispute_review"),
    path("c/<str:number>/dispute/link/", disputes.new_link, name="dispute_link"),
    path(
        "c/<str:number>/dispute/files/<int:file_id>/",
        disputes.evidence_file,
        name="evidence_file",
    ),
    path("c/<str:number>/case/", cases.case_add, name="case_add"),
    path("c/<str:number>/opinion/", oversight.give, name="opinion_give"),
    path(
        "c/<str:number>/opinion/<int:opinion_id>/answer/", oversight.answer, name="opinion_answer"
    ),
    path("c/<str:number>/root-cause/", learning.root_cause, name="root_cause"),
    path("learning/actions/", learning.actions_list, name="actions"),
    path("learning/actions/new/", learning.action_new, name="action_new"),
    path("learning/actions/<int:action_id>/", learning.action_page, name="action"),
    path("learning/actions/<int:action_id>/edit/", learning.action_edit, name="action_edit"),
    path("learning/actions/<int:action_id>/status/", learning.action_status,
         name="action_status"),
    path("learning/meetings/", meetings.meetings, name="meetings"),
    path("learning/meetings/<int:meeting_id>/", meetings.meeting_page, name="meeting"),
    path("learning/meetings/<int:meeting_id>/print/", meetings.meeting_print,
         name="meeting_print"),
    path("learning/meetings/<int:meeting_id>/pdf/", meetings.meeting_pdf, name="meeting_pdf"),
    path("learning/meetings/<int:meeting_id>/minutes/", meetings.meeting_minutes,
         name="meeting_minutes"),
    path("learning/meetings/<int:meeting_id>/cases/", meetings.meeting_cases,
         name="meeting_cases"),
    path("learning/meetings/<int:meeting_id>/decisions/", meetings.meeting_decision,
         name="meeting_decision"),
    path("learning/meetings/<int:meeting_id>/decisions/<int:decision_id>/action/",
         meetings.decision_action, name="decision_action"),
    path("c/<str:number>/ask/", consult.ask, name="ask"),
    path(
        "c/<str:number>/ask/<int:consultation_id>/answer/", consult.answer, name="answer"
    ),
]
