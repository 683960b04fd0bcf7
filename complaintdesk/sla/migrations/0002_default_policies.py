"""The default working calendar and the default clock policies (docs/clocks.md)."""

from django.db import migrations

from complaintdesk.sla.policies import load_default_policies


def load_defaults(apps, schema_editor):
    OrgCalendar = apps.get_model("sla", "OrgCalendar")
    OrgCalendar.objects.get_or_create(
        code="default",
        defaults={"name": "Default (Mon–Fri 09:00–18:00)", "is_default": True},
    )
    load_default_policies(apps.get_model("sla", "ClockPolicy"))


class Migration(migrations.Migration):
    dependencies = [("sla", "0001_clocks_policies_calendars")]

    operations = [migrations.RunPython(load_defaults, migrations.RunPython.noop)]
