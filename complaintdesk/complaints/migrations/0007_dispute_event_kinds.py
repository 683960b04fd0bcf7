"""The events of disputes and the respondent role (choices only; no table is rebuilt, so the
append-only triggers of migration 0006 stay in place)."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('complaints', '0006_events_append_only'),
    ]

    operations = [
        migrations.AlterField(
            model_name='complaintevent',
            name='kind',
            field=models.CharField(choices=[('created', 'Created'), ('status_changed', 'Status changed'), ('assigned', 'Assigned'), ('message', 'Message'), ('note', 'Internal note'), ('attachment', 'Attachment added'), ('classified', 'Classified'), ('corrected', 'Triage corrected'), ('merged', 'Merged into another complaint'), ('child_merged', 'Another complaint merged in'), ('duplicate_received', 'Same complaint received again'), ('clock_warning', 'Deadline approaching'), ('clock_breached', 'Deadline missed'), ('escalated', 'Escalated'), ('clock_extended', 'Deadline extended'), ('customer_notice_due', 'Customer must be told'), ('tagged', 'Tags changed'), ('batched', 'Added to a batch incident'), ('respondent_named', 'Respondent named'), ('dispute_opened', 'Dispute opened'), ('evidence_requested', 'Evidence requested'), ('evidence_submitted', 'Evidence submitted'), ('default_ruling_proposed', 'Default ruling proposed'), ('dispute_ruled', 'Dispute ruled'), ('dispute_appealed', 'Ruling appealed'), ('reviewer_assigned', 'Reviewer assigned'), ('dispute_reviewed', 'Appeal reviewed'), ('dispute_closed', 'Dispute closed'), ('conflict_declared', 'Conflict of interest declared')], max_length=30, verbose_name='kind'),
        ),
        migrations.AlterField(
            model_name='membership',
            name='role',
            field=models.CharField(choices=[('agent', 'Agent'), ('department', 'Department staff'), ('supervisor', 'Supervisor'), ('admin', 'Administrator'), ('auditor', 'External auditor'), ('customer', 'Customer'), ('integration', 'Integration'), ('respondent', 'Respondent')], max_length=20, verbose_name='role'),
        ),
    ]
