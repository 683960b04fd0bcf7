"""The NinjaAPI instance mounted at ``/api/v1/``."""

from __future__ import annotations

from ninja import NinjaAPI

from complaintdesk.api.auth import BearerKey, Session
from complaintdesk.api.calendar_routes import router as calendar_router
from complaintdesk.api.case_routes import router as case_router
from complaintdesk.api.clock_routes import router as clock_router
from complaintdesk.api.dispute_routes import router as dispute_router
from complaintdesk.api.errors import install_error_handlers
from complaintdesk.api.followup_routes import router as followup_router
from complaintdesk.api.learning_routes import router as learning_router
from complaintdesk.api.oversight_routes import router as oversight_router
from complaintdesk.api.remedy_routes import router as remedies_router
from complaintdesk.api.routes import router as complaints_router
from complaintdesk.api.triage_routes import router as triage_router
from complaintdesk.api.webhook_routes import router as webhooks_router

api = NinjaAPI(
    title="complaintdesk API",
    version="1",
    description=(
        "Complaint intake and handling. Authenticate with `Authorization: Bearer <key>` "
        "(create keys with `complaintdesk apikey create`). Errors are "
        '`{"code", "message", "details"}` in the language of `Accept-Language`.'
    ),
    auth=[BearerKey(), Session()],
    urls_namespace="api-v1",
)
install_error_handlers(api)
api.add_router("", complaints_router)
api.add_router("", calendar_router)
api.add_router("", clock_router)
api.add_router("", dispute_router)
api.add_router("", webhooks_router)
api.add_router("", triage_router)
api.add_router("", followup_router)
api.add_router("", remedies_router)
api.add_router("", oversight_router)
api.add_router("", case_router)
api.add_router("", learning_router)
