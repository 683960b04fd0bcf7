from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TriageConfig(AppConfig):
    name = "complaintdesk.triage"
    label = "triage"
    verbose_name = _("Triage")

    def ready(self) -> None:
        # Imported here, once the app registry is ready: the services use the models.
        from django.db.models.signals import post_delete, post_save

        from complaintdesk.complaints.models import Department
        from complaintdesk.triage.models import RoutingRule
        from complaintdesk.triage.services import ROUTING

        # Observers that only drop this process's cached routing table after an edit.
        for signal in (post_save, post_delete):
            for model in (RoutingRule, Department):
                signal.connect(
                    ROUTING.clear, sender=model, dispatch_uid=f"triage.{signal}.{model.__name__}"
                )
