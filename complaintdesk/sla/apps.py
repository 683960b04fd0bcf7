from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SlaConfig(AppConfig):
    name = "complaintdesk.sla"
    label = "sla"
    verbose_name = _("Clocks and deadlines")

    def ready(self) -> None:
        # Imported here, once the app registry is ready: both modules use the models.
        from complaintdesk.complaints.signals import event_recorded
        from complaintdesk.sla import checks  # noqa: F401 - registers sla.W001
        from complaintdesk.sla.services import clocks_on_event

        event_recorded.connect(clocks_on_event, dispatch_uid="sla.clocks_on_event")

        from django.db.models.signals import post_delete, post_save

        from complaintdesk.sla.models import ClockPolicy
        from complaintdesk.sla.policies import ACTIVE_POLICIES

        for signal in (post_save, post_delete):
            signal.connect(ACTIVE_POLICIES.clear, sender=ClockPolicy, dispatch_uid=f"sla.{signal}")
