from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotifyConfig(AppConfig):
    name = "complaintdesk.notify"
    label = "notify"
    verbose_name = _("Notifications and outbound messages")

    def ready(self) -> None:
        # Imported here, once the app registry is ready: these modules use the models.
        from django.db.models.signals import post_delete, post_save

        from complaintdesk.notify.models import ReplyTemplate, WebhookSubscription
        from complaintdesk.notify.templating import ACTIVE_TEMPLATES
        from complaintdesk.notify.webhooks import ACTIVE_SUBSCRIPTIONS

        # Observers that only drop this process's cached configuration after an edit.
        for signal in (post_save, post_delete):
            for model, cache in (
                (ReplyTemplate, ACTIVE_TEMPLATES),
                (WebhookSubscription, ACTIVE_SUBSCRIPTIONS),
            ):
                signal.connect(
                    cache.clear, sender=model, dispatch_uid=f"notify.{signal}.{model.__name__}"
                )
