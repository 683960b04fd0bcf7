"""Models of follow-up: the customer's confirmation, the satisfaction survey, return calls."""

from complaintdesk.followup.models.calls import CallScript, ReturnCall
from complaintdesk.followup.models.confirmation import Confirmation
from complaintdesk.followup.models.survey import Survey, SurveyLink, SurveyQuestions

__all__ = [
    "CallScript",
    "Confirmation",
    "ReturnCall",
    "Survey",
    "SurveyLink",
    "SurveyQuestions",
]
