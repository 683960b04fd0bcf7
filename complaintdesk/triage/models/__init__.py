"""Default triage models shipped with the package (artifacts, sidecars, manifest, card), and the
Django models of the triage app (:mod:`complaintdesk.triage.models.routing`)."""

from complaintdesk.triage.models.routing import RoutingRule

__all__ = ["RoutingRule"]
