"""Give the default clock policies their longest extension (docs/clocks.md, "Extensions").

Until now only the insurer's statutory policy could be extended; every other default had
``max_extension = 0``, so no deadline could be moved. Default policies that still have 0 get
the shipped limit; a limit an admin set is kept. First replies, the 12315 referral and the
e-commerce evidence period keep 0: those deadlines are not the business's to move.
"""

from django.db import migrations

#: Frozen here so that later changes to the defaults do not rewrite this step.
LIMITS = {
    "ecommerce-answer": 24,  # calendar hours
    "delivery-answer": 12,  # calendar hours
    "answer": 5,  # working days
    "education-resolution": 5,  # working days
    "delivery-resolution": 48,  # calendar hours
    "resolution": 10,  # working days
    "evidence": 2,  # working days
}


def set_limits(apps, schema_editor):
    ClockPolicy = apps.get_model("sla", "ClockPolicy")
    for code, limit in LIMITS.items():
        ClockPolicy.objects.filter(code=code, max_extension=0).update(max_extension=limit)


def unset_limits(apps, schema_editor):
    ClockPolicy = apps.get_model("sla", "ClockPolicy")
    for code, limit in LIMITS.items():
        ClockPolicy.objects.filter(code=code, max_extension=limit).update(max_extension=0)


class Migration(migrations.Migration):
    dependencies = [("sla", "0002_default_policies")]

    operations = [migrations.RunPython(set_limits, unset_limits)]
