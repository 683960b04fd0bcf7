from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TriageConfig(AppConfig):
    name = "complaintdesk.triage"
    label = "triage"
    verbose_name = _("Triage")

    def ready(self) -> None:
        # Imported here, once the app registry is ready: the services use the models.
        from complaintdesk.complaints.signals import event_recorded
        from complaintdesk.triage.services import triage_on_event

        event_recorded.connect(triage_on_event, dispatch_uid="triage.triage_on_event")
