"""Portal URLs at the site root: the complaint form, the confirmation, the tracking pages."""

from __future__ import annotations

from django.urls import path

from complaintdesk.portal import views

app_name = "portal"

urlpatterns = [
    path("", views.complaint_form, name="form"),
    path("submitted/", views.submitted, name="submitted"),
    path("t/<str:token>/", views.track, name="track"),
    path("t/<str:token>/add/", views.add_information, name="add"),
    path("t/<str:token>/withdraw/", views.withdraw, name="withdraw"),
    path("t/<str:token>/offers/<int:remedy_id>/accept/", views.offer_accept, name="offer_accept"),
    path("t/<str:token>/offers/<int:remedy_id>/decline/", views.offer_decline,
         name="offer_decline"),
]
