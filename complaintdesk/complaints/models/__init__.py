"""Models of the complaint core, one module per concern."""

from complaintdesk.complaints.models.complaint import Complaint, ComplaintNumberSequence
from complaintdesk.complaints.models.history import (
    Attachment,
    ComplaintEvent,
    EventRedaction,
    Message,
)
from complaintdesk.complaints.models.idempotency import IdempotencyRecord
from complaintdesk.complaints.models.oversight import ComplaintView, OverseerOpinion, OverseerScope
from complaintdesk.complaints.models.parties import Customer, OrderRef, Respondent
from complaintdesk.complaints.models.people import ApiKey, Department, Membership
from complaintdesk.complaints.models.sharing import ConsultedDepartment, SavedFilter
from complaintdesk.complaints.models.tracking import TrackingToken

__all__ = [
    "ApiKey",
    "Attachment",
    "Complaint",
    "ComplaintEvent",
    "ComplaintNumberSequence",
    "ComplaintView",
    "ConsultedDepartment",
    "Customer",
    "Department",
    "EventRedaction",
    "IdempotencyRecord",
    "Membership",
    "Message",
    "OrderRef",
    "OverseerOpinion",
    "OverseerScope",
    "Respondent",
    "SavedFilter",
    "TrackingToken",
]
