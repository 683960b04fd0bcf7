"""The supervisors' team view: open load per agent and per department."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from complaintdesk.complaints import queues
from complaintdesk.complaints.actors import Actor
from complaintdesk.desk.access import desk_view


@desk_view
def team(request: HttpRequest, actor: Actor) -> HttpResponse:
    agents, departments = queues.team_load(actor=actor)
    return render(request, "desk/team.html", {"agents": agents, "departments": departments})
