"""The ruling rules shipped with the product (``disputes.defaults``)."""

from django.db import migrations

from complaintdesk.disputes.defaults import load_default_ruling_rules


def load_rules(apps, schema_editor):
    load_default_ruling_rules(apps.get_model("disputes", "RulingRule"))


class Migration(migrations.Migration):
    dependencies = [("disputes", "0001_initial")]

    operations = [migrations.RunPython(load_rules, migrations.RunPython.noop)]
