# Event kinds of consultations between departments. Choices only:
# SQLite does not rebuild the events table for them, so its append-only triggers stay.

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('complaints', '0006_events_append_only'),
    ]

    operations = [
        migrations.AlterField(
            model_name='complaintevent',
            name='kind',
            field=models.CharField(choices=[('created', 'Created'), ('status_changed', 'Status changed'), ('assigned', 'Assigned'), ('message', 'Message'), ('note', 'Internal note'), ('attachment', 'Attachment added'), ('classified', 'Classified'), ('corrected', 'Triage corrected'), ('merged', 'Merged into another complaint'), ('child_merged', 'Another complaint merged in'), ('duplicate_received', 'Same complaint received again'), ('clock_warning', 'Deadline approaching'), ('clock_breached', 'Deadline missed'), ('escalated', 'Escalated'), ('clock_extended', 'Deadline extended'), ('customer_notice_due', 'Customer must be told'), ('tagged', 'Tags changed'), ('batched', 'Added to a batch incident'), ('consultation_asked', 'Department consulted'), ('consultation_answered', 'Consultation answered')], max_length=30, verbose_name='kind'),
        ),
    ]
