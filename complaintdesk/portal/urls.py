"""Portal URLs at the site root: the complaint form, the confirmation, the tracking pages
(with the customer's side of a dispute and the offers made), the survey pages of the
single-use links in follow-up mail, and the respondent's pages."""

from __future__ import annotations

from django.urls import path

from complaintdesk.portal import dispute_views, followup_views, views

app_name = "portal"

urlpatterns = [
    path("", views.complaint_form, name="form"),
    path("submitted/", views.submitted, name="submitted"),
    path("t/<str:token>/", views.track, name="track"),
    path("t/<str:token>/add/", views.add_information, name="add"),
    path("t/<str:token>/withdraw/", views.withdraw, name="withdraw"),
    path("t/<str:token>/confirm/", followup_views.track_confirm, name="track_confirm"),
    path("t/<str:token>/survey/", followup_views.track_survey, name="track_survey"),
    path("s/<str:token>/", followup_views.survey_page, name="survey"),
    path("s/<str:token>/confirm/", followup_views.survey_confirm, name="survey_confirm"),
    path("t/<str:token>/offers/<int:remedy_id>/accept/", views.offer_accept, name="offer_accept"),
    path("t/<str:token>/offers/<int:remedy_id>/decline/", views.offer_decline,
         name="offer_decline"),
    path("t/<str:token>/evidence/", views.evidence, name="evidence"),
    path("t/<str:token>/appeal/", views.appeal, name="appeal"),
    path("t/<str:token>/files/<int:file_id>/", views.evidence_file, name="evidence_file"),
    path("r/<str:token>/", dispute_views.respondent_page, name="respondent"),
    path("r/<str:token>/evidence/", dispute_views.respondent_evidence,
         name="respondent_evidence"),
    path("r/<str:token>/appeal/", dispute_views.respondent_appeal, name="respondent_appeal"),
    path("r/<str:token>/files/<int:file_id>/", dispute_views.respondent_file,
         name="respondent_file"),
]
