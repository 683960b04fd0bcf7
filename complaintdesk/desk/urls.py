"""Desk URLs under ``/desk/``: sign-in and password reset (Django's views), queues, the
complaint page and its actions, bulk actions, the team view, the admins' outbox and file
downloads."""

from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from complaintdesk.desk.views import (
    actions,
    bulk,
    clocks,
    complaint,
    exports,
    insights,
    outbox,
    queue,
    team,
)

app_name = "desk"

_auth = [
    path(
        "login/",
        auth_views.LoginView.as_view(template_name="desk/auth/login.html"),
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
    path("bulk/", bulk.bulk, name="bulk"),
    path("insights/", insights.dashboard, name="insights"),
    path("insights/complaints/", insights.complaints, name="insights_complaints"),
    path("insights/alerts/", insights.alerts, name="insights_alerts"),
    path("insights/alerts/<int:alert_id>/", insights.alert, name="insights_alert"),
    path("export/", exports.export, name="export"),
    path("export/<int:job_id>/", exports.export_job, name="export_job"),
    path("export/<int:job_id>/file/", exports.export_download, name="export_download"),
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
]
