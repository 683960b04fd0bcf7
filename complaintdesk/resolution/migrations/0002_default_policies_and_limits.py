from django.db import migrations

from complaintdesk.resolution.defaults import load_defaults


def forwards(apps, schema_editor):
    load_defaults(apps.get_model("resolution", "RemedyPolicy"),
                  apps.get_model("resolution", "ApprovalLimit"))


class Migration(migrations.Migration):

    dependencies = [
        ("resolution", "0001_remedies"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
