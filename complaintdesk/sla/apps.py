from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SlaConfig(AppConfig):
    name = "complaintdesk.sla"
    label = "sla"
    verbose_name = _("Clocks and deadlines")

    def ready(self) -> None:
        # Imported here, once the app registry is ready: these modules use the models.
        from django.db.models.signals import post_delete, post_save

        from complaintdesk.sla import checks  # noqa: F401 - registers sla.W001
        from complaintdesk.sla.calendars import CALENDARS
        from complaintdesk.sla.models import CalendarDay, ClockPolicy, OrgCalendar
        from complaintdesk.sla.policies import ACTIVE_POLICIES

        # Observers that only drop this process's cached configuration after an edit.
        for signal in (post_save, post_delete):
            signal.connect(ACTIVE_POLICIES.clear, sender=ClockPolicy, dispatch_uid=f"sla.{signal}")
            for model in (OrgCalendar, CalendarDay):
                signal.connect(
                    CALENDARS.clear, sender=model, dispatch_uid=f"sla.{signal}.{model.__name__}"
                )
